//! Records what exchange files say: delivery events (sent sets and received actuals), providers
//! met through the exchange (created if unknown, observed as enrolled), plan records from 第1表,
//! and client data — filling empty fields, never overwriting: differences go to review.
//! Each file is one transaction: a file is imported whole or not at all.

use super::archive;
use super::flows::{self, Meaning, Role};
use super::names::Prefix;
use super::{Document, Record, Rejection, Warning};
use crate::domain::care_level::{CareLevel, CertStatus};
use crate::domain::channel::Channel;
use crate::domain::dates::iso;
use crate::domain::delivery::DeliveryKind;
use crate::domain::ids::{InsuredNumber, InsurerNumber, OfficeNumber};
use crate::domain::plan::{PlanKind, PlanStatus};
use crate::domain::service_types;
use crate::domain::sex::Sex;
use crate::domain::{kana, phone};
use crate::store::clients::{self, CertificationFields, ClientFields};
use crate::store::deliveries::{self, NewEvent};
use crate::store::plans::{self, PlanFields};
use crate::store::providers::{self, ProviderFields};
use crate::store::{Store, Writer, clean, now_utc};
use chrono::{Months, NaiveDate, TimeZone};
use color_eyre::eyre::{Result, eyre};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Check and count everything, then roll back.
    pub dry_run: bool,
    /// Register clients found in UPHOSOKU / UPKIHON that we do not know.
    pub create_clients: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    pub insurer_number: String,
    pub insured_number: String,
    pub file: String,
}

/// What an import did (the JSON contract of `careplan exchange import`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub files_read: usize,
    pub files_imported: usize,
    pub files_duplicate: usize,
    pub files_rejected: Vec<Rejection>,
    pub events_recorded: usize,
    pub clients_created: usize,
    pub providers_created: usize,
    pub plans_recorded: usize,
    pub fields_filled: usize,
    /// Values that differ from ours, left for review.
    pub differences: usize,
    pub unmatched_clients: Vec<Unmatched>,
    /// Files imported although something in them is not as the standard writes it.
    pub warnings: Vec<Warning>,
    /// Folder entries not read (not a regular file, a link looping back).
    pub skipped: Vec<Skipped>,
    pub dry_run: bool,
}

/// What one file added (folded into the summary once its transaction commits).
#[derive(Debug, Default)]
struct Delta {
    events: usize,
    clients_created: usize,
    providers_created: usize,
    plans: usize,
    filled: usize,
    differences: usize,
    unmatched: Vec<(String, String)>,
    warnings: Vec<Warning>,
}

/// A folder entry that was not read, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// One file to import: in a folder, inside a zip archive, or one refused before it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    /// Entry `index` of the archive, named `entry` there (folders inside included).
    ZipEntry {
        archive: PathBuf,
        index: usize,
        entry: String,
    },
    /// Cannot be read (a corrupt archive, an entry with an unsafe name): a rejected file.
    Refused {
        shown: String,
        reason: String,
    },
}

impl Input {
    /// The file's own name (what its format reads and, with its bytes, what identifies it: the
    /// same file read from a folder and from a zip is one file).
    pub fn file_name(&self) -> &str {
        match self {
            Input::File(p) => p.file_name().and_then(|n| n.to_str()).unwrap_or_default(),
            Input::ZipEntry { entry, .. } => archive::base_name(entry),
            Input::Refused { shown, .. } => shown,
        }
    }

    /// How it is named in messages and in the ledger: the file name, or
    /// `archive.zip!/folder/NAME.CSV` for a file inside an archive.
    pub fn shown(&self) -> String {
        match self {
            Input::ZipEntry { archive, entry, .. } => archive::shown(archive, entry),
            other => other.file_name().to_string(),
        }
    }
}

/// The files to import and the entries passed over.
#[derive(Debug, Default)]
pub struct Collected {
    pub files: Vec<Input>,
    pub skipped: Vec<Skipped>,
}

/// The files inside an archive, its other entries skipped and its unsafe ones refused; an
/// archive that cannot be read (or is too large) is one refused file.
fn expand(zip: &Path, out: &mut Collected) {
    let shown = |name: &str| archive::shown(zip, name);
    match archive::list(zip) {
        Err(reason) => out.files.push(Input::Refused {
            shown: zip
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            reason,
        }),
        Ok(entries)
            if !entries
                .iter()
                .any(|e| !matches!(e, archive::Listed::Skipped { .. })) =>
        {
            out.skipped.push(Skipped {
                path: zip.display().to_string(),
                reason: "連携ファイル（.CSV）が入っていない ZIP です。読み飛ばしました".into(),
            });
        }
        Ok(entries) => {
            for e in entries {
                match e {
                    archive::Listed::File { index, name } => out.files.push(Input::ZipEntry {
                        archive: zip.to_path_buf(),
                        index,
                        entry: name,
                    }),
                    archive::Listed::Skipped { name, reason } => out.skipped.push(Skipped {
                        path: shown(&name),
                        reason,
                    }),
                    archive::Listed::Refused { name, reason } => out.files.push(Input::Refused {
                        shown: shown(&name),
                        reason,
                    }),
                }
            }
        }
    }
}

/// Every `.csv` under `paths` (folders recursively) and every `.csv` inside a `.zip` there (one
/// entry = one file), in send-set order: by the file name's timestamp, then the set's own order
/// (補足 first, plan forms before their lines). Names that do not parse come last (they will be
/// rejected with the reason). Only regular files are taken:
/// a FIFO, socket or device is passed over without being opened (opening a FIFO waits for a
/// writer forever). A folder reached through a link is read once, so a link back up the tree
/// does not loop.
pub fn collect(paths: &[PathBuf]) -> Result<Collected> {
    fn take(p: &Path, meta: &std::fs::Metadata, out: &mut Collected) {
        if meta.is_file() && archive::is_zip(p) {
            expand(p, out);
        } else if meta.is_file() {
            out.files.push(Input::File(p.to_path_buf()));
        } else {
            out.skipped.push(Skipped {
                path: p.display().to_string(),
                reason: "通常のファイルではありません（FIFO・ソケット・デバイスなど）。開かずに飛ばしました".into(),
            });
        }
    }
    fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, out: &mut Collected) -> Result<()> {
        let real = std::fs::canonicalize(dir).map_err(|e| {
            eyre!(crate::format_tr!(
                "フォルダ {} を読めません: {e}",
                "cannot read the folder {}: {e}",
                dir.display()
            ))
        })?;
        if !seen.insert(real) {
            out.skipped.push(Skipped {
                path: dir.display().to_string(),
                reason: "既に読んだフォルダです（同じフォルダへのリンクか、循環するリンク）。もう一度は読みません"
                    .into(),
            });
            return Ok(());
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| {
                eyre!(crate::format_tr!(
                    "フォルダ {} を読めません: {e}",
                    "cannot read the folder {}: {e}",
                    dir.display()
                ))
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            // The entry itself first: only a link is followed, to what it names.
            let meta = match std::fs::symlink_metadata(&e).and_then(|m| {
                if m.file_type().is_symlink() {
                    std::fs::metadata(&e)
                } else {
                    Ok(m)
                }
            }) {
                Ok(m) => m,
                Err(err) => {
                    out.skipped.push(Skipped {
                        path: e.display().to_string(),
                        reason: format!("読めません（リンク先がない、または権限がない）: {err}"),
                    });
                    continue;
                }
            };
            if meta.is_dir() {
                walk(&e, seen, out)?;
            } else if e.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv"))
                || archive::is_zip(&e)
            {
                take(&e, &meta, out);
            }
        }
        Ok(())
    }
    let mut out = Collected::default();
    let mut seen = HashSet::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| {
            eyre!(crate::format_tr!(
                "{} を読めません: {e}",
                "cannot read {}: {e}",
                p.display()
            ))
        })?;
        if meta.is_dir() {
            walk(p, &mut seen, &mut out)?;
        } else {
            take(p, &meta, &mut out);
        }
    }
    let key = |i: &Input| {
        let (name, shown) = (i.file_name(), i.shown());
        match super::names::parse(name) {
            Ok(n) => (
                0,
                n.sent_at.and_utc().timestamp(),
                n.prefix as i64,
                name.to_string(),
                shown,
            ),
            Err(_) => (1, 0, 0, name.to_string(), shown),
        }
    };
    out.files.sort_by_cached_key(key);
    out.files.dedup();
    Ok(out)
}

/// How long one write transaction may run before it commits and lets other sessions write.
const CHUNK: std::time::Duration = std::time::Duration::from_millis(250);

enum Outcome {
    Imported(Delta),
    Duplicate,
    Rejected(Rejection),
}

/// Imports files; each file is all or nothing (a savepoint of its own), and files are committed
/// together in short transactions (one disk sync per chunk, not per file). A dry run rolls
/// everything back. `progress(done, total)` after each file.
pub fn import(
    store: &mut Store,
    files: &[Input],
    opts: Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Summary> {
    let ours = crate::store::office::office_number(store.conn())?.ok_or_else(|| {
        eyre!("自事業所の事業所番号が未設定のため、どのファイルを送り・受け取ったか判断できません。careplan office set --number で設定してください")
    })?;
    let mut summary = Summary {
        dry_run: opts.dry_run,
        ..Summary::default()
    };
    let mut next = 0;
    let mut zips = archive::Cache::default();
    while next < files.len() {
        let started = std::time::Instant::now();
        let mut outcomes: Vec<(String, Outcome)> = Vec::new();
        store.write_unless(opts.dry_run, |w| {
            // A dry run stays in one transaction, so that it sees its own earlier files.
            while next < files.len() && (opts.dry_run || started.elapsed() < CHUNK) {
                outcomes.push(one_file(w, &files[next], &mut zips, &ours, opts)?);
                next += 1;
                progress(next, files.len());
            }
            Ok(())
        })?;
        for (name, outcome) in outcomes {
            summary.files_read += 1;
            match outcome {
                Outcome::Duplicate => summary.files_duplicate += 1,
                Outcome::Rejected(r) => summary.files_rejected.push(r),
                Outcome::Imported(d) => {
                    summary.files_imported += 1;
                    summary.events_recorded += d.events;
                    summary.clients_created += d.clients_created;
                    summary.providers_created += d.providers_created;
                    summary.plans_recorded += d.plans;
                    summary.fields_filled += d.filled;
                    summary.differences += d.differences;
                    summary.warnings.extend(d.warnings);
                    for (insurer, insured) in d.unmatched {
                        summary.unmatched_clients.push(Unmatched {
                            insurer_number: insurer,
                            insured_number: insured,
                            file: name.clone(),
                        });
                    }
                }
            }
        }
    }
    Ok(summary)
}

/// Reads, checks and records one file inside the open transaction, under its own savepoint.
fn one_file(
    w: &Writer<'_>,
    input: &Input,
    zips: &mut archive::Cache,
    ours: &str,
    opts: Options,
) -> Result<(String, Outcome)> {
    let (name, shown) = (input.file_name(), input.shown());
    let read = match input {
        Input::File(path) => std::fs::read(path).map_err(|e| format!("読めません: {e}")),
        Input::ZipEntry {
            archive,
            index,
            entry,
        } => zips.read(archive, *index, entry),
        Input::Refused { reason, .. } => Err(reason.clone()),
    };
    let bytes = match read {
        Ok(b) => b,
        Err(reason) => {
            let r = Rejection {
                file: shown.clone(),
                line: None,
                field: None,
                reason,
            };
            return Ok((shown, Outcome::Rejected(r)));
        }
    };
    // The name is part of the identity: it says who sent what to whom, and when (two
    // deletes of different kinds can hold the same bytes). The file's own name, not where it
    // was found: the same file in a folder and in a downloaded zip is imported once.
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update([0u8]);
    hasher.update(&bytes);
    let hash = format!("{:x}", hasher.finalize());
    let seen: Option<i64> =
        w.tx.prepare_cached("SELECT id FROM exchange_files WHERE content_hash = ?1")?
            .query_row([&hash], |r| r.get(0))
            .optional()?;
    if seen.is_some() {
        return Ok((shown, Outcome::Duplicate));
    }
    let doc = match super::read_as(name, &shown, &bytes) {
        Ok(d) => d,
        Err(r) => return Ok((shown, Outcome::Rejected(r))),
    };
    w.tx.execute_batch("SAVEPOINT exchange_file")?;
    match ingest(w, &doc, &hash, ours, opts) {
        Ok(delta) => {
            w.tx.execute_batch("RELEASE exchange_file")?;
            Ok((shown, Outcome::Imported(delta)))
        }
        Err(e) => {
            w.tx.execute_batch("ROLLBACK TO exchange_file; RELEASE exchange_file")?;
            match e.downcast::<Rejection>() {
                Ok(r) => Ok((shown, Outcome::Rejected(r))),
                Err(e) => Err(e),
            }
        }
    }
}

fn date8(s: &str) -> Option<NaiveDate> {
    (s.len() == 8 && s != "00000000")
        .then(|| NaiveDate::parse_from_str(s, "%Y%m%d").ok())
        .flatten()
}

fn month6(s: &str) -> Option<NaiveDate> {
    (s.len() == 6 && s != "000000")
        .then(|| NaiveDate::parse_from_str(&format!("{s}01"), "%Y%m%d").ok())
        .flatten()
}

/// 計画書区分 codes of 第1表.
fn plan_kind(code: &str) -> PlanKind {
    let (initial, referral, continuing) = match code {
        "11" => (true, false, false),
        "12" => (false, true, false),
        "51" => (true, true, false),
        "52" => (true, false, true),
        "53" => (false, true, true),
        "54" => (true, true, true),
        _ => (false, false, true),
    };
    PlanKind {
        initial,
        referral,
        continuing,
    }
}

/// What one record means for the ledger: kind, what it withdraws, month, plan date.
type EventKey = (
    DeliveryKind,
    Option<DeliveryKind>,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

/// What a file records in the ledger, per record.
fn event_of(doc: &Document, r: &Record, meaning: Meaning) -> Option<EventKey> {
    use DeliveryKind::*;
    let name_month = doc.name.month.as_deref().and_then(month6);
    match (meaning, doc.name.prefix) {
        (Meaning::OnToCentre, _) => {
            return Some((
                CentreForward,
                None,
                Some(name_month.or_else(|| month6(r.get(5)))?),
                None,
            ));
        }
        (Meaning::FromCentre, Prefix::UpKihon | Prefix::UpYobo) => {
            return Some((CentrePlan, None, None, Some(date8(r.get(4))?)));
        }
        (Meaning::FromCentre, Prefix::DltKihon | Prefix::DltYobo) => {
            return Some((Withdrawal, Some(CentrePlan), None, Some(date8(r.get(4))?)));
        }
        (Meaning::FromCentre, _) => return None,
        _ => {}
    }
    Some(match doc.name.prefix {
        Prefix::Up1Kyo => (Plan, None, None, Some(date8(r.get(14))?)),
        Prefix::Up2Kyo | Prefix::Up3Kyo => (Plan, None, None, Some(date8(r.get(5))?)),
        Prefix::UpKihon | Prefix::UpYobo => (Plan, None, None, Some(date8(r.get(4))?)),
        Prefix::UpKihonSub1 | Prefix::UpKihonSub2 | Prefix::UpKihonImage | Prefix::UpYoboSub => {
            return None;
        }
        Prefix::UpHosoku => match name_month {
            Some(m) => (Schedule, None, Some(m), None),
            None => (Plan, None, None, Some(date8(r.get(4))?)),
        },
        Prefix::UpPlan | Prefix::UpSikyu => (
            Schedule,
            None,
            Some(name_month.or_else(|| month6(r.get(5)))?),
            None,
        ),
        Prefix::Dlt1Kyo | Prefix::DltKihon | Prefix::DltYobo => {
            (Withdrawal, Some(Plan), None, Some(date8(r.get(4))?))
        }
        Prefix::DltPlan => (Withdrawal, Some(Schedule), Some(month6(r.get(4))?), None),
        Prefix::UpJsk => (
            Actuals,
            None,
            Some(name_month.or_else(|| month6(r.get(5)))?),
            None,
        ),
        Prefix::DltJsk => (Withdrawal, Some(Actuals), Some(month6(r.get(4))?), None),
    })
}

fn ingest(w: &Writer<'_>, doc: &Document, hash: &str, ours: &str, opts: Options) -> Result<Delta> {
    let n = &doc.name;
    let reject = |line: Option<u64>, reason: String| Rejection {
        file: n.text.clone(),
        line,
        field: None,
        reason,
    };
    let sent = n.sender == ours;
    if !sent && n.receiver != ours {
        return Err(reject(
            None,
            format!(
                "この事業所（{ours}）が送った・受け取ったファイルではありません（送信元 {}、送信先 {}）",
                n.sender, n.receiver
            ),
        )
        .into());
    }
    let mut delta = Delta {
        warnings: doc.warnings.clone(),
        ..Delta::default()
    };
    let (other, our_slot, other_slot) = if sent {
        (
            n.receiver.as_str(),
            n.sender_type.as_deref(),
            n.receiver_type.as_deref(),
        )
    } else {
        (
            n.sender.as_str(),
            n.receiver_type.as_deref(),
            n.sender_type.as_deref(),
        )
    };
    // Some software writes the two service types in the other order (the standard's own UPJSK
    // example does): the office's own slot then holds the other end's type.
    let mut other_type = other_slot.map(str::to_string);
    if let (Some("43"), Some(ours_t)) = (other_slot, our_slot)
        && ours_t != "43"
    {
        other_type = Some(ours_t.to_string());
        delta.warnings.push(Warning {
            file: n.text.clone(),
            line: None,
            reason: format!(
                "ファイル名のサービス種類の順が逆です（送信元 {}、送信先 {}）。居宅介護支援（43）でない {ours_t} を相手の種類として読みました",
                n.sender_type.as_deref().unwrap_or(""),
                n.receiver_type.as_deref().unwrap_or("")
            ),
        });
    }
    let other_role = match &other_type {
        Some(t) => Role::of_service_type(t),
        // ver.3 names carry no types: what we know of the office, else its number.
        None => {
            let known = providers::service_types_of(&w.tx, other)?;
            if known.iter().any(|t| t == "46" || t == "AF") {
                Role::SupportCentre
            } else {
                Role::of_office_number(other)
            }
        }
    };
    let (sender_role, receiver_role) = if sent {
        (Role::CareOffice, other_role)
    } else {
        (other_role, Role::CareOffice)
    };
    let meaning = flows::meaning(n.prefix, sender_role, receiver_role).map_err(|why| {
        reject(
            None,
            format!("{why}（送信元 {} → 送信先 {}）", n.sender, n.receiver),
        )
    })?;
    // The provider's type: the service codes inside win over the file name.
    let other_type = match other_role {
        Role::Provider => doc.provider_service_type.clone().or(other_type),
        _ => other_type,
    };
    let other_type = other_type.as_deref();
    w.tx.execute(
        "INSERT INTO exchange_files (file_name, content_hash, prefix, sender, receiver, sent_at,
             records, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            n.text,
            hash,
            n.prefix.name(),
            n.sender,
            n.receiver,
            n.sent_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            doc.records.len() as i64,
            now_utc(),
            w.actor_label()
        ],
    )?;
    let file_id = w.tx.last_insert_rowid();
    let provider = provider_for(w, doc, other, other_type, &mut delta)?;
    w.tx.execute(
        "INSERT INTO provider_enrollment (provider_id, status, source, observed_on, note, recorded_at)
         VALUES (?1, 'enrolled', 'exchange_file', ?2, ?3, ?4)",
        params![provider, iso(n.sent_at.date()), n.text, now_utc()],
    )?;

    let mut pending: Vec<NewEvent> = Vec::new();
    for (insurer, insured, records) in by_client(doc) {
        // Every group holds the record that opened it.
        let Some(&first) = records.first() else {
            continue;
        };
        let client = match clients::find_by_numbers(&w.tx, insurer, insured)? {
            Some(id) => {
                client_data(w, doc, first, id, file_id, &mut delta)?;
                Some(id)
            }
            None if opts.create_clients
                && matches!(n.prefix, Prefix::UpHosoku | Prefix::UpKihon) =>
            {
                let id = create_client(w, doc, first)?;
                delta.clients_created += 1;
                Some(id)
            }
            None => {
                review(
                    w,
                    file_id,
                    "unmatched_client",
                    None,
                    insurer,
                    insured,
                    "",
                    "",
                    &client_summary(doc, first),
                )?;
                delta
                    .unmatched
                    .push((insurer.to_string(), insured.to_string()));
                None
            }
        };
        let Some(client) = client else { continue };
        let mut done: HashSet<(DeliveryKind, Option<NaiveDate>, Option<NaiveDate>)> =
            HashSet::new();
        for &r in &records {
            let Some((kind, withdraws, month, plan_date)) = event_of(doc, r, meaning) else {
                continue;
            };
            if done.contains(&(kind, month, plan_date)) {
                continue;
            }
            if let (DeliveryKind::Actuals, Some(m)) = (kind, month)
                && let Err(e) = crate::domain::delivery::actuals_allowed(m, n.sent_at.date())
            {
                return Err(reject(Some(r.line), e.to_string()).into());
            }
            done.insert((kind, month, plan_date));
            let ev = NewEvent {
                kind,
                withdraws,
                client_id: client,
                provider_id: provider,
                service_type: other_type.map(str::to_string).unwrap_or_default(),
                month,
                plan_date,
                channel: Channel::Exchange,
                at: n.sent_at,
                note: String::new(),
                source_file: Some(n.text.clone()),
            };
            if !already_recorded(w, &ev)? {
                pending.push(ev);
            }
            if n.prefix == Prefix::Up1Kyo {
                delta.plans += plan_from_1kyo(w, client, r)?;
            }
            if n.prefix == Prefix::Up2Kyo {
                plan_lines_from_2kyo(w, &records, client, r)?;
            }
        }
    }
    // The file's events in one call: one audit row for the file, listing them all.
    if !pending.is_empty() {
        deliveries::record(w, &pending)?;
        delta.events += pending.len();
    }
    Ok(delta)
}

/// The file's records grouped by client (保険者番号, 被保険者番号), clients in order of first
/// appearance and each one's records in file order: one pass, so a file of n records costs n
/// steps, not n per client.
fn by_client(doc: &Document) -> Vec<(&str, &str, Vec<&Record>)> {
    let mut groups: Vec<(&str, &str, Vec<&Record>)> = Vec::new();
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    for r in &doc.records {
        let key = (r.get(2), r.get(3));
        let i = *index.entry(key).or_insert_with(|| {
            groups.push((key.0, key.1, Vec::new()));
            groups.len() - 1
        });
        groups[i].2.push(r);
    }
    groups
}

/// The same set's other file (e.g. UPSIKYU after UPPLAN) records the same delivery once.
fn already_recorded(w: &Writer<'_>, ev: &NewEvent) -> Result<bool> {
    let at = chrono::Local
        .from_local_datetime(&ev.at)
        .earliest()
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        })
        .unwrap_or_default();
    let n: i64 = w.tx.query_row(
        "SELECT count(*) FROM delivery_events
         WHERE client_id = ?1 AND provider_id = ?2 AND kind = ?3 AND at = ?4
           AND coalesce(withdraws, '') = ?5 AND coalesce(month, '') = ?6
           AND coalesce(plan_date, '') = ?7 AND channel = 'exchange'",
        params![
            ev.client_id,
            ev.provider_id,
            ev.kind.code(),
            at,
            ev.withdraws.map(DeliveryKind::code).unwrap_or(""),
            ev.month.map(iso).unwrap_or_default(),
            ev.plan_date.map(iso).unwrap_or_default()
        ],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// The provider at the other end: found by number, or created from what the file says.
fn provider_for(
    w: &Writer<'_>,
    doc: &Document,
    number: &str,
    service_type: Option<&str>,
    delta: &mut Delta,
) -> Result<i64> {
    if let Some(id) = providers::find_by_number(&w.tx, number)? {
        return Ok(id);
    }
    // The name and service type as the records give them, where they name this provider.
    let (mut name, mut stype) = (String::new(), service_type.unwrap_or("").to_string());
    for r in &doc.records {
        let (code, n, t) = match doc.name.prefix {
            Prefix::UpPlan | Prefix::UpJsk => {
                (r.get(20), r.get(21), r.get(15).get(..2).unwrap_or(""))
            }
            Prefix::Up2Kyo => (r.get(17), r.get(18), ""),
            Prefix::UpSikyu => (r.get(7), r.get(6), r.get(9).get(..2).unwrap_or("")),
            _ => ("", "", ""),
        };
        if code == number {
            if name.is_empty() && !n.trim().is_empty() {
                name = n.trim().to_string();
            }
            if stype.is_empty() {
                stype = t.to_string();
            }
        }
    }
    if name.is_empty() {
        name = format!("事業所 {number}（連携ファイルから）");
    }
    let office_number = OfficeNumber::unchecked(number);
    let fields = ProviderFields {
        check_digit_accepted: !office_number.check_digit_ok(),
        office_number,
        name,
        kana: String::new(),
        service_types: service_types::find(&stype)
            .map(|_| vec![stype.clone()])
            .unwrap_or_default(),
        address: String::new(),
        phone: String::new(),
        fax: String::new(),
        email: String::new(),
        contact_person: String::new(),
        preferred_channel: Channel::Exchange,
        notes: format!("連携ファイル {} から登録", doc.name.text),
        corporation_name: String::new(),
        corporation_number: String::new(),
    };
    delta.providers_created += 1;
    providers::insert(w, &fields)
}

/// Client data a file carries: (field, value) as text, for review and filling.
fn file_client(doc: &Document, r: &Record) -> Vec<(&'static str, String)> {
    let sex = |s: &str| match s {
        "1" => "男".to_string(),
        "2" => "女".to_string(),
        _ => String::new(),
    };
    let date = |s: &str| date8(s).map(iso).unwrap_or_default();
    match doc.name.prefix {
        Prefix::UpHosoku => vec![
            ("氏名", clean(r.get(6))),
            ("フリガナ", kana::normalise(r.get(5))),
            ("性別", sex(r.get(7))),
            ("生年月日", date(r.get(8))),
            ("住所", clean(&format!("{}{}", r.get(10), r.get(11)))),
            ("電話番号", phone_or_as_is(r.get(12))),
            (
                "要介護度",
                CareLevel::from_code(r.get(18))
                    .map(|l| l.label_ja().to_string())
                    .unwrap_or_default(),
            ),
        ],
        // №14 is the フリガナ and №15 the name (kana first, as in UPHOSOKU).
        Prefix::UpKihon => vec![
            ("氏名", clean(r.get(15))),
            ("フリガナ", kana::normalise(r.get(14))),
            ("性別", sex(r.get(16))),
            ("生年月日", date(r.get(17))),
        ],
        _ => vec![],
    }
}

/// A phone number from a file as stored (`03-1234-5678`); kept as written when it is not one, as
/// the file is the other system's record and is not refused for it.
fn phone_or_as_is(s: &str) -> String {
    phone::normalise(s).unwrap_or_else(|_| clean(s))
}

/// What the file says about a client we do not know, as "項目: 値" pairs.
fn client_summary(doc: &Document, r: &Record) -> String {
    crate::store::exchange::summary_text(&file_client(doc, r))
}

#[allow(clippy::too_many_arguments)]
fn review(
    w: &Writer<'_>,
    file_id: i64,
    kind: &str,
    client: Option<i64>,
    insurer: &str,
    insured: &str,
    field: &str,
    ours: &str,
    theirs: &str,
) -> Result<()> {
    // The same open question is asked once, however many files repeat it.
    let open: i64 = w.tx.query_row(
        "SELECT count(*) FROM exchange_reviews WHERE status = 'open' AND kind = ?1
           AND insurer_number = ?2 AND insured_number = ?3 AND field = ?4 AND theirs = ?5",
        params![kind, insurer, insured, field, theirs],
        |r| r.get(0),
    )?;
    if open == 0 {
        w.tx.execute(
            "INSERT INTO exchange_reviews (file_id, kind, client_id, insurer_number,
                 insured_number, field, ours, theirs, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                file_id,
                kind,
                client,
                insurer,
                insured,
                field,
                ours,
                theirs,
                now_utc()
            ],
        )?;
    }
    Ok(())
}

/// Fills our empty fields from the file; a value that differs from ours goes to review.
fn client_data(
    w: &Writer<'_>,
    doc: &Document,
    r: &Record,
    id: i64,
    file_id: i64,
    delta: &mut Delta,
) -> Result<()> {
    let theirs = file_client(doc, r);
    if theirs.is_empty() {
        return Ok(());
    }
    let Some(c) = clients::get(&w.tx, id)? else {
        return Ok(());
    };
    let f = &c.fields;
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut updated = f.clone();
    let mut changed = false;
    let current_level = c
        .certifications
        .iter()
        .rev()
        .find(|x| {
            x.fields
                .valid_to
                .is_none_or(|t| t >= doc.name.sent_at.date())
        })
        .and_then(|x| x.fields.care_level)
        .map(|l| l.label_ja().to_string())
        .unwrap_or_default();
    for (field, value) in theirs {
        if value.is_empty() {
            continue;
        }
        let ours = match field {
            "氏名" => f.name.clone(),
            "フリガナ" => kana::normalise(&f.kana),
            "性別" => f
                .sex
                .map(|s| s.label(crate::domain::Lang::Ja).to_string())
                .unwrap_or_default(),
            "生年月日" => f.birth_date.map(iso).unwrap_or_default(),
            "住所" => f.address.clone(),
            "電話番号" => f.phone.clone(),
            "要介護度" => current_level.clone(),
            _ => continue,
        };
        if ours.is_empty() {
            match field {
                "フリガナ" => updated.kana = value.clone(),
                "性別" => updated.sex = Sex::parse(&value).ok().flatten(),
                "生年月日" => updated.birth_date = crate::domain::dates::from_iso(&value),
                "住所" => updated.address = value.clone(),
                "電話番号" => updated.phone = value.clone(),
                "要介護度" => {
                    if add_certification_from(w, id, r)? {
                        delta.filled += 1;
                    } else {
                        // Not added (it would overlap a certified period): left for review.
                        review(
                            w,
                            file_id,
                            "difference",
                            Some(id),
                            r.get(2),
                            r.get(3),
                            field,
                            &ours,
                            &value,
                        )?;
                        delta.differences += 1;
                    }
                    continue;
                }
                _ => continue,
            }
            changed = true;
            delta.filled += 1;
        } else if squeeze(&ours) != squeeze(&value) {
            review(
                w,
                file_id,
                "difference",
                Some(id),
                r.get(2),
                r.get(3),
                field,
                &ours,
                &value,
            )?;
            delta.differences += 1;
        }
    }
    if changed {
        clients::update(w, id, c.version, &updated)?;
    }
    Ok(())
}

/// A certification from UPHOSOKU (level, status, certification date, validity). False when
/// the overlap rule refuses it (the client's records say otherwise: a person decides).
fn add_certification_from(w: &Writer<'_>, client: i64, r: &Record) -> Result<bool> {
    let level = CareLevel::from_code(r.get(18));
    let status = if r.get(16) == "1" {
        CertStatus::Pending
    } else {
        CertStatus::Certified
    };
    let Some(from) = date8(r.get(14)) else {
        return Ok(true);
    };
    let to = date8(r.get(15));
    if status == CertStatus::Certified && (level.is_none() || to.is_none()) {
        return Ok(true);
    }
    match clients::add_certification(
        w,
        client,
        &CertificationFields {
            care_level: level,
            certified_on: date8(r.get(13)),
            valid_from: from,
            valid_to: to,
            status,
            change_of_level: false,
        },
    ) {
        Ok(_) => Ok(true),
        Err(e) if e.is::<crate::store::Refused>() => Ok(false),
        Err(e) => Err(e),
    }
}

/// Registers a client from UPHOSOKU / UPKIHON (with --create-clients). The contract date is
/// not in the files: the file's date stands in for it, to be corrected by the care manager.
fn create_client(w: &Writer<'_>, doc: &Document, r: &Record) -> Result<i64> {
    let data = file_client(doc, r);
    let get = |k: &str| {
        data.iter()
            .find(|(f, _)| *f == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let name = get("氏名");
    if name.is_empty() {
        return Err(Rejection {
            file: doc.name.text.clone(),
            line: Some(r.line),
            field: Some("利用者氏名".into()),
            reason: "利用者を登録するには氏名が必要です".into(),
        }
        .into());
    }
    let fields = ClientFields {
        name,
        kana: get("フリガナ"),
        birth_date: crate::domain::dates::from_iso(&get("生年月日")),
        sex: Sex::parse(&get("性別")).ok().flatten(),
        insurer_number: InsurerNumber::unchecked(r.get(2)),
        insured_number: InsuredNumber::unchecked(r.get(3)),
        address: get("住所"),
        phone: get("電話番号"),
        contract_date: doc.name.sent_at.date(),
    };
    let id = clients::insert(w, &fields, None, None)?;
    if doc.name.prefix == Prefix::UpHosoku {
        add_certification_from(w, id, r)?;
    }
    Ok(id)
}

/// 第1表 creates the plan revision of its plan date, or updates its kind, first-plan date and
/// care level (status and consent stay as the care manager recorded them). Returns 1 if created.
fn plan_from_1kyo(w: &Writer<'_>, client: i64, r: &Record) -> Result<usize> {
    let Some(plan_date) = date8(r.get(14)) else {
        return Ok(0);
    };
    let kind = plan_kind(r.get(16));
    let first = date8(r.get(15));
    let level = CareLevel::from_code(r.get(21));
    let existing: Option<i64> =
        w.tx.query_row(
            "SELECT id FROM care_plans WHERE client_id = ?1 AND plan_date = ?2",
            params![client, iso(plan_date)],
            |x| x.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        w.tx.execute(
            "UPDATE care_plans SET kind = ?2, first_plan_date = coalesce(?3, first_plan_date),
                 care_level = coalesce(?4, care_level), version = version + 1 WHERE id = ?1",
            params![id, kind.code(), first.map(iso), level.map(|l| l.code())],
        )?;
        return Ok(0);
    }
    let period_to = date8(r.get(20))
        .filter(|t| *t >= plan_date)
        .unwrap_or(plan_date + Months::new(6));
    plans::insert(
        w,
        client,
        &PlanFields {
            plan_date,
            first_plan_date: first,
            kind,
            period_from: plan_date,
            period_to,
            care_level: level,
            consent_date: None,
            handed_date: None,
            status: PlanStatus::AwaitingConsent,
        },
        &[],
    )?;
    Ok(1)
}

/// 第2表's service lines fill a plan revision that has none yet (known providers only);
/// `records`: the client's records in the file.
fn plan_lines_from_2kyo(
    w: &Writer<'_>,
    records: &[&Record],
    client: i64,
    r: &Record,
) -> Result<()> {
    let Some(plan_date) = date8(r.get(5)) else {
        return Ok(());
    };
    let plan: Option<(i64, i64)> =
        w.tx.query_row(
            "SELECT p.id, (SELECT count(*) FROM plan_service_lines l WHERE l.plan_id = p.id)
             FROM care_plans p WHERE p.client_id = ?1 AND p.plan_date = ?2",
            params![client, iso(plan_date)],
            |x| Ok((x.get(0)?, x.get(1)?)),
        )
        .optional()?;
    let Some((plan_id, 0)) = plan else {
        return Ok(());
    };
    for line in records.iter().filter(|x| x.get(5) == r.get(5)) {
        let Some(pid) = providers::find_by_number(&w.tx, line.get(17))? else {
            continue;
        };
        let stype = providers::service_types_of(&w.tx, line.get(17))?
            .into_iter()
            .next()
            .unwrap_or_default();
        w.tx.execute(
            "INSERT INTO plan_service_lines (plan_id, provider_id, service_type, what, frequency)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                plan_id,
                pid,
                stype,
                clean(line.get(14)),
                clean(line.get(19))
            ],
        )?;
    }
    Ok(())
}

//! `careplan migrate kokuho DIR`: the claim history from the 国保連 伝送 files an office keeps
//! (給付管理票 8222, 居宅介護支援費明細書 8124, 請求書 7111). Every file in the folder (and its
//! subfolders) is read and checked before anything is written; one malformed record refuses
//! the whole run. Files are told by their records, never by their names, and each record's
//! service month is its own: a late claim filed months later lands in its service month.
//!
//! Per insured person and month the latest record wins: by processing month, then 作成年月日
//! (a 修正 replaces, a 取消 cancels the month). Providers not yet known are registered from
//! their numbers; clients are never created from numbers alone (a review item names them).

pub mod records;

use super::{ReviewItem, Skipped, Summary};
use crate::domain::claims::{ContractDateSource, better_contract_date};
use crate::domain::dates::{from_iso, iso};
use crate::domain::ids::OfficeNumber;
use crate::exchange::Rejection;
use crate::store::claims::{self, Benefit, CodeLine, Fee, MonthKey, ProviderLine, Sourced};
use crate::store::providers::{self, ProviderFields};
use crate::store::{Store, Writer};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use records::{BenefitRow, Creation, FeeRow, Read};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The source name of this migration's review items.
pub const SOURCE: &str = "kokuho";

/// Where a month's latest records were read (for review items): file and line.
#[derive(Debug, Clone, Default)]
struct Seen {
    file: String,
    line: u64,
}

/// The latest 8222 and 8124 of one person and month across every file.
#[derive(Debug, Default)]
struct MonthRecords {
    benefit: Option<Sourced<Benefit>>,
    fee: Option<Sourced<Fee>>,
    first_seen: Seen,
}

/// Everything read from the folder, before anything is written.
#[derive(Debug, Default)]
struct Reading {
    months: BTreeMap<MonthKey, MonthRecords>,
    /// Office number → service types met and where first met.
    providers: BTreeMap<String, (BTreeSet<String>, Seen)>,
    skipped: Vec<Skipped>,
}

impl Reading {
    fn seen(&mut self, key: &MonthKey, file: &str, line: u64) -> &mut MonthRecords {
        self.months
            .entry(key.clone())
            .or_insert_with(|| MonthRecords {
                first_seen: Seen {
                    file: file.to_string(),
                    line,
                },
                ..MonthRecords::default()
            })
    }
}

/// The files under `dir`, subfolders included, in name order (links are not followed).
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d)
            .wrap_err_with(|| format!("フォルダを読めません: {}", d.display()))?;
        for e in entries {
            let e = e.wrap_err_with(|| format!("フォルダを読めません: {}", d.display()))?;
            let kind = e.file_type()?;
            if kind.is_dir() {
                stack.push(e.path());
            } else if kind.is_file() {
                out.push(e.path());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The order of a record among records of the same month and kind: later processing month,
/// then later creation date, then 新規 < 修正 < 取消, then file and line (a tie only).
fn order(processing: &str, created: &str, creation: Creation, file: &str, line: u64) -> String {
    let rank = match creation {
        Creation::New => 1,
        Creation::Correction => 2,
        Creation::Cancellation => 3,
    };
    format!("{processing}|{created:0>8}|{rank}|{file}|{line:010}")
}

fn keep_latest<T>(slot: &mut Option<Sourced<T>>, new: Sourced<T>) {
    if slot.as_ref().is_none_or(|s| new.order > s.order) {
        *slot = Some(new);
    }
}

fn month_key(insurer: &str, insured: &str, month: NaiveDate) -> MonthKey {
    (
        insurer.to_string(),
        insured.to_string(),
        month.format("%Y-%m").to_string(),
    )
}

/// Folds one file's 8222 rows: one 給付管理票 per person, month, 作成区分 and 作成年月日.
fn fold_benefit(reading: &mut Reading, file: &str, processing: &str, rows: &[BenefitRow]) {
    let mut groups: BTreeMap<(MonthKey, Creation, String), Vec<&BenefitRow>> = BTreeMap::new();
    for r in rows {
        groups
            .entry((
                month_key(&r.insurer, &r.insured, r.month),
                r.creation,
                r.created.clone(),
            ))
            .or_default()
            .push(r);
    }
    for ((key, creation, created), rows) in groups {
        let first = rows[0].line;
        let cancelled = creation == Creation::Cancellation;
        let lines: Vec<ProviderLine> = if cancelled {
            Vec::new()
        } else {
            rows.iter()
                .filter_map(|r| r.provider.as_ref())
                .map(|p| ProviderLine {
                    office_number: p.office_number.clone(),
                    service_type: p.service_type.clone(),
                    units: p.units,
                })
                .collect()
        };
        for (r, l) in rows.iter().filter(|r| r.provider.is_some()).zip(&lines) {
            let (types, _) = reading
                .providers
                .entry(l.office_number.clone())
                .or_insert_with(|| {
                    (
                        BTreeSet::new(),
                        Seen {
                            file: file.to_string(),
                            line: r.line,
                        },
                    )
                });
            types.insert(l.service_type.clone());
        }
        let value = Benefit {
            cancelled,
            care_level: rows
                .iter()
                .find_map(|r| r.care_level)
                .map(|l| l.code().to_string()),
            cm_number: rows.iter().find_map(|r| r.cm_number.clone()),
            lines,
        };
        let o = order(processing, &created, creation, file, first);
        keep_latest(
            &mut reading.seen(&key, file, first).benefit,
            Sourced { order: o, value },
        );
    }
}

/// Folds one file's 8124 rows: one 明細書 per person and month.
fn fold_fee(reading: &mut Reading, file: &str, processing: &str, rows: &[FeeRow]) {
    let mut groups: BTreeMap<MonthKey, Vec<&FeeRow>> = BTreeMap::new();
    for r in rows {
        groups
            .entry(month_key(&r.insurer, &r.insured, r.month))
            .or_default()
            .push(r);
    }
    for (key, rows) in groups {
        let first = rows[0].line;
        let value = Fee {
            care_level: rows
                .iter()
                .find_map(|r| r.care_level)
                .map(|l| l.code().to_string()),
            cm_number: rows.iter().find_map(|r| r.cm_number.clone()),
            notified_on: rows.iter().find_map(|r| r.notified_on),
            cert_from: rows.iter().find_map(|r| r.cert_from),
            cert_to: rows.iter().find_map(|r| r.cert_to),
            codes: rows
                .iter()
                .map(|r| CodeLine {
                    code: r.code.clone(),
                    units: r.units,
                    count: r.count,
                })
                .collect(),
        };
        let o = order(processing, "", Creation::New, file, first);
        keep_latest(
            &mut reading.seen(&key, file, first).fee,
            Sourced { order: o, value },
        );
    }
}

/// Reads and checks every file under `dir`; `progress(done, all)` after each file.
fn read_all(dir: &Path, progress: &mut dyn FnMut(usize, usize)) -> Result<Reading> {
    let files = files_under(dir)?;
    let mut reading = Reading::default();
    for (i, path) in files.iter().enumerate() {
        let shown = path.strip_prefix(dir).unwrap_or(path).display().to_string();
        let bytes =
            std::fs::read(path).wrap_err_with(|| format!("ファイルを読めません: {shown}"))?;
        match records::read(&shown, &bytes)? {
            Read::Other(reason) => reading.skipped.push(Skipped {
                file: shown,
                line: 0,
                reason,
            }),
            Read::File(f) => {
                for (id, line, n) in &f.other_records {
                    reading.skipped.push(Skipped {
                        file: shown.clone(),
                        line: *line,
                        reason: format!(
                            "交換情報識別番号 {id} のレコード {n} 件は読みません（8222・8124・7111 を読みます）"
                        ),
                    });
                }
                fold_benefit(&mut reading, &shown, &f.processing_month, &f.benefit);
                fold_fee(&mut reading, &shown, &f.processing_month, &f.fee);
            }
        }
        progress(i + 1, files.len());
    }
    Ok(reading)
}

/// Reads every 伝送 file under `dir` and records the claim history, all or nothing; with
/// `dry_run` everything is checked and counted, and nothing is kept. A malformed file refuses
/// the run with an `exchange::Rejection` (file, line, field, the fix).
pub fn run(
    store: &mut Store,
    dir: &Path,
    dry_run: bool,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Summary> {
    if !dir.is_dir() {
        return Err(Rejection {
            file: dir.display().to_string(),
            line: None,
            field: None,
            reason: "フォルダではありません。伝送ファイル（KY・KK など）を置いたフォルダを指定してください"
                .into(),
        }
        .into());
    }
    let reading = read_all(dir, progress)?;
    let mut summary = Summary {
        skipped: reading.skipped.clone(),
        dry_run,
        ..Summary::default()
    };
    store.write_unless(dry_run, |w| apply(w, &reading, today, &mut summary))?;
    Ok(summary)
}

/// The placeholder name of a provider registered from a 伝送 file.
fn placeholder_name(number: &str) -> String {
    format!("（伝送ファイルより）{number}")
}

fn apply(w: &Writer<'_>, reading: &Reading, today: NaiveDate, s: &mut Summary) -> Result<()> {
    let review = |s: &mut Summary, seen: &Seen, kind: &str, detail: String, who: (&str, &str)| {
        s.review.push(ReviewItem {
            file: seen.file.clone(),
            line: seen.line,
            kind: kind.into(),
            detail,
            insurer_number: who.0.into(),
            insured_number: who.1.into(),
        });
    };
    // Providers: every office number met, registered when not known.
    let mut provider_ids: HashMap<String, i64> = HashMap::new();
    {
        let mut st =
            w.tx.prepare_cached("SELECT office_number, id FROM providers")?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (n, id) = r?;
            provider_ids.insert(n, id);
        }
    }
    for (number, (types, seen)) in &reading.providers {
        if provider_ids.contains_key(number) {
            continue;
        }
        let office_number = OfficeNumber::unchecked(number);
        let fields = ProviderFields {
            // The number is the 国保連's own: a check digit off the usual rule is still it.
            check_digit_accepted: !office_number.check_digit_ok(),
            office_number,
            name: placeholder_name(number),
            kana: String::new(),
            service_types: types.iter().cloned().collect(),
            address: String::new(),
            phone: String::new(),
            fax: String::new(),
            email: String::new(),
            contact_person: String::new(),
            preferred_channel: Default::default(),
            notes: String::new(),
            corporation_name: String::new(),
            corporation_number: String::new(),
        };
        let id = providers::insert(w, &fields)?;
        provider_ids.insert(number.clone(), id);
        s.providers_created += 1;
        let kinds: Vec<String> = types
            .iter()
            .map(|t| match crate::domain::service_types::find(t) {
                Some(st) => format!("{t} {}", st.name),
                None => t.clone(),
            })
            .collect();
        review(
            s,
            seen,
            "provider_unnamed",
            format!(
                "事業所番号 {number}（{}）を伝送ファイルから登録しました。名前と法人を事業所の画面で入れてください",
                kinds.join("・")
            ),
            ("", ""),
        );
    }

    // Clients by their numbers: (id, 契約日, its source).
    let mut clients: HashMap<(String, String), (i64, NaiveDate, ContractDateSource)> =
        HashMap::new();
    {
        let mut st = w.tx.prepare_cached(
            "SELECT insurer_number, insured_number, id, contract_date, contract_date_source
             FROM clients",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (Some(date), Some(source)) = (
                from_iso(r.get_ref(3)?.as_str()?),
                ContractDateSource::from_code(r.get_ref(4)?.as_str()?),
            ) else {
                continue;
            };
            clients.insert((r.get(0)?, r.get(1)?), (r.get(2)?, date, source));
        }
    }

    let mut stored = claims::stored(&w.tx)?;
    // Unknown people: their months and where first met.
    let mut unknown: BTreeMap<(String, String), (Vec<String>, Seen)> = BTreeMap::new();
    // Registered people met, and where first met.
    let mut known: BTreeMap<(String, String), Seen> = BTreeMap::new();
    for (key, m) in &reading.months {
        if claims::apply(
            w,
            &mut stored,
            key,
            m.benefit.as_ref(),
            m.fee.as_ref(),
            &provider_ids,
        )? {
            s.claim_months += 1;
        }
        let who = (key.0.clone(), key.1.clone());
        if clients.contains_key(&who) {
            known.entry(who).or_insert_with(|| m.first_seen.clone());
        } else {
            let (months, _) = unknown
                .entry(who)
                .or_insert_with(|| (Vec::new(), m.first_seen.clone()));
            months.push(key.2.clone());
        }
    }
    for ((insurer, insured), (months, seen)) in &unknown {
        review(
            s,
            seen,
            "unknown_client",
            format!(
                "保険者番号 {insurer}・被保険者番号 {insured} の請求（サービス月 {}）: この番号の利用者が登録されていません。利用者を登録すると請求履歴が結び付きます",
                months.join("・")
            ),
            (insurer, insured),
        );
    }

    // 契約日: the 届出日 or the first claimed month where the client's is a weaker estimate.
    for (who, seen) in &known {
        let Some(&(id, current, source)) = clients.get(who) else {
            continue;
        };
        let (notified, first) = claims::contract_proxies(&w.tx, &who.0, &who.1)?;
        if let Some((day, proxy)) = better_contract_date(current, source, notified, first) {
            crate::store::clients::set_contract_estimate(w, id, day, proxy.code())?;
            s.clients_updated += 1;
            review(
                s,
                seen,
                "contract_date_estimated",
                format!(
                    "保険者番号 {}・被保険者番号 {} の契約日を {}（{}）と推定しました（前は {}）。契約書で確かめてください",
                    who.0,
                    who.1,
                    iso(day),
                    proxy.label_ja(),
                    iso(current)
                ),
                (&who.0, &who.1),
            );
        }
    }

    crate::store::office::set_records_since_if_unset(w, today)?;
    s.records_since = crate::store::office::records_since(&w.tx)?.map(iso);
    crate::store::migration_reviews::record(w, SOURCE, &s.review)?;
    w.audit(
        "migration",
        None,
        SOURCE,
        None,
        Some(&serde_json::json!({
            "claim_months": s.claim_months,
            "providers_created": s.providers_created,
            "clients_updated": s.clients_updated,
        })),
    )?;
    Ok(())
}

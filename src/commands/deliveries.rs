//! `careplan deliveries`, `careplan plans` and `careplan report inspection`.

use super::shared::{client_id, refused_or};
use super::today;
use crate::cli::{
    BatchArgs, ClientRef, DeliveriesArgs, DeliveriesCommand, Format, PlanAddArgs, PlanEditArgs,
    PlanStatusArgs, PlansArgs, PlansCommand, RecordArgs,
};
use crate::domain::Lang;
use crate::domain::care_level::CareLevel;
use crate::domain::channel::Channel;
use crate::domain::dates::month_start;
use crate::domain::dates::{iso, parse_date, parse_month, parse_optional_date};
use crate::domain::delivery::DeliveryKind;
use crate::domain::plan::{PlanKind, PlanStatus, shown_status};
use crate::present::output::{Listing, print};
use crate::present::output::{lang, tr};
use crate::store::deliveries::{self, EventRow, NewEvent};
use crate::store::{Refused, Store, clients, plans, providers};
use chrono::{Local, Months, NaiveDate, NaiveDateTime, TimeZone};
use color_eyre::eyre::{Result, eyre};
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

fn month_arg(m: Option<&str>, default: NaiveDate) -> Result<NaiveDate> {
    match m {
        Some(s) => parse_month(s).map_err(|e| eyre!("--month: {e}")),
        None => Ok(month_start(default)),
    }
}

pub(super) fn provider_id(store: &Store, number: &str) -> Result<i64> {
    providers::find_by_number(store.conn(), number.trim())?.ok_or_else(|| {
        eyre!("事業所番号 {number} の事業所は登録されていません。番号を確かめるか、先に事業所を登録してください")
    })
}

/// `2026-11-28 10:15`, `2026-11-28T10:15[:00]`, or a date alone (noon is not assumed: 00:00).
pub fn parse_local_datetime(s: &str) -> Result<NaiveDateTime> {
    let t = s.trim().replace('T', " ");
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(&t, f) {
            return Ok(dt);
        }
    }
    parse_date(&t)
        .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default())
        .map_err(|_| {
            eyre!("--at: 日時は 2026-11-28 10:15 のように入力してください（日付だけでも可）")
        })
}

/// ISO 8601 with the local offset, as the JSON contract promises.
fn local_iso(at: NaiveDateTime) -> String {
    Local
        .from_local_datetime(&at)
        .earliest()
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
        .unwrap_or_else(|| at.format("%Y-%m-%dT%H:%M:%S").to_string())
}

fn event_json(e: &EventRow) -> serde_json::Value {
    json!({
        "kind": e.kind.code(),
        "withdraws": e.withdraws.map(DeliveryKind::code),
        "month": e.month.map(|m| m.format("%Y-%m").to_string()),
        "plan_date": e.plan_date.map(iso),
        "client": {
            "insurer_number": e.insurer_number,
            "insured_number": e.insured_number,
            "name": e.client_name,
        },
        "provider": {
            "office_number": e.office_number,
            "service_type": e.service_type,
            "name": e.provider_name,
        },
        "channel": e.channel.code(),
        "at": local_iso(e.at),
        "recorded_by": e.recorded_by,
        "note": e.note,
        "source_file": e.source_file,
    })
}

fn kind_text(e: &EventRow) -> String {
    match e.withdraws {
        Some(w) => format!("取消（{}）", w.label(lang())),
        None => e.kind.label(lang()).to_string(),
    }
}

pub fn run(store: &mut Store, args: &DeliveriesArgs) -> Result<ExitCode> {
    match &args.command {
        Some(DeliveriesCommand::Record(r)) => record(store, r),
        Some(DeliveriesCommand::Batch(b)) => batch(store, b),
        Some(DeliveriesCommand::Adjust(a)) => {
            let client = client_id(store, &a.client)?;
            let provider = provider_id(store, &a.provider)?;
            let month = parse_month(&a.month).map_err(|e| eyre!("--month: {e}"))?;
            let service_type = match &a.service_type {
                Some(t) => t.clone(),
                None => providers::get(store.conn(), provider)?
                    .and_then(|p| p.fields.service_types.first().cloned())
                    .unwrap_or_default(),
            };
            store.write(|w| {
                deliveries::set_month_provider(w, client, provider, month, &service_type, a.include)
            })?;
            crate::say_tr!(
                "{} は事業所 {} を{}にしました",
                "{}: provider {} is {} for the month",
                month.format("%Y-%m"),
                a.provider,
                if a.include {
                    tr("対象", "included")
                } else {
                    tr("対象外", "excluded")
                }
            )?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let month = month_arg(args.month.as_deref(), today())?;
            let events = deliveries::month_events(store.conn(), month)?;
            let json: Vec<_> = events.iter().map(event_json).collect();
            let rows = events
                .iter()
                .map(|e| {
                    vec![
                        e.at.format("%Y-%m-%d %H:%M").to_string(),
                        kind_text(e),
                        e.month
                            .map(|m| m.format("%Y-%m").to_string())
                            .or(e.plan_date.map(iso))
                            .unwrap_or_default(),
                        e.client_name.clone(),
                        e.insured_number.clone(),
                        e.provider_name.clone(),
                        e.channel.label(lang()).to_string(),
                        e.source_file.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            print(
                args.format,
                &Listing {
                    headers: &[
                        tr("日時", "at"),
                        tr("種類", "kind"),
                        tr("対象", "for"),
                        tr("利用者", "client"),
                        tr("被保険者番号", "insured"),
                        tr("事業所", "provider"),
                        tr("方法", "via"),
                        tr("ファイル", "file"),
                    ],
                    rows,
                    numeric: &[],
                    json: &json,
                },
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn record(store: &mut Store, r: &RecordArgs) -> Result<ExitCode> {
    let kind = DeliveryKind::parse(&r.kind).map_err(|e| eyre!("--kind: {e}"))?;
    let withdraws = match (&r.withdraws, kind) {
        (Some(w), DeliveryKind::Withdrawal) => {
            Some(DeliveryKind::parse(w).map_err(|e| eyre!("--withdraws: {e}"))?)
        }
        (None, DeliveryKind::Withdrawal) => {
            return Err(eyre!(
                "--kind withdrawal には --withdraws plan|schedule|actuals（取り消す書類）が必要です"
            ));
        }
        (Some(_), _) => return Err(eyre!("--withdraws は --kind withdrawal の時だけ使えます")),
        (None, _) => None,
    };
    let client = client_id(store, &r.client)?;
    let provider = provider_id(store, &r.provider)?;
    let month = r
        .month
        .as_deref()
        .map(|m| parse_month(m).map_err(|e| eyre!("--month: {e}")))
        .transpose()?;
    let plan_date = r
        .plan_date
        .as_deref()
        .map(|d| parse_date(d).map_err(|e| eyre!("--plan-date: {e}")))
        .transpose()?;
    let p =
        providers::get(store.conn(), provider)?.ok_or_else(|| eyre!("事業所が見つかりません"))?;
    let channel = match &r.channel {
        Some(c) => Channel::parse(c).map_err(|e| eyre!("--channel: {e}"))?,
        None => p.fields.preferred_channel,
    };
    let service_type = r
        .service_type
        .clone()
        .or_else(|| p.fields.service_types.first().cloned())
        .unwrap_or_default();
    let at = match &r.at {
        Some(s) => parse_local_datetime(s)?,
        None => Local::now().naive_local(),
    };
    let ev = NewEvent {
        kind,
        withdraws,
        client_id: client,
        provider_id: provider,
        service_type,
        month,
        plan_date,
        channel,
        at,
        note: r.note.clone(),
        source_file: None,
    };
    // No actuals for a month not yet begun, today as well as at the time given (--at).
    if let (DeliveryKind::Actuals, Some(m)) = (kind, month)
        && let Err(e) = crate::domain::delivery::actuals_allowed(m, today())
    {
        crate::present::output::complain(&format!("{e}"));
        return Ok(ExitCode::FAILURE);
    }
    if let Err(e) = store.write(|w| deliveries::record(w, std::slice::from_ref(&ev))) {
        return refused_or(e);
    }
    crate::say_tr!(
        "記録しました: {} {} {}",
        "recorded: {} {} {}",
        kind.label(lang()),
        channel.label(lang()),
        at.format("%Y-%m-%d %H:%M")
    )?;
    Ok(ExitCode::SUCCESS)
}

/// One provider of the paper batch with what its rows and cover sheet need from its record.
struct PaperProvider<'a> {
    batch: &'a deliveries::BatchProvider,
    fax: String,
    address: String,
}

fn batch(store: &mut Store, b: &BatchArgs) -> Result<ExitCode> {
    let month = month_arg(b.month.as_deref(), month_start(today()) + Months::new(1))?;
    let board = deliveries::board(store.conn(), month)?;
    let batch = deliveries::paper_batch(&board);
    let mut paper = Vec::new();
    for p in &batch {
        let record = providers::get(store.conn(), p.provider_id)?;
        let (fax, address) = record
            .map(|r| (r.fields.fax, r.fields.address))
            .unwrap_or_default();
        paper.push(PaperProvider {
            batch: p,
            fax,
            address,
        });
    }
    if let Some(dir) = &b.cover_sheets {
        let office = crate::store::office::get(store.conn())?;
        let sheets: Vec<(String, String)> = paper
            .iter()
            .map(|p| {
                (
                    cover_sheet_name(month, p.batch),
                    crate::present::paper_batch::cover_sheet(
                        &crate::present::paper_batch::Sender {
                            name: &office.name,
                            office_number: office.office_number.as_deref().unwrap_or(""),
                        },
                        p.batch,
                        &p.fax,
                        &board,
                        month,
                        today(),
                    ),
                )
            })
            .collect();
        write_cover_sheets(dir, &sheets, b.force)?;
        crate::say!(
            "{} に {} 分の送付状を {} 件書き出しました。個人情報を含むので取り扱いに注意してください。",
            dir.display(),
            month.format("%Y-%m"),
            sheets.len()
        )?;
    }
    if b.mark_sent {
        let cells: Vec<_> = batch.iter().flat_map(|p| p.cells.iter().copied()).collect();
        let events =
            deliveries::mark_sent_events(&board, &cells, month, None, Local::now().naive_local());
        let n = store.write(|w| deliveries::record(w, &events))?.len();
        crate::present::output::complain(&format!(
            "{} 分の提供票 {n} 件を送付済みとして記録しました（事業所 {} 件）",
            month.format("%Y-%m"),
            batch.iter().filter(|p| p.unsent > 0).count()
        ));
    }
    if b.mark_sent || b.cover_sheets.is_some() {
        return Ok(ExitCode::SUCCESS);
    }
    let sent_text = |cell: &deliveries::BoardCell| {
        cell.marks.sent.map(|s| {
            format!(
                "{} {}",
                s.channel.label(lang()),
                s.at.format("%Y-%m-%d %H:%M")
            )
        })
    };
    let mut rows = Vec::new();
    let mut json = Vec::new();
    for p in &paper {
        let mut clients_json = Vec::new();
        for &(ri, ci) in &p.batch.cells {
            let (row, cell) = (&board[ri], &board[ri].cells[ci]);
            let mut r = vec![
                p.batch.office_number.clone(),
                p.batch.name.clone(),
                p.batch.channel.label(lang()).to_string(),
                row.name.clone(),
                row.insured_number.clone(),
            ];
            if b.format == Format::Csv {
                // For a spreadsheet or a mail merge: the month and where the paper goes on
                // every row; whether it went already and when, in columns of their own.
                r.splice(0..0, [month.format("%Y-%m").to_string()]);
                r.splice(3..3, [p.fax.clone(), p.address.clone()]);
                r.extend([
                    DeliveryKind::Schedule.label(lang()).to_string(),
                    if cell.marks.sent.is_some() {
                        tr("済", "sent")
                    } else {
                        tr("未", "not sent")
                    }
                    .to_string(),
                    sent_text(cell).unwrap_or_default(),
                ]);
            } else {
                r.extend([
                    cell.service_type.to_string(),
                    sent_text(cell).unwrap_or_else(|| tr("未送付", "not sent").into()),
                ]);
            }
            rows.push(r);
            clients_json.push(json!({
                "insurer_number": row.insurer_number,
                "insured_number": row.insured_number,
                "name": row.name,
                "service_type": cell.service_type,
                "sent": cell.marks.sent.map(|s| local_iso(s.at)),
            }));
        }
        json.push(json!({
            "month": month.format("%Y-%m").to_string(),
            "office_number": p.batch.office_number,
            "name": p.batch.name,
            "fax": p.fax,
            "address": p.address,
            "channel": p.batch.channel.code(),
            "unsent": p.batch.unsent,
            "clients": clients_json,
        }));
    }
    let headers: &[&str] = if b.format == Format::Csv {
        &[
            tr("対象月", "month"),
            tr("事業所番号", "office no."),
            tr("事業所", "provider"),
            "FAX",
            tr("住所", "address"),
            tr("方法", "via"),
            tr("利用者", "client"),
            tr("被保険者番号", "insured"),
            tr("送付物", "item"),
            tr("送付済み", "sent"),
            tr("送付日時", "sent at"),
        ]
    } else {
        &[
            tr("事業所番号", "office no."),
            tr("事業所", "provider"),
            tr("方法", "via"),
            tr("利用者", "client"),
            tr("被保険者番号", "insured"),
            tr("サービス", "services"),
            tr("送付", "sent"),
        ]
    };
    print(
        b.format,
        &Listing {
            headers,
            rows,
            numeric: &[],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `送付状_2027-01_1370000001.txt`: the month and the provider's office number (anything but
/// letters and digits left out, so the name is a plain file name on every system).
fn cover_sheet_name(month: NaiveDate, p: &deliveries::BatchProvider) -> String {
    let number: String = p
        .office_number
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let number = if number.is_empty() {
        format!("id{}", p.provider_id)
    } else {
        number
    };
    format!("送付状_{}_{number}.txt", month.format("%Y-%m"))
}

/// Writes the sheets into `dir` (made owner-only if new); every existing file is refused before
/// any is written, unless `force`.
fn write_cover_sheets(dir: &Path, sheets: &[(String, String)], force: bool) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| eyre!("フォルダを作成できません: {}: {e}", dir.display()))?;
    }
    for (file, _) in sheets {
        crate::store::refuse_existing(&dir.join(file), force)?;
    }
    for (file, text) in sheets {
        crate::store::write_private(&dir.join(file), text.as_bytes(), force)?;
    }
    Ok(())
}

fn parse_line(store: &Store, s: &str) -> Result<plans::ServiceLine> {
    let mut parts = s.splitn(4, ':');
    let office = parts.next().unwrap_or_default();
    let service_type = parts.next().unwrap_or_default().trim().to_string();
    if service_type.is_empty() {
        return Err(eyre!(
            "--line {s}: 事業所番号:サービス種類[:内容[:頻度]] の形で入力してください（例 1370000001:11:身体介護:週3回）"
        ));
    }
    let provider_id = provider_id(store, office)?;
    // A known type the provider has not registered is saved, with a warning: the register may
    // lag behind a new service. An unknown code is refused by the store.
    if let Some(t) = crate::domain::service_types::find(&service_type)
        && let Some(p) = providers::get(store.conn(), provider_id)?
        && !p.fields.service_types.contains(&service_type)
    {
        let offered = p
            .fields
            .service_types
            .iter()
            .map(|c| match crate::domain::service_types::find(c) {
                Some(o) => format!("{c} {}", o.name),
                None => c.clone(),
            })
            .collect::<Vec<_>>()
            .join("、");
        let offered = if offered.is_empty() {
            "（登録なし）".to_string()
        } else {
            offered
        };
        crate::present::output::complain(&format!(
            "警告: --line {s}: {}（{}）の登録されている種類は {offered} で、{} {} はありません。このまま保存します",
            p.fields.name,
            p.fields.office_number.as_str(),
            t.code,
            t.name
        ));
    }
    Ok(plans::ServiceLine {
        provider_id,
        service_type,
        what: parts.next().unwrap_or_default().to_string(),
        frequency: parts.next().unwrap_or_default().to_string(),
        office_number: office.trim().to_string(),
        provider_name: String::new(),
    })
}

fn date_opt(s: &Option<String>, flag: &str) -> Result<Option<NaiveDate>> {
    parse_optional_date(s.as_deref().unwrap_or("")).map_err(|e| eyre!("{flag}: {e}"))
}

pub fn run_plans(store: &mut Store, args: &PlansArgs) -> Result<ExitCode> {
    match &args.command {
        Some(PlansCommand::Add(a)) => plan_add(store, a),
        Some(PlansCommand::Status(a)) => plan_status(store, a),
        Some(PlansCommand::Edit(a)) => plan_edit(store, a),
        Some(PlansCommand::Steps(a)) => match &a.command {
            Some(crate::cli::PlanStepsCommand::Confirm(c)) => super::plan_steps::confirm(store, c),
            None => super::plan_steps::steps(store, a),
        },
        None => plan_list(store, args.format),
    }
}

fn plan_add(store: &mut Store, a: &PlanAddArgs) -> Result<ExitCode> {
    let client = client_id(store, &a.client)?;
    let consent_date = date_opt(&a.consent_date, "--consent-date")?;
    let status = match &a.status {
        Some(s) => PlanStatus::parse(s).map_err(|e| eyre!("--status: {e}"))?,
        None if consent_date.is_some() => PlanStatus::Confirmed,
        None => PlanStatus::AwaitingConsent,
    };
    let plan_date = parse_date(&a.plan_date).map_err(|e| eyre!("--plan-date: {e}"))?;
    let care_level = match &a.care_level {
        Some(l) => Some(CareLevel::parse(l).map_err(|e| eyre!("--care-level: {e}"))?),
        None => clients::get(store.conn(), client)?.and_then(|d| {
            d.certifications
                .iter()
                .rev()
                .find(|c| {
                    c.fields.valid_from <= plan_date
                        && c.fields.valid_to.is_none_or(|t| t >= plan_date)
                })
                .and_then(|c| c.fields.care_level)
        }),
    };
    let fields = plans::PlanFields {
        plan_date,
        first_plan_date: date_opt(&a.first_plan_date, "--first-plan-date")?,
        kind: PlanKind::parse(&a.kind).map_err(|e| eyre!("--kind: {e}"))?,
        period_from: parse_date(&a.from).map_err(|e| eyre!("--from: {e}"))?,
        period_to: parse_date(&a.to).map_err(|e| eyre!("--to: {e}"))?,
        care_level,
        consent_date,
        handed_date: date_opt(&a.handed_date, "--handed-date")?,
        status,
    };
    let lines = a
        .lines
        .iter()
        .map(|l| parse_line(store, l))
        .collect::<Result<Vec<_>>>()?;
    match store.write(|w| plans::insert(w, client, &fields, &lines)) {
        Ok(_) => {
            crate::say_tr!(
                "計画（作成日 {}、{}、サービス {} 件）を登録しました",
                "registered the plan of {} ({}, {} services)",
                iso(plan_date),
                status.label(lang()),
                lines.len()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refused_or(e),
    }
}

fn plan_status(store: &mut Store, a: &PlanStatusArgs) -> Result<ExitCode> {
    let client = client_id(store, &a.client)?;
    let plan_date = parse_date(&a.plan_date).map_err(|e| eyre!("--plan-date: {e}"))?;
    let status = PlanStatus::parse(&a.status).map_err(|e| eyre!("--status: {e}"))?;
    let plan = plans::list(store.conn(), Some(client))?
        .into_iter()
        .find(|p| p.fields.plan_date == plan_date)
        .ok_or_else(|| {
            eyre!(crate::format_tr!(
                "この利用者に作成日 {} の計画はありません",
                "this client has no plan of {}; check the plan dates with careplan plans",
                iso(plan_date)
            ))
        })?;
    let consent = date_opt(&a.consent_date, "--consent-date")?.or(plan.fields.consent_date);
    let handed = date_opt(&a.handed_date, "--handed-date")?.or(plan.fields.handed_date);
    match store.write(|w| plans::set_status(w, plan.id, plan.version, status, consent, handed)) {
        Ok(()) => {
            crate::say_tr!(
                "計画（作成日 {}）を「{}」にしました",
                "set the plan of {} to \"{}\"",
                iso(plan_date),
                status.label(lang())
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refused_or(e),
    }
}

/// An optional date being edited: absent (None) keeps it, `none` clears it (Some(None)).
pub(super) fn date_edit(s: &Option<String>, flag: &str) -> Result<Option<Option<NaiveDate>>> {
    match s.as_deref().map(str::trim) {
        None => Ok(None),
        Some("none") => Ok(Some(None)),
        Some(v) => parse_date(v)
            .map(|d| Some(Some(d)))
            .map_err(|e| eyre!("{flag}: {e}")),
    }
}

fn plan_edit(store: &mut Store, a: &PlanEditArgs) -> Result<ExitCode> {
    let all = match (&a.insurer, &a.insured) {
        (Some(insurer), Some(insured)) => plans::list(
            store.conn(),
            Some(client_id(
                store,
                &ClientRef {
                    insurer: insurer.clone(),
                    insured: insured.clone(),
                },
            )?),
        )?,
        _ => plans::list(store.conn(), None)?,
    };
    let plan_date = date_opt(&a.plan_date, "--plan-date")?;
    let id = all
        .iter()
        .find(|p| Some(p.id) == a.id || Some(p.fields.plan_date) == plan_date)
        .map(|p| p.id)
        .ok_or_else(|| match (a.id, plan_date) {
            (Some(id), _) => eyre!("計画 id {id} はありません。careplan plans で確かめてください"),
            (None, d) => eyre!(
                "この利用者に作成日 {} の計画はありません",
                d.map(iso).unwrap_or_default()
            ),
        })?;
    let new_plan_date = date_opt(&a.new_plan_date, "--new-plan-date")?;
    let kind = a
        .kind
        .as_deref()
        .map(|k| PlanKind::parse(k).map_err(|e| eyre!("--kind: {e}")))
        .transpose()?;
    let from = date_opt(&a.from, "--from")?;
    let to = date_opt(&a.to, "--to")?;
    let first_plan_date = date_edit(&a.first_plan_date, "--first-plan-date")?;
    let consent_date = date_edit(&a.consent_date, "--consent-date")?;
    let handed_date = date_edit(&a.handed_date, "--handed-date")?;
    let lines = a
        .lines
        .iter()
        .map(|l| parse_line(store, l))
        .collect::<Result<Vec<_>>>()?;
    // Read, change only what was given, and save in one transaction: a colleague's change to
    // another field is never reverted.
    let result = store.write(|w| {
        let Some(p) = plans::list(&w.tx, None)?.into_iter().find(|p| p.id == id) else {
            return Err(Refused(format!("計画 id {id} はありません")).into());
        };
        let mut f = p.fields.clone();
        f.plan_date = new_plan_date.unwrap_or(f.plan_date);
        f.kind = kind.unwrap_or(f.kind);
        f.period_from = from.unwrap_or(f.period_from);
        f.period_to = to.unwrap_or(f.period_to);
        f.first_plan_date = first_plan_date.unwrap_or(f.first_plan_date);
        f.consent_date = consent_date.unwrap_or(f.consent_date);
        f.handed_date = handed_date.unwrap_or(f.handed_date);
        let lines = if a.lines.is_empty() { &p.lines } else { &lines };
        plans::edit(w, id, p.version, &f, lines, a.reason.as_deref())?;
        Ok(f)
    });
    match result {
        Ok(f) => {
            crate::say_tr!(
                "計画（作成日 {}、{}）を{}しました",
                "{2} the plan of {0} ({1})",
                iso(f.plan_date),
                f.status.label(lang()),
                match (a.reason.is_some(), lang()) {
                    (true, Lang::Ja) => "訂正",
                    (false, Lang::Ja) => "編集",
                    (true, Lang::En) => "corrected",
                    (false, Lang::En) => "edited",
                }
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refused_or(e),
    }
}

fn plan_list(store: &Store, format: Format) -> Result<ExitCode> {
    let names: std::collections::HashMap<i64, (String, String, String)> =
        clients::list(store.conn(), today())?
            .into_iter()
            .map(|c| {
                (
                    c.id,
                    (c.name, c.insurer_number.to_string(), c.insured_number),
                )
            })
            .collect();
    let all = plans::list(store.conn(), None)?;
    let mut rows = Vec::new();
    let mut json = Vec::new();
    let blank = (String::new(), String::new(), String::new());
    let today = today();
    for p in &all {
        let (name, insurer, insured) = names.get(&p.client_id).unwrap_or(&blank);
        let f = &p.fields;
        // 差し替え once a newer confirmed revision has taken over.
        let mine: Vec<&plans::Plan> = all.iter().filter(|q| q.client_id == p.client_id).collect();
        let dates: Vec<_> = mine.iter().map(|q| q.dates()).collect();
        let status = mine
            .iter()
            .position(|q| q.id == p.id)
            .map(|i| shown_status(&dates, i, today))
            .unwrap_or(f.status);
        rows.push(vec![
            p.id.to_string(),
            name.clone(),
            insured.clone(),
            iso(f.plan_date),
            f.kind.label(lang()),
            format!(
                "{}{}{}",
                iso(f.period_from),
                tr("〜", "–"),
                iso(f.period_to)
            ),
            status.label(lang()).to_string(),
            f.consent_date.map(iso).unwrap_or_default(),
            p.lines.len().to_string(),
        ]);
        json.push(json!({
            "id": p.id,
            "client": {"insurer_number": insurer, "insured_number": insured, "name": name},
            "plan_date": iso(f.plan_date),
            "first_plan_date": f.first_plan_date.map(iso),
            "kind": f.kind.code(),
            "period_from": iso(f.period_from),
            "period_to": iso(f.period_to),
            "care_level": f.care_level.map(|l| l.label_ja()),
            "consent_date": f.consent_date.map(iso),
            "handed_date": f.handed_date.map(iso),
            "status": status.code(),
            "lines": p.lines.iter().map(|l| {
                json!({"office_number": l.office_number, "provider": l.provider_name,
                       "service_type": l.service_type, "what": l.what, "frequency": l.frequency})
            }).collect::<Vec<_>>(),
        }));
    }
    print(
        format,
        &Listing {
            headers: &[
                "id",
                tr("利用者", "client"),
                tr("被保険者番号", "insured"),
                tr("作成日", "plan date"),
                tr("区分", "type"),
                tr("期間", "period"),
                tr("状態", "state"),
                tr("同意日", "consented"),
                tr("サービス", "services"),
            ],
            rows,
            numeric: &[0, 8],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The inspection evidence: for every client, month and provider of the board, what went
/// (schedule, plan forms), how and when, and what came back; then the process steps of each plan
/// revision of the period (what the records prove, what they do not); UTF-8 with BOM for
/// spreadsheets.
pub fn inspection_report(
    store: &Store,
    from: &str,
    to: &str,
    out: &Path,
    force: bool,
) -> Result<ExitCode> {
    let from = parse_month(from).map_err(|e| eyre!("--from: {e}"))?;
    let to = parse_month(to).map_err(|e| eyre!("--to: {e}"))?;
    if to < from {
        return Err(eyre!("--to は --from 以降の月にしてください"));
    }
    crate::store::refuse_existing(out, force)?;
    for beside in super::monitoring::inspection_paths(out) {
        crate::store::refuse_existing(&beside, force)?;
    }
    let events = deliveries::range_events(store.conn(), from, to)?;
    let mut buf: Vec<u8> = "\u{feff}".as_bytes().to_vec();
    let mut rows = 0usize;
    let revisions;
    {
        // Two tables in one file: the ledger's rows, then the plan steps' (other columns).
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut buf);
        crate::present::output::write_row(
            &mut w,
            [
                "対象月",
                "利用者",
                "保険者番号",
                "被保険者番号",
                "事業所番号",
                "事業所",
                "サービス種類",
                "提供票 送付方法",
                "提供票 送付日時",
                "実績 受領方法",
                "実績 受領日時",
                "計画書の送付",
                "取消",
                "記録者",
                "記録（古い順・取消されたものも）",
            ],
        )?;
        let mut month = from;
        while month <= to {
            let board = deliveries::board(store.conn(), month)?;
            for row in &board {
                for cell in &row.cells {
                    let mine = |e: &&EventRow| {
                        e.client_id == row.client_id && e.provider_id == cell.provider_id
                    };
                    let plan_sent: Vec<String> = events
                        .iter()
                        .filter(mine)
                        .filter(|e| {
                            e.kind == DeliveryKind::Plan && month_start(e.at.date()) == month
                        })
                        .map(|e| {
                            format!(
                                "{}（作成日 {}）{} {}",
                                "計画書",
                                e.plan_date.map(iso).unwrap_or_default(),
                                e.channel.label(Lang::Ja),
                                e.at.format("%Y-%m-%d %H:%M")
                            )
                        })
                        .collect();
                    let in_month: Vec<&EventRow> = events
                        .iter()
                        .filter(mine)
                        .filter(|e| e.month == Some(month))
                        .collect();
                    let withdrawals = in_month
                        .iter()
                        .filter(|e| e.kind == DeliveryKind::Withdrawal)
                        .count();
                    // Every row, withdrawn or not: the report is evidence, not only the result.
                    let trail: Vec<String> = in_month
                        .iter()
                        .map(|e| {
                            format!(
                                "{} {} {} ({})",
                                kind_text(e),
                                e.channel.label(Lang::Ja),
                                e.at.format("%Y-%m-%d %H:%M"),
                                e.recorded_by
                            )
                        })
                        .collect();
                    let who: Vec<String> = {
                        let mut v: Vec<String> =
                            in_month.iter().map(|e| e.recorded_by.clone()).collect();
                        v.dedup();
                        v
                    };
                    let mark = |m: Option<crate::domain::delivery::Mark>| match m {
                        Some(m) => (
                            m.channel.label(Lang::Ja).to_string(),
                            m.at.format("%Y-%m-%d %H:%M").to_string(),
                        ),
                        None => ("未".to_string(), String::new()),
                    };
                    let (sc, sa) = mark(cell.marks.sent);
                    let (ac, aa) = mark(cell.marks.actuals);
                    crate::present::output::write_row(
                        &mut w,
                        [
                            month.format("%Y-%m").to_string(),
                            row.name.clone(),
                            row.insurer_number.clone(),
                            row.insured_number.clone(),
                            cell.office_number.to_string(),
                            cell.provider_name.to_string(),
                            cell.service_type.to_string(),
                            sc,
                            sa,
                            ac,
                            aa,
                            plan_sent.join(" / "),
                            withdrawals.to_string(),
                            who.join(" / "),
                            trail.join(" / "),
                        ],
                    )?;
                    rows += 1;
                }
            }
            month = month + Months::new(1);
        }
        let steps = crate::store::plan_steps::between(store.conn(), from, to, today())?;
        revisions = super::plan_steps::write_report_section(&mut w, &steps)?;
        w.flush()?;
    }
    let (notes, monitoring, periods) =
        super::monitoring::inspection_files(store, from, to, out, force)?;
    crate::store::write_private(out, &buf, force)?;
    let [notes_path, monitoring_path, concentration_path] =
        super::monitoring::inspection_paths(out);
    crate::say!(
        "{} に {}〜{} の送付・受領の記録 {rows} 行と、計画の手順 {revisions} 版を書き出しました",
        out.display(),
        from.format("%Y-%m"),
        to.format("%Y-%m")
    )?;
    crate::say!(
        "{} に支援経過 {notes} 行（訂正・取り消しを含む）、{} にモニタリングの状況 {monitoring} 行を書き出しました",
        notes_path.display(),
        monitoring_path.display()
    )?;
    crate::say!(
        "{} に特定事業所集中減算の判定 {periods} 期間分を書き出しました",
        concentration_path.display()
    )?;
    crate::say!("{}", super::monitoring::flag_only())?;
    Ok(ExitCode::SUCCESS)
}

//! `careplan monitoring`: each client's monitoring of a month and the 運営基準減算 it could
//! mean; `careplan monitoring record` writes a visit, call or 特段の事情 to the case record.
//! Flags only: careplan never decides a 減算 for billing.

use super::shared::{care_manager, typed_text};
use super::shared::{client_id, refused_or};
use crate::cli::{MonitoringArgs, MonitoringCommand, MonitoringKind, MonitoringRecordArgs};
use crate::domain::Lang;
use crate::domain::dates::{iso, parse_date, parse_month};
use crate::domain::monitoring::Status;
use crate::domain::operating_cut::Cause;
use crate::present::output::{lang, tr};
use crate::store::Store;
use crate::store::case_notes::{self, NewNote};
use crate::store::compliance::{self, ClientMonth, MonthReport};
use chrono::{Datelike, NaiveTime};
use color_eyre::eyre::{Result, eyre};
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What every monitoring list says of itself.
pub fn flag_only() -> &'static str {
    tr(
        "※ 記録から確認できないものを示しています。減算するかどうかは careplan では判断しません（請求の前に記録と事情を確かめてください）",
        "※ This shows what the records do not prove. careplan never decides a fee cut: check the records and the circumstances before billing.",
    )
}

pub fn run(store: &mut Store, args: &MonitoringArgs) -> Result<ExitCode> {
    match &args.command {
        Some(MonitoringCommand::Record(r)) => record(store, r),
        None => {
            let today = super::today();
            let month = match &args.month {
                Some(m) => parse_month(m).map_err(|e| eyre!("--month: {e}"))?,
                None => today.with_day(1).unwrap_or(today),
            };
            let report = compliance::month_in_full(store.conn(), month, today)?;
            show(&report, args.format)
        }
    }
}

/// A contact as a list shows it: 11/05 訪問 (the kind is the case-record category's name, data).
fn contact_text(c: &ClientMonth) -> String {
    c.contacts
        .iter()
        .map(|x| format!("{} {}", x.date.format("%m/%d"), x.kind))
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn status_text(c: &ClientMonth, lang: Lang) -> String {
    let m = &c.monitoring;
    match (m.status, m.video_allowed) {
        (Status::Video, Some(false)) => lang
            .pick("テレビ電話（要件外）", "video (not allowed)")
            .into(),
        (Status::Excused, _) => {
            let why = m.excuse.as_deref().unwrap_or_default();
            match lang {
                Lang::Ja => format!("特段の事情（{why}）"),
                Lang::En => format!("excused ({why})"),
            }
        }
        (s, _) => s.label(lang).into(),
    }
}

pub(super) fn lacks_text(c: &ClientMonth, lang: Lang) -> String {
    lacks(c, lang).join(lang.pick("・", "; "))
}

/// What the records lack, for every cause of a cut: the monitoring's own details (what a video
/// lacks) or, for a month without a visit, that; then each plan step.
fn lacks(c: &ClientMonth, lang: Lang) -> Vec<String> {
    let causes = c.causes();
    let monitoring: Vec<String> = if c.monitoring.lacks.is_empty() {
        causes
            .iter()
            .filter(|x| !matches!(x.cause, Cause::Step(_)))
            .map(|x| x.cause.reason(lang))
            .collect()
    } else {
        c.monitoring.lacks.iter().map(|l| l.message(lang)).collect()
    };
    monitoring
        .into_iter()
        .chain(
            causes
                .iter()
                .filter(|x| matches!(x.cause, Cause::Step(_)))
                .map(|x| x.cause.reason(lang)),
        )
        .collect()
}

/// One client of the month as the JSON contract says.
pub fn client_json(c: &ClientMonth, month: chrono::NaiveDate) -> serde_json::Value {
    let m = &c.monitoring;
    json!({
        "insurer_number": c.insurer_number,
        "insured_number": c.insured_number,
        "name": c.name,
        "month": month.format("%Y-%m").to_string(),
        "care_manager": c.care_manager,
        "support": c.support,
        "status": m.status.code(),
        "video_allowed": m.video_allowed,
        "lacks": lacks(c, Lang::Ja),
        "causes": c.causes().iter().map(|x| json!({
            "cause": x.cause.code(),
            "reason": x.cause.reason(Lang::Ja),
            "action": x.cause.action(Lang::Ja),
            "since": x.since.map(|s| s.format("%Y-%m").to_string()),
        })).collect::<Vec<_>>(),
        "excuse": m.excuse,
        "contacts": c.contacts.iter().map(|x| json!({
            "date": iso(x.date),
            "kind": x.kind,
        })).collect::<Vec<_>>(),
        "consecutive_missing": m.consecutive_missing,
        "since": m.since.or(c.cut.since).map(|s| s.format("%Y-%m").to_string()),
        "reduction": c.cut.reduction.code(),
        "failures": c.cut.failures.iter().map(|f| f.code()).collect::<Vec<_>>(),
        "base_units": c.base_units,
        "units_at_risk": c.units_at_risk(),
        "yen_at_risk": c.units_at_risk().and(c.yen_at_risk),
    })
}

fn show(report: &MonthReport, format: crate::cli::Format) -> Result<ExitCode> {
    let json: Vec<_> = report
        .clients
        .iter()
        .map(|c| client_json(c, report.month))
        .collect();
    let rows = report
        .clients
        .iter()
        .map(|c| {
            vec![
                c.insurer_number.to_string(),
                c.insured_number.to_string(),
                c.name.to_string(),
                c.care_manager.as_deref().unwrap_or_default().to_string(),
                if c.support {
                    tr("要支援", "support")
                } else {
                    tr("要介護", "care")
                }
                .to_string(),
                status_text(c, lang()),
                contact_text(c),
                c.monitoring.consecutive_missing.to_string(),
                c.cut.reduction.label(lang()).to_string(),
                c.units_at_risk()
                    .map_or_else(|| tr("不明", "unknown").to_string(), |u| u.to_string()),
                c.units_at_risk()
                    .and(c.yen_at_risk)
                    .map(|y| y.to_string())
                    .unwrap_or_default(),
                lacks_text(c, lang()),
            ]
        })
        .collect();
    crate::present::output::print(
        format,
        &crate::present::output::Listing {
            headers: &[
                tr("保険者番号", "insurer"),
                tr("被保険者番号", "insured"),
                tr("利用者", "client"),
                tr("担当", "CM"),
                tr("区分", "band"),
                tr("モニタリング", "monitoring"),
                tr("連絡", "contacts"),
                tr("続いた月", "months running"),
                tr("減算の可能性", "cut at risk"),
                tr("単位", "units"),
                tr("円", "yen"),
                tr("確認できないこと", "not proven"),
            ],
            rows,
            numeric: &[7, 9, 10],
            json: &json,
        },
    )?;
    if format == crate::cli::Format::Table {
        let t = &report.total;
        let mut out = crate::present::output::stdout();
        let summary = tr(
            "{month}（{as_of}現在）: {clients} 人 — 実施 {done}・テレビ電話 {video}・特段の事情 {excused}・未実施 {missing}・導入前 {before}。減算のおそれ {risk} 人（50% {half}・全額 {full}; うちモニタリング {failing} 人）、{units} 単位{yen}{unknown}",
            "{month} (as of {as_of}): {clients} clients — done {done}, video {video}, excused {excused}, missing {missing}, before records {before}. Fee cut at risk: {risk} clients (50% {half}, all {full}; monitoring {failing}), {units} units{yen}{unknown}",
        );
        let yen = t
            .yen_at_risk
            .map(|y| {
                format!(
                    "{}{}{}",
                    tr("（", " ("),
                    crate::present::text::thousands(y),
                    tr(" 円）", " yen)")
                )
            })
            .unwrap_or_default();
        let unknown = if t.units_unknown > 0 {
            format!(
                "{}{}{}",
                tr("（単位不明 ", " (not counting "),
                t.units_unknown,
                tr(" 人を除く）", " with units unknown)")
            )
        } else {
            String::new()
        };
        let line = crate::present::text::fill(
            summary,
            &[
                ("month", report.month.format("%Y-%m").to_string()),
                ("as_of", iso(report.as_of)),
                ("clients", t.clients.to_string()),
                ("done", t.done.to_string()),
                ("video", (t.video - t.video_failing).to_string()),
                ("excused", t.excused.to_string()),
                ("missing", (t.missing + t.video_failing).to_string()),
                ("before", t.before_records.to_string()),
                ("risk", t.at_risk().to_string()),
                ("half", t.half.to_string()),
                ("full", t.full.to_string()),
                ("failing", t.failing.to_string()),
                ("units", crate::present::text::thousands(t.units_at_risk)),
                ("yen", yen),
                ("unknown", unknown),
            ],
        );
        writeln!(out, "{line}")?;
        writeln!(out, "{}", flag_only())?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

fn record(store: &mut Store, r: &MonitoringRecordArgs) -> Result<ExitCode> {
    let client = client_id(store, &r.client)?;
    let date = parse_date(&r.date).map_err(|e| eyre!("--date: {e}"))?;
    let time = match &r.at_time {
        Some(t) => NaiveTime::parse_from_str(t.trim(), "%H:%M")
            .map_err(|_| eyre!("--at-time: 時刻は 10:15 のように入力してください"))?,
        None => NaiveTime::MIN,
    };
    let category = match r.kind {
        MonitoringKind::Visit => "visit",
        MonitoringKind::Video => "video",
        MonitoringKind::Phone => "phone",
        MonitoringKind::Other | MonitoringKind::None => "other",
    };
    let reason = r.reason.clone().unwrap_or_default();
    if r.kind == MonitoringKind::None && reason.trim().is_empty() {
        return Err(eyre!(
            "--kind none には --reason（特段の事情。例: 入院中、本人の拒否）が必要です"
        ));
    }
    // The record says what was seen and heard: a visit without it is not recorded.
    let body = match &r.note {
        Some(n) => typed_text(n),
        None if r.kind == MonitoringKind::None => String::new(),
        None => {
            return Err(eyre!(crate::format_tr!(
                "--note で見たこと・聞いたことを書いてください（例: --note \"体調は変わりなし。通所介護は休まず利用\"）",
                "write what was seen and heard with --note (e.g. --note \"no change; attends day care as planned\")"
            )));
        }
    };
    let staff_id = r
        .staff
        .as_deref()
        .map(|k| care_manager(store, k))
        .transpose()?;
    let note = NewNote {
        client_id: client,
        at: date.and_time(time),
        category: category.into(),
        counterpart: match r.kind {
            MonitoringKind::Visit | MonitoringKind::Video | MonitoringKind::Phone => "本人".into(),
            _ => String::new(),
        },
        staff_id,
        body,
        reason,
        ..NewNote::default()
    };
    match store.write(|w| case_notes::add(w, &note)) {
        Ok(id) => {
            crate::say_tr!(
                "{} の{}を支援経過 #{id} に記録しました",
                "recorded the {1} of {0} as case-record entry #{id}",
                iso(date),
                match r.kind {
                    MonitoringKind::Visit => tr("居宅訪問", "home visit"),
                    MonitoringKind::Video => tr("テレビ電話によるモニタリング", "video monitoring"),
                    MonitoringKind::Phone => tr("電話", "phone call"),
                    MonitoringKind::Other => tr("記録", "entry"),
                    MonitoringKind::None => tr("特段の事情", "special circumstances"),
                }
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refused_or(e),
    }
}

/// The files the inspection report writes beside its main file: the case record (every row,
/// corrections and withdrawals included) and the monthly monitoring, `<name>_支援経過.csv` and
/// `<name>_モニタリング.csv`.
pub fn inspection_paths(out: &Path) -> [PathBuf; 3] {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = out.parent().unwrap_or(Path::new(""));
    [
        dir.join(format!("{stem}_支援経過.csv")),
        dir.join(format!("{stem}_モニタリング.csv")),
        dir.join(format!("{stem}_特定事業所集中減算.csv")),
    ]
}

fn csv_bytes(headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut buf: Vec<u8> = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        crate::present::output::write_row(&mut w, headers)?;
        for r in rows {
            crate::present::output::write_row(&mut w, r)?;
        }
        w.flush()?;
    }
    Ok(buf)
}

/// Writes the case record and the monitoring of the months `from`..`to` for the inspection
/// report (UTF-8 with BOM, owner-only; an existing file only with `force`). Returns the rows
/// written (case record, monitoring).
pub fn inspection_files(
    store: &Store,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    out: &Path,
    force: bool,
) -> Result<(usize, usize, usize)> {
    let [notes_path, monitoring_path, concentration_path] = inspection_paths(out);
    let conn = store.conn();
    let last_day = crate::domain::dates::month_end(to);
    let history = case_notes::history(conn, None, Some(from), Some(last_day))?;
    let labels = case_notes::client_labels(conn)?;
    let book = case_notes::book(conn)?;
    let note_rows: Vec<Vec<String>> = history
        .iter()
        .map(|n| {
            let who = labels.get(&n.client_id);
            let fate = if n.withdraws {
                format!("取消: #{} を取り消し", n.corrects.unwrap_or_default())
            } else {
                let by = n
                    .superseded_by
                    .and_then(|id| history.iter().find(|h| h.id == id));
                n.corrects
                    .map(|c| format!("訂正: #{c} を訂正"))
                    .into_iter()
                    .chain(by.map(|b| {
                        if b.withdraws {
                            format!("#{} で取り消し", b.id)
                        } else {
                            format!("#{} で訂正", b.id)
                        }
                    }))
                    .collect::<Vec<_>>()
                    .join("／")
            };
            vec![
                n.id.to_string(),
                who.map(|c| c.name.clone()).unwrap_or_default(),
                who.map(|c| c.insurer_number.clone()).unwrap_or_default(),
                who.map(|c| c.insured_number.clone()).unwrap_or_default(),
                iso(n.at.date()),
                n.at.format("%H:%M").to_string(),
                book.on(&n.category, n.at.date())
                    .map_or_else(|| n.category.clone(), |c| c.name.clone()),
                n.counterpart.clone(),
                n.staff_name.clone().unwrap_or_default(),
                n.body.clone(),
                n.reason.clone(),
                n.attendees.clone(),
                n.plan_id.map(|p| p.to_string()).unwrap_or_default(),
                fate,
                n.recorded_by.clone(),
                n.recorded_at.clone(),
            ]
        })
        .collect();
    let today = super::today();
    let mut cf = compliance::load(conn, to)?;
    let mut monitoring_rows = Vec::new();
    let mut month = from;
    while month <= to {
        if month < cf.loaded_from {
            cf = compliance::load(conn, month)?;
        }
        let report = compliance::compute(
            &cf,
            month,
            today,
            &compliance::step_failures(conn, month, today)?,
        )?;
        for c in &report.clients {
            monitoring_rows.push(vec![
                month.format("%Y-%m").to_string(),
                c.name.to_string(),
                c.insurer_number.to_string(),
                c.insured_number.to_string(),
                c.care_manager.as_deref().unwrap_or_default().to_string(),
                if c.support { "要支援" } else { "要介護" }.to_string(),
                status_text(c, Lang::Ja),
                c.contacts
                    .iter()
                    .map(|x| format!("{} {}", iso(x.date), x.kind))
                    .collect::<Vec<_>>()
                    .join(" / "),
                c.monitoring.consecutive_missing.to_string(),
                lacks_text(c, Lang::Ja),
                c.cut.reduction.label(Lang::Ja).to_string(),
                c.cut.units_at_risk.to_string(),
                c.yen_at_risk.map(|y| y.to_string()).unwrap_or_default(),
                if c.monitoring.fails {
                    "記録から確認できない（減算の判断は請求の前に）".to_string()
                } else {
                    String::new()
                },
            ]);
        }
        month = month + chrono::Months::new(1);
    }
    let notes_csv = csv_bytes(
        &[
            "#",
            "利用者",
            "保険者番号",
            "被保険者番号",
            "年月日",
            "時刻",
            "項目",
            "相手",
            "担当",
            "内容",
            "理由",
            "出席者",
            "計画 id",
            "訂正・取消",
            "記録者",
            "記録日時",
        ],
        &note_rows,
    )?;
    let monitoring_csv = csv_bytes(
        &[
            "対象月",
            "利用者",
            "保険者番号",
            "被保険者番号",
            "担当",
            "区分",
            "モニタリング",
            "連絡",
            "続いた月",
            "確認できないこと",
            "減算の可能性",
            "単位",
            "円",
            "注記",
        ],
        &monitoring_rows,
    )?;
    // The 特定事業所集中減算 worksheet of every judgement period the months asked touch (the
    // office keeps each one, over 80% or not).
    let book = crate::store::rules::book(conn)?;
    let mut id = crate::store::concentration::period_of(conn, from)?.id;
    let mut worksheets: Vec<Vec<String>> = Vec::new();
    let mut periods = 0;
    loop {
        let (w, _) = crate::store::concentration::worksheet(conn, id)?;
        let rows = crate::present::concentration::worksheet_csv(&w, Lang::Ja);
        if worksheets.is_empty() {
            worksheets.extend(rows);
        } else {
            worksheets.extend(rows.into_iter().skip(1));
        }
        periods += 1;
        id = id.next();
        match crate::domain::concentration::period(&book, id) {
            Ok(p) if p.from <= last_day => {}
            _ => break,
        }
    }
    let (head, body) = worksheets
        .split_first()
        .map_or((Vec::new(), &[][..]), |(h, b)| {
            (h.iter().map(String::as_str).collect::<Vec<_>>(), b)
        });
    let concentration_csv = csv_bytes(&head, body)?;
    crate::store::write_private(&notes_path, &notes_csv, force)?;
    crate::store::write_private(&monitoring_path, &monitoring_csv, force)?;
    crate::store::write_private(&concentration_path, &concentration_csv, force)?;
    Ok((note_rows.len(), monitoring_rows.len(), periods))
}

//! `careplan plans steps` (the plan's process steps, what the records do not prove) and
//! `careplan meetings record` (a サービス担当者会議 or 照会 into the case record).

use super::shared::{client_id, refused_or};
use super::today;
use crate::cli::{MeetingRecordArgs, MeetingsCommand, PlanStepsArgs, PlanStepsConfirmArgs};
use crate::domain::Lang;
use crate::domain::case_record::{CountsAs, parse_note_time};
use crate::domain::dates::month_start;
use crate::domain::dates::{iso, parse_date, parse_month};
use crate::domain::plan_steps::{Failure, labels};
use crate::present::output::{Listing, print};
use crate::present::output::{lang, tr};
use crate::store::case_notes::{self, NewNote};
use crate::store::plan_steps::{self, PlanSteps};
use crate::store::{Store, plans};
use color_eyre::eyre::{Result, eyre};
use serde_json::json;
use std::process::ExitCode;

/// What every view of the steps says about itself.
pub const NOT_A_DECISION: &str = "記録（支援経過・計画・送付の記録）で確かめられない手順を示します。減算かどうかの判断ではありません";

fn codes(steps: &[Failure]) -> Vec<&'static str> {
    steps.iter().map(|f| f.code()).collect()
}

/// The JSON of one revision's steps (`careplan plans steps --format json`).
pub fn steps_json(p: &PlanSteps) -> serde_json::Value {
    let s = &p.steps;
    json!({
        "insurer_number": p.insurer_number,
        "insured_number": p.insured_number,
        "name": p.name,
        "plan_date": iso(p.plan_date()),
        "status": p.status.code(),
        "missing": codes(&p.missing),
        "since": p.since.map(iso),
        "to_do": codes(&p.to_do),
        "steps": {
            "assessment": s.assessment.map(iso),
            "meeting": s.meeting.map(|m| iso(m.on)),
            "meeting_by_inquiry": s.meeting.is_some_and(|m| m.by_inquiry),
            "inquiry_without_reason": s.inquiry_without_reason.map(iso),
            "consent": s.consent.map(iso),
            "handover_client": s.handover_client.map(iso),
            "handover_provider": s.handover_provider.map(iso),
            "providers_lacking": p.providers_lacking.iter().map(|(number, name)| {
                json!({"office_number": number, "name": name})
            }).collect::<Vec<_>>(),
            "certifications": s.certifications.iter().map(|c| json!({
                "change": c.change.code(),
                "valid_from": iso(c.valid_from),
                "meeting": c.meeting.map(|m| iso(m.on)),
            })).collect::<Vec<_>>(),
        },
    })
}

/// `careplan plans steps`: the month's revisions with a step the records do not prove (all of
/// them with `--all`).
pub fn steps(store: &Store, a: &PlanStepsArgs) -> Result<ExitCode> {
    let today = today();
    let month = match &a.month {
        Some(m) => parse_month(m).map_err(|e| eyre!("--month: {e}"))?,
        None => month_start(today),
    };
    let all = plan_steps::steps(store.conn(), month, today)?;
    let shown: Vec<&PlanSteps> = all
        .iter()
        .filter(|p| a.all || !p.missing.is_empty())
        .collect();
    let json: Vec<_> = shown.iter().map(|p| steps_json(p)).collect();
    let rows = shown
        .iter()
        .map(|p| {
            vec![
                p.insured_number.clone(),
                p.name.clone(),
                iso(p.plan_date()),
                p.status.label(lang()).to_string(),
                labels(&p.missing, lang()),
                p.since.map(iso).unwrap_or_default(),
                labels(&p.to_do, lang()),
            ]
        })
        .collect();
    print(
        a.format,
        &Listing {
            headers: &[
                tr("被保険者番号", "insured"),
                tr("利用者", "client"),
                tr("作成日", "plan date"),
                tr("状態", "state"),
                tr("記録で確かめられない手順", "steps not on record"),
                tr("いつから", "since"),
                tr("これから（期日前）", "to do (not due)"),
            ],
            rows,
            numeric: &[],
            json: &json,
        },
    )?;
    if a.format == crate::cli::Format::Table {
        crate::say!(
            "※ {}",
            tr(
                NOT_A_DECISION,
                "These are the steps the records (case record, plans, delivery records) do not prove; not a decision on a fee cut"
            )
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn meetings(store: &mut Store, cmd: &MeetingsCommand) -> Result<ExitCode> {
    match cmd {
        MeetingsCommand::Record(a) => record(store, a),
    }
}

/// `careplan plans steps confirm`: the revision's steps checked on paper, as one case-record
/// entry that says so.
pub fn confirm(store: &mut Store, a: &PlanStepsConfirmArgs) -> Result<ExitCode> {
    let client = client_id(store, &a.client)?;
    let plan_date = parse_date(&a.plan_date).map_err(|e| eyre!("--plan-date: {e}"))?;
    let at = match &a.date {
        Some(d) => parse_note_time(d).map_err(|e| eyre!("--date: {e}"))?,
        None => chrono::Local::now().naive_local(),
    };
    let Some(plan) = plans::list(store.conn(), Some(client))?
        .into_iter()
        .find(|p| p.fields.plan_date == plan_date)
    else {
        crate::present::output::complain(&crate::format_tr!(
            "この利用者に作成日 {} の計画の版はありません。版の作成日は careplan plans で確かめてください",
            "this client has no plan revision of {}; check the plan dates with careplan plans",
            iso(plan_date)
        ));
        return Ok(ExitCode::FAILURE);
    };
    match store.write(|w| plan_steps::confirm_on_paper(w, client, plan.id, at, &a.reason, today()))
    {
        Ok(id) => {
            crate::say_tr!(
                "計画（作成日 {}）の手順を紙の記録で確認したことを支援経過に記録しました: #{id}",
                "recorded in the case record that the steps of the plan of {} were confirmed on paper: #{id}",
                iso(plan_date)
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refused_or(e),
    }
}

/// `careplan meetings record`: one entry of the case record, counting as a meeting (or an
/// inquiry with its reason), linked to the revision of that plan date.
fn record(store: &mut Store, a: &MeetingRecordArgs) -> Result<ExitCode> {
    let reason = a.reason.as_deref().unwrap_or("").trim().to_string();
    if a.by_inquiry && reason.is_empty() {
        crate::present::output::complain(
            crate::domain::Lang::session().pick("照会として記録するには、会議を開けなかった理由（--reason）が必要です。理由のない照会は担当者会議の代わりになりません", "to record an inquiry, give the reason the meeting could not be held (--reason): an inquiry without a reason does not replace the care conference"),
        );
        return Ok(ExitCode::FAILURE);
    }
    let client = client_id(store, &a.client)?;
    let plan_date = parse_date(&a.plan_date).map_err(|e| eyre!("--plan-date: {e}"))?;
    let at = parse_note_time(&a.date).map_err(|e| eyre!("--date: {e}"))?;
    let Some(plan) = plans::list(store.conn(), Some(client))?
        .into_iter()
        .find(|p| p.fields.plan_date == plan_date)
    else {
        crate::present::output::complain(&crate::format_tr!(
            "この利用者に作成日 {} の計画の版はありません。会議は計画の版に結びつけて記録します。版の作成日は careplan plans で確かめてください",
            "this client has no plan revision of {}: a meeting is recorded against a revision; check the plan dates with careplan plans",
            iso(plan_date)
        ));
        return Ok(ExitCode::FAILURE);
    };
    let want = if a.by_inquiry {
        CountsAs::Inquiry
    } else {
        CountsAs::Meeting
    };
    let book = case_notes::book(store.conn())?;
    let Some(category) = book
        .in_force(at.date())
        .into_iter()
        .find(|c| c.counts_as == want)
        .map(|c| c.code.clone())
    else {
        crate::present::output::complain(&format!(
            "{} に使える支援経過の項目で「{}」として数えるものがありません。事業所の項目を確かめてください",
            iso(at.date()),
            want.label(lang())
        ));
        return Ok(ExitCode::FAILURE);
    };
    let what = if a.by_inquiry {
        "照会"
    } else {
        "サービス担当者会議"
    };
    let body = a
        .body
        .clone()
        .unwrap_or_else(|| format!("{what}（計画作成日 {}）", iso(plan_date)));
    let note = NewNote {
        client_id: client,
        at,
        category,
        body,
        reason,
        plan_id: Some(plan.id),
        attendees: a.attendees.clone(),
        ..NewNote::default()
    };
    match store.write(|w| case_notes::add(w, &note)) {
        Ok(id) => {
            crate::say_tr!(
                "{}（{}、計画作成日 {}）を支援経過に記録しました: #{id}",
                "recorded the {} ({}, plan of {}) in the case record: #{id}",
                if a.by_inquiry {
                    tr("照会", "inquiry")
                } else {
                    tr("サービス担当者会議", "care conference")
                },
                at.format("%Y-%m-%d %H:%M"),
                iso(plan_date)
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refused_or(e),
    }
}

/// A step's cell in the inspection report: its date, or why there is none.
fn step_cell(p: &PlanSteps, step: Failure, found: Option<String>) -> String {
    match found {
        Some(text) => text,
        None if p.missing.contains(&step) => "記録なし".to_string(),
        None if p.to_do.contains(&step) => "未（期日前）".to_string(),
        None => "対象なし".to_string(),
    }
}

/// The inspection report's part on the plan's process steps: a title row saying what it is
/// (and is not), a header, and one row per revision of the period. Returns the rows written.
pub fn write_report_section<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    steps: &[PlanSteps],
) -> Result<usize> {
    crate::present::output::write_row(w, [format!("計画の手順（{NOT_A_DECISION}）")])?;
    crate::present::output::write_row(
        w,
        [
            "利用者",
            "保険者番号",
            "被保険者番号",
            "計画作成日",
            "状態",
            "計画期間",
            "アセスメント",
            "担当者会議（照会）",
            "同意",
            "本人への交付",
            "事業所への交付",
            "計画書の交付の記録がない事業所",
            "更新認定・区分変更の後の会議",
            "記録で確かめられない手順",
            "いつから",
        ],
    )?;
    for p in steps {
        let s = &p.steps;
        let meeting = s.meeting.map(|m| {
            if m.by_inquiry {
                format!("照会 {}", iso(m.on))
            } else {
                iso(m.on)
            }
        });
        let mut meeting_cell = step_cell(p, Failure::Meeting, meeting);
        if let (None, Some(on)) = (s.meeting, s.inquiry_without_reason) {
            meeting_cell.push_str(&format!("（理由のない照会 {}）", iso(on)));
        }
        let certs: Vec<String> = s
            .certifications
            .iter()
            .map(|c| {
                format!(
                    "{} {}: {}",
                    c.change.label(Lang::Ja),
                    iso(c.valid_from),
                    c.meeting.map_or("会議の記録なし".to_string(), |m| {
                        format!("会議 {}", iso(m.on))
                    })
                )
            })
            .collect();
        crate::present::output::write_row(
            w,
            [
                p.name.clone(),
                p.insurer_number.clone(),
                p.insured_number.clone(),
                iso(p.plan_date()),
                p.status.label(Lang::Ja).to_string(),
                format!("{}〜{}", iso(s.dates.period_from), iso(s.dates.period_to)),
                step_cell(p, Failure::Assessment, s.assessment.map(iso)),
                meeting_cell,
                step_cell(p, Failure::Consent, s.consent.map(iso)),
                step_cell(p, Failure::HandoverClient, s.handover_client.map(iso)),
                step_cell(p, Failure::HandoverProvider, s.handover_provider.map(iso)),
                p.providers_lacking
                    .iter()
                    .map(|(number, name)| format!("{name}（{number}）"))
                    .collect::<Vec<_>>()
                    .join(" / "),
                certs.join(" / "),
                labels(&p.missing, Lang::Ja),
                p.since.map(iso).unwrap_or_default(),
            ],
        )?;
    }
    Ok(steps.len())
}

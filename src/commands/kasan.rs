//! `careplan kasan`: the month's 加算 per client — candidate, incomplete (what is missing and
//! by when), cannot_judge, excluded (the rule named) — with the entries they rest on. Candidates,
//! never bills. The JSON (one object per client and 加算) is a contract scripts rely on: like
//! every JSON careplan writes it does not change with the language — `reason` is the Japanese
//! text, `why` the same reason as stable keys with their dates and counts.

use crate::cli::KasanArgs;
use crate::domain::Lang;
use crate::domain::dates::{iso, parse_month};
use crate::domain::kasan::{Row, Verdict};
use crate::present::output::{Listing, lang, print, tr};
use crate::store::Store;
use crate::store::kasan::{self, ClientKasan};
use chrono::Datelike;
use color_eyre::eyre::{Result, eyre};
use serde_json::{Value, json};
use std::process::ExitCode;

/// What every 加算 list says of itself.
pub const CANDIDATES_ONLY: &str = "※ 記録から読み取れる加算の候補です。算定するかどうかは careplan では判断しません（請求の前に記録と要件を確かめてください）";
/// `CANDIDATES_ONLY` in English.
const CANDIDATES_ONLY_EN: &str = "Note: addition candidates read from the records. careplan never decides what to bill (check the records and the requirements before billing)";

fn decision_text(r: &Row) -> String {
    match &r.decision {
        None => String::new(),
        Some(d) => match d.verdict {
            Verdict::Accepted => tr("算定する", "bill").into(),
            Verdict::Rejected => {
                crate::format_tr!("算定しない（{}）", "do not bill ({})", d.reason)
            }
        },
    }
}

/// One object per client and 加算.
pub fn json_rows(clients: &[ClientKasan]) -> Value {
    Value::Array(
        clients
            .iter()
            .flat_map(|c| {
                c.rows.iter().map(move |r| {
                    json!({
                        "insurer_number": c.insurer_number,
                        "insured_number": c.insured_number,
                        "name": c.name,
                        "kasan": r.kasan,
                        "code": r.code,
                        "units": r.units,
                        "status": r.status.code(),
                        "reason": r.reason.text(Lang::Ja),
                        "why": r.reason,
                        "by": r.by.map(iso),
                        "evidence": r.evidence,
                        "stay_id": r.stay_id,
                        "plan_id": r.plan_id,
                        "unsure": r.unsure,
                        "decision": r.decision.as_ref().map(|d| json!({
                            "decision": d.verdict,
                            "reason": d.reason,
                        })),
                    })
                })
            })
            .collect(),
    )
}

pub fn run(store: &Store, args: &KasanArgs) -> Result<ExitCode> {
    let today = super::today();
    let month = match &args.month {
        Some(m) => parse_month(m).map_err(|e| eyre!("--month: {}", e.message(lang())))?,
        None => today.with_day(1).unwrap_or(today),
    };
    let m = kasan::month(store.conn(), month, today, None)?;
    let json = json_rows(&m.clients);
    let rows: Vec<Vec<String>> = m
        .clients
        .iter()
        .flat_map(|c| {
            c.rows.iter().map(move |r| {
                vec![
                    c.insured_number.clone(),
                    c.name.clone(),
                    r.kasan.clone(),
                    format!(
                        "{}{}",
                        r.name,
                        if r.unsure {
                            tr("【要確認】", " [unconfirmed]")
                        } else {
                            ""
                        }
                    ),
                    r.code.clone(),
                    r.units.to_string(),
                    r.status.label(lang()).to_string(),
                    r.reason.text(lang()),
                    r.evidence
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(" "),
                    decision_text(r),
                ]
            })
        })
        .collect();
    let format = args.format;
    print(
        format,
        &Listing {
            headers: &[
                tr("被保険者番号", "insured"),
                tr("氏名", "name"),
                tr("加算", "addition"),
                tr("名称", "title"),
                tr("コード", "code"),
                tr("単位", "units"),
                tr("状態", "status"),
                tr("理由", "reason"),
                tr("根拠の記録", "evidence"),
                tr("判断", "decision"),
            ],
            rows,
            numeric: &[5],
            json: &json,
        },
    )?;
    if format == crate::cli::Format::Table {
        let units = crate::present::text::thousands(m.candidate_units());
        let count = m
            .rows()
            .filter(|r| r.status == crate::domain::kasan::Status::Candidate)
            .count();
        crate::say_tr!(
            "{}: 候補 {units} 単位（{count} 件）。{CANDIDATES_ONLY}",
            "{}: candidates {units} units ({count} items). {CANDIDATES_ONLY_EN}",
            month.format(tr("%Y年%m月", "%Y-%m"))
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

//! `careplan concentration`: the 特定事業所集中減算 worksheet of a period (table, JSON or CSV
//! in UTF-8 with a BOM or MS932), its 正当な理由 notes, and the contract-time explanation. The
//! JSON is a contract scripts rely on: `share` and `top_share` are fractions of one (0.8 is
//! 80%), while `over_80` comes from the exact comparison of the counts
//! (`domain::concentration::exceeds`: strictly more than the threshold).

use crate::cli::{
    ConcentrationArgs, ConcentrationCommand, ConcentrationExplainArgs, ConcentrationNoteArgs,
    Encoding, Format, TextOrCsv,
};
use crate::config::Config;
use crate::domain::concentration::{PeriodId, Worksheet, share};
use crate::domain::dates::{iso, parse_date};
use crate::present::concentration as text;
use crate::present::output::lang;
use crate::present::output::tr;
use crate::present::output::{csv_text, encode, not_in_ms932};
use crate::store::{Store, concentration};
use color_eyre::eyre::{Result, eyre};
use serde_json::{Value, json};
use std::path::Path;
use std::process::ExitCode;

/// The period named, or the one today is in.
fn period_id(store: &Store, arg: Option<&str>) -> Result<PeriodId> {
    match arg {
        Some(p) => PeriodId::parse(p).map_err(|e| eyre!("--period: {}", e.message(lang()))),
        None => Ok(concentration::period_of(store.conn(), super::today())?.id),
    }
}

/// The worksheet as JSON, as it stands on `today`: `projected_months` are counted from the
/// plans in force (見込み), `report_passed` says the report date is behind.
pub fn json(w: &Worksheet, today: chrono::NaiveDate) -> Value {
    let p = &w.period;
    json!({
        "period": {"id": p.id.code(), "from": iso(p.from), "to": iso(p.to)},
        "report_by": iso(p.report_by),
        "as_of": iso(today),
        "projected_months": p.projected_months(today).iter()
            .map(|m| m.format("%Y-%m").to_string()).collect::<Vec<_>>(),
        "report_passed": p.report_passed(today),
        "applies": {"from": iso(p.applies_from), "to": iso(p.applies_until)},
        "rules": {
            "from": iso(w.rules_from),
            "threshold_percent": w.threshold_percent,
            "cut_units": w.cut_units,
            "source": w.source,
        },
        "must_submit": !w.over().is_empty(),
        "services": w.services.iter().map(|s| {
            let top = s.top();
            json!({
                "service_type": s.service_type,
                "plans": s.plans,
                "corporations": s.corporations.iter().map(|c| json!({
                    "name": c.name,
                    "number": c.number,
                    "own": c.own,
                    "plans": c.plans,
                    "share": share(c.plans, s.plans),
                })).collect::<Vec<_>>(),
                "top_share": top.map(|t| share(t.plans, s.plans)).unwrap_or(0.0),
                "over_80": s.over(w.threshold_percent),
                "note": s.note,
            })
        }).collect::<Vec<_>>(),
    })
}

/// Writes `bytes` to `out` (whole or not at all, owner-only) or to standard output.
fn emit(bytes: &[u8], out: Option<&Path>, force: bool) -> Result<()> {
    match out {
        Some(path) => {
            crate::store::write_private(path, bytes, force)?;
            crate::say!("{} に書き出しました", path.display())?;
        }
        None => {
            crate::present::output::write_bytes(bytes)?;
        }
    }
    Ok(())
}

/// Text in the chosen encoding; refused (nothing written) with the characters MS932 lacks.
fn encoded(text: &str, encoding: Encoding) -> Result<Vec<u8>> {
    encode(text, encoding).ok_or_else(|| {
        let chars: Vec<String> = not_in_ms932(text)
            .iter()
            .map(|c| format!("「{c}」(U+{:04X})", *c as u32))
            .collect();
        eyre!(
            "MS932 にない文字があるので書き出しませんでした: {}。--encoding utf8 で書き出すか、該当の文字を直してください",
            chars.join("、")
        )
    })
}

fn worksheet(store: &Store, a: &ConcentrationArgs, config: &Config) -> Result<ExitCode> {
    let today = match &a.on {
        Some(s) => parse_date(s).map_err(|e| eyre!("--on: {e}"))?,
        None => super::today(),
    };
    let id = match a.period.as_deref() {
        Some(p) => period_id(store, Some(p))?,
        None => concentration::period_of(store.conn(), today)?.id,
    };
    let (w, _) = concentration::worksheet(store.conn(), id)?;
    let bytes = match a.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&json(&w, today))?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Csv => encoded(&csv_text(text::worksheet_csv(&w, lang()))?, a.encoding)?,
        Format::Table => {
            let mut s = text::worksheet_lines(&w, today, config.language).join("\n");
            s.push('\n');
            s.into_bytes()
        }
    };
    emit(&bytes, a.out.as_deref(), a.force)?;
    Ok(ExitCode::SUCCESS)
}

fn note(store: &mut Store, a: &ConcentrationNoteArgs) -> Result<ExitCode> {
    let id = period_id(store, a.period.as_deref())?;
    let service = crate::domain::validation::fold_ascii(&a.service);
    let result = store.write(|w| {
        // Read in the same write: the version is the one now, so nothing is written over.
        let version = concentration::note(&w.tx, id, &service)?.map(|n| n.version);
        concentration::set_note(w, id, &service, &a.text, version)
    });
    match result {
        Ok(()) => {
            crate::say_tr!(
                "{} の {} の正当な理由を{}",
                "{2} the justified reason of {1} for {0}",
                id.label(lang()),
                text::service_name(&service, lang()),
                if a.text.trim().is_empty() {
                    tr(
                        "取り消しました（以前の内容は監査記録に残っています）",
                        "withdrew (the former text stays in the audit trail)",
                    )
                } else {
                    tr("記録しました", "recorded")
                }
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => super::shared::refused_or(e),
    }
}

fn explain(store: &Store, a: &ConcentrationExplainArgs, config: &Config) -> Result<ExitCode> {
    let on = match &a.on {
        Some(s) => parse_date(s).map_err(|e| eyre!("--on: {e}"))?,
        None => super::today(),
    };
    let e = concentration::explanation(store.conn(), on)?;
    let text = match a.format {
        TextOrCsv::Csv => csv_text(text::explanation_csv(&e, config.language))?,
        TextOrCsv::Text => {
            let office = crate::store::office::get(store.conn())?.name;
            let mut s = text::explanation_lines(&e, &office, config.language).join("\r\n");
            s.push_str("\r\n");
            s
        }
    };
    // Text for the screen is printed as it is; a file (or CSV) takes the encoding, BOM included.
    let bytes = if a.format == TextOrCsv::Text && a.out.is_none() && a.encoding == Encoding::Utf8 {
        text.replace("\r\n", "\n").into_bytes()
    } else {
        encoded(&text, a.encoding)?
    };
    emit(&bytes, a.out.as_deref(), a.force)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run(store: &mut Store, a: &ConcentrationArgs, config: &Config) -> Result<ExitCode> {
    match &a.command {
        None => worksheet(store, a, config),
        Some(ConcentrationCommand::Note(n)) => note(store, n),
        Some(ConcentrationCommand::Explain(e)) => explain(store, e, config),
    }
}

//! `careplan caseload`: the month's caseload, bands, units and yen, a what-if, and a forecast.
//! The JSON here is a contract scripts rely on; every figure comes from `domain::caseload`.

use crate::cli::{CaseloadArgs, Format};
use crate::config::Config;
use crate::domain::Lang;
use crate::domain::caseload::{
    self, Band, Caseload, FeeSchedule, Headroom, WhatIf, explain, forecast,
};
use crate::domain::dates::{iso, parse_month};
use crate::domain::fte::Fte;
use crate::present::caseload::{head_lines, signed};
use crate::present::output::lang;
use crate::present::text::thousands;
use crate::store::Store;
use chrono::Datelike;
use color_eyre::eyre::{Result, eyre};
use serde_json::{Value, json};
use std::io::Write;
use std::process::ExitCode;

/// Parses the what-if options (the same rules as the 件数 screen's panel).
fn what_if(args: &CaseloadArgs) -> Result<WhatIf> {
    let fte = match &args.fte {
        Some(s) => Some(Fte::parse_total(s).map_err(|e| eyre!("--fte: {}", e.message(lang())))?),
        None => None,
    };
    let fee_schedule = match &args.fee_schedule {
        Some(s) => {
            Some(FeeSchedule::parse(s).ok_or_else(|| eyre!("--fee-schedule: I か II です"))?)
        }
        None => None,
    };
    Ok(WhatIf {
        add_care: args.add_care,
        add_support: args.add_support,
        fte,
        fee_schedule,
    })
}

fn hundredths_number(h: u64) -> f64 {
    h as f64 / 100.0
}

/// Room to the next threshold: {band, threshold, care, support}, or null.
fn headroom(h: Option<Headroom>) -> Value {
    h.map_or(Value::Null, |h| {
        json!({"band": h.band.code(), "threshold": h.threshold, "care": h.care, "support": h.support})
    })
}

pub fn json(c: &Caseload, lang: Lang) -> Value {
    json!({
        "month": c.month.format("%Y-%m").to_string(),
        "evaluated_on": iso(c.evaluated_on),
        "rules": {
            "in_force_from": iso(c.rules.from),
            "source": c.rules.source,
            "support_weight": c.rules.support_weight.to_string(),
            "thresholds": [c.second_band_from(), c.third_band_from()],
            "not_published": c.rules.not_published.as_ref().map(|r| json!({"on": iso(r.on), "name": r.name})),
        },
        "fee_schedule": c.fee_schedule.code(),
        "fee_conditions": {"filed": c.conditions.filed, "exchange": c.conditions.exchange, "clerk": c.conditions.clerk},
        "special_area": c.special_area,
        "support_ordering": c.support_ordering.code(),
        "rule": explain(c, lang),
        "fte": hundredths_number(u64::from(c.fte.hundredths())),
        "care_clients": c.care_clients,
        "support_clients": c.support_clients,
        "caseload": c.caseload_hundredths.map(hundredths_number),
        "bands": {"i": c.bands.i, "ii": c.bands.ii, "iii": c.bands.iii},
        "headroom": headroom(c.headroom),
        "units_total": c.units_total,
        "unit_price": c.unit_price_hundredths.map(|p| hundredths_number(u64::from(p))),
        "yen_total": c.yen_total,
        "staffing": {"per_care_manager": c.staffing_per_care_manager, "required": c.staffing_required},
        "next_client": {
            "position": c.clients_of(c.next_client.position_parts),
            "band": c.next_client.band.code(),
            "units_care_1_2": c.next_client.units_care12,
            "units_care_3_5": c.next_client.units_care345,
        },
        "clients": c.clients.iter().map(|x| json!({
            "insurer_number": x.client_id.map(|_| x.insurer_number.clone()),
            "insured_number": x.client_id.map(|_| x.insured_number.clone()),
            "name": x.client_id.map(|_| x.name.clone()),
            "hypothetical": x.client_id.is_none(),
            "care_level": x.care_level.label_ja(),
            "contract_date": x.contract_date.map(iso),
            "position": c.clients_of(x.position_parts),
            "band": x.band.code(),
            "units": x.units,
            "billed_band": x.billed_band.map(Band::code),
        })).collect::<Vec<_>>(),
        "support": c.support.iter().map(|x| json!({
            "insured_number": x.client_id.map(|_| x.insured_number.clone()),
            "name": x.client_id.map(|_| x.name.clone()),
            "hypothetical": x.client_id.is_none(),
            "care_level": x.care_level.map(|l| l.label_ja()),
            "contract_date": x.contract_date.map(iso),
            "weight": c.rules.support_weight.to_string(),
        })).collect::<Vec<_>>(),
        "not_counted": c.not_counted.iter().map(|n| json!({
            "insured_number": n.insured_number,
            "name": n.name,
            "contract_date": iso(n.contract_date),
            "reason": n.reason.code(),
            "reason_text": n.reason.label(lang),
        })).collect::<Vec<_>>(),
        "care_managers": c.care_managers.iter().map(|m| json!({
            "name": m.name,
            "fte": hundredths_number(u64::from(m.fte.hundredths())),
            "care_clients": m.care_clients,
            "support_clients": m.support_clients,
            "weighted": c.clients_of(
                c.rules.support_weight.den * u64::from(m.care_clients)
                    + c.rules.support_weight.num * u64::from(m.support_clients),
            ),
            "load": m.load_hundredths.map(hundredths_number),
            "headroom": headroom(m.headroom),
        })).collect::<Vec<_>>(),
        "billed": c.billed.map(|b| json!({
            "bands": {"i": b.bands.i, "ii": b.bands.ii, "iii": b.bands.iii},
            "differing": b.differing,
            "billed_not_counted": b.billed_not_counted,
        })),
        "warnings": c.warnings.iter().map(|w| w.message(lang)).collect::<Vec<_>>(),
        "warning_codes": c.warnings.iter().map(|w| w.code()).collect::<Vec<_>>(),
    })
}

pub fn run(store: &Store, args: &CaseloadArgs, config: &Config) -> Result<ExitCode> {
    let lang = config.language;
    let month = match &args.month {
        Some(m) => parse_month(m).map_err(|e| eyre!("--month: {}", e.message(lang)))?,
        None => super::today().with_day(1).unwrap_or_else(super::today),
    };
    let w = what_if(args)?;
    let facts = crate::store::caseload::facts(store.conn())?;
    let c = caseload::compute(&facts, month, &w);
    let base = (!w.is_none()).then(|| caseload::compute(&facts, month, &WhatIf::default()));
    let ahead = forecast(&facts, month, 3);
    // What the month's 運営基準減算 would take if it ended today: beside the caseload, which it
    // does not change.
    let today = super::today();
    let report = crate::store::compliance::month_in_full(store.conn(), month, today)?;
    let risk = report.total;
    let money = crate::domain::month_money::for_caseload(
        base.as_ref().unwrap_or(&c),
        &crate::store::kasan::money_inputs(store.conn(), &facts, &report)?,
    );
    let mut out = crate::present::output::stdout();
    match args.format {
        Format::Json => {
            let mut v = json(&c, lang);
            if let Some(b) = &base {
                v["what_if"] = json!({
                    "add_care": w.add_care,
                    "add_support": w.add_support,
                    "fte": w.fte.map(|f| hundredths_number(u64::from(f.hundredths()))),
                    "fee_schedule": w.fee_schedule.map(FeeSchedule::code),
                    "added_care_clients_counted_as": "要介護1・2",
                    "units_difference": c.units_total as i64 - b.units_total as i64,
                    "yen_difference": c.yen_total.zip(b.yen_total).map(|(a, b)| a as i64 - b as i64),
                    "before": {"bands": {"i": b.bands.i, "ii": b.bands.ii, "iii": b.bands.iii}, "units_total": b.units_total, "yen_total": b.yen_total},
                });
            }
            v["operating_cut_at_risk"] = json!({
                "clients": risk.at_risk(),
                "units": risk.units_at_risk,
                "yen": risk.yen_at_risk,
            });
            v["money"] = serde_json::to_value(&money)?;
            v["forecast_assumption"] =
                json!(crate::present::caseload::forecast_assumption(&ahead, lang));
            v["forecast"] = ahead
                .iter()
                .map(|f| {
                    json!({
                        "month": f.caseload.month.format("%Y-%m").to_string(),
                        "caseload": f.caseload.caseload_hundredths.map(hundredths_number),
                        "bands": {"i": f.caseload.bands.i, "ii": f.caseload.bands.ii, "iii": f.caseload.bands.iii},
                        "units_total": f.caseload.units_total,
                        "crosses_into": f.crosses.map(Band::code),
                        "lapsed": f.lapsed,
                        "rules_from": iso(f.caseload.rules.from),
                        "warning_codes": f.caseload.warnings.iter().map(|w| w.code()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut wtr = csv::Writer::from_writer(&mut out);
            crate::present::output::write_row(
                &mut wtr,
                [
                    "position",
                    "band",
                    "units",
                    "care_level",
                    "contract_date",
                    "insurer_number",
                    "insured_number",
                    "name",
                ],
            )?;
            for x in &c.clients {
                crate::present::output::write_row(
                    &mut wtr,
                    [
                        format!("{:.2}", c.clients_of(x.position_parts)),
                        x.band.code().to_string(),
                        x.units.to_string(),
                        x.care_level.label(lang).to_string(),
                        x.contract_date.map(iso).unwrap_or_default(),
                        x.insurer_number.to_string(),
                        x.insured_number.to_string(),
                        if x.client_id.is_some() {
                            x.name.to_string()
                        } else {
                            lang.pick("（試算で追加）", "(what-if)").into()
                        },
                    ],
                )?;
            }
            wtr.flush()?;
        }
        Format::Table => {
            let ascii = config.borders == crate::config::Borders::Ascii;
            writeln!(
                out,
                "{}",
                c.month.format(lang.pick(
                    "%Y年%m月の取扱件数（月末時点）",
                    "Caseload %Y-%m (as at month end)"
                ))
            )?;
            for line in head_lines(&c, lang, 100, ascii, c.care_managers.len()) {
                writeln!(out, "{}", line.trim_end())?;
            }
            if let Some(line) = crate::present::caseload::billed_line(&c, lang) {
                writeln!(out, "{line}")?;
                for x in c
                    .clients
                    .iter()
                    .filter(|x| x.billed_band.is_some_and(|b| b != x.band))
                {
                    writeln!(
                        out,
                        "  {}  {}: {} {} / {} {}",
                        x.insured_number,
                        x.name,
                        lang.pick("計算", "computed"),
                        x.band.label(),
                        lang.pick("請求", "billed"),
                        x.billed_band.map(Band::label).unwrap_or("-"),
                    )?;
                }
            }
            writeln!(
                out,
                "{}",
                crate::domain::deadlines::cut_at_risk(
                    risk.at_risk(),
                    risk.units_at_risk,
                    risk.yen_at_risk,
                    lang
                )
            )?;
            for line in crate::present::caseload::money_lines(&money, lang) {
                writeln!(out, "{line}")?;
            }
            writeln!(
                out,
                "{} ({}): {} {} / {} {}",
                lang.pick(
                    "次に受ける要介護の利用者は区分",
                    "The next care client falls in band"
                ),
                c.next_client.band.code(),
                lang.pick("要介護1・2", "care 1–2"),
                thousands(u64::from(c.next_client.units_care12)),
                lang.pick("要介護3〜5", "care 3–5"),
                thousands(u64::from(c.next_client.units_care345)),
            )?;
            if let Some(b) = &base {
                writeln!(out)?;
                let diff = lang.pick(
                    "試算との差（現状 → 試算）",
                    "What-if against now (now → what-if)",
                );
                let (units, amount) = (lang.pick("単位", "units"), lang.pick("金額", "yen"));
                writeln!(
                    out,
                    "{diff}: (i) {}→{} (ii) {}→{} (iii) {}→{}  {units} {}  {amount} {}",
                    b.bands.i,
                    c.bands.i,
                    b.bands.ii,
                    c.bands.ii,
                    b.bands.iii,
                    c.bands.iii,
                    signed(c.units_total as i64 - b.units_total as i64),
                    c.yen_total
                        .zip(b.yen_total)
                        .map(|(a, b)| format!(
                            "{}{}",
                            signed(a as i64 - b as i64),
                            lang.pick("円", "")
                        ))
                        .unwrap_or_else(|| "-".into()),
                )?;
            }
            writeln!(out)?;
            writeln!(
                out,
                "{}",
                lang.pick(
                    "今後3か月の見込み（登録済みの契約・認定期間・常勤換算の変更から）:",
                    "The next 3 months (from the contracts, certifications and FTE changes on record):"
                )
            )?;
            if let Some(a) = crate::present::caseload::forecast_assumption(&ahead, lang) {
                writeln!(out, "  {a}")?;
            }
            for f in &ahead {
                let mut mark = match f.crosses {
                    Some(Band::I) => lang.pick("  ← 全員(i)に戻る", "  ← all back in (i)"),
                    Some(Band::Ii) => {
                        lang.pick("  ← (ii)に入る利用者が出る", "  ← some clients enter (ii)")
                    }
                    Some(Band::Iii) => lang.pick(
                        "  ← (iii)に入る利用者が出る",
                        "  ← some clients enter (iii)",
                    ),
                    None => "",
                }
                .to_string();
                if let Some(m) = crate::present::caseload::not_published_mark(&f.caseload, lang) {
                    mark.push_str(&format!("  ※{m}"));
                }
                writeln!(
                    out,
                    "  {}  {} {}  (i) {} (ii) {} (iii) {}  {} {}{mark}",
                    f.caseload.month.format("%Y-%m"),
                    lang.pick("取扱件数", "caseload"),
                    f.caseload
                        .caseload_hundredths
                        .map(|h| format!("{:.2}", hundredths_number(h)))
                        .unwrap_or_else(|| "-".into()),
                    f.caseload.bands.i,
                    f.caseload.bands.ii,
                    f.caseload.bands.iii,
                    thousands(f.caseload.units_total),
                    lang.pick("単位", "units"),
                )?;
            }
            if !c.not_counted.is_empty() {
                writeln!(out)?;
                writeln!(
                    out,
                    "{}",
                    lang.pick("数えない利用者:", "Clients not counted:")
                )?;
                for n in &c.not_counted {
                    writeln!(out, "  {}  {}", n.insured_number, n.reason.label(lang))?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

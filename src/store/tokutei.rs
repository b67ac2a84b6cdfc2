//! The month's 特定事業所加算 check (`domain::tokutei`) from the records: the 区分 filed, the
//! office's 取扱件数 as the fee bands count it, the 要介護3–5 among the month's clients, and
//! the 特定事業所集中減算 of the period whose 適用期間 holds the month.

use super::{caseload, concentration, office};
use crate::domain::Lang;
use crate::domain::care_level::CareLevel;
use crate::domain::caseload::WhatIf;
use crate::domain::dates::{month_end, month_start};
use crate::domain::fee::FeeSchedule;
use crate::domain::tokutei::{self, Check, Concentration, Facts};
use chrono::{Months, NaiveDate};
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::Connection;

/// The 区分 of 特定事業所加算, as `office_system` files them.
const DIVISIONS: [&str; 4] = ["tokutei_1", "tokutei_2", "tokutei_3", "tokutei_a"];

/// The 集中減算 as it applies in `month`: the period (of the year before) whose 適用期間 holds it.
fn concentration_in(conn: &Connection, month: NaiveDate) -> Result<Concentration> {
    // A period applies after it ends: look back up to a year for the one that covers the month.
    for back in 1..=12 {
        let Some(day) = month.checked_sub_months(Months::new(back)) else {
            continue;
        };
        let Ok(p) = concentration::period_of(conn, day) else {
            continue;
        };
        if p.applies_from <= month_end(month) && month <= p.applies_until {
            let (w, _) = concentration::worksheet(conn, p.id)?;
            let name = |s: &str| {
                crate::domain::service_types::find(s)
                    .map(|t| t.name(Lang::Ja).to_string())
                    .unwrap_or_else(|| s.to_string())
            };
            let (excused, over): (Vec<_>, Vec<_>) = w
                .over()
                .into_iter()
                .partition(|s| !s.note.trim().is_empty());
            return Ok(Concentration {
                period: Some(p.id.code()),
                threshold_percent: w.threshold_percent,
                over: over.iter().map(|s| name(&s.service_type)).collect(),
                excused: excused.iter().map(|s| name(&s.service_type)).collect(),
            });
        }
    }
    Ok(Concentration::default())
}

/// What the records say of `month` for the check.
pub fn facts(conn: &Connection, month: NaiveDate) -> Result<Facts> {
    let month = month_start(month);
    let f = caseload::facts(conn)?;
    let c = crate::domain::caseload::compute(&f, month, &WhatIf::default());
    let mut filed = None;
    for d in DIVISIONS {
        if office::periods(conn, d)?.iter().any(|p| p.covers(month)) {
            filed = Some(d);
        }
    }
    let heavy = c
        .clients
        .iter()
        .filter(|x| {
            matches!(
                x.care_level,
                CareLevel::Care3 | CareLevel::Care4 | CareLevel::Care5
            )
        })
        .count();
    Ok(Facts {
        month,
        filed,
        caseload_hundredths: c.caseload_hundredths,
        fee_ii: c.fee_schedule == FeeSchedule::II,
        care_clients: c.care_clients,
        care_3_5: u32::try_from(heavy).unwrap_or(u32::MAX),
        concentration: concentration_in(conn, month)
            .wrap_err("特定事業所集中減算の判定を読めません")?,
    })
}

/// The month's check against the 区分 filed (else (I)), in `lang`; None when the rules table in
/// force has no conditions for it.
pub fn check(conn: &Connection, month: NaiveDate, lang: Lang) -> Result<Option<Check>> {
    let facts = facts(conn, month)?;
    let book = super::rules::book(conn)?;
    let rules = book.in_force(facts.month).rules.kasan.clone();
    let key = facts.filed.unwrap_or("tokutei_1");
    Ok(rules
        .on(key, month_end(facts.month))
        .and_then(|r| tokutei::check(&facts, r, lang)))
}

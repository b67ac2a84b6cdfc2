//! The month's 特定事業所加算 check (`domain::tokutei`) from the records: the 区分 filed, the
//! office's 取扱件数 as the fee bands count it, the 要介護3–5 among the month's clients, and
//! the 特定事業所集中減算 of the period whose 適用期間 holds the month.

use super::{caseload, concentration, kasan_decisions, office};
use crate::domain::Lang;
use crate::domain::care_level::CareLevel;
use crate::domain::caseload::WhatIf;
use crate::domain::dates::{iso, month_end, month_start};
use crate::domain::fee::FeeSchedule;
use crate::domain::kasan::{DISCHARGE_CATEGORY, least_receptions as renkei_least};
use crate::domain::kasan_records::Decision;
use crate::domain::monitoring::first_recorded_month;
use crate::domain::renkei::{self, Renkei};
use crate::domain::rules::KasanRules;
use crate::domain::tokutei::{self, Check, Concentration, Facts};
use chrono::{Months, NaiveDate};
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::Connection;
use std::collections::BTreeSet;

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

/// The month's check against the 区分 filed (else (I)), with the 特定事業所医療介護連携加算
/// under it, in `lang`; None when the rules table in force has no conditions for it.
pub fn check(conn: &Connection, month: NaiveDate, lang: Lang) -> Result<Option<Check>> {
    let facts = facts(conn, month)?;
    let book = super::rules::book(conn)?;
    let rules = book.in_force(facts.month).rules.kasan.clone();
    let key = facts.filed.unwrap_or("tokutei_1");
    let Some(mut c) = rules
        .on(key, month_end(facts.month))
        .and_then(|r| tokutei::check(&facts, r, lang))
    else {
        return Ok(None);
    };
    let tokutei = facts
        .filed
        .map(|k| (k, super::office_system::label(k, lang).to_string()));
    let filed = office::periods(conn, RENKEI)?
        .iter()
        .any(|p| p.covers(facts.month));
    let rule = rules.on(RENKEI, month_end(facts.month));
    c.renkei = match rule.and_then(|r| renkei::window(facts.month, r)) {
        Some((from, until)) if filed || tokutei.is_some() => {
            let f = renkei_facts(conn, &rules, facts.month, (from, until), filed, tokutei)
                .wrap_err("特定事業所医療介護連携加算の回数を読めません")?;
            renkei::check(&f, rule, lang)
        }
        _ if filed || tokutei.is_some() => Renkei::NotInTable,
        _ => Renkei::NotFiled,
    };
    Ok(Some(c))
}

/// The 体制 setting (and rules key) of 特定事業所医療介護連携加算.
const RENKEI: &str = "iryo_kaigo_renkei";

/// The window's counts: reception days per stay in the case record from the switch-over on,
/// what the claims before it prove at least, and the ターミナル accepted here or claimed.
fn renkei_facts(
    conn: &Connection,
    rules: &KasanRules,
    month: NaiveDate,
    (from, until): (NaiveDate, NaiveDate),
    filed: bool,
    tokutei: Option<(&'static str, String)>,
) -> Result<renkei::Facts> {
    let switch = office::records_since(conn)?.map(first_recorded_month);
    let recorded_from = switch.map_or(from, |s| s.max(from));
    // Several receptions on one day for one stay count once (kasan.md §A.3); a withdrawn
    // stay or entry, or a corrected one, does not count.
    let receptions: i64 = conn.query_row(
        "SELECT COUNT(*) FROM (SELECT DISTINCT f.stay_id, substr(n.at, 1, 10)
           FROM case_notes n
           JOIN case_note_fields f ON f.note_id = n.id
           JOIN stays s ON s.id = f.stay_id AND s.withdrawn_at IS NULL
          WHERE n.category = ?1 AND n.withdraws = 0 AND n.at >= ?2 AND n.at < ?3
            AND NOT EXISTS (SELECT 1 FROM case_notes l WHERE l.corrects = n.id))",
        rusqlite::params![
            DISCHARGE_CATEGORY,
            iso(recorded_from),
            iso(until.succ_opt().unwrap_or(until))
        ],
        |r| r.get(0),
    )?;
    // The imported claims' 加算 codes of the window, by (person, month).
    let mut st = conn.prepare_cached(
        "SELECT COALESCE(CAST(c.id AS TEXT), m.insurer_number || '-' || m.insured_number),
                m.month, k.code, k.count
           FROM claim_months m
           JOIN claim_codes k ON k.claim_month_id = m.id
           LEFT JOIN clients c ON c.insurer_number = m.insurer_number
                              AND c.insured_number = m.insured_number
          WHERE m.month BETWEEN ?1 AND ?2",
    )?;
    let ym = |d: NaiveDate| d.format("%Y-%m").to_string();
    let mut rows = st.query([ym(from), ym(until)])?;
    let mut floor = 0u32;
    let mut claimed_terminal: BTreeSet<(String, String)> = BTreeSet::new();
    while let Some(r) = rows.next()? {
        let person: String = r.get(0)?;
        let m: String = r.get(1)?;
        let Some(key) = rules
            .by_code(r.get_ref(2)?.as_str()?)
            .map(|k| k.key.as_str())
        else {
            continue;
        };
        let count = u32::try_from(r.get::<_, i64>(3)?.max(1)).unwrap_or(1);
        let before_switch = switch.is_some_and(|s| m < ym(s));
        match renkei_least(key) {
            Some(n) if before_switch => floor = floor.saturating_add(n.saturating_mul(count)),
            _ if key == "terminal" => {
                claimed_terminal.insert((person, m));
            }
            _ => {}
        }
    }
    let accepted: BTreeSet<(String, String)> = kasan_decisions::standing(conn, None, None)?
        .into_iter()
        .filter(|d| {
            d.kasan == "terminal"
                && d.decision == Decision::Accepted
                && d.month >= ym(from)
                && d.month <= ym(until)
        })
        .map(|d| (d.client_id.to_string(), d.month))
        .collect();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(renkei::Facts {
        month,
        from,
        until,
        filed,
        tokutei,
        receptions: u32::try_from(receptions).unwrap_or(u32::MAX),
        receptions_floor: floor,
        floor_read: switch.is_some_and(|s| s > from),
        terminal_accepted: count(accepted.len()),
        terminal_claimed: count(claimed_terminal.difference(&accepted).count()),
    })
}

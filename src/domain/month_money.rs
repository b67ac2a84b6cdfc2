//! The month's money as separate lines — the base fee, the 同一建物減算, the 加算 candidates,
//! the 運営基準減算 at risk, and the 処遇改善加算 on their sum — in units and yen: the one
//! computation the 件数 screen and `careplan caseload` show.

use super::caseload::Caseload;
use super::operating_cut::yen;
use super::rules::{SameBuildingRule, TreatmentImprovement};
use serde::Serialize;
use std::collections::BTreeSet;

/// One line: units (a cut is positive and taken off) and its yen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Line {
    pub units: u64,
    /// How many clients (or 加算 rows) it is made of.
    pub count: usize,
    pub yen: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthMoney {
    pub base: Line,
    /// Taken off the base: clients in the office's building or site, or a building of 20+.
    pub same_building: Line,
    /// The rate is marked 要確認 in the rules table.
    pub same_building_unsure: bool,
    /// The 加算 candidates (never bills: what the records show as earned).
    pub kasan: Line,
    /// The 運営基準減算 the records put at risk (taken off).
    pub cut_at_risk: Line,
    /// base − 同一建物減算 + 加算 − 減算.
    pub subtotal_units: u64,
    /// The 処遇改善加算 on the subtotal, when one is in force.
    pub treatment: Option<Line>,
    pub treatment_rate: Option<String>,
    pub total_units: u64,
    pub total_yen: Option<u64>,
    pub unit_price_hundredths: Option<u32>,
}

/// The parts the lines are made of, in units and counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Parts {
    pub base: (u64, usize),
    pub same_building: (u64, usize),
    pub same_building_unsure: bool,
    pub kasan: (u64, usize),
    pub cut_at_risk: (u64, usize),
}

pub fn compute(
    p: Parts,
    treatment: Option<&TreatmentImprovement>,
    price: Option<u32>,
) -> MonthMoney {
    let line = |(units, count): (u64, usize)| Line {
        units,
        count,
        yen: price.map(|pr| yen(units, pr)),
    };
    let subtotal = (p.base.0 + p.kasan.0).saturating_sub(p.same_building.0 + p.cut_at_risk.0);
    let t = treatment.map(|t| line((t.units_on(subtotal), 0)));
    let total = subtotal + t.map_or(0, |l| l.units);
    MonthMoney {
        base: line(p.base),
        same_building: line(p.same_building),
        same_building_unsure: p.same_building_unsure,
        kasan: line(p.kasan),
        cut_at_risk: line(p.cut_at_risk),
        subtotal_units: subtotal,
        treatment: t,
        treatment_rate: treatment.map(TreatmentImprovement::rate_text),
        total_units: total,
        total_yen: price.map(|pr| yen(total, pr)),
        unit_price_hundredths: price,
    }
}

/// What the month's records add to its caseload: read once per month (the 件数 screen keeps
/// it beside the caseload it shows).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Inputs {
    pub month: chrono::NaiveDate,
    /// Clients in a 同一建物 period on a day of the month.
    pub same_building: BTreeSet<i64>,
    /// The 同一建物減算 in force at the month's end.
    pub same_building_rule: Option<SameBuildingRule>,
    /// The 加算 candidates: units and rows.
    pub kasan: (u64, usize),
    /// The 運営基準減算 at risk: units and clients.
    pub cut_at_risk: (u64, usize),
}

/// The money lines of a caseload as recorded: its base units, the 同一建物減算 on its counted
/// clients, and the inputs' 加算 and 減算.
pub fn for_caseload(c: &Caseload, i: &Inputs) -> MonthMoney {
    let mut same = (0u64, 0usize);
    if let Some(rule) = &i.same_building_rule {
        for x in c
            .clients
            .iter()
            .filter(|x| x.client_id.is_some_and(|id| i.same_building.contains(&id)))
        {
            same.0 += rule.units_cut(u64::from(x.units));
            same.1 += 1;
        }
    }
    compute(
        Parts {
            base: (c.units_total, c.clients.len()),
            same_building: same,
            same_building_unsure: i.same_building_rule.as_ref().is_some_and(|r| r.unsure),
            kasan: i.kasan,
            cut_at_risk: i.cut_at_risk,
        },
        c.rules.treatment_improvement.as_ref(),
        c.unit_price_hundredths,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::RuleBook;
    use chrono::NaiveDate;

    #[test]
    fn the_lines_add_up_and_the_treatment_rides_on_their_sum() {
        let june = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let book = RuleBook::builtin();
        let t = book.in_force(june).rules.treatment_improvement_on(june);
        let m = compute(
            Parts {
                base: (10_000, 8),
                same_building: (54, 1),
                same_building_unsure: true,
                kasan: (550, 2),
                cut_at_risk: (706, 1),
            },
            t,
            Some(1140),
        );
        assert_eq!(m.subtotal_units, 10_000 - 54 + 550 - 706);
        // 2.1% of 9,790 = 205.59 → 206.
        assert_eq!(m.treatment.unwrap().units, 206);
        assert_eq!(m.total_units, 9_996);
        assert_eq!(m.total_yen, Some(9_996 * 1140 / 100));
        assert_eq!(m.same_building.yen, Some(54 * 1140 / 100));
        // Before 2026-06 there is no 処遇改善加算 line.
        let m = compute(Parts::default(), None, None);
        assert!(m.treatment.is_none() && m.total_yen.is_none());
    }
}

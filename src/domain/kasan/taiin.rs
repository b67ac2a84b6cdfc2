//! 退院・退所加算 (I)イ … (III) (kasan.md §A.3): information received from the hospital or
//! facility between the admission and `window_days` after the discharge, counted in distinct
//! days, with or without a カンファレンス; claimed once per stay, in the first month on or after
//! the discharge with 給付管理, with the plan made for the return home.

use super::evidence::{common_missing, method_missing};
use super::reason::{Lack, Part, Why};
use super::{ClientRecords, Ctx, Fix, Note, Row, Status, Stay, Verdict};
use chrono::{Datelike, Days, Months, NaiveDate};
use std::collections::BTreeSet;

/// The case-record category of an information reception (one entry per reception day).
pub const CATEGORY: &str = "discharge_info";

/// The 区分 of `n` reception days, `conference` if any was at a conference (kasan.md's table).
pub fn division(n: usize, conference: bool) -> Option<&'static str> {
    match (n, conference) {
        (0, _) => None,
        (1, false) => Some("taiin_1i"),
        (1, true) => Some("taiin_1ro"),
        (_, false) => Some("taiin_2i"),
        (2, true) => Some("taiin_2ro"),
        (_, true) => Some("taiin_3"),
    }
}

/// The fewest reception days a claimed 区分 stands for (the inverse of `division`): what a
/// claim code from before the switch-over proves of the 連携回数 (kasan.md §A.8).
pub fn least_receptions(key: &str) -> Option<u32> {
    match key {
        "taiin_1i" | "taiin_1ro" => Some(1),
        "taiin_2i" | "taiin_2ro" => Some(2),
        "taiin_3" => Some(3),
        _ => None,
    }
}

fn first_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The month the 加算 of a stay is claimed in: the first month from the discharge's on with
/// 給付管理 (three tried: a longer gap is a new start, and careplan does not guess).
fn claim_month(c: &ClientRecords<'_>, discharged: NaiveDate) -> Option<NaiveDate> {
    (0..3)
        .filter_map(|n| first_of(discharged).checked_add_months(Months::new(n)))
        .find(|m| !c.client.no_benefit_months.contains(m))
}

fn of_stay(c: &ClientRecords<'_>, ctx: &Ctx<'_>, stay: &Stay, window: u64) -> Option<Row> {
    let id = c.client.id;
    let discharged = stay.discharged_on?;
    if stay.destination.as_deref() != Some("home") || claim_month(c, discharged) != Some(ctx.month)
    {
        return None;
    }
    let until = discharged
        .checked_add_days(Days::new(window))
        .unwrap_or(discharged);
    let notes: Vec<&Note> = c
        .notes
        .iter()
        .filter(|n| {
            n.category == CATEGORY
                && n.fields.as_ref().and_then(|f| f.stay_id) == Some(stay.id)
                && n.date() >= stay.admitted_on
                && n.date() <= until
        })
        .collect();
    let days: BTreeSet<NaiveDate> = notes.iter().map(|n| n.date()).collect();
    let conference = notes
        .iter()
        .any(|n| n.fields.as_ref().and_then(|f| f.conference) == Some(true));
    let Some(key) = division(days.len(), conference) else {
        let mut r = ctx.row(
            id,
            "taiin_1i",
            Status::Incomplete,
            Why::TaiinNoReception { discharged, until },
        )?;
        r.by = Some(until);
        r.stay_id = Some(stay.id);
        r.fix = Some(Fix::Note {
            category: super::FixCategory(CATEGORY),
            stay_id: Some(stay.id),
        });
        return Some(r);
    };
    let mut missing: Vec<Lack> = Vec::new();
    let mut fix = None;
    for n in &notes {
        let mut m = common_missing(n);
        m.extend(method_missing(n));
        let f = n.fields.clone().unwrap_or_default();
        if f.conference.is_none() {
            m.push(Part::ConferenceFlag);
        }
        if f.conference == Some(true) {
            if n.attendees.trim().is_empty() {
                m.push(Part::Attendees);
            }
            if f.document_on_file != Some(true) {
                m.push(Part::JointGuidanceCopy);
            }
        }
        if !m.is_empty() {
            missing.push(Lack::EntryParts {
                on: n.date(),
                parts: m,
            });
            fix.get_or_insert(Fix::Correct(n.id));
        }
    }
    let plan = c
        .plans
        .iter()
        .filter(|p| !p.draft && p.plan_date >= stay.admitted_on && p.plan_date <= ctx.end())
        .max_by_key(|p| p.plan_date);
    if plan.is_none() {
        missing.push(Lack::PlanAfterDischarge { by: ctx.end() });
        fix.get_or_insert(Fix::Plan);
    }
    // One per stay: an accepted one in another month, or one claimed (imported claims, read
    // by code) in a month since the admission.
    let other_accepted = c.decisions.iter().any(|d| {
        d.kasan.starts_with("taiin_")
            && d.stay_id == Some(stay.id)
            && d.month != ctx.month
            && d.verdict == Verdict::Accepted
    });
    let claimed = c.claims.iter().any(|m| {
        m.month >= first_of(stay.admitted_on)
            && m.month != ctx.month
            && m.codes.iter().any(|code| {
                ctx.rules
                    .by_code(code)
                    .is_some_and(|r| r.key.starts_with("taiin_"))
            })
    });
    let (status, reason) = if other_accepted || claimed {
        (Status::Excluded, Why::TaiinOncePerStay)
    } else if !missing.is_empty() {
        (Status::Incomplete, Why::Missing { lacks: missing })
    } else {
        (
            Status::Candidate,
            Why::TaiinReceived {
                discharged,
                days: days.len(),
                conference,
            },
        )
    };
    let mut r = ctx.row(id, key, status, reason)?;
    r.evidence = notes.iter().map(|n| n.id).collect();
    r.stay_id = Some(stay.id);
    r.plan_id = plan.map(|p| p.id);
    if status == Status::Incomplete && plan.is_none() {
        r.by = Some(ctx.end());
    }
    if status == Status::Incomplete {
        r.fix = fix;
    }
    Some(r)
}

pub(super) fn judge(c: &ClientRecords<'_>, ctx: &Ctx<'_>) -> Vec<Row> {
    let window = ctx
        .rules
        .on("taiin_1i", ctx.end())
        .and_then(|r| r.window_days)
        .unwrap_or(7);
    c.stays
        .iter()
        .filter_map(|s| of_stay(c, ctx, s, u64::from(window)))
        .collect()
}

//! ターミナルケアマネジメント加算 (kasan.md §A.6): a client who died at home, with the consent on
//! record before the visits, a doctor's judgement confirmed, liaison with the doctor and the
//! providers, the office's 24-hour contact system, and home visits on `min_days` distinct days
//! within the death day and the `window_days` before it. Shown in the death month (the month of
//! the last visit is the other reading: the reason names it when it differs).

use super::reason::{Lack, Why};
use super::{ClientRecords, Ctx, Fix, Row, Status};
use crate::domain::case_record::VISIT;
use chrono::{Datelike, Days, NaiveDate};
use std::collections::BTreeSet;

const KEY: &str = "terminal";

pub(super) fn judge(c: &ClientRecords<'_>, ctx: &Ctx<'_>) -> Option<Row> {
    let died = c.died_on.filter(|d| *d >= ctx.month && *d <= ctx.end())?;
    let rule = ctx.rules.on(KEY, ctx.end())?;
    let from = died
        .checked_sub_days(Days::new(u64::from(rule.window_days.unwrap_or(14))))
        .unwrap_or(died);
    let need = usize::try_from(rule.min_days.unwrap_or(2)).unwrap_or(2);
    let visits: Vec<_> = c
        .notes
        .iter()
        .filter(|n| n.counts_as.is_home_visit() && n.date() >= from && n.date() <= died)
        .collect();
    let days: BTreeSet<NaiveDate> = visits.iter().map(|n| n.date()).collect();
    let judgement: Vec<_> = c
        .notes
        .iter()
        .filter(|n| n.category == "terminal_judgement" && n.date() <= died)
        .collect();
    let liaison: Vec<_> = c
        .notes
        .iter()
        .filter(|n| n.category == "terminal_liaison" && n.date() <= died)
        .collect();
    let mut missing = Vec::new();
    // What records the first piece missing.
    let mut fix = None;
    match c.death_place.as_deref() {
        None => {
            missing.push(Lack::DeathPlace);
            fix = Some(Fix::Terminal);
        }
        Some("home") => {}
        Some(_) => {
            let mut r = ctx.row(
                c.client.id,
                KEY,
                Status::CannotJudge,
                Why::TerminalNotAtHome,
            )?;
            r.evidence = visits.iter().map(|n| n.id).collect();
            return Some(r);
        }
    }
    if days.len() < need {
        missing.push(Lack::HomeVisits {
            from,
            to: died,
            days: days.len(),
            need,
        });
        fix.get_or_insert(Fix::Note {
            category: super::FixCategory(VISIT),
            stay_id: None,
        });
    }
    match (c.terminal_consent_on, days.first()) {
        (None, _) => {
            missing.push(Lack::TerminalConsent);
            fix.get_or_insert(Fix::Terminal);
        }
        (Some(on), Some(first)) if on > *first => {
            missing.push(Lack::ConsentBeforeVisit {
                visit: *first,
                consent: on,
            });
            fix.get_or_insert(Fix::Terminal);
        }
        _ => {}
    }
    if judgement.is_empty() {
        missing.push(Lack::DoctorJudgement);
        fix.get_or_insert(Fix::Note {
            category: super::FixCategory("terminal_judgement"),
            stay_id: None,
        });
    }
    if liaison.is_empty() {
        missing.push(Lack::Liaison);
        fix.get_or_insert(Fix::Note {
            category: super::FixCategory("terminal_liaison"),
            stay_id: None,
        });
    }
    if !ctx.office.contact_24h.iter().any(|p| p.covers(died)) {
        missing.push(Lack::Contact24h);
        fix.get_or_insert(Fix::Office);
    }
    let last_visit = days.last().copied();
    let mut r = if missing.is_empty() {
        let why = Why::TerminalDied {
            died,
            days: days.len(),
        };
        let mut r = ctx.row(c.client.id, KEY, Status::Candidate, why)?;
        if let Some(v) = last_visit.filter(|v| v.month() != died.month() || v.year() != died.year())
        {
            r.reason.note(Why::LastVisitOtherMonth { visit: v });
        }
        r
    } else {
        ctx.row(
            c.client.id,
            KEY,
            Status::Incomplete,
            Why::Missing { lacks: missing },
        )?
    };
    r.fix = fix.filter(|_| r.status == Status::Incomplete);
    r.evidence = visits
        .iter()
        .chain(judgement.iter())
        .chain(liaison.iter())
        .map(|n| n.id)
        .collect();
    r.evidence.sort_unstable();
    r.evidence.dedup();
    Some(r)
}

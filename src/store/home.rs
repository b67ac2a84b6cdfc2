//! ホーム's deadline list from what the store holds: one function that both the screen and
//! `careplan deadlines` use, so that they list exactly the same items.

use super::clients::{self, ClientSummary};
use super::deliveries::{LedgerDeadlines, ledger_deadlines};
use crate::domain::caseload::{CertFact, Facts};
use crate::domain::deadlines::{
    Assigned, ClientCertifications, Deadline, DeadlineFacts, MonitoringFacts, Who, deadlines,
};
use crate::domain::delivery::DeadlineRules;
use crate::domain::exchange_move::{MoveRisk, move_risk};
use crate::domain::plan_steps::Failure;
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use rusqlite::Connection;
use std::collections::HashMap;

/// ホーム's deadlines from what is loaded: the client list (in its order: same-day deadlines
/// keep it), every certification of the active clients (from the caseload facts) and the
/// ledger's part (counts, plans and their process steps, outreach, the office's expiries, the
/// calendar).
pub fn assemble(
    today: NaiveDate,
    rules: &DeadlineRules,
    clients: &[ClientSummary],
    facts: &Facts,
    ledger: &LedgerDeadlines,
) -> Vec<Deadline> {
    let active: Vec<&ClientSummary> = clients
        .iter()
        .filter(|c| c.contract_end.is_none_or(|e| e >= today))
        .collect();
    let by_id: HashMap<i64, (usize, &str)> = active
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, (i, c.name.as_str())))
        .collect();
    let named = |items: &[(i64, NaiveDate)]| {
        let mut v: Vec<(usize, i64, &str, NaiveDate)> = items
            .iter()
            .filter_map(|(id, d)| by_id.get(id).map(|(i, n)| (*i, *id, *n, *d)))
            .collect();
        v.sort();
        v.into_iter()
            .map(|(_, id, n, d)| {
                (
                    Who {
                        id,
                        name: n.to_string(),
                    },
                    d,
                )
            })
            .collect::<Vec<_>>()
    };
    // Plan steps, in the client list's order as the other client items.
    let mut plan_steps: Vec<(usize, Who, Vec<Failure>, NaiveDate)> = ledger
        .plan_steps
        .iter()
        .filter_map(|(id, steps, since)| {
            by_id.get(id).map(|(i, n)| {
                let who = Who {
                    id: *id,
                    name: n.to_string(),
                };
                (*i, who, steps.clone(), *since)
            })
        })
        .collect();
    plan_steps.sort_by_key(|x| x.0);
    let certs: HashMap<i64, &[CertFact]> = facts
        .clients
        .iter()
        .map(|c| (c.id, c.certifications.as_slice()))
        .collect();
    let office = super::enrollment::office_move(&ledger.office_exchange, &ledger.exchange_history);
    let f = DeadlineFacts {
        schedules_unsent_next_month: ledger.schedules_unsent_next_month,
        actuals_missing_last_month: ledger.actuals_missing_last_month,
        certifications: active
            .iter()
            .filter_map(|c| {
                certs.get(&c.id).map(|cs| ClientCertifications {
                    id: c.id,
                    name: c.name.clone(),
                    certifications: cs.to_vec(),
                })
            })
            .collect(),
        plan_periods: named(&ledger.plan_periods),
        awaiting_consent: named(&ledger.awaiting_consent),
        plan_steps: plan_steps
            .into_iter()
            .map(|(_, who, steps, since)| (who, steps, since))
            .collect(),
        follow_ups: ledger.follow_ups.clone(),
        office_expiries: ledger.office_expiries.clone(),
        calendar: ledger.calendar.clone(),
        office_web_registered: office.registered,
        providers_web_unconfirmed: ledger.providers_web_unconfirmed,
        records_since_unset: ledger.records_since_unset,
        concentration: ledger.concentration.clone(),
        monitoring: ledger.monitoring.named(&by_id),
    };
    deadlines(today, rules, &f)
}

/// This month's monitoring as ホーム keeps it with the month counts: client ids only (the names
/// come from the client list when ホーム is assembled, so the kept row stays small).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MonitoringIds {
    /// By care manager: the clients whose month fails so far (none yet running two months).
    pub missing: Vec<(Assigned, Vec<i64>)>,
    /// Clients failing a second month running or more, with the months.
    pub running: Vec<(i64, u32)>,
    /// Clients whose video monitoring does not count this month (not yet running two months),
    /// and whether consent is what it lacks (else the home visit before it).
    #[serde(default)]
    pub video: Vec<(i64, bool)>,
    /// Clients at risk, units and yen (None when the office's 地域区分 is not set).
    pub at_risk: (usize, u64, Option<u64>),
    /// Of the clients at risk: those whose cut a visit would clear (the monitoring is among its
    /// causes) and those with a plan step among them.
    #[serde(default)]
    pub at_risk_by: (usize, usize),
}

impl MonitoringIds {
    /// Clients still without a valid monitoring this month.
    pub fn missing_count(&self) -> usize {
        self.missing.iter().map(|(_, v)| v.len()).sum::<usize>()
            + self.running.len()
            + self.video.len()
    }

    /// With the clients named (those not in `names`, e.g. whose contract ended, left out).
    fn named(&self, names: &HashMap<i64, (usize, &str)>) -> MonitoringFacts {
        let who = |id: &i64| {
            names.get(id).map(|(_, n)| Who {
                id: *id,
                name: n.to_string(),
            })
        };
        MonitoringFacts {
            missing: self
                .missing
                .iter()
                .map(|(cm, ids)| (cm.clone(), ids.iter().filter_map(who).collect::<Vec<_>>()))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
            running: self
                .running
                .iter()
                .filter_map(|(id, n)| who(id).map(|w| (w, *n)))
                .collect(),
            video: self
                .video
                .iter()
                .filter_map(|(id, consent)| who(id).map(|w| (w, *consent)))
                .collect(),
            at_risk: self.at_risk,
            at_risk_by: self.at_risk_by,
        }
    }
}

/// This month's monitoring as ホーム lists it: the clients failing so far by care manager,
/// those failing a second month running on their own, and what is at risk.
pub fn monitoring_facts(r: &super::compliance::MonthReport) -> MonitoringIds {
    let mut missing: Vec<(Assigned, Vec<i64>)> = Vec::new();
    let mut running = Vec::new();
    let mut video = Vec::new();
    for c in r.clients.iter().filter(|c| c.monitoring.fails) {
        let who = c.client_id;
        if c.monitoring.consecutive_missing >= 2 {
            running.push((who, c.monitoring.consecutive_missing));
            continue;
        }
        // A video that does not count is cleared by what it lacks, named on its own line.
        if c.monitoring.status == crate::domain::monitoring::Status::Video {
            let consent = c
                .causes()
                .iter()
                .any(|x| x.cause == crate::domain::operating_cut::Cause::VideoWithoutConsent);
            video.push((who, consent));
            continue;
        }
        let cm = c.care_manager_id.zip(c.care_manager.clone());
        match missing.iter_mut().find(|(k, _)| *k == cm) {
            Some((_, v)) => v.push(who),
            None => missing.push((cm, vec![who])),
        }
    }
    missing.sort_by(|a, b| a.0.as_ref().map(|x| &x.1).cmp(&b.0.as_ref().map(|x| &x.1)));
    MonitoringIds {
        missing,
        running,
        video,
        at_risk: (
            r.total.at_risk(),
            r.total.units_at_risk,
            r.total.yen_at_risk,
        ),
        at_risk_by: r
            .clients
            .iter()
            .filter(|c| c.cut.reduction != crate::domain::operating_cut::Reduction::None)
            .fold((0, 0), |(visits, steps), c| {
                let f = &c.cut.failures;
                let step = f
                    .iter()
                    .any(|x| matches!(x, crate::domain::operating_cut::Failure::Step(_)));
                (
                    visits + usize::from(c.monitoring.fails),
                    steps + usize::from(step),
                )
            }),
    }
}

/// What the office stands to lose at the move if not registered (ホーム and the office panel).
pub fn assemble_move_risk(
    today: NaiveDate,
    facts: &Facts,
    ledger: &LedgerDeadlines,
) -> Option<MoveRisk> {
    let office = super::enrollment::office_move(&ledger.office_exchange, &ledger.exchange_history);
    move_risk(today, facts, &ledger.calendar, office)
}

/// Everything ホーム reads, from the store, for `today`.
pub struct Home {
    pub deadlines: Vec<Deadline>,
    pub move_risk: Option<MoveRisk>,
}

/// ホーム's deadline list and the move's risk as the screen shows them on `today`.
pub fn home(conn: &Connection, today: NaiveDate, rules: &DeadlineRules) -> Result<Home> {
    let clients = clients::list(conn, today)?;
    let facts = super::caseload::facts(conn)?;
    let ledger = ledger_deadlines(conn, today)?;
    Ok(Home {
        deadlines: assemble(today, rules, &clients, &facts, &ledger),
        move_risk: assemble_move_risk(today, &facts, &ledger),
    })
}

//! ホーム's deadline list from what the store holds: one function that both the screen and
//! `careplan deadlines` use, so that they list exactly the same items.

use super::clients::{self, ClientSummary};
use crate::domain::caseload::{CertFact, Facts};
use crate::domain::dates::{from_iso, month_start};
use crate::domain::deadlines::{
    Assigned, ClientCertifications, Deadline, DeadlineFacts, MonitoringFacts, Who, deadlines,
};
use crate::domain::delivery::{DeadlineRules, DeliveryKind};
use crate::domain::exchange_move::{MoveRisk, move_risk};
use crate::domain::plan::PlanStatus;
use crate::domain::plan_steps::Absences;
use crate::domain::plan_steps::Failure;
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use rusqlite::Connection;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
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
                    name: std::borrow::Cow::Borrowed(c.name.as_str()),
                    certifications: std::borrow::Cow::Borrowed(*cs),
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
        kasan_incomplete: ledger
            .kasan_incomplete
            .iter()
            .filter_map(|k| {
                by_id.get(&k.client_id).map(|(_, n)| {
                    let who = Who {
                        id: k.client_id,
                        name: n.to_string(),
                    };
                    (who, k.name.clone(), k.missing.clone(), k.due, k.fix)
                })
            })
            .collect(),
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
    Judgements::of(r).monitoring()
}

/// One client of the month that fails or would be cut, as ホーム's monitoring reads it:
/// (client, care manager, fails, run of failing months, a video that does not count — and
/// whether consent is what it lacks —, would be cut, units at risk, a plan step among the
/// causes). A tuple: thousands are kept with the month counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
struct Judged(i64, Option<i64>, bool, u32, Option<bool>, bool, u64, bool);

impl Judged {
    /// A client's month as ホーム keeps it; None when it neither fails nor would be cut.
    fn of(
        client: i64,
        manager: Option<i64>,
        monitoring: &crate::domain::monitoring::MonthStatus,
        cut: &crate::domain::operating_cut::Cut,
    ) -> Option<Judged> {
        use crate::domain::operating_cut::{Cause, Failure, Reduction};
        let would_cut = cut.reduction != Reduction::None;
        if !(monitoring.fails || would_cut || cut.units_at_risk > 0) {
            return None;
        }
        // A video that does not count is cleared by what it lacks.
        let video = (monitoring.fails
            && monitoring.status == crate::domain::monitoring::Status::Video)
            .then(|| {
                crate::domain::operating_cut::causes(monitoring, cut)
                    .iter()
                    .any(|x| x.cause == Cause::VideoWithoutConsent)
            });
        let step = cut.failures.iter().any(|x| matches!(x, Failure::Step(_)));
        Some(Judged(
            client,
            manager,
            monitoring.fails,
            monitoring.consecutive_missing,
            video,
            would_cut,
            cut.units_at_risk,
            step,
        ))
    }

    /// Failing a second month running or more (listed on its own, and blocking the 加算).
    fn running(&self) -> bool {
        self.2 && self.3 >= 2
    }
}

/// The month's clients that fail or would be cut, judged on one day: what `MonitoringIds` is
/// made from, kept so that another day judges again only the clients it may change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
struct Judgements {
    /// In the report's order (`compliance::report_order`).
    clients: Vec<Judged>,
    /// The care managers of `clients`, named.
    managers: Vec<(i64, String)>,
    /// The month's unit price in hundredths of a yen (None: the office's 地域区分 is not set).
    price: Option<u32>,
}

impl Judgements {
    /// From a month's report (the screens that build it).
    fn of(r: &super::compliance::MonthReport) -> Judgements {
        let clients = r
            .clients
            .iter()
            .filter_map(|c| Judged::of(c.client_id, c.care_manager_id, &c.monitoring, &c.cut))
            .collect();
        let names = r
            .clients
            .iter()
            .filter_map(|c| c.care_manager_id.zip(c.care_manager.as_deref()));
        Judgements::named(clients, names, r.unit_price_hundredths)
    }

    /// The month judged from `cf` with no report built: only the clients ホーム keeps.
    fn judge(
        cf: &super::compliance::ComplianceFacts,
        month: NaiveDate,
        today: NaiveDate,
        extra: &super::compliance::Extra,
    ) -> Result<Judgements> {
        let j = super::compliance::judge_each(cf, month, today, extra, |c| {
            Judged::of(c.fact.id, c.care_manager_id, &c.monitoring, &c.cut)
        })?;
        let names = cf.facts.staff.iter().map(|s| (s.id, s.name.as_str()));
        Ok(Judgements::named(j.clients, names, j.unit_price_hundredths))
    }

    /// `clients` with the names of their care managers (from `names`), in the order they
    /// first appear among them; a care manager without a name counts as none.
    fn named<'a>(
        mut clients: Vec<Judged>,
        names: impl Iterator<Item = (i64, &'a str)>,
        price: Option<u32>,
    ) -> Judgements {
        let names: HashMap<i64, &str> = names.collect();
        let mut managers: Vec<(i64, String)> = Vec::new();
        for j in &mut clients {
            let Some(id) = j.1 else { continue };
            match names.get(&id) {
                None => j.1 = None,
                Some(name) if !managers.iter().any(|(m, _)| *m == id) => {
                    managers.push((id, name.to_string()));
                }
                Some(_) => {}
            }
        }
        Judgements {
            clients,
            managers,
            price,
        }
    }

    /// With `clients` (sorted) judged again in `fresh`: their old judgements replaced, in the
    /// report's order (`rank`: client → place in it).
    fn patched(mut self, clients: &[i64], fresh: Judgements, rank: &HashMap<i64, usize>) -> Self {
        self.clients
            .retain(|j| clients.binary_search(&j.0).is_err());
        self.clients.extend(fresh.clients);
        self.clients
            .sort_by_key(|j| rank.get(&j.0).copied().unwrap_or(usize::MAX));
        for m in fresh.managers {
            if !self.managers.iter().any(|(id, _)| *id == m.0) {
                self.managers.push(m);
            }
        }
        self.price = fresh.price;
        self
    }

    /// Clients failing a second month running or more, with the months: what blocks the 加算.
    fn running(&self) -> Vec<(i64, u32)> {
        self.clients
            .iter()
            .filter(|j| j.running())
            .map(|j| (j.0, j.3))
            .collect()
    }

    fn monitoring(&self) -> MonitoringIds {
        let names: HashMap<i64, &str> = self
            .managers
            .iter()
            .map(|(id, n)| (*id, n.as_str()))
            .collect();
        // Grouped by the care manager's id (None: none named), named once per group.
        let mut by_manager: Vec<(Option<i64>, Vec<i64>)> = Vec::new();
        let mut video = Vec::new();
        for j in &self.clients {
            let &Judged(who, manager, fails, _, lacks, ..) = j;
            if !fails || j.running() {
                continue;
            }
            if let Some(consent) = lacks {
                video.push((who, consent));
                continue;
            }
            let cm = manager.filter(|id| names.contains_key(id));
            match by_manager.iter_mut().find(|(k, _)| *k == cm) {
                Some((_, v)) => v.push(who),
                None => by_manager.push((cm, vec![who])),
            }
        }
        let mut missing: Vec<(Assigned, Vec<i64>)> = by_manager
            .into_iter()
            .map(|(cm, ids)| {
                (
                    cm.and_then(|id| Some((id, names.get(&id)?.to_string()))),
                    ids,
                )
            })
            .collect();
        missing.sort_by(|a, b| a.0.as_ref().map(|x| &x.1).cmp(&b.0.as_ref().map(|x| &x.1)));
        let cut = self.clients.iter().filter(|j| j.5);
        let units: u64 = self.clients.iter().map(|j| j.6).sum();
        MonitoringIds {
            missing,
            running: self.running(),
            video,
            at_risk: (
                cut.clone().count(),
                units,
                self.price
                    .map(|p| crate::domain::operating_cut::yen(units, p)),
            ),
            at_risk_by: cut.fold((0, 0), |(visits, steps), j| {
                (visits + usize::from(j.2), steps + usize::from(j.7))
            }),
        }
    }
}

/// What the office stands to lose at the move if not registered (ホーム and the office panel).
/// `month_caseload`: this month's caseload as it stands, when the screen has it.
pub fn assemble_move_risk(
    today: NaiveDate,
    facts: &Facts,
    month_caseload: Option<&crate::domain::caseload::Caseload>,
    ledger: &LedgerDeadlines,
) -> Option<MoveRisk> {
    let office = super::enrollment::office_move(&ledger.office_exchange, &ledger.exchange_history);
    move_risk(today, facts, month_caseload, &ledger.calendar, office)
}

/// Everything ホーム reads, from the store, for `today`.
pub struct Home {
    pub deadlines: Vec<Deadline>,
    pub move_risk: Option<MoveRisk>,
}

/// ホーム's deadline list and the move's risk as the screen shows them on `today`.
pub fn home(conn: &Connection, today: NaiveDate, rules: &DeadlineRules) -> Result<Home> {
    let clients = clients::list(conn, today)?;
    let shared = super::caseload::Shared::default();
    let facts = shared.get(conn)?;
    let ledger = ledger_deadlines_with(conn, today, &shared)?;
    Ok(Home {
        deadlines: assemble(today, rules, &clients, &facts, &ledger),
        move_risk: assemble_move_risk(today, &facts, None, &ledger),
    })
}

/// What the ledger contributes to ホーム's deadlines, by client id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LedgerDeadlines {
    pub schedules_unsent_next_month: usize,
    pub actuals_missing_last_month: usize,
    /// (client, period end) of the plan in force this month.
    pub plan_periods: Vec<(i64, NaiveDate)>,
    /// (client, plan date) of revisions waiting for consent.
    pub awaiting_consent: Vec<(i64, NaiveDate)>,
    /// (client, steps missing, since) of the plan steps the records do not prove this month.
    pub plan_steps: Vec<(i64, Vec<Failure>, NaiveDate)>,
    /// (provider id, name, next follow-up) of outreach to providers not yet enrolled.
    pub follow_ups: Vec<(i64, String, NaiveDate)>,
    pub office_expiries: Vec<crate::domain::enrollment::Expiry>,
    /// The national calendar in force.
    pub calendar: Vec<crate::domain::calendar::CalendarItem>,
    /// The office's exchange settings (its WEB-service registration) and status history.
    pub office_exchange: super::enrollment::OfficeExchange,
    pub exchange_history: Vec<super::enrollment::StatusRow>,
    /// Enrolled providers whose WEB-service registration is not confirmed.
    pub providers_web_unconfirmed: usize,
    /// The office has not said from when its records are kept here (記録開始日).
    pub records_since_unset: bool,
    /// This month's monitoring and 運営基準減算 at risk, as ホーム lists them.
    pub monitoring: MonitoringIds,
    /// Providers serving this month's clients, and those of them enrolled in the exchange.
    pub providers_serving: usize,
    pub providers_enrolled: usize,
    /// The 特定事業所集中減算 worksheet due soon (read only within its warning days).
    pub concentration: Option<crate::domain::concentration::ReportDue>,
    /// Month counts computed afresh, to be kept for the next start by the connection that will
    /// keep reading (a write from another connection would look like another session's
    /// change): `keep_month_counts`.
    pub keep: Option<KeptCounts>,
    /// This month's 加算 lacking evidence.
    pub kasan_incomplete: Vec<super::kasan::Incomplete>,
}

/// Freshly computed month counts and the change stamp they were computed at.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptCounts {
    stamp: i64,
    /// Written as JSON only when kept: after ホーム is on screen, not before.
    counts: Box<MonthCounts>,
}

/// Counts over last and next month's cells and the plans' dates, without building boards.
pub fn ledger_deadlines(conn: &Connection, today: NaiveDate) -> Result<LedgerDeadlines> {
    ledger_deadlines_with(conn, today, &super::caseload::Shared::default())
}

/// `ledger_deadlines` taking the caseload facts, when the month is judged, from `facts`
/// (shared with the thread that reads them for the screen).
pub fn ledger_deadlines_with(
    conn: &Connection,
    today: NaiveDate,
    facts: &super::caseload::Shared,
) -> Result<LedgerDeadlines> {
    // What does not depend on the month's counts first: while a full count is computed its
    // other threads are still reading.
    let mut out = LedgerDeadlines::default();
    // The exchange: who is enrolled (by the latest observation), who to follow up, and the
    // office's own expiries.
    let observations = super::enrollment::observations(conn)?;
    out.calendar = super::calendar::in_force(conn)?;
    let move_on = crate::domain::calendar::move_date(&out.calendar);
    let standing = |p: &i64| {
        crate::domain::enrollment::Standing::of(
            observations.get(p).map(Vec::as_slice).unwrap_or_default(),
            today,
            move_on,
        )
    };
    let enrolled = |p: &i64| standing(p).is_enrolled();
    out.providers_web_unconfirmed = observations
        .keys()
        .filter(|p| standing(p).web_unconfirmed())
        .count();
    let names: HashMap<i64, String> = conn
        .prepare_cached("SELECT id, name FROM providers")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (provider, acts) in super::enrollment::activities(conn)? {
        if let Some(next) = acts.last().and_then(|a| a.next_follow_up)
            && !enrolled(&provider)
        {
            let name = names.get(&provider).cloned().unwrap_or_default();
            out.follow_ups.push((provider, name, next));
        }
    }
    out.follow_ups
        .sort_by(|a, b| (&a.1, a.2, a.0).cmp(&(&b.1, b.2, b.0)));
    out.office_exchange = super::enrollment::office_exchange(conn)?;
    out.exchange_history = super::enrollment::exchange_history(conn)?;
    out.office_expiries = super::enrollment::expiries(&out.office_exchange, today, move_on);
    out.concentration = super::concentration::report_due(conn, today)?;
    out.records_since_unset = super::office::records_since(conn)?.is_none();
    // Waiting for consent, however old (outside the span read above).
    let mut st = conn.prepare_cached(
        "SELECT client_id, plan_date FROM care_plans WHERE status = ?1 ORDER BY client_id, plan_date",
    )?;
    for r in st.query_map([PlanStatus::AwaitingConsent.code()], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })? {
        let (client, date) = r?;
        if let Some(d) = from_iso(&date) {
            out.awaiting_consent.push((client, d));
        }
    }

    let (counts, keep) = month_counts(conn, today, facts)?;
    out.keep = keep;
    out.schedules_unsent_next_month = counts.unsent_next_month;
    out.actuals_missing_last_month = counts.missing_last_month;
    out.plan_periods = counts.plan_periods;
    out.plan_steps = counts
        .plan_steps
        .iter()
        .filter_map(|(client, absent)| {
            let missing = crate::domain::plan_steps::missing_of(absent, today);
            let since = crate::domain::plan_steps::since_of(absent, today)?;
            Some((*client, missing, since))
        })
        .collect();
    out.monitoring = counts.judged.monitoring();
    out.kasan_incomplete = counts.kasan_incomplete;
    let serving = counts.serving;
    out.providers_serving = serving.len();
    out.providers_enrolled = serving.iter().filter(|p| enrolled(p)).count();
    Ok(out)
}

/// The part of ホーム's deadlines that reads every client's month (cells of last and next
/// month, the plans in force, who serves this month). Kept in the database with the change
/// stamp it was computed at: the triggers of migration 007 move the stamp on every change to
/// the tables it reads, so a kept summary with the current stamp and month is exact, and a
/// start or a return to ホーム without changes reads one row instead of every client's month.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
struct MonthCounts {
    /// `COUNTS_RULE` when computed: kept counts of an older rule are computed again.
    rule: u32,
    month: NaiveDate,
    unsent_next_month: usize,
    missing_last_month: usize,
    /// (client, period end) of the plan in force this month.
    plan_periods: Vec<(i64, NaiveDate)>,
    /// Providers serving this month's clients.
    serving: Vec<i64>,
    /// Each client's plan steps not proven in the month, with the day each counts from (read
    /// for the day: `plan_steps::missing_of`).
    plan_steps: Vec<(i64, Absences)>,
    /// The last month of the ledger span the counts were read from (`ledger_span_end`): it
    /// moves with the day late in some months, and the counts then are read again.
    span_end: NaiveDate,
    /// The day the monitoring was judged on: the month in progress is judged as if it ended
    /// that day, so kept monitoring serves that day only (the rest serves the whole month).
    day: NaiveDate,
    /// This month's monitoring and 運営基準減算 at risk, judged on `day`
    /// (`Judgements::monitoring`).
    judged: Judgements,
    /// This month's 加算 lacking evidence on `day` (`kasan::incomplete`): judged once per
    /// change, not on every return to ホーム.
    kasan_incomplete: Vec<super::kasan::Incomplete>,
}

/// Raise when the counting changes, so that counts kept by an older release are not used.
const COUNTS_RULE: u32 = 12;

fn month_counts(
    conn: &Connection,
    today: NaiveDate,
    facts: &super::caseload::Shared,
) -> Result<(MonthCounts, Option<KeptCounts>)> {
    let this = month_start(today);
    // One read snapshot for the stamp and what is computed from it (rolled back on drop).
    let tx = conn.unchecked_transaction()?;
    let read = (|| -> Result<(i64, Option<MonthCounts>, MonthCounts)> {
        let stamp: i64 =
            conn.query_row("SELECT n FROM change_stamp WHERE id = 1", [], |r| r.get(0))?;
        let kept: Option<(i64, String)> = conn
            .query_row(
                "SELECT stamp, counts FROM home_summary WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((at, json)) = kept
            && at == stamp
            && let Ok(c) = serde_json::from_str::<MonthCounts>(&json)
            && c.month == this
            && c.rule == COUNTS_RULE
        {
            if c.day == today {
                return Ok((stamp, None, c));
            }
            // Only the day moved (the first start of a day): the ledger's counts and the plans'
            // steps hold for the whole month; the monitoring and the 加算 are judged anew.
            if c.span_end == ledger_span_end(today) {
                let c = rejudge_day(conn, today, c, facts)?;
                return Ok((stamp, Some(c.clone()), c));
            }
        }
        let c = compute_month_counts(conn, today, facts)?;
        Ok((stamp, Some(c.clone()), c))
    })();
    let (stamp, fresh, counts) = read?;
    tx.commit()?;
    Ok((
        counts,
        fresh.map(|c| KeptCounts {
            stamp,
            counts: Box::new(c),
        }),
    ))
}

/// The plan-step failures of `month` on `today` (`compliance::step_failures`) from the plan
/// steps ホーム keeps with its month counts, when they are kept for that month at the current
/// change stamp (they do not depend on the day); None when they are not: compute them then.
/// Saves the 件数 and モニタリング screens a read of every client's plans and records.
pub fn kept_step_failures(
    conn: &Connection,
    month: NaiveDate,
    today: NaiveDate,
) -> Result<Option<super::compliance::Extra>> {
    // The stamp and the kept row from one read snapshot (rolled back on drop).
    let tx = conn.unchecked_transaction()?;
    let stamp: i64 = tx.query_row("SELECT n FROM change_stamp WHERE id = 1", [], |r| r.get(0))?;
    let kept: Option<(i64, String)> = tx
        .query_row(
            "SELECT stamp, counts FROM home_summary WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((_, json)) = kept.filter(|(at, _)| *at == stamp) else {
        return Ok(None);
    };
    Ok(serde_json::from_str::<MonthCounts>(&json)
        .ok()
        .filter(|c| c.month == month_start(month) && c.rule == COUNTS_RULE)
        .map(|c| {
            super::compliance::as_causes(
                c.plan_steps
                    .iter()
                    .map(|(id, a)| (*id, crate::domain::plan_steps::failures(a, today))),
            )
        }))
}

/// Keeps ホーム's month counts up to date after this process's changes, so that the next start
/// (anyone's) reads them rather than every client's month: nothing to do when they are current.
pub fn refresh_month_counts(conn: &Connection, today: NaiveDate) -> Result<()> {
    // Only the counts: the rest of ホーム's deadlines is cheap and not kept.
    if let (_, Some(k)) = month_counts(conn, today, &Default::default())? {
        keep_month_counts(conn, k);
    }
    Ok(())
}

/// Keeps freshly computed counts for the next start. A cache: when another session holds the
/// write lock it is not waited for, and a failure only means the next start computes again.
pub fn keep_month_counts(conn: &Connection, kept: KeptCounts) {
    let Ok(json) = serde_json::to_string(&kept.counts) else {
        return;
    };
    let _ = conn.busy_timeout(std::time::Duration::ZERO);
    let _ = conn.execute(
        "INSERT INTO home_summary (id, stamp, counts) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp, counts = excluded.counts
         WHERE (SELECT n FROM change_stamp WHERE id = 1) = excluded.stamp",
        params![kept.stamp, json],
    );
    let _ = conn.busy_timeout(std::time::Duration::from_millis(super::BUSY_TIMEOUT_MS));
}

fn compute_month_counts(
    conn: &Connection,
    today: NaiveDate,
    facts: &super::caseload::Shared,
) -> Result<MonthCounts> {
    let this = month_start(today);
    let (last_month, next_month) = (this - chrono::Months::new(1), this + chrono::Months::new(1));
    // Three reads, each on its own connection and thread, so that two cores share them: the
    // plans' steps, the month's case record, and (here) the ledger. Through this connection
    // when no other can be opened. The others' snapshots may be a moment newer than this
    // one's: the counts are kept under this snapshot's stamp, so a change in between only
    // means the next start computes them again.
    let (steps_reader, record_reader) = (
        super::read_only::reader_beside(conn),
        super::read_only::reader_beside(conn),
    );
    let record = |c: &Connection| -> Result<super::compliance::ComplianceFacts> {
        super::compliance::facts_for_home_then(c, this, || facts.get(c))
    };
    // The plans' steps are read first of the three: their thread reads the month's 加算
    // records too.
    let steps = |c: &Connection| -> Result<(Vec<(i64, Absences)>, KasanRead)> {
        let absences = super::plan_steps::month_absences(c, this)?;
        let of = facts.get(c)?;
        let records = super::kasan::records(c, &of, this, None)?;
        Ok((absences, Some((of, records))))
    };
    let failed = || color_eyre::eyre::eyre!("ホームの集計を読めません（内部エラー）");
    std::thread::scope(|s| {
        let read_steps = steps_reader.map(|c| s.spawn(move || steps(&c)));
        let compliance = record_reader.map(|c| s.spawn(move || record(&c)));
        let ledger = ledger_part(conn, today, last_month, next_month)?;
        let mut compliance = match compliance {
            Some(h) => h.join().map_err(|_| failed())??,
            None => record(conn)?,
        };
        let (plan_steps, kasan) = match read_steps {
            Some(h) => h.join().map_err(|_| failed())??,
            None => (super::plan_steps::month_absences(conn, this)?, None),
        };
        // The month's caseload once for the judging and the screen's figures (computed only
        // now: while the three reads run it would only add to the start's peak memory).
        compliance.month_load = Some(facts.month(&compliance.facts, this));
        finish_month_counts(conn, today, ledger, compliance, plan_steps, kasan)
    })
}

/// The month's 加算 records read beforehand, with the caseload facts they were read for.
type KasanRead = Option<(std::sync::Arc<Facts>, super::kasan::MonthRecords)>;

/// ホーム's counts of the ledger.
struct LedgerPart {
    unsent_next_month: usize,
    missing_last_month: usize,
    plan_periods: Vec<(i64, NaiveDate)>,
    serving: Vec<i64>,
}

/// ホーム's counts of the ledger (the compliance facts are read beside them).
fn ledger_part(
    conn: &Connection,
    today: NaiveDate,
    last_month: NaiveDate,
    next_month: NaiveDate,
) -> Result<LedgerPart> {
    let this = month_start(today);
    let arrangements =
        super::deliveries::Arrangements::load_span(conn, last_month, ledger_span_end(today))?;
    // One month at a time, so that only one month's marks are held.
    let unsent_next_month =
        super::deliveries::count_cells(conn, next_month, &arrangements, DeliveryKind::Schedule)?;
    let missing_last_month =
        super::deliveries::count_cells(conn, last_month, &arrangements, DeliveryKind::Actuals)?;
    let serving = super::deliveries::month_providers(conn, this, &arrangements)?;
    let mut plan_periods = arrangements.period_ends(this);
    plan_periods.sort_unstable();
    Ok(LedgerPart {
        unsent_next_month,
        missing_last_month,
        plan_periods,
        serving,
    })
}

/// The last month of the ledger ホーム's counts read: through next month, and as far as a
/// plan period ending within the warning days could have its successor start
/// (`plan::period_end_due`). The span is read by whole months.
fn ledger_span_end(today: NaiveDate) -> NaiveDate {
    let next_month = month_start(today) + chrono::Months::new(1);
    let successor_by = today
        + chrono::Days::new(crate::domain::deadlines::PLAN_PERIOD_WARN_DAYS.unsigned_abs() + 1);
    month_start(successor_by.max(next_month))
}

/// Clients judged again one by one on a new day (each by its own index) while they are at
/// most one in this many of the office's; more, and reading the month's case record whole
/// is quicker.
const JUDGE_AGAIN_ONE_IN: usize = 10;

/// Kept counts of another day of the month, judged for `today`. The records are unchanged
/// (same change stamp), so a client's month judges differently only for what is dated between
/// the two days: an entry or a consent (`compliance::dated_between`), or a plan step coming
/// due. Only those clients are judged again, their case record read alone; the ledger's
/// counts and the plans' steps are as kept; the 加算 are judged anew.
fn rejudge_day(
    conn: &Connection,
    today: NaiveDate,
    kept: MonthCounts,
    facts: &super::caseload::Shared,
) -> Result<MonthCounts> {
    let this = month_start(today);
    let facts = facts.get(conn)?;
    let (early, late) = (kept.day.min(today), kept.day.max(today));
    let mut again = super::compliance::dated_between(conn, early, late)?;
    again.extend(
        kept.plan_steps
            .iter()
            .filter(|(_, a)| a.iter().any(|(_, due)| early < *due && *due <= late))
            .map(|(id, _)| *id),
    );
    again.sort_unstable();
    again.dedup();
    if again.len() > facts.clients.len() / JUDGE_AGAIN_ONE_IN {
        let beside = super::read_only::reader_beside(conn);
        let compliance = super::compliance::facts_for_home_beside(conn, beside, facts, this)?;
        let part = LedgerPart {
            unsent_next_month: kept.unsent_next_month,
            missing_last_month: kept.missing_last_month,
            plan_periods: kept.plan_periods,
            serving: kept.serving,
        };
        return finish_month_counts(conn, today, part, compliance, kept.plan_steps, None);
    }
    let judged = if again.is_empty() {
        kept.judged
    } else {
        let steps = super::compliance::as_causes(
            kept.plan_steps
                .iter()
                .filter(|(id, _)| again.binary_search(id).is_ok())
                .map(|(id, a)| (*id, crate::domain::plan_steps::failures(a, today))),
        );
        let cf = super::compliance::facts_for_home_of(conn, facts.clone(), this, again.clone())?;
        let fresh = Judgements::judge(&cf, this, today, &steps)?;
        let rank: HashMap<i64, usize> = super::compliance::report_order(&facts)
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        kept.judged.patched(&again, fresh, &rank)
    };
    let kasan_incomplete = super::kasan::incomplete(conn, &facts, today, &judged.running())?;
    Ok(MonthCounts {
        day: today,
        judged,
        kasan_incomplete,
        ..kept
    })
}

fn finish_month_counts(
    conn: &Connection,
    today: NaiveDate,
    part: LedgerPart,
    compliance: super::compliance::ComplianceFacts,
    plan_steps: Vec<(i64, Absences)>,
    kasan: KasanRead,
) -> Result<MonthCounts> {
    let this = month_start(today);
    // The month's monitoring, with the plan steps as the 減算's other causes.
    let steps = super::compliance::as_causes(
        plan_steps
            .iter()
            .map(|(id, a)| (*id, crate::domain::plan_steps::failures(a, today))),
    );
    let judged = Judgements::judge(&compliance, this, today, &steps)?;
    // The case record read is not needed past the judging.
    let facts = compliance.facts.clone();
    drop(compliance);
    let kasan_incomplete = match kasan {
        Some((of, records)) => {
            super::kasan::incomplete_from(&of, records, today, &judged.running())
        }
        None => super::kasan::incomplete(conn, &facts, today, &judged.running())?,
    };
    Ok(MonthCounts {
        rule: COUNTS_RULE,
        month: this,
        unsent_next_month: part.unsent_next_month,
        missing_last_month: part.missing_last_month,
        plan_periods: part.plan_periods,
        serving: part.serving,
        plan_steps,
        span_end: ledger_span_end(today),
        day: today,
        judged,
        kasan_incomplete,
    })
}

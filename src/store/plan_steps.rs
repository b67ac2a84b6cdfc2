//! The plan's process steps from what the store holds: plan revisions with their providers,
//! the case record's assessments, meetings and inquiries, certifications and the ledger's plan
//! events, each table read once for every client, then `domain::plan_steps` per client.
//!
//! What the screens, the CLI and the report call: `steps` (a month's revisions), `between`
//! (a period's, for the inspection report), `failures` (per client, for ホーム and the
//! 運営基準減算 view), `of_client` (one client's revisions, for the client's record).

use super::columns::{date, day};
use crate::domain::care_level::CertStatus;
use crate::domain::case_record::CountsAs;
use crate::domain::dates::LocalDays;
use crate::domain::dates::{month_end, month_start};
use crate::domain::plan::{PlanDates, PlanStatus, shown_status};
use crate::domain::plan_steps::{
    self, Absences, Cert, Entry, Failure, Handovers, PlanEvent, Revision, RevisionSteps,
};
use chrono::{Months, NaiveDate};
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::Connection;
use std::collections::HashMap;

/// One revision's steps with its client, as the CLI, the report and the client's record show
/// them on `today`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSteps {
    pub client_id: i64,
    pub insurer_number: String,
    pub insured_number: String,
    pub name: String,
    /// The status shown (差し替え once a newer confirmed revision took over).
    pub status: PlanStatus,
    pub steps: RevisionSteps,
    /// The providers lacking the plan: (office number, name).
    pub providers_lacking: Vec<(String, String)>,
    /// The absent steps that matter in this view, with the day each counts from.
    pub absences: Vec<(Failure, NaiveDate)>,
    /// Missing on `today` (from `absences`), in the order of the process.
    pub missing: Vec<Failure>,
    /// Not found and not missing yet.
    pub to_do: Vec<Failure>,
    /// The first day a missing step counts from.
    pub since: Option<NaiveDate>,
}

impl PlanSteps {
    pub fn plan_date(&self) -> NaiveDate {
        self.steps.dates.plan_date
    }
}

/// A client as the views name it, with the contract the month view checks.
struct ClientRow {
    insurer_number: String,
    insured_number: String,
    name: String,
    contract_date: Option<NaiveDate>,
    contract_end: Option<NaiveDate>,
}

impl ClientRow {
    /// The contract covers a day of `month`.
    fn covers(&self, month: NaiveDate) -> bool {
        self.contract_date.is_none_or(|d| d <= month_end(month))
            && self.contract_end.is_none_or(|e| e >= month_start(month))
    }
}

/// One query's rows in client order, taken client by client (`take`): what the rules need
/// of the office is read once, but only one client's rows are held at a time.
struct ClientRows<'s, T> {
    rows: std::iter::Peekable<Rows<'s, T>>,
}

/// Rows as (client, the row; None for a row left out).
type Rows<'s, T> = Box<dyn Iterator<Item = rusqlite::Result<(i64, Option<T>)>> + 's>;

impl<'s, T> ClientRows<'s, T> {
    fn new(rows: impl Iterator<Item = rusqlite::Result<(i64, Option<T>)>> + 's) -> Self {
        ClientRows {
            rows: (Box::new(rows) as Rows<'s, T>).peekable(),
        }
    }

    /// The client of the next row (None: no more rows).
    fn next_client(&mut self) -> Result<Option<i64>> {
        match self.rows.peek() {
            None => Ok(None),
            Some(Ok((c, _))) => Ok(Some(*c)),
            Some(Err(_)) => match self.rows.next() {
                Some(Err(e)) => Err(e.into()),
                _ => Ok(None),
            },
        }
    }

    /// The rows of `client` (asked for in increasing order) into `out`, in the order read;
    /// the rows of clients before it are passed over.
    fn take(&mut self, client: i64, out: &mut Vec<T>) -> Result<()> {
        out.clear();
        while let Some(r) = self
            .rows
            .next_if(|r| r.as_ref().map_or(true, |(c, _)| *c <= client))
        {
            if let (c, Some(row)) = r?
                && c == client
            {
                out.push(row);
            }
        }
        Ok(())
    }
}

/// Whether the views need the clients' names and numbers (the month's absences do not).
#[derive(Clone, Copy, PartialEq)]
enum Names {
    Read,
    Skip,
}

/// Reads what the rules need, for every client or one (`client`), each table once in client
/// order, and gives each client with revisions, in id order, its row and its revisions'
/// steps (oldest plan date first). One client at a time: what is held of the office is the
/// plans' providers and the entries that can prove a step, not every table.
fn each_client(
    conn: &Connection,
    client: Option<i64>,
    names: Names,
    mut f: impl FnMut(i64, &ClientRow, Vec<RevisionSteps>),
) -> Result<()> {
    // The same filter on every table: one client, or (?1 NULL) all of them.
    let only = |col: &str| match client {
        Some(_) => format!("{col} = ?1"),
        None => "?1 IS NULL".to_string(),
    };

    // Each plan's providers, by plan id (read in the table's order and sorted here: cheaper
    // than a lookup of each plan's lines).
    let mut st = conn.prepare_cached(&format!(
        "SELECT l.plan_id, l.provider_id FROM plan_service_lines l
         WHERE {}",
        match client {
            Some(_) => "l.plan_id IN (SELECT id FROM care_plans WHERE client_id = ?1)",
            None => "?1 IS NULL",
        }
    ))?;
    let mut providers: Vec<(i64, i64)> = st
        .query_map([client], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    providers.sort_unstable();
    let providers_of = |plan: i64| -> Vec<i64> {
        let from = providers.partition_point(|(p, _)| *p < plan);
        providers[from..]
            .iter()
            .take_while(|(p, _)| *p == plan)
            .map(|(_, provider)| *provider)
            .collect()
    };

    // Only the entries of categories that can prove a step (any of their dated rows), and only
    // those that stand: neither withdrawn nor corrected by a later entry. Read through the
    // categories' index and sorted by client here (stable: each client's keep the index's
    // order, category then time).
    let book = super::case_notes::book(conn)?;
    let codes: Vec<&str> = book
        .rows()
        .iter()
        .filter(|c| {
            matches!(
                c.counts_as,
                CountsAs::Assessment | CountsAs::Meeting | CountsAs::Inquiry | CountsAs::PaperCheck
            )
        })
        .map(|c| c.code.as_str())
        .collect();
    // The few corrected entries are read once (see `case_notes::corrected_ids`).
    let corrected = super::case_notes::corrected_ids(conn)?;
    let mut entries: Vec<(i64, Entry)> = Vec::new();
    let mut st = conn.prepare_cached(&format!(
        "SELECT n.client_id, n.at, n.category, n.plan_id, n.reason <> '', n.id
         FROM case_notes n
         WHERE n.withdraws = 0 AND {}
           AND n.category IN (SELECT value FROM json_each(?2))",
        only("n.client_id")
    ))?;
    let mut rows = st.query(rusqlite::params![client, serde_json::to_string(&codes)?])?;
    while let Some(r) = rows.next()? {
        if corrected.contains(&r.get::<_, i64>(5)?) {
            continue;
        }
        let Some(date) = day(r, 1)? else {
            continue;
        };
        entries.push((
            r.get(0)?,
            Entry {
                date,
                counts_as: book.counts_as(r.get_ref(2)?.as_str()?, date),
                plan_id: r.get(3)?,
                has_reason: r.get(4)?,
            },
        ));
    }
    drop(rows);
    entries.sort_by_key(|e| e.0);
    let mut entries = ClientRows::new(entries.into_iter().map(|(c, e)| Ok((c, Some(e)))));

    let mut st = conn.prepare_cached(&format!(
        "SELECT id, {}, contract_date, contract_end FROM clients WHERE {} ORDER BY id",
        match names {
            Names::Read => "insurer_number, insured_number, name",
            Names::Skip => "'', '', ''",
        },
        only("id")
    ))?;
    let mut clients = ClientRows::new(st.query_map([client], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Some(ClientRow {
                insurer_number: r.get(1)?,
                insured_number: r.get(2)?,
                name: r.get(3)?,
                contract_date: date(r, 4)?,
                contract_end: date(r, 5)?,
            }),
        ))
    })?);

    let mut st = conn.prepare_cached(&format!(
        "SELECT id, client_id, plan_date, period_from, period_to, status, consent_date,
                handed_date
         FROM care_plans WHERE {} ORDER BY client_id, plan_date, id",
        only("client_id")
    ))?;
    let mut revisions = ClientRows::new(st.query_map([client], |r| {
        let id: i64 = r.get(0)?;
        // The store writes these dates; a row without them is left out, not fatal.
        let (Some(plan_date), Some(period_from), Some(period_to)) =
            (date(r, 2)?, date(r, 3)?, date(r, 4)?)
        else {
            return Ok((r.get(1)?, None));
        };
        Ok((
            r.get(1)?,
            Some(Revision {
                id,
                dates: PlanDates {
                    plan_date,
                    period_from,
                    period_to,
                    status: PlanStatus::from_code(r.get_ref(5)?.as_str()?).unwrap_or_default(),
                },
                consent_date: date(r, 6)?,
                handed_date: date(r, 7)?,
                providers: providers_of(id),
            }),
        ))
    })?);

    // In the table's order within a client (the certifications index's).
    let mut st = conn.prepare_cached(&format!(
        "SELECT client_id, valid_from, valid_to, certified_on, status, change_of_level
         FROM certifications WHERE withdrawn_at IS NULL AND {} ORDER BY client_id",
        only("client_id")
    ))?;
    let mut certs = ClientRows::new(st.query_map([client], |r| {
        let Some(valid_from) = date(r, 1)? else {
            return Ok((r.get(0)?, None));
        };
        Ok((
            r.get(0)?,
            Some(Cert {
                valid_from,
                valid_to: date(r, 2)?,
                certified_on: date(r, 3)?,
                status: CertStatus::from_code(r.get_ref(4)?.as_str()?),
                change_of_level: r.get(5)?,
            }),
        ))
    })?);

    // Plan forms sent to providers and their withdrawals, in the order they happened for each
    // client and provider (the order the fold needs; the ledger's month index holds it). The
    // ledger stores UTC instants, each taken to its local day.
    let days = std::cell::RefCell::new(LocalDays::default());
    let mut st = conn.prepare_cached(&format!(
        "SELECT e.client_id, e.provider_id, e.plan_date, e.kind, e.at
         FROM delivery_events e
         WHERE e.month IS NULL AND (e.kind = 'plan' OR e.withdraws = 'plan') AND {}
         ORDER BY e.client_id, e.provider_id, e.at, e.id",
        only("e.client_id")
    ))?;
    let mut events = ClientRows::new(st.query_map([client], |r| {
        let on = days.borrow_mut().of(r.get_ref(4)?.as_str()?);
        let (Some(plan_date), Some(on)) = (date(r, 2)?, on) else {
            return Ok((r.get(0)?, None));
        };
        Ok((
            r.get(0)?,
            Some(PlanEvent {
                provider_id: r.get(1)?,
                plan_date,
                on,
                withdrawal: r.get_ref(3)?.as_str()? == "withdrawal",
            }),
        ))
    })?);

    let records_since = super::office::records_since(conn)?;
    let (mut revs, mut row, mut of_client, mut cert, mut handed) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    while let Some(id) = revisions.next_client()? {
        revisions.take(id, &mut revs)?;
        clients.take(id, &mut row)?;
        entries.take(id, &mut of_client)?;
        certs.take(id, &mut cert)?;
        events.take(id, &mut handed)?;
        let Some(c) = row.first() else {
            continue;
        };
        let steps = plan_steps::client_steps_since(
            &revs,
            &of_client,
            &cert,
            &Handovers::fold(&handed),
            records_since,
        );
        f(id, c, steps);
    }
    Ok(())
}

/// Office number and name of every provider (a few hundred rows).
fn provider_names(conn: &Connection) -> Result<HashMap<i64, (String, String)>> {
    let mut st = conn.prepare_cached("SELECT id, office_number, name FROM providers")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Builds the shown row of revision `i` of a client's `all` with the absences of this view.
fn shown(
    client_id: i64,
    c: &ClientRow,
    all: &[RevisionSteps],
    i: usize,
    absences: Vec<(Failure, NaiveDate)>,
    names: &HashMap<i64, (String, String)>,
    today: NaiveDate,
) -> Option<PlanSteps> {
    let s = all.get(i)?;
    let dates: Vec<PlanDates> = all.iter().map(|r| r.dates).collect();
    let missing = plan_steps::missing_of(&absences, today);
    let to_do = s.to_do(today);
    Some(PlanSteps {
        client_id,
        insurer_number: c.insurer_number.clone(),
        insured_number: c.insured_number.clone(),
        name: c.name.clone(),
        status: shown_status(&dates, i, today),
        providers_lacking: s
            .providers_lacking
            .iter()
            .map(|p| names.get(p).cloned().unwrap_or_default())
            .collect(),
        since: plan_steps::since_of(&absences, today),
        absences,
        missing,
        to_do,
        steps: s.clone(),
    })
}

fn by_client_and_date(out: &mut [PlanSteps]) {
    out.sort_by(|a, b| {
        (&a.insurer_number, &a.insured_number, a.plan_date()).cmp(&(
            &b.insurer_number,
            &b.insured_number,
            b.plan_date(),
        ))
    });
}

/// The revisions that matter for `month` (`plan_steps::month_view`) of the clients whose
/// contract covers it, with what is missing on `today`; by client, then plan date.
pub fn steps(conn: &Connection, month: NaiveDate, today: NaiveDate) -> Result<Vec<PlanSteps>> {
    let names = provider_names(conn)?;
    let mut out = Vec::new();
    each_client(conn, None, Names::Read, |id, c, all| {
        if c.covers(month) {
            for (i, absences) in plan_steps::month_view(&all, month) {
                out.extend(shown(id, c, &all, i, absences, &names, today));
            }
        }
    })
    .wrap_err("計画の手順を読めません")?;
    by_client_and_date(&mut out);
    Ok(out)
}

/// The revisions that matter in any month from `from` to `to` (both months included), each
/// with all its absent steps (the inspection report): by client, then plan date.
pub fn between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<PlanSteps>> {
    let names = provider_names(conn)?;
    let mut out = Vec::new();
    each_client(conn, None, Names::Read, |id, c, all| {
        let mut wanted = vec![false; all.len()];
        let mut month = month_start(from);
        while month <= month_start(to) {
            if c.covers(month) {
                for (i, _) in plan_steps::month_view(&all, month) {
                    wanted[i] = true;
                }
            }
            month = month + Months::new(1);
        }
        for (i, s) in all.iter().enumerate().filter(|(i, _)| wanted[*i]) {
            out.extend(shown(id, c, &all, i, s.absences(), &names, today));
        }
    })
    .wrap_err("計画の手順を読めません")?;
    by_client_and_date(&mut out);
    Ok(out)
}

/// Each client's absent steps in `month` (`plan_steps::month_absences`: every failure once with
/// the first day it counts from, days still ahead included), by client id; clients without
/// one, or whose contract does not cover the month, are left out. It does not depend on the
/// day it is read, so ホーム keeps it with the month's counts and reads it for any day.
pub fn month_absences(conn: &Connection, month: NaiveDate) -> Result<Vec<(i64, Absences)>> {
    let mut out = Vec::new();
    each_client(conn, None, Names::Skip, |id, c, all| {
        if c.covers(month) {
            let a = plan_steps::month_absences(&all, month);
            if !a.is_empty() {
                out.push((id, a));
            }
        }
    })
    .wrap_err("計画の手順を読めません")?;
    Ok(out)
}

/// Each client's step failures in `month` on `today` (`plan_steps::client_failures`): every
/// failure once with the first month it is not proven from. Clients without one, or whose
/// contract does not cover the month, are left out.
pub fn failures(
    conn: &Connection,
    month: NaiveDate,
    today: NaiveDate,
) -> Result<HashMap<i64, Vec<(Failure, NaiveDate)>>> {
    Ok(month_absences(conn, month)?
        .into_iter()
        .map(|(id, a)| (id, plan_steps::failures(&a, today)))
        .filter(|(_, f)| !f.is_empty())
        .collect())
}

/// One client's revisions, newest plan date first, each with all its steps: what was found
/// (with dates), the providers lacking the plan, every absent step with the day it counts
/// from, what is missing on `today` and since when, and what is still to do.
pub fn of_client(conn: &Connection, client_id: i64, today: NaiveDate) -> Result<Vec<PlanSteps>> {
    let names = provider_names(conn)?;
    let mut out = Vec::new();
    each_client(conn, Some(client_id), Names::Read, |id, c, all| {
        out.extend(
            (0..all.len())
                .rev()
                .filter_map(|i| shown(id, c, &all, i, all[i].absences(), &names, today)),
        );
    })
    .wrap_err("計画の手順を読めません")?;
    Ok(out)
}

/// The category whose entries say a revision's steps were checked on paper.
pub const PAPER_CHECK_CATEGORY: &str = "paper_check";

/// Records that the office checked revision `plan_id`'s steps on its paper records (kept
/// before careplan): one case-record entry of the `paper_check` category, linked to the
/// revision, naming the steps it covers and the reason. Every step of the revision then counts
/// as proven; the entry is corrected or withdrawn like any other. Returns the entry's id.
pub fn confirm_on_paper(
    w: &super::Writer<'_>,
    client_id: i64,
    plan_id: i64,
    at: chrono::NaiveDateTime,
    reason: &str,
    today: NaiveDate,
) -> Result<i64> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(super::Refused(
            "紙の記録で確認したことを記録するには理由が必要です（例: 導入前の紙の記録で確認）"
                .into(),
        )
        .into());
    }
    let revision = of_client(&w.tx, client_id, today)?
        .into_iter()
        .find(|p| p.steps.plan_id == plan_id)
        .ok_or_else(|| {
            super::Refused(format!(
                "計画 id {plan_id} はこの利用者の計画ではありません（計画の一覧: careplan plans）"
            ))
        })?;
    let mut steps = revision.steps.not_found();
    steps.extend(revision.steps.before_records_steps());
    if revision
        .steps
        .certifications
        .iter()
        .any(|c| c.meeting.is_none())
    {
        steps.push(Failure::Meeting);
    }
    steps.sort();
    steps.dedup();
    let named = if steps.is_empty() {
        "すべての手順".to_string()
    } else {
        plan_steps::labels(&steps, crate::domain::Lang::Ja)
    };
    super::case_notes::add_as_of(
        w,
        &super::case_notes::NewNote {
            client_id,
            at,
            category: PAPER_CHECK_CATEGORY.into(),
            body: format!(
                "計画（作成日 {}）の手順（{named}）を紙の記録で確認した。",
                crate::domain::dates::iso(revision.plan_date())
            ),
            reason: reason.to_string(),
            plan_id: Some(plan_id),
            ..Default::default()
        },
        today,
    )
}

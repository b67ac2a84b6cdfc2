//! The delivery ledger: one append-only row per document sent or received, and the monthly
//! board built from it (clients × the providers of their plan in force).

use super::{Refused, Writer, clean, now_utc};
use crate::domain::channel::Channel;
use crate::domain::dates::{from_iso, iso};
use crate::domain::dates::{month_end, month_start};
use crate::domain::delivery::{CellEvent, CellMarks, DeliveryKind};
use crate::domain::plan::{PlanDates, PlanStatus, in_force};
use chrono::{Local, NaiveDate, NaiveDateTime, TimeZone};
use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// A ledger row to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub kind: DeliveryKind,
    pub withdraws: Option<DeliveryKind>,
    pub client_id: i64,
    pub provider_id: i64,
    pub service_type: String,
    /// First day of the month, for schedules and actuals (and their withdrawals).
    pub month: Option<NaiveDate>,
    pub plan_date: Option<NaiveDate>,
    pub channel: Channel,
    /// Local time the document went or came.
    pub at: NaiveDateTime,
    pub note: String,
    pub source_file: Option<String>,
}

impl NewEvent {
    /// A mark of `kind` on one board cell; `channel` None = the provider's own.
    pub fn for_cell(
        row: &BoardRow,
        cell: &BoardCell,
        kind: DeliveryKind,
        month: NaiveDate,
        channel: Option<Channel>,
        at: NaiveDateTime,
    ) -> NewEvent {
        NewEvent {
            kind,
            withdraws: None,
            client_id: row.client_id,
            provider_id: cell.provider_id,
            service_type: cell.service_type.to_string(),
            month: Some(month_start(month)),
            plan_date: None,
            channel: channel.unwrap_or(cell.channel),
            at,
            note: String::new(),
            source_file: None,
        }
    }

    pub fn cell_event(&self) -> CellEvent {
        CellEvent {
            kind: self.kind,
            withdraws: self.withdraws,
            channel: self.channel,
            at: self.at,
        }
    }
}

/// Stored as UTC instants; shown and keyed in local time.
fn to_utc_text(at: NaiveDateTime) -> String {
    Local
        .from_local_datetime(&at)
        .earliest()
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(|| at.and_utc())
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn from_utc_text(s: &str) -> NaiveDateTime {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Local).naive_local())
        .unwrap_or_default()
}

fn check(e: &NewEvent) -> Result<()> {
    let target = if e.kind == DeliveryKind::Withdrawal {
        e.withdraws
    } else {
        Some(e.kind)
    };
    match target {
        None | Some(DeliveryKind::Withdrawal) => Err(Refused(
            "取消には、取り消す書類の種類（plan / schedule / actuals / centre_forward / centre_plan）が必要です".into(),
        )
        .into()),
        Some(k) if k.is_monthly() && e.month.is_none() => Err(Refused(format!(
            "{}には対象の月（YYYY-MM）が必要です",
            k.label(crate::domain::Lang::Ja)
        ))
        .into()),
        Some(DeliveryKind::Plan | DeliveryKind::CentrePlan) if e.plan_date.is_none() => {
            Err(Refused("計画書には計画の作成日が必要です".into()).into())
        }
        // Actuals cannot have come before their month began (a false row otherwise).
        Some(DeliveryKind::Actuals) if e.kind == DeliveryKind::Actuals => match e.month {
            Some(m) => crate::domain::delivery::actuals_allowed(m, e.at.date())
                .map_err(|x| Refused(x.to_string()).into()),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// A plan form handed to a provider is not dated before the plan was made, nor before the
/// consent recorded for it (`plan::dates_in_order`, the rule of the client's 交付日 too).
fn check_handover(w: &Writer<'_>, e: &NewEvent) -> Result<()> {
    let (DeliveryKind::Plan, Some(plan_date)) = (e.kind, e.plan_date) else {
        return Ok(());
    };
    let consent: Option<String> =
        w.tx.prepare_cached(
            "SELECT consent_date FROM care_plans WHERE client_id = ?1 AND plan_date = ?2",
        )?
        .query_row(params![e.client_id, iso(plan_date)], |r| r.get(0))
        .optional()?
        .flatten();
    crate::domain::plan::dates_in_order(
        plan_date,
        consent.as_deref().and_then(from_iso),
        Some(e.at.date()),
        crate::domain::plan::Handover::Provider,
    )
    .map_err(|x| Refused(x.to_string()).into())
}

/// A plan form recorded as handed to a provider before its plan's 作成日 or 同意日, as
/// `careplan check` lists it (a row taken back by a later withdrawal is left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverOutOfOrder {
    pub event_id: i64,
    pub client_id: i64,
    pub office_number: String,
    pub why: crate::domain::validation::Invalid,
}

/// Every plan hand-over to a provider stored out of order (listed, never changed).
pub fn handovers_out_of_order(conn: &Connection) -> Result<Vec<HandoverOutOfOrder>> {
    let mut st = conn.prepare(
        "SELECT e.id, e.client_id, p.office_number, e.plan_date, date(e.at, 'localtime'),
                (SELECT c.consent_date FROM care_plans c
                 WHERE c.client_id = e.client_id AND c.plan_date = e.plan_date)
         FROM delivery_events e JOIN providers p ON p.id = e.provider_id
         WHERE e.kind = 'plan' AND e.plan_date IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM delivery_events x
               WHERE x.kind = 'withdrawal' AND x.withdraws = 'plan'
                 AND x.client_id = e.client_id AND x.provider_id = e.provider_id
                 AND x.plan_date = e.plan_date AND x.at >= e.at AND x.id > e.id)
         ORDER BY e.client_id, e.plan_date, e.id",
    )?;
    let mut out = Vec::new();
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let date = |i: usize| -> Result<Option<NaiveDate>> {
            Ok(r.get::<_, Option<String>>(i)?.as_deref().and_then(from_iso))
        };
        let (Some(plan_date), Some(on)) = (date(3)?, date(4)?) else {
            continue;
        };
        let to = crate::domain::plan::Handover::Provider;
        if let Err(why) = crate::domain::plan::dates_in_order(plan_date, date(5)?, Some(on), to) {
            out.push(HandoverOutOfOrder {
                event_id: r.get(0)?,
                client_id: r.get(1)?,
                office_number: r.get(2)?,
                why,
            });
        }
    }
    Ok(out)
}

/// Records events in the caller's transaction; returns their ids. One audit row per call
/// (the ledger rows themselves say who and when).
pub fn record(w: &Writer<'_>, events: &[NewEvent]) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(events.len());
    let recorded_by = w.actor_label();
    let now = now_utc();
    let mut st = w.tx.prepare_cached(
        "INSERT INTO delivery_events (kind, withdraws, client_id, provider_id, service_type,
             month, plan_date, channel, at, recorded_by, note, source_file, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for e in events {
        check(e)?;
        check_handover(w, e)?;
        st.execute(params![
            e.kind.code(),
            e.withdraws.map(DeliveryKind::code),
            e.client_id,
            e.provider_id,
            e.service_type,
            e.month.map(|m| iso(month_start(m))),
            e.plan_date.map(iso),
            e.channel.code(),
            to_utc_text(e.at),
            recorded_by,
            clean(&e.note),
            e.source_file,
            now,
        ])?;
        ids.push(w.tx.last_insert_rowid());
    }
    if !ids.is_empty() {
        w.audit(
            "delivery",
            ids.first().copied(),
            "record",
            None,
            Some(&serde_json::json!({"events": ids.len(), "ids": ids})),
        )?;
    }
    Ok(ids)
}

/// A ledger row as listed and reported.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: i64,
    pub kind: DeliveryKind,
    pub withdraws: Option<DeliveryKind>,
    pub client_id: i64,
    pub insurer_number: String,
    pub insured_number: String,
    pub client_name: String,
    pub provider_id: i64,
    pub office_number: String,
    pub provider_name: String,
    pub service_type: String,
    pub month: Option<NaiveDate>,
    pub plan_date: Option<NaiveDate>,
    pub channel: Channel,
    pub at: NaiveDateTime,
    pub recorded_by: String,
    pub note: String,
    pub source_file: Option<String>,
}

const EVENT_COLUMNS: &str = "e.id, e.kind, e.withdraws, e.client_id, c.insurer_number,
    c.insured_number, c.name, e.provider_id, p.office_number, p.name, e.service_type, e.month,
    e.plan_date, e.channel, e.at, e.recorded_by, e.note, e.source_file
    FROM delivery_events e JOIN clients c ON c.id = e.client_id
    JOIN providers p ON p.id = e.provider_id";

fn event_rows(
    conn: &Connection,
    where_sql: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<EventRow>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} WHERE {where_sql} ORDER BY e.at, e.id"
    ))?;
    let rows = st.query_map(args, |r| {
        Ok(EventRow {
            id: r.get(0)?,
            kind: DeliveryKind::from_code(&r.get::<_, String>(1)?)
                .unwrap_or(DeliveryKind::Schedule),
            withdraws: r
                .get::<_, Option<String>>(2)?
                .as_deref()
                .and_then(DeliveryKind::from_code),
            client_id: r.get(3)?,
            insurer_number: r.get(4)?,
            insured_number: r.get(5)?,
            client_name: r.get(6)?,
            provider_id: r.get(7)?,
            office_number: r.get(8)?,
            provider_name: r.get(9)?,
            service_type: r.get(10)?,
            month: r
                .get::<_, Option<String>>(11)?
                .as_deref()
                .and_then(from_iso),
            plan_date: r
                .get::<_, Option<String>>(12)?
                .as_deref()
                .and_then(from_iso),
            channel: Channel::from_code(&r.get::<_, String>(13)?).unwrap_or_default(),
            at: from_utc_text(&r.get::<_, String>(14)?),
            recorded_by: r.get(15)?,
            note: r.get(16)?,
            source_file: r.get(17)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The events of a month: schedules and actuals (and their withdrawals) for that month, plus
/// plan-form events (and their withdrawals) that happened in it.
pub fn month_events(conn: &Connection, month: NaiveDate) -> Result<Vec<EventRow>> {
    let first = month_start(month);
    let next = first + chrono::Months::new(1);
    let (from, to) = (
        to_utc_text(first.and_hms_opt(0, 0, 0).unwrap_or_default()),
        to_utc_text(next.and_hms_opt(0, 0, 0).unwrap_or_default()),
    );
    let all = event_rows(
        conn,
        "e.month = ?1 OR (e.month IS NULL AND e.at >= ?2 AND e.at < ?3)",
        &[&iso(first), &from, &to],
    )?;
    Ok(all)
}

/// Every event between two months inclusive (by target month, or by time for plan forms).
pub fn range_events(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<EventRow>> {
    let (first, after) = (month_start(from), month_start(to) + chrono::Months::new(1));
    let (t0, t1) = (
        to_utc_text(first.and_hms_opt(0, 0, 0).unwrap_or_default()),
        to_utc_text(after.and_hms_opt(0, 0, 0).unwrap_or_default()),
    );
    event_rows(
        conn,
        "(e.month >= ?1 AND e.month < ?2) OR (e.month IS NULL AND e.at >= ?3 AND e.at < ?4)",
        &[&iso(first), &iso(after), &t0, &t1],
    )
}

/// One cell's history: everything recorded for this client, provider and month.
pub fn cell_history(
    conn: &Connection,
    client_id: i64,
    provider_id: i64,
    month: NaiveDate,
) -> Result<Vec<EventRow>> {
    event_rows(
        conn,
        "e.client_id = ?1 AND e.provider_id = ?2 AND e.month = ?3",
        &[&client_id, &provider_id, &iso(month_start(month))],
    )
}

/// One client's provider for the month: who, what, how they prefer to get paper, and the
/// month's marks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardCell {
    pub provider_id: i64,
    /// Shared by every cell of the provider (a month's board has tens of thousands of cells
    /// and a few hundred providers): one copy of each name, number and service type.
    pub provider_name: Arc<str>,
    pub office_number: Arc<str>,
    pub service_type: Arc<str>,
    pub channel: Channel,
    pub marks: CellMarks,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardRow {
    pub client_id: i64,
    pub name: String,
    pub kana: String,
    pub insurer_number: String,
    pub insured_number: String,
    pub care_manager: Option<i64>,
    /// The plan in force for the month (None: the providers come from the client record).
    pub plan_id: Option<i64>,
    pub cells: Vec<BoardCell>,
}

struct ProviderInfo {
    name: Arc<str>,
    office_number: Arc<str>,
    channel: Channel,
}

/// (client id, name, kana, insurer number, insured number)
type MonthClient = (i64, String, String, String, String);
/// (provider id, service type, included) for one client's month.
type Adjustment = (i64, String, bool);

/// A service type code held once per load: lines refer to it by index (thousands of lines
/// share a dozen codes).
type TypeIx = u16;

/// One (provider, service type) line of a revision (`plan`: the revision's place in
/// `Arrangements::ids`) or of a client record (`plan` unused).
#[derive(Clone, Copy)]
struct Line {
    plan: u32,
    service_type: TypeIx,
    provider: i64,
}

/// What decides a month's providers, loaded once for any number of months: the plan
/// revisions' dates and lines (all of them, or those of a span), and the providers on the
/// client records (used where no plan is in force). Flat vectors, not a map of vectors per
/// client: at 10,000 clients a few allocations instead of tens of thousands.
pub struct Arrangements {
    /// The revisions read, in parallel and grouped by client (clients in id order, each
    /// client's revisions in the table's order): client, dates (for `in_force`), id.
    clients: Vec<i64>,
    dates: Vec<PlanDates>,
    ids: Vec<i64>,
    /// Every revision's lines, sorted by revision (`Line::plan`), each revision's in the
    /// table's order; `starts[i]..starts[i + 1]` are revision i's.
    lines: Vec<Line>,
    starts: Vec<usize>,
    fallback: HashMap<i64, Vec<Line>>,
    types: Vec<String>,
}

impl Arrangements {
    /// The places of `client`'s revisions.
    fn revisions_of(&self, client: i64) -> std::ops::Range<usize> {
        let from = self.clients.partition_point(|c| *c < client);
        from..from + self.clients[from..].partition_point(|c| *c == client)
    }

    /// Each client's plan period ending that `month` warns of (`plan::period_end_due`).
    pub fn period_ends(&self, month: NaiveDate) -> Vec<(i64, NaiveDate)> {
        let mut from = 0;
        self.clients
            .chunk_by(|a, b| a == b)
            .filter_map(|run| {
                let dates = &self.dates[from..from + run.len()];
                from += run.len();
                crate::domain::plan::period_end_due(dates, month).map(|end| (run[0], end))
            })
            .collect()
    }

    pub fn load(conn: &Connection) -> Result<Arrangements> {
        Self::load_dates(conn, "0000-01-01", "9999-12-31", &[])
    }

    /// Only the revisions that could be in force in a month from `first` to `last` (made by
    /// the span's end, period overlapping it): `in_force` still picks among them, this only
    /// leaves out revisions it could never pick, so ホーム reads three months, not every year.
    pub fn load_span(conn: &Connection, first: NaiveDate, last: NaiveDate) -> Result<Arrangements> {
        let mut months = vec![month_start(first)];
        while let Some(&m) = months.last().filter(|m| **m < month_start(last)) {
            if months.len() == 36 {
                // A long span: every client's record providers, as for the whole history.
                months.clear();
                break;
            }
            months.push(m + chrono::Months::new(1));
        }
        Self::load_dates(
            conn,
            &iso(month_start(first)),
            &iso(month_end(last)),
            &months,
        )
    }

    fn type_ix(&mut self, code: &str) -> TypeIx {
        match self.types.iter().position(|t| t == code) {
            // There are a few dozen service types; an index never nears u16::MAX.
            Some(i) => i as TypeIx,
            None => {
                self.types.push(code.to_string());
                (self.types.len() - 1) as TypeIx
            }
        }
    }

    /// The revisions made by `last` whose period overlaps `first`..`last`; the client
    /// record's providers only for clients without a plan in force in one of `months` (for
    /// every client when `months` is empty).
    fn load_dates(
        conn: &Connection,
        first: &str,
        last: &str,
        months: &[NaiveDate],
    ) -> Result<Arrangements> {
        let mut out = Arrangements {
            clients: Vec::new(),
            dates: Vec::new(),
            ids: Vec::new(),
            lines: Vec::new(),
            starts: Vec::new(),
            fallback: HashMap::new(),
            types: Vec::new(),
        };
        let mut st = conn.prepare_cached(
            "SELECT id, client_id, plan_date, period_from, period_to, status FROM care_plans
             WHERE plan_date <= ?2 AND period_from <= ?2 AND period_to >= ?1
             ORDER BY client_id, id",
        )?;
        let mut rows = st.query([first, last])?;
        while let Some(r) = rows.next()? {
            let date = |i: usize| -> Result<NaiveDate> {
                Ok(super::columns::date(r, i)?.unwrap_or_default())
            };
            out.dates.push(PlanDates {
                plan_date: date(2)?,
                period_from: date(3)?,
                period_to: date(4)?,
                status: PlanStatus::from_code(r.get_ref(5)?.as_str()?).unwrap_or_default(),
            });
            out.ids.push(r.get(0)?);
            out.clients.push(r.get(1)?);
        }
        drop(rows);
        // Plan id → place, to file each line under its revision.
        let mut place: Vec<(i64, u32)> = out.ids.iter().copied().zip(0..).collect();
        place.sort_unstable();
        // Every line in id order (the table's own order: cheaper than sorting by plan), then
        // grouped by revision (a stable sort keeps each revision's in that order).
        let mut st = conn.prepare_cached(
            "SELECT plan_id, provider_id, service_type FROM plan_service_lines ORDER BY id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let plan: i64 = r.get(0)?;
            let Ok(i) = place.binary_search_by_key(&plan, |p| p.0) else {
                continue;
            };
            let service_type = out.type_ix(r.get_ref(2)?.as_str()?);
            out.lines.push(Line {
                plan: place[i].1,
                service_type,
                provider: r.get(1)?,
            });
        }
        drop(rows);
        drop(place);
        out.lines.sort_by_key(|l| l.plan);
        out.starts = (0..=out.ids.len())
            .map(|i| out.lines.partition_point(|l| (l.plan as usize) < i))
            .collect();
        // The providers on the client record stand in where no plan is in force: read only
        // for the clients whose plans leave a month of a short span uncovered.
        let uncovered: Vec<i64> = if months.is_empty() {
            Vec::new()
        } else {
            let mut st = conn.prepare_cached("SELECT id FROM clients")?;
            let ids = st.query_map([], |r| r.get::<_, i64>(0))?;
            let mut v = Vec::new();
            for id in ids {
                let id = id?;
                let dates = &out.dates[out.revisions_of(id)];
                let covered =
                    !dates.is_empty() && months.iter().all(|m| in_force(dates, *m).is_some());
                if !covered {
                    v.push(id);
                }
            }
            v
        };
        let mut rows_of = |sql: &str, client: Option<i64>| -> Result<()> {
            let mut st = conn.prepare_cached(sql)?;
            let mut rows = match client {
                Some(c) => st.query([c])?,
                None => st.query([])?,
            };
            while let Some(r) = rows.next()? {
                let service_type = out.type_ix(r.get_ref(2)?.as_str()?);
                out.fallback.entry(r.get(0)?).or_default().push(Line {
                    plan: 0,
                    service_type,
                    provider: r.get(1)?,
                });
            }
            Ok(())
        };
        // By service type (then provider), as the client record lists them.
        if months.is_empty() {
            rows_of(
                "SELECT client_id, provider_id, service_type FROM client_providers
                 ORDER BY client_id, service_type, provider_id",
                None,
            )?;
        } else {
            for c in uncovered {
                rows_of(
                    "SELECT client_id, provider_id, service_type FROM client_providers
                     WHERE client_id = ?1 ORDER BY service_type, provider_id",
                    Some(c),
                )?;
            }
        }
        Ok(out)
    }

    /// The plan in force for the month and the month's providers after the month's
    /// adjustments, one entry per provider office (its service types joined by spaces).
    fn month_lines(
        &self,
        client: i64,
        month: NaiveDate,
        adjust: &[Adjustment],
    ) -> (Option<i64>, Vec<(i64, String)>) {
        let mut out = Vec::new();
        let plan = self.month_lines_into(client, month, adjust, true, &mut out);
        (plan, out)
    }

    /// `month_lines` into a buffer the caller reuses; without `types` the service types are
    /// left empty (counting needs only who serves whom, and then nothing is allocated).
    fn month_lines_into(
        &self,
        client: i64,
        month: NaiveDate,
        adjust: &[Adjustment],
        types: bool,
        out: &mut Vec<(i64, String)>,
    ) -> Option<i64> {
        out.clear();
        let type_of = |t: TypeIx| {
            if types {
                self.types[usize::from(t)].clone()
            } else {
                String::new()
            }
        };
        let mine = self.revisions_of(client);
        let plan = in_force(&self.dates[mine.clone()], month).map(|i| mine.start + i);
        let base = match plan {
            Some(i) => &self.lines[self.starts[i]..self.starts[i + 1]],
            None => self.fallback.get(&client).map(Vec::as_slice).unwrap_or(&[]),
        };
        let kept = |p: &i64| !adjust.iter().any(|(a, ..)| a == p);
        let lines = base
            .iter()
            .filter(|l| kept(&l.provider))
            .map(|l| (l.provider, type_of(l.service_type)))
            .chain(
                adjust
                    .iter()
                    .filter(|a| a.2)
                    .map(|(p, t, _)| (*p, if types { t.clone() } else { String::new() })),
            );
        // One entry per provider office, in first-seen order, its types joined by spaces.
        for (pid, t) in lines {
            match out.iter_mut().find(|(p, _)| *p == pid) {
                Some((_, have)) => {
                    if !have.split(' ').any(|x| x == t) {
                        have.push(' ');
                        have.push_str(&t);
                    }
                }
                None => out.push((pid, t)),
            }
        }
        plan.map(|i| self.ids[i])
    }
}

/// Who a month's board lists (?1 the month's first day, ?2 its last): the contract covers a day
/// of the month and the month is not marked "no 給付管理". The 特定事業所集中減算 counts the
/// plans of the same clients (`store::concentration`).
pub(super) const MONTH_CLIENTS: &str =
    "contract_date <= ?2 AND (contract_end IS NULL OR contract_end >= ?1)
    AND id NOT IN (SELECT client_id FROM no_benefit_months
        WHERE month = substr(?1, 1, 7) AND withdrawn_at IS NULL)";

/// The clients a month's board lists (`MONTH_CLIENTS`): (id, name, kana, insurer number,
/// insured number), by kana.
fn month_clients(conn: &Connection, month: NaiveDate) -> Result<Vec<MonthClient>> {
    let (first, last) = (iso(month_start(month)), iso(month_end(month)));
    let mut st = conn.prepare_cached(&format!(
        "SELECT id, name, kana, insurer_number, insured_number FROM clients
         WHERE {MONTH_CLIENTS} ORDER BY kana, id"
    ))?;
    let rows = st.query_map([&first, &last], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The same clients as `month_clients`, ids only, in id order (for counting).
fn month_client_ids(conn: &Connection, month: NaiveDate) -> Result<Vec<i64>> {
    let (first, last) = (iso(month_start(month)), iso(month_end(month)));
    let mut st = conn.prepare_cached(&format!(
        "SELECT id FROM clients WHERE {MONTH_CLIENTS} ORDER BY id"
    ))?;
    let rows = st.query_map([&first, &last], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn month_adjustments(conn: &Connection, month: NaiveDate) -> Result<HashMap<i64, Vec<Adjustment>>> {
    let mut adjust: HashMap<i64, Vec<Adjustment>> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT client_id, provider_id, service_type, included FROM month_providers WHERE month = ?1",
    )?;
    for r in st.query_map([iso(month_start(month))], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
        ))
    })? {
        let (c, p, t, inc) = r?;
        adjust.entry(c).or_default().push((p, t, inc));
    }
    Ok(adjust)
}

/// Every cell's marks for the month, folded from the ledger in time order.
fn month_marks(conn: &Connection, month: NaiveDate) -> Result<HashMap<(i64, i64), CellMarks>> {
    let mut marks: HashMap<(i64, i64), CellMarks> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT client_id, provider_id, kind, withdraws, channel, at FROM delivery_events
         WHERE month = ?1 ORDER BY client_id, provider_id, at, id",
    )?;
    for r in st.query_map([iso(month_start(month))], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })? {
        let (c, p, kind, withdraws, channel, at) = r?;
        let ev = CellEvent {
            kind: DeliveryKind::from_code(&kind).unwrap_or(DeliveryKind::Schedule),
            withdraws: withdraws.as_deref().and_then(DeliveryKind::from_code),
            channel: Channel::from_code(&channel).unwrap_or_default(),
            at: from_utc_text(&at),
        };
        marks.entry((c, p)).or_default().apply(&ev);
    }
    Ok(marks)
}

/// Which cells of the month hold one kind of document, by the board's rule (the last of the
/// kind's events and their withdrawals decides) but reading only those events, and only
/// whether each is a withdrawal (ホーム counts cells; it does not show them). Rows come cell by
/// cell, client by client, from one index range: each client's cells are taken in turn
/// (`of`), so no month of marks is held.
struct Presence<'s> {
    rows: rusqlite::Rows<'s>,
    /// The row read ahead: (client, provider, a withdrawal).
    ahead: Option<(i64, i64, bool)>,
    /// The providers whose cell of the client last asked for holds the kind.
    held: Vec<i64>,
}

impl<'s> Presence<'s> {
    fn new(
        st: &'s mut rusqlite::CachedStatement<'_>,
        month: NaiveDate,
        kind: DeliveryKind,
    ) -> Result<Presence<'s>> {
        let mut p = Presence {
            rows: st.query(rusqlite::params![iso(month_start(month)), kind.code()])?,
            ahead: None,
            held: Vec::new(),
        };
        p.advance()?;
        Ok(p)
    }

    fn advance(&mut self) -> Result<()> {
        self.ahead = match self.rows.next()? {
            None => None,
            Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?)),
        };
        Ok(())
    }

    /// The providers whose cell of `client` (asked in increasing order) holds the kind.
    fn of(&mut self, client: i64) -> Result<&[i64]> {
        self.held.clear();
        let mut cell: Option<(i64, bool)> = None;
        while let Some((c, p, withdrawal)) = self.ahead.take_if(|(c, ..)| *c <= client) {
            if c == client {
                match cell {
                    Some((q, _)) if q == p => cell = Some((p, withdrawal)),
                    _ => {
                        self.held.extend(cell.filter(|(_, w)| !w).map(|(q, _)| q));
                        cell = Some((p, withdrawal));
                    }
                }
            }
            self.advance()?;
        }
        self.held.extend(cell.filter(|(_, w)| !w).map(|(q, _)| q));
        Ok(&self.held)
    }
}

/// How many of the month's cells lack `kind` (sent schedules, or actuals back).
pub(super) fn count_cells(
    conn: &Connection,
    month: NaiveDate,
    arrangements: &Arrangements,
    kind: DeliveryKind,
) -> Result<usize> {
    let mut st = conn.prepare_cached(
        "SELECT client_id, provider_id, kind = 'withdrawal' FROM delivery_events
         WHERE month = ?1 AND (kind = ?2 OR withdraws = ?2)
         ORDER BY client_id, provider_id, at, id",
    )?;
    let mut presence = Presence::new(&mut st, month, kind)?;
    let mut count = 0;
    each_month_client(conn, month, arrangements, |client, lines| {
        let held = presence.of(client)?;
        count += lines.iter().filter(|(pid, _)| !held.contains(pid)).count();
        Ok(())
    })?;
    Ok(count)
}

/// The month's (client, provider) pairs only: who serves whom, without reading the ledger.
pub fn month_pairs(
    conn: &Connection,
    month: NaiveDate,
    arrangements: &Arrangements,
) -> Result<Vec<(i64, i64)>> {
    let mut out = Vec::new();
    each_month_client(conn, month, arrangements, |id, lines| {
        out.extend(lines.iter().map(|(pid, _)| (id, *pid)));
        Ok(())
    })?;
    Ok(out)
}

/// The provider offices serving the month's clients (sorted ids).
pub(super) fn month_providers(
    conn: &Connection,
    month: NaiveDate,
    arrangements: &Arrangements,
) -> Result<Vec<i64>> {
    let mut out = std::collections::BTreeSet::new();
    each_month_client(conn, month, arrangements, |_, lines| {
        out.extend(lines.iter().map(|(pid, _)| *pid));
        Ok(())
    })?;
    Ok(out.into_iter().collect())
}

/// Each client of the month (`MONTH_CLIENTS`), in id order, with the provider offices serving
/// them that month (service types left empty).
fn each_month_client(
    conn: &Connection,
    month: NaiveDate,
    arrangements: &Arrangements,
    mut f: impl FnMut(i64, &[(i64, String)]) -> Result<()>,
) -> Result<()> {
    let adjust = month_adjustments(conn, month)?;
    let mut buf = Vec::new();
    for id in month_client_ids(conn, month)? {
        let adj = adjust.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        arrangements.month_lines_into(id, month, adj, false, &mut buf);
        f(id, &buf)?;
    }
    Ok(())
}

/// The monthly board: every client whose contract covers the month (and who has 給付管理 that
/// month), by kana, with the providers of the plan in force (or, without a plan, those on the
/// client record), adjusted for the month, and each cell's marks.
pub fn board(conn: &Connection, month: NaiveDate) -> Result<Vec<BoardRow>> {
    let last = iso(month_end(month));
    let mut providers: HashMap<i64, ProviderInfo> = HashMap::new();
    let mut st =
        conn.prepare_cached("SELECT id, name, office_number, preferred_channel FROM providers")?;
    for r in st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ProviderInfo {
                name: r.get::<_, String>(1)?.into(),
                office_number: r.get::<_, String>(2)?.into(),
                channel: Channel::from_code(&r.get::<_, String>(3)?).unwrap_or_default(),
            },
        ))
    })? {
        let (id, p) = r?;
        providers.insert(id, p);
    }
    // Care manager on the month's last day.
    let mut cms: HashMap<i64, i64> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT client_id, staff_id FROM client_care_managers
         WHERE effective_from <= ?1 AND withdrawn_at IS NULL ORDER BY client_id, effective_from",
    )?;
    for r in st.query_map([&last], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (c, s) = r?;
        cms.insert(c, s);
    }
    // The revisions that could be in force in the month, not every year's.
    let arrangements = Arrangements::load_span(conn, month, month)?;
    let adjust = month_adjustments(conn, month)?;
    let marks = month_marks(conn, month)?;
    let clients = month_clients(conn, month)?;
    let mut out = Vec::with_capacity(clients.len());
    // Each service type (or joined types) once, shared by its cells.
    let mut types: HashMap<String, Arc<str>> = HashMap::new();
    for (id, name, kana, insurer_number, insured_number) in clients {
        let adj = adjust.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let (plan_id, lines) = arrangements.month_lines(id, month, adj);
        let mut cells = Vec::with_capacity(lines.len());
        for (pid, service_type) in lines {
            let Some(info) = providers.get(&pid) else {
                continue;
            };
            let service_type = match types.get(&service_type) {
                Some(t) => t.clone(),
                None => {
                    let t: Arc<str> = service_type.as_str().into();
                    types.insert(service_type, t.clone());
                    t
                }
            };
            cells.push(BoardCell {
                provider_id: pid,
                provider_name: info.name.clone(),
                office_number: info.office_number.clone(),
                service_type,
                channel: info.channel,
                marks: marks.get(&(id, pid)).copied().unwrap_or_default(),
            });
        }
        out.push(BoardRow {
            client_id: id,
            name,
            kana,
            insurer_number,
            insured_number,
            care_manager: cms.get(&id).copied(),
            plan_id,
            cells,
        });
    }
    Ok(out)
}

/// Leaves a provider out of (or puts it back into) one client's month.
pub fn set_month_provider(
    w: &Writer<'_>,
    client_id: i64,
    provider_id: i64,
    month: NaiveDate,
    service_type: &str,
    included: bool,
) -> Result<()> {
    w.tx.execute(
        "INSERT INTO month_providers (client_id, provider_id, month, service_type, included)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (client_id, provider_id, month) DO UPDATE SET included = excluded.included,
             service_type = excluded.service_type",
        params![
            client_id,
            provider_id,
            iso(month_start(month)),
            service_type,
            included
        ],
    )?;
    w.audit(
        "month_provider",
        Some(client_id),
        if included { "include" } else { "exclude" },
        None,
        Some(&serde_json::json!({"provider_id": provider_id, "month": iso(month_start(month))})),
    )
}

/// One provider of the paper batch: the clients whose schedules go to it on paper.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchProvider {
    pub provider_id: i64,
    pub office_number: String,
    pub name: String,
    pub channel: Channel,
    /// (board row index, cell index) of each client's cell, by kana.
    pub cells: Vec<(usize, usize)>,
    pub unsent: usize,
}

/// The month's providers that must get paper (not on the exchange), each with its clients.
pub fn paper_batch(board: &[BoardRow]) -> Vec<BatchProvider> {
    let mut out: Vec<BatchProvider> = Vec::new();
    for (ri, row) in board.iter().enumerate() {
        for (ci, cell) in row.cells.iter().enumerate() {
            if cell.channel == Channel::Exchange {
                continue;
            }
            let pos = match out.iter().position(|b| b.provider_id == cell.provider_id) {
                Some(p) => p,
                None => {
                    out.push(BatchProvider {
                        provider_id: cell.provider_id,
                        office_number: cell.office_number.to_string(),
                        name: cell.provider_name.to_string(),
                        channel: cell.channel,
                        cells: Vec::new(),
                        unsent: 0,
                    });
                    out.len() - 1
                }
            };
            out[pos].cells.push((ri, ci));
            if cell.marks.sent.is_none() {
                out[pos].unsent += 1;
            }
        }
    }
    out.sort_by(|a, b| b.unsent.cmp(&a.unsent).then(a.name.cmp(&b.name)));
    out
}

/// The events that mark the given cells' schedules sent (cells already sent are skipped).
pub fn mark_sent_events(
    board: &[BoardRow],
    cells: &[(usize, usize)],
    month: NaiveDate,
    channel: Option<Channel>,
    at: NaiveDateTime,
) -> Vec<NewEvent> {
    cells
        .iter()
        .filter_map(|&(ri, ci)| {
            let row = board.get(ri)?;
            let cell = row.cells.get(ci)?;
            cell.marks
                .sent
                .is_none()
                .then(|| NewEvent::for_cell(row, cell, DeliveryKind::Schedule, month, channel, at))
        })
        .collect()
}

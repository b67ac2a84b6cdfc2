//! The delivery ledger: one append-only row per document sent or received, and the monthly
//! board built from it (clients × the providers of their plan in force).

use super::{Refused, Writer, clean, now_utc};
use crate::domain::channel::Channel;
use crate::domain::dates::{from_iso, iso};
use crate::domain::delivery::{CellEvent, CellMarks, DeliveryKind, month_end, month_start};
use crate::domain::plan::in_force;
use chrono::{Local, NaiveDate, NaiveDateTime, TimeZone};
use color_eyre::eyre::Result;
use rusqlite::{Connection, params};
use serde::Serialize;
use std::collections::HashMap;

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
            "取消には、取り消す書類の種類（plan / schedule / actuals）が必要です".into(),
        )
        .into()),
        Some(k) if k.is_monthly() && e.month.is_none() => Err(Refused(format!(
            "{}には対象の月（YYYY-MM）が必要です",
            k.label(crate::domain::Lang::Ja)
        ))
        .into()),
        Some(DeliveryKind::Plan) if e.plan_date.is_none() => {
            Err(Refused("計画書には計画の作成日が必要です".into()).into())
        }
        _ => Ok(()),
    }
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
    pub provider_name: String,
    pub office_number: String,
    pub service_type: String,
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
    name: String,
    office_number: String,
    channel: Channel,
}

/// The monthly board: every client whose contract covers the month (and who has 給付管理 that
/// month), by kana, with the providers of the plan in force (or, without a plan, those on the
/// client record), adjusted for the month, and each cell's marks.
pub fn board(conn: &Connection, month: NaiveDate) -> Result<Vec<BoardRow>> {
    let (first, last) = (iso(month_start(month)), iso(month_end(month)));
    let mut providers: HashMap<i64, ProviderInfo> = HashMap::new();
    let mut st =
        conn.prepare_cached("SELECT id, name, office_number, preferred_channel FROM providers")?;
    for r in st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ProviderInfo {
                name: r.get(1)?,
                office_number: r.get(2)?,
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
        "SELECT client_id, staff_id FROM client_care_managers WHERE effective_from <= ?1
         ORDER BY client_id, effective_from",
    )?;
    for r in st.query_map([&last], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (c, s) = r?;
        cms.insert(c, s);
    }
    // Plans in force, by client.
    let mut by_client: HashMap<i64, Vec<super::plans::Plan>> = HashMap::new();
    for p in super::plans::list(conn, None)? {
        by_client.entry(p.client_id).or_default().push(p);
    }
    let mut fallback: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT client_id, provider_id, service_type FROM client_providers ORDER BY client_id, service_type",
    )?;
    for r in st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (c, p, t) = r?;
        fallback.entry(c).or_default().push((p, t));
    }
    let mut adjust: HashMap<i64, Vec<(i64, String, bool)>> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT client_id, provider_id, service_type, included FROM month_providers WHERE month = ?1",
    )?;
    for r in st.query_map([&first], |r| {
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
    let mut marks: HashMap<(i64, i64), CellMarks> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT client_id, provider_id, kind, withdraws, channel, at FROM delivery_events
         WHERE month = ?1 ORDER BY at, id",
    )?;
    for r in st.query_map([&first], |r| {
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
    let mut st = conn.prepare_cached(
        "SELECT id, name, kana, insurer_number, insured_number FROM clients
         WHERE contract_date <= ?2 AND (contract_end IS NULL OR contract_end >= ?1)
           AND id NOT IN (SELECT client_id FROM no_benefit_months WHERE month = substr(?1, 1, 7))
         ORDER BY kana, id",
    )?;
    let rows = st.query_map([&first, &last], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for r in rows {
        let (id, name, kana, insurer_number, insured_number) = r?;
        let plans = by_client.remove(&id).unwrap_or_default();
        let dates: Vec<_> = plans.iter().map(|p| p.dates()).collect();
        let plan = in_force(&dates, month).map(|i| &plans[i]);
        let mut lines: Vec<(i64, String)> = match plan {
            Some(p) => p
                .lines
                .iter()
                .map(|l| (l.provider_id, l.service_type.clone()))
                .collect(),
            None => fallback.remove(&id).unwrap_or_default(),
        };
        for (p, t, included) in adjust.remove(&id).unwrap_or_default() {
            lines.retain(|(lp, _)| *lp != p);
            if included {
                lines.push((p, t));
            }
        }
        let mut cells: Vec<BoardCell> = Vec::new();
        for (pid, service_type) in lines {
            // One document per provider office, whatever the number of its services.
            if let Some(c) = cells.iter_mut().find(|c| c.provider_id == pid) {
                if !c.service_type.split(' ').any(|t| t == service_type) {
                    c.service_type.push(' ');
                    c.service_type.push_str(&service_type);
                }
                continue;
            }
            let Some(info) = providers.get(&pid) else {
                continue;
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
            plan_id: plan.map(|p| p.id),
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
                        office_number: cell.office_number.clone(),
                        name: cell.provider_name.clone(),
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
            cell.marks.sent.is_none().then(|| NewEvent {
                kind: DeliveryKind::Schedule,
                withdraws: None,
                client_id: row.client_id,
                provider_id: cell.provider_id,
                service_type: cell.service_type.clone(),
                month: Some(month_start(month)),
                plan_date: None,
                channel: channel.unwrap_or(cell.channel),
                at,
                note: String::new(),
                source_file: None,
            })
        })
        .collect()
}

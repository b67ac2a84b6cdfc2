//! 特定事業所集中減算 from the records: which plan each client has in force in each month (the
//! board's rule: a client whose contract covers the month and who has 給付管理 that month, the
//! revision `domain::plan::in_force` picks), the corporations of the providers of its service
//! lines (or, for a month moved in from the 伝送 files with no plan here, the providers its
//! 給付管理票 named), and the 正当な理由 notes. The computation is `domain::concentration`'s.

use super::deliveries::MONTH_CLIENTS;
use super::{Conflict, Refused, Writer, clean, now_utc};
use crate::domain::concentration::{
    self as rule, Explanation, Line, Period, PeriodId, PlanMonth, ProviderInfo, ReportDue,
    Worksheet,
};
use crate::domain::dates::{from_iso, iso};
use crate::domain::dates::{month_end, month_start};
use crate::domain::plan::{PlanDates, PlanStatus, in_force};
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

/// Every provider's name and corporation.
pub fn providers(conn: &Connection) -> Result<HashMap<i64, ProviderInfo>> {
    let mut st = conn
        .prepare_cached("SELECT id, name, corporation_name, corporation_number FROM providers")?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ProviderInfo {
                name: r.get(1)?,
                corporation_name: r.get(2)?,
                corporation_number: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One client's revisions that could be in force in the span: dates (for `in_force`) and lines.
#[derive(Default)]
struct ClientPlans {
    dates: Vec<PlanDates>,
    lines: Vec<Vec<Line>>,
}

/// The plan in force of each client in each month from `first` to `last` (any days of them),
/// with its service lines; clients and months as the board lists them.
pub fn plan_months(conn: &Connection, first: NaiveDate, last: NaiveDate) -> Result<Vec<PlanMonth>> {
    let (start, end) = (iso(month_start(first)), iso(month_end(last)));
    let mut plans: HashMap<i64, ClientPlans> = HashMap::new();
    // plan id → (client, index in the client's list)
    let mut where_is: HashMap<i64, (i64, usize)> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT id, client_id, plan_date, period_from, period_to, status FROM care_plans
         WHERE plan_date <= ?2 AND period_from <= ?2 AND period_to >= ?1 ORDER BY id",
    )?;
    let mut rows = st.query([&start, &end])?;
    while let Some(r) = rows.next()? {
        let (id, client): (i64, i64) = (r.get(0)?, r.get(1)?);
        let date = |i: usize| -> Result<NaiveDate> {
            Ok(from_iso(r.get_ref(i)?.as_str()?).unwrap_or_default())
        };
        let list = plans.entry(client).or_default();
        where_is.insert(id, (client, list.dates.len()));
        list.dates.push(PlanDates {
            plan_date: date(2)?,
            period_from: date(3)?,
            period_to: date(4)?,
            status: PlanStatus::from_code(r.get_ref(5)?.as_str()?).unwrap_or_default(),
        });
        list.lines.push(Vec::new());
    }
    let mut st = conn.prepare_cached(
        "SELECT plan_id, provider_id, service_type FROM plan_service_lines ORDER BY id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let Some(&(client, i)) = where_is.get(&r.get::<_, i64>(0)?) else {
            continue;
        };
        if let Some(lines) = plans.get_mut(&client).and_then(|p| p.lines.get_mut(i)) {
            lines.push(Line {
                service_type: r.get(2)?,
                provider_id: r.get(1)?,
            });
        }
    }
    let mut out = Vec::new();
    let mut month = month_start(first);
    let mut st = conn.prepare_cached(&format!(
        "SELECT id FROM clients WHERE {MONTH_CLIENTS} ORDER BY id"
    ))?;
    while month <= month_start(last) {
        let ids = st.query_map([iso(month), iso(month_end(month))], |r| r.get::<_, i64>(0))?;
        for id in ids {
            let id = id?;
            let Some(p) = plans.get(&id) else { continue };
            if let Some(i) = in_force(&p.dates, month) {
                out.push(PlanMonth {
                    client: id,
                    month,
                    lines: p.lines.get(i).cloned().unwrap_or_default(),
                });
            }
        }
        month = month + chrono::Months::new(1);
    }
    // A month moved in from the 伝送 files with no plan in careplan (before the switch) counts
    // the providers its 給付管理票 named.
    let planned: std::collections::HashSet<(i64, NaiveDate)> =
        out.iter().map(|p| (p.client, p.month)).collect();
    for (client, month, lines) in super::claims::claimed_lines(conn, first, last)? {
        if !planned.contains(&(client, month)) {
            out.push(PlanMonth {
                client,
                month,
                lines,
            });
        }
    }
    Ok(out)
}

/// A 正当な理由 note of a period's service, with its version for the next correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub service_type: String,
    pub text: String,
    pub version: i64,
}

/// The notes recorded for a period.
pub fn notes(conn: &Connection, period: PeriodId) -> Result<Vec<Note>> {
    let mut st = conn.prepare_cached(
        "SELECT service_type, note, version FROM concentration_notes WHERE period = ?1
         ORDER BY service_type",
    )?;
    let rows = st.query_map([period.code()], |r| {
        Ok(Note {
            service_type: r.get(0)?,
            text: r.get(1)?,
            version: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The note of one period and service (None: never written).
pub fn note(conn: &Connection, period: PeriodId, service_type: &str) -> Result<Option<Note>> {
    Ok(notes(conn, period)?
        .into_iter()
        .find(|n| n.service_type == service_type))
}

/// Writes the note of a period and service. `version`: the version read when it was opened
/// (None: it was not written then); another session's write since is a `Conflict` and
/// nothing is written. An empty text takes the note back (the row and the trail stay).
pub fn set_note(
    w: &Writer<'_>,
    period: PeriodId,
    service_type: &str,
    text: &str,
    version: Option<i64>,
) -> Result<()> {
    let rules = super::rules::book(&w.tx)?;
    let (_, c) = rule::rules_for(&rules, period).map_err(|e| Refused(e.to_string()))?;
    if !c.services.iter().any(|s| s == service_type) {
        return Err(Refused(crate::format_tr!(
            "サービス種類 {service_type} は特定事業所集中減算の対象ではありません（対象: {}）",
            "service type {service_type} is not one the 集中減算 covers (covered: {})",
            c.services
                .join(crate::domain::Lang::session().pick("・", ", "))
        ))
        .into());
    }
    let text = clean(text);
    let before: Option<(i64, String, i64)> =
        w.tx.query_row(
            "SELECT id, note, version FROM concentration_notes
             WHERE period = ?1 AND service_type = ?2",
            params![period.code(), service_type],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let entity = "正当な理由";
    let id = match (&before, version) {
        (Some((id, _, _)), Some(v)) => {
            w.claim_version("concentration_notes", entity, *id, v)?;
            w.tx.execute(
                "UPDATE concentration_notes SET note = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, text, now_utc()],
            )?;
            *id
        }
        (None, None) => {
            w.tx.execute(
                "INSERT INTO concentration_notes (period, service_type, note, updated_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![period.code(), service_type, text, now_utc()],
            )?;
            w.tx.last_insert_rowid()
        }
        // Written by another session since it was read, or gone.
        _ => return Err(Conflict { entity }.into()),
    };
    let json = |t: &str| serde_json::json!({"period": period.code(), "service_type": service_type, "note": t});
    w.audit(
        "concentration_note",
        Some(id),
        if before.is_some() { "update" } else { "insert" },
        before.as_ref().map(|(_, t, _)| json(t)).as_ref(),
        Some(&json(&text)),
    )
}

/// The worksheet of a period, with the notes' versions (service type → version).
pub fn worksheet(conn: &Connection, id: PeriodId) -> Result<(Worksheet, HashMap<String, i64>)> {
    let book = super::rules::book(conn)?;
    let (table, c) = rule::rules_for(&book, id).map_err(|e| Refused(e.to_string()))?;
    let period = rule::period_dates(c, id);
    let plans = plan_months(conn, period.from, period.to)?;
    let notes = notes(conn, id)?;
    let texts = notes
        .iter()
        .map(|n| (n.service_type.clone(), n.text.clone()))
        .collect();
    let versions = notes
        .into_iter()
        .map(|n| (n.service_type, n.version))
        .collect();
    Ok((
        rule::worksheet(c, table.from, period, &plans, &providers(conn)?, &texts),
        versions,
    ))
}

/// The period `day` falls in.
pub fn period_of(conn: &Connection, day: NaiveDate) -> Result<Period> {
    let book = super::rules::book(conn)?;
    Ok(rule::period_of(&book, day).map_err(|e| Refused(e.to_string()))?)
}

/// The contract-time explanation on `on` (the six months before its month).
pub fn explanation(conn: &Connection, on: NaiveDate) -> Result<Explanation> {
    let book = super::rules::book(conn)?;
    let p = rule::period_of(&book, on).map_err(|e| Refused(e.to_string()))?;
    let (_, c) = rule::rules_for(&book, p.id).map_err(|e| Refused(e.to_string()))?;
    let from = month_start(on) - chrono::Months::new(6);
    let to = month_start(on) - chrono::Days::new(1);
    let plans = plan_months(conn, from, to)?;
    Ok(rule::explanation(c, on, &plans, &providers(conn)?))
}

/// What ホーム lists of the 特定事業所集中減算: the worksheet due within the warning days of
/// `today`, with the services over the threshold so far (read only within those days).
pub fn report_due(conn: &Connection, today: NaiveDate) -> Result<Option<ReportDue>> {
    let book = super::rules::book(conn)?;
    let Some(p) = rule::report_due(&book, today) else {
        return Ok(None);
    };
    let (w, _) = worksheet(conn, p.id)?;
    Ok(Some(ReportDue {
        period: p,
        over: w.over().iter().map(|s| s.service_type.clone()).collect(),
        threshold_percent: w.threshold_percent,
    }))
}

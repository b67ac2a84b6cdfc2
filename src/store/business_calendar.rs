//! The office's business calendar (kasan.md §A.2, §A.11): its business week and hours, dated
//! (a change of hours starts a new row and ends the one before), and dated days closed or open
//! against the week (年末年始, a training day), withdrawn with a reason, never deleted. The
//! 入院時 windows count in these days; a day no row covers is unknown.

use super::{Refused, Writer, now_utc, reason_required};
use crate::domain::dates::{from_iso, iso};
use crate::domain::kasan_records::HoursFields;
use chrono::{NaiveDate, NaiveTime};
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// The business week and hours in force over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hours {
    pub id: i64,
    pub fields: HoursFields,
    /// The last day (None: no end known).
    pub until: Option<NaiveDate>,
}

impl Hours {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.fields.from <= day && self.until.is_none_or(|u| day <= u)
    }
}

fn clock(s: &str) -> NaiveTime {
    // The store writes only HH:MM; a row that is not reads as midnight, not an error.
    NaiveTime::parse_from_str(s, "%H:%M").unwrap_or_default()
}

/// Every row of hours, oldest first.
pub fn hours(conn: &Connection) -> Result<Vec<Hours>> {
    let mut st = conn.prepare_cached(
        "SELECT id, valid_from, valid_until, weekdays, opens, closes, holidays_closed
         FROM business_hours ORDER BY valid_from, id",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, bool>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for r in rows {
        let (id, from, until, weekdays, opens, closes, holidays_closed) = r?;
        let Some(from) = from_iso(&from) else {
            continue;
        };
        out.push(Hours {
            id,
            fields: HoursFields {
                from,
                weekdays: weekdays
                    .split(',')
                    .filter_map(|d| d.trim().parse().ok())
                    .collect(),
                opens: clock(&opens),
                closes: clock(&closes),
                holidays_closed,
            },
            until: until.as_deref().and_then(from_iso),
        });
    }
    Ok(out)
}

fn hours_json(h: &Hours) -> serde_json::Value {
    serde_json::json!({
        "from": iso(h.fields.from),
        "until": h.until.map(iso),
        "weekdays": h.fields.weekdays_code(),
        "opens": h.fields.opens.format("%H:%M").to_string(),
        "closes": h.fields.closes.format("%H:%M").to_string(),
        "holidays_closed": h.fields.holidays_closed,
    })
}

/// Sets the business week and hours from `f.from` on: the row in force then ends the day
/// before (a row from the same day is replaced). Refused when a row starts later — the
/// calendar changes forward only; set that later row again instead. Audited.
pub fn set_hours(w: &Writer<'_>, f: &HoursFields) -> Result<i64> {
    f.check().map_err(|e| Refused(e.to_string()))?;
    let rows = hours(&w.tx)?;
    if let Some(later) = rows.iter().find(|h| h.fields.from > f.from) {
        return Err(Refused(format!(
            "{} からの営業時間が既にあります。{} より前から変えることはできません。{} 以降の日付で設定し直してください",
            iso(later.fields.from),
            iso(later.fields.from),
            iso(later.fields.from)
        ))
        .into());
    }
    let before: Vec<serde_json::Value> = rows
        .iter()
        .filter(|h| h.until.is_none_or(|u| u >= f.from))
        .map(hours_json)
        .collect();
    let same_day = rows.iter().find(|h| h.fields.from == f.from).map(|h| h.id);
    // The day before `from` exists: `from` is a date after the calendar's first day.
    let day_before = f.from.pred_opt().unwrap_or(f.from);
    w.tx.execute(
        "UPDATE business_hours SET valid_until = ?1
         WHERE valid_from < ?2 AND (valid_until IS NULL OR valid_until >= ?2)",
        params![iso(day_before), iso(f.from)],
    )?;
    let values = params![
        iso(f.from),
        f.weekdays_code(),
        f.opens.format("%H:%M").to_string(),
        f.closes.format("%H:%M").to_string(),
        f.holidays_closed,
        now_utc()
    ];
    let id = match same_day {
        Some(id) => {
            w.tx.execute(
                "UPDATE business_hours SET weekdays = ?2, opens = ?3, closes = ?4,
                     holidays_closed = ?5, noted_at = ?6, valid_until = NULL
                 WHERE id = ?7 AND valid_from = ?1",
                params![
                    iso(f.from),
                    f.weekdays_code(),
                    f.opens.format("%H:%M").to_string(),
                    f.closes.format("%H:%M").to_string(),
                    f.holidays_closed,
                    now_utc(),
                    id
                ],
            )?;
            id
        }
        None => {
            w.tx.execute(
                "INSERT INTO business_hours (valid_from, weekdays, opens, closes, holidays_closed,
                     noted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                values,
            )?;
            w.tx.last_insert_rowid()
        }
    };
    w.audit(
        "business_hours",
        Some(id),
        "set",
        Some(&serde_json::Value::Array(before)),
        Some(&hours_json(&Hours {
            id,
            fields: f.clone(),
            until: None,
        })),
    )?;
    Ok(id)
}

/// Dated days closed (or open) against the business week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Days {
    pub id: i64,
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub open: bool,
    pub reason: String,
    /// Why it was withdrawn (None: it stands).
    pub withdrawn_reason: Option<String>,
}

impl Days {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.until
    }
}

const SELECT_DAYS: &str =
    "SELECT id, date_from, date_until, open, reason, withdrawn_at, withdrawn_reason
     FROM business_days";

fn days_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Days> {
    let from: String = r.get(1)?;
    let until: String = r.get(2)?;
    Ok(Days {
        id: r.get(0)?,
        from: from_iso(&from).unwrap_or_default(),
        until: from_iso(&until).unwrap_or_default(),
        open: r.get(3)?,
        reason: r.get(4)?,
        withdrawn_reason: r
            .get::<_, Option<String>>(5)?
            .map(|_| r.get::<_, String>(6))
            .transpose()?,
    })
}

/// The dated exceptions standing (or, with `withdrawn`, every one), by first day.
pub fn days(conn: &Connection, withdrawn: bool) -> Result<Vec<Days>> {
    let mut st = conn.prepare_cached(&format!(
        "{SELECT_DAYS} WHERE (?1 OR withdrawn_at IS NULL) ORDER BY date_from, id"
    ))?;
    let rows = st.query_map([withdrawn], days_row)?;
    rows.collect::<Result<_, _>>()
        .wrap_err("営業日の例外を読めません")
}

fn days_json(d: &Days) -> serde_json::Value {
    serde_json::json!({
        "from": iso(d.from),
        "until": iso(d.until),
        "open": d.open,
        "reason": d.reason,
    })
}

/// Marks the days `from..=until` closed (`open` false) or open against the week, with the
/// reason (年末年始, 研修…). Refused over a standing exception of the other kind on any of the
/// days: withdraw it first. Audited; returns the row's id.
pub fn add_days(
    w: &Writer<'_>,
    from: NaiveDate,
    until: NaiveDate,
    open: bool,
    reason: &str,
) -> Result<i64> {
    let what = if open { "営業日" } else { "休業日" };
    let reason = super::clean(reason);
    if reason.is_empty() {
        return Err(Refused(format!(
            "{what}にする理由を入力してください（例: 年末年始、研修、臨時営業）"
        ))
        .into());
    }
    if until < from {
        return Err(Refused(format!(
            "終わりの日 {} が始まりの日 {} より前です",
            iso(until),
            iso(from)
        ))
        .into());
    }
    if let Some(other) = days(&w.tx, false)?
        .into_iter()
        .find(|d| d.open != open && d.from <= until && from <= d.until)
    {
        return Err(Refused(format!(
            "{} 〜 {} は{}として記録済みです（id {}）。先にそれを取り消してください",
            iso(other.from),
            iso(other.until),
            if other.open { "営業日" } else { "休業日" },
            other.id
        ))
        .into());
    }
    w.execute_cached(
        "INSERT INTO business_days (date_from, date_until, open, reason, noted_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![iso(from), iso(until), open, reason, now_utc()],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit(
        "business_days",
        Some(id),
        "add",
        None,
        Some(&days_json(&Days {
            id,
            from,
            until,
            open,
            reason: reason.clone(),
            withdrawn_reason: None,
        })),
    )?;
    Ok(id)
}

/// Withdraws the dated exception `id` (entered by mistake) with the reason.
pub fn withdraw_days(w: &Writer<'_>, id: i64, reason: &str) -> Result<()> {
    let reason = reason_required(reason, "休業日・営業日の記録", "取り消し")?;
    let mut st = w.tx.prepare_cached(&format!(
        "{SELECT_DAYS} WHERE id = ?1 AND withdrawn_at IS NULL"
    ))?;
    let before = st.query_row([id], days_row).optional()?.ok_or_else(|| {
        Refused(crate::format_tr!(
            "休業日・営業日 id {id} はありません（取り消し済みかもしれません）。careplan office closed で一覧を確かめてください", "no closed/open day with id {id} (it may have been withdrawn); see the list with careplan office days"
        ))
    })?;
    w.withdraw_row(
        "business_days",
        "business_days",
        id,
        &reason,
        &days_json(&before),
    )
}

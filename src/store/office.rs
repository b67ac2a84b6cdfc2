//! The office itself (one per database): number, name, 地域区分 history, special-area flag.

use super::{Conflict, Writer, clean};
use crate::domain::area::AreaGrade;
use crate::domain::caseload::{Period, SupportOrdering};
use crate::domain::dates::{from_iso, iso};
use crate::domain::ids::OfficeNumber;
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Office {
    pub office_number: Option<String>,
    pub name: String,
    pub special_area: bool,
    /// 地域区分 with the date each took effect, oldest first.
    pub area_grades: Vec<(NaiveDate, AreaGrade)>,
    /// Periods in which the office has filed for 居宅介護支援費(II).
    pub fee_ii_filed: Vec<Period>,
    /// Periods in which the office uses the ケアプランデータ連携システム.
    pub exchange_use: Vec<Period>,
    pub support_ordering: SupportOrdering,
    /// 記録開始日: records before it are kept elsewhere (None: not set yet).
    pub records_since: Option<NaiveDate>,
    #[serde(skip)]
    pub version: i64,
}

impl Office {
    /// The grade in force on `date`, if any was recorded by then.
    pub fn area_grade_on(&self, date: NaiveDate) -> Option<AreaGrade> {
        self.area_grades
            .iter()
            .rev()
            .find(|(from, _)| *from <= date)
            .map(|(_, g)| *g)
    }
}

/// A change to the office; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfficeChange {
    pub office_number: Option<OfficeNumber>,
    pub name: Option<String>,
    pub special_area: Option<bool>,
    pub area_grade: Option<(AreaGrade, NaiveDate)>,
    /// Some(None) clears the filing; Some(Some(p)) records it for that period.
    pub fee_ii_filed: Option<Option<Period>>,
    /// Some(None) clears exchange use; Some(Some(p)) records it for that period.
    pub exchange_use: Option<Option<Period>>,
    pub support_ordering: Option<SupportOrdering>,
    /// Some(None) clears 記録開始日; Some(Some(d)) sets it.
    pub records_since: Option<Option<NaiveDate>>,
}

pub const FEE_II_FILED: &str = "fee_ii_filed";

/// The periods recorded for one dated office setting, oldest first.
pub fn periods(conn: &Connection, setting: &str) -> Result<Vec<Period>> {
    let mut st = conn.prepare_cached(
        "SELECT valid_from, valid_until FROM office_periods WHERE setting = ?1 ORDER BY valid_from, id",
    )?;
    let rows = st.query_map([setting], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (from, until) = row?;
        if let Some(from) = from_iso(&from) {
            out.push(Period {
                from,
                until: until.as_deref().and_then(from_iso),
            });
        }
    }
    Ok(out)
}

/// Replaces a dated setting with one period (or none).
pub(super) fn set_period(w: &Writer<'_>, setting: &str, period: Option<Period>) -> Result<()> {
    w.tx.execute("DELETE FROM office_periods WHERE setting = ?1", [setting])?;
    if let Some(p) = period {
        w.tx.execute(
            "INSERT INTO office_periods (setting, valid_from, valid_until, noted_at) VALUES (?1, ?2, ?3, ?4)",
            params![setting, iso(p.from), p.until.map(iso), super::now_utc()],
        )?;
    }
    Ok(())
}

pub fn get(conn: &Connection) -> Result<Office> {
    let (office_number, name, special_area, version, ordering, records_since) = conn.query_row(
        "SELECT office_number, name, special_area, version, support_ordering, records_since
         FROM office WHERE id = 1",
        [],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get::<_, bool>(2)?,
                r.get(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        },
    )?;
    let mut st = conn
        .prepare("SELECT effective_from, grade FROM office_area_grades ORDER BY effective_from")?;
    let area_grades = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .filter_map(|r| r.ok())
        .filter_map(|(d, g)| Some((from_iso(&d)?, AreaGrade::from_code(&g)?)))
        .collect();
    Ok(Office {
        office_number,
        name,
        special_area,
        area_grades,
        fee_ii_filed: periods(conn, FEE_II_FILED)?,
        exchange_use: super::enrollment::exchange_use_periods(conn)?,
        support_ordering: SupportOrdering::parse(&ordering).unwrap_or_default(),
        records_since: records_since.as_deref().and_then(from_iso),
        version,
    })
}

/// Applies `change` if the office is still at `expected_version` (None = whatever it is now).
pub fn update(
    w: &Writer<'_>,
    change: &OfficeChange,
    expected_version: Option<i64>,
) -> Result<Office> {
    let before = get(&w.tx)?;
    if expected_version.is_some_and(|v| v != before.version) {
        return Err(Conflict {
            entity: "事業所情報",
        }
        .into());
    }
    w.tx.execute(
        "UPDATE office SET office_number = coalesce(?1, office_number), name = coalesce(?2, name),
         special_area = coalesce(?3, special_area), version = version + 1 WHERE id = 1",
        params![
            change
                .office_number
                .as_ref()
                .map(|n| n.as_str().to_string()),
            change.name.as_deref().map(clean),
            change.special_area,
        ],
    )?;
    if let Some(p) = change.fee_ii_filed {
        set_period(w, FEE_II_FILED, p)?;
    }
    if let Some(p) = change.exchange_use {
        super::enrollment::set_exchange_use_period(w, p)?;
    }
    if let Some(o) = change.support_ordering {
        w.tx.execute(
            "UPDATE office SET support_ordering = ?1 WHERE id = 1",
            [o.code()],
        )?;
    }
    if let Some(d) = change.records_since {
        w.tx.execute(
            "UPDATE office SET records_since = ?1 WHERE id = 1",
            [d.map(iso)],
        )?;
    }
    if let Some((grade, from)) = change.area_grade {
        w.tx.execute(
            "INSERT INTO office_area_grades (grade, effective_from) VALUES (?1, ?2)
             ON CONFLICT (effective_from) DO UPDATE SET grade = excluded.grade",
            params![grade.code(), iso(from)],
        )?;
    }
    let after = get(&w.tx)?;
    w.audit(
        "office",
        Some(1),
        "update",
        Some(&serde_json::to_value(&before)?),
        Some(&serde_json::to_value(&after)?),
    )?;
    Ok(after)
}

/// 記録開始日, if set: the one reading every rule that must not count history kept elsewhere.
pub fn records_since(conn: &Connection) -> Result<Option<NaiveDate>> {
    Ok(conn
        .query_row("SELECT records_since FROM office WHERE id = 1", [], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten()
        .as_deref()
        .and_then(from_iso))
}

/// Case-record entries written here before 記録開始日, which no longer count (a date set later
/// than the office's first use of careplan hides them, so the screens say so); 0 when unset.
/// Read where it is shown, not with every read of the office.
pub fn entries_before_records(conn: &Connection) -> Result<u64> {
    let Some(day) = records_since(conn)? else {
        return Ok(0);
    };
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM case_notes WHERE at < ?1",
        [iso(day)],
        |r| r.get(0),
    )?;
    Ok(n.unsigned_abs())
}

/// Sets 記録開始日 to `day` unless one is set (init, and an import that moves an office in).
/// Returns whether it was set now.
pub fn set_records_since_if_unset(w: &Writer<'_>, day: NaiveDate) -> Result<bool> {
    if records_since(&w.tx)?.is_some() {
        return Ok(false);
    }
    update(
        w,
        &OfficeChange {
            records_since: Some(Some(day)),
            ..Default::default()
        },
        None,
    )?;
    Ok(true)
}

/// The office number, if set (used to tell our own files from others' later on).
pub fn office_number(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT office_number FROM office WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .flatten())
}

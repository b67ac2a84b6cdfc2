//! The office itself (one per database): number, name, 地域区分 history, special-area flag.

use super::{Conflict, Writer, clean};
use crate::domain::area::AreaGrade;
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
}

pub fn get(conn: &Connection) -> Result<Office> {
    let (office_number, name, special_area, version) = conn.query_row(
        "SELECT office_number, name, special_area, version FROM office WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, bool>(2)?, r.get(3)?)),
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

/// The office number, if set (used to tell our own files from others' later on).
pub fn office_number(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT office_number FROM office WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .flatten())
}

//! Staff: care managers (incl. chief) and clerks, each with an FTE history.

use super::{Refused, Writer, clean, now_utc};
use crate::domain::dates::{from_iso, iso};
use crate::domain::fte::Fte;
use crate::domain::ids::CareManagerNumber;
use crate::domain::staff_role::StaffRole;
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffFields {
    pub name: String,
    pub kana: String,
    pub cm_number: Option<CareManagerNumber>,
    pub role: StaffRole,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffMember {
    pub id: i64,
    pub name: String,
    pub kana: String,
    pub cm_number: Option<String>,
    pub role: StaffRole,
    /// FTE history, oldest first: (effective from, FTE).
    pub fte_history: Vec<(NaiveDate, Fte)>,
    #[serde(skip)]
    pub version: i64,
}

impl StaffMember {
    /// FTE in effect on `date` (0 before the first entry).
    pub fn fte_on(&self, date: NaiveDate) -> Fte {
        self.fte_history
            .iter()
            .rev()
            .find(|(from, _)| *from <= date)
            .map(|(_, f)| *f)
            .unwrap_or_default()
    }
    /// The latest FTE recorded, whatever its date.
    pub fn latest_fte(&self) -> Fte {
        self.fte_history.last().map(|(_, f)| *f).unwrap_or_default()
    }
}

pub fn list(conn: &Connection) -> Result<Vec<StaffMember>> {
    let mut st = conn.prepare("SELECT id, name, kana, cm_number, role, version FROM staff ORDER BY role <> 'chief_care_manager', role = 'clerk', kana, id")?;
    let mut out: Vec<StaffMember> = st
        .query_map([], |r| {
            Ok(StaffMember {
                id: r.get(0)?,
                name: r.get(1)?,
                kana: r.get(2)?,
                cm_number: r.get(3)?,
                role: StaffRole::from_code(&r.get::<_, String>(4)?),
                fte_history: Vec::new(),
                version: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut st = conn.prepare(
        "SELECT staff_id, effective_from, fte_hundredths FROM staff_fte WHERE withdrawn_at IS NULL
         ORDER BY staff_id, effective_from",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, u32>(2)?,
        ))
    })?;
    let place: HashMap<i64, usize> = out.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    for row in rows {
        let (id, from, h) = row?;
        if let (Some(&i), Some(d)) = (place.get(&id), from_iso(&from)) {
            out[i].fte_history.push((d, Fte::from_hundredths(h)));
        }
    }
    Ok(out)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<StaffMember>> {
    Ok(list(conn)?.into_iter().find(|m| m.id == id))
}

fn unique_number(
    conn: &Connection,
    number: &Option<CareManagerNumber>,
    except: Option<i64>,
) -> Result<()> {
    if let Some(n) = number {
        let other: Option<i64> = conn
            .query_row(
                "SELECT id FROM staff WHERE cm_number = ?1",
                [n.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        if other.is_some() && other != except {
            return Err(Refused(format!(
                "介護支援専門員番号 {n} は既に別の職員に登録されています。番号を確認してください"
            ))
            .into());
        }
    }
    Ok(())
}

pub fn insert(w: &Writer<'_>, fields: &StaffFields, fte: Fte, from: NaiveDate) -> Result<i64> {
    unique_number(&w.tx, &fields.cm_number, None)?;
    w.tx.execute(
        "INSERT INTO staff (name, kana, cm_number, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            clean(&fields.name),
            clean(&fields.kana),
            fields.cm_number.as_ref().map(|n| n.as_str().to_string()),
            fields.role.code(),
            now_utc()
        ],
    )?;
    let id = w.tx.last_insert_rowid();
    set_fte(w, id, fte, from)?;
    w.audit(
        "staff",
        Some(id),
        "insert",
        None,
        Some(&serde_json::to_value(fields)?),
    )?;
    Ok(id)
}

pub fn update(w: &Writer<'_>, id: i64, version: i64, fields: &StaffFields) -> Result<()> {
    unique_number(&w.tx, &fields.cm_number, Some(id))?;
    let before = get(&w.tx, id)?;
    w.claim_version("staff", "職員", id, version)?;
    w.tx.execute(
        "UPDATE staff SET name = ?1, kana = ?2, cm_number = ?3, role = ?4 WHERE id = ?5",
        params![
            clean(&fields.name),
            clean(&fields.kana),
            fields.cm_number.as_ref().map(|n| n.as_str().to_string()),
            fields.role.code(),
            id
        ],
    )?;
    w.audit(
        "staff",
        Some(id),
        "update",
        before.map(serde_json::to_value).transpose()?.as_ref(),
        Some(&serde_json::to_value(fields)?),
    )
}

/// Records the FTE in effect from `from` (replacing an entry of the same date, also one
/// withdrawn before: the audit trail keeps what it was). FTE 0 = left.
pub fn set_fte(w: &Writer<'_>, id: i64, fte: Fte, from: NaiveDate) -> Result<()> {
    let before: Option<serde_json::Value> =
        w.tx.query_row(
            "SELECT fte_hundredths, withdrawn_at FROM staff_fte
             WHERE staff_id = ?1 AND effective_from = ?2",
            params![id, iso(from)],
            |r| {
                Ok(serde_json::json!({
                    "from": iso(from),
                    "fte": Fte::from_hundredths(r.get(0)?).to_string(),
                    "withdrawn": r.get::<_, Option<String>>(1)?.is_some(),
                }))
            },
        )
        .optional()?;
    w.tx.execute(
        "INSERT INTO staff_fte (staff_id, effective_from, fte_hundredths) VALUES (?1, ?2, ?3)
         ON CONFLICT (staff_id, effective_from) DO UPDATE SET
             fte_hundredths = excluded.fte_hundredths, withdrawn_at = NULL,
             withdrawn_reason = NULL, version = version + 1",
        params![id, iso(from), fte.hundredths()],
    )?;
    w.tx.execute("UPDATE staff SET version = version + 1 WHERE id = ?1", [id])?;
    w.audit(
        "staff_fte",
        Some(id),
        "set",
        before.as_ref(),
        Some(&serde_json::json!({"from": iso(from), "fte": fte.to_string()})),
    )
}

/// One row of a staff member's FTE history (withdrawn rows are not listed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FteRow {
    pub id: i64,
    pub staff_id: i64,
    pub staff_name: String,
    pub effective_from: NaiveDate,
    pub fte: Fte,
    pub version: i64,
}

/// The FTE rows of every staff member, or of one (`staff` = Some), by staff and date.
pub fn fte_rows(conn: &Connection, staff: Option<i64>) -> Result<Vec<FteRow>> {
    let mut st = conn.prepare_cached(
        "SELECT f.id, f.staff_id, s.name, f.effective_from, f.fte_hundredths, f.version
         FROM staff_fte f JOIN staff s ON s.id = f.staff_id
         WHERE f.withdrawn_at IS NULL AND (?1 IS NULL OR f.staff_id = ?1)
         ORDER BY s.kana, s.id, f.effective_from",
    )?;
    let rows = st.query_map([staff], |r| {
        Ok(FteRow {
            id: r.get(0)?,
            staff_id: r.get(1)?,
            staff_name: r.get(2)?,
            effective_from: from_iso(&r.get::<_, String>(3)?).unwrap_or_default(),
            fte: Fte::from_hundredths(r.get(4)?),
            version: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn fte_row(conn: &Connection, id: i64) -> Result<FteRow> {
    let staff: Option<i64> = conn
        .query_row(
            "SELECT staff_id FROM staff_fte WHERE id = ?1 AND withdrawn_at IS NULL",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    staff
        .map(|s| fte_rows(conn, Some(s)))
        .transpose()?
        .and_then(|rows| rows.into_iter().find(|r| r.id == id))
        .ok_or_else(|| {
            Refused(crate::format_tr!(
                "常勤換算の行 id {id} はありません（取り消し済みか、番号の誤り）。careplan staff fte で id を確かめてください", "no FTE row with id {id} (withdrawn, or a wrong number); check the id with careplan staff fte"
            ))
            .into()
        })
}

/// Corrects FTE row `id` (the FTE, the date from which), with the reason.
pub fn correct_fte(w: &Writer<'_>, id: i64, fte: Fte, from: NaiveDate, reason: &str) -> Result<()> {
    let reason = super::reason_required(reason, "常勤換算", "訂正")?;
    let before = fte_row(&w.tx, id)?;
    let taken: Option<i64> =
        w.tx.query_row(
            "SELECT id FROM staff_fte WHERE staff_id = ?1 AND effective_from = ?2 AND id <> ?3",
            params![before.staff_id, iso(from), id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(other) = taken {
        return Err(Refused(format!(
            "{} には {} からの常勤換算（id {other}）が既にあります。その行を訂正するか、別の日付にしてください",
            before.staff_name,
            iso(from)
        ))
        .into());
    }
    w.tx.execute(
        "UPDATE staff_fte SET fte_hundredths = ?2, effective_from = ?3, version = version + 1
         WHERE id = ?1",
        params![id, fte.hundredths(), iso(from)],
    )?;
    w.tx.execute(
        "UPDATE staff SET version = version + 1 WHERE id = ?1",
        [before.staff_id],
    )?;
    w.audit(
        "staff_fte",
        Some(id),
        "correct",
        Some(&serde_json::to_value(&before)?),
        Some(&serde_json::json!({
            "staff_id": before.staff_id, "from": iso(from), "fte": fte.to_string(), "reason": reason
        })),
    )
}

/// Withdraws FTE row `id` (entered by mistake), with the reason: kept, no longer counted.
pub fn withdraw_fte(w: &Writer<'_>, id: i64, reason: &str) -> Result<()> {
    let reason = super::reason_required(reason, "常勤換算", "取り消し")?;
    let before = fte_row(&w.tx, id)?;
    w.tx.execute(
        "UPDATE staff SET version = version + 1 WHERE id = ?1",
        [before.staff_id],
    )?;
    w.withdraw_row("staff_fte", "staff_fte", id, &reason, &before)
}

/// Finds a care manager by 介護支援専門員番号 or exact name (NFC, spaces ignored).
pub fn find_care_manager(conn: &Connection, key: &str) -> Result<Option<i64>> {
    Ok(CareManagers::load(conn)?.find(key))
}

/// The care managers, read once and looked up by number or name: an import of many rows asks
/// for each row without reading the staff again.
pub struct CareManagers {
    /// 介護支援専門員番号 → (place in the list, id).
    by_number: HashMap<String, (usize, i64)>,
    /// Name without spaces → (place in the list, id).
    by_name: HashMap<String, (usize, i64)>,
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

impl CareManagers {
    pub fn load(conn: &Connection) -> Result<CareManagers> {
        let (mut by_number, mut by_name) = (HashMap::new(), HashMap::new());
        let managers = list(conn)?.into_iter().filter(|m| m.role.is_care_manager());
        for (place, m) in managers.enumerate() {
            if let Some(n) = m.cm_number {
                by_number.entry(n).or_insert((place, m.id));
            }
            by_name.entry(squeeze(&m.name)).or_insert((place, m.id));
        }
        Ok(CareManagers { by_number, by_name })
    }

    /// The first care manager in the list whose number is `key` or whose name is `key`
    /// (NFC, spaces ignored).
    pub fn find(&self, key: &str) -> Option<i64> {
        let key = clean(key);
        let by_number = self.by_number.get(&key);
        let by_name = self.by_name.get(&squeeze(&key));
        by_number
            .into_iter()
            .chain(by_name)
            .min()
            .map(|&(_, id)| id)
    }
}

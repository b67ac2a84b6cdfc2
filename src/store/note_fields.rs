//! The structured fields of a case-record entry of a 加算 category (kasan.md §A.11), in a side
//! table keyed by the entry: append-only like the entry, so a correction carries its own
//! fields (those of the entry it corrects when it gives none).

use super::{Refused, Writer};
use crate::domain::kasan_records::{Coded, DoctorKind, Method, NoteFields};
use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

const SELECT: &str = "SELECT note_id, method, place, stay_id, conference, document_on_file,
        doctor_kind, told, heard, requested_by, medical_attended, plan_changed
     FROM case_note_fields";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, NoteFields)> {
    Ok((
        r.get(0)?,
        NoteFields {
            method: r
                .get::<_, Option<String>>(1)?
                .as_deref()
                .and_then(Method::from_code),
            place: r.get(2)?,
            stay_id: r.get(3)?,
            conference: r.get(4)?,
            document_on_file: r.get(5)?,
            doctor_kind: r
                .get::<_, Option<String>>(6)?
                .as_deref()
                .and_then(DoctorKind::from_code),
            told: r.get(7)?,
            heard: r.get(8)?,
            requested_by: r.get(9)?,
            medical_attended: r.get(10)?,
            plan_changed: r.get(11)?,
        },
    ))
}

/// The fields of entry `note_id`, if it has any.
pub fn get(conn: &Connection, note_id: i64) -> Result<Option<NoteFields>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE note_id = ?1"))?;
    Ok(st.query_row([note_id], row).optional()?.map(|(_, f)| f))
}

/// The fields of every entry of one client (or all), by entry id.
pub fn of_client(conn: &Connection, client: Option<i64>) -> Result<HashMap<i64, NoteFields>> {
    let mut st = conn.prepare_cached(&format!(
        "{SELECT} WHERE ?1 IS NULL OR note_id IN (SELECT id FROM case_notes WHERE client_id = ?1)"
    ))?;
    let rows = st.query_map([client], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The fields an entry of `category` keeps: `given`, or (a correction that gives none, into a
/// category that has fields) those of the entry it corrects; checked for the category, and a
/// stay must be the client's and stand.
pub(super) fn resolve(
    w: &Writer<'_>,
    client_id: i64,
    category: &str,
    category_name: &str,
    given: &NoteFields,
    corrects: Option<i64>,
) -> Result<Option<NoteFields>> {
    let inherited;
    // Only a category with fields inherits them: a correction into a plain category drops them.
    let has_fields = crate::domain::kasan_records::fields_of(category).is_some();
    let fields = match corrects {
        Some(id) if given.is_empty() && has_fields => {
            inherited = get(&w.tx, id)?.unwrap_or_default();
            &inherited
        }
        _ => given,
    };
    let kept = fields
        .check(category, category_name)
        .map_err(|e| Refused(e.to_string()))?;
    if let Some(stay) = kept.as_ref().and_then(|f| f.stay_id) {
        let s = super::stays::get(&w.tx, stay)?;
        if s.client_id != client_id {
            return Err(Refused(format!(
                "入院・入所 id {stay} は別の利用者の記録です（careplan stays で確かめてください）"
            ))
            .into());
        }
    }
    Ok(kept)
}

/// Stores the fields of the new entry `note_id`.
pub(super) fn insert(w: &Writer<'_>, note_id: i64, f: &NoteFields) -> Result<()> {
    w.execute_cached(
        "INSERT INTO case_note_fields (note_id, method, place, stay_id, conference,
             document_on_file, doctor_kind, told, heard, requested_by, medical_attended,
             plan_changed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            note_id,
            f.method.map(Coded::code),
            f.place,
            f.stay_id,
            f.conference,
            f.document_on_file,
            f.doctor_kind.map(Coded::code),
            f.told,
            f.heard,
            f.requested_by,
            f.medical_attended,
            f.plan_changed
        ],
    )?;
    Ok(())
}

/// The fields as the JSON of a list shows them (codes, not names).
pub fn json(f: &NoteFields) -> serde_json::Value {
    serde_json::json!({
        "method": f.method.map(Coded::code),
        "place": f.place,
        "stay_id": f.stay_id,
        "conference": f.conference,
        "document_on_file": f.document_on_file,
        "doctor_kind": f.doctor_kind.map(Coded::code),
        "told": f.told,
        "heard": f.heard,
        "requested_by": f.requested_by,
        "medical_attended": f.medical_attended,
        "plan_changed": f.plan_changed,
    })
}

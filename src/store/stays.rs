//! Hospital and facility stays per client (kasan.md §A.11): the 入院時 and 退院・退所 加算 read
//! them. Corrected in place with a reason (before and after in the audit trail) or withdrawn
//! with a reason, never deleted: case-record entries point at them.

use super::{Refused, Writer, now_utc, reason_required};
use crate::domain::dates::{from_iso, iso};
use crate::domain::kasan_records::{Coded, Destination, StayFields, StayKind};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// One stored stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stay {
    pub id: i64,
    pub client_id: i64,
    pub institution: String,
    pub kind: StayKind,
    pub admitted_on: NaiveDate,
    pub after_hours: bool,
    pub discharged_on: Option<NaiveDate>,
    pub destination: Option<Destination>,
    pub note: String,
    /// Why it was withdrawn (None: it stands).
    pub withdrawn_reason: Option<String>,
    pub version: i64,
}

impl Stay {
    pub fn fields(&self) -> StayFields {
        StayFields {
            institution: self.institution.clone(),
            kind: self.kind,
            admitted_on: self.admitted_on,
            after_hours: self.after_hours,
            discharged_on: self.discharged_on,
            destination: self.destination,
            note: self.note.clone(),
        }
    }
}

const SELECT: &str = "SELECT id, client_id, institution, kind, admitted_on, admitted_after_hours,
        discharged_on, destination, note, withdrawn_at, withdrawn_reason, version FROM stays";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stay> {
    let admitted: String = r.get(4)?;
    Ok(Stay {
        id: r.get(0)?,
        client_id: r.get(1)?,
        institution: r.get(2)?,
        // The table's CHECK keeps the kind one of these.
        kind: StayKind::from_code(&r.get::<_, String>(3)?).unwrap_or(StayKind::Hospital),
        admitted_on: from_iso(&admitted).unwrap_or_default(),
        after_hours: r.get(5)?,
        discharged_on: r.get::<_, Option<String>>(6)?.as_deref().and_then(from_iso),
        destination: r
            .get::<_, Option<String>>(7)?
            .as_deref()
            .and_then(Destination::from_code),
        note: r.get(8)?,
        withdrawn_reason: r
            .get::<_, Option<String>>(9)?
            .map(|_| r.get::<_, String>(10))
            .transpose()?,
        version: r.get(11)?,
    })
}

/// The stays standing (or, with `withdrawn`, every one), of one client or all, by client and
/// admission.
pub fn list(conn: &Connection, client: Option<i64>, withdrawn: bool) -> Result<Vec<Stay>> {
    let mut st = conn.prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR client_id = ?1) AND (?2 OR withdrawn_at IS NULL)
         ORDER BY client_id, admitted_on, id"
    ))?;
    let rows = st.query_map(params![client, withdrawn], row)?;
    rows.collect::<Result<_, _>>()
        .wrap_err("入院・入所の記録を読めません")
}

/// Stay `id` if it exists (withdrawn or not).
pub fn find(conn: &Connection, id: i64) -> Result<Option<Stay>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?;
    Ok(st.query_row([id], row).optional()?)
}

/// Stay `id`, refused when it does not exist or was withdrawn.
pub fn get(conn: &Connection, id: i64) -> Result<Stay> {
    find(conn, id)?
        .filter(|s| s.withdrawn_reason.is_none())
        .ok_or_else(|| {
            Refused(crate::format_tr!(
                "入院・入所 id {id} はありません（取り消し済みかもしれません）。careplan stays で id を確かめてください", "no stay with id {id} (it may have been withdrawn); check the id with careplan stays"
            ))
            .into()
        })
}

/// Refuses a stay the client's other standing stays overlap: a client is in one place at a
/// time (a transfer leaves and enters on the same day, which is allowed).
fn refuse_overlap(
    conn: &Connection,
    client_id: i64,
    f: &StayFields,
    except: Option<i64>,
) -> Result<()> {
    for other in list(conn, Some(client_id), false)? {
        if Some(other.id) == except {
            continue;
        }
        if other.admitted_on < f.discharged_on.unwrap_or(NaiveDate::MAX)
            && f.admitted_on < other.discharged_on.unwrap_or(NaiveDate::MAX)
        {
            return Err(Refused(format!(
                "この利用者には重なる入院・入所（id {}、{} 入院{}）があります。日付を確かめるか、その記録を訂正してください",
                other.id,
                iso(other.admitted_on),
                other
                    .discharged_on
                    .map(|d| format!("、{} 退院", iso(d)))
                    .unwrap_or_default()
            ))
            .into());
        }
    }
    Ok(())
}

fn checked(f: &StayFields, today: NaiveDate) -> Result<StayFields> {
    f.check(today).map_err(|e| Refused(e.to_string()))?;
    Ok(StayFields {
        institution: super::clean(&f.institution),
        note: super::clean(&f.note),
        ..f.clone()
    })
}

fn fields_json(client_id: i64, f: &StayFields) -> serde_json::Value {
    serde_json::json!({
        "client_id": client_id,
        "institution": f.institution,
        "kind": f.kind.code(),
        "admitted_on": iso(f.admitted_on),
        "after_hours": f.after_hours,
        "discharged_on": f.discharged_on.map(iso),
        "destination": f.destination.map(Coded::code),
        "note": f.note,
    })
}

/// Records a stay of `client_id` (checked as of `today`); audited. Returns its id.
pub fn add(w: &Writer<'_>, client_id: i64, f: &StayFields, today: NaiveDate) -> Result<i64> {
    let known: Option<i64> =
        w.tx.query_row("SELECT id FROM clients WHERE id = ?1", [client_id], |r| {
            r.get(0)
        })
        .optional()?;
    if known.is_none() {
        return Err(Refused(format!("利用者 id {client_id} は登録されていません")).into());
    }
    let f = checked(f, today)?;
    refuse_overlap(&w.tx, client_id, &f, None)?;
    w.execute_cached(
        "INSERT INTO stays (client_id, institution, kind, admitted_on, admitted_after_hours,
             discharged_on, destination, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            client_id,
            f.institution,
            f.kind.code(),
            iso(f.admitted_on),
            f.after_hours,
            f.discharged_on.map(iso),
            f.destination.map(Coded::code),
            f.note,
            now_utc()
        ],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit(
        "stay",
        Some(id),
        "add",
        None,
        Some(&fields_json(client_id, &f)),
    )?;
    Ok(id)
}

/// Corrects stay `id` to `f` with the reason, if it is still at `version` (None: whatever it is
/// now); before and after are audited.
pub fn correct(
    w: &Writer<'_>,
    id: i64,
    version: Option<i64>,
    f: &StayFields,
    reason: &str,
    today: NaiveDate,
) -> Result<()> {
    let reason = reason_required(reason, "入院・入所の記録", "訂正")?;
    let before = get(&w.tx, id)?;
    let f = checked(f, today)?;
    refuse_overlap(&w.tx, before.client_id, &f, Some(id))?;
    w.claim_version(
        "stays",
        "入院・入所の記録",
        id,
        version.unwrap_or(before.version),
    )?;
    w.tx.execute(
        "UPDATE stays SET institution = ?2, kind = ?3, admitted_on = ?4, admitted_after_hours = ?5,
             discharged_on = ?6, destination = ?7, note = ?8
         WHERE id = ?1",
        params![
            id,
            f.institution,
            f.kind.code(),
            iso(f.admitted_on),
            f.after_hours,
            f.discharged_on.map(iso),
            f.destination.map(Coded::code),
            f.note,
        ],
    )?;
    let mut after = fields_json(before.client_id, &f);
    after["reason"] = reason.into();
    w.audit(
        "stay",
        Some(id),
        "correct",
        Some(&fields_json(before.client_id, &before.fields())),
        Some(&after),
    )
}

/// Withdraws stay `id` (entered by mistake) with the reason. Refused while a standing
/// case-record entry names it: that entry is corrected first.
pub fn withdraw(w: &Writer<'_>, id: i64, reason: &str) -> Result<()> {
    let reason = reason_required(reason, "入院・入所の記録", "取り消し")?;
    let before = get(&w.tx, id)?;
    let named: Option<i64> =
        w.tx.query_row(
            "SELECT n.id FROM case_note_fields f JOIN case_notes n ON n.id = f.note_id
             WHERE f.stay_id = ?1 AND n.withdraws = 0
               AND NOT EXISTS (SELECT 1 FROM case_notes l WHERE l.corrects = n.id)
             LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(note) = named {
        return Err(Refused(format!(
            "支援経過 #{note} がこの入院・入所（id {id}）を指しています。先にその記録を訂正するか取り消してください"
        ))
        .into());
    }
    w.withdraw_row(
        "stays",
        "stay",
        id,
        &reason,
        &fields_json(before.client_id, &before.fields()),
    )
}

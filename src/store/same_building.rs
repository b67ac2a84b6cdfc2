//! The periods a client lived where the 同一建物減算 applies (kasan.md, issue 22): the office's
//! building or site, an adjacent site, or a building where 20 or more of the office's clients
//! live. Corrected with a reason or withdrawn with a reason, never deleted; audited.

use super::{Refused, Writer, now_utc, reason_required};
use crate::domain::dates::{from_iso, iso};
use crate::domain::kasan_records::{Coded, SameBuildingWhy};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// A period as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SameBuildingFields {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub why: SameBuildingWhy,
    pub building: String,
}

/// One stored period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SameBuilding {
    pub id: i64,
    pub client_id: i64,
    pub fields: SameBuildingFields,
    pub withdrawn_reason: Option<String>,
    pub version: i64,
}

impl SameBuilding {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.fields.from <= day && self.fields.until.is_none_or(|u| day <= u)
    }
}

const SELECT: &str = "SELECT id, client_id, valid_from, valid_until, why, building, withdrawn_at,
        withdrawn_reason, version FROM same_building";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SameBuilding> {
    let from: String = r.get(2)?;
    Ok(SameBuilding {
        id: r.get(0)?,
        client_id: r.get(1)?,
        fields: SameBuildingFields {
            from: from_iso(&from).unwrap_or_default(),
            until: r.get::<_, Option<String>>(3)?.as_deref().and_then(from_iso),
            // The table's CHECK keeps it one of these.
            why: SameBuildingWhy::from_code(&r.get::<_, String>(4)?)
                .unwrap_or(SameBuildingWhy::OfficeBuilding),
            building: r.get(5)?,
        },
        withdrawn_reason: r
            .get::<_, Option<String>>(6)?
            .map(|_| r.get::<_, String>(7))
            .transpose()?,
        version: r.get(8)?,
    })
}

/// The standing periods (or, with `withdrawn`, every one), of one client or all.
pub fn list(conn: &Connection, client: Option<i64>, withdrawn: bool) -> Result<Vec<SameBuilding>> {
    let mut st = conn.prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR client_id = ?1) AND (?2 OR withdrawn_at IS NULL)
         ORDER BY client_id, valid_from, id"
    ))?;
    let rows = st.query_map(params![client, withdrawn], row)?;
    rows.collect::<Result<_, _>>()
        .wrap_err("同一建物の記録を読めません")
}

/// Period `id`, refused when it does not exist or was withdrawn.
pub fn get(conn: &Connection, id: i64) -> Result<SameBuilding> {
    let mut st =
        conn.prepare_cached(&format!("{SELECT} WHERE id = ?1 AND withdrawn_at IS NULL"))?;
    st.query_row([id], row).optional()?.ok_or_else(|| {
        Refused(crate::format_tr!(
            "同一建物の記録 id {id} はありません（取り消し済みかもしれません）。careplan clients same-building で確かめてください", "no same-building period with id {id} (it may have been withdrawn); check with careplan clients same-building"
        ))
        .into()
    })
}

fn checked(
    conn: &Connection,
    client_id: i64,
    f: &SameBuildingFields,
    except: Option<i64>,
) -> Result<SameBuildingFields> {
    if f.until.is_some_and(|u| u < f.from) {
        return Err(Refused(crate::format_tr!(
            "終了日 {} が開始日 {} より前です",
            "the end {} is before the start {}; give an end on or after it",
            f.until.map(iso).unwrap_or_default(),
            iso(f.from)
        ))
        .into());
    }
    let end = |u: Option<NaiveDate>| u.unwrap_or(NaiveDate::MAX);
    if let Some(other) = list(conn, Some(client_id), false)?.into_iter().find(|o| {
        Some(o.id) != except && o.fields.from <= end(f.until) && f.from <= end(o.fields.until)
    }) {
        return Err(Refused(format!(
            "この利用者には重なる同一建物の期間（id {}、{} 〜 {}）があります。その記録を訂正してください",
            other.id,
            iso(other.fields.from),
            other.fields.until.map(iso).unwrap_or_default()
        ))
        .into());
    }
    Ok(SameBuildingFields {
        building: super::clean(&f.building),
        ..f.clone()
    })
}

fn json(client_id: i64, f: &SameBuildingFields) -> serde_json::Value {
    serde_json::json!({
        "client_id": client_id,
        "from": iso(f.from),
        "until": f.until.map(iso),
        "why": f.why.code(),
        "building": f.building,
    })
}

/// Records a period for `client_id`; audited. Returns its id.
pub fn add(w: &Writer<'_>, client_id: i64, f: &SameBuildingFields) -> Result<i64> {
    let known: Option<i64> =
        w.tx.query_row("SELECT id FROM clients WHERE id = ?1", [client_id], |r| {
            r.get(0)
        })
        .optional()?;
    if known.is_none() {
        return Err(Refused(format!("利用者 id {client_id} は登録されていません")).into());
    }
    let f = checked(&w.tx, client_id, f, None)?;
    w.execute_cached(
        "INSERT INTO same_building (client_id, valid_from, valid_until, why, building, noted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            client_id,
            iso(f.from),
            f.until.map(iso),
            f.why.code(),
            f.building,
            now_utc()
        ],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit(
        "same_building",
        Some(id),
        "add",
        None,
        Some(&json(client_id, &f)),
    )?;
    Ok(id)
}

/// Corrects period `id` with the reason, if still at `version` (None: whatever it is now).
pub fn correct(
    w: &Writer<'_>,
    id: i64,
    version: Option<i64>,
    f: &SameBuildingFields,
    reason: &str,
) -> Result<()> {
    let reason = reason_required(reason, "同一建物の記録", "訂正")?;
    let before = get(&w.tx, id)?;
    let f = checked(&w.tx, before.client_id, f, Some(id))?;
    w.claim_version(
        "same_building",
        "同一建物の記録",
        id,
        version.unwrap_or(before.version),
    )?;
    w.tx.execute(
        "UPDATE same_building SET valid_from = ?2, valid_until = ?3, why = ?4, building = ?5
         WHERE id = ?1",
        params![id, iso(f.from), f.until.map(iso), f.why.code(), f.building],
    )?;
    let mut after = json(before.client_id, &f);
    after["reason"] = reason.into();
    w.audit(
        "same_building",
        Some(id),
        "correct",
        Some(&json(before.client_id, &before.fields)),
        Some(&after),
    )
}

/// Withdraws period `id` (entered by mistake) with the reason.
pub fn withdraw(w: &Writer<'_>, id: i64, reason: &str) -> Result<()> {
    let reason = reason_required(reason, "同一建物の記録", "取り消し")?;
    let before = get(&w.tx, id)?;
    w.withdraw_row(
        "same_building",
        "same_building",
        id,
        &reason,
        &json(before.client_id, &before.fields),
    )
}

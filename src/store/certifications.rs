//! Certifications (要介護認定) of clients: added, corrected and withdrawn, never deleted. No
//! two certified periods of a client overlap (`domain::certification::place`); a 区分変更
//! ends the one it replaces the day before, and withdrawing it restores that end.

use super::{Conflict, Refused, Writer, now_utc};
use crate::domain::care_level::{CareLevel, CertStatus};
use crate::domain::certification::{CertSpan, Placement, place};
use crate::domain::dates::{from_iso, iso};
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertificationFields {
    pub care_level: Option<CareLevel>,
    pub certified_on: Option<NaiveDate>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub status: CertStatus,
    /// 区分変更: replaces the certification in force from `valid_from`.
    pub change_of_level: bool,
}

impl CertificationFields {
    pub fn span(&self) -> CertSpan {
        CertSpan {
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            status: self.status,
            change_of_level: self.change_of_level,
        }
    }
}

/// A certification in force in the records (withdrawn ones are not listed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certification {
    pub id: i64,
    #[serde(flatten)]
    pub fields: CertificationFields,
    pub version: i64,
}

/// A certification with its client, as `careplan certifications` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertificationRow {
    pub client_id: i64,
    pub insurer_number: String,
    pub insured_number: String,
    pub client_name: String,
    #[serde(flatten)]
    pub cert: Certification,
}

const COLUMNS: &str = "c.id, c.care_level, c.certified_on, c.valid_from, c.valid_to, c.status,
    c.change_of_level, c.version, c.client_id, k.insurer_number, k.insured_number, k.name
    FROM certifications c JOIN clients k ON k.id = c.client_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CertificationRow> {
    let date = |s: Option<String>| s.as_deref().and_then(from_iso);
    Ok(CertificationRow {
        cert: Certification {
            id: r.get(0)?,
            fields: CertificationFields {
                care_level: r
                    .get::<_, Option<String>>(1)?
                    .as_deref()
                    .and_then(CareLevel::from_code),
                certified_on: date(r.get(2)?),
                valid_from: date(r.get(3)?).unwrap_or_default(),
                valid_to: date(r.get(4)?),
                status: CertStatus::from_code(&r.get::<_, String>(5)?),
                change_of_level: r.get(6)?,
            },
            version: r.get(7)?,
        },
        client_id: r.get(8)?,
        insurer_number: r.get(9)?,
        insured_number: r.get(10)?,
        client_name: r.get(11)?,
    })
}

/// Every certification not withdrawn, or one client's (`client` = Some), by client and start.
pub fn list(conn: &Connection, client: Option<i64>) -> Result<Vec<CertificationRow>> {
    // One client's rows through the index on client_id: `?1 IS NULL OR c.client_id = ?1` would
    // walk every client, which made an import of n clients take n² steps.
    let filter = if client.is_some() {
        "c.client_id = ?1"
    } else {
        "?1 IS NULL"
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} WHERE c.withdrawn_at IS NULL AND {filter}
         ORDER BY k.insurer_number, k.insured_number, c.valid_from, c.id"
    ))?;
    let rows = st.query_map([client], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One client's certifications, oldest first (withdrawn ones left out).
pub fn of_client(conn: &Connection, client: i64) -> Result<Vec<Certification>> {
    Ok(list(conn, Some(client))?
        .into_iter()
        .map(|r| r.cert)
        .collect())
}

/// One certification not withdrawn.
pub fn get(conn: &Connection, id: i64) -> Result<Option<CertificationRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} WHERE c.id = ?1 AND c.withdrawn_at IS NULL"),
            [id],
            row,
        )
        .optional()?)
}

fn check(f: &CertificationFields) -> Result<()> {
    if let Some(to) = f.valid_to
        && to < f.valid_from
    {
        return Err(Refused(crate::format_tr!(
            "認定有効期間の終了日 {} が開始日 {} より前です。日付を確かめてください",
            "the certification's end {} is before its start {}; check the dates",
            iso(to),
            iso(f.valid_from)
        ))
        .into());
    }
    if f.status == CertStatus::Certified && (f.care_level.is_none() || f.valid_to.is_none()) {
        return Err(Refused(
            "認定済の認定には要介護度と有効期間の終了日が必要です（まだ結果が出ていなければ申請中にしてください）".into(),
        )
        .into());
    }
    Ok(())
}

/// The certification a 区分変更 ends early: (its id, its end before, its end now).
struct Shortening {
    id: i64,
    old_to: Option<NaiveDate>,
    new_to: NaiveDate,
}

/// Applies the overlap rule against the client's other certifications (not `except`).
fn placement(
    w: &Writer<'_>,
    client: i64,
    except: Option<i64>,
    f: &CertificationFields,
) -> Result<Option<Shortening>> {
    check(f)?;
    let others: Vec<Certification> = of_client(&w.tx, client)?
        .into_iter()
        .filter(|c| Some(c.id) != except)
        .collect();
    let spans: Vec<CertSpan> = others.iter().map(|c| c.fields.span()).collect();
    match place(&f.span(), &spans).map_err(|e| Refused(e.to_string()))? {
        Placement::Clear => Ok(None),
        Placement::Shortens {
            index,
            new_valid_to,
        } => Ok(others.get(index).map(|o| Shortening {
            id: o.id,
            old_to: o.fields.valid_to,
            new_to: new_valid_to,
        })),
    }
}

/// Ends certification `s.id` on `s.new_to` for the 区分変更 `by`, remembered on `by`'s row.
fn shorten(w: &Writer<'_>, by: i64, s: &Shortening) -> Result<()> {
    w.tx.execute(
        "UPDATE certifications SET valid_to = ?2, version = version + 1 WHERE id = ?1",
        params![s.id, iso(s.new_to)],
    )?;
    w.tx.execute(
        "UPDATE certifications SET shortened_cert_id = ?2, shortened_from_valid_to = ?3
         WHERE id = ?1",
        params![by, s.id, s.old_to.map(iso)],
    )?;
    w.audit(
        "certification",
        Some(s.id),
        "shorten",
        Some(&serde_json::json!({"valid_to": s.old_to.map(iso)})),
        Some(&serde_json::json!({"valid_to": iso(s.new_to), "change_of_level": by})),
    )
}

/// Undoes the shortening certification `by` caused, if any: the earlier one gets its end back
/// unless someone has since changed that end (a colleague's correction is kept).
fn restore_shortened(w: &Writer<'_>, by: i64) -> Result<()> {
    let link: Option<(Option<i64>, Option<String>, String)> =
        w.tx.query_row(
            "SELECT shortened_cert_id, shortened_from_valid_to, valid_from FROM certifications
             WHERE id = ?1",
            [by],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((Some(earlier), old_to, from)) = link else {
        return Ok(());
    };
    let ended_by_us = from_iso(&from).map(|f| iso(f - chrono::Duration::days(1)));
    let n = w.tx.execute(
        "UPDATE certifications SET valid_to = ?2, version = version + 1
         WHERE id = ?1 AND valid_to IS ?3 AND withdrawn_at IS NULL",
        params![earlier, old_to, ended_by_us],
    )?;
    w.tx.execute(
        "UPDATE certifications SET shortened_cert_id = NULL, shortened_from_valid_to = NULL
         WHERE id = ?1",
        [by],
    )?;
    if n > 0 {
        w.audit(
            "certification",
            Some(earlier),
            "restore",
            Some(&serde_json::json!({"valid_to": ended_by_us})),
            Some(&serde_json::json!({"valid_to": old_to, "change_of_level_undone": by})),
        )?;
    }
    Ok(())
}

fn bump_client(w: &Writer<'_>, client: i64) -> Result<()> {
    w.execute_cached(
        "UPDATE clients SET version = version + 1 WHERE id = ?1",
        [client],
    )?;
    Ok(())
}

fn audit_value(client: i64, f: &CertificationFields) -> Result<serde_json::Value> {
    let mut v = serde_json::to_value(f)?;
    v["client_id"] = client.into();
    Ok(v)
}

/// Adds a certification to a client. A 認定済 one overlapping another is refused (naming both
/// periods) unless it is a 区分変更, which ends the earlier one the day before it starts.
pub fn add_certification(w: &Writer<'_>, client_id: i64, c: &CertificationFields) -> Result<i64> {
    let shortening = placement(w, client_id, None, c)?;
    w.execute_cached(
        "INSERT INTO certifications (client_id, care_level, certified_on, valid_from, valid_to,
             status, change_of_level, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            client_id,
            c.care_level.map(CareLevel::code),
            c.certified_on.map(iso),
            iso(c.valid_from),
            c.valid_to.map(iso),
            c.status.code(),
            c.change_of_level,
            now_utc()
        ],
    )?;
    let id = w.tx.last_insert_rowid();
    if let Some(s) = &shortening {
        shorten(w, id, s)?;
    }
    bump_client(w, client_id)?;
    w.audit(
        "certification",
        Some(id),
        "insert",
        None,
        Some(&audit_value(client_id, c)?),
    )?;
    Ok(id)
}

/// Corrects any field of certification `id` if nobody changed it since `version` was read,
/// under the same overlap rule (against the client's others).
pub fn edit_certification(
    w: &Writer<'_>,
    id: i64,
    version: i64,
    f: &CertificationFields,
) -> Result<()> {
    let Some(before) = get(&w.tx, id)? else {
        return Err(Conflict { entity: "認定" }.into());
    };
    // A 区分変更 being corrected gives back the end it took, then is placed again.
    restore_shortened(w, id)?;
    let shortening = placement(w, before.client_id, Some(id), f)?;
    w.claim_version("certifications", "認定", id, version)?;
    w.tx.execute(
        "UPDATE certifications SET care_level = ?2, certified_on = ?3, valid_from = ?4,
             valid_to = ?5, status = ?6, change_of_level = ?7
         WHERE id = ?1",
        params![
            id,
            f.care_level.map(CareLevel::code),
            f.certified_on.map(iso),
            iso(f.valid_from),
            f.valid_to.map(iso),
            f.status.code(),
            f.change_of_level
        ],
    )?;
    if let Some(s) = &shortening {
        shorten(w, id, s)?;
    }
    bump_client(w, before.client_id)?;
    w.audit(
        "certification",
        Some(id),
        "edit",
        Some(&audit_value(before.client_id, &before.cert.fields)?),
        Some(&audit_value(before.client_id, f)?),
    )
}

/// Withdraws certification `id` (entered by mistake): kept with when and why, left out of
/// every count; an earlier certification it ended as a 区分変更 gets its end back.
pub fn withdraw_certification(w: &Writer<'_>, id: i64, version: i64, reason: &str) -> Result<()> {
    let reason = super::reason_required(reason, "認定", "取り消し")?;
    let Some(before) = get(&w.tx, id)? else {
        return Err(Conflict { entity: "認定" }.into());
    };
    w.claim_version("certifications", "認定", id, version)?;
    restore_shortened(w, id)?;
    w.tx.execute(
        "UPDATE certifications SET withdrawn_at = ?2, withdrawn_reason = ?3 WHERE id = ?1",
        params![id, now_utc(), reason],
    )?;
    bump_client(w, before.client_id)?;
    w.audit(
        "certification",
        Some(id),
        "withdraw",
        Some(&audit_value(before.client_id, &before.cert.fields)?),
        Some(&serde_json::json!({"withdrawn": true, "reason": reason})),
    )
}

/// Keeps the 限度額適用期間 of certification `id` where it differs from its 認定有効期間
/// (read from a move-in's export), audited.
pub fn set_limit_period(w: &Writer<'_>, id: i64, from: NaiveDate, to: NaiveDate) -> Result<()> {
    w.tx.execute(
        "UPDATE certifications SET limit_from = ?2, limit_to = ?3 WHERE id = ?1",
        params![id, iso(from), iso(to)],
    )?;
    w.audit(
        "certification",
        Some(id),
        "limit_period",
        None,
        Some(&serde_json::json!({"limit_from": iso(from), "limit_to": iso(to)})),
    )
}

/// The 限度額適用期間 kept for certification `id`, where it differs from the 認定有効期間.
pub fn limit_period(conn: &Connection, id: i64) -> Result<Option<(NaiveDate, NaiveDate)>> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT limit_from, limit_to FROM certifications WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(f, t)| Some((from_iso(&f?)?, from_iso(&t?)?))))
}

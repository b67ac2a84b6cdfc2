//! Provider offices (サービス事業所): identity, service types, how to reach them.

use super::{Conflict, Refused, Writer, clean, now_utc};
use crate::domain::channel::Channel;
use crate::domain::ids::OfficeNumber;
use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProviderFields {
    pub office_number: OfficeNumber,
    /// The user accepted a number whose check digit does not follow the usual rule.
    pub check_digit_accepted: bool,
    pub name: String,
    pub kana: String,
    pub service_types: Vec<String>,
    pub address: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
    pub contact_person: String,
    pub preferred_channel: Channel,
    pub notes: String,
    /// 法人名 (empty: not recorded; the provider then counts as its own corporation in the
    /// 特定事業所集中減算).
    pub corporation_name: String,
    /// 法人番号: empty or 13 digits with their check digit (`CorporationNumber`).
    pub corporation_number: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provider {
    pub id: i64,
    #[serde(flatten)]
    pub fields: ProviderFields,
    /// How many clients this provider serves.
    pub clients: i64,
    #[serde(skip)]
    pub version: i64,
}

pub fn list(conn: &Connection) -> Result<Vec<Provider>> {
    // Service types and client counts in two grouped scans, not a subquery per provider.
    let mut types: HashMap<i64, Vec<String>> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT provider_id, code FROM provider_service_types ORDER BY provider_id, code",
    )?;
    for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, code) = row?;
        types.entry(id).or_default().push(code);
    }
    let mut counts: HashMap<i64, i64> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT provider_id, count(DISTINCT client_id) FROM client_providers GROUP BY provider_id",
    )?;
    for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (id, n) = row?;
        counts.insert(id, n);
    }
    let mut st = conn.prepare_cached(
        "SELECT id, office_number, check_digit_accepted, name, kana, address, phone, fax,
                email, contact_person, preferred_channel, notes, version, corporation_name,
                corporation_number
         FROM providers ORDER BY kana, id",
    )?;
    let rows = st.query_map([], |r| {
        let id: i64 = r.get(0)?;
        Ok(Provider {
            id,
            fields: ProviderFields {
                office_number: OfficeNumber::unchecked(&r.get::<_, String>(1)?),
                check_digit_accepted: r.get(2)?,
                name: r.get(3)?,
                kana: r.get(4)?,
                address: r.get(5)?,
                phone: r.get(6)?,
                fax: r.get(7)?,
                email: r.get(8)?,
                contact_person: r.get(9)?,
                preferred_channel: Channel::from_code(&r.get::<_, String>(10)?).unwrap_or_default(),
                notes: r.get(11)?,
                service_types: Vec::new(),
                corporation_name: r.get(13)?,
                corporation_number: r.get(14)?,
            },
            version: r.get(12)?,
            clients: 0,
        })
    })?;
    let mut out: Vec<Provider> = rows.collect::<Result<_, _>>()?;
    for p in &mut out {
        p.fields.service_types = types.remove(&p.id).unwrap_or_default();
        p.clients = counts.get(&p.id).copied().unwrap_or(0);
    }
    Ok(out)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Provider>> {
    Ok(list(conn)?.into_iter().find(|p| p.id == id))
}

/// The 法人番号 as stored: checked (`CorporationNumber`), digits only, empty when none.
fn corporation_number(f: &ProviderFields) -> Result<String> {
    Ok(
        crate::domain::ids::CorporationNumber::parse_optional(&f.corporation_number)
            .map_err(|e| Refused(e.to_string()))?
            .map(|n| n.as_str().to_string())
            .unwrap_or_default(),
    )
}

fn check(conn: &Connection, f: &ProviderFields, except: Option<i64>) -> Result<()> {
    corporation_number(f)?;
    if !f.office_number.check_digit_ok() && !f.check_digit_accepted {
        return Err(Refused(format!(
            "事業所番号 {} の検査数字が一般的な規則と合いません。番号が正しければ確認のうえ保存してください",
            f.office_number
        ))
        .into());
    }
    let other: Option<i64> = conn
        .query_row(
            "SELECT id FROM providers WHERE office_number = ?1",
            [f.office_number.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    if other.is_some() && other != except {
        return Err(Refused(format!(
            "事業所番号 {} の事業所は既に登録されています",
            f.office_number
        ))
        .into());
    }
    Ok(())
}

fn write_types(w: &Writer<'_>, id: i64, types: &[String]) -> Result<()> {
    w.tx.execute(
        "DELETE FROM provider_service_types WHERE provider_id = ?1",
        [id],
    )?;
    for t in types {
        w.tx.execute(
            "INSERT OR IGNORE INTO provider_service_types (provider_id, code) VALUES (?1, ?2)",
            params![id, t],
        )?;
    }
    Ok(())
}

/// Writes every editable field of provider `id`: the one list of columns, for insert and update.
fn write_fields(w: &Writer<'_>, id: i64, f: &ProviderFields) -> Result<()> {
    w.tx.execute(
        "UPDATE providers SET office_number = ?1, check_digit_accepted = ?2, name = ?3, kana = ?4, address = ?5,
                phone = ?6, fax = ?7, email = ?8, contact_person = ?9, preferred_channel = ?10, notes = ?11,
                corporation_name = ?13, corporation_number = ?14
         WHERE id = ?12",
        params![
            f.office_number.as_str(),
            f.check_digit_accepted,
            clean(&f.name),
            clean(&f.kana),
            clean(&f.address),
            clean(&f.phone),
            clean(&f.fax),
            clean(&f.email),
            clean(&f.contact_person),
            f.preferred_channel.code(),
            clean(&f.notes),
            id,
            clean(&f.corporation_name),
            corporation_number(f)?
        ],
    )?;
    write_types(w, id, &f.service_types)
}

pub fn insert(w: &Writer<'_>, f: &ProviderFields) -> Result<i64> {
    check(&w.tx, f, None)?;
    w.tx.execute(
        "INSERT INTO providers (office_number, name, created_at) VALUES (?1, ?2, ?3)",
        params![f.office_number.as_str(), clean(&f.name), now_utc()],
    )?;
    let id = w.tx.last_insert_rowid();
    write_fields(w, id, f)?;
    w.audit(
        "provider",
        Some(id),
        "insert",
        None,
        Some(&serde_json::to_value(f)?),
    )?;
    Ok(id)
}

pub fn update(w: &Writer<'_>, id: i64, version: i64, f: &ProviderFields) -> Result<()> {
    check(&w.tx, f, Some(id))?;
    let before = get(&w.tx, id)?.map(|p| p.fields);
    w.claim_version("providers", "事業所", id, version)?;
    write_fields(w, id, f)?;
    w.audit(
        "provider",
        Some(id),
        "update",
        before.map(serde_json::to_value).transpose()?.as_ref(),
        Some(&serde_json::to_value(f)?),
    )
}

/// Deletes a provider that serves no client (one that does is refused with the count).
pub fn delete(w: &Writer<'_>, id: i64, version: i64) -> Result<()> {
    let Some(before) = get(&w.tx, id)? else {
        return Err(Conflict {
            entity: "事業所"
        }
        .into());
    };
    if before.version != version {
        return Err(Conflict {
            entity: "事業所"
        }
        .into());
    }
    if before.clients > 0 {
        return Err(Refused(format!(
            "この事業所は {} 人の利用者が利用中のため削除できません。先に利用者の利用事業所から外してください",
            before.clients
        ))
        .into());
    }
    // Plans and the delivery ledger are evidence that must keep naming the provider.
    let history: i64 = w.tx.query_row(
        "SELECT (SELECT count(*) FROM delivery_events WHERE provider_id = ?1)
              + (SELECT count(*) FROM plan_service_lines WHERE provider_id = ?1)
              + (SELECT count(*) FROM claim_providers WHERE provider_id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if history > 0 {
        return Err(Refused(
            "この事業所はケアプラン・送付の記録または請求履歴に残っているため削除できません（記録は証跡として残します）".into(),
        )
        .into());
    }
    w.tx.execute("DELETE FROM month_providers WHERE provider_id = ?1", [id])?;
    w.tx.execute("DELETE FROM providers WHERE id = ?1", [id])?;
    w.audit(
        "provider",
        Some(id),
        "delete",
        Some(&serde_json::to_value(&before.fields)?),
        None,
    )
}

/// The service types registered for the provider of this office number (none if unknown).
pub fn service_types_of(conn: &Connection, number: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT t.code FROM providers p JOIN provider_service_types t ON t.provider_id = p.id
         WHERE p.office_number = ?1 ORDER BY t.code",
    )?;
    let rows = st.query_map([number], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn find_by_number(conn: &Connection, number: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM providers WHERE office_number = ?1",
            [number],
            |r| r.get(0),
        )
        .optional()?)
}

//! Clients (利用者): identity, contract, assigned care manager history, certification history,
//! months without 給付管理, and the providers serving them.

use super::{Refused, Writer, clean, columns, now_utc};
use crate::domain::care_level::{CareLevel, CertStatus};
use crate::domain::dates::{from_iso, iso};
use crate::domain::ids::{InsuredNumber, InsurerNumber};
use crate::domain::sex::Sex;
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// The fields of a client a user edits directly.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientFields {
    pub name: String,
    pub kana: String,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub insurer_number: InsurerNumber,
    pub insured_number: InsuredNumber,
    pub address: String,
    pub phone: String,
    pub contract_date: NaiveDate,
}

pub use super::certifications::{Certification, CertificationFields, add_certification};

/// One row of the client list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientSummary {
    pub id: i64,
    pub name: String,
    pub kana: String,
    /// Shared among the clients of one insurer (a handful of numbers for every client).
    pub insurer_number: Arc<str>,
    pub insured_number: String,
    pub care_level: Option<CareLevel>,
    pub cert_status: Option<CertStatus>,
    pub cert_valid_to: Option<NaiveDate>,
    pub contract_date: NaiveDate,
    pub contract_end: Option<NaiveDate>,
    /// Shared among the care manager's clients.
    pub care_manager: Option<Arc<str>>,
    /// Where the 契約日 came from: entered, or the proxy a move-in used (推定); shared.
    pub contract_date_source: Arc<str>,
    #[serde(skip)]
    pub version: i64,
}

impl ClientSummary {
    /// 要介護3, or 申請中 while an application is pending.
    pub fn level_label(&self, lang: crate::domain::Lang) -> &'static str {
        match (self.care_level, self.cert_status) {
            (_, Some(CertStatus::Pending)) => CertStatus::Pending.label(lang),
            (Some(l), _) => l.label(lang),
            _ => "",
        }
    }

    /// The same in a list's narrow column (`program` for community program in English).
    pub fn level_short(&self, lang: crate::domain::Lang) -> &'static str {
        match (self.care_level, self.cert_status) {
            (_, Some(CertStatus::Pending)) => CertStatus::Pending.label(lang),
            (Some(l), _) => l.short_label(lang),
            _ => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServingProvider {
    pub provider_id: i64,
    pub office_number: String,
    pub name: String,
    pub service_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientDetail {
    pub id: i64,
    pub fields: ClientFields,
    pub contract_end: Option<NaiveDate>,
    pub contract_end_reason: String,
    /// (effective from, staff id, name), oldest first.
    pub care_managers: Vec<(NaiveDate, i64, String)>,
    /// Oldest first.
    pub certifications: Vec<Certification>,
    /// (YYYY-MM, reason), oldest first.
    pub no_benefit_months: Vec<(String, String)>,
    pub providers: Vec<ServingProvider>,
    /// Care plan revisions, newest plan date first.
    pub plans: Vec<super::plans::Plan>,
    /// The date consent to video monitoring (the client's written consent and the
    /// サービス担当者会議's agreement) is on record from; None: not on record.
    pub video_consent_on: Option<NaiveDate>,
    /// Where the 契約日 came from: entered, or the proxy a move-in used (推定).
    pub contract_date_source: String,
    pub version: i64,
}

fn date_col(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(from_iso)
}

/// The certification a list row shows, with the key that chose it (in force on the day first,
/// then the latest start, then the latest row).
struct CurrentCert {
    key: (bool, Option<NaiveDate>, i64),
    level: Option<CareLevel>,
    status: CertStatus,
    valid_to: Option<NaiveDate>,
}

/// All clients, by kana; care level and care manager as of `today`. Three plain scans merged
/// in memory: per-client subqueries cost more than the whole list at 10,000 clients. Values are
/// read in place and parsed; only what a row keeps is allocated.
pub fn list(conn: &Connection, today: NaiveDate) -> Result<Vec<ClientSummary>> {
    // For each client, the certification and care manager in force on `today`, else the newest.
    // (key: not in the future first, then the latest start, then the latest row.)
    let mut certs: HashMap<i64, CurrentCert> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT client_id, id, care_level, status, valid_from, valid_to FROM certifications
         WHERE withdrawn_at IS NULL",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (client, id): (i64, i64) = (r.get(0)?, r.get(1)?);
        let from = columns::date(r, 4)?;
        let key = (from.is_some_and(|f| f <= today), from, id);
        if certs.get(&client).is_none_or(|c| c.key < key) {
            certs.insert(
                client,
                CurrentCert {
                    key,
                    level: r
                        .get_ref(2)?
                        .as_str_or_null()?
                        .and_then(CareLevel::from_code),
                    status: CertStatus::from_code(r.get_ref(3)?.as_str()?),
                    valid_to: columns::date(r, 5)?,
                },
            );
        }
    }
    // Care managers by staff id (a few dozen names, looked up once each).
    let names: HashMap<i64, Arc<str>> = conn
        .prepare_cached("SELECT id, name FROM staff")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut managers: HashMap<i64, ((bool, Option<NaiveDate>), i64)> = HashMap::new();
    let mut st = conn
        .prepare_cached("SELECT client_id, effective_from, staff_id FROM client_care_managers WHERE withdrawn_at IS NULL")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let client: i64 = r.get(0)?;
        let from = columns::date(r, 1)?;
        let key = (from.is_some_and(|f| f <= today), from);
        match managers.get(&client) {
            Some((k, _)) if *k >= key => {}
            _ => {
                managers.insert(client, (key, r.get(2)?));
            }
        }
    }
    // In the table's order, sorted here by kana and id: the same order as the kana index's
    // (text compares bytewise in both), without a lookup of the table for every index entry.
    let mut st = conn.prepare_cached(
        "SELECT id, name, kana, insurer_number, insured_number, contract_date, contract_end, version,
                contract_date_source
         FROM clients",
    )?;
    let mut rows = st.query([])?;
    let mut out = Vec::new();
    let (mut insurers, mut sources) = (Vec::new(), Vec::new());
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let cert = certs.remove(&id);
        out.push(ClientSummary {
            id,
            name: r.get(1)?,
            kana: r.get(2)?,
            insurer_number: columns::shared(&mut insurers, r.get_ref(3)?.as_str()?),
            insured_number: r.get(4)?,
            contract_date: columns::date(r, 5)?.unwrap_or_default(),
            contract_end: columns::date(r, 6)?,
            version: r.get(7)?,
            contract_date_source: columns::shared(&mut sources, r.get_ref(8)?.as_str()?),
            care_level: cert.as_ref().and_then(|c| c.level),
            cert_status: cert.as_ref().map(|c| c.status),
            cert_valid_to: cert.as_ref().and_then(|c| c.valid_to),
            care_manager: managers
                .remove(&id)
                .and_then(|(_, staff)| names.get(&staff).cloned()),
        });
    }
    out.sort_unstable_by(|a, b| (&a.kana, a.id).cmp(&(&b.kana, b.id)));
    Ok(out)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<ClientDetail>> {
    let base = conn
        .query_row(
            "SELECT name, kana, birth_date, sex, insurer_number, insured_number, address, phone,
                    contract_date, contract_end, contract_end_reason, version, video_consent_on,
                    contract_date_source
             FROM clients WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, String>(10)?,
                    r.get::<_, i64>(11)?,
                    r.get::<_, Option<String>>(12)?,
                    r.get::<_, String>(13)?,
                ))
            },
        )
        .optional()?;
    let Some((
        name,
        kana,
        birth,
        sex,
        insurer,
        insured,
        address,
        phone,
        contract,
        end,
        end_reason,
        version,
        video_consent,
        contract_source,
    )) = base
    else {
        return Ok(None);
    };
    // Stored numbers were validated on the way in; a row edited outside careplan is reported by
    // `careplan check` and shown here as it is.
    let insurer_number =
        InsurerNumber::parse(&insurer).unwrap_or_else(|_| InsurerNumber::unchecked(&insurer));
    let insured_number =
        InsuredNumber::parse(&insured).unwrap_or_else(|_| InsuredNumber::unchecked(&insured));
    let fields = ClientFields {
        name,
        kana,
        birth_date: date_col(birth),
        sex: sex.as_deref().and_then(Sex::from_code),
        insurer_number,
        insured_number,
        address,
        phone,
        contract_date: from_iso(&contract).unwrap_or_default(),
    };
    let mut st = conn.prepare_cached(
        "SELECT m.effective_from, s.id, s.name FROM client_care_managers m JOIN staff s ON s.id = m.staff_id
         WHERE m.client_id = ?1 AND m.withdrawn_at IS NULL ORDER BY m.effective_from",
    )?;
    let care_managers = st
        .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?
        .filter_map(|r| r.ok())
        .filter_map(|(d, sid, n)| Some((from_iso(&d)?, sid, n)))
        .collect();
    let certifications = super::certifications::of_client(conn, id)?;
    let mut st = conn.prepare_cached(
        "SELECT month, reason FROM no_benefit_months WHERE client_id = ?1 AND withdrawn_at IS NULL
         ORDER BY month",
    )?;
    let no_benefit_months = st
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut st = conn.prepare_cached(
        "SELECT p.id, p.office_number, p.name, cp.service_type FROM client_providers cp
         JOIN providers p ON p.id = cp.provider_id WHERE cp.client_id = ?1 ORDER BY cp.service_type, p.kana",
    )?;
    let providers = st
        .query_map([id], |r| {
            Ok(ServingProvider {
                provider_id: r.get(0)?,
                office_number: r.get(1)?,
                name: r.get(2)?,
                service_type: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(ClientDetail {
        id,
        fields,
        contract_end: date_col(end),
        contract_end_reason: end_reason,
        care_managers,
        certifications,
        no_benefit_months,
        providers,
        plans: super::plans::list(conn, Some(id))?,
        video_consent_on: date_col(video_consent),
        contract_date_source: contract_source,
        version,
    }))
}

fn refuse_duplicate(conn: &Connection, f: &ClientFields, except: Option<i64>) -> Result<()> {
    let other = find_by_numbers(conn, f.insurer_number.as_str(), f.insured_number.as_str())?;
    if other.is_some() && other != except {
        return Err(Refused(format!(
            "保険者番号 {} ・被保険者番号 {} の利用者は既に登録されています",
            f.insurer_number, f.insured_number
        ))
        .into());
    }
    Ok(())
}

/// Writes every editable field of client `id`: the one list of columns, for insert and update.
fn write_fields(w: &Writer<'_>, id: i64, f: &ClientFields) -> Result<()> {
    w.execute_cached(
        "UPDATE clients SET name = ?1, kana = ?2, birth_date = ?3, sex = ?4, insurer_number = ?5,
                insured_number = ?6, address = ?7, phone = ?8, contract_date = ?9
         WHERE id = ?10",
        params![
            clean(&f.name),
            clean(&f.kana),
            f.birth_date.map(iso),
            f.sex.map(Sex::code),
            f.insurer_number.as_str(),
            f.insured_number.as_str(),
            clean(&f.address),
            clean(&f.phone),
            iso(f.contract_date),
            id
        ],
    )?;
    Ok(())
}

/// Registers a client; `care_manager` is assigned from the contract date.
pub fn insert(
    w: &Writer<'_>,
    f: &ClientFields,
    care_manager: Option<i64>,
    certification: Option<&CertificationFields>,
) -> Result<i64> {
    refuse_duplicate(&w.tx, f, None)?;
    w.execute_cached(
        "INSERT INTO clients (name, insurer_number, insured_number, contract_date, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            clean(&f.name),
            f.insurer_number.as_str(),
            f.insured_number.as_str(),
            iso(f.contract_date),
            now_utc()
        ],
    )?;
    let id = w.tx.last_insert_rowid();
    write_fields(w, id, f)?;
    if let Some(cm) = care_manager {
        assign_care_manager(w, id, cm, f.contract_date)?;
    }
    if let Some(c) = certification {
        add_certification(w, id, c)?;
    }
    w.audit(
        "client",
        Some(id),
        "insert",
        None,
        Some(&serde_json::to_value(f)?),
    )?;
    Ok(id)
}

/// Saves edited fields if nobody else changed the client since `version` was read.
pub fn update(w: &Writer<'_>, id: i64, version: i64, f: &ClientFields) -> Result<()> {
    refuse_duplicate(&w.tx, f, Some(id))?;
    let before = get(&w.tx, id)?.map(|d| d.fields);
    w.claim_version("clients", "利用者", id, version)?;
    write_fields(w, id, f)?;
    // A 契約日 a person changed is the one from the contract, no longer an estimate.
    if before
        .as_ref()
        .is_some_and(|b| b.contract_date != f.contract_date)
    {
        w.tx.execute(
            "UPDATE clients SET contract_date_source = 'entered' WHERE id = ?1",
            [id],
        )?;
    }
    w.audit(
        "client",
        Some(id),
        "update",
        before.map(serde_json::to_value).transpose()?.as_ref(),
        Some(&serde_json::to_value(f)?),
    )
}

fn bump(w: &Writer<'_>, id: i64) -> Result<()> {
    w.execute_cached(
        "UPDATE clients SET version = version + 1 WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

/// Assigns a care manager from `from` (replacing an assignment of the same date, also one
/// withdrawn before: the audit trail keeps what it was).
pub fn assign_care_manager(
    w: &Writer<'_>,
    client_id: i64,
    staff_id: i64,
    from: NaiveDate,
) -> Result<()> {
    let before =
        w.tx.prepare_cached(
            "SELECT staff_id, withdrawn_at FROM client_care_managers
             WHERE client_id = ?1 AND effective_from = ?2",
        )?
        .query_row(params![client_id, iso(from)], |r| {
            Ok(serde_json::json!({
                "staff_id": r.get::<_, i64>(0)?,
                "from": iso(from),
                "withdrawn": r.get::<_, Option<String>>(1)?.is_some(),
            }))
        })
        .optional()?;
    w.execute_cached(
        "INSERT INTO client_care_managers (client_id, staff_id, effective_from) VALUES (?1, ?2, ?3)
         ON CONFLICT (client_id, effective_from) DO UPDATE SET staff_id = excluded.staff_id,
             withdrawn_at = NULL, withdrawn_reason = NULL, version = version + 1",
        params![client_id, staff_id, iso(from)],
    )?;
    bump(w, client_id)?;
    w.audit(
        "client_care_manager",
        Some(client_id),
        "assign",
        before.as_ref(),
        Some(&serde_json::json!({"staff_id": staff_id, "from": iso(from)})),
    )
}

/// One care-manager assignment of a client (withdrawn ones are not listed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assignment {
    pub id: i64,
    pub client_id: i64,
    pub staff_id: i64,
    pub staff_name: String,
    pub effective_from: NaiveDate,
    pub version: i64,
}

/// A client's care-manager assignments, oldest first.
pub fn assignments(conn: &Connection, client_id: i64) -> Result<Vec<Assignment>> {
    let mut st = conn.prepare_cached(
        "SELECT m.id, m.client_id, m.staff_id, s.name, m.effective_from, m.version
         FROM client_care_managers m JOIN staff s ON s.id = m.staff_id
         WHERE m.client_id = ?1 AND m.withdrawn_at IS NULL ORDER BY m.effective_from",
    )?;
    let rows = st.query_map([client_id], |r| {
        Ok(Assignment {
            id: r.get(0)?,
            client_id: r.get(1)?,
            staff_id: r.get(2)?,
            staff_name: r.get(3)?,
            effective_from: from_iso(&r.get::<_, String>(4)?).unwrap_or_default(),
            version: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Assignment `id`, refused when it does not exist or was withdrawn.
pub fn get_assignment(conn: &Connection, id: i64) -> Result<Assignment> {
    let client: Option<i64> = conn
        .query_row(
            "SELECT client_id FROM client_care_managers WHERE id = ?1 AND withdrawn_at IS NULL",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    client
        .map(|c| assignments(conn, c))
        .transpose()?
        .and_then(|all| all.into_iter().find(|a| a.id == id))
        .ok_or_else(|| {
            Refused(crate::format_tr!(
                "担当の割り当て id {id} はありません（取り消し済みか、番号の誤り）。careplan clients assignments で id を確かめてください", "no assignment with id {id} (withdrawn, or a wrong number); check the id with careplan clients assignments"
            ))
            .into()
        })
}

/// Corrects assignment `id` (the care manager, the date from which), with the reason.
pub fn correct_assignment(
    w: &Writer<'_>,
    id: i64,
    staff_id: i64,
    from: NaiveDate,
    reason: &str,
) -> Result<()> {
    let reason = super::reason_required(reason, "担当の割り当て", "訂正")?;
    let before = get_assignment(&w.tx, id)?;
    let taken: Option<i64> =
        w.tx.query_row(
            "SELECT id FROM client_care_managers WHERE client_id = ?1 AND effective_from = ?2
               AND id <> ?3",
            params![before.client_id, iso(from), id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(other) = taken {
        return Err(Refused(format!(
            "この利用者には {} からの担当の割り当て（id {other}）が既にあります。その行を訂正するか、別の日付にしてください",
            iso(from)
        ))
        .into());
    }
    w.tx.execute(
        "UPDATE client_care_managers SET staff_id = ?2, effective_from = ?3, version = version + 1
         WHERE id = ?1",
        params![id, staff_id, iso(from)],
    )?;
    bump(w, before.client_id)?;
    w.audit(
        "client_care_manager",
        Some(id),
        "correct",
        Some(&serde_json::to_value(&before)?),
        Some(&serde_json::json!({
            "client_id": before.client_id, "staff_id": staff_id, "from": iso(from), "reason": reason
        })),
    )
}

/// Withdraws assignment `id` (entered by mistake), with the reason: kept, no longer counted.
pub fn withdraw_assignment(w: &Writer<'_>, id: i64, reason: &str) -> Result<()> {
    let reason = super::reason_required(reason, "担当の割り当て", "取り消し")?;
    let before = get_assignment(&w.tx, id)?;
    bump(w, before.client_id)?;
    w.withdraw_row(
        "client_care_managers",
        "client_care_manager",
        id,
        &reason,
        &before,
    )
}

/// Ends the contract on `end` with a reason (死亡, 施設入所, 転居, …), if unchanged since `version`.
/// With `end: None` the contract is reopened (an end recorded by mistake is undone).
pub fn end_contract(
    w: &Writer<'_>,
    id: i64,
    version: i64,
    end: Option<NaiveDate>,
    reason: &str,
) -> Result<()> {
    w.claim_version("clients", "利用者", id, version)?;
    let reason = if end.is_some() {
        clean(reason)
    } else {
        String::new()
    };
    w.execute_cached(
        "UPDATE clients SET contract_end = ?1, contract_end_reason = ?2 WHERE id = ?3",
        params![end.map(iso), reason, id],
    )?;
    w.audit(
        "client",
        Some(id),
        if end.is_some() {
            "end_contract"
        } else {
            "reopen_contract"
        },
        None,
        Some(&serde_json::json!({"contract_end": end.map(iso), "reason": reason})),
    )
}

/// The month's mark as it stands: (reason, withdrawn).
fn no_benefit_row(w: &Writer<'_>, client_id: i64, m: &str) -> Result<Option<(String, bool)>> {
    Ok(w.tx
        .query_row(
            "SELECT reason, withdrawn_at IS NOT NULL FROM no_benefit_months
             WHERE client_id = ?1 AND month = ?2",
            params![client_id, m],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Marks a month without 給付管理 for the client, or corrects the reason of a marked month
/// (a month withdrawn before is marked again).
pub fn mark_no_benefit_month(
    w: &Writer<'_>,
    client_id: i64,
    month: NaiveDate,
    reason: &str,
) -> Result<()> {
    // The reason is the record: an empty one would erase what was written before.
    let reason = clean(reason);
    if reason.is_empty() {
        return Err(Refused(
            "給付管理なしの月には理由が必要です（例: 月の全日入院、ショートステイのみ）。理由を入力してください"
                .into(),
        )
        .into());
    }
    let reason = reason.as_str();
    let m = month.format("%Y-%m").to_string();
    let before = no_benefit_row(w, client_id, &m)?;
    w.tx.execute(
        "INSERT INTO no_benefit_months (client_id, month, reason) VALUES (?1, ?2, ?3)
         ON CONFLICT (client_id, month) DO UPDATE SET reason = excluded.reason,
             withdrawn_at = NULL, withdrawn_reason = NULL",
        params![client_id, m, clean(reason)],
    )?;
    bump(w, client_id)?;
    w.audit(
        "no_benefit_month",
        Some(client_id),
        if before.as_ref().is_some_and(|b| !b.1) {
            "correct"
        } else {
            "mark"
        },
        before
            .map(|(r, withdrawn)| serde_json::json!({"month": m, "reason": r, "withdrawn": withdrawn}))
            .as_ref(),
        Some(&serde_json::json!({"month": m, "reason": clean(reason)})),
    )
}

/// Withdraws the mark of a month without 給付管理 (the month counts again), with the reason.
pub fn withdraw_no_benefit_month(
    w: &Writer<'_>,
    client_id: i64,
    month: NaiveDate,
    reason: &str,
) -> Result<()> {
    let why = super::reason_required(reason, "給付管理なしの月", "取り消し")?;
    let m = month.format("%Y-%m").to_string();
    let Some((before, false)) = no_benefit_row(w, client_id, &m)? else {
        return Err(Refused(format!(
            "{m} は給付管理なしの月になっていません。月を確かめてください"
        ))
        .into());
    };
    w.tx.execute(
        "UPDATE no_benefit_months SET withdrawn_at = ?3, withdrawn_reason = ?4
         WHERE client_id = ?1 AND month = ?2",
        params![client_id, m, now_utc(), why],
    )?;
    bump(w, client_id)?;
    w.audit(
        "no_benefit_month",
        Some(client_id),
        "withdraw",
        Some(&serde_json::json!({"month": m, "reason": before})),
        Some(&serde_json::json!({"month": m, "withdrawn": true, "reason": why})),
    )
}

/// Marks a month without 給付管理 (`Some(reason)`). Clearing a mark is a withdrawal with its
/// reason (`withdraw_no_benefit_month`): `None` is refused, so nothing is erased unexplained.
pub fn set_no_benefit_month(
    w: &Writer<'_>,
    client_id: i64,
    month: NaiveDate,
    reason: Option<&str>,
) -> Result<()> {
    match reason {
        Some(r) => mark_no_benefit_month(w, client_id, month, r),
        None => Err(Refused(
            "給付管理なしの月の解除は取り消しとして理由と共に記録します。取り消しの理由を入力してください"
                .into(),
        )
        .into()),
    }
}

/// Records that `provider_id` serves the client with `service_type`.
pub fn link_provider(
    w: &Writer<'_>,
    client_id: i64,
    provider_id: i64,
    service_type: &str,
) -> Result<()> {
    w.tx.execute(
        "INSERT OR IGNORE INTO client_providers (client_id, provider_id, service_type) VALUES (?1, ?2, ?3)",
        params![client_id, provider_id, service_type],
    )?;
    Ok(())
}

pub fn find_by_numbers(conn: &Connection, insurer: &str, insured: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM clients WHERE insurer_number = ?1 AND insured_number = ?2")?
        .query_row([insurer, insured], |r| r.get(0))
        .optional()?)
}

/// Sets an estimated 契約日 and the proxy it came from (`contract_date_source`): a move-in's
/// estimate for a contract no export carries, audited with what it replaced.
pub fn set_contract_estimate(w: &Writer<'_>, id: i64, day: NaiveDate, source: &str) -> Result<()> {
    let before: (String, String) = w.tx.query_row(
        "SELECT contract_date, contract_date_source FROM clients WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    w.tx.execute(
        "UPDATE clients SET contract_date = ?2, contract_date_source = ?3, version = version + 1
         WHERE id = ?1",
        params![id, iso(day), source],
    )?;
    let json =
        |d: &str, s: &str| serde_json::json!({"contract_date": d, "contract_date_source": s});
    w.audit(
        "client",
        Some(id),
        "contract_estimate",
        Some(&json(&before.0, &before.1)),
        Some(&json(&iso(day), source)),
    )
}

//! The claim history (migration 016): per insured person and service month, the 給付管理票's
//! providers and the 明細書's codes, as the 国保連 伝送 files said. Written only by a move-in
//! (`migrate::kokuho`), replaced only by a later file; read by `careplan claims`, the caseload
//! (the band billed) and the 特定事業所集中減算 worksheet (months without a plan in careplan).

use super::Writer;
use crate::domain::claims::{BaseCodeTable, BilledBands};
use crate::domain::concentration::Line;
use crate::domain::dates::{from_iso, iso};
use chrono::NaiveDate;
use color_eyre::eyre::{ContextCompat, Result};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A 給付管理票 provider line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderLine {
    pub office_number: String,
    pub service_type: String,
    pub units: i64,
}

/// A service code billed, with its units and count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeLine {
    pub code: String,
    pub units: i64,
    pub count: i64,
}

/// What a month's 給付管理票 said: claimed with its providers, or cancelled (取消).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Benefit {
    pub cancelled: bool,
    /// 要介護状態区分 code (21 …).
    pub care_level: Option<String>,
    pub cm_number: Option<String>,
    pub lines: Vec<ProviderLine>,
}

/// What a month's 居宅介護支援費明細書 said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fee {
    pub care_level: Option<String>,
    pub cm_number: Option<String>,
    pub notified_on: Option<NaiveDate>,
    pub cert_from: Option<NaiveDate>,
    pub cert_to: Option<NaiveDate>,
    pub codes: Vec<CodeLine>,
}

/// What a record said, and which record it was: `order` sorts later records after earlier
/// ones (processing month, 作成年月日, file, line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub order: String,
    pub value: T,
}

/// The first day of a stored month (YYYY-MM).
fn month_of(s: &str) -> Option<NaiveDate> {
    from_iso(&format!("{s}-01"))
}

/// A stable digest of what a record said: the same content read again changes nothing.
pub fn digest<T: Serialize>(value: &T) -> String {
    // These values are plain structs of strings and numbers: serialising them cannot fail.
    let json = serde_json::to_vec(value).unwrap_or_default();
    Sha256::digest(&json)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// (保険者番号, 被保険者番号, YYYY-MM).
pub type MonthKey = (String, String, String);

/// A stored month's sources, to decide whether a record read now replaces them.
#[derive(Debug, Clone, Default)]
pub struct Stored {
    pub id: i64,
    pub benefit: (String, String),
    pub fee: (String, String),
}

/// Every stored month's sources, read once for a run.
pub fn stored(conn: &Connection) -> Result<HashMap<MonthKey, Stored>> {
    let mut st = conn.prepare_cached(
        "SELECT id, insurer_number, insured_number, month, benefit_order, benefit_digest,
                fee_order, fee_digest FROM claim_months",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            (r.get(1)?, r.get(2)?, r.get(3)?),
            Stored {
                id: r.get(0)?,
                benefit: (r.get(4)?, r.get(5)?),
                fee: (r.get(6)?, r.get(7)?),
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether a record replaces the stored one: it says something else, and comes later.
fn replaces(stored: &(String, String), order: &str, digest: &str) -> bool {
    stored.1 != digest && order > stored.0.as_str()
}

/// Writes what the records of one month say where they replace what is stored (a 取消 keeps
/// the month, cancelled, so an older file read later does not bring it back). Returns whether
/// anything changed. `provider_ids`: the provider of every office number of `benefit`.
pub fn apply(
    w: &Writer<'_>,
    stored: &mut HashMap<MonthKey, Stored>,
    key: &MonthKey,
    benefit: Option<&Sourced<Benefit>>,
    fee: Option<&Sourced<Fee>>,
    provider_ids: &HashMap<String, i64>,
) -> Result<bool> {
    let now = super::now_utc();
    let old = stored.get(key).cloned().unwrap_or_default();
    let benefit = benefit
        .map(|b| (b, digest(&b.value)))
        .filter(|(b, d)| replaces(&old.benefit, &b.order, d));
    let fee = fee
        .map(|f| (f, digest(&f.value)))
        .filter(|(f, d)| replaces(&old.fee, &f.order, d));
    if benefit.is_none() && fee.is_none() {
        return Ok(false);
    }
    let id = match stored.get(key) {
        Some(s) => s.id,
        None => {
            w.tx.prepare_cached(
                "INSERT INTO claim_months (insurer_number, insured_number, month, imported_at)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![key.0, key.1, key.2, now])?;
            w.tx.last_insert_rowid()
        }
    };
    let entry = stored.entry(key.clone()).or_default();
    entry.id = id;
    if let Some((b, d)) = benefit {
        let v = &b.value;
        w.tx.prepare_cached(
            "UPDATE claim_months SET benefit_state = ?2, benefit_care_level = ?3,
                    benefit_cm_number = ?4, benefit_order = ?5, benefit_digest = ?6, imported_at = ?7
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            if v.cancelled { "cancelled" } else { "claimed" },
            v.care_level,
            v.cm_number,
            b.order,
            d,
            now
        ])?;
        w.tx.prepare_cached("DELETE FROM claim_providers WHERE claim_month_id = ?1")?
            .execute([id])?;
        let mut ins = w.tx.prepare_cached(
            "INSERT INTO claim_providers
             (claim_month_id, line, provider_id, office_number, service_type, units)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (i, l) in v.lines.iter().enumerate() {
            let provider = provider_ids
                .get(&l.office_number)
                .copied()
                .wrap_err_with(|| {
                    format!(
                        "事業所番号 {} の事業所が登録されていません",
                        l.office_number
                    )
                })?;
            ins.execute(params![
                id,
                i as i64 + 1,
                provider,
                l.office_number,
                l.service_type,
                l.units
            ])?;
        }
        entry.benefit = (b.order.clone(), d);
    }
    if let Some((f, d)) = fee {
        let v = &f.value;
        w.tx.prepare_cached(
            "UPDATE claim_months SET fee_care_level = ?2, fee_cm_number = ?3, notified_on = ?4,
                    cert_from = ?5, cert_to = ?6, fee_order = ?7, fee_digest = ?8, imported_at = ?9
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            v.care_level,
            v.cm_number,
            v.notified_on.map(iso),
            v.cert_from.map(iso),
            v.cert_to.map(iso),
            f.order,
            d,
            now
        ])?;
        w.tx.prepare_cached("DELETE FROM claim_codes WHERE claim_month_id = ?1")?
            .execute([id])?;
        let mut ins = w.tx.prepare_cached(
            "INSERT INTO claim_codes (claim_month_id, line, code, units, count)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, c) in v.codes.iter().enumerate() {
            ins.execute(params![id, i as i64 + 1, c.code, c.units, c.count])?;
        }
        entry.fee = (f.order.clone(), d);
    }
    Ok(true)
}

/// A person's earliest 届出日 and first claimed month (first day), over every stored month: the
/// 契約日 proxies of `domain::claims::better_contract_date`.
pub fn contract_proxies(
    conn: &Connection,
    insurer: &str,
    insured: &str,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    let (notified, first): (Option<String>, Option<String>) = conn
        .prepare_cached(
            "SELECT min(notified_on), min(month) FROM claim_months
             WHERE insurer_number = ?1 AND insured_number = ?2
               AND (benefit_state = 'claimed' OR fee_order <> '')",
        )?
        .query_row([insurer, insured], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or_default();
    Ok((
        notified.as_deref().and_then(from_iso),
        first.as_deref().and_then(month_of),
    ))
}

/// A month of one person's claim history, as `careplan claims` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimMonth {
    pub insurer_number: String,
    pub insured_number: String,
    /// The registered client with these numbers, if any (and their name).
    pub client_id: Option<i64>,
    pub name: Option<String>,
    pub month: String,
    /// The 明細書's level, else the 給付管理票's (code).
    pub care_level: Option<String>,
    pub care_manager_number: Option<String>,
    pub cancelled: bool,
    pub providers: Vec<ProviderLine>,
    pub codes: Vec<CodeLine>,
}

/// The claims of `month` (first day), by insurer and insured number; a month whose only
/// record is a 取消 is listed with no providers, marked cancelled.
pub fn month(conn: &Connection, month: NaiveDate) -> Result<Vec<ClaimMonth>> {
    let m = month.format("%Y-%m").to_string();
    let mut out: Vec<ClaimMonth> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT m.id, m.insurer_number, m.insured_number, c.id, c.name,
                coalesce(m.fee_care_level, m.benefit_care_level),
                coalesce(m.fee_cm_number, m.benefit_cm_number),
                m.benefit_state = 'cancelled' AND m.fee_order = ''
         FROM claim_months m
         LEFT JOIN clients c
           ON c.insurer_number = m.insurer_number AND c.insured_number = m.insured_number
         WHERE m.month = ?1 ORDER BY m.insurer_number, m.insured_number",
    )?;
    let mut rows = st.query([&m])?;
    while let Some(r) = rows.next()? {
        index.insert(r.get(0)?, out.len());
        out.push(ClaimMonth {
            insurer_number: r.get(1)?,
            insured_number: r.get(2)?,
            client_id: r.get(3)?,
            name: r.get(4)?,
            month: m.clone(),
            care_level: r.get(5)?,
            care_manager_number: r.get(6)?,
            cancelled: r.get(7)?,
            providers: Vec::new(),
            codes: Vec::new(),
        });
    }
    let mut st = conn.prepare_cached(
        "SELECT p.claim_month_id, p.office_number, p.service_type, p.units
         FROM claim_providers p JOIN claim_months m ON m.id = p.claim_month_id
         WHERE m.month = ?1 ORDER BY p.claim_month_id, p.line",
    )?;
    let mut rows = st.query([&m])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
            out[i].providers.push(ProviderLine {
                office_number: r.get(1)?,
                service_type: r.get(2)?,
                units: r.get(3)?,
            });
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT k.claim_month_id, k.code, k.units, k.count
         FROM claim_codes k JOIN claim_months m ON m.id = k.claim_month_id
         WHERE m.month = ?1 ORDER BY k.claim_month_id, k.line",
    )?;
    let mut rows = st.query([&m])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
            out[i].codes.push(CodeLine {
                code: r.get(1)?,
                units: r.get(2)?,
                count: r.get(3)?,
            });
        }
    }
    Ok(out)
}

/// The band billed for each registered client in each imported month: the band of the month's
/// base code (`domain::claims::BaseCodeTable`), never read from the units.
pub fn billed_bands(conn: &Connection) -> Result<BilledBands> {
    let table = BaseCodeTable::default();
    let mut out = BilledBands::default();
    let mut st = conn.prepare_cached(
        "SELECT c.id, m.month, k.code FROM claim_months m
         JOIN clients c ON c.insurer_number = m.insurer_number AND c.insured_number = m.insured_number
         JOIN claim_codes k ON k.claim_month_id = m.id
         ORDER BY m.id, k.line",
    )?;
    let mut rows = st.query([])?;
    let mut seen: Option<(i64, NaiveDate)> = None;
    while let Some(r) = rows.next()? {
        let client: i64 = r.get(0)?;
        let Some(month) = month_of(r.get_ref(1)?.as_str()?) else {
            continue;
        };
        // The first base code of a month gives its band.
        if seen == Some((client, month)) {
            continue;
        }
        let code = r.get_ref(2)?.as_str()?;
        if let Some(band) = table.billed_band([code], month) {
            out.insert(client, month, band);
            seen = Some((client, month));
        }
    }
    Ok(out)
}

/// The claimed months of registered clients from `first` to `last` (first days), with their
/// 給付管理票 providers as service lines: what the 集中減算 worksheet counts where careplan
/// has no plan for the month.
pub fn claimed_lines(
    conn: &Connection,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<(i64, NaiveDate, Vec<Line>)>> {
    let mut st = conn.prepare_cached(
        "SELECT c.id, m.month, p.provider_id, p.service_type FROM claim_months m
         JOIN clients c ON c.insurer_number = m.insurer_number AND c.insured_number = m.insured_number
         JOIN claim_providers p ON p.claim_month_id = m.id
         WHERE m.benefit_state = 'claimed' AND m.month BETWEEN ?1 AND ?2
         ORDER BY m.id, p.line",
    )?;
    let mut rows = st.query([
        first.format("%Y-%m").to_string(),
        last.format("%Y-%m").to_string(),
    ])?;
    let mut out: Vec<(i64, NaiveDate, Vec<Line>)> = Vec::new();
    while let Some(r) = rows.next()? {
        let client: i64 = r.get(0)?;
        let Some(month) = month_of(r.get_ref(1)?.as_str()?) else {
            continue;
        };
        let line = Line {
            provider_id: r.get(2)?,
            service_type: r.get(3)?,
        };
        match out.last_mut() {
            Some((c, m, lines)) if *c == client && *m == month => lines.push(line),
            _ => out.push((client, month, vec![line])),
        }
    }
    Ok(out)
}

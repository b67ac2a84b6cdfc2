//! The person's decision on a 加算 candidate for a client, month and 加算 (issue 22 point 3):
//! accepted, or rejected with a reason; a later `withdrawn` takes it back. Append-only: the
//! newest row of (client, month, 加算, stay) stands. Later rules (初回's lookback, one
//! 退院・退所 per stay, the yearly counts) read the accepted ones (`standing`).

use super::{Refused, Writer, now_utc};
use crate::domain::Lang;
use crate::domain::kasan_records::{Coded, Decision, is_per_stay, parse_kasan_key};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// One stored decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KasanDecision {
    pub id: i64,
    pub client_id: i64,
    /// YYYY-MM.
    pub month: String,
    pub kasan: String,
    pub stay_id: Option<i64>,
    pub decision: Decision,
    pub reason: String,
    pub decided_by: String,
    pub decided_at: String,
}

/// A decision as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDecision {
    pub client_id: i64,
    /// Any day of the month.
    pub month: NaiveDate,
    /// The 加算's key or Japanese name.
    pub kasan: String,
    pub stay_id: Option<i64>,
    pub decision: Decision,
    pub reason: String,
}

fn month_text(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<KasanDecision> {
    Ok(KasanDecision {
        id: r.get(0)?,
        client_id: r.get(1)?,
        month: r.get(2)?,
        kasan: r.get(3)?,
        stay_id: r.get(4)?,
        // The table's CHECK keeps it one of these.
        decision: Decision::from_code(&r.get::<_, String>(5)?).unwrap_or(Decision::Withdrawn),
        reason: r.get(6)?,
        decided_by: r.get(7)?,
        decided_at: r.get(8)?,
    })
}

const SELECT: &str = "SELECT id, client_id, month, kasan, stay_id, decision, reason, decided_by,
        decided_at FROM kasan_decisions";

/// Every decision (withdrawals too), of a month and/or a client, oldest first.
pub fn history(
    conn: &Connection,
    month: Option<NaiveDate>,
    client: Option<i64>,
) -> Result<Vec<KasanDecision>> {
    let mut st = conn.prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR month = ?1) AND (?2 IS NULL OR client_id = ?2) ORDER BY id"
    ))?;
    let rows = st.query_map(params![month.map(month_text), client], row)?;
    rows.collect::<Result<_, _>>()
        .wrap_err("加算の判断を読めません")
}

/// The decisions that stand: the newest of each (client, month, 加算, stay), unless it is a
/// withdrawal.
pub fn standing(
    conn: &Connection,
    month: Option<NaiveDate>,
    client: Option<i64>,
) -> Result<Vec<KasanDecision>> {
    let mut newest: std::collections::BTreeMap<(i64, String, String, Option<i64>), KasanDecision> =
        std::collections::BTreeMap::new();
    for d in history(conn, month, client)? {
        newest.insert(
            (d.client_id, d.month.clone(), d.kasan.clone(), d.stay_id),
            d,
        );
    }
    Ok(newest
        .into_values()
        .filter(|d| d.decision != Decision::Withdrawn)
        .collect())
}

/// Records a decision; audited. Refused: an unknown 加算, a 退院・退所 without its stay (one
/// per stay) or with another client's, a rejection or withdrawal without its reason, a
/// withdrawal with nothing standing. Returns the row's id.
pub fn decide(w: &Writer<'_>, d: &NewDecision) -> Result<i64> {
    let kasan = parse_kasan_key(&d.kasan).map_err(|e| Refused(e.to_string()))?;
    let known: Option<i64> =
        w.tx.query_row("SELECT id FROM clients WHERE id = ?1", [d.client_id], |r| {
            r.get(0)
        })
        .optional()?;
    if known.is_none() {
        return Err(Refused(format!("利用者 id {} は登録されていません", d.client_id)).into());
    }
    match d.stay_id {
        None if is_per_stay(kasan) => {
            return Err(Refused(format!(
                "{kasan} は入院・入所ごとの加算です。どの入院・入所か --stay で指定してください（careplan stays で id を確認）"
            ))
            .into());
        }
        Some(_) if !is_per_stay(kasan) => {
            return Err(Refused(format!(
                "{kasan} は入院・入所ごとの加算ではありません。--stay は退院・退所加算だけに指定します"
            ))
            .into());
        }
        Some(stay) => {
            let of = super::stays::get(&w.tx, stay)?.client_id;
            if of != d.client_id {
                return Err(Refused(format!("入院・入所 id {stay} は別の利用者の記録です")).into());
            }
        }
        None => {}
    }
    let reason = super::clean(&d.reason);
    if reason.is_empty() && d.decision != Decision::Accepted {
        return Err(Refused(crate::format_tr!(
            "「{}」には理由が必要です（例: 本人が希望しない、記録が不十分）", "\"{}\" needs a reason (--reason; e.g. the client does not wish it, the records are not enough)",
            d.decision.label(Lang::session())
        ))
        .into());
    }
    let month = month_text(d.month);
    let before = standing(&w.tx, Some(d.month), Some(d.client_id))?
        .into_iter()
        .find(|s| s.kasan == kasan && s.stay_id == d.stay_id);
    if d.decision == Decision::Withdrawn && before.is_none() {
        return Err(Refused(format!("{month} の {kasan} には取り消す判断がありません")).into());
    }
    w.execute_cached(
        "INSERT INTO kasan_decisions (client_id, month, kasan, stay_id, decision, reason,
             decided_by, decided_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            d.client_id,
            month,
            kasan,
            d.stay_id,
            d.decision.code(),
            reason,
            w.actor_label(),
            now_utc()
        ],
    )?;
    let id = w.tx.last_insert_rowid();
    let json = |x: &KasanDecision| serde_json::json!({"decision": x.decision.code(), "reason": x.reason, "id": x.id});
    w.audit(
        "kasan_decision",
        Some(id),
        d.decision.code(),
        before.as_ref().map(json).as_ref(),
        Some(&serde_json::json!({
            "client_id": d.client_id,
            "month": month,
            "kasan": kasan,
            "stay_id": d.stay_id,
            "decision": d.decision.code(),
            "reason": reason,
        })),
    )?;
    Ok(id)
}

/// The first day of the month a decision is for.
pub fn month_of(d: &KasanDecision) -> Option<NaiveDate> {
    crate::domain::dates::from_iso(&format!("{}-01", d.month))
}

//! What exchange imports leave for a person: clients we do not know and values that differ
//! from ours. Settled one by one; nothing is applied without a decision.

use super::{Refused, Writer, clients};
use crate::domain::dates::from_iso;
use crate::domain::sex::Sex;
use color_eyre::eyre::Result;
use rusqlite::{Connection, params};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub id: i64,
    /// "unmatched_client" or "difference".
    pub kind: String,
    pub client_id: Option<i64>,
    pub client_name: Option<String>,
    pub insurer_number: String,
    pub insured_number: String,
    pub field: String,
    pub ours: String,
    pub theirs: String,
    pub file: String,
}

const PAIR: &str = ": ";
const SEPARATOR: &str = " / ";

/// What a file says about an unknown client, as the review keeps it: "項目: 値 / 項目: 値".
pub fn summary_text(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}{PAIR}{v}"))
        .collect::<Vec<_>>()
        .join(SEPARATOR)
}

impl Review {
    /// One value of an unknown client's file data ("" when the file did not give it).
    pub fn file_value(&self, field: &str) -> &str {
        self.theirs
            .split(SEPARATOR)
            .find_map(|p| p.strip_prefix(field).and_then(|v| v.strip_prefix(PAIR)))
            .unwrap_or("")
    }
}

/// Open reviews, oldest first. A client reported unknown who has since been registered is no
/// longer listed.
pub fn open_reviews(conn: &Connection) -> Result<Vec<Review>> {
    let mut st = conn.prepare_cached(
        "SELECT r.id, r.kind, r.client_id, c.name, r.insurer_number, r.insured_number, r.field,
                r.ours, r.theirs, f.file_name
         FROM exchange_reviews r JOIN exchange_files f ON f.id = r.file_id
         LEFT JOIN clients c ON c.id = r.client_id
         WHERE r.status = 'open'
           AND NOT (r.kind = 'unmatched_client' AND EXISTS (SELECT 1 FROM clients x
                WHERE x.insurer_number = r.insurer_number AND x.insured_number = r.insured_number))
         ORDER BY r.id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Review {
            id: r.get(0)?,
            kind: r.get(1)?,
            client_id: r.get(2)?,
            client_name: r.get(3)?,
            insurer_number: r.get(4)?,
            insured_number: r.get(5)?,
            field: r.get(6)?,
            ours: r.get(7)?,
            theirs: r.get(8)?,
            file: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Keeps our value (or dismisses an unknown client): the review is closed, nothing else changes.
pub fn keep_ours(w: &Writer<'_>, id: i64) -> Result<()> {
    settle(w, id, "kept")
}

fn settle(w: &Writer<'_>, id: i64, status: &str) -> Result<()> {
    let n = w.tx.execute(
        "UPDATE exchange_reviews SET status = ?2 WHERE id = ?1 AND status = 'open'",
        params![id, status],
    )?;
    if n == 0 {
        return Err(Refused("この確認は他の端末で既に処理されました".into()).into());
    }
    w.audit(
        "exchange_review",
        Some(id),
        status,
        None,
        Some(&serde_json::json!({"status": status})),
    )
}

/// Takes the file's value into the client record (for the fields the client record holds).
pub fn accept_theirs(w: &Writer<'_>, id: i64) -> Result<()> {
    let r: Option<(String, Option<i64>, String, String)> = w
        .tx
        .query_row(
            "SELECT kind, client_id, field, theirs FROM exchange_reviews WHERE id = ?1 AND status = 'open'",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .ok();
    let Some((kind, Some(client), field, theirs)) = r else {
        return Err(
            Refused("この確認は他の端末で既に処理されたか、反映できない種類です".into()).into(),
        );
    };
    if kind != "difference" {
        return Err(Refused("未登録の利用者は、利用者として登録してください".into()).into());
    }
    let Some(c) = clients::get(&w.tx, client)? else {
        return Err(Refused("利用者が見つかりません".into()).into());
    };
    let mut f = c.fields.clone();
    match field.as_str() {
        "氏名" => f.name = theirs,
        "フリガナ" => f.kana = theirs,
        "性別" => f.sex = Sex::parse(&theirs).ok().flatten(),
        "生年月日" => f.birth_date = from_iso(&theirs),
        "住所" => f.address = theirs,
        "電話番号" => f.phone = theirs,
        _ => {
            return Err(Refused(format!(
                "「{field}」はここでは反映できません。利用者の詳細で認定を追加してください"
            ))
            .into());
        }
    }
    clients::update(w, client, c.version, &f)?;
    settle(w, id, "accepted")
}

/// Text a name-reading field holds: katakana (full or half width), spaces and 「・」 only.
fn all_kana(s: &str) -> bool {
    !s.trim().is_empty()
        && s.chars()
            .all(|c| matches!(c, 'ァ'..='ヺ' | 'ー' | 'ｦ'..='ﾟ' | ' ' | '　' | '・'))
}

/// Swaps "氏名" and "フリガナ" in a review's "項目: 値" text.
fn swap_name_and_kana(text: &str) -> String {
    text.split(SEPARATOR)
        .map(|p| {
            if let Some(v) = p.strip_prefix("氏名").and_then(|v| v.strip_prefix(PAIR)) {
                format!("フリガナ{PAIR}{v}")
            } else if let Some(v) = p
                .strip_prefix("フリガナ")
                .and_then(|v| v.strip_prefix(PAIR))
            {
                format!("氏名{PAIR}{v}")
            } else {
                p.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(SEPARATOR)
}

/// Part of migration 006. Before it, UPKIHON №14 (フリガナ) was read as the name and №15 (氏名)
/// as the kana. Repairs clients registered from such a file — whose record was never edited
/// since (no audited change of the client itself; a care manager or a certification added
/// later does not count), created in the same import as an UPKIHON file, with a name that is all
/// kana and a kana that is not — withdraws the name/kana differences those files raised (they
/// compared the wrong columns; a real difference is raised again by the next file), and puts
/// the two values of unknown-client items back in their places. Each change is audited.
/// Returns how many clients were repaired.
pub fn repair_swapped_kihon_names(tx: &rusqlite::Transaction) -> rusqlite::Result<usize> {
    let who = "careplan (migration 006)";
    let audit = |entity: &str, id: i64, before: serde_json::Value, after: serde_json::Value| {
        tx.execute(
            "INSERT INTO audit_log (at, os_user, ssh_client, entity, entity_id, action, before, after)
             VALUES (?1, ?2, NULL, ?3, ?4, 'repair', ?5, ?6)",
            params![
                super::now_utc(),
                who,
                entity,
                id,
                before.to_string(),
                after.to_string()
            ],
        )
    };
    let candidates: Vec<(i64, String, String)> = tx
        .prepare(
            "SELECT c.id, c.name, c.kana FROM clients c
             WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'client'
                     AND a.entity_id = c.id AND a.action <> 'insert')
               AND EXISTS (SELECT 1 FROM exchange_files f WHERE f.prefix = 'UPKIHON'
                     AND abs(julianday(f.imported_at) - julianday(c.created_at)) * 86400 < 5
                     AND substr(f.sent_at, 1, 10) = c.contract_date)",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut repaired = 0;
    for (id, name, kana) in candidates {
        if !all_kana(&name) || all_kana(&kana) || kana.trim().is_empty() {
            continue;
        }
        tx.execute(
            "UPDATE clients SET name = ?2, kana = ?3, version = version + 1 WHERE id = ?1",
            params![id, kana, name],
        )?;
        audit(
            "client",
            id,
            serde_json::json!({"name": name, "kana": kana}),
            serde_json::json!({"name": kana, "kana": name, "reason": "UPKIHON の氏名とフリガナの取り違えを修正"}),
        )?;
        repaired += 1;
    }
    let withdrawn: Vec<i64> = tx
        .prepare(
            "SELECT r.id FROM exchange_reviews r JOIN exchange_files f ON f.id = r.file_id
             WHERE f.prefix = 'UPKIHON' AND r.status = 'open' AND r.kind = 'difference'
               AND r.field IN ('氏名', 'フリガナ')",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in withdrawn {
        tx.execute(
            "UPDATE exchange_reviews SET status = 'withdrawn' WHERE id = ?1",
            [id],
        )?;
        audit(
            "exchange_review",
            id,
            serde_json::json!({"status": "open"}),
            serde_json::json!({"status": "withdrawn", "reason": "UPKIHON の氏名とフリガナを取り違えて比べていたため"}),
        )?;
    }
    let unknown: Vec<(i64, String)> = tx
        .prepare(
            "SELECT r.id, r.theirs FROM exchange_reviews r JOIN exchange_files f ON f.id = r.file_id
             WHERE f.prefix = 'UPKIHON' AND r.status = 'open' AND r.kind = 'unmatched_client'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, theirs) in unknown {
        let fixed = swap_name_and_kana(&theirs);
        if fixed != theirs {
            tx.execute(
                "UPDATE exchange_reviews SET theirs = ?2 WHERE id = ?1",
                params![id, fixed],
            )?;
            audit(
                "exchange_review",
                id,
                serde_json::json!({"theirs": theirs}),
                serde_json::json!({"theirs": fixed}),
            )?;
        }
    }
    Ok(repaired)
}

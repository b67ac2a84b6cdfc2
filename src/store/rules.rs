//! The fee rules tables an office imported, merged with the compiled-in ones
//! (`domain::rules::RuleBook`).

use super::{Refused, Writer};
use crate::domain::dates::iso;
use crate::domain::rules::{Origin, RuleBook, Rules};
use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// The compiled-in tables with this office's imported ones.
pub fn book(conn: &Connection) -> Result<RuleBook> {
    let mut st = conn.prepare_cached(
        "SELECT body, imported_at, imported_by, from_date FROM rules_tables ORDER BY from_date",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut imported = Vec::new();
    for row in rows {
        let (body, at, by, from) = row?;
        // Every stored table was checked when imported; one this version cannot read (written
        // by a newer careplan) is an error to report, not a table to skip silently.
        let t = Rules::parse(&body, Origin::Imported { at, by }).map_err(|e| {
            Refused(format!(
                "取り込み済みの規則表（{from} から）が読めません: {e}。この版の careplan では扱えない可能性があります。careplan を更新してください"
            ))
        })?;
        imported.push(t);
    }
    Ok(RuleBook::builtin().with(imported))
}

/// Stores an imported table (checked whole by `Rules::parse` first: a refused table changes
/// nothing). A table with the same `from` as an imported one replaces it. Returns the table.
pub fn import(w: &Writer<'_>, text: &str) -> Result<Rules> {
    let at = super::now_utc();
    let by = w.actor_label();
    let t = Rules::parse(
        text,
        Origin::Imported {
            at: at.clone(),
            by: by.clone(),
        },
    )
    .map_err(|e| {
        Refused(format!(
            "規則表を取り込みませんでした: {e}（何も変更していません）"
        ))
    })?;
    // A table without `[concentration]` inherits the one in force before it: there must be one.
    if t.concentration.is_none()
        && !book(&w.tx)?
            .tables()
            .iter()
            .any(|x| x.from < t.from && x.concentration.is_some())
    {
        return Err(Refused(format!(
            "規則表を取り込みませんでした: {} より前に特定事業所集中減算の定めがないので、この表には [concentration] が必要です（何も変更していません）",
            iso(t.from)
        ))
        .into());
    }
    let from = iso(t.from);
    let before: Option<(i64, String, String)> =
        w.tx.query_row(
            "SELECT id, source, body FROM rules_tables WHERE from_date = ?1",
            [&from],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    w.tx.execute(
        "INSERT INTO rules_tables (from_date, source, body, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(from_date) DO UPDATE SET source = excluded.source, body = excluded.body,
             imported_at = excluded.imported_at, imported_by = excluded.imported_by",
        params![from, t.source, text, at, by],
    )?;
    let id: i64 = w.tx.query_row(
        "SELECT id FROM rules_tables WHERE from_date = ?1",
        [&from],
        |r| r.get(0),
    )?;
    w.audit(
        "rules_table",
        Some(id),
        if before.is_some() {
            "replace"
        } else {
            "import"
        },
        before
            .map(|(_, source, body)| json!({"from": from, "source": source, "body": body}))
            .as_ref(),
        Some(&json!({"from": from, "source": t.source, "body": text})),
    )?;
    Ok(t)
}

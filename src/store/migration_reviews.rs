//! Review items left by `careplan migrate`: recorded once per (source, kind, client, detail),
//! listed while open, settled or withdrawn by a person.

use super::Writer;
use crate::migrate::ReviewItem;
use color_eyre::eyre::Result;
use rusqlite::{Connection, params};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredReview {
    pub id: i64,
    pub source: String,
    pub file: String,
    pub line: u64,
    pub kind: String,
    pub detail: String,
    pub insurer_number: String,
    pub insured_number: String,
}

/// Records `items` from a run of `source`; an item raised by an earlier run is not repeated.
/// Returns how many were new.
pub fn record(w: &Writer<'_>, source: &str, items: &[ReviewItem]) -> Result<usize> {
    let mut st = w.tx.prepare_cached(
        "INSERT OR IGNORE INTO migration_reviews
         (source, file, line, kind, detail, insurer_number, insured_number, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let now = super::now_utc();
    let mut new = 0;
    for i in items {
        new += st.execute(params![
            source,
            i.file,
            i.line as i64,
            i.kind,
            i.detail,
            i.insurer_number,
            i.insured_number,
            now
        ])?;
    }
    Ok(new)
}

/// Open items, oldest first.
pub fn open(conn: &Connection) -> Result<Vec<StoredReview>> {
    let mut st = conn.prepare_cached(
        "SELECT id, source, file, line, kind, detail, insurer_number, insured_number
         FROM migration_reviews WHERE status = 'open' ORDER BY id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(StoredReview {
            id: r.get(0)?,
            source: r.get(1)?,
            file: r.get(2)?,
            line: r.get::<_, i64>(3)? as u64,
            kind: r.get(4)?,
            detail: r.get(5)?,
            insurer_number: r.get(6)?,
            insured_number: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks an item done (the person dealt with it) or withdrawn (it was not a problem).
pub fn settle(w: &Writer<'_>, id: i64, done: bool) -> Result<()> {
    let status = if done { "done" } else { "withdrawn" };
    let n = w.tx.execute(
        "UPDATE migration_reviews SET status = ?1, settled_at = ?2 WHERE id = ?3 AND status = 'open'",
        params![status, super::now_utc(), id],
    )?;
    if n == 1 {
        w.audit("migration_reviews", Some(id), status, None, None)?;
    }
    Ok(())
}

/// How many items are open (ホーム says so while there are any).
pub fn open_count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM migration_reviews WHERE status = 'open'",
        [],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}

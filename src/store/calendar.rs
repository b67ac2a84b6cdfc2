//! The national calendar in force: the built-in rows, overridden or added to by the rows the
//! office imported (`careplan calendar import`), stored in `calendar_items`.

use super::{Imported, Refused, Writer, clean, now_utc};
use crate::domain::calendar::{self, CalendarItem, Certainty, Concerns};
use crate::domain::dates::{from_iso, iso};
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// The rows the office imported, by date.
pub fn imported(conn: &Connection) -> Result<Vec<CalendarItem>> {
    let mut st = conn.prepare_cached(
        "SELECT key, on_date, certainty, concerns, what_ja, what_en, source FROM calendar_items
         ORDER BY on_date, key",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for r in rows {
        let (key, on, certainty, concerns, what_ja, what_en, source) = r?;
        let certainty = Certainty::ALL.into_iter().find(|c| c.code() == certainty);
        let concerns = Concerns::ALL.into_iter().find(|c| c.code() == concerns);
        // The table's CHECKs keep these valid; a row that is not is left out, not fatal.
        if let (Some(date), Some(certainty), Some(concerns)) = (from_iso(&on), certainty, concerns)
        {
            out.push(CalendarItem {
                key,
                date,
                certainty,
                concerns,
                what_ja,
                what_en,
                source,
            });
        }
    }
    Ok(out)
}

/// The calendar in force (what ホーム and `careplan calendar` show).
pub fn in_force(conn: &Connection) -> Result<Vec<CalendarItem>> {
    Ok(calendar::merge(calendar::builtin(), &imported(conn)?))
}

/// The day the exchange moves to the WEB service, from the calendar in force.
pub fn move_date(conn: &Connection) -> Result<Option<NaiveDate>> {
    Ok(calendar::move_date(&in_force(conn)?))
}

/// Stores every row of a calendar file (all or nothing: the caller's write is one transaction),
/// each replacing the stored or built-in row of its key; every row audited.
pub fn import(w: &Writer<'_>, text: &str) -> Result<Imported> {
    let items = calendar::parse(text).map_err(|problems| {
        Refused(format!(
            "暦のファイルに誤りがあるため、何も取り込んでいません。直してからもう一度取り込んでください:\n{}",
            problems.join("\n")
        ))
    })?;
    if items.is_empty() {
        return Err(Refused(
            "暦のファイルに行がありません（# の行と見出しだけ）。careplan calendar export --out FILE で書き出した形式で行を書いてください".into(),
        )
        .into());
    }
    let builtin = calendar::builtin();
    // The stored rows read once (a file names each key once: the parser refuses a second),
    // so that a file of n rows costs n lookups.
    let stored: HashMap<String, CalendarItem> = imported(&w.tx)?
        .into_iter()
        .map(|x| (x.key.clone(), x))
        .collect();
    let mut done = Imported::default();
    for x in &items {
        let before: Option<CalendarItem> = stored
            .get(&x.key)
            .cloned()
            .or_else(|| calendar::item(&builtin, &x.key).cloned());
        w.tx.execute(
            "INSERT INTO calendar_items (key, on_date, certainty, concerns, what_ja, what_en,
                 source, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(key) DO UPDATE SET on_date = excluded.on_date,
                 certainty = excluded.certainty, concerns = excluded.concerns,
                 what_ja = excluded.what_ja, what_en = excluded.what_en, source = excluded.source,
                 imported_at = excluded.imported_at",
            params![
                x.key,
                iso(x.date),
                x.certainty.code(),
                x.concerns.code(),
                clean(&x.what_ja),
                clean(&x.what_en),
                clean(&x.source),
                now_utc()
            ],
        )?;
        let id: i64 = w.tx.query_row(
            "SELECT id FROM calendar_items WHERE key = ?1",
            [&x.key],
            |r| r.get(0),
        )?;
        w.imported_row(&mut done, "calendar_items", id, before.as_ref(), x)?;
    }
    Ok(done)
}

//! Reading the columns of many rows: stored dates from a row's bytes as they are (the start-up
//! reads them by the hundred thousand, and a date needs no check of the text's encoding), and
//! one shared copy of a value every row repeats.

use crate::domain::dates::from_iso_bytes;
use chrono::NaiveDate;
use rusqlite::Row;
use std::sync::Arc;

/// The one copy of `s` among `seen` (a handful of values repeated by every client, such as
/// the insurer's number), added if new.
pub fn shared(seen: &mut Vec<Arc<str>>, s: &str) -> Arc<str> {
    match seen.iter().find(|v| &***v == s) {
        Some(v) => v.clone(),
        None => {
            let v: Arc<str> = s.into();
            seen.push(v.clone());
            v
        }
    }
}

/// The ISO date (`YYYY-MM-DD`) in column `i`; None for NULL or a value that is no date.
pub fn date(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(r.get_ref(i)?.as_bytes_or_null()?.and_then(from_iso_bytes))
}

/// The day of the time (`YYYY-MM-DD HH:MM`, or a date) in column `i`; None for NULL or a
/// value that starts with no date.
pub fn day(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(r.get_ref(i)?
        .as_bytes_or_null()?
        .and_then(|b| b.get(..10))
        .and_then(from_iso_bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_days_are_read_from_the_stored_text() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let row = |sql: &str| {
            conn.query_row(sql, [], |r| Ok((date(r, 0)?, day(r, 0)?)))
                .unwrap()
        };
        let d = NaiveDate::from_ymd_opt(2026, 12, 8);
        assert_eq!(row("SELECT '2026-12-08'"), (d, d));
        assert_eq!(row("SELECT '2026-12-08 09:30'"), (None, d));
        assert_eq!(row("SELECT NULL"), (None, None));
        assert_eq!(row("SELECT '2026-02-30'"), (None, None));
        assert_eq!(row("SELECT '令和8年'"), (None, None));
    }
}

//! Dates as other systems export them: `YYYY/M/D`, `YYYYMMDD`, ISO, or an era form
//! (R7.11.25); months as `YYYYMM` or `YYYY/M`. Empty cells are no date, not an error.

use crate::domain::dates::parse_optional_date;
use chrono::NaiveDate;

/// A day, or None for an empty cell; Err says what was found and what is accepted.
pub fn day(cell: &str) -> Result<Option<NaiveDate>, String> {
    parse_optional_date(cell).map_err(|e| {
        format!(
            "日付として読めません（「{}」: {e}）。2026/4/1、20260401、R8.4.1 のどれかの形にしてください",
            cell.trim()
        )
    })
}

/// A day read with an explicit format (`%Y/%m/%d`, `%d.%m.%Y` …), as a mapping file names it.
pub fn day_as(cell: &str, format: &str) -> Result<Option<NaiveDate>, String> {
    let s = super::fold::nfkc(cell);
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(&s, format)
        .map(Some)
        .map_err(|_| format!("日付「{s}」が指定の形 {format} と合いません。対応表の形か、ファイルの日付を直してください"))
}

/// The first day of a month written `YYYYMM`, `YYYY/M` or `YYYY-MM`.
pub fn month(cell: &str) -> Result<Option<NaiveDate>, String> {
    let s = super::fold::nfkc(cell);
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || format!("年月として読めません（「{s}」）。202604 か 2026/4 の形にしてください");
    let (y, m) = if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
        (&s[..4], &s[4..])
    } else {
        s.split_once(['/', '-']).ok_or_else(bad)?
    };
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    NaiveDate::from_ymd_opt(y, m, 1).map(Some).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, dd)
    }

    #[test]
    fn the_forms_exports_use_are_read() {
        assert_eq!(day("2026/4/1"), Ok(d(2026, 4, 1)));
        assert_eq!(day("20260401"), Ok(d(2026, 4, 1)));
        assert_eq!(day("２０２６/４/１"), Ok(d(2026, 4, 1)));
        assert_eq!(day(""), Ok(None));
        assert!(day("2026/13/1").unwrap_err().contains("2026/13/1"));
        assert_eq!(day_as("01.04.2026", "%d.%m.%Y"), Ok(d(2026, 4, 1)));
        assert!(day_as("2026-04-01", "%d.%m.%Y").is_err());
    }

    #[test]
    fn months_are_their_first_day() {
        assert_eq!(month("202604"), Ok(d(2026, 4, 1)));
        assert_eq!(month("2026/4"), Ok(d(2026, 4, 1)));
        assert!(month("2026/13").is_err());
    }
}

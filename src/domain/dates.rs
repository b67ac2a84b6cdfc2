//! Calendar dates as Japanese offices write them: Western (2025-11-25, 20251125, 2025/11/25)
//! and era forms (R7.11.25, 令和7年11月25日, 令和元年5月1日, S15.3.2).

use super::validation::{Invalid, fold_ascii};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How dates are shown (a setting): Western `2025-11-25` or era `R7.11.25`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateStyle {
    #[default]
    Western,
    Era,
}

struct Era {
    letter: char,
    kanji: &'static str,
    start: (i32, u32, u32),
}

/// Newest first, so the first era whose start is on or before a date is that date's era.
const ERAS: [Era; 5] = [
    Era {
        letter: 'R',
        kanji: "令和",
        start: (2019, 5, 1),
    },
    Era {
        letter: 'H',
        kanji: "平成",
        start: (1989, 1, 8),
    },
    Era {
        letter: 'S',
        kanji: "昭和",
        start: (1926, 12, 25),
    },
    Era {
        letter: 'T',
        kanji: "大正",
        start: (1912, 7, 30),
    },
    Era {
        letter: 'M',
        kanji: "明治",
        start: (1868, 1, 25),
    },
];

fn era_start(e: &Era) -> NaiveDate {
    // The table above holds only real calendar dates.
    NaiveDate::from_ymd_opt(e.start.0, e.start.1, e.start.2).unwrap_or(NaiveDate::MIN)
}

fn bad_form() -> Invalid {
    Invalid::new(
        "日付の形式が違います。例: 2025-11-25、20251125、2025/11/25、R7.11.25、令和7年11月25日",
        "unrecognised date; use e.g. 2025-11-25, 20251125, 2025/11/25, R7.11.25 or 令和7年11月25日",
    )
}

fn no_such_day(y: i32, m: u32, d: u32) -> Invalid {
    Invalid::new(
        format!("{y}年{m}月{d}日という日付はありません"),
        format!("{y}-{m:02}-{d:02} is not a calendar date"),
    )
}

fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate, Invalid> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| no_such_day(y, m, d))
}

fn numbers(s: &str) -> Option<Vec<u32>> {
    let parts: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    parts.iter().map(|p| p.parse().ok()).collect()
}

/// Parses a date typed in any accepted form.
pub fn parse_date(input: &str) -> Result<NaiveDate, Invalid> {
    let s = fold_ascii(input).replace('元', "1");
    if s.is_empty() {
        return Err(Invalid::required());
    }
    let upper = s.to_ascii_uppercase();
    for era in &ERAS {
        let rest = upper
            .strip_prefix(era.letter)
            .or_else(|| upper.strip_prefix(era.kanji));
        if let Some(rest) = rest {
            let Some([ey, m, d]) = numbers(rest)
                .as_deref()
                .and_then(|v| <[u32; 3]>::try_from(v).ok())
            else {
                return Err(bad_form());
            };
            if ey == 0 || ey > 200 {
                return Err(bad_form());
            }
            let y = era.start.0 + ey as i32 - 1;
            let date = ymd(y, m, d)?;
            let next_start = ERAS
                .iter()
                .take_while(|e| e.letter != era.letter)
                .last()
                .map(era_start);
            if date < era_start(era) || next_start.is_some_and(|n| date >= n) {
                return Err(Invalid::new(
                    format!(
                        "{}{}年{}月{}日は{}の期間外です",
                        era.kanji, ey, m, d, era.kanji
                    ),
                    format!(
                        "{} {ey}/{m}/{d} is outside the {} era",
                        era.kanji, era.kanji
                    ),
                ));
            }
            return Ok(date);
        }
    }
    if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        let n: u32 = s.parse().map_err(|_| bad_form())?;
        return ymd((n / 10000) as i32, n / 100 % 100, n % 100);
    }
    let valid_seps = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月' | '日'));
    match numbers(&s).as_deref() {
        Some([y, m, d]) if valid_seps && *y >= 1000 && *y <= 9999 => ymd(*y as i32, *m, *d),
        _ => Err(bad_form()),
    }
}

/// Parses an optional date: empty means none.
pub fn parse_optional_date(input: &str) -> Result<Option<NaiveDate>, Invalid> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(input).map(Some)
    }
}

/// Shows a date in the chosen style.
pub fn format_date(date: NaiveDate, style: DateStyle) -> String {
    match style {
        DateStyle::Western => date.format("%Y-%m-%d").to_string(),
        DateStyle::Era => match ERAS.iter().find(|e| era_start(e) <= date) {
            Some(e) => format!(
                "{}{}.{}.{}",
                e.letter,
                date.year() - e.start.0 + 1,
                date.month(),
                date.day()
            ),
            None => date.format("%Y-%m-%d").to_string(),
        },
    }
}

/// ISO text for storage (calendar date, no time zone).
pub fn iso(date: NaiveDate) -> String {
    // Plain integer formatting: chrono's strftime parses its pattern on every call.
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Reads a stored ISO date (`YYYY-MM-DD`). Stored dates are read by the hundred thousand at
/// start-up, so the fixed layout is read directly rather than through a format parser.
pub fn from_iso(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

/// Parses a month `YYYY-MM` (also `YYYYMM`, `YYYY/MM`); returns its first day.
pub fn parse_month(input: &str) -> Result<NaiveDate, Invalid> {
    let s = fold_ascii(input);
    let bad = || {
        Invalid::new(
            "月は 2026-11 のように 年-月 で入力してください",
            "month must be given as YYYY-MM, e.g. 2026-11",
        )
    };
    let (y, m) = if s.len() == 6 && s.chars().all(|c| c.is_ascii_digit()) {
        (
            s[..4].parse().map_err(|_| bad())?,
            s[4..].parse().map_err(|_| bad())?,
        )
    } else {
        match numbers(&s).as_deref() {
            Some([y, m]) if *y >= 1000 => (*y as i32, *m),
            _ => return Err(bad()),
        }
    };
    NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn western_forms() {
        for s in [
            "2025-11-25",
            "20251125",
            "2025/11/25",
            "2025.11.25",
            "２０２５／１１／２５",
            "2025年11月25日",
        ] {
            assert_eq!(parse_date(s).unwrap(), d(2025, 11, 25), "{s}");
        }
    }

    #[test]
    fn era_forms() {
        assert_eq!(parse_date("R7.11.25").unwrap(), d(2025, 11, 25));
        assert_eq!(parse_date("r7/11/25").unwrap(), d(2025, 11, 25));
        assert_eq!(parse_date("令和7年11月25日").unwrap(), d(2025, 11, 25));
        assert_eq!(parse_date("令和元年5月1日").unwrap(), d(2019, 5, 1));
        assert_eq!(parse_date("S15.3.2").unwrap(), d(1940, 3, 2));
        assert_eq!(parse_date("昭和64年1月7日").unwrap(), d(1989, 1, 7));
        assert_eq!(parse_date("H1.1.8").unwrap(), d(1989, 1, 8));
        assert_eq!(parse_date("大正15年3月1日").unwrap(), d(1926, 3, 1));
    }

    #[test]
    fn out_of_era_and_impossible_dates_are_refused() {
        assert!(parse_date("昭和64年1月8日").is_err());
        assert!(parse_date("H31.5.1").is_err());
        assert!(parse_date("R1.4.30").is_err());
        assert!(
            parse_date("2025-02-29")
                .unwrap_err()
                .message(crate::domain::Lang::Ja)
                .contains("ありません")
        );
        assert!(parse_date("25-11-25").is_err());
        assert!(parse_date("2025-11").is_err());
    }

    #[test]
    fn era_display() {
        assert_eq!(format_date(d(2025, 11, 25), DateStyle::Era), "R7.11.25");
        assert_eq!(format_date(d(2019, 4, 30), DateStyle::Era), "H31.4.30");
        assert_eq!(format_date(d(1940, 3, 2), DateStyle::Era), "S15.3.2");
        assert_eq!(format_date(d(1940, 3, 2), DateStyle::Western), "1940-03-02");
    }

    #[test]
    fn months() {
        assert_eq!(parse_month("2026-11").unwrap(), d(2026, 11, 1));
        assert_eq!(parse_month("202611").unwrap(), d(2026, 11, 1));
        assert!(parse_month("2026-13").is_err());
    }

    proptest! {
        #[test]
        fn every_display_parses_back(days in 0i64..80_000) {
            let date = d(1900, 1, 1) + chrono::Duration::days(days);
            for style in [DateStyle::Western, DateStyle::Era] {
                prop_assert_eq!(parse_date(&format_date(date, style)).unwrap(), date);
            }
            prop_assert_eq!(parse_date(&date.format("%Y%m%d").to_string()).unwrap(), date);
        }

        #[test]
        fn parser_never_panics(s in "\\PC{0,20}") {
            let _ = parse_date(&s);
            let _ = parse_month(&s);
        }
    }
}

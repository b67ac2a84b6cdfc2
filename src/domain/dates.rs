//! Calendar dates as Japanese offices write them: Western (2025-11-25, 20251125, 2025/11/25)
//! and era forms (R7.11.25, 令和7年11月25日, 令和元年5月1日, S15.3.2).

use super::validation::{Invalid, fold_ascii};
use chrono::{Datelike, Months, NaiveDate};
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

/// Splits date text (digits and the separators . / - 年 月 日, spaces between) from whatever
/// follows it: `令和8年12月1日です` → (`8年12月1日`, `です`).
fn split_extra(s: &str) -> (&str, &str) {
    let end = s
        .char_indices()
        .find(|(_, c)| {
            !(c.is_ascii_digit()
                || c.is_whitespace()
                || matches!(c, '-' | '/' | '.' | '年' | '月' | '日'))
        })
        .map_or(s.len(), |(i, _)| i);
    s.split_at(end)
}

fn extra_text(extra: &str, example: &str) -> Invalid {
    Invalid::new(
        format!("日付のあとに余計な文字「{extra}」があります。消してください（例: {example}）"),
        format!("unexpected \"{extra}\" after the date; remove it (e.g. {example})"),
    )
}

/// The era a text begins with (`R`, `r`, `令和` …) and the rest of the text.
fn era_prefix(s: &str) -> Option<(&'static Era, &str)> {
    ERAS.iter().find_map(|era| {
        let mut chars = s.chars();
        if chars
            .next()
            .is_some_and(|c| c.to_ascii_uppercase() == era.letter)
        {
            return Some((era, chars.as_str()));
        }
        s.strip_prefix(era.kanji).map(|rest| (era, rest))
    })
}

/// The first day of the era after `era`, if there is one.
fn next_era_start(era: &Era) -> Option<NaiveDate> {
    ERAS.iter()
        .take_while(|e| e.letter != era.letter)
        .last()
        .map(era_start)
}

/// The Western year of an era year (`令和7` → 2025); 0 and absurd years are refused.
fn era_year(era: &Era, ey: u32) -> Option<i32> {
    (1..=200).contains(&ey).then(|| era.start.0 + ey as i32 - 1)
}

fn outside_era(era: &Era, what: &str, what_en: &str) -> Invalid {
    Invalid::new(
        format!("{}{what}は{}の期間外です", era.kanji, era.kanji),
        format!("{} {what_en} is outside the {} era", era.kanji, era.kanji),
    )
}

/// How a date typed without a year (`12/5`, `12月5日`) is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolve {
    /// Refused: the year must be typed.
    Refuse,
    /// The next such day on or after today (a follow-up is always ahead).
    NextFuture,
}

fn year_missing() -> Invalid {
    Invalid::new(
        "日付に年がありません。年も入れてください（例: 2025-12-05、R7.12.5）",
        "the date has no year; include it (e.g. 2025-12-05 or R7.12.5)",
    )
}

/// The first `month`/`day` on or after `today` (29 February: the next leap year).
fn next_on_or_after(today: NaiveDate, month: u32, day: u32) -> Result<NaiveDate, Invalid> {
    // Every month/day that is a date in some year is one within eight years.
    (today.year()..today.year() + 9)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .find(|d| *d >= today)
        .ok_or_else(|| {
            Invalid::new(
                format!("{month}月{day}日という日付はありません"),
                format!("{month}/{day} is not a calendar date"),
            )
        })
}

/// Parses a date typed in any accepted form.
pub fn parse_date(input: &str) -> Result<NaiveDate, Invalid> {
    parse_date_relative(input, NaiveDate::MIN, Resolve::Refuse)
}

/// Parses a date typed in any accepted form; a date without a year (`12/5`, `12-5`, `12.5`,
/// `12月5日`) is read as `resolve` says, from `today`.
pub fn parse_date_relative(
    input: &str,
    today: NaiveDate,
    resolve: Resolve,
) -> Result<NaiveDate, Invalid> {
    let s = fold_ascii(input).replace('元', "1");
    if s.is_empty() {
        return Err(Invalid::required());
    }
    if let Some((era, rest)) = era_prefix(&s) {
        let (date_text, extra) = split_extra(rest);
        let Some([ey, m, d]) = numbers(date_text)
            .as_deref()
            .and_then(|v| <[u32; 3]>::try_from(v).ok())
        else {
            return Err(bad_form());
        };
        if !extra.is_empty() {
            return Err(extra_text(extra.trim(), "R7.11.25、令和7年11月25日"));
        }
        let Some(y) = era_year(era, ey) else {
            return Err(bad_form());
        };
        let date = ymd(y, m, d)?;
        if date < era_start(era) || next_era_start(era).is_some_and(|n| date >= n) {
            return Err(outside_era(
                era,
                &format!("{ey}年{m}月{d}日"),
                &format!("{ey}/{m}/{d}"),
            ));
        }
        return Ok(date);
    }
    if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        let n: u32 = s.parse().map_err(|_| bad_form())?;
        return ymd((n / 10000) as i32, n / 100 % 100, n % 100);
    }
    let (date_text, extra) = split_extra(&s);
    let no_spaces = !date_text.contains(char::is_whitespace);
    match numbers(date_text).as_deref() {
        Some([y, m, d]) if no_spaces && *y >= 1000 && *y <= 9999 => {
            if extra.is_empty() {
                ymd(*y as i32, *m, *d)
            } else {
                Err(extra_text(extra.trim(), "2025-11-25、2025年11月25日"))
            }
        }
        Some([m, d]) if no_spaces && extra.is_empty() && (1..=12).contains(m) => match resolve {
            Resolve::Refuse => Err(year_missing()),
            Resolve::NextFuture => next_on_or_after(today, *m, *d),
        },
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

/// A date written out in the era form an office prints: 令和8年11月10日 (元年 for the first
/// year); the Western form before 明治.
pub fn format_era_long(date: NaiveDate) -> String {
    match ERAS.iter().find(|e| era_start(e) <= date) {
        Some(e) => {
            let y = date.year() - e.start.0 + 1;
            let year = if y == 1 {
                "元".to_string()
            } else {
                y.to_string()
            };
            format!("{}{year}年{}月{}日", e.kanji, date.month(), date.day())
        }
        None => iso(date),
    }
}

/// The first day of `date`'s month.
pub fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The last day of `date`'s month (28th–31st).
pub fn month_end(date: NaiveDate) -> NaiveDate {
    let next = month_start(date) + Months::new(1);
    next.pred_opt().unwrap_or(date)
}

/// ISO text for storage (calendar date, no time zone).
pub fn iso(date: NaiveDate) -> String {
    // Plain integer formatting: chrono's strftime parses its pattern on every call.
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Reads a stored ISO date (`YYYY-MM-DD`). Stored dates are read by the hundred thousand at
/// start-up, so the fixed layout is read directly rather than through a format parser.
pub fn from_iso(s: &str) -> Option<NaiveDate> {
    from_iso_bytes(s.as_bytes())
}

/// `from_iso` of the stored bytes as they are (a date is ASCII: anything else is no date).
pub fn from_iso_bytes(b: &[u8]) -> Option<NaiveDate> {
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

/// The local day (the process's time zone, as every screen shows it) of the ledger's stored
/// UTC instants (`YYYY-MM-DDTHH:MM:SSZ`). Each minute met is converted once: time zones' offsets
/// are whole minutes and change on whole minutes, so every instant of a minute falls on the
/// same local day, and a ledger of tens of thousands of rows holds a few thousand minutes.
#[derive(Debug, Default)]
pub struct LocalDays(std::collections::HashMap<[u8; 16], Option<NaiveDate>>);

impl LocalDays {
    pub fn of(&mut self, utc: &str) -> Option<NaiveDate> {
        let convert = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|t| t.with_timezone(&chrono::Local).date_naive())
        };
        // Only the layout the store writes shares a minute's conversion.
        let key = match utc.as_bytes() {
            b if b.len() == 20 && b[19] == b'Z' => b.first_chunk::<16>().copied(),
            _ => None,
        };
        match key {
            Some(k) => *self.0.entry(k).or_insert_with(|| convert(utc)),
            None => convert(utc),
        }
    }
}

/// Parses a month: `2026-11`, `202611`, `2026/11`, `2026年11月`, or in era form `R8.11`,
/// `R8/11`, `令和8年11月`; returns its first day.
pub fn parse_month(input: &str) -> Result<NaiveDate, Invalid> {
    let s = fold_ascii(input).replace('元', "1");
    let bad = || {
        Invalid::new(
            "月の形式が違います。例: 2026-11、202611、2026年11月、R8.11、令和8年11月",
            "month must be given as e.g. 2026-11, 202611 or R8.11 (the era form)",
        )
    };
    if s.is_empty() {
        return Err(Invalid::required());
    }
    let (era, text) = match era_prefix(&s) {
        Some((era, rest)) => (Some(era), rest),
        None => (None, s.as_str()),
    };
    let (month_text, extra) = split_extra(text);
    if !extra.is_empty() || month_text.contains('日') {
        return Err(bad());
    }
    let (y, m) = match (era, numbers(month_text).as_deref()) {
        (None, _) if s.len() == 6 && s.chars().all(|c| c.is_ascii_digit()) => (
            s[..4].parse().map_err(|_| bad())?,
            s[4..].parse().map_err(|_| bad())?,
        ),
        (None, Some([y, m])) if (1000..=9999).contains(y) => (*y as i32, *m),
        (Some(era), Some([ey, m])) => (era_year(era, *ey).ok_or_else(bad)?, *m),
        _ => return Err(bad()),
    };
    let first = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
    if let Some(era) = era {
        let last = first
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(first);
        if last < era_start(era) || next_era_start(era).is_some_and(|n| first >= n) {
            let ey = y - era.start.0 + 1;
            return Err(outside_era(
                era,
                &format!("{ey}年{m}月"),
                &format!("{ey}/{m}"),
            ));
        }
    }
    Ok(first)
}

/// Age in whole years on `day` (満年齢): a year is completed on the birthday's eve under the
/// 年齢計算ニ関スル法律, but screens show the everyday age, which turns on the birthday itself
/// (29 February turns on 1 March in other years). None before the birth.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> Option<u32> {
    use chrono::Datelike;
    if day < birth {
        return None;
    }
    let mut years = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// A birth date must be in the past and within 120 years of today.
pub fn check_birth_date(birth: NaiveDate, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    if birth > today {
        return Err(Invalid::new(
            format!(
                "生年月日 {} が今日より後です。年・年号を確かめてください",
                iso(birth)
            ),
            format!(
                "birth date {} is after today; check the year and era",
                iso(birth)
            ),
        ));
    }
    if today
        .checked_sub_months(Months::new(120 * 12))
        .is_some_and(|limit| birth < limit)
    {
        return Err(Invalid::new(
            format!(
                "生年月日 {} は120年以上前です。年・年号を確かめてください（例: 昭和15年は S15）",
                iso(birth)
            ),
            format!(
                "birth date {} is more than 120 years ago; check the year and era",
                iso(birth)
            ),
        ));
    }
    Ok(birth)
}

/// An optional birth date: empty means none; otherwise a date that passes `check_birth_date`.
pub fn parse_birth_date(input: &str, today: NaiveDate) -> Result<Option<NaiveDate>, Invalid> {
    parse_optional_date(input)?
        .map(|b| check_birth_date(b, today))
        .transpose()
}

/// Two dates that must not run backwards (start → end, plan date → consent): refused when `later`
/// is before `earlier`, naming the earlier field.
pub fn check_order(
    earlier: NaiveDate,
    later: NaiveDate,
    earlier_name: (&str, &str),
) -> Result<(), Invalid> {
    if later < earlier {
        Err(Invalid::new(
            format!("{}（{}）より前の日付です", earlier_name.0, iso(earlier)),
            format!("is before the {} ({})", earlier_name.1, iso(earlier)),
        ))
    } else {
        Ok(())
    }
}

/// A dated period as its reader says it: 「2024-04-01〜2025-03-31」 / "2024-04-01 to 2025-03-31",
/// and an open one 「2024-04-01〜」 / "from 2024-04-01".
pub fn period(from: NaiveDate, until: Option<NaiveDate>, lang: super::Lang) -> String {
    match (until, lang) {
        (Some(u), super::Lang::Ja) => format!("{}〜{}", iso(from), iso(u)),
        (Some(u), super::Lang::En) => format!("{} to {}", iso(from), iso(u)),
        (None, super::Lang::Ja) => format!("{}〜", iso(from)),
        (None, super::Lang::En) => format!("from {}", iso(from)),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn age_turns_on_the_birthday() {
        let d = |s: &str| from_iso(s).unwrap();
        assert_eq!(age_on(d("1940-12-07"), d("2026-12-06")), Some(85));
        assert_eq!(age_on(d("1940-12-07"), d("2026-12-07")), Some(86));
        assert_eq!(age_on(d("1944-02-29"), d("2026-02-28")), Some(81));
        assert_eq!(age_on(d("1944-02-29"), d("2026-03-01")), Some(82));
        assert_eq!(age_on(d("2026-12-08"), d("2026-12-07")), None);
    }
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
    fn era_long_display() {
        assert_eq!(
            format_era_long(parse_date("2026-11-10").unwrap()),
            "令和8年11月10日"
        );
        assert_eq!(
            format_era_long(parse_date("2019-05-01").unwrap()),
            "令和元年5月1日"
        );
        assert_eq!(
            format_era_long(parse_date("2019-04-30").unwrap()),
            "平成31年4月30日"
        );
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
        for s in [
            "2026-12",
            "202612",
            "2026/12",
            "2026年12月",
            "２０２６－１２",
            "R8.12",
            "r8/12",
            "R8-12",
            "令和8年12月",
            "令和８年１２月",
        ] {
            assert_eq!(parse_month(s), Ok(d(2026, 12, 1)), "{s}");
        }
        assert_eq!(parse_month("令和元年5月"), Ok(d(2019, 5, 1)));
        assert_eq!(parse_month("H31.4"), Ok(d(2019, 4, 1)));
        assert_eq!(
            parse_month("S64.1"),
            Ok(d(1989, 1, 1)),
            "昭和64年 had 7 days"
        );
        assert!(parse_month("2026-13").is_err());
        assert!(parse_month("H31.5").is_err(), "平成 ended in April 2019");
        assert!(parse_month("R1.4").is_err(), "令和 began in May 2019");
        assert!(parse_month("R8.12.1").is_err(), "a date is not a month");
        assert!(parse_month("2026年12月1日").is_err());
        assert!(parse_month("R8.12x").is_err());
        assert!(parse_month("12").is_err());
    }

    #[test]
    fn trailing_text_after_a_date_is_refused_and_named() {
        for (s, extra) in [
            ("S20.5.5q", "q"),
            ("令和8年12月1日です", "です"),
            ("R7.11.25(火)", "(火)"),
            ("2025年11月25日頃", "頃"),
        ] {
            let e = parse_date(s).unwrap_err();
            assert!(
                e.message(crate::domain::Lang::Ja)
                    .contains(&format!("「{extra}」")),
                "{s}: {}",
                e.message(crate::domain::Lang::Ja)
            );
        }
        assert!(parse_date("R7x11.25").is_err());
        assert_eq!(parse_date("令和 7年 11月 25日"), Ok(d(2025, 11, 25)));
    }

    #[test]
    fn dates_without_a_year() {
        let today = d(2026, 11, 25);
        let next = |s| parse_date_relative(s, today, Resolve::NextFuture);
        assert_eq!(next("12/5"), Ok(d(2026, 12, 5)));
        assert_eq!(next("12月5日"), Ok(d(2026, 12, 5)));
        assert_eq!(next("１２／５"), Ok(d(2026, 12, 5)));
        assert_eq!(next("11/25"), Ok(today), "today is not past");
        assert_eq!(next("11/24"), Ok(d(2027, 11, 24)));
        assert_eq!(next("1-10"), Ok(d(2027, 1, 10)));
        assert_eq!(next("2/29"), Ok(d(2028, 2, 29)));
        assert!(next("2/30").is_err());
        assert!(next("13/1").is_err());
        assert_eq!(next("2026-12-05"), Ok(d(2026, 12, 5)), "a year still wins");
        let e = parse_date("12/5").unwrap_err();
        assert!(
            e.message(crate::domain::Lang::Ja)
                .contains("年がありません")
        );
    }

    #[test]
    fn birth_dates_in_the_future_or_over_120_years_ago_are_refused() {
        let today = d(2026, 11, 25);
        assert_eq!(parse_birth_date("S15.3.2", today), Ok(Some(d(1940, 3, 2))));
        assert_eq!(parse_birth_date("", today), Ok(None));
        assert_eq!(parse_birth_date("2026-11-25", today), Ok(Some(today)));
        let future = parse_birth_date("R8.11.26", today).unwrap_err();
        assert!(
            future
                .message(crate::domain::Lang::Ja)
                .contains("今日より後")
        );
        assert!(parse_birth_date("1906-11-25", today).is_ok());
        let old = parse_birth_date("M39.11.24", today).unwrap_err();
        assert!(old.message(crate::domain::Lang::Ja).contains("120年以上前"));
    }

    #[test]
    fn dates_in_order() {
        let name = ("開始日", "start");
        assert!(check_order(d(2026, 1, 1), d(2026, 1, 1), name).is_ok());
        let e = check_order(d(2026, 1, 2), d(2026, 1, 1), name).unwrap_err();
        assert!(
            e.message(crate::domain::Lang::Ja)
                .contains("開始日（2026-01-02）より前")
        );
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
            let _ = parse_date_relative(&s, d(2026, 11, 25), Resolve::NextFuture);
        }
    }

    #[test]
    fn a_period_reads_in_the_readers_language() {
        use crate::domain::Lang;
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(period(d("2024-04-01"), None, Lang::Ja), "2024-04-01〜");
        assert_eq!(period(d("2024-04-01"), None, Lang::En), "from 2024-04-01");
        assert_eq!(
            period(d("2024-04-01"), Some(d("2025-03-31")), Lang::En),
            "2024-04-01 to 2025-03-31"
        );
    }
}

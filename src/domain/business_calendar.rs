//! The office's business days: its dated business week, its dated exceptions (closed or open
//! days), and the national holidays (assets/holidays.tsv). A day is a business day, not one, or
//! unknown — outside every business week on record, or a holiday question outside the years the
//! holiday asset covers. The 入院時情報連携加算 windows depend on it, and an unknown day makes
//! their judgement `cannot_judge`, never a guess.

use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;
use std::sync::OnceLock;

const HOLIDAYS: &str = include_str!("../../assets/holidays.tsv");

/// The national holidays and the days the asset covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holidays {
    days: BTreeSet<NaiveDate>,
    first: NaiveDate,
    last: NaiveDate,
}

impl Holidays {
    /// Reads the asset's rows (`date name source`); every year from the first to the last must
    /// have rows, and the covered range is 1 January of the first to 31 December of the last.
    pub fn parse(text: &str) -> Result<Holidays, String> {
        let mut days = BTreeSet::new();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("date\t") {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(date), Some(name), Some(source)) = (cols.next(), cols.next(), cols.next())
            else {
                return Err(format!(
                    "祝日の表 {} 行目: 列が足りません（date name source）",
                    i + 1
                ));
            };
            let day = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                .map_err(|_| format!("祝日の表 {} 行目: 「{date}」は日付ではありません", i + 1))?;
            if name.trim().is_empty() || source.trim().is_empty() {
                return Err(format!("祝日の表 {} 行目: 名前か出典が空です", i + 1));
            }
            days.insert(day);
        }
        let (Some(first), Some(last)) = (days.first().copied(), days.last().copied()) else {
            return Err("祝日の表に行がありません".into());
        };
        if let Some(y) = (first.year()..=last.year()).find(|y| !days.iter().any(|d| d.year() == *y))
        {
            return Err(format!(
                "祝日の表に {y} 年の行がありません（間の年も全部書きます）"
            ));
        }
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(first.year(), 1, 1),
            NaiveDate::from_ymd_opt(last.year(), 12, 31),
        ) else {
            return Err("祝日の表の年が範囲外です".into());
        };
        Ok(Holidays { days, first, last })
    }

    /// The holidays shipped with careplan.
    pub fn builtin() -> &'static Holidays {
        static H: OnceLock<Holidays> = OnceLock::new();
        H.get_or_init(|| {
            // The asset is compiled in and `tests::the_asset_parses` reads it: a build whose
            // asset does not parse fails its tests.
            Holidays::parse(HOLIDAYS).unwrap_or_else(|e| panic!("assets/holidays.tsv: {e}"))
        })
    }

    /// Some(true) on a national holiday, None outside the covered years.
    pub fn is_holiday(&self, day: NaiveDate) -> Option<bool> {
        (self.first <= day && day <= self.last).then(|| self.days.contains(&day))
    }

    /// The first and last day the asset covers.
    pub fn covers(&self) -> (NaiveDate, NaiveDate) {
        (self.first, self.last)
    }
}

/// One dated business week (`business_hours`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    /// ISO weekday numbers (1 = Monday … 7 = Sunday) the office is open.
    pub weekdays: Vec<u32>,
    /// Closed on the national holidays.
    pub holidays_closed: bool,
}

/// One dated exception (`business_days`, not withdrawn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exception {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub open: bool,
}

/// The office's business calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCalendar {
    pub weeks: Vec<Week>,
    pub exceptions: Vec<Exception>,
    pub holidays: Holidays,
}

impl BusinessCalendar {
    /// Some(true) on a business day, Some(false) on a closed one, None when the records do not
    /// say: no business week covers the day, or it depends on a holiday outside the asset.
    pub fn is_business_day(&self, day: NaiveDate) -> Option<bool> {
        // The newest exception that covers the day decides (a later row corrects an earlier).
        if let Some(x) = self
            .exceptions
            .iter()
            .rev()
            .find(|x| x.from <= day && day <= x.until)
        {
            return Some(x.open);
        }
        let week = self
            .weeks
            .iter()
            .filter(|w| w.from <= day && w.until.is_none_or(|u| day <= u))
            .max_by_key(|w| w.from)?;
        if !week.weekdays.contains(&day.weekday().number_from_monday()) {
            return Some(false);
        }
        if week.holidays_closed && self.holidays.is_holiday(day)? {
            return Some(false);
        }
        Some(true)
    }
}

/// "1,2,3,4,5" → [1, 2, 3, 4, 5]; None when a part is not 1–7.
pub fn parse_weekdays(s: &str) -> Option<Vec<u32>> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.trim().parse::<u32>().ok().filter(|d| (1..=7).contains(d)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn weekdays() -> BusinessCalendar {
        BusinessCalendar {
            weeks: vec![Week {
                from: d("2024-04-01"),
                until: None,
                weekdays: parse_weekdays("1,2,3,4,5").unwrap(),
                holidays_closed: true,
            }],
            exceptions: vec![],
            holidays: Holidays::builtin().clone(),
        }
    }

    #[test]
    fn the_asset_parses_and_covers_2024_to_2027() {
        let h = Holidays::parse(HOLIDAYS).unwrap();
        assert_eq!(h.covers(), (d("2024-01-01"), d("2027-12-31")));
        assert_eq!(h.is_holiday(d("2026-09-22")), Some(true), "国民の休日");
        assert_eq!(h.is_holiday(d("2026-05-06")), Some(true), "振替休日");
        assert_eq!(
            h.is_holiday(d("2027-03-22")),
            Some(true),
            "振替休日（春分）"
        );
        assert_eq!(h.is_holiday(d("2026-12-07")), Some(false));
        assert_eq!(h.is_holiday(d("2028-01-01")), None);
        assert_eq!(h.is_holiday(d("2023-12-31")), None);
    }

    #[test]
    fn a_gap_year_in_the_asset_is_refused() {
        let e = Holidays::parse("2024-01-01\t元日\tx\n2026-01-01\t元日\tx\n").unwrap_err();
        assert!(e.contains("2025"), "{e}");
    }

    #[test]
    fn weekends_and_holidays_are_closed_exceptions_decide_and_the_unknown_stays_unknown() {
        let mut c = weekdays();
        assert_eq!(c.is_business_day(d("2026-12-07")), Some(true), "Monday");
        assert_eq!(c.is_business_day(d("2026-12-05")), Some(false), "Saturday");
        assert_eq!(
            c.is_business_day(d("2026-11-23")),
            Some(false),
            "勤労感謝の日"
        );
        // A weekday outside the holiday asset: unknown, a Saturday there is still closed.
        assert_eq!(c.is_business_day(d("2028-01-04")), None);
        assert_eq!(c.is_business_day(d("2028-01-08")), Some(false));
        // Before any business week on record: unknown.
        assert_eq!(c.is_business_day(d("2024-03-29")), None);
        c.exceptions.push(Exception {
            from: d("2026-12-29"),
            until: d("2027-01-03"),
            open: false,
        });
        c.exceptions.push(Exception {
            from: d("2028-01-04"),
            until: d("2028-01-04"),
            open: true,
        });
        assert_eq!(c.is_business_day(d("2026-12-29")), Some(false), "年末年始");
        assert_eq!(
            c.is_business_day(d("2028-01-04")),
            Some(true),
            "declared open"
        );
        c.weeks[0].holidays_closed = false;
        assert_eq!(c.is_business_day(d("2026-11-23")), Some(true));
    }

    #[test]
    fn weekdays_parse_from_iso_numbers() {
        assert_eq!(parse_weekdays("1,2,3,4,5,6"), Some(vec![1, 2, 3, 4, 5, 6]));
        assert_eq!(parse_weekdays("1,8"), None);
    }
}

//! The `[concentration]` section of a fee rules table as the tables hold it: its days of the
//! year, its half-years and its numbers (`domain::concentration` judges with them).

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A day of the year as the rules table writes it ("09-15"), one that every year has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    /// "MM-DD"; the message (after the field name) says what is wrong.
    pub fn parse(s: &str) -> Result<MonthDay, String> {
        let bad = || format!("「{s}」は MM-DD（例 \"09-15\"）の、毎年ある日で書いてください");
        let (m, d) = s.trim().split_once('-').ok_or_else(bad)?;
        let num = |x: &str| -> Result<u32, String> {
            if x.is_empty() || x.len() > 2 || !x.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            x.parse().map_err(|_| bad())
        };
        let (month, day) = (num(m)?, num(d)?);
        // A common year: 02-29 is not a day of every year.
        NaiveDate::from_ymd_opt(2025, month, day).ok_or_else(bad)?;
        Ok(MonthDay { month, day })
    }

    /// The first date on or after `from` that falls on this day.
    pub fn on_or_after(self, from: NaiveDate) -> NaiveDate {
        // Every year has this day (checked by `parse`), so one of the two years does.
        [from.year(), from.year() + 1]
            .into_iter()
            .filter_map(|y| NaiveDate::from_ymd_opt(y, self.month, self.day))
            .find(|d| *d >= from)
            .unwrap_or(from)
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

/// One half-year of the rules: when its judgement period starts (it runs to the day before the
/// next half-year starts), when the worksheet is due, and when a cut applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HalfYear {
    pub from: MonthDay,
    pub report_by: MonthDay,
    pub applies_from: MonthDay,
    pub applies_until: MonthDay,
}

/// The `[concentration]` section of a fee rules table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcentrationRules {
    pub source: String,
    /// A service whose top corporation's share is strictly above this percentage is cut.
    pub threshold_percent: u32,
    /// Units cut per client per month during the application period.
    pub cut_units: u32,
    /// The service types judged (11, 15, 78, 17 since 2018).
    pub services: Vec<String>,
    pub first_half: HalfYear,
    pub second_half: HalfYear,
}

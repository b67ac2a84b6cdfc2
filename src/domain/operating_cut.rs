//! 運営基準減算 (compliance guide §1): a client's base fee is cut to 50% in the first month a
//! process step is missing, and entirely from the second month the same failure runs, from the
//! month it occurs until the month before it is put right. The shares and rounding are data
//! (`[operating_standard_cut]` of the fee rules tables).
//!
//! careplan never decides a 減算 for billing: this says what the records could not prove and
//! what it would cost if the cut applied.

use super::Lang;
use super::rules::OperatingStandardCut;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// A process step the 運営基準 requires that the records do not show: the monthly monitoring,
/// or one of the plan's steps (`plan_steps::Failure`, the one list of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Failure {
    /// No monitoring (home visit, or allowed video) in the month.
    Monitoring,
    /// A step of a plan revision (assessment, meeting, consent, hand-overs).
    Step(Step),
}

pub use super::plan_steps::Failure as Step;

impl Failure {
    pub fn code(self) -> &'static str {
        match self {
            Failure::Monitoring => "monitoring",
            Failure::Step(s) => s.code(),
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Failure::Monitoring => lang.pick("モニタリング", "monitoring"),
            Failure::Step(s) => s.label(lang),
        }
    }
}

/// Written as its code ("monitoring", "meeting" …), as the JSON of the CLI shows it.
impl Serialize for Failure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// How much of the base fee is at risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reduction {
    None,
    /// Part of it (50% in the first month).
    Half,
    /// All of it (from the second month running).
    Full,
}

impl Reduction {
    pub fn code(self) -> &'static str {
        match self {
            Reduction::None => "none",
            Reduction::Half => "half",
            Reduction::Full => "full",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Reduction::None => lang.pick("なし", "none"),
            Reduction::Half => lang.pick("50%", "half"),
            Reduction::Full => lang.pick("全額", "full"),
        }
    }
    fn of_share(percent: u32) -> Reduction {
        match percent {
            0 => Reduction::None,
            p if p >= 100 => Reduction::Full,
            _ => Reduction::Half,
        }
    }
}

/// What the records put at risk for one client in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cut {
    pub reduction: Reduction,
    /// The share of the base units cut (percent).
    pub share_percent: u32,
    /// The failures running in the month, in order.
    pub failures: Vec<Failure>,
    /// The first month of the longest-running failure.
    pub since: Option<NaiveDate>,
    /// How many months that failure has run, this one included.
    pub months_running: u32,
    pub units_at_risk: u64,
}

/// One reason a month would be cut, as a person acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// No home visit (or the contact the 介護予防支援 cycle asks for) this month.
    NoVisit,
    /// No visit for this many months running.
    NoVisitMonths(u32),
    /// A video monitoring without the consent on record (or consent dated later).
    VideoWithoutConsent,
    /// A video monitoring without the home visit the cycle needs before it.
    VideoWithoutVisit,
    /// A plan step the records do not prove.
    Step(Step),
}

/// A cause with the first month it runs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CauseAt {
    pub cause: Cause,
    pub since: Option<NaiveDate>,
}

impl Cause {
    pub fn code(self) -> &'static str {
        match self {
            Cause::NoVisit => "no_visit",
            Cause::NoVisitMonths(_) => "no_visit_months",
            Cause::VideoWithoutConsent => "video_without_consent",
            Cause::VideoWithoutVisit => "video_without_visit",
            Cause::Step(s) => s.code(),
        }
    }

    /// Why, in a few words.
    pub fn reason(self, lang: Lang) -> String {
        match self {
            Cause::NoVisit => lang
                .pick("今月の訪問の記録がない", "no visit on record this month")
                .into(),
            Cause::NoVisitMonths(n) => match lang {
                Lang::Ja => format!("訪問の記録が{n}か月ない"),
                Lang::En => format!("no visit on record for {n} months"),
            },
            Cause::VideoWithoutConsent => lang
                .pick(
                    "テレビ電話の同意の記録がない",
                    "video monitoring without consent on record",
                )
                .into(),
            Cause::VideoWithoutVisit => lang
                .pick(
                    "テレビ電話の前の月に訪問の記録がない",
                    "video monitoring without the home visit before it",
                )
                .into(),
            Cause::Step(s) => match lang {
                Lang::Ja => format!("計画の手順「{}」の記録がない", s.label(lang)),
                Lang::En => format!("plan step not on record: {}", s.label(lang)),
            },
        }
    }

    /// What clears it, and where.
    pub fn action(self, lang: Lang) -> &'static str {
        match self {
            Cause::NoVisit => lang.pick(
                "月末までに訪問し支援経過に記録（n）",
                "visit before month end and record it (n)",
            ),
            Cause::NoVisitMonths(_) => lang.pick(
                "至急訪問し記録（n）。できない事情は理由欄に",
                "visit now and record it (n); a reason if it cannot be",
            ),
            Cause::VideoWithoutConsent => lang.pick(
                "同意を記録（careplan clients video-consent）するか、訪問し記録（n）",
                "record the consent (careplan clients video-consent) or visit and record it (n)",
            ),
            Cause::VideoWithoutVisit => {
                lang.pick("訪問し支援経過に記録（n）", "visit and record it (n)")
            }
            Cause::Step(_) => lang.pick(
                "行った手順を記録（利用者で s）",
                "record the step done (s on the client)",
            ),
        }
    }
}

/// The causes of a month's cut: the monitoring's (named by what it lacks) and each plan step.
pub fn causes(m: &super::monitoring::MonthStatus, cut: &Cut) -> Vec<CauseAt> {
    use super::monitoring::{Lack, Status};
    let mut out = Vec::new();
    if m.fails {
        let since = m.since;
        let video = m.status == Status::Video;
        let consent = m
            .lacks
            .iter()
            .any(|l| matches!(l, Lack::NoConsent | Lack::ConsentAfter { .. }));
        if video && consent {
            out.push(CauseAt {
                cause: Cause::VideoWithoutConsent,
                since,
            });
        }
        if video
            && m.lacks
                .iter()
                .any(|l| matches!(l, Lack::NoHomeVisitInCycle { .. }))
        {
            out.push(CauseAt {
                cause: Cause::VideoWithoutVisit,
                since,
            });
        }
        if !video {
            out.push(CauseAt {
                cause: if m.consecutive_missing >= 2 {
                    Cause::NoVisitMonths(m.consecutive_missing)
                } else {
                    Cause::NoVisit
                },
                since,
            });
        }
    }
    for f in &cut.failures {
        if let Failure::Step(s) = f {
            out.push(CauseAt {
                cause: Cause::Step(*s),
                since: cut.since,
            });
        }
    }
    out
}

/// Months from `since` to `month`, both included (0 when `since` is after it).
pub fn months_running(since: NaiveDate, month: NaiveDate) -> u32 {
    let a = since.year() * 12 + since.month0() as i32;
    let b = month.year() * 12 + month.month0() as i32;
    u32::try_from(b - a + 1).unwrap_or(0)
}

/// The cut for a client in `month` from the failures running (each with the month it started),
/// on `base_units` (the client's units that month as the caseload computes them). Several
/// failures do not add up: the longest-running one decides the share.
pub fn decide(
    month: NaiveDate,
    failures: &[(Failure, NaiveDate)],
    base_units: u64,
    rules: &OperatingStandardCut,
) -> Cut {
    let running: Vec<(Failure, NaiveDate, u32)> = failures
        .iter()
        .map(|(f, since)| (*f, *since, months_running(*since, month)))
        .filter(|(_, _, n)| *n > 0)
        .collect();
    let months = running.iter().map(|r| r.2).max().unwrap_or(0);
    let since = running.iter().map(|r| r.1).min();
    let share = rules.share_percent(months);
    let mut list: Vec<Failure> = running.iter().map(|r| r.0).collect();
    list.sort();
    list.dedup();
    Cut {
        reduction: Reduction::of_share(share),
        share_percent: share,
        failures: list,
        since: since.map(|s| s.with_day(1).unwrap_or(s)),
        months_running: months,
        units_at_risk: rules.units_cut(base_units, months),
    }
}

/// Yen of `units` at a unit price in hundredths of a yen, truncated to whole yen (as the
/// caseload computes the month's fee).
pub fn yen(units: u64, price_hundredths: u32) -> u64 {
    units * u64::from(price_hundredths) / 100
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::RuleBook;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn rules(month: &str) -> OperatingStandardCut {
        RuleBook::builtin()
            .in_force(d(month))
            .rules
            .operating_cut()
            .unwrap()
            .clone()
    }

    #[test]
    fn the_first_month_cuts_half_rounded_half_up_the_second_all() {
        let r = rules("2026-06-01");
        let first = decide(
            d("2026-06-01"),
            &[(Failure::Monitoring, d("2026-06-01"))],
            1411,
            &r,
        );
        assert_eq!(
            (first.reduction, first.share_percent, first.units_at_risk),
            (Reduction::Half, 50, 706)
        );
        let care12 = decide(
            d("2026-06-01"),
            &[(Failure::Monitoring, d("2026-06-01"))],
            1086,
            &r,
        );
        assert_eq!(care12.units_at_risk, 543);
        let second = decide(
            d("2026-07-01"),
            &[(Failure::Monitoring, d("2026-06-01"))],
            1411,
            &r,
        );
        assert_eq!(
            (
                second.reduction,
                second.units_at_risk,
                second.months_running
            ),
            (Reduction::Full, 1411, 2)
        );
        // Across the year end.
        let jan = decide(
            d("2027-01-01"),
            &[(Failure::Monitoring, d("2026-12-01"))],
            704,
            &r,
        );
        assert_eq!(jan.reduction, Reduction::Full);
        assert_eq!(yen(1411, 1140), 16085);
    }

    #[test]
    fn the_longest_running_failure_decides_and_none_is_none() {
        let r = rules("2026-05-01");
        let c = decide(
            d("2026-05-01"),
            &[
                (Failure::Step(Step::Meeting), d("2026-04-01")),
                (Failure::Monitoring, d("2026-05-01")),
                (Failure::Step(Step::Consent), d("2026-06-01")),
            ],
            1086,
            &r,
        );
        assert_eq!(
            c.failures,
            [Failure::Monitoring, Failure::Step(Step::Meeting)]
        );
        assert_eq!((c.reduction, c.units_at_risk), (Reduction::Full, 1086));
        assert_eq!(c.since, Some(d("2026-04-01")));
        let none = decide(d("2026-05-01"), &[], 1086, &r);
        assert_eq!(
            (none.reduction, none.units_at_risk, none.since),
            (Reduction::None, 0, None)
        );
    }

    #[test]
    fn the_shares_come_from_the_table_in_force_on_both_sides_of_its_from() {
        for month in ["2026-05-01", "2026-06-01"] {
            let c = decide(
                d(month),
                &[(Failure::Monitoring, d(month))],
                1411,
                &rules(month),
            );
            assert_eq!(c.units_at_risk, 706, "{month}");
        }
        assert_eq!(months_running(d("2026-12-01"), d("2027-02-01")), 3);
        assert_eq!(months_running(d("2027-03-01"), d("2027-02-01")), 0);
    }
}

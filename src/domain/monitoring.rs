//! Monitoring (モニタリング) per client and month, read from the case record: was the client
//! seen as the 運営基準 requires, and if not, for how many months running.
//!
//! The rules (compliance guide §1; the cycles are data in the fee rules tables'
//! `[operating_standard_cut]`):
//! - 要介護: at least once a month a visit at the client's home with an interview (a monitoring
//!   visit or an assessment visit). Since 2024-04 a video monitoring may replace it when the
//!   client's written consent and the サービス担当者会議's agreement are on record on or before the
//!   day (`video_consent_on`) and a home visit still happens at least once every 2 months — i.e.
//!   there was one in the month before: video in two months running, or video with no home
//!   visit the month before, is not allowed, across month and year ends alike.
//! - 介護予防支援 (要支援) [?: one secondary source]: a home visit at least once every 3 months
//!   and in the month services start (taken as the contract's month), contact by phone etc. in
//!   the other months; with video (consent on record) a home visit at least once every 6
//!   months.
//! - 特段の事情: a month without a valid monitoring but with an entry giving a reason (the
//!   client in hospital all month, a refusal) is excused. So is a month without 給付管理 (no fee
//!   is claimed for it).
//! - A video that is not allowed counts as missing for the cut: the month "fails".
//!
//! The month in progress is judged as of `today`, as if it ended now; entries after `today`
//! are not read.

use super::Lang;
use super::case_record::CountsAs;
use super::dates::{iso, month_end, month_start};
use super::rules::OperatingStandardCut;
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// How many months before the one asked a run of failing months is followed back (a run
/// longer than this is reported as this long: the cut is full from the second month anyway).
pub const LOOKBACK_MONTHS: u32 = 12;

/// How many months of entries before the month asked `evaluate` may read: the run followed
/// back plus the longest home-visit cycle before its start.
pub fn history_months(cut: &OperatingStandardCut) -> u32 {
    history_months_for(LOOKBACK_MONTHS, cut)
}

/// `history_months` for runs followed back at most `runs` months (ホーム needs only whether a
/// month is the second running: 2).
pub fn history_months_for(runs: u32, cut: &OperatingStandardCut) -> u32 {
    runs + cut
        .support_video_home_visit_months
        .max(cut.support_home_visit_months)
        .max(cut.video_home_visit_months)
        .max(cut.monitoring_months)
}

/// One entry of the case record as monitoring reads it (entries that stand only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub date: NaiveDate,
    /// The category code (shared: a month's entries hold only a handful of codes).
    pub category: std::sync::Arc<str>,
    pub counts_as: CountsAs,
    /// 特段の事情 or another reason given with the entry (empty: none).
    pub reason: String,
}

/// What monitoring needs to know of a client.
#[derive(Debug, Clone, Copy)]
pub struct ClientCase<'a> {
    /// 介護予防支援 (要支援) rather than 居宅介護支援.
    pub support: bool,
    /// The contract's first day: no month before it is judged; for 介護予防支援 its month is
    /// the month services start.
    pub contract_date: NaiveDate,
    pub video_consent_on: Option<NaiveDate>,
    /// First days of the months without 給付管理.
    pub no_benefit_months: &'a [NaiveDate],
    /// The client's standing entries, by date.
    pub contacts: &'a [Contact],
    /// The first month the office's records in careplan cover (`first_recorded_month` of its
    /// 記録開始日): a month before it is history kept elsewhere, never missing.
    pub records_from: Option<NaiveDate>,
}

/// The first month judged from the office's records: the month of 記録開始日 when it is that
/// month's first day, else the next (a month only partly recorded here is not judged).
pub fn first_recorded_month(records_since: NaiveDate) -> NaiveDate {
    let first = month_start(records_since);
    if first == records_since {
        first
    } else {
        first.checked_add_months(Months::new(1)).unwrap_or(first)
    }
}

/// A month's monitoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A home visit (or, for 介護予防支援, the contact the cycle asks for).
    Done,
    /// A video monitoring instead of a home visit (allowed or not: see `video_allowed`).
    Video,
    /// No valid monitoring, with a 特段の事情 recorded (or no 給付管理 that month).
    Excused,
    Missing,
    /// Before the office's 記録開始日: kept elsewhere (導入前（記録なし）), never a failure.
    BeforeRecords,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Video => "video",
            Status::Excused => "excused",
            Status::Missing => "missing",
            Status::BeforeRecords => "before_records",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Done => lang.pick("実施", "done"),
            Status::Video => lang.pick("テレビ電話", "video"),
            Status::Excused => lang.pick("特段の事情", "excused"),
            Status::Missing => lang.pick("未実施", "missing"),
            Status::BeforeRecords => {
                lang.pick("導入前（記録なし）", "before records (kept elsewhere)")
            }
        }
    }
}

/// Why a video monitoring does not count, or what a month lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Lack {
    /// No consent to video monitoring on record.
    NoConsent,
    /// Consent is on record only from a later day.
    ConsentAfter { on: NaiveDate },
    /// No home visit in the months before, within the cycle (video needs one at least every
    /// `months` months).
    NoHomeVisitInCycle { months: u32 },
    /// 介護予防支援: the month services start needs a home visit.
    StartMonthVisit,
    /// 介護予防支援: no contact at all this month.
    NoContact,
}

impl Lack {
    pub fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (Lack::NoConsent, Lang::Ja) => {
                "テレビ電話の同意（本人の文書による同意と担当者会議の合意）の記録がない".into()
            }
            (Lack::NoConsent, Lang::En) => "no consent to video monitoring on record".into(),
            (Lack::ConsentAfter { on }, Lang::Ja) => {
                format!("テレビ電話の同意の記録が {} からで、この日より後", iso(on))
            }
            (Lack::ConsentAfter { on }, Lang::En) => {
                format!("consent to video is on record only from {}", iso(on))
            }
            (Lack::NoHomeVisitInCycle { months }, Lang::Ja) => {
                format!("居宅訪問が{months}月に1回以上になっていない（前の月までに訪問がない）")
            }
            (Lack::NoHomeVisitInCycle { months }, Lang::En) => {
                format!("no home visit within {months} months (none in the months before)")
            }
            (Lack::StartMonthVisit, Lang::Ja) => {
                "サービス開始月は居宅訪問が必要（介護予防支援）".into()
            }
            (Lack::StartMonthVisit, Lang::En) => {
                "the month services start needs a home visit (support plan)".into()
            }
            (Lack::NoContact, Lang::Ja) => "この月の連絡（電話等）の記録がない".into(),
            (Lack::NoContact, Lang::En) => "no contact (phone etc.) this month".into(),
        }
    }
}

/// One month of one client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthStatus {
    pub month: NaiveDate,
    pub status: Status,
    /// With `Video`: whether the video may replace the home visit.
    pub video_allowed: Option<bool>,
    /// What is missing (why a video is not allowed, what the month lacks).
    pub lacks: Vec<Lack>,
    /// With `Excused`: the reason recorded.
    pub excuse: Option<String>,
    /// Counts as missing for the 運営基準減算 (`Missing`, or a video not allowed).
    pub fails: bool,
    /// Months failing in a row up to this one, this one included (0 when it does not fail);
    /// followed back at most `LOOKBACK_MONTHS` months and not before the contract.
    pub consecutive_missing: u32,
    /// The first month of that run.
    pub since: Option<NaiveDate>,
}

/// Whether monitoring reads an entry at all: as a contact, or for the reason it gives. A
/// meeting's or an inquiry's reason (why a 照会 replaced a meeting) excuses no month, so an
/// entry of neither kind may be left unread.
pub fn reads(counts_as: CountsAs, reason: &str) -> bool {
    counts_as.is_contact() || (!reason.is_empty() && may_excuse(counts_as))
}

/// Whether an entry's reason may excuse a month without monitoring (特段の事情).
fn may_excuse(counts_as: CountsAs) -> bool {
    !matches!(counts_as, CountsAs::Meeting | CountsAs::Inquiry)
}

fn months_back(month: NaiveDate, n: u32) -> NaiveDate {
    month.checked_sub_months(Months::new(n)).unwrap_or(month)
}

/// The entries from `from` to `to` (inclusive).
fn between(contacts: &[Contact], from: NaiveDate, to: NaiveDate) -> &[Contact] {
    let a = contacts.partition_point(|c| c.date < from);
    let b = contacts.partition_point(|c| c.date <= to);
    &contacts[a..b.max(a)]
}

struct Judge<'a> {
    case: &'a ClientCase<'a>,
    cut: &'a OperatingStandardCut,
    today: NaiveDate,
    start: NaiveDate,
}

impl Judge<'_> {
    /// The entries of `month` as of today.
    fn of_month(&self, month: NaiveDate) -> &[Contact] {
        between(self.case.contacts, month, month_end(month).min(self.today))
    }

    /// A home visit in the `n` months before `month` (not before the contract's month).
    fn home_visit_before(&self, month: NaiveDate, n: u32) -> bool {
        if n <= 1 {
            return false;
        }
        let from = months_back(month, n - 1).max(self.start);
        // The months before the records are kept elsewhere: a visit there is not known to be
        // missing, so the cycle is taken as kept.
        if self.case.records_from.is_some_and(|r| from < r) {
            return true;
        }
        let to = (month - chrono::Days::new(1)).min(self.today);
        from <= to
            && between(self.case.contacts, from, to)
                .iter()
                .any(|c| c.counts_as.is_home_visit())
    }

    fn consent_lack(&self, day: NaiveDate) -> Option<Lack> {
        match self.case.video_consent_on {
            None => Some(Lack::NoConsent),
            Some(on) if on > day => Some(Lack::ConsentAfter { on }),
            Some(_) => None,
        }
    }

    fn excuse(&self, month: NaiveDate, entries: &[Contact]) -> Option<String> {
        entries
            .iter()
            .filter(|c| may_excuse(c.counts_as))
            .find(|c| !c.reason.is_empty())
            .map(|c| c.reason.clone())
            .or_else(|| {
                self.case
                    .no_benefit_months
                    .contains(&month)
                    .then(|| "この月は給付管理なし".to_string())
            })
    }

    /// The month's status without the run (`consecutive_missing` and `since` unset). A month
    /// before the contract is not judged: excused, 契約前.
    fn month(&self, month: NaiveDate) -> MonthStatus {
        if month < self.start {
            return MonthStatus {
                month,
                status: Status::Excused,
                video_allowed: None,
                lacks: Vec::new(),
                excuse: Some("契約前".into()),
                fails: false,
                consecutive_missing: 0,
                since: None,
            };
        }
        if self.case.records_from.is_some_and(|r| month < r) {
            return MonthStatus {
                month,
                status: Status::BeforeRecords,
                video_allowed: None,
                lacks: Vec::new(),
                excuse: None,
                fails: false,
                consecutive_missing: 0,
                since: None,
            };
        }
        let entries = self.of_month(month);
        let home = entries.iter().any(|c| c.counts_as.is_home_visit());
        let video = entries
            .iter()
            .rev()
            .find(|c| c.counts_as == CountsAs::Video);
        let done = |status, allowed| MonthStatus {
            month,
            status,
            video_allowed: allowed,
            lacks: Vec::new(),
            excuse: None,
            fails: false,
            consecutive_missing: 0,
            since: None,
        };
        if home || (!self.case.support && self.home_visit_before(month, self.cut.monitoring_months))
        {
            return done(Status::Done, None);
        }
        let lacks: Vec<Lack> = if self.case.support {
            let c = self.cut;
            let plain = self.home_visit_before(month, c.support_home_visit_months);
            let with_video = self.home_visit_before(month, c.support_video_home_visit_months);
            if month == self.start {
                vec![Lack::StartMonthVisit]
            } else if let Some(v) = video {
                // A video is a contact; it stands for the cycle's home visit only under the
                // longer, video cycle with consent.
                let consent = self.consent_lack(v.date);
                if plain || (with_video && consent.is_none()) {
                    return done(Status::Video, Some(true));
                }
                match consent {
                    None => vec![Lack::NoHomeVisitInCycle {
                        months: c.support_video_home_visit_months,
                    }],
                    Some(l) => vec![
                        Lack::NoHomeVisitInCycle {
                            months: c.support_home_visit_months,
                        },
                        l,
                    ],
                }
            } else if !entries.iter().any(|e| e.counts_as.is_contact()) {
                vec![Lack::NoContact]
            } else if plain
                || (with_video
                    && self
                        .consent_lack(month_end(month).min(self.today))
                        .is_none())
            {
                return done(Status::Done, None);
            } else {
                let video_cycle = self
                    .consent_lack(month_end(month).min(self.today))
                    .is_none();
                vec![Lack::NoHomeVisitInCycle {
                    months: if video_cycle {
                        c.support_video_home_visit_months
                    } else {
                        c.support_home_visit_months
                    },
                }]
            }
        } else if let Some(v) = video {
            let mut l: Vec<Lack> = self.consent_lack(v.date).into_iter().collect();
            if !self.home_visit_before(month, self.cut.video_home_visit_months) {
                l.push(Lack::NoHomeVisitInCycle {
                    months: self.cut.video_home_visit_months,
                });
            }
            if l.is_empty() {
                return done(Status::Video, Some(true));
            }
            l
        } else {
            Vec::new()
        };
        if let Some(reason) = self.excuse(month, entries) {
            return MonthStatus {
                excuse: Some(reason),
                lacks,
                ..done(Status::Excused, video.map(|_| false))
            };
        }
        MonthStatus {
            lacks,
            fails: true,
            ..done(
                if video.is_some() {
                    Status::Video
                } else {
                    Status::Missing
                },
                video.map(|_| false),
            )
        }
    }
}

/// The monitoring of `month` (any day of it) for a client, as of `today`, with the run of
/// failing months up to it.
pub fn evaluate(
    case: &ClientCase<'_>,
    month: NaiveDate,
    today: NaiveDate,
    cut: &OperatingStandardCut,
) -> MonthStatus {
    evaluate_runs(case, month, today, cut, LOOKBACK_MONTHS)
}

/// `evaluate` with the run of failing months followed back at most `runs` months (a longer
/// run is reported as `runs` long); the entries read must cover `history_months_for(runs)`.
pub fn evaluate_runs(
    case: &ClientCase<'_>,
    month: NaiveDate,
    today: NaiveDate,
    cut: &OperatingStandardCut,
    runs: u32,
) -> MonthStatus {
    let month = month_start(month);
    let judge = Judge {
        case,
        cut,
        today,
        start: month_start(case.contract_date),
    };
    let mut this = judge.month(month);
    if this.fails {
        let mut run = 1;
        let mut m = months_back(month, 1);
        while run < runs && m >= judge.start && judge.month(m).fails {
            run += 1;
            m = months_back(m, 1);
        }
        this.consecutive_missing = run;
        this.since = Some(months_back(month, run - 1));
    }
    this
}

/// The entries of `month` that are contacts (home visits, video, phone and the like), as of
/// `today`: what a monitoring list shows.
pub fn contacts_of<'a>(
    case: &ClientCase<'a>,
    month: NaiveDate,
    today: NaiveDate,
) -> impl Iterator<Item = &'a Contact> {
    let month = month_start(month);
    between(case.contacts, month, month_end(month).min(today))
        .iter()
        .filter(|c| c.counts_as.is_contact())
}

#[cfg(test)]
#[path = "monitoring/tests.rs"]
mod tests;

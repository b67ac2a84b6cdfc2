//! The delivery ledger's rules: what kinds of document travel, and what state a cell of the
//! monthly board is in (one client, one provider, one month) given its events.

use super::Lang;
use super::channel::Channel;
use super::dates::{month_end, month_start};
use super::validation::{Invalid, fold_ascii};
use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};
use serde::Serialize;

/// What one ledger row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryKind {
    /// Plan forms 1–3 (第1〜3表), keyed by plan date.
    Plan,
    /// The monthly schedule (第6表・第7表) for a month.
    Schedule,
    /// The provider's actuals (実績) for a month.
    Actuals,
    /// A document taken back (a delete file, or a mark recorded by mistake).
    Withdrawal,
    /// 予定+実績 sent on to the 地域包括支援センター (予防委託), for a month.
    #[serde(rename = "centre_forward")]
    CentreForward,
    /// The centre's 利用者基本情報 / 計画書 received to be passed on (予防委託), by plan date.
    #[serde(rename = "centre_plan")]
    CentrePlan,
}

const KINDS: [(DeliveryKind, &str, &str, &str); 6] = [
    (DeliveryKind::Plan, "plan", "計画書", "plan"),
    (DeliveryKind::Schedule, "schedule", "提供票", "schedule"),
    (DeliveryKind::Actuals, "actuals", "実績", "actuals"),
    (DeliveryKind::Withdrawal, "withdrawal", "取消", "withdrawal"),
    (
        DeliveryKind::CentreForward,
        "centre_forward",
        "包括へ送付",
        "sent on to centre",
    ),
    (
        DeliveryKind::CentrePlan,
        "centre_plan",
        "包括から受領",
        "from centre",
    ),
];

impl DeliveryKind {
    fn row(self) -> &'static (DeliveryKind, &'static str, &'static str, &'static str) {
        // KINDS lists every variant once, in declaration order.
        &KINDS[self as usize]
    }
    pub fn code(self) -> &'static str {
        self.row().1
    }
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.row().2, self.row().3)
    }
    pub fn from_code(code: &str) -> Option<Self> {
        KINDS.iter().find(|r| r.1 == code).map(|r| r.0)
    }
    /// Accepts the codes or the Japanese labels (計画書 / 提供票 / 実績 / 取消).
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s = fold_ascii(input);
        KINDS
            .iter()
            .find(|r| r.1.eq_ignore_ascii_case(&s) || r.2 == s)
            .map(|r| r.0)
            .ok_or_else(|| {
                Invalid::new(
                    "種類は plan（計画書）・schedule（提供票）・actuals（実績）・withdrawal（取消）・centre_forward（包括へ送付）・centre_plan（包括から受領）のいずれかです",
                    "kind must be plan, schedule, actuals, withdrawal, centre_forward or centre_plan",
                )
            })
    }
    /// Monthly documents are keyed by month; plan forms by plan date.
    pub fn is_monthly(self) -> bool {
        matches!(
            self,
            DeliveryKind::Schedule | DeliveryKind::Actuals | DeliveryKind::CentreForward
        )
    }
}

/// Actuals (実績) report a month that has happened: none are recorded for a month that has
/// not begun on `today` (the day the document came). Withdrawing them stays possible.
pub fn actuals_allowed(month: NaiveDate, today: NaiveDate) -> Result<(), Invalid> {
    let month = month_start(month);
    if month > month_start(today) {
        return Err(Invalid::new(
            format!(
                "{}年{}月の実績はまだ記録できません（その月が始まってから）",
                month.year(),
                month.month()
            ),
            format!(
                "actuals for {} cannot be recorded yet (only once the month has begun)",
                month.format("%Y-%m")
            ),
        ));
    }
    Ok(())
}

/// One event of a board cell, as the rules need it.
#[derive(Debug, Clone, PartialEq)]
pub struct CellEvent {
    pub kind: DeliveryKind,
    /// For a withdrawal: what it takes back.
    pub withdraws: Option<DeliveryKind>,
    pub channel: Channel,
    /// Local time of the delivery.
    pub at: NaiveDateTime,
}

/// A document's arrival: how and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Mark {
    pub channel: Channel,
    pub at: NaiveDateTime,
}

/// The month's schedule and actuals for one client and provider, after every correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CellMarks {
    pub sent: Option<Mark>,
    pub actuals: Option<Mark>,
}

impl CellMarks {
    /// Folds events in the order they happened: a withdrawal takes back the document it names.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a CellEvent>) -> CellMarks {
        let mut out = CellMarks::default();
        for e in events {
            out.apply(e);
        }
        out
    }

    pub fn apply(&mut self, e: &CellEvent) {
        let mark = Some(Mark {
            channel: e.channel,
            at: e.at,
        });
        match (e.kind, e.withdraws) {
            (DeliveryKind::Schedule, _) => self.sent = mark,
            (DeliveryKind::Actuals, _) => self.actuals = mark,
            (DeliveryKind::Withdrawal, Some(DeliveryKind::Schedule)) => self.sent = None,
            (DeliveryKind::Withdrawal, Some(DeliveryKind::Actuals)) => self.actuals = None,
            _ => {}
        }
    }

    pub fn state(&self, month: NaiveDate, today: NaiveDate, rules: &DeadlineRules) -> CellState {
        if self.actuals.is_some() {
            CellState::Received
        } else if today > rules.actuals_due(month) {
            CellState::ActualsOverdue
        } else if self.sent.is_some() {
            CellState::Sent
        } else {
            CellState::NotSent
        }
    }
}

/// What a board cell shows, in words as well as colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    NotSent,
    Sent,
    Received,
    ActualsOverdue,
}

impl CellState {
    /// One character for the board (the legend spells it out).
    pub fn symbol(self, lang: Lang) -> &'static str {
        match self {
            CellState::NotSent => lang.pick("未", "-"),
            CellState::Sent => lang.pick("送", "S"),
            CellState::Received => lang.pick("済", "R"),
            CellState::ActualsOverdue => lang.pick("遅", "!"),
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CellState::NotSent => lang.pick("未送付", "not sent"),
            CellState::Sent => lang.pick("送付済・実績待ち", "sent, actuals due"),
            CellState::Received => lang.pick("実績受領", "actuals received"),
            CellState::ActualsOverdue => lang.pick("実績未着（期限超過）", "actuals overdue"),
        }
    }
}

/// The office's deadlines (config): schedules are due before the month starts; actuals by day
/// N of the month after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineRules {
    /// Warn about next month's unsent schedules from this many days before month end.
    pub schedule_warn_days: u32,
    /// Actuals for a month are due by this day of the following month (1–28).
    pub actuals_due_day: u32,
    /// Clients without a monitoring contact this month are listed from this day (1–28).
    pub monitoring_warn_from_day: u32,
}

impl Default for DeadlineRules {
    fn default() -> Self {
        DeadlineRules {
            schedule_warn_days: 7,
            actuals_due_day: 5,
            monitoring_warn_from_day: 1,
        }
    }
}

impl DeadlineRules {
    /// A month's schedule must reach the provider by the last day of the month before.
    pub fn schedule_due(&self, month: NaiveDate) -> NaiveDate {
        month_end(month_start(month) - Months::new(1))
    }
    /// The day from which unsent schedules for `month` are shown as a deadline.
    pub fn schedule_warn_from(&self, month: NaiveDate) -> NaiveDate {
        let due = self.schedule_due(month);
        due - chrono::Duration::days(i64::from(self.schedule_warn_days))
    }
    /// A month's actuals are due by day N of the next month (clamped to that month's length).
    pub fn actuals_due(&self, month: NaiveDate) -> NaiveDate {
        let next = month_start(month) + Months::new(1);
        let day = self.actuals_due_day.clamp(1, month_end(next).day());
        next.with_day(day).unwrap_or(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actuals_only_once_the_month_has_begun() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(actuals_allowed(d("2026-11-01"), d("2026-11-01")).is_ok());
        assert!(actuals_allowed(d("2026-10-01"), d("2026-11-25")).is_ok());
        let e = actuals_allowed(d("2027-01-01"), d("2026-11-25")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "2027年1月の実績はまだ記録できません（その月が始まってから）"
        );
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn ev(kind: DeliveryKind, withdraws: Option<DeliveryKind>, at: &str) -> CellEvent {
        CellEvent {
            kind,
            withdraws,
            channel: Channel::Fax,
            at: NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M").unwrap(),
        }
    }

    #[test]
    fn month_ends_of_every_length() {
        assert_eq!(month_end(d("2026-01-15")), d("2026-01-31"));
        assert_eq!(month_end(d("2026-04-01")), d("2026-04-30"));
        assert_eq!(month_end(d("2026-02-10")), d("2026-02-28"));
        assert_eq!(month_end(d("2028-02-10")), d("2028-02-29"));
        assert_eq!(month_end(d("2026-12-31")), d("2026-12-31"));
    }

    #[test]
    fn schedule_is_due_on_the_last_day_of_the_month_before() {
        let r = DeadlineRules::default();
        assert_eq!(r.schedule_due(d("2026-12-01")), d("2026-11-30"));
        assert_eq!(r.schedule_due(d("2026-01-01")), d("2025-12-31"));
        assert_eq!(r.schedule_due(d("2028-03-01")), d("2028-02-29"));
        assert_eq!(r.schedule_due(d("2027-03-01")), d("2027-02-28"));
        assert_eq!(r.schedule_warn_from(d("2026-12-01")), d("2026-11-23"));
        assert_eq!(r.schedule_warn_from(d("2027-03-01")), d("2027-02-21"));
    }

    #[test]
    fn actuals_are_due_on_day_n_of_the_next_month_clamped() {
        let r = DeadlineRules::default();
        assert_eq!(r.actuals_due(d("2026-11-01")), d("2026-12-05"));
        assert_eq!(r.actuals_due(d("2026-12-01")), d("2027-01-05"));
        let late = DeadlineRules {
            actuals_due_day: 31,
            ..r
        };
        assert_eq!(late.actuals_due(d("2027-01-01")), d("2027-02-28"));
        assert_eq!(late.actuals_due(d("2028-01-01")), d("2028-02-29"));
        assert_eq!(late.actuals_due(d("2026-03-01")), d("2026-04-30"));
        assert_eq!(late.actuals_due(d("2026-07-01")), d("2026-08-31"));
    }

    #[test]
    fn a_withdrawal_takes_back_only_what_it_names() {
        use DeliveryKind::*;
        let events = [
            ev(Schedule, None, "2026-11-27 10:00"),
            ev(Actuals, None, "2026-12-02 09:00"),
            ev(Withdrawal, Some(Actuals), "2026-12-02 09:05"),
        ];
        let m = CellMarks::from_events(&events);
        assert!(m.sent.is_some());
        assert!(m.actuals.is_none());
        let resent = [
            ev(Schedule, None, "2026-11-27 10:00"),
            ev(Withdrawal, Some(Schedule), "2026-11-27 10:01"),
            ev(Schedule, None, "2026-11-28 15:30"),
        ];
        let m = CellMarks::from_events(&resent);
        assert_eq!(m.sent.unwrap().at.format("%d").to_string(), "28");
    }

    #[test]
    fn cell_state_follows_the_actuals_deadline() {
        let r = DeadlineRules::default();
        let nov = d("2026-11-01");
        let sent = CellMarks::from_events(&[ev(DeliveryKind::Schedule, None, "2026-10-28 10:00")]);
        assert_eq!(sent.state(nov, d("2026-12-05"), &r), CellState::Sent);
        assert_eq!(
            sent.state(nov, d("2026-12-06"), &r),
            CellState::ActualsOverdue
        );
        assert_eq!(
            CellMarks::default().state(nov, d("2026-11-20"), &r),
            CellState::NotSent
        );
        let got = CellMarks::from_events(&[ev(DeliveryKind::Actuals, None, "2026-12-03 10:00")]);
        assert_eq!(got.state(nov, d("2027-01-20"), &r), CellState::Received);
    }

    #[test]
    fn kinds_parse_from_codes_and_japanese() {
        assert_eq!(
            DeliveryKind::parse("提供票").unwrap(),
            DeliveryKind::Schedule
        );
        assert_eq!(
            DeliveryKind::parse("ACTUALS").unwrap(),
            DeliveryKind::Actuals
        );
        assert!(DeliveryKind::parse("fax").is_err());
        for (k, code, ..) in KINDS {
            assert_eq!(DeliveryKind::from_code(code), Some(k));
        }
    }
}

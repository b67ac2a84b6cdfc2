//! What the office stands to lose at the exchange's move to the WEB service if it has not
//! registered: fee schedule (II) and the exchange route to the 2.1% 処遇改善加算, in yen a month.

use super::Lang;
use super::calendar::{self, CalendarItem};
use super::caseload::{
    Caseload, ExchangeWorth, Facts, FeeSchedule, exchange_worth, exchange_worth_from,
};
use super::dates::month_start;
use chrono::NaiveDate;

/// Yen a month at stake at the month's caseload: what (II) earns over (I) while the office is
/// on (II) (None otherwise, or when no yen can be computed), and the 処遇改善加算 of the rules in
/// force (2.1% from 2026-06-01). Read from `caseload::exchange_worth`, the one place these
/// numbers are derived, so a new rules table changes them too.
pub fn yen_at_stake(facts: &Facts, month: NaiveDate) -> (Option<u64>, Option<u64>) {
    yen_of(exchange_worth(facts, month))
}

/// `yen_at_stake` from the month's worth already computed (three caseloads of every client).
fn yen_of(worth: ExchangeWorth) -> (Option<u64>, Option<u64>) {
    let ii = match worth.fee_schedule {
        FeeSchedule::II => worth
            .fee
            .as_ref()
            .and_then(|f| f.yen_ii.zip(f.yen_i))
            .map(|(ii, i)| ii.saturating_sub(i)),
        FeeSchedule::I => None,
    };
    let improvement = worth.treatment.and_then(|t| t.yen);
    (ii, improvement)
}

/// The office's part of the move, as the store knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OfficeMove {
    /// Registered for the WEB service (a date recorded, or use on the WEB service or an
    /// approved equivalent system recorded).
    pub registered: bool,
    /// Pledged to join (the 2.1% route accepts a pledge in FY2026).
    pub pledged: bool,
}

/// The warning of a 居宅 not registered for the WEB service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveRisk {
    pub registration_due: NaiveDate,
    pub move_on: Option<NaiveDate>,
    pub move_provisional: bool,
    /// Yen a month of (II) over (I); None: (II) does not apply now.
    pub fee_ii_yen: Option<u64>,
    /// Yen a month of the 2.1% 処遇改善加算 by the exchange route; None: the route is not in
    /// use (no exchange, no pledge) or has ended.
    pub improvement_yen: Option<u64>,
    /// Yen cannot be computed (no area grade): the risks are named without amounts.
    pub no_yen: bool,
}

/// The risk on `today`, from 60 days before the registration deadline on while the office has
/// not registered, when (II) applies or the exchange route to the 2.1% is in use. None
/// otherwise.
/// `month_caseload`: this month's caseload as it stands, when the caller has it (ホーム does),
/// so that it is not computed again.
pub fn move_risk(
    today: NaiveDate,
    facts: &Facts,
    month_caseload: Option<&Caseload>,
    items: &[CalendarItem],
    office: OfficeMove,
) -> Option<MoveRisk> {
    let due = calendar::item(items, calendar::WEB_REGISTRATION)?.date;
    // Shown from the same first mark as every dated warning, and kept after the deadline.
    if office.registered || (due - today).num_days() > super::enrollment::WARN_FROM_DAYS {
        return None;
    }
    let mv = calendar::item(items, calendar::EXCHANGE_MOVE);
    let month = month_start(today);
    let uses_exchange = facts.office.exchange_use.iter().any(|p| p.covers(today));
    let worth = match month_caseload {
        Some(c) if c.month == month => exchange_worth_from(facts, c),
        _ => exchange_worth(facts, month),
    };
    let yen_known = worth
        .fee
        .as_ref()
        .is_none_or(|f| f.yen_i.is_some() && f.yen_ii.is_some());
    let ii_applies = worth.fee_schedule == FeeSchedule::II;
    // The exchange route to the 加算 is open while the rules in force say so (a FY2026 special
    // requirement ending 2027-03-31).
    let route_open = worth
        .treatment
        .as_ref()
        .is_some_and(|t| t.exchange_route_open);
    let route = route_open && (uses_exchange || office.pledged);
    if !ii_applies && !route {
        return None;
    }
    let (ii, improvement) = yen_of(worth);
    // (II) that earns nothing over (I) at this caseload, and no route: nothing to lose.
    if !route && ii.is_none_or(|y| y == 0) && yen_known {
        return None;
    }
    Some(MoveRisk {
        registration_due: due,
        move_on: mv.map(|m| m.date),
        move_provisional: mv.is_some_and(|m| m.certainty == calendar::Certainty::Provisional),
        // (II) at a caseload where it earns nothing more than (I) is not named.
        fee_ii_yen: match (ii_applies, yen_known) {
            (false, _) => None,
            (true, false) => Some(0),
            (true, true) => ii.filter(|y| *y > 0),
        },
        improvement_yen: if route { improvement.or(Some(0)) } else { None },
        no_yen: !yen_known,
    })
}

impl MoveRisk {
    /// The short form for ホーム's narrow column: what is at risk, in yen a month, and the due
    /// date.
    pub fn short(&self, lang: Lang) -> String {
        let yen = |y: u64| crate::present::text::thousands(y);
        let mut parts = Vec::new();
        if let Some(y) = self.fee_ii_yen {
            parts.push(match (lang, self.no_yen) {
                (Lang::Ja, false) => format!("(II) 月{}円", yen(y)),
                (Lang::En, false) => format!("(II) ¥{}/mo", yen(y)),
                _ => "(II)".to_string(),
            });
        }
        if let Some(y) = self.improvement_yen {
            parts.push(match (lang, self.no_yen) {
                (Lang::Ja, false) => format!("処遇改善2.1% 月{}円", yen(y)),
                (Lang::En, false) => format!("2.1% route ¥{}/mo", yen(y)),
                _ => "2.1%".to_string(),
            });
        }
        let due = self.registration_due.format("%m-%d");
        match lang {
            Lang::Ja => format!(
                "WEBサービス未登録: 移行で{}が危うい（登録期限 {due}）",
                parts.join("・")
            ),
            Lang::En => format!(
                "Not on the WEB service: the move risks {} (register by {due})",
                parts.join(", ")
            ),
        }
    }

    /// One line for ホーム and the office panel.
    pub fn message(&self, lang: Lang) -> String {
        let yen = |y: u64| crate::present::text::thousands(y);
        let mut parts = Vec::new();
        if let Some(y) = self.fee_ii_yen {
            parts.push(match (lang, self.no_yen) {
                (Lang::Ja, false) => format!("(II)で月 {} 円", yen(y)),
                (Lang::En, false) => format!("(II) ¥{}/month", yen(y)),
                (Lang::Ja, true) => "(II)".to_string(),
                (Lang::En, true) => "(II)".to_string(),
            });
        }
        if let Some(y) = self.improvement_yen {
            parts.push(match (lang, self.no_yen) {
                (Lang::Ja, false) => format!("処遇改善2.1%の連携ルートで月 {} 円", yen(y)),
                (Lang::En, false) => format!("the 2.1% route ¥{}/month", yen(y)),
                (Lang::Ja, true) => "処遇改善2.1%の連携ルート".to_string(),
                (Lang::En, true) => "the 2.1% route".to_string(),
            });
        }
        let when = match (self.move_on, self.move_provisional, lang) {
            (Some(d), false, _) => d.format("%Y-%m-%d").to_string(),
            (Some(d), true, Lang::Ja) => format!("{}、仮の日付", d.format("%Y-%m-%d")),
            (Some(d), true, Lang::En) => format!("{}, provisional", d.format("%Y-%m-%d")),
            (None, _, Lang::Ja) => "日付未定".to_string(),
            (None, _, Lang::En) => "date to be announced".to_string(),
        };
        let due = self.registration_due.format("%Y-%m-%d");
        match lang {
            Lang::Ja => format!(
                "WEBサービス未登録: 移行（{when}）で連携を失うと{}が危うくなります（登録期限 {due}、登録したら登録日を記録）{}",
                parts.join("、"),
                if self.no_yen {
                    "。金額は地域区分を設定すると表示"
                } else {
                    ""
                }
            ),
            Lang::En => format!(
                "Not registered for the WEB service: losing the exchange at the move ({when}) puts {} at risk (register by {due}, then record the date){}",
                parts.join(" and "),
                if self.no_yen {
                    "; set the area grade for yen"
                } else {
                    ""
                }
            ),
        }
    }
}

//! 契約日 for a client moved in from an export that does not carry it: the proxies, strongest
//! first — the 居宅サービス計画作成依頼届出日 (8124), the 初回居宅サービス計画作成日, the first
//! month claimed, the certification start. A date entered as such is never replaced; an
//! estimate is replaced only by a stronger one. Every estimate is listed for review.

use chrono::NaiveDate;

/// Where a client's 契約日 came from (`clients.contract_date_source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    // Weakest first: the derived order is the strength.
    CertificationStart,
    FirstClaim,
    FirstPlan,
    Notification,
    Entered,
}

const CODES: [(Source, &str, &str, &str); 5] = [
    (
        Source::CertificationStart,
        "certification_start",
        "認定有効期間の開始日",
        "certification start",
    ),
    (
        Source::FirstClaim,
        "first_claim",
        "最初に請求した月",
        "first month claimed",
    ),
    (
        Source::FirstPlan,
        "first_plan",
        "初回居宅サービス計画作成日",
        "first care plan date",
    ),
    (
        Source::Notification,
        "notification",
        "居宅サービス計画作成依頼届出日",
        "care plan notification date",
    ),
    (Source::Entered, "entered", "入力された契約日", "entered"),
];

impl Source {
    fn row(self) -> &'static (Source, &'static str, &'static str, &'static str) {
        // CODES lists every variant once, in declaration order.
        &CODES[self as usize]
    }
    pub fn code(self) -> &'static str {
        self.row().1
    }
    /// What the date was taken from (the review item says it in Japanese).
    pub fn label(self, lang: crate::domain::Lang) -> &'static str {
        lang.pick(self.row().2, self.row().3)
    }
    /// An unknown code reads as entered: nothing then replaces it.
    pub fn from_code(code: &str) -> Source {
        CODES
            .iter()
            .find(|r| r.1 == code)
            .map(|r| r.0)
            .unwrap_or(Source::Entered)
    }
    pub fn is_estimate(self) -> bool {
        self != Source::Entered
    }
}

/// Whether a 契約日 from `candidate` replaces the one stored from `current`.
pub fn replaces(current: Source, candidate: Source) -> bool {
    current.is_estimate() && candidate > current
}

/// The strongest of the proxies a migration found: the 初回居宅サービス計画作成日 over the
/// first certification's start.
pub fn estimate(
    first_plan: Option<NaiveDate>,
    first_certification: Option<NaiveDate>,
) -> Option<(NaiveDate, Source)> {
    first_plan
        .map(|d| (d, Source::FirstPlan))
        .or(first_certification.map(|d| (d, Source::CertificationStart)))
}

/// The review item's text for an estimated 契約日 (no client name: the item carries the numbers).
pub fn review_detail(date: NaiveDate, source: Source) -> String {
    format!(
        "契約日 {} は{}からの推定です。契約書の日付を確かめ、違えば利用者の画面で直してください",
        crate::domain::dates::iso(date),
        source.label(crate::domain::Lang::Ja)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stronger_proxy_replaces_an_estimate_but_nothing_replaces_an_entered_date() {
        assert!(replaces(Source::CertificationStart, Source::FirstPlan));
        assert!(replaces(Source::FirstPlan, Source::Notification));
        assert!(!replaces(Source::FirstPlan, Source::FirstClaim));
        assert!(!replaces(Source::FirstPlan, Source::FirstPlan));
        assert!(!replaces(Source::Entered, Source::Notification));
        for (s, code, _, _) in CODES {
            assert_eq!(Source::from_code(code), s);
        }
    }

    #[test]
    fn the_first_plan_date_is_preferred_to_the_certification_start() {
        let d = |m| NaiveDate::from_ymd_opt(2024, m, 1);
        assert_eq!(
            estimate(d(5), d(3)),
            Some((d(5).unwrap(), Source::FirstPlan))
        );
        assert_eq!(
            estimate(None, d(3)),
            Some((d(3).unwrap(), Source::CertificationStart))
        );
        assert_eq!(estimate(None, None), None);
    }
}

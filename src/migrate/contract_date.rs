//! 契約日 for a client moved in from an export that does not carry it. The proxies and their
//! order are `domain::claims::ContractDateSource` (届出日, 初回居宅サービス計画作成日, first
//! claimed month, certification start); this is what the client-master readers (ほのぼの, a
//! mapped CSV) add: which of their proxies to use, when it replaces what is stored, and the
//! review item that lists every estimate.

pub use crate::domain::claims::ContractDateSource as Source;
use chrono::NaiveDate;

/// Whether a 契約日 `day` from `candidate` replaces `current_day` stored from `current`: never
/// one entered by a person; a stronger proxy always; the same proxy only with an earlier day.
pub fn replaces(
    current_day: NaiveDate,
    current: Source,
    day: NaiveDate,
    candidate: Source,
) -> bool {
    current.is_estimate() && (candidate < current || (candidate == current && day < current_day))
}

/// The strongest of the proxies a client master gives: the 初回居宅サービス計画作成日 over the
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
        source.label_ja()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, 1).unwrap_or_default()
    }

    #[test]
    fn a_stronger_proxy_replaces_an_estimate_but_nothing_replaces_an_entered_date() {
        let (s, c) = (Source::CertificationStart, Source::FirstPlan);
        assert!(replaces(d(4), s, d(6), c));
        assert!(replaces(d(6), c, d(9), Source::Notification));
        assert!(!replaces(d(6), c, d(3), Source::FirstClaim));
        assert!(!replaces(d(6), c, d(6), c));
        assert!(replaces(d(6), c, d(5), c), "the same proxy, an earlier day");
        assert!(!replaces(d(6), Source::Entered, d(1), Source::Notification));
    }

    #[test]
    fn the_first_plan_date_is_preferred_to_the_certification_start() {
        assert_eq!(
            estimate(Some(d(5)), Some(d(3))),
            Some((d(5), Source::FirstPlan))
        );
        assert_eq!(
            estimate(None, Some(d(3))),
            Some((d(3), Source::CertificationStart))
        );
        assert_eq!(estimate(None, None), None);
    }
}

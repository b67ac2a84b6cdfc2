//! The claim history an office moved in from its 国保連 伝送 files: which band a billed base
//! code stands for (read from the code, never from its units), and how a claim's dates stand
//! in for a 契約日 no export carries.

use super::fee::{Band, FeeSchedule};
use chrono::NaiveDate;
use std::collections::HashMap;

const BASE_CODES_TSV: &str = include_str!("../../assets/care_management_base_codes.tsv");

/// A base code of 居宅介護支援費 and what it stands for, in force from `from` to `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseCode {
    pub code: &'static str,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub schedule: FeeSchedule,
    pub band: Band,
    pub name: &'static str,
}

fn band_of_code(s: &str) -> Option<Band> {
    match s {
        "i" => Some(Band::I),
        "ii" => Some(Band::Ii),
        "iii" => Some(Band::Iii),
        _ => None,
    }
}

/// Every base code of the data file (rows that do not read are left out; a test reads them all).
pub fn base_codes() -> Vec<BaseCode> {
    BASE_CODES_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("code\t") && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&'static str> = l.split('\t').collect();
            Some(BaseCode {
                code: f.first()?,
                from: super::dates::from_iso(f.get(1)?)?,
                until: f.get(2).and_then(|u| super::dates::from_iso(u)),
                schedule: FeeSchedule::parse(f.get(3)?)?,
                band: band_of_code(f.get(4)?)?,
                name: f.get(6)?,
            })
        })
        .collect()
}

/// The base codes, looked up by code.
#[derive(Debug, Clone)]
pub struct BaseCodeTable {
    by_code: HashMap<&'static str, Vec<BaseCode>>,
}

impl Default for BaseCodeTable {
    fn default() -> Self {
        let mut by_code: HashMap<&'static str, Vec<BaseCode>> = HashMap::new();
        for c in base_codes() {
            by_code.entry(c.code).or_default().push(c);
        }
        BaseCodeTable { by_code }
    }
}

impl BaseCodeTable {
    /// The base code `code` in force in `month` (any day of it), if it is one.
    pub fn find(&self, code: &str, month: NaiveDate) -> Option<&BaseCode> {
        let day = super::dates::month_end(month);
        self.by_code.get(code)?.iter().find(|c| {
            c.from <= day
                && c.until
                    .is_none_or(|u| u >= super::dates::month_start(month))
        })
    }

    /// The band billed in `month` by a claim of these codes: the band of its base code (the
    /// first one, should a claim carry two).
    pub fn billed_band<'a>(
        &self,
        codes: impl IntoIterator<Item = &'a str>,
        month: NaiveDate,
    ) -> Option<Band> {
        codes
            .into_iter()
            .find_map(|c| self.find(c, month))
            .map(|c| c.band)
    }
}

/// The band billed for each registered client in each imported month (first day of month).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BilledBands {
    by_client: HashMap<i64, HashMap<NaiveDate, Band>>,
}

impl BilledBands {
    pub fn insert(&mut self, client_id: i64, month: NaiveDate, band: Band) {
        self.by_client
            .entry(client_id)
            .or_default()
            .insert(super::dates::month_start(month), band);
    }
    pub fn band(&self, client_id: i64, month: NaiveDate) -> Option<Band> {
        self.by_client
            .get(&client_id)?
            .get(&super::dates::month_start(month))
            .copied()
    }
    /// Every (client, band) billed in `month`.
    pub fn in_month(&self, month: NaiveDate) -> impl Iterator<Item = (i64, Band)> + '_ {
        let m = super::dates::month_start(month);
        self.by_client
            .iter()
            .filter_map(move |(id, months)| months.get(&m).map(|b| (*id, *b)))
    }
    pub fn is_empty(&self) -> bool {
        self.by_client.is_empty()
    }
}

/// Where a client's 契約日 came from (`clients.contract_date_source`): entered as such, or the
/// proxy an import used for a contract no export carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ContractDateSource {
    /// Strongest first: the order in which proxies are preferred.
    Entered,
    Notification,
    FirstPlan,
    FirstClaim,
    CertificationStart,
}

impl ContractDateSource {
    pub fn code(self) -> &'static str {
        match self {
            Self::Entered => "entered",
            Self::Notification => "notification",
            Self::FirstPlan => "first_plan",
            Self::FirstClaim => "first_claim",
            Self::CertificationStart => "certification_start",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [
            Self::Entered,
            Self::Notification,
            Self::FirstPlan,
            Self::FirstClaim,
            Self::CertificationStart,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }
    /// What the proxy is, in the screen's language (the client's record shows it beside 推定).
    pub fn label(self, lang: super::Lang) -> &'static str {
        lang.pick(
            self.label_ja(),
            match self {
                Self::Entered => "entered",
                Self::Notification => "care plan notification date",
                Self::FirstPlan => "first care plan date",
                Self::FirstClaim => "first day of the first month claimed",
                Self::CertificationStart => "certification start",
            },
        )
    }
    /// Anything but a 契約日 entered as such is an estimate (推定).
    pub fn is_estimate(self) -> bool {
        self != Self::Entered
    }
    /// What the proxy is, as the review lists it.
    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Entered => "入力された契約日",
            Self::Notification => "居宅サービス計画作成依頼届出年月日",
            Self::FirstPlan => "初回居宅サービス計画作成日",
            Self::FirstClaim => "最初に請求した月の1日",
            Self::CertificationStart => "認定有効期間の開始日",
        }
    }
}

/// The 契約日 a claim history gives a client whose 契約日 is `current` from `source`, if it is
/// better: the earliest 届出日 (`notified`) beats every weaker proxy; without one, the first
/// day of the first claimed month replaces only a certification start. An entered 契約日 is
/// never touched; an equal proxy moves only to an earlier day.
pub fn better_contract_date(
    current: NaiveDate,
    source: ContractDateSource,
    notified: Option<NaiveDate>,
    first_claim: Option<NaiveDate>,
) -> Option<(NaiveDate, ContractDateSource)> {
    use ContractDateSource as S;
    let better = |day: NaiveDate, proxy: S| {
        (source > proxy || (source == proxy && day < current)).then_some((day, proxy))
    };
    match (source, notified, first_claim) {
        (S::Entered, _, _) => None,
        (_, Some(n), _) => better(n, S::Notification),
        (S::CertificationStart | S::FirstClaim, None, Some(f)) => better(f, S::FirstClaim),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::domain::dates::from_iso(s).unwrap()
    }

    #[test]
    fn every_row_of_the_base_code_file_reads() {
        let rows = BASE_CODES_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("code\t") && !l.trim().is_empty())
            .count();
        assert_eq!(base_codes().len(), rows);
        assert!(rows >= 12);
    }

    #[test]
    fn the_band_is_read_from_the_base_code_not_its_units() {
        let t = BaseCodeTable::default();
        let m = d("2026-05-01");
        assert_eq!(t.billed_band(["433211", "434002"], m), Some(Band::Ii));
        assert_eq!(t.billed_band(["436191", "435511"], m), Some(Band::Iii));
        assert_eq!(t.billed_band(["432229"], m), Some(Band::I));
        // A month before the table's codes were in force, and a code that is not a base code.
        assert_eq!(t.billed_band(["433211"], d("2023-05-01")), None);
        assert_eq!(t.billed_band(["434001"], m), None);
    }

    #[test]
    fn a_notification_beats_weaker_proxies_and_a_first_claim_only_a_certification_start() {
        use ContractDateSource as S;
        let (cur, n, f) = (d("2024-06-01"), d("2024-04-10"), d("2024-05-01"));
        assert_eq!(
            better_contract_date(cur, S::FirstPlan, Some(n), Some(f)),
            Some((n, S::Notification))
        );
        assert_eq!(
            better_contract_date(cur, S::Entered, Some(n), Some(f)),
            None
        );
        assert_eq!(better_contract_date(cur, S::FirstPlan, None, Some(f)), None);
        assert_eq!(
            better_contract_date(cur, S::CertificationStart, None, Some(f)),
            Some((f, S::FirstClaim))
        );
        // The same proxy moves only to an earlier day: a second run changes nothing.
        assert_eq!(
            better_contract_date(n, S::Notification, Some(n), None),
            None
        );
        assert_eq!(
            better_contract_date(cur, S::Notification, Some(n), None),
            Some((n, S::Notification))
        );
    }
}

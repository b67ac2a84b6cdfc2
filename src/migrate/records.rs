//! What a reader of another system's files hands over: people keyed on (保険者番号, 被保険者番号)
//! with their certification history and plan revisions, providers and staff — already read and
//! checked, each with the file and line it came from. `apply` writes a batch in one go.

use super::{ReviewItem, Skipped};
use crate::domain::ids::{InsuredNumber, InsurerNumber};
use crate::domain::plan::PlanKind;
use crate::domain::sex::Sex;
use crate::store::certifications::CertificationFields;
use crate::store::providers::ProviderFields;
use crate::store::staff::StaffFields;
use chrono::NaiveDate;

/// Where a record was read: file name and line (1 = the header).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    pub file: String,
    pub line: u64,
}

/// One client of the old system.
#[derive(Debug, Clone)]
pub struct Person {
    pub insurer: InsurerNumber,
    pub insured: InsuredNumber,
    pub name: String,
    pub kana: String,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub address: String,
    pub phone: String,
    /// A 契約日 the file states as such (then it is not an estimate).
    pub contract_date: Option<NaiveDate>,
    /// 初回居宅サービス計画作成日, a 契約日 proxy.
    pub first_plan: Option<NaiveDate>,
    pub origin: Origin,
    /// Every generation, deduplicated on start by the reader.
    pub certifications: Vec<CertIn>,
    pub plans: Vec<PlanIn>,
}

#[derive(Debug, Clone)]
pub struct CertIn {
    pub fields: CertificationFields,
    /// 限度額適用期間, when the file gives one.
    pub limit: Option<(NaiveDate, NaiveDate)>,
    pub origin: Origin,
}

/// One plan revision (第1表) with its 第2表 service lines.
#[derive(Debug, Clone)]
pub struct PlanIn {
    pub plan_date: NaiveDate,
    pub first_plan_date: Option<NaiveDate>,
    pub kind: PlanKind,
    /// The period the file gives (the 認定有効期間 on the plan), if any.
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub lines: Vec<LineIn>,
    pub origin: Origin,
}

/// A 第2表 line naming a provider by name.
#[derive(Debug, Clone)]
pub struct LineIn {
    pub provider: String,
    /// サービス種別 as written (a name such as 訪問介護, or a code).
    pub service: String,
    pub what: String,
    pub frequency: String,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct ProviderIn {
    pub fields: ProviderFields,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct StaffIn {
    pub fields: StaffFields,
    pub origin: Origin,
}

/// Everything one run read, plus what the reader already set aside.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub people: Vec<Person>,
    pub providers: Vec<ProviderIn>,
    pub staff: Vec<StaffIn>,
    pub skipped: Vec<Skipped>,
    pub review: Vec<ReviewItem>,
    /// Said once to whoever runs it (files read but not stored, and why).
    pub notes: Vec<String>,
}

impl Batch {
    pub fn skip(&mut self, at: &Origin, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            file: at.file.clone(),
            line: at.line,
            reason: reason.into(),
        });
    }
}

/// A review item about the client with these numbers (empty: about the file).
pub fn review(
    at: &Origin,
    kind: &str,
    detail: impl Into<String>,
    numbers: Option<(&InsurerNumber, &InsuredNumber)>,
) -> ReviewItem {
    ReviewItem {
        file: at.file.clone(),
        line: at.line,
        kind: kind.to_string(),
        detail: detail.into(),
        insurer_number: numbers
            .map(|n| n.0.as_str().to_string())
            .unwrap_or_default(),
        insured_number: numbers
            .map(|n| n.1.as_str().to_string())
            .unwrap_or_default(),
    }
}

/// The service type a 第2表 line names: a code as such, else the longest type name the text
/// contains (介護予防訪問看護 before 訪問看護).
pub fn service_code(text: &str) -> Option<&'static str> {
    let t = super::fold::nfkc(text);
    if let Some(st) = crate::domain::service_types::find(&t.to_ascii_uppercase()) {
        return Some(st.code);
    }
    crate::domain::service_types::all()
        .filter(|st| t.contains(&super::fold::nfkc(st.name)))
        .max_by_key(|st| st.name.chars().count())
        .map(|st| st.code)
}

/// 初回・紹介・継続 as a plan's 計画区分 or 作成区分 writes it; anything else is 継続.
pub fn plan_kind(text: &str) -> PlanKind {
    let k = PlanKind {
        initial: text.contains("初回"),
        referral: text.contains("紹介"),
        continuing: text.contains("継続"),
    };
    if k.initial || k.referral || k.continuing {
        k
    } else {
        PlanKind {
            continuing: true,
            ..PlanKind::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_names_its_service_by_name_or_code() {
        assert_eq!(service_code("訪問介護"), Some("11"));
        assert_eq!(service_code("介護予防訪問看護"), Some("63"));
        assert_eq!(service_code("ﾃﾞｲ 通所介護（週2回）"), Some("15"));
        assert_eq!(service_code("17"), Some("17"));
        assert_eq!(service_code("家族"), None);
    }

    #[test]
    fn plan_kinds_are_read_from_their_words() {
        assert!(plan_kind("初回紹介").initial && plan_kind("初回紹介").referral);
        assert!(plan_kind("継続").continuing);
        assert!(plan_kind("").continuing);
    }
}

//! 要介護状態区分 (care level) and its codes.

use super::Lang;
use super::choice::Choice;
use super::validation::Invalid;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CareLevel {
    NotApplicable,
    CommunityProgram,
    Transitional,
    Support1,
    Support2,
    Care1,
    Care2,
    Care3,
    Care4,
    Care5,
}

/// Code, Japanese, English, and the English a 10-column list cell takes (the Japanese fits).
const TABLE: [(CareLevel, &str, &str, &str, &str); 10] = [
    (
        CareLevel::NotApplicable,
        "01",
        "非該当",
        "not applicable",
        "n/a",
    ),
    (
        CareLevel::CommunityProgram,
        "06",
        "事業対象者",
        "community program",
        "program",
    ),
    (
        CareLevel::Transitional,
        "11",
        "経過的要介護",
        "transitional",
        "transit.",
    ),
    (
        CareLevel::Support1,
        "12",
        "要支援1",
        "support 1",
        "support 1",
    ),
    (
        CareLevel::Support2,
        "13",
        "要支援2",
        "support 2",
        "support 2",
    ),
    (CareLevel::Care1, "21", "要介護1", "care 1", "care 1"),
    (CareLevel::Care2, "22", "要介護2", "care 2", "care 2"),
    (CareLevel::Care3, "23", "要介護3", "care 3", "care 3"),
    (CareLevel::Care4, "24", "要介護4", "care 4", "care 4"),
    (CareLevel::Care5, "25", "要介護5", "care 5", "care 5"),
];

impl CareLevel {
    fn row(
        self,
    ) -> &'static (
        CareLevel,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ) {
        // TABLE lists every variant once, so the search always finds a row.
        TABLE.iter().find(|r| r.0 == self).unwrap_or(&TABLE[0])
    }
    pub fn code(self) -> &'static str {
        self.row().1
    }
    pub fn label_ja(self) -> &'static str {
        self.row().2
    }
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.row().2, self.row().3)
    }
    /// The label a narrow list column takes: the Japanese, or a short English word.
    pub fn short_label(self, lang: Lang) -> &'static str {
        lang.pick(self.row().2, self.row().4)
    }
    pub fn from_code(code: &str) -> Option<Self> {
        TABLE.iter().find(|r| r.1 == code).map(|r| r.0)
    }
    /// Accepts the Japanese label (要介護3, 要介護３), the English label, the code (23), or a
    /// beginning that fits one level (要支援2 → 要支援2, 事業 → 事業対象者).
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        Self::parse_choice(input)
    }
    pub fn is_care(self) -> bool {
        matches!(
            self,
            Self::Care1 | Self::Care2 | Self::Care3 | Self::Care4 | Self::Care5
        )
    }
    pub fn is_support(self) -> bool {
        matches!(self, Self::Support1 | Self::Support2)
    }
}

/// 申請中 (applied for, not yet decided) or 認定済 (certified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CertStatus {
    Pending,
    Certified,
}

impl CertStatus {
    /// Empty means 認定済 (the usual case); otherwise a label, code or unique beginning.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        if input.trim().is_empty() {
            Ok(Self::Certified)
        } else {
            Self::parse_choice(input)
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Certified => "certified",
        }
    }
    pub fn from_code(s: &str) -> Self {
        if s == "pending" {
            Self::Pending
        } else {
            Self::Certified
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Pending => lang.pick("申請中", "pending"),
            Self::Certified => lang.pick("認定済", "certified"),
        }
    }
}

impl Choice for CareLevel {
    /// The levels chosen most first (要支援, then 要介護 by degree), the rare ones last.
    fn all() -> &'static [Self] {
        use CareLevel::*;
        &[
            Support1,
            Support2,
            Care1,
            Care2,
            Care3,
            Care4,
            Care5,
            CommunityProgram,
            Transitional,
            NotApplicable,
        ]
    }
    fn label(self, lang: Lang) -> &'static str {
        CareLevel::label(self, lang)
    }
    fn code(self) -> &'static str {
        CareLevel::code(self)
    }
    fn field_name(lang: Lang) -> &'static str {
        lang.pick("要介護度", "care level")
    }
}

impl Choice for CertStatus {
    fn all() -> &'static [Self] {
        &[CertStatus::Certified, CertStatus::Pending]
    }
    fn label(self, lang: Lang) -> &'static str {
        CertStatus::label(self, lang)
    }
    fn code(self) -> &'static str {
        CertStatus::code(self)
    }
    fn field_name(lang: Lang) -> &'static str {
        lang.pick("認定状況", "certification status")
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            CertStatus::Certified => &["認定済み"],
            CertStatus::Pending => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_labels_and_codes() {
        assert_eq!(CareLevel::parse("要介護３").unwrap(), CareLevel::Care3);
        assert_eq!(CareLevel::parse("23").unwrap(), CareLevel::Care3);
        assert_eq!(CareLevel::parse("06").unwrap(), CareLevel::CommunityProgram);
        assert_eq!(CareLevel::parse("要支援2").unwrap().code(), "13");
        assert!(CareLevel::parse("要介護6").is_err());
    }
}

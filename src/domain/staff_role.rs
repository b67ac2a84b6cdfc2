//! 職種: care manager, chief care manager, clerk.

use super::Lang;
use super::choice::Choice;
use super::validation::Invalid;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    CareManager,
    ChiefCareManager,
    Clerk,
}

impl StaffRole {
    /// A label, code, alias (ケアマネ, 事務) or a beginning that fits one role (主任).
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        Self::parse_choice(input)
    }
    pub fn code(self) -> &'static str {
        match self {
            Self::CareManager => "care_manager",
            Self::ChiefCareManager => "chief_care_manager",
            Self::Clerk => "clerk",
        }
    }
    pub fn from_code(s: &str) -> Self {
        match s {
            "chief_care_manager" => Self::ChiefCareManager,
            "clerk" => Self::Clerk,
            _ => Self::CareManager,
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::CareManager => lang.pick("介護支援専門員", "care manager"),
            Self::ChiefCareManager => lang.pick("主任介護支援専門員", "chief care manager"),
            Self::Clerk => lang.pick("事務職員", "clerk"),
        }
    }
    pub fn is_care_manager(self) -> bool {
        !matches!(self, Self::Clerk)
    }
}

impl Choice for StaffRole {
    fn all() -> &'static [Self] {
        &[Self::CareManager, Self::ChiefCareManager, Self::Clerk]
    }
    fn label(self, lang: Lang) -> &'static str {
        StaffRole::label(self, lang)
    }
    fn code(self) -> &'static str {
        StaffRole::code(self)
    }
    fn field_name(lang: Lang) -> &'static str {
        lang.pick("職種", "role")
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::CareManager => &["ケアマネジャー", "ケアマネ"],
            Self::ChiefCareManager => &["主任ケアマネ"],
            Self::Clerk => &["事務"],
        }
    }
}

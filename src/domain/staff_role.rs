//! 職種: care manager, chief care manager, clerk.

use super::validation::{Invalid, fold_ascii};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    CareManager,
    ChiefCareManager,
    Clerk,
}

impl StaffRole {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        match fold_ascii(input).as_str() {
            "介護支援専門員" | "ケアマネジャー" | "ケアマネ" | "care_manager" => {
                Ok(Self::CareManager)
            }
            "主任介護支援専門員" | "主任ケアマネ" | "chief_care_manager" => {
                Ok(Self::ChiefCareManager)
            }
            "事務職員" | "事務" | "clerk" => Ok(Self::Clerk),
            "" => Err(Invalid::required()),
            _ => Err(Invalid::new(
                "職種は 介護支援専門員・主任介護支援専門員・事務職員 のいずれかです",
                "role must be care_manager, chief_care_manager or clerk",
            )),
        }
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
    pub fn label(self, lang: super::Lang) -> &'static str {
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

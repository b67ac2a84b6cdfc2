//! 性別 as recorded on the insurance card.

use super::validation::{Invalid, fold_ascii};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn parse(input: &str) -> Result<Option<Self>, Invalid> {
        match fold_ascii(input).to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "男" | "男性" | "1" | "m" | "male" => Ok(Some(Sex::Male)),
            "女" | "女性" | "2" | "f" | "female" => Ok(Some(Sex::Female)),
            _ => Err(Invalid::new(
                "性別は 男・女（または 1・2）です",
                "sex must be 男/女 (or 1/2, m/f)",
            )),
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "male" => Some(Sex::Male),
            "female" => Some(Sex::Female),
            _ => None,
        }
    }
    pub fn label(self, lang: super::Lang) -> &'static str {
        match self {
            Sex::Male => lang.pick("男", "male"),
            Sex::Female => lang.pick("女", "female"),
        }
    }
}

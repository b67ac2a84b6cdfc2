//! 性別 as recorded on the insurance card.

use super::Lang;
use super::choice::Choice;
use super::validation::Invalid;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// Empty means not recorded; otherwise 男/女, 1/2, m/f, male/female or a unique beginning.
    pub fn parse(input: &str) -> Result<Option<Self>, Invalid> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse_choice(input).map(Some)
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
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Sex::Male => lang.pick("男", "male"),
            Sex::Female => lang.pick("女", "female"),
        }
    }
}

impl Choice for Sex {
    fn all() -> &'static [Self] {
        &[Sex::Male, Sex::Female]
    }
    fn label(self, lang: Lang) -> &'static str {
        Sex::label(self, lang)
    }
    fn code(self) -> &'static str {
        Sex::code(self)
    }
    fn field_name(lang: Lang) -> &'static str {
        lang.pick("性別", "sex")
    }
    /// The insurance card's codes (1 男, 2 女) and the usual short forms.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Sex::Male => &["男性", "1", "m"],
            Sex::Female => &["女性", "2", "f"],
        }
    }
}

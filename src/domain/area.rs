//! 地域区分 (regional grade). The yen per unit of each grade is dated data in the fee rules
//! (`domain::rules`), not here.

use super::Lang;
use super::choice::{Choice, not_one_of};
use super::validation::Invalid;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AreaGrade {
    G1,
    G2,
    G3,
    G4,
    G5,
    G6,
    G7,
    Other,
}

const TABLE: [(AreaGrade, &str, &str); 8] = [
    (AreaGrade::G1, "1", "1級地"),
    (AreaGrade::G2, "2", "2級地"),
    (AreaGrade::G3, "3", "3級地"),
    (AreaGrade::G4, "4", "4級地"),
    (AreaGrade::G5, "5", "5級地"),
    (AreaGrade::G6, "6", "6級地"),
    (AreaGrade::G7, "7", "7級地"),
    (AreaGrade::Other, "other", "その他"),
];

impl AreaGrade {
    fn row(self) -> &'static (AreaGrade, &'static str, &'static str) {
        // TABLE lists every variant once.
        TABLE.iter().find(|r| r.0 == self).unwrap_or(&TABLE[7])
    }
    pub fn code(self) -> &'static str {
        self.row().1
    }
    pub fn label(self) -> &'static str {
        self.row().2
    }
    /// The grade as a reader of `lang` says it: 3級地 / grade 3, その他 / other.
    pub fn label_in(self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::Ja, _) => self.label().to_string(),
            (Lang::En, AreaGrade::Other) => "other".to_string(),
            (Lang::En, _) => format!("grade {}", self.code()),
        }
    }
    /// 1〜7 (also 1級 / 1級地), その他 / other, or a beginning that fits one grade.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        Self::parse_choice(input).map_err(|e| {
            // Eight grades read better as a range than listed one by one.
            if e == not_one_of::<Self>() {
                Invalid::new(
                    "地域区分は 1〜7（級地）または その他 です",
                    "area grade must be 1–7 or other",
                )
            } else {
                e
            }
        })
    }
    pub fn from_code(code: &str) -> Option<Self> {
        TABLE.iter().find(|r| r.1 == code).map(|r| r.0)
    }
}

impl Choice for AreaGrade {
    fn all() -> &'static [Self] {
        use AreaGrade::*;
        &[G1, G2, G3, G4, G5, G6, G7, Other]
    }
    fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.row().2,
            Lang::En => match self {
                Self::G1 => "grade 1",
                Self::G2 => "grade 2",
                Self::G3 => "grade 3",
                Self::G4 => "grade 4",
                Self::G5 => "grade 5",
                Self::G6 => "grade 6",
                Self::G7 => "grade 7",
                Self::Other => "other",
            },
        }
    }
    fn code(self) -> &'static str {
        AreaGrade::code(self)
    }
    fn field_name(lang: Lang) -> &'static str {
        lang.pick("地域区分", "area grade")
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::G1 => &["1級"],
            Self::G2 => &["2級"],
            Self::G3 => &["3級"],
            Self::G4 => &["4級"],
            Self::G5 => &["5級"],
            Self::G6 => &["6級"],
            Self::G7 => &["7級"],
            Self::Other => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn parses_grades() {
        assert_eq!(AreaGrade::parse("1級地").unwrap(), AreaGrade::G1);
        assert_eq!(AreaGrade::parse("３").unwrap(), AreaGrade::G3);
        assert_eq!(AreaGrade::parse("その他").unwrap(), AreaGrade::Other);
        assert!(AreaGrade::parse("8").is_err());
    }
}

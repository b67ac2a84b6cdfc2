//! The 居宅介護支援費 fee schedules ((I), (II)) and bands ((i)–(iii)): the names the caseload,
//! the rules tables and the claim history share (one module that uses none of them).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeSchedule {
    I,
    II,
}

impl FeeSchedule {
    pub fn code(self) -> &'static str {
        match self {
            FeeSchedule::I => "I",
            FeeSchedule::II => "II",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match super::validation::fold_ascii(s)
            .to_ascii_uppercase()
            .as_str()
        {
            "I" | "1" | "Ⅰ" => Some(FeeSchedule::I),
            "II" | "2" | "Ⅱ" => Some(FeeSchedule::II),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Band {
    I,
    Ii,
    Iii,
}

impl Band {
    pub const ALL: [Band; 3] = [Band::I, Band::Ii, Band::Iii];
    pub fn code(self) -> &'static str {
        match self {
            Band::I => "i",
            Band::Ii => "ii",
            Band::Iii => "iii",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Band::I => "(i)",
            Band::Ii => "(ii)",
            Band::Iii => "(iii)",
        }
    }
}

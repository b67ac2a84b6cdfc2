//! 常勤換算 (full-time equivalent), held exactly in hundredths: floats misplace clients at band
//! boundaries (45 × 2.2 = 99.00000000000001).

use super::validation::{Invalid, fold_ascii};
use serde::{Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Fte(u32);

impl Fte {
    pub const FULL: Fte = Fte(100);

    pub fn from_hundredths(h: u32) -> Self {
        Fte(h)
    }
    pub fn hundredths(self) -> u32 {
        self.0
    }
    /// One person's FTE: 0 to 1.00 with at most two decimals (0 means the person has left).
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        Self::parse_up_to(input, 100).map_err(|e| {
            e.unwrap_or_else(|| {
                Invalid::new(
                    "常勤換算は 0〜1.0 の数で、小数第2位までです（例: 1.0、0.6、0.25）",
                    "FTE must be a number from 0 to 1.0 with at most two decimals (e.g. 1.0, 0.6, 0.25)",
                )
            })
        })
    }

    /// An office's total FTE (the sum over its care managers), e.g. 2.5 in a what-if.
    pub fn parse_total(input: &str) -> Result<Self, Invalid> {
        Self::parse_up_to(input, 99_99).map_err(|e| {
            e.unwrap_or_else(|| {
                Invalid::new(
                    "常勤換算の合計は 0 以上の数で、小数第2位までです（例: 2.5）",
                    "total FTE must be a number of 0 or more with at most two decimals (e.g. 2.5)",
                )
            })
        })
    }

    /// Exact decimal parse; Err(Some) for a specific problem, Err(None) for "not a valid number".
    fn parse_up_to(input: &str, max_hundredths: u32) -> Result<Self, Option<Invalid>> {
        let s = fold_ascii(input);
        if s.is_empty() {
            return Err(Some(Invalid::required()));
        }
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        if int.is_empty() && frac.is_empty()
            || frac.len() > 2
            || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
        {
            return Err(None);
        }
        let int: u32 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| None)?
        };
        let frac: u32 = format!("{frac:0<2}").parse().map_err(|_| None)?;
        let h = int
            .checked_mul(100)
            .and_then(|v| v.checked_add(frac))
            .ok_or(None)?;
        if h > max_hundredths {
            return Err(None);
        }
        Ok(Fte(h))
    }
}

impl fmt::Display for Fte {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl Serialize for Fte {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(f64::from(self.0) / 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly() {
        assert_eq!(Fte::parse("1.0").unwrap().hundredths(), 100);
        assert_eq!(Fte::parse("0.6").unwrap().hundredths(), 60);
        assert_eq!(Fte::parse(".25").unwrap().hundredths(), 25);
        assert_eq!(Fte::parse("0").unwrap().hundredths(), 0);
        assert_eq!(Fte::parse("０．８").unwrap().hundredths(), 80);
        assert!(Fte::parse("1.5").is_err());
        assert!(Fte::parse("0.333").is_err());
        assert!(Fte::parse("abc").is_err());
        assert_eq!(Fte::parse("0.6").unwrap().to_string(), "0.60");
        assert_eq!(Fte::parse_total("2.5").unwrap().hundredths(), 250);
        assert!(Fte::parse_total("2.555").is_err());
    }
}

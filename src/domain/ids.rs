//! Validated identifiers: 保険者番号, 介護保険事業所番号, 被保険者番号, 介護支援専門員番号,
//! 法人番号.

use super::validation::{Invalid, fold_ascii};
use serde::Serialize;
use std::fmt;

/// Check digit of the 2-1 modulus-10 rule: weights 2,1,2,… from the rightmost digit,
/// two-digit products summed as digits. Used by 保険者番号 and (as a warning) 事業所番号.
pub fn mod10_check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let p = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            p / 10 + p % 10
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

fn digits_of(s: &str, len: usize, what_ja: &str, what_en: &str) -> Result<Vec<u8>, Invalid> {
    if s.is_empty() {
        return Err(Invalid::required());
    }
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(Invalid::new(
            format!("{what_ja}は数字{len}桁です（数字以外の文字があります）"),
            format!("{what_en} must be {len} digits (found a non-digit)"),
        ));
    }
    if s.len() != len {
        return Err(Invalid::new(
            format!(
                "{what_ja}は数字{len}桁です（{}桁入力されています）",
                s.len()
            ),
            format!("{what_en} must be {len} digits ({} given)", s.len()),
        ));
    }
    Ok(s.bytes().map(|b| b - b'0').collect())
}

/// 保険者番号: 6 digits, the last a 2-1 mod-10 check digit (a mismatch is an input error).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct InsurerNumber(String);

impl InsurerNumber {
    /// Wraps a value read back from the database without re-validating it (it may predate a
    /// rule change or have been edited outside careplan; `careplan check` reports such rows).
    pub fn unchecked(s: &str) -> Self {
        InsurerNumber(s.to_string())
    }
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s = fold_ascii(input);
        let d = digits_of(&s, 6, "保険者番号", "Insurer number")?;
        let want = mod10_check_digit(&d[..5]);
        if d[5] != want {
            return Err(Invalid::new(
                format!(
                    "保険者番号の検査数字が合いません（末尾は{want}になるはずです）。被保険者証を確認してください"
                ),
                format!(
                    "insurer number check digit does not match (last digit should be {want}); check the insurance card"
                ),
            ));
        }
        Ok(InsurerNumber(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 介護保険事業所番号: 10 digits. The check digit is only advisory (see `check_digit_ok`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct OfficeNumber(String);

impl OfficeNumber {
    /// Wraps a value read back from the database without re-validating it (it may predate a
    /// rule change or have been edited outside careplan; `careplan check` reports such rows).
    pub fn unchecked(s: &str) -> Self {
        OfficeNumber(s.to_string())
    }
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s = fold_ascii(input);
        digits_of(&s, 10, "事業所番号", "Office number")?;
        Ok(OfficeNumber(s))
    }
    /// Whether the 10th digit matches the 2-1 mod-10 rule over digits 1–9. Some published
    /// numbers do not, so a mismatch is a warning the user may accept.
    pub fn check_digit_ok(&self) -> bool {
        let d: Vec<u8> = self.0.bytes().map(|b| b - b'0').collect();
        d[9] == mod10_check_digit(&d[..9])
    }
    pub fn check_digit_warning() -> Invalid {
        Invalid::new(
            "事業所番号の検査数字が一般的な規則と合いません。番号が正しければそのまま保存できます",
            "office number check digit does not follow the usual rule; save anyway if the number is right",
        )
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 被保険者番号: 10 digits, or "H" + 9 digits for public-assistance-only recipients.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct InsuredNumber(String);

impl InsuredNumber {
    /// Wraps a value read back from the database without re-validating it (it may predate a
    /// rule change or have been edited outside careplan; `careplan check` reports such rows).
    pub fn unchecked(s: &str) -> Self {
        InsuredNumber(s.to_string())
    }
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s = fold_ascii(input).to_ascii_uppercase();
        if s.is_empty() {
            return Err(Invalid::required());
        }
        let ok = s.len() == 10
            && (s.chars().all(|c| c.is_ascii_digit())
                || (s.starts_with('H') && s[1..].chars().all(|c| c.is_ascii_digit())));
        if !ok {
            return Err(Invalid::new(
                "被保険者番号は数字10桁（生活保護単独の方は H＋数字9桁）です",
                "insured number must be 10 digits (or H + 9 digits for public assistance only)",
            ));
        }
        Ok(InsuredNumber(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 介護支援専門員番号: 8 digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CareManagerNumber(String);

impl CareManagerNumber {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s = fold_ascii(input);
        digits_of(&s, 8, "介護支援専門員番号", "Care manager number")?;
        Ok(CareManagerNumber(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 法人番号: 13 digits, the first a check digit over the other twelve (the 基礎番号): 9 minus
/// the sum of each digit times 1 or 2 (1 for the last digit of the 基礎番号, 2 for the one
/// before it, and so on), modulo 9 (法人番号の指定等に関する省令 第2条). A mismatch is an input
/// error: the number is printed on the 法人番号指定通知書 and in the 国税庁 register.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CorporationNumber(String);

/// The check digit of a 法人番号 for its twelve-digit 基礎番号.
pub fn corporation_check_digit(base: &[u8]) -> u8 {
    let sum: u32 = base
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| u32::from(d) * if i % 2 == 0 { 1 } else { 2 })
        .sum();
    (9 - sum % 9) as u8
}

impl CorporationNumber {
    /// The one check of a 法人番号, for the provider form, the CLI and the import alike:
    /// empty is none (the provider counts as its own corporation), otherwise 13 digits whose
    /// first is the check digit.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, Invalid> {
        let s = fold_ascii(input).replace(['-', ' '], "");
        if s.is_empty() {
            return Ok(None);
        }
        let d = digits_of(&s, 13, "法人番号", "Corporation number")?;
        let want = corporation_check_digit(&d[1..]);
        if d[0] != want {
            return Err(Invalid::new(
                format!(
                    "法人番号の検査数字が合いません（先頭は{want}になるはずです）。国税庁法人番号公表サイトで確認してください"
                ),
                format!(
                    "corporation number check digit does not match (the first digit should be {want}); check the national register"
                ),
            ));
        }
        Ok(Some(CorporationNumber(s)))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! display_as_str {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}
display_as_str!(
    InsurerNumber,
    OfficeNumber,
    InsuredNumber,
    CareManagerNumber,
    CorporationNumber
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn real_insurer_numbers_pass() {
        for n in ["435073", "294538", "143826", "131011"] {
            assert!(InsurerNumber::parse(n).is_ok(), "{n}");
        }
    }

    #[test]
    fn wrong_insurer_check_digit_says_which_digit() {
        let e = InsurerNumber::parse("435074").unwrap_err();
        assert!(e.message(Lang::Ja).contains("3"), "{e}");
        assert!(InsurerNumber::parse("43507").is_err());
        assert!(InsurerNumber::parse("43507a").is_err());
    }

    #[test]
    fn full_width_digits_are_accepted() {
        assert_eq!(
            InsurerNumber::parse("４３５０７３").unwrap().as_str(),
            "435073"
        );
    }

    #[test]
    fn office_numbers_check_digit_is_advisory() {
        for n in [
            "1270501172",
            "2794900205",
            "1300600077",
            "2875104529",
            "3450219724",
            "2873010983",
        ] {
            assert!(OfficeNumber::parse(n).unwrap().check_digit_ok(), "{n}");
        }
        let odd = OfficeNumber::parse("1270501173").unwrap();
        assert!(!odd.check_digit_ok());
        assert!(OfficeNumber::parse("127050117").is_err());
    }

    #[test]
    fn insured_numbers() {
        assert!(InsuredNumber::parse("0000012345").is_ok());
        assert_eq!(
            InsuredNumber::parse("h123456789").unwrap().as_str(),
            "H123456789"
        );
        assert!(InsuredNumber::parse("H12345678").is_err());
        assert!(InsuredNumber::parse("X123456789").is_err());
    }

    #[test]
    fn corporation_numbers_follow_the_check_digit_rule() {
        // Examples published with the rule, and one typed with hyphens and full-width digits.
        for n in [
            "7123456789012",
            "4011001098993",
            "７１２３-４５６７-８９０１２",
        ] {
            assert!(
                CorporationNumber::parse_optional(n).unwrap().is_some(),
                "{n}"
            );
        }
        assert_eq!(CorporationNumber::parse_optional("  ").unwrap(), None);
        let e = CorporationNumber::parse_optional("8123456789012").unwrap_err();
        assert!(e.message(Lang::Ja).contains("先頭は7"), "{e}");
        assert!(CorporationNumber::parse_optional("712345678901").is_err());
        assert!(CorporationNumber::parse_optional("71234567890a2").is_err());
    }

    use crate::domain::Lang;

    proptest! {
        #[test]
        fn every_five_digits_have_exactly_one_valid_insurer_number(n in 0u32..100_000) {
            let base = format!("{n:05}");
            let valid: Vec<u8> = (0..10u8)
                .filter(|d| InsurerNumber::parse(&format!("{base}{d}")).is_ok())
                .collect();
            prop_assert_eq!(valid.len(), 1);
        }

        #[test]
        fn id_parsers_never_panic(s in "\\PC{0,14}") {
            let _ = InsurerNumber::parse(&s);
            let _ = OfficeNumber::parse(&s);
            let _ = InsuredNumber::parse(&s);
            let _ = CareManagerNumber::parse(&s);
            let _ = CorporationNumber::parse_optional(&s);
        }
    }
}

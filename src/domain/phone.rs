//! Phone and FAX numbers as stored: ASCII digits and hyphens (`03-1234-5678`), whatever was
//! typed — full-width digits, long-vowel marks and dashes as hyphens, spaces and brackets as
//! separators (`(03)1234-5678` → `03-1234-5678`).

use super::validation::Invalid;

/// Empty, or the number in ASCII digits and single hyphens; letters and other marks are refused,
/// naming them.
pub fn normalise(input: &str) -> Result<String, Invalid> {
    let mut out = String::new();
    let mut separated = false;
    let mut other = String::new();
    for c in input.chars() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match c {
            '0'..='9' => {
                if separated && !out.is_empty() {
                    out.push('-');
                }
                separated = false;
                out.push(c);
            }
            '-' | 'ー' | 'ｰ' | '−' | '－' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '(' | ')'
            | '（' | '）' => separated = true,
            c if c.is_whitespace() => separated = true,
            _ => other.push(c),
        }
    }
    if other.is_empty() {
        Ok(out)
    } else {
        Err(Invalid::new(
            format!(
                "電話・FAX番号は数字とハイフンで入力してください（「{other}」は使えません。内線などはメモ欄へ）"
            ),
            format!("phone and fax numbers are digits and hyphens (not \"{other}\")"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_as_ascii_digits_and_hyphens() {
        assert_eq!(normalise("０３ー１２３４"), Ok("03-1234".into()));
        assert_eq!(normalise("(03)1234-5678"), Ok("03-1234-5678".into()));
        assert_eq!(
            normalise("（０３）１２３４－５６７８"),
            Ok("03-1234-5678".into())
        );
        assert_eq!(normalise("03 − 1234 ‐ 5678"), Ok("03-1234-5678".into()));
        assert_eq!(normalise("0312345678"), Ok("0312345678".into()));
        assert_eq!(normalise("  "), Ok(String::new()));
    }

    #[test]
    fn letters_are_refused_naming_them() {
        let e = normalise("03-1234-5678 内線12").unwrap_err();
        assert!(e.message(crate::domain::Lang::Ja).contains("「内線」"));
        assert!(normalise("O3-1234").is_err(), "a letter O is not a zero");
        assert!(normalise("tel:03").is_err());
    }
}

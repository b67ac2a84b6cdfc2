//! Validation failures of user input, each with what is wrong and what is allowed.

use super::Lang;
use std::fmt;

/// A value a user typed that cannot be accepted. `message` says what is wrong and what to enter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    ja: String,
    en: String,
}

impl Invalid {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Invalid {
            ja: ja.into(),
            en: en.into(),
        }
    }

    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.ja, &self.en)
    }

    pub fn required() -> Self {
        Invalid::new("入力が必要です", "required")
    }
}

/// In the run's language (`Lang::session`): an error that reaches the command line is read
/// there.
impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message(Lang::session()))
    }
}

impl std::error::Error for Invalid {}

/// Folds full-width digits, letters and punctuation to ASCII and trims, so that input typed with
/// an IME left on is read the same as ASCII input.
pub fn fold_ascii(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '−' | '―' | '‐' => '-',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width() {
        assert_eq!(fold_ascii("　１２３ＡＢ／"), "123AB/");
    }
}

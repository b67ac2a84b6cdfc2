//! フリガナ as stored: full-width katakana whatever was typed. Hiragana becomes katakana,
//! half-width katakana full-width (ｶﾞ → ガ), and each run of spaces (either width) one ASCII
//! space between surname and given name, as the exchange's files and the office's existing
//! records write it (`ヤマダ タロウ`). The same folding makes search keys, so 「やまだ」 finds
//! ヤマダ.

use super::validation::Invalid;
use unicode_normalization::UnicodeNormalization;

/// Characters folded as フリガナ: NFKC (half-width katakana → full-width, with ﾞ ﾟ joined to the
/// kana before them, full-width letters → ASCII), hiragana → katakana. A spacing ゛ ゜ typed
/// after a kana joins it too.
pub fn fold(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .map(|c| match c {
            '\u{309B}' => '\u{3099}',
            '\u{309C}' => '\u{309A}',
            _ => c,
        })
        .nfkc()
        .map(|c| match c {
            'ぁ'..='ゖ' | 'ゝ' | 'ゞ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            _ => c,
        })
}

/// The stored form of a フリガナ: folded, words separated by one ASCII space, trimmed.
pub fn normalise(s: &str) -> String {
    let folded: String = fold(s).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_kana(c: char) -> bool {
    matches!(c, 'ァ'..='ヺ' | 'ー' | '・' | 'ヽ' | 'ヾ' | ' ')
}

/// A フリガナ field as typed: empty, or kana (either script, either width) and spaces, stored
/// normalised. Kanji, letters and digits are refused, naming them.
pub fn parse(input: &str) -> Result<String, Invalid> {
    let kana = normalise(input);
    let other: String = kana.chars().filter(|c| !is_kana(*c)).collect();
    if other.is_empty() {
        Ok(kana)
    } else {
        Err(Invalid::new(
            format!("フリガナはカタカナかひらがなで入力してください（「{other}」は使えません）"),
            format!("write the reading in katakana or hiragana (not \"{other}\")"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_as_full_width_katakana() {
        assert_eq!(normalise("やまだ はなこ"), "ヤマダ ハナコ");
        assert_eq!(normalise("ﾔﾏﾀﾞ  ﾊﾟﾝ"), "ヤマダ パン");
        assert_eq!(normalise("ｶﾞｯｺｳ"), "ガッコウ");
        assert_eq!(normalise(" ヤマダ　　タロウ "), "ヤマダ タロウ");
        assert_eq!(normalise("か゛ゝ"), "ガヽ");
        assert_eq!(normalise("ゔぃーなす"), "ヴィーナス");
        assert_eq!(normalise("ｼﾞｮﾝ･ｽﾐｽ"), "ジョン・スミス");
    }

    #[test]
    fn kanji_letters_and_digits_are_refused() {
        assert_eq!(parse("やまだ たろう"), Ok("ヤマダ タロウ".to_string()));
        assert_eq!(parse(""), Ok(String::new()));
        let e = parse("山田 たろう").unwrap_err();
        assert!(e.message(crate::domain::Lang::Ja).contains("「山田」"));
        assert!(parse("Yamada").is_err());
        assert!(parse("ヤマダ2").is_err());
    }
}

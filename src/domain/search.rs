//! Search keys for Japanese names: NFKC (half-width katakana → full-width), hiragana folded to
//! katakana, spaces removed, ASCII lower-cased — so 「やまだ」 finds ヤマダ and 山田 finds 山田.

use unicode_normalization::UnicodeNormalization;

pub fn search_key(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            _ => c.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn folds_kana() {
        assert_eq!(search_key("やまだ 花子"), "ヤマダ花子");
        assert_eq!(search_key("ﾔﾏﾀﾞ"), "ヤマダ");
        assert!(search_key("ヤマダ　ハナコ").contains(&search_key("はなこ")));
    }
}

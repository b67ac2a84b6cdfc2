//! Search keys for Japanese names: folded as フリガナ are (`kana::fold`: half-width katakana →
//! full-width, hiragana → katakana), spaces removed, ASCII lower-cased — so 「やまだ」 finds
//! ヤマダ and 山田 finds 山田.

/// The folding of `kana::fold`, spaces removed and ASCII lower-cased.
pub fn search_key(s: &str) -> String {
    super::kana::fold(s)
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
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

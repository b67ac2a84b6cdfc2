//! Text as other systems write it, made comparable: NFKC (要介護３ → 要介護3, ｻｰﾋﾞｽ → サービス),
//! old kanji folded for matching names (淺 → 浅, from `assets/kanji_variants.tsv`), and the
//! symbol-named rows that are staff schedule placeholders rather than people.

use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

const VARIANTS_TSV: &str = include_str!("../../assets/kanji_variants.tsv");

/// NFKC, trimmed: how every cell of a migrated file is read.
pub fn nfkc(s: &str) -> String {
    s.nfkc().collect::<String>().trim().to_string()
}

fn variants() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        VARIANTS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("variant\t"))
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((f.next()?.chars().next()?, f.next()?.chars().next()?))
            })
            .collect()
    })
}

/// The form two spellings of one name share: NFKC, variant kanji folded, spaces (full- or
/// half-width) removed. For matching only; names are stored as written.
pub fn name_key(s: &str) -> String {
    let table = variants();
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| *table.get(&c).unwrap_or(&c))
        .collect()
}

/// Marks that suites put before a name to hold a schedule slot, not a person.
const PLACEHOLDER_MARKS: &[char] = &[
    '★', '◆', '◎', '●', '■', '☆', '〇', '○', '◇', '▲', '△', '▼', '▽', '※', '＊', '*', '□', '◯',
];

/// Whether a row named `name` is a placeholder (its name starts with a symbol such as ★ or
/// ※), not a client.
pub fn is_placeholder(name: &str) -> bool {
    match name.trim().chars().next() {
        Some(c) => PLACEHOLDER_MARKS.contains(&c) || !c.is_alphanumeric(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_half_width_kana_are_read_as_one_form() {
        assert_eq!(nfkc(" 要介護３ "), "要介護3");
        assert_eq!(
            nfkc("適用期間－開始日（居宅ｻｰﾋﾞｽ区分）"),
            "適用期間-開始日(居宅サービス区分)"
        );
    }

    #[test]
    fn old_kanji_and_spaces_do_not_separate_one_name() {
        assert_eq!(name_key("淺野　惠子"), name_key("浅野 恵子"));
        assert_eq!(name_key("髙橋 ﾀﾛｳ"), name_key("高橋タロウ"));
        assert_ne!(name_key("浅野恵子"), name_key("浅野恵美"));
    }

    #[test]
    fn symbol_named_rows_are_placeholders_and_people_are_not() {
        for p in ["★訪問枠", "※予備", "●午前", "＊空き", "○会議"] {
            assert!(is_placeholder(p), "{p}");
        }
        for n in ["山田 花子", "ヤマダ", "Smith", ""] {
            assert!(!is_placeholder(n), "{n}");
        }
    }
}

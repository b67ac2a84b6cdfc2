//! Short labels for the providers of one board row: as wide as the cell allows, and no two
//! alike, so a row can be read without moving the cursor (the full names are spelled out
//! below the board).

use crate::present::text::width;
use unicode_width::UnicodeWidthChar;

/// Words that say what kind of organisation a provider is, not which one: left out of
/// labels. Longer words first, so "サービスセンター" goes before "センター" would.
const GENERIC: &[&str] = &[
    "特定非営利活動法人",
    "一般社団法人",
    "社会福祉法人",
    "医療法人社団",
    "医療法人",
    "株式会社",
    "有限会社",
    "合同会社",
    "NPO法人",
    "（株）",
    "(株)",
    "㈱",
    "（有）",
    "(有)",
    "㈲",
    "サービスセンター",
    "ケアセンター",
    "センター",
    "ステーション",
    "事業所",
    "指定",
];

/// The part of a provider's name that tells it from others: without company forms,
/// generic words and spaces (the whole name, spaces dropped, if nothing else is left).
pub fn core(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    let whole = s.clone();
    for g in GENERIC {
        s = s.replace(g, "");
    }
    if s.is_empty() { whole } else { s }
}

/// The leading characters of `s` that fit in `cols` columns (no "…": a label is an
/// abbreviation, and every column counts).
fn cut(s: &str, cols: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > cols {
            break;
        }
        out.push(c);
        used += w;
    }
    out
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Whether label `a` (cut from `a_core`) looks like label `b`: the same, or cut short where
/// `b` goes on (ひま beside ひま介護).
fn alike(a: &str, a_core: &str, b: &str) -> bool {
    a == b || (a != a_core && b.starts_with(a))
}

/// Indices of labels that look like another label.
fn colliding(labels: &[String], cores: &[String]) -> Vec<usize> {
    (0..labels.len())
        .filter(|&i| {
            (0..labels.len()).any(|j| {
                j != i
                    && (alike(&labels[i], &cores[i], &labels[j])
                        || alike(&labels[j], &cores[j], &labels[i]))
            })
        })
        .collect()
}

/// Labels for one row's providers, given as (name, service type short name), each at most
/// as wide as its cell allows (`cols[i]` columns; none where no width is given) and pairwise
/// distinct whenever every width holds the row's last position number (2 columns for up to
/// 99 cells).
///
/// Each label is the start of the name's distinguishing part ([`core`]); names that still
/// look alike keep a short head and show where they differ (ひまわり訪問介護 / ひまわり訪問看護
/// at 6 columns: ひ介護 / ひ看護); if that is not enough the service type is added, and as a
/// last resort the cell's position in the row.
pub fn distinct_labels(items: &[(&str, &str)], cols: &[usize]) -> Vec<String> {
    let cols = |i: usize| cols.get(i).copied().unwrap_or(0);
    let whole: Vec<String> = items.iter().map(|(n, _)| core(n)).collect();
    let cores: Vec<Vec<char>> = whole.iter().map(|c| c.chars().collect()).collect();
    let alike_at = |labels: &[String], i: usize, j: usize| {
        alike(&labels[i], &whole[i], &labels[j]) || alike(&labels[j], &whole[j], &labels[i])
    };
    let mut labels: Vec<String> = cores
        .iter()
        .enumerate()
        .map(|(i, c)| cut(&c.iter().collect::<String>(), cols(i)))
        .collect();

    // Names alike at the start: a head, then from where they differ.
    let clash = colliding(&labels, &whole);
    let first = labels.clone();
    for &i in &clash {
        let d = clash
            .iter()
            .filter(|&&j| j != i && alike_at(&first, i, j) && cores[j] != cores[i])
            .map(|&j| common_prefix(&cores[i], &cores[j]))
            .max()
            .unwrap_or(0);
        let rest: String = cores[i][d..].iter().collect();
        let head: String = cores[i][..d].iter().collect();
        labels[i] = if width(&rest) >= cols(i) {
            cut(&rest, cols(i))
        } else {
            format!("{}{rest}", cut(&head, cols(i) - width(&rest)))
        };
    }

    // Still alike (the same name twice, or alike where they differ): the service type.
    let clash = colliding(&labels, &whole);
    let before = labels.clone();
    for &i in &clash {
        let kind = items[i].1;
        let kinds_differ = clash
            .iter()
            .any(|&j| j != i && alike_at(&before, i, j) && items[j].1 != kind);
        if kinds_differ && width(kind) < cols(i) {
            labels[i] = format!("{}{kind}", cut(&labels[i], cols(i) - width(kind)));
        }
    }

    // Last resort: the position in the row, zero-padded so every suffix is as long.
    let digits = items.len().to_string().len();
    for round in 0..2 {
        let clash = colliding(&labels, &whole);
        if clash.is_empty() || (0..items.len()).any(|i| cols(i) < digits) {
            break;
        }
        // The second round numbers every label: distinct suffixes of one length.
        let which: Vec<usize> = if round == 0 {
            clash
        } else {
            (0..labels.len()).collect()
        };
        for i in which {
            labels[i] = format!("{}{:0digits$}", cut(&labels[i], cols(i) - digits), i + 1);
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_distinct(labels: &[String]) -> bool {
        (0..labels.len()).all(|i| (0..i).all(|j| labels[i] != labels[j]))
    }

    #[test]
    fn names_sharing_their_start_are_told_apart_at_every_width() {
        let row = [
            ("ひまわり訪問介護", "訪介"),
            ("ひまわり訪問看護", "訪看"),
            ("ひまわり福祉用具", "福祉用具"),
        ];
        for cols in 2..=20 {
            let l = distinct_labels(&row, &[cols; 3]);
            assert!(all_distinct(&l), "{cols}: {l:?}");
            assert!(l.iter().all(|s| width(s) <= cols), "{cols}: {l:?}");
        }
        assert_eq!(
            distinct_labels(&row, &[6; 3]),
            vec!["ひ介護", "ひ看護", "福祉用"]
        );
        assert_eq!(distinct_labels(&row, &[4; 3]), vec!["介護", "看護", "福祉"]);
        // Each cell its own width (a cell with a longer service type has less room).
        let l = distinct_labels(&row, &[8, 8, 4]);
        assert_eq!(l, vec!["ひま介護", "ひま看護", "福祉"]);
        // A label cut short where another goes on is not left looking like it.
        let l = distinct_labels(&row, &[10, 10, 6]);
        assert_eq!(l, vec!["ひまわ介護", "ひまわ看護", "福祉用"]);
        // Whole names that start alike stay whole.
        assert_eq!(
            distinct_labels(&[("ひかり", "訪介"), ("ひかり台", "通所")], &[8, 8]),
            vec!["ひかり", "ひかり台"]
        );
        // Wide enough: the whole names.
        assert_eq!(
            distinct_labels(&row, &[16; 3]),
            vec!["ひまわり訪問介護", "ひまわり訪問看護", "ひまわり福祉用具"]
        );
    }

    #[test]
    fn company_forms_and_generic_words_are_left_out() {
        assert_eq!(core("株式会社ほほえみケアセンター"), "ほほえみ");
        assert_eq!(
            core("こもれび訪問介護事業所 さくら台"),
            "こもれび訪問介護さくら台"
        );
        assert_eq!(core("センター"), "センター");
        // Branches of one chain differ only at the end.
        let row = [
            ("こもれび訪問介護事業所 さくら台", "訪介"),
            ("こもれび訪問介護事業所 みどり台", "訪介"),
        ];
        assert_eq!(distinct_labels(&row, &[6; 2]), vec!["さくら", "みどり"]);
        assert_eq!(
            distinct_labels(&row, &[12; 2]),
            vec!["こもさくら台", "こもみどり台"]
        );
    }

    #[test]
    fn the_same_provider_twice_is_told_apart_by_type_then_by_position() {
        let row = [
            ("あおぞら", "訪介"),
            ("あおぞら", "通所"),
            ("ひかり", "訪介"),
        ];
        assert_eq!(
            distinct_labels(&row, &[8; 3]),
            vec!["あお訪介", "あお通所", "ひかり"]
        );
        let same = [("あおぞら", "訪介"), ("あおぞら", "訪介")];
        for cols in 1..=12 {
            let l = distinct_labels(&same, &[cols; 2]);
            assert!(all_distinct(&l), "{cols}: {l:?}");
            assert!(l.iter().all(|s| width(s) <= cols), "{cols}: {l:?}");
        }
        assert_eq!(distinct_labels(&same, &[6; 2]), vec!["あお1", "あお2"]);
    }

    #[test]
    fn distinct_labels_never_collide_for_many_alike_names() {
        let names: Vec<String> = (0..12).map(|i| format!("さくら{}", i % 4)).collect();
        let row: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "訪介")).collect();
        for cols in 2..=14 {
            let l = distinct_labels(&row, &[cols; 12]);
            assert!(all_distinct(&l), "{cols}: {l:?}");
            assert!(l.iter().all(|s| width(s) <= cols), "{cols}: {l:?}");
        }
    }
}

//! Short labels for the providers of one board row: as wide as the cell allows, and no two
//! alike, so a row can be read without moving the cursor (the full names are spelled out
//! below the board). A label is made of whole words: the provider's own name (its brand), the
//! word for its kind of service in a short form from assets/provider_abbreviations.tsv, and
//! its branch; only the brand is ever shortened, from its end.

use crate::present::text::width;
use std::sync::OnceLock;
use unicode_width::UnicodeWidthChar;

const ABBREVIATIONS_TSV: &str = include_str!("../../../assets/provider_abbreviations.tsv");

/// (codes, word, short) from the asset, longer words first so that 小規模デイサービス is
/// matched before デイサービス.
fn abbreviations() -> &'static [(Vec<&'static str>, &'static str, &'static str)] {
    static TABLE: OnceLock<Vec<(Vec<&'static str>, &'static str, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut v: Vec<_> = ABBREVIATIONS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("codes\t") && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let codes = f.next()?.split(',').map(str::trim).collect();
                Some((codes, f.next()?.trim(), f.next()?.trim()))
            })
            .collect();
        v.sort_by_key(|(_, w, _)| std::cmp::Reverse(w.chars().count()));
        v
    })
}
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

/// A provider's name in its parts: brand (its own name), the word for its kind of service
/// with that word's short form, and the branch (after a space).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parts {
    brand: String,
    kind: String,
    short: String,
    branch: String,
}

fn parts(name: &str, code: &str) -> Parts {
    let mut words = name.split(|c: char| c.is_whitespace() || c == '\u{3000}');
    let first = words.next().unwrap_or_default();
    let rest: String = words.collect();
    let branch = if rest.is_empty() { rest } else { core(&rest) };
    let found = abbreviations()
        .iter()
        .filter(|(codes, _, _)| codes.contains(&code))
        .chain(
            abbreviations()
                .iter()
                .filter(|(codes, _, _)| codes.contains(&"*")),
        )
        .find_map(|(_, word, short)| first.find(word).map(|at| (at, *word, *short)));
    match found {
        Some((at, word, short)) => Parts {
            brand: strip_generic(&first[..at]),
            // What follows the word (居宅療養 after クリニック) belongs to the kind, less the
            // generic words (事業所, ステーション).
            kind: format!("{word}{}", strip_generic(&first[at + word.len()..])),
            short: short.to_string(),
            branch,
        },
        None => Parts {
            brand: core(first),
            kind: String::new(),
            short: String::new(),
            branch,
        },
    }
}

/// `s` without the generic words (nothing is left when it is only those).
fn strip_generic(s: &str) -> String {
    let mut s = s.to_string();
    for g in GENERIC {
        s = s.replace(g, "");
    }
    s
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

/// A candidate label and whether its brand was shortened (then it may look like another
/// label that goes on from it: ひま beside ひまわり).
#[derive(Debug, Clone)]
struct Candidate {
    text: String,
    cut: bool,
}

/// The labels a provider may take, most telling first, each at most `cols` wide. `typed`: the
/// cell shows the service type beside the label, so the kind's word is needed only to tell
/// providers apart.
fn candidates(p: &Parts, type_short: &str, cols: usize, typed: bool) -> Vec<Candidate> {
    let whole = |t: String| Candidate {
        text: t,
        cut: false,
    };
    // Without a word for its kind in the name, the service type's short name stands for it.
    let short = if p.short.is_empty() {
        type_short
    } else {
        &p.short
    };
    let brand = if p.brand.is_empty() { short } else { &p.brand };
    let mut v = vec![whole(format!("{}{}{}", p.brand, p.kind, p.branch))];
    let with_kind = vec![
        whole(format!("{}{short}{}", p.brand, p.branch)),
        whole(format!("{}{short}", p.brand)),
    ];
    let without_kind = vec![
        whole(format!("{brand}{}", p.branch)),
        whole(brand.to_string()),
    ];
    if typed {
        v.extend(without_kind);
        v.extend(with_kind);
    } else {
        v.extend(with_kind);
        v.extend(without_kind);
    }
    let shortened = |text: &str, tail: &str| -> Option<Candidate> {
        let head = cut(text, cols.checked_sub(width(tail))?);
        (!head.is_empty() && head != text).then(|| Candidate {
            text: format!("{head}{tail}"),
            cut: true,
        })
    };
    // Then the brand shortened (a proper name reads from its start), alone or beside the
    // short kind or the branch; the branch alone; and the branch shortened as the last word.
    v.extend(shortened(&p.brand, ""));
    v.extend(shortened(&p.brand, short));
    v.extend(shortened(&p.brand, &p.branch));
    v.push(whole(p.branch.clone()));
    v.push(whole(format!("{short}{}", p.branch)));
    v.extend(shortened(&p.branch, ""));
    v.push(whole(short.to_string()));
    let mut seen: Vec<String> = Vec::new();
    v.retain(|c| {
        let ok = !c.text.is_empty() && width(&c.text) <= cols && !seen.contains(&c.text);
        if ok {
            seen.push(c.text.clone());
        }
        ok
    });
    v
}

/// Whether label `a` looks like label `b`: the same, or a shortened brand where `b` goes on
/// (ひま beside ひまわり).
fn alike(a: &Candidate, b: &Candidate) -> bool {
    a.text == b.text
        || (a.cut && b.text.starts_with(&a.text))
        || (b.cut && a.text.starts_with(&b.text))
}

/// Labels for one row's providers, given as (name, service type code, service type short
/// name), each at most as wide as its cell allows (`cols[i]` columns; none where no width is
/// given) and pairwise distinct whenever every width holds the row's last position number (2
/// columns for up to 99 cells). `typed[i]`: the cell shows the service type beside its label.
///
/// Each provider starts at its most telling label that fits ([`candidates`]); while two look
/// alike, each of them moves to its next label that looks like no other; as a last resort the
/// cell's position in the row is added.
pub fn distinct_labels(
    items: &[(&str, &str, &str)],
    cols: &[usize],
    typed: &[bool],
) -> Vec<String> {
    let cols = |i: usize| cols.get(i).copied().unwrap_or(0);
    let parts: Vec<Parts> = items
        .iter()
        .map(|(name, code, _)| parts(name, code))
        .collect();
    let options: Vec<Vec<Candidate>> = items
        .iter()
        .enumerate()
        .map(|(i, (_, _, short))| {
            candidates(
                &parts[i],
                short,
                cols(i),
                typed.get(i).copied().unwrap_or(false),
            )
        })
        .collect();
    let none = Candidate {
        text: String::new(),
        cut: true,
    };
    let mut labels: Vec<Candidate> = options
        .iter()
        .map(|o| o.first().cloned().unwrap_or_else(|| none.clone()))
        .collect();
    let mut pick = vec![0usize; items.len()];
    let clashing = |labels: &[Candidate]| -> Vec<usize> {
        (0..labels.len())
            .filter(|&i| (0..labels.len()).any(|j| j != i && alike(&labels[i], &labels[j])))
            .collect()
    };
    // Each round moves every clashing label to its next one that looks like no label but
    // those it clashed with (so that alike names move alike); it ends when none clash or none
    // can move.
    let rounds = options.iter().map(Vec::len).max().unwrap_or(0) + 1;
    for _ in 0..rounds {
        let clash = clashing(&labels);
        if clash.is_empty() {
            break;
        }
        let start = labels.clone();
        let mut moved = false;
        for &i in &clash {
            // Those it looked like at the round's start move alongside; every other label,
            // as it stands now, is to be kept clear of.
            let avoid: Vec<Candidate> = (0..labels.len())
                .filter(|&j| j != i && !alike(&start[i], &start[j]))
                .map(|j| labels[j].clone())
                .collect();
            if let Some(k) = (pick[i] + 1..options[i].len())
                .find(|&k| avoid.iter().all(|o| !alike(&options[i][k], o)))
            {
                pick[i] = k;
                labels[i] = options[i][k].clone();
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }

    // Last resort: the position in the row after the brand (or the kind) cut short,
    // zero-padded so every suffix is as long; each still clashing label starts again from its
    // most telling one.
    let digits = items.len().to_string().len();
    for round in 0..2 {
        let clash = clashing(&labels);
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
            let name = if parts[i].brand.is_empty() {
                items[i].2
            } else {
                &parts[i].brand
            };
            labels[i] = Candidate {
                text: format!("{}{:0digits$}", cut(name, cols(i) - digits), i + 1),
                cut: false,
            };
        }
    }
    labels.into_iter().map(|c| c.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_distinct(labels: &[String]) -> bool {
        (0..labels.len()).all(|i| (0..i).all(|j| labels[i] != labels[j]))
    }

    fn labels(row: &[(&str, &str, &str)], cols: usize) -> Vec<String> {
        distinct_labels(row, &vec![cols; row.len()], &vec![false; row.len()])
    }

    /// A label is made of whole words: the brand or its start, the kind whole, in its short
    /// form or left out, then the branch or its start (or a position number). No label ends
    /// inside a word for a kind of service, as 介護み, デイみ, クリニ, 入浴サービ and ショー did.
    fn made_of_whole_words(label: &str, name: &str, code: &str, type_short: &str) {
        let p = parts(name, code);
        let numbered = label.trim_end_matches(|c: char| c.is_ascii_digit());
        let ok = (0..=p.brand.len())
            .filter(|&n| p.brand.is_char_boundary(n))
            .any(|n| {
                let rest = if n == 0 {
                    label
                } else {
                    label.strip_prefix(&p.brand[..n]).unwrap_or("\u{0}")
                };
                [p.kind.as_str(), p.short.as_str(), type_short, ""]
                    .iter()
                    .filter_map(|k| rest.strip_prefix(k))
                    .any(|r| p.branch.starts_with(r))
            })
            || p.brand.starts_with(numbered)
            || type_short.starts_with(numbered);
        assert!(ok, "{label} is not made of whole words of {name}");
    }

    #[test]
    fn names_sharing_their_brand_are_told_apart_by_their_kind_at_every_width() {
        let row = [
            ("ひまわり訪問介護", "11", "訪介"),
            ("ひまわり訪問看護", "13", "訪看"),
            ("ひまわり福祉用具", "17", "福祉用具"),
        ];
        for cols in 2..=20 {
            let l = labels(&row, cols);
            assert!(all_distinct(&l), "{cols}: {l:?}");
            assert!(l.iter().all(|s| width(s) <= cols), "{cols}: {l:?}");
        }
        assert_eq!(labels(&row, 6), vec!["ひ訪介", "ひ訪看", "ひ用具"]);
        assert_eq!(labels(&row, 4), vec!["訪介", "訪看", "用具"]);
        assert_eq!(labels(&row, 8), vec!["ひま訪介", "ひま訪看", "ひま用具"]);
        assert_eq!(
            labels(&row, 12),
            vec!["ひまわり訪介", "ひまわり訪看", "ひまわり用具"]
        );
        // Wide enough: the whole names.
        assert_eq!(
            labels(&row, 16),
            vec!["ひまわり訪問介護", "ひまわり訪問看護", "ひまわり福祉用具"]
        );
    }

    #[test]
    fn the_kind_is_a_whole_word_or_its_short_form_never_a_cut_one() {
        // The names of the cut labels, at the widths the board gives them.
        let row = [
            ("ひまわり訪問介護事業所 みどり台", "11", "訪介"),
            ("なごみデイサービスセンター みどり台", "15", "通所"),
            ("つばさクリニック居宅療養 あおば野", "31", "居療"),
            ("せせらぎ訪問入浴サービス つつじヶ丘", "12", "入浴"),
            ("ほほえみショートステイ ひかり丘", "21", "短期"),
            ("わかば小規模デイサービス", "78", "地通"),
        ];
        for cols in 4..=24 {
            let l = labels(&row, cols);
            assert!(all_distinct(&l), "{cols}: {l:?}");
            for (s, (name, code, short)) in l.iter().zip(&row) {
                assert!(width(s) <= cols, "{cols}: {l:?}");
                made_of_whole_words(s, name, code, short);
            }
        }
        assert_eq!(
            labels(&row, 8),
            vec![
                "ひまわり",
                "なごみ",
                "つばさ",
                "せせらぎ",
                "ほほえみ",
                "わかば"
            ]
        );
        assert_eq!(
            labels(&row, 10),
            vec![
                "ひまわり",
                "なごみデイ",
                "つばさ居療",
                "せせらぎ",
                "ほほえみ",
                "わかば"
            ]
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
        // Branches of one chain differ only by the branch.
        let row = [
            ("こもれび訪問介護事業所 さくら台", "11", "訪介"),
            ("こもれび訪問介護事業所 みどり台", "11", "訪介"),
        ];
        assert_eq!(labels(&row, 6), vec!["さくら", "みどり"]);
        assert_eq!(labels(&row, 8), vec!["さくら台", "みどり台"]);
        assert_eq!(
            labels(&row, 16),
            vec!["こもれびさくら台", "こもれびみどり台"]
        );
    }

    #[test]
    fn a_cell_showing_its_type_leaves_the_kind_out_of_the_label() {
        let row = [
            ("ほほえみデイサービスセンター", "15", "通所"),
            ("こもれび訪問看護ステーション", "13", "訪看"),
        ];
        let typed = distinct_labels(&row, &[10, 10], &[true, true]);
        assert_eq!(typed, vec!["ほほえみ", "こもれび"]);
        let untyped = distinct_labels(&row, &[10, 10], &[false, false]);
        assert_eq!(untyped, vec!["ほほえみ", "こもれび"]);
        let wide = distinct_labels(&row, &[14, 14], &[false, false]);
        assert_eq!(wide, vec!["ほほえみデイ", "こもれび訪看"]);
    }

    #[test]
    fn the_same_provider_twice_is_told_apart_by_type_then_by_position() {
        let row = [
            ("あおぞら", "11", "訪介"),
            ("あおぞら", "15", "通所"),
            ("ひかり", "11", "訪介"),
        ];
        assert_eq!(labels(&row, 8), vec!["あお訪介", "あお通所", "ひかり"]);
        let same = [("あおぞら", "11", "訪介"), ("あおぞら", "11", "訪介")];
        for cols in 1..=12 {
            let l = labels(&same, cols);
            assert!(all_distinct(&l), "{cols}: {l:?}");
            assert!(l.iter().all(|s| width(s) <= cols), "{cols}: {l:?}");
        }
        assert_eq!(labels(&same, 6), vec!["あお1", "あお2"]);
    }

    #[test]
    fn distinct_labels_never_collide_for_many_alike_names() {
        let names: Vec<String> = (0..12).map(|i| format!("さくら{}", i % 4)).collect();
        let row: Vec<(&str, &str, &str)> =
            names.iter().map(|n| (n.as_str(), "11", "訪介")).collect();
        for cols in 2..=14 {
            let l = labels(&row, cols);
            assert!(all_distinct(&l), "{cols}: {l:?}");
            assert!(l.iter().all(|s| width(s) <= cols), "{cols}: {l:?}");
        }
    }

    #[test]
    fn every_row_of_the_abbreviations_asset_reads() {
        assert!(abbreviations().len() > 20);
        for (codes, word, short) in abbreviations() {
            assert!(!codes.is_empty() && !word.is_empty() && !short.is_empty());
            assert!(width(short) <= 8, "{word} → {short}");
            for c in codes {
                assert!(
                    *c == "*" || crate::domain::service_types::find(c).is_some(),
                    "{c} is not a service type"
                );
            }
        }
    }
}

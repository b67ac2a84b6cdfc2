//! Record layouts per edition of the CSV standard. The edition is the CSV version in field 1 of
//! every record, which follows the service month (not the day the file was sent): a file sent
//! today for a month before 2025-04 may carry ver.3 records.
//!
//! ver.4.0 added three 福祉用具 fields (TAISコード, 福祉用具届出コード, 用具名称) to 第6表 (№16–18)
//! and 第7表 (№10–12); in ver.3 and earlier they are absent and every later field moves up by
//! three. The reader turns older records into the ver.4.1 layout (the three fields empty), so the
//! rest of the program numbers fields as ver.4.1 does.

use super::names::Prefix;

/// An edition of the standard, named by its CSV version value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Edition {
    First,
    Y2020,
    V3,
    V40,
    V41,
}

/// (edition, value in field 1, name shown to the user), oldest first.
const EDITIONS: [(Edition, &str, &str); 5] = [
    (Edition::First, "201910", "初版"),
    (Edition::Y2020, "202003", "2020年版"),
    (Edition::V3, "202208", "ver.3"),
    (Edition::V40, "202504", "ver.4.0"),
    (Edition::V41, "202407", "ver.4.1"),
];

impl Edition {
    pub fn from_version(v: &str) -> Option<Edition> {
        EDITIONS.iter().find(|e| e.1 == v).map(|e| e.0)
    }

    pub fn version(self) -> &'static str {
        EDITIONS[self as usize].1
    }

    pub fn label(self) -> &'static str {
        EDITIONS[self as usize].2
    }

    /// ver.4.0 and later: file names carry service types, and 第6表/第7表 the 福祉用具 fields.
    pub fn is_v4(self) -> bool {
        self >= Edition::V40
    }

    /// The known versions as a list for messages: "201910（初版）・…".
    pub fn known_list() -> String {
        EDITIONS
            .iter()
            .map(|e| format!("{}（{}）", e.1, e.2))
            .collect::<Vec<_>>()
            .join("・")
    }

    pub fn all() -> impl Iterator<Item = Edition> {
        EDITIONS.iter().map(|e| e.0)
    }
}

/// Where the three 福祉用具 fields stand in ver.4.x (first of the three), for the prefixes that
/// have them.
fn equipment_fields(prefix: Prefix) -> Option<usize> {
    match prefix {
        Prefix::UpPlan | Prefix::UpJsk => Some(16),
        Prefix::UpSikyu => Some(10),
        _ => None,
    }
}

/// Prefixes the standard defines only from ver.4 (介護予防 files, 第3表).
fn v4_only(prefix: Prefix) -> bool {
    matches!(
        prefix,
        Prefix::Up3Kyo
            | Prefix::UpKihon
            | Prefix::UpKihonSub1
            | Prefix::UpKihonSub2
            | Prefix::UpKihonImage
            | Prefix::DltKihon
            | Prefix::UpYobo
            | Prefix::UpYoboSub
            | Prefix::DltYobo
    )
}

/// Whether the edition defines this prefix at all.
pub fn defined(prefix: Prefix, edition: Edition) -> bool {
    edition.is_v4() || !v4_only(prefix)
}

/// Fields per record of `prefix` in `edition`; 0 = not fixed here (read for fields 1–3 only).
pub fn field_count(prefix: Prefix, edition: Edition) -> usize {
    let v41 = prefix.field_count();
    match equipment_fields(prefix) {
        Some(_) if !edition.is_v4() => v41 - 3,
        _ => v41,
    }
}

/// The number a ver.4.1 field has in `edition` (None: the edition has no such field).
pub fn number_in(prefix: Prefix, edition: Edition, n41: usize) -> Option<usize> {
    match equipment_fields(prefix) {
        Some(first) if !edition.is_v4() => {
            if n41 < first {
                Some(n41)
            } else if n41 < first + 3 {
                None
            } else {
                Some(n41 - 3)
            }
        }
        _ => Some(n41),
    }
}

/// Turns a record of `edition` into the ver.4.1 layout (the fields it lacks empty).
pub fn to_v41(prefix: Prefix, edition: Edition, mut fields: Vec<String>) -> Vec<String> {
    if let Some(first) = equipment_fields(prefix).filter(|_| !edition.is_v4()) {
        let at = (first - 1).min(fields.len());
        fields.splice(at..at, std::iter::repeat_n(String::new(), 3));
    }
    fields
}

/// The editions whose layout of `prefix` has `count` fields, as a phrase for messages.
pub fn editions_with_count(prefix: Prefix, count: usize) -> Option<String> {
    let names: Vec<&str> = Edition::all()
        .filter(|e| defined(prefix, *e) && field_count(prefix, *e) == count)
        .map(Edition::label)
        .collect();
    (!names.is_empty()).then(|| names.join("・"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixth_and_seventh_tables_lose_three_fields_before_ver4() {
        assert_eq!(field_count(Prefix::UpPlan, Edition::V3), 22);
        assert_eq!(field_count(Prefix::UpJsk, Edition::First), 22);
        assert_eq!(field_count(Prefix::UpSikyu, Edition::V3), 34);
        assert_eq!(field_count(Prefix::UpPlan, Edition::V40), 25);
        assert_eq!(field_count(Prefix::UpSikyu, Edition::V41), 37);
        // Unchanged in 4.0.
        assert_eq!(field_count(Prefix::UpHosoku, Edition::V3), 63);
        assert_eq!(field_count(Prefix::Up1Kyo, Edition::V3), 28);
        // 7表 「前月までの利用日数」 is №27 in ver.3 and №30 in 4.1.
        assert_eq!(number_in(Prefix::UpSikyu, Edition::V3, 30), Some(27));
        assert_eq!(number_in(Prefix::UpPlan, Edition::V3, 20), Some(17));
        assert_eq!(number_in(Prefix::UpPlan, Edition::V3, 17), None);
        assert_eq!(number_in(Prefix::UpPlan, Edition::V3, 15), Some(15));
    }

    #[test]
    fn an_older_record_is_laid_out_as_ver41() {
        let v3: Vec<String> = (1..=22).map(|i| i.to_string()).collect();
        let v41 = to_v41(Prefix::UpJsk, Edition::V3, v3);
        assert_eq!(v41.len(), 25);
        assert_eq!(v41[14], "15");
        assert_eq!(&v41[15..18], ["", "", ""]);
        assert_eq!(v41[19], "17");
    }

    #[test]
    fn a_count_names_the_editions_it_fits() {
        assert_eq!(
            editions_with_count(Prefix::UpPlan, 22).as_deref(),
            Some("初版・2020年版・ver.3")
        );
        assert_eq!(
            editions_with_count(Prefix::UpPlan, 25).as_deref(),
            Some("ver.4.0・ver.4.1")
        );
        assert_eq!(editions_with_count(Prefix::UpPlan, 24), None);
        assert!(!defined(Prefix::UpKihon, Edition::V3));
    }
}

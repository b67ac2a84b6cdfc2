//! The CSV standard (first edition to ver.4.1): MS932 bytes, quoted fields that may hold
//! commas, doubled quotes and CR LF, no header; record layouts per edition with field checks;
//! one service month per file.

use super::layout::{self, Edition};
use super::names::{self, FileName, NameVersion, Prefix};
use super::{Document, Format, Record, Rejection, Warning};

#[derive(Clone, Copy)]
enum Check {
    /// YYYYMMDD; empty and 00000000 (a placeholder) allowed.
    Date,
    /// YYYYMM; empty and 000000 allowed.
    Month,
    /// HHMM or 9999 (no time shown); empty allowed.
    Time,
    /// As `Time`, and 2400 (a visit ending at midnight, as paper forms write it).
    EndTime,
    /// 10 digits; empty allowed.
    Office,
}

/// The checked fields of each prefix: (1-based index, check, name).
fn checks(prefix: Prefix) -> &'static [(usize, Check, &'static str)] {
    use Check::*;
    match prefix {
        Prefix::UpHosoku => &[
            (4, Date, "居宅サービス計画作成（変更）日"),
            (8, Date, "生年月日"),
            (13, Date, "認定日"),
            (14, Date, "限度額適用開始年月日"),
            (15, Date, "限度額適用終了年月日"),
            (17, Date, "要介護状態変更日"),
            (63, Month, "対象年月"),
        ],
        Prefix::Up1Kyo => &[
            (4, Date, "作成年月日"),
            (13, Office, "介護支援事業者コード"),
            (14, Date, "居宅サービス計画作成（変更）日"),
            (15, Date, "初回居宅サービス計画作成日"),
            (18, Date, "認定日"),
            (19, Date, "認定有効期間開始日"),
            (20, Date, "認定有効期間終了日"),
        ],
        Prefix::Up2Kyo => &[
            (4, Date, "作成年月日"),
            (5, Date, "居宅サービス計画作成（変更）日"),
            (17, Office, "サービス事業者コード"),
        ],
        Prefix::Up3Kyo => &[
            (4, Date, "作成年月日"),
            (5, Date, "居宅サービス計画作成（変更）日"),
            (8, Time, "開始時間"),
            (9, EndTime, "終了時間"),
            (11, Time, "開始時間"),
            (12, EndTime, "終了時間"),
        ],
        Prefix::Dlt1Kyo => &[(4, Date, "居宅サービス計画作成（変更）日")],
        Prefix::UpPlan | Prefix::UpJsk => &[
            (4, Date, "作成年月日"),
            (5, Month, "対象年月"),
            (6, Office, "プラン担当業者コード"),
            (10, Date, "サービス利用日"),
            (12, Time, "サービス開始時刻"),
            (13, EndTime, "サービス終了時刻"),
            (20, Office, "サービス事業者コード"),
        ],
        Prefix::UpSikyu => &[(4, Date, "作成年月日"), (5, Month, "対象年月")],
        Prefix::DltPlan => &[(4, Month, "削除対象年月")],
        Prefix::DltJsk => &[
            (4, Month, "削除対象年月"),
            (5, Office, "サービス事業者コード"),
        ],
        Prefix::UpKihon | Prefix::UpYobo | Prefix::DltKihon | Prefix::DltYobo => {
            &[(4, Date, "日付")]
        }
        Prefix::UpKihonSub1 | Prefix::UpKihonSub2 | Prefix::UpKihonImage | Prefix::UpYoboSub => &[],
    }
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

fn check_value(check: Check, v: &str) -> Result<(), &'static str> {
    if v.is_empty() {
        return Ok(());
    }
    let ok = match check {
        Check::Date => {
            v == "00000000"
                || (digits(v, 8) && chrono::NaiveDate::parse_from_str(v, "%Y%m%d").is_ok())
        }
        Check::Month => {
            v == "000000"
                || (digits(v, 6)
                    && chrono::NaiveDate::parse_from_str(&format!("{v}01"), "%Y%m%d").is_ok())
        }
        Check::Time | Check::EndTime => {
            v == "9999"
                || (matches!(check, Check::EndTime) && v == "2400")
                || (digits(v, 4)
                    && v[..2].parse::<u32>().is_ok_and(|h| h < 24)
                    && v[2..].parse::<u32>().is_ok_and(|m| m < 60))
        }
        Check::Office => digits(v, 10),
    };
    if ok {
        Ok(())
    } else {
        Err(match check {
            Check::Date => "日付は YYYYMMDD（実在する日付）です",
            Check::Month => "年月は YYYYMM です",
            Check::Time => "時刻は HHMM（または 9999）です",
            Check::EndTime => "終了時刻は HHMM（または 2400・9999）です",
            Check::Office => "事業所番号は10桁の数字です",
        })
    }
}

/// The fields of a record that must lie in the file name's month: (ver.4.1 number, name, whole
/// date rather than a month).
fn month_fields(prefix: Prefix) -> &'static [(usize, &'static str, bool)] {
    match prefix {
        Prefix::UpPlan | Prefix::UpJsk => &[(5, "対象年月", false), (10, "サービス利用日", true)],
        Prefix::UpSikyu => &[(5, "対象年月", false)],
        Prefix::UpHosoku => &[(63, "対象年月", false)],
        Prefix::DltPlan | Prefix::DltJsk => &[(4, "削除対象年月", false)],
        _ => &[],
    }
}

/// A first line of field names, which some software writes although the standard has none.
fn is_header(prefix: Prefix, row: &csv::StringRecord) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let field = |i: usize| row.get(i).unwrap_or("").nfkc().collect::<String>();
    let first = field(0).to_lowercase();
    (first.contains("バージョン") || first.contains("version"))
        && field(1).contains("保険者番号")
        && field(2).contains("被保険者番号")
        && layout::editions_with_count(prefix, row.len()).is_some()
}

/// Where the provider's lines say which provider they are: (office field, service code field),
/// ver.4.1 numbers.
fn provider_code_fields(prefix: Prefix) -> Option<(usize, usize)> {
    match prefix {
        Prefix::UpPlan | Prefix::UpJsk => Some((20, 15)),
        Prefix::UpSikyu => Some((7, 9)),
        _ => None,
    }
}

/// The provider's service type as the codes of its own lines give it, cross-checked with the
/// file name's (the codes win; a difference is a warning).
fn provider_service_type(name: &FileName, records: &[Record]) -> (Option<String>, Option<String>) {
    let named: Vec<&str> = [name.sender_type.as_deref(), name.receiver_type.as_deref()]
        .into_iter()
        .flatten()
        .filter(|t| super::flows::Role::of_service_type(t) == super::flows::Role::Provider)
        .collect();
    let Some((office, code)) = provider_code_fields(name.prefix) else {
        return (named.first().map(|t| t.to_string()), None);
    };
    let mut counts: Vec<(String, usize)> = Vec::new();
    for r in records {
        let c = r.get(code);
        // A code is 6 ASCII characters (anything else is not sliced: it may be multi-byte).
        let is_code = c.len() == 6
            && c.bytes().all(|b| b.is_ascii_alphanumeric())
            && !c.ends_with("AAAA")
            && !c.ends_with("EEEE")
            && !c.ends_with("ZZZZ")
            && c != "999999";
        if !is_code || (r.get(office) != name.sender && r.get(office) != name.receiver) {
            continue;
        }
        let t = &c[..2];
        match counts.iter_mut().find(|(x, _)| x == t) {
            Some((_, n)) => *n += 1,
            None => counts.push((t.to_string(), 1)),
        }
    }
    let Some(top) = counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map(|(t, _)| t.clone())
    else {
        return (named.first().map(|t| t.to_string()), None);
    };
    match named.first() {
        Some(n) if counts.iter().any(|(t, _)| t == n) => (Some(n.to_string()), None),
        Some(n) => {
            let label = |t: &str| {
                crate::domain::service_types::find(t)
                    .map(|s| format!("{t}（{}）", s.name))
                    .unwrap_or_else(|| t.to_string())
            };
            let why = format!(
                "ファイル名のサービス種類 {}と、中のサービスコードの種類 {}が違います。サービスコードに従い {}として記録しました",
                label(n),
                label(&top),
                label(&top)
            );
            (Some(top), Some(why))
        }
        None => (Some(top), None),
    }
}

/// The longest value read from a file: well beyond the free text of any real plan form.
const FIELD_MAX: usize = 4000;

pub struct CsvStandard;

impl Format for CsvStandard {
    fn accepts(&self, file_name: &str) -> bool {
        file_name.to_ascii_lowercase().ends_with(".csv")
    }

    fn read(&self, file_name: &str, bytes: &[u8]) -> Result<Document, Rejection> {
        let reject = |line: Option<u64>, field: Option<String>, reason: String| Rejection {
            file: file_name.to_string(),
            line,
            field,
            reason,
        };
        let warn = |line: Option<u64>, reason: String| Warning {
            file: file_name.to_string(),
            line,
            reason,
        };
        let name: FileName = names::parse(file_name).map_err(|r| reject(None, None, r))?;
        if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            return Err(reject(
                Some(1),
                None,
                "UTF-8 の BOM があります。標準仕様のファイルは MS932（Shift_JIS）で BOM なしです"
                    .into(),
            ));
        }
        let text = crate::import::csv_rules::decode_ms932(bytes)
            .map_err(|(line, why)| reject(Some(line), None, why))?;
        if let Some(line) = crate::import::csv_rules::unclosed_quote(&text) {
            return Err(reject(
                Some(line),
                None,
                crate::import::csv_rules::unclosed_quote_reason(),
            ));
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let prefix = name.prefix;
        let file_month = name.month.as_deref().filter(|m| *m != "000000");
        let mut edition: Option<Edition> = None;
        let mut warnings = Vec::new();
        let mut records = Vec::new();
        let mut row = csv::StringRecord::new();
        let (mut line, mut counted) = (1u64, 0usize);
        loop {
            // The line where the record starts (a quoted field may span several lines).
            let mut at = (reader.position().byte() as usize).min(text.len());
            // The reader may stop between CR and LF: the record starts after the line break.
            while at < text.len() && matches!(text.as_bytes()[at], b'\r' | b'\n') {
                at += 1;
            }
            line += text.as_bytes()[counted..at]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            counted = at;
            match reader.read_record(&mut row) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    return Err(reject(
                        Some(line),
                        None,
                        format!("CSV として読めません: {e}"),
                    ));
                }
            }
            // A blank line (e.g. a trailing CR LF) carries no record.
            if row.len() == 1 && row[0].trim().is_empty() {
                continue;
            }
            if records.is_empty() && edition.is_none() && is_header(prefix, &row) {
                warnings.push(warn(
                    Some(line),
                    "項目名の見出し行です。標準仕様のファイルに見出し行はないため、読み飛ばしました"
                        .into(),
                ));
                continue;
            }
            let v = row.get(0).unwrap_or("");
            let Some(this) = Edition::from_version(v) else {
                let fits = layout::editions_with_count(prefix, row.len())
                    .map(|e| {
                        format!(
                            "項目数 {} は {e} の {} と同じです",
                            row.len(),
                            prefix.name()
                        )
                    })
                    .unwrap_or_else(|| {
                        format!(
                            "項目数 {} はどの版の {} とも合いません",
                            row.len(),
                            prefix.name()
                        )
                    });
                return Err(reject(
                    Some(line),
                    Some("1 CSVバージョン".into()),
                    format!(
                        "「{v}」は知られていない版です（知られている版: {}）。{fits}",
                        Edition::known_list()
                    ),
                ));
            };
            match edition {
                Some(first) if first != this => {
                    return Err(reject(
                        Some(line),
                        Some("1 CSVバージョン".into()),
                        format!(
                            "1つのファイルに版 {} と {v} が混ざっています",
                            first.version()
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    if !layout::defined(prefix, this) {
                        return Err(reject(
                            Some(line),
                            Some("1 CSVバージョン".into()),
                            format!(
                                "{} は ver.4 からの様式ですが、版が {v}（{}）です",
                                prefix.name(),
                                this.label()
                            ),
                        ));
                    }
                    let name_v4 = name.version == NameVersion::V4;
                    if name_v4 != this.is_v4() {
                        let named = if name_v4 {
                            "ver.4 の形（サービス種類あり）"
                        } else {
                            "ver.3 の形（サービス種類なし）"
                        };
                        if row.len() != layout::field_count(prefix, this) {
                            return Err(reject(
                                Some(line),
                                Some("1 CSVバージョン".into()),
                                format!(
                                    "ファイル名は {named} ですが、記録の版は {v}（{}）です。項目数 {} はこの版の {} の様式（{} 項目）とも合わないため、どちらで読むか決められません",
                                    this.label(),
                                    row.len(),
                                    prefix.name(),
                                    layout::field_count(prefix, this)
                                ),
                            ));
                        }
                        warnings.push(warn(
                            Some(line),
                            format!(
                                "ファイル名は {named} ですが、記録の版は {v}（{}）です。記録の版の様式で読みました",
                                this.label()
                            ),
                        ));
                    }
                    edition = Some(this);
                }
            }
            let expected = layout::field_count(prefix, this);
            if expected > 0 && row.len() != expected {
                let other = layout::editions_with_count(prefix, row.len())
                    .map(|e| {
                        format!(
                            "（{} 項目は {e} の様式です。CSVバージョンを確かめてください）",
                            row.len()
                        )
                    })
                    .unwrap_or_default();
                return Err(reject(
                    Some(line),
                    None,
                    format!(
                        "項目数が {} です。{} の {} の記録は {expected} 項目です{other}",
                        row.len(),
                        this.label(),
                        prefix.name()
                    ),
                ));
            }
            if row.len() < 3 {
                return Err(reject(
                    Some(line),
                    None,
                    format!("項目数が {} しかありません", row.len()),
                ));
            }
            if !digits(&row[1], 6) {
                return Err(reject(
                    Some(line),
                    Some("2 保険者番号".into()),
                    format!("「{}」: 保険者番号は6桁の数字です", &row[1]),
                ));
            }
            let insured = &row[2];
            let insured_ok = digits(insured, 10)
                || (insured.len() == 10 && insured.starts_with('H') && digits(&insured[1..], 9));
            if !insured_ok {
                return Err(reject(
                    Some(line),
                    Some("3 被保険者番号".into()),
                    format!("「{insured}」: 被保険者番号は10桁（生活保護単独は H＋9桁）です"),
                ));
            }
            // Free text of the plan forms runs to a few thousand characters with line breaks;
            // nothing in the standard holds control characters.
            for (i, value) in row.iter().enumerate() {
                if let Some(why) = crate::import::csv_rules::cell_problem(value, FIELD_MAX, true) {
                    return Err(reject(Some(line), Some(format!("{}", i + 1)), why));
                }
            }
            let record = Record {
                line,
                fields: layout::to_v41(prefix, this, row.iter().map(str::to_string).collect()),
            };
            // Field numbers as this edition numbers them, for the messages.
            let numbered = |i: usize, field: &str| {
                format!(
                    "{} {field}",
                    layout::number_in(prefix, this, i).unwrap_or(i)
                )
            };
            for &(i, check, field) in checks(prefix) {
                let value = record.get(i);
                check_value(check, value).map_err(|why| {
                    reject(
                        Some(line),
                        Some(numbered(i, field)),
                        format!("「{value}」: {why}"),
                    )
                })?;
            }
            if let Some(month) = file_month {
                for &(i, field, whole_date) in month_fields(prefix) {
                    let value = record.get(i);
                    let placeholder = value.is_empty() || value.bytes().all(|b| b == b'0');
                    let in_month = if whole_date {
                        value.starts_with(month)
                    } else {
                        value == month
                    };
                    if !placeholder && !in_month {
                        return Err(reject(
                            Some(line),
                            Some(numbered(i, field)),
                            format!(
                                "「{value}」はファイル名の月 {month} の外です。1つのファイルには1か月分だけを入れます（標準仕様: １ファイル内は単月のサービス提供年月の情報のみ）。月ごとのファイルに分けて送り直してもらってください"
                            ),
                        ));
                    }
                }
            }
            records.push(record);
        }
        let Some(edition) = edition.filter(|_| !records.is_empty()) else {
            return Err(reject(None, None, "記録が1件もありません".into()));
        };
        let (provider_service_type, mismatch) = provider_service_type(&name, &records);
        if let Some(why) = mismatch {
            warnings.push(warn(None, why));
        }
        Ok(Document {
            edition,
            name,
            records,
            provider_service_type,
            warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NAME: &str = "UPPLAN_202612_1370000011_43_1370000029_11_20261125093000.CSV";

    fn valid() -> Vec<u8> {
        let mut line = vec![String::new(); 25];
        line[0] = "202407".into();
        line[1] = "131011".into();
        line[2] = "0000000001".into();
        line[3] = "20261125".into();
        line[9] = "20261201".into();
        line[20] = "\"訪問介護, \"\"あおば\"\"\r\n本店\"".into();
        let text = format!("{}\r\n{}\r\n", line.join(","), line.join(","));
        encoding_rs::SHIFT_JIS.encode(&text).0.into_owned()
    }

    #[test]
    fn a_valid_file_reads_with_quoted_commas_quotes_and_line_breaks() {
        let doc = CsvStandard.read(NAME, &valid()).unwrap();
        assert_eq!(doc.records.len(), 2);
        assert_eq!(doc.records[0].get(21), "訪問介護, \"あおば\"\r\n本店");
        assert_eq!((doc.records[0].line, doc.records[1].line), (1, 3));
    }

    /// A file of `prefix` whose name and records are of `edition`, one record of `count` fields
    /// with the provider's office number where `edition` puts it.
    fn edition_file(prefix: Prefix, edition: Edition, count: usize) -> (String, Vec<u8>) {
        let (office, month) = match prefix {
            Prefix::UpSikyu => (7, 5),
            _ => (20, 5),
        };
        let name = match (prefix, edition.is_v4()) {
            (Prefix::UpJsk, true) => "UPJSK_202612_1370000029_11_1370000011_43_20261203170000.CSV",
            (Prefix::UpJsk, false) => "UPJSK_202612_1370000029_1370000011_20261203170000.CSV",
            (Prefix::UpSikyu, true) => {
                "UPSIKYU_202612_1370000011_43_1370000029_11_20261125093000.CSV"
            }
            (Prefix::UpSikyu, false) => "UPSIKYU_202612_1370000011_1370000029_20261125093000.CSV",
            (_, true) => NAME,
            (_, false) => "UPPLAN_202612_1370000011_1370000029_20261125093000.CSV",
        };
        let mut line = vec![String::new(); count];
        line[0] = edition.version().into();
        line[1] = "131011".into();
        line[2] = "0000000001".into();
        line[month - 1] = "202612".into();
        if let Some(at) = layout::number_in(prefix, edition, office).filter(|n| *n <= count) {
            line[at - 1] = "1370000029".into();
        }
        let text = format!("{}\r\n", line.join(","));
        (name.to_string(), text.into_bytes())
    }

    #[test]
    fn control_characters_are_refused_with_the_field() {
        let mut line = vec![String::new(); 25];
        line[0] = "202407".into();
        line[1] = "131011".into();
        line[2] = "0000000001".into();
        line[4] = "202612".into();
        line[20] = "訪問\0介護".into();
        let bytes = encoding_rs::SHIFT_JIS
            .encode(&format!("{}\r\n", line.join(",")))
            .0
            .into_owned();
        let r = CsvStandard.read(NAME, &bytes).unwrap_err();
        assert_eq!(
            (r.line, r.field.as_deref()),
            (Some(1), Some("21")),
            "{}",
            r.reason
        );
        assert!(r.reason.contains("NUL"), "{}", r.reason);
    }

    #[test]
    fn a_service_code_of_multi_byte_characters_is_not_sliced() {
        // Six bytes, two characters: a code only by its length.
        let mut line = vec![String::new(); 25];
        line[0] = "202407".into();
        line[1] = "131011".into();
        line[2] = "0000000001".into();
        line[4] = "202612".into();
        line[14] = "１１".into();
        line[19] = "1370000029".into();
        let bytes = encoding_rs::SHIFT_JIS
            .encode(&format!("{}\r\n", line.join(",")))
            .0
            .into_owned();
        let doc = CsvStandard.read(NAME, &bytes).unwrap();
        assert_eq!(doc.provider_service_type.as_deref(), Some("11"));
    }

    proptest! {
        #[test]
        fn the_layout_follows_the_records_edition(
            e in 0usize..5,
            p in prop::sample::select(vec![Prefix::UpPlan, Prefix::UpJsk, Prefix::UpSikyu]),
            other_count in any::<bool>(),
        ) {
            let edition = Edition::all().nth(e).unwrap();
            let own = layout::field_count(p, edition);
            // The count of the other family of editions (ver.3 and earlier against ver.4).
            let count = if other_count { if edition.is_v4() { own - 3 } else { own + 3 } } else { own };
            let (name, bytes) = edition_file(p, edition, count);
            let read = CsvStandard.read(&name, &bytes);
            if other_count {
                let r = read.unwrap_err();
                prop_assert!(r.reason.contains(&format!("項目数が {count} です")), "{}", r.reason);
            } else {
                let doc = read.unwrap();
                prop_assert_eq!(doc.edition, edition);
                prop_assert_eq!(doc.records[0].fields.len(), p.field_count());
                let office = if p == Prefix::UpSikyu { 7 } else { 20 };
                prop_assert_eq!(doc.records[0].get(office), "1370000029");
                prop_assert!(doc.warnings.is_empty());
            }
        }

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = CsvStandard.read(NAME, &bytes);
        }

        #[test]
        fn any_file_name_never_panics(name in "\\PC{0,80}") {
            let _ = names::parse(&name);
            let _ = crate::exchange::read(&name, b"202407,131011,0000000001");
        }

        #[test]
        fn mutated_valid_files_never_panic(
            edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 1..12),
            cut in any::<usize>(),
        ) {
            let mut bytes = valid();
            for (pos, byte, op) in edits {
                let i = pos % (bytes.len() + 1);
                match op {
                    0 if i < bytes.len() => bytes[i] = byte,
                    1 => bytes.insert(i, byte),
                    _ if i < bytes.len() => { bytes.remove(i); }
                    _ => {}
                }
            }
            bytes.truncate(cut % (bytes.len() + 1));
            if let Err(r) = CsvStandard.read(NAME, &bytes) {
                prop_assert!(!r.reason.is_empty());
            }
        }
    }
}

//! The CSV standard (ver.3 to ver.4.1): MS932 bytes, quoted fields that may hold commas,
//! doubled quotes and CR LF, no header; per-prefix record layouts with field checks.

use super::names::{self, FileName, NameVersion, Prefix};
use super::{Document, Format, Record, Rejection};

/// The editions' version values (field 1 of every record).
const V3_VERSIONS: [&str; 3] = ["201910", "202003", "202208"];
const V4_VERSIONS: [&str; 2] = ["202504", "202407"];

#[derive(Clone, Copy)]
enum Check {
    /// YYYYMMDD; empty and 00000000 (a placeholder) allowed.
    Date,
    /// YYYYMM; empty and 000000 allowed.
    Month,
    /// HHMM or 9999 (no time shown); empty allowed.
    Time,
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
            (9, Time, "終了時間"),
            (11, Time, "開始時間"),
            (12, Time, "終了時間"),
        ],
        Prefix::Dlt1Kyo => &[(4, Date, "居宅サービス計画作成（変更）日")],
        Prefix::UpPlan | Prefix::UpJsk => &[
            (4, Date, "作成年月日"),
            (5, Month, "対象年月"),
            (6, Office, "プラン担当業者コード"),
            (10, Date, "サービス利用日"),
            (12, Time, "サービス開始時刻"),
            (13, Time, "サービス終了時刻"),
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
        Check::Time => {
            v == "9999"
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
            Check::Office => "事業所番号は10桁の数字です",
        })
    }
}

/// Strict MS932: the first undecodable byte is reported with its line.
fn decode(bytes: &[u8]) -> Result<String, (u64, String)> {
    let mut decoder = encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 / 2 + 16);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        encoding_rs::DecoderResult::Malformed(..) => {
            let line = out.matches('\n').count() as u64 + 1;
            Err((
                line,
                format!(
                    "MS932（Shift_JIS）として読めないバイトがあります（先頭から {} バイト目付近）",
                    read
                ),
            ))
        }
        // The buffer was sized for the worst case; reaching here means the input ended early.
        encoding_rs::DecoderResult::OutputFull => Err((1, "ファイルを読み切れませんでした".into())),
    }
}

/// A quote left open runs to the end of the file: report the line where it opened.
fn unbalanced_quote(text: &str) -> Option<u64> {
    let (mut inside, mut line, mut opened) = (false, 1u64, 0u64);
    let mut at_field_start = true;
    for c in text.chars() {
        match c {
            '"' => {
                if !inside && at_field_start {
                    opened = line;
                }
                inside = !inside;
                at_field_start = false;
            }
            '\n' => {
                line += 1;
                at_field_start = !inside;
            }
            ',' if !inside => at_field_start = true,
            _ => at_field_start = false,
        }
    }
    inside.then_some(opened)
}

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
        let name: FileName = names::parse(file_name).map_err(|r| reject(None, None, r))?;
        if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            return Err(reject(
                Some(1),
                None,
                "UTF-8 の BOM があります。標準仕様のファイルは MS932（Shift_JIS）で BOM なしです"
                    .into(),
            ));
        }
        let text = decode(bytes).map_err(|(line, why)| reject(Some(line), None, why))?;
        if let Some(line) = unbalanced_quote(&text) {
            return Err(reject(
                Some(line),
                None,
                "引用符（\"）が閉じられていません。項目を \" で囲み、中の \" は \"\" と二重にします".into(),
            ));
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let expected = name.prefix.field_count();
        let allowed: &[&str] = match name.version {
            NameVersion::V3 => &V3_VERSIONS,
            NameVersion::V4 => &V4_VERSIONS,
        };
        let mut version: Option<String> = None;
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
            if expected > 0 && row.len() != expected {
                return Err(reject(
                    Some(line),
                    None,
                    format!(
                        "項目数が {} です。{} の記録は {expected} 項目です",
                        row.len(),
                        name.prefix.name()
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
            let v = &row[0];
            if !V3_VERSIONS.contains(&v) && !V4_VERSIONS.contains(&v) {
                return Err(reject(
                    Some(line),
                    Some("CSVバージョン".into()),
                    format!(
                        "「{v}」は知られていない版です（201910・202003・202208・202504・202407）"
                    ),
                ));
            }
            if !allowed.contains(&v) {
                return Err(reject(
                    Some(line),
                    Some("CSVバージョン".into()),
                    format!("版 {v} はファイル名の形（{:?}）と合いません", name.version),
                ));
            }
            match &version {
                Some(first) if first != v => {
                    return Err(reject(
                        Some(line),
                        Some("CSVバージョン".into()),
                        format!("1つのファイルに版 {first} と {v} が混ざっています"),
                    ));
                }
                None => version = Some(v.to_string()),
                _ => {}
            }
            if !digits(&row[1], 6) {
                return Err(reject(
                    Some(line),
                    Some("保険者番号".into()),
                    format!("「{}」: 保険者番号は6桁の数字です", &row[1]),
                ));
            }
            let insured = &row[2];
            let insured_ok = digits(insured, 10)
                || (insured.len() == 10 && insured.starts_with('H') && digits(&insured[1..], 9));
            if !insured_ok {
                return Err(reject(
                    Some(line),
                    Some("被保険者番号".into()),
                    format!("「{insured}」: 被保険者番号は10桁（生活保護単独は H＋9桁）です"),
                ));
            }
            for &(i, check, field) in checks(name.prefix) {
                let value = row.get(i - 1).unwrap_or("");
                check_value(check, value).map_err(|why| {
                    reject(
                        Some(line),
                        Some(format!("{i} {field}")),
                        format!("「{value}」: {why}"),
                    )
                })?;
            }
            records.push(Record {
                line,
                fields: row.iter().map(str::to_string).collect(),
            });
        }
        if records.is_empty() {
            return Err(reject(None, None, "記録が1件もありません".into()));
        }
        Ok(Document {
            version: version.unwrap_or_default(),
            name,
            records,
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

    proptest! {
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

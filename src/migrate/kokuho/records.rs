//! Reading one 国保連 伝送 file: the control record (1), data records (2) and the end record
//! (3), MS932, each data record told by its 交換情報識別番号 (8222 給付管理票, 8124 居宅介護支援費
//! 明細書, 7111 請求書). Every record carries its own service month; the control record's
//! 処理対象年月 only orders files (a later processing month is the later word on a month).
//! Layout field k of a data record is at column k + 2 (after the record kind and its number).

use crate::domain::care_level::CareLevel;
use crate::domain::ids::{InsuredNumber, InsurerNumber, OfficeNumber};
use crate::exchange::Rejection;
use chrono::NaiveDate;

/// What a file was, once read.
#[derive(Debug)]
pub enum Read {
    /// Not a 伝送 file of a kind careplan reads (no control record, another データ種別): why.
    Other(String),
    File(TransmissionFile),
}

/// A 伝送 file read whole and checked.
#[derive(Debug, Default)]
pub struct TransmissionFile {
    /// 処理対象年月 of the control record, YYYYMM.
    pub processing_month: String,
    pub benefit: Vec<BenefitRow>,
    pub fee: Vec<FeeRow>,
    /// Data records of kinds careplan does not read: (identifier, first line, how many).
    pub other_records: Vec<(String, u64, usize)>,
}

/// 給付管理票情報作成区分.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Creation {
    New,
    Correction,
    Cancellation,
}

/// A 給付管理票 provider line (01–98).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderRow {
    pub office_number: String,
    pub service_type: String,
    pub units: i64,
}

/// One 8222 record: a provider line, or the client's terminal row (99).
#[derive(Debug, Clone)]
pub struct BenefitRow {
    pub line: u64,
    pub month: NaiveDate,
    pub insurer: String,
    pub insured: String,
    pub creation: Creation,
    /// 作成年月日, YYYYMMDD (empty when not written).
    pub created: String,
    pub care_level: Option<CareLevel>,
    /// None for the terminal row.
    pub provider: Option<ProviderRow>,
    /// 担当介護支援専門員番号 (terminal row).
    pub cm_number: Option<String>,
}

/// One 8124 record: a service code billed for a client and month.
#[derive(Debug, Clone)]
pub struct FeeRow {
    pub line: u64,
    pub month: NaiveDate,
    pub insurer: String,
    pub insured: String,
    pub care_level: Option<CareLevel>,
    pub cert_from: Option<NaiveDate>,
    pub cert_to: Option<NaiveDate>,
    pub notified_on: Option<NaiveDate>,
    pub code: String,
    pub units: i64,
    pub count: i64,
    pub cm_number: Option<String>,
}

/// One CSV record with its line.
struct Rec {
    line: u64,
    cols: Vec<String>,
}

impl Rec {
    /// Layout field `k` (1-based) of a data record.
    fn field(&self, k: usize) -> &str {
        self.cols.get(k + 1).map(|s| s.trim()).unwrap_or("")
    }
}

/// A refusal of `file` at `line`, naming the field and the fix.
fn refuse(file: &str, line: u64, field: Option<String>, reason: String) -> Rejection {
    Rejection {
        file: file.to_string(),
        line: Some(line),
        field,
        reason,
    }
}

const REEXPORT: &str = "伝送ソフトから出力し直したファイルを置いてください";

/// Reads the bytes of `file` (its name as shown, relative to the folder).
pub fn read(file: &str, bytes: &[u8]) -> Result<Read, Rejection> {
    // A 伝送 file starts with its control record: "1,1,0,…". Anything else is another file.
    if !bytes.starts_with(b"1,") {
        return Ok(Read::Other(
            "伝送ファイルではありません（先頭がコントロールレコード「1,」ではない）".into(),
        ));
    }
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let control: Vec<&str> = std::str::from_utf8(first_line)
        .unwrap_or("")
        .trim_end_matches('\r')
        .split(',')
        .collect();
    let kind = control.get(4).copied().unwrap_or("");
    if !matches!(kind, "821" | "711") {
        return Ok(Read::Other(format!(
            "データ種別「{kind}」の伝送ファイルは読みません（給付管理票 821 と 請求 711 を読みます）"
        )));
    }
    let text = crate::import::csv_rules::decode_ms932(bytes)
        .map_err(|(line, why)| refuse(file, line, None, why))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut recs = Vec::new();
    let bytes = text.as_bytes();
    let (mut line, mut counted) = (1u64, 0usize);
    let mut r = csv::StringRecord::new();
    loop {
        // The line where the record starts: the reader may stop between CR and LF, so the
        // record starts after the line break (lines counted once, as the reader moves on).
        let mut at = (reader.position().byte() as usize).min(bytes.len());
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        line += bytes[counted..at].iter().filter(|b| **b == b'\n').count() as u64;
        counted = at;
        match reader.read_record(&mut r) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(refuse(
                    file,
                    line,
                    None,
                    format!("CSV として読めません: {e}。{REEXPORT}"),
                ));
            }
        }
        if r.len() == 1 && r[0].trim().is_empty() {
            continue;
        }
        recs.push(Rec {
            line,
            cols: r.iter().map(str::to_string).collect(),
        });
    }
    let mut out = TransmissionFile::default();
    let Some((control, rest)) = recs.split_first() else {
        return Ok(Read::Other("空のファイルです".into()));
    };
    let processing = control.cols.get(10).map(|s| s.trim()).unwrap_or("");
    if yyyymm(processing).is_none() {
        return Err(refuse(
            file,
            control.line,
            Some("コントロールレコード 11 処理対象年月".into()),
            format!("「{processing}」は年月（YYYYMM）ではありません。{REEXPORT}"),
        ));
    }
    out.processing_month = processing.to_string();
    let declared = control.cols.get(3).map(|s| s.trim()).unwrap_or("");
    let Some((end, data)) = rest.split_last().filter(|(e, _)| e.cols[0].trim() == "3") else {
        let line = rest.last().map_or(control.line, |r| r.line);
        return Err(refuse(
            file,
            line,
            None,
            format!("エンドレコード（3,…）がありません。ファイルが途中で切れています。{REEXPORT}"),
        ));
    };
    let _ = end;
    if declared.parse::<usize>().ok() != Some(data.len()) {
        return Err(refuse(
            file,
            control.line,
            Some("コントロールレコード 4 データレコード件数".into()),
            format!(
                "件数「{declared}」とデータレコードの数 {} が合いません。ファイルが欠けているか足されています。{REEXPORT}",
                data.len()
            ),
        ));
    }
    for rec in data {
        if rec.cols[0].trim() != "2" {
            return Err(refuse(
                file,
                rec.line,
                Some("1 レコード種別".into()),
                format!(
                    "「{}」はデータレコード（2）ではありません（コントロール 1 は先頭、エンド 3 は末尾だけです）。{REEXPORT}",
                    rec.cols[0]
                ),
            ));
        }
        match rec.field(1) {
            "8222" => out.benefit.push(benefit_row(file, rec)?),
            "8124" => out.fee.push(fee_row(file, rec)?),
            "7111" => invoice_row(file, rec)?,
            other => match out.other_records.iter_mut().find(|(id, _, _)| id == other) {
                Some((_, _, n)) => *n += 1,
                None => out.other_records.push((other.to_string(), rec.line, 1)),
            },
        }
    }
    Ok(Read::File(out))
}

/// A field's refusal: `id` is the record's identifier, `k` the layout field, `name` its name.
fn bad(file: &str, rec: &Rec, id: &str, k: usize, name: &str, why: String) -> Rejection {
    refuse(file, rec.line, Some(format!("{id} 項目{k} {name}")), why)
}

fn yyyymm(s: &str) -> Option<NaiveDate> {
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(s[..4].parse().ok()?, s[4..].parse().ok()?, 1)
}

fn yyyymmdd(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(
        s[..4].parse().ok()?,
        s[4..6].parse().ok()?,
        s[6..].parse().ok()?,
    )
}

fn month(file: &str, rec: &Rec, id: &str, k: usize, name: &str) -> Result<NaiveDate, Rejection> {
    let v = rec.field(k);
    yyyymm(v).ok_or_else(|| {
        bad(
            file,
            rec,
            id,
            k,
            name,
            format!("「{v}」は年月（YYYYMM、例 202605）ではありません。{REEXPORT}"),
        )
    })
}

fn optional_date(
    file: &str,
    rec: &Rec,
    id: &str,
    k: usize,
    name: &str,
) -> Result<Option<NaiveDate>, Rejection> {
    let v = rec.field(k);
    if v.is_empty() || v.bytes().all(|b| b == b'0') {
        return Ok(None);
    }
    yyyymmdd(v).map(Some).ok_or_else(|| {
        bad(
            file,
            rec,
            id,
            k,
            name,
            format!("「{v}」は日付（YYYYMMDD、例 20260401）ではありません。{REEXPORT}"),
        )
    })
}

/// 証記載保険者番号: 6 digits, or (8222) 8 digits zero-padded; always returned as the 6.
fn insurer(file: &str, rec: &Rec, id: &str, k: usize) -> Result<String, Rejection> {
    let v = rec.field(k);
    let six = match v.len() {
        8 if v.starts_with("00") => &v[2..],
        _ => v,
    };
    InsurerNumber::parse(six)
        .map(|n| n.as_str().to_string())
        .map_err(|e| {
            bad(
                file,
                rec,
                id,
                k,
                "証記載保険者番号",
                format!(
                    "「{v}」: {}（6桁、給付管理票は前を0で埋めた8桁）",
                    e.message(crate::domain::Lang::Ja)
                ),
            )
        })
}

fn insured(file: &str, rec: &Rec, id: &str, k: usize) -> Result<String, Rejection> {
    let v = rec.field(k);
    InsuredNumber::parse(v)
        .map(|n| n.as_str().to_string())
        .map_err(|e| {
            bad(
                file,
                rec,
                id,
                k,
                "被保険者番号",
                format!("「{v}」: {}", e.message(crate::domain::Lang::Ja)),
            )
        })
}

fn care_level(file: &str, rec: &Rec, id: &str, k: usize) -> Result<Option<CareLevel>, Rejection> {
    let v = rec.field(k);
    if v.is_empty() {
        return Ok(None);
    }
    CareLevel::from_code(v).map(Some).ok_or_else(|| {
        bad(
            file,
            rec,
            id,
            k,
            "要介護状態区分コード",
            format!("「{v}」は要介護状態区分のコード（21〜25 要介護1〜5、12・13 要支援1・2 など）ではありません。{REEXPORT}"),
        )
    })
}

fn integer(file: &str, rec: &Rec, id: &str, k: usize, name: &str) -> Result<i64, Rejection> {
    let v = rec.field(k);
    v.parse::<i64>().map_err(|_| {
        bad(
            file,
            rec,
            id,
            k,
            name,
            format!("「{v}」は整数ではありません。{REEXPORT}"),
        )
    })
}

fn eight_digits(s: &str) -> bool {
    s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit())
}

fn benefit_row(file: &str, rec: &Rec) -> Result<BenefitRow, Rejection> {
    let id = "8222";
    let creation = match rec.field(5) {
        "1" => Creation::New,
        "2" => Creation::Correction,
        "3" => Creation::Cancellation,
        v => {
            return Err(bad(
                file,
                rec,
                id,
                5,
                "給付管理票情報作成区分",
                format!(
                    "「{v}」は 1（新規）・2（修正）・3（取消）のどれでもありません。{REEXPORT}"
                ),
            ));
        }
    };
    let row_no = rec.field(8);
    let terminal = row_no == "99";
    if !terminal && !matches!(row_no.parse::<u8>(), Ok(1..=98)) {
        return Err(bad(
            file,
            rec,
            id,
            8,
            "給付管理票明細行番号",
            format!("「{row_no}」は明細行番号（01〜98、終端行は 99）ではありません。{REEXPORT}"),
        ));
    }
    let created = optional_date(file, rec, id, 6, "給付管理票作成年月日")?
        .map(|d| d.format("%Y%m%d").to_string())
        .unwrap_or_default();
    let provider = if terminal {
        None
    } else {
        let office = rec.field(17);
        OfficeNumber::parse(office).map_err(|e| {
            bad(
                file,
                rec,
                id,
                17,
                "サービス事業所番号",
                format!("「{office}」: {}", e.message(crate::domain::Lang::Ja)),
            )
        })?;
        let st = rec.field(19);
        if st.len() != 2 || !st.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(bad(
                file,
                rec,
                id,
                19,
                "サービス種類コード",
                format!(
                    "「{st}」はサービス種類コード（英数字2桁、例 11 訪問介護）ではありません。{REEXPORT}"
                ),
            ));
        }
        Some(ProviderRow {
            office_number: office.to_string(),
            service_type: st.to_ascii_uppercase(),
            units: integer(file, rec, id, 20, "給付計画単位数")?,
        })
    };
    let cm = rec.field(25);
    let cm_number = match (terminal, cm) {
        (false, _) | (true, "") => None,
        (true, v) if eight_digits(v) => Some(v.to_string()),
        (true, v) => {
            return Err(bad(
                file,
                rec,
                id,
                25,
                "担当介護支援専門員番号",
                format!("「{v}」は介護支援専門員番号（数字8桁）ではありません。{REEXPORT}"),
            ));
        }
    };
    Ok(BenefitRow {
        line: rec.line,
        month: month(file, rec, id, 2, "対象年月")?,
        insurer: insurer(file, rec, id, 3)?,
        insured: insured(file, rec, id, 9)?,
        creation,
        created,
        care_level: care_level(file, rec, id, 12)?,
        provider,
        cm_number,
    })
}

/// The 8124's fields from 21 on: the totals of row 99 and the CM number, whose position is
/// not the same in every suite's output (the spec lists 22 items, ほのぼの writes 24).
const FEE_TAIL_FROM: usize = 21;

fn fee_row(file: &str, rec: &Rec) -> Result<FeeRow, Rejection> {
    let id = "8124";
    let code = rec.field(17);
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(bad(
            file,
            rec,
            id,
            17,
            "サービスコード",
            format!("「{code}」はサービスコード（英数字6桁、例 432111）ではありません。{REEXPORT}"),
        ));
    }
    // The CM number is found by what it is (8 digits), not where: the last such value of the
    // tail (totals and amounts never have 8 digits).
    let cm_number = (FEE_TAIL_FROM..rec.cols.len().saturating_sub(1))
        .rev()
        .map(|k| rec.field(k))
        .find(|v| eight_digits(v))
        .map(str::to_string);
    Ok(FeeRow {
        line: rec.line,
        month: month(file, rec, id, 4, "サービス提供年月")?,
        insurer: insurer(file, rec, id, 5)?,
        insured: insured(file, rec, id, 7)?,
        care_level: care_level(file, rec, id, 12)?,
        cert_from: optional_date(file, rec, id, 13, "認定有効期間 開始")?,
        cert_to: optional_date(file, rec, id, 14, "認定有効期間 終了")?,
        notified_on: optional_date(file, rec, id, 15, "居宅サービス計画作成依頼届出年月日")?,
        code: code.to_ascii_uppercase(),
        units: integer(file, rec, id, 18, "単位数")?,
        count: integer(file, rec, id, 19, "回数")?,
        cm_number,
    })
}

/// 7111 (the office's totals): checked, not kept (the per-client records carry the history).
fn invoice_row(file: &str, rec: &Rec) -> Result<(), Rejection> {
    let id = "7111";
    month(file, rec, id, 2, "サービス提供年月")?;
    for (k, name) in [(7, "件数"), (8, "単位数"), (9, "費用合計")] {
        integer(file, rec, id, k, name)?;
    }
    Ok(())
}

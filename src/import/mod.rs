//! CSV import of staff, clients and providers. Files are UTF-8 (with or without BOM) or MS932,
//! detected automatically. All or nothing: every row is checked first, every problem is listed
//! with line, column and reason, and the database changes only if there are none.

pub mod certifications;
pub mod clients;
pub mod enrollment;
pub mod providers;
pub mod staff;

use crate::domain::Lang;
use crate::domain::validation::Invalid;
use color_eyre::eyre::{Result, WrapErr, eyre};
use std::fmt;
use std::path::Path;

/// An import of one kind: store, file, dry run, accept warnings.
pub type Importer = fn(&mut crate::store::Store, &Path, bool, bool) -> Result<Imported>;

/// One problem in an import file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column.is_empty() {
            write!(f, "{}行目: {}", self.line, self.reason)
        } else {
            write!(f, "{}行目 「{}」: {}", self.line, self.column, self.reason)
        }
    }
}

/// What an import found: errors stop it; warnings stop it unless accepted.
#[derive(Debug, Default)]
pub struct Findings {
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// The outcome of a successful import.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub updated: usize,
}

/// A column: canonical Japanese header, English alias, required.
pub struct Column {
    pub ja: &'static str,
    pub en: &'static str,
    pub required: bool,
}

pub const fn col(ja: &'static str, en: &'static str, required: bool) -> Column {
    Column { ja, en, required }
}

/// A decoded CSV file with its headers mapped to the known columns.
pub struct Sheet {
    columns: &'static [Column],
    /// For each known column, its index in the file.
    index: Vec<Option<usize>>,
    pub rows: Vec<Row>,
}

pub struct Row {
    pub line: u64,
    cells: Vec<String>,
}

/// Decodes bytes as UTF-8 (BOM stripped) or, failing that, MS932.
pub fn decode(bytes: &[u8]) -> Result<String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec())
            .map_err(|_| eyre!("BOM 付き UTF-8 のはずですが、UTF-8 として読めない部分があります"));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    if had_errors {
        return Err(eyre!(
            "文字コードを判別できません。UTF-8 か Shift_JIS (MS932) で保存し直してください"
        ));
    }
    Ok(text.into_owned())
}

impl Sheet {
    pub fn read(path: &Path, columns: &'static [Column]) -> Result<Sheet> {
        let bytes = std::fs::read(path)
            .wrap_err_with(|| format!("ファイルを読めません: {}", path.display()))?;
        let text = decode(&bytes).wrap_err_with(|| format!("{}", path.display()))?;
        Sheet::parse(&text, columns)
    }

    pub fn parse(text: &str, columns: &'static [Column]) -> Result<Sheet> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = rdr
            .headers()
            .wrap_err("1行目（見出し）を読めません")?
            .iter()
            .map(|h| {
                crate::domain::validation::fold_ascii(h)
                    .trim_end_matches('*')
                    .to_string()
            })
            .collect();
        let mut unknown = Vec::new();
        for h in &headers {
            if !h.is_empty()
                && !columns
                    .iter()
                    .any(|c| c.ja == h || c.en.eq_ignore_ascii_case(h))
            {
                unknown.push(h.clone());
            }
        }
        let index: Vec<Option<usize>> = columns
            .iter()
            .map(|c| {
                headers
                    .iter()
                    .position(|h| h == c.ja || h.eq_ignore_ascii_case(c.en))
            })
            .collect();
        let missing: Vec<&str> = columns
            .iter()
            .zip(&index)
            .filter(|(c, i)| c.required && i.is_none())
            .map(|(c, _)| c.ja)
            .collect();
        let allowed = || {
            columns
                .iter()
                .map(|c| {
                    if c.required {
                        format!("{}*", c.ja)
                    } else {
                        c.ja.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !missing.is_empty() {
            return Err(eyre!(
                "1行目: 必須の見出しがありません: {}\n使える見出し: {}",
                missing.join(", "),
                allowed()
            ));
        }
        if !unknown.is_empty() {
            return Err(eyre!(
                "1行目: 知らない見出しがあります: {}\n使える見出し: {}",
                unknown.join(", "),
                allowed()
            ));
        }
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                eyre!("{line}行目: CSV として読めません（引用符の対応などを確認してください）")
            })?;
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            rows.push(Row {
                line: rec.position().map(|p| p.line()).unwrap_or(0),
                cells: rec.iter().map(|c| c.trim().to_string()).collect(),
            });
        }
        Ok(Sheet {
            columns,
            index,
            rows,
        })
    }

    /// The cell of `row` under the column whose Japanese header is `ja` ("" when absent).
    pub fn cell<'r>(&self, row: &'r Row, ja: &str) -> &'r str {
        self.columns
            .iter()
            .position(|c| c.ja == ja)
            .and_then(|i| self.index[i])
            .and_then(|i| row.cells.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }
}

impl Findings {
    /// Takes the value of a parse, or records its problem under `column` and gives None.
    pub fn take<T>(&mut self, line: u64, column: &str, r: Result<T, Invalid>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.error(line, column, e.message(Lang::Ja));
                None
            }
        }
    }
    pub fn error(&mut self, line: u64, column: &str, reason: impl Into<String>) {
        self.errors.push(Problem {
            line,
            column: column.to_string(),
            reason: reason.into(),
        });
    }
    pub fn warn(&mut self, line: u64, column: &str, reason: impl Into<String>) {
        self.warnings.push(Problem {
            line,
            column: column.to_string(),
            reason: reason.into(),
        });
    }
}

/// A parse that must have a value: empty → "入力が必要です".
pub fn required(s: &str) -> Result<&str, Invalid> {
    if s.trim().is_empty() {
        Err(Invalid::required())
    } else {
        Ok(s)
    }
}

/// The import failed: nothing was changed. Carries every problem for the report.
#[derive(Debug)]
pub struct Rejected(pub Findings);

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "取り込みを中止しました。データベースは変更していません。"
        )?;
        for p in &self.0.errors {
            writeln!(f, "  エラー {p}")?;
        }
        for p in &self.0.warnings {
            writeln!(f, "  警告 {p}")?;
        }
        if self.0.errors.is_empty() && !self.0.warnings.is_empty() {
            write!(
                f,
                "警告を確認し、問題なければ --accept-warnings を付けて再実行してください。"
            )?;
        } else {
            write!(f, "ファイルを直してから、もう一度実行してください。")?;
        }
        Ok(())
    }
}
impl std::error::Error for Rejected {}

/// Turns findings into a rejection when anything blocks the import.
pub fn verdict(findings: Findings, accept_warnings: bool) -> Result<()> {
    if !findings.errors.is_empty() || (!findings.warnings.is_empty() && !accept_warnings) {
        return Err(Rejected(findings).into());
    }
    Ok(())
}

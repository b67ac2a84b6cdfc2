//! CSV import of staff, clients and providers. Files are UTF-8 (with or without BOM) or MS932,
//! detected automatically. All or nothing: every row is checked first, every problem is listed
//! with line, column and reason, and the database changes only if there are none.

pub mod certifications;
pub mod clients;
pub mod csv_rules;
pub mod enrollment;
#[cfg(test)]
mod growth_tests;
pub mod providers;
pub mod staff;

use crate::domain::Lang;
use crate::domain::validation::Invalid;
use color_eyre::eyre::{Result, WrapErr};
use std::fmt;
use std::path::Path;

/// An import of one kind: store, file, dry run, accept warnings, today (birth dates are checked
/// against it).
pub type Importer =
    fn(&mut crate::store::Store, &Path, bool, bool, chrono::NaiveDate) -> Result<Imported>;

/// One problem in an import file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (Lang::session(), self.column.is_empty()) {
            (Lang::Ja, true) => write!(f, "{}行目: {}", self.line, self.reason),
            (Lang::Ja, false) => {
                write!(f, "{}行目 「{}」: {}", self.line, self.column, self.reason)
            }
            (Lang::En, true) => write!(f, "line {}: {}", self.line, self.reason),
            (Lang::En, false) => write!(
                f,
                "line {}, column {}: {}",
                self.line,
                column_en(&self.column),
                self.reason
            ),
        }
    }
}

/// The English header of a column known by its Japanese one (the files take either), for
/// English messages; a column of no import keeps its name.
fn column_en(ja: &str) -> &str {
    [
        &staff::COLUMNS[..],
        &clients::COLUMNS[..],
        &providers::COLUMNS[..],
        &certifications::COLUMNS[..],
        &enrollment::COLUMNS[..],
    ]
    .into_iter()
    .flatten()
    .find(|c| c.ja == ja)
    .map_or(ja, |c| c.en)
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

/// A column: canonical Japanese header, English alias, required, the longest value a real
/// record has (in characters), and whether line breaks belong in it (free text).
pub struct Column {
    pub ja: &'static str,
    pub en: &'static str,
    pub required: bool,
    pub max: usize,
    pub multiline: bool,
}

/// A one-line column of up to 100 characters (names, numbers, codes, dates).
pub const fn col(ja: &'static str, en: &'static str, required: bool) -> Column {
    Column {
        ja,
        en,
        required,
        max: 100,
        multiline: false,
    }
}

/// A longer column: an address (one line) or free text (`multiline`).
pub const fn text(
    ja: &'static str,
    en: &'static str,
    required: bool,
    max: usize,
    multiline: bool,
) -> Column {
    Column {
        ja,
        en,
        required,
        max,
        multiline,
    }
}

/// A refusal of the whole file at one place (line 1 for the header).
fn refused(line: u64, column: &str, reason: impl Into<String>) -> color_eyre::Report {
    Rejected(Findings {
        errors: vec![Problem {
            line,
            column: column.to_string(),
            reason: reason.into(),
        }],
        warnings: Vec::new(),
    })
    .into()
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

/// Decodes bytes as UTF-8 (BOM stripped) or, failing that, MS932; refused with the line and
/// byte where neither reads.
pub fn decode(bytes: &[u8]) -> Result<String> {
    crate::import::csv_rules::decode_utf8_or_ms932(bytes)
        .map_err(|(line, why)| refused(line, "", why))
}

impl Sheet {
    pub fn read(path: &Path, columns: &'static [Column]) -> Result<Sheet> {
        let bytes = std::fs::read(path).wrap_err_with(|| {
            crate::format_tr!(
                "ファイルを読めません: {}",
                "cannot read the file {}",
                path.display()
            )
        })?;
        let text = decode(&bytes)?;
        Sheet::parse(&text, columns)
    }

    /// Reads the header and every row; anything not read exactly refuses the whole file with
    /// every place named (the header's problems first, as they decide how rows are read).
    pub fn parse(text: &str, columns: &'static [Column]) -> Result<Sheet> {
        if let Some(line) = crate::import::csv_rules::unclosed_quote(text) {
            return Err(refused(
                line,
                "",
                crate::import::csv_rules::unclosed_quote_reason(),
            ));
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| {
                refused(
                    1,
                    "",
                    crate::format_tr!(
                        "1行目（見出し）を読めません: {e}",
                        "the header (line 1) cannot be read: {e}"
                    ),
                )
            })?
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
            .map(|(c, _)| Lang::session().pick(c.ja, c.en))
            .collect();
        let allowed = || {
            columns
                .iter()
                .map(|c| {
                    let name = Lang::session().pick(c.ja, c.en);
                    if c.required {
                        format!("{name}*")
                    } else {
                        name.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        // A column named twice (in either language): which of the two holds the value?
        let mut twice = Vec::new();
        for c in columns {
            let named: Vec<&String> = headers
                .iter()
                .filter(|h| *h == c.ja || h.eq_ignore_ascii_case(c.en))
                .collect();
            if named.len() > 1 {
                twice.push(
                    named
                        .iter()
                        .map(|h| h.as_str())
                        .collect::<Vec<_>>()
                        .join(Lang::session().pick(" と ", " and ")),
                );
            }
        }
        let mut header = Findings::default();
        if !missing.is_empty() {
            header.error(
                1,
                "",
                crate::format_tr!(
                    "必須の見出しがありません: {}。使える見出し: {}",
                    "required headers are missing: {}; the headers taken: {}",
                    missing.join(", "),
                    allowed()
                ),
            );
        }
        if !unknown.is_empty() {
            header.error(
                1,
                "",
                crate::format_tr!(
                    "知らない見出しがあります: {}。使える見出し: {}",
                    "unknown headers: {}; the headers taken: {}",
                    unknown.join(", "),
                    allowed()
                ),
            );
        }
        if !twice.is_empty() {
            header.error(
                1,
                "",
                crate::format_tr!(
                    "同じ項目の見出しが2つあります: {}。1つにしてください",
                    "a column is named twice: {}; keep one",
                    twice.join(Lang::session().pick("、", "; "))
                ),
            );
        }
        if !header.errors.is_empty() {
            return Err(Rejected(header).into());
        }
        let mut f = Findings::default();
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                refused(
                    line,
                    "",
                    crate::format_tr!("CSV として読めません: {e}", "cannot be read as CSV: {e}"),
                )
            })?;
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = rec.position().map(|p| p.line()).unwrap_or(0);
            if rec.len() != headers.len() {
                f.error(
                    line,
                    "",
                    crate::format_tr!(
                        "項目数が {} です（見出しは {} 項目）。{}",
                        "{} values (the header has {}); {}",
                        rec.len(),
                        headers.len(),
                        match (Lang::session(), rec.len() > headers.len()) {
                            (Lang::Ja, true) => "住所などカンマ（,）を含む項目は \"東京都千代田区1-1, 101号\" のように \" で囲んでください",
                            (Lang::Ja, false) => "足りない項目は空欄でもカンマ（,）で区切って並べてください",
                            (Lang::En, true) => "put a value holding a comma, such as an address, in quotes: \"1-1 Chiyoda, Tokyo, Room 101\"",
                            (Lang::En, false) => "list a missing value as an empty one between commas",
                        }
                    ),
                );
                continue;
            }
            for (c, i) in columns.iter().zip(&index) {
                if let Some(value) = i.and_then(|i| rec.get(i))
                    && let Some(why) =
                        crate::import::csv_rules::cell_problem(value, c.max, c.multiline)
                {
                    f.error(line, c.ja, why);
                }
            }
            rows.push(Row {
                line,
                cells: rec.iter().map(|c| c.trim().to_string()).collect(),
            });
        }
        if !f.errors.is_empty() {
            return Err(Rejected(f).into());
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
                self.error(line, column, e.message(Lang::session()));
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

/// How many problems of each kind a refusal lists.
const SHOWN: usize = 100;

/// The import failed: nothing was changed. Carries every problem for the report.
#[derive(Debug)]
pub struct Rejected(pub Findings);

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let en = Lang::session() == Lang::En;
        writeln!(
            f,
            "{}",
            Lang::session().pick(
                "取り込みを中止しました。データベースは変更していません。",
                "The import was stopped; the database is unchanged."
            )
        )?;
        // The first hundred of each, then how many more: a broken file of 100,000 rows
        // is told in a screenful, not megabytes.
        let labels = if en {
            ["error", "warning"]
        } else {
            ["エラー", "警告"]
        };
        for (label, list) in labels.into_iter().zip([&self.0.errors, &self.0.warnings]) {
            for p in list.iter().take(SHOWN) {
                writeln!(f, "  {label} {p}")?;
            }
            if list.len() > SHOWN {
                let more = list.len() - SHOWN;
                if en {
                    writeln!(f, "  …and {more} more {label}s")?;
                } else {
                    writeln!(f, "  …{label}はほかに {more} 件あります")?;
                }
            }
        }
        if self.0.errors.is_empty() && !self.0.warnings.is_empty() {
            write!(
                f,
                "{}",
                Lang::session().pick(
                    "警告を確認し、問題なければ --accept-warnings を付けて再実行してください。",
                    "Check the warnings; if they are fine, run again with --accept-warnings."
                )
            )?;
        } else {
            write!(
                f,
                "{}",
                Lang::session().pick(
                    "ファイルを直してから、もう一度実行してください。",
                    "Correct the file, then run again."
                )
            )?;
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

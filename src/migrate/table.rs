//! A CSV file another system wrote, read whole: MS932 or UTF-8 (decided by the bytes), cells
//! NFKC-normalised, columns found by header name (never by position: exports move them), and
//! every problem collected with file, line and column so a malformed file is refused whole.

use super::fold::nfkc;
use color_eyre::eyre::Result;
use std::fmt;
use std::path::Path;

/// One problem in a migrated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: u64,
    pub column: String,
    /// What is wrong and how to fix it.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column.is_empty() {
            write!(f, "{} {}行目: {}", self.file, self.line, self.reason)
        } else {
            write!(
                f,
                "{} {}行目 「{}」: {}",
                self.file, self.line, self.column, self.reason
            )
        }
    }
}

/// The run was refused: nothing was changed. Carries every problem found.
#[derive(Debug, Default)]
pub struct Refused(pub Vec<Problem>);

/// How many problems a refusal prints (a broken file of 40,000 rows is told in a screenful).
const SHOWN: usize = 100;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "移行を中止しました。データベースは変更していません。")?;
        for p in self.0.iter().take(SHOWN) {
            writeln!(f, "  {p}")?;
        }
        if self.0.len() > SHOWN {
            writeln!(f, "  …ほかに {} 件あります", self.0.len() - SHOWN)?;
        }
        write!(f, "ファイルを直してから、もう一度実行してください。")
    }
}
impl std::error::Error for Refused {}

impl Refused {
    pub fn add(&mut self, file: &str, line: u64, column: &str, reason: impl Into<String>) {
        self.0.push(Problem {
            file: file.to_string(),
            line,
            column: column.to_string(),
            reason: reason.into(),
        });
    }
    /// Err when anything was found: the whole run stops.
    pub fn verdict(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.into())
        }
    }
}

/// One data row: its line in the file (1 = the header) and its cells, NFKC and trimmed.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

/// A column found by its header.
pub type Col = Option<usize>;

/// A decoded file with its header row.
#[derive(Debug)]
pub struct Table {
    /// The file's name as reports name it.
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Reads `path` whole. An undecodable byte, an open quote or a row of the wrong length
    /// refuses the file, naming the line.
    pub fn read(path: &Path) -> Result<Table> {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let bytes = std::fs::read(path).map_err(|e| {
            let mut r = Refused::default();
            r.add(&file, 0, "", format!("ファイルを読めません（{e}）"));
            r
        })?;
        let text =
            crate::import::csv_rules::decode_utf8_or_ms932(&bytes).map_err(|(line, why)| {
                let mut r = Refused::default();
                r.add(&file, line, "", why);
                r
            })?;
        Table::parse(&file, &text)
    }

    pub fn parse(file: &str, text: &str) -> Result<Table> {
        let mut refused = Refused::default();
        if let Some(line) = crate::import::csv_rules::unclosed_quote(text) {
            refused.add(
                file,
                line,
                "",
                crate::import::csv_rules::unclosed_quote_reason(),
            );
            return Err(refused.into());
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = match rdr.headers() {
            Ok(h) => h.iter().map(nfkc).collect(),
            Err(e) => {
                refused.add(file, 1, "", format!("見出しの行を読めません（{e}）"));
                return Err(refused.into());
            }
        };
        let mut rows = Vec::new();
        // Lines counted from the bytes (1 = the header), carried forward: linear in the file.
        let (mut counted_to, mut line_at) = (0usize, 1u64);
        let mut line_of = |byte: u64| {
            // After a CR the reader's position is still on the LF of the line before.
            let mut byte = (byte as usize).min(text.len());
            while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
                byte += 1;
            }
            if byte > counted_to {
                line_at += text.as_bytes()[counted_to..byte]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count() as u64;
                counted_to = byte;
            }
            line_at
        };
        for rec in rdr.records() {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    refused.add(file, line, "", format!("CSV として読めません（{e}）"));
                    continue;
                }
            };
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = rec.position().map(|p| line_of(p.byte())).unwrap_or(0);
            if rec.len() != headers.len() {
                refused.add(
                    file,
                    line,
                    "",
                    format!(
                        "項目数が {} です（見出しは {} 項目）。カンマを含む項目を \" で囲むか、同じ出力設定で書き出し直してください",
                        rec.len(),
                        headers.len()
                    ),
                );
                continue;
            }
            rows.push(Row {
                line,
                cells: rec.iter().map(nfkc).collect(),
            });
        }
        refused.verdict()?;
        Ok(Table {
            file: file.to_string(),
            headers,
            rows,
        })
    }

    /// The column whose header is any of `names` (compared after NFKC), if there is one.
    pub fn col(&self, names: &[&str]) -> Col {
        names.iter().find_map(|n| {
            let n = nfkc(n);
            self.headers.iter().position(|h| *h == n)
        })
    }

    /// The column whose header is any of `names`; a missing one is recorded in `refused`,
    /// naming the header and how to get it.
    pub fn require(&self, names: &[&str], refused: &mut Refused) -> Col {
        let c = self.col(names);
        if c.is_none() {
            refused.add(
                &self.file,
                1,
                names.first().copied().unwrap_or(""),
                format!(
                    "必須の見出し「{}」がありません。出力設定でこの項目を含めて書き出し直してください（見出し: {}）",
                    names.join("」または「"),
                    self.headers.join(", ")
                ),
            );
        }
        c
    }

    /// The cell of `row` in column `c` ("" when the column is absent).
    pub fn get<'r>(&self, row: &'r Row, c: Col) -> &'r str {
        c.and_then(|i| row.cells.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_by_name_wherever_they_stand() {
        let a = Table::parse("a.csv", "被保険者番号,利用者名\n0000000001,山田\n").unwrap();
        let b = Table::parse("b.csv", "利用者名,ｘ,被保険者番号\n山田,1,0000000001\n").unwrap();
        for t in [&a, &b] {
            let c = t.col(&["被保険者番号"]);
            assert_eq!(t.get(&t.rows[0], c), "0000000001");
        }
    }

    #[test]
    fn a_missing_header_and_a_short_row_are_named() {
        let t = Table::parse("a.csv", "利用者名\n山田\n").unwrap();
        let mut r = Refused::default();
        assert!(t.require(&["被保険者番号"], &mut r).is_none());
        assert!(r.to_string().contains("被保険者番号"), "{r}");
        let e = Table::parse("b.csv", "a,b\n1,2\n3\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("b.csv 3行目"), "{e}");
    }
}
#[cfg(test)]
mod line_tests {
    /// ほのぼの writes CRLF: a reported line is the line an editor shows.
    #[test]
    fn lines_count_from_the_header() {
        let t = super::Table::parse("a.csv", "a,b\r\n1,2\r\n3,4\r\n").unwrap();
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
        let t = super::Table::parse("a.csv", "a,b\n1,2\n3,4\n").unwrap();
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
    }
}

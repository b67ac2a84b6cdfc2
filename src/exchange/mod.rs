//! The national care-plan data exchange (ケアプランデータ連携): reading its files and recording
//! what they say in the ledger. Readers sit behind `Format`, so the reported JSON successor can
//! be added beside the CSV standard.

pub mod csv_v4;
pub mod ingest;
pub mod names;

use names::FileName;
use serde::Serialize;

/// One record: its line in the file (where it starts) and its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub line: u64,
    pub fields: Vec<String>,
}

impl Record {
    /// Field `i` (1-based, as the standard numbers them); empty when absent.
    pub fn get(&self, i: usize) -> &str {
        i.checked_sub(1)
            .and_then(|i| self.fields.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// A file read whole and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub name: FileName,
    pub version: String,
    pub records: Vec<Record>,
}

/// Why a file was refused: which file, where, and what to fix. Nothing of it was imported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejection {
    pub file: String,
    pub line: Option<u64>,
    pub field: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, " {l}行目")?;
        }
        if let Some(field) = &self.field {
            write!(f, " 「{field}」")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for Rejection {}

/// A file format of the exchange.
pub trait Format {
    /// Whether this format reads files of this name (the first that does is used).
    fn accepts(&self, file_name: &str) -> bool;
    fn read(&self, file_name: &str, bytes: &[u8]) -> Result<Document, Rejection>;
}

/// The formats careplan reads, in order of preference.
pub fn formats() -> Vec<Box<dyn Format + Send + Sync>> {
    vec![Box::new(csv_v4::CsvStandard)]
}

/// Reads one file's bytes with the first format that accepts its name.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Document, Rejection> {
    match formats().iter().find(|f| f.accepts(file_name)) {
        Some(f) => f.read(file_name, bytes),
        None => Err(Rejection {
            file: file_name.to_string(),
            line: None,
            field: None,
            reason: "連携ファイルの形式ではありません（.CSV ではない）".into(),
        }),
    }
}

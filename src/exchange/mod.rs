//! The national care-plan data exchange (ケアプランデータ連携): reading its files and recording
//! what they say in the ledger. Readers sit behind `Format`, so the reported JSON successor can
//! be added beside the CSV standard; a file inside a `.zip` (`archive`) reaches the same reader
//! by its own name, as if it lay in a folder.

pub mod archive;
pub mod csv_standard;
pub mod flows;
pub mod ingest;
pub mod layout;
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

/// A file read whole and checked. Records are in the ver.4.1 layout whatever the edition.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub name: FileName,
    pub edition: layout::Edition,
    pub records: Vec<Record>,
    /// The provider's service type as the service codes inside give it (they win over the
    /// file name's); None where the file holds no codes of the provider at its end.
    pub provider_service_type: Option<String>,
    /// What was read although it is not as the standard writes it.
    pub warnings: Vec<Warning>,
}

/// Something read leniently: the file was imported, and the user is told what was odd.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub file: String,
    pub line: Option<u64>,
    pub reason: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, " {l}行目")?;
        }
        write!(f, ": {}", self.reason)
    }
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
    vec![Box::new(csv_standard::CsvStandard)]
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

/// Reads one file's bytes as `read` does, naming it `shown` in the document, its warnings and
/// any rejection: a file inside an archive is read by its own name (`UPJSK_….csv`, which the
/// format parses) and shown as `archive.zip!/UPJSK_….csv`.
pub fn read_as(file_name: &str, shown: &str, bytes: &[u8]) -> Result<Document, Rejection> {
    match read(file_name, bytes) {
        Ok(mut doc) => {
            doc.name.text = shown.to_string();
            for w in &mut doc.warnings {
                w.file = shown.to_string();
            }
            Ok(doc)
        }
        Err(r) => Err(Rejection {
            file: shown.to_string(),
            ..r
        }),
    }
}

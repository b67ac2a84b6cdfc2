//! Moving an office in from the systems it already uses (`careplan migrate …`): every run is
//! all or nothing, idempotent, and ends with one summary of what it created, skipped and left
//! for a person to review.

pub mod apply;
pub mod contract_date;
pub mod dates;
pub mod fold;
pub mod honobono;
pub mod mapping;
pub mod records;
pub mod table;

use serde::Serialize;

/// What one migration run did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub clients_created: usize,
    pub clients_updated: usize,
    pub certifications_created: usize,
    pub plans_created: usize,
    pub providers_created: usize,
    pub claim_months: usize,
    pub skipped: Vec<Skipped>,
    pub review: Vec<ReviewItem>,
    /// 記録開始日 after the run (set by the first migration unless one was set), ISO date.
    pub records_since: Option<String>,
    pub dry_run: bool,
}

/// A row left out on purpose (a placeholder row, a duplicate), with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub file: String,
    pub line: u64,
    pub reason: String,
}

/// A row a person must look at; kept in `migration_reviews` and worked through in the TUI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewItem {
    pub file: String,
    pub line: u64,
    /// A stable key: `unknown_client`, `provider_match`, `contract_date_estimated`, ….
    pub kind: String,
    pub detail: String,
    #[serde(skip)]
    pub insurer_number: String,
    #[serde(skip)]
    pub insured_number: String,
}

pub mod kokuho;

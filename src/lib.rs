//! careplan: a terminal ledger for Japanese home-care care-management offices.

pub mod abbrev;
pub mod backup;
pub mod caseload_text;
pub mod cli;
pub mod commands;
pub mod concentration_text;
pub mod config;
pub mod crash_report;
pub mod csv_rules;
pub mod demo;
pub mod domain;
pub mod exchange;
pub mod import;
pub mod migrate;
pub mod office_account;
pub mod output;
pub mod store;
pub mod text;
pub mod tui;

//! careplan: a terminal ledger for Japanese home-care care-management offices.

pub mod backup;
pub mod cli;
pub mod cli_help_en;
pub mod commands;
pub mod config;
pub mod crash_report;
pub mod demo;
pub mod domain;
pub mod exchange;
pub mod import;
pub mod migrate;
pub mod office_account;
pub mod present;
pub mod store;
pub mod tui;

//! The CLI commands. Each opens the store, calls domain/store functions, and prints.

mod backup;
mod calendar;
mod case_record;
mod caseload;
mod claims;
mod concentration;
mod corrections;
mod deliveries;
mod docs;
mod enrollment;
mod exchange;
mod kasan;
mod kasan_records;
mod lists;
mod maintenance;
mod migrate;
mod monitoring;
mod office;
mod plan_steps;
mod rules;
mod shared;

use crate::cli::{Cli, Command, ImportCommand, KasanArgs, KasanCommand};
use crate::config::{self, Config};
use crate::domain::dates::parse_date;
use crate::import;
use crate::store::{Access, Actor, Store};
use color_eyre::eyre::{Result, eyre};
use std::path::PathBuf;
use std::process::ExitCode;

/// Where the database is: --db / CAREPLAN_DB, then the config file, then the platform data dir.
pub fn database_path(cli: &Cli, config: &Config) -> Result<PathBuf> {
    match (&cli.db, &config.database) {
        (Some(p), _) | (None, Some(p)) => Ok(p.clone()),
        (None, None) => config::default_database_path(),
    }
}

/// Opens the database. One named by --db, CAREPLAN_DB or the config file must exist: a
/// mistyped path would otherwise open a new, empty office without a word. The default one is
/// created on first use, saying so.
pub fn open_store(cli: &Cli, config: &Config) -> Result<Store> {
    let path = database_path(cli, config)?;
    // A database in a folder one may not enter "does not exist" to `exists()`: say why.
    if let Err(e) = std::fs::metadata(&path)
        && e.kind() == std::io::ErrorKind::PermissionDenied
    {
        return Err(eyre!(
            "データベース {} を開く権限がありません。事業所のデータベースなら、管理者に {} グループへ加えてもらってください（sudo usermod -aG {} NAME）",
            path.display(),
            crate::office_account::GROUP,
            crate::office_account::GROUP
        ));
    }
    if !path.exists() {
        if cli.db.is_some() || config.database.is_some() || cli.read_only {
            return Err(eyre!(
                "データベース {} がありません。パスを確かめてください（--db、CAREPLAN_DB、設定ファイルの database）。新しく作るなら: careplan init --db {}",
                path.display(),
                path.display()
            ));
        }
        // Said on stderr (if it is still there): the database is made either way.
        crate::present::output::complain(&format!(
            "careplan: 新しいデータベースを作成しました: {}",
            path.display()
        ));
    }
    let access = if cli.read_only {
        Access::ReadOnly
    } else {
        Access::Auto
    };
    Store::open_with(&path, Actor::from_env(), access)
}

/// After a command: if it changed the office's records, ホーム's month counts are brought up
/// to date now, so the next start of the screen does not wait for them. A kept summary only:
/// any failure here is silent (the next start computes them). A command that only read
/// writes nothing, not even this (nor does a read-only session).
pub fn keep_home_current(cli: &Cli, config: &Config) {
    if !cli.read_only
        && crate::store::committed_in_this_process()
        && let Ok(path) = database_path(cli, config)
        && path.exists()
        && let Ok(store) = Store::open(&path, Actor::from_env())
        && store.read_only().is_none()
    {
        let _ = crate::store::home::refresh_month_counts(store.conn(), today());
    }
}

/// `careplan init`: a new, empty database where --db (or the default) says; never an existing one.
fn init(cli: &Cli, config: &Config) -> Result<ExitCode> {
    let path = database_path(cli, config)?;
    if path.exists() {
        return Err(eyre!(
            "{} は既にあります。既存のデータベースはそのまま使えます（init は新しく作るときだけです）",
            path.display()
        ));
    }
    let mut store = Store::open(&path, Actor::from_env())?;
    // A new office keeps its records here from today: nothing before counts as missing.
    store.write(|w| crate::store::office::set_records_since_if_unset(w, today()))?;
    crate::say!(
        "データベースを作成しました: {}（所有者だけが読み書きできます）",
        path.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub fn run(cli: &Cli, command: &Command, config: &Config) -> Result<ExitCode> {
    crate::present::output::set_language(config.language);
    // The two commands that make a database have nothing to read.
    if cli.read_only && matches!(command, Command::Init | Command::Demo { .. }) {
        return Err(crate::store::ReadOnly(crate::store::read_only::Why::Asked).into());
    }
    match command {
        Command::Init => init(cli, config),
        Command::Demo {
            out,
            clients,
            seed,
            as_of,
        } => {
            if out.exists() {
                return Err(eyre!(
                    "{} は既に存在します。デモデータで上書きしないので、別のパスを指定してください",
                    out.display()
                ));
            }
            let as_of = match as_of {
                Some(s) => parse_date(s).map_err(|e| eyre!("--as-of: {e}"))?,
                None => today(),
            };
            let mut store = Store::open(out, Actor::from_env())?;
            crate::present::output::complain(&format!(
                "デモデータを作成中…（利用者 {clients} 人）"
            ));
            let s = crate::demo::generate(&mut store, *clients, *seed, as_of)?;
            crate::say!(
                "{} にデモデータを書き出しました: 利用者 {} 人、事業所 {} 件、介護支援専門員 {} 人",
                out.display(),
                s.clients,
                s.providers,
                s.care_managers
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Office(cmd) => office::run(&mut open_store(cli, config)?, cmd),
        Command::Import(cmd) => {
            let mut store = open_store(cli, config)?;
            let (args, kind, f): (_, &str, import::Importer) = match cmd {
                ImportCommand::Staff(a) => (
                    a,
                    crate::present::output::tr("職員", "staff"),
                    import::staff::import,
                ),
                ImportCommand::Clients(a) => (
                    a,
                    crate::present::output::tr("利用者", "clients"),
                    import::clients::import,
                ),
                ImportCommand::Providers(a) => (
                    a,
                    crate::present::output::tr("事業所", "providers"),
                    import::providers::import,
                ),
                ImportCommand::Certifications(a) => (
                    a,
                    crate::present::output::tr("認定", "certifications"),
                    import::certifications::import,
                ),
            };
            match f(
                &mut store,
                &args.file,
                args.dry_run,
                args.accept_warnings,
                today(),
            ) {
                Ok(r) => {
                    match (crate::domain::Lang::session(), args.dry_run) {
                        (crate::domain::Lang::Ja, dry) => crate::say!(
                            "{kind}: 新規 {} 件、更新 {} 件を{}",
                            r.added,
                            r.updated,
                            if dry {
                                "確認しました（保存していません）"
                            } else {
                                "取り込みました"
                            }
                        )?,
                        (crate::domain::Lang::En, dry) => crate::say!(
                            "{kind}: {} new and {} updated {}",
                            r.added,
                            r.updated,
                            if dry {
                                "checked (nothing saved)"
                            } else {
                                "imported"
                            }
                        )?,
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => match e.downcast_ref::<import::Rejected>() {
                    Some(rej) => {
                        crate::present::output::complain(&format!(
                            "{}: {rej}",
                            args.file.display()
                        ));
                        Ok(ExitCode::FAILURE)
                    }
                    None => Err(e),
                },
            }
        }
        Command::Claims(a) => claims::list(&open_store(cli, config)?, a),
        Command::Clients(a) => match &a.command {
            None => lists::clients(&open_store(cli, config)?, a.format, config),
            Some(c) => corrections::clients(&mut open_store(cli, config)?, c),
        },
        Command::Certifications(a) => corrections::certifications(&mut open_store(cli, config)?, a),
        Command::Providers(a) => match &a.command {
            None => lists::providers(&open_store(cli, config)?, a.format, config),
            Some(crate::cli::ProvidersCommand::Edit(e)) => {
                lists::provider_edit(&mut open_store(cli, config)?, e)
            }
        },
        Command::Concentration(a) => concentration::run(&mut open_store(cli, config)?, a, config),
        Command::Staff(a) => match &a.command {
            None => lists::staff(&open_store(cli, config)?, a.format),
            Some(crate::cli::StaffCommand::Fte(f)) => {
                corrections::fte(&mut open_store(cli, config)?, f)
            }
        },
        Command::Export {
            out,
            encoding,
            force,
        } => maintenance::export(&open_store(cli, config)?, out, *encoding, *force),
        Command::Caseload(args) => caseload::run(&open_store(cli, config)?, args, config),
        Command::Rules(args) => rules::run(&mut open_store(cli, config)?, args, config),
        Command::Deliveries(args) => deliveries::run(&mut open_store(cli, config)?, args),
        Command::Exchange(crate::cli::ExchangeCommand::Import(args)) => {
            exchange::import(&mut open_store(cli, config)?, args)
        }
        Command::Migrate(cmd) => migrate::run(cli, config, cmd),
        Command::Enrollment(cmd) => enrollment::run(&mut open_store(cli, config)?, cmd, config),
        Command::Plans(args) => deliveries::run_plans(&mut open_store(cli, config)?, args),
        Command::Meetings(cmd) => plan_steps::meetings(&mut open_store(cli, config)?, cmd),
        Command::Notes(args) => case_record::run(&mut open_store(cli, config)?, args),
        Command::Stays(args) => kasan_records::stays_run(&mut open_store(cli, config)?, args),
        Command::Kasan(KasanArgs {
            command: Some(KasanCommand::Decide(x)),
            ..
        }) => kasan_records::kasan_decide(&mut open_store(cli, config)?, x),
        Command::Monitoring(args) => monitoring::run(&mut open_store(cli, config)?, args),
        Command::Deadlines(a) => calendar::deadlines(&open_store(cli, config)?, a, config),
        Command::Calendar(a) => calendar::run(&mut open_store(cli, config)?, a),
        Command::Report(crate::cli::ReportCommand::Inspection {
            from,
            to,
            out,
            force,
        }) => deliveries::inspection_report(&open_store(cli, config)?, from, to, out, *force),
        Command::Check => maintenance::check(&open_store(cli, config)?, config),
        Command::Backup(args) => backup::run(cli, args, config),
        Command::Restore {
            file,
            out,
            identity,
            force,
        } => backup::restore(file, out, identity.as_deref(), *force),
        Command::Completions { shell } => docs::completions(*shell),
        Command::Manpage { out } => docs::manpages(out.as_deref()),
        Command::Kasan(a) => kasan::run(&open_store(cli, config)?, a),
    }
}

//! `careplan migrate honobono|csv`: read another system's files, write them in one
//! transaction (or, with --dry-run, only say what would change), and print the run's summary.

use crate::cli::{Cli, MigrateCommand, TableOrJson};
use crate::config::Config;
use crate::migrate::apply::{Outcome, apply};
use crate::migrate::table::Refused;
use crate::migrate::{Summary, honobono, mapping};
use crate::present::output;
use color_eyre::eyre::Result;
use std::process::ExitCode;

pub fn run(cli: &Cli, config: &Config, cmd: &MigrateCommand) -> Result<ExitCode> {
    let today = super::today();
    let (source, read, dry_run, format) = match cmd {
        MigrateCommand::Kokuho(a) => {
            return super::claims::migrate_kokuho(&mut super::open_store(cli, config)?, a);
        }
        MigrateCommand::Honobono(a) => (
            "honobono",
            honobono::read(&a.dir, today),
            a.dry_run,
            a.format,
        ),
        MigrateCommand::Csv(a) => {
            if let Some(out) = &a.map_template {
                let text = mapping::template(&a.file);
                return match text {
                    Ok(t) => {
                        crate::store::write_private(out, t.as_bytes(), a.force)?;
                        output::print_lines(&[format!(
                            "対応表のひな形を書き出しました: {}。見出しごとの項目を確かめてから --map で指定してください",
                            out.display()
                        )])?;
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(e) => refused(e),
                };
            }
            // clap requires --map unless --map-template is given.
            let Some(map) = &a.map else {
                return Ok(ExitCode::FAILURE);
            };
            ("csv", mapping::read(&a.file, map), a.dry_run, a.format)
        }
    };
    let batch = match read {
        Ok(b) => b,
        Err(e) => return refused(e),
    };
    let mut store = super::open_store(cli, config)?;
    let outcome = match apply(&mut store, source, batch, dry_run, today) {
        Ok(o) => o,
        Err(e) => return refused(e),
    };
    match format {
        TableOrJson::Json => {
            output::print_json(&outcome.summary)?;
            for n in &outcome.notes {
                output::complain(n);
            }
        }
        TableOrJson::Table => output::print_lines(table(source, &outcome))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// A refusal of the run is told on stderr with exit status 1; anything else is an error.
fn refused(e: color_eyre::Report) -> Result<ExitCode> {
    match e.downcast_ref::<Refused>() {
        Some(r) => {
            output::complain(&r.to_string());
            Ok(ExitCode::FAILURE)
        }
        None => match e.downcast_ref::<crate::store::Refused>() {
            Some(r) => {
                output::complain(&format!(
                    "移行を中止しました。データベースは変更していません。{r}"
                ));
                Ok(ExitCode::FAILURE)
            }
            None => Err(e),
        },
    }
}

/// How many skipped rows and review items the table lists (all are in the JSON and the
/// review screen).
const LISTED: usize = 30;

fn table(source: &str, o: &Outcome) -> Vec<String> {
    let s: &Summary = &o.summary;
    let mut out = vec![
        format!(
            "{source} からの移行{}",
            if s.dry_run {
                "（確認のみ。保存していません）"
            } else {
                "を保存しました"
            }
        ),
        format!(
            "  利用者     新規 {:>6}  更新 {:>6}",
            s.clients_created, s.clients_updated
        ),
        format!("  認定       新規 {:>6}", s.certifications_created),
        format!("  計画の版   新規 {:>6}", s.plans_created),
        format!("  事業所     新規 {:>6}", s.providers_created),
        format!(
            "  記録開始日 {}",
            s.records_since.as_deref().unwrap_or("（未設定）")
        ),
    ];
    if !s.skipped.is_empty() {
        out.push(format!("除外した行 {} 件:", s.skipped.len()));
        for k in s.skipped.iter().take(LISTED) {
            out.push(format!("  {} {}行目: {}", k.file, k.line, k.reason));
        }
        if s.skipped.len() > LISTED {
            out.push(format!(
                "  …ほかに {} 件（--format json で全件）",
                s.skipped.len() - LISTED
            ));
        }
    }
    if !s.review.is_empty() {
        out.push(format!(
            "確認事項 {} 件（うち今回新しく {} 件）。画面の「移行の確認待ち」で順に確かめてください:",
            s.review.len(),
            o.new_reviews
        ));
        for r in s.review.iter().take(LISTED) {
            let who = if r.insured_number.is_empty() {
                String::new()
            } else {
                format!(" [{}・{}]", r.insurer_number, r.insured_number)
            };
            out.push(format!(
                "  {} {}行目{who} {}: {}",
                r.file, r.line, r.kind, r.detail
            ));
        }
        if s.review.len() > LISTED {
            out.push(format!(
                "  …ほかに {} 件（--format json で全件）",
                s.review.len() - LISTED
            ));
        }
    }
    out.extend(o.notes.iter().cloned());
    out
}

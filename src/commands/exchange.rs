//! `careplan exchange import`: the exchange's files into the ledger.

use crate::cli::{ExchangeImportArgs, Format};
use crate::exchange::ingest::{self, Options};
use crate::store::Store;
use color_eyre::eyre::Result;
use std::process::ExitCode;

pub fn import(store: &mut Store, args: &ExchangeImportArgs) -> Result<ExitCode> {
    let collected = ingest::collect(&args.paths)?;
    let files = collected.files;
    let show_progress = crate::present::output::stderr_is_terminal() && files.len() > 50;
    let mut progress = |done: usize, total: usize| {
        if show_progress && (done.is_multiple_of(50) || done == total) {
            let end = if done == total { "\n" } else { "" };
            crate::present::output::progress_text(&format!("\r取り込み中… {done}/{total}{end}"));
        }
    };
    let s = ingest::import(
        store,
        &files,
        Options {
            dry_run: args.dry_run,
            create_clients: args.create_clients,
        },
        &mut progress,
    )?;
    let s = ingest::Summary {
        skipped: collected.skipped,
        ..s
    };
    match args.format {
        Format::Json => crate::present::output::print_json(&s)?,
        Format::Table | Format::Csv => {
            let verb = if s.dry_run {
                "（確認のみ・保存していません）"
            } else {
                ""
            };
            crate::say!(
                "ファイル {} 件: 取り込み {}、取り込み済み {}、不合格 {}{verb}",
                s.files_read,
                s.files_imported,
                s.files_duplicate,
                s.files_rejected.len()
            )?;
            crate::say!(
                "送付記録 {} 件、計画 {} 件、新しい事業所 {} 件、新しい利用者 {} 人、空欄を補った項目 {}、確認が必要な違い {}",
                s.events_recorded,
                s.plans_recorded,
                s.providers_created,
                s.clients_created,
                s.fields_filled,
                s.differences
            )?;
            for u in &s.unmatched_clients {
                crate::say!(
                    "未登録の利用者: 保険者番号 {} 被保険者番号 {}（{}）— 登録するか --create-clients で取り込んでください",
                    u.insurer_number,
                    u.insured_number,
                    u.file
                )?;
            }
            for k in &s.skipped {
                crate::say!("読まずに飛ばしました: {} — {}", k.path, k.reason)?;
            }
            for w in &s.warnings {
                crate::say!("注意: {w}")?;
            }
            for r in &s.files_rejected {
                crate::present::output::complain(&format!("不合格: {r}"));
            }
        }
    }
    Ok(if s.files_rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

//! `careplan migrate kokuho` (the claim history from the 伝送 files) and `careplan claims` (the
//! history of a month). The JSON of both is a contract scripts rely on.

use crate::cli::{ClaimsArgs, Format, MigrateKokuhoArgs};
use crate::domain::care_level::CareLevel;
use crate::domain::claims::BaseCodeTable;
use crate::domain::dates::parse_month;
use crate::exchange::Rejection;
use crate::migrate::Summary;
use crate::present::output::{self, Listing};
use crate::present::output::{lang, tr};
use crate::store::Store;
use crate::store::claims::{self, ClaimMonth};
use color_eyre::eyre::{Result, eyre};
use serde_json::{Value, json};

use std::process::ExitCode;

/// `careplan migrate kokuho DIR`.
pub fn migrate_kokuho(store: &mut Store, args: &MigrateKokuhoArgs) -> Result<ExitCode> {
    if args.format == Format::Csv {
        return Err(eyre!("--format は table か json です"));
    }
    // Progress on a terminal only, and only when there is enough to wait for.
    let tty = crate::present::output::stderr_is_terminal();
    let mut progress = |done: usize, all: usize| {
        if tty && all >= 20 {
            let end = if done == all { "\n" } else { "" };
            crate::present::output::progress_text(&format!(
                "\r伝送ファイルを読んでいます {done}/{all}{end}"
            ));
        }
    };
    match crate::migrate::kokuho::run(
        store,
        &args.dir,
        args.dry_run,
        super::today(),
        &mut progress,
    ) {
        Ok(s) => {
            match args.format {
                Format::Json => output::print_json(&s)?,
                _ => output::print_lines(summary_lines(&s))?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => match e.downcast_ref::<Rejection>() {
            Some(r) => {
                // The exit code says it failed even if stderr is gone.
                output::complain(&format!(
                    "取り込みを中止しました（何も保存していません）: {r}"
                ));
                Ok(ExitCode::FAILURE)
            }
            None => Err(e),
        },
    }
}

/// The summary as the table format prints it.
pub fn summary_lines(s: &Summary) -> Vec<String> {
    let mut out = vec![if s.dry_run {
        "伝送ファイルを確認しました（--dry-run: 何も保存していません）".to_string()
    } else {
        "伝送ファイルの請求履歴を取り込みました".to_string()
    }];
    out.push(format!(
        "  請求の月（被保険者×サービス月）の新規・更新: {}",
        s.claim_months
    ));
    out.push(format!("  登録した事業所: {}", s.providers_created));
    out.push(format!("  契約日を推定した利用者: {}", s.clients_updated));
    out.push(format!(
        "  記録開始日: {}",
        s.records_since.as_deref().unwrap_or("未設定")
    ));
    if !s.skipped.is_empty() {
        out.push(format!("読まなかったもの: {}", s.skipped.len()));
        for k in &s.skipped {
            let at = if k.line > 0 {
                format!(" {}行目", k.line)
            } else {
                String::new()
            };
            out.push(format!("  {}{at}: {}", k.file, k.reason));
        }
    }
    if !s.review.is_empty() {
        out.push(format!("要確認: {}", s.review.len()));
        for r in &s.review {
            out.push(format!(
                "  [{}] {} {}行目: {}",
                r.kind, r.file, r.line, r.detail
            ));
        }
    }
    out
}

fn level_label(code: Option<&str>) -> Option<&'static str> {
    code.and_then(CareLevel::from_code)
        .map(|l| l.label(crate::present::output::lang()))
}

/// One month of one person as the JSON writes it.
fn claim_json(c: &ClaimMonth, table: &BaseCodeTable, month: chrono::NaiveDate) -> Value {
    json!({
        "month": c.month,
        "insurer_number": c.insurer_number,
        "insured_number": c.insured_number,
        "registered": c.client_id.is_some(),
        "care_level": level_label(c.care_level.as_deref()),
        "care_manager_number": c.care_manager_number,
        "billed_band": table.billed_band(c.codes.iter().map(|k| k.code.as_str()), month).map(|b| b.code()),
        "cancelled": c.cancelled,
        "providers": c.providers.iter().map(|p| json!({
            "office_number": p.office_number,
            "service_type": p.service_type,
            "units": p.units,
        })).collect::<Vec<_>>(),
        "codes": c.codes.iter().map(|k| json!({
            "code": k.code,
            "units": k.units,
            "count": k.count,
        })).collect::<Vec<_>>(),
    })
}

/// `careplan claims --month YYYY-MM`.
pub fn list(store: &Store, args: &ClaimsArgs) -> Result<ExitCode> {
    let month = parse_month(&args.month).map_err(|e| eyre!("--month: {}", e.message(lang())))?;
    let rows = claims::month(store.conn(), month)?;
    let table = BaseCodeTable::default();
    let json: Vec<Value> = rows.iter().map(|c| claim_json(c, &table, month)).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|c| {
            vec![
                c.insurer_number.clone(),
                c.insured_number.clone(),
                c.name.clone().unwrap_or_else(|| "（未登録）".into()),
                level_label(c.care_level.as_deref())
                    .unwrap_or("")
                    .to_string(),
                c.care_manager_number.clone().unwrap_or_default(),
                if c.cancelled {
                    "取消".into()
                } else {
                    table
                        .billed_band(c.codes.iter().map(|k| k.code.as_str()), month)
                        .map(|b| b.label().to_string())
                        .unwrap_or_default()
                },
                c.providers
                    .iter()
                    .map(|p| format!("{} {}:{}", p.office_number, p.service_type, p.units))
                    .collect::<Vec<_>>()
                    .join(" "),
                c.codes
                    .iter()
                    .map(|k| format!("{} {}×{}", k.code, k.units, k.count))
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect();
    output::print(
        args.format,
        &Listing {
            headers: &[
                tr("保険者番号", "insurer"),
                tr("被保険者番号", "insured"),
                tr("利用者", "client"),
                tr("要介護度", "care level"),
                tr("介護支援専門員番号", "CM number"),
                tr("請求した区分", "band billed"),
                tr("事業所 種類:計画単位数", "provider type:planned units"),
                tr("サービスコード 単位数×回数", "service code units×times"),
            ],
            rows: cells,
            numeric: &[],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

//! `careplan deadlines` (what ホーム's deadline list shows) and `careplan calendar` (the
//! national calendar: show, import, export).

use crate::cli::{CalendarArgs, CalendarCommand, DeadlinesArgs, Format};
use crate::config::Config;
use crate::domain::Lang;
use crate::domain::dates::{iso, parse_date};
use crate::present::output::{Listing, print};
use crate::present::output::{lang, tr};
use crate::store::{Store, calendar};
use color_eyre::eyre::{Result, WrapErr, eyre};
use serde_json::json;
use std::process::ExitCode;

/// `careplan deadlines`: exactly ホーム's list (the same function builds both), for cron.
pub fn deadlines(store: &Store, a: &DeadlinesArgs, config: &Config) -> Result<ExitCode> {
    let today = match &a.on {
        Some(s) => parse_date(s).map_err(|e| eyre!("--on: {e}"))?,
        None => super::today(),
    };
    let lang = config.language;
    let home = crate::store::home::home(store.conn(), today, &config.deadline_rules())?;
    let json: Vec<_> = home
        .deadlines
        .iter()
        .map(|d| {
            let calendar = match &d.kind {
                crate::domain::deadlines::DeadlineKind::Calendar { item, .. } => Some(json!({
                    "key": item.key, "certainty": item.certainty.code(),
                    "concerns": item.concerns.code(), "source": item.source})),
                _ => None,
            };
            let concentration = match &d.kind {
                crate::domain::deadlines::DeadlineKind::ConcentrationReport(r) => Some(json!({
                    "period": r.period.id.code(), "over": r.over})),
                _ => None,
            };
            json!({
                "date": iso(d.due),
                "days_left": d.days_left,
                "kind": d.kind_code(),
                "what": d.what(lang),
                "action": d.action(lang),
                "waiting": d.is_waiting(),
                "client": d.client().map(|c| json!({"id": c.id, "name": c.name})),
                "provider": d.provider().map(|(id, name)| json!({"id": id, "name": name})),
                "calendar": calendar,
                "concentration": concentration,
            })
        })
        .collect();
    let rows = home
        .deadlines
        .iter()
        .map(|d| {
            vec![
                d.days_left.to_string(),
                iso(d.due),
                d.what(lang),
                d.action(lang).to_string(),
            ]
        })
        .collect();
    let headers: &[&str] = match lang {
        Lang::Ja => &["残り日数", "期日", "内容", "すること"],
        Lang::En => &["days left", "date", "what", "action"],
    };
    print(
        a.format,
        &Listing {
            headers,
            rows,
            numeric: &[0],
            json: &json,
        },
    )?;
    if a.format == Format::Table
        && let Some(r) = &home.move_risk
    {
        crate::say!("⚠ {}", r.message(lang))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(store: &mut Store, a: &CalendarArgs) -> Result<ExitCode> {
    match &a.command {
        None => show(store, a.format),
        Some(CalendarCommand::Import(i)) => {
            let text = std::fs::read_to_string(&i.file).wrap_err_with(|| {
                crate::format_tr!(
                    "暦のファイルを読めません（UTF-8 のテキストか確かめてください）: {}",
                    "cannot read the calendar file (check that it is UTF-8 text): {}",
                    i.file.display()
                )
            })?;
            match store.write(|w| calendar::import(w, &text)) {
                Ok(r) => {
                    crate::say!(
                        "暦: 追加 {} 件、置き換え {} 件を取り込みました",
                        r.added,
                        r.replaced
                    )?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => super::shared::refused_or(e),
            }
        }
        Some(CalendarCommand::Export(x)) => {
            let items = calendar::in_force(store.conn())?;
            let text = crate::domain::calendar::to_tsv(&items);
            crate::store::write_private(&x.out, text.as_bytes(), x.force)?;
            crate::say!(
                "暦（{} 件）を書き出しました: {}",
                items.len(),
                x.out.display()
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `careplan calendar`: the calendar in force, with where each row comes from.
fn show(store: &Store, format: Format) -> Result<ExitCode> {
    let imported = calendar::imported(store.conn())?;
    let items = calendar::in_force(store.conn())?;
    let origin = |key: &str| {
        if imported.iter().any(|x| x.key == key) {
            "imported"
        } else {
            "builtin"
        }
    };
    let json: Vec<_> = items
        .iter()
        .map(|x| {
            json!({
                "key": x.key, "date": iso(x.date), "certainty": x.certainty.code(),
                "concerns": x.concerns.code(), "what": x.what_ja, "what_en": x.what_en,
                "source": x.source, "origin": origin(&x.key),
            })
        })
        .collect();
    let rows = items
        .iter()
        .map(|x| {
            vec![
                iso(x.date),
                x.certainty.label(lang()).to_string(),
                x.concerns.label(lang()).to_string(),
                lang().pick(&x.what_ja, &x.what_en).to_string(),
                x.source.clone(),
                x.key.clone(),
                match origin(&x.key) {
                    "imported" => tr("取り込み", "imported"),
                    _ => tr("同梱", "built in"),
                }
                .to_string(),
            ]
        })
        .collect();
    print(
        format,
        &Listing {
            headers: &[
                tr("日付", "date"),
                tr("確度", "certainty"),
                tr("対象", "for"),
                tr("内容", "what"),
                tr("出典", "source"),
                "key",
                tr("由来", "origin"),
            ],
            rows,
            numeric: &[],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

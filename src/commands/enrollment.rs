//! `careplan enrollment …`: observations, outreach, the office's own status, and the report.

use super::today;
use crate::cli::{EnrollmentCommand, EnrollmentOfficeArgs, Format, OutreachArgs, YesNo};
use crate::config::Config;
use crate::domain::Lang;
use crate::domain::dates::{Resolve, check_order, iso, parse_date, parse_date_relative};
use crate::domain::enrollment::{ExchangeUse, ProviderStatus, Source, Stage, expiry_warnings};
use crate::output::{Listing, print};
use crate::store::enrollment::{self, Activity, Coverage};
use crate::store::{Store, providers};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, eyre};
use serde_json::json;
use std::process::ExitCode;

fn provider(store: &Store, number: &str) -> Result<i64> {
    providers::find_by_number(store.conn(), number.trim())?.ok_or_else(|| {
        eyre!("事業所番号 {number} の事業所は登録されていません。番号を確かめるか、先に事業所を登録してください")
    })
}

fn date_or_today(s: &Option<String>, flag: &str) -> Result<NaiveDate> {
    match s {
        Some(s) => parse_date(s).map_err(|e| eyre!("{flag}: {e}")),
        None => Ok(today()),
    }
}

/// `DATE`, or `none` to clear.
fn date_change(
    s: &Option<String>,
    flag: &str,
    current: Option<NaiveDate>,
) -> Result<Option<NaiveDate>> {
    match s.as_deref() {
        None => Ok(current),
        Some("none") => Ok(None),
        Some(v) => parse_date(v).map(Some).map_err(|e| eyre!("{flag}: {e}")),
    }
}

pub fn run(store: &mut Store, cmd: &EnrollmentCommand, config: &Config) -> Result<ExitCode> {
    match cmd {
        EnrollmentCommand::Record(a) => {
            let p = provider(store, &a.provider)?;
            let status = ProviderStatus::parse(&a.status).map_err(|e| eyre!("--status: {e}"))?;
            let source = Source::parse(&a.source).map_err(|e| eyre!("--source: {e}"))?;
            let on = date_or_today(&a.date, "--date")?;
            store.write(|w| enrollment::record_observation(w, p, status, source, on, &a.note))?;
            println!(
                "記録しました: {} {}（{}、{}）",
                a.provider,
                status.label(Lang::Ja),
                source.label(Lang::Ja),
                iso(on)
            );
            Ok(ExitCode::SUCCESS)
        }
        EnrollmentCommand::Import(args) => {
            match crate::import::enrollment::import(
                store,
                &args.file,
                args.dry_run,
                args.accept_warnings,
            ) {
                Ok(r) => {
                    println!(
                        "加入状況: {} 件を{}",
                        r.added,
                        if args.dry_run {
                            "確認しました（保存していません）"
                        } else {
                            "取り込みました"
                        }
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => match e.downcast_ref::<crate::import::Rejected>() {
                    Some(rej) => {
                        eprintln!("{}: {rej}", args.file.display());
                        Ok(ExitCode::FAILURE)
                    }
                    None => Err(e),
                },
            }
        }
        EnrollmentCommand::Outreach(a) => outreach(store, a),
        EnrollmentCommand::Office(a) => office(store, a),
        EnrollmentCommand::Report(f) => report(store, f.format, config),
    }
}

fn outreach(store: &mut Store, a: &OutreachArgs) -> Result<ExitCode> {
    let activity = Activity {
        provider_id: provider(store, &a.provider)?,
        on_date: date_or_today(&a.date, "--date")?,
        method: a.method.clone(),
        who: a.who.clone(),
        said: a.said.clone(),
        outcome: a.outcome.clone(),
        stage: Stage::parse(&a.stage).map_err(|e| eyre!("--stage: {e}"))?,
        next_follow_up: a
            .next
            .as_deref()
            .map(|d| {
                parse_date_relative(d, today(), Resolve::NextFuture)
                    .map_err(|e| eyre!("--next: {e}"))
            })
            .transpose()?,
    };
    if let Some(next) = activity.next_follow_up {
        check_order(
            activity.on_date,
            next,
            ("働きかけの日付", "date of the outreach"),
        )
        .map_err(|e| eyre!("--next: {e}"))?;
    }
    if activity.stage == Stage::Declined && activity.outcome.trim().is_empty() {
        return Err(eyre!("見送りの場合は --outcome に理由を書いてください"));
    }
    store.write(|w| enrollment::add_activity(w, &activity))?;
    println!(
        "働きかけを記録しました（{}）",
        activity.stage.label(Lang::Ja)
    );
    Ok(ExitCode::SUCCESS)
}

fn office(store: &mut Store, a: &EnrollmentOfficeArgs) -> Result<ExitCode> {
    if let Some(s) = &a.exchange_status {
        let status = ExchangeUse::parse(s).map_err(|e| eyre!("--exchange-status: {e}"))?;
        let from = date_or_today(&a.from, "--from")?;
        store.write(|w| enrollment::add_exchange_status(w, status, from, ""))?;
    }
    let current = enrollment::office_exchange(store.conn())?;
    let mut o = current.clone();
    o.licence_applied_on = date_change(
        &a.licence_applied,
        "--licence-applied",
        o.licence_applied_on,
    )?;
    o.licence_valid_until =
        date_change(&a.licence_until, "--licence-until", o.licence_valid_until)?;
    if let Some(v) = a.auto_renewal {
        o.auto_renewal = v == YesNo::Yes;
    }
    o.free_pass_from = date_change(&a.free_pass_from, "--free-pass-from", o.free_pass_from)?;
    o.free_pass_until = date_change(&a.free_pass_until, "--free-pass-until", o.free_pass_until)?;
    if let Some(t) = &a.certificate_type {
        o.certificate_type = t.clone();
    }
    o.certificate_expiry = date_change(
        &a.certificate_expiry,
        "--certificate-expiry",
        o.certificate_expiry,
    )?;
    if let Some(pc) = &a.client_pc {
        o.client_pc = pc.clone();
    }
    o.pledge_on = date_change(&a.pledge, "--pledge", o.pledge_on)?;
    if let (Some(f), Some(u)) = (o.free_pass_from, o.free_pass_until) {
        check_order(f, u, ("フリーパスの開始日", "free pass start"))
            .map_err(|e| eyre!("--free-pass-until: {e}"))?;
    }
    if let (Some(f), Some(u)) = (o.licence_applied_on, o.licence_valid_until) {
        check_order(f, u, ("ライセンスの申請日", "licence application date"))
            .map_err(|e| eyre!("--licence-until: {e}"))?;
    }
    if o != current {
        store.write(|w| enrollment::set_office_exchange(w, &o, current.version))?;
    }
    let history = enrollment::exchange_history(store.conn())?;
    let fee_ii = crate::store::office::get(store.conn())?.fee_ii_filed;
    let warnings = expiry_warnings(today(), &enrollment::expiries(&o));
    let d = |x: Option<NaiveDate>| x.map(iso).unwrap_or_default();
    match a.format {
        Format::Json => {
            let v = json!({
                "exchange_status": history.iter().map(|(from, s, note)| json!({
                    "from": iso(*from), "status": s.code(), "note": note})).collect::<Vec<_>>(),
                "exchange_use": enrollment::exchange_use_periods(store.conn())?.iter().map(|p| json!({
                    "from": iso(p.from), "until": p.until.map(iso)})).collect::<Vec<_>>(),
                "fee_ii_filed": fee_ii.iter().map(|p| json!({"from": iso(p.from), "until": p.until.map(iso)})).collect::<Vec<_>>(),
                "licence_applied_on": o.licence_applied_on.map(iso),
                "licence_valid_until": o.licence_valid_until.map(iso),
                "auto_renewal": o.auto_renewal,
                "free_pass_from": o.free_pass_from.map(iso),
                "free_pass_until": o.free_pass_until.map(iso),
                "certificate_type": o.certificate_type,
                "certificate_expiry": o.certificate_expiry.map(iso),
                "client_pc": o.client_pc,
                "pledge_on": o.pledge_on.map(iso),
                "warnings": warnings.iter().map(|w| json!({
                    "what": w.expiry.what_ja, "on": iso(w.expiry.on), "days_left": w.days_left, "mark": w.mark})).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        _ => {
            let hist: Vec<String> = history
                .iter()
                .map(|(from, s, _)| format!("{} {}", iso(*from), s.label(Lang::Ja)))
                .collect();
            for (k, v) in [
                ("利用状況の履歴", hist.join(" → ")),
                ("ライセンス申請日", d(o.licence_applied_on)),
                ("ライセンス有効期限", d(o.licence_valid_until)),
                (
                    "自動更新",
                    if o.auto_renewal {
                        "あり".into()
                    } else {
                        "なし".into()
                    },
                ),
                (
                    "フリーパス",
                    format!("{}〜{}", d(o.free_pass_from), d(o.free_pass_until)),
                ),
                (
                    "電子証明書",
                    format!("{} 期限 {}", o.certificate_type, d(o.certificate_expiry)),
                ),
                ("連携ソフトのPC", o.client_pc.clone()),
                ("誓約日", d(o.pledge_on)),
            ] {
                println!("{} {v}", crate::text::pad_right(k, 20));
            }
            for w in &warnings {
                println!(
                    "⚠ {} {}（残り {} 日）",
                    w.expiry.what_ja,
                    iso(w.expiry.on),
                    w.days_left
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn report(store: &Store, format: Format, config: &Config) -> Result<ExitCode> {
    let (rows, c) = enrollment::overview(
        store.conn(),
        today(),
        &config.enrollment.costs(),
        config.enrollment.top_n,
    )?;
    let ask = enrollment::ask_first_rows(&rows);
    let row_json = |r: &enrollment::ProviderEnrollment| {
        json!({
            "office_number": r.office_number,
            "name": r.name,
            "status": r.status().map(|s| s.code()),
            "stage": r.stage.code(),
            "active_clients": r.active_clients,
            "paper_per_month": r.paper_per_month,
            "next_follow_up": r.next_follow_up.map(iso),
        })
    };
    match format {
        Format::Json => {
            let v = json!({
                "providers": c.providers,
                "enrolled": c.enrolled,
                "enrolled_percent": Coverage::percent(c.enrolled, c.providers),
                "weighted_percent": Coverage::percent(c.enrolled_links, c.client_links),
                "trend": c.trend.iter().map(|(m, all, x)| json!({
                    "month": m, "deliveries": all, "exchange": x,
                    "exchange_percent": Coverage::percent(*x, *all)})).collect::<Vec<_>>(),
                "paper_yen_per_month": c.paper_yen_per_month,
                "savings_if_top_join": c.savings_if_top_join,
                "top_n": c.top_n,
                "ask_first": ask.iter().map(|r| row_json(r)).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        _ => {
            if format == Format::Table {
                println!(
                    "加入: {}/{} 事業所（{:.1}%）、利用者で重みづけ {:.1}%",
                    c.enrolled,
                    c.providers,
                    Coverage::percent(c.enrolled, c.providers),
                    Coverage::percent(c.enrolled_links, c.client_links)
                );
                let trend: Vec<String> = c
                    .trend
                    .iter()
                    .map(|(m, all, x)| format!("{m} {:.0}%", Coverage::percent(*x, *all)))
                    .collect();
                println!("連携で送受信した割合: {}", trend.join("  "));
                println!(
                    "紙の費用の見込み: 月 {} 円。上位 {} 事業所が加入すれば月 {} 円の削減",
                    crate::text::thousands(c.paper_yen_per_month),
                    c.top_n,
                    crate::text::thousands(c.savings_if_top_join)
                );
                println!();
            }
            let rows: Vec<Vec<String>> = ask
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    vec![
                        (i + 1).to_string(),
                        r.office_number.clone(),
                        r.name.clone(),
                        r.status()
                            .map(|s| s.label(Lang::Ja))
                            .unwrap_or("不明")
                            .to_string(),
                        r.stage.label(Lang::Ja).to_string(),
                        r.active_clients.to_string(),
                        r.paper_per_month.to_string(),
                        r.next_follow_up.map(iso).unwrap_or_default(),
                    ]
                })
                .collect();
            print(
                format,
                &Listing {
                    headers: &[
                        "順",
                        "事業所番号",
                        "事業所",
                        "加入状況",
                        "段階",
                        "利用者",
                        "紙/月",
                        "次回",
                    ],
                    rows,
                    numeric: &[0, 5, 6],
                    json: &(),
                },
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! `careplan enrollment …`: observations, outreach, the office's own status, and the report.

use super::today;
use crate::cli::{
    EnrollmentCommand, EnrollmentOfficeArgs, Format, ObservationCommand, OutreachArgs,
    OutreachEditArgs, ProviderFilterArgs, YesNo,
};
use crate::config::Config;
use crate::domain::Lang;
use crate::domain::caseload::{ExchangeWorth, exchange_worth};
use crate::domain::dates::{Resolve, check_order, iso, parse_date, parse_date_relative};
use crate::domain::enrollment::{
    ExchangeSystem, ExchangeUse, ProviderStatus, Source, Stage, TalkingPoint, expiry_warnings,
    points_for, provisional_move, talking_points,
};
use crate::present::output::{Listing, print};
use crate::present::output::{lang, tr};
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
            let system = ExchangeSystem::parse(&a.system).map_err(|e| eyre!("--system: {e}"))?;
            let observed = enrollment::Observed {
                status,
                source,
                system,
                on,
                note: a.note.clone(),
            };
            store.write(|w| enrollment::record_observation(w, p, &observed))?;
            crate::say_tr!(
                "記録しました: {} {}（{}、{}、{}）",
                "recorded: {} {} ({}, {}, {})",
                a.provider,
                status.label(lang()),
                source.label(lang()),
                system.label(lang()),
                iso(on)
            )?;
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
                    crate::say!(
                        "加入状況: {} 件を{}",
                        r.added,
                        if args.dry_run {
                            "確認しました（保存していません）"
                        } else {
                            "取り込みました"
                        }
                    )?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => match e.downcast_ref::<crate::import::Rejected>() {
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
        EnrollmentCommand::Outreach(a) => outreach(store, a),
        EnrollmentCommand::Office(a) => office(store, a, config),
        EnrollmentCommand::Report(f) => report(store, f.format, config),
        EnrollmentCommand::Observations(a) => observations(store, a),
        EnrollmentCommand::Observation(c) => observation(store, c),
        EnrollmentCommand::OutreachLog(a) => outreach_log(store, a),
        EnrollmentCommand::OutreachEdit(a) => outreach_edit(store, a),
        EnrollmentCommand::OutreachWithdraw(a) => {
            match store.write(|w| enrollment::withdraw_activity(w, a.id, &a.reason)) {
                Ok(()) => {
                    crate::say_tr!(
                        "働きかけの記録（id {}）を取り消しました",
                        "withdrew outreach entry id {}",
                        a.id
                    )?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => super::shared::refused_or(e),
            }
        }
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
        return Err(eyre!(crate::format_tr!(
            "見送りの場合は --outcome に理由を書いてください",
            "declined: give the reason in --outcome"
        )));
    }
    store.write(|w| enrollment::add_activity(w, &activity))?;
    crate::say_tr!(
        "働きかけを記録しました（{}）",
        "recorded the outreach ({})",
        activity.stage.label(lang())
    )?;
    Ok(ExitCode::SUCCESS)
}

fn office(store: &mut Store, a: &EnrollmentOfficeArgs, config: &Config) -> Result<ExitCode> {
    if let Some(s) = &a.exchange_status {
        let status = ExchangeUse::parse(s).map_err(|e| eyre!("--exchange-status: {e}"))?;
        let from = date_or_today(&a.from, "--from")?;
        let system = match &a.system {
            Some(s) => ExchangeSystem::parse(s).map_err(|e| eyre!("--system: {e}"))?,
            None => ExchangeSystem::Client,
        };
        store.write(|w| enrollment::add_exchange_status(w, status, system, from, ""))?;
    }
    // Only the options given change, applied to the values as they are inside the write: a
    // colleague's change saved a moment before is kept, never written back over.
    let apply = |o: &mut enrollment::OfficeExchange| -> Result<()> {
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
        o.free_pass_until =
            date_change(&a.free_pass_until, "--free-pass-until", o.free_pass_until)?;
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
        o.web_registered_on =
            date_change(&a.web_registered, "--web-registered", o.web_registered_on)?;
        if let (Some(f), Some(u)) = (o.free_pass_from, o.free_pass_until) {
            check_order(f, u, ("フリーパスの開始日", "free pass start"))
                .map_err(|e| eyre!("--free-pass-until: {e}"))?;
        }
        // Checked only when a licence date is being set, so dates stored backwards before
        // this rule never block an unrelated change.
        if (a.licence_applied.is_some() || a.licence_until.is_some())
            && let (Some(f), Some(u)) = (o.licence_applied_on, o.licence_valid_until)
        {
            check_order(f, u, ("ライセンスの申請日", "licence application date"))
                .map_err(|e| eyre!("--licence-until: {e}"))?;
        }
        Ok(())
    };
    // Shown without a write when no option changes anything (a read-only session shows it too).
    let shown = enrollment::office_exchange(store.conn())?;
    let mut wanted = shown.clone();
    apply(&mut wanted)?;
    let o = if wanted == shown {
        shown
    } else {
        store.write(|w| {
            let current = enrollment::office_exchange(&w.tx)?;
            let mut o = current.clone();
            apply(&mut o)?;
            if o != current {
                enrollment::set_office_exchange(w, &o, current.version)?;
            }
            Ok(o)
        })?
    };
    let history = enrollment::exchange_history(store.conn())?;
    let fee_ii = crate::store::office::get(store.conn())?.fee_ii_filed;
    let move_on = crate::store::calendar::move_date(store.conn())?;
    let warnings = expiry_warnings(today(), &enrollment::expiries(&o, today(), move_on));
    let before_move = enrollment::before_move(today(), move_on);
    let risk = crate::store::home::home(store.conn(), today(), &config.deadline_rules())?.move_risk;
    let d = |x: Option<NaiveDate>| x.map(iso).unwrap_or_default();
    match a.format {
        Format::Json => {
            let v = json!({
                "exchange_status": history.iter().map(|r| json!({
                    "from": iso(r.from), "status": r.status.code(), "system": r.system.code(),
                    "note": r.note})).collect::<Vec<_>>(),
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
                "web_registered_on": o.web_registered_on.map(iso),
                "move_on": move_on.map(iso),
                "move_risk": risk.as_ref().map(|r| json!({
                    "message": r.message(Lang::Ja),
                    "registration_due": iso(r.registration_due),
                    "fee_ii_yen_per_month": r.fee_ii_yen.filter(|_| !r.no_yen),
                    "improvement_yen_per_month": r.improvement_yen.filter(|_| !r.no_yen),
                })),
                "warnings": warnings.iter().map(|w| json!({
                    "what": w.expiry.what_ja, "on": iso(w.expiry.on), "days_left": w.days_left, "mark": w.mark})).collect::<Vec<_>>(),
            });
            crate::present::output::print_json(&v)?;
        }
        _ => {
            let hist: Vec<String> = history
                .iter()
                .map(|r| {
                    crate::format_tr!(
                        "{} {}（{}）",
                        "{} {} ({})",
                        iso(r.from),
                        r.status.label(lang()),
                        r.system.label(lang())
                    )
                })
                .collect();
            // The old client's licence, free pass and PC end at the move.
            let ended = |v: String| {
                if before_move {
                    v
                } else {
                    tr(
                        "（WEBサービスへの移行で不要）",
                        "(not needed after the move to the WEB service)",
                    )
                    .to_string()
                }
            };
            for (k, v) in [
                (tr("利用状況の履歴", "Exchange status"), hist.join(" → ")),
                (
                    tr("WEBサービス登録日", "WEB service registered"),
                    d(o.web_registered_on),
                ),
                (
                    tr("ライセンス申請日", "Licence applied"),
                    ended(d(o.licence_applied_on)),
                ),
                (
                    tr("ライセンス有効期限", "Licence valid until"),
                    ended(d(o.licence_valid_until)),
                ),
                (
                    tr("自動更新", "Auto-renewal"),
                    ended(if o.auto_renewal {
                        tr("あり", "yes").into()
                    } else {
                        tr("なし", "no").into()
                    }),
                ),
                (
                    tr("フリーパス", "Free pass"),
                    ended(format!(
                        "{}{}{}",
                        d(o.free_pass_from),
                        tr("〜", "–"),
                        d(o.free_pass_until)
                    )),
                ),
                (
                    tr("電子証明書", "Certificate"),
                    crate::format_tr!(
                        "{} 期限 {}",
                        "{} until {}",
                        o.certificate_type,
                        d(o.certificate_expiry)
                    ),
                ),
                (
                    tr("連携ソフトのPC", "Client PC"),
                    ended(o.client_pc.clone()),
                ),
                (tr("誓約日", "Pledge date"), d(o.pledge_on)),
            ] {
                crate::say!("{} {v}", crate::present::text::pad_right(k, 20))?;
            }
            if let Some(r) = &risk {
                crate::say!("⚠ {}", r.message(lang()))?;
            }
            for w in &warnings {
                crate::say_tr!(
                    "⚠ {} {}（残り {} 日）",
                    "⚠ {} {} ({} days left)",
                    lang().pick(w.expiry.what_ja, w.expiry.what_en),
                    iso(w.expiry.on),
                    w.days_left
                )?;
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
    // The talking points each provider of the list would hear today, and those points once.
    let the_move =
        crate::store::calendar::move_date(store.conn())?.unwrap_or_else(provisional_move);
    let day = today();
    let points = talking_points();
    let points_of = |r: &enrollment::ProviderEnrollment| {
        points_for(&points, day, the_move, &r.service_types, r.status())
    };
    let used: Vec<&TalkingPoint> = points
        .iter()
        .filter(|p| ask.iter().any(|r| points_of(r).contains(p)))
        .collect();
    let worth = office_worth(store)?;
    let row_json = |r: &enrollment::ProviderEnrollment| {
        json!({
            "talking_points": points_of(r).iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            "office_number": r.office_number,
            "name": r.name,
            "status": r.status().map(|s| s.code()),
            "system": r.current.as_ref().map(|o| o.system.code()),
            "to_reconfirm": r.standing.reconfirm,
            "web_unconfirmed": r.confirm_web,
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
                "talking_points": used.iter().map(|p| json!({
                    "id": p.id,
                    "from": iso(p.from.resolve(the_move)),
                    "until": p.until.map(|u| iso(u.resolve(the_move))),
                    "sure": p.sure.code(),
                    "source": p.source,
                    "text": p.text,
                })).collect::<Vec<_>>(),
                "office_worth": worth_json(&worth),
            });
            crate::present::output::print_json(&v)?;
        }
        _ => {
            if format == Format::Table {
                crate::say_tr!(
                    "加入: {}/{} 事業所（{:.1}%）、利用者で重みづけ {:.1}%",
                    "Enrolled: {}/{} providers ({:.1}%), weighted by clients {:.1}%",
                    c.enrolled,
                    c.providers,
                    Coverage::percent(c.enrolled, c.providers),
                    Coverage::percent(c.enrolled_links, c.client_links)
                )?;
                let trend: Vec<String> = c
                    .trend
                    .iter()
                    .map(|(m, all, x)| format!("{m} {:.0}%", Coverage::percent(*x, *all)))
                    .collect();
                crate::say_tr!(
                    "連携で送受信した割合: {}",
                    "Share sent or received on the exchange: {}",
                    trend.join("  ")
                )?;
                crate::say_tr!(
                    "紙の費用の見込み: 月 {} 円。上位 {} 事業所が加入すれば月 {} 円の削減",
                    "Paper costs about {0} yen a month; {2} yen a month saved if the top {1} providers join",
                    crate::present::text::thousands(c.paper_yen_per_month),
                    c.top_n,
                    crate::present::text::thousands(c.savings_if_top_join)
                )?;
                for line in crate::present::caseload::worth_lines(&worth, config.language) {
                    crate::say!("{line}")?;
                }
                crate::say!()?;
            }
            let rows: Vec<Vec<String>> = ask
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    vec![
                        (i + 1).to_string(),
                        r.office_number.clone(),
                        r.name.clone(),
                        r.status_label(lang()),
                        r.stage.label(lang()).to_string(),
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
                        tr("順", "#"),
                        tr("事業所番号", "office no."),
                        tr("事業所", "provider"),
                        tr("加入状況", "enrollment"),
                        tr("段階", "stage"),
                        tr("利用者", "client"),
                        tr("紙/月", "paper/mo."),
                        tr("次回", "next"),
                    ],
                    rows,
                    numeric: &[0, 5, 6],
                    json: &(),
                },
            )?;
            if format == Format::Table && !used.is_empty() {
                crate::say!()?;
                crate::say_tr!(
                    "伝える材料（今有効なもの。番号は上の順）",
                    "Talking points (in force today; numbers as ranked above; the points are in Japanese, to say to providers)"
                )?;
                for p in &used {
                    // The ranks that hear it, or (when most do) those that do not.
                    let (mut hear, mut not) = (Vec::new(), Vec::new());
                    for (i, r) in ask.iter().enumerate() {
                        let side = if points_of(r).contains(p) {
                            &mut hear
                        } else {
                            &mut not
                        };
                        side.push((i + 1).to_string());
                    }
                    let who = match (hear.len(), not.len()) {
                        (_, 0) => tr("全員", "all").to_string(),
                        (h, n) if h > n => {
                            crate::format_tr!("{} 以外", "all but {}", not.join(","))
                        }
                        _ => hear.join(","),
                    };
                    crate::say!("  [{who}] {}", p.shown(lang()))?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn provider_filter(store: &Store, a: &ProviderFilterArgs) -> Result<Option<i64>> {
    a.provider
        .as_deref()
        .map(|p| provider(store, p))
        .transpose()
}

/// `careplan enrollment observations`: every observation not withdrawn, with its id.
fn observations(store: &Store, a: &ProviderFilterArgs) -> Result<ExitCode> {
    let list = enrollment::observation_rows(store.conn(), provider_filter(store, a)?)?;
    let json: Vec<_> = list
        .iter()
        .map(|r| {
            let o = &r.observation;
            json!({
                "id": o.id,
                "office_number": r.office_number,
                "provider": r.provider_name,
                "status": o.status.code(),
                "source": o.source.code(),
                "system": o.system.code(),
                "observed_on": iso(o.observed_on),
                "note": o.note,
                "version": r.version,
            })
        })
        .collect();
    let rows = list
        .iter()
        .map(|r| {
            let o = &r.observation;
            vec![
                o.id.to_string(),
                r.office_number.clone(),
                r.provider_name.clone(),
                o.status.label(lang()).to_string(),
                o.source.label(lang()).to_string(),
                o.system.label(lang()).to_string(),
                iso(o.observed_on),
                o.note.clone(),
            ]
        })
        .collect();
    print(
        a.format,
        &Listing {
            headers: &[
                "id",
                tr("事業所番号", "office no."),
                tr("事業所", "provider"),
                tr("加入状況", "enrollment"),
                tr("情報源", "source"),
                tr("方式", "system"),
                tr("確認日", "observed"),
                tr("メモ", "note"),
            ],
            rows,
            numeric: &[0],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `careplan enrollment observation edit|withdraw`.
fn observation(store: &mut Store, c: &ObservationCommand) -> Result<ExitCode> {
    let (id, result) = match c {
        ObservationCommand::Edit(a) => {
            let status = a
                .status
                .as_deref()
                .map(|s| ProviderStatus::parse(s).map_err(|e| eyre!("--status: {e}")))
                .transpose()?;
            let source = a
                .source
                .as_deref()
                .map(|s| Source::parse(s).map_err(|e| eyre!("--source: {e}")))
                .transpose()?;
            let on = a
                .date
                .as_deref()
                .map(|d| parse_date(d).map_err(|e| eyre!("--date: {e}")))
                .transpose()?;
            let system = a
                .system
                .as_deref()
                .map(|s| ExchangeSystem::parse(s).map_err(|e| eyre!("--system: {e}")))
                .transpose()?;
            let result = store.write(|w| {
                let Some(row) = enrollment::observation_rows(&w.tx, None)?
                    .into_iter()
                    .find(|r| r.observation.id == a.id)
                else {
                    return Err(crate::store::Refused(crate::format_tr!(
                        "加入状況の記録 id {} はありません（取り消し済みか、番号の誤り）。careplan enrollment observations で id を確かめてください", "no enrollment observation with id {} (withdrawn, or a wrong number); check the id with careplan enrollment observations",
                        a.id
                    ))
                    .into());
                };
                let o = row.observation;
                let corrected = enrollment::Observed {
                    status: status.unwrap_or(o.status),
                    source: source.unwrap_or(o.source),
                    system: system.unwrap_or(o.system),
                    on: on.unwrap_or(o.observed_on),
                    note: a.note.clone().unwrap_or(o.note),
                };
                enrollment::correct_observation(w, a.id, &corrected, &a.reason)
            });
            (a.id, result.map(|()| ("訂正し", "corrected")))
        }
        ObservationCommand::Withdraw(a) => (
            a.id,
            store
                .write(|w| enrollment::withdraw_observation(w, a.id, &a.reason))
                .map(|()| ("取り消し", "withdrew")),
        ),
    };
    match result {
        Ok(verb) => {
            crate::say_tr!(
                "加入状況の記録（id {id}）を{}ました",
                "{} the enrollment observation (id {id})",
                tr(verb.0, verb.1)
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => super::shared::refused_or(e),
    }
}

/// `careplan enrollment outreach-log`: every outreach entry not withdrawn, with its id.
fn outreach_log(store: &Store, a: &ProviderFilterArgs) -> Result<ExitCode> {
    let list = enrollment::activity_rows(store.conn(), provider_filter(store, a)?)?;
    let json: Vec<_> = list
        .iter()
        .map(|r| {
            let x = &r.activity;
            json!({
                "id": r.id,
                "office_number": r.office_number,
                "provider": r.provider_name,
                "date": iso(x.on_date),
                "method": x.method,
                "who": x.who,
                "said": x.said,
                "outcome": x.outcome,
                "stage": x.stage.code(),
                "next_follow_up": x.next_follow_up.map(iso),
                "version": r.version,
            })
        })
        .collect();
    let rows = list
        .iter()
        .map(|r| {
            let x = &r.activity;
            vec![
                r.id.to_string(),
                r.office_number.clone(),
                r.provider_name.clone(),
                iso(x.on_date),
                x.method.clone(),
                x.stage.label(lang()).to_string(),
                x.outcome.clone(),
                x.next_follow_up.map(iso).unwrap_or_default(),
            ]
        })
        .collect();
    print(
        a.format,
        &Listing {
            headers: &[
                "id",
                tr("事業所番号", "office no."),
                tr("事業所", "provider"),
                tr("日付", "date"),
                tr("方法", "via"),
                tr("段階", "stage"),
                tr("結果", "outcome"),
                tr("次回", "next"),
            ],
            rows,
            numeric: &[0],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `careplan enrollment outreach-edit`: only the fields given change.
fn outreach_edit(store: &mut Store, a: &OutreachEditArgs) -> Result<ExitCode> {
    let on = a
        .date
        .as_deref()
        .map(|d| parse_date(d).map_err(|e| eyre!("--date: {e}")))
        .transpose()?;
    let stage = a
        .stage
        .as_deref()
        .map(|s| Stage::parse(s).map_err(|e| eyre!("--stage: {e}")))
        .transpose()?;
    let next = super::deliveries::date_edit(&a.next, "--next")?;
    let result = store.write(|w| {
        let Some(row) = enrollment::activity_rows(&w.tx, None)?
            .into_iter()
            .find(|r| r.id == a.id)
        else {
            return Err(crate::store::Refused(crate::format_tr!(
                "働きかけの記録 id {} はありません（取り消し済みか、番号の誤り）。careplan enrollment outreach-log で id を確かめてください", "no outreach entry with id {} (withdrawn, or a wrong number); check the id with careplan enrollment outreach-log",
                a.id
            ))
            .into());
        };
        let mut x = row.activity;
        x.on_date = on.unwrap_or(x.on_date);
        x.stage = stage.unwrap_or(x.stage);
        x.next_follow_up = next.unwrap_or(x.next_follow_up);
        for (field, value) in [
            (&mut x.method, &a.method),
            (&mut x.who, &a.who),
            (&mut x.said, &a.said),
            (&mut x.outcome, &a.outcome),
        ] {
            if let Some(v) = value {
                *field = v.clone();
            }
        }
        if x.stage == Stage::Declined && x.outcome.trim().is_empty() {
            return Err(crate::store::Refused(
                "見送りの場合は --outcome に理由を書いてください".into(),
            )
            .into());
        }
        enrollment::correct_activity(w, a.id, &x, &a.reason)
    });
    match result {
        Ok(()) => {
            crate::say_tr!(
                "働きかけの記録（id {}）を訂正しました",
                "corrected outreach entry id {}",
                a.id
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => super::shared::refused_or(e),
    }
}

/// What the exchange is worth to this office this month at its caseload.
fn office_worth(store: &Store) -> Result<ExchangeWorth> {
    let facts = crate::store::caseload::facts(store.conn())?;
    Ok(exchange_worth(&facts, today()))
}

fn worth_json(w: &ExchangeWorth) -> serde_json::Value {
    json!({
        "month": w.month.format("%Y-%m").to_string(),
        "rules_from": iso(w.rules.from),
        "rules_source": w.rules.source,
        "rules_not_published": w.rules.not_published.as_ref().map(|r| iso(r.on)),
        "fee_schedule": w.fee_schedule.code(),
        "fee_ii_against_i": w.fee.as_ref().map(|f| json!({
            "units_i": f.units_i,
            "units_ii": f.units_ii,
            "units_per_month": f.units_gain(),
            "yen_per_month": f.yen_gain(),
            "room_in_band_i_under_i": f.room_i,
            "room_in_band_i_under_ii": f.room_ii,
            "requires": f.requires.iter().map(|c| c.code()).collect::<Vec<_>>(),
        })),
        "staffing": {
            "standard": w.staffing.standard,
            "with_exchange_and_clerk": w.staffing.with_exchange_and_clerk,
            "required_standard": w.staffing.required_standard,
            "required_with_exchange_and_clerk": w.staffing.required_with_exchange_and_clerk,
        },
        "treatment_improvement": w.treatment.as_ref().map(|t| json!({
            "rate": t.rule.rate_text(),
            "from": iso(t.rule.from),
            "exchange_route_until": t.rule.exchange_route_until.map(iso),
            "exchange_route_open": t.exchange_route_open,
            "units_per_month": t.units,
            "yen_per_month": t.yen,
        })),
    })
}

//! `careplan certifications`, `careplan clients assignments|assignment|no-benefit` and
//! `careplan staff fte`: list records with their ids, add, correct and withdraw them. Each
//! change reads the row, changes only what was given and saves in one transaction.

use super::deliveries::date_edit;
use super::shared::{care_manager, client_id, refused_or};
use crate::cli::{
    AssignmentCommand, CertificationsArgs, CertificationsCommand, ClientsCommand, FteArgs,
    FteCommand, NoBenefitArgs, VideoConsentArgs, YesNo,
};
use crate::domain::care_level::{CareLevel, CertStatus};
use crate::domain::dates::{iso, parse_date, parse_month};
use crate::domain::fte::Fte;
use crate::present::output::{Listing, print};
use crate::present::output::{lang, tr};
use crate::store::certifications::{self, CertificationFields};
use crate::store::{Refused, Store, clients, staff};
use color_eyre::eyre::{Result, eyre};
use serde_json::json;
use std::process::ExitCode;

fn date_arg(s: &Option<String>, flag: &str) -> Result<Option<chrono::NaiveDate>> {
    s.as_deref()
        .map(|d| parse_date(d).map_err(|e| eyre!("{flag}: {e}")))
        .transpose()
}

fn level_arg(s: &Option<String>) -> Result<Option<CareLevel>> {
    s.as_deref()
        .map(|l| CareLevel::parse(l).map_err(|e| eyre!("--level: {e}")))
        .transpose()
}

fn done(message: String) -> Result<ExitCode> {
    crate::say!("{message}")?;
    Ok(ExitCode::SUCCESS)
}

fn period(f: &CertificationFields) -> String {
    format!(
        "{}{}{}",
        iso(f.valid_from),
        tr("〜", "–"),
        f.valid_to.map(iso).unwrap_or_default()
    )
}

pub fn certifications(store: &mut Store, args: &CertificationsArgs) -> Result<ExitCode> {
    match &args.command {
        None => certification_list(store, args),
        Some(CertificationsCommand::Add(a)) => {
            let client = client_id(store, &a.client)?;
            let f = CertificationFields {
                care_level: level_arg(&a.level)?,
                certified_on: date_arg(&a.certified_on, "--certified-on")?,
                valid_from: parse_date(&a.from).map_err(|e| eyre!("--from: {e}"))?,
                valid_to: date_arg(&a.to, "--to")?,
                status: CertStatus::parse(&a.status).map_err(|e| eyre!("--status: {e}"))?,
                change_of_level: a.change_of_level,
            };
            match store.write(|w| certifications::add_certification(w, client, &f)) {
                Ok(id) => done(crate::format_tr!(
                    "認定（id {id}、{}、{}{}）を登録しました",
                    "registered certification id {id} ({}, {}{})",
                    f.care_level
                        .map(|l| l.label(lang()))
                        .unwrap_or(f.status.label(lang())),
                    period(&f),
                    if f.change_of_level {
                        tr("、区分変更", ", change of level")
                    } else {
                        ""
                    }
                )),
                Err(e) => refused_or(e),
            }
        }
        Some(CertificationsCommand::Edit(a)) => {
            let level = level_arg(&a.level)?;
            let status = a
                .status
                .as_deref()
                .map(|s| CertStatus::parse(s).map_err(|e| eyre!("--status: {e}")))
                .transpose()?;
            let from = date_arg(&a.from, "--from")?;
            let to = date_edit(&a.to, "--to")?;
            let certified_on = date_edit(&a.certified_on, "--certified-on")?;
            let result = store.write(|w| {
                let Some(row) = certifications::get(&w.tx, a.id)? else {
                    return Err(no_certification(a.id).into());
                };
                let mut f = row.cert.fields.clone();
                f.care_level = level.or(f.care_level);
                f.status = status.unwrap_or(f.status);
                f.valid_from = from.unwrap_or(f.valid_from);
                f.valid_to = to.unwrap_or(f.valid_to);
                f.certified_on = certified_on.unwrap_or(f.certified_on);
                if let Some(c) = a.change_of_level {
                    f.change_of_level = c == YesNo::Yes;
                }
                certifications::edit_certification(w, a.id, row.cert.version, &f)?;
                Ok(f)
            });
            match result {
                Ok(f) => done(crate::format_tr!(
                    "認定（id {}）を訂正しました: {}",
                    "corrected certification id {}: {}",
                    a.id,
                    period(&f)
                )),
                Err(e) => refused_or(e),
            }
        }
        Some(CertificationsCommand::Withdraw(a)) => {
            let result = store.write(|w| {
                let Some(row) = certifications::get(&w.tx, a.id)? else {
                    return Err(no_certification(a.id).into());
                };
                certifications::withdraw_certification(w, a.id, row.cert.version, &a.reason)
            });
            match result {
                Ok(()) => done(crate::format_tr!(
                    "認定（id {}）を取り消しました",
                    "withdrew certification id {}",
                    a.id
                )),
                Err(e) => refused_or(e),
            }
        }
    }
}

fn no_certification(id: i64) -> Refused {
    Refused(crate::format_tr!(
        "認定 id {id} はありません（取り消し済みか、番号の誤り）。careplan certifications で id を確かめてください",
        "no certification with id {id} (withdrawn, or a wrong number); check the id with careplan certifications"
    ))
}

fn certification_list(store: &Store, args: &CertificationsArgs) -> Result<ExitCode> {
    let client = super::shared::client_filter(store, &args.insurer, &args.insured)?;
    let list = certifications::list(store.conn(), client)?;
    let json: Vec<_> = list
        .iter()
        .map(|r| {
            let f = &r.cert.fields;
            json!({
                "id": r.cert.id,
                "insurer_number": r.insurer_number,
                "insured_number": r.insured_number,
                "client_name": r.client_name,
                "care_level": f.care_level.map(|l| l.label_ja()),
                "care_level_code": f.care_level.map(|l| l.code()),
                "status": f.status.code(),
                "certified_on": f.certified_on.map(iso),
                "valid_from": iso(f.valid_from),
                "valid_to": f.valid_to.map(iso),
                "change_of_level": f.change_of_level,
                "version": r.cert.version,
            })
        })
        .collect();
    let rows = list
        .iter()
        .map(|r| {
            let f = &r.cert.fields;
            vec![
                r.cert.id.to_string(),
                r.insurer_number.clone(),
                r.insured_number.clone(),
                r.client_name.clone(),
                f.care_level
                    .map(|l| l.label(lang()).to_string())
                    .unwrap_or_default(),
                f.status.label(lang()).to_string(),
                f.certified_on.map(iso).unwrap_or_default(),
                iso(f.valid_from),
                f.valid_to.map(iso).unwrap_or_default(),
                if f.change_of_level {
                    tr("区分変更", "level change")
                } else {
                    ""
                }
                .to_string(),
                r.cert.version.to_string(),
            ]
        })
        .collect();
    print(
        args.format,
        &Listing {
            headers: &[
                "id",
                tr("保険者番号", "insurer"),
                tr("被保険者番号", "insured"),
                tr("氏名", "name"),
                tr("要介護度", "care level"),
                tr("認定状況", "status"),
                tr("認定日", "certified"),
                tr("有効期間開始日", "valid from"),
                tr("有効期間終了日", "valid to"),
                tr("区分変更", "level change"),
                tr("版", "version"),
            ],
            rows,
            numeric: &[0, 10],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Any staff member by name (spaces ignored) or 介護支援専門員番号.
fn staff_member(store: &Store, key: &str) -> Result<i64> {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let wanted = squeeze(&crate::store::clean(key));
    staff::list(store.conn())?
        .into_iter()
        .find(|m| m.cm_number.as_deref() == Some(key.trim()) || squeeze(&m.name) == wanted)
        .map(|m| m.id)
        .ok_or_else(|| eyre!("職員「{key}」が見つかりません。氏名か介護支援専門員番号を確かめてください（careplan staff）"))
}

pub fn clients(store: &mut Store, cmd: &ClientsCommand) -> Result<ExitCode> {
    match cmd {
        ClientsCommand::Assignments(a) => {
            let client = client_id(store, &a.client)?;
            let list = clients::assignments(store.conn(), client)?;
            let json: Vec<_> = list
                .iter()
                .map(|m| {
                    json!({
                        "id": m.id,
                        "care_manager": m.staff_name,
                        "staff_id": m.staff_id,
                        "from": iso(m.effective_from),
                        "version": m.version,
                    })
                })
                .collect();
            let rows = list
                .iter()
                .map(|m| {
                    vec![
                        m.id.to_string(),
                        m.staff_name.clone(),
                        iso(m.effective_from),
                    ]
                })
                .collect();
            print(
                a.format,
                &Listing {
                    headers: &["id", tr("担当", "CM"), tr("開始日", "from")],
                    rows,
                    numeric: &[0],
                    json: &json,
                },
            )?;
            Ok(ExitCode::SUCCESS)
        }
        ClientsCommand::Assignment(AssignmentCommand::Edit(a)) => {
            let staff_id = a
                .care_manager
                .as_deref()
                .map(|k| care_manager(store, k))
                .transpose()?;
            let from = date_arg(&a.from, "--from")?;
            let result = store.write(|w| {
                let row = clients::get_assignment(&w.tx, a.id)?;
                clients::correct_assignment(
                    w,
                    a.id,
                    staff_id.unwrap_or(row.staff_id),
                    from.unwrap_or(row.effective_from),
                    &a.reason,
                )
            });
            match result {
                Ok(()) => done(crate::format_tr!(
                    "担当の割り当て（id {}）を訂正しました",
                    "corrected assignment id {}",
                    a.id
                )),
                Err(e) => refused_or(e),
            }
        }
        ClientsCommand::Assignment(AssignmentCommand::Withdraw(a)) => {
            match store.write(|w| clients::withdraw_assignment(w, a.id, &a.reason)) {
                Ok(()) => done(crate::format_tr!(
                    "担当の割り当て（id {}）を取り消しました",
                    "withdrew assignment id {}",
                    a.id
                )),
                Err(e) => refused_or(e),
            }
        }
        ClientsCommand::NoBenefit(a) => no_benefit(store, a),
        ClientsCommand::VideoConsent(a) => video_consent(store, a),
        ClientsCommand::TerminalConsent(a) => super::kasan_records::terminal_consent(store, a),
        ClientsCommand::Death(a) => super::kasan_records::death(store, a),
        ClientsCommand::SameBuilding(a) => super::kasan_records::same_building_run(store, a),
    }
}

fn video_consent(store: &mut Store, a: &VideoConsentArgs) -> Result<ExitCode> {
    let client = client_id(store, &a.client)?;
    let on = match a.video_consent.trim() {
        "none" | "なし" => None,
        d => Some(parse_date(d).map_err(|e| eyre!("--video-consent: {e}"))?),
    };
    let reason = a.reason.as_deref().unwrap_or("");
    match store.write(|w| crate::store::case_notes::set_video_consent(w, client, on, reason)) {
        Ok(()) => done(match on {
            Some(d) => crate::format_tr!(
                "テレビ電話によるモニタリングの同意を {} からとして記録しました",
                "recorded the consent to video monitoring from {}",
                iso(d)
            ),
            None => "テレビ電話によるモニタリングの同意の記録を外しました".into(),
        }),
        Err(e) => refused_or(e),
    }
}

fn no_benefit(store: &mut Store, a: &NoBenefitArgs) -> Result<ExitCode> {
    let client = client_id(store, &a.client)?;
    let month = parse_month(&a.month).map_err(|e| eyre!("--month: {e}"))?;
    let reason = a.reason.as_deref().unwrap_or("");
    let label = month.format("%Y-%m");
    if a.withdraw {
        match store.write(|w| clients::withdraw_no_benefit_month(w, client, month, reason)) {
            Ok(()) => done(format!(
                "{label} の給付管理なしを取り消しました（給付管理の対象に戻ります）"
            )),
            Err(e) => refused_or(e),
        }
    } else {
        match store.write(|w| clients::mark_no_benefit_month(w, client, month, reason)) {
            Ok(()) => done(crate::format_tr!(
                "{label} を給付管理なしの月にしました",
                "{label} is now a month without 給付管理"
            )),
            Err(e) => refused_or(e),
        }
    }
}

pub fn fte(store: &mut Store, args: &FteArgs) -> Result<ExitCode> {
    match &args.command {
        None => {
            let who = args
                .staff
                .as_deref()
                .map(|k| staff_member(store, k))
                .transpose()?;
            let list = staff::fte_rows(store.conn(), who)?;
            let json: Vec<_> = list
                .iter()
                .map(|r| {
                    json!({
                        "id": r.id,
                        "staff": r.staff_name,
                        "from": iso(r.effective_from),
                        "fte": r.fte,
                        "version": r.version,
                    })
                })
                .collect();
            let rows = list
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.staff_name.clone(),
                        iso(r.effective_from),
                        r.fte.to_string(),
                    ]
                })
                .collect();
            print(
                args.format,
                &Listing {
                    headers: &[
                        "id",
                        tr("職員", "staff"),
                        tr("適用開始日", "from"),
                        tr("常勤換算", "FTE"),
                    ],
                    rows,
                    numeric: &[0, 3],
                    json: &json,
                },
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(FteCommand::Edit(a)) => {
            let fte = a
                .fte
                .as_deref()
                .map(|f| Fte::parse(f).map_err(|e| eyre!("--fte: {}", e.message(lang()))))
                .transpose()?;
            let from = date_arg(&a.from, "--from")?;
            let result = store.write(|w| {
                let Some(row) = staff::fte_rows(&w.tx, None)?
                    .into_iter()
                    .find(|r| r.id == a.id)
                else {
                    return Err(Refused(crate::format_tr!(
                        "常勤換算の行 id {} はありません（取り消し済みか、番号の誤り）。careplan staff fte で id を確かめてください", "no FTE row with id {} (withdrawn, or a wrong number); check the id with careplan staff fte",
                        a.id
                    ))
                    .into());
                };
                staff::correct_fte(
                    w,
                    a.id,
                    fte.unwrap_or(row.fte),
                    from.unwrap_or(row.effective_from),
                    &a.reason,
                )
            });
            match result {
                Ok(()) => done(crate::format_tr!(
                    "常勤換算の行（id {}）を訂正しました",
                    "corrected FTE row id {}",
                    a.id
                )),
                Err(e) => refused_or(e),
            }
        }
        Some(FteCommand::Withdraw(a)) => {
            match store.write(|w| staff::withdraw_fte(w, a.id, &a.reason)) {
                Ok(()) => done(crate::format_tr!(
                    "常勤換算の行（id {}）を取り消しました",
                    "withdrew FTE row id {}",
                    a.id
                )),
                Err(e) => refused_or(e),
            }
        }
    }
}

//! `careplan clients|providers|staff`: lists as table, JSON or CSV; `careplan providers edit`
//! sets a provider's corporation.

use crate::cli::Format;
use crate::config::Config;
use crate::domain::dates::{format_date, iso};
use crate::present::output::{self, Listing};
use crate::present::output::{lang, tr};
use crate::store::{Store, clients, providers, staff};
use color_eyre::eyre::Result;
use serde_json::json;
use std::process::ExitCode;

/// One client as `careplan clients --format json` writes it (keys in this order).
#[derive(serde::Serialize)]
struct ClientJson<'a> {
    care_level: Option<&'static str>,
    care_level_code: Option<&'static str>,
    care_manager: Option<&'a str>,
    certification_status: Option<&'static str>,
    certification_valid_to: Option<String>,
    contract_date: String,
    /// entered, or the proxy a move-in estimated it from (notification, first_plan, …).
    contract_date_source: &'a str,
    contract_end: Option<String>,
    insured_number: &'a str,
    insurer_number: &'a str,
    kana: &'a str,
    name: &'a str,
}

pub fn clients(store: &Store, format: Format, config: &Config) -> Result<ExitCode> {
    let list = clients::list(store.conn(), super::today())?;
    let style = config.date_display;
    // Serialised straight from the list: 10,000 clients print in a few milliseconds.
    let json: Vec<ClientJson> = if format == Format::Json {
        list.iter()
            .map(|c| ClientJson {
                care_level: c.care_level.map(|l| l.label_ja()),
                care_level_code: c.care_level.map(|l| l.code()),
                care_manager: c.care_manager.as_deref(),
                certification_status: c.cert_status.map(|s| s.code()),
                certification_valid_to: c.cert_valid_to.map(iso),
                contract_date: iso(c.contract_date),
                contract_date_source: &c.contract_date_source,
                contract_end: c.contract_end.map(iso),
                insured_number: &c.insured_number,
                insurer_number: &c.insurer_number,
                kana: &c.kana,
                name: &c.name,
            })
            .collect()
    } else {
        Vec::new()
    };
    let rows = if format == Format::Json {
        Vec::new()
    } else {
        list.iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.kana.clone(),
                    c.insurer_number.to_string(),
                    c.insured_number.clone(),
                    c.level_label(lang()).to_string(),
                    format_date(c.contract_date, style),
                    c.contract_end
                        .map(|d| format_date(d, style))
                        .unwrap_or_default(),
                    c.care_manager.as_deref().unwrap_or_default().to_string(),
                ]
            })
            .collect()
    };
    output::print(
        format,
        &Listing {
            headers: &[
                tr("氏名", "name"),
                tr("フリガナ", "kana"),
                tr("保険者番号", "insurer"),
                tr("被保険者番号", "insured"),
                tr("要介護度", "care level"),
                tr("契約日", "contract"),
                tr("契約終了日", "contract end"),
                tr("担当", "CM"),
            ],
            rows,
            numeric: &[],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn providers(
    store: &Store,
    format: Format,
    config: &crate::config::Config,
) -> Result<ExitCode> {
    let list = providers::list(store.conn())?;
    // Enrollment and this month's active clients, from the same overview as the 加入 screen.
    let (enrollment, _) = crate::store::enrollment::overview(
        store.conn(),
        super::today(),
        &config.enrollment.costs(),
        config.enrollment.top_n,
    )?;
    let of = |id: i64| enrollment.iter().find(|e| e.provider_id == id);
    let json: Vec<_> = list
        .iter()
        .map(|p| {
            let e = of(p.id);
            json!({
                "enrollment": e.and_then(|e| e.current.as_ref()).map(|o| json!({
                    "status": o.status.code(),
                    "source": o.source.code(),
                    "observed_on": crate::domain::dates::iso(o.observed_on),
                })),
                "active_clients": e.map(|e| e.active_clients).unwrap_or(0),
                "office_number": p.fields.office_number.as_str(),
                "name": p.fields.name,
                "kana": p.fields.kana,
                "service_types": p.fields.service_types,
                "preferred_channel": p.fields.preferred_channel.code(),
                "phone": p.fields.phone,
                "fax": p.fields.fax,
                "email": p.fields.email,
                "corporation_name": p.fields.corporation_name,
                "corporation_number": p.fields.corporation_number,
                "clients": p.clients,
            })
        })
        .collect();
    let rows = list
        .iter()
        .map(|p| {
            vec![
                p.fields.office_number.to_string(),
                p.fields.name.clone(),
                p.fields.service_types.join(" "),
                p.fields.preferred_channel.label(lang()).to_string(),
                p.fields.fax.clone(),
                p.clients.to_string(),
            ]
        })
        .collect();
    output::print(
        format,
        &Listing {
            headers: &[
                tr("事業所番号", "office no."),
                tr("事業所名", "provider"),
                tr("サービス種類", "service types"),
                tr("連絡方法", "channel"),
                "FAX",
                tr("利用者数", "clients"),
            ],
            rows,
            numeric: &[5],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn staff(store: &Store, format: Format) -> Result<ExitCode> {
    let list = staff::list(store.conn())?;
    let today = super::today();
    let json: Vec<_> = list
        .iter()
        .map(|m| {
            json!({
                "name": m.name,
                "kana": m.kana,
                "role": m.role.code(),
                "cm_number": m.cm_number,
                "fte": m.fte_on(today),
                "fte_history": m.fte_history.iter().map(|(d, f)| json!({"from": iso(*d), "fte": f})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let rows = list
        .iter()
        .map(|m| {
            vec![
                m.name.clone(),
                m.role.label(lang()).to_string(),
                m.cm_number.clone().unwrap_or_default(),
                m.fte_on(today).to_string(),
            ]
        })
        .collect();
    output::print(
        format,
        &Listing {
            headers: &[
                tr("氏名", "name"),
                tr("職種", "role"),
                tr("介護支援専門員番号", "CM number"),
                tr("常勤換算", "FTE"),
            ],
            rows,
            numeric: &[3],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `careplan providers edit`: a provider's 法人名 and 法人番号 (only those given; "" clears
/// one), checked as the provider form and the import check them.
pub fn provider_edit(
    store: &mut crate::store::Store,
    a: &crate::cli::ProviderEditArgs,
) -> Result<ExitCode> {
    let number = crate::domain::ids::OfficeNumber::parse(&a.number)
        .map_err(|e| color_eyre::eyre::eyre!("--number: {e}"))?;
    if let Some(n) = &a.corporation_number {
        crate::domain::ids::CorporationNumber::parse_optional(n)
            .map_err(|e| color_eyre::eyre::eyre!("--corporation-number: {e}"))?;
    }
    let result = store.write(|w| {
        let Some(id) = providers::find_by_number(&w.tx, number.as_str())? else {
            return Err(crate::store::Refused(crate::format_tr!(
                "事業所番号 {number} の事業所は登録されていません", "no provider with office number {number} is registered; check the number (careplan providers)"
            ))
            .into());
        };
        let Some(p) = providers::get(&w.tx, id)? else {
            return Err(crate::store::Conflict {
                entity: "事業所"
            }
            .into());
        };
        let mut f = p.fields.clone();
        if let Some(c) = &a.corporation {
            f.corporation_name = c.clone();
        }
        if let Some(n) = &a.corporation_number {
            f.corporation_number = n.clone();
        }
        providers::update(w, id, p.version, &f)?;
        Ok(f.name)
    });
    match result {
        Ok(name) => {
            crate::say_tr!(
                "{name}（{number}）の法人を記録しました",
                "recorded the corporation of {name} ({number})"
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => super::shared::refused_or(e),
    }
}

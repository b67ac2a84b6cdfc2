//! `careplan rules`: the fee rules table in force in a month, import of a newer table, export of
//! one in the import format. The JSON here is a contract scripts rely on.

use crate::cli::{RulesArgs, RulesCommand, TableOrJson};
use crate::config::Config;
use crate::domain::Lang;
use crate::domain::area::AreaGrade;
use crate::domain::care_level::CareLevel;
use crate::domain::caseload::{Band, FeeSchedule};
use crate::domain::choice::Choice;
use crate::domain::dates::month_end;
use crate::domain::dates::{iso, parse_month};
use crate::domain::rules::{Origin, RuleBook};
use crate::store::{Store, rules};
use chrono::{Datelike, NaiveDate};
use color_eyre::eyre::{Result, eyre};
use serde_json::{Value, json};
use std::process::ExitCode;

fn month_of(arg: Option<&str>) -> Result<NaiveDate> {
    match arg {
        Some(m) => parse_month(m).map_err(|e| eyre!("--month: {}", e.message(Lang::Ja))),
        None => {
            let t = super::today();
            Ok(t.with_day(1).unwrap_or(t))
        }
    }
}

fn yen(h: u32) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

/// The table in force in `month` as JSON.
pub fn json(book: &RuleBook, month: NaiveDate) -> Value {
    let f = book.in_force(month);
    let r = f.rules;
    let last = month_end(month);
    let band = |s: FeeSchedule| {
        let mut m = serde_json::Map::new();
        for b in Band::ALL {
            m.insert(
                b.code().into(),
                json!({
                    "care_1_2": r.units(s, b, CareLevel::Care1),
                    "care_3_5": r.units(s, b, CareLevel::Care3),
                }),
            );
        }
        Value::Object(m)
    };
    json!({
        "month": month.format("%Y-%m").to_string(),
        "in_force_from": iso(r.from),
        "source": r.source,
        "origin": match &r.origin {
            Origin::CompiledIn => json!({"kind": "compiled_in"}),
            Origin::Imported { at, by } => json!({"kind": "imported", "at": at, "by": by}),
        },
        "not_published": f.not_published.map(|x| json!({"on": iso(x.on), "name": x.name, "source": x.source})),
        "warning_codes": if f.not_published.is_some() { vec!["rules_not_published"] } else { vec![] },
        "units": {"I": band(FeeSchedule::I), "II": band(FeeSchedule::II)},
        "thresholds": {
            "second_band_i": r.thresholds.second_band_i,
            "second_band_ii": r.thresholds.second_band_ii,
            "third_band": r.thresholds.third_band,
        },
        "support_weight": r.support_weight.to_string(),
        "staffing": {
            "standard": r.staffing.standard,
            "with_exchange_and_clerk": r.staffing.with_exchange_and_clerk,
        },
        "operating_standard_cut": r.operating_cut().map(|c| json!({
            "monitoring_months": c.monitoring_months,
            "video_home_visit_months": c.video_home_visit_months,
            "support_home_visit_months": c.support_home_visit_months,
            "support_video_home_visit_months": c.support_video_home_visit_months,
            "shares_percent": c.shares_percent,
            "rounding": c.rounding.code(),
            "source": c.source,
            "inherited": r.operating_standard_cut_inherited,
        })),
        "fee_ii": r.fee_ii.iter().map(|x| json!({
            "from": iso(x.from),
            "until": x.until.map(iso),
            "requires": x.requires.iter().map(|c| c.code()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "unit_price": AreaGrade::all().iter().map(|g| json!({
            "grade": g.code(),
            "label": g.label(),
            "yen": r.unit_price(*g, last).map(yen),
        })).collect::<Vec<_>>(),
        "treatment_improvement": r.treatment_improvement_on(last).map(|t| json!({
            "rate": t.rate_text(),
            "from": iso(t.from),
            "exchange_route_until": t.exchange_route_until.map(iso),
            "source": t.source,
        })),
        "concentration": r.concentration.as_ref().map(|c| {
            let half = |h: &crate::domain::concentration::HalfYear| json!({
                "from": h.from.to_string(),
                "report_by": h.report_by.to_string(),
                "applies_from": h.applies_from.to_string(),
                "applies_until": h.applies_until.to_string(),
            });
            json!({
                "written_in": r.concentration_from.map(iso),
                "threshold_percent": c.threshold_percent,
                "cut_units": c.cut_units,
                "services": c.services,
                "first_half": half(&c.first_half),
                "second_half": half(&c.second_half),
                "source": c.source,
            })
        }),
        "same_building": r.kasan.same_building_on(last).map(|s| json!({
            "rate": s.rate,
            "rounding": s.rounding.code(),
            "from": s.from,
            "source": s.source,
            "unsure": s.unsure,
        })),
        "kasan": r.kasan.rows.iter().filter(|k| k.from_date().is_some_and(|f| f <= last)).map(|k| json!({
            "key": k.key,
            "code": k.code,
            "name": k.name,
            "units": k.units,
            "per": k.per.code(),
            "limit": k.limit,
            "window_days": k.window_days,
            "lookback_months": k.lookback_months,
            "min_days": k.min_days,
            "from": k.from,
            "source": k.source,
            "unsure": k.unsure,
        })).collect::<Vec<_>>(),
        "kasan_written_in": r.kasan_from.map(iso),
    })
}

fn table(book: &RuleBook, month: NaiveDate, lang: Lang) -> Result<()> {
    let f = book.in_force(month);
    let r = f.rules;
    let last = month_end(month);
    crate::say!(
        "{} {}（{}）",
        month.format("%Y年%m月に適用する規則表:"),
        iso(r.from),
        match &r.origin {
            Origin::CompiledIn => "careplan 同梱".to_string(),
            Origin::Imported { at, by } => format!("取り込み {at} {by}"),
        }
    )?;
    crate::say!("出典: {}", r.source)?;
    if let Some(x) = f.not_published {
        crate::say!(
            "⚠ {}（{}）の表は未公表です。{} からの表で計算します。公表されたら careplan rules import で取り込んでください",
            x.name,
            iso(x.on),
            iso(r.from)
        )?;
    }
    crate::say!()?;
    crate::say!("単位数（1人1月）      要介護1・2  要介護3〜5")?;
    for s in [FeeSchedule::I, FeeSchedule::II] {
        for b in Band::ALL {
            crate::say!(
                "  費({}){:<6}        {:>9}  {:>10}",
                s.code(),
                b.label(),
                crate::present::text::thousands(u64::from(r.units(s, b, CareLevel::Care1))),
                crate::present::text::thousands(u64::from(r.units(s, b, CareLevel::Care3))),
            )?;
        }
    }
    let t = r.thresholds;
    crate::say!(
        "逓減の閾値: (ii) は 費(I) {} 件・費(II) {} 件から、(iii) は {} 件から",
        t.second_band_i,
        t.second_band_ii,
        t.third_band
    )?;
    crate::say!("要支援の重み: {}", r.support_weight)?;
    crate::say!(
        "人員基準: 介護支援専門員1人あたり {} 人（データ連携の利用と事務職員の配置で {} 人）",
        r.staffing.standard,
        r.staffing.with_exchange_and_clerk
    )?;
    if let Some(c) = r.operating_cut() {
        crate::say!(
            "運営基準減算: 居宅訪問 {}月に1回（テレビ電話の月があれば {}月に1回）、要支援 {}月に1回（テレビ電話で {}月に1回）、減算 {}（{}）{}",
            c.monitoring_months,
            c.video_home_visit_months,
            c.support_home_visit_months,
            c.support_video_home_visit_months,
            c.shares_percent
                .iter()
                .map(|p| format!("{p}%"))
                .collect::<Vec<_>>()
                .join("→"),
            match c.rounding {
                crate::domain::rules::Rounding::HalfUp => "四捨五入",
                crate::domain::rules::Rounding::Down => "切り捨て",
                crate::domain::rules::Rounding::Up => "切り上げ",
            },
            if r.operating_standard_cut_inherited {
                "（前の表から引き継ぎ）"
            } else {
                ""
            }
        )?;
    }
    for x in &r.fee_ii {
        crate::say!(
            "費(II)の要件（届出に加えて）: {} （{}〜{}）",
            x.requires
                .iter()
                .map(|c| match c {
                    crate::domain::rules::Condition::Exchange => "データ連携システムの利用",
                    crate::domain::rules::Condition::Clerk => "事務職員の配置",
                })
                .collect::<Vec<_>>()
                .join("・"),
            iso(x.from),
            x.until.map(iso).unwrap_or_default()
        )?;
    }
    let prices: Vec<String> = AreaGrade::all()
        .iter()
        .map(|g| {
            format!(
                "{} {}",
                g.label(),
                r.unit_price(*g, last)
                    .map(yen)
                    .unwrap_or_else(|| "-".into())
            )
        })
        .collect();
    crate::say!("1単位の単価（円）: {}", prices.join("  "))?;
    match r.treatment_improvement_on(last) {
        Some(t) => crate::say!(
            "処遇改善加算: {}（{} から。データ連携への加入・誓約による要件は {} まで）",
            t.rate_text(),
            iso(t.from),
            t.exchange_route_until
                .map(iso)
                .unwrap_or_else(|| lang.pick("期限なし", "no end").into())
        )?,
        None => crate::say!("処遇改善加算: この月はなし")?,
    }
    if let Some(c) = &r.concentration {
        crate::say!(
            "特定事業所集中減算: {} のいずれかで最も多い法人が {}% を超えると1人1月 −{} 単位（前期 {} から・提出 {}・適用 {}〜{}、後期 {} から・提出 {}・適用 {}〜{}）{}",
            c.services.join("・"),
            c.threshold_percent,
            c.cut_units,
            c.first_half.from,
            c.first_half.report_by,
            c.first_half.applies_from,
            c.first_half.applies_until,
            c.second_half.from,
            c.second_half.report_by,
            c.second_half.applies_from,
            c.second_half.applies_until,
            match r.concentration_from {
                Some(f) if f != r.from => format!("（{} からの表の定めを引き継ぎ）", iso(f)),
                _ => String::new(),
            }
        )?;
    }
    kasan_table(r, last, lang)
}

/// The 同一建物減算 and the 加算 rows in force at the month's end.
fn kasan_table(r: &crate::domain::rules::Rules, last: NaiveDate, lang: Lang) -> Result<()> {
    let sure = |unsure: bool| {
        if unsure {
            lang.pick("【要確認】", "[unconfirmed]")
        } else {
            ""
        }
    };
    let inherited = match r.kasan_from {
        Some(f) if f != r.from => format!("（{} からの表の定めを引き継ぎ）", iso(f)),
        _ => String::new(),
    };
    if let Some(s) = r.kasan.same_building_on(last) {
        crate::say!(
            "同一建物減算: 所定単位数の {}（{} から）{}{}",
            s.rate,
            s.from,
            sure(s.unsure),
            inherited
        )?;
    }
    let rows: Vec<_> = r
        .kasan
        .rows
        .iter()
        .filter(|k| k.from_date().is_some_and(|f| f <= last))
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    crate::say!("加算{inherited}")?;
    for k in rows {
        crate::say!(
            "  {} {} {} {:>5} 単位  {}（上限 {}）{}",
            crate::present::text::pad_right(&k.key, 17),
            k.code,
            crate::present::text::pad_right(&k.name, 32),
            k.units,
            k.per.label_ja(),
            k.limit,
            sure(k.unsure)
        )?;
    }
    Ok(())
}

pub fn run(store: &mut Store, args: &RulesArgs, config: &Config) -> Result<ExitCode> {
    match &args.command {
        None => {
            let month = month_of(args.month.as_deref())?;
            let book = rules::book(store.conn())?;
            match args.format {
                TableOrJson::Json => crate::present::output::print_json(&json(&book, month))?,
                TableOrJson::Table => table(&book, month, config.language)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(RulesCommand::Import { file }) => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| eyre!("{} を読めません: {e}", file.display()))?;
            match store.write(|w| rules::import(w, &text)) {
                Ok(t) => {
                    crate::say!(
                        "規則表（{} から）を取り込みました。出典: {}",
                        iso(t.from),
                        t.source
                    )?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => super::shared::refused_or(e),
            }
        }
        Some(RulesCommand::Export { month, out, force }) => {
            let month = month_of(month.as_deref())?;
            let book = rules::book(store.conn())?;
            let r = book.in_force(month).rules;
            crate::store::write_private(out, r.export_text().as_bytes(), *force)?;
            crate::say!(
                "{} に適用される規則表（{} から）を {} に書き出しました。写しの from と数字を直して careplan rules import で取り込めます",
                month.format("%Y-%m"),
                iso(r.from),
                out.display()
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

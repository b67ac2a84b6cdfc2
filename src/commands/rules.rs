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
use crate::present::output::{lang, tr};
use crate::store::{Store, rules};
use chrono::{Datelike, NaiveDate};
use color_eyre::eyre::{Result, eyre};
use serde_json::{Value, json};
use std::process::ExitCode;

fn month_of(arg: Option<&str>) -> Result<NaiveDate> {
    match arg {
        Some(m) => parse_month(m).map_err(|e| eyre!("--month: {}", e.message(lang()))),
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
            "caseload_cap": k.caseload_cap,
            "caseload_cap_fee_ii": k.caseload_cap_fee_ii,
            "care_3_5_percent": k.care_3_5_percent,
            "conditions_unsure": k.conditions_unsure,
            "receptions_min": k.receptions_min,
            "terminal_min": k.terminal_min,
            "count_end_month": k.count_end_month,
            "count_months": k.count_months,
            "from": k.from,
            "source": k.source,
            "unsure": k.unsure,
        })).collect::<Vec<_>>(),
        "kasan_written_in": r.kasan_from.map(iso),
    })
}

fn table(book: &RuleBook, month: NaiveDate, lang: Lang) -> Result<()> {
    use crate::present::text::thousands;
    let f = book.in_force(month);
    let r = f.rules;
    let last = month_end(month);
    let origin = match &r.origin {
        Origin::CompiledIn => lang
            .pick("careplan 同梱", "compiled into careplan")
            .to_string(),
        Origin::Imported { at, by } => {
            crate::format_tr!("取り込み {at} {by}", "imported {at} by {by}")
        }
    };
    crate::say_tr!(
        "{}年{}月に適用する規則表: {}（{origin}）",
        "Rules in force in {0}-{1:02}: the table from {2} ({origin})",
        month.year(),
        month.month(),
        iso(r.from)
    )?;
    // The source names the ministry's notices: a legal citation, kept as published.
    crate::say_tr!("出典: {}", "Source: {}", r.source)?;
    if let Some(x) = f.not_published {
        crate::say_tr!(
            "⚠ {}（{}）の表は未公表です。{} からの表で計算します。公表されたら careplan rules import で取り込んでください",
            "⚠ The table of {} ({}) is not published yet. Figures use the table from {}; import the new one with careplan rules import when it is out",
            x.name,
            iso(x.on),
            iso(r.from)
        )?;
    }
    crate::say!()?;
    crate::say_tr!(
        "単位数（1人1月）      要介護1・2  要介護3〜5",
        "Units (a client a month) care 1–2    care 3–5"
    )?;
    for s in [FeeSchedule::I, FeeSchedule::II] {
        for b in Band::ALL {
            crate::say!(
                "  {}({}){:<6}        {:>9}  {:>10}",
                tr("費", "Fee "),
                s.code(),
                b.label(),
                thousands(u64::from(r.units(s, b, CareLevel::Care1))),
                thousands(u64::from(r.units(s, b, CareLevel::Care3))),
            )?;
        }
    }
    let t = r.thresholds;
    crate::say_tr!(
        "逓減の閾値: (ii) は 費(I) {} 件・費(II) {} 件から、(iii) は {} 件から",
        "Band thresholds: (ii) from {} clients under fee (I) and {} under fee (II), (iii) from {}",
        t.second_band_i,
        t.second_band_ii,
        t.third_band
    )?;
    crate::say_tr!(
        "要支援の重み: {}",
        "Weight of a support client: {}",
        r.support_weight
    )?;
    crate::say_tr!(
        "人員基準: 介護支援専門員1人あたり {} 人（データ連携の利用と事務職員の配置で {} 人）",
        "Staffing standard: {} clients per care manager ({} with the data exchange and a clerk)",
        r.staffing.standard,
        r.staffing.with_exchange_and_clerk
    )?;
    if let Some(c) = r.operating_cut() {
        let shares = c
            .shares_percent
            .iter()
            .map(|p| format!("{p}%"))
            .collect::<Vec<_>>()
            .join("→");
        let rounding = match c.rounding {
            crate::domain::rules::Rounding::HalfUp => lang.pick("四捨五入", "rounded half up"),
            crate::domain::rules::Rounding::Down => lang.pick("切り捨て", "rounded down"),
            crate::domain::rules::Rounding::Up => lang.pick("切り上げ", "rounded up"),
        };
        let inherited = if r.operating_standard_cut_inherited {
            lang.pick(
                "（前の表から引き継ぎ）",
                " (carried over from the previous table)",
            )
        } else {
            ""
        };
        crate::say_tr!(
            "運営基準減算: 居宅訪問 {}月に1回（テレビ電話の月があれば {}月に1回）、要支援 {}月に1回（テレビ電話で {}月に1回）、減算 {shares}（{rounding}）{inherited}",
            "Operating-standard cut: a home visit every {} month(s) (every {} with video months), support clients every {} (every {} with video), cut {shares} ({rounding}){inherited}",
            c.monitoring_months,
            c.video_home_visit_months,
            c.support_home_visit_months,
            c.support_video_home_visit_months,
        )?;
    }
    for x in &r.fee_ii {
        let requires = x
            .requires
            .iter()
            .map(|c| match c {
                crate::domain::rules::Condition::Exchange => {
                    lang.pick("データ連携システムの利用", "use of the data exchange")
                }
                crate::domain::rules::Condition::Clerk => lang.pick("事務職員の配置", "a clerk"),
            })
            .collect::<Vec<_>>()
            .join(lang.pick("・", ", "));
        crate::say_tr!(
            "費(II)の要件（届出に加えて）: {requires} （{}〜{}）",
            "Fee (II) requires (besides filing it): {requires} ({}–{})",
            iso(x.from),
            x.until.map(iso).unwrap_or_default()
        )?;
    }
    let prices: Vec<String> = AreaGrade::all()
        .iter()
        .map(|g| {
            let grade = g.label_in(lang);
            format!(
                "{grade} {}",
                r.unit_price(*g, last)
                    .map(yen)
                    .unwrap_or_else(|| "-".into())
            )
        })
        .collect();
    crate::say_tr!(
        "1単位の単価（円）: {}",
        "Yen per unit: {}",
        prices.join("  ")
    )?;
    match r.treatment_improvement_on(last) {
        Some(t) => crate::say_tr!(
            "処遇改善加算: {}（{} から。データ連携への加入・誓約による要件は {} まで）",
            "Treatment-improvement addition: {} (from {}; the exchange-enrollment or pledge route until {})",
            t.rate_text(),
            iso(t.from),
            t.exchange_route_until
                .map(iso)
                .unwrap_or_else(|| lang.pick("期限なし", "no end").into())
        )?,
        None => crate::say_tr!(
            "処遇改善加算: この月はなし",
            "Treatment-improvement addition: none this month"
        )?,
    }
    if let Some(c) = &r.concentration {
        let carried = match r.concentration_from {
            Some(f) if f != r.from => crate::format_tr!(
                "（{} からの表の定めを引き継ぎ）",
                " (carried over from the table of {})",
                iso(f)
            ),
            _ => String::new(),
        };
        crate::say_tr!(
            "特定事業所集中減算: {} のいずれかで最も多い法人が {}% を超えると1人1月 −{} 単位（前期 {} から・提出 {}・適用 {}〜{}、後期 {} から・提出 {}・適用 {}〜{}）{carried}",
            "Over-concentration cut: when one corporation has over {1}% of any of services {0}, −{2} units a client a month (first half from {3}, report by {4}, applies {5}–{6}; second half from {7}, report by {8}, applies {9}–{10}){carried}",
            c.services.join(lang.pick("・", ", ")),
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
        )?;
    }
    kasan_table(r, last, lang)
}

/// The 同一建物減算 and the 加算 rows in force at the month's end.
fn kasan_table(r: &crate::domain::rules::Rules, last: NaiveDate, lang: Lang) -> Result<()> {
    let sure = |unsure: bool| {
        if unsure {
            lang.pick("【要確認】", " [unconfirmed]")
        } else {
            ""
        }
    };
    let inherited = match r.kasan_from {
        Some(f) if f != r.from => crate::format_tr!(
            "（{} からの表の定めを引き継ぎ）",
            " (carried over from the table of {})",
            iso(f)
        ),
        _ => String::new(),
    };
    if let Some(s) = r.kasan.same_building_on(last) {
        crate::say_tr!(
            "同一建物減算: 所定単位数の {}（{} から）{}{}",
            "Same-building fee cut: {} of the set units (from {}){}{}",
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
    crate::say_tr!("加算{inherited}", "Additions{inherited}")?;
    for k in rows {
        crate::say_tr!(
            "  {} {} {} {:>5} 単位  {}（上限 {}）{}",
            "  {} {} {} {:>5} units  {} (at most {}){}",
            crate::present::text::pad_right(&k.key, 17),
            k.code,
            crate::present::text::pad_right(&k.name, 32),
            k.units,
            k.per.label(lang),
            k.limit,
            sure(k.unsure)
        )?;
        if let Some(cap) = k.caseload_cap {
            let share = k
                .care_3_5_percent
                .map(|p| {
                    crate::format_tr!(
                        "、要介護3〜5 が {p}% 以上",
                        ", care levels 3–5 at least {p}%"
                    )
                })
                .unwrap_or_default();
            crate::say_tr!(
                "      条件: 取扱件数 {cap} 未満（費(II) の月は {} 未満）{share}{}",
                "      conditions: caseload under {cap} (under {} in a fee (II) month){share}{}",
                k.caseload_cap_fee_ii.unwrap_or(cap),
                sure(k.conditions_unsure)
            )?;
        }
        if let (Some(r), Some(t), Some(end), Some(n)) = (
            k.receptions_min,
            k.terminal_min,
            k.count_end_month,
            k.count_months,
        ) {
            crate::say_tr!(
                "      条件: {n}か月（{end}月まで、前々年度3月〜前年度2月）に退院・退所の連携回数 {r} 回以上、ターミナルケアマネジメント加算 {t} 回以上、特定事業所加算(I)〜(III){}",
                "      conditions: over {n} months (to month {end}: March two fiscal years back to last February) at least {r} discharge information receptions and {t} terminal care management claims; specified office addition (I)–(III){}",
                sure(k.conditions_unsure)
            )?;
        }
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
            let text = std::fs::read_to_string(file).map_err(|e| {
                eyre!(crate::format_tr!(
                    "{} を読めません: {e}",
                    "cannot read {}: {e}",
                    file.display()
                ))
            })?;
            match store.write(|w| rules::import(w, &text)) {
                Ok(t) => {
                    crate::say_tr!(
                        "規則表（{} から）を取り込みました。出典: {}",
                        "Imported the rules table from {}. Source: {}",
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
            crate::say_tr!(
                "{} に適用される規則表（{} から）を {} に書き出しました。写しの from と数字を直して careplan rules import で取り込めます",
                "Wrote the rules in force in {} (the table from {}) to {}. Change the copy's from and figures, then import it with careplan rules import",
                month.format("%Y-%m"),
                iso(r.from),
                out.display()
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

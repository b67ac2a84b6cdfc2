//! `careplan office show|set|tokutei` (the calendar and 体制 records are in `kasan_records`).

use crate::cli::{Format, OfficeCommand, OfficeSetArgs, YesNo};
use crate::domain::area::AreaGrade;
use crate::domain::caseload::{Period, SupportOrdering};
use crate::domain::dates::{iso, parse_date};
use crate::domain::ids::OfficeNumber;
use crate::present::output::{self, Listing};
use crate::present::output::{lang, tr};
use crate::store::Store;
use crate::store::office::{self, OfficeChange};
use color_eyre::eyre::{Result, eyre};
use std::process::ExitCode;

pub fn run(store: &mut Store, cmd: &OfficeCommand) -> Result<ExitCode> {
    match cmd {
        OfficeCommand::Show(f) => {
            let o = office::get(store.conn())?;
            show(&o, f.format)?;
        }
        OfficeCommand::Set(args) => {
            let OfficeSetArgs {
                number,
                name,
                area_grade,
                area_grade_from,
                special_area,
                accept_check_digit,
                fee_ii_from,
                fee_ii_until,
                exchange_from,
                exchange_until,
                support_ordering,
                records_since,
            } = args.as_ref();
            let office_number = match number {
                Some(n) => {
                    let n = OfficeNumber::parse(n)
                        .map_err(|e| eyre!("--number: {}", e.message(lang())))?;
                    if !n.check_digit_ok() && !accept_check_digit {
                        return Err(eyre!(
                            "--number: {}（--accept-check-digit を付けると保存します）",
                            OfficeNumber::check_digit_warning().message(lang())
                        ));
                    }
                    Some(n)
                }
                None => None,
            };
            let area_grade = match area_grade {
                Some(g) => {
                    let g = AreaGrade::parse(g)
                        .map_err(|e| eyre!("--area-grade: {}", e.message(lang())))?;
                    let from = match area_grade_from {
                        Some(d) => parse_date(d)
                            .map_err(|e| eyre!("--area-grade-from: {}", e.message(lang())))?,
                        None => super::today(),
                    };
                    Some((g, from))
                }
                None => None,
            };
            if let Some(n) = name
                && n.trim().is_empty()
            {
                return Err(eyre!("--name: 事業所名が空です"));
            }
            let support_ordering = match support_ordering {
                Some(s) => Some(SupportOrdering::parse(s).ok_or_else(|| {
                    eyre!("--support-ordering: support_first（要支援を先頭）か by_contract_date（契約日順）です")
                })?),
                None => None,
            };
            let change = OfficeChange {
                office_number,
                name: name.clone(),
                special_area: special_area.map(|s| s == YesNo::Yes),
                area_grade,
                fee_ii_filed: period_arg("--fee-ii", fee_ii_from, fee_ii_until)?,
                exchange_use: period_arg("--exchange", exchange_from, exchange_until)?,
                support_ordering,
                records_since: match records_since {
                    None => None,
                    Some(d) if d.trim().eq_ignore_ascii_case("none") => Some(None),
                    Some(d) => {
                        Some(Some(parse_date(d).map_err(|e| {
                            eyre!("--records-since: {}", e.message(lang()))
                        })?))
                    }
                },
            };
            let o = store.write(|w| office::update(w, &change, None))?;
            crate::say_tr!("事業所情報を保存しました。", "saved the office's details.")?;
            let hidden = office::entries_before_records(store.conn())?;
            if records_since.is_some() && hidden > 0 {
                output::complain(&format!(
                    "注意: 記録開始日より前に careplan に書いた支援経過が {hidden} 件あります。その月のモニタリングと、それより前に作った計画の手順は判定しません（導入前として扱います）。careplan を使い始めた日にするなら、その日を指定し直してください"
                ));
            }
            show(&o, Format::Table)?;
        }
        OfficeCommand::Hours(a) => return super::kasan_records::hours(store, a),
        OfficeCommand::Closed(a) => return super::kasan_records::mark_days(store, a, false),
        OfficeCommand::Open(a) => return super::kasan_records::mark_days(store, a, true),
        OfficeCommand::Days(a) => return super::kasan_records::days(store, a),
        OfficeCommand::Periods(a) => return super::kasan_records::periods(store, a),
        OfficeCommand::Tokutei(a) => return tokutei(store, a),
    }
    Ok(ExitCode::SUCCESS)
}

/// `--X-from DATE|none [--X-until DATE]` → None (unchanged), Some(None) (cleared), Some(period).
fn period_arg(
    flag: &str,
    from: &Option<String>,
    until: &Option<String>,
) -> Result<Option<Option<Period>>> {
    let Some(from) = from else { return Ok(None) };
    if from.trim().eq_ignore_ascii_case("none") {
        return Ok(Some(None));
    }
    let from = parse_date(from).map_err(|e| eyre!("{flag}-from: {}", e.message(lang())))?;
    let until = match until {
        Some(u) => Some(parse_date(u).map_err(|e| eyre!("{flag}-until: {}", e.message(lang())))?),
        None => None,
    };
    if until.is_some_and(|u| u < from) {
        return Err(eyre!(
            "{flag}-until: {}",
            tr("終了日が開始日より前です", "the end is before the start")
        ));
    }
    Ok(Some(Some(Period { from, until })))
}

fn periods_text(periods: &[Period]) -> String {
    if periods.is_empty() {
        return tr("なし", "none").into();
    }
    periods
        .iter()
        .map(|p| {
            format!(
                "{} {} {}",
                iso(p.from),
                tr("〜", "–"),
                p.until.map(iso).unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join(tr("、", ", "))
}

fn periods_json(periods: &[Period]) -> serde_json::Value {
    serde_json::Value::Array(
        periods
            .iter()
            .map(|p| serde_json::json!({"from": iso(p.from), "until": p.until.map(iso)}))
            .collect(),
    )
}

fn show(o: &office::Office, format: Format) -> Result<()> {
    let today = super::today();
    let grade = o.area_grade_on(today);
    let unset = || tr("（未設定）", "(not set)").to_string();
    let rows = vec![
        vec![
            tr("事業所番号", "Office number").into(),
            o.office_number.clone().unwrap_or_else(unset),
        ],
        vec![tr("事業所名", "Office name").into(), o.name.clone()],
        vec![
            tr("地域区分", "Area grade").into(),
            grade.map(|g| g.label_in(lang())).unwrap_or_else(unset),
        ],
        vec![
            tr("特別地域", "Special area").into(),
            if o.special_area {
                tr("該当", "yes").into()
            } else {
                tr("非該当", "no").into()
            },
        ],
        vec![
            tr("(II)の届出", "Fee (II) filed").into(),
            periods_text(&o.fee_ii_filed),
        ],
        vec![
            tr("データ連携の利用", "Exchange use").into(),
            periods_text(&o.exchange_use),
        ],
        vec![
            tr("記録開始日", "Records kept from").into(),
            o.records_since.map(iso).unwrap_or_else(unset),
        ],
        vec![
            tr("要支援の並べ方", "Support clients").into(),
            crate::format_tr!(
                "{}（{}）",
                "{} ({})",
                o.support_ordering.label(lang()),
                o.support_ordering.code()
            ),
        ],
    ];
    let json = serde_json::json!({
        "office_number": o.office_number,
        "name": o.name,
        "area_grade": grade.map(|g| g.code()),
        "area_grades": o.area_grades.iter().map(|(d, g)| serde_json::json!({"from": iso(*d), "grade": g.code()})).collect::<Vec<_>>(),
        "special_area": o.special_area,
        "fee_ii_filed": periods_json(&o.fee_ii_filed),
        "exchange_use": periods_json(&o.exchange_use),
        "support_ordering": o.support_ordering.code(),
        "records_since": o.records_since.map(iso),
    });
    output::print(
        format,
        &Listing {
            headers: &[tr("項目", "item"), tr("値", "value")],
            rows,
            numeric: &[],
            json: &json,
        },
    )
}

/// The 特定事業所医療介護連携加算 part of `office tokutei --format json`.
fn renkei_json(r: &crate::domain::renkei::Renkei) -> serde_json::Value {
    use crate::domain::renkei::Renkei;
    match r {
        Renkei::NotFiled => serde_json::json!({"state": "not_filed"}),
        Renkei::NotInTable => serde_json::json!({"state": "not_in_table"}),
        Renkei::Checked {
            filed,
            lines,
            unsure,
            ..
        } => serde_json::json!({
            "state": "checked",
            "filed": filed,
            "all_ok": lines.iter().all(|l| l.ok),
            "unsure": unsure,
            "checked": lines
                .iter()
                .map(|l| serde_json::json!({"condition": l.what, "ok": l.ok, "figures": l.figures}))
                .collect::<Vec<_>>(),
        }),
    }
}

/// `careplan office tokutei`: the month's 特定事業所加算 check, as the office panel shows it.
fn tokutei(store: &Store, a: &crate::cli::TokuteiArgs) -> Result<ExitCode> {
    use crate::domain::dates::{month_start, parse_month};
    let lang = lang();
    let month = match &a.month {
        Some(m) => parse_month(m).map_err(|e| eyre!("--month: {}", e.message(lang)))?,
        None => month_start(super::today()),
    };
    let check = crate::store::tokutei::check(store.conn(), month, lang)?;
    if a.format == Format::Json {
        let lines: Vec<_> = check
            .iter()
            .flat_map(|c| c.lines.iter())
            .map(|l| serde_json::json!({"condition": l.what, "ok": l.ok, "figures": l.figures}))
            .collect();
        output::print_json(&serde_json::json!({
            "month": month.format("%Y-%m").to_string(),
            "kasan": check.as_ref().map(|c| &c.key),
            "filed": check.as_ref().is_some_and(|c| c.filed),
            "all_ok": check.as_ref().is_some_and(|c| c.all_ok()),
            "unsure": check.as_ref().is_some_and(|c| c.unsure),
            "checked": lines,
            "iryo_kaigo_renkei": check.as_ref().map(|c| renkei_json(&c.renkei)),
            "not_provable": crate::domain::tokutei::UNPROVABLE
                .iter()
                .map(|(ja, en)| lang.pick(ja, en))
                .collect::<Vec<_>>(),
            "as_of": iso(super::today()),
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    for line in crate::present::tokutei::lines(check.as_ref(), month, lang) {
        crate::say!("{line}")?;
    }
    Ok(ExitCode::SUCCESS)
}

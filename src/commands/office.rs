//! `careplan office show|set`.

use crate::cli::{Format, OfficeCommand, YesNo};
use crate::domain::Lang;
use crate::domain::area::AreaGrade;
use crate::domain::dates::{iso, parse_date};
use crate::domain::ids::OfficeNumber;
use crate::output::{self, Listing};
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
        OfficeCommand::Set {
            number,
            name,
            area_grade,
            area_grade_from,
            special_area,
            accept_check_digit,
        } => {
            let office_number = match number {
                Some(n) => {
                    let n = OfficeNumber::parse(n)
                        .map_err(|e| eyre!("--number: {}", e.message(Lang::Ja)))?;
                    if !n.check_digit_ok() && !accept_check_digit {
                        return Err(eyre!(
                            "--number: {}（--accept-check-digit を付けると保存します）",
                            OfficeNumber::check_digit_warning().message(Lang::Ja)
                        ));
                    }
                    Some(n)
                }
                None => None,
            };
            let area_grade = match area_grade {
                Some(g) => {
                    let g = AreaGrade::parse(g)
                        .map_err(|e| eyre!("--area-grade: {}", e.message(Lang::Ja)))?;
                    let from = match area_grade_from {
                        Some(d) => parse_date(d)
                            .map_err(|e| eyre!("--area-grade-from: {}", e.message(Lang::Ja)))?,
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
            let change = OfficeChange {
                office_number,
                name: name.clone(),
                special_area: special_area.map(|s| s == YesNo::Yes),
                area_grade,
            };
            let o = store.write(|w| office::update(w, &change, None))?;
            println!("事業所情報を保存しました。");
            show(&o, Format::Table)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(o: &office::Office, format: Format) -> Result<()> {
    let today = super::today();
    let grade = o.area_grade_on(today);
    let rows = vec![
        vec![
            "事業所番号".into(),
            o.office_number
                .clone()
                .unwrap_or_else(|| "（未設定）".into()),
        ],
        vec!["事業所名".into(), o.name.clone()],
        vec![
            "地域区分".into(),
            grade
                .map(|g| g.label().to_string())
                .unwrap_or_else(|| "（未設定）".into()),
        ],
        vec![
            "特別地域".into(),
            if o.special_area {
                "該当".into()
            } else {
                "非該当".into()
            },
        ],
    ];
    let json = serde_json::json!({
        "office_number": o.office_number,
        "name": o.name,
        "area_grade": grade.map(|g| g.code()),
        "area_grades": o.area_grades.iter().map(|(d, g)| serde_json::json!({"from": iso(*d), "grade": g.code()})).collect::<Vec<_>>(),
        "special_area": o.special_area,
    });
    output::print(
        format,
        &Listing {
            headers: &["項目", "値"],
            rows,
            numeric: &[],
            json: &json,
        },
    )
}

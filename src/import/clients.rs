//! Import of clients: identity, contract, care manager, and the current certification.

use super::{Findings, Imported, Sheet, col, required, text, verdict};
use crate::domain::care_level::{CareLevel, CertStatus};
use crate::domain::dates::{check_order, parse_birth_date, parse_date, parse_optional_date};
use crate::domain::ids::{InsuredNumber, InsurerNumber};
use crate::domain::sex::Sex;
use crate::domain::{kana, phone};
use crate::store::clients::{self, CertificationFields, ClientFields};
use crate::store::{Store, staff};
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use std::collections::HashSet;
use std::path::Path;

pub static COLUMNS: [super::Column; 15] = [
    col("氏名", "name", true),
    col("フリガナ", "kana", false),
    col("生年月日", "birth_date", false),
    col("性別", "sex", false),
    col("保険者番号", "insurer_number", true),
    col("被保険者番号", "insured_number", true),
    col("要介護度", "care_level", false),
    col("認定日", "certified_on", false),
    col("認定有効期間開始日", "valid_from", false),
    col("認定有効期間終了日", "valid_to", false),
    col("契約日", "contract_date", true),
    col("契約終了日", "contract_end", false),
    col("担当介護支援専門員", "care_manager", false),
    text("住所", "address", false, 200, false),
    col("電話番号", "phone", false),
];

struct Record {
    fields: ClientFields,
    contract_end: Option<chrono::NaiveDate>,
    care_manager: Option<i64>,
    certification: Option<CertificationFields>,
}

pub fn import(
    store: &mut Store,
    path: &Path,
    dry_run: bool,
    accept_warnings: bool,
    today: NaiveDate,
) -> Result<Imported> {
    let sheet = Sheet::read(path, &COLUMNS)?;
    let care_managers = staff::CareManagers::load(store.conn())?;
    let mut f = Findings::default();
    let mut records = Vec::new();
    let mut seen = HashSet::new();
    for row in &sheet.rows {
        let l = row.line;
        let c = |h: &str| sheet.cell(row, h);
        let name = f.take(l, "氏名", required(c("氏名"))).map(str::to_string);
        let kana = f.take(l, "フリガナ", kana::parse(c("フリガナ")));
        let birth_date = f.take(l, "生年月日", parse_birth_date(c("生年月日"), today));
        let phone = f.take(l, "電話番号", phone::normalise(c("電話番号")));
        let sex = f.take(l, "性別", Sex::parse(c("性別")));
        let insurer = f.take(l, "保険者番号", InsurerNumber::parse(c("保険者番号")));
        let insured = f.take(l, "被保険者番号", InsuredNumber::parse(c("被保険者番号")));
        let contract_date = f.take(l, "契約日", parse_date(c("契約日")));
        let contract_end = f.take(l, "契約終了日", parse_optional_date(c("契約終了日")));
        let care_manager = match c("担当介護支援専門員") {
            "" => Some(None),
            key => match care_managers.find(key) {
                Some(id) => Some(Some(id)),
                None => {
                    f.error(l, "担当介護支援専門員", crate::format_tr!(
                        "「{key}」という介護支援専門員が登録されていません。先に職員を取り込むか、氏名・番号を確認してください",
                        "no care manager {key} is registered; import the staff first, or check the name or number"
                    ));
                    None
                }
            },
        };
        let certification = certification(&mut f, &sheet, row);
        if let (Some(start), Some(Some(end))) = (contract_date, contract_end)
            && let Err(why) = check_order(start, end, ("契約日", "contract date"))
        {
            f.error(l, "契約終了日", why.message(crate::domain::Lang::session()));
        }
        if let (Some(Some(birth)), Some(start)) = (birth_date, contract_date)
            && let Err(why) = check_order(birth, start, ("生年月日", "birth date"))
        {
            f.error(l, "契約日", why.message(crate::domain::Lang::session()));
        }
        if let (Some(ins), Some(isd)) = (&insurer, &insured) {
            if !seen.insert((ins.clone(), isd.clone())) {
                f.error(
                    l,
                    "被保険者番号",
                    crate::format_tr!(
                        "同じ保険者番号・被保険者番号の行がファイル内に2回あります",
                        "the file has two rows with the same insurer and insured numbers"
                    ),
                );
            } else if clients::find_by_numbers(store.conn(), ins.as_str(), isd.as_str())?.is_some()
            {
                f.error(
                    l,
                    "被保険者番号",
                    crate::format_tr!(
                        "保険者番号 {ins}・被保険者番号 {isd} の利用者は既に登録されています",
                        "a client with insurer number {ins} and insured number {isd} is already registered"
                    ),
                );
            }
        }
        if let (
            Some(name),
            Some(kana),
            Some(birth_date),
            Some(phone),
            Some(sex),
            Some(insurer),
            Some(insured),
            Some(contract_date),
            Some(contract_end),
            Some(care_manager),
            Some(certification),
        ) = (
            name,
            kana,
            birth_date,
            phone,
            sex,
            insurer,
            insured,
            contract_date,
            contract_end,
            care_manager,
            certification,
        ) {
            records.push(Record {
                fields: ClientFields {
                    name,
                    kana,
                    birth_date,
                    sex,
                    insurer_number: insurer,
                    insured_number: insured,
                    address: c("住所").to_string(),
                    phone,
                    contract_date,
                },
                contract_end,
                care_manager,
                certification,
            });
        }
    }
    verdict(f, accept_warnings)?;
    if dry_run {
        return Ok(Imported {
            added: records.len(),
            updated: 0,
        });
    }
    store.write(|w| {
        for r in &records {
            let id = clients::insert(w, &r.fields, r.care_manager, r.certification.as_ref())?;
            if let Some(end) = r.contract_end {
                clients::end_contract(w, id, current_version(w, id)?, Some(end), "")?;
            }
        }
        Ok(())
    })?;
    Ok(Imported {
        added: records.len(),
        updated: 0,
    })
}

fn current_version(w: &crate::store::Writer<'_>, id: i64) -> Result<i64> {
    Ok(w.tx
        .prepare_cached("SELECT version FROM clients WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

/// The row's certification: none when no care level is given; otherwise the validity period is
/// required (a certification without it cannot place the client in a month).
fn certification(
    f: &mut Findings,
    sheet: &Sheet,
    row: &super::Row,
) -> Option<Option<CertificationFields>> {
    let l = row.line;
    let c = |h: &str| sheet.cell(row, h);
    let level_text = c("要介護度");
    let any = [
        level_text,
        c("認定日"),
        c("認定有効期間開始日"),
        c("認定有効期間終了日"),
    ]
    .iter()
    .any(|s| !s.is_empty());
    if !any {
        return Some(None);
    }
    let level = f.take(l, "要介護度", CareLevel::parse(level_text));
    let certified_on = f.take(l, "認定日", parse_optional_date(c("認定日")));
    let from = f.take(l, "認定有効期間開始日", parse_date(c("認定有効期間開始日")));
    let to = f.take(l, "認定有効期間終了日", parse_date(c("認定有効期間終了日")));
    if let (Some(a), Some(b)) = (from, to)
        && let Err(why) = check_order(a, b, ("認定有効期間開始日", "valid-from date"))
    {
        f.error(
            l,
            "認定有効期間終了日",
            why.message(crate::domain::Lang::session()),
        );
        return None;
    }
    Some(Some(CertificationFields {
        care_level: Some(level?),
        certified_on: certified_on?,
        valid_from: from?,
        valid_to: Some(to?),
        status: CertStatus::Certified,
        change_of_level: false,
    }))
}

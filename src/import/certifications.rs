//! Import of certification history: each row adds one certification to a registered client.

use super::{Findings, Imported, Sheet, col, verdict};
use crate::domain::care_level::{CareLevel, CertStatus};
use crate::domain::certification::{CertSpan, place};
use crate::domain::dates::{check_order, parse_date, parse_optional_date};
use crate::domain::ids::{InsuredNumber, InsurerNumber};
use crate::store::clients::{self, CertificationFields};
use crate::store::{Store, certifications};
use color_eyre::eyre::Result;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;

pub static COLUMNS: [super::Column; 8] = [
    col("保険者番号", "insurer_number", true),
    col("被保険者番号", "insured_number", true),
    col("要介護度", "care_level", true),
    col("認定日", "certified_on", false),
    col("認定有効期間開始日", "valid_from", true),
    col("認定有効期間終了日", "valid_to", true),
    col("認定状況", "status", false),
    col("区分変更", "change_of_level", false),
];

/// 区分変更: blank, 0, いいえ or no for none; 1, はい, yes or 区分変更 for a change of level.
fn change_of_level(cell: &str) -> Result<bool, crate::domain::validation::Invalid> {
    match crate::domain::validation::fold_ascii(cell)
        .to_lowercase()
        .as_str()
    {
        "" | "0" | "いいえ" | "no" => Ok(false),
        "1" | "はい" | "yes" | "区分変更" => Ok(true),
        _ => Err(crate::domain::validation::Invalid::new(
            "区分変更は 1（はい）か 0（いいえ）で入力してください（空欄は いいえ）",
            "change of level: 1 (yes) or 0 (no); blank is no",
        )),
    }
}

pub fn import(
    store: &mut Store,
    path: &Path,
    dry_run: bool,
    accept_warnings: bool,
    _today: chrono::NaiveDate,
) -> Result<Imported> {
    let sheet = Sheet::read(path, &COLUMNS)?;
    let mut f = Findings::default();
    let mut records = Vec::new();
    // Each client's periods as the rule sees them: those recorded, then the file's rows above,
    // read from the database once per client.
    let mut periods: HashMap<i64, Vec<CertSpan>> = HashMap::new();
    for row in &sheet.rows {
        let l = row.line;
        let c = |h: &str| sheet.cell(row, h);
        let insurer = f.take(l, "保険者番号", InsurerNumber::parse(c("保険者番号")));
        let insured = f.take(l, "被保険者番号", InsuredNumber::parse(c("被保険者番号")));
        let level = f.take(l, "要介護度", CareLevel::parse(c("要介護度")));
        let certified_on = f.take(l, "認定日", parse_optional_date(c("認定日")));
        let from = f.take(l, "認定有効期間開始日", parse_date(c("認定有効期間開始日")));
        let to = f.take(l, "認定有効期間終了日", parse_date(c("認定有効期間終了日")));
        let status = f.take(l, "認定状況", CertStatus::parse(c("認定状況")));
        let change = f.take(l, "区分変更", change_of_level(c("区分変更")));
        if let (Some(a), Some(b)) = (from, to)
            && let Err(why) = check_order(a, b, ("認定有効期間開始日", "valid-from date"))
        {
            f.error(
                l,
                "認定有効期間終了日",
                why.message(crate::domain::Lang::session()),
            );
            continue;
        }
        let client = match (&insurer, &insured) {
            (Some(ins), Some(isd)) => {
                match clients::find_by_numbers(store.conn(), ins.as_str(), isd.as_str())? {
                    Some(id) => Some(id),
                    None => {
                        f.error(
                        l,
                        "被保険者番号",
                        crate::format_tr!(
                            "保険者番号 {ins}・被保険者番号 {isd} の利用者が登録されていません。先に利用者を取り込んでください",
                            "no client with insurer number {ins} and insured number {isd} is registered; import the clients first"
                        ),
                    );
                        None
                    }
                }
            }
            _ => None,
        };
        if let (
            Some(client),
            Some(level),
            Some(certified_on),
            Some(from),
            Some(to),
            Some(status),
            Some(change_of_level),
        ) = (client, level, certified_on, from, to, status, change)
        {
            let cert = CertificationFields {
                care_level: Some(level),
                certified_on,
                valid_from: from,
                valid_to: Some(to),
                status,
                change_of_level,
            };
            // The rule the store applies, against the client's certifications and the rows
            // above it, so that the refusal names the line.
            let others = match periods.entry(client) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(
                    certifications::of_client(store.conn(), client)?
                        .iter()
                        .map(|c| c.fields.span())
                        .collect(),
                ),
            };
            match place(&cert.span(), others) {
                Ok(_) => {
                    others.push(cert.span());
                    records.push((client, cert));
                }
                Err(e) => f.error(
                    l,
                    "認定有効期間開始日",
                    e.message(crate::domain::Lang::session()),
                ),
            }
        }
    }
    verdict(f, accept_warnings)?;
    if !dry_run {
        store.write(|w| {
            records
                .iter()
                .try_for_each(|(id, cert)| clients::add_certification(w, *id, cert).map(|_| ()))
        })?;
    }
    Ok(Imported {
        added: records.len(),
        updated: 0,
    })
}

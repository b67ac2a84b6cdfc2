//! Import of provider offices.

use super::{Findings, Imported, Sheet, col, required, text, verdict};
use crate::domain::channel::Channel;
use crate::domain::ids::{CorporationNumber, OfficeNumber};
use crate::domain::service_types;
use crate::domain::{kana, phone};
use crate::store::Store;
use crate::store::providers::{self, ProviderFields};
use color_eyre::eyre::Result;
use std::collections::HashSet;
use std::path::Path;

pub static COLUMNS: [super::Column; 11] = [
    col("事業所番号", "office_number", true),
    col("事業所名", "name", true),
    col("フリガナ", "kana", false),
    col("サービス種類", "service_types", false),
    col("電話番号", "phone", false),
    col("FAX番号", "fax", false),
    col("メールアドレス", "email", false),
    text("住所", "address", false, 200, false),
    col("連絡方法", "preferred_channel", false),
    col("法人名", "corporation", false),
    col("法人番号", "corporation_number", false),
];

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
    let mut seen = HashSet::new();
    for row in &sheet.rows {
        let l = row.line;
        let c = |h: &str| sheet.cell(row, h);
        let number = f.take(l, "事業所番号", OfficeNumber::parse(c("事業所番号")));
        if let Some(n) = &number {
            if !n.check_digit_ok() {
                f.warn(
                    l,
                    "事業所番号",
                    OfficeNumber::check_digit_warning().message(crate::domain::Lang::session()),
                );
            }
            if !seen.insert(n.clone()) {
                f.error(
                    l,
                    "事業所番号",
                    crate::format_tr!(
                        "同じ事業所番号の行がファイル内に2回あります",
                        "the file has two rows with the same office number"
                    ),
                );
            } else if providers::find_by_number(store.conn(), n.as_str())?.is_some() {
                f.error(
                    l,
                    "事業所番号",
                    crate::format_tr!(
                        "事業所番号 {n} の事業所は既に登録されています",
                        "a provider with office number {n} is already registered"
                    ),
                );
            }
        }
        let name = f
            .take(l, "事業所名", required(c("事業所名")))
            .map(str::to_string);
        let types = f.take(
            l,
            "サービス種類",
            service_types::parse_list(c("サービス種類")),
        );
        let channel = match c("連絡方法") {
            "" => Some(Channel::Fax),
            s => f.take(l, "連絡方法", Channel::parse(s)),
        };
        let kana = f.take(l, "フリガナ", kana::parse(c("フリガナ")));
        let phone = f.take(l, "電話番号", phone::normalise(c("電話番号")));
        let fax = f.take(l, "FAX番号", phone::normalise(c("FAX番号")));
        let corporation_number = f.take(
            l,
            "法人番号",
            CorporationNumber::parse_optional(c("法人番号")),
        );
        if let (
            Some(number),
            Some(name),
            Some(kana),
            Some(types),
            Some(phone),
            Some(fax),
            Some(channel),
            Some(corporation_number),
        ) = (
            number,
            name,
            kana,
            types,
            phone,
            fax,
            channel,
            corporation_number,
        ) {
            records.push(ProviderFields {
                check_digit_accepted: !number.check_digit_ok(),
                office_number: number,
                name,
                kana,
                service_types: types.iter().map(|t| t.to_string()).collect(),
                address: c("住所").to_string(),
                phone,
                fax,
                email: c("メールアドレス").to_string(),
                contact_person: String::new(),
                preferred_channel: channel,
                notes: String::new(),
                corporation_name: c("法人名").to_string(),
                corporation_number: corporation_number
                    .map(|n| n.as_str().to_string())
                    .unwrap_or_default(),
            });
        }
    }
    verdict(f, accept_warnings)?;
    if !dry_run {
        store.write(|w| {
            records
                .iter()
                .try_for_each(|r| providers::insert(w, r).map(|_| ()))
        })?;
    }
    Ok(Imported {
        added: records.len(),
        updated: 0,
    })
}

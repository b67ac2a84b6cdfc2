//! Import of provider enrollment observations (e.g. after checking the public register): each
//! row adds one dated observation to a registered provider.

use super::{Findings, Imported, Sheet, col, text, verdict};
use crate::domain::dates::parse_date;
use crate::domain::enrollment::{ExchangeSystem, ProviderStatus, Source};
use crate::domain::ids::OfficeNumber;
use crate::store::{Store, enrollment, providers};
use color_eyre::eyre::Result;
use std::path::Path;

pub static COLUMNS: [super::Column; 6] = [
    col("事業所番号", "office_number", true),
    col("加入状況", "status", true),
    col("情報源", "source", true),
    col("確認日", "observed_on", true),
    text("メモ", "note", false, 4000, true),
    col("方式", "system", false),
];

pub fn import(
    store: &mut Store,
    path: &Path,
    dry_run: bool,
    accept_warnings: bool,
) -> Result<Imported> {
    let sheet = Sheet::read(path, &COLUMNS)?;
    let mut f = Findings::default();
    let mut records = Vec::new();
    for row in &sheet.rows {
        let l = row.line;
        let c = |h: &str| sheet.cell(row, h);
        let number = f.take(l, "事業所番号", OfficeNumber::parse(c("事業所番号")));
        let status = f.take(l, "加入状況", ProviderStatus::parse(c("加入状況")));
        let source = f.take(l, "情報源", Source::parse(c("情報源")));
        let on = f.take(l, "確認日", parse_date(c("確認日")));
        // Empty: observed on the old client software (what every observation was before).
        let system = match c("方式") {
            "" => Some(ExchangeSystem::Client),
            s => f.take(l, "方式", ExchangeSystem::parse(s)),
        };
        let provider = match &number {
            Some(n) => match providers::find_by_number(store.conn(), n.as_str())? {
                Some(id) => Some(id),
                None => {
                    f.error(
                        l,
                        "事業所番号",
                        crate::format_tr!(
                            "事業所番号 {n} の事業所が登録されていません。先に事業所を取り込んでください",
                            "no provider with office number {n} is registered; import the providers first"
                        ),
                    );
                    None
                }
            },
            None => None,
        };
        if let (Some(p), Some(status), Some(source), Some(on), Some(system)) =
            (provider, status, source, on, system)
        {
            records.push((
                p,
                enrollment::Observed {
                    status,
                    source,
                    system,
                    on,
                    note: c("メモ").to_string(),
                },
            ));
        }
    }
    verdict(f, accept_warnings)?;
    if !dry_run {
        store.write(|w| {
            records
                .iter()
                .try_for_each(|(p, o)| enrollment::record_observation(w, *p, o))
        })?;
    }
    Ok(Imported {
        added: records.len(),
        updated: 0,
    })
}

//! What the commands share: finding a client or a care manager from the command line, the
//! text a command line types, and saying why the store refused something (exit 1, nothing
//! changed). One module that every command may use and that uses none of them.

use crate::cli::ClientRef;
use crate::store::{Refused, Store, clients, staff};
use color_eyre::eyre::{Result, eyre};
use std::process::ExitCode;

/// The client `--insurer` and `--insured` name.
pub(super) fn client_id(store: &Store, client: &ClientRef) -> Result<i64> {
    let (insurer, insured) = (&client.insurer, &client.insured);
    clients::find_by_numbers(store.conn(), insurer.trim(), insured.trim())?.ok_or_else(|| {
        eyre!(crate::format_tr!(
            "保険者番号 {insurer}・被保険者番号 {insured} の利用者は登録されていません。番号を確かめるか、先に利用者を登録してください", "no client with insurer number {insurer} and insured number {insured} is registered; check the numbers, or register the client first"
        ))
    })
}

/// The client `--insurer` and `--insured` name when both are given (a list's filter).
pub(super) fn client_filter(
    store: &Store,
    insurer: &Option<String>,
    insured: &Option<String>,
) -> Result<Option<i64>> {
    match (insurer, insured) {
        (Some(insurer), Some(insured)) => Ok(Some(client_id(
            store,
            &ClientRef {
                insurer: insurer.clone(),
                insured: insured.clone(),
            },
        )?)),
        _ => Ok(None),
    }
}

/// A rule of the ledger refused the input: say why, exit 1, nothing changed.
pub(super) fn refused_or(e: color_eyre::Report) -> Result<ExitCode> {
    match e.downcast_ref::<Refused>() {
        Some(r) => {
            crate::present::output::complain(&format!("{r}"));
            Ok(ExitCode::FAILURE)
        }
        None => Err(e),
    }
}

/// A care manager by name or number.
pub(super) fn care_manager(store: &Store, key: &str) -> Result<i64> {
    staff::find_care_manager(store.conn(), key)?.ok_or_else(|| {
        eyre!(crate::format_tr!("介護支援専門員「{key}」が見つかりません。氏名か介護支援専門員番号を確かめてください（careplan staff）", "no care manager \"{key}\"; check the name or care-manager number (careplan staff)"))
    })
}

/// Text typed on a command line: `\n` written out is a line break.
pub(super) fn typed_text(s: &str) -> String {
    s.replace("\\n", "\n")
}

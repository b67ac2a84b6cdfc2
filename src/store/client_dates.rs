//! Dated facts on a client that a rule reads and a person may correct: the consent to video
//! monitoring, the ターミナルケアマネジメント consent, the death (date and place). One
//! mechanism: changing or clearing a value already on record needs the reason, kept in the
//! audit trail with before and after.

use super::{Refused, Writer};
use crate::domain::dates::{from_iso, iso};
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension};

/// The place of death, as the ターミナル rule reads it (died at home or not).
pub const DEATH_PLACES: [(&str, &str, &str); 2] =
    [("home", "自宅", "home"), ("other", "自宅以外", "elsewhere")];

/// Sets the client's `columns` (all together) to `values`, refused when a value on record
/// would change without `reason`. `what`: the fact in Japanese (テレビ電話の同意…); `action`:
/// the audit trail's action.
pub(super) fn set(
    w: &Writer<'_>,
    client_id: i64,
    what: &str,
    action: &str,
    columns: &[&str],
    values: &[Option<String>],
    reason: &str,
) -> Result<()> {
    let before = read(&w.tx, client_id, columns)?
        .ok_or_else(|| Refused(format!("利用者 id {client_id} は登録されていません")))?;
    let reason = reason.trim();
    let recorded = before.iter().any(Option::is_some);
    if recorded && before.as_slice() != values && reason.is_empty() {
        let shown: Vec<&str> = before.iter().flatten().map(String::as_str).collect();
        let correct = values.iter().any(Option::is_some);
        return Err(Refused(crate::format_tr!(
            "記録済みの{what}（{}）を{}には理由が必要です（--reason）",
            "a reason (--reason) is needed to {1} the recorded {what} ({0})",
            shown.join("・"),
            match (correct, crate::domain::Lang::session()) {
                (true, crate::domain::Lang::Ja) => "訂正する",
                (false, crate::domain::Lang::Ja) => "取り消す",
                (true, crate::domain::Lang::En) => "correct",
                (false, crate::domain::Lang::En) => "clear",
            }
        ))
        .into());
    }
    let sets: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 2))
        .collect();
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&client_id];
    params.extend(values.iter().map(|v| v as &dyn rusqlite::ToSql));
    w.tx.execute(
        &format!(
            "UPDATE clients SET {}, version = version + 1 WHERE id = ?1",
            sets.join(", ")
        ),
        params.as_slice(),
    )?;
    let json = |vs: &[Option<String>]| {
        columns
            .iter()
            .zip(vs)
            .map(|(c, v)| ((*c).to_string(), serde_json::json!(v)))
            .collect::<serde_json::Map<_, _>>()
    };
    let mut after = json(values);
    after.insert("reason".into(), reason.into());
    w.audit(
        "client",
        Some(client_id),
        action,
        Some(&serde_json::Value::Object(json(&before))),
        Some(&serde_json::Value::Object(after)),
    )
}

/// The client's `columns` (None: no such client).
pub(super) fn read(
    conn: &Connection,
    client_id: i64,
    columns: &[&str],
) -> Result<Option<Vec<Option<String>>>> {
    Ok(conn
        .query_row(
            &format!("SELECT {} FROM clients WHERE id = ?1", columns.join(", ")),
            [client_id],
            |r| (0..columns.len()).map(|i| r.get(i)).collect(),
        )
        .optional()?)
}

/// Records the day the client or family consented to ターミナルケアマネジメント (None: not on
/// record).
pub fn set_terminal_consent(
    w: &Writer<'_>,
    client_id: i64,
    on: Option<NaiveDate>,
    reason: &str,
) -> Result<()> {
    set(
        w,
        client_id,
        crate::domain::Lang::session().pick(
            "ターミナルケアマネジメントの同意",
            "consent to ターミナルケアマネジメント",
        ),
        "terminal_consent",
        &["terminal_consent_on"],
        &[on.map(iso)],
        reason,
    )
}

/// Records the client's death: the day and whether at home (`None`: not on record).
pub fn set_death(
    w: &Writer<'_>,
    client_id: i64,
    death: Option<(NaiveDate, &str)>,
    reason: &str,
) -> Result<()> {
    if let Some((_, place)) = death
        && !DEATH_PLACES.iter().any(|(c, ..)| *c == place)
    {
        return Err(Refused(format!(
            "亡くなった場所「{place}」は使えません。home（自宅）か other（自宅以外）です"
        ))
        .into());
    }
    set(
        w,
        client_id,
        crate::domain::Lang::session().pick("死亡の記録", "record of death"),
        "death",
        &["died_on", "death_place"],
        &[
            death.map(|(d, _)| iso(d)),
            death.map(|(_, p)| p.to_string()),
        ],
        reason,
    )
}

/// The ターミナル consent and the death of a client: (consent, died on, place code).
pub fn terminal(
    conn: &Connection,
    client_id: i64,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>, Option<String>)> {
    let v = read(
        conn,
        client_id,
        &["terminal_consent_on", "died_on", "death_place"],
    )?
    .unwrap_or_default();
    let date = |i: usize| v.get(i).cloned().flatten().as_deref().and_then(from_iso);
    Ok((date(0), date(1), v.get(2).cloned().flatten()))
}

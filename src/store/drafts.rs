//! Drafts: form input that was being typed when a session ended (SSH dropped, terminal closed).

use super::{Writer, now_utc};
use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: i64,
    pub form: String,
    pub payload: String,
    pub saved_at: String,
}

/// Keeps a draft; the audit trail records that one was kept, never what it says.
pub fn save(w: &Writer<'_>, os_user: &str, form: &str, payload: &str) -> Result<i64> {
    w.tx.execute(
        "INSERT INTO drafts (os_user, form, payload, saved_at) VALUES (?1, ?2, ?3, ?4)",
        params![os_user, form, payload, now_utc()],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit(
        "draft",
        Some(id),
        "save",
        None,
        Some(&serde_json::json!({ "form": form })),
    )?;
    Ok(id)
}

/// The newest draft of this OS user, if any.
pub fn latest(conn: &Connection, os_user: &str) -> Result<Option<Draft>> {
    Ok(conn
        .query_row(
            "SELECT id, form, payload, saved_at FROM drafts WHERE os_user = ?1 ORDER BY id DESC LIMIT 1",
            [os_user],
            |r| {
                Ok(Draft {
                    id: r.get(0)?,
                    form: r.get(1)?,
                    payload: r.get(2)?,
                    saved_at: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// Removes a draft that was taken back into its form (`restored`) or thrown away; audited
/// without its content.
pub fn discard(w: &Writer<'_>, id: i64, restored: bool) -> Result<()> {
    w.tx.execute("DELETE FROM drafts WHERE id = ?1", [id])?;
    w.audit(
        "draft",
        Some(id),
        if restored { "restore" } else { "discard" },
        None,
        None,
    )
}

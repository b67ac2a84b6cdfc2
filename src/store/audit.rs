//! The append-only audit trail. Triggers in the schema refuse UPDATE and DELETE on it.

use color_eyre::eyre::Result;
use rusqlite::{Connection, params};

/// Who is writing: the OS user and, over SSH, the client address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub os_user: String,
    pub ssh_client: Option<String>,
}

impl Actor {
    pub fn from_env() -> Actor {
        let user = ["USER", "LOGNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .unwrap_or_else(|| "unknown".to_string());
        // Offices share one service account that owns the database; `sudo -u` keeps who it was.
        let os_user = match std::env::var("SUDO_USER")
            .ok()
            .filter(|s| !s.is_empty() && *s != user)
        {
            Some(person) => format!("{user} (sudo: {person})"),
            None => user,
        };
        // SSH_CLIENT is "address port localport"; the address is what identifies the session.
        let ssh_client = std::env::var("SSH_CLIENT")
            .ok()
            .and_then(|v| v.split_whitespace().next().map(str::to_string));
        Actor {
            os_user,
            ssh_client,
        }
    }
}

pub fn record(
    conn: &Connection,
    actor: &Actor,
    entity: &str,
    entity_id: Option<i64>,
    action: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, os_user, ssh_client, entity, entity_id, action, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            super::now_utc(),
            actor.os_user,
            actor.ssh_client,
            entity,
            entity_id,
            action,
            before.map(|v| v.to_string()),
            after.map(|v| v.to_string()),
        ],
    )?;
    Ok(())
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub os_user: String,
    pub ssh_client: Option<String>,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub action: String,
}

/// The newest audit entries for one entity, newest first.
pub fn history(
    conn: &Connection,
    entity: &str,
    entity_id: i64,
    limit: usize,
) -> Result<Vec<AuditEntry>> {
    let mut st = conn.prepare(
        "SELECT at, os_user, ssh_client, entity, entity_id, action FROM audit_log
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC LIMIT ?3",
    )?;
    let rows = st.query_map(params![entity, entity_id, limit as i64], |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            os_user: r.get(1)?,
            ssh_client: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            action: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

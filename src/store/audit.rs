//! The append-only audit trail, each row chained to the one before by a hash. Triggers in the
//! schema refuse UPDATE, DELETE and REPLACE on it.

use color_eyre::eyre::Result;
use rusqlite::{Connection, params};

/// Who is writing: the OS user and, over SSH, the client address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub os_user: String,
    pub ssh_client: Option<String>,
}

impl Actor {
    /// Who is writing: the account of the real user id (from the system's user database, not
    /// `$USER`, which anyone can set), plus the person behind `sudo` where sudo says so.
    pub fn from_env() -> Actor {
        let user = account_name().unwrap_or_else(|| format!("uid {}", real_uid()));
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

fn real_uid() -> libc::uid_t {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() }
}

/// The account name of the real user id, from the system's user database.
pub fn account_name() -> Option<String> {
    let mut pwd = std::mem::MaybeUninit::<libc::passwd>::uninit();
    let mut buf = vec![0 as libc::c_char; 4096];
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer refers to live memory of the size given; getpwuid_r writes the
    // entry into `pwd` and `buf` and sets `result` to `pwd` on success or null otherwise.
    let rc = unsafe {
        libc::getpwuid_r(
            real_uid(),
            pwd.as_mut_ptr(),
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        )
    };
    if rc != 0 || result.is_null() {
        return None;
    }
    // SAFETY: on success `result` points to `pwd`, initialised, whose `pw_name` is a
    // NUL-terminated string inside `buf`, which is still alive.
    let name = unsafe { std::ffi::CStr::from_ptr((*result).pw_name) };
    Some(name.to_string_lossy().into_owned())
}

pub struct ChainRow<'a> {
    pub id: i64,
    pub at: &'a str,
    pub os_user: &'a str,
    pub ssh_client: Option<&'a str>,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub action: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// The row's link in the chain: SHA-256 of the previous row's hash and this row's content
/// (its id included, so a row cannot be moved or dropped without breaking every later link).
pub fn chain_hash(prev: &str, row: &ChainRow<'_>) -> String {
    use sha2::{Digest, Sha256};
    let content = serde_json::json!([
        row.id,
        row.at,
        row.os_user,
        row.ssh_client,
        row.entity,
        row.entity_id,
        row.action,
        row.before,
        row.after
    ]);
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(content.to_string().as_bytes());
    format!("{:x}", h.finalize())
}

/// Appends an audit row linked to the one before (in the caller's write transaction, which
/// holds the write lock: no other row can come between).
pub fn record(
    conn: &Connection,
    actor: &Actor,
    entity: &str,
    entity_id: Option<i64>,
    action: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    // Cached statements: an import writes several audit rows for each of its rows.
    let (id, prev): (i64, String) = conn
        .prepare_cached(
            "SELECT coalesce(max(id), 0) + 1,
                    coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '')
             FROM audit_log",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let at = super::now_utc();
    let (before, after) = (before.map(|v| v.to_string()), after.map(|v| v.to_string()));
    let row = ChainRow {
        id,
        at: &at,
        os_user: &actor.os_user,
        ssh_client: actor.ssh_client.as_deref(),
        entity,
        entity_id,
        action,
        before: before.as_deref(),
        after: after.as_deref(),
    };
    let hash = chain_hash(&prev, &row);
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, os_user, ssh_client, entity, entity_id, action, before,
             after, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        at,
        actor.os_user,
        actor.ssh_client,
        entity,
        entity_id,
        action,
        before,
        after,
        hash
    ])?;
    Ok(())
}

/// A row read as `id, at, os_user, ssh_client, entity, entity_id, action, before, after`.
fn chain_row<'r>(r: &'r rusqlite::Row<'_>) -> rusqlite::Result<ChainRow<'r>> {
    Ok(ChainRow {
        id: r.get(0)?,
        at: r.get_ref(1)?.as_str()?,
        os_user: r.get_ref(2)?.as_str()?,
        ssh_client: r.get_ref(3)?.as_str_or_null()?,
        entity: r.get_ref(4)?.as_str()?,
        entity_id: r.get(5)?,
        action: r.get_ref(6)?.as_str()?,
        before: r.get_ref(7)?.as_str_or_null()?,
        after: r.get_ref(8)?.as_str_or_null()?,
    })
}

/// Walks the chain from the first row: the first row whose hash does not follow from the row
/// before and its own content (a row changed, removed or put in), as a message; None if sound.
pub fn broken_link(conn: &Connection) -> Result<Option<String>> {
    let mut st = conn.prepare(
        "SELECT id, at, os_user, ssh_client, entity, entity_id, action, before, after, hash
         FROM audit_log ORDER BY id",
    )?;
    let mut rows = st.query([])?;
    let (mut prev, mut expected_id) = (String::new(), None::<i64>);
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let hash: Option<String> = r.get(9)?;
        if let Some(e) = expected_id
            && id != e
        {
            return Ok(Some(format!(
                "監査記録の連鎖が id {e} で切れています（次にあるのは id {id}）。行が削除されています"
            )));
        }
        let row = chain_row(r)?;
        let want = chain_hash(&prev, &row);
        if hash.as_deref() != Some(want.as_str()) {
            return Ok(Some(format!(
                "監査記録の連鎖が id {id} で切れています（内容が書き換えられたか、前の行が変わっています）"
            )));
        }
        prev = want;
        expected_id = Some(id + 1);
    }
    Ok(None)
}

/// Part of migration 008: links every existing row, in id order.
pub fn link_existing(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
    let rows: Vec<(i64, String)> = {
        let mut st = tx.prepare(
            "SELECT id, at, os_user, ssh_client, entity, entity_id, action, before, after
             FROM audit_log ORDER BY id",
        )?;
        let mut out = Vec::new();
        let mut prev = String::new();
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let row = chain_row(r)?;
            prev = chain_hash(&prev, &row);
            out.push((row.id, prev.clone()));
        }
        out
    };
    let mut st = tx.prepare("UPDATE audit_log SET hash = ?2 WHERE id = ?1")?;
    for (id, hash) in rows {
        st.execute(params![id, hash])?;
    }
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

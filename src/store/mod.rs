//! SQLite storage: one file per office. Opening sets permissions, pragmas and migrations;
//! one module per aggregate; every write goes through `Store::write`, which audits it.

pub mod audit;
pub mod backup;
pub mod business_calendar;
pub mod calendar;
pub mod case_notes;
pub mod caseload;
pub mod certifications;
pub mod claims;
pub mod client_dates;
pub mod clients;
pub mod columns;
pub mod compliance;
pub mod concentration;
pub mod deliveries;
pub mod drafts;
pub mod enrollment;
pub mod exchange;
pub mod home;
pub mod kasan;
pub mod kasan_decisions;
pub mod migration_reviews;
pub mod note_fields;
pub mod office;
pub mod office_system;
pub mod plan_steps;
pub mod plans;
pub mod providers;
pub mod read_only;
pub mod rules;
pub mod same_building;
pub mod staff;
pub mod stays;
pub mod tokutei;

use color_eyre::eyre::{Result, WrapErr, eyre};
use rusqlite::OptionalExtension;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::{M, Migrations};
use std::fmt;
use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

pub use audit::Actor;
pub use read_only::ReadOnly;

/// Whether this process has committed a change to the office's records (`Store::write`): only
/// then is ホーム's kept summary brought up to date after a command — reading never writes.
static COMMITTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// See `COMMITTED`.
pub fn committed_in_this_process() -> bool {
    COMMITTED.load(std::sync::atomic::Ordering::SeqCst)
}

/// How a session may use the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read and write where the file and its folder allow it; read-only otherwise.
    Auto,
    /// Read only, whatever the file allows (`--read-only`).
    ReadOnly,
}

/// How many of the newest migrations only add, drop or reshape indexes. A database without
/// them holds the same records and answers the same queries, only slower: a read-only copy
/// made before them (a backup, an inspection copy) still opens (`read_only::connect`).
pub const NEWEST_INDEX_ONLY: i32 = 3;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("migrations/001_foundation.sql")),
        M::up(include_str!("migrations/002_caseload.sql")),
        M::up(include_str!("migrations/003_plans_deliveries.sql")),
        M::up(include_str!("migrations/004_exchange.sql")),
        M::up(include_str!("migrations/005_enrollment.sql")),
        M::up_with_hook(
            include_str!("migrations/006_exchange_editions.sql"),
            |tx: &Transaction| {
                exchange::repair_swapped_kihon_names(tx)?;
                Ok(())
            },
        ),
        M::up(include_str!("migrations/007_home_summary.sql")),
        M::up_with_hook(
            include_str!("migrations/008_audit_chain.sql"),
            |tx: &Transaction| {
                audit::link_existing(tx)?;
                tx.execute_batch(include_str!("migrations/008_audit_chain_after.sql"))?;
                Ok(())
            },
        ),
        M::up(include_str!("migrations/009_corrections.sql")),
        M::up(include_str!("migrations/010_rules.sql")),
        M::up(include_str!("migrations/011_calendar_and_move.sql")),
        M::up(include_str!("migrations/013_corporations.sql")),
        M::up(include_str!("migrations/012_case_record.sql")),
        M::up(include_str!("migrations/014_records_since.sql")),
        M::up(include_str!("migrations/015_limit_period.sql")),
        M::up(include_str!("migrations/016_claims.sql")),
        M::up(include_str!("migrations/017_import_indexes.sql")),
        M::up(include_str!("migrations/018_kasan.sql")),
        M::up(include_str!("migrations/019_read_paths.sql")),
        M::up(include_str!("migrations/020_kasan_reads.sql")),
        M::up(include_str!("migrations/021_plan_step_reads.sql")),
    ])
}

/// Another session saved this row after we read it. Nothing was written; reload and retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub entity: &'static str,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "他の端末でこの{}が先に変更されました。保存していません。最新の内容を確認してからもう一度編集してください",
            self.entity
        )
    }
}
impl std::error::Error for Conflict {}

/// A value refused by a rule of the ledger (duplicate number, unknown care manager…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);
impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Refused {}

pub struct Store {
    conn: Connection,
    actor: Actor,
    path: PathBuf,
    /// Why this session cannot write, when it cannot.
    read_only: Option<read_only::Why>,
}

/// Creates the database's folder (0700) and file (0600) before SQLite opens it, whatever the
/// umask, so personal data is never readable by other users even for an instant.
fn create_private(path: &Path) -> Result<()> {
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .wrap_err_with(|| {
                format!("データベースのフォルダを作成できません: {}", dir.display())
            })?;
    }
    if !path.exists() {
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .wrap_err_with(|| {
                format!("データベースファイルを作成できません: {}", path.display())
            })?;
    }
    Ok(())
}

/// Refuses an existing `path` unless `force`, saying how to go on.
pub fn refuse_existing(path: &Path, force: bool) -> Result<()> {
    if path.exists() && !force {
        return Err(eyre!(
            "{} は既に存在します。上書きしません。別の名前にするか、上書きしてよければ --force を付けてください",
            path.display()
        ));
    }
    Ok(())
}

/// Writes a file whole or not at all, owner-only (what careplan writes holds personal data):
/// `fill` writes a temporary 0600 file in the target's folder, which is synced and then renamed
/// into place — a killed run never leaves a partial file under the final name. An existing
/// file is replaced only with `force`, and then ends 0600 like a new one.
pub fn write_whole(path: &Path, force: bool, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    refuse_existing(path, force)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".partial")
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .wrap_err_with(|| {
            format!(
                "書き出せません（フォルダがないか、書き込めません）: {}",
                dir.display()
            )
        })?;
    fill(temp.path())?;
    std::fs::File::open(temp.path())
        .and_then(|f| f.sync_all())
        .wrap_err_with(|| format!("書き出せません: {}", path.display()))?;
    let placed = if force {
        temp.persist(path).map(|_| ())
    } else {
        // Not replacing a file that appeared meanwhile.
        temp.persist_noclobber(path).map(|_| ())
    };
    placed.map_err(|e| eyre!("{} に置けません: {}", path.display(), e.error))?;
    Ok(())
}

/// `write_whole` of bytes.
pub fn write_private(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    write_whole(path, force, |temp| {
        std::fs::write(temp, bytes).wrap_err_with(|| format!("書き出せません: {}", path.display()))
    })
}

/// Removes group/other permission bits from an existing database file and its WAL/SHM files.
fn tighten(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if let Ok(meta) = std::fs::metadata(&p) {
            let mode = meta.permissions().mode();
            if mode & 0o077 != 0 {
                // Best effort: a file owned by someone else keeps its mode and SQLite still works.
                let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode & 0o700));
            }
        }
    }
}

/// How long a write waits for another session's write to finish.
pub const BUSY_TIMEOUT_MS: u64 = 5000;

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")
        .wrap_err("WAL モードを設定できません")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))?;
    // Room for every statement an import repeats for each row (the default holds 16), so
    // none is compiled again for the next row.
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

impl Store {
    /// Opens (creating if needed) the office database at `path` and brings its schema up to
    /// date; one careplan cannot write opens read-only (`Access::Auto`).
    pub fn open(path: &Path, actor: Actor) -> Result<Store> {
        Store::open_with(path, actor, Access::Auto)
    }

    /// Opens the database at `path` as `access` says. Read-only: nothing is created, switched
    /// or migrated, and every `write` is refused with `ReadOnly`.
    pub fn open_with(path: &Path, actor: Actor, access: Access) -> Result<Store> {
        let read_only = |why| -> Result<Store> {
            Ok(Store {
                conn: read_only::connect(path, why)?,
                actor: actor.clone(),
                path: path.to_path_buf(),
                read_only: Some(why),
            })
        };
        if access == Access::ReadOnly {
            return read_only(read_only::Why::Asked);
        }
        create_private(path)?;
        if !read_only::file_writable(path) {
            return read_only(read_only::Why::NotWritable);
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .wrap_err_with(|| format!("データベースを開けません: {}", path.display()))?;
        // A writable file in a folder that refuses the WAL files is read, not written.
        match configure(&conn) {
            Err(e) if read_only::means_not_writable(&e) => {
                drop(conn);
                return read_only(read_only::Why::NotWritable);
            }
            r => r?,
        }
        migrations()
            .to_latest(&mut conn)
            .wrap_err("データベースの更新（マイグレーション）に失敗しました")?;
        tighten(path);
        Ok(Store {
            conn,
            actor,
            path: path.to_path_buf(),
            read_only: None,
        })
    }

    /// How another connection to this database (a worker thread's) is to be opened.
    pub fn access(&self) -> Access {
        match self.read_only {
            Some(read_only::Why::Asked) => Access::ReadOnly,
            _ => Access::Auto,
        }
    }

    /// Why this session cannot write (None: it can).
    pub fn read_only(&self) -> Option<ReadOnly> {
        self.read_only.map(ReadOnly)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Moves with every change to the office's records (migration 007's triggers), not with
    /// drafts or kept summaries.
    pub fn change_stamp(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT n FROM change_stamp WHERE id = 1", [], |r| r.get(0))?)
    }

    /// Changes whenever another connection commits: polled to refresh the screen.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Runs `f` in a short IMMEDIATE transaction (takes the write lock up front, so concurrent
    /// writers queue on busy_timeout rather than fail on upgrade). Commits only if `f` succeeds.
    pub fn write<T>(&mut self, f: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        self.write_unless(false, f)
    }

    /// `write`, or with `dry_run` the same work rolled back at the end: everything checked and
    /// counted as a real run would, nothing kept (the imports' and migrations' `--dry-run`).
    pub fn write_unless<T>(
        &mut self,
        dry_run: bool,
        f: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        if let Some(refused) = self.read_only() {
            return Err(refused.into());
        }
        let changes_before = self.conn.total_changes();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .wrap_err("データベースへの書き込みを開始できません（他の端末が書き込み中の可能性があります）")?;
        let w = Writer {
            tx,
            actor: &self.actor,
        };
        let out = f(&w)?;
        if dry_run {
            w.tx.rollback().wrap_err("試行の取り消しに失敗しました")?;
            return Ok(out);
        }
        let changed = w.tx.total_changes() != changes_before;
        w.tx.commit().wrap_err("保存を確定できませんでした")?;
        if changed {
            COMMITTED.store(true, std::sync::atomic::Ordering::SeqCst);
        }
        Ok(out)
    }

    /// SQLite's own integrity and foreign-key checks; returns the problems found (empty = sound).
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        for r in st.query_map([], |r| r.get::<_, String>(0))? {
            let r = r?;
            if r != "ok" {
                out.push(r);
            }
        }
        let mut st = self.conn.prepare("PRAGMA foreign_key_check")?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (table, row) = r?;
            out.push(format!("{table} の行 {row} が存在しない行を参照しています"));
        }
        let pending = migrations().pending_migrations(&self.conn)?;
        if pending > 0 {
            out.push(format!("未適用のマイグレーションが {pending} 件あります"));
        }
        Ok(out)
    }

    /// What would show the records were altered behind careplan's back: a broken link in the
    /// audit chain, a protective trigger missing or not as shipped, ledger rows the audit trail
    /// does not account for (or audited ones that are gone).
    pub fn trail_problems(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        if let Some(broken) = audit::broken_link(&self.conn)? {
            out.push(broken);
        }
        // The triggers as shipped: those of a fresh database with the same migrations.
        let mut fresh = Connection::open_in_memory()?;
        migrations()
            .to_latest(&mut fresh)
            .wrap_err("検査用のデータベースを作れません")?;
        let triggers = |c: &Connection| -> Result<Vec<(String, String)>> {
            let mut st = c.prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
            )?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        let ours = triggers(&self.conn)?;
        for (name, sql) in triggers(&fresh)? {
            match ours.iter().find(|(n, _)| *n == name) {
                None => out.push(format!("保護のトリガー {name} がありません")),
                Some((_, s)) if *s != sql => {
                    out.push(format!("保護のトリガー {name} が出荷時と違います"))
                }
                _ => {}
            }
        }
        // Every ledger row was recorded through careplan, which audits the ids it adds.
        let mut audited = std::collections::BTreeSet::new();
        let mut st = self.conn.prepare(
            "SELECT after FROM audit_log WHERE entity = 'delivery' AND action = 'record'",
        )?;
        for after in st.query_map([], |r| r.get::<_, Option<String>>(0))? {
            let ids = after?
                .and_then(|a| serde_json::from_str::<serde_json::Value>(&a).ok())
                .and_then(|v| v["ids"].as_array().cloned())
                .unwrap_or_default();
            audited.extend(ids.iter().filter_map(serde_json::Value::as_i64));
        }
        let mut st = self
            .conn
            .prepare("SELECT id FROM delivery_events ORDER BY id")?;
        let ledger: std::collections::BTreeSet<i64> =
            st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        if let Some(id) = ledger.difference(&audited).next() {
            out.push(format!(
                "送付記録 id {id} は監査記録にありません（careplan を通さずに追加されています）"
            ));
        }
        if let Some(id) = audited.difference(&ledger).next() {
            out.push(format!(
                "監査記録にある送付記録 id {id} がありません（削除されています）"
            ));
        }
        Ok(out)
    }
}

/// An open write transaction plus who is writing, for audit rows.
pub struct Writer<'a> {
    pub tx: Transaction<'a>,
    actor: &'a Actor,
}

impl Writer<'_> {
    /// Who is writing, as the delivery ledger's `recorded_by` shows it.
    pub fn actor_label(&self) -> String {
        match &self.actor.ssh_client {
            Some(addr) => format!("{} ({addr})", self.actor.os_user),
            None => self.actor.os_user.clone(),
        }
    }

    pub fn audit(
        &self,
        entity: &str,
        entity_id: Option<i64>,
        action: &str,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
    ) -> Result<()> {
        audit::record(
            &self.tx, self.actor, entity, entity_id, action, before, after,
        )
    }
}

impl Writer<'_> {
    /// Executes `sql` through the connection's statement cache: a statement an import repeats
    /// for each of its rows is compiled once, not once a row.
    pub fn execute_cached(&self, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
        Ok(self.tx.prepare_cached(sql)?.execute(params)?)
    }
}

impl Writer<'_> {
    /// Moves row `id` of `table` from `version` to the next, or reports that another session
    /// already did (nothing is written then). Every edit of a versioned row starts here.
    pub fn claim_version(
        &self,
        table: &str,
        entity: &'static str,
        id: i64,
        version: i64,
    ) -> Result<()> {
        let n = self.execute_cached(
            &format!("UPDATE {table} SET version = version + 1 WHERE id = ?1 AND version = ?2"),
            rusqlite::params![id, version],
        )?;
        if n == 0 {
            return Err(Conflict { entity }.into());
        }
        Ok(())
    }
}

/// A correction or withdrawal needs its reason (who and when are in the audit trail).
/// `what`: the record (認定…); `action`: 取り消し or 訂正.
pub(crate) fn reason_required(reason: &str, what: &str, action: &str) -> Result<String> {
    let r = clean(reason);
    if r.is_empty() {
        return Err(Refused(format!(
            "{what}の{action}には理由が必要です（例: 二重に登録した、日付を取り違えた）。理由を入力してください"
        ))
        .into());
    }
    Ok(r)
}

impl Writer<'_> {
    /// Refuses with a `Conflict` when row `id` of `table` is no longer at `version` (another
    /// session corrected or withdrew it since it was read); writes nothing. For rows whose
    /// correction functions move the version themselves.
    pub fn expect_version(
        &self,
        table: &str,
        entity: &'static str,
        id: i64,
        version: i64,
    ) -> Result<()> {
        let now: Option<i64> = self
            .tx
            .query_row(
                &format!("SELECT version FROM {table} WHERE id = ?1 AND withdrawn_at IS NULL"),
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if now != Some(version) {
            return Err(Conflict { entity }.into());
        }
        Ok(())
    }
}

impl Writer<'_> {
    /// Marks row `id` of `table` withdrawn with its reason — the row stays, only marked — and
    /// audits it with the row as it was. Every withdrawal of a correctable record ends here.
    pub fn withdraw_row(
        &self,
        table: &str,
        entity: &str,
        id: i64,
        reason: &str,
        before: &impl serde::Serialize,
    ) -> Result<()> {
        self.tx.execute(
            &format!(
                "UPDATE {table} SET withdrawn_at = ?2, withdrawn_reason = ?3, version = version + 1
                 WHERE id = ?1"
            ),
            rusqlite::params![id, now_utc(), reason],
        )?;
        self.audit(
            entity,
            Some(id),
            "withdraw",
            Some(&serde_json::to_value(before)?),
            Some(&serde_json::json!({"withdrawn": true, "reason": reason})),
        )
    }
}

/// The current instant as stored (UTC, seconds).
pub fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Text is stored NFC-normalised and trimmed.
pub fn clean(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.trim().nfc().collect()
}

/// What an import of office rows (calendar dates, case-record categories) did: rows of new
/// keys, and rows that replaced an earlier import or a built-in row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub replaced: usize,
}

impl Writer<'_> {
    /// Counts one imported row (`before`: the row it replaced, if any) and audits it with
    /// before and after. Every office-override import ends its row here.
    pub fn imported_row<T: serde::Serialize>(
        &self,
        done: &mut Imported,
        entity: &str,
        id: i64,
        before: Option<&T>,
        after: &T,
    ) -> Result<()> {
        match before {
            Some(_) => done.replaced += 1,
            None => done.added += 1,
        }
        self.audit(
            entity,
            Some(id),
            "import",
            before.map(serde_json::to_value).transpose()?.as_ref(),
            Some(&serde_json::to_value(after)?),
        )
    }
}

//! A backup as one in-memory SQLite image: the online copy, checked, with what it held at
//! backup time (row counts, schema, the audit chain's last link) in a small table inside it.
//! The image never goes through a file of its own: it is written as is or encrypted
//! (`crate::backup_crypt`), and read back into memory to be verified or restored.

use super::{Actor, Store, migrations};
use color_eyre::eyre::{Result, WrapErr, eyre};
use rusqlite::{Connection, MAIN_DB, OptionalExtension};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// The table inside a backup that records what it held; dropped again by a restore.
const MANIFEST: &str = "careplan_backup";

/// What a backup held when it was made.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Manifest {
    pub created_at: String,
    pub careplan_version: String,
    pub schema_version: i64,
    /// Rows of every table (the manifest's own excepted).
    pub counts: BTreeMap<String, i64>,
    /// The hash of the last audit row: the chain the backup ends with.
    pub audit_head: String,
    /// SHA-256 of every row of every table: a plain backup changed in any value is refused
    /// (an encrypted one is authenticated by the encryption too).
    pub content: String,
}

impl Manifest {
    /// "利用者 23、事業所 12、…" for the people who check a backup.
    pub fn summary(&self) -> String {
        let shown = [
            ("clients", "利用者"),
            ("providers", "事業所"),
            ("staff", "職員"),
            ("audit_log", "監査記録"),
        ];
        shown
            .iter()
            .map(|(t, label)| format!("{label} {}", self.counts.get(*t).copied().unwrap_or(0)))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// The schema version this careplan brings a database to.
pub fn latest_schema() -> Result<i64> {
    let mut fresh = Connection::open_in_memory()?;
    migrations()
        .to_latest(&mut fresh)
        .wrap_err("検査用のデータベースを作れません")?;
    Ok(fresh.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn tables(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND name <> ?1 ORDER BY name",
    )?;
    let names = st.query_map([MANIFEST], |r| r.get(0))?;
    Ok(names.collect::<Result<_, _>>()?)
}

fn counts(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    let mut out = BTreeMap::new();
    for t in tables(conn)? {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))?;
        out.insert(t, n);
    }
    Ok(out)
}

/// SHA-256 over every table's name and its rows (each row hashed, the row hashes sorted, so
/// the order SQLite returns them in does not matter).
fn content_digest(conn: &Connection) -> Result<String> {
    use rusqlite::types::ValueRef;
    use sha2::{Digest, Sha256};
    let mut all = Sha256::new();
    for t in tables(conn)? {
        let mut st = conn.prepare(&format!("SELECT * FROM \"{t}\""))?;
        let n = st.column_count();
        let mut rows: Vec<[u8; 32]> = Vec::new();
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let mut h = Sha256::new();
            for i in 0..n {
                // A tag per type, and the length before variable content: no two rows hash alike.
                match r.get_ref(i)? {
                    ValueRef::Null => h.update([0u8]),
                    ValueRef::Integer(v) => {
                        h.update([1u8]);
                        h.update(v.to_le_bytes());
                    }
                    ValueRef::Real(v) => {
                        h.update([2u8]);
                        h.update(v.to_le_bytes());
                    }
                    ValueRef::Text(b) | ValueRef::Blob(b) => {
                        h.update([3u8]);
                        h.update((b.len() as u64).to_le_bytes());
                        h.update(b);
                    }
                }
            }
            rows.push(h.finalize().into());
        }
        rows.sort_unstable();
        all.update((t.len() as u64).to_le_bytes());
        all.update(t.as_bytes());
        all.update((rows.len() as u64).to_le_bytes());
        for r in rows {
            all.update(r);
        }
    }
    Ok(format!("{:x}", all.finalize()))
}

fn audit_head(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .unwrap_or_default())
}

/// SQLite's header says WAL (bytes 18 and 19 = 2) in a copy of a WAL database; an image in
/// memory cannot be WAL, and SQLite refuses to open one that says so. The copy says
/// rollback journal (1); careplan turns WAL on again when it opens the restored file.
fn rollback_header(image: &mut [u8]) {
    if image.len() > 19 && image.starts_with(b"SQLite format 3\0") {
        image[18] = 1;
        image[19] = 1;
    }
}

impl Store {
    /// The online backup as an image in memory, checked (SQLite's integrity, the audit chain,
    /// the triggers) and carrying its manifest. Others keep working meanwhile.
    pub fn backup_image(&self) -> Result<(Vec<u8>, Manifest)> {
        let mut copy = Connection::open_in_memory()?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)?;
            backup
                .run_to_completion(256, std::time::Duration::from_millis(5), None)
                .wrap_err("バックアップのコピー中にエラーが発生しました")?;
        }
        let copy = Store {
            conn: copy,
            actor: self.actor.clone(),
            path: self.path.clone(),
            read_only: None,
        };
        let mut problems = copy.integrity_problems()?;
        problems.extend(copy.trail_problems()?);
        if !problems.is_empty() {
            return Err(eyre!(
                "バックアップを作れません。コピーの検査で問題が見つかりました（careplan check で確かめてください）: {}",
                problems.join(" / ")
            ));
        }
        let manifest = Manifest {
            created_at: super::now_utc(),
            careplan_version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: copy
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?,
            counts: counts(&copy.conn)?,
            audit_head: audit_head(&copy.conn)?,
            content: content_digest(&copy.conn)?,
        };
        copy.conn.execute_batch(&format!(
            "CREATE TABLE {MANIFEST} (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
        ))?;
        for (key, value) in [
            ("created_at", manifest.created_at.clone()),
            ("careplan_version", manifest.careplan_version.clone()),
            ("schema_version", manifest.schema_version.to_string()),
            ("counts", serde_json::to_string(&manifest.counts)?),
            ("audit_head", manifest.audit_head.clone()),
            ("content", manifest.content.clone()),
        ] {
            copy.conn.execute(
                &format!("INSERT INTO {MANIFEST} (key, value) VALUES (?1, ?2)"),
                [key, &value],
            )?;
        }
        let mut image = copy.conn.serialize(MAIN_DB)?.to_vec();
        rollback_header(&mut image);
        Ok((image, manifest))
    }
}

impl Store {
    /// The plain online backup at `dest` (owner-only), checked before it takes the final name:
    /// an interrupted or failed backup never stands under it. Replaces a file only with `force`.
    pub fn backup_to(&self, dest: &Path, force: bool) -> Result<Manifest> {
        let (image, manifest) = self.backup_image()?;
        super::write_private(dest, &image, force)?;
        Ok(manifest)
    }
}

/// A backup read back into memory and found sound: ready to be written out.
pub struct Verified {
    conn: Connection,
    pub manifest: Option<Manifest>,
}

fn read_manifest(conn: &Connection) -> Result<Option<Manifest>> {
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [MANIFEST],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(None);
    }
    let get = |key: &str| -> Result<String> {
        conn.query_row(
            &format!("SELECT value FROM {MANIFEST} WHERE key = ?1"),
            [key],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| {
            eyre!(
                "バックアップの記録（{MANIFEST}）に {key} がありません。ファイルが改変されています"
            )
        })
    };
    Ok(Some(Manifest {
        created_at: get("created_at")?,
        careplan_version: get("careplan_version")?,
        schema_version: get("schema_version")?
            .parse()
            .wrap_err("バックアップの記録の schema_version が数ではありません")?,
        counts: serde_json::from_str(&get("counts")?)
            .wrap_err("バックアップの記録の行数が読めません")?,
        audit_head: get("audit_head")?,
        content: get("content")?,
    }))
}

/// Reads a backup image (plain SQLite bytes, already decrypted) and checks it: a database at
/// all, a schema this careplan knows, SQLite's integrity, the row counts recorded at backup
/// time, the audit chain. Each refusal names its cause.
pub fn verify_image(mut image: Vec<u8>) -> Result<Verified> {
    if !image.starts_with(b"SQLite format 3\0") {
        return Err(eyre!(
            "careplan のバックアップではありません（SQLite のデータベースでも age の暗号化ファイルでもありません）"
        ));
    }
    rollback_header(&mut image);
    let mut conn = Connection::open_in_memory()?;
    let len = image.len();
    conn.deserialize_read_exact(MAIN_DB, image.as_slice(), len, false)
        .wrap_err("バックアップをデータベースとして開けません（壊れています）")?;
    let broken = |e: rusqlite::Error| {
        eyre!("バックアップが壊れています（途中で切れているか、改変されています）: {e}")
    };
    let schema: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(broken)?;
    let latest = latest_schema()?;
    if schema > latest {
        return Err(eyre!(
            "このバックアップは新しい careplan で作られています（スキーマ {schema}、この careplan は {latest} まで）。careplan を新しい版に更新してから復元してください"
        ));
    }
    let integrity: Vec<String> = {
        let mut st = conn.prepare("PRAGMA integrity_check").map_err(broken)?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(broken)?;
        rows.collect::<Result<_, _>>().map_err(broken)?
    };
    if integrity != ["ok"] {
        return Err(eyre!(
            "バックアップが壊れています（途中で切れているか、改変されています）: {}",
            integrity.join(" / ")
        ));
    }
    let manifest = read_manifest(&conn)?;
    if let Some(m) = &manifest {
        if m.schema_version != schema {
            return Err(eyre!(
                "バックアップの記録ではスキーマ {}、中身は {schema} です。ファイルが改変されています",
                m.schema_version
            ));
        }
        let now = counts(&conn)?;
        for (table, n) in &m.counts {
            let found = now.get(table).copied();
            if found != Some(*n) {
                return Err(eyre!(
                    "バックアップの {table} の行数が作成時と違います（作成時 {n}、いま {}）。ファイルが改変されています",
                    found.map_or("表なし".to_string(), |f| f.to_string())
                ));
            }
        }
        if audit_head(&conn)? != m.audit_head {
            return Err(eyre!(
                "バックアップの監査記録の最後が作成時と違います。ファイルが改変されています"
            ));
        }
        if content_digest(&conn)? != m.content {
            return Err(eyre!(
                "バックアップの中身が作成時と違います（どこかの値が書き換えられています）。ファイルが改変されています"
            ));
        }
    }
    // An older backup is brought to this schema, as opening it would; then the trail checks
    // of `careplan check` apply as they are.
    migrations()
        .to_latest(&mut conn)
        .wrap_err("バックアップを今のスキーマに更新できません")?;
    let store = Store {
        conn,
        actor: Actor {
            os_user: String::new(),
            ssh_client: None,
        },
        path: std::path::PathBuf::new(),
        read_only: None,
    };
    let mut problems = store.trail_problems()?;
    problems.extend(
        store
            .integrity_problems()?
            .into_iter()
            .filter(|p| !p.contains("マイグレーション")),
    );
    if !problems.is_empty() {
        return Err(eyre!(
            "バックアップの監査記録に問題があります（改変されています）: {}",
            problems.join(" / ")
        ));
    }
    Ok(Verified {
        conn: store.conn,
        manifest,
    })
}

impl Verified {
    /// The database as restored: the backup without its manifest, as a plain file's bytes.
    pub fn database_bytes(&self) -> Result<Vec<u8>> {
        let mut restored = Connection::open_in_memory()?;
        {
            let b = rusqlite::backup::Backup::new(&self.conn, &mut restored)?;
            b.run_to_completion(1024, std::time::Duration::ZERO, None)?;
        }
        restored.execute_batch(&format!("DROP TABLE IF EXISTS {MANIFEST}; VACUUM;"))?;
        let mut bytes = restored.serialize(MAIN_DB)?.to_vec();
        rollback_header(&mut bytes);
        Ok(bytes)
    }
}

/// Writes the restored database to `out`, saying plainly when the disk is full. The caller
/// writes into a temporary file that only takes the final name once this succeeded.
pub fn write_database(bytes: &[u8], mut out: impl Write, target: &Path) -> Result<()> {
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::StorageFull {
                eyre!(
                    "ディスクの空きが足りないため復元できません（{} バイト必要）: {}。空きを作るか別の場所を --out に指定してください",
                    bytes.len(),
                    target.display()
                )
            } else {
                eyre!("復元したデータベースを書き出せません: {}: {e}", target.display())
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_named_as_such() {
        // /dev/full answers every write with ENOSPC, as a full disk does.
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let e = write_database(&[0u8; 8192], full, Path::new("new.db")).unwrap_err();
        assert!(e.to_string().contains("ディスクの空きが足りない"), "{e}");
    }

    #[test]
    fn something_else_is_not_a_backup() {
        let Err(e) = verify_image(b"hello".to_vec()) else {
            panic!("read as a backup")
        };
        let e = e.to_string();
        assert!(e.contains("バックアップではありません"), "{e}");
    }
}

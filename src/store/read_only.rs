//! Opening a database careplan may read but not write: an inspection copy, a backup on
//! read-only media, a file owned by the office account, or `--read-only`. Such a session reads
//! everything and writes nothing: no WAL switch, no migration, `query_only` on the connection,
//! and every write refused up front with `ReadOnly` (`Store::write`).

use color_eyre::eyre::{Result, WrapErr, eyre};
use rusqlite::{Connection, OpenFlags};
use std::fmt;
use std::path::Path;

/// Why a session cannot write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// `--read-only` was given.
    Asked,
    /// The file or its folder cannot be written (permissions, a read-only mount).
    NotWritable,
}

impl Why {
    /// Why, and how to write after all, as the refusal says it.
    fn explain(self) -> &'static str {
        match self {
            Why::Asked => {
                "--read-only を付けて開いています。変更するときは --read-only を付けずに実行してください"
            }
            Why::NotWritable => {
                "データベースのファイルかフォルダに書き込む権限がないか、読み取り専用の場所にあります。変更するときは、書き込める権限・場所のデータベースで実行してください"
            }
        }
    }
}

/// A change refused because the session is read-only; nothing was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOnly(pub Why);

impl fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "読み取り専用で開いているため、変更できません（何も変更していません）。{}",
            self.0.explain()
        )
    }
}
impl std::error::Error for ReadOnly {}

/// Whether the file itself can be opened for writing (opening changes nothing): false for a
/// file without write permission for us or on a read-only mount.
pub fn file_writable(path: &Path) -> bool {
    std::fs::OpenOptions::new().write(true).open(path).is_ok()
}

/// A second, read-only connection to the database `conn` reads, for work that can run beside
/// it on another thread; None when there is none to open (an in-memory database, a failure):
/// the caller then reads through `conn`.
pub fn reader_beside(conn: &Connection) -> Option<Connection> {
    let path = conn.path().filter(|p| !p.is_empty())?;
    let beside = connect(Path::new(path), Why::Asked).ok()?;
    // It reads a span once, in order: a small page cache serves that as well as the default
    // 2 MiB, which would stay resident beside the main connection's.
    beside.pragma_update(None, "cache_size", -256).ok()?;
    Some(beside)
}

/// Whether an error of opening a connection read-write means the database cannot be written
/// here (its folder refuses the WAL files, or the file turned out read-only), rather than a
/// real fault.
pub fn means_not_writable(e: &color_eyre::eyre::Report) -> bool {
    use rusqlite::ErrorCode as Code;
    e.chain().any(|c| {
        matches!(
            c.downcast_ref::<rusqlite::Error>()
                .and_then(rusqlite::Error::sqlite_error_code),
            Some(Code::ReadOnly | Code::CannotOpen | Code::PermissionDenied)
        )
    })
}

/// A read-only connection to `path`. A WAL database in a folder careplan cannot write has no
/// room for the shared-memory file SQLite reads it through: it is then opened as immutable
/// (nobody can be changing a file in a folder nobody may write, short of its owner).
pub fn connect(path: &Path, why: Why) -> Result<Connection> {
    if !path.exists() {
        return Err(eyre!(
            "データベース {} がありません。パスを確かめてください（読み取り専用では新しく作りません）",
            path.display()
        ));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let readable = |c: Connection| -> rusqlite::Result<Connection> {
        c.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })?;
        Ok(c)
    };
    let conn = Connection::open_with_flags(path, flags)
        .and_then(readable)
        .or_else(|first| {
            Connection::open_with_flags(
                format!("file:{}?immutable=1", uri_path(path)),
                flags | OpenFlags::SQLITE_OPEN_URI,
            )
            .and_then(readable)
            .map_err(|_| first)
        })
        .wrap_err_with(|| {
            format!(
                "データベースを読み取り専用で開けません: {}（{}）",
                path.display(),
                Why::explain(why)
            )
        })?;
    conn.pragma_update(None, "query_only", "ON")?;
    conn.busy_timeout(std::time::Duration::from_millis(super::BUSY_TIMEOUT_MS))?;
    conn.set_prepared_statement_cache_capacity(64);
    // Migrations that only reshape indexes change nothing a reader sees (only its speed).
    let pending = super::migrations().pending_migrations(&conn)?;
    if pending > super::NEWEST_INDEX_ONLY {
        return Err(eyre!(
            "データベース {} は古い形式で、更新（マイグレーション {pending} 件）が必要ですが、読み取り専用で開いているため更新できません。一度書き込める状態で開くと更新されます（--read-only を付けず、書き込める権限・場所で: careplan check --db <ファイル>）",
            path.display()
        ));
    }
    Ok(conn)
}

/// `path` as the path part of an SQLite URI: `%`, `?` and `#` (which would end the path or
/// start an escape) percent-encoded; everything else is taken as it is.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for ch in path.to_string_lossy().chars() {
        match ch {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn uri_paths_escape_what_would_end_the_path() {
        assert_eq!(
            super::uri_path(std::path::Path::new("/a/b 100%?#.db")),
            "/a/b 100%25%3f%23.db"
        );
    }
}

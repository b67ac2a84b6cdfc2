//! What a panic leaves behind: the details (message, place, backtrace) in a file of its own
//! under the state folder, owner-only, and one line on stderr saying where — never a
//! backtrace on the screen, where it means nothing to the office and may scroll away.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The folder for crash reports: the platform's state folder (`$XDG_STATE_HOME/careplan` on
/// Linux), else the local data folder.
pub fn folder() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "careplan")?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .join("crash"),
    )
}

/// Replaces the panic hook (call first in `main`; the TUI's hook restores the terminal and then
/// calls this one).
pub fn install() {
    install_in(folder());
}

/// `install` with the reports kept in `folder` (None: no home folder is known).
pub fn install_in(folder: Option<PathBuf>) {
    std::panic::set_hook(Box::new(move |info| {
        let details = format!(
            "careplan {}\nthread: {}\n{info}\n\nbacktrace:\n{}",
            env!("CARGO_PKG_VERSION"),
            std::thread::current().name().unwrap_or("?"),
            std::backtrace::Backtrace::force_capture()
        );
        let written = folder
            .as_deref()
            .ok_or_else(|| std::io::Error::other("ホームディレクトリが分かりません"))
            .and_then(|dir| write(dir, &details));
        crate::present::output::complain(&line(&written));
    }));
}

/// The one line shown for a panic: where the details are, or why they could not be kept.
pub fn line(written: &std::io::Result<PathBuf>) -> String {
    match written {
        Ok(path) => format!(
            "careplan が内部の誤りで止まりました。詳細を {} に書き出しました（不具合の報告に添えてください）",
            path.display()
        ),
        Err(e) => format!("careplan が内部の誤りで止まりました（詳細を書き出せませんでした: {e}）"),
    }
}

/// Writes `details` to a new owner-only file (folder 0700) in `dir`, named by the time and the
/// process so that two reports never overwrite each other.
pub fn write(dir: &Path, details: &str) -> std::io::Result<PathBuf> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let stem = format!(
        "crash-{}-{}",
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ"),
        std::process::id()
    );
    let mut n = 0;
    let (path, mut f) = loop {
        let path = match n {
            0 => dir.join(format!("{stem}.txt")),
            n => dir.join(format!("{stem}-{n}.txt")),
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
        {
            Ok(f) => break (path, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    };
    f.write_all(details.as_bytes())?;
    f.sync_all()?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_report_is_written_owner_only_and_the_line_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("state/careplan/crash");
        let written = super::write(&folder, "thread: main\npanicked at src/x.rs:1:1");
        let path = written.as_ref().unwrap();
        assert_eq!(
            std::fs::read_to_string(path).unwrap(),
            "thread: main\npanicked at src/x.rs:1:1"
        );
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(path), 0o600);
        assert_eq!(mode(&folder), 0o700);
        let line = super::line(&written);
        assert!(line.contains(&path.display().to_string()), "{line}");
        assert!(!line.contains('\n'), "one line: {line}");
        // A second report beside the first never replaces it.
        let second = super::write(&folder, "again").unwrap();
        assert_ne!(&second, path);
    }
}

//! Files inside a `.zip` (what a browser download of the exchange's WEB service may be): each
//! entry is one file, read as if it lay in a folder. The archive is opened read-only and never
//! changed. An archive too large or too full (a "zip bomb") is refused, and so is an entry that
//! names an absolute path or climbs out with `..`.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use zip::ZipArchive;

/// The most entries one archive may hold.
pub const MAX_ENTRIES: usize = 10_000;
/// The largest entry read (uncompressed); the largest real exchange file is far smaller.
pub const MAX_ENTRY_BYTES: u64 = 50 * 1024 * 1024;
/// The most bytes all the entries of one archive may hold together (uncompressed).
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;

/// Whether a path names a zip archive (by its extension, in any case).
pub fn is_zip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("zip"))
}

/// How an entry is named to the user and in the ledger: `archive.zip!/folder/NAME.CSV`.
pub fn shown(archive: &Path, entry: &str) -> String {
    let a = archive
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{a}!/{entry}")
}

/// The last part of an entry's path (its file name), `/` or `\` separating folders.
pub fn base_name(entry: &str) -> &str {
    entry.rsplit(['/', '\\']).next().unwrap_or(entry)
}

/// What an archive's listing found, entry by entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    /// A `.csv` entry to read: its index in the archive and its name.
    File { index: usize, name: String },
    /// Not read, and why (not a file of the exchange).
    Skipped { name: String, reason: String },
    /// Refused, and why (it cannot be read safely): a rejected file of the import.
    Refused { name: String, reason: String },
}

/// Whether an entry's name could write or read outside the archive's own tree.
fn unsafe_name(name: &str) -> bool {
    let drive = name.as_bytes().get(1) == Some(&b':');
    name.starts_with(['/', '\\'])
        || drive
        || name.contains('\0')
        || name.split(['/', '\\']).any(|part| part == "..")
}

fn corrupt(e: impl std::fmt::Display) -> String {
    format!(
        "ZIP ファイルとして読めません（壊れているか、ダウンロードが途中で終わっています）: {e}。ダウンロードし直してください"
    )
}

/// Opens an archive read-only.
pub fn open(path: &Path) -> Result<ZipArchive<File>, String> {
    let file = File::open(path).map_err(|e| format!("開けません: {e}"))?;
    ZipArchive::new(file).map_err(corrupt)
}

/// The entries of an archive, without reading their contents. An error refuses the whole
/// archive (it does not open as a zip, or it is too full or too large to be an export of
/// exchange files).
pub fn list(path: &Path) -> Result<Vec<Listed>, String> {
    let mut zip = open(path)?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "{} 個のファイルが入っています（上限 {MAX_ENTRIES}）。連携ファイルの ZIP ではないため読みません。連携ファイルだけを ZIP にするか、展開してフォルダとして読んでください",
            zip.len()
        ));
    }
    let mut out = Vec::new();
    let mut total: u64 = 0;
    for index in 0..zip.len() {
        let entry = zip.by_index_raw(index).map_err(corrupt)?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if entry.is_dir() {
            continue;
        }
        if unsafe_name(&name) {
            out.push(Listed::Refused {
                name,
                reason: "ZIP の中の名前が絶対パスか「..」を含みます。安全でないため読みません。送ってきた相手に作り直してもらってください".into(),
            });
            continue;
        }
        if !base_name(&name).to_ascii_lowercase().ends_with(".csv") {
            out.push(Listed::Skipped {
                name,
                reason: "連携ファイル（.CSV）ではありません。読み飛ばしました".into(),
            });
            continue;
        }
        if entry.size() > MAX_ENTRY_BYTES {
            out.push(Listed::Refused {
                name,
                reason: format!(
                    "展開すると {} バイトになります（上限 {MAX_ENTRY_BYTES}）。連携ファイルとしては大きすぎるため読みません",
                    entry.size()
                ),
            });
            continue;
        }
        total = total.saturating_add(entry.size());
        if total > MAX_TOTAL_BYTES {
            return Err(format!(
                "展開すると合計 {MAX_TOTAL_BYTES} バイトを超えます。連携ファイルの ZIP ではないため読みません"
            ));
        }
        out.push(Listed::File { index, name });
    }
    Ok(out)
}

/// Reads one entry whole, checking it against what the listing saw: the same name, at most
/// its stated size (and never over `MAX_ENTRY_BYTES`), and the checksum the archive records.
fn read_entry(zip: &mut ZipArchive<File>, index: usize, name: &str) -> Result<Vec<u8>, String> {
    let raw = zip.by_index_raw(index).map_err(corrupt)?;
    if raw.name_raw() != name.as_bytes() {
        return Err("読んでいる間に ZIP ファイルが変わりました。もう一度取り込んでください".into());
    }
    if raw.encrypted() {
        return Err("パスワード付きの ZIP です。展開してから読んでください".into());
    }
    drop(raw);
    let entry = zip.by_index(index).map_err(corrupt)?;
    let stated = entry.size();
    let mut bytes = Vec::new();
    // One byte more than allowed tells an entry that holds more than it says.
    entry
        .take(stated.min(MAX_ENTRY_BYTES) + 1)
        .read_to_end(&mut bytes)
        .map_err(corrupt)?;
    if bytes.len() as u64 != stated {
        return Err(corrupt("中身の大きさが ZIP の記録と合いません"));
    }
    Ok(bytes)
}

/// The archive last read from, kept open: the entries of one archive are read one after the
/// other, so that its directory is read once rather than once per entry.
#[derive(Default)]
pub struct Cache {
    open: Option<(std::path::PathBuf, ZipArchive<File>)>,
}

impl Cache {
    /// Reads entry `index` (named `name`) of the archive at `archive`.
    pub fn read(&mut self, archive: &Path, index: usize, name: &str) -> Result<Vec<u8>, String> {
        if !matches!(&self.open, Some((p, _)) if p == archive) {
            self.open = Some((archive.to_path_buf(), open(archive)?));
        }
        match &mut self.open {
            Some((_, zip)) => read_entry(zip, index, name),
            None => Err(corrupt("")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_with(names: &[String]) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        let mut z = zip::ZipWriter::new(file.reopen().unwrap());
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for n in names {
            z.start_file(n.as_str(), opts).unwrap();
            z.write_all(b"x").unwrap();
        }
        z.finish().unwrap();
        file
    }

    #[test]
    fn an_archive_with_too_many_entries_is_refused_whole() {
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("{i}.csv")).collect();
        let e = list(zip_with(&names).path()).unwrap_err();
        assert!(e.contains("上限 10000"), "{e}");
        let fine = list(zip_with(&names[..3]).path()).unwrap();
        assert_eq!(fine.len(), 3);
    }

    #[test]
    fn names_that_leave_the_archive_are_unsafe() {
        for n in [
            "../a.csv",
            "a/../../b.csv",
            "/etc/a.csv",
            "\\a.csv",
            "C:a.csv",
            "a\\..\\b.csv",
        ] {
            assert!(unsafe_name(n), "{n}");
        }
        for n in ["a.csv", "2026-12/recv/a.csv", "a..b.csv"] {
            assert!(!unsafe_name(n), "{n}");
        }
        assert_eq!(base_name("2026-12\\recv/UPJSK_x.csv"), "UPJSK_x.csv");
    }
}

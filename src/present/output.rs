//! Everything the CLI prints goes through here: lists as an aligned table, JSON or CSV,
//! lines of text, messages on stderr. A reader that goes away (`| head`) ends the command
//! quietly: the write fails with `ReaderGone`, which `main` turns into exit 0 without a word.

use crate::cli::Format;
use crate::domain::Lang;
use crate::present::text;
use color_eyre::eyre::{Report, Result};
use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;

/// Sets the language of what the commands print, once when a command starts (the run's
/// language, `Lang::session`: the store's refusals and the parsers' messages follow it too);
/// data (names, addresses, notes) is printed as it was typed.
pub fn set_language(lang: Lang) {
    Lang::set_session(lang);
}

/// The language of what the commands print: Japanese unless the config says `en`.
pub fn lang() -> Lang {
    Lang::session()
}

/// One text of a command in the language it speaks: the Japanese and English side by side at
/// the call site, as the terminal app's texts are (`Lang::pick`).
pub fn tr<'a>(ja: &'a str, en: &'a str) -> &'a str {
    lang().pick(ja, en)
}

/// Standard output was closed by its reader (a pipe into `head`): not a failure of the
/// command, so it ends with exit 0 and no message.
#[derive(Debug)]
pub struct ReaderGone;

impl std::fmt::Display for ReaderGone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(tr(
            "出力の読み手が閉じました",
            "the reader of the output went away",
        ))
    }
}
impl std::error::Error for ReaderGone {}

/// An error of writing to standard output, with a closed pipe made `ReaderGone`.
fn written(r: std::io::Result<()>) -> Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ReaderGone.into()),
        r => Ok(r?),
    }
}

/// Whether `e` is (or was caused by) the reader of standard output going away: also a
/// closed pipe met by a writer outside this module (JSON or CSV writers wrap the I/O error).
pub fn reader_gone(e: &Report) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.is::<ReaderGone>()
            || c.downcast_ref::<std::io::Error>().map(std::io::Error::kind) == Some(BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(BrokenPipe)
            || matches!(
                c.downcast_ref::<csv::Error>().map(csv::Error::kind),
                Some(csv::ErrorKind::Io(io)) if io.kind() == BrokenPipe
            )
    })
}

/// Prints one formatted line on standard output, as `println!` would, but through the output
/// layer: `say!("{n} 件")?`. Fails with `ReaderGone` when the reader has gone.
#[macro_export]
macro_rules! say {
    () => {
        $crate::present::output::line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::present::output::line(format_args!($($arg)*))
    };
}

/// `say!` with the Japanese and the English form side by side: the one the command speaks is
/// printed (`lang()`). Both take the same arguments, in any order (`{0}`, `{name}`).
#[macro_export]
macro_rules! say_tr {
    ($ja:literal, $en:literal $(, $($arg:tt)*)?) => {
        match $crate::present::output::lang() {
            $crate::domain::Lang::Ja => $crate::say!($ja $(, $($arg)*)?),
            $crate::domain::Lang::En => $crate::say!($en $(, $($arg)*)?),
        }
    };
}

/// `format!` with the Japanese and the English form side by side (as `say_tr!`), in the run's
/// language: usable in every layer (a refusal of the store, an error of a parser).
#[macro_export]
macro_rules! format_tr {
    ($ja:literal, $en:literal $(, $($arg:tt)*)?) => {
        match $crate::domain::Lang::session() {
            $crate::domain::Lang::Ja => format!($ja $(, $($arg)*)?),
            $crate::domain::Lang::En => format!($en $(, $($arg)*)?),
        }
    };
}

/// One line on standard output (what `say!` calls).
pub fn line(text: std::fmt::Arguments<'_>) -> Result<()> {
    written(writeln!(std::io::stdout().lock(), "{text}"))
}

/// Bytes on standard output as they are (a rendered document, a file's text).
pub fn write_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    written(out.write_all(bytes).and_then(|()| out.flush()))
}

/// A buffered writer on standard output for commands that write a long text piece by piece;
/// its errors reach `main` like any other (a closed pipe is recognised there: `reader_gone`).
pub fn stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock())
}

/// Whether standard output is a terminal (a table is cut to fit only there).
pub fn stdout_is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
}

/// Whether standard error is a terminal (progress is shown only there).
pub fn stderr_is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
}

/// Progress text on stderr without a line end (the caller redraws it with `\r`).
pub fn progress_text(text: &str) {
    // Ignored if stderr is gone: progress is a courtesy.
    let _ = write!(std::io::stderr(), "{text}");
}

/// A cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return) is written with a leading `'`, as OWASP's CSV-injection rule says; a
/// plain number such as `-3` or `+1.5` is a value, not a formula, and stays as it is.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.trim().parse::<f64>().is_ok_and(f64::is_finite);
    if risky && !number {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Writes one CSV row with every cell made safe for spreadsheets: every CSV careplan writes
/// goes through here.
pub fn write_row<W: Write, S: AsRef<str>>(
    w: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = S>,
) -> csv::Result<()> {
    w.write_record(
        cells
            .into_iter()
            .map(|c| spreadsheet_safe(c.as_ref()).into_owned()),
    )
}

/// Text as the bytes of a file careplan writes: UTF-8 with a BOM, or MS932 (Shift_JIS as
/// Windows writes it). None when some character has no MS932 form (`not_in_ms932` names them).
pub fn encode(text: &str, encoding: crate::cli::Encoding) -> Option<Vec<u8>> {
    match encoding {
        crate::cli::Encoding::Utf8 => Some([&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat()),
        crate::cli::Encoding::Sjis => {
            let (bytes, _, had_errors) = encoding_rs::SHIFT_JIS.encode(text);
            (!had_errors).then(|| bytes.into_owned())
        }
    }
}

/// The characters of `s` that MS932 cannot hold, in order, each once.
pub fn not_in_ms932(s: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for ch in s.chars() {
        if !out.contains(&ch) && encoding_rs::SHIFT_JIS.encode(&ch.to_string()).2 {
            out.push(ch);
        }
    }
    out
}

/// CSV text (CRLF line ends, as spreadsheets on Windows write them) with every cell made safe
/// (`write_row`).
pub fn csv_text<S: AsRef<str>>(rows: impl IntoIterator<Item = Vec<S>>) -> Result<String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for r in rows {
        write_row(&mut w, r)?;
    }
    Ok(String::from_utf8(
        w.into_inner().map_err(|e| color_eyre::eyre::eyre!("{e}"))?,
    )?)
}

/// A list ready to print: column headers, rows of cells, which columns are numbers, and the
/// JSON form (a script contract, separate from the human table).
pub struct Listing<'a, T: Serialize> {
    pub headers: &'a [&'a str],
    pub rows: Vec<Vec<String>>,
    pub numeric: &'a [usize],
    pub json: &'a T,
}

pub fn print<T: Serialize>(format: Format, listing: &Listing<'_, T>) -> Result<()> {
    print_listing(format, listing).map_err(|e| {
        if reader_gone(&e) {
            ReaderGone.into()
        } else {
            e
        }
    })
}

fn print_listing<T: Serialize>(format: Format, listing: &Listing<'_, T>) -> Result<()> {
    // Stdout flushes at every line break; a list of thousands of rows is written in blocks.
    let mut out = stdout();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, listing.json)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            write_row(&mut w, listing.headers)?;
            for r in &listing.rows {
                write_row(&mut w, r)?;
            }
            w.flush()?;
        }
        Format::Table => {
            // On a terminal a long cell is cut so that rows stay on one line; into a file or
            // a pipe every cell is kept whole (a script or a reader there wants the text).
            let cap = if stdout_is_terminal() { 40 } else { usize::MAX };
            let widths: Vec<usize> = (0..listing.headers.len())
                .map(|i| {
                    listing
                        .rows
                        .iter()
                        .map(|r| text::width(&r[i]))
                        .chain([text::width(listing.headers[i])])
                        .max()
                        .unwrap_or(0)
                        .min(cap)
                })
                .collect();
            let line = |cells: Vec<&str>| -> String {
                cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        if listing.numeric.contains(&i) {
                            text::pad_left(c, widths[i])
                        } else {
                            text::pad_right(c, widths[i])
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            writeln!(out, "{}", line(listing.headers.to_vec()))?;
            for r in &listing.rows {
                writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// Writes lines of text to standard output.
pub fn print_lines<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> Result<()> {
    let mut out = stdout();
    for l in lines {
        written(writeln!(out, "{}", l.as_ref()))?;
    }
    written(out.flush())
}

/// Writes a value as pretty JSON to standard output.
pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let mut out = stdout();
    // A closed pipe inside the JSON writer is recognised by `reader_gone`.
    serde_json::to_writer_pretty(&mut out, value)?;
    written(writeln!(out).and_then(|()| out.flush()))
}

/// How a command that failed ends: quietly with exit 0 when its reader went away; else the
/// error and its causes on stderr, with exit 1 for a change refused by a read-only session
/// (a refusal, like a rejected import) and 2 for any other error.
pub fn report_error(e: &Report) -> std::process::ExitCode {
    if reader_gone(e) {
        return std::process::ExitCode::SUCCESS;
    }
    let mut msg = String::new();
    for (i, cause) in e.chain().enumerate() {
        if i > 0 {
            msg.push_str(tr("\n  原因: ", "\n  cause: "));
        }
        msg.push_str(&cause.to_string());
    }
    complain(&format!("{}{msg}", tr("エラー: ", "error: ")));
    if e.chain().any(|c| c.is::<crate::store::ReadOnly>()) {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::from(2)
    }
}

/// Writes a message to stderr (a refusal, a note beside JSON on stdout).
pub fn complain(text: &str) {
    // Ignored if stderr is gone: there is nowhere else to say it.
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// Progress of a long run on stderr, only when stderr is a terminal: scripts, pipes and logs
/// get none. Redrawn at most five times a second.
pub struct Progress {
    label: String,
    total: usize,
    last: Option<std::time::Instant>,
    on: bool,
}

impl Progress {
    /// Shown only for runs long enough to need it (`total` items, at least a thousand).
    pub fn new(label: &str, total: usize) -> Progress {
        use std::io::IsTerminal;
        Progress {
            label: label.to_string(),
            total,
            last: None,
            on: total >= 1000 && std::io::stderr().is_terminal(),
        }
    }

    pub fn tick(&mut self, done: usize) {
        if !self.on || self.last.is_some_and(|t| t.elapsed().as_millis() < 200) {
            return;
        }
        self.last = Some(std::time::Instant::now());
        // Ignored if stderr is gone: progress is a courtesy.
        let _ = write!(
            std::io::stderr(),
            "\r{} {}/{}",
            self.label,
            text::thousands(done as u64),
            text::thousands(self.total as u64)
        );
    }

    /// Clears the line it drew.
    pub fn finish(&mut self) {
        if self.on && self.last.is_some() {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for (cell, out) in [
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+SUM(A1)", "'+SUM(A1)"),
            ("-2+3", "'-2+3"),
            ("@import", "'@import"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-3", "-3"),
            ("+1.5", "+1.5"),
            ("山田 太郎", "山田 太郎"),
            ("", ""),
            ("-inf", "'-inf"),
        ] {
            assert_eq!(spreadsheet_safe(cell), out, "{cell:?}");
        }
    }
}

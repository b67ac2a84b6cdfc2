//! `careplan completions` and `careplan manpage`: documents generated from the command line's
//! own definition, so they never fall behind it.

use crate::cli::Cli;
use clap::CommandFactory;
use clap_complete::Shell;
use color_eyre::eyre::{Result, WrapErr};
use std::path::Path;
use std::process::ExitCode;

pub fn completions(shell: Shell) -> Result<ExitCode> {
    // Rendered into memory first: the generator panics on a failed write, and a closed pipe
    // should be an ordinary error.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "careplan", &mut script);
    crate::present::output::write_bytes(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// The command tree as the manual pages show it: without the `help` subcommands, which only
/// repeat what each page already says.
fn manual_command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

fn render(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut page = Vec::new();
    // Every page names the program's version, not the subcommand's (which has none).
    clap_mangen::Man::new(cmd)
        .source(concat!("careplan ", env!("CARGO_PKG_VERSION")))
        .render(&mut page)
        .wrap_err("マニュアルページを作れません")?;
    Ok(for_japanese(page))
}

/// The pages are mostly Japanese, which groff by default neither breaks between characters nor
/// justifies without spaces: every long line drew a warning and ran past the margin. After the
/// title line (which resets adjustment): ragged right, no hyphenation (it split paths), and
/// groff's own Japanese line-breaking classes (ja.tmac, shipped with groff and loaded only when
/// the formatter says it is groff).
fn for_japanese(page: Vec<u8>) -> Vec<u8> {
    let title_end = page
        .windows(4)
        .position(|w| w == b".TH ")
        .and_then(|start| {
            page[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map(|n| start + n + 1)
        });
    match title_end {
        Some(at) => [&page[..at], JAPANESE_SETUP, &page[at..]].concat(),
        // Not expected from clap_mangen; the page is still valid, only set as groff likes.
        None => page,
    }
}

const JAPANESE_SETUP: &[u8] = b".ad l\n.nh\n.if \\n(.g .mso ja.tmac\n";

/// Without a folder, careplan(1) on stdout; with one, careplan.1 and careplan-<command>.1 for
/// every command and subcommand, each named in its parent's SUBCOMMANDS section.
pub fn manpages(out: Option<&Path>) -> Result<ExitCode> {
    let cmd = manual_command();
    let Some(out) = out else {
        crate::present::output::write_bytes(&render(cmd)?)?;
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(out)
        .wrap_err_with(|| format!("フォルダを作成できません: {}", out.display()))?;
    let mut pending = vec![cmd];
    let mut written = 0;
    while let Some(cmd) = pending.pop() {
        pending.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
        let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_owned();
        let path = out.join(format!("{name}.1"));
        std::fs::write(&path, render(cmd)?)
            .wrap_err_with(|| format!("書き出せません: {}", path.display()))?;
        written += 1;
    }
    crate::say!(
        "{} にマニュアルページを {written} 個書き出しました",
        out.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

//! English `--help`: with `language = "en"` every command's about and every argument's help is
//! replaced from one table, `assets/cli_help.en.tsv`. The table is an asset rather than Rust so
//! that a translator edits text beside its key without touching code; its rows are keyed by the
//! command path and the argument id, and a test keeps it and the command tree in step.

use crate::cli::Cli;
use crate::config::Config;
use crate::domain::Lang;
use clap::{Command, CommandFactory, FromArgMatches};
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::PathBuf;

const TABLE: &str = include_str!("../assets/cli_help.en.tsv");

/// The key of a command's own about text in the table's argument column.
pub const ABOUT: &str = "-";

/// The command line, parsed with its help in the session's language. The language lives in the
/// config, which clap has not read yet when it prints `--help`, so the config's path is found
/// first the way clap would find it (`--config PATH`, `--config=PATH`, `CAREPLAN_CONFIG`, the
/// default place). A config that cannot be read leaves the help Japanese; the command itself
/// then reports the config's error as usual.
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let mut cmd = Cli::command();
    if session_lang(&args) == Lang::En {
        cmd = english(cmd);
    }
    let mut matches = cmd.clone().get_matches_from(args);
    Cli::from_arg_matches_mut(&mut matches).unwrap_or_else(|e| e.format(&mut cmd).exit())
}

fn session_lang(args: &[OsString]) -> Lang {
    let explicit =
        config_arg(args).or_else(|| std::env::var_os("CAREPLAN_CONFIG").map(PathBuf::from));
    Config::load(explicit.as_deref())
        .map(|c| c.language)
        .unwrap_or(Lang::Ja)
}

/// The `--config` given on the command line, if any (before a `--`, which ends the options).
fn config_arg(args: &[OsString]) -> Option<PathBuf> {
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let a = a.to_string_lossy();
        if a == "--" {
            break;
        }
        if a == "--config" {
            return it.next().map(PathBuf::from);
        }
        if let Some(path) = a.strip_prefix("--config=") {
            return Some(PathBuf::from(path));
        }
    }
    None
}

/// One row: command path (`careplan clients list`), argument id (or [`ABOUT`]), English text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub path: String,
    pub arg: String,
    pub text: String,
}

/// The table's rows; lines starting with `#` and blank lines are comments. The text may carry
/// `\n` for a line break (long help keeps its paragraphs).
pub fn rows() -> Vec<Row> {
    TABLE
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut cols = l.splitn(3, '\t');
            Some(Row {
                path: cols.next()?.to_string(),
                arg: cols.next()?.to_string(),
                text: cols.next()?.replace("\\n", "\n"),
            })
        })
        .collect()
}

/// Every (path, argument) of the tree that carries help text, in tree order; the about of a
/// command is keyed by [`ABOUT`]. Used by the tests to find missing and stale rows.
pub fn help_keys(cmd: &Command) -> Vec<(String, String)> {
    let mut keys = Vec::new();
    walk(cmd, cmd.get_name().to_string(), &mut keys);
    keys
}

fn walk(cmd: &Command, path: String, keys: &mut Vec<(String, String)>) {
    if cmd.get_about().is_some() || cmd.get_long_about().is_some() {
        keys.push((path.clone(), ABOUT.to_string()));
    }
    for arg in cmd.get_arguments() {
        if arg.get_help().is_some() || arg.get_long_help().is_some() {
            keys.push((path.clone(), arg.get_id().to_string()));
        }
    }
    for sub in cmd.get_subcommands() {
        walk(sub, format!("{path} {}", sub.get_name()), keys);
    }
}

/// `cmd` with the English texts of the table in place of the Japanese ones (long help too, so
/// `--help` and `-h` read the same).
pub fn english(cmd: Command) -> Command {
    let mut by_path: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for r in rows() {
        by_path.entry(r.path).or_default().push((r.arg, r.text));
    }
    let path = cmd.get_name().to_string();
    apply(cmd, path, &by_path)
}

fn apply(
    mut cmd: Command,
    path: String,
    table: &HashMap<String, Vec<(String, String)>>,
) -> Command {
    for (arg, text) in table.get(&path).into_iter().flatten() {
        let text = text.clone();
        if arg == ABOUT {
            cmd = cmd.about(text).long_about(None);
        } else {
            cmd = cmd.mut_arg(arg.as_str(), |a| {
                // A Japanese default or Japanese help of the choices cannot be translated in
                // place (they are the parser's own values), so they are hidden and the row
                // says them in English.
                let japanese_default = a
                    .get_default_values()
                    .iter()
                    .any(|v| !v.to_string_lossy().is_ascii());
                let japanese_choices = a
                    .get_possible_values()
                    .iter()
                    .any(|v| v.get_help().is_some_and(|h| !h.to_string().is_ascii()));
                let hide_default = japanese_default || a.is_hide_default_value_set();
                let hide_choices = japanese_choices || a.is_hide_possible_values_set();
                a.help(text)
                    .long_help(None)
                    .hide_default_value(hide_default)
                    .hide_possible_values(hide_choices)
            });
        }
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = format!("{path} {name}");
        cmd = cmd.mut_subcommand(name.as_str(), |s| apply(s, sub_path, table));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_config_path_is_found_as_clap_would_find_it() {
        let args = |s: &str| s.split(' ').map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            config_arg(&args("careplan clients --config a.toml --help")),
            Some(PathBuf::from("a.toml"))
        );
        assert_eq!(
            config_arg(&args("careplan --config=b.toml clients")),
            Some(PathBuf::from("b.toml"))
        );
        assert_eq!(config_arg(&args("careplan notes add -- --config c")), None);
        assert_eq!(config_arg(&args("careplan clients")), None);
    }

    #[test]
    fn every_helped_argument_and_command_has_an_english_row_and_no_row_is_stale() {
        let tree: HashSet<(String, String)> = help_keys(&Cli::command()).into_iter().collect();
        let table: Vec<(String, String)> = rows().into_iter().map(|r| (r.path, r.arg)).collect();
        let stale: Vec<_> = table.iter().filter(|k| !tree.contains(*k)).collect();
        assert!(
            stale.is_empty(),
            "rows naming no command or argument: {stale:?}"
        );
        let listed: HashSet<_> = table.iter().cloned().collect();
        let mut missing: Vec<_> = tree.iter().filter(|k| !listed.contains(*k)).collect();
        missing.sort();
        assert!(missing.is_empty(), "no English row for: {missing:?}");
        assert_eq!(
            listed.len(),
            table.len(),
            "a (path, argument) is listed twice"
        );
    }

    #[test]
    fn english_replaces_about_and_help_and_the_default_stays_japanese() {
        let en = english(Cli::command());
        let demo = en.find_subcommand("demo").expect("demo is a command");
        let about = demo.get_about().map(|s| s.to_string()).unwrap_or_default();
        assert!(about.is_ascii(), "{about}");
        let ja = Cli::command();
        let demo_ja = ja.find_subcommand("demo").expect("demo is a command");
        let about_ja = demo_ja
            .get_about()
            .map(|s| s.to_string())
            .unwrap_or_default();
        assert!(!about_ja.is_ascii(), "{about_ja}");
    }
}

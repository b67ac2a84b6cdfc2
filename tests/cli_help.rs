//! `--help` speaks the session's language: with `language = "en"` every command's help, from
//! the top to each leaf, is English but for the terms the glossary keeps; without it the help
//! stays Japanese. The commands come from the command line's own definition, so a new command
//! is checked as soon as it exists.

mod common;

use careplan::cli::Cli;
use clap::CommandFactory;
use common::CliEnv as Env;
use common::is_japanese;

/// Japanese the English help keeps: the legal terms the English messages keep, and the names
/// of files careplan writes.
const FILE_NAMES: &[&str] = &["_支援経過", "_モニタリング"];

/// Every command's path below `careplan`, the top itself first (an empty path).
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            walk(sub, p, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), Vec::new(), &mut out);
    out
}

fn help(env: &Env, path: &[String], extra: &[&str]) -> String {
    let out = env
        .cmd()
        .args(extra)
        .args(path)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success(), "{path:?} --help failed");
    String::from_utf8(out.stdout).unwrap()
}

fn japanese_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| {
            let mut rest = line.to_string();
            for k in common::KEPT_TERMS.iter().chain(FILE_NAMES) {
                rest = rest.replace(k, "");
            }
            rest.chars().any(is_japanese)
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn every_help_text_speaks_english() {
    let env = Env::without_database();
    std::fs::create_dir_all(env.path("config/careplan")).unwrap();
    env.write("config/careplan/config.toml", "language = \"en\"\n");
    let paths = command_paths();
    assert!(paths.len() > 100, "only {} commands found", paths.len());
    let mut found = Vec::new();
    for path in &paths {
        let text = help(&env, path, &[]);
        for line in japanese_lines(&text) {
            found.push(format!("careplan {} --help: {line}", path.join(" ")));
        }
    }
    assert!(
        found.is_empty(),
        "Japanese in the help with language = en:\n{}",
        found.join("\n")
    );
}

#[test]
fn help_follows_the_config_named_on_the_command_line_and_stays_japanese_by_default() {
    let env = Env::without_database();
    let en = env.write("en.toml", "language = \"en\"\n");
    let path = vec!["stays".to_string(), "add".to_string()];
    let english = help(&env, &path, &["--config", en.to_str().unwrap()]);
    assert!(english.contains("Admission date"), "{english}");
    assert!(japanese_lines(&english).is_empty(), "{english}");
    let english = help(&env, &path, &[&format!("--config={}", en.display())]);
    assert!(english.contains("Admission date"), "{english}");

    let japanese = help(&env, &path, &[]);
    assert!(japanese.contains("入院・入所日"), "{japanese}");
    assert!(!japanese.contains("Admission date"), "{japanese}");
}

//! The README and the guides in docs/ name only keys and commands that exist: a command from
//! the command line's own definition, a key from the terminal app's key table (`key_table::BINDINGS`). A renamed
//! command or key fails here until the documents follow.

use clap::CommandFactory;
use std::collections::BTreeSet;
use std::path::Path;

const DOCUMENTS: [&str; 5] = [
    "README.md",
    "docs/guide.ja.md",
    "docs/guide.en.md",
    "docs/cli.ja.md",
    "docs/cli.en.md",
];

fn read(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The `code spans` of a Markdown text (inside and outside tables), fenced blocks left out.
fn code_spans(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            out.extend(line.split('`').skip(1).step_by(2).map(str::to_string));
        }
    }
    out
}

/// Every command path the command line has: "office set", "notes print" …
fn command_paths() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut pending = vec![(careplan::cli::Cli::command(), String::new())];
    while let Some((cmd, path)) = pending.pop() {
        for sub in cmd.get_subcommands() {
            let p = format!("{path} {}", sub.get_name()).trim().to_string();
            out.insert(p.clone());
            pending.push((sub.clone(), p));
        }
    }
    out
}

/// The commands a span names: `careplan notes print --client …` → "notes print". The words
/// after `careplan` up to the first option, value or alternative.
fn named_command(span: &str) -> Option<String> {
    let rest = span.strip_prefix("careplan ")?;
    let words: Vec<&str> = rest
        .split_whitespace()
        .take_while(|w| {
            w.chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
                && !w.starts_with('-')
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Every key the terminal app binds, as its help writes it (`j`, `Ctrl+S`, `PgDn`, `Enter` …).
fn bound_keys() -> BTreeSet<String> {
    careplan::tui::key_table::BINDINGS
        .iter()
        .flat_map(|b| b.keys.iter().map(|k| k.label()))
        .chain(careplan::tui::key_table::editing_keys().map(str::to_string))
        .collect()
}

/// A span that reads as a key: one printable character, or a named key or chord.
fn as_key(span: &str) -> Option<String> {
    const NAMED: [&str; 11] = [
        "Enter",
        "Esc",
        "Tab",
        "Shift+Tab",
        "PgUp",
        "PgDn",
        "Home",
        "End",
        "↑",
        "↓",
        "←",
    ];
    let mut chars = span.chars();
    match (chars.next(), chars.next()) {
        // A full-width character typed with the IME on works as its ASCII form.
        (Some(c), None) if !c.is_whitespace() => {
            Some(careplan::tui::keymap::fold_key_char(c).to_string())
        }
        _ => (NAMED.contains(&span) || span == "→" || span.starts_with("Ctrl+"))
            .then(|| span.to_string()),
    }
}

#[test]
fn every_command_the_documents_name_exists() {
    let commands = command_paths();
    let mut named = 0;
    let mut missing = Vec::new();
    for doc in DOCUMENTS {
        for span in code_spans(&read(doc)) {
            if let Some(c) = named_command(&span) {
                named += 1;
                if !commands.contains(&c) {
                    missing.push(format!("{doc}: `{span}` ({c})"));
                }
            }
        }
    }
    assert!(named > 50, "the documents name too few commands: {named}");
    assert!(
        missing.is_empty(),
        "no such command:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_key_the_guides_and_readme_name_is_bound() {
    let keys = bound_keys();
    let mut named = 0;
    let mut missing = Vec::new();
    for doc in ["README.md", "docs/guide.ja.md", "docs/guide.en.md"] {
        for span in code_spans(&read(doc)) {
            // `1`–`8` and `j` / `k` are written as one span each.
            if let Some(k) = as_key(&span) {
                named += 1;
                if !keys.contains(&k) {
                    missing.push(format!("{doc}: `{span}`"));
                }
            }
        }
    }
    assert!(named > 30, "the documents name too few keys: {named}");
    assert!(missing.is_empty(), "no such key:\n{}", missing.join("\n"));
}

#[test]
fn every_command_has_its_line_in_both_command_references() {
    for doc in ["docs/cli.ja.md", "docs/cli.en.md"] {
        let text = read(doc);
        let named: BTreeSet<String> = code_spans(&text)
            .iter()
            .filter_map(|s| named_command(s))
            .map(|c| c.split(' ').next().unwrap_or_default().to_string())
            .collect();
        for c in careplan::cli::Cli::command().get_subcommands() {
            let name = c.get_name();
            if name != "help" && !c.is_hide_set() {
                assert!(
                    named.contains(name),
                    "{doc} does not name `careplan {name}`"
                );
            }
        }
    }
}

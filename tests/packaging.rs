//! What the package installs besides the binary: the manual pages and the shell completions,
//! both generated from the command line's definition. Every command must appear in each, so a
//! command added later cannot be left out of them.

mod common;

use careplan::cli::Cli;
use clap::CommandFactory;
use std::path::Path;

use common::CliEnv as Env;

/// Every visible command as its words after `careplan`: ["office"], ["office", "show"], …
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_string());
            out.push(path.clone());
            walk(sub, &path, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &[], &mut out);
    out
}

/// The names of the subcommands directly under `path` (the top level for an empty path).
fn children(path: &[String]) -> Vec<String> {
    let root = Cli::command();
    let mut cmd = &root;
    for word in path {
        cmd = cmd.find_subcommand(word).unwrap();
    }
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect()
}

/// The command paths that have subcommands of their own, the top level (empty) first.
fn parents() -> Vec<Vec<String>> {
    std::iter::once(Vec::new())
        .chain(command_paths())
        .filter(|p| !children(p).is_empty())
        .collect()
}

fn stdout(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "careplan {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The lines of a man page's section, up to the next section.
fn man_section<'a>(page: &'a str, name: &str) -> &'a str {
    let start = page
        .find(&format!(".SH {name}\n"))
        .unwrap_or_else(|| panic!("no {name} section in:\n{page}"));
    let rest = &page[start + 1..];
    &rest[..rest.find("\n.SH ").unwrap_or(rest.len())]
}

/// How roff writes `careplan-office-show(1)`: hyphens escaped.
fn man_ref(path: &[String]) -> String {
    // roff escapes every hyphen, also those inside a name (no-benefit).
    let mut words = vec!["careplan".to_string()];
    words.extend(path.iter().map(|w| w.replace('-', "\\-")));
    format!("{}(1)", words.join("\\-"))
}

#[test]
fn the_command_tree_is_not_empty() {
    // The checks below iterate it; an empty tree would make them pass vacuously.
    let paths = command_paths();
    assert!(paths.len() > 20, "{paths:?}");
    for needed in ["completions", "manpage", "backup"] {
        assert!(paths.contains(&vec![needed.to_string()]), "{needed}");
    }
    assert!(paths.contains(&vec!["office".to_string(), "show".to_string()]));
}

#[test]
fn the_man_page_on_stdout_names_every_command() {
    let env = Env::new();
    let page = stdout(&env, &["manpage"]);
    assert!(page.contains(".TH careplan 1 "), "{page}");
    // Set for Japanese after the title (which resets adjustment): otherwise groff warns on, and
    // overruns the margin with, every long Japanese line.
    let title = page.find(".TH careplan 1 ").unwrap();
    let after_title = &page[title..];
    let next_lines: Vec<&str> = after_title.lines().skip(1).take(3).collect();
    assert_eq!(
        next_lines,
        [".ad l", ".nh", ".if \\n(.g .mso ja.tmac"],
        "{page}"
    );
    assert!(page.contains(&format!("careplan {}", env!("CARGO_PKG_VERSION"))));
    let subcommands = man_section(&page, "SUBCOMMANDS");
    for name in children(&[]) {
        let reference = man_ref(std::slice::from_ref(&name));
        assert!(
            subcommands.contains(&reference),
            "{reference} missing from SUBCOMMANDS:\n{subcommands}"
        );
    }
    // `help` only repeats the pages, and no page is written for it.
    assert!(!subcommands.contains("careplan\\-help(1)"), "{subcommands}");
}

#[test]
fn manpage_out_writes_one_page_per_command_each_naming_its_subcommands() {
    let env = Env::new();
    let dir = env.path("man1");
    let said = stdout(&env, &["manpage", "--out", dir.to_str().unwrap()]);
    let paths = command_paths();
    assert!(said.contains(&format!("{} 個", paths.len() + 1)), "{said}");

    let mut expected: Vec<String> = std::iter::once("careplan.1".to_string())
        .chain(paths.iter().map(|p| format!("careplan-{}.1", p.join("-"))))
        .collect();
    expected.sort();
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(written, expected);

    let page = |path: &[String]| -> String {
        let file = match path {
            [] => "careplan.1".to_string(),
            _ => format!("careplan-{}.1", path.join("-")),
        };
        std::fs::read_to_string(dir.join(&file)).unwrap()
    };
    for path in &paths {
        let text = page(path);
        let title = format!(".TH careplan-{} 1 ", path.join("-"));
        assert!(
            text.starts_with(".ie") && text.contains(&title),
            "{title}:\n{text}"
        );
        assert!(text.contains(&format!("careplan {}", env!("CARGO_PKG_VERSION"))));
    }
    for parent in parents() {
        let text = page(&parent);
        let subcommands = man_section(&text, "SUBCOMMANDS");
        for name in children(&parent) {
            let mut path = parent.clone();
            path.push(name);
            let reference = man_ref(&path);
            assert!(
                subcommands.contains(&reference),
                "{reference} missing from the page of {parent:?}:\n{subcommands}"
            );
        }
    }
}

/// What bash offers after `careplan WORDS… <Tab>`, from the generated script.
fn bash_completes(script: &Path, words: &[String]) -> Vec<String> {
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(
            r#"source "$1"; shift
               COMP_WORDS=(careplan "$@" ""); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
               _careplan careplan "" "${COMP_WORDS[COMP_CWORD-1]}"
               printf '%s\n' "${COMPREPLY[@]}""#,
        )
        .arg("bash")
        .arg(script)
        .args(words)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completion_offers_every_command() {
    let env = Env::new();
    let script = env.write("careplan.bash", &stdout(&env, &["completions", "bash"]));
    for parent in parents() {
        let offered = bash_completes(&script, &parent);
        for name in children(&parent) {
            assert!(
                offered.contains(&name),
                "careplan {} <Tab> does not offer {name}: {offered:?}",
                parent.join(" ")
            );
        }
    }
    // Options of the command being typed, not of another one.
    let offered = bash_completes(&script, &["backup".to_string()]);
    assert!(!offered.contains(&"demo".to_string()), "{offered:?}");
}

#[test]
fn zsh_completion_names_every_command() {
    let env = Env::new();
    let script = stdout(&env, &["completions", "zsh"]);
    assert!(script.starts_with("#compdef careplan"), "{script}");
    for parent in parents() {
        // Each command's list of subcommands ends with `_describe … 'careplan office commands'`.
        let label = ["careplan"]
            .into_iter()
            .chain(parent.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        let describe = format!("_describe -t commands '{label} commands'");
        let end = script
            .find(&describe)
            .unwrap_or_else(|| panic!("no {describe}"));
        let start = script[..end].rfind("commands=(").unwrap();
        let list = &script[start..end];
        for name in children(&parent) {
            assert!(
                list.contains(&format!("\n'{name}:")),
                "{name} missing from {label}'s list:\n{list}"
            );
        }
    }
}

#[test]
fn fish_completion_names_every_command() {
    let env = Env::new();
    let script = stdout(&env, &["completions", "fish"]);
    for parent in parents() {
        let condition = match parent.as_slice() {
            [] => "-n \"__fish_careplan_needs_command\"".to_string(),
            // One level deeper, fish asks which subcommand was seen.
            [first, second] => format!(
                "-n \"__fish_careplan_using_subcommand {first}; and __fish_seen_subcommand_from {second}\""
            ),
            _ => format!(
                "-n \"__fish_careplan_using_subcommand {}; and not __fish_seen_subcommand_from",
                parent.join(" ")
            ),
        };
        for name in children(&parent) {
            let offered = script.lines().any(|l| {
                l.starts_with("complete -c careplan ")
                    && l.contains(&condition)
                    && l.contains(&format!(" -a \"{name}\""))
            });
            assert!(offered, "fish: careplan {parent:?} does not offer {name}");
        }
    }
}

#[test]
fn completions_and_manpage_work_with_a_broken_config() {
    // They describe the program only; a bad config must not stop a package build or a shell
    // start-up file.
    let env = Env::new();
    let config = env.write("config.toml", "language = \"fr\"\n");
    env.cmd()
        .arg("--config")
        .arg(&config)
        .arg("clients")
        .assert()
        .failure();
    for args in [
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["completions", "fish"],
        vec!["manpage"],
    ] {
        let out = env
            .cmd()
            .arg("--config")
            .arg(&config)
            .args(&args)
            .output()
            .unwrap();
        assert!(
            out.status.success() && !out.stdout.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn an_unknown_shell_is_refused_with_the_supported_ones() {
    let env = Env::new();
    let out = env.cmd().args(["completions", "tcsh"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for shell in ["bash", "zsh", "fish"] {
        assert!(err.contains(shell), "{err}");
    }
}

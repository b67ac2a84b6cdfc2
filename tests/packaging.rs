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

/// Installs what building and checking the package needs when it is missing (dpkg-dev for
/// build-deb, sudo for visudo), as CI can: it runs as root with apt.
fn ensure_tool(tool: &str, package: &str) {
    let found = |t: &str| {
        std::process::Command::new("sh")
            .args(["-c", &format!("command -v {t} || test -x /usr/sbin/{t}")])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    if found(tool) {
        return;
    }
    let status = std::process::Command::new("sh")
        .args([
            "-c",
            &format!("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {package}"),
        ])
        .status()
        .unwrap();
    assert!(
        status.success() && found(tool),
        "{tool} ({package}) is needed"
    );
}

fn run_ok(cmd: &mut std::process::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The lines of a file that say something (not blank, not a comment).
fn meaningful(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

#[test]
fn the_debian_package_sets_up_the_office() {
    ensure_tool("dpkg-shlibdeps", "dpkg-dev");
    ensure_tool("visudo", "sudo");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let said = run_ok(
        std::process::Command::new("bash")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/build-deb"))
            .env("CAREPLAN_BIN", env!("CARGO_BIN_EXE_careplan"))
            .env("CAREPLAN_DEB_OUT", &out),
    );
    let deb = Path::new(said.trim());
    assert!(deb.starts_with(&out) && deb.exists(), "{said}");
    let root = dir.path().join("root");
    let control = dir.path().join("control");
    run_ok(
        std::process::Command::new("dpkg-deb")
            .arg("-x")
            .arg(deb)
            .arg(&root),
    );
    run_ok(
        std::process::Command::new("dpkg-deb")
            .arg("-e")
            .arg(deb)
            .arg(&control),
    );
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let mode = |p: &Path| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
    };

    // The administrator's files: kept on remove and on a changed upgrade, gone on purge.
    let conffiles = read(&control.join("conffiles"));
    assert_eq!(
        meaningful(&conffiles),
        ["/etc/careplan/config.toml", "/etc/sudoers.d/careplan"]
    );

    // The sudoers drop-in: valid, read-only, and allowing careplan only, as the account only.
    let sudoers = root.join("etc/sudoers.d/careplan");
    assert_eq!(mode(&sudoers), 0o440);
    run_ok(
        std::process::Command::new("visudo")
            .arg("-cf")
            .arg(&sudoers),
    );
    let sudoers_text = read(&sudoers);
    let rules: Vec<&str> = meaningful(&sudoers_text)
        .into_iter()
        .filter(|l| !l.starts_with("Defaults"))
        .collect();
    assert_eq!(
        rules,
        ["%careplan-users ALL=(careplan) NOPASSWD: /usr/bin/careplan"]
    );

    // The office's config names the database, the account and the backups, and is valid.
    let config =
        careplan::config::Config::parse(&read(&root.join("etc/careplan/config.toml"))).unwrap();
    assert_eq!(
        config.database.as_deref(),
        Some(Path::new("/var/lib/careplan/careplan.db"))
    );
    assert_eq!(config.account.as_deref(), Some("careplan"));
    assert_eq!(
        config.backup.folder.as_deref(),
        Some(Path::new("/var/lib/careplan/backups"))
    );

    // The units: the service runs a command careplan has, as the account; the timer is daily,
    // catches up after the server was off, and is wanted by timers.target.
    let units = root.join("usr/lib/systemd/system");
    let service = read(&units.join("careplan-backup.service"));
    let timer = read(&units.join("careplan-backup.timer"));
    let service_lines = meaningful(&service);
    assert!(service_lines.contains(&"User=careplan"), "{service}");
    let exec = service_lines
        .iter()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .unwrap();
    let words: Vec<&str> = exec.split_whitespace().collect();
    assert_eq!(words[0], "/usr/bin/careplan");
    let mut argv = vec!["careplan"];
    argv.extend(&words[1..]);
    assert!(
        matches!(
            <Cli as clap::Parser>::try_parse_from(&argv).map(|c| c.command),
            Ok(Some(careplan::cli::Command::Backup(
                careplan::cli::BackupArgs {
                    command: Some(careplan::cli::BackupCommand::Daily),
                    ..
                }
            )))
        ),
        "{exec}"
    );
    let timer_lines = meaningful(&timer);
    for needed in ["Persistent=true", "WantedBy=timers.target"] {
        assert!(timer_lines.contains(&needed), "{timer}");
    }
    assert!(
        timer_lines.iter().any(|l| l.starts_with("OnCalendar=")),
        "{timer}"
    );
    if std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_ok()
    {
        // Checked against this build's binary: the unit's own path exists only once installed.
        let check = dir.path().join("units");
        std::fs::create_dir(&check).unwrap();
        std::fs::write(
            check.join("careplan-backup.service"),
            service.replace("/usr/bin/careplan", env!("CARGO_BIN_EXE_careplan")),
        )
        .unwrap();
        std::fs::write(check.join("careplan-backup.timer"), &timer).unwrap();
        run_ok(
            std::process::Command::new("systemd-analyze")
                .args(["verify", "--man=no"])
                .arg(check.join("careplan-backup.service"))
                .arg(check.join("careplan-backup.timer")),
        );
    }

    // The maintainer scripts: valid shell, each step guarded so a second run changes nothing.
    for script in ["postinst", "prerm", "postrm"] {
        let path = control.join(script);
        assert_eq!(mode(&path), 0o755, "{script}");
        run_ok(std::process::Command::new("sh").arg("-n").arg(&path));
    }
    let postinst = read(&control.join("postinst"));
    for guarded in [
        "if ! getent group careplan >/dev/null; then\n        groupadd --system careplan",
        "if ! getent passwd careplan >/dev/null; then\n        useradd --system",
        "if ! getent group careplan-users >/dev/null; then\n        groupadd --system careplan-users",
        "if [ ! -e \"$home/careplan.db\" ]; then",
    ] {
        assert!(postinst.contains(guarded), "{guarded}\n{postinst}");
    }
    assert!(
        postinst.contains("install -d -o careplan -g careplan -m 0700 \"$home\" \"$home/backups\"")
    );
    assert!(postinst.contains("home=/var/lib/careplan"));
    assert!(postinst.contains("systemctl enable careplan-backup.timer"));
    let prerm = read(&control.join("prerm"));
    assert!(prerm.contains("if [ \"$1\" = remove ]"), "{prerm}");
    // Purge removes the account and says where the data is; nothing deletes the data.
    let postrm = read(&control.join("postrm"));
    assert!(postrm.contains("if [ \"$1\" = purge ]; then"), "{postrm}");
    assert!(postrm.contains("userdel careplan"), "{postrm}");
    assert!(postrm.contains("$home/careplan.db") && postrm.contains("$home/backups"));
    for script in [&postinst, &prerm, &postrm] {
        for line in meaningful(script) {
            assert!(
                !(line.starts_with("rm ") || line.contains(" rm ") || line.contains("userdel -r")),
                "a maintainer script deletes files: {line}"
            );
        }
    }
}

//! How the command line prints and opens: every listing command ends quietly when its reader
//! goes away, works on a copy careplan cannot write, and never writes when it only reads. The
//! commands come from the command line's own definition, so a new one is covered unlisted.

mod common;

use clap::CommandFactory;
use common::CliEnv as Env;
use common::{data_texts, is_japanese};
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

/// A listing command: one with `--format` (it prints rows or JSON), whose required arguments
/// are all options. One that must be given a file or folder to read in is an import, which
/// prints a summary of what it stored, not a list. Each is run in every format it offers.
fn listing_commands(env: &Env) -> Vec<Vec<String>> {
    let clients = env.json(&["clients"]);
    let first = &clients[0];
    let value_of = |id: &str| -> String {
        match id {
            "insurer" => first["insurer_number"].as_str().unwrap().to_string(),
            "insured" => first["insured_number"].as_str().unwrap().to_string(),
            "month" => "2026-11".to_string(),
            other => panic!(
                "a listing command requires --{other}: give it a value here so that it is run"
            ),
        }
    };
    let mut out = Vec::new();
    let mut pending = vec![(careplan::cli::Cli::command(), Vec::<String>::new())];
    while let Some((cmd, path)) = pending.pop() {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            pending.push((sub.clone(), p));
        }
        let Some(format) = cmd.get_arguments().find(|a| a.get_id() == "format") else {
            continue;
        };
        let required: Vec<&clap::Arg> = cmd
            .get_arguments()
            .filter(|a| a.is_required_set())
            .collect();
        if required.iter().any(|a| a.is_positional()) {
            continue;
        }
        let mut args = path.clone();
        for a in required {
            args.push(format!("--{}", a.get_long().unwrap()));
            args.push(value_of(a.get_id().as_str()));
        }
        for v in format.get_possible_values() {
            let mut run = args.clone();
            run.extend(["--format".to_string(), v.get_name().to_string()]);
            out.push(run);
        }
    }
    assert!(out.len() > 40, "the walk found too few: {out:?}");
    for named in [
        ["deadlines"].as_slice(),
        &["rules"],
        &["plans", "steps"],
        &["office", "show"],
    ] {
        assert!(
            out.iter().any(|a| a
                .iter()
                .map(String::as_str)
                .take(named.len())
                .eq(named.iter().copied())),
            "{named:?} is a listing command"
        );
    }
    out
}

/// The command as `env.cmd()` sets it up, for the standard library's process handling.
fn command(env: &Env, args: &[String]) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("careplan"));
    c.env_clear()
        .env("HOME", env.dir.path())
        .env("XDG_CONFIG_HOME", env.path("config"))
        .env("XDG_DATA_HOME", env.path("data"))
        .env("XDG_STATE_HOME", env.path("state"))
        .env("CAREPLAN_DB", env.db())
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Nothing on stderr that a closed pipe could have caused: no panic, no error.
fn assert_quiet(args: &[String], status: std::process::ExitStatus, stderr: &[u8]) {
    let stderr = String::from_utf8_lossy(stderr);
    assert!(status.success(), "{args:?}: {status}\n{stderr}");
    for bad in ["panicked", "backtrace", "エラー", "内部の誤り"] {
        assert!(!stderr.contains(bad), "{args:?}: {stderr}");
    }
}

#[test]
fn every_listing_command_ends_quietly_when_its_reader_goes_away() {
    let env = Env::with_demo(30);
    for args in listing_commands(&env) {
        // The reader gone before the first byte: the first write meets a closed pipe.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = command(&env, &args).stdout(writer).output().unwrap();
        assert_quiet(&args, out.status, &out.stderr);

        // The reader takes the first byte and goes, as `| head -c1` does.
        let (mut reader, writer) = std::io::pipe().unwrap();
        let child = command(&env, &args).stdout(writer).spawn().unwrap();
        let mut first = [0u8; 1];
        assert_eq!(
            reader.read(&mut first).unwrap(),
            1,
            "{args:?} printed nothing"
        );
        drop(reader);
        let out = child.wait_with_output().unwrap();
        assert_quiet(&args, out.status, &out.stderr);
    }
}

fn sha(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Every listing command succeeds with `extra` arguments; the database's bytes never change.
fn every_listing_works(env: &Env, extra: &[&str]) {
    let before = sha(&env.db());
    for args in listing_commands(env) {
        let out = command(env, &args)
            .args(extra)
            .stdout(Stdio::piped())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?} {extra:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            sha(&env.db()) == before,
            "{args:?} {extra:?} changed the database"
        );
    }
}

/// A change is refused with exit 1, saying why, and the database stays as it was.
fn a_change_is_refused(env: &Env, extra: &[&str], why: &str) {
    let before = sha(&env.db());
    let out = env
        .cmd()
        .args(["office", "set", "--name", "書き換え"])
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("読み取り専用で開いているため、変更できません"),
        "{stderr}"
    );
    assert!(stderr.contains(why), "{stderr}");
    assert!(sha(&env.db()) == before);
    let office = env.json(&["office", "show", "--read-only"]);
    assert_ne!(office["name"], "書き換え");
}

#[test]
fn reading_never_writes() {
    let env = Env::with_demo(30);
    every_listing_works(&env, &[]);
    // ホーム's summary is kept only after a change.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let kept: i64 = conn
        .query_row("SELECT count(*) FROM home_summary", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 0);
}

#[test]
fn read_only_flag_lists_everything_and_refuses_a_change() {
    let env = Env::with_demo(30);
    every_listing_works(&env, &["--read-only"]);
    a_change_is_refused(&env, &["--read-only"], "--read-only を付けずに");
}

#[test]
fn a_copy_careplan_cannot_write_opens_read_only() {
    let env = Env::with_demo(30);
    let folder = env.dir.path().to_path_buf();
    let set = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    set(&env.db(), 0o400);
    set(&folder, 0o500);
    // Permissions do not stop a privileged user (root in CI): there the same copy is opened
    // with --read-only, and the permission path is not exercised.
    let privileged = std::fs::OpenOptions::new()
        .write(true)
        .open(env.db())
        .is_ok();
    let (extra, why): (&[&str], &str) = if privileged {
        eprintln!(
            "note: running with privileges that ignore file permissions; the read-only copy is opened with --read-only instead"
        );
        (&["--read-only"], "--read-only を付けずに")
    } else {
        (&[], "書き込む権限がないか")
    };
    every_listing_works(&env, extra);
    a_change_is_refused(&env, extra, why);
    set(&folder, 0o700);
    set(&env.db(), 0o600);
}

#[test]
fn a_read_only_database_that_needs_a_migration_says_how_to_update_it() {
    let env = Env::with_demo(5);
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        // One migration more than those that only reshape indexes.
        let behind = i64::from(careplan::store::NEWEST_INDEX_ONLY) + 1;
        conn.pragma_update(None, "user_version", v - behind)
            .unwrap();
    }
    let before = sha(&env.db());
    let out = env.cmd().args(["clients", "--read-only"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    let count = format!(
        "マイグレーション {} 件",
        careplan::store::NEWEST_INDEX_ONLY + 1
    );
    assert!(stderr.contains(&count), "{stderr}");
    assert!(
        stderr.contains("一度書き込める状態で開くと更新されます"),
        "{stderr}"
    );
    assert!(sha(&env.db()) == before);
}

/// A copy made before the newest migrations, which only reshape indexes, reads the same:
/// opened read-only it lists its clients and is not changed.
#[test]
fn a_read_only_copy_older_only_by_its_indexes_opens() {
    let env = Env::with_demo(5);
    let listed = env.cmd().args(["clients"]).output().unwrap();
    assert!(listed.status.success());
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        conn.pragma_update(
            None,
            "user_version",
            v - i64::from(careplan::store::NEWEST_INDEX_ONLY),
        )
        .unwrap();
    }
    let before = sha(&env.db());
    let out = env.cmd().args(["clients", "--read-only"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, listed.stdout);
    assert!(sha(&env.db()) == before);
}

/// `NEWEST_INDEX_ONLY` is true to the migrations: the newest that many create or drop indexes
/// and nothing else, and every migration file is registered.
#[test]
fn the_newest_index_only_migrations_touch_only_indexes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "sql")
                && !p.to_string_lossy().ends_with("_after.sql")
        })
        .collect();
    files.sort();
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let total = careplan::store::migrations()
        .pending_migrations(&conn)
        .unwrap();
    assert_eq!(
        i32::try_from(files.len()).unwrap(),
        total,
        "a migration file not registered, or one too many"
    );
    let newest = usize::try_from(careplan::store::NEWEST_INDEX_ONLY).unwrap();
    for f in &files[files.len() - newest..] {
        let sql: String = std::fs::read_to_string(f)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n");
        for statement in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            assert!(
                statement.starts_with("CREATE INDEX") || statement.starts_with("DROP INDEX"),
                "{}: {statement}",
                f.display()
            );
        }
    }
}

#[test]
fn nothing_prints_around_the_output_layer() {
    // Every line a command prints goes through src/present/output.rs (which ends quietly on a closed
    // pipe); the terminal app writes its screen to the terminal itself.
    let forbidden = ["println!(", "print!(", "eprintln!(", "eprint!(", "dbg!("];
    let mut found = Vec::new();
    let mut pending = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("src/present/output.rs")
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                let direct = (code.contains("io::stdout()") || code.contains("io::stderr()"))
                    && !path.ends_with("src/tui/mod.rs");
                if direct || forbidden.iter().any(|f| code.contains(f)) {
                    found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "print through src/present/output.rs:\n{}",
        found.join("\n")
    );
}

/// Every listing command, as a table and as CSV, speaks English with `language = "en"`: no
/// Japanese is left once the data is taken out (JSON is a contract for scripts and keeps its
/// values whatever the language).
#[test]
fn every_listing_command_speaks_english() {
    let env = Env::with_demo(30);
    std::fs::create_dir_all(env.path("config/careplan")).unwrap();
    env.write("config/careplan/config.toml", "language = \"en\"\n");
    let data = data_texts(&env);
    let mut found = Vec::new();
    let mut printed = 0;
    for args in listing_commands(&env) {
        if args.last().is_some_and(|f| f == "json") {
            continue;
        }
        let out = command(&env, &args)
            .stdout(Stdio::piped())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        for line in text.lines() {
            printed += 1;
            let mut rest = line.to_string();
            for d in &data {
                if rest.contains(d.as_str()) {
                    rest = rest.replace(d.as_str(), "");
                }
            }
            if rest.chars().any(is_japanese) {
                found.push(format!("{}: {line}", args.join(" ")));
            }
        }
    }
    assert!(
        printed > 500,
        "the commands printed too little: {printed} lines"
    );
    assert!(
        found.is_empty(),
        "Japanese outside data with language = en:\n{}",
        found.join("\n")
    );
}

/// Into a pipe or a file a table keeps every cell whole: only a terminal has a width to fit.
#[test]
fn a_piped_table_keeps_its_long_cells() {
    let env = Env::with_demo(5);
    let long = "居宅介護支援事業所 みどりの里 駅前通り三丁目サテライト（第二事務所・相談窓口併設）";
    assert!(long.chars().count() > 40);
    env.cmd()
        .args(["office", "set", "--name", long])
        .assert()
        .success();
    let out = env.cmd().args(["office", "show"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(long), "{text}");
    assert!(!text.contains('…'), "{text}");
}

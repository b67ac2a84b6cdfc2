//! Every command that changes the records speaks English with `language = "en"`: each is run
//! on a scratch demo office once with valid input (its confirmation) and once with a bad value
//! (its error, which must still say what, where and how to fix), and nothing Japanese is left
//! once the data (names, addresses, bundled dated data) and the terms the glossary keeps are
//! taken out. The commands come from the command line's own definition: a new writing command
//! fails here until it is given its two runs.

mod common;

use clap::CommandFactory;
use common::CliEnv as Env;
use common::{data_texts, is_japanese};

/// Japanese terms the English texts keep (the glossary's legal names).
const KEPT: &[&str] = common::KEPT_TERMS;

/// Leaves of the command tree that do not change the office's records through arguments
/// alone: they read or write files (their own tests cover them) or open nothing.
const NOT_RECORD_WRITES: &[&str] = &[
    "init",
    "demo",
    "export",
    "completions",
    "manpage",
    "restore",
    "check",
    "backup keygen",
    "backup verify",
    "backup daily",
    "migrate honobono",
    "migrate kokuho",
    "migrate csv",
    "import staff",
    "import clients",
    "import providers",
    "import certifications",
    "exchange import",
    "enrollment import",
    "rules import",
    "rules export",
    "calendar import",
    "calendar export",
    "notes categories import",
    "notes categories export",
    "report inspection",
];

/// The leaves of the command tree without `--format`: the commands that change something.
fn writing_commands() -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![(careplan::cli::Cli::command(), Vec::<String>::new())];
    while let Some((cmd, path)) = pending.pop() {
        let subs: Vec<_> = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
            .collect();
        for sub in &subs {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            pending.push(((*sub).clone(), p));
        }
        let lists = cmd.get_arguments().any(|a| a.get_id() == "format");
        if subs.is_empty() && !lists && !path.is_empty() {
            out.push(path.join(" "));
        }
    }
    out.retain(|c| !NOT_RECORD_WRITES.contains(&c.as_str()));
    out.sort();
    out
}

/// Each writing command: its path, valid arguments and arguments with one bad value, in an
/// order where what a command needs (a stay to edit) was made by one before it. `{I}` and
/// `{N}` are a client's insurer and insured numbers, `{P}` a provider's office number, `{CM}` a
/// care manager's name and `{LAST list}` the newest id the listing `list` shows.
const CASES: &[(&str, &str, &str)] = &[
    ("office set", "--name Office", "--records-since 2026-13-01"),
    (
        "office hours set",
        "--weekdays mon-fri --opens 09:00 --closes 18:00 --from 2026-04-01",
        "--weekdays mon-fri --opens 9am --closes 18:00 --from 2026-04-01",
    ),
    (
        "office closed",
        "2026-12-29..2027-01-03 --reason year-end",
        "2026-12-40 --reason x",
    ),
    (
        "office open",
        "2026-11-21 --reason event",
        "2026-11-21.. --reason x",
    ),
    (
        "office days withdraw",
        "--id 2 --reason mistake",
        "--id 999 --reason mistake",
    ),
    (
        "office periods set",
        "contact_24h --from 2024-04-01",
        "contact_24h --from 2024-04-01 --until 2024-03-01",
    ),
    (
        "clients assignment edit",
        "--id 1 --from 2024-05-01 --reason typo",
        "--id 999 --reason typo",
    ),
    (
        "clients no-benefit",
        "--insurer {I} --insured {N} --month 2026-10 --reason hospital",
        "--insurer {I} --insured {N} --month 2026-1O",
    ),
    (
        "clients video-consent",
        "--insurer {I} --insured {N} --video-consent 2026-11-01",
        "--insurer {I} --insured 0000000000 --video-consent 2026-11-01",
    ),
    (
        "clients terminal-consent",
        "--insurer {I} --insured {N} --on 2026-11-02",
        "--insurer {I} --insured {N} --on 2026-11-03",
    ),
    (
        "clients death",
        "--insurer {I} --insured {N} --on 2026-11-20 --place home",
        "--insurer {I} --insured {N} --on 2026-11-21",
    ),
    (
        "clients same-building add",
        "--insurer {I} --insured {N} --why adjacent_site --from 2026-04-01",
        "--insurer {I} --insured {N} --why roof --from 2026-04-01",
    ),
    (
        "clients same-building edit",
        "--id 1 --until 2026-09-30 --reason moved",
        "--id 1 --until 2026-01-01 --reason moved",
    ),
    (
        "clients same-building withdraw",
        "--id 1 --reason mistake",
        "--id 1 --reason mistake",
    ),
    (
        "certifications add",
        "--insurer {I} --insured {N} --from 2027-06-01 --to 2028-05-31 --level 23 --certified-on 2026-11-20",
        "--insurer {I} --insured {N} --from 2027-06-01 --to 2026-05-31 --level 23",
    ),
    (
        "certifications edit",
        "--id 1 --certified-on 2024-05-29",
        "--id 1 --level 99",
    ),
    (
        "certifications withdraw",
        "--id {LAST certifications} --reason mistake",
        "--id 99999 --reason mistake",
    ),
    (
        "providers edit",
        "--number {P} --corporation 有限会社テスト",
        "--number 0000000000 --corporation x",
    ),
    (
        "staff fte edit",
        "--id 1 --fte 0.8 --reason typo",
        "--id 1 --fte 1.7 --reason typo",
    ),
    (
        "deliveries record",
        "--kind schedule --insurer {I} --insured {N} --provider {P} --month 2026-11 --channel fax --at 2026-11-20",
        "--kind schedule --insurer {I} --insured {N} --provider {P} --month 2026-11 --channel pigeon",
    ),
    (
        "deliveries adjust",
        "--insurer {I} --insured {N} --provider {P} --month 2026-11 --exclude",
        "--insurer {I} --insured {N} --provider {P} --month 2026-1O --exclude",
    ),
    (
        "enrollment record",
        "--provider {P} --status enrolled --source provider --date 2026-11-20",
        "--provider {P} --status maybe --source provider",
    ),
    (
        "enrollment outreach",
        "--provider {P} --stage asked --date 2026-11-20",
        "--provider {P} --stage declined --date 2026-11-20",
    ),
    (
        "enrollment observation edit",
        "--id 1 --note checked --reason typo",
        "--id 999 --note x --reason typo",
    ),
    (
        "enrollment observation withdraw",
        "--id 1 --reason mistake",
        "--id 1 --reason mistake",
    ),
    (
        "enrollment outreach-edit",
        "--id 1 --said hello --reason typo",
        "--id 1 --next 2026-02-30 --reason typo",
    ),
    (
        "enrollment outreach-withdraw",
        "--id 1 --reason mistake",
        "--id 1 --reason mistake",
    ),
    (
        "plans add",
        "--insurer {I} --insured {N} --plan-date 2026-11-20 --from 2026-12-01 --to 2027-05-31",
        "--insurer {I} --insured {N} --plan-date 2026-11-20 --from 2026-12-01 --to 2026-11-30",
    ),
    (
        "plans edit",
        "--insurer {I} --insured {N} --plan-date 2026-11-20 --to 2027-04-30",
        "--insurer {I} --insured {N} --plan-date 2026-11-20 --consent-date 2026-11-19",
    ),
    (
        "plans status",
        "--insurer {I} --insured {N} --plan-date 2026-11-20 --status awaiting_consent",
        "--insurer {I} --insured {N} --plan-date 2026-11-20 --status done",
    ),
    (
        "plans steps confirm",
        "--insurer {I} --insured {N} --plan-date 2026-11-20 --reason paper",
        "--insurer {I} --insured {N} --plan-date 2026-11-21 --reason paper",
    ),
    (
        "meetings record",
        "--insurer {I} --insured {N} --plan-date 2026-11-20 --date 2026-11-20 --attendees all",
        "--insurer {I} --insured {N} --plan-date 2026-11-20 --date 2026-11-20 --by-inquiry",
    ),
    (
        "notes add",
        "--insurer {I} --insured {N} --at \"2026-11-20 10:00\" --category phone --text ok",
        "--insurer {I} --insured {N} --at \"2026-11-20 25:00\" --category phone --text ok",
    ),
    (
        "stays add",
        "--insurer {I} --insured {N} --institution Hospital --kind hospital --admitted-on 2026-11-10",
        "--insurer {I} --insured {N} --institution Hospital --kind hotel --admitted-on 2026-11-10",
    ),
    (
        "stays edit",
        "--id {LAST stays} --discharged-on 2026-11-18 --destination home --reason back",
        "--id {LAST stays} --after-hours maybe --reason back",
    ),
    (
        "stays withdraw",
        "--id {LAST stays} --reason mistake",
        "--id 99999 --reason mistake",
    ),
    (
        "kasan decide",
        "--insurer {I} --insured {N} --month 2026-11 --kasan shokai reject --reason none",
        "--insurer {I} --insured {N} --month 2026-11 --kasan shokai reject",
    ),
    (
        "monitoring record",
        "--insurer {I} --insured {N} --date 2026-11-21 --kind visit --note fine",
        "--insurer {I} --insured {N} --date 2026-11-21 --kind visit",
    ),
    (
        "concentration note",
        "--service 15 --text reason",
        "--service 99 --text reason",
    ),
    (
        "clients assignment withdraw",
        "--id 1 --reason mistake",
        "--id 1",
    ),
    (
        "staff fte withdraw",
        "--id 1 --reason mistake",
        "--id 1 --reason mistake",
    ),
    (
        "notes print",
        "--insurer {I} --insured {N} --from 2026-11-01 --to 2026-11-30",
        "--insurer {I} --insured {N} --from 2026-11-30 --to 2026-11-01",
    ),
];

/// Splits a case's arguments as a shell would (double quotes group).
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[test]
fn every_writing_command_speaks_english() {
    let env = Env::with_demo(30);
    std::fs::create_dir_all(env.path("config/careplan")).unwrap();
    env.write("config/careplan/config.toml", "language = \"en\"\n");

    let covered: Vec<&str> = CASES.iter().map(|c| c.0).collect();
    let missing: Vec<String> = writing_commands()
        .into_iter()
        .filter(|c| !covered.contains(&c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "writing commands without a case here: {missing:?}"
    );

    let clients = env.json(&["clients"]);
    let providers = env.json(&["providers"]);
    let staff = env.json(&["staff"]);
    let fill = |s: &str| {
        let mut s = s.to_string();
        while let Some(at) = s.find("{LAST ") {
            let end = at + s[at..].find('}').unwrap();
            let list = env.json(&[&s[at + 6..end]]);
            let last = list
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|r| r["id"].as_i64())
                .max();
            s.replace_range(at..=end, &last.unwrap().to_string());
        }
        s.replace("{I}", clients[0]["insurer_number"].as_str().unwrap())
            .replace("{N}", clients[0]["insured_number"].as_str().unwrap())
            .replace("{P}", providers[0]["office_number"].as_str().unwrap())
            .replace("{CM}", staff[0]["name"].as_str().unwrap())
    };
    // What each run printed; checked once the data the runs typed is in the database too.
    let mut printed: Vec<(String, String)> = Vec::new();
    let text = |out: &std::process::Output| {
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
    };
    for (path, good, bad) in CASES {
        let mut args = words(path);
        args.extend(words(&fill(good)));
        let out = env.cmd().args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        printed.push((format!("{path} (valid)"), text(&out)));

        let mut args = words(path);
        args.extend(words(&fill(bad)));
        let out = env.cmd().args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?} was accepted");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.trim().len() > 10,
            "{args:?} said too little: {stderr}"
        );
        printed.push((format!("{path} (bad value)"), text(&out)));
    }
    let data = data_texts(&env);
    let mut found = Vec::new();
    for (what, text) in &printed {
        for line in text.lines() {
            let mut rest = line.to_string();
            for d in data.iter().map(String::as_str).chain(KEPT.iter().copied()) {
                if rest.contains(d) {
                    rest = rest.replace(d, "");
                }
            }
            if rest.chars().any(is_japanese) {
                found.push(format!("{what}: {line}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "Japanese outside data with language = en:\n{}",
        found.join("\n")
    );
}

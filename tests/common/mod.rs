//! Shared fixtures: a deterministic office database with Japanese edge cases.
#![allow(dead_code)]

use careplan::domain::care_level::{CareLevel, CertStatus};
use careplan::domain::ids::{InsuredNumber, InsurerNumber};
use careplan::store::clients::{self, CertificationFields, ClientFields};
use careplan::store::{Actor, Store};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

pub fn date(s: &str) -> NaiveDate {
    careplan::domain::dates::parse_date(s).unwrap()
}

pub fn today() -> NaiveDate {
    date("2026-11-25")
}

pub fn actor(name: &str) -> Actor {
    Actor {
        os_user: name.into(),
        ssh_client: None,
    }
}

/// A demo office of `n` clients as of 2026-11-25, plus three clients whose names test widths:
/// half-width katakana, a name longer than its column, and a kana-only name.
pub fn office_db(dir: &Path, n: usize) -> (Store, PathBuf) {
    let path = dir.join("office.db");
    let mut store = Store::open(&path, actor("tester")).unwrap();
    careplan::demo::generate(&mut store, n, 7, today()).unwrap();
    store
        .write(|w| {
            for (i, (name, kana)) in [
                ("ﾊﾝｶｸ ﾀﾛｳ", "ﾊﾝｶｸ ﾀﾛｳ"),
                (
                    "長谷川右衛門之助左衛門太郎兵衛",
                    "ハセガワウエモンノスケサエモンタロウベエ",
                ),
                ("あおい はなこ", "アオイ ハナコ"),
            ]
            .iter()
            .enumerate()
            {
                let f = ClientFields {
                    name: name.to_string(),
                    kana: kana.to_string(),
                    birth_date: Some(date("S15.3.2")),
                    sex: None,
                    insurer_number: InsurerNumber::parse("131011").unwrap(),
                    insured_number: InsuredNumber::parse(&format!("{:010}", 1_000_000 + i))
                        .unwrap(),
                    address: "デモ市さくら町1-1-1".into(),
                    phone: String::new(),
                    contract_date: date("2024-04-01"),
                };
                let cert = CertificationFields {
                    care_level: Some(CareLevel::Care3),
                    certified_on: None,
                    valid_from: date("2026-01-01"),
                    valid_to: Some(date("2026-12-31")),
                    status: CertStatus::Certified,
                    change_of_level: false,
                };
                clients::insert(w, &f, None, Some(&cert))?;
            }
            Ok(())
        })
        .unwrap();
    (store, path)
}

/// The `careplan` command in a temporary HOME and XDG folders, never the real user's, with its
/// database there.
pub struct CliEnv {
    pub dir: tempfile::TempDir,
}

impl CliEnv {
    /// With an empty database (`careplan init`).
    pub fn new() -> CliEnv {
        let env = CliEnv::without_database();
        env.cmd().arg("init").assert().success();
        // The fixtures write past months as this office's own records: judged, not kept
        // elsewhere (init sets 記録開始日 to today).
        env.cmd()
            .args(["office", "set", "--records-since", "none"])
            .assert()
            .success();
        env
    }
    /// With no database yet (CAREPLAN_DB names a file that does not exist).
    pub fn without_database() -> CliEnv {
        CliEnv {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    /// With a demo office of `clients` clients as of 2026-11-25.
    pub fn with_demo(clients: usize) -> CliEnv {
        let env = CliEnv::without_database();
        env.cmd()
            .args(["demo", "--out"])
            .arg(env.db())
            .args(["--clients", &clients.to_string(), "--as-of", "2026-11-25"])
            .assert()
            .success();
        env
    }
    pub fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }
    pub fn db(&self) -> PathBuf {
        self.path("office.db")
    }
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::cargo_bin("careplan").unwrap();
        c.env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("CAREPLAN_DB", self.db())
            // Never the machine's own office-wide file.
            .env("CAREPLAN_SYSTEM_CONFIG", "")
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        c
    }
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p
    }
    /// A command with `--format json`, which must succeed.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self
            .cmd()
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// Every figure of four digits or more written without thousands separators beside a unit or
/// a currency (`18404単位`, `203364 円`, `1086 units`, `¥40509`), each with the text around it.
pub fn bare_figures(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let before = start.checked_sub(1).map(|j| chars[j]);
        // A part of a larger figure: 1,086 or 11.05.
        let joined = |c: Option<char>, next: Option<&char>| {
            matches!(c, Some(',' | '.')) && next.is_some_and(char::is_ascii_digit)
        };
        let part =
            matches!(before, Some(',' | '.')) || joined(chars.get(i).copied(), chars.get(i + 1));
        if i - start < 4 || part {
            continue;
        }
        let rest: String = chars[i..].iter().take(8).collect();
        let rest = rest.trim_start();
        let unit = ["単位", "円", "units", "yen"]
            .iter()
            .any(|u| rest.starts_with(u));
        if unit || before == Some('¥') {
            let from = start.saturating_sub(12);
            let to = (i + 8).min(chars.len());
            found.push(chars[from..to].iter().collect());
        }
    }
    found
}

/// Japanese script: kana, CJK ideographs, Japanese punctuation and full-width forms.
pub fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// The texts that are data, printed as they were typed or published whatever the interface
/// language: every text the office's database holds (names, addresses, case-record entries,
/// providers' service types and notes), each cell of the bundled dated data (service types,
/// case-record categories, the national calendar, the fee rules' legal sources) and the
/// talking points, which are said to providers in Japanese. Longest first, so that a name is
/// taken out whole before a shorter one inside it.
pub fn data_texts(env: &CliEnv) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut keep = |s: &str| {
        for t in std::iter::once(s).chain(s.lines()) {
            let t = t.trim();
            if t.chars().any(is_japanese) {
                out.push(t.to_string());
            }
        }
    };
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                if let Ok(Some(s)) = row.get::<_, Option<String>>(i) {
                    keep(&s);
                }
            }
        }
    }
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let mut pending = vec![assets];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            match path.extension().and_then(|e| e.to_str()) {
                Some("tsv") => text.lines().flat_map(|l| l.split('\t')).for_each(&mut keep),
                Some("toml") => text.split('"').skip(1).step_by(2).for_each(&mut keep),
                _ => {}
            }
        }
    }
    let report = env.json(&["enrollment", "report"]);
    for p in report["talking_points"].as_array().unwrap() {
        keep(p["text"].as_str().unwrap());
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    out.dedup();
    out
}

/// Japanese terms English texts keep, as the glossary and the TUI do: legal names of fees and
/// forms a care manager looks up in Japanese.
pub const KEPT_TERMS: &[&str] = &[
    "ターミナルケアマネジメント",
    "退院・退所加算",
    "運営基準減算",
    "同一建物減算",
    "集中減算",
    "初回加算",
    "給付管理",
    "要介護",
    "要支援",
    "加算",
];

//! The exchange's CSV files, generated here as MS932 with encoding_rs (every prefix, free text
//! with commas, quotes and line breaks, v3 and v4 names) and each kind of malformed file, read by
//! `careplan exchange import` and checked through the ledger (`careplan deliveries`).

mod common;

use std::path::{Path, PathBuf};

const OURS: &str = "1399900016"; // the demo office

struct Env(common::CliEnv);

impl std::ops::Deref for Env {
    type Target = common::CliEnv;
    fn deref(&self) -> &common::CliEnv {
        &self.0
    }
}

impl Env {
    fn new() -> Env {
        Env(common::CliEnv::with_demo(20))
    }
    /// `exchange import` as JSON, with its exit code.
    fn import(&self, args: &[&str]) -> (serde_json::Value, i32) {
        let out = self
            .cmd()
            .args(["exchange", "import", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        let v = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
        (v, out.status.code().unwrap())
    }
}

/// A record of `n` fields: version, insurer, insured, then `set` (1-based index, value).
fn rec(n: usize, version: &str, client: (&str, &str), set: &[(usize, &str)]) -> Vec<String> {
    let mut v = vec![String::new(); n];
    v[0] = version.into();
    v[1] = client.0.into();
    v[2] = client.1.into();
    for (i, val) in set {
        v[i - 1] = val.to_string();
    }
    v
}

/// Writes records as the standard does: CSV, CR LF, quoted where needed, MS932.
fn write(dir: &Path, name: &str, records: &[Vec<String>]) -> PathBuf {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for r in records {
        w.write_record(r).unwrap();
    }
    let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable, "fixture text must fit MS932");
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, &bytes).unwrap();
    path
}

struct Fixture {
    client1: (String, String),
    client2: (String, String),
    p1: String,
    p2: String,
}

fn fixture(env: &Env) -> Fixture {
    let plans = env.json(&["plans"]);
    let pick = |i: usize| {
        let p = &plans[i];
        (
            p["client"]["insurer_number"].as_str().unwrap().to_string(),
            p["client"]["insured_number"].as_str().unwrap().to_string(),
            p["lines"][0]["office_number"].as_str().unwrap().to_string(),
        )
    };
    let (a1, b1, p1) = pick(0);
    let (a2, b2, p2) = pick(1);
    Fixture {
        client1: (a1, b1),
        client2: (a2, b2),
        p1,
        p2,
    }
}

const V: &str = "202407";
const FREE_TEXT: &str =
    "本人の意向：「自宅で暮らしたい」, 家族は\"無理のない範囲で\"と話す。\r\n次の行も同じ項目";
const UNKNOWN_PROVIDER: &str = "1370999990";
const UNKNOWN_CLIENT: (&str, &str) = ("131011", "0000099999");

/// One of every prefix, sent and received, v4 names, plus a v3 name.
fn good_files(dir: &Path, f: &Fixture) -> Vec<PathBuf> {
    let c1 = (f.client1.0.as_str(), f.client1.1.as_str());
    let c2 = (f.client2.0.as_str(), f.client2.1.as_str());
    let to = |p: &str, t: &str| format!("{OURS}_43_{p}_{t}");
    let from = |p: &str, t: &str| format!("{p}_{t}_{OURS}_43");
    let plan_set = "20261120100000";
    let month_set = "20261125093000";
    let mut out = vec![
        write(
            dir,
            &format!("UPHOSOKU_000000_{}_{plan_set}.CSV", to(&f.p1, "11")),
            &[rec(
                63,
                V,
                c1,
                &[
                    (4, "20261120"),
                    (5, "ﾃｽﾄ ﾀﾛｳ"),
                    (6, "別名 太郎"),
                    (7, "1"),
                    (8, "19400101"),
                    (16, "2"),
                    (18, "23"),
                    (63, "000000"),
                ],
            )],
        ),
        write(
            dir,
            &format!("UP1KYO_{}_{plan_set}.CSV", to(&f.p1, "11")),
            &[rec(
                28,
                V,
                c1,
                &[
                    (4, "20261120"),
                    (13, OURS),
                    (14, "20261120"),
                    (15, "20240401"),
                    (16, "52"),
                    (18, "20260401"),
                    (19, "20260401"),
                    (20, "20270331"),
                    (21, "23"),
                    (22, FREE_TEXT),
                    (24, "安全に, \"楽しく\""),
                ],
            )],
        ),
        write(
            dir,
            &format!("UP2KYO_{}_{plan_set}.CSV", to(&f.p1, "11")),
            &[
                rec(
                    22,
                    V,
                    c1,
                    &[
                        (4, "20261120"),
                        (5, "20261120"),
                        (6, "1"),
                        (7, "入浴が難しい"),
                        (14, "入浴介助"),
                        (16, "訪問介護"),
                        (17, &f.p1),
                        (18, "事業所"),
                        (19, "週2回"),
                    ],
                ),
                rec(
                    22,
                    V,
                    c1,
                    &[
                        (4, "20261120"),
                        (5, "20261120"),
                        (6, "1"),
                        (14, "通所"),
                        (16, "通所介護"),
                        (17, &f.p2),
                        (19, "週1回"),
                    ],
                ),
            ],
        ),
        write(
            dir,
            &format!("UP3KYO_{}_{plan_set}.CSV", to(&f.p1, "11")),
            &[rec(
                13,
                V,
                c1,
                &[
                    (4, "20261120"),
                    (5, "20261120"),
                    (6, "入浴"),
                    (7, "1"),
                    (8, "1000"),
                    (9, "1100"),
                    (11, "9999"),
                    (12, "9999"),
                ],
            )],
        ),
        write(
            dir,
            &format!("UPHOSOKU_202612_{}_{month_set}.CSV", to(&f.p1, "11")),
            &[rec(
                63,
                V,
                c1,
                &[(4, "00000000"), (6, "別名 太郎"), (63, "202612")],
            )],
        ),
        write(
            dir,
            &format!("UPPLAN_202612_{}_{month_set}.CSV", to(&f.p1, "11")),
            &[
                rec(
                    25,
                    V,
                    c1,
                    &[
                        (4, "20261125"),
                        (5, "202612"),
                        (6, OURS),
                        (10, "20261201"),
                        (12, "1000"),
                        (13, "1100"),
                        (15, "111111"),
                        (20, &f.p1),
                        (21, "訪問介護A"),
                    ],
                ),
                rec(
                    25,
                    V,
                    c1,
                    &[
                        (4, "20261125"),
                        (5, "202612"),
                        (10, "20261202"),
                        (15, "151111"),
                        (20, &f.p2),
                        (21, "デイB"),
                    ],
                ),
                rec(
                    25,
                    V,
                    c2,
                    &[
                        (4, "20261125"),
                        (5, "202612"),
                        (10, "20261203"),
                        (15, "111111"),
                        (20, &f.p1),
                    ],
                ),
                rec(
                    25,
                    V,
                    UNKNOWN_CLIENT,
                    &[
                        (4, "20261125"),
                        (5, "202612"),
                        (10, "20261203"),
                        (15, "111111"),
                        (20, &f.p1),
                    ],
                ),
            ],
        ),
        write(
            dir,
            &format!("UPSIKYU_202612_{}_{month_set}.CSV", to(&f.p1, "11")),
            &[rec(
                37,
                V,
                c1,
                &[(4, "20261125"), (5, "202612"), (7, &f.p1), (9, "111111")],
            )],
        ),
        write(
            dir,
            &format!(
                "UPPLAN_202612_{}_{month_set}.CSV",
                to(UNKNOWN_PROVIDER, "13")
            ),
            &[rec(
                25,
                V,
                c1,
                &[
                    (4, "20261125"),
                    (5, "202612"),
                    (10, "20261204"),
                    (15, "131111"),
                    (20, UNKNOWN_PROVIDER),
                    (21, "みらい訪問看護"),
                ],
            )],
        ),
        write(
            dir,
            &format!("DLTPLAN_202612_{}_20261126090000.CSV", to(&f.p1, "11")),
            &[rec(4, V, c2, &[(4, "202612")])],
        ),
        write(
            dir,
            &format!("DLT1KYO_{}_20261127090000.CSV", to(&f.p2, "15")),
            &[rec(4, V, c1, &[(4, "20260401")])],
        ),
        write(
            dir,
            &format!("UPJSK_202611_{}_20261203170000.CSV", from(&f.p1, "11")),
            &[rec(
                25,
                V,
                c1,
                &[
                    (4, "20261203"),
                    (5, "202611"),
                    (10, "20261105"),
                    (15, "111111"),
                    (20, &f.p1),
                    (21, "訪問介護A"),
                ],
            )],
        ),
        write(
            dir,
            &format!("DLTJSK_202611_{}_20261204170000.CSV", from(&f.p2, "15")),
            &[rec(6, V, c1, &[(4, "202611"), (5, &f.p2), (6, "15")])],
        ),
        write(
            dir,
            &format!("UPKIHON_{}_20261110100000.CSV", to(&f.p2, "15")),
            &[rec(71, V, c1, &[(4, "20261110"), (14, "別名 太郎")])],
        ),
        write(
            dir,
            &format!("UPKIHON_SUB1_{}_20261110100000.CSV", to(&f.p2, "15")),
            &[rec(7, V, c1, &[])],
        ),
        write(
            dir,
            &format!("UPYOBO_{}_20261110100000.CSV", to(&f.p2, "15")),
            &[rec(57, V, c1, &[(4, "20261110")])],
        ),
        write(
            dir,
            &format!("DLTKIHON_{}_20261111100000.CSV", to(&f.p2, "15")),
            &[rec(4, V, c1, &[(4, "20261110")])],
        ),
        write(
            dir,
            &format!("DLTYOBO_{}_20261111100000.CSV", to(&f.p2, "15")),
            &[rec(4, V, c1, &[(4, "20261110")])],
        ),
    ];
    // A ver.3 name (no service types) with ver.3 records (22 fields: no 福祉用具 fields, the
    // provider at №17), lower-case extension.
    out.push(write(
        dir,
        &format!("UPPLAN_202612_{OURS}_{}_20230110120000.csv", f.p2),
        &[rec(
            22,
            "202208",
            c2,
            &[
                (4, "20230110"),
                (5, "202612"),
                (10, "20261205"),
                (17, &f.p2),
            ],
        )],
    ));
    out
}

/// Each kind of malformed file, with what the rejection must name.
fn bad_files(
    dir: &Path,
    f: &Fixture,
) -> Vec<(String, Option<u64>, Option<&'static str>, &'static str)> {
    let c1 = (f.client1.0.as_str(), f.client1.1.as_str());
    let name = |prefix: &str, t: &str| format!("{prefix}_202612_{OURS}_43_{}_11_{t}.CSV", f.p1);
    std::fs::create_dir_all(dir).unwrap();
    // Bad name: a 9-digit office number, as in a known typo of the standard's samples.
    let bad_name = format!(
        "UPPLAN_202612_{}_43_{}_11_20261125093000.CSV",
        &OURS[..9],
        f.p1
    );
    write(dir, &bad_name, &[rec(25, V, c1, &[])]);
    // Bad encoding: bytes that are not MS932 on line 2.
    let enc = name("UPPLAN", "20261125093001");
    let mut bytes = b"202407,131011,0000000001".to_vec();
    bytes.extend(std::iter::repeat_n(b',', 22));
    bytes.extend(b"\r\n202407,131011,0000000002,\x82\xff");
    bytes.extend(std::iter::repeat_n(b',', 21));
    bytes.extend(b"\r\n");
    std::fs::write(dir.join(&enc), bytes).unwrap();
    // Wrong field count on line 2.
    let count = name("UPPLAN", "20261125093002");
    write(dir, &count, &[rec(25, V, c1, &[]), rec(24, V, c1, &[])]);
    // Unbalanced quote opened on line 1.
    let quote = name("UPPLAN", "20261125093003");
    let mut text = format!("{V},{},{},\"開いたまま", c1.0, c1.1);
    text.push_str(&",".repeat(22));
    text.push_str("\r\n");
    std::fs::write(dir.join(&quote), encoding_rs::SHIFT_JIS.encode(&text).0).unwrap();
    // A date that does not exist, in field 10.
    let date = name("UPPLAN", "20261125093004");
    write(dir, &date, &[rec(25, V, c1, &[(10, "20261332")])]);
    // Two versions in one file.
    let mixed = name("UPPLAN", "20261125093005");
    write(
        dir,
        &mixed,
        &[rec(25, V, c1, &[]), rec(25, "202504", c1, &[])],
    );
    vec![
        (bad_name, None, None, "10桁"),
        (enc, Some(2), None, "MS932"),
        (count, Some(2), None, "項目数"),
        (quote, Some(1), None, "引用符"),
        (date, Some(1), Some("10 サービス利用日"), "YYYYMMDD"),
        (mixed, Some(2), Some("1 CSVバージョン"), "混ざって"),
    ]
}

fn hashes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_prefix_lands_in_the_ledger_and_bad_files_are_rejected_whole() {
    let env = Env::new();
    let f = fixture(&env);
    let good = env.path("in/good");
    let bad = env.path("in/bad");
    let files = good_files(&good, &f);
    let expected = bad_files(&bad, &f);
    let before = [hashes(&good), hashes(&bad)];

    let (s, code) = env.import(&[env.path("in").to_str().unwrap()]);
    assert_eq!(code, 1, "rejections make the exit code 1: {s:#}");
    assert_eq!(s["files_read"], files.len() + expected.len());
    assert_eq!(s["files_imported"], files.len(), "{s:#}");
    let rejected = s["files_rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), expected.len(), "{s:#}");
    for (file, line, field, why) in &expected {
        let r = rejected
            .iter()
            .find(|r| r["file"] == file.as_str())
            .unwrap_or_else(|| panic!("{file} not rejected: {s:#}"));
        assert_eq!(r["line"].as_u64(), *line, "{r}");
        if let Some(fl) = field {
            assert_eq!(r["field"], *fl, "{r}");
        }
        assert!(r["reason"].as_str().unwrap().contains(why), "{r}");
    }
    assert_eq!(s["providers_created"], 1);
    assert_eq!(s["plans_recorded"], 1);
    let unmatched = s["unmatched_clients"].as_array().unwrap();
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0]["insured_number"], UNKNOWN_CLIENT.1);
    assert!(
        s["differences"].as_u64().unwrap() >= 1,
        "the name differs: {s:#}"
    );

    // The ledger, through the CLI: December's schedules went by the exchange, with their files.
    let dec = env.json(&["deliveries", "--month", "2026-12"]);
    let from_files: Vec<&serde_json::Value> = dec
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["source_file"].is_null())
        .collect();
    let has = |kind: &str, insured: &str, office: &str| {
        from_files.iter().any(|r| {
            r["kind"] == kind
                && r["client"]["insured_number"] == insured
                && r["provider"]["office_number"] == office
                && r["channel"] == "exchange"
        })
    };
    assert!(has("schedule", &f.client1.1, &f.p1));
    assert!(has("schedule", &f.client2.1, &f.p1));
    assert!(has("schedule", &f.client1.1, UNKNOWN_PROVIDER));
    assert!(has("schedule", &f.client2.1, &f.p2), "the v3 file");
    assert!(has("withdrawal", &f.client2.1, &f.p1));
    // UPPLAN, UPSIKYU and UPHOSOKU of one set make one delivery per client and receiver.
    let same_set = from_files
        .iter()
        .filter(|r| {
            r["kind"] == "schedule"
                && r["client"]["insured_number"] == f.client1.1.as_str()
                && r["provider"]["office_number"] == f.p1.as_str()
        })
        .count();
    assert_eq!(same_set, 1);
    // The time is the file name's timestamp; the provider is the file's receiver, not the
    // providers named inside the records (p2 is on client 1's December schedule but got no file).
    let one = from_files
        .iter()
        .find(|r| r["kind"] == "schedule" && r["provider"]["office_number"] == f.p1.as_str())
        .unwrap();
    assert!(
        one["at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-25T09:30:00")
    );
    assert!(!has("schedule", &f.client1.1, &f.p2));
    let nov = env.json(&["deliveries", "--month", "2026-11"]);
    let nov = nov.as_array().unwrap();
    assert!(nov.iter().any(
        |r| r["kind"] == "actuals" && r["source_file"].as_str().unwrap().starts_with("UPJSK_")
    ));
    assert!(
        nov.iter().any(|r| r["kind"] == "withdrawal"
            && r["source_file"].as_str().unwrap().starts_with("DLTJSK_"))
    );
    assert!(
        nov.iter()
            .any(|r| r["kind"] == "plan" && r["plan_date"] == "2026-11-20")
    );
    assert!(
        nov.iter().any(|r| r["withdraws"] == "plan"
            && r["source_file"].as_str().unwrap().starts_with("DLT1KYO_"))
    );

    // The unknown provider was created from the records, marked as on the exchange.
    let providers = env.json(&["providers"]);
    let created = providers
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["office_number"] == UNKNOWN_PROVIDER)
        .unwrap();
    assert_eq!(created["name"], "みらい訪問看護");
    assert_eq!(created["preferred_channel"], "exchange");
    // 第1表 made a plan revision of its date, with 第2表's lines for known providers.
    let plans = env.json(&["plans"]);
    let plan = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["client"]["insured_number"] == f.client1.1.as_str() && p["plan_date"] == "2026-11-20"
        })
        .unwrap();
    assert_eq!(plan["kind"], "initial continuing");
    assert_eq!(plan["care_level"], "要介護3");
    assert_eq!(plan["lines"].as_array().unwrap().len(), 2);
    // Our client's name was not overwritten by the file's.
    let clients = env.json(&["clients"]);
    let c1 = clients
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["insured_number"] == f.client1.1.as_str())
        .unwrap();
    assert_ne!(c1["name"], "別名 太郎");

    // The files were only read.
    assert_eq!([hashes(&good), hashes(&bad)], before);

    // A second import changes nothing.
    let events_before = env.json(&["deliveries", "--month", "2026-12"]);
    let (again, code) = env.import(&[good.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(again["files_duplicate"], files.len());
    assert_eq!(again["events_recorded"], 0);
    assert_eq!(
        env.json(&["deliveries", "--month", "2026-12"]),
        events_before
    );
}

#[test]
fn dry_run_changes_nothing_and_create_clients_registers_the_unknown() {
    let (env, f, dir) = set_up();
    let c = UNKNOWN_CLIENT;
    let file = write(
        &dir,
        &format!("UPHOSOKU_202612_{OURS}_43_{}_11_20261125093000.CSV", f.p1),
        &[rec(
            63,
            V,
            c,
            &[
                (4, "00000000"),
                (5, "ｼﾝｷ ﾊﾅｺ"),
                (6, "新規 花子"),
                (7, "2"),
                (8, "19380505"),
                (10, "デモ市"),
                (11, "1-2-3"),
                (14, "20260401"),
                (15, "20270331"),
                (16, "2"),
                (18, "22"),
                (63, "202612"),
            ],
        )],
    );
    let path = file.to_str().unwrap();
    let clients_before = env.json(&["clients"]);
    let (s, code) = env.import(&["--dry-run", "--create-clients", path]);
    assert_eq!(code, 0);
    assert_eq!(s["dry_run"], true);
    assert_eq!(s["clients_created"], 1);
    assert_eq!(
        env.json(&["clients"]),
        clients_before,
        "a dry run writes nothing"
    );
    let (s, _) = env.import(&[path]);
    assert_eq!(s["unmatched_clients"].as_array().unwrap().len(), 1);
    // Once seen, the same bytes are a duplicate: new bytes (a later send) create the client.
    let file2 = write(
        &dir,
        &format!("UPHOSOKU_202612_{OURS}_43_{}_11_20261126093000.CSV", f.p1),
        &[rec(
            63,
            V,
            c,
            &[
                (4, "00000000"),
                (5, "ｼﾝｷ ﾊﾅｺ"),
                (6, "新規 花子"),
                (7, "2"),
                (8, "19380505"),
                (14, "20260401"),
                (15, "20270331"),
                (16, "2"),
                (18, "22"),
                (63, "202612"),
            ],
        )],
    );
    let (s, _) = env.import(&["--create-clients", file2.to_str().unwrap()]);
    assert_eq!(s["clients_created"], 1, "{s:#}");
    let clients = env.json(&["clients"]);
    let new = clients
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["insured_number"] == c.1)
        .unwrap();
    assert_eq!(new["name"], "新規 花子");
    assert_eq!(new["care_level"], "要介護2");
    let dec = env.json(&["deliveries", "--month", "2026-12"]);
    assert!(
        dec.as_array()
            .unwrap()
            .iter()
            .any(|r| r["client"]["insured_number"] == c.1)
    );
}

#[test]
fn a_file_for_another_office_or_from_the_wrong_side_is_refused() {
    let (env, f, dir) = set_up();
    let c1 = (f.client1.0.as_str(), f.client1.1.as_str());
    write(
        &dir,
        &format!("UPPLAN_202612_1370000011_43_{}_11_20261125093000.CSV", f.p1),
        &[rec(25, V, c1, &[])],
    );
    write(
        &dir,
        &format!("UPJSK_202611_{OURS}_43_{}_11_20261203170000.CSV", f.p1),
        &[rec(25, V, c1, &[])],
    );
    let (s, code) = env.import(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    let reasons: Vec<&str> = s["files_rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("受け取ったファイルではありません")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains(
            "UPJSK を居宅介護支援事業所がサービス事業所へ送る流れは標準仕様にありません"
        ) && r.contains(&format!("送信元 {OURS} → 送信先 {}", f.p1))),
        "{reasons:?}"
    );
    assert_eq!(s["events_recorded"], 0);
}

// ---- Editions, flows and months as the published standard writes them ----

/// The demo office with its fixture and an empty folder for files.
fn set_up() -> (Env, Fixture, PathBuf) {
    let env = Env::new();
    let f = fixture(&env);
    let dir = env.path("in");
    (env, f, dir)
}

/// A 地域包括支援センター (third digit 0: 介護予防支援).
const CENTRE: &str = "1300000005";

fn rejected<'a>(s: &'a serde_json::Value, file: &str) -> &'a serde_json::Value {
    s["files_rejected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["file"] == file)
        .unwrap_or_else(|| panic!("{file} not rejected: {s:#}"))
}

fn warned(s: &serde_json::Value, file: &str, part: &str) -> bool {
    s["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["file"] == file && w["reason"].as_str().unwrap().contains(part))
}

fn events(env: &Env, month: &str) -> Vec<serde_json::Value> {
    env.json(&["deliveries", "--month", month])
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["source_file"].is_null())
        .cloned()
        .collect()
}

#[test]
fn ver3_and_ver41_schedules_actuals_and_tables_read_side_by_side() {
    let (env, f, dir) = set_up();
    let c1 = (f.client1.0.as_str(), f.client1.1.as_str());
    let c2 = (f.client2.0.as_str(), f.client2.1.as_str());
    let v3 = "202208";
    // ver.3: names without service types, 22 / 22 / 34 fields.
    write(
        &dir,
        &format!("UPPLAN_202612_{OURS}_{}_20261125093000.CSV", f.p1),
        &[rec(
            22,
            v3,
            c1,
            &[
                (4, "20261125"),
                (5, "202612"),
                (10, "20261201"),
                (12, "1000"),
                (13, "1100"),
                (15, "111111"),
                (17, &f.p1),
                (18, "訪問介護A"),
            ],
        )],
    );
    write(
        &dir,
        &format!("UPSIKYU_202612_{OURS}_{}_20261125093000.CSV", f.p1),
        &[rec(
            34,
            v3,
            c1,
            &[
                (4, "20261125"),
                (5, "202612"),
                (7, &f.p1),
                (9, "111111"),
                (27, "3"),
            ],
        )],
    );
    write(
        &dir,
        &format!("UPJSK_202611_{}_{OURS}_20261203170000.CSV", f.p1),
        &[rec(
            22,
            v3,
            c1,
            &[
                (4, "20261203"),
                (5, "202611"),
                (10, "20261105"),
                (15, "111111"),
                (17, &f.p1),
            ],
        )],
    );
    // A ver.3 schedule to a provider we do not know: its name is №18 in ver.3 (№21 in 4.1).
    write(
        &dir,
        &format!("UPPLAN_202612_{OURS}_{UNKNOWN_PROVIDER}_20261125093000.CSV"),
        &[rec(
            22,
            v3,
            c1,
            &[
                (5, "202612"),
                (10, "20261204"),
                (15, "131111"),
                (17, UNKNOWN_PROVIDER),
                (18, "みらい訪問看護"),
            ],
        )],
    );
    // ver.4.1 beside them: 25 / 25 / 37 fields.
    let to = format!("{OURS}_43_{}_11", f.p1);
    write(
        &dir,
        &format!("UPPLAN_202612_{to}_20261125093100.CSV"),
        &[rec(
            25,
            V,
            c2,
            &[
                (5, "202612"),
                (10, "20261201"),
                (15, "111111"),
                (16, "TAIS-1"),
                (20, &f.p1),
            ],
        )],
    );
    write(
        &dir,
        &format!("UPSIKYU_202612_{to}_20261125093100.CSV"),
        &[rec(
            37,
            V,
            c2,
            &[(5, "202612"), (7, &f.p1), (9, "111111"), (30, "3")],
        )],
    );
    write(
        &dir,
        &format!("UPJSK_202611_{}_11_{OURS}_43_20261203170100.CSV", f.p1),
        &[rec(
            25,
            V,
            c2,
            &[(5, "202611"), (10, "20261105"), (15, "111111"), (20, &f.p1)],
        )],
    );
    // A ver.3 schedule with the 4.1 count is refused, saying which editions have 25 fields.
    let wrong = format!("UPPLAN_202612_{OURS}_{}_20261126093000.CSV", f.p2);
    write(&dir, &wrong, &[rec(25, v3, c1, &[(5, "202612")])]);

    let (s, code) = env.import(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{s:#}");
    assert_eq!(s["files_imported"], 7, "{s:#}");
    assert_eq!(s["warnings"].as_array().unwrap().len(), 0, "{s:#}");
    let r = rejected(&s, &wrong);
    let reason = r["reason"].as_str().unwrap();
    assert!(
        reason.contains("ver.3 の UPPLAN の記録は 22 項目")
            && reason.contains("25 項目は ver.4.0・ver.4.1"),
        "{r}"
    );

    let dec = events(&env, "2026-12");
    let nov = events(&env, "2026-11");
    for (client, list, kind) in [
        (&f.client1.1, &dec, "schedule"),
        (&f.client2.1, &dec, "schedule"),
        (&f.client1.1, &nov, "actuals"),
        (&f.client2.1, &nov, "actuals"),
    ] {
        assert!(
            list.iter().any(|r| r["kind"] == kind
                && r["client"]["insured_number"] == client.as_str()
                && r["provider"]["office_number"] == f.p1.as_str()),
            "{kind} of {client}"
        );
    }
    let providers = env.json(&["providers"]);
    let created = providers
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["office_number"] == UNKNOWN_PROVIDER)
        .unwrap();
    assert_eq!(created["name"], "みらい訪問看護");
    assert_eq!(created["service_types"][0], "13");
}

#[test]
fn a_name_and_records_of_different_editions_are_read_by_the_records_or_refused() {
    let (env, f, dir) = set_up();
    let c1 = (f.client1.0.as_str(), f.client1.1.as_str());
    // A ver.4 name carrying ver.3 records whose field count fits ver.3: read as ver.3.
    let fits = format!("UPPLAN_202612_{OURS}_43_{}_11_20261125093000.CSV", f.p1);
    write(
        &dir,
        &fits,
        &[rec(
            22,
            "202208",
            c1,
            &[(5, "202612"), (10, "20261201"), (15, "111111"), (17, &f.p1)],
        )],
    );
    // The same, with 25 fields: neither layout can be chosen with certainty.
    let neither = format!("UPJSK_202611_{}_11_{OURS}_43_20261203170000.CSV", f.p1);
    write(&dir, &neither, &[rec(25, "202208", c1, &[(5, "202611")])]);
    // An unknown version: refused with the known ones and the edition its count matches.
    let unknown = format!("UPJSK_202611_{}_11_{OURS}_43_20261203170001.CSV", f.p1);
    write(&dir, &unknown, &[rec(25, "202410", c1, &[(5, "202611")])]);

    let (s, code) = env.import(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(s["files_imported"], 1, "{s:#}");
    assert!(warned(&s, &fits, "記録の版の様式で読みました"), "{s:#}");
    assert!(
        events(&env, "2026-12")
            .iter()
            .any(|r| r["kind"] == "schedule"
                && r["client"]["insured_number"] == f.client1.1.as_str())
    );
    let r = rejected(&s, &neither);
    assert_eq!(r["line"], 1);
    let reason = r["reason"].as_str().unwrap();
    assert!(
        reason.contains("ver.4 の形") && reason.contains("202208（ver.3）"),
        "{r}"
    );
    let r = rejected(&s, &unknown);
    let reason = r["reason"].as_str().unwrap();
    assert!(
        reason.contains("「202410」は知られていない版")
            && reason.contains("202407（ver.4.1）")
            && reason.contains("ver.4.0・ver.4.1 の UPJSK と同じ"),
        "{r}"
    );
}

#[test]
fn the_two_preventive_commission_flows_are_recorded_as_what_they_are() {
    let (env, f, dir) = set_up();
    let c1 = (f.client1.0.as_str(), f.client1.1.as_str());
    // 予定+実績 sent on to the centre: lines of several providers.
    let on = format!("UPJSK_202611_{OURS}_43_{CENTRE}_46_20261205100000.CSV");
    write(
        &dir,
        &on,
        &[
            rec(
                25,
                V,
                c1,
                &[(5, "202611"), (10, "20261105"), (15, "111111"), (20, &f.p1)],
            ),
            rec(
                25,
                V,
                c1,
                &[(5, "202611"), (10, "20261106"), (15, "151111"), (20, &f.p2)],
            ),
        ],
    );
    // The centre's 利用者基本情報 and 計画書, received to be passed on.
    let kihon = format!("UPKIHON_{CENTRE}_46_{OURS}_43_20261110100000.CSV");
    write(&dir, &kihon, &[rec(71, V, c1, &[(4, "20261110")])]);
    let yobo = format!("UPYOBO_{CENTRE}_46_{OURS}_43_20261110100000.CSV");
    write(&dir, &yobo, &[rec(57, V, c1, &[(4, "20261110")])]);
    // Not flows of the standard: a schedule to the centre, a plan from the centre to a provider
    // is not ours to receive, and the centre's file sent back to it.
    let to_centre = format!("UPPLAN_202612_{OURS}_43_{CENTRE}_46_20261125093000.CSV");
    write(&dir, &to_centre, &[rec(25, V, c1, &[(5, "202612")])]);
    let back = format!("UPKIHON_{OURS}_43_{CENTRE}_46_20261111100000.CSV");
    write(&dir, &back, &[rec(71, V, c1, &[(4, "20261110")])]);

    let (s, code) = env.import(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{s:#}");
    assert_eq!(s["files_imported"], 3, "{s:#}");
    let nov = events(&env, "2026-11");
    let centre_rows: Vec<&serde_json::Value> = nov
        .iter()
        .filter(|r| r["provider"]["office_number"] == CENTRE)
        .collect();
    assert!(
        centre_rows
            .iter()
            .any(|r| r["kind"] == "centre_forward" && r["month"] == "2026-11"),
        "{centre_rows:#?}"
    );
    assert!(
        centre_rows
            .iter()
            .any(|r| r["kind"] == "centre_plan" && r["plan_date"] == "2026-11-10"),
        "{centre_rows:#?}"
    );
    assert!(
        !centre_rows
            .iter()
            .any(|r| r["kind"] == "actuals" || r["kind"] == "plan"),
        "the centre neither sent actuals nor received a plan: {centre_rows:#?}"
    );
    let r = rejected(&s, &to_centre);
    let reason = r["reason"].as_str().unwrap();
    assert!(
        reason.contains(
            "UPPLAN を居宅介護支援事業所が地域包括支援センターへ送る流れは標準仕様にありません"
        ) && reason.contains(&format!("送信元 {OURS} → 送信先 {CENTRE}")),
        "{r}"
    );
    assert!(
        rejected(&s, &back)["reason"]
            .as_str()
            .unwrap()
            .contains("地域包括支援センター→居宅介護支援事業所"),
        "the legal flows are listed"
    );
    let providers = env.json(&["providers"]);
    let centre = providers
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["office_number"] == CENTRE)
        .unwrap();
    assert_eq!(centre["service_types"][0], "46");
}

#[test]
fn upkihon_reads_kana_from_14_and_the_name_from_15() {
    let (env, f, dir) = set_up();
    let clients = env.json(&["clients"]);
    let known = clients
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["insured_number"] == f.client1.1.as_str())
        .unwrap()
        .clone();
    let c1 = (f.client1.0.as_str(), f.client1.1.as_str());
    let name = format!("UPKIHON_{CENTRE}_46_{OURS}_43_20261110100000.CSV");
    write(
        &dir,
        &name,
        &[
            rec(
                71,
                V,
                UNKNOWN_CLIENT,
                &[
                    (4, "20261110"),
                    (14, "ミライ ハナコ"),
                    (15, "未来 花子"),
                    (16, "2"),
                    (17, "19400505"),
                ],
            ),
            rec(
                71,
                V,
                c1,
                &[
                    (4, "20261110"),
                    (14, known["kana"].as_str().unwrap()),
                    (15, known["name"].as_str().unwrap()),
                ],
            ),
        ],
    );
    let (s, code) = env.import(&["--create-clients", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{s:#}");
    assert_eq!(s["clients_created"], 1);
    assert_eq!(
        s["differences"], 0,
        "the known client's own name and kana are no difference: {s:#}"
    );
    let clients = env.json(&["clients"]);
    let new = clients
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["insured_number"] == UNKNOWN_CLIENT.1)
        .unwrap();
    assert_eq!(new["name"], "未来 花子");
    assert_eq!(new["kana"], "ミライ ハナコ");
}

#[test]
fn a_file_holds_one_service_month() {
    let (env, f, dir) = set_up();
    let c1 = (f.client1.0.as_str(), f.client1.1.as_str());
    let c2 = (f.client2.0.as_str(), f.client2.1.as_str());
    let to = format!("{OURS}_43_{}_11", f.p1);
    // October's lines in a November file, on line 2.
    let two_months = format!("UPPLAN_202611_{to}_20261025093000.CSV");
    write(
        &dir,
        &two_months,
        &[
            rec(25, V, c1, &[(5, "202611"), (10, "20261102"), (20, &f.p1)]),
            rec(25, V, c2, &[(5, "202610"), (10, "20261030"), (20, &f.p1)]),
        ],
    );
    // The right 対象年月 with a service date of another month.
    let date = format!("UPJSK_202611_{}_11_{OURS}_43_20261203170000.CSV", f.p1);
    write(
        &dir,
        &date,
        &[rec(
            25,
            V,
            c1,
            &[(5, "202611"), (10, "20261001"), (20, &f.p1)],
        )],
    );
    let (s, code) = env.import(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(s["files_imported"], 0, "{s:#}");
    let r = rejected(&s, &two_months);
    assert_eq!(
        (r["line"].as_u64(), r["field"].as_str()),
        (Some(2), Some("5 対象年月"))
    );
    assert!(r["reason"].as_str().unwrap().contains("202610"), "{r}");
    let r = rejected(&s, &date);
    assert_eq!(r["field"], "10 サービス利用日");
    assert!(events(&env, "2026-10").is_empty());
    assert!(events(&env, "2026-11").is_empty());
}

#[test]
fn lenient_where_the_standard_is_silent_and_strict_where_it_is_not() {
    let (env, f, dir) = set_up();
    let c1 = (f.client1.0.as_str(), f.client1.1.as_str());
    // A visit ending at midnight.
    let midnight = format!("UPJSK_202611_{}_11_{OURS}_43_20261203170000.CSV", f.p1);
    write(
        &dir,
        &midnight,
        &[rec(
            25,
            V,
            c1,
            &[
                (5, "202611"),
                (10, "20261105"),
                (12, "2300"),
                (13, "2400"),
                (15, "111111"),
                (20, &f.p1),
            ],
        )],
    );
    // A first line of field names.
    let header = format!("UPPLAN_202612_{OURS}_43_{}_11_20261125093000.CSV", f.p1);
    let mut names = rec(25, "CSVバージョン", ("保険者番号", "被保険者番号"), &[]);
    for (i, n) in names.iter_mut().enumerate().skip(3) {
        *n = format!("項目{}", i + 1);
    }
    write(
        &dir,
        &header,
        &[
            names,
            rec(
                25,
                V,
                c1,
                &[(5, "202612"), (10, "20261201"), (15, "111111"), (20, &f.p1)],
            ),
        ],
    );
    // The name says 訪問介護 (11), the codes inside say 通所介護 (15): the codes win.
    let mismatch = format!("UPJSK_202611_{}_11_{OURS}_43_20261203170001.CSV", f.p2);
    write(
        &dir,
        &mismatch,
        &[rec(
            25,
            V,
            c1,
            &[(5, "202611"), (10, "20261106"), (15, "151111"), (20, &f.p2)],
        )],
    );
    // Sub-files have their own field counts.
    let sub2 = format!("UPKIHON_SUB2_{OURS}_43_{}_15_20261110100000.CSV", f.p2);
    write(&dir, &sub2, &[rec(12, V, c1, &[])]);
    let yobo_sub = format!("UPYOBO_SUB_{OURS}_43_{}_15_20261110100000.CSV", f.p2);
    write(&dir, &yobo_sub, &[rec(17, V, c1, &[])]);
    // A time of 2400 is an end, never a start.
    let start = format!("UPJSK_202611_{}_11_{OURS}_43_20261203170002.CSV", f.p1);
    write(
        &dir,
        &start,
        &[rec(25, V, c1, &[(5, "202611"), (12, "2400"), (20, &f.p1)])],
    );

    let (s, code) = env.import(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{s:#}");
    assert_eq!(s["files_imported"], 4, "{s:#}");
    assert!(warned(&s, &header, "見出し行"), "{s:#}");
    assert!(
        s["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["file"] == header.as_str() && w["line"] == 1)
    );
    assert!(
        warned(&s, &mismatch, "15（通所介護）として記録しました"),
        "{s:#}"
    );
    assert!(
        rejected(&s, &sub2)["reason"]
            .as_str()
            .unwrap()
            .contains("UPKIHON_SUB2 の記録は 11 項目")
    );
    let r = rejected(&s, &start);
    assert_eq!(r["field"], "12 サービス開始時刻");
    let nov = events(&env, "2026-11");
    let from_mismatch = nov
        .iter()
        .find(|r| r["source_file"] == mismatch.as_str())
        .unwrap();
    assert_eq!(from_mismatch["provider"]["service_type"], "15");
    assert!(nov.iter().any(|r| r["source_file"] == midnight.as_str()));
    assert!(
        events(&env, "2026-12")
            .iter()
            .any(|r| r["source_file"] == header.as_str())
    );

    // The table output lists warnings too.
    let later = env.path("later");
    let again = format!("UPPLAN_202612_{OURS}_43_{}_11_20261126093000.CSV", f.p1);
    let mut names = rec(25, "CSVバージョン", ("保険者番号", "被保険者番号"), &[]);
    names[3] = "作成年月日".into();
    write(
        &later,
        &again,
        &[
            names,
            rec(
                25,
                V,
                c1,
                &[(5, "202612"), (10, "20261201"), (15, "111111"), (20, &f.p1)],
            ),
        ],
    );
    let out = env
        .cmd()
        .args(["exchange", "import", later.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("注意: {again} 1行目: 項目名の見出し行です")),
        "{stdout}"
    );
}

/// A FIFO named like a standard file and a link looping back up the tree: the FIFO is passed
/// over without being opened (opening it would wait forever), the looping folder is read once,
/// and both are listed.
#[test]
fn fifos_and_looping_links_in_an_exchange_folder_are_passed_over_and_listed() {
    let (env, f, dir) = set_up();
    let c1 = (f.client1.0.as_str(), f.client1.1.as_str());
    let good = write(
        &dir,
        &format!("UPPLAN_202612_{OURS}_43_{}_11_20261125093000.CSV", f.p1),
        &[rec(
            25,
            V,
            c1,
            &[(5, "202612"), (10, "20261201"), (20, &f.p1)],
        )],
    );
    let fifo = dir.join(format!(
        "UPPLAN_202612_{OURS}_43_{}_11_20261125093001.CSV",
        f.p2
    ));
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();
    let out = env
        .cmd()
        .args(["exchange", "import", "--format", "json"])
        .arg(&dir)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    let s: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(out.status.code(), Some(0), "{s:#}");
    assert_eq!(s["files_imported"], 1, "{s:#}");
    let skipped = s["skipped"].as_array().unwrap();
    assert!(
        skipped.iter().any(|k| k["path"] == fifo.to_str().unwrap()
            && k["reason"].as_str().unwrap().contains("FIFO")),
        "{s:#}"
    );
    assert!(
        skipped
            .iter()
            .any(|k| k["path"].as_str().unwrap().ends_with("loop")
                && k["reason"].as_str().unwrap().contains("既に読んだフォルダ")),
        "{s:#}"
    );
    assert!(good.exists());
}

/// No false rows: actuals for a month that had not begun when the file was sent are refused,
/// with the reason, and nothing of the file is recorded.
#[test]
fn actuals_for_a_month_not_yet_begun_are_refused() {
    let (env, f, dir) = set_up();
    let c1 = (f.client1.0.as_str(), f.client1.1.as_str());
    let early = format!("UPJSK_202701_{}_11_{OURS}_43_20261203170000.CSV", f.p1);
    write(
        &dir,
        &early,
        &[rec(
            25,
            V,
            c1,
            &[(5, "202701"), (10, "20270105"), (20, &f.p1)],
        )],
    );
    let (s, code) = env.import(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(s["files_imported"], 0, "{s:#}");
    let r = rejected(&s, &early);
    assert!(
        r["reason"]
            .as_str()
            .unwrap()
            .contains("2027年1月の実績はまだ記録できません"),
        "{r}"
    );
    assert!(events(&env, "2027-01").is_empty());
}

/// Writes a zip archive of `(name inside, bytes)`, compressed as browsers' downloads are.
fn zip_of(path: &Path, entries: &[(&str, Vec<u8>)]) -> PathBuf {
    use std::io::Write;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        z.start_file(*name, opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    path.to_path_buf()
}

/// Two good files (a schedule sent, actuals received) and one with a short record, as MS932
/// bytes with their names.
fn two_good_one_bad(dir: &Path, f: &Fixture) -> [(String, Vec<u8>); 3] {
    let c1 = (f.client1.0.as_str(), f.client1.1.as_str());
    let c2 = (f.client2.0.as_str(), f.client2.1.as_str());
    let plan = format!("UPPLAN_202612_{OURS}_43_{}_11_20261125093000.CSV", f.p1);
    let actuals = format!("UPJSK_202611_{}_11_{OURS}_43_20261202170000.CSV", f.p1);
    let short = format!("UPPLAN_202612_{OURS}_43_{}_11_20261125093100.CSV", f.p2);
    let files = [
        write(
            dir,
            &plan,
            &[rec(
                25,
                V,
                c1,
                &[(5, "202612"), (10, "20261202"), (20, &f.p1)],
            )],
        ),
        write(
            dir,
            &actuals,
            &[rec(
                25,
                V,
                c2,
                &[(5, "202611"), (10, "20261105"), (20, &f.p1)],
            )],
        ),
        write(
            dir,
            &short,
            &[rec(25, V, c1, &[(5, "202612")]), rec(24, V, c1, &[])],
        ),
    ];
    let read = |p: &PathBuf| std::fs::read(p).unwrap();
    [
        (plan, read(&files[0])),
        (actuals, read(&files[1])),
        (short, read(&files[2])),
    ]
}

fn exchange_events(env: &Env, month: &str) -> Vec<serde_json::Value> {
    events(env, month)
        .into_iter()
        .filter(|e| e["channel"] == "exchange" && !e["source_file"].is_null())
        .collect()
}

#[test]
fn a_zip_of_standard_files_is_read_as_the_files_inside_and_never_changed() {
    let (env, f, dir) = set_up();
    let [
        (plan, plan_bytes),
        (actuals, actuals_bytes),
        (short, short_bytes),
    ] = two_good_one_bad(&env.path("staging"), &f);
    // A browser's download folder: the archive (a folder inside it too) and a readme.
    let downloads = dir.join("Downloads");
    let archive = zip_of(
        &downloads.join("renkei.zip"),
        &[
            (&format!("2026-12/{plan}"), plan_bytes.clone()),
            (&actuals, actuals_bytes.clone()),
            (&short, short_bytes),
            ("README.txt", b"read me".to_vec()),
        ],
    );
    let before = std::fs::read(&archive).unwrap();

    let (s, code) = env.import(&[downloads.to_str().unwrap()]);
    assert_eq!(code, 1, "the bad entry is a rejected file: {s:#}");
    assert_eq!(
        (&s["files_read"], &s["files_imported"]),
        (&3.into(), &2.into()),
        "{s:#}"
    );
    let r = rejected(&s, &format!("renkei.zip!/{short}"));
    assert_eq!(r["line"], 2);
    assert!(r["reason"].as_str().unwrap().contains("項目数"), "{r}");
    assert!(
        s["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["path"] == "renkei.zip!/README.txt"),
        "{s:#}"
    );
    // The ledger names the file inside its archive.
    let sent = exchange_events(&env, "2026-12");
    assert!(
        sent.iter()
            .any(|e| e["source_file"] == format!("renkei.zip!/2026-12/{plan}").as_str()),
        "{sent:#?}"
    );
    let received = exchange_events(&env, "2026-11");
    assert!(
        received.iter().any(|e| e["kind"] == "actuals"
            && e["source_file"] == format!("renkei.zip!/{actuals}").as_str()),
        "{received:#?}"
    );
    assert_eq!(
        std::fs::read(&archive).unwrap(),
        before,
        "the archive is only read"
    );

    // The same archive again, and the same files loose beside it: nothing new is recorded.
    std::fs::write(downloads.join(&plan), &plan_bytes).unwrap();
    std::fs::write(downloads.join(&actuals), &actuals_bytes).unwrap();
    let (again, _) = env.import(&[downloads.to_str().unwrap()]);
    assert_eq!(again["files_imported"], 0, "{again:#}");
    assert_eq!(again["files_duplicate"], 4, "{again:#}");
    assert_eq!(again["events_recorded"], 0);
    assert_eq!(exchange_events(&env, "2026-12"), sent);
    assert_eq!(exchange_events(&env, "2026-11"), received);
}

#[test]
fn a_corrupt_zip_is_a_rejected_file_that_says_what_to_do() {
    let (env, f, dir) = set_up();
    let [(plan, plan_bytes), ..] = two_good_one_bad(&env.path("staging"), &f);
    let whole = zip_of(&env.path("whole.zip"), &[(&plan, plan_bytes)]);
    // A download cut short: the end of the archive (its directory) is missing.
    let bytes = std::fs::read(whole).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("cut.zip"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(dir.join("noise.zip"), b"not a zip at all").unwrap();
    let (s, code) = env.import(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(s["files_imported"], 0);
    for name in ["cut.zip", "noise.zip"] {
        let r = rejected(&s, name);
        let reason = r["reason"].as_str().unwrap();
        assert!(
            reason.contains("ZIP ファイルとして読めません")
                && reason.contains("ダウンロードし直して"),
            "{r}"
        );
    }
}

#[test]
fn a_zip_entry_outside_the_archive_or_too_large_is_refused() {
    let (env, f, dir) = set_up();
    let [(plan, plan_bytes), ..] = two_good_one_bad(&env.path("staging"), &f);
    let big = format!("UPPLAN_202612_{OURS}_43_{}_11_20261125093200.CSV", f.p2);
    zip_of(
        &dir.join("odd.zip"),
        &[
            (&format!("../{plan}"), plan_bytes.clone()),
            (&format!("/tmp/{plan}"), plan_bytes),
            // Compresses to almost nothing, unpacks past the cap.
            (&big, vec![b'0'; 50 * 1024 * 1024 + 1]),
        ],
    );
    let (s, code) = env.import(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(s["files_imported"], 0, "{s:#}");
    for name in [
        format!("odd.zip!/../{plan}"),
        format!("odd.zip!//tmp/{plan}"),
    ] {
        assert!(
            rejected(&s, &name)["reason"]
                .as_str()
                .unwrap()
                .contains("「..」"),
            "{s:#}"
        );
    }
    assert!(
        rejected(&s, &format!("odd.zip!/{big}"))["reason"]
            .as_str()
            .unwrap()
            .contains("大きすぎる"),
        "{s:#}"
    );
    assert!(exchange_events(&env, "2026-12").is_empty());
}

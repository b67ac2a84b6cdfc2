//! `careplan migrate kokuho` and `careplan claims` against 伝送 files built here from the
//! national layouts (fictional people; MS932, CRLF, control/data/end records).

mod common;

use common::CliEnv as Env;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// This office (the 居宅) and two providers not yet known to careplan.
const OFFICE: &str = "1370000019";
const HOME_HELP: &str = "1370000027";
const DAY_CARE: &str = "1370000035";
/// Registered clients A (要介護1, band (i)) and B, and C whom careplan does not know.
const INSURER: &str = "131011";
const A: &str = "0000000001";
const B: &str = "0000000002";
const C_INSURER8: &str = "00143826";
const C: &str = "0000000099";

/// A 給付管理票 (8222) record's fields: a provider line, or with `provider` None the terminal
/// row (99) with the CM number.
#[allow(clippy::too_many_arguments)]
fn benefit(
    month: &str,
    insurer8: &str,
    creation: &str,
    created: &str,
    row: &str,
    insured: &str,
    provider: Option<(&str, &str, u32)>,
    cm: &str,
) -> Vec<String> {
    let mut f: Vec<String> = [
        "8222", month, insurer8, OFFICE, creation, created, "3", row, insured, "19400302", "1",
        "21", "202504", "202703",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    match provider {
        Some((office, kind, units)) => f.extend(
            [
                "",
                "1",
                office,
                "1",
                kind,
                &units.to_string(),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
            .iter()
            .map(|s| s.to_string()),
        ),
        None => f.extend(
            [
                "16765", "1", "0", "0", "0", "", "", "", "", "7000", cm, "", "",
            ]
            .iter()
            .map(|s| s.to_string()),
        ),
    }
    f
}

/// A 居宅介護支援費明細書 (8124) record's fields.
fn fee(
    month: &str,
    insured: &str,
    notified: &str,
    line: &str,
    code: &str,
    units: u32,
    cm: &str,
) -> Vec<String> {
    [
        "8124",
        OFFICE,
        "1",
        month,
        INSURER,
        "1084",
        insured,
        "",
        "",
        "19400302",
        "1",
        "21",
        "20250401",
        "20270331",
        notified,
        line,
        code,
        &units.to_string(),
        "1",
        &units.to_string(),
        if line == "99" { "1500" } else { "" },
        if line == "99" { "16260" } else { "" },
        cm,
        "",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn invoice(month: &str, n: u32) -> Vec<String> {
    [
        "7111",
        month,
        OFFICE,
        "1",
        "0",
        "02",
        &n.to_string(),
        "2204",
        "23891",
        "23891",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A whole 伝送 file: control record, the data records, end record; MS932 with CRLF.
fn transmission(kind: &str, processing: &str, data: &[Vec<String>]) -> Vec<u8> {
    let mut text = format!(
        "1,1,0,{},{kind},0,0,{OFFICE},0,7,{processing},1\r\n",
        data.len()
    );
    for (i, d) in data.iter().enumerate() {
        text.push_str(&format!("2,{},{}\r\n", i + 2, d.join(",")));
    }
    text.push_str(&format!("3,{}\r\n", data.len() + 2));
    encoding_rs::SHIFT_JIS.encode(&text).0.into_owned()
}

fn put(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// A year's files in miniature, named as no suite names them (names must not matter):
/// - processing 2026-05: April's 給付管理票 (A with two new providers, B, C with an 8-digit
///   insurer number) and April's 明細書 (A band (i) with a 届出日, B billed band (ii));
/// - processing 2026-07: A's late claim for service month May, B's 修正 for April, C's 取消;
/// - a note that is not a 伝送 file.
fn files(dir: &Path) -> PathBuf {
    let d = dir.join("densou");
    let insurer8 = format!("00{INSURER}");
    put(
        &d,
        "first.csv",
        &transmission(
            "821",
            "202605",
            &[
                benefit(
                    "202604",
                    &insurer8,
                    "1",
                    "20260505",
                    "01",
                    A,
                    Some((HOME_HELP, "11", 5000)),
                    "",
                ),
                benefit(
                    "202604",
                    &insurer8,
                    "1",
                    "20260505",
                    "02",
                    A,
                    Some((DAY_CARE, "15", 3000)),
                    "",
                ),
                benefit(
                    "202604", &insurer8, "1", "20260505", "99", A, None, "13000001",
                ),
                benefit(
                    "202604",
                    &insurer8,
                    "1",
                    "20260505",
                    "01",
                    B,
                    Some((HOME_HELP, "11", 2000)),
                    "",
                ),
                benefit(
                    "202604", &insurer8, "1", "20260505", "99", B, None, "13000002",
                ),
                benefit(
                    "202604",
                    C_INSURER8,
                    "1",
                    "20260505",
                    "01",
                    C,
                    Some((HOME_HELP, "11", 900)),
                    "",
                ),
                benefit(
                    "202604", C_INSURER8, "1", "20260505", "99", C, None, "13000002",
                ),
            ],
        ),
    );
    put(
        &d,
        "sub/second.dat",
        &transmission(
            "711",
            "202605",
            &[
                invoice("202604", 2),
                fee("202604", A, "20240315", "1", "432111", 1086, "13000001"),
                fee("202604", A, "20240315", "99", "436191", 23, "13000001"),
                fee("202604", B, "", "99", "433211", 704, "13000002"),
            ],
        ),
    );
    put(
        &d,
        "third",
        &transmission(
            "821",
            "202607",
            &[
                benefit(
                    "202605",
                    &insurer8,
                    "1",
                    "20260703",
                    "01",
                    A,
                    Some((DAY_CARE, "15", 2500)),
                    "",
                ),
                benefit(
                    "202605", &insurer8, "1", "20260703", "99", A, None, "13000001",
                ),
                benefit(
                    "202604",
                    &insurer8,
                    "2",
                    "20260703",
                    "01",
                    B,
                    Some((DAY_CARE, "15", 1500)),
                    "",
                ),
                benefit(
                    "202604", &insurer8, "2", "20260703", "99", B, None, "13000002",
                ),
                benefit("202604", C_INSURER8, "3", "20260703", "99", C, None, ""),
            ],
        ),
    );
    put(
        &d,
        "メモ.txt",
        &encoding_rs::SHIFT_JIS.encode("伝送の控え\r\n").0,
    );
    d
}

/// An office with staff (FTE 1.6) and clients A and B; A's 契約日 an estimate from the first
/// plan, B's from the certification start.
fn office() -> Env {
    let env = Env::new();
    let staff = env.write(
        "staff.csv",
        "氏名,フリガナ,介護支援専門員番号,職種,常勤換算,適用開始日\n\
         佐藤 花子,サトウ ハナコ,13000001,介護支援専門員,1.0,2024-04-01\n\
         鈴木 一郎,スズキ イチロウ,13000002,介護支援専門員,0.6,2024-04-01\n",
    );
    env.cmd()
        .args(["import", "staff"])
        .arg(&staff)
        .assert()
        .success();
    let clients = env.write(
        "clients.csv",
        &format!(
            "氏名,フリガナ,生年月日,性別,保険者番号,被保険者番号,要介護度,認定日,認定有効期間開始日,認定有効期間終了日,契約日,契約終了日,担当介護支援専門員\n\
             山田 太郎,ヤマダ タロウ,S15.3.2,男,{INSURER},{A},要介護1,,2025-04-01,2027-03-31,2024-06-01,,佐藤 花子\n\
             川口 さち,カワグチ サチ,S20.1.5,女,{INSURER},{B},要介護3,,2025-04-01,2027-03-31,2025-04-01,,鈴木 一郎\n"
        ),
    );
    env.cmd()
        .args(["import", "clients"])
        .arg(&clients)
        .assert()
        .success();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(&format!(
        "UPDATE clients SET contract_date_source = 'first_plan' WHERE insured_number = '{A}';
         UPDATE clients SET contract_date_source = 'certification_start' WHERE insured_number = '{B}';"
    ))
    .unwrap();
    env
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(out)))
}

fn migrate(env: &Env, dir: &Path, extra: &[&str]) -> Value {
    let out = env
        .cmd()
        .args(["migrate", "kokuho"])
        .arg(dir)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out.stdout)
}

fn claims(env: &Env, month: &str) -> Value {
    let out = env
        .cmd()
        .args(["claims", "--month", month, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    json_of(&out.stdout)
}

fn kinds(summary: &Value) -> Vec<String> {
    let mut k: Vec<String> = summary["review"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap().to_string())
        .collect();
    k.sort();
    k
}

#[test]
fn the_summary_counts_months_providers_estimates_and_review_and_a_second_run_adds_nothing() {
    let env = office();
    let dir = files(env.dir.path());
    let s = migrate(&env, &dir, &[]);
    // A April and May, B April, C April (kept, cancelled): four person-months.
    assert_eq!(s["claim_months"], 4, "{s:#}");
    assert_eq!(s["providers_created"], 2);
    assert_eq!(s["clients_created"], 0);
    assert_eq!(s["clients_updated"], 2);
    assert_eq!(s["dry_run"], false);
    assert!(s["records_since"].as_str().is_some_and(|d| d.len() == 10));
    assert_eq!(
        kinds(&s),
        [
            "contract_date_estimated",
            "contract_date_estimated",
            "provider_unnamed",
            "provider_unnamed",
            "unknown_client"
        ]
    );
    let unknown = s["review"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "unknown_client")
        .unwrap();
    // The 8-digit insurer number of the 8222 is the 6-digit one of the client.
    let detail = unknown["detail"].as_str().unwrap();
    assert!(detail.contains("143826") && detail.contains(C) && detail.contains("2026-04"));
    assert!(!detail.contains(C_INSURER8));
    let skipped = s["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["file"], "メモ.txt");
    for key in ["file", "line", "reason"] {
        assert!(skipped[0].get(key).is_some());
    }
    for key in ["file", "line", "kind", "detail"] {
        assert!(unknown.get(key).is_some());
    }

    // The 契約日: A's from the 届出日, B's (no 届出日) from the first claimed month.
    let out = env
        .cmd()
        .args(["clients", "--format", "json"])
        .output()
        .unwrap();
    let list = json_of(&out.stdout);
    let contract = |insured: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["insured_number"] == insured)
            .map(|c| c["contract_date"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(contract(A), "2024-03-15");
    assert_eq!(contract(B), "2026-04-01");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let sources: Vec<String> = conn
        .prepare("SELECT contract_date_source FROM clients ORDER BY insured_number")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(sources, ["notification", "first_claim"]);
    // Providers registered from their numbers, with a name that says where they came from.
    let out = env
        .cmd()
        .args(["providers", "--format", "json"])
        .output()
        .unwrap();
    let providers = json_of(&out.stdout);
    let names: Vec<&str> = providers
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&format!("（伝送ファイルより）{HOME_HELP}").as_str()));

    // The same files again: nothing new.
    let again = migrate(&env, &dir, &[]);
    assert_eq!(again["claim_months"], 0, "{again:#}");
    assert_eq!(again["providers_created"], 0);
    assert_eq!(again["clients_updated"], 0);
    assert_eq!(kinds(&again), ["unknown_client"]);
    let open: i64 = conn
        .query_row("SELECT count(*) FROM migration_reviews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(open, 5);
}

#[test]
fn claims_lists_the_month_with_every_json_key_late_claims_corrections_and_cancellations() {
    let env = office();
    let dir = files(env.dir.path());
    migrate(&env, &dir, &[]);
    let april = claims(&env, "2026-04");
    let rows = april.as_array().unwrap();
    assert_eq!(rows.len(), 3, "{april:#}");
    let row = |insured: &str| {
        rows.iter()
            .find(|r| r["insured_number"] == insured)
            .unwrap()
    };
    let a = row(A);
    assert_eq!(a["insurer_number"], INSURER);
    assert_eq!(a["care_level"], "要介護1");
    assert_eq!(a["care_manager_number"], "13000001");
    assert_eq!(a["billed_band"], "i");
    assert_eq!(
        a["providers"],
        serde_json::json!([
            {"office_number": HOME_HELP, "service_type": "11", "units": 5000},
            {"office_number": DAY_CARE, "service_type": "15", "units": 3000},
        ])
    );
    assert_eq!(
        a["codes"],
        serde_json::json!([
            {"code": "432111", "units": 1086, "count": 1},
            {"code": "436191", "units": 23, "count": 1},
        ])
    );
    // B's 修正 (filed in July) replaced April's providers; the band is the base code's.
    let b = row(B);
    assert_eq!(
        b["providers"],
        serde_json::json!([{"office_number": DAY_CARE, "service_type": "15", "units": 1500}])
    );
    assert_eq!(b["billed_band"], "ii");
    // C's 取消 left April cancelled, with no providers; C is not registered.
    let c = row(C);
    assert_eq!(c["insurer_number"], "143826");
    assert_eq!(c["cancelled"], true);
    assert_eq!(c["registered"], false);
    assert_eq!(c["providers"], serde_json::json!([]));
    // The late claim filed in July's processing month is May's.
    let may = claims(&env, "2026-05");
    let rows = may.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["insured_number"], A);
    assert_eq!(rows[0]["providers"][0]["units"], 2500);
    assert_eq!(claims(&env, "2026-07"), serde_json::json!([]));
    // The table and CSV list the same people.
    env.cmd()
        .args(["claims", "--month", "2026-04", "--format", "csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains(A).and(predicate::str::contains("432111")));
    env.cmd()
        .args(["claims", "--month", "2026-04"])
        .assert()
        .success()
        .stdout(predicate::str::contains("山田 太郎").and(predicate::str::contains("（未登録）")));
}

#[test]
fn a_dry_run_counts_the_same_and_keeps_nothing() {
    let env = office();
    let dir = files(env.dir.path());
    let s = migrate(&env, &dir, &["--dry-run"]);
    assert_eq!(s["dry_run"], true);
    assert_eq!(s["claim_months"], 4);
    assert_eq!(s["providers_created"], 2);
    assert_eq!(claims(&env, "2026-04"), serde_json::json!([]));
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let (providers, reviews, since): (i64, i64, Option<String>) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM providers), (SELECT count(*) FROM migration_reviews),
                    (SELECT contract_date FROM clients WHERE insured_number = '0000000001')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((providers, reviews), (0, 0));
    assert_eq!(since.as_deref(), Some("2024-06-01"));
    // The real run afterwards does what the dry run said.
    assert_eq!(migrate(&env, &dir, &[])["claim_months"], 4);
}

#[test]
fn a_malformed_record_refuses_the_whole_run_naming_file_line_and_field() {
    let env = office();
    let dir = files(env.dir.path());
    // A 明細書 whose insurer number's check digit is wrong, after a good file.
    put(
        &dir,
        "zz_bad",
        &transmission(
            "711",
            "202606",
            &[invoice("202605", 1), {
                let mut f = fee("202605", A, "", "99", "432111", 1086, "13000001");
                f[4] = "131012".into();
                f
            }],
        ),
    );
    env.cmd()
        .args(["migrate", "kokuho"])
        .arg(&dir)
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("zz_bad 3行目")
                .and(predicate::str::contains("8124 項目5 証記載保険者番号"))
                .and(predicate::str::contains("何も保存していません")),
        );
    assert_eq!(claims(&env, "2026-04"), serde_json::json!([]));
    // A file cut short (no end record) is refused too.
    std::fs::remove_file(dir.join("zz_bad")).unwrap();
    let mut cut = transmission("821", "202606", &[]);
    cut.truncate(cut.len() - 5);
    put(&dir, "zz_cut", &cut);
    env.cmd()
        .args(["migrate", "kokuho"])
        .arg(&dir)
        .assert()
        .failure()
        .stderr(predicate::str::contains("エンドレコード"));
}

#[test]
fn the_caseload_shows_the_band_billed_beside_the_band_computed() {
    let env = office();
    let dir = files(env.dir.path());
    migrate(&env, &dir, &[]);
    let out = env
        .cmd()
        .args(["caseload", "--month", "2026-04", "--format", "json"])
        .output()
        .unwrap();
    let c = json_of(&out.stdout);
    let client = |insured: &str| {
        c["clients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["insured_number"] == insured)
            .unwrap()
            .clone()
    };
    // Two clients at FTE 1.6 are all band (i) by careplan; B was billed (ii) (its base code).
    assert_eq!(client(A)["band"], "i");
    assert_eq!(client(A)["billed_band"], "i");
    assert_eq!(client(B)["band"], "i");
    assert_eq!(client(B)["billed_band"], "ii");
    assert_eq!(
        c["billed"],
        serde_json::json!({"bands": {"i": 1, "ii": 1, "iii": 0}, "differing": 1, "billed_not_counted": 0})
    );
    // A month without imported claims has none.
    let out = env
        .cmd()
        .args(["caseload", "--month", "2026-06", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json_of(&out.stdout)["billed"], Value::Null);
    env.cmd()
        .args(["caseload", "--month", "2026-04"])
        .assert()
        .success()
        .stdout(predicate::str::contains("請求"));
}

#[test]
fn the_concentration_worksheet_counts_imported_months_without_a_plan() {
    let env = office();
    let dir = files(env.dir.path());
    let period = |env: &Env| {
        let out = env
            .cmd()
            .args(["concentration", "--period", "2026-H1", "--format", "json"])
            .output()
            .unwrap();
        json_of(&out.stdout)
    };
    let plans = |w: &Value, service: &str| {
        w["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["service_type"] == service)
            .map(|s| s["plans"].as_i64().unwrap())
            .unwrap_or(0)
    };
    let before = period(&env);
    assert_eq!(plans(&before, "11"), 0);
    migrate(&env, &dir, &[]);
    let after = period(&env);
    // 訪問介護: A in April (B's April was corrected to 通所介護; C is not registered).
    assert_eq!(plans(&after, "11"), 1, "{after:#}");
    // 通所介護: A in April and May, B in April.
    assert_eq!(plans(&after, "15"), 3);
}

//! The records the 加算 rules read, from the command line: stays, the office's hours, closed
//! days and 体制, the new case-record categories with their fields, the ターミナル consent and
//! death, 同一建物 and the decisions. On a small office built by import, in a temporary HOME.

mod common;

use common::CliEnv as Env;
use predicates::prelude::*;

const ONE: [&str; 4] = ["--insurer", "131011", "--insured", "0000000001"];

/// One care client (要介護2), 0000000001, with care manager 佐藤 花子.
fn office() -> Env {
    let env = Env::new();
    let staff = env.write(
        "staff.csv",
        "氏名,フリガナ,介護支援専門員番号,職種,常勤換算,適用開始日\n\
         佐藤 花子,サトウ ハナコ,13000001,主任介護支援専門員,1.0,2020-04-01\n",
    );
    let clients = env.write(
        "clients.csv",
        "氏名,フリガナ,保険者番号,被保険者番号,要介護度,認定有効期間開始日,認定有効期間終了日,契約日,担当介護支援専門員\n\
         山田 太郎,ヤマダ タロウ,131011,0000000001,要介護2,2025-01-01,2027-12-31,2024-04-01,佐藤 花子\n",
    );
    for (kind, file) in [("staff", &staff), ("clients", &clients)] {
        env.cmd()
            .args(["import", kind])
            .arg(file)
            .assert()
            .success();
    }
    env
}

#[test]
fn every_new_command_has_help() {
    let env = Env::new();
    for args in [
        vec!["stays", "--help"],
        vec!["stays", "add", "--help"],
        vec!["stays", "edit", "--help"],
        vec!["stays", "withdraw", "--help"],
        vec!["office", "hours", "set", "--help"],
        vec!["office", "closed", "--help"],
        vec!["office", "open", "--help"],
        vec!["office", "days", "withdraw", "--help"],
        vec!["office", "periods", "set", "--help"],
        vec!["clients", "terminal-consent", "--help"],
        vec!["clients", "death", "--help"],
        vec!["clients", "same-building", "add", "--help"],
        vec!["clients", "same-building", "edit", "--help"],
        vec!["kasan", "decide", "--help"],
    ] {
        env.cmd()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage"));
    }
}

#[test]
fn a_stay_and_its_discharge_entries_show_in_the_json() {
    let env = office();
    env.cmd()
        .args(["stays", "add"])
        .args(ONE)
        .args([
            "--institution",
            "デモ市民病院",
            "--kind",
            "病院",
            "--admitted-on",
            "2026-11-06",
            "--after-hours",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("入院・入所 id 1"));
    env.cmd()
        .args([
            "stays",
            "edit",
            "--id",
            "1",
            "--discharged-on",
            "2026-11-20",
        ])
        .args(["--destination", "home", "--reason", "退院した"])
        .assert()
        .success();
    let stays = env.json(&["stays"]);
    assert_eq!(stays[0]["insured_number"], "0000000001");
    assert_eq!(stays[0]["kind"], "hospital");
    assert_eq!(stays[0]["after_hours"], true);
    assert_eq!(stays[0]["discharged_on"], "2026-11-20");
    assert_eq!(stays[0]["destination"], "home");

    let discharge = |extra: &[&str]| {
        let mut c = env.cmd();
        c.args(["notes", "add"]).args(ONE).args([
            "--at",
            "2026-11-16 14:00",
            "--category",
            "退院・退所情報収集",
            "--text",
            "退院前カンファレンスに出席",
            "--method",
            "面談",
        ]);
        c.args(extra);
        c.assert()
    };
    // Without its stay: refused, exit 1, the flag named.
    discharge(&["--conference"])
        .code(1)
        .stderr(predicate::str::contains("--stay"));
    // A field the category does not have: refused.
    discharge(&["--stay", "1", "--doctor-kind", "doctor"])
        .code(1)
        .stderr(predicate::str::contains("--doctor-kind"));
    discharge(&["--stay", "1", "--conference", "--document-on-file"]).success();
    let notes = env.json(&["notes"]);
    let n = &notes[0];
    assert_eq!(n["category"], "discharge_info");
    assert_eq!(n["fields"]["stay_id"], 1);
    assert_eq!(n["fields"]["conference"], true);
    assert_eq!(n["fields"]["method"], "face_to_face");
    // A stay an entry names cannot be withdrawn; a withdrawal needs its reason.
    env.cmd()
        .args(["stays", "withdraw", "--id", "1", "--reason", "誤り"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("支援経過"));
}

#[test]
fn outpatient_entries_take_the_doctor_and_plain_entries_no_fields() {
    let env = office();
    env.cmd()
        .args(["notes", "add"])
        .args(ONE)
        .args(["--at", "2026-11-09 10:30", "--category", "outpatient"])
        .args(["--text", "通院に同席", "--doctor-kind", "歯科医師"])
        .args(["--told", "食事量の低下", "--heard", "義歯を調整"])
        .assert()
        .success();
    env.cmd()
        .args(["notes", "add"])
        .args(ONE)
        .args(["--at", "2026-11-10 10:30", "--category", "phone"])
        .args(["--text", "電話", "--plan-changed"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--plan-changed"));
    let notes = env.json(&["notes"]);
    assert_eq!(notes.as_array().unwrap().len(), 1);
    assert_eq!(notes[0]["fields"]["doctor_kind"], "dentist");
    assert_eq!(notes[0]["fields"]["heard"], "義歯を調整");
}

#[test]
fn the_office_calendar_and_its_periods() {
    let env = office();
    env.cmd()
        .args(["office", "hours", "set", "--weekdays", "月-金"])
        .args([
            "--opens",
            "08:30",
            "--closes",
            "17:30",
            "--from",
            "2024-04-01",
        ])
        .assert()
        .success();
    let hours = env.json(&["office", "hours"]);
    assert_eq!(hours[0]["weekdays"], serde_json::json!([1, 2, 3, 4, 5]));
    assert_eq!(hours[0]["opens"], "08:30");
    env.cmd()
        .args([
            "office",
            "closed",
            "2026-12-29..2027-01-03",
            "--reason",
            "年末年始",
        ])
        .assert()
        .success();
    env.cmd()
        .args(["office", "open", "2026-12-30", "--reason", "臨時営業"])
        .assert()
        .code(1);
    let days = env.json(&["office", "days"]);
    assert_eq!(days[0]["from"], "2026-12-29");
    assert_eq!(days[0]["open"], false);
    env.cmd()
        .args([
            "office", "days", "withdraw", "--id", "1", "--reason", "誤り",
        ])
        .assert()
        .success();
    assert_eq!(env.json(&["office", "days"]), serde_json::json!([]));

    env.cmd()
        .args([
            "office",
            "periods",
            "set",
            "tokutei_2",
            "--from",
            "2024-04-01",
        ])
        .assert()
        .success();
    env.cmd()
        .args([
            "office",
            "periods",
            "set",
            "tokutei_1",
            "--from",
            "2025-04-01",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("区分は一度に一つ"));
    let periods = env.json(&["office", "periods"]);
    assert_eq!(periods["tokutei_2"][0]["from"], "2024-04-01");
    assert_eq!(periods["tokutei_1"], serde_json::json!([]));
    // An open period reads as one: 「2024-04-01〜」, "from 2024-04-01" in English.
    let table = env.cmd().args(["office", "periods"]).output().unwrap();
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(table.contains("2024-04-01〜"), "{table}");
    std::fs::create_dir_all(env.path("config/careplan")).unwrap();
    env.write("config/careplan/config.toml", "language = \"en\"\n");
    let table = env.cmd().args(["office", "periods"]).output().unwrap();
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(table.contains("from 2024-04-01"), "{table}");
    assert!(!table.contains("2024-04-01 to"), "{table}");
}

#[test]
fn terminal_consent_death_same_building_and_decisions() {
    let env = office();
    let run = |args: &[&str]| {
        let mut c = env.cmd();
        c.args(args);
        c.assert()
    };
    run(&["clients", "terminal-consent", "--insurer", "131011"])
        .failure()
        .stderr(predicate::str::contains("--insured"));
    let with = |head: &[&str], tail: &[&str]| {
        let mut c = env.cmd();
        c.args(head).args(ONE).args(tail);
        c.assert()
    };
    with(&["clients", "terminal-consent"], &["--on", "2026-10-20"]).success();
    with(&["clients", "terminal-consent"], &["--on", "2026-10-21"])
        .code(1)
        .stderr(predicate::str::contains("理由が必要"));
    with(&["clients", "death"], &["--on", "2026-11-20"]).failure();
    with(
        &["clients", "death"],
        &["--on", "2026-11-20", "--place", "home"],
    )
    .success();
    with(
        &["clients", "same-building", "add"],
        &[
            "--why",
            "twenty_plus",
            "--building",
            "さくら苑",
            "--from",
            "2025-04-01",
        ],
    )
    .success();
    let sb = env.json(&["clients", "same-building"]);
    assert_eq!(sb[0]["why"], "twenty_plus");
    assert_eq!(sb[0]["until"], serde_json::Value::Null);
    with(
        &["kasan", "decide"],
        &["--month", "2026-11", "--kasan", "terminal", "reject"],
    )
    .code(1)
    .stderr(predicate::str::contains("理由が必要"));
    with(
        &["kasan", "decide"],
        &["--month", "2026-11", "--kasan", "terminal", "accept"],
    )
    .success();
    with(
        &["kasan", "decide"],
        &["--month", "2026-11", "--kasan", "taiin_5", "accept"],
    )
    .code(1);
    // A read-only session refuses the change, exit 1.
    env.cmd()
        .arg("--read-only")
        .args(["clients", "terminal-consent"])
        .args(ONE)
        .args(["--on", "none", "--reason", "誤り"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("読み取り専用"));
}

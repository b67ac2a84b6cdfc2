//! The command line against temporary HOME/XDG folders, never the real user's.

mod common;

use predicates::prelude::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::CliEnv as Env;

fn staff_csv(env: &Env) -> PathBuf {
    env.write(
        "staff.csv",
        "氏名,フリガナ,介護支援専門員番号,職種,常勤換算,適用開始日\n\
         佐藤 花子,サトウ ハナコ,13000001,主任介護支援専門員,1.0,2024-04-01\n\
         鈴木 一郎,スズキ イチロウ,13000002,介護支援専門員,1.0,2024-04-01\n\
         鈴木 一郎,スズキ イチロウ,13000002,介護支援専門員,0.6,R7.10.1\n\
         田中 みき,タナカ ミキ,,事務職員,0.5,2024-04-01\n",
    )
}

const CLIENTS_OK: &str = "氏名,フリガナ,生年月日,性別,保険者番号,被保険者番号,要介護度,認定日,認定有効期間開始日,認定有効期間終了日,契約日,契約終了日,担当介護支援専門員,住所,電話番号\n\
山田 太郎,ヤマダ タロウ,S15.3.2,男,131011,0000000001,要介護2,2025-03-20,2025-04-01,2027-03-31,2024-05-01,,佐藤 花子,\"東京都千代田区1-1, 101号\",03-0000-0001\n\
川口 さち,カワグチ サチ,昭和20年1月5日,2,131011,0000000002,13,,2025-06-01,2026-05-31,20240601,,13000002,,\n";

#[test]
fn every_command_has_help() {
    let env = Env::new();
    for args in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["init", "--help"],
        vec!["office", "--help"],
        vec!["office", "show", "--help"],
        vec!["office", "set", "--help"],
        vec!["import", "--help"],
        vec!["import", "staff", "--help"],
        vec!["import", "clients", "--help"],
        vec!["import", "providers", "--help"],
        vec!["import", "certifications", "--help"],
        vec!["caseload", "--help"],
        vec!["rules", "--help"],
        vec!["rules", "import", "--help"],
        vec!["rules", "export", "--help"],
        vec!["concentration", "--help"],
        vec!["concentration", "note", "--help"],
        vec!["concentration", "explain", "--help"],
        vec!["providers", "edit", "--help"],
        vec!["clients", "--help"],
        vec!["providers", "--help"],
        vec!["staff", "--help"],
        vec!["export", "--help"],
        vec!["deliveries", "--help"],
        vec!["exchange", "--help"],
        vec!["migrate", "--help"],
        vec!["migrate", "honobono", "--help"],
        vec!["migrate", "csv", "--help"],
        vec!["enrollment", "--help"],
        vec!["enrollment", "record", "--help"],
        vec!["enrollment", "import", "--help"],
        vec!["enrollment", "report", "--help"],
        vec!["enrollment", "outreach", "--help"],
        vec!["enrollment", "office", "--help"],
        vec!["exchange", "import", "--help"],
        vec!["deliveries", "record", "--help"],
        vec!["deliveries", "batch", "--help"],
        vec!["deliveries", "adjust", "--help"],
        vec!["plans", "--help"],
        vec!["plans", "add", "--help"],
        vec!["plans", "status", "--help"],
        vec!["plans", "edit", "--help"],
        vec!["plans", "steps", "--help"],
        vec!["meetings", "--help"],
        vec!["meetings", "record", "--help"],
        vec!["certifications", "--help"],
        vec!["certifications", "add", "--help"],
        vec!["certifications", "edit", "--help"],
        vec!["certifications", "withdraw", "--help"],
        vec!["clients", "assignments", "--help"],
        vec!["clients", "assignment", "edit", "--help"],
        vec!["clients", "assignment", "withdraw", "--help"],
        vec!["clients", "no-benefit", "--help"],
        vec!["staff", "fte", "--help"],
        vec!["staff", "fte", "edit", "--help"],
        vec!["staff", "fte", "withdraw", "--help"],
        vec!["enrollment", "observations", "--help"],
        vec!["enrollment", "observation", "edit", "--help"],
        vec!["enrollment", "observation", "withdraw", "--help"],
        vec!["enrollment", "outreach-log", "--help"],
        vec!["enrollment", "outreach-edit", "--help"],
        vec!["enrollment", "outreach-withdraw", "--help"],
        vec!["report", "inspection", "--help"],
        vec!["check", "--help"],
        vec!["backup", "--help"],
        vec!["completions", "--help"],
        vec!["manpage", "--help"],
    ] {
        env.cmd()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage"));
    }
}

#[test]
fn database_is_owner_only_even_under_umask_022() {
    let env = Env::new();
    let db = env.path("shared/office.db");
    let bin = assert_cmd::cargo::cargo_bin("careplan");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 022 && '{b}' --db '{d}' init && '{b}' --db '{d}' check",
            b = bin.display(),
            d = db.display()
        ))
        .env("HOME", env.dir.path())
        .output()
        .unwrap();
    assert!(status.status.success());
    for p in [db.clone(), PathBuf::from(format!("{}-wal", db.display()))] {
        if p.exists() {
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o077,
                0,
                "{}",
                p.display()
            );
        }
    }
    assert_eq!(
        std::fs::metadata(db.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o700
    );
}

#[test]
fn imports_staff_clients_providers_and_lists_them_as_json() {
    let env = Env::new();
    env.cmd()
        .args(["import", "staff"])
        .arg(staff_csv(&env))
        .assert()
        .success()
        .stdout(predicate::str::contains("新規 3 件"));
    let clients = env.write("clients.csv", CLIENTS_OK);
    env.cmd()
        .args(["import", "clients"])
        .arg(&clients)
        .assert()
        .success();
    // MS932 provider file, as offices' software writes it.
    let text = "事業所番号,事業所名,フリガナ,サービス種類,電話番号,FAX番号,メールアドレス,住所,連絡方法\r\n\
                1270501172,ひまわり訪問介護,ヒマワリ,11,03-0000-1111,03-0000-1112,,千葉県,FAX\r\n\
                2794900205,さくらデイサービス,サクラ,15 78,,,,大阪府,連携\r\n";
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!bad);
    let providers = env.path("providers.csv");
    std::fs::write(&providers, &bytes).unwrap();
    env.cmd()
        .args(["import", "providers"])
        .arg(&providers)
        .assert()
        .success();

    let c = env.json(&["clients"]);
    let rows = c.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let yamada = rows
        .iter()
        .find(|r| r["insured_number"] == "0000000001")
        .unwrap();
    for key in [
        "insurer_number",
        "insured_number",
        "name",
        "kana",
        "care_level",
        "contract_date",
        "contract_end",
        "care_manager",
    ] {
        assert!(yamada.get(key).is_some(), "clients JSON lacks {key}");
    }
    assert_eq!(yamada["care_level"], "要介護2");
    assert_eq!(yamada["contract_date"], "2024-05-01");
    assert_eq!(yamada["care_manager"], "佐藤 花子");
    let kawaguchi = rows
        .iter()
        .find(|r| r["insured_number"] == "0000000002")
        .unwrap();
    assert_eq!(kawaguchi["care_level"], "要支援2");
    assert_eq!(kawaguchi["care_manager"], "鈴木 一郎");

    let p = env.json(&["providers"]);
    let day = p
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["office_number"] == "2794900205")
        .unwrap();
    assert_eq!(day["name"], "さくらデイサービス");
    assert_eq!(day["service_types"], serde_json::json!(["15", "78"]));
    assert_eq!(day["preferred_channel"], "exchange");

    let s = env.json(&["staff"]);
    let suzuki = s
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["cm_number"] == "13000002")
        .unwrap();
    assert_eq!(suzuki["role"], "care_manager");
    assert_eq!(suzuki["fte"], 0.6);
    let clerk = s
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "clerk")
        .unwrap();
    assert_eq!(clerk["cm_number"], serde_json::Value::Null);
}

#[test]
fn one_bad_insurer_number_changes_nothing_and_names_the_line() {
    let env = Env::new();
    env.cmd()
        .args(["import", "staff"])
        .arg(staff_csv(&env))
        .assert()
        .success();
    let bad = CLIENTS_OK.replace(",131011,0000000002,", ",131012,0000000002,");
    let file = env.write("bad.csv", &bad);
    env.cmd()
        .args(["import", "clients"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("3行目 「保険者番号」"))
        .stderr(predicate::str::contains("検査数字"))
        .stderr(predicate::str::contains("変更していません"));
    assert_eq!(env.json(&["clients"]).as_array().unwrap().len(), 0);
}

#[test]
fn every_error_in_a_file_is_listed_with_line_and_column() {
    let env = Env::new();
    let file = env.write(
        "bad.csv",
        "氏名,保険者番号,被保険者番号,契約日,担当介護支援専門員\n\
         ,131011,0000000001,2025-04-01,\n\
         山田,131011,12345,2025-02-30,\n\
         川口,131011,0000000003,2025-04-01,存在しない人\n",
    );
    let out = env
        .cmd()
        .args(["import", "clients"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    for needle in [
        "2行目 「氏名」",
        "3行目 「被保険者番号」",
        "3行目 「契約日」",
        "4行目 「担当介護支援専門員」",
    ] {
        assert!(err.contains(needle), "missing {needle} in:\n{err}");
    }
}

#[test]
fn unknown_and_missing_headers_are_explained() {
    let env = Env::new();
    let file = env.write(
        "h.csv",
        "氏名,保険者,被保険者番号\n山田,131011,0000000001\n",
    );
    env.cmd()
        .args(["import", "clients"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "必須の見出しがありません: 保険者番号, 契約日",
        ));
}

#[test]
fn english_headers_and_bom_are_accepted() {
    let env = Env::new();
    let file = env.write("e.csv", "\u{feff}name,insurer_number,insured_number,contract_date,sex\nHanako,131011,0000000009,2025-04-01,f\n");
    env.cmd()
        .args(["import", "clients", "--dry-run"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("保存していません"));
    assert_eq!(env.json(&["clients"]).as_array().unwrap().len(), 0);
    env.cmd()
        .args(["import", "clients"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(env.json(&["clients"]).as_array().unwrap().len(), 1);
}

#[test]
fn provider_check_digit_mismatch_is_a_warning_that_can_be_accepted() {
    let env = Env::new();
    let file = env.write(
        "p.csv",
        "事業所番号,事業所名\n1270501173,検査数字違い事業所\n",
    );
    env.cmd()
        .args(["import", "providers"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("警告 2行目 「事業所番号」"))
        .stderr(predicate::str::contains("--accept-warnings"));
    env.cmd()
        .args(["import", "providers", "--accept-warnings"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(env.json(&["providers"]).as_array().unwrap().len(), 1);
}

#[test]
fn office_set_and_show() {
    let env = Env::new();
    env.cmd()
        .args([
            "office",
            "set",
            "--number",
            "1370000011",
            "--name",
            "みどり居宅",
            "--area-grade",
            "3",
            "--area-grade-from",
            "2024-04-01",
            "--special-area",
            "no",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("検査数字"));
    env.cmd()
        .args([
            "office",
            "set",
            "--number",
            "1270501172",
            "--name",
            "みどり居宅",
            "--area-grade",
            "3級地",
            "--area-grade-from",
            "2024-04-01",
            "--special-area",
            "no",
        ])
        .assert()
        .success();
    let o = env.json(&["office", "show"]);
    assert_eq!(o["office_number"], "1270501172");
    assert_eq!(o["area_grade"], "3");
    assert_eq!(o["special_area"], false);
    env.cmd()
        .args(["office", "set", "--area-grade", "8"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("1〜7"));
}

#[test]
fn demo_is_deterministic_and_handles_many_clients() {
    let env = Env::new();
    for name in ["a.db", "b.db"] {
        env.cmd()
            .args(["demo", "--out"])
            .arg(env.path(name))
            .args(["--clients", "300", "--seed", "5", "--as-of", "2026-11-25"])
            .assert()
            .success();
    }
    let list = |name: &str| {
        let out = env
            .cmd()
            .env("CAREPLAN_DB", env.path(name))
            .args(["clients", "--format", "csv"])
            .output()
            .unwrap();
        out.stdout
    };
    assert_eq!(list("a.db"), list("b.db"));
    env.cmd()
        .args(["demo", "--out"])
        .arg(env.path("a.db"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("既に存在"));
    let staff = env.json(&["staff"]);
    let _ = staff;
    let s: serde_json::Value = serde_json::from_slice(
        &env.cmd()
            .env("CAREPLAN_DB", env.path("a.db"))
            .args(["staff", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        s.as_array()
            .unwrap()
            .iter()
            .filter(|m| m["role"] != "clerk")
            .count()
            >= 8
    );
}

#[test]
fn export_sjis_reports_characters_ms932_cannot_hold() {
    let env = Env::new();
    let file = env.write(
        "c.csv",
        "氏名,保険者番号,被保険者番号,契約日\n𠮷田 太郎,131011,0000000001,2025-04-01\n",
    );
    env.cmd()
        .args(["import", "clients"])
        .arg(&file)
        .assert()
        .success();
    env.cmd()
        .args(["export", "--encoding", "sjis", "--out"])
        .arg(env.path("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("「𠮷」"))
        .stderr(predicate::str::contains("clients.csv"));
    assert!(
        !env.path("out").exists(),
        "nothing is written when a character cannot be encoded"
    );
    env.cmd()
        .args(["export", "--out"])
        .arg(env.path("out"))
        .assert()
        .success();
    let text = std::fs::read_to_string(env.path("out/clients.csv")).unwrap();
    assert!(text.contains("𠮷田 太郎"));
    assert_eq!(
        std::fs::metadata(env.path("out/clients.csv"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
}

#[test]
fn check_and_backup() {
    let env = Env::without_database();
    env.cmd()
        .args(["demo", "--out"])
        .arg(env.db())
        .args(["--clients", "30"])
        .assert()
        .success();
    env.cmd()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("問題はありません"));
    let dest = env.path("backup.db");
    env.cmd()
        .arg("backup")
        .arg(&dest)
        .assert()
        .success()
        .stdout(predicate::str::contains("検証しました"));
    env.cmd()
        .arg("backup")
        .arg(&dest)
        .assert()
        .failure()
        .stderr(predicate::str::contains("既に存在"));
}

#[test]
fn a_bad_config_file_names_the_line_and_allowed_values() {
    let env = Env::new();
    let cfg = env.write("bad.toml", "language = \"ja\"\ncolor = \"sometimes\"\n");
    env.cmd()
        .arg("--config")
        .arg(&cfg)
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2 行目"))
        .stderr(predicate::str::contains("auto|always|never"));
    let missing = env.path("none.toml");
    env.cmd()
        .env("CAREPLAN_CONFIG", &missing)
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("読めません"));
}

#[test]
fn default_paths_follow_the_platform_folders() {
    let env = Env::without_database();
    let mut c = env.cmd();
    c.env_remove("CAREPLAN_DB");
    c.arg("check")
        .assert()
        .success()
        .stderr(predicate::str::contains("新しいデータベースを作成しました"));
    assert!(Path::new(&env.path("data/careplan/careplan.db")).exists());
}

/// A mistyped --db or CAREPLAN_DB is refused by every command, with the path and how to
/// create one; nothing is created. `careplan init` creates one, once.
#[test]
fn a_database_path_that_does_not_exist_is_refused_not_created() {
    let env = Env::without_database();
    let typo = env.path("ofice.db");
    for args in [
        vec!["clients"],
        vec!["check"],
        vec!["office", "show"],
        vec!["caseload"],
    ] {
        env.cmd()
            .arg("--db")
            .arg(&typo)
            .args(&args)
            .assert()
            .failure()
            .stderr(
                predicate::str::contains("ofice.db").and(predicate::str::contains("careplan init")),
            );
        env.cmd()
            .env("CAREPLAN_DB", &typo)
            .args(&args)
            .assert()
            .failure();
    }
    assert!(!typo.exists());
    env.cmd()
        .arg("--db")
        .arg(&typo)
        .arg("init")
        .assert()
        .success()
        .stdout(predicate::str::contains("作成しました"));
    assert_eq!(
        std::fs::metadata(&typo).unwrap().permissions().mode() & 0o777,
        0o600
    );
    env.cmd()
        .arg("--db")
        .arg(&typo)
        .arg("init")
        .assert()
        .failure()
        .stderr(predicate::str::contains("既にあります"));
    env.cmd()
        .arg("--db")
        .arg(&typo)
        .arg("check")
        .assert()
        .success();
}

#[test]
fn audit_records_the_person_behind_sudo_and_the_ssh_client() {
    let env = Env::new();
    let file = env.write(
        "c.csv",
        "氏名,保険者番号,被保険者番号,契約日\n監査 花子,131011,0000000001,2025-04-01\n",
    );
    env.cmd()
        .env("USER", "careplan")
        .env("SUDO_USER", "sato")
        .env("SSH_CLIENT", "192.0.2.7 50022 22")
        .args(["import", "clients"])
        .arg(&file)
        .assert()
        .success();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let (user, ssh): (String, String) = conn
        .query_row(
            "SELECT os_user, ssh_client FROM audit_log WHERE entity = 'client'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // The account of the real user id, not $USER (anyone can set that), plus sudo's caller.
    let me = String::from_utf8(
        std::process::Command::new("id")
            .arg("-un")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .trim()
    .to_string();
    assert_eq!(user, format!("{me} (sudo: sato)"));
    assert_eq!(ssh, "192.0.2.7");
    // Unset $USER records the account all the same.
    env.cmd()
        .env_remove("USER")
        .args(["office", "set", "--name", "監査の事業所"])
        .assert()
        .success();
    let last: String = conn
        .query_row(
            "SELECT os_user FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(last, me);
}

/// `careplan check` finds the audit trail altered by any means: a row changed or deleted with
/// its trigger dropped and recreated, a trigger changed, a ledger row removed. REPLACE is
/// refused outright.
#[test]
fn check_finds_an_altered_audit_trail_and_replace_is_refused() {
    let fresh = || {
        let env = Env::with_demo(10);
        env.cmd()
            .arg("check")
            .assert()
            .success()
            .stdout(predicate::str::contains("問題はありません"));
        env
    };
    let tamper = |env: &Env, sql: &str, says: &str| {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        env.cmd()
            .arg("check")
            .assert()
            .failure()
            .stdout(predicate::str::contains(says));
    };
    let env = fresh();
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        for sql in [
            "INSERT OR REPLACE INTO audit_log (id, at, os_user, entity, action, hash)
             SELECT id, at, 'someone', entity, action, hash FROM audit_log WHERE id = 3",
            "REPLACE INTO delivery_events SELECT * FROM delivery_events WHERE id = 1",
        ] {
            let e = conn.execute_batch(sql).unwrap_err().to_string();
            assert!(e.contains("no REPLACE"), "{e}");
        }
    }
    tamper(
        &env,
        "DROP TRIGGER audit_log_no_delete;
         DELETE FROM audit_log WHERE id = 5;
         CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
        "連鎖が id 5 で切れています",
    );
    let env = fresh();
    tamper(
        &env,
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET os_user = 'someone else' WHERE id = 7;
         CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
        "連鎖が id 7 で切れています",
    );
    let env = fresh();
    tamper(
        &env,
        "DROP TRIGGER delivery_events_no_delete;
         CREATE TRIGGER delivery_events_no_delete BEFORE DELETE ON delivery_events
         BEGIN SELECT 1; END;",
        "delivery_events_no_delete が出荷時と違います",
    );
    let env = fresh();
    tamper(
        &env,
        "DROP TRIGGER delivery_events_no_delete;
         DELETE FROM delivery_events WHERE id = (SELECT max(id) FROM delivery_events);
         CREATE TRIGGER delivery_events_no_delete BEFORE DELETE ON delivery_events
         BEGIN SELECT RAISE(ABORT, 'delivery_events is append-only: record a correction instead'); END;",
        "がありません（削除されています）",
    );
}

/// 80 care clients (40 要介護1 then 40 要介護3, oldest first) and 3 要支援1 contracted after them,
/// two care managers at 1.0 + 0.6 = 1.6, a clerk at 0.5, 1級地 (11.40 yen).
fn caseload_office(env: &Env) {
    let staff = env.write(
        "cl-staff.csv",
        "氏名,介護支援専門員番号,職種,常勤換算,適用開始日\n\
         一ノ瀬 花,13000011,介護支援専門員,1.0,2020-01-01\n\
         二宮 学,13000012,介護支援専門員,0.6,2020-01-01\n\
         三田 事務,,事務職員,0.5,2020-01-01\n",
    );
    env.cmd()
        .args(["import", "staff"])
        .arg(&staff)
        .assert()
        .success();
    let mut csv = String::from(
        "氏名,保険者番号,被保険者番号,要介護度,認定有効期間開始日,認定有効期間終了日,契約日,担当介護支援専門員\n",
    );
    let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for i in 0..83u32 {
        let level = match i {
            0..40 => "要介護1",
            40..80 => "要介護3",
            _ => "要支援1",
        };
        let contract = start + chrono::Duration::days(i64::from(i));
        let cm = if i % 2 == 0 { "13000011" } else { "13000012" };
        csv.push_str(&format!(
            "利用者{i},131011,{:010},{level},2026-01-01,2027-12-31,{contract},{cm}\n",
            i + 1
        ));
    }
    let clients = env.write("cl-clients.csv", &csv);
    env.cmd()
        .args(["import", "clients"])
        .arg(&clients)
        .assert()
        .success();
    env.cmd()
        .args([
            "office",
            "set",
            "--number",
            "1270501172",
            "--name",
            "件数試験",
            "--area-grade",
            "1",
            "--area-grade-from",
            "2024-04-01",
        ])
        .assert()
        .success();
}

fn caseload_json(env: &Env, extra: &[&str]) -> serde_json::Value {
    let out = env
        .cmd()
        .args(["caseload", "--month", "2026-11", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn caseload_json_matches_hand_computed_figures() {
    let env = Env::new();
    caseload_office(&env);
    let c = caseload_json(&env, &[]);
    assert_eq!(c["month"], "2026-11");
    assert_eq!(c["fee_schedule"], "I");
    assert_eq!(c["special_area"], false);
    assert_eq!(c["support_ordering"], "support_first");
    assert_eq!(c["fte"], 1.6);
    assert_eq!(
        (c["care_clients"].as_u64(), c["support_clients"].as_u64()),
        (Some(80), Some(3))
    );
    // (80 + 3/3) / 1.6 = 50.625 → 50.63.
    assert_eq!(c["caseload"], 50.63);
    // Position j + 1 < 45 × 1.6 = 72 → j ≤ 70 in (i); the other 10 below 96 → (ii).
    assert_eq!(c["bands"], serde_json::json!({"i": 70, "ii": 10, "iii": 0}));
    // 40 × 1,086 + 30 × 1,411 + 10 × 704 = 92,810 units; × 11.40 = 1,058,034 yen.
    assert_eq!(c["units_total"], 92_810);
    assert_eq!(c["yen_total"], 1_058_034);
    assert_eq!(
        c["staffing"],
        serde_json::json!({"per_care_manager": 44, "required": 2})
    );
    let clients = c["clients"].as_array().unwrap();
    assert_eq!(clients.len(), 80);
    assert_eq!(clients[0]["position"], 2.0);
    assert_eq!(clients[0]["insured_number"], "0000000001");
    assert_eq!(clients[0]["care_level"], "要介護1");
    assert_eq!(clients[0]["contract_date"], "2020-01-01");
    assert_eq!(
        (clients[69]["band"].as_str(), clients[70]["band"].as_str()),
        (Some("i"), Some("ii"))
    );
    assert_eq!(clients[70]["units"], 704);
    for key in [
        "insurer_number",
        "insured_number",
        "name",
        "care_level",
        "contract_date",
        "position",
        "band",
        "units",
    ] {
        assert!(clients[0].get(key).is_some(), "clients[] lacks {key}");
    }
    let cms = c["care_managers"].as_array().unwrap();
    let second = cms.iter().find(|m| m["name"] == "二宮 学").unwrap();
    assert_eq!(
        (
            second["fte"].as_f64(),
            second["care_clients"].as_u64(),
            second["support_clients"].as_u64()
        ),
        (Some(0.6), Some(40), Some(1))
    );
    // (40 + 1/3) / 0.6 = 67.22.
    assert_eq!(second["load"], 67.22);
    assert_eq!(c["not_counted"], serde_json::json!([]));
}

#[test]
fn caseload_follows_fee_ii_ordering_certifications_and_what_if() {
    let env = Env::new();
    caseload_office(&env);
    env.cmd()
        .args([
            "office",
            "set",
            "--fee-ii-from",
            "2025-04-01",
            "--exchange-from",
            "2025-04-01",
        ])
        .assert()
        .success();
    let c = caseload_json(&env, &[]);
    assert_eq!(c["fee_schedule"], "II");
    // 50 × 1.6 = 80: j + 1 < 80 → 78 in (i), 2 in (ii): 40 × 1,086 + 38 × 1,411 + 2 × 683.
    assert_eq!(c["bands"], serde_json::json!({"i": 78, "ii": 2, "iii": 0}));
    assert_eq!(c["units_total"], 98_424);
    assert_eq!(c["staffing"]["per_care_manager"], 49);

    env.cmd()
        .args(["office", "set", "--support-ordering", "by_contract_date"])
        .assert()
        .success();
    let c = caseload_json(&env, &[]);
    assert_eq!(c["support_ordering"], "by_contract_date");
    assert_eq!(c["bands"], serde_json::json!({"i": 79, "ii": 1, "iii": 0}));

    env.cmd()
        .args([
            "office",
            "set",
            "--fee-ii-from",
            "none",
            "--support-ordering",
            "support_first",
        ])
        .assert()
        .success();
    // The first client becomes 要支援2 from 16 November: at month end they are a support client.
    let certs = env.write(
        "certs.csv",
        "保険者番号,被保険者番号,要介護度,認定日,認定有効期間開始日,認定有効期間終了日,区分変更\n131011,0000000001,要支援2,2026-11-10,2026-11-16,2027-11-30,1\n",
    );
    env.cmd()
        .args(["import", "certifications"])
        .arg(&certs)
        .assert()
        .success();
    let c = caseload_json(&env, &[]);
    assert_eq!(
        (c["care_clients"].as_u64(), c["support_clients"].as_u64()),
        (Some(79), Some(4))
    );
    // October still counts them as care.
    let oct = env
        .cmd()
        .args(["caseload", "--month", "2026-10", "--format", "json"])
        .output()
        .unwrap();
    let oct: serde_json::Value = serde_json::from_slice(&oct.stdout).unwrap();
    assert_eq!(oct["care_clients"], 80);

    let w = caseload_json(&env, &["--add-care", "2", "--fte", "2.0"]);
    assert_eq!(w["fte"], 2.0);
    assert_eq!(w["care_clients"], 81);
    assert_eq!(w["what_if"]["add_care"], 2);
    assert!(w["what_if"]["units_difference"].as_i64().is_some());
    assert_eq!(
        w["clients"].as_array().unwrap().last().unwrap()["hypothetical"],
        true
    );
}

#[test]
fn certification_import_is_all_or_nothing() {
    let env = Env::new();
    caseload_office(&env);
    let certs = env.write(
        "certs.csv",
        "保険者番号,被保険者番号,要介護度,認定有効期間開始日,認定有効期間終了日,認定状況\n\
         131011,0000000001,要介護2,2028-01-01,2028-12-31,認定済\n\
         131011,0000099999,要介護2,2027-01-01,2028-12-31,\n",
    );
    env.cmd()
        .args(["import", "certifications"])
        .arg(&certs)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("3行目 「被保険者番号」"))
        .stderr(predicate::str::contains("登録されていません"));
    let jan = env
        .cmd()
        .args(["caseload", "--month", "2028-01", "--format", "json"])
        .output()
        .unwrap();
    let jan: serde_json::Value = serde_json::from_slice(&jan.stdout).unwrap();
    assert_eq!(
        jan["care_clients"], 0,
        "the valid first row was not imported either"
    );
    // A row overlapping the client's certification (2026-01-01〜2027-12-31) is refused by line.
    let overlap = env.write(
        "overlap.csv",
        "保険者番号,被保険者番号,要介護度,認定有効期間開始日,認定有効期間終了日\n\
         131011,0000000002,要介護2,2027-06-01,2029-05-31\n",
    );
    env.cmd()
        .args(["import", "certifications"])
        .arg(&overlap)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2行目"))
        .stderr(predicate::str::contains("2026-01-01〜2027-12-31"));
}

/// The delivery ledger from the command line: the JSON contract, recording one event (and
/// refusing a wrong one without writing), the paper batch marked in one go, the evidence report.
#[test]
fn deliveries_record_batch_and_inspection_report() {
    let env = Env::with_demo(30);
    let dec = env.json(&["deliveries", "--month", "2026-12"]);
    let rows = dec.as_array().unwrap();
    assert!(!rows.is_empty());
    for r in rows {
        assert_eq!(r["kind"], "schedule");
        assert_eq!(r["month"], "2026-12");
        assert!(r["plan_date"].is_null() && r["source_file"].is_null());
        assert!(r["client"]["insurer_number"].is_string() && r["client"]["name"].is_string());
        assert!(r["provider"]["office_number"].is_string());
        assert!(r["provider"]["service_type"].is_string());
        let at = r["at"].as_str().unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "{at}");
    }
    // One plan line names a client and a provider to record against.
    let plans = env.json(&["plans"]);
    let plan = &plans[0];
    let (insurer, insured) = (
        plan["client"]["insurer_number"].as_str().unwrap(),
        plan["client"]["insured_number"].as_str().unwrap(),
    );
    let office = plan["lines"][0]["office_number"].as_str().unwrap();
    let record = |extra: &[&str]| {
        let mut c = env.cmd();
        c.args([
            "deliveries",
            "record",
            "--insurer",
            insurer,
            "--insured",
            insured,
        ]);
        c.args(extra);
        c.assert()
    };
    record(&[
        "--kind",
        "schedule",
        "--provider",
        "9999999999",
        "--month",
        "2027-01",
    ])
    .failure()
    .stderr(predicate::str::contains("事業所番号 9999999999"));
    record(&[
        "--kind",
        "withdrawal",
        "--provider",
        office,
        "--month",
        "2027-01",
    ])
    .failure()
    .stderr(predicate::str::contains("--withdraws"));
    assert_eq!(
        env.json(&["deliveries", "--month", "2027-01"]),
        serde_json::json!([])
    );
    record(&[
        "--kind",
        "提供票",
        "--provider",
        office,
        "--month",
        "2027-01",
        "--channel",
        "郵送",
        "--at",
        "2026-12-26 14:05",
    ])
    .success();
    let jan = env.json(&["deliveries", "--month", "2027-01"]);
    assert_eq!(jan.as_array().unwrap().len(), 1);
    // A correction is a new row: take the schedule back, send it again by FAX.
    record(&[
        "--kind",
        "withdrawal",
        "--withdraws",
        "schedule",
        "--provider",
        office,
        "--month",
        "2027-01",
        "--at",
        "2026-12-26 14:10",
        "--note",
        "宛先違い",
    ])
    .success();
    record(&[
        "--kind",
        "schedule",
        "--provider",
        office,
        "--month",
        "2027-01",
        "--channel",
        "fax",
        "--at",
        "2026-12-27 09:00",
    ])
    .success();
    let jan_all = env.json(&["deliveries", "--month", "2027-01"]);
    let kinds: Vec<&str> = jan_all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["schedule", "withdrawal", "schedule"]);
    let trail_report = env.path("trail.csv");
    env.cmd()
        .args([
            "report",
            "inspection",
            "--from",
            "2027-01",
            "--to",
            "2027-01",
            "--out",
        ])
        .arg(&trail_report)
        .assert()
        .success();
    let text = std::fs::read_to_string(&trail_report).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains(insured) && l.contains(office))
        .unwrap();
    assert!(line.contains("FAX,2026-12-27 09:00"), "{line}");
    for kept in [
        "提供票 郵送 2026-12-26 14:05",
        "取消（提供票） FAX 2026-12-26 14:10",
        "提供票 FAX 2026-12-27 09:00",
    ] {
        assert!(line.contains(kept), "{kept} missing: {line}");
    }
    assert_eq!(jan[0]["channel"], "post");
    assert_eq!(jan[0]["provider"]["office_number"], office);
    assert!(
        jan[0]["at"]
            .as_str()
            .unwrap()
            .starts_with("2026-12-26T14:05:00")
    );

    // A provider left out of one month disappears from that month's board only.
    let jan_batch = env.json(&["deliveries", "batch", "--month", "2027-01"]);
    let p0 = &jan_batch[0];
    let office2 = p0["office_number"].as_str().unwrap().to_string();
    let (insurer2, insured2) = (
        p0["clients"][0]["insurer_number"]
            .as_str()
            .unwrap()
            .to_string(),
        p0["clients"][0]["insured_number"]
            .as_str()
            .unwrap()
            .to_string(),
    );
    let clients_of = |month: &str| -> usize {
        env.json(&["deliveries", "batch", "--month", month])
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["office_number"] == office2.as_str())
            .map(|p| p["clients"].as_array().unwrap().len())
            .sum()
    };
    let adjust = |flag: Option<&str>| {
        let mut c = env.cmd();
        c.args([
            "deliveries",
            "adjust",
            "--insurer",
            &insurer2,
            "--insured",
            &insured2,
        ])
        .args(["--provider", &office2, "--month", "2027-01"]);
        if let Some(f) = flag {
            c.arg(f);
        }
        c.assert()
    };
    let (jan_before, feb_before) = (clients_of("2027-01"), clients_of("2027-02"));
    adjust(Some("--exclude")).success();
    assert_eq!(clients_of("2027-01"), jan_before - 1);
    assert_eq!(clients_of("2027-02"), feb_before);
    adjust(Some("--include")).success();
    assert_eq!(clients_of("2027-01"), jan_before);
    adjust(None).failure();

    // Paper batch for December: every unsent paper schedule marked sent in one action.
    let batch = env.json(&["deliveries", "batch", "--month", "2026-12"]);
    let unsent: u64 = batch
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["unsent"].as_u64().unwrap())
        .sum();
    assert!(unsent > 0);
    assert!(
        batch
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["channel"] != "exchange")
    );
    env.cmd()
        .args(["deliveries", "batch", "--month", "2026-12", "--mark-sent"])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!("{unsent} 件")));
    let after = env.json(&["deliveries", "batch", "--month", "2026-12"]);
    assert!(after.as_array().unwrap().iter().all(|p| p["unsent"] == 0));

    let out = env.path("inspection.csv");
    env.cmd()
        .args([
            "report",
            "inspection",
            "--from",
            "2026-10",
            "--to",
            "2026-12",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("\u{feff}対象月,利用者"));
    assert!(text.contains("2026-12,"));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // Never overwritten.
    env.cmd()
        .args([
            "report",
            "inspection",
            "--from",
            "2026-10",
            "--to",
            "2026-12",
            "--out",
        ])
        .arg(&out)
        .assert()
        .failure();
}

/// Enrollment from the command line: observations (and their import, all or nothing), the
/// providers JSON, the report, and the office's exchange status that the caseload follows.
#[test]
fn enrollment_records_imports_reports_and_drives_fee_schedule_ii() {
    let env = Env::with_demo(40);
    let providers = env.json(&["providers"]);
    let p = providers
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["enrollment"].is_null() && p["active_clients"].as_u64().unwrap() > 0)
        .expect("a provider with clients and no observation")
        .clone();
    let office = p["office_number"].as_str().unwrap();
    env.cmd()
        .args([
            "enrollment",
            "record",
            "--provider",
            office,
            "--status",
            "加入予定（誓約）",
        ])
        .args([
            "--source",
            "provider",
            "--date",
            "2026-11-20",
            "--note",
            "電話で確認",
        ])
        .assert()
        .success();
    let after = env.json(&["providers"]);
    let q = after
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["office_number"] == office)
        .unwrap();
    assert_eq!(q["enrollment"]["status"], "pledged");
    assert_eq!(q["enrollment"]["source"], "provider");
    assert_eq!(q["enrollment"]["observed_on"], "2026-11-20");
    // A file observation of the same day outranks what was said.
    let csv = env.write(
        "enrollment.csv",
        &format!(
            "事業所番号,加入状況,情報源,確認日,メモ\n{office},加入済み,連携ファイル,2026-11-20,\n"
        ),
    );
    env.cmd()
        .args(["enrollment", "import"])
        .arg(&csv)
        .assert()
        .success();
    let q = env.json(&["providers"]);
    let q = q
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["office_number"] == office)
        .unwrap();
    assert_eq!(q["enrollment"]["status"], "enrolled");
    // One bad row: nothing is imported, the line is named.
    let bad = env.write(
        "bad.csv",
        &format!("事業所番号,加入状況,情報源,確認日\n{office},未加入,情報公表システム,2026-11-24\n{office},たぶん,情報公表システム,2026-11-24\n"),
    );
    env.cmd()
        .args(["enrollment", "import"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("3行目"));
    let q = env.json(&["providers"]);
    let q = q
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["office_number"] == office)
        .unwrap();
    assert_eq!(q["enrollment"]["status"], "enrolled", "nothing changed");

    let report = env.json(&["enrollment", "report"]);
    assert!(report["providers"].as_u64().unwrap() > 0);
    assert!(report["enrolled"].as_u64().unwrap() >= 1);
    let ask = report["ask_first"].as_array().unwrap();
    // Enrolled ones only while their WEB-service registration is to be confirmed (from
    // December 2026).
    assert!(
        ask.iter()
            .all(|r| r["status"] != "enrolled" || r["web_unconfirmed"] == true)
    );
    // Most clients first; those that declined come last.
    let open: Vec<u64> = ask
        .iter()
        .take_while(|r| r["status"] != "declined")
        .map(|r| r["active_clients"].as_u64().unwrap())
        .collect();
    assert!(open.windows(2).all(|w| w[0] >= w[1]), "{open:?}");
    assert!(
        ask.iter()
            .skip(open.len())
            .all(|r| r["status"] == "declined")
    );
    assert_eq!(report["trend"].as_array().unwrap().len(), 6);
    // Each provider of the list carries the talking points it would hear (by id), each listed
    // once with its dates, source and how sure it is. The saving estimate has no end and is for
    // providers not enrolled, never for one that has pledged.
    let listed: Vec<&str> = report["talking_points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    for r in ask {
        let ids: Vec<&str> = r["talking_points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert!(ids.iter().all(|id| listed.contains(id)), "{ids:?}");
        match r["status"].as_str() {
            None | Some("not_enrolled") => assert!(ids.contains(&"mhlw-saving"), "{r}"),
            Some("pledged") => assert!(!ids.contains(&"mhlw-saving"), "{r}"),
            _ => {}
        }
    }
    assert!(
        report["talking_points"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| {
                ["verified", "reported", "inferred"].contains(&p["sure"].as_str().unwrap())
            })
    );

    // The caseload's fee schedule (II) follows the office's exchange status history.
    let fee = |month: &str| env.json(&["caseload", "--month", month])["fee_schedule"].clone();
    assert_eq!(fee("2026-11"), "II");
    env.cmd()
        .args([
            "enrollment",
            "office",
            "--exchange-status",
            "停止",
            "--from",
            "2026-11-01",
        ])
        .assert()
        .success();
    assert_eq!(fee("2026-10"), "II");
    assert_eq!(fee("2026-11"), "I");
    let o = env.json(&["enrollment", "office"]);
    let statuses: Vec<&str> = o["exchange_status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["applying", "in_use", "stopped"]);
    env.cmd()
        .args([
            "enrollment",
            "office",
            "--exchange-status",
            "in_use",
            "--from",
            "2026-11-15",
        ])
        .assert()
        .success();
    assert_eq!(fee("2026-11"), "II");
    // Expiry warnings: the demo's certificate ends in 50 days.
    let o = env.json(&["enrollment", "office"]);
    assert_eq!(o["warnings"][0]["mark"], 60);
}

/// `careplan clients | head -1`: the reader goes away after one line, and careplan ends quietly
/// (exit 0, nothing on stderr) in every output format.
#[test]
fn a_closed_pipe_ends_a_list_quietly() {
    use std::io::{BufRead, BufReader};
    // Enough clients that every format outgrows the pipe's buffer (64 KiB).
    let env = common::CliEnv::with_demo(1500);
    for format in ["table", "json", "csv"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("careplan"))
            .env_clear()
            .env("HOME", env.dir.path())
            .env("CAREPLAN_DB", env.db())
            .args(["clients", "--format", format])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The pipe's reading end is closed here, with most of the list unread.
        let out = child.wait_with_output().unwrap();
        assert!(!first.is_empty());
        assert_eq!(out.status.code(), Some(0), "{format}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
    }
}

/// A client whose name is a spreadsheet formula is written as text, with a leading `'`, in
/// every CSV careplan produces (list, export); plain numbers stay numbers.
#[test]
fn csv_written_for_spreadsheets_never_carries_a_formula() {
    let env = common::CliEnv::new();
    let file = env.write(
        "clients.csv",
        "氏名,保険者番号,被保険者番号,契約日,住所\n\
         \"=cmd|' /C calc'!A0\",131011,0000000123,2025-04-01,@SUM(1)\n",
    );
    env.cmd()
        .args(["import", "clients"])
        .arg(&file)
        .assert()
        .success();
    let out = env
        .cmd()
        .args(["clients", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("\n'=cmd|' /C calc'!A0,"), "{csv}");
    assert!(!csv.contains(",=cmd") && !csv.contains("\n=cmd"), "{csv}");
    let dir = env.path("export");
    env.cmd()
        .args(["export", "--out"])
        .arg(&dir)
        .assert()
        .success();
    let mut all = String::new();
    for f in std::fs::read_dir(&dir).unwrap() {
        all.push_str(&std::fs::read_to_string(f.unwrap().path()).unwrap_or_default());
    }
    assert!(all.contains("'=cmd|' /C calc'!A0"), "{all}");
    assert!(all.contains("'@SUM(1)"), "{all}");
    assert!(!all.contains(",=cmd") && !all.contains(",@SUM"), "{all}");
}

/// The same staff file imported twice at the same moment registers each person once (who is
/// new is decided inside the write transaction): the office's FTE stays right.
#[test]
fn two_imports_of_one_staff_file_at_once_add_each_person_once() {
    let env = Env::new();
    // The database exists before the two start.
    env.cmd().args(["office", "show"]).assert().success();
    let file = staff_csv(&env);
    let spawn = || {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("careplan"));
        c.env_clear()
            .env("HOME", env.dir.path())
            .env("CAREPLAN_DB", env.db())
            .args(["import", "staff"])
            .arg(&file)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        c.spawn().unwrap()
    };
    for _ in 0..3 {
        let (a, b) = (spawn(), spawn());
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
        assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    }
    let staff = env.json(&["staff"]);
    assert_eq!(staff.as_array().unwrap().len(), 3, "{staff:#}");
    let fte: f64 = staff
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["fte"].as_f64().unwrap())
        .sum();
    assert!((fte - 2.1).abs() < 1e-9, "{fte}");
}

/// Export never overwrites by surprise: an existing file (even one left readable by others)
/// is refused, nothing is written; with --force it is replaced and ends owner-only.
#[test]
fn export_refuses_existing_files_unless_forced_and_leaves_them_owner_only() {
    let env = Env::with_demo(5);
    let dir = env.path("out");
    std::fs::create_dir(&dir).unwrap();
    let old = dir.join("clients.csv");
    std::fs::write(&old, "old").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    env.cmd()
        .args(["export", "--out"])
        .arg(&dir)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "old");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "nothing written"
    );
    env.cmd()
        .args(["export", "--force", "--out"])
        .arg(&dir)
        .assert()
        .success();
    assert_ne!(std::fs::read_to_string(&old).unwrap(), "old");
    for f in std::fs::read_dir(&dir).unwrap() {
        let f = f.unwrap();
        assert_eq!(
            f.metadata().unwrap().permissions().mode() & 0o777,
            0o600,
            "{:?}",
            f.file_name()
        );
        assert!(!f.file_name().to_string_lossy().ends_with(".partial"));
    }
}

/// Imports refuse what they cannot read exactly, naming the line and the fix; nothing changes,
/// and refused data exits 1 (wrong usage alone exits 2).
#[test]
fn imports_refuse_what_they_cannot_read_exactly() {
    let env = Env::new();
    let head = "氏名,保険者番号,被保険者番号,契約日,住所,電話番号\n";
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "an unquoted comma in the address",
            format!("{head}山田 太郎,131011,0000000001,2025-04-01,東京都千代田区1-1, 101号,03-0000-0001\n").into_bytes(),
            vec!["2行目", "項目数が 7", "で囲んでください"],
        ),
        (
            "a quote left open in the last column",
            format!("{head}山田 太郎,131011,0000000001,2025-04-01,東京都,\"03-0000\n川口 さち,131011,0000000002,2025-04-01,,\n").into_bytes(),
            vec!["2行目", "引用符"],
        ),
        (
            "a column named twice",
            "氏名,保険者番号,被保険者番号,契約日,name\n山田 太郎,131011,0000000001,2025-04-01,別名\n".as_bytes().to_vec(),
            vec!["1行目", "同じ項目の見出しが2つあります", "氏名 と name"],
        ),
        (
            "an unknown column",
            "氏名,保険者番号,被保険者番号,契約日,趣味\n山田 太郎,131011,0000000001,2025-04-01,囲碁\n".as_bytes().to_vec(),
            vec!["知らない見出しがあります: 趣味", "使える見出し"],
        ),
        (
            "a NUL character",
            format!("{head}山田\0太郎,131011,0000000001,2025-04-01,,\n").into_bytes(),
            vec!["2行目 「氏名」", "NUL"],
        ),
        (
            "a line break in a name",
            format!("{head}\"山田\n太郎\",131011,0000000001,2025-04-01,,\n").into_bytes(),
            vec!["「氏名」", "改行"],
        ),
        (
            "a name of 5 MB",
            format!("{head}{},131011,0000000001,2025-04-01,,\n", "あ".repeat(1_700_000)).into_bytes(),
            vec!["「氏名」", "100 文字まで"],
        ),
        (
            "bytes that are neither UTF-8 nor MS932",
            [head.as_bytes(), b"\x82\xff,131011,0000000001,2025-04-01,,\n"].concat(),
            vec!["2行目", "バイト目"],
        ),
    ];
    let before = env.json(&["clients"]);
    for (what, bytes, says) in cases {
        let file = env.path("bad.csv");
        std::fs::write(&file, &bytes).unwrap();
        let out = env
            .cmd()
            .args(["import", "clients"])
            .arg(&file)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        for s in says {
            assert!(err.contains(s), "{what}: {s:?} not in {err}");
        }
        assert_eq!(env.json(&["clients"]), before, "{what}: nothing changed");
    }
    // 100,000 bad rows: the first hundred are listed, then how many more.
    let mut text = String::from(head);
    for i in 0..100_000 {
        text.push_str(&format!("名前{i},999999,0000000001,2025-04-01,,\n"));
    }
    let file = env.write("many.csv", &text);
    let out = env
        .cmd()
        .args(["import", "clients"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.len() < 40_000, "{} bytes of errors", err.len());
    assert!(
        err.contains("ほかに 99900 件"),
        "{}",
        &err[err.len().saturating_sub(500)..]
    );
    // Wrong usage (a file that is not there) is exit 2.
    env.cmd()
        .args(["import", "clients"])
        .arg(env.path("none.csv"))
        .assert()
        .code(2);
}

/// A command that changes records leaves ホーム's month counts current, so the next start of
/// the screen reads them instead of every client's month.
#[test]
fn a_change_through_the_command_line_keeps_home_counts_current() {
    let env = Env::with_demo(20);
    env.cmd()
        .args(["office", "set", "--name", "居宅介護支援事業所 さくら"])
        .assert()
        .success();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let (kept, now): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT stamp FROM home_summary WHERE id = 1),
                    (SELECT n FROM change_stamp WHERE id = 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kept, now);
}

/// Imported フリガナ is stored as full-width katakana and phone numbers as ASCII digits and
/// hyphens, whatever was typed; a birth date in the future refuses the file at its line.
#[test]
fn imports_store_kana_and_phone_normalised_and_refuse_a_future_birth_date() {
    let env = Env::new();
    let clients = env.write(
        "clients.csv",
        "氏名,フリガナ,生年月日,保険者番号,被保険者番号,契約日,電話番号\n\
         山田 花子,やまだ　ﾊﾅｺ,S15.3.2,131011,0000000001,2024-05-01,（０３）１２３４ー５６７８\n",
    );
    env.cmd()
        .args(["import", "clients"])
        .arg(&clients)
        .assert()
        .success();
    let c = env.json(&["clients"]);
    assert_eq!(c[0]["kana"], "ヤマダ ハナコ");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let phone: String = conn
        .query_row("SELECT phone FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(phone, "03-1234-5678");

    let providers = env.write(
        "providers.csv",
        "事業所番号,事業所名,フリガナ,電話番号,FAX番号\n\
         1270501172,ひまわり訪問介護,ﾋﾏﾜﾘ ﾎｳﾓﾝｶｲｺﾞ,０３ー００００ー１１１１,03 0000 1112\n",
    );
    env.cmd()
        .args(["import", "providers"])
        .arg(&providers)
        .assert()
        .success();
    let p = env.json(&["providers"]);
    assert_eq!(p[0]["kana"], "ヒマワリ ホウモンカイゴ");
    assert_eq!(p[0]["phone"], "03-0000-1111");
    assert_eq!(p[0]["fax"], "03-0000-1112");

    let bad = env.write(
        "bad.csv",
        "氏名,フリガナ,生年月日,保険者番号,被保険者番号,契約日,電話番号\n\
         川口 さち,カワグチ サチ,S20.1.5,131011,0000000002,2024-06-01,\n\
         未来 太郎,ミライ タロウ,2999-01-01,131011,0000000003,2024-06-01,\n\
         漢字 かな,漢字 かな,,131011,0000000004,2024-06-01,03-1234 内線5\n",
    );
    let out = env
        .cmd()
        .args(["import", "clients"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    for needle in [
        "3行目 「生年月日」: 生年月日 2999-01-01 が今日より後です",
        "4行目 「フリガナ」",
        "「漢字」は使えません",
        "4行目 「電話番号」",
        "「内線」は使えません",
    ] {
        assert!(err.contains(needle), "missing {needle} in:\n{err}");
    }
    assert_eq!(
        env.json(&["clients"]).as_array().unwrap().len(),
        1,
        "nothing of the refused file is stored"
    );
}

/// A fixed choice is picked by a beginning that fits one value; one that fits several is refused
/// naming them. A follow-up date without a year is the next such day ahead.
#[test]
fn outreach_takes_a_stage_by_its_beginning_and_a_follow_up_without_a_year() {
    let env = Env::new();
    let providers = env.write(
        "providers.csv",
        "事業所番号,事業所名\n1270501172,ひまわり訪問介護\n",
    );
    env.cmd()
        .args(["import", "providers"])
        .arg(&providers)
        .assert()
        .success();
    let outreach = |stage: &str| {
        let mut c = env.cmd();
        c.args(["enrollment", "outreach", "--provider", "1270501172"])
            .args(["--stage", stage, "--next", "12/5"]);
        c
    };
    outreach("加入")
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "「加入」では 加入予定・加入済み のどれか決まりません",
        ));
    outreach("検討")
        .assert()
        .success()
        .stdout(predicate::str::contains("検討中"));
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let (stage, next): (String, String) = conn
        .query_row(
            "SELECT stage, next_follow_up FROM outreach_activities",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(stage, "considering");
    let today = chrono::Local::now().date_naive().to_string();
    assert!(
        next.ends_with("-12-05") && next >= today,
        "{next} is the next 5 December from {today}"
    );
}

/// The audit rows of `entity` with `action`: (before, after) as JSON.
fn audit_rows(
    env: &Env,
    entity: &str,
    action: &str,
) -> Vec<(serde_json::Value, serde_json::Value)> {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let mut st = conn
        .prepare(
            "SELECT before, after FROM audit_log WHERE entity = ?1 AND action = ?2 ORDER BY id",
        )
        .unwrap();
    let json = |s: Option<String>| {
        s.map(|s| serde_json::from_str(&s).unwrap())
            .unwrap_or(serde_json::Value::Null)
    };
    st.query_map([entity, action], |r| Ok((json(r.get(0)?), json(r.get(1)?))))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn client_certs(env: &Env, insured: &str) -> Vec<serde_json::Value> {
    env.json(&[
        "certifications",
        "--insurer",
        "131011",
        "--insured",
        insured,
    ])
    .as_array()
    .unwrap()
    .clone()
}

/// Certifications: an overlapping 認定済 period is refused naming both periods (nothing
/// written); a 区分変更 ends the earlier one the day before, and withdrawing it gives that end
/// back; a correction changes only what was given and is audited.
#[test]
fn certifications_add_edit_withdraw_and_the_overlap_rule() {
    let env = Env::new();
    caseload_office(&env);
    let before = client_certs(&env, "0000000001");
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(
        (&before[0]["valid_from"], &before[0]["valid_to"]),
        (&"2026-01-01".into(), &"2027-12-31".into())
    );
    let add = |extra: &[&str]| {
        let mut c = env.cmd();
        c.args([
            "certifications",
            "add",
            "--insurer",
            "131011",
            "--insured",
            "0000000001",
            "--level",
            "要介護4",
            "--from",
            "2027-06-01",
            "--to",
            "2029-05-31",
        ]);
        c.args(extra);
        c.assert()
    };
    add(&[])
        .code(1)
        .stderr(predicate::str::contains("2027-06-01〜2029-05-31"))
        .stderr(predicate::str::contains("2026-01-01〜2027-12-31"));
    assert_eq!(client_certs(&env, "0000000001"), before, "nothing written");

    add(&["--change-of-level"]).success();
    let now = client_certs(&env, "0000000001");
    assert_eq!(now.len(), 2);
    assert_eq!(now[0]["valid_to"], "2027-05-31", "ends the day before");
    assert_eq!(now[1]["change_of_level"], true);
    assert_eq!(now[1]["care_level"], "要介護4");
    let shortened = audit_rows(&env, "certification", "shorten");
    assert_eq!(shortened.len(), 1);
    assert_eq!(shortened[0].0["valid_to"], "2027-12-31");

    // A withdrawal needs a reason.
    let id = now[1]["id"].to_string();
    env.cmd()
        .args(["certifications", "withdraw", "--id", &id, "--reason", " "])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("理由"));
    env.cmd()
        .args(["certifications", "withdraw", "--id", &id])
        .assert()
        .failure();
    env.cmd()
        .args([
            "certifications",
            "withdraw",
            "--id",
            &id,
            "--reason",
            "別の利用者の分",
        ])
        .assert()
        .success();
    let now = client_certs(&env, "0000000001");
    assert_eq!(now.len(), 1);
    assert_eq!(
        now[0]["valid_to"], "2027-12-31",
        "the earlier end is restored"
    );
    assert_eq!(audit_rows(&env, "certification", "withdraw").len(), 1);

    // Only the given field changes; before and after are in the audit trail.
    let first = now[0]["id"].to_string();
    env.cmd()
        .args([
            "certifications",
            "edit",
            "--id",
            &first,
            "--level",
            "要介護5",
        ])
        .assert()
        .success();
    let now = client_certs(&env, "0000000001");
    assert_eq!(now[0]["care_level"], "要介護5");
    assert_eq!(now[0]["valid_from"], "2026-01-01");
    assert_eq!(
        now[0]["version"].as_i64(),
        Some(before[0]["version"].as_i64().unwrap() + 3)
    );
    let edits = audit_rows(&env, "certification", "edit");
    assert_eq!(edits.len(), 1);
    assert_ne!(edits[0].0["care_level"], edits[0].1["care_level"]);
    // An edit into an overlap is refused too; an application (申請中) may overlap anything.
    env.cmd()
        .args([
            "certifications",
            "add",
            "--insurer",
            "131011",
            "--insured",
            "0000000001",
        ])
        .args([
            "--level",
            "要介護1",
            "--from",
            "2028-01-01",
            "--to",
            "2028-12-31",
        ])
        .assert()
        .success();
    let later = client_certs(&env, "0000000001")[1]["id"].to_string();
    env.cmd()
        .args([
            "certifications",
            "edit",
            "--id",
            &later,
            "--from",
            "2027-12-01",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2026-01-01〜2027-12-31"));
    env.cmd()
        .args([
            "certifications",
            "add",
            "--insurer",
            "131011",
            "--insured",
            "0000000001",
        ])
        .args(["--status", "申請中", "--from", "2027-11-01"])
        .assert()
        .success();
    assert_eq!(client_certs(&env, "0000000001").len(), 3);
}

/// A plan revision: a draft is edited freely, a confirmed one only with a reason (recorded,
/// before and after), an unknown service type is refused; a newer revision whose period has not
/// started leaves the one in force as it is.
#[test]
fn plans_edit_and_corrections() {
    let env = Env::with_demo(30);
    let plans = env.json(&["plans"]);
    let confirmed = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["status"] == "confirmed")
        .unwrap()
        .clone();
    let (insurer, insured) = (
        confirmed["client"]["insurer_number"].as_str().unwrap(),
        confirmed["client"]["insured_number"].as_str().unwrap(),
    );
    let office = confirmed["lines"][0]["office_number"].as_str().unwrap();
    let client = ["--insurer", insurer, "--insured", insured];
    let line = format!("{office}:99");
    env.cmd()
        .args(["plans", "add"])
        .args(client)
        .args([
            "--plan-date",
            "2029-12-01",
            "--from",
            "2030-01-01",
            "--to",
            "2030-06-30",
        ])
        .args(["--status", "下書き", "--line", &line])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("サービス種類コード 99"));
    let line = format!("{office}:11");
    env.cmd()
        .args(["plans", "add"])
        .args(client)
        .args([
            "--plan-date",
            "2029-12-01",
            "--from",
            "2030-01-01",
            "--to",
            "2030-06-30",
        ])
        .args(["--status", "下書き", "--line", &line])
        .assert()
        .success();
    env.cmd()
        .args(["plans", "edit"])
        .args(client)
        .args([
            "--plan-date",
            "2029-12-01",
            "--to",
            "2030-12-31",
            "--kind",
            "初回",
        ])
        .assert()
        .success();
    let of = |date: &str| {
        env.json(&["plans"])
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["client"]["insured_number"] == insured && p["plan_date"] == date)
            .unwrap()
            .clone()
    };
    let draft = of("2029-12-01");
    assert_eq!(draft["period_to"], "2030-12-31");
    assert_eq!(draft["kind"], "initial");
    assert_eq!(draft["lines"].as_array().unwrap().len(), 1, "lines kept");
    // Confirmed, but its period starts in 2030: the earlier one is still the one in force.
    env.cmd()
        .args(["plans", "status"])
        .args(client)
        .args([
            "--plan-date",
            "2029-12-01",
            "--status",
            "確定",
            "--consent-date",
            "2029-12-02",
        ])
        .assert()
        .success();
    let date = confirmed["plan_date"].as_str().unwrap();
    assert_eq!(
        of(date)["status"],
        "confirmed",
        "not superseded before it starts"
    );

    // A confirmed revision: only with a reason.
    let id = confirmed["id"].to_string();
    // A day after the consent: a hand-over date in order (`plan::dates_in_order`).
    let handed = (common::date(confirmed["consent_date"].as_str().unwrap()) + chrono::Days::new(1))
        .format("%Y-%m-%d")
        .to_string();
    let handed = handed.as_str();
    env.cmd()
        .args(["plans", "edit", "--id", &id, "--handed-date", handed])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("理由"));
    assert_eq!(of(date)["handed_date"], confirmed["handed_date"]);
    env.cmd()
        .args(["plans", "edit", "--id", &id, "--handed-date", handed])
        .args(["--reason", "交付日の記入誤り"])
        .assert()
        .success();
    assert_eq!(of(date)["handed_date"], handed);
    assert_eq!(of(date)["status"], "confirmed");
    let corrections = audit_rows(&env, "care_plan", "correct");
    assert_eq!(corrections.len(), 1);
    let (before, after) = &corrections[0];
    assert_eq!(before["plan"]["handed_date"], confirmed["handed_date"]);
    assert_eq!(after["plan"]["handed_date"], handed);
    assert_eq!(after["reason"], "交付日の記入誤り");
    assert_eq!(
        audit_rows(&env, "care_plan", "edit").len(),
        1,
        "the draft's edit"
    );
}

/// No false rows: actuals for a month that has not begun are refused, and nothing is written.
#[test]
fn actuals_for_a_future_month_are_refused() {
    let env = Env::with_demo(10);
    let plans = env.json(&["plans"]);
    let plan = &plans[0];
    env.cmd()
        .args(["deliveries", "record", "--kind", "actuals"])
        .args([
            "--insurer",
            plan["client"]["insurer_number"].as_str().unwrap(),
        ])
        .args([
            "--insured",
            plan["client"]["insured_number"].as_str().unwrap(),
        ])
        .args([
            "--provider",
            plan["lines"][0]["office_number"].as_str().unwrap(),
        ])
        .args(["--month", "2099-01"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "2099年1月の実績はまだ記録できません（その月が始まってから）",
        ));
    let jan = env.json(&["deliveries", "--month", "2099-01"]);
    assert!(jan.as_array().unwrap().is_empty(), "{jan}");
}

/// Assignments, months without 給付管理 and FTE rows are corrected or withdrawn with a reason;
/// a withdrawn one no longer counts, and each change is in the audit trail.
#[test]
fn assignments_no_benefit_months_and_fte_rows_are_corrected_or_withdrawn() {
    let env = Env::new();
    caseload_office(&env);
    let client = ["--insurer", "131011", "--insured", "0000000001"];
    let list = env.json(&[
        "clients",
        "assignments",
        client[0],
        client[1],
        client[2],
        client[3],
    ]);
    assert_eq!(list[0]["care_manager"], "一ノ瀬 花");
    let id = list[0]["id"].to_string();
    env.cmd()
        .args([
            "clients",
            "assignment",
            "edit",
            "--id",
            &id,
            "--care-manager",
            "13000012",
        ])
        .args(["--reason", ""])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("理由"));
    env.cmd()
        .args([
            "clients",
            "assignment",
            "edit",
            "--id",
            &id,
            "--care-manager",
            "13000012",
        ])
        .args(["--reason", "担当の取り違え"])
        .assert()
        .success();
    let list = env.json(&[
        "clients",
        "assignments",
        client[0],
        client[1],
        client[2],
        client[3],
    ]);
    assert_eq!(list[0]["care_manager"], "二宮 学");
    assert_eq!(list[0]["from"], "2020-01-01", "the date kept");
    let (before, after) = &audit_rows(&env, "client_care_manager", "correct")[0];
    assert_ne!(before["staff_id"], after["staff_id"]);
    env.cmd()
        .args([
            "clients",
            "assignment",
            "withdraw",
            "--id",
            &id,
            "--reason",
            "誤登録",
        ])
        .assert()
        .success();
    let list = env.json(&[
        "clients",
        "assignments",
        client[0],
        client[1],
        client[2],
        client[3],
    ]);
    assert!(list.as_array().unwrap().is_empty());
    let clients = env.json(&["clients"]);
    let row = clients
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["insured_number"] == "0000000001")
        .unwrap();
    assert!(row["care_manager"].is_null(), "{row}");

    // A month without 給付管理: marked, then withdrawn with a reason (kept, counted again).
    let care = |env: &Env| caseload_json(env, &[])["care_clients"].as_u64().unwrap();
    let all = care(&env);
    env.cmd()
        .args(["clients", "no-benefit"])
        .args(client)
        .args(["--month", "2026-11", "--reason", "入院"])
        .assert()
        .success();
    assert_eq!(care(&env), all - 1);
    env.cmd()
        .args(["clients", "no-benefit"])
        .args(client)
        .args([
            "--month",
            "2026-11",
            "--withdraw",
            "--reason",
            "入院は12月だった",
        ])
        .assert()
        .success();
    assert_eq!(care(&env), all);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let kept: (String, String) = conn
        .query_row(
            "SELECT reason, withdrawn_reason FROM no_benefit_months WHERE month = '2026-11'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kept, ("入院".into(), "入院は12月だった".into()));
    assert_eq!(audit_rows(&env, "no_benefit_month", "withdraw").len(), 1);

    // FTE rows.
    let rows = env.json(&["staff", "fte", "--staff", "13000012"]);
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["fte"].as_f64(), Some(0.6));
    let id = rows[0]["id"].to_string();
    env.cmd()
        .args([
            "staff",
            "fte",
            "edit",
            "--id",
            &id,
            "--fte",
            "0.8",
            "--reason",
            "届出と違った",
        ])
        .assert()
        .success();
    let rows = env.json(&["staff", "fte", "--staff", "13000012"]);
    assert_eq!(rows[0]["fte"].as_f64(), Some(0.8));
    assert_eq!(caseload_json(&env, &[])["fte"].as_f64(), Some(1.8));
    env.cmd()
        .args(["staff", "fte", "withdraw", "--id", &id, "--reason", "重複"])
        .assert()
        .success();
    assert!(
        env.json(&["staff", "fte", "--staff", "13000012"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(caseload_json(&env, &[])["fte"].as_f64(), Some(1.0));
    assert_eq!(audit_rows(&env, "staff_fte", "correct").len(), 1);
    assert_eq!(audit_rows(&env, "staff_fte", "withdraw").len(), 1);
}

/// Enrollment observations and outreach entries are corrected or withdrawn with a reason.
#[test]
fn enrollment_observations_and_outreach_are_corrected_or_withdrawn() {
    let env = Env::with_demo(10);
    let obs = env.json(&["enrollment", "observations"]);
    let first = obs[0].clone();
    let id = first["id"].to_string();
    env.cmd()
        .args([
            "enrollment",
            "observation",
            "edit",
            "--id",
            &id,
            "--note",
            "電話で再確認",
        ])
        .args(["--reason", "メモの書き忘れ"])
        .assert()
        .success();
    let now = env.json(&["enrollment", "observations"]);
    let row = now
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == first["id"])
        .unwrap();
    assert_eq!(row["note"], "電話で再確認");
    assert_eq!(row["status"], first["status"], "only the note changed");
    env.cmd()
        .args([
            "enrollment",
            "observation",
            "withdraw",
            "--id",
            &id,
            "--reason",
            "別の事業所の分",
        ])
        .assert()
        .success();
    let now = env.json(&["enrollment", "observations"]);
    assert_eq!(
        now.as_array().unwrap().len(),
        obs.as_array().unwrap().len() - 1
    );
    assert_eq!(audit_rows(&env, "provider_enrollment", "correct").len(), 1);

    let log = env.json(&["enrollment", "outreach-log"]);
    let first = log[0].clone();
    let id = first["id"].to_string();
    env.cmd()
        .args([
            "enrollment",
            "outreach-edit",
            "--id",
            &id,
            "--stage",
            "declined",
        ])
        .args(["--outcome", "", "--reason", "段階の誤り"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("見送り"));
    env.cmd()
        .args([
            "enrollment",
            "outreach-edit",
            "--id",
            &id,
            "--method",
            "訪問",
        ])
        .args(["--reason", "方法の誤り"])
        .assert()
        .success();
    let now = env.json(&["enrollment", "outreach-log"]);
    let row = now
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == first["id"])
        .unwrap();
    assert_eq!(row["method"], "訪問");
    assert_eq!(row["stage"], first["stage"]);
    env.cmd()
        .args([
            "enrollment",
            "outreach-withdraw",
            "--id",
            &id,
            "--reason",
            "重複",
        ])
        .assert()
        .success();
    let now = env.json(&["enrollment", "outreach-log"]);
    assert_eq!(
        now.as_array().unwrap().len(),
        log.as_array().unwrap().len() - 1
    );
    let (before, after) = &audit_rows(&env, "outreach", "withdraw")[0];
    assert_eq!(before["id"], first["id"]);
    assert_eq!(after["reason"], "重複");
}

/// The calendar is overridable: the move's announced day imported as sure replaces the
/// provisional one (audited, shown as imported); a bad file changes nothing and says which
/// line; the export reads back.
#[test]
fn the_calendar_imports_all_or_nothing_and_exports() {
    let env = Env::new();
    let shown = env.json(&["calendar"]);
    let mv = |v: &serde_json::Value| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|x| x["key"] == "exchange_move")
            .cloned()
            .unwrap()
    };
    assert_eq!(mv(&shown)["certainty"], "provisional");
    let bad = env.write(
        "bad.tsv",
        "exchange_move\t2027-01-18\tsure\tall\t移行\t\t通知\nx\t2027-13-01\tsure\tall\tx\n",
    );
    env.cmd()
        .args(["calendar", "import"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2行目"));
    assert_eq!(
        mv(&env.json(&["calendar"]))["certainty"],
        "provisional",
        "nothing changed"
    );
    let good = env.write(
        "move.tsv",
        "exchange_move\t2027-01-18\tsure\tall\tデータ連携がWEBサービスへ移行\t\t厚生労働省の通知\n",
    );
    env.cmd()
        .args(["calendar", "import"])
        .arg(&good)
        .assert()
        .success()
        .stdout(predicate::str::contains("置き換え 1 件"));
    let m = mv(&env.json(&["calendar"]));
    assert_eq!(
        (&m["date"], &m["certainty"], &m["origin"]),
        (&"2027-01-18".into(), &"sure".into(), &"imported".into())
    );
    let d = env.json(&["deadlines", "--on", "2026-12-02"]);
    let what: Vec<&str> = d
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x["what"].as_str())
        .collect();
    assert!(what.contains(&"データ連携がWEBサービスへ移行"), "{what:?}");
    // The move's row says its day for sure now (the revision's steps stay provisional).
    assert!(
        !what
            .iter()
            .any(|w| w.contains("移行") && w.contains("仮の日付")),
        "{what:?}"
    );
    let out = env.path("calendar.tsv");
    env.cmd()
        .args(["calendar", "export", "--out"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("exchange_move\t2027-01-18\tsure"));
    env.cmd()
        .args(["calendar", "import"])
        .arg(&out)
        .assert()
        .success();
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["warning_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

/// April 2027 says its table is not published; an office imports one from 2027-04-01 (made from
/// the exported March table) and April follows it while March does not. A refused table changes
/// nothing.
#[test]
fn an_imported_rules_table_is_followed_from_its_date_and_a_refused_one_changes_nothing() {
    let env = Env::with_demo(40);
    let april = env.json(&["caseload", "--month", "2027-04"]);
    assert!(
        codes(&april).contains(&"rules_not_published".to_string()),
        "{april:#}"
    );
    assert_eq!(april["rules"]["in_force_from"], "2026-06-01");
    let shown = env.json(&["rules", "--month", "2027-04"]);
    assert_eq!(shown["in_force_from"], "2026-06-01");
    assert_eq!(shown["not_published"]["on"], "2027-04-01");
    assert_eq!(shown["units"]["I"]["i"]["care_1_2"], 1086);
    assert_eq!(shown["support_weight"], "1/3");

    let out = env.path("rules-2027.toml");
    env.cmd()
        .args(["rules", "export", "--month", "2027-03", "--out"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    let new = text
        .replacen("from = \"2026-06-01\"", "from = \"2027-04-01\"", 1)
        .replace("i_i = [1086, 1411]", "i_i = [1100, 1430]")
        .replace("ii_i = [1086, 1411]", "ii_i = [1100, 1430]");

    // A broken copy first: refused with what and where, exit 1, nothing stored.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let audit = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap()
    };
    let before = audit(&conn);
    let broken = env.write(
        "broken.toml",
        &new.replace("third_band = 60", "third_band = 40"),
    );
    env.cmd()
        .args(["rules", "import"])
        .arg(&broken)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("thresholds"))
        .stderr(predicate::str::contains("何も変更していません"));
    assert_eq!(audit(&conn), before);
    let again = env.json(&["caseload", "--month", "2027-04"]);
    assert_eq!(again["units_total"], april["units_total"]);
    assert!(codes(&again).contains(&"rules_not_published".to_string()));

    let good = env.write("good.toml", &new);
    env.cmd()
        .args(["rules", "import"])
        .arg(&good)
        .assert()
        .success()
        .stdout(predicate::str::contains("2027-04-01"));
    assert_eq!(audit(&conn), before + 1);
    let after = env.json(&["caseload", "--month", "2027-04"]);
    assert_eq!(after["rules"]["in_force_from"], "2027-04-01");
    assert!(!codes(&after).contains(&"rules_not_published".to_string()));
    let first = &after["clients"][0];
    let expect = if first["care_level"].as_str().unwrap() <= "要介護2" {
        1100
    } else {
        1430
    };
    assert_eq!(first["units"], expect, "{first:#}");
    let march = env.json(&["caseload", "--month", "2027-03"]);
    assert_eq!(march["rules"]["in_force_from"], "2026-06-01");
    let shown = env.json(&["rules", "--month", "2027-04"]);
    assert_eq!(shown["origin"]["kind"], "imported");
    assert_eq!(shown["units"]["II"]["i"]["care_3_5"], 1430);

    // The office's own money names its rules table and the staffing standards of that table.
    let report = env.json(&["enrollment", "report"]);
    let worth = &report["office_worth"];
    assert!(worth["rules_from"].is_string(), "{worth:#}");
    assert_eq!(worth["staffing"]["standard"], 44);
    assert_eq!(worth["staffing"]["with_exchange_and_clerk"], 49);
}

/// `deliveries batch --format csv`: one row per provider and client, with the month, where the
/// paper goes and whether it went; the JSON carries the same provider details.
#[test]
fn paper_batch_csv_has_a_row_per_provider_and_client() {
    let env = Env::with_demo(30);
    let batch = env.json(&["deliveries", "batch", "--month", "2027-01"]);
    let providers = batch.as_array().unwrap();
    assert!(!providers.is_empty());
    let p0 = &providers[0];
    assert_eq!(p0["month"], "2027-01");
    let c0 = &p0["clients"][0];
    let out = env
        .cmd()
        .args([
            "deliveries",
            "batch",
            "--month",
            "2027-01",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "対象月",
            "事業所番号",
            "事業所",
            "FAX",
            "住所",
            "方法",
            "利用者",
            "被保険者番号",
            "送付物",
            "送付済み",
            "送付日時"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let clients: usize = providers
        .iter()
        .map(|p| p["clients"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows.len(), clients);
    let first: Vec<&str> = rows[0].iter().collect();
    assert_eq!(first[0], "2027-01");
    assert_eq!(first[1], p0["office_number"].as_str().unwrap());
    assert_eq!(first[2], p0["name"].as_str().unwrap());
    assert_eq!(first[3], p0["fax"].as_str().unwrap());
    assert_eq!(first[4], p0["address"].as_str().unwrap());
    assert!(
        ["FAX", "郵送", "手渡し", "メール", "その他"].contains(&first[5]),
        "{first:?}"
    );
    assert_eq!(first[6], c0["name"].as_str().unwrap());
    assert_eq!(first[7], c0["insured_number"].as_str().unwrap());
    assert_eq!(first[8], "提供票");
    assert_eq!(first[9], if c0["sent"].is_null() { "未" } else { "済" });
}

/// `deliveries batch --cover-sheets DIR`: one owner-only 送付状 per provider naming the office,
/// the provider, the month and the enclosed clients, with the page count left to fill in; an
/// existing sheet is kept unless --force.
#[test]
fn paper_batch_writes_a_cover_sheet_per_provider() {
    let env = Env::with_demo(30);
    let batch = env.json(&["deliveries", "batch", "--month", "2027-01"]);
    let providers = batch.as_array().unwrap();
    let dir = env.path("送付状");
    let run = |force: bool| {
        let mut c = env.cmd();
        c.args([
            "deliveries",
            "batch",
            "--month",
            "2027-01",
            "--cover-sheets",
        ])
        .arg(&dir);
        if force {
            c.arg("--force");
        }
        c.assert()
    };
    run(false)
        .success()
        .stdout(predicate::str::contains(format!("{} 件", providers.len())));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), providers.len());
    let office = env.json(&["office", "show"]);
    for p in providers {
        let file = dir.join(format!(
            "送付状_2027-01_{}.txt",
            p["office_number"].as_str().unwrap()
        ));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(&format!("{} 御中", p["name"].as_str().unwrap())));
        assert!(text.contains("2027年1月分"), "{text}");
        assert!(text.contains(office["name"].as_str().unwrap()), "{text}");
        assert!(
            text.contains("送付枚数（この送付状を含む）: ____ 枚"),
            "{text}"
        );
        let clients = p["clients"].as_array().unwrap();
        assert!(text.contains(&format!("同封の利用者（{} 名）", clients.len())));
        for c in clients {
            assert!(text.contains(c["name"].as_str().unwrap()), "{text}");
            assert!(
                text.contains(&format!(
                    "被保険者番号 {}",
                    c["insured_number"].as_str().unwrap()
                )),
                "{text}"
            );
        }
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", file.display());
    }
    // Nothing is overwritten without --force, and the refusal says how.
    let first = dir.join(format!(
        "送付状_2027-01_{}.txt",
        providers[0]["office_number"].as_str().unwrap()
    ));
    std::fs::write(&first, "手書きのメモ").unwrap();
    run(false)
        .failure()
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&first).unwrap(), "手書きのメモ");
    run(true).success();
    assert!(
        std::fs::read_to_string(&first)
            .unwrap()
            .contains("送 付 状")
    );
}

/// How far each gauge is from its next threshold, in care and in support clients, for the office
/// and each care manager; and the remark when one care manager is past the office's next line.
#[test]
fn caseload_json_and_table_give_the_headroom_to_the_next_band() {
    let env = Env::new();
    caseload_office(&env);
    let c = caseload_json(&env, &[]);
    // (80 + 3/3) at 1.6 is in (ii); (iii) from 60 × 1.6 = 96: 14 more care clients keep the
    // caseload below 60 (the 15th is the first (iii)), or 44 support clients (81 + 44/3 < 96).
    assert_eq!(
        c["headroom"],
        serde_json::json!({"band": "iii", "threshold": 60, "care": 14, "support": 44})
    );
    let cms = c["care_managers"].as_array().unwrap();
    // 一ノ瀬: 40 care + 2 support on 1.0 = 40.67, below 45: 4 care or 12 support to (ii).
    assert_eq!(cms[0]["load"], 40.67);
    assert_eq!(
        cms[0]["headroom"],
        serde_json::json!({"band": "ii", "threshold": 45, "care": 4, "support": 12})
    );
    // 二宮: 40 care + 1 support on 0.6 = 67.22, past 60: no next band, and a remark.
    assert_eq!(cms[1]["load"], 67.22);
    assert_eq!(cms[1]["headroom"], serde_json::Value::Null);
    assert!(
        c["warning_codes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "care_manager_above_office"),
        "{c}"
    );
    // Support clients are listed with their weight; the forecast says what it assumes.
    let support = c["support"].as_array().unwrap();
    assert_eq!(support.len(), 3);
    assert_eq!(support[0]["weight"], "1/3");
    assert!(
        c["forecast_assumption"]
            .as_str()
            .unwrap()
            .starts_with("前提: 認定が切れ更新の記録がない人は数えない"),
        "{c}"
    );
    // A what-if of 14 more care clients leaves none; one more is in (iii).
    let w = caseload_json(&env, &["--add-care", "14"]);
    assert_eq!(w["headroom"]["care"], 0);
    assert_eq!(w["bands"]["iii"], 0);
    let w = caseload_json(&env, &["--add-care", "15"]);
    assert_eq!(w["bands"]["iii"], 1);
    assert_eq!(w["headroom"], serde_json::Value::Null);
    // The table says the same in words, marks the what-if and explains the gauge's marks.
    let out = env
        .cmd()
        .args(["caseload", "--month", "2026-11", "--add-care", "1"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("(iii)まで あと要介護13人・要支援41人"),
        "{table}"
    );
    assert!(table.contains("【試算中】費(I)"), "{table}");
    assert!(
        table.contains("目盛 |45 (ii)の境  :50 費(II)なら(ii)の境  |60 (iii)の境  ▓ 試算"),
        "{table}"
    );
    assert!(
        table.contains("二宮 学: 1人あたり67.22件で(iii)の境60件以上（事業所は51.25件）"),
        "{table}"
    );
}

/// A service type the provider has not registered is saved with a warning naming the
/// provider, the types it has and the line; the unknown code 99 is refused outright.
#[test]
fn a_plan_line_with_a_type_the_provider_lacks_warns() {
    let env = Env::with_demo(30);
    let plans = env.json(&["plans"]);
    let plan = &plans.as_array().unwrap()[0];
    let (insurer, insured) = (
        plan["client"]["insurer_number"].as_str().unwrap(),
        plan["client"]["insured_number"].as_str().unwrap(),
    );
    let providers = env.json(&["providers"]);
    let provider = &providers.as_array().unwrap()[0];
    let office = provider["office_number"].as_str().unwrap();
    let name = provider["name"].as_str().unwrap();
    let has: Vec<&str> = provider["service_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let lacking = ["13", "11", "15", "17"]
        .into_iter()
        .find(|c| !has.contains(c))
        .unwrap();
    let client = ["--insurer", insurer, "--insured", insured];
    let dates = [
        "--plan-date",
        "2029-12-01",
        "--from",
        "2030-01-01",
        "--to",
        "2030-06-30",
        "--status",
        "下書き",
    ];
    env.cmd()
        .args(["plans", "add"])
        .args(client)
        .args(dates)
        .args(["--line", &format!("{office}:99:週1回")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("サービス種類コード 99"));
    let line = format!("{office}:{lacking}:週2回");
    env.cmd()
        .args(["plans", "add"])
        .args(client)
        .args(dates)
        .args(["--line", &line])
        .assert()
        .success()
        .stderr(predicate::str::contains("警告"))
        .stderr(predicate::str::contains(name))
        .stderr(predicate::str::contains(&line))
        .stderr(predicate::str::contains(has[0]));
    let saved = env.json(&["plans"]);
    assert!(
        saved.as_array().unwrap().iter().any(|p| p["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["service_type"] == lacking && l["office_number"] == office)),
        "the line is saved despite the warning"
    );
}

/// The plan's process steps from the command line: every JSON key of `plans steps`; a meeting
/// recorded for a revision, the plan forms handed over (and one taken back) in the ledger, a
/// 区分変更 needing a meeting after it and an inquiry with its reason proving one; `meetings
/// record` refusing a plan date without a revision and an inquiry without its reason, writing
/// nothing.
#[test]
fn plan_steps_and_meetings_record() {
    let env = Env::new();
    env.cmd()
        .args(["import", "staff"])
        .arg(staff_csv(&env))
        .assert()
        .success();
    let clients = env.write("clients.csv", CLIENTS_OK);
    env.cmd()
        .args(["import", "clients"])
        .arg(&clients)
        .assert()
        .success();
    let providers = env.write(
        "providers.csv",
        "事業所番号,事業所名,フリガナ,サービス種類,連絡方法\n\
         1270501172,ひまわり訪問介護,ヒマワリ,11,FAX\n\
         2794900205,さくらデイサービス,サクラ,15,FAX\n",
    );
    env.cmd()
        .args(["import", "providers"])
        .arg(&providers)
        .assert()
        .success();
    let yamada = ["--insurer", "131011", "--insured", "0000000001"];
    env.cmd()
        .args(["plans", "add"])
        .args(yamada)
        .args([
            "--plan-date",
            "2025-04-01",
            "--from",
            "2025-04-01",
            "--to",
            "2026-03-31",
        ])
        .args([
            "--consent-date",
            "2025-04-03",
            "--handed-date",
            "2025-04-03",
        ])
        .args(["--line", "1270501172:11", "--line", "2794900205:15"])
        .assert()
        .success();
    let steps = |month: &str| -> serde_json::Value {
        let all = env.json(&["plans", "steps", "--month", month]);
        assert_eq!(all.as_array().unwrap().len(), 1, "{all}");
        all[0].clone()
    };
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let r = steps("2025-06");
    assert_eq!(
        keys(&r),
        [
            "insured_number",
            "insurer_number",
            "missing",
            "name",
            "plan_date",
            "since",
            "status",
            "steps",
            "to_do"
        ]
    );
    assert_eq!(
        keys(&r["steps"]),
        [
            "assessment",
            "certifications",
            "consent",
            "handover_client",
            "handover_provider",
            "inquiry_without_reason",
            "meeting",
            "meeting_by_inquiry",
            "providers_lacking"
        ]
    );
    assert_eq!(r["insurer_number"], "131011");
    assert_eq!(r["insured_number"], "0000000001");
    assert_eq!(r["name"], "山田 太郎");
    assert_eq!(r["plan_date"], "2025-04-01");
    assert_eq!(r["status"], "confirmed");
    assert_eq!(
        r["missing"],
        serde_json::json!(["assessment", "meeting", "handover_provider"])
    );
    assert_eq!(r["since"], "2025-04-01");
    assert_eq!(r["to_do"], serde_json::json!([]));
    let s = &r["steps"];
    assert!(s["assessment"].is_null() && s["meeting"].is_null());
    assert_eq!(s["meeting_by_inquiry"], false);
    assert!(s["inquiry_without_reason"].is_null() && s["handover_provider"].is_null());
    assert_eq!(s["consent"], "2025-04-03");
    assert_eq!(s["handover_client"], "2025-04-03");
    assert_eq!(
        s["providers_lacking"],
        serde_json::json!([
            {"office_number": "1270501172", "name": "ひまわり訪問介護"},
            {"office_number": "2794900205", "name": "さくらデイサービス"}
        ])
    );
    assert_eq!(s["certifications"], serde_json::json!([]));

    // Refused, nothing written: a plan date with no revision, an inquiry without its reason.
    let meeting = |extra: &[&str]| {
        let mut c = env.cmd();
        c.args(["meetings", "record"]).args(yamada).args(extra);
        c.assert()
    };
    meeting(&["--plan-date", "2025-03-31", "--date", "2025-03-28"])
        .code(1)
        .stderr(predicate::str::contains(
            "作成日 2025-03-31 の計画の版はありません",
        ));
    meeting(&[
        "--plan-date",
        "2025-04-01",
        "--date",
        "2025-03-28",
        "--by-inquiry",
    ])
    .code(1)
    .stderr(predicate::str::contains("理由（--reason）が必要です"));
    meeting(&[
        "--plan-date",
        "2025-04-01",
        "--date",
        "2025-03-28",
        "--by-inquiry",
        "--reason",
        "  ",
    ])
    .code(1);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let notes = || -> i64 {
        conn.query_row("SELECT count(*) FROM case_notes", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(notes(), 0);

    // The meeting, linked to the revision, with its attendees; the plan forms in the ledger.
    meeting(&[
        "--plan-date",
        "2025-04-01",
        "--date",
        "2025-03-28 14:00",
        "--attendees",
        "本人、長女、ひまわり訪問介護",
    ])
    .success()
    .stdout(predicate::str::contains("サービス担当者会議"));
    let (category, at, attendees, plan_id): (String, String, String, Option<i64>) = conn
        .query_row(
            "SELECT category, at, attendees, plan_id FROM case_notes",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (category.as_str(), at.as_str(), attendees.as_str()),
        (
            "meeting",
            "2025-03-28 14:00",
            "本人、長女、ひまわり訪問介護"
        )
    );
    assert!(plan_id.is_some());
    let plan_form = |office: &str, extra: &[&str]| {
        env.cmd()
            .args(["deliveries", "record"])
            .args(yamada)
            .args(["--provider", office, "--plan-date", "2025-04-01"])
            .args(extra)
            .assert()
            .success();
    };
    plan_form(
        "1270501172",
        &["--kind", "plan", "--at", "2025-04-03 16:00"],
    );
    plan_form(
        "2794900205",
        &["--kind", "plan", "--at", "2025-04-03 16:10"],
    );
    let r = steps("2025-06");
    assert_eq!(r["missing"], serde_json::json!(["assessment"]));
    assert_eq!(r["steps"]["meeting"], "2025-03-28");
    assert_eq!(r["steps"]["handover_provider"], "2025-04-03");
    assert_eq!(r["steps"]["providers_lacking"], serde_json::json!([]));
    // A plan form taken back: that provider lacks it again.
    plan_form(
        "2794900205",
        &[
            "--kind",
            "withdrawal",
            "--withdraws",
            "plan",
            "--at",
            "2025-04-04 09:00",
        ],
    );
    let r = steps("2025-06");
    assert_eq!(
        r["missing"],
        serde_json::json!(["assessment", "handover_provider"])
    );
    assert_eq!(
        r["steps"]["providers_lacking"][0]["office_number"],
        "2794900205"
    );

    // A 区分変更 needs a meeting after it; an inquiry with its reason proves one.
    env.cmd()
        .args(["certifications", "add"])
        .args(yamada)
        .args([
            "--level",
            "要介護3",
            "--from",
            "2025-09-01",
            "--to",
            "2026-08-31",
        ])
        .args(["--certified-on", "2025-09-20", "--change-of-level"])
        .assert()
        .success();
    let r = steps("2025-10");
    assert_eq!(
        r["steps"]["certifications"],
        serde_json::json!([{"change": "change_of_level", "valid_from": "2025-09-01", "meeting": null}])
    );
    assert_eq!(
        r["missing"],
        serde_json::json!(["assessment", "meeting", "handover_provider"])
    );
    meeting(&[
        "--plan-date",
        "2025-04-01",
        "--date",
        "2025-09-25",
        "--by-inquiry",
        "--reason",
        "入院中のため会議を開けなかった",
    ])
    .success()
    .stdout(predicate::str::contains("照会"));
    let r = steps("2025-10");
    assert_eq!(r["steps"]["meeting"], "2025-09-25");
    assert_eq!(r["steps"]["meeting_by_inquiry"], true);
    assert_eq!(r["steps"]["certifications"][0]["meeting"], "2025-09-25");
    assert_eq!(
        r["missing"],
        serde_json::json!(["assessment", "handover_provider"])
    );

    // Before the plan nothing matters; the table says what it is not; CSV has the columns.
    assert_eq!(
        env.json(&["plans", "steps", "--month", "2025-01", "--all"]),
        serde_json::json!([])
    );
    env.cmd()
        .args(["plans", "steps", "--month", "2025-10"])
        .assert()
        .success()
        .stdout(predicate::str::contains("山田 太郎"))
        .stdout(predicate::str::contains("減算かどうかの判断ではありません"));
    env.cmd()
        .args(["plans", "steps", "--month", "2025-10", "--format", "csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("記録で確かめられない手順"))
        .stdout(predicate::str::contains("アセスメント・事業所への交付"));
    // The inspection report holds the steps of the period's revisions.
    let out = env.path("inspection.csv");
    env.cmd()
        .args([
            "report",
            "inspection",
            "--from",
            "2025-09",
            "--to",
            "2025-10",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("山田 太郎,131011,0000000001,2025-04-01"))
        .unwrap_or_else(|| panic!("{text}"));
    for cell in [
        ",記録なし,照会 2025-09-25,2025-04-03,2025-04-03,記録なし,",
        "さくらデイサービス（2794900205）",
        "区分変更 2025-09-01: 会議 2025-09-25",
        "アセスメント・事業所への交付,2025-04-01",
    ] {
        assert!(row.contains(cell), "{cell} missing: {row}");
    }
    assert!(text.contains("減算かどうかの判断ではありません"));
}

/// A small office for the 特定事業所集中減算, built by import: five clients whose plans run
/// through 2026-H2, four with 訪問介護 from two offices of one corporation (one named in
/// Japanese headers with its 法人番号, one in English headers with the name alone), one with
/// an office of no corporation; two with 通所介護.
fn concentration_office() -> Env {
    let env = Env::new();
    let providers = env.write(
        "providers.csv",
        "事業所番号,事業所名,サービス種類,法人名,法人番号\n\
         1310000011,あさひ訪問介護 北,11,社会福祉法人 あさひ会,7123456789012\n\
         1310000037,ゆうひ訪問介護,11,,\n\
         1310000045,あさひデイサービス,15,社会福祉法人 あさひ会,\n",
    );
    env.cmd()
        .args(["import", "providers"])
        .arg(&providers)
        .assert()
        .success();
    let english = env.write(
        "providers-en.csv",
        "office_number,name,service_types,corporation,corporation_number\n\
         1310000029,あさひ訪問介護 南,11,社会福祉法人あさひ会,\n",
    );
    env.cmd()
        .args(["import", "providers"])
        .arg(&english)
        .assert()
        .success();
    // A wrong 法人番号 is refused with the line and the column, nothing imported.
    let broken = env.write(
        "providers-bad.csv",
        "事業所番号,事業所名,サービス種類,法人名,法人番号\n1310000052,つきよ訪問介護,11,株式会社つきよ,8123456789012\n",
    );
    env.cmd()
        .args(["import", "providers"])
        .arg(&broken)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2行目 「法人番号」"))
        .stderr(predicate::str::contains("検査数字"));
    let mut clients = String::from("氏名,保険者番号,被保険者番号,契約日\n");
    for i in 1..=5 {
        clients.push_str(&format!("利用者 {i},131011,{:010},2026-01-01\n", 500 + i));
    }
    let clients = env.write("clients.csv", &clients);
    env.cmd()
        .args(["import", "clients"])
        .arg(&clients)
        .assert()
        .success();
    let lines: [&[&str]; 5] = [
        &["1310000011:11", "1310000045:15"],
        &["1310000011:11"],
        &["1310000029:11", "1310000045:15"],
        &["1310000029:11"],
        &["1310000037:11"],
    ];
    for (i, lines) in lines.iter().enumerate() {
        let insured = format!("{:010}", 501 + i);
        let mut c = env.cmd();
        c.args(["plans", "add", "--insurer", "131011", "--insured", &insured])
            .args(["--plan-date", "2026-08-20", "--from", "2026-09-01"])
            .args(["--to", "2027-08-31", "--consent-date", "2026-08-25"]);
        for l in *lines {
            c.args(["--line", l]);
        }
        c.assert().success();
    }
    env
}

#[test]
fn concentration_worksheet_json_from_an_imported_office() {
    let env = concentration_office();
    let w = env.json(&["concentration", "--period", "2026-H2"]);
    assert_eq!(w["period"]["from"], "2026-09-01");
    assert_eq!(w["period"]["to"], "2027-02-28");
    assert_eq!(w["period"]["id"], "2026-H2");
    assert_eq!(w["report_by"], "2027-03-15");
    assert_eq!(w["applies"]["from"], "2027-04-01");
    assert_eq!(w["applies"]["to"], "2027-09-30");
    assert_eq!(w["rules"]["threshold_percent"], 80);
    assert_eq!(w["rules"]["cut_units"], 200);
    let services = w["services"].as_array().unwrap();
    let codes: Vec<&str> = services
        .iter()
        .map(|s| s["service_type"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["11", "15", "78", "17"]);
    // 訪問介護: 5 clients × 6 months; あさひ会 (two offices, named with and without the
    // space and the number) has 4 of 5 clients: exactly 80%, which is not over 80%.
    let help = &services[0];
    assert_eq!(help["plans"], 30);
    let corps = help["corporations"].as_array().unwrap();
    assert_eq!(corps.len(), 2, "{help:#}");
    assert_eq!(corps[0]["name"], "社会福祉法人 あさひ会");
    assert_eq!(corps[0]["number"], "7123456789012");
    assert_eq!(corps[0]["plans"], 24);
    assert_eq!(corps[0]["share"], 0.8);
    assert_eq!(corps[0]["own"], false);
    assert_eq!(corps[1]["name"], "ゆうひ訪問介護");
    assert_eq!(corps[1]["own"], true, "no corporation: counted alone");
    assert_eq!(corps[1]["share"], 0.2);
    assert_eq!(help["top_share"], 0.8);
    assert_eq!(help["over_80"], false);
    let day = &services[1];
    assert_eq!(
        (day["plans"].as_u64(), day["over_80"].as_bool()),
        (Some(12), Some(true))
    );
    assert_eq!(day["top_share"], 1.0);
    assert_eq!(services[2]["plans"], 0);
    assert_eq!(services[2]["corporations"], serde_json::json!([]));
    assert_eq!(services[2]["top_share"], 0.0);
    assert_eq!(w["must_submit"], true);
    // As of a day in December: January and February are projected from the plans in force;
    // the report date is ahead. The day after it, the worksheet says it has passed.
    let on = |day: &str| env.json(&["concentration", "--period", "2026-H2", "--on", day]);
    let dec = on("2026-12-02");
    assert_eq!(dec["as_of"], "2026-12-02");
    assert_eq!(
        dec["projected_months"],
        serde_json::json!(["2027-01", "2027-02"])
    );
    assert_eq!(dec["report_passed"], false);
    assert_eq!(on("2027-03-15")["report_passed"], false);
    let late = on("2027-03-16");
    assert_eq!(
        (&late["report_passed"], &late["projected_months"]),
        (&serde_json::json!(true), &serde_json::json!([]))
    );
    let table = |day: &str| {
        let out = env
            .cmd()
            .args(["concentration", "--period", "2026-H2", "--on", day])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let text = table("2026-12-02");
    assert!(
        text.contains("見込み: 2027-01・2027-02（2026-12-02 時点の計画から）"),
        "{text}"
    );
    assert!(!text.contains("提出期限を過ぎています"), "{text}");
    let text = table("2027-03-16");
    assert!(
        text.contains("⚠ 提出期限を過ぎています（2027-03-15）"),
        "{text}"
    );
    assert!(!text.contains("見込み"), "{text}");
    // Months outside the period are not counted: 2027-H1 has the plans of March to August.
    let next = env.json(&["concentration", "--period", "2027-H1"]);
    assert_eq!(next["services"][0]["plans"], 30);
    assert_eq!(next["period"]["to"], "2027-08-31");

    // The office without a corporation joins あさひ会: 100%, over.
    env.cmd()
        .args(["providers", "edit", "--number", "1310000037"])
        .args(["--corporation", "社会福祉法人あさひ会"])
        .assert()
        .success();
    env.cmd()
        .args(["providers", "edit", "--number", "1310000037"])
        .args(["--corporation-number", "7123456789013"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("検査数字"));
    let w = env.json(&["concentration", "--period", "2026-H2"]);
    assert_eq!(w["services"][0]["over_80"], true);
    assert_eq!(w["services"][0]["top_share"], 1.0);
    let list = env.json(&["providers"]);
    let yuhi = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["office_number"] == "1310000037")
        .unwrap();
    assert_eq!(yuhi["corporation_name"], "社会福祉法人あさひ会");

    // A 正当な理由 note: recorded, corrected, taken back; the trail keeps each.
    for text in [
        "地域に訪問介護は2法人のみ",
        "地域に訪問介護の事業所は2法人のみ（市と相談済み）",
    ] {
        env.cmd()
            .args([
                "concentration",
                "note",
                "--period",
                "2026-H2",
                "--service",
                "11",
            ])
            .args(["--text", text])
            .assert()
            .success();
    }
    let w = env.json(&["concentration", "--period", "2026-H2"]);
    assert_eq!(
        w["services"][0]["note"],
        "地域に訪問介護の事業所は2法人のみ（市と相談済み）"
    );
    env.cmd()
        .args([
            "concentration",
            "note",
            "--period",
            "2026-H2",
            "--service",
            "13",
        ])
        .args(["--text", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("対象ではありません"));
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let trail: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity = 'concentration_note'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(trail, 2);

    // The worksheet as CSV: UTF-8 with a BOM by default, MS932 on request, into a file that
    // is not replaced without --force.
    let out = env
        .cmd()
        .args(["concentration", "--period", "2026-H2", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.stdout.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    let first = text.lines().nth(1).unwrap();
    assert!(
        first.starts_with(
            "2026-H2,2026-09-01,2027-02-28,2027-03-15,2027-04-01,2027-09-30,11,訪問介護,30,"
        ),
        "{first}"
    );
    assert!(first.contains(",30,100.0,○,○,"), "{first}");
    let file = env.path("worksheet.csv");
    for (extra, ok) in [(None, true), (None, false), (Some("--force"), true)] {
        let mut c = env.cmd();
        c.args(["concentration", "--period", "2026-H2", "--format", "csv"])
            .args(["--encoding", "ms932", "--out"])
            .arg(&file);
        if let Some(x) = extra {
            c.arg(x);
        }
        let out = c.output().unwrap();
        assert_eq!(out.status.success(), ok, "{extra:?}");
        if !ok {
            assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
        }
    }
    let bytes = std::fs::read(&file).unwrap();
    let (decoded, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad);
    assert!(decoded.contains("社会福祉法人 あさひ会"));
    assert!(decoded.contains("市と相談済み"));
    let table = env
        .cmd()
        .args(["concentration", "--period", "2026-H2"])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("⚠ 80% 超: 訪問介護（11）・通所介護（15）"),
        "{table}"
    );
    assert!(table.contains("提出期限 2027-03-15"), "{table}");

    // ホーム's deadlines (and `careplan deadlines`) list the report from 30 days before.
    let kinds = |on: &str| -> Vec<serde_json::Value> {
        env.json(&["deadlines", "--on", on])
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"] == "concentration_report")
            .cloned()
            .collect()
    };
    assert!(kinds("2027-02-12").is_empty());
    assert!(kinds("2027-03-16").is_empty());
    let due = kinds("2027-02-13");
    assert_eq!(due.len(), 1, "{due:#?}");
    assert_eq!(due[0]["date"], "2027-03-15");
    assert_eq!(due[0]["days_left"], 30);
    assert_eq!(due[0]["concentration"]["period"], "2026-H2");
    assert_eq!(
        due[0]["concentration"]["over"],
        serde_json::json!(["11", "15"])
    );
    assert_eq!(
        due[0]["what"],
        "特定事業所集中減算 2026年 後期: 訪問介護・通所介護 が80%超"
    );
    assert!(due[0]["action"].as_str().unwrap().contains("提出"));
}

#[test]
fn concentration_explain_prints_the_last_six_months() {
    let env = concentration_office();
    let out = env
        .cmd()
        .args(["concentration", "explain", "--on", "2027-03-10"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("前6か月（2026-09-01〜2027-02-28）"), "{text}");
    assert!(text.contains("（利用者ごと・月ごとに 30 件）"), "{text}");
    assert!(text.contains("■ 訪問介護（11）: 100.0%（30 件）"), "{text}");
    assert!(text.contains("1. あさひ訪問介護 北 40.0%"), "{text}");
    assert!(text.contains("■ 通所介護（15）: 40.0%（12 件）"), "{text}");
    let csv = env
        .cmd()
        .args([
            "concentration",
            "explain",
            "--on",
            "2027-03-10",
            "--format",
            "csv",
        ])
        .args(["--encoding", "utf8-bom"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout[3..].to_vec()).unwrap();
    assert!(
        csv.lines()
            .any(|l| l
                == "2026-09-01,2027-02-28,30,11,訪問介護,30,100.0,1,あさひ訪問介護 北,12,40.0"),
        "{csv}"
    );
}

/// An imported fee rules table without `[concentration]` uses the one in force before it, and
/// `rules export` writes that section, so the exported file imports to the same rules.
#[test]
fn concentration_rules_are_inherited_by_an_imported_table_and_exported() {
    let env = Env::new();
    let out = env.path("rules.toml");
    env.cmd()
        .args(["rules", "export", "--month", "2027-03", "--out"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    let cut = text.find("\n# 特定事業所集中減算").unwrap();
    let bare = text[..cut].replacen("from = \"2026-06-01\"", "from = \"2027-04-01\"", 1);
    let file = env.write("bare.toml", &bare);
    env.cmd()
        .args(["rules", "import"])
        .arg(&file)
        .assert()
        .success();
    let again = env.path("again.toml");
    env.cmd()
        .args(["rules", "export", "--month", "2027-04", "--out"])
        .arg(&again)
        .assert()
        .success();
    let exported = std::fs::read_to_string(&again).unwrap();
    assert!(
        exported.starts_with(&bare),
        "the file as imported comes first"
    );
    assert!(exported.contains("2026-06-01 からの表の定めを引き継いだもの"));
    assert!(exported.contains("threshold_percent = 80"));
    let w = env.json(&["concentration", "--period", "2027-H1"]);
    assert_eq!(w["rules"]["from"], "2026-06-01");
    let shown = env.json(&["rules", "--month", "2027-04"]);
    assert_eq!(shown["concentration"]["written_in"], "2026-06-01");
    assert_eq!(shown["concentration"]["second_half"]["report_by"], "03-15");
    assert_eq!(
        shown["concentration"]["services"],
        serde_json::json!(["11", "15", "78", "17"])
    );
    // Re-imported as exported, it now writes its own section, with the same rules.
    let file = env.write(
        "again.toml",
        &exported.replace("threshold_percent = 80", "threshold_percent = 75"),
    );
    env.cmd()
        .args(["rules", "import"])
        .arg(&file)
        .assert()
        .success();
    let w = env.json(&["concentration", "--period", "2027-H2"]);
    assert_eq!(w["rules"]["from"], "2027-04-01");
    assert_eq!(w["rules"]["threshold_percent"], 75);
}

/// 記録開始日 and "checked on paper": a revision made before the office kept its records in
/// careplan is never missing (導入前); unset, its steps are missing until `plans steps confirm`
/// records that they were checked on paper; `office show` gives `records_since`; the causes of
/// the month's cut name the step with its reason and action.
#[test]
fn history_kept_elsewhere_is_not_a_failure_and_a_paper_check_clears_a_revision() {
    let env = Env::new();
    env.cmd()
        .args(["import", "staff"])
        .arg(staff_csv(&env))
        .assert()
        .success();
    let clients = env.write("clients.csv", CLIENTS_OK);
    env.cmd()
        .args(["import", "clients"])
        .arg(&clients)
        .assert()
        .success();
    let yamada = ["--insurer", "131011", "--insured", "0000000001"];
    env.cmd()
        .args(["plans", "add"])
        .args(yamada)
        .args(["--plan-date", "2025-04-01", "--from", "2025-04-01"])
        .args(["--to", "2027-03-31", "--consent-date", "2025-04-03"])
        .args(["--handed-date", "2025-04-03"])
        .assert()
        .success();
    let missing = |month: &str| -> Vec<serde_json::Value> {
        env.json(&["plans", "steps", "--month", month])
            .as_array()
            .unwrap()
            .clone()
    };
    // Unset (the fixtures' office judges its own history): assessment and meeting missing.
    let unset = missing("2026-11");
    assert_eq!(unset.len(), 1, "{unset:?}");
    assert_eq!(
        unset[0]["missing"],
        serde_json::json!(["assessment", "meeting"])
    );
    let month = env.json(&["monitoring", "--month", "2026-11"]);
    let yamada_month = month
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["insured_number"] == "0000000001")
        .unwrap()
        .clone();
    let causes: Vec<&str> = yamada_month["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cause"].as_str().unwrap())
        .collect();
    assert!(causes.contains(&"assessment"), "{yamada_month}");
    assert!(
        yamada_month["since"].is_string(),
        "since is filled for a step failure"
    );
    assert!(
        yamada_month["lacks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.as_str().unwrap().contains("アセスメント")),
        "{yamada_month}"
    );

    // 記録開始日 after the revision: nothing from it counts.
    env.cmd()
        .args(["office", "set", "--records-since", "2026-11-01"])
        .assert()
        .success();
    assert_eq!(
        env.json(&["office", "show"])["records_since"],
        serde_json::json!("2026-11-01")
    );
    assert!(missing("2026-11").is_empty());
    let all = env.json(&["plans", "steps", "--month", "2026-11", "--all"]);
    assert_eq!(all[0]["missing"], serde_json::json!([]));
    let oct = env.json(&["monitoring", "--month", "2026-10"]);
    assert!(
        oct.as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "before_records" && c["reduction"] == "none"),
        "{oct}"
    );

    // Unset again, then checked on paper: the revision's steps are proven by one entry.
    env.cmd()
        .args(["office", "set", "--records-since", "none"])
        .assert()
        .success();
    env.cmd()
        .args(["plans", "steps", "confirm"])
        .args(yamada)
        .args(["--plan-date", "2025-04-02", "--reason", "紙で確認"])
        .assert()
        .failure();
    env.cmd()
        .args(["plans", "steps", "confirm"])
        .args(yamada)
        .args(["--plan-date", "2025-04-01", "--reason", " "])
        .assert()
        .failure()
        .stderr(predicate::str::contains("理由が必要"));
    env.cmd()
        .args(["plans", "steps", "confirm"])
        .args(yamada)
        .args([
            "--plan-date",
            "2025-04-01",
            "--reason",
            "導入前の紙の記録で確認",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("紙の記録で確認"));
    assert!(missing("2026-11").is_empty());
    let notes = env.json(&["notes"]);
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["category"] == "paper_check"
                && n["body"].as_str().unwrap().contains("アセスメント")),
        "{notes}"
    );
}

/// 作成日 ≤ 同意日 ≤ 交付日: `plans add|status|edit` and a plan form recorded as handed to a
/// provider refuse dates out of order, naming both, and write nothing. Rows stored out of
/// order before the rule are listed by `careplan check` (exit 1), not changed, and do not
/// block a correction of another field.
#[test]
fn plan_dates_out_of_order_are_refused_and_stored_ones_listed_by_check() {
    let env = Env::new();
    env.cmd()
        .args(["import", "staff"])
        .arg(staff_csv(&env))
        .assert()
        .success();
    let clients = env.write("clients.csv", CLIENTS_OK);
    env.cmd()
        .args(["import", "clients"])
        .arg(&clients)
        .assert()
        .success();
    let providers = env.write(
        "providers.csv",
        "事業所番号,事業所名,フリガナ,サービス種類,連絡方法\n\
         1270501172,ひまわり訪問介護,ヒマワリ,11,FAX\n",
    );
    env.cmd()
        .args(["import", "providers"])
        .arg(&providers)
        .assert()
        .success();
    let yamada = ["--insurer", "131011", "--insured", "0000000001"];
    let add = |consent: &str, handed: &str| {
        let mut c = env.cmd();
        c.args(["plans", "add"]).args(yamada).args([
            "--plan-date",
            "2026-11-01",
            "--from",
            "2026-11-01",
            "--to",
            "2027-04-30",
            "--consent-date",
            consent,
            "--handed-date",
            handed,
            "--line",
            "1270501172:11",
        ]);
        c.assert()
    };
    add("2026-11-05", "2026-11-03")
        .code(1)
        .stderr(predicate::str::contains(
            "交付日 2026-11-03 が同意日 2026-11-05 より前です",
        ));
    add("2026-10-30", "2026-11-05")
        .code(1)
        .stderr(predicate::str::contains(
            "同意日 2026-10-30 が作成日 2026-11-01 より前です",
        ));
    let plans = || env.json(&["plans"]).as_array().unwrap().clone();
    assert!(plans().is_empty(), "nothing written");
    add("2026-11-05", "2026-11-05").success();

    env.cmd()
        .args(["plans", "status"])
        .args(yamada)
        .args(["--plan-date", "2026-11-01", "--status", "確定"])
        .args(["--handed-date", "2026-11-04"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "交付日 2026-11-04 が同意日 2026-11-05 より前です",
        ));
    env.cmd()
        .args(["plans", "edit"])
        .args(yamada)
        .args(["--plan-date", "2026-11-01", "--consent-date", "2026-10-31"])
        .args(["--reason", "同意日の記入誤り"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "同意日 2026-10-31 が作成日 2026-11-01 より前です",
        ));
    env.cmd()
        .args(["deliveries", "record", "--kind", "plan"])
        .args(yamada)
        .args(["--provider", "1270501172", "--plan-date", "2026-11-01"])
        .args(["--at", "2026-11-04 16:00"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "事業所への交付日 2026-11-04 が同意日 2026-11-05 より前です",
        ));
    let p = &plans()[0];
    assert_eq!(
        (&p["consent_date"], &p["handed_date"]),
        (
            &serde_json::json!("2026-11-05"),
            &serde_json::json!("2026-11-05")
        )
    );
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let ledger = || -> i64 {
        conn.query_row("SELECT count(*) FROM delivery_events", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(ledger(), 0);
    env.cmd()
        .args(["deliveries", "record", "--kind", "plan"])
        .args(yamada)
        .args(["--provider", "1270501172", "--plan-date", "2026-11-01"])
        .args(["--at", "2026-11-05 16:00"])
        .assert()
        .success();
    env.cmd()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("問題はありません"));

    // Stored out of order before the rule (written here behind the program's back): listed.
    conn.execute("UPDATE care_plans SET handed_date = '2026-11-02'", [])
        .unwrap();
    // The ledger is append-only: a second plan form, dated before the consent.
    conn.execute(
        "INSERT INTO delivery_events (kind, withdraws, client_id, provider_id, service_type,
             month, plan_date, channel, at, recorded_by, note, source_file, recorded_at)
         SELECT kind, withdraws, client_id, provider_id, service_type, month, plan_date,
             channel, '2026-11-01T07:00:00Z', recorded_by, note, source_file, recorded_at
         FROM delivery_events",
        [],
    )
    .unwrap();
    env.cmd()
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "の計画（作成日 2026-11-01）: 交付日 2026-11-02 が同意日 2026-11-05 より前です",
        ))
        .stdout(predicate::str::contains(
            "事業所への交付日 2026-11-01 が同意日 2026-11-05 より前です",
        ))
        .stdout(predicate::str::contains("山田").not());
    // Not changed, and a correction of another field still goes through.
    env.cmd()
        .args(["plans", "edit"])
        .args(yamada)
        .args(["--plan-date", "2026-11-01", "--to", "2027-05-31"])
        .args(["--reason", "計画期間の記入誤り"])
        .assert()
        .success();
    let p = &plans()[0];
    assert_eq!(
        (&p["handed_date"], &p["period_to"]),
        (
            &serde_json::json!("2026-11-02"),
            &serde_json::json!("2027-05-31")
        )
    );
}

/// 計画期間終了 leaves ホーム and `careplan deadlines` once a 確定 successor carries on from
/// the old period (as a certified renewal clears 認定期限); a successor still awaiting
/// consent does not clear it.
#[test]
fn a_confirmed_successor_clears_the_plan_period_end() {
    let env = Env::new();
    env.cmd()
        .args(["import", "staff"])
        .arg(staff_csv(&env))
        .assert()
        .success();
    let clients = env.write("clients.csv", CLIENTS_OK);
    env.cmd()
        .args(["import", "clients"])
        .arg(&clients)
        .assert()
        .success();
    let yamada = ["--insurer", "131011", "--insured", "0000000001"];
    let add = |plan: &str, from: &str, to: &str, consent: Option<&str>| {
        let mut c = env.cmd();
        c.args(["plans", "add"]).args(yamada).args([
            "--plan-date",
            plan,
            "--from",
            from,
            "--to",
            to,
        ]);
        if let Some(d) = consent {
            c.args(["--consent-date", d]);
        }
        c.assert().success();
    };
    add("2026-06-01", "2026-06-01", "2026-12-31", Some("2026-06-02"));
    let ending = || {
        env.json(&["deadlines", "--on", "2026-12-05"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"] == "plan_period_ending")
            .count()
    };
    assert_eq!(ending(), 1);
    add("2026-12-01", "2027-01-01", "2027-06-30", None);
    assert_eq!(ending(), 1, "awaiting consent: still due");
    env.cmd()
        .args(["plans", "status"])
        .args(yamada)
        .args(["--plan-date", "2026-12-01", "--status", "確定"])
        .args(["--consent-date", "2026-12-03"])
        .assert()
        .success();
    assert_eq!(ending(), 0, "carried on by the confirmed successor");
}

/// The tables and reports written for people put thousands separators in every money and
/// unit figure, in Japanese and English, on a demo whose month runs to tens of thousands of
/// units (machine formats, --format json/csv, are left as plain numbers).
#[test]
fn tables_for_people_write_money_and_units_with_thousands_separators() {
    let env = Env::with_demo(40);
    let en = env.write("en.toml", "language = \"en\"\n");
    let commands: &[&[&str]] = &[
        &["caseload", "--month", "2026-11"],
        &[
            "caseload",
            "--month",
            "2026-11",
            "--add-care",
            "30",
            "--fte",
            "2.5",
        ],
        &["caseload", "--month", "2026-11", "--fee-schedule", "I"],
        &["kasan", "--month", "2026-11"],
        &["rules"],
        &["monitoring", "--month", "2026-11"],
        &["enrollment", "report"],
        &["deadlines"],
        &["concentration"],
    ];
    let mut all = String::new();
    for config in [None, Some(&en)] {
        for args in commands {
            let mut cmd = env.cmd();
            if let Some(c) = config {
                cmd.arg("--config").arg(c);
            }
            let out = cmd.args(*args).output().unwrap();
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            all.push_str(&format!(
                "== {args:?}\n{}\n",
                String::from_utf8_lossy(&out.stdout)
            ));
        }
    }
    // The figures are large enough to need the separators.
    assert!(
        all.lines()
            .any(|l| l.starts_with("計 ") && l.contains("単位") && l.contains(',')),
        "{all}"
    );
    let bare = common::bare_figures(&all);
    assert!(bare.is_empty(), "figures without separators: {bare:#?}");
}

//! `careplan kasan` from the command line: two clients of an office built by import, their
//! stays and 加算 entries written as plain rows (the recording commands are another module's),
//! and the JSON one object per client and 加算.

mod common;

use common::CliEnv as Env;
use rusqlite::{Connection, params};

/// Two 要介護2 clients (0000000001, 0000000002) under contract since 2024, visited every month
/// of 2026 (no 運営基準減算), and an office open Monday to Friday.
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
         山田 太郎,ヤマダ タロウ,131011,0000000001,要介護2,2026-01-01,2027-12-31,2024-04-01,佐藤 花子\n\
         川口 さち,カワグチ サチ,131011,0000000002,要介護2,2026-01-01,2027-12-31,2024-04-01,佐藤 花子\n",
    );
    for (kind, file) in [("staff", &staff), ("clients", &clients)] {
        env.cmd()
            .args(["import", kind])
            .arg(file)
            .assert()
            .success();
    }
    let conn = Connection::open(env.db()).unwrap();
    for client in [1, 2] {
        for m in 1..=12 {
            note(
                &conn,
                client,
                &format!("2026-{m:02}-03 10:00"),
                "visit",
                "本人",
            );
        }
    }
    conn.execute(
        "INSERT INTO business_hours (valid_from, weekdays, opens, closes, noted_at)
         VALUES ('2024-04-01', '1,2,3,4,5', '08:30', '17:30', '2026-01-01T00:00:00Z')",
        [],
    )
    .unwrap();
    env
}

fn client_id(conn: &Connection, insured: &str) -> i64 {
    conn.query_row(
        "SELECT id FROM clients WHERE insured_number = ?1",
        [insured],
        |r| r.get(0),
    )
    .unwrap()
}

fn note(conn: &Connection, client: i64, at: &str, category: &str, counterpart: &str) -> i64 {
    conn.execute(
        "INSERT INTO case_notes (client_id, at, category, counterpart, body, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, '記録', 'tester', '2026-12-01T00:00:00Z')",
        params![client, at, category, counterpart],
    )
    .unwrap();
    conn.last_insert_rowid()
}

fn stay(conn: &Connection, client: i64, admitted: &str, late: bool, out: Option<&str>) -> i64 {
    conn.execute(
        "INSERT INTO stays (client_id, institution, kind, admitted_on, admitted_after_hours,
                            discharged_on, destination, created_at)
         VALUES (?1, 'A病院', 'hospital', ?2, ?3, ?4, ?5, '2026-12-01T00:00:00Z')",
        params![client, admitted, late, out, out.map(|_| "home")],
    )
    .unwrap();
    conn.last_insert_rowid()
}

fn kasan(env: &Env) -> Vec<serde_json::Value> {
    env.json(&["kasan", "--month", "2026-11"])
        .as_array()
        .unwrap()
        .clone()
}

fn row<'a>(rows: &'a [serde_json::Value], insured: &str, prefix: &str) -> &'a serde_json::Value {
    let found: Vec<_> = rows
        .iter()
        .filter(|r| {
            r["insured_number"] == insured && r["kasan"].as_str().unwrap().starts_with(prefix)
        })
        .collect();
    assert_eq!(found.len(), 1, "{insured} {prefix}: {rows:#?}");
    found[0]
}

#[test]
fn kasan_json_gives_one_object_per_client_and_kasan_with_its_evidence() {
    let env = office();
    assert!(kasan(&env).is_empty(), "no event, no row");
    let conn = Connection::open(env.db()).unwrap();
    let (a, b) = (
        client_id(&conn, "0000000001"),
        client_id(&conn, "0000000002"),
    );
    // A: admitted late on Friday 2026-11-06, information faxed on Monday 11-09 (day 4, the
    // 3rd day a Sunday): (II).
    let s = stay(&conn, a, "2026-11-06", true, None);
    let n = note(
        &conn,
        a,
        "2026-11-09 09:00",
        "admission_info",
        "A病院 地域連携室",
    );
    conn.execute(
        "INSERT INTO case_note_fields (note_id, method, stay_id) VALUES (?1, 'fax', ?2)",
        params![n, s],
    )
    .unwrap();
    // B: discharged home on 11-10, one reception at a conference, attendees not written.
    let t = stay(&conn, b, "2026-10-20", false, Some("2026-11-10"));
    let m = note(&conn, b, "2026-11-05 14:00", "discharge_info", "A病院 病棟");
    conn.execute(
        "INSERT INTO case_note_fields (note_id, method, stay_id, conference, document_on_file)
         VALUES (?1, 'face_to_face', ?2, 1, 1)",
        params![m, t],
    )
    .unwrap();

    let rows = kasan(&env);
    let r = row(&rows, "0000000001", "nyuin");
    assert_eq!(r["insurer_number"], "131011");
    assert_eq!(r["name"], "山田 太郎");
    assert_eq!(r["kasan"], "nyuin_2");
    assert_eq!(r["code"], "436129");
    assert_eq!(r["units"], 200);
    assert_eq!(r["status"], "candidate");
    assert_eq!(r["evidence"], serde_json::json!([n]));
    assert_eq!(r["unsure"], true);
    assert!(r["decision"].is_null());
    let r = row(&rows, "0000000002", "taiin");
    // (I)ロ, told apart from (II)イ (both 600) by its code.
    assert_eq!(
        (r["kasan"].as_str(), r["code"].as_str()),
        (Some("taiin_1ro"), Some("436143"))
    );
    assert_eq!(r["status"], "incomplete");
    let reason = r["reason"].as_str().unwrap();
    assert!(
        reason.contains("出席者") && reason.contains("計画"),
        "{reason}"
    );
    assert_eq!(r["evidence"], serde_json::json!([m]));

    // The person accepts A's; the decision rides on the row.
    conn.execute(
        "INSERT INTO kasan_decisions (client_id, month, kasan, decision, decided_by, decided_at)
         VALUES (?1, '2026-11', 'nyuin_2', 'accepted', 'tester', '2026-12-01T00:00:00Z')",
        [a],
    )
    .unwrap();
    let rows = kasan(&env);
    assert_eq!(
        row(&rows, "0000000001", "nyuin")["decision"]["decision"],
        "accepted"
    );

    // The table and the CSV list the same rows.
    let out = env
        .cmd()
        .args(["kasan", "--month", "2026-11", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    env.cmd()
        .args(["kasan", "--month", "2026-11"])
        .assert()
        .success()
        .stdout(predicates::str::contains("候補 200 単位（1 件）"));
}

#[test]
fn kasan_of_a_month_outside_the_calendar_cannot_be_judged() {
    let env = office();
    let conn = Connection::open(env.db()).unwrap();
    let a = client_id(&conn, "0000000001");
    // No business week before 2024-04: whether the admission day was open is unknown.
    conn.execute("UPDATE business_hours SET valid_from = '2026-12-01'", [])
        .unwrap();
    let s = stay(&conn, a, "2026-11-10", false, None);
    let n = note(&conn, a, "2026-11-11 09:00", "admission_info", "A病院");
    conn.execute(
        "INSERT INTO case_note_fields (note_id, method, stay_id) VALUES (?1, 'phone', ?2)",
        params![n, s],
    )
    .unwrap();
    let rows = kasan(&env);
    let r = row(&rows, "0000000001", "nyuin");
    assert_eq!(r["status"], "cannot_judge");
    assert!(r["reason"].as_str().unwrap().contains("2026-11-10"));
}

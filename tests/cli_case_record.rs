//! The case record and monitoring from the command line, on a small office built by import,
//! in a temporary HOME. Dates are relative to the real today (the CLI's clock).

mod common;

use chrono::{Datelike, Local, Months, NaiveDate};
use common::CliEnv as Env;
use predicates::prelude::*;
use std::os::unix::fs::PermissionsExt;

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

struct Office {
    env: Env,
    today: NaiveDate,
    this_month: NaiveDate,
    last_month: NaiveDate,
}

/// Two care clients (要介護2, contracts two years back): 0000000001 and 0000000002, care
/// manager 佐藤 花子; 地域区分 3 (11.05 yen).
fn office() -> Office {
    let env = Env::new();
    let today = Local::now().date_naive();
    let this_month = today.with_day(1).unwrap();
    let last_month = this_month - Months::new(1);
    let staff = env.write(
        "staff.csv",
        "氏名,フリガナ,介護支援専門員番号,職種,常勤換算,適用開始日\n\
         佐藤 花子,サトウ ハナコ,13000001,主任介護支援専門員,1.0,2020-04-01\n",
    );
    let contract = iso(this_month - Months::new(24));
    let from = iso(this_month - Months::new(12));
    let to = iso(this_month + Months::new(12));
    let clients = env.write(
        "clients.csv",
        &format!(
            "氏名,フリガナ,保険者番号,被保険者番号,要介護度,認定有効期間開始日,認定有効期間終了日,契約日,担当介護支援専門員\n\
             山田 太郎,ヤマダ タロウ,131011,0000000001,要介護2,{from},{to},{contract},佐藤 花子\n\
             川口 さち,カワグチ サチ,131011,0000000002,要介護2,{from},{to},{contract},佐藤 花子\n"
        ),
    );
    for (kind, file) in [("staff", &staff), ("clients", &clients)] {
        env.cmd()
            .args(["import", kind])
            .arg(file)
            .assert()
            .success();
    }
    env.cmd()
        .args([
            "office",
            "set",
            "--area-grade",
            "3",
            "--area-grade-from",
            "2024-04-01",
        ])
        .assert()
        .success();
    Office {
        env,
        today,
        this_month,
        last_month,
    }
}

fn client<'a>(list: &'a serde_json::Value, insured: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["insured_number"] == insured)
        .unwrap()
}

#[test]
fn the_new_commands_have_help() {
    let env = Env::new();
    for args in [
        vec!["notes", "--help"],
        vec!["notes", "add", "--help"],
        vec!["notes", "print", "--help"],
        vec!["notes", "categories", "--help"],
        vec!["notes", "categories", "import", "--help"],
        vec!["notes", "categories", "export", "--help"],
        vec!["monitoring", "--help"],
        vec!["monitoring", "record", "--help"],
        vec!["clients", "video-consent", "--help"],
    ] {
        env.cmd()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage"));
    }
}

#[test]
fn monitoring_lists_every_client_of_the_month_with_the_keys_scripts_rely_on() {
    let o = office();
    let env = &o.env;
    let one = ["--insurer", "131011", "--insured", "0000000001"];
    for (date, kind) in [
        (o.last_month + chrono::Days::new(9), "visit"),
        (o.today, "visit"),
    ] {
        env.cmd()
            .args(["monitoring", "record"])
            .args(one)
            .args(["--date", &iso(date), "--kind", kind, "--at-time", "00:00"])
            .args(["--note", "体調は変わりなし"])
            .assert()
            .success()
            .stdout(predicate::str::contains("支援経過 #"));
    }
    // --kind none needs the 特段の事情.
    env.cmd()
        .args(["monitoring", "record"])
        .args(one)
        .args(["--date", &iso(o.today), "--kind", "none"])
        .assert()
        .failure();
    // A call is no monitoring.
    env.cmd()
        .args(["monitoring", "record"])
        .args(["--insurer", "131011", "--insured", "0000000002"])
        .args(["--date", &iso(o.today), "--kind", "phone"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--note"));
    env.cmd()
        .args(["monitoring", "record"])
        .args(["--insurer", "131011", "--insured", "0000000002"])
        .args(["--date", &iso(o.today), "--kind", "phone"])
        .args(["--note", "長女より電話。変わりなし"])
        .assert()
        .success();

    let month = o.this_month.format("%Y-%m").to_string();
    let list = env.json(&["monitoring", "--month", &month]);
    assert_eq!(list.as_array().unwrap().len(), 2, "{list:#}");
    for c in list.as_array().unwrap() {
        for key in [
            "insurer_number",
            "insured_number",
            "name",
            "month",
            "status",
            "contacts",
            "consecutive_missing",
            "reduction",
            "units_at_risk",
            "care_manager",
            "yen_at_risk",
            "video_allowed",
        ] {
            assert!(c.get(key).is_some(), "{key} missing: {c:#}");
        }
        assert_eq!(c["month"], month);
        assert_eq!(c["care_manager"], "佐藤 花子");
    }
    let done = client(&list, "0000000001");
    assert_eq!(done["status"], "done");
    assert_eq!(done["contacts"][0]["date"], iso(o.today));
    assert_eq!(done["contacts"][0]["kind"], "visit");
    assert_eq!(done["consecutive_missing"], 0);
    assert_eq!(done["reduction"], "none");
    assert_eq!(done["units_at_risk"], 0);
    let missing = client(&list, "0000000002");
    assert_eq!(missing["status"], "missing");
    assert_eq!(missing["contacts"][0]["kind"], "phone");
    assert_eq!(missing["consecutive_missing"], 12, "followed back a year");
    assert_eq!(missing["reduction"], "full");
    assert_eq!(missing["units_at_risk"], 1086);
    assert_eq!(missing["yen_at_risk"], 1086 * 1105 / 100);
    assert!(missing["video_allowed"].is_null());

    // Last month: the first client was seen, the second missed; the month before that missing
    // for both, so the first client's last month stands alone.
    let last = env.json(&[
        "monitoring",
        "--month",
        &o.last_month.format("%Y-%m").to_string(),
    ]);
    assert_eq!(client(&last, "0000000001")["status"], "done");
    // Table and CSV too.
    env.cmd()
        .args(["monitoring", "--month", &month])
        .assert()
        .success()
        .stdout(predicate::str::contains("未実施"))
        .stdout(predicate::str::contains("判断しません"));
    env.cmd()
        .args(["monitoring", "--month", &month, "--format", "csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("保険者番号,被保険者番号"));

    // The inspection report writes the case record and the monitoring beside its file.
    let out = env.path("inspection.csv");
    let from = o.last_month.format("%Y-%m").to_string();
    env.cmd()
        .args([
            "report",
            "inspection",
            "--from",
            &from,
            "--to",
            &month,
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("判断しません"));
    let notes = std::fs::read_to_string(env.path("inspection_支援経過.csv")).unwrap();
    assert!(notes.starts_with("\u{feff}#,利用者"), "{notes}");
    let records = |text: &str| csv::Reader::from_reader(text.as_bytes()).records().count();
    assert_eq!(records(&notes), 3, "three entries: {notes}");
    let monitoring = std::fs::read_to_string(env.path("inspection_モニタリング.csv")).unwrap();
    assert_eq!(
        records(&monitoring),
        4,
        "two clients, two months: {monitoring}"
    );
    assert!(monitoring.contains("記録から確認できない"));
    // The 特定事業所集中減算 worksheet of the judgement period(s) the months touch.
    let worksheet = std::fs::read_to_string(env.path("inspection_特定事業所集中減算.csv")).unwrap();
    assert!(worksheet.starts_with("\u{feff}判定期間"), "{worksheet}");
    assert!(records(&worksheet) >= 4, "the four services: {worksheet}");
    for f in [
        "inspection_支援経過.csv",
        "inspection_モニタリング.csv",
        "inspection_特定事業所集中減算.csv",
    ] {
        assert_eq!(
            std::fs::metadata(env.path(f)).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // None of the three is overwritten without --force.
    std::fs::remove_file(&out).unwrap();
    env.cmd()
        .args([
            "report",
            "inspection",
            "--from",
            &from,
            "--to",
            &month,
            "--out",
        ])
        .arg(&out)
        .assert()
        .failure();
    assert!(!out.exists());

    // Video: not allowed without consent, allowed with it and a home visit the month before.
    let two = ["--insurer", "131011", "--insured", "0000000001"];
    let next = env.json(&["monitoring", "--month", &month]);
    assert_eq!(
        client(&next, "0000000001")["video_allowed"],
        serde_json::Value::Null
    );
    env.cmd()
        .args(["clients", "video-consent"])
        .args(two)
        .args(["--video-consent", &iso(o.last_month)])
        .assert()
        .success();
    env.cmd()
        .args(["clients", "video-consent"])
        .args(two)
        .args(["--video-consent", "someday"])
        .assert()
        .failure();
}

#[test]
fn notes_are_added_corrected_withdrawn_listed_and_printed() {
    let o = office();
    let env = &o.env;
    let one = ["--insurer", "131011", "--insured", "0000000001"];
    let at = format!("{} 10:15", iso(o.today));
    env.cmd()
        .args(["notes", "add"])
        .args(one)
        .args([
            "--at",
            &at,
            "--category",
            "電話",
            "--text",
            "長女より電話。\\n通所の曜日変更の相談。",
            "--counterpart",
            "長女",
        ])
        .assert()
        .success();
    let list = env.json(&["notes"]);
    let first = &list[0];
    let id = first["id"].as_i64().unwrap();
    assert_eq!(first["category"], "phone");
    assert_eq!(first["body"], "長女より電話。\n通所の曜日変更の相談。");
    assert_eq!(
        first["care_manager"], "佐藤 花子",
        "the assigned one by default"
    );
    assert_eq!(first["client"]["insured_number"], "0000000001");
    assert_eq!(first["state"], "stands");
    // A future entry is refused, exit 1.
    let tomorrow = format!("{} 10:00", iso(o.today + chrono::Days::new(1)));
    env.cmd()
        .args(["notes", "add"])
        .args(one)
        .args(["--at", &tomorrow, "--category", "visit", "--text", "x"])
        .assert()
        .code(1);
    // Correct it, then withdraw the correction.
    env.cmd()
        .args(["notes", "add"])
        .args(one)
        .args([
            "--at",
            &at,
            "--category",
            "phone",
            "--text",
            "長男より電話。",
        ])
        .args(["--corrects", &id.to_string()])
        .args(["--correction-reason", "聞き違い"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("#{id} を訂正")));
    env.cmd()
        .args(["notes", "add"])
        .args(one)
        .args(["--at", &at, "--category", "phone", "--text", "again"])
        .args(["--corrects", &id.to_string()])
        .args(["--correction-reason", "再訂正"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("最新"));
    let now = env.json(&["notes"]);
    assert_eq!(now.as_array().unwrap().len(), 1);
    assert_eq!(now[0]["body"], "長男より電話。");
    assert_eq!(now[0]["corrects"], id);
    let correction = now[0]["id"].as_i64().unwrap();
    env.cmd()
        .args(["notes", "add"])
        .args(one)
        .args(["--withdraw", "--corrects", &correction.to_string()])
        .args(["--reason", "別の利用者の記録だった"])
        .assert()
        .success();
    assert_eq!(env.json(&["notes"]).as_array().unwrap().len(), 0);
    let all = env.json(&["notes", "--history"]);
    let states: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["corrected", "withdrawn", "withdrawal"]);

    // The printed 第5表: header, era date, corrections shown as such; owner-only, not overwritten.
    let out = env.path("shien.txt");
    let from = iso(o.this_month);
    let to = iso(o.today);
    env.cmd()
        .args(["notes", "print"])
        .args(one)
        .args(["--from", &from, "--to", &to, "--out"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    for want in [
        "居宅介護支援経過（第5表）",
        "利用者名: 山田 太郎 様",
        "被保険者番号: 0000000001",
        "担当介護支援専門員: 佐藤 花子",
        "令和",
        &format!("訂正: #{id} を訂正"),
        &format!("取消: #{correction} を取り消し"),
        "理由: 別の利用者の記録だった",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    env.cmd()
        .args(["notes", "print"])
        .args(one)
        .args(["--from", &from, "--to", &to, "--out"])
        .arg(&out)
        .assert()
        .failure();

    // Categories: export, import an office row, all or nothing.
    let file = env.path("categories.tsv");
    env.cmd()
        .args(["notes", "categories", "export", "--out"])
        .arg(&file)
        .assert()
        .success();
    let mut tsv = std::fs::read_to_string(&file).unwrap();
    assert!(tsv.contains("visit\tモニタリング訪問"));
    tsv.push_str("family\t家族との連絡\tfamily\tcontact\t\t\t2024-04-01\t\t事業所\n");
    let mine = env.write("mine.tsv", &tsv);
    env.cmd()
        .args(["notes", "categories", "import"])
        .arg(&mine)
        .assert()
        .success();
    let cats = env.json(&["notes", "categories"]);
    let family = cats
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "family")
        .unwrap();
    assert_eq!(family["origin"], "imported");
    let bad = env.write("bad.tsv", "x\t\t\tnone\t\t\t2024-04-01\t\t\n");
    env.cmd()
        .args(["notes", "categories", "import"])
        .arg(&bad)
        .assert()
        .code(1);
}

/// For every month of the demo, `careplan monitoring` summed over its clients gives the
/// at-risk line of `careplan caseload` (clients, units, yen), and every client whose month
/// would be cut says why (`causes`, `lacks`, `since`), with 不明 units as null.
#[test]
fn every_month_monitoring_adds_up_to_the_caseloads_at_risk_line() {
    let env = Env::with_demo(60);
    let mut month = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let mut cut_months = 0;
    while month <= last {
        let m = month.format("%Y-%m").to_string();
        let rows = env.json(&["monitoring", "--month", &m]);
        let rows = rows.as_array().unwrap();
        let cut: Vec<&serde_json::Value> =
            rows.iter().filter(|c| c["reduction"] != "none").collect();
        let units: u64 = cut.iter().filter_map(|c| c["units_at_risk"].as_u64()).sum();
        let yen: u64 = cut.iter().filter_map(|c| c["yen_at_risk"].as_u64()).sum();
        for c in &cut {
            assert!(!c["causes"].as_array().unwrap().is_empty(), "{m}: {c}");
            assert!(!c["lacks"].as_array().unwrap().is_empty(), "{m}: {c}");
            assert!(c["since"].is_string(), "{m}: {c}");
            if c["base_units"].is_null() {
                assert!(c["units_at_risk"].is_null(), "unknown, not 0: {c}");
            }
        }
        let load = env.json(&["caseload", "--month", &m]);
        let risk = &load["operating_cut_at_risk"];
        assert_eq!(risk["clients"].as_u64().unwrap() as usize, cut.len(), "{m}");
        assert_eq!(risk["units"].as_u64().unwrap(), units, "{m}");
        if let Some(y) = risk["yen"].as_u64() {
            // Per-client yen are truncated one by one; the month's total once.
            assert!(
                y >= yen && y - yen < cut.len() as u64 + 1,
                "{m}: {y} vs {yen}"
            );
        }
        cut_months += usize::from(!cut.is_empty());
        month = month + Months::new(1);
    }
    assert!(cut_months > 3, "the demo has months with cuts to compare");
}

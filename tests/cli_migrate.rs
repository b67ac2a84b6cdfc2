//! `careplan migrate honobono|csv` on exports written here (fictional people, MS932 as ほのぼの
//! writes them) with the traps of real ones: moved columns, placeholder rows, full-width digits,
//! repeated certification rows, a reused 利用者番号.

mod common;

use common::CliEnv as Env;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

/// Writes `text` as MS932 with CRLF line ends, as ほのぼの does.
fn ms932(path: &Path, text: &str) {
    let crlf = text.replace('\n', "\r\n");
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(&crlf);
    assert!(!bad, "fixture text must be MS932");
    std::fs::write(path, bytes).unwrap();
}

/// 基本情報: 利用者番号 1001 is reused (山田 太郎, then 川口 さち); one placeholder row.
const BASIC: &str = "利用者番号,事業所,予備,利用者名,予備2,予備3,フリガナ,予備4,性別,予備5,予備6,生年月日,郵便番号,住所,電話番号,携帯番号\n\
1001,本店,,山田 太郎,,,ヤマダ タロウ,,男,,,1940/3/2,100-0001,東京都千代田区1-1,03-0000-0001,\n\
1001,本店,,川口 さち,,,カワグチ サチ,,女,,,1945/1/5,,東京都千代田区2-2,,090-0000-0002\n\
1003,本店,,佐々木 次郎,,,ササキ ジロウ,,男,,,1938/7/7,,,,\n\
9001,本店,,★訪問枠,,,,,,,,,,,,\n";

/// 介護保険1: 被保険者番号 moved to the last column; 要介護度 in full-width digits; 山田's
/// current certification twice (two exports loaded), with a 限度額適用期間 shorter than it;
/// 佐々木 ended long ago; a placeholder row.
const INSURANCE: &str = "利用者番号,利用者名,生年月日,保険者,給付率,認定状況,要介護度,認定年月日,認定有効期間－開始日,認定有効期間－終了日,区分支給限度基準額（居宅ｻｰﾋﾞｽ区分）,適用期間－開始日（居宅ｻｰﾋﾞｽ区分）,適用期間－終了日（居宅ｻｰﾋﾞｽ区分）,担当ケアマネジャー,保険者番号,被保険者番号\n\
1001,山田 太郎,1940/3/2,千代田区,90,認定済,要介護１,2023/3/20,2023/4/1,2025/3/31,16765,,,佐藤,131011,0000000001\n\
1001,山田 太郎,1940/3/2,千代田区,90,認定済,要介護３,2025/3/15,2025/4/1,2027/3/31,27048,2025/4/1,2026/3/31,佐藤,131011,0000000001\n\
1001,山田 太郎,1940/3/2,千代田区,90,認定済,要介護３,2025/3/15,2025/4/1,2027/3/31,27048,2025/4/1,2026/3/31,佐藤,131011,0000000001\n\
1001,川口 さち,1945/1/5,千代田区,90,認定済,要支援２,20250520,20250601,20260531,10531,,,佐藤,131011,0000000002\n\
1003,佐々木 次郎,1938/7/7,千代田区,90,認定済,要介護２,2020/3/1,2020/4/1,2022/3/31,19705,,,佐藤,131011,0000000003\n\
9001,★訪問枠,,,,,,,,,,,,,,\n";

/// CAREPLAN1 in the A様式 (23 columns): 山田's first plan and a later revision; 川口's plan
/// without a 初回作成日.
fn careplan1() -> String {
    let mut head: Vec<String> = [
        "法人名",
        "施設名",
        "事業所名",
        "利用者名",
        "保険者番号",
        "被保険者番号",
        "作成日",
        "作成者",
        "意向",
        "審査会の意向",
        "援助方針",
        "計画区分",
        "認定区分",
        "初回作成日",
        "予備14",
        "認定有効開始",
        "認定有効終了",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    head.extend((17..23).map(|i| format!("予備{i}")));
    let row = |cells: [&str; 17]| {
        let mut v: Vec<&str> = cells.to_vec();
        v.extend([""; 6]);
        v.join(",")
    };
    [
        head.join(","),
        row([
            "法人",
            "施設",
            "居宅",
            "山田 太郎",
            "131011",
            "0000000001",
            "2023/4/10",
            "佐藤",
            "",
            "",
            "",
            "初回",
            "認定済",
            "2023/4/10",
            "",
            "2023/4/1",
            "2025/3/31",
        ]),
        row([
            "法人",
            "施設",
            "居宅",
            "山田 太郎",
            "131011",
            "0000000001",
            "2025/4/5",
            "佐藤",
            "",
            "",
            "",
            "継続",
            "認定済",
            "2023/4/10",
            "",
            "2025/4/1",
            "2027/3/31",
        ]),
        row([
            "法人",
            "施設",
            "居宅",
            "川口 さち",
            "131011",
            "0000000002",
            "2025/6/3",
            "佐藤",
            "",
            "",
            "",
            "初回",
            "認定済",
            "",
            "",
            "2025/6/1",
            "2026/5/31",
        ]),
    ]
    .join("\n")
        + "\n"
}

/// KAIGO1 (第2表): 山田's revision of 2025/4/5 uses a registered home-help office (its name
/// written with a half-width space) and a day service careplan does not know; a family line.
const KAIGO1: &str = "保険者番号,被保険者番号,登録年月日,作成日,表示順,解決すべき課題,長期目標,短期目標,サービス内容,予備9,サービス種別,予備11,予備12,予備13,サービス事業者名,予備15,頻度\n\
131011,0000000001,2025/4/5,2025/4/5,1,入浴,清潔,清潔,入浴介助,,訪問介護,,,,ひまわり 訪問介護,,週2回\n\
131011,0000000001,2025/4/5,2025/4/5,2,交流,外出,外出,機能訓練,,通所介護,,,,デイサービスさくら,,週1回\n\
131011,0000000001,2025/4/5,2025/4/5,3,見守り,安心,安心,声かけ,,家族,,,,,,毎日\n";

fn export(env: &Env) -> PathBuf {
    let dir = env.path("honobono");
    std::fs::create_dir_all(&dir).unwrap();
    ms932(&dir.join("基本情報1.CSV"), BASIC);
    ms932(&dir.join("介護保険1.CSV"), INSURANCE);
    ms932(&dir.join("CAREPLAN1.CSV"), &careplan1());
    ms932(&dir.join("KAIGO1.CSV"), KAIGO1);
    ms932(&dir.join("公費1.CSV"), "利用者番号,利用者名,負担者番号\n");
    dir
}

fn with_provider(env: &Env) {
    let f = env.write(
        "providers.csv",
        "事業所番号,事業所名,サービス種類\n1370000001,ひまわり訪問介護,11\n",
    );
    env.cmd()
        .args(["import", "providers"])
        .arg(f)
        .arg("--accept-warnings")
        .assert()
        .success();
}

fn migrate(env: &Env, dir: &Path, extra: &[&str]) -> serde_json::Value {
    let out = env
        .cmd()
        .args(["migrate", "honobono"])
        .arg(dir)
        .args(extra)
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

fn kinds(summary: &serde_json::Value, key: &str, field: &str) -> Vec<String> {
    summary[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[field].as_str().unwrap().to_string())
        .collect()
}

fn client<'a>(list: &'a serde_json::Value, insured: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["insured_number"] == insured)
        .unwrap_or_else(|| panic!("{insured} not in {list}"))
}

#[test]
fn honobono_moves_in_people_their_whole_history_and_plans() {
    let env = Env::new();
    with_provider(&env);
    let dir = export(&env);
    let s = migrate(&env, &dir, &[]);
    let keys: Vec<&String> = s.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "certifications_created",
            "claim_months",
            "clients_created",
            "clients_updated",
            "dry_run",
            "plans_created",
            "providers_created",
            "records_since",
            "review",
            "skipped"
        ]
    );
    assert_eq!(s["clients_created"], 3, "{s}");
    // 山田 2 generations (the repeated row once), 川口 1, 佐々木 1.
    assert_eq!(s["certifications_created"], 4, "{s}");
    assert_eq!(s["plans_created"], 3, "{s}");
    assert_eq!(s["dry_run"], false);
    assert!(s["records_since"].is_string());
    let skipped = kinds(&s, "skipped", "reason");
    assert!(skipped.iter().any(|r| r.contains("記号")), "{skipped:?}");
    assert!(skipped.iter().any(|r| r.contains("重複")), "{skipped:?}");
    for item in s["skipped"].as_array().unwrap() {
        assert!(item["line"].as_u64().unwrap() > 1 && item["file"].is_string());
    }
    let review = kinds(&s, "review", "kind");
    assert!(review.contains(&"provider_match".to_string()), "{review:?}");
    assert_eq!(
        review
            .iter()
            .filter(|k| *k == "contract_date_estimated")
            .count(),
        3,
        "{review:?}"
    );
    let details = kinds(&s, "review", "detail");
    assert!(
        details.iter().any(|d| d.contains("デイサービスさくら")),
        "{details:?}"
    );
    // 佐々木 (last certification ended in 2022) and 川口 (2026-05, 要支援): listed to record the
    // contract's end, so that a lapsed certification is not an alarm nobody explains.
    let ended: Vec<&serde_json::Value> = s["review"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "ended_client")
        .collect();
    assert_eq!(ended.len(), 2, "{s}");
    assert!(
        ended
            .iter()
            .any(|i| i["detail"].as_str().unwrap().contains("2022-03-31"))
    );

    let clients = env.json(&["clients"]);
    // The reused 利用者番号 did not merge two people.
    assert_eq!(client(&clients, "0000000001")["name"], "山田 太郎");
    assert_eq!(client(&clients, "0000000002")["name"], "川口 さち");
    // 要介護３ read as 要介護3, the certification in force now.
    assert_eq!(client(&clients, "0000000001")["care_level"], "要介護3");
    assert_eq!(
        client(&clients, "0000000001")["contract_date_source"],
        "first_plan"
    );
    assert_eq!(
        client(&clients, "0000000001")["contract_date"],
        "2023-04-10"
    );
    assert_eq!(
        client(&clients, "0000000002")["contract_date_source"],
        "certification_start"
    );
    assert_eq!(
        client(&clients, "0000000002")["contract_date"],
        "2025-06-01"
    );

    // The newest revision is in force (確定) with the matched line; the older is history.
    let plans = env.json(&["plans"]);
    let yamada = |date: &str| {
        plans
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["client"]["insured_number"] == "0000000001" && p["plan_date"] == date)
            .unwrap_or_else(|| panic!("{date} not in {plans}"))
            .clone()
    };
    let (old, new) = (yamada("2023-04-10"), yamada("2025-04-05"));
    assert_eq!(old["status"], "superseded", "{old}");
    assert_eq!(old["kind"], "initial");
    assert_eq!(old["care_level"], "要介護1");
    assert_eq!(new["status"], "confirmed", "{new}");
    assert_eq!(new["care_level"], "要介護3");
    assert!(new["consent_date"].is_null() && new["handed_date"].is_null());
    // The registered office matched by name (spaces aside); the unknown day service and the
    // family line are not service lines.
    let lines = new["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{new}");
    assert_eq!(lines[0]["office_number"], "1370000001");
    assert_eq!(lines[0]["service_type"], "11");
    // What was written passes the integrity and audit-trail check.
    env.cmd().arg("check").assert().success();
    // A moved-in revision has no consent on record, and before 記録開始日 that is history kept
    // elsewhere, not a missing step.
    let steps = env.json(&["plans", "steps", "--month", "2025-04", "--all"]);
    let revision = steps
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["insured_number"] == "0000000001" && r["plan_date"] == "2025-04-05")
        .unwrap_or_else(|| panic!("{steps}"));
    assert_eq!(revision["missing"], serde_json::json!([]), "{revision}");
}

#[test]
fn a_second_run_creates_nothing_and_raises_no_new_review() {
    let env = Env::new();
    let dir = export(&env);
    let first = migrate(&env, &dir, &[]);
    assert_eq!(first["clients_created"], 3);
    let second = migrate(&env, &dir, &[]);
    for k in [
        "clients_created",
        "clients_updated",
        "certifications_created",
        "plans_created",
        "providers_created",
    ] {
        assert_eq!(second[k], 0, "{k}: {second}");
    }
    // Nothing new was placed, so nothing new is left to review.
    assert!(second["review"].as_array().unwrap().is_empty(), "{second}");
    assert_eq!(env.json(&["clients"]).as_array().unwrap().len(), 3);
}

#[test]
fn a_dry_run_reports_the_same_counts_and_changes_nothing() {
    let env = Env::new();
    let dir = export(&env);
    let dry = migrate(&env, &dir, &["--dry-run"]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["clients_created"], 3);
    assert_eq!(dry["certifications_created"], 4);
    assert!(env.json(&["clients"]).as_array().unwrap().is_empty());
    // A real run afterwards still creates everything.
    assert_eq!(migrate(&env, &dir, &[])["clients_created"], 3);
}

#[test]
fn a_malformed_file_is_refused_whole_naming_file_line_column_and_fix() {
    let env = Env::new();
    let dir = export(&env);
    let broken = INSURANCE.replace("20250601", "2025/06/61");
    ms932(&dir.join("介護保険1.CSV"), &broken);
    env.cmd()
        .args(["migrate", "honobono"])
        .arg(&dir)
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("介護保険1.CSV 5行目")
                .and(predicate::str::contains("認定有効期間-開始日"))
                .and(predicate::str::contains("2026/4/1"))
                .and(predicate::str::contains("データベースは変更していません")),
        );
    assert!(env.json(&["clients"]).as_array().unwrap().is_empty());
    // A missing required header is named.
    let no_number = INSURANCE.replacen(",被保険者番号\n", ",番号\n", 1);
    ms932(&dir.join("介護保険1.CSV"), &no_number);
    env.cmd()
        .args(["migrate", "honobono"])
        .arg(&dir)
        .assert()
        .failure()
        .stderr(predicate::str::contains("「被保険者番号」がありません"));
}

#[test]
fn csv_with_a_map_moves_clients_and_the_template_names_the_fields() {
    let env = Env::new();
    let file = env.write(
        "kaipoke.csv",
        "利用者名,利用者カナ,利用者生年月日,保険者番号,被保険者番号,要介護度,認定有効開始年月日,認定有効終了年月日,備考\n\
         北野 ゆき,キタノ ユキ,1942/2/2,131011,0000000011,介護1,2025/4/1,2026/3/31,\n\
         北野 ゆき,キタノ ユキ,1942/2/2,131011,0000000011,介護2,2026/4/1,2027/3/31,\n\
         ※予備,,,,,,,,\n",
    );
    let template = env.path("map.toml");
    env.cmd()
        .args(["migrate", "csv"])
        .arg(&file)
        .arg("--map-template")
        .arg(&template)
        .assert()
        .success();
    let text = std::fs::read_to_string(&template).unwrap();
    assert!(
        text.contains("\"被保険者番号\" = \"client.insured_number\""),
        "{text}"
    );
    assert!(text.contains("# \"備考\" = \"\""), "{text}");
    // The office fills in its value table and runs it.
    let map = format!(
        "{text}\n[values.\"certification.care_level\"]\n\"介護1\" = \"要介護1\"\n\"介護2\" = \"要介護2\"\n"
    );
    std::fs::write(&template, map).unwrap();
    let out = env
        .cmd()
        .args(["migrate", "csv"])
        .arg(&file)
        .arg("--map")
        .arg(&template)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["clients_created"], 1, "{s}");
    assert_eq!(s["certifications_created"], 2, "{s}");
    assert_eq!(s["skipped"].as_array().unwrap().len(), 1, "{s}");
    let c = env.json(&["clients"]);
    assert_eq!(
        client(&c, "0000000011")["contract_date_source"],
        "certification_start"
    );
    // A map naming a header the file does not have is refused, naming it.
    std::fs::write(&template, "[columns]\n\"氏名\" = \"client.name\"\n").unwrap();
    env.cmd()
        .args(["migrate", "csv"])
        .arg(&file)
        .arg("--map")
        .arg(&template)
        .assert()
        .failure()
        .stderr(predicate::str::contains("「氏名」がファイルにありません"));
}

/// The reason to import every generation: a past month's caseload reads the care level of the
/// certification in force then, not the latest one.
#[test]
fn a_migrated_history_drives_the_caseload_of_a_past_month() {
    use careplan::domain::caseload::{WhatIf, compute};
    let env = Env::without_database();
    let dir = export(&env);
    let mut store =
        careplan::store::Store::open(&env.path("office.db"), common::actor("tester")).unwrap();
    let today = common::date("2026-12-01");
    let batch = careplan::migrate::honobono::read(&dir, today).unwrap();
    careplan::migrate::apply::apply(&mut store, "honobono", batch, false, today).unwrap();
    let facts = careplan::store::caseload::facts(store.conn()).unwrap();
    let level_in = |month: &str| {
        let c = compute(
            &facts,
            common::date(&format!("{month}-01")),
            &WhatIf::default(),
        );
        c.clients
            .iter()
            .find(|x| &*x.insured_number == "0000000001")
            .map(|x| x.care_level.label_ja())
            .unwrap_or_else(|| panic!("山田 not counted in {month}: {:?}", c.not_counted))
    };
    assert_eq!(level_in("2024-06"), "要介護1");
    assert_eq!(level_in("2025-06"), "要介護3");
}

/// A later export with a stronger 契約日 proxy replaces an estimate (counted as updated), but
/// never a 契約日 a person entered.
#[test]
fn a_stronger_proxy_replaces_an_estimated_contract_date_and_nothing_replaces_an_entered_one() {
    let env = Env::new();
    let dir = export(&env);
    let plans = dir.join("CAREPLAN1.CSV");
    let kept = std::fs::read(&plans).unwrap();
    std::fs::remove_file(&plans).unwrap();
    std::fs::remove_file(dir.join("KAIGO1.CSV")).unwrap();
    migrate(&env, &dir, &[]);
    let clients = env.json(&["clients"]);
    assert_eq!(
        client(&clients, "0000000001")["contract_date"],
        "2023-04-01"
    );
    assert_eq!(
        client(&clients, "0000000001")["contract_date_source"],
        "certification_start"
    );
    std::fs::write(&plans, kept).unwrap();
    let s = migrate(&env, &dir, &[]);
    assert_eq!(s["clients_updated"], 1, "{s}");
    assert_eq!(s["plans_created"], 3, "{s}");
    let clients = env.json(&["clients"]);
    assert_eq!(
        client(&clients, "0000000001")["contract_date"],
        "2023-04-10"
    );
    assert_eq!(
        client(&clients, "0000000001")["contract_date_source"],
        "first_plan"
    );
}

#[test]
fn csv_with_a_map_registers_providers_and_staff_once() {
    let env = Env::new();
    let file = env.write(
        "offices.csv",
        "事業所番号,事業所名,サービス種類,担当者,専門員番号\n\
         1370000001,ひまわり訪問介護,訪問介護,佐藤 花子,13000001\n\
         1370000019,デイサービスさくら,15,,\n",
    );
    let map = env.write(
        "map.toml",
        "[columns]\n\"事業所番号\" = \"provider.office_number\"\n\"事業所名\" = \"provider.name\"\n\
         \"サービス種類\" = \"provider.service_type\"\n\"担当者\" = \"staff.name\"\n\
         \"専門員番号\" = \"staff.cm_number\"\n",
    );
    for created in [2, 0] {
        let out = env
            .cmd()
            .args(["migrate", "csv"])
            .arg(&file)
            .arg("--map")
            .arg(&map)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(s["providers_created"], created, "{s}");
    }
    let providers = env.json(&["providers"]);
    let types: Vec<&serde_json::Value> = providers
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["service_types"])
        .collect();
    assert!(types.contains(&&serde_json::json!(["11"])), "{providers}");
    assert!(types.contains(&&serde_json::json!(["15"])), "{providers}");
    let staff = env.json(&["staff"]);
    assert_eq!(staff.as_array().unwrap().len(), 1, "{staff}");
}

/// The whole move-in: a ほのぼの export and the office's 伝送 files, two commands; the
/// claims join the people the export brought in (nobody left unknown), and a second run of
/// both changes nothing.
#[test]
fn an_export_and_the_transmission_files_move_in_with_two_commands_and_again_change_nothing() {
    let env = Env::new();
    let dir = export(&env);
    let first = migrate(&env, &dir, &[]);
    assert_eq!(first["clients_created"], 3);
    // One 給付管理票 file for 山田 (2026-10): a provider line and the terminal row.
    let line = |row: &str, rest: &[&str]| {
        let mut f: Vec<String> = [
            "8222",
            "202610",
            "00131011",
            "1370000019",
            "1",
            "20261105",
            "3",
            row,
            "0000000001",
            "19400302",
            "1",
            "23",
            "202504",
            "202703",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        f.extend(rest.iter().map(|s| s.to_string()));
        f
    };
    let data = [
        line(
            "01",
            &[
                "",
                "1",
                "1370000001",
                "1",
                "11",
                "8000",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ),
        line(
            "99",
            &[
                "27048", "1", "0", "0", "0", "", "", "", "", "8000", "13000001", "", "",
            ],
        ),
    ];
    let mut text = format!("1,1,0,{},821,0,0,1370000019,0,7,202611,1\r\n", data.len());
    for (i, d) in data.iter().enumerate() {
        text.push_str(&format!("2,{},{}\r\n", i + 2, d.join(",")));
    }
    text.push_str(&format!("3,{}\r\n", data.len() + 2));
    let files = env.path("densou");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(
        files.join("KY261101"),
        &encoding_rs::SHIFT_JIS.encode(&text).0,
    )
    .unwrap();
    let kokuho = |env: &Env| -> serde_json::Value {
        let out = env
            .cmd()
            .args(["migrate", "kokuho"])
            .arg(&files)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let claims = kokuho(&env);
    assert_eq!(claims["claim_months"], 1, "{claims}");
    assert!(
        !kinds(&claims, "review", "kind").contains(&"unknown_client".to_string()),
        "the export's people are known: {claims}"
    );
    let month = env.json(&["claims", "--month", "2026-10"]);
    assert_eq!(month[0]["insured_number"], "0000000001", "{month}");
    // Both again: nothing new.
    let again = migrate(&env, &dir, &[]);
    for k in ["clients_created", "certifications_created", "plans_created"] {
        assert_eq!(again[k], 0, "{k}: {again}");
    }
    let again = kokuho(&env);
    assert_eq!(again["claim_months"], 0, "{again}");
    assert_eq!(again["providers_created"], 0, "{again}");
    assert_eq!(env.json(&["clients"]).as_array().unwrap().len(), 3);
}

//! Import refusals speak English with `language = "en"`: every problem names its line and the
//! column by its English header, and nothing Japanese is left but the file's own values.

mod common;

use common::CliEnv as Env;
use common::is_japanese;

/// Each import with a file of Japanese headers whose rows are wrong in several ways.
const CASES: &[(&str, &str)] = &[
    (
        "staff",
        "氏名,職種,常勤換算,適用開始日\n,介護支援専門員,2,2026-13-01\n山田 花子,魔法使い,0.5,2026-04-01\n",
    ),
    (
        "clients",
        "氏名,保険者番号,被保険者番号,契約日\n山田 花子,12345,abc,2026-02-30\n",
    ),
    ("providers", "事業所番号,事業所名,電話番号\n123,,abc\n"),
    (
        "certifications",
        "保険者番号,被保険者番号,要介護度,認定有効期間開始日,認定有効期間終了日\n1,2,要介護9,2026-04-01,\n",
    ),
    ("staff", "氏名,職種,常勤換算,適用開始日,謎\n"),
    (
        "staff",
        "氏名,介護支援専門員番号,職種,常勤換算,適用開始日\n事務 一郎,12345678,事務職員,1,2026-04-01\n\
         山田 花子,,介護支援専門員,1,2026-04-01\n山田 花子,,主任介護支援専門員,1,2026-04-01\n",
    ),
    (
        "providers",
        "事業所番号,事業所名\n1310000000,あおぞら\n1310000000,あおぞら\n",
    ),
    (
        "staff",
        "氏名,職種,常勤換算,適用開始日\n佐藤,介護支援専門員,1,2026-04-01,余り\n",
    ),
];

#[test]
fn import_refusals_speak_english() {
    let env = Env::new();
    let en = env.write("en.toml", "language = \"en\"\n");
    let mut found = Vec::new();
    for (i, (kind, csv)) in CASES.iter().enumerate() {
        let file = env.write(&format!("{kind}{i}.csv"), csv);
        let out = env
            .cmd()
            .arg("--config")
            .arg(&en)
            .args(["import", kind])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{kind} {i} was not refused");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("line "), "{kind} {i}: {stderr}");
        assert!(stderr.contains("Correct the file"), "{kind} {i}: {stderr}");
        let values: Vec<&str> = csv.split(['\n', ',']).filter(|v| !v.is_empty()).collect();
        for line in stderr.lines() {
            let mut rest = line.to_string();
            for v in &values {
                rest = rest.replace(v, "");
            }
            if rest.chars().any(is_japanese) {
                found.push(format!("import {kind} ({i}): {line}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "Japanese in import refusals with language = en:\n{}",
        found.join("\n")
    );
}

#[test]
fn import_problems_name_the_english_column() {
    let env = Env::new();
    let en = env.write("en.toml", "language = \"en\"\n");
    let file = env.write(
        "s.csv",
        "氏名,職種,常勤換算,適用開始日\n,介護支援専門員,1,2026-04-01\n",
    );
    let out = env
        .cmd()
        .arg("--config")
        .arg(&en)
        .args(["import", "staff"])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2, column name: "), "{stderr}");
    // Japanese stays the default.
    let out = env
        .cmd()
        .args(["import", "staff"])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2行目 「氏名」"), "{stderr}");
}

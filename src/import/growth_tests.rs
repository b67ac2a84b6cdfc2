//! Every import is linear in its rows, checked without a clock: SQLite counts the instructions
//! its statements execute (the progress handler, called once per instruction), and an import of
//! 1,000 rows must not cost more per row than one of 100. A lookup that walks a table, or a
//! per-row query SQLite cannot answer from an index, makes the per-row count grow with the rows.

use crate::exchange::ingest;
use crate::store::{Actor, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

const TODAY: &str = "2026-11-25";
const OURS: &str = "1399900016";
const PROVIDER: &str = "1310000010";

fn today() -> chrono::NaiveDate {
    crate::domain::dates::parse_date(TODAY).unwrap()
}

fn store(dir: &Path) -> Store {
    Store::open(&dir.join("office.db"), Actor::from_env()).unwrap()
}

/// SQLite instructions executed on `store`'s connection while `run` runs.
fn instructions(store: &mut Store, run: impl FnOnce(&mut Store)) -> u64 {
    let count = Arc::new(AtomicU64::new(0));
    let c = count.clone();
    store
        .conn()
        .progress_handler(
            1,
            Some(move || {
                c.fetch_add(1, Ordering::Relaxed);
                false
            }),
        )
        .unwrap();
    run(store);
    store
        .conn()
        .progress_handler(0, None::<fn() -> bool>)
        .unwrap();
    count.load(Ordering::Relaxed)
}

/// Instructions per row at 100 and at 1,000 rows, each in a fresh database made by `setup`
/// (not counted) and imported by `import` (counted).
fn per_row(
    setup: impl Fn(&mut Store, &Path, usize),
    import: impl Fn(&mut Store, &Path, usize),
) -> (f64, f64) {
    let at = |n: usize| {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        setup(&mut s, dir.path(), n);
        instructions(&mut s, |s| import(s, dir.path(), n)) as f64 / n as f64
    };
    (at(100), at(1000))
}

/// Ten times the rows may cost a little more per row (index trees one level deeper), never
/// the several times more of work that grows with the rows.
fn assert_linear(what: &str, (small, large): (f64, f64)) {
    assert!(
        large <= small * 1.2,
        "{what}: {small:.0} SQLite instructions per row at 100 rows, {large:.0} at 1,000"
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn insured(i: usize) -> String {
    format!("{:010}", i + 1)
}

const STAFF: &str = "氏名,フリガナ,介護支援専門員番号,職種,常勤換算,適用開始日\n\
    佐藤 花子,サトウ ハナコ,13000001,主任介護支援専門員,1.0,2024-04-01\n\
    鈴木 一郎,スズキ イチロウ,13000002,介護支援専門員,1.0,2024-04-01\n";

/// `n` valid client rows: a care manager (by number and by name), a certification, and every
/// tenth an ended contract.
fn clients_csv(dir: &Path, n: usize) -> PathBuf {
    let mut text = String::from(
        "氏名,フリガナ,生年月日,性別,保険者番号,被保険者番号,要介護度,認定日,認定有効期間開始日,認定有効期間終了日,契約日,契約終了日,担当介護支援専門員,住所,電話番号\n",
    );
    for i in 0..n {
        let end = if i % 10 == 0 { "2026-03-31" } else { "" };
        let manager = if i % 2 == 0 {
            "13000002"
        } else {
            "佐藤 花子"
        };
        text.push_str(&format!(
            "山田 太郎,ヤマダ タロウ,1940-01-10,男,131011,{},要介護{},2025-03-20,2025-04-01,2027-03-31,2024-05-01,{end},{manager},東京都千代田区1-{i},03-0000-0001\n",
            insured(i),
            1 + i % 5
        ));
    }
    write(dir, "clients.csv", &text)
}

fn with_staff(s: &mut Store, dir: &Path) {
    let staff = write(dir, "staff.csv", STAFF);
    super::staff::import(s, &staff, false, false, today()).unwrap();
}

fn with_clients(s: &mut Store, dir: &Path, n: usize) {
    with_staff(s, dir);
    let file = clients_csv(dir, n);
    super::clients::import(s, &file, false, false, today()).unwrap();
}

#[test]
fn importing_clients_costs_the_same_per_row_at_any_size() {
    let rows = per_row(
        |s, dir, _| with_staff(s, dir),
        |s, dir, n| {
            let file = clients_csv(dir, n);
            let done = super::clients::import(s, &file, false, false, today()).unwrap();
            assert_eq!(done.added, n);
        },
    );
    assert_linear("import clients", rows);
}

#[test]
fn importing_certifications_costs_the_same_per_row_at_any_size() {
    let rows = per_row(with_clients, |s, dir, n| {
        // A second certification for every client, and a third for every other one.
        let mut text = String::from(
            "保険者番号,被保険者番号,要介護度,認定日,認定有効期間開始日,認定有効期間終了日\n",
        );
        let mut rows = 0;
        for i in 0..n {
            text.push_str(&format!(
                "131011,{},要介護2,2027-03-20,2027-04-01,2028-03-31\n",
                insured(i)
            ));
            rows += 1;
            if i % 2 == 0 && rows < n {
                text.push_str(&format!(
                    "131011,{},要介護3,2028-03-20,2028-04-01,2029-03-31\n",
                    insured(i)
                ));
                rows += 1;
            }
            if rows == n {
                break;
            }
        }
        let file = write(dir, "certifications.csv", &text);
        let done = super::certifications::import(s, &file, false, false, today()).unwrap();
        assert_eq!(done.added, n);
    });
    assert_linear("import certifications", rows);
}

#[test]
fn importing_staff_costs_the_same_per_row_at_any_size() {
    let rows = per_row(
        |_, _, _| {},
        |s, dir, n| {
            // Two rows a person (an FTE history), every other person without a number.
            let mut text = String::from("氏名,介護支援専門員番号,職種,常勤換算,適用開始日\n");
            for i in 0..n / 2 {
                let number = if i % 2 == 0 {
                    format!("{}", 20000000 + i)
                } else {
                    String::new()
                };
                for from in ["2024-04-01", "2025-04-01"] {
                    text.push_str(&format!("職員 {i},{number},介護支援専門員,1.0,{from}\n"));
                }
            }
            let file = write(dir, "staff.csv", &text);
            let done = super::staff::import(s, &file, false, false, today()).unwrap();
            assert_eq!(done.added, n / 2);
        },
    );
    assert_linear("import staff", rows);
}

fn providers_csv(dir: &Path, n: usize) -> PathBuf {
    let mut text = String::from("事業所番号,事業所名,サービス種類\n");
    for i in 0..n {
        text.push_str(&format!("{},事業所 {i},11\n", 1310000000 + i));
    }
    write(dir, "providers.csv", &text)
}

#[test]
fn importing_providers_costs_the_same_per_row_at_any_size() {
    let rows = per_row(
        |_, _, _| {},
        |s, dir, n| {
            let file = providers_csv(dir, n);
            // Made-up numbers: their check digits are mostly off, which is only a warning.
            let done = super::providers::import(s, &file, false, true, today()).unwrap();
            assert_eq!(done.added, n);
        },
    );
    assert_linear("import providers", rows);
}

#[test]
fn importing_enrollment_costs_the_same_per_row_at_any_size() {
    let rows = per_row(
        |s, dir, n| {
            let file = providers_csv(dir, n);
            super::providers::import(s, &file, false, true, today()).unwrap();
        },
        |s, dir, n| {
            let mut text = String::from("事業所番号,加入状況,情報源,確認日\n");
            for i in 0..n {
                text.push_str(&format!(
                    "{},enrolled,provider,2026-11-{:02}\n",
                    1310000000 + i,
                    1 + i % 20
                ));
            }
            let file = write(dir, "enrollment.csv", &text);
            let done = super::enrollment::import(s, &file, false, false).unwrap();
            assert_eq!(done.added, n);
        },
    );
    assert_linear("import enrollment", rows);
}

/// An UPPLAN file of `n` records, one per client; the odd ones are not registered (each becomes
/// an open review).
fn upplan(dir: &Path, n: usize) -> PathBuf {
    let mut text = String::new();
    for i in 0..n {
        let mut line = vec![String::new(); 25];
        line[0] = "202407".into();
        line[1] = "131011".into();
        line[2] = if i % 2 == 0 {
            insured(i / 2)
        } else {
            format!("9{:09}", i)
        };
        line[3] = "20261125".into();
        line[4] = "202612".into();
        line[9] = "20261201".into();
        line[14] = "111111".into();
        line[19] = PROVIDER.into();
        line[20] = "訪問介護 本店".into();
        text.push_str(&line.join(","));
        text.push_str("\r\n");
    }
    let path = dir.join(format!(
        "UPPLAN_202612_{OURS}_43_{PROVIDER}_11_20261125090000.CSV"
    ));
    std::fs::write(&path, encoding_rs::SHIFT_JIS.encode(&text).0).unwrap();
    path
}

#[test]
fn importing_an_exchange_file_costs_the_same_per_record_at_any_size() {
    let rows = per_row(
        |s, dir, n| {
            with_clients(s, dir, n / 2);
            s.conn()
                .execute("UPDATE office SET office_number = ?1 WHERE id = 1", [OURS])
                .unwrap();
        },
        |s, dir, n| {
            let file = upplan(dir, n);
            let files = vec![ingest::Input::File(file)];
            let done = ingest::import(s, &files, Default::default(), &mut |_, _| {}).unwrap();
            assert_eq!(done.files_imported, 1, "{:?}", done.files_rejected);
            assert_eq!(done.events_recorded, n / 2);
            assert_eq!(done.unmatched_clients.len(), n / 2);
        },
    );
    assert_linear("exchange import", rows);
}

//! The store over a real SQLite file: migrations, permissions, audit, concurrent sessions.

mod common;

use careplan::domain::ids::{InsuredNumber, InsurerNumber};
use careplan::store::clients::{self, ClientFields};
use careplan::store::{Conflict, Store, migrations};
use std::os::unix::fs::PermissionsExt;

fn client(n: u32) -> ClientFields {
    ClientFields {
        name: format!("試験 {n}"),
        kana: "シケン".into(),
        birth_date: None,
        sex: None,
        insurer_number: InsurerNumber::parse("131011").unwrap(),
        insured_number: InsuredNumber::parse(&format!("{n:010}")).unwrap(),
        address: String::new(),
        phone: String::new(),
        contract_date: common::date("2025-04-01"),
    }
}

#[test]
fn migrations_are_valid() {
    migrations().validate().unwrap();
}

#[test]
fn database_and_folder_are_owner_only_and_pragmas_set() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new/sub/office.db");
    let store = Store::open(&path, common::actor("a")).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dmode = std::fs::metadata(path.parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dmode, 0o700);
    let conn = store.conn();
    let jm: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    let sync: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!((jm.as_str(), sync, fk), ("wal", 2, 1));
}

#[test]
fn audit_log_records_who_and_refuses_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db"), common::actor("sato")).unwrap();
    store
        .write(|w| clients::insert(w, &client(1), None, None))
        .unwrap();
    let (user, entity, after): (String, String, String) = store
        .conn()
        .query_row(
            "SELECT os_user, entity, after FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((user.as_str(), entity.as_str()), ("sato", "client"));
    assert!(after.contains("試験 1"));
    assert!(
        store
            .conn()
            .execute("UPDATE audit_log SET os_user = 'x'", [])
            .is_err()
    );
    assert!(store.conn().execute("DELETE FROM audit_log", []).is_err());
}

#[test]
fn a_stale_edit_is_refused_and_the_newer_one_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let mut a = Store::open(&path, common::actor("a")).unwrap();
    let mut b = Store::open(&path, common::actor("b")).unwrap();
    let id = a
        .write(|w| clients::insert(w, &client(1), None, None))
        .unwrap();
    let version = clients::get(a.conn(), id).unwrap().unwrap().version;
    let mut first = client(1);
    first.phone = "03-1111-1111".into();
    b.write(|w| clients::update(w, id, version, &first))
        .unwrap();
    let mut second = client(1);
    second.phone = "03-2222-2222".into();
    let err = a
        .write(|w| clients::update(w, id, version, &second))
        .unwrap_err();
    assert!(err.downcast_ref::<Conflict>().is_some());
    assert!(err.to_string().contains("他の端末"));
    assert_eq!(
        clients::get(a.conn(), id).unwrap().unwrap().fields.phone,
        "03-1111-1111"
    );
}

#[test]
fn another_connection_sees_a_change_through_data_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let a = Store::open(&path, common::actor("a")).unwrap();
    let mut b = Store::open(&path, common::actor("b")).unwrap();
    let before = a.data_version().unwrap();
    b.write(|w| clients::insert(w, &client(2), None, None))
        .unwrap();
    assert_ne!(a.data_version().unwrap(), before);
}

#[test]
fn five_concurrent_writer_processes_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    Store::open(&db, common::actor("setup")).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("careplan");
    let children: Vec<_> = (0..5)
        .map(|p| {
            let csv = dir.path().join(format!("c{p}.csv"));
            let mut text = String::from("氏名,保険者番号,被保険者番号,契約日\n");
            for i in 0..20 {
                text.push_str(&format!(
                    "並行 {p}-{i},131011,{:010},2025-04-01\n",
                    p * 100 + i + 1
                ));
            }
            std::fs::write(&csv, text).unwrap();
            std::process::Command::new(&bin)
                .args([
                    "--db",
                    db.to_str().unwrap(),
                    "import",
                    "clients",
                    csv.to_str().unwrap(),
                ])
                .env("HOME", dir.path())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let store = Store::open(&db, common::actor("check")).unwrap();
    assert_eq!(
        clients::list(store.conn(), common::today()).unwrap().len(),
        100
    );
}

#[test]
fn backup_is_a_verified_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::office_db(dir.path(), 20);
    let dest = dir.path().join("backup.db");
    let report = store.backup_to(&dest, false).unwrap();
    assert_eq!(report.counts.get("clients"), Some(&23));
    assert_eq!(
        std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let refused = store.backup_to(&dest, false).unwrap_err().to_string();
    assert!(refused.contains("--force"), "{refused}");
    // A file another program left readable is replaced only on request, and ends owner-only.
    std::fs::write(&dest, b"old").unwrap();
    std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o644)).unwrap();
    store.backup_to(&dest, true).unwrap();
    assert_eq!(
        std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(std::fs::metadata(&dest).unwrap().len() > 3);
    // Nothing is left beside it, and a backup that cannot be written leaves nothing.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".partial")), "{names:?}");
    let nowhere = dir.path().join("missing/backup.db");
    assert!(store.backup_to(&nowhere, false).is_err());
    assert!(!nowhere.exists());
}

/// The delivery ledger is evidence: the database itself refuses to change or delete its rows,
/// and a provider named in it cannot be deleted either.
#[test]
fn the_delivery_ledger_refuses_changes_and_keeps_its_providers() {
    use careplan::domain::channel::Channel;
    use careplan::domain::delivery::DeliveryKind;
    use careplan::store::deliveries::{self, NewEvent};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::office_db(dir.path(), 12);
    let (client, provider, version): (i64, i64, i64) = store
        .conn()
        .query_row(
            "SELECT cp.client_id, cp.provider_id, p.version FROM client_providers cp
             JOIN providers p ON p.id = cp.provider_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let ev = NewEvent {
        kind: DeliveryKind::Schedule,
        withdraws: None,
        client_id: client,
        provider_id: provider,
        service_type: "11".into(),
        month: Some(common::date("2027-02-01")),
        plan_date: None,
        channel: Channel::Post,
        at: common::date("2027-01-28").and_hms_opt(10, 0, 0).unwrap(),
        note: String::new(),
        source_file: None,
    };
    store
        .write(|w| deliveries::record(w, std::slice::from_ref(&ev)))
        .unwrap();
    let conn = store.conn();
    assert!(
        conn.execute("UPDATE delivery_events SET channel = 'fax'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM delivery_events", []).is_err());
    // A withdrawal without its target is refused before anything is written.
    let bad = NewEvent {
        kind: DeliveryKind::Withdrawal,
        ..ev.clone()
    };
    let before: i64 = conn
        .query_row("SELECT count(*) FROM delivery_events", [], |r| r.get(0))
        .unwrap();
    assert!(
        store
            .write(|w| deliveries::record(w, &[ev.clone(), bad]))
            .is_err()
    );
    let after: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM delivery_events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, after, "the whole batch is refused");
    // Take the provider off every client: it still cannot go, the ledger names it.
    store
        .conn()
        .execute(
            "DELETE FROM client_providers WHERE provider_id = ?1",
            [provider],
        )
        .unwrap();
    let e = store
        .write(|w| careplan::store::providers::delete(w, provider, version))
        .unwrap_err();
    assert!(e.to_string().contains("に残っている"), "{e}");
}

/// Migration 006: clients registered from UPKIHON while №14 (フリガナ) was read as the name are
/// repaired — only those never edited since — and the false name/kana review items withdrawn.
#[test]
fn migration_006_repairs_names_and_kana_swapped_by_the_old_upkihon_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, 5).unwrap();
        conn.execute_batch(
            "INSERT INTO exchange_files (id, file_name, content_hash, prefix, sender, receiver,
                 sent_at, records, imported_at, imported_by)
             VALUES (1, 'UPKIHON_1300000005_46_1399900016_43_20261110100000.CSV', 'h1', 'UPKIHON',
                 '1300000005', '1399900016', '2026-11-10T10:00:00', 3,
                 '2026-11-20T01:02:03Z', 'tester');
             -- Registered by that import, never edited: repaired.
             INSERT INTO clients (id, name, kana, insurer_number, insured_number, contract_date,
                 created_at) VALUES (1, 'ミライ ハナコ', '未来 花子', '131011', '0000000001',
                 '2026-11-10', '2026-11-20T01:02:04Z');
             INSERT INTO audit_log (at, os_user, entity, entity_id, action, after)
                 VALUES ('2026-11-20T01:02:04Z', 'tester', 'client', 1, 'insert', '{}');
             -- Registered by it, then given a care manager (not an edit of the record): repaired.
             INSERT INTO staff (id, name, role, created_at) VALUES (1, '担当 一郎', 'care_manager',
                 '2026-11-20T01:02:04Z');
             INSERT INTO clients (id, name, kana, insurer_number, insured_number, contract_date,
                 created_at, version) VALUES (4, 'ミライ ジロウ', '未来 次郎', '131011', '0000000004',
                 '2026-11-10', '2026-11-20T01:02:04Z', 2);
             INSERT INTO client_care_managers (client_id, staff_id, effective_from)
                 VALUES (4, 1, '2026-11-10');
             INSERT INTO audit_log (at, os_user, entity, entity_id, action, after)
                 VALUES ('2026-11-20T01:02:04Z', 'tester', 'client', 4, 'insert', '{}'),
                        ('2026-11-21T09:00:00Z', 'tester', 'client_care_manager', 4, 'assign', '{}');
             -- The ledger's rows survive the table's rebuild.
             INSERT INTO providers (id, office_number, name, created_at)
                 VALUES (1, '1370000029', '訪問介護A', '2026-11-01T00:00:00Z');
             INSERT INTO delivery_events (kind, client_id, provider_id, month, channel, at,
                 recorded_by, recorded_at)
                 VALUES ('schedule', 1, 1, '2026-12-01', 'fax', '2026-11-25T00:00:00Z', 'tester',
                         '2026-11-25T00:00:00Z');
             -- Registered by it, then edited by a person: left as the person saved it.
             INSERT INTO clients (id, name, kana, insurer_number, insured_number, contract_date,
                 created_at, version) VALUES (2, 'ヤマダ タロウ', '山田 太郎', '131011',
                 '0000000002', '2026-11-10', '2026-11-20T01:02:04Z', 2);
             INSERT INTO audit_log (at, os_user, entity, entity_id, action, after)
                 VALUES ('2026-11-21T09:00:00Z', 'tester', 'client', 2, 'update', '{}');
             -- Typed in by hand on another day: not from the file.
             INSERT INTO clients (id, name, kana, insurer_number, insured_number, contract_date,
                 created_at) VALUES (3, 'スズキ ハル', '鈴木 春', '131011', '0000000003',
                 '2026-11-10', '2026-11-25T08:00:00Z');
             -- What the old reading raised for review.
             INSERT INTO exchange_reviews (file_id, kind, client_id, insurer_number,
                 insured_number, field, ours, theirs, created_at)
             VALUES (1, 'difference', 3, '131011', '0000000003', '氏名', 'スズキ ハル', '鈴木 春',
                     '2026-11-20T01:02:04Z'),
                    (1, 'difference', 3, '131011', '0000000003', '生年月日', '1940-01-01',
                     '1941-01-01', '2026-11-20T01:02:04Z'),
                    (1, 'unmatched_client', NULL, '131011', '0000000009', '', '',
                     '氏名: ミライ タロウ / フリガナ: 未来 太郎 / 性別: 男', '2026-11-20T01:02:04Z');",
        )
        .unwrap();
    }
    let store = Store::open(&path, common::actor("a")).unwrap();
    let conn = store.conn();
    let name_kana = |id: i64| -> (String, String) {
        conn.query_row("SELECT name, kana FROM clients WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap()
    };
    assert_eq!(name_kana(1), ("未来 花子".into(), "ミライ ハナコ".into()));
    assert_eq!(name_kana(2), ("ヤマダ タロウ".into(), "山田 太郎".into()));
    assert_eq!(name_kana(3), ("スズキ ハル".into(), "鈴木 春".into()));
    assert_eq!(name_kana(4), ("未来 次郎".into(), "ミライ ジロウ".into()));
    let events: i64 = conn
        .query_row(
            "SELECT count(*) FROM delivery_events WHERE kind = 'schedule'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(events, 1);
    let statuses: Vec<(String, String)> = conn
        .prepare("SELECT field, status FROM exchange_reviews WHERE kind = 'difference' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        statuses,
        [
            ("氏名".to_string(), "withdrawn".to_string()),
            ("生年月日".to_string(), "open".to_string())
        ]
    );
    let theirs: String = conn
        .query_row(
            "SELECT theirs FROM exchange_reviews WHERE kind = 'unmatched_client'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        theirs,
        "フリガナ: ミライ タロウ / 氏名: 未来 太郎 / 性別: 男"
    );
    let repairs: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'repair' AND entity = 'client'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(repairs, 2, "each repair is audited");
    // Migration 008 linked every earlier row, the repairs included.
    assert_eq!(careplan::store::audit::broken_link(conn).unwrap(), None);
    // The ledger's rebuilt table keeps refusing changes.
    let triggers: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
               AND tbl_name = 'delivery_events' AND name LIKE 'delivery_events_no_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // no update, no delete, no REPLACE (migration 008).
    assert_eq!(triggers, 3);
}

/// Every table of records moves the change stamp (sessions reload on it, ホーム's kept counts
/// are checked against it): a table added without its triggers fails here.
#[test]
fn every_table_of_records_moves_the_change_stamp() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("o.db"), common::actor("a")).unwrap();
    let conn = store.conn();
    let not_records = ["audit_log", "drafts", "home_summary", "change_stamp"];
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(tables.len() > 15, "{tables:?}");
    for t in tables.iter().filter(|t| !not_records.contains(&t.as_str())) {
        for ev in ["insert", "update", "delete"] {
            let n: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1
                       AND name = ?2 AND sql LIKE '%change_stamp%'",
                    [t.clone(), format!("{t}_stamp_{ev}")],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "{t} has no {ev} trigger for the change stamp");
        }
    }
}

/// ホーム's month counts are kept and reused while nothing changes, and computed again — and
/// right — after a change.
#[test]
fn home_month_counts_are_kept_until_the_records_change() {
    use careplan::store::deliveries::{self, NewEvent};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::office_db(dir.path(), 30);
    let today = common::today();
    let fresh = careplan::store::home::ledger_deadlines(store.conn(), today).unwrap();
    let mut first = fresh.clone();
    let kept = first.keep.take().expect("computed afresh the first time");
    careplan::store::home::keep_month_counts(store.conn(), kept);
    let again = careplan::store::home::ledger_deadlines(store.conn(), today).unwrap();
    assert!(again.keep.is_none(), "read from the kept counts");
    assert_eq!(again, first);

    // Next month's schedule sent for one unsent cell: one fewer unsent, computed afresh.
    let next = careplan::domain::dates::month_start(today) + chrono::Months::new(1);
    let board = deliveries::board(store.conn(), next).unwrap();
    let (client, cell) = board
        .iter()
        .find_map(|r| {
            r.cells
                .iter()
                .find(|c| c.marks.sent.is_none())
                .map(|c| (r.client_id, c.clone()))
        })
        .expect("an unsent cell");
    store
        .write(|w| {
            deliveries::record(
                w,
                &[NewEvent {
                    kind: careplan::domain::delivery::DeliveryKind::Schedule,
                    withdraws: None,
                    client_id: client,
                    provider_id: cell.provider_id,
                    service_type: cell.service_type.to_string(),
                    month: Some(next),
                    plan_date: None,
                    channel: careplan::domain::channel::Channel::Fax,
                    at: today.and_hms_opt(10, 0, 0).unwrap(),
                    note: String::new(),
                    source_file: None,
                }],
            )
        })
        .unwrap();
    let mut after = careplan::store::home::ledger_deadlines(store.conn(), today).unwrap();
    assert!(after.keep.is_some(), "a change makes the kept counts stale");
    assert_eq!(
        after.schedules_unsent_next_month + 1,
        first.schedules_unsent_next_month
    );
    careplan::store::home::keep_month_counts(store.conn(), after.keep.take().unwrap());
    assert!(
        careplan::store::home::ledger_deadlines(store.conn(), today)
            .unwrap()
            .keep
            .is_none()
    );
    // Kept counts of this month are not used for the next one.
    let later = careplan::store::home::ledger_deadlines(store.conn(), next).unwrap();
    assert!(later.keep.is_some());
}

/// ホーム's incomplete 加算 are kept with its month counts and judged again after a change: an
/// admission recorded today without the 入院時情報連携 shows on the next read.
#[test]
fn home_incomplete_kasan_are_kept_and_follow_a_new_stay() {
    use careplan::domain::kasan_records::{StayFields, StayKind};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::office_db(dir.path(), 30);
    let today = common::today();
    let mut first = careplan::store::home::ledger_deadlines(store.conn(), today).unwrap();
    careplan::store::home::keep_month_counts(store.conn(), first.keep.take().unwrap());
    let kept = careplan::store::home::ledger_deadlines(store.conn(), today).unwrap();
    assert!(kept.keep.is_none(), "read from the kept counts");
    assert_eq!(kept.kasan_incomplete, first.kasan_incomplete);
    let admitted = |d: &careplan::store::home::LedgerDeadlines| -> Vec<i64> {
        d.kasan_incomplete
            .iter()
            .filter(|k| k.name.contains("入院"))
            .map(|k| k.client_id)
            .collect()
    };
    let before = admitted(&first);
    let active: Vec<i64> = careplan::store::clients::list(store.conn(), today)
        .unwrap()
        .into_iter()
        .filter(|c| c.contract_end.is_none())
        .map(|c| c.id)
        .collect();
    // Those without a stay yet (a stay may not overlap another).
    let staying = careplan::store::stays::list(store.conn(), None, false).unwrap();
    let active: Vec<i64> = active
        .into_iter()
        .filter(|id| staying.iter().all(|s| s.client_id != *id))
        .collect();
    store
        .write(|w| {
            for id in &active {
                let stay = StayFields {
                    institution: "試験病院".into(),
                    kind: StayKind::Hospital,
                    admitted_on: today,
                    after_hours: false,
                    discharged_on: None,
                    destination: None,
                    note: String::new(),
                };
                careplan::store::stays::add(w, *id, &stay, today)?;
            }
            Ok(())
        })
        .unwrap();
    let after = careplan::store::home::ledger_deadlines(store.conn(), today).unwrap();
    assert!(after.keep.is_some(), "a stay makes the kept counts stale");
    let new: Vec<i64> = admitted(&after)
        .into_iter()
        .filter(|id| !before.contains(id))
        .collect();
    assert!(!new.is_empty(), "{:?}", after.kasan_incomplete);
    assert!(new.iter().all(|id| active.contains(id)));
}

/// ホーム's counts (plans read for three months only, client-record providers only where a
/// plan leaves a month uncovered) agree with the boards of those months, which read everything
/// — including clients whose plan ends or starts within the three months.
#[test]
fn home_counts_agree_with_the_boards() {
    use careplan::domain::delivery::DeliveryKind;
    use careplan::store::deliveries;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::office_db(dir.path(), 40);
    let today = common::today();
    let this = careplan::domain::dates::month_start(today);
    let (last, next) = (this - chrono::Months::new(1), this + chrono::Months::new(1));
    // Some plans end this month and some start next month: those clients fall back on their
    // record's providers for a month.
    store
        .conn()
        .execute_batch(&format!(
            "UPDATE care_plans SET period_to = '{}' WHERE id % 3 = 0;
             UPDATE care_plans SET period_from = '{n}', plan_date = '{n}'
                 WHERE id % 3 = 1 AND period_to >= '{n}';",
            careplan::domain::dates::iso(next - chrono::Days::new(1)),
            n = careplan::domain::dates::iso(next),
        ))
        .unwrap();
    // Some schedules sent next month and actuals back last month are withdrawn (one
    // schedule sent again after): the last of a kind's events decides, as on the board.
    let withdrawn = |month, kind: DeliveryKind, n: usize| -> Vec<(i64, i64)> {
        deliveries::board(store.conn(), month)
            .unwrap()
            .into_iter()
            .flat_map(|r| {
                let client = r.client_id;
                r.cells
                    .into_iter()
                    .filter(|c| match kind {
                        DeliveryKind::Schedule => c.marks.sent.is_some(),
                        _ => c.marks.actuals.is_some(),
                    })
                    .map(move |c| (client, c.provider_id))
            })
            .take(n)
            .collect()
    };
    let at = chrono::Local::now().naive_local();
    let event = |month, kind, withdraws, (client_id, provider_id), minutes| deliveries::NewEvent {
        kind,
        withdraws,
        client_id,
        provider_id,
        service_type: String::new(),
        month: Some(month),
        plan_date: None,
        channel: careplan::domain::channel::Channel::Fax,
        at: at + chrono::Duration::minutes(minutes),
        note: String::new(),
        source_file: None,
    };
    let schedules = withdrawn(next, DeliveryKind::Schedule, 3);
    let actuals = withdrawn(last, DeliveryKind::Actuals, 2);
    assert_eq!(
        (schedules.len(), actuals.len()),
        (3, 2),
        "the demo sends and gets back"
    );
    let mut events: Vec<deliveries::NewEvent> = schedules
        .iter()
        .map(|c| {
            event(
                next,
                DeliveryKind::Withdrawal,
                Some(DeliveryKind::Schedule),
                *c,
                1,
            )
        })
        .chain(actuals.iter().map(|c| {
            event(
                last,
                DeliveryKind::Withdrawal,
                Some(DeliveryKind::Actuals),
                *c,
                1,
            )
        }))
        .collect();
    events.push(event(next, DeliveryKind::Schedule, None, schedules[0], 2));
    store.write(|w| deliveries::record(w, &events)).unwrap();
    let cells = |month| -> Vec<careplan::domain::delivery::CellMarks> {
        deliveries::board(store.conn(), month)
            .unwrap()
            .into_iter()
            .flat_map(|r| r.cells.into_iter().map(|c| c.marks))
            .collect()
    };
    let d = careplan::store::home::ledger_deadlines(store.conn(), today).unwrap();
    assert_eq!(
        d.schedules_unsent_next_month,
        cells(next).iter().filter(|m| m.sent.is_none()).count()
    );
    assert_eq!(
        d.actuals_missing_last_month,
        cells(last).iter().filter(|m| m.actuals.is_none()).count()
    );
    let serving: std::collections::HashSet<i64> = deliveries::board(store.conn(), this)
        .unwrap()
        .into_iter()
        .flat_map(|r| r.cells.into_iter().map(|c| c.provider_id))
        .collect();
    assert_eq!(d.providers_serving, serving.len());
}

/// Keeping, restoring and discarding a draft are audited, without what the draft says.
#[test]
fn drafts_are_audited_without_their_content() {
    use careplan::store::drafts;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db"), common::actor("a")).unwrap();
    let a = store
        .write(|w| drafts::save(w, "a", "form", "秘密 花子 03-0000-0000"))
        .unwrap();
    let b = store
        .write(|w| drafts::save(w, "a", "form", "別の 下書き"))
        .unwrap();
    store.write(|w| drafts::discard(w, a, true)).unwrap();
    store.write(|w| drafts::discard(w, b, false)).unwrap();
    let rows: Vec<(i64, String, String)> = store
        .conn()
        .prepare(
            "SELECT entity_id, action, coalesce(before, '') || coalesce(after, '') FROM audit_log
             WHERE entity = 'draft' ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let actions: Vec<(i64, &str)> = rows.iter().map(|r| (r.0, r.1.as_str())).collect();
    assert_eq!(
        actions,
        [(a, "save"), (b, "save"), (a, "restore"), (b, "discard")]
    );
    assert!(
        rows.iter()
            .all(|r| !r.2.contains("花子") && !r.2.contains("下書き"))
    );
    assert_eq!(
        careplan::store::audit::broken_link(store.conn()).unwrap(),
        None
    );
}

/// A withdrawn certification, FTE row or care-manager assignment is kept (with its reason) but
/// counts nowhere: not in the caseload, not on the client's record.
#[test]
fn withdrawn_rows_no_longer_count() {
    use careplan::domain::care_level::{CareLevel, CertStatus};
    use careplan::domain::caseload::{WhatIf, compute};
    use careplan::domain::fte::Fte;
    use careplan::domain::staff_role::StaffRole;
    use careplan::store::certifications;
    use careplan::store::clients::CertificationFields;
    use careplan::store::{caseload, staff};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("o.db"), common::actor("a")).unwrap();
    let month = common::date("2026-11-01");
    let (client, cm, fte_row) = store
        .write(|w| {
            let cm = staff::insert(
                w,
                &staff::StaffFields {
                    name: "担当 一郎".into(),
                    kana: "タントウ イチロウ".into(),
                    cm_number: None,
                    role: StaffRole::CareManager,
                },
                Fte::from_hundredths(100),
                common::date("2025-04-01"),
            )?;
            let cert = CertificationFields {
                care_level: Some(CareLevel::Care2),
                certified_on: None,
                valid_from: common::date("2026-04-01"),
                valid_to: Some(common::date("2027-03-31")),
                status: CertStatus::Certified,
                change_of_level: false,
            };
            let client = clients::insert(w, &client(1), Some(cm), Some(&cert))?;
            let fte_row = staff::fte_rows(&w.tx, Some(cm))?[0].id;
            Ok((client, cm, fte_row))
        })
        .unwrap();
    let count = |store: &Store| {
        let facts = caseload::facts(store.conn()).unwrap();
        compute(&facts, month, &WhatIf::default())
    };
    let before = count(&store);
    assert_eq!(before.care_clients, 1);
    assert_eq!(before.fte, Fte::from_hundredths(100));
    assert_eq!(before.care_managers.len(), 1);

    let cert = clients::get(store.conn(), client)
        .unwrap()
        .unwrap()
        .certifications[0]
        .clone();
    let assignment = clients::assignments(store.conn(), client).unwrap()[0].id;
    // A withdrawal without a reason is refused and changes nothing.
    let refused = store.write(|w| staff::withdraw_fte(w, fte_row, "  "));
    assert!(refused.unwrap_err().to_string().contains("理由"));
    assert_eq!(count(&store).fte, Fte::from_hundredths(100));

    store
        .write(|w| {
            certifications::withdraw_certification(w, cert.id, cert.version, "別の利用者の認定")?;
            staff::withdraw_fte(w, fte_row, "入力の誤り")?;
            clients::withdraw_assignment(w, assignment, "担当の誤り")
        })
        .unwrap();
    let after = count(&store);
    assert_eq!(
        after.care_clients, 0,
        "a client without certification is not counted"
    );
    assert_eq!(after.fte, Fte::default());
    let detail = clients::get(store.conn(), client).unwrap().unwrap();
    assert!(detail.certifications.is_empty());
    assert!(detail.care_managers.is_empty());
    let listed = clients::list(store.conn(), common::today()).unwrap();
    assert_eq!(listed[0].care_level, None);
    assert_eq!(listed[0].care_manager, None);
    assert_eq!(
        staff::get(store.conn(), cm).unwrap().unwrap().fte_history,
        vec![]
    );
    // Kept, with the reason.
    let reason: String = store
        .conn()
        .query_row(
            "SELECT withdrawn_reason FROM certifications WHERE id = ?1",
            [cert.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reason, "別の利用者の認定");
}

/// The old client's licence and free pass stop being warned of at the move (and one ending on
/// or after it never is); the certificate stays, since the WEB service logs in with it.
#[test]
fn licence_and_free_pass_warnings_stop_at_the_move() {
    use careplan::domain::enrollment::expiry_warnings;
    use careplan::store::enrollment::{OfficeExchange, expiries};
    let o = OfficeExchange {
        licence_valid_until: Some(common::date("2027-01-10")),
        auto_renewal: false,
        free_pass_until: Some(common::date("2026-12-20")),
        certificate_expiry: Some(common::date("2027-01-20")),
        ..Default::default()
    };
    let move_on = Some(common::date("2027-01-01"));
    let what = |today: &str| -> Vec<&str> {
        let today = common::date(today);
        expiry_warnings(today, &expiries(&o, today, move_on))
            .iter()
            .map(|w| w.expiry.what_en)
            .collect()
    };
    assert_eq!(
        what("2026-12-02"),
        ["free pass ends", "certificate expires"],
        "the licence ends after the move: not warned of"
    );
    assert_eq!(what("2027-01-05"), ["certificate expires"]);
    // Without a move date, all three as before.
    let today = common::date("2026-12-02");
    assert_eq!(expiry_warnings(today, &expiries(&o, today, None)).len(), 3);
}

/// A provider observed enrolled on the old system is enrolled until the move and to be
/// re-confirmed from it; in December 2026 the ask-first list ranks it while its WEB-service
/// registration is not confirmed, and an observation on the WEB service settles it.
#[test]
fn providers_across_the_move() {
    use careplan::domain::enrollment::{ExchangeSystem, ProviderStatus, Source};
    use careplan::store::enrollment::{self, Observed, ask_first_rows, overview};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::office_db(dir.path(), 30);
    let (rows, _) = overview(store.conn(), common::today(), &Default::default(), 5).unwrap();
    let target = rows
        .iter()
        .filter(|r| !r.is_enrolled() && r.active_clients > 0)
        .max_by_key(|r| r.active_clients)
        .unwrap()
        .provider_id;
    let observe = |store: &mut Store, system, on: &str| {
        let o = Observed {
            status: ProviderStatus::Enrolled,
            source: Source::ExchangeFile,
            system,
            on: common::date(on),
            note: String::new(),
        };
        store
            .write(|w| enrollment::record_observation(w, target, &o))
            .unwrap();
    };
    observe(&mut store, ExchangeSystem::Client, "2026-11-20");
    let row = |store: &Store, today: &str| {
        let (rows, _) =
            overview(store.conn(), common::date(today), &Default::default(), 5).unwrap();
        let ranked = ask_first_rows(&rows)
            .iter()
            .any(|r| r.provider_id == target);
        let r = rows.into_iter().find(|r| r.provider_id == target).unwrap();
        (r, ranked)
    };
    let (r, ranked) = row(&store, "2026-11-25");
    assert!(r.is_enrolled() && !ranked, "November: enrolled, not asked");
    let (r, ranked) = row(&store, "2026-12-02");
    assert!(r.is_enrolled() && ranked, "December: asked to confirm");
    assert_eq!(
        r.status_label(careplan::domain::Lang::Ja),
        "加入済み（WEB未確認）"
    );
    let (r, ranked) = row(&store, "2027-01-05");
    assert!(
        !r.is_enrolled() && ranked,
        "after the move: to be re-confirmed"
    );
    assert_eq!(
        r.status_label(careplan::domain::Lang::Ja),
        "加入済み（要再確認）"
    );
    observe(&mut store, ExchangeSystem::Web, "2027-01-06");
    let (r, ranked) = row(&store, "2027-01-07");
    assert!(r.is_enrolled() && !ranked, "confirmed on the WEB service");
}

/// Two sessions write the 正当な理由 of one period's service: the second, read before the first
/// saved, is refused (nothing written) whether the note was new or corrected; the change stamp
/// moves so other sessions reload.
#[test]
fn concentration_notes_are_versioned_and_a_stale_write_is_refused() {
    use careplan::domain::concentration::PeriodId;
    use careplan::store::concentration::{note, set_note};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let mut a = Store::open(&path, common::actor("sato")).unwrap();
    let mut b = Store::open(&path, common::actor("suzuki")).unwrap();
    let p = PeriodId::parse("2026-H2").unwrap();
    let stamp = a.change_stamp().unwrap();
    // Both opened the form while no note existed.
    a.write(|w| set_note(w, p, "11", "地域に2法人のみ", None))
        .unwrap();
    assert!(a.change_stamp().unwrap() > stamp);
    let e = b
        .write(|w| set_note(w, p, "11", "別の理由", None))
        .unwrap_err();
    assert!(e.downcast_ref::<Conflict>().is_some(), "{e}");
    let n = note(b.conn(), p, "11").unwrap().unwrap();
    assert_eq!((n.text.as_str(), n.version), ("地域に2法人のみ", 1));
    // Both corrected version 1: the first wins, the second is refused.
    b.write(|w| set_note(w, p, "11", "地域に2法人のみ（市と相談済み）", Some(1)))
        .unwrap();
    let e = a
        .write(|w| set_note(w, p, "11", "上書き", Some(1)))
        .unwrap_err();
    assert!(e.downcast_ref::<Conflict>().is_some(), "{e}");
    let n = note(a.conn(), p, "11").unwrap().unwrap();
    assert_eq!(n.version, 2);
    assert!(n.text.ends_with("（市と相談済み）"));
    // Another period and a service not judged.
    assert!(note(a.conn(), p.next(), "11").unwrap().is_none());
    assert!(a.write(|w| set_note(w, p, "13", "x", None)).is_err());
}

/// The first start of a day: counts kept on an earlier day of the month keep the ledger's
/// counts and the plans' steps, and judge the monitoring and the 加算 for the new day — the
/// same as counts computed in full that day.
#[test]
fn home_counts_kept_on_an_earlier_day_are_judged_for_the_new_day() {
    use careplan::domain::plan::{PlanKind, PlanStatus};
    use careplan::store::plans;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::office_db(dir.path(), 60);
    // A plan dated after the records, its meeting and assessment still to do: its steps come
    // due on 11-27 with no entry dated then.
    let client: i64 = store
        .conn()
        .query_row("SELECT min(id) FROM clients", [], |r| r.get(0))
        .unwrap();
    let fields = plans::PlanFields {
        plan_date: common::date("2026-11-27"),
        first_plan_date: None,
        kind: PlanKind {
            continuing: true,
            ..PlanKind::default()
        },
        period_from: common::date("2026-11-27"),
        period_to: common::date("2027-05-31"),
        care_level: None,
        consent_date: Some(common::date("2026-11-27")),
        handed_date: Some(common::date("2026-11-27")),
        status: PlanStatus::Confirmed,
    };
    store
        .write(|w| plans::insert(w, client, &fields, &[]))
        .unwrap();
    let home = careplan::store::home::ledger_deadlines;
    let full_on = |day| {
        store
            .conn()
            .execute("DELETE FROM home_summary", [])
            .unwrap();
        let mut full = home(store.conn(), day).unwrap();
        full.keep = None;
        full
    };
    // The demo's records run to 11-25: days far apart change most clients (the month's case
    // record read again), days close by a few (those clients judged alone), days after the
    // records only the plan's steps coming due, or nothing (only the 加算 judged again), and a
    // clock set back judges back.
    for (kept_on, today) in [
        ("2026-11-02", "2026-11-20"),
        ("2026-11-23", "2026-11-24"),
        ("2026-11-25", "2026-11-24"),
        ("2026-11-26", "2026-11-28"),
        ("2026-11-28", "2026-11-30"),
    ] {
        let (early, later) = (common::date(kept_on), common::date(today));
        let kept_early = full_on(early);
        careplan::store::home::keep_month_counts(
            store.conn(),
            home(store.conn(), early).unwrap().keep.take().unwrap(),
        );

        let mut rejudged = home(store.conn(), later).unwrap();
        let keep = rejudged.keep.take();
        assert!(keep.is_some(), "judged anew for the new day, to be kept");
        let full = full_on(later);
        assert_eq!(rejudged, full, "kept on {kept_on}, judged on {today}");
        if kept_on == "2026-11-02" {
            // The days judge differently (so the kept day's judgement was not reused).
            assert_ne!(
                (
                    kept_early.monitoring.clone(),
                    kept_early.kasan_incomplete.clone()
                ),
                (full.monitoring.clone(), full.kasan_incomplete.clone())
            );
        }
        // Kept for the new day, it is read back as is.
        careplan::store::home::keep_month_counts(store.conn(), keep.unwrap());
        let again = home(store.conn(), later).unwrap();
        assert!(again.keep.is_none());
        assert_eq!(again, full);
    }
}

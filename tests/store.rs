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
    let report = store.backup_to(&dest).unwrap();
    assert!(
        report
            .counts
            .iter()
            .any(|(t, n)| *t == "clients" && *n == 23)
    );
    assert_eq!(
        std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(store.backup_to(&dest).is_err(), "never overwrites");
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
    assert!(e.to_string().contains("記録に残っている"), "{e}");
}

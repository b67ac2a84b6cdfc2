//! The case record over a real SQLite file: append-only rows, corrections and withdrawals,
//! what stands against every row, categories and video consent.

mod common;

use careplan::store::Store;
use careplan::store::case_notes::{self, NewNote};
use chrono::{NaiveDate, NaiveDateTime};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn open(dir: &std::path::Path) -> (Store, i64, i64) {
    let (store, _) = common::office_db(dir, 3);
    let ids: Vec<i64> = store
        .conn()
        .prepare("SELECT id FROM clients ORDER BY id LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (store, ids[0], ids[1])
}

fn note(client: i64, when: &str, category: &str, body: &str) -> NewNote {
    NewNote {
        client_id: client,
        at: at(when),
        category: category.into(),
        body: body.into(),
        ..NewNote::default()
    }
}

fn add(store: &mut Store, n: &NewNote) -> color_eyre::Result<i64> {
    store.write(|w| case_notes::add_as_of(w, n, common::today()))
}

#[test]
fn entries_are_append_only_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, _) = open(dir.path());
    let before: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM case_notes", [], |r| r.get(0))
        .unwrap();
    let id = add(
        &mut store,
        &note(a, "2026-11-10 10:00", "モニタリング訪問", "訪問した"),
    )
    .unwrap();
    let conn = store.conn();
    assert!(
        conn.execute("UPDATE case_notes SET body = 'x' WHERE id = ?1", [id])
            .is_err()
    );
    assert!(
        conn.execute("DELETE FROM case_notes WHERE id = ?1", [id])
            .is_err()
    );
    let after: i64 = conn
        .query_row("SELECT count(*) FROM case_notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, before + 1);
    let n = case_notes::get(conn, id).unwrap().unwrap();
    assert_eq!(n.category, "visit", "the name is stored as its code");
    assert_eq!(n.recorded_by, "tester");
    let audited: String = conn
        .query_row(
            "SELECT action FROM audit_log WHERE entity = 'case_note' AND entity_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, "add");
}

#[test]
fn a_chain_of_corrections_keeps_only_the_newest_and_history_keeps_all() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, b) = open(dir.path());
    let from = Some(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    let to = Some(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    let first = add(&mut store, &note(a, "2026-11-02 09:00", "phone", "初め")).unwrap();
    let keep = add(&mut store, &note(a, "2026-11-03 09:00", "visit", "残る")).unwrap();
    let mut c1 = note(a, "2026-11-02 09:30", "phone", "一度目の訂正");
    c1.corrects = Some(first);
    c1.correction_reason = "時刻の誤り".into();
    let second = add(&mut store, &c1).unwrap();
    // Correcting the corrected one again is refused: correct the newest.
    let e = add(&mut store, &c1).unwrap_err();
    assert!(e.to_string().contains(&format!("#{second}")), "{e}");
    let mut c2 = note(a, "2026-11-02 09:45", "phone", "二度目の訂正");
    c2.corrects = Some(second);
    c2.correction_reason = "時刻の誤り".into();
    let third = add(&mut store, &c2).unwrap();
    // Another client's entry cannot be corrected from this one.
    let mut wrong = note(b, "2026-11-02 09:45", "phone", "x");
    wrong.corrects = Some(third);
    wrong.correction_reason = "誤り".into();
    assert!(add(&mut store, &wrong).is_err());
    let conn = store.conn();
    let eff = case_notes::effective(conn, Some(a), from, to).unwrap();
    let ids: Vec<i64> = eff.iter().map(|n| n.id).collect();
    assert!(ids.contains(&third) && ids.contains(&keep), "{ids:?}");
    assert!(!ids.contains(&first) && !ids.contains(&second));
    let hist = case_notes::history(conn, Some(a), from, to).unwrap();
    let h: Vec<(i64, Option<i64>)> = hist
        .iter()
        .filter(|n| [first, second, third].contains(&n.id))
        .map(|n| (n.id, n.superseded_by))
        .collect();
    assert_eq!(
        h,
        [(first, Some(second)), (second, Some(third)), (third, None)]
    );
    let actions: Vec<String> = conn
        .prepare("SELECT action FROM audit_log WHERE entity = 'case_note' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(actions.iter().filter(|a| *a == "correct").count() >= 2);
}

#[test]
fn a_withdrawal_removes_an_entry_from_what_stands_but_not_from_history() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, _) = open(dir.path());
    let id = add(
        &mut store,
        &note(a, "2026-11-05 14:00", "visit", "別人の記録"),
    )
    .unwrap();
    let mut w = NewNote {
        client_id: a,
        corrects: Some(id),
        withdraws: true,
        ..NewNote::default()
    };
    assert!(
        add(&mut store, &w).is_err(),
        "a withdrawal needs its reason"
    );
    w.reason = "別の利用者の記録だった".into();
    let wid = add(&mut store, &w).unwrap();
    let conn = store.conn();
    assert!(
        case_notes::effective(conn, Some(a), None, None)
            .unwrap()
            .iter()
            .all(|n| n.id != id && n.id != wid)
    );
    let hist = case_notes::history(conn, Some(a), None, None).unwrap();
    let withdrawal = hist.iter().find(|n| n.id == wid).unwrap();
    assert!(withdrawal.withdraws);
    assert_eq!(
        withdrawal.at,
        at("2026-11-05 14:00"),
        "sorted with its entry"
    );
    assert_eq!(withdrawal.category, "visit");
    assert_eq!(
        hist.iter().find(|n| n.id == id).unwrap().superseded_by,
        Some(wid)
    );
    // Neither the withdrawn entry nor the withdrawal can be corrected now.
    let mut again = note(a, "2026-11-05 14:00", "visit", "x");
    again.corrects = Some(id);
    again.correction_reason = "誤り".into();
    assert!(add(&mut store, &again).is_err());
    again.corrects = Some(wid);
    assert!(add(&mut store, &again).is_err());
    // Entries in the future are refused.
    assert!(add(&mut store, &note(a, "2026-11-26 09:00", "visit", "x")).is_err());
}

#[test]
fn categories_import_all_or_nothing_and_video_consent_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, _) = open(dir.path());
    let bad =
        "family\t家族\tfamily\tcontact\t\t\t2025-01-01\t\t\nx\t\t\tnone\t\t\t2025-01-01\t\t\n";
    assert!(
        store
            .write(|w| case_notes::import_categories(w, bad))
            .is_err()
    );
    assert_eq!(
        case_notes::imported_categories(store.conn()).unwrap().len(),
        0
    );
    let good = "family\t家族との連絡\tfamily\tcontact\t\t\t2025-01-01\t\t事業所\n\
                visit\t訪問\t\thome_visit\t\t\t2000-04-01\t\t事業所\n";
    let done = store
        .write(|w| case_notes::import_categories(w, good))
        .unwrap();
    assert_eq!((done.added, done.replaced), (1, 1));
    let book = case_notes::book(store.conn()).unwrap();
    assert_eq!(book.find("家族").unwrap().code, "family");
    add(
        &mut store,
        &note(a, "2026-11-04 10:00", "家族", "長女と電話"),
    )
    .unwrap();

    assert_eq!(case_notes::video_consent(store.conn(), a).unwrap(), None);
    let on = NaiveDate::from_ymd_opt(2026, 10, 1);
    store
        .write(|w| case_notes::set_video_consent(w, a, on, ""))
        .unwrap();
    assert_eq!(case_notes::video_consent(store.conn(), a).unwrap(), on);
    let detail = careplan::store::clients::get(store.conn(), a)
        .unwrap()
        .unwrap();
    assert_eq!(detail.video_consent_on, on);
    let audited: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity = 'client' AND action = 'video_consent'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    // Withdrawing what is on record needs the reason; without it nothing changes.
    assert!(
        store
            .write(|w| case_notes::set_video_consent(w, a, None, " "))
            .is_err()
    );
    assert_eq!(case_notes::video_consent(store.conn(), a).unwrap(), on);
    store
        .write(|w| case_notes::set_video_consent(w, a, None, "本人が同意を撤回"))
        .unwrap();
    assert_eq!(case_notes::video_consent(store.conn(), a).unwrap(), None);
}

/// The demo's month: most clients seen, one missing two months running (a full cut), one on
/// video with consent, one excused by a hospital stay; a run of last month's failure; and the
/// step failures of other code combined with monitoring.
#[test]
fn the_month_of_the_demo_office_tells_its_story() {
    use careplan::domain::monitoring::Status;
    use careplan::domain::operating_cut::{Failure, Reduction, Step};
    use careplan::store::compliance;
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::office_db(dir.path(), 120);
    let today = common::today();
    let nov = common::date("2026-11-01");
    let oct = common::date("2026-10-01");
    let empty = compliance::Extra::new();
    let report = compliance::month(store.conn(), nov, today, &empty).unwrap();
    let t = report.total;
    assert!(t.done > t.clients * 8 / 10, "{t:?}");
    let full: Vec<_> = report
        .clients
        .iter()
        .filter(|c| c.cut.reduction == Reduction::Full)
        .collect();
    // The fixture's three extra clients have no record at all: a year running.
    assert!(
        full.iter()
            .any(|c| c.monitoring.consecutive_missing
                == careplan::domain::monitoring::LOOKBACK_MONTHS)
    );
    let two = full
        .iter()
        .find(|c| c.monitoring.consecutive_missing == 2)
        .unwrap();
    assert_eq!(two.monitoring.since, Some(oct));
    assert_eq!(Some(two.cut.units_at_risk), two.base_units);
    assert_eq!(
        two.yen_at_risk,
        Some(two.cut.units_at_risk * 1105 / 100),
        "地域区分 3"
    );
    let october = compliance::month(store.conn(), oct, today, &empty).unwrap();
    let video: Vec<_> = october
        .clients
        .iter()
        .filter(|c| c.monitoring.status == Status::Video)
        .collect();
    assert_eq!(video.len(), 1);
    assert_eq!(video[0].monitoring.video_allowed, Some(true));
    assert!(october.clients.iter().any(|c| {
        c.monitoring.status == Status::Excused
            && c.monitoring
                .excuse
                .as_deref()
                .is_some_and(|e| e.contains("入院"))
    }));
    // Half for a first month; an extra failure of another step that began earlier makes it full.
    let half = report
        .clients
        .iter()
        .find(|c| c.cut.reduction == Reduction::Half && c.base_units.is_some())
        .unwrap();
    assert_eq!(half.monitoring.consecutive_missing, 1);
    let mut extra = compliance::Extra::new();
    extra.insert(half.client_id, vec![(Failure::Step(Step::Meeting), oct)]);
    let with = compliance::month(store.conn(), nov, today, &extra).unwrap();
    let again = with
        .clients
        .iter()
        .find(|c| c.client_id == half.client_id)
        .unwrap();
    assert_eq!(again.cut.reduction, Reduction::Full);
    assert_eq!(
        again.cut.failures,
        [Failure::Monitoring, Failure::Step(Step::Meeting)]
    );
    assert_eq!(again.cut.since, Some(oct));
    // Every client of the month is listed once, support clients judged by their own cycle.
    assert_eq!(report.clients.len(), t.clients);
    assert!(report.clients.iter().any(|c| c.support));
}

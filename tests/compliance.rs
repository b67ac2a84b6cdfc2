//! One computation, one set of numbers: the month's 運営基準減算 as ホーム, the モニタリング tab,
//! 件数, the client's detail and the commands read it, over random offices (the demo's
//! generator with random seeds and sizes, 記録開始日 set or not) — the header counts equal the
//! rows, the summary's parts add up to its whole, every cut has a cause, and the units and yen
//! at risk are the same wherever they are read.

mod common;

use careplan::domain::monitoring::Status;
use careplan::domain::operating_cut::Reduction;
use careplan::store::compliance::{self, MonthReport};
use careplan::store::office::{self, OfficeChange};
use careplan::store::{Store, home, plan_steps};
use chrono::{Months, NaiveDate};
use proptest::prelude::*;

fn check(r: &MonthReport) {
    let t = &r.total;
    let rows = &r.clients;
    assert_eq!(t.clients, rows.len(), "one row per client");
    assert_eq!(
        t.done + t.video + t.excused + t.missing + t.before_records,
        t.clients,
        "the status counts add up to the clients"
    );
    // The ✗ rows: missing, or a video that may not replace the visit.
    let crosses = rows
        .iter()
        .filter(|c| {
            c.monitoring.status == Status::Missing
                || (c.monitoring.status == Status::Video && c.monitoring.fails)
        })
        .count();
    assert_eq!(t.missing + t.video_failing, crosses, "✗ header = ✗ rows");
    assert_eq!(t.failing, crosses);
    let cut = rows
        .iter()
        .filter(|c| c.cut.reduction != Reduction::None)
        .count();
    assert_eq!(t.at_risk(), cut, "the at-risk count is the rows cut");
    assert_eq!(
        t.half + t.full,
        t.at_risk(),
        "50% and full add up to the whole"
    );
    let units: u64 = rows.iter().filter_map(|c| c.units_at_risk()).sum();
    assert_eq!(t.units_at_risk, units, "units: the rows' known units");
    let unknown = rows.iter().filter(|c| c.units_at_risk().is_none()).count();
    assert_eq!(t.units_unknown, unknown);
    for c in rows {
        if c.cut.reduction != Reduction::None {
            assert!(!c.causes().is_empty(), "a cut without a cause: {c:?}");
            assert!(c.causes().iter().all(|x| x.since.is_some()), "{c:?}");
        }
        if c.monitoring.status == Status::BeforeRecords {
            assert!(!c.monitoring.fails);
        }
    }
}

fn office(
    seed: u64,
    n: usize,
    as_of: NaiveDate,
    records_back: Option<u32>,
) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("office.db"), common::actor("t")).unwrap();
    careplan::demo::generate(&mut store, n, seed, as_of).unwrap();
    if let Some(back) = records_back {
        let first = as_of.checked_sub_months(Months::new(back)).unwrap();
        store
            .write(|w| {
                office::update(
                    w,
                    &OfficeChange {
                        records_since: Some(Some(first)),
                        ..Default::default()
                    },
                    None,
                )
            })
            .unwrap();
    }
    (dir, store)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn every_screen_reads_one_set_of_numbers(
        seed in any::<u64>(),
        n in 15usize..60,
        back in 0u32..4,
        records in proptest::option::of(0u32..6),
    ) {
        let today = common::date("2026-11-25");
        let (_dir, store) = office(seed, n, today, records);
        let conn = store.conn();
        let month = common::date("2026-11-01")
            .checked_sub_months(Months::new(back))
            .unwrap();
        // The モニタリング tab, 件数, careplan monitoring and careplan caseload.
        let full = compliance::month_in_full(conn, month, today).unwrap();
        check(&full);
        // ホーム: the same function with the run followed back only as far as it matters.
        let steps = compliance::step_failures(conn, month, today).unwrap();
        let for_home = compliance::month_for_home(conn, month, today, &steps).unwrap();
        check(&for_home);
        let (a, b) = (&full.total, &for_home.total);
        prop_assert_eq!(
            (a.at_risk(), a.units_at_risk, a.yen_at_risk, a.half, a.full),
            (b.at_risk(), b.units_at_risk, b.yen_at_risk, b.half, b.full)
        );
        let kept = home::monitoring_facts(&for_home);
        prop_assert_eq!(kept.at_risk, (a.at_risk(), a.units_at_risk, a.yen_at_risk));
        same_clients_for_home(&full, &for_home);
        // The client's detail: read for that client alone, judged the same.
        for c in full.clients.iter().step_by(7) {
            let plans = plan_steps::of_client(conn, c.client_id, today).unwrap();
            let one = compliance::client_month(conn, c.client_id, month, today, &plans)
                .unwrap()
                .unwrap();
            prop_assert_eq!(&one.cut, &c.cut);
            prop_assert_eq!(one.units_at_risk(), c.units_at_risk());
            prop_assert_eq!(one.monitoring.status, c.monitoring.status);
        }
    }
}

/// 件数 and モニタリング take the month's plan-step failures from ホーム's kept counts while
/// they are current — the same failures as read afresh — and read afresh once a change has
/// moved the stamp.
#[test]
fn kept_plan_steps_serve_only_while_current() {
    let today = common::date("2026-11-25");
    let month = common::date("2026-11-01");
    let (_dir, mut store) = office(11, 60, today, None);
    home::refresh_month_counts(store.conn(), today).unwrap();
    let fresh = compliance::step_failures(store.conn(), month, today).unwrap();
    assert!(!fresh.is_empty(), "the demo has plan steps missing");
    let kept = home::kept_step_failures(store.conn(), month, today).unwrap();
    assert_eq!(kept.as_ref(), Some(&fresh));
    // Another month is not kept.
    let other = common::date("2026-10-01");
    assert_eq!(
        home::kept_step_failures(store.conn(), other, today).unwrap(),
        None
    );
    store
        .write(|w| {
            office::update(
                w,
                &OfficeChange {
                    name: Some("名前を変えた事業所".into()),
                    ..Default::default()
                },
                None,
            )
        })
        .unwrap();
    assert_eq!(
        home::kept_step_failures(store.conn(), month, today).unwrap(),
        None,
        "a change since: computed afresh"
    );
}

/// With 記録開始日 on the first day of the month, nothing before it is at risk: no plan step
/// of an earlier revision, no run reaching back, no earlier month.
#[test]
fn from_the_first_day_of_the_month_nothing_before_it_counts() {
    let today = common::date("2026-11-25");
    let (_dir, store) = office(7, 60, today, None);
    let conn = store.conn();
    let before = compliance::month_in_full(conn, common::date("2026-11-01"), today).unwrap();
    assert!(
        before
            .clients
            .iter()
            .any(|c| c.cut.since.is_some_and(|s| s < common::date("2026-11-01"))),
        "the demo has causes from before the month"
    );
    drop(store);
    let (_dir, mut store) = office(7, 60, today, None);
    store
        .write(|w| {
            office::update(
                w,
                &OfficeChange {
                    records_since: Some(Some(common::date("2026-11-01"))),
                    ..Default::default()
                },
                None,
            )
        })
        .unwrap();
    let conn = store.conn();
    let after = compliance::month_in_full(conn, common::date("2026-11-01"), today).unwrap();
    check(&after);
    for c in &after.clients {
        assert!(
            c.cut.since.is_none_or(|s| s >= common::date("2026-11-01")),
            "{c:?}"
        );
        assert!(c.cut.reduction != Reduction::Full, "no second month: {c:?}");
    }
    let oct = compliance::month_in_full(conn, common::date("2026-10-01"), today).unwrap();
    assert_eq!(oct.total.at_risk(), 0);
    assert!(
        oct.clients
            .iter()
            .all(|c| c.monitoring.status == Status::BeforeRecords)
    );
    // ホーム lists no plan step and no month from before it.
    let ds = careplan::store::home::home(conn, today, &Default::default())
        .unwrap()
        .deadlines;
    for d in &ds {
        assert!(
            d.kind_code() != "plan_steps_missing" || d.due >= common::date("2026-11-01"),
            "{:?}",
            d.kind
        );
        assert_ne!(d.kind_code(), "monitoring_missing_again", "{:?}", d.kind);
    }
}

/// The モニタリング tab reads half the case record on a second connection: the month it
/// judges is the month the commands judge, row for row, whatever the office.
#[test]
fn the_case_record_read_in_two_halves_judges_the_same_month() {
    let today = common::date("2026-11-25");
    for (seed, n) in [(3, 80), (17, 150)] {
        let (_dir, store) = office(seed, n, today, None);
        let conn = store.conn();
        let steps = compliance::step_failures(conn, today, today).unwrap();
        for month in [today, common::date("2026-08-01")] {
            let facts = careplan::store::caseload::facts(conn).unwrap();
            let one = compliance::load_with(conn, facts.clone(), month).unwrap();
            let beside = careplan::store::read_only::reader_beside(conn);
            assert!(beside.is_some(), "a file database has a second connection");
            let two = compliance::load_with_beside(conn, beside, facts, month).unwrap();
            assert_eq!(one.contacts, two.contacts);
            assert!(!one.contacts.is_empty());
            let report = |cf| compliance::compute(cf, month, today, &steps).unwrap();
            assert_eq!(report(&one), report(&two));
        }
    }
}

/// Client by client, ホーム's month (the months before the judged ones read for home visits
/// only) judges as the full month does: the same status, lacks, contacts and cut, and the same
/// runs as far as ホーム follows them (two months).
fn same_clients_for_home(full: &MonthReport, for_home: &MonthReport) {
    assert_eq!(full.clients.len(), for_home.clients.len());
    for (f, h) in full.clients.iter().zip(&for_home.clients) {
        assert_eq!(f.client_id, h.client_id);
        assert_eq!(f.monitoring.status, h.monitoring.status);
        assert_eq!(f.monitoring.lacks, h.monitoring.lacks);
        assert_eq!(f.monitoring.fails, h.monitoring.fails);
        assert_eq!(
            f.monitoring.consecutive_missing.min(2),
            h.monitoring.consecutive_missing,
            "client {}",
            f.client_id
        );
        assert_eq!(f.contacts, h.contacts);
        // The cut's run too is followed back only two months for ホーム.
        let cut = |c: &careplan::domain::operating_cut::Cut| {
            (
                c.reduction,
                c.share_percent,
                c.failures.clone(),
                c.units_at_risk,
            )
        };
        assert_eq!(cut(&f.cut), cut(&h.cut));
    }
}

/// ホーム reads less of the case record (home visits only before the judged months); on a
/// 300-client office, every client of four months judges as the full month does.
#[test]
fn home_reads_less_of_the_case_record_and_judges_the_same() {
    let today = common::date("2026-11-25");
    let (_dir, store) = office(11, 300, today, None);
    let conn = store.conn();
    let mut running = 0;
    for back in 0..4 {
        let month = common::date("2026-11-01")
            .checked_sub_months(Months::new(back))
            .unwrap();
        let full = compliance::month_in_full(conn, month, today).unwrap();
        let steps = compliance::step_failures(conn, month, today).unwrap();
        let for_home = compliance::month_for_home(conn, month, today, &steps).unwrap();
        running += full
            .clients
            .iter()
            .filter(|c| c.monitoring.consecutive_missing >= 2)
            .count();
        same_clients_for_home(&full, &for_home);
    }
    // Runs of two months or more are among them: the months before are judged too.
    assert!(running > 0);
}

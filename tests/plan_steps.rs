//! The plan's process steps over a real SQLite file: what stands in the case record (a
//! withdrawn meeting proves nothing, a correction into a meeting does), the ledger's plan forms,
//! and ホーム's deadline that goes once the steps are recorded.

mod common;

use careplan::domain::Lang;
use careplan::domain::delivery::{DeadlineRules, DeliveryKind};
use careplan::domain::plan::{PlanKind, PlanStatus};
use careplan::domain::plan_steps::Failure;
use careplan::store::Store;
use careplan::store::case_notes::{self, NewNote};
use careplan::store::{deliveries, plan_steps, plans};
use chrono::NaiveDateTime;
use common::{date, today};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// The fixture client あおい はなこ with a confirmed plan of 2026-06-01 arranging two providers.
fn office(dir: &std::path::Path) -> (Store, i64, i64, [i64; 2]) {
    let (mut store, _) = common::office_db(dir, 3);
    let conn = store.conn();
    let client: i64 = conn
        .query_row(
            "SELECT id FROM clients WHERE name = 'あおい はなこ'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let p: Vec<i64> = conn
        .prepare("SELECT id FROM providers ORDER BY id LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let fields = plans::PlanFields {
        plan_date: date("2026-06-01"),
        first_plan_date: None,
        kind: PlanKind {
            continuing: true,
            ..PlanKind::default()
        },
        period_from: date("2026-06-01"),
        period_to: date("2026-12-31"),
        care_level: None,
        consent_date: Some(date("2026-06-03")),
        handed_date: Some(date("2026-06-03")),
        status: PlanStatus::Confirmed,
    };
    let lines: Vec<plans::ServiceLine> = p
        .iter()
        .map(|id| plans::ServiceLine {
            provider_id: *id,
            service_type: "11".into(),
            what: String::new(),
            frequency: "週1回".into(),
            office_number: String::new(),
            provider_name: String::new(),
        })
        .collect();
    let plan = store
        .write(|w| plans::insert(w, client, &fields, &lines))
        .unwrap();
    (store, client, plan, [p[0], p[1]])
}

fn add(store: &mut Store, n: &NewNote) -> i64 {
    store
        .write(|w| case_notes::add_as_of(w, n, today()))
        .unwrap()
}

fn hers(store: &Store, client: i64) -> Option<plan_steps::PlanSteps> {
    plan_steps::steps(store.conn(), date("2026-11-01"), today())
        .unwrap()
        .into_iter()
        .find(|p| p.client_id == client)
}

fn home_says(store: &Store) -> Vec<String> {
    careplan::store::home::home(store.conn(), today(), &DeadlineRules::default())
        .unwrap()
        .deadlines
        .iter()
        .map(|d| d.what(Lang::Ja))
        .filter(|w| w.starts_with("手順未確認 あおい はなこ"))
        .collect()
}

#[test]
fn only_what_stands_in_the_records_proves_a_step() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, client, plan, providers) = office(dir.path());
    let p = hers(&store, client).expect("the revision in force in November");
    assert_eq!(
        p.missing,
        [
            Failure::Assessment,
            Failure::Meeting,
            Failure::HandoverProvider
        ]
    );
    assert_eq!(p.since, Some(date("2026-06-01")));
    assert_eq!(p.providers_lacking.len(), 2);
    assert_eq!(
        home_says(&store),
        ["手順未確認 あおい はなこ（アセスメント・担当者会議・事業所への交付）"]
    );

    // A meeting linked to the plan, withdrawn as entered by mistake: it proves nothing.
    let meeting = add(
        &mut store,
        &NewNote {
            client_id: client,
            at: at("2026-05-28 14:00"),
            category: "meeting".into(),
            body: "会議".into(),
            plan_id: Some(plan),
            ..NewNote::default()
        },
    );
    add(
        &mut store,
        &NewNote {
            client_id: client,
            corrects: Some(meeting),
            withdraws: true,
            reason: "別の利用者の記録だった".into(),
            ..NewNote::default()
        },
    );
    assert!(
        hers(&store, client)
            .unwrap()
            .missing
            .contains(&Failure::Meeting)
    );
    // A phone call corrected into the meeting it was (unlinked, in the window): it proves it.
    let call = add(
        &mut store,
        &NewNote {
            client_id: client,
            at: at("2026-05-29 10:00"),
            category: "phone".into(),
            body: "電話".into(),
            ..NewNote::default()
        },
    );
    add(
        &mut store,
        &NewNote {
            client_id: client,
            at: at("2026-05-29 10:00"),
            category: "meeting".into(),
            body: "電話ではなく担当者会議だった".into(),
            corrects: Some(call),
            correction_reason: "項目の誤り".into(),
            ..NewNote::default()
        },
    );
    add(
        &mut store,
        &NewNote {
            client_id: client,
            at: at("2026-05-20 10:00"),
            category: "assessment".into(),
            body: "アセスメント".into(),
            ..NewNote::default()
        },
    );
    let p = hers(&store, client).unwrap();
    assert_eq!(p.steps.meeting.map(|m| m.on), Some(date("2026-05-29")));
    assert_eq!(p.steps.assessment, Some(date("2026-05-20")));
    assert_eq!(p.missing, [Failure::HandoverProvider]);

    // The plan forms in the ledger: complete, and off ホーム.
    let events: Vec<deliveries::NewEvent> = providers
        .iter()
        .map(|pid| deliveries::NewEvent {
            kind: DeliveryKind::Plan,
            withdraws: None,
            client_id: client,
            provider_id: *pid,
            service_type: "11".into(),
            month: None,
            plan_date: Some(date("2026-06-01")),
            channel: careplan::domain::channel::Channel::Fax,
            at: at("2026-06-03 16:00"),
            note: String::new(),
            source_file: None,
        })
        .collect();
    store.write(|w| deliveries::record(w, &events)).unwrap();
    let p = hers(&store, client).unwrap();
    assert!(p.missing.is_empty(), "{p:?}");
    assert_eq!(p.steps.handover_provider, Some(date("2026-06-03")));
    assert!(home_says(&store).is_empty(), "{:?}", home_says(&store));
    assert!(
        !plan_steps::failures(store.conn(), date("2026-11-01"), today())
            .unwrap()
            .contains_key(&client)
    );
    // The client's record: every revision, newest first, with what was found.
    let mine = plan_steps::of_client(store.conn(), client, today()).unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].plan_date(), date("2026-06-01"));
    assert_eq!(mine[0].steps.consent, Some(date("2026-06-03")));
}

#[test]
fn failures_name_the_first_month_each_step_is_not_proven() {
    let dir = tempfile::tempdir().unwrap();
    let (store, client, _, _) = office(dir.path());
    let all = plan_steps::failures(store.conn(), date("2026-11-01"), today()).unwrap();
    assert_eq!(
        all.get(&client).map(Vec::as_slice),
        Some(
            [
                (Failure::Assessment, date("2026-06-01")),
                (Failure::Meeting, date("2026-06-01")),
                (Failure::HandoverProvider, date("2026-06-01"))
            ]
            .as_slice()
        )
    );
    // Before the plan's period nothing is failing.
    let may = plan_steps::failures(store.conn(), date("2026-05-01"), date("2026-05-31")).unwrap();
    assert!(!may.contains_key(&client));
}

//! The records the 加算 rules read, over a real SQLite file: stays, the business calendar, the
//! 体制 periods, the case-record fields, the ターミナル consent and death, 同一建物 and the
//! decisions — each round trip, correction with its reason in the audit trail, withdrawal, and
//! a read-only session's refusal.

mod common;

use careplan::domain::caseload::Period;
use careplan::domain::ids::{InsuredNumber, InsurerNumber};
use careplan::domain::kasan_records::{
    Decision, Destination, HoursFields, Method, NoteFields, SameBuildingWhy, StayFields, StayKind,
};
use careplan::store::case_notes::{self, NewNote};
use careplan::store::clients::{self, ClientFields};
use careplan::store::same_building::{self, SameBuildingFields};
use careplan::store::{
    Access, Store, business_calendar, client_dates, kasan_decisions, note_fields, office_system,
    stays,
};
use chrono::NaiveTime;
use common::date;
use std::path::Path;

fn open(dir: &Path) -> (Store, i64) {
    let mut store = Store::open(&dir.join("k.db"), common::actor("sato")).unwrap();
    let id = store
        .write(|w| {
            clients::insert(
                w,
                &ClientFields {
                    name: "試験 一郎".into(),
                    kana: "シケン イチロウ".into(),
                    birth_date: None,
                    sex: None,
                    insurer_number: InsurerNumber::parse("131011").unwrap(),
                    insured_number: InsuredNumber::parse("0000000001").unwrap(),
                    address: String::new(),
                    phone: String::new(),
                    contract_date: date("2025-04-01"),
                },
                None,
                None,
            )
        })
        .unwrap();
    (store, id)
}

fn stay(admitted: &str) -> StayFields {
    StayFields {
        institution: "試験病院".into(),
        kind: StayKind::Hospital,
        admitted_on: date(admitted),
        after_hours: true,
        discharged_on: None,
        destination: None,
        note: String::new(),
    }
}

/// The newest audit row of `entity`: (action, before, after).
fn last_audit(store: &Store, entity: &str) -> (String, serde_json::Value, serde_json::Value) {
    let (action, before, after): (String, Option<String>, Option<String>) = store
        .conn()
        .query_row(
            "SELECT action, before, after FROM audit_log WHERE entity = ?1 ORDER BY id DESC LIMIT 1",
            [entity],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let json = |s: Option<String>| {
        s.map(|s| serde_json::from_str(&s).unwrap())
            .unwrap_or_default()
    };
    (action, json(before), json(after))
}

fn refusal(e: color_eyre::Report) -> String {
    e.to_string()
}

#[test]
fn a_stay_round_trips_is_corrected_with_its_reason_and_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, client) = open(dir.path());
    let today = date("2026-11-25");
    let id = store
        .write(|w| stays::add(w, client, &stay("2026-11-06"), today))
        .unwrap();
    let read = stays::get(store.conn(), id).unwrap();
    assert_eq!(read.fields(), stay("2026-11-06"));
    // A second stay overlapping the first is refused: a client is in one place at a time.
    let e = store
        .write(|w| stays::add(w, client, &stay("2026-11-10"), today))
        .unwrap_err();
    assert!(refusal(e).contains("重なる入院・入所"));
    // The discharge is a correction, refused without its reason.
    let mut out = read.fields();
    out.discharged_on = Some(date("2026-11-20"));
    out.destination = Some(Destination::Home);
    let e = store
        .write(|w| stays::correct(w, id, None, &out, " ", today))
        .unwrap_err();
    assert!(refusal(e).contains("理由が必要"));
    store
        .write(|w| stays::correct(w, id, Some(read.version), &out, "退院した", today))
        .unwrap();
    let (action, before, after) = last_audit(&store, "stay");
    assert_eq!(action, "correct");
    assert_eq!(before["discharged_on"], serde_json::Value::Null);
    assert_eq!(after["discharged_on"], "2026-11-20");
    assert_eq!(after["reason"], "退院した");
    // A stale version (read before the correction) is refused.
    assert!(
        store
            .write(|w| stays::correct(w, id, Some(read.version), &out, "再訂正", today))
            .is_err()
    );
    // A transfer: the next stay may begin on the day the first ended.
    let next = store
        .write(|w| stays::add(w, client, &stay("2026-11-20"), today))
        .unwrap();
    store
        .write(|w| stays::withdraw(w, next, "二重に登録した"))
        .unwrap();
    assert_eq!(
        stays::list(store.conn(), Some(client), false)
            .unwrap()
            .len(),
        1
    );
    let all = stays::list(store.conn(), Some(client), true).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].withdrawn_reason.as_deref(), Some("二重に登録した"));
    assert_eq!(last_audit(&store, "stay").0, "withdraw");
}

#[test]
fn case_record_fields_are_checked_per_category_and_a_correction_carries_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, client) = open(dir.path());
    let today = date("2026-11-25");
    let s = store
        .write(|w| stays::add(w, client, &stay("2026-11-06"), today))
        .unwrap();
    let note = |fields: NoteFields| NewNote {
        client_id: client,
        at: date("2026-11-16").and_time(NaiveTime::from_hms_opt(14, 0, 0).unwrap()),
        category: "discharge_info".into(),
        counterpart: "試験病院 病棟看護師".into(),
        body: "退院前カンファレンスに出席".into(),
        fields,
        ..NewNote::default()
    };
    // A discharge entry without its stay is refused, and nothing is kept.
    let before = case_notes::history(store.conn(), Some(client), None, None)
        .unwrap()
        .len();
    let e = store
        .write(|w| {
            case_notes::add_as_of(
                w,
                &note(NoteFields {
                    method: Some(Method::FaceToFace),
                    ..Default::default()
                }),
                today,
            )
        })
        .unwrap_err();
    assert!(refusal(e).contains("--stay"));
    assert_eq!(
        case_notes::history(store.conn(), Some(client), None, None)
            .unwrap()
            .len(),
        before
    );
    let id = store
        .write(|w| {
            case_notes::add_as_of(
                w,
                &note(NoteFields {
                    method: Some(Method::FaceToFace),
                    stay_id: Some(s),
                    conference: Some(true),
                    ..Default::default()
                }),
                today,
            )
        })
        .unwrap();
    let kept = note_fields::get(store.conn(), id).unwrap().unwrap();
    assert_eq!(kept.stay_id, Some(s));
    assert_eq!(kept.conference, Some(true));
    assert_eq!(kept.document_on_file, Some(false));
    // A correction that gives no fields keeps those of the entry it corrects.
    let fixed = store
        .write(|w| {
            case_notes::add_as_of(
                w,
                &NewNote {
                    corrects: Some(id),
                    correction_reason: "相手の職種を追記".into(),
                    counterpart: "試験病院 病棟看護師・医師".into(),
                    ..note(NoteFields::default())
                },
                today,
            )
        })
        .unwrap();
    assert_eq!(note_fields::get(store.conn(), fixed).unwrap(), Some(kept));
    let (_, _, after) = last_audit(&store, "case_note");
    assert_eq!(after["fields"]["stay_id"], s);
    // The stay a standing entry names cannot be withdrawn.
    let e = store.write(|w| stays::withdraw(w, s, "誤り")).unwrap_err();
    assert!(refusal(e).contains(&format!("#{fixed}")));
}

#[test]
fn terminal_consent_and_death_need_a_reason_to_change() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, client) = open(dir.path());
    store
        .write(|w| client_dates::set_terminal_consent(w, client, Some(date("2026-11-01")), ""))
        .unwrap();
    let e = store
        .write(|w| client_dates::set_terminal_consent(w, client, Some(date("2026-11-02")), ""))
        .unwrap_err();
    assert!(refusal(e).contains("理由が必要"));
    store
        .write(|w| {
            client_dates::set_death(w, client, Some((date("2026-11-20"), "home")), "")?;
            client_dates::set_death(w, client, Some((date("2026-11-21"), "home")), "日付の誤り")
        })
        .unwrap();
    let (action, before, after) = last_audit(&store, "client");
    assert_eq!(action, "death");
    assert_eq!(before["died_on"], "2026-11-20");
    assert_eq!(after["died_on"], "2026-11-21");
    assert_eq!(after["reason"], "日付の誤り");
    assert_eq!(
        client_dates::terminal(store.conn(), client).unwrap(),
        (
            Some(date("2026-11-01")),
            Some(date("2026-11-21")),
            Some("home".to_string())
        )
    );
    assert!(
        store
            .write(|w| client_dates::set_death(w, client, Some((date("2026-11-21"), "病院")), "x"))
            .is_err()
    );
}

#[test]
fn the_business_calendar_changes_forward_and_closures_are_withdrawn_not_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = open(dir.path());
    let hours = |from: &str, weekdays: Vec<u8>| HoursFields {
        from: date(from),
        weekdays,
        opens: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
        closes: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
        holidays_closed: true,
    };
    store
        .write(|w| business_calendar::set_hours(w, &hours("2024-04-01", vec![1, 2, 3, 4, 5])))
        .unwrap();
    store
        .write(|w| business_calendar::set_hours(w, &hours("2026-01-01", vec![1, 2, 3, 4, 5, 6])))
        .unwrap();
    let rows = business_calendar::hours(store.conn()).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].until, Some(date("2025-12-31")));
    assert!(rows[1].covers(date("2026-11-07")));
    // Not before a later row.
    assert!(
        store
            .write(|w| business_calendar::set_hours(w, &hours("2025-06-01", vec![1])))
            .is_err()
    );
    let id = store
        .write(|w| {
            business_calendar::add_days(
                w,
                date("2026-12-29"),
                date("2027-01-03"),
                false,
                "年末年始",
            )
        })
        .unwrap();
    // A day open inside a closure is refused until the closure is withdrawn.
    assert!(
        store
            .write(|w| {
                business_calendar::add_days(w, date("2026-12-30"), date("2026-12-30"), true, "臨時")
            })
            .is_err()
    );
    assert!(
        store
            .write(|w| business_calendar::withdraw_days(w, id, ""))
            .is_err()
    );
    store
        .write(|w| business_calendar::withdraw_days(w, id, "日付の誤り"))
        .unwrap();
    assert!(
        business_calendar::days(store.conn(), false)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        business_calendar::days(store.conn(), true).unwrap().len(),
        1
    );
    assert_eq!(last_audit(&store, "business_days").0, "withdraw");
}

#[test]
fn one_tokutei_kubun_at_a_time_and_decisions_stand_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, client) = open(dir.path());
    let p = |from: &str, until: Option<&str>| Period {
        from: date(from),
        until: until.map(date),
    };
    store
        .write(|w| office_system::set(w, "tokutei_2", Some(p("2024-04-01", Some("2025-03-31")))))
        .unwrap();
    assert!(
        store
            .write(|w| office_system::set(w, "tokutei_1", Some(p("2025-03-01", None))))
            .is_err()
    );
    store
        .write(|w| office_system::set(w, "特定事業所加算(I)", Some(p("2025-04-01", None))))
        .unwrap();
    let all = office_system::all(store.conn()).unwrap();
    assert_eq!(all[0], ("tokutei_1", vec![p("2025-04-01", None)]));
    assert_eq!(last_audit(&store, "office_period").0, "set");

    let decide = |kasan: &str, stay_id, decision, reason: &str| kasan_decisions::NewDecision {
        client_id: client,
        month: date("2026-11-01"),
        kasan: kasan.into(),
        stay_id,
        decision,
        reason: reason.into(),
    };
    let e = store
        .write(|w| kasan_decisions::decide(w, &decide("tsuin", None, Decision::Rejected, "")))
        .unwrap_err();
    assert!(refusal(e).contains("理由が必要"));
    assert!(
        store
            .write(|w| kasan_decisions::decide(w, &decide("taiin_3", None, Decision::Accepted, "")))
            .is_err(),
        "a 退院・退所 decision names its stay"
    );
    store
        .write(|w| {
            kasan_decisions::decide(w, &decide("tsuin", None, Decision::Accepted, ""))?;
            kasan_decisions::decide(w, &decide("terminal", None, Decision::Accepted, ""))?;
            kasan_decisions::decide(w, &decide("terminal", None, Decision::Withdrawn, "見直し"))?;
            kasan_decisions::decide(
                w,
                &decide("tsuin", None, Decision::Rejected, "本人が希望しない"),
            )
        })
        .unwrap();
    let standing = kasan_decisions::standing(store.conn(), Some(date("2026-11-15")), None).unwrap();
    assert_eq!(standing.len(), 1);
    assert_eq!(standing[0].kasan, "tsuin");
    assert_eq!(standing[0].decision, Decision::Rejected);
    assert_eq!(
        kasan_decisions::history(store.conn(), None, Some(client))
            .unwrap()
            .len(),
        4
    );
    // Nothing stands to withdraw.
    assert!(
        store
            .write(|w| kasan_decisions::decide(
                w,
                &decide("terminal", None, Decision::Withdrawn, "x")
            ))
            .is_err()
    );
}

#[test]
fn a_same_building_period_is_corrected_and_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, client) = open(dir.path());
    let f = SameBuildingFields {
        from: date("2025-04-01"),
        until: None,
        why: SameBuildingWhy::TwentyPlus,
        building: "さくら苑".into(),
    };
    let id = store.write(|w| same_building::add(w, client, &f)).unwrap();
    assert!(
        store.write(|w| same_building::add(w, client, &f)).is_err(),
        "overlapping periods"
    );
    let ended = SameBuildingFields {
        until: Some(date("2026-03-31")),
        ..f.clone()
    };
    store
        .write(|w| same_building::correct(w, id, None, &ended, "転居した"))
        .unwrap();
    let (_, before, after) = last_audit(&store, "same_building");
    assert_eq!(before["until"], serde_json::Value::Null);
    assert_eq!(after["until"], "2026-03-31");
    let list = same_building::list(store.conn(), Some(client), false).unwrap();
    assert!(list[0].covers(date("2026-03-31")) && !list[0].covers(date("2026-04-01")));
    store
        .write(|w| same_building::withdraw(w, id, "別の利用者だった"))
        .unwrap();
    assert!(
        same_building::list(store.conn(), Some(client), false)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_read_only_session_refuses_every_kasan_record() {
    let dir = tempfile::tempdir().unwrap();
    let (store, client) = open(dir.path());
    let path = store.path().to_path_buf();
    drop(store);
    let mut ro = Store::open_with(&path, common::actor("sato"), Access::ReadOnly).unwrap();
    let today = date("2026-11-25");
    let refused = |r: color_eyre::Result<()>| {
        let e = r.unwrap_err();
        assert!(
            e.downcast_ref::<careplan::store::ReadOnly>().is_some(),
            "{e}"
        );
    };
    refused(ro.write(|w| stays::add(w, client, &stay("2026-11-06"), today).map(|_| ())));
    refused(ro.write(|w| client_dates::set_terminal_consent(w, client, Some(today), "")));
    refused(ro.write(|w| office_system::set(w, "contact_24h", None)));
    assert!(stays::list(ro.conn(), None, true).unwrap().is_empty());
}

/// The 特定事業所加算 check reads the 区分 filed, the office's 取扱件数 as the caseload
/// computes it and the month's 要介護3–5; without a care manager's FTE the caseload is not
/// proven, and the (I) share is judged against the rules table's figure.
#[test]
fn the_tokutei_check_reads_the_filed_division_caseload_and_care_levels() {
    use careplan::domain::Lang;
    let dir = tempfile::tempdir().unwrap();
    let (office, _) = common::office_db(dir.path(), 40);
    let conn = office.conn();
    let month = date("2026-11-01");
    let facts = careplan::store::tokutei::facts(conn, month).unwrap();
    let c = careplan::domain::caseload::compute(
        &careplan::store::caseload::facts(conn).unwrap(),
        month,
        &Default::default(),
    );
    assert_eq!(facts.caseload_hundredths, c.caseload_hundredths);
    assert_eq!(facts.care_clients, c.care_clients);
    let check = careplan::store::tokutei::check(conn, month, Lang::Ja)
        .unwrap()
        .unwrap();
    assert_eq!(Some(check.key.as_str()), facts.filed);
    assert!(
        check.unsure,
        "the caps are marked 要確認 in the rules table"
    );
    let caseload = &check.lines[0];
    let h = facts.caseload_hundredths.unwrap();
    assert_eq!(caseload.ok, h < 5000, "{caseload:?}");
    // A fresh office: nothing filed, no care manager: checked against (I), the caseload not
    // proven, the share of 要介護3–5 shown.
    let (store, _) = open(dir.path());
    let check = careplan::store::tokutei::check(store.conn(), month, Lang::Ja)
        .unwrap()
        .unwrap();
    assert_eq!(check.key, "tokutei_1");
    assert!(!check.filed && !check.all_ok());
    assert_eq!(check.lines.len(), 3);
    assert!(
        check.lines[0]
            .figures
            .contains("常勤換算が記録にありません")
    );
}

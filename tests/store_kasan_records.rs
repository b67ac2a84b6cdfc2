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

/// 特定事業所医療介護連携加算 under the 特定事業所加算 check: 35 reception days and 15
/// ターミナル in 2025-03 … 2026-02 (the window of 2026-11), with (I)–(III) filed, not (A).
#[test]
fn the_renkei_check_counts_receptions_and_terminal_in_the_window_and_needs_i_to_iii() {
    use careplan::domain::Lang;
    use careplan::domain::renkei::Renkei;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, client) = open(dir.path());
    let today = date("2026-11-25");
    let month = date("2026-11-01");
    let other = store
        .write(|w| {
            clients::insert(
                w,
                &ClientFields {
                    name: "試験 二郎".into(),
                    kana: "シケン ジロウ".into(),
                    birth_date: None,
                    sex: None,
                    insurer_number: InsurerNumber::parse("131011").unwrap(),
                    insured_number: InsuredNumber::parse("0000000002").unwrap(),
                    address: String::new(),
                    phone: String::new(),
                    contract_date: date("2025-04-01"),
                },
                None,
                None,
            )
        })
        .unwrap();
    let renkei = |store: &Store| {
        careplan::store::tokutei::check(store.conn(), month, Lang::Ja)
            .unwrap()
            .unwrap()
            .renkei
    };
    let lines = |r: Renkei| match r {
        Renkei::Checked { lines, .. } => lines,
        other => panic!("not checked: {other:?}"),
    };
    let p = |from: &str| Period {
        from: date(from),
        until: None,
    };
    // Nothing filed: one line says so.
    assert_eq!(renkei(&store), Renkei::NotFiled);

    let s = store
        .write(|w| stays::add(w, client, &stay("2025-05-01"), today))
        .unwrap();
    let reception = |day: chrono::NaiveDate, hour: u32| NewNote {
        client_id: client,
        at: day.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap()),
        category: "discharge_info".into(),
        counterpart: "試験病院 病棟看護師".into(),
        body: "退院前の情報収集".into(),
        fields: NoteFields {
            method: Some(Method::FaceToFace),
            stay_id: Some(s),
            ..Default::default()
        },
        ..NewNote::default()
    };
    // 34 reception days, one of them with two entries (a day counts once), and one in
    // 2026-03, after the window.
    store
        .write(|w| {
            for n in 0..34u64 {
                let day = date("2025-05-02") + chrono::Days::new(n);
                case_notes::add_as_of(w, &reception(day, 10), today)?;
            }
            case_notes::add_as_of(w, &reception(date("2025-05-02"), 15), today)?;
            case_notes::add_as_of(w, &reception(date("2026-03-02"), 10), today)?;
            Ok(())
        })
        .unwrap();
    // 14 ターミナル accepted in the window (7 months of each client), one after it.
    let terminal = |client_id: i64, m: &str| kasan_decisions::NewDecision {
        client_id,
        month: date(m),
        kasan: "terminal".into(),
        stay_id: None,
        decision: Decision::Accepted,
        reason: String::new(),
    };
    store
        .write(|w| {
            for m in 0..7u32 {
                let month = date("2025-04-01") + chrono::Months::new(m);
                let m = month.to_string();
                kasan_decisions::decide(w, &terminal(client, &m))?;
                kasan_decisions::decide(w, &terminal(other, &m))?;
            }
            kasan_decisions::decide(w, &terminal(client, "2026-03-01"))
        })
        .unwrap();
    store
        .write(|w| office_system::set(w, "tokutei_a", Some(p("2026-04-01"))))
        .unwrap();
    let l = lines(renkei(&store));
    assert_eq!(l.len(), 3);
    assert!(!l[0].ok, "34 reception days are under 35: {:?}", l[0]);
    assert!(l[0].figures.contains("34 回") && l[0].figures.contains("2025-03〜2026-02"));
    assert!(!l[1].ok, "14 ターミナル are under 15: {:?}", l[1]);
    assert!(l[1].figures.starts_with("14 回"));
    assert!(!l[2].ok, "(A) does not carry it: {:?}", l[2]);
    assert!(l[2].figures.contains("特定事業所加算(A)"));

    store
        .write(|w| {
            case_notes::add_as_of(w, &reception(date("2025-07-01"), 10), today)?;
            kasan_decisions::decide(w, &terminal(other, "2026-02-01"))?;
            office_system::set(w, "tokutei_a", None)?;
            office_system::set(w, "tokutei_1", Some(p("2026-04-01")))?;
            office_system::set(w, "iryo_kaigo_renkei", Some(p("2026-04-01")))
        })
        .unwrap();
    let r = renkei(&store);
    assert!(
        matches!(
            r,
            Renkei::Checked {
                filed: true,
                unsure: true,
                ..
            }
        ),
        "{r:?}"
    );
    let l = lines(r);
    assert!(l[0].ok && l[0].figures.starts_with("35 回"), "{:?}", l[0]);
    assert!(l[1].ok && l[1].figures.starts_with("15 回"), "{:?}", l[1]);
    assert!(l[2].ok, "(I) carries it: {:?}", l[2]);
    // The office panel and the CLI print the same lines.
    let check = careplan::store::tokutei::check(store.conn(), month, Lang::En)
        .unwrap()
        .unwrap();
    let text = careplan::present::tokutei::lines(Some(&check), month, Lang::En).join("\n");
    assert!(
        text.contains("✓ discharge information receptions ≥ 35  35  2025-03 to 2026-02"),
        "{text}"
    );
}

/// Before 記録開始日 the 連携回数 are read from the imported claims' 退院・退所 codes, as lower
/// bounds ((I) ≥ 1, (II) ≥ 2, (III) ≥ 3); a ターミナル both accepted and claimed counts once.
#[test]
fn before_the_switch_over_receptions_are_lower_bounds_from_the_claim_codes() {
    use careplan::domain::Lang;
    use careplan::domain::renkei::Renkei;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, client) = open(dir.path());
    let today = date("2026-11-25");
    let month = date("2026-11-01");
    let s = store
        .write(|w| stays::add(w, client, &stay("2025-05-01"), today))
        .unwrap();
    let reception = |day: &str| NewNote {
        client_id: client,
        at: date(day).and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
        category: "discharge_info".into(),
        counterpart: "試験病院 病棟看護師".into(),
        body: "退院前の情報収集".into(),
        fields: NoteFields {
            method: Some(Method::FaceToFace),
            stay_id: Some(s),
            ..Default::default()
        },
        ..NewNote::default()
    };
    store
        .write(|w| {
            // Before the switch-over: the claims say it, not this entry.
            case_notes::add_as_of(w, &reception("2025-06-10"), today)?;
            case_notes::add_as_of(w, &reception("2025-10-10"), today)?;
            careplan::store::office::set_records_since_if_unset(w, date("2025-09-01"))?;
            office_system::set(
                w,
                "tokutei_2",
                Some(Period {
                    from: date("2026-04-01"),
                    until: None,
                }),
            )?;
            kasan_decisions::decide(
                w,
                &kasan_decisions::NewDecision {
                    client_id: client,
                    month: date("2025-06-01"),
                    kasan: "terminal".into(),
                    stay_id: None,
                    decision: Decision::Accepted,
                    reason: String::new(),
                },
            )?;
            // (III) in 2025-05 and (II)イ in 2025-06 for the client, ターミナル in 2025-06 (also
            // accepted) and for a person not registered in 2025-07.
            for (id, insured, m, code) in [
                (1, "0000000001", "2025-05", "436146"),
                (2, "0000000001", "2025-06", "436144"),
                (3, "0000000009", "2025-07", "436100"),
            ] {
                w.execute_cached(
                    "INSERT INTO claim_months (id, insurer_number, insured_number, month, imported_at)
                     VALUES (?1, '131011', ?2, ?3, '2025-10-01')",
                    rusqlite::params![id, insured, m],
                )?;
                w.execute_cached(
                    "INSERT INTO claim_codes (claim_month_id, line, code, units, count)
                     VALUES (?1, 1, ?2, 100, 1)",
                    rusqlite::params![id, code],
                )?;
            }
            w.execute_cached(
                "INSERT INTO claim_codes (claim_month_id, line, code, units, count)
                 VALUES (2, 2, '436100', 400, 1)",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    let check = careplan::store::tokutei::check(store.conn(), month, Lang::Ja)
        .unwrap()
        .unwrap();
    let Renkei::Checked { lines, .. } = &check.renkei else {
        panic!("{:?}", check.renkei);
    };
    assert_eq!(
        lines[0].figures,
        "6 回 以上（記録 1 回 + 切替前の請求から 5 回以上）  2025-03〜2026-02"
    );
    assert!(!lines[0].ok);
    assert!(
        lines[1].figures.starts_with("2 回（承認 1・請求 1）"),
        "{:?}",
        lines[1]
    );
    assert!(lines[2].ok, "(II) carries it");
}

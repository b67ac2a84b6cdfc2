use super::*;
use crate::domain::Lang;
use crate::domain::business_calendar::{Exception, Holidays, Week, parse_weekdays};
use crate::domain::care_level::{CareLevel, CertStatus};
use crate::domain::caseload::CertFact;
use crate::domain::dates::iso;
use crate::domain::rules::RuleBook;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(&format!("{s} 10:00"), "%Y-%m-%d %H:%M").unwrap()
}

fn cert(level: CareLevel, from: &str, to: &str) -> CertFact {
    CertFact {
        level: Some(level),
        valid_from: d(from),
        valid_to: Some(d(to)),
        status: CertStatus::Certified,
    }
}

fn client(contract: &str, certs: Vec<CertFact>) -> ClientFact {
    ClientFact {
        id: 1,
        name: "テスト".into(),
        insurer_number: "131001".into(),
        insured_number: "0000000001".into(),
        contract_date: d(contract),
        contract_end: None,
        no_benefit_months: vec![],
        certifications: certs,
        care_managers: vec![],
    }
}

fn care2() -> ClientFact {
    client(
        "2025-01-06",
        vec![cert(CareLevel::Care2, "2025-01-01", "2027-12-31")],
    )
}

fn office() -> OfficeRecords {
    OfficeRecords {
        records_from: None,
        claim_months: BTreeSet::new(),
        calendar: BusinessCalendar {
            weeks: vec![Week {
                from: d("2024-04-01"),
                until: None,
                weekdays: parse_weekdays("1,2,3,4,5").unwrap(),
                holidays_closed: true,
            }],
            exceptions: vec![],
            holidays: Holidays::builtin().clone(),
        },
        contact_24h: vec![Period {
            from: d("2024-04-01"),
            until: None,
        }],
    }
}

fn records(c: &ClientFact) -> ClientRecords<'_> {
    ClientRecords {
        client: c,
        stays: vec![],
        notes: vec![],
        plans: vec![],
        decisions: vec![],
        claims: vec![],
        terminal_consent_on: None,
        died_on: None,
        death_place: None,
        operating_cut: Reduction::None,
    }
}

fn rules() -> KasanRules {
    RuleBook::builtin()
        .in_force(d("2026-12-01"))
        .rules
        .kasan
        .clone()
}

fn run(c: &ClientRecords<'_>, office: &OfficeRecords, month: &str) -> Vec<Row> {
    let rules = rules();
    let ctx = Ctx {
        month: d(month),
        rules: &rules,
        office,
    };
    judge(c, &ctx)
}

fn only<'a>(rows: &'a [Row], prefix: &str) -> &'a Row {
    let found: Vec<&Row> = rows
        .iter()
        .filter(|r| r.kasan.starts_with(prefix))
        .collect();
    assert_eq!(found.len(), 1, "{prefix}: {rows:#?}");
    found[0]
}

fn note(id: i64, day: &str, category: &str, fields: Option<Fields>) -> Note {
    Note {
        id,
        at: at(day),
        category: category.into(),
        counts_as: match category {
            "visit" => CountsAs::HomeVisit,
            "video" => CountsAs::Video,
            _ => CountsAs::Contact,
        },
        counterpart: "A病院 地域連携室 佐藤".into(),
        body: "入院時情報提供書を渡した".into(),
        attendees: String::new(),
        fields,
    }
}

fn info(id: i64, day: &str, stay: i64) -> Note {
    note(
        id,
        day,
        "admission_info",
        Some(Fields {
            method: Some("fax".into()),
            stay_id: Some(stay),
            ..Fields::default()
        }),
    )
}

fn stay(id: i64, admitted: &str, after_hours: bool) -> Stay {
    Stay {
        id,
        kind: "hospital".into(),
        admitted_on: d(admitted),
        after_hours,
        discharged_on: None,
        destination: None,
    }
}

// --- 入院時情報連携加算 ----------------------------------------------------------------

/// Admitted Friday 2026-11-06; the office is closed Saturday and Sunday.
fn nyuin(after_hours: bool, info_on: &str) -> Row {
    let c = care2();
    let mut r = records(&c);
    r.stays = vec![stay(7, "2026-11-06", after_hours)];
    r.notes = vec![info(1, info_on, 7)];
    let rows = run(&r, &office(), "2026-11-01");
    only(&rows, "nyuin").clone()
}

#[test]
fn admission_info_on_days_1_to_4_after_a_late_friday_admission() {
    // Day 1 (Friday itself) and day 2 (Saturday, the next day after a late admission): (I).
    for day in ["2026-11-06", "2026-11-07"] {
        let r = nyuin(true, day);
        assert_eq!(
            (r.kasan.as_str(), r.status),
            ("nyuin_1", Status::Candidate),
            "{day}"
        );
        assert_eq!((r.units, r.evidence.clone()), (250, vec![1]));
    }
    // Day 3 (Sunday): (II).
    let r = nyuin(true, "2026-11-08");
    assert_eq!((r.kasan.as_str(), r.status), ("nyuin_2", Status::Candidate));
    assert_eq!(r.units, 200);
    // Day 4 (Monday): the 3rd day, Sunday, is not a business day → (II).
    let r = nyuin(true, "2026-11-09");
    assert_eq!((r.kasan.as_str(), r.status), ("nyuin_2", Status::Candidate));
    // Day 5: none, so the month shows the admission still lacking its information.
    let r = nyuin(true, "2026-11-10");
    assert_eq!(r.status, Status::Incomplete);
    assert_eq!(r.by, Some(d("2026-11-09")));
    assert!(
        r.reason.text(Lang::Ja).contains("記録がありません"),
        "{}",
        r.reason.text(Lang::Ja)
    );
}

#[test]
fn admission_in_hours_on_a_business_day_gives_i_only_that_day() {
    assert_eq!(nyuin(false, "2026-11-06").kasan, "nyuin_1");
    assert_eq!(
        nyuin(false, "2026-11-05").kasan,
        "nyuin_1",
        "before admission"
    );
    let r = nyuin(false, "2026-11-07");
    assert_eq!((r.kasan.as_str(), r.status), ("nyuin_2", Status::Candidate));
    assert_eq!(nyuin(false, "2026-11-08").kasan, "nyuin_2");
    // Day 4 without a late admission: nothing.
    assert_eq!(nyuin(false, "2026-11-09").status, Status::Incomplete);
}

#[test]
fn admission_on_a_closed_day_lets_the_next_day_count_as_i() {
    let c = care2();
    let mut r = records(&c);
    // Saturday 2026-11-07, in (the office's) hours but not a business day.
    r.stays = vec![stay(7, "2026-11-07", false)];
    r.notes = vec![info(1, "2026-11-08", 7)];
    let rows = run(&r, &office(), "2026-11-01");
    assert_eq!(only(&rows, "nyuin").kasan, "nyuin_1");
    // 勤労感謝の日 (Monday 2026-11-23) is closed too.
    r.stays = vec![stay(7, "2026-11-23", false)];
    r.notes = vec![info(1, "2026-11-24", 7)];
    let rows = run(&r, &office(), "2026-11-01");
    assert_eq!(only(&rows, "nyuin").kasan, "nyuin_1");
}

#[test]
fn a_window_on_a_day_the_calendar_does_not_know_cannot_be_judged() {
    let c = client(
        "2025-01-06",
        vec![cert(CareLevel::Care2, "2025-01-01", "2028-12-31")],
    );
    let mut r = records(&c);
    // 2028 is outside the holiday asset: whether Tuesday 2028-01-04 is a business day is unknown.
    r.stays = vec![stay(7, "2028-01-04", false)];
    r.notes = vec![info(1, "2028-01-05", 7)];
    let rows = run(&r, &office(), "2028-01-01");
    let row = only(&rows, "nyuin");
    assert_eq!(row.status, Status::CannotJudge);
    assert!(
        row.reason.text(Lang::Ja).contains("2028-01-04"),
        "{}",
        row.reason.text(Lang::Ja)
    );
    // A declared open day settles it: in hours on a business day, the next day is (II).
    let mut o = office();
    o.calendar.exceptions.push(Exception {
        from: d("2028-01-04"),
        until: d("2028-01-04"),
        open: true,
    });
    let rows = run(&r, &o, "2028-01-01");
    assert_eq!(only(&rows, "nyuin").kasan, "nyuin_2");
}

#[test]
fn admission_info_without_its_method_or_its_stay_is_incomplete() {
    let c = care2();
    let mut r = records(&c);
    r.stays = vec![stay(7, "2026-11-06", false)];
    let mut n = info(1, "2026-11-06", 7);
    n.fields.as_mut().unwrap().method = None;
    r.notes = vec![n];
    let rows = run(&r, &office(), "2026-11-01");
    let row = only(&rows, "nyuin");
    assert_eq!(row.status, Status::Incomplete);
    assert!(
        row.reason.text(Lang::Ja).contains("方法"),
        "{}",
        row.reason.text(Lang::Ja)
    );
    // Information given, no admission on record.
    r.stays.clear();
    r.notes = vec![info(1, "2026-11-06", 99)];
    let rows = run(&r, &office(), "2026-11-01");
    let row = only(&rows, "nyuin");
    assert_eq!(row.status, Status::Incomplete);
    assert!(
        row.reason.text(Lang::Ja).contains("入院"),
        "{}",
        row.reason.text(Lang::Ja)
    );
}

// --- 退院・退所加算 --------------------------------------------------------------------

fn reception(id: i64, day: &str, conference: bool) -> Note {
    let mut n = note(
        id,
        day,
        "discharge_info",
        Some(Fields {
            method: Some("face_to_face".into()),
            stay_id: Some(7),
            conference: Some(conference),
            document_on_file: Some(conference),
            ..Fields::default()
        }),
    );
    if conference {
        n.attendees = "主治医、病棟看護師、訪問看護、CM".into();
    }
    n
}

fn discharged() -> Stay {
    Stay {
        discharged_on: Some(d("2026-11-10")),
        destination: Some("home".into()),
        ..stay(7, "2026-10-20", false)
    }
}

fn plan(id: i64, day: &str, initial: bool) -> Plan {
    Plan {
        id,
        plan_date: d(day),
        initial,
        draft: false,
    }
}

fn taiin(notes: Vec<Note>) -> Row {
    let c = care2();
    let mut r = records(&c);
    r.stays = vec![discharged()];
    r.notes = notes;
    r.plans = vec![plan(3, "2026-11-12", false)];
    let rows = run(&r, &office(), "2026-11-01");
    only(&rows, "taiin").clone()
}

#[test]
fn the_division_follows_the_receptions_and_the_conference() {
    let cases = [
        (vec![reception(1, "2026-11-05", false)], "taiin_1i", 450),
        (vec![reception(1, "2026-11-05", true)], "taiin_1ro", 600),
        (
            vec![
                reception(1, "2026-11-01", false),
                reception(2, "2026-11-05", false),
            ],
            "taiin_2i",
            600,
        ),
        (
            vec![
                reception(1, "2026-11-01", false),
                reception(2, "2026-11-05", true),
            ],
            "taiin_2ro",
            750,
        ),
        (
            vec![
                reception(1, "2026-10-28", false),
                reception(2, "2026-11-01", false),
                reception(3, "2026-11-05", true),
            ],
            "taiin_3",
            900,
        ),
        // Three receptions with no conference stay (II)イ.
        (
            vec![
                reception(1, "2026-10-28", false),
                reception(2, "2026-11-01", false),
                reception(3, "2026-11-05", false),
            ],
            "taiin_2i",
            600,
        ),
    ];
    for (notes, key, units) in cases {
        let row = taiin(notes);
        assert_eq!(
            (row.kasan.as_str(), row.units, row.status),
            (key, units, Status::Candidate),
            "{row:#?}"
        );
        assert_eq!(row.stay_id, Some(7));
    }
    // Two entries on one day count as one reception.
    let row = taiin(vec![
        reception(1, "2026-11-05", false),
        reception(2, "2026-11-05", true),
    ]);
    assert_eq!(row.kasan, "taiin_1ro");
}

#[test]
fn a_reception_seven_days_after_discharge_counts_and_eight_does_not() {
    let row = taiin(vec![reception(1, "2026-11-17", false)]);
    assert_eq!(
        (row.kasan.as_str(), row.status),
        ("taiin_1i", Status::Candidate)
    );
    let row = taiin(vec![reception(1, "2026-11-18", false)]);
    assert_eq!(row.status, Status::Incomplete);
    assert_eq!(row.by, Some(d("2026-11-17")));
}

#[test]
fn a_conference_without_its_attendees_or_document_is_incomplete() {
    let mut n = reception(1, "2026-11-05", true);
    n.attendees.clear();
    n.fields.as_mut().unwrap().document_on_file = Some(false);
    let row = taiin(vec![n]);
    assert_eq!(row.status, Status::Incomplete);
    assert!(
        row.reason.text(Lang::Ja).contains("出席者")
            && row.reason.text(Lang::Ja).contains("共同指導"),
        "{}",
        row.reason.text(Lang::Ja)
    );
}

#[test]
fn a_second_discharge_kasan_in_one_stay_is_excluded() {
    let c = care2();
    let mut r = records(&c);
    r.stays = vec![discharged()];
    r.notes = vec![reception(1, "2026-11-05", false)];
    r.plans = vec![plan(3, "2026-11-12", false)];
    r.decisions = vec![Decision {
        month: d("2026-10-01"),
        kasan: "taiin_1i".into(),
        stay_id: Some(7),
        verdict: Verdict::Accepted,
        reason: String::new(),
    }];
    let rows = run(&r, &office(), "2026-11-01");
    let row = only(&rows, "taiin");
    assert_eq!(row.status, Status::Excluded);
    assert!(
        row.reason.text(Lang::Ja).contains("1回の入院"),
        "{}",
        row.reason.text(Lang::Ja)
    );
    // The same from an imported claim, read by its code.
    r.decisions.clear();
    r.claims = vec![ClaimMonth {
        month: d("2026-10-01"),
        claimed: true,
        codes: vec!["436143".into()],
    }];
    let rows = run(&r, &office(), "2026-11-01");
    assert_eq!(only(&rows, "taiin").status, Status::Excluded);
}

#[test]
fn the_discharge_kasan_waits_for_the_first_month_with_benefit_management() {
    let mut c = care2();
    c.no_benefit_months = vec![d("2026-11-01")];
    let mut r = records(&c);
    r.stays = vec![discharged()];
    r.notes = vec![reception(1, "2026-11-05", false)];
    r.plans = vec![plan(3, "2026-11-12", false)];
    assert!(
        run(&r, &office(), "2026-11-01")
            .iter()
            .all(|x| !x.kasan.starts_with("taiin"))
    );
    let rows = run(&r, &office(), "2026-12-01");
    assert_eq!(only(&rows, "taiin").status, Status::Candidate);
}

// --- 初回加算 -------------------------------------------------------------------------

#[test]
fn shokai_after_two_empty_months_is_a_candidate_and_after_one_is_not() {
    // A client billed until 2026-08, nothing in 09 and 10, a new plan in 11.
    let mut c = care2();
    c.no_benefit_months = vec![d("2026-09-01"), d("2026-10-01")];
    let mut r = records(&c);
    r.plans = vec![plan(3, "2026-11-10", true)];
    let rows = run(&r, &office(), "2026-11-01");
    let row = only(&rows, "shokai");
    assert_eq!(
        (row.status, row.units, row.plan_id),
        (Status::Candidate, 300, Some(3))
    );
    // Only October empty: billed in September, so not new — and the plan says 初回.
    let mut c2 = c.clone();
    c2.no_benefit_months = vec![d("2026-10-01")];
    let r2 = ClientRecords {
        client: &c2,
        ..r.clone()
    };
    let rows = run(&r2, &office(), "2026-11-01");
    assert_eq!(only(&rows, "shokai").status, Status::Excluded);
}

#[test]
fn shokai_after_support_to_care_is_a_candidate() {
    let c = client(
        "2025-01-06",
        vec![
            cert(CareLevel::Support2, "2025-01-01", "2026-10-31"),
            cert(CareLevel::Care1, "2026-11-01", "2027-10-31"),
        ],
    );
    let mut r = records(&c);
    r.plans = vec![plan(3, "2026-11-05", false)];
    let rows = run(&r, &office(), "2026-11-01");
    let row = only(&rows, "shokai");
    assert_eq!(row.status, Status::Candidate);
    assert!(
        row.reason.text(Lang::Ja).contains("要支援2"),
        "{}",
        row.reason.text(Lang::Ja)
    );
    // A change of one 区分 is no trigger (and the client was billed before).
    let c = client(
        "2025-01-06",
        vec![
            cert(CareLevel::Care1, "2025-01-01", "2026-10-31"),
            cert(CareLevel::Care2, "2026-11-01", "2027-10-31"),
        ],
    );
    let r = ClientRecords { client: &c, ..r };
    assert!(
        run(&r, &office(), "2026-11-01")
            .iter()
            .all(|x| x.kasan != "shokai")
    );
    // Two 区分: a candidate.
    let c = client(
        "2025-01-06",
        vec![
            cert(CareLevel::Care1, "2025-01-01", "2026-10-31"),
            cert(CareLevel::Care3, "2026-11-01", "2027-10-31"),
        ],
    );
    let r = ClientRecords { client: &c, ..r };
    assert_eq!(
        only(&run(&r, &office(), "2026-11-01"), "shokai").status,
        Status::Candidate
    );
}

#[test]
fn shokai_without_history_cannot_be_judged_never_a_candidate() {
    // A client moved in with careplan's records from 2026-11: September and October unseen.
    let c = client(
        "2020-04-01",
        vec![cert(CareLevel::Care2, "2020-04-01", "2027-12-31")],
    );
    let mut r = records(&c);
    r.plans = vec![plan(3, "2026-11-10", true)];
    let mut o = office();
    o.records_from = Some(d("2026-11-01"));
    let row = only(&run(&r, &o, "2026-11-01"), "shokai").clone();
    assert_eq!(row.status, Status::CannotJudge);
    // The office's claims of both months imported, none for this client: new.
    o.claim_months = [d("2026-09-01"), d("2026-10-01")].into_iter().collect();
    assert_eq!(
        only(&run(&r, &o, "2026-11-01"), "shokai").status,
        Status::Candidate
    );
    // One of them claimed for the client: not new.
    r.claims = vec![ClaimMonth {
        month: d("2026-10-01"),
        claimed: true,
        codes: vec!["431111".into()],
    }];
    assert_eq!(
        only(&run(&r, &o, "2026-11-01"), "shokai").status,
        Status::Excluded
    );
}

#[test]
fn shokai_in_an_operating_cut_month_is_excluded() {
    let c = client(
        "2026-11-02",
        vec![cert(CareLevel::Care2, "2026-11-01", "2027-10-31")],
    );
    let mut r = records(&c);
    r.plans = vec![plan(3, "2026-11-10", true)];
    assert_eq!(
        only(&run(&r, &office(), "2026-11-01"), "shokai").status,
        Status::Candidate
    );
    for cut in [Reduction::Half, Reduction::Full] {
        r.operating_cut = cut;
        let row = only(&run(&r, &office(), "2026-11-01"), "shokai").clone();
        assert_eq!(row.status, Status::Excluded);
        assert!(
            row.reason.text(Lang::Ja).contains("運営基準減算"),
            "{}",
            row.reason.text(Lang::Ja)
        );
    }
}

#[test]
fn shokai_with_a_discharge_kasan_is_a_choice_until_one_is_accepted() {
    let c = client(
        "2026-11-02",
        vec![cert(CareLevel::Care2, "2026-10-01", "2027-10-31")],
    );
    let mut r = records(&c);
    r.stays = vec![discharged()];
    r.notes = vec![reception(1, "2026-11-05", true)];
    r.plans = vec![plan(3, "2026-11-12", true)];
    let rows = run(&r, &office(), "2026-11-01");
    let (s, t) = (only(&rows, "shokai"), only(&rows, "taiin"));
    assert_eq!((s.status, t.status), (Status::Candidate, Status::Candidate));
    assert!(
        s.reason.text(Lang::Ja).contains("差 300 単位"),
        "{}",
        s.reason.text(Lang::Ja)
    );
    r.decisions = vec![Decision {
        month: d("2026-11-01"),
        kasan: "taiin_1ro".into(),
        stay_id: Some(7),
        verdict: Verdict::Accepted,
        reason: String::new(),
    }];
    let rows = run(&r, &office(), "2026-11-01");
    assert_eq!(only(&rows, "shokai").status, Status::Excluded);
    let t = only(&rows, "taiin");
    assert_eq!(t.status, Status::Candidate);
    assert_eq!(
        t.decision.as_ref().map(|x| x.verdict),
        Some(Verdict::Accepted)
    );
}

// --- 通院・緊急・ターミナル・共通 -----------------------------------------------------------

#[test]
fn outpatient_needs_both_directions_of_information() {
    let c = care2();
    let mut r = records(&c);
    let mut n = note(
        1,
        "2026-11-05",
        "outpatient",
        Some(Fields {
            doctor_kind: Some("dentist".into()),
            told: "生活状況".into(),
            ..Fields::default()
        }),
    );
    r.notes = vec![n.clone()];
    let row = only(&run(&r, &office(), "2026-11-01"), "tsuin").clone();
    assert_eq!(row.status, Status::Incomplete);
    assert!(
        row.reason.text(Lang::Ja).contains("医師から受けた情報"),
        "{}",
        row.reason.text(Lang::Ja)
    );
    n.fields.as_mut().unwrap().heard = "服薬の変更".into();
    r.notes = vec![n];
    let row = only(&run(&r, &office(), "2026-11-01"), "tsuin").clone();
    assert_eq!((row.status, row.units), (Status::Candidate, 50));
}

#[test]
fn emergency_conferences_count_each_time_up_to_the_limit() {
    let c = care2();
    let mut r = records(&c);
    let conf = |id: i64, day: &str| {
        let mut n = note(
            id,
            day,
            "emergency_conference",
            Some(Fields {
                requested_by: "A診療所".into(),
                medical_attended: Some(true),
                ..Fields::default()
            }),
        );
        n.attendees = "医師、訪問看護師".into();
        n
    };
    r.notes = vec![
        conf(1, "2026-11-02"),
        conf(2, "2026-11-09"),
        conf(3, "2026-11-20"),
    ];
    let row = only(&run(&r, &office(), "2026-11-01"), "kinkyu").clone();
    assert_eq!(
        (row.status, row.units, row.evidence),
        (Status::Candidate, 400, vec![1, 2])
    );
    let mut n = conf(4, "2026-11-02");
    n.fields.as_mut().unwrap().medical_attended = None;
    r.notes = vec![n];
    assert_eq!(
        only(&run(&r, &office(), "2026-11-01"), "kinkyu").status,
        Status::Incomplete
    );
}

fn terminal_case(first_visit: &str) -> Row {
    let c = care2();
    let mut r = records(&c);
    r.died_on = Some(d("2026-11-20"));
    r.death_place = Some("home".into());
    r.terminal_consent_on = Some(d("2026-11-01"));
    r.notes = vec![
        note(1, "2026-11-02", "terminal_judgement", None),
        note(2, "2026-11-03", "terminal_liaison", None),
        note(3, first_visit, "visit", None),
        note(4, "2026-11-18", "visit", None),
    ];
    only(&run(&r, &office(), "2026-11-01"), "terminal").clone()
}

#[test]
fn terminal_visits_on_days_minus_15_and_minus_14() {
    // Death 2026-11-20: day −14 is 11-06 (in the window), day −15 is 11-05 (out of it).
    let row = terminal_case("2026-11-06");
    assert_eq!((row.status, row.units), (Status::Candidate, 400));
    assert!(row.evidence.contains(&3) && row.evidence.contains(&4));
    let row = terminal_case("2026-11-05");
    assert_eq!(row.status, Status::Incomplete);
    assert!(
        row.reason.text(Lang::Ja).contains("1 日"),
        "{}",
        row.reason.text(Lang::Ja)
    );
}

#[test]
fn terminal_needs_consent_before_the_visits_and_the_24_hour_system() {
    let c = care2();
    let mut r = records(&c);
    r.died_on = Some(d("2026-11-20"));
    r.death_place = Some("home".into());
    r.terminal_consent_on = Some(d("2026-11-10"));
    r.notes = vec![
        note(1, "2026-11-02", "terminal_judgement", None),
        note(2, "2026-11-03", "terminal_liaison", None),
        note(3, "2026-11-08", "visit", None),
        note(4, "2026-11-18", "video", None),
        note(5, "2026-11-19", "visit", None),
    ];
    let mut o = office();
    o.contact_24h.clear();
    let row = only(&run(&r, &o, "2026-11-01"), "terminal").clone();
    assert_eq!(row.status, Status::Incomplete);
    assert!(
        row.reason.text(Lang::Ja).contains("同意") && row.reason.text(Lang::Ja).contains("24時間"),
        "{}",
        row.reason.text(Lang::Ja)
    );
    // A death elsewhere cannot be judged; a month without benefit management does not block it.
    r.death_place = Some("other".into());
    assert_eq!(
        only(&run(&r, &office(), "2026-11-01"), "terminal").status,
        Status::CannotJudge
    );
}

#[test]
fn no_benefit_months_and_support_clients_block_the_kasan() {
    let mut c = care2();
    c.no_benefit_months = vec![d("2026-11-01")];
    let mut r = records(&c);
    r.stays = vec![stay(7, "2026-11-06", false)];
    r.notes = vec![info(1, "2026-11-06", 7)];
    let row = only(&run(&r, &office(), "2026-11-01"), "nyuin").clone();
    assert_eq!(row.status, Status::Excluded);
    assert!(
        row.reason.text(Lang::Ja).contains("給付管理"),
        "{}",
        row.reason.text(Lang::Ja)
    );
    let s = client(
        "2025-01-06",
        vec![cert(CareLevel::Support1, "2025-01-01", "2027-12-31")],
    );
    let r = ClientRecords { client: &s, ..r };
    let row = only(&run(&r, &office(), "2026-11-01"), "nyuin").clone();
    assert_eq!(row.status, Status::Excluded);
    assert!(
        row.reason.text(Lang::Ja).contains("要支援"),
        "{}",
        row.reason.text(Lang::Ja)
    );
}

#[test]
fn a_full_operating_cut_month_leaves_the_other_kasan_unjudged() {
    let c = care2();
    let mut r = records(&c);
    r.stays = vec![stay(7, "2026-11-06", false)];
    r.notes = vec![info(1, "2026-11-06", 7)];
    r.operating_cut = Reduction::Full;
    assert_eq!(
        only(&run(&r, &office(), "2026-11-01"), "nyuin").status,
        Status::CannotJudge
    );
    r.operating_cut = Reduction::Half;
    assert_eq!(
        only(&run(&r, &office(), "2026-11-01"), "nyuin").status,
        Status::Candidate
    );
}

// --- fail closed ---------------------------------------------------------------------

fn arb_note() -> impl Strategy<Value = Note> {
    let cats = prop::sample::select(vec![
        "admission_info",
        "discharge_info",
        "outpatient",
        "emergency_conference",
        "terminal_judgement",
        "terminal_liaison",
        "visit",
        "video",
        "phone",
    ]);
    (
        1i64..40,
        0u64..60,
        cats,
        any::<bool>(),
        any::<bool>(),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of(prop::sample::select(vec!["fax", "face_to_face"])),
        prop::option::of(1i64..3),
        any::<bool>(),
    )
        .prop_map(
            |(id, day, cat, counterpart, text, conference, medical, method, stay, attendees)| {
                let at = d("2026-10-15").and_hms_opt(10, 0, 0).unwrap()
                    + chrono::Duration::days(day as i64);
                let t = |b: bool| if b { "x".to_string() } else { String::new() };
                Note {
                    id,
                    at,
                    category: cat.to_string(),
                    counts_as: match cat {
                        "visit" => CountsAs::HomeVisit,
                        "video" => CountsAs::Video,
                        _ => CountsAs::Contact,
                    },
                    counterpart: t(counterpart),
                    body: t(text),
                    attendees: t(attendees),
                    fields: Some(Fields {
                        method: method.map(String::from),
                        stay_id: stay,
                        conference,
                        document_on_file: conference,
                        doctor_kind: text.then(|| "doctor".to_string()),
                        told: t(text),
                        heard: t(counterpart),
                        requested_by: t(text),
                        medical_attended: medical,
                        ..Fields::default()
                    }),
                }
            },
        )
}

fn arb_stay(id: i64) -> impl Strategy<Value = Stay> {
    (0u64..40, any::<bool>(), prop::option::of(0u64..20)).prop_map(move |(a, late, len)| {
        let admitted = d("2026-10-20") + chrono::Duration::days(a as i64);
        Stay {
            id,
            kind: "hospital".into(),
            admitted_on: admitted,
            after_hours: late,
            discharged_on: len.map(|l| admitted + chrono::Duration::days(l as i64)),
            destination: len.map(|_| "home".into()),
        }
    })
}

proptest! {
    /// Whatever the records, a candidate rests on evidence: entries of its own category with
    /// their counterpart and content, the stay for the stay-bound ones, the plan for 初回, and
    /// at least two visit days for ターミナル.
    #[test]
    fn no_candidate_lacks_evidence(
        notes in prop::collection::vec(arb_note(), 0..12),
        s1 in arb_stay(1),
        s2 in arb_stay(2),
        died in prop::option::of(0u64..45),
        consent in prop::option::of(0u64..45),
        plan_day in prop::option::of(0u64..45),
        month in prop::sample::select(vec!["2026-10-01", "2026-11-01", "2026-12-01"]),
    ) {
        let c = care2();
        let mut r = records(&c);
        let mut notes = notes;
        notes.sort_by_key(|n| n.at);
        let mut seen = BTreeSet::new();
        notes.retain(|n| seen.insert(n.id));
        r.notes = notes;
        r.stays = vec![s1, s2];
        r.died_on = died.map(|x| d("2026-10-20") + chrono::Duration::days(x as i64));
        r.death_place = r.died_on.map(|_| "home".into());
        r.terminal_consent_on = consent.map(|x| d("2026-10-15") + chrono::Duration::days(x as i64));
        r.plans = plan_day.map(|x| plan(9, &iso(d("2026-10-15") + chrono::Duration::days(x as i64)), true)).into_iter().collect();
        let rows = run(&r, &office(), month);
        for row in rows.iter().filter(|x| x.status == Status::Candidate) {
            let of = |id: &i64| r.notes.iter().find(|n| n.id == *id).unwrap();
            match row.kasan.as_str() {
                "shokai" => prop_assert!(row.plan_id.is_some()),
                "terminal" => {
                    let days: BTreeSet<_> = row.evidence.iter().map(of).filter(|n| n.counts_as.is_home_visit()).map(|n| n.date()).collect();
                    prop_assert!(days.len() >= 2, "{row:?}");
                    prop_assert!(row.evidence.iter().map(of).any(|n| n.category == "terminal_judgement"));
                }
                k => {
                    let category = match k {
                        "nyuin_1" | "nyuin_2" => "admission_info",
                        "tsuin" => "outpatient",
                        "kinkyu" => "emergency_conference",
                        _ => "discharge_info",
                    };
                    prop_assert!(!row.evidence.is_empty(), "{row:?}");
                    for n in row.evidence.iter().map(of) {
                        prop_assert_eq!(&n.category, category);
                        prop_assert!(!n.counterpart.is_empty() && !n.body.is_empty(), "{row:?}");
                    }
                    if k.starts_with("nyuin") || k.starts_with("taiin") {
                        prop_assert!(row.stay_id.is_some());
                        prop_assert!(row.evidence.iter().map(of).all(|n| n.fields.as_ref().and_then(|f| f.stay_id) == row.stay_id));
                    }
                    if k.starts_with("taiin") {
                        prop_assert!(row.plan_id.is_some());
                    }
                }
            }
        }
    }
}

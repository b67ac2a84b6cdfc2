use super::*;
use crate::domain::rules::RuleBook;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cut(month: &str) -> OperatingStandardCut {
    RuleBook::builtin()
        .in_force(d(month))
        .rules
        .operating_cut()
        .unwrap()
        .clone()
}

fn c(date: &str, category: &str, counts_as: CountsAs) -> Contact {
    Contact {
        date: d(date),
        category: category.into(),
        counts_as,
        reason: String::new(),
    }
}
fn visit(date: &str) -> Contact {
    c(date, "visit", CountsAs::HomeVisit)
}
fn video(date: &str) -> Contact {
    c(date, "video", CountsAs::Video)
}
fn phone(date: &str) -> Contact {
    c(date, "phone", CountsAs::Contact)
}

struct Case {
    support: bool,
    contract: &'static str,
    consent: Option<&'static str>,
    contacts: Vec<Contact>,
    no_benefit: Vec<NaiveDate>,
    records_since: Option<&'static str>,
}

impl Case {
    fn care(contacts: Vec<Contact>) -> Case {
        Case {
            support: false,
            contract: "2024-04-01",
            consent: None,
            contacts,
            no_benefit: Vec::new(),
            records_since: None,
        }
    }
    fn at(&self, month: &str, today: &str) -> MonthStatus {
        let mut contacts = self.contacts.clone();
        contacts.sort_by_key(|c| c.date);
        let case = ClientCase {
            support: self.support,
            contract_date: d(self.contract),
            video_consent_on: self.consent.map(d),
            no_benefit_months: &self.no_benefit,
            contacts: &contacts,
            records_from: self.records_since.map(|r| first_recorded_month(d(r))),
        };
        evaluate(&case, d(month), d(today), &cut(month))
    }
    fn of(&self, month: &str) -> MonthStatus {
        self.at(month, "2027-03-31")
    }
}

#[test]
fn a_home_visit_or_an_assessment_is_done() {
    let case = Case::care(vec![
        visit("2026-01-15"),
        c("2026-02-03", "assessment", CountsAs::Assessment),
        phone("2026-03-10"),
    ]);
    assert_eq!(case.of("2026-01-01").status, Status::Done);
    assert_eq!(case.of("2026-02-01").status, Status::Done);
    let march = case.of("2026-03-01");
    assert_eq!(
        march.status,
        Status::Missing,
        "a phone call is no monitoring"
    );
    assert!(march.fails);
    assert_eq!(march.consecutive_missing, 1);
    assert_eq!(march.since, Some(d("2026-03-01")));
}

#[test]
fn video_is_allowed_with_consent_and_a_home_visit_the_month_before_across_the_year_end() {
    let mut case = Case::care(vec![
        visit("2025-12-20"),
        video("2026-01-12"),
        video("2026-02-12"),
    ]);
    case.consent = Some("2025-11-30");
    let jan = case.of("2026-01-01");
    assert_eq!(
        (jan.status, jan.video_allowed, jan.fails),
        (Status::Video, Some(true), false)
    );
    // Video two months running: no home visit in January, so February's video is not allowed.
    let feb = case.of("2026-02-01");
    assert_eq!(
        (feb.status, feb.video_allowed, feb.fails),
        (Status::Video, Some(false), true)
    );
    assert_eq!(feb.lacks, [Lack::NoHomeVisitInCycle { months: 2 }]);
    assert_eq!(feb.consecutive_missing, 1, "January counted");
    // Across a month end: a visit on the 31st allows the next month's video on the 1st.
    let mut edge = Case::care(vec![visit("2026-05-31"), video("2026-06-01")]);
    edge.consent = Some("2026-05-31");
    assert_eq!(edge.of("2026-06-01").video_allowed, Some(true));
    // Video with no home visit the month before (only two months before) is not allowed.
    let mut gap = Case::care(vec![visit("2025-11-20"), video("2026-01-12")]);
    gap.consent = Some("2025-11-01");
    let jan = gap.of("2026-01-01");
    assert_eq!(jan.video_allowed, Some(false));
    assert_eq!(jan.consecutive_missing, 2, "December had nothing either");
    assert_eq!(jan.since, Some(d("2025-12-01")));
}

#[test]
fn video_needs_consent_on_or_before_its_day() {
    let mut case = Case::care(vec![visit("2026-03-05"), video("2026-04-10")]);
    let none = case.of("2026-04-01");
    assert_eq!(none.lacks, [Lack::NoConsent]);
    assert!(none.fails);
    case.consent = Some("2026-04-11");
    assert_eq!(
        case.of("2026-04-01").lacks,
        [Lack::ConsentAfter {
            on: d("2026-04-11")
        }]
    );
    case.consent = Some("2026-04-10");
    assert_eq!(case.of("2026-04-01").video_allowed, Some(true));
    assert!(
        Lack::ConsentAfter {
            on: d("2026-04-11")
        }
        .message(Lang::Ja)
        .contains("2026-04-11")
    );
}

#[test]
fn a_special_circumstance_excuses_the_month() {
    let mut hospital = c("2026-02-02", "hospital", CountsAs::Contact);
    hospital.reason = "2/1から入院、月末まで退院の見込みなし".into();
    let case = Case::care(vec![visit("2026-01-10"), hospital]);
    let feb = case.of("2026-02-01");
    assert_eq!(feb.status, Status::Excused);
    assert!(!feb.fails);
    assert_eq!(
        feb.excuse.as_deref(),
        Some("2/1から入院、月末まで退院の見込みなし")
    );
    // An excused month breaks a run.
    assert_eq!(case.of("2026-03-01").consecutive_missing, 1);
    // A month without 給付管理 is excused too.
    let mut nb = Case::care(vec![]);
    nb.no_benefit = vec![d("2026-02-01")];
    assert_eq!(nb.of("2026-02-01").status, Status::Excused);
    // A reason given for a 照会 does not excuse a missed visit.
    let mut inquiry = c("2026-02-02", "inquiry", CountsAs::Inquiry);
    inquiry.reason = "日程が合わず照会".into();
    assert_eq!(
        Case::care(vec![inquiry]).of("2026-02-01").status,
        Status::Missing
    );
}

#[test]
fn missing_months_run_back_to_the_contract_and_across_the_year() {
    let mut case = Case::care(vec![visit("2025-10-05")]);
    let jan = case.of("2026-01-01");
    assert_eq!(jan.consecutive_missing, 3);
    assert_eq!(jan.since, Some(d("2025-11-01")));
    case.contract = "2025-12-15";
    case.contacts.clear();
    assert_eq!(case.of("2026-01-01").consecutive_missing, 2);
    assert_eq!(
        case.of("2025-11-01").consecutive_missing,
        0,
        "before the contract"
    );
    let long = Case::care(vec![]);
    assert_eq!(long.of("2027-01-01").consecutive_missing, LOOKBACK_MONTHS);
}

#[test]
fn the_month_in_progress_is_judged_as_if_it_ended_today() {
    let case = Case::care(vec![visit("2026-11-20")]);
    assert_eq!(case.at("2026-11-01", "2026-11-19").status, Status::Missing);
    assert_eq!(case.at("2026-11-01", "2026-11-20").status, Status::Done);
}

#[test]
fn support_clients_need_a_home_visit_every_three_months_and_in_the_start_month() {
    let mut case = Case {
        support: true,
        contract: "2026-01-10",
        consent: None,
        contacts: vec![
            phone("2026-01-12"),
            phone("2026-02-12"),
            visit("2026-02-20"),
            phone("2026-03-10"),
            phone("2026-04-10"),
            phone("2026-05-10"),
        ],
        no_benefit: Vec::new(),
        records_since: None,
    };
    let jan = case.of("2026-01-01");
    assert_eq!(jan.lacks, [Lack::StartMonthVisit]);
    assert!(jan.fails);
    assert_eq!(case.of("2026-02-01").status, Status::Done);
    assert_eq!(
        case.of("2026-03-01").status,
        Status::Done,
        "phone, visit in Feb"
    );
    assert_eq!(case.of("2026-04-01").status, Status::Done, "visit in Feb");
    let may = case.of("2026-05-01");
    assert_eq!(may.lacks, [Lack::NoHomeVisitInCycle { months: 3 }]);
    assert!(may.fails);
    // No contact at all in a month between visits.
    case.contacts.retain(|c| c.date != d("2026-03-10"));
    assert_eq!(case.of("2026-03-01").lacks, [Lack::NoContact]);
}

#[test]
fn support_clients_with_video_consent_need_a_home_visit_every_six_months() {
    let case = Case {
        support: true,
        contract: "2025-10-01",
        consent: Some("2025-12-01"),
        contacts: vec![
            visit("2025-12-05"),
            video("2026-01-05"),
            video("2026-02-05"),
            phone("2026-03-05"),
            video("2026-04-05"),
            video("2026-05-05"),
            video("2026-06-05"),
        ],
        no_benefit: Vec::new(),
        records_since: None,
    };
    for m in ["2026-01-01", "2026-02-01", "2026-04-01", "2026-05-01"] {
        let s = case.of(m);
        assert_eq!(
            (s.status, s.video_allowed),
            (Status::Video, Some(true)),
            "{m}"
        );
    }
    assert_eq!(case.of("2026-03-01").status, Status::Done);
    let june = case.of("2026-06-01");
    assert_eq!(
        (june.status, june.video_allowed),
        (Status::Video, Some(false))
    );
    assert_eq!(june.lacks, [Lack::NoHomeVisitInCycle { months: 6 }]);
    // Without consent the cycle is three months: April's video no longer stands in.
    let plain = Case {
        consent: None,
        ..case
    };
    assert_eq!(
        plain.of("2026-02-01").video_allowed,
        Some(true),
        "visit in Dec"
    );
    let april = plain.of("2026-04-01");
    assert_eq!(april.video_allowed, Some(false));
    assert_eq!(
        april.lacks,
        [Lack::NoHomeVisitInCycle { months: 3 }, Lack::NoConsent]
    );
}

#[test]
fn both_rules_tables_give_the_same_cycles_either_side_of_2026_06() {
    let mut case = Case::care(vec![
        visit("2026-04-30"),
        video("2026-05-01"),
        video("2026-06-01"),
    ]);
    case.consent = Some("2026-01-01");
    let may = case.of("2026-05-01");
    let june = case.of("2026-06-01");
    assert_eq!(may.video_allowed, Some(true));
    assert_eq!(june.video_allowed, Some(false));
    assert_eq!(
        RuleBook::builtin().in_force(d("2026-05-01")).rules.from,
        d("2024-04-01")
    );
    assert_eq!(
        RuleBook::builtin().in_force(d("2026-06-01")).rules.from,
        d("2026-06-01")
    );
}

#[test]
fn months_before_the_records_are_kept_elsewhere_and_never_missing() {
    let mut case = Case::care(vec![]);
    case.records_since = Some("2026-12-01");
    let nov = case.at("2026-11-01", "2026-12-20");
    assert_eq!(nov.status, Status::BeforeRecords);
    assert!(!nov.fails);
    // The first recorded month is judged, and its run does not reach back into history.
    let dec = case.at("2026-12-01", "2026-12-20");
    assert_eq!(dec.status, Status::Missing);
    assert_eq!(dec.consecutive_missing, 1);
    assert_eq!(dec.since, Some(d("2026-12-01")));
    // Records from mid-month: that month is only partly here, so the next is the first judged.
    case.records_since = Some("2026-12-07");
    assert_eq!(
        case.at("2026-12-01", "2026-12-20").status,
        Status::BeforeRecords
    );
    assert_eq!(first_recorded_month(d("2026-12-07")), d("2027-01-01"));
    assert_eq!(first_recorded_month(d("2026-12-01")), d("2026-12-01"));
}

#[test]
fn a_video_after_a_month_kept_elsewhere_is_not_failed_for_the_visit_before() {
    let mut case = Case::care(vec![video("2026-12-10")]);
    case.consent = Some("2026-10-01");
    case.records_since = Some("2026-12-01");
    let dec = case.at("2026-12-01", "2026-12-20");
    assert_eq!(dec.status, Status::Video);
    assert_eq!(dec.video_allowed, Some(true));
    case.records_since = None;
    assert!(
        case.at("2026-12-01", "2026-12-20").fails,
        "without 記録開始日 the visit is missing"
    );
}

#[test]
fn monitoring_reads_contacts_and_the_reasons_that_may_excuse() {
    assert!(reads(CountsAs::HomeVisit, ""));
    assert!(reads(CountsAs::Contact, ""));
    assert!(!reads(CountsAs::Meeting, ""));
    // A meeting's reason (why an inquiry replaced it) excuses no month: not read.
    assert!(!reads(CountsAs::Meeting, "主治医の都合で照会"));
    assert!(!reads(CountsAs::Inquiry, "主治医の都合で照会"));
    assert!(!reads(CountsAs::None, ""));
    // Any other entry with a reason may excuse its month.
    assert!(reads(CountsAs::None, "入院中のため訪問できず"));
    // Left unread, a meeting changes no month: judged with and without it, the same.
    let mut meeting = c("2026-11-05", "meeting", CountsAs::Meeting);
    meeting.reason = "照会で代えた".into();
    let with = Case::care(vec![meeting, phone("2026-11-10")]);
    let without = Case::care(vec![phone("2026-11-10")]);
    assert_eq!(
        with.at("2026-11-01", "2026-11-30"),
        without.at("2026-11-01", "2026-11-30")
    );
    assert!(with.at("2026-11-01", "2026-11-30").fails);
}

//! Forms check values with the same domain rules as the command line and imports: what a user
//! types into a form is refused, or stored normalised, as `careplan import` would.

use careplan::domain::Lang;
use careplan::domain::enrollment::Stage;
use careplan::tui::form::{Form, FormKind, Submission, spec};
use careplan::tui::i18n::T;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn form(kind: FormKind, values: &[&str]) -> Form {
    let s = spec(&kind);
    Form::new(kind, &s, values.iter().map(|v| v.to_string()).collect())
}

fn error(f: &Form, label: T) -> String {
    f.fields
        .iter()
        .find(|x| x.label == label)
        .and_then(|x| x.error.clone())
        .unwrap_or_default()
}

const CLIENT: [&str; 10] = [
    "山田 花子",
    "やまだ ﾊﾅｺ",
    "S15.3.2",
    "女",
    "131011",
    "0000000001",
    "",
    "（０３）１２３４ー５６７８",
    "2026-04-01",
    "",
];

#[test]
fn a_new_client_is_saved_with_kana_and_phone_normalised() {
    let mut f = form(FormKind::NewClient, &CLIENT);
    assert!(f.validate_all(Lang::Ja, &[], today()));
    let Ok(Submission::NewClient { fields, .. }) = f.submission(&[], today()) else {
        panic!("not submitted");
    };
    assert_eq!(fields.kana, "ヤマダ ハナコ");
    assert_eq!(fields.phone, "03-1234-5678");
}

#[test]
fn a_birth_date_ahead_kanji_in_kana_and_letters_in_a_phone_are_refused() {
    let mut values = CLIENT;
    values[1] = "山田 はなこ";
    values[2] = "R8.11.26";
    values[7] = "03-1234 内線5";
    let mut f = form(FormKind::NewClient, &values);
    assert!(!f.validate_all(Lang::Ja, &[], today()));
    assert!(error(&f, T::BirthDate).contains("今日より後"));
    assert!(error(&f, T::Kana).contains("「山田」"));
    assert!(error(&f, T::Phone).contains("「内線」"));
}

#[test]
fn a_follow_up_without_a_year_is_the_next_one_and_a_stage_is_taken_by_its_beginning() {
    let kind = FormKind::AddOutreach { provider_id: 1 };
    let mut f = form(
        kind.clone(),
        &["2026-11-25", "電話", "", "", "", "検討", "12/5"],
    );
    assert!(f.validate_all(Lang::Ja, &[], today()));
    let Ok(Submission::Outreach(a)) = f.submission(&[], today()) else {
        panic!("not submitted");
    };
    assert_eq!(a.stage, Stage::Considering);
    assert_eq!(a.next_follow_up, NaiveDate::from_ymd_opt(2026, 12, 5));

    let mut f = form(kind, &["2026-12-10", "電話", "", "", "", "加入", "12/5"]);
    assert!(!f.validate_all(Lang::Ja, &[], today()));
    assert!(error(&f, T::OutreachStage).contains("加入予定・加入済み"));
    // 12/5 is ahead of today, but not of the day of the outreach.
    assert!(error(&f, T::NextFollowUp).contains("より前"));
}

#[test]
fn dates_running_backwards_are_caught_in_every_form() {
    let mut plan = form(
        FormKind::NewPlan { client_id: 1 },
        &[
            "2026-11-20",
            "継続",
            "2026-12-01",
            "2026-12-01",
            "2027-05-31",
            "確定",
            "2026-11-19",
            "2026-11-18",
            "",
        ],
    );
    assert!(!plan.validate_all(Lang::Ja, &[], today()));
    assert!(error(&plan, T::PlanDate).contains("初回計画作成日"));
    // Made, agreed, then handed over: a consent before the plan was made is refused, naming
    // both dates…
    assert!(
        error(&plan, T::ConsentDate)
            .starts_with("同意日 2026-11-19 が作成日 2026-11-20 より前です"),
        "{}",
        error(&plan, T::ConsentDate)
    );
    // …and so is a hand-over before the consent.
    let mut early = form(
        FormKind::NewPlan { client_id: 1 },
        &[
            "2026-11-10",
            "継続",
            "",
            "2026-12-01",
            "2027-05-31",
            "確定",
            "2026-11-19",
            "2026-11-18",
            "",
        ],
    );
    assert!(!early.validate_all(Lang::Ja, &[], today()));
    assert!(
        error(&early, T::HandedDate)
            .starts_with("交付日 2026-11-18 が同意日 2026-11-19 より前です"),
        "{}",
        error(&early, T::HandedDate)
    );
    // The status form has no plan date of its own: the revision's travels with it.
    let kind = FormKind::PlanStatus {
        id: 1,
        version: 1,
        client_id: 1,
        plan_date: Some(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
    };
    // A plan form handed to providers (the plan-steps screen): not before the consent.
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut handover = form(
        FormKind::HandOver {
            client_id: 1,
            plan_date: d("2026-11-10"),
            providers: vec![(1, "11".into())],
            consent: Some(d("2026-11-19")),
        },
        &["2026-11-18", "FAX"],
    );
    assert!(!handover.validate_all(Lang::Ja, &[], today()));
    assert!(
        error(&handover, T::HandedDate)
            .starts_with("事業所への交付日 2026-11-18 が同意日 2026-11-19 より前です"),
        "{}",
        error(&handover, T::HandedDate)
    );
    let mut status = form(kind, &["確定", "", ""]);
    status.fields[1].input = tui_input::Input::new("2026-11-19".into());
    assert!(!status.validate_all(Lang::Ja, &[], today()));
    assert!(error(&status, T::ConsentDate).contains("作成日 2026-11-20"));

    let mut office = form(
        FormKind::EditOfficeExchange { version: 1 },
        &["", "", "", "2026-04-01", "2026-03-31"],
    );
    assert!(!office.validate_all(Lang::Ja, &[], today()));
    assert!(error(&office, T::LicenceUntil).contains("ライセンス申請日"));

    let mut client = CLIENT;
    client[8] = "S10.1.1";
    let mut f = form(FormKind::NewClient, &client);
    assert!(!f.validate_all(Lang::Ja, &[], today()));
    assert!(error(&f, T::ContractDate).contains("生年月日"));
}

/// Every form's labels fit the 20 columns a form gives them at 80×24 (21 with the required
/// mark), in both languages; what a short label leaves out is in the help, beside it.
#[test]
fn every_form_label_is_whole_at_80_columns() {
    let kinds: Vec<FormKind> = [
        r#""NewClient""#,
        r#"{"EditClient":{"id":1,"version":1}}"#,
        r#"{"EndContract":{"id":1,"version":1}}"#,
        r#"{"AddCertification":{"client_id":1}}"#,
        r#"{"NoBenefitMonth":{"client_id":1}}"#,
        r#""NewProvider""#,
        r#"{"EditProvider":{"id":1,"version":1}}"#,
        r#""NewStaff""#,
        r#"{"EditStaff":{"id":1,"version":1}}"#,
        r#"{"StaffLeaves":{"id":1}}"#,
        r#"{"EditOffice":{"version":1}}"#,
        r#"{"NewPlan":{"client_id":1}}"#,
        r#"{"PlanStatus":{"id":1,"version":1,"client_id":1}}"#,
        r#"{"AddMonthProvider":{"client_id":1,"month":"2026-12-01"}}"#,
        r#"{"RecordObservation":{"provider_id":1}}"#,
        r#"{"EditOfficeExchange":{"version":1}}"#,
        r#"{"AddOutreach":{"provider_id":1}}"#,
        r#"{"EditCertification":{"id":1,"version":1,"client_id":1}}"#,
        r#"{"EditPlan":{"id":1,"version":1,"client_id":1,"confirmed":false}}"#,
        r#"{"EditAssignment":{"id":1,"version":1,"client_id":1}}"#,
        r#"{"EditFte":{"id":1,"version":1,"staff_id":1}}"#,
        r#"{"EditObservation":{"id":1,"version":1,"provider_id":1}}"#,
        r#"{"EditOutreach":{"id":1,"version":1,"provider_id":1}}"#,
        r#"{"NewNote":{"client_id":1}}"#,
        r#"{"HandOver":{"client_id":1,"plan_date":"2026-12-01","providers":[]}}"#,
        r#"{"VideoConsent":{"client_id":1}}"#,
        r#"{"PaperCheck":{"client_id":1,"plan_id":1}}"#,
        r#"{"ConcentrationNote":{"period":"p","service_type":"11","version":1}}"#,
        r#"{"Terminal":{"client_id":1}}"#,
        r#"{"SameBuilding":{"client_id":1,"id":null,"version":0}}"#,
        r#"{"Stay":{"client_id":1,"id":null,"version":0}}"#,
        r#"{"Stay":{"client_id":1,"id":1,"version":1}}"#,
        r#"{"NewNote":{"client_id":1,"structured":"admission_info"}}"#,
        r#"{"NewNote":{"client_id":1,"structured":"discharge_info","corrects":1}}"#,
        r#"{"NewNote":{"client_id":1,"structured":"outpatient"}}"#,
        r#"{"NewNote":{"client_id":1,"structured":"emergency_conference"}}"#,
        r#"{"NewNote":{"client_id":1,"structured":"terminal_judgement"}}"#,
        r#"{"NewNote":{"client_id":1,"structured":"terminal_liaison"}}"#,
        r#""BusinessHours""#,
        r#"{"BusinessDays":{"open":false}}"#,
        r#""WithdrawDays""#,
        r#""OfficePeriod""#,
    ]
    .iter()
    .map(|j| serde_json::from_str(j).unwrap_or_else(|e| panic!("{j}: {e}")))
    .collect();
    let notes = careplan::tui::form::LABEL_NOTES;
    for kind in &kinds {
        for (label, _) in spec(kind) {
            for lang in [Lang::Ja, Lang::En] {
                let s = label.s(lang);
                assert!(
                    careplan::present::text::width(s) <= 20,
                    "{kind:?}: {s} is {} columns",
                    careplan::present::text::width(s)
                );
            }
        }
    }
    // The labels shortened for it keep their explanation in the help.
    let help = careplan::tui::key_table::help_sections(Lang::Ja);
    let last = help.last().unwrap();
    assert_eq!(last.title, T::FieldNotesTitle.s(Lang::Ja));
    for (label, note) in notes {
        assert!(
            last.lines
                .iter()
                .any(|(k, d)| k == label.s(Lang::Ja) && *d == note.s(Lang::Ja))
        );
    }
    assert!(
        last.lines
            .iter()
            .any(|(k, d)| k == "連携方式" && d.contains("連携ソフト（旧）"))
    );
}

/// The new-client form takes the certification as the add-certification form does: 申請中 with
/// the start alone, or a level with its 認定日 and period.
#[test]
fn a_new_client_is_saved_pending_or_certified_with_its_certified_on_date() {
    use careplan::domain::care_level::CertStatus;
    // Name … 担当, then 要介護度, 認定状況, 認定日, 有効期間開始, 終了.
    let with = |cert: [&str; 5]| {
        let mut v: Vec<&str> = CLIENT.to_vec();
        v.extend(cert);
        form(FormKind::NewClient, &v)
    };
    let mut f = with(["", "申請中", "", "2026-04-01", ""]);
    assert!(f.validate_all(Lang::Ja, &[], today()));
    let Ok(Submission::NewClient { certification, .. }) = f.submission(&[], today()) else {
        panic!("not submitted");
    };
    let c = certification.expect("the pending certification");
    assert_eq!(c.status, CertStatus::Pending);
    assert_eq!(c.care_level, None);
    assert_eq!(c.valid_to, None);
    // Pending still needs its start.
    let mut f = with(["", "申請中", "", "", ""]);
    assert!(!f.validate_all(Lang::Ja, &[], today()));
    assert!(!error(&f, T::ValidFrom).is_empty());
    // Certified: the 認定日 is kept.
    let mut f = with(["要介護2", "", "2026-03-20", "2026-04-01", "2027-03-31"]);
    assert!(f.validate_all(Lang::Ja, &[], today()));
    let Ok(Submission::NewClient { certification, .. }) = f.submission(&[], today()) else {
        panic!("not submitted");
    };
    let c = certification.unwrap();
    assert_eq!(c.status, CertStatus::Certified);
    assert_eq!(c.certified_on, NaiveDate::from_ymd_opt(2026, 3, 20));
    // A level without its end is refused.
    let mut f = with(["要介護2", "", "", "2026-04-01", ""]);
    assert!(!f.validate_all(Lang::Ja, &[], today()));
    assert!(!error(&f, T::ValidTo).is_empty());
}

/// A 加算 category's fields are checked by the rule `notes add` uses: an outpatient entry
/// needs the doctor's kind, and one with it is submitted with its fields.
#[test]
fn a_kasan_entry_needs_its_category_fields() {
    use careplan::domain::kasan_records::DoctorKind;
    let kind: FormKind =
        serde_json::from_str(r#"{"NewNote":{"client_id":1,"structured":"outpatient"}}"#).unwrap();
    let base = [
        "2026-11-20 10:00",
        "通院同席",
        "デモ医院 山本医師",
        "",
        "受診に同席",
        "",
        "",
        "",
    ];
    let mut f = form(kind.clone(), &base);
    f.fields[1].choices = vec![careplan::tui::form::Candidate {
        shown: "通院同席".into(),
        value: "通院同席".into(),
    }];
    assert!(!f.validate_all(Lang::Ja, &[], today()));
    assert!(!error(&f, T::NoteDoctorKind).is_empty());
    let mut values: Vec<&str> = base.to_vec();
    values.extend(["", "歯科医師", "ADLの変化", "口腔ケアの指示", "はい"]);
    let mut f = form(kind, &values);
    f.fields[1].choices = vec![careplan::tui::form::Candidate {
        shown: "通院同席".into(),
        value: "通院同席".into(),
    }];
    assert!(
        f.validate_all(Lang::Ja, &[], today()),
        "{:?}",
        f.fields.iter().map(|x| x.error.clone()).collect::<Vec<_>>()
    );
    let Ok(Submission::NewNote { fields, .. }) = f.submission(&[], today()) else {
        panic!("not submitted");
    };
    assert_eq!(fields.doctor_kind, Some(DoctorKind::Dentist));
    assert_eq!(fields.heard, "口腔ケアの指示");
    assert_eq!(fields.plan_changed, Some(true));
}

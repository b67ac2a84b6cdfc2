use super::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    crate::domain::dates::parse_date(s).unwrap()
}

fn cert(level: CareLevel, from: &str, to: &str) -> CertFact {
    CertFact {
        level: Some(level),
        valid_from: d(from),
        valid_to: Some(d(to)),
        status: CertStatus::Certified,
    }
}

fn client(id: i64, contract: NaiveDate, level: CareLevel) -> ClientFact {
    ClientFact {
        id,
        name: format!("利用者{id}").into(),
        insurer_number: "131011".into(),
        insured_number: format!("{id:010}").into(),
        contract_date: contract,
        contract_end: None,
        no_benefit_months: vec![],
        certifications: vec![cert(level, "2020-01-01", "2030-12-31")],
        care_managers: vec![(d("2020-01-01"), 1)],
    }
}

/// `care` care clients (contract dates a day apart, oldest first) and `support` support clients
/// contracted after all of them, with care managers adding up to `fte_h` hundredths.
fn office(care: usize, support: usize, fte_h: u32) -> Facts {
    let start = d("2015-01-01");
    let mut clients: Vec<ClientFact> = (0..care)
        .map(|i| {
            client(
                i as i64 + 1,
                start + chrono::Duration::days(i as i64),
                CareLevel::Care1,
            )
        })
        .collect();
    clients.extend((0..support).map(|i| {
        client(
            (care + i) as i64 + 1,
            d("2024-01-01") + chrono::Duration::days(i as i64),
            CareLevel::Support1,
        )
    }));
    let mut staff = Vec::new();
    let mut left = fte_h;
    let mut id = 1;
    while left > 0 {
        let f = left.min(100);
        staff.push(StaffFact {
            id,
            name: format!("職員{id}"),
            role: StaffRole::CareManager,
            fte_history: vec![(d("2015-01-01"), Fte::from_hundredths(f))],
        });
        left -= f;
        id += 1;
    }
    let office = OfficeFacts {
        area_grades: vec![(d("2024-04-01"), AreaGrade::G3)],
        ..OfficeFacts::default()
    };
    Facts {
        office,
        staff,
        clients,
        rules: RuleBook::default(),
        billed: Default::default(),
    }
}

fn nov() -> NaiveDate {
    d("2026-11-01")
}

fn counts(c: &Caseload) -> (u32, u32, u32) {
    (c.bands.i, c.bands.ii, c.bands.iii)
}

#[test]
fn qa_example_80_clients_at_fte_1_6() {
    let c = compute(&office(80, 0, 160), nov(), &WhatIf::default());
    assert_eq!(c.fee_schedule, FeeSchedule::I);
    assert_eq!(counts(&c), (71, 9, 0));
    assert_eq!(c.clients[70].band, Band::I);
    assert_eq!(c.clients[71].band, Band::Ii);
    assert_eq!(c.caseload_hundredths, Some(5000));
}

#[test]
fn the_rule_is_explained_in_one_line() {
    let c = compute(&office(160, 0, 250), nov(), &WhatIf::default());
    assert_eq!(
        explain(&c, Lang::Ja),
        "費(I): 45×2.50=112.5 件目未満(i)・60×2.50=150 件目未満(ii)・以降(iii)。契約日の古い順（同日は登録順）・要支援を先頭に置く・要支援1/3"
    );
}

#[test]
fn qa_example_160_clients_at_fte_2_5() {
    let c = compute(&office(160, 0, 250), nov(), &WhatIf::default());
    assert_eq!(counts(&c), (112, 37, 11));
    assert_eq!(c.clients[111].band, Band::I);
    assert_eq!(c.clients[112].band, Band::Ii);
    assert_eq!(c.clients[148].band, Band::Ii);
    assert_eq!(c.clients[149].band, Band::Iii);
}

#[test]
fn fte_2_2_and_99_clients_has_no_float_error() {
    // 45 × 2.2 = 99 exactly: clients 1–98 in (i), the 99th in (ii).
    let c = compute(&office(99, 0, 220), nov(), &WhatIf::default());
    assert_eq!(counts(&c), (98, 1, 0));
    assert_eq!(c.caseload_hundredths, Some(4500));
}

fn schedule_ii(mut f: Facts) -> Facts {
    f.office.fee_ii_filed = vec![Period {
        from: d("2024-04-01"),
        until: None,
    }];
    f.office.exchange_use = vec![Period {
        from: d("2024-04-01"),
        until: None,
    }];
    f.staff.push(StaffFact {
        id: 99,
        name: "事務".into(),
        role: StaffRole::Clerk,
        fte_history: vec![(d("2024-04-01"), Fte::from_hundredths(50))],
    });
    f
}

#[test]
fn schedule_ii_moves_the_first_threshold_to_50() {
    let c = compute(&schedule_ii(office(80, 0, 160)), nov(), &WhatIf::default());
    assert_eq!(c.fee_schedule, FeeSchedule::II);
    // No (II) warning; `office` gives every client to care manager 1, whose own 80 per FTE is
    // remarked on.
    let codes: Vec<&str> = c.warnings.iter().map(Warning::code).collect();
    assert_eq!(codes, vec!["care_manager_above_office"]);
    // 50 × 1.6 = 80: clients 1–79 in (i), the 80th in (ii); 60 × 1.6 = 96.
    assert_eq!(counts(&c), (79, 1, 0));
    assert_eq!(c.clients[79].units, 527);
    let c = compute(&schedule_ii(office(100, 0, 160)), nov(), &WhatIf::default());
    assert_eq!(counts(&c), (79, 16, 5));
    assert_eq!(c.clients[99].units, 316);
}

#[test]
fn schedule_ii_needs_all_three_conditions_and_says_what_is_missing() {
    let mut f = schedule_ii(office(10, 0, 100));
    f.staff.retain(|s| s.role != StaffRole::Clerk);
    let c = compute(&f, nov(), &WhatIf::default());
    assert_eq!(c.fee_schedule, FeeSchedule::I);
    assert_eq!(
        c.warnings,
        vec![Warning::IiConditionMissing {
            missing: vec![Condition::Clerk]
        }]
    );
    assert!(c.warnings[0].message(Lang::Ja).contains("事務職員"));

    let mut f = schedule_ii(office(10, 0, 100));
    f.office.fee_ii_filed.clear();
    let c = compute(&f, nov(), &WhatIf::default());
    assert_eq!(c.fee_schedule, FeeSchedule::I);
    assert_eq!(c.warnings, vec![Warning::IiNotFiled { from: 45, to: 50 }]);
}

#[test]
fn support_clients_first_or_by_contract_date() {
    // FTE 1.0, 44 care clients and 3 support clients contracted after all of them.
    let f = office(44, 3, 100);
    let first = compute(&f, nov(), &WhatIf::default());
    assert_eq!(first.support_ordering, SupportOrdering::SupportFirst);
    // The 44th care client sits at 44 + 3/3 = 45: band (ii).
    assert_eq!(counts(&first), (43, 1, 0));
    assert_eq!(first.clients[43].position_parts, 135);
    let mut f2 = f.clone();
    f2.office.support_ordering = SupportOrdering::ByContractDate;
    let by_date = compute(&f2, nov(), &WhatIf::default());
    // The support clients come after every care client: the 44th care client is at 44.
    assert_eq!(counts(&by_date), (44, 0, 0));
    assert_eq!(by_date.caseload_hundredths, first.caseload_hundredths);
    assert_eq!(first.caseload_hundredths, Some(4500));
}

#[test]
fn by_contract_date_counts_the_support_clients_before_each_care_client() {
    let mut f = office(3, 0, 100);
    f.clients
        .push(client(10, d("2014-01-01"), CareLevel::Support2));
    f.clients
        .push(client(11, d("2015-01-02"), CareLevel::Support1));
    f.office.support_ordering = SupportOrdering::ByContractDate;
    let c = compute(&f, nov(), &WhatIf::default());
    // Care contracted 2015-01-01, -02, -03; support 2014-01-01 and 2015-01-02 (id 11 after id 2).
    let thirds: Vec<u64> = c.clients.iter().map(|x| x.position_parts).collect();
    assert_eq!(thirds, vec![3 + 1, 6 + 1, 9 + 2]);
}

#[test]
fn ties_in_contract_date_go_by_registration_order() {
    let mut f = office(0, 0, 100);
    f.clients.push(client(7, d("2020-04-01"), CareLevel::Care1));
    f.clients.push(client(3, d("2020-04-01"), CareLevel::Care1));
    let c = compute(&f, nov(), &WhatIf::default());
    assert_eq!(
        c.clients.iter().map(|x| x.client_id).collect::<Vec<_>>(),
        vec![Some(3), Some(7)]
    );
}

#[test]
fn special_area_bills_band_i_whatever_the_caseload() {
    let mut f = office(160, 0, 100);
    f.office.special_area = true;
    let c = compute(&f, nov(), &WhatIf::default());
    assert_eq!(counts(&c), (160, 0, 0));
    assert_eq!(c.units_total, 160 * 1086);
}

#[test]
fn the_level_at_month_end_counts() {
    let mut f = office(0, 0, 100);
    let mut x = client(1, d("2020-01-01"), CareLevel::Care1);
    x.certifications = vec![
        cert(CareLevel::Care1, "2025-01-01", "2026-11-15"),
        cert(CareLevel::Support2, "2026-11-16", "2027-11-30"),
    ];
    f.clients.push(x.clone());
    let c = compute(&f, nov(), &WhatIf::default());
    assert_eq!((c.care_clients, c.support_clients), (0, 1));
    // The other way round: support mid-month, care at month end.
    x.certifications = vec![
        cert(CareLevel::Support2, "2025-01-01", "2026-11-15"),
        cert(CareLevel::Care3, "2026-11-16", "2027-11-30"),
    ];
    f.clients = vec![x];
    let c = compute(&f, nov(), &WhatIf::default());
    assert_eq!((c.care_clients, c.support_clients), (1, 0));
    assert_eq!(c.clients[0].units, 1411);
}

#[test]
fn a_contract_ending_mid_month_counts_with_the_level_on_its_last_day() {
    let mut f = office(0, 0, 100);
    let mut x = client(1, d("2020-01-01"), CareLevel::Care1);
    x.contract_end = Some(d("2026-11-10"));
    x.certifications = vec![
        cert(CareLevel::Care4, "2025-01-01", "2026-11-12"),
        cert(CareLevel::Support1, "2026-11-13", "2027-11-30"),
    ];
    f.clients.push(x);
    let mut ended_before = client(2, d("2020-01-01"), CareLevel::Care1);
    ended_before.contract_end = Some(d("2026-10-31"));
    f.clients.push(ended_before);
    let mut starts_after = client(3, d("2026-12-01"), CareLevel::Care1);
    starts_after.contract_end = None;
    f.clients.push(starts_after);
    let c = compute(&f, nov(), &WhatIf::default());
    assert_eq!(c.care_clients, 1);
    assert_eq!(c.clients[0].care_level, CareLevel::Care4);
    // The contract from December is listed as not counted; the one ended in October is not there.
    let listed: Vec<_> = c
        .not_counted
        .iter()
        .map(|n| (n.client_id, n.reason))
        .collect();
    assert_eq!(listed, vec![(3, NotCountedReason::ContractNotStarted)]);
}

#[test]
fn months_without_benefit_management_pending_and_community_clients_are_listed_not_counted() {
    let mut f = office(2, 0, 100);
    f.clients[0].no_benefit_months = vec![nov()];
    let mut pending = client(5, d("2026-11-05"), CareLevel::Care1);
    pending.certifications = vec![CertFact {
        level: None,
        valid_from: d("2026-11-05"),
        valid_to: None,
        status: CertStatus::Pending,
    }];
    f.clients.push(pending);
    f.clients
        .push(client(6, d("2025-01-01"), CareLevel::CommunityProgram));
    let mut lapsed = client(7, d("2025-01-01"), CareLevel::Care2);
    lapsed.certifications = vec![cert(CareLevel::Care2, "2024-01-01", "2026-10-31")];
    f.clients.push(lapsed);
    // A contract from next month is listed; one that ended last month is no client of November.
    f.clients.push(client(8, d("2026-12-01"), CareLevel::Care2));
    let mut gone = client(9, d("2025-01-01"), CareLevel::Care2);
    gone.contract_end = Some(d("2026-10-31"));
    f.clients.push(gone);
    let c = compute(&f, nov(), &WhatIf::default());
    assert_eq!(c.care_clients, 1);
    let reasons: Vec<_> = c
        .not_counted
        .iter()
        .map(|n| (n.client_id, n.reason))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (1, NotCountedReason::NoBenefitManagement),
            (5, NotCountedReason::Pending),
            (6, NotCountedReason::CommunityProgram),
            (7, NotCountedReason::NoValidCertification),
            (8, NotCountedReason::ContractNotStarted),
        ]
    );
    // The next month the no-benefit mark no longer applies and the December contract counts.
    assert_eq!(
        compute(&f, d("2026-12-01"), &WhatIf::default()).care_clients,
        3
    );
}

#[test]
fn staffing_standard_44_or_49_with_exchange_and_clerk() {
    // 90 weighted clients: ceil(90/44) = 3, ceil(90/49) = 2.
    let c = compute(&office(87, 9, 300), nov(), &WhatIf::default());
    assert_eq!((c.staffing_per_care_manager, c.staffing_required), (44, 3));
    let mut f = schedule_ii(office(87, 9, 300));
    f.office.fee_ii_filed.clear();
    let c = compute(&f, nov(), &WhatIf::default());
    assert_eq!(c.fee_schedule, FeeSchedule::I);
    assert_eq!((c.staffing_per_care_manager, c.staffing_required), (49, 2));
}

#[test]
fn units_and_yen_truncated() {
    let mut f = office(80, 0, 160);
    f.office.area_grades = vec![(d("2024-04-01"), AreaGrade::G1)];
    let c = compute(&f, nov(), &WhatIf::default());
    assert_eq!(c.units_total, 71 * 1086 + 9 * 544);
    // 82,002 units × 11.40 yen = 934,822.8 → 934,822 yen.
    assert_eq!(c.yen_total, Some(934_822));
    let mut f = office(1, 0, 100);
    f.office.area_grades.clear();
    let without = compute(&f, nov(), &WhatIf::default());
    assert_eq!(without.yen_total, None);
    assert!(without.warnings.contains(&Warning::NoAreaGrade));
}

#[test]
fn the_next_client_value() {
    let c = compute(&office(44, 0, 100), nov(), &WhatIf::default());
    assert_eq!(counts(&c), (44, 0, 0));
    assert_eq!(
        (c.next_client.band, c.next_client.units_care345),
        (Band::Ii, 704)
    );
    let c = compute(&office(43, 0, 100), nov(), &WhatIf::default());
    assert_eq!(
        (c.next_client.band, c.next_client.units_care345),
        (Band::I, 1411)
    );
}

#[test]
fn what_if_adds_removes_and_switches() {
    let f = office(44, 0, 100);
    let base = compute(&f, nov(), &WhatIf::default());
    let more = compute(
        &f,
        nov(),
        &WhatIf {
            add_care: 2,
            ..WhatIf::default()
        },
    );
    assert_eq!(counts(&more), (44, 2, 0));
    assert_eq!(more.units_total - base.units_total, 2 * 544);
    let fewer = compute(
        &f,
        nov(),
        &WhatIf {
            add_care: -4,
            ..WhatIf::default()
        },
    );
    assert_eq!(fewer.care_clients, 40);
    let sup = compute(
        &f,
        nov(),
        &WhatIf {
            add_support: 3,
            ..WhatIf::default()
        },
    );
    assert_eq!(counts(&sup), (43, 1, 0));
    let fte = compute(
        &office(80, 0, 160),
        nov(),
        &WhatIf {
            fte: Some(Fte::from_hundredths(200)),
            ..WhatIf::default()
        },
    );
    assert_eq!(counts(&fte), (80, 0, 0));
    let ii = compute(
        &office(80, 0, 160),
        nov(),
        &WhatIf {
            fee_schedule: Some(FeeSchedule::II),
            ..WhatIf::default()
        },
    );
    assert_eq!(
        (ii.fee_schedule, counts(&ii)),
        (FeeSchedule::II, (79, 1, 0))
    );
}

#[test]
fn forecast_flags_the_month_a_threshold_is_crossed() {
    let mut f = office(44, 0, 100);
    f.clients
        .push(client(100, d("2027-01-10"), CareLevel::Care2));
    let months = forecast(&f, nov(), 3);
    assert_eq!(months.len(), 3);
    assert_eq!(months[0].crosses, None);
    assert_eq!(months[1].caseload.month, d("2027-01-01"));
    assert_eq!(months[1].crosses, Some(Band::Ii));
    // An FTE change recorded for February brings the client back into (i).
    f.staff[0]
        .fte_history
        .push((d("2027-02-01"), Fte::from_hundredths(100)));
    f.staff.push(StaffFact {
        id: 9,
        name: "新人".into(),
        role: StaffRole::CareManager,
        fte_history: vec![(d("2027-02-01"), Fte::from_hundredths(50))],
    });
    let months = forecast(&f, nov(), 3);
    assert_eq!(months[2].crosses, Some(Band::I));
}

#[test]
fn care_manager_loads_are_their_own() {
    let mut f = office(10, 3, 100);
    f.staff.push(StaffFact {
        id: 2,
        name: "二人目".into(),
        role: StaffRole::CareManager,
        fte_history: vec![(d("2015-01-01"), Fte::from_hundredths(50))],
    });
    for c in f.clients.iter_mut().take(4) {
        c.care_managers = vec![(d("2020-01-01"), 2)];
    }
    let c = compute(&f, nov(), &WhatIf::default());
    let second = c.care_managers.iter().find(|m| m.staff_id == 2).unwrap();
    assert_eq!((second.care_clients, second.support_clients), (4, 0));
    assert_eq!(second.load_hundredths, Some(800));
    let first = c.care_managers.iter().find(|m| m.staff_id == 1).unwrap();
    assert_eq!((first.care_clients, first.support_clients), (6, 3));
    assert_eq!(first.load_hundredths, Some(700));
}

proptest! {
    #[test]
    fn bands_sum_to_care_clients_and_never_go_back_down(
        care in 0usize..200, support in 0usize..60, fte_h in 0u32..400,
        by_date in any::<bool>(), ii in any::<bool>(), special in any::<bool>(),
    ) {
        let mut f = office(care, support, fte_h);
        if by_date {
            f.office.support_ordering = SupportOrdering::ByContractDate;
        }
        f.office.special_area = special;
        let w = WhatIf { fee_schedule: ii.then_some(FeeSchedule::II), ..WhatIf::default() };
        let c = compute(&f, nov(), &w);
        prop_assert_eq!(c.bands.total(), c.care_clients);
        prop_assert_eq!(c.care_clients as usize, care);
        for pair in c.clients.windows(2) {
            prop_assert!(pair[0].position_parts < pair[1].position_parts);
            prop_assert!(pair[0].band <= pair[1].band);
        }
    }
}

/// The 2026-06 table with another `from`, and `edit` applied to its text.
fn table_from(from: &str, edit: impl Fn(String) -> String) -> crate::domain::rules::Rules {
    let base = RuleBook::builtin()
        .in_force(d("2026-11-01"))
        .rules
        .text
        .clone();
    let text = edit(base.replacen("from = \"2026-06-01\"", &format!("from = \"{from}\""), 1));
    crate::domain::rules::Rules::parse(&text, crate::domain::rules::Origin::CompiledIn).unwrap()
}

#[test]
fn a_month_before_and_after_a_tables_from_date_use_different_rules() {
    let mut f = office(50, 0, 100);
    // A 2027 table with other units and thresholds 40/50/55.
    f.rules = f.rules.with(vec![table_from("2027-04-01", |t| {
        t.replace("i_i = [1086, 1411]", "i_i = [1100, 1430]")
            .replace("second_band_i = 45", "second_band_i = 40")
    })]);
    let march = compute(&f, d("2027-03-01"), &WhatIf::default());
    let april = compute(&f, d("2027-04-01"), &WhatIf::default());
    assert_eq!(march.rules.from, d("2026-06-01"));
    assert_eq!(counts(&march), (44, 6, 0));
    assert_eq!(march.clients[0].units, 1086);
    assert_eq!(april.rules.from, d("2027-04-01"));
    assert_eq!(counts(&april), (39, 11, 0));
    assert_eq!(april.clients[0].units, 1100);
    assert!(
        april
            .warnings
            .iter()
            .all(|w| w.code() != "rules_not_published")
    );
}

#[test]
fn a_month_after_a_scheduled_revision_without_a_table_says_so() {
    let f = office(10, 0, 100);
    let march = compute(&f, d("2027-03-01"), &WhatIf::default());
    assert!(
        march
            .warnings
            .iter()
            .all(|w| w.code() != "rules_not_published")
    );
    let april = compute(&f, d("2027-04-01"), &WhatIf::default());
    let w = april
        .warnings
        .iter()
        .find(|w| w.code() == "rules_not_published")
        .unwrap();
    assert!(
        w.message(Lang::Ja).contains("2027年4月"),
        "{}",
        w.message(Lang::Ja)
    );
    assert!(w.message(Lang::Ja).contains("2026-06-01"));
    // Computed with the last table all the same.
    assert_eq!(april.units_total, 10 * 1086);
}

#[test]
fn the_forecast_across_april_2027_carries_rules_not_published() {
    let f = office(10, 0, 100);
    let months = forecast(&f, d("2027-02-01"), 3);
    let flagged: Vec<bool> = months
        .iter()
        .map(|m| {
            m.caseload
                .warnings
                .iter()
                .any(|w| w.code() == "rules_not_published")
        })
        .collect();
    assert_eq!(flagged, vec![false, true, true]);
}

#[test]
fn a_support_weight_of_one_half_is_computed_exactly() {
    // 40 care clients and 12 support clients at FTE 1.0: with 1/2, support adds 6 → the 40th care
    // client sits at 46 (band ii); with 1/3 at 44 (band i).
    let mut f = office(40, 12, 100);
    let thirds = compute(&f, nov(), &WhatIf::default());
    assert_eq!(counts(&thirds), (40, 0, 0));
    assert_eq!(thirds.caseload_hundredths, Some(4400));
    f.rules = f.rules.with(vec![table_from("2026-10-01", |t| {
        t.replace("support_weight = \"1/3\"", "support_weight = \"1/2\"")
    })]);
    let halves = compute(&f, nov(), &WhatIf::default());
    assert_eq!(halves.caseload_hundredths, Some(4600));
    // Positions 7..=46: 45 and 46 are band (ii).
    assert_eq!(counts(&halves), (38, 2, 0));
    assert_eq!(halves.clients[0].position_parts, 2 + 12);
    assert!(explain(&halves, Lang::Ja).ends_with("・要支援1/2"));
    // Staffing: 46 weighted clients need 2 care managers at 44.
    assert_eq!(halves.staffing_required, 2);
}

#[test]
fn the_exchange_worth_compares_ii_staffing_and_the_treatment_improvement() {
    let f = office(90, 0, 200);
    let w = exchange_worth(&f, nov());
    let fee = w.fee.clone().unwrap();
    // (I) at 2.0 FTE: 89 in (i), 1 in (ii); (II): all 90 in (i).
    assert_eq!(fee.units_i, 89 * 1086 + 544);
    assert_eq!(fee.units_ii, 90 * 1086);
    assert_eq!(fee.units_gain(), 1086 - 544);
    assert_eq!(
        fee.yen_gain(),
        Some((fee.units_ii * 1105 / 100 - fee.units_i * 1105 / 100) as i64)
    );
    // At 2.0 FTE: (I) keeps positions below 90 in (i) → none left (90 clients); (II) below 100 → 9.
    assert_eq!((fee.room_i, fee.room_ii), (Some(0), Some(9)));
    let small = exchange_worth(&office(40, 6, 100), nov()).fee.unwrap();
    // 40 care + 6/3 = 42 at 1.0 FTE: (I) up to position 44 → 2 more; (II) up to 49 → 7 more.
    assert_eq!((small.room_i, small.room_ii), (Some(2), Some(7)));
    assert_eq!(small.units_gain(), 0);
    assert_eq!(
        (
            w.staffing.required_standard,
            w.staffing.required_with_exchange_and_clerk
        ),
        (3, 2)
    );
    let t = w.treatment.clone().unwrap();
    assert_eq!(t.rule.rate_text(), "2.1%");
    assert_eq!(t.units, (fee.units_i * 21 + 500) / 1000);
    assert!(t.exchange_route_open);
    // After 2027-03-31 joining the exchange no longer qualifies for the 2.1%.
    let april = exchange_worth(&f, d("2027-04-01"));
    assert!(!april.treatment.unwrap().exchange_route_open);
    // Before 2026-06 there was no such 加算.
    assert!(exchange_worth(&f, d("2026-05-01")).treatment.is_none());
}

proptest! {
    #[test]
    fn the_room_in_band_i_is_exactly_what_a_what_if_finds(
        care in 0usize..120, support in 0usize..40, fte_h in 1u32..300, ii in any::<bool>(),
    ) {
        let f = office(care, support, fte_h);
        let s = if ii { FeeSchedule::II } else { FeeSchedule::I };
        let with = |n: i64| compute(&f, nov(), &WhatIf {
            add_care: n, fee_schedule: Some(s), ..WhatIf::default()
        });
        let room = room_in_band_i(&with(0)).unwrap();
        let at_room = with(room as i64);
        let extra = at_room.clients.iter().skip(care).filter(|c| c.band != Band::I).count();
        prop_assert_eq!(extra, 0);
        let beyond = with(room as i64 + 1);
        prop_assert_ne!(beyond.clients.last().map(|c| c.band), Some(Band::I));
    }
}

#[test]
fn headroom_to_band_ii_is_exact_at_the_boundary_with_weight_one_third() {
    // 71 care clients at 1.6: 45 × 1.6 = 72, so the next care client (the 72nd) is in (ii):
    // no care client fits, but 2 support clients (2/3 of a client) still keep it below 45.
    let c = compute(&office(71, 0, 160), nov(), &WhatIf::default());
    let h = c.headroom.unwrap();
    assert_eq!(
        (h.band, h.threshold, h.care, h.support),
        (Band::Ii, 45, 0, 2)
    );
    let c = compute(&office(70, 0, 160), nov(), &WhatIf::default());
    let h = c.headroom.unwrap();
    assert_eq!((h.care, h.support), (1, 5));
    // 60 care + 4 support at 2.0: 61 1/3 below 90 → 28 care (89 1/3) or 85 support (89 2/3;
    // 86 reach 90 exactly), not 28 × 3 = 84.
    let c = compute(&office(60, 4, 200), nov(), &WhatIf::default());
    let h = c.headroom.unwrap();
    assert_eq!((h.care, h.support), (28, 85));
    // What a what-if finds: after `care` more, still no (ii); one more is the first (ii).
    let f = office(60, 4, 200);
    let with = |w: WhatIf| compute(&f, nov(), &w);
    let care = |n| WhatIf {
        add_care: n,
        ..WhatIf::default()
    };
    assert_eq!(with(care(28)).bands.ii, 0);
    assert_eq!(with(care(29)).bands.ii, 1);
    let support = |n| WhatIf {
        add_support: n,
        ..WhatIf::default()
    };
    assert!(with(support(85)).caseload_hundredths.unwrap() < 4500);
    assert_eq!(with(support(86)).caseload_hundredths, Some(4500));
}

#[test]
fn headroom_in_band_ii_is_to_iii_and_none_past_60_or_in_a_special_area() {
    // (80 + 3/3) at 1.6: 60 × 1.6 = 96; care clients up to 94 stay below, the 95th is (iii).
    let c = compute(&office(80, 3, 160), nov(), &WhatIf::default());
    let h = c.headroom.unwrap();
    assert_eq!(
        (h.band, h.threshold, h.care, h.support),
        (Band::Iii, 60, 14, 44)
    );
    let c = compute(
        &office(80, 3, 160),
        nov(),
        &WhatIf {
            add_care: 15,
            ..WhatIf::default()
        },
    );
    assert_eq!(c.bands.iii, 1);
    assert_eq!(
        compute(&office(96, 0, 160), nov(), &WhatIf::default()).headroom,
        None
    );
    let mut f = office(10, 0, 100);
    f.office.special_area = true;
    assert_eq!(compute(&f, nov(), &WhatIf::default()).headroom, None);
    // Under (II) the next threshold is 50.
    let c = compute(
        &office(71, 0, 160),
        nov(),
        &WhatIf {
            fee_schedule: Some(FeeSchedule::II),
            ..WhatIf::default()
        },
    );
    let h = c.headroom.unwrap();
    assert_eq!((h.threshold, h.care), (50, 8));
}

/// 62 care clients at 1.6 FTE (office 38.75): 28 with the first care manager (1.0), 34 with the
/// second (0.6, i.e. 56.67 per FTE).
fn lopsided() -> Facts {
    let mut f = office(62, 0, 100);
    f.staff.push(StaffFact {
        id: 2,
        name: "二宮".into(),
        role: StaffRole::CareManager,
        fte_history: vec![(d("2015-01-01"), Fte::from_hundredths(60))],
    });
    for c in f.clients.iter_mut().skip(28) {
        c.care_managers = vec![(d("2020-01-01"), 2)];
    }
    f
}

#[test]
fn a_care_manager_far_above_the_office_gets_a_remark() {
    let c = compute(&lopsided(), nov(), &WhatIf::default());
    assert_eq!(c.caseload_hundredths, Some(3875));
    let remarks: Vec<&Warning> = c
        .warnings
        .iter()
        .filter(|w| w.code() == "care_manager_above_office")
        .collect();
    assert_eq!(remarks.len(), 1, "{:?}", c.warnings);
    assert_eq!(
        remarks[0].message(Lang::Ja),
        "二宮: 1人あたり56.67件で(ii)の境45件以上（事業所は38.75件）"
    );
    // Their own headroom: 34 at 0.6 is past 45 × 0.6 = 27, 60 × 0.6 = 36 → 1 more care client.
    let second = c.care_managers.iter().find(|m| m.staff_id == 2).unwrap();
    let h = second.headroom.unwrap();
    assert_eq!((h.band, h.care), (Band::Iii, 1));
    let first = c.care_managers.iter().find(|m| m.staff_id == 1).unwrap();
    assert_eq!(
        first.headroom.map(|h| (h.band, h.care)),
        Some((Band::Ii, 16))
    );
    // Eight moved to the first (36 at 1.0, 26 at 0.6 = 43.33): no one is at 45.
    let mut f = lopsided();
    for c in f.clients.iter_mut().skip(28).take(8) {
        c.care_managers = vec![(d("2020-01-01"), 1)];
    }
    let c = compute(&f, nov(), &WhatIf::default());
    assert!(
        c.warnings
            .iter()
            .all(|w| w.code() != "care_manager_above_office"),
        "{:?}",
        c.warnings
    );
    // Once the office itself is past every threshold there is nothing to compare with.
    let mut f = lopsided();
    f.staff[0].fte_history = vec![(d("2015-01-01"), Fte::from_hundredths(40))];
    let c = compute(&f, nov(), &WhatIf::default());
    assert_eq!(c.headroom, None);
    assert!(
        c.warnings
            .iter()
            .all(|w| w.code() != "care_manager_above_office")
    );
}

#[test]
fn support_clients_and_the_not_counted_are_listed_with_level_and_reason() {
    let mut f = office(2, 2, 100);
    f.clients[0].no_benefit_months = vec![nov()];
    f.clients[1].care_managers = vec![(d("2020-01-01"), 7)];
    let c = compute(
        &f,
        nov(),
        &WhatIf {
            add_support: 1,
            ..WhatIf::default()
        },
    );
    let support: Vec<_> = c
        .support
        .iter()
        .map(|s| (s.client_id, s.care_level))
        .collect();
    assert_eq!(
        support,
        vec![
            (Some(3), Some(CareLevel::Support1)),
            (Some(4), Some(CareLevel::Support1)),
            (None, None)
        ]
    );
    let n = &c.not_counted[0];
    assert_eq!(
        (n.client_id, n.reason, n.contract_date, n.care_manager),
        (
            1,
            NotCountedReason::NoBenefitManagement,
            d("2015-01-01"),
            Some(1)
        )
    );
    assert_eq!(c.what_if.add_support, 1);
    assert!(compute(&f, nov(), &WhatIf::default()).what_if.is_none());
}

#[test]
fn the_forecast_counts_clients_whose_certification_lapses_unrenewed() {
    let mut f = office(3, 1, 100);
    f.clients[0].certifications = vec![cert(CareLevel::Care1, "2025-01-01", "2026-12-31")];
    f.clients[3].certifications = vec![cert(CareLevel::Support1, "2025-01-01", "2027-01-31")];
    let months = forecast(&f, nov(), 3);
    let lapsed: Vec<u32> = months.iter().map(|m| m.lapsed).collect();
    assert_eq!(lapsed, vec![0, 1, 2]);
    assert_eq!(months[2].caseload.care_clients, 2);
}

proptest! {
    #[test]
    fn the_headroom_is_exactly_what_a_what_if_finds(
        care in 0usize..120, support in 0usize..40, fte_h in 1u32..300,
        ii in any::<bool>(), by_date in any::<bool>(),
    ) {
        let mut f = office(care, support, fte_h);
        if by_date {
            f.office.support_ordering = SupportOrdering::ByContractDate;
        }
        let s = if ii { FeeSchedule::II } else { FeeSchedule::I };
        let with = |add_care: i64, add_support: i64| compute(&f, nov(), &WhatIf {
            add_care, add_support, fee_schedule: Some(s), ..WhatIf::default()
        });
        let base = with(0, 0);
        let below = |c: &Caseload, t: u64| {
            100 * c.weighted_parts < c.rules.support_weight.den * t * u64::from(c.fte.hundredths())
        };
        match base.headroom {
            Some(h) => {
                let (n, m) = (h.care as i64, h.support as i64);
                prop_assert!(below(&with(n, 0), h.threshold));
                prop_assert!(!below(&with(n + 1, 0), h.threshold));
                prop_assert!(below(&with(0, m), h.threshold));
                prop_assert!(!below(&with(0, m + 1), h.threshold));
                // The next care client after the headroom is the first in the band.
                let next = with(n + 1, 0);
                prop_assert_eq!(next.clients.last().map(|c| c.band), Some(h.band));
                prop_assert_eq!(next.bands.get(h.band), base.bands.get(h.band) + 1);
            }
            None => prop_assert!(!below(&base, base.third_band_from())),
        }
    }
}

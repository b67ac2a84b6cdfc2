use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn id(s: &str) -> PeriodId {
    PeriodId::parse(s).unwrap()
}

fn book() -> &'static RuleBook {
    RuleBook::builtin()
}

fn rules() -> ConcentrationRules {
    book().tables()[0].concentration.clone().unwrap()
}

/// A provider of its own corporation `corp` (empty: none recorded).
fn provider(name: &str, corp: &str, number: &str) -> ProviderInfo {
    ProviderInfo {
        name: name.into(),
        corporation_name: corp.into(),
        corporation_number: number.into(),
    }
}

fn plan(client: i64, month: &str, lines: &[(&str, i64)]) -> PlanMonth {
    PlanMonth {
        client,
        month: d(month),
        lines: lines
            .iter()
            .map(|(t, p)| Line {
                service_type: t.to_string(),
                provider_id: *p,
            })
            .collect(),
    }
}

#[test]
fn the_compiled_in_tables_hold_the_published_rules() {
    let c = rules();
    assert_eq!((c.threshold_percent, c.cut_units), (80, 200));
    assert_eq!(c.services, ["11", "15", "78", "17"]);
    assert_eq!(c.first_half.from.to_string(), "03-01");
    assert_eq!(c.second_half.report_by.to_string(), "03-15");
    let june = book()
        .tables()
        .iter()
        .find(|t| t.from == d("2026-06-01"))
        .unwrap();
    assert_eq!(june.concentration.as_ref(), Some(&c));
}

#[test]
fn periods_run_march_to_august_and_september_to_the_end_of_february() {
    let h1 = period(book(), id("2026-H1")).unwrap();
    assert_eq!((h1.from, h1.to), (d("2026-03-01"), d("2026-08-31")));
    assert_eq!(h1.report_by, d("2026-09-15"));
    assert_eq!(
        (h1.applies_from, h1.applies_until),
        (d("2026-10-01"), d("2027-03-31"))
    );
    let h2 = period(book(), id("2026-H2")).unwrap();
    assert_eq!((h2.from, h2.to), (d("2026-09-01"), d("2027-02-28")));
    assert_eq!(h2.report_by, d("2027-03-15"));
    assert_eq!(
        (h2.applies_from, h2.applies_until),
        (d("2027-04-01"), d("2027-09-30"))
    );
    assert_eq!(h2.months().len(), 6);
    // A leap year: the second half ends on February 29.
    let leap = period(book(), id("2027-H2")).unwrap();
    assert_eq!(leap.to, d("2028-02-29"));
    assert_eq!(leap.report_by, d("2028-03-15"));
}

#[test]
fn a_day_falls_in_one_period_on_either_side_of_each_boundary() {
    let of = |s: &str| period_of(book(), d(s)).unwrap().id.code();
    assert_eq!(of("2026-02-28"), "2025-H2");
    assert_eq!(of("2026-03-01"), "2026-H1");
    assert_eq!(of("2026-08-31"), "2026-H1");
    assert_eq!(of("2026-09-01"), "2026-H2");
    assert_eq!(of("2027-01-15"), "2026-H2");
    assert_eq!(of("2028-02-29"), "2027-H2");
    assert_eq!(of("2028-03-01"), "2028-H1");
}

#[test]
fn period_names_parse_and_step() {
    assert_eq!(id("2026-h2"), id("２０２６－Ｈ２"));
    assert_eq!(id("2026-H2").next().code(), "2027-H1");
    assert_eq!(id("2026-H1").prev().code(), "2025-H2");
    for bad in ["2026-H3", "2026", "26-H1", "2026H1", ""] {
        assert!(PeriodId::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(id("2026-H2").label(Lang::Ja), "2026年 後期");
}

#[test]
fn the_threshold_is_compared_exactly_and_only_above_it_is_over() {
    assert!(!exceeds(799, 1000, 80), "79.9%");
    assert!(!exceeds(800, 1000, 80), "80.0% is not over 80%");
    assert!(exceeds(801, 1000, 80), "80.1%");
    assert!(!exceeds(4, 5, 80));
    assert!(exceeds(5, 6, 80));
    assert!(!exceeds(0, 0, 80));
    assert_eq!(percent_text(7996, 10000), "79.9", "cut off, not rounded");
    assert_eq!(percent_text(8001, 10000), "80.0");
    assert_eq!(percent_text(1, 3), "33.3");
    assert_eq!(share(4, 5), 0.8);
}

/// `n_top` of 1000 plans of 訪問介護 with corporation A, the rest with B.
fn thousand(n_top: i64) -> Worksheet {
    let providers: HashMap<i64, ProviderInfo> = [
        (1, provider("あさひ訪問介護", "社会福祉法人あさひ会", "")),
        (2, provider("ゆうひ訪問介護", "株式会社ゆうひ", "")),
    ]
    .into();
    // 1000 client-months: 167 clients over six months, less two.
    let plans: Vec<PlanMonth> = (0..1000)
        .map(|i| {
            let month = d("2026-09-01") + Months::new((i % 6) as u32);
            PlanMonth {
                client: i / 6,
                month,
                lines: vec![Line {
                    service_type: "11".into(),
                    provider_id: if i < n_top { 1 } else { 2 },
                }],
            }
        })
        .collect();
    let p = period(book(), id("2026-H2")).unwrap();
    worksheet(
        &rules(),
        d("2026-06-01"),
        p,
        &plans,
        &providers,
        &HashMap::new(),
    )
}

#[test]
fn shares_at_79_9_80_0_and_80_1_percent() {
    for (n, over, text) in [
        (799, false, "79.9"),
        (800, false, "80.0"),
        (801, true, "80.1"),
    ] {
        let w = thousand(n);
        let s = &w.services[0];
        assert_eq!(s.service_type, "11");
        assert_eq!(s.plans, 1000);
        let top = s.top().unwrap();
        assert_eq!(
            (top.name.as_str(), top.plans),
            ("社会福祉法人あさひ会", n as u64)
        );
        assert_eq!(s.over(w.threshold_percent), over, "{n}");
        assert_eq!(percent_text(top.plans, s.plans), text);
        assert_eq!(w.over().len(), usize::from(over));
    }
}

#[test]
fn months_on_the_periods_edges_count_in_their_own_period() {
    let providers: HashMap<i64, ProviderInfo> = [(1, provider("あさひ", "", ""))].into();
    // 2027-H2 ends on 2028-02-29: February 2028 counts there, March 2028 in 2028-H1.
    let plans = [
        plan(1, "2027-08-01", &[("11", 1)]),
        plan(1, "2027-09-01", &[("11", 1)]),
        plan(1, "2028-02-01", &[("11", 1)]),
        plan(1, "2028-03-01", &[("11", 1)]),
    ];
    let count = |p: &str| {
        let p = period(book(), id(p)).unwrap();
        worksheet(
            &rules(),
            d("2026-06-01"),
            p,
            &plans,
            &providers,
            &HashMap::new(),
        )
        .services[0]
            .plans
    };
    assert_eq!(count("2027-H1"), 1);
    assert_eq!(count("2027-H2"), 2);
    assert_eq!(count("2028-H1"), 1);
}

#[test]
fn corporations_group_providers_and_a_provider_without_one_counts_alone() {
    let providers: HashMap<i64, ProviderInfo> = [
        (
            1,
            provider(
                "ひまわり訪問介護 北",
                "社会福祉法人 ひまわり会",
                "7123456789012",
            ),
        ),
        // The same corporation, written without the space and without the number.
        (
            2,
            provider("ひまわり訪問介護 南", "社会福祉法人ひまわり会", ""),
        ),
        (3, provider("こもれび訪問介護", "", "")),
        (4, provider("こもれび訪問介護", "", "")),
        (5, provider("ひまわりデイ", "社会福祉法人ひまわり会", "")),
    ]
    .into();
    let plans = [
        // Two providers of one corporation in one plan: counted once.
        plan(1, "2026-09-01", &[("11", 1), ("11", 2), ("15", 5)]),
        // Two corporations for one service: counted for both.
        plan(2, "2026-09-01", &[("11", 2), ("11", 3)]),
        plan(3, "2026-10-01", &[("11", 4)]),
        plan(3, "2026-11-01", &[("13", 4)]),
        // Outside the period.
        plan(3, "2026-08-01", &[("11", 1)]),
    ];
    let notes: HashMap<String, String> =
        [("15".to_string(), "通所は地域に1法人のみ".to_string())].into();
    let p = period(book(), id("2026-H2")).unwrap();
    let w = worksheet(&rules(), d("2026-06-01"), p, &plans, &providers, &notes);
    let help = &w.services[0];
    assert_eq!(help.plans, 3);
    let names: Vec<(&str, u64, bool)> = help
        .corporations
        .iter()
        .map(|c| (c.name.as_str(), c.plans, c.own))
        .collect();
    assert_eq!(names[0].1, 2);
    assert!(names[0].0.contains("ひまわり会"));
    assert_eq!(help.corporations[0].number, "7123456789012");
    // Two providers of the same name but no corporation are two corporations of their own.
    assert_eq!(
        &names[1..],
        &[("こもれび訪問介護", 1, true), ("こもれび訪問介護", 1, true)]
    );
    assert!(!help.over(80));
    let day = &w.services[1];
    assert_eq!((day.plans, day.note.as_str()), (1, "通所は地域に1法人のみ"));
    assert!(day.over(80), "one plan of one corporation is 100%");
    assert!(w.has_own());
    // 78 and 17 are listed even with no plans.
    assert_eq!(w.services.len(), 4);
    assert_eq!(w.services[2].plans, 0);
    assert!(!w.services[2].over(80));
}

#[test]
fn the_report_is_due_from_thirty_days_before_until_its_day() {
    let due = |s: &str| report_due(book(), d(s)).map(|p| p.id.code());
    assert_eq!(due("2026-08-15"), None);
    assert_eq!(due("2026-08-16"), Some("2026-H1".into()));
    assert_eq!(due("2026-09-15"), Some("2026-H1".into()));
    assert_eq!(due("2026-09-16"), None);
    assert_eq!(due("2027-02-12"), None);
    assert_eq!(due("2027-02-13"), Some("2026-H2".into()));
    assert_eq!(due("2027-03-15"), Some("2026-H2".into()));
}

/// Months after today's month are projected from the plans in force (見込み); the month in
/// progress is not. The report date passes the day after it.
#[test]
fn months_after_today_are_projected_and_the_report_date_passes_after_its_day() {
    let h2 = period(book(), id("2026-H2")).unwrap();
    let ym = |ms: Vec<NaiveDate>| -> Vec<String> {
        ms.iter().map(|m| m.format("%Y-%m").to_string()).collect()
    };
    assert_eq!(
        ym(h2.projected_months(d("2026-12-02"))),
        ["2027-01", "2027-02"]
    );
    assert_eq!(
        ym(h2.projected_months(d("2026-12-31"))),
        ["2027-01", "2027-02"]
    );
    assert_eq!(ym(h2.projected_months(d("2027-01-01"))), ["2027-02"]);
    assert!(h2.projected_months(d("2027-02-01")).is_empty());
    assert_eq!(
        h2.projected_months(d("2026-08-31")).len(),
        6,
        "not begun: all"
    );
    assert!(!h2.report_passed(d("2027-03-15")));
    assert!(h2.report_passed(d("2027-03-16")));
}

#[test]
fn the_contract_explanation_covers_the_six_months_before() {
    let providers: HashMap<i64, ProviderInfo> = (1..=5)
        .map(|i| (i, provider(&format!("事業所{i}"), "", "")))
        .collect();
    let mut plans = vec![
        plan(1, "2026-05-01", &[("11", 1)]), // before the six months
        plan(1, "2026-12-01", &[("11", 1)]), // the month itself
    ];
    for (c, m) in [
        (1, "2026-06-01"),
        (2, "2026-07-01"),
        (3, "2026-11-01"),
        (4, "2026-11-01"),
    ] {
        plans.push(plan(c, m, &[("11", c), ("17", 5)]));
    }
    plans.push(plan(5, "2026-08-01", &[("11", 1), ("13", 2)]));
    plans.push(plan(6, "2026-08-01", &[("13", 2)]));
    let e = explanation(&rules(), d("2026-12-02"), &plans, &providers);
    assert_eq!((e.from, e.to), (d("2026-06-01"), d("2026-11-30")));
    assert_eq!(e.plans, 6);
    let help = &e.services[0];
    assert_eq!(help.plans, 5);
    assert_eq!(help.top.len(), 3);
    assert_eq!(help.top[0], ("事業所1".to_string(), 2));
    let rental = &e.services[3];
    assert_eq!((rental.service_type.as_str(), rental.plans), ("17", 4));
    assert_eq!(rental.top, [("事業所5".to_string(), 4)]);
}

#[test]
fn month_days_are_days_of_every_year() {
    assert_eq!(MonthDay::parse("09-15").unwrap().to_string(), "09-15");
    assert!(MonthDay::parse("02-29").is_err());
    assert!(MonthDay::parse("13-01").is_err());
    assert!(MonthDay::parse("0915").is_err());
    let md = MonthDay::parse("03-15").unwrap();
    assert_eq!(md.on_or_after(d("2027-03-01")), d("2027-03-15"));
    assert_eq!(md.on_or_after(d("2027-03-16")), d("2028-03-15"));
}

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn compiled_in_tables_parse() {
    for text in COMPILED_IN {
        Rules::parse(text, Origin::CompiledIn).unwrap();
    }
    toml::from_str::<RawRevisions>(REVISIONS).unwrap();
    let book = RuleBook::builtin();
    assert_eq!(book.tables().len(), COMPILED_IN.len());
    assert_eq!(book.revisions()[0].on, d("2027-04-01"));
}

#[test]
fn the_2024_table_holds_the_published_numbers() {
    let r = RuleBook::builtin().in_force(d("2025-01-01")).rules;
    assert_eq!(r.from, d("2024-04-01"));
    assert_eq!(r.units(FeeSchedule::I, Band::Ii, CareLevel::Care4), 704);
    assert_eq!(r.units(FeeSchedule::II, Band::Iii, CareLevel::Care2), 316);
    assert_eq!(r.units(FeeSchedule::I, Band::I, CareLevel::Support1), 0);
    assert_eq!(
        (r.thresholds.second_band_i, r.thresholds.second_band_ii),
        (45, 50)
    );
    assert_eq!(r.thresholds.third_band, 60);
    assert_eq!(r.support_weight, Weight { num: 1, den: 3 });
    assert_eq!(
        (r.staffing.standard, r.staffing.with_exchange_and_clerk),
        (44, 49)
    );
    assert_eq!(r.unit_price(AreaGrade::G1, d("2025-01-31")), Some(1140));
    assert_eq!(r.unit_price(AreaGrade::Other, d("2025-01-31")), Some(1000));
    assert!(r.treatment_improvement.is_none());
    let june = RuleBook::builtin().in_force(d("2026-06-01")).rules;
    let t = june.treatment_improvement.as_ref().unwrap();
    assert_eq!(
        (t.rate_tenths_percent, t.exchange_route_until),
        (21, Some(d("2027-03-31")))
    );
}

#[test]
fn in_force_picks_the_table_of_the_months_end_and_flags_a_missing_revision() {
    let book = RuleBook::builtin();
    assert_eq!(book.in_force(d("2026-05-01")).rules.from, d("2024-04-01"));
    assert_eq!(book.in_force(d("2026-06-01")).rules.from, d("2026-06-01"));
    assert!(book.in_force(d("2027-03-01")).not_published.is_none());
    let april = book.in_force(d("2027-04-01"));
    assert_eq!(april.rules.from, d("2026-06-01"));
    assert_eq!(april.not_published.unwrap().on, d("2027-04-01"));
    // Months before the first table use it.
    assert_eq!(book.in_force(d("2020-01-01")).rules.from, d("2024-04-01"));

    let text = COMPILED_IN[1].replacen("from = \"2026-06-01\"", "from = \"2027-04-01\"", 1);
    let imported = Rules::parse(
        &text,
        Origin::Imported {
            at: "2027-01-20".into(),
            by: "office".into(),
        },
    )
    .unwrap();
    let book = book.with(vec![imported]);
    let april = book.in_force(d("2027-04-01"));
    assert_eq!(april.rules.from, d("2027-04-01"));
    assert!(april.not_published.is_none());
    assert_eq!(book.in_force(d("2027-03-01")).rules.from, d("2026-06-01"));
}

#[test]
fn an_imported_table_with_the_same_from_replaces_the_compiled_in_one() {
    let text = COMPILED_IN[0].replace("i_i = [1086, 1411]", "i_i = [1090, 1411]");
    let t = Rules::parse(
        &text,
        Origin::Imported {
            at: "x".into(),
            by: "y".into(),
        },
    )
    .unwrap();
    let book = RuleBook::builtin().with(vec![t]);
    assert_eq!(book.tables().len(), 2);
    let r = book.in_force(d("2025-01-01")).rules;
    assert_eq!(r.units(FeeSchedule::I, Band::I, CareLevel::Care1), 1090);
}

#[test]
fn weights_are_exact_fractions_or_refused() {
    assert_eq!(Weight::parse("1/3"), Ok(Weight { num: 1, den: 3 }));
    assert_eq!(Weight::parse("2/6"), Ok(Weight { num: 1, den: 3 }));
    assert_eq!(Weight::parse("0.5"), Ok(Weight { num: 1, den: 2 }));
    assert_eq!(Weight::parse("0"), Ok(Weight { num: 0, den: 1 }));
    for bad in [
        "1/0",
        "4/3",
        "0.3333333",
        "1/1001",
        "a/3",
        "",
        "-1/3",
        "1.5",
    ] {
        let e = Weight::parse(bad).unwrap_err();
        assert!(e.contains("support_weight"), "{bad}: {e}");
        assert!(e.contains("分数"), "{bad}: {e}");
    }
}

#[test]
fn a_broken_table_is_refused_saying_what_and_where() {
    let base = COMPILED_IN[1];
    let cases = [
        (
            base.replacen("from = \"2026-06-01\"", "from = \"2027-04-15\"", 1),
            "月の初日",
        ),
        (
            base.replace("third_band = 60", "third_band = 40"),
            "thresholds",
        ),
        (
            base.replace("standard = 44", "standard = 44\nextra = 1"),
            "extra",
        ),
        (
            base.replace("yen = \"11.40\"", "yen = \"11.4x\""),
            "unit_price[1].yen",
        ),
        (
            base.replace("grade = \"7\"", "grade = \"9\""),
            "unit_price[7].grade",
        ),
        (
            base.replace("rate = \"2.1%\"", "rate = \"2.1\""),
            "treatment_improvement.rate",
        ),
        (base.replace("i_ii = [544, 704]\n", ""), "i_ii"),
        (
            base.replace("support_weight = \"1/3\"", "support_weight = \"1/7000\""),
            "support_weight",
        ),
    ];
    for (text, says) in cases {
        let e = Rules::parse(&text, Origin::CompiledIn).unwrap_err();
        assert!(e.contains(says), "expected {says}: {e}");
    }
}

/// A table imported without `[concentration]` inherits the section of the table in force
/// before it, and exports it, so that the exported file imports to the same rules.
#[test]
fn a_table_without_concentration_inherits_it_and_exports_it() {
    let base = COMPILED_IN[1];
    let cut = base
        .find("\n# 特定事業所集中減算")
        .expect("the compiled-in table ends with its concentration section");
    let text = base[..cut].replacen("from = \"2026-06-01\"", "from = \"2027-04-01\"", 1);
    let imported = Rules::parse(
        &text,
        Origin::Imported {
            at: "x".into(),
            by: "y".into(),
        },
    )
    .unwrap();
    assert!(imported.concentration.is_none());
    assert_eq!(imported.export_text(), text, "nothing to inherit yet");
    let book = RuleBook::builtin().with(vec![imported]);
    let t = book.in_force(d("2027-04-01")).rules;
    assert_eq!(t.from, d("2027-04-01"));
    let june = book.in_force(d("2026-06-01")).rules;
    assert_eq!(t.concentration, june.concentration);
    assert_eq!(t.concentration_from, Some(d("2026-06-01")));
    // Exported, it carries the section, and reads back to the same rules, now its own.
    let exported = t.export_text();
    assert!(exported.contains("[concentration]"), "{exported}");
    assert!(exported.contains("2026-06-01 からの表の定めを引き継いだもの"));
    let again = Rules::parse(&exported, Origin::CompiledIn).unwrap();
    assert_eq!(again.concentration, june.concentration);
    assert_eq!(again.concentration_from, Some(d("2027-04-01")));
    assert_eq!(again.export_text(), exported);
    // A table that writes its own is exported as written.
    assert_eq!(june.export_text(), june.text);
}

#[test]
fn a_broken_concentration_section_is_refused_saying_where() {
    let base = COMPILED_IN[0];
    for (from, to, says) in [
        (
            "threshold_percent = 80",
            "threshold_percent = 100",
            "threshold_percent",
        ),
        (
            "\"78\", \"17\"]",
            "\"78\", \"99\"]",
            "concentration.services[4]",
        ),
        (
            "report_by = \"09-15\"",
            "report_by = \"02-29\"",
            "first_half.report_by",
        ),
        ("from = \"09-01\"", "from = \"09-02\"", "second_half.from"),
        ("cut_units = 200", "cut_units = 200\nextra = 1", "extra"),
    ] {
        let text = base.replace(from, to);
        assert_ne!(text, base, "{from}");
        let e = Rules::parse(&text, Origin::CompiledIn).unwrap_err();
        assert!(e.contains(says), "expected {says}: {e}");
    }
}

#[test]
fn the_operating_standard_cut_is_in_both_tables_and_an_import_may_inherit_it() {
    let book = RuleBook::builtin();
    for month in ["2026-05-01", "2026-06-01"] {
        let r = book.in_force(d(month)).rules;
        let c = r.operating_cut().unwrap();
        assert_eq!(
            (
                c.monitoring_months,
                c.video_home_visit_months,
                c.support_home_visit_months,
                c.support_video_home_visit_months
            ),
            (1, 2, 3, 6)
        );
        assert_eq!(c.shares_percent, [50, 100]);
        assert_eq!(c.rounding, Rounding::HalfUp);
        assert!(!r.operating_standard_cut_inherited);
    }
    // The compiled-in tables must hold it.
    let start = COMPILED_IN[1].find("[operating_standard_cut]").unwrap();
    let end = COMPILED_IN[1][start..].find("\n\n").unwrap() + start;
    let without = format!("{}{}", &COMPILED_IN[1][..start], &COMPILED_IN[1][end..]);
    assert!(
        Rules::parse(&without, Origin::CompiledIn)
            .unwrap_err()
            .contains("operating_standard_cut")
    );
    // An imported table may leave it out: it takes the one before it, and export writes it.
    let text = without.replacen("from = \"2026-06-01\"", "from = \"2027-04-01\"", 1);
    let t = Rules::parse(
        &text,
        Origin::Imported {
            at: "x".into(),
            by: "y".into(),
        },
    )
    .unwrap();
    assert!(t.operating_cut().is_none());
    let book = book.with(vec![t]);
    let april = book.in_force(d("2027-04-01")).rules;
    assert_eq!(april.from, d("2027-04-01"));
    assert!(april.operating_standard_cut_inherited);
    assert_eq!(april.operating_cut().unwrap().shares_percent, [50, 100]);
    let exported = april.export_text();
    assert!(exported.contains("[operating_standard_cut]"), "{exported}");
    let again = Rules::parse(
        &exported,
        Origin::Imported {
            at: "x".into(),
            by: "y".into(),
        },
    )
    .unwrap();
    assert_eq!(again.operating_cut(), april.operating_cut());
    // A bad share is refused, saying where.
    let bad = COMPILED_IN[1].replace("shares_percent = [50, 100]", "shares_percent = [50, 150]");
    assert!(
        Rules::parse(&bad, Origin::CompiledIn)
            .unwrap_err()
            .contains("shares_percent")
    );
}

#[test]
fn the_cut_units_are_a_share_of_the_base_rounded_half_up() {
    let c = RuleBook::builtin()
        .in_force(d("2026-06-01"))
        .rules
        .operating_cut()
        .unwrap()
        .clone();
    assert_eq!(c.units_cut(1411, 1), 706);
    assert_eq!(c.units_cut(1086, 1), 543);
    assert_eq!(c.units_cut(1411, 2), 1411);
    assert_eq!(c.units_cut(1411, 7), 1411, "the last share goes on");
    assert_eq!(c.units_cut(1411, 0), 0);
    assert_eq!(Rounding::Down.percent_of(1411, 50), 705);
    assert_eq!(Rounding::Up.percent_of(1411, 50), 706);
}

#[test]
fn the_kasan_rows_name_each_division_by_its_code_and_mark_the_unsure_ones() {
    for month in ["2024-04-01", "2026-12-01"] {
        let r = RuleBook::builtin().in_force(d(month)).rules;
        for key in CLIENT_KEYS.iter().chain(OFFICE_KEYS.iter()) {
            assert!(r.kasan.get(key).is_some(), "{month} {key}");
        }
        // (I)ロ and (II)イ are both 600: only the code tells them apart.
        let (a, b) = (
            r.kasan.get("taiin_1ro").unwrap(),
            r.kasan.get("taiin_2i").unwrap(),
        );
        assert_eq!((a.units, b.units), (600, 600));
        assert_eq!(r.kasan.by_code("436144").unwrap().key, "taiin_2i");
        assert_eq!(r.kasan.by_code("436143").unwrap().key, "taiin_1ro");
        assert!(r.kasan.get("nyuin_1").unwrap().unsure);
        assert!(!r.kasan.get("shokai").unwrap().unsure);
        let s = r.kasan.same_building_on(d(month)).unwrap();
        assert!(s.unsure);
        // 95/100 rounded half up: 1,086 → 1,032 (1,031.7), 1,411 → 1,340 (1,340.45).
        assert_eq!((s.units_after(1086), s.units_cut(1086)), (1032, 54));
        assert_eq!((s.units_after(1411), s.units_cut(1411)), (1340, 71));
    }
    // Before 2024-04 no table has them in force.
    let r = RuleBook::builtin().in_force(d("2024-03-01")).rules;
    assert!(r.kasan.same_building_on(d("2024-03-31")).is_none());
    assert!(r.kasan.on("shokai", d("2024-03-31")).is_none());
}

#[test]
fn a_table_without_kasan_inherits_them_and_exports_them() {
    let base = COMPILED_IN[1];
    let cut = base
        .find("\n# 同一建物減算")
        .expect("the compiled-in table ends with its kasan sections");
    let text = base[..cut]
        .replacen("from = \"2026-06-01\"", "from = \"2027-04-01\"", 1)
        .replace("i_i = [1086, 1411]", "i_i = [1090, 1420]");
    let imported = Rules::parse(
        &text,
        Origin::Imported {
            at: "x".into(),
            by: "y".into(),
        },
    )
    .unwrap();
    assert!(imported.kasan.rows.is_empty());
    let book = RuleBook::builtin().with(vec![imported]);
    let t = book.in_force(d("2027-04-01")).rules;
    let june = book.in_force(d("2026-06-01")).rules;
    assert_eq!(t.kasan, june.kasan);
    assert_eq!(t.kasan_from, Some(d("2026-06-01")));
    let exported = t.export_text();
    assert!(exported.contains("[[kasan]]") && exported.contains("[same_building]"));
    let again = Rules::parse(&exported, Origin::CompiledIn).unwrap();
    assert_eq!(again.kasan, june.kasan);
    assert_eq!(again.export_text(), exported);
}

#[test]
fn a_broken_kasan_row_is_refused_saying_which() {
    let bad = COMPILED_IN[0].replace("code = \"436144\"", "code = \"436143\"");
    let e = Rules::parse(&bad, Origin::CompiledIn).unwrap_err();
    assert!(e.contains("kasan[") && e.contains("436143"), "{e}");
    let bad = COMPILED_IN[0].replacen("key = \"tsuin\"", "key = \"tsuin_x\"", 1);
    let e = Rules::parse(&bad, Origin::CompiledIn).unwrap_err();
    assert!(e.contains("tsuin_x"), "{e}");
    let bad = COMPILED_IN[0].replace("rate = \"95/100\"", "rate = \"0.95\"");
    let e = Rules::parse(&bad, Origin::CompiledIn).unwrap_err();
    assert!(e.contains("same_building.rate"), "{e}");
}

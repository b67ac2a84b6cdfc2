//! The 特定事業所加算 conditions the records can prove for a month (kasan.md §A.7): the
//! office's 取扱件数 under the cap of the rules table, no 特定事業所集中減算 applying, and for
//! (I) the share of 要介護3–5. The other conditions (staffing as 常勤・専従, meetings, the
//! 24-hour system, training …) are office declarations the records cannot prove: listed as such.
//! Every figure comes from the rules table; the office panel and `careplan office tokutei` show
//! the same `Check`.

use super::Lang;
use super::renkei::Renkei;
use super::rules::KasanRule;
use chrono::NaiveDate;

/// The conditions careplan cannot check from its records (kasan.md §A.7 items 1–4, 6–8, 11–13).
pub const UNPROVABLE: [(&str, &str); 9] = [
    (
        "常勤・専従の主任介護支援専門員・介護支援専門員の人数",
        "full-time dedicated (chief) care managers",
    ),
    (
        "利用者の情報を伝える定期的な会議（おおむね週1回）",
        "regular (about weekly) meetings on clients",
    ),
    (
        "24時間連絡体制と必要に応じた相談",
        "24-hour contact system and consultation",
    ),
    (
        "介護支援専門員ごとの計画的な研修",
        "planned training for each care manager",
    ),
    (
        "地域包括支援センターから紹介された支援困難事例の受け入れ",
        "taking difficult cases referred by the community support center",
    ),
    (
        "ヤングケアラー・障害・生活困窮・難病などの事例検討会・研修への参加",
        "case conferences on young carers, disability, poverty, intractable disease",
    ),
    (
        "介護支援専門員の実務研修の実習への協力",
        "cooperation with the care-manager practicum",
    ),
    (
        "他の法人の居宅介護支援事業所との共同の事例検討会・研究会",
        "joint case conferences with another corporation's office",
    ),
    (
        "多様な主体（インフォーマルを含む）を含む計画",
        "plans including diverse (informal) support",
    ),
];

/// The 特定事業所集中減算 as it applies in the month: the period whose 減算適用期間 holds it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Concentration {
    /// The period named (e.g. "2026-H1"); None when no period's 適用期間 holds the month.
    pub period: Option<String>,
    /// The share over which a service counts (the rules table's threshold).
    pub threshold_percent: u32,
    /// Service types over the threshold without a 正当な理由 recorded.
    pub over: Vec<String>,
    /// Service types over the threshold with a 正当な理由 recorded (the 保険者 decides).
    pub excused: Vec<String>,
}

/// What the records say of the month, as the check reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub month: NaiveDate,
    /// The 区分 filed (`office_periods`) on the month's first day: tokutei_1 … tokutei_a.
    pub filed: Option<&'static str>,
    /// The office's 取扱件数 in hundredths (None: no care-manager FTE on record).
    pub caseload_hundredths: Option<u64>,
    /// 居宅介護支援費(II) applies in the month (the higher cap).
    pub fee_ii: bool,
    /// The month's 要介護 clients, and those of them at 要介護3–5.
    pub care_clients: u32,
    pub care_3_5: u32,
    pub concentration: Concentration,
}

pub use super::condition::Line;

/// The month's check against the rules row of the 区分 (the filed one, else (I)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub month: NaiveDate,
    /// The 区分 checked, and whether it is the one filed.
    pub key: String,
    pub name: String,
    pub filed: bool,
    pub lines: Vec<Line>,
    /// The figures are marked 要確認 in the rules table.
    pub unsure: bool,
    pub source: String,
    /// 特定事業所医療介護連携加算, which rides on it: `store::tokutei::check` fills it in (the
    /// conditions of this row alone leave it `NotFiled`).
    pub renkei: Renkei,
}

impl Check {
    /// Every condition the records can prove holds.
    pub fn all_ok(&self) -> bool {
        self.lines.iter().all(|l| l.ok)
    }
}

fn hundredths(h: u64) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

/// Checks `facts` against `rule` (the 区分's row of the rules table in force), in `lang`. None
/// when the row gives no caseload cap (a table without the conditions).
pub fn check(facts: &Facts, rule: &KasanRule, lang: Lang) -> Option<Check> {
    let cap = if facts.fee_ii {
        rule.caseload_cap_fee_ii.or(rule.caseload_cap)?
    } else {
        rule.caseload_cap?
    };
    let mut lines = Vec::new();
    let fee = if facts.fee_ii {
        lang.pick("（費(II)）", " (fee II)")
    } else {
        ""
    };
    lines.push(Line {
        what: match lang {
            Lang::Ja => format!("取扱件数が {cap} 未満{fee}"),
            Lang::En => format!("caseload under {cap}{fee}"),
        },
        ok: facts
            .caseload_hundredths
            .is_some_and(|h| h < u64::from(cap) * 100),
        figures: match facts.caseload_hundredths {
            Some(h) => match lang {
                Lang::Ja => format!("{} 件／常勤換算1人", hundredths(h)),
                Lang::En => format!("{} per care-manager FTE", hundredths(h)),
            },
            None => lang
                .pick(
                    "介護支援専門員の常勤換算が記録にありません",
                    "no care-manager FTE on record",
                )
                .to_string(),
        },
    });
    let c = &facts.concentration;
    lines.push(Line {
        what: lang
            .pick(
                "特定事業所集中減算の適用がない",
                "no concentration cut applying",
            )
            .to_string(),
        ok: c.over.is_empty(),
        figures: match (&c.period, lang) {
            (None, Lang::Ja) => "この月に適用される判定期間はありません".into(),
            (None, Lang::En) => "no period applies to this month".into(),
            (Some(p), Lang::Ja) => format!(
                "{p} の判定: {}%超 {} 種類{}",
                c.threshold_percent,
                c.over.len() + c.excused.len(),
                if c.excused.is_empty() {
                    String::new()
                } else {
                    format!(
                        "（正当な理由を記録 {}: {}）",
                        c.excused.len(),
                        c.excused.join("・")
                    )
                }
            ),
            (Some(p), Lang::En) => format!(
                "{p}: {} service type(s) over {}%{}",
                c.over.len() + c.excused.len(),
                c.threshold_percent,
                if c.excused.is_empty() {
                    String::new()
                } else {
                    format!(" ({} with a reason recorded)", c.excused.len())
                }
            ),
        },
    });
    if let Some(min) = rule.care_3_5_percent {
        let ok = facts.care_clients > 0
            && u64::from(facts.care_3_5) * 100 >= u64::from(min) * u64::from(facts.care_clients);
        let share = if facts.care_clients > 0 {
            format!(
                "{:.1}%",
                f64::from(facts.care_3_5) * 100.0 / f64::from(facts.care_clients)
            )
        } else {
            "—".into()
        };
        lines.push(Line {
            what: match lang {
                Lang::Ja => format!("要介護3〜5 が {min}% 以上"),
                Lang::En => format!("care levels 3–5 at least {min}%"),
            },
            ok,
            figures: match lang {
                Lang::Ja => format!(
                    "{} 人／要介護 {} 人 = {share}",
                    facts.care_3_5, facts.care_clients
                ),
                Lang::En => format!(
                    "{} of {} clients needing care = {share}",
                    facts.care_3_5, facts.care_clients
                ),
            },
        });
    }
    Some(Check {
        month: facts.month,
        key: rule.key.clone(),
        name: rule.name.clone(),
        filed: facts.filed == Some(rule.key.as_str()),
        lines,
        unsure: rule.conditions_unsure,
        source: rule.source.clone(),
        renkei: Renkei::NotFiled,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::{KasanRule, Per};

    fn rule(share: Option<u32>) -> KasanRule {
        KasanRule {
            key: "tokutei_1".into(),
            code: "434002".into(),
            name: "特定事業所加算(I)".into(),
            units: 519,
            per: Per::Office,
            limit: 1,
            window_days: None,
            lookback_months: None,
            min_days: None,
            from: "2024-04-01".into(),
            source: "test".into(),
            unsure: false,
            caseload_cap: Some(45),
            caseload_cap_fee_ii: Some(50),
            care_3_5_percent: share,
            conditions_unsure: true,
            receptions_min: None,
            terminal_min: None,
            count_end_month: None,
            count_months: None,
        }
    }

    fn facts(h: Option<u64>, fee_ii: bool, care: u32, heavy: u32) -> Facts {
        Facts {
            month: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            filed: Some("tokutei_1"),
            caseload_hundredths: h,
            fee_ii,
            care_clients: care,
            care_3_5: heavy,
            concentration: Concentration::default(),
        }
    }

    #[test]
    fn the_cap_is_strictly_under_and_higher_with_fee_ii() {
        let r = rule(None);
        let at_cap = check(&facts(Some(4500), false, 10, 4), &r, Lang::Ja).unwrap();
        assert!(!at_cap.lines[0].ok, "45.00 is not under 45");
        assert!(at_cap.lines[0].figures.contains("45.00"));
        let under = check(&facts(Some(4499), false, 10, 4), &r, Lang::Ja).unwrap();
        assert!(under.lines[0].ok);
        let fee_ii = check(&facts(Some(4800), true, 10, 4), &r, Lang::Ja).unwrap();
        assert!(fee_ii.lines[0].ok && fee_ii.lines[0].what.contains("50"));
        // No FTE on record proves nothing.
        assert!(
            !check(&facts(None, false, 10, 4), &r, Lang::Ja)
                .unwrap()
                .lines[0]
                .ok
        );
    }

    #[test]
    fn the_share_counts_only_where_the_row_gives_it() {
        let with = check(&facts(Some(3000), false, 10, 4), &rule(Some(40)), Lang::Ja).unwrap();
        assert_eq!(with.lines.len(), 3);
        assert!(with.lines[2].ok, "4 of 10 is 40%");
        let short = check(&facts(Some(3000), false, 10, 3), &rule(Some(40)), Lang::Ja).unwrap();
        assert!(!short.lines[2].ok && !short.all_ok());
        let without = check(&facts(Some(3000), false, 10, 0), &rule(None), Lang::En).unwrap();
        assert_eq!(without.lines.len(), 2);
        assert!(without.all_ok());
    }

    #[test]
    fn a_service_over_without_a_reason_fails_the_concentration_line() {
        let mut f = facts(Some(3000), false, 10, 5);
        f.concentration = Concentration {
            period: Some("2026-H1".into()),
            threshold_percent: 80,
            over: vec!["訪問介護".into()],
            excused: vec!["通所介護".into()],
        };
        let c = check(&f, &rule(Some(40)), Lang::Ja).unwrap();
        assert!(!c.lines[1].ok);
        assert!(c.lines[1].figures.contains("2 種類"));
        f.concentration.over.clear();
        assert!(check(&f, &rule(Some(40)), Lang::Ja).unwrap().lines[1].ok);
    }
}

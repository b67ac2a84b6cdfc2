//! 特定事業所医療介護連携加算 (kasan.md §A.8): over the count window (前々年度3月〜前年度2月) the
//! 退院・退所 連携回数 and the ターミナルケアマネジメント加算 claimed reach the rules table's
//! figures, and the month's 特定事業所加算 is (I)–(III), not (A). The figures and the window are
//! the `iryo_kaigo_renkei` row's; the office panel and `careplan office tokutei` show this check
//! under the 特定事業所加算 one.

use super::Lang;
use super::condition::Line;
use super::dates::month_end;
use super::rules::KasanRule;
use chrono::{Datelike, Months, NaiveDate};

/// The 特定事業所加算 区分 that carry it ((A) does not).
const QUALIFYING: [&str; 3] = ["tokutei_1", "tokutei_2", "tokutei_3"];

/// The window `rule` counts over for `month`: the `count_months` months ending with the last
/// `count_end_month` before the fiscal year (from April) of `month` begins. None when the row
/// gives no window.
pub fn window(month: NaiveDate, rule: &KasanRule) -> Option<(NaiveDate, NaiveDate)> {
    let end_month = rule.count_end_month?;
    let months = rule.count_months?;
    let fiscal_start = if month.month() >= 4 {
        month.year()
    } else {
        month.year() - 1
    };
    let end_year = if end_month < 4 {
        fiscal_start
    } else {
        fiscal_start - 1
    };
    let last = NaiveDate::from_ymd_opt(end_year, end_month, 1)?;
    let first = last.checked_sub_months(Months::new(months.checked_sub(1)?))?;
    Some((first, month_end(last)))
}

/// What the records say of the window and the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub month: NaiveDate,
    /// The window, both days inclusive.
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// A 医療介護連携 体制 period holds the month.
    pub filed: bool,
    /// The 特定事業所加算 区分 filed for the month, with its name in the check's language.
    pub tokutei: Option<(&'static str, String)>,
    /// Reception days (per stay) in the case record, from the switch-over on.
    pub receptions: u32,
    /// What the claims before the switch-over prove at least, and whether any such claim was
    /// read (then the total is a lower bound: 「以上」).
    pub receptions_floor: u32,
    pub floor_read: bool,
    /// ターミナルケアマネジメント加算: accepted here, and claimed in the imported claims (a
    /// client's month counted once).
    pub terminal_accepted: u32,
    pub terminal_claimed: u32,
}

/// What the panel shows for the 加算.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Renkei {
    /// Neither a 医療介護連携 period nor a 特定事業所加算 区分 holds the month.
    NotFiled,
    /// The rules table in force has no figures for it.
    NotInTable,
    Checked {
        name: String,
        filed: bool,
        lines: Vec<Line>,
        unsure: bool,
    },
}

/// The window as its months (it is whole months).
fn span(f: &Facts, lang: Lang) -> String {
    let (from, until) = (f.from.format("%Y-%m"), f.until.format("%Y-%m"));
    match lang {
        Lang::Ja => format!("{from}〜{until}"),
        Lang::En => format!("{from} to {until}"),
    }
}

/// Checks `facts` against the `iryo_kaigo_renkei` row `rule`, in `lang`.
pub fn check(facts: &Facts, rule: Option<&KasanRule>, lang: Lang) -> Renkei {
    if !facts.filed && facts.tokutei.is_none() {
        return Renkei::NotFiled;
    }
    let Some((rule, receptions_min, terminal_min)) =
        rule.and_then(|r| Some((r, r.receptions_min?, r.terminal_min?)))
    else {
        return Renkei::NotInTable;
    };
    let mut lines = Vec::new();
    let total = facts.receptions + facts.receptions_floor;
    let at_least = if facts.floor_read {
        lang.pick(" 以上", " or more")
    } else {
        ""
    };
    let floor = if facts.floor_read {
        match lang {
            Lang::Ja => format!(
                "（記録 {} 回 + 切替前の請求から {} 回以上）",
                facts.receptions, facts.receptions_floor
            ),
            Lang::En => format!(
                " ({} recorded + at least {} from claims before the switch-over)",
                facts.receptions, facts.receptions_floor
            ),
        }
    } else {
        String::new()
    };
    lines.push(Line {
        what: match lang {
            Lang::Ja => format!("退院・退所の連携回数 {receptions_min} 回以上"),
            Lang::En => format!("discharge information receptions ≥ {receptions_min}"),
        },
        ok: total >= receptions_min,
        figures: match lang {
            Lang::Ja => format!("{total} 回{at_least}{floor}  {}", span(facts, lang)),
            Lang::En => format!("{total}{at_least}{floor}  {}", span(facts, lang)),
        },
    });
    let terminal = facts.terminal_accepted + facts.terminal_claimed;
    lines.push(Line {
        what: match lang {
            Lang::Ja => format!("ターミナル加算の算定 {terminal_min} 回以上"),
            Lang::En => format!("terminal care management claims ≥ {terminal_min}"),
        },
        ok: terminal >= terminal_min,
        figures: match lang {
            Lang::Ja => format!(
                "{terminal} 回（承認 {}・請求 {}） {}",
                facts.terminal_accepted,
                facts.terminal_claimed,
                span(facts, lang)
            ),
            Lang::En => format!(
                "{terminal} ({} accepted, {} claimed) {}",
                facts.terminal_accepted,
                facts.terminal_claimed,
                span(facts, lang)
            ),
        },
    });
    let ym = facts.month.format("%Y-%m");
    lines.push(Line {
        what: lang
            .pick(
                "特定事業所加算が (I)〜(III)（(A) 不可）",
                "specified office addition (I)–(III), not (A)",
            )
            .to_string(),
        ok: facts
            .tokutei
            .as_ref()
            .is_some_and(|(k, _)| QUALIFYING.contains(k)),
        figures: match (&facts.tokutei, lang) {
            (Some((_, name)), Lang::Ja) => format!("届出: {name}"),
            (Some((_, name)), Lang::En) => format!("filed: {name}"),
            (None, Lang::Ja) => format!("{ym} の届出なし"),
            (None, Lang::En) => format!("none filed for {ym}"),
        },
    });
    Renkei::Checked {
        name: rule.name.clone(),
        filed: facts.filed,
        lines,
        unsure: rule.conditions_unsure || rule.unsure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::Per;

    fn rule() -> KasanRule {
        KasanRule {
            key: "iryo_kaigo_renkei".into(),
            code: "434005".into(),
            name: "特定事業所医療介護連携加算".into(),
            units: 125,
            per: Per::Office,
            limit: 1,
            window_days: None,
            lookback_months: None,
            min_days: None,
            from: "2024-04-01".into(),
            source: "test".into(),
            unsure: true,
            caseload_cap: None,
            caseload_cap_fee_ii: None,
            care_3_5_percent: None,
            conditions_unsure: true,
            receptions_min: Some(35),
            terminal_min: Some(15),
            count_end_month: Some(2),
            count_months: Some(12),
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_window_is_the_march_to_february_before_the_fiscal_year() {
        // FY2026 (2026-04 … 2027-03): 2025-03-01 … 2026-02-28.
        for m in ["2026-04-01", "2026-11-01", "2027-03-01"] {
            assert_eq!(
                window(d(m), &rule()),
                Some((d("2025-03-01"), d("2026-02-28"))),
                "{m}"
            );
        }
        // February of a leap year ends on the 29th.
        assert_eq!(
            window(d("2028-05-01"), &rule()),
            Some((d("2027-03-01"), d("2028-02-29")))
        );
    }

    #[test]
    fn nothing_filed_says_so_and_a_table_without_figures_says_that() {
        let f = Facts {
            month: d("2026-11-01"),
            from: d("2025-03-01"),
            until: d("2026-02-28"),
            filed: false,
            tokutei: None,
            receptions: 40,
            receptions_floor: 0,
            floor_read: false,
            terminal_accepted: 20,
            terminal_claimed: 0,
        };
        assert_eq!(check(&f, Some(&rule()), Lang::Ja), Renkei::NotFiled);
        let filed = Facts { filed: true, ..f };
        let mut bare = rule();
        bare.terminal_min = None;
        assert_eq!(check(&filed, Some(&bare), Lang::Ja), Renkei::NotInTable);
        assert_eq!(check(&filed, None, Lang::Ja), Renkei::NotInTable);
    }
}

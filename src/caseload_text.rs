//! The caseload as lines of text (gauges included), shared by the 件数 screen and
//! `careplan caseload`, so both say the same thing the same way.

use crate::domain::Lang;
use crate::domain::caseload::{Band, Caseload, ExchangeWorth, explain};
use crate::domain::dates::iso;
use crate::text::{pad_left, pad_right, thousands};

/// The thresholds a gauge marks, from the rules of the month (45, 50 and 60 since 2024-04).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    /// Where band (ii) starts under the schedule billed.
    pub first: u64,
    /// The other schedule's first threshold.
    pub other: u64,
    /// Where band (iii) starts.
    pub third: u64,
}

impl Marks {
    pub fn of(c: &Caseload) -> Marks {
        Marks {
            first: c.second_band_from(),
            other: c.other_band_from(),
            third: c.third_band_from(),
        }
    }
}

/// A text gauge of a caseload (clients per FTE) with the threshold marks: `|` where a band
/// starts under the schedule in force, `:` for the other schedule's first threshold. The marks
/// are characters, so they read without colour: `[█████░░░|░:░░|░░]`.
pub fn gauge(value_hundredths: Option<u64>, m: Marks, width: usize, ascii: bool) -> String {
    let width = width.max(4);
    let max = 70u64
        .max(m.third + 10)
        .max(value_hundredths.map(|v| v.div_ceil(100) + 5).unwrap_or(0));
    let col = |x: u64| ((x * width as u64) / max) as usize;
    let filled = value_hundredths
        .map(|v| col(v / 100).min(width))
        .unwrap_or(0);
    let (full, empty) = if ascii { ('#', '.') } else { ('█', '░') };
    let bar: String = (0..width)
        .map(|i| {
            if i == col(m.first) || i == col(m.third) {
                '|'
            } else if i == col(m.other) {
                ':'
            } else if i < filled {
                full
            } else {
                empty
            }
        })
        .collect();
    format!("[{bar}]")
}

/// The legend of `gauge`'s marks.
pub fn gauge_legend(m: Marks) -> String {
    format!("|{} :{} |{}", m.first, m.other, m.third)
}

/// The short mark of a month computed with an older table because the new one is not published
/// (件数's title, ホーム's gauge, the forecast), or None.
pub fn not_published_mark(c: &Caseload, lang: Lang) -> Option<String> {
    let r = c.rules.not_published.as_ref()?;
    Some(match lang {
        Lang::Ja => format!(
            "{}年{}月改定の単位数は未公表（{}からの表で計算）",
            r.on.format("%Y"),
            r.on.format("%-m"),
            crate::domain::dates::iso(c.rules.from)
        ),
        Lang::En => format!(
            "{} rules not published (computed with the table from {})",
            r.on.format("%Y-%m"),
            crate::domain::dates::iso(c.rules.from)
        ),
    })
}

pub fn hundredths(h: Option<u64>) -> String {
    h.map(|h| format!("{}.{:02}", h / 100, h % 100))
        .unwrap_or_else(|| "-".into())
}

/// +1,234 / -1,234.
pub fn signed(n: i64) -> String {
    if n >= 0 {
        format!("+{}", thousands(n as u64))
    } else {
        format!("-{}", thousands(n.unsigned_abs()))
    }
}

fn yes(b: bool) -> &'static str {
    if b { "✓" } else { "✗" }
}

/// The head of the month: schedule and conditions, counts, gauges, bands, rule, warnings.
pub fn head_lines(
    c: &Caseload,
    lang: Lang,
    width: usize,
    ascii: bool,
    care_manager_lines: usize,
) -> Vec<String> {
    let marks = Marks::of(c);
    let mut lines = vec![
        format!(
            "{}({})  {}{} {}{} {}{}  {} {}  {}",
            lang.pick("費", "Schedule "),
            c.fee_schedule.code(),
            lang.pick("届出", "filed "),
            yes(c.conditions.filed),
            lang.pick("連携", "exchange "),
            yes(c.conditions.exchange),
            lang.pick("事務職員", "clerk "),
            yes(c.conditions.clerk),
            lang.pick("人員基準", "staffing"),
            format_args!(
                "{}{}{}{}",
                lang.pick("1人あたり", "1 CM per "),
                c.staffing_per_care_manager,
                lang.pick("人 → 必要", " → need "),
                c.staffing_required
            ),
            if c.special_area {
                lang.pick("特別地域", "special area")
            } else {
                ""
            },
        ),
        format!(
            "{} {}  {} {}  {} {}  {} {}",
            lang.pick("常勤換算", "FTE"),
            c.fte,
            lang.pick("要介護", "care"),
            c.care_clients,
            lang.pick("要支援", "support"),
            c.support_clients,
            lang.pick("取扱件数", "caseload"),
            hundredths(c.caseload_hundredths),
        ),
    ];
    let label_w = 14;
    let gauge_w = width.saturating_sub(label_w + 26).min(50);
    lines.push(format!(
        "{} {} {}  {}",
        pad_right(lang.pick("事業所", "Office"), label_w),
        gauge(c.caseload_hundredths, marks, gauge_w, ascii),
        pad_left(&hundredths(c.caseload_hundredths), 6),
        gauge_legend(marks),
    ));
    for m in c.care_managers.iter().take(care_manager_lines) {
        lines.push(format!(
            "{} {} {}",
            pad_right(&m.name, label_w),
            gauge(m.load_hundredths, marks, gauge_w, ascii),
            pad_left(&hundredths(m.load_hundredths), 6),
        ));
    }
    if c.care_managers.len() > care_manager_lines {
        lines.push(format!(
            "{} +{}",
            pad_right("", label_w),
            c.care_managers.len() - care_manager_lines
        ));
    }
    let units_in = |b: Band| {
        c.clients
            .iter()
            .filter(|x| x.band == b)
            .map(|x| u64::from(x.units))
            .sum::<u64>()
    };
    let bands: Vec<String> = Band::ALL
        .iter()
        .map(|b| {
            format!(
                "{} {}{} {}{}",
                b.label(),
                c.bands.get(*b),
                lang.pick("人", ""),
                thousands(units_in(*b)),
                lang.pick("単位", "u")
            )
        })
        .collect();
    lines.push(bands.join(if ascii { " | " } else { " │ " }));
    lines.push(format!(
        "{} {}{}  {}",
        lang.pick("計", "Total"),
        thousands(c.units_total),
        lang.pick("単位", " units"),
        match (c.yen_total, c.unit_price_hundredths) {
            (Some(y), Some(p)) => format!(
                "{}{} ({}.{:02}{})",
                thousands(y),
                lang.pick("円", " yen"),
                p / 100,
                p % 100,
                lang.pick("円/単位", " yen/unit")
            ),
            _ => String::new(),
        }
    ));
    // The rule is long: its sentence about ordering goes on a line of its own.
    let rule = explain(c, lang);
    let mut parts = rule.splitn(2, ['。', ';']);
    lines.push(format!(
        "{} {}",
        lang.pick("規則:", "Rule:"),
        parts.next().unwrap_or_default()
    ));
    if let Some(rest) = parts.next() {
        lines.push(format!("      {}", rest.trim()));
    }
    for w in &c.warnings {
        lines.push(format!("⚠ {}", w.message(lang)));
    }
    lines
}

/// What the exchange is worth to the office in the month, each part dated by its rules table:
/// shared by the 加入 tab's office panel and `careplan enrollment report`. Lines fit 80 columns.
pub fn worth_lines(w: &ExchangeWorth, lang: Lang) -> Vec<String> {
    let from = iso(w.rules.from);
    let per_month = |units: i64, yen: Option<i64>| match (lang, yen) {
        (Lang::Ja, Some(y)) => format!("{}単位 = {}円/月", signed(units), signed(y)),
        (Lang::Ja, None) => format!("{}単位/月", signed(units)),
        (Lang::En, Some(y)) => format!("{} units = {} yen/month", signed(units), signed(y)),
        (Lang::En, None) => format!("{} units/month", signed(units)),
    };
    let mut lines = vec![match lang {
        Lang::Ja => format!(
            "連携の価値（{}・現在の件数・規則表 {from}〜）",
            w.month.format("%Y年%m月")
        ),
        Lang::En => format!(
            "The exchange's worth ({}, current caseload, rules from {from})",
            w.month.format("%Y-%m")
        ),
    }];
    if let Some(m) = &w.rules.not_published {
        lines.push(match lang {
            Lang::Ja => format!(
                "  ※ {}（{}）は未公表: {from}〜の表で計算",
                m.name,
                iso(m.on)
            ),
            Lang::En => format!(
                "  ※ {} ({}) not published: the table from {from}",
                m.name,
                iso(m.on)
            ),
        });
    }
    lines.push(match &w.fee {
        Some(f) => format!(
            "{}{}{}",
            lang.pick("  費(II)−(I): ", "  (II) − (I): "),
            per_month(f.units_gain(), f.yen_gain()),
            lang.pick("（届出・事務職員も要件）", " (also filing, clerk)")
        ),
        None => lang
            .pick(
                "  費(II): この月の規則表にありません",
                "  (II): not in the month's rules",
            )
            .into(),
    });
    if let Some((a, b)) = w.fee.as_ref().and_then(|f| f.room_i.zip(f.room_ii)) {
        lines.push(match lang {
            Lang::Ja => {
                format!("    (i)のまま受けられる要介護の利用者: (I) あと{a}人 / (II) あと{b}人")
            }
            Lang::En => format!("    care clients still in band (i): (I) {a} more / (II) {b} more"),
        });
    }
    let s = w.staffing;
    lines.push(match lang {
        Lang::Ja => format!(
            "  人員基準: 1人{}人で{}人必要（{}人なら{}人）",
            s.with_exchange_and_clerk,
            s.required_with_exchange_and_clerk,
            s.standard,
            s.required_standard
        ),
        Lang::En => format!(
            "  Staffing: {} care managers at 1 per {} ({} at 1 per {})",
            s.required_with_exchange_and_clerk,
            s.with_exchange_and_clerk,
            s.required_standard,
            s.standard
        ),
    });
    match &w.treatment {
        Some(t) => {
            lines.push(format!(
                "  {}{}（{}〜）: {}",
                lang.pick("処遇改善加算", "処遇改善加算 "),
                t.rule.rate_text(),
                iso(t.rule.from),
                per_month(t.units as i64, t.yen.map(|y| y as i64))
            ));
            if let Some(u) = t.rule.exchange_route_until {
                lines.push(match (lang, t.exchange_route_open) {
                    (Lang::Ja, true) => {
                        format!(
                            "    連携への加入（誓約でも可）で要件を満たせるのは {} まで",
                            iso(u)
                        )
                    }
                    (Lang::Ja, false) => {
                        format!(
                            "    連携による要件は {} で終了（キャリアパス要件で算定）",
                            iso(u)
                        )
                    }
                    (Lang::En, true) => {
                        format!(
                            "    joining (or pledging to) the exchange qualifies until {}",
                            iso(u)
                        )
                    }
                    (Lang::En, false) => {
                        format!(
                            "    the exchange route ended {}; career-path conditions only",
                            iso(u)
                        )
                    }
                });
            }
        }
        None => lines.push(
            lang.pick(
                "  処遇改善加算: この月の規則表にありません",
                "  処遇改善加算: not in the month's rules",
            )
            .into(),
        ),
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::{Marks, gauge, gauge_legend};

    #[test]
    fn gauge_marks_thresholds_in_text() {
        let i = Marks {
            first: 45,
            other: 50,
            third: 60,
        };
        let ii = Marks {
            first: 50,
            other: 45,
            third: 60,
        };
        // 14 columns for 0–70: a column is 5 clients; 45 → column 9, 50 → 10, 60 → 12.
        assert_eq!(gauge(Some(4500), i, 14, true), "[#########|:.|.]");
        assert_eq!(gauge(Some(1000), ii, 14, true), "[##.......:|.|.]");
        assert_eq!(gauge(None, i, 14, true), "[.........|:.|.]");
        assert_eq!(gauge_legend(i), "|45 :50 |60");
        // Another table's thresholds move the marks: 40/50/55 over 0–70.
        let other = Marks {
            first: 40,
            other: 50,
            third: 55,
        };
        assert_eq!(gauge(None, other, 14, true), "[........|.:|..]");
        assert_eq!(gauge_legend(other), "|40 :50 |55");
    }
}

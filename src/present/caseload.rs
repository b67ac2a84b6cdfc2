//! The caseload as lines of text (gauges included), shared by the 件数 screen and
//! `careplan caseload`, so both say the same thing the same way.

use crate::domain::Lang;
use crate::domain::caseload::{
    Band, Caseload, ExchangeWorth, FeeSchedule, ForecastMonth, Headroom, explain,
};
use crate::domain::dates::iso;
use crate::present::text::{pad_left, pad_right, thousands};

/// The thresholds a gauge marks, from the rules of the month (45, 50 and 60 since 2024-04).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    /// Where band (ii) starts under the schedule billed.
    pub first: u64,
    /// The other schedule's first threshold.
    pub other: u64,
    /// Where band (iii) starts.
    pub third: u64,
    /// The schedule whose first threshold `other` is.
    pub other_schedule: FeeSchedule,
}

impl Marks {
    pub fn of(c: &Caseload) -> Marks {
        Marks {
            first: c.second_band_from(),
            other: c.other_band_from(),
            third: c.third_band_from(),
            other_schedule: match c.fee_schedule {
                FeeSchedule::I => FeeSchedule::II,
                FeeSchedule::II => FeeSchedule::I,
            },
        }
    }

    /// The marks in threshold order: (value, mark, what it is).
    fn ordered(self, lang: Lang) -> Vec<(u64, char, String)> {
        let mut v = vec![
            (
                self.first,
                '|',
                format!("(ii){}", lang.pick("の境", " starts")),
            ),
            (
                self.other,
                ':',
                match lang {
                    Lang::Ja => format!("費({})なら(ii)の境", self.other_schedule.code()),
                    Lang::En => format!("(ii) under ({})", self.other_schedule.code()),
                },
            ),
            (
                self.third,
                '|',
                format!("(iii){}", lang.pick("の境", " starts")),
            ),
        ];
        v.sort_by_key(|(t, mark, _)| (*t, *mark == ':'));
        v
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

/// The legend of `gauge`'s marks, in threshold order (short: `:45 |50 |60`).
pub fn gauge_legend(m: Marks) -> String {
    m.ordered(Lang::En)
        .iter()
        .map(|(t, mark, _)| format!("{mark}{t}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The mark of figures computed with a what-if (件数's title and head, the table's head).
pub fn what_if_mark(lang: Lang) -> &'static str {
    lang.pick("【試算中】", "[WHAT-IF]")
}

/// The legend with what each mark is, in threshold order, and the what-if's fill when one is on:
/// `目盛 :45 費(I)なら(ii)の境  |50 (ii)の境  |60 (iii)の境`.
pub fn legend_line(m: Marks, lang: Lang, what_if: bool, ascii: bool) -> String {
    let mut parts: Vec<String> = m
        .ordered(lang)
        .into_iter()
        .map(|(t, mark, what)| format!("{mark}{t} {what}"))
        .collect();
    if what_if {
        parts.push(format!(
            "{} {}",
            if ascii { '=' } else { '▓' },
            lang.pick("試算", "what-if")
        ));
    }
    format!("{} {}", lang.pick("目盛", "Marks"), parts.join("  "))
}

/// How far a gauge is from its next threshold: `(ii)まで あと要介護26人・要支援78人`.
pub fn headroom_text(
    h: Option<Headroom>,
    load: Option<u64>,
    special_area: bool,
    lang: Lang,
) -> String {
    match (h, load) {
        (Some(h), _) => match lang {
            Lang::Ja => format!(
                "{}まで あと要介護{}人・要支援{}人",
                h.band.label(),
                h.care,
                h.support
            ),
            Lang::En => format!(
                "to {}: {} care / {} support",
                h.band.label(),
                h.care,
                h.support
            ),
        },
        (None, Some(_)) if !special_area => lang
            .pick("(iii)の境を超えています", "past the (iii) line")
            .into(),
        _ => String::new(),
    }
}

/// The forecast's assumption in one line, with how many of this month's clients drop out by the
/// last month shown because their certification ends and no renewal is recorded.
pub fn forecast_assumption(ahead: &[ForecastMonth], lang: Lang) -> Option<String> {
    let last = ahead.last()?;
    let n = last.lapsed;
    Some(match lang {
        Lang::Ja => format!(
            "前提: 認定が切れ更新の記録がない人は数えない（{}までに{n}人）・試算を含めない",
            last.caseload.month.format("%-m月")
        ),
        Lang::En => format!(
            "Assumes: unrenewed certifications stop counting ({n} by {}); no what-if",
            last.caseload.month.format("%b")
        ),
    })
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

/// The bands billed in a month whose claims were moved in, beside careplan's, in one line:
/// `請求した区分（伝送ファイル） (i) 40 (ii) 5 (iii) 0・計算と違う 2人`. None without claims.
pub fn billed_line(c: &Caseload, lang: Lang) -> Option<String> {
    let b = c.billed?;
    let bands = format!(
        "(i) {} (ii) {} (iii) {}",
        b.bands.i, b.bands.ii, b.bands.iii
    );
    let mut line = match lang {
        Lang::Ja => format!(
            "請求した区分（伝送ファイル） {bands}・計算と違う {}人",
            b.differing
        ),
        Lang::En => format!(
            "Bands billed (transmission files) {bands}; {} differ from careplan's",
            b.differing
        ),
    };
    if b.billed_not_counted > 0 {
        line.push_str(&match lang {
            Lang::Ja => format!("・区分を数えない利用者への請求 {}人", b.billed_not_counted),
            Lang::En => format!("; {} billed but not counted", b.billed_not_counted),
        });
    }
    Some(line)
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

/// What a line of the month's head is: the 件数 screen keeps the parts that matter most when its
/// height is short (see [`HeadPart::rank`]); the command prints them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadPart {
    Conditions,
    Counts,
    OfficeGauge,
    CareManagerGauge,
    Legend,
    Bands,
    Total,
    Rule,
    Warning,
}

impl HeadPart {
    /// Lower first: what a short screen keeps. The office's state and the warnings come before
    /// the explanations (the legend and the rule, which `?` and the command spell out too).
    pub fn rank(self) -> u8 {
        match self {
            HeadPart::Conditions | HeadPart::Counts | HeadPart::OfficeGauge => 0,
            HeadPart::Warning => 1,
            HeadPart::Bands | HeadPart::Total => 2,
            HeadPart::CareManagerGauge => 4,
            HeadPart::Legend => 5,
            HeadPart::Rule => 6,
        }
    }
}

/// The head of the month: schedule and conditions, counts, gauges, bands, rule, warnings.
pub fn head_lines(
    c: &Caseload,
    lang: Lang,
    width: usize,
    ascii: bool,
    care_manager_lines: usize,
) -> Vec<String> {
    head_parts(c, lang, width, ascii, care_manager_lines)
        .into_iter()
        .map(|(_, s)| s)
        .collect()
}

/// [`head_lines`], each line with what it is.
pub fn head_parts(
    c: &Caseload,
    lang: Lang,
    width: usize,
    ascii: bool,
    care_manager_lines: usize,
) -> Vec<(HeadPart, String)> {
    let mut lines = Vec::new();
    let mut push = |part: HeadPart, s: String| lines.push((part, s));
    let marks = Marks::of(c);
    let what_if = !c.what_if.is_none();
    push(
        HeadPart::Conditions,
        format!(
            "{}{}{}({})  {}{} {}{} {}{}  {} {}  {}",
            if what_if { what_if_mark(lang) } else { "" },
            if what_if && lang == Lang::En { " " } else { "" },
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
    );
    push(
        HeadPart::Counts,
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
    );
    // Label, gauge, value and the headroom text (about 36 columns) on one row.
    let label_w = 12;
    let gauge_w = width.saturating_sub(label_w + 12 + 36).clamp(10, 50);
    // A what-if fills its gauges with another character, so they read as one without colour.
    let bar = |v: Option<u64>| {
        let g = gauge(v, marks, gauge_w, ascii);
        if what_if {
            g.replace('█', "▓").replace('#', "=")
        } else {
            g
        }
    };
    let row = |label: &str, v: Option<u64>, h: Option<Headroom>| {
        format!(
            "{} {} {}  {}",
            pad_right(label, label_w),
            bar(v),
            pad_left(&hundredths(v), 6),
            headroom_text(h, v, c.special_area, lang),
        )
    };
    push(
        HeadPart::OfficeGauge,
        row(
            lang.pick("事業所", "Office"),
            c.caseload_hundredths,
            c.headroom,
        ),
    );
    for m in c.care_managers.iter().take(care_manager_lines) {
        push(
            HeadPart::CareManagerGauge,
            row(&m.name, m.load_hundredths, m.headroom),
        );
    }
    if c.care_managers.len() > care_manager_lines {
        push(
            HeadPart::CareManagerGauge,
            format!(
                "{} +{}",
                pad_right("", label_w),
                c.care_managers.len() - care_manager_lines
            ),
        );
    }
    push(HeadPart::Legend, legend_line(marks, lang, what_if, ascii));
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
    push(
        HeadPart::Bands,
        bands.join(if ascii { " | " } else { " │ " }),
    );
    push(
        HeadPart::Total,
        format!(
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
        ),
    );
    // The rule is long: its sentence about ordering goes on a line of its own.
    let rule = explain(c, lang);
    let mut parts = rule.splitn(2, ['。', ';']);
    push(
        HeadPart::Rule,
        format!(
            "{} {}",
            lang.pick("規則:", "Rule:"),
            parts.next().unwrap_or_default()
        ),
    );
    if let Some(rest) = parts.next() {
        push(HeadPart::Rule, format!("      {}", rest.trim()));
    }
    for w in &c.warnings {
        push(HeadPart::Warning, format!("⚠ {}", w.message(lang)));
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
            let gain = per_month(t.units as i64, t.yen.map(|y| y as i64));
            lines.push(match lang {
                Lang::Ja => format!(
                    "  処遇改善加算{}（{}〜）: {gain}",
                    t.rule.rate_text(),
                    iso(t.rule.from)
                ),
                Lang::En => format!(
                    "  Wage-improvement add-on {} (from {}): {gain}",
                    t.rule.rate_text(),
                    iso(t.rule.from)
                ),
            });
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

/// The width of the money lines' labels: the figures line up after it.
const LABEL_WIDTH: usize = 22;

/// The month's money as separate lines (base, 同一建物減算, 加算 candidates, 減算 at risk, the
/// 処遇改善加算 on their sum, the total), as 件数 and `careplan caseload` show them.
pub fn money_lines(m: &crate::domain::month_money::MonthMoney, lang: Lang) -> Vec<String> {
    use crate::domain::month_money::Line;
    let yen = |l: &Line| {
        l.yen
            .map(|y| format!("  {}{}", thousands(y), lang.pick("円", " yen")))
            .unwrap_or_default()
    };
    let row = |label: &str, sign: &str, l: &Line, count: Option<&str>| {
        format!(
            "  {} {sign}{}{}{}{}",
            crate::present::text::pad_right(label, LABEL_WIDTH),
            thousands(l.units),
            lang.pick("単位", " units"),
            yen(l),
            count
                .map(|c| {
                    format!(
                        "{}{}{c}{}",
                        lang.pick("（", " ("),
                        l.count,
                        lang.pick("）", ")")
                    )
                })
                .unwrap_or_default()
        )
    };
    let mut lines = vec![lang.pick("金額の内訳", "Money by line").to_string()];
    lines.push(row(
        lang.pick("基本（居宅介護支援費）", "base fee"),
        "",
        &m.base,
        Some(lang.pick("人", " clients")),
    ));
    lines.push(row(
        &format!(
            "{}{}",
            lang.pick("同一建物減算", "same-bldg cut"),
            // Short enough that the label and its mark fit the label column (22).
            if m.same_building_unsure {
                lang.pick("【要確認】", " [unsure]")
            } else {
                ""
            }
        ),
        "−",
        &m.same_building,
        Some(lang.pick("人", " clients")),
    ));
    lines.push(row(
        lang.pick("加算の候補", "addition candidates"),
        "+",
        &m.kasan,
        Some(lang.pick("件", " items")),
    ));
    lines.push(row(
        lang.pick("運営基準減算のおそれ", "process cut at risk"),
        "−",
        &m.cut_at_risk,
        Some(lang.pick("人", " clients")),
    ));
    if let (Some(t), Some(rate)) = (&m.treatment, &m.treatment_rate) {
        lines.push(row(
            &format!(
                "{}{rate}",
                lang.pick("処遇改善加算 ", "treatment improvement ")
            ),
            "+",
            t,
            None,
        ));
    }
    lines.push(format!(
        "  {} {}{}{}",
        crate::present::text::pad_right(lang.pick("計（見込み）", "total (estimate)"), LABEL_WIDTH),
        thousands(m.total_units),
        lang.pick("単位", " units"),
        m.total_yen
            .map(|y| format!("  {}{}", thousands(y), lang.pick("円", " yen")))
            .unwrap_or_default()
    ));
    lines
}

/// The money by line in one line, for the 件数 screen's head (short labels: the lines above it
/// name the 減算 at risk, and `careplan caseload` gives the lines in full).
pub fn money_line(m: &crate::domain::month_money::MonthMoney, lang: Lang) -> String {
    let mut s = format!(
        "{}{} −{}{} +{}{} −{}{}",
        lang.pick("基本", "base "),
        thousands(m.base.units),
        lang.pick("同一建物", "same bldg "),
        thousands(m.same_building.units),
        lang.pick("加算", "additions "),
        thousands(m.kasan.units),
        lang.pick("減算", "cut risk "),
        thousands(m.cut_at_risk.units),
    );
    if let Some(t) = &m.treatment {
        s.push_str(&format!(
            " +{}{}",
            lang.pick("処遇", "treat. "),
            thousands(t.units)
        ));
    }
    s.push_str(&format!(
        " ={}{}",
        thousands(m.total_units),
        lang.pick("単位", "u")
    ));
    if let Some(y) = m.total_yen {
        s.push_str(&format!(" {}{}", thousands(y), lang.pick("円", " yen")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{LABEL_WIDTH, Marks, gauge, gauge_legend, legend_line, money_lines};
    use crate::domain::Lang;
    use crate::domain::caseload::FeeSchedule;

    /// Every money line's label fits its column in both languages, the 要確認 mark included:
    /// the figures of all lines start in the same column (a longer label would push its own).
    #[test]
    fn money_labels_fit_their_column_in_both_languages() {
        use crate::domain::month_money::{Line, MonthMoney};
        let line = Line {
            units: 1234,
            count: 3,
            yen: Some(12_345),
        };
        let m = MonthMoney {
            base: line,
            same_building: line,
            same_building_unsure: true,
            kasan: line,
            cut_at_risk: line,
            subtotal_units: 1234,
            treatment: Some(line),
            treatment_rate: Some("2.1%".into()),
            total_units: 1234,
            total_yen: Some(12_345),
            unit_price_hundredths: Some(1000),
        };
        for lang in [Lang::Ja, Lang::En] {
            let lines = money_lines(&m, lang);
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains(lang.pick("要確認", "unsure")))
            );
            for l in &lines[1..] {
                let at = l.find("1,234").unwrap_or(0);
                let signed = l[..at].ends_with(['−', '+']);
                let column = crate::present::text::width(&l[..at]) - usize::from(signed);
                assert_eq!(column, 2 + LABEL_WIDTH + 1, "{lang:?}: {l}");
            }
        }
    }

    #[test]
    fn gauge_marks_thresholds_in_text() {
        let i = Marks {
            first: 45,
            other: 50,
            third: 60,
            other_schedule: FeeSchedule::II,
        };
        let ii = Marks {
            first: 50,
            other: 45,
            third: 60,
            other_schedule: FeeSchedule::I,
        };
        // 14 columns for 0–70: a column is 5 clients; 45 → column 9, 50 → 10, 60 → 12.
        assert_eq!(gauge(Some(4500), i, 14, true), "[#########|:.|.]");
        assert_eq!(gauge(Some(1000), ii, 14, true), "[##.......:|.|.]");
        assert_eq!(gauge(None, i, 14, true), "[.........|:.|.]");
        assert_eq!(gauge_legend(i), "|45 :50 |60");
        // In threshold order whichever schedule is billed, each mark saying what it is.
        assert_eq!(gauge_legend(ii), ":45 |50 |60");
        assert_eq!(
            legend_line(ii, Lang::Ja, false, true),
            "目盛 :45 費(I)なら(ii)の境  |50 (ii)の境  |60 (iii)の境"
        );
        assert_eq!(
            legend_line(i, Lang::En, true, true),
            "Marks |45 (ii) starts  :50 (ii) under (II)  |60 (iii) starts  = what-if"
        );
        // Another table's thresholds move the marks: 40/50/55 over 0–70.
        let other = Marks {
            first: 40,
            other: 50,
            third: 55,
            other_schedule: FeeSchedule::II,
        };
        assert_eq!(gauge(None, other, 14, true), "[........|.:|..]");
        assert_eq!(gauge_legend(other), "|40 :50 |55");
    }
}

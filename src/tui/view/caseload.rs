//! 件数: the month's caseload against the 45/50/60 marks, the bands, the clients in band order,
//! and the what-if panel.

use super::Theme;
use crate::domain::caseload::{Band, Caseload};
use crate::domain::dates::format_date;
use crate::present::caseload::{head_parts, signed};
use crate::present::text::{self, pad_left, pad_right, thousands};
use crate::tui::i18n::T;
use crate::tui::model::{CaseloadRow, Model};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn draw(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    let v = &m.caseload;
    // The rules table used, in the title; a month computed with an older table because the new
    // one is not published says so there, where it shows whatever the height.
    let rules = v
        .shown()
        .map(
            |c| match crate::present::caseload::not_published_mark(c, l) {
                Some(m) => format!(" ※{m}"),
                None => format!(
                    " {}{}",
                    T::RulesFrom.s(l),
                    crate::domain::dates::iso(c.rules.from)
                ),
            },
        )
        .unwrap_or_default();
    // A what-if says so in the title, the head's first line and the gauges' fill.
    let what_if = if v.what_if.is_none() {
        String::new()
    } else {
        format!(" {}", crate::present::caseload::what_if_mark(l))
    };
    let title = format!(
        "{} ◀ {} ▶{what_if}{rules}",
        T::TabCaseload.s(l),
        v.month.format(T::MonthFormat.s(l))
    );
    let block = theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(c) = v.shown() else {
        f.render_widget(Paragraph::new(T::Nothing.s(l)), inner);
        return;
    };
    let width = usize::from(inner.width);
    let ascii = m.config.borders == crate::config::Borders::Ascii;
    // A head line wrapped to the width (never cut short), its rows kept or folded together.
    let rows = |s: &str, style: ratatui::style::Style| -> Vec<Line<'static>> {
        text::wrap(s, width, 3)
            .into_iter()
            .map(|part| Line::styled(part, style))
            .collect()
    };
    let plain = ratatui::style::Style::default();
    // Each head line with its rank (lower is kept first when the height is short).
    let mut head: Vec<(u8, Vec<Line>)> = head_parts(c, l, width, ascii, 3)
        .into_iter()
        .map(|(part, s)| {
            let style = if s.starts_with('⚠') || s.starts_with('【') || s.starts_with('[') {
                theme.warning()
            } else {
                plain
            };
            (part.rank(), rows(&s, style))
        })
        .collect();
    // A month whose claims were moved in: the bands billed beside careplan's.
    if let Some(line) = crate::present::caseload::billed_line(c, l) {
        let style = if c.billed.is_some_and(|b| b.differing > 0) {
            theme.warning()
        } else {
            ratatui::style::Style::default()
        };
        head.push((1, rows(&line, style)));
    }
    // What the month's 運営基準減算 would take if it ended today (the caseload itself is not
    // changed by it: who counts stays the same).
    if let Some(t) = v.at_risk.filter(|_| v.what_if.is_none()) {
        let s =
            crate::domain::deadlines::cut_at_risk(t.at_risk(), t.units_at_risk, t.yen_at_risk, l);
        let style = if t.at_risk() == 0 {
            ratatui::style::Style::default()
        } else {
            theme.warning()
        };
        head.push((1, rows(&s, style)));
    }
    // The money by line: base, 同一建物減算, 加算 candidates, 減算 at risk, 処遇改善加算.
    if let (Some(i), Some(actual), true) = (&v.money, &v.actual, v.what_if.is_none())
        && i.month == v.month
    {
        let money = crate::domain::month_money::for_caseload(actual, i);
        let s = crate::present::caseload::money_line(&money, l);
        head.push((2, rows(&s, plain)));
    }
    if !v.forecast.is_empty() {
        let months: Vec<String> = v
            .forecast
            .iter()
            .map(|f| {
                let mut mark = match f.crosses {
                    Some(b) => format!("→{}", b.label()),
                    None => String::new(),
                };
                if f.caseload.rules.not_published.is_some() {
                    mark.push('※');
                }
                format!(
                    "{} {}({}){mark}",
                    f.caseload.month.format(T::MonthShortFormat.s(l)),
                    f.caseload
                        .caseload_hundredths
                        .map(|h| format!("{}.{:02}", h / 100, h % 100))
                        .unwrap_or_else(|| "-".into()),
                    Band::ALL
                        .iter()
                        .map(|b| f.caseload.bands.get(*b).to_string())
                        .collect::<Vec<_>>()
                        .join("/")
                )
            })
            .collect();
        let line = format!("{} {}", T::Forecast.s(l), months.join(" "));
        // A forecast crossing a mark is a warning and ranks with them.
        let (rank, style) = if v.forecast.iter().any(|f| f.crosses.is_some()) {
            (1, theme.warning())
        } else {
            (3, theme.dim())
        };
        head.push((rank, rows(&line, style)));
        if let Some(a) = crate::present::caseload::forecast_assumption(&v.forecast, l) {
            head.push((6, rows(&a, theme.dim())));
        }
    }
    // Without a what-if its panel folds away (the list gets the width) and the next client's
    // units, which the panel shows, take a head line.
    let what_if_on = !v.what_if.is_none();
    if !what_if_on {
        head.push((5, rows(&next_client_line(c, l), theme.dim())));
    }
    let (shown, hidden) = fold_head(head, inner.height, v.full_head);
    let head_h = shown.len() as u16;
    let [top, bottom] =
        Layout::vertical([Constraint::Length(head_h), Constraint::Min(3)]).areas(inner);
    f.render_widget(Paragraph::new(shown), top);
    let panel_w = if what_if_on && inner.width >= 70 {
        30
    } else {
        0
    };
    let [list_area, panel] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(panel_w)]).areas(bottom);
    client_list(m, theme, f, list_area, c, hidden);
    if panel_w > 0 {
        what_if_panel(m, theme, f, panel);
    }
}

/// The client rows 件数 keeps below its head (the mark: eight at 80×24).
const LIST_ROWS: u16 = 8;

/// The head lines that fit above a list of [`LIST_ROWS`] rows (its two heading lines
/// included), the lowest ranks first, in their order; and how many rows were left out. A line
/// wrapped to two rows is kept or left out whole. `full` keeps every line, the list then
/// getting what is left (3 rows at least, by the layout).
fn fold_head(head: Vec<(u8, Vec<Line<'_>>)>, height: u16, full: bool) -> (Vec<Line<'_>>, usize) {
    let all: usize = head.iter().map(|(_, rows)| rows.len()).sum();
    let mut budget = if full {
        all
    } else {
        // The first three lines (schedule, counts, the office's gauge) stay whatever the height.
        usize::from(height.saturating_sub(LIST_ROWS + 2)).max(3)
    };
    let mut order: Vec<usize> = (0..head.len()).collect();
    order.sort_by_key(|&i| (head[i].0, i));
    let mut keep = Vec::new();
    for i in order {
        if head[i].1.len() <= budget {
            budget -= head[i].1.len();
            keep.push(i);
        }
    }
    keep.sort_unstable();
    let mut groups: Vec<Option<Vec<Line>>> = head.into_iter().map(|(_, l)| Some(l)).collect();
    let shown: Vec<Line> = keep
        .iter()
        .filter_map(|&i| groups[i].take())
        .flatten()
        .collect();
    let hidden = all - shown.len();
    (shown, hidden)
}

/// The units of the next client taken on, by care level, in one line.
fn next_client_line(c: &Caseload, l: crate::domain::Lang) -> String {
    let n = c.next_client;
    let note = if n.band == Band::I {
        String::new()
    } else {
        format!(
            " ({} {})",
            T::IfBandI.s(l),
            thousands(u64::from(n.units_band_i_care345))
        )
    };
    format!(
        "{}: {} {} {}{note} / {} {}",
        T::NextClient.s(l),
        n.band.label(),
        T::Care3To5.s(l),
        thousands(u64::from(n.units_care345)),
        T::Care1To2.s(l),
        thousands(u64::from(n.units_care12))
    )
}

fn client_list(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, c: &Caseload, hidden: usize) {
    let l = m.lang;
    let v = &m.caseload;
    let width = usize::from(area.width);
    let band = v
        .band_filter
        .map(|b| b.label().to_string())
        .unwrap_or_else(|| T::All.s(l).into());
    let cm = v
        .care_manager_filter
        .and_then(|id| c.care_managers.iter().find(|x| x.staff_id == id))
        .map(|x| x.name.clone())
        .unwrap_or_else(|| T::All.s(l).into());
    let rows = v.visible();
    // The billed column is there only for a month with claims moved in.
    let billed = c.billed.is_some();
    let fold = if hidden > 0 {
        format!(
            "  {}",
            T::HeadFolded.s(l).replace("{n}", &hidden.to_string())
        )
    } else if m.caseload.full_head {
        format!("  {}", T::HeadFold.s(l))
    } else {
        String::new()
    };
    let filters = format!(
        "{} {band}  {} {cm}  ({} {})",
        T::Band.s(l),
        T::CareManagerShort.s(l),
        rows.len(),
        T::Matches.s(l),
    );
    // The b/c reminder gives way first (the footer lists both keys).
    let with_keys = format!("{filters}  b/c{fold}");
    let filters = if text::width(&with_keys) <= width {
        with_keys
    } else {
        format!("{filters}{fold}")
    };
    let mut lines = vec![
        Line::styled(text::truncate(&filters, width), theme.dim()),
        Line::styled(
            text::truncate(
                &format!(
                    "  {} {}{} {} {} {} {}",
                    pad_left(T::Position.s(l), 7),
                    pad_right(T::Band.s(l), 5),
                    billed_cell(billed, T::Billed.s(l)),
                    pad_left(T::ColUnits.s(l), 5),
                    pad_right(T::ColLevel.s(l), 8),
                    pad_right(T::ColContract.s(l), 10),
                    T::Name.s(l)
                ),
                width,
            ),
            theme.heading(),
        ),
    ];
    let height = usize::from(area.height).saturating_sub(2);
    let sel = v.list.selected;
    let offset = sel.saturating_sub(height.saturating_sub(1));
    let date = |d: Option<chrono::NaiveDate>| {
        d.map(|d| format_date(d, m.config.date_display))
            .unwrap_or_default()
    };
    let named = |id: Option<i64>, name: &str| {
        if id.is_some() {
            name.to_string()
        } else {
            T::Hypothetical.s(l).into()
        }
    };
    for (pos, row) in rows.iter().enumerate().skip(offset).take(height) {
        let row = match *row {
            CaseloadRow::Care(i) => {
                let x = &c.clients[i];
                // The band billed shows only where it differs from careplan's.
                let differs = x.billed_band.filter(|b| *b != x.band);
                format!(
                    "{} {}{} {} {} {} {}",
                    pad_left(&format!("{:.2}", c.clients_of(x.position_parts)), 7),
                    pad_right(x.band.label(), 5),
                    billed_cell(billed, differs.map_or("", |b| b.label())),
                    pad_left(&thousands(u64::from(x.units)), 5),
                    pad_right(x.care_level.label(l), 8),
                    pad_right(&date(x.contract_date), 10),
                    named(x.client_id, &x.name)
                )
            }
            // A support client has no band and no position of its own: it adds the weight.
            CaseloadRow::Support(i) => {
                let x = &c.support[i];
                format!(
                    "{} {}{} {} {} {} {}",
                    pad_left(&format!("×{}", c.rules.support_weight), 7),
                    pad_right("-", 5),
                    billed_cell(billed, ""),
                    pad_left("-", 5),
                    pad_right(
                        x.care_level.map_or(T::SupportCounts.s(l), |lv| lv.label(l)),
                        8
                    ),
                    pad_right(&date(x.contract_date), 10),
                    named(x.client_id, &x.name)
                )
            }
            // Not counted: the reason takes the columns of position, band, units and level.
            CaseloadRow::NotCounted(i) => {
                let x = &c.not_counted[i];
                let reason = format!("{}: {}", T::NotCountedShort.s(l), x.reason.label(l));
                format!(
                    "{} {} {}",
                    pad_right(&text::truncate(&reason, 28), 28),
                    pad_right(&date(Some(x.contract_date)), 10),
                    x.name
                )
            }
        };
        lines.push(if pos == sel {
            Line::styled(text::truncate(&format!("▶ {row}"), width), theme.selected())
        } else {
            Line::raw(text::truncate(&format!("  {row}"), width))
        });
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// The billed band's column: empty (no width) for a month without claims moved in.
fn billed_cell(shown: bool, text: &str) -> String {
    if shown {
        format!(" {}", pad_right(text, 5))
    } else {
        String::new()
    }
}

fn what_if_panel(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    let v = &m.caseload;
    let w = v.what_if;
    let width = usize::from(area.width.saturating_sub(2));
    let (Some(actual), shown) = (v.actual.as_ref(), v.shown()) else {
        return;
    };
    let shown = shown.unwrap_or(actual);
    // One line each: side by side they do not fit the panel's 28 columns.
    let mut lines = vec![
        Line::raw(format!("{} {:+}  (+/-)", T::CareTotal.s(l), w.add_care)),
        Line::raw(format!(
            "{} {:+}  (s/S)",
            T::SupportTotal.s(l),
            w.add_support
        )),
        Line::raw(format!("{} {}  (f/F)", T::Fte.s(l), shown.fte)),
        Line::raw(format!(
            "{} ({})  (t)",
            T::FeeSchedule.s(l),
            shown.fee_schedule.code()
        )),
        Line::raw(format!(
            "(i) {} (ii) {} (iii) {}",
            shown.bands.i, shown.bands.ii, shown.bands.iii
        )),
    ];
    if !w.is_none() {
        let du = shown.units_total as i64 - actual.units_total as i64;
        lines.push(Line::styled(
            format!("{} {}{}", T::Difference.s(l), signed(du), T::Units.s(l)),
            theme.heading(),
        ));
        if let (Some(a), Some(b)) = (shown.yen_total, actual.yen_total) {
            lines.push(Line::styled(
                format!(
                    "     {}{}",
                    signed(a as i64 - b as i64),
                    T::YenPerMonth.s(l)
                ),
                theme.heading(),
            ));
        }
    }
    let n = shown.next_client;
    let best = n.units_band_i_care345;
    lines.push(Line::raw(text::truncate(T::NextClient.s(l), width)));
    let note = if n.band == Band::I {
        String::new()
    } else {
        format!(" ({} {})", T::IfBandI.s(l), thousands(u64::from(best)))
    };
    lines.push(Line::raw(text::truncate(
        &format!(
            " {} {} {}{note}",
            n.band.label(),
            T::Care3To5.s(l),
            thousands(u64::from(n.units_care345))
        ),
        width,
    )));
    lines.push(Line::raw(text::truncate(
        &format!(
            " {} {} {}",
            n.band.label(),
            T::Care1To2.s(l),
            thousands(u64::from(n.units_care12))
        ),
        width,
    )));
    f.render_widget(
        Paragraph::new(lines).block(theme.block(T::WhatIf.s(l))),
        area,
    );
}

//! The office's 体制 panel: the business days and hours in force, the closed and open days of
//! the coming three months, the 体制 periods, and the month's 特定事業所加算 check with the
//! conditions the records cannot prove (`present::tokutei`, as the CLI prints them).

use super::Theme;
use crate::domain::kasan_records::weekdays_text;
use crate::present::text;
use crate::tui::i18n::T;
use crate::tui::model::Model;
use chrono::Months;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn draw(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    let v = &m.office_system;
    let month = v.month.map(|d| d.format("%Y-%m").to_string());
    let title = format!(
        "{} ◀ {} ▶",
        T::OfficeSystemTitle.s(l),
        month.unwrap_or_default()
    );
    let block = theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    let Some(d) = &v.data else {
        f.render_widget(
            Paragraph::new(text::truncate(T::Loading.s(l), width)),
            inner,
        );
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    let heading = |s: &str| Line::styled(text::truncate(s, width), theme.heading());
    let raw = |s: String| Line::raw(text::truncate(&s, width));
    lines.push(heading(T::BusinessHoursHeading.s(l)));
    let current: Vec<_> = d
        .hours
        .iter()
        .filter(|h| h.until.is_none_or(|u| u >= m.today))
        .collect();
    if current.is_empty() {
        lines.push(Line::styled(
            text::truncate(&format!(" {}", T::NoHoursYet.s(l)), width),
            theme.warning(),
        ));
    }
    for h in current {
        lines.push(raw(format!(
            " {} {} {}{}{} {}",
            crate::domain::dates::period(h.fields.from, h.until, l),
            weekdays_text(&h.fields.weekdays, l),
            h.fields.opens.format("%H:%M"),
            l.pick("〜", "–"),
            h.fields.closes.format("%H:%M"),
            if h.fields.holidays_closed {
                T::HolidaysClosedMark.s(l)
            } else {
                T::HolidaysOpenMark.s(l)
            }
        )));
    }
    lines.push(heading(T::ClosuresHeading.s(l)));
    let until = m
        .today
        .checked_add_months(Months::new(3))
        .unwrap_or(m.today);
    let coming: Vec<_> = d
        .days
        .iter()
        .filter(|x| x.until >= m.today && x.from <= until)
        .collect();
    if coming.is_empty() {
        lines.push(raw(format!(" {}", T::NoClosures.s(l))));
    }
    for x in coming {
        lines.push(raw(format!(" {}", crate::tui::form::days_choice(x, l))));
    }
    lines.push(heading(T::SystemHeading.s(l)));
    let mut any = false;
    for (setting, periods) in &d.periods {
        for p in periods {
            any = true;
            lines.push(raw(format!(
                " {} {}",
                crate::store::office_system::label(setting, l),
                crate::domain::dates::period(p.from, p.until, l)
            )));
        }
    }
    if !any {
        lines.push(raw(format!(" {}", T::NoPeriod.s(l))));
    }
    for (i, s) in crate::present::tokutei::lines(d.check.as_ref(), d.month, l)
        .into_iter()
        .enumerate()
    {
        // Headings are the lines not indented.
        let line = if i == 0 || !s.starts_with(' ') {
            heading(&s)
        } else if s.starts_with(" ✗") {
            Line::styled(text::truncate(&s, width), theme.warning())
        } else {
            raw(s)
        };
        lines.push(line);
    }
    let skip = usize::from(v.scroll).min(lines.len().saturating_sub(1));
    f.render_widget(
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()),
        inner,
    );
}

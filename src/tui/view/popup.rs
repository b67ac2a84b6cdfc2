//! Small windows over the screen: confirmations, the draft offer, help.

use super::Theme;
use crate::present::text;
use crate::store::drafts::Draft;
use crate::tui::i18n::T;
use crate::tui::model::Model;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Empties `r` before a window is drawn there, so that its borders survive double-width text
/// under it. Clearing alone is not enough: a wide character starting in the column just left
/// of `r` keeps its first half, and a terminal draws its second half over `r`'s left border
/// (the frame diff skips the cell it covers). That first half becomes a space. On the right
/// nothing is left over: a wide character whose first half was in `r`'s last column is
/// cleared with it, and ratatui stores its second half (just right of `r`) as a space.
pub fn clear(f: &mut Frame, r: Rect) {
    f.render_widget(Clear, r);
    let buf = f.buffer_mut();
    let r = r.intersection(buf.area);
    if r.is_empty() || r.x <= buf.area.x {
        return;
    }
    for y in r.top()..r.bottom() {
        if let Some(cell) = buf.cell_mut((r.x - 1, y))
            && text::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// The width of a dialog, borders included (less on a narrower screen).
const DIALOG_WIDTH: u16 = 64;

fn dialog(theme: &Theme, f: &mut Frame, area: Rect, title: &str, lines: Vec<Line>) {
    let r = centered(area, DIALOG_WIDTH, (lines.len() as u16 + 4).max(6));
    clear(f, r);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(theme.block(title)),
        r,
    );
}

pub fn confirm(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, question: &str) {
    let l = m.lang;
    // Wrapped here, so that the window grows to hold the whole question and its keys.
    let width = usize::from(area.width.min(DIALOG_WIDTH).saturating_sub(2));
    let mut lines: Vec<Line> = question
        .lines()
        .flat_map(|q| text::wrap(q, width, 8))
        .map(Line::raw)
        .collect();
    lines.extend([
        Line::raw(""),
        Line::styled(T::ConfirmKeys.s(l), theme.heading()),
    ]);
    dialog(theme, f, area, T::ConfirmTitle.s(l), lines);
}

pub fn draft(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, d: &Draft) {
    let l = m.lang;
    // The form and the record it was for: 「利用者の編集 — 雨宮 幸子（被保険者番号 …）」.
    let what = crate::tui::form::Form::from_draft(&d.payload)
        .map(|r| {
            let subject = crate::tui::subject::of_form(&m.data, &r.kind, l);
            if subject.is_empty() {
                r.kind.title().s(l).to_string()
            } else {
                format!("{} — {subject}", r.kind.title().s(l))
            }
        })
        .unwrap_or_default();
    let lines = vec![
        Line::raw(T::DraftOffer.s(l)),
        Line::raw(format!(
            "{what}  ({} {})",
            T::DraftSavedAt.s(l),
            local_time(&d.saved_at)
        )),
        Line::raw(""),
        Line::styled(T::DraftKeys.s(l), theme.heading()),
    ];
    dialog(theme, f, area, T::DraftTitle.s(l), lines);
}

pub fn help(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, scroll: u16) {
    let l = m.lang;
    let width = usize::from(area.width.saturating_sub(2));
    // One section per context, each opened by its title (the line `key_table::help_start`
    // counts), then a blank line.
    let mut lines = Vec::new();
    for section in super::super::key_table::help_sections(l) {
        lines.push(Line::styled(section.title, theme.heading()));
        for (keys, desc) in section.lines {
            lines.push(Line::raw(text::truncate(
                &format!("  {} {desc}", text::pad_right(&keys, 22)),
                width,
            )));
        }
        lines.push(Line::raw(""));
    }
    let mut block = theme.block(T::Help.s(l));
    // Never past the last line: the end of the help fills the window's bottom.
    let visible = area.height.saturating_sub(2);
    let scroll = scroll.min(
        u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .saturating_sub(visible),
    );
    if let Some(mark) = scroll_mark(scroll, visible, lines.len()) {
        block = block.title_bottom(Line::raw(mark).right_aligned());
    }
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), area);
}

/// Where a scrolled text is, for its bottom border: " ▲ 13–34/80 ▼ " (the lines shown and
/// the total, ▲ when there is more above, ▼ when more below); None when it all fits.
pub fn scroll_mark(scroll: u16, visible: u16, total: usize) -> Option<String> {
    let (scroll, visible) = (usize::from(scroll), usize::from(visible));
    if total <= visible || visible == 0 {
        return None;
    }
    let first = scroll.min(total - 1) + 1;
    let last = (scroll + visible).min(total);
    let up = if scroll > 0 { "▲ " } else { "" };
    let down = if last < total { " ▼" } else { "" };
    Some(format!(" {up}{first}–{last}/{total}{down} "))
}

/// A stored UTC instant as local date and time ("2026-11-25 15:08"); as stored if unreadable.
fn local_time(utc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(utc)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| utc.to_string())
}

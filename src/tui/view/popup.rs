//! Small windows over the screen: confirmations, the draft offer, help.

use super::Theme;
use crate::store::drafts::Draft;
use crate::text;
use crate::tui::i18n::T;
use crate::tui::keymap;
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

fn dialog(theme: &Theme, f: &mut Frame, area: Rect, title: &str, lines: Vec<Line>) {
    let r = centered(area, 64, (lines.len() as u16 + 4).max(6));
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(theme.block(title)),
        r,
    );
}

pub fn confirm(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, question: &str) {
    let l = m.lang;
    let mut lines: Vec<Line> = question.lines().map(|q| Line::raw(q.to_string())).collect();
    lines.extend([
        Line::raw(""),
        Line::styled(T::ConfirmKeys.s(l), theme.heading()),
    ]);
    dialog(theme, f, area, l.pick("確認", "Confirm"), lines);
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
    dialog(theme, f, area, l.pick("下書き", "Draft"), lines);
}

pub fn help(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, scroll: u16) {
    let l = m.lang;
    let width = usize::from(area.width.saturating_sub(2));
    // One section per context, each opened by its title (the line `keymap::help_start`
    // counts), then a blank line.
    let mut lines = Vec::new();
    for section in keymap::help_sections(l) {
        lines.push(Line::styled(section.title, theme.heading()));
        for (keys, desc) in section.lines {
            lines.push(Line::raw(text::truncate(
                &format!("  {} {desc}", text::pad_right(&keys, 22)),
                width,
            )));
        }
        lines.push(Line::raw(""));
    }
    f.render_widget(
        Paragraph::new(lines)
            .scroll((scroll, 0))
            .block(theme.block(T::Help.s(l))),
        area,
    );
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

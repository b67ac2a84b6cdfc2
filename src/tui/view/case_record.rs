//! 支援経過: the client in the title, one entry per row (date and time, category, care
//! manager, the text's first line), the entry under the cursor in full below, and the search
//! line when one is typed.

use super::Theme;
use crate::present::text;
use crate::tui::body;
use crate::tui::case_record::{CaseRecord, Entry};
use crate::tui::i18n::T;
use crate::tui::model::Model;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// "訂正" / "取消" / "訂正済" / "取消済": how an entry stands, in history mode (`all`: the
/// entries listed, to tell a correction from a withdrawal that replaced an entry).
fn mark(e: &Entry, all: &[Entry], lang: crate::domain::Lang) -> &'static str {
    let n = &e.note;
    let withdrawn = n
        .superseded_by
        .is_some_and(|by| all.iter().any(|x| x.note.id == by && x.note.withdraws));
    if n.withdraws {
        T::NoteWithdrawal.s(lang)
    } else if withdrawn {
        T::NoteWithdrawn.s(lang)
    } else if n.superseded_by.is_some() {
        T::NoteSuperseded.s(lang)
    } else if n.corrects.is_some() {
        T::NoteCorrection.s(lang)
    } else {
        ""
    }
}

pub fn draw(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, c: &CaseRecord) {
    let l = m.lang;
    let title = if c.history {
        format!(
            "{} — {} {}",
            T::CaseRecordTitle.s(l),
            c.title,
            T::WithHistory.s(l)
        )
    } else {
        format!("{} — {}", T::CaseRecordTitle.s(l), c.title)
    };
    let block = theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    let searching = c.list.searching || !c.list.query.value().is_empty();
    // Full text: the list keeps three rows, the entry takes the rest.
    let detail_rows = if c.full {
        inner.height.saturating_sub(3 + u16::from(searching)).max(2)
    } else {
        (inner.height / 3).clamp(2, 8)
    };
    let [list_area, search_area, detail_area] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(u16::from(searching)),
        Constraint::Length(detail_rows),
    ])
    .areas(inner);
    if c.entries.is_empty() {
        f.render_widget(
            Paragraph::new(text::wrap(T::CaseRecordEmpty.s(l), width, 3).join("\n")),
            list_area,
        );
        return;
    }
    let fit = usize::from(list_area.height).max(1);
    let first = c.list.first_row(fit);
    // 日時 16, 項目 and 担当 by what fits, the text takes the rest.
    let narrow = width < 70;
    let cat_cols = if narrow { 8 } else { 16 };
    let cm_cols = if narrow { 0 } else { 8 };
    let lines: Vec<Line> = c
        .list
        .visible
        .iter()
        .enumerate()
        .skip(first)
        .take(fit)
        .map(|(row, &i)| {
            let e = &c.entries[i];
            let n = &e.note;
            let selected = row == c.list.selected;
            // The year always: a record runs over years, and months alone would misorder.
            let when = if narrow {
                n.at.format("%Y-%m-%d").to_string()
            } else {
                n.at.format("%Y-%m-%d %H:%M").to_string()
            };
            let m_ = mark(e, &c.entries, l);
            let what = if n.withdraws || body::first_line(&n.body).is_empty() {
                n.reason.clone()
            } else {
                body::first_line(&n.body).to_string()
            };
            let cm = if cm_cols > 0 {
                format!(
                    "{} ",
                    text::pad_right(
                        &text::truncate(n.staff_name.as_deref().unwrap_or(""), cm_cols),
                        cm_cols
                    )
                )
            } else {
                String::new()
            };
            let row_text = format!(
                "{}{when} {} {cm}{}{what}",
                if selected { "▶" } else { " " },
                text::pad_right(&text::truncate(e.category(l), cat_cols), cat_cols),
                if m_.is_empty() {
                    String::new()
                } else {
                    format!("[{m_}] ")
                },
            );
            let row_text = text::truncate(&row_text, width);
            if selected {
                Line::styled(row_text, theme.selected())
            } else if !m_.is_empty() && (n.withdraws || n.superseded_by.is_some()) {
                Line::styled(row_text, theme.dim())
            } else {
                Line::raw(row_text)
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), list_area);
    if searching {
        let shown = format!(
            "/{}  ({}/{})",
            c.list.query.value(),
            c.list.visible.len(),
            c.entries.len()
        );
        f.render_widget(
            Paragraph::new(text::truncate(&shown, width)).style(theme.warning()),
            search_area,
        );
        if c.list.searching {
            let x = 1 + text::column_of(c.list.query.value(), c.list.query.cursor());
            f.set_cursor_position(Position::new(
                search_area.x + (x as u16).min(search_area.width.saturating_sub(1)),
                search_area.y,
            ));
        }
    }
    if let Some(e) = c.selected() {
        f.render_widget(
            Paragraph::new(detail(e, width, usize::from(detail_rows), l, theme)),
            detail_area,
        );
    }
}

/// The selected entry in full: a rule, who/whom/what, then the text wrapped.
fn detail<'a>(
    e: &Entry,
    width: usize,
    rows: usize,
    l: crate::domain::Lang,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let n = &e.note;
    let mut head = format!(
        "#{} {} {}",
        n.id,
        n.at.format("%Y-%m-%d %H:%M"),
        e.category(l)
    );
    if !n.counterpart.is_empty() {
        head.push_str(&format!(" {}: {}", T::Counterpart.s(l), n.counterpart));
    }
    if let Some(cm) = &n.staff_name {
        head.push_str(&format!(" {}: {cm}", T::AssignedShort.s(l)));
    }
    if let Some(c) = n.corrects {
        let what = if n.withdraws {
            T::WithdrawsEntry.s(l)
        } else {
            T::CorrectsEntry.s(l)
        };
        head.push_str(&format!(" ({})", what.replace("{id}", &c.to_string())));
    }
    let mut out = vec![Line::styled("─".repeat(width), theme.dim())];
    out.push(Line::styled(text::truncate(&head, width), theme.heading()));
    // Who wrote it and when: an entry dated back is told apart from one written that day.
    out.push(Line::styled(
        text::truncate(
            &T::WrittenBy
                .s(l)
                .replace("{by}", &n.recorded_by)
                .replace("{at}", &written_at(&n.recorded_at)),
            width,
        ),
        theme.dim(),
    ));
    let mut text_lines: Vec<String> = Vec::new();
    if !n.reason.is_empty() {
        text_lines.push(format!("{}: {}", T::NoteReason.s(l), n.reason));
    }
    if !n.attendees.is_empty() {
        text_lines.push(format!("{}: {}", T::Attendees.s(l), n.attendees));
    }
    if !n.correction_reason.is_empty() {
        text_lines.push(format!(
            "{}: {}",
            T::CorrectionReason.s(l),
            n.correction_reason
        ));
    }
    text_lines.extend(n.body.lines().map(str::to_string));
    let room = rows.saturating_sub(out.len());
    let mut wrapped: Vec<String> = text_lines
        .iter()
        .flat_map(|t| {
            if t.is_empty() {
                vec![String::new()]
            } else {
                text::wrap(t, width, usize::MAX)
            }
        })
        .collect();
    if wrapped.len() > room && room > 0 {
        wrapped.truncate(room);
        if let Some(last) = wrapped.last_mut() {
            *last = text::truncate(&format!("{last}…"), width);
        }
    }
    out.extend(wrapped.into_iter().map(Line::raw));
    out
}

/// The stored UTC instant an entry was written, in local time as the office reads it.
fn written_at(utc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(utc)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| utc.to_string())
}

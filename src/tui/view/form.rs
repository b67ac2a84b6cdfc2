//! A form: one line per field, its message under it, the hardware cursor in the focused field.

use super::Theme;
use crate::text;
use crate::tui::form::{Form, is_required};
use crate::tui::i18n::T;
use crate::tui::model::Model;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Columns taken by the label before each field's input.
pub const LABEL_COLS: usize = 22;

pub fn draw(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, form: &Form) {
    let l = m.lang;
    let block = theme.block(form.kind.title().s(l));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    let input_cols = width.saturating_sub(LABEL_COLS + 1).max(1);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(changed) = &form.conflict {
        lines.push(Line::styled(
            text::truncate(
                &format!("⚠ {}: {}", T::Conflict.s(l), changed.join("、")),
                width,
            ),
            theme.error(),
        ));
        lines.push(Line::styled(
            text::truncate(T::ConflictHint.s(l), width),
            theme.warning(),
        ));
    }
    if let Some(msg) = &form.message {
        lines.push(Line::styled(
            text::truncate(&format!("✗ {msg}"), width),
            theme.error(),
        ));
    }
    let mut cursor = None;
    // Keep the focused field on screen: skip whole fields above it when space is short.
    let rows_per_field = 2;
    let room = usize::from(inner.height).saturating_sub(lines.len() + 1) / rows_per_field;
    let first = form.focus.saturating_sub(room.saturating_sub(1));
    for (i, field) in form.fields.iter().enumerate().skip(first) {
        let focused = i == form.focus;
        let star = if is_required(field.kind) { "*" } else { " " };
        let label = text::pad_right(&format!("{}{star}", field.label.s(l)), LABEL_COLS - 1);
        let scroll = field.input.visual_scroll(input_cols);
        let shown: String = {
            let mut col = 0;
            let mut out = String::new();
            for c in field.input.value().chars() {
                let w = text::width(&c.to_string());
                if col >= scroll && text::width(&out) + w <= input_cols {
                    out.push(c);
                }
                col += w;
            }
            out
        };
        let marker = if focused { "▶" } else { " " };
        let label_style = if focused {
            theme.selected()
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{label}"), label_style),
            Span::raw(" "),
            Span::styled(
                shown,
                if focused {
                    theme.warning()
                } else {
                    ratatui::style::Style::default()
                },
            ),
        ]));
        if focused {
            let x = LABEL_COLS + 1 + field.input.visual_cursor().saturating_sub(scroll);
            cursor = Some((x, lines.len() - 1));
        }
        let note = match (&field.error, &field.warning) {
            (Some(e), _) => Line::styled(
                text::truncate(&format!("{}✗ {e}", " ".repeat(LABEL_COLS + 1)), width),
                theme.error(),
            ),
            (None, Some(w)) => Line::styled(
                text::truncate(&format!("{}⚠ {w}", " ".repeat(LABEL_COLS + 1)), width),
                theme.warning(),
            ),
            (None, None) if focused => {
                let hint = field.kind.hint(l);
                Line::styled(
                    text::truncate(&format!("{}{hint}", " ".repeat(LABEL_COLS + 1)), width),
                    theme.dim(),
                )
            }
            _ => Line::raw(""),
        };
        lines.push(note);
    }
    f.render_widget(Paragraph::new(lines), inner);
    if let Some((x, y)) = cursor
        && y < usize::from(inner.height)
    {
        let x = (x as u16).min(inner.width.saturating_sub(1));
        f.set_cursor_position(Position::new(inner.x + x, inner.y + y as u16));
    }
}

//! A form: one line per field, its message under it (wrapped, up to three lines), the
//! hardware cursor in the focused field. The title names the record the form acts on; after a
//! conflict each field says whose value it holds; a choice field shows its choices and a
//! care-manager or provider field its picker.

use super::Theme;
use crate::text;
use crate::tui::choices;
use crate::tui::form::{Form, is_required};
use crate::tui::i18n::T;
use crate::tui::merge::Merge;
use crate::tui::model::Model;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Columns taken by the label before each field's input (fewer on a narrow terminal).
pub const LABEL_COLS: usize = 22;
/// Rows a picker shows at most.
const PICKER_ROWS: usize = 5;
/// Rows a message may take before it is cut.
const MESSAGE_ROWS: usize = 3;

fn label_cols(width: usize) -> usize {
    if width < 50 { 16 } else { LABEL_COLS }
}

/// The footer under a form: only the keys that work on the focused field.
pub fn footer(form: &Form, lang: crate::domain::Lang) -> String {
    let field = form.fields.get(form.focus);
    let extra = if form.focused_waits() {
        lang.pick("← 相手の値  → 自分の値", "← theirs  → yours")
    } else if form.picker.is_some() {
        // While the list is open, Esc closes it (the form stays).
        return lang
            .pick(
                "↑↓ 候補  Enter 決定  Esc 一覧を閉じる  Ctrl+S 保存",
                "↑↓ pick  Enter take  Esc close the list  Ctrl+S save",
            )
            .to_string();
    } else if field.is_some_and(|f| choices::options(f.kind).is_some()) {
        lang.pick("←→/Space 選ぶ", "←→/Space choose")
    } else {
        ""
    };
    let base = T::FormKeys.s(lang);
    if extra.is_empty() {
        base.to_string()
    } else {
        format!("{extra}  {base}")
    }
}

fn wrapped<'a>(msg: &str, indent: usize, width: usize, style: Style) -> Vec<Line<'a>> {
    text::wrap(msg, width.saturating_sub(indent).max(8), MESSAGE_ROWS)
        .into_iter()
        .map(|l| Line::styled(format!("{}{l}", " ".repeat(indent)), style))
        .collect()
}

pub fn draw(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, form: &Form) {
    let l = m.lang;
    let heading = crate::tui::update::form_heading(form, l);
    let block = theme.block(&heading);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    let label_cols = label_cols(width);
    let input_cols = width.saturating_sub(label_cols + 1).max(1);
    let mut lines: Vec<Line> = Vec::new();
    // A title cut by a narrow frame still names the record in the first line.
    if text::width(&heading) + 4 > width && !form.subject.is_empty() {
        lines.extend(wrapped(&form.subject, 0, width, theme.heading()));
    }
    if let Some(changed) = &form.conflict {
        let msg = format!("⚠ {}: {}", T::Conflict.s(l), changed.join("、"));
        lines.extend(wrapped(&msg, 0, width, theme.error()));
        lines.extend(wrapped(T::ConflictHint.s(l), 0, width, theme.warning()));
    }
    if let Some(msg) = &form.message {
        lines.extend(wrapped(&format!("✗ {msg}"), 0, width, theme.error()));
    }
    let mut cursor = None;
    // Keep the focused field on screen: skip whole fields above it when space is short.
    let rows_per_field = 2;
    let room = usize::from(inner.height).saturating_sub(lines.len() + 1) / rows_per_field;
    let first = form.focus.saturating_sub(room.saturating_sub(1));
    for (i, field) in form.fields.iter().enumerate().skip(first) {
        let focused = i == form.focus;
        let star = if is_required(field.kind) { "*" } else { " " };
        let label = text::pad_right(&format!("{}{star}", field.label.s(l)), label_cols - 1);
        let marker = if focused { "▶" } else { " " };
        let label_style = if focused {
            theme.selected()
        } else {
            Style::default()
        };
        let input_style = if focused {
            theme.warning()
        } else {
            Style::default()
        };
        if let Some(Merge::Both { theirs, mine }) = &field.merge {
            // Both sides, until the user picks one.
            let both = format!(
                "◀ {}: {theirs} │ {}: {mine} ▶",
                l.pick("相手", "theirs"),
                l.pick("自分", "yours")
            );
            lines.push(Line::from(vec![
                Span::styled(format!("{marker}{label}"), label_style),
                Span::raw(" "),
                Span::styled(text::truncate(&both, input_cols), theme.error()),
            ]));
            lines.extend(wrapped(
                l.pick(
                    "相手も自分も変えた項目です。← 相手の値 / → 自分の値",
                    "changed by both: ← theirs / → yours",
                ),
                label_cols + 1,
                width,
                theme.error(),
            ));
            continue;
        }
        let scroll = field.input.visual_scroll(input_cols);
        let mark = match &field.merge {
            Some(Merge::Theirs) => l.pick(" （相手の変更）", " (their change)"),
            Some(Merge::Picked { theirs: true }) => {
                l.pick(" （相手の値を選択）", " (theirs chosen)")
            }
            Some(Merge::Picked { theirs: false }) => {
                l.pick(" （自分の値を選択）", " (yours chosen)")
            }
            _ => "",
        };
        let room_for_value = input_cols.saturating_sub(text::width(mark));
        let shown: String = {
            let mut col = 0;
            let mut out = String::new();
            for c in field.input.value().chars() {
                let w = text::width(&c.to_string());
                if col >= scroll && text::width(&out) + w <= room_for_value {
                    out.push(c);
                }
                col += w;
            }
            out
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{label}"), label_style),
            Span::raw(" "),
            Span::styled(shown, input_style),
            Span::styled(mark.to_string(), theme.warning()),
        ]));
        if focused {
            let x = label_cols + 1 + field.input.visual_cursor().saturating_sub(scroll);
            cursor = Some((x, lines.len() - 1));
        }
        let indent = label_cols + 1;
        // While the picker is open it is the guidance; the field's message waits.
        let picking = focused && form.picker.is_some();
        match (&field.error, &field.warning) {
            _ if picking => {}
            (Some(e), _) => lines.extend(wrapped(&format!("✗ {e}"), indent, width, theme.error())),
            (None, Some(w)) => {
                lines.extend(wrapped(&format!("⚠ {w}"), indent, width, theme.warning()))
            }
            (None, None) if focused => {
                if let Some(options) = choices::options(field.kind) {
                    lines.push(choice_line(
                        field.kind,
                        &options,
                        field.input.value(),
                        indent,
                        width,
                        l,
                        theme,
                    ));
                } else {
                    let hint = field.kind.hint(l);
                    lines.extend(wrapped(hint, indent, width, theme.dim()));
                }
            }
            _ => lines.push(Line::raw("")),
        }
        if focused && let Some(sel) = form.picker {
            let found = choices::candidates(
                field.kind,
                field.input.value(),
                &m.data.staff,
                &m.data.providers,
            );
            let top = sel.saturating_sub(PICKER_ROWS - 1);
            for (j, c) in found.iter().enumerate().skip(top).take(PICKER_ROWS) {
                let style = if j == sel {
                    theme.selected()
                } else {
                    Style::default()
                };
                let row = format!(
                    "{}{} {}",
                    " ".repeat(indent),
                    if j == sel { "›" } else { " " },
                    c.shown
                );
                lines.push(Line::styled(text::truncate(&row, width), style));
            }
            if found.len() > PICKER_ROWS {
                lines.push(Line::styled(
                    format!("{}  {}/{}", " ".repeat(indent), sel + 1, found.len()),
                    theme.dim(),
                ));
            }
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
    if let Some((x, y)) = cursor
        && y < usize::from(inner.height)
    {
        let x = (x as u16).min(inner.width.saturating_sub(1));
        f.set_cursor_position(Position::new(inner.x + x, inner.y + y as u16));
    }
}

/// "‹要介護1› 要介護2 要介護3 …": the choices, the current one (or the one a typed beginning
/// stands for) marked, scrolled so that it is on screen, cut to the width.
fn choice_line<'a>(
    kind: crate::tui::form::FieldKind,
    options: &[choices::Option2],
    value: &str,
    indent: usize,
    width: usize,
    lang: crate::domain::Lang,
    theme: &Theme,
) -> Line<'a> {
    let current = choices::completion(kind, value, lang).unwrap_or_default();
    let parts: Vec<String> = options
        .iter()
        .map(|o| {
            let shown = if o.label(lang).is_empty() {
                lang.pick("（なし）", "(none)").to_string()
            } else {
                o.label(lang).to_string()
            };
            if !current.is_empty() && o.label(lang) == current {
                format!("‹{shown}›")
            } else {
                shown
            }
        })
        .collect();
    let room = width.saturating_sub(indent);
    let marked = parts.iter().position(|p| p.starts_with('‹')).unwrap_or(0);
    // Drop choices from the front until the marked one fits.
    let mut first = 0;
    while first < marked && text::width(&parts[first..=marked].join(" ")) + 2 > room {
        first += 1;
    }
    let lead = if first > 0 { "… " } else { "" };
    Line::styled(
        text::truncate(
            &format!("{}{lead}{}", " ".repeat(indent), parts[first..].join(" ")),
            width,
        ),
        theme.dim(),
    )
}

//! A form: one line per field, its message under it (wrapped, up to three lines), the
//! hardware cursor in the focused field. The title names the record the form acts on; after a
//! conflict each field says whose value it holds; a choice field shows its choices and a
//! care-manager or provider field its picker.

use super::Theme;
use crate::present::text;
use crate::tui::body;
use crate::tui::choices;
use crate::tui::form::{FieldKind, Form, is_required};
use crate::tui::i18n::{FormText, T};
use crate::tui::merge::Merge;
use crate::tui::model::Model;
use crate::tui::plan_lines::{self, Step};
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

/// Rows a focused body field shows at most: six, fewer on a short terminal.
fn body_rows_for(height: u16) -> usize {
    usize::from(height).saturating_sub(12).clamp(2, 6)
}

fn label_cols(width: usize) -> usize {
    if width < 50 { 16 } else { LABEL_COLS }
}

/// The footer under a form: only the keys that work on the focused field.
pub fn footer(form: &Form, lang: crate::domain::Lang) -> String {
    let field = form.fields.get(form.focus);
    if !form.focused_waits() && field.is_some_and(|f| f.kind == FieldKind::PlanLines) {
        return plan_lines::footer(form, lang).to_string();
    }
    let extra = if form.focused_waits() {
        FormText::HintConflict.s(lang)
    } else if field.is_some_and(|f| f.kind == FieldKind::Body) {
        return FormText::BodyKeys.s(lang).to_string();
    } else if form.picker.is_some() {
        // While the list is open, Esc closes it (the form stays).
        return FormText::SuggestKeys.s(lang).to_string();
    } else if field.is_some_and(|f| choices::options(f.kind).is_some()) {
        FormText::ChoiceKeys.s(lang)
    } else {
        ""
    };
    let base = T::FormKeys.s(lang);
    let keys = if extra.is_empty() {
        base.to_string()
    } else {
        format!("{extra}  {base}")
    };
    // A selected value says what typing does to it (last: a narrow footer keeps the rest).
    if form.selected && field.is_some_and(|f| choices::options(f.kind).is_none()) {
        format!("{keys}  {}", FormText::SelectedKeys.s(lang))
    } else {
        keys
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
    let heading = crate::tui::forms::form_heading(form, l);
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
        let msg = format!(
            "⚠ {}: {}",
            T::Conflict.s(l),
            changed.join(FormText::ListSeparator.s(l))
        );
        lines.extend(wrapped(&msg, 0, width, theme.error()));
        lines.extend(wrapped(T::ConflictHint.s(l), 0, width, theme.warning()));
    }
    if let Some(msg) = &form.message {
        lines.extend(wrapped(&format!("✗ {msg}"), 0, width, theme.error()));
    }
    let mut cursor = None;
    // The services list of a focused plan form takes a row per service and its step.
    let services = form
        .fields
        .get(form.focus)
        .filter(|fl| fl.kind == FieldKind::PlanLines && fl.merge.is_none())
        .map(|fl| services(m, theme, form, fl.input.value(), fl.error.as_deref(), width));
    // A focused body field takes its rows (up to BODY_ROWS) besides the usual two.
    let body_rows = form
        .fields
        .get(form.focus)
        .filter(|fl| fl.kind == FieldKind::Body && fl.merge.is_none())
        .map_or(0, |fl| {
            body::layout(fl.input.value(), fl.input.cursor(), input_cols)
                .0
                .len()
                .min(body_rows_for(inner.height))
        });
    let extra = services
        .as_ref()
        .map_or(0, |(rows, _)| rows.len().saturating_sub(1))
        + body_rows.saturating_sub(1);
    // Keep the focused field on screen: skip whole fields above it when space is short.
    let rows_per_field = 2;
    let room = usize::from(inner.height).saturating_sub(lines.len() + 1 + extra) / rows_per_field;
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
                FormText::Theirs.s(l),
                FormText::Yours.s(l)
            );
            lines.push(Line::from(vec![
                Span::styled(format!("{marker}{label}"), label_style),
                Span::raw(" "),
                Span::styled(text::truncate(&both, input_cols), theme.error()),
            ]));
            lines.extend(wrapped(
                FormText::ChangedByBoth.s(l),
                label_cols + 1,
                width,
                theme.error(),
            ));
            continue;
        }
        if field.kind == FieldKind::PlanLines && field.merge.is_none() {
            let found = plan_lines::lines(field.input.value());
            let value = if focused {
                pick2(
                    l,
                    format!("{} 件", found.len()),
                    format!("{} service(s)", found.len()),
                )
            } else {
                found
                    .iter()
                    .map(|x| plan_lines::describe(&m.data.providers, x, l))
                    .collect::<Vec<_>>()
                    .join(FormText::ListSeparator.s(l))
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{marker}{label}"), label_style),
                Span::raw(" "),
                Span::styled(text::truncate(&value, input_cols), input_style),
            ]));
            match (&services, focused) {
                (Some((rows, at)), true) => {
                    if let Some((x, y)) = at {
                        cursor = Some((*x, lines.len() + y));
                    }
                    lines.extend(rows.iter().cloned());
                }
                _ => match &field.error {
                    Some(e) => lines.extend(wrapped(
                        &format!("✗ {e}"),
                        label_cols + 1,
                        width,
                        theme.error(),
                    )),
                    None => lines.push(Line::raw("")),
                },
            }
            continue;
        }
        if field.kind == FieldKind::Body && field.merge.is_none() {
            let value = field.input.value();
            if focused {
                let (rows, (x, y)) = body::layout(value, field.input.cursor(), input_cols);
                let fit = body_rows_for(inner.height).max(1);
                let top = (y + 1).saturating_sub(fit);
                let last = (top + fit).min(rows.len()) - 1;
                let below = rows.len() - 1 - last;
                for (j, row) in rows.iter().enumerate().skip(top).take(fit) {
                    // Rows out of view are counted beside the text: ↑ above, ↓ below.
                    let mut hidden = Vec::new();
                    if j == top + 1 && top > 0 {
                        hidden.push(format!("↑{top}"));
                    }
                    if j == last && j > top && below > 0 {
                        hidden.push(format!("↓{below}"));
                    }
                    let lead = if j == top {
                        format!("{marker}{label} ")
                    } else {
                        format!("{} ", text::pad_left(&hidden.join(" "), label_cols))
                    };
                    let style = if j == top {
                        label_style
                    } else {
                        Style::default()
                    };
                    lines.push(Line::from(vec![
                        Span::styled(lead, style),
                        Span::styled(row.clone(), input_style),
                    ]));
                    if j == y {
                        cursor = Some((label_cols + 1 + x, lines.len() - 1));
                    }
                }
            } else {
                let more = value.lines().count().saturating_sub(1);
                let shown = match more {
                    0 => body::first_line(value).to_string(),
                    n => format!(
                        "{} {}",
                        body::first_line(value),
                        FormText::MoreLines.s(l).replace("{n}", &n.to_string())
                    ),
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{marker}{label}"), label_style),
                    Span::raw(" "),
                    Span::styled(text::truncate(&shown, input_cols), input_style),
                ]));
            }
            match &field.error {
                Some(e) => lines.extend(wrapped(
                    &format!("✗ {e}"),
                    label_cols + 1,
                    width,
                    theme.error(),
                )),
                None if focused => lines.extend(wrapped(
                    FormText::HintBody.s(l),
                    label_cols + 1,
                    width,
                    theme.dim(),
                )),
                None => lines.push(Line::raw("")),
            }
            continue;
        }
        let scroll = field.input.visual_scroll(input_cols);
        let mark = match &field.merge {
            Some(Merge::Theirs) => FormText::TheirChange.s(l),
            Some(Merge::Picked { theirs: true }) => FormText::TheirsChosen.s(l),
            Some(Merge::Picked { theirs: false }) => FormText::YoursChosen.s(l),
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
        // A value selected on arriving (typing replaces it) is shown reversed.
        let value_style = if focused && form.selected {
            theme.selected()
        } else {
            input_style
        };
        // A birth date that reads shows the age it makes today beside it.
        let age = if field.kind == crate::tui::form::FieldKind::BirthDate {
            crate::domain::dates::parse_birth_date(field.input.value(), m.today)
                .ok()
                .flatten()
                .and_then(|b| crate::domain::dates::age_on(b, m.today))
                .map(|a| format!(" ({})", T::AgeYears.s(l).replace("{n}", &a.to_string())))
                .unwrap_or_default()
        } else {
            String::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{label}"), label_style),
            Span::raw(" "),
            Span::styled(shown, value_style),
            Span::styled(mark.to_string(), theme.warning()),
            Span::styled(age, theme.dim()),
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
                    let hint = if field.label == T::CorrectionReason {
                        FormText::HintReasons.s(l)
                    } else {
                        field.kind.hint(l)
                    };
                    lines.extend(wrapped(hint, indent, width, theme.dim()));
                }
            }
            _ => lines.push(Line::raw("")),
        }
        if focused && let Some(sel) = form.picker {
            let found = choices::field_candidates(field, &m.data.staff, &m.data.providers);
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
                FormText::NoneValue.s(lang).to_string()
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
    // Whole choices only: those past the width give way to "…" (要介… did not read).
    let mut shown = format!("{}{lead}", " ".repeat(indent));
    for (i, p) in parts[first..].iter().enumerate() {
        let sep = if i == 0 { "" } else { " " };
        let more = first + i + 1 < parts.len();
        let tail = if more { 2 } else { 0 };
        if text::width(&shown) + text::width(sep) + text::width(p) + tail > width {
            shown.push_str(" …");
            break;
        }
        shown.push_str(sep);
        shown.push_str(p);
    }
    Line::styled(text::truncate(&shown, width), theme.dim())
}

/// The rows under a focused services field: one per service (provider, type, frequency; ⚠ for
/// a type the provider has not registered), then the step of a line being added or changed,
/// and where the cursor goes (column, row among these).
fn services<'a>(
    m: &Model,
    theme: &Theme,
    form: &Form,
    value: &str,
    error: Option<&str>,
    width: usize,
) -> (Vec<Line<'a>>, Option<(usize, usize)>) {
    let l = m.lang;
    let providers = &m.data.providers;
    let found = plan_lines::lines(value);
    let step = &form.lines.step;
    let editing = match step {
        Some(
            Step::Provider { editing, .. }
            | Step::Type { editing, .. }
            | Step::Frequency { editing, .. },
        ) => *editing,
        Some(Step::Remove(at)) => Some(*at),
        Some(Step::Duplicate { editing, .. }) => *editing,
        None => Some(form.lines.selected.min(found.len().saturating_sub(1))),
    };
    let mut rows = Vec::new();
    let mut cursor = None;
    let lacking = FormText::TypeNotRegistered.s(l);
    let marks: Vec<&str> = found
        .iter()
        .map(|x| {
            if plan_lines::offers(providers, &x.office, &x.code) == Some(false) {
                lacking
            } else {
                ""
            }
        })
        .collect();
    let names: Vec<String> = found
        .iter()
        .map(|x| plan_lines::provider_name(providers, &x.office))
        .collect();
    // "› name  type  frequency mark": the provider's name gives way, the rest is shown whole.
    let fixed = |j: usize| {
        let x = &found[j];
        3 + 2
            + text::width(&plan_lines::type_name(&x.code, l))
            + 2
            + text::width(&x.frequency)
            + text::width(marks[j])
    };
    let name_col = (0..found.len())
        .map(|j| text::width(&names[j]).min(width.saturating_sub(fixed(j))))
        .max()
        .unwrap_or(0)
        .max(6);
    for (j, x) in found.iter().enumerate() {
        let chosen = editing == Some(j);
        let mark = marks[j];
        let col = name_col.min(width.saturating_sub(fixed(j))).max(6);
        let name = text::truncate(&names[j], col);
        let row = format!(
            "{}{}  {}  {}{mark}",
            if chosen { " › " } else { "   " },
            text::pad_right(&name, col),
            plan_lines::type_name(&x.code, l),
            x.frequency
        );
        let style = if chosen && step.is_none() {
            theme.selected()
        } else if !mark.is_empty() {
            theme.warning()
        } else {
            Style::default()
        };
        rows.push(Line::styled(row, style));
    }
    if found.is_empty() && step.is_none() {
        rows.push(Line::styled(
            format!("   {}", FormText::NoServices.s(l)),
            theme.dim(),
        ));
    }
    let pad = "   ";
    match step {
        None => {
            if let Some(e) = error {
                rows.extend(wrapped(&format!("✗ {e}"), 3, width, theme.error()));
            }
        }
        Some(Step::Remove(at)) => {
            let what = found
                .get(*at)
                .map(|x| plan_lines::describe(providers, x, l))
                .unwrap_or_default();
            let q = pick2(
                l,
                format!("「{what}」を外しますか？  y: 外す  n: やめる"),
                format!("Remove \"{what}\"?  y: remove  n: keep"),
            );
            rows.extend(wrapped(&q, 3, width, theme.error()));
        }
        Some(Step::Duplicate { line, .. }) => {
            let what = plan_lines::describe(providers, line, l);
            let q = pick2(
                l,
                format!(
                    "「{what}」: 同じ事業所・種類の行があります。加えますか？  y: 加える  n: やめる"
                ),
                format!(
                    "\"{what}\": this provider and type are already listed. Add it anyway?  y: add  n: stop"
                ),
            );
            rows.extend(wrapped(&q, 3, width, theme.error()));
        }
        Some(Step::Provider { typed, pick, .. }) => {
            let prompt = format!("{pad}{}: ", FormText::Provider.s(l));
            cursor = Some((text::width(&prompt) + text::width(typed), rows.len()));
            rows.push(Line::from(vec![
                Span::raw(prompt),
                Span::styled(typed.clone(), theme.warning()),
            ]));
            let list = plan_lines::picker(providers, typed);
            if list.is_empty() {
                rows.push(Line::styled(
                    format!("{pad}{}", FormText::NoProviderMatches.s(l)),
                    theme.dim(),
                ));
            }
            let top = pick.saturating_sub(PICKER_ROWS - 1);
            for (j, c) in list.iter().enumerate().skip(top).take(PICKER_ROWS) {
                let row = format!("{pad}{} {}", if j == *pick { "›" } else { " " }, c.shown);
                let style = if j == *pick {
                    theme.selected()
                } else {
                    Style::default()
                };
                rows.push(Line::styled(text::truncate(&row, width), style));
            }
            if list.len() > PICKER_ROWS {
                rows.push(Line::styled(
                    format!("{pad}  {}/{}", pick + 1, list.len()),
                    theme.dim(),
                ));
            }
        }
        Some(Step::Type {
            office, at, asking, ..
        }) => {
            let (types, own) = plan_lines::type_choices(providers, office);
            let name = plan_lines::provider_name(providers, office);
            rows.push(Line::raw(text::truncate(
                &format!("{pad}{}: {name}", FormText::Provider.s(l)),
                width,
            )));
            let code = types.get(*at).cloned().unwrap_or_default();
            let whose = if *at < own {
                pick2(
                    l,
                    format!("（この事業所の種類 {}/{own}）", at + 1),
                    format!("(this provider's, {}/{own})", at + 1),
                )
            } else {
                pick2(
                    l,
                    "⚠ その他の種類（この事業所の登録にない）".to_string(),
                    "⚠ other type (not registered for this provider)".to_string(),
                )
            };
            rows.push(Line::styled(
                text::truncate(
                    &format!(
                        "{pad}{}: ◀ {} ▶ {whose}",
                        FormText::Type.s(l),
                        plan_lines::type_name(&code, l)
                    ),
                    width,
                ),
                if *at < own {
                    theme.warning()
                } else {
                    theme.error()
                },
            ));
            if *asking {
                let registered = types[..own.min(types.len())]
                    .iter()
                    .map(|c| plan_lines::type_name(c, l))
                    .collect::<Vec<_>>()
                    .join(FormText::ListSeparator.s(l));
                let q = pick2(
                    l,
                    format!(
                        "{name} の登録は「{registered}」です。{} で追加しますか？ y: 追加（⚠ 印付き） n: 選び直す",
                        plan_lines::type_name(&code, l)
                    ),
                    format!(
                        "{name} is registered for \"{registered}\". Add {} anyway? y: add (marked ⚠)  n: choose again",
                        plan_lines::type_name(&code, l)
                    ),
                );
                rows.extend(wrapped(&q, 3, width, theme.error()));
            }
        }
        Some(Step::Frequency {
            office,
            code,
            input,
            ..
        }) => {
            rows.push(Line::raw(text::truncate(
                &format!(
                    "{pad}{}  {}",
                    plan_lines::provider_name(providers, office),
                    plan_lines::type_name(code, l)
                ),
                width,
            )));
            let prompt = format!("{pad}{}: ", FormText::Frequency.s(l));
            cursor = Some((text::width(&prompt) + input.visual_cursor(), rows.len()));
            rows.push(Line::from(vec![
                Span::raw(prompt),
                Span::styled(input.value().to_string(), theme.warning()),
            ]));
            rows.push(Line::styled(
                format!("{pad}{}", FormText::HintFrequency.s(l)),
                theme.dim(),
            ));
        }
    }
    (rows, cursor)
}

/// A text of each language, built at run time.
fn pick2(l: crate::domain::Lang, ja: String, en: String) -> String {
    match l {
        crate::domain::Lang::Ja => ja,
        crate::domain::Lang::En => en,
    }
}

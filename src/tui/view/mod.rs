//! `view(model, frame)`: draws the model. Pure: reads the model, writes only the frame.

mod abbrev;
mod board;
mod case_record;
mod caseload;
mod concentration;
mod detail;
mod enrollment;
mod form;
mod home;
mod lists;
mod monitoring;
mod move_in;
mod office_system;
mod plan_steps;
mod popup;

use super::i18n::T;
use super::model::{Model, Overlay, Severity, Tab};
use crate::config::{Borders, ColorMode};
use crate::present::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Below this the screen shows only "terminal too small".
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 8;

/// Colours and borders from the settings; meaning never rides on colour alone.
pub struct Theme {
    pub color: bool,
    pub border: border::Set<'static>,
}

const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    pub fn from_model(m: &Model) -> Theme {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match m.config.color {
            ColorMode::Never => false,
            ColorMode::Always => true,
            ColorMode::Auto => !no_color_env,
        };
        let border = match m.config.borders {
            Borders::Rounded => border::ROUNDED,
            Borders::Plain => border::PLAIN,
            Borders::Ascii => ASCII_BORDER,
        };
        Theme { color, border }
    }
    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }
    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn dim(&self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }
    pub fn heading(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn block<'a>(&self, title: &'a str) -> Block<'a> {
        Block::bordered()
            .border_set(self.border)
            .title(format!(" {title} "))
    }
}

pub fn view(m: &Model, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = text::truncate(T::TooSmall.s(m.lang), usize::from(area.width));
        f.render_widget(Paragraph::new(msg), area);
        return;
    }
    let theme = Theme::from_model(m);
    let status_rows = status_lines(m, usize::from(area.width)).len().max(1) as u16;
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(status_rows),
    ])
    .areas(area);
    tabs(m, &theme, f, top);
    // The topmost full-screen layer is drawn; popups are drawn over it.
    let base = m.overlays.iter().rposition(|o| {
        matches!(
            o,
            Overlay::Detail { .. }
                | Overlay::Form(_)
                | Overlay::Help { .. }
                | Overlay::Batch { .. }
                | Overlay::History { .. }
                | Overlay::ImportSummary(_)
                | Overlay::EnrollmentProvider { .. }
                | Overlay::EnrollmentOffice { .. }
                | Overlay::Reviews { .. }
                | Overlay::MoveIn { .. }
                | Overlay::Corrections(_)
                | Overlay::Concentration
                | Overlay::OfficeSystem
                | Overlay::CaseRecord(_)
                | Overlay::PlanSteps(_)
        )
    });
    match base.map(|i| &m.overlays[i]) {
        Some(Overlay::Detail { detail, scroll }) => {
            detail::draw(m, &theme, f, body, detail, *scroll)
        }
        Some(Overlay::Form(form)) => form::draw(m, &theme, f, body, form),
        Some(Overlay::Help { scroll }) => popup::help(m, &theme, f, body, *scroll),
        Some(Overlay::Batch { selected }) => board::batch(m, &theme, f, body, *selected),
        Some(Overlay::History { title, rows }) => board::history(m, &theme, f, body, title, rows),
        Some(Overlay::ImportSummary(s)) => board::import_summary(m, &theme, f, body, s),
        Some(Overlay::EnrollmentProvider {
            provider_id,
            scroll,
        }) => enrollment::provider(m, &theme, f, body, *provider_id, *scroll),
        Some(Overlay::EnrollmentOffice { scroll }) => {
            enrollment::office(m, &theme, f, body, *scroll)
        }
        Some(Overlay::Reviews { items, selected }) => {
            board::reviews(m, &theme, f, body, items, *selected)
        }
        Some(Overlay::MoveIn { items, selected }) => {
            move_in::draw(m, &theme, f, body, items, *selected)
        }
        Some(Overlay::Corrections(c)) => corrections(m, &theme, f, body, c),
        Some(Overlay::Concentration) => concentration::draw(m, &theme, f, body),
        Some(Overlay::OfficeSystem) => office_system::draw(m, &theme, f, body),
        Some(Overlay::CaseRecord(c)) => case_record::draw(m, &theme, f, body, c),
        Some(Overlay::PlanSteps(r)) => plan_steps::draw(m, &theme, f, body, r),
        // Until the data is read (a few dozen ms), the screen's frame and one line.
        _ if m.loading => f.render_widget(
            Paragraph::new(text::truncate(
                T::Loading.s(m.lang),
                usize::from(body.width),
            )),
            body,
        ),
        _ => match m.tab {
            Tab::Home => home::draw(m, &theme, f, body),
            Tab::Caseload => caseload::draw(m, &theme, f, body),
            Tab::Board => board::draw(m, &theme, f, body),
            Tab::Enrollment => enrollment::draw(m, &theme, f, body),
            Tab::Monitoring => monitoring::draw(m, &theme, f, body),
            Tab::Clients => lists::clients(m, &theme, f, body),
            Tab::Providers => lists::providers(m, &theme, f, body),
            Tab::Office => lists::office(m, &theme, f, body),
        },
    }
    match m.overlays.last() {
        Some(Overlay::Confirm(c)) => popup::confirm(m, &theme, f, body, &c.question),
        Some(Overlay::DraftOffer(d)) => popup::draft(m, &theme, f, body, d),
        _ => {}
    }
    status_line(m, &theme, f, bottom);
}

fn tabs(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let names = [
        T::TabHome,
        T::TabClients,
        T::TabProviders,
        T::TabOffice,
        T::TabCaseload,
        T::TabBoard,
        T::TabEnrollment,
        T::TabMonitoring,
    ];
    let active = m.shown_tab().index();
    let names: Vec<&str> = names.iter().map(|t| t.s(m.lang)).collect();
    let mut spans = Vec::new();
    let read_only = m.read_only.then(|| T::ReadOnly.s(m.lang));
    let notes: Vec<&str> = m
        .title_note
        .as_deref()
        .into_iter()
        .chain(read_only)
        .collect();
    let note = (!notes.is_empty()).then(|| format!("[{}] ", notes.join("・")));
    let room =
        usize::from(area.width).saturating_sub(note.as_deref().map(text::width).unwrap_or(0));
    // The name goes first where it leaves the tabs 60 columns or more.
    const NAME: &str = " careplan ";
    let named = room >= 60 + NAME.len();
    let bar = tab_bar(&names, active, room - if named { NAME.len() } else { 0 });
    if named {
        spans.push(Span::styled(NAME, theme.heading()));
    }
    if let Some(n) = note {
        spans.push(Span::styled(n, theme.warning()));
    }
    spans.extend(bar.into_iter().map(|(t, lit)| {
        if lit {
            Span::styled(t, theme.selected())
        } else {
            Span::raw(t)
        }
    }));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The tab bar's pieces within `width` columns, each with whether it is the active tab, which is
/// always whole and in view. Compact (one space apart); where the names do not all fit, the other
/// tabs give up columns a column at a time, the longest name first (「5モニタ…」), down to their
/// number and first letter (「2利…」); narrower still, the bar shows the tabs around the active one
/// with ‹ › where some are left out.
pub fn tab_bar(names: &[&str], active: usize, width: usize) -> Vec<(String, bool)> {
    let piece = |i: usize, max: usize| -> (String, bool) {
        // A cut name does not end on its separator (「6計画・…」 reads 「6計画…」).
        let name = text::truncate(names[i], max).replace("・…", "…");
        let label = format!("{}{name}", i + 1);
        if i == active {
            (format!("[{label}]"), true)
        } else {
            (format!(" {label} "), false)
        }
    };
    let total = |p: &[(String, bool)]| p.iter().map(|(t, _)| text::width(t)).sum::<usize>();
    // The fewest columns a name shortens to: its first letter and "…".
    let least = |i: usize| {
        let first = names[i]
            .chars()
            .next()
            .map_or(0, |c| text::width(&c.to_string()));
        (first + 1).min(text::width(names[i]))
    };
    let mut max: Vec<usize> = names.iter().map(|n| text::width(n)).collect();
    let short = loop {
        let bar: Vec<_> = (0..names.len()).map(|i| piece(i, max[i])).collect();
        if total(&bar) <= width {
            return bar;
        }
        let longest = (0..names.len())
            .filter(|&i| i != active && max[i] > least(i))
            .max_by_key(|&i| (max[i], std::cmp::Reverse(i)));
        match longest {
            Some(i) => max[i] -= 1,
            None => break bar,
        }
    };
    // A window around the active tab, widened a tab at a time (right first) while it fits
    // with a mark for each side that leaves tabs out.
    let w = |i: usize| text::width(&short[i].0);
    let (mut lo, mut hi) = (active, active);
    let need = |lo: usize, hi: usize| -> usize {
        (lo..=hi).map(w).sum::<usize>() + usize::from(lo > 0) + usize::from(hi + 1 < names.len())
    };
    loop {
        if hi + 1 < names.len() && need(lo, hi + 1) <= width {
            hi += 1;
        } else if lo > 0 && need(lo - 1, hi) <= width {
            lo -= 1;
        } else {
            break;
        }
    }
    let mut out = Vec::new();
    if lo > 0 {
        out.push(("‹".to_string(), false));
    }
    out.extend(short[lo..=hi].iter().cloned());
    if hi + 1 < names.len() {
        out.push(("›".to_string(), false));
    }
    out
}

/// The corrections list: the owner in the title, one record per line, the cursor's row lit.
fn corrections(
    m: &Model,
    theme: &Theme,
    f: &mut Frame,
    area: Rect,
    c: &crate::tui::corrections::Corrections,
) {
    let l = m.lang;
    let title = format!("{} — {}", T::CorrectionsTitle.s(l), c.title);
    let block = theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    let fit = usize::from(inner.height).max(1);
    if c.items.is_empty() {
        f.render_widget(
            Paragraph::new(text::truncate(T::CorrectionsEmpty.s(l), width)),
            inner,
        );
        return;
    }
    let first = crate::tui::model::first_row(0, c.selected, fit);
    let lines: Vec<Line> = c
        .items
        .iter()
        .enumerate()
        .skip(first)
        .take(fit)
        .map(|(i, item)| {
            let row = format!(
                "{}{} {}",
                if i == c.selected { "▶ " } else { "  " },
                text::pad_right(&item.kind, 12),
                item.line
            );
            let row = text::truncate(&row, width);
            if i == c.selected {
                Line::styled(row, theme.selected())
            } else {
                Line::raw(row)
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

/// A message on the bottom line: up to three lines when it does not fit, so the reason and
/// the fix are both read (the reason comes first in every message).
fn status_lines(m: &Model, width: usize) -> Vec<String> {
    match &m.status {
        Some((Severity::Error, msg)) => {
            text::wrap(&format!("{} {msg}", T::ErrorLabel.s(m.lang)), width, 3)
        }
        Some((Severity::Info, msg)) => text::wrap(msg, width, 3),
        None => vec![],
    }
}

fn status_line(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    let lines: Vec<Line> = match &m.status {
        Some((severity, _)) => {
            let style = if *severity == Severity::Error {
                theme.error()
            } else {
                ratatui::style::Style::default()
            };
            status_lines(m, width)
                .into_iter()
                .map(|l| Line::styled(l, style))
                .collect()
        }
        None => {
            let hint: String = match (m.overlays.last(), m.tab) {
                // A form's keys, as many as fit (what typing does to a selected value last,
                // and kept).
                (Some(Overlay::Form(form)), _) => {
                    let hints = split_hints(&form::footer(form, m.lang));
                    return f.render_widget(
                        Paragraph::new(Line::styled(fit_hints(&hints, width), theme.dim())),
                        area,
                    );
                }
                (Some(Overlay::DraftOffer(_)), _) => T::DraftKeys.s(m.lang).to_string(),
                // While a search is typed, letters go into it: only these keys act.
                (None, Tab::Clients) if m.clients.searching => T::SearchKeys.s(m.lang).to_string(),
                (None, Tab::Providers) if m.providers.searching => {
                    T::SearchKeys.s(m.lang).to_string()
                }
                (None, Tab::Monitoring) if m.monitoring.list.searching => {
                    T::SearchKeys.s(m.lang).to_string()
                }
                (Some(Overlay::CaseRecord(c)), _) if c.list.searching => {
                    T::SearchKeys.s(m.lang).to_string()
                }
                (Some(Overlay::PlanSteps(_)), _) => {
                    let hints = super::key_table::footer(super::keymap::Context::PlanSteps, m.lang);
                    return f.render_widget(
                        Paragraph::new(Line::styled(fit_hints(&hints, width), theme.dim())),
                        area,
                    );
                }
                (Some(Overlay::CaseRecord(_)), _) => {
                    let hints =
                        super::key_table::footer(super::keymap::Context::CaseRecord, m.lang);
                    return f.render_widget(
                        Paragraph::new(Line::styled(fit_hints(&hints, width), theme.dim())),
                        area,
                    );
                }
                // A tab's own screen: its keys from the keymap, as many as fit.
                (None, tab) => {
                    let hints = super::key_table::footer(tab.context(), m.lang);
                    return f.render_widget(
                        Paragraph::new(Line::styled(fit_hints(&hints, width), theme.dim())),
                        area,
                    );
                }
                // A window's keys, as many as fit, the last (how to leave it) kept.
                (Some(overlay), _) => {
                    let hints = split_hints(footer_hint(overlay).s(m.lang));
                    return f.render_widget(
                        Paragraph::new(Line::styled(fit_hints(&hints, width), theme.dim())),
                        area,
                    );
                }
            };
            vec![Line::styled(text::truncate(&hint, width), theme.dim())]
        }
    };
    f.render_widget(Paragraph::new(lines), area);
}

/// The keys of the window in front.
fn footer_hint(overlay: &Overlay) -> T {
    match overlay {
        Overlay::Detail {
            detail: super::model::Detail::Client(_),
            ..
        } => T::DetailKeys,
        Overlay::Detail {
            detail: super::model::Detail::Staff(_),
            ..
        } => T::StaffDetailKeys,
        Overlay::Detail { .. } => T::ProviderDetailKeys,
        Overlay::Help { .. } => T::HelpClose,
        Overlay::Batch { .. } => T::BatchKeys,
        Overlay::History { .. } => T::HistoryKeys,
        Overlay::EnrollmentProvider { .. } => T::ProviderPanelKeys,
        Overlay::EnrollmentOffice { .. } => T::OfficePanelKeys,
        Overlay::ImportSummary(_) => T::HistoryKeys,
        Overlay::Reviews { .. } => T::ReviewsKeys,
        Overlay::MoveIn { .. } => T::MoveInKeys,
        // c and p jump to a client's certifications and plans: a staff member's or a
        // provider's list has neither.
        Overlay::Corrections(c) if matches!(c.owner, super::corrections::Owner::Client(_)) => {
            T::CorrectionsKeys
        }
        Overlay::Corrections(_) => T::CorrectionsKeysNoJump,
        Overlay::Concentration => T::ConcentrationKeys,
        Overlay::OfficeSystem => T::OfficeSystemKeys,
        _ => T::ConfirmKeys,
    }
}

/// A footer text's hints: parted by two spaces, or (where the text is written one space
/// apart, as `n 記録 r 経過 …`) key and word by key and word.
fn split_hints(s: &str) -> Vec<String> {
    if s.contains("  ") {
        return s.split("  ").map(str::to_string).collect();
    }
    let words: Vec<&str> = s.split(' ').collect();
    words.chunks(2).map(|pair| pair.join(" ")).collect()
}

/// Footer hints two spaces apart (one when that fits more), as many as fit in `width` from the
/// first; the last one (`?` help) is kept whenever it fits at all, so the way to every other key
/// is always shown.
pub fn fit_hints(hints: &[String], width: usize) -> String {
    let Some((last, rest)) = hints.split_last() else {
        return String::new();
    };
    let fit = |sep: &'static str| {
        let room = width.saturating_sub(text::width(last) + sep.len());
        let mut out = String::new();
        let mut n = 0;
        for h in rest {
            let add = if out.is_empty() {
                h.clone()
            } else {
                format!("{sep}{h}")
            };
            if text::width(&out) + text::width(&add) > room {
                break;
            }
            out.push_str(&add);
            n += 1;
        }
        (n, out, sep)
    };
    let wide = fit("  ");
    let (_, out, sep) = if wide.0 == rest.len() {
        wide
    } else {
        let narrow = fit(" ");
        if narrow.0 > wide.0 { narrow } else { wide }
    };
    if out.is_empty() {
        text::truncate(last, width)
    } else {
        format!("{out}{sep}{last}")
    }
}

/// Lays out one table row: cells cut and padded to their widths, numbers right-aligned.
pub fn row_text(cells: &[String], widths: &[usize], numeric: &[usize]) -> String {
    cells
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (c, w))| {
            if numeric.contains(&i) {
                text::pad_left(c, *w)
            } else {
                text::pad_right(c, *w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Widths for columns: fixed ones as given, the `flex` column takes what is left.
pub fn widths(total: usize, fixed: &[usize], flex: usize) -> Vec<usize> {
    let used: usize = fixed
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != flex)
        .map(|(_, w)| w + 1)
        .sum();
    fixed
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == flex {
                total.saturating_sub(used).max(4)
            } else {
                *w
            }
        })
        .collect()
}

//! 計画・送付: the month's board (clients × their providers, what went and what came back),
//! the paper batch and a cell's history.

use super::Theme;
use crate::domain::Lang;
use crate::domain::delivery::{CellState, Mark};
use crate::domain::service_types;
use crate::exchange::ingest::Summary;
use crate::present::text::{pad_left, pad_right, truncate, width};
use crate::store::deliveries::{BoardRow, EventRow, paper_batch};
use crate::store::exchange::Review;
use crate::tui::i18n::{BoardText, T};
use crate::tui::model::{BoardCounts, BoardFilter, Model, first_row};
use crate::tui::view::abbrev;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A cell is never narrower than this: brackets, the state and one Japanese character.
const MIN_CELL: usize = 6;
/// Nor wider (a long name is spelled out below the board anyway).
const MAX_CELL: usize = 32;

/// The client names' column: narrower on a narrow terminal, so the cells keep their room.
fn name_cols(width: usize) -> usize {
    match width {
        0..70 => 8,
        70..140 => 11,
        _ => 14,
    }
}

/// How one row's cells share the columns left of the client's name: as wide as the row
/// allows (a row of three gets more than a row of six), the cursor's cell always shown.
struct RowCells {
    /// The first cell shown and how many.
    first: usize,
    shown: usize,
    /// Columns for each cell's provider label.
    label_cols: Vec<usize>,
    /// A space between the state and the label.
    spaced: bool,
    /// Whether each cell has room for its service type's short name.
    with_type: Vec<bool>,
}

impl RowCells {
    fn new(row: &BoardRow, avail: usize, cursor: Option<usize>, l: Lang) -> RowCells {
        let n = row.cells.len().max(1);
        let mut cell = (avail / n).clamp(MIN_CELL, MAX_CELL);
        let mut shown = n;
        if n * cell > avail {
            // Not all fit: room for "…" on both sides.
            cell = MIN_CELL;
            shown = (avail.saturating_sub(2) / cell).max(1);
        }
        let first = cursor.map_or(0, |c| (c + 1).saturating_sub(shown));
        // Inside the brackets: the state (2 columns), then the label and, room allowing,
        // a space and the service type.
        let rest = cell - 4;
        let spaced = rest >= 7;
        let (label_cols, with_type) = row
            .cells
            .iter()
            .map(|c| {
                let tw = width(service_types::short(&c.service_type, l));
                if rest >= tw + 8 {
                    (rest - tw - 2, true)
                } else if spaced {
                    (rest - 1, false)
                } else {
                    (rest, false)
                }
            })
            .unzip();
        RowCells {
            first,
            shown,
            label_cols,
            spaced,
            with_type,
        }
    }
}

fn month_title(m: &Model, what: &str) -> String {
    format!(
        "{what} ◀ {} ▶",
        m.board.month.format(BoardText::MonthFormat.s(m.lang))
    )
}

fn mark_text(mark: Option<Mark>, l: Lang) -> String {
    match mark {
        Some(x) => format!("{} {}", x.channel.label(l), x.at.format("%Y-%m-%d %H:%M")),
        None => BoardText::NoneValue.s(l).to_string(),
    }
}

fn state_style(theme: &Theme, s: CellState) -> Style {
    if !theme.color {
        return Style::default();
    }
    match s {
        CellState::NotSent => Style::default().fg(Color::Yellow),
        CellState::Sent => Style::default(),
        CellState::Received => Style::default().fg(Color::Green),
        CellState::ActualsOverdue => Style::default().fg(Color::Red),
    }
}

pub fn draw(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    let b = &m.board;
    let title = month_title(m, T::TabBoard.s(l));
    let block = theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    if b.loaded != Some(b.month) {
        f.render_widget(Paragraph::new(BoardText::Loading.s(l)), inner);
        return;
    }
    let BoardCounts {
        cells: n,
        sent,
        received,
        overdue,
    } = b.counts;
    let filter = match b.filter {
        BoardFilter::All => T::All.s(l),
        BoardFilter::NotSent => BoardText::NotSent.s(l),
        BoardFilter::ActualsMissing => BoardText::ActualsMissing.s(l),
    };
    let cm = b
        .care_manager_filter
        .and_then(|id| m.data.staff.iter().find(|s| s.id == id))
        .map(|s| s.name.as_str())
        .unwrap_or(T::All.s(l));
    let channel = b
        .channel
        .map(|c| c.label(l))
        .unwrap_or(BoardText::ProviderDefault.s(l));
    let head = [
        format!(
            "{} {sent}/{n}  {} {received}/{n}  {} {overdue}",
            BoardText::SchedulesSent.s(l),
            BoardText::ActualsIn.s(l),
            BoardText::Overdue.s(l),
        ),
        match m.importing {
            Some((done, total)) => {
                format!("{} {done}/{total}", BoardText::ImportingExchangeFiles.s(l))
            }
            None => format!(
                "{} {filter}  {} {cm}  {} {channel}  ({} {})",
                BoardText::Filter.s(l),
                BoardText::CM.s(l),
                BoardText::Channel.s(l),
                b.list.visible.len(),
                BoardText::ClientsUnit.s(l)
            ),
        },
        if b.show_dates {
            BoardText::CellLegend.s(l)
        } else {
            BoardText::StateLegend.s(l)
        }
        .to_string(),
    ];
    // The cursor cell spelled out below the board: client and provider, then the channel, state
    // and marks; a first line too long for the width wraps (the board gives up a row), never cut.
    let foot_lines: Vec<Line> = match b.cursor() {
        Some((ri, ci)) => {
            let c = &b.rows[ri].cells[ci];
            let state = c.marks.state(b.month, m.today, &m.rules);
            let who = format!(
                "{} — {}  {} {}  {} {}  — {}",
                b.rows[ri].name,
                c.provider_name,
                c.service_type,
                service_types::find(&c.service_type)
                    .map(|t| t.name(l))
                    .unwrap_or_default(),
                BoardText::Via.s(l),
                c.channel.label(l),
                state.label(l)
            );
            let marks = format!(
                "{}: {}  {}: {} ({} {})",
                BoardText::Schedule.s(l),
                mark_text(c.marks.sent, l),
                BoardText::Actuals.s(l),
                mark_text(c.marks.actuals, l),
                BoardText::Due.s(l),
                m.rules.actuals_due(b.month).format("%m-%d")
            );
            crate::present::text::wrap(&who, width, 2)
                .into_iter()
                .chain(crate::present::text::wrap(&marks, width, 2))
                .map(Line::raw)
                .collect()
        }
        None => vec![],
    };
    let foot_rows = u16::try_from(foot_lines.len().max(2)).unwrap_or(2);
    let [head_area, table, foot] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(1),
        Constraint::Length(foot_rows),
    ])
    .areas(inner);
    let head: Vec<Line> = head
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let st = if i == 2 {
                theme.dim()
            } else {
                Style::default()
            };
            Line::styled(truncate(s, width), st)
        })
        .collect();
    f.render_widget(Paragraph::new(head), head_area);

    let rows_fit = usize::from(table.height).max(1);
    let offset = b.list.first_row(rows_fit);
    let cursor = b.cursor();
    let mut lines = Vec::new();
    if b.list.visible.is_empty() {
        lines.push(Line::raw(T::Nothing.s(l)));
    }
    let name_cols = name_cols(width);
    for (pos, &ri) in b
        .list
        .visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows_fit)
    {
        let row = &b.rows[ri];
        let selected_row = pos == b.list.selected;
        let marker = if selected_row { "▶" } else { " " };
        let mut spans = vec![Span::styled(
            format!("{marker}{} ", pad_right(&row.name, name_cols)),
            if selected_row {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            },
        )];
        if row.cells.is_empty() {
            spans.push(Span::styled(BoardText::NoServicesPlanned.s(l), theme.dim()));
        }
        let cursor_col = cursor.filter(|_| selected_row).map(|c| c.1);
        let cells = RowCells::new(row, width.saturating_sub(name_cols + 2), cursor_col, l);
        if cells.first > 0 {
            spans.push(Span::raw("…"));
        }
        let labels = if b.show_dates {
            Vec::new()
        } else {
            let items: Vec<(&str, &str, &str)> = row
                .cells
                .iter()
                .map(|c| {
                    (
                        c.provider_name.as_ref(),
                        c.service_type.as_ref(),
                        service_types::short(&c.service_type, l),
                    )
                })
                .collect();
            abbrev::distinct_labels(&items, &cells.label_cols, &cells.with_type)
        };
        for (ci, cell) in row
            .cells
            .iter()
            .enumerate()
            .skip(cells.first)
            .take(cells.shown)
        {
            let state = cell.marks.state(b.month, m.today, &m.rules);
            let on = cursor_col == Some(ci);
            let body = if b.show_dates {
                // The latest mark: actuals once in, else the schedule sent.
                match cell.marks.actuals.or(cell.marks.sent) {
                    Some(x) => format!(
                        "{}{}",
                        pad_right(x.channel.short(l), 2),
                        x.at.format("%m/%d")
                    ),
                    None => "------".to_string(),
                }
            } else {
                labels.get(ci).cloned().unwrap_or_default()
            };
            let mut text = format!(
                "{}{}{}{}",
                if on { "[" } else { " " },
                pad_right(state.symbol(l), 2),
                if cells.spaced { " " } else { "" },
                pad_right(&body, cells.label_cols.get(ci).copied().unwrap_or(0))
            );
            if cells.with_type.get(ci) == Some(&true) {
                text.push(' ');
                text.push_str(service_types::short(&cell.service_type, l));
            }
            text.push_str(if on { "]" } else { " " });
            let style = if on {
                theme.selected()
            } else {
                state_style(theme, state)
            };
            spans.push(Span::styled(text, style));
        }
        if cells.first + cells.shown < row.cells.len() {
            spans.push(Span::raw("…"));
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), table);

    f.render_widget(Paragraph::new(foot_lines), foot);
}

/// The paper batch: providers not on the exchange, with the clients whose schedules go to them.
pub fn batch(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, selected: usize) {
    let l = m.lang;
    let b = &m.board;
    let list = paper_batch(&b.rows);
    super::popup::clear(f, area);
    let title = month_title(m, BoardText::PaperBatch.s(l));
    let block = theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if b.loaded != Some(b.month) {
        f.render_widget(Paragraph::new(BoardText::Loading.s(l)), inner);
        return;
    }
    // What the counts mean, then the two panes under their column headings.
    let [explain, panes] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let total_unsent: usize = list.iter().map(|p| p.unsent).sum();
    let total: usize = list.iter().map(|p| p.cells.len()).sum();
    f.render_widget(
        Paragraph::new(Line::styled(
            truncate(
                &match l {
                    Lang::Ja => format!(
                        "紙で送る {} 事業所: 提供票 {total} 件中 未送付 {total_unsent} 件（各行は 未送付/全件）",
                        list.len()
                    ),
                    Lang::En => format!(
                        "{} providers on paper: {total_unsent} of {total} schedules unsent (each row: unsent/all)",
                        list.len()
                    ),
                },
                usize::from(explain.width),
            ),
            theme.dim(),
        )),
        explain,
    );
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(panes);
    let w = usize::from(left.width);
    // As wide as its heading (未送付/全, unsent/all): the heading is never cut.
    let count_cols = crate::present::text::width(BoardText::UnsentAll.s(l)).max(9);
    let channel_cols = 6;
    let name_cols = w.saturating_sub(1 + channel_cols + count_cols + 2);
    let mut lines = vec![Line::styled(
        truncate(
            &format!(
                " {} {} {}",
                pad_right(BoardText::Provider.s(l), name_cols),
                pad_right(BoardText::ViaShort.s(l), channel_cols),
                pad_left(BoardText::UnsentAll.s(l), count_cols)
            ),
            w,
        ),
        theme.heading(),
    )];
    let fit = usize::from(left.height.saturating_sub(1)).max(1);
    let offset = first_row(0, selected, fit);
    for (i, p) in list.iter().enumerate().skip(offset).take(fit) {
        let row = format!(
            "{}{} {} {}",
            if i == selected { "▶" } else { " " },
            pad_right(&p.name, name_cols),
            pad_right(p.channel.label(l), channel_cols),
            pad_left(&format!("{}/{}", p.unsent, p.cells.len()), count_cols)
        );
        let st = if i == selected {
            theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::styled(truncate(&row, w), st));
    }
    f.render_widget(Paragraph::new(lines), left);
    // The right pane: the selected provider's schedules, set off by a rule.
    let divider = ratatui::widgets::Block::default().borders(ratatui::widgets::Borders::LEFT);
    let right_inner = divider.inner(right);
    f.render_widget(divider, right);
    let right = right_inner;
    let w = usize::from(right.width);
    let mut lines = Vec::new();
    if let Some(p) = list.get(selected) {
        lines.push(Line::styled(
            truncate(&format!("{} {}", p.office_number, p.name), w),
            theme.heading(),
        ));
        lines.push(Line::styled(
            truncate(
                &format!(
                    "{} {} {}",
                    pad_right(BoardText::Sent.s(l), 8),
                    BoardText::Client.s(l),
                    BoardText::Service.s(l)
                ),
                w,
            ),
            theme.dim(),
        ));
        for &(ri, ci) in &p.cells {
            let (row, cell) = (&b.rows[ri], &b.rows[ri].cells[ci]);
            let st = match cell.marks.sent {
                Some(s) => format!("{} {}", BoardText::SentMark.s(l), s.at.format("%m-%d")),
                None => BoardText::NotSentMark.s(l).to_string(),
            };
            lines.push(Line::raw(truncate(
                &match l {
                    crate::domain::Lang::Ja => format!(
                        "{} {} （{}）",
                        pad_right(&st, 8),
                        row.name,
                        service_types::short(&cell.service_type, l)
                    ),
                    crate::domain::Lang::En => format!(
                        "{} {} ({})",
                        pad_right(&st, 8),
                        row.name,
                        service_types::short(&cell.service_type, l)
                    ),
                },
                w,
            )));
        }
    } else {
        lines.push(Line::raw(BoardText::NoPaperProviders.s(l)));
    }
    f.render_widget(Paragraph::new(lines), right);
}

/// One cell's ledger rows, oldest first.
pub fn history(
    m: &Model,
    theme: &Theme,
    f: &mut Frame,
    area: Rect,
    title: &str,
    rows: &[EventRow],
) {
    let l = m.lang;
    super::popup::clear(f, area);
    let block = theme.block(title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    if rows.is_empty() {
        lines.push(Line::raw(BoardText::NothingRecorded.s(l)));
    }
    for e in rows {
        let kind = match e.withdraws {
            Some(k) => format!("{}({})", e.kind.label(l), k.label(l)),
            None => e.kind.label(l).to_string(),
        };
        let mut s = format!(
            "{} {} {} {}",
            e.at.format("%Y-%m-%d %H:%M"),
            pad_right(&kind, 12),
            pad_right(e.channel.label(l), 6),
            e.recorded_by
        );
        if let Some(file) = &e.source_file {
            s.push_str(&format!("  {file}"));
        }
        if !e.note.is_empty() {
            s.push_str(&format!("  {}", e.note));
        }
        lines.push(Line::raw(truncate(&s, w)));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// What the last exchange import did: counts, rejected files with the reason, unknown clients.
pub fn import_summary(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, s: &Summary) {
    let l = m.lang;
    super::popup::clear(f, area);
    let block = theme.block(BoardText::ExchangeImport.s(l));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    let mut lines = vec![
        Line::raw(truncate(
            &match l {
                Lang::Ja => format!(
                    "ファイル {}: 取り込み {}  取り込み済み {}  不合格 {}",
                    s.files_read,
                    s.files_imported,
                    s.files_duplicate,
                    s.files_rejected.len()
                ),
                Lang::En => format!(
                    "files {}: imported {}  already {}  rejected {}",
                    s.files_read,
                    s.files_imported,
                    s.files_duplicate,
                    s.files_rejected.len()
                ),
            },
            w,
        )),
        Line::raw(truncate(
            &match l {
                Lang::Ja => format!(
                    "送付記録 {}  計画 {}  新しい事業所 {}  空欄を補った項目 {}",
                    s.events_recorded, s.plans_recorded, s.providers_created, s.fields_filled
                ),
                Lang::En => format!(
                    "events {}  plans {}  new providers {}  fields filled {}",
                    s.events_recorded, s.plans_recorded, s.providers_created, s.fields_filled
                ),
            },
            w,
        )),
    ];
    let waiting = s.unmatched_clients.len() + s.differences;
    if waiting > 0 {
        lines.push(Line::styled(
            truncate(
                &match l {
                    Lang::Ja => format!(
                        "確認待ち: 未登録の利用者 {}  内容の違い {} — w で一覧",
                        s.unmatched_clients.len(),
                        s.differences
                    ),
                    Lang::En => format!(
                        "to review: unknown clients {}  differences {} — w lists them",
                        s.unmatched_clients.len(),
                        s.differences
                    ),
                },
                w,
            ),
            theme.warning(),
        ));
    }
    // A heading and each item whole (wrapped: a file name alone fills most of a line).
    let mut section = |heading: &str, items: Vec<String>, style| {
        if !items.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(heading.to_string(), theme.heading()));
            lines.extend(items.into_iter().map(|t| Line::styled(t, style)));
        }
    };
    section(
        BoardText::RejectedFiles.s(l),
        s.files_rejected.iter().map(ToString::to_string).collect(),
        theme.error(),
    );
    section(
        BoardText::PassedOverWithoutReading.s(l),
        s.skipped
            .iter()
            .map(|k| format!("{} — {}", k.path, k.reason))
            .collect(),
        theme.warning(),
    );
    section(
        BoardText::ImportWarnings.s(l),
        s.warnings.iter().map(ToString::to_string).collect(),
        theme.warning(),
    );
    f.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        inner,
    );
}

/// Unknown clients and differing values left by imports, one per line.
pub fn reviews(
    m: &Model,
    theme: &Theme,
    f: &mut Frame,
    area: Rect,
    items: &[Review],
    selected: usize,
) {
    let l = m.lang;
    super::popup::clear(f, area);
    let title = format!("{} ({})", BoardText::ImportReviews.s(l), items.len());
    let block = theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    let [list, detail] = Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(inner);
    let mut lines = Vec::new();
    if items.is_empty() {
        lines.push(Line::raw(BoardText::NothingToReview.s(l)));
    }
    let fit = usize::from(list.height).max(1);
    let offset = first_row(0, selected, fit);
    for (i, r) in items.iter().enumerate().skip(offset).take(fit) {
        // An unknown client is named as the file names them.
        let file_name = r.file_value("氏名");
        let who = r
            .client_name
            .clone()
            .unwrap_or_else(|| format!("{file_name} ({} {})", r.insurer_number, r.insured_number));
        let text = if r.kind == "unmatched_client" {
            format!("{} {who}", BoardText::Unknown.s(l))
        } else {
            format!(
                "{} {who} 「{}」 {} → {}",
                BoardText::Differs.s(l),
                r.field,
                r.ours,
                r.theirs
            )
        };
        let style = if i == selected {
            theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::styled(
            truncate(
                &format!("{}{text}", if i == selected { "▶" } else { " " }),
                w,
            ),
            style,
        ));
    }
    f.render_widget(Paragraph::new(lines), list);
    if let Some(r) = items.get(selected) {
        let hint = if r.kind == "unmatched_client" {
            BoardText::UnknownClientKeys.s(l)
        } else {
            BoardText::DifferenceKeys.s(l)
        };
        let text = vec![
            Line::raw(truncate(&r.theirs, w)),
            Line::styled(truncate(&r.file, w), theme.dim()),
            Line::styled(truncate(hint, w), theme.dim()),
        ];
        f.render_widget(Paragraph::new(text), detail);
    }
}

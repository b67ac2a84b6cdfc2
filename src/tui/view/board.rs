//! 計画・送付: the month's board (clients × their providers, what went and what came back),
//! the paper batch and a cell's history.

use super::Theme;
use crate::domain::Lang;
use crate::domain::delivery::{CellState, Mark};
use crate::exchange::ingest::Summary;
use crate::store::deliveries::{EventRow, paper_batch};
use crate::store::exchange::Review;
use crate::text::{pad_left, pad_right, truncate};
use crate::tui::i18n::T;
use crate::tui::model::{BoardCounts, BoardFilter, Model, first_row};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const NAME_COLS: usize = 12;
const CELL_COLS: usize = 11;

fn month_title(m: &Model, what: &str) -> String {
    format!(
        "{what} ◀ {} ▶",
        m.board.month.format(m.lang.pick("%Y年%m月", "%Y-%m"))
    )
}

fn mark_text(mark: Option<Mark>, l: Lang) -> String {
    match mark {
        Some(x) => format!("{} {}", x.channel.label(l), x.at.format("%Y-%m-%d %H:%M")),
        None => l.pick("なし", "none").to_string(),
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
        f.render_widget(Paragraph::new(l.pick("読み込み中…", "loading…")), inner);
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
        BoardFilter::NotSent => l.pick("未送付あり", "not sent"),
        BoardFilter::ActualsMissing => l.pick("実績未着あり", "actuals missing"),
    };
    let cm = b
        .care_manager_filter
        .and_then(|id| m.data.staff.iter().find(|s| s.id == id))
        .map(|s| s.name.as_str())
        .unwrap_or(T::All.s(l));
    let channel = b
        .channel
        .map(|c| c.label(l))
        .unwrap_or(l.pick("事業所の既定", "provider's own"));
    let head = [
        format!(
            "{} {sent}/{n}  {} {received}/{n}  {} {overdue}",
            l.pick("提供票 送付", "schedules sent"),
            l.pick("実績 受領", "actuals in"),
            l.pick("期限超過", "overdue"),
        ),
        match m.importing {
            Some((done, total)) => format!(
                "{} {done}/{total}",
                l.pick("連携ファイルを取り込み中…", "importing exchange files…")
            ),
            None => format!(
                "{} {filter}  {} {cm}  {} {channel}  ({} {})",
                l.pick("絞込", "filter"),
                l.pick("担当", "CM"),
                l.pick("記録する方法", "channel"),
                b.list.visible.len(),
                l.pick("人", "clients")
            ),
        },
        if b.show_dates {
            l.pick(
                "未 送 済 遅 + 方法（連=連携 F=FAX 郵=郵送 手=手渡し メ=メール 他）と日付",
                "- S R ! + channel (X exchange F FAX P post H hand E e-mail O other) and date",
            )
        } else {
            l.pick(
                "未=未送付  送=送付済・実績待ち  済=実績受領  遅=実績の期限超過  t で日付表示",
                "- not sent  S sent  R actuals in  ! actuals overdue  t shows dates",
            )
        }
        .to_string(),
    ];
    let [head_area, table, foot] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(1),
        Constraint::Length(2),
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
            format!(
                "{marker}{} ",
                pad_right(&truncate(&row.name, NAME_COLS - 1), NAME_COLS - 1)
            ),
            if selected_row {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            },
        )];
        let mut used = NAME_COLS + 1;
        if row.cells.is_empty() {
            spans.push(Span::styled(
                l.pick("（計画のサービスなし）", "(no services planned)"),
                theme.dim(),
            ));
        }
        for (ci, cell) in row.cells.iter().enumerate() {
            if used + CELL_COLS > width {
                spans.push(Span::raw("…"));
                break;
            }
            let state = cell.marks.state(b.month, m.today, &m.rules);
            let on = cursor == Some((ri, ci)) && selected_row;
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
                format!(" {}", truncate(&cell.provider_name, CELL_COLS - 5))
            };
            let text = format!(
                "{}{}{}",
                if on { "[" } else { " " },
                state.symbol(l),
                pad_right(&body, CELL_COLS - 4)
            );
            let text = format!(
                "{}{}",
                pad_right(&text, CELL_COLS - 1),
                if on { "]" } else { " " }
            );
            let style = if on {
                theme.selected()
            } else {
                state_style(theme, state)
            };
            spans.push(Span::styled(text, style));
            used += CELL_COLS;
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), table);

    let foot_lines = match cursor {
        Some((ri, ci)) => {
            let c = &b.rows[ri].cells[ci];
            let state = c.marks.state(b.month, m.today, &m.rules);
            vec![
                Line::raw(truncate(
                    &format!(
                        "{} {} ({}) {} {}  — {}",
                        b.rows[ri].name,
                        c.provider_name,
                        c.service_type,
                        l.pick("連絡方法", "via"),
                        c.channel.label(l),
                        state.label(l)
                    ),
                    width,
                )),
                Line::raw(truncate(
                    &format!(
                        "{}: {}  {}: {} ({} {})",
                        l.pick("提供票", "schedule"),
                        mark_text(c.marks.sent, l),
                        l.pick("実績", "actuals"),
                        mark_text(c.marks.actuals, l),
                        l.pick("期限", "due"),
                        m.rules.actuals_due(b.month).format("%m-%d")
                    ),
                    width,
                )),
            ]
        }
        None => vec![],
    };
    f.render_widget(Paragraph::new(foot_lines), foot);
}

/// The paper batch: providers not on the exchange, with the clients whose schedules go to them.
pub fn batch(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, selected: usize) {
    let l = m.lang;
    let b = &m.board;
    let list = paper_batch(&b.rows);
    super::popup::clear(f, area);
    let title = month_title(m, l.pick("FAX・郵送の一括送付", "Paper batch"));
    let block = theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(inner);
    let w = usize::from(left.width);
    let total_unsent: usize = list.iter().map(|p| p.unsent).sum();
    let mut lines = vec![Line::styled(
        truncate(
            &format!(
                "{} {}  {} {total_unsent}",
                l.pick("事業所", "providers"),
                list.len(),
                l.pick("未送付", "unsent")
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
            pad_right(
                &truncate(&p.name, w.saturating_sub(16)),
                w.saturating_sub(16)
            ),
            pad_right(p.channel.label(l), 4),
            pad_left(&format!("{}/{}", p.unsent, p.cells.len()), 7)
        );
        let st = if i == selected {
            theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::styled(truncate(&row, w), st));
    }
    f.render_widget(Paragraph::new(lines), left);
    let w = usize::from(right.width);
    let mut lines = Vec::new();
    if let Some(p) = list.get(selected) {
        lines.push(Line::styled(
            truncate(&format!("{} {}", p.office_number, p.name), w),
            theme.heading(),
        ));
        for &(ri, ci) in &p.cells {
            let (row, cell) = (&b.rows[ri], &b.rows[ri].cells[ci]);
            let st = match cell.marks.sent {
                Some(s) => format!("{} {}", l.pick("送", "S"), s.at.format("%m-%d")),
                None => l.pick("未", "-").to_string(),
            };
            lines.push(Line::raw(truncate(
                &format!("{} {} {}", pad_right(&st, 8), row.name, cell.service_type),
                w,
            )));
        }
    } else {
        lines.push(Line::raw(l.pick(
            "紙で送る事業所はありません（全て連携）",
            "no provider needs paper (all on the exchange)",
        )));
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
        lines.push(Line::raw(l.pick("記録はありません", "nothing recorded")));
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
    let block = theme.block(l.pick("連携ファイルの取り込み結果", "Exchange import"));
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
        l.pick(
            "不合格のファイル（何も取り込んでいません）",
            "Rejected files (nothing imported from them)",
        ),
        s.files_rejected.iter().map(ToString::to_string).collect(),
        theme.error(),
    );
    section(
        l.pick("読まずに飛ばしたもの", "Passed over without reading"),
        s.skipped
            .iter()
            .map(|k| format!("{} — {}", k.path, k.reason))
            .collect(),
        theme.warning(),
    );
    section(
        l.pick(
            "注意（取り込みましたが、標準仕様どおりでない点）",
            "Warnings (imported, but not as the standard writes it)",
        ),
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
    let title = format!(
        "{} ({})",
        l.pick("取り込みの確認待ち", "Import reviews"),
        items.len()
    );
    let block = theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    let [list, detail] = Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(inner);
    let mut lines = Vec::new();
    if items.is_empty() {
        lines.push(Line::raw(
            l.pick("確認待ちはありません", "nothing to review"),
        ));
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
            format!("{} {who}", l.pick("未登録", "unknown"))
        } else {
            format!(
                "{} {who} 「{}」 {} → {}",
                l.pick("違い", "differs"),
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
            l.pick(
                "c 利用者として登録  x 見送る  Esc 閉じる",
                "c register as a client  x dismiss  Esc close",
            )
        } else {
            l.pick(
                "a ファイルの値を採用  x こちらの値のまま  Esc 閉じる",
                "a take the file's value  x keep ours  Esc close",
            )
        };
        let text = vec![
            Line::raw(truncate(&r.theirs, w)),
            Line::styled(truncate(&r.file, w), theme.dim()),
            Line::styled(truncate(hint, w), theme.dim()),
        ];
        f.render_widget(Paragraph::new(text), detail);
    }
}

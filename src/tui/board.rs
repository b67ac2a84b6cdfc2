//! The 計画・送付 board's room: the month, the cursor, marks for a cell, a row or a provider,
//! filters, the paper batch, the exchange import and a cell's history. Its keys and footer
//! (`BINDINGS`, `HINTS`, `Context::Board`) are listed at the end.

use super::action::{DetailRef, Effect};
use super::form::{FormKind, Submission};
use super::forms::open_new;
use super::i18n::{BoardText, T};
use super::keymap::{Binding, Command, Context, HELP_HINT, Hint, Key, b, h};
use super::model::{BoardFilter, BoardView, ConfirmAction, Model, Overlay, Severity};
use super::room::{ask, move_cursor};
use crate::domain::channel::Channel;
use crate::domain::delivery::DeliveryKind;
use crate::store::deliveries::{BoardRow, NewEvent, mark_sent_events};
use crossterm::event::KeyCode;

/// The 計画・送付 board's keys; None = not a board command (handled as usual).
pub fn command(m: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    let lang = m.lang;
    let (today, rules, page) = (m.today, m.rules, m.page);
    let cursor = m.board.cursor();
    let fx = match cmd {
        Command::PrevMonth | Command::NextMonth => {
            let b = &mut m.board;
            b.month = if cmd == Command::PrevMonth {
                b.month - chrono::Months::new(1)
            } else {
                b.month + chrono::Months::new(1)
            };
            b.rows.clear();
            b.list.visible.clear();
            b.loaded = None;
            vec![Effect::LoadBoard(b.month)]
        }
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last => {
            move_cursor(&mut m.board.list, cmd, page);
            vec![]
        }
        Command::Left => {
            m.board.col = cursor.map(|c| c.1).unwrap_or(0).saturating_sub(1);
            vec![]
        }
        Command::Right => {
            let n = cursor
                .map(|(ri, _)| m.board.rows[ri].cells.len())
                .unwrap_or(0);
            m.board.col = (cursor.map(|c| c.1).unwrap_or(0) + 1).min(n.saturating_sub(1));
            vec![]
        }
        // Actuals of a month that has not begun would be false evidence: refused with why.
        Command::MarkReceived | Command::MarkProviderReceived
            if crate::domain::delivery::actuals_allowed(m.board.month, m.today).is_err() =>
        {
            if let Err(why) = crate::domain::delivery::actuals_allowed(m.board.month, m.today) {
                m.status = Some((Severity::Error, why.message(lang).to_string()));
            }
            vec![]
        }
        Command::MarkSent | Command::MarkReceived => {
            let Some((ri, ci)) = cursor else {
                return Some(nothing_to_do(m));
            };
            let marks = m.board.rows[ri].cells[ci].marks;
            let (kind, done) = if cmd == Command::MarkSent {
                (DeliveryKind::Schedule, marks.sent.is_some())
            } else {
                (DeliveryKind::Actuals, marks.actuals.is_some())
            };
            if done {
                return Some(nothing_to_do(m));
            }
            cell_event(m, ri, ci, kind)
                .map(|e| Effect::Record(vec![e]))
                .into_iter()
                .collect()
        }
        Command::MarkRowSent => {
            let Some((ri, _)) = cursor else {
                return Some(nothing_to_do(m));
            };
            let cells: Vec<_> = (0..m.board.rows[ri].cells.len()).map(|c| (ri, c)).collect();
            let events =
                mark_sent_events(&m.board.rows, &cells, m.board.month, m.board.channel, m.now);
            record_or_tell(m, events)
        }
        Command::MarkProviderSent | Command::MarkProviderReceived => {
            let cells = provider_cells(m);
            let events: Vec<NewEvent> = if cmd == Command::MarkProviderSent {
                mark_sent_events(&m.board.rows, &cells, m.board.month, m.board.channel, m.now)
            } else {
                cells
                    .iter()
                    .filter(|&&(r, c)| m.board.rows[r].cells[c].marks.actuals.is_none())
                    .filter_map(|&(r, c)| cell_event(m, r, c, DeliveryKind::Actuals))
                    .collect()
            };
            if events.is_empty() {
                return Some(nothing_to_do(m));
            }
            let name = cursor
                .map(|(r, c)| m.board.rows[r].cells[c].provider_name.clone())
                .unwrap_or_default();
            let what = if cmd == Command::MarkProviderSent {
                BoardText::SchedulesMarkedSent.s(lang)
            } else {
                BoardText::ActualsReceived.s(lang)
            };
            let month = super::subject::month(m.board.month, lang);
            let q = match lang {
                crate::domain::Lang::Ja => {
                    format!(
                        "{name}（{month}分）の {} 件を{what}として記録しますか？",
                        events.len()
                    )
                }
                crate::domain::Lang::En => {
                    format!("Record {} {what} for {name} ({month})?", events.len())
                }
            };
            ask(m, q, ConfirmAction::Record(events));
            vec![]
        }
        Command::Withdraw => {
            let Some((ri, ci)) = cursor else {
                return Some(nothing_to_do(m));
            };
            let marks = m.board.rows[ri].cells[ci].marks;
            // The later of the two marks is the one taken back.
            let target = match (marks.sent, marks.actuals) {
                (_, Some(_)) => DeliveryKind::Actuals,
                (Some(_), None) => DeliveryKind::Schedule,
                (None, None) => return Some(nothing_to_do(m)),
            };
            let Some(mut ev) = cell_event(m, ri, ci, DeliveryKind::Withdrawal) else {
                return Some(vec![]);
            };
            ev.withdraws = Some(target);
            let (row, cell) = (&m.board.rows[ri], &m.board.rows[ri].cells[ci]);
            let month = super::subject::month(m.board.month, lang);
            let q = match lang {
                crate::domain::Lang::Ja => format!(
                    "{} ／ {}（{month}分）\n「{}」の記録を取り消しますか？（取消として記録され、元の記録も残ります）",
                    row.name,
                    cell.provider_name,
                    target.label(lang)
                ),
                crate::domain::Lang::En => format!(
                    "{} / {} ({month})\nTake back the {} mark? (recorded as a withdrawal; the original stays)",
                    row.name,
                    cell.provider_name,
                    target.label(lang)
                ),
            };
            ask(m, q, ConfirmAction::Record(vec![ev]));
            vec![]
        }
        Command::CycleChannel => {
            let all = Channel::ALL;
            m.board.channel = match m.board.channel {
                None => Some(all[0]),
                Some(c) => all
                    .iter()
                    .position(|x| *x == c)
                    .and_then(|i| all.get(i + 1))
                    .copied(),
            };
            vec![]
        }
        Command::CycleFilter => {
            m.board.filter = match m.board.filter {
                BoardFilter::All => BoardFilter::NotSent,
                BoardFilter::NotSent => BoardFilter::ActualsMissing,
                BoardFilter::ActualsMissing => BoardFilter::All,
            };
            m.board.list.selected = 0;
            m.board.refilter(today, &rules);
            vec![]
        }
        Command::CycleCareManager => {
            let ids = super::room::care_manager_ids(m);
            m.board.care_manager_filter = super::room::next_of(&ids, m.board.care_manager_filter);
            m.board.list.selected = 0;
            m.board.refilter(today, &rules);
            vec![]
        }
        Command::PaperBatch => {
            m.overlays.push(Overlay::Batch { selected: 0 });
            vec![]
        }
        Command::ImportExchange => {
            if m.importing.is_some() {
                m.status = Some((Severity::Info, BoardText::AnImportIsRunning.s(lang).into()));
                return Some(vec![]);
            }
            let folders = m.config.exchange.folders.clone();
            if folders.is_empty() {
                m.status = Some((Severity::Error, BoardText::NoImportFolders.s(lang).into()));
                return Some(vec![]);
            }
            m.importing = Some((0, 0));
            vec![Effect::ImportExchange(folders)]
        }
        Command::OpenReviews => vec![Effect::LoadReviews],
        Command::OpenMoveIn => vec![Effect::LoadMoveIn],
        Command::ToggleCellText => {
            m.board.show_dates = !m.board.show_dates;
            vec![]
        }
        Command::ExcludeProvider => {
            let Some((ri, ci)) = cursor else {
                return Some(nothing_to_do(m));
            };
            let (row, cell) = (&m.board.rows[ri], &m.board.rows[ri].cells[ci]);
            let ym = m.board.month.format("%Y-%m");
            let q = match lang {
                crate::domain::Lang::Ja => format!(
                    "{ym} は {} の {} を対象外にしますか？（この月の欄が消えます。記録は残ります）",
                    row.name, cell.provider_name
                ),
                crate::domain::Lang::En => format!(
                    "Leave {} out of {}'s {ym}? (the cell goes; the ledger stays)",
                    cell.provider_name, row.name
                ),
            };
            let sub = Submission::MonthProvider {
                client_id: row.client_id,
                month: m.board.month,
                provider_id: Some(cell.provider_id),
                office_number: None,
                service_type: cell.service_type.to_string(),
                included: false,
            };
            ask(m, q, ConfirmAction::Save(Box::new(sub)));
            vec![]
        }
        Command::AddProvider => {
            let Some(&ri) = m.board.list.visible.get(m.board.list.selected) else {
                return Some(nothing_to_do(m));
            };
            let (client_id, month) = (m.board.rows[ri].client_id, m.board.month);
            open_new(m, FormKind::AddMonthProvider { client_id, month });
            vec![]
        }
        Command::OpenClient | Command::OpenProvider => {
            let Some((ri, ci)) = cursor else {
                m.status = Some((Severity::Info, T::NoSelection.s(lang).into()));
                return Some(vec![]);
            };
            let (row, cell) = (&m.board.rows[ri], &m.board.rows[ri].cells[ci]);
            let r = if cmd == Command::OpenClient {
                DetailRef::Client(row.client_id)
            } else {
                DetailRef::Provider(cell.provider_id)
            };
            vec![Effect::LoadDetail(r)]
        }
        Command::Open => {
            let Some((ri, ci)) = cursor else {
                return Some(vec![]);
            };
            let (row, cell) = (&m.board.rows[ri], &m.board.rows[ri].cells[ci]);
            vec![Effect::LoadHistory {
                client: row.client_id,
                provider: cell.provider_id,
                month: m.board.month,
                title: format!(
                    "{} × {} ({})",
                    row.name,
                    cell.provider_name,
                    m.board.month.format("%Y-%m")
                ),
            }]
        }
        _ => return None,
    };
    Some(fx)
}

/// Applies saved ledger rows to the board on screen (the same fold the store uses).
fn apply_events(board: &mut BoardView, events: &[NewEvent]) {
    for e in events {
        if e.month.map(crate::domain::dates::month_start) != board.loaded {
            continue;
        }
        if let Some(cell) = board
            .rows
            .iter_mut()
            .find(|r| r.client_id == e.client_id)
            .and_then(|r| r.cells.iter_mut().find(|c| c.provider_id == e.provider_id))
        {
            cell.marks.apply(&e.cell_event());
        }
    }
}

/// A mark of the given kind for one cell.
fn cell_event(m: &Model, ri: usize, ci: usize, kind: DeliveryKind) -> Option<NewEvent> {
    let row = m.board.rows.get(ri)?;
    let cell = row.cells.get(ci)?;
    Some(NewEvent::for_cell(
        row,
        cell,
        kind,
        m.board.month,
        m.board.channel,
        m.now,
    ))
}

/// Every cell of the month (among the rows shown) served by the cursor's provider.
fn provider_cells(m: &Model) -> Vec<(usize, usize)> {
    let Some((ri, ci)) = m.board.cursor() else {
        return Vec::new();
    };
    let pid = m.board.rows[ri].cells[ci].provider_id;
    m.board
        .list
        .visible
        .iter()
        .filter_map(|&r| {
            m.board.rows[r]
                .cells
                .iter()
                .position(|c| c.provider_id == pid)
                .map(|c| (r, c))
        })
        .collect()
}

pub(super) fn nothing_to_do(m: &mut Model) -> Vec<Effect> {
    m.status = Some((Severity::Info, BoardText::NothingToRecord.s(m.lang).into()));
    vec![]
}

pub(super) fn record_or_tell(m: &mut Model, events: Vec<NewEvent>) -> Vec<Effect> {
    if events.is_empty() {
        nothing_to_do(m)
    } else {
        vec![Effect::Record(events)]
    }
}

/// The board of a month, read: shown if that month is still the one on screen.
pub(super) fn loaded(m: &mut Model, month: chrono::NaiveDate, rows: Vec<BoardRow>) -> Vec<Effect> {
    if month == m.board.month {
        m.board.rows = rows;
        m.board.loaded = Some(month);
        let (today, rules) = (m.today, m.rules);
        m.board.refilter(today, &rules);
        select_focus_client(&mut m.board);
        m.dirty = true;
    }
    vec![]
}

/// The board's cursor on the row of the client it was opened for, once.
fn select_focus_client(b: &mut crate::tui::model::BoardView) {
    if let Some(id) = b.focus_client.take()
        && let Some(pos) = b
            .list
            .visible
            .iter()
            .position(|&r| b.rows[r].client_id == id)
    {
        b.list.selected = pos;
        b.col = 0;
    }
}

/// From a client's detail: this month's board with the cursor on the client's row (every
/// row shown, so that it is there).
pub(super) fn open_client_row(m: &mut Model, client_id: i64) -> Vec<Effect> {
    let month = crate::domain::dates::month_start(m.today);
    m.tab = crate::tui::model::Tab::Board;
    m.overlays.clear();
    let (today, rules) = (m.today, m.rules);
    let b = &mut m.board;
    b.filter = crate::tui::model::BoardFilter::All;
    b.care_manager_filter = None;
    b.focus_client = Some(client_id);
    if b.month == month && b.loaded == Some(month) {
        b.refilter(today, &rules);
        select_focus_client(b);
        vec![]
    } else {
        b.month = month;
        b.rows.clear();
        b.list.visible.clear();
        b.loaded = None;
        vec![Effect::LoadBoard(month)]
    }
}

/// Ledger rows saved: the board shows them without a reload.
pub(super) fn recorded(m: &mut Model, events: Vec<NewEvent>) -> Vec<Effect> {
    let n = events.len();
    apply_events(&mut m.board, &events);
    let (today, rules) = (m.today, m.rules);
    m.board.refilter(today, &rules);
    m.status = Some((
        Severity::Info,
        match m.lang {
            crate::domain::Lang::Ja => format!("{n} 件を記録しました"),
            crate::domain::Lang::En => format!("{n} recorded"),
        },
    ));
    m.dirty = true;
    // ホーム's counts are refreshed when ホーム is next shown, not on every mark.
    m.deadlines_stale = true;
    vec![]
}

/// The keys of 計画・送付: `resolve` reads them, and the help lists them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::Board,
        &[Key::Code(KeyCode::Left), Key::Char('<')],
        Command::PrevMonth,
        "前の月",
        "previous month",
    ),
    b(
        Context::Board,
        &[Key::Code(KeyCode::Right), Key::Char('>')],
        Command::NextMonth,
        "次の月",
        "next month",
    ),
    b(
        Context::Board,
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "次の利用者",
        "next client",
    ),
    b(
        Context::Board,
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "前の利用者",
        "previous client",
    ),
    b(
        Context::Board,
        &[Key::Char('h'), Key::Char(',')],
        Command::Left,
        "左の事業所",
        "provider to the left",
    ),
    b(
        Context::Board,
        &[Key::Char('l'), Key::Char('.')],
        Command::Right,
        "右の事業所",
        "provider to the right",
    ),
    b(
        Context::Board,
        &[Key::Code(KeyCode::PageDown)],
        Command::PageDown,
        "次のページ",
        "page down",
    ),
    b(
        Context::Board,
        &[Key::Code(KeyCode::PageUp)],
        Command::PageUp,
        "前のページ",
        "page up",
    ),
    b(
        Context::Board,
        &[Key::Code(KeyCode::Home), Key::Char('g')],
        Command::First,
        "先頭",
        "first",
    ),
    b(
        Context::Board,
        &[Key::Code(KeyCode::End), Key::Char('G')],
        Command::Last,
        "末尾",
        "last",
    ),
    b(
        Context::Board,
        &[Key::Char('s')],
        Command::MarkSent,
        "この提供票を送付済みに",
        "mark this schedule sent",
    ),
    b(
        Context::Board,
        &[Key::Char('a')],
        Command::MarkRowSent,
        "この利用者の全事業所へ送付済みに",
        "mark this client's row sent",
    ),
    b(
        Context::Board,
        &[Key::Char('p')],
        Command::MarkProviderSent,
        "この事業所の全利用者分を送付済みに（確認あり）",
        "mark this provider's column sent (asks first)",
    ),
    b(
        Context::Board,
        &[Key::Char('r')],
        Command::MarkReceived,
        "この実績を受領済みに",
        "mark these actuals received",
    ),
    b(
        Context::Board,
        &[Key::Char('R')],
        Command::MarkProviderReceived,
        "この事業所の全利用者分の実績を受領済みに（確認あり）",
        "mark this provider's actuals received (asks first)",
    ),
    b(
        Context::Board,
        &[Key::Char('u')],
        Command::Withdraw,
        "最後の記録を取り消す（取消を記録、確認あり）",
        "undo the last mark (records a withdrawal; asks first)",
    ),
    b(
        Context::Board,
        &[Key::Char('v')],
        Command::CycleChannel,
        "記録する送付方法（事業所の既定→連携→FAX→…）",
        "channel for marks (provider default → exchange → FAX → …)",
    ),
    b(
        Context::Board,
        &[Key::Char('f')],
        Command::CycleFilter,
        "絞り込み（全て→未送付あり→実績未着あり）",
        "filter (all → not sent → actuals missing)",
    ),
    b(
        Context::Board,
        &[Key::Char('c')],
        Command::CycleCareManager,
        "担当で絞り込み（順に切り替え）",
        "filter by care manager (cycles)",
    ),
    b(
        Context::Board,
        &[Key::Char('b')],
        Command::PaperBatch,
        "FAX・郵送の一括送付（連携以外の事業所）",
        "paper batch (providers not on the exchange)",
    ),
    b(
        Context::Board,
        &[Key::Char('t')],
        Command::ToggleCellText,
        "欄の表示: 事業所名 ⇔ 送付方法と日付",
        "cells show: provider name ⇔ channel and date",
    ),
    b(
        Context::Board,
        &[Key::Char('i')],
        Command::ImportExchange,
        "連携フォルダのファイルを取り込む（設定の exchange.folders）",
        "import the exchange folders (exchange.folders in the config)",
    ),
    b(
        Context::Board,
        &[Key::Char('w')],
        Command::OpenReviews,
        "取り込みの確認待ち（未登録の利用者・内容の違い）",
        "import reviews (unknown clients, differing values)",
    ),
    b(
        Context::Board,
        &[Key::Char('M')],
        Command::OpenMoveIn,
        "移行の確認待ち（careplan migrate が残した項目）",
        "move-in reviews (what careplan migrate left)",
    ),
    b(
        Context::Board,
        &[Key::Char('x')],
        Command::ExcludeProvider,
        "この月はこの事業所を対象外に（確認あり）",
        "leave this provider out of this month (asks first)",
    ),
    b(
        Context::Board,
        &[Key::Char('+')],
        Command::AddProvider,
        "この月だけ事業所を追加",
        "add a provider for this month only",
    ),
    b(
        Context::Board,
        &[Key::Code(KeyCode::Enter)],
        Command::Open,
        "この欄の履歴",
        "history of this cell",
    ),
    b(
        Context::Board,
        &[Key::Char('o')],
        Command::OpenClient,
        "この欄の利用者を開く",
        "open this cell's client",
    ),
    b(
        Context::Board,
        &[Key::Char('O')],
        Command::OpenProvider,
        "この欄の事業所を開く",
        "open this cell's provider",
    ),
];

/// The footer of 計画・送付, most used first; `?` always last.
pub(super) const HINTS: &[Hint] = &[
    h(&[Command::PrevMonth, Command::NextMonth], "月", "month"),
    h(
        &[Command::Left, Command::Right, Command::Down, Command::Up],
        "移動",
        "move",
    ),
    h(&[Command::MarkSent], "送付", "sent"),
    h(&[Command::MarkRowSent], "行", "row"),
    h(&[Command::MarkProviderSent], "列", "col"),
    h(&[Command::MarkReceived], "実績", "actuals"),
    h(&[Command::MarkProviderReceived], "列", "col"),
    h(&[Command::Withdraw], "取消", "undo"),
    h(
        &[Command::OpenClient, Command::OpenProvider],
        "開く",
        "open",
    ),
    h(&[Command::CycleFilter], "絞込", "filter"),
    h(&[Command::ToggleCellText], "表示", "view"),
    h(&[Command::PaperBatch], "紙", "paper"),
    HELP_HINT,
];

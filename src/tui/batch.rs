//! The room of the paper batch window over the board: the schedules to send on paper, by
//! provider. Its keys (`BINDINGS`, `Context::Batch`) are listed at the end.

use super::action::Effect;
use super::board::nothing_to_do;
use super::keymap::{Binding, Command, Context, Key, b, resolve_in};
use super::model::{ConfirmAction, Model, Overlay};
use super::room::{ask, quit};
use crate::store::deliveries::{BatchProvider, mark_sent_events, paper_batch};
use crossterm::event::{KeyCode, KeyEvent};

/// Keys of the paper batch window.
pub fn key(m: &mut Model, ev: KeyEvent) -> Vec<Effect> {
    let batch = paper_batch(&m.board.rows);
    let Some(Overlay::Batch { selected }) = m.overlays.last_mut() else {
        return vec![];
    };
    match resolve_in(BINDINGS, Context::Batch, &ev) {
        Some(Command::Down) => *selected = (*selected + 1).min(batch.len().saturating_sub(1)),
        Some(Command::Up) => *selected = selected.saturating_sub(1),
        Some(Command::Back) => {
            m.overlays.pop();
        }
        Some(cmd @ (Command::PrevMonth | Command::NextMonth)) => {
            *selected = 0;
            // The batch is read from the board: the board moves to the month, and is reloaded.
            return super::board::command(m, cmd).unwrap_or_default();
        }
        Some(cmd @ (Command::MarkSent | Command::MarkAllSent)) => {
            let chosen: Vec<_> = if cmd == Command::MarkSent {
                batch.get(*selected).into_iter().collect()
            } else {
                batch.iter().collect()
            };
            let cells: Vec<_> = chosen
                .iter()
                .flat_map(|b| b.cells.iter().copied())
                .collect();
            let events = mark_sent_events(&m.board.rows, &cells, m.board.month, None, m.now);
            if events.is_empty() {
                return nothing_to_do(m);
            }
            let month = super::subject::month(m.board.month, m.lang);
            let n = events.len();
            let who = match (cmd, chosen.first()) {
                (Command::MarkSent, Some(p)) => p.name.clone(),
                _ => {
                    let k = chosen.iter().filter(|b| b.unsent > 0).count();
                    match m.lang {
                        crate::domain::Lang::Ja => format!("紙で送る {k} 事業所"),
                        crate::domain::Lang::En => format!("{k} providers on paper"),
                    }
                }
            };
            let q = match m.lang {
                crate::domain::Lang::Ja => format!(
                    "{who}（{month}分）の未送付の提供票 {n} 件を送付済みとして記録しますか？"
                ),
                crate::domain::Lang::En => {
                    format!("Record {n} unsent schedules for {who} ({month}) as sent?")
                }
            };
            ask(m, q, ConfirmAction::Record(events));
        }
        Some(cmd @ (Command::PrintBatch | Command::PrintBatchAll)) => {
            let chosen: Vec<_> = if cmd == Command::PrintBatch {
                batch.get(*selected).into_iter().collect()
            } else {
                batch.iter().collect()
            };
            return printout(m, &chosen, cmd == Command::PrintBatchAll);
        }
        Some(Command::Quit) => return quit(m),
        _ => {}
    }
    vec![]
}

/// The 送付状 (with the list of enclosed clients) of the chosen providers as a printable file
/// beside the database, named by month and provider (`all` for the whole list): writing it
/// again replaces it.
fn printout(m: &mut Model, chosen: &[&BatchProvider], all: bool) -> Vec<Effect> {
    use crate::present::paper_batch::{Sender, cover_sheet, cover_sheets};
    if chosen.is_empty() {
        return nothing_to_do(m);
    }
    let office = m.data.office.as_ref();
    let sender = Sender {
        name: office.map_or("", |o| o.name.as_str()),
        office_number: office
            .and_then(|o| o.office_number.as_deref())
            .unwrap_or(""),
    };
    let sheets: Vec<String> = chosen
        .iter()
        .map(|p| {
            let fax = m
                .data
                .providers
                .iter()
                .find(|x| x.id == p.provider_id)
                .map_or("", |x| x.fields.fax.as_str());
            cover_sheet(&sender, p, fax, &m.board.rows, m.board.month, m.today)
        })
        .collect();
    let who = match chosen.first() {
        Some(p) if !all => p.office_number.clone(),
        _ => "all".to_string(),
    };
    let name = format!("送付状_{}_{who}.txt", m.board.month.format("%Y-%m"));
    vec![Effect::WritePrintout {
        name,
        contents: cover_sheets(&sheets),
    }]
}

/// The keys of the paper batch: `resolve` reads them, and the help lists them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::Batch,
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "次の事業所",
        "next provider",
    ),
    b(
        Context::Batch,
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "前の事業所",
        "previous provider",
    ),
    b(
        Context::Batch,
        &[Key::Code(KeyCode::Left), Key::Char('<')],
        Command::PrevMonth,
        "前の月",
        "previous month",
    ),
    b(
        Context::Batch,
        &[Key::Code(KeyCode::Right), Key::Char('>')],
        Command::NextMonth,
        "次の月",
        "next month",
    ),
    b(
        Context::Batch,
        &[Key::Char('s')],
        Command::MarkSent,
        "この事業所の未送付を送付済みに（確認あり）",
        "mark this provider's unsent schedules sent (asks first)",
    ),
    b(
        Context::Batch,
        &[Key::Char('S')],
        Command::MarkAllSent,
        "一覧の未送付を全て送付済みに（確認あり）",
        "mark every unsent schedule in the list sent (asks first)",
    ),
    b(
        Context::Batch,
        &[Key::Char('p')],
        Command::PrintBatch,
        "この事業所の送付状と一覧を印刷用ファイルに（A4・FAX番号つき）",
        "this provider's cover sheet and list as a printable file (A4, with the FAX number)",
    ),
    b(
        Context::Batch,
        &[Key::Char('P')],
        Command::PrintBatchAll,
        "一覧の全事業所の送付状と一覧を印刷用ファイルに",
        "every listed provider's cover sheet and list as one printable file",
    ),
    b(
        Context::Batch,
        &[Key::Code(KeyCode::Esc), Key::Char('b')],
        Command::Back,
        "閉じる",
        "close",
    ),
];

//! The room of the paper batch window over the board: the schedules to send on paper, by
//! provider. Its keys (`BINDINGS`, `Context::Batch`) are listed at the end.

use super::board::{nothing_to_do, record_or_tell};
use super::keymap::{Binding, Command, Context, Key, b, resolve};
use super::model::{ConfirmAction, Model, Overlay};
use super::room::{ask, quit};
use super::update::Effect;
use crate::store::deliveries::{mark_sent_events, paper_batch};
use crossterm::event::{KeyCode, KeyEvent};

/// Keys of the paper batch window.
pub fn key(m: &mut Model, ev: KeyEvent) -> Vec<Effect> {
    let batch = paper_batch(&m.board.rows);
    let Some(Overlay::Batch { selected }) = m.overlays.last_mut() else {
        return vec![];
    };
    match resolve(Context::Batch, &ev) {
        Some(Command::Down) => *selected = (*selected + 1).min(batch.len().saturating_sub(1)),
        Some(Command::Up) => *selected = selected.saturating_sub(1),
        Some(Command::Back) => {
            m.overlays.pop();
        }
        Some(Command::MarkSent) => {
            let cells = batch
                .get(*selected)
                .map(|b| b.cells.clone())
                .unwrap_or_default();
            let events = mark_sent_events(&m.board.rows, &cells, m.board.month, None, m.now);
            return record_or_tell(m, events);
        }
        Some(Command::MarkAllSent) => {
            let cells: Vec<_> = batch.iter().flat_map(|b| b.cells.iter().copied()).collect();
            let events = mark_sent_events(&m.board.rows, &cells, m.board.month, None, m.now);
            if events.is_empty() {
                return nothing_to_do(m);
            }
            let month = super::subject::month(m.board.month, m.lang);
            let q = match m.lang {
                crate::domain::Lang::Ja => format!(
                    "{month}分の紙で送る {} 件（事業所 {} 件）を送付済みとして記録しますか？",
                    events.len(),
                    batch.iter().filter(|b| b.unsent > 0).count()
                ),
                crate::domain::Lang::En => {
                    format!(
                        "Record {} paper schedules for {month} as sent?",
                        events.len()
                    )
                }
            };
            ask(m, q, ConfirmAction::Record(events));
        }
        Some(Command::Quit) => return quit(m),
        _ => {}
    }
    vec![]
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
        &[Key::Char('s')],
        Command::MarkSent,
        "この事業所の未送付を送付済みに",
        "mark this provider's unsent schedules sent",
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
        &[Key::Code(KeyCode::Esc), Key::Char('b')],
        Command::Back,
        "閉じる",
        "close",
    ),
];

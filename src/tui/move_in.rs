//! The room of the move-in review list: what `careplan migrate` could not place (a plan line
//! no single provider fits, a 契約日 estimated, an export setting that drops data), worked
//! through one by one — done once dealt with, or withdrawn when it was not a problem. Reached
//! from the plans board (beside the exchange's reviews) and from ホーム while items are open.
//! Its keys (`BINDINGS`, `Context::MoveIn`) are listed at the end.

use super::action::{DetailRef, Effect};
use super::keymap::{Binding, Command, Context, Key, b, resolve_in};
use super::model::{Model, Overlay};
use super::room::quit;
use crate::store::migration_reviews::StoredReview;
use crossterm::event::{KeyCode, KeyEvent};

/// Keys of the move-in review list.
pub fn key(m: &mut Model, ev: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::MoveIn { items, selected }) = m.overlays.last_mut() else {
        return vec![];
    };
    let current = items.get(*selected).cloned();
    match resolve_in(BINDINGS, Context::MoveIn, &ev) {
        Some(Command::Down) => *selected = (*selected + 1).min(items.len().saturating_sub(1)),
        Some(Command::Up) => *selected = selected.saturating_sub(1),
        Some(Command::Back) => {
            m.overlays.pop();
        }
        Some(Command::MoveInDone) => {
            if let Some(r) = current {
                return vec![Effect::SettleMoveIn {
                    id: r.id,
                    done: true,
                }];
            }
        }
        Some(Command::MoveInWithdraw) => {
            if let Some(r) = current {
                return vec![Effect::SettleMoveIn {
                    id: r.id,
                    done: false,
                }];
            }
        }
        Some(Command::Open) => {
            // The client the item is about, where it names one that is on record.
            if let Some(id) = current.and_then(|r| client_of(m, &r)) {
                return vec![Effect::LoadDetail(DetailRef::Client(id))];
            }
        }
        Some(Command::Quit) => return quit(m),
        _ => {}
    }
    vec![]
}

fn client_of(m: &Model, r: &StoredReview) -> Option<i64> {
    m.data
        .clients
        .iter()
        .find(|c| *c.insurer_number == *r.insurer_number && c.insured_number == r.insured_number)
        .map(|c| c.id)
}

/// The list, read afresh: replaces the one on screen (keeping the place) or opens it.
pub(super) fn loaded(m: &mut Model, items: Vec<StoredReview>) -> Vec<Effect> {
    m.dirty = true;
    m.data.move_in_open = items.len();
    // The list already open (under a client opened from it, too) is brought up to date;
    // else it opens.
    match m
        .overlays
        .iter_mut()
        .rev()
        .find(|o| matches!(o, Overlay::MoveIn { .. }))
    {
        Some(Overlay::MoveIn {
            items: old,
            selected,
        }) => {
            *selected = (*selected).min(items.len().saturating_sub(1));
            *old = items;
        }
        _ => m.overlays.push(Overlay::MoveIn { items, selected: 0 }),
    }
    vec![]
}

/// The keys of the move-in review list: `resolve` reads them, and the help lists them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::MoveIn,
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "次へ",
        "next",
    ),
    b(
        Context::MoveIn,
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "前へ",
        "previous",
    ),
    b(
        Context::MoveIn,
        &[Key::Code(KeyCode::Enter)],
        Command::Open,
        "この項目の利用者を開く",
        "open the client this item is about",
    ),
    b(
        Context::MoveIn,
        &[Key::Char('d')],
        Command::MoveInDone,
        "確かめて対応した（済みにする）",
        "dealt with (mark done)",
    ),
    b(
        Context::MoveIn,
        &[Key::Char('x')],
        Command::MoveInWithdraw,
        "問題ではなかった（取り下げる）",
        "not a problem (withdraw)",
    ),
    b(
        Context::MoveIn,
        &[Key::Code(KeyCode::Esc), Key::Char('w')],
        Command::Back,
        "閉じる",
        "close",
    ),
];

//! What every room uses: quitting, asking yes or no, moving a list's cursor, the text
//! editing keys and telling that nothing is selected.

use super::action::{EditTarget, Effect};
use super::i18n::T;
use super::keymap::Command;
use super::model::{Confirm, ConfirmAction, ListState, Model, Overlay, Severity};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::InputRequest;

/// What a room did with a key: its effects, or a command it leaves to the tab's screen under it
/// (the dispatcher runs it there, so a room never calls back into the dispatcher).
pub enum Outcome {
    Done(Vec<Effect>),
    Pass(Command),
}

/// Quit, keeping any typed form input as a draft for the next start.
pub fn quit(m: &mut Model) -> Vec<Effect> {
    m.quit = true;
    m.unsaved_form()
        .map(|f| Effect::SaveDraft {
            payload: f.draft_payload(),
            replaces: f.draft_id,
        })
        .into_iter()
        .collect()
}

/// The next of `ids` after `current` in a filter that cycles: the first from none, none after
/// the last (everyone again).
pub(super) fn next_of(ids: &[i64], current: Option<i64>) -> Option<i64> {
    match current.and_then(|c| ids.iter().position(|i| *i == c)) {
        None => ids.first().copied(),
        Some(p) => ids.get(p + 1).copied(),
    }
}

/// The office's care managers, in the staff list's order (what `c` cycles through).
pub(super) fn care_manager_ids(m: &Model) -> Vec<i64> {
    m.data
        .staff
        .iter()
        .filter(|s| s.role.is_care_manager())
        .map(|s| s.id)
        .collect()
}

pub(super) fn ask(m: &mut Model, question: String, action: ConfirmAction) {
    m.overlays
        .push(Overlay::Confirm(Confirm { question, action }));
}

pub(super) fn move_cursor(state: &mut ListState, cmd: Command, page: usize) {
    let last = state.visible.len().saturating_sub(1);
    state.selected = match cmd {
        Command::Up => state.selected.saturating_sub(1),
        Command::Down => (state.selected + 1).min(last),
        Command::PageUp => state.selected.saturating_sub(page),
        Command::PageDown => (state.selected + page).min(last),
        Command::First => 0,
        Command::Last => last,
        _ => state.selected,
    };
    if state.selected < state.offset {
        state.offset = state.selected;
    } else if state.selected >= state.offset + page {
        state.offset = state.selected + 1 - page;
    }
}

pub(super) fn text_request(ev: &KeyEvent) -> Option<InputRequest> {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    Some(match ev.code {
        KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
        KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
        KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
        KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
        KeyCode::Char(c) if !ctrl => InputRequest::InsertChar(c),
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        _ => return None,
    })
}

pub(super) fn edit_or_tell(m: &mut Model, target: Option<EditTarget>) -> Vec<Effect> {
    match target {
        Some(t) => vec![Effect::OpenEdit(t)],
        None => {
            m.status = Some((Severity::Info, T::NoSelection.s(m.lang).into()));
            vec![]
        }
    }
}

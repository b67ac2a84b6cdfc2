//! The small windows over any screen: a yes/no question, the help screen, a cell's history and
//! an import's summary. The question's keys are `keymap::CONFIRM` (every window that asks
//! yes or no uses them); the others answer to the keys of the screen under them.

use super::action::Effect;
use super::form::Submission;
use super::forms::save;
use super::i18n::T;
use super::keymap::{CONFIRM, Command, Context, resolve_in};
use super::model::{ConfirmAction, Model, Overlay};
use super::room::quit;
use crossterm::event::{KeyCode, KeyEvent};

/// A yes/no question; `y` does what it asks.
pub(super) fn confirm_key(m: &mut Model, ev: &KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Confirm(c)) = m.overlays.last() else {
        return vec![];
    };
    let c = c.clone();
    match resolve_in(CONFIRM, Context::Confirm, ev) {
        Some(Command::Yes) => {
            m.overlays.pop();
            confirmed(m, c.action)
        }
        // "n" on the consent question saves the form as typed; Esc goes back.
        Some(Command::No) if c.action == ConfirmAction::ConsentGiven && ev.code != KeyCode::Esc => {
            m.overlays.pop();
            if let Some(f) = m.form_mut() {
                f.confirmed = true;
            }
            save(m)
        }
        Some(Command::No) => {
            m.overlays.pop();
            vec![]
        }
        Some(Command::Quit) => quit(m),
        _ => vec![],
    }
}

/// The help screen scrolls and closes.
pub(super) fn help_key(m: &mut Model, ev: &KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Help { scroll }) = m.overlays.last_mut() else {
        return vec![];
    };
    match resolve_in(super::lists::LIST_BINDINGS, Context::List, ev) {
        Some(Command::Down) => *scroll = scroll.saturating_add(1),
        Some(Command::Up) => *scroll = scroll.saturating_sub(1),
        Some(Command::Help | Command::Back) => {
            m.overlays.pop();
        }
        Some(Command::Quit) => return quit(m),
        _ => {}
    }
    vec![]
}

/// A cell's history closes with Esc, Enter or q.
pub(super) fn history_key(m: &mut Model, ev: &KeyEvent) -> Vec<Effect> {
    match resolve_in(super::batch::BINDINGS, Context::Batch, ev) {
        Some(Command::Back) => {
            m.overlays.pop();
        }
        _ => {
            if matches!(ev.code, KeyCode::Enter | KeyCode::Char('q')) {
                m.overlays.pop();
            }
        }
    }
    vec![]
}

/// An import's summary closes with Esc or Enter.
pub(super) fn import_summary_key(m: &mut Model, ev: &KeyEvent) -> Vec<Effect> {
    match resolve_in(super::reviews::BINDINGS, Context::Reviews, ev) {
        Some(Command::Back) => {
            m.overlays.pop();
        }
        Some(Command::Quit) => return quit(m),
        _ if ev.code == KeyCode::Enter => {
            m.overlays.pop();
        }
        _ => {}
    }
    vec![]
}

fn confirmed(m: &mut Model, action: ConfirmAction) -> Vec<Effect> {
    match action {
        ConfirmAction::SubmitForm => {
            if let Some(f) = m.form_mut() {
                f.confirmed = true;
            }
            save(m)
        }
        ConfirmAction::DiscardForm => {
            let draft = match m.overlays.pop() {
                Some(Overlay::Form(f)) => f.draft_id,
                _ => None,
            };
            draft
                .map(|id| Effect::DiscardDraft {
                    id,
                    restored: false,
                })
                .into_iter()
                .collect()
        }
        ConfirmAction::DeleteProvider { id, version } => {
            if matches!(m.overlays.last(), Some(Overlay::Detail { .. })) {
                m.overlays.pop();
            }
            vec![Effect::Save(Box::new(Submission::DeleteProvider {
                id,
                version,
            }))]
        }
        ConfirmAction::AcceptCheckDigit(n) => {
            if let Some(f) = m.form_mut() {
                f.accepted_check_digit = Some(n);
            }
            save(m)
        }
        ConfirmAction::Record(events) => vec![Effect::Record(events)],
        ConfirmAction::ConsentGiven => {
            let lang = m.lang;
            if let Some(f) = m.form_mut() {
                let label = crate::domain::plan::PlanStatus::Confirmed
                    .label(lang)
                    .to_string();
                if let Some(x) = f.fields.iter_mut().find(|x| x.label == T::PlanStatusLabel) {
                    x.input = tui_input::Input::new(label);
                }
                f.confirmed = true;
            }
            save(m)
        }
        ConfirmAction::Save(sub) => vec![Effect::Save(sub)],
        ConfirmAction::CompleteEnrollment(f) => vec![Effect::CompleteEnrollment(f)],
    }
}

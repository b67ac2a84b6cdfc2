//! The small windows over any screen: a yes/no question, the help screen, a cell's history and
//! an import's summary. The question's keys are `keymap::CONFIRM` (every window that asks
//! yes or no uses them); the others answer to the keys of the screen under them.

use super::action::Effect;
use super::form::Submission;
use super::forms::save;
use super::i18n::T;
use super::keymap::{CONFIRM, Command, Context, resolve_in};
use super::model::{ConfirmAction, Model, Overlay};
use super::room::{Outcome, quit};
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

/// Opens the help at the keys of `context`'s screen (or as near as its end allows).
pub(super) fn open_help(m: &mut Model, context: Context) {
    let start = super::key_table::help_start(context, m.lang).min(help_end(m));
    m.overlays.push(Overlay::Help { scroll: start });
}

/// The help's last scroll position: its last line at the window's bottom. The help window's
/// rows inside its frame are the screen's page plus the two rows the lists keep for their
/// heading and footer (`update`'s Resize).
fn help_end(m: &Model) -> u16 {
    let end = super::key_table::help_len(m.lang).saturating_sub(m.page + 2);
    u16::try_from(end).unwrap_or(u16::MAX)
}

/// The help screen scrolls as a list does (a line, a page, the ends) and stops at its last
/// line; it closes with `?` or `Esc`, and a number key goes to that tab.
pub(super) fn help_key(m: &mut Model, ev: &KeyEvent) -> Outcome {
    let end = help_end(m);
    let page = u16::try_from(m.page).unwrap_or(u16::MAX);
    let Some(Overlay::Help { scroll }) = m.overlays.last_mut() else {
        return Outcome::Done(vec![]);
    };
    match resolve_in(super::lists::LIST_BINDINGS, Context::List, ev) {
        Some(Command::Down) => *scroll = scroll.saturating_add(1).min(end),
        Some(Command::Up) => *scroll = scroll.saturating_sub(1),
        Some(Command::PageDown) => *scroll = scroll.saturating_add(page).min(end),
        Some(Command::PageUp) => *scroll = scroll.saturating_sub(page),
        Some(Command::First) => *scroll = 0,
        Some(Command::Last) => *scroll = end,
        Some(Command::Help | Command::Back) => {
            m.overlays.pop();
        }
        Some(Command::Quit) => return Outcome::Done(quit(m)),
        Some(cmd @ Command::GoTab(_)) => return Outcome::Pass(cmd),
        _ => {}
    }
    Outcome::Done(vec![])
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

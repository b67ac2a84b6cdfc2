//! The 利用者, 事業所 and 自事業所 lists' room: moving, searching, opening a record and the
//! new/edit/delete keys (footers and help from the keymap's `Context::List` and `Context::Office`).

use super::forms::open_new;
use super::i18n::T;
use super::keymap::Command;
use super::model::{ConfirmAction, ListState, Model, Tab};
use super::room::{ask, edit_or_tell, move_cursor, text_request};
use super::update::{DetailRef, EditTarget, Effect};
use crate::tui::form::FormKind;
use crossterm::event::{KeyCode, KeyEvent};
use tui_input::InputRequest;

/// The list whose search line is open, if any.
fn searching_list(m: &mut Model) -> Option<&mut ListState> {
    match m.tab {
        Tab::Clients if m.clients.searching => Some(&mut m.clients),
        Tab::Providers if m.providers.searching => Some(&mut m.providers),
        _ => None,
    }
}

/// Keys typed into an open search line; None = no search is open.
pub(super) fn search_key(m: &mut Model, ev: &KeyEvent) -> Option<Vec<Effect>> {
    let state = searching_list(m)?;
    match ev.code {
        // The filter stays; the highlighted match (the first, unless moved) opens.
        KeyCode::Enter => {
            state.searching = false;
            let any = !state.visible.is_empty();
            m.refilter();
            return Some(if any {
                super::update::command(m, Command::Open)
            } else {
                vec![]
            });
        }
        KeyCode::Esc => {
            state.searching = false;
            state.query = Default::default();
        }
        KeyCode::Up | KeyCode::Down => {
            let cmd = if ev.code == KeyCode::Up {
                Command::Up
            } else {
                Command::Down
            };
            let page = m.page;
            if let Some(state) = searching_list(m) {
                move_cursor(state, cmd, page);
            }
            return Some(vec![]);
        }
        _ => {
            if let Some(req) = text_request(ev) {
                state.query.handle(req);
                // A new query starts at its first match.
                state.selected = 0;
                state.offset = 0;
            }
        }
    }
    m.refilter();
    Some(vec![])
}

/// A list tab's keys; None = not one of them (handled as on every tab).
pub fn command(m: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    let page = m.page;
    match cmd {
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last => {
            let state = match m.tab {
                Tab::Clients => &mut m.clients,
                Tab::Providers => &mut m.providers,
                Tab::Office => &mut m.staff,
                Tab::Home | Tab::Caseload | Tab::Board | Tab::Enrollment => return None,
            };
            move_cursor(state, cmd, page);
        }
        Command::Search => match m.tab {
            Tab::Clients => m.clients.searching = true,
            Tab::Providers => m.providers.searching = true,
            _ => {}
        },
        Command::Back => {
            let state = match m.tab {
                Tab::Clients => &mut m.clients,
                Tab::Providers => &mut m.providers,
                _ => return Some(vec![]),
            };
            state.query = Default::default();
            m.refilter();
        }
        Command::Open => match m.tab {
            Tab::Clients => {
                return Some(
                    m.selected_client()
                        .map(|c| Effect::LoadDetail(DetailRef::Client(c.id)))
                        .into_iter()
                        .collect(),
                );
            }
            Tab::Providers => {
                return Some(
                    m.selected_provider()
                        .map(|p| Effect::LoadDetail(DetailRef::Provider(p.id)))
                        .into_iter()
                        .collect(),
                );
            }
            Tab::Office => {
                return Some(
                    m.selected_staff()
                        .map(|s| Effect::LoadDetail(DetailRef::Staff(s.id)))
                        .into_iter()
                        .collect(),
                );
            }
            _ => {}
        },
        Command::New => match m.tab {
            Tab::Clients => open_new(m, FormKind::NewClient),
            Tab::Providers => open_new(m, FormKind::NewProvider),
            Tab::Office => open_new(m, FormKind::NewStaff),
            Tab::Home | Tab::Caseload | Tab::Board | Tab::Enrollment => {}
        },
        Command::Edit => {
            let target = match m.tab {
                Tab::Clients => m.selected_client().map(|c| EditTarget::Client(c.id)),
                Tab::Providers => m.selected_provider().map(|p| EditTarget::Provider(p.id)),
                Tab::Office => m.selected_staff().map(|s| EditTarget::Staff(s.id)),
                Tab::Home | Tab::Caseload | Tab::Board | Tab::Enrollment => None,
            };
            return Some(edit_or_tell(m, target));
        }
        Command::EditOffice => return Some(vec![Effect::OpenEdit(EditTarget::Office)]),
        Command::Delete => match m.tab {
            Tab::Clients => {
                return Some(edit_or_tell(
                    m,
                    m.selected_client().map(|c| EditTarget::EndContract(c.id)),
                ));
            }
            Tab::Providers => {
                if let Some(p) = m.selected_provider() {
                    let (id, version) = (p.id, p.version);
                    ask(
                        m,
                        T::ConfirmDeleteProvider.s(m.lang).into(),
                        ConfirmAction::DeleteProvider { id, version },
                    );
                }
            }
            Tab::Office => {
                if let Some(s) = m.selected_staff() {
                    let id = s.id;
                    open_new(m, FormKind::StaffLeaves { id });
                }
            }
            Tab::Home | Tab::Caseload | Tab::Board | Tab::Enrollment => {}
        },
        _ => return None,
    }
    Some(vec![])
}

/// Pasted text goes into an open search line.
pub(super) fn paste(m: &mut Model, text: &str) {
    if let Some(state) = searching_list(m) {
        for c in text.chars().filter(|c| !c.is_control()) {
            state.query.handle(InputRequest::InsertChar(c));
        }
        state.selected = 0;
        state.offset = 0;
        m.refilter();
    }
}

//! The 利用者, 事業所 and 自事業所 lists' room: moving, searching, opening a record and the
//! new/edit/delete keys. Their keys and footers (`LIST_…` for `Context::List`, `OFFICE_…` for
//! `Context::Office`) are listed at the end.

use super::action::{DetailRef, EditTarget, Effect};
use super::forms::open_new;
use super::i18n::T;
use super::keymap::{Binding, Command, Context, HELP_HINT, Hint, Key, b, h};
use super::model::{ConfirmAction, ListState, Model, Tab};
use super::room::{Outcome, ask, edit_or_tell, move_cursor, text_request};
use crate::tui::form::FormKind;
use crossterm::event::{KeyCode, KeyEvent};
use tui_input::InputRequest;

/// The list whose search line is open, if any.
fn searching_list(m: &mut Model) -> Option<&mut ListState> {
    match m.tab {
        Tab::Clients if m.clients.searching => Some(&mut m.clients),
        Tab::Providers if m.providers.searching => Some(&mut m.providers),
        Tab::Monitoring if m.monitoring.list.searching => Some(&mut m.monitoring.list),
        _ => None,
    }
}

/// Keys typed into an open search line; None = no search is open.
pub(super) fn search_key(m: &mut Model, ev: &KeyEvent) -> Option<Outcome> {
    let state = searching_list(m)?;
    match ev.code {
        // The filter stays; the highlighted match (the first, unless moved) opens.
        KeyCode::Enter => {
            state.searching = false;
            let any = !state.visible.is_empty();
            m.refilter();
            return Some(if any {
                Outcome::Pass(Command::Open)
            } else {
                Outcome::Done(vec![])
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
            return Some(Outcome::Done(vec![]));
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
    Some(Outcome::Done(vec![]))
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
                Tab::Home | Tab::Caseload | Tab::Board | Tab::Enrollment | Tab::Monitoring => {
                    return None;
                }
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
            Tab::Home | Tab::Caseload | Tab::Board | Tab::Enrollment | Tab::Monitoring => {}
        },
        Command::Edit => {
            let target = match m.tab {
                Tab::Clients => m.selected_client().map(|c| EditTarget::Client(c.id)),
                Tab::Providers => m.selected_provider().map(|p| EditTarget::Provider(p.id)),
                Tab::Office => m.selected_staff().map(|s| EditTarget::Staff(s.id)),
                Tab::Home | Tab::Caseload | Tab::Board | Tab::Enrollment | Tab::Monitoring => None,
            };
            return Some(edit_or_tell(m, target));
        }
        Command::EditOffice => return Some(vec![Effect::OpenEdit(EditTarget::Office)]),
        Command::OpenOfficeSystem if m.tab == Tab::Office => {
            return Some(super::office_system::open(m));
        }
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
            Tab::Home | Tab::Caseload | Tab::Board | Tab::Enrollment | Tab::Monitoring => {}
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

/// The keys of 利用者 and 事業所 lists: `resolve` reads them, and the help lists them.
pub(super) const LIST_BINDINGS: &[Binding] = &[
    b(
        Context::List,
        &[Key::Char('/')],
        Command::Search,
        "検索（日本語の部分一致、Enter で確定、Esc で解除）",
        "search (substring; Enter keeps, Esc clears)",
    ),
    b(
        Context::List,
        &[Key::Code(KeyCode::Enter)],
        Command::Open,
        "詳細を開く",
        "open detail",
    ),
    b(
        Context::List,
        &[Key::Char('n')],
        Command::New,
        "新規登録",
        "new",
    ),
    b(
        Context::List,
        &[Key::Char('e')],
        Command::Edit,
        "編集",
        "edit",
    ),
    b(
        Context::List,
        &[Key::Char('d')],
        Command::Delete,
        "利用者: 契約終了／事業所: 削除（確認あり）",
        "client: end contract / provider: delete (asks first)",
    ),
    b(
        Context::List,
        &[Key::Code(KeyCode::Esc)],
        Command::Back,
        "検索を解除",
        "clear search",
    ),
];

/// The footer of 利用者 and 事業所 lists, most used first; `?` always last.
pub(super) const LIST_HINTS: &[Hint] = &[
    h(&[Command::Open], "詳細", "open"),
    h(&[Command::Search], "検索", "search"),
    h(&[Command::New], "新規", "new"),
    h(&[Command::Edit], "編集", "edit"),
    h(&[Command::Delete], "終了/削除", "end/delete"),
    h(&[Command::Quit], "終了", "quit"),
    HELP_HINT,
];

/// The keys of 自事業所 (staff and the office): `resolve` reads them, and the help lists them.
pub(super) const OFFICE_BINDINGS: &[Binding] = &[
    b(
        Context::Office,
        &[Key::Code(KeyCode::Enter)],
        Command::Open,
        "職員の詳細（常勤換算の履歴・担当数）",
        "staff detail (FTE history, clients)",
    ),
    b(
        Context::Office,
        &[Key::Char('o')],
        Command::EditOffice,
        "事業所情報を編集",
        "edit the office",
    ),
    b(
        Context::Office,
        &[Key::Char('t')],
        Command::OpenOfficeSystem,
        "事業所の体制（営業時間・休業日・体制の期間）と特定事業所加算の条件",
        "the office's set-up (hours, closed days, periods) and 特定事業所加算 conditions",
    ),
    b(
        Context::Office,
        &[Key::Char('n')],
        Command::New,
        "職員を追加",
        "add a staff member",
    ),
    b(
        Context::Office,
        &[Key::Char('e')],
        Command::Edit,
        "職員を編集（常勤換算の変更も）",
        "edit staff member (incl. FTE change)",
    ),
    b(
        Context::Office,
        &[Key::Char('d')],
        Command::Delete,
        "職員の退職（常勤換算 0 を記録）",
        "staff member leaves (records FTE 0)",
    ),
    b(
        Context::Office,
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "下へ",
        "down",
    ),
    b(
        Context::Office,
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "上へ",
        "up",
    ),
];

/// The footer of 自事業所 (staff and the office), most used first; `?` always last.
pub(super) const OFFICE_HINTS: &[Hint] = &[
    h(&[Command::Open], "詳細", "detail"),
    h(&[Command::EditOffice], "事業所情報の編集", "edit office"),
    h(&[Command::OpenOfficeSystem], "体制", "set-up"),
    h(&[Command::New], "職員の追加", "add staff"),
    h(&[Command::Edit], "職員の編集", "edit staff"),
    h(&[Command::Delete], "退職", "leaves"),
    HELP_HINT,
];

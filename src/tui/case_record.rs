//! 支援経過: one client's case record, entry by entry, oldest first with the cursor on the
//! newest. It scrolls and searches like the lists; `n` writes an entry, `Enter`/`e` writes
//! the correction of the one under the cursor, `w` withdraws it with a reason, `h` shows the
//! corrected and withdrawn entries too. Entries are never changed: a correction is a new entry
//! that names the one it corrects. Its keys (`BINDINGS`, `Context::CaseRecord`) are at the end.

use super::action::Effect;
use super::form::FormKind;
use super::i18n::T;
use super::keymap::{Binding, Command, Context, HELP_HINT, Hint, Key, b, h, resolve_in};
use super::model::{Model, Overlay, Severity};
use super::room::{Outcome, move_cursor, text_request};
pub use super::room_state::{CaseRecord, Entry};
use crossterm::event::{KeyCode, KeyEvent};

pub fn key(m: &mut Model, ev: &KeyEvent) -> Outcome {
    let page = m.page.max(1);
    let lang = m.lang;
    let Some(Overlay::CaseRecord(c)) = m.overlays.last_mut() else {
        return Outcome::Done(vec![]);
    };
    if c.list.searching {
        match ev.code {
            KeyCode::Enter => c.list.searching = false,
            KeyCode::Esc => {
                c.list.searching = false;
                c.list.query = Default::default();
            }
            KeyCode::Up => move_cursor(&mut c.list, Command::Up, page),
            KeyCode::Down => move_cursor(&mut c.list, Command::Down, page),
            _ => {
                if let Some(req) = text_request(ev) {
                    c.list.query.handle(req);
                }
            }
        }
        c.refilter();
        m.dirty = true;
        return Outcome::Done(vec![]);
    }
    let Some(cmd) = resolve_in(BINDINGS, Context::CaseRecord, ev) else {
        return Outcome::Done(vec![]);
    };
    match cmd {
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last => move_cursor(&mut c.list, cmd, page),
        Command::Search => {
            c.list.searching = true;
        }
        Command::ToggleFull => {
            c.full = !c.full;
            m.dirty = true;
        }
        Command::ToggleHistory => {
            let client = c.client_id;
            c.history = !c.history;
            return Outcome::Done(vec![Effect::LoadCaseRecord {
                client,
                history: c.history,
            }]);
        }
        Command::New => {
            let client_id = c.client_id;
            return Outcome::Done(vec![Effect::OpenEdit(super::action::EditTarget::NewNote {
                client_id,
                category: None,
                at: m.now,
                plan_id: None,
                stay: None,
            })]);
        }
        Command::Edit | Command::Withdraw => {
            let Some(e) = c.selected() else {
                m.status = Some((Severity::Info, T::NoSelection.s(lang).into()));
                return Outcome::Done(vec![]);
            };
            let note = &e.note;
            // Only what stands is corrected: a corrected entry's newest correction is.
            if note.withdraws || note.superseded_by.is_some() {
                m.status = Some((Severity::Info, T::NoteNotCurrent.s(lang).into()));
                return Outcome::Done(vec![]);
            }
            if cmd == Command::Edit {
                return Outcome::Done(vec![Effect::OpenEdit(
                    super::action::EditTarget::CorrectNote(note.id),
                )]);
            }
            let what = format!(
                "{} {} #{}",
                note.at.format("%Y-%m-%d %H:%M"),
                e.category(lang),
                note.id
            );
            let kind = FormKind::Withdraw {
                record: super::record::Record::CaseNote {
                    id: note.id,
                    client_id: note.client_id,
                },
                what,
            };
            super::forms::open_form(m, kind, vec![]);
        }
        Command::Back => {
            m.overlays.pop();
        }
        Command::Quit => return Outcome::Done(super::room::quit(m)),
        other => return Outcome::Pass(other),
    }
    Outcome::Done(vec![])
}

/// A case record, read: replaces the one open for the client (after a save) or opens it.
pub fn loaded(m: &mut Model, mut c: Box<CaseRecord>) -> Vec<Effect> {
    m.dirty = true;
    let open = m.overlays.iter_mut().rev().find_map(|o| match o {
        Overlay::CaseRecord(open) if open.client_id == c.client_id => Some(open),
        _ => None,
    });
    match open {
        Some(open) => {
            c.list.query = std::mem::take(&mut open.list.query);
            c.list.searching = open.list.searching;
            c.list.visible = open.list.visible.clone();
            c.list.selected = open.list.selected;
            c.list.offset = open.list.offset;
            c.full = open.full;
            // A new entry (the highest id) is where the cursor goes after a save.
            let newest = open.entries.iter().map(|e| e.note.id).max();
            c.refilter();
            if let Some(pos) = c
                .list
                .visible
                .iter()
                .position(|&i| Some(c.entries[i].note.id) > newest)
            {
                c.list.selected = pos;
            }
            *open = c;
        }
        None => {
            c.refilter();
            m.overlays.push(Overlay::CaseRecord(c));
        }
    }
    vec![]
}

/// The footer of the case record, most used first; `?` always last.
pub(super) const HINTS: &[Hint] = &[
    h(&[Command::New], "書く", "write"),
    h(&[Command::Edit], "訂正", "correct"),
    h(&[Command::Withdraw], "取消", "withdraw"),
    h(&[Command::Search], "検索", "search"),
    h(&[Command::ToggleFull], "全文", "full text"),
    h(&[Command::ToggleHistory], "履歴", "history"),
    h(&[Command::Down, Command::Up], "移動", "move"),
    h(&[Command::Back], "戻る", "back"),
    HELP_HINT,
];

/// The keys of the case record: `resolve` reads them, and the help and footer list them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::CaseRecord,
        &[Key::Char('/')],
        Command::Search,
        "検索（内容・項目・相手・担当）",
        "search (text, category, counterpart, care manager)",
    ),
    b(
        Context::CaseRecord,
        &[Key::Char('n')],
        Command::New,
        "記録を書く",
        "write an entry",
    ),
    b(
        Context::CaseRecord,
        &[Key::Code(KeyCode::Enter), Key::Char('e')],
        Command::Edit,
        "選んだ記録を訂正（訂正は新しい記録として残る）",
        "correct the selected entry (the correction is a new entry)",
    ),
    b(
        Context::CaseRecord,
        &[Key::Char('w')],
        Command::Withdraw,
        "選んだ記録を取り消す（理由を記録、元の記録は残る）",
        "withdraw the selected entry (with a reason; the original stays)",
    ),
    b(
        Context::CaseRecord,
        &[Key::Char('v'), Key::Char(' ')],
        Command::ToggleFull,
        "選んだ記録の全文を広く表示／戻す",
        "show the selected entry's whole text / back",
    ),
    b(
        Context::CaseRecord,
        &[Key::Char('h')],
        Command::ToggleHistory,
        "訂正・取り消しされた記録も表示／隠す",
        "show / hide corrected and withdrawn entries",
    ),
    b(
        Context::CaseRecord,
        &[Key::Code(KeyCode::Esc)],
        Command::Back,
        "戻る",
        "back",
    ),
];

//! 支援経過: one client's case record, entry by entry, oldest first with the cursor on the
//! newest. It scrolls and searches like the lists; `n` writes an entry, `Enter`/`e` writes
//! the correction of the one under the cursor, `w` withdraws it with a reason, `h` shows the
//! corrected and withdrawn entries too. Entries are never changed: a correction is a new entry
//! that names the one it corrects. Its keys (`BINDINGS`, `Context::CaseRecord`) are at the end.

use super::form::FormKind;
use super::i18n::T;
use super::keymap::{Binding, Command, Context, HELP_HINT, Hint, Key, b, h, resolve};
use super::model::{ListState, Model, Overlay, Severity};
use super::room::{move_cursor, text_request};
use super::update::Effect;
use crate::domain::Lang;
use crate::domain::search::search_key;
use crate::store::case_notes::Note;
use crossterm::event::{KeyCode, KeyEvent};

/// One entry as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub note: Note,
    /// The category's name in each language.
    pub category: (String, String),
    /// What the search looks in, normalised once.
    pub key: String,
}

impl Entry {
    pub fn category(&self, lang: Lang) -> &str {
        lang.pick(&self.category.0, &self.category.1)
    }
}

/// The overlay's state.
#[derive(Debug)]
pub struct CaseRecord {
    pub client_id: i64,
    /// The client named: name and 被保険者番号.
    pub title: String,
    pub entries: Vec<Entry>,
    /// Corrected and withdrawn entries are listed too (marked).
    pub history: bool,
    /// The entry under the cursor takes the screen (its whole text), the list a few rows.
    pub full: bool,
    pub list: ListState,
}

impl CaseRecord {
    /// Recomputes which entries the search shows; keeps the cursor on the same entry when
    /// it is still shown, else on the newest.
    pub fn refilter(&mut self) {
        let keep = self
            .list
            .visible
            .get(self.list.selected)
            .map(|&i| self.entries[i].note.id);
        let q = search_key(self.list.query.value().trim());
        self.list.visible = (0..self.entries.len())
            .filter(|&i| q.is_empty() || self.entries[i].key.contains(&q))
            .collect();
        self.list.selected = keep
            .and_then(|id| {
                self.list
                    .visible
                    .iter()
                    .position(|&i| self.entries[i].note.id == id)
            })
            .unwrap_or(self.list.visible.len().saturating_sub(1));
    }

    pub fn selected(&self) -> Option<&Entry> {
        self.list
            .visible
            .get(self.list.selected)
            .and_then(|&i| self.entries.get(i))
    }
}

pub fn key(m: &mut Model, ev: &KeyEvent) -> Vec<Effect> {
    let page = m.page.max(1);
    let lang = m.lang;
    let Some(Overlay::CaseRecord(c)) = m.overlays.last_mut() else {
        return vec![];
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
        return vec![];
    }
    let Some(cmd) = resolve(Context::CaseRecord, ev) else {
        return vec![];
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
            return vec![Effect::LoadCaseRecord {
                client,
                history: c.history,
            }];
        }
        Command::New => {
            let client_id = c.client_id;
            return vec![Effect::OpenEdit(super::update::EditTarget::NewNote {
                client_id,
                category: None,
                at: m.now,
                plan_id: None,
            })];
        }
        Command::Edit | Command::Withdraw => {
            let Some(e) = c.selected() else {
                m.status = Some((Severity::Info, T::NoSelection.s(lang).into()));
                return vec![];
            };
            let note = &e.note;
            // Only what stands is corrected: a corrected entry's newest correction is.
            if note.withdraws || note.superseded_by.is_some() {
                m.status = Some((Severity::Info, T::NoteNotCurrent.s(lang).into()));
                return vec![];
            }
            if cmd == Command::Edit {
                return vec![Effect::OpenEdit(super::update::EditTarget::CorrectNote(
                    note.id,
                ))];
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
        Command::Quit => return super::room::quit(m),
        other => return super::update::command(m, other),
    }
    vec![]
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

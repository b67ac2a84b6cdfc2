//! The room of the import review list: take the file's value, keep ours, or register an
//! unknown client. Its keys (`BINDINGS`, `Context::Reviews`) are listed at the end.

use super::action::Effect;
use super::form::FormKind;
use super::forms::{new_form_values, open_form};
use super::i18n::T;
use super::keymap::{Binding, Command, Context, Key, b, resolve_in};
use super::model::{Model, Overlay, Severity};
use super::room::quit;
use crate::store::exchange::Review;
use crossterm::event::{KeyCode, KeyEvent};

/// Keys of the import review list.
pub fn key(m: &mut Model, ev: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Reviews { items, selected }) = m.overlays.last_mut() else {
        return vec![];
    };
    let current = items.get(*selected).cloned();
    match resolve_in(BINDINGS, Context::Reviews, &ev) {
        Some(Command::Down) => *selected = (*selected + 1).min(items.len().saturating_sub(1)),
        Some(Command::Up) => *selected = selected.saturating_sub(1),
        Some(Command::Back) => {
            m.overlays.pop();
        }
        Some(Command::AcceptTheirs) => {
            if let Some(r) = current {
                return vec![Effect::SettleReview {
                    id: r.id,
                    accept: true,
                }];
            }
        }
        Some(Command::KeepOurs) => {
            if let Some(r) = current {
                return vec![Effect::SettleReview {
                    id: r.id,
                    accept: false,
                }];
            }
        }
        Some(Command::CreateClient) => match current {
            Some(r) if r.kind == "unmatched_client" => {
                let values = new_client_from_review(m, &r);
                open_form(m, FormKind::NewClient, values);
            }
            _ => {
                m.status = Some((Severity::Info, T::OnlyUnknownClient.s(m.lang).into()));
            }
        },
        Some(Command::Quit) => return quit(m),
        _ => {}
    }
    vec![]
}

/// The new-client form filled from what an exchange file said ("項目: 値 / …").
fn new_client_from_review(m: &Model, r: &Review) -> Vec<String> {
    let get = |k: &str| r.file_value(k).to_string();
    let mut v = new_form_values(m, &FormKind::NewClient);
    for (i, value) in [
        (0, get("氏名")),
        (1, get("フリガナ")),
        (2, get("生年月日")),
        (3, get("性別")),
        (4, r.insurer_number.clone()),
        (5, r.insured_number.clone()),
        (6, get("住所")),
        (7, get("電話番号")),
    ] {
        if let Some(x) = v.get_mut(i) {
            *x = value;
        }
    }
    v
}

/// The review list, read afresh: replaces the one on screen (keeping the place) or opens it.
pub(super) fn loaded(m: &mut Model, items: Vec<Review>) -> Vec<Effect> {
    m.dirty = true;
    match m.overlays.last_mut() {
        Some(Overlay::Reviews {
            items: old,
            selected,
        }) => {
            *selected = (*selected).min(items.len().saturating_sub(1));
            *old = items;
        }
        _ => m.overlays.push(Overlay::Reviews { items, selected: 0 }),
    }
    vec![]
}

/// The keys of the review list: `resolve` reads them, and the help lists them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::Reviews,
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "次へ",
        "next",
    ),
    b(
        Context::Reviews,
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "前へ",
        "previous",
    ),
    b(
        Context::Reviews,
        &[Key::Char('a')],
        Command::AcceptTheirs,
        "ファイルの値を採用する（利用者情報を更新）",
        "take the file's value into the client record",
    ),
    b(
        Context::Reviews,
        &[Key::Char('x')],
        Command::KeepOurs,
        "こちらの値のままにする／この未登録者を見送る",
        "keep our value / dismiss this unknown client",
    ),
    b(
        Context::Reviews,
        &[Key::Char('c')],
        Command::CreateClient,
        "未登録の利用者を登録する（ファイルの内容を入れたフォーム）",
        "register the unknown client (form filled from the file)",
    ),
    b(
        Context::Reviews,
        &[Key::Code(KeyCode::Esc), Key::Char('w')],
        Command::Back,
        "閉じる",
        "close",
    ),
];

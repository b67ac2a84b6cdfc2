//! 訂正・取り消し: the records of one client (certifications, plan revisions, care-manager
//! assignments, months without 給付管理), one staff member (FTE rows) or one provider
//! (enrollment observations, outreach), one per line. `Enter` opens the one under the cursor
//! in a form that corrects it; `w` asks for the reason and withdraws it. Nothing is erased: a
//! withdrawn row stays in the database, marked, and the audit trail has before and after.

use super::action::{EditTarget, Effect};
use super::form::FormKind;
use super::i18n::T;
use super::keymap::{Binding, Command, Context, Key, b, resolve_in};
use super::model::{Model, Overlay};
pub use super::record::Record;
pub use super::room_state::{Corrections, Item, Owner};
use crossterm::event::{KeyCode, KeyEvent};

/// Keys of the list: move, correct, withdraw, back.
pub fn key(m: &mut Model, ev: &KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Corrections(c)) = m.overlays.last_mut() else {
        return vec![];
    };
    match resolve_in(BINDINGS, Context::Corrections, ev) {
        Some(Command::Down) => {
            c.selected = (c.selected + 1).min(c.items.len().saturating_sub(1));
        }
        Some(Command::Up) => c.selected = c.selected.saturating_sub(1),
        Some(Command::ToCertifications) => {
            if let Some(i) = c
                .items
                .iter()
                .position(|i| matches!(i.record, Record::Certification { .. }))
            {
                c.selected = i;
            }
        }
        Some(Command::ToPlans) => {
            if let Some(i) = c
                .items
                .iter()
                .position(|i| matches!(i.record, Record::Plan { .. }))
            {
                c.selected = i;
            }
        }
        Some(cmd @ (Command::ToStays | Command::ToSameBuilding)) => jump(c, cmd),
        Some(Command::Back) => {
            m.overlays.pop();
        }
        Some(Command::Edit) => {
            let Some(item) = c.items.get(c.selected) else {
                return vec![];
            };
            if !item.record.editable() {
                m.status = Some((
                    super::model::Severity::Info,
                    T::NoBenefitNotCorrected.s(m.lang).into(),
                ));
                return vec![];
            }
            return vec![Effect::OpenEdit(EditTarget::Correct(item.record.clone()))];
        }
        Some(Command::Withdraw) => {
            let Some(item) = c.items.get(c.selected) else {
                return vec![];
            };
            // Said before a reason is typed, not after.
            if matches!(item.record, Record::Plan { .. }) {
                m.status = Some((
                    super::model::Severity::Info,
                    T::PlanNotWithdrawn.s(m.lang).into(),
                ));
                return vec![];
            }
            let kind = FormKind::Withdraw {
                record: item.record.clone(),
                what: format!("{} {}", item.kind, item.line),
            };
            super::forms::open_form(m, kind, vec![]);
        }
        Some(Command::Quit) => return super::room::quit(m),
        _ => {}
    }
    vec![]
}

/// The cursor to the newest stay (`ToStays`) or 同一建物 period (`ToSameBuilding`).
fn jump(c: &mut Corrections, to: Command) {
    let at = c.items.iter().position(|i| match to {
        Command::ToStays => matches!(i.record, Record::Stay { .. }),
        _ => matches!(i.record, Record::SameBuilding { .. }),
    });
    if let Some(i) = at {
        c.selected = i;
    }
}

/// The footer under the list.
pub fn footer(lang: crate::domain::Lang) -> &'static str {
    T::CorrectionsKeys.s(lang)
}

/// A corrections list, read afresh.
pub fn loaded(m: &mut Model, c: Box<Corrections>) -> Vec<Effect> {
    m.dirty = true;
    // Replaces the list on screen (after a save) or opens it.
    match m.overlays.iter_mut().rev().find_map(|o| match o {
        Overlay::Corrections(open) if open.owner == c.owner => Some(open),
        _ => None,
    }) {
        Some(open) => {
            let selected = open.selected.min(c.items.len().saturating_sub(1));
            **open = super::corrections::Corrections { selected, ..*c };
        }
        None => {
            let mut c = c;
            if let Some(to) = m.corrections_at.take() {
                jump(&mut c, to);
            }
            m.overlays.push(Overlay::Corrections(c));
        }
    }
    vec![]
}

/// The keys of the corrections list: `resolve` reads them, and the help lists them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::Corrections,
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "下へ",
        "down",
    ),
    b(
        Context::Corrections,
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "上へ",
        "up",
    ),
    b(
        Context::Corrections,
        &[Key::Code(KeyCode::Enter), Key::Char('e')],
        Command::Edit,
        "選んだ記録を訂正",
        "correct the selected record",
    ),
    b(
        Context::Corrections,
        &[Key::Char('c')],
        Command::ToCertifications,
        "最新の認定へ",
        "to the newest certification",
    ),
    b(
        Context::Corrections,
        &[Key::Char('p')],
        Command::ToPlans,
        "最新の計画の版へ",
        "to the newest plan revision",
    ),
    b(
        Context::Corrections,
        &[Key::Char('h')],
        Command::ToStays,
        "最新の入院・入所へ",
        "to the newest stay",
    ),
    b(
        Context::Corrections,
        &[Key::Char('b')],
        Command::ToSameBuilding,
        "最新の同一建物の期間へ",
        "to the newest same-building period",
    ),
    b(
        Context::Corrections,
        &[Key::Char('w')],
        Command::Withdraw,
        "選んだ記録を取り消す（理由を記録、元の記録は残る）",
        "withdraw the selected record (with a reason; the original stays)",
    ),
    b(
        Context::Corrections,
        &[Key::Code(KeyCode::Esc)],
        Command::Back,
        "戻る",
        "back",
    ),
];

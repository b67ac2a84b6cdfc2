//! The room of the 特定事業所集中減算 view over 件数 (`C` there, or `Enter` on its deadline on
//! ホーム): a judgement period's worksheet, `←` `→` to the period before or after, `j` `k` to a
//! service, `e` / `Enter` to write its 正当な理由. Its keys (`BINDINGS`, `Context::Concentration`)
//! are listed at the end.

use super::action::{EditTarget, Effect};
use super::keymap::{Binding, Command, Context, Key, b, resolve_in};
use super::model::{Model, Overlay, Tab};
use super::room::{Outcome, edit_or_tell, quit};
pub use super::room_state::ConcentrationView;
use crate::domain::concentration::PeriodId;
use crossterm::event::{KeyCode, KeyEvent};

/// Opens the view on `period` (None: today's) over the 件数 tab and asks for its worksheet.
pub fn open(m: &mut Model, period: Option<PeriodId>) -> Vec<Effect> {
    if m.tab != Tab::Caseload {
        m.tab = Tab::Caseload;
        m.overlays.clear();
        if m.caseload.forecast.is_empty() {
            m.recompute_caseload();
        }
    }
    let v = &mut m.concentration;
    if v.period != period || period.is_none() {
        v.worksheet = None;
        v.selected = 0;
    }
    v.period = period;
    m.overlays.push(Overlay::Concentration);
    vec![Effect::LoadConcentration(period)]
}

/// The worksheet was read.
pub fn loaded(m: &mut Model, w: crate::domain::concentration::Worksheet) -> Vec<Effect> {
    let v = &mut m.concentration;
    // An answer for a period no longer shown is dropped.
    if v.period.is_some_and(|p| p != w.period.id) {
        return vec![];
    }
    v.period = Some(w.period.id);
    v.selected = v.selected.min(w.services.len().saturating_sub(1));
    v.worksheet = Some(w);
    m.dirty = true;
    vec![]
}

/// Keys of the view.
pub fn key(m: &mut Model, ev: &KeyEvent) -> Outcome {
    let v = &mut m.concentration;
    let n = v.worksheet.as_ref().map_or(0, |w| w.services.len());
    match resolve_in(BINDINGS, Context::Concentration, ev) {
        Some(Command::Down) => v.selected = (v.selected + 1).min(n.saturating_sub(1)),
        Some(Command::Up) => v.selected = v.selected.saturating_sub(1),
        Some(cmd @ (Command::PrevMonth | Command::NextMonth)) => {
            let Some(now) = v.period.or(v.worksheet.as_ref().map(|w| w.period.id)) else {
                return Outcome::Done(vec![]);
            };
            let to = if cmd == Command::PrevMonth {
                now.prev()
            } else {
                now.next()
            };
            v.period = Some(to);
            v.worksheet = None;
            return Outcome::Done(vec![Effect::LoadConcentration(Some(to))]);
        }
        Some(Command::Edit) => {
            let target = v.worksheet.as_ref().and_then(|w| {
                w.services
                    .get(v.selected)
                    .map(|s| EditTarget::ConcentrationNote {
                        period: w.period.id,
                        service_type: s.service_type.clone(),
                    })
            });
            return Outcome::Done(edit_or_tell(m, target));
        }
        Some(Command::Back) => {
            m.overlays.pop();
        }
        // The help (at this view's keys) and the tabs, as on every screen.
        Some(cmd @ (Command::Help | Command::GoTab(_) | Command::NextTab | Command::PrevTab)) => {
            return Outcome::Pass(cmd);
        }
        Some(Command::Quit) => return Outcome::Done(quit(m)),
        _ => {}
    }
    Outcome::Done(vec![])
}

/// The keys of the view: `resolve` reads them, and the help lists them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::Concentration,
        &[Key::Code(KeyCode::Left), Key::Char('h')],
        Command::PrevMonth,
        "前の判定期間",
        "previous period",
    ),
    b(
        Context::Concentration,
        &[Key::Code(KeyCode::Right), Key::Char('l')],
        Command::NextMonth,
        "次の判定期間",
        "next period",
    ),
    b(
        Context::Concentration,
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "次のサービス",
        "next service",
    ),
    b(
        Context::Concentration,
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "前のサービス",
        "previous service",
    ),
    b(
        Context::Concentration,
        &[Key::Char('e'), Key::Code(KeyCode::Enter)],
        Command::Edit,
        "このサービスの正当な理由を記入・訂正（空で取り消し）",
        "write or correct this service's justification (empty takes it back)",
    ),
    b(
        Context::Concentration,
        &[Key::Code(KeyCode::Esc), Key::Char('C')],
        Command::Back,
        "閉じる（件数に戻る）",
        "close (back to Caseload)",
    ),
];

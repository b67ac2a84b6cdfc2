//! The room of the office's 体制 panel (`t` on 職員・事業所, or `Enter` on a 加算 that lacks
//! the 24-hour system on ホーム): the business days and hours, the closed and open days of the
//! coming months and the 体制 periods, each recorded from here as `careplan office hours|
//! closed|open|days|periods` records them, and the month's 特定事業所加算 check (`←` `→` to
//! another month). Its keys (`BINDINGS`, `Context::OfficeSystem`) are listed at the end.

use super::action::Effect;
use super::form::FormKind;
use super::keymap::{Binding, Command, Context, Key, b, resolve_in};
use super::model::{Model, Overlay, Tab};
use super::room::{Outcome, quit};
use super::room_state::OfficeSystemData;
use crate::domain::dates::{format_date, month_start};
use chrono::Months;
use crossterm::event::{KeyCode, KeyEvent};

/// Opens the panel over 職員・事業所 on this month and asks for what it shows.
pub fn open(m: &mut Model) -> Vec<Effect> {
    if m.tab != Tab::Office {
        m.tab = Tab::Office;
        m.overlays.clear();
    }
    let month = month_start(m.today);
    let v = &mut m.office_system;
    v.month = Some(month);
    v.scroll = 0;
    m.overlays.push(Overlay::OfficeSystem);
    vec![Effect::LoadOfficeSystem(month)]
}

/// What the panel shows was read (an answer for another month than the one shown is dropped).
pub fn loaded(m: &mut Model, d: Box<OfficeSystemData>) -> Vec<Effect> {
    if m.office_system.month.is_some_and(|mo| mo != d.month) {
        return vec![];
    }
    m.office_system.data = Some(d);
    m.dirty = true;
    vec![]
}

/// The hours form starts from the hours in force (from today), else a weekday office's.
fn hours_values(m: &Model) -> Vec<String> {
    let l = m.lang;
    let today = format_date(m.today, m.config.date_display);
    let now = m
        .office_system
        .data
        .as_ref()
        .and_then(|d| d.hours.iter().rev().find(|h| h.covers(m.today)).cloned());
    match now {
        Some(h) => vec![
            today,
            crate::domain::kasan_records::weekdays_text(&h.fields.weekdays, l),
            h.fields.opens.format("%H:%M").to_string(),
            h.fields.closes.format("%H:%M").to_string(),
            l.pick(
                if h.fields.holidays_closed {
                    "はい"
                } else {
                    "いいえ"
                },
                if h.fields.holidays_closed {
                    "yes"
                } else {
                    "no"
                },
            )
            .to_string(),
        ],
        None => vec![
            today,
            l.pick("月-金", "mon-fri").into(),
            "08:30".into(),
            "17:30".into(),
            l.pick("はい", "yes").into(),
        ],
    }
}

/// Keys of the panel.
pub fn key(m: &mut Model, ev: &KeyEvent) -> Outcome {
    let cmd = resolve_in(BINDINGS, Context::OfficeSystem, ev);
    match cmd {
        Some(Command::Down) => {
            m.office_system.scroll = m.office_system.scroll.saturating_add(1);
        }
        Some(Command::Up) => {
            m.office_system.scroll = m.office_system.scroll.saturating_sub(1);
        }
        Some(c @ (Command::PrevMonth | Command::NextMonth)) => {
            let now = m.office_system.month.unwrap_or(month_start(m.today));
            let to = if c == Command::PrevMonth {
                now.checked_sub_months(Months::new(1))
            } else {
                now.checked_add_months(Months::new(1))
            }
            .unwrap_or(now);
            m.office_system.month = Some(to);
            return Outcome::Done(vec![Effect::LoadOfficeSystem(to)]);
        }
        Some(Command::SetHours) => {
            let values = hours_values(m);
            super::forms::open_form(m, FormKind::BusinessHours, values);
        }
        Some(Command::CloseDays | Command::OpenDays) => {
            let open = cmd == Some(Command::OpenDays);
            let today = format_date(m.today, m.config.date_display);
            super::forms::open_form(m, FormKind::BusinessDays { open }, vec![today]);
        }
        Some(Command::WithdrawDays) => {
            super::forms::open_form(m, FormKind::WithdrawDays, vec![]);
        }
        Some(Command::SetPeriod) => {
            super::forms::open_form(m, FormKind::OfficePeriod, vec![]);
        }
        Some(Command::Back) => {
            m.overlays.pop();
        }
        Some(c @ (Command::Help | Command::GoTab(_) | Command::NextTab | Command::PrevTab)) => {
            return Outcome::Pass(c);
        }
        Some(Command::Quit) => return Outcome::Done(quit(m)),
        _ => {}
    }
    m.dirty = true;
    Outcome::Done(vec![])
}

/// The keys of the panel: `resolve` reads them, and the help lists them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::OfficeSystem,
        &[Key::Char('h')],
        Command::SetHours,
        "営業日・営業時間を設定（日付から先を変える。careplan office hours set）",
        "set the business days and hours from a date (careplan office hours set)",
    ),
    b(
        Context::OfficeSystem,
        &[Key::Char('c')],
        Command::CloseDays,
        "休業日を理由と共に記録（年末年始・研修など）",
        "record closed days with the reason",
    ),
    b(
        Context::OfficeSystem,
        &[Key::Char('o')],
        Command::OpenDays,
        "臨時営業日を理由と共に記録",
        "record days open against the week, with the reason",
    ),
    b(
        Context::OfficeSystem,
        &[Key::Char('w')],
        Command::WithdrawDays,
        "休業日・営業日の記録を選んで取り消す（理由を記録）",
        "withdraw a closed or open day record (with a reason)",
    ),
    b(
        Context::OfficeSystem,
        &[Key::Char('p')],
        Command::SetPeriod,
        "体制の期間を設定・訂正（特定事業所加算の区分・医療介護連携・24時間連絡体制）",
        "set or correct a set-up period (特定事業所加算 区分, liaison, 24-hour contact)",
    ),
    b(
        Context::OfficeSystem,
        &[Key::Code(KeyCode::Left)],
        Command::PrevMonth,
        "前の月の特定事業所加算の条件",
        "the previous month's conditions",
    ),
    b(
        Context::OfficeSystem,
        &[Key::Code(KeyCode::Right)],
        Command::NextMonth,
        "次の月の特定事業所加算の条件",
        "the next month's conditions",
    ),
    b(
        Context::OfficeSystem,
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "下へスクロール",
        "scroll down",
    ),
    b(
        Context::OfficeSystem,
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "上へスクロール",
        "scroll up",
    ),
    b(
        Context::OfficeSystem,
        &[Key::Code(KeyCode::Esc), Key::Char('t')],
        Command::Back,
        "閉じる（職員・事業所に戻る）",
        "close (back to Office)",
    ),
];

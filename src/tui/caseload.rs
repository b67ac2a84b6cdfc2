//! The 件数 screen's room: the month, filters and what-if. Its keys and footer (`BINDINGS`,
//! `HINTS`, `Context::Caseload`) are listed at the end.

use super::action::Effect;
use super::keymap::{Binding, Command, Context, HELP_HINT, Hint, Key, b, h};
use super::model::Model;
use super::room::move_cursor;
use crossterm::event::KeyCode;

/// The 件数 screen's keys; None = not one of them (handled as on every tab).
pub fn command(m: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    match cmd {
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last => {
            let page = m.page;
            move_cursor(&mut m.caseload.list, cmd, page);
        }
        Command::PrevMonth
        | Command::NextMonth
        | Command::CycleBand
        | Command::CycleCareManager
        | Command::MoreCare
        | Command::LessCare
        | Command::MoreSupport
        | Command::LessSupport
        | Command::MoreFte
        | Command::LessFte
        | Command::CycleFeeSchedule
        | Command::ResetWhatIf => {
            let month = m.caseload.month;
            caseload_command(m, cmd);
            // A new month reads its 運営基準減算 at risk.
            if m.caseload.month != month {
                m.caseload.at_risk = None;
                return Some(vec![Effect::LoadMonitoring(m.caseload.month)]);
            }
        }
        Command::Concentration => return Some(super::concentration::open(m, None)),
        Command::ToggleFull => m.caseload.full_head = !m.caseload.full_head,
        _ => return None,
    }
    Some(vec![])
}

/// The 件数 screen's month, filters and what-if; every change recomputes the figures.
fn caseload_command(m: &mut Model, cmd: Command) {
    use crate::domain::caseload::{Band, FeeSchedule};
    use crate::domain::fte::Fte;
    let v = &mut m.caseload;
    let step = |f: Option<Fte>, actual: Fte, delta: i64| {
        let h = i64::from(f.unwrap_or(actual).hundredths()) + delta;
        Some(Fte::from_hundredths(h.clamp(0, 99_99) as u32))
    };
    let actual_fte = v.actual.as_ref().map(|c| c.fte).unwrap_or_default();
    match cmd {
        Command::PrevMonth => v.month = v.month - chrono::Months::new(1),
        Command::NextMonth => v.month = v.month + chrono::Months::new(1),
        Command::CycleBand => {
            v.band_filter = match v.band_filter {
                None => Some(Band::I),
                Some(Band::I) => Some(Band::Ii),
                Some(Band::Ii) => Some(Band::Iii),
                Some(Band::Iii) => None,
            };
            v.list.selected = 0;
        }
        Command::CycleCareManager => {
            let ids: Vec<i64> = v
                .actual
                .iter()
                .flat_map(|c| c.care_managers.iter().map(|x| x.staff_id))
                .collect();
            let next = match v
                .care_manager_filter
                .and_then(|cur| ids.iter().position(|i| *i == cur))
            {
                None => ids.first().copied(),
                Some(p) => ids.get(p + 1).copied(),
            };
            v.care_manager_filter = next;
            v.list.selected = 0;
        }
        Command::MoreCare => v.what_if.add_care += 1,
        Command::LessCare => v.what_if.add_care -= 1,
        Command::MoreSupport => v.what_if.add_support += 1,
        Command::LessSupport => v.what_if.add_support -= 1,
        Command::MoreFte => v.what_if.fte = step(v.what_if.fte, actual_fte, 10),
        Command::LessFte => v.what_if.fte = step(v.what_if.fte, actual_fte, -10),
        Command::CycleFeeSchedule => {
            v.what_if.fee_schedule = match v.what_if.fee_schedule {
                None => Some(FeeSchedule::I),
                Some(FeeSchedule::I) => Some(FeeSchedule::II),
                Some(FeeSchedule::II) => None,
            }
        }
        Command::ResetWhatIf => v.what_if = Default::default(),
        _ => {}
    }
    if v.what_if.fte == Some(actual_fte) {
        v.what_if.fte = None;
    }
    if matches!(cmd, Command::PrevMonth | Command::NextMonth) {
        m.recompute_caseload();
    } else {
        m.recompute_caseload_figures();
    }
}

/// The keys of 件数: `resolve` reads them, and the help lists them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::Caseload,
        &[Key::Code(KeyCode::Left), Key::Char('h')],
        Command::PrevMonth,
        "前の月",
        "previous month",
    ),
    b(
        Context::Caseload,
        &[Key::Code(KeyCode::Right), Key::Char('l')],
        Command::NextMonth,
        "次の月",
        "next month",
    ),
    b(
        Context::Caseload,
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "一覧を下へ",
        "list down",
    ),
    b(
        Context::Caseload,
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "一覧を上へ",
        "list up",
    ),
    b(
        Context::Caseload,
        &[Key::Code(KeyCode::PageDown)],
        Command::PageDown,
        "次のページ",
        "page down",
    ),
    b(
        Context::Caseload,
        &[Key::Code(KeyCode::PageUp)],
        Command::PageUp,
        "前のページ",
        "page up",
    ),
    b(
        Context::Caseload,
        &[Key::Code(KeyCode::Home), Key::Char('g')],
        Command::First,
        "一覧の先頭",
        "list top",
    ),
    b(
        Context::Caseload,
        &[Key::Code(KeyCode::End), Key::Char('G')],
        Command::Last,
        "一覧の末尾（数えない利用者）",
        "list end (clients not counted)",
    ),
    b(
        Context::Caseload,
        &[Key::Char('b')],
        Command::CycleBand,
        "区分で絞り込み（全て→(i)→(ii)→(iii)）",
        "filter by band (all → i → ii → iii)",
    ),
    b(
        Context::Caseload,
        &[Key::Char('c')],
        Command::CycleCareManager,
        "担当で絞り込み（順に切り替え）",
        "filter by care manager (cycles)",
    ),
    b(
        Context::Caseload,
        &[Key::Char('+')],
        Command::MoreCare,
        "試算: 要介護を1人増やす",
        "what-if: one more care client",
    ),
    b(
        Context::Caseload,
        &[Key::Char('-')],
        Command::LessCare,
        "試算: 要介護を1人減らす",
        "what-if: one care client fewer",
    ),
    b(
        Context::Caseload,
        &[Key::Char('s')],
        Command::MoreSupport,
        "試算: 要支援を1人増やす",
        "what-if: one more support client",
    ),
    b(
        Context::Caseload,
        &[Key::Char('S')],
        Command::LessSupport,
        "試算: 要支援を1人減らす",
        "what-if: one support client fewer",
    ),
    b(
        Context::Caseload,
        &[Key::Char('f')],
        Command::MoreFte,
        "試算: 常勤換算を0.1増やす",
        "what-if: FTE +0.1",
    ),
    b(
        Context::Caseload,
        &[Key::Char('F')],
        Command::LessFte,
        "試算: 常勤換算を0.1減らす",
        "what-if: FTE −0.1",
    ),
    b(
        Context::Caseload,
        &[Key::Char('t')],
        Command::CycleFeeSchedule,
        "試算: 費(I)/(II)を切り替え",
        "what-if: switch fee schedule",
    ),
    b(
        Context::Caseload,
        &[Key::Char('0')],
        Command::ResetWhatIf,
        "試算を元に戻す",
        "reset the what-if",
    ),
    b(
        Context::Caseload,
        &[Key::Char('v')],
        Command::ToggleFull,
        "見出しを全部表示／たたむ（たたむと一覧が8行以上）",
        "whole head / fold it (folded, the list has 8 rows or more)",
    ),
    b(
        Context::Caseload,
        &[Key::Char('C')],
        Command::Concentration,
        "特定事業所集中減算（判定期間ごとの法人の割合・正当な理由）",
        "over-concentration on one corporation (shares by period, justifications)",
    ),
];

/// The footer of 件数, most used first; `?` always last.
pub(super) const HINTS: &[Hint] = &[
    h(&[Command::PrevMonth, Command::NextMonth], "月", "month"),
    h(&[Command::CycleBand], "区分", "band"),
    h(&[Command::CycleCareManager], "担当", "CM"),
    h(
        &[
            Command::MoreCare,
            Command::LessCare,
            Command::MoreSupport,
            Command::LessSupport,
            Command::MoreFte,
            Command::LessFte,
            Command::CycleFeeSchedule,
        ],
        "試算",
        "what-if",
    ),
    h(&[Command::ResetWhatIf], "戻す", "reset"),
    h(&[Command::Concentration], "集中減算", "concentration"),
    HELP_HINT,
];

//! The モニタリング screen's room: one month's clients with their monitoring status (visit,
//! video, excused, missing), the months missing in a row and the 運営基準減算 the month would
//! bring if it ended today; by care manager. `n` writes the highlighted client's entry (a
//! monitoring visit, at the model's clock), `r` opens their case record, `Enter` their detail.
//! Its keys and footer (`BINDINGS`, `HINTS`, `Context::Monitoring`) are listed at the end.

use super::action::{DetailRef, EditTarget, Effect};
use super::keymap::{Binding, Command, Context, HELP_HINT, Hint, Key, b, h};
use super::model::Model;
use super::room::move_cursor;
pub use super::room_state::MonitoringView;
use crate::store::compliance::MonthReport;
use crossterm::event::KeyCode;

/// The category a monitoring list's `n` opens with (a home visit; changed in the form).
pub const VISIT_CATEGORY: &str = crate::domain::case_record::VISIT;

/// The screen's keys; None = not one of them (handled as on every tab).
pub fn command(m: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    let page = m.page;
    let v = &mut m.monitoring;
    match cmd {
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last => move_cursor(&mut v.list, cmd, page),
        Command::PrevMonth | Command::NextMonth => {
            v.month = if cmd == Command::PrevMonth {
                v.month - chrono::Months::new(1)
            } else {
                v.month + chrono::Months::new(1)
            };
            v.list.selected = 0;
            return Some(vec![Effect::LoadMonitoring(v.month)]);
        }
        Command::Search => {
            v.list.searching = true;
        }
        Command::CycleFilter => {
            v.only_failing = !v.only_failing;
            v.list.selected = 0;
            v.refilter();
        }
        Command::CycleCareManager => {
            let ids = v.care_managers();
            v.care_manager = super::room::next_of(&ids, v.care_manager);
            v.list.selected = 0;
            v.refilter();
        }
        Command::Open | Command::WriteNote | Command::OpenCaseRecord => {
            let Some(c) = v.selected() else {
                return Some(super::room::edit_or_tell(m, None));
            };
            let client = c.client_id;
            return Some(vec![match cmd {
                Command::Open => Effect::LoadDetail(DetailRef::Client(client)),
                Command::WriteNote => Effect::OpenEdit(EditTarget::NewNote {
                    client_id: client,
                    category: Some(VISIT_CATEGORY.into()),
                    at: m.now,
                    plan_id: None,
                    stay: None,
                }),
                _ => Effect::LoadCaseRecord {
                    client,
                    history: false,
                },
            }]);
        }
        _ => return None,
    }
    m.dirty = true;
    Some(vec![])
}

/// A month's report, read: shown if it is still the month asked for.
pub fn loaded(m: &mut Model, report: std::sync::Arc<MonthReport>) -> Vec<Effect> {
    m.dirty = true;
    if report.month == m.caseload.month {
        m.caseload.at_risk = Some(report.total);
    }
    // The same month as on screen, unchanged (a later visit of the tab): the screen stays as
    // it is. With a query typed, the keys a reload cleared are built again first.
    if report.month == m.monitoring.month
        && m.monitoring
            .report
            .as_ref()
            .is_some_and(|r| std::sync::Arc::ptr_eq(r, &report) || **r == *report)
        && (!m.monitoring.keys.is_empty() || m.monitoring.list.query.value().trim().is_empty())
    {
        return vec![];
    }
    if report.month == m.monitoring.month {
        m.monitoring.keys.clear();
        let v = &mut m.monitoring;
        v.report = Some(report);
        v.ensure_keys(&m.data.clients);
        v.refilter();
    }
    vec![]
}

/// The keys of the screen: `resolve` reads them, and the help and footer list them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::Monitoring,
        &[Key::Code(KeyCode::Left)],
        Command::PrevMonth,
        "前の月",
        "previous month",
    ),
    b(
        Context::Monitoring,
        &[Key::Code(KeyCode::Right)],
        Command::NextMonth,
        "次の月",
        "next month",
    ),
    b(
        Context::Monitoring,
        &[Key::Char('n')],
        Command::WriteNote,
        "選んだ利用者の支援経過を書く（モニタリング訪問で開く）",
        "write the selected client's case record entry (opens as a monitoring visit)",
    ),
    b(
        Context::Monitoring,
        &[Key::Char('r')],
        Command::OpenCaseRecord,
        "選んだ利用者の支援経過を開く",
        "open the selected client's case record",
    ),
    b(
        Context::Monitoring,
        &[Key::Code(KeyCode::Enter)],
        Command::Open,
        "選んだ利用者の詳細",
        "the selected client's detail",
    ),
    b(
        Context::Monitoring,
        &[Key::Char('/')],
        Command::Search,
        "名前・フリガナ・番号で探す（Enter で確定、Esc で解除）",
        "search by name, kana or number (Enter keeps it, Esc clears)",
    ),
    b(
        Context::Monitoring,
        &[Key::Char('f')],
        Command::CycleFilter,
        "要対応（モニタリング未実施・減算のおそれ）だけ／すべて",
        "only those to act on (monitoring missing or a cut at risk) / all",
    ),
    b(
        Context::Monitoring,
        &[Key::Char('c')],
        Command::CycleCareManager,
        "担当者で絞り込む（順に切り替え）",
        "filter by care manager (cycles)",
    ),
];

/// The footer of the screen, most used first; `?` always last.
pub(super) const HINTS: &[Hint] = &[
    h(&[Command::WriteNote], "記録", "write"),
    h(&[Command::OpenCaseRecord], "経過", "record"),
    h(&[Command::PrevMonth, Command::NextMonth], "月", "month"),
    h(&[Command::CycleFilter], "要対応のみ", "to act on"),
    h(&[Command::CycleCareManager], "担当", "CM"),
    h(&[Command::Search], "検索", "search"),
    h(&[Command::Open], "詳細", "detail"),
    HELP_HINT,
];

//! ホーム's room: the keys of the deadline list; a deadline's `Enter` opens where the work
//! that clears it is done. Its keys and footer (`BINDINGS`, `HINTS`, `Context::Home`) are
//! listed at the end.

use super::action::{DetailRef, EditTarget, Effect};
use super::i18n::T;
use super::keymap::{Binding, Command, Context, HELP_HINT, Hint, Key, b, h};
use super::model::{BoardFilter, EnrollmentFilter, EnrollmentSort, Model, Overlay, Severity, Tab};
use crate::domain::Lang;
use crate::domain::deadlines::{BoardGap, Clears};
use crate::domain::kasan::Fix;
use crate::tui::form::FormKind;
use crossterm::event::KeyCode;

/// ホーム's keys; None = not one of them (handled as everywhere: tabs, help, quit).
pub fn command(m: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    match cmd {
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last => {
            move_selection(m, cmd);
            Some(vec![])
        }
        Command::Open => {
            let fx = open(m);
            // Another tab opened from here: Esc there comes back to ホーム.
            if m.tab != Tab::Home {
                m.came_from = Some((Tab::Home, m.overlays.len()));
            }
            Some(fx)
        }
        Command::OpenMoveIn => Some(vec![Effect::LoadMoveIn]),
        Command::CycleCareManager => {
            let ids = super::room::care_manager_ids(m);
            m.home.care_manager = super::room::next_of(&ids, m.home.care_manager);
            m.home.selected = 0;
            m.home.offset = 0;
            m.refilter_deadlines();
            Some(vec![])
        }
        Command::CycleFilter => {
            m.home.group = m.home.group.next();
            m.home.selected = 0;
            m.home.offset = 0;
            m.refilter_deadlines();
            Some(vec![])
        }
        _ => None,
    }
}

/// Deadlines that fit on ホーム at the last draw: two rows each in the body of the list's
/// box (`Model::page` is the screen's height less six rows; the box has four less).
pub fn items_per_page(page: usize) -> usize {
    ((page + 2) / 2).max(1)
}

fn move_selection(m: &mut Model, cmd: Command) {
    let fit = items_per_page(m.page);
    let last = m.deadlines.len().saturating_sub(1);
    let h = &mut m.home;
    h.selected = match cmd {
        Command::Up => h.selected.saturating_sub(1),
        Command::Down => (h.selected + 1).min(last),
        Command::PageUp => h.selected.saturating_sub(fit),
        Command::PageDown => (h.selected + fit).min(last),
        Command::First => 0,
        Command::Last => last,
        _ => h.selected,
    };
    h.offset = h.first_item(fit);
}

/// Opens what clears the selected deadline: the client's record, that month's board showing
/// the rows with the gap, the provider's enrollment panel, or the office's exchange panel.
fn open(m: &mut Model) -> Vec<Effect> {
    let Some(d) = m.deadlines.get(m.home.selected) else {
        m.status = Some((Severity::Info, T::NoSelection.s(m.lang).into()));
        return vec![];
    };
    match d.clears() {
        Clears::Client(id) => vec![Effect::LoadDetail(DetailRef::Client(id))],
        Clears::PlanSteps(id) => {
            m.steps_after_detail = Some(id);
            vec![Effect::LoadDetail(DetailRef::Client(id))]
        }
        Clears::Board { month, gap } => {
            m.tab = Tab::Board;
            m.overlays.clear();
            let (today, rules) = (m.today, m.rules);
            let b = &mut m.board;
            b.filter = match gap {
                BoardGap::NotSent => BoardFilter::NotSent,
                BoardGap::ActualsMissing => BoardFilter::ActualsMissing,
            };
            // The count on ホーム is the whole office's: no care manager's rows only.
            b.care_manager_filter = None;
            b.list.selected = 0;
            b.list.offset = 0;
            b.col = 0;
            let ym = month.format("%Y-%m");
            m.status = Some((
                Severity::Info,
                match (m.lang, gap) {
                    (Lang::Ja, BoardGap::NotSent) => {
                        format!("{ym} 分: 未送付のある利用者だけを表示（f で切り替え）")
                    }
                    (Lang::Ja, BoardGap::ActualsMissing) => {
                        format!("{ym} 分: 実績未着のある利用者だけを表示（f で切り替え）")
                    }
                    (Lang::En, BoardGap::NotSent) => {
                        format!("{ym}: clients with a schedule not sent (f switches)")
                    }
                    (Lang::En, BoardGap::ActualsMissing) => {
                        format!("{ym}: clients with actuals missing (f switches)")
                    }
                },
            ));
            if b.month == month && b.loaded == Some(month) {
                b.refilter(today, &rules);
                vec![]
            } else {
                b.month = month;
                b.rows.clear();
                b.list.visible.clear();
                b.loaded = None;
                vec![Effect::LoadBoard(month)]
            }
        }
        Clears::Provider(provider_id) => open_enrollment(
            m,
            Overlay::EnrollmentProvider {
                provider_id,
                scroll: 0,
            },
        ),
        Clears::OfficeForm => vec![Effect::OpenEdit(EditTarget::Office)],
        Clears::Kasan { client, fix } => open_fix(m, client, fix),
        Clears::Office => open_enrollment(m, Overlay::EnrollmentOffice { scroll: 0 }),
        Clears::Concentration(period) => super::concentration::open(m, Some(period)),
        Clears::Enrollment => {
            // Every provider, ranked ask first, from the top.
            m.tab = Tab::Enrollment;
            m.overlays.clear();
            let today = m.today;
            let e = &mut m.enrollment;
            e.filter = EnrollmentFilter::All;
            e.sort = EnrollmentSort::AskFirst;
            e.list.selected = 0;
            e.list.offset = 0;
            if e.loaded {
                e.refilter(today);
                vec![]
            } else {
                vec![Effect::LoadEnrollment]
            }
        }
        Clears::Monitoring { care_manager } => {
            // This month's list, only the clients missing (of that care manager).
            m.tab = Tab::Monitoring;
            m.overlays.clear();
            let month = crate::domain::dates::month_start(m.today);
            let v = &mut m.monitoring;
            v.month = month;
            v.only_failing = true;
            v.care_manager = care_manager;
            v.list.selected = 0;
            v.list.offset = 0;
            v.refilter();
            vec![Effect::LoadMonitoring(v.month)]
        }
    }
}

/// The form that records a 加算's missing piece, over ホーム (Esc comes back to it): a new
/// entry of the category on its stay, the correction of the entry that lacks something, the
/// stay, the terminal-care form, the plan, or the office's 体制.
fn open_fix(m: &mut Model, client_id: i64, fix: Fix) -> Vec<Effect> {
    let target = match fix {
        Fix::Note { category, stay_id } => EditTarget::NewNote {
            client_id,
            category: Some(category.0.to_string()),
            at: m.now,
            plan_id: None,
            stay: stay_id,
        },
        Fix::Correct(id) => EditTarget::CorrectNote(id),
        Fix::Terminal => EditTarget::Terminal(client_id),
        Fix::Plan => EditTarget::NewPlan(client_id),
        Fix::ConfirmPlan => EditTarget::PlanStatus(client_id),
        Fix::NewStay => {
            let kind = FormKind::Stay {
                client_id,
                id: None,
                version: 0,
            };
            super::forms::open_new(m, kind);
            return vec![];
        }
        Fix::Office => return super::office_system::open(m),
    };
    vec![Effect::OpenEdit(target)]
}

fn open_enrollment(m: &mut Model, panel: Overlay) -> Vec<Effect> {
    m.tab = Tab::Enrollment;
    m.overlays.clear();
    m.overlays.push(panel);
    if m.enrollment.loaded {
        vec![]
    } else {
        vec![Effect::LoadEnrollment]
    }
}

/// The keys of ホーム: `resolve` reads them, and the help lists them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::Home,
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "次の期限",
        "next deadline",
    ),
    b(
        Context::Home,
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "前の期限",
        "previous deadline",
    ),
    b(
        Context::Home,
        &[Key::Code(KeyCode::PageDown), Key::Ctrl('f')],
        Command::PageDown,
        "次のページ",
        "page down",
    ),
    b(
        Context::Home,
        &[Key::Code(KeyCode::PageUp), Key::Ctrl('b')],
        Command::PageUp,
        "前のページ",
        "page up",
    ),
    b(
        Context::Home,
        &[Key::Code(KeyCode::Home), Key::Char('g')],
        Command::First,
        "先頭",
        "first",
    ),
    b(
        Context::Home,
        &[Key::Code(KeyCode::End), Key::Char('G')],
        Command::Last,
        "末尾",
        "last",
    ),
    b(
        Context::Home,
        &[Key::Char('c')],
        Command::CycleCareManager,
        "担当ケアマネで絞り込む（順に切り替え、すべてに戻る）",
        "one care manager's items (cycles, back to all)",
    ),
    b(
        Context::Home,
        &[Key::Char('f')],
        Command::CycleFilter,
        "種類で絞り込む（モニタリング・計画・認定・送付・事業所・すべて）",
        "by kind (monitoring, plans, certifications, deliveries, office, all)",
    ),
    b(
        Context::Home,
        &[Key::Code(KeyCode::Enter)],
        Command::Open,
        "解消する画面を開く（→c は開いた画面のキー）",
        "open where it is cleared (client, board, enrollment); (then c) is that screen's key",
    ),
    b(
        Context::Home,
        &[Key::Char('m')],
        Command::OpenMoveIn,
        "移行の確認待ち（careplan migrate が残した項目）",
        "move-in reviews (what careplan migrate left)",
    ),
];

/// The footer of ホーム, most used first; `?` always last.
pub(super) const HINTS: &[Hint] = &[
    h(&[Command::Down, Command::Up], "移動", "move"),
    h(&[Command::Open], "開く", "open"),
    h(&[Command::CycleCareManager], "担当", "CM"),
    h(&[Command::CycleFilter], "種類", "kind"),
    h(&[Command::GoTab(0), Command::GoTab(7)], "タブ", "tabs"),
    h(&[Command::Quit], "終了", "quit"),
    HELP_HINT,
];

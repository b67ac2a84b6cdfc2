//! The 加入 screen's room: the providers' list with its filters and order, a provider's panel
//! and the office's panel, and recording what was seen or asked. Its keys and footer
//! (`BINDINGS`, `HINTS`, `Context::Enrollment`) are listed at the end.

use super::action::{EditTarget, Effect};
use super::form::FormKind;
use super::forms::open_form;
use super::i18n::T;
use super::keymap::{Binding, Command, Context, HELP_HINT, Hint, Key, b, h, resolve_in};
use super::model::{ConfirmAction, EnrollmentView, Model, Overlay, Severity};
use super::room::{move_cursor, quit};
use crossterm::event::{KeyCode, KeyEvent};

/// The 加入 screen's keys; None = not one of them (handled as usual).
pub fn command(m: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    use super::model::{EnrollmentFilter, EnrollmentSort};
    let (today, page) = (m.today, m.page);
    let e = &mut m.enrollment;
    match cmd {
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last => move_cursor(&mut e.list, cmd, page),
        Command::CycleFilter => {
            // all → not enrolled → each status → each source → stale → follow-up due → paper
            // → exchange → all.
            let mut order = vec![EnrollmentFilter::All, EnrollmentFilter::NotEnrolled];
            order.extend(
                crate::domain::enrollment::ProviderStatus::ALL
                    .iter()
                    .map(|s| EnrollmentFilter::Status(*s)),
            );
            order.extend(
                crate::domain::enrollment::Source::ALL
                    .iter()
                    .map(|s| EnrollmentFilter::Source(*s)),
            );
            order.extend([
                EnrollmentFilter::Stale,
                EnrollmentFilter::FollowUpDue,
                EnrollmentFilter::Paper,
                EnrollmentFilter::Exchange,
            ]);
            let at = order.iter().position(|f| *f == e.filter).unwrap_or(0);
            e.filter = order[(at + 1) % order.len()];
            e.list.selected = 0;
            e.refilter(today);
        }
        Command::CycleSort => {
            e.sort = match e.sort {
                EnrollmentSort::AskFirst => EnrollmentSort::Clients,
                EnrollmentSort::Clients => EnrollmentSort::Status,
                EnrollmentSort::Status => EnrollmentSort::Age,
                EnrollmentSort::Age => EnrollmentSort::FollowUp,
                EnrollmentSort::FollowUp => EnrollmentSort::Source,
                EnrollmentSort::Source => EnrollmentSort::Channel,
                EnrollmentSort::Channel => EnrollmentSort::Name,
                EnrollmentSort::Name => EnrollmentSort::AskFirst,
            };
            e.list.selected = 0;
            e.refilter(today);
        }
        Command::Open => {
            if let Some(p) = e.selected() {
                let provider_id = p.provider_id;
                m.overlays.push(Overlay::EnrollmentProvider {
                    provider_id,
                    scroll: 0,
                });
            }
        }
        Command::OfficePanel => m.overlays.push(Overlay::EnrollmentOffice { scroll: 0 }),
        Command::RecordObservation | Command::AddOutreach => {
            // On a provider's panel, that provider (opened from ホーム, it need not be the
            // list's selection); else the list's selection.
            let panel = m.overlays.iter().rev().find_map(|o| match o {
                Overlay::EnrollmentProvider { provider_id, .. } => Some(*provider_id),
                _ => None,
            });
            let Some(provider_id) = panel.or_else(|| e.selected().map(|p| p.provider_id)) else {
                m.status = Some((Severity::Info, T::NoSelection.s(m.lang).into()));
                return Some(vec![]);
            };
            let day = crate::domain::dates::format_date(today, m.config.date_display);
            if cmd == Command::RecordObservation {
                let kind = FormKind::RecordObservation { provider_id };
                open_form(
                    m,
                    kind,
                    vec![String::new(), String::new(), day, String::new()],
                );
            } else {
                let kind = FormKind::AddOutreach { provider_id };
                let mut v = vec![day];
                v.extend(std::iter::repeat_n(String::new(), 6));
                open_form(m, kind, v);
            }
        }
        _ => return None,
    }
    Some(vec![])
}

/// Keys of a provider's panel and the office's panel over the 加入 list.
pub(super) fn panel_key(m: &mut Model, ev: &KeyEvent) -> Vec<Effect> {
    match resolve_in(BINDINGS, Context::Enrollment, ev) {
        Some(
            c
            @ (Command::Down | Command::Up | Command::PageDown | Command::PageUp | Command::First),
        ) => {
            // Both panels scroll; the view stops at the last line.
            let page = u16::try_from(m.page).unwrap_or(u16::MAX);
            if let Some(
                Overlay::EnrollmentProvider { scroll, .. } | Overlay::EnrollmentOffice { scroll },
            ) = m.overlays.last_mut()
            {
                *scroll = match c {
                    Command::Down => scroll.saturating_add(1),
                    Command::Up => scroll.saturating_sub(1),
                    Command::PageDown => scroll.saturating_add(page),
                    Command::PageUp => scroll.saturating_sub(page),
                    _ => 0,
                };
            }
        }
        Some(Command::Edit)
            if matches!(m.overlays.last(), Some(Overlay::EnrollmentOffice { .. })) =>
        {
            return vec![Effect::OpenEdit(EditTarget::OfficeExchange)];
        }
        Some(Command::Corrections) => {
            if let Some(Overlay::EnrollmentProvider { provider_id, .. }) = m.overlays.last() {
                return vec![Effect::LoadCorrections(
                    super::corrections::Owner::Provider(*provider_id),
                )];
            }
        }
        Some(Command::RecordObservation) | Some(Command::AddOutreach) => {
            let cmd = resolve_in(BINDINGS, Context::Enrollment, ev);
            if let Some(c) = cmd {
                return command(m, c).unwrap_or_default();
            }
        }
        Some(Command::Quit) => return quit(m),
        _ => {
            if matches!(ev.code, KeyCode::Esc | KeyCode::Enter)
                || resolve_in(&[], Context::Global, ev) == Some(Command::Quit)
            {
                m.overlays.pop();
            }
        }
    }
    vec![]
}

/// 加入済み was saved: the form closes as after any save, and one question offers what
/// follows (連携 instead of paper, the open follow-up closed); `n` leaves both as they are.
pub(super) fn saved_enrolled(
    m: &mut Model,
    f: crate::store::enrollment::FollowThrough,
) -> Vec<Effect> {
    let fx = super::forms::saved(m);
    let next = f.open_follow_up.map(|d| d.format("%m-%d").to_string());
    let q = super::i18n::follow_through_question(
        m.lang,
        &f.name,
        &f.office_number,
        f.switch_channel.is_some(),
        next.as_deref(),
    );
    super::room::ask(m, q, ConfirmAction::CompleteEnrollment(f));
    fx
}

/// The 加入 list, read afresh.
pub(super) fn loaded(m: &mut Model, view: Box<EnrollmentView>) -> Vec<Effect> {
    // Keep the user's filter, order and place.
    let old = std::mem::take(&mut m.enrollment);
    m.enrollment = EnrollmentView {
        filter: old.filter,
        sort: old.sort,
        list: old.list,
        ..*view
    };
    let today = m.today;
    m.enrollment.refilter(today);
    // The office panel's warning of the move (⚠ WEBサービス未登録) follows the office's
    // exchange settings just read: ホーム's ledger part is read again only on ホーム, so its
    // copy of them would keep the warning after the registration date is saved here.
    if let Some(l) = m.ledger_deadlines.as_mut() {
        l.office_exchange = m.enrollment.office.clone();
        l.exchange_history = m.enrollment.office_history.clone();
    }
    m.recompute_deadlines();
    m.dirty = true;
    vec![]
}

/// The keys of 加入: `resolve` reads them, and the help lists them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::Enrollment,
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "下へ",
        "down",
    ),
    b(
        Context::Enrollment,
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "上へ",
        "up",
    ),
    b(
        Context::Enrollment,
        &[Key::Code(KeyCode::PageDown)],
        Command::PageDown,
        "次のページ",
        "page down",
    ),
    b(
        Context::Enrollment,
        &[Key::Code(KeyCode::PageUp)],
        Command::PageUp,
        "前のページ",
        "page up",
    ),
    b(
        Context::Enrollment,
        &[Key::Code(KeyCode::Home), Key::Char('g')],
        Command::First,
        "先頭",
        "first",
    ),
    b(
        Context::Enrollment,
        &[Key::Code(KeyCode::End), Key::Char('G')],
        Command::Last,
        "末尾",
        "last",
    ),
    b(
        Context::Enrollment,
        &[Key::Char('f')],
        Command::CycleFilter,
        "絞り込み（全て→加入済み以外→状況→情報源→確認が古い→フォロー期日→紙→連携）",
        "filter (all → not enrolled → status → source → stale → follow-up due → paper → exchange)",
    ),
    b(
        Context::Enrollment,
        &[Key::Char('s')],
        Command::CycleSort,
        "並べ替え（依頼の優先順→利用者数→状況→確認が古い順→次回→情報源→方法→名前）",
        "sort (ask first → clients → status → age → follow-up → source → channel → name)",
    ),
    b(
        Context::Enrollment,
        &[Key::Code(KeyCode::Enter)],
        Command::Open,
        "事業所の加入の履歴・働きかけ・伝える材料",
        "provider: history, outreach, talking points",
    ),
    b(
        Context::Enrollment,
        &[Key::Char('o')],
        Command::OfficePanel,
        "自事業所の連携の状況",
        "the office's own exchange status",
    ),
    b(
        Context::Enrollment,
        &[Key::Char('e')],
        Command::Edit,
        "自事業所の連携の状況を編集（自事業所の画面で）",
        "edit the office's exchange status (on the office panel)",
    ),
    b(
        Context::Enrollment,
        &[Key::Char('r')],
        Command::RecordObservation,
        "加入状況を記録（状況・情報源・確認日）",
        "record a status (status, source, date)",
    ),
    b(
        Context::Enrollment,
        &[Key::Char('a')],
        Command::AddOutreach,
        "働きかけを記録（方法・相手・内容・結果・段階・次回）",
        "record outreach (method, who, what, outcome, stage, next)",
    ),
    b(
        Context::Enrollment,
        &[Key::Char('x')],
        Command::Corrections,
        "事業所の画面で: 加入状況・働きかけの記録を訂正・取り消し",
        "in a provider's panel: correct or withdraw observations and outreach",
    ),
];

/// The footer of 加入, most used first; `?` always last.
pub(super) const HINTS: &[Hint] = &[
    h(&[Command::Down, Command::Up], "移動", "move"),
    h(&[Command::CycleFilter], "絞込", "filter"),
    h(&[Command::CycleSort], "並替", "sort"),
    h(&[Command::Open], "詳細", "detail"),
    h(&[Command::RecordObservation], "状況", "status"),
    h(&[Command::AddOutreach], "働きかけ", "outreach"),
    h(&[Command::OfficePanel], "自事業所", "office"),
    HELP_HINT,
];

//! The 加入 screen's room: the providers' list with its filters and order, a provider's panel
//! and the office's panel, and recording what was seen or asked (footer and help from the
//! keymap's `Context::Enrollment`).

use super::form::FormKind;
use super::forms::open_form;
use super::i18n::T;
use super::keymap::{Command, Context, resolve};
use super::model::{EnrollmentView, Model, Overlay, Severity};
use super::room::{move_cursor, quit};
use super::update::{EditTarget, Effect};
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
        Command::OfficePanel => m.overlays.push(Overlay::EnrollmentOffice),
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
    match resolve(Context::Enrollment, ev) {
        Some(Command::Down) => {
            if let Some(Overlay::EnrollmentProvider { scroll, .. }) = m.overlays.last_mut() {
                *scroll = scroll.saturating_add(1);
            }
        }
        Some(Command::Up) => {
            if let Some(Overlay::EnrollmentProvider { scroll, .. }) = m.overlays.last_mut() {
                *scroll = scroll.saturating_sub(1);
            }
        }
        Some(Command::Edit) if matches!(m.overlays.last(), Some(Overlay::EnrollmentOffice)) => {
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
            let cmd = resolve(Context::Enrollment, ev);
            if let Some(c) = cmd {
                return command(m, c).unwrap_or_default();
            }
        }
        Some(Command::Quit) => return quit(m),
        _ => {
            if matches!(ev.code, KeyCode::Esc | KeyCode::Enter)
                || resolve(Context::Global, ev) == Some(Command::Quit)
            {
                m.overlays.pop();
            }
        }
    }
    vec![]
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
    m.dirty = true;
    vec![]
}

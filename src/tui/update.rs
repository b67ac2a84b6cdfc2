//! `update(model, action) -> effects`: every state change of the app, with no I/O, so it can be
//! tested by feeding actions and looking at the model. Keys go to the room of the window in
//! front or of the tab's screen; each room owns its keys.

use super::i18n::T;
use super::key_table::resolve;
use super::keymap::Command;
use super::model::{Model, Overlay, Severity, Tab};
use super::room::{Outcome, edit_or_tell, quit};
use super::{
    batch, board, caseload, concentration, corrections, detail, dialogs, enrollment, forms, home,
    lists, reviews,
};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use super::action::{Action, DetailRef, EditTarget, Effect};
/// The form's title with its record, as the form window shows it.
pub use super::forms::form_heading;

pub fn update(m: &mut Model, action: Action) -> Vec<Effect> {
    let effects = route(m, action);
    if !m.read_only {
        return effects;
    }
    // A read-only session: every change the app would make passes here, and is answered with
    // why it cannot be made, in the form if one is open, else on the status line.
    let (refused, kept): (Vec<Effect>, Vec<Effect>) =
        effects.into_iter().partition(Effect::changes_records);
    if !refused.is_empty() {
        forms::save_failed(m, T::ReadOnlyRefused.s(m.lang).into());
    }
    kept
}

fn route(m: &mut Model, action: Action) -> Vec<Effect> {
    match action {
        Action::Tick => vec![Effect::CheckExternal],
        Action::Resize(_, h) => {
            m.page = usize::from(h.saturating_sub(6)).max(1);
            m.dirty = true;
            vec![]
        }
        Action::Hangup => quit(m),
        Action::Key(ev) if ev.kind == KeyEventKind::Press => {
            m.dirty = true;
            // Esc quickly followed by a key reaches us as Alt+key (the terminal cannot tell
            // them apart): act as the two keys, so Esc then / starts a new search.
            if let KeyCode::Char(c) = ev.code
                && ev.modifiers == KeyModifiers::ALT
            {
                let mut out = key(m, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
                out.extend(key(m, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
                return out;
            }
            key(m, ev)
        }
        Action::Key(_) => vec![],
        Action::Paste(text) => {
            m.dirty = true;
            if !forms::paste(m, &text) {
                lists::paste(m, &text);
            }
            vec![]
        }
        Action::Loaded { data, external } => {
            m.data = *data;
            m.loading = false;
            let ledger = m.data.ledger.take();
            m.refilter();
            m.recompute_caseload();
            m.dirty = true;
            if external {
                m.status = Some((Severity::Info, T::OtherSessionChanged.s(m.lang).into()));
            }
            let mut fx: Vec<Effect> = detail::detail_ref(m)
                .map(Effect::LoadDetail)
                .into_iter()
                .collect();
            if let Some(d) = ledger {
                m.ledger_deadlines = Some(d);
                m.deadlines_stale = false;
            } else if m.tab == Tab::Home {
                fx.push(Effect::LoadDeadlines);
            } else {
                m.deadlines_stale = true;
            }
            m.recompute_deadlines();
            if m.enrollment.loaded {
                m.enrollment.loaded = false;
                if m.tab == Tab::Enrollment {
                    fx.push(Effect::LoadEnrollment);
                }
            }
            // The worksheet on screen is read again (a note or a plan may have changed).
            if m.overlays
                .iter()
                .any(|o| matches!(o, Overlay::Concentration))
            {
                fx.push(Effect::LoadConcentration(m.concentration.period));
            }
            // The office's 体制 panel on screen follows a colleague's closed days and periods.
            if let (true, Some(month)) = (
                m.overlays
                    .iter()
                    .any(|o| matches!(o, Overlay::OfficeSystem)),
                m.office_system.month,
            ) {
                fx.push(Effect::LoadOfficeSystem(month));
            }
            // The move-in reviews on screen follow a colleague's decisions.
            if m.overlays
                .iter()
                .any(|o| matches!(o, Overlay::MoveIn { .. }))
            {
                fx.push(Effect::LoadMoveIn);
            }
            // The monitoring of the month follows every change (a new entry, a colleague's);
            // its search keys are built again (a client's kana may have changed).
            m.monitoring.keys.clear();
            if m.tab == Tab::Monitoring {
                fx.push(Effect::LoadMonitoring(m.monitoring.month));
            } else {
                m.monitoring.report = None;
            }
            m.caseload.at_risk = None;
            if m.tab == Tab::Caseload {
                fx.push(Effect::LoadMonitoring(m.caseload.month));
            }
            if m.tab == Tab::Board || m.board.loaded.is_some() {
                m.board.loaded = None;
                if m.tab == Tab::Board {
                    fx.push(Effect::LoadBoard(m.board.month));
                }
            }
            fx
        }
        Action::BoardLoaded { month, rows } => board::loaded(m, month, rows),
        Action::Recorded(events) => board::recorded(m, events),
        Action::HistoryLoaded { title, rows } => {
            m.overlays.push(Overlay::History { title, rows });
            m.dirty = true;
            vec![]
        }
        Action::ImportProgress { done, total } => {
            m.importing = Some((done, total));
            m.dirty = true;
            vec![]
        }
        Action::ImportDone(result) => {
            m.importing = None;
            m.dirty = true;
            match result {
                Ok(summary) => {
                    m.overlays.push(Overlay::ImportSummary(summary));
                    vec![Effect::LoadAll { external: false }]
                }
                Err(msg) => {
                    m.status = Some((Severity::Error, msg));
                    vec![]
                }
            }
        }
        Action::EnrollmentLoaded(view) => enrollment::loaded(m, view),
        Action::ReviewsLoaded(items) => reviews::loaded(m, items),
        Action::MoveInLoaded(items) => super::move_in::loaded(m, items),
        Action::DeadlinesLoaded(d) => {
            m.ledger_deadlines = Some(*d);
            m.deadlines_stale = false;
            m.recompute_deadlines();
            m.dirty = true;
            vec![]
        }
        Action::DetailLoaded(d) => detail::loaded(m, d),
        Action::OpenForm { kind, values } => {
            m.dirty = true;
            forms::open_form(m, kind, values);
            vec![]
        }
        Action::Saved => forms::saved(m),
        Action::SavedEnrolled(f) => enrollment::saved_enrolled(m, f),
        Action::SaveFailed(msg) => forms::save_failed(m, msg),
        Action::Conflict { latest, version } => forms::conflict(m, latest, version),
        Action::CorrectionsLoaded(c) => corrections::loaded(m, c),
        Action::ConcentrationLoaded(w) => concentration::loaded(m, *w),
        Action::OfficeSystemLoaded(d) => super::office_system::loaded(m, d),
        Action::CaseRecordLoaded(c) => super::case_record::loaded(m, c),
        Action::MonitoringLoaded(r) => super::monitoring::loaded(m, r),
        Action::MoneyLoaded(i) => {
            m.dirty = true;
            m.caseload.money = Some(*i);
            vec![]
        }
        Action::Written(path) => {
            m.status = Some((
                Severity::Info,
                T::PrintoutWritten
                    .s(m.lang)
                    .replace("{path}", &path.display().to_string()),
            ));
            vec![]
        }
        Action::DraftFound(d) => {
            m.dirty = true;
            m.overlays.push(Overlay::DraftOffer(d));
            vec![]
        }
    }
}

/// A key goes to the window in front, else to the tab's screen.
fn key(m: &mut Model, ev: KeyEvent) -> Vec<Effect> {
    m.status = None;
    // A number key goes to its tab from every window that is not a form or a question (the
    // windows that hand other keys to the screen under them do so themselves; a window's
    // own use of a digit wins).
    if matches!(
        m.overlays.last(),
        Some(
            Overlay::History { .. }
                | Overlay::Batch { .. }
                | Overlay::Reviews { .. }
                | Overlay::MoveIn { .. }
                | Overlay::EnrollmentProvider { .. }
                | Overlay::EnrollmentOffice { .. }
                | Overlay::ImportSummary(_)
                | Overlay::Corrections(_)
                | Overlay::Concentration
                | Overlay::OfficeSystem
        )
    ) && let Some(cmd @ Command::GoTab(_)) = resolve(m.context(), &ev)
    {
        return command(m, cmd);
    }
    let tab = m.tab;
    let out = to_room(m, ev);
    // Esc that closed the window opened from elsewhere (ホーム's Enter on a provider) goes
    // on back there; a window opened over it since closes to it.
    let closed_opened = m
        .came_from
        .is_some_and(|(_, depth)| m.overlays.len() < depth);
    if ev.code == KeyCode::Esc && tab == m.tab && closed_opened {
        return [out, go_back(m)].concat();
    }
    out
}

/// Back to the tab the screen was opened from, if it was (`Model::came_from`).
fn go_back(m: &mut Model) -> Vec<Effect> {
    match m.came_from.take() {
        Some((tab, _)) if tab != m.tab => switch_tab(m, tab),
        _ => vec![],
    }
}

fn to_room(m: &mut Model, ev: KeyEvent) -> Vec<Effect> {
    match m.overlays.last() {
        Some(Overlay::DraftOffer(_)) => forms::draft_key(m, &ev),
        Some(Overlay::Confirm(_)) => dialogs::confirm_key(m, &ev),
        Some(Overlay::Help { .. }) => {
            let out = dialogs::help_key(m, &ev);
            run(m, out)
        }
        Some(Overlay::History { .. }) => dialogs::history_key(m, &ev),
        Some(Overlay::Batch { .. }) => batch::key(m, ev),
        Some(Overlay::Reviews { .. }) => reviews::key(m, ev),
        Some(Overlay::MoveIn { .. }) => super::move_in::key(m, ev),
        Some(Overlay::EnrollmentProvider { .. } | Overlay::EnrollmentOffice { .. }) => {
            enrollment::panel_key(m, &ev)
        }
        Some(Overlay::ImportSummary(_)) => dialogs::import_summary_key(m, &ev),
        Some(Overlay::Form(_)) => forms::key(m, ev),
        Some(Overlay::Corrections(_)) => corrections::key(m, &ev),
        Some(Overlay::Concentration) => {
            let out = concentration::key(m, &ev);
            run(m, out)
        }
        Some(Overlay::OfficeSystem) => {
            let out = super::office_system::key(m, &ev);
            run(m, out)
        }
        Some(Overlay::CaseRecord(_)) => {
            let out = super::case_record::key(m, &ev);
            run(m, out)
        }
        Some(Overlay::PlanSteps(_)) => {
            let out = super::plan_steps::key(m, &ev);
            run(m, out)
        }
        Some(Overlay::Detail { .. }) => {
            let out = detail::key(m, ev);
            run(m, out)
        }
        None => match lists::search_key(m, &ev) {
            Some(out) => run(m, out),
            None => match resolve(m.tab.context(), &ev) {
                Some(cmd) => command(m, cmd),
                // A screen without a use for Esc, opened from elsewhere: back there.
                None if ev.code == KeyCode::Esc => go_back(m),
                None => vec![],
            },
        },
    }
}

/// A room's effects, or the command it left to the tab's screen run there.
fn run(m: &mut Model, out: Outcome) -> Vec<Effect> {
    match out {
        Outcome::Done(fx) => fx,
        Outcome::Pass(cmd) => command(m, cmd),
    }
}

/// A command on the tab's screen: its room's, else what every tab does.
fn command(m: &mut Model, cmd: Command) -> Vec<Effect> {
    let room = match m.tab {
        Tab::Home => home::command(m, cmd),
        Tab::Clients | Tab::Providers | Tab::Office => lists::command(m, cmd),
        Tab::Caseload => caseload::command(m, cmd),
        Tab::Board => board::command(m, cmd),
        Tab::Enrollment => enrollment::command(m, cmd),
        Tab::Monitoring => super::monitoring::command(m, cmd),
    };
    match room {
        Some(fx) => fx,
        None => global(m, cmd),
    }
}

/// What every tab does alike: quit, help and switching tabs. `e` on a tab with nothing to
/// edit says nothing is selected.
fn global(m: &mut Model, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Quit => quit(m),
        Command::Help => {
            super::dialogs::open_help(m, m.context());
            vec![]
        }
        Command::GoTab(_) | Command::NextTab | Command::PrevTab => {
            let n = Tab::ALL.len();
            let tab = match cmd {
                Command::GoTab(i) => Tab::ALL.get(i).copied().unwrap_or(m.tab),
                Command::NextTab => Tab::ALL[(m.tab.index() + 1) % n],
                _ => Tab::ALL[(m.tab.index() + n - 1) % n],
            };
            // A tab chosen is where the user now is: Esc no longer returns anywhere.
            m.came_from = None;
            switch_tab(m, tab)
        }
        Command::Edit => edit_or_tell(m, None),
        _ => vec![],
    }
}

/// Shows `tab`'s screen, leaving any window over the one before (forms never get here), and
/// asks for what it shows if not read yet.
pub(super) fn switch_tab(m: &mut Model, tab: Tab) -> Vec<Effect> {
    m.tab = tab;
    m.overlays.clear();
    if m.tab == Tab::Caseload && m.caseload.forecast.is_empty() {
        m.forecast_caseload();
    }
    if m.tab == Tab::Caseload && m.caseload.at_risk.is_none() {
        return vec![Effect::LoadMonitoring(m.caseload.month)];
    }
    if m.tab == Tab::Home && m.deadlines_stale {
        return vec![Effect::LoadDeadlines];
    }
    if m.tab == Tab::Enrollment && !m.enrollment.loaded {
        return vec![Effect::LoadEnrollment];
    }
    if m.tab == Tab::Monitoring {
        return vec![Effect::LoadMonitoring(m.monitoring.month)];
    }
    if m.tab == Tab::Board && m.board.loaded != Some(m.board.month) {
        return vec![Effect::LoadBoard(m.board.month)];
    }
    vec![]
}

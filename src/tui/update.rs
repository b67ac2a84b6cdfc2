//! `update(model, action) -> effects`: every state change of the app, with no I/O, so it can be
//! tested by feeding actions and looking at the model. Keys go to the room of the window in
//! front or of the tab's screen; each room owns its keys.

use super::i18n::T;
use super::keymap::{Command, resolve};
use super::model::{EnrollmentView, Model, Overlay, Severity, Tab};
use super::room::{edit_or_tell, quit};
use super::{batch, board, caseload, detail, dialogs, enrollment, forms, lists, reviews};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::InputRequest;

pub use super::action::{Action, DetailRef, EditTarget, Effect};
/// The form's title with its record, as the form window shows it.
pub use super::forms::form_heading;

pub fn update(m: &mut Model, action: Action) -> Vec<Effect> {
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
            if let Some(f) = m.form_mut() {
                for c in text.chars().filter(|c| !c.is_control()) {
                    f.edit(InputRequest::InsertChar(c));
                }
                forms::validate_focused(m);
            } else if let Some(state) = lists::searching_list(m) {
                for c in text.chars().filter(|c| !c.is_control()) {
                    state.query.handle(InputRequest::InsertChar(c));
                }
                state.selected = 0;
                state.offset = 0;
                m.refilter();
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
            if m.tab == Tab::Board || m.board.loaded.is_some() {
                m.board.loaded = None;
                if m.tab == Tab::Board {
                    fx.push(Effect::LoadBoard(m.board.month));
                }
            }
            fx
        }
        Action::BoardLoaded { month, rows } => {
            if month == m.board.month {
                m.board.rows = rows;
                m.board.loaded = Some(month);
                let (today, rules) = (m.today, m.rules);
                m.board.refilter(today, &rules);
                m.dirty = true;
            }
            vec![]
        }
        Action::Recorded(events) => {
            let n = events.len();
            board::apply_events(&mut m.board, &events);
            let (today, rules) = (m.today, m.rules);
            m.board.refilter(today, &rules);
            m.status = Some((
                Severity::Info,
                match m.lang {
                    crate::domain::Lang::Ja => format!("{n} 件を記録しました"),
                    crate::domain::Lang::En => format!("{n} recorded"),
                },
            ));
            m.dirty = true;
            // ホーム's counts are refreshed when ホーム is next shown, not on every mark.
            m.deadlines_stale = true;
            vec![]
        }
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
        Action::EnrollmentLoaded(view) => {
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
        Action::ReviewsLoaded(items) => {
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
        Action::DeadlinesLoaded(d) => {
            m.ledger_deadlines = Some(*d);
            m.deadlines_stale = false;
            m.recompute_deadlines();
            m.dirty = true;
            vec![]
        }
        Action::DetailLoaded(d) => {
            m.dirty = true;
            if let Some(pos) = m
                .overlays
                .iter()
                .rposition(|o| matches!(o, Overlay::Detail { .. }))
            {
                match d {
                    Some(d) => {
                        if let Overlay::Detail { detail, .. } = &mut m.overlays[pos] {
                            *detail = d;
                        }
                    }
                    None => {
                        m.overlays.remove(pos);
                    }
                }
            } else if let Some(d) = d {
                m.overlays.push(Overlay::Detail {
                    detail: d,
                    scroll: 0,
                });
            }
            vec![]
        }
        Action::OpenForm { kind, values } => {
            m.dirty = true;
            forms::open_form(m, kind, values);
            vec![]
        }
        Action::Saved => {
            m.dirty = true;
            let mut out = vec![Effect::LoadAll { external: false }];
            if let Some(Overlay::Form(f)) = m.overlays.last() {
                // The draft it was restored from has done its work only now.
                if let Some(id) = f.draft_id {
                    out.push(Effect::DiscardDraft { id, restored: true });
                }
                m.overlays.pop();
            }
            m.status = Some((Severity::Info, T::Saved.s(m.lang).into()));
            // A corrections list under the form shows the corrected rows.
            if let Some(Overlay::Corrections(c)) = m.overlays.last() {
                out.push(Effect::LoadCorrections(c.owner));
            }
            out
        }
        Action::SaveFailed(msg) => {
            m.dirty = true;
            match m.form_mut() {
                Some(f) => f.message = Some(msg),
                None => m.status = Some((Severity::Error, msg)),
            }
            vec![]
        }
        Action::Conflict { latest, version } => {
            m.dirty = true;
            let lang = m.lang;
            if let Some(f) = m.form_mut() {
                // Compared in the form's language: the store gives choices in Japanese.
                let latest = forms::localise(&f.kind, latest, lang);
                let changed: Vec<String> = f
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| f.original.get(*i) != latest.get(*i))
                    .map(|(_, fl)| fl.label.s(lang).to_string())
                    .collect();
                f.before_merge = Some(Box::new((f.kind.clone(), f.original.clone())));
                forms::set_version(&mut f.kind, version);
                let waiting = f.merge_latest(&latest);
                if let Some(i) = f
                    .fields
                    .iter()
                    .position(|fl| matches!(fl.merge, Some(super::merge::Merge::Both { .. })))
                {
                    f.focus = i;
                }
                f.conflict = Some(changed);
                f.message = (waiting > 0).then(|| forms::conflicts_left(waiting, lang));
            }
            vec![Effect::LoadAll { external: false }]
        }
        Action::CorrectionsLoaded(c) => {
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
                None => m.overlays.push(Overlay::Corrections(c)),
            }
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
    match m.overlays.last() {
        Some(Overlay::DraftOffer(_)) => forms::draft_key(m, &ev),
        Some(Overlay::Confirm(_)) => dialogs::confirm_key(m, &ev),
        Some(Overlay::Help { .. }) => dialogs::help_key(m, &ev),
        Some(Overlay::History { .. }) => dialogs::history_key(m, &ev),
        Some(Overlay::Batch { .. }) => batch::key(m, ev),
        Some(Overlay::Reviews { .. }) => reviews::key(m, ev),
        Some(Overlay::EnrollmentProvider { .. } | Overlay::EnrollmentOffice) => {
            enrollment::panel_key(m, &ev)
        }
        Some(Overlay::ImportSummary(_)) => dialogs::import_summary_key(m, &ev),
        Some(Overlay::Form(_)) => forms::key(m, ev),
        Some(Overlay::Corrections(_)) => super::corrections::key(m, &ev),
        Some(Overlay::Detail { .. }) => detail::key(m, ev),
        None => match lists::search_key(m, &ev) {
            Some(fx) => fx,
            None => match resolve(m.tab.context(), &ev) {
                Some(cmd) => command(m, cmd),
                None => vec![],
            },
        },
    }
}

/// A command on the tab's screen: its room's, else what every tab does.
pub(super) fn command(m: &mut Model, cmd: Command) -> Vec<Effect> {
    let room = match m.tab {
        Tab::Home => super::home::home_command(m, cmd),
        Tab::Clients | Tab::Providers | Tab::Office => lists::command(m, cmd),
        Tab::Caseload => caseload::command(m, cmd),
        Tab::Board => board::command(m, cmd),
        Tab::Enrollment => enrollment::command(m, cmd),
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
        Command::Quit => return quit(m),
        Command::Help => m.overlays.push(Overlay::Help {
            scroll: super::keymap::help_start(m.context(), m.lang),
        }),
        Command::GoTab(_) | Command::NextTab | Command::PrevTab => {
            let n = Tab::ALL.len();
            m.tab = match cmd {
                Command::GoTab(i) => Tab::ALL.get(i).copied().unwrap_or(m.tab),
                Command::NextTab => Tab::ALL[(m.tab.index() + 1) % n],
                _ => Tab::ALL[(m.tab.index() + n - 1) % n],
            };
            // Switching tabs leaves any detail or help screen (forms never get here).
            m.overlays.clear();
            if m.tab == Tab::Caseload && m.caseload.forecast.is_empty() {
                m.recompute_caseload();
            }
            if m.tab == Tab::Home && m.deadlines_stale {
                return vec![Effect::LoadDeadlines];
            }
            if m.tab == Tab::Enrollment && !m.enrollment.loaded {
                return vec![Effect::LoadEnrollment];
            }
            if m.tab == Tab::Board && m.board.loaded != Some(m.board.month) {
                return vec![Effect::LoadBoard(m.board.month)];
            }
        }
        Command::Edit => return edit_or_tell(m, None),
        _ => {}
    }
    vec![]
}

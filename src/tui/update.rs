//! `update(model, action) -> effects`: every state change of the app, with no I/O, so it can be
//! tested by feeding actions and looking at the model.

use super::form::{Form, FormKind, NotReady, Submission, spec};
use super::i18n::T;
use super::keymap::{Command, Context, resolve};
use super::model::{BoardFilter, BoardView, EnrollmentView};
use super::model::{
    Confirm, ConfirmAction, Data, Detail, ListState, Model, Overlay, Severity, Tab,
};
use crate::domain::channel::Channel;
use crate::domain::delivery::DeliveryKind;
use crate::exchange::ingest::Summary;
use crate::store::deliveries::{
    BoardRow, EventRow, LedgerDeadlines, NewEvent, mark_sent_events, paper_batch,
};
use crate::store::drafts::Draft;
use crate::store::exchange::Review;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::InputRequest;

pub enum Action {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// About once a second: look for other sessions' changes.
    Tick,
    /// SIGHUP/SIGTERM/SIGQUIT or the terminal went away: keep typed input as a draft and quit.
    Hangup,
    Loaded {
        data: Box<Data>,
        external: bool,
    },
    DetailLoaded(Option<Detail>),
    OpenForm {
        kind: FormKind,
        values: Vec<String>,
    },
    Saved,
    SaveFailed(String),
    /// Another session saved first: its current values and version.
    Conflict {
        latest: Vec<String>,
        version: i64,
    },
    DraftFound(Draft),
    BoardLoaded {
        month: chrono::NaiveDate,
        rows: Vec<BoardRow>,
    },
    /// These ledger rows were saved: the board shows them without a reload.
    Recorded(Vec<NewEvent>),
    HistoryLoaded {
        title: String,
        rows: Vec<EventRow>,
    },
    DeadlinesLoaded(Box<LedgerDeadlines>),
    /// From the import worker.
    ImportProgress {
        done: usize,
        total: usize,
    },
    ImportDone(Result<Box<Summary>, String>),
    ReviewsLoaded(Vec<Review>),
    EnrollmentLoaded(Box<super::model::EnrollmentView>),
    /// The corrections list of one owner, read afresh.
    CorrectionsLoaded(Box<super::corrections::Corrections>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum EditTarget {
    Client(i64),
    EndContract(i64),
    Provider(i64),
    Staff(i64),
    Office,
    /// A new plan revision for this client, pre-filled from the one in force.
    NewPlan(i64),
    /// The newest plan revision of this client: status, consent and hand-over dates.
    PlanStatus(i64),
    /// The office's own exchange status and settings.
    OfficeExchange,
    /// One plan revision's status form (after a conflict on it).
    PlanStatusOf {
        client_id: i64,
        plan_id: i64,
    },
    /// A record picked in the corrections list.
    Correct(super::corrections::Record),
}

#[derive(Debug, Clone, PartialEq)]
pub enum DetailRef {
    Client(i64),
    Provider(i64),
    Staff(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadAll {
        external: bool,
    },
    LoadDetail(DetailRef),
    CheckExternal,
    /// Read the record's latest values and open its edit form.
    OpenEdit(EditTarget),
    Save(Box<Submission>),
    /// Keep the typed form as a draft; `replaces` is the draft it was restored from.
    SaveDraft {
        payload: String,
        replaces: Option<i64>,
    },
    /// A draft leaves the store: taken back into its form (`restored`) or thrown away.
    DiscardDraft {
        id: i64,
        restored: bool,
    },
    LoadBoard(chrono::NaiveDate),
    Record(Vec<NewEvent>),
    LoadHistory {
        client: i64,
        provider: i64,
        month: chrono::NaiveDate,
        title: String,
    },
    /// ホーム's deadlines: run after the first frame is drawn.
    LoadDeadlines,
    /// Read these folders on a worker thread (the event loop starts it).
    ImportExchange(Vec<std::path::PathBuf>),
    LoadReviews,
    LoadEnrollment,
    SettleReview {
        id: i64,
        accept: bool,
    },
    /// Read the records of a client, staff member or provider for the corrections list.
    LoadCorrections(super::corrections::Owner),
}

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
                validate_focused(m);
            } else if let Some(state) = searching_list(m) {
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
            let mut fx: Vec<Effect> = detail_ref(m).map(Effect::LoadDetail).into_iter().collect();
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
            apply_events(&mut m.board, &events);
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
            open_form(m, kind, values);
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
                let latest = localise(&f.kind, latest, lang);
                let changed: Vec<String> = f
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| f.original.get(*i) != latest.get(*i))
                    .map(|(_, fl)| fl.label.s(lang).to_string())
                    .collect();
                f.before_merge = Some(Box::new((f.kind.clone(), f.original.clone())));
                set_version(&mut f.kind, version);
                let waiting = f.merge_latest(&latest);
                if let Some(i) = f
                    .fields
                    .iter()
                    .position(|fl| matches!(fl.merge, Some(super::merge::Merge::Both { .. })))
                {
                    f.focus = i;
                }
                f.conflict = Some(changed);
                f.message = (waiting > 0).then(|| conflicts_left(waiting, lang));
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

/// "2 items were changed by both: pick one side for each (← theirs, → yours)".
fn conflicts_left(n: usize, lang: crate::domain::Lang) -> String {
    match lang {
        crate::domain::Lang::Ja => format!(
            "{n} 項目は相手も自分も変えています。項目ごとに ← 相手の値 / → 自分の値 を選んでから保存してください"
        ),
        crate::domain::Lang::En => {
            format!(
                "{n} field(s) were changed by both: pick ← theirs or → yours for each, then save"
            )
        }
    }
}

/// Values of choice fields shown in the session's language (the store gives Japanese).
fn localise(kind: &FormKind, values: Vec<String>, lang: crate::domain::Lang) -> Vec<String> {
    spec(kind)
        .iter()
        .map(|(_, k)| Some(*k))
        .chain(std::iter::repeat(None))
        .zip(values)
        .map(|(k, v)| match k {
            Some(k) => super::choices::in_language(k, &v, lang),
            None => v,
        })
        .collect()
}

fn set_version(kind: &mut FormKind, v: i64) {
    match kind {
        FormKind::EditClient { version, .. }
        | FormKind::EndContract { version, .. }
        | FormKind::EditProvider { version, .. }
        | FormKind::EditStaff { version, .. }
        | FormKind::EditOffice { version }
        | FormKind::EditOfficeExchange { version }
        | FormKind::PlanStatus { version, .. }
        | FormKind::EditCertification { version, .. }
        | FormKind::EditPlan { version, .. }
        | FormKind::EditAssignment { version, .. }
        | FormKind::EditFte { version, .. }
        | FormKind::EditObservation { version, .. }
        | FormKind::EditOutreach { version, .. } => *version = v,
        _ => {}
    }
}

fn detail_ref(m: &Model) -> Option<DetailRef> {
    m.overlays.iter().rev().find_map(|o| match o {
        Overlay::Detail {
            detail: Detail::Client(c),
            ..
        } => Some(DetailRef::Client(c.id)),
        Overlay::Detail {
            detail: Detail::Provider(p),
            ..
        } => Some(DetailRef::Provider(p.id)),
        Overlay::Detail {
            detail: Detail::Staff(s),
            ..
        } => Some(DetailRef::Staff(s.id)),
        _ => None,
    })
}

/// Quit, keeping any typed form input as a draft for the next start.
pub fn quit(m: &mut Model) -> Vec<Effect> {
    m.quit = true;
    m.unsaved_form()
        .map(|f| Effect::SaveDraft {
            payload: f.draft_payload(),
            replaces: f.draft_id,
        })
        .into_iter()
        .collect()
}

pub fn open_form(m: &mut Model, kind: FormKind, values: Vec<String>) {
    let s = spec(&kind);
    let values = localise(&kind, values, m.lang);
    let subject = super::subject::of_form(&m.data, &kind, m.lang);
    let mut f = Form::new(kind, &s, values);
    f.subject = subject;
    // Show problems of restored or pre-filled values at once, except in an empty new form.
    if f.fields.iter().any(|fl| !fl.input.value().is_empty()) {
        for i in 0..f.fields.len() {
            if !f.fields[i].input.value().is_empty() {
                f.validate_field(i, m.lang, &m.data.staff, m.today);
            }
        }
    }
    m.overlays.push(Overlay::Form(Box::new(f)));
}

fn new_form_values(m: &Model, kind: &FormKind) -> Vec<String> {
    let today = crate::domain::dates::format_date(m.today, m.config.date_display);
    match kind {
        FormKind::NewClient => {
            let mut v = vec![String::new(); 8];
            v.push(today);
            v
        }
        FormKind::NewProvider => {
            let mut v = vec![String::new(); 9];
            v.push(crate::domain::channel::Channel::Fax.label(m.lang).into());
            v
        }
        FormKind::NewStaff => vec![
            String::new(),
            String::new(),
            crate::domain::staff_role::StaffRole::CareManager
                .label(crate::domain::Lang::Ja)
                .into(),
            String::new(),
            "1.0".into(),
            today,
        ],
        FormKind::EndContract { .. } | FormKind::StaffLeaves { .. } => vec![today],
        FormKind::AddCertification { .. } => vec![
            String::new(),
            "認定済".into(),
            String::new(),
            String::new(),
            String::new(),
            "いいえ".into(),
        ],
        FormKind::NoBenefitMonth { .. } => vec![m.today.format("%Y-%m").to_string()],
        FormKind::AddMonthProvider { .. } => vec![String::new(); 2],
        _ => vec![],
    }
}

fn open_new(m: &mut Model, kind: FormKind) {
    let values = new_form_values(m, &kind);
    open_form(m, kind, values);
    // A prefilled value is not "typed": cancelling an untouched new form asks nothing.
}

fn validate_focused(m: &mut Model) {
    let (lang, today) = (m.lang, m.today);
    let staff = std::mem::take(&mut m.data.staff);
    if let Some(f) = m.form_mut() {
        let i = f.focus;
        f.validate_field(i, lang, &staff, today);
        f.message = None;
    }
    m.data.staff = staff;
}

fn searching_list(m: &mut Model) -> Option<&mut ListState> {
    match m.tab {
        Tab::Clients if m.clients.searching => Some(&mut m.clients),
        Tab::Providers if m.providers.searching => Some(&mut m.providers),
        _ => None,
    }
}

fn text_request(ev: &KeyEvent) -> Option<InputRequest> {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    Some(match ev.code {
        KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
        KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
        KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
        KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
        KeyCode::Char(c) if !ctrl => InputRequest::InsertChar(c),
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        _ => return None,
    })
}

fn key(m: &mut Model, ev: KeyEvent) -> Vec<Effect> {
    m.status = None;
    match m.overlays.last_mut() {
        Some(Overlay::DraftOffer(d)) => {
            let d = d.clone();
            return match resolve(Context::Confirm, &ev) {
                Some(Command::Yes) => {
                    m.overlays.pop();
                    let lang = m.lang;
                    if let Some(r) = Form::from_draft(&d.payload) {
                        open_form(m, r.kind, r.values);
                        if let Some(f) = m.form_mut() {
                            // Kept in the store until this form is saved or discarded.
                            f.draft_id = Some(d.id);
                            if let Some(o) = r.original {
                                let kind = f.kind.clone();
                                f.original = localise(&kind, o, lang);
                            }
                        }
                    }
                    vec![]
                }
                Some(Command::No) if ev.code != KeyCode::Esc => {
                    m.overlays.pop();
                    vec![Effect::DiscardDraft {
                        id: d.id,
                        restored: false,
                    }]
                }
                Some(Command::No) => {
                    m.overlays.pop();
                    vec![]
                }
                Some(Command::Quit) => quit(m),
                _ => vec![],
            };
        }
        Some(Overlay::Confirm(c)) => {
            let c = c.clone();
            return match resolve(Context::Confirm, &ev) {
                Some(Command::Yes) => {
                    m.overlays.pop();
                    confirmed(m, c.action)
                }
                // "n" on the consent question saves the form as typed; Esc goes back.
                Some(Command::No)
                    if c.action == ConfirmAction::ConsentGiven && ev.code != KeyCode::Esc =>
                {
                    m.overlays.pop();
                    if let Some(f) = m.form_mut() {
                        f.confirmed = true;
                    }
                    save(m)
                }
                Some(Command::No) => {
                    m.overlays.pop();
                    vec![]
                }
                Some(Command::Quit) => quit(m),
                _ => vec![],
            };
        }
        Some(Overlay::Help { scroll }) => {
            match resolve(Context::List, &ev) {
                Some(Command::Down) => *scroll = scroll.saturating_add(1),
                Some(Command::Up) => *scroll = scroll.saturating_sub(1),
                Some(Command::Help | Command::Back) => {
                    m.overlays.pop();
                }
                Some(Command::Quit) => return quit(m),
                _ => {}
            }
            return vec![];
        }
        Some(Overlay::History { .. }) => {
            match resolve(Context::Batch, &ev) {
                Some(Command::Back) => {
                    m.overlays.pop();
                }
                _ => {
                    if matches!(ev.code, KeyCode::Enter | KeyCode::Char('q')) {
                        m.overlays.pop();
                    }
                }
            }
            return vec![];
        }
        Some(Overlay::Batch { .. }) => return batch_key(m, ev),
        Some(Overlay::Reviews { .. }) => return reviews_key(m, ev),
        Some(Overlay::EnrollmentProvider { .. }) | Some(Overlay::EnrollmentOffice) => {
            match resolve(Context::Enrollment, &ev) {
                Some(Command::Down) => {
                    if let Some(Overlay::EnrollmentProvider { scroll, .. }) = m.overlays.last_mut()
                    {
                        *scroll = scroll.saturating_add(1);
                    }
                }
                Some(Command::Up) => {
                    if let Some(Overlay::EnrollmentProvider { scroll, .. }) = m.overlays.last_mut()
                    {
                        *scroll = scroll.saturating_sub(1);
                    }
                }
                Some(Command::Edit)
                    if matches!(m.overlays.last(), Some(Overlay::EnrollmentOffice)) =>
                {
                    return vec![Effect::OpenEdit(EditTarget::OfficeExchange)];
                }
                Some(Command::Corrections) => {
                    if let Some(Overlay::EnrollmentProvider { provider_id, .. }) = m.overlays.last()
                    {
                        return vec![Effect::LoadCorrections(
                            super::corrections::Owner::Provider(*provider_id),
                        )];
                    }
                }
                Some(Command::RecordObservation) | Some(Command::AddOutreach) => {
                    let cmd = resolve(Context::Enrollment, &ev);
                    if let Some(c) = cmd {
                        return enrollment_command(m, c).unwrap_or_default();
                    }
                }
                Some(Command::Quit) => return quit(m),
                _ => {
                    if matches!(ev.code, KeyCode::Esc | KeyCode::Enter)
                        || resolve(Context::Global, &ev) == Some(Command::Quit)
                    {
                        m.overlays.pop();
                    }
                }
            }
            return vec![];
        }
        Some(Overlay::ImportSummary(_)) => {
            match resolve(Context::Reviews, &ev) {
                Some(Command::Back) => {
                    m.overlays.pop();
                }
                Some(Command::Quit) => return quit(m),
                _ if ev.code == KeyCode::Enter => {
                    m.overlays.pop();
                }
                _ => {}
            }
            return vec![];
        }
        Some(Overlay::Form(_)) => return form_key(m, ev),
        Some(Overlay::Corrections(_)) => return super::corrections::key(m, &ev),
        Some(Overlay::Detail { .. }) => return detail_key(m, ev),
        None => {}
    }
    if let Some(state) = searching_list(m) {
        match ev.code {
            // The filter stays; the highlighted match (the first, unless moved) opens.
            KeyCode::Enter => {
                state.searching = false;
                let any = !state.visible.is_empty();
                m.refilter();
                return if any {
                    command(m, Command::Open)
                } else {
                    vec![]
                };
            }
            KeyCode::Esc => {
                state.searching = false;
                state.query = Default::default();
            }
            KeyCode::Up | KeyCode::Down => {
                let cmd = if ev.code == KeyCode::Up {
                    Command::Up
                } else {
                    Command::Down
                };
                let page = m.page;
                if let Some(state) = searching_list(m) {
                    move_cursor(state, cmd, page);
                }
                return vec![];
            }
            _ => {
                if let Some(req) = text_request(&ev) {
                    state.query.handle(req);
                    // A new query starts at its first match.
                    state.selected = 0;
                    state.offset = 0;
                }
            }
        }
        m.refilter();
        return vec![];
    }
    let Some(cmd) = resolve(m.tab.context(), &ev) else {
        return vec![];
    };
    command(m, cmd)
}

fn move_cursor(state: &mut ListState, cmd: Command, page: usize) {
    let last = state.visible.len().saturating_sub(1);
    state.selected = match cmd {
        Command::Up => state.selected.saturating_sub(1),
        Command::Down => (state.selected + 1).min(last),
        Command::PageUp => state.selected.saturating_sub(page),
        Command::PageDown => (state.selected + page).min(last),
        Command::First => 0,
        Command::Last => last,
        _ => state.selected,
    };
    if state.selected < state.offset {
        state.offset = state.selected;
    } else if state.selected >= state.offset + page {
        state.offset = state.selected + 1 - page;
    }
}

fn command(m: &mut Model, cmd: Command) -> Vec<Effect> {
    let page = m.page;
    if m.tab == Tab::Board
        && let Some(fx) = board_command(m, cmd)
    {
        return fx;
    }
    if m.tab == Tab::Enrollment
        && let Some(fx) = enrollment_command(m, cmd)
    {
        return fx;
    }
    if m.tab == Tab::Home
        && let Some(fx) = super::home::home_command(m, cmd)
    {
        return fx;
    }
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
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last => {
            let state = match m.tab {
                Tab::Clients => &mut m.clients,
                Tab::Providers => &mut m.providers,
                Tab::Office => &mut m.staff,
                Tab::Caseload => &mut m.caseload.list,
                Tab::Home | Tab::Board | Tab::Enrollment => return vec![],
            };
            move_cursor(state, cmd, page);
        }
        Command::Search => match m.tab {
            Tab::Clients => m.clients.searching = true,
            Tab::Providers => m.providers.searching = true,
            _ => {}
        },
        Command::Back => {
            let state = match m.tab {
                Tab::Clients => &mut m.clients,
                Tab::Providers => &mut m.providers,
                _ => return vec![],
            };
            state.query = Default::default();
            m.refilter();
        }
        Command::Open => match m.tab {
            Tab::Clients => {
                return m
                    .selected_client()
                    .map(|c| Effect::LoadDetail(DetailRef::Client(c.id)))
                    .into_iter()
                    .collect();
            }
            Tab::Providers => {
                return m
                    .selected_provider()
                    .map(|p| Effect::LoadDetail(DetailRef::Provider(p.id)))
                    .into_iter()
                    .collect();
            }
            Tab::Office => {
                return m
                    .selected_staff()
                    .map(|s| Effect::LoadDetail(DetailRef::Staff(s.id)))
                    .into_iter()
                    .collect();
            }
            _ => {}
        },
        Command::New => match m.tab {
            Tab::Clients => open_new(m, FormKind::NewClient),
            Tab::Providers => open_new(m, FormKind::NewProvider),
            Tab::Office => open_new(m, FormKind::NewStaff),
            Tab::Home | Tab::Caseload | Tab::Board | Tab::Enrollment => {}
        },
        Command::Edit => {
            let target = match m.tab {
                Tab::Clients => m.selected_client().map(|c| EditTarget::Client(c.id)),
                Tab::Providers => m.selected_provider().map(|p| EditTarget::Provider(p.id)),
                Tab::Office => m.selected_staff().map(|s| EditTarget::Staff(s.id)),
                Tab::Home | Tab::Caseload | Tab::Board | Tab::Enrollment => None,
            };
            return edit_or_tell(m, target);
        }
        Command::EditOffice => return vec![Effect::OpenEdit(EditTarget::Office)],
        Command::Delete => match m.tab {
            Tab::Clients => {
                return edit_or_tell(
                    m,
                    m.selected_client().map(|c| EditTarget::EndContract(c.id)),
                );
            }
            Tab::Providers => {
                if let Some(p) = m.selected_provider() {
                    let (id, version) = (p.id, p.version);
                    ask(
                        m,
                        T::ConfirmDeleteProvider.s(m.lang).into(),
                        ConfirmAction::DeleteProvider { id, version },
                    );
                }
            }
            Tab::Office => {
                if let Some(s) = m.selected_staff() {
                    let id = s.id;
                    open_new(m, FormKind::StaffLeaves { id });
                }
            }
            Tab::Home | Tab::Caseload | Tab::Board | Tab::Enrollment => {}
        },
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
        | Command::ResetWhatIf => caseload_command(m, cmd),
        _ => {}
    }
    vec![]
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

fn edit_or_tell(m: &mut Model, target: Option<EditTarget>) -> Vec<Effect> {
    match target {
        Some(t) => vec![Effect::OpenEdit(t)],
        None => {
            m.status = Some((Severity::Info, T::NoSelection.s(m.lang).into()));
            vec![]
        }
    }
}

fn ask(m: &mut Model, question: String, action: ConfirmAction) {
    m.overlays
        .push(Overlay::Confirm(Confirm { question, action }));
}

fn detail_key(m: &mut Model, ev: KeyEvent) -> Vec<Effect> {
    let Some(cmd) = resolve(Context::Detail, &ev) else {
        return vec![];
    };
    let Some(Overlay::Detail { detail, scroll }) = m.overlays.last_mut() else {
        return vec![];
    };
    match (cmd, &*detail) {
        (Command::Down, _) => *scroll = scroll.saturating_add(1),
        (Command::Up, _) => *scroll = scroll.saturating_sub(1),
        (Command::Back, _) => {
            m.overlays.pop();
        }
        (Command::Edit, Detail::Client(c)) => {
            return vec![Effect::OpenEdit(EditTarget::Client(c.id))];
        }
        (Command::Edit, Detail::Provider(p)) => {
            return vec![Effect::OpenEdit(EditTarget::Provider(p.id))];
        }
        (Command::Edit, Detail::Staff(s)) => {
            return vec![Effect::OpenEdit(EditTarget::Staff(s.id))];
        }
        (Command::Delete, Detail::Staff(s)) => {
            let id = s.id;
            open_new(m, FormKind::StaffLeaves { id });
        }
        (Command::Delete, Detail::Client(c)) => {
            return vec![Effect::OpenEdit(EditTarget::EndContract(c.id))];
        }
        (Command::Delete, Detail::Provider(p)) => {
            let (id, version) = (p.id, p.version);
            let q = format!(
                "{}\n{}",
                super::subject::provider(&m.data, id, m.lang),
                T::ConfirmDeleteProvider.s(m.lang)
            );
            ask(m, q, ConfirmAction::DeleteProvider { id, version });
        }
        (Command::Corrections, Detail::Client(c)) => {
            return vec![Effect::LoadCorrections(super::corrections::Owner::Client(
                c.id,
            ))];
        }
        (Command::Corrections, Detail::Staff(s)) => {
            return vec![Effect::LoadCorrections(super::corrections::Owner::Staff(
                s.id,
            ))];
        }
        (Command::AddCertification, Detail::Client(c)) => {
            let client_id = c.id;
            open_new(m, FormKind::AddCertification { client_id });
        }
        (Command::MarkNoBenefit, Detail::Client(c)) => {
            let client_id = c.id;
            open_new(m, FormKind::NoBenefitMonth { client_id });
        }
        (Command::NewPlan, Detail::Client(c)) => {
            return vec![Effect::OpenEdit(EditTarget::NewPlan(c.id))];
        }
        (Command::PlanStatus, Detail::Client(c)) => {
            if c.plans.is_empty() {
                m.status = Some((
                    Severity::Info,
                    m.lang
                        .pick(
                            "計画がまだありません。p で新しい版を作成してください",
                            "no plan yet: p creates one",
                        )
                        .into(),
                ));
                return vec![];
            }
            return vec![Effect::OpenEdit(EditTarget::PlanStatus(c.id))];
        }
        (Command::Quit, _) => return quit(m),
        (other, _) => return command(m, other),
    }
    vec![]
}

fn form_key(m: &mut Model, ev: KeyEvent) -> Vec<Effect> {
    let lang = m.lang;
    let cmd = resolve(Context::Form, &ev);
    let Some(f) = m.form_mut() else { return vec![] };
    let kind = f.fields.get(f.focus).map(|fl| fl.kind);
    // A field both sessions changed: ← takes theirs, → keeps ours; nothing else is typed
    // into it until then.
    if f.focused_waits() {
        match ev.code {
            KeyCode::Left => {
                f.pick(super::merge::Side::Theirs);
            }
            KeyCode::Right => {
                f.pick(super::merge::Side::Mine);
            }
            _ if cmd.is_none() => {
                f.message = Some(
                    lang.pick(
                        "この項目は相手も変えています。← 相手の値 / → 自分の値 のどちらかを選んでください",
                        "both changed this field: ← takes theirs, → keeps yours",
                    )
                    .into(),
                );
                return vec![];
            }
            _ => return form_command(m, cmd, &ev),
        }
        let open = f.open_conflicts();
        f.message = (open > 0).then(|| conflicts_left(open, lang));
        validate_focused(m);
        return vec![];
    }
    // The picker under a care-manager or provider field takes ↑ ↓ Enter Esc while open.
    if let Some(sel) = f.picker {
        let n = picker_candidates(m).len();
        let Some(f) = m.form_mut() else { return vec![] };
        match ev.code {
            KeyCode::Down => {
                f.picker = Some((sel + 1).min(n.saturating_sub(1)));
                return vec![];
            }
            KeyCode::Up => {
                f.picker = Some(sel.saturating_sub(1));
                return vec![];
            }
            KeyCode::Esc => {
                f.picker = None;
                return vec![];
            }
            KeyCode::Enter => {
                if let Some(c) = picker_candidates(m).into_iter().nth(sel)
                    && let Some(f) = m.form_mut()
                {
                    f.edit(InputRequest::DeleteLine);
                    if let Some(fl) = f.fields.get_mut(f.focus) {
                        fl.input = tui_input::Input::new(c.value);
                    }
                    f.picker = None;
                    validate_focused(m);
                    if let Some(f) = m.form_mut() {
                        f.focus = (f.focus + 1) % f.fields.len().max(1);
                    }
                }
                return vec![];
            }
            _ => {}
        }
    }
    let Some(f) = m.form_mut() else { return vec![] };
    // Fixed choices cycle with ← → and Space; typing still works.
    if let Some(k) = kind
        && super::choices::options(k).is_some()
        && matches!(ev.code, KeyCode::Left | KeyCode::Right | KeyCode::Char(' '))
        && !ev.modifiers.contains(KeyModifiers::CONTROL)
    {
        let current = f.fields[f.focus].input.value().to_string();
        if let Some(next) = super::choices::cycle(k, &current, ev.code != KeyCode::Left, lang) {
            f.confirmed = false;
            f.fields[f.focus].input = tui_input::Input::new(next);
            validate_focused(m);
        }
        return vec![];
    }
    if cmd.is_some() {
        return form_command(m, cmd, &ev);
    }
    if let Some(req) = text_request(&ev) {
        // A whole value (a choice, a picked person or provider) is replaced by what is typed,
        // not added to: typing 桐 over 杉並木 ハル looks for 桐.
        if let (InputRequest::InsertChar(_), Some(k)) = (&req, kind) {
            let field = &f.fields[f.focus];
            if super::choices::is_whole(k, field.input.value(), field.error.is_none()) {
                f.fields[f.focus].input = tui_input::Input::default();
            }
        }
        f.edit(req);
        let picker = kind.is_some_and(super::choices::has_picker);
        validate_focused(m);
        if picker {
            let n = picker_candidates(m).len();
            if let Some(f) = m.form_mut() {
                let exact = f.fields[f.focus].error.is_none()
                    && !f.fields[f.focus].input.value().is_empty();
                f.picker = (n > 0 && !exact).then_some(0);
            }
        }
    }
    vec![]
}

/// The form's own commands: move between fields, save, go back, quit.
fn form_command(m: &mut Model, cmd: Option<Command>, ev: &KeyEvent) -> Vec<Effect> {
    let lang = m.lang;
    let Some(f) = m.form_mut() else { return vec![] };
    // Leaving a choice field typed as a beginning (`認定`) puts the whole value in.
    if matches!(cmd, Some(Command::NextField | Command::PrevField))
        && let Some(field) = f.fields.get_mut(f.focus)
        && let Some(whole) = super::choices::completion(field.kind, field.input.value(), lang)
        && whole != field.input.value()
    {
        field.input = tui_input::Input::new(whole);
    }
    match cmd {
        Some(Command::NextField) => {
            f.picker = None;
            f.focus = (f.focus + 1) % f.fields.len().max(1)
        }
        Some(Command::PrevField) => {
            f.picker = None;
            f.focus = (f.focus + f.fields.len().max(1) - 1) % f.fields.len().max(1)
        }
        Some(Command::Back) => {
            if f.is_modified() {
                let q = format!("{}\n{}", form_heading(f, lang), T::DiscardForm.s(lang));
                ask(m, q, ConfirmAction::DiscardForm);
            } else {
                let draft = f.draft_id;
                m.overlays.pop();
                return draft
                    .map(|id| Effect::DiscardDraft {
                        id,
                        restored: false,
                    })
                    .into_iter()
                    .collect();
            }
        }
        Some(Command::Save) => return save(m),
        Some(Command::Quit) => return quit(m),
        _ => {
            if let Some(req) = text_request(ev) {
                f.edit(req);
                validate_focused(m);
            }
        }
    }
    vec![]
}

/// What the picker of the focused field offers for what is typed in it.
fn picker_candidates(m: &Model) -> Vec<super::choices::Candidate> {
    let Some(Overlay::Form(f)) = m.overlays.last() else {
        return vec![];
    };
    let Some(field) = f.fields.get(f.focus) else {
        return vec![];
    };
    super::choices::candidates(
        field.kind,
        field.input.value(),
        &m.data.staff,
        &m.data.providers,
    )
}

/// "利用者の編集 — 山田 花子（0000012345）": the form's title with the record it acts on.
pub fn form_heading(f: &Form, lang: crate::domain::Lang) -> String {
    if f.subject.is_empty() {
        f.kind.title().s(lang).to_string()
    } else {
        format!("{} — {}", f.kind.title().s(lang), f.subject)
    }
}

fn save(m: &mut Model) -> Vec<Effect> {
    let lang = m.lang;
    let today = m.today;
    let staff = std::mem::take(&mut m.data.staff);
    let mut out = vec![];
    let mut confirm = None;
    let mut question = None;
    let mut consent = None;
    if let Some(f) = m.form_mut() {
        let open = f.open_conflicts();
        if open > 0 {
            f.message = Some(conflicts_left(open, lang));
            f.focus = f
                .fields
                .iter()
                .position(|fl| matches!(fl.merge, Some(super::merge::Merge::Both { .. })))
                .unwrap_or(f.focus);
        } else if !f.validate_all(lang, &staff, today) {
            f.message = Some(T::FixErrors.s(lang).into());
            f.focus = f
                .fields
                .iter()
                .position(|fl| fl.error.is_some())
                .unwrap_or(f.focus);
        } else if let Some(q) = consequence(f, lang).filter(|_| !f.confirmed) {
            question = Some(q);
        } else if let Some(q) = consent_given(f, lang).filter(|_| !f.confirmed) {
            consent = Some(q);
        } else {
            match f.submission(&staff, today) {
                Ok(s) => out.push(Effect::Save(Box::new(s))),
                Err(NotReady::Errors) => f.message = Some(T::FixErrors.s(lang).into()),
                Err(NotReady::ConfirmCheckDigit) => {
                    let number = f
                        .fields
                        .iter()
                        .find(|fl| fl.label == T::OfficeNumber)
                        .map(|fl| fl.input.value().trim().to_string());
                    confirm = number;
                }
            }
        }
    }
    m.data.staff = staff;
    if let Some(q) = question {
        ask(m, q, ConfirmAction::SubmitForm);
    }
    if let Some(q) = consent {
        ask(m, q, ConfirmAction::ConsentGiven);
    }
    if let Some(n) = confirm {
        let n = crate::domain::validation::fold_ascii(&n);
        ask(
            m,
            T::ConfirmCheckDigit.s(lang).into(),
            ConfirmAction::AcceptCheckDigit(n),
        );
    }
    out
}

/// A plan form whose consent date is filled while its status still waits for consent: the
/// question whether it is now 確定 (the 同意待ち deadline on ホーム clears only then).
fn consent_given(f: &Form, lang: crate::domain::Lang) -> Option<String> {
    use crate::domain::plan::PlanStatus;
    if !matches!(
        f.kind,
        FormKind::PlanStatus { .. } | FormKind::NewPlan { .. }
    ) {
        return None;
    }
    let value = |l: T| {
        f.fields
            .iter()
            .find(|x| x.label == l)
            .map(|x| x.input.value().trim().to_string())
            .unwrap_or_default()
    };
    (PlanStatus::parse(&value(T::PlanStatusLabel)) == Ok(PlanStatus::AwaitingConsent)
        && !value(T::ConsentDate).is_empty())
    .then(|| {
        format!(
            "{}\n{}",
            form_heading(f, lang),
            lang.pick(
                "同意日が入っていますが、状態は「同意待ち」のままです。\ny: 「確定」にして保存  n: 同意待ちのまま保存  Esc: 戻る",
                "A consent date is given but the status is still awaiting consent.\ny: save as confirmed  n: save as it is  Esc: back",
            )
        )
    })
}

/// What saving the form will do, when that deserves a yes/no first (ending a contract, a
/// staff member leaving). None for ordinary saves and for reopening a contract.
fn consequence(f: &Form, lang: crate::domain::Lang) -> Option<String> {
    let (label, text) = match f.kind {
        FormKind::EndContract { .. } => (T::ContractEnd, T::ConfirmEndContract),
        FormKind::StaffLeaves { .. } => (T::LeaveDate, T::ConfirmStaffLeaves),
        _ => return None,
    };
    let date = f
        .fields
        .iter()
        .find(|fl| fl.label == label)?
        .input
        .value()
        .trim()
        .to_string();
    (!date.is_empty()).then(|| {
        format!(
            "{}\n{}: {date}\n{}",
            form_heading(f, lang),
            label.s(lang),
            text.s(lang)
        )
    })
}

fn confirmed(m: &mut Model, action: ConfirmAction) -> Vec<Effect> {
    match action {
        ConfirmAction::SubmitForm => {
            if let Some(f) = m.form_mut() {
                f.confirmed = true;
            }
            save(m)
        }
        ConfirmAction::DiscardForm => {
            let draft = match m.overlays.pop() {
                Some(Overlay::Form(f)) => f.draft_id,
                _ => None,
            };
            draft
                .map(|id| Effect::DiscardDraft {
                    id,
                    restored: false,
                })
                .into_iter()
                .collect()
        }
        ConfirmAction::DeleteProvider { id, version } => {
            if matches!(m.overlays.last(), Some(Overlay::Detail { .. })) {
                m.overlays.pop();
            }
            vec![Effect::Save(Box::new(Submission::DeleteProvider {
                id,
                version,
            }))]
        }
        ConfirmAction::AcceptCheckDigit(n) => {
            if let Some(f) = m.form_mut() {
                f.accepted_check_digit = Some(n);
            }
            save(m)
        }
        ConfirmAction::Record(events) => vec![Effect::Record(events)],
        ConfirmAction::ConsentGiven => {
            let lang = m.lang;
            if let Some(f) = m.form_mut() {
                let label = crate::domain::plan::PlanStatus::Confirmed
                    .label(lang)
                    .to_string();
                if let Some(x) = f.fields.iter_mut().find(|x| x.label == T::PlanStatusLabel) {
                    x.input = tui_input::Input::new(label);
                }
                f.confirmed = true;
            }
            save(m)
        }
        ConfirmAction::Save(sub) => vec![Effect::Save(sub)],
    }
}

/// Applies saved ledger rows to the board on screen (the same fold the store uses).
fn apply_events(board: &mut BoardView, events: &[NewEvent]) {
    for e in events {
        if e.month.map(crate::domain::delivery::month_start) != board.loaded {
            continue;
        }
        if let Some(cell) = board
            .rows
            .iter_mut()
            .find(|r| r.client_id == e.client_id)
            .and_then(|r| r.cells.iter_mut().find(|c| c.provider_id == e.provider_id))
        {
            cell.marks.apply(&e.cell_event());
        }
    }
}

/// A mark of the given kind for one cell.
fn cell_event(m: &Model, ri: usize, ci: usize, kind: DeliveryKind) -> Option<NewEvent> {
    let row = m.board.rows.get(ri)?;
    let cell = row.cells.get(ci)?;
    Some(NewEvent::for_cell(
        row,
        cell,
        kind,
        m.board.month,
        m.board.channel,
        m.now,
    ))
}

/// Every cell of the month (among the rows shown) served by the cursor's provider.
fn provider_cells(m: &Model) -> Vec<(usize, usize)> {
    let Some((ri, ci)) = m.board.cursor() else {
        return Vec::new();
    };
    let pid = m.board.rows[ri].cells[ci].provider_id;
    m.board
        .list
        .visible
        .iter()
        .filter_map(|&r| {
            m.board.rows[r]
                .cells
                .iter()
                .position(|c| c.provider_id == pid)
                .map(|c| (r, c))
        })
        .collect()
}

fn nothing_to_do(m: &mut Model) -> Vec<Effect> {
    m.status = Some((
        Severity::Info,
        m.lang
            .pick(
                "記録することはありません（すでに記録済み）",
                "nothing to record (already recorded)",
            )
            .into(),
    ));
    vec![]
}

fn record_or_tell(m: &mut Model, events: Vec<NewEvent>) -> Vec<Effect> {
    if events.is_empty() {
        nothing_to_do(m)
    } else {
        vec![Effect::Record(events)]
    }
}

/// The 計画・送付 board's keys; None = not a board command (handled as usual).
fn board_command(m: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    let lang = m.lang;
    let (today, rules, page) = (m.today, m.rules, m.page);
    let cursor = m.board.cursor();
    let fx = match cmd {
        Command::PrevMonth | Command::NextMonth => {
            let b = &mut m.board;
            b.month = if cmd == Command::PrevMonth {
                b.month - chrono::Months::new(1)
            } else {
                b.month + chrono::Months::new(1)
            };
            b.rows.clear();
            b.list.visible.clear();
            b.loaded = None;
            vec![Effect::LoadBoard(b.month)]
        }
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last => {
            move_cursor(&mut m.board.list, cmd, page);
            vec![]
        }
        Command::Left => {
            m.board.col = cursor.map(|c| c.1).unwrap_or(0).saturating_sub(1);
            vec![]
        }
        Command::Right => {
            let n = cursor
                .map(|(ri, _)| m.board.rows[ri].cells.len())
                .unwrap_or(0);
            m.board.col = (cursor.map(|c| c.1).unwrap_or(0) + 1).min(n.saturating_sub(1));
            vec![]
        }
        // Actuals of a month that has not begun would be false evidence: refused with why.
        Command::MarkReceived | Command::MarkProviderReceived
            if crate::domain::delivery::actuals_allowed(m.board.month, m.today).is_err() =>
        {
            if let Err(why) = crate::domain::delivery::actuals_allowed(m.board.month, m.today) {
                m.status = Some((Severity::Error, why.message(lang).to_string()));
            }
            vec![]
        }
        Command::MarkSent | Command::MarkReceived => {
            let Some((ri, ci)) = cursor else {
                return Some(nothing_to_do(m));
            };
            let marks = m.board.rows[ri].cells[ci].marks;
            let (kind, done) = if cmd == Command::MarkSent {
                (DeliveryKind::Schedule, marks.sent.is_some())
            } else {
                (DeliveryKind::Actuals, marks.actuals.is_some())
            };
            if done {
                return Some(nothing_to_do(m));
            }
            cell_event(m, ri, ci, kind)
                .map(|e| Effect::Record(vec![e]))
                .into_iter()
                .collect()
        }
        Command::MarkRowSent => {
            let Some((ri, _)) = cursor else {
                return Some(nothing_to_do(m));
            };
            let cells: Vec<_> = (0..m.board.rows[ri].cells.len()).map(|c| (ri, c)).collect();
            let events =
                mark_sent_events(&m.board.rows, &cells, m.board.month, m.board.channel, m.now);
            record_or_tell(m, events)
        }
        Command::MarkProviderSent | Command::MarkProviderReceived => {
            let cells = provider_cells(m);
            let events: Vec<NewEvent> = if cmd == Command::MarkProviderSent {
                mark_sent_events(&m.board.rows, &cells, m.board.month, m.board.channel, m.now)
            } else {
                cells
                    .iter()
                    .filter(|&&(r, c)| m.board.rows[r].cells[c].marks.actuals.is_none())
                    .filter_map(|&(r, c)| cell_event(m, r, c, DeliveryKind::Actuals))
                    .collect()
            };
            if events.is_empty() {
                return Some(nothing_to_do(m));
            }
            let name = cursor
                .map(|(r, c)| m.board.rows[r].cells[c].provider_name.clone())
                .unwrap_or_default();
            let what = if cmd == Command::MarkProviderSent {
                lang.pick("提供票を送付済み", "schedules sent")
            } else {
                lang.pick("実績を受領済み", "actuals received")
            };
            let month = super::subject::month(m.board.month, lang);
            let q = match lang {
                crate::domain::Lang::Ja => {
                    format!(
                        "{name}（{month}分）の {} 件を{what}として記録しますか？",
                        events.len()
                    )
                }
                crate::domain::Lang::En => {
                    format!("Record {} {what} for {name} ({month})?", events.len())
                }
            };
            ask(m, q, ConfirmAction::Record(events));
            vec![]
        }
        Command::Withdraw => {
            let Some((ri, ci)) = cursor else {
                return Some(nothing_to_do(m));
            };
            let marks = m.board.rows[ri].cells[ci].marks;
            // The later of the two marks is the one taken back.
            let target = match (marks.sent, marks.actuals) {
                (_, Some(_)) => DeliveryKind::Actuals,
                (Some(_), None) => DeliveryKind::Schedule,
                (None, None) => return Some(nothing_to_do(m)),
            };
            let Some(mut ev) = cell_event(m, ri, ci, DeliveryKind::Withdrawal) else {
                return Some(vec![]);
            };
            ev.withdraws = Some(target);
            let (row, cell) = (&m.board.rows[ri], &m.board.rows[ri].cells[ci]);
            let month = super::subject::month(m.board.month, lang);
            let q = match lang {
                crate::domain::Lang::Ja => format!(
                    "{} ／ {}（{month}分）\n「{}」の記録を取り消しますか？（取消として記録され、元の記録も残ります）",
                    row.name,
                    cell.provider_name,
                    target.label(lang)
                ),
                crate::domain::Lang::En => format!(
                    "{} / {} ({month})\nTake back the {} mark? (recorded as a withdrawal; the original stays)",
                    row.name,
                    cell.provider_name,
                    target.label(lang)
                ),
            };
            ask(m, q, ConfirmAction::Record(vec![ev]));
            vec![]
        }
        Command::CycleChannel => {
            let all = Channel::ALL;
            m.board.channel = match m.board.channel {
                None => Some(all[0]),
                Some(c) => all
                    .iter()
                    .position(|x| *x == c)
                    .and_then(|i| all.get(i + 1))
                    .copied(),
            };
            vec![]
        }
        Command::CycleFilter => {
            m.board.filter = match m.board.filter {
                BoardFilter::All => BoardFilter::NotSent,
                BoardFilter::NotSent => BoardFilter::ActualsMissing,
                BoardFilter::ActualsMissing => BoardFilter::All,
            };
            m.board.list.selected = 0;
            m.board.refilter(today, &rules);
            vec![]
        }
        Command::CycleCareManager => {
            let ids: Vec<i64> = m
                .data
                .staff
                .iter()
                .filter(|s| s.role.is_care_manager())
                .map(|s| s.id)
                .collect();
            m.board.care_manager_filter = match m
                .board
                .care_manager_filter
                .and_then(|cur| ids.iter().position(|i| *i == cur))
            {
                None => ids.first().copied(),
                Some(p) => ids.get(p + 1).copied(),
            };
            m.board.list.selected = 0;
            m.board.refilter(today, &rules);
            vec![]
        }
        Command::PaperBatch => {
            m.overlays.push(Overlay::Batch { selected: 0 });
            vec![]
        }
        Command::ImportExchange => {
            if m.importing.is_some() {
                m.status = Some((
                    Severity::Info,
                    lang.pick(
                        "取り込み中です。終わるまでお待ちください",
                        "an import is running",
                    )
                    .into(),
                ));
                return Some(vec![]);
            }
            let folders = m.config.exchange.folders.clone();
            if folders.is_empty() {
                m.status = Some((
                    Severity::Error,
                    lang.pick(
                        "取り込むフォルダが設定されていません。設定ファイルの [exchange] folders に連携ソフトの送信・受信フォルダを書いてください（careplan exchange import でも取り込めます）",
                        "no folders set: add them under [exchange] folders in the config (or use careplan exchange import)",
                    )
                    .into(),
                ));
                return Some(vec![]);
            }
            m.importing = Some((0, 0));
            vec![Effect::ImportExchange(folders)]
        }
        Command::OpenReviews => vec![Effect::LoadReviews],
        Command::ToggleCellText => {
            m.board.show_dates = !m.board.show_dates;
            vec![]
        }
        Command::ExcludeProvider => {
            let Some((ri, ci)) = cursor else {
                return Some(nothing_to_do(m));
            };
            let (row, cell) = (&m.board.rows[ri], &m.board.rows[ri].cells[ci]);
            let ym = m.board.month.format("%Y-%m");
            let q = match lang {
                crate::domain::Lang::Ja => format!(
                    "{ym} は {} の {} を対象外にしますか？（この月の欄が消えます。記録は残ります）",
                    row.name, cell.provider_name
                ),
                crate::domain::Lang::En => format!(
                    "Leave {} out of {}'s {ym}? (the cell goes; the ledger stays)",
                    cell.provider_name, row.name
                ),
            };
            let sub = Submission::MonthProvider {
                client_id: row.client_id,
                month: m.board.month,
                provider_id: Some(cell.provider_id),
                office_number: None,
                service_type: cell.service_type.clone(),
                included: false,
            };
            ask(m, q, ConfirmAction::Save(Box::new(sub)));
            vec![]
        }
        Command::AddProvider => {
            let Some(&ri) = m.board.list.visible.get(m.board.list.selected) else {
                return Some(nothing_to_do(m));
            };
            let (client_id, month) = (m.board.rows[ri].client_id, m.board.month);
            open_new(m, FormKind::AddMonthProvider { client_id, month });
            vec![]
        }
        Command::Open => {
            let Some((ri, ci)) = cursor else {
                return Some(vec![]);
            };
            let (row, cell) = (&m.board.rows[ri], &m.board.rows[ri].cells[ci]);
            vec![Effect::LoadHistory {
                client: row.client_id,
                provider: cell.provider_id,
                month: m.board.month,
                title: format!(
                    "{} × {} ({})",
                    row.name,
                    cell.provider_name,
                    m.board.month.format("%Y-%m")
                ),
            }]
        }
        _ => return None,
    };
    Some(fx)
}

/// The 加入 screen's keys; None = not one of them (handled as usual).
fn enrollment_command(m: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
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

/// Keys of the import review list.
fn reviews_key(m: &mut Model, ev: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Reviews { items, selected }) = m.overlays.last_mut() else {
        return vec![];
    };
    let current = items.get(*selected).cloned();
    match resolve(Context::Reviews, &ev) {
        Some(Command::Down) => *selected = (*selected + 1).min(items.len().saturating_sub(1)),
        Some(Command::Up) => *selected = selected.saturating_sub(1),
        Some(Command::Back) => {
            m.overlays.pop();
        }
        Some(Command::AcceptTheirs) => {
            if let Some(r) = current {
                return vec![Effect::SettleReview {
                    id: r.id,
                    accept: true,
                }];
            }
        }
        Some(Command::KeepOurs) => {
            if let Some(r) = current {
                return vec![Effect::SettleReview {
                    id: r.id,
                    accept: false,
                }];
            }
        }
        Some(Command::CreateClient) => match current {
            Some(r) if r.kind == "unmatched_client" => {
                let values = new_client_from_review(m, &r);
                open_form(m, FormKind::NewClient, values);
            }
            _ => {
                m.status = Some((
                    Severity::Info,
                    m.lang
                        .pick("未登録の利用者の行で使えます", "only on an unknown client")
                        .into(),
                ));
            }
        },
        Some(Command::Quit) => return quit(m),
        _ => {}
    }
    vec![]
}

/// The new-client form filled from what an exchange file said ("項目: 値 / …").
fn new_client_from_review(m: &Model, r: &Review) -> Vec<String> {
    let get = |k: &str| r.file_value(k).to_string();
    let mut v = new_form_values(m, &FormKind::NewClient);
    for (i, value) in [
        (0, get("氏名")),
        (1, get("フリガナ")),
        (2, get("生年月日")),
        (3, get("性別")),
        (4, r.insurer_number.clone()),
        (5, r.insured_number.clone()),
        (6, get("住所")),
        (7, get("電話番号")),
    ] {
        if let Some(x) = v.get_mut(i) {
            *x = value;
        }
    }
    v
}

/// Keys of the paper batch window.
fn batch_key(m: &mut Model, ev: KeyEvent) -> Vec<Effect> {
    let batch = paper_batch(&m.board.rows);
    let Some(Overlay::Batch { selected }) = m.overlays.last_mut() else {
        return vec![];
    };
    match resolve(Context::Batch, &ev) {
        Some(Command::Down) => *selected = (*selected + 1).min(batch.len().saturating_sub(1)),
        Some(Command::Up) => *selected = selected.saturating_sub(1),
        Some(Command::Back) => {
            m.overlays.pop();
        }
        Some(Command::MarkSent) => {
            let cells = batch
                .get(*selected)
                .map(|b| b.cells.clone())
                .unwrap_or_default();
            let events = mark_sent_events(&m.board.rows, &cells, m.board.month, None, m.now);
            return record_or_tell(m, events);
        }
        Some(Command::MarkAllSent) => {
            let cells: Vec<_> = batch.iter().flat_map(|b| b.cells.iter().copied()).collect();
            let events = mark_sent_events(&m.board.rows, &cells, m.board.month, None, m.now);
            if events.is_empty() {
                return nothing_to_do(m);
            }
            let month = super::subject::month(m.board.month, m.lang);
            let q = match m.lang {
                crate::domain::Lang::Ja => format!(
                    "{month}分の紙で送る {} 件（事業所 {} 件）を送付済みとして記録しますか？",
                    events.len(),
                    batch.iter().filter(|b| b.unsent > 0).count()
                ),
                crate::domain::Lang::En => {
                    format!(
                        "Record {} paper schedules for {month} as sent?",
                        events.len()
                    )
                }
            };
            ask(m, q, ConfirmAction::Record(events));
        }
        Some(Command::Quit) => return quit(m),
        _ => {}
    }
    vec![]
}

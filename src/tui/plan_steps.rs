//! The room of a plan revision's process steps (手順): each step with its date and evidence, or
//! what the records lack, and a key that records it where it is shown — `Enter` the step under
//! the cursor (a case-record entry for the assessment or meeting, the plan's dates for consent
//! and hand-over to the client, the ledger's hand-over for a provider), `a` the hand-over to
//! every provider still lacking it (same day and channel), `k` "checked on paper" for the whole
//! revision. It reads the client's record under it (`Overlay::Detail`), so a save shows at
//! once. Its keys (`BINDINGS`, `Context::PlanSteps`) are listed at the end.

use super::action::{EditTarget, Effect};
use super::form::FormKind;
use super::forms::open_form;
use super::keymap::{Binding, Command, Context, Hint, Key, b, h, resolve_in};
use super::model::{ClientView, Detail, Model, Overlay, Severity};
use super::room::{Outcome, quit};
pub use super::room_state::PlanStepsRoom;
use crate::domain::Lang;
use crate::domain::dates::iso;
use crate::domain::plan_steps::{Failure, RevisionSteps};
use crate::store::plan_steps::PlanSteps;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};

/// What a row records when `Enter` is pressed on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    Assessment,
    Meeting,
    Consent,
    HandoverClient,
    /// The hand-over to one provider (id, service type).
    Provider(i64, String),
    /// The meeting after a renewal or 区分変更 starting on that day.
    CertMeeting(NaiveDate),
}

/// How a step stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Found on this day (with what shows it).
    Found(NaiveDate, String),
    /// Not found and counted as missing from this day.
    Missing(NaiveDate),
    /// Not found, not due yet.
    ToDo,
    /// Before the office's 記録開始日: kept elsewhere.
    BeforeRecords,
    /// The revision was checked on paper on this day.
    OnPaper(NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub label: String,
    pub state: State,
}

impl State {
    /// Something a key here can record.
    pub fn open(&self) -> bool {
        matches!(self, State::Missing(_) | State::ToDo)
    }
}

/// The client's record under the room.
pub fn view_of(m: &Model) -> Option<&ClientView> {
    m.overlays.iter().rev().find_map(|o| match o {
        Overlay::Detail {
            detail: Detail::Client(c),
            ..
        } => Some(c.as_ref()),
        _ => None,
    })
}

fn room(m: &Model) -> Option<&PlanStepsRoom> {
    match m.overlays.last() {
        Some(Overlay::PlanSteps(r)) => Some(r),
        _ => None,
    }
}

fn room_mut(m: &mut Model) -> Option<&mut PlanStepsRoom> {
    match m.overlays.last_mut() {
        Some(Overlay::PlanSteps(r)) => Some(r),
        _ => None,
    }
}

/// The revision the room shows (its index among the client's revisions, newest first).
pub fn revision<'a>(v: &'a ClientView, r: &PlanStepsRoom) -> Option<(usize, &'a PlanSteps)> {
    v.steps
        .iter()
        .enumerate()
        .find(|(_, p)| p.steps.plan_id == r.plan_id)
}

/// The rows of a revision: its own steps in the order of the process, one per provider of its
/// services, then the meetings after renewals and 区分変更.
pub fn rows(v: &ClientView, p: &PlanSteps, lang: Lang) -> Vec<Row> {
    let s: &RevisionSteps = &p.steps;
    let since = |f: Failure| {
        p.absences
            .iter()
            .filter(|(g, _)| *g == f)
            .map(|(_, d)| *d)
            .min()
    };
    let state = |f: Failure, found: Option<(NaiveDate, String)>| -> State {
        if let Some((d, what)) = found {
            return State::Found(d, what);
        }
        if let Some(d) = s.paper_checked {
            return State::OnPaper(d);
        }
        if s.before_records {
            return State::BeforeRecords;
        }
        match since(f) {
            Some(d) if p.missing.contains(&f) => State::Missing(d),
            _ => State::ToDo,
        }
    };
    let entry = |l: &str| l.to_string();
    let mut out = vec![
        Row {
            kind: RowKind::Assessment,
            label: Failure::Assessment.label(lang).into(),
            state: state(
                Failure::Assessment,
                s.assessment
                    .map(|d| (d, entry(lang.pick("支援経過", "case record")))),
            ),
        },
        Row {
            kind: RowKind::Meeting,
            label: Failure::Meeting.label(lang).into(),
            state: state(
                Failure::Meeting,
                s.meeting.map(|m| {
                    let how = if m.by_inquiry {
                        lang.pick("照会（理由あり）", "inquiry (with reason)")
                    } else {
                        lang.pick("支援経過", "case record")
                    };
                    (m.on, entry(how))
                }),
            ),
        },
        Row {
            kind: RowKind::Consent,
            label: Failure::Consent.label(lang).into(),
            state: state(
                Failure::Consent,
                s.consent
                    .map(|d| (d, entry(lang.pick("計画の同意日", "plan's consent date")))),
            ),
        },
        Row {
            kind: RowKind::HandoverClient,
            label: Failure::HandoverClient.label(lang).into(),
            state: state(
                Failure::HandoverClient,
                s.handover_client
                    .map(|d| (d, entry(lang.pick("計画の交付日", "plan's hand-over date")))),
            ),
        },
    ];
    let plan = v.plans.iter().find(|x| x.id == s.plan_id);
    let mut seen = Vec::new();
    for line in plan.map(|x| x.lines.as_slice()).unwrap_or_default() {
        if seen.contains(&line.provider_id) {
            continue;
        }
        seen.push(line.provider_id);
        let found = s
            .providers_handed
            .iter()
            .find(|(id, _)| *id == line.provider_id)
            .map(|(_, d)| (*d, entry(lang.pick("送付の記録", "delivery ledger"))));
        out.push(Row {
            kind: RowKind::Provider(line.provider_id, line.service_type.clone()),
            label: format!(
                "{} {}",
                lang.pick("交付:", "to:"),
                crate::present::text::truncate(&line.provider_name, 24)
            ),
            state: state(Failure::HandoverProvider, found),
        });
    }
    for c in &s.certifications {
        let state = match c.meeting {
            Some(m) => State::Found(m.on, entry(lang.pick("支援経過", "case record"))),
            None if s.paper_checked.is_some() => {
                State::OnPaper(s.paper_checked.unwrap_or(c.valid_from))
            }
            None if c.before_records => State::BeforeRecords,
            None if p.missing.contains(&Failure::Meeting) => State::Missing(c.valid_from),
            None => State::ToDo,
        };
        out.push(Row {
            kind: RowKind::CertMeeting(c.valid_from),
            label: format!(
                "{}{}{} {}{}",
                Failure::Meeting.label(lang),
                lang.pick("（", " ("),
                c.change.label(lang),
                iso(c.valid_from),
                lang.pick("）", ")")
            ),
            state,
        });
    }
    out
}

/// Opens the room on the client's first revision with a step missing (else the newest),
/// over the client's record that must be on screen.
pub fn open(m: &mut Model) {
    let Some(v) = view_of(m) else {
        return;
    };
    let Some(first) = v
        .steps
        .iter()
        .find(|p| !p.missing.is_empty())
        .or_else(|| v.steps.first())
    else {
        m.status = Some((Severity::Info, super::i18n::T::NoPlanYet.s(m.lang).into()));
        return;
    };
    let r = PlanStepsRoom {
        client_id: v.id,
        plan_id: first.steps.plan_id,
        selected: rows(v, first, m.lang)
            .iter()
            .position(|r| r.state.open())
            .unwrap_or(0),
    };
    m.overlays.push(Overlay::PlanSteps(Box::new(r)));
}

pub fn key(m: &mut Model, ev: &KeyEvent) -> Outcome {
    let Some(cmd) = resolve_in(BINDINGS, Context::PlanSteps, ev) else {
        return Outcome::Done(vec![]);
    };
    let lang = m.lang;
    let (Some(r), Some(v)) = (room(m).cloned(), view_of(m)) else {
        m.overlays.pop();
        return Outcome::Done(vec![]);
    };
    let Some((index, p)) = revision(v, &r) else {
        m.overlays.pop();
        return Outcome::Done(vec![]);
    };
    let all = rows(v, p, lang);
    let p = p.clone();
    let neighbour = |d: isize| {
        index
            .checked_add_signed(d)
            .and_then(|i| v.steps.get(i))
            .map(|x| x.steps.plan_id)
    };
    let (older, newer) = (neighbour(1), neighbour(-1));
    match cmd {
        Command::Down => {
            if let Some(r) = room_mut(m) {
                r.selected = (r.selected + 1).min(all.len().saturating_sub(1));
            }
        }
        Command::Up => {
            if let Some(r) = room_mut(m) {
                r.selected = r.selected.saturating_sub(1);
            }
        }
        Command::Left | Command::Right => {
            let to = if cmd == Command::Left { older } else { newer };
            if let (Some(id), Some(r)) = (to, room_mut(m)) {
                r.plan_id = id;
                r.selected = 0;
            }
        }
        Command::Back => {
            m.overlays.pop();
        }
        Command::Open => {
            let Some(row) = all.get(r.selected) else {
                return Outcome::Done(vec![]);
            };
            if !row.state.open() {
                m.status = Some((Severity::Info, nothing_to_record(&row.state, lang)));
                return Outcome::Done(vec![]);
            }
            return Outcome::Done(record(m, &r, &p, row));
        }
        Command::HandOverAll => {
            let lacking: Vec<(i64, String)> = all
                .iter()
                .filter(|x| x.state.open())
                .filter_map(|x| match &x.kind {
                    RowKind::Provider(id, t) => Some((*id, t.clone())),
                    _ => None,
                })
                .collect();
            if lacking.is_empty() {
                m.status = Some((
                    Severity::Info,
                    lang.pick(
                        "交付を記録する事業所はありません",
                        "no provider lacks the plan",
                    )
                    .into(),
                ));
                return Outcome::Done(vec![]);
            }
            hand_over(m, &r, &p, lacking);
        }
        Command::PaperCheck => {
            let kind = FormKind::PaperCheck {
                client_id: r.client_id,
                plan_id: p.steps.plan_id,
            };
            let reason = lang
                .pick(
                    "導入前の紙の記録で確認",
                    "checked on the paper records kept before",
                )
                .to_string();
            // What the one entry will cover: every step of the revision not shown as recorded.
            let open: Vec<String> = all
                .iter()
                .filter(|x| !matches!(x.state, State::Found(..)))
                .map(|x| x.label.clone())
                .collect();
            open_form(m, kind, vec![reason]);
            name_in_form(
                m,
                lang.pick("紙で確認する手順", "steps checked on paper"),
                &open,
            );
        }
        Command::Quit => return Outcome::Done(quit(m)),
        other => return Outcome::Pass(other),
    }
    Outcome::Done(vec![])
}

fn nothing_to_record(state: &State, lang: Lang) -> String {
    match state {
        State::BeforeRecords => lang
            .pick(
                "記録開始日より前の手順です（導入前の記録に残っています）。紙で確かめたら c",
                "before the records start (kept elsewhere); c once checked on paper",
            )
            .into(),
        _ => lang
            .pick(
                "記録済みです（訂正・取り消しは利用者の x）",
                "already recorded (correct or withdraw with x on the client)",
            )
            .into(),
    }
}

/// The form that records the step of `row`.
fn record(m: &mut Model, r: &PlanStepsRoom, p: &PlanSteps, row: &Row) -> Vec<Effect> {
    let note = |category: &str| {
        vec![Effect::OpenEdit(EditTarget::NewNote {
            client_id: r.client_id,
            category: Some(category.into()),
            at: m.now,
            plan_id: Some(p.steps.plan_id),
            stay: None,
        })]
    };
    match &row.kind {
        RowKind::Assessment => note("assessment"),
        RowKind::Meeting | RowKind::CertMeeting(_) => note("meeting"),
        RowKind::Consent | RowKind::HandoverClient => {
            vec![Effect::OpenEdit(EditTarget::RecordPlanDate {
                client_id: r.client_id,
                plan_id: p.steps.plan_id,
                consent: row.kind == RowKind::Consent,
            })]
        }
        RowKind::Provider(id, t) => {
            hand_over(m, r, p, vec![(*id, t.clone())]);
            vec![]
        }
    }
}

/// Adds to the open form's subject what it will record (the providers, the steps).
fn name_in_form(m: &mut Model, what: &str, items: &[String]) {
    if let Some(Overlay::Form(f)) = m.overlays.last_mut()
        && !items.is_empty()
    {
        let sep = if what.is_ascii() { ", " } else { "、" };
        f.subject = format!("{}　{what}: {}", f.subject, items.join(sep));
    }
}

/// The hand-over form for these providers: the day (today) and the channel (FAX).
fn hand_over(m: &mut Model, r: &PlanStepsRoom, p: &PlanSteps, providers: Vec<(i64, String)>) {
    let names: Vec<String> = providers
        .iter()
        .map(|(id, _)| super::subject::provider(&m.data, *id, m.lang))
        .collect();
    let kind = FormKind::HandOver {
        client_id: r.client_id,
        plan_date: p.plan_date(),
        providers,
        consent: p.steps.consent,
    };
    let values = vec![
        iso(m.today),
        crate::domain::channel::Channel::Fax
            .label(m.lang)
            .to_string(),
    ];
    open_form(m, kind, values);
    let what = m.lang.pick("交付先", "to");
    name_in_form(m, what, &names);
}

/// The keys of the plan steps: `resolve` reads them, and the help lists them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::PlanSteps,
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "下へ",
        "down",
    ),
    b(
        Context::PlanSteps,
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "上へ",
        "up",
    ),
    b(
        Context::PlanSteps,
        &[Key::Code(KeyCode::Enter)],
        Command::Open,
        "カーソルの手順を記録（日付は今日）",
        "record the step under the cursor (dated today)",
    ),
    b(
        Context::PlanSteps,
        &[Key::Char('a')],
        Command::HandOverAll,
        "まだ交付していない事業所すべてへの交付を記録（同じ日・方法）",
        "record the hand-over to every provider lacking it (same day, channel)",
    ),
    b(
        Context::PlanSteps,
        &[Key::Char('c')],
        Command::PaperCheck,
        "この版の手順を紙の記録で確認したと記録（理由つき）",
        "record that this revision's steps were checked on paper (with a reason)",
    ),
    b(
        Context::PlanSteps,
        &[Key::Code(KeyCode::Left)],
        Command::Left,
        "前の版",
        "older revision",
    ),
    b(
        Context::PlanSteps,
        &[Key::Code(KeyCode::Right)],
        Command::Right,
        "次の版",
        "newer revision",
    ),
    b(
        Context::PlanSteps,
        &[Key::Code(KeyCode::Esc)],
        Command::Back,
        "戻る",
        "back",
    ),
];

/// The footer of the plan steps.
pub(super) const HINTS: &[Hint] = &[
    h(&[Command::Open], "記録", "record"),
    h(&[Command::HandOverAll], "全事業所に交付", "all providers"),
    h(&[Command::PaperCheck], "紙で確認", "on paper"),
    h(&[Command::Left, Command::Right], "版", "revision"),
    h(&[Command::Back], "戻る", "back"),
];

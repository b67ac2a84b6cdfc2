//! The room of an open form: typing, choices and pickers, moving between fields, saving with
//! its questions, a conflict with another session, and taking back a draft (the form's data
//! and checks are in `form`). Its keys (`BINDINGS`, `Context::Form`) are listed at the end.

use super::action::Effect;
use super::form::{FieldKind, Form, FormKind, NotReady, spec};
use super::i18n::{FormText, T};
use super::keymap::{Binding, CONFIRM, Command, Context, Key, b, resolve_in};
use super::model::{ConfirmAction, Model, Overlay, Severity};
use super::room::{ask, quit, text_request};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::InputRequest;

pub fn key(m: &mut Model, ev: KeyEvent) -> Vec<Effect> {
    let lang = m.lang;
    let cmd = resolve_in(BINDINGS, Context::Form, &ev);
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
                f.message = Some(FormText::ConflictChoose.s(lang).into());
                return vec![];
            }
            _ => return form_command(m, cmd, &ev),
        }
        let open = f.open_conflicts();
        f.message = (open > 0).then(|| conflicts_left(open, lang));
        validate_focused(m);
        return vec![];
    }
    // The services of a plan are a list with its own keys.
    if super::plan_lines::key(m, &ev, cmd).is_some() {
        return vec![];
    }
    // Word-wise moves and deletes, in any text field.
    if let Some(f) = m.form_mut()
        && kind.is_some_and(|k| super::choices::options(k).is_none())
        && f.picker.is_none()
        && let Some(field) = f.fields.get_mut(f.focus)
        && super::words::key(&mut field.input, &ev)
    {
        f.selected = false;
        f.confirmed = false;
        validate_focused(m);
        return vec![];
    }
    // A correction's reason: ← → offer the usual ones while none of the user's own is typed.
    if let Some(f) = m.form_mut()
        && matches!(ev.code, KeyCode::Left | KeyCode::Right)
        && ev.modifiers.is_empty()
        && let Some(field) = f.fields.get_mut(f.focus)
        && field.label == T::CorrectionReason
        && let Some(next) =
            super::choices::cycle_reason(field.input.value(), ev.code == KeyCode::Right, lang)
    {
        field.input = tui_input::Input::new(next);
        f.selected = false;
        f.confirmed = false;
        validate_focused(m);
        return vec![];
    }
    // A selected value (the field was entered by Tab): an arrow, Home or End keeps it for
    // editing; Backspace or Delete empties it; a character typed replaces it (below).
    if let Some(f) = m.form_mut()
        && f.selected
    {
        match ev.code {
            KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End => f.selected = false,
            KeyCode::Backspace | KeyCode::Delete => {
                f.selected = false;
                f.edit(InputRequest::DeleteLine);
                validate_focused(m);
                return vec![];
            }
            _ => {}
        }
    }
    // Several lines of text: Enter starts a line, ↑ ↓ move between lines.
    if kind == Some(super::form::FieldKind::Body)
        && let Some(f) = m.form_mut()
        && let Some(field) = f.fields.get_mut(f.focus)
    {
        match super::body::key(&mut field.input, &ev) {
            super::body::Outcome::Handled => {
                f.confirmed = false;
                validate_focused(m);
                return vec![];
            }
            super::body::Outcome::NotMine => {}
        }
    }
    let Some(f) = m.form_mut() else { return vec![] };
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
                    if kind == Some(FieldKind::NoteCategory) {
                        fill_template(m);
                        follow_category(m);
                    }
                    // The choice is made and the field stays: Tab moves on, as the footer
                    // says.
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
            f.selected = false;
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
            if f.selected || super::choices::is_whole(k, field.input.value(), field.error.is_none())
            {
                f.fields[f.focus].input = tui_input::Input::default();
            }
        }
        f.selected = false;
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
    // Leaving the category: the form takes that category's structured fields.
    if matches!(cmd, Some(Command::NextField | Command::PrevField))
        && f.fields.get(f.focus).map(|fl| fl.kind) == Some(FieldKind::NoteCategory)
    {
        follow_category(m);
    }
    let Some(f) = m.form_mut() else { return vec![] };
    let n = f.fields.len().max(1);
    match cmd {
        Some(Command::NextField) => f.enter_field(f.focus + 1),
        Some(Command::PrevField) => f.enter_field(f.focus + n - 1),
        Some(Command::First) => f.enter_field(0),
        Some(Command::Last) => f.enter_field(n - 1),
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
                f.selected = false;
                f.edit(req);
                validate_focused(m);
            }
        }
    }
    vec![]
}

/// The case-record categories in force today, as a category field offers them.
fn note_categories(m: &Model) -> Vec<super::choices::Candidate> {
    m.data
        .note_categories
        .in_force(m.today)
        .into_iter()
        .map(|c| super::choices::Candidate {
            shown: c.name(m.lang).to_string(),
            value: c.name(m.lang).to_string(),
        })
        .collect()
}

/// The code of the category a case-record form's category field names, if one.
fn picked_category(m: &Model, f: &Form) -> Option<String> {
    let picked = f
        .fields
        .iter()
        .find(|fl| fl.kind == FieldKind::NoteCategory)?
        .input
        .value()
        .trim()
        .to_string();
    m.data
        .note_categories
        .rows()
        .iter()
        .find(|c| c.name(m.lang) == picked || c.code == picked)
        .map(|c| c.code.clone())
}

/// The category picked decides the structured fields of a case-record form (a 加算 category's
/// method, stay, conference …): laid out again when it changes, values kept by their label.
fn follow_category(m: &mut Model) {
    let Some(Overlay::Form(f)) = m.overlays.last() else {
        return;
    };
    let code = picked_category(m, f);
    let mut stays = stay_choices(m, &f.kind);
    let Some(Overlay::Form(f)) = m.overlays.last_mut() else {
        return;
    };
    if f.set_structured(code) {
        set_stay_choices(f, &mut stays);
    }
}

/// The client's stays a stay field offers, newest first.
fn stay_choices(m: &Model, kind: &FormKind) -> Vec<super::choices::Candidate> {
    let FormKind::NewNote { client_id, .. } = kind else {
        return vec![];
    };
    let mut stays: Vec<&crate::store::stays::Stay> = m
        .data
        .stays
        .iter()
        .filter(|s| s.client_id == *client_id && s.withdrawn_reason.is_none())
        .collect();
    stays.sort_by_key(|s| std::cmp::Reverse((s.admitted_on, s.id)));
    stays
        .into_iter()
        .map(|s| {
            let v = super::form::stay_choice(s);
            super::choices::Candidate {
                shown: v.clone(),
                value: v,
            }
        })
        .collect()
}

fn set_stay_choices(f: &mut Form, stays: &mut Vec<super::choices::Candidate>) {
    for fl in f
        .fields
        .iter_mut()
        .filter(|fl| matches!(fl.kind, FieldKind::StayRef | FieldKind::OptStayRef))
    {
        fl.choices = std::mem::take(stays);
    }
}

/// A category was picked: its template goes into the text, unless something of the user's
/// own is there (an empty text, or another category's untouched template, is replaced).
fn fill_template(m: &mut Model) {
    let lang = m.lang;
    let book = &m.data.note_categories;
    let Some(Overlay::Form(f)) = m.overlays.last_mut() else {
        return;
    };
    let picked = f
        .fields
        .iter()
        .find(|fl| fl.kind == FieldKind::NoteCategory)
        .map(|fl| fl.input.value().trim().to_string())
        .unwrap_or_default();
    let Some(cat) = book.rows().iter().find(|c| c.name(lang) == picked) else {
        return;
    };
    if let Some(body) = f.fields.iter_mut().find(|fl| fl.kind == FieldKind::Body) {
        let now = body.input.value().trim();
        if now.is_empty() || book.rows().iter().any(|c| c.template(lang).trim() == now) {
            body.input = tui_input::Input::new(cat.template(lang).to_string());
        }
    }
}

/// What the picker of the focused field offers for what is typed in it.
fn picker_candidates(m: &Model) -> Vec<super::choices::Candidate> {
    let Some(Overlay::Form(f)) = m.overlays.last() else {
        return vec![];
    };
    let Some(field) = f.fields.get(f.focus) else {
        return vec![];
    };
    super::choices::field_candidates(field, &m.data.staff, &m.data.providers)
}

/// "利用者の編集 — 山田 花子（0000012345）": the form's title with the record it acts on.
pub fn form_heading(f: &Form, lang: crate::domain::Lang) -> String {
    if f.subject.is_empty() {
        f.kind.title().s(lang).to_string()
    } else {
        format!("{} — {}", f.kind.title().s(lang), f.subject)
    }
}

pub(super) fn save(m: &mut Model) -> Vec<Effect> {
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
            // To the first field to fix, its value selected: what is typed replaces it.
            let at = f
                .fields
                .iter()
                .position(|fl| fl.error.is_some())
                .unwrap_or(f.focus);
            f.enter_field(at);
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
            FormText::ConsentDateButAwaiting.s(lang)
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

/// The offer to take back the form kept as a draft at the last quit.
pub(super) fn draft_key(m: &mut Model, ev: &KeyEvent) -> Vec<Effect> {
    let Some(Overlay::DraftOffer(d)) = m.overlays.last() else {
        return vec![];
    };
    let d = d.clone();
    match resolve_in(CONFIRM, Context::Confirm, ev) {
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
    }
}

pub fn open_form(m: &mut Model, kind: FormKind, values: Vec<String>) {
    let s = spec(&kind);
    let values = localise(&kind, values, m.lang);
    let subject = super::subject::of_form(&m.data, &kind, m.lang);
    let mut f = Form::new(kind, &s, values);
    f.subject = subject;
    for fl in f
        .fields
        .iter_mut()
        .filter(|fl| fl.kind == FieldKind::NoteCategory)
    {
        fl.choices = note_categories(m);
    }
    let mut stays = stay_choices(m, &f.kind);
    set_stay_choices(&mut f, &mut stays);
    // A closed or open day to withdraw: those the office panel shows.
    if let Some(d) = &m.office_system.data {
        for fl in f
            .fields
            .iter_mut()
            .filter(|fl| fl.kind == FieldKind::DaysRef)
        {
            fl.choices = d
                .days
                .iter()
                .map(|x| {
                    let v = super::form::days_choice(x, m.lang);
                    super::choices::Candidate {
                        shown: v.clone(),
                        value: v,
                    }
                })
                .collect();
        }
    }
    f.enter_field(start_field(&f));
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

/// The ターミナル form's values as recorded: consent, death day and place, and no reason yet.
pub(super) fn terminal_values(
    consent: Option<chrono::NaiveDate>,
    died: Option<chrono::NaiveDate>,
    place: Option<&str>,
    lang: crate::domain::Lang,
) -> Vec<String> {
    use crate::domain::dates::iso;
    let place = match place {
        Some("home") => lang.pick("自宅", "home"),
        Some(_) => lang.pick("自宅以外", "other"),
        None => "",
    };
    vec![
        consent.map(iso).unwrap_or_default(),
        died.map(iso).unwrap_or_default(),
        place.to_string(),
        String::new(),
    ]
}

/// A 同一建物 period's values as its correction form starts.
pub(super) fn same_building_values(
    s: &crate::store::same_building::SameBuilding,
    lang: crate::domain::Lang,
) -> Vec<String> {
    use crate::domain::dates::iso;
    use crate::domain::kasan_records::Coded;
    vec![
        s.fields.why.label(lang).to_string(),
        s.fields.building.clone(),
        iso(s.fields.from),
        s.fields.until.map(iso).unwrap_or_default(),
        String::new(),
    ]
}

/// A stay's values as its correction form starts.
pub(super) fn stay_values(s: &crate::store::stays::Stay, lang: crate::domain::Lang) -> Vec<String> {
    use crate::domain::dates::iso;
    use crate::domain::kasan_records::Coded;
    vec![
        s.institution.clone(),
        s.kind.label(lang).to_string(),
        iso(s.admitted_on),
        lang.pick(
            if s.after_hours { "はい" } else { "いいえ" },
            if s.after_hours { "yes" } else { "no" },
        )
        .to_string(),
        s.discharged_on.map(iso).unwrap_or_default(),
        s.destination
            .map(|d| d.label(lang).to_string())
            .unwrap_or_default(),
        s.note.clone(),
        String::new(),
    ]
}

/// Where the cursor starts: at what the form is most often opened to change. A new revision
/// of an existing plan keeps its services and changes its period; a correction of a
/// case-record entry changes its text. Else the first field.
fn start_field(f: &Form) -> usize {
    let at = |label: T| f.fields.iter().position(|fl| fl.label == label);
    let revision = f
        .fields
        .iter()
        .any(|fl| fl.label == T::PlanLines && !fl.input.value().trim().is_empty());
    match f.kind {
        FormKind::NewPlan { .. } if revision => at(T::PeriodFrom),
        FormKind::NewNote {
            corrects: Some(_), ..
        } => at(T::NoteBody),
        // Opened on a 加算 category (from ホーム): who it was with comes next.
        FormKind::NewNote {
            structured: Some(_),
            ..
        } => at(T::Counterpart),
        _ => None,
    }
    .unwrap_or(0)
}

pub(super) fn new_form_values(m: &Model, kind: &FormKind) -> Vec<String> {
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

pub(super) fn open_new(m: &mut Model, kind: FormKind) {
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
        // Dates out of order are caught while typing, not only on save.
        f.recheck_date_order(lang, &staff, today);
        f.message = None;
    }
    m.data.staff = staff;
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
    if let Some(version) = kind.version_mut() {
        *version = v;
    }
}

/// The form was saved: it closes, and what it changed is read again.
pub(super) fn saved(m: &mut Model) -> Vec<Effect> {
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
    // So does the office's 体制 panel.
    if let (Some(Overlay::OfficeSystem), Some(month)) = (m.overlays.last(), m.office_system.month) {
        out.push(Effect::LoadOfficeSystem(month));
    }
    // So does a case record under it, and a client's detail (its latest entries).
    if let Some(Overlay::CaseRecord(c)) = m.overlays.last() {
        out.push(Effect::LoadCaseRecord {
            client: c.client_id,
            history: c.history,
        });
    }
    out
}

/// The store refused the save: said in the form, or in the status line without one.
pub(super) fn save_failed(m: &mut Model, msg: String) -> Vec<Effect> {
    m.dirty = true;
    match m.form_mut() {
        Some(f) => f.message = Some(msg),
        None => m.status = Some((Severity::Error, msg)),
    }
    vec![]
}

/// Another session saved first: its values are merged into the form, field by field.
pub(super) fn conflict(m: &mut Model, latest: Vec<String>, version: i64) -> Vec<Effect> {
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

/// Pasted text goes into the focused field; false without an open form.
pub(super) fn paste(m: &mut Model, text: &str) -> bool {
    let Some(f) = m.form_mut() else {
        return false;
    };
    // The services list is not typed into; a line being added takes the text.
    if f.fields.get(f.focus).map(|fl| fl.kind) == Some(super::form::FieldKind::PlanLines) {
        super::plan_lines::paste(m, text);
        return true;
    }
    if std::mem::take(&mut f.selected) {
        f.edit(InputRequest::DeleteLine);
    }
    for c in text.chars().filter(|c| !c.is_control()) {
        f.edit(InputRequest::InsertChar(c));
    }
    validate_focused(m);
    true
}

/// The keys of an open form: `resolve` reads them, and the help lists them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::Form,
        &[Key::Ctrl('s')],
        Command::Save,
        "保存",
        "save",
    ),
    b(
        Context::Form,
        &[
            Key::Code(KeyCode::Tab),
            Key::Code(KeyCode::Down),
            Key::Code(KeyCode::Enter),
        ],
        Command::NextField,
        "次の項目",
        "next field",
    ),
    b(
        Context::Form,
        &[Key::BackTab, Key::Code(KeyCode::Up)],
        Command::PrevField,
        "前の項目",
        "previous field",
    ),
    b(
        Context::Form,
        &[Key::Code(KeyCode::PageUp)],
        Command::First,
        "最初の項目",
        "first field",
    ),
    b(
        Context::Form,
        &[Key::Code(KeyCode::PageDown)],
        Command::Last,
        "最後の項目（計画のサービス、訂正の理由）",
        "last field (a plan's services, a correction's reason)",
    ),
    b(
        Context::Form,
        &[Key::Code(KeyCode::Esc)],
        Command::Back,
        "取消（入力があれば確認）",
        "cancel (asks if you typed)",
    ),
];

/// The editing keys of a form's fields, which are not commands: the help lists them after
/// the form's commands (keys in Japanese, in English; what they do in Japanese, in English).
pub(super) const EDITING_KEYS: &[(&str, &str, &str, &str)] = &[
    (
        "文字",
        "a character",
        "Tab で入った値は反転: 最初の文字で置き換え",
        "entered by Tab: value selected, typing replaces it",
    ),
    (
        "← / → / Home / End",
        "← / → / Home / End",
        "選択を解いて編集（選択肢では ←→ で選ぶ）",
        "keep a selected value to edit (←→ choose on choices)",
    ),
    (
        "Backspace / Delete",
        "Backspace / Delete",
        "選択中は値を消す、ほかは1文字消す",
        "empty a selected value, else delete one character",
    ),
    (
        "Ctrl+← / Ctrl+→",
        "Ctrl+← / Ctrl+→",
        "1語ずつ移動（漢字・かな・英数の切れ目）",
        "move by a word (kanji, kana and latin runs)",
    ),
    (
        "Ctrl+W / Alt+Backspace",
        "Ctrl+W / Alt+Backspace",
        "前の1語を消す",
        "delete the word before the cursor",
    ),
    ("Ctrl+U", "Ctrl+U", "値を消す", "empty the value"),
    (
        "Ctrl+A / Ctrl+E",
        "Ctrl+A / Ctrl+E",
        "先頭へ / 末尾へ",
        "to the start / to the end",
    ),
    (
        "Space / ← / →",
        "Space / ← / →",
        "選択肢の項目で値を順に切り替え",
        "cycle a choice field's values",
    ),
    (
        "← / →（訂正の理由）",
        "← / → (reason)",
        "よくある理由を順に入れる",
        "the usual reasons (input error, typo, left out)",
    ),
    (
        "a/+ Enter/e d/Delete",
        "a/+ Enter/e d/Delete",
        "計画のサービス: 行の追加・変更・削除",
        "a plan's services: add, change, remove a line",
    ),
    (
        "← / →（競合）",
        "← / → (conflict)",
        "両方が変えた項目: 相手の値 / 自分の値",
        "a field both changed: theirs / yours",
    ),
    (
        "↑ / ↓ / Enter",
        "↑ / ↓ / Enter",
        "候補を選ぶ・決定（項目に留まる、Tab で次へ）",
        "a list: pick, take (stays there; Tab moves on)",
    ),
];

//! Runs the effects `update` asks for against the store and reports back as actions.

use super::action::{Action, DetailRef, EditTarget, Effect};
use super::corrections::{Corrections, Item, Owner, Record};
use super::form::{FormKind, Submission};
use super::i18n::T;
use super::model::{Data, Detail};
use crate::domain::Lang;
use crate::domain::dates::{DateStyle, format_date};
use crate::store::{
    Conflict, Refused, Store, clients, deliveries, drafts, office, providers, staff,
};
use chrono::NaiveDate;
use color_eyre::eyre::Result;

pub struct Runner {
    pub store: Store,
    pub lang: Lang,
    pub style: DateStyle,
    pub today: NaiveDate,
    /// Paper costs and the ask-first size for the 加入 screen (from the config).
    pub costs: crate::domain::enrollment::PaperCosts,
    pub top_n: usize,
    last_version: i64,
    /// The records' change stamp at the last reload.
    last_stamp: i64,
    /// The month of compliance last computed, with what the month's records add to its money
    /// (its 加算), and the change stamp read before computing them: a later visit of 件数 or
    /// モニタリング with the records unchanged shows them again instead of judging every
    /// client's month anew (any change, a colleague's too, moves the stamp).
    month_kept: Option<(i64, MonthKept)>,
    /// The caseload facts of the last load with the change stamp read before it: the month's
    /// compliance starts from them while the stamp has not moved, instead of reading them again.
    facts_kept: std::cell::RefCell<Option<(i64, std::sync::Arc<crate::domain::caseload::Facts>)>>,
}

/// A month's compliance and what its records add to the caseload's money.
#[derive(Clone)]
struct MonthKept {
    /// Shared with the screens that show it (one copy of every client's month).
    report: std::sync::Arc<crate::store::compliance::MonthReport>,
    money: crate::domain::month_money::Inputs,
}

/// Everything loaded besides the client list: providers, staff, the office and the caseload
/// facts.
pub fn load_rest(conn: &rusqlite::Connection, data: &mut Data) -> Result<()> {
    load_rest_with(conn, data, &Default::default())
}

/// `load_rest` taking the caseload facts from `facts` (shared with ホーム's judging thread).
pub fn load_rest_with(
    conn: &rusqlite::Connection,
    data: &mut Data,
    facts: &crate::store::caseload::Shared,
) -> Result<()> {
    data.providers = providers::list(conn)?;
    data.staff = staff::list(conn)?;
    data.office = Some(office::get(conn)?);
    data.entries_before_records = office::entries_before_records(conn)?;
    data.facts = facts.get(conn)?;
    data.note_categories = crate::store::case_notes::book(conn)?;
    data.move_in_open = crate::store::migration_reviews::open_count(conn)?;
    data.stays = crate::store::stays::list(conn, None, false)?;
    Ok(())
}

impl Runner {
    pub fn new(store: Store, lang: Lang, style: DateStyle, today: NaiveDate) -> Runner {
        let last_version = store.data_version().unwrap_or(0);
        let last_stamp = store.change_stamp().unwrap_or(0);
        Runner {
            last_stamp,
            store,
            lang,
            style,
            today,
            costs: Default::default(),
            top_n: 5,
            last_version,
            month_kept: None,
            facts_kept: Default::default(),
        }
    }

    /// Keeps the caseload facts just loaded under the change stamp of the last reload (read
    /// before they were: a change in between leaves them unused).
    pub fn keep_facts(&self, facts: &std::sync::Arc<crate::domain::caseload::Facts>) {
        *self.facts_kept.borrow_mut() = Some((self.last_stamp, facts.clone()));
    }

    pub fn load_all(&self) -> Result<Data> {
        let mut data = Data {
            clients: clients::list(self.store.conn(), self.today)?,
            ..Data::default()
        };
        load_rest(self.store.conn(), &mut data)?;
        self.keep_facts(&data.facts);
        Ok(data)
    }

    /// The client list alone (start-up reads the rest on another thread: `load_rest`).
    pub fn load_clients(&self) -> Result<Vec<clients::ClientSummary>> {
        clients::list(self.store.conn(), self.today)
    }

    /// Runs one effect; errors become a message on screen, never a crash.
    pub fn run(&mut self, effect: Effect) -> Vec<Action> {
        let checks = matches!(effect, Effect::CheckExternal | Effect::LoadAll { .. });
        let actions = match self.try_run(effect) {
            Ok(actions) => actions,
            Err(e) => vec![Action::SaveFailed(error_text(&e))],
        };
        if !checks {
            self.own_writes_seen();
        }
        actions
    }

    /// After this session's own writes: the stamp they moved is not another session's change.
    /// Taken only while no other connection has committed since the last check (the stamp is
    /// read first, so a commit between the two reads shows in the version and is not lost).
    fn own_writes_seen(&mut self) {
        if let Ok(stamp) = self.store.change_stamp()
            && self
                .store
                .data_version()
                .is_ok_and(|v| v == self.last_version)
        {
            self.last_stamp = stamp;
        }
    }

    fn try_run(&mut self, effect: Effect) -> Result<Vec<Action>> {
        Ok(match effect {
            Effect::LoadAll { external } => {
                self.last_stamp = self.store.change_stamp()?;
                vec![Action::Loaded {
                    data: Box::new(self.load_all()?),
                    external,
                }]
            }
            Effect::CheckExternal => {
                let v = self.store.data_version()?;
                // Another connection committed; a reload only when it changed records (not
                // when it kept a summary or a draft).
                let changed = v != self.last_version && {
                    self.last_version = v;
                    let stamp = self.store.change_stamp()?;
                    std::mem::replace(&mut self.last_stamp, stamp) != stamp
                };
                if changed {
                    vec![Action::Loaded {
                        data: Box::new(self.load_all()?),
                        external: true,
                    }]
                } else {
                    vec![]
                }
            }
            Effect::LoadDetail(r) => vec![Action::DetailLoaded(self.detail(&r)?)],
            Effect::OpenEdit(target) => match self.edit_values(&target)? {
                Some((kind, values)) => vec![Action::OpenForm { kind, values }],
                None => vec![Action::SaveFailed(T::TargetNotFound.s(self.lang).into())],
            },
            Effect::Save(sub) => self.save(*sub)?,
            Effect::SaveDraft { payload, replaces } => {
                let user = self.store.actor().os_user.clone();
                self.store.write(|w| {
                    // A restored draft typed on and dropped again: the newer one takes its place.
                    if let Some(id) = replaces {
                        drafts::discard(w, id, true)?;
                    }
                    drafts::save(w, &user, "form", &payload)
                })?;
                vec![]
            }
            Effect::DiscardDraft { id, restored } => {
                self.store.write(|w| drafts::discard(w, id, restored))?;
                vec![]
            }
            Effect::LoadBoard(month) => vec![Action::BoardLoaded {
                month,
                rows: deliveries::board(self.store.conn(), month)?,
            }],
            // A provider changed meanwhile in another session is refused (Conflict), nothing is
            // written, and `run` shows why.
            Effect::CompleteEnrollment(f) => {
                self.store
                    .write(|w| crate::store::enrollment::complete_enrollment(w, &f))?;
                vec![Action::Saved]
            }
            Effect::Record(events) => {
                self.store.write(|w| deliveries::record(w, &events))?;
                vec![Action::Recorded(events)]
            }
            Effect::LoadHistory {
                client,
                provider,
                month,
                title,
            } => vec![Action::HistoryLoaded {
                title,
                rows: deliveries::cell_history(self.store.conn(), client, provider, month)?,
            }],
            Effect::LoadMoveIn => vec![Action::MoveInLoaded(
                crate::store::migration_reviews::open(self.store.conn())?,
            )],
            Effect::SettleMoveIn { id, done } => {
                self.store
                    .write(|w| crate::store::migration_reviews::settle(w, id, done))?;
                vec![Action::MoveInLoaded(crate::store::migration_reviews::open(
                    self.store.conn(),
                )?)]
            }
            Effect::LoadReviews => vec![Action::ReviewsLoaded(
                crate::store::exchange::open_reviews(self.store.conn())?,
            )],
            Effect::LoadCorrections(owner) => vec![Action::CorrectionsLoaded(Box::new(
                self.corrections(owner)?,
            ))],
            Effect::WritePrintout { name, contents } => {
                let dir = self
                    .store
                    .path()
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(std::path::Path::new("."));
                let path = dir.join(name);
                crate::store::write_private(&path, contents.as_bytes(), true)?;
                vec![Action::Written(path)]
            }
            Effect::LoadMonitoring(month) => {
                let MonthKept { report, money } = self.month_report(month)?;
                vec![
                    Action::MonitoringLoaded(report),
                    Action::MoneyLoaded(Box::new(money)),
                ]
            }
            Effect::LoadCaseRecord { client, history } => vec![Action::CaseRecordLoaded(Box::new(
                self.case_record(client, history)?,
            ))],
            Effect::SettleReview { id, accept } => {
                let result = self.store.write(|w| {
                    if accept {
                        crate::store::exchange::accept_theirs(w, id)
                    } else {
                        crate::store::exchange::keep_ours(w, id)
                    }
                });
                let mut out = Vec::new();
                if let Err(e) = result {
                    if e.downcast_ref::<Refused>().is_none() {
                        return Err(e);
                    }
                    out.push(Action::SaveFailed(error_text(&e)));
                }
                out.push(Action::ReviewsLoaded(crate::store::exchange::open_reviews(
                    self.store.conn(),
                )?));
                out.push(Action::Loaded {
                    data: Box::new(self.load_all()?),
                    external: false,
                });
                out
            }
            Effect::LoadEnrollment => {
                let conn = self.store.conn();
                let (rows, coverage) =
                    crate::store::enrollment::overview(conn, self.today, &self.costs, self.top_n)?;
                vec![Action::EnrollmentLoaded(Box::new(
                    super::model::EnrollmentView {
                        loaded: true,
                        rows,
                        coverage,
                        office: crate::store::enrollment::office_exchange(conn)?,
                        office_history: crate::store::enrollment::exchange_history(conn)?,
                        move_on: crate::store::calendar::move_date(conn)?,
                        ..Default::default()
                    },
                ))]
            }
            // Started by the event loop on a worker thread; never run here.
            Effect::ImportExchange(_) => vec![],
            Effect::LoadOfficeSystem(month) => {
                let conn = self.store.conn();
                vec![Action::OfficeSystemLoaded(Box::new(
                    super::room_state::OfficeSystemData {
                        month,
                        hours: crate::store::business_calendar::hours(conn)?,
                        days: crate::store::business_calendar::days(conn, false)?,
                        periods: crate::store::office_system::all(conn)?,
                        check: crate::store::tokutei::check(conn, month, self.lang)?,
                    },
                ))]
            }
            Effect::LoadConcentration(period) => {
                let conn = self.store.conn();
                let id = match period {
                    Some(p) => p,
                    None => crate::store::concentration::period_of(conn, self.today)?.id,
                };
                let (w, _) = crate::store::concentration::worksheet(conn, id)?;
                vec![Action::ConcentrationLoaded(Box::new(w))]
            }
            Effect::LoadDeadlines => {
                let mut d = crate::store::home::ledger_deadlines(self.store.conn(), self.today)?;
                if let Some(k) = d.keep.take()
                    && self.store.read_only().is_none()
                {
                    crate::store::home::keep_month_counts(self.store.conn(), k);
                }
                vec![Action::DeadlinesLoaded(Box::new(d))]
            }
        })
    }

    /// The month's compliance in full (`compliance::month_in_full`) and its money inputs
    /// (`kasan::money_inputs`), computed once per change of the records (`month_kept`).
    fn month_report(&mut self, month: NaiveDate) -> Result<MonthKept> {
        let stamp = self.store.change_stamp()?;
        let month = crate::domain::dates::month_start(month);
        if let Some((at, k)) = &self.month_kept
            && *at == stamp
            && k.report.month == month
            && k.report.as_of == self.today
        {
            return Ok(k.clone());
        }
        // `compliance::month_in_full`, with the plan steps ホーム keeps when they are current.
        let conn = self.store.conn();
        let steps = match crate::store::home::kept_step_failures(conn, month, self.today)? {
            Some(steps) => steps,
            None => crate::store::compliance::step_failures(conn, month, self.today)?,
        };
        let kept = self
            .facts_kept
            .borrow()
            .as_ref()
            .filter(|(at, _)| *at == stamp)
            .map(|(_, f)| f.clone());
        let facts = match kept {
            Some(f) => f,
            None => std::sync::Arc::new(crate::store::caseload::facts(conn)?),
        };
        let today = self.today;
        // The 加算's records on a second, read-only connection while the month is judged on
        // this one (through this one when none can be opened). Its snapshot may be a moment
        // newer: the month is kept under the stamp read before, so a change in between only
        // means the next visit judges it again.
        let beside = crate::store::read_only::reader_beside(conn);
        let (report, records) = std::thread::scope(|s| -> Result<_> {
            let kasan = beside.map(|c| {
                let facts = &facts;
                s.spawn(move || crate::store::kasan::records(&c, facts, month, None))
            });
            let cf = crate::store::compliance::load_with_beside(
                conn,
                crate::store::read_only::reader_beside(conn),
                facts.clone(),
                month,
            )?;
            let report = crate::store::compliance::compute(&cf, month, today, &steps)?;
            let records = match kasan {
                Some(h) => h.join().map_err(|_| {
                    color_eyre::eyre::eyre!("加算の記録を読めません（内部エラー）")
                })??,
                None => crate::store::kasan::records(conn, &facts, month, None)?,
            };
            Ok((report, records))
        })?;
        let money = crate::store::kasan::money_inputs_from(conn, &facts, &report, records)?;
        // The case record read and judged on other threads is scratch now.
        super::allocator::give_back_freed();
        let kept = MonthKept {
            report: std::sync::Arc::new(report),
            money,
        };
        self.month_kept = Some((stamp, kept.clone()));
        Ok(kept)
    }

    /// The newest draft of this user, offered at start.
    pub fn pending_draft(&self) -> Option<Action> {
        drafts::latest(self.store.conn(), &self.store.actor().os_user)
            .ok()
            .flatten()
            .map(Action::DraftFound)
    }

    fn detail(&self, r: &DetailRef) -> Result<Option<Detail>> {
        let conn = self.store.conn();
        Ok(match r {
            DetailRef::Client(id) => match clients::get(conn, *id)? {
                Some(detail) => Some(Detail::Client(Box::new(self.client_view(detail)?))),
                None => None,
            },
            DetailRef::Provider(id) => {
                providers::get(conn, *id)?.map(|p| Detail::Provider(Box::new(p)))
            }
            DetailRef::Staff(id) => staff::get(conn, *id)?.map(|s| Detail::Staff(Box::new(s))),
        })
    }

    fn date(&self, d: Option<NaiveDate>) -> String {
        d.map(|d| format_date(d, self.style)).unwrap_or_default()
    }

    /// The kind and current values of the form that edits `target`.
    pub fn edit_values(&self, target: &EditTarget) -> Result<Option<(FormKind, Vec<String>)>> {
        let conn = self.store.conn();
        let lang = self.lang;
        Ok(match target {
            EditTarget::Client(id) => clients::get(conn, *id)?.map(|c| {
                let f = &c.fields;
                let cm = c
                    .care_managers
                    .last()
                    .map(|(_, staff_id, name)| self.cm_field(*staff_id, name))
                    .unwrap_or_default();
                (
                    FormKind::EditClient {
                        id: c.id,
                        version: c.version,
                    },
                    vec![
                        f.name.clone(),
                        f.kana.clone(),
                        self.date(f.birth_date),
                        f.sex
                            .map(|s| s.label(Lang::Ja).to_string())
                            .unwrap_or_default(),
                        f.insurer_number.to_string(),
                        f.insured_number.to_string(),
                        f.address.clone(),
                        f.phone.clone(),
                        self.date(Some(f.contract_date)),
                        cm,
                        String::new(),
                    ],
                )
            }),
            EditTarget::EndContract(id) => clients::get(conn, *id)?.map(|c| {
                (
                    FormKind::EndContract {
                        id: c.id,
                        version: c.version,
                    },
                    vec![
                        self.date(Some(c.contract_end.unwrap_or(self.today))),
                        c.contract_end_reason.clone(),
                    ],
                )
            }),
            EditTarget::Provider(id) => providers::get(conn, *id)?.map(|p| {
                let f = &p.fields;
                (
                    FormKind::EditProvider {
                        id: p.id,
                        version: p.version,
                    },
                    vec![
                        f.office_number.to_string(),
                        f.name.clone(),
                        f.kana.clone(),
                        f.service_types.join(" "),
                        f.phone.clone(),
                        f.fax.clone(),
                        f.email.clone(),
                        f.address.clone(),
                        f.contact_person.clone(),
                        f.preferred_channel.label(lang).to_string(),
                        f.notes.clone(),
                        f.corporation_name.clone(),
                        f.corporation_number.clone(),
                    ],
                )
            }),
            EditTarget::Staff(id) => staff::get(conn, *id)?.map(|s| {
                (
                    FormKind::EditStaff {
                        id: s.id,
                        version: s.version,
                    },
                    vec![
                        s.name.clone(),
                        s.kana.clone(),
                        s.role.label(Lang::Ja).to_string(),
                        s.cm_number.clone().unwrap_or_default(),
                        s.latest_fte().to_string(),
                        String::new(),
                    ],
                )
            }),
            EditTarget::Terminal(client) => {
                let (consent, died, place) = crate::store::client_dates::terminal(conn, *client)?;
                Some((
                    FormKind::Terminal { client_id: *client },
                    super::forms::terminal_values(consent, died, place.as_deref(), lang),
                ))
            }
            EditTarget::NewPlan(client) => clients::get(conn, *client)?.map(|c| {
                let current = c.plans.iter().find(|p| p.fields.status.is_live());
                let lines = match current {
                    Some(p) => p
                        .lines
                        .iter()
                        .map(|l| plan_line_token(&l.office_number, &l.service_type, &l.frequency))
                        .collect::<Vec<_>>(),
                    None => c
                        .providers
                        .iter()
                        .map(|p| plan_line_token(&p.office_number, &p.service_type, ""))
                        .collect(),
                };
                // The period ends with the certification in force on its first day (today),
                // not with a later one already on record: a plan does not run across two.
                let cert_end = c
                    .certifications
                    .iter()
                    .filter(|x| x.fields.valid_from <= self.today)
                    .filter_map(|x| x.fields.valid_to.filter(|t| *t >= self.today))
                    .min();
                let period_to = cert_end.unwrap_or(self.today + chrono::Months::new(6));
                let first = c
                    .plans
                    .last()
                    .and_then(|p| p.fields.first_plan_date.or(Some(p.fields.plan_date)));
                (
                    FormKind::NewPlan { client_id: c.id },
                    vec![
                        self.date(Some(self.today)),
                        if c.plans.is_empty() {
                            "初回"
                        } else {
                            "継続"
                        }
                        .into(),
                        self.date(first),
                        self.date(Some(self.today)),
                        self.date(Some(period_to.max(self.today))),
                        crate::domain::plan::PlanStatus::AwaitingConsent
                            .label(Lang::Ja)
                            .into(),
                        String::new(),
                        String::new(),
                        lines.join(" "),
                    ],
                )
            }),
            EditTarget::PlanStatus(_)
            | EditTarget::PlanStatusOf { .. }
            | EditTarget::RecordPlanDate { .. } => {
                let (client, plan, today_in) = match target {
                    EditTarget::PlanStatusOf { client_id, plan_id } => {
                        (client_id, Some(*plan_id), None)
                    }
                    EditTarget::RecordPlanDate {
                        client_id,
                        plan_id,
                        consent,
                    } => (client_id, Some(*plan_id), Some(*consent)),
                    EditTarget::PlanStatus(client) => (client, None, None),
                    _ => return Ok(None),
                };
                let today = self.today;
                clients::get(conn, *client)?
                    .and_then(|c| {
                        // The newest revision, or the one a conflict was about.
                        c.plans
                            .into_iter()
                            .find(|p| plan.is_none_or(|id| p.id == id))
                    })
                    .map(|p| {
                        (
                            FormKind::PlanStatus {
                                id: p.id,
                                version: p.version,
                                client_id: *client,
                                plan_date: Some(p.fields.plan_date),
                            },
                            vec![
                                p.fields.status.label(Lang::Ja).into(),
                                // The step recorded from the plan's steps: today, where empty.
                                self.date(
                                    p.fields
                                        .consent_date
                                        .or((today_in == Some(true)).then_some(today)),
                                ),
                                self.date(
                                    p.fields
                                        .handed_date
                                        .or((today_in == Some(false)).then_some(today)),
                                ),
                            ],
                        )
                    })
            }
            EditTarget::Correct(record) => self.correction_values(record)?,
            EditTarget::ConcentrationNote {
                period,
                service_type,
            } => {
                let note = crate::store::concentration::note(conn, *period, service_type)?;
                Some((
                    FormKind::ConcentrationNote {
                        period: period.code(),
                        service_type: service_type.clone(),
                        version: note.as_ref().map_or(0, |n| n.version),
                    },
                    vec![note.map(|n| n.text).unwrap_or_default()],
                ))
            }
            EditTarget::NewNote {
                client_id,
                category,
                at,
                plan_id,
                stay,
            } => {
                let book = crate::store::case_notes::book(conn)?;
                let structured = category
                    .clone()
                    .filter(|c| crate::domain::kasan_records::fields_of(c).is_some());
                // A 加算 entry opened on its stay starts with it picked.
                let fields = crate::domain::kasan_records::NoteFields {
                    stay_id: *stay,
                    ..Default::default()
                };
                let extra = match &structured {
                    Some(code) => self.note_field_values(code, &fields)?,
                    None => vec![],
                };
                clients::get(conn, *client_id)?.map(|c| {
                    let cat = category
                        .as_deref()
                        .and_then(|code| book.on(code, at.date()));
                    let cm = c
                        .care_managers
                        .last()
                        .map(|(_, staff_id, name)| self.cm_field(*staff_id, name))
                        .unwrap_or_default();
                    (
                        FormKind::NewNote {
                            client_id: *client_id,
                            corrects: None,
                            plan_id: *plan_id,
                            structured,
                        },
                        [
                            crate::domain::case_record::note_time_text(*at),
                            cat.map(|c| c.name(lang).to_string()).unwrap_or_default(),
                            String::new(),
                            cm,
                            cat.map(|c| c.template(lang).to_string())
                                .unwrap_or_default(),
                            String::new(),
                            String::new(),
                            self.plan_date_of(*plan_id),
                        ]
                        .into_iter()
                        .chain(extra)
                        .collect(),
                    )
                })
            }
            EditTarget::CorrectNote(id) => {
                let book = crate::store::case_notes::book(conn)?;
                let note = crate::store::case_notes::get(conn, *id)?;
                // A 加算 entry's structured fields come with it, kept unless changed.
                let (structured, extra) = match &note {
                    Some(n) if crate::domain::kasan_records::fields_of(&n.category).is_some() => {
                        let f = crate::store::note_fields::get(conn, n.id)?.unwrap_or_default();
                        (
                            Some(n.category.clone()),
                            self.note_field_values(&n.category, &f)?,
                        )
                    }
                    _ => (None, vec![]),
                };
                note.map(|n| {
                    let name = book
                        .on(&n.category, n.at.date())
                        .map(|c| c.name(lang).to_string())
                        .unwrap_or_else(|| n.category.clone());
                    let cm = match (n.staff_id, &n.staff_name) {
                        (Some(id), Some(name)) => self.cm_field(id, name),
                        _ => String::new(),
                    };
                    (
                        FormKind::NewNote {
                            client_id: n.client_id,
                            corrects: Some(n.id),
                            plan_id: n.plan_id,
                            structured,
                        },
                        [
                            crate::domain::case_record::note_time_text(n.at),
                            name,
                            n.counterpart.clone(),
                            cm,
                            n.body.clone(),
                            n.reason.clone(),
                            n.attendees.clone(),
                            self.plan_date_of(n.plan_id),
                        ]
                        .into_iter()
                        .chain(extra)
                        .collect(),
                    )
                })
            }
            EditTarget::OfficeExchange => {
                let o = crate::store::enrollment::office_exchange(conn)?;
                Some((
                    FormKind::EditOfficeExchange { version: o.version },
                    vec![
                        String::new(),
                        String::new(),
                        String::new(),
                        self.date(o.licence_applied_on),
                        self.date(o.licence_valid_until),
                        if o.auto_renewal {
                            "はい"
                        } else {
                            "いいえ"
                        }
                        .into(),
                        self.date(o.free_pass_from),
                        self.date(o.free_pass_until),
                        o.certificate_type.clone(),
                        self.date(o.certificate_expiry),
                        o.client_pc.clone(),
                        self.date(o.pledge_on),
                        self.date(o.web_registered_on),
                    ],
                ))
            }
            EditTarget::Office => {
                let o = office::get(conn)?;
                let grade = o.area_grade_on(self.today);
                Some((
                    FormKind::EditOffice { version: o.version },
                    vec![
                        o.office_number.clone().unwrap_or_default(),
                        o.name.clone(),
                        grade.map(|g| g.label().to_string()).unwrap_or_default(),
                        String::new(),
                        if o.special_area {
                            "はい".into()
                        } else {
                            "いいえ".into()
                        },
                        self.date(o.records_since),
                    ],
                ))
            }
        })
    }

    fn save(&mut self, sub: Submission) -> Result<Vec<Action>> {
        let result = self.store.write(|w| match &sub {
            Submission::NewClient {
                fields,
                care_manager,
                certification,
            } => clients::insert(w, fields, *care_manager, certification.as_ref()).map(|_| ()),
            Submission::EditClient {
                id,
                version,
                fields,
                care_manager,
            } => {
                clients::update(w, *id, *version, fields)?;
                match care_manager {
                    Some((cm, from)) => clients::assign_care_manager(w, *id, *cm, *from),
                    None => Ok(()),
                }
            }
            Submission::EndContract {
                id,
                version,
                end,
                reason,
            } => clients::end_contract(w, *id, *version, *end, reason),
            Submission::AddCertification { client_id, cert } => {
                clients::add_certification(w, *client_id, cert).map(|_| ())
            }
            Submission::NoBenefitMonth {
                client_id,
                month,
                reason,
            } => clients::set_no_benefit_month(w, *client_id, *month, reason.as_deref()),
            Submission::NewProvider { fields } => providers::insert(w, fields).map(|_| ()),
            Submission::EditProvider {
                id,
                version,
                fields,
            } => providers::update(w, *id, *version, fields),
            Submission::DeleteProvider { id, version } => providers::delete(w, *id, *version),
            Submission::NewStaff { fields, fte, from } => {
                staff::insert(w, fields, *fte, *from).map(|_| ())
            }
            Submission::EditStaff {
                id,
                version,
                fields,
                fte,
            } => {
                staff::update(w, *id, *version, fields)?;
                match fte {
                    Some((f, from)) => staff::set_fte(w, *id, *f, *from),
                    None => Ok(()),
                }
            }
            Submission::StaffLeaves { id, date } => {
                staff::set_fte(w, *id, crate::domain::fte::Fte::default(), *date)
            }
            Submission::EditOffice { version, change } => {
                office::update(w, change, Some(*version)).map(|_| ())
            }
            Submission::NewPlan {
                client_id,
                fields,
                lines,
            } => {
                let out = service_lines(&w.tx, lines)?;
                let mut fields = fields.clone();
                fields.care_level = clients::get(&w.tx, *client_id)?.and_then(|c| {
                    c.certifications
                        .iter()
                        .rev()
                        .find(|x| {
                            x.fields.valid_from <= fields.plan_date
                                && x.fields.valid_to.is_none_or(|t| t >= fields.plan_date)
                        })
                        .and_then(|x| x.fields.care_level)
                });
                crate::store::plans::insert(w, *client_id, &fields, &out).map(|_| ())
            }
            Submission::EditCertification { id, version, cert } => {
                crate::store::certifications::edit_certification(w, *id, *version, cert)
            }
            Submission::EditPlan {
                id,
                version,
                fields,
                lines,
                reason,
                ..
            } => {
                let lines = service_lines(&w.tx, lines)?;
                crate::store::plans::edit(w, *id, *version, fields, &lines, reason.as_deref())
            }
            Submission::CorrectAssignment {
                id,
                version,
                client_id: _,
                care_manager,
                from,
                reason,
            } => {
                w.expect_version("client_care_managers", "担当の割り当て", *id, *version)?;
                clients::correct_assignment(w, *id, *care_manager, *from, reason)
            }
            Submission::CorrectFte {
                id,
                version,
                staff_id: _,
                fte,
                from,
                reason,
            } => {
                w.expect_version("staff_fte", "常勤換算", *id, *version)?;
                staff::correct_fte(w, *id, *fte, *from, reason)
            }
            Submission::CorrectObservation {
                id,
                version,
                provider_id: _,
                observed,
                reason,
            } => {
                w.expect_version("provider_enrollment", "加入状況の記録", *id, *version)?;
                crate::store::enrollment::correct_observation(w, *id, observed, reason)
            }
            Submission::CorrectOutreach {
                id,
                version,
                activity,
                reason,
            } => {
                w.expect_version("outreach_activities", "働きかけの記録", *id, *version)?;
                crate::store::enrollment::correct_activity(w, *id, activity, reason)
            }
            Submission::Withdraw { record, reason } => withdraw(w, record, reason),
            Submission::ConcentrationNote {
                period,
                service_type,
                version,
                text,
            } => crate::store::concentration::set_note(w, *period, service_type, text, *version),
            Submission::HandOver {
                client_id,
                plan_date,
                providers,
                on,
                channel,
            } => {
                // The time of day is now's for today, else the start of the working day.
                let now = chrono::Local::now().naive_local();
                let at = if *on == now.date() {
                    now
                } else {
                    on.and_hms_opt(9, 0, 0).unwrap_or(now)
                };
                let events: Vec<deliveries::NewEvent> = providers
                    .iter()
                    .map(|(provider_id, service_type)| deliveries::NewEvent {
                        kind: crate::domain::delivery::DeliveryKind::Plan,
                        withdraws: None,
                        client_id: *client_id,
                        provider_id: *provider_id,
                        service_type: service_type.clone(),
                        month: None,
                        plan_date: Some(*plan_date),
                        channel: *channel,
                        at,
                        note: String::new(),
                        source_file: None,
                    })
                    .collect();
                deliveries::record(w, &events).map(|_| ())
            }
            Submission::SameBuilding {
                client_id,
                id: None,
                fields,
                ..
            } => crate::store::same_building::add(w, *client_id, fields).map(|_| ()),
            Submission::SameBuilding {
                id: Some(id),
                version,
                fields,
                reason,
                ..
            } => crate::store::same_building::correct(w, *id, Some(*version), fields, reason),
            Submission::Terminal {
                client_id,
                consent,
                death,
                reason,
            } => {
                use crate::store::client_dates;
                // Only what changed is written (and audited).
                let (was_consent, was_died, was_place) = client_dates::terminal(&w.tx, *client_id)?;
                if was_consent != *consent {
                    client_dates::set_terminal_consent(w, *client_id, *consent, reason)?;
                }
                let was = was_died.zip(was_place);
                if was != *death {
                    client_dates::set_death(
                        w,
                        *client_id,
                        death.as_ref().map(|(d, p)| (*d, p.as_str())),
                        reason,
                    )?;
                }
                Ok(())
            }
            Submission::Stay {
                client_id,
                id: None,
                fields,
                ..
            } => crate::store::stays::add(w, *client_id, fields, self.today).map(|_| ()),
            Submission::Stay {
                id: Some(id),
                version,
                fields,
                reason,
                ..
            } => crate::store::stays::correct(w, *id, Some(*version), fields, reason, self.today),
            Submission::KasanDecide(d) => crate::store::kasan_decisions::decide(w, d).map(|_| ()),
            Submission::VideoConsent {
                client_id,
                on,
                reason,
            } => crate::store::case_notes::set_video_consent(w, *client_id, *on, reason),
            Submission::BusinessHours(f) => {
                crate::store::business_calendar::set_hours(w, f).map(|_| ())
            }
            Submission::BusinessDays {
                from,
                until,
                open,
                reason,
            } => crate::store::business_calendar::add_days(w, *from, *until, *open, reason)
                .map(|_| ()),
            Submission::WithdrawDays { id, reason } => {
                crate::store::business_calendar::withdraw_days(w, *id, reason)
            }
            Submission::OfficePeriod { setting, period } => {
                crate::store::office_system::set(w, setting, *period)
            }
            Submission::PaperCheck {
                client_id,
                plan_id,
                reason,
            } => crate::store::plan_steps::confirm_on_paper(
                w,
                *client_id,
                *plan_id,
                chrono::Local::now().naive_local(),
                reason,
                chrono::Local::now().date_naive(),
            )
            .map(|_| ()),
            Submission::NewNote {
                client_id,
                corrects,
                plan_date,
                attendees,
                correction_reason,
                at,
                category,
                counterpart,
                care_manager,
                body,
                reason,
                fields,
            } => {
                // A colleague corrected the same entry since the form opened: the form merges
                // with their correction instead of being refused.
                if let Some(id) = corrects
                    && crate::store::case_notes::standing(&w.tx, *id)?.is_some_and(|n| n.id != *id)
                {
                    return Err(Conflict {
                        entity: "支援経過"
                    }
                    .into());
                }
                let plan_id = match plan_date {
                    None => None,
                    Some(d) => Some(
                        crate::store::plans::list(&w.tx, Some(*client_id))?
                            .into_iter()
                            .find(|p| p.fields.plan_date == *d)
                            .map(|p| p.id)
                            .ok_or_else(|| {
                                crate::store::Refused(format!(
                                    "この利用者に作成日 {} の計画の版はありません（計画の欄を確かめてください）",
                                    crate::domain::dates::iso(*d)
                                ))
                            })?,
                    ),
                };
                crate::store::case_notes::add(
                    w,
                    &crate::store::case_notes::NewNote {
                        client_id: *client_id,
                        at: *at,
                        category: category.clone(),
                        counterpart: counterpart.clone(),
                        staff_id: *care_manager,
                        body: body.clone(),
                        reason: reason.clone(),
                        plan_id,
                        attendees: attendees.clone(),
                        corrects: *corrects,
                        withdraws: false,
                        correction_reason: correction_reason.clone(),
                        fields: fields.clone(),
                    },
                )
                .map(|_| ())
            }
            Submission::PlanStatus {
                id,
                version,
                status,
                client_id: _,
                consent_date,
                handed_date,
            } => crate::store::plans::set_status(
                w,
                *id,
                *version,
                *status,
                *consent_date,
                *handed_date,
            ),
            Submission::Observation {
                provider_id,
                observed,
            } => crate::store::enrollment::record_observation(w, *provider_id, observed),
            Submission::Outreach(a) => crate::store::enrollment::add_activity(w, a),
            Submission::OfficeExchange {
                version,
                status,
                settings,
            } => {
                if let Some((s, system, from)) = status {
                    crate::store::enrollment::add_exchange_status(w, *s, *system, *from, "")?;
                }
                crate::store::enrollment::set_office_exchange(w, settings, *version)
            }
            Submission::MonthProvider {
                client_id,
                month,
                provider_id,
                office_number,
                service_type,
                included,
            } => {
                let pid = match (provider_id, office_number) {
                    (Some(id), _) => *id,
                    (None, Some(n)) => provider_by_number(&w.tx, n)?,
                    (None, None) => return Err(Refused("事業所が指定されていません".into()).into()),
                };
                let service_type = if service_type.is_empty() {
                    providers::get(&w.tx, pid)?
                        .and_then(|p| p.fields.service_types.first().cloned())
                        .unwrap_or_default()
                } else {
                    service_type.clone()
                };
                deliveries::set_month_provider(w, *client_id, pid, *month, &service_type, *included)
            }
        });
        match result {
            Ok(()) => match &sub {
                // 加入済み: offer what follows (連携, closing the follow-up) if anything does.
                Submission::Observation {
                    provider_id,
                    observed,
                } if observed.status == crate::domain::enrollment::ProviderStatus::Enrolled => {
                    match crate::store::enrollment::follow_through(
                        self.store.conn(),
                        *provider_id,
                        observed.on,
                    )? {
                        Some(f) => Ok(vec![Action::SavedEnrolled(f)]),
                        None => Ok(vec![Action::Saved]),
                    }
                }
                _ => Ok(vec![Action::Saved]),
            },
            Err(e) if e.downcast_ref::<Conflict>().is_some() => {
                let target = match &sub {
                    Submission::EditClient { id, .. } => Some(EditTarget::Client(*id)),
                    Submission::EndContract { id, .. } => Some(EditTarget::EndContract(*id)),
                    Submission::EditProvider { id, .. } => Some(EditTarget::Provider(*id)),
                    Submission::EditStaff { id, .. } => Some(EditTarget::Staff(*id)),
                    Submission::EditOffice { .. } => Some(EditTarget::Office),
                    Submission::OfficeExchange { .. } => Some(EditTarget::OfficeExchange),
                    Submission::PlanStatus { id, client_id, .. } => {
                        Some(EditTarget::PlanStatusOf {
                            client_id: *client_id,
                            plan_id: *id,
                        })
                    }
                    Submission::EditCertification { id, .. } => {
                        self.certification_record(*id)?.map(EditTarget::Correct)
                    }
                    Submission::CorrectAssignment { id, client_id, .. } => {
                        Some(EditTarget::Correct(Record::Assignment {
                            id: *id,
                            version: 0,
                            client_id: *client_id,
                        }))
                    }
                    Submission::CorrectFte { id, staff_id, .. } => {
                        Some(EditTarget::Correct(Record::Fte {
                            id: *id,
                            version: 0,
                            staff_id: *staff_id,
                        }))
                    }
                    Submission::CorrectObservation {
                        id, provider_id, ..
                    } => Some(EditTarget::Correct(Record::Observation {
                        id: *id,
                        version: 0,
                        provider_id: *provider_id,
                    })),
                    Submission::CorrectOutreach { id, activity, .. } => {
                        Some(EditTarget::Correct(Record::Outreach {
                            id: *id,
                            version: 0,
                            provider_id: activity.provider_id,
                        }))
                    }
                    Submission::ConcentrationNote {
                        period,
                        service_type,
                        ..
                    } => Some(EditTarget::ConcentrationNote {
                        period: *period,
                        service_type: service_type.clone(),
                    }),
                    Submission::NewNote {
                        corrects: Some(id), ..
                    } => crate::store::case_notes::standing(self.store.conn(), *id)?
                        .map(|n| EditTarget::CorrectNote(n.id)),
                    Submission::EditPlan { id, client_id, .. } => {
                        Some(EditTarget::Correct(Record::Plan {
                            id: *id,
                            version: 0,
                            client_id: *client_id,
                        }))
                    }
                    _ => None,
                };
                match target.map(|t| self.edit_values(&t)).transpose()?.flatten() {
                    Some((kind, latest)) => Ok(vec![Action::Conflict {
                        latest,
                        version: kind_version(&kind),
                    }]),
                    None => Ok(vec![Action::SaveFailed(error_text(&e))]),
                }
            }
            Err(e) if e.downcast_ref::<Refused>().is_some() => {
                Ok(vec![Action::SaveFailed(error_text(&e))])
            }
            Err(e) => Err(e),
        }
    }
}

/// The plan form's `事業所番号:種類:頻度` lines as the store keeps them.
fn service_lines(
    conn: &rusqlite::Connection,
    lines: &[(String, String, String)],
) -> Result<Vec<crate::store::plans::ServiceLine>> {
    lines
        .iter()
        .map(|(office, service_type, frequency)| {
            Ok(crate::store::plans::ServiceLine {
                provider_id: provider_by_number(conn, office)?,
                service_type: service_type.clone(),
                what: String::new(),
                frequency: frequency.clone(),
                office_number: office.clone(),
                provider_name: String::new(),
            })
        })
        .collect()
}

/// Withdraws one record with its reason (the row stays, marked).
fn withdraw(w: &crate::store::Writer<'_>, record: &Record, reason: &str) -> Result<()> {
    match record {
        Record::Certification { id, version, .. } => {
            crate::store::certifications::withdraw_certification(w, *id, *version, reason)
        }
        Record::Plan { .. } => Err(Refused(
            "計画の版は取り消せません。誤りは Enter で訂正するか、新しい版（p）を作成してください"
                .into(),
        )
        .into()),
        Record::Assignment { id, version, .. } => {
            w.expect_version("client_care_managers", "担当の割り当て", *id, *version)?;
            clients::withdraw_assignment(w, *id, reason)
        }
        Record::NoBenefit { client_id, month } => {
            clients::withdraw_no_benefit_month(w, *client_id, *month, reason)
        }
        Record::Fte { id, version, .. } => {
            w.expect_version("staff_fte", "常勤換算", *id, *version)?;
            staff::withdraw_fte(w, *id, reason)
        }
        Record::Observation { id, version, .. } => {
            w.expect_version("provider_enrollment", "加入状況の記録", *id, *version)?;
            crate::store::enrollment::withdraw_observation(w, *id, reason)
        }
        Record::Outreach { id, version, .. } => {
            w.expect_version("outreach_activities", "働きかけの記録", *id, *version)?;
            crate::store::enrollment::withdraw_activity(w, *id, reason)
        }
        Record::Stay { id, version, .. } => {
            w.expect_version("stays", "入院・入所", *id, *version)?;
            crate::store::stays::withdraw(w, *id, reason)
        }
        Record::SameBuilding { id, version, .. } => {
            w.expect_version("same_building", "同一建物の期間", *id, *version)?;
            crate::store::same_building::withdraw(w, *id, reason)
        }
        Record::CaseNote { id, client_id } => crate::store::case_notes::add(
            w,
            &crate::store::case_notes::NewNote {
                client_id: *client_id,
                corrects: Some(*id),
                withdraws: true,
                reason: reason.to_string(),
                ..Default::default()
            },
        )
        .map(|_| ()),
    }
}

/// A service line as the plan form writes it: `事業所番号:種類[:頻度]`.
fn plan_line_token(office: &str, service_type: &str, frequency: &str) -> String {
    let f: String = frequency.chars().filter(|c| !c.is_whitespace()).collect();
    if f.is_empty() {
        format!("{office}:{service_type}")
    } else {
        format!("{office}:{service_type}:{f}")
    }
}

/// The registered provider with this number, or a refusal that says how to fix it.
fn provider_by_number(conn: &rusqlite::Connection, number: &str) -> Result<i64> {
    providers::find_by_number(conn, number)?.ok_or_else(|| {
        Refused(format!(
            "事業所番号 {number} の事業所は登録されていません。番号を確かめるか、先に 3 事業所 で登録してください"
        ))
        .into()
    })
}

impl Runner {
    /// The correctable records of a client, staff member or provider, newest first.
    /// A client's record with the newest case-record entries and this month's monitoring.
    fn client_view(&self, detail: clients::ClientDetail) -> Result<super::model::ClientView> {
        let conn = self.store.conn();
        let mut notes = crate::store::case_notes::effective(conn, Some(detail.id), None, None)?;
        notes.reverse();
        notes.truncate(super::model::RECENT_NOTES);
        let this = crate::domain::dates::month_start(self.today);
        let steps = crate::store::plan_steps::of_client(conn, detail.id, self.today)?;
        let month =
            crate::store::compliance::client_month(conn, detail.id, this, self.today, &steps)?;
        let stays = crate::store::stays::list(conn, Some(detail.id), false)?;
        let terminal = crate::store::client_dates::terminal(conn, detail.id)?;
        let same_building = crate::store::same_building::list(conn, Some(detail.id), false)?;
        let cut = month
            .as_ref()
            .map_or(crate::domain::operating_cut::Reduction::None, |m| {
                m.cut.reduction
            });
        let kasan = crate::store::kasan::of_client(conn, detail.id, this, self.today, cut)?;
        let deliveries = crate::store::deliveries::board(conn, this)?
            .into_iter()
            .find(|r| r.client_id == detail.id);
        Ok(super::model::ClientView {
            detail,
            notes,
            month,
            steps,
            stays,
            same_building,
            terminal,
            kasan,
            deliveries,
        })
    }

    /// One client's case record: what stands, or (`history`) every entry with corrected and
    /// withdrawn ones marked.
    fn case_record(&self, client: i64, history: bool) -> Result<super::case_record::CaseRecord> {
        use crate::domain::search::search_key;
        let conn = self.store.conn();
        let book = crate::store::case_notes::book(conn)?;
        let notes = if history {
            crate::store::case_notes::history(conn, Some(client), None, None)?
        } else {
            crate::store::case_notes::effective(conn, Some(client), None, None)?
        };
        let title = clients::get(conn, client)?
            .map(|c| format!("{}（{}）", c.fields.name, c.fields.insured_number.as_str()))
            .unwrap_or_default();
        let entries = notes
            .into_iter()
            .map(|note| {
                let cat = book.on(&note.category, note.at.date());
                let category = cat.map_or_else(
                    || (note.category.clone(), note.category.clone()),
                    |c| (c.name(Lang::Ja).to_string(), c.name(Lang::En).to_string()),
                );
                let key = search_key(&format!(
                    "{} {} {} {} {} {} {}",
                    category.0,
                    category.1,
                    note.counterpart,
                    note.staff_name.as_deref().unwrap_or(""),
                    note.body,
                    note.reason,
                    note.attendees
                ));
                super::case_record::Entry {
                    note,
                    category,
                    key,
                }
            })
            .collect();
        Ok(super::case_record::CaseRecord {
            client_id: client,
            title,
            entries,
            history,
            full: false,
            list: Default::default(),
        })
    }

    fn corrections(&self, owner: Owner) -> Result<Corrections> {
        let conn = self.store.conn();
        let lang = self.lang;
        let d = |x: Option<NaiveDate>| self.date(x);
        let mut items = Vec::new();
        let title = match owner {
            Owner::Client(id) => {
                let Some(c) = clients::get(conn, id)? else {
                    return Err(Refused("利用者が見つかりません".into()).into());
                };
                for cert in c.certifications.iter().rev() {
                    let f = &cert.fields;
                    items.push(Item {
                        record: Record::Certification {
                            id: cert.id,
                            version: cert.version,
                            client_id: id,
                        },
                        kind: T::KindCert.s(lang).into(),
                        line: format!(
                            "{} {} {}〜{}{}",
                            f.care_level.map(|l| l.label(lang)).unwrap_or(""),
                            f.status.label(lang),
                            d(Some(f.valid_from)),
                            d(f.valid_to),
                            if f.change_of_level {
                                T::KindChangeOfLevel.s(lang)
                            } else {
                                ""
                            }
                        ),
                    });
                }
                for p in &c.plans {
                    let f = &p.fields;
                    items.push(Item {
                        record: Record::Plan {
                            id: p.id,
                            version: p.version,
                            client_id: id,
                        },
                        kind: T::KindPlan.s(lang).into(),
                        line: format!(
                            "{} {} {} {}〜{}",
                            d(Some(f.plan_date)),
                            f.kind.label(lang),
                            f.status.label(lang),
                            d(Some(f.period_from)),
                            d(Some(f.period_to))
                        ),
                    });
                }
                for a in clients::assignments(conn, id)?.iter().rev() {
                    items.push(Item {
                        record: Record::Assignment {
                            id: a.id,
                            version: a.version,
                            client_id: id,
                        },
                        kind: T::KindCareMgr.s(lang).into(),
                        line: format!("{} {}〜", a.staff_name, d(Some(a.effective_from))),
                    });
                }
                // Stays and 同一建物 periods newest first: any one is corrected, not only the
                // latest.
                let mut stays = crate::store::stays::list(conn, Some(id), false)?;
                stays.sort_by_key(|s| std::cmp::Reverse((s.admitted_on, s.id)));
                for s in &stays {
                    items.push(Item {
                        record: Record::Stay {
                            id: s.id,
                            version: s.version,
                            client_id: id,
                        },
                        kind: T::KindStay.s(lang).into(),
                        line: format!(
                            "{}〜{} {}",
                            d(Some(s.admitted_on)),
                            d(s.discharged_on),
                            s.institution
                        ),
                    });
                }
                let mut periods = crate::store::same_building::list(conn, Some(id), false)?;
                periods.sort_by_key(|s| std::cmp::Reverse((s.fields.from, s.id)));
                for s in &periods {
                    items.push(Item {
                        record: Record::SameBuilding {
                            id: s.id,
                            version: s.version,
                            client_id: id,
                        },
                        kind: T::KindSameBuilding.s(lang).into(),
                        line: format!(
                            "{}〜{} {} {}",
                            d(Some(s.fields.from)),
                            d(s.fields.until),
                            crate::domain::kasan_records::Coded::label(s.fields.why, lang),
                            s.fields.building
                        ),
                    });
                }
                for (month, reason) in c.no_benefit_months.iter().rev() {
                    if let Ok(m) = crate::domain::dates::parse_month(month) {
                        items.push(Item {
                            record: Record::NoBenefit {
                                client_id: id,
                                month: m,
                            },
                            kind: T::KindNoBenefit.s(lang).into(),
                            line: format!("{month} {reason}"),
                        });
                    }
                }
                match lang {
                    Lang::Ja => format!("{}（{}）", c.fields.name, c.fields.insured_number),
                    Lang::En => format!("{} ({})", c.fields.name, c.fields.insured_number),
                }
            }
            Owner::Staff(id) => {
                let rows = staff::fte_rows(conn, Some(id))?;
                for r in rows.iter().rev() {
                    items.push(Item {
                        record: Record::Fte {
                            id: r.id,
                            version: r.version,
                            staff_id: id,
                        },
                        kind: T::Fte.s(lang).into(),
                        line: format!("{} {}〜", r.fte, d(Some(r.effective_from))),
                    });
                }
                staff::get(conn, id)?.map(|s| s.name).unwrap_or_default()
            }
            Owner::Provider(id) => {
                for r in crate::store::enrollment::observation_rows(conn, Some(id))?
                    .iter()
                    .rev()
                {
                    let o = &r.observation;
                    items.push(Item {
                        record: Record::Observation {
                            id: o.id,
                            version: r.version,
                            provider_id: id,
                        },
                        kind: T::KindEnrollment.s(lang).into(),
                        line: format!(
                            "{} {} {} {}",
                            d(Some(o.observed_on)),
                            o.status.label(lang),
                            o.source.label(lang),
                            o.note
                        ),
                    });
                }
                for r in crate::store::enrollment::activity_rows(conn, Some(id))?
                    .iter()
                    .rev()
                {
                    let a = &r.activity;
                    items.push(Item {
                        record: Record::Outreach {
                            id: r.id,
                            version: r.version,
                            provider_id: id,
                        },
                        kind: T::KindOutreach.s(lang).into(),
                        line: format!(
                            "{} {} {} {}",
                            d(Some(a.on_date)),
                            a.stage.label(lang),
                            a.method,
                            a.said
                        ),
                    });
                }
                providers::get(conn, id)?
                    .map(|p| {
                        let n = p.fields.office_number.as_str();
                        match lang {
                            Lang::Ja => format!("{}（{n}）", p.fields.name),
                            Lang::En => format!("{} ({n})", p.fields.name),
                        }
                    })
                    .unwrap_or_default()
            }
        };
        Ok(Corrections {
            owner,
            title,
            items,
            selected: 0,
        })
    }

    /// A 加算 entry's structured fields as its form starts them (a stay as its field shows it).
    fn note_field_values(
        &self,
        category: &str,
        f: &crate::domain::kasan_records::NoteFields,
    ) -> Result<Vec<String>> {
        let stay = match f.stay_id {
            Some(id) => crate::store::stays::find(self.store.conn(), id)?,
            None => None,
        };
        Ok(crate::tui::form::note_field_values(category, f, |id| {
            stay.as_ref()
                .filter(|s| s.id == id)
                .map(crate::tui::form::stay_choice)
                .unwrap_or_else(|| format!("#{id}"))
        }))
    }

    /// A note form's plan field: the plan date of revision `plan_id` ("" without one; it only
    /// pre-fills the field, which the save checks again).
    fn plan_date_of(&self, plan_id: Option<i64>) -> String {
        plan_id
            .and_then(|id| {
                self.store
                    .conn()
                    .query_row(
                        "SELECT plan_date FROM care_plans WHERE id = ?1",
                        [id],
                        |r| r.get::<_, String>(0),
                    )
                    .ok()
            })
            .unwrap_or_default()
    }

    /// A care-manager field's value for this person: name and number, as the picker writes it.
    fn cm_field(&self, staff_id: i64, name: &str) -> String {
        staff::get(self.store.conn(), staff_id)
            .ok()
            .flatten()
            .map(|m| super::form::cm_label(&m))
            .unwrap_or_else(|| name.to_string())
    }

    /// The certification `id` as the corrections list names it (None once withdrawn).
    fn certification_record(&self, id: i64) -> Result<Option<Record>> {
        Ok(
            crate::store::certifications::get(self.store.conn(), id)?.map(|r| {
                Record::Certification {
                    id,
                    version: r.cert.version,
                    client_id: r.client_id,
                }
            }),
        )
    }

    /// The form and current values that correct `record`.
    fn correction_values(&self, record: &Record) -> Result<Option<(FormKind, Vec<String>)>> {
        let conn = self.store.conn();
        let lang = self.lang;
        let d = |x: Option<NaiveDate>| self.date(x);
        Ok(match record {
            // An entry is corrected by a new entry: the form of `EditTarget::CorrectNote`.
            Record::CaseNote { id, .. } => return self.edit_values(&EditTarget::CorrectNote(*id)),
            Record::Stay { id, client_id, .. } => crate::store::stays::find(conn, *id)?.map(|s| {
                (
                    FormKind::Stay {
                        client_id: *client_id,
                        id: Some(s.id),
                        version: s.version,
                    },
                    super::forms::stay_values(&s, lang),
                )
            }),
            Record::SameBuilding { id, client_id, .. } => {
                let s = crate::store::same_building::get(conn, *id)?;
                Some((
                    FormKind::SameBuilding {
                        client_id: *client_id,
                        id: Some(s.id),
                        version: s.version,
                    },
                    super::forms::same_building_values(&s, lang),
                ))
            }
            Record::Certification { id, .. } => {
                crate::store::certifications::get(conn, *id)?.map(|r| {
                    let f = &r.cert.fields;
                    (
                        FormKind::EditCertification {
                            id: *id,
                            version: r.cert.version,
                            client_id: r.client_id,
                        },
                        vec![
                            f.care_level
                                .map(|l| l.label(lang).to_string())
                                .unwrap_or_default(),
                            f.status.label(lang).into(),
                            d(f.certified_on),
                            d(Some(f.valid_from)),
                            d(f.valid_to),
                            if f.change_of_level {
                                "はい"
                            } else {
                                "いいえ"
                            }
                            .into(),
                        ],
                    )
                })
            }
            Record::Plan { id, client_id, .. } => {
                crate::store::plans::list(conn, Some(*client_id))?
                    .into_iter()
                    .find(|p| p.id == *id)
                    .map(|p| {
                        let f = &p.fields;
                        let lines: Vec<String> = p
                            .lines
                            .iter()
                            .map(|l| {
                                plan_line_token(&l.office_number, &l.service_type, &l.frequency)
                            })
                            .collect();
                        (
                            FormKind::EditPlan {
                                id: p.id,
                                version: p.version,
                                client_id: *client_id,
                                confirmed: !matches!(
                                    f.status,
                                    crate::domain::plan::PlanStatus::Draft
                                        | crate::domain::plan::PlanStatus::AwaitingConsent
                                ),
                            },
                            vec![
                                d(Some(f.plan_date)),
                                f.kind.label(lang),
                                d(f.first_plan_date),
                                d(Some(f.period_from)),
                                d(Some(f.period_to)),
                                d(f.consent_date),
                                d(f.handed_date),
                                lines.join(" "),
                                String::new(),
                            ],
                        )
                    })
            }
            Record::Assignment { id, client_id, .. } => {
                let a = clients::get_assignment(conn, *id)?;
                Some((
                    FormKind::EditAssignment {
                        id: *id,
                        version: a.version,
                        client_id: *client_id,
                    },
                    vec![
                        self.cm_field(a.staff_id, &a.staff_name),
                        d(Some(a.effective_from)),
                        String::new(),
                    ],
                ))
            }
            Record::Fte { id, staff_id, .. } => staff::fte_rows(conn, Some(*staff_id))?
                .into_iter()
                .find(|r| r.id == *id)
                .map(|r| {
                    (
                        FormKind::EditFte {
                            id: *id,
                            version: r.version,
                            staff_id: *staff_id,
                        },
                        vec![r.fte.to_string(), d(Some(r.effective_from)), String::new()],
                    )
                }),
            Record::Observation {
                id, provider_id, ..
            } => crate::store::enrollment::observation_rows(conn, Some(*provider_id))?
                .into_iter()
                .find(|r| r.observation.id == *id)
                .map(|r| {
                    let o = r.observation;
                    (
                        FormKind::EditObservation {
                            id: *id,
                            version: r.version,
                            provider_id: *provider_id,
                        },
                        vec![
                            o.status.label(lang).into(),
                            o.source.label(lang).into(),
                            d(Some(o.observed_on)),
                            o.note,
                            o.system.label(lang).into(),
                            String::new(),
                        ],
                    )
                }),
            Record::Outreach {
                id, provider_id, ..
            } => crate::store::enrollment::activity_rows(conn, Some(*provider_id))?
                .into_iter()
                .find(|r| r.id == *id)
                .map(|r| {
                    let a = r.activity;
                    (
                        FormKind::EditOutreach {
                            id: *id,
                            version: r.version,
                            provider_id: *provider_id,
                        },
                        vec![
                            d(Some(a.on_date)),
                            a.method,
                            a.who,
                            a.said,
                            a.outcome,
                            a.stage.label(lang).into(),
                            d(a.next_follow_up),
                            String::new(),
                        ],
                    )
                }),
            Record::NoBenefit { .. } => None,
        })
    }
}

fn kind_version(kind: &FormKind) -> i64 {
    kind.clone().version_mut().map_or(0, |v| *v)
}

/// The message of an error and its causes, on one line.
fn error_text(e: &color_eyre::Report) -> String {
    e.chain()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" — ")
}

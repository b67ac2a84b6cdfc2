//! All state of the terminal app. Changed only by `update`; drawn only by `view`.

use super::form::{Form, Submission};
use super::keymap::Context;
pub use super::room_state::{ListState, first_row};
use crate::config::Config;
use crate::domain::Lang;
use crate::domain::caseload::{
    Band, Caseload, Facts, ForecastMonth, WhatIf, compute, forecast, forecast_from,
};
use crate::domain::channel::Channel;
use crate::domain::deadlines::Deadline;
use crate::domain::delivery::{CellState, DeadlineRules};
use crate::domain::enrollment::{ProviderStatus, Source};
use crate::domain::search::search_key;
use crate::exchange::ingest::Summary;
use crate::store::clients::{ClientDetail, ClientSummary};
use crate::store::deliveries::{BoardRow, EventRow, NewEvent};
use crate::store::drafts::Draft;
use crate::store::enrollment::{Coverage, OfficeExchange, ProviderEnrollment, ask_first_rows};
use crate::store::exchange::Review;
use crate::store::home::LedgerDeadlines;
use crate::store::office::Office;
use crate::store::providers::Provider;
use crate::store::staff::StaffMember;
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Home,
    Clients,
    Providers,
    Office,
    Caseload,
    Board,
    Enrollment,
    Monitoring,
}

impl Tab {
    pub const ALL: [Tab; 8] = [
        Tab::Home,
        Tab::Clients,
        Tab::Providers,
        Tab::Office,
        Tab::Caseload,
        Tab::Board,
        Tab::Enrollment,
        Tab::Monitoring,
    ];
    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
    /// The keymap context of the tab's own screen (its keys, footer and help section).
    pub fn context(self) -> Context {
        match self {
            Tab::Home => Context::Home,
            Tab::Caseload => Context::Caseload,
            Tab::Board => Context::Board,
            Tab::Enrollment => Context::Enrollment,
            Tab::Monitoring => Context::Monitoring,
            Tab::Clients | Tab::Providers => Context::List,
            Tab::Office => Context::Office,
        }
    }
}

/// Everything loaded from the store for the lists and the home screen.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// Case-record entries before 記録開始日 (shown on the office panel).
    pub entries_before_records: u64,
    pub clients: Vec<ClientSummary>,
    /// Search keys of clients, parallel to `clients` (computed once per load, not per key).
    pub client_keys: Vec<String>,
    pub providers: Vec<Provider>,
    pub provider_keys: Vec<String>,
    pub staff: Vec<StaffMember>,
    pub office: Option<Office>,
    /// What the caseload rules need, loaded with the rest (shared with the runner, which
    /// judges a month's compliance from them while the records are unchanged).
    pub facts: std::sync::Arc<Facts>,
    /// ホーム's ledger counts, when they were read alongside (at start-up, on a second thread);
    /// otherwise they are read after the frame is drawn.
    pub ledger: Option<LedgerDeadlines>,
    /// The month's caseload from `facts`, when it was computed while the load waited (taken
    /// by the first computation of the figures).
    pub month_caseload: Option<std::sync::Arc<Caseload>>,
    /// The case-record categories (built in and the office's).
    pub note_categories: crate::domain::case_record::CategoryBook,
    /// Open move-in review items (ホーム says so while there are any).
    pub move_in_open: usize,
    /// Every client's hospital and facility stays (a case-record form's stay field offers the
    /// client's).
    pub stays: Vec<crate::store::stays::Stay>,
}

impl Data {
    /// The search keys, computed at the first search rather than at start-up (normalising
    /// 10,000 names is a tenth of the start-up work, and ホーム never searches).
    pub fn ensure_keys(&mut self) {
        if self.client_keys.len() == self.clients.len()
            && self.provider_keys.len() == self.providers.len()
        {
            return;
        }
        self.client_keys = self
            .clients
            .iter()
            .map(|c| search_key(&format!("{} {} {}", c.name, c.kana, c.insured_number)))
            .collect();
        self.provider_keys = self
            .providers
            .iter()
            .map(|p| {
                search_key(&format!(
                    "{} {} {}",
                    p.fields.name, p.fields.kana, p.fields.office_number
                ))
            })
            .collect();
    }
}

/// A client's record as the detail shows it: the stored record, and what is read beside it
/// (the newest case-record entries, this month's monitoring and 運営基準減算).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientView {
    pub detail: ClientDetail,
    /// The newest standing entries, newest first (at most `RECENT_NOTES`).
    pub notes: Vec<crate::store::case_notes::Note>,
    /// This month, as of today.
    pub month: Option<crate::store::compliance::ClientMonth>,
    /// Each plan revision's process steps, newest plan date first.
    pub steps: Vec<crate::store::plan_steps::PlanSteps>,
    /// The client's standing hospital and facility stays, oldest first.
    pub stays: Vec<crate::store::stays::Stay>,
    /// The client's standing 同一建物 periods, oldest first.
    pub same_building: Vec<crate::store::same_building::SameBuilding>,
    /// The ターミナル consent, the death day and its place code.
    pub terminal: (Option<NaiveDate>, Option<NaiveDate>, Option<String>),
    /// This month's 加算 (candidates, incomplete, cannot judge, excluded).
    pub kasan: Vec<crate::domain::kasan::Row>,
    /// This month's row of the 計画・送付 board: what went to each provider and came back
    /// (None: no provider this month).
    pub deliveries: Option<crate::store::deliveries::BoardRow>,
}

/// How many case-record entries the client's detail shows.
pub const RECENT_NOTES: usize = 3;

impl std::ops::Deref for ClientView {
    type Target = ClientDetail;
    fn deref(&self) -> &ClientDetail {
        &self.detail
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    Client(Box<ClientView>),
    Provider(Box<Provider>),
    Staff(Box<StaffMember>),
}

pub enum Overlay {
    Detail {
        detail: Detail,
        scroll: u16,
    },
    Form(Box<Form>),
    Confirm(Confirm),
    Help {
        scroll: u16,
    },
    DraftOffer(Draft),
    /// One board cell's ledger rows.
    History {
        title: String,
        rows: Vec<EventRow>,
    },
    /// The month's paper (FAX/post) batch: providers not on the exchange.
    Batch {
        selected: usize,
    },
    /// What the last exchange import did.
    ImportSummary(Box<Summary>),
    /// One provider's enrollment: observations, outreach log, talking points.
    EnrollmentProvider {
        provider_id: i64,
        scroll: u16,
    },
    /// The office's own exchange status, settings and warnings; scrolled by `scroll` lines.
    EnrollmentOffice {
        scroll: u16,
    },
    /// Unknown clients and differing values left by imports.
    Reviews {
        items: Vec<Review>,
        selected: usize,
    },
    /// What a move-in (careplan migrate) left for a person to review.
    MoveIn {
        items: Vec<crate::store::migration_reviews::StoredReview>,
        selected: usize,
    },
    /// A client's, staff member's or provider's records, to correct or withdraw.
    Corrections(Box<super::room_state::Corrections>),
    /// The 特定事業所集中減算 worksheet of a period (`Model::concentration`), over 件数.
    Concentration,
    /// The office's business calendar, 体制 and 特定事業所加算 check (`Model::office_system`).
    OfficeSystem,
    /// One client's case record (支援経過).
    CaseRecord(Box<super::room_state::CaseRecord>),
    /// A plan revision's process steps, over the client's record.
    PlanSteps(Box<super::room_state::PlanStepsRoom>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConfirmAction {
    DiscardForm,
    DeleteProvider {
        id: i64,
        version: i64,
    },
    AcceptCheckDigit(String),
    /// Save the open form now that the user confirmed what it does.
    SubmitForm,
    /// Record these ledger rows (a bulk mark or a withdrawal, once confirmed).
    Record(Vec<NewEvent>),
    /// Save this once confirmed (e.g. leaving a provider out of a month).
    Save(Box<Submission>),
    /// A plan form with a consent date still says 同意待ち: `y` makes it 確定 and saves, `n`
    /// saves it as typed, `Esc` goes back to the form.
    ConsentGiven,
    /// After 加入済み was recorded: switch the provider to 連携 and close its follow-up.
    CompleteEnrollment(crate::store::enrollment::FollowThrough),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub action: ConfirmAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Severity {
    Info,
    Error,
}

/// The 件数 screen: which month, filters, the what-if, and the figures computed from them.
#[derive(Debug, Default)]
pub struct CaseloadView {
    pub month: NaiveDate,
    pub band_filter: Option<Band>,
    pub care_manager_filter: Option<i64>,
    pub what_if: WhatIf,
    pub list: ListState,
    /// The month as recorded (shared with ホーム's when it is this month's: one copy of every
    /// client's figures), and (with a what-if) as it would be.
    pub actual: Option<std::sync::Arc<Caseload>>,
    pub what_if_result: Option<Caseload>,
    /// The three months after `month`, from what is recorded (no what-if).
    pub forecast: Vec<ForecastMonth>,
    /// The 運営基準減算 at risk in `month` (read from the case record with the monitoring).
    pub at_risk: Option<crate::store::compliance::Total>,
    /// What the month's records add to its money (shown when its month is `month`).
    pub money: Option<crate::domain::month_money::Inputs>,
    /// The whole head shown (`v`), the list left its least; otherwise the head gives way to
    /// the list.
    pub full_head: bool,
}

/// A row of 件数's client list: a counted care client, a support client (counted with the
/// weight) or a client not counted (with the reason); indices into `shown()`'s lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseloadRow {
    Care(usize),
    Support(usize),
    NotCounted(usize),
}

impl CaseloadView {
    /// The figures on screen: the what-if's when one is set.
    pub fn shown(&self) -> Option<&Caseload> {
        self.what_if_result.as_ref().or(self.actual.as_deref())
    }
    /// Rows of the client list after the filters: the care clients in band order, then (with no
    /// band chosen) the support clients and those not counted.
    pub fn visible(&self) -> Vec<CaseloadRow> {
        let Some(c) = self.shown() else {
            return Vec::new();
        };
        let cm = |x: Option<i64>| self.care_manager_filter.is_none_or(|m| x == Some(m));
        let mut rows: Vec<CaseloadRow> = c
            .clients
            .iter()
            .enumerate()
            .filter(|(_, x)| self.band_filter.is_none_or(|b| x.band == b))
            .filter(|(_, x)| cm(x.care_manager))
            .map(|(i, _)| CaseloadRow::Care(i))
            .collect();
        if self.band_filter.is_none() {
            rows.extend(
                c.support
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| cm(x.care_manager))
                    .map(|(i, _)| CaseloadRow::Support(i)),
            );
            rows.extend(
                c.not_counted
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| cm(x.care_manager))
                    .map(|(i, _)| CaseloadRow::NotCounted(i)),
            );
        }
        rows
    }
}

/// Which providers the 加入 list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EnrollmentFilter {
    #[default]
    All,
    /// Everyone not (yet) enrolled.
    NotEnrolled,
    Status(ProviderStatus),
    /// Where the status came from.
    Source(Source),
    /// Status last confirmed more than `STALE_DAYS` ago (or never).
    Stale,
    /// A follow-up on or before today.
    FollowUpDue,
    /// Schedules go to them on paper / through the exchange.
    Paper,
    Exchange,
}

/// A status older than this is worth confirming again.
pub const STALE_DAYS: i64 = 180;

/// The 加入 list's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EnrollmentSort {
    /// The ask-first ranking (enrolled ones after it).
    #[default]
    AskFirst,
    Clients,
    Status,
    Age,
    FollowUp,
    Source,
    Channel,
    Name,
}

/// The 加入 screen: every provider's enrollment, the outreach pipeline and coverage.
#[derive(Debug, Default)]
pub struct EnrollmentView {
    pub loaded: bool,
    pub rows: Vec<ProviderEnrollment>,
    pub coverage: Coverage,
    pub office: OfficeExchange,
    pub office_history: Vec<crate::store::enrollment::StatusRow>,
    /// The exchange's move to the WEB service (the calendar in force).
    pub move_on: Option<NaiveDate>,
    pub filter: EnrollmentFilter,
    pub sort: EnrollmentSort,
    pub list: ListState,
}

impl EnrollmentView {
    /// Re-applies the filter and the order.
    pub fn refilter(&mut self, today: NaiveDate) {
        let keep = |r: &ProviderEnrollment| match self.filter {
            EnrollmentFilter::All => true,
            EnrollmentFilter::NotEnrolled => !r.is_enrolled(),
            EnrollmentFilter::Status(s) => r.status().unwrap_or(ProviderStatus::Unknown) == s,
            EnrollmentFilter::Source(s) => r.current.as_ref().is_some_and(|o| o.source == s),
            EnrollmentFilter::Stale => r
                .current
                .as_ref()
                .is_none_or(|o| (today - o.observed_on).num_days() > STALE_DAYS),
            EnrollmentFilter::FollowUpDue => r.next_follow_up.is_some_and(|d| d <= today),
            EnrollmentFilter::Paper => r.channel != Channel::Exchange,
            EnrollmentFilter::Exchange => r.channel == Channel::Exchange,
        };
        let mut idx: Vec<usize> = (0..self.rows.len())
            .filter(|&i| keep(&self.rows[i]))
            .collect();
        let rank: std::collections::HashMap<i64, usize> = ask_first_rows(&self.rows)
            .iter()
            .enumerate()
            .map(|(i, r)| (r.provider_id, i))
            .collect();
        let rows = &self.rows;
        let age = |r: &ProviderEnrollment| {
            r.current
                .as_ref()
                .map(|o| (today - o.observed_on).num_days())
                .unwrap_or(i64::MAX)
        };
        match self.sort {
            EnrollmentSort::AskFirst => idx.sort_by_key(|&i| {
                (
                    rank.get(&rows[i].provider_id)
                        .copied()
                        .unwrap_or(usize::MAX),
                    i,
                )
            }),
            EnrollmentSort::Clients => {
                idx.sort_by_key(|&i| (std::cmp::Reverse(rows[i].active_clients), i))
            }
            EnrollmentSort::Status => {
                idx.sort_by_key(|&i| (rows[i].status().unwrap_or(ProviderStatus::Unknown), i))
            }
            EnrollmentSort::Age => idx.sort_by_key(|&i| (std::cmp::Reverse(age(&rows[i])), i)),
            EnrollmentSort::FollowUp => {
                idx.sort_by_key(|&i| (rows[i].next_follow_up.is_none(), rows[i].next_follow_up, i))
            }
            EnrollmentSort::Source => {
                idx.sort_by_key(|&i| (rows[i].current.as_ref().map(|o| o.source), i))
            }
            EnrollmentSort::Channel => idx.sort_by_key(|&i| (rows[i].channel.code(), i)),
            EnrollmentSort::Name => {}
        }
        self.list.visible = idx;
        self.list.selected = self
            .list
            .selected
            .min(self.list.visible.len().saturating_sub(1));
    }

    pub fn selected(&self) -> Option<&ProviderEnrollment> {
        self.list
            .visible
            .get(self.list.selected)
            .and_then(|&i| self.rows.get(i))
    }
}

/// Which board rows to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BoardFilter {
    #[default]
    All,
    NotSent,
    ActualsMissing,
}

/// The 計画・送付 board: a month's clients × their providers, with what went and came back.
#[derive(Debug, Default)]
pub struct BoardView {
    pub month: NaiveDate,
    /// The month `rows` hold (None until first loaded).
    pub loaded: Option<NaiveDate>,
    pub rows: Vec<BoardRow>,
    pub filter: BoardFilter,
    pub care_manager_filter: Option<i64>,
    /// Channel for the next marks; None = each provider's preferred one.
    pub channel: Option<Channel>,
    pub list: ListState,
    /// Selected cell within the selected row.
    pub col: usize,
    /// Cells show the channel and date of their latest mark instead of the provider's name.
    pub show_dates: bool,
    /// Totals over all rows, kept with the rows (not recounted per frame).
    pub counts: BoardCounts,
    /// The client whose row the board selects once its month is loaded (opened from the
    /// client's detail).
    pub focus_client: Option<i64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BoardCounts {
    pub cells: usize,
    pub sent: usize,
    pub received: usize,
    pub overdue: usize,
}

impl BoardView {
    /// Recounts the totals and the rows shown: after a load, a mark or a filter change.
    pub fn refilter(&mut self, today: NaiveDate, rules: &DeadlineRules) {
        let month = self.month;
        let mut counts = BoardCounts::default();
        for c in self.rows.iter().flat_map(|r| r.cells.iter()) {
            counts.cells += 1;
            counts.sent += usize::from(c.marks.sent.is_some());
            match c.marks.state(month, today, rules) {
                CellState::Received => counts.received += 1,
                CellState::ActualsOverdue => counts.overdue += 1,
                _ => {}
            }
        }
        self.counts = counts;
        let keep = |r: &BoardRow| match self.filter {
            BoardFilter::All => true,
            BoardFilter::NotSent => r.cells.iter().any(|c| c.marks.sent.is_none()),
            BoardFilter::ActualsMissing => r.cells.iter().any(|c| {
                c.marks.actuals.is_none()
                    && c.marks.state(month, today, rules) != CellState::Received
            }),
        };
        self.list.visible = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| keep(r))
            .filter(|(_, r)| {
                self.care_manager_filter
                    .is_none_or(|m| r.care_manager == Some(m))
            })
            .map(|(i, _)| i)
            .collect();
        self.list.selected = self
            .list
            .selected
            .min(self.list.visible.len().saturating_sub(1));
    }
    /// (row index into `rows`, cell index) of the cursor, if it is on a cell.
    pub fn cursor(&self) -> Option<(usize, usize)> {
        let ri = *self.list.visible.get(self.list.selected)?;
        let n = self.rows.get(ri)?.cells.len();
        (n > 0).then(|| (ri, self.col.min(n - 1)))
    }
}

/// ホーム's deadline list: which item is selected and the first one drawn.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct HomeView {
    pub selected: usize,
    pub offset: usize,
    /// Only this care manager's items (`c`; kept for the session): their clients' and their
    /// monitoring line.
    pub care_manager: Option<i64>,
    /// Only this kind of item (`f`).
    pub group: crate::domain::deadlines::Group,
}

impl HomeView {
    /// The first item to draw so that the selected one is on screen (`fit` items fit).
    pub fn first_item(&self, fit: usize) -> usize {
        first_row(self.offset, self.selected, fit)
    }
}

pub struct Model {
    pub lang: Lang,
    pub config: Config,
    pub today: NaiveDate,
    /// The time a mark made now is recorded at: the event loop sets it before each key and on
    /// every tick, so `update` never reads the clock.
    pub now: chrono::NaiveDateTime,
    pub tab: Tab,
    pub data: Data,
    pub clients: ListState,
    pub providers: ListState,
    pub staff: ListState,
    pub caseload: CaseloadView,
    pub board: BoardView,
    pub enrollment: EnrollmentView,
    /// The 特定事業所集中減算 view's period and worksheet.
    pub concentration: super::room_state::ConcentrationView,
    /// The office's 体制 panel.
    pub office_system: super::room_state::OfficeSystemView,
    pub monitoring: super::room_state::MonitoringView,
    pub rules: DeadlineRules,
    /// ホーム's deadlines as shown (after its filters), from the ledger's part (loaded after the
    /// first frame) and the clients.
    pub deadlines: Vec<Deadline>,
    /// Every deadline, before ホーム's filters.
    pub deadlines_all: Vec<Deadline>,
    pub home: HomeView,
    pub ledger_deadlines: Option<LedgerDeadlines>,
    /// What the office stands to lose at the exchange's move if not registered (ホーム and the
    /// office panel).
    pub move_risk: Option<crate::domain::exchange_move::MoveRisk>,
    /// The ledger changed since `ledger_deadlines` was read.
    pub deadlines_stale: bool,
    /// An exchange import running on its worker: (files done, files in all).
    pub importing: Option<(usize, usize)>,
    /// This month's figures for ホーム.
    pub home_caseload: Option<std::sync::Arc<Caseload>>,
    pub overlays: Vec<Overlay>,
    pub status: Option<(Severity, String)>,
    /// Rows available for a list body at the last draw (for PageUp/PageDown).
    pub page: usize,
    pub quit: bool,
    /// Something changed since the last draw.
    pub dirty: bool,
    /// Shown after the database name in the title (e.g. "デモ").
    pub title_note: Option<String>,
    /// The database is open read-only: the title says so and every change is refused
    /// (`update`).
    pub read_only: bool,
    /// Nothing is loaded yet: the first frame shows the frame of the screen and says so.
    /// A client whose plan steps open as soon as their record is read (ホーム's 手順未確認).
    pub steps_after_detail: Option<i64>,
    /// A corrections list opened to correct an older stay or 同一建物 period: where its
    /// cursor starts (`ToStays`, `ToSameBuilding`).
    pub corrections_at: Option<super::keymap::Command>,
    /// The tab a screen was opened from by another's Enter (ホーム's deadlines open the
    /// board, a provider's panel, …) and how many windows were open over the screen then:
    /// Esc that closes the window opened (or on the bare screen opened) comes back. A tab
    /// chosen by its key forgets it.
    pub came_from: Option<(Tab, usize)>,
    pub loading: bool,
}

impl Model {
    pub fn new(config: Config, today: NaiveDate) -> Model {
        let rules = config.deadline_rules();
        Model {
            lang: config.language,
            config,
            today,
            now: today.and_time(chrono::NaiveTime::MIN),
            tab: Tab::Home,
            data: Data::default(),
            clients: ListState::default(),
            providers: ListState::default(),
            staff: ListState::default(),
            caseload: CaseloadView {
                month: today.with_day(1).unwrap_or(today),
                ..CaseloadView::default()
            },
            board: BoardView {
                month: (today.with_day(1).unwrap_or(today)) + chrono::Months::new(1),
                ..BoardView::default()
            },
            enrollment: EnrollmentView::default(),
            concentration: Default::default(),
            office_system: Default::default(),
            monitoring: super::room_state::MonitoringView {
                month: today.with_day(1).unwrap_or(today),
                ..Default::default()
            },
            rules,
            deadlines: Vec::new(),
            deadlines_all: Vec::new(),
            home: HomeView::default(),
            ledger_deadlines: None,
            move_risk: None,
            deadlines_stale: true,
            importing: None,
            home_caseload: None,
            overlays: Vec::new(),
            status: None,
            page: 10,
            quit: false,
            dirty: true,
            title_note: None,
            read_only: false,
            loading: true,
            steps_after_detail: None,
            corrections_at: None,
            came_from: None,
        }
    }

    /// The keymap context of what is on top: the topmost window's, else the tab's.
    pub fn context(&self) -> Context {
        match self.overlays.last() {
            Some(Overlay::Detail { .. }) => Context::Detail,
            Some(Overlay::Form(_)) => Context::Form,
            Some(Overlay::Confirm(_) | Overlay::DraftOffer(_)) => Context::Confirm,
            Some(Overlay::Batch { .. }) => Context::Batch,
            Some(Overlay::Reviews { .. }) => Context::Reviews,
            Some(Overlay::MoveIn { .. }) => Context::MoveIn,
            Some(Overlay::Corrections(_)) => Context::Corrections,
            Some(Overlay::Concentration) => Context::Concentration,
            Some(Overlay::OfficeSystem) => Context::OfficeSystem,
            Some(Overlay::CaseRecord(_)) => Context::CaseRecord,
            Some(Overlay::PlanSteps(_)) => Context::PlanSteps,
            Some(Overlay::EnrollmentProvider { .. } | Overlay::EnrollmentOffice { .. }) => {
                Context::Enrollment
            }
            Some(Overlay::Help { .. } | Overlay::History { .. } | Overlay::ImportSummary(_))
            | None => self.tab.context(),
        }
    }

    /// The tab whose screen is shown, for the tab bar: a client's record opened from ホーム is
    /// the clients' screen, a provider's enrollment panel the 加入 tab's (the topmost window
    /// that belongs to a tab; else the tab).
    pub fn shown_tab(&self) -> Tab {
        use super::room_state::Owner;
        self.overlays
            .iter()
            .rev()
            .find_map(|o| match o {
                Overlay::Detail { detail, .. } => Some(match detail {
                    Detail::Client(_) => Tab::Clients,
                    Detail::Provider(_) => Tab::Providers,
                    Detail::Staff(_) => Tab::Office,
                }),
                Overlay::CaseRecord(_) | Overlay::PlanSteps(_) => Some(Tab::Clients),
                Overlay::Corrections(c) => Some(match c.owner {
                    Owner::Client(_) => Tab::Clients,
                    Owner::Staff(_) => Tab::Office,
                    Owner::Provider(_) => Tab::Enrollment,
                }),
                Overlay::EnrollmentProvider { .. } | Overlay::EnrollmentOffice { .. } => {
                    Some(Tab::Enrollment)
                }
                Overlay::Batch { .. } | Overlay::History { .. } => Some(Tab::Board),
                Overlay::Concentration => Some(Tab::Caseload),
                Overlay::OfficeSystem => Some(Tab::Office),
                _ => None,
            })
            .unwrap_or(self.tab)
    }

    /// The open form, if the top overlay is one.
    pub fn form(&self) -> Option<&Form> {
        match self.overlays.last() {
            Some(Overlay::Form(f)) => Some(f),
            _ => None,
        }
    }

    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match self.overlays.last_mut() {
            Some(Overlay::Form(f)) => Some(f),
            _ => None,
        }
    }

    /// Any form with typed input (for drafts on an unexpected exit).
    pub fn unsaved_form(&self) -> Option<&Form> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Form(f) if f.is_modified() => Some(f.as_ref()),
            _ => None,
        })
    }

    pub fn selected_client(&self) -> Option<&ClientSummary> {
        self.clients
            .visible
            .get(self.clients.selected)
            .and_then(|&i| self.data.clients.get(i))
    }

    pub fn selected_provider(&self) -> Option<&Provider> {
        self.providers
            .visible
            .get(self.providers.selected)
            .and_then(|&i| self.data.providers.get(i))
    }

    pub fn selected_staff(&self) -> Option<&StaffMember> {
        self.data.staff.get(self.staff.selected)
    }

    /// ホーム's deadlines (the same function as `careplan deadlines`: `store::home::assemble`)
    /// from the ledger's part and the loaded clients and facts, and the move's risk.
    pub fn recompute_deadlines(&mut self) {
        // Borrowed, not copied: the ledger's part holds every client's plan steps.
        let none = crate::store::home::LedgerDeadlines::default();
        self.deadlines_all = crate::store::home::assemble(
            self.today,
            &self.rules,
            &self.data.clients,
            &self.data.facts,
            self.ledger_deadlines.as_ref().unwrap_or(&none),
        );
        self.move_risk = self.ledger_deadlines.as_ref().and_then(|l| {
            crate::store::home::assemble_move_risk(
                self.today,
                &self.data.facts,
                self.home_caseload.as_deref(),
                l,
            )
        });
        self.refilter_deadlines();
    }

    /// ホーム's list after its filters: the kind of item, and one care manager's items (those
    /// of their clients and their monitoring line; items of the whole office are left out).
    pub fn refilter_deadlines(&mut self) {
        use crate::domain::deadlines::{DeadlineKind, Group};
        let group = self.home.group;
        let cm = self.home.care_manager;
        let cm_name = cm.and_then(|id| {
            self.data
                .staff
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.name.clone())
        });
        let client_cm: std::collections::HashMap<i64, &str> = self
            .data
            .clients
            .iter()
            .filter_map(|c| c.care_manager.as_deref().map(|n| (c.id, n)))
            .collect();
        self.deadlines = self
            .deadlines_all
            .iter()
            .filter(|d| group == Group::All || d.group() == group)
            .filter(|d| match (&cm_name, &d.kind) {
                (None, _) => true,
                (Some(_), DeadlineKind::MonitoringMissing { care_manager, .. }) => {
                    care_manager.as_ref().map(|(id, _)| *id) == cm
                }
                (Some(name), _) => d
                    .client()
                    .is_some_and(|c| client_cm.get(&c.id) == Some(&name.as_str())),
            })
            .cloned()
            .collect();
        let last = self.deadlines.len().saturating_sub(1);
        self.home.selected = self.home.selected.min(last);
    }

    /// Recomputes the caseload figures from the loaded facts (pure and fast: a few ms for
    /// 10,000 clients), for ホーム's month and the 件数 screen's month and what-if.
    pub fn recompute_caseload(&mut self) {
        self.recompute_caseload_figures();
        self.caseload.forecast = Vec::new();
        self.forecast_caseload();
    }

    /// The 件数 screen's three months ahead, from the month's figures already computed (every
    /// load and every change of month computes them): what its first visit adds, without
    /// computing the month once more.
    pub fn forecast_caseload(&mut self) {
        // Three more months of work: only while the 件数 screen shows them (not at start-up).
        if self.tab != Tab::Caseload {
            return;
        }
        self.caseload.forecast = match &self.caseload.actual {
            Some(start) => forecast_from(&self.data.facts, start, 3),
            None => forecast(&self.data.facts, self.caseload.month, 3),
        };
    }

    /// The month's figures and what-if only: what a what-if key changes.
    pub fn recompute_caseload_figures(&mut self) {
        let facts = &self.data.facts;
        let home = match self.data.month_caseload.take() {
            Some(load) if load.month == crate::domain::dates::month_start(self.today) => load,
            _ => std::sync::Arc::new(compute(facts, self.today, &WhatIf::default())),
        };
        let v = &mut self.caseload;
        // The 件数 screen opens on this month: the same figures, not computed twice.
        v.actual = Some(if home.month == v.month {
            home.clone()
        } else {
            std::sync::Arc::new(compute(facts, v.month, &WhatIf::default()))
        });
        self.home_caseload = Some(home);
        v.what_if_result = (!v.what_if.is_none()).then(|| compute(facts, v.month, &v.what_if));
        let n = v.visible().len();
        v.list.selected = v.list.selected.min(n.saturating_sub(1));
        v.list.visible = (0..n).collect();
    }

    /// Recomputes which rows match each list's query and keeps the cursor in range.
    pub fn refilter(&mut self) {
        fn apply(state: &mut ListState, rows: usize, keys: &[String]) {
            let q = search_key(state.query.value());
            state.visible = if q.is_empty() {
                (0..rows).collect()
            } else {
                keys.iter()
                    .enumerate()
                    .filter(|(_, k)| k.contains(&q))
                    .map(|(i, _)| i)
                    .collect()
            };
            state.selected = state.selected.min(state.visible.len().saturating_sub(1));
        }
        if !self.clients.query.value().is_empty() || !self.providers.query.value().is_empty() {
            self.data.ensure_keys();
        }
        apply(
            &mut self.clients,
            self.data.clients.len(),
            &self.data.client_keys,
        );
        apply(
            &mut self.providers,
            self.data.providers.len(),
            &self.data.provider_keys,
        );
        self.monitoring.ensure_keys(&self.data.clients);
        self.monitoring.refilter();
        self.staff.visible = (0..self.data.staff.len()).collect();
        self.staff.selected = self
            .staff
            .selected
            .min(self.data.staff.len().saturating_sub(1));
    }
}

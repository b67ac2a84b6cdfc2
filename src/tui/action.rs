//! What reaches `update` (actions) and what it asks the event loop to do (effects).

use super::form::{FormKind, Submission};
use super::model::{Data, Detail};
use crate::exchange::ingest::Summary;
use crate::store::deliveries::{BoardRow, EventRow, NewEvent};
use crate::store::drafts::Draft;
use crate::store::exchange::Review;
use crate::store::home::LedgerDeadlines;
use crossterm::event::KeyEvent;

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
    /// An observation of 加入済み was saved and something follows from it (the channel still
    /// paper, a follow-up still open): the form closes and one question offers both.
    SavedEnrolled(crate::store::enrollment::FollowThrough),
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
    MoveInLoaded(Vec<crate::store::migration_reviews::StoredReview>),
    EnrollmentLoaded(Box<super::model::EnrollmentView>),
    /// The corrections list of one owner, read afresh.
    CorrectionsLoaded(Box<super::room_state::Corrections>),
    /// The 特定事業所集中減算 worksheet of a period.
    ConcentrationLoaded(Box<crate::domain::concentration::Worksheet>),
    OfficeSystemLoaded(Box<super::room_state::OfficeSystemData>),
    /// One client's case record (支援経過), read afresh.
    CaseRecordLoaded(Box<super::room_state::CaseRecord>),
    /// A month's monitoring and 運営基準減算, read.
    MonitoringLoaded(std::sync::Arc<crate::store::compliance::MonthReport>),
    /// What a month's records add to its caseload's money (同一建物, 加算 candidates, 減算).
    MoneyLoaded(Box<crate::domain::month_money::Inputs>),
    /// A printable file was written here.
    Written(std::path::PathBuf),
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
    /// The client's ターミナル consent and death, as recorded.
    Terminal(i64),
    /// The office's own exchange status and settings.
    OfficeExchange,
    /// One plan revision's status form (after a conflict on it).
    PlanStatusOf {
        client_id: i64,
        plan_id: i64,
    },
    /// From the plan's steps: that revision's dates with today in the consent (`consent`) or
    /// the hand-over date, where it is empty.
    RecordPlanDate {
        client_id: i64,
        plan_id: i64,
        consent: bool,
    },
    /// A record picked in the corrections list.
    Correct(super::record::Record),
    /// The 正当な理由 of a period's service (特定事業所集中減算).
    ConcentrationNote {
        period: crate::domain::concentration::PeriodId,
        service_type: String,
    },
    /// A new case-record entry for this client (a category chosen beforehand, e.g. a
    /// monitoring visit from the monitoring list).
    NewNote {
        client_id: i64,
        category: Option<String>,
        /// The time it opens at (the clock is an input of update).
        at: chrono::NaiveDateTime,
        /// The plan revision it belongs to (a step recorded from the plan's steps).
        plan_id: Option<i64>,
        /// The stay a 加算 entry is about, pre-selected (from ホーム's missing piece).
        stay: Option<i64>,
    },
    /// A correction of this case-record entry: a new entry pre-filled with it.
    CorrectNote(i64),
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
    /// Read the open move-in review items.
    LoadMoveIn,
    /// Mark a move-in review item done (dealt with) or withdrawn (not a problem).
    SettleMoveIn {
        id: i64,
        done: bool,
    },
    LoadEnrollment,
    SettleReview {
        id: i64,
        accept: bool,
    },
    /// Read the records of a client, staff member or provider for the corrections list.
    LoadCorrections(super::room_state::Owner),
    /// Switch an enrolled provider to 連携 and close its follow-up, in one write.
    CompleteEnrollment(crate::store::enrollment::FollowThrough),
    /// Read the 特定事業所集中減算 worksheet of a period (None: the one today is in).
    LoadConcentration(Option<crate::domain::concentration::PeriodId>),
    /// Read the office's calendar, 体制 and the month's 特定事業所加算 check.
    LoadOfficeSystem(chrono::NaiveDate),
    /// Read one client's case record (`history`: with corrected and withdrawn entries).
    LoadCaseRecord {
        client: i64,
        history: bool,
    },
    /// Read a month's monitoring and 運営基準減算.
    LoadMonitoring(chrono::NaiveDate),
    /// Write a printable file (owner-only: it holds personal data) beside the database.
    WritePrintout {
        name: String,
        contents: String,
    },
}

impl Effect {
    /// Whether the effect changes the records (or opens a record to change it): refused in a
    /// read-only session (`update`). Reads and reloads are not.
    pub fn changes_records(&self) -> bool {
        matches!(
            self,
            Effect::OpenEdit(_)
                | Effect::Save(_)
                | Effect::SaveDraft { .. }
                | Effect::DiscardDraft { .. }
                | Effect::Record(_)
                | Effect::ImportExchange(_)
                | Effect::SettleMoveIn { .. }
                | Effect::SettleReview { .. }
                | Effect::CompleteEnrollment(_)
        )
    }
}

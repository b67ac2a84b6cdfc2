//! The states of the rooms the model holds — a list's cursor and search, the case record, the
//! corrections list, the plan steps, the 集中減算 and モニタリング views, a plan form's services list: data and the methods on it
//! alone, no keys, so the model holds them without importing the rooms that handle their keys.

use super::record::Record;
use crate::domain::Lang;
use crate::domain::concentration::PeriodId;
use crate::domain::operating_cut::Reduction;
use crate::domain::search::search_key;
use crate::store::case_notes::Note;
use crate::store::compliance::{ClientMonth, MonthReport};
use chrono::NaiveDate;
use tui_input::Input;

// lists' cursor and search

/// A list's cursor and search.
#[derive(Debug, Default)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
    pub query: Input,
    pub searching: bool,
    /// Indices into the data list that match the query (all when no query).
    pub visible: Vec<usize>,
}

/// The first row to draw so that `selected` is on screen: the last one drawn when possible,
/// else scrolled just enough (`fit` rows fit).
pub fn first_row(offset: usize, selected: usize, fit: usize) -> usize {
    offset
        .min(selected)
        .max((selected + 1).saturating_sub(fit.max(1)))
}

impl ListState {
    pub fn first_row(&self, fit: usize) -> usize {
        first_row(self.offset, self.selected, fit)
    }
}

// 訂正・取り消し

/// Whose records the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Client(i64),
    Staff(i64),
    Provider(i64),
}

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub record: Record,
    /// 認定 / 計画 / 担当 …
    pub kind: String,
    /// What the record says, as one line.
    pub line: String,
}

/// The list overlay's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrections {
    pub owner: Owner,
    /// The owner named: client and 被保険者番号, staff member, provider and 事業所番号.
    pub title: String,
    pub items: Vec<Item>,
    pub selected: usize,
}

// 支援経過

/// One entry as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub note: Note,
    /// The category's name in each language.
    pub category: (String, String),
    /// What the search looks in, normalised once.
    pub key: String,
}

impl Entry {
    pub fn category(&self, lang: Lang) -> &str {
        lang.pick(&self.category.0, &self.category.1)
    }
}

/// The overlay's state.
#[derive(Debug)]
pub struct CaseRecord {
    pub client_id: i64,
    /// The client named: name and 被保険者番号.
    pub title: String,
    pub entries: Vec<Entry>,
    /// Corrected and withdrawn entries are listed too (marked).
    pub history: bool,
    /// The entry under the cursor takes the screen (its whole text), the list a few rows.
    pub full: bool,
    pub list: ListState,
}

impl CaseRecord {
    /// Recomputes which entries the search shows; keeps the cursor on the same entry when
    /// it is still shown, else on the newest.
    pub fn refilter(&mut self) {
        let keep = self
            .list
            .visible
            .get(self.list.selected)
            .map(|&i| self.entries[i].note.id);
        let q = search_key(self.list.query.value().trim());
        self.list.visible = (0..self.entries.len())
            .filter(|&i| q.is_empty() || self.entries[i].key.contains(&q))
            .collect();
        self.list.selected = keep
            .and_then(|id| {
                self.list
                    .visible
                    .iter()
                    .position(|&i| self.entries[i].note.id == id)
            })
            .unwrap_or(self.list.visible.len().saturating_sub(1));
    }

    pub fn selected(&self) -> Option<&Entry> {
        self.list
            .visible
            .get(self.list.selected)
            .and_then(|&i| self.entries.get(i))
    }
}

// 計画の手順

/// Which revision of the client's record is shown, and the row under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStepsRoom {
    pub client_id: i64,
    /// The revision's plan id (kept across reloads: the list's order may change).
    pub plan_id: i64,
    pub selected: usize,
}

// 特定事業所集中減算

/// What the view shows: the period asked for and its worksheet once read.
#[derive(Debug, Default)]
pub struct ConcentrationView {
    /// None: the period today is in (the store knows which).
    pub period: Option<PeriodId>,
    pub worksheet: Option<crate::domain::concentration::Worksheet>,
    /// The service under the cursor (index into the worksheet's services).
    pub selected: usize,
}

// 事業所の体制

/// The office's 体制 panel (`t` on 職員・事業所): the month its 特定事業所加算 check is for,
/// the scroll, and what was read.
#[derive(Debug, Default)]
pub struct OfficeSystemView {
    /// None until opened (then this month).
    pub month: Option<NaiveDate>,
    pub scroll: u16,
    pub data: Option<Box<OfficeSystemData>>,
}

/// What the panel shows, as read from the store.
#[derive(Debug, Clone)]
pub struct OfficeSystemData {
    pub month: NaiveDate,
    pub hours: Vec<crate::store::business_calendar::Hours>,
    /// The dated closed and open days standing.
    pub days: Vec<crate::store::business_calendar::Days>,
    pub periods: Vec<(&'static str, Vec<crate::domain::caseload::Period>)>,
    /// The month's check (None: the rules table gives no conditions).
    pub check: Option<crate::domain::tokutei::Check>,
}

// モニタリング

/// The screen's state: the month, its report as read, the filters and the cursor.
#[derive(Debug, Default)]
pub struct MonitoringView {
    pub month: NaiveDate,
    /// Shared with the month the session keeps (`effects::Runner`), not a copy of it.
    pub report: Option<std::sync::Arc<MonthReport>>,
    /// Only the clients whose month fails (missing, or a video not allowed).
    pub only_failing: bool,
    pub care_manager: Option<i64>,
    /// `visible`: indices into the report's clients, by care manager, failing first; its
    /// query (`/`) narrows them by name, kana or number.
    pub list: ListState,
    /// Client id → what `/` searches (name, kana, insured number), built at the first search
    /// of a month read (`ensure_keys`), not when it is shown.
    pub keys: std::collections::HashMap<i64, String>,
}

impl MonitoringView {
    /// Builds the search keys of the month's clients when a query needs them and they are not
    /// built yet: normalising every client's name is a third of a first visit's work, and most
    /// visits never search.
    pub fn ensure_keys(&mut self, clients: &[crate::store::clients::ClientSummary]) {
        let Some(r) = &self.report else {
            return;
        };
        if !self.keys.is_empty() || self.list.query.value().trim().is_empty() {
            return;
        }
        let kana: std::collections::HashMap<i64, &str> =
            clients.iter().map(|c| (c.id, c.kana.as_str())).collect();
        self.keys = r
            .clients
            .iter()
            .map(|c| {
                let k = kana.get(&c.client_id).copied().unwrap_or_default();
                (
                    c.client_id,
                    search_key(&format!(
                        "{} {k} {} {}",
                        c.name, c.insured_number, c.insurer_number
                    )),
                )
            })
            .collect();
    }

    /// Recomputes the rows shown (filters, order) and keeps the cursor in range.
    pub fn refilter(&mut self) {
        let Some(r) = &self.report else {
            self.list.visible.clear();
            return;
        };
        let q = search_key(self.list.query.value());
        let mut rows: Vec<usize> = (0..r.clients.len())
            .filter(|&i| {
                let c = &r.clients[i];
                (!self.only_failing || c.monitoring.fails || c.cut.reduction != Reduction::None)
                    && self
                        .care_manager
                        .is_none_or(|id| c.care_manager_id == Some(id))
                    && (q.is_empty() || self.keys.get(&c.client_id).is_some_and(|k| k.contains(&q)))
            })
            .collect();
        // Compared borrowed: a key of copies would copy three strings per comparison.
        let key = |i: usize| {
            let c = &r.clients[i];
            (
                c.care_manager.as_deref().unwrap_or_default(),
                !c.monitoring.fails,
                &*c.insurer_number,
                &*c.insured_number,
            )
        };
        rows.sort_by(|&a, &b| key(a).cmp(&key(b)));
        self.list.visible = rows;
        self.list.selected = self
            .list
            .selected
            .min(self.list.visible.len().saturating_sub(1));
    }

    pub fn selected(&self) -> Option<&ClientMonth> {
        let r = self.report.as_ref()?;
        self.list
            .visible
            .get(self.list.selected)
            .and_then(|&i| r.clients.get(i))
    }

    /// The care managers of the month's clients, in the list's order.
    pub(super) fn care_managers(&self) -> Vec<i64> {
        let mut ids: Vec<(std::sync::Arc<str>, i64)> = self
            .report
            .iter()
            .flat_map(|r| r.clients.iter())
            .filter_map(|c| Some((c.care_manager.clone()?, c.care_manager_id?)))
            .collect();
        ids.sort();
        ids.dedup();
        ids.into_iter().map(|(_, id)| id).collect()
    }
}

// The plan form's services list

/// What the services list is doing while its field has focus.
#[derive(Debug, Clone, Default)]
pub struct Editor {
    /// The highlighted line.
    pub selected: usize,
    pub step: Option<Step>,
}

/// One step of adding or changing a line (`editing` = the line being changed), or the
/// question before removing one.
#[derive(Debug, Clone)]
pub enum Step {
    Provider {
        editing: Option<usize>,
        typed: String,
        pick: usize,
    },
    Type {
        editing: Option<usize>,
        office: String,
        at: usize,
        /// A type the provider has not registered was chosen: y/n first.
        asking: bool,
    },
    Frequency {
        editing: Option<usize>,
        office: String,
        code: String,
        input: Input,
    },
    Remove(usize),
    /// The line would repeat a service already listed (same provider and type): y/n first.
    Duplicate {
        editing: Option<usize>,
        line: Line,
    },
}

/// One service as the field holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub office: String,
    pub code: String,
    pub frequency: String,
}

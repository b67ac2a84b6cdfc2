//! The plan's process steps (運営基準 第13条; what 運営基準減算 looks at, see the compliance
//! notes §1): for each plan revision, which steps the records prove and which they do not.
//!
//! careplan only shows what the records do not prove; it never decides a 減算 for billing.
//!
//! The rules, each in one place here (the screen, the CLI and the report call them):
//!
//! - **Window.** A case-record entry linked to a revision (`plan_id`) counts for that revision
//!   whatever its date. An entry linked to no revision counts for a revision when it is dated in
//!   the revision's window: after the previous revision's process ended (the day after its
//!   consent date, or after its plan date when it has none; drafts are not previous revisions)
//!   and not more than `WINDOW_MONTHS` (3) months before the plan date. An entry linked to another
//!   revision never counts for this one.
//! - **Assessment** (アセスメント訪問): an entry counting as assessment, linked, or unlinked and
//!   dated in the window up to the plan date.
//! - **Meeting** (サービス担当者会議): an entry counting as meeting, or an inquiry (照会) whose
//!   reason is written (why a meeting could not be held); linked, or unlinked and dated in the
//!   window up to the consent date (any later date while there is no consent). An inquiry without
//!   a reason proves nothing; it is reported so the reason can be added.
//! - **Consent**: the revision's consent date. **Hand-over to the client**: its handed date.
//! - **Hand-over to the providers**: every provider of the revision's service lines has a `plan`
//!   event in the delivery ledger for this plan date that no later withdrawal took back. A
//!   revision without service lines has no provider to hand it to (nothing missing).
//! - The hand-overs follow the consent: while a revision has no consent, the consent is what is
//!   missing and the hand-overs are still to do.
//! - **Renewal / 区分変更.** A certified certification that follows an earlier certified one
//!   (更新認定) or is marked 区分変更 needs a meeting (or an inquiry with its reason) dated from its
//!   start or its certification date, whichever is earlier, until the next certification starts
//!   (or it ends). Only certifications starting on or after the first live revision's period
//!   count (before that the office did not hold the client's plan). The requirement is attached
//!   to the revision in force when the certification starts (else the latest live revision) and
//!   counts as missing from the certification's start.
//! - **When a step counts as missing.** A draft is never failing: its steps are to do. Another
//!   revision's absent steps count as missing from the day it first governs the services: its
//!   period start, or the first day of the first month it is in force (`plan::in_force`) when
//!   that is later (a revision awaiting consent while a confirmed one still covers the month
//!   is not yet in force). Before that day they are to do; a revision never in force is never
//!   failing. A step found later clears it (lateness is not judged here).
//! - **History kept elsewhere.** A revision made before the office's 記録開始日 (its plan date
//!   earlier), and a renewal or 区分変更 starting before it, was handled on paper or in another
//!   system: its steps not found here are 導入前（記録なし）, never missing — unless it is still
//!   waiting for consent (that is today's work). A revision whose steps
//!   the office checked on its paper records (an entry counting as `paper_check` linked to it)
//!   has every step proven.
//! - **The month view.** For a month, what matters is the revision in force in it and the
//!   revisions made in it (their plan steps), and the renewals and 区分変更 whose certification
//!   covers the month.

use super::Lang;
use super::care_level::CertStatus;
use super::case_record::CountsAs;
use super::dates::{month_end, month_start};
use super::plan::{PlanDates, PlanStatus, in_force};
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many months before its plan date an unlinked entry may be to count for a revision.
pub const WINDOW_MONTHS: u32 = 3;

/// A process step the records do not prove; `operating_cut::Failure::Step` carries it beside
/// the monthly monitoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    Assessment,
    Meeting,
    Consent,
    HandoverClient,
    HandoverProvider,
}

impl Failure {
    pub const ALL: [Failure; 5] = [
        Failure::Assessment,
        Failure::Meeting,
        Failure::Consent,
        Failure::HandoverClient,
        Failure::HandoverProvider,
    ];

    /// The code in JSON (`careplan plans steps`).
    pub fn code(self) -> &'static str {
        match self {
            Failure::Assessment => "assessment",
            Failure::Meeting => "meeting",
            Failure::Consent => "consent",
            Failure::HandoverClient => "handover_client",
            Failure::HandoverProvider => "handover_provider",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Failure::Assessment => lang.pick("アセスメント", "assessment"),
            Failure::Meeting => lang.pick("担当者会議", "care conference"),
            Failure::Consent => lang.pick("同意", "consent"),
            Failure::HandoverClient => lang.pick("本人への交付", "hand-over to client"),
            Failure::HandoverProvider => lang.pick("事業所への交付", "hand-over to providers"),
        }
    }
}

/// Absent steps, each with the first day it counts as missing (days still ahead included).
pub type Absences = Vec<(Failure, NaiveDate)>;

/// The steps named in one line, in the order given (`担当者会議・同意`).
pub fn labels(steps: &[Failure], lang: Lang) -> String {
    let sep = lang.pick("・", ", ");
    steps
        .iter()
        .map(|s| s.label(lang))
        .collect::<Vec<_>>()
        .join(sep)
}

/// One plan revision as the rules need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub id: i64,
    pub dates: PlanDates,
    pub consent_date: Option<NaiveDate>,
    pub handed_date: Option<NaiveDate>,
    /// The providers of its service lines (any order, repeats allowed).
    pub providers: Vec<i64>,
}

/// One entry of the case record that stands (neither corrected nor withdrawn).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub date: NaiveDate,
    /// What the entry's category proves on its date.
    pub counts_as: CountsAs,
    pub plan_id: Option<i64>,
    /// A reason is written (for an inquiry: why no meeting was held).
    pub has_reason: bool,
}

impl Entry {
    /// Proves a meeting: a meeting, or an inquiry with its reason.
    fn proves_meeting(&self) -> bool {
        self.counts_as == CountsAs::Meeting
            || (self.counts_as == CountsAs::Inquiry && self.has_reason)
    }
}

/// One certification not withdrawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Cert {
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub certified_on: Option<NaiveDate>,
    pub status: CertStatus,
    pub change_of_level: bool,
}

/// One `plan` event of the delivery ledger, or its withdrawal.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanEvent {
    pub provider_id: i64,
    pub plan_date: NaiveDate,
    /// The local day it happened.
    pub on: NaiveDate,
    pub withdrawal: bool,
}

/// Which provider holds which plan date, and since when: the ledger's plan events folded in the
/// order they happened (a withdrawal takes the plan back; sending it again gives it back).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Handovers(BTreeMap<(i64, NaiveDate), NaiveDate>);

impl Handovers {
    /// Folds one client's events, given in the order they happened.
    pub fn fold<'a>(events: impl IntoIterator<Item = &'a PlanEvent>) -> Handovers {
        // One client's few plans: a B-tree without hashing is quicker than a hash map here.
        let mut held = BTreeMap::new();
        for e in events {
            let key = (e.provider_id, e.plan_date);
            if e.withdrawal {
                held.remove(&key);
            } else {
                held.entry(key).or_insert(e.on);
            }
        }
        Handovers(held)
    }

    /// The day the provider got the plan of `plan_date` (and still holds it).
    pub fn get(&self, provider_id: i64, plan_date: NaiveDate) -> Option<NaiveDate> {
        self.0.get(&(provider_id, plan_date)).copied()
    }
}

/// A meeting found for a revision: its date, and whether it was an inquiry (照会) instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Meeting {
    pub on: NaiveDate,
    pub by_inquiry: bool,
}

/// Why a certification needs a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertChange {
    /// 更新認定.
    Renewal,
    /// 区分変更認定.
    ChangeOfLevel,
}

impl CertChange {
    pub fn code(self) -> &'static str {
        match self {
            CertChange::Renewal => "renewal",
            CertChange::ChangeOfLevel => "change_of_level",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CertChange::Renewal => lang.pick("更新認定", "renewal"),
            CertChange::ChangeOfLevel => lang.pick("区分変更", "change of level"),
        }
    }
}

/// A renewal or 区分変更 and the meeting held after it (None: not on record).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertMeeting {
    pub change: CertChange,
    pub valid_from: NaiveDate,
    /// The last day a meeting counts for it (None: open).
    pub until: Option<NaiveDate>,
    pub meeting: Option<Meeting>,
    /// Starts before the office's 記録開始日: a meeting not found here is kept elsewhere.
    pub before_records: bool,
}

impl CertMeeting {
    /// The certification is in force during some of `month`.
    fn covers(&self, month: NaiveDate) -> bool {
        self.valid_from <= month_end(month) && self.until.is_none_or(|u| u >= month_start(month))
    }
}

/// One revision's steps: what was found (with its date) and from when an absent one counts
/// as missing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevisionSteps {
    pub plan_id: i64,
    #[serde(skip)]
    pub dates: PlanDates,
    pub assessment: Option<NaiveDate>,
    pub meeting: Option<Meeting>,
    /// An inquiry without a reason found where a meeting was looked for (it proves nothing).
    pub inquiry_without_reason: Option<NaiveDate>,
    pub consent: Option<NaiveDate>,
    pub handover_client: Option<NaiveDate>,
    /// The last provider's hand-over, once every provider has it (None also when the revision
    /// has no provider: then nothing is missing).
    pub handover_provider: Option<NaiveDate>,
    /// Providers of the revision without its plan in the ledger.
    pub providers_lacking: Vec<i64>,
    /// Providers of the revision holding its plan, with the day each got it.
    pub providers_handed: Vec<(i64, NaiveDate)>,
    /// Renewals and 区分変更 attached to this revision.
    pub certifications: Vec<CertMeeting>,
    /// From this day an absent step counts as missing (None: a draft or never in force).
    pub due: Option<NaiveDate>,
    /// Made before the office's 記録開始日: steps not found here are kept elsewhere.
    pub before_records: bool,
    /// The day the office recorded checking its steps on paper (every step proven).
    pub paper_checked: Option<NaiveDate>,
}

impl RevisionSteps {
    /// The revision's own steps not found, in the order of the process (none once they were
    /// checked on paper).
    pub fn not_found(&self) -> Vec<Failure> {
        let mut out = Vec::new();
        if self.paper_checked.is_some() {
            return out;
        }
        if self.assessment.is_none() {
            out.push(Failure::Assessment);
        }
        if self.meeting.is_none() {
            out.push(Failure::Meeting);
        }
        if self.consent.is_none() {
            out.push(Failure::Consent);
        }
        if self.handover_client.is_none() {
            out.push(Failure::HandoverClient);
        }
        if !self.providers_lacking.is_empty() {
            out.push(Failure::HandoverProvider);
        }
        out
    }

    /// The plan's own absent steps with the day each counts as missing from (a draft's and a
    /// revision's never in force: none).
    fn own_absences(&self) -> Vec<(Failure, NaiveDate)> {
        let Some(due) = self.due else {
            return Vec::new();
        };
        if self.before_records {
            return Vec::new();
        }
        let handover =
            |f: &Failure| matches!(f, Failure::HandoverClient | Failure::HandoverProvider);
        self.not_found()
            .into_iter()
            .filter(|f| self.consent.is_some() || !handover(f))
            .map(|f| (f, due))
            .collect()
    }

    /// Every absent step with the day it counts as missing from: the plan's own, and a meeting
    /// after each renewal or 区分変更 attached to it.
    pub fn absences(&self) -> Vec<(Failure, NaiveDate)> {
        let mut out = self.own_absences();
        out.extend(
            self.certifications
                .iter()
                .filter(|c| self.lacks_meeting_after(c))
                .map(|c| (Failure::Meeting, c.valid_from)),
        );
        out
    }

    /// A renewal or 区分変更 attached here still lacks its meeting (not found, not before the
    /// records, not checked on paper).
    pub fn lacks_meeting_after(&self, c: &CertMeeting) -> bool {
        c.meeting.is_none() && !c.before_records && self.paper_checked.is_none()
    }

    /// Steps not found that are history kept elsewhere (before 記録開始日), in process order.
    pub fn before_records_steps(&self) -> Vec<Failure> {
        let mut out = if self.before_records {
            self.not_found()
        } else {
            Vec::new()
        };
        if self.paper_checked.is_none()
            && self
                .certifications
                .iter()
                .any(|c| c.meeting.is_none() && c.before_records)
        {
            out.push(Failure::Meeting);
        }
        out.sort();
        out.dedup();
        out
    }

    /// The steps missing on `today` (once each, in the order of the process).
    pub fn missing(&self, today: NaiveDate) -> Vec<Failure> {
        missing_of(&self.absences(), today)
    }

    /// The steps not found that do not count as missing yet (to do).
    pub fn to_do(&self, today: NaiveDate) -> Vec<Failure> {
        let missing = self.missing(today);
        let own = if self.before_records {
            Vec::new()
        } else {
            self.not_found()
        };
        let mut out: Vec<Failure> = own
            .into_iter()
            .chain(
                self.certifications
                    .iter()
                    .filter(|c| self.lacks_meeting_after(c))
                    .map(|_| Failure::Meeting),
            )
            .filter(|f| !missing.contains(f))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The first day a step missing on `today` counts from.
    pub fn since(&self, today: NaiveDate) -> Option<NaiveDate> {
        since_of(&self.absences(), today)
    }
}

/// The failures of `absences` on `today`, once each, in the order of the process.
pub fn missing_of(absences: &[(Failure, NaiveDate)], today: NaiveDate) -> Vec<Failure> {
    let mut out: Vec<Failure> = absences
        .iter()
        .filter(|(_, due)| *due <= today)
        .map(|(f, _)| *f)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The earliest day among `absences` that counts as missing on `today`.
pub fn since_of(absences: &[(Failure, NaiveDate)], today: NaiveDate) -> Option<NaiveDate> {
    absences
        .iter()
        .map(|(_, due)| *due)
        .filter(|due| *due <= today)
        .min()
}

/// The first day a unlinked entry may be dated to count for revision `r`.
fn window_start(revisions: &[Revision], r: &Revision) -> NaiveDate {
    let plan_date = r.dates.plan_date;
    let earliest = plan_date
        .checked_sub_months(Months::new(WINDOW_MONTHS))
        .unwrap_or(plan_date);
    let previous = revisions
        .iter()
        .filter(|p| p.dates.status != PlanStatus::Draft && p.dates.plan_date < plan_date)
        .max_by_key(|p| p.dates.plan_date);
    let after_previous = previous
        .map(|p| p.consent_date.unwrap_or(p.dates.plan_date))
        .and_then(|d| d.checked_add_days(Days::new(1)));
    after_previous
        .map_or(earliest, |d| d.max(earliest))
        .min(plan_date)
}

/// The day a revision's absent steps start to count as missing: when it first governs the
/// services (see the module's rules).
fn due(all: &[PlanDates], i: usize) -> Option<NaiveDate> {
    let p = all.get(i)?;
    if p.status == PlanStatus::Draft {
        return None;
    }
    let mut month = month_start(p.period_from);
    // A period is at most a few years; the bound only guards a mistyped one.
    for _ in 0..120 {
        if month > p.period_to {
            return None;
        }
        if in_force(all, month) == Some(i) {
            return Some(month.max(p.period_from));
        }
        month = month + Months::new(1);
    }
    None
}

/// The latest date of the entries that `pick` accepts, preferring those linked to `plan_id`
/// over unlinked ones dated in `from..=to`.
fn find(
    entries: &[Entry],
    plan_id: i64,
    from: NaiveDate,
    to: Option<NaiveDate>,
    pick: impl Fn(&Entry) -> bool,
) -> Option<&Entry> {
    let linked = entries
        .iter()
        .filter(|e| e.plan_id == Some(plan_id) && pick(e))
        .max_by_key(|e| e.date);
    linked.or_else(|| {
        entries
            .iter()
            .filter(|e| e.plan_id.is_none() && e.date >= from && to.is_none_or(|t| e.date <= t))
            .filter(|e| pick(e))
            .max_by_key(|e| e.date)
    })
}

/// Every revision's steps for one client, in the order of `revisions`.
pub fn client_steps(
    revisions: &[Revision],
    entries: &[Entry],
    certs: &[Cert],
    handovers: &Handovers,
) -> Vec<RevisionSteps> {
    client_steps_since(revisions, entries, certs, handovers, None)
}

/// `client_steps` for an office keeping its records in careplan since `records_since`
/// (記録開始日; None: not set, everything is judged).
pub fn client_steps_since(
    revisions: &[Revision],
    entries: &[Entry],
    certs: &[Cert],
    handovers: &Handovers,
    records_since: Option<NaiveDate>,
) -> Vec<RevisionSteps> {
    let before_records = |d: NaiveDate| records_since.is_some_and(|r| d < r);
    let all: Vec<PlanDates> = revisions.iter().map(|r| r.dates).collect();
    let mut out: Vec<RevisionSteps> =
        revisions
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let start = window_start(revisions, r);
                let plan_date = r.dates.plan_date;
                let assessment = find(entries, r.id, start, Some(plan_date), |e| {
                    e.counts_as == CountsAs::Assessment
                })
                .map(|e| e.date);
                let meeting = find(entries, r.id, start, r.consent_date, Entry::proves_meeting)
                    .map(|e| Meeting {
                        on: e.date,
                        by_inquiry: e.counts_as == CountsAs::Inquiry,
                    });
                let inquiry_without_reason = match meeting {
                    Some(_) => None,
                    None => find(entries, r.id, start, r.consent_date, |e| {
                        e.counts_as == CountsAs::Inquiry
                    })
                    .map(|e| e.date),
                };
                let mut providers = r.providers.clone();
                providers.sort_unstable();
                providers.dedup();
                let handed: Vec<Option<NaiveDate>> = providers
                    .iter()
                    .map(|p| handovers.get(*p, plan_date))
                    .collect();
                let providers_lacking: Vec<i64> = providers
                    .iter()
                    .zip(&handed)
                    .filter(|(_, h)| h.is_none())
                    .map(|(p, _)| *p)
                    .collect();
                let providers_handed: Vec<(i64, NaiveDate)> = providers
                    .iter()
                    .zip(&handed)
                    .filter_map(|(p, h)| h.map(|d| (*p, d)))
                    .collect();
                let handover_provider = if providers_lacking.is_empty() {
                    handed.into_iter().flatten().max()
                } else {
                    None
                };
                RevisionSteps {
                    plan_id: r.id,
                    dates: r.dates,
                    assessment,
                    meeting,
                    inquiry_without_reason,
                    consent: r.consent_date,
                    handover_client: r.handed_date,
                    handover_provider,
                    providers_lacking,
                    providers_handed,
                    certifications: Vec::new(),
                    due: due(&all, i),
                    // A revision still waiting for consent is today's work, whenever it was
                    // made: its steps cannot have been kept elsewhere.
                    before_records: before_records(plan_date)
                        && !matches!(
                            r.dates.status,
                            PlanStatus::Draft | PlanStatus::AwaitingConsent
                        ),
                    paper_checked: entries
                        .iter()
                        .filter(|e| e.plan_id == Some(r.id) && e.counts_as == CountsAs::PaperCheck)
                        .map(|e| e.date)
                        .max(),
                }
            })
            .collect();
    attach_certifications(&mut out, &all, entries, certs, records_since);
    out
}

/// Adds each renewal and 区分変更 to the revision in force when it starts (else the latest
/// live revision), with the meeting found after it.
fn attach_certifications(
    out: &mut [RevisionSteps],
    all: &[PlanDates],
    entries: &[Entry],
    certs: &[Cert],
    records_since: Option<NaiveDate>,
) {
    let live = |p: &&PlanDates| p.status != PlanStatus::Draft;
    let Some(first_live) = all.iter().filter(live).map(|p| p.period_from).min() else {
        return;
    };
    let mut certified: Vec<&Cert> = certs
        .iter()
        .filter(|c| c.status == CertStatus::Certified)
        .collect();
    certified.sort_by_key(|c| c.valid_from);
    for (k, c) in certified.iter().enumerate() {
        let change = if c.change_of_level {
            CertChange::ChangeOfLevel
        } else if k > 0 {
            CertChange::Renewal
        } else {
            continue;
        };
        if c.valid_from < first_live {
            continue;
        }
        let next_start = certified.get(k + 1).and_then(|n| n.valid_from.pred_opt());
        let until = match (next_start, c.valid_to) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let from = c.certified_on.map_or(c.valid_from, |d| d.min(c.valid_from));
        let meeting = entries
            .iter()
            .filter(|e| e.proves_meeting() && e.date >= from && until.is_none_or(|u| e.date <= u))
            .max_by_key(|e| e.date)
            .map(|e| Meeting {
                on: e.date,
                by_inquiry: e.counts_as == CountsAs::Inquiry,
            });
        let target = in_force(all, c.valid_from).or_else(|| {
            all.iter()
                .enumerate()
                .filter(|(_, p)| live(p))
                .max_by_key(|(_, p)| p.plan_date)
                .map(|(i, _)| i)
        });
        if let Some(r) = target.and_then(|i| out.get_mut(i)) {
            r.certifications.push(CertMeeting {
                change,
                valid_from: c.valid_from,
                until,
                meeting,
                before_records: records_since.is_some_and(|r| c.valid_from < r),
            });
        }
    }
}

/// The revisions that matter for `month` (indexes into `steps`) with their absent steps for
/// that month: the revision in force in it and those made in it (their own steps), and the
/// renewals and 区分変更 whose certification covers the month.
pub fn month_view(
    steps: &[RevisionSteps],
    month: NaiveDate,
) -> Vec<(usize, Vec<(Failure, NaiveDate)>)> {
    let all: Vec<PlanDates> = steps.iter().map(|s| s.dates).collect();
    let current = in_force(&all, month);
    let mut out = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let own = current == Some(i) || month_start(s.dates.plan_date) == month_start(month);
        let certs: Vec<&CertMeeting> = s
            .certifications
            .iter()
            .filter(|c| c.covers(month))
            .collect();
        if !own && certs.is_empty() {
            continue;
        }
        let mut absent = if own { s.own_absences() } else { Vec::new() };
        absent.extend(
            certs
                .iter()
                .filter(|c| s.lacks_meeting_after(c))
                .map(|c| (Failure::Meeting, c.valid_from)),
        );
        out.push((i, absent));
    }
    out
}

/// What a month's view says of one client: each failure once with the earliest day it counts
/// from (days after `today` included: they are still to do). Kept as computed, then read for
/// any day with `failures`.
pub fn month_absences(steps: &[RevisionSteps], month: NaiveDate) -> Vec<(Failure, NaiveDate)> {
    let mut out: Vec<(Failure, NaiveDate)> = Vec::new();
    for (_, absent) in month_view(steps, month) {
        for (f, due) in absent {
            match out.iter_mut().find(|(g, _)| *g == f) {
                Some((_, d)) => *d = (*d).min(due),
                None => out.push((f, due)),
            }
        }
    }
    out.sort();
    out
}

/// The client's step failures on `today` from `month_absences`: each failure once with the
/// first month it is not proven from (for the 運営基準減算 view, which adds monitoring).
pub fn failures(absences: &[(Failure, NaiveDate)], today: NaiveDate) -> Vec<(Failure, NaiveDate)> {
    absences
        .iter()
        .filter(|(_, due)| *due <= today)
        .map(|(f, due)| (*f, month_start(*due)))
        .collect()
}

/// One client's step failures for `month` on `today`: `failures(&month_absences(..))`.
pub fn client_failures(
    steps: &[RevisionSteps],
    month: NaiveDate,
    today: NaiveDate,
) -> Vec<(Failure, NaiveDate)> {
    failures(&month_absences(steps, month), today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_before_the_records_are_kept_elsewhere_and_a_paper_check_proves_them() {
        let old = rev(
            1,
            "2024-08-01",
            "2024-08-01",
            "2027-07-31",
            PlanStatus::Confirmed,
        );
        let certs = [
            Cert {
                valid_from: d("2024-08-01"),
                valid_to: Some(d("2025-07-31")),
                certified_on: None,
                status: CertStatus::Certified,
                change_of_level: false,
            },
            Cert {
                valid_from: d("2025-08-01"),
                valid_to: Some(d("2027-07-31")),
                certified_on: None,
                status: CertStatus::Certified,
                change_of_level: false,
            },
        ];
        let h = Handovers::default();
        let today = d("2026-12-07");
        let judged = &client_steps(std::slice::from_ref(&old), &[], &certs, &h)[0];
        assert!(
            !judged.missing(today).is_empty(),
            "unset: every step is judged"
        );
        let kept = &client_steps_since(
            std::slice::from_ref(&old),
            &[],
            &certs,
            &h,
            Some(d("2026-12-01")),
        )[0];
        assert!(kept.missing(today).is_empty());
        assert!(kept.to_do(today).is_empty());
        assert!(client_failures(std::slice::from_ref(kept), d("2026-12-01"), today).is_empty());
        assert_eq!(
            kept.before_records_steps(),
            [
                Failure::Assessment,
                Failure::Meeting,
                Failure::Consent,
                Failure::HandoverClient,
                Failure::HandoverProvider
            ]
        );
        // A renewal after 記録開始日 is judged even on a revision made before it.
        let later = [Cert {
            valid_from: d("2026-12-01"),
            ..certs[1].clone()
        }];
        let renewal = &client_steps_since(
            std::slice::from_ref(&old),
            &[],
            &[certs[0].clone(), later[0].clone()],
            &h,
            Some(d("2026-11-01")),
        )[0];
        assert_eq!(renewal.missing(today), [Failure::Meeting]);
        // Checked on paper: nothing is missing, unset or not.
        let paper = Entry {
            date: d("2026-12-05"),
            counts_as: CountsAs::PaperCheck,
            plan_id: Some(1),
            has_reason: true,
        };
        let checked = &client_steps(&[old], &[paper], &certs, &h)[0];
        assert_eq!(checked.paper_checked, Some(d("2026-12-05")));
        assert!(checked.missing(today).is_empty());
        assert!(checked.to_do(today).is_empty());
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rev(id: i64, plan_date: &str, from: &str, to: &str, status: PlanStatus) -> Revision {
        Revision {
            id,
            dates: PlanDates {
                plan_date: d(plan_date),
                period_from: d(from),
                period_to: d(to),
                status,
            },
            consent_date: None,
            handed_date: None,
            providers: vec![10, 20],
        }
    }

    /// A confirmed revision of 2026-04-01 consented and handed over that day.
    fn confirmed() -> Revision {
        Revision {
            consent_date: Some(d("2026-04-01")),
            handed_date: Some(d("2026-04-01")),
            ..rev(
                1,
                "2026-04-01",
                "2026-04-01",
                "2027-03-31",
                PlanStatus::Confirmed,
            )
        }
    }

    fn entry(date: &str, counts_as: CountsAs, plan_id: Option<i64>) -> Entry {
        Entry {
            date: d(date),
            counts_as,
            plan_id,
            has_reason: false,
        }
    }

    fn handed(plan_date: &str, providers: &[i64]) -> Vec<PlanEvent> {
        providers
            .iter()
            .map(|p| PlanEvent {
                provider_id: *p,
                plan_date: d(plan_date),
                on: d("2026-04-02"),
                withdrawal: false,
            })
            .collect()
    }

    fn cert(from: &str, to: &str, certified_on: Option<&str>, change: bool) -> Cert {
        Cert {
            valid_from: d(from),
            valid_to: Some(d(to)),
            certified_on: certified_on.map(d),
            status: CertStatus::Certified,
            change_of_level: change,
        }
    }

    /// The complete case: an assessment and a meeting before the plan, linked or in the
    /// window, both providers handed the plan.
    fn complete_entries() -> Vec<Entry> {
        vec![
            entry("2026-03-20", CountsAs::Assessment, None),
            entry("2026-03-28", CountsAs::Meeting, Some(1)),
        ]
    }

    #[test]
    fn a_complete_revision_has_every_step_with_its_date() {
        let h = Handovers::fold(&handed("2026-04-01", &[10, 20]));
        let s = &client_steps(&[confirmed()], &complete_entries(), &[], &h)[0];
        assert_eq!(s.assessment, Some(d("2026-03-20")));
        assert_eq!(
            s.meeting,
            Some(Meeting {
                on: d("2026-03-28"),
                by_inquiry: false
            })
        );
        assert_eq!(s.consent, Some(d("2026-04-01")));
        assert_eq!(s.handover_client, Some(d("2026-04-01")));
        assert_eq!(s.handover_provider, Some(d("2026-04-02")));
        assert_eq!(s.due, Some(d("2026-04-01")));
        assert!(s.missing(d("2026-11-25")).is_empty());
        assert_eq!(s.since(d("2026-11-25")), None);
    }

    #[test]
    fn an_assessment_counts_linked_or_in_the_window_of_three_months() {
        let h = Handovers::fold(&handed("2026-04-01", &[10, 20]));
        let steps =
            |entries: Vec<Entry>| client_steps(&[confirmed()], &entries, &[], &h)[0].clone();
        let meeting = entry("2026-03-28", CountsAs::Meeting, None);
        // Three months before the plan date is the window's first day; a day earlier is out.
        let on_edge = steps(vec![
            entry("2026-01-01", CountsAs::Assessment, None),
            meeting.clone(),
        ]);
        assert_eq!(on_edge.assessment, Some(d("2026-01-01")));
        let too_early = steps(vec![
            entry("2025-12-31", CountsAs::Assessment, None),
            meeting.clone(),
        ]);
        assert_eq!(too_early.assessment, None);
        assert_eq!(too_early.missing(d("2026-04-01")), [Failure::Assessment]);
        // After the plan date an unlinked assessment is not this plan's; linked it is.
        let after = steps(vec![
            entry("2026-04-03", CountsAs::Assessment, None),
            meeting.clone(),
        ]);
        assert_eq!(after.assessment, None);
        let linked = steps(vec![
            entry("2025-10-01", CountsAs::Assessment, Some(1)),
            meeting.clone(),
        ]);
        assert_eq!(linked.assessment, Some(d("2025-10-01")));
        // Linked to another revision: never this one's.
        let other = steps(vec![
            entry("2026-03-20", CountsAs::Assessment, Some(9)),
            meeting,
        ]);
        assert_eq!(other.assessment, None);
        // A monitoring visit is not an assessment.
        let visit = steps(vec![entry("2026-03-20", CountsAs::HomeVisit, None)]);
        assert_eq!(
            visit.missing(d("2026-04-01")),
            [Failure::Assessment, Failure::Meeting]
        );
    }

    #[test]
    fn the_window_starts_after_the_previous_revisions_consent() {
        let first = confirmed();
        let second = Revision {
            id: 2,
            consent_date: Some(d("2026-06-10")),
            handed_date: Some(d("2026-06-10")),
            ..rev(
                2,
                "2026-06-01",
                "2026-06-01",
                "2027-05-31",
                PlanStatus::Confirmed,
            )
        };
        // The first revision's meeting (before its consent) is not the second's; one after the
        // first's consent is.
        let entries = vec![
            entry("2026-03-20", CountsAs::Assessment, None),
            entry("2026-03-30", CountsAs::Meeting, None),
            entry("2026-05-20", CountsAs::Assessment, None),
        ];
        let s = client_steps(
            &[first.clone(), second.clone()],
            &entries,
            &[],
            &Handovers::default(),
        );
        assert_eq!(s[0].meeting.map(|m| m.on), Some(d("2026-03-30")));
        assert_eq!(s[0].assessment, Some(d("2026-03-20")));
        assert_eq!(s[1].assessment, Some(d("2026-05-20")));
        assert_eq!(s[1].meeting, None);
        // The second's meeting may come after its plan date, up to its consent, not after.
        let mut later = entries.clone();
        later.push(entry("2026-06-05", CountsAs::Meeting, None));
        let s = client_steps(
            &[first.clone(), second.clone()],
            &later,
            &[],
            &Handovers::default(),
        );
        assert_eq!(s[1].meeting.map(|m| m.on), Some(d("2026-06-05")));
        let mut too_late = entries;
        too_late.push(entry("2026-06-11", CountsAs::Meeting, None));
        let s = client_steps(&[first, second], &too_late, &[], &Handovers::default());
        assert_eq!(s[1].meeting, None);
    }

    #[test]
    fn an_inquiry_counts_as_a_meeting_only_with_its_reason() {
        let h = Handovers::fold(&handed("2026-04-01", &[10, 20]));
        let assessment = entry("2026-03-20", CountsAs::Assessment, None);
        let inquiry = entry("2026-03-28", CountsAs::Inquiry, Some(1));
        let without = &client_steps(
            &[confirmed()],
            &[assessment.clone(), inquiry.clone()],
            &[],
            &h,
        )[0];
        assert_eq!(without.meeting, None);
        assert_eq!(without.inquiry_without_reason, Some(d("2026-03-28")));
        assert_eq!(without.missing(d("2026-04-01")), [Failure::Meeting]);
        let with_reason = Entry {
            has_reason: true,
            ..inquiry
        };
        let with = &client_steps(&[confirmed()], &[assessment, with_reason], &[], &h)[0];
        assert_eq!(
            with.meeting,
            Some(Meeting {
                on: d("2026-03-28"),
                by_inquiry: true
            })
        );
        assert_eq!(with.inquiry_without_reason, None);
        assert!(with.missing(d("2026-04-01")).is_empty());
    }

    #[test]
    fn a_provider_without_its_plan_event_is_a_missing_hand_over() {
        let s = &client_steps(
            &[confirmed()],
            &complete_entries(),
            &[],
            &Handovers::fold(&handed("2026-04-01", &[10])),
        )[0];
        assert_eq!(s.providers_lacking, [20]);
        assert_eq!(s.handover_provider, None);
        assert_eq!(s.missing(d("2026-05-01")), [Failure::HandoverProvider]);
        assert_eq!(s.since(d("2026-05-01")), Some(d("2026-04-01")));
        // A plan event of another plan date does not hand this one over.
        let old = Handovers::fold(&handed("2025-04-01", &[10, 20]));
        let s = &client_steps(&[confirmed()], &complete_entries(), &[], &old)[0];
        assert_eq!(s.providers_lacking, [10, 20]);
        // No service lines: nobody to hand it to, nothing missing.
        let mut alone = confirmed();
        alone.providers.clear();
        let s = &client_steps(&[alone], &complete_entries(), &[], &Handovers::default())[0];
        assert!(s.missing(d("2026-05-01")).is_empty());
        assert_eq!(s.handover_provider, None);
    }

    #[test]
    fn a_withdrawn_plan_event_takes_the_hand_over_back_until_sent_again() {
        let mut events = handed("2026-04-01", &[10, 20]);
        events.push(PlanEvent {
            provider_id: 20,
            plan_date: d("2026-04-01"),
            on: d("2026-04-03"),
            withdrawal: true,
        });
        let s = &client_steps(
            &[confirmed()],
            &complete_entries(),
            &[],
            &Handovers::fold(&events),
        )[0];
        assert_eq!(s.providers_lacking, [20]);
        assert_eq!(s.missing(d("2026-05-01")), [Failure::HandoverProvider]);
        events.push(PlanEvent {
            provider_id: 20,
            plan_date: d("2026-04-01"),
            on: d("2026-04-05"),
            withdrawal: false,
        });
        let s = &client_steps(
            &[confirmed()],
            &complete_entries(),
            &[],
            &Handovers::fold(&events),
        )[0];
        assert!(s.providers_lacking.is_empty());
        assert_eq!(s.handover_provider, Some(d("2026-04-05")));
    }

    #[test]
    fn a_draft_is_to_do_and_steps_count_as_missing_from_the_period_start() {
        let draft = rev(
            1,
            "2026-11-20",
            "2026-12-01",
            "2027-11-30",
            PlanStatus::Draft,
        );
        let s = &client_steps(&[draft], &[], &[], &Handovers::default())[0];
        assert_eq!(s.due, None);
        assert!(s.missing(d("2027-06-01")).is_empty());
        assert_eq!(s.to_do(d("2027-06-01")).len(), 5);
        // Confirmed in advance: to do until its period starts, missing from then.
        let ahead = Revision {
            consent_date: Some(d("2026-11-25")),
            ..rev(
                1,
                "2026-11-20",
                "2026-12-01",
                "2027-11-30",
                PlanStatus::Confirmed,
            )
        };
        let s = &client_steps(&[ahead], &[], &[], &Handovers::default())[0];
        assert_eq!(s.due, Some(d("2026-12-01")));
        assert!(s.missing(d("2026-11-30")).is_empty());
        assert_eq!(
            s.to_do(d("2026-11-30")),
            [
                Failure::Assessment,
                Failure::Meeting,
                Failure::HandoverClient,
                Failure::HandoverProvider
            ]
        );
        assert_eq!(s.missing(d("2026-12-01")).len(), 4);
        assert_eq!(s.since(d("2026-12-01")), Some(d("2026-12-01")));
    }

    #[test]
    fn awaiting_consent_counts_only_once_it_stands_in_force() {
        // A confirmed revision covers until March: the one awaiting consent is not in force
        // before April, and its consent missing only from then.
        let old = Revision {
            consent_date: Some(d("2026-04-01")),
            handed_date: Some(d("2026-04-01")),
            ..rev(
                1,
                "2026-04-01",
                "2026-04-01",
                "2027-03-31",
                PlanStatus::Confirmed,
            )
        };
        let waiting = rev(
            2,
            "2026-11-20",
            "2026-12-01",
            "2027-11-30",
            PlanStatus::AwaitingConsent,
        );
        let s = client_steps(&[old, waiting], &[], &[], &Handovers::default());
        assert_eq!(s[1].due, Some(d("2027-04-01")));
        assert!(s[1].missing(d("2027-03-31")).is_empty());
        // The consent is missing; the hand-overs that follow it are still to do.
        assert_eq!(
            s[1].missing(d("2027-04-01")),
            [Failure::Assessment, Failure::Meeting, Failure::Consent]
        );
        assert_eq!(
            s[1].to_do(d("2027-04-01")),
            [Failure::HandoverClient, Failure::HandoverProvider]
        );
        // With nothing agreed, it stands in from its period's start.
        let alone = rev(
            2,
            "2026-11-20",
            "2026-12-01",
            "2027-11-30",
            PlanStatus::AwaitingConsent,
        );
        let s = &client_steps(&[alone], &[], &[], &Handovers::default())[0];
        assert_eq!(s.due, Some(d("2026-12-01")));
    }

    #[test]
    fn a_renewal_without_a_meeting_after_it_is_a_missing_meeting_from_its_start() {
        let h = Handovers::fold(&handed("2026-04-01", &[10, 20]));
        let certs = [
            cert("2025-04-01", "2026-09-30", None, false),
            cert("2026-10-01", "2028-09-30", Some("2026-09-20"), false),
        ];
        let s = &client_steps(&[confirmed()], &complete_entries(), &certs, &h)[0];
        assert_eq!(
            s.certifications.len(),
            1,
            "the first certification is no renewal"
        );
        let c = &s.certifications[0];
        assert_eq!(
            (c.change, c.valid_from, c.meeting),
            (CertChange::Renewal, d("2026-10-01"), None)
        );
        assert!(
            s.missing(d("2026-09-30")).is_empty(),
            "not due before it starts"
        );
        assert_eq!(s.missing(d("2026-10-01")), [Failure::Meeting]);
        assert_eq!(s.since(d("2026-11-25")), Some(d("2026-10-01")));
        // A meeting after the certification date (before the start) clears it.
        let mut entries = complete_entries();
        entries.push(entry("2026-09-25", CountsAs::Meeting, None));
        let s = &client_steps(&[confirmed()], &entries, &certs, &h)[0];
        assert_eq!(
            s.certifications[0].meeting.map(|m| m.on),
            Some(d("2026-09-25"))
        );
        assert!(s.missing(d("2026-11-25")).is_empty());
        // One before the certification date does not.
        let mut early = complete_entries();
        early.push(entry("2026-09-19", CountsAs::Meeting, None));
        let s = &client_steps(&[confirmed()], &early, &certs, &h)[0];
        assert_eq!(s.missing(d("2026-11-25")), [Failure::Meeting]);
        // A renewal before the office's first plan is not its to prove.
        let before = [
            cert("2024-04-01", "2025-03-31", None, false),
            cert("2025-04-01", "2026-09-30", None, false),
        ];
        let s = &client_steps(&[confirmed()], &complete_entries(), &before, &h)[0];
        assert!(s.certifications.is_empty());
    }

    #[test]
    fn a_change_of_level_followed_by_a_meeting_is_proven() {
        let h = Handovers::fold(&handed("2026-04-01", &[10, 20]));
        let certs = [
            cert("2025-04-01", "2026-07-31", None, false),
            cert("2026-08-01", "2027-07-31", Some("2026-08-28"), true),
        ];
        let mut entries = complete_entries();
        entries.push(entry("2026-09-03", CountsAs::Meeting, None));
        let s = &client_steps(&[confirmed()], &entries, &certs, &h)[0];
        let c = &s.certifications[0];
        assert_eq!(c.change, CertChange::ChangeOfLevel);
        assert_eq!(c.meeting.map(|m| m.on), Some(d("2026-09-03")));
        assert!(s.missing(d("2026-11-25")).is_empty());
        // Without it: missing from the month the change takes effect, on the revision in force.
        let s = &client_steps(&[confirmed()], &complete_entries(), &certs, &h)[0];
        assert_eq!(s.missing(d("2026-11-25")), [Failure::Meeting]);
        assert_eq!(
            client_failures(std::slice::from_ref(s), d("2026-11-01"), d("2026-11-25")),
            [(Failure::Meeting, d("2026-08-01"))]
        );
    }

    #[test]
    fn the_month_view_holds_the_revision_in_force_and_those_made_in_the_month() {
        let first = Revision {
            providers: vec![],
            ..confirmed()
        };
        let second = Revision {
            id: 2,
            providers: vec![],
            ..rev(
                2,
                "2026-11-20",
                "2026-12-01",
                "2027-11-30",
                PlanStatus::AwaitingConsent,
            )
        };
        let certs = [
            cert("2025-04-01", "2026-09-30", None, false),
            cert("2026-10-01", "2028-09-30", None, false),
        ];
        // The first lacks its assessment; the renewal of October has no meeting.
        let entries = vec![entry("2026-03-28", CountsAs::Meeting, Some(1))];
        let s = client_steps(&[first, second], &entries, &certs, &Handovers::default());
        let november = month_view(&s, d("2026-11-01"));
        assert_eq!(november.len(), 2);
        assert_eq!(
            november[0].1,
            [
                (Failure::Assessment, d("2026-04-01")),
                (Failure::Meeting, d("2026-10-01"))
            ]
        );
        // The second is made in November; its steps count only once it is in force.
        assert_eq!(november[1].0, 1);
        assert!(missing_of(&november[1].1, d("2026-11-25")).is_empty());
        assert_eq!(
            client_failures(&s, d("2026-11-01"), d("2026-11-25")),
            [
                (Failure::Assessment, d("2026-04-01")),
                (Failure::Meeting, d("2026-10-01"))
            ]
        );
        // In September the renewal had not started: only the assessment.
        assert_eq!(
            client_failures(&s, d("2026-09-01"), d("2026-09-30")),
            [(Failure::Assessment, d("2026-04-01"))]
        );
        // Before the first revision, nothing matters.
        assert!(month_view(&s, d("2026-02-01")).is_empty());
    }

    #[test]
    fn steps_are_named_in_both_languages() {
        let steps = [Failure::Meeting, Failure::HandoverProvider];
        assert_eq!(labels(&steps, Lang::Ja), "担当者会議・事業所への交付");
        assert_eq!(
            labels(&steps, Lang::En),
            "care conference, hand-over to providers"
        );
        for f in Failure::ALL {
            assert!(f.label(Lang::En).is_ascii());
            assert_eq!(serde_json::to_value(f).unwrap(), f.code());
        }
    }
}

//! The 加算 of 居宅介護支援 per client and month, as candidates — never bills (shared/domain
//! kasan.md). Each 加算 family judges its own rule (`shokai`, `nyuin`, `taiin`, `tsuin`,
//! `kinkyu`, `terminal`); this module gives them their inputs, applies the rules that block any
//! of them (no 給付管理, 要支援, the 運営基準減算), offers 初回 and 退院・退所 as a choice, and
//! attaches the person's decision. It fails closed: a row is `Candidate` only when every piece
//! of evidence is on record, and history it cannot see makes it `CannotJudge`.

mod evidence;
mod kinkyu;
mod nyuin;
pub mod reason;
mod shokai;
mod taiin;
pub use taiin::{CATEGORY as DISCHARGE_CATEGORY, least_receptions};
mod terminal;
mod tsuin;

use super::business_calendar::BusinessCalendar;
use super::case_record::CountsAs;
use super::caseload::{ClientFact, Period, certified_level};
use super::dates::month_end;
use super::operating_cut::Reduction;
use super::rules::KasanRules;
use chrono::{Months, NaiveDate, NaiveDateTime};
pub use reason::{Reason, Why};
use serde::Serialize;
use std::collections::BTreeSet;

/// Where a 加算 stands for a client and month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The records show every requirement.
    Candidate,
    /// The event exists; evidence is missing (the reason names it, and by when).
    Incomplete,
    /// History or a day the rule needs is not on record.
    CannotJudge,
    /// Another rule blocks it (the reason names the rule).
    Excluded,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Candidate => "candidate",
            Status::Incomplete => "incomplete",
            Status::CannotJudge => "cannot_judge",
            Status::Excluded => "excluded",
        }
    }
    pub fn label(self, lang: super::Lang) -> &'static str {
        match self {
            Status::Candidate => lang.pick("候補", "candidate"),
            Status::Incomplete => lang.pick("記録不足", "incomplete"),
            Status::CannotJudge => lang.pick("判断不可", "cannot judge"),
            Status::Excluded => lang.pick("対象外", "excluded"),
        }
    }
}

/// A hospital or facility stay (`stays`, not withdrawn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stay {
    pub id: i64,
    /// hospital / clinic / tokuyo / chiiki_tokuyo / roken / iryoin
    pub kind: String,
    pub admitted_on: NaiveDate,
    pub after_hours: bool,
    pub discharged_on: Option<NaiveDate>,
    /// home / facility / transfer / death
    pub destination: Option<String>,
}

impl Stay {
    /// A 病院 or 診療所 (入院時情報連携加算 is for these only).
    pub fn is_hospital(&self) -> bool {
        matches!(self.kind.as_str(), "hospital" | "clinic")
    }
}

/// The structured fields of a 加算 case-record entry (`case_note_fields`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub method: Option<String>,
    pub place: String,
    pub stay_id: Option<i64>,
    pub conference: Option<bool>,
    pub document_on_file: Option<bool>,
    pub doctor_kind: Option<String>,
    pub told: String,
    pub heard: String,
    pub requested_by: String,
    pub medical_attended: Option<bool>,
    pub plan_changed: Option<bool>,
}

/// A standing case-record entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub at: NaiveDateTime,
    pub category: String,
    pub counts_as: CountsAs,
    pub counterpart: String,
    pub body: String,
    pub attendees: String,
    pub fields: Option<Fields>,
}

impl Note {
    pub fn date(&self) -> NaiveDate {
        self.at.date()
    }
}

/// A plan revision (`care_plans`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub id: i64,
    pub plan_date: NaiveDate,
    /// kind holds 初回.
    pub initial: bool,
    pub draft: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Accepted,
    Rejected,
}

impl Verdict {
    /// The recorded decision it stands for (its label is the one the forms offer).
    pub fn decision(self) -> super::kasan_records::Decision {
        match self {
            Verdict::Accepted => super::kasan_records::Decision::Accepted,
            Verdict::Rejected => super::kasan_records::Decision::Rejected,
        }
    }
}

/// The person's decision on a 加算 of a client and month (the newest row stands; a withdrawn
/// one is no decision and is not loaded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub month: NaiveDate,
    pub kasan: String,
    pub stay_id: Option<i64>,
    pub verdict: Verdict,
    pub reason: String,
}

/// What the imported claims (`claim_months`, `claim_codes`) say of one month of the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimMonth {
    pub month: NaiveDate,
    /// A 給付管理票 claimed, or a 明細書 read: 居宅介護支援 was provided and claimed.
    pub claimed: bool,
    pub codes: Vec<String>,
}

/// One client's records the rules read.
#[derive(Debug, Clone)]
pub struct ClientRecords<'a> {
    pub client: &'a ClientFact,
    pub stays: Vec<Stay>,
    /// Standing entries of the 加算 categories and the home visits, oldest first.
    pub notes: Vec<Note>,
    pub plans: Vec<Plan>,
    pub decisions: Vec<Decision>,
    pub claims: Vec<ClaimMonth>,
    pub terminal_consent_on: Option<NaiveDate>,
    pub died_on: Option<NaiveDate>,
    pub death_place: Option<String>,
    /// The 運営基準減算 the monitoring screen computes for this client in the month.
    pub operating_cut: Reduction,
}

/// The office's records the rules read.
#[derive(Debug, Clone)]
pub struct OfficeRecords {
    /// The first month careplan's own records cover (記録開始日; None: all of them).
    pub records_from: Option<NaiveDate>,
    /// Months (first days) for which the office imported any claim.
    pub claim_months: BTreeSet<NaiveDate>,
    pub calendar: BusinessCalendar,
    /// The 24-hour contact system's periods (`office_periods` contact_24h).
    pub contact_24h: Vec<Period>,
}

/// One 加算 of one client in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub client_id: i64,
    /// The stable key (`rules::CLIENT_KEYS`).
    pub kasan: String,
    pub code: String,
    pub name: String,
    /// The units the row would add (a 加算 counted per time: all the times in the month).
    pub units: u32,
    pub status: Status,
    /// Why: what is missing and by when, or the rule that blocks it (rendered in the
    /// reader's language by `Reason::text`).
    pub reason: Reason,
    /// The day by which the missing evidence is due (incomplete rows), if the rule has one.
    pub by: Option<NaiveDate>,
    /// The case-record entries the row rests on.
    pub evidence: Vec<i64>,
    pub stay_id: Option<i64>,
    pub plan_id: Option<i64>,
    /// The rule row is marked 要確認 in the rules table.
    pub unsure: bool,
    pub decision: Option<Decision>,
    /// What records the missing piece of an `Incomplete` row (ホーム's Enter opens it).
    #[serde(skip)]
    pub fix: Option<Fix>,
}

/// The categories whose entries are 加算 evidence (the home visits are read by what they count
/// as).
pub const CATEGORIES: [&str; 6] = [
    "admission_info",
    "discharge_info",
    "outpatient",
    "emergency_conference",
    "terminal_judgement",
    "terminal_liaison",
];

/// A category a `Fix` names: one of the 加算 categories or the home visit (read back from where
/// ホーム keeps it as one of those).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FixCategory(pub &'static str);

impl<'de> serde::Deserialize<'de> for FixCategory {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <String as serde::Deserialize>::deserialize(d)?;
        CATEGORIES
            .iter()
            .chain(std::iter::once(&super::case_record::VISIT))
            .find(|c| **c == s)
            .map(|c| FixCategory(c))
            .ok_or_else(|| serde::de::Error::custom(format!("unknown category {s}")))
    }
}

/// The record that supplies what an `Incomplete` row lacks, chosen where the row says what is
/// missing (the first piece named when several are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Fix {
    /// A new case-record entry of this category (about this stay).
    Note {
        category: FixCategory,
        stay_id: Option<i64>,
    },
    /// The correction of this entry (its text, counterpart or fields are missing).
    Correct(i64),
    /// A hospital stay to record (information was given for an admission not on record).
    NewStay,
    /// The terminal-care consent, or the death's day and place.
    Terminal,
    /// A plan revision of the month to make.
    Plan,
    /// The month's draft plan revision to confirm (its status and consent).
    ConfirmPlan,
    /// The office's 体制 (the 24-hour contact system).
    Office,
}

/// The month and everything the families share.
pub struct Ctx<'a> {
    pub month: NaiveDate,
    pub rules: &'a KasanRules,
    pub office: &'a OfficeRecords,
}

impl Ctx<'_> {
    pub fn end(&self) -> NaiveDate {
        month_end(self.month)
    }

    /// A row of `key` as the rules table in force at the month's end has it (None: the table
    /// has no such 加算 then, and nothing is judged).
    fn row(&self, client_id: i64, key: &str, status: Status, why: Why) -> Option<Row> {
        let r = self.rules.on(key, self.end())?;
        Some(Row {
            client_id,
            kasan: key.to_string(),
            code: r.code.clone(),
            name: r.name.clone(),
            units: r.units,
            status,
            reason: Reason::of(why),
            by: None,
            evidence: vec![],
            stay_id: None,
            plan_id: None,
            unsure: r.unsure,
            decision: None,
            fix: None,
        })
    }
}

/// Whether careplan can tell if the client was provided and billed 居宅介護支援 in `month`:
/// Some(served) from the imported claims or careplan's own records, None when neither covers it.
pub fn served_in(c: &ClientRecords<'_>, office: &OfficeRecords, month: NaiveDate) -> Option<bool> {
    if let Some(cm) = c.claims.iter().find(|x| x.month == month) {
        return Some(cm.claimed);
    }
    let own = office.records_from.is_none_or(|f| f <= month);
    if !own {
        // Another client's claim of that month shows the office's claims were imported for it:
        // this client had none.
        return office.claim_months.contains(&month).then_some(false);
    }
    let end = month_end(month);
    let under_contract =
        c.client.contract_date <= end && c.client.contract_end.is_none_or(|e| e >= month);
    let benefit = !c.client.no_benefit_months.contains(&month);
    let care = certified_level(c.client, c.client.contract_end.map_or(end, |e| e.min(end)))
        .is_some_and(|l| l.is_care());
    Some(under_contract && benefit && care)
}

/// Every per-client 加算 of the month for one client, the blocking rules applied and the
/// decisions attached, in the rules table's order.
pub fn judge(c: &ClientRecords<'_>, ctx: &Ctx<'_>) -> Vec<Row> {
    let id = c.client.id;
    let mut rows = Vec::new();
    rows.extend(shokai::judge(c, ctx));
    rows.extend(nyuin::judge(c, ctx));
    rows.extend(taiin::judge(c, ctx));
    rows.extend(tsuin::judge(c, ctx));
    rows.extend(kinkyu::judge(c, ctx));
    rows.extend(terminal::judge(c, ctx));
    let end = ctx.end();
    let day = c.client.contract_end.map_or(end, |e| e.min(end));
    let level = certified_level(c.client, day);
    let no_benefit = c.client.no_benefit_months.contains(&ctx.month);
    for r in rows.iter_mut().filter(|r| r.status != Status::Excluded) {
        let terminal = r.kasan == "terminal";
        if level.is_some_and(|l| !l.is_care()) {
            block(r, Status::Excluded, Why::NotCareLevel);
        } else if level.is_none() {
            block(r, Status::CannotJudge, Why::NoCareLevel);
        } else if no_benefit && !terminal {
            block(r, Status::Excluded, Why::NoBenefitManagement);
        } else if r.kasan == "shokai" && c.operating_cut != Reduction::None {
            block(r, Status::Excluded, Why::ShokaiInOperatingCut);
        } else if c.operating_cut == Reduction::Full && !terminal {
            block(r, Status::CannotJudge, Why::FullOperatingCut);
        } else if no_benefit && terminal {
            r.reason.note(Why::TerminalWithoutBenefit);
            r.unsure = true;
        }
    }
    choose_shokai_or_taiin(&mut rows, &c.decisions, ctx.month);
    for r in &mut rows {
        r.decision = decision_for(&c.decisions, ctx.month, &r.kasan, r.stay_id).cloned();
    }
    debug_assert!(rows.iter().all(|r| r.client_id == id));
    rows
}

fn block(r: &mut Row, status: Status, why: Why) {
    r.status = status;
    r.reason = Reason::of(why);
    r.by = None;
    r.fix = None;
}

/// The decision standing for a 加算 of a month (a 退院・退所 one for its stay).
pub fn decision_for<'a>(
    decisions: &'a [Decision],
    month: NaiveDate,
    kasan: &str,
    stay_id: Option<i64>,
) -> Option<&'a Decision> {
    decisions.iter().rev().find(|d| {
        d.month == month
            && d.kasan == kasan
            && (stay_id.is_none() || d.stay_id.is_none() || d.stay_id == stay_id)
    })
}

/// 初回加算 and 退院・退所加算 cannot both be claimed: both stay candidates with the difference
/// named until the person accepts one, then the other is excluded.
fn choose_shokai_or_taiin(rows: &mut [Row], decisions: &[Decision], month: NaiveDate) {
    let Some(s) = rows
        .iter()
        .position(|r| r.kasan == "shokai" && r.status == Status::Candidate)
    else {
        return;
    };
    let Some(t) = rows
        .iter()
        .position(|r| r.kasan.starts_with("taiin_") && r.status == Status::Candidate)
    else {
        return;
    };
    let accepted = |i: usize, rows: &[Row]| {
        decision_for(decisions, month, &rows[i].kasan, rows[i].stay_id)
            .is_some_and(|d| d.verdict == Verdict::Accepted)
    };
    let (su, tu) = (i64::from(rows[s].units), i64::from(rows[t].units));
    if accepted(s, rows) {
        block(&mut rows[t], Status::Excluded, Why::ShokaiChosen);
    } else if accepted(t, rows) {
        block(&mut rows[s], Status::Excluded, Why::TaiinChosen);
    } else {
        let difference = u32::try_from((su - tu).abs()).unwrap_or(u32::MAX);
        rows[s].reason.note(Why::ShokaiOrTaiin { difference });
        rows[t].reason.note(Why::ShokaiOrTaiin { difference });
    }
}

/// The first day of the month `n` months before `month`.
fn months_before(month: NaiveDate, n: u32) -> NaiveDate {
    month.checked_sub_months(Months::new(n)).unwrap_or(month)
}

#[cfg(test)]
mod tests;

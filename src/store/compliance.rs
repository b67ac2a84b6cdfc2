//! The month's compliance per client: monitoring read from the case record, the 運営基準減算
//! it would mean, and the units and yen at risk — what `careplan monitoring`, the inspection
//! report and the TUI show. careplan never decides a 減算 for billing: this lists what the
//! records could not prove.
//!
//! One pass: the caseload facts (as the caseload screen loads them), the case record of the
//! months needed in one query, the consents in one query; then `compute`, which is pure.
//! Failures of other process steps (assessment, meeting, consent, hand-over) come from their
//! own code as `extra` and are combined here.

use super::case_notes;
use crate::domain::care_level::CareLevel;
use crate::domain::case_record::{CategoryBook, CountsAs};
use crate::domain::caseload::{self, Facts, NotCountedReason};
use crate::domain::dates::{from_iso, from_iso_bytes, iso, month_end, month_start};
use crate::domain::monitoring::{self, ClientCase, Contact, MonthStatus, Status};
use crate::domain::operating_cut::{self, Cut, Failure};
use chrono::{Days, Months, NaiveDate};
use color_eyre::eyre::{Result, eyre};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;

/// Failures of other process steps per client id, each with the month it started.
pub type Extra = HashMap<i64, Vec<(Failure, NaiveDate)>>;

/// Everything `compute` reads, loaded once (a screen keeps it and recomputes months).
#[derive(Debug, Clone)]
pub struct ComplianceFacts {
    /// Shared: a session's loaded facts serve its months without a copy.
    pub facts: std::sync::Arc<Facts>,
    pub book: CategoryBook,
    /// Client id → the day consent to video monitoring is on record from.
    pub video_consent: HashMap<i64, NaiveDate>,
    /// Client id → the standing entries monitoring reads (`monitoring::reads`) by date, from
    /// `loaded_from` to `loaded_to`; before `visits_only_before`, only the home visits.
    pub contacts: HashMap<i64, Vec<Contact>>,
    /// For ホーム: the first judged month. The months before it are read only for the home
    /// visits their cycles look back to (all the judging reads of them); None: read whole.
    pub visits_only_before: Option<NaiveDate>,
    pub loaded_from: NaiveDate,
    pub loaded_to: NaiveDate,
    /// Only these clients' entries were read (a client's record; ホーム's clients whose month
    /// judges differently on a new day), sorted: only they are judged.
    pub only: Option<Vec<i64>>,
    /// How far back a run of failing months is followed (`monitoring::LOOKBACK_MONTHS`, or 2
    /// for ホーム, which only asks whether a month is the second running).
    pub runs: u32,
    /// The first month the office's records cover (from its 記録開始日; None: not set).
    pub records_from: Option<NaiveDate>,
    /// A month's caseload from `facts`, when it was computed beforehand
    /// (`caseload::Shared::month`): the judging of that month starts from it.
    pub month_load: Option<std::sync::Arc<crate::domain::caseload::Caseload>>,
}

/// One contact shown for a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactShown {
    pub date: NaiveDate,
    /// The category code (visit, video, phone …), shared with the case record's entries.
    pub kind: std::sync::Arc<str>,
    pub counts_as: CountsAs,
}

impl ContactShown {
    fn of(c: &Contact) -> ContactShown {
        ContactShown {
            date: c.date,
            kind: c.category.clone(),
            counts_as: c.counts_as,
        }
    }
}

/// One client with a contract in the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientMonth {
    pub client_id: i64,
    pub insurer_number: std::sync::Arc<str>,
    pub insured_number: std::sync::Arc<str>,
    pub name: std::sync::Arc<str>,
    /// The care manager assigned at the month's end (or the contract's).
    pub care_manager_id: Option<i64>,
    pub care_manager: Option<std::sync::Arc<str>>,
    /// 介護予防支援 (要支援, or 事業対象者) rather than 居宅介護支援.
    pub support: bool,
    pub care_level: Option<CareLevel>,
    pub monitoring: MonthStatus,
    pub contacts: Vec<ContactShown>,
    /// The newest contact before the month (within the months read), for a client without one
    /// in it: when someone last saw or spoke to them.
    pub last_contact_before: Option<ContactShown>,
    pub cut: Cut,
    /// The client's base units that month as the caseload computes them (None: no 居宅介護支援費
    /// computed — 要支援, pending, no 給付管理 …; nothing is put at risk in units then).
    pub base_units: Option<u64>,
    /// None when the office's 地域区分 is not set.
    pub yen_at_risk: Option<u64>,
}

impl ClientMonth {
    /// The units the cut would take: None when the month would be cut but the base units are
    /// unknown (shown as 不明, never as 0).
    pub fn units_at_risk(&self) -> Option<u64> {
        match (self.cut.reduction, self.base_units) {
            (operating_cut::Reduction::None, _) => Some(0),
            (_, Some(_)) => Some(self.cut.units_at_risk),
            (_, None) => None,
        }
    }

    /// Why the month would be cut, each cause with the month it runs from and what clears it.
    pub fn causes(&self) -> Vec<operating_cut::CauseAt> {
        operating_cut::causes(&self.monitoring, &self.cut)
    }
}

/// The month's totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Total {
    pub clients: usize,
    pub done: usize,
    pub video: usize,
    pub excused: usize,
    pub missing: usize,
    /// Months before the office's 記録開始日 (kept elsewhere).
    pub before_records: usize,
    /// Videos that may not replace the home visit (counted in `video` and in `failing`).
    pub video_failing: usize,
    /// Clients whose month fails (missing, or a video not allowed).
    pub failing: usize,
    pub half: usize,
    pub full: usize,
    pub units_at_risk: u64,
    pub yen_at_risk: Option<u64>,
    /// Clients whose month would be cut (`half` + `full`), whatever the cause.
    pub clients_at_risk: usize,
    /// Of them, those whose base units are unknown (要支援, pending, no 給付管理 …): their
    /// units are not in `units_at_risk`.
    pub units_unknown: usize,
}

impl Total {
    /// Clients whose month would be cut, for the monitoring or a plan step: the 50% and the
    /// full cuts added (a client whose base units are unknown is counted, its units are not).
    pub fn at_risk(&self) -> usize {
        self.clients_at_risk
    }

    /// Counts one client's month in (the yen are summed by the caller: they need the price).
    pub fn add(&mut self, c: &ClientMonth) {
        self.clients += 1;
        match c.monitoring.status {
            Status::Done => self.done += 1,
            Status::Video => self.video += 1,
            Status::Excused => self.excused += 1,
            Status::Missing => self.missing += 1,
            Status::BeforeRecords => self.before_records += 1,
        }
        self.failing += usize::from(c.monitoring.fails);
        self.video_failing +=
            usize::from(c.monitoring.status == Status::Video && c.monitoring.fails);
        match c.cut.reduction {
            operating_cut::Reduction::Half => self.half += 1,
            operating_cut::Reduction::Full => self.full += 1,
            operating_cut::Reduction::None => {}
        }
        self.units_at_risk += c.cut.units_at_risk;
        let cut = c.cut.reduction != operating_cut::Reduction::None;
        self.clients_at_risk += usize::from(cut);
        self.units_unknown += usize::from(cut && c.base_units.is_none());
    }
}

/// A month of compliance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthReport {
    pub month: NaiveDate,
    /// The day the month was judged on (the month in progress as if it ended then).
    pub as_of: NaiveDate,
    /// The `from` of the rules table whose cycles and shares were used.
    pub rules_from: NaiveDate,
    pub unit_price_hundredths: Option<u32>,
    /// By insurer and insured number.
    pub clients: Vec<ClientMonth>,
    pub total: Total,
}

/// A client of the month as the caseload sees it: 介護予防支援 or not, the level, the base
/// units (None: none computed), the care manager.
type OfMonth = (bool, Option<CareLevel>, Option<u64>, Option<i64>);

/// Loads what `compute` needs for `month` and the months it looks back on.
pub fn load(conn: &Connection, month: NaiveDate) -> Result<ComplianceFacts> {
    let facts = super::caseload::facts(conn)?;
    load_with(conn, facts, month)
}

/// `load` with the caseload facts already loaded (the caseload screen has them).
pub fn load_with(
    conn: &Connection,
    facts: impl Into<std::sync::Arc<Facts>>,
    month: NaiveDate,
) -> Result<ComplianceFacts> {
    load_with_facts(
        conn,
        None,
        facts.into(),
        month,
        None,
        monitoring::LOOKBACK_MONTHS,
        false,
    )
}

/// `load_with`, reading half the case record on `beside` (a second connection to the same
/// database) at the same time. Its snapshot may be a moment apart from `conn`'s: for a
/// caller that keeps the result under a change stamp read before (the TUI), not for a report.
pub fn load_with_beside(
    conn: &Connection,
    beside: Option<Connection>,
    facts: impl Into<std::sync::Arc<Facts>>,
    month: NaiveDate,
) -> Result<ComplianceFacts> {
    load_with_facts(
        conn,
        beside,
        facts.into(),
        month,
        None,
        monitoring::LOOKBACK_MONTHS,
        false,
    )
}

/// `load_with` for one client (`only`), or every client: `load_narrowed` with the caseload
/// facts at hand.
fn load_with_facts(
    conn: &Connection,
    beside: Option<Connection>,
    facts: std::sync::Arc<Facts>,
    month: NaiveDate,
    only: Option<Vec<i64>>,
    runs: u32,
    visits_only: bool,
) -> Result<ComplianceFacts> {
    let rules = &facts.rules;
    load_narrowed(
        conn,
        beside,
        rules,
        || Ok(facts.clone()),
        month,
        only,
        runs,
        visits_only,
    )
}

/// The case record a month is judged from (`only` those clients, else every one), the months
/// before the judged ones read for home visits only when `visits_only` (ホーム: it shows no
/// contact of those months).
/// `rules` are the caseload facts' (`facts` gives those, asked for once the case record is
/// read: another thread may be reading them meanwhile).
#[allow(clippy::too_many_arguments)]
fn load_narrowed(
    conn: &Connection,
    beside: Option<Connection>,
    rules: &crate::domain::rules::RuleBook,
    facts: impl FnOnce() -> Result<std::sync::Arc<Facts>>,
    month: NaiveDate,
    mut only: Option<Vec<i64>>,
    runs: u32,
    visits_only: bool,
) -> Result<ComplianceFacts> {
    if let Some(ids) = &mut only {
        ids.sort_unstable();
        ids.dedup();
    }
    let judged = |id: &i64| {
        only.as_ref()
            .is_none_or(|ids| ids.binary_search(id).is_ok())
    };
    let month = month_start(month);
    let cut = rules
        .in_force(month)
        .rules
        .operating_cut()
        .cloned()
        .ok_or_else(|| eyre!("規則表に運営基準減算（[operating_standard_cut]）がありません"))?;
    let from = month
        .checked_sub_months(Months::new(monitoring::history_months_for(runs, &cut)))
        .unwrap_or(month);
    let to = month_end(month);
    let book = case_notes::book(conn)?;
    let mut video_consent = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT id, video_consent_on FROM clients WHERE video_consent_on IS NOT NULL",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id = r.get::<_, i64>(0)?;
        if judged(&id)
            && let Some(d) = from_iso(r.get_ref(1)?.as_str()?)
        {
            video_consent.insert(id, d);
        }
    }
    let corrected = case_notes::corrected_ids(conn)?;
    let end = to.checked_add_days(Days::new(1)).unwrap_or(to);
    let visits_only_before = visits_only.then(|| {
        month
            .checked_sub_months(Months::new(runs.saturating_sub(1)))
            .unwrap_or(month)
    });
    let read = |conn: &Connection, from, end, client| {
        let visits = visits_only_before.filter(|v| from < *v);
        contacts_of(conn, &book, &corrected, from, end, client, visits)
    };
    let contacts = match (beside, &only) {
        // The span's older half read on the second connection while this one reads the newer:
        // reading the entries is most of the work, and the halves do not overlap in time, so
        // each client's older entries followed by its newer keep the time order. Narrowed, the
        // halves part where the whole months start.
        (Some(other), None) => {
            let mid = visits_only_before.unwrap_or_else(|| {
                from.checked_add_days(Days::new((end - from).num_days().max(0) as u64 / 2))
                    .unwrap_or(end)
            });
            let (older, mut newer) = std::thread::scope(|s| -> Result<_> {
                let read = &read;
                let h = s.spawn(move || read(&other, from, mid, None));
                let newer = read(conn, mid, end, None)?;
                let older = h
                    .join()
                    .map_err(|_| eyre!("ケース記録を読めません（内部エラー）"))??;
                Ok((older, newer))
            })?;
            let mut all = older;
            for (id, later) in newer.drain() {
                all.entry(id).or_default().extend(later);
            }
            all
        }
        // A few clients: each one's entries by the client's own index.
        (_, Some(ids)) => {
            let mut all = HashMap::with_capacity(ids.len());
            for id in ids {
                all.extend(read(conn, from, end, Some(*id))?);
            }
            all
        }
        (None, None) => read(conn, from, end, None)?,
    };
    Ok(ComplianceFacts {
        facts: facts()?,
        book,
        video_consent,
        contacts,
        visits_only_before,
        loaded_from: from,
        loaded_to: to,
        only,
        runs,
        records_from: super::office::records_since(conn)?.map(monitoring::first_recorded_month),
        month_load: None,
    })
}

/// The clients whose month in progress may judge differently on one day than on another of
/// the same month with the records unchanged: the month is judged as if it ended on the day
/// (`monitoring`), so only what is dated between the two (after the earlier, up to the later)
/// can change it — an entry of the case record (any: a withdrawal or a correction too) or a
/// consent to video monitoring. Sorted, without repeats.
pub fn dated_between(conn: &Connection, a: NaiveDate, b: NaiveDate) -> Result<Vec<i64>> {
    let (early, late) = (a.min(b), a.max(b));
    let after = |d: NaiveDate| iso(d.checked_add_days(Days::new(1)).unwrap_or(d));
    let mut ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT client_id FROM case_notes WHERE at >= ?1 AND at < ?2
             UNION SELECT id FROM clients WHERE video_consent_on > ?3 AND video_consent_on <= ?4",
        )?
        .query_map(
            rusqlite::params![after(early), after(late), iso(early), iso(late)],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Standing entries from `from` to before `end` by client (or of `client` alone), in time
/// order: not withdrawals, not corrected (`corrected`: the few corrected entries, read once
/// rather than looked up for every entry of the span) or withdrawn by a later one; the span
/// comes in order from one index (migration 019), one client's by its own (migration 012).
fn contacts_of(
    conn: &Connection,
    book: &CategoryBook,
    corrected: &case_notes::Corrected,
    from: NaiveDate,
    end: NaiveDate,
    client: Option<i64>,
    visits_only_before: Option<NaiveDate>,
) -> Result<HashMap<i64, Vec<Contact>>> {
    let mut contacts: HashMap<i64, Vec<Contact>> = HashMap::new();
    // Before `visits_only_before` only the categories that count as a home visit on some day
    // are read (and of them, below, the entries that do on theirs).
    let visit_codes: Vec<&str> = book
        .rows()
        .iter()
        .filter(|c| c.counts_as.is_home_visit())
        .map(|c| c.code.as_str())
        .collect();
    let mut st = conn.prepare_cached(if client.is_some() {
        "SELECT n.client_id, n.at, n.category, n.reason, n.id FROM case_notes n
         WHERE n.client_id = ?3 AND n.at >= ?1 AND n.at < ?2 AND n.withdraws = 0
         ORDER BY n.at, n.id"
    } else {
        "SELECT n.client_id, n.at, n.category, n.reason, n.id FROM case_notes n
         WHERE n.at >= ?1 AND n.at < ?2 AND n.withdraws = 0 AND ?3 IS NULL
         ORDER BY n.at, n.id"
    })?;
    let mut rows = st.query(rusqlite::params![iso(from), iso(end), client])?;
    // The older months' other categories are passed over here, on the text as read: a test
    // of each entry against the list in SQL costs more than reading it.
    let older = visits_only_before.map(iso);
    let older = older.as_ref().map(|o| o.as_bytes());
    // Each category code once, shared by its entries (a handful of codes, tens of thousands
    // of entries).
    let mut codes: Vec<std::sync::Arc<str>> = Vec::new();
    while let Some(r) = rows.next()? {
        let at = r.get_ref(1)?.as_bytes()?;
        let category = r.get_ref(2)?.as_str()?;
        if older.is_some_and(|o| at < o) && !visit_codes.contains(&category) {
            continue;
        }
        if corrected.contains(&r.get::<_, i64>(4)?) {
            continue;
        }
        // Only the day counts here ('YYYY-MM-DD HH:MM': the date is the first ten bytes).
        let Some(date) = at.get(..10).and_then(from_iso_bytes) else {
            continue;
        };
        let counts_as = book.counts_as(category, date);
        let reason = r.get_ref(3)?.as_str()?;
        // A meeting, for one, is neither a contact nor an excuse: nothing monitoring reads.
        if !monitoring::reads(counts_as, reason)
            || visits_only_before.is_some_and(|v| date < v && !counts_as.is_home_visit())
        {
            continue;
        }
        contacts
            .entry(r.get::<_, i64>(0)?)
            .or_default()
            .push(Contact {
                date,
                counts_as,
                category: match codes.iter().find(|c| &***c == category) {
                    Some(c) => c.clone(),
                    None => {
                        codes.push(category.into());
                        codes[codes.len() - 1].clone()
                    }
                },
                reason: reason.to_string(),
            });
    }
    Ok(contacts)
}

/// The order of a month's report: by insurer and insured number (a stable sort of the facts'
/// clients).
pub fn report_order(facts: &Facts) -> Vec<&crate::domain::caseload::ClientFact> {
    let mut order: Vec<&crate::domain::caseload::ClientFact> = facts.clients.iter().collect();
    order.sort_by(|a, b| {
        (&a.insurer_number, &a.insured_number).cmp(&(&b.insurer_number, &b.insured_number))
    });
    order
}

/// One client's month judged (pure: from what `load` read): what the report shows of it, and
/// all ホーム keeps of it (`home::Judgements`) without building the report's row.
pub struct Judged<'a> {
    pub fact: &'a crate::domain::caseload::ClientFact,
    /// 介護予防支援 (要支援, or 事業対象者) rather than 居宅介護支援.
    pub support: bool,
    pub care_level: Option<CareLevel>,
    pub base_units: Option<u64>,
    pub care_manager_id: Option<i64>,
    pub monitoring: MonthStatus,
    pub cut: Cut,
    /// The client's case as judged (its contacts), for the report's row.
    case: ClientCase<'a>,
}

/// What a month's judging gives besides each client's: the rules' date and the unit price.
pub struct Judging<T> {
    pub clients: Vec<T>,
    pub rules_from: NaiveDate,
    pub unit_price_hundredths: Option<u32>,
}

/// The month's compliance, one row per client with a contract in it (pure: from what `load`
/// read). `extra`: failures of other process steps per client id.
pub fn compute(
    cf: &ComplianceFacts,
    month: NaiveDate,
    today: NaiveDate,
    extra: &Extra,
) -> Result<MonthReport> {
    let month = month_start(month);
    // Each care manager's name once, shared by their clients' months.
    let names: HashMap<i64, std::sync::Arc<str>> = cf
        .facts
        .staff
        .iter()
        .map(|s| (s.id, s.name.as_str().into()))
        .collect();
    let mut judging = judge_each(cf, month, today, extra, |j| {
        let contacts = j.case.contacts;
        Some(ClientMonth {
            client_id: j.fact.id,
            insurer_number: j.fact.insurer_number.clone(),
            insured_number: j.fact.insured_number.clone(),
            name: j.fact.name.clone(),
            care_manager_id: j.care_manager_id,
            care_manager: j.care_manager_id.and_then(|m| names.get(&m)).cloned(),
            support: j.support,
            care_level: j.care_level,
            contacts: monitoring::contacts_of(&j.case, month, today)
                .map(ContactShown::of)
                .collect(),
            // Of the months read whole (ホーム reads the earlier ones for home visits only).
            last_contact_before: contacts
                .iter()
                .rev()
                .find(|x| {
                    x.date < month
                        && x.counts_as.is_contact()
                        && cf.visits_only_before.is_none_or(|v| x.date >= v)
                })
                .map(ContactShown::of),
            // The month's unit price is known once every client is judged (below).
            yen_at_risk: None,
            monitoring: j.monitoring,
            cut: j.cut,
            base_units: j.base_units,
        })
    })?;
    let price = judging.unit_price_hundredths;
    let mut total = Total::default();
    for c in &mut judging.clients {
        c.yen_at_risk = price.map(|p| operating_cut::yen(c.cut.units_at_risk, p));
        total.add(c);
    }
    total.yen_at_risk = price.map(|p| operating_cut::yen(total.units_at_risk, p));
    Ok(MonthReport {
        month,
        as_of: today,
        rules_from: judging.rules_from,
        unit_price_hundredths: judging.unit_price_hundredths,
        clients: judging.clients,
        total,
    })
}

/// Judges each client of the month (those `cf.only` names, else all with a contract in it) in
/// the report's order, and keeps what `make` makes of each: the report's row, or only what a
/// screen keeps, so that no row of the report is built for a client nobody shows.
pub fn judge_each<T: Send>(
    cf: &ComplianceFacts,
    month: NaiveDate,
    today: NaiveDate,
    extra: &Extra,
    make: impl Fn(Judged<'_>) -> Option<T> + Sync,
) -> Result<Judging<T>> {
    let month = month_start(month);
    if month < month_start(cf.loaded_from) || month_end(month) > cf.loaded_to {
        return Err(eyre!(
            "{} の記録は読み込まれていません（読み込み直してください）",
            month.format("%Y-%m")
        ));
    }
    let facts = &cf.facts;
    let in_force = facts.rules.in_force(month).rules;
    let cut_rules = in_force
        .operating_cut()
        .ok_or_else(|| eyre!("規則表に運営基準減算（[operating_standard_cut]）がありません"))?;
    let computed;
    let load = match &cf.month_load {
        Some(l) if l.month == month => &**l,
        _ => {
            computed = caseload::compute(facts, month, &Default::default());
            &computed
        }
    };
    let price = load.unit_price_hundredths;
    // Per client of the month: (support, level, base units, care manager).
    let mut of_month: HashMap<i64, OfMonth> = HashMap::with_capacity(facts.clients.len());
    for c in &load.clients {
        if let Some(id) = c.client_id {
            of_month.insert(
                id,
                (
                    false,
                    Some(c.care_level),
                    Some(u64::from(c.units)),
                    c.care_manager,
                ),
            );
        }
    }
    for s in &load.support {
        if let Some(id) = s.client_id {
            of_month.insert(id, (true, s.care_level, None, s.care_manager));
        }
    }
    // Not counted (no 給付管理 this month, pending, …): judged by the level certified at the
    // month's end, if any (事業対象者 as 介護予防支援), with no base units.
    let last = month_end(month);
    let not_counted: std::collections::HashSet<i64> =
        load.not_counted.iter().map(|n| n.client_id).collect();
    let level_of: HashMap<i64, Option<CareLevel>> = facts
        .clients
        .iter()
        .filter(|c| not_counted.contains(&c.id))
        .map(|c| {
            let day = c.contract_end.map_or(last, |e| e.min(last));
            (c.id, caseload::certified_level(c, day))
        })
        .collect();
    for n in &load.not_counted {
        if n.reason == NotCountedReason::ContractNotStarted {
            continue;
        }
        let level = level_of.get(&n.client_id).copied().flatten();
        let support = level.is_some_and(|l| l.is_support() || l == CareLevel::CommunityProgram);
        of_month.insert(n.client_id, (support, level, None, n.care_manager));
    }
    let none: &[Contact] = &[];
    let judge = |c: &crate::domain::caseload::ClientFact| -> Option<T> {
        if cf
            .only
            .as_ref()
            .is_some_and(|ids| ids.binary_search(&c.id).is_err())
        {
            return None;
        }
        let &(support, level, base, manager) = of_month.get(&c.id)?;
        let contacts = cf.contacts.get(&c.id).map_or(none, Vec::as_slice);
        let case = ClientCase {
            support,
            contract_date: c.contract_date,
            video_consent_on: cf.video_consent.get(&c.id).copied(),
            no_benefit_months: &c.no_benefit_months,
            contacts,
            records_from: cf.records_from,
        };
        let status = monitoring::evaluate_runs(&case, month, today, cut_rules, cf.runs);
        let steps = extra.get(&c.id).map_or(&[][..], Vec::as_slice);
        let cut = match (status.fails, status.since) {
            (true, Some(since)) => {
                let mut all = steps.to_vec();
                all.push((Failure::Monitoring, since));
                operating_cut::decide(month, &all, base.unwrap_or(0), cut_rules)
            }
            _ => operating_cut::decide(month, steps, base.unwrap_or(0), cut_rules),
        };
        make(Judged {
            fact: c,
            support,
            care_level: level,
            base_units: base,
            care_manager_id: manager,
            monitoring: status,
            cut,
            case,
        })
    };
    // The clients are judged in the report's order rather than their months sorted after,
    // which would need a scratch copy of every month as large as the report.
    let order = report_order(facts);
    // Each client is judged alone: the first half of the list on a second thread (two cores:
    // half the wait at 10,000 clients), the halves joined in the list's order.
    let (older, newer) = order.split_at(order.len() / 2);
    let clients: Vec<T> = if cf.only.is_some() {
        order.iter().copied().filter_map(judge).collect()
    } else {
        std::thread::scope(|s| {
            let h = s.spawn(|| older.iter().copied().filter_map(&judge).collect::<Vec<_>>());
            let newer: Vec<T> = newer.iter().copied().filter_map(&judge).collect();
            let mut all = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            all.extend(newer);
            all
        })
    };
    Ok(Judging {
        clients,
        rules_from: in_force.from,
        unit_price_hundredths: price,
    })
}

/// The month's compliance as of `today` (`load` then `compute`). `extra`: failures of other
/// process steps per client id, each with the month it started (empty until that code exists).
pub fn month(
    conn: &Connection,
    month: NaiveDate,
    today: NaiveDate,
    extra: &Extra,
) -> Result<MonthReport> {
    compute(&load(conn, month)?, month, today, extra)
}

/// The month's compliance with every cause of the 運営基準減算 the records hold: what ホーム,
/// the モニタリング and 件数 screens, the client's detail and `careplan caseload` show.
pub fn month_in_full(conn: &Connection, month: NaiveDate, today: NaiveDate) -> Result<MonthReport> {
    self::month(conn, month, today, &step_failures(conn, month, today)?)
}

/// The plans' process steps the records do not prove in `month`, per client, as causes of the
/// 運営基準減算 beside the monitoring (`plan_steps`).
pub fn step_failures(conn: &Connection, month: NaiveDate, today: NaiveDate) -> Result<Extra> {
    Ok(as_causes(super::plan_steps::failures(conn, month, today)?))
}

/// Plan-step failures per client as causes of the 運営基準減算 (clients without one left out).
pub fn as_causes(
    steps: impl IntoIterator<Item = (i64, Vec<(crate::domain::plan_steps::Failure, NaiveDate)>)>,
) -> Extra {
    steps
        .into_iter()
        .filter(|(_, f)| !f.is_empty())
        .map(|(client, failures)| {
            let failures = failures
                .into_iter()
                .map(|(step, since)| (Failure::Step(step), since))
                .collect();
            (client, failures)
        })
        .collect()
}

/// One client's month (a client's record): read for that client alone, judged as
/// `month_in_full` judges every client (the caseload still decides the base units). `plans`:
/// the client's revisions with their steps (`plan_steps::of_client`), which the record shows
/// too, so they are read once.
pub fn client_month(
    conn: &Connection,
    client: i64,
    month: NaiveDate,
    today: NaiveDate,
    plans: &[super::plan_steps::PlanSteps],
) -> Result<Option<ClientMonth>> {
    let cf = load_with_facts(
        conn,
        None,
        super::caseload::facts(conn)?.into(),
        month,
        Some(vec![client]),
        monitoring::LOOKBACK_MONTHS,
        false,
    )?;
    let revisions: Vec<_> = plans.iter().map(|p| p.steps.clone()).collect();
    let extra = as_causes([(
        client,
        crate::domain::plan_steps::client_failures(&revisions, month, today),
    )]);
    Ok(compute(&cf, month, today, &extra)?
        .clients
        .into_iter()
        .find(|c| c.client_id == client))
}

/// The month as ホーム lists it: every client judged as `month` judges them, with runs of
/// failing months followed back only as far as "the second month running" (reported as 2),
/// which is all ホーム and the cut's share ask — a fraction of the entries to read.
pub fn month_for_home(
    conn: &Connection,
    month: NaiveDate,
    today: NaiveDate,
    extra: &Extra,
) -> Result<MonthReport> {
    compute(&facts_for_home(conn, month)?, month, today, extra)
}

/// What `month_for_home` judges `month` from: loaded apart from the judging, so that ホーム
/// can read it while the plans' steps (the judgement's other causes) are read elsewhere.
pub fn facts_for_home(conn: &Connection, month: NaiveDate) -> Result<ComplianceFacts> {
    facts_for_home_beside(conn, None, super::caseload::facts(conn)?.into(), month)
}

/// `facts_for_home` for `clients` alone (each read by its own index): the few whose month
/// judges differently on a new day (`dated_between`).
pub fn facts_for_home_of(
    conn: &Connection,
    facts: std::sync::Arc<Facts>,
    month: NaiveDate,
    clients: Vec<i64>,
) -> Result<ComplianceFacts> {
    load_with_facts(conn, None, facts, month, Some(clients), 2, true)
}

/// `facts_for_home` from caseload facts of `conn`'s snapshot, reading half the case record on
/// `beside` (see `load_with_beside` for when its snapshot may be a moment apart).
pub fn facts_for_home_beside(
    conn: &Connection,
    beside: Option<Connection>,
    facts: std::sync::Arc<Facts>,
    month: NaiveDate,
) -> Result<ComplianceFacts> {
    load_with_facts(conn, beside, facts, month, None, 2, true)
}

/// `facts_for_home` reading the case record first and the caseload facts (`facts`) after it,
/// for ホーム's start: another thread reads those facts meanwhile, so this one waits for
/// nothing (its rules are read apart, for how far back to read).
pub fn facts_for_home_then(
    conn: &Connection,
    month: NaiveDate,
    facts: impl FnOnce() -> Result<std::sync::Arc<Facts>>,
) -> Result<ComplianceFacts> {
    let rules = super::rules::book(conn)?;
    load_narrowed(conn, None, &rules, facts, month, None, 2, true)
}

//! 取扱件数 (caseload) and the 居宅介護支援費 fee bands: the one place these rules live. The
//! dashboard, the 件数 screen and `careplan caseload` all call `compute`.
//!
//! Everything is judged on the month's last day (the level the client has at month end, the FTE
//! and the office's conditions in force then). Positions are kept in thirds of a client, so
//! "support client = 1/3" and FTE in hundredths compare exactly: no float ever places a client.

use super::Lang;
use super::area::AreaGrade;
use super::care_level::{CareLevel, CertStatus};
use super::fte::Fte;
use super::staff_role::StaffRole;
use chrono::{Datelike, Months, NaiveDate};
use std::sync::OnceLock;

/// The caseload from which band (iii) starts, in both fee schedules.
pub const THIRD_BAND_FROM: u64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeSchedule {
    I,
    II,
}

impl FeeSchedule {
    pub fn code(self) -> &'static str {
        match self {
            FeeSchedule::I => "I",
            FeeSchedule::II => "II",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match super::validation::fold_ascii(s)
            .to_ascii_uppercase()
            .as_str()
        {
            "I" | "1" | "Ⅰ" => Some(FeeSchedule::I),
            "II" | "2" | "Ⅱ" => Some(FeeSchedule::II),
            _ => None,
        }
    }
    /// The caseload from which band (ii) starts: 45 for (I), 50 for (II).
    pub fn second_band_from(self) -> u64 {
        units_table()
            .iter()
            .find(|r| r.schedule == self)
            .map(|r| r.threshold)
            .unwrap_or(45)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Band {
    I,
    Ii,
    Iii,
}

impl Band {
    pub const ALL: [Band; 3] = [Band::I, Band::Ii, Band::Iii];
    pub fn code(self) -> &'static str {
        match self {
            Band::I => "i",
            Band::Ii => "ii",
            Band::Iii => "iii",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Band::I => "(i)",
            Band::Ii => "(ii)",
            Band::Iii => "(iii)",
        }
    }
}

/// Where the 1/3-weighted support clients sit in the order (an open point in the rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportOrdering {
    /// An older MHLW Q&A: support clients head the list.
    #[default]
    SupportFirst,
    /// Every client by contract date, a support client adding 1/3.
    ByContractDate,
}

impl SupportOrdering {
    pub fn code(self) -> &'static str {
        match self {
            SupportOrdering::SupportFirst => "support_first",
            SupportOrdering::ByContractDate => "by_contract_date",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "support_first" => Some(SupportOrdering::SupportFirst),
            "by_contract_date" => Some(SupportOrdering::ByContractDate),
            _ => None,
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SupportOrdering::SupportFirst => {
                lang.pick("要支援を先頭に置く", "support clients first")
            }
            SupportOrdering::ByContractDate => {
                lang.pick("要支援も契約日順", "support clients by contract date")
            }
        }
    }
}

/// A dated office condition (a filing, use of the exchange): in force from, and until (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Period {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day <= u)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CertFact {
    pub level: Option<CareLevel>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub status: CertStatus,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClientFact {
    pub id: i64,
    pub name: String,
    pub insurer_number: String,
    pub insured_number: String,
    pub contract_date: NaiveDate,
    pub contract_end: Option<NaiveDate>,
    /// First days of the months without 給付管理.
    pub no_benefit_months: Vec<NaiveDate>,
    pub certifications: Vec<CertFact>,
    /// (from, staff id), any order.
    pub care_managers: Vec<(NaiveDate, i64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StaffFact {
    pub id: i64,
    pub name: String,
    pub role: StaffRole,
    /// (from, FTE), oldest first.
    pub fte_history: Vec<(NaiveDate, Fte)>,
}

impl StaffFact {
    fn fte_on(&self, day: NaiveDate) -> Fte {
        self.fte_history
            .iter()
            .rev()
            .find(|(from, _)| *from <= day)
            .map(|(_, f)| *f)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct OfficeFacts {
    pub special_area: bool,
    pub area_grades: Vec<(NaiveDate, AreaGrade)>,
    pub fee_ii_filed: Vec<Period>,
    pub exchange_use: Vec<Period>,
    pub support_ordering: SupportOrdering,
}

/// Everything the rules need about an office, loaded once and reused for every month.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    pub office: OfficeFacts,
    pub staff: Vec<StaffFact>,
    pub clients: Vec<ClientFact>,
}

/// Hypothetical changes: add (or with a negative number remove) clients, another FTE, another
/// fee schedule. Added clients are the newest (last in the order); removed ones the newest too.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WhatIf {
    pub add_care: i64,
    pub add_support: i64,
    pub fte: Option<Fte>,
    pub fee_schedule: Option<FeeSchedule>,
}

impl WhatIf {
    pub fn is_none(&self) -> bool {
        *self == WhatIf::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotCountedReason {
    NoBenefitManagement,
    Pending,
    CommunityProgram,
    NotApplicable,
    NoValidCertification,
}

impl NotCountedReason {
    pub fn code(self) -> &'static str {
        match self {
            Self::NoBenefitManagement => "no_benefit_management",
            Self::Pending => "pending",
            Self::CommunityProgram => "community_program",
            Self::NotApplicable => "not_applicable",
            Self::NoValidCertification => "no_valid_certification",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::NoBenefitManagement => {
                lang.pick("この月は給付管理なし", "no benefit management this month")
            }
            Self::Pending => lang.pick(
                "認定申請中（要介護度が未確定）",
                "application pending (no certified level)",
            ),
            Self::CommunityProgram => lang.pick(
                "事業対象者（介護予防ケアマネジメント）",
                "community program only",
            ),
            Self::NotApplicable => lang.pick("非該当", "not applicable"),
            Self::NoValidCertification => lang.pick(
                "月末に有効な認定がない",
                "no certification valid at month end",
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CountedClient {
    /// None for a hypothetical client of a what-if.
    pub client_id: Option<i64>,
    pub name: String,
    pub insurer_number: String,
    pub insured_number: String,
    pub care_level: CareLevel,
    pub contract_date: Option<NaiveDate>,
    pub care_manager: Option<i64>,
    /// Position k in the band order, in thirds of a client (k = thirds / 3).
    pub position_thirds: u64,
    pub band: Band,
    pub units: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NotCounted {
    pub client_id: i64,
    pub name: String,
    pub insured_number: String,
    pub reason: NotCountedReason,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CareManagerLoad {
    pub staff_id: i64,
    pub name: String,
    pub fte: Fte,
    pub care_clients: u32,
    pub support_clients: u32,
    /// (care + support/3) / own FTE, in hundredths; None with FTE 0.
    pub load_hundredths: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BandCounts {
    pub i: u32,
    pub ii: u32,
    pub iii: u32,
}

impl BandCounts {
    pub fn get(&self, b: Band) -> u32 {
        match b {
            Band::I => self.i,
            Band::Ii => self.ii,
            Band::Iii => self.iii,
        }
    }
    pub fn total(&self) -> u32 {
        self.i + self.ii + self.iii
    }
}

/// The three conditions of fee schedule (II), as they stand at month end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeConditions {
    pub filed: bool,
    pub exchange: bool,
    pub clerk: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Exchange and clerk are there but (II) was not filed: the office is leaving money behind.
    IiNotFiled,
    /// (II) is filed but a condition is missing: (I) applies.
    IiConditionMissing {
        exchange: bool,
        clerk: bool,
    },
    NoCareManagerFte,
    NoAreaGrade,
}

impl Warning {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Warning::IiNotFiled => lang
                .pick(
                    "データ連携の利用と事務職員の配置を満たしていますが、(II)の届出がありません。届出れば逓減の開始が45件から50件になります",
                    "The exchange is used and a clerk is employed, but (II) is not filed; filing moves the first threshold from 45 to 50",
                )
                .into(),
            Warning::IiConditionMissing { exchange, clerk } => {
                let mut missing = Vec::new();
                if !exchange {
                    missing.push(lang.pick("データ連携システムの利用", "use of the data exchange"));
                }
                if !clerk {
                    missing.push(lang.pick("事務職員の配置", "a clerk with FTE above 0"));
                }
                format!(
                    "{}{}",
                    lang.pick("(II)を届出ていますが要件が欠けています（(I)で計算）: ", "(II) is filed but a condition is missing ((I) applies): "),
                    missing.join(lang.pick("・", ", "))
                )
            }
            Warning::NoCareManagerFte => lang
                .pick("この月の介護支援専門員の常勤換算が0です。職員の常勤換算を確認してください", "No care manager FTE this month; check the staff FTE")
                .into(),
            Warning::NoAreaGrade => lang
                .pick("地域区分が未設定のため金額を計算できません（careplan office set --area-grade）", "Area grade not set, so no yen (careplan office set --area-grade)")
                .into(),
        }
    }
}

/// What the next care client taken on would earn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextClient {
    pub position_thirds: u64,
    pub band: Band,
    pub units_care12: u32,
    pub units_care345: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Caseload {
    pub month: NaiveDate,
    pub evaluated_on: NaiveDate,
    pub fee_schedule: FeeSchedule,
    pub conditions: FeeConditions,
    pub special_area: bool,
    pub support_ordering: SupportOrdering,
    pub fte: Fte,
    pub care_clients: u32,
    pub support_clients: u32,
    /// (care + support/3) / FTE in hundredths, rounded half up; None with FTE 0.
    pub caseload_hundredths: Option<u64>,
    pub clients: Vec<CountedClient>,
    pub not_counted: Vec<NotCounted>,
    pub bands: BandCounts,
    pub units_total: u64,
    pub unit_price_hundredths: Option<u32>,
    pub yen_total: Option<u64>,
    pub staffing_per_care_manager: u32,
    pub staffing_required: u32,
    pub care_managers: Vec<CareManagerLoad>,
    pub next_client: NextClient,
    pub warnings: Vec<Warning>,
}

struct UnitsRow {
    schedule: FeeSchedule,
    band: Band,
    threshold: u64,
    care12: u32,
    care345: u32,
}

/// The unit table from assets/caseload_units.tsv (data: it changes at fee revisions).
fn units_table() -> &'static [UnitsRow] {
    static TABLE: OnceLock<Vec<UnitsRow>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../../assets/caseload_units.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("schedule") && !l.trim().is_empty())
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let code = *f.get(1)?;
                let band = Band::ALL.into_iter().find(|b| b.code() == code)?;
                Some(UnitsRow {
                    schedule: FeeSchedule::parse(f.first()?)?,
                    band,
                    threshold: f.get(2)?.parse().ok()?,
                    care12: f.get(3)?.parse().ok()?,
                    care345: f.get(4)?.parse().ok()?,
                })
            })
            .collect()
    })
}

/// Base units per client per month for a schedule, band and care level (0 if not a care level).
pub fn units(schedule: FeeSchedule, band: Band, level: CareLevel) -> u32 {
    let row = units_table()
        .iter()
        .find(|r| r.schedule == schedule && r.band == band);
    match (row, level) {
        (Some(r), CareLevel::Care1 | CareLevel::Care2) => r.care12,
        (Some(r), CareLevel::Care3 | CareLevel::Care4 | CareLevel::Care5) => r.care345,
        _ => 0,
    }
}

pub fn month_end(month: NaiveDate) -> NaiveDate {
    let first = month.with_day(1).unwrap_or(month);
    (first + Months::new(1)).pred_opt().unwrap_or(first)
}

/// The band of a position: k < T1·FTE → (i); k < 60·FTE → (ii); otherwise (iii). With k = thirds/3
/// and FTE = h/100: k < T·FTE ⇔ 100·thirds < 3·T·h, all in integers.
pub fn band_of(position_thirds: u64, schedule: FeeSchedule, fte: Fte, special_area: bool) -> Band {
    let h = u64::from(fte.hundredths());
    if special_area || 100 * position_thirds < 3 * schedule.second_band_from() * h {
        Band::I
    } else if 100 * position_thirds < 3 * THIRD_BAND_FROM * h {
        Band::Ii
    } else {
        Band::Iii
    }
}

/// (3·care + support) weighted clients over FTE, as hundredths rounded half up.
fn per_fte_hundredths(weighted_thirds: u64, fte: Fte) -> Option<u64> {
    let h = u64::from(fte.hundredths());
    (h > 0).then(|| {
        let num = weighted_thirds * 100 * 100;
        let den = 3 * h;
        (2 * num + den) / (2 * den)
    })
}

enum Class {
    Care(CareLevel),
    Support,
    Not(NotCountedReason),
}

/// The level that counts: the certified level valid on `day`, or why there is none.
fn classify(c: &ClientFact, day: NaiveDate) -> Class {
    let certified = c
        .certifications
        .iter()
        .filter(|x| {
            x.status == CertStatus::Certified
                && x.valid_from <= day
                && x.valid_to.is_none_or(|t| day <= t)
        })
        .filter_map(|x| x.level.map(|l| (x.valid_from, l)))
        .max_by_key(|(from, _)| *from);
    match certified.map(|(_, l)| l) {
        Some(l) if l.is_care() => Class::Care(l),
        Some(l) if l.is_support() => Class::Support,
        Some(CareLevel::CommunityProgram) => Class::Not(NotCountedReason::CommunityProgram),
        Some(_) => Class::Not(NotCountedReason::NotApplicable),
        None => {
            let pending = c
                .certifications
                .iter()
                .any(|x| x.status == CertStatus::Pending && x.valid_from <= day);
            Class::Not(if pending {
                NotCountedReason::Pending
            } else {
                NotCountedReason::NoValidCertification
            })
        }
    }
}

fn care_manager_on(c: &ClientFact, day: NaiveDate) -> Option<i64> {
    c.care_managers
        .iter()
        .filter(|(from, _)| *from <= day)
        .max_by_key(|(from, _)| *from)
        .map(|(_, id)| *id)
}

struct Entry<'a> {
    client: Option<&'a ClientFact>,
    level: Option<CareLevel>,
    care_manager: Option<i64>,
}

/// The caseload of `month` (any day of it) with an optional what-if.
pub fn compute(facts: &Facts, month: NaiveDate, what_if: &WhatIf) -> Caseload {
    let month = month.with_day(1).unwrap_or(month);
    let last = month_end(month);
    let office = &facts.office;

    let fte_actual = Fte::from_hundredths(
        facts
            .staff
            .iter()
            .filter(|s| s.role.is_care_manager())
            .map(|s| s.fte_on(last).hundredths())
            .sum(),
    );
    let conditions = FeeConditions {
        filed: office.fee_ii_filed.iter().any(|p| p.covers(last)),
        exchange: office.exchange_use.iter().any(|p| p.covers(last)),
        clerk: facts
            .staff
            .iter()
            .any(|s| s.role == StaffRole::Clerk && s.fte_on(last).hundredths() > 0),
    };
    let by_rules = if conditions.filed && conditions.exchange && conditions.clerk {
        FeeSchedule::II
    } else {
        FeeSchedule::I
    };
    let schedule = what_if.fee_schedule.unwrap_or(by_rules);
    let fte = what_if.fte.unwrap_or(fte_actual);

    let mut care: Vec<Entry> = Vec::new();
    let mut support: Vec<Entry> = Vec::new();
    let mut not_counted = Vec::new();
    for c in &facts.clients {
        if c.contract_date > last || c.contract_end.is_some_and(|e| e < month) {
            continue;
        }
        let not = |reason| NotCounted {
            client_id: c.id,
            name: c.name.clone(),
            insured_number: c.insured_number.clone(),
            reason,
        };
        if c.no_benefit_months.contains(&month) {
            not_counted.push(not(NotCountedReason::NoBenefitManagement));
            continue;
        }
        let day = c.contract_end.map_or(last, |e| e.min(last));
        let entry = |level| Entry {
            client: Some(c),
            level,
            care_manager: care_manager_on(c, day),
        };
        match classify(c, day) {
            Class::Care(l) => care.push(entry(Some(l))),
            Class::Support => support.push(entry(None)),
            Class::Not(reason) => not_counted.push(not(reason)),
        }
    }
    let key = |e: &Entry| e.client.map(|c| (c.contract_date, c.id));
    care.sort_by_key(key);
    support.sort_by_key(key);
    apply_count(&mut care, what_if.add_care, Some(CareLevel::Care1));
    apply_count(&mut support, what_if.add_support, None);

    // Band order: each care client's position in thirds of a client.
    let p = support.len() as u64;
    let positions: Vec<u64> = match office.support_ordering {
        SupportOrdering::SupportFirst => (1..=care.len() as u64).map(|j| 3 * j + p).collect(),
        SupportOrdering::ByContractDate => {
            // Hypothetical (newest) clients sort after every real one.
            let order = |e: &Entry| e.client.map(|c| (c.contract_date, c.id));
            care.iter()
                .enumerate()
                .map(|(j, e)| {
                    let before = support
                        .iter()
                        .filter(|s| match (order(s), order(e)) {
                            (Some(a), Some(b)) => a < b,
                            (Some(_), None) => true,
                            (None, _) => false,
                        })
                        .count() as u64;
                    3 * (j as u64 + 1) + before
                })
                .collect()
        }
    };

    let mut bands = BandCounts::default();
    let mut units_total = 0u64;
    let clients: Vec<CountedClient> = care
        .iter()
        .zip(&positions)
        .map(|(e, &thirds)| {
            let band = band_of(thirds, schedule, fte, office.special_area);
            let level = e.level.unwrap_or(CareLevel::Care1);
            let u = units(schedule, band, level);
            units_total += u64::from(u);
            match band {
                Band::I => bands.i += 1,
                Band::Ii => bands.ii += 1,
                Band::Iii => bands.iii += 1,
            }
            CountedClient {
                client_id: e.client.map(|c| c.id),
                name: e.client.map(|c| c.name.clone()).unwrap_or_default(),
                insurer_number: e
                    .client
                    .map(|c| c.insurer_number.clone())
                    .unwrap_or_default(),
                insured_number: e
                    .client
                    .map(|c| c.insured_number.clone())
                    .unwrap_or_default(),
                care_level: level,
                contract_date: e.client.map(|c| c.contract_date),
                care_manager: e.care_manager,
                position_thirds: thirds,
                band,
                units: u,
            }
        })
        .collect();

    let c = care.len() as u64;
    let weighted_thirds = 3 * c + p;
    let next_thirds = 3 * (c + 1) + p;
    let next_band = band_of(next_thirds, schedule, fte, office.special_area);
    let next_client = NextClient {
        position_thirds: next_thirds,
        band: next_band,
        units_care12: units(schedule, next_band, CareLevel::Care1),
        units_care345: units(schedule, next_band, CareLevel::Care3),
    };
    let grade = office
        .area_grades
        .iter()
        .filter(|(from, _)| *from <= last)
        .max_by_key(|(from, _)| *from)
        .map(|(_, g)| *g);
    let unit_price_hundredths = grade.map(AreaGrade::unit_price_hundredths);
    // Yen = units × unit price, truncated to whole yen.
    let yen_total = unit_price_hundredths.map(|price| units_total * u64::from(price) / 100);
    let staffing_per_care_manager =
        if schedule == FeeSchedule::II || (conditions.exchange && conditions.clerk) {
            49
        } else {
            44
        };
    let staffing_required =
        weighted_thirds.div_ceil(3 * u64::from(staffing_per_care_manager)) as u32;

    let care_managers = facts
        .staff
        .iter()
        .filter(|s| s.role.is_care_manager())
        .filter_map(|s| {
            let own = |list: &[Entry]| {
                list.iter()
                    .filter(|e| e.client.is_some() && e.care_manager == Some(s.id))
                    .count() as u32
            };
            let (cc, sc) = (own(&care), own(&support));
            let own_fte = s.fte_on(last);
            (own_fte.hundredths() > 0 || cc + sc > 0).then(|| CareManagerLoad {
                staff_id: s.id,
                name: s.name.clone(),
                fte: own_fte,
                care_clients: cc,
                support_clients: sc,
                load_hundredths: per_fte_hundredths(3 * u64::from(cc) + u64::from(sc), own_fte),
            })
        })
        .collect();

    let mut warnings = Vec::new();
    if !conditions.filed && conditions.exchange && conditions.clerk {
        warnings.push(Warning::IiNotFiled);
    }
    if conditions.filed && !(conditions.exchange && conditions.clerk) {
        warnings.push(Warning::IiConditionMissing {
            exchange: conditions.exchange,
            clerk: conditions.clerk,
        });
    }
    if fte.hundredths() == 0 && weighted_thirds > 0 {
        warnings.push(Warning::NoCareManagerFte);
    }
    if grade.is_none() {
        warnings.push(Warning::NoAreaGrade);
    }

    Caseload {
        month,
        evaluated_on: last,
        fee_schedule: schedule,
        conditions,
        special_area: office.special_area,
        support_ordering: office.support_ordering,
        fte,
        care_clients: care.len() as u32,
        support_clients: support.len() as u32,
        caseload_hundredths: per_fte_hundredths(weighted_thirds, fte),
        clients,
        not_counted,
        bands,
        units_total,
        unit_price_hundredths,
        yen_total,
        staffing_per_care_manager,
        staffing_required,
        care_managers,
        next_client,
        warnings,
    }
}

/// Adds `n` hypothetical newest entries, or with a negative `n` drops the newest real ones.
fn apply_count(list: &mut Vec<Entry>, n: i64, level: Option<CareLevel>) {
    if n < 0 {
        let keep = list.len().saturating_sub(n.unsigned_abs() as usize);
        list.truncate(keep);
    } else {
        for _ in 0..n {
            list.push(Entry {
                client: None,
                level,
                care_manager: None,
            });
        }
    }
}

/// The rule that produced the figures, in one line: the thresholds at this FTE, the ordering.
pub fn explain(c: &Caseload, lang: Lang) -> String {
    let fte = c.fte;
    // T × FTE as a decimal without trailing zeros (45 × 2.50 = 112.5).
    let at = |t: u64| {
        let v = t * u64::from(fte.hundredths());
        let s = format!("{}.{:02}", v / 100, v % 100);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let (t1, t2) = (c.fee_schedule.second_band_from(), THIRD_BAND_FROM);
    let s = c.fee_schedule.code();
    let order = c.support_ordering.label(lang);
    if c.special_area {
        return match lang {
            Lang::Ja => format!("費({s}) 特別地域のため件数にかかわらず全員(i)"),
            Lang::En => {
                format!("Schedule ({s}), special area: everyone in band (i) whatever the caseload")
            }
        };
    }
    match lang {
        Lang::Ja => format!(
            "費({s}): {t1}×{fte}={} 件目未満(i)・{t2}×{fte}={} 件目未満(ii)・以降(iii)。契約日の古い順（同日は登録順）・{order}",
            at(t1),
            at(t2)
        ),
        Lang::En => format!(
            "Schedule ({s}): positions below {t1}×{fte}={} are (i), below {t2}×{fte}={} (ii), then (iii); oldest contract first (ties by registration), {order}",
            at(t1),
            at(t2)
        ),
    }
}

/// A month whose band picture differs from the month before, among the next months.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastMonth {
    pub caseload: Caseload,
    /// The first band (ii) or (iii) client appears (or disappears) this month.
    pub crosses: Option<Band>,
}

/// The next `n` months after `month` from what is already recorded: contract starts and ends,
/// certification periods (an expired one is not assumed renewed) and dated FTE changes.
pub fn forecast(facts: &Facts, month: NaiveDate, n: u32) -> Vec<ForecastMonth> {
    let mut prev = compute(facts, month, &WhatIf::default());
    (1..=n)
        .map(|i| {
            let c = compute(
                facts,
                month.with_day(1).unwrap_or(month) + Months::new(i),
                &WhatIf::default(),
            );
            let highest = |x: &Caseload| Band::ALL.into_iter().rev().find(|b| x.bands.get(*b) > 0);
            let crosses = (highest(&c) != highest(&prev)).then(|| highest(&c).unwrap_or(Band::I));
            prev = c.clone();
            ForecastMonth {
                caseload: c,
                crosses,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;

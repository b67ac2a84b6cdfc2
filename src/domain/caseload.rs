//! 取扱件数 (caseload) and the 居宅介護支援費 fee bands: the one place these rules live. The
//! dashboard, the 件数 screen and `careplan caseload` all call `compute`.
//!
//! Everything is judged on the month's last day (the level the client has at month end, the FTE
//! and the office's conditions in force then), with the fee rules in force that day
//! (`domain::rules`). Positions are kept in parts of a client (1/den of the support weight n/den,
//! thirds while the weight is 1/3), so the support weight and FTE in hundredths compare exactly:
//! no float ever places a client.

use super::Lang;
use super::area::AreaGrade;
use super::care_level::{CareLevel, CertStatus};
use super::claims::BilledBands;
use super::dates::month_end;
pub use super::fee::{Band, FeeSchedule};
use super::fte::Fte;
use super::rules::{Condition, Revision, RuleBook, Thresholds, TreatmentImprovement, Weight};
use super::staff_role::StaffRole;
use chrono::{Datelike, Months, NaiveDate};
use std::sync::Arc;

/// Where the weighted support clients sit in the order (an open point in the rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportOrdering {
    /// An older MHLW Q&A: support clients head the list.
    #[default]
    SupportFirst,
    /// Every client by contract date, a support client adding its weight.
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
    pub name: Arc<str>,
    pub insurer_number: Arc<str>,
    pub insured_number: Arc<str>,
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
    /// The fee rules: compiled-in tables and the office's imported ones.
    pub rules: RuleBook,
    /// The bands billed in months whose claims were moved in (`careplan migrate kokuho`).
    pub billed: BilledBands,
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
    /// The contract starts after the month's last day (a contract that ended before the month is
    /// not the month's client at all and is not listed).
    ContractNotStarted,
    NoBenefitManagement,
    Pending,
    CommunityProgram,
    NotApplicable,
    NoValidCertification,
}

impl NotCountedReason {
    pub fn code(self) -> &'static str {
        match self {
            Self::ContractNotStarted => "contract_not_started",
            Self::NoBenefitManagement => "no_benefit_management",
            Self::Pending => "pending",
            Self::CommunityProgram => "community_program",
            Self::NotApplicable => "not_applicable",
            Self::NoValidCertification => "no_valid_certification",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::ContractNotStarted => {
                lang.pick("契約の開始が翌月以降", "contract starts after this month")
            }
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
    pub name: Arc<str>,
    pub insurer_number: Arc<str>,
    pub insured_number: Arc<str>,
    pub care_level: CareLevel,
    pub contract_date: Option<NaiveDate>,
    pub care_manager: Option<i64>,
    /// Position k in the band order, in parts of a client (k = parts / weight's den).
    pub position_parts: u64,
    pub band: Band,
    pub units: u32,
    /// The band billed for the month, where its claim was moved in (read from the base code).
    pub billed_band: Option<Band>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NotCounted {
    pub client_id: i64,
    pub name: Arc<str>,
    pub insured_number: Arc<str>,
    pub contract_date: NaiveDate,
    pub care_manager: Option<i64>,
    pub reason: NotCountedReason,
}

/// A 要支援 client counted with the support weight (no band of its own).
#[derive(Debug, Clone, PartialEq)]
pub struct SupportClient {
    /// None for a hypothetical client of a what-if.
    pub client_id: Option<i64>,
    pub name: Arc<str>,
    pub insured_number: Arc<str>,
    /// None for a hypothetical client.
    pub care_level: Option<CareLevel>,
    pub contract_date: Option<NaiveDate>,
    pub care_manager: Option<i64>,
}

/// How far a caseload is from the next threshold: the clients that can still be taken on while
/// the caseload stays below it. The next care client after `care` more falls in `band`; after
/// `support` more 要支援 clients the caseload itself is still below the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Headroom {
    /// The band the threshold starts: (ii) from (i), (iii) from (ii).
    pub band: Band,
    /// The threshold (clients per FTE): 45/50 for (ii), 60 for (iii).
    pub threshold: u64,
    pub care: u64,
    pub support: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CareManagerLoad {
    pub staff_id: i64,
    pub name: String,
    pub fte: Fte,
    pub care_clients: u32,
    pub support_clients: u32,
    /// (care + support × weight) / own FTE, in hundredths; None with FTE 0.
    pub load_hundredths: Option<u64>,
    /// Room to the next threshold at this care manager's own load and FTE (as if the office's
    /// thresholds applied to them alone); None with FTE 0, in (iii) or in a special area.
    pub headroom: Option<Headroom>,
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

/// The three conditions of fee schedule (II), as they stand at month end (whether the rules in
/// force require each is `Caseload::fee_ii_requires`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeConditions {
    pub filed: bool,
    pub exchange: bool,
    pub clerk: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The (II) conditions are met but (II) was not filed: the office is leaving money behind.
    IiNotFiled {
        from: u64,
        to: u64,
    },
    /// (II) is filed but a condition is missing: (I) applies.
    IiConditionMissing {
        missing: Vec<Condition>,
    },
    /// (II) is filed but the rules in force have no (II) that month: (I) applies.
    IiNotInRules,
    NoCareManagerFte,
    NoAreaGrade,
    /// A care manager's own load per FTE is at or above the office's next threshold while the
    /// office is below it: the band is the office's, but the load sits on one person.
    CareManagerAboveOffice {
        name: String,
        load_hundredths: u64,
        threshold: u64,
        band: Band,
        office_hundredths: u64,
    },
    /// The month is on or after a scheduled revision for which no table exists yet: computed with
    /// the last table before it.
    RulesNotPublished {
        revision: Revision,
        table_from: NaiveDate,
    },
}

impl Warning {
    /// A stable code for scripts (the caseload JSON's `warning_codes`).
    pub fn code(&self) -> &'static str {
        match self {
            Warning::IiNotFiled { .. } => "ii_not_filed",
            Warning::IiConditionMissing { .. } => "ii_condition_missing",
            Warning::IiNotInRules => "ii_not_in_rules",
            Warning::NoCareManagerFte => "no_care_manager_fte",
            Warning::NoAreaGrade => "no_area_grade",
            Warning::CareManagerAboveOffice { .. } => "care_manager_above_office",
            Warning::RulesNotPublished { .. } => "rules_not_published",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            Warning::IiNotFiled { from, to } => match lang {
                Lang::Ja => format!("(II)の要件（データ連携の利用・事務職員の配置）を満たしていますが、(II)の届出がありません。届出れば逓減の開始が{from}件から{to}件になります"),
                Lang::En => format!("The (II) conditions are met (exchange, clerk), but (II) is not filed; filing moves the first threshold from {from} to {to}"),
            },
            Warning::IiNotInRules => lang
                .pick(
                    "(II)を届出ていますが、この月の規則表に(II)の要件がありません（(I)で計算）。careplan rules で確かめてください",
                    "(II) is filed but the rules in force have no (II) this month ((I) applies); see careplan rules",
                )
                .into(),
            Warning::RulesNotPublished { revision, table_from } => match lang {
                Lang::Ja => format!(
                    "{}年{}月の{}の表は未公表のため、{}からの表で計算しています。公表されたら careplan rules import で取り込んでください",
                    revision.on.year(),
                    revision.on.month(),
                    revision.name,
                    super::dates::iso(*table_from)
                ),
                Lang::En => format!(
                    "The table of {} ({}) is not published yet: computed with the table from {}; import it with careplan rules import when it is",
                    revision.name,
                    super::dates::iso(revision.on),
                    super::dates::iso(*table_from)
                ),
            },
            Warning::IiConditionMissing { missing } => {
                let missing: Vec<&str> = missing
                    .iter()
                    .map(|c| match c {
                        Condition::Exchange => {
                            lang.pick("データ連携システムの利用", "use of the data exchange")
                        }
                        Condition::Clerk => lang.pick("事務職員の配置", "a clerk with FTE above 0"),
                    })
                    .collect();
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
            Warning::CareManagerAboveOffice { name, load_hundredths: l, threshold, band, office_hundredths: o } => match lang {
                Lang::Ja => format!(
                    "{name}: 1人あたり{}.{:02}件で{}の境{threshold}件以上（事業所は{}.{:02}件）",
                    l / 100, l % 100, band.label(), o / 100, o % 100
                ),
                Lang::En => format!(
                    "{name}: {}.{:02} per FTE, at or above the {} line of {threshold} (office {}.{:02})",
                    l / 100, l % 100, band.label(), o / 100, o % 100
                ),
            },
        }
    }
}

/// What the next care client taken on would earn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextClient {
    pub position_parts: u64,
    pub band: Band,
    pub units_care12: u32,
    pub units_care345: u32,
    /// What a 要介護3〜5 client earns in band (i) of the same schedule, for comparison.
    pub units_band_i_care345: u32,
}

/// The fee rules a month was computed with.
#[derive(Debug, Clone, PartialEq)]
pub struct RulesUsed {
    pub from: NaiveDate,
    pub source: String,
    pub thresholds: Thresholds,
    pub support_weight: Weight,
    /// What (II) requires besides the filing; None when the table has no (II) that month.
    pub fee_ii_requires: Option<Vec<Condition>>,
    pub treatment_improvement: Option<TreatmentImprovement>,
    /// The scheduled revision this month is on or after but no table covers yet.
    pub not_published: Option<Revision>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Caseload {
    pub month: NaiveDate,
    pub evaluated_on: NaiveDate,
    pub rules: RulesUsed,
    pub fee_schedule: FeeSchedule,
    pub conditions: FeeConditions,
    pub special_area: bool,
    pub support_ordering: SupportOrdering,
    pub fte: Fte,
    pub care_clients: u32,
    pub support_clients: u32,
    /// care + support × weight, in parts of a client (1/weight's den).
    pub weighted_parts: u64,
    /// (care + support × weight) / FTE in hundredths, rounded half up; None with FTE 0.
    pub caseload_hundredths: Option<u64>,
    pub clients: Vec<CountedClient>,
    /// The 要支援 clients counted with the weight, in contract order (what-if ones last).
    pub support: Vec<SupportClient>,
    pub not_counted: Vec<NotCounted>,
    pub bands: BandCounts,
    pub units_total: u64,
    pub unit_price_hundredths: Option<u32>,
    pub yen_total: Option<u64>,
    pub staffing_per_care_manager: u32,
    pub staffing_required: u32,
    pub care_managers: Vec<CareManagerLoad>,
    pub next_client: NextClient,
    /// Room to the next threshold for the office; None in (iii), with FTE 0 or in a special area.
    pub headroom: Option<Headroom>,
    /// The what-if these figures were computed with (none for the month as recorded).
    pub what_if: WhatIf,
    pub warnings: Vec<Warning>,
    /// The bands billed against careplan's, for a month with claims moved in.
    pub billed: Option<BilledCheck>,
}

/// A month's bands as billed (its claims moved in) beside the bands careplan computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BilledCheck {
    /// Registered clients billed in each band (counted by careplan or not).
    pub bands: BandCounts,
    /// Counted clients billed in another band than careplan's.
    pub differing: u32,
    /// Clients billed a band whom careplan does not count with a band this month.
    pub billed_not_counted: u32,
}

/// The billed bands of `month` against the counted clients' computed ones; None when no claim
/// of the month was moved in.
fn billed_check(
    billed: &BilledBands,
    month: NaiveDate,
    clients: &[CountedClient],
) -> Option<BilledCheck> {
    let mut check = BilledCheck {
        bands: BandCounts::default(),
        differing: 0,
        billed_not_counted: 0,
    };
    let counted: std::collections::HashSet<i64> =
        clients.iter().filter_map(|c| c.client_id).collect();
    let mut any = false;
    for (id, band) in billed.in_month(month) {
        any = true;
        match band {
            Band::I => check.bands.i += 1,
            Band::Ii => check.bands.ii += 1,
            Band::Iii => check.bands.iii += 1,
        }
        if !counted.contains(&id) {
            check.billed_not_counted += 1;
        }
    }
    check.differing = clients
        .iter()
        .filter(|c| c.billed_band.is_some_and(|b| b != c.band))
        .count() as u32;
    any.then_some(check)
}

/// How positions are compared for one month: the thresholds and the parts of a client.
#[derive(Clone, Copy)]
struct Scale {
    /// Parts per client: the support weight's denominator (3 for 1/3).
    den: u64,
    /// Parts a support client adds: the weight's numerator.
    num: u64,
    first: u64,
    third: u64,
    special_area: bool,
}

impl Scale {
    /// The band of a position: k < T1·FTE → (i); k < T3·FTE → (ii); otherwise (iii). With
    /// k = parts/den and FTE = h/100: k < T·FTE ⇔ 100·parts < den·T·h, all in integers.
    fn band_of(&self, position_parts: u64, fte: Fte) -> Band {
        let h = u64::from(fte.hundredths());
        if self.special_area || 100 * position_parts < self.den * self.first * h {
            Band::I
        } else if 100 * position_parts < self.den * self.third * h {
            Band::Ii
        } else {
            Band::Iii
        }
    }

    /// The threshold a caseload of `weighted_parts` over `fte` reaches next, and the clients
    /// that still fit below it. A caseload k/FTE is below T ⇔ 100·parts < den·T·h.
    fn headroom(&self, weighted_parts: u64, fte: Fte) -> Option<Headroom> {
        let h = u64::from(fte.hundredths());
        if self.special_area || h == 0 {
            return None;
        }
        let below = |t: u64| 100 * weighted_parts < self.den * t * h;
        let (band, threshold) = if below(self.first) {
            (Band::Ii, self.first)
        } else if below(self.third) {
            (Band::Iii, self.third)
        } else {
            return None;
        };
        let limit = self.den * threshold * h;
        Some(Headroom {
            band,
            threshold,
            care: room_below(weighted_parts, self.den, limit),
            support: room_below(weighted_parts, self.num, limit),
        })
    }

    /// Weighted clients (in parts) over FTE, as hundredths rounded half up.
    fn per_fte_hundredths(&self, weighted_parts: u64, fte: Fte) -> Option<u64> {
        let h = u64::from(fte.hundredths());
        (h > 0).then(|| {
            let num = weighted_parts * 100 * 100;
            let den = self.den * h;
            (2 * num + den) / (2 * den)
        })
    }
}

/// How many more clients of `step` parts each can be added to `parts` while 100·parts stays
/// below `limit`: the largest n with 100·(parts + step·n) < limit (0 when already there).
fn room_below(parts: u64, step: u64, limit: u64) -> u64 {
    if 100 * parts >= limit || step == 0 {
        return 0;
    }
    (limit - 1 - 100 * parts) / (100 * step)
}

enum Class {
    Care(CareLevel),
    Support(CareLevel),
    Not(NotCountedReason),
}

/// The certified level valid on `day` (of several, the latest to start), if any.
pub fn certified_level(c: &ClientFact, day: NaiveDate) -> Option<CareLevel> {
    c.certifications
        .iter()
        .filter(|x| {
            x.status == CertStatus::Certified
                && x.valid_from <= day
                && x.valid_to.is_none_or(|t| day <= t)
        })
        .filter_map(|x| x.level.map(|l| (x.valid_from, l)))
        .max_by_key(|(from, _)| *from)
        .map(|(_, l)| l)
}

/// The level that counts: the certified level valid on `day`, or why there is none.
fn classify(c: &ClientFact, day: NaiveDate) -> Class {
    match certified_level(c, day) {
        Some(l) if l.is_care() => Class::Care(l),
        Some(l) if l.is_support() => Class::Support(l),
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

/// Step 1 of `compute`: the month's clients sorted into care and support (each by contract
/// date) and those not counted, with why.
fn partition(
    facts: &Facts,
    month: NaiveDate,
    last: NaiveDate,
) -> (Vec<Entry<'_>>, Vec<Entry<'_>>, Vec<NotCounted>) {
    let mut care: Vec<Entry> = Vec::new();
    let mut support: Vec<Entry> = Vec::new();
    let mut not_counted = Vec::new();
    for c in &facts.clients {
        if c.contract_end.is_some_and(|e| e < month) {
            continue;
        }
        let not = |reason| NotCounted {
            client_id: c.id,
            name: c.name.clone(),
            insured_number: c.insured_number.clone(),
            contract_date: c.contract_date,
            care_manager: care_manager_on(c, c.contract_end.map_or(last, |e| e.min(last))),
            reason,
        };
        if c.contract_date > last {
            not_counted.push(not(NotCountedReason::ContractNotStarted));
            continue;
        }
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
            Class::Support(l) => support.push(entry(Some(l))),
            Class::Not(reason) => not_counted.push(not(reason)),
        }
    }
    let key = |e: &Entry| e.client.map(|c| (c.contract_date, c.id));
    care.sort_by_key(key);
    support.sort_by_key(key);
    (care, support, not_counted)
}

/// Step 2: each care client's position in the band order, in parts of a client (the support
/// clients before it weighted).
fn positions(
    care: &[Entry],
    support: &[Entry],
    ordering: SupportOrdering,
    scale: &Scale,
) -> Vec<u64> {
    let (den, num) = (scale.den, scale.num);
    let p = support.len() as u64;
    match ordering {
        SupportOrdering::SupportFirst => {
            (1..=care.len() as u64).map(|j| den * j + num * p).collect()
        }
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
                    den * (j as u64 + 1) + num * before
                })
                .collect()
        }
    }
}

/// Step 3: each care manager's own clients, load and headroom (those with an FTE or clients).
fn care_manager_loads(
    facts: &Facts,
    care: &[Entry],
    support: &[Entry],
    last: NaiveDate,
    scale: &Scale,
) -> Vec<CareManagerLoad> {
    let (den, num) = (scale.den, scale.num);
    // Each care manager's (care, support) clients, counted in one pass over the month (an
    // office of 10,000 clients has about 200 care managers).
    let mut own: std::collections::HashMap<i64, (u32, u32)> = std::collections::HashMap::new();
    for (list, support) in [(care, false), (support, true)] {
        for e in list.iter().filter(|e| e.client.is_some()) {
            if let Some(m) = e.care_manager {
                let n = own.entry(m).or_default();
                if support {
                    n.1 += 1;
                } else {
                    n.0 += 1;
                }
            }
        }
    }
    facts
        .staff
        .iter()
        .filter(|s| s.role.is_care_manager())
        .filter_map(|s| {
            let (cc, sc) = own.get(&s.id).copied().unwrap_or_default();
            let own_fte = s.fte_on(last);
            let own_parts = den * u64::from(cc) + num * u64::from(sc);
            (own_fte.hundredths() > 0 || cc + sc > 0).then(|| CareManagerLoad {
                staff_id: s.id,
                name: s.name.clone(),
                fte: own_fte,
                care_clients: cc,
                support_clients: sc,
                load_hundredths: scale.per_fte_hundredths(own_parts, own_fte),
                headroom: scale.headroom(own_parts, own_fte),
            })
        })
        .collect()
}

/// The caseload of `month` (any day of it) with an optional what-if: the month's clients
/// (`partition`), their positions (`positions`), bands and units, the care managers' loads
/// (`care_manager_loads`), the warnings.
pub fn compute(facts: &Facts, month: NaiveDate, what_if: &WhatIf) -> Caseload {
    let month = month.with_day(1).unwrap_or(month);
    let last = month_end(month);
    let office = &facts.office;
    let in_force = facts.rules.in_force(month);
    let rules = in_force.rules;
    let fee_ii_requires = rules.fee_ii_requires(last);

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
    let met = |c: &Condition| match c {
        Condition::Exchange => conditions.exchange,
        Condition::Clerk => conditions.clerk,
    };
    let ii_met = fee_ii_requires.is_some_and(|r| r.iter().all(met));
    let by_rules = if conditions.filed && ii_met {
        FeeSchedule::II
    } else {
        FeeSchedule::I
    };
    let schedule = what_if.fee_schedule.unwrap_or(by_rules);
    let fte = what_if.fte.unwrap_or(fte_actual);

    let (mut care, mut support, not_counted) = partition(facts, month, last);
    apply_count(&mut care, what_if.add_care, Some(CareLevel::Care1));
    apply_count(&mut support, what_if.add_support, None);

    // Band order: each care client's position in parts of a client.
    let scale = Scale {
        den: rules.support_weight.den,
        num: rules.support_weight.num,
        first: rules.thresholds.second_band_from(schedule),
        third: rules.thresholds.third_band,
        special_area: office.special_area,
    };
    let (den, num) = (scale.den, scale.num);
    let p = support.len() as u64;
    let positions = positions(&care, &support, office.support_ordering, &scale);

    let mut bands = BandCounts::default();
    let mut units_total = 0u64;
    let clients: Vec<CountedClient> = care
        .iter()
        .zip(&positions)
        .map(|(e, &parts)| {
            let band = scale.band_of(parts, fte);
            let level = e.level.unwrap_or(CareLevel::Care1);
            let u = rules.units(schedule, band, level);
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
                position_parts: parts,
                band,
                units: u,
                billed_band: e.client.and_then(|c| facts.billed.band(c.id, month)),
            }
        })
        .collect();

    let support_list: Vec<SupportClient> = support
        .iter()
        .map(|e| SupportClient {
            client_id: e.client.map(|c| c.id),
            name: e.client.map(|c| c.name.clone()).unwrap_or_default(),
            insured_number: e
                .client
                .map(|c| c.insured_number.clone())
                .unwrap_or_default(),
            care_level: e.level,
            contract_date: e.client.map(|c| c.contract_date),
            care_manager: e.care_manager,
        })
        .collect();

    let c = care.len() as u64;
    let weighted_parts = den * c + num * p;
    let next_parts = den * (c + 1) + num * p;
    let next_band = scale.band_of(next_parts, fte);
    let next_client = NextClient {
        position_parts: next_parts,
        band: next_band,
        units_care12: rules.units(schedule, next_band, CareLevel::Care1),
        units_care345: rules.units(schedule, next_band, CareLevel::Care3),
        units_band_i_care345: rules.units(schedule, Band::I, CareLevel::Care3),
    };
    let grade = office
        .area_grades
        .iter()
        .filter(|(from, _)| *from <= last)
        .max_by_key(|(from, _)| *from)
        .map(|(_, g)| *g);
    let unit_price_hundredths = grade.and_then(|g| rules.unit_price(g, last));
    // Yen = units × unit price, truncated to whole yen.
    let yen_total = unit_price_hundredths.map(|price| units_total * u64::from(price) / 100);
    let staffing_per_care_manager =
        if schedule == FeeSchedule::II || (conditions.exchange && conditions.clerk) {
            rules.staffing.with_exchange_and_clerk
        } else {
            rules.staffing.standard
        };
    let staffing_required = staffing_required(weighted_parts, den, staffing_per_care_manager);

    let care_managers = care_manager_loads(facts, &care, &support, last, &scale);

    let mut warnings = Vec::new();
    if let Some(r) = in_force.not_published {
        warnings.push(Warning::RulesNotPublished {
            revision: r.clone(),
            table_from: rules.from,
        });
    }
    if !conditions.filed && ii_met {
        warnings.push(Warning::IiNotFiled {
            from: rules.thresholds.second_band_i,
            to: rules.thresholds.second_band_ii,
        });
    }
    match fee_ii_requires {
        None if conditions.filed => warnings.push(Warning::IiNotInRules),
        Some(r) if conditions.filed && !ii_met => warnings.push(Warning::IiConditionMissing {
            missing: r.iter().filter(|c| !met(c)).copied().collect(),
        }),
        _ => {}
    }
    if fte.hundredths() == 0 && weighted_parts > 0 {
        warnings.push(Warning::NoCareManagerFte);
    }
    if grade.is_none() {
        warnings.push(Warning::NoAreaGrade);
    }
    let headroom = scale.headroom(weighted_parts, fte);
    // A care manager whose own load is at or past the office's next threshold: the office's
    // next band starts below their position (their own next band is further on, or none).
    if let (Some(office_room), Some(office_load)) =
        (headroom, scale.per_fte_hundredths(weighted_parts, fte))
    {
        for m in &care_managers {
            let beyond = m.headroom.is_none_or(|own| own.band > office_room.band);
            if let (true, Some(l)) = (beyond, m.load_hundredths) {
                warnings.push(Warning::CareManagerAboveOffice {
                    name: m.name.clone(),
                    load_hundredths: l,
                    threshold: office_room.threshold,
                    band: office_room.band,
                    office_hundredths: office_load,
                });
            }
        }
    }

    let billed = billed_check(&facts.billed, month, &clients);
    Caseload {
        billed,
        month,
        evaluated_on: last,
        rules: RulesUsed {
            from: rules.from,
            source: rules.source.clone(),
            thresholds: rules.thresholds,
            support_weight: rules.support_weight,
            fee_ii_requires: fee_ii_requires.map(<[Condition]>::to_vec),
            treatment_improvement: rules.treatment_improvement_on(last).cloned(),
            not_published: in_force.not_published.cloned(),
        },
        fee_schedule: schedule,
        conditions,
        special_area: office.special_area,
        support_ordering: office.support_ordering,
        fte,
        care_clients: care.len() as u32,
        support_clients: support.len() as u32,
        weighted_parts,
        caseload_hundredths: scale.per_fte_hundredths(weighted_parts, fte),
        clients,
        support: support_list,
        not_counted,
        bands,
        units_total,
        unit_price_hundredths,
        yen_total,
        staffing_per_care_manager,
        staffing_required,
        care_managers,
        next_client,
        headroom,
        what_if: *what_if,
        warnings,
    }
}

/// Care managers the staffing standard requires: weighted clients over `per`, rounded up.
pub fn staffing_required(weighted_parts: u64, den: u64, per: u32) -> u32 {
    weighted_parts.div_ceil(den.max(1) * u64::from(per).max(1)) as u32
}

impl Caseload {
    /// The caseload from which band (ii) starts under the schedule billed (45 / 50).
    pub fn second_band_from(&self) -> u64 {
        self.rules.thresholds.second_band_from(self.fee_schedule)
    }
    /// The caseload from which band (iii) starts (60).
    pub fn third_band_from(&self) -> u64 {
        self.rules.thresholds.third_band
    }
    /// The other schedule's first threshold (50 when billing (I), 45 when billing (II)).
    pub fn other_band_from(&self) -> u64 {
        let other = match self.fee_schedule {
            FeeSchedule::I => FeeSchedule::II,
            FeeSchedule::II => FeeSchedule::I,
        };
        self.rules.thresholds.second_band_from(other)
    }
    /// A position in parts of a client as a number of clients, to two decimals.
    pub fn clients_of(&self, parts: u64) -> f64 {
        let den = self.rules.support_weight.den.max(1);
        (parts as f64 * 100.0 / den as f64).round() / 100.0
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
    let (t1, t2) = (c.second_band_from(), c.third_band_from());
    let s = c.fee_schedule.code();
    let order = c.support_ordering.label(lang);
    let weight = c.rules.support_weight;
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
            "費({s}): {t1}×{fte}={} 件目未満(i)・{t2}×{fte}={} 件目未満(ii)・以降(iii)。契約日の古い順（同日は登録順）・{order}・要支援{weight}",
            at(t1),
            at(t2)
        ),
        Lang::En => format!(
            "Schedule ({s}): positions below {t1}×{fte}={} are (i), below {t2}×{fte}={} (ii), then (iii); oldest contract first (ties by registration), {order}, a support client counts {weight}",
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
    /// Clients counted in the starting month that are not counted this month because their
    /// certification has ended and no renewal is recorded (the forecast does not assume one).
    pub lapsed: u32,
}

/// The next `n` months after `month` from what is already recorded: contract starts and ends,
/// certification periods (an expired one is not assumed renewed) and dated FTE changes.
pub fn forecast(facts: &Facts, month: NaiveDate, n: u32) -> Vec<ForecastMonth> {
    forecast_from(facts, &compute(facts, month, &WhatIf::default()), n)
}

/// `forecast` from the starting month's caseload already computed (the 件数 screen has it).
pub fn forecast_from(facts: &Facts, start: &Caseload, n: u32) -> Vec<ForecastMonth> {
    let highest = |x: &Caseload| Band::ALL.into_iter().rev().find(|b| x.bands.get(*b) > 0);
    let counted_now: std::collections::HashSet<i64> = start
        .clients
        .iter()
        .filter_map(|x| x.client_id)
        .chain(start.support.iter().filter_map(|x| x.client_id))
        .collect();
    let month = start.month;
    let first = month.with_day(1).unwrap_or(month);
    // The months do not depend on each other: each computed on a thread of its own (a few ms
    // each at 10,000 clients), then compared in order.
    let months: Vec<Caseload> = std::thread::scope(|s| {
        let handles: Vec<_> = (1..=n)
            .map(|i| s.spawn(move || compute(facts, first + Months::new(i), &WhatIf::default())))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    // Only the previous month's highest band is compared: no copy of its caseload is kept.
    let mut prev_highest = highest(start);
    months
        .into_iter()
        .map(|c| {
            let now = highest(&c);
            let crosses = (now != prev_highest).then(|| now.unwrap_or(Band::I));
            prev_highest = now;
            let lapsed = c
                .not_counted
                .iter()
                .filter(|x| {
                    x.reason == NotCountedReason::NoValidCertification
                        && counted_now.contains(&x.client_id)
                })
                .count() as u32;
            ForecastMonth {
                caseload: c,
                crosses,
                lapsed,
            }
        })
        .collect()
}

/// (II) against (I) for the same clients and FTE.
#[derive(Debug, Clone, PartialEq)]
pub struct FeeWorth {
    pub units_i: u64,
    pub units_ii: u64,
    pub yen_i: Option<u64>,
    pub yen_ii: Option<u64>,
    /// Care clients the office can still take on in band (i) under (I) and under (II); None in
    /// a special area (always band (i)).
    pub room_i: Option<u64>,
    pub room_ii: Option<u64>,
    /// What (II) requires besides the filing, in the rules of the month.
    pub requires: Vec<Condition>,
}

impl FeeWorth {
    pub fn units_gain(&self) -> i64 {
        self.units_ii as i64 - self.units_i as i64
    }
    pub fn yen_gain(&self) -> Option<i64> {
        self.yen_ii
            .zip(self.yen_i)
            .map(|(b, a)| b as i64 - a as i64)
    }
}

/// The staffing standard with and without the exchange and a clerk, at the month's clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffingWorth {
    pub standard: u32,
    pub with_exchange_and_clerk: u32,
    pub required_standard: u32,
    pub required_with_exchange_and_clerk: u32,
}

/// The 処遇改善加算 on the month's base units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreatmentWorth {
    pub rule: TreatmentImprovement,
    pub units: u64,
    pub yen: Option<u64>,
    /// Whether joining the exchange (or a pledge) still qualifies at the month's end.
    pub exchange_route_open: bool,
}

/// What the exchange is worth to the office in a month at its caseload, each part from the rules
/// in force that month: the office panel and `careplan enrollment report` show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExchangeWorth {
    pub month: NaiveDate,
    pub rules: RulesUsed,
    pub fee_schedule: FeeSchedule,
    /// None when the rules of the month have no (II).
    pub fee: Option<FeeWorth>,
    pub staffing: StaffingWorth,
    /// None when the rules of the month have no such 加算.
    pub treatment: Option<TreatmentWorth>,
}

/// How many more care clients (each the newest) still fall in band (i): the n for which the
/// position den·(c+n) + num·p stays below den·T·FTE, i.e. 100·(den·(c+n) + num·p) < den·T·h.
pub fn room_in_band_i(c: &Caseload) -> Option<u64> {
    if c.special_area {
        return None;
    }
    let den = c.rules.support_weight.den;
    let limit = den * c.second_band_from() * u64::from(c.fte.hundredths());
    Some(room_below(c.weighted_parts, den, limit))
}

pub fn exchange_worth(facts: &Facts, month: NaiveDate) -> ExchangeWorth {
    exchange_worth_from(facts, &compute(facts, month, &WhatIf::default()))
}

/// `exchange_worth` from the month's caseload as it stands (`compute` with no what-if), when
/// a screen has it already: only the other fee schedule is computed then.
pub fn exchange_worth_from(facts: &Facts, base: &Caseload) -> ExchangeWorth {
    let month = base.month;
    let with = |s| {
        compute(
            facts,
            month,
            &WhatIf {
                fee_schedule: Some(s),
                ..WhatIf::default()
            },
        )
    };
    let fee = base.rules.fee_ii_requires.clone().map(|requires| {
        // The schedule the office is on is `base` itself (a what-if schedule changes nothing
        // else): only the other one is computed.
        let other = with(match base.fee_schedule {
            FeeSchedule::I => FeeSchedule::II,
            FeeSchedule::II => FeeSchedule::I,
        });
        let (i, ii) = match base.fee_schedule {
            FeeSchedule::I => (base, &other),
            FeeSchedule::II => (&other, base),
        };
        FeeWorth {
            room_i: room_in_band_i(i),
            room_ii: room_in_band_i(ii),
            units_i: i.units_total,
            units_ii: ii.units_total,
            yen_i: i.yen_total,
            yen_ii: ii.yen_total,
            requires,
        }
    });
    let rules = facts.rules.in_force(month).rules;
    let den = base.rules.support_weight.den;
    let staffing = StaffingWorth {
        standard: rules.staffing.standard,
        with_exchange_and_clerk: rules.staffing.with_exchange_and_clerk,
        required_standard: staffing_required(base.weighted_parts, den, rules.staffing.standard),
        required_with_exchange_and_clerk: staffing_required(
            base.weighted_parts,
            den,
            rules.staffing.with_exchange_and_clerk,
        ),
    };
    let treatment = base.rules.treatment_improvement.clone().map(|t| {
        let units = t.units_on(base.units_total);
        TreatmentWorth {
            units,
            yen: base
                .unit_price_hundredths
                .map(|p| units * u64::from(p) / 100),
            exchange_route_open: t
                .exchange_route_until
                .is_none_or(|u| base.evaluated_on <= u),
            rule: t,
        }
    });
    ExchangeWorth {
        month: base.month,
        rules: base.rules.clone(),
        fee_schedule: base.fee_schedule,
        fee,
        staffing,
        treatment,
    }
}

#[cfg(test)]
mod tests;

//! 特定事業所集中減算 (over-concentration on one corporation): the half-year judgement periods,
//! their report and application dates, the worksheet of each service's plans by corporation,
//! the one exact comparison against the threshold, and the explanation given at a contract
//! (the last six months' shares). Every number is the fee rules table's (`[concentration]`).
//!
//! Counting unit: a plan counts once per client and month of the period in which it is in
//! force and arranges the service (the municipal worksheets count 居宅サービス計画 per month).
//! A corporation's count is the plans that arrange the service with one of its providers: a
//! plan using two corporations for one service counts for both, so shares may add up to more
//! than 100%. A provider without a corporation recorded counts as a corporation of its own,
//! under its own name.

use super::Lang;
use super::dates::iso;
use super::dates::{month_end, month_start};
pub use super::rules::{ConcentrationRules, HalfYear, MonthDay};
use super::rules::{RuleBook, Rules};
use super::validation::{Invalid, fold_ascii};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// 前期 (H1) or 後期 (H2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Half {
    First,
    Second,
}

/// A judgement period named by the year its first half-year is in: 2026-H2 is the second
/// half starting in 2026 (to the end of February 2027).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PeriodId {
    pub year: i32,
    pub half: Half,
}

impl PeriodId {
    /// "2026-H1" / "2026-H2" (lower case and full-width accepted).
    pub fn parse(input: &str) -> Result<PeriodId, Invalid> {
        let s = fold_ascii(input).to_ascii_uppercase();
        let bad = || {
            Invalid::new(
                format!(
                    "判定期間「{input}」は YYYY-H1（前期）か YYYY-H2（後期）で書いてください（例 2026-H2）"
                ),
                format!("period \"{input}\": write YYYY-H1 or YYYY-H2 (e.g. 2026-H2)"),
            )
        };
        let (y, h) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let half = match h {
            "H1" => Half::First,
            "H2" => Half::Second,
            _ => return Err(bad()),
        };
        Ok(PeriodId { year, half })
    }
    pub fn code(self) -> String {
        format!(
            "{}-{}",
            self.year,
            match self.half {
                Half::First => "H1",
                Half::Second => "H2",
            }
        )
    }
    pub fn next(self) -> PeriodId {
        match self.half {
            Half::First => PeriodId {
                year: self.year,
                half: Half::Second,
            },
            Half::Second => PeriodId {
                year: self.year + 1,
                half: Half::First,
            },
        }
    }
    pub fn prev(self) -> PeriodId {
        match self.half {
            Half::Second => PeriodId {
                year: self.year,
                half: Half::First,
            },
            Half::First => PeriodId {
                year: self.year - 1,
                half: Half::Second,
            },
        }
    }
    /// 「2026年 後期」 / "2026 second half".
    pub fn label(self, lang: Lang) -> String {
        match (lang, self.half) {
            (Lang::Ja, Half::First) => format!("{}年 前期", self.year),
            (Lang::Ja, Half::Second) => format!("{}年 後期", self.year),
            (Lang::En, Half::First) => format!("{} first half", self.year),
            (Lang::En, Half::Second) => format!("{} second half", self.year),
        }
    }
}

/// A judgement period with its dates, from the rules in force at its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub id: PeriodId,
    pub from: NaiveDate,
    /// Inclusive: the day before the next half-year starts (end of February for 後期).
    pub to: NaiveDate,
    pub report_by: NaiveDate,
    pub applies_from: NaiveDate,
    pub applies_until: NaiveDate,
}

impl Period {
    /// The first day of each month of the period.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut m = month_start(self.from);
        while m <= self.to {
            out.push(m);
            m = m + Months::new(1);
        }
        out
    }

    /// The months of the period after `today`'s month (見込み): counted from the plans in force
    /// today, so a new plan or a change of provider can still move them. The month in progress
    /// counts as its plans stand.
    pub fn projected_months(&self, today: NaiveDate) -> Vec<NaiveDate> {
        let this = month_start(today);
        self.months().into_iter().filter(|m| *m > this).collect()
    }

    /// The report date has passed on `today` (the worksheet was due by then).
    pub fn report_passed(&self, today: NaiveDate) -> bool {
        today > self.report_by
    }
}

/// The dates of period `id` under `rules`. The first half starts on its MM-DD of `id.year`;
/// the second on its MM-DD after that; each ends the day before the next half starts.
pub fn period_dates(rules: &ConcentrationRules, id: PeriodId) -> Period {
    let start_of = |half: &HalfYear, after: NaiveDate| half.from.on_or_after(after);
    let jan1 = NaiveDate::from_ymd_opt(id.year, 1, 1).unwrap_or_default();
    let h1 = start_of(&rules.first_half, jan1);
    let h2 = start_of(&rules.second_half, h1);
    let next_h1 = start_of(&rules.first_half, h2 + chrono::Days::new(1));
    let (half, from, next) = match id.half {
        Half::First => (&rules.first_half, h1, h2),
        Half::Second => (&rules.second_half, h2, next_h1),
    };
    let to = next.pred_opt().unwrap_or(next);
    let after = to + chrono::Days::new(1);
    let applies_from = half.applies_from.on_or_after(after);
    Period {
        id,
        from,
        to,
        report_by: half.report_by.on_or_after(after),
        applies_from,
        applies_until: half.applies_until.on_or_after(applies_from),
    }
}

/// The table whose rules judge period `id`: the one in force on the period's first day (its
/// dates taken first from the table in force on the 1st of January of the year).
pub fn rules_for(book: &RuleBook, id: PeriodId) -> Result<(&Rules, &ConcentrationRules), Invalid> {
    let jan1 = NaiveDate::from_ymd_opt(id.year, 1, 1).unwrap_or_default();
    let (_, first) = table_on(book, jan1)?;
    table_on(book, period_dates(first, id).from)
}

/// The period of `id` under the rules that judge it.
pub fn period(book: &RuleBook, id: PeriodId) -> Result<Period, Invalid> {
    let (_, c) = rules_for(book, id)?;
    Ok(period_dates(c, id))
}

/// The period that `day` falls in.
pub fn period_of(book: &RuleBook, day: NaiveDate) -> Result<Period, Invalid> {
    let (_, c) = table_on(book, day)?;
    let candidates = [
        PeriodId {
            year: day.year() - 1,
            half: Half::Second,
        },
        PeriodId {
            year: day.year(),
            half: Half::First,
        },
        PeriodId {
            year: day.year(),
            half: Half::Second,
        },
    ];
    let id = candidates
        .into_iter()
        .find(|id| {
            let p = period_dates(c, *id);
            p.from <= day && day <= p.to
        })
        .unwrap_or(candidates[2]);
    period(book, id)
}

/// The table in force on `day` (the earliest for days before it) and its concentration rules.
fn table_on(book: &RuleBook, day: NaiveDate) -> Result<(&Rules, &ConcentrationRules), Invalid> {
    let t = book
        .tables()
        .iter()
        .rev()
        .find(|t| t.from <= day)
        .or_else(|| book.tables().first());
    t.and_then(|t| t.concentration.as_ref().map(|c| (t, c)))
        .ok_or_else(|| {
            Invalid::new(
                "規則表に特定事業所集中減算の定め（[concentration]）がありません",
                "the fee rules table has no [concentration] section",
            )
        })
}

/// The one comparison of a share against the threshold, exact in integers: `part` of `whole`
/// is over `threshold_percent` only when strictly greater (80.0% is not over 80%).
pub fn exceeds(part: u64, whole: u64, threshold_percent: u32) -> bool {
    whole > 0 && u128::from(part) * 100 > u128::from(threshold_percent) * u128::from(whole)
}

/// A share as a fraction of one (0.8 for 80%), for JSON; the judgement is `exceeds`.
pub fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A share as a percentage with one decimal, cut off (not rounded) as the municipal worksheets
/// write it: 79.96% is "79.9". The ⚠ beside it comes from `exceeds`, never from this text.
pub fn percent_text(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "-".into();
    }
    let tenths = u128::from(part) * 1000 / u128::from(whole);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A provider's corporation as recorded (both may be empty).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProviderInfo {
    pub name: String,
    pub corporation_name: String,
    pub corporation_number: String,
}

/// A service line of a plan in force in a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub service_type: String,
    pub provider_id: i64,
}

/// A client's plan in force in a month (one per client and month), with its service lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanMonth {
    pub client: i64,
    pub month: NaiveDate,
    pub lines: Vec<Line>,
}

/// Which corporation a provider belongs to: by 法人番号 when recorded, else by 法人名 (spaces
/// ignored), else the provider alone.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum CorpKey {
    Number(String),
    Name(String),
    Own(i64),
}

fn squeeze(s: &str) -> String {
    fold_ascii(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Each provider's corporation key. A name recorded without a number joins the one corporation
/// that has the same name with a number, if exactly one does.
fn corporation_keys(providers: &HashMap<i64, ProviderInfo>) -> HashMap<i64, CorpKey> {
    let mut numbered: HashMap<String, BTreeSet<String>> = HashMap::new();
    for p in providers.values() {
        let (name, number) = (squeeze(&p.corporation_name), squeeze(&p.corporation_number));
        if !number.is_empty() && !name.is_empty() {
            numbered.entry(name).or_default().insert(number);
        }
    }
    providers
        .iter()
        .map(|(id, p)| {
            let (name, number) = (squeeze(&p.corporation_name), squeeze(&p.corporation_number));
            let key = if !number.is_empty() {
                CorpKey::Number(number)
            } else if name.is_empty() {
                CorpKey::Own(*id)
            } else {
                match numbered.get(&name) {
                    Some(n) if n.len() == 1 => {
                        CorpKey::Number(n.iter().next().cloned().unwrap_or_default())
                    }
                    _ => CorpKey::Name(name),
                }
            };
            (*id, key)
        })
        .collect()
}

/// One corporation's plans of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorporationShare {
    pub name: String,
    /// Empty when not recorded.
    pub number: String,
    /// No corporation recorded: the provider counts as its own, under its name.
    pub own: bool,
    pub plans: u64,
}

/// A service's plans in the period, by corporation (most plans first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceShare {
    pub service_type: String,
    pub plans: u64,
    pub corporations: Vec<CorporationShare>,
    /// The 正当な理由 recorded for this period and service (empty: none).
    pub note: String,
}

impl ServiceShare {
    /// The corporation with the most plans (ties: the first by name).
    pub fn top(&self) -> Option<&CorporationShare> {
        self.corporations.first()
    }
    /// Whether the top corporation is over the threshold (`exceeds`).
    pub fn over(&self, threshold_percent: u32) -> bool {
        self.top()
            .is_some_and(|t| exceeds(t.plans, self.plans, threshold_percent))
    }
}

/// The worksheet of a period: every service judged, with the rules used.
#[derive(Debug, Clone, PartialEq)]
pub struct Worksheet {
    pub period: Period,
    /// The `from` of the rules table used, and where its concentration section was written.
    pub rules_from: NaiveDate,
    pub threshold_percent: u32,
    pub cut_units: u32,
    pub source: String,
    pub services: Vec<ServiceShare>,
}

impl Worksheet {
    /// The services over the threshold.
    pub fn over(&self) -> Vec<&ServiceShare> {
        self.services
            .iter()
            .filter(|s| s.over(self.threshold_percent))
            .collect()
    }
    /// Whether some provider counted has no corporation recorded (said on screen and paper).
    pub fn has_own(&self) -> bool {
        self.services
            .iter()
            .any(|s| s.corporations.iter().any(|c| c.own))
    }
}

/// The worksheet of `period` from the plans in force in its months, the providers' corporations
/// and the notes recorded (service type → text).
pub fn worksheet(
    rules: &ConcentrationRules,
    rules_from: NaiveDate,
    period: Period,
    plans: &[PlanMonth],
    providers: &HashMap<i64, ProviderInfo>,
    notes: &HashMap<String, String>,
) -> Worksheet {
    let keys = corporation_keys(providers);
    let (first, last) = (month_start(period.from), month_end(period.to));
    let services = rules
        .services
        .iter()
        .map(|code| {
            let mut plans_n = 0u64;
            // key → (plans, names seen with their counts, number)
            let mut by: BTreeMap<CorpKey, (u64, BTreeMap<String, u64>, String)> = BTreeMap::new();
            for p in plans.iter().filter(|p| p.month >= first && p.month <= last) {
                let mut corps: BTreeMap<&CorpKey, &ProviderInfo> = BTreeMap::new();
                for l in p.lines.iter().filter(|l| &l.service_type == code) {
                    if let (Some(k), Some(info)) =
                        (keys.get(&l.provider_id), providers.get(&l.provider_id))
                    {
                        corps.entry(k).or_insert(info);
                    }
                }
                if corps.is_empty() {
                    continue;
                }
                plans_n += 1;
                for (k, info) in corps {
                    let e = by.entry(k.clone()).or_default();
                    e.0 += 1;
                    let name = match k {
                        CorpKey::Own(_) => info.name.clone(),
                        _ => info.corporation_name.trim().to_string(),
                    };
                    *e.1.entry(name).or_default() += 1;
                    if e.2.is_empty() {
                        e.2 = info.corporation_number.trim().to_string();
                    }
                }
            }
            let mut corporations: Vec<CorporationShare> = by
                .into_iter()
                .map(|(k, (n, names, number))| CorporationShare {
                    // The name written most often (the first by order on a tie).
                    name: names
                        .iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(n, _)| n.clone())
                        .unwrap_or_default(),
                    number,
                    own: matches!(k, CorpKey::Own(_)),
                    plans: n,
                })
                .collect();
            corporations.sort_by(|a, b| b.plans.cmp(&a.plans).then(a.name.cmp(&b.name)));
            ServiceShare {
                service_type: code.clone(),
                plans: plans_n,
                corporations,
                note: notes.get(code).cloned().unwrap_or_default(),
            }
        })
        .collect();
    Worksheet {
        period,
        rules_from,
        threshold_percent: rules.threshold_percent,
        cut_units: rules.cut_units,
        source: rules.source.clone(),
        services,
    }
}

/// How many days before the report date ホーム lists it.
pub const REPORT_WARN_DAYS: i64 = 30;

/// The period whose worksheet is due within `REPORT_WARN_DAYS` of `today` (report date today
/// or later), if any: the period `today` is in, or the one before it.
pub fn report_due(book: &RuleBook, today: NaiveDate) -> Option<Period> {
    let now = period_of(book, today).ok()?;
    let before = period(book, now.id.prev()).ok()?;
    [before, now].into_iter().find(|p| {
        let left = (p.report_by - today).num_days();
        (0..=REPORT_WARN_DAYS).contains(&left)
    })
}

/// A worksheet due soon (ホーム's deadline): its period and the services over the threshold so
/// far (none: the worksheet is only kept; some: it must be submitted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDue {
    pub period: Period,
    pub over: Vec<String>,
    pub threshold_percent: u32,
}

/// One service's line of the contract-time explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainedService {
    pub service_type: String,
    /// Plans (client-months) arranging the service.
    pub plans: u64,
    /// The providers with the most of those plans, at most three: (name, plans).
    pub top: Vec<(String, u64)>,
}

/// What the office explains at a contract: over the six months before the month of `on`,
/// the share of its plans that arrange each service, and each service's top three providers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Plans (client-months with a plan in force) in those months.
    pub plans: u64,
    pub services: Vec<ExplainedService>,
}

/// The explanation of `on` (the six whole months before its month).
pub fn explanation(
    rules: &ConcentrationRules,
    on: NaiveDate,
    plans: &[PlanMonth],
    providers: &HashMap<i64, ProviderInfo>,
) -> Explanation {
    let to = month_start(on) - chrono::Days::new(1);
    let from = month_start(on) - Months::new(6);
    let within: Vec<&PlanMonth> = plans
        .iter()
        .filter(|p| p.month >= from && p.month <= to)
        .collect();
    let services = rules
        .services
        .iter()
        .map(|code| {
            let mut n = 0u64;
            let mut by: BTreeMap<i64, u64> = BTreeMap::new();
            for p in &within {
                let ids: BTreeSet<i64> = p
                    .lines
                    .iter()
                    .filter(|l| &l.service_type == code)
                    .map(|l| l.provider_id)
                    .collect();
                if ids.is_empty() {
                    continue;
                }
                n += 1;
                for id in ids {
                    *by.entry(id).or_default() += 1;
                }
            }
            let mut top: Vec<(String, u64)> = by
                .into_iter()
                .map(|(id, k)| {
                    (
                        providers
                            .get(&id)
                            .map(|p| p.name.clone())
                            .unwrap_or_default(),
                        k,
                    )
                })
                .collect();
            top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            top.truncate(3);
            ExplainedService {
                service_type: code.clone(),
                plans: n,
                top,
            }
        })
        .collect();
    Explanation {
        from,
        to,
        plans: within.len() as u64,
        services,
    }
}

/// "2026-09-01〜2027-02-28" / "2026-09-01 to 2027-02-28".
pub fn span_text(from: NaiveDate, to: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{}〜{}", iso(from), iso(to)),
        Lang::En => format!("{} to {}", iso(from), iso(to)),
    }
}

#[cfg(test)]
mod tests;

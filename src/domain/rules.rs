//! The fee rules as dated data: units per schedule, band and care level, the thresholds, the
//! support weight, the staffing standard, the (II) conditions, the yen per unit per 地域区分 and
//! the 処遇改善加算. Each table has a `from` date and a `source`; the tables shipped with careplan
//! are in `assets/rules/` (compiled in), an office adds newer ones with `careplan rules import`.
//! The caseload of a month uses the table in force on the month's last day (`RuleBook::in_force`).

mod concentration_rules;
mod kasan_rules;
use super::area::AreaGrade;
use super::care_level::CareLevel;
use super::choice::Choice;
use super::dates::iso;
use super::fee::{Band, FeeSchedule};
use chrono::{Datelike, NaiveDate};
pub use concentration_rules::{ConcentrationRules, HalfYear, MonthDay};
pub use kasan_rules::{CLIENT_KEYS, KasanRule, KasanRules, OFFICE_KEYS, Per, SameBuildingRule};
use serde::Deserialize;
use std::fmt;
use std::sync::OnceLock;

/// The tables shipped with careplan, oldest first, as their files read.
const COMPILED_IN: [&str; 2] = [
    include_str!("../../assets/rules/2024-04-01.toml"),
    include_str!("../../assets/rules/2026-06-01.toml"),
];
const REVISIONS: &str = include_str!("../../assets/rules/revisions.toml");

/// The weight of a 介護予防支援 client in the caseload, as an exact fraction (1/3 since 2024-04).
/// Positions are counted in 1/`den` of a client, so any weight with a denominator up to
/// `MAX_DEN` is computed exactly in integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weight {
    pub num: u64,
    pub den: u64,
}

impl Weight {
    /// Larger denominators are refused: positions × 100 × thresholds × FTE must stay far from
    /// overflow, and no rule has ever needed finer parts than a thousandth.
    pub const MAX_DEN: u64 = 1000;

    /// "1/3", "1/2", "0.5" (a decimal is taken exactly as written) or "1"; at most one client.
    pub fn parse(s: &str) -> Result<Weight, String> {
        let s = s.trim();
        let bad = || {
            format!(
                "support_weight「{s}」は分数（例 \"1/3\"）か小数（例 \"0.5\"）で、0 以上 1 以下、分母 {} 以下にしてください",
                Self::MAX_DEN
            )
        };
        let int = |x: &str| -> Result<u64, String> {
            if x.is_empty() || !x.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            x.parse().map_err(|_| bad())
        };
        let (num, den) = if let Some((n, d)) = s.split_once('/') {
            (int(n.trim())?, int(d.trim())?)
        } else if let Some((i, frac)) = s.split_once('.') {
            let den = 10u64
                .checked_pow(u32::try_from(frac.len()).map_err(|_| bad())?)
                .ok_or_else(bad)?;
            (int(i)? * den + int(frac)?, den)
        } else {
            (int(s)?, 1)
        };
        if den == 0 || num > den {
            return Err(bad());
        }
        let g = gcd(num, den);
        let w = Weight {
            num: num / g,
            den: den / g,
        };
        if w.den > Self::MAX_DEN {
            return Err(bad());
        }
        Ok(w)
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a.max(1) } else { gcd(b, a % b) }
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

/// The caseloads from which the bands start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// (ii) starts here under fee schedule (I): 45.
    pub second_band_i: u64,
    /// (ii) starts here under fee schedule (II): 50.
    pub second_band_ii: u64,
    /// (iii) starts here under both: 60.
    pub third_band: u64,
}

impl Thresholds {
    pub fn second_band_from(&self, s: FeeSchedule) -> u64 {
        match s {
            FeeSchedule::I => self.second_band_i,
            FeeSchedule::II => self.second_band_ii,
        }
    }
}

/// Clients per care manager of the staffing standard (人員基準).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staffing {
    pub standard: u32,
    /// With the exchange in use and a clerk employed.
    pub with_exchange_and_clerk: u32,
}

/// How a share of units is rounded to whole units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// 四捨五入.
    HalfUp,
    /// 切り捨て.
    Down,
    /// 切り上げ.
    Up,
}

impl Rounding {
    pub fn code(self) -> &'static str {
        match self {
            Rounding::HalfUp => "half_up",
            Rounding::Down => "down",
            Rounding::Up => "up",
        }
    }

    /// `percent`% of `units`, rounded this way (50% of 1,411 half up: 706).
    pub fn percent_of(self, units: u64, percent: u32) -> u64 {
        let num = units * u64::from(percent);
        match self {
            Rounding::HalfUp => (num + 50) / 100,
            Rounding::Down => num / 100,
            Rounding::Up => num.div_ceil(100),
        }
    }
}

/// The 運営基準減算: how often the care manager must see the client, and how much of a
/// client's base units a failure costs by how many months it has run.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatingStandardCut {
    /// 要介護: a monitoring (home visit, or video where allowed) at least once in this many
    /// months (1).
    pub monitoring_months: u32,
    /// With video monitoring, a home visit still at least once in this many months (2).
    pub video_home_visit_months: u32,
    /// 介護予防支援: a home visit at least once in this many months (3), and in the month
    /// services start; contact by phone etc. in the other months.
    pub support_home_visit_months: u32,
    /// 介護予防支援 with video: a home visit at least once in this many months (6; one
    /// secondary source only).
    pub support_video_home_visit_months: u32,
    /// The share of the base units cut in the 1st, 2nd … month a failure runs; the last value
    /// goes on ([50, 100]).
    pub shares_percent: Vec<u32>,
    pub rounding: Rounding,
    pub source: String,
}

impl OperatingStandardCut {
    /// The share (percent) of the base units cut when a failure has run `months` months (this
    /// one included); 0 for none.
    pub fn share_percent(&self, months: u32) -> u32 {
        if months == 0 {
            return 0;
        }
        let i = usize::try_from(months - 1).unwrap_or(usize::MAX);
        self.shares_percent
            .get(i)
            .or(self.shares_percent.last())
            .copied()
            .unwrap_or(0)
    }

    /// The units cut from `base` when a failure has run `months` months.
    pub fn units_cut(&self, base: u64, months: u32) -> u64 {
        self.rounding.percent_of(base, self.share_percent(months))
    }

    fn check(&self) -> Result<(), String> {
        let months = [
            ("monitoring_months", self.monitoring_months),
            ("video_home_visit_months", self.video_home_visit_months),
            ("support_home_visit_months", self.support_home_visit_months),
            (
                "support_video_home_visit_months",
                self.support_video_home_visit_months,
            ),
        ];
        if let Some((name, v)) = months.iter().find(|(_, v)| !(1..=24).contains(v)) {
            return Err(format!(
                "operating_standard_cut.{name}（{v}）は 1〜24 の月数にしてください"
            ));
        }
        if self.shares_percent.is_empty() || self.shares_percent.iter().any(|p| *p > 100) {
            return Err(
                "operating_standard_cut.shares_percent は 0〜100 の百分率を1つ以上並べてください（例 [50, 100]）"
                    .into(),
            );
        }
        if self.source.trim().is_empty() {
            return Err("operating_standard_cut.source（出典）が空です".into());
        }
        Ok(())
    }

    /// The section as a rules file writes it (for a table that inherited it).
    pub fn to_toml(&self) -> String {
        format!(
            "\n# 運営基準減算（前の規則表から引き継いだ値）\n[operating_standard_cut]\nmonitoring_months = {}\nvideo_home_visit_months = {}\nsupport_home_visit_months = {}\nsupport_video_home_visit_months = {}\nshares_percent = [{}]\nrounding = \"{}\"\nsource = {}\n",
            self.monitoring_months,
            self.video_home_visit_months,
            self.support_home_visit_months,
            self.support_video_home_visit_months,
            self.shares_percent
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            self.rounding.code(),
            toml::Value::String(self.source.clone())
        )
    }
}

/// A condition of fee schedule (II) besides the filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The office uses the ケアプランデータ連携システム.
    Exchange,
    /// The office employs clerical staff.
    Clerk,
}

impl Condition {
    pub fn code(self) -> &'static str {
        match self {
            Condition::Exchange => "exchange",
            Condition::Clerk => "clerk",
        }
    }
}

/// What (II) requires (all of `requires`) from `from` until `until` (inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeIiRule {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub requires: Vec<Condition>,
}

/// Yen per unit of a 地域区分 from a date, in hundredths of a yen (11.40 → 1140).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitPrice {
    pub grade: AreaGrade,
    pub from: NaiveDate,
    pub yen_hundredths: u32,
}

/// The 処遇改善加算 of 居宅介護支援: a share of the month's units, and until when joining the
/// exchange (or pledging to) is one way to qualify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreatmentImprovement {
    /// In tenths of a percent (2.1% → 21).
    pub rate_tenths_percent: u32,
    pub from: NaiveDate,
    pub exchange_route_until: Option<NaiveDate>,
    pub source: String,
}

impl TreatmentImprovement {
    /// The 加算 units on `units`, rounded half up (percentage 加算 round at each step).
    pub fn units_on(&self, units: u64) -> u64 {
        (units * u64::from(self.rate_tenths_percent) + 500) / 1000
    }
    pub fn rate_text(&self) -> String {
        format!(
            "{}.{}%",
            self.rate_tenths_percent / 10,
            self.rate_tenths_percent % 10
        )
    }
}

/// Where a table came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    CompiledIn,
    /// Imported into this office's database: when and by whom.
    Imported {
        at: String,
        by: String,
    },
}

/// One table of fee rules, in force from `from` until the next table's `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub from: NaiveDate,
    pub source: String,
    /// [schedule (I), (II)][band (i), (ii), (iii)] = (要介護1・2, 要介護3・4・5).
    units: [[(u32, u32); 3]; 2],
    pub thresholds: Thresholds,
    pub support_weight: Weight,
    pub staffing: Staffing,
    /// The 運営基準減算's cycles and shares. Required in the compiled-in tables; an imported
    /// table may leave it out and then takes the one of the table before it (see
    /// `RuleBook::with`; `operating_standard_cut_inherited` says so).
    pub operating_standard_cut: Option<OperatingStandardCut>,
    pub operating_standard_cut_inherited: bool,
    pub fee_ii: Vec<FeeIiRule>,
    pub unit_prices: Vec<UnitPrice>,
    pub treatment_improvement: Option<TreatmentImprovement>,
    /// The 特定事業所集中減算: as written in this table, or, in a table imported without the
    /// section, the one of the table in force before it (filled in by the `RuleBook`).
    pub concentration: Option<ConcentrationRules>,
    /// The `from` of the table the concentration section was written in (this table's own
    /// `from` when written here; None until a `RuleBook` fills in an inherited one).
    pub concentration_from: Option<NaiveDate>,
    /// The 加算 and the 同一建物減算 (written here, or inherited from `kasan_from`'s table).
    pub kasan: KasanRules,
    pub kasan_from: Option<NaiveDate>,
    /// The file as written: what `careplan rules export` writes back.
    pub text: String,
    pub origin: Origin,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    from: String,
    source: String,
    support_weight: String,
    thresholds: Thresholds,
    units: RawUnits,
    staffing: Staffing,
    operating_standard_cut: Option<OperatingStandardCut>,
    #[serde(default)]
    fee_ii: Vec<RawFeeIi>,
    unit_price: Vec<RawUnitPrice>,
    treatment_improvement: Option<RawTreatment>,
    concentration: Option<RawConcentration>,
    #[serde(default)]
    kasan: Vec<KasanRule>,
    same_building: Option<SameBuildingRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnits {
    i_i: [u32; 2],
    i_ii: [u32; 2],
    i_iii: [u32; 2],
    ii_i: [u32; 2],
    ii_ii: [u32; 2],
    ii_iii: [u32; 2],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeeIi {
    from: String,
    until: Option<String>,
    requires: Vec<Condition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnitPrice {
    grade: String,
    yen: String,
    from: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTreatment {
    rate: String,
    from: String,
    exchange_route_until: Option<String>,
    source: String,
}

/// `[concentration]`: the 特定事業所集中減算 (dates as MM-DD).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcentration {
    source: String,
    threshold_percent: u32,
    cut_units: u32,
    services: Vec<String>,
    first_half: RawHalfYear,
    second_half: RawHalfYear,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHalfYear {
    from: String,
    report_by: String,
    applies_from: String,
    applies_until: String,
}

/// Checks the `[concentration]` section: the threshold a percentage below 100, the service
/// types known, each half-year starting on the first of a month, every MM-DD a day of every year.
fn concentration(raw: RawConcentration) -> Result<ConcentrationRules, String> {
    if raw.source.trim().is_empty() {
        return Err("concentration.source（出典）が空です".into());
    }
    if raw.threshold_percent == 0 || raw.threshold_percent >= 100 {
        return Err(format!(
            "concentration.threshold_percent「{}」は 1〜99 の百分率（整数）で書いてください",
            raw.threshold_percent
        ));
    }
    if raw.cut_units > 100_000 {
        return Err("concentration.cut_units が大きすぎます（100,000 単位以下）".into());
    }
    if raw.services.is_empty() {
        return Err(
            "concentration.services が空です（例 [\"11\", \"15\", \"78\", \"17\"]）".into(),
        );
    }
    for (i, code) in raw.services.iter().enumerate() {
        if super::service_types::find(code).is_none() {
            return Err(format!(
                "concentration.services[{}]「{code}」はサービス種類コードにありません",
                i + 1
            ));
        }
    }
    let half = |name: &str, h: RawHalfYear| -> Result<HalfYear, String> {
        let md = |f: &str, v: &str| {
            MonthDay::parse(v).map_err(|e| format!("concentration.{name}.{f}{e}"))
        };
        let from = md("from", &h.from)?;
        if from.day != 1 {
            return Err(format!(
                "concentration.{name}.from「{}」は月の初日にしてください（計画は月ごとに数えます）",
                h.from
            ));
        }
        Ok(HalfYear {
            from,
            report_by: md("report_by", &h.report_by)?,
            applies_from: md("applies_from", &h.applies_from)?,
            applies_until: md("applies_until", &h.applies_until)?,
        })
    };
    let first_half = half("first_half", raw.first_half)?;
    let second_half = half("second_half", raw.second_half)?;
    if first_half.from >= second_half.from {
        return Err(
            "concentration.first_half.from は second_half.from より前の日にしてください（前期は年の前半、後期はその後から翌年の前期まで）"
                .into(),
        );
    }
    Ok(ConcentrationRules {
        source: raw.source.trim().to_string(),
        threshold_percent: raw.threshold_percent,
        cut_units: raw.cut_units,
        services: raw.services,
        first_half,
        second_half,
    })
}

/// The `[concentration]` section as the import format writes it (for a table that inherited
/// it: `careplan rules export` writes the section it uses).
fn concentration_toml(c: &ConcentrationRules, inherited_from: NaiveDate) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let half = |name: &str, h: &HalfYear| {
        format!(
            "\n[concentration.{name}]\nfrom = \"{}\"\nreport_by = \"{}\"\napplies_from = \"{}\"\napplies_until = \"{}\"\n",
            h.from, h.report_by, h.applies_from, h.applies_until
        )
    };
    format!(
        "\n# 特定事業所集中減算（{} からの表の定めを引き継いだもの。書き換えればこの表の定めになります）\n[concentration]\nsource = {}\nthreshold_percent = {}\ncut_units = {}\nservices = [{}]\n{}{}",
        iso(inherited_from),
        quote(&c.source),
        c.threshold_percent,
        c.cut_units,
        c.services
            .iter()
            .map(|s| quote(s))
            .collect::<Vec<_>>()
            .join(", "),
        half("first_half", &c.first_half),
        half("second_half", &c.second_half),
    )
}

fn date(field: &str, s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{field}「{s}」は日付ではありません（YYYY-MM-DD で書いてください）"))
}

/// "11.40" → 1140; at most two decimals.
fn hundredths(field: &str, s: &str) -> Result<u32, String> {
    let bad = || format!("{field}「{s}」は小数第2位までの数で書いてください（例 \"11.40\"）");
    let (i, f) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
    if i.is_empty() || f.len() > 2 || !(i.bytes().chain(f.bytes())).all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let i: u32 = i.parse().map_err(|_| bad())?;
    let f: u32 = format!("{f:0<2}").parse().map_err(|_| bad())?;
    i.checked_mul(100)
        .and_then(|x| x.checked_add(f))
        .ok_or_else(bad)
}

/// "2.1%" → 21 (tenths of a percent).
fn tenths_percent(s: &str) -> Result<u32, String> {
    let bad = || {
        format!(
            "treatment_improvement.rate「{s}」は \"2.1%\" のように小数第1位までの百分率で書いてください"
        )
    };
    let t = s.trim().strip_suffix('%').ok_or_else(bad)?.trim();
    let (i, f) = t.split_once('.').unwrap_or((t, ""));
    if i.is_empty() || f.len() > 1 || !(i.bytes().chain(f.bytes())).all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let i: u32 = i.parse().map_err(|_| bad())?;
    let f: u32 = if f.is_empty() {
        0
    } else {
        f.parse().map_err(|_| bad())?
    };
    let v = i
        .checked_mul(10)
        .and_then(|x| x.checked_add(f))
        .ok_or_else(bad)?;
    if v > 1000 {
        return Err(bad());
    }
    Ok(v)
}

impl Rules {
    /// Reads a table in the import format, checking every rule of it; the message says what is
    /// wrong and where.
    pub fn parse(text: &str, origin: Origin) -> Result<Rules, String> {
        let raw: RawRules = toml::from_str(text).map_err(|e| {
            format!(
                "規則表として読めません: {}",
                e.to_string().trim().replace('\n', " ")
            )
        })?;
        let from = date("from", &raw.from)?;
        if from.day() != 1 {
            return Err(format!(
                "from「{}」は月の初日にしてください（改定は月単位で適用します）",
                raw.from
            ));
        }
        if raw.source.trim().is_empty() {
            return Err("source（出典）が空です。告示・通知・Q&A など根拠を書いてください".into());
        }
        let support_weight = Weight::parse(&raw.support_weight)?;
        let t = raw.thresholds;
        if t.second_band_i == 0
            || t.second_band_ii == 0
            || t.second_band_i > t.third_band
            || t.second_band_ii > t.third_band
            || t.third_band > 1000
        {
            return Err(format!(
                "thresholds が不正です（second_band_i {}、second_band_ii {}、third_band {}）。1 以上で、(ii) の始まりは (iii) の始まり以下、1000 以下にしてください",
                t.second_band_i, t.second_band_ii, t.third_band
            ));
        }
        if raw.staffing.standard == 0 || raw.staffing.with_exchange_and_clerk == 0 {
            return Err("staffing の人数は 1 以上にしてください".into());
        }
        match (&raw.operating_standard_cut, &origin) {
            (Some(c), _) => c.check()?,
            (None, Origin::CompiledIn) => {
                return Err("[operating_standard_cut]（運営基準減算）がありません".into());
            }
            (None, Origin::Imported { .. }) => {}
        }
        let u = &raw.units;
        let units = [
            [
                (u.i_i[0], u.i_i[1]),
                (u.i_ii[0], u.i_ii[1]),
                (u.i_iii[0], u.i_iii[1]),
            ],
            [
                (u.ii_i[0], u.ii_i[1]),
                (u.ii_ii[0], u.ii_ii[1]),
                (u.ii_iii[0], u.ii_iii[1]),
            ],
        ];
        if units
            .iter()
            .flatten()
            .any(|(a, b)| *a > 100_000 || *b > 100_000)
        {
            return Err("units の単位数が大きすぎます（1人1月 100,000 単位以下）".into());
        }
        let mut fee_ii = Vec::new();
        for (i, r) in raw.fee_ii.iter().enumerate() {
            let field = |f: &str| format!("fee_ii[{}].{f}", i + 1);
            let rule = FeeIiRule {
                from: date(&field("from"), &r.from)?,
                until: r
                    .until
                    .as_deref()
                    .map(|u| date(&field("until"), u))
                    .transpose()?,
                requires: r.requires.clone(),
            };
            if rule.until.is_some_and(|u| u < rule.from) {
                return Err(format!("{} が from より前です", field("until")));
            }
            fee_ii.push(rule);
        }
        let mut unit_prices = Vec::new();
        for (i, p) in raw.unit_price.iter().enumerate() {
            let field = |f: &str| format!("unit_price[{}].{f}", i + 1);
            let grade = AreaGrade::from_code(p.grade.trim()).ok_or_else(|| {
                format!(
                    "{}「{}」は careplan の地域区分（1〜7、other）にありません。級地の数が変わった場合は careplan の更新が必要です",
                    field("grade"),
                    p.grade
                )
            })?;
            unit_prices.push(UnitPrice {
                grade,
                from: date(&field("from"), &p.from)?,
                yen_hundredths: hundredths(&field("yen"), &p.yen)?,
            });
        }
        let missing: Vec<&str> = AreaGrade::all()
            .iter()
            .filter(|g| !unit_prices.iter().any(|p| p.grade == **g && p.from <= from))
            .map(|g| g.label())
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "unit_price に from（{}）から使える単価がない地域区分があります: {}。[[unit_price]] を足してください",
                iso(from),
                missing.join("、")
            ));
        }
        let treatment_improvement = match raw.treatment_improvement {
            None => None,
            Some(t) => Some(TreatmentImprovement {
                rate_tenths_percent: tenths_percent(&t.rate)?,
                from: date("treatment_improvement.from", &t.from)?,
                exchange_route_until: t
                    .exchange_route_until
                    .as_deref()
                    .map(|u| date("treatment_improvement.exchange_route_until", u))
                    .transpose()?,
                source: t.source,
            }),
        };
        let concentration = raw.concentration.map(concentration).transpose()?;
        let kasan = KasanRules {
            rows: raw.kasan,
            same_building: raw.same_building,
        };
        kasan.check()?;
        let kasan_written = !kasan.rows.is_empty() || kasan.same_building.is_some();
        Ok(Rules {
            from,
            source: raw.source.trim().to_string(),
            units,
            thresholds: t,
            support_weight,
            staffing: raw.staffing,
            operating_standard_cut: raw.operating_standard_cut,
            operating_standard_cut_inherited: false,
            fee_ii,
            unit_prices,
            treatment_improvement,
            concentration_from: concentration.as_ref().map(|_| from),
            concentration,
            kasan_from: kasan_written.then_some(from),
            kasan,
            text: text.to_string(),
            origin,
        })
    }

    /// The table in the import format, as `careplan rules export` writes it: the file as
    /// written, plus the sections it inherited (運営基準減算, 特定事業所集中減算) when it had none,
    /// so that the exported file imports to the same rules.
    pub fn export_text(&self) -> String {
        let mut t = self.text.trim_end().to_string();
        let mut added = false;
        if let (Some(c), true) = (
            &self.operating_standard_cut,
            self.operating_standard_cut_inherited,
        ) {
            t = format!("{t}\n{}", c.to_toml());
            added = true;
        }
        if let (Some(c), Some(from)) = (&self.concentration, self.concentration_from)
            && from != self.from
        {
            t.push('\n');
            t.push_str(&concentration_toml(c, from));
            added = true;
        }
        if let Some(from) = self.kasan_from
            && from != self.from
        {
            t.push('\n');
            t.push_str(&self.kasan.to_toml(from));
            added = true;
        }
        if added { t } else { self.text.clone() }
    }

    /// The 運営基準減算 rules of this table (its own or inherited).
    pub fn operating_cut(&self) -> Option<&OperatingStandardCut> {
        self.operating_standard_cut.as_ref()
    }

    /// Base units per client per month for a schedule, band and care level (0 if not a care level).
    pub fn units(&self, schedule: FeeSchedule, band: Band, level: CareLevel) -> u32 {
        let s = match schedule {
            FeeSchedule::I => 0,
            FeeSchedule::II => 1,
        };
        let b = match band {
            Band::I => 0,
            Band::Ii => 1,
            Band::Iii => 2,
        };
        let (care12, care345) = self.units[s][b];
        match level {
            CareLevel::Care1 | CareLevel::Care2 => care12,
            CareLevel::Care3 | CareLevel::Care4 | CareLevel::Care5 => care345,
            _ => 0,
        }
    }

    /// Yen per unit (hundredths) of `grade` on `day`.
    pub fn unit_price(&self, grade: AreaGrade, day: NaiveDate) -> Option<u32> {
        self.unit_prices
            .iter()
            .filter(|p| p.grade == grade && p.from <= day)
            .max_by_key(|p| p.from)
            .map(|p| p.yen_hundredths)
    }

    /// What (II) requires on `day`, or None when this table has no (II) on that day.
    pub fn fee_ii_requires(&self, day: NaiveDate) -> Option<&[Condition]> {
        self.fee_ii
            .iter()
            .filter(|r| r.from <= day && r.until.is_none_or(|u| day <= u))
            .max_by_key(|r| r.from)
            .map(|r| r.requires.as_slice())
    }

    /// The 処遇改善加算 in force on `day`, if any.
    pub fn treatment_improvement_on(&self, day: NaiveDate) -> Option<&TreatmentImprovement> {
        self.treatment_improvement
            .as_ref()
            .filter(|t| t.from <= day)
    }
}

/// A fee revision known to be coming on a date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub on: NaiveDate,
    pub name: String,
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRevisions {
    revision: Vec<Revision>,
}

/// Every table known (compiled in and imported), oldest first, and the scheduled revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleBook {
    /// Never empty: `builtin` always holds the compiled-in tables and `with` only adds.
    tables: Vec<Rules>,
    revisions: Vec<Revision>,
}

/// The table for a month, and the scheduled revision it is standing in for, if any.
#[derive(Debug, Clone, Copy)]
pub struct InForce<'a> {
    pub rules: &'a Rules,
    /// A revision on or before the month's end that no table covers yet: the month is computed
    /// with `rules`, the last table before it.
    pub not_published: Option<&'a Revision>,
}

impl RuleBook {
    /// The tables shipped with careplan.
    pub fn builtin() -> &'static RuleBook {
        static BOOK: OnceLock<RuleBook> = OnceLock::new();
        BOOK.get_or_init(|| {
            let tables = COMPILED_IN
                .iter()
                .filter_map(|t| Rules::parse(t, Origin::CompiledIn).ok())
                .collect::<Vec<_>>();
            let revisions = toml::from_str::<RawRevisions>(REVISIONS)
                .map(|r| r.revision)
                .unwrap_or_default();
            // The compiled-in files are fixed at build time and `tests::compiled_in_tables_parse`
            // reads every one of them: a build whose tables do not all parse fails its tests, so
            // `tables` is never empty here.
            assert!(
                tables.len() == COMPILED_IN.len(),
                "compiled-in rules tables must parse"
            );
            RuleBook { tables, revisions }
        })
    }

    /// Fills in the concentration section of each table that does not write its own with
    /// the one in force before it (the earliest table that writes one, for a table before it).
    fn inherit_concentration(tables: &mut [Rules]) {
        let written = |t: &Rules| t.concentration.is_some() && t.concentration_from == Some(t.from);
        let first = tables
            .iter()
            .find(|t| written(t))
            .and_then(|t| t.concentration.clone().map(|c| (t.from, c)));
        let mut last = first;
        for t in tables.iter_mut() {
            if written(t) {
                last = t.concentration.clone().map(|c| (t.from, c));
            } else if let Some((from, c)) = &last {
                t.concentration = Some(c.clone());
                t.concentration_from = Some(*from);
            }
        }
    }

    /// Fills in the 加算 rows and the 同一建物減算 of each table that writes neither with those
    /// of the table before it (the earliest that writes them, for a table before it).
    fn inherit_kasan(tables: &mut [Rules]) {
        let written = |t: &Rules| t.kasan_from == Some(t.from);
        let mut last = tables
            .iter()
            .find(|t| written(t))
            .map(|t| (t.from, t.kasan.clone()));
        for t in tables.iter_mut() {
            if written(t) {
                last = Some((t.from, t.kasan.clone()));
            } else if let Some((from, k)) = &last {
                t.kasan = k.clone();
                t.kasan_from = Some(*from);
            }
        }
    }

    /// This book with `more` tables added; one with the same `from` as a table here replaces it.
    pub fn with(&self, more: Vec<Rules>) -> RuleBook {
        let mut tables = self.tables.clone();
        for t in more {
            tables.retain(|x| x.from != t.from);
            tables.push(t);
        }
        tables.sort_by_key(|t| t.from);
        // A table without the 運営基準減算 takes the one before it (the first table the one after
        // it). The compiled-in tables all have it, so every table ends with one.
        for t in tables
            .iter_mut()
            .filter(|t| t.operating_standard_cut_inherited)
        {
            t.operating_standard_cut = None;
        }
        for i in 0..tables.len() {
            if tables[i].operating_standard_cut.is_none() {
                let from_before = tables[..i]
                    .iter()
                    .rev()
                    .find_map(|t| t.operating_standard_cut.clone());
                let inherited = from_before.or_else(|| {
                    tables[i..]
                        .iter()
                        .find_map(|t| t.operating_standard_cut.clone())
                });
                tables[i].operating_standard_cut_inherited = inherited.is_some();
                tables[i].operating_standard_cut = inherited;
            }
        }
        Self::inherit_concentration(&mut tables);
        Self::inherit_kasan(&mut tables);
        RuleBook {
            tables,
            revisions: self.revisions.clone(),
        }
    }

    pub fn tables(&self) -> &[Rules] {
        &self.tables
    }

    pub fn revisions(&self) -> &[Revision] {
        &self.revisions
    }

    /// The table in force on the last day of `month` (the earliest table for months before it),
    /// and a scheduled revision that table does not cover.
    pub fn in_force(&self, month: NaiveDate) -> InForce<'_> {
        let last = super::dates::month_end(month);
        let i = self
            .tables
            .iter()
            .rposition(|t| t.from <= last)
            .unwrap_or(0);
        // `tables` is never empty (see the field), so index `i` exists.
        let rules = &self.tables[i];
        let not_published = self
            .revisions
            .iter()
            .filter(|r| rules.from < r.on && r.on <= last)
            .max_by_key(|r| r.on);
        InForce {
            rules,
            not_published,
        }
    }
}

impl Default for RuleBook {
    fn default() -> Self {
        RuleBook::builtin().clone()
    }
}

#[cfg(test)]
mod tests;

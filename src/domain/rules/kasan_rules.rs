//! The `[[kasan]]` rows and the `[same_building]` section of a fee rules table: the 加算 of
//! 居宅介護支援 (units, codes, how they are counted, their windows) and the 同一建物減算 rate.
//! `domain::kasan` judges with them; every number a revision may change is here, not in code.

use super::Rounding;
use chrono::NaiveDate;
use serde::Deserialize;

/// The stable keys of the per-client 加算 (the CLI's JSON and `kasan_decisions.kasan` use them)
/// and of the office-level ones. A table must give every per-client key; the office ones are
/// optional (the office panel says "not in the table" without them).
pub const CLIENT_KEYS: [&str; 11] = [
    "shokai",
    "nyuin_1",
    "nyuin_2",
    "taiin_1i",
    "taiin_1ro",
    "taiin_2i",
    "taiin_2ro",
    "taiin_3",
    "tsuin",
    "kinkyu",
    "terminal",
];
pub const OFFICE_KEYS: [&str; 5] = [
    "tokutei_1",
    "tokutei_2",
    "tokutei_3",
    "tokutei_a",
    "iryo_kaigo_renkei",
];

/// How a 加算 is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// At most `limit` a month.
    Month,
    /// Each time, at most `limit` a month.
    Time,
    /// Once per hospital or facility stay.
    Stay,
    /// Once, at the client's death.
    Death,
    /// Every client of the office, every month the office meets the conditions.
    Office,
}

impl Per {
    pub fn code(self) -> &'static str {
        match self {
            Per::Month => "month",
            Per::Time => "time",
            Per::Stay => "stay",
            Per::Death => "death",
            Per::Office => "office",
        }
    }
    pub fn label(self, lang: crate::domain::Lang) -> &'static str {
        match self {
            Per::Month => lang.pick("1月につき", "per month"),
            Per::Time => lang.pick("1回につき", "per occasion"),
            Per::Stay => lang.pick("入院・入所1回につき", "per stay"),
            Per::Death => lang.pick("死亡時", "at death"),
            Per::Office => lang.pick("事業所の全利用者", "every client of the office"),
        }
    }
}

/// One `[[kasan]]` row.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KasanRule {
    /// A stable key (`CLIENT_KEYS`, `OFFICE_KEYS`).
    pub key: String,
    /// The service code (read the 区分 from it, never from the units).
    pub code: String,
    pub name: String,
    pub units: u32,
    pub per: Per,
    /// How many a month (or a stay, or a death) at most.
    pub limit: u32,
    /// The window in days its rule counts (入院時: days after admission; 退院・退所: days after
    /// discharge; ターミナル: days before death), when it has one.
    #[serde(default)]
    pub window_days: Option<u32>,
    /// 初回: months without a claim before the plan month.
    #[serde(default)]
    pub lookback_months: Option<u32>,
    /// ターミナル: distinct days of home visits in the window.
    #[serde(default)]
    pub min_days: Option<u32>,
    pub from: String,
    pub source: String,
    /// Not confirmed against the 告示: shown 要確認.
    #[serde(default)]
    pub unsure: bool,
    /// 特定事業所加算: the office's 取扱件数 (clients per care-manager FTE, as the fee bands
    /// count them) must stay under this.
    #[serde(default)]
    pub caseload_cap: Option<u32>,
    /// The cap in a month the office files 居宅介護支援費(II).
    #[serde(default)]
    pub caseload_cap_fee_ii: Option<u32>,
    /// 特定事業所加算(I): 要介護3–5 make at least this percent of the month's 要介護 clients.
    #[serde(default)]
    pub care_3_5_percent: Option<u32>,
    /// The conditions' figures or how they count are not confirmed (要確認).
    #[serde(default)]
    pub conditions_unsure: bool,
    /// 特定事業所医療介護連携加算: the 退院・退所 information receptions (連携回数) the count
    /// window must hold at least.
    #[serde(default)]
    pub receptions_min: Option<u32>,
    /// 特定事業所医療介護連携加算: the ターミナルケアマネジメント加算 claimed in the window, at least.
    #[serde(default)]
    pub terminal_min: Option<u32>,
    /// The count window ends with this month (2: 前年度2月), the last one before the fiscal
    /// year of the month checked begins …
    #[serde(default)]
    pub count_end_month: Option<u32>,
    /// … and spans this many months (12: from 前々年度3月).
    #[serde(default)]
    pub count_months: Option<u32>,
}

impl KasanRule {
    pub fn from_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.from.trim(), "%Y-%m-%d").ok()
    }

    fn to_toml(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let mut t = format!(
            "\n[[kasan]]\nkey = {}\ncode = {}\nname = {}\nunits = {}\nper = \"{}\"\nlimit = {}\n",
            q(&self.key),
            q(&self.code),
            q(&self.name),
            self.units,
            self.per.code(),
            self.limit
        );
        for (f, v) in [
            ("window_days", self.window_days),
            ("lookback_months", self.lookback_months),
            ("min_days", self.min_days),
            ("caseload_cap", self.caseload_cap),
            ("caseload_cap_fee_ii", self.caseload_cap_fee_ii),
            ("care_3_5_percent", self.care_3_5_percent),
            ("receptions_min", self.receptions_min),
            ("terminal_min", self.terminal_min),
            ("count_end_month", self.count_end_month),
            ("count_months", self.count_months),
        ] {
            if let Some(v) = v {
                t.push_str(&format!("{f} = {v}\n"));
            }
        }
        if self.conditions_unsure {
            t.push_str("conditions_unsure = true\n");
        }
        t.push_str(&format!(
            "from = {}\nsource = {}\nunsure = {}\n",
            q(&self.from),
            q(&self.source),
            self.unsure
        ));
        t
    }
}

/// The `[same_building]` section: the share of the base units a 同一建物 client is billed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SameBuildingRule {
    /// "95/100".
    pub rate: String,
    pub rounding: Rounding,
    pub from: String,
    pub source: String,
    #[serde(default)]
    pub unsure: bool,
}

impl SameBuildingRule {
    /// (numerator, denominator) of `rate`; checked by `check`.
    pub fn fraction(&self) -> Option<(u64, u64)> {
        let (n, d) = self.rate.trim().split_once('/')?;
        let n: u64 = n.trim().parse().ok()?;
        let d: u64 = d.trim().parse().ok()?;
        (d > 0 && n <= d).then_some((n, d))
    }

    /// The units billed for `base` units under the 減算, rounded as the table says.
    pub fn units_after(&self, base: u64) -> u64 {
        let Some((n, d)) = self.fraction() else {
            return base;
        };
        let num = base * n;
        match self.rounding {
            Rounding::HalfUp => (2 * num + d) / (2 * d),
            Rounding::Down => num / d,
            Rounding::Up => num.div_ceil(d),
        }
    }

    /// The units the 減算 takes from `base`.
    pub fn units_cut(&self, base: u64) -> u64 {
        base.saturating_sub(self.units_after(base))
    }

    fn to_toml(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        format!(
            "\n[same_building]\nrate = {}\nrounding = \"{}\"\nfrom = {}\nsource = {}\nunsure = {}\n",
            q(&self.rate),
            self.rounding.code(),
            q(&self.from),
            q(&self.source),
            self.unsure
        )
    }
}

/// The 加算 rows and the 同一建物減算 of one table (its own or inherited).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KasanRules {
    pub rows: Vec<KasanRule>,
    pub same_building: Option<SameBuildingRule>,
}

impl KasanRules {
    /// Checks the rows as a table writes them; the message names the row and field.
    pub fn check(&self) -> Result<(), String> {
        for (i, r) in self.rows.iter().enumerate() {
            let at = |f: &str| format!("kasan[{}].{f}", i + 1);
            if !CLIENT_KEYS.contains(&r.key.as_str()) && !OFFICE_KEYS.contains(&r.key.as_str()) {
                return Err(format!(
                    "{}「{}」は careplan の加算の名前にありません（{}、{}）",
                    at("key"),
                    r.key,
                    CLIENT_KEYS.join("・"),
                    OFFICE_KEYS.join("・")
                ));
            }
            if self.rows[..i].iter().any(|x| x.key == r.key) {
                return Err(format!("{}「{}」が2回あります", at("key"), r.key));
            }
            if r.code.len() != 6 || !r.code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "{}「{}」はサービスコード（6桁の数字）で書いてください",
                    at("code"),
                    r.code
                ));
            }
            if self.rows[..i].iter().any(|x| x.code == r.code) {
                return Err(format!(
                    "{}「{}」が2回あります（区分はコードで見分けます）",
                    at("code"),
                    r.code
                ));
            }
            if r.name.trim().is_empty() || r.source.trim().is_empty() {
                return Err(format!("{} か {} が空です", at("name"), at("source")));
            }
            if r.units == 0 || r.units > 100_000 || r.limit == 0 || r.limit > 31 {
                return Err(format!(
                    "{} は 1〜100,000、{} は 1〜31 にしてください",
                    at("units"),
                    at("limit")
                ));
            }
            if r.care_3_5_percent.is_some_and(|p| p > 100)
                || [r.caseload_cap, r.caseload_cap_fee_ii]
                    .iter()
                    .any(|c| c.is_some_and(|c| c == 0 || c > 1000))
            {
                return Err(format!(
                    "{} は 0〜100、{} と {} は 1〜1000 にしてください",
                    at("care_3_5_percent"),
                    at("caseload_cap"),
                    at("caseload_cap_fee_ii")
                ));
            }
            if r.count_end_month.is_some_and(|m| !(1..=12).contains(&m))
                || r.count_months.is_some_and(|m| !(1..=36).contains(&m))
                || [r.receptions_min, r.terminal_min]
                    .iter()
                    .any(|c| c.is_some_and(|c| c > 10_000))
            {
                return Err(format!(
                    "{} は 1〜12、{} は 1〜36、{} と {} は 0〜10,000 にしてください",
                    at("count_end_month"),
                    at("count_months"),
                    at("receptions_min"),
                    at("terminal_min")
                ));
            }
            if r.from_date().is_none() {
                return Err(format!(
                    "{}「{}」は日付ではありません（YYYY-MM-DD）",
                    at("from"),
                    r.from
                ));
            }
        }
        let missing: Vec<&str> = CLIENT_KEYS
            .iter()
            .filter(|k| !self.rows.iter().any(|r| r.key == **k))
            .copied()
            .collect();
        if !self.rows.is_empty() && !missing.is_empty() {
            return Err(format!(
                "[[kasan]] に次の加算がありません: {}（加算の表は全部そろえて書きます）",
                missing.join("・")
            ));
        }
        for (key, field, v) in [
            (
                "nyuin_1",
                "window_days",
                self.get("nyuin_1").and_then(|r| r.window_days),
            ),
            (
                "nyuin_2",
                "window_days",
                self.get("nyuin_2").and_then(|r| r.window_days),
            ),
            (
                "shokai",
                "lookback_months",
                self.get("shokai").and_then(|r| r.lookback_months),
            ),
            (
                "terminal",
                "window_days",
                self.get("terminal").and_then(|r| r.window_days),
            ),
            (
                "terminal",
                "min_days",
                self.get("terminal").and_then(|r| r.min_days),
            ),
        ] {
            if !self.rows.is_empty() && v.is_none() {
                return Err(format!("[[kasan]] の {key} に {field} がありません"));
            }
        }
        if let Some(s) = &self.same_building {
            if s.fraction().is_none() {
                return Err(format!(
                    "same_building.rate「{}」は \"95/100\" のような分数（分子は分母以下）で書いてください",
                    s.rate
                ));
            }
            if NaiveDate::parse_from_str(s.from.trim(), "%Y-%m-%d").is_err() {
                return Err(format!(
                    "same_building.from「{}」は日付ではありません（YYYY-MM-DD）",
                    s.from
                ));
            }
            if s.source.trim().is_empty() {
                return Err("same_building.source（出典）が空です".into());
            }
        }
        Ok(())
    }

    /// The row of `key` (any date).
    pub fn get(&self, key: &str) -> Option<&KasanRule> {
        self.rows.iter().find(|r| r.key == key)
    }

    /// The row of `key` in force on `day` (its `from` on or before it).
    pub fn on(&self, key: &str, day: NaiveDate) -> Option<&KasanRule> {
        self.get(key)
            .filter(|r| r.from_date().is_some_and(|f| f <= day))
    }

    /// The row whose service code is `code` (a claim's code names its 区分).
    pub fn by_code(&self, code: &str) -> Option<&KasanRule> {
        self.rows.iter().find(|r| r.code == code.trim())
    }

    /// The 同一建物減算 in force on `day`.
    pub fn same_building_on(&self, day: NaiveDate) -> Option<&SameBuildingRule> {
        self.same_building.as_ref().filter(|s| {
            NaiveDate::parse_from_str(s.from.trim(), "%Y-%m-%d").is_ok_and(|f| f <= day)
        })
    }

    /// The sections in the import format, as an exported table that inherited them writes them.
    pub fn to_toml(&self, inherited_from: NaiveDate) -> String {
        let mut t = format!(
            "\n# 加算と同一建物減算（{} からの表の定めを引き継いだもの。書き換えればこの表の定めになります）\n",
            super::iso(inherited_from)
        );
        if let Some(s) = &self.same_building {
            t.push_str(&s.to_toml());
        }
        for r in &self.rows {
            t.push_str(&r.to_toml());
        }
        t
    }
}

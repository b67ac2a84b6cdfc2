//! Enrollment in the data exchange: each provider's status from dated observations, the office's
//! own exchange status and expiries, the outreach pipeline, the "ask first" ranking, and what
//! paper costs.

use super::Lang;
use super::caseload::Period;
use super::choice::Choice;
use super::validation::Invalid;
use chrono::NaiveDate;
use serde::Serialize;

macro_rules! coded {
    ($name:ident, $what_ja:expr, $what_en:expr, [$(($v:ident, $code:expr, $ja:expr, $en:expr)),* $(,)?]) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($v),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),*];
            pub fn code(self) -> &'static str { match self { $($name::$v => $code),* } }
            pub fn label(self, lang: Lang) -> &'static str {
                match self { $($name::$v => lang.pick($ja, $en)),* }
            }
            pub fn from_code(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|x| x.code() == s)
            }
            /// Accepts the code, the Japanese or the English label, or a beginning that fits
            /// one value (`加入予定` → 加入予定（誓約）).
            pub fn parse(input: &str) -> Result<Self, Invalid> {
                <Self as Choice>::parse_choice(input)
            }
        }
        impl Choice for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn label(self, lang: Lang) -> &'static str {
                $name::label(self, lang)
            }
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn field_name(lang: Lang) -> &'static str {
                lang.pick($what_ja, $what_en)
            }
        }
    };
}

coded!(
    ProviderStatus,
    "加入状況",
    "status",
    [
        (Enrolled, "enrolled", "加入済み", "enrolled"),
        (Pledged, "pledged", "加入予定（誓約）", "pledged"),
        (Applying, "applying", "申請中", "applying"),
        (NotEnrolled, "not_enrolled", "未加入", "not enrolled"),
        (Declined, "declined", "加入しない", "declined"),
        (Unknown, "unknown", "不明", "unknown"),
    ]
);

coded!(
    Source,
    "情報源",
    "source",
    [
        (Provider, "provider", "事業所から聞いた", "provider said so"),
        (
            PublicRegister,
            "public_register",
            "情報公表システム",
            "public register"
        ),
        (
            ExchangeFile,
            "exchange_file",
            "連携ファイル",
            "exchange file"
        ),
        (
            ExchangeSearch,
            "exchange_search",
            "連携ソフトの検索",
            "exchange client's search"
        ),
    ]
);

coded!(
    ExchangeUse,
    "データ連携の利用状況",
    "exchange use",
    [
        (NotApplied, "not_applied", "未申請", "not applied"),
        (Applying, "applying", "申請中", "applying"),
        (InUse, "in_use", "利用中", "in use"),
        (Stopped, "stopped", "停止", "stopped"),
    ]
);

coded!(
    ExchangeSystem,
    "連携の方式",
    "system",
    [
        (Client, "client", "連携ソフト（旧）", "old client software"),
        (Web, "web", "WEBサービス", "WEB service"),
        (
            Equivalent,
            "equivalent",
            "承認された同等のシステム",
            "approved equivalent system"
        ),
    ]
);

coded!(
    Stage,
    "働きかけの段階",
    "stage",
    [
        (NotAsked, "not_asked", "未依頼", "not asked"),
        (Asked, "asked", "依頼済み", "asked"),
        (Considering, "considering", "検討中", "considering"),
        (Pledged, "pledged", "加入予定", "pledged"),
        (Enrolled, "enrolled", "加入済み", "enrolled"),
        (Declined, "declined", "見送り", "declined"),
    ]
);

impl ProviderStatus {
    /// The status in a list column of 80-column screens (the panel spells it out).
    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            ProviderStatus::Enrolled => lang.pick("加入済", "enrolled"),
            ProviderStatus::Pledged => lang.pick("誓約", "pledged"),
            ProviderStatus::Applying => lang.pick("申請中", "applying"),
            ProviderStatus::NotEnrolled => lang.pick("未加入", "not yet"),
            ProviderStatus::Declined => lang.pick("見送り", "declined"),
            ProviderStatus::Unknown => lang.pick("不明", "unknown"),
        }
    }
}

impl Source {
    /// The source in a list column of 80-column screens (the panel spells it out).
    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            Source::Provider => lang.pick("事業所", "provider"),
            Source::PublicRegister => lang.pick("公表", "register"),
            Source::ExchangeFile => lang.pick("ファイル", "file"),
            Source::ExchangeSearch => lang.pick("検索", "search"),
        }
    }
}

impl Stage {
    /// The stage in a list column of 80-column screens (the panel spells it out).
    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            Stage::NotAsked => lang.pick("未依頼", "unasked"),
            Stage::Asked => lang.pick("依頼済", "asked"),
            Stage::Considering => lang.pick("検討中", "consid."),
            Stage::Pledged => lang.pick("誓約", "pledged"),
            Stage::Enrolled => lang.pick("加入済", "enrolled"),
            Stage::Declined => lang.pick("見送り", "declined"),
        }
    }
}

impl ExchangeSystem {
    /// A short mark for a status history: 旧 / WEB / 同等.
    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            ExchangeSystem::Client => lang.pick("旧", "old"),
            ExchangeSystem::Web => "WEB",
            ExchangeSystem::Equivalent => lang.pick("同等", "equiv."),
        }
    }
}

impl Source {
    /// On the same day, what was seen in the exchange itself outranks what was said.
    fn weight(self) -> u8 {
        match self {
            Source::ExchangeFile => 3,
            Source::ExchangeSearch => 2,
            Source::PublicRegister => 1,
            Source::Provider => 0,
        }
    }
}

/// One dated observation of a provider's enrollment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Observation {
    pub id: i64,
    pub status: ProviderStatus,
    pub source: Source,
    /// The system it was observed on (before the move, the old client software).
    pub system: ExchangeSystem,
    pub observed_on: NaiveDate,
    pub note: String,
}

/// The current status: the latest observation; on the same date the stronger source (an
/// exchange file over hearsay), then the one recorded last.
pub fn current(observations: &[Observation]) -> Option<&Observation> {
    observations
        .iter()
        .max_by_key(|o| (o.observed_on, o.source.weight(), o.id))
}

/// Where a provider stands with the exchange on a day, across the move: its latest observation,
/// and whether that must be confirmed again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    pub status: Option<ProviderStatus>,
    pub system: Option<ExchangeSystem>,
    /// From the move, an observation of joining the old system (enrolled, applying, pledged)
    /// says nothing of the WEB service: to be re-confirmed.
    pub reconfirm: bool,
}

impl Standing {
    pub fn of(observations: &[Observation], today: NaiveDate, move_on: Option<NaiveDate>) -> Self {
        let Some(o) = current(observations) else {
            return Standing::default();
        };
        let moved = move_on.is_some_and(|m| today >= m);
        Standing {
            status: Some(o.status),
            system: Some(o.system),
            reconfirm: moved
                && o.system == ExchangeSystem::Client
                && matches!(
                    o.status,
                    ProviderStatus::Enrolled | ProviderStatus::Applying | ProviderStatus::Pledged
                ),
        }
    }
    /// Enrolled, and not to be re-confirmed.
    pub fn is_enrolled(&self) -> bool {
        self.status == Some(ProviderStatus::Enrolled) && !self.reconfirm
    }
    /// Enrolled on the old system only: its WEB-service registration is not confirmed.
    pub fn web_unconfirmed(&self) -> bool {
        self.status == Some(ProviderStatus::Enrolled) && self.system == Some(ExchangeSystem::Client)
    }
}

/// From the month of the WEB-service registration deadline on, the ask-first ranking also
/// ranks enrolled providers whose registration is not confirmed.
pub fn asks_web_confirmation(today: NaiveDate, registration_due: Option<NaiveDate>) -> bool {
    registration_due.is_some_and(|due| today >= super::dates::month_start(due))
}

/// The office's exchange use as periods "in use", from its dated status history: use on the
/// WEB service or an approved equivalent system counts; use on the old client software ends the
/// day before the move (`move_on`), when that software stops working.
pub fn in_use_periods(
    history: &[(NaiveDate, ExchangeUse, ExchangeSystem)],
    move_on: Option<NaiveDate>,
) -> Vec<Period> {
    let mut sorted: Vec<(NaiveDate, ExchangeUse)> = Vec::new();
    let mut by_date = history.to_vec();
    by_date.sort_by_key(|h| h.0);
    let mut on_client = false;
    for (date, status, system) in by_date {
        // The old client's use stops at the move, unless a later row says otherwise first.
        if let Some(m) = move_on
            && on_client
            && date > m
        {
            sorted.push((m, ExchangeUse::Stopped));
        }
        let client_use = status == ExchangeUse::InUse && system == ExchangeSystem::Client;
        if client_use && move_on.is_some_and(|m| date >= m) {
            // Recorded on the old client from the move on: no use.
            sorted.push((date, ExchangeUse::Stopped));
            on_client = false;
            continue;
        }
        on_client = client_use;
        sorted.push((date, status));
    }
    if let Some(m) = move_on
        && on_client
    {
        sorted.push((m, ExchangeUse::Stopped));
    }
    let mut out: Vec<Period> = Vec::new();
    let mut open: Option<NaiveDate> = None;
    for (date, status) in sorted {
        match (status, open) {
            (ExchangeUse::InUse, None) => open = Some(date),
            (ExchangeUse::InUse, Some(_)) => {}
            (_, Some(from)) => {
                out.push(Period {
                    from,
                    until: date.pred_opt(),
                });
                open = None;
            }
            (_, None) => {}
        }
    }
    if let Some(from) = open {
        out.push(Period { from, until: None });
    }
    out
}

/// A date that ends something the office depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiry {
    pub what_ja: &'static str,
    pub what_en: &'static str,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiryWarning {
    pub expiry: Expiry,
    pub days_left: i64,
    /// The mark reached: 60, 30 or 7 days (0 = already passed).
    pub mark: i64,
}

/// The mark a date `days_left` away has reached: 60, 30 or 7 days before it, 0 once passed
/// (for 30 days, so that it is not missed); None outside that window. The office's expiries and
/// the national calendar are both marked by this one rule.
/// How many days before a dated end its warning starts (the first mark).
pub const WARN_FROM_DAYS: i64 = 60;

pub fn warning_mark(days_left: i64) -> Option<i64> {
    match days_left {
        d if !(-30..=WARN_FROM_DAYS).contains(&d) => None,
        d if d < 0 => Some(0),
        d if d <= 7 => Some(7),
        d if d <= 30 => Some(30),
        _ => Some(60),
    }
}

/// Warnings from 60 days before each expiry, marked 60 / 30 / 7; a passed date stays listed
/// (mark 0) for 30 days so that it is not missed.
pub fn expiry_warnings(today: NaiveDate, expiries: &[Expiry]) -> Vec<ExpiryWarning> {
    let mut out: Vec<ExpiryWarning> = expiries
        .iter()
        .filter_map(|e| {
            let days_left = (e.on - today).num_days();
            let mark = warning_mark(days_left)?;
            Some(ExpiryWarning {
                expiry: e.clone(),
                days_left,
                mark,
            })
        })
        .collect();
    out.sort_by_key(|w| w.days_left);
    out
}

/// A provider as the "ask first" ranking sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub provider_id: i64,
    pub name: String,
    pub status: Option<ProviderStatus>,
    pub active_clients: usize,
    /// Paper deliveries a month (schedules out by FAX, post, hand, e-mail).
    pub paper_per_month: usize,
    /// Enrolled, but its WEB-service registration is to be confirmed now (the registration
    /// deadline's month or later, `asks_web_confirmation`): ranked with the rest.
    pub confirm_web: bool,
}

/// Providers not yet on the exchange, most worth asking first: the most of our active clients,
/// then the most paper, then by name. Enrolled ones are left out unless their WEB-service
/// registration is to be confirmed; those that declined come last.
pub fn ask_first(candidates: &[Candidate]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = candidates
        .iter()
        .filter(|c| c.status != Some(ProviderStatus::Enrolled) || c.confirm_web)
        .cloned()
        .collect();
    out.sort_by(|a, b| {
        let declined = |c: &Candidate| c.status == Some(ProviderStatus::Declined);
        declined(a)
            .cmp(&declined(b))
            .then(b.active_clients.cmp(&a.active_clients))
            .then(b.paper_per_month.cmp(&a.paper_per_month))
            .then(a.name.cmp(&b.name))
    });
    out
}

/// What one paper delivery costs, from the settings (yen and minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaperCosts {
    pub fax_page_yen: u32,
    pub pages_per_delivery: u32,
    pub postage_yen: u32,
    pub minutes_per_delivery: u32,
    pub hourly_cost_yen: u32,
}

impl Default for PaperCosts {
    fn default() -> Self {
        PaperCosts {
            fax_page_yen: 10,
            pages_per_delivery: 2,
            postage_yen: 110,
            minutes_per_delivery: 5,
            hourly_cost_yen: 2000,
        }
    }
}

impl PaperCosts {
    /// Yen a month for `fax` FAX deliveries, `post` posted ones and `other` by hand or e-mail:
    /// the sending, plus the staff time of sending and of re-typing the actuals that come back.
    pub fn monthly_yen(&self, fax: usize, post: usize, other: usize) -> u64 {
        let n = |x: usize| x as u64;
        let sending = n(fax) * u64::from(self.fax_page_yen * self.pages_per_delivery)
            + n(post) * u64::from(self.postage_yen);
        let deliveries = n(fax + post + other);
        // Minutes × hourly cost / 60, in whole yen (truncated once, at the end).
        let time =
            deliveries * 2 * u64::from(self.minutes_per_delivery) * u64::from(self.hourly_cost_yen)
                / 60;
        sending + time
    }
}

/// The day the exchange becomes a function of the 介護保険資格確認等WEBサービス ("the move"),
/// as far as careplan knows it without a calendar: January 2027 was announced without a day,
/// so the first of the month stands in (provisional). Callers pass the move date to
/// `points_for`, so that a national calendar that knows the announced day can replace this.
pub fn provisional_move() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// A bound of a dated row: a calendar date, or a number of days from the move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBound {
    On(NaiveDate),
    /// `move`, `move-1`, `move+N`: days after (or before) the move.
    Move(i64),
}

impl DateBound {
    /// `YYYY-MM-DD`, `move`, `move-N` or `move+N`.
    pub fn parse(s: &str) -> Option<DateBound> {
        let s = s.trim();
        match s.strip_prefix("move") {
            Some("") => Some(DateBound::Move(0)),
            Some(rest) if rest.starts_with(['+', '-']) => rest.parse().ok().map(DateBound::Move),
            Some(_) => None,
            None => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(DateBound::On),
        }
    }

    /// The date, given the day of the move.
    pub fn resolve(self, the_move: NaiveDate) -> NaiveDate {
        match self {
            DateBound::On(d) => d,
            DateBound::Move(days) => the_move + chrono::Duration::days(days),
        }
    }
}

/// How sure a dated row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sureness {
    /// Read in an official document.
    Verified,
    /// Reported by the trade press citing a notice that was not seen.
    Reported,
    /// Our own reading of the rules.
    Inferred,
}

impl Sureness {
    fn parse(s: &str) -> Option<Sureness> {
        match s {
            "verified" => Some(Sureness::Verified),
            "reported" => Some(Sureness::Reported),
            "inferred" => Some(Sureness::Inferred),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Sureness::Verified => "verified",
            Sureness::Reported => "reported",
            Sureness::Inferred => "inferred",
        }
    }

    /// The mark shown beside a row that is not verified.
    pub fn caveat(self, lang: Lang) -> Option<&'static str> {
        match self {
            Sureness::Verified => None,
            Sureness::Reported => Some(lang.pick("報道ベース・要確認", "as reported; check")),
            Sureness::Inferred => Some(lang.pick("推測・要確認", "our inference; check")),
        }
    }
}

/// A talking point for asking a provider to join, in force between two dates, for some
/// service types and enrollment statuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkingPoint {
    pub id: String,
    pub from: DateBound,
    pub until: Option<DateBound>,
    /// Service-type codes it concerns; empty = every provider.
    pub service_types: Vec<String>,
    /// Statuses that see it; empty = every status. No observation counts as `Unknown`.
    pub statuses: Vec<ProviderStatus>,
    pub sure: Sureness,
    pub source: String,
    pub text: String,
}

impl TalkingPoint {
    /// Whether it is in force on `today`, the move being on `the_move` (dates inclusive).
    pub fn in_force(&self, today: NaiveDate, the_move: NaiveDate) -> bool {
        self.from.resolve(the_move) <= today
            && self.until.is_none_or(|u| today <= u.resolve(the_move))
    }

    /// Whether a provider of these service types and this status sees it.
    pub fn concerns(&self, service_types: &[String], status: Option<ProviderStatus>) -> bool {
        let status = status.unwrap_or(ProviderStatus::Unknown);
        (self.service_types.is_empty()
            || self.service_types.iter().any(|t| service_types.contains(t)))
            && (self.statuses.is_empty() || self.statuses.contains(&status))
    }

    /// The text as shown, with the caveat of a row that is not verified.
    pub fn shown(&self, lang: Lang) -> String {
        match self.sure.caveat(lang) {
            Some(c) => match lang {
                Lang::Ja => format!("{}【{c}】", self.text),
                Lang::En => format!("{} [{c}]", self.text),
            },
            None => self.text.clone(),
        }
    }
}

/// Parses the talking points file; an error names the line and what is wrong.
pub fn parse_talking_points(text: &str) -> Result<Vec<TalkingPoint>, String> {
    let mut out: Vec<TalkingPoint> = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        let bad = |why: &str| format!("talking_points.tsv line {}: {why}", i + 1);
        let f: Vec<&str> = l.split('\t').collect();
        let [id, from, until, services, statuses, sure, source, text] = f[..] else {
            return Err(bad(&format!("8 columns expected, {} found", f.len())));
        };
        if id.is_empty() || out.iter().any(|p| p.id == id) {
            return Err(bad("the id is empty or used twice"));
        }
        let list = |s: &str| -> Vec<String> {
            s.split_whitespace()
                .filter(|t| *t != "*")
                .map(str::to_string)
                .collect()
        };
        let statuses = list(statuses)
            .iter()
            .map(|s| ProviderStatus::from_code(s).ok_or_else(|| bad(&format!("status {s}"))))
            .collect::<Result<Vec<_>, _>>()?;
        out.push(TalkingPoint {
            id: id.to_string(),
            from: DateBound::parse(from).ok_or_else(|| bad("from"))?,
            until: match until.trim() {
                "" => None,
                u => Some(DateBound::parse(u).ok_or_else(|| bad("until"))?),
            },
            service_types: service_codes(services).map_err(|g| bad(&g))?,
            statuses,
            sure: Sureness::parse(sure).ok_or_else(|| bad("sure"))?,
            source: source.to_string(),
            text: text.to_string(),
        });
    }
    Ok(out)
}

/// The service-type codes of a talking point's `services` column: codes, `group:NAME` for a
/// group of assets/service_types.tsv (so that a group is listed in one place), `*` for all
/// (empty). Err names an unknown group.
fn service_codes(column: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for token in column.split_whitespace().filter(|t| *t != "*") {
        let codes = match token.strip_prefix("group:") {
            Some(g) => {
                let codes = super::service_types::in_group(g);
                if codes.is_empty() {
                    return Err(format!("services: no group {g} in service_types.tsv"));
                }
                codes.into_iter().map(str::to_string).collect()
            }
            None => vec![token.to_string()],
        };
        for c in codes {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    Ok(out)
}

/// The talking points shipped in assets/talking_points.tsv. A test proves the file parses, so
/// the empty list in its place is never seen.
pub fn talking_points() -> Vec<TalkingPoint> {
    parse_talking_points(include_str!("../../assets/talking_points.tsv")).unwrap_or_default()
}

/// The points in force on `today` (the move being on `the_move`) that concern a provider of
/// these service types and this status.
pub fn points_for<'a>(
    points: &'a [TalkingPoint],
    today: NaiveDate,
    the_move: NaiveDate,
    service_types: &[String],
    status: Option<ProviderStatus>,
) -> Vec<&'a TalkingPoint> {
    points
        .iter()
        .filter(|p| p.in_force(today, the_move) && p.concerns(service_types, status))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn obs(id: i64, status: ProviderStatus, source: Source, on: &str) -> Observation {
        Observation {
            id,
            status,
            source,
            system: ExchangeSystem::Client,
            observed_on: d(on),
            note: String::new(),
        }
    }

    #[test]
    fn the_latest_observation_wins_and_a_file_outranks_hearsay_on_the_same_day() {
        use ProviderStatus::*;
        let o = [
            obs(1, NotEnrolled, Source::PublicRegister, "2026-05-01"),
            obs(2, Enrolled, Source::ExchangeFile, "2026-11-20"),
            obs(3, NotEnrolled, Source::Provider, "2026-11-20"),
        ];
        assert_eq!(current(&o).unwrap().id, 2);
        let later = [
            obs(1, Enrolled, Source::ExchangeFile, "2026-11-20"),
            obs(2, Declined, Source::Provider, "2026-11-21"),
        ];
        assert_eq!(
            current(&later).unwrap().status,
            Declined,
            "a later date wins"
        );
        let same = [
            obs(1, Pledged, Source::Provider, "2026-11-20"),
            obs(2, Applying, Source::Provider, "2026-11-20"),
        ];
        assert_eq!(
            current(&same).unwrap().id,
            2,
            "same day, same source: recorded last"
        );
        assert!(current(&[]).is_none());
    }

    #[test]
    fn expiry_warnings_at_60_30_7_and_after() {
        let e = |on: &str| Expiry {
            what_ja: "x",
            what_en: "x",
            on: d(on),
        };
        let today = d("2026-11-25");
        let w = expiry_warnings(
            today,
            &[
                e("2027-01-25"), // 61 days: not yet
                e("2027-01-24"), // 60
                e("2026-12-25"), // 30
                e("2026-12-02"), // 7
                e("2026-11-25"), // today
                e("2026-11-24"), // passed yesterday
                e("2026-10-25"), // passed 31 days ago: dropped
            ],
        );
        let marks: Vec<(i64, i64)> = w.iter().map(|x| (x.days_left, x.mark)).collect();
        assert_eq!(marks, [(-1, 0), (0, 7), (7, 7), (30, 30), (60, 60)]);
    }

    #[test]
    fn the_free_pass_that_has_ended_is_warned_then_dropped() {
        let pass = Expiry {
            what_ja: "フリーパス",
            what_en: "free pass",
            on: d("2026-05-31"),
        };
        assert_eq!(
            expiry_warnings(d("2026-06-10"), std::slice::from_ref(&pass))[0].mark,
            0
        );
        assert!(expiry_warnings(d("2026-07-15"), &[pass]).is_empty());
    }

    #[test]
    fn ask_first_ranks_by_clients_then_paper_and_keeps_providers_without_clients() {
        use ProviderStatus::*;
        let c = |id, status, clients, paper| Candidate {
            provider_id: id,
            name: format!("P{id}"),
            status,
            active_clients: clients,
            paper_per_month: paper,
            confirm_web: false,
        };
        let ranked = ask_first(&[
            c(1, Some(Enrolled), 30, 0),
            c(2, Some(NotEnrolled), 5, 5),
            c(3, None, 12, 12),
            c(4, Some(Declined), 40, 40),
            c(5, Some(Pledged), 5, 9),
            c(6, Some(Unknown), 0, 0),
        ]);
        let ids: Vec<i64> = ranked.iter().map(|x| x.provider_id).collect();
        assert_eq!(ids, [3, 5, 2, 6, 4]);
        // In the registration deadline's month: an enrolled provider not confirmed on the WEB
        // service is ranked too, by its clients.
        let mut unconfirmed = c(1, Some(Enrolled), 30, 0);
        unconfirmed.confirm_web = true;
        let ranked = ask_first(&[unconfirmed, c(2, Some(NotEnrolled), 5, 5)]);
        assert_eq!(
            ranked.iter().map(|x| x.provider_id).collect::<Vec<_>>(),
            [1, 2]
        );
        assert!(!asks_web_confirmation(
            d("2026-11-30"),
            Some(d("2026-12-31"))
        ));
        assert!(asks_web_confirmation(
            d("2026-12-01"),
            Some(d("2026-12-31"))
        ));
        assert!(!asks_web_confirmation(d("2026-12-01"), None));
    }

    #[test]
    fn an_old_system_observation_is_to_be_reconfirmed_from_the_move() {
        use ProviderStatus::*;
        let on_client = [obs(1, Enrolled, Source::PublicRegister, "2026-10-01")];
        let move_on = Some(d("2027-01-01"));
        let before = Standing::of(&on_client, d("2026-12-31"), move_on);
        assert!(before.is_enrolled() && !before.reconfirm);
        assert!(before.web_unconfirmed());
        let after = Standing::of(&on_client, d("2027-01-01"), move_on);
        assert!(after.reconfirm && !after.is_enrolled());
        // Observed on the WEB service: enrolled across the move.
        let mut on_web = on_client.clone();
        on_web[0].system = ExchangeSystem::Web;
        let web = Standing::of(&on_web, d("2027-02-01"), move_on);
        assert!(web.is_enrolled() && !web.web_unconfirmed());
        // Not enrolled stays what it was; no move date: nothing to re-confirm.
        let no = [obs(1, NotEnrolled, Source::Provider, "2026-10-01")];
        assert!(!Standing::of(&no, d("2027-02-01"), move_on).reconfirm);
        assert!(!Standing::of(&on_client, d("2027-02-01"), None).reconfirm);
    }

    #[test]
    fn in_use_periods_follow_the_status_history() {
        use ExchangeSystem::{Client, Web};
        use ExchangeUse::*;
        let h = [
            (d("2025-04-01"), Applying, Client),
            (d("2025-06-01"), InUse, Client),
            (d("2026-03-31"), Stopped, Client),
            (d("2026-07-01"), InUse, Client),
        ];
        let p = in_use_periods(&h, None);
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].from, p[0].until),
            (d("2025-06-01"), Some(d("2026-03-30")))
        );
        assert_eq!((p[1].from, p[1].until), (d("2026-07-01"), None));
        assert!(in_use_periods(&[(d("2025-04-01"), Applying, Client)], None).is_empty());
        // The old client's use ends the day before the move; use on the WEB service counts.
        let m = Some(d("2027-01-18"));
        let p = in_use_periods(&h, m);
        assert_eq!(p[1].until, Some(d("2027-01-17")));
        let mut moved = h.to_vec();
        moved.push((d("2027-01-10"), InUse, Web));
        let p = in_use_periods(&moved, m);
        assert_eq!((p[1].from, p[1].until), (d("2026-07-01"), None), "{p:?}");
        // Moving after the move date: a gap between.
        let mut late = h.to_vec();
        late.push((d("2027-02-01"), InUse, Web));
        let p = in_use_periods(&late, m);
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!(p[1].until, Some(d("2027-01-17")));
        assert_eq!((p[2].from, p[2].until), (d("2027-02-01"), None));
    }

    #[test]
    fn statuses_parse_from_codes_labels_and_short_labels() {
        assert_eq!(
            ProviderStatus::parse("加入予定（誓約）").unwrap(),
            ProviderStatus::Pledged
        );
        assert_eq!(
            ProviderStatus::parse("加入予定").unwrap(),
            ProviderStatus::Pledged
        );
        assert_eq!(
            ProviderStatus::parse("NOT_ENROLLED").unwrap(),
            ProviderStatus::NotEnrolled
        );
        assert_eq!(Source::parse("連携ファイル").unwrap(), Source::ExchangeFile);
        let e = ProviderStatus::parse("たぶん").unwrap_err();
        assert!(e.message(Lang::Ja).contains("加入済み"));
    }

    #[test]
    fn paper_costs_add_sending_and_staff_time() {
        let c = PaperCosts::default();
        // 10 FAX: 10×(10×2) = 200 yen; 2 posted: 220 yen; 12 deliveries × 2 × 5 min × 2000/60.
        assert_eq!(c.monthly_yen(10, 2, 0), 200 + 220 + 12 * 2 * 5 * 2000 / 60);
        assert_eq!(c.monthly_yen(0, 0, 0), 0);
    }

    fn shown(today: &str, the_move: &str, service: &str, status: ProviderStatus) -> Vec<String> {
        points_for(
            &talking_points(),
            d(today),
            d(the_move),
            &[service.to_string()],
            Some(status),
        )
        .iter()
        .map(|p| p.id.clone())
        .collect()
    }

    #[test]
    fn the_shipped_talking_points_parse_and_say_nothing_the_update_corrected() {
        let points = parse_talking_points(include_str!("../../assets/talking_points.tsv"))
            .expect("the shipped file parses");
        assert!(points.len() >= 10);
        for p in &points {
            assert!(
                !p.text.contains("5,000円"),
                "{}: per-person 5,000 yen",
                p.id
            );
            assert!(!p.text.contains("キャンペーン"), "{}: old free pass", p.id);
        }
    }

    #[test]
    fn a_talking_point_appears_only_for_its_services_statuses_and_dates() {
        use ProviderStatus::*;
        let mv = "2027-01-01";
        // The 2025 wage support: 訪問・通所 not yet enrolled, for the wages of Dec 2025–May 2026.
        assert!(shown("2026-01-15", mv, "11", NotEnrolled).contains(&"wage-support-2025".into()));
        assert!(shown("2026-05-31", mv, "A5", Unknown).contains(&"wage-support-2025".into()));
        assert!(!shown("2026-06-01", mv, "11", NotEnrolled).contains(&"wage-support-2025".into()));
        for (service, status) in [
            ("13", NotEnrolled),
            ("14", NotEnrolled),
            ("17", NotEnrolled),
            ("11", Enrolled),
        ] {
            assert!(
                !shown("2026-01-15", mv, service, status).contains(&"wage-support-2025".into()),
                "{service} {status:?}"
            );
        }
        // The FY2026 upper tiers: 訪問・通所 not enrolled or pledged, until 2027-03-31.
        let upper = |today: &str, service: &str, status| {
            shown(today, mv, service, status).contains(&"upper-tier-2026".into())
        };
        assert!(upper("2026-12-02", "15", Pledged));
        assert!(upper("2027-03-31", "11", Declined));
        assert!(
            !upper("2027-04-01", "11", NotEnrolled),
            "the FY2026 route ends"
        );
        assert!(
            !upper("2026-05-31", "11", NotEnrolled),
            "not before June 2026"
        );
        assert!(
            !upper("2026-12-02", "13", NotEnrolled),
            "訪問看護 has its own"
        );
        assert!(
            !upper("2026-12-02", "17", NotEnrolled),
            "福祉用具 has no 加算"
        );
        assert!(!upper("2026-12-02", "11", Enrolled));
        assert!(shown("2026-12-02", mv, "13", NotEnrolled).contains(&"nursing-rehab-2026".into()));
        assert!(shown("2026-12-02", mv, "77", Pledged).contains(&"small-multi-2026".into()));
        // A pledge must become a joining; only the pledged hear it.
        assert!(shown("2026-12-02", mv, "11", Pledged).contains(&"wage-support-pledge".into()));
        assert!(
            !shown("2026-12-02", mv, "11", NotEnrolled).contains(&"wage-support-pledge".into())
        );
        // Enrolled providers hear of the WEB-service registration, until the day before the
        // (provisional) move.
        assert_eq!(
            shown("2026-12-02", mv, "17", Enrolled),
            ["web-registration", "setup-subsidy"]
        );
        assert!(!shown("2027-01-01", mv, "17", Enrolled).contains(&"web-registration".into()));
        assert!(!shown("2026-12-02", mv, "17", NotEnrolled).contains(&"web-registration".into()));
        // A provider never observed counts as unknown: the points for the not enrolled.
        let points = talking_points();
        let none = points_for(&points, d("2026-12-02"), d(mv), &["11".into()], None);
        assert!(none.iter().any(|p| p.id == "free-pass"));
    }

    #[test]
    fn the_free_pass_ends_the_day_before_the_move_whenever_it_comes() {
        use ProviderStatus::NotEnrolled;
        let fee = |today: &str, the_move: &str| {
            let ids = shown(today, the_move, "16", NotEnrolled);
            (
                ids.contains(&"free-pass".into()),
                ids.contains(&"no-fee-after-move".into()),
            )
        };
        assert_eq!(fee("2026-12-31", "2027-01-01"), (true, false));
        assert_eq!(fee("2027-01-01", "2027-01-01"), (false, true));
        // Announced for the 18th: the free pass holds until the 17th.
        assert_eq!(fee("2027-01-10", "2027-01-18"), (true, false));
        assert_eq!(fee("2027-01-17", "2027-01-18"), (true, false));
        assert_eq!(fee("2027-01-18", "2027-01-18"), (false, true));
        assert_eq!(
            DateBound::parse("move+3").map(|b| b.resolve(d("2027-01-01"))),
            Some(d("2027-01-04"))
        );
        assert_eq!(DateBound::parse("moved"), None);
        assert_eq!(provisional_move(), d("2027-01-01"));
    }

    /// Enrolled providers are reminded of the WEB-service registration until the day before
    /// the move, whenever it comes (no gap between 1 January and an announced day), and from
    /// the move that the old enrolment does not carry over.
    #[test]
    fn enrolled_providers_hear_of_the_registration_until_the_move_then_that_it_is_needed() {
        use ProviderStatus::{Enrolled, NotEnrolled};
        let web = |today: &str, the_move: &str| {
            let ids = shown(today, the_move, "17", Enrolled);
            (
                ids.contains(&"web-registration".into()),
                ids.contains(&"web-registration-after-move".into()),
            )
        };
        assert_eq!(web("2026-07-28", "2027-01-01"), (false, false));
        assert_eq!(web("2026-07-29", "2027-01-01"), (true, false));
        assert_eq!(web("2026-12-31", "2027-01-01"), (true, false));
        assert_eq!(web("2027-01-01", "2027-01-01"), (false, true));
        // Announced for the 18th: reminded through the 17th, told after.
        assert_eq!(web("2027-01-10", "2027-01-18"), (true, false));
        assert_eq!(web("2027-01-17", "2027-01-18"), (true, false));
        assert_eq!(web("2027-01-18", "2027-01-18"), (false, true));
        assert_eq!(web("2027-06-01", "2027-01-18"), (false, true));
        // Only the enrolled hear them.
        let ids = shown("2027-01-20", "2027-01-18", "17", NotEnrolled);
        assert!(!ids.iter().any(|i| i.starts_with("web-registration")));
    }

    /// The wage-support rows name a group of the service-type table: 訪問看護・訪問リハ (13/14,
    /// 63/64) are not in it and hear their own 加算 instead; an unknown group is an error.
    #[test]
    fn talking_points_name_service_groups() {
        use ProviderStatus::{NotEnrolled, Pledged};
        for code in ["13", "14", "63", "64"] {
            let ids = shown("2026-01-15", "2027-01-01", code, NotEnrolled);
            assert!(!ids.contains(&"wage-support-2025".into()), "{code}");
            let ids = shown("2026-12-02", "2027-01-01", code, Pledged);
            assert!(!ids.contains(&"wage-support-pledge".into()), "{code}");
            assert!(ids.contains(&"nursing-rehab-2026".into()), "{code}");
        }
        for code in ["12", "62", "A6", "71"] {
            let ids = shown("2026-01-15", "2027-01-01", code, NotEnrolled);
            assert!(ids.contains(&"wage-support-2025".into()), "{code}");
        }
        let e =
            parse_talking_points("x\t2026-01-01\t\tgroup:nope\t*\tverified\ts\tt\n").unwrap_err();
        assert!(e.contains("line 1") && e.contains("nope"), "{e}");
    }

    #[test]
    fn reported_and_inferred_points_carry_their_caveat() {
        let points = talking_points();
        let by_id = |id: &str| points.iter().find(|p| p.id == id).unwrap();
        assert!(
            by_id("no-fee-after-move")
                .shown(Lang::Ja)
                .ends_with("【報道ベース・要確認】")
        );
        assert!(
            by_id("wage-support-pledge")
                .shown(Lang::Ja)
                .ends_with("【推測・要確認】")
        );
        assert_eq!(
            by_id("mhlw-saving").shown(Lang::Ja),
            by_id("mhlw-saving").text
        );
    }

    #[test]
    fn a_malformed_talking_points_file_says_which_line() {
        let e =
            parse_talking_points("# c\nx\t2026-01-01\t\t*\tnobody\tverified\ts\tt\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("nobody"), "{e}");
        let e = parse_talking_points("x\tsoon\t\t*\t*\tverified\ts\tt\n").unwrap_err();
        assert!(e.contains("from"), "{e}");
    }
}

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
    registration_due.is_some_and(|due| today >= super::delivery::month_start(due))
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
pub fn warning_mark(days_left: i64) -> Option<i64> {
    match days_left {
        d if !(-30..=60).contains(&d) => None,
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

/// A talking point for asking a provider to join, in force between two dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkingPoint {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    /// Service-type codes it concerns; empty = every provider.
    pub service_types: Vec<String>,
    pub text: String,
}

/// The talking points data file (assets/talking_points.tsv): from, until, service types, text.
pub fn talking_points() -> Vec<TalkingPoint> {
    include_str!("../../assets/talking_points.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            let from = NaiveDate::parse_from_str(f.next()?, "%Y-%m-%d").ok()?;
            let until = f
                .next()
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
            let types = f
                .next()?
                .split_whitespace()
                .filter(|t| *t != "*")
                .map(str::to_string)
                .collect();
            Some(TalkingPoint {
                from,
                until,
                service_types: types,
                text: f.next()?.to_string(),
            })
        })
        .collect()
}

/// The points in force on `today` that concern a provider of these service types.
pub fn points_for<'a>(
    points: &'a [TalkingPoint],
    today: NaiveDate,
    service_types: &[String],
) -> Vec<&'a TalkingPoint> {
    points
        .iter()
        .filter(|p| p.from <= today && p.until.is_none_or(|u| today <= u))
        .filter(|p| {
            p.service_types.is_empty() || p.service_types.iter().any(|t| service_types.contains(t))
        })
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

    #[test]
    fn talking_points_appear_only_while_in_force_and_for_their_services() {
        let points = talking_points();
        assert!(!points.is_empty());
        let visit = ["11".to_string()];
        let wage = |today: &str| {
            points_for(&points, d(today), &visit)
                .iter()
                .any(|p| p.text.contains("5,000"))
        };
        assert!(wage("2026-01-15"));
        assert!(
            !wage("2026-11-25"),
            "the wage support ended with May 2026 wages"
        );
        let rental = ["17".to_string()];
        assert!(
            !points_for(&points, d("2026-01-15"), &rental)
                .iter()
                .any(|p| p.text.contains("5,000")),
            "not for a rental provider"
        );
    }
}

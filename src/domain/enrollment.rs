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

/// The office's exchange use as periods "in use", from its dated status history.
pub fn in_use_periods(history: &[(NaiveDate, ExchangeUse)]) -> Vec<Period> {
    let mut sorted = history.to_vec();
    sorted.sort_by_key(|h| h.0);
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

/// Warnings from 60 days before each expiry, marked 60 / 30 / 7; a passed date stays listed
/// (mark 0) for 30 days so that it is not missed.
pub fn expiry_warnings(today: NaiveDate, expiries: &[Expiry]) -> Vec<ExpiryWarning> {
    let mut out: Vec<ExpiryWarning> = expiries
        .iter()
        .filter_map(|e| {
            let days_left = (e.on - today).num_days();
            let mark = match days_left {
                d if !(-30..=60).contains(&d) => return None,
                d if d < 0 => 0,
                d if d <= 7 => 7,
                d if d <= 30 => 30,
                _ => 60,
            };
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
}

/// Providers not yet on the exchange, most worth asking first: the most of our active clients,
/// then the most paper, then by name. Enrolled ones are left out; those that declined come last.
pub fn ask_first(candidates: &[Candidate]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = candidates
        .iter()
        .filter(|c| c.status != Some(ProviderStatus::Enrolled))
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
    }

    #[test]
    fn in_use_periods_follow_the_status_history() {
        use ExchangeUse::*;
        let h = [
            (d("2025-04-01"), Applying),
            (d("2025-06-01"), InUse),
            (d("2026-03-31"), Stopped),
            (d("2026-07-01"), InUse),
        ];
        let p = in_use_periods(&h);
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].from, p[0].until),
            (d("2025-06-01"), Some(d("2026-03-30")))
        );
        assert_eq!((p[1].from, p[1].until), (d("2026-07-01"), None));
        assert!(in_use_periods(&[(d("2025-04-01"), Applying)]).is_empty());
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

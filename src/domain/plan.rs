//! Care plans (居宅サービス計画): kinds, the status flow, and which revision is in force.

use super::Lang;
use super::choice::Choice;
use super::delivery::{month_end, month_start};
use super::validation::{Invalid, fold_ascii};
use chrono::NaiveDate;
use serde::Serialize;

/// 下書き → 同意待ち → 確定 → 終了 / 差し替え.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    #[default]
    Draft,
    AwaitingConsent,
    Confirmed,
    Ended,
    Superseded,
}

const STATUSES: [(PlanStatus, &str, &str, &str); 5] = [
    (PlanStatus::Draft, "draft", "下書き", "draft"),
    (
        PlanStatus::AwaitingConsent,
        "awaiting_consent",
        "同意待ち",
        "awaiting consent",
    ),
    (PlanStatus::Confirmed, "confirmed", "確定", "confirmed"),
    (PlanStatus::Ended, "ended", "終了", "ended"),
    (
        PlanStatus::Superseded,
        "superseded",
        "差し替え",
        "superseded",
    ),
];

impl PlanStatus {
    fn row(self) -> &'static (PlanStatus, &'static str, &'static str, &'static str) {
        // STATUSES lists every variant once, in declaration order.
        &STATUSES[self as usize]
    }
    pub fn code(self) -> &'static str {
        self.row().1
    }
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.row().2, self.row().3)
    }
    pub fn from_code(code: &str) -> Option<Self> {
        STATUSES.iter().find(|r| r.1 == code).map(|r| r.0)
    }
    /// Accepts a label, the code, or a beginning that fits one status (`同意` → 同意待ち).
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        Self::parse_choice(input)
    }
    /// A revision that arranges services (the board and deadlines follow it).
    pub fn is_live(self) -> bool {
        matches!(self, PlanStatus::AwaitingConsent | PlanStatus::Confirmed)
    }
}

impl Choice for PlanStatus {
    fn all() -> &'static [Self] {
        &[
            PlanStatus::Draft,
            PlanStatus::AwaitingConsent,
            PlanStatus::Confirmed,
            PlanStatus::Ended,
            PlanStatus::Superseded,
        ]
    }
    fn label(self, lang: Lang) -> &'static str {
        PlanStatus::label(self, lang)
    }
    fn code(self) -> &'static str {
        PlanStatus::code(self)
    }
    fn field_name(lang: Lang) -> &'static str {
        lang.pick("計画の状態", "plan status")
    }
}

/// 初回・紹介・継続, in any combination (at least one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PlanKind {
    pub initial: bool,
    pub referral: bool,
    pub continuing: bool,
}

impl PlanKind {
    const PARTS: [(&'static str, &'static str, &'static str); 3] = [
        ("initial", "初回", "initial"),
        ("referral", "紹介", "referral"),
        ("continuing", "継続", "continuing"),
    ];
    fn flags(self) -> [bool; 3] {
        [self.initial, self.referral, self.continuing]
    }
    /// Stored form: the codes separated by spaces.
    pub fn code(self) -> String {
        self.parts(|p| p.0).join(" ")
    }
    pub fn label(self, lang: Lang) -> String {
        self.parts(|p| lang.pick(p.1, p.2)).join("・")
    }
    fn parts(
        self,
        f: impl Fn(&(&'static str, &'static str, &'static str)) -> &'static str,
    ) -> Vec<&'static str> {
        Self::PARTS
            .iter()
            .zip(self.flags())
            .filter(|(_, on)| *on)
            .map(|(p, _)| f(p))
            .collect()
    }
    /// Accepts 初回・紹介・継続 (or the codes) separated by ・, spaces, commas or +.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s = fold_ascii(input);
        let mut k = PlanKind::default();
        for word in s
            .split(|c: char| c == '・' || c == '、' || c == ',' || c == '+' || c.is_whitespace())
            .filter(|w| !w.is_empty())
        {
            match Self::PARTS
                .iter()
                .position(|p| p.0.eq_ignore_ascii_case(word) || p.1 == word)
            {
                Some(0) => k.initial = true,
                Some(1) => k.referral = true,
                Some(_) => k.continuing = true,
                None => return Err(Self::invalid()),
            }
        }
        if k.flags().iter().any(|f| *f) {
            Ok(k)
        } else {
            Err(Self::invalid())
        }
    }
    fn invalid() -> Invalid {
        Invalid::new(
            "計画の区分は 初回・紹介・継続 を1つ以上（例: 初回・紹介）",
            "plan kind: one or more of initial, referral, continuing",
        )
    }
}

/// What deciding the plan in force needs of each revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanDates {
    pub plan_date: NaiveDate,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub status: PlanStatus,
}

/// The revision in force for a month: of the live revisions made by the month's end whose
/// period overlaps the month, the latest plan date. `None` when the client has none.
pub fn in_force(plans: &[PlanDates], month: NaiveDate) -> Option<usize> {
    let (first, last) = (month_start(month), month_end(month));
    plans
        .iter()
        .enumerate()
        .filter(|(_, p)| p.status.is_live() || p.status == PlanStatus::Ended)
        .filter(|(_, p)| p.plan_date <= last && p.period_from <= last && p.period_to >= first)
        .max_by_key(|(_, p)| p.plan_date)
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn p(date: &str, from: &str, to: &str, status: PlanStatus) -> PlanDates {
        PlanDates {
            plan_date: d(date),
            period_from: d(from),
            period_to: d(to),
            status,
        }
    }

    #[test]
    fn the_latest_live_revision_covering_the_month_is_in_force() {
        use PlanStatus::*;
        let plans = [
            p("2026-04-01", "2026-04-01", "2027-03-31", Superseded),
            p("2026-09-10", "2026-09-10", "2027-03-31", Confirmed),
            p("2026-11-20", "2026-12-01", "2027-05-31", Draft),
        ];
        assert_eq!(in_force(&plans, d("2026-11-01")), Some(1));
        assert_eq!(
            in_force(&plans, d("2026-12-01")),
            Some(1),
            "a draft is not in force"
        );
        assert_eq!(in_force(&plans, d("2026-08-01")), None, "superseded");
        assert_eq!(in_force(&plans, d("2027-04-01")), None, "period over");
    }

    #[test]
    fn plan_kind_combinations() {
        let k = PlanKind::parse("初回・紹介").unwrap();
        assert!(k.initial && k.referral && !k.continuing);
        assert_eq!(k.code(), "initial referral");
        assert_eq!(PlanKind::parse(&k.code()).unwrap(), k);
        assert_eq!(k.label(Lang::Ja), "初回・紹介");
        assert!(PlanKind::parse("").is_err());
        assert!(PlanKind::parse("更新").is_err());
    }

    #[test]
    fn statuses_round_trip() {
        for (s, code, ja, _) in STATUSES {
            assert_eq!(PlanStatus::from_code(code), Some(s));
            assert_eq!(PlanStatus::parse(ja).unwrap(), s);
        }
    }
}

//! Care plans (居宅サービス計画): kinds, the status flow, and which revision is in force.

use super::Lang;
use super::choice::Choice;
use super::dates::{month_end, month_start};
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

impl PlanStatus {
    /// Agreed with the client: a 確定 revision, also once 終了 or 差し替え.
    fn is_agreed(self) -> bool {
        matches!(
            self,
            PlanStatus::Confirmed | PlanStatus::Ended | PlanStatus::Superseded
        )
    }
}

/// Whether a revision in `status` may be edited: 下書き and 同意待ち freely, 確定 only as a
/// correction with its reason, 終了 and 差し替え not at all (a new revision is made instead).
pub fn editable(status: PlanStatus, with_reason: bool) -> Result<(), Invalid> {
    match status {
        PlanStatus::Draft | PlanStatus::AwaitingConsent => Ok(()),
        PlanStatus::Confirmed if with_reason => Ok(()),
        PlanStatus::Confirmed => Err(Invalid::new(
            "確定した計画の訂正には理由が必要です（誰が・いつ・なぜ訂正したかを記録します）。理由を入力してください",
            "a confirmed plan is corrected only with a reason (who, when and why are recorded)",
        )),
        PlanStatus::Ended | PlanStatus::Superseded => Err(Invalid::new(
            "終了・差し替えになった計画は編集できません。変更は新しい版（計画の新版）として作成してください",
            "an ended or superseded plan cannot be edited: make a new revision",
        )),
    }
}

/// To whom a plan was handed over (交付).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handover {
    /// The client (the plan's 交付日).
    Client,
    /// A provider of the plan (a plan form recorded in the delivery ledger).
    Provider,
}

impl Handover {
    fn name(self) -> (&'static str, &'static str) {
        match self {
            Handover::Client => ("交付日", "hand-over date"),
            Handover::Provider => ("事業所への交付日", "hand-over to the provider"),
        }
    }
}

/// The order of a plan's dates: 作成日 ≤ 同意日 ≤ 交付日 — a plan is agreed once made, and
/// handed over (to the client and to each provider) once agreed; without a consent date yet, a
/// hand-over is still not before the plan date. The one rule every path calls (forms, the
/// command line, imports, the ledger, `careplan check`); a refusal names both dates.
pub fn dates_in_order(
    plan_date: NaiveDate,
    consent: Option<NaiveDate>,
    handed: Option<NaiveDate>,
    to: Handover,
) -> Result<(), Invalid> {
    use super::dates::iso;
    let refuse = |later: (&str, &str), l: NaiveDate, earlier: (&str, &str), e: NaiveDate| {
        Invalid::new(
            format!(
                "{} {} が{} {} より前です（作成→同意→交付の順です。日付を確かめてください）",
                later.0,
                iso(l),
                earlier.0,
                iso(e)
            ),
            format!(
                "{} {} is before the {} {} (made, agreed, then handed over: check the dates)",
                later.1,
                iso(l),
                earlier.1,
                iso(e)
            ),
        )
    };
    const PLAN: (&str, &str) = ("作成日", "plan date");
    const CONSENT: (&str, &str) = ("同意日", "consent date");
    if let Some(c) = consent
        && c < plan_date
    {
        return Err(refuse(CONSENT, c, PLAN, plan_date));
    }
    match (handed, consent) {
        (Some(h), Some(c)) if h < c => Err(refuse(to.name(), h, CONSENT, c)),
        (Some(h), None) if h < plan_date => Err(refuse(to.name(), h, PLAN, plan_date)),
        _ => Ok(()),
    }
}

/// The revision in force for a month, among the revisions made by the month's end whose
/// period overlaps it: the newest 確定 one (終了 and 差し替え included: they were in force
/// until replaced), else, when nothing agreed covers the month, the newest 同意待ち one. So a
/// new revision takes over only once it is 確定 and its period has started; until then the
/// revision before it stays in force. `None` when the client has none.
pub fn in_force(plans: &[PlanDates], month: NaiveDate) -> Option<usize> {
    let (first, last) = (month_start(month), month_end(month));
    let newest = |keep: fn(PlanStatus) -> bool| {
        plans
            .iter()
            .enumerate()
            .filter(|(_, p)| keep(p.status))
            .filter(|(_, p)| p.plan_date <= last && p.period_from <= last && p.period_to >= first)
            .max_by_key(|(_, p)| p.plan_date)
            .map(|(i, _)| i)
    };
    newest(PlanStatus::is_agreed).or_else(|| newest(|s| s == PlanStatus::AwaitingConsent))
}

/// The end of the plan period ホーム warns of for `month` (計画期間終了): the period end of the
/// revision in force, unless an agreed (確定) successor already carries on from it — one made
/// after it whose period starts by the day after that end and runs beyond it. The rule
/// certifications follow (`deadlines::certification_due`): a renewal recorded clears the alarm.
/// A successor starting later leaves days without a plan, so the end stays due.
pub fn period_end_due(plans: &[PlanDates], month: NaiveDate) -> Option<NaiveDate> {
    let current = plans.get(in_force(plans, month)?)?;
    let end = current.period_to;
    let carried_on = plans.iter().any(|q| {
        q.status.is_agreed()
            && q.plan_date > current.plan_date
            && q.period_from <= end + chrono::Days::new(1)
            && q.period_to > end
    });
    (!carried_on).then_some(end)
}

/// The status a revision shows on `today`: a 確定 one is 差し替え once a newer 確定 revision
/// has taken over (its period started by `today`); otherwise the stored status.
pub fn shown_status(plans: &[PlanDates], i: usize, today: NaiveDate) -> PlanStatus {
    let Some(p) = plans.get(i) else {
        return PlanStatus::default();
    };
    let replaced = plans.iter().any(|q| {
        q.status.is_agreed()
            && q.status != PlanStatus::Superseded
            && q.plan_date > p.plan_date
            && q.period_from <= today
    });
    if p.status == PlanStatus::Confirmed && replaced {
        PlanStatus::Superseded
    } else {
        p.status
    }
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
        assert_eq!(
            in_force(&plans, d("2026-08-01")),
            Some(0),
            "in force until the next one was made"
        );
        assert_eq!(in_force(&plans, d("2027-04-01")), None, "period over");
    }

    #[test]
    fn a_new_revision_takes_over_once_confirmed_and_started() {
        use PlanStatus::*;
        let mut plans = [
            p("2026-04-01", "2026-04-01", "2027-03-31", Confirmed),
            p("2026-11-20", "2026-12-01", "2027-11-30", AwaitingConsent),
        ];
        // Awaiting consent: the confirmed one stays in force, even in the new period.
        assert_eq!(in_force(&plans, d("2026-12-01")), Some(0));
        assert_eq!(shown_status(&plans, 0, d("2026-12-05")), Confirmed);
        plans[1].status = Confirmed;
        // Confirmed: it takes over when its period starts, not before.
        assert_eq!(in_force(&plans, d("2026-11-01")), Some(0));
        assert_eq!(in_force(&plans, d("2026-12-01")), Some(1));
        assert_eq!(shown_status(&plans, 0, d("2026-11-25")), Confirmed);
        assert_eq!(shown_status(&plans, 0, d("2026-12-01")), Superseded);
        // Nothing agreed: the one awaiting consent stands in.
        let only = [p("2026-11-20", "2026-12-01", "2027-11-30", AwaitingConsent)];
        assert_eq!(in_force(&only, d("2026-12-01")), Some(0));
    }

    /// 計画期間終了 is cleared by a 確定 successor that carries on from the old period, as a
    /// certified renewal clears 認定期限; one waiting for consent, or leaving a gap, does not.
    #[test]
    fn a_confirmed_successor_clears_the_period_end() {
        use PlanStatus::*;
        let old = p("2026-06-01", "2026-06-01", "2026-12-31", Confirmed);
        let dec = d("2026-12-01");
        assert_eq!(period_end_due(&[old], dec), Some(d("2026-12-31")));
        // Starting the day after the end: carried on, nothing due.
        let next = p("2026-12-10", "2027-01-01", "2027-06-30", Confirmed);
        assert_eq!(period_end_due(&[old, next], dec), None);
        // Starting before it: carried on in November; in December the successor is the one in
        // force, and its own end is the one that comes due.
        let sooner = p("2026-11-10", "2026-12-20", "2027-06-30", Confirmed);
        assert_eq!(period_end_due(&[old, sooner], d("2026-11-01")), None);
        assert_eq!(period_end_due(&[old, sooner], dec), Some(d("2027-06-30")));
        // Not yet agreed (awaiting consent, a draft): still due.
        for status in [AwaitingConsent, Draft] {
            let next = p("2026-12-10", "2027-01-01", "2027-06-30", status);
            assert_eq!(
                period_end_due(&[old, next], dec),
                Some(d("2026-12-31")),
                "{status:?}"
            );
        }
        // A gap of a day without a plan: still due.
        let late = p("2026-12-10", "2027-01-02", "2027-06-30", Confirmed);
        assert_eq!(period_end_due(&[old, late], dec), Some(d("2026-12-31")));
        // An older revision, or one ending with the old period, carries nothing on.
        let earlier = p("2026-05-01", "2026-05-01", "2027-06-30", Ended);
        assert_eq!(period_end_due(&[old, earlier], dec), Some(d("2026-12-31")));
        let short = p("2026-12-10", "2026-12-15", "2026-12-31", Confirmed);
        assert_eq!(
            period_end_due(&[old, short], d("2026-11-01")),
            Some(d("2026-12-31"))
        );
        // No plan in force: nothing to end.
        assert_eq!(period_end_due(&[], dec), None);
    }

    /// 作成日 ≤ 同意日 ≤ 交付日, to the client and to providers; the refusal names both dates.
    #[test]
    fn plan_dates_run_made_agreed_handed_over() {
        let (made, agreed) = (d("2026-11-01"), d("2026-11-05"));
        let ok = |c: Option<&str>, h: Option<&str>, to| {
            dates_in_order(made, c.map(d), h.map(d), to)
                .map_err(|e| e.message(Lang::Ja).to_string())
        };
        // In order, the same day, or not yet consented/handed over.
        assert_eq!(
            ok(Some("2026-11-05"), Some("2026-11-05"), Handover::Client),
            Ok(())
        );
        assert_eq!(
            ok(Some("2026-11-01"), Some("2026-11-20"), Handover::Provider),
            Ok(())
        );
        assert_eq!(ok(None, None, Handover::Client), Ok(()));
        assert_eq!(ok(None, Some("2026-11-01"), Handover::Provider), Ok(()));
        assert!(dates_in_order(made, Some(agreed), None, Handover::Client).is_ok());
        // Handed over before consent: both dates named.
        let e = ok(Some("2026-11-05"), Some("2026-11-03"), Handover::Client).unwrap_err();
        assert!(
            e.starts_with("交付日 2026-11-03 が同意日 2026-11-05 より前です"),
            "{e}"
        );
        let e = ok(Some("2026-11-05"), Some("2026-11-04"), Handover::Provider).unwrap_err();
        assert!(
            e.starts_with("事業所への交付日 2026-11-04 が同意日 2026-11-05 より前です"),
            "{e}"
        );
        // Consent, or a hand-over with no consent yet, before the plan was made.
        let e = ok(Some("2026-10-31"), Some("2026-11-05"), Handover::Client).unwrap_err();
        assert!(
            e.starts_with("同意日 2026-10-31 が作成日 2026-11-01 より前です"),
            "{e}"
        );
        let e = ok(None, Some("2026-10-30"), Handover::Provider).unwrap_err();
        assert!(
            e.starts_with("事業所への交付日 2026-10-30 が作成日 2026-11-01 より前です"),
            "{e}"
        );
        let en = dates_in_order(made, Some(agreed), Some(d("2026-11-03")), Handover::Client)
            .unwrap_err();
        assert!(
            en.message(Lang::En)
                .starts_with("hand-over date 2026-11-03 is before the consent date 2026-11-05"),
            "{en}"
        );
    }

    #[test]
    fn confirmed_plans_are_corrected_only_with_a_reason() {
        assert!(editable(PlanStatus::Draft, false).is_ok());
        assert!(editable(PlanStatus::AwaitingConsent, false).is_ok());
        assert!(editable(PlanStatus::Confirmed, false).is_err());
        assert!(editable(PlanStatus::Confirmed, true).is_ok());
        assert!(editable(PlanStatus::Superseded, true).is_err());
        assert!(editable(PlanStatus::Ended, true).is_err());
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

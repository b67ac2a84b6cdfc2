//! The deadlines ホーム lists, sorted by days left, each with the action that clears it.

use super::Lang;
use super::delivery::{DeadlineRules, month_start};
use chrono::{Months, NaiveDate};

/// Certifications ending within this many days need a renewal application.
pub const CERTIFICATION_WARN_DAYS: i64 = 60;
/// Plan periods ending within this many days need a new plan.
pub const PLAN_PERIOD_WARN_DAYS: i64 = 30;
/// Outreach follow-ups show from this many days before their date.
pub const FOLLOW_UP_WARN_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadlineKind {
    /// Next month's schedules not yet sent (cells).
    SchedulesNotSent {
        month: NaiveDate,
        cells: usize,
    },
    /// Last month's actuals not yet back (cells).
    ActualsMissing {
        month: NaiveDate,
        cells: usize,
    },
    CertificationEnding {
        client: String,
    },
    PlanPeriodEnding {
        client: String,
    },
    /// A plan waiting for the client's consent since its plan date.
    AwaitingConsent {
        client: String,
    },
    /// A provider to contact again about joining the exchange.
    FollowUp {
        provider: String,
    },
    /// The office's licence, free pass or certificate ends (marked 60/30/7 days before).
    OfficeExpiry {
        what_ja: &'static str,
        what_en: &'static str,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub due: NaiveDate,
    pub days_left: i64,
    pub kind: DeadlineKind,
}

/// What the store knows that the deadlines depend on.
#[derive(Debug, Clone, Default)]
pub struct DeadlineFacts {
    /// Cells of next month's board without a schedule sent.
    pub schedules_unsent_next_month: usize,
    /// Cells of last month's board without actuals.
    pub actuals_missing_last_month: usize,
    /// (client, last valid day) of each active client's current certification.
    pub certifications: Vec<(String, NaiveDate)>,
    /// (client, period end) of each active client's plan in force.
    pub plan_periods: Vec<(String, NaiveDate)>,
    /// (client, plan date) of plans waiting for consent.
    pub awaiting_consent: Vec<(String, NaiveDate)>,
    /// (provider, next follow-up date) of outreach not yet finished.
    pub follow_ups: Vec<(String, NaiveDate)>,
    /// The office's own exchange expiries.
    pub office_expiries: Vec<super::enrollment::Expiry>,
}

pub fn deadlines(today: NaiveDate, rules: &DeadlineRules, f: &DeadlineFacts) -> Vec<Deadline> {
    let mut out = Vec::new();
    let mut push = |due: NaiveDate, kind: DeadlineKind| {
        out.push(Deadline {
            due,
            days_left: (due - today).num_days(),
            kind,
        })
    };
    let next = month_start(today) + Months::new(1);
    if f.schedules_unsent_next_month > 0 && today >= rules.schedule_warn_from(next) {
        push(
            rules.schedule_due(next),
            DeadlineKind::SchedulesNotSent {
                month: next,
                cells: f.schedules_unsent_next_month,
            },
        );
    }
    let last = month_start(today) - Months::new(1);
    if f.actuals_missing_last_month > 0 {
        push(
            rules.actuals_due(last),
            DeadlineKind::ActualsMissing {
                month: last,
                cells: f.actuals_missing_last_month,
            },
        );
    }
    for (client, to) in &f.certifications {
        let left = (*to - today).num_days();
        if (0..=CERTIFICATION_WARN_DAYS).contains(&left) {
            push(
                *to,
                DeadlineKind::CertificationEnding {
                    client: client.clone(),
                },
            );
        }
    }
    for (client, to) in &f.plan_periods {
        let left = (*to - today).num_days();
        if (0..=PLAN_PERIOD_WARN_DAYS).contains(&left) {
            push(
                *to,
                DeadlineKind::PlanPeriodEnding {
                    client: client.clone(),
                },
            );
        }
    }
    for (client, plan_date) in &f.awaiting_consent {
        push(
            *plan_date,
            DeadlineKind::AwaitingConsent {
                client: client.clone(),
            },
        );
    }
    for (provider, on) in &f.follow_ups {
        if (*on - today).num_days() <= FOLLOW_UP_WARN_DAYS {
            push(
                *on,
                DeadlineKind::FollowUp {
                    provider: provider.clone(),
                },
            );
        }
    }
    for w in super::enrollment::expiry_warnings(today, &f.office_expiries) {
        push(
            w.expiry.on,
            DeadlineKind::OfficeExpiry {
                what_ja: w.expiry.what_ja,
                what_en: w.expiry.what_en,
            },
        );
    }
    out.sort_by_key(|d| d.days_left);
    out
}

impl Deadline {
    /// What is due, in one line.
    pub fn what(&self, lang: Lang) -> String {
        let ym = |m: &NaiveDate| m.format("%Y-%m").to_string();
        match &self.kind {
            DeadlineKind::SchedulesNotSent { month, cells } => match lang {
                Lang::Ja => format!("{} 分の提供票 未送付 {cells} 件", ym(month)),
                Lang::En => format!("{} schedules not sent: {cells}", ym(month)),
            },
            DeadlineKind::ActualsMissing { month, cells } => match lang {
                Lang::Ja => format!("{} 分の実績 未着 {cells} 件", ym(month)),
                Lang::En => format!("{} actuals missing: {cells}", ym(month)),
            },
            DeadlineKind::CertificationEnding { client } => match lang {
                Lang::Ja => format!("認定期限 {client}"),
                Lang::En => format!("certification ends: {client}"),
            },
            DeadlineKind::PlanPeriodEnding { client } => match lang {
                Lang::Ja => format!("計画期間終了 {client}"),
                Lang::En => format!("plan period ends: {client}"),
            },
            DeadlineKind::AwaitingConsent { client } => match lang {
                Lang::Ja => format!("同意待ち {client}"),
                Lang::En => format!("awaiting consent: {client}"),
            },
            DeadlineKind::FollowUp { provider } => match lang {
                Lang::Ja => format!("連携の働きかけ {provider}"),
                Lang::En => format!("exchange follow-up: {provider}"),
            },
            DeadlineKind::OfficeExpiry { what_ja, what_en } => {
                lang.pick(what_ja, what_en).to_string()
            }
        }
    }

    /// The action that clears it.
    pub fn action(&self, lang: Lang) -> &'static str {
        match self.kind {
            DeadlineKind::SchedulesNotSent { .. } => {
                lang.pick("6 計画・送付 で送付を記録", "record sending in 6 Plans")
            }
            DeadlineKind::ActualsMissing { .. } => {
                lang.pick("事業所に催促し受領を記録", "chase and record receipt")
            }
            DeadlineKind::CertificationEnding { .. } => {
                lang.pick("更新申請を支援", "help apply for renewal")
            }
            DeadlineKind::PlanPeriodEnding { .. } => {
                lang.pick("計画を見直し新しい版を作成", "review and revise the plan")
            }
            DeadlineKind::AwaitingConsent { .. } => {
                lang.pick("同意を得て同意日を記録", "get consent, record the date")
            }
            DeadlineKind::FollowUp { .. } => lang.pick(
                "7 加入 で連絡し結果を記録",
                "contact, record it in 7 Enrollment",
            ),
            DeadlineKind::OfficeExpiry { .. } => lang.pick(
                "更新の手続き（7 加入 の o で確認）",
                "renew (see o in 7 Enrollment)",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn facts() -> DeadlineFacts {
        DeadlineFacts {
            schedules_unsent_next_month: 12,
            actuals_missing_last_month: 3,
            ..Default::default()
        }
    }

    #[test]
    fn unsent_schedules_show_from_n_days_before_month_end() {
        let r = DeadlineRules::default();
        // November has 30 days: due 11-30, shown from 11-23.
        assert!(
            deadlines(d("2026-11-22"), &r, &facts())
                .iter()
                .all(|x| !matches!(x.kind, DeadlineKind::SchedulesNotSent { .. }))
        );
        let ds = deadlines(d("2026-11-23"), &r, &facts());
        let s = ds
            .iter()
            .find(|x| matches!(x.kind, DeadlineKind::SchedulesNotSent { .. }))
            .unwrap();
        assert_eq!((s.due, s.days_left), (d("2026-11-30"), 7));
        // February of a leap year: due 02-29; of a common year: 02-28.
        let ds = deadlines(d("2028-02-29"), &r, &facts());
        assert!(
            ds.iter()
                .any(|x| x.due == d("2028-02-29") && x.days_left == 0)
        );
        let ds = deadlines(d("2027-02-21"), &r, &facts());
        assert!(
            ds.iter()
                .any(|x| x.due == d("2027-02-28") && x.days_left == 7)
        );
        // A 31-day month: due on the 31st.
        let ds = deadlines(d("2026-12-24"), &r, &facts());
        assert!(
            ds.iter()
                .any(|x| x.due == d("2026-12-31") && x.days_left == 7)
        );
    }

    #[test]
    fn missing_actuals_count_down_to_day_n_and_go_negative() {
        let r = DeadlineRules::default();
        let ds = deadlines(d("2026-12-01"), &r, &facts());
        let a = ds
            .iter()
            .find(|x| matches!(x.kind, DeadlineKind::ActualsMissing { .. }))
            .unwrap();
        assert_eq!((a.due, a.days_left), (d("2026-12-05"), 4));
        let ds = deadlines(d("2026-12-09"), &r, &facts());
        assert_eq!(ds[0].days_left, -4);
        assert!(ds[0].what(Lang::Ja).contains("2026-11 分の実績 未着 3 件"));
        let none = DeadlineFacts::default();
        assert!(deadlines(d("2026-12-09"), &r, &none).is_empty());
    }

    #[test]
    fn follow_ups_from_7_days_before_and_office_expiries_from_60() {
        let r = DeadlineRules::default();
        let f = DeadlineFacts {
            follow_ups: vec![
                ("近い".into(), d("2026-12-02")),
                ("遠い".into(), d("2026-12-03")),
                ("過ぎた".into(), d("2026-11-20")),
            ],
            office_expiries: vec![crate::domain::enrollment::Expiry {
                what_ja: "電子証明書の有効期限",
                what_en: "certificate expires",
                on: d("2027-01-14"),
            }],
            ..Default::default()
        };
        let ds = deadlines(d("2026-11-25"), &r, &f);
        let what: Vec<String> = ds.iter().map(|x| x.what(Lang::Ja)).collect();
        assert_eq!(
            what,
            [
                "連携の働きかけ 過ぎた",
                "連携の働きかけ 近い",
                "電子証明書の有効期限"
            ]
        );
        assert_eq!(ds[2].days_left, 50);
    }

    #[test]
    fn certifications_60_days_plans_30_days_sorted_by_days_left() {
        let r = DeadlineRules::default();
        let f = DeadlineFacts {
            certifications: vec![
                ("甲".into(), d("2027-01-29")), // 61 days: not yet
                ("乙".into(), d("2027-01-28")), // 60 days
                ("丙".into(), d("2026-11-28")), // yesterday: lapsed, not a deadline
            ],
            plan_periods: vec![
                ("丁".into(), d("2026-12-29")),
                ("戊".into(), d("2026-12-30")),
            ],
            awaiting_consent: vec![("己".into(), d("2026-11-20"))],
            ..Default::default()
        };
        let ds = deadlines(d("2026-11-29"), &r, &f);
        let names: Vec<String> = ds.iter().map(|x| x.what(Lang::Ja)).collect();
        assert_eq!(
            names,
            ["同意待ち 己", "計画期間終了 丁", "認定期限 乙"],
            "{ds:?}"
        );
        assert_eq!(ds[0].days_left, -9);
        assert_eq!(ds[1].days_left, 30);
    }
}

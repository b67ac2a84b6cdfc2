//! The deadlines ホーム lists, sorted by days left (what is only waited for after the rest),
//! each with the action that clears it and where that is done (`Deadline::clears`).

use super::Lang;
use super::calendar::{self, CalendarItem};
use super::care_level::CertStatus;
use super::caseload::CertFact;
use super::dates::month_start;
use super::delivery::DeadlineRules;
use chrono::{Datelike, Months, NaiveDate};
use std::borrow::Cow;

/// Certifications ending within this many days need a renewal application.
pub const CERTIFICATION_WARN_DAYS: i64 = 60;
/// Plan periods ending within this many days need a new plan.
pub const PLAN_PERIOD_WARN_DAYS: i64 = 30;
/// A renewal still 申請中 this many days after the certification it renews ended is no longer
/// only waited for: the result is chased and the interim plan checked.
pub const CERTIFICATION_RESULT_OVERDUE_DAYS: i64 = 30;
/// Outreach follow-ups show from this many days before their date.
pub const FOLLOW_UP_WARN_DAYS: i64 = 7;

/// A client named on ホーム: the id opens the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub id: i64,
    pub name: String,
}

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
    /// The certification in force ends (or has ended) and no renewal is recorded.
    CertificationEnding {
        client: Who,
    },
    /// A renewal was applied for (申請中): the result is awaited; due when the current one ends.
    AwaitingCertification {
        client: Who,
    },
    /// A renewal still 申請中 `CERTIFICATION_RESULT_OVERDUE_DAYS` after the old certification
    /// ended: an alarm again (the result is chased, the interim plan checked).
    CertificationResultOverdue {
        client: Who,
    },
    PlanPeriodEnding {
        client: Who,
    },
    /// A plan waiting for the client's consent since its plan date.
    AwaitingConsent {
        client: Who,
    },
    /// Process steps of the client's plan the records do not prove (`plan_steps`), due from
    /// the first day one counts as missing.
    PlanStepsMissing {
        client: Who,
        steps: Vec<super::plan_steps::Failure>,
    },
    /// A provider to contact again about joining the exchange.
    FollowUp {
        provider_id: i64,
        provider: String,
    },
    /// The office's licence, free pass or certificate ends (marked 60/30/7 days before).
    OfficeExpiry {
        what_ja: &'static str,
        what_en: &'static str,
    },
    /// A date of the national calendar (marked 60/30/7 days before, as the expiries are).
    /// `providers_unconfirmed`: the enrolled providers' part of the WEB-service registration —
    /// how many of them are not confirmed registered.
    Calendar {
        item: CalendarItem,
        providers_unconfirmed: Option<usize>,
    },
    /// The 特定事業所集中減算 worksheet of a period is due (listed from
    /// `concentration::REPORT_WARN_DAYS` before): submitted when a service is over the
    /// threshold, else made and kept.
    ConcentrationReport(super::concentration::ReportDue),
    /// A care manager's clients without a valid monitoring contact this month yet (due at the
    /// month's end); `care_manager` None: clients with no care manager assigned.
    MonitoringMissing {
        care_manager: Option<(i64, String)>,
        clients: Vec<Who>,
    },
    /// A client whose monitoring is missing a second month running (or more): the whole base
    /// fee is at risk this month.
    MonitoringMissingAgain {
        client: Who,
        months: u32,
    },
    /// The 運営基準減算 the month would bring if it ended today, over every client.
    OperatingCutAtRisk {
        clients: usize,
        units: u64,
        yen: Option<u64>,
        /// Of them: those a visit would clear, those with a plan step among the causes (the
        /// action names what clears each).
        visits: usize,
        steps: usize,
    },
    /// The office has not said from when its records are kept in careplan: plans and months
    /// before it are judged as if they were (asked once, until it is set).
    RecordsSinceUnset,
    /// A 加算 of this month whose event is on record but whose evidence is not (`kasan`):
    /// its name and what is missing; due by the rule's day or the month's end.
    KasanIncomplete {
        client: Who,
        kasan: String,
        missing: super::kasan::Reason,
        /// The record that supplies it (None: the client's 加算 show what to do).
        fix: Option<super::kasan::Fix>,
    },
    /// A video monitoring this month that may not replace the home visit: without the consent
    /// on record (`no_consent`), else without the home visit before it.
    VideoNotCounted {
        client: Who,
        no_consent: bool,
    },
}

/// The kinds of ホーム's items, as its filter (`f`) groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Group {
    #[default]
    All,
    /// Visits to make: monitoring missing, and the cut at risk.
    Monitoring,
    /// The plans: steps not on record, consent, period ending.
    Plans,
    Certifications,
    /// Schedules and actuals on the board.
    Deliveries,
    /// The office: exchange, calendar, 集中減算, 記録開始日.
    Office,
}

impl Group {
    pub const CYCLE: [Group; 6] = [
        Group::All,
        Group::Monitoring,
        Group::Plans,
        Group::Certifications,
        Group::Deliveries,
        Group::Office,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Group::All => lang.pick("すべて", "all"),
            Group::Monitoring => lang.pick("モニタリング", "monitoring"),
            Group::Plans => lang.pick("計画", "plans"),
            Group::Certifications => lang.pick("認定", "certifications"),
            Group::Deliveries => lang.pick("送付", "deliveries"),
            Group::Office => lang.pick("事業所", "office"),
        }
    }

    /// The next group of the cycle.
    pub fn next(self) -> Group {
        let i = Group::CYCLE.iter().position(|g| *g == self).unwrap_or(0);
        Group::CYCLE[(i + 1) % Group::CYCLE.len()]
    }
}

/// A care manager (id, name); None for clients with no care manager assigned.
pub type Assigned = Option<(i64, String)>;

/// This month's monitoring as ホーム lists it (from `store::compliance`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonitoringFacts {
    /// By care manager: the clients whose month fails so far (none yet running two months).
    pub missing: Vec<(Assigned, Vec<Who>)>,
    /// Clients failing a second month running or more, with the months.
    pub running: Vec<(Who, u32)>,
    /// Clients whose video monitoring does not count, and whether consent is what it lacks.
    pub video: Vec<(Who, bool)>,
    /// Clients at risk, units and yen (None when the office's 地域区分 is not set).
    pub at_risk: (usize, u64, Option<u64>),
    /// Of them: those a visit would clear, those with a plan step among the causes.
    pub at_risk_by: (usize, usize),
}

/// Which cells of a month's board a deadline counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardGap {
    NotSent,
    ActualsMissing,
}

/// Where the work that clears a deadline is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clears {
    /// The client's record (certifications, plans, consent).
    Client(i64),
    /// The client's plan steps, where each missing one is recorded.
    PlanSteps(i64),
    /// The board of that month, showing the rows with that gap.
    Board { month: NaiveDate, gap: BoardGap },
    /// The provider's enrollment panel (outreach).
    Provider(i64),
    /// The office's own exchange panel.
    Office,
    /// The office's form (number, name, 地域区分, 記録開始日).
    OfficeForm,
    /// The 加入 screen's list of providers (ask first).
    Enrollment,
    /// The 特定事業所集中減算 worksheet of that period (件数).
    Concentration(super::concentration::PeriodId),
    /// The monitoring list of this month, only the clients missing (of one care manager).
    Monitoring { care_manager: Option<i64> },
    /// The form that records a 加算's missing piece, on the client.
    Kasan { client: i64, fix: super::kasan::Fix },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub due: NaiveDate,
    pub days_left: i64,
    pub kind: DeadlineKind,
}

/// One active client's certifications, all of them (any order); borrowed from the caseload
/// facts when ホーム is assembled (every client's, of which a few are due).
#[derive(Debug, Clone, Default)]
pub struct ClientCertifications<'a> {
    pub id: i64,
    pub name: Cow<'a, str>,
    pub certifications: Cow<'a, [CertFact]>,
}

/// What the store knows that the deadlines depend on.
#[derive(Debug, Clone, Default)]
pub struct DeadlineFacts<'a> {
    /// Cells of next month's board without a schedule sent.
    pub schedules_unsent_next_month: usize,
    /// Cells of last month's board without actuals.
    pub actuals_missing_last_month: usize,
    /// Every certification of each active client.
    pub certifications: Vec<ClientCertifications<'a>>,
    /// (client, period end) of each active client's plan in force.
    pub plan_periods: Vec<(Who, NaiveDate)>,
    /// (client, plan date) of plans waiting for consent.
    pub awaiting_consent: Vec<(Who, NaiveDate)>,
    /// (client, steps missing, since) of the plan steps the records do not prove this month.
    pub plan_steps: Vec<(Who, Vec<super::plan_steps::Failure>, NaiveDate)>,
    /// (provider id, name, next follow-up date) of outreach not yet finished.
    pub follow_ups: Vec<(i64, String, NaiveDate)>,
    /// The office's own exchange expiries.
    pub office_expiries: Vec<super::enrollment::Expiry>,
    /// The national calendar in force.
    pub calendar: Vec<CalendarItem>,
    /// The office recorded its WEB-service registration.
    pub office_web_registered: bool,
    /// Enrolled providers whose WEB-service registration is not confirmed.
    pub providers_web_unconfirmed: usize,
    /// 記録開始日 is not set.
    pub records_since_unset: bool,
    /// The 特定事業所集中減算 worksheet due soon, if one is (`concentration::report_due`).
    pub concentration: Option<super::concentration::ReportDue>,
    /// This month's monitoring.
    pub monitoring: MonitoringFacts,
    /// This month's 加算 lacking evidence: (client, 加算 name, what is missing, due).
    pub kasan_incomplete: Vec<(
        Who,
        String,
        super::kasan::Reason,
        NaiveDate,
        Option<super::kasan::Fix>,
    )>,
}

/// Where a client's certifications stand for ホーム.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificationDue {
    /// The certification in force ends on this day (or ended then: lapsed) and nothing newer
    /// is recorded.
    Ends(NaiveDate),
    /// A renewal is applied for (申請中); the current certification ends on this day.
    AwaitingResult(NaiveDate),
}

/// The certification rule: the current certification is the certified one that started last
/// on or before `today` (it may have lapsed). A certified one starting after it is its renewal:
/// nothing is due. The newest being 申請中 and starting within the renewal window (from
/// `CERTIFICATION_WARN_DAYS` before the current one's end) means a renewal is applied for: the
/// result is awaited. Otherwise the current one's end is due — overdue once it has passed, until
/// a renewal is recorded. None too when the client has no certified certification yet (a first
/// application: ホーム counts those as 申請中) or the current one has no end.
pub fn certification_due(today: NaiveDate, certs: &[CertFact]) -> Option<CertificationDue> {
    let certified = |c: &&CertFact| c.status == CertStatus::Certified;
    let current = certs
        .iter()
        .filter(certified)
        .filter(|c| c.valid_from <= today)
        .max_by_key(|c| c.valid_from)?;
    let ends = current.valid_to?;
    if certs
        .iter()
        .filter(certified)
        .any(|c| c.valid_from > current.valid_from)
    {
        return None;
    }
    let applied = certs.iter().any(|c| {
        c.status == CertStatus::Pending
            && c.valid_from > current.valid_from
            && (c.valid_from - ends).num_days() >= -CERTIFICATION_WARN_DAYS
    });
    Some(if applied {
        CertificationDue::AwaitingResult(ends)
    } else {
        CertificationDue::Ends(ends)
    })
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
    for c in &f.certifications {
        let client = || Who {
            id: c.id,
            name: c.name.to_string(),
        };
        // Within the warning window or past the end (lapsed: overdue, never dropped).
        let soon = |to: NaiveDate| (to - today).num_days() <= CERTIFICATION_WARN_DAYS;
        match certification_due(today, &c.certifications) {
            Some(CertificationDue::Ends(to)) if soon(to) => {
                push(to, DeadlineKind::CertificationEnding { client: client() })
            }
            Some(CertificationDue::AwaitingResult(to))
                if (today - to).num_days() >= CERTIFICATION_RESULT_OVERDUE_DAYS =>
            {
                push(
                    to,
                    DeadlineKind::CertificationResultOverdue { client: client() },
                )
            }
            Some(CertificationDue::AwaitingResult(to)) if soon(to) => {
                push(to, DeadlineKind::AwaitingCertification { client: client() })
            }
            _ => {}
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
    if let Some(r) = &f.concentration {
        push(
            r.period.report_by,
            DeadlineKind::ConcentrationReport(r.clone()),
        );
    }
    for (client, plan_date) in &f.awaiting_consent {
        push(
            *plan_date,
            DeadlineKind::AwaitingConsent {
                client: client.clone(),
            },
        );
    }
    // A client already listed as waiting for consent is asked for it there: the steps item
    // names only the other steps, and is left out when none is left.
    for (client, steps, since) in &f.plan_steps {
        let waiting = f.awaiting_consent.iter().any(|(w, _)| w.id == client.id);
        let steps: Vec<super::plan_steps::Failure> = steps
            .iter()
            .copied()
            .filter(|s| !(waiting && *s == super::plan_steps::Failure::Consent))
            .collect();
        if !steps.is_empty() {
            push(
                *since,
                DeadlineKind::PlanStepsMissing {
                    client: client.clone(),
                    steps,
                },
            );
        }
    }
    for (provider_id, provider, on) in &f.follow_ups {
        if (*on - today).num_days() <= FOLLOW_UP_WARN_DAYS {
            push(
                *on,
                DeadlineKind::FollowUp {
                    provider_id: *provider_id,
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
    for item in &f.calendar {
        if super::enrollment::warning_mark((item.date - today).num_days()).is_none() {
            continue;
        }
        let registration = item.key == calendar::WEB_REGISTRATION;
        // The registration is the office's to do until it is recorded, and the enrolled
        // providers' while any of them is not confirmed.
        if item.concerns.office() && !(registration && f.office_web_registered) {
            push(
                item.date,
                DeadlineKind::Calendar {
                    item: item.clone(),
                    providers_unconfirmed: None,
                },
            );
        }
        if registration && item.concerns.providers() && f.providers_web_unconfirmed > 0 {
            push(
                item.date,
                DeadlineKind::Calendar {
                    item: item.clone(),
                    providers_unconfirmed: Some(f.providers_web_unconfirmed),
                },
            );
        } else if !registration && item.concerns == calendar::Concerns::Providers {
            push(
                item.date,
                DeadlineKind::Calendar {
                    item: item.clone(),
                    providers_unconfirmed: None,
                },
            );
        }
    }
    // Monitoring: due at the month's end. A client missing a second month running is listed
    // from the 1st; the others from the configured day, by care manager.
    let month_end = month_start(today) + Months::new(1) - chrono::Days::new(1);
    let from_day = today.day() >= rules.monitoring_warn_from_day;
    for (client, no_consent) in &f.monitoring.video {
        push(
            month_end,
            DeadlineKind::VideoNotCounted {
                client: client.clone(),
                no_consent: *no_consent,
            },
        );
    }
    for (client, months) in &f.monitoring.running {
        push(
            month_end,
            DeadlineKind::MonitoringMissingAgain {
                client: client.clone(),
                months: *months,
            },
        );
    }
    if from_day {
        for (care_manager, clients) in &f.monitoring.missing {
            push(
                month_end,
                DeadlineKind::MonitoringMissing {
                    care_manager: care_manager.clone(),
                    clients: clients.clone(),
                },
            );
        }
    }
    for (client, kasan, missing, due, fix) in &f.kasan_incomplete {
        push(
            *due,
            DeadlineKind::KasanIncomplete {
                client: client.clone(),
                kasan: kasan.clone(),
                missing: missing.clone(),
                fix: *fix,
            },
        );
    }
    let (n, units, yen) = f.monitoring.at_risk;
    let (visits, steps) = f.monitoring.at_risk_by;
    if n > 0 && (from_day || !f.monitoring.running.is_empty() || steps > 0) {
        push(
            month_end,
            DeadlineKind::OperatingCutAtRisk {
                clients: n,
                units,
                yen,
                visits,
                steps,
            },
        );
    }
    if f.records_since_unset {
        push(today, DeadlineKind::RecordsSinceUnset);
    }
    // What needs doing by days left; what is only waited for (a result applied for) after it.
    out.sort_by_key(|d| (d.is_waiting(), d.days_left));
    out
}

impl Deadline {
    /// What is due, in one line.
    pub fn what(&self, lang: Lang) -> String {
        let ym = |m: &NaiveDate| m.format("%Y-%m").to_string();
        match &self.kind {
            DeadlineKind::SchedulesNotSent { month, cells } => match lang {
                Lang::Ja => format!("{}月分 提供票未送付 {cells}件", month.month()),
                Lang::En => format!("{} not sent: {cells}", ym(month)),
            },
            DeadlineKind::ActualsMissing { month, cells } => match lang {
                Lang::Ja => format!("{}月分 実績未着 {cells}件", month.month()),
                Lang::En => format!("{} no actuals: {cells}", ym(month)),
            },
            DeadlineKind::CertificationEnding { client } => match (lang, self.days_left < 0) {
                (Lang::Ja, false) => format!("認定期限 {}", client.name),
                (Lang::Ja, true) => format!("認定切れ {}", client.name),
                (Lang::En, false) => format!("cert. ends: {}", client.name),
                (Lang::En, true) => format!("cert. lapsed: {}", client.name),
            },
            DeadlineKind::AwaitingCertification { client } => match lang {
                Lang::Ja => format!("認定結果待ち {}", client.name),
                Lang::En => format!("awaiting the result: {}", client.name),
            },
            DeadlineKind::CertificationResultOverdue { client } => match lang {
                Lang::Ja => format!("認定結果未着 {}", client.name),
                Lang::En => format!("result overdue: {}", client.name),
            },
            DeadlineKind::PlanPeriodEnding { client } => match lang {
                Lang::Ja => format!("計画期間終了 {}", client.name),
                Lang::En => format!("plan period ends: {}", client.name),
            },
            DeadlineKind::AwaitingConsent { client } => match lang {
                Lang::Ja => format!("同意待ち {}", client.name),
                Lang::En => format!("consent due: {}", client.name),
            },
            DeadlineKind::PlanStepsMissing { client, steps } => {
                let steps = super::plan_steps::labels(steps, lang);
                match lang {
                    Lang::Ja => format!("手順未確認 {}（{steps}）", client.name),
                    Lang::En => format!("steps unproven: {} ({steps})", client.name),
                }
            }
            DeadlineKind::FollowUp { provider, .. } => match lang {
                Lang::Ja => format!("連携の働きかけ {provider}"),
                Lang::En => format!("follow-up: {provider}"),
            },
            DeadlineKind::OfficeExpiry { what_ja, what_en } => {
                lang.pick(what_ja, what_en).to_string()
            }
            DeadlineKind::Calendar {
                item,
                providers_unconfirmed: Some(n),
            } => match lang {
                Lang::Ja => format!("{}: 加入事業所 {n} 件が登録未確認", item.what(lang)),
                Lang::En => format!("{}: {n} enrolled providers unconfirmed", item.what(lang)),
            },
            DeadlineKind::Calendar { item, .. } => item.what(lang),
            DeadlineKind::ConcentrationReport(r) => {
                let names = |sep: &str| {
                    r.over
                        .iter()
                        .map(|c| {
                            super::service_types::find(c)
                                .map(|t| t.name(lang).to_string())
                                .unwrap_or_else(|| c.clone())
                        })
                        .collect::<Vec<_>>()
                        .join(sep)
                };
                match (lang, r.over.is_empty()) {
                    (Lang::Ja, true) => {
                        format!("特定事業所集中減算 {} の判定", r.period.id.label(lang))
                    }
                    (Lang::Ja, false) => format!(
                        "特定事業所集中減算 {}: {} が{}%超",
                        r.period.id.label(lang),
                        names("・"),
                        r.threshold_percent
                    ),
                    (Lang::En, true) => {
                        format!("concentration worksheet, {}", r.period.id.label(lang))
                    }
                    (Lang::En, false) => format!(
                        "concentration, {}: {} over {}%",
                        r.period.id.label(lang),
                        names(", "),
                        r.threshold_percent
                    ),
                }
            }
            DeadlineKind::MonitoringMissing {
                care_manager,
                clients,
            } => {
                let names: Vec<&str> = clients.iter().map(|c| c.name.as_str()).collect();
                let cm = care_manager
                    .as_ref()
                    .map(|(_, n)| n.as_str())
                    .unwrap_or(lang.pick("担当なし", "no CM"));
                match lang {
                    Lang::Ja => format!(
                        "モニタリング未実施 {cm} {}人: {}",
                        clients.len(),
                        names.join("、")
                    ),
                    Lang::En => format!(
                        "monitoring missing, {cm}: {} ({})",
                        clients.len(),
                        names.join(", ")
                    ),
                }
            }
            DeadlineKind::KasanIncomplete {
                client,
                kasan,
                missing,
                ..
            } => match lang {
                Lang::Ja => format!(
                    "加算の記録不足 {} {kasan}: {}",
                    client.name,
                    missing.text(lang)
                ),
                Lang::En => format!(
                    "加算 evidence missing, {}: {kasan}: {}",
                    client.name,
                    missing.text(lang)
                ),
            },
            DeadlineKind::MonitoringMissingAgain { client, months } => match lang {
                // ホーム follows a run back only as far as it matters (the second month).
                // Short, so that the name fits the list at 80 columns.
                Lang::Ja => format!("未訪問{months}か月以上 {}", client.name),
                Lang::En => format!("no visit {months}+ mo.: {}", client.name),
            },
            DeadlineKind::OperatingCutAtRisk {
                clients,
                units,
                yen,
                ..
            } => cut_at_risk(*clients, *units, *yen, lang)
                .trim_start_matches("⚠ ")
                .to_string(),
            DeadlineKind::VideoNotCounted {
                client,
                no_consent: true,
            } => match lang {
                Lang::Ja => format!("テレビ電話（同意なし）{}", client.name),
                Lang::En => format!("video without consent: {}", client.name),
            },
            DeadlineKind::VideoNotCounted { client, .. } => match lang {
                Lang::Ja => format!("テレビ電話（前月訪問なし）{}", client.name),
                Lang::En => format!("video, no visit before: {}", client.name),
            },
            DeadlineKind::RecordsSinceUnset => lang
                .pick("記録開始日が未設定", "records-kept-from date not set")
                .to_string(),
        }
    }

    /// The action that clears it (done where `clears` leads).
    pub fn action(&self, lang: Lang) -> &'static str {
        match &self.kind {
            DeadlineKind::SchedulesNotSent { .. } => {
                lang.pick("送付を記録（→s）", "record sending (then s)")
            }
            DeadlineKind::ActualsMissing { .. } => {
                lang.pick("催促し受領を記録（→r）", "chase, record receipt (then r)")
            }
            DeadlineKind::CertificationEnding { .. } => lang.pick(
                "更新申請を支援し記録（→c）",
                "help apply for renewal, record it (then c)",
            ),
            DeadlineKind::AwaitingCertification { .. } => lang.pick(
                "結果が届いたら認定を記録（→c）",
                "record the result when it comes (then c)",
            ),
            DeadlineKind::CertificationResultOverdue { .. } => lang.pick(
                "結果の確認・暫定プランの確認",
                "check the result and the interim plan",
            ),
            DeadlineKind::PlanPeriodEnding { .. } => lang.pick(
                "計画を見直し新版を作成（→p）",
                "review and revise the plan (then p)",
            ),
            DeadlineKind::AwaitingConsent { .. } => lang.pick(
                "同意を得て同意日を記録（→o）",
                "get consent, record the date (then o)",
            ),
            DeadlineKind::PlanStepsMissing { .. } => {
                lang.pick("手順を記録（Enter）", "record the steps (Enter)")
            }
            DeadlineKind::FollowUp { .. } => lang.pick(
                "連絡し働きかけを記録（→a）",
                "contact, record the outreach (then a)",
            ),
            DeadlineKind::OfficeExpiry { .. } => {
                lang.pick("更新の手続きをし記録（→e）", "renew, record it (then e)")
            }
            DeadlineKind::Calendar {
                providers_unconfirmed: Some(_),
                ..
            } => lang.pick(
                "加入事業所に登録を確かめ記録（→r）",
                "ask enrolled providers, record it (then r)",
            ),
            DeadlineKind::Calendar { item, .. } if item.key == calendar::WEB_REGISTRATION => lang
                .pick(
                    "WEBサービスに登録し登録日を記録（→e）",
                    "register, record the date (then e)",
                ),
            DeadlineKind::Calendar { item, .. } if !item.concerns.office() => lang.pick(
                "加入事業所に伝える（加入の画面）",
                "tell the providers (Enrollment)",
            ),
            DeadlineKind::Calendar { .. } => lang.pick(
                "内容を確かめて備える（連携の状況）",
                "check it and prepare (exchange status)",
            ),
            DeadlineKind::ConcentrationReport(r) if r.over.is_empty() => lang.pick(
                "判定の書類を作成し保存（提出は不要）",
                "make the worksheet and keep it (no need to submit)",
            ),
            DeadlineKind::ConcentrationReport(_) => lang.pick(
                "判定の書類を提出（正当な理由があれば添えて）",
                "submit the worksheet (with any justification)",
            ),
            DeadlineKind::MonitoringMissing { .. } => lang.pick(
                "訪問し支援経過に記録（→n）",
                "visit, write the case record (then n)",
            ),
            DeadlineKind::MonitoringMissingAgain { .. } => lang.pick(
                "至急訪問し記録（→n）。できない事情は理由欄に",
                "visit now, record it (n); a reason if it cannot be",
            ),
            // "Visit" only where a visit clears it; a plan step is recorded on the plan.
            DeadlineKind::OperatingCutAtRisk {
                visits, steps: 0, ..
            } if *visits > 0 => lang.pick(
                "月末までに訪問・記録（モニタリング）",
                "visit and record before month end (Monitoring)",
            ),
            DeadlineKind::OperatingCutAtRisk { visits: 0, .. } => lang.pick(
                "計画の手順を記録（手順未確認の各利用者）",
                "record the plan steps (each 'steps unproven')",
            ),
            DeadlineKind::OperatingCutAtRisk { .. } => lang.pick(
                "訪問・記録と、計画の手順の記録",
                "visits and the plan steps to record",
            ),
            DeadlineKind::VideoNotCounted {
                no_consent: true, ..
            } => lang.pick(
                "同意を記録（→v）か訪問（n）",
                "record the consent (then v) or visit (n)",
            ),
            DeadlineKind::VideoNotCounted { .. } => lang.pick(
                "月末までに訪問し記録（→n）",
                "visit before month end, record it (then n)",
            ),
            DeadlineKind::RecordsSinceUnset => lang.pick(
                "設定し導入前を除く（Enter）",
                "set it to leave out history (Enter)",
            ),
            DeadlineKind::KasanIncomplete { fix: None, .. } => lang.pick(
                "支援経過などに記録（Enter で利用者の加算）",
                "record it (Enter: the client's 加算)",
            ),
            DeadlineKind::KasanIncomplete { fix: Some(_), .. } => lang.pick(
                "Enter で記録する画面を開く",
                "Enter opens the form that records it",
            ),
        }
    }

    /// The group `f` on ホーム files it under.
    pub fn group(&self) -> Group {
        match self.kind {
            DeadlineKind::MonitoringMissing { .. }
            | DeadlineKind::MonitoringMissingAgain { .. }
            | DeadlineKind::VideoNotCounted { .. }
            | DeadlineKind::OperatingCutAtRisk { .. } => Group::Monitoring,
            DeadlineKind::PlanStepsMissing { .. }
            | DeadlineKind::KasanIncomplete { .. }
            | DeadlineKind::AwaitingConsent { .. }
            | DeadlineKind::PlanPeriodEnding { .. } => Group::Plans,
            DeadlineKind::CertificationEnding { .. }
            | DeadlineKind::AwaitingCertification { .. }
            | DeadlineKind::CertificationResultOverdue { .. } => Group::Certifications,
            DeadlineKind::SchedulesNotSent { .. } | DeadlineKind::ActualsMissing { .. } => {
                Group::Deliveries
            }
            DeadlineKind::FollowUp { .. }
            | DeadlineKind::OfficeExpiry { .. }
            | DeadlineKind::Calendar { .. }
            | DeadlineKind::ConcentrationReport(_)
            | DeadlineKind::RecordsSinceUnset => Group::Office,
        }
    }

    /// The kind as a code (`careplan deadlines --format json`).
    pub fn kind_code(&self) -> &'static str {
        match self.kind {
            DeadlineKind::SchedulesNotSent { .. } => "schedules_not_sent",
            DeadlineKind::ActualsMissing { .. } => "actuals_missing",
            DeadlineKind::CertificationEnding { .. } => "certification_ending",
            DeadlineKind::AwaitingCertification { .. } => "awaiting_certification",
            DeadlineKind::CertificationResultOverdue { .. } => "certification_result_overdue",
            DeadlineKind::PlanPeriodEnding { .. } => "plan_period_ending",
            DeadlineKind::AwaitingConsent { .. } => "awaiting_consent",
            DeadlineKind::PlanStepsMissing { .. } => "plan_steps_missing",
            DeadlineKind::FollowUp { .. } => "follow_up",
            DeadlineKind::OfficeExpiry { .. } => "office_expiry",
            DeadlineKind::Calendar { .. } => "calendar",
            DeadlineKind::ConcentrationReport(_) => "concentration_report",
            DeadlineKind::MonitoringMissing { .. } => "monitoring_missing",
            DeadlineKind::MonitoringMissingAgain { .. } => "monitoring_missing_again",
            DeadlineKind::OperatingCutAtRisk { .. } => "operating_cut_at_risk",
            DeadlineKind::RecordsSinceUnset => "records_since_unset",
            DeadlineKind::VideoNotCounted { .. } => "video_not_counted",
            DeadlineKind::KasanIncomplete { .. } => "kasan_incomplete",
        }
    }

    /// The client it concerns, if one.
    pub fn client(&self) -> Option<&Who> {
        match &self.kind {
            DeadlineKind::CertificationEnding { client }
            | DeadlineKind::AwaitingCertification { client }
            | DeadlineKind::CertificationResultOverdue { client }
            | DeadlineKind::PlanPeriodEnding { client }
            | DeadlineKind::AwaitingConsent { client }
            | DeadlineKind::PlanStepsMissing { client, .. }
            | DeadlineKind::MonitoringMissingAgain { client, .. }
            | DeadlineKind::KasanIncomplete { client, .. }
            | DeadlineKind::VideoNotCounted { client, .. } => Some(client),
            _ => None,
        }
    }

    /// The provider it concerns (id, name), if one.
    pub fn provider(&self) -> Option<(i64, &str)> {
        match &self.kind {
            DeadlineKind::FollowUp {
                provider_id,
                provider,
            } => Some((*provider_id, provider.as_str())),
            _ => None,
        }
    }

    /// Where the work that clears it is done.
    pub fn clears(&self) -> Clears {
        match &self.kind {
            DeadlineKind::SchedulesNotSent { month, .. } => Clears::Board {
                month: *month,
                gap: BoardGap::NotSent,
            },
            DeadlineKind::ActualsMissing { month, .. } => Clears::Board {
                month: *month,
                gap: BoardGap::ActualsMissing,
            },
            DeadlineKind::CertificationEnding { client }
            | DeadlineKind::AwaitingCertification { client }
            | DeadlineKind::CertificationResultOverdue { client }
            | DeadlineKind::PlanPeriodEnding { client }
            | DeadlineKind::AwaitingConsent { client } => Clears::Client(client.id),
            DeadlineKind::PlanStepsMissing { client, .. } => Clears::PlanSteps(client.id),
            DeadlineKind::FollowUp { provider_id, .. } => Clears::Provider(*provider_id),
            DeadlineKind::OfficeExpiry { .. } => Clears::Office,
            DeadlineKind::Calendar {
                providers_unconfirmed: Some(_),
                ..
            } => Clears::Enrollment,
            DeadlineKind::Calendar { item, .. } if !item.concerns.office() => Clears::Enrollment,
            DeadlineKind::Calendar { .. } => Clears::Office,
            DeadlineKind::ConcentrationReport(r) => Clears::Concentration(r.period.id),
            DeadlineKind::KasanIncomplete {
                client,
                fix: Some(fix),
                ..
            } => Clears::Kasan {
                client: client.id,
                fix: *fix,
            },
            DeadlineKind::MonitoringMissingAgain { client, .. }
            | DeadlineKind::KasanIncomplete { client, .. } => Clears::Client(client.id),
            DeadlineKind::MonitoringMissing { care_manager, .. } => Clears::Monitoring {
                care_manager: care_manager.as_ref().map(|(id, _)| *id),
            },
            DeadlineKind::OperatingCutAtRisk { .. } => Clears::Monitoring { care_manager: None },
            DeadlineKind::RecordsSinceUnset => Clears::OfficeForm,
            DeadlineKind::VideoNotCounted { client, .. } => Clears::Client(client.id),
        }
    }

    /// Waiting on someone else (a result that is applied for): shown, but not as an alarm.
    pub fn is_waiting(&self) -> bool {
        matches!(self.kind, DeadlineKind::AwaitingCertification { .. })
    }
}

/// "⚠ 運営基準減算のおそれ 3人 3,203単位 約35,393円": what the month's 運営基準減算 would take if
/// it ended today (`clients` failing, `units`, `yen` when the 地域区分 is set); the caseload
/// itself is not changed by it. The 件数 screen, `careplan caseload` and ホーム say it so.
pub fn cut_at_risk(clients: usize, units: u64, yen: Option<u64>, lang: Lang) -> String {
    if clients == 0 {
        return lang
            .pick(
                "運営基準減算のおそれ: なし",
                "fee cut for process at risk: none",
            )
            .to_string();
    }
    let yen = yen
        .map(|y| {
            lang.pick(" 約{y}円", ", about ¥{y}")
                .replace("{y}", &crate::present::text::thousands(y))
        })
        .unwrap_or_default();
    lang.pick(
        "⚠ 運営基準減算のおそれ {n}人 {u}単位{yen}",
        "⚠ fee cut for process at risk: {n} clients, {u} units{yen}",
    )
    .replace("{n}", &clients.to_string())
    .replace("{u}", &crate::present::text::thousands(units))
    .replace("{yen}", &yen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn who(name: &str) -> Who {
        Who {
            id: name.chars().next().map_or(0, |c| i64::from(u32::from(c))),
            name: name.into(),
        }
    }

    fn facts() -> DeadlineFacts<'static> {
        DeadlineFacts {
            schedules_unsent_next_month: 12,
            actuals_missing_last_month: 3,
            ..Default::default()
        }
    }

    fn cert(status: CertStatus, from: &str, to: &str) -> CertFact {
        CertFact {
            level: None,
            valid_from: d(from),
            valid_to: Some(d(to)),
            status,
        }
    }

    fn client(name: &str, certs: Vec<CertFact>) -> ClientCertifications<'static> {
        ClientCertifications {
            id: who(name).id,
            name: Cow::Owned(name.into()),
            certifications: Cow::Owned(certs),
        }
    }

    #[test]
    fn the_concentration_report_says_submit_when_over_and_keep_otherwise() {
        use crate::domain::concentration::{PeriodId, ReportDue, period};
        let id = PeriodId::parse("2026-H2").unwrap();
        let p = period(crate::domain::rules::RuleBook::builtin(), id).unwrap();
        let mut f = DeadlineFacts {
            concentration: Some(ReportDue {
                period: p,
                over: vec![],
                threshold_percent: 80,
            }),
            ..Default::default()
        };
        let r = DeadlineRules::default();
        let ds = deadlines(d("2027-02-20"), &r, &f);
        let c = &ds[0];
        assert_eq!((c.due, c.days_left), (d("2027-03-15"), 23));
        assert_eq!(c.kind_code(), "concentration_report");
        assert_eq!(c.what(Lang::Ja), "特定事業所集中減算 2026年 後期 の判定");
        assert!(c.action(Lang::Ja).contains("保存"));
        assert_eq!(c.clears(), Clears::Concentration(id));
        if let Some(x) = f.concentration.as_mut() {
            x.over = vec!["11".into(), "17".into()];
        }
        let ds = deadlines(d("2027-02-20"), &r, &f);
        assert_eq!(
            ds[0].what(Lang::Ja),
            "特定事業所集中減算 2026年 後期: 訪問介護・福祉用具貸与 が80%超"
        );
        assert!(ds[0].action(Lang::Ja).contains("提出"));
        assert_eq!(
            ds[0].what(Lang::En),
            "concentration, 2026 second half: home help, equipment rental over 80%"
        );
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
        assert_eq!(
            s.clears(),
            Clears::Board {
                month: d("2026-12-01"),
                gap: BoardGap::NotSent
            }
        );
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
        assert_eq!(
            a.clears(),
            Clears::Board {
                month: d("2026-11-01"),
                gap: BoardGap::ActualsMissing
            }
        );
        let ds = deadlines(d("2026-12-09"), &r, &facts());
        assert_eq!(ds[0].days_left, -4);
        assert!(ds[0].what(Lang::Ja).contains("11月分 実績未着 3件"));
        let none = DeadlineFacts::default();
        assert!(deadlines(d("2026-12-09"), &r, &none).is_empty());
    }

    #[test]
    fn follow_ups_from_7_days_before_and_office_expiries_from_60() {
        let r = DeadlineRules::default();
        let f = DeadlineFacts {
            follow_ups: vec![
                (1, "近い".into(), d("2026-12-02")),
                (2, "遠い".into(), d("2026-12-03")),
                (3, "過ぎた".into(), d("2026-11-20")),
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
        let clears: Vec<Clears> = ds.iter().map(Deadline::clears).collect();
        assert_eq!(
            clears,
            [Clears::Provider(3), Clears::Provider(1), Clears::Office]
        );
    }

    /// Each calendar item from 60 days before its date, marked at 60/30/7 and kept 30 days
    /// after; a provisional date says so; the registration is the office's until recorded and
    /// the enrolled providers' while any is unconfirmed. The 2026-12-07 rows are pinned on both
    /// sides of their first day.
    #[test]
    fn the_calendar_shows_each_item_at_60_30_7_days() {
        let r = DeadlineRules::default();
        let f = DeadlineFacts {
            calendar: calendar::builtin(),
            providers_web_unconfirmed: 3,
            ..Default::default()
        };
        let shown = |today: &str| -> Vec<(String, i64)> {
            deadlines(d(today), &r, &f)
                .iter()
                .map(|x| (x.what(Lang::Ja), x.days_left))
                .collect()
        };
        let keys = |today: &str| -> Vec<String> {
            deadlines(d(today), &r, &f)
                .iter()
                .filter_map(|x| match &x.kind {
                    DeadlineKind::Calendar { item, .. } => Some(item.key.clone()),
                    _ => None,
                })
                .collect()
        };
        // 61 days before the registration deadline (and the rate decision): nothing yet.
        assert!(shown("2026-10-31").is_empty(), "{:?}", shown("2026-10-31"));
        let at60 = shown("2026-11-01");
        assert_eq!(at60.len(), 3, "office, providers, the rate: {at60:?}");
        assert_eq!(at60[0].1, 60);
        assert!(
            at60[0]
                .0
                .starts_with("介護保険資格確認等WEBサービスの利用登録")
        );
        assert!(at60[1].0.ends_with("加入事業所 3 件が登録未確認"));
        assert!(
            at60[2].0.starts_with("令和9年度介護報酬改定の改定率の決定")
                && at60[2].0.ends_with("（仮の日付）"),
            "{at60:?}"
        );
        // Today: the registration and the rate at 29 days, the provisional move at 30, the
        // report with the new units (2027-01-31) from its 60th day, not the day before.
        let now = deadlines(d("2026-12-02"), &r, &f);
        let days: Vec<i64> = now.iter().map(|x| x.days_left).collect();
        assert_eq!(days, [29, 29, 29, 30, 60], "{now:?}");
        assert_eq!(
            keys("2026-12-01").last().map(String::as_str),
            Some("exchange_move")
        );
        assert!(
            now[3].what(Lang::Ja).ends_with("（仮の日付）"),
            "{:?}",
            now[3]
        );
        assert!(now[3].what(Lang::En).ends_with("(provisional date)"));
        assert_eq!(now[0].clears(), Clears::Office);
        assert_eq!(now[1].clears(), Clears::Enrollment);
        assert_eq!(now[3].kind_code(), "calendar");
        // The subsidy (2027-03-12) at the 7-day mark; the endings, the notices, the API route,
        // the revision and Act No.51 at the 30-day mark (the revision is sure: no mark); the
        // registration, the move and the report to the minister, over 30 days past, are gone.
        assert_eq!(
            keys("2027-03-05"),
            [
                "setup_subsidy",
                "fy2026_end",
                "kokuji_2027",
                "api_release",
                "revision_2027",
                "law51_main"
            ]
        );
        let march = shown("2027-03-05");
        assert_eq!(
            march.iter().map(|x| x.1).collect::<Vec<_>>(),
            [7, 26, 26, 26, 27, 27]
        );
        assert!(march[0].0.contains("接続補助"));
        assert_eq!(
            march[4].0,
            "令和9年度介護報酬改定の施行（単位数・地域区分・算定要件が変わる見込み。内容は答申・告示で確定）"
        );
        // The FY2026 results report from 60 days before its placeholder day.
        assert!(!keys("2027-05-31").contains(&"fy2026_jisseki".into()));
        assert!(keys("2027-06-01").contains(&"fy2026_jisseki".into()));
        // The platform target, and the two latest days of Act No.51.
        assert!(!keys("2028-01-31").contains(&"kiban_all".into()));
        assert!(keys("2028-02-01").contains(&"kiban_all".into()));
        assert!(!keys("2028-04-24").contains(&"yuro_registration".into()));
        assert!(keys("2028-04-25").contains(&"yuro_registration".into()));
        assert!(!keys("2029-04-24").contains(&"registered_facility_cm".into()));
        assert!(keys("2029-04-25").contains(&"registered_facility_cm".into()));
        // Recorded: the office's registration and every provider confirmed leave the list.
        let done = DeadlineFacts {
            office_web_registered: true,
            providers_web_unconfirmed: 0,
            ..f.clone()
        };
        let left = keys_of(&deadlines(d("2026-12-02"), &r, &done));
        assert_eq!(left, ["kaitei_rate_2027", "exchange_move", "toushin_2027"]);
    }

    fn keys_of(ds: &[Deadline]) -> Vec<String> {
        ds.iter()
            .filter_map(|x| match &x.kind {
                DeadlineKind::Calendar { item, .. } => Some(item.key.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn certifications_60_days_plans_30_days_sorted_by_days_left() {
        use CertStatus::Certified;
        let r = DeadlineRules::default();
        let f = DeadlineFacts {
            certifications: vec![
                client("甲", vec![cert(Certified, "2025-02-01", "2027-01-29")]), // 61 days
                client("乙", vec![cert(Certified, "2025-02-01", "2027-01-28")]), // 60 days
            ],
            plan_periods: vec![(who("丁"), d("2026-12-29")), (who("戊"), d("2026-12-30"))],
            awaiting_consent: vec![(who("己"), d("2026-11-20"))],
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
        assert_eq!(ds[2].clears(), Clears::Client(who("乙").id));
    }

    /// The certification rule over a client's whole history: a lapsed one stays (overdue)
    /// until a renewal is recorded; an application turns the alarm into awaiting the result;
    /// a certified renewal clears it.
    #[test]
    fn certification_rule_reads_the_whole_history() {
        use CertStatus::{Certified, Pending};
        let today = d("2026-11-29");
        let old = cert(Certified, "2024-12-01", "2026-11-28"); // ended yesterday
        let ending = cert(Certified, "2024-12-01", "2026-12-31");
        // Lapsed, nothing newer: due (overdue), not dropped, however long ago.
        assert_eq!(
            certification_due(today, std::slice::from_ref(&old)),
            Some(CertificationDue::Ends(d("2026-11-28")))
        );
        let long_ago = cert(Certified, "2020-01-01", "2021-12-31");
        assert_eq!(
            certification_due(today, &[long_ago]),
            Some(CertificationDue::Ends(d("2021-12-31")))
        );
        // A renewal applied for (starting where the old one ends, or applied for within the
        // 60 days before): awaiting the result.
        let applied = cert(Pending, "2027-01-01", "2027-01-01");
        assert_eq!(
            certification_due(today, &[ending.clone(), applied.clone()]),
            Some(CertificationDue::AwaitingResult(d("2026-12-31")))
        );
        let applied_early = cert(Pending, "2026-11-10", "2026-11-10");
        assert_eq!(
            certification_due(today, &[ending.clone(), applied_early]),
            Some(CertificationDue::AwaitingResult(d("2026-12-31")))
        );
        // An application long before the end is not a renewal of this one.
        let mid_period = cert(Pending, "2025-06-01", "2025-06-01");
        assert_eq!(
            certification_due(today, &[ending.clone(), mid_period]),
            Some(CertificationDue::Ends(d("2026-12-31")))
        );
        // The renewal certified (starting after the current one): nothing due, with or without
        // the application row still there, in any order.
        let renewed = cert(Certified, "2027-01-01", "2029-12-31");
        assert_eq!(
            certification_due(today, &[renewed.clone(), applied, ending.clone()]),
            None
        );
        assert_eq!(certification_due(today, &[old.clone(), renewed]), None);
        // A first application only, or an open-ended certification: nothing.
        assert_eq!(
            certification_due(today, &[cert(Pending, "2026-11-01", "2026-11-01")]),
            None
        );
        let open = CertFact {
            valid_to: None,
            ..ending
        };
        assert_eq!(certification_due(today, &[open]), None);

        // On ホーム: the lapsed one with negative days and its own words; awaiting the result
        // is listed with where it is recorded.
        let r = DeadlineRules::default();
        let f = DeadlineFacts {
            certifications: vec![
                client("甲", vec![old]),
                client(
                    "乙",
                    vec![
                        cert(Certified, "2024-12-01", "2026-12-31"),
                        cert(Pending, "2027-01-01", "2027-01-01"),
                    ],
                ),
            ],
            ..Default::default()
        };
        let ds = deadlines(today, &r, &f);
        assert_eq!(ds.len(), 2, "{ds:?}");
        // Waiting for a result comes after what needs doing, however overdue it is.
        let mut later = f.clone();
        later.certifications[0] = client("甲", vec![cert(Certified, "2025-01-01", "2027-01-20")]);
        later.certifications[1].certifications.to_mut()[0].valid_to = Some(d("2026-11-01"));
        let ds2 = deadlines(today, &r, &later);
        assert_eq!(
            ds2.iter().map(|x| x.days_left).collect::<Vec<_>>(),
            [52, -28],
            "{ds2:?}"
        );
        assert_eq!(ds[0].days_left, -1);
        assert_eq!(ds[0].what(Lang::Ja), "認定切れ 甲");
        assert!(!ds[0].is_waiting());
        assert_eq!(ds[1].what(Lang::Ja), "認定結果待ち 乙");
        assert_eq!(ds[1].what(Lang::En), "awaiting the result: 乙");
        assert!(ds[1].is_waiting());
        assert_eq!(ds[1].clears(), Clears::Client(who("乙").id));
    }

    /// A renewal still 申請中 30 days after the old certification ended is no longer only
    /// waited for: an overdue alarm (red on ホーム) asking to check the result and the interim
    /// plan. Day 29 is still waiting.
    #[test]
    fn a_renewal_pending_30_days_after_the_end_escalates() {
        use CertStatus::{Certified, Pending};
        let r = DeadlineRules::default();
        let f = DeadlineFacts {
            certifications: vec![client(
                "甲",
                vec![
                    cert(Certified, "2024-12-01", "2026-10-31"),
                    cert(Pending, "2026-11-01", "2026-11-01"),
                ],
            )],
            ..Default::default()
        };
        let on = |day: &str| deadlines(d(day), &r, &f).remove(0);
        let waiting = on("2026-11-29");
        assert_eq!(waiting.days_left, -29);
        assert_eq!(waiting.kind_code(), "awaiting_certification");
        assert!(waiting.is_waiting());
        let overdue = on("2026-11-30");
        assert_eq!((overdue.due, overdue.days_left), (d("2026-10-31"), -30));
        assert_eq!(overdue.kind_code(), "certification_result_overdue");
        assert!(
            !overdue.is_waiting(),
            "an alarm again, sorted with the work"
        );
        assert_eq!(overdue.what(Lang::Ja), "認定結果未着 甲");
        assert_eq!(overdue.action(Lang::Ja), "結果の確認・暫定プランの確認");
        assert_eq!(
            overdue.action(Lang::En),
            "check the result and the interim plan"
        );
        assert_eq!(overdue.clears(), Clears::Client(who("甲").id));
        // The result recorded (certified): nothing left.
        let mut done = f.clone();
        done.certifications[0].certifications.to_mut()[1] =
            cert(Certified, "2026-11-01", "2027-10-31");
        assert!(deadlines(d("2026-12-15"), &r, &done).is_empty());
    }

    /// Plan steps the records do not prove: one item per client naming the steps, due from
    /// the first day one counts as missing, leading to the client's record.
    #[test]
    fn each_cut_item_names_its_cause_and_what_clears_it() {
        let r = DeadlineRules::default();
        let f = DeadlineFacts {
            monitoring: MonitoringFacts {
                missing: vec![(Some((1, "佐藤".into())), vec![who("甲")])],
                video: vec![(who("乙"), true), (who("丙"), false)],
                at_risk: (4, 2000, None),
                at_risk_by: (3, 1),
                ..Default::default()
            },
            ..Default::default()
        };
        let ds = deadlines(d("2026-11-25"), &r, &f);
        let find = |code: &str| {
            ds.iter()
                .filter(|x| x.kind_code() == code)
                .collect::<Vec<_>>()
        };
        let videos = find("video_not_counted");
        assert_eq!(videos.len(), 2);
        assert!(videos[0].what(Lang::Ja).contains("同意なし"));
        assert!(videos[0].action(Lang::Ja).contains("同意を記録"));
        assert!(!videos[1].action(Lang::Ja).contains("同意"));
        assert_eq!(videos[0].clears(), Clears::Client(who("乙").id));
        assert_eq!(videos[0].group(), Group::Monitoring);
        // Visits and steps among the causes: the action names both, not a visit alone.
        let cut = find("operating_cut_at_risk");
        assert!(
            cut[0].action(Lang::Ja).contains("手順"),
            "{}",
            cut[0].action(Lang::Ja)
        );
        let only_steps = DeadlineFacts {
            monitoring: MonitoringFacts {
                at_risk: (2, 1000, None),
                at_risk_by: (0, 2),
                ..Default::default()
            },
            ..Default::default()
        };
        let ds = deadlines(d("2026-11-25"), &r, &only_steps);
        let cut: Vec<_> = ds
            .iter()
            .filter(|x| x.kind_code() == "operating_cut_at_risk")
            .collect();
        assert!(
            !cut[0].action(Lang::Ja).contains("訪問"),
            "no visit advice for steps"
        );
        // 記録開始日 unset: asked once, on the office's form.
        let unset = DeadlineFacts {
            records_since_unset: true,
            ..Default::default()
        };
        let ds = deadlines(d("2026-11-25"), &r, &unset);
        assert_eq!(ds[0].kind_code(), "records_since_unset");
        assert_eq!(ds[0].clears(), Clears::OfficeForm);
    }

    #[test]
    fn missing_plan_steps_are_one_item_per_client_naming_the_steps() {
        use crate::domain::plan_steps::Failure;
        let r = DeadlineRules::default();
        let f = DeadlineFacts {
            plan_steps: vec![
                (
                    who("甲"),
                    vec![Failure::Meeting, Failure::HandoverProvider],
                    d("2026-10-01"),
                ),
                (who("乙"), vec![], d("2026-11-01")),
                (who("丙"), vec![Failure::Consent], d("2026-11-10")),
                (
                    who("丁"),
                    vec![Failure::Meeting, Failure::Consent],
                    d("2026-11-12"),
                ),
            ],
            awaiting_consent: vec![(who("丙"), d("2026-11-10")), (who("丁"), d("2026-11-12"))],
            ..Default::default()
        };
        let ds = deadlines(d("2026-11-25"), &r, &f);
        let what: Vec<String> = ds.iter().map(|x| x.what(Lang::Ja)).collect();
        // Waiting for consent: that item asks for it; the steps item names the rest only.
        assert_eq!(
            what,
            [
                "手順未確認 甲（担当者会議・事業所への交付）",
                "同意待ち 丙",
                "同意待ち 丁",
                "手順未確認 丁（担当者会議）"
            ],
            "{ds:?}"
        );
        assert_eq!(ds[0].days_left, -55);
        assert_eq!(
            ds[0].what(Lang::Ja),
            "手順未確認 甲（担当者会議・事業所への交付）"
        );
        assert_eq!(
            ds[0].what(Lang::En),
            "steps unproven: 甲 (care conference, hand-over to providers)"
        );
        assert!(ds[0].action(Lang::En).is_ascii());
        assert_eq!(ds[0].kind_code(), "plan_steps_missing");
        assert_eq!(ds[0].clears(), Clears::PlanSteps(who("甲").id));
        assert_eq!(ds[0].client().map(|c| c.name.as_str()), Some("甲"));
        assert!(!ds[0].is_waiting());
    }
}

//! A client's or provider's whole record.

use super::Theme;
use crate::domain::dates::format_date;
use crate::domain::service_types;
use crate::present::text;
use crate::tui::i18n::T;
use crate::tui::model::{Detail, Model};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

fn kv(label: T, value: String, m: &Model, width: usize) -> Line<'static> {
    Line::raw(text::truncate(
        &format!("{} {value}", text::pad_right(label.s(m.lang), 18)),
        width,
    ))
}

pub fn draw(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, detail: &Detail, scroll: u16) {
    let l = m.lang;
    let style = m.config.date_display;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| format_date(d, style)).unwrap_or_default();
    let width = usize::from(area.width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    let title;
    match detail {
        Detail::Client(c) => {
            title = T::ClientTitle.s(l).replace("{name}", &c.fields.name);
            let fl = &c.fields;
            if let Some(end) = c.contract_end {
                lines.push(Line::styled(
                    text::truncate(
                        &format!(
                            "{}{}{} {} {}",
                            T::MarkOpen.s(l),
                            T::EndedNotice.s(l),
                            T::MarkClose.s(l),
                            date(Some(end)),
                            c.contract_end_reason
                        ),
                        width,
                    ),
                    theme.warning(),
                ));
            }
            lines.push(kv(T::Name, fl.name.clone(), m, width));
            lines.push(kv(T::Kana, fl.kana.clone(), m, width));
            // The age beside the date: what a care manager checks first (65, 75, 40–64).
            let age = fl
                .birth_date
                .and_then(|b| crate::domain::dates::age_on(b, m.today))
                .map(|a| format!(" ({})", T::AgeYears.s(l).replace("{n}", &a.to_string())))
                .unwrap_or_default();
            lines.push(kv(
                T::BirthDate,
                format!("{}{age}", date(fl.birth_date)),
                m,
                width,
            ));
            lines.push(kv(
                T::Sex,
                fl.sex.map(|s| s.label(l).to_string()).unwrap_or_default(),
                m,
                width,
            ));
            lines.push(kv(
                T::InsurerNumber,
                fl.insurer_number.to_string(),
                m,
                width,
            ));
            lines.push(kv(
                T::InsuredNumber,
                fl.insured_number.to_string(),
                m,
                width,
            ));
            lines.push(kv(T::Address, fl.address.clone(), m, width));
            lines.push(kv(T::Phone, fl.phone.clone(), m, width));
            // A 契約日 a move-in estimated says so, and from what.
            let source = crate::migrate::contract_date::Source::from_code(&c.contract_date_source);
            let contract = if let Some(source) = source.filter(|s| s.is_estimate()) {
                format!(
                    "{}  {}: {}",
                    date(Some(fl.contract_date)),
                    T::Estimated.s(l),
                    source.label(l)
                )
            } else {
                date(Some(fl.contract_date))
            };
            lines.push(kv(T::ContractDate, contract, m, width));
            lines.push(Line::raw(""));
            lines.extend(case_record_lines(m, theme, c, width));
            lines.extend(delivery_lines(m, theme, c, width));
            lines.push(Line::raw(""));
            lines.push(Line::styled(T::Certifications.s(l), theme.heading()));
            if c.certifications.is_empty() {
                lines.push(Line::raw(format!("  {}", T::Nothing.s(l))));
            }
            for cert in c.certifications.iter().rev() {
                let cf = &cert.fields;
                let level = cf.care_level.map(|x| x.label(l)).unwrap_or("-");
                let certified = cf
                    .certified_on
                    .map(|d| format!("  ({} {})", T::CertifiedOn.s(l), date(Some(d))))
                    .unwrap_or_default();
                lines.push(Line::raw(text::truncate(
                    &format!(
                        "  {} {}{}{}  {}{certified}",
                        text::pad_right(level, 10),
                        date(Some(cf.valid_from)),
                        T::ThroughSpaced.s(l),
                        date(cf.valid_to),
                        cf.status.label(l),
                    ),
                    width,
                )));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(T::CarePlans.s(l), theme.heading()));
            if c.plans.is_empty() {
                lines.push(Line::raw(format!("  {}", T::Nothing.s(l))));
            }
            // A confirmed revision shows 差し替え once a newer confirmed one has taken over.
            let dates: Vec<_> = c.plans.iter().map(|p| p.dates()).collect();
            for (i, p) in c.plans.iter().enumerate() {
                let pf = &p.fields;
                let status = crate::domain::plan::shown_status(&dates, i, m.today);
                let consent = pf
                    .consent_date
                    .map(|d| format!("  {} {}", T::ConsentDate.s(l), date(Some(d))))
                    .unwrap_or_default();
                let handed = pf
                    .handed_date
                    .map(|d| format!("  {} {}", T::HandedDate.s(l), date(Some(d))))
                    .unwrap_or_default();
                let style = if status.is_live() {
                    ratatui::style::Style::default()
                } else {
                    theme.dim()
                };
                lines.push(Line::styled(
                    text::truncate(
                        &format!(
                            "  {} {} {}{}{} {}{}{}{consent}{handed}",
                            date(Some(pf.plan_date)),
                            pf.kind.label(l),
                            T::MarkOpen.s(l),
                            status.label(l),
                            T::MarkClose.s(l),
                            date(Some(pf.period_from)),
                            T::Through.s(l),
                            date(Some(pf.period_to)),
                        ),
                        width,
                    ),
                    style,
                ));
                // Services only for live revisions: older ones are history.
                if status.is_live() {
                    for line in &p.lines {
                        let kind = service_types::find(&line.service_type)
                            .map(|t| t.name(l))
                            .unwrap_or("");
                        lines.push(Line::raw(text::truncate(
                            &format!(
                                "      {} {} {}",
                                text::pad_right(kind, 16),
                                line.provider_name,
                                line.frequency
                            ),
                            width,
                        )));
                    }
                }
                // The steps the records do not prove for this revision (運営基準), and those
                // still to do.
                if let Some(s) = c.steps.iter().find(|s| s.plan_date() == pf.plan_date) {
                    lines.extend(step_lines(s, l, width, theme, &date));
                }
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(T::CareManagers.s(l), theme.heading()));
            if c.care_managers.is_empty() {
                lines.push(Line::raw(format!("  {}", T::Nothing.s(l))));
            }
            for (from, _, name) in c.care_managers.iter().rev() {
                lines.push(Line::raw(format!(
                    "  {}{} {name}",
                    date(Some(*from)),
                    T::ThroughSpaced.s(l)
                )));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(T::NoBenefitMonths.s(l), theme.heading()));
            if c.no_benefit_months.is_empty() {
                lines.push(Line::raw(format!("  {}", T::Nothing.s(l))));
            }
            for (month, reason) in &c.no_benefit_months {
                lines.push(Line::raw(text::truncate(
                    &format!("  {month}  {reason}"),
                    width,
                )));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(T::ServingProviders.s(l), theme.heading()));
            if c.providers.is_empty() {
                lines.push(Line::raw(format!("  {}", T::Nothing.s(l))));
            }
            for p in &c.providers {
                let kind = service_types::find(&p.service_type)
                    .map(|t| t.name(l))
                    .unwrap_or("");
                lines.push(Line::raw(text::truncate(
                    &format!(
                        "  {} {}  {}",
                        text::pad_right(kind, 16),
                        p.office_number,
                        p.name
                    ),
                    width,
                )));
            }
        }
        Detail::Staff(s) => {
            title = T::StaffTitle.s(l).replace("{name}", &s.name);
            lines.push(kv(T::Name, s.name.clone(), m, width));
            lines.push(kv(T::Kana, s.kana.clone(), m, width));
            lines.push(kv(T::Role, s.role.label(l).to_string(), m, width));
            lines.push(kv(
                T::CmNumber,
                s.cm_number.clone().unwrap_or_default(),
                m,
                width,
            ));
            lines.push(kv(T::Fte, s.fte_on(m.today).to_string(), m, width));
            if s.role.is_care_manager() {
                let active = m
                    .data
                    .clients
                    .iter()
                    .filter(|c| c.contract_end.is_none_or(|e| e >= m.today))
                    .filter(|c| c.care_manager.as_deref() == Some(s.name.as_str()))
                    .count();
                lines.push(kv(
                    T::ActiveClients,
                    format!("{active}{}", T::Persons.s(l)),
                    m,
                    width,
                ));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(T::FteHistory.s(l), theme.heading()));
            for (from, fte) in s.fte_history.iter().rev() {
                lines.push(Line::raw(format!(
                    "  {}{} {fte}",
                    date(Some(*from)),
                    T::ThroughSpaced.s(l)
                )));
            }
        }
        Detail::Provider(p) => {
            title = T::ProviderTitle.s(l).replace("{name}", &p.fields.name);
            let fl = &p.fields;
            let types: Vec<String> = fl
                .service_types
                .iter()
                .map(|c| {
                    format!(
                        "{c} {}",
                        service_types::find(c).map(|t| t.name(l)).unwrap_or("")
                    )
                })
                .collect();
            let mut number = fl.office_number.to_string();
            if fl.check_digit_accepted {
                number.push_str(T::CheckDigitAccepted.s(l));
            }
            lines.push(kv(T::OfficeNumber, number, m, width));
            lines.push(kv(T::ProviderName, fl.name.clone(), m, width));
            let corporation = match (
                fl.corporation_name.is_empty(),
                fl.corporation_number.is_empty(),
            ) {
                (true, true) => T::CorporationNone.s(l).to_string(),
                (_, true) => fl.corporation_name.clone(),
                (_, false) => match l {
                    crate::domain::Lang::Ja => {
                        format!("{}（{}）", fl.corporation_name, fl.corporation_number)
                    }
                    crate::domain::Lang::En => {
                        format!("{} ({})", fl.corporation_name, fl.corporation_number)
                    }
                },
            };
            lines.push(kv(T::Kana, fl.kana.clone(), m, width));
            lines.push(kv(T::CorporationShort, corporation, m, width));
            lines.push(kv(T::ServiceTypes, types.join(T::ListComma.s(l)), m, width));
            lines.push(kv(T::Phone, fl.phone.clone(), m, width));
            lines.push(kv(T::Fax, fl.fax.clone(), m, width));
            lines.push(kv(T::Email, fl.email.clone(), m, width));
            lines.push(kv(T::Address, fl.address.clone(), m, width));
            lines.push(kv(T::ContactPerson, fl.contact_person.clone(), m, width));
            lines.push(kv(
                T::Channel,
                fl.preferred_channel.label(l).to_string(),
                m,
                width,
            ));
            lines.push(kv(T::Notes, fl.notes.clone(), m, width));
            lines.push(kv(T::ClientsCount, p.clients.to_string(), m, width));
        }
    }
    let title = text::truncate(&title, width.saturating_sub(2));
    f.render_widget(
        Paragraph::new(lines)
            .scroll((scroll, 0))
            .block(theme.block(&title)),
        area,
    );
}

/// This month's schedules and actuals, one line per provider (`B` opens the board's row).
fn delivery_lines(
    m: &Model,
    theme: &Theme,
    c: &crate::tui::model::ClientView,
    width: usize,
) -> Vec<Line<'static>> {
    let l = m.lang;
    let month = crate::domain::dates::month_start(m.today);
    let mut out = vec![Line::styled(
        text::truncate(
            &T::DeliveriesThisMonth
                .s(l)
                .replace("{month}", &month.format(T::MonthFormat.s(l)).to_string()),
            width,
        ),
        theme.heading(),
    )];
    let cells = c
        .deliveries
        .as_ref()
        .map(|r| r.cells.as_slice())
        .unwrap_or(&[]);
    if cells.is_empty() {
        out.push(Line::raw(format!("  {}", T::Nothing.s(l))));
    }
    for cell in cells {
        let state = cell.marks.state(month, m.today, &m.rules);
        // The day says what it is the day of, so "sent, actuals due" is not read as a due date.
        let when = |mark: &Option<crate::domain::delivery::Mark>, what: (&str, &str)| {
            mark.as_ref()
                .map(|x| format!(" ({} {})", l.pick(what.0, what.1), x.at.format("%m-%d")))
                .unwrap_or_default()
        };
        let line = format!(
            "  {} {} {} {}{}",
            state.symbol(l),
            text::pad_right(
                &text::truncate(&super::abbrev::core(&cell.provider_name), 24),
                24
            ),
            text::pad_right(service_types::short(&cell.service_type, l), 8),
            state.label(l),
            if cell.marks.actuals.is_some() {
                when(&cell.marks.actuals, ("実績受領", "actuals in"))
            } else {
                when(&cell.marks.sent, ("送付", "sent"))
            }
        );
        let style = match state {
            crate::domain::delivery::CellState::ActualsOverdue => theme.warning(),
            _ => ratatui::style::Style::default(),
        };
        out.push(Line::styled(text::truncate(&line, width), style));
    }
    out
}

/// This month's monitoring (with the 運営基準減算 it would bring if the month ended today) and
/// the newest case-record entries: what a care manager checks first.
fn case_record_lines(
    m: &Model,
    theme: &Theme,
    c: &crate::tui::model::ClientView,
    width: usize,
) -> Vec<Line<'static>> {
    use crate::domain::monitoring::Status;
    use crate::domain::operating_cut::Reduction;
    let l = m.lang;
    let mut out = Vec::new();
    if let Some(cm) = &c.month {
        let mon = &cm.monitoring;
        let mut s = format!(
            "{} {}",
            T::MonitoringThisMonth.s(l),
            match mon.status {
                Status::Video if mon.fails => T::VideoNotCounted.s(l).to_string(),
                st => st.label(l).to_string(),
            }
        );
        if mon.consecutive_missing >= 2 {
            s.push_str(&format!(
                " {}",
                T::MonthsRunning
                    .s(l)
                    .replace("{n}", &mon.consecutive_missing.to_string())
            ));
        }
        // The visit that made the month, else the newest contact (as the monitoring list).
        let visit = (mon.status == Status::Done)
            .then(|| {
                cm.contacts
                    .iter()
                    .rev()
                    .find(|x| x.counts_as.is_home_visit())
            })
            .flatten();
        if let Some(last) = visit.or(cm.contacts.last()) {
            let name = m
                .data
                .note_categories
                .on(&last.kind, last.date)
                .map(|k| k.name(l).to_string())
                .unwrap_or_else(|| last.kind.to_string());
            s.push_str(&format!("  {} {name}", last.date.format("%m/%d")));
        }
        if cm.cut.reduction != Reduction::None && cm.base_units.is_some() {
            s.push_str(&format!(
                "  {}",
                T::CutIfEnded
                    .s(l)
                    .replace("{p}", &cm.cut.share_percent.to_string())
                    .replace("{u}", &text::thousands(cm.cut.units_at_risk))
            ));
        }
        for lack in &mon.lacks {
            s.push_str(&format!(
                "{}{}{}",
                l.pick("（", " ("),
                lack.message(l),
                l.pick("）", ")")
            ));
        }
        let style = if mon.consecutive_missing >= 2 {
            theme.error()
        } else if mon.fails {
            theme.warning()
        } else {
            ratatui::style::Style::default()
        };
        for row in text::wrap(&s, width, 3) {
            out.push(Line::styled(row, style));
        }
    }
    // This month's 加算: status, what is missing or what blocks it, and the entries they rest on.
    if !c.kasan.is_empty() {
        out.push(Line::styled(T::KasanThisMonth.s(l), theme.heading()));
        for k in &c.kasan {
            use crate::domain::kasan::Status;
            // The person's decision comes before the reason, so a long reason never hides it.
            let decision = k
                .decision
                .as_ref()
                .map(|d| {
                    use crate::domain::kasan_records::Coded;
                    format!(
                        "  {}: {}",
                        T::KasanDecisionIs.s(l),
                        d.verdict.decision().label(l)
                    )
                })
                .unwrap_or_default();
            let mut s = format!(
                "  {} {} {}{}{}  {}",
                k.name,
                text::thousands(u64::from(k.units)),
                k.status.label(l),
                if k.unsure {
                    l.pick("【要確認】", " [unconfirmed]")
                } else {
                    ""
                },
                decision,
                k.reason.text(l)
            );
            if !k.evidence.is_empty() {
                s.push_str(&format!(
                    "  {} {}",
                    T::KasanEvidence.s(l),
                    k.evidence
                        .iter()
                        .map(|e| format!("#{e}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ));
            }
            let style = match k.status {
                Status::Candidate => ratatui::style::Style::default(),
                Status::Incomplete => theme.warning(),
                Status::CannotJudge | Status::Excluded => theme.dim(),
            };
            // Whole at 80 columns: a reason with its dates and the evidence takes up to four rows.
            for row in text::wrap(&s, width, 4) {
                out.push(Line::styled(row, style));
            }
        }
    }
    // The consent video monitoring needs, and the key that records it.
    let consent = match c.video_consent_on {
        Some(d) => T::VideoConsentIs
            .s(l)
            .replace("{d}", &crate::domain::dates::iso(d)),
        None => T::VideoConsentNone.s(l).to_string(),
    };
    out.push(Line::styled(text::truncate(&consent, width), theme.dim()));
    // The ターミナル records, when there are any (t records them).
    if let (consent, died, place) = &c.terminal
        && (consent.is_some() || died.is_some())
    {
        let none = l.pick("なし", "none");
        let died = died.map(|d| {
            let at = if place.as_deref() == Some("home") {
                l.pick("自宅", "home")
            } else {
                l.pick("自宅以外", "elsewhere")
            };
            format!("{} {at}", crate::domain::dates::iso(d))
        });
        let s = T::TerminalIs
            .s(l)
            .replace(
                "{c}",
                &consent
                    .map(crate::domain::dates::iso)
                    .unwrap_or_else(|| none.into()),
            )
            .replace("{d}", died.as_deref().unwrap_or(none));
        out.push(Line::styled(text::truncate(&s, width), theme.dim()));
    }
    // The 同一建物 periods, when there are any (b records them).
    for s in &c.same_building {
        use crate::domain::kasan_records::Coded;
        let line = T::SameBuildingIs
            .s(l)
            .replace("{w}", s.fields.why.label(l))
            .replace("{b}", &s.fields.building)
            .replace("{f}", &crate::domain::dates::iso(s.fields.from))
            .replace(
                "{u}",
                &s.fields
                    .until
                    .map(crate::domain::dates::iso)
                    .unwrap_or_default(),
            );
        out.push(Line::styled(text::truncate(&line, width), theme.dim()));
    }
    // Stays, when there are any (the footer shows h, which records one).
    if !c.stays.is_empty() {
        out.push(Line::styled(T::StaysHeading.s(l), theme.heading()));
    }
    for s in &c.stays {
        use crate::domain::kasan_records::Coded;
        let out_day = match (s.discharged_on, s.destination) {
            (Some(d), Some(to)) => format!(
                "{}{}{}{}",
                crate::domain::dates::iso(d),
                l.pick("（", " ("),
                to.label(l),
                l.pick("）", ")")
            ),
            (Some(d), None) => crate::domain::dates::iso(d),
            (None, _) => T::StayIn.s(l).to_string(),
        };
        out.push(Line::raw(text::truncate(
            &format!(
                "  {}{} {} {} {} {}",
                crate::domain::dates::iso(s.admitted_on),
                if s.after_hours {
                    T::StayAfterHoursMark.s(l)
                } else {
                    ""
                },
                l.pick("〜", "to"),
                out_day,
                s.institution,
                s.kind.label(l)
            ),
            width,
        )));
    }
    out.push(Line::styled(T::RecentNotes.s(l), theme.heading()));
    if c.notes.is_empty() {
        out.push(Line::raw(format!("  {}", T::NoNotesYet.s(l))));
    }
    for n in &c.notes {
        let cat = m
            .data
            .note_categories
            .on(&n.category, n.at.date())
            .map(|k| k.name(l).to_string())
            .unwrap_or_else(|| n.category.clone());
        let what = match crate::tui::body::first_line(&n.body) {
            "" => n.reason.clone(),
            first => first.to_string(),
        };
        out.push(Line::raw(text::truncate(
            &format!(
                "  {} {} {} {what}",
                n.at.format("%Y-%m-%d %H:%M"),
                cat,
                n.counterpart
            ),
            width,
        )));
    }
    out
}

/// "⚠ 手順未確認: 担当者会議・事業所への交付（2026-11-01 から、未交付: ひまわり訪問介護）" and
/// "未了: 同意": a revision's steps the records do not prove, and those not yet due.
fn step_lines(
    s: &crate::store::plan_steps::PlanSteps,
    l: crate::domain::Lang,
    width: usize,
    theme: &Theme,
    date: &dyn Fn(Option<chrono::NaiveDate>) -> String,
) -> Vec<Line<'static>> {
    use crate::domain::plan_steps::{Failure, labels};
    let mut out = Vec::new();
    if !s.missing.is_empty() {
        let mut msg = format!(
            "      ⚠ {}: {}",
            T::StepsMissing.s(l),
            labels(&s.missing, l)
        );
        if let Some(since) = s.since {
            msg.push_str(&T::SinceDate.s(l).replace("{d}", &date(Some(since))));
        }
        if s.missing.contains(&Failure::HandoverProvider) && !s.providers_lacking.is_empty() {
            let names: Vec<&str> = s
                .providers_lacking
                .iter()
                .map(|(_, n)| n.as_str())
                .collect();
            msg.push_str(&format!(
                " {}: {}",
                T::NotHandedTo.s(l),
                names.join(l.pick("、", ", "))
            ));
        }
        for row in text::wrap(msg.trim_start(), width.saturating_sub(8), 3) {
            out.push(Line::styled(format!("      {row}"), theme.warning()));
        }
    }
    if !s.to_do.is_empty() {
        out.push(Line::styled(
            text::truncate(
                &format!("      {}: {}", T::StepsToDo.s(l), labels(&s.to_do, l)),
                width,
            ),
            theme.dim(),
        ));
    }
    out
}

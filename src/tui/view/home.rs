//! ホーム: the office at a glance — who is active, certifications about to end, loads.

use super::Theme;
use crate::present::text;
use crate::tui::i18n::T;
use crate::tui::model::Model;
use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn draw(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    let d = &m.data;
    let active: Vec<_> = d
        .clients
        .iter()
        .filter(|c| c.contract_end.is_none_or(|e| e >= m.today))
        .collect();
    let count = |p: &dyn Fn(&&&crate::store::clients::ClientSummary) -> bool| {
        active.iter().filter(p).count()
    };
    let pending = count(&|c| c.cert_status == Some(crate::domain::care_level::CertStatus::Pending));
    let care = count(&|c| {
        c.cert_status != Some(crate::domain::care_level::CertStatus::Pending)
            && c.care_level.is_some_and(|x| x.is_care())
    });
    let support = count(&|c| {
        c.cert_status != Some(crate::domain::care_level::CertStatus::Pending)
            && c.care_level.is_some_and(|x| x.is_support())
    });
    let community =
        count(&|c| c.care_level == Some(crate::domain::care_level::CareLevel::CommunityProgram));
    // The deadlines lead to the work: below 80 columns they get the larger share.
    let left_share = if area.width < 80 { 40 } else { 50 };
    let [left, right] = Layout::horizontal([
        Constraint::Percentage(left_share),
        Constraint::Percentage(100 - left_share),
    ])
    .areas(area);
    let width = usize::from(left.width.saturating_sub(2));

    let mut lines = Vec::new();
    match &d.office {
        Some(o) if !o.name.is_empty() => {
            lines.push(Line::styled(
                text::truncate(&o.name, width),
                theme.heading(),
            ));
            let grade = o
                .area_grade_on(m.today)
                .map(|g| crate::domain::choice::Choice::label(g, l))
                .unwrap_or(T::NotSet.s(l));
            let ids = format!(
                "{} {}  {} {}",
                T::OfficeNumber.s(l),
                o.office_number.as_deref().unwrap_or("-"),
                T::AreaOnHome.s(l),
                grade
            );
            lines.extend(text::wrap(&ids, width, 2).into_iter().map(Line::raw));
        }
        _ => lines.push(Line::styled(
            text::truncate(T::NoOfficeYet.s(l), width),
            theme.warning(),
        )),
    }
    // What a move-in left to check, until it is worked through.
    if d.move_in_open > 0 {
        let msg = T::MoveInOnHome
            .s(l)
            .replace("{n}", &d.move_in_open.to_string());
        for part in text::wrap(&msg, width, 2) {
            lines.push(Line::styled(part, theme.warning()));
        }
    }
    if let Some(c) = &m.home_caseload {
        let ascii = m.config.borders == crate::config::Borders::Ascii;
        let marks = crate::present::caseload::Marks::of(c);
        lines.push(Line::raw(""));
        let head = format!(
            "{} {}  {}({})",
            T::HomeCaseload.s(l),
            c.caseload_hundredths
                .map(|h| format!("{}.{:02}", h / 100, h % 100))
                .unwrap_or_else(|| "-".into()),
            T::FeeSchedule.s(l),
            c.fee_schedule.code(),
        );
        lines.push(Line::styled(text::truncate(&head, width), theme.heading()));
        let bar = crate::present::caseload::gauge(
            c.caseload_hundredths,
            marks,
            width.saturating_sub(14),
            ascii,
        );
        lines.push(Line::raw(text::truncate(
            &format!("{bar} {}", crate::present::caseload::gauge_legend(marks)),
            width,
        )));
        let bands = format!(
            "(i) {}{p}  (ii) {}{p}  (iii) {}{p}",
            c.bands.i,
            c.bands.ii,
            c.bands.iii,
            p = T::Persons.s(l)
        );
        lines.push(Line::raw(text::truncate(&bands, width)));
        for w in &c.warnings {
            // The month's rules not yet published: the short mark fits beside the gauge.
            let msg = match w {
                crate::domain::caseload::Warning::RulesNotPublished { .. } => {
                    crate::present::caseload::not_published_mark(c, l)
                        .unwrap_or_else(|| w.message(l))
                }
                _ => w.message(l),
            };
            for part in text::wrap(&format!("⚠ {msg}"), width, 3) {
                lines.push(Line::styled(part, theme.warning()));
            }
        }
    }
    if let Some(x) = &m.ledger_deadlines {
        let pct =
            crate::store::enrollment::Coverage::percent(x.providers_enrolled, x.providers_serving);
        let exchange = match l {
            crate::domain::Lang::Ja => format!(
                "データ連携: 加入 {}/{} 事業所 ({pct:.0}%)",
                x.providers_enrolled, x.providers_serving
            ),
            crate::domain::Lang::En => format!(
                "exchange: {}/{} providers enrolled ({pct:.0}%)",
                x.providers_enrolled, x.providers_serving
            ),
        };
        lines.extend(text::wrap(&exchange, width, 2).into_iter().map(Line::raw));
    }
    // This month's monitoring: who is still without a contact, and what the 運営基準減算 would
    // take if the month ended today (the deadlines list them by care manager).
    if let Some(x) = &m.ledger_deadlines {
        let mon = &x.monitoring;
        let missing = mon.missing_count();
        let (n, units, yen) = mon.at_risk;
        // An office with no clients has nothing done and nothing due: it says so, not 全員実施.
        let line = if m.data.clients.is_empty() {
            T::HomeMonitoringNoneDue.s(l).to_string()
        } else if missing == 0 {
            T::HomeMonitoringDone.s(l).to_string()
        } else {
            T::HomeMonitoring
                .s(l)
                .replace("{n}", &missing.to_string())
                .replace("{r}", &mon.running.len().to_string())
        };
        lines.extend(text::wrap(&line, width, 2).into_iter().map(Line::raw));
        if n > 0 {
            let s = crate::domain::deadlines::cut_at_risk(n, units, yen, l);
            for part in text::wrap(&s, width, 3) {
                lines.push(Line::styled(part, theme.warning()));
            }
        }
    }
    // Not registered for the WEB service: what the move puts at risk, in yen a month.
    if let Some(r) = &m.move_risk {
        for part in text::wrap(&format!("⚠ {}", r.short(l)), width, 3) {
            lines.push(Line::styled(part, theme.error()));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "{}: {} {}",
            T::HomeClients.s(l),
            active.len(),
            T::Persons.s(l)
        ),
        theme.heading(),
    ));
    for (label, n) in [
        (T::CareTotal, care),
        (T::SupportTotal, support),
        (T::CommunityTotal, community),
        (T::PendingTotal, pending),
    ] {
        lines.push(Line::raw(text::truncate(
            &format!("  {:<}: {n} {}", label.s(l), T::Persons.s(l)),
            width,
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(T::HomeLoads.s(l), theme.heading()));
    // Active clients per care manager, in one pass over the list.
    let mut per_manager: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for c in &active {
        if let Some(name) = c.care_manager.as_deref() {
            *per_manager.entry(name).or_default() += 1;
        }
    }
    for s in d
        .staff
        .iter()
        .filter(|s| s.role.is_care_manager() && s.fte_on(m.today).hundredths() > 0)
    {
        let n = per_manager.get(s.name.as_str()).copied().unwrap_or(0);
        let row = format!(
            "  {} {}{}  {} {}",
            text::pad_right(&s.name, 14),
            text::pad_left(&n.to_string(), 3),
            T::Persons.s(l),
            T::Fte.s(l),
            s.fte_on(m.today)
        );
        lines.push(Line::raw(text::truncate(&row, width)));
    }
    f.render_widget(
        Paragraph::new(lines).block(theme.block(T::TabHome.s(l))),
        left,
    );

    // Deadlines, soonest (or most overdue) first, each with what clears it; the selected one
    // highlighted, scrolled to stay on screen, with its place when not all fit. An item is two
    // rows, up to six where its text or its action needs them: wrapped, never cut short.
    let rw = usize::from(right.width.saturating_sub(2));
    let rows = usize::from(right.height.saturating_sub(2)).max(2);
    let total = m.deadlines.len();
    let mut lines = Vec::new();
    if m.deadlines.is_empty() {
        lines.push(Line::raw(T::Nothing.s(l)));
    }
    let days =
        |d: &crate::domain::deadlines::Deadline| format!("{}{}", d.days_left, T::DaysLeft.s(l));
    // The days column as wide as the widest one that could be on screen.
    let guess = m.home.first_item((rows / 2).max(1));
    let dw = m
        .deadlines
        .iter()
        .skip(guess)
        .take(rows / 2 + 1)
        .map(|d| text::width(&days(d)))
        .max()
        .unwrap_or(0);
    let indent = dw + 2;
    let body = rw.saturating_sub(indent).max(1);
    // An item's rows: its text, then the action that clears it.
    let item = |i: usize, d: &crate::domain::deadlines::Deadline| -> (Vec<String>, Vec<String>) {
        // The year where it is not this year's (a plan made in 2024 reads as such).
        let due = if d.due.year() == m.today.year() {
            d.due.format("%m-%d").to_string()
        } else {
            d.due.format("%Y-%m-%d").to_string()
        };
        let mark = if i == m.home.selected { "▶" } else { " " };
        // Too long for a row: broken after the kind (手順未確認 | 稲穂 勝（担当者会議）,
        // steps unproven: | 稲穂 勝 (care conference)), so a name is parted only when it
        // does not fit a row of its own.
        let what = d.what(l);
        let whole = format!("{due} {what}");
        let kind_end = what.find(": ").map(|i| i + 1).or_else(|| what.find(' '));
        let head = match kind_end.map(|i| what.split_at(i)) {
            Some((kind, rest))
                if text::width(&whole) > body && text::width(&format!("{due} {kind}")) <= body =>
            {
                let mut rows = vec![format!("{due} {kind}")];
                rows.extend(text::wrap(rest.trim_start(), body, 3));
                rows
            }
            _ => text::wrap(&whole, body, 4),
        };
        let action = text::wrap(&format!("→ {}", d.action(l)), body, 2);
        let mut out = Vec::new();
        for (n, part) in head.iter().enumerate() {
            let lead = if n == 0 {
                format!("{mark}{} ", text::pad_left(&days(d), dw))
            } else {
                " ".repeat(indent)
            };
            out.push(text::pad_right(&format!("{lead}{part}"), rw));
        }
        let action = action
            .iter()
            .map(|part| text::pad_right(&format!("{}{part}", " ".repeat(indent)), rw))
            .collect();
        (out, action)
    };
    // From where the list was, moved on until the selected item is whole on screen.
    let height = |i: usize| {
        let (head, action) = item(i, &m.deadlines[i]);
        head.len() + action.len()
    };
    let mut first = guess.min(m.home.selected);
    while first < m.home.selected && (first..=m.home.selected).map(height).sum::<usize>() > rows {
        first += 1;
    }
    // As many rows as fit; the last item may show only its first rows (the list scrolls).
    let mut used = 0;
    let mut shown = 0;
    for (i, d) in m.deadlines.iter().enumerate().skip(first) {
        if used >= rows {
            break;
        }
        let (head, action) = item(i, d);
        used += head.len() + action.len();
        if used <= rows {
            shown += 1;
        }
        // Waiting on a result is not an alarm: plain until its day, a warning after it.
        let style = if d.is_waiting() {
            if d.days_left < 0 {
                theme.warning()
            } else {
                ratatui::style::Style::default()
            }
        } else if d.days_left < 0 {
            theme.error()
        } else if d.days_left <= 7 {
            theme.warning()
        } else {
            ratatui::style::Style::default()
        };
        let (style, dim) = if i == m.home.selected {
            (theme.selected(), theme.selected())
        } else {
            (style, theme.dim())
        };
        // The action rows dimmed; selected: every row in reverse video.
        lines.extend(head.into_iter().map(|r| Line::styled(r, style)));
        lines.extend(action.into_iter().map(|r| Line::styled(r, dim)));
    }
    // "3/12" (the selected item of all) on the bottom border when they do not all fit.
    // The filters in force, in the title (the items hidden by them are not counted).
    let cm = m
        .home
        .care_manager
        .and_then(|id| m.data.staff.iter().find(|s| s.id == id))
        .map(|s| s.name.as_str());
    let group = m.home.group;
    let title = match (cm, group) {
        (None, crate::domain::deadlines::Group::All) => T::HomeDeadlines.s(l).to_string(),
        (cm, g) => format!(
            "{} — {}{}{}",
            T::HomeDeadlinesShort.s(l),
            cm.unwrap_or(""),
            if cm.is_some() && g != crate::domain::deadlines::Group::All {
                "・"
            } else {
                ""
            },
            if g == crate::domain::deadlines::Group::All {
                ""
            } else {
                g.label(l)
            }
        ),
    };
    let mut block = theme.block(&title);
    if total > shown {
        block = block
            .title_bottom(Line::from(format!(" {}/{total} ", m.home.selected + 1)).right_aligned());
    }
    f.render_widget(Paragraph::new(lines).block(block), right);
}

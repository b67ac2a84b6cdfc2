//! モニタリング: the month and the day it is judged on, the counts and the 運営基準減算 at risk,
//! the filters, then one client per row by care manager: status, the last contact, months
//! missing in a row and the cut if the month ended today.

use super::Theme;
use crate::domain::monitoring::Status;
use crate::domain::operating_cut::Reduction;
use crate::present::text::{self, pad_left, pad_right, thousands};
use crate::store::compliance::ClientMonth;
use crate::tui::i18n::T;
use crate::tui::model::Model;
use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// ✓ visit, ▣ video (✗ when it does not count), ○ excused, ✗ missing: the mark says it without
/// colour.
fn mark(c: &ClientMonth) -> &'static str {
    match c.monitoring.status {
        Status::Done => "✓",
        Status::Video if c.monitoring.fails => "✗",
        Status::Video => "▣",
        Status::Excused => "○",
        Status::Missing => "✗",
        Status::BeforeRecords => "－",
    }
}

/// "11/28 モニタリング訪問": the contact that made the month (the newest home visit of a
/// month done), else the newest contact, if any.
fn last_contact(m: &Model, c: &ClientMonth) -> String {
    let visit = (c.monitoring.status == Status::Done)
        .then(|| {
            c.contacts
                .iter()
                .rev()
                .find(|x| x.counts_as.is_home_visit())
        })
        .flatten();
    // None this month: the last one before it, with the year where it is not this one's.
    let Some(last) = visit
        .or(c.contacts.last())
        .or(c.last_contact_before.as_ref())
    else {
        return String::new();
    };
    let date = if last.date.year() == c.monitoring.month.year() {
        last.date.format("%m/%d").to_string()
    } else {
        last.date.format("%Y/%m/%d").to_string()
    };
    let name = m
        .data
        .note_categories
        .on(&last.kind, last.date)
        .map(|k| k.name(m.lang).to_string())
        .unwrap_or_else(|| last.kind.to_string());
    format!("{date} {name}")
}

pub fn draw(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    let v = &m.monitoring;
    // Only the month in progress is judged "as if it ended today".
    let as_of = v
        .report
        .as_ref()
        .filter(|r| r.as_of < crate::domain::dates::month_end(r.month))
        .map(|r| {
            format!(
                " {}",
                T::AsOf
                    .s(l)
                    .replace("{d}", &r.as_of.format("%m/%d").to_string())
            )
        })
        .unwrap_or_default();
    let title = format!(
        "{} ◀ {} ▶{as_of}",
        T::TabMonitoring.s(l),
        v.month.format(T::MonthFormat.s(l))
    );
    // "12/40": the highlighted client of those listed, on the bottom border.
    let shown = v.list.visible.len();
    let mut block = theme.block(&title);
    if shown > 0 {
        block = block
            .title_bottom(Line::from(format!(" {}/{shown} ", v.list.selected + 1)).right_aligned());
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    let Some(r) = &v.report else {
        f.render_widget(Paragraph::new(T::Loading.s(l)), inner);
        return;
    };
    // With a care manager chosen, the counts and the cut are theirs.
    let t = &match v.care_manager {
        None => r.total,
        Some(id) => {
            let mut t = crate::store::compliance::Total::default();
            for c in r.clients.iter().filter(|c| c.care_manager_id == Some(id)) {
                t.add(c);
            }
            t.yen_at_risk = r
                .clients
                .iter()
                .filter(|c| c.care_manager_id == Some(id))
                .map(|c| c.yen_at_risk)
                .sum::<Option<u64>>();
            t
        }
    };
    let mut lines: Vec<Line> = Vec::new();
    let counts = format!(
        "✓{} {}  ▣{} {}  ○{} {}  ✗{} {}",
        t.done,
        Status::Done.label(l),
        t.video - t.video_failing,
        Status::Video.label(l),
        t.excused,
        Status::Excused.label(l),
        // A video that may not replace the visit is a ✗ row: counted with the missing.
        t.missing + t.video_failing,
        Status::Missing.label(l),
    );
    let counts = if t.before_records > 0 {
        format!(
            "{counts}  －{} {}",
            t.before_records,
            Status::BeforeRecords.label(l)
        )
    } else {
        counts
    };
    lines.push(Line::raw(text::truncate(&counts, width)));
    let risk =
        crate::domain::deadlines::cut_at_risk(t.at_risk(), t.units_at_risk, t.yen_at_risk, l);
    lines.push(Line::styled(
        text::truncate(&risk, width),
        if t.at_risk() == 0 {
            ratatui::style::Style::default()
        } else {
            theme.warning()
        },
    ));
    let cm = v
        .care_manager
        .and_then(|id| {
            r.clients
                .iter()
                .find(|c| c.care_manager_id == Some(id))
                .and_then(|c| c.care_manager.as_deref().map(str::to_string))
        })
        .unwrap_or_else(|| T::AllShort.s(l).to_string());
    let filter = format!(
        "{}: {cm}  {}: {}",
        T::AssignedShort.s(l),
        T::Showing.s(l),
        if v.only_failing {
            T::OnlyFailing.s(l)
        } else {
            T::AllShort.s(l)
        }
    );
    let q = v.list.query.value();
    let filter = if v.list.searching || !q.is_empty() {
        format!("{filter}  / {q}{}", if v.list.searching { "▏" } else { "" })
    } else {
        filter
    };
    lines.push(Line::styled(text::truncate(&filter, width), theme.dim()));
    // Columns: mark 2, name, CM, status, last contact, the cut. The status, the last contact
    // and the cut are as wide as their widest text in the list (a word the app chose is never
    // cut).
    let status_of = |c: &crate::store::compliance::ClientMonth| match (
        c.monitoring.status,
        c.monitoring.consecutive_missing,
    ) {
        (_, n) if n >= 2 => T::MonthsRunning.s(l).replace("{n}", &n.to_string()),
        (Status::Video, _) if c.monitoring.fails => T::VideoNotCounted.s(l).to_string(),
        // Monitoring done, but a plan step the records do not prove is cut.
        (s, _) if !c.monitoring.fails && c.cut.reduction != Reduction::None => {
            format!("{}{}", s.label(l), T::StepsShort.s(l))
        }
        (s, _) => s.label(l).to_string(),
    };
    let cut_of = |c: &crate::store::compliance::ClientMonth| match c.cut.reduction {
        Reduction::None => String::new(),
        // No 居宅介護支援費 computed for the client (要支援, pending…): the units are unknown.
        _ if c.base_units.is_none() => {
            format!("{}% {}", c.cut.share_percent, T::UnitsUnknown.s(l))
        }
        _ => format!(
            "{}% {}",
            c.cut.share_percent,
            thousands(c.cut.units_at_risk)
        ),
    };
    let listed = || v.list.visible.iter().map(|&i| &r.clients[i]);
    let widest = |head: T, cells: &mut dyn Iterator<Item = String>| {
        cells
            .map(|s| text::width(&s))
            .chain([text::width(head.s(l))])
            .max()
            .unwrap_or(0)
    };
    let narrow = width < 70;
    let cm_cols = if narrow {
        0
    } else {
        widest(
            T::AssignedShort,
            &mut listed().map(|c| c.care_manager.as_deref().unwrap_or_default().to_string()),
        )
        .min(12)
    };
    let status_cols = widest(T::MonitoringStatus, &mut listed().map(status_of));
    let cut_cols = widest(T::CutIfEndedNow, &mut listed().map(cut_of));
    const NAME_MAX: usize = 24;
    let fixed = 3 + cm_cols + status_cols + cut_cols + 4;
    let last_cols = if narrow {
        0
    } else {
        let wanted = widest(T::LastContact, &mut listed().map(|c| last_contact(m, c)));
        // Whole while the names keep 12 columns; the names then take up to 24, the last
        // contact the rest (never under 14).
        wanted
            .min(width.saturating_sub(fixed + 12))
            .max(width.saturating_sub(fixed + NAME_MAX))
            .max(14)
    };
    let name_cols = width.saturating_sub(fixed + last_cols).max(6);
    let head = format!(
        "  {} {}{} {}{}",
        pad_right(T::ClientShort.s(l), name_cols),
        if cm_cols > 0 {
            format!("{} ", pad_right(T::AssignedShort.s(l), cm_cols))
        } else {
            String::new()
        },
        pad_right(T::MonitoringStatus.s(l), status_cols),
        if last_cols > 0 {
            format!("{} ", pad_right(T::LastContact.s(l), last_cols))
        } else {
            String::new()
        },
        pad_left(T::CutIfEndedNow.s(l), cut_cols),
    );
    lines.push(Line::styled(text::truncate(&head, width), theme.heading()));
    if v.list.visible.is_empty() {
        lines.push(Line::raw(text::truncate(
            if v.only_failing {
                T::NoneFailing.s(l)
            } else {
                T::Nothing.s(l)
            },
            width,
        )));
        f.render_widget(Paragraph::new(lines), inner);
        return;
    }
    // The highlighted client's reasons, spelled out under the list (two rows).
    let why = v.selected().map(|c| reasons(c, l)).unwrap_or_default();
    let why_rows = if why.is_empty() { 0 } else { 2 };
    let fit = usize::from(inner.height)
        .saturating_sub(lines.len() + why_rows)
        .max(1);
    let first = v.list.first_row(fit);
    for (row, &i) in v.list.visible.iter().enumerate().skip(first).take(fit) {
        let c = &r.clients[i];
        let selected = row == v.list.selected;
        let status = status_of(c);
        let cut = cut_of(c);
        // A long name gives way to the 要支援 mark, which stays whole.
        let name = if c.support {
            let mark = T::SupportMark.s(l);
            let room = name_cols.saturating_sub(text::width(mark));
            format!("{}{mark}", text::truncate(&c.name, room))
        } else {
            c.name.to_string()
        };
        let line = format!(
            "{}{} {} {}{} {}{}",
            if selected { "▶" } else { " " },
            mark(c),
            pad_right(&text::truncate(&name, name_cols), name_cols),
            if cm_cols > 0 {
                format!(
                    "{} ",
                    pad_right(
                        &text::truncate(c.care_manager.as_deref().unwrap_or("—"), cm_cols),
                        cm_cols
                    )
                )
            } else {
                String::new()
            },
            pad_right(&text::truncate(&status, status_cols), status_cols),
            if last_cols > 0 {
                format!(
                    "{} ",
                    pad_right(&text::truncate(&last_contact(m, c), last_cols), last_cols)
                )
            } else {
                String::new()
            },
            pad_left(&cut, cut_cols),
        );
        let line = text::truncate(&line, width);
        lines.push(if selected {
            Line::styled(line, theme.selected())
        } else if c.monitoring.consecutive_missing >= 2 {
            Line::styled(line, theme.error())
        } else if c.monitoring.fails || c.cut.reduction != Reduction::None {
            Line::styled(line, theme.warning())
        } else {
            Line::raw(line)
        });
    }
    f.render_widget(Paragraph::new(lines), inner);
    if why_rows > 0 && inner.height as usize > why_rows {
        let area = Rect {
            y: inner.y + inner.height - why_rows as u16,
            height: why_rows as u16,
            ..inner
        };
        let rows: Vec<Line> = text::wrap(&why, width, why_rows)
            .into_iter()
            .map(|r| Line::styled(r, theme.dim()))
            .collect();
        f.render_widget(Paragraph::new(rows), area);
    }
}

/// "減算の理由: モニタリング・担当者会議（2026-10 から 2か月）。テレビ電話の同意の記録がない":
/// why the highlighted client's month would be cut, and what its monitoring lacks.
fn reasons(c: &ClientMonth, l: crate::domain::Lang) -> String {
    let mut parts = Vec::new();
    if !c.cut.failures.is_empty() {
        let names: Vec<&str> = c.cut.failures.iter().map(|f| f.label(l)).collect();
        let mut s = format!("{}: {}", T::CutBecause.s(l), names.join(l.pick("・", ", ")));
        if let Some(since) = c.cut.since {
            s.push_str(
                &T::SinceMonths
                    .s(l)
                    .replace("{m}", &since.format("%Y-%m").to_string())
                    .replace("{n}", &c.cut.months_running.to_string()),
            );
        }
        parts.push(s);
    }
    parts.extend(c.monitoring.lacks.iter().map(|x| x.message(l)));
    if let Some(e) = &c.monitoring.excuse {
        parts.push(format!("{}: {e}", T::Excuse.s(l)));
    }
    // What clears it, once per kind of action.
    let mut actions: Vec<&str> = Vec::new();
    for a in c.causes().iter().map(|x| x.cause.action(l)) {
        if !actions.contains(&a) {
            actions.push(a);
        }
    }
    if !actions.is_empty() {
        parts.push(format!("→ {}", actions.join(l.pick("・", "; "))));
    }
    parts.join(l.pick("。", ". "))
}

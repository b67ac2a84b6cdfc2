//! 加入: every provider's enrollment in the data exchange with its source and age, the outreach
//! pipeline, coverage and what paper costs; a provider's panel and the office's own panel.

use super::{Theme, row_text, widths};
use crate::domain::Lang;
use crate::domain::dates::format_date;
use crate::domain::enrollment::{expiry_warnings, points_for, provisional_move, talking_points};
use crate::present::text::{self, thousands, truncate};
use crate::store::enrollment::{Coverage, expiries};
use crate::tui::i18n::T;
use crate::tui::model::{EnrollmentFilter, EnrollmentSort, Model};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// Service types by name (「訪問介護・通所介護」); an unknown code as it is.
fn service_names(codes: &[String], l: Lang) -> String {
    codes
        .iter()
        .map(|c| {
            crate::domain::service_types::find(c)
                .map(|t| t.name(l).to_string())
                .unwrap_or_else(|| c.clone())
        })
        .collect::<Vec<_>>()
        .join(T::ListSep.s(l))
}

pub fn draw(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    let e = &m.enrollment;
    let block = theme.block(T::TabEnrollment.s(l));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    if !e.loaded {
        f.render_widget(Paragraph::new(T::Loading.s(l)), inner);
        return;
    }
    let c = &e.coverage;
    let share = c
        .trend
        .last()
        .map(|(_, all, x)| Coverage::percent(*x, *all))
        .unwrap_or(0.0);
    let filter = match e.filter {
        EnrollmentFilter::All => T::All.s(l).to_string(),
        EnrollmentFilter::NotEnrolled => T::EnrFilterNotEnrolled.s(l).to_string(),
        EnrollmentFilter::Status(s) => s.label(l).to_string(),
        EnrollmentFilter::Source(s) => s.label(l).to_string(),
        EnrollmentFilter::Stale => T::EnrFilterStale.s(l).to_string(),
        EnrollmentFilter::FollowUpDue => T::EnrFilterFollowUpDue.s(l).to_string(),
        EnrollmentFilter::Paper => T::EnrFilterPaper.s(l).to_string(),
        EnrollmentFilter::Exchange => T::EnrFilterExchange.s(l).to_string(),
    };
    let sort = match e.sort {
        EnrollmentSort::AskFirst => T::EnrSortAskFirst.s(l),
        EnrollmentSort::Clients => T::EnrSortClients.s(l),
        EnrollmentSort::Status => T::EnrStatus.s(l),
        EnrollmentSort::Age => T::EnrSortAge.s(l),
        EnrollmentSort::FollowUp => T::EnrSortFollowUp.s(l),
        EnrollmentSort::Source => T::EnrSource.s(l),
        EnrollmentSort::Channel => T::EnrSortChannel.s(l),
        EnrollmentSort::Name => T::EnrSortName.s(l),
    };
    let head = [
        match l {
            Lang::Ja => format!(
                "加入 {}/{} 事業所 ({:.1}%)  利用者で重みづけ {:.1}%  今月の送受信の連携 {:.0}%",
                c.enrolled,
                c.providers,
                Coverage::percent(c.enrolled, c.providers),
                Coverage::percent(c.enrolled_links, c.client_links),
                share
            ),
            Lang::En => format!(
                "enrolled {}/{} ({:.1}%)  by clients {:.1}%  via exchange this month {:.0}%",
                c.enrolled,
                c.providers,
                Coverage::percent(c.enrolled, c.providers),
                Coverage::percent(c.enrolled_links, c.client_links),
                share
            ),
        },
        match l {
            Lang::Ja => format!(
                "紙の費用 月{}円  上位{}事業所の加入で月{}円減",
                thousands(c.paper_yen_per_month),
                c.top_n,
                thousands(c.savings_if_top_join)
            ),
            Lang::En => format!(
                "paper ¥{}/month  top {} joining saves ¥{}",
                thousands(c.paper_yen_per_month),
                c.top_n,
                thousands(c.savings_if_top_join)
            ),
        },
    ];
    // The filter and the sort beside the money where they fit, else on a line of their own
    // (a row fewer for the list rather than a cut word).
    let choices = match l {
        Lang::Ja => format!("絞込 {filter}  並び {sort}"),
        Lang::En => format!("filter {filter}  sort {sort}"),
    };
    let mut head = head.to_vec();
    let beside = format!("{}  {choices}", head[1]);
    if text::width(&beside) <= width {
        head[1] = beside;
    } else {
        head.push(choices);
    }
    // Wrapped where a narrow terminal cannot hold a line (two rows at most each).
    let head: Vec<String> = head.iter().flat_map(|s| text::wrap(s, width, 2)).collect();
    let head_rows = u16::try_from(head.len() + 1).unwrap_or(u16::MAX);
    let [head_area, table] =
        Layout::vertical([Constraint::Length(head_rows), Constraint::Min(1)]).areas(inner);
    let mut lines: Vec<Line> = head.into_iter().map(Line::raw).collect();
    // One column is the cursor mark; status, source and stage in their short forms (the panel
    // spells them out).
    // The stage takes 6 columns in Japanese, 8 in English.
    let stage = match l {
        Lang::Ja => 6,
        Lang::En => 8,
    };
    // The channel as wide as its longest word among the rows (FAX, 連携, exchange), so a
    // channel is never cut.
    let via = e
        .list
        .visible
        .iter()
        .map(|&i| text::width(e.rows[i].channel.label(l)))
        .chain([text::width(T::EnrColVia.s(l))])
        .max()
        .unwrap_or(0)
        .max(5);
    let w = widths(width.saturating_sub(1), &[16, 9, 8, 5, 4, via, stage, 5], 0);
    // Narrow, the source column (the detail spells it out) gives its room to the names, so
    // they keep at least four characters at 60 columns.
    let narrow = w[0] < 12;
    let drop_source = |mut cells: Vec<String>| {
        if narrow {
            cells.remove(2);
        }
        cells
    };
    let w = if narrow {
        widths(width.saturating_sub(1), &[16, 9, 5, 4, via, stage, 5], 0)
    } else {
        w
    };
    let right: &[usize] = if narrow { &[2, 3] } else { &[3, 4] };
    let headers: Vec<String> = [
        T::EnrColProvider.s(l),
        T::EnrStatus.s(l),
        T::EnrSource.s(l),
        T::EnrColAge.s(l),
        T::EnrColClients.s(l),
        T::EnrColVia.s(l),
        T::EnrColStage.s(l),
        T::EnrNext.s(l),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let headers = drop_source(headers);
    lines.push(Line::styled(
        truncate(&format!(" {}", row_text(&headers, &w, right)), width),
        theme.heading(),
    ));
    f.render_widget(Paragraph::new(lines), head_area);

    let fit = usize::from(table.height).max(1);
    let offset = e.list.first_row(fit);
    let mut rows = Vec::new();
    if e.list.visible.is_empty() {
        rows.push(Line::raw(T::Nothing.s(l)));
    }
    for (pos, &i) in e.list.visible.iter().enumerate().skip(offset).take(fit) {
        let r = &e.rows[i];
        let cells = vec![
            r.name.clone(),
            r.status_short(l),
            r.current
                .as_ref()
                .map(|o| o.source.short(l).to_string())
                .unwrap_or_default(),
            r.current
                .as_ref()
                .map(|o| {
                    format!(
                        "{}{}",
                        (m.today - o.observed_on).num_days(),
                        T::DaysLeft.s(l)
                    )
                })
                .unwrap_or_else(|| "-".into()),
            r.active_clients.to_string(),
            r.channel.label(l).to_string(),
            r.stage.short(l).to_string(),
            r.next_follow_up
                .map(|d| d.format("%m-%d").to_string())
                .unwrap_or_default(),
        ];
        let cells = drop_source(cells);
        let selected = pos == e.list.selected;
        let text = format!(
            "{}{}",
            if selected { "▶" } else { " " },
            row_text(&cells, &w, right)
        );
        let style = if selected {
            theme.selected()
        } else if r.next_follow_up.is_some_and(|d| d <= m.today) {
            theme.warning()
        } else {
            Style::default()
        };
        rows.push(Line::styled(truncate(&text, width), style));
    }
    f.render_widget(Paragraph::new(rows), table);
}

/// One provider: numbers, observation history, outreach log, and what to tell them.
pub fn provider(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, id: i64, scroll: u16) {
    let l = m.lang;
    let Some(r) = m.enrollment.rows.iter().find(|r| r.provider_id == id) else {
        return;
    };
    super::popup::clear(f, area);
    let block = theme.block(&r.name);
    let inner = block.inner(area);
    let w = usize::from(inner.width);
    let date = |d| format_date(d, m.config.date_display);
    // Status and source in full here (the list shows them short), service types by name.
    let status = match &r.current {
        Some(o) => format!(
            "{}{}{} {}{}",
            r.status_label(l),
            T::ParenOpen.s(l),
            o.source.label(l),
            date(o.observed_on),
            T::ParenClose.s(l)
        ),
        None => r.status_label(l),
    };
    let mut lines = vec![
        Line::raw(truncate(
            &format!(
                "{}  {} {}",
                r.office_number,
                T::ServicesLabel.s(l),
                service_names(&r.service_types, l)
            ),
            w,
        )),
        Line::raw(truncate(
            &format!("{} {status}", T::EnrollmentStatusLabel.s(l)),
            w,
        )),
        Line::raw(truncate(
            &match l {
                Lang::Ja => format!(
                    "連絡方法 {}  利用者 {}人  紙 月{}件  段階 {}",
                    r.channel.label(l),
                    r.active_clients,
                    r.paper_per_month,
                    r.stage.label(l)
                ),
                Lang::En => format!(
                    "via {}  clients {}  paper {}/month  stage {}",
                    r.channel.label(l),
                    r.active_clients,
                    r.paper_per_month,
                    r.stage.label(l)
                ),
            },
            w,
        )),
    ];
    lines.push(Line::styled(T::ObservationsHeading.s(l), theme.heading()));
    if r.observations.is_empty() {
        lines.push(Line::raw(format!("  {}", T::Nothing.s(l))));
    }
    for o in r.observations.iter().rev() {
        lines.push(Line::raw(truncate(
            &format!(
                "  {} {}{}{}{} {}",
                date(o.observed_on),
                o.status.label(l),
                T::ParenOpen.s(l),
                o.source.label(l),
                T::ParenClose.s(l),
                o.note
            ),
            w,
        )));
    }
    lines.push(Line::styled(T::OutreachHeading.s(l), theme.heading()));
    if r.activities.is_empty() {
        lines.push(Line::raw(format!("  {}", T::Nothing.s(l))));
    }
    for a in r.activities.iter().rev() {
        let next = a
            .next_follow_up
            .map(|d| format!(" → {} {}", T::EnrNext.s(l), date(d)))
            .unwrap_or_default();
        lines.push(Line::raw(truncate(
            &format!(
                "  {} {} {} {}{}{}{next}",
                date(a.on_date),
                a.method,
                a.who,
                T::MarkOpen.s(l),
                a.stage.label(l),
                T::MarkClose.s(l)
            ),
            w,
        )));
        for t in [&a.said, &a.outcome] {
            if !t.is_empty() {
                lines.push(Line::styled(
                    truncate(&format!("      {t}"), w),
                    theme.dim(),
                ));
            }
        }
    }
    let points = talking_points();
    let in_force = points_for(
        &points,
        m.today,
        // The calendar's move date (provisional until announced).
        m.enrollment.move_on.unwrap_or_else(provisional_move),
        &r.service_types,
        r.status(),
    );
    if !in_force.is_empty() {
        lines.push(Line::styled(T::TalkingPointsHeading.s(l), theme.heading()));
    }
    for p in in_force {
        // The point is said to providers in Japanese; its caveat is in the UI's language.
        let caveat = p
            .sure
            .caveat(l)
            .map(|c| format!("{}{c}{}", T::MarkOpen.s(l), T::MarkClose.s(l)))
            .unwrap_or_default();
        lines.push(Line::raw(format!("  {}{}{caveat}", T::Bullet.s(l), p.text)));
    }
    lines.push(Line::styled(T::ProviderPanelFoot.s(l), theme.dim()));
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block),
        area,
    );
}

/// The office's own exchange status, settings and the warnings before expiries.
/// Scrolled by `scroll` lines (kept within the text), with the position on the bottom border
/// when it does not fit.
pub fn office(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, scroll: u16) {
    let l = m.lang;
    let e = &m.enrollment;
    let o = &e.office;
    super::popup::clear(f, area);
    let mut block = theme.block(T::OfficePanelTitle.s(l));
    let inner = block.inner(area);
    let w = usize::from(inner.width);
    let d = |x: Option<chrono::NaiveDate>| {
        x.map(|x| format_date(x, m.config.date_display))
            .unwrap_or_else(|| "-".into())
    };
    let history: Vec<String> = e
        .office_history
        .iter()
        .map(|r| {
            format!(
                "{} {}({})",
                d(Some(r.from)),
                r.status.label(l),
                r.system.short(l)
            )
        })
        .collect();
    // The old client's licence, free pass and PC end at the move.
    let before_move = crate::store::enrollment::before_move(m.today, e.move_on);
    let ended = |v: String| {
        if before_move {
            v
        } else {
            T::NotNeededSinceMove.s(l).to_string()
        }
    };
    let fee_ii: Vec<String> = m
        .data
        .office
        .iter()
        .flat_map(|o| o.fee_ii_filed.iter())
        .map(|p| format!("{}{}{}", d(Some(p.from)), T::Through.s(l), d(p.until)))
        .collect();
    let kv = [
        (T::OfficeExchangeUse.s(l), history.join(" → ")),
        (T::OfficeWebRegistered.s(l), d(o.web_registered_on)),
        (
            T::OfficeLicence.s(l),
            ended(format!(
                "{} {}  {} {}  {}",
                T::OfficeApplied.s(l),
                d(o.licence_applied_on),
                T::OfficeUntil.s(l),
                d(o.licence_valid_until),
                if o.auto_renewal {
                    T::OfficeAutoRenewal.s(l)
                } else {
                    T::OfficeRenewByHand.s(l)
                }
            )),
        ),
        (
            T::OfficeFreePass.s(l),
            ended(format!(
                "{}{}{}",
                d(o.free_pass_from),
                T::Through.s(l),
                d(o.free_pass_until)
            )),
        ),
        (
            T::OfficeCertificate.s(l),
            format!(
                "{} {} {}",
                o.certificate_type,
                T::OfficeExpires.s(l),
                d(o.certificate_expiry)
            ),
        ),
        (T::OfficeClientPc.s(l), ended(o.client_pc.clone())),
        (T::OfficeFeeII.s(l), fee_ii.join(", ")),
        (T::OfficePledge.s(l), d(o.pledge_on)),
    ];
    let mut lines: Vec<Line> = kv
        .iter()
        .map(|(k, v)| {
            Line::raw(truncate(
                &format!("{} {v}", crate::present::text::pad_right(k, 22)),
                w,
            ))
        })
        .collect();
    let warnings = expiry_warnings(m.today, &expiries(o, m.today, e.move_on));
    if !warnings.is_empty() || m.move_risk.is_some() {
        lines.push(Line::raw(""));
    }
    if let Some(r) = &m.move_risk {
        // Wrapped: the amounts are the point and must not be cut off.
        for part in crate::present::text::wrap(&format!("⚠ {}", r.message(l)), w, 4) {
            lines.push(Line::styled(part, theme.error()));
        }
    }
    for x in warnings {
        let text = match l {
            Lang::Ja if x.days_left < 0 => format!(
                "⚠ {} {} を過ぎています",
                l.pick(x.expiry.what_ja, x.expiry.what_en),
                d(Some(x.expiry.on))
            ),
            _ => format!(
                "⚠ {} {}{}{} {}{}{}",
                l.pick(x.expiry.what_ja, x.expiry.what_en),
                d(Some(x.expiry.on)),
                T::ParenOpen.s(l),
                T::OfficeDaysIn.s(l),
                x.days_left,
                T::DaysLeft.s(l),
                T::ParenClose.s(l)
            ),
        };
        let style = if x.mark <= 7 {
            theme.error()
        } else {
            theme.warning()
        };
        lines.push(Line::styled(truncate(&text, w), style));
    }
    lines.extend(money(m, theme, w));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        truncate(T::OfficePanelFoot.s(l), w),
        theme.dim(),
    ));
    let total = lines.len();
    let scroll = scroll
        .min(u16::try_from(total.saturating_sub(usize::from(inner.height))).unwrap_or(u16::MAX));
    if let Some(mark) = super::popup::scroll_mark(scroll, inner.height, total) {
        block = block.title_bottom(Line::raw(mark).right_aligned());
    }
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), area);
}

/// The office's own money from the exchange this month at its caseload ((II) against (I), the
/// staffing standard, the 処遇改善加算), each dated by its rules table.
fn money(m: &Model, theme: &Theme, w: usize) -> Vec<Line<'static>> {
    let worth = crate::domain::caseload::exchange_worth(&m.data.facts, m.today);
    let mut lines = vec![Line::raw("")];
    for (i, text) in crate::present::caseload::worth_lines(&worth, m.lang)
        .into_iter()
        .enumerate()
    {
        // Wrapped, not cut: the panel scrolls.
        for part in text::wrap(&text, w, 3) {
            lines.push(if i == 0 {
                Line::styled(part, theme.heading())
            } else {
                Line::raw(part)
            });
        }
    }
    lines
}

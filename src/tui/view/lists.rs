//! The list screens: clients, providers, and office & staff.

use super::{Theme, row_text, widths};
use crate::domain::dates::format_date;
use crate::domain::service_types;
use crate::text;
use crate::tui::i18n::T;
use crate::tui::model::{ListState, Model};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// What a list screen shows: its title, search hint (None = not searchable), cursor and columns.
struct ListSpec<'a> {
    title: &'a str,
    search_hint: Option<T>,
    state: &'a ListState,
    header: Vec<String>,
    widths: &'a [usize],
    numeric: &'a [usize],
}

/// Draws a list: a search line when searchable, a header, and the visible rows.
fn list(
    m: &Model,
    theme: &Theme,
    f: &mut Frame,
    area: Rect,
    spec: ListSpec<'_>,
    row: &dyn Fn(usize) -> Vec<String>,
) {
    let ListSpec {
        title,
        search_hint,
        state,
        header,
        widths: w,
        numeric,
    } = spec;
    let block = theme.block(title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let search_rows = if search_hint.is_some() { 1 } else { 0 };
    let [search, head, body] = Layout::vertical([
        Constraint::Length(search_rows),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let l = m.lang;
    let q = state.query.value();
    let count = format!("{} {}", state.visible.len(), T::Matches.s(l));
    let search_text = if state.searching || !q.is_empty() {
        format!("/{q}  ({count})")
    } else {
        format!("/ {}  ({count})", search_hint.map(|h| h.s(l)).unwrap_or(""))
    };
    let style = if state.searching {
        theme.warning()
    } else {
        theme.dim()
    };
    if search_hint.is_some() {
        f.render_widget(
            Paragraph::new(Line::styled(
                text::truncate(&search_text, usize::from(search.width)),
                style,
            )),
            search,
        );
    }
    if state.searching && search_hint.is_some() {
        // The IME draws its candidate window at the hardware cursor: put it where the next char goes.
        let col = 1 + state.query.visual_cursor() as u16;
        f.set_cursor_position(Position::new(
            search.x + col.min(search.width.saturating_sub(1)),
            search.y,
        ));
    }
    f.render_widget(
        Paragraph::new(Line::styled(
            format!("  {}", row_text(&header, w, numeric)),
            theme.heading(),
        )),
        head,
    );
    let height = usize::from(body.height);
    let offset = state
        .offset
        .min(state.selected)
        .max(state.selected.saturating_sub(height.saturating_sub(1)));
    let lines: Vec<Line> = state
        .visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(pos, &i)| {
            let t = row_text(&row(i), w, numeric);
            if pos == state.selected {
                Line::styled(format!("▶ {t}"), theme.selected())
            } else {
                Line::raw(format!("  {t}"))
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), body);
}

pub fn clients(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    let style = m.config.date_display;
    let total = usize::from(area.width.saturating_sub(4));
    // The contract date column shows only when there is room for it beside a readable kana.
    let wide = total >= 96;
    let mut cols = vec![
        (T::Name, 14),
        (T::Kana, 0),
        (T::CareLevel, 10),
        (T::CertValidTo, 10),
    ];
    if wide {
        cols.push((T::ContractDate, 10));
    }
    cols.extend([(T::CareManagerShort, 12), (T::Status, 4)]);
    let w = widths(total, &cols.iter().map(|c| c.1).collect::<Vec<_>>(), 1);
    let header = cols.iter().map(|c| c.0.s(l).to_string()).collect();
    let row = |i: usize| {
        let c = &m.data.clients[i];
        let ended = c.contract_end.is_some_and(|e| e < m.today);
        let mut cells = vec![
            c.name.clone(),
            c.kana.clone(),
            c.level_label(l).to_string(),
            c.cert_valid_to
                .map(|d| format_date(d, style))
                .unwrap_or_default(),
        ];
        if wide {
            cells.push(format_date(c.contract_date, style));
        }
        cells.push(c.care_manager.clone().unwrap_or_default());
        cells.push(if ended {
            T::Ended.s(l).into()
        } else {
            String::new()
        });
        cells
    };
    list(
        m,
        theme,
        f,
        area,
        ListSpec {
            title: T::TabClients.s(l),
            search_hint: Some(T::SearchHint),
            state: &m.clients,
            header,
            widths: &w,
            numeric: &[],
        },
        &row,
    );
}

pub fn providers(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    let total = usize::from(area.width.saturating_sub(4));
    let w = widths(total, &[24, 10, 16, 8, 13, 8], 0);
    let header = [
        T::ProviderName,
        T::OfficeNumber,
        T::ServiceTypes,
        T::Channel,
        T::Fax,
        T::ClientsCount,
    ]
    .iter()
    .map(|t| t.s(l).to_string())
    .collect();
    let row = |i: usize| {
        let p = &m.data.providers[i];
        let types: Vec<String> = p
            .fields
            .service_types
            .iter()
            .map(|c| {
                service_types::find(c)
                    .map(|t| t.name.to_string())
                    .unwrap_or_else(|| c.clone())
            })
            .collect();
        vec![
            p.fields.name.clone(),
            p.fields.office_number.to_string(),
            types.join("・"),
            p.fields.preferred_channel.label(l).to_string(),
            p.fields.fax.clone(),
            p.clients.to_string(),
        ]
    };
    list(
        m,
        theme,
        f,
        area,
        ListSpec {
            title: T::TabProviders.s(l),
            search_hint: Some(T::ProviderSearchHint),
            state: &m.providers,
            header,
            widths: &w,
            numeric: &[5],
        },
        &row,
    );
}

pub fn office(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    let [top, bottom] = Layout::vertical([Constraint::Length(6), Constraint::Min(3)]).areas(area);
    let width = usize::from(top.width.saturating_sub(2));
    let mut lines = Vec::new();
    match &m.data.office {
        Some(o) => {
            let grade = o.area_grade_on(m.today);
            let rows = [
                (
                    T::ProviderName,
                    if o.name.is_empty() {
                        T::NotSet.s(l).to_string()
                    } else {
                        o.name.clone()
                    },
                ),
                (
                    T::OfficeNumber,
                    o.office_number
                        .clone()
                        .unwrap_or_else(|| T::NotSet.s(l).into()),
                ),
                (
                    T::AreaGrade,
                    grade
                        .map(|g| g.label().to_string())
                        .unwrap_or_else(|| T::NotSet.s(l).into()),
                ),
                (
                    T::SpecialArea,
                    if o.special_area {
                        T::Yes.s(l).into()
                    } else {
                        T::No.s(l).into()
                    },
                ),
            ];
            for (label, value) in rows {
                lines.push(Line::raw(text::truncate(
                    &format!("{} {value}", text::pad_right(label.s(l), 12)),
                    width,
                )));
            }
        }
        None => lines.push(Line::raw(T::NotSet.s(l))),
    }
    f.render_widget(
        Paragraph::new(lines).block(theme.block(T::Office.s(l))),
        top,
    );
    let total = usize::from(bottom.width.saturating_sub(4));
    let w = widths(total, &[16, 18, 18, 8, 8], 1);
    let header = [T::Name, T::Kana, T::Role, T::CmNumberShort, T::Fte]
        .iter()
        .map(|t| t.s(l).to_string())
        .collect();
    let row = |i: usize| {
        let s = &m.data.staff[i];
        vec![
            s.name.clone(),
            s.kana.clone(),
            s.role.label(l).to_string(),
            s.cm_number.clone().unwrap_or_default(),
            s.fte_on(m.today).to_string(),
        ]
    };
    list(
        m,
        theme,
        f,
        bottom,
        ListSpec {
            title: T::Staff.s(l),
            search_hint: None,
            state: &m.staff,
            header,
            widths: &w,
            numeric: &[4],
        },
        &row,
    );
}

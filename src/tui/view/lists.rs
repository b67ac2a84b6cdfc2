//! The list screens: clients, providers, and office & staff.

use super::{Theme, row_text, widths};
use crate::domain::dates::format_date;
use crate::domain::service_types;
use crate::present::text;
use crate::store::clients::ClientSummary;
use crate::store::providers::Provider;
use crate::store::staff::StaffMember;
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
    let offset = state.first_row(height);
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

/// A column of a list: header, width (0 = takes the rest), the narrowest list width at which it
/// is shown (less important columns give way on small terminals), numbers right-aligned.
struct Col<'a, R> {
    header: T,
    width: usize,
    shown_from: usize,
    numeric: bool,
    cell: Box<dyn Fn(&R) -> String + 'a>,
}

fn col<'a, R>(
    header: T,
    width: usize,
    shown_from: usize,
    cell: impl Fn(&R) -> String + 'a,
) -> Col<'a, R> {
    Col {
        header,
        width,
        shown_from,
        numeric: false,
        cell: Box::new(cell),
    }
}

/// A list screen's content: rows of some kind and the columns that show them.
struct Rows<'a, R> {
    title: &'a str,
    search_hint: Option<T>,
    state: &'a ListState,
    rows: &'a [R],
    cols: Vec<Col<'a, R>>,
}

/// Draws the rows with the columns that fit in `area`.
fn table<R>(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, r: Rows<'_, R>) {
    let Rows {
        title,
        search_hint,
        state,
        rows,
        cols,
    } = r;
    let total = usize::from(area.width.saturating_sub(4));
    let cols: Vec<_> = cols.into_iter().filter(|c| total >= c.shown_from).collect();
    let flex = cols.iter().position(|c| c.width == 0).unwrap_or(0);
    // A fixed column is at least as wide as its heading: a heading is never cut.
    let fixed: Vec<usize> = cols
        .iter()
        .map(|c| match c.width {
            0 => 0,
            w => w.max(crate::present::text::width(c.header.s(m.lang))),
        })
        .collect();
    let w = widths(total, &fixed, flex);
    let numeric: Vec<usize> = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| c.numeric)
        .map(|(i, _)| i)
        .collect();
    let header = cols
        .iter()
        .map(|c| c.header.s(m.lang).to_string())
        .collect();
    let row = |i: usize| cols.iter().map(|c| (c.cell)(&rows[i])).collect();
    let spec = ListSpec {
        title,
        search_hint,
        state,
        header,
        widths: &w,
        numeric: &numeric,
    };
    list(m, theme, f, area, spec, &row);
}

pub fn clients(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    let style = m.config.date_display;
    let cols = vec![
        col(T::Name, 14, 0, |c: &ClientSummary| c.name.clone()),
        col(T::Kana, 0, 60, |c: &ClientSummary| c.kana.clone()),
        // The 被保険者番号 tells namesakes apart: whole from 100 columns, else its last digits.
        if area.width >= 100 {
            col(T::InsuredNumber, 10, 0, |c: &ClientSummary| {
                c.insured_number.clone()
            })
        } else {
            col(T::InsuredShort, 8, 50, |c: &ClientSummary| {
                let n: Vec<char> = c.insured_number.chars().collect();
                format!(
                    "…{}",
                    n[n.len().saturating_sub(4)..].iter().collect::<String>()
                )
            })
        },
        col(T::CareLevel, 10, 0, |c: &ClientSummary| {
            c.level_short(l).to_string()
        }),
        col(T::CertValidTo, 10, 50, |c: &ClientSummary| {
            c.cert_valid_to
                .map(|d| format_date(d, style))
                .unwrap_or_default()
        }),
        col(T::ContractDate, 10, 96, |c: &ClientSummary| {
            format_date(c.contract_date, style)
        }),
        col(T::CareManagerShort, 12, 0, |c: &ClientSummary| {
            c.care_manager.as_deref().unwrap_or_default().to_string()
        }),
        col(T::Status, 4, 70, |c: &ClientSummary| {
            if c.contract_end.is_some_and(|e| e < m.today) {
                T::Ended.s(l).into()
            } else {
                String::new()
            }
        }),
    ];
    table(
        m,
        theme,
        f,
        area,
        Rows {
            title: T::TabClients.s(l),
            search_hint: Some(T::SearchHint),
            state: &m.clients,
            rows: &m.data.clients,
            cols,
        },
    );
}

/// The providers list's service-type column.
const TYPES_COLS: usize = 16;

pub fn providers(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    // The types' names, or where they do not fit their column, the board's short names
    // (通リハ for 通所リハビリテーション): a word is shortened as the office reads it, not cut.
    let names = |p: &Provider, short: bool| {
        p.fields
            .service_types
            .iter()
            .map(|c| {
                service_types::find(c)
                    .map(|t| if short { t.short(l) } else { t.name(l) }.to_string())
                    .unwrap_or_else(|| c.clone())
            })
            .collect::<Vec<_>>()
            .join(T::ListSep.s(l))
    };
    let type_names = move |p: &Provider| {
        let full = names(p, false);
        if crate::present::text::width(&full) <= TYPES_COLS {
            full
        } else {
            names(p, true)
        }
    };
    let mut count = col(T::ClientsCount, 8, 50, |p: &Provider| p.clients.to_string());
    count.numeric = true;
    let cols = vec![
        col(T::ProviderName, 0, 0, |p: &Provider| p.fields.name.clone()),
        col(T::OfficeNumber, 10, 60, |p: &Provider| {
            p.fields.office_number.to_string()
        }),
        col(T::ServiceTypes, TYPES_COLS, 0, type_names),
        col(T::Channel, 8, 0, |p: &Provider| {
            p.fields.preferred_channel.label(l).to_string()
        }),
        col(T::Fax, 13, 70, |p: &Provider| p.fields.fax.clone()),
        count,
    ];
    table(
        m,
        theme,
        f,
        area,
        Rows {
            title: T::TabProviders.s(l),
            search_hint: Some(T::ProviderSearchHint),
            state: &m.providers,
            rows: &m.data.providers,
            cols,
        },
    );
}

/// Dated periods as "2025-07-01〜" (or "なし"); the CLI `office set` changes them.
fn periods(p: &[crate::domain::caseload::Period], l: crate::domain::Lang) -> String {
    if p.is_empty() {
        return T::Nothing.s(l).into();
    }
    p.iter()
        .map(|x| {
            format!(
                "{}{}{}",
                crate::domain::dates::iso(x.from),
                T::Through.s(l),
                x.until.map(crate::domain::dates::iso).unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn office(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    let [top, bottom] = Layout::vertical([Constraint::Length(10), Constraint::Min(3)]).areas(area);
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
                        .map(|g| crate::domain::choice::Choice::label(g, l).to_string())
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
                (T::FeeIiFiled, periods(&o.fee_ii_filed, l)),
                (T::ExchangeUse, periods(&o.exchange_use, l)),
                (T::SupportOrdering, o.support_ordering.label(l).to_string()),
                (
                    T::RecordsSince,
                    match o.records_since {
                        None => T::RecordsSinceUnset.s(l).into(),
                        Some(d) if m.data.entries_before_records > 0 => format!(
                            "{} {}",
                            crate::domain::dates::iso(d),
                            T::EntriesBeforeRecords
                                .s(l)
                                .replace("{n}", &m.data.entries_before_records.to_string())
                        ),
                        Some(d) => crate::domain::dates::iso(d),
                    },
                ),
            ];
            for (label, value) in rows {
                lines.push(Line::raw(text::truncate(
                    &format!("{} {value}", text::pad_right(label.s(l), 17)),
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
    let mut fte = col(T::Fte, 8, 0, |s: &StaffMember| {
        s.fte_on(m.today).to_string()
    });
    fte.numeric = true;
    let cols = vec![
        col(T::Name, 16, 0, |s: &StaffMember| s.name.clone()),
        col(T::Kana, 0, 60, |s: &StaffMember| s.kana.clone()),
        col(T::Role, 18, 0, |s: &StaffMember| {
            s.role.label(l).to_string()
        }),
        col(T::CmNumberShort, 8, 70, |s: &StaffMember| {
            s.cm_number.clone().unwrap_or_default()
        }),
        fte,
    ];
    table(
        m,
        theme,
        f,
        bottom,
        Rows {
            title: T::Staff.s(l),
            search_hint: None,
            state: &m.staff,
            rows: &m.data.staff,
            cols,
        },
    );
}

//! The 特定事業所集中減算 view: a period's dates, what the office must do (submit or keep the
//! worksheet), and for each service its plans, its top corporations with their shares (⚠ over
//! the threshold) and its 正当な理由. The texts are `present::concentration`'s, as the CLI prints them.

use super::Theme;
use crate::present::concentration as ct;
use crate::present::text;
use crate::tui::i18n::T;
use crate::tui::model::Model;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn draw(m: &Model, theme: &Theme, f: &mut Frame, area: Rect) {
    let l = m.lang;
    let v = &m.concentration;
    let period = v
        .worksheet
        .as_ref()
        .map(|w| w.period.id)
        .or(v.period)
        .map(|p| p.label(l))
        .unwrap_or_default();
    let title = format!("{} ◀ {period} ▶", T::ConcentrationTitle.s(l));
    let block = theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    let Some(w) = &v.worksheet else {
        f.render_widget(
            Paragraph::new(text::truncate(T::Loading.s(l), width)),
            inner,
        );
        return;
    };
    let over = !w.over().is_empty();
    let mut head: Vec<Line> = ct::period_lines(w, l)
        .iter()
        .map(|s| Line::raw(text::truncate(s, width)))
        .collect();
    let verdict_style = if over {
        theme.warning()
    } else {
        ratatui::style::Style::default()
    };
    head.extend(
        text::wrap(&ct::verdict(w, l), width, 2)
            .into_iter()
            .map(|s| Line::styled(s, verdict_style)),
    );
    // Months still to come (見込み) and a report date passed, as of the screen's day.
    let notes = [
        (ct::projected_line(w, m.today, l), theme.dim()),
        (
            ct::report_passed_line(w, m.today, l),
            if over { theme.error() } else { theme.warning() },
        ),
    ];
    for (note, style) in notes {
        for part in note.iter().flat_map(|s| text::wrap(s, width, 2)) {
            head.push(Line::styled(part, style));
        }
    }
    let foot: Vec<Line> = if w.has_own() {
        vec![Line::styled(
            text::truncate(ct::own_note(l), width),
            theme.dim(),
        )]
    } else {
        Vec::new()
    };
    // Each service: its heading, its top corporations (as many as fit, a row to each service
    // in turn), its note.
    let n = w.services.len();
    let mut room = usize::from(inner.height).saturating_sub(head.len() + foot.len() + 2 * n);
    let mut rows = vec![0usize; n];
    while room > 0 {
        let before = room;
        for (i, s) in w.services.iter().enumerate() {
            if room > 0 && rows[i] < s.corporations.len() {
                rows[i] += 1;
                room -= 1;
            }
        }
        if room == before {
            break;
        }
    }
    let mut body: Vec<Line> = Vec::new();
    for (i, s) in w.services.iter().enumerate() {
        let selected = i == v.selected;
        let heading = format!(
            "{}{}",
            if selected { "▶ " } else { "  " },
            ct::service_heading(s, w.threshold_percent, l)
        );
        let heading = text::truncate(&heading, width);
        body.push(if selected {
            Line::styled(text::pad_right(&heading, width), theme.selected())
        } else if s.over(w.threshold_percent) {
            Line::styled(heading, theme.warning())
        } else {
            Line::styled(heading, theme.heading())
        });
        for c in s.corporations.iter().take(rows[i]) {
            let row = format!(
                "    {}",
                ct::corporation_row(c, s.plans, width.saturating_sub(4), l)
            );
            body.push(Line::raw(text::truncate(&row, width)));
        }
        body.push(match ct::note_line(s, l) {
            Some(note) => Line::raw(text::truncate(&format!("    {note}"), width)),
            None => Line::styled(
                text::truncate(
                    &format!(
                        "    {}",
                        if selected {
                            T::ConcentrationNoNote.s(l)
                        } else {
                            T::ConcentrationNoneShort.s(l)
                        }
                    ),
                    width,
                ),
                theme.dim(),
            ),
        });
    }
    let mut lines = head;
    lines.extend(body);
    lines.extend(foot);
    f.render_widget(Paragraph::new(lines), inner);
}

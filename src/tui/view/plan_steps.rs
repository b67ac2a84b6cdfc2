//! 計画の手順: the client and revision in the title, one row per step (its date and what shows
//! it, or since when the records lack it, or 導入前（記録なし）), the cursor's row spelled out
//! below with the key that records it.

use super::Theme;
use crate::domain::dates::iso;
use crate::present::text;
use crate::tui::i18n::T;
use crate::tui::model::Model;
use crate::tui::plan_steps::{PlanStepsRoom, State, revision, rows, view_of};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A step's state in words.
fn state_text(s: &State, m: &Model) -> String {
    let l = m.lang;
    match s {
        State::Found(d, what) => format!("✓ {}  {what}", iso(*d)),
        State::Missing(d) => format!("✗ {}", T::StepMissingSince.s(l).replace("{d}", &iso(*d))),
        State::ToDo => format!("… {}", T::StepToDo.s(l)),
        State::BeforeRecords => format!("－ {}", T::StepBeforeRecords.s(l)),
        State::OnPaper(d) => format!("✓ {}", T::StepOnPaper.s(l).replace("{d}", &iso(*d))),
    }
}

pub fn draw(m: &Model, theme: &Theme, f: &mut Frame, area: Rect, r: &PlanStepsRoom) {
    let l = m.lang;
    let Some(v) = view_of(m) else {
        return;
    };
    let Some((index, p)) = revision(v, r) else {
        return;
    };
    let title = format!(
        "{} — {} {} {}{}",
        T::PlanStepsTitle.s(l),
        v.fields.name,
        l.pick("作成日", "plan of"),
        iso(p.plan_date()),
        l.pick("（{i}/{n}）", " ({i}/{n})")
            .replace("{i}", &(index + 1).to_string())
            .replace("{n}", &v.steps.len().to_string())
    );
    let block = theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    let all = rows(v, p, l);
    let label_cols = all
        .iter()
        .map(|x| text::width(&x.label))
        .max()
        .unwrap_or(0)
        .min(width / 2);
    let mut lines: Vec<Line> = vec![Line::styled(
        text::truncate(
            &format!(
                "{} {}{}{}  {}",
                p.status.label(l),
                iso(p.steps.dates.period_from),
                l.pick("〜", " – "),
                iso(p.steps.dates.period_to),
                l.pick("（減算の判断ではありません）", "(not a billing decision)")
            ),
            width,
        ),
        theme.dim(),
    )];
    for (i, row) in all.iter().enumerate() {
        let label = text::pad_right(&text::truncate(&row.label, label_cols), label_cols);
        let state = state_text(&row.state, m);
        let style = match row.state {
            State::Missing(_) => theme.error(),
            State::ToDo => theme.warning(),
            State::BeforeRecords => theme.dim(),
            _ => ratatui::style::Style::default(),
        };
        let line = text::truncate(&format!("{label}  {state}"), width);
        lines.push(if i == r.selected {
            Line::styled(text::pad_right(&line, width), theme.selected())
        } else {
            Line::from(Span::styled(line, style))
        });
    }
    lines.push(Line::raw(""));
    if let Some(row) = all.get(r.selected) {
        let how = match row.state {
            State::Missing(_) | State::ToDo => l.pick(
                "Enter: この手順を記録（今日の日付）／ a: 未交付の事業所すべて／ c: 紙で確認",
                "Enter: record this step (today) / a: every provider lacking it / c: on paper",
            ),
            State::BeforeRecords => l.pick(
                "記録開始日より前の版です。減算・期限には数えません。紙で確かめたら c",
                "Made before the records start: never counted. c once checked on paper",
            ),
            _ => l.pick(
                "記録済み。訂正・取り消しは利用者の画面で x",
                "Recorded. Correct or withdraw with x on the client",
            ),
        };
        for w in text::wrap(how, width, 3) {
            lines.push(Line::styled(w, theme.dim()));
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}

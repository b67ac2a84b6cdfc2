//! The move-in review list: one item per line (kind, the client's numbers, what to check),
//! the selected item's whole text and where it was read below.

use super::Theme;
use crate::present::text::truncate;
use crate::store::migration_reviews::StoredReview;
use crate::tui::i18n::T;
use crate::tui::model::{Model, first_row};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// The kind of an item as a person reads it.
fn kind_label(kind: &str, lang: crate::domain::Lang) -> &str {
    match kind {
        "provider_match" => lang.pick("第2表の事業所", "plan line provider"),
        "contract_date_estimated" => lang.pick("契約日の推定", "contract date estimated"),
        "certification_overlap" => lang.pick("認定の重なり", "overlapping certification"),
        "certification_conflict" => lang.pick("認定の食い違い", "conflicting certification"),
        "unknown_client" => lang.pick("未登録の利用者", "unknown client"),
        "export_settings" => lang.pick("書き出しの設定", "export settings"),
        "ended_client" => lang.pick("利用終了の確認", "left already?"),
        "provider_unnamed" => lang.pick("事業所名の登録", "provider to name"),
        other => other,
    }
}

pub fn draw(
    m: &Model,
    theme: &Theme,
    f: &mut Frame,
    area: Rect,
    items: &[StoredReview],
    selected: usize,
) {
    let l = m.lang;
    super::popup::clear(f, area);
    let title = format!("{} ({})", T::MoveInTitle.s(l), items.len());
    let block = theme.block(&title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    let [list, detail] = Layout::vertical([Constraint::Min(1), Constraint::Length(4)]).areas(inner);
    let mut lines = Vec::new();
    if items.is_empty() {
        lines.push(Line::raw(T::MoveInNothing.s(l)));
    }
    let fit = usize::from(list.height).max(1);
    let offset = first_row(0, selected, fit);
    for (i, r) in items.iter().enumerate().skip(offset).take(fit) {
        // The client by name where careplan has them, else by the numbers the file gave.
        let who = m
            .data
            .clients
            .iter()
            .find(|c| {
                *c.insurer_number == *r.insurer_number && c.insured_number == r.insured_number
            })
            .map(|c| c.name.clone())
            .unwrap_or_else(|| {
                if r.insured_number.is_empty() {
                    String::new()
                } else {
                    format!("{} {}", r.insurer_number, r.insured_number)
                }
            });
        let style = if i == selected {
            theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::styled(
            truncate(
                &format!(
                    "{}{}  {}  {}",
                    if i == selected { "▶" } else { " " },
                    kind_label(&r.kind, l),
                    who,
                    r.detail
                ),
                w,
            ),
            style,
        ));
    }
    f.render_widget(Paragraph::new(lines), list);
    if let Some(r) = items.get(selected) {
        let text = vec![
            Line::raw(r.detail.clone()),
            Line::styled(
                format!("{} {}行目 ({})", r.file, r.line, r.source),
                theme.dim(),
            ),
        ];
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), detail);
    }
}

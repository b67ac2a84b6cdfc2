//! The paper batch's 送付状 (cover sheet), the one text both `careplan deliveries batch
//! --cover-sheets` and the terminal app's paper batch (`p` / `P`) write: who sends, to whom
//! (with the FAX number), for which month, the list of whose 提供票 are enclosed, and the page
//! count left blank to be written by hand (only the person at the machine knows how many
//! sheets the printed 提供票 took). Always in Japanese: it goes to the provider.
//!
//! Plain text paginated for A4 ([`PAGE_LINES`] lines, a form feed between pages, each page
//! numbered) rather than PDF: a PDF with Japanese text must embed a Japanese font (megabytes in
//! every copy of careplan, and a licence to ship), whereas every office computer prints and
//! FAXes a text file with its own font, and a form feed starts a new sheet wherever text is
//! printed.

use crate::domain::dates::month_start;
use crate::present::text::{pad_left, pad_right};
use crate::store::deliveries::{BatchProvider, BoardRow};
use chrono::NaiveDate;

/// Lines of one A4 page at the usual 10-point text setting (66 at 6 lines per inch, less the
/// printer's margins).
pub const PAGE_LINES: usize = 60;

/// Who sends: the office's name and number.
pub struct Sender<'a> {
    pub name: &'a str,
    pub office_number: &'a str,
}

/// One provider's 送付状, its pages separated by form feeds.
pub fn cover_sheet(
    from: &Sender,
    p: &BatchProvider,
    fax: &str,
    board: &[BoardRow],
    month: NaiveDate,
    date: NaiveDate,
) -> String {
    let or_blank = |s: &str| {
        if s.trim().is_empty() {
            "________________".to_string()
        } else {
            s.to_string()
        }
    };
    let month = month_start(month);
    let month_ja = format!("{}年{}月分", month.format("%Y"), month.format("%-m"));
    let mut t: Vec<String> = Vec::new();
    let mut line = |s: &str| t.push(s.to_string());
    line("                              送 付 状");
    line("");
    line(&format!(
        "                                                  {}年{}月{}日",
        date.format("%Y"),
        date.format("%-m"),
        date.format("%-d")
    ));
    line("");
    line(&format!("{} 御中", p.name));
    line(&format!("  事業所番号: {}", p.office_number));
    line(&format!("  FAX: {}", or_blank(fax)));
    line("");
    line("送信元");
    line(&format!("  {}", or_blank(from.name)));
    line(&format!("  事業所番号: {}", or_blank(from.office_number)));
    line("  電話: ________________   FAX: ________________");
    line("");
    line(&format!("件名: {month_ja} サービス提供票の送付"));
    line("");
    line("いつもお世話になっております。");
    line(&format!(
        "{month_ja}のサービス提供票（本表・別表）を下記の利用者の分お送りします。"
    ));
    line("ご確認のほど、よろしくお願いいたします。");
    line("");
    line(&format!("同封の利用者（{} 名）", p.cells.len()));
    for (i, &(ri, ci)) in p.cells.iter().enumerate() {
        let (row, cell) = (&board[ri], &board[ri].cells[ci]);
        let again = if cell.marks.sent.is_some() {
            "（再送）"
        } else {
            ""
        };
        line(&format!(
            "  {:>2}. {}  被保険者番号 {}{again}",
            i + 1,
            pad_right(&row.name, 16),
            row.insured_number
        ));
    }
    line("");
    line("送付枚数（この送付状を含む）: ____ 枚");
    line("");
    line("※ 個人情報を含みます。届いていない枚数がある場合や、宛先違いでお受け取りの場合は、");
    line("   お手数ですが送信元までご連絡ください（宛先違いの場合は破棄をお願いします）。");
    paginate(&t)
}

/// Lines as A4 pages: [`PAGE_LINES`] to a page, the last of each its number ("- 1 / 2 -"),
/// a form feed between pages. A sheet that fits one page is left as it is.
fn paginate(lines: &[String]) -> String {
    let per_page = PAGE_LINES - 1;
    if lines.len() <= PAGE_LINES {
        return lines.iter().map(|l| format!("{l}\n")).collect();
    }
    let pages: Vec<&[String]> = lines.chunks(per_page).collect();
    let n = pages.len();
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut p: Vec<String> = page.to_vec();
            p.resize(per_page, String::new());
            p.push(pad_left(&format!("- {} / {n} -", i + 1), 45));
            p.join("\n") + "\n"
        })
        .collect::<Vec<_>>()
        .join("\u{c}")
}

/// Several providers' 送付状 in one file, a form feed before each new provider.
pub fn cover_sheets(sheets: &[String]) -> String {
    sheets.join("\u{c}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::channel::Channel;
    use crate::domain::delivery::CellMarks;
    use crate::store::deliveries::BoardCell;

    fn d(s: &str) -> NaiveDate {
        crate::domain::dates::from_iso(s).unwrap()
    }

    #[test]
    fn a_long_list_is_paginated_for_a4_with_page_numbers() {
        let board: Vec<BoardRow> = (0..70)
            .map(|i| BoardRow {
                client_id: i,
                name: format!("利用者 {i:02}"),
                kana: String::new(),
                insurer_number: String::new(),
                insured_number: format!("{:010}", 1000 + i),
                care_manager: None,
                plan_id: None,
                cells: vec![BoardCell {
                    provider_id: 1,
                    provider_name: "あおぞらデイサービス".into(),
                    office_number: "1379000019".into(),
                    service_type: "15".into(),
                    channel: Channel::Fax,
                    marks: CellMarks::default(),
                }],
            })
            .collect();
        let batch = crate::store::deliveries::paper_batch(&board);
        let from = Sender {
            name: "居宅介護支援事業所 みどりの里",
            office_number: "1399900016",
        };
        let text = cover_sheet(
            &from,
            &batch[0],
            "099-555-3841",
            &board,
            d("2027-01-01"),
            d("2026-12-07"),
        );
        let pages: Vec<&str> = text.split('\u{c}').collect();
        assert_eq!(pages.len(), 2, "{text}");
        for p in &pages {
            assert_eq!(p.lines().count(), PAGE_LINES, "{p}");
        }
        assert!(pages[0].contains("FAX: 099-555-3841"));
        assert!(pages[0].contains("同封の利用者（70 名）"));
        assert!(pages[1].contains("利用者 69") && pages[1].contains("- 2 / 2 -"));
        // Two providers in one file: a form feed between them.
        assert_eq!(
            cover_sheets(&[text.clone(), text]).matches('\u{c}').count(),
            3
        );
    }
}

//! The paper batch as a printable file: for each provider a 送付状 (cover sheet) with its FAX
//! number, then the list of the month's schedules sent to it, as plain text paginated for A4
//! (80 columns, [`PAGE_LINES`] lines, a form feed between pages).
//!
//! Plain text rather than PDF: a PDF with Japanese text must embed a Japanese font (megabytes
//! in every copy of careplan, and a licence to ship), whereas every office computer prints a
//! text file with its own Japanese font, and a form feed starts a new sheet wherever text is
//! printed.

use crate::domain::Lang;
use crate::domain::channel::Channel;
use crate::domain::service_types;
use crate::present::text::{pad_left, pad_right, truncate, width};
use chrono::NaiveDate;

/// Lines of one A4 page at the usual 10-point text setting (66 at 6 lines per inch, less
/// the printer's margins).
pub const PAGE_LINES: usize = 60;
/// Columns of one line: half-width characters count 1, full-width 2.
pub const PAGE_COLS: usize = 80;

/// Who sends: the office's name and number.
pub struct Sender<'a> {
    pub name: &'a str,
    pub office_number: &'a str,
}

/// Where a provider's paper goes.
pub struct Recipient<'a> {
    pub name: &'a str,
    pub office_number: &'a str,
    pub channel: Channel,
    pub fax: &'a str,
    pub phone: &'a str,
    pub address: &'a str,
    pub contact_person: &'a str,
}

/// One line of a provider's list: the client, their insured number, the service type code,
/// and the day the schedule was marked sent (None: not yet).
pub struct ListLine<'a> {
    pub client: &'a str,
    pub insured_number: &'a str,
    pub service_type: &'a str,
    pub sent_on: Option<NaiveDate>,
}

/// The whole file: each provider's cover sheet and list, pages separated by form feeds.
pub fn document(
    sender: &Sender,
    month: NaiveDate,
    today: NaiveDate,
    providers: &[(Recipient, Vec<ListLine>)],
    lang: Lang,
) -> String {
    let mut pages: Vec<Vec<String>> = Vec::new();
    for (to, lines) in providers {
        let list = list_pages(to, month, lines, lang);
        let sheets = list.len() + 1;
        pages.push(cover(sender, to, month, today, lines.len(), sheets, lang));
        pages.extend(list);
    }
    let total = pages.len();
    pages
        .into_iter()
        .enumerate()
        .map(|(i, mut page)| {
            // The page number on the page's last line, so a dropped sheet is noticed.
            page.resize(PAGE_LINES - 1, String::new());
            page.push(pad_left(
                &format!("- {} / {total} -", i + 1),
                PAGE_COLS / 2 + 5,
            ));
            page.join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\u{c}")
        + "\n"
}

fn cover(
    from: &Sender,
    to: &Recipient,
    month: NaiveDate,
    today: NaiveDate,
    schedules: usize,
    sheets: usize,
    lang: Lang,
) -> Vec<String> {
    let ja = lang == Lang::Ja;
    let title = match (ja, to.channel) {
        (true, Channel::Fax) => "FAX送付状",
        (true, _) => "送付状",
        (false, Channel::Fax) => "FAX COVER SHEET",
        (false, _) => "COVER SHEET",
    };
    let dash = |s: &str| {
        if s.is_empty() {
            "-".to_string()
        } else {
            s.to_string()
        }
    };
    let month_text = if ja {
        month.format("%Y年%-m月分").to_string()
    } else {
        month.format("%B %Y").to_string()
    };
    let mut v = vec![
        String::new(),
        pad_left(title, (PAGE_COLS + width(title)) / 2),
        String::new(),
        pad_left(
            &if ja {
                today.format("%Y年%-m月%-d日").to_string()
            } else {
                today.format("%Y-%m-%d").to_string()
            },
            PAGE_COLS,
        ),
        String::new(),
    ];
    let honorific = if ja { " 御中" } else { "" };
    let label = |ja_s: &str, en_s: &str| pad_right(if ja { ja_s } else { en_s }, 14);
    v.push(format!("{}{}{honorific}", label("送付先", "To"), to.name));
    if !to.contact_person.is_empty() {
        v.push(format!(
            "{}{}{}",
            label("ご担当", "Attn."),
            to.contact_person,
            if ja { " 様" } else { "" }
        ));
    }
    v.push(format!("{}{}", label("FAX番号", "FAX"), dash(to.fax)));
    v.push(format!("{}{}", label("電話番号", "Phone"), dash(to.phone)));
    if to.channel != Channel::Fax {
        v.push(format!("{}{}", label("住所", "Address"), dash(to.address)));
    }
    v.push(format!(
        "{}{}",
        label("事業所番号", "Office no."),
        dash(to.office_number)
    ));
    v.push(String::new());
    v.push(format!("{}{}", label("送信元", "From"), from.name));
    v.push(format!(
        "{}{}",
        label("事業所番号", "Office no."),
        dash(from.office_number)
    ));
    v.push(String::new());
    v.push(if ja {
        format!("{}{month_text} サービス提供票の送付", label("件名", ""))
    } else {
        format!("{}Service schedules for {month_text}", label("", "Subject"))
    });
    v.push(if ja {
        format!(
            "{}{schedules} 件（本状を含め {sheets} 枚）",
            label("内容", "")
        )
    } else {
        format!(
            "{}{schedules} schedules ({sheets} sheets with this one)",
            label("", "Contents")
        )
    });
    v.push(String::new());
    if ja {
        v.push("いつもお世話になっております。".into());
        v.push(format!("{month_text}のサービス提供票をお送りします。"));
        v.push("次ページの一覧とあわせてご確認ください。".into());
        v.push("不足・相違がありましたら、お手数ですが上記送信元までご連絡ください。".into());
    } else {
        v.push(format!(
            "Please find the service schedules for {month_text}, listed on the next page."
        ));
        v.push("If anything is missing or differs, please contact the sender above.".into());
    }
    v.into_iter().map(|l| truncate(&l, PAGE_COLS)).collect()
}

/// The list under a heading that repeats on every page.
fn list_pages(
    to: &Recipient,
    month: NaiveDate,
    lines: &[ListLine],
    lang: Lang,
) -> Vec<Vec<String>> {
    let ja = lang == Lang::Ja;
    let heading = vec![
        truncate(
            &if ja {
                format!("送付一覧 {}  {}", month.format("%Y年%-m月分"), to.name)
            } else {
                format!("Schedules {}  {}", month.format("%Y-%m"), to.name)
            },
            PAGE_COLS,
        ),
        String::new(),
        format!(
            "{} {} {} {} {}",
            pad_left("No.", 4),
            pad_right(
                if ja {
                    "被保険者番号"
                } else {
                    "Insured no."
                },
                12
            ),
            pad_right(if ja { "氏名" } else { "Client" }, 20),
            pad_right(if ja { "サービス種類" } else { "Service" }, 32),
            if ja { "送付" } else { "Sent" }
        ),
        "-".repeat(PAGE_COLS),
    ];
    // The heading, the rows, and the page number's line.
    let per_page = PAGE_LINES - heading.len() - 1;
    let rows: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let kind = service_types::find(l.service_type)
                .map(|t| t.name(lang).to_string())
                .unwrap_or_else(|| l.service_type.to_string());
            format!(
                "{} {} {} {} {}",
                pad_left(&(i + 1).to_string(), 4),
                pad_right(l.insured_number, 12),
                pad_right(&truncate(l.client, 20), 20),
                pad_right(&truncate(&format!("{} {kind}", l.service_type), 32), 32),
                l.sent_on
                    .map(|d| d.format("%m-%d").to_string())
                    .unwrap_or_else(|| if ja { "未" } else { "-" }.to_string())
            )
        })
        .collect();
    if rows.is_empty() {
        return vec![heading];
    }
    rows.chunks(per_page)
        .map(|chunk| {
            let mut page = heading.clone();
            page.extend(chunk.iter().cloned());
            page
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::domain::dates::from_iso(s).unwrap()
    }

    #[test]
    fn each_provider_gets_a_cover_with_its_fax_number_and_a_paginated_list() {
        let sender = Sender {
            name: "居宅介護支援事業所 みどりの里",
            office_number: "1399900016",
        };
        let names: Vec<String> = (0..70).map(|i| format!("利用者 {i:02}")).collect();
        let many: Vec<ListLine> = names
            .iter()
            .map(|n| ListLine {
                client: n,
                insured_number: "0000012345",
                service_type: "15",
                sent_on: None,
            })
            .collect();
        let one = vec![ListLine {
            client: "青空 綾乃",
            insured_number: "0000054321",
            service_type: "11",
            sent_on: Some(d("2026-12-03")),
        }];
        let to = |name, fax, channel| Recipient {
            name,
            office_number: "1379000019",
            channel,
            fax,
            phone: "099-555-0000",
            address: "緑町1-2-3",
            contact_person: "",
        };
        let doc = document(
            &sender,
            d("2027-01-01"),
            d("2026-12-07"),
            &[
                (
                    to("あおぞらデイサービス", "099-555-3841", Channel::Fax),
                    many,
                ),
                (to("ひかり訪問介護", "", Channel::Post), one),
            ],
            Lang::Ja,
        );
        let pages: Vec<&str> = doc.split('\u{c}').collect();
        // 70 rows need two list pages: cover, list, list; then cover, list.
        assert_eq!(pages.len(), 5, "{doc}");
        for p in &pages {
            let lines: Vec<&str> = p
                .trim_start_matches('\n')
                .trim_end_matches('\n')
                .lines()
                .collect();
            assert!(p.lines().count() <= PAGE_LINES, "{p}");
            assert!(lines.iter().all(|l| width(l) <= PAGE_COLS), "{p}");
        }
        assert!(pages[0].contains("FAX送付状"));
        assert!(pages[0].contains("099-555-3841"));
        assert!(pages[0].contains("2027年1月分"));
        assert!(pages[0].contains("本状を含め 3 枚"));
        assert!(pages[1].contains("利用者 00") && pages[2].contains("利用者 69"));
        assert!(pages[2].contains("送付一覧"), "the heading repeats");
        assert!(pages[4].contains("- 5 / 5 -"));
        // By post: no FAX number to show, the address instead.
        assert!(pages[3].contains("送付状") && !pages[3].contains("FAX送付状"));
        assert!(pages[3].contains("緑町1-2-3"));
        assert!(pages[4].contains("12-03") && pages[4].contains("11 訪問介護"));
    }
}

//! `careplan notes`: the case record (支援経過, 第5表) — list, add (correct, withdraw), print,
//! and the categories.

use super::shared::{care_manager, client_id, refused_or, typed_text};
use crate::cli::{
    CategoriesCommand, Format, NoteAddArgs, NoteCategoriesArgs, NotePrintArgs, NotesArgs,
    NotesCommand,
};
use crate::domain::Lang;
use crate::domain::case_record::{self, CategoryBook, note_time_text, parse_note_time};
use crate::domain::dates::{format_era_long, iso, parse_date};
use crate::present::output::{Listing, print};
use crate::present::output::{lang, tr};
use crate::present::text;
use crate::store::case_notes::{self, ClientLabel, NewNote, Note};
use crate::store::{Store, office, plans, staff};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, eyre};
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

fn date_opt(s: &Option<String>, flag: &str) -> Result<Option<NaiveDate>> {
    s.as_deref()
        .map(|d| parse_date(d).map_err(|e| eyre!("{flag}: {e}")))
        .transpose()
}

/// What became of an entry: it stands, was corrected or withdrawn, or is a withdrawal.
/// The entry's standing: a code for scripts and its text in `lang`.
fn state(n: &Note, history: &[Note], lang: Lang) -> (&'static str, String) {
    let en = lang == Lang::En;
    if n.withdraws {
        let c = n.corrects.unwrap_or_default();
        return (
            "withdrawal",
            if en {
                format!("withdraws #{c}")
            } else {
                format!("取消: #{c} を取り消し")
            },
        );
    }
    let by = n
        .superseded_by
        .and_then(|id| history.iter().find(|h| h.id == id));
    let correction = n
        .corrects
        .map(|c| match (en, n.correction_reason.is_empty()) {
            (false, true) => format!("訂正: #{c} を訂正"),
            (false, false) => format!("訂正: #{c} を訂正（理由: {}）", n.correction_reason),
            (true, true) => format!("corrects #{c}"),
            (true, false) => format!("corrects #{c} (reason: {})", n.correction_reason),
        });
    let (code, fate) = match by {
        Some(b) if b.withdraws => (
            "withdrawn",
            Some(if en {
                format!("withdrawn by #{}", b.id)
            } else {
                format!("#{} で取り消し", b.id)
            }),
        ),
        Some(b) => (
            "corrected",
            Some(if en {
                format!("corrected by #{}", b.id)
            } else {
                format!("#{} で訂正", b.id)
            }),
        ),
        None => ("stands", None),
    };
    let text: Vec<String> = correction.into_iter().chain(fate).collect();
    (code, text.join(lang.pick("／", "; ")))
}

fn category_name(book: &CategoryBook, n: &Note, lang: Lang) -> String {
    book.on(&n.category, n.at.date())
        .or_else(|| book.rows().iter().find(|c| c.code == n.category))
        .map_or_else(
            || n.category.clone(),
            |c| match lang {
                Lang::En if !c.name_en.is_empty() => c.name_en.clone(),
                _ => c.name.clone(),
            },
        )
}

fn note_json(
    n: &Note,
    client: Option<&ClientLabel>,
    book: &CategoryBook,
    history: &[Note],
    fields: Option<&crate::domain::kasan_records::NoteFields>,
) -> serde_json::Value {
    json!({
        "id": n.id,
        "client": client.map(|c| json!({
            "insurer_number": c.insurer_number,
            "insured_number": c.insured_number,
            "name": c.name,
        })),
        "at": note_time_text(n.at),
        "category": n.category,
        "category_name": category_name(book, n, Lang::Ja),
        "counterpart": n.counterpart,
        "care_manager": n.staff_name,
        "body": n.body,
        "reason": n.reason,
        "plan_id": n.plan_id,
        "attendees": n.attendees,
        "corrects": n.corrects,
        "correction_reason": n.correction_reason,
        "withdraws": n.withdraws,
        "superseded_by": n.superseded_by,
        "state": state(n, history, Lang::Ja).0,
        "recorded_by": n.recorded_by,
        "recorded_at": n.recorded_at,
        "fields": fields.map(crate::store::note_fields::json),
    })
}

pub fn run(store: &mut Store, args: &NotesArgs) -> Result<ExitCode> {
    match &args.command {
        Some(NotesCommand::Add(a)) => add(store, a),
        Some(NotesCommand::Print(p)) => print_record(store, p),
        Some(NotesCommand::Categories(c)) => categories(store, c),
        None => list(store, args),
    }
}

fn list(store: &Store, args: &NotesArgs) -> Result<ExitCode> {
    let client = super::shared::client_filter(store, &args.insurer, &args.insured)?;
    let from = date_opt(&args.from, "--from")?;
    let to = date_opt(&args.to, "--to")?;
    let conn = store.conn();
    let history = case_notes::history(conn, client, from, to)?;
    let notes: Vec<&Note> = if args.history {
        history.iter().collect()
    } else {
        history.iter().filter(|n| n.stands()).collect()
    };
    let labels = case_notes::client_labels(conn)?;
    let book = case_notes::book(conn)?;
    let fields = crate::store::note_fields::of_client(conn, client)?;
    let json: Vec<_> = notes
        .iter()
        .map(|n| {
            note_json(
                n,
                labels.get(&n.client_id),
                &book,
                &history,
                fields.get(&n.id),
            )
        })
        .collect();
    let rows = notes
        .iter()
        .map(|n| {
            let first = n.body.lines().next().unwrap_or_default();
            let text = if n.reason.is_empty() {
                first.to_string()
            } else if first.is_empty() {
                crate::format_tr!("理由: {}", "reason: {}", n.reason)
            } else {
                crate::format_tr!("{first}（理由: {}）", "{first} (reason: {})", n.reason)
            };
            vec![
                n.id.to_string(),
                note_time_text(n.at),
                labels
                    .get(&n.client_id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                category_name(&book, n, lang()),
                n.counterpart.clone(),
                n.staff_name.clone().unwrap_or_default(),
                text,
                state(n, &history, lang()).1,
            ]
        })
        .collect();
    print(
        args.format,
        &Listing {
            headers: &[
                "#",
                tr("日時", "at"),
                tr("利用者", "client"),
                tr("項目", "item"),
                tr("相手", "with"),
                tr("担当", "CM"),
                tr("内容", "what"),
                tr("訂正・取消", "corrected/withdrawn"),
            ],
            rows,
            numeric: &[0],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

fn add(store: &mut Store, a: &NoteAddArgs) -> Result<ExitCode> {
    let client = client_id(store, &a.client)?;
    let at = match &a.at {
        Some(s) => parse_note_time(s).map_err(|e| eyre!("--at: {e}"))?,
        // A withdrawal takes the withdrawn entry's time.
        None => chrono::NaiveDateTime::default(),
    };
    let staff_id = a
        .staff
        .as_deref()
        .map(|k| care_manager(store, k))
        .transpose()?;
    let plan_id = match &a.plan_date {
        Some(d) => {
            let date = parse_date(d).map_err(|e| eyre!("--plan-date: {e}"))?;
            Some(
                plans::list(store.conn(), Some(client))?
                    .into_iter()
                    .find(|p| p.fields.plan_date == date)
                    .map(|p| p.id)
                    .ok_or_else(|| {
                        eyre!(
                            "この利用者に作成日 {} の計画はありません（careplan plans で確認）",
                            iso(date)
                        )
                    })?,
            )
        }
        None => None,
    };
    let note = NewNote {
        client_id: client,
        at,
        category: a.category.clone().unwrap_or_default(),
        counterpart: a.counterpart.clone(),
        staff_id,
        body: typed_text(&a.text),
        reason: typed_text(&a.reason),
        plan_id,
        attendees: a.attendees.clone(),
        corrects: a.corrects,
        withdraws: a.withdraw,
        correction_reason: a.correction_reason.clone().unwrap_or_default(),
        fields: super::kasan_records::note_fields(&a.fields)?,
    };
    match store.write(|w| case_notes::add(w, &note)) {
        Ok(id) => {
            let what = match (a.corrects, a.withdraw) {
                (Some(c), true) => {
                    crate::format_tr!(
                        "支援経過 #{c} を取り消しました（取り消しの記録 #{id}）",
                        "withdrew case-record entry #{c} (the withdrawal is #{id})"
                    )
                }
                (Some(c), false) => crate::format_tr!(
                    "支援経過 #{c} を訂正しました（訂正の記録 #{id}）",
                    "corrected case-record entry #{c} (the correction is #{id})"
                ),
                _ => crate::format_tr!(
                    "支援経過 #{id} を記録しました",
                    "recorded case-record entry #{id}"
                ),
            };
            crate::say!("{what}")?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refused_or(e),
    }
}

/// Width of the printed record's lines, in display columns.
const PAGE_WIDTH: usize = 78;
const INDENT: &str = "      ";

fn push_wrapped(out: &mut String, label: &str, body: &str) {
    let width = PAGE_WIDTH - text::width(INDENT);
    let mut first = true;
    for line in body.lines() {
        let line = if first && !label.is_empty() {
            format!("{label}{line}")
        } else {
            line.to_string()
        };
        first = false;
        if line.trim().is_empty() {
            out.push('\n');
            continue;
        }
        for part in text::wrap(&line, width, usize::MAX) {
            out.push_str(INDENT);
            out.push_str(&part);
            out.push('\n');
        }
    }
}

/// The 支援経過 (第5表) as plain text: header, then each entry with its date (era and
/// western; western in English), time, category, counterpart and text, corrections and
/// withdrawals shown as such. The labels are in `lang`; what was recorded is printed as typed.
pub fn record_text(
    store: &Store,
    client: i64,
    from: NaiveDate,
    to: NaiveDate,
    lang: Lang,
) -> Result<String> {
    let l = |ja: &'static str, en: &'static str| lang.pick(ja, en);
    let conn = store.conn();
    let labels = case_notes::client_labels(conn)?;
    let who = labels.get(&client).ok_or_else(|| {
        eyre!(crate::format_tr!(
            "利用者 id {client} は登録されていません",
            "no client with id {client} is registered"
        ))
    })?;
    let office = office::get(conn)?;
    let book = case_notes::book(conn)?;
    let manager = case_notes::assigned_care_manager(conn, client, to)?
        .and_then(|id| staff::get(conn, id).ok().flatten())
        .map(|s| s.name)
        .unwrap_or_default();
    let history = case_notes::history(conn, Some(client), Some(from), Some(to))?;
    let rule = "─".repeat(PAGE_WIDTH / 2);
    let mut out = String::new();
    out.push_str(l(
        "居宅介護支援経過（第5表）\n\n",
        "Case record (form 5)\n\n",
    ));
    out.push_str(&match lang {
        Lang::Ja => format!("利用者名: {} 様\n", who.name),
        Lang::En => format!("Client: {}\n", who.name),
    });
    out.push_str(&match lang {
        Lang::Ja => format!(
            "被保険者番号: {}（保険者番号 {}）\n",
            who.insured_number, who.insurer_number
        ),
        Lang::En => format!(
            "Insured number: {} (insurer number {})\n",
            who.insured_number, who.insurer_number
        ),
    });
    out.push_str(&format!(
        "{}{}{}\n",
        l("居宅介護支援事業所: ", "Office: "),
        office.name,
        office
            .office_number
            .as_deref()
            .map(|n| match lang {
                Lang::Ja => format!("（事業所番号 {n}）"),
                Lang::En => format!(" (office number {n})"),
            })
            .unwrap_or_default()
    ));
    out.push_str(&format!(
        "{}{manager}\n",
        l("担当介護支援専門員: ", "Care manager: ")
    ));
    out.push_str(&match lang {
        Lang::Ja => format!(
            "期間: {}〜{}（{}〜{}）\n",
            format_era_long(from),
            format_era_long(to),
            iso(from),
            iso(to)
        ),
        Lang::En => format!("Period: {} to {}\n", iso(from), iso(to)),
    });
    out.push_str(&format!("{rule}\n"));
    if history.is_empty() {
        out.push_str(l(
            "この期間の記録はありません。\n",
            "No entries in this period.\n",
        ));
    }
    for n in &history {
        let date = n.at.date();
        out.push_str(&format!(
            "#{}  {} {}  {}",
            n.id,
            record_day(date, lang),
            n.at.format("%H:%M"),
            category_name(&book, n, lang)
        ));
        if !n.counterpart.is_empty() {
            out.push_str(&format!("  {}{}", l("相手: ", "with: "), n.counterpart));
        }
        out.push('\n');
        let (_, mark) = state(n, &history, lang);
        if !mark.is_empty() {
            push_wrapped(
                &mut out,
                "",
                &format!("{}{mark}{}", l("【", "["), l("】", "]")),
            );
        }
        if let Some(s) = &n.staff_name {
            push_wrapped(&mut out, l("担当: ", "care manager: "), s);
        }
        if !n.attendees.is_empty() {
            push_wrapped(&mut out, l("出席者: ", "attendees: "), &n.attendees);
        }
        if !n.body.is_empty() {
            push_wrapped(&mut out, "", &n.body);
        }
        if !n.reason.is_empty() {
            push_wrapped(&mut out, l("理由: ", "reason: "), &n.reason);
        }
        let recorded = recorded_at_text(&n.recorded_at, lang);
        push_wrapped(
            &mut out,
            "",
            &match lang {
                Lang::Ja => format!("（記録 {} {recorded}）", n.recorded_by),
                Lang::En => format!("(recorded by {}, {recorded})", n.recorded_by),
            },
        );
        out.push('\n');
    }
    Ok(out)
}

/// A day as the printed record dates it: the era form with the western date in Japanese
/// (令和8年12月7日（2026-12-07）), the western date alone in English.
fn record_day(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{}（{}）", format_era_long(d), iso(d)),
        Lang::En => iso(d),
    }
}

/// When an entry was recorded, as the printed record dates everything, in the office's local
/// time: 令和8年12月7日 18:54 in Japanese, 2026-12-07 18:54 in English. The store keeps UTC
/// (2026-12-07T09:54:57Z); a value that does not read as a timestamp is printed as it is.
fn recorded_at_text(stored: &str, lang: Lang) -> String {
    match chrono::DateTime::parse_from_rfc3339(stored) {
        Ok(t) => {
            let local = t.with_timezone(&chrono::Local);
            let day = match lang {
                Lang::Ja => format_era_long(local.date_naive()),
                Lang::En => iso(local.date_naive()),
            };
            format!("{day} {}", local.format("%H:%M"))
        }
        Err(_) => stored.to_string(),
    }
}

fn print_record(store: &Store, p: &NotePrintArgs) -> Result<ExitCode> {
    let client = client_id(store, &p.client)?;
    let from = parse_date(&p.from).map_err(|e| eyre!("--from: {}", e.message(lang())))?;
    let to = parse_date(&p.to).map_err(|e| eyre!("--to: {}", e.message(lang())))?;
    if to < from {
        return Err(eyre!(tr(
            "--to は --from 以降の日にしてください",
            "--to must be on or after --from"
        )));
    }
    let text = record_text(store, client, from, to, lang())?;
    match &p.out {
        Some(out) => {
            crate::store::write_private(out, text.as_bytes(), p.force)?;
            crate::say_tr!(
                "{} に支援経過を書き出しました",
                "wrote the case record to {}",
                out.display()
            )?;
        }
        None => crate::present::output::write_bytes(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn categories(store: &mut Store, c: &NoteCategoriesArgs) -> Result<ExitCode> {
    match &c.command {
        Some(CategoriesCommand::Import(a)) => {
            let text = std::fs::read_to_string(&a.file).map_err(|e| {
                eyre!(crate::format_tr!(
                    "{} を読めません: {e}",
                    "cannot read {}: {e}",
                    a.file.display()
                ))
            })?;
            match store.write(|w| case_notes::import_categories(w, &text)) {
                Ok(done) => {
                    crate::say!(
                        "項目を取り込みました: 追加 {} 件、置き換え {} 件",
                        done.added,
                        done.replaced
                    )?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refused_or(e),
            }
        }
        Some(CategoriesCommand::Export(a)) => {
            let book = case_notes::book(store.conn())?;
            write_categories(&a.out, &book, a.force)?;
            crate::say!(
                "支援経過の項目 {} 行を {} に書き出しました（careplan notes categories import で取り込めます）",
                book.rows().len(),
                a.out.display()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        None => list_categories(store, c.format),
    }
}

fn write_categories(out: &Path, book: &CategoryBook, force: bool) -> Result<()> {
    crate::store::write_private(out, case_record::to_tsv(book.rows()).as_bytes(), force)
}

fn list_categories(store: &Store, format: Format) -> Result<ExitCode> {
    let conn = store.conn();
    let book = case_notes::book(conn)?;
    let imported = case_notes::imported_categories(conn)?;
    let today = super::today();
    let origin = |c: &case_record::NoteCategory| {
        if imported
            .iter()
            .any(|i| i.code == c.code && i.from == c.from)
        {
            "imported"
        } else {
            "builtin"
        }
    };
    let json: Vec<_> = book
        .rows()
        .iter()
        .map(|c| {
            json!({
                "code": c.code,
                "name": c.name,
                "name_en": c.name_en,
                "counts_as": c.counts_as.code(),
                "template": c.template,
                "template_en": c.template_en,
                "from": iso(c.from),
                "until": c.until.map(iso),
                "source": c.source,
                "in_force": c.in_force(today),
                "origin": origin(c),
            })
        })
        .collect();
    let rows = book
        .rows()
        .iter()
        .map(|c| {
            vec![
                c.code.clone(),
                c.name.clone(),
                c.counts_as.label(lang()).to_string(),
                iso(c.from),
                c.until.map(iso).unwrap_or_default(),
                if c.in_force(today) {
                    tr("○", "yes")
                } else {
                    ""
                }
                .to_string(),
                if origin(c) == "imported" {
                    tr("取り込み", "imported")
                } else {
                    tr("同梱", "built in")
                }
                .to_string(),
            ]
        })
        .collect();
    print(
        format,
        &Listing {
            headers: &[
                tr("コード", "code"),
                tr("名前", "name"),
                tr("数え方", "counts as"),
                tr("開始", "from"),
                tr("終了", "until"),
                tr("今日", "today"),
                tr("出所", "origin"),
            ],
            rows,
            numeric: &[],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::recorded_at_text;
    use crate::domain::Lang;

    #[test]
    fn the_printed_record_dates_its_entries_in_local_time_and_the_era_form() {
        let shown = recorded_at_text("2026-12-07T09:54:57Z", Lang::Ja);
        let local = chrono::DateTime::parse_from_rfc3339("2026-12-07T09:54:57Z")
            .unwrap()
            .with_timezone(&chrono::Local);
        assert_eq!(
            shown,
            format!(
                "{} {}",
                crate::domain::dates::format_era_long(local.date_naive()),
                local.format("%H:%M")
            )
        );
        assert!(shown.starts_with("令和8年12月"), "{shown}");
        assert!(!shown.contains('T') && !shown.contains('Z'), "{shown}");
        assert_eq!(recorded_at_text("昨日", Lang::Ja), "昨日");
        // In English: the western date, local time too.
        assert_eq!(
            recorded_at_text("2026-12-07T09:54:57Z", Lang::En),
            local.format("%Y-%m-%d %H:%M").to_string()
        );
    }
}

//! ターミナルケアマネジメント加算 (kasan.md §A.6): a client who died at home, with the consent on
//! record before the visits, a doctor's judgement confirmed, liaison with the doctor and the
//! providers, the office's 24-hour contact system, and home visits on `min_days` distinct days
//! within the death day and the `window_days` before it. Shown in the death month (the month of
//! the last visit is the other reading: the reason names it when it differs).

use super::{ClientRecords, Ctx, Fix, Row, Status, day};
use crate::domain::case_record::VISIT;
use chrono::{Datelike, Days, NaiveDate};
use std::collections::BTreeSet;

const KEY: &str = "terminal";

pub(super) fn judge(c: &ClientRecords<'_>, ctx: &Ctx<'_>) -> Option<Row> {
    let died = c.died_on.filter(|d| *d >= ctx.month && *d <= ctx.end())?;
    let rule = ctx.rules.on(KEY, ctx.end())?;
    let from = died
        .checked_sub_days(Days::new(u64::from(rule.window_days.unwrap_or(14))))
        .unwrap_or(died);
    let need = usize::try_from(rule.min_days.unwrap_or(2)).unwrap_or(2);
    let visits: Vec<_> = c
        .notes
        .iter()
        .filter(|n| n.counts_as.is_home_visit() && n.date() >= from && n.date() <= died)
        .collect();
    let days: BTreeSet<NaiveDate> = visits.iter().map(|n| n.date()).collect();
    let judgement: Vec<_> = c
        .notes
        .iter()
        .filter(|n| n.category == "terminal_judgement" && n.date() <= died)
        .collect();
    let liaison: Vec<_> = c
        .notes
        .iter()
        .filter(|n| n.category == "terminal_liaison" && n.date() <= died)
        .collect();
    let mut missing = Vec::new();
    // What records the first piece missing.
    let mut fix = None;
    match c.death_place.as_deref() {
        None => {
            missing.push("死亡の場所".to_string());
            fix = Some(Fix::Terminal);
        }
        Some("home") => {}
        Some(_) => {
            let mut r = ctx.row(
                c.client.id,
                KEY,
                Status::CannotJudge,
                "自宅以外での死亡です（訪問後24時間以内の死亡の扱いは要確認）",
            )?;
            r.evidence = visits.iter().map(|n| n.id).collect();
            return Some(r);
        }
    }
    if days.len() < need {
        missing.push(format!(
            "{}〜{} の居宅訪問（{} 日、{} 日以上必要）",
            day(from),
            day(died),
            days.len(),
            need
        ));
        fix.get_or_insert(Fix::Note {
            category: super::FixCategory(VISIT),
            stay_id: None,
        });
    }
    match (c.terminal_consent_on, days.first()) {
        (None, _) => {
            missing.push("ターミナルケアマネジメントへの同意の日付".into());
            fix.get_or_insert(Fix::Terminal);
        }
        (Some(on), Some(first)) if on > *first => {
            missing.push(format!(
                "訪問 {} より前の同意（同意 {}）",
                day(*first),
                day(on)
            ));
            fix.get_or_insert(Fix::Terminal);
        }
        _ => {}
    }
    if judgement.is_empty() {
        missing.push("医師の判断（回復の見込みがない）の確認の記録".into());
        fix.get_or_insert(Fix::Note {
            category: super::FixCategory("terminal_judgement"),
            stay_id: None,
        });
    }
    if liaison.is_empty() {
        missing.push("主治医・事業所との連絡調整の記録".into());
        fix.get_or_insert(Fix::Note {
            category: super::FixCategory("terminal_liaison"),
            stay_id: None,
        });
    }
    if !ctx.office.contact_24h.iter().any(|p| p.covers(died)) {
        missing.push("事業所の24時間連絡体制（careplan office の contact_24h）".into());
        fix.get_or_insert(Fix::Office);
    }
    let last_visit = days.last().copied();
    let mut r = if missing.is_empty() {
        let mut why = format!("死亡 {}（自宅）、訪問 {} 日", day(died), days.len());
        if let Some(v) = last_visit.filter(|v| v.month() != died.month() || v.year() != died.year())
        {
            why.push_str(&format!(
                "。最終訪問 {} の月に算定する扱いもあり要確認",
                day(v)
            ));
        }
        ctx.row(c.client.id, KEY, Status::Candidate, why)?
    } else {
        ctx.row(
            c.client.id,
            KEY,
            Status::Incomplete,
            format!("{} がありません", missing.join("、")),
        )?
    };
    r.fix = fix.filter(|_| r.status == Status::Incomplete);
    r.evidence = visits
        .iter()
        .chain(judgement.iter())
        .chain(liaison.iter())
        .map(|n| n.id)
        .collect();
    r.evidence.sort_unstable();
    r.evidence.dedup();
    Some(r)
}

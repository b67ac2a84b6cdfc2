//! 緊急時等居宅カンファレンス加算 (kasan.md §A.5): at a hospital's or clinic's request, a
//! conference at the client's home with a 医師 or 看護師等. Counted per time, up to the limit.

use super::evidence::{common_missing, list};
use super::{ClientRecords, Ctx, Note, Row, Status, day};

const KEY: &str = "kinkyu";

fn missing(n: &Note) -> Vec<&'static str> {
    let mut m = common_missing(n);
    let f = n.fields.clone().unwrap_or_default();
    if f.requested_by.trim().is_empty() {
        m.push("求めた医療機関");
    }
    if f.medical_attended != Some(true) {
        m.push("医師・看護師等の参加");
    }
    if n.attendees.trim().is_empty() {
        m.push("出席者");
    }
    m
}

pub(super) fn judge(c: &ClientRecords<'_>, ctx: &Ctx<'_>) -> Option<Row> {
    let rule = ctx.rules.on(KEY, ctx.end())?;
    let notes: Vec<&Note> = c
        .notes
        .iter()
        .filter(|n| {
            n.category == "emergency_conference" && n.date() >= ctx.month && n.date() <= ctx.end()
        })
        .collect();
    if notes.is_empty() {
        return None;
    }
    let (done, lacking): (Vec<&Note>, Vec<&Note>) =
        notes.iter().partition(|n| missing(n).is_empty());
    let limit = usize::try_from(rule.limit).unwrap_or(usize::MAX);
    let counted: Vec<&Note> = done.into_iter().take(limit).collect();
    let mut r = if counted.is_empty() {
        let n = lacking[0];
        let mut r = ctx.row(
            c.client.id,
            KEY,
            Status::Incomplete,
            format!(
                "カンファレンス {} の記録に {} がありません",
                day(n.date()),
                list(&missing(n))
            ),
        )?;
        r.evidence = lacking.iter().map(|n| n.id).collect();
        r.fix = Some(super::Fix::Correct(n.id));
        r
    } else {
        let mut r = ctx.row(
            c.client.id,
            KEY,
            Status::Candidate,
            format!(
                "カンファレンス {} 回（{}）{}",
                counted.len(),
                counted
                    .iter()
                    .map(|n| day(n.date()))
                    .collect::<Vec<_>>()
                    .join("・"),
                if lacking.is_empty() {
                    String::new()
                } else {
                    format!("、ほかに記録不足 {} 件", lacking.len())
                }
            ),
        )?;
        r.units = rule.units * u32::try_from(counted.len()).unwrap_or(1);
        r.evidence = counted.iter().map(|n| n.id).collect();
        r
    };
    r.unsure |= rule.unsure;
    Some(r)
}

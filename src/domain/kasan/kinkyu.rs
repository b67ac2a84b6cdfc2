//! 緊急時等居宅カンファレンス加算 (kasan.md §A.5): at a hospital's or clinic's request, a
//! conference at the client's home with a 医師 or 看護師等. Counted per time, up to the limit.

use super::evidence::common_missing;
use super::reason::{Entry, Part, Why};
use super::{ClientRecords, Ctx, Note, Row, Status};

const KEY: &str = "kinkyu";

fn missing(n: &Note) -> Vec<Part> {
    let mut m = common_missing(n);
    let f = n.fields.clone().unwrap_or_default();
    if f.requested_by.trim().is_empty() {
        m.push(Part::RequestingInstitution);
    }
    if f.medical_attended != Some(true) {
        m.push(Part::MedicalAttended);
    }
    if n.attendees.trim().is_empty() {
        m.push(Part::Attendees);
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
            Why::EntryLacks {
                entry: Entry::Conference,
                on: n.date(),
                parts: missing(n),
            },
        )?;
        r.evidence = lacking.iter().map(|n| n.id).collect();
        r.fix = Some(super::Fix::Correct(n.id));
        r
    } else {
        let mut r = ctx.row(
            c.client.id,
            KEY,
            Status::Candidate,
            Why::KinkyuHeld {
                days: counted.iter().map(|n| n.date()).collect(),
                lacking: lacking.len(),
            },
        )?;
        r.units = rule.units * u32::try_from(counted.len()).unwrap_or(1);
        r.evidence = counted.iter().map(|n| n.id).collect();
        r
    };
    r.unsure |= rule.unsure;
    Some(r)
}

//! 通院時情報連携加算 (kasan.md §A.4): the care manager sat in on a 医師's or 歯科医師's
//! consultation, told the doctor and heard from them — both directions on record. One a month.

use super::evidence::common_missing;
use super::reason::{Entry, Part, Why};
use super::{ClientRecords, Ctx, Note, Row, Status};

const KEY: &str = "tsuin";

fn missing(n: &Note) -> Vec<Part> {
    let mut m = common_missing(n);
    let f = n.fields.clone().unwrap_or_default();
    if f.doctor_kind.is_none() {
        m.push(Part::DoctorKind);
    }
    if f.told.trim().is_empty() {
        m.push(Part::ToldDoctor);
    }
    if f.heard.trim().is_empty() {
        m.push(Part::HeardFromDoctor);
    }
    m
}

pub(super) fn judge(c: &ClientRecords<'_>, ctx: &Ctx<'_>) -> Option<Row> {
    let notes: Vec<&Note> = c
        .notes
        .iter()
        .filter(|n| n.category == "outpatient" && n.date() >= ctx.month && n.date() <= ctx.end())
        .collect();
    let (n, m) = notes
        .iter()
        .map(|n| (*n, missing(n)))
        .min_by_key(|(_, m)| m.len())?;
    let mut r = if m.is_empty() {
        ctx.row(
            c.client.id,
            KEY,
            Status::Candidate,
            Why::TsuinAttended { on: n.date() },
        )?
    } else {
        ctx.row(
            c.client.id,
            KEY,
            Status::Incomplete,
            Why::EntryLacks {
                entry: Entry::Outpatient,
                on: n.date(),
                parts: m,
            },
        )?
    };
    r.evidence = vec![n.id];
    if r.status == Status::Incomplete {
        r.fix = Some(super::Fix::Correct(n.id));
    }
    Some(r)
}

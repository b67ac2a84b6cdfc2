//! 入院時情報連携加算 (I)/(II) (kasan.md §A.2). A = the admission day, d = the day the
//! information was given (the entry's date):
//!   (I)  d ≤ A + window(I), or one day later when admitted after hours or on a closed day;
//!   (II) A < d ≤ A + window(II), or one day later when admitted after hours and that last day
//!        is not a business day.
//! When both hold, (I). One a month: the best of the month's admissions. A window that hangs on
//! a day the office's calendar does not know is `CannotJudge`.

use super::evidence::{common_missing, method_missing};
use super::reason::{Entry, Why};
use super::{ClientRecords, Ctx, Fix, Note, Row, Status, Stay};
use chrono::{Days, NaiveDate};

const CATEGORY: &str = "admission_info";

/// Which 区分 an entry on `d` earns for `stay`, None for neither, Err when it hangs on an
/// unknown business day (the day named).
fn division(
    stay: &Stay,
    d: NaiveDate,
    w1: u64,
    w2: u64,
    business: impl Fn(NaiveDate) -> Option<bool>,
) -> Result<Option<&'static str>, NaiveDate> {
    let a = stay.admitted_on;
    let plus = |n: u64| a.checked_add_days(Days::new(n)).unwrap_or(a);
    if d <= plus(w1) {
        return Ok(Some("nyuin_1"));
    }
    if d == plus(w1 + 1) {
        if stay.after_hours {
            return Ok(Some("nyuin_1"));
        }
        match business(a) {
            Some(false) => return Ok(Some("nyuin_1")),
            None => return Err(a),
            Some(true) => {}
        }
    }
    if d <= plus(w2) {
        return Ok(Some("nyuin_2"));
    }
    if d == plus(w2 + 1) && stay.after_hours {
        return match business(plus(w2)) {
            Some(false) => Ok(Some("nyuin_2")),
            Some(true) => Ok(None),
            None => Err(plus(w2)),
        };
    }
    Ok(None)
}

/// The judgement of one admission: (rank for choosing the best, row).
fn of_stay(
    c: &ClientRecords<'_>,
    ctx: &Ctx<'_>,
    stay: &Stay,
    w1: u64,
    w2: u64,
) -> Option<(u8, Row)> {
    let id = c.client.id;
    let notes: Vec<&Note> = c
        .notes
        .iter()
        .filter(|n| {
            n.category == CATEGORY && n.fields.as_ref().and_then(|f| f.stay_id) == Some(stay.id)
        })
        .collect();
    let business = |x: NaiveDate| ctx.office.calendar.is_business_day(x);
    let last_day = {
        let a = stay.admitted_on;
        a.checked_add_days(Days::new(w2 + u64::from(stay.after_hours)))
            .unwrap_or(a)
    };
    let mut found: Vec<(u8, Row)> = Vec::new();
    for n in &notes {
        match division(stay, n.date(), w1, w2, business) {
            Err(unknown) => {
                let mut r = ctx.row(
                    id,
                    "nyuin_1",
                    Status::CannotJudge,
                    Why::UnknownBusinessDay { day: unknown },
                )?;
                r.evidence = vec![n.id];
                r.stay_id = Some(stay.id);
                found.push((4, r));
            }
            Ok(None) => {}
            Ok(Some(key)) => {
                let mut missing = common_missing(n);
                missing.extend(method_missing(n));
                let mut r = if missing.is_empty() {
                    ctx.row(
                        id,
                        key,
                        Status::Candidate,
                        Why::NyuinGiven {
                            admitted: stay.admitted_on,
                            after_hours: stay.after_hours,
                            given: n.date(),
                        },
                    )?
                } else {
                    ctx.row(
                        id,
                        key,
                        Status::Incomplete,
                        Why::EntryLacks {
                            entry: Entry::AdmissionInfo,
                            on: n.date(),
                            parts: missing,
                        },
                    )?
                };
                r.evidence = vec![n.id];
                r.stay_id = Some(stay.id);
                if r.status == Status::Incomplete {
                    r.fix = Some(Fix::Correct(n.id));
                }
                let rank = match (r.status, key) {
                    (Status::Candidate, "nyuin_1") => 0,
                    (Status::Candidate, _) => 1,
                    (_, "nyuin_1") => 2,
                    _ => 3,
                };
                found.push((rank, r));
            }
        }
    }
    if found.is_empty() {
        let mut r = ctx.row(
            id,
            "nyuin_1",
            Status::Incomplete,
            Why::NyuinNoInformation {
                admitted: stay.admitted_on,
                deadline: last_day,
            },
        )?;
        r.by = Some(last_day);
        r.stay_id = Some(stay.id);
        r.fix = Some(Fix::Note {
            category: super::FixCategory(CATEGORY),
            stay_id: Some(stay.id),
        });
        found.push((5, r));
    }
    found.into_iter().min_by_key(|(rank, _)| *rank)
}

pub(super) fn judge(c: &ClientRecords<'_>, ctx: &Ctx<'_>) -> Option<Row> {
    let w1 = u64::from(ctx.rules.on("nyuin_1", ctx.end())?.window_days.unwrap_or(0));
    let w2 = u64::from(ctx.rules.on("nyuin_2", ctx.end())?.window_days.unwrap_or(2));
    let mut best = c
        .stays
        .iter()
        .filter(|s| s.is_hospital() && s.admitted_on >= ctx.month && s.admitted_on <= ctx.end())
        .filter_map(|s| of_stay(c, ctx, s, w1, w2))
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, r)| r);
    if best.is_none() {
        // Information given in the month with no admission on record for it.
        let loose: Vec<i64> = c
            .notes
            .iter()
            .filter(|n| {
                n.category == CATEGORY
                    && n.date() >= ctx.month
                    && n.date() <= ctx.end()
                    && !n
                        .fields
                        .as_ref()
                        .and_then(|f| f.stay_id)
                        .is_some_and(|s| c.stays.iter().any(|x| x.id == s))
            })
            .map(|n| n.id)
            .collect();
        if !loose.is_empty() {
            let mut r = ctx.row(c.client.id, "nyuin_1", Status::Incomplete, Why::NyuinNoStay)?;
            r.evidence = loose;
            r.fix = Some(Fix::NewStay);
            best = Some(r);
        }
    }
    best
}

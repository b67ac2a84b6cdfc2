//! 初回加算 (kasan.md §A.9): a plan made in the month for a new client (no 居宅介護支援
//! provided and claimed in the `lookback_months` before), a 要支援 → 要介護 change, or a change of
//! two or more 要介護 区分. Fails closed: a lookback careplan cannot see is `CannotJudge`.

use super::reason::{Trigger, Why};
use super::{ClientRecords, Ctx, Row, Status, months_before, served_in};
use crate::domain::care_level::CareLevel;
use crate::domain::caseload::certified_level;

const KEY: &str = "shokai";

fn care_rank(l: CareLevel) -> Option<i32> {
    match l {
        CareLevel::Care1 => Some(1),
        CareLevel::Care2 => Some(2),
        CareLevel::Care3 => Some(3),
        CareLevel::Care4 => Some(4),
        CareLevel::Care5 => Some(5),
        _ => None,
    }
}

pub(super) fn judge(c: &ClientRecords<'_>, ctx: &Ctx<'_>) -> Option<Row> {
    let rule = ctx.rules.on(KEY, ctx.end())?;
    let lookback = rule.lookback_months.unwrap_or(2);
    let id = c.client.id;
    let plan = c
        .plans
        .iter()
        .filter(|p| p.plan_date >= ctx.month && p.plan_date <= ctx.end())
        .min_by_key(|p| p.plan_date);
    let starts = c.client.contract_date >= ctx.month && c.client.contract_date <= ctx.end();
    // Only a month with a plan made in it or a contract starting is judged: a continuing
    // client's month is no event (the honobono lesson: never "new" from silence).
    if plan.is_none() && !starts {
        return None;
    }
    let before = ctx.month.pred_opt().unwrap_or(ctx.month);
    let now = certified_level(c.client, ctx.end());
    let was = certified_level(c.client, before);
    let changed = match (was, now) {
        (Some(w), Some(n)) if w.is_support() && n.is_care() => {
            Some(Trigger::SupportToCare { from: w, to: n })
        }
        (Some(w), Some(n)) => match (care_rank(w), care_rank(n)) {
            (Some(a), Some(b)) if (a - b).abs() >= 2 => Some(Trigger::TwoLevels { from: w, to: n }),
            _ => None,
        },
        _ => None,
    };
    let trigger = match changed {
        Some(t) => Ok(t),
        None => {
            let months: Vec<_> = (1..=lookback)
                .map(|n| months_before(ctx.month, n))
                .collect();
            let seen: Vec<Option<bool>> = months
                .iter()
                .map(|m| served_in(c, ctx.office, *m))
                .collect();
            if seen.contains(&Some(true)) {
                Err(Status::Excluded)
            } else if seen.contains(&None) {
                Err(Status::CannotJudge)
            } else {
                Ok(Trigger::New {
                    from: months[months.len() - 1],
                    to: months[0],
                })
            }
        }
    };
    let mut row = match trigger {
        Err(Status::Excluded) => {
            // Only worth saying when the plan was marked 初回.
            if !plan.is_some_and(|p| p.initial) {
                return None;
            }
            ctx.row(id, KEY, Status::Excluded, Why::ShokaiNotNew { lookback })?
        }
        Err(_) => ctx.row(
            id,
            KEY,
            Status::CannotJudge,
            Why::ShokaiCannotTell { lookback },
        )?,
        Ok(trigger) => match plan {
            None => {
                let mut r = ctx.row(id, KEY, Status::Incomplete, Why::ShokaiNoPlan { trigger })?;
                r.by = Some(ctx.end());
                r.fix = Some(super::Fix::Plan);
                r
            }
            Some(p) if p.draft => {
                let mut r = ctx.row(
                    id,
                    KEY,
                    Status::Incomplete,
                    Why::ShokaiDraftPlan {
                        trigger,
                        plan_date: p.plan_date,
                    },
                )?;
                r.by = Some(ctx.end());
                r.plan_id = Some(p.id);
                r.fix = Some(super::Fix::ConfirmPlan);
                r
            }
            Some(p) => {
                let mut r = ctx.row(
                    id,
                    KEY,
                    Status::Candidate,
                    Why::ShokaiPlan {
                        trigger,
                        plan_date: p.plan_date,
                    },
                )?;
                r.plan_id = Some(p.id);
                r
            }
        },
    };
    if row.status != Status::Candidate {
        row.plan_id = row.plan_id.or(plan.map(|p| p.id));
    }
    Some(row)
}

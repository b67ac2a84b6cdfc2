//! Care plans: revisions per client with their service lines. Nothing is deleted, so the
//! history stays visible; which revision is in force is decided by `domain::plan::in_force`
//! (a new one takes over once it is 確定 and its period has started).

use super::{Conflict, Refused, Writer, clean, now_utc};
use crate::domain::care_level::CareLevel;
use crate::domain::dates::{from_iso, iso};
use crate::domain::plan::{PlanDates, PlanKind, PlanStatus};
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanFields {
    pub plan_date: NaiveDate,
    pub first_plan_date: Option<NaiveDate>,
    pub kind: PlanKind,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub care_level: Option<CareLevel>,
    pub consent_date: Option<NaiveDate>,
    pub handed_date: Option<NaiveDate>,
    pub status: PlanStatus,
}

/// One service the plan arranges.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceLine {
    pub provider_id: i64,
    pub service_type: String,
    pub what: String,
    pub frequency: String,
    /// The provider's number and name as listed (ignored when inserting).
    pub office_number: String,
    pub provider_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub id: i64,
    pub client_id: i64,
    #[serde(flatten)]
    pub fields: PlanFields,
    pub lines: Vec<ServiceLine>,
    #[serde(skip)]
    pub version: i64,
}

impl Plan {
    pub fn dates(&self) -> PlanDates {
        PlanDates {
            plan_date: self.fields.plan_date,
            period_from: self.fields.period_from,
            period_to: self.fields.period_to,
            status: self.fields.status,
        }
    }
}

fn opt_date(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(from_iso)
}

/// Every plan, or one client's (`client` = Some), newest plan date first, with their lines.
pub fn list(conn: &Connection, client: Option<i64>) -> Result<Vec<Plan>> {
    let filter = if client.is_some() {
        "WHERE client_id = ?1"
    } else {
        "WHERE ?1 IS NULL"
    };
    let mut lines: HashMap<i64, Vec<ServiceLine>> = HashMap::new();
    let mut st = conn.prepare_cached(&format!(
        "SELECT l.plan_id, l.provider_id, l.service_type, l.what, l.frequency, p.office_number,
                p.name
         FROM plan_service_lines l JOIN providers p ON p.id = l.provider_id
         WHERE l.plan_id IN (SELECT id FROM care_plans {filter}) ORDER BY l.plan_id, l.id"
    ))?;
    for r in st.query_map([client], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ServiceLine {
                provider_id: r.get(1)?,
                service_type: r.get(2)?,
                what: r.get(3)?,
                frequency: r.get(4)?,
                office_number: r.get(5)?,
                provider_name: r.get(6)?,
            },
        ))
    })? {
        let (plan, line) = r?;
        lines.entry(plan).or_default().push(line);
    }
    let mut st = conn.prepare_cached(&format!(
        "SELECT id, client_id, plan_date, first_plan_date, kind, period_from, period_to,
                care_level, consent_date, handed_date, status, version
         FROM care_plans {filter} ORDER BY client_id, plan_date DESC"
    ))?;
    let rows = st.query_map([client], |r| {
        let id: i64 = r.get(0)?;
        Ok(Plan {
            id,
            client_id: r.get(1)?,
            fields: PlanFields {
                plan_date: opt_date(r.get(2)?).unwrap_or_default(),
                first_plan_date: opt_date(r.get(3)?),
                kind: PlanKind::parse(&r.get::<_, String>(4)?).unwrap_or_default(),
                period_from: opt_date(r.get(5)?).unwrap_or_default(),
                period_to: opt_date(r.get(6)?).unwrap_or_default(),
                care_level: r
                    .get::<_, Option<String>>(7)?
                    .as_deref()
                    .and_then(CareLevel::from_code),
                consent_date: opt_date(r.get(8)?),
                handed_date: opt_date(r.get(9)?),
                status: PlanStatus::from_code(&r.get::<_, String>(10)?).unwrap_or_default(),
            },
            lines: Vec::new(),
            version: r.get(11)?,
        })
    })?;
    let mut out: Vec<Plan> = rows.collect::<Result<_, _>>()?;
    for p in &mut out {
        p.lines = lines.remove(&p.id).unwrap_or_default();
    }
    Ok(out)
}

/// The rules a revision about to be saved must meet. `before`: the stored revision it changes
/// (None for a new one): dates already stored out of order are left as they are (`careplan
/// check` lists them) unless the save changes one of them, so that a correction of another
/// field is not blocked by them.
fn check(f: &PlanFields, lines: &[ServiceLine], before: Option<&PlanFields>) -> Result<()> {
    if let Some(l) = lines
        .iter()
        .find(|l| crate::domain::service_types::find(&l.service_type).is_none())
    {
        return Err(Refused(format!(
            "サービス種類コード {} はありません（事業所 {}）。11（訪問介護）のような2桁のコードで入力してください",
            l.service_type, l.office_number
        ))
        .into());
    }
    if f.period_to < f.period_from {
        return Err(Refused(crate::format_tr!(
            "計画期間の終了日 {} が開始日 {} より前です",
            "the plan period's end {} is before its start {}; check the dates",
            iso(f.period_to),
            iso(f.period_from)
        ))
        .into());
    }
    if f.status == PlanStatus::Confirmed && f.consent_date.is_none() {
        return Err(Refused(
            "確定にするには同意日が必要です（同意を得ていなければ「同意待ち」にしてください）"
                .into(),
        )
        .into());
    }
    let dates = |p: &PlanFields| (p.plan_date, p.consent_date, p.handed_date);
    if before.is_none_or(|b| dates(b) != dates(f)) {
        crate::domain::plan::dates_in_order(
            f.plan_date,
            f.consent_date,
            f.handed_date,
            crate::domain::plan::Handover::Client,
        )
        .map_err(|e| Refused(e.to_string()))?;
    }
    Ok(())
}

/// A revision stored with its dates out of order (`domain::plan::dates_in_order`), as
/// `careplan check` lists it: the client's id, the plan date and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfOrder {
    pub id: i64,
    pub client_id: i64,
    pub plan_date: NaiveDate,
    pub why: crate::domain::validation::Invalid,
}

/// Every revision whose stored dates are out of order (they are listed, never changed).
pub fn dates_out_of_order(conn: &Connection) -> Result<Vec<OutOfOrder>> {
    let mut st = conn.prepare(
        "SELECT client_id, plan_date, consent_date, handed_date, id FROM care_plans
         WHERE consent_date IS NOT NULL OR handed_date IS NOT NULL
         ORDER BY client_id, plan_date",
    )?;
    let mut out = Vec::new();
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let Some(plan_date) = opt_date(r.get(1)?) else {
            continue;
        };
        let (consent, handed) = (opt_date(r.get(2)?), opt_date(r.get(3)?));
        let to = crate::domain::plan::Handover::Client;
        if let Err(why) = crate::domain::plan::dates_in_order(plan_date, consent, handed, to) {
            out.push(OutOfOrder {
                id: r.get(4)?,
                client_id: r.get(0)?,
                plan_date,
                why,
            });
        }
    }
    Ok(out)
}

/// Adds a revision with its lines. The revision in force stays in force until this one is
/// 確定 and its period has started (`domain::plan::in_force`).
pub fn insert(
    w: &Writer<'_>,
    client_id: i64,
    f: &PlanFields,
    lines: &[ServiceLine],
) -> Result<i64> {
    check(f, lines, None)?;
    let taken: i64 = w.tx.query_row(
        "SELECT count(*) FROM care_plans WHERE client_id = ?1 AND plan_date = ?2",
        params![client_id, iso(f.plan_date)],
        |r| r.get(0),
    )?;
    if taken > 0 {
        return Err(Refused(format!(
            "この利用者には作成日 {} の計画が既にあります。その版を編集するか、別の作成日にしてください",
            iso(f.plan_date)
        ))
        .into());
    }
    write_plan(w, client_id, f, lines, "insert")
}

/// Adds a revision moved in from another system as history: 確定 or 差し替え without consent
/// or hand-over dates (none is exported; before 記録開始日 they read 導入前（記録なし）).
/// Everything else is checked as for `insert`.
pub fn insert_history(
    w: &Writer<'_>,
    client_id: i64,
    f: &PlanFields,
    lines: &[ServiceLine],
) -> Result<i64> {
    let mut checked = f.clone();
    // The consent rule is for revisions made here; a moved-in one has no date to give.
    checked.status = PlanStatus::Superseded;
    check(&checked, lines, None)?;
    // None is exported: the dates stay empty whatever the fields say.
    let history = PlanFields {
        consent_date: None,
        handed_date: None,
        ..f.clone()
    };
    write_plan(w, client_id, &history, lines, "migrate")
}

/// Writes one checked revision with its service lines, audited as `action`.
fn write_plan(
    w: &Writer<'_>,
    client_id: i64,
    f: &PlanFields,
    lines: &[ServiceLine],
    action: &str,
) -> Result<i64> {
    // Compiled once per connection: imports and the demo write revisions by the thousand.
    w.tx.prepare_cached(
        "INSERT INTO care_plans (client_id, plan_date, first_plan_date, kind, period_from,
             period_to, care_level, consent_date, handed_date, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        client_id,
        iso(f.plan_date),
        f.first_plan_date.map(iso),
        f.kind.code(),
        iso(f.period_from),
        iso(f.period_to),
        f.care_level.map(|l| l.code()),
        f.consent_date.map(iso),
        f.handed_date.map(iso),
        f.status.code(),
        now_utc()
    ])?;
    let id = w.tx.last_insert_rowid();
    write_lines(w, id, lines)?;
    w.audit(
        "care_plan",
        Some(id),
        action,
        None,
        Some(&serde_json::json!({"client_id": client_id, "plan": f, "lines": lines})),
    )?;
    Ok(id)
}

fn write_lines(w: &Writer<'_>, plan: i64, lines: &[ServiceLine]) -> Result<()> {
    for l in lines {
        w.tx.prepare_cached(
            "INSERT INTO plan_service_lines (plan_id, provider_id, service_type, what, frequency)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            plan,
            l.provider_id,
            l.service_type,
            clean(&l.what),
            clean(&l.frequency)
        ])?;
    }
    Ok(())
}

/// One revision read inside the write (None: gone).
fn one(w: &Writer<'_>, id: i64) -> Result<Option<Plan>> {
    let client_id: Option<i64> =
        w.tx.query_row(
            "SELECT client_id FROM care_plans WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match client_id {
        Some(c) => list(&w.tx, Some(c))?.into_iter().find(|p| p.id == id),
        None => None,
    })
}

/// Edits revision `id` (kind, dates, period, service lines) if nobody changed it since
/// `version` was read. A 下書き or 同意待ち revision is edited freely; a 確定 one only as a
/// recorded correction with its reason; 終了 and 差し替え are history (`domain::plan::editable`).
/// The status is moved with `set_status`, not here.
pub fn edit(
    w: &Writer<'_>,
    id: i64,
    version: i64,
    f: &PlanFields,
    lines: &[ServiceLine],
    reason: Option<&str>,
) -> Result<()> {
    let Some(before) = one(w, id)? else {
        return Err(Conflict { entity: "計画" }.into());
    };
    let reason = reason.map(clean).filter(|r| !r.is_empty());
    crate::domain::plan::editable(before.fields.status, reason.is_some())
        .map_err(|e| Refused(e.to_string()))?;
    let mut after = f.clone();
    after.status = before.fields.status;
    // A form that does not offer the care level or a line's content keeps what was stored.
    after.care_level = after.care_level.or(before.fields.care_level);
    let lines: Vec<ServiceLine> = lines
        .iter()
        .map(|l| {
            let mut l = l.clone();
            if l.what.is_empty()
                && let Some(old) = before
                    .lines
                    .iter()
                    .find(|o| o.provider_id == l.provider_id && o.service_type == l.service_type)
            {
                l.what = old.what.clone();
            }
            l
        })
        .collect();
    let lines = lines.as_slice();
    check(&after, lines, Some(&before.fields))?;
    if after.plan_date != before.fields.plan_date {
        let taken: i64 = w.tx.query_row(
            "SELECT count(*) FROM care_plans WHERE client_id = ?1 AND plan_date = ?2 AND id <> ?3",
            params![before.client_id, iso(after.plan_date), id],
            |r| r.get(0),
        )?;
        if taken > 0 {
            return Err(Refused(format!(
                "この利用者には作成日 {} の計画が既にあります。別の作成日にしてください",
                iso(after.plan_date)
            ))
            .into());
        }
    }
    w.claim_version("care_plans", "計画", id, version)?;
    w.tx.execute(
        "UPDATE care_plans SET plan_date = ?2, first_plan_date = ?3, kind = ?4, period_from = ?5,
             period_to = ?6, care_level = ?7, consent_date = ?8, handed_date = ?9
         WHERE id = ?1",
        params![
            id,
            iso(after.plan_date),
            after.first_plan_date.map(iso),
            after.kind.code(),
            iso(after.period_from),
            iso(after.period_to),
            after.care_level.map(|l| l.code()),
            after.consent_date.map(iso),
            after.handed_date.map(iso)
        ],
    )?;
    w.tx.execute("DELETE FROM plan_service_lines WHERE plan_id = ?1", [id])?;
    write_lines(w, id, lines)?;
    w.audit(
        "care_plan",
        Some(id),
        if reason.is_some() { "correct" } else { "edit" },
        Some(&serde_json::json!({"plan": before.fields, "lines": before.lines})),
        Some(&serde_json::json!({"plan": after, "lines": lines, "reason": reason})),
    )
}

/// Moves a revision along its status flow (consent and hand-over dates with it), if nobody
/// else changed it since `version` was read.
pub fn set_status(
    w: &Writer<'_>,
    id: i64,
    version: i64,
    status: PlanStatus,
    consent_date: Option<NaiveDate>,
    handed_date: Option<NaiveDate>,
) -> Result<()> {
    let Some(before) = one(w, id)? else {
        return Err(Conflict { entity: "計画" }.into());
    };
    let mut after = before.fields.clone();
    after.status = status;
    after.consent_date = consent_date;
    after.handed_date = handed_date;
    check(&after, &[], Some(&before.fields))?;
    w.claim_version("care_plans", "計画", id, version)?;
    w.tx.execute(
        "UPDATE care_plans SET status = ?2, consent_date = ?3, handed_date = ?4 WHERE id = ?1",
        params![
            id,
            status.code(),
            consent_date.map(iso),
            handed_date.map(iso)
        ],
    )?;
    w.audit(
        "care_plan",
        Some(id),
        "status",
        Some(&serde_json::to_value(&before.fields)?),
        Some(&serde_json::to_value(&after)?),
    )
}

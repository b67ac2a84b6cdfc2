//! Enrollment in the data exchange: the office's own status and settings, every provider's
//! observations and the outreach to them, and the overview the 加入 screen and the report show.

use super::deliveries::{Arrangements, month_pairs};
use super::{Conflict, Refused, Writer, clean, now_utc};
use crate::domain::caseload::Period;
use crate::domain::channel::Channel;
use crate::domain::dates::month_start;
use crate::domain::dates::{from_iso, iso};
use crate::domain::enrollment::{
    Candidate, ExchangeSystem, ExchangeUse, Expiry, Observation, PaperCosts, ProviderStatus,
    Source, Stage, Standing, ask_first, asks_web_confirmation, current, in_use_periods,
};
use chrono::{Months, NaiveDate};
use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(from_iso)
}

/// One row of the office's exchange status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusRow {
    pub from: NaiveDate,
    pub status: ExchangeUse,
    /// The system it is on: the old client, the WEB service or an approved equivalent.
    pub system: ExchangeSystem,
    pub note: String,
}

/// The office's exchange status history, oldest first.
pub fn exchange_history(conn: &Connection) -> Result<Vec<StatusRow>> {
    let mut st = conn.prepare_cached(
        "SELECT effective_from, status, system, note FROM office_exchange_status
         ORDER BY effective_from, id",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for r in rows {
        let (d, s, system, note) = r?;
        if let (Some(from), Some(status), Some(system)) = (
            from_iso(&d),
            ExchangeUse::from_code(&s),
            ExchangeSystem::from_code(&system),
        ) {
            out.push(StatusRow {
                from,
                status,
                system,
                note,
            });
        }
    }
    Ok(out)
}

/// The periods the office used the exchange, derived from the status history and the move's
/// date in the calendar (the old client's use ends there; the WEB service's counts).
pub fn exchange_use_periods(conn: &Connection) -> Result<Vec<Period>> {
    let h: Vec<(NaiveDate, ExchangeUse, ExchangeSystem)> = exchange_history(conn)?
        .into_iter()
        .map(|r| (r.from, r.status, r.system))
        .collect();
    Ok(in_use_periods(&h, super::calendar::move_date(conn)?))
}

/// Records a status of the office's exchange use on a system from a date (replacing one of
/// the same date).
pub fn add_exchange_status(
    w: &Writer<'_>,
    status: ExchangeUse,
    system: ExchangeSystem,
    from: NaiveDate,
    note: &str,
) -> Result<()> {
    w.tx.execute(
        "DELETE FROM office_exchange_status WHERE effective_from = ?1",
        [iso(from)],
    )?;
    w.tx.execute(
        "INSERT INTO office_exchange_status (status, system, effective_from, note, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            status.code(),
            system.code(),
            iso(from),
            clean(note),
            now_utc()
        ],
    )?;
    w.audit(
        "office_exchange_status",
        None,
        "add",
        None,
        Some(&serde_json::json!({"status": status.code(), "system": system.code(), "from": iso(from)})),
    )
}

/// `office set --exchange-from/--exchange-until`: one period in use (None clears the history).
/// Rows of 申請中・未申請 are kept.
pub fn set_exchange_use_period(w: &Writer<'_>, period: Option<Period>) -> Result<()> {
    match period {
        None => {
            w.tx.execute("DELETE FROM office_exchange_status", [])?;
        }
        Some(p) => {
            w.tx.execute(
                "DELETE FROM office_exchange_status WHERE status IN ('in_use', 'stopped')",
                [],
            )?;
            let system = ExchangeSystem::Client;
            add_exchange_status(w, ExchangeUse::InUse, system, p.from, "")?;
            if let Some(until) = p.until.and_then(|u| u.succ_opt()) {
                add_exchange_status(w, ExchangeUse::Stopped, system, until, "")?;
            }
        }
    }
    Ok(())
}

/// The office's licence, free pass, certificate, client PC and pledge.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OfficeExchange {
    pub licence_applied_on: Option<NaiveDate>,
    pub licence_valid_until: Option<NaiveDate>,
    pub auto_renewal: bool,
    pub free_pass_from: Option<NaiveDate>,
    pub free_pass_until: Option<NaiveDate>,
    pub certificate_type: String,
    pub certificate_expiry: Option<NaiveDate>,
    pub client_pc: String,
    pub pledge_on: Option<NaiveDate>,
    /// The day the office registered for the WEB service.
    pub web_registered_on: Option<NaiveDate>,
    #[serde(skip)]
    pub version: i64,
}

pub fn office_exchange(conn: &Connection) -> Result<OfficeExchange> {
    Ok(conn.query_row(
        "SELECT licence_applied_on, licence_valid_until, auto_renewal, free_pass_from,
                free_pass_until, certificate_type, certificate_expiry, client_pc, pledge_on, version,
                web_registered_on
         FROM office_exchange WHERE id = 1",
        [],
        |r| {
            Ok(OfficeExchange {
                licence_applied_on: date(r.get(0)?),
                licence_valid_until: date(r.get(1)?),
                auto_renewal: r.get(2)?,
                free_pass_from: date(r.get(3)?),
                free_pass_until: date(r.get(4)?),
                certificate_type: r.get(5)?,
                certificate_expiry: date(r.get(6)?),
                client_pc: r.get(7)?,
                pledge_on: date(r.get(8)?),
                version: r.get(9)?,
                web_registered_on: date(r.get(10)?),
            })
        },
    )?)
}

/// Saves the office's exchange settings if nobody changed them since `version` was read.
pub fn set_office_exchange(w: &Writer<'_>, o: &OfficeExchange, version: i64) -> Result<()> {
    let before = office_exchange(&w.tx)?;
    if before.version != version {
        return Err(Conflict {
            entity: "事業所の連携情報",
        }
        .into());
    }
    w.tx.execute(
        "UPDATE office_exchange SET licence_applied_on = ?1, licence_valid_until = ?2,
             auto_renewal = ?3, free_pass_from = ?4, free_pass_until = ?5, certificate_type = ?6,
             certificate_expiry = ?7, client_pc = ?8, pledge_on = ?9, web_registered_on = ?10,
             version = version + 1
         WHERE id = 1",
        params![
            o.licence_applied_on.map(iso),
            o.licence_valid_until.map(iso),
            o.auto_renewal,
            o.free_pass_from.map(iso),
            o.free_pass_until.map(iso),
            clean(&o.certificate_type),
            o.certificate_expiry.map(iso),
            clean(&o.client_pc),
            o.pledge_on.map(iso),
            o.web_registered_on.map(iso)
        ],
    )?;
    w.audit(
        "office_exchange",
        Some(1),
        "update",
        Some(&serde_json::to_value(&before)?),
        Some(&serde_json::to_value(o)?),
    )
}

/// Whether the old client's licence, free pass and client PC still matter on `today`: not
/// from the move (the WEB service has no fee and no client software).
pub fn before_move(today: NaiveDate, move_on: Option<NaiveDate>) -> bool {
    move_on.is_none_or(|m| today < m)
}

/// The dates that end something the office depends on, on `today`. A licence that renews
/// itself does not expire; a free pass end is warned of when the office has entered one. The
/// licence and the free pass
/// stop mattering at the move (`move_on`): neither is warned of from then, nor one ending on or
/// after it. The certificate stays (the WEB service logs in with it).
pub fn expiries(o: &OfficeExchange, today: NaiveDate, move_on: Option<NaiveDate>) -> Vec<Expiry> {
    let mut out = Vec::new();
    let old_client = |on: NaiveDate| before_move(today, move_on) && before_move(on, move_on);
    if let (Some(on), false) = (o.licence_valid_until, o.auto_renewal)
        && old_client(on)
    {
        out.push(Expiry {
            what_ja: "連携システムのライセンス期限",
            what_en: "exchange licence ends",
            on,
        });
    }
    if let Some(on) = o.free_pass_until
        && old_client(on)
    {
        out.push(Expiry {
            what_ja: "フリーパス（ライセンス料無料）の終了",
            what_en: "free pass ends",
            on,
        });
    }
    if let Some(on) = o.certificate_expiry {
        out.push(Expiry {
            what_ja: "電子証明書の有効期限",
            what_en: "certificate expires",
            on,
        });
    }
    out
}

/// Every provider's observations, by provider.
pub fn observations(conn: &Connection) -> Result<HashMap<i64, Vec<Observation>>> {
    let mut st = conn.prepare_cached(
        "SELECT id, provider_id, status, source, observed_on, note, system FROM provider_enrollment
         WHERE withdrawn_at IS NULL ORDER BY provider_id, observed_on, id",
    )?;
    let mut out: HashMap<i64, Vec<Observation>> = HashMap::new();
    for r in st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })? {
        let (id, provider, status, source, on, note, system) = r?;
        if let (Some(status), Some(source), Some(observed_on), Some(system)) = (
            ProviderStatus::from_code(&status),
            Source::from_code(&source),
            from_iso(&on),
            ExchangeSystem::from_code(&system),
        ) {
            out.entry(provider).or_default().push(Observation {
                id,
                status,
                source,
                system,
                observed_on,
                note,
            });
        }
    }
    Ok(out)
}

/// What was observed of a provider's enrollment: status, source, system, date, note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    pub status: ProviderStatus,
    pub source: Source,
    pub system: ExchangeSystem,
    pub on: NaiveDate,
    pub note: String,
}

pub fn record_observation(w: &Writer<'_>, provider: i64, o: &Observed) -> Result<()> {
    w.tx.execute(
        "INSERT INTO provider_enrollment (provider_id, status, source, system, observed_on, note,
             recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            provider,
            o.status.code(),
            o.source.code(),
            o.system.code(),
            iso(o.on),
            clean(&o.note),
            now_utc()
        ],
    )?;
    w.audit(
        "provider_enrollment",
        Some(provider),
        "observe",
        None,
        Some(
            &serde_json::json!({"status": o.status.code(), "source": o.source.code(),
            "system": o.system.code(), "on": iso(o.on)}),
        ),
    )
}

/// What follows from recording a provider as enrolled: its channel still paper (with the
/// provider's version, so a change made meanwhile in another session is not overwritten) and
/// its open follow-up (the latest outreach entry's next date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowThrough {
    pub provider_id: i64,
    pub name: String,
    pub office_number: String,
    /// The day it was observed enrolled: the closing outreach entry's date.
    pub on: NaiveDate,
    /// The provider's version when it was not yet on 連携; None when it already is.
    pub switch_channel: Option<i64>,
    /// The open follow-up's date; None when there is none.
    pub open_follow_up: Option<NaiveDate>,
}

/// After an observation of 加入済み: what is left to follow through, or None when nothing is
/// (already on 連携 and no open follow-up, or the provider is gone).
pub fn follow_through(
    conn: &Connection,
    provider_id: i64,
    on: NaiveDate,
) -> Result<Option<FollowThrough>> {
    let Some(p) = super::providers::get(conn, provider_id)? else {
        return Ok(None);
    };
    let open_follow_up = activities(conn)?
        .remove(&provider_id)
        .and_then(|a| a.last().and_then(|a| a.next_follow_up));
    let switch_channel = (p.fields.preferred_channel != Channel::Exchange).then_some(p.version);
    if switch_channel.is_none() && open_follow_up.is_none() {
        return Ok(None);
    }
    Ok(Some(FollowThrough {
        provider_id,
        name: p.fields.name,
        office_number: p.fields.office_number.to_string(),
        on,
        switch_channel,
        open_follow_up,
    }))
}

/// The outreach entry that closes a provider's follow-ups once it is enrolled.
pub const CLOSING_METHOD: &str = "記録";
pub const CLOSING_OUTCOME: &str = "加入済みを確認、フォローを完了";

/// Follows through in one write: the provider's channel becomes 連携 (refused with a
/// `Conflict` when the provider changed since `follow_through` read it) and its open
/// follow-up is closed by an outreach entry at stage 加入済み with no next date. Both are
/// audited (a provider update and an outreach entry).
pub fn complete_enrollment(w: &Writer<'_>, f: &FollowThrough) -> Result<()> {
    if let Some(version) = f.switch_channel {
        let Some(p) = super::providers::get(&w.tx, f.provider_id)? else {
            return Err(Conflict {
                entity: "事業所"
            }
            .into());
        };
        let mut fields = p.fields;
        fields.preferred_channel = Channel::Exchange;
        super::providers::update(w, f.provider_id, version, &fields)?;
    }
    if f.open_follow_up.is_some() {
        add_activity(
            w,
            &Activity {
                provider_id: f.provider_id,
                on_date: f.on,
                method: CLOSING_METHOD.into(),
                who: String::new(),
                said: String::new(),
                outcome: CLOSING_OUTCOME.into(),
                stage: Stage::Enrolled,
                next_follow_up: None,
            },
        )?;
    }
    Ok(())
}

/// One contact with a provider about joining.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    pub provider_id: i64,
    pub on_date: NaiveDate,
    pub method: String,
    pub who: String,
    pub said: String,
    pub outcome: String,
    pub stage: Stage,
    pub next_follow_up: Option<NaiveDate>,
}

pub fn activities(conn: &Connection) -> Result<HashMap<i64, Vec<Activity>>> {
    let mut st = conn.prepare_cached(
        "SELECT provider_id, on_date, method, who, said, outcome, stage, next_follow_up
         FROM outreach_activities WHERE withdrawn_at IS NULL ORDER BY provider_id, on_date, id",
    )?;
    let mut out: HashMap<i64, Vec<Activity>> = HashMap::new();
    for r in st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })? {
        let (provider_id, on, method, who, said, outcome, stage, next) = r?;
        if let (Some(on_date), Some(stage)) = (from_iso(&on), Stage::from_code(&stage)) {
            out.entry(provider_id).or_default().push(Activity {
                provider_id,
                on_date,
                method,
                who,
                said,
                outcome,
                stage,
                next_follow_up: date(next),
            });
        }
    }
    Ok(out)
}

pub fn add_activity(w: &Writer<'_>, a: &Activity) -> Result<()> {
    w.tx.execute(
        "INSERT INTO outreach_activities (provider_id, on_date, method, who, said, outcome, stage,
             next_follow_up, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            a.provider_id,
            iso(a.on_date),
            clean(&a.method),
            clean(&a.who),
            clean(&a.said),
            clean(&a.outcome),
            a.stage.code(),
            a.next_follow_up.map(iso),
            now_utc()
        ],
    )?;
    w.audit(
        "outreach",
        Some(a.provider_id),
        "add",
        None,
        Some(&serde_json::to_value(a)?),
    )
}

/// An observation with its provider, as `careplan enrollment observations` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservationRow {
    pub provider_id: i64,
    pub office_number: String,
    pub provider_name: String,
    pub observation: Observation,
    pub version: i64,
}

/// Observations not withdrawn, of every provider or one (`provider` = Some).
pub fn observation_rows(conn: &Connection, provider: Option<i64>) -> Result<Vec<ObservationRow>> {
    let mut st = conn.prepare_cached(
        "SELECT e.id, e.provider_id, p.office_number, p.name, e.status, e.source, e.observed_on,
                e.note, e.version, e.system
         FROM provider_enrollment e JOIN providers p ON p.id = e.provider_id
         WHERE e.withdrawn_at IS NULL AND (?1 IS NULL OR e.provider_id = ?1)
         ORDER BY p.office_number, e.observed_on, e.id",
    )?;
    let mut out = Vec::new();
    for r in st.query_map([provider], |r| {
        Ok((
            (r.get::<_, i64>(0)?, r.get::<_, i64>(1)?),
            (r.get::<_, String>(2)?, r.get::<_, String>(3)?),
            (r.get::<_, String>(4)?, r.get::<_, String>(5)?),
            (r.get::<_, String>(6)?, r.get::<_, String>(7)?),
            (r.get::<_, i64>(8)?, r.get::<_, String>(9)?),
        ))
    })? {
        let (
            (id, provider_id),
            (office_number, provider_name),
            (status, source),
            (on, note),
            (v, system),
        ) = r?;
        if let (Some(status), Some(source), Some(observed_on), Some(system)) = (
            ProviderStatus::from_code(&status),
            Source::from_code(&source),
            from_iso(&on),
            ExchangeSystem::from_code(&system),
        ) {
            out.push(ObservationRow {
                provider_id,
                office_number,
                provider_name,
                observation: Observation {
                    id,
                    status,
                    source,
                    system,
                    observed_on,
                    note,
                },
                version: v,
            });
        }
    }
    Ok(out)
}

fn observation_row(conn: &Connection, id: i64) -> Result<ObservationRow> {
    let provider: Option<i64> = conn
        .query_row(
            "SELECT provider_id FROM provider_enrollment WHERE id = ?1 AND withdrawn_at IS NULL",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    provider
        .map(|p| observation_rows(conn, Some(p)))
        .transpose()?
        .and_then(|rows| rows.into_iter().find(|r| r.observation.id == id))
        .ok_or_else(|| {
            Refused(crate::format_tr!(
                "加入状況の記録 id {id} はありません（取り消し済みか、番号の誤り）。careplan enrollment observations で id を確かめてください", "no enrollment observation with id {id} (withdrawn, or a wrong number); check the id with careplan enrollment observations"
            ))
            .into()
        })
}

/// Corrects observation `id` (status, source, system, date, note), with the reason.
pub fn correct_observation(w: &Writer<'_>, id: i64, o: &Observed, reason: &str) -> Result<()> {
    let reason = super::reason_required(reason, "加入状況の記録", "訂正")?;
    let before = observation_row(&w.tx, id)?;
    let Observed {
        status,
        source,
        system,
        on,
        note,
    } = o;
    w.tx.execute(
        "UPDATE provider_enrollment SET status = ?2, source = ?3, observed_on = ?4, note = ?5,
             system = ?6, version = version + 1
         WHERE id = ?1",
        params![
            id,
            status.code(),
            source.code(),
            iso(*on),
            clean(note),
            system.code()
        ],
    )?;
    w.audit(
        "provider_enrollment",
        Some(id),
        "correct",
        Some(&serde_json::to_value(&before)?),
        Some(&serde_json::json!({
            "provider_id": before.provider_id, "status": status.code(), "source": source.code(),
            "system": system.code(), "on": iso(*on), "note": clean(note), "reason": reason
        })),
    )
}

/// Withdraws observation `id` (recorded by mistake), with the reason.
pub fn withdraw_observation(w: &Writer<'_>, id: i64, reason: &str) -> Result<()> {
    let reason = super::reason_required(reason, "加入状況の記録", "取り消し")?;
    let before = observation_row(&w.tx, id)?;
    w.withdraw_row(
        "provider_enrollment",
        "provider_enrollment",
        id,
        &reason,
        &before,
    )
}

/// An outreach entry with its id and provider, as `careplan enrollment outreach-log` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityRow {
    pub id: i64,
    pub office_number: String,
    pub provider_name: String,
    #[serde(flatten)]
    pub activity: Activity,
    pub version: i64,
}

/// Outreach entries not withdrawn, of every provider or one (`provider` = Some).
pub fn activity_rows(conn: &Connection, provider: Option<i64>) -> Result<Vec<ActivityRow>> {
    let mut st = conn.prepare_cached(
        "SELECT a.id, p.office_number, p.name, a.provider_id, a.on_date, a.method, a.who,
                a.said, a.outcome, a.stage, a.next_follow_up, a.version
         FROM outreach_activities a JOIN providers p ON p.id = a.provider_id
         WHERE a.withdrawn_at IS NULL AND (?1 IS NULL OR a.provider_id = ?1)
         ORDER BY p.office_number, a.on_date, a.id",
    )?;
    let mut out = Vec::new();
    for r in st.query_map([provider], |r| {
        Ok((
            (
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ),
            (r.get::<_, i64>(3)?, r.get::<_, String>(4)?),
            (
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
            ),
            (r.get::<_, String>(9)?, r.get::<_, Option<String>>(10)?),
            r.get::<_, i64>(11)?,
        ))
    })? {
        let ((id, office_number, provider_name), (provider_id, on), texts, (stage, next), v) = r?;
        let (method, who, said, outcome) = texts;
        if let (Some(on_date), Some(stage)) = (from_iso(&on), Stage::from_code(&stage)) {
            out.push(ActivityRow {
                id,
                office_number,
                provider_name,
                activity: Activity {
                    provider_id,
                    on_date,
                    method,
                    who,
                    said,
                    outcome,
                    stage,
                    next_follow_up: date(next),
                },
                version: v,
            });
        }
    }
    Ok(out)
}

fn activity_row(conn: &Connection, id: i64) -> Result<ActivityRow> {
    let provider: Option<i64> = conn
        .query_row(
            "SELECT provider_id FROM outreach_activities WHERE id = ?1 AND withdrawn_at IS NULL",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    provider
        .map(|p| activity_rows(conn, Some(p)))
        .transpose()?
        .and_then(|rows| rows.into_iter().find(|r| r.id == id))
        .ok_or_else(|| {
            Refused(crate::format_tr!(
                "働きかけの記録 id {id} はありません（取り消し済みか、番号の誤り）。careplan enrollment outreach-log で id を確かめてください", "no outreach entry with id {id} (withdrawn, or a wrong number); check the id with careplan enrollment outreach-log"
            ))
            .into()
        })
}

/// Corrects outreach entry `id` to `a` (its provider stays), with the reason.
pub fn correct_activity(w: &Writer<'_>, id: i64, a: &Activity, reason: &str) -> Result<()> {
    let reason = super::reason_required(reason, "働きかけの記録", "訂正")?;
    let before = activity_row(&w.tx, id)?;
    w.tx.execute(
        "UPDATE outreach_activities SET on_date = ?2, method = ?3, who = ?4, said = ?5,
             outcome = ?6, stage = ?7, next_follow_up = ?8, version = version + 1
         WHERE id = ?1",
        params![
            id,
            iso(a.on_date),
            clean(&a.method),
            clean(&a.who),
            clean(&a.said),
            clean(&a.outcome),
            a.stage.code(),
            a.next_follow_up.map(iso)
        ],
    )?;
    let mut after = serde_json::to_value(a)?;
    after["provider_id"] = before.activity.provider_id.into();
    after["reason"] = reason.into();
    w.audit(
        "outreach",
        Some(id),
        "correct",
        Some(&serde_json::to_value(&before)?),
        Some(&after),
    )
}

/// Withdraws outreach entry `id` (recorded by mistake), with the reason.
pub fn withdraw_activity(w: &Writer<'_>, id: i64, reason: &str) -> Result<()> {
    let reason = super::reason_required(reason, "働きかけの記録", "取り消し")?;
    let before = activity_row(&w.tx, id)?;
    w.withdraw_row("outreach_activities", "outreach", id, &reason, &before)
}

/// One provider on the 加入 screen and in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProviderEnrollment {
    pub provider_id: i64,
    pub office_number: String,
    pub name: String,
    pub service_types: Vec<String>,
    pub channel: Channel,
    pub current: Option<Observation>,
    /// Where it stands across the move (to be re-confirmed, registration unconfirmed).
    #[serde(skip)]
    pub standing: Standing,
    /// Enrolled, with its WEB-service registration to be confirmed now (ask first ranks it).
    pub confirm_web: bool,
    pub observations: Vec<Observation>,
    pub activities: Vec<Activity>,
    /// The pipeline stage: the latest contact's, or enrolled once observed enrolled.
    pub stage: Stage,
    pub next_follow_up: Option<NaiveDate>,
    pub active_clients: usize,
    /// Schedules a month sent on paper (not through the exchange).
    pub paper_per_month: usize,
}

impl ProviderEnrollment {
    pub fn status(&self) -> Option<ProviderStatus> {
        self.current.as_ref().map(|o| o.status)
    }
    /// The status as shown: 「加入済み（要再確認）」 after the move on the old system,
    /// 「加入済み（WEB未確認）」 while its WEB-service registration is to be confirmed.
    pub fn status_label(&self, lang: crate::domain::Lang) -> String {
        let base = self
            .status()
            .map_or(lang.pick("不明", "unknown"), |s| s.label(lang));
        if self.standing.reconfirm {
            format!("{base}{}", lang.pick("（要再確認）", " (re-confirm)"))
        } else if self.confirm_web {
            format!("{base}{}", lang.pick("（WEB未確認）", " (WEB unconfirmed)"))
        } else {
            base.to_string()
        }
    }
    /// The status in the list's column (at most 9 columns): 「要再確認」 enrolled on the old
    /// system and to be re-confirmed, 「WEB未確認」 its WEB registration unconfirmed; the
    /// panel shows `status_label` in full.
    pub fn status_short(&self, lang: crate::domain::Lang) -> String {
        if self.standing.reconfirm {
            lang.pick("要再確認", "recheck").to_string()
        } else if self.confirm_web {
            lang.pick("WEB未確認", "WEB?").to_string()
        } else {
            self.status()
                .map_or(lang.pick("不明", "unknown"), |s| s.short(lang))
                .to_string()
        }
    }
    /// Enrolled, and not to be re-confirmed after the move.
    pub fn is_enrolled(&self) -> bool {
        self.standing.is_enrolled()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Coverage {
    /// Providers serving at least one active client this month.
    pub providers: usize,
    pub enrolled: usize,
    /// Client–provider pairs this month, and those with an enrolled provider.
    pub client_links: usize,
    pub enrolled_links: usize,
    /// (month YYYY-MM, deliveries, through the exchange), the last six months, oldest first.
    pub trend: Vec<(String, usize, usize)>,
    /// What paper costs a month now, and what it would if the first N of the ask-first list
    /// joined.
    pub paper_yen_per_month: u64,
    pub savings_if_top_join: u64,
    pub top_n: usize,
}

impl Coverage {
    pub fn percent(part: usize, whole: usize) -> f64 {
        if whole == 0 {
            0.0
        } else {
            (part as f64 * 1000.0 / whole as f64).round() / 10.0
        }
    }
}

/// Everything the 加入 screen and the report show, for `today`.
pub fn overview(
    conn: &Connection,
    today: NaiveDate,
    costs: &PaperCosts,
    top_n: usize,
) -> Result<(Vec<ProviderEnrollment>, Coverage)> {
    let month = month_start(today);
    // This month's providers only: the revisions that could be in force in it.
    let arrangements = Arrangements::load_span(conn, month, month)?;
    let cells = month_pairs(conn, month, &arrangements)?;
    let mut clients_of: HashMap<i64, HashSet<i64>> = HashMap::new();
    for (client, provider) in &cells {
        clients_of.entry(*provider).or_default().insert(*client);
    }
    let mut per_provider_cells: HashMap<i64, usize> = HashMap::new();
    for (_, provider) in &cells {
        *per_provider_cells.entry(*provider).or_default() += 1;
    }
    let mut obs = observations(conn)?;
    let mut acts = activities(conn)?;
    let calendar = super::calendar::in_force(conn)?;
    let move_on = crate::domain::calendar::move_date(&calendar);
    let confirm_now = asks_web_confirmation(
        today,
        crate::domain::calendar::item(&calendar, crate::domain::calendar::WEB_REGISTRATION)
            .map(|x| x.date),
    );
    let mut rows = Vec::new();
    for p in super::providers::list(conn)? {
        let observations = obs.remove(&p.id).unwrap_or_default();
        let current = current(&observations).cloned();
        let standing = Standing::of(&observations, today, move_on);
        let activities = acts.remove(&p.id).unwrap_or_default();
        let enrolled = standing.is_enrolled();
        let stage = if enrolled {
            Stage::Enrolled
        } else {
            activities
                .last()
                .map(|a| a.stage)
                .unwrap_or(Stage::NotAsked)
        };
        let next_follow_up = activities.last().and_then(|a| a.next_follow_up);
        let channel = p.fields.preferred_channel;
        let cells = per_provider_cells.get(&p.id).copied().unwrap_or(0);
        rows.push(ProviderEnrollment {
            provider_id: p.id,
            office_number: p.fields.office_number.to_string(),
            name: p.fields.name,
            service_types: p.fields.service_types,
            channel,
            current,
            standing,
            confirm_web: confirm_now && standing.web_unconfirmed(),
            observations,
            activities,
            stage,
            next_follow_up,
            active_clients: clients_of.get(&p.id).map(HashSet::len).unwrap_or(0),
            paper_per_month: if channel == Channel::Exchange {
                0
            } else {
                cells
            },
        });
    }
    let serving: Vec<&ProviderEnrollment> = rows.iter().filter(|r| r.active_clients > 0).collect();
    let paper_yen = |r: &ProviderEnrollment| match r.channel {
        Channel::Exchange => 0,
        Channel::Fax => costs.monthly_yen(r.paper_per_month, 0, 0),
        Channel::Post => costs.monthly_yen(0, r.paper_per_month, 0),
        _ => costs.monthly_yen(0, 0, r.paper_per_month),
    };
    let top: HashSet<i64> = ask_first(&candidates(&rows))
        .iter()
        .take(top_n)
        .map(|c| c.provider_id)
        .collect();
    let mut coverage = Coverage {
        providers: serving.len(),
        enrolled: serving.iter().filter(|r| r.is_enrolled()).count(),
        client_links: serving.iter().map(|r| r.active_clients).sum(),
        enrolled_links: serving
            .iter()
            .filter(|r| r.is_enrolled())
            .map(|r| r.active_clients)
            .sum(),
        paper_yen_per_month: rows.iter().map(paper_yen).sum(),
        savings_if_top_join: rows
            .iter()
            .filter(|r| top.contains(&r.provider_id))
            .map(paper_yen)
            .sum(),
        top_n,
        trend: Vec::new(),
    };
    let mut st = conn.prepare_cached(
        "SELECT count(*), coalesce(sum(channel = 'exchange'), 0) FROM delivery_events
         WHERE month = ?1 AND kind IN ('schedule', 'actuals')",
    )?;
    for back in (0..6).rev() {
        let m = month - Months::new(back);
        let (all, exchange): (i64, i64) = st.query_row([iso(m)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        coverage.trend.push((
            m.format("%Y-%m").to_string(),
            all as usize,
            exchange as usize,
        ));
    }
    Ok((rows, coverage))
}

fn candidates(rows: &[ProviderEnrollment]) -> Vec<Candidate> {
    rows.iter()
        .map(|r| Candidate {
            provider_id: r.provider_id,
            name: r.name.clone(),
            status: r.status(),
            active_clients: r.active_clients,
            paper_per_month: r.paper_per_month,
            confirm_web: r.confirm_web,
        })
        .collect()
}

/// The ask-first list over the overview's rows.
pub fn ask_first_rows(rows: &[ProviderEnrollment]) -> Vec<&ProviderEnrollment> {
    ask_first(&candidates(rows))
        .iter()
        .filter_map(|c| rows.iter().find(|r| r.provider_id == c.provider_id))
        .collect()
}

/// The office's part of the move: registered (a date recorded, or use recorded on the WEB
/// service or an approved equivalent system), and pledged.
pub fn office_move(
    o: &OfficeExchange,
    history: &[StatusRow],
) -> crate::domain::exchange_move::OfficeMove {
    crate::domain::exchange_move::OfficeMove {
        registered: o.web_registered_on.is_some()
            || history.iter().any(|r| r.system != ExchangeSystem::Client),
        pledged: o.pledge_on.is_some(),
    }
}

//! Loads what the 加算 rules read (`domain::kasan`) in a few bulk queries — stays, the 加算
//! entries of the case record with their fields, plans, decisions, imported claims, the
//! office's business calendar and 体制 — and judges the month for every client under contract
//! with an event the rules look at (`event_clients`): the others have no 加算 row to show.
//! The 運営基準減算 comes from the one computation the monitoring screen uses.

use super::{case_notes, compliance, office};
use crate::domain::business_calendar::{
    BusinessCalendar, Exception, Holidays, Week, parse_weekdays,
};
use crate::domain::caseload::{ClientFact, Facts};
use crate::domain::dates::{from_iso, iso, month_end, parse_month};
use crate::domain::kasan::{
    self, ClaimMonth, ClientRecords, Ctx, Decision, Fields, Note, OfficeRecords, Plan, Row, Stay,
    Verdict,
};
use crate::domain::monitoring;
use crate::domain::month_money;
use crate::domain::operating_cut::Reduction;
use crate::domain::rules::KasanRules;
use chrono::{Days, Months, NaiveDate};
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The categories whose entries are 加算 evidence (the home visits are read by what they count
/// as).
use crate::domain::kasan::CATEGORIES;

/// One client's 加算 of the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientKasan {
    pub client_id: i64,
    pub insurer_number: String,
    pub insured_number: String,
    pub name: String,
    pub rows: Vec<Row>,
}

/// The month's 加算 of every client under contract who has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthKasan {
    pub month: NaiveDate,
    pub as_of: NaiveDate,
    pub clients: Vec<ClientKasan>,
}

impl MonthKasan {
    /// The units of the candidates (what the records show as earned).
    pub fn candidate_units(&self) -> u64 {
        self.rows()
            .filter(|r| r.status == kasan::Status::Candidate)
            .map(|r| u64::from(r.units))
            .sum()
    }

    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.clients.iter().flat_map(|c| c.rows.iter())
    }
}

/// The office's records the rules read.
pub fn office_records(conn: &Connection) -> Result<OfficeRecords> {
    let mut weeks = Vec::new();
    let mut st = conn.prepare_cached(
        "SELECT valid_from, valid_until, weekdays, holidays_closed FROM business_hours ORDER BY valid_from, id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (Some(from), Some(days)) = (
            from_iso(r.get_ref(0)?.as_str()?),
            parse_weekdays(r.get_ref(2)?.as_str()?),
        ) else {
            continue;
        };
        weeks.push(Week {
            from,
            until: r.get::<_, Option<String>>(1)?.as_deref().and_then(from_iso),
            weekdays: days,
            holidays_closed: r.get::<_, i64>(3)? != 0,
        });
    }
    let mut exceptions = Vec::new();
    let mut st = conn.prepare_cached(
        "SELECT date_from, date_until, open FROM business_days WHERE withdrawn_at IS NULL ORDER BY id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        if let (Some(from), Some(until)) = (
            from_iso(r.get_ref(0)?.as_str()?),
            from_iso(r.get_ref(1)?.as_str()?),
        ) {
            exceptions.push(Exception {
                from,
                until,
                open: r.get::<_, i64>(2)? != 0,
            });
        }
    }
    let mut claim_months = BTreeSet::new();
    let mut st = conn.prepare_cached("SELECT DISTINCT month FROM claim_months")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        if let Ok(m) = parse_month(r.get_ref(0)?.as_str()?) {
            claim_months.insert(m);
        }
    }
    Ok(OfficeRecords {
        records_from: office::records_since(conn)?.map(monitoring::first_recorded_month),
        claim_months,
        calendar: BusinessCalendar {
            weeks,
            exceptions,
            holidays: Holidays::builtin().clone(),
        },
        contact_24h: office::periods(conn, "contact_24h")?,
    })
}

/// Per client: what `ClientRecords` holds beyond the caseload's client facts.
#[derive(Default)]
struct Loaded {
    stays: Vec<Stay>,
    notes: Vec<Note>,
    plans: Vec<Plan>,
    decisions: Vec<Decision>,
    claims: Vec<ClaimMonth>,
    consent: Option<NaiveDate>,
    died: Option<NaiveDate>,
    place: Option<String>,
}

fn load_stays(conn: &Connection, by: &mut HashMap<i64, Loaded>) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT id, client_id, kind, admitted_on, admitted_after_hours, discharged_on, destination
         FROM stays WHERE withdrawn_at IS NULL ORDER BY admitted_on, id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let Some(admitted_on) = from_iso(r.get_ref(3)?.as_str()?) else {
            continue;
        };
        by.entry(r.get(1)?).or_default().stays.push(Stay {
            id: r.get(0)?,
            kind: r.get(2)?,
            admitted_on,
            after_hours: r.get::<_, i64>(4)? != 0,
            discharged_on: r.get::<_, Option<String>>(5)?.as_deref().and_then(from_iso),
            destination: r.get(6)?,
        });
    }
    Ok(())
}

fn load_notes(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    only: Option<i64>,
    judged: &BTreeSet<i64>,
    by: &mut HashMap<i64, Loaded>,
) -> Result<()> {
    let book = case_notes::book(conn)?;
    let mut fields: HashMap<i64, Fields> = HashMap::new();
    // CROSS JOIN keeps this order: the few entries with fields first, each joined by its key,
    // rather than every entry of the span walked for its fields.
    let mut st = conn.prepare_cached(
        "SELECT f.note_id, f.method, f.place, f.stay_id, f.conference, f.document_on_file,
                f.doctor_kind, f.told, f.heard, f.requested_by, f.medical_attended, f.plan_changed
         FROM case_note_fields f CROSS JOIN case_notes n ON n.id = f.note_id
         WHERE n.at >= ?1 AND n.at < ?2",
    )?;
    let end = to.checked_add_days(Days::new(1)).unwrap_or(to);
    let mut rows = st.query(rusqlite::params![iso(from), iso(end)])?;
    let flag = |v: Option<i64>| v.map(|x| x != 0);
    while let Some(r) = rows.next()? {
        fields.insert(
            r.get(0)?,
            Fields {
                method: r.get(1)?,
                place: r.get(2)?,
                stay_id: r.get(3)?,
                conference: flag(r.get(4)?),
                document_on_file: flag(r.get(5)?),
                doctor_kind: r.get(6)?,
                told: r.get(7)?,
                heard: r.get(8)?,
                requested_by: r.get(9)?,
                medical_attended: flag(r.get(10)?),
                plan_changed: flag(r.get(11)?),
            },
        );
    }
    // Only two kinds of entry matter (the 加算 categories, and home visits for a death's
    // window), so only the clients who have either are read, each through its own index —
    // never every client's case record.
    let mut clients: BTreeSet<i64> = match only {
        Some(c) => BTreeSet::from([c]),
        None => {
            let mut st = conn.prepare_cached(
                "SELECT DISTINCT client_id FROM case_notes
                 WHERE category IN (?1, ?2, ?3, ?4, ?5, ?6) AND at >= ?7 AND at < ?8",
            )?;
            let [c1, c2, c3, c4, c5, c6] = CATEGORIES;
            st.query_map(
                rusqlite::params![c1, c2, c3, c4, c5, c6, iso(from), iso(end)],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?
        }
    };
    if only.is_none() {
        clients.extend(
            by.iter()
                .filter(|(_, l)| l.died.is_some())
                .map(|(id, _)| *id),
        );
    }
    // The others are not judged this month.
    clients.retain(|c| judged.contains(c));
    let notes = clients
        .iter()
        .map(|&c| case_notes::effective(conn, Some(c), Some(from), Some(to)))
        .collect::<Result<Vec<_>>>()?;
    for n in notes.into_iter().flatten() {
        let date = n.at.date();
        let counts_as = book.counts_as(&n.category, date);
        if !CATEGORIES.contains(&n.category.as_str()) && !counts_as.is_home_visit() {
            continue;
        }
        by.entry(n.client_id).or_default().notes.push(Note {
            id: n.id,
            at: n.at,
            counts_as,
            counterpart: n.counterpart,
            body: n.body,
            attendees: n.attendees,
            fields: fields.remove(&n.id),
            category: n.category,
        });
    }
    Ok(())
}

/// `ids` as the JSON array SQL reads them from (`json_each`).
fn id_list(ids: &BTreeSet<i64>) -> String {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("[{}]", list.join(","))
}

fn load_plans(conn: &Connection, judged: &str, by: &mut HashMap<i64, Loaded>) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT id, client_id, plan_date, kind, status FROM care_plans
         WHERE client_id IN (SELECT value FROM json_each(?1)) ORDER BY plan_date, id",
    )?;
    let mut rows = st.query([judged])?;
    while let Some(r) = rows.next()? {
        let Some(plan_date) = from_iso(r.get_ref(2)?.as_str()?) else {
            continue;
        };
        let kind = r.get_ref(3)?.as_str()?;
        by.entry(r.get(1)?).or_default().plans.push(Plan {
            id: r.get(0)?,
            plan_date,
            initial: kind.split_whitespace().any(|k| k == "initial"),
            draft: r.get_ref(4)?.as_str()? == "draft",
        });
    }
    Ok(())
}

/// The decisions standing: the newest row of each (client, month, 加算, stay); a withdrawal
/// leaves none.
fn load_decisions(conn: &Connection, by: &mut HashMap<i64, Loaded>) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT client_id, month, kasan, stay_id, decision, reason FROM kasan_decisions ORDER BY id",
    )?;
    let mut newest: HashMap<(i64, String, String, Option<i64>), Option<Decision>> = HashMap::new();
    let mut order = Vec::new();
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let client: i64 = r.get(0)?;
        let month_text: String = r.get(1)?;
        let Ok(month) = parse_month(&month_text) else {
            continue;
        };
        let key = (
            client,
            month_text,
            r.get::<_, String>(2)?,
            r.get::<_, Option<i64>>(3)?,
        );
        let verdict = match r.get_ref(4)?.as_str()? {
            "accepted" => Some(Verdict::Accepted),
            "rejected" => Some(Verdict::Rejected),
            _ => None,
        };
        let d = verdict.map(|verdict| Decision {
            month,
            kasan: key.2.clone(),
            stay_id: key.3,
            verdict,
            reason: r.get(5).unwrap_or_default(),
        });
        if !newest.contains_key(&key) {
            order.push(key.clone());
        }
        newest.insert(key, d);
    }
    for key in order {
        if let Some(Some(d)) = newest.remove(&key) {
            by.entry(key.0).or_default().decisions.push(d);
        }
    }
    Ok(())
}

fn load_claims(
    conn: &Connection,
    clients: &[&ClientFact],
    judged: &str,
    by: &mut HashMap<i64, Loaded>,
) -> Result<()> {
    let ids: HashMap<(&str, &str), i64> = clients
        .iter()
        .map(|c| ((&*c.insurer_number, &*c.insured_number), c.id))
        .collect();
    let mut st = conn.prepare_cached(
        "SELECT m.insurer_number, m.insured_number, m.month,
                (m.benefit_state = 'claimed' OR m.fee_order <> ''),
                (SELECT group_concat(c.code, ' ') FROM claim_codes c WHERE c.claim_month_id = m.id)
         FROM claim_months m
         WHERE (m.insurer_number, m.insured_number) IN
               (SELECT insurer_number, insured_number FROM clients
                WHERE id IN (SELECT value FROM json_each(?1)))
         ORDER BY m.month",
    )?;
    let mut rows = st.query([judged])?;
    while let Some(r) = rows.next()? {
        let Some(&id) = ids.get(&(r.get_ref(0)?.as_str()?, r.get_ref(1)?.as_str()?)) else {
            continue;
        };
        let Ok(month) = parse_month(r.get_ref(2)?.as_str()?) else {
            continue;
        };
        by.entry(id).or_default().claims.push(ClaimMonth {
            month,
            claimed: r.get::<_, Option<i64>>(3)?.unwrap_or(0) != 0,
            codes: r
                .get::<_, Option<String>>(4)?
                .unwrap_or_default()
                .split_whitespace()
                .map(String::from)
                .collect(),
        });
    }
    Ok(())
}

fn load_terminal(conn: &Connection, by: &mut HashMap<i64, Loaded>) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT id, terminal_consent_on, died_on, death_place FROM clients
         WHERE terminal_consent_on IS NOT NULL OR died_on IS NOT NULL",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let l = by.entry(r.get(0)?).or_default();
        l.consent = r.get::<_, Option<String>>(1)?.as_deref().and_then(from_iso);
        l.died = r.get::<_, Option<String>>(2)?.as_deref().and_then(from_iso);
        l.place = r.get(3)?;
    }
    Ok(())
}

/// The month's 加算 as of `today` for every client under contract in it (or `only` one).
pub fn month(
    conn: &Connection,
    month: NaiveDate,
    today: NaiveDate,
    only: Option<i64>,
) -> Result<MonthKasan> {
    let report = compliance::month_in_full(conn, month, today)
        .wrap_err("加算の判断に使う運営基準減算を計算できません")?;
    month_with(conn, &super::caseload::facts(conn)?, &report, only)
}

/// The month's 加算 with the month's compliance already computed (its month and day) from
/// `facts`.
pub fn month_with(
    conn: &Connection,
    facts: &Facts,
    report: &compliance::MonthReport,
    only: Option<i64>,
) -> Result<MonthKasan> {
    Ok(judge_records(
        facts,
        records(conn, facts, report.month, only)?,
        report.as_of,
        &cuts_of(report),
    ))
}

/// Each client's 運営基準減算 of the month's compliance.
fn cuts_of(report: &compliance::MonthReport) -> HashMap<i64, Reduction> {
    report
        .clients
        .iter()
        .map(|c| (c.client_id, c.cut.reduction))
        .collect()
}

/// One client's 加算 of the month, with the client's 運営基準減算 of that month (as the
/// client's detail computes it).
pub fn of_client(
    conn: &Connection,
    client_id: i64,
    month: NaiveDate,
    today: NaiveDate,
    cut: Reduction,
) -> Result<Vec<Row>> {
    let cut = HashMap::from([(client_id, cut)]);
    let facts = super::caseload::facts(conn)?;
    Ok(
        judge_month(conn, &facts, month, today, Some(client_id), &cut)?
            .clients
            .into_iter()
            .flat_map(|c| c.rows)
            .collect(),
    )
}

/// The clients with an event of `month` some 加算 rule starts from: a stay (a discharge's
/// window may reach into the month), an entry of a 加算 category in the month, a death in the
/// month, a plan made or a contract starting in the month (初回). Every other client's rules
/// find nothing to judge (`domain::kasan::judge` gives no row), so only these are read.
fn event_clients(conn: &Connection, month: NaiveDate) -> Result<BTreeSet<i64>> {
    let end = month_end(month);
    let next = end.checked_add_days(Days::new(1)).unwrap_or(end);
    let mut st = conn.prepare_cached(
        "SELECT client_id FROM stays WHERE withdrawn_at IS NULL
         UNION SELECT client_id FROM case_notes
               WHERE category IN (?1, ?2, ?3, ?4, ?5, ?6) AND at >= ?7 AND at < ?9
         UNION SELECT id FROM clients WHERE died_on >= ?7 AND died_on <= ?8
         UNION SELECT id FROM clients WHERE contract_date >= ?7 AND contract_date <= ?8
         UNION SELECT client_id FROM care_plans WHERE plan_date >= ?7 AND plan_date <= ?8",
    )?;
    let [c1, c2, c3, c4, c5, c6] = CATEGORIES;
    let ids = st
        .query_map(
            rusqlite::params![c1, c2, c3, c4, c5, c6, iso(month), iso(end), iso(next)],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<BTreeSet<i64>>>()?;
    Ok(ids)
}

/// What the rules read of a month for the clients judged in it, loaded apart from the
/// judging: the judging needs the month's 運営基準減算, which a caller may compute meanwhile.
pub struct MonthRecords {
    month: NaiveDate,
    /// The clients judged, under contract in the month.
    judged: BTreeSet<i64>,
    office: Option<OfficeRecords>,
    by: HashMap<i64, Loaded>,
}

/// Reads `month`'s records for the clients with an event in it (or `only` one).
pub fn records(
    conn: &Connection,
    facts: &Facts,
    month: NaiveDate,
    only: Option<i64>,
) -> Result<MonthRecords> {
    let end = month_end(month);
    let events: BTreeSet<i64> = match only {
        Some(c) => BTreeSet::from([c]),
        None => event_clients(conn, month)?,
    };
    let clients_judged: Vec<&ClientFact> = facts
        .clients
        .iter()
        .filter(|c| {
            events.contains(&c.id)
                && c.contract_date <= end
                && c.contract_end.is_none_or(|e| e >= month)
        })
        .collect();
    let judged: BTreeSet<i64> = clients_judged.iter().map(|c| c.id).collect();
    let mut out = MonthRecords {
        month,
        judged,
        office: None,
        by: HashMap::new(),
    };
    if out.judged.is_empty() {
        return Ok(out);
    }
    let listed = id_list(&out.judged);
    out.office = Some(office_records(conn)?);
    let by = &mut out.by;
    load_stays(conn, by)?;
    // A year back covers the terminal-care records; a month on covers receptions up to the
    // window after a discharge late in the month.
    let from = month.checked_sub_months(Months::new(12)).unwrap_or(month);
    let to = end.checked_add_days(Days::new(31)).unwrap_or(month);
    // The deaths first: whose home visits the notes need.
    load_terminal(conn, by)?;
    load_notes(conn, from, to, only, &out.judged, by)?;
    load_plans(conn, &listed, by)?;
    load_decisions(conn, by)?;
    load_claims(conn, &clients_judged, &listed, by)?;
    Ok(out)
}

/// Judges the month's records as of `today` with each client's 運営基準減算 (`cut`).
fn judge_records(
    facts: &Facts,
    mut rec: MonthRecords,
    today: NaiveDate,
    cut: &HashMap<i64, Reduction>,
) -> MonthKasan {
    let month = rec.month;
    let mut out = MonthKasan {
        month,
        as_of: today,
        clients: Vec::new(),
    };
    let Some(office) = rec.office.as_ref() else {
        return out;
    };
    let rules: &KasanRules = &facts.rules.in_force(month).rules.kasan;
    let ctx = Ctx {
        month,
        rules,
        office,
    };
    for c in facts.clients.iter().filter(|c| rec.judged.contains(&c.id)) {
        let l = rec.by.remove(&c.id).unwrap_or_default();
        let records = ClientRecords {
            client: c,
            stays: l.stays,
            notes: l.notes,
            plans: l.plans,
            decisions: l.decisions,
            claims: l.claims,
            terminal_consent_on: l.consent,
            died_on: l.died,
            death_place: l.place,
            operating_cut: cut.get(&c.id).copied().unwrap_or(Reduction::None),
        };
        let rows = kasan::judge(&records, &ctx);
        if !rows.is_empty() {
            out.clients.push(ClientKasan {
                client_id: c.id,
                insurer_number: c.insurer_number.to_string(),
                insured_number: c.insured_number.to_string(),
                name: c.name.to_string(),
                rows,
            });
        }
    }
    out.clients.sort_by(|a, b| {
        (&a.insurer_number, &a.insured_number).cmp(&(&b.insurer_number, &b.insured_number))
    });
    out
}

fn judge_month(
    conn: &Connection,
    facts: &Facts,
    month: NaiveDate,
    today: NaiveDate,
    only: Option<i64>,
    cut: &HashMap<i64, Reduction>,
) -> Result<MonthKasan> {
    Ok(judge_records(
        facts,
        records(conn, facts, month, only)?,
        today,
        cut,
    ))
}

/// Clients in a 同一建物 period (not withdrawn) on any day of `month`.
pub fn same_building_clients(conn: &Connection, month: NaiveDate) -> Result<BTreeSet<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT client_id FROM same_building
         WHERE withdrawn_at IS NULL AND valid_from <= ?2 AND (valid_until IS NULL OR valid_until >= ?1)",
    )?;
    let ids = st
        .query_map([iso(month), iso(month_end(month))], |r| r.get(0))?
        .collect::<rusqlite::Result<BTreeSet<i64>>>()?;
    Ok(ids)
}

/// What the month's records add to its caseload (`domain::month_money::for_caseload`): the
/// 同一建物 clients and rule, the 加算 candidates and the 運営基準減算 at risk of `report`.
pub fn money_inputs(
    conn: &Connection,
    facts: &Facts,
    report: &compliance::MonthReport,
) -> Result<month_money::Inputs> {
    money_inputs_from(
        conn,
        facts,
        report,
        records(conn, facts, report.month, None)?,
    )
}

/// `money_inputs` with the month's 加算 records already read (`records`, of `report`'s month).
pub fn money_inputs_from(
    conn: &Connection,
    facts: &Facts,
    report: &compliance::MonthReport,
    rec: MonthRecords,
) -> Result<month_money::Inputs> {
    let month = report.month;
    let rec = if rec.month == month {
        rec
    } else {
        records(conn, facts, month, None)?
    };
    let book = &facts.rules;
    let k = judge_records(facts, rec, report.as_of, &cuts_of(report));
    let candidates: Vec<&Row> = k
        .rows()
        .filter(|r| r.status == kasan::Status::Candidate)
        .collect();
    Ok(month_money::Inputs {
        month,
        same_building: same_building_clients(conn, month)?,
        same_building_rule: book
            .in_force(month)
            .rules
            .kasan
            .same_building_on(month_end(month))
            .cloned(),
        kasan: (
            candidates.iter().map(|r| u64::from(r.units)).sum(),
            candidates.len(),
        ),
        cut_at_risk: (report.total.units_at_risk, report.total.at_risk()),
    })
}

/// A 加算 of this month lacking evidence, as ホーム lists it (and keeps it with its counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Incomplete {
    pub client_id: i64,
    /// The 加算's name.
    pub name: String,
    /// What is missing.
    pub missing: kasan::Reason,
    /// The rule's day, or the month's end.
    pub due: NaiveDate,
    /// The record that supplies it.
    pub fix: Option<kasan::Fix>,
}

/// This month's 加算 lacking evidence, for ホーム. The 運営基準減算 is read from the monitoring
/// ホーム keeps (`running`: the clients failing a second month or more), not computed again.
pub fn incomplete(
    conn: &Connection,
    facts: &Facts,
    today: NaiveDate,
    running: &[(i64, u32)],
) -> Result<Vec<Incomplete>> {
    let month = crate::domain::dates::month_start(today);
    Ok(incomplete_from(
        facts,
        records(conn, facts, month, None)?,
        today,
        running,
    ))
}

/// `incomplete` from the month's records already read (`records` of `today`'s month).
pub fn incomplete_from(
    facts: &Facts,
    records: MonthRecords,
    today: NaiveDate,
    running: &[(i64, u32)],
) -> Vec<Incomplete> {
    let month = records.month;
    // A first month without a visit can still be put right before the month ends, so only a
    // run of two months or more blocks the 加算 here.
    let cut: HashMap<i64, Reduction> = running
        .iter()
        .map(|(id, _)| (*id, Reduction::Full))
        .collect();
    let m = judge_records(facts, records, today, &cut);
    m.clients
        .iter()
        .flat_map(|c| {
            c.rows
                .iter()
                .filter(|r| r.status == kasan::Status::Incomplete && r.decision.is_none())
                .map(|r| Incomplete {
                    client_id: c.client_id,
                    name: r.name.clone(),
                    missing: r.reason.clone(),
                    due: r.by.unwrap_or_else(|| month_end(month)),
                    fix: r.fix,
                })
        })
        .collect()
}

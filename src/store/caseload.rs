//! Loads everything the caseload rules need, in a few bulk queries, as `domain::caseload::Facts`.

use super::{columns, office, staff};
use crate::domain::care_level::{CareLevel, CertStatus};
use crate::domain::caseload::{
    Caseload, CertFact, ClientFact, Facts, OfficeFacts, StaffFact, compute,
};
use crate::domain::dates::parse_month;
use color_eyre::eyre::Result;
use rusqlite::Connection;
use std::collections::HashMap;

/// Caseload facts read once for the threads of one start: ホーム shows the caseload from them
/// on one thread and judges the month's monitoring from them on another. Kept with the change
/// stamp of the snapshot they were read in; a reader whose snapshot has another stamp reads
/// its own, so counts kept under a stamp are always judged from that stamp's records.
/// With them, the month's caseload computed from them once for the same threads (ホーム's
/// figures and the month's judging both start from it).
#[derive(Default)]
pub struct Shared(
    std::sync::Mutex<Option<(i64, std::sync::Arc<Facts>)>>,
    std::sync::Mutex<Option<MonthLoad>>,
);

/// A month's caseload and the facts it was computed from.
type MonthLoad = (
    std::sync::Arc<Facts>,
    chrono::NaiveDate,
    std::sync::Arc<Caseload>,
);

impl Shared {
    /// The facts of `conn`'s snapshot: those already read at its change stamp, else read now
    /// (another thread asking meanwhile waits for them rather than reading them twice).
    pub fn get(&self, conn: &Connection) -> Result<std::sync::Arc<Facts>> {
        // The stamp and the facts from one snapshot (a read transaction, rolled back on drop,
        // unless the caller's own is open).
        let tx = if conn.is_autocommit() {
            Some(conn.unchecked_transaction()?)
        } else {
            None
        };
        let stamp: i64 =
            conn.query_row("SELECT n FROM change_stamp WHERE id = 1", [], |r| r.get(0))?;
        // A poisoned lock only means another reader panicked: its value is still whole or None.
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, f)) = kept.as_ref()
            && *at == stamp
        {
            return Ok(f.clone());
        }
        let f: std::sync::Arc<Facts> = facts(conn)?.into();
        *kept = Some((stamp, f.clone()));
        drop(tx);
        Ok(f)
    }

    /// `month`'s caseload (no what-if) from `facts`: the one already computed from the same
    /// facts, else computed now (another thread asking meanwhile waits for it).
    pub fn month(
        &self,
        facts: &std::sync::Arc<Facts>,
        month: chrono::NaiveDate,
    ) -> std::sync::Arc<Caseload> {
        let month = crate::domain::dates::month_start(month);
        let mut kept = self
            .1
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((f, m, load)) = kept.as_ref()
            && std::sync::Arc::ptr_eq(f, facts)
            && *m == month
        {
            return load.clone();
        }
        let load = std::sync::Arc::new(compute(facts, month, &Default::default()));
        *kept = Some((facts.clone(), month, load.clone()));
        load
    }
}

pub fn facts(conn: &Connection) -> Result<Facts> {
    let o = office::get(conn)?;
    let office = OfficeFacts {
        special_area: o.special_area,
        area_grades: o.area_grades,
        fee_ii_filed: o.fee_ii_filed,
        exchange_use: o.exchange_use,
        support_ordering: o.support_ordering,
    };
    let staff = staff::list(conn)?
        .into_iter()
        .map(|s| StaffFact {
            id: s.id,
            name: s.name,
            role: s.role,
            fte_history: s.fte_history,
        })
        .collect();

    let mut clients: Vec<ClientFact> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    // Dates are parsed where SQLite holds them (no String of each to drop at once).
    let mut st = conn.prepare_cached(
        "SELECT id, name, insurer_number, insured_number, contract_date, contract_end FROM clients ORDER BY id",
    )?;
    let mut rows = st.query([])?;
    let mut insurers = Vec::new();
    while let Some(r) = rows.next()? {
        let Some(contract_date) = columns::date(r, 4)? else {
            continue;
        };
        let id: i64 = r.get(0)?;
        index.insert(id, clients.len());
        clients.push(ClientFact {
            id,
            name: r.get(1)?,
            insurer_number: columns::shared(&mut insurers, r.get_ref(2)?.as_str()?),
            insured_number: r.get(3)?,
            contract_date,
            contract_end: columns::date(r, 5)?,
            no_benefit_months: Vec::new(),
            certifications: Vec::new(),
            care_managers: Vec::new(),
        });
    }
    // Every certification of every client: the caseload's levels and ホーム's certification
    // deadlines (`domain::deadlines::certification_due`) both read them from here.
    let mut st = conn.prepare_cached(
        "SELECT client_id, care_level, valid_from, valid_to, status FROM certifications
         WHERE withdrawn_at IS NULL",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if let (Some(&i), Some(valid_from)) = (index.get(&id), columns::date(r, 2)?) {
            clients[i].certifications.push(CertFact {
                level: r
                    .get_ref(1)?
                    .as_str_or_null()?
                    .and_then(CareLevel::from_code),
                valid_from,
                valid_to: columns::date(r, 3)?,
                status: CertStatus::from_code(r.get_ref(4)?.as_str()?),
            });
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT client_id, effective_from, staff_id FROM client_care_managers
         WHERE withdrawn_at IS NULL",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if let (Some(&i), Some(from)) = (index.get(&id), columns::date(r, 1)?) {
            clients[i].care_managers.push((from, r.get(2)?));
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT client_id, month FROM no_benefit_months WHERE withdrawn_at IS NULL",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, month) = row?;
        if let (Some(&i), Ok(m)) = (index.get(&id), parse_month(&month)) {
            clients[i].no_benefit_months.push(m);
        }
    }
    Ok(Facts {
        office,
        staff,
        clients,
        rules: super::rules::book(conn)?,
        billed: super::claims::billed_bands(conn)?,
    })
}

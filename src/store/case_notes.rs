//! The case record (支援経過, 第5表): append-only entries per client, corrected or withdrawn by
//! later entries that name them; the categories in force (built-in and the office's); the
//! client's consent to video monitoring.
//!
//! What the TUI and the CLI call: `add` / `add_as_of` to write an entry (a correction or a
//! withdrawal is an entry too), `effective` for what stands, `history` for every row (reports),
//! `get` for one entry, `book` for the categories, `import_categories`, `set_video_consent` and
//! `video_consent`.

use super::{Imported, Refused, Writer, now_utc};
use crate::domain::case_record::{
    self, CategoryBook, CountsAs, NoteCategory, NoteDraft, Target, from_note_time, note_time_text,
};
use crate::domain::dates::{from_iso, iso};
use chrono::{NaiveDate, NaiveDateTime};
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// A new entry: an account of what happened, or (with `corrects`) one replacing an earlier
/// entry, or (with `corrects` and `withdraws`) the withdrawal of an entry made by mistake.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewNote {
    pub client_id: i64,
    /// Local time it happened (a withdrawal takes the withdrawn entry's).
    pub at: NaiveDateTime,
    /// Category code, or its Japanese or English name (empty for a withdrawal).
    pub category: String,
    pub counterpart: String,
    /// The care manager who did it.
    pub staff_id: Option<i64>,
    pub body: String,
    /// 特段の事情 for a missed visit, why a 照会 replaced a meeting, or why an entry is withdrawn.
    pub reason: String,
    /// The plan revision a meeting, assessment or inquiry is for.
    pub plan_id: Option<i64>,
    pub attendees: String,
    pub corrects: Option<i64>,
    pub withdraws: bool,
    /// Why a correction replaces the entry it names (required for a correction).
    pub correction_reason: String,
    /// The structured fields of a 加算 category (a correction that gives none keeps those of
    /// the entry it corrects).
    pub fields: crate::domain::kasan_records::NoteFields,
}

/// One stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub id: i64,
    pub client_id: i64,
    pub at: NaiveDateTime,
    pub category: String,
    pub counterpart: String,
    pub staff_id: Option<i64>,
    pub staff_name: Option<String>,
    pub body: String,
    pub reason: String,
    pub plan_id: Option<i64>,
    pub attendees: String,
    pub corrects: Option<i64>,
    pub withdraws: bool,
    pub recorded_by: String,
    pub recorded_at: String,
    /// Why it corrects the entry it names (empty: not a correction, or written before).
    pub correction_reason: String,
    /// The later entry that corrects or withdraws this one (None: it stands).
    pub superseded_by: Option<i64>,
}

impl Note {
    /// Stands in the record: neither corrected nor withdrawn, nor itself a withdrawal.
    pub fn stands(&self) -> bool {
        self.superseded_by.is_none() && !self.withdraws
    }
}

const SELECT: &str = "SELECT n.id, n.client_id, n.at, n.category, n.counterpart, n.staff_id,
        s.name, n.body, n.reason, n.plan_id, n.attendees, n.corrects, n.withdraws,
        n.recorded_by, n.recorded_at,
        (SELECT min(l.id) FROM case_notes l WHERE l.corrects = n.id), n.correction_reason
     FROM case_notes n LEFT JOIN staff s ON s.id = n.staff_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Note> {
    let at: String = r.get(2)?;
    Ok(Note {
        id: r.get(0)?,
        client_id: r.get(1)?,
        // The store writes only this form; a row that is not reads as the epoch, not an error.
        at: from_note_time(&at).unwrap_or_default(),
        category: r.get(3)?,
        counterpart: r.get(4)?,
        staff_id: r.get(5)?,
        staff_name: r.get(6)?,
        body: r.get(7)?,
        reason: r.get(8)?,
        plan_id: r.get(9)?,
        attendees: r.get(10)?,
        corrects: r.get(11)?,
        withdraws: r.get::<_, i64>(12)? != 0,
        recorded_by: r.get(13)?,
        recorded_at: r.get(14)?,
        superseded_by: r.get(15)?,
        correction_reason: r.get(16)?,
    })
}

fn query(
    conn: &Connection,
    client: Option<i64>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    effective_only: bool,
) -> Result<Vec<Note>> {
    // Only the bounds given are written as conditions (the others as `?N IS NULL`, so every
    // parameter stays bound): `?1 IS NULL OR n.client_id = ?1` would keep SQLite from searching
    // the client's index and scan every entry instead.
    let sql = format!(
        "{SELECT}
         WHERE {} AND {} AND {}
           {}
         ORDER BY n.client_id, n.at, n.id",
        if client.is_some() {
            "n.client_id = ?1"
        } else {
            "?1 IS NULL"
        },
        if from.is_some() {
            "n.at >= ?2"
        } else {
            "?2 IS NULL"
        },
        if to.is_some() {
            "n.at < ?3"
        } else {
            "?3 IS NULL"
        },
        if effective_only {
            "AND n.withdraws = 0
             AND NOT EXISTS (SELECT 1 FROM case_notes l WHERE l.corrects = n.id)"
        } else {
            ""
        }
    );
    let mut st = conn.prepare_cached(&sql)?;
    // `to` is inclusive: entries before the next day.
    let to_excl = to.and_then(|d| d.succ_opt()).map(iso);
    let rows = st.query_map(params![client, from.map(iso), to_excl], row)?;
    rows.collect::<Result<_, _>>()
        .wrap_err("支援経過を読めません")
}

/// What stands in the record: entries neither corrected nor withdrawn by a later one (a chain
/// of corrections keeps only its newest), by client, time and id; optionally one client's and
/// between two dates (both inclusive).
pub fn effective(
    conn: &Connection,
    client: Option<i64>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Note>> {
    query(conn, client, from, to, true)
}

/// Every row, corrected ones and withdrawals included (reports show both), in the same order.
pub fn history(
    conn: &Connection,
    client: Option<i64>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Note>> {
    query(conn, client, from, to, false)
}

/// One entry.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Note>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE n.id = ?1"))?;
    Ok(st.query_row([id], row).optional()?)
}

/// The categories the office imported.
pub fn imported_categories(conn: &Connection) -> Result<Vec<NoteCategory>> {
    let mut st = conn.prepare_cached(
        "SELECT code, name, name_en, counts_as, template, template_en, valid_from, valid_until,
                source
         FROM note_categories ORDER BY id",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, String>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for r in rows {
        let (code, name, name_en, counts_as, template, template_en, from, until, source) = r?;
        // The table's CHECKs keep these valid; a row that is not is left out, not fatal.
        if let (Some(counts_as), Some(from)) = (CountsAs::from_code(&counts_as), from_iso(&from)) {
            out.push(NoteCategory {
                code,
                name,
                name_en,
                counts_as,
                template,
                template_en,
                from,
                until: until.as_deref().and_then(from_iso),
                source,
            });
        }
    }
    Ok(out)
}

/// The entries a later entry corrects or withdraws (they no longer stand): a few rows, read
/// once by whoever walks many entries instead of looking each entry up.
pub fn corrected_ids(conn: &Connection) -> Result<Corrected> {
    let mut st =
        conn.prepare_cached("SELECT corrects FROM case_notes WHERE corrects IS NOT NULL")?;
    let ids = st.query_map([], |r| r.get::<_, i64>(0))?;
    let mut ids: Vec<i64> = ids.collect::<Result<_, _>>()?;
    ids.sort_unstable();
    ids.dedup();
    Ok(Corrected(ids))
}

/// The ids `corrected_ids` read, sorted: asked of every entry walked, so a search of a short
/// list rather than a hash of each id.
#[derive(Debug, Default)]
pub struct Corrected(Vec<i64>);

impl Corrected {
    pub fn contains(&self, id: &i64) -> bool {
        self.0.binary_search(id).is_ok()
    }
}

/// The categories in force: built-in rows replaced or added to by the office's.
pub fn book(conn: &Connection) -> Result<CategoryBook> {
    Ok(CategoryBook::new(
        case_record::builtin(),
        &imported_categories(conn)?,
    ))
}

/// Stores every row of a category file (all or nothing: the caller's write is one
/// transaction), each replacing the stored or built-in row of its code and start; audited.
pub fn import_categories(w: &Writer<'_>, text: &str) -> Result<Imported> {
    let rows = case_record::parse(text).map_err(|problems| {
        Refused(format!(
            "項目のファイルに誤りがあるため、何も取り込んでいません。直してからもう一度取り込んでください:\n{}",
            problems.join("\n")
        ))
    })?;
    if rows.is_empty() {
        return Err(Refused(
            "項目のファイルに行がありません（# の行と見出しだけ）。careplan notes categories export --out FILE で書き出した形式で行を書いてください".into(),
        )
        .into());
    }
    let before_book = book(&w.tx)?;
    let mut before_rows: std::collections::HashMap<(&str, NaiveDate), &NoteCategory> =
        std::collections::HashMap::new();
    for r in before_book.rows() {
        before_rows.entry((r.code.as_str(), r.from)).or_insert(r);
    }
    let mut done = Imported::default();
    for x in &rows {
        let before = before_rows
            .get(&(x.code.as_str(), x.from))
            .map(|r| (*r).clone());
        w.tx.execute(
            "INSERT INTO note_categories (code, name, name_en, counts_as, template, template_en,
                 valid_from, valid_until, source, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT(code, valid_from) DO UPDATE SET name = excluded.name,
                 name_en = excluded.name_en, counts_as = excluded.counts_as,
                 template = excluded.template, template_en = excluded.template_en,
                 valid_until = excluded.valid_until, source = excluded.source,
                 imported_at = excluded.imported_at",
            params![
                x.code,
                super::clean(&x.name),
                super::clean(&x.name_en),
                x.counts_as.code(),
                x.template,
                x.template_en,
                iso(x.from),
                x.until.map(iso),
                super::clean(&x.source),
                now_utc()
            ],
        )?;
        let id: i64 = w.tx.query_row(
            "SELECT id FROM note_categories WHERE code = ?1 AND valid_from = ?2",
            params![x.code, iso(x.from)],
            |r| r.get(0),
        )?;
        w.imported_row(&mut done, "note_category", id, before.as_ref(), x)?;
    }
    Ok(done)
}

fn target(conn: &Connection, id: i64) -> Result<Option<Target>> {
    Ok(get(conn, id)?.map(|n| Target {
        id: n.id,
        client_id: n.client_id,
        at: n.at,
        category: n.category,
        superseded_by: n.superseded_by,
        withdraws: n.withdraws,
    }))
}

/// Adds an entry, checked as of today's local date (see `add_as_of`).
pub fn add(w: &Writer<'_>, note: &NewNote) -> Result<i64> {
    add_as_of(w, note, chrono::Local::now().date_naive())
}

/// Adds an entry checked by `NoteDraft::validate` as of `today` (no entry after it); a
/// correction or withdrawal must name the newest entry of its chain, of the same client.
/// Without `staff_id` the care manager assigned on the entry's day is recorded.
/// Audited as `case_note` `add`, `correct` or `withdraw`. Returns the new entry's id.
pub fn add_as_of(w: &Writer<'_>, note: &NewNote, today: NaiveDate) -> Result<i64> {
    add_with_book(w, note, today, &book(&w.tx)?)
}

/// `add_as_of` with the categories already read (many entries in one write).
pub fn add_with_book(
    w: &Writer<'_>,
    note: &NewNote,
    today: NaiveDate,
    book: &CategoryBook,
) -> Result<i64> {
    // Every statement of an entry compiled once per connection (the demo and imports add
    // entries by the tens of thousands).
    let client: Option<String> =
        w.tx.prepare_cached("SELECT name FROM clients WHERE id = ?1")?
            .query_row([note.client_id], |r| r.get(0))
            .optional()?;
    if client.is_none() {
        return Err(Refused(format!("利用者 id {} は登録されていません", note.client_id)).into());
    }
    if let Some(staff) = note.staff_id {
        let known: Option<i64> =
            w.tx.prepare_cached("SELECT id FROM staff WHERE id = ?1")?
                .query_row([staff], |r| r.get(0))
                .optional()?;
        if known.is_none() {
            return Err(Refused(format!("職員 id {staff} は登録されていません")).into());
        }
    }
    if let Some(plan) = note.plan_id {
        let of: Option<i64> =
            w.tx.prepare_cached("SELECT client_id FROM care_plans WHERE id = ?1")?
                .query_row([plan], |r| r.get(0))
                .optional()?;
        if of != Some(note.client_id) {
            return Err(Refused(format!(
                "計画 id {plan} はこの利用者の計画ではありません（計画の一覧: careplan plans）"
            ))
            .into());
        }
    }
    let target = match note.corrects {
        Some(id) => target(&w.tx, id)?,
        None => None,
    };
    // The care manager: the one given, else the one assigned on the day (not for a withdrawal,
    // which is no account of a contact).
    let staff_id = match (note.staff_id, note.withdraws) {
        (Some(s), _) => Some(s),
        (None, false) => assigned_care_manager(&w.tx, note.client_id, note.at.date())?,
        (None, true) => None,
    };
    let draft = NoteDraft {
        client_id: note.client_id,
        at: note.at,
        category: note.category.clone(),
        counterpart: note.counterpart.clone(),
        body: note.body.clone(),
        reason: note.reason.clone(),
        attendees: note.attendees.clone(),
        corrects: note.corrects,
        withdraws: note.withdraws,
        correction_reason: note.correction_reason.clone(),
    };
    let valid = draft
        .validate(book, today, target.as_ref())
        .map_err(|e| Refused(e.to_string()))?;
    w.tx.prepare_cached(
        "INSERT INTO case_notes (client_id, at, category, counterpart, staff_id, body, reason,
             plan_id, attendees, corrects, withdraws, recorded_by, recorded_at, correction_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        note.client_id,
        note_time_text(valid.at),
        valid.category,
        valid.counterpart,
        staff_id,
        valid.body,
        valid.reason,
        note.plan_id,
        valid.attendees,
        note.corrects,
        note.withdraws,
        w.actor_label(),
        now_utc(),
        valid.correction_reason,
    ])?;
    let id = w.tx.last_insert_rowid();
    let fields = if note.withdraws {
        None
    } else {
        let name = book
            .on(&valid.category, valid.at.date())
            .map_or(valid.category.as_str(), |c| c.name.as_str());
        super::note_fields::resolve(
            w,
            note.client_id,
            &valid.category,
            name,
            &note.fields,
            note.corrects,
        )?
    };
    if let Some(f) = &fields {
        super::note_fields::insert(w, id, f)?;
    }
    let action = match (note.corrects, note.withdraws) {
        (_, true) => "withdraw",
        (Some(_), false) => "correct",
        (None, false) => "add",
    };
    let mut after = serde_json::to_value(&valid)?;
    after["client_id"] = note.client_id.into();
    after["staff_id"] = staff_id.into();
    after["plan_id"] = note.plan_id.into();
    after["corrects"] = note.corrects.into();
    after["withdraws"] = note.withdraws.into();
    if let Some(f) = &fields {
        after["fields"] = super::note_fields::json(f);
    }
    w.audit("case_note", Some(id), action, None, Some(&after))?;
    Ok(id)
}

/// Records the date the client's written consent to video monitoring and the meeting's
/// agreement are both on record (None: withdrawn or never given). Changing or withdrawing a
/// date already on record needs the reason (kept in the audit trail with before and after).
pub fn set_video_consent(
    w: &Writer<'_>,
    client_id: i64,
    on: Option<NaiveDate>,
    reason: &str,
) -> Result<()> {
    super::client_dates::set(
        w,
        client_id,
        "テレビ電話の同意",
        "video_consent",
        &["video_consent_on"],
        &[on.map(iso)],
        reason,
    )
}

fn video_consent_row(conn: &Connection, client_id: i64) -> Result<Option<Option<NaiveDate>>> {
    Ok(conn
        .query_row(
            "SELECT video_consent_on FROM clients WHERE id = ?1",
            [client_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .map(|s| s.as_deref().and_then(from_iso)))
}

/// The date consent to video monitoring is on record from (None: not on record).
pub fn video_consent(conn: &Connection, client_id: i64) -> Result<Option<NaiveDate>> {
    Ok(video_consent_row(conn, client_id)?.flatten())
}

/// Who a client is, for lists of entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientLabel {
    pub name: String,
    pub insurer_number: String,
    pub insured_number: String,
}

/// Every client's name and numbers, by id (one scan).
pub fn client_labels(conn: &Connection) -> Result<std::collections::HashMap<i64, ClientLabel>> {
    let mut st =
        conn.prepare_cached("SELECT id, name, insurer_number, insured_number FROM clients")?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ClientLabel {
                name: r.get(1)?,
                insurer_number: r.get(2)?,
                insured_number: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The care manager assigned to a client on `date` (the latest assignment from on or before
/// it), if any.
pub fn assigned_care_manager(
    conn: &Connection,
    client_id: i64,
    date: NaiveDate,
) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT staff_id FROM client_care_managers
             WHERE client_id = ?1 AND effective_from <= ?2 AND withdrawn_at IS NULL
             ORDER BY effective_from DESC LIMIT 1",
        )?
        .query_row(params![client_id, iso(date)], |r| r.get(0))
        .optional()?)
}

/// The entry that stands where `id` stood: `id` itself, or the newest correction of it; None
/// when the chain ends in a withdrawal (or `id` does not exist).
pub fn standing(conn: &Connection, id: i64) -> Result<Option<Note>> {
    let mut at = id;
    // Each step moves to a later row, so the walk ends.
    loop {
        let Some(n) = get(conn, at)? else {
            return Ok(None);
        };
        match n.superseded_by {
            Some(next) if next > at => at = next,
            Some(_) => return Ok(None),
            None if n.withdraws => return Ok(None),
            None => return Ok(Some(n)),
        }
    }
}

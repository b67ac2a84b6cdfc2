//! Import of staff. Several rows for one person (same 介護支援専門員番号, or same name when there is
//! none) form that person's FTE history; a person already registered gets the FTE rows added.

use super::{Findings, Imported, Sheet, col, required, verdict};
use crate::domain::dates::parse_date;
use crate::domain::fte::Fte;
use crate::domain::ids::CareManagerNumber;
use crate::domain::kana;
use crate::domain::staff_role::StaffRole;
use crate::store::Store;
use crate::store::staff::{self, StaffFields};
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub static COLUMNS: [super::Column; 6] = [
    col("氏名", "name", true),
    col("フリガナ", "kana", false),
    col("介護支援専門員番号", "cm_number", false),
    col("職種", "role", true),
    col("常勤換算", "fte", true),
    col("適用開始日", "effective_from", true),
];

struct Person {
    fields: StaffFields,
    existing: Option<i64>,
    ftes: Vec<(NaiveDate, Fte)>,
    /// The dates of `ftes`, to find a date given twice.
    dates: HashSet<NaiveDate>,
}

/// A registered person as the identity check compares them.
fn registered(m: &staff::StaffMember) -> StaffFields {
    StaffFields {
        name: m.name.clone(),
        kana: String::new(),
        cm_number: m
            .cm_number
            .as_deref()
            .and_then(|n| CareManagerNumber::parse(n).ok()),
        role: m.role,
    }
}

/// People in a list, each row found as the first of them who is the same person: the same
/// 介護支援専門員番号 when both have one, else the same name. Looked up, not searched, so a file
/// of many rows costs one step a row.
#[derive(Default)]
struct People {
    by_number: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    by_name_unnumbered: HashMap<String, usize>,
}

impl People {
    /// Adds the person at `place` (places added in increasing order).
    fn add(&mut self, place: usize, p: &StaffFields) {
        match &p.cm_number {
            Some(n) => {
                self.by_number
                    .entry(n.as_str().to_string())
                    .or_insert(place);
            }
            None => {
                self.by_name_unnumbered
                    .entry(p.name.clone())
                    .or_insert(place);
            }
        }
        self.by_name.entry(p.name.clone()).or_insert(place);
    }

    /// The place of the first person who is the same as `p`.
    fn find(&self, p: &StaffFields) -> Option<usize> {
        match &p.cm_number {
            // Same number, or same name where the listed person has no number.
            Some(n) => [
                self.by_number.get(n.as_str()),
                self.by_name_unnumbered.get(&p.name),
            ]
            .into_iter()
            .flatten()
            .min()
            .copied(),
            None => self.by_name.get(&p.name).copied(),
        }
    }

    fn of(list: &[staff::StaffMember]) -> People {
        let mut people = People::default();
        for (place, m) in list.iter().enumerate() {
            people.add(place, &registered(m));
        }
        people
    }
}

pub fn import(
    store: &mut Store,
    path: &Path,
    dry_run: bool,
    accept_warnings: bool,
    _today: chrono::NaiveDate,
) -> Result<Imported> {
    let sheet = Sheet::read(path, &COLUMNS)?;
    let existing = staff::list(store.conn())?;
    let registered_people = People::of(&existing);
    let mut f = Findings::default();
    let mut people: Vec<Person> = Vec::new();
    let mut in_file = People::default();
    for row in &sheet.rows {
        let l = row.line;
        let c = |h: &str| sheet.cell(row, h);
        let name = f
            .take(l, "氏名", required(c("氏名")))
            .map(crate::store::clean);
        let number = match c("介護支援専門員番号") {
            "" => Some(None),
            s => f
                .take(l, "介護支援専門員番号", CareManagerNumber::parse(s))
                .map(Some),
        };
        let role = f.take(l, "職種", StaffRole::parse(c("職種")));
        let kana = f.take(l, "フリガナ", kana::parse(c("フリガナ")));
        let fte = f.take(l, "常勤換算", Fte::parse(c("常勤換算")));
        let from = f.take(l, "適用開始日", parse_date(c("適用開始日")));
        if let (Some(StaffRole::Clerk), Some(Some(_))) = (role, &number) {
            f.error(
                l,
                "介護支援専門員番号",
                crate::format_tr!(
                    "事務職員には介護支援専門員番号を入れません",
                    "a clerk has no care manager number; leave it blank"
                ),
            );
        }
        let (Some(name), Some(kana), Some(cm_number), Some(role), Some(fte), Some(from)) =
            (name, kana, number, role, fte, from)
        else {
            continue;
        };
        let fields = StaffFields {
            name,
            kana,
            cm_number,
            role,
        };
        if let Some(p) = in_file.find(&fields).map(|i| &mut people[i]) {
            if p.fields.role != fields.role {
                f.error(
                    l,
                    "職種",
                    crate::format_tr!(
                        "同じ人の行で職種が違います。1人1つの職種にしてください",
                        "the rows of one person give different roles; give each person one role"
                    ),
                );
            }
            if !p.dates.insert(from) {
                f.error(
                    l,
                    "適用開始日",
                    crate::format_tr!(
                        "同じ人・同じ適用開始日の行が2回あります",
                        "the same person has two rows with the same effective date"
                    ),
                );
            }
            p.ftes.push((from, fte));
            continue;
        }
        let found = registered_people.find(&fields).map(|i| &existing[i]);
        if let Some(m) = found
            && m.role != fields.role
        {
            f.error(
                l,
                "職種",
                crate::format_tr!(
                    "登録済みの職員「{}」の職種（{}）と違います",
                    "differs from the role of the registered staff member {} ({})",
                    m.name,
                    m.role.label(crate::domain::Lang::session())
                ),
            );
        }
        in_file.add(people.len(), &fields);
        people.push(Person {
            existing: found.map(|m| m.id),
            fields,
            ftes: vec![(from, fte)],
            dates: HashSet::from([from]),
        });
    }
    verdict(f, accept_warnings)?;
    let mut added = people.iter().filter(|p| p.existing.is_none()).count();
    if !dry_run {
        added = store.write(|w| {
            // Who exists is decided again inside the write transaction: another import of the
            // same file that finished meanwhile has registered these people already.
            let now = staff::list(&w.tx)?;
            let now_people = People::of(&now);
            for p in people.iter_mut().filter(|p| p.existing.is_none()) {
                p.existing = now_people.find(&p.fields).map(|i| now[i].id);
            }
            let added = people.iter().filter(|p| p.existing.is_none()).count();
            for p in &mut people {
                p.ftes.sort_by_key(|(d, _)| *d);
                // Each person is created with one FTE row and only gains more, so [0] exists.
                let (first_from, first_fte) = p.ftes[0];
                let id = match p.existing {
                    Some(id) => {
                        staff::set_fte(w, id, first_fte, first_from)?;
                        id
                    }
                    None => staff::insert(w, &p.fields, first_fte, first_from)?,
                };
                for (from, fte) in &p.ftes[1..] {
                    staff::set_fte(w, id, *fte, *from)?;
                }
            }
            Ok(added)
        })?;
    }
    Ok(Imported {
        added,
        updated: people.len() - added,
    })
}

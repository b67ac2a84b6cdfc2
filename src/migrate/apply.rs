//! Writes what a reader read, in one transaction: providers and staff not yet known, then each
//! person — the client (matched on (保険者番号, 被保険者番号), created with an estimated 契約日
//! when new), every certification not yet on record, every plan revision not yet on record with
//! its 第2表 lines matched to providers by name. What exists already is left as it is, so a second
//! run creates nothing. A dry run does the same writes and rolls them back, so it reports exactly
//! what a real run would do.

use super::contract_date::{self, Source};
use super::fold::name_key;
use super::records::{Batch, LineIn, Origin, Person, PlanIn, review, service_code};
use super::{ReviewItem, Summary};
use crate::domain::care_level::CertStatus;
use crate::domain::certification::{CertSpan, Placement, place};
use crate::domain::dates::{from_iso, iso};
use crate::domain::lang::Lang;
use crate::domain::plan::PlanStatus;
use crate::present::output::Progress;
use crate::store::certifications::CertificationFields;
use crate::store::clients::{self, ClientFields};
use crate::store::plans::{self, PlanFields, ServiceLine};
use crate::store::{Store, Writer, migration_reviews, office, providers, staff};
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use std::collections::{BTreeSet, HashMap};

/// What a run did, and what it says besides the summary.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub summary: Summary,
    /// Review items not raised by an earlier run.
    pub new_reviews: usize,
    pub notes: Vec<String>,
}

/// Writes `batch` for `source` (honobono, csv …) all or nothing; with `dry_run` nothing stays.
pub fn apply(
    store: &mut Store,
    source: &str,
    batch: Batch,
    dry_run: bool,
    today: NaiveDate,
) -> Result<Outcome> {
    store.write_unless(dry_run, |w| {
        let mut run = Run::load(w)?;
        let mut out = Outcome {
            notes: batch.notes.clone(),
            ..Outcome::default()
        };
        out.summary.skipped = batch.skipped.clone();
        out.summary.review = batch.review.clone();
        // Whether someone has left is asked when they move in, not again on every run.
        out.summary.review.retain(|r| {
            r.kind != "ended_client"
                || !run
                    .clients
                    .contains_key(&(r.insurer_number.clone(), r.insured_number.clone()))
        });
        out.summary.dry_run = dry_run;
        run.providers(w, &batch, &mut out)?;
        run.staff(w, &batch, &mut out, today)?;
        let mut progress = Progress::new("利用者", batch.people.len());
        for (i, p) in batch.people.iter().enumerate() {
            run.person(w, p, &mut out.summary)?;
            progress.tick(i + 1);
        }
        progress.finish();
        out.new_reviews = migration_reviews::record(w, source, &out.summary.review)?;
        office::set_records_since_if_unset(w, today)?;
        out.summary.records_since = office::records_since(&w.tx)?.map(iso);
        Ok(out)
    })
}

/// A provider as names match it: id and registered service types.
struct Known {
    id: i64,
    office_number: String,
    types: Vec<String>,
}

/// The office's records as the run needs them, read once (a run is linear in its rows).
struct Run {
    /// (保険者番号, 被保険者番号) → (id, its 契約日, where that came from).
    clients: HashMap<(String, String), (i64, NaiveDate, Source)>,
    /// Each client's certifications, for the overlap rule and to skip those on record.
    certs: HashMap<i64, Vec<CertSpan>>,
    /// Each client's plan dates on record.
    plans: HashMap<i64, BTreeSet<NaiveDate>>,
    providers_by_name: HashMap<String, Vec<Known>>,
    provider_numbers: HashMap<String, i64>,
    staff_numbers: BTreeSet<String>,
    staff_names: BTreeSet<String>,
}

impl Run {
    fn load(w: &Writer<'_>) -> Result<Run> {
        let tx = &w.tx;
        let mut clients = HashMap::new();
        let mut st = tx.prepare(
            "SELECT id, insurer_number, insured_number, contract_date, contract_date_source
             FROM clients",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            // An unknown source reads as entered: nothing then replaces it.
            let source = Source::from_code(r.get_ref(4)?.as_str()?).unwrap_or(Source::Entered);
            let day = from_iso(r.get_ref(3)?.as_str()?).unwrap_or_default();
            clients.insert((r.get(1)?, r.get(2)?), (r.get(0)?, day, source));
        }
        let mut certs: HashMap<i64, Vec<CertSpan>> = HashMap::new();
        let mut st = tx.prepare(
            "SELECT client_id, valid_from, valid_to, status, change_of_level FROM certifications
             WHERE withdrawn_at IS NULL",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let Some(from) = from_iso(r.get_ref(1)?.as_str()?) else {
                continue;
            };
            certs.entry(r.get(0)?).or_default().push(CertSpan {
                valid_from: from,
                valid_to: r.get_ref(2)?.as_str_or_null()?.and_then(from_iso),
                status: CertStatus::from_code(r.get_ref(3)?.as_str()?),
                change_of_level: r.get(4)?,
            });
        }
        let mut plans: HashMap<i64, BTreeSet<NaiveDate>> = HashMap::new();
        let mut st = tx.prepare("SELECT client_id, plan_date FROM care_plans")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(d) = from_iso(r.get_ref(1)?.as_str()?) {
                plans.entry(r.get(0)?).or_default().insert(d);
            }
        }
        let mut run = Run {
            clients,
            certs,
            plans,
            providers_by_name: HashMap::new(),
            provider_numbers: HashMap::new(),
            staff_numbers: BTreeSet::new(),
            staff_names: BTreeSet::new(),
        };
        for p in providers::list(tx)? {
            run.know_provider(
                p.id,
                &p.fields.name,
                p.fields.office_number.as_str(),
                p.fields.service_types,
            );
        }
        for s in staff::list(tx)? {
            if let Some(n) = s.cm_number {
                run.staff_numbers.insert(n);
            }
            run.staff_names.insert(name_key(&s.name));
        }
        Ok(run)
    }

    fn know_provider(&mut self, id: i64, name: &str, number: &str, types: Vec<String>) {
        self.provider_numbers.insert(number.to_string(), id);
        self.providers_by_name
            .entry(name_key(name))
            .or_default()
            .push(Known {
                id,
                office_number: number.to_string(),
                types,
            });
    }

    fn providers(&mut self, w: &Writer<'_>, batch: &Batch, out: &mut Outcome) -> Result<()> {
        for p in &batch.providers {
            let number = p.fields.office_number.as_str();
            if self.provider_numbers.contains_key(number) {
                continue;
            }
            let id = providers::insert(w, &p.fields)?;
            self.know_provider(id, &p.fields.name, number, p.fields.service_types.clone());
            out.summary.providers_created += 1;
        }
        Ok(())
    }

    fn staff(
        &mut self,
        w: &Writer<'_>,
        batch: &Batch,
        out: &mut Outcome,
        today: NaiveDate,
    ) -> Result<()> {
        let mut created = 0;
        for s in &batch.staff {
            let number = s.fields.cm_number.as_ref().map(|n| n.as_str().to_string());
            let known = match &number {
                Some(n) => self.staff_numbers.contains(n),
                None => self.staff_names.contains(&name_key(&s.fields.name)),
            };
            if known {
                continue;
            }
            // FTE is not in any export: 1.0 from today, to be corrected on the staff screen.
            staff::insert(
                w,
                &s.fields,
                crate::domain::fte::Fte::from_hundredths(100),
                today,
            )?;
            if let Some(n) = number {
                self.staff_numbers.insert(n);
            }
            self.staff_names.insert(name_key(&s.fields.name));
            created += 1;
        }
        if created > 0 {
            out.notes.push(format!(
                "職員 {created} 人を登録しました（常勤換算は 1.0 としています。職員の画面で直してください）"
            ));
        }
        Ok(())
    }

    fn person(&mut self, w: &Writer<'_>, p: &Person, s: &mut Summary) -> Result<()> {
        let numbers = Some((&p.insurer, &p.insured));
        let key = (
            p.insurer.as_str().to_string(),
            p.insured.as_str().to_string(),
        );
        let first_cert = p.certifications.iter().map(|c| c.fields.valid_from).min();
        let estimate = match p.contract_date {
            Some(d) => Some((d, Source::Entered)),
            None => contract_date::estimate(p.first_plan, first_cert),
        };
        let id = match self.clients.get(&key).copied() {
            Some((id, current_day, current)) => {
                if let Some((date, source)) = estimate
                    && contract_date::replaces(current_day, current, date, source)
                {
                    clients::set_contract_estimate(w, id, date, source.code())?;
                    self.clients.insert(key, (id, date, source));
                    s.clients_updated += 1;
                    if source.is_estimate() {
                        s.review.push(review(
                            &p.origin,
                            "contract_date_estimated",
                            contract_date::review_detail(date, source),
                            numbers,
                        ));
                    }
                }
                id
            }
            None => {
                let Some((date, source)) = estimate else {
                    s.skipped.push(super::Skipped {
                        file: p.origin.file.clone(),
                        line: p.origin.line,
                        reason: "契約日の手がかり（初回計画作成日・認定有効期間）がないため登録できません".into(),
                    });
                    return Ok(());
                };
                let fields = ClientFields {
                    name: p.name.clone(),
                    kana: p.kana.clone(),
                    birth_date: p.birth_date,
                    sex: p.sex,
                    insurer_number: p.insurer.clone(),
                    insured_number: p.insured.clone(),
                    address: p.address.clone(),
                    phone: p.phone.clone(),
                    contract_date: date,
                };
                let id = clients::insert(w, &fields, None, None)?;
                if source.is_estimate() {
                    clients::set_contract_estimate(w, id, date, source.code())?;
                    s.review.push(review(
                        &p.origin,
                        "contract_date_estimated",
                        contract_date::review_detail(date, source),
                        numbers,
                    ));
                }
                self.clients.insert(key, (id, date, source));
                s.clients_created += 1;
                id
            }
        };
        self.certifications(w, id, p, s)?;
        self.plans(w, id, p, s)
    }

    fn certifications(
        &mut self,
        w: &Writer<'_>,
        id: i64,
        p: &Person,
        s: &mut Summary,
    ) -> Result<()> {
        let spans = self.certs.entry(id).or_default();
        let mut mine: Vec<_> = p.certifications.iter().collect();
        mine.sort_by_key(|c| c.fields.valid_from);
        for c in mine {
            if spans.iter().any(|o| o.valid_from == c.fields.valid_from) {
                continue;
            }
            let mut f: CertificationFields = c.fields.clone();
            // A certification starting inside the certified period before it replaced it
            // (区分変更): the earlier one ends the day before.
            f.change_of_level = f.status == CertStatus::Certified
                && spans.iter().any(|o| {
                    o.status == CertStatus::Certified
                        && o.valid_from < f.valid_from
                        && o.valid_to.is_none_or(|t| t >= f.valid_from)
                });
            match place(&f.span(), spans) {
                Err(why) => {
                    s.review.push(review(
                        &c.origin,
                        "certification_overlap",
                        format!("{}。この認定は取り込んでいません", why.message(Lang::Ja)),
                        Some((&p.insurer, &p.insured)),
                    ));
                    continue;
                }
                Ok(Placement::Shortens {
                    index,
                    new_valid_to,
                }) => {
                    if let Some(o) = spans.get_mut(index) {
                        o.valid_to = Some(new_valid_to);
                    }
                }
                Ok(Placement::Clear) => {}
            }
            let cert = crate::store::certifications::add_certification(w, id, &f)?;
            if let Some((from, to)) = c.limit
                && (from, Some(to)) != (f.valid_from, f.valid_to)
            {
                crate::store::certifications::set_limit_period(w, cert, from, to)?;
            }
            spans.push(f.span());
            s.certifications_created += 1;
        }
        Ok(())
    }

    fn plans(&mut self, w: &Writer<'_>, id: i64, p: &Person, s: &mut Summary) -> Result<()> {
        let on_record = self.plans.entry(id).or_default().clone();
        let newest_on_record = on_record.iter().next_back().copied();
        let newest = p.plans.iter().map(|x| x.plan_date).max();
        for plan in &p.plans {
            if on_record.contains(&plan.plan_date) {
                continue;
            }
            let Some((from, to)) = period(plan, p) else {
                s.skipped.push(super::Skipped {
                    file: plan.origin.file.clone(),
                    line: plan.origin.line,
                    reason: format!(
                        "作成日 {} の計画の期間（認定有効期間）が分からないため取り込めません",
                        iso(plan.plan_date)
                    ),
                });
                continue;
            };
            // The newest revision is the one in force; the older ones are history.
            let in_force = Some(plan.plan_date) == newest
                && newest_on_record.is_none_or(|n| n < plan.plan_date);
            let mut lines = Vec::new();
            for l in &plan.lines {
                match self.match_line(l) {
                    Ok(line) => lines.push(line),
                    Err(why) => s.review.push(review(
                        &l.origin,
                        "provider_match",
                        format!(
                            "作成日 {} の計画の第2表「{}」（{}）: {why}",
                            iso(plan.plan_date),
                            l.provider,
                            l.service
                        ),
                        Some((&p.insurer, &p.insured)),
                    )),
                }
            }
            let fields = PlanFields {
                plan_date: plan.plan_date,
                first_plan_date: plan.first_plan_date,
                kind: plan.kind,
                period_from: from,
                period_to: to,
                care_level: level_on(p, plan.plan_date),
                consent_date: None,
                handed_date: None,
                status: if in_force {
                    PlanStatus::Confirmed
                } else {
                    PlanStatus::Superseded
                },
            };
            plans::insert_history(w, id, &fields, &lines)?;
            if in_force {
                for l in &lines {
                    clients::link_provider(w, id, l.provider_id, &l.service_type)?;
                }
            }
            self.plans.entry(id).or_default().insert(plan.plan_date);
            s.plans_created += 1;
        }
        Ok(())
    }

    /// The provider a 第2表 line names, where exactly one fits; else why not.
    fn match_line(&self, l: &LineIn) -> Result<ServiceLine, String> {
        let found: &[Known] = self
            .providers_by_name
            .get(&name_key(&l.provider))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let k = match found {
            [k] => k,
            [] => {
                return Err(
                    "この名前の事業所が登録されていません。事業所を登録（careplan import providers）してから移行をやり直すか、計画に手で加えてください"
                        .into(),
                );
            }
            many => {
                return Err(format!(
                    "この名前の事業所が {} 件あります（{}）。どれか確かめて計画に手で加えてください",
                    many.len(),
                    many.iter()
                        .map(|k| k.office_number.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                ));
            }
        };
        let named = service_code(&l.service);
        let code = match (named, k.types.as_slice()) {
            (Some(c), types) if types.is_empty() || types.iter().any(|t| t == c) => c.to_string(),
            (None, [only]) => only.clone(),
            _ => {
                return Err(format!(
                    "サービス種別が事業所 {} の登録（{}）と合いません。計画に手で加えてください",
                    k.office_number,
                    k.types.join(" ")
                ));
            }
        };
        Ok(ServiceLine {
            provider_id: k.id,
            service_type: code,
            what: l.what.clone(),
            frequency: l.frequency.clone(),
            office_number: k.office_number.clone(),
            provider_name: l.provider.clone(),
        })
    }
}

/// A plan's period: as the file gives it, else the certification in force on its date.
fn period(plan: &PlanIn, p: &Person) -> Option<(NaiveDate, NaiveDate)> {
    plan.period.filter(|(f, t)| t >= f).or_else(|| {
        p.certifications
            .iter()
            .filter(|c| c.fields.valid_from <= plan.plan_date)
            .filter_map(|c| Some((c.fields.valid_from, c.fields.valid_to?)))
            .find(|(_, t)| *t >= plan.plan_date)
    })
}

/// The care level certified on `day`, from the person's history.
fn level_on(p: &Person, day: NaiveDate) -> Option<crate::domain::care_level::CareLevel> {
    p.certifications
        .iter()
        .filter(|c| c.fields.valid_from <= day && c.fields.valid_to.is_none_or(|t| t >= day))
        .max_by_key(|c| c.fields.valid_from)
        .and_then(|c| c.fields.care_level)
}

/// Items about the same client and kind said once per run (a person read twice).
pub fn dedupe(items: &mut Vec<ReviewItem>) {
    let mut seen = BTreeSet::new();
    items.retain(|i| {
        seen.insert((
            i.kind.clone(),
            i.insurer_number.clone(),
            i.insured_number.clone(),
            i.detail.clone(),
        ))
    });
}

/// The origin of a whole file (line 1, its header), for items about the file itself.
pub fn whole_file(file: &str) -> Origin {
    Origin {
        file: file.to_string(),
        line: 1,
    }
}

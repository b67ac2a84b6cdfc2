//! The records the 加算 rules read, from the command line: `careplan stays`, `office hours|
//! closed|open|days|periods`, `clients terminal-consent|death|same-building` and `kasan decide`.

use super::shared::{client_filter, client_id, refused_or};
use super::today;
use crate::cli::{
    DaysArgs, DaysCommand, DaysListArgs, DeathArgs, HoursArgs, HoursCommand, KasanDecideArgs,
    KasanVerdict, NoteFieldArgs, PeriodsArgs, PeriodsCommand, SameBuildingArgs,
    SameBuildingCommand, StaysArgs, StaysCommand, TerminalConsentArgs, YesNo,
};
use crate::domain::Lang;
use crate::domain::caseload::Period;
use crate::domain::dates::{iso, parse_date, parse_month};
use crate::domain::kasan_records::{
    Coded, Decision, Destination, DoctorKind, HoursFields, Method, NoteFields, SameBuildingWhy,
    StayFields, StayKind, parse_clock, parse_weekdays, weekdays_text,
};
use crate::domain::validation::Invalid;
use crate::present::output::{Listing, lang, print, tr};
use crate::store::Store;
use crate::store::business_calendar as calendar;
use crate::store::case_notes::client_labels;
use crate::store::same_building::{self, SameBuildingFields};
use crate::store::{client_dates, kasan_decisions, office_system, stays};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, eyre};
use serde_json::json;
use std::process::ExitCode;

fn flag<T>(flag: &str, r: Result<T, Invalid>) -> Result<T> {
    r.map_err(|e| eyre!("{flag}: {}", e.message(lang())))
}

fn date(flag_name: &str, s: &str) -> Result<NaiveDate> {
    flag(flag_name, parse_date(s))
}

/// A date, or `none` / `なし` for no date.
fn date_or_none(flag_name: &str, s: &str) -> Result<Option<NaiveDate>> {
    match s.trim() {
        "none" | "なし" => Ok(None),
        d => date(flag_name, d).map(Some),
    }
}

fn done(message: String) -> Result<ExitCode> {
    crate::say!("{message}")?;
    Ok(ExitCode::SUCCESS)
}

/// The 取消 cell of a listing: the reason a record was withdrawn, if it was.
fn withdrawn_cell(reason: Option<&str>) -> String {
    reason
        .map(|r| crate::format_tr!("取消: {r}", "withdrawn: {r}"))
        .unwrap_or_default()
}

/// The fields a `notes add` gives, read (not yet checked against the category).
pub(super) fn note_fields(a: &NoteFieldArgs) -> Result<NoteFields> {
    let yes = |b: bool| b.then_some(true);
    Ok(NoteFields {
        method: a
            .method
            .as_deref()
            .map(|m| flag("--method", Method::parse(m)))
            .transpose()?,
        place: a.place.clone(),
        stay_id: a.stay,
        conference: yes(a.conference),
        document_on_file: yes(a.document_on_file),
        doctor_kind: a
            .doctor_kind
            .as_deref()
            .map(|k| flag("--doctor-kind", DoctorKind::parse(k)))
            .transpose()?,
        told: super::shared::typed_text(&a.told),
        heard: super::shared::typed_text(&a.heard),
        requested_by: a.requested_by.clone(),
        medical_attended: yes(a.medical_attended),
        plan_changed: yes(a.plan_changed),
    })
}

pub fn stays_run(store: &mut Store, a: &StaysArgs) -> Result<ExitCode> {
    match &a.command {
        None => stays_list(store, a),
        Some(StaysCommand::Add(x)) => {
            let client = client_id(store, &x.client)?;
            let f = StayFields {
                institution: x.institution.clone(),
                kind: flag("--kind", StayKind::parse(&x.kind))?,
                admitted_on: date("--admitted-on", &x.admitted_on)?,
                after_hours: x.after_hours,
                discharged_on: x
                    .discharged_on
                    .as_deref()
                    .map(|d| date("--discharged-on", d))
                    .transpose()?,
                destination: x
                    .destination
                    .as_deref()
                    .map(|d| flag("--destination", Destination::parse(d)))
                    .transpose()?,
                note: x.note.clone(),
            };
            match store.write(|w| stays::add(w, client, &f, today())) {
                Ok(id) => done(crate::format_tr!(
                    "入院・入所 id {id} を記録しました",
                    "recorded stay id {id}"
                )),
                Err(e) => refused_or(e),
            }
        }
        Some(StaysCommand::Edit(x)) => {
            let result = store.write(|w| {
                let mut f = stays::get(&w.tx, x.id)?.fields();
                if let Some(i) = &x.institution {
                    f.institution = i.clone();
                }
                if let Some(k) = &x.kind {
                    f.kind = flag("--kind", StayKind::parse(k))?;
                }
                if let Some(d) = &x.admitted_on {
                    f.admitted_on = date("--admitted-on", d)?;
                }
                if let Some(h) = x.after_hours {
                    f.after_hours = h == YesNo::Yes;
                }
                if let Some(d) = &x.discharged_on {
                    f.discharged_on = date_or_none("--discharged-on", d)?;
                    if f.discharged_on.is_none() {
                        f.destination = None;
                    }
                }
                if let Some(d) = &x.destination {
                    f.destination = Some(flag("--destination", Destination::parse(d))?);
                }
                if let Some(n) = &x.note {
                    f.note = n.clone();
                }
                stays::correct(w, x.id, None, &f, &x.reason, today())
            });
            match result {
                Ok(()) => done(crate::format_tr!(
                    "入院・入所 id {} を訂正しました",
                    "corrected stay id {}",
                    x.id
                )),
                Err(e) => refused_or(e),
            }
        }
        Some(StaysCommand::Withdraw(x)) => {
            match store.write(|w| stays::withdraw(w, x.id, &x.reason)) {
                Ok(()) => done(crate::format_tr!(
                    "入院・入所 id {} を取り消しました",
                    "withdrew stay id {}",
                    x.id
                )),
                Err(e) => refused_or(e),
            }
        }
    }
}

fn stays_list(store: &Store, a: &StaysArgs) -> Result<ExitCode> {
    let client = client_filter(store, &a.insurer, &a.insured)?;
    let list = stays::list(store.conn(), client, a.withdrawn)?;
    let labels = client_labels(store.conn())?;
    let json: Vec<_> = list
        .iter()
        .map(|s| {
            let c = labels.get(&s.client_id);
            json!({
                "id": s.id,
                "insurer_number": c.map(|c| &c.insurer_number),
                "insured_number": c.map(|c| &c.insured_number),
                "name": c.map(|c| &c.name),
                "institution": s.institution,
                "kind": s.kind.code(),
                "admitted_on": iso(s.admitted_on),
                "after_hours": s.after_hours,
                "discharged_on": s.discharged_on.map(iso),
                "destination": s.destination.map(Coded::code),
                "note": s.note,
                "withdrawn": s.withdrawn_reason.is_some(),
                "withdrawn_reason": s.withdrawn_reason,
            })
        })
        .collect();
    let rows = list
        .iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                labels
                    .get(&s.client_id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                s.institution.clone(),
                s.kind.label(lang()).to_string(),
                format!(
                    "{}{}",
                    iso(s.admitted_on),
                    if s.after_hours {
                        tr("（時間外）", " (after hours)")
                    } else {
                        ""
                    }
                ),
                s.discharged_on
                    .map(iso)
                    .unwrap_or_else(|| tr("入院中", "still in").into()),
                s.destination
                    .map(|d| d.label(lang()).to_string())
                    .unwrap_or_default(),
                withdrawn_cell(s.withdrawn_reason.as_deref()),
            ]
        })
        .collect();
    print(
        a.format,
        &Listing {
            headers: &[
                "id",
                tr("利用者", "client"),
                tr("入院・入所先", "institution"),
                tr("種類", "kind"),
                tr("入院・入所日", "admitted"),
                tr("退院・退所日", "discharged"),
                tr("退院先", "discharged to"),
                tr("取消", "withdrawn"),
            ],
            rows,
            numeric: &[0],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn hours(store: &mut Store, a: &HoursArgs) -> Result<ExitCode> {
    match &a.command {
        Some(HoursCommand::Set(x)) => {
            let f = HoursFields {
                from: date("--from", &x.from)?,
                weekdays: flag("--weekdays", parse_weekdays(&x.weekdays))?,
                opens: flag("--opens", parse_clock(&x.opens, ("始業", "opening")))?,
                closes: flag("--closes", parse_clock(&x.closes, ("終業", "closing")))?,
                holidays_closed: !x.holidays_open,
            };
            match store.write(|w| calendar::set_hours(w, &f)) {
                Ok(_) => done(crate::format_tr!(
                    "{} からの営業日を {}、{}〜{}（祝日は{}）にしました",
                    "business days from {} set to {}, {}–{} (holidays {})",
                    iso(f.from),
                    weekdays_text(&f.weekdays, lang()),
                    f.opens.format("%H:%M"),
                    f.closes.format("%H:%M"),
                    if f.holidays_closed {
                        tr("休み", "closed")
                    } else {
                        tr("営業", "open")
                    }
                )),
                Err(e) => refused_or(e),
            }
        }
        None => {
            let list = calendar::hours(store.conn())?;
            let json: Vec<_> = list
                .iter()
                .map(|h| {
                    json!({
                        "id": h.id,
                        "from": iso(h.fields.from),
                        "until": h.until.map(iso),
                        "weekdays": h.fields.weekdays,
                        "opens": h.fields.opens.format("%H:%M").to_string(),
                        "closes": h.fields.closes.format("%H:%M").to_string(),
                        "holidays_closed": h.fields.holidays_closed,
                    })
                })
                .collect();
            let rows = list
                .iter()
                .map(|h| {
                    vec![
                        iso(h.fields.from),
                        h.until.map(iso).unwrap_or_default(),
                        weekdays_text(&h.fields.weekdays, lang()),
                        format!(
                            "{}{}{}",
                            h.fields.opens.format("%H:%M"),
                            tr("〜", "-"),
                            h.fields.closes.format("%H:%M")
                        ),
                        if h.fields.holidays_closed {
                            tr("休み", "closed").into()
                        } else {
                            tr("営業", "open").into()
                        },
                    ]
                })
                .collect();
            print(
                a.format,
                &Listing {
                    headers: &[
                        tr("開始日", "from"),
                        tr("終了日", "until"),
                        tr("営業日", "weekdays"),
                        tr("営業時間", "hours"),
                        tr("祝日", "holidays"),
                    ],
                    rows,
                    numeric: &[],
                    json: &json,
                },
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `DATE` or `DATE..DATE`.
fn day_range(s: &str) -> Result<(NaiveDate, NaiveDate)> {
    match s.split_once("..") {
        Some((a, b)) => Ok((date(tr("日付", "date"), a)?, date(tr("日付", "date"), b)?)),
        None => {
            let d = date(tr("日付", "date"), s)?;
            Ok((d, d))
        }
    }
}

pub fn mark_days(store: &mut Store, a: &DaysArgs, open: bool) -> Result<ExitCode> {
    let (from, until) = day_range(&a.days)?;
    match store.write(|w| calendar::add_days(w, from, until, open, &a.reason)) {
        Ok(id) => done(crate::format_tr!(
            "{}{}を{}として記録しました（id {id}）",
            "recorded {}{} as {} (id {id})",
            iso(from),
            if until == from {
                String::new()
            } else {
                format!("{}{}", tr(" 〜 ", " to "), iso(until))
            },
            if open {
                tr("営業日", "open")
            } else {
                tr("休業日", "closed")
            }
        )),
        Err(e) => refused_or(e),
    }
}

pub fn days(store: &mut Store, a: &DaysListArgs) -> Result<ExitCode> {
    if let Some(DaysCommand::Withdraw(x)) = &a.command {
        return match store.write(|w| calendar::withdraw_days(w, x.id, &x.reason)) {
            Ok(()) => done(crate::format_tr!(
                "休業日・営業日の記録 id {} を取り消しました",
                "withdrew the closed/open day record id {}",
                x.id
            )),
            Err(e) => refused_or(e),
        };
    }
    let list = calendar::days(store.conn(), a.withdrawn)?;
    let json: Vec<_> = list
        .iter()
        .map(|d| {
            json!({
                "id": d.id,
                "from": iso(d.from),
                "until": iso(d.until),
                "open": d.open,
                "reason": d.reason,
                "withdrawn": d.withdrawn_reason.is_some(),
            })
        })
        .collect();
    let rows = list
        .iter()
        .map(|d| {
            vec![
                d.id.to_string(),
                iso(d.from),
                iso(d.until),
                if d.open {
                    tr("営業日", "open")
                } else {
                    tr("休業日", "closed")
                }
                .into(),
                d.reason.clone(),
                withdrawn_cell(d.withdrawn_reason.as_deref()),
            ]
        })
        .collect();
    print(
        a.format,
        &Listing {
            headers: &[
                "id",
                tr("開始日", "from"),
                tr("終了日", "until"),
                tr("区別", "open/closed"),
                tr("理由", "reason"),
                tr("取消", "withdrawn"),
            ],
            rows,
            numeric: &[0],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn periods(store: &mut Store, a: &PeriodsArgs) -> Result<ExitCode> {
    if let Some(PeriodsCommand::Set(x)) = &a.command {
        let period = match date_or_none("--from", &x.from)? {
            None => None,
            Some(from) => {
                let until = x.until.as_deref().map(|u| date("--until", u)).transpose()?;
                if until.is_some_and(|u| u < from) {
                    return Err(eyre!(crate::format_tr!(
                        "--until: 終了日が開始日より前です",
                        "--until: the end is before the start (--from); give an end on or after it"
                    )));
                }
                Some(Period { from, until })
            }
        };
        return match store.write(|w| office_system::set(w, &x.setting, period)) {
            Ok(()) => done(match (period, lang()) {
                (Some(p), Lang::Ja) => format!(
                    "{}の期間を{}にしました",
                    office_system::label(&x.setting, Lang::Ja),
                    match p.until {
                        Some(u) => format!("{} 〜 {} ", iso(p.from), iso(u)),
                        None => format!("{} から", iso(p.from)),
                    }
                ),
                (Some(p), Lang::En) => format!(
                    "{}: period set {}",
                    office_system::label(&x.setting, Lang::En),
                    match p.until {
                        Some(u) => format!("from {} to {}", iso(p.from), iso(u)),
                        None => format!("from {}", iso(p.from)),
                    }
                ),
                (None, Lang::Ja) => format!(
                    "{}の期間を取り消しました",
                    office_system::label(&x.setting, Lang::Ja)
                ),
                (None, Lang::En) => format!(
                    "{}: period withdrawn",
                    office_system::label(&x.setting, Lang::En)
                ),
            }),
            Err(e) => refused_or(e),
        };
    }
    let all = office_system::all(store.conn())?;
    let json: serde_json::Map<String, serde_json::Value> = all
        .iter()
        .map(|(s, ps)| {
            (
                (*s).to_string(),
                ps.iter()
                    .map(|p| json!({"from": iso(p.from), "until": p.until.map(iso)}))
                    .collect(),
            )
        })
        .collect();
    let rows = all
        .iter()
        .map(|(s, ps)| {
            vec![
                (*s).to_string(),
                office_system::label(s, lang()).to_string(),
                if ps.is_empty() {
                    tr("なし", "none").into()
                } else {
                    ps.iter()
                        .map(|p| crate::domain::dates::period(p.from, p.until, lang()))
                        .collect::<Vec<_>>()
                        .join(tr("、", ", "))
                },
            ]
        })
        .collect();
    print(
        a.format,
        &Listing {
            headers: &[
                tr("体制", "setting"),
                tr("名前", "name"),
                tr("期間", "periods"),
            ],
            rows,
            numeric: &[],
            json: &json,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn terminal_consent(store: &mut Store, a: &TerminalConsentArgs) -> Result<ExitCode> {
    let client = client_id(store, &a.client)?;
    let on = date_or_none("--on", &a.on)?;
    let reason = a.reason.as_deref().unwrap_or("");
    match store.write(|w| client_dates::set_terminal_consent(w, client, on, reason)) {
        Ok(()) => done(match on {
            Some(d) => crate::format_tr!(
                "ターミナルケアマネジメントの同意を {} として記録しました",
                "recorded the consent to ターミナルケアマネジメント on {}",
                iso(d)
            ),
            None => tr(
                "ターミナルケアマネジメントの同意の記録を外しました",
                "cleared the consent to ターミナルケアマネジメント",
            )
            .into(),
        }),
        Err(e) => refused_or(e),
    }
}

pub fn death(store: &mut Store, a: &DeathArgs) -> Result<ExitCode> {
    let client = client_id(store, &a.client)?;
    let on = date_or_none("--on", &a.on)?;
    let place = match (on, a.place.as_deref()) {
        (Some(_), None) => {
            return Err(eyre!(crate::format_tr!(
                "--place: 亡くなった場所を home（自宅）か other（自宅以外）で指定してください",
                "--place: give the place of death as home or other (elsewhere than at home)"
            )));
        }
        (Some(_), Some(p)) => Some(match p.trim() {
            "自宅" => "home",
            "自宅以外" => "other",
            p => p,
        }),
        (None, _) => None,
    };
    if on.is_some_and(|d| d > today()) {
        return Err(eyre!(crate::format_tr!(
            "--on: 今日より後の日付です",
            "--on: the date is after today; give the day it happened"
        )));
    }
    let reason = a.reason.as_deref().unwrap_or("");
    let death = on.zip(place);
    match store.write(|w| client_dates::set_death(w, client, death, reason)) {
        Ok(()) => done(match death {
            Some((d, p)) => crate::format_tr!(
                "{} に{}で亡くなったことを記録しました",
                "recorded the death on {} {}",
                iso(d),
                if p == "home" {
                    tr("自宅", "at home")
                } else {
                    tr("自宅以外", "elsewhere than at home")
                }
            ),
            None => tr("死亡の記録を外しました", "cleared the record of death").into(),
        }),
        Err(e) => refused_or(e),
    }
}

pub fn same_building_run(store: &mut Store, a: &SameBuildingArgs) -> Result<ExitCode> {
    match &a.command {
        Some(SameBuildingCommand::Add(x)) => {
            let client = client_id(store, &x.client)?;
            let f = SameBuildingFields {
                from: date("--from", &x.from)?,
                until: x.until.as_deref().map(|u| date("--until", u)).transpose()?,
                why: flag("--why", SameBuildingWhy::parse(&x.why))?,
                building: x.building.clone(),
            };
            match store.write(|w| same_building::add(w, client, &f)) {
                Ok(id) => done(crate::format_tr!(
                    "同一建物の期間 id {id} を記録しました",
                    "recorded same-building period id {id}"
                )),
                Err(e) => refused_or(e),
            }
        }
        Some(SameBuildingCommand::Edit(x)) => {
            let result = store.write(|w| {
                let mut f = same_building::get(&w.tx, x.id)?.fields;
                if let Some(y) = &x.why {
                    f.why = flag("--why", SameBuildingWhy::parse(y))?;
                }
                if let Some(b) = &x.building {
                    f.building = b.clone();
                }
                if let Some(d) = &x.from {
                    f.from = date("--from", d)?;
                }
                if let Some(d) = &x.until {
                    f.until = date_or_none("--until", d)?;
                }
                same_building::correct(w, x.id, None, &f, &x.reason)
            });
            match result {
                Ok(()) => done(crate::format_tr!(
                    "同一建物の期間 id {} を訂正しました",
                    "corrected same-building period id {}",
                    x.id
                )),
                Err(e) => refused_or(e),
            }
        }
        Some(SameBuildingCommand::Withdraw(x)) => {
            match store.write(|w| same_building::withdraw(w, x.id, &x.reason)) {
                Ok(()) => done(crate::format_tr!(
                    "同一建物の期間 id {} を取り消しました",
                    "withdrew same-building period id {}",
                    x.id
                )),
                Err(e) => refused_or(e),
            }
        }
        None => {
            let list = same_building::list(store.conn(), None, a.withdrawn)?;
            let labels = client_labels(store.conn())?;
            let json: Vec<_> = list
                .iter()
                .map(|s| {
                    let c = labels.get(&s.client_id);
                    json!({
                        "id": s.id,
                        "insurer_number": c.map(|c| &c.insurer_number),
                        "insured_number": c.map(|c| &c.insured_number),
                        "name": c.map(|c| &c.name),
                        "from": iso(s.fields.from),
                        "until": s.fields.until.map(iso),
                        "why": s.fields.why.code(),
                        "building": s.fields.building,
                        "withdrawn": s.withdrawn_reason.is_some(),
                    })
                })
                .collect();
            let rows = list
                .iter()
                .map(|s| {
                    vec![
                        s.id.to_string(),
                        labels
                            .get(&s.client_id)
                            .map(|c| c.name.clone())
                            .unwrap_or_default(),
                        s.fields.why.label(lang()).to_string(),
                        s.fields.building.clone(),
                        iso(s.fields.from),
                        s.fields.until.map(iso).unwrap_or_default(),
                        withdrawn_cell(s.withdrawn_reason.as_deref()),
                    ]
                })
                .collect();
            print(
                a.format,
                &Listing {
                    headers: &[
                        "id",
                        tr("利用者", "client"),
                        tr("理由", "reason"),
                        tr("建物", "building"),
                        tr("開始日", "from"),
                        tr("終了日", "until"),
                        tr("取消", "withdrawn"),
                    ],
                    rows,
                    numeric: &[0],
                    json: &json,
                },
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn kasan_decide(store: &mut Store, x: &KasanDecideArgs) -> Result<ExitCode> {
    let client = client_id(store, &x.client)?;
    let month = flag("--month", parse_month(&x.month))?;
    let decision = match x.verdict {
        KasanVerdict::Accept => Decision::Accepted,
        KasanVerdict::Reject => Decision::Rejected,
        KasanVerdict::Withdraw => Decision::Withdrawn,
    };
    let d = kasan_decisions::NewDecision {
        client_id: client,
        month,
        kasan: x.kasan.clone(),
        stay_id: x.stay,
        decision,
        reason: x.reason.clone(),
    };
    match store.write(|w| kasan_decisions::decide(w, &d)) {
        Ok(id) => done(crate::format_tr!(
            "{} の {} を「{}」として記録しました（#{id}）",
            "recorded {} {} as \"{}\" (#{id})",
            month.format("%Y-%m"),
            x.kasan.trim(),
            decision.label(lang())
        )),
        Err(e) => refused_or(e),
    }
}

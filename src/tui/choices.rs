//! Fields with a fixed set of values cycle through them (`←` `→` `Space`); fields that name a
//! care manager or a provider offer a list filtered as you type. Typing still works: the
//! domain parsers accept any language's label or an unambiguous prefix.

pub use super::form::Candidate;
use super::form::FieldKind;
use crate::domain::Lang;
use crate::domain::area::AreaGrade;
use crate::domain::care_level::{CareLevel, CertStatus};
use crate::domain::channel::Channel;
use crate::domain::choice::Choice;
use crate::domain::enrollment::{ExchangeUse, ProviderStatus, Source, Stage};
use crate::domain::plan::{PlanKind, PlanStatus};
use crate::domain::search::search_key;
use crate::domain::sex::Sex;
use crate::domain::staff_role::StaffRole;
use crate::store::providers::Provider;
use crate::store::staff::StaffMember;

/// One value a field can take, as each language shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Option2 {
    pub ja: String,
    pub en: String,
}

impl Option2 {
    fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Option2 {
            ja: ja.into(),
            en: en.into(),
        }
    }
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

/// Every value of a `Choice`, in its cycling order, as each language shows it; `skip` leaves
/// out values a form does not offer (差し替え is set by a newer revision, not chosen).
fn of<C: Choice>(skip: &[C]) -> Vec<Option2> {
    C::all()
        .iter()
        .filter(|v| !skip.contains(v))
        .map(|v| Option2::new(v.label(Lang::Ja), v.label(Lang::En)))
        .collect()
}

/// Every value of a closed list of the 加算 records, as each language shows it.
fn coded<C: crate::domain::kasan_records::Coded>() -> Vec<Option2> {
    C::ALL
        .iter()
        .map(|(_, _, ja, en)| Option2::new(*ja, *en))
        .collect()
}

/// The values a field cycles through, in order; None for free text and pickers. An optional
/// field starts with the empty value ("not given").
pub fn options(kind: FieldKind) -> Option<Vec<Option2>> {
    use FieldKind as K;
    let mut list = match kind {
        // Levels a certification records; 非該当 and 経過的要介護 are typed when needed.
        K::CareLevel | K::OptCareLevel => of(&[CareLevel::NotApplicable, CareLevel::Transitional]),
        K::CertStatus => of::<CertStatus>(&[]),
        K::Sex => of::<Sex>(&[]),
        K::Channel => of::<Channel>(&[]),
        K::AreaGrade | K::OptAreaGrade => of::<AreaGrade>(&[]),
        K::YesNo => vec![Option2::new("はい", "yes"), Option2::new("いいえ", "no")],
        K::Role => of::<StaffRole>(&[]),
        K::PlanKind => ["初回", "紹介", "継続", "初回・紹介"]
            .iter()
            .filter_map(|s| PlanKind::parse(s).ok())
            .map(|k| Option2::new(k.label(Lang::Ja), k.label(Lang::En)))
            .collect(),
        K::PlanStatus => of(&[PlanStatus::Superseded]),
        K::EnrollStatus => of::<ProviderStatus>(&[]),
        K::EnrollSource => of::<Source>(&[]),
        K::Stage => of::<Stage>(&[]),
        K::OptExchangeUse => of::<ExchangeUse>(&[]),
        K::OptExchangeSystem => of::<crate::domain::enrollment::ExchangeSystem>(&[]),
        K::NoteMethod | K::OptNoteMethod => coded::<crate::domain::kasan_records::Method>(),
        K::DoctorKind | K::OptDoctorKind => coded::<crate::domain::kasan_records::DoctorKind>(),
        K::Setting => crate::store::office_system::SETTINGS
            .iter()
            .map(|(_, ja, en)| Option2::new(*ja, *en))
            .collect(),
        _ => return None,
    };
    if matches!(
        kind,
        K::OptCareLevel
            | K::OptAreaGrade
            | K::OptExchangeUse
            | K::OptExchangeSystem
            | K::OptNoteMethod
            | K::OptDoctorKind
    ) {
        list.insert(0, Option2::new("", ""));
    }
    Some(list)
}

/// The value after (`forward`) or before `current` in the field's cycle, in `lang`. A value
/// that is not one of the choices (typed, or another language's) starts the cycle.
pub fn cycle(kind: FieldKind, current: &str, forward: bool, lang: Lang) -> Option<String> {
    let list = options(kind)?;
    let n = list.len();
    let at = list
        .iter()
        .position(|o| o.ja == current.trim() || o.en == current.trim());
    let next = match (at, forward) {
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
        (None, true) => 0,
        (None, false) => n - 1,
    };
    Some(list[next].label(lang).to_string())
}

/// The one choice a typed beginning stands for, in `lang` (`認定` → 認定済); None when it fits
/// none or several. Leaving the field puts the full value in, so what is seen is what is saved.
pub fn completion(kind: FieldKind, value: &str, lang: Lang) -> Option<String> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return None;
    }
    let list = options(kind)?;
    if let Some(o) = list.iter().find(|o| o.ja == v || o.en.to_lowercase() == v) {
        return Some(o.label(lang).to_string());
    }
    let mut fits = list.iter().filter(|o| {
        !o.ja.is_empty() && (o.ja.starts_with(&v) || o.en.to_lowercase().starts_with(&v))
    });
    match (fits.next(), fits.next()) {
        (Some(one), None) => Some(one.label(lang).to_string()),
        _ => None,
    }
}

/// Whether the field holds a whole value (one of its choices, or a picked record): typing
/// then starts a new value instead of adding to it.
pub fn is_whole(kind: FieldKind, value: &str, valid: bool) -> bool {
    let v = value.trim();
    if v.is_empty() || !valid {
        return false;
    }
    match options(kind) {
        Some(list) => list.iter().any(|o| o.ja == v || o.en == v),
        None => has_picker(kind),
    }
}

/// A value shown in the other language is shown in `lang` (forms open with stored values,
/// which the store gives in Japanese).
pub fn in_language(kind: FieldKind, value: &str, lang: Lang) -> String {
    options(kind)
        .and_then(|list| {
            list.into_iter()
                .find(|o| !value.is_empty() && (o.ja == value || o.en == value))
        })
        .map(|o| o.label(lang).to_string())
        .unwrap_or_else(|| value.to_string())
}

/// What the picker of a field offers for the text typed so far (name, kana in hiragana or
/// katakana, or number); empty for fields without a picker.
pub fn candidates(
    kind: FieldKind,
    typed: &str,
    staff: &[StaffMember],
    providers: &[Provider],
) -> Vec<Candidate> {
    let key = search_key(typed.trim());
    let hit =
        |fields: &[&str]| key.is_empty() || fields.iter().any(|f| search_key(f).contains(&key));
    match kind {
        FieldKind::CareManagerRef => staff
            .iter()
            // Someone whose FTE has gone to 0 has left: not offered for a new assignment.
            .filter(|s| s.role.is_care_manager() && s.latest_fte().hundredths() > 0)
            .filter(|s| hit(&[&s.name, &s.kana, s.cm_number.as_deref().unwrap_or("")]))
            .map(|s| Candidate {
                shown: super::form::cm_label(s),
                value: super::form::cm_label(s),
            })
            .collect(),
        FieldKind::ProviderRef => providers
            .iter()
            .filter(|p| {
                let f = &p.fields;
                hit(&[&f.name, &f.kana, f.office_number.as_str()])
            })
            .map(|p| Candidate {
                shown: format!("{}（{}）", p.fields.name, p.fields.office_number.as_str()),
                value: p.fields.office_number.as_str().to_string(),
            })
            .collect(),
        _ => vec![],
    }
}

/// The reasons a correction most often has, offered by `←` `→` on an empty 訂正の理由 (or one
/// holding another of them); anything else is typed. (Japanese, English.)
pub const CORRECTION_REASONS: [(&str, &str); 3] = [
    ("入力誤りの訂正", "correcting an input error"),
    ("誤字の訂正", "correcting a typo"),
    ("記載漏れの追記", "adding what was left out"),
];

/// The suggested reason after (`forward`) or before `current`, in `lang`; None when the value
/// is one of the user's own (not empty and not a suggestion), which the arrows then edit.
pub fn cycle_reason(current: &str, forward: bool, lang: Lang) -> Option<String> {
    let v = current.trim();
    let n = CORRECTION_REASONS.len();
    let at = CORRECTION_REASONS
        .iter()
        .position(|(ja, en)| *ja == v || *en == v);
    let next = match (at, forward) {
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
        (None, _) if !v.is_empty() => return None,
        (None, true) => 0,
        (None, false) => n - 1,
    };
    let (ja, en) = CORRECTION_REASONS[next];
    Some(lang.pick(ja, en).to_string())
}

/// Whether the field offers a picker.
pub fn has_picker(kind: FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::CareManagerRef
            | FieldKind::ProviderRef
            | FieldKind::NoteCategory
            | FieldKind::StayRef
            | FieldKind::OptStayRef
            | FieldKind::DaysRef
    )
}

/// What a field's picker offers for what is typed in it: its own values when the form gave
/// it some (case-record categories, the client's stays), else care managers or providers.
pub fn field_candidates(
    field: &super::form::Field,
    staff: &[StaffMember],
    providers: &[Provider],
) -> Vec<Candidate> {
    if !matches!(
        field.kind,
        FieldKind::NoteCategory | FieldKind::StayRef | FieldKind::OptStayRef | FieldKind::DaysRef
    ) {
        return candidates(field.kind, field.input.value(), staff, providers);
    }
    let typed = field.input.value().trim();
    // A whole value picked shows every choice again (to pick another).
    if field.choices.iter().any(|c| c.value == typed) {
        return field.choices.clone();
    }
    let key = search_key(typed);
    field
        .choices
        .iter()
        .filter(|c| key.is_empty() || search_key(&c.shown).contains(&key))
        .cloned()
        .collect()
}

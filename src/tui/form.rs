//! Forms: labelled text fields validated as you type, turned into a validated `Submission`.
//! A form is plain data (kind + values) so it can be kept as a draft and restored.

use super::i18n::{FormText, T};
use crate::domain::Lang;
use crate::domain::area::AreaGrade;
use crate::domain::care_level::{CareLevel, CertStatus};
use crate::domain::channel::Channel;
use crate::domain::dates::{
    Resolve, check_order, parse_birth_date, parse_date, parse_date_relative, parse_month,
    parse_optional_date,
};
use crate::domain::enrollment::{
    ExchangeSystem, ExchangeUse, ProviderStatus, Source as EnrollSource, Stage,
};
use crate::domain::fte::Fte;
use crate::domain::ids::{
    CareManagerNumber, CorporationNumber, InsuredNumber, InsurerNumber, OfficeNumber,
};
use crate::domain::kasan_records::{
    Coded, DoctorKind, Field as NoteField, Method, NoteFields, fields_of,
};
use crate::domain::plan::{PlanKind, PlanStatus};
use crate::domain::service_types;
use crate::domain::sex::Sex;
use crate::domain::staff_role::StaffRole;
use crate::domain::validation::{Invalid, fold_ascii};
use crate::domain::{kana, phone};
use crate::store::clients::{CertificationFields, ClientFields};
use crate::store::plans::PlanFields;
use crate::store::providers::ProviderFields;
use crate::store::staff::{StaffFields, StaffMember};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tui_input::{Input, InputRequest};

/// What a form edits; ids and versions travel with it so a save detects concurrent edits.
/// One row of a picker: what is shown, and what goes into the field when chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub shown: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormKind {
    NewClient,
    EditClient {
        id: i64,
        version: i64,
    },
    EndContract {
        id: i64,
        version: i64,
    },
    AddCertification {
        client_id: i64,
    },
    NoBenefitMonth {
        client_id: i64,
    },
    NewProvider,
    EditProvider {
        id: i64,
        version: i64,
    },
    NewStaff,
    EditStaff {
        id: i64,
        version: i64,
    },
    StaffLeaves {
        id: i64,
    },
    EditOffice {
        version: i64,
    },
    NewPlan {
        client_id: i64,
    },
    PlanStatus {
        id: i64,
        version: i64,
        /// The plan's client, named in the title (older drafts lack it).
        #[serde(default)]
        client_id: i64,
        /// The plan's 作成日, which its consent and hand-over may not precede (older drafts
        /// lack it: the save's own check still applies).
        #[serde(default)]
        plan_date: Option<NaiveDate>,
    },
    AddMonthProvider {
        client_id: i64,
        month: NaiveDate,
    },
    RecordObservation {
        provider_id: i64,
    },
    EditOfficeExchange {
        version: i64,
    },
    AddOutreach {
        provider_id: i64,
    },
    EditCertification {
        id: i64,
        version: i64,
        client_id: i64,
    },
    /// A plan revision's dates, kind and services; a 確定 one needs the reason.
    EditPlan {
        id: i64,
        version: i64,
        client_id: i64,
        confirmed: bool,
    },
    EditAssignment {
        id: i64,
        version: i64,
        client_id: i64,
    },
    EditFte {
        id: i64,
        version: i64,
        staff_id: i64,
    },
    EditObservation {
        id: i64,
        version: i64,
        provider_id: i64,
    },
    EditOutreach {
        id: i64,
        version: i64,
        provider_id: i64,
    },
    /// A case-record (支援経過) entry of this client; `corrects`: the entry it corrects.
    NewNote {
        client_id: i64,
        #[serde(default)]
        corrects: Option<i64>,
        /// The plan revision the entry belongs to (a step recorded from the plan's steps).
        #[serde(default)]
        plan_id: Option<i64>,
        /// The 加算 category whose structured fields the form shows (kasan.md §A.11), set
        /// from the category picked; None for the other categories.
        #[serde(default)]
        structured: Option<String>,
    },
    /// The hand-over of a plan revision to these providers (id, service type): one ledger row
    /// each, as `careplan deliveries record --kind plan` writes.
    HandOver {
        client_id: i64,
        plan_date: NaiveDate,
        providers: Vec<(i64, String)>,
        /// The revision's consent date, which a hand-over may not precede (older drafts lack
        /// it: the save's own check still applies).
        #[serde(default)]
        consent: Option<NaiveDate>,
    },
    /// The client's consent to video monitoring: its date, or empty to withdraw it; a change
    /// to a date on record needs the reason.
    VideoConsent {
        client_id: i64,
    },
    /// The person's decision on one of the client's 加算 of `month` (its first day).
    KasanDecide {
        client_id: i64,
        month: NaiveDate,
    },
    /// The ターミナルケアマネジメント consent and the death (date and place); changing a
    /// recorded one needs the reason.
    Terminal {
        client_id: i64,
    },
    /// A 同一建物減算 period of the client: a new one (`id` None), or the correction of the
    /// latest at `version` with the reason.
    SameBuilding {
        client_id: i64,
        id: Option<i64>,
        version: i64,
    },
    /// A hospital or facility stay of the client: a new one (`id` None), or a correction of
    /// stay `id` at `version` with the reason (the discharge is entered this way).
    Stay {
        client_id: i64,
        id: Option<i64>,
        version: i64,
    },
    /// A revision's steps checked on the office's paper records, with the reason.
    PaperCheck {
        client_id: i64,
        plan_id: i64,
    },
    /// The office's business week and hours from a date (`office hours set`).
    BusinessHours,
    /// Days closed (`open` false) or open against the week, with the reason.
    BusinessDays {
        open: bool,
    },
    /// Withdraw a dated closed or open day record, with the reason.
    WithdrawDays,
    /// A 体制 period of the office (`office periods set`).
    OfficePeriod,
    /// Withdraw a record, giving the reason; `what` names it in the title.
    Withdraw {
        record: super::record::Record,
        what: String,
    },
    /// The 正当な理由 of a 特定事業所集中減算 period's service; `period` as "2026-H2",
    /// `version` 0 while none is written.
    ConcentrationNote {
        period: String,
        service_type: String,
        version: i64,
    },
}

impl FormKind {
    /// The version of the record a form edits, read when it opened: what a save claims, and
    /// what a conflict moves on. None for forms that create a record. The one list of
    /// versioned forms.
    pub fn version_mut(&mut self) -> Option<&mut i64> {
        match self {
            FormKind::EditClient { version, .. }
            | FormKind::EndContract { version, .. }
            | FormKind::EditProvider { version, .. }
            | FormKind::EditStaff { version, .. }
            | FormKind::EditOffice { version }
            | FormKind::EditOfficeExchange { version }
            | FormKind::PlanStatus { version, .. }
            | FormKind::EditCertification { version, .. }
            | FormKind::EditPlan { version, .. }
            | FormKind::EditAssignment { version, .. }
            | FormKind::EditFte { version, .. }
            | FormKind::EditObservation { version, .. }
            | FormKind::EditOutreach { version, .. }
            | FormKind::ConcentrationNote { version, .. } => Some(version),
            FormKind::Stay {
                id: Some(_),
                version,
                ..
            }
            | FormKind::SameBuilding {
                id: Some(_),
                version,
                ..
            } => Some(version),
            // A correction of a case-record entry: the entry it corrects stands in for the
            // version (a colleague's correction of it moves the form onto theirs).
            FormKind::NewNote {
                corrects: Some(id), ..
            } => Some(id),
            _ => None,
        }
    }

    pub fn title(&self) -> T {
        match self {
            FormKind::NewClient => T::NewClient,
            FormKind::EditClient { .. } => T::EditClient,
            FormKind::EndContract { .. } => T::EndContract,
            FormKind::AddCertification { .. } => T::AddCertification,
            FormKind::NoBenefitMonth { .. } => T::MarkNoBenefit,
            FormKind::NewProvider => T::NewProvider,
            FormKind::EditProvider { .. } => T::EditProvider,
            FormKind::NewStaff => T::NewStaff,
            FormKind::EditStaff { .. } => T::EditStaff,
            FormKind::StaffLeaves { .. } => T::StaffLeaves,
            FormKind::EditOffice { .. } => T::EditOffice,
            FormKind::NewPlan { .. } => T::NewPlan,
            FormKind::PlanStatus { .. } => T::PlanStatusTitle,
            FormKind::AddMonthProvider { .. } => T::AddMonthProvider,
            FormKind::RecordObservation { .. } => T::RecordObservation,
            FormKind::EditOfficeExchange { .. } => T::EditOfficeExchange,
            FormKind::AddOutreach { .. } => T::AddOutreach,
            FormKind::EditCertification { .. } => T::EditCertification,
            FormKind::EditPlan { .. } => T::EditPlan,
            FormKind::EditAssignment { .. } => T::EditAssignment,
            FormKind::EditFte { .. } => T::EditFte,
            FormKind::EditObservation { .. } => T::EditObservation,
            FormKind::EditOutreach { .. } => T::EditOutreach,
            FormKind::Withdraw { .. } => T::WithdrawTitle,
            FormKind::BusinessHours => T::BusinessHoursTitle,
            FormKind::BusinessDays { open: false } => T::ClosedDaysTitle,
            FormKind::BusinessDays { open: true } => T::OpenDaysTitle,
            FormKind::WithdrawDays => T::WithdrawDaysTitle,
            FormKind::OfficePeriod => T::OfficePeriodTitle,
            FormKind::HandOver { .. } => T::HandOverTitle,
            FormKind::PaperCheck { .. } => T::PaperCheckTitle,
            FormKind::VideoConsent { .. } => T::VideoConsentTitle,
            FormKind::KasanDecide { .. } => T::KasanDecideTitle,
            FormKind::Terminal { .. } => T::TerminalTitle,
            FormKind::SameBuilding { .. } => T::SameBuildingTitle,
            FormKind::Stay { id: None, .. } => T::NewStayTitle,
            FormKind::Stay { .. } => T::EditStayTitle,
            FormKind::ConcentrationNote { .. } => T::ConcentrationNoteTitle,
            FormKind::NewNote { corrects: None, .. } => T::NewNote,
            FormKind::NewNote { .. } => T::CorrectNote,
        }
    }
}

/// How a field's text is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    RequiredText,
    Date,
    OptDate,
    Month,
    /// 生年月日: optional, not after today nor over 120 years before it.
    BirthDate,
    /// A follow-up date: optional; typed without a year, the next such day ahead.
    FollowUp,
    /// フリガナ: kana of either script and width, stored as full-width katakana.
    Kana,
    /// Phone or FAX: optional, stored as ASCII digits and hyphens.
    Phone,
    Insurer,
    Insured,
    OfficeNumber,
    CmNumber,
    Fte,
    OptFte,
    CareLevel,
    OptCareLevel,
    CertStatus,
    Sex,
    Channel,
    ServiceTypes,
    AreaGrade,
    OptAreaGrade,
    YesNo,
    Role,
    CareManagerRef,
    PlanKind,
    PlanStatus,
    /// Service lines: `事業所番号:種類[:頻度]`, separated by spaces.
    PlanLines,
    /// A registered provider, picked from a list filtered by name, kana or number; holds
    /// its office number.
    ProviderRef,
    EnrollStatus,
    EnrollSource,
    Stage,
    OptExchangeUse,
    /// The system (old client, WEB service, equivalent); empty = the old client.
    OptExchangeSystem,
    /// 法人番号: empty, or 13 digits with their check digit.
    CorporationNumber,
    /// Several lines of free text (a case-record entry's 内容): `Enter` starts a new line.
    Body,
    /// A case-record entry's time: a date and HH:MM.
    DateTime,
    /// A case-record category, picked from the office's categories in force.
    NoteCategory,
    /// How information was given or received (面談・FAX …): needed, or optional.
    NoteMethod,
    OptNoteMethod,
    /// 医師 or 歯科医師: needed, or optional.
    DoctorKind,
    OptDoctorKind,
    /// One of the client's stays, picked from them (`#id …`): needed, or optional.
    StayRef,
    OptStayRef,
    /// Business weekdays: `月-金`, `1-5`, `mon-fri`.
    Weekdays,
    /// A time of day, HH:MM.
    Clock,
    /// A dated closed or open day record, picked from those standing (`#id …`).
    DaysRef,
    /// One of the client's 加算 of the month, picked from the list (`[key #stay]` at its end).
    KasanRef,
    /// A decision on a 加算: 算定する, 算定しない, 判断を取り消し.
    Decision,
    /// An office 体制 setting (特定事業所加算 区分, 医療介護連携, 24時間連絡体制).
    Setting,
}

impl FieldKind {
    /// The allowed values, shown beside the field when it has focus.
    pub fn hint(self, lang: Lang) -> &'static str {
        match self {
            FieldKind::Date | FieldKind::OptDate => FormText::HintDate.s(lang),
            FieldKind::Month => FormText::HintMonth.s(lang),
            FieldKind::BirthDate => FormText::HintBirthDate.s(lang),
            FieldKind::FollowUp => FormText::HintShortDate.s(lang),
            FieldKind::Kana => FormText::HintKana.s(lang),
            FieldKind::Phone => FormText::HintPhone.s(lang),
            FieldKind::Insurer => FormText::HintInsurer.s(lang),
            FieldKind::Insured => FormText::HintInsuredNumber.s(lang),
            FieldKind::OfficeNumber => FormText::HintTenDigits.s(lang),
            FieldKind::CorporationNumber => FormText::HintCorporationNumber.s(lang),
            FieldKind::ProviderRef => FormText::HintClientSearch.s(lang),
            FieldKind::CmNumber => FormText::HintCmNumber.s(lang),
            FieldKind::Fte | FieldKind::OptFte => FormText::HintFte.s(lang),
            FieldKind::CareLevel | FieldKind::OptCareLevel => FormText::HintCareLevel.s(lang),
            FieldKind::CertStatus => FormText::HintCertStatus.s(lang),
            FieldKind::Sex => FormText::HintSex.s(lang),
            FieldKind::Channel => FormText::HintChannel.s(lang),
            FieldKind::ServiceTypes => FormText::HintServiceCodes.s(lang),
            FieldKind::AreaGrade | FieldKind::OptAreaGrade => FormText::HintRelation.s(lang),
            FieldKind::YesNo => FormText::HintYesNo.s(lang),
            FieldKind::Role => FormText::HintRole.s(lang),
            FieldKind::CareManagerRef => FormText::HintStaffSearch.s(lang),
            FieldKind::PlanKind => FormText::HintPlanKind.s(lang),
            FieldKind::PlanStatus => FormText::HintPlanStatus.s(lang),
            FieldKind::EnrollStatus => FormText::HintEnrollStatus.s(lang),
            FieldKind::EnrollSource => FormText::HintEnrollSource.s(lang),
            FieldKind::OptExchangeUse => FormText::HintExchangeStatus.s(lang),
            FieldKind::OptExchangeSystem => FormText::HintSystem.s(lang),
            FieldKind::Stage => FormText::HintOutreachStage.s(lang),
            FieldKind::PlanLines => FormText::HintAddService.s(lang),
            FieldKind::Body => FormText::HintBody.s(lang),
            FieldKind::DateTime => FormText::HintDateTime.s(lang),
            FieldKind::NoteCategory => FormText::HintNoteCategory.s(lang),
            FieldKind::NoteMethod | FieldKind::OptNoteMethod => FormText::HintNoteMethod.s(lang),
            FieldKind::DoctorKind | FieldKind::OptDoctorKind => FormText::HintDoctorKind.s(lang),
            FieldKind::StayRef | FieldKind::OptStayRef => FormText::HintStayRef.s(lang),
            FieldKind::Weekdays => T::HintWeekdays.s(lang),
            FieldKind::Clock => T::HintClock.s(lang),
            FieldKind::DaysRef => FormText::HintStayRef.s(lang),
            FieldKind::Setting => T::PeriodSettingNote.s(lang),
            FieldKind::KasanRef => T::HintKasanRef.s(lang),
            FieldKind::Decision => T::HintDecision.s(lang),
            FieldKind::Text | FieldKind::RequiredText => "",
        }
    }
}

/// How a field came out of the merge, shown beside it until the form is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merge {
    /// Only the other session changed this field: its saved value is now in the field.
    Theirs,
    /// Both changed it, differently: nothing is in force until the user picks a side.
    Both { theirs: String, mine: String },
    /// The user picked a side for a field both had changed.
    Picked { theirs: bool },
}

pub struct Field {
    pub label: T,
    pub kind: FieldKind,
    pub input: Input,
    /// The message shown under the field; refreshed as the user types.
    pub error: Option<String>,
    pub warning: Option<String>,
    /// After a conflict: how this field came out of the merge with the other session's save.
    pub merge: Option<Merge>,
    /// The values a data-driven picker offers (case-record categories in force), set when
    /// the form opens; empty for every other field.
    pub choices: Vec<Candidate>,
}

pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Values when opened, to know whether anything was typed.
    pub original: Vec<String>,
    pub message: Option<String>,
    /// After a conflict: the labels that another session changed.
    pub conflict: Option<Vec<String>>,
    /// The user confirmed a check-digit warning for this value.
    pub accepted_check_digit: Option<String>,
    /// The user confirmed what saving this form will do (ending a contract, a leaving date).
    pub confirmed: bool,
    /// The record the form acts on, named in its title (client and 被保険者番号, provider and
    /// 事業所番号, month).
    pub subject: String,
    /// The picker under the focused field is open, with this row highlighted.
    pub picker: Option<usize>,
    /// The stored draft this form was restored from: removed only once the form is saved or
    /// discarded, so a second dropped connection cannot lose it.
    pub draft_id: Option<i64>,
    /// The kind (with its version) and base values from before the last conflict's merge: a
    /// draft kept while a field still waits for a pick is kept against these, so its save
    /// meets the conflict again instead of writing over the colleague's value.
    pub before_merge: Option<Box<(FormKind, Vec<String>)>>,
    /// The services list of a plan form: the highlighted line and a line being added.
    pub lines: super::room_state::Editor,
    /// The focused field's value is selected, as on arriving by Tab: the first character
    /// typed replaces it; an arrow, Home or End keeps it for editing.
    pub selected: bool,
}

#[derive(Serialize, Deserialize)]
struct DraftPayload {
    kind: FormKind,
    values: Vec<String>,
    /// The values the form opened with, so a restored form still knows what was typed (and
    /// a later conflict merges against the right base). Older drafts lack it.
    #[serde(default)]
    original: Option<Vec<String>>,
}

/// A form as a draft keeps it.
pub struct Restored {
    pub kind: FormKind,
    pub values: Vec<String>,
    pub original: Option<Vec<String>>,
}

/// A system field: empty is the old client software (what every record was before the move).
fn system(s: &str) -> Result<ExchangeSystem, Invalid> {
    if s.is_empty() {
        Ok(ExchangeSystem::Client)
    } else {
        ExchangeSystem::parse(s)
    }
}

fn yes_no(s: &str) -> Result<bool, Invalid> {
    match fold_ascii(s).to_ascii_lowercase().as_str() {
        "はい" | "yes" | "y" | "該当" | "1" => Ok(true),
        "いいえ" | "no" | "n" | "非該当" | "0" | "" => Ok(false),
        _ => Err(Invalid::new(
            "はい か いいえ で入力してください",
            "enter yes or no",
        )),
    }
}

/// Checks one value. Ok(Some(w)) = acceptable with a warning.
pub fn check(
    kind: FieldKind,
    value: &str,
    staff: &[StaffMember],
    today: NaiveDate,
) -> Result<Option<Invalid>, Invalid> {
    let v = value.trim();
    match kind {
        FieldKind::Text | FieldKind::Body => Ok(None),
        // Checked against the categories the field offers (`Form::validate_field`).
        FieldKind::NoteCategory => (!v.is_empty())
            .then_some(None)
            .ok_or_else(Invalid::required),
        FieldKind::DateTime => {
            let at = crate::domain::case_record::parse_note_time(v)?;
            if at.date() > today {
                return Err(Invalid::new(
                    "先の日付は記録できません（支援経過は行ったことの記録です）。日付を確かめてください",
                    "a future date cannot be recorded (the record says what happened); check the date",
                ));
            }
            // An entry for an earlier month changes what that month's monitoring shows; the
            // entry keeps the day it was written beside the day it is dated.
            Ok((at.date() < crate::domain::dates::month_start(today)).then(|| {
                Invalid::new(
                    "前の月の日付です。その月のモニタリングと減算の見込みが変わります（記録した日時も残ります）",
                    "a date in an earlier month: that month's monitoring and cut change (the day it was written is kept too)",
                )
            }))
        }
        FieldKind::OptNoteMethod | FieldKind::OptDoctorKind | FieldKind::OptStayRef
            if v.is_empty() =>
        {
            Ok(None)
        }
        FieldKind::NoteMethod | FieldKind::OptNoteMethod => Method::parse(v).map(|_| None),
        FieldKind::DoctorKind | FieldKind::OptDoctorKind => DoctorKind::parse(v).map(|_| None),
        FieldKind::StayRef | FieldKind::OptStayRef => stay_id_of(v)
            .map(|_| None)
            .ok_or_else(|| Invalid::new(T::PickStay.s(Lang::Ja), T::PickStay.s(Lang::En))),
        FieldKind::Weekdays => crate::domain::kasan_records::parse_weekdays(v).map(|_| None),
        FieldKind::Clock => {
            crate::domain::kasan_records::parse_clock(v, ("時刻", "time")).map(|_| None)
        }
        FieldKind::KasanRef => kasan_of_choice(v)
            .map(|_| None)
            .ok_or_else(|| Invalid::new(T::PickKasan.s(Lang::Ja), T::PickKasan.s(Lang::En))),
        FieldKind::Decision => {
            <crate::domain::kasan_records::Decision as crate::domain::kasan_records::Coded>::parse(
                v,
            )
            .map(|_| None)
        }
        FieldKind::DaysRef => stay_id_of(v)
            .map(|_| None)
            .ok_or_else(|| Invalid::new(T::PickDays.s(Lang::Ja), T::PickDays.s(Lang::En))),
        FieldKind::Setting => crate::store::office_system::parse(v)
            .map(|_| None)
            .or_else(|_| {
                setting_of(v).map(|_| None).ok_or_else(|| {
                    Invalid::new(
                        format!("体制「{v}」は使えません（← → で選ぶ）"),
                        format!("set-up \"{v}\" is not known (← → choose)"),
                    )
                })
            }),
        FieldKind::PlanKind => PlanKind::parse(v).map(|_| None),
        FieldKind::PlanStatus => PlanStatus::parse(v).map(|_| None),
        FieldKind::PlanLines => parse_plan_lines(v).map(|_| None),
        FieldKind::EnrollStatus => ProviderStatus::parse(v).map(|_| None),
        FieldKind::EnrollSource => EnrollSource::parse(v).map(|_| None),
        FieldKind::Stage => Stage::parse(v).map(|_| None),
        FieldKind::OptExchangeUse if v.is_empty() => Ok(None),
        FieldKind::OptExchangeUse => ExchangeUse::parse(v).map(|_| None),
        FieldKind::OptExchangeSystem if v.is_empty() => Ok(None),
        FieldKind::OptExchangeSystem => ExchangeSystem::parse(v).map(|_| None),
        FieldKind::RequiredText => (!v.is_empty())
            .then_some(None)
            .ok_or_else(Invalid::required),
        FieldKind::Date => parse_date(v).map(|_| None),
        FieldKind::OptDate => parse_optional_date(v).map(|_| None),
        FieldKind::Month => parse_month(v).map(|_| None),
        FieldKind::BirthDate => parse_birth_date(v, today).map(|_| None),
        FieldKind::FollowUp => follow_up(v, today).map(|_| None),
        FieldKind::Kana => kana::parse(v).map(|_| None),
        FieldKind::Phone => phone::normalise(v).map(|_| None),
        FieldKind::Insurer => InsurerNumber::parse(v).map(|_| None),
        FieldKind::Insured => InsuredNumber::parse(v).map(|_| None),
        FieldKind::CorporationNumber => CorporationNumber::parse_optional(v).map(|_| None),
        FieldKind::OfficeNumber => OfficeNumber::parse(v)
            .map(|n| (!n.check_digit_ok()).then(OfficeNumber::check_digit_warning)),
        FieldKind::ProviderRef => OfficeNumber::parse(v).map(|_| None).map_err(|_| {
            Invalid::new(
                "一覧から事業所を選んでください（名前・カナ・事業所番号で絞り込めます）",
                "pick a provider from the list (filter by name, kana or number)",
            )
        }),
        FieldKind::CmNumber => {
            if v.is_empty() {
                Ok(None)
            } else {
                CareManagerNumber::parse(v).map(|_| None)
            }
        }
        FieldKind::Fte => Fte::parse(v).map(|_| None),
        FieldKind::OptFte => {
            if v.is_empty() {
                Ok(None)
            } else {
                Fte::parse(v).map(|_| None)
            }
        }
        FieldKind::CareLevel => CareLevel::parse(v).map(|_| None),
        FieldKind::OptCareLevel => {
            if v.is_empty() {
                Ok(None)
            } else {
                CareLevel::parse(v).map(|_| None)
            }
        }
        FieldKind::CertStatus => CertStatus::parse(v).map(|_| None),
        FieldKind::Sex => Sex::parse(v).map(|_| None),
        FieldKind::Channel => Channel::parse(v).map(|_| None),
        FieldKind::ServiceTypes => service_types::parse_list(v).map(|_| None),
        FieldKind::AreaGrade => AreaGrade::parse(v).map(|_| None),
        FieldKind::OptAreaGrade => {
            if v.is_empty() {
                Ok(None)
            } else {
                AreaGrade::parse(v).map(|_| None)
            }
        }
        FieldKind::YesNo => yes_no(v).map(|_| None),
        FieldKind::Role => StaffRole::parse(v).map(|_| None),
        FieldKind::CareManagerRef => {
            let found = cm_matches(staff, v).len();
            if v.is_empty() || found == 1 {
                Ok(None)
            } else if found > 1 {
                Err(Invalid::new(
                    format!(
                        "「{v}」という介護支援専門員が {found} 人います。一覧から番号付きで選んでください"
                    ),
                    format!(
                        "{found} care managers are called \"{v}\": pick one from the list (with the number)"
                    ),
                ))
            } else {
                Err(Invalid::new(
                    format!(
                        "「{v}」という介護支援専門員は登録されていません（4 職員・事業所 で確認できます）"
                    ),
                    format!("no care manager named \"{v}\" (see 4 Office & staff)"),
                ))
            }
        }
    }
}

/// An optional follow-up date; without a year, the next such day on or after today.
fn follow_up(v: &str, today: NaiveDate) -> Result<Option<NaiveDate>, Invalid> {
    if v.trim().is_empty() {
        Ok(None)
    } else {
        parse_date_relative(v, today, Resolve::NextFuture).map(Some)
    }
}

/// Dates of a form that must not run backwards: (earlier, later). A pair applies where a form
/// has both fields and both hold dates. A plan's 作成日, 同意日 and 交付日 follow their own rule
/// (`domain::plan::dates_in_order`, `Form::check_plan_dates`).
const IN_ORDER: [(T, T); 9] = [
    (T::BirthDate, T::ContractDate),
    (T::ValidFrom, T::ValidTo),
    (T::PeriodFrom, T::PeriodTo),
    (T::FirstPlanDate, T::PlanDate),
    (T::FreePassFrom, T::FreePassUntil),
    (T::LicenceApplied, T::LicenceUntil),
    (T::DaysFrom, T::DaysUntil),
    (T::SystemFrom, T::SystemUntil),
    (T::OutreachDate, T::NextFollowUp),
];

/// `事業所番号:種類[:頻度]` tokens → (office number, service type, frequency).
pub fn parse_plan_lines(s: &str) -> Result<Vec<(String, String, String)>, Invalid> {
    fold_ascii(s)
        .split_whitespace()
        .map(|token| {
            let mut parts = token.splitn(3, ':');
            let office = OfficeNumber::parse(parts.next().unwrap_or_default()).map_err(|_| {
                Invalid::new(
                    format!("「{token}」: 事業所番号（10桁）:種類 の形で入力してください"),
                    format!("\"{token}\": write office number (10 digits):type"),
                )
            })?;
            let code = parts.next().unwrap_or_default();
            if service_types::find(code).is_none() {
                return Err(Invalid::new(
                    format!("「{token}」: サービス種類コード「{code}」がありません（例 11 訪問介護、15 通所介護）"),
                    format!("\"{token}\": unknown service type \"{code}\""),
                ));
            }
            Ok((
                office.as_str().to_string(),
                code.to_string(),
                parts.next().unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

/// How a care-manager field names a person: 「佐藤 花子 (12345678)」, so that two people of
/// one name stay apart; the name alone for someone without a 介護支援専門員番号.
pub fn cm_label(m: &StaffMember) -> String {
    match &m.cm_number {
        // ASCII brackets: the same value in either language.
        Some(n) => format!("{} ({n})", m.name),
        None => m.name.clone(),
    }
}

/// The care managers a typed value names: by the number in 「名前（番号）」 or alone, else by
/// the name (spaces ignored) — possibly several.
fn cm_matches<'a>(staff: &'a [StaffMember], key: &str) -> Vec<&'a StaffMember> {
    let squeeze = |s: &str| {
        fold_ascii(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    };
    let k = squeeze(key);
    let number = k
        .strip_suffix('）')
        .or_else(|| k.strip_suffix(')'))
        .and_then(|r| r.rsplit(['（', '(']).next())
        .unwrap_or(&k)
        .to_string();
    let cms = || staff.iter().filter(|m| m.role.is_care_manager());
    let by_number: Vec<_> = cms()
        .filter(|m| m.cm_number.as_deref() == Some(number.as_str()))
        .collect();
    if !by_number.is_empty() {
        return by_number;
    }
    cms().filter(|m| squeeze(&m.name) == k).collect()
}

/// The one care manager a typed value names; None when nobody or several people match.
fn find_cm(staff: &[StaffMember], key: &str) -> Option<i64> {
    match cm_matches(staff, key).as_slice() {
        [one] => Some(one.id),
        _ => None,
    }
}

/// A validated form, ready for the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Submission {
    NewClient {
        fields: ClientFields,
        care_manager: Option<i64>,
        certification: Option<CertificationFields>,
    },
    EditClient {
        id: i64,
        version: i64,
        fields: ClientFields,
        care_manager: Option<(i64, NaiveDate)>,
    },
    /// `end: None` reopens a contract that was ended by mistake.
    EndContract {
        id: i64,
        version: i64,
        end: Option<NaiveDate>,
        reason: String,
    },
    AddCertification {
        client_id: i64,
        cert: CertificationFields,
    },
    NoBenefitMonth {
        client_id: i64,
        month: NaiveDate,
        reason: Option<String>,
    },
    NewProvider {
        fields: ProviderFields,
    },
    EditProvider {
        id: i64,
        version: i64,
        fields: ProviderFields,
    },
    NewStaff {
        fields: StaffFields,
        fte: Fte,
        from: NaiveDate,
    },
    EditStaff {
        id: i64,
        version: i64,
        fields: StaffFields,
        fte: Option<(Fte, NaiveDate)>,
    },
    StaffLeaves {
        id: i64,
        date: NaiveDate,
    },
    EditOffice {
        version: i64,
        change: crate::store::office::OfficeChange,
    },
    DeleteProvider {
        id: i64,
        version: i64,
    },
    NewPlan {
        client_id: i64,
        fields: PlanFields,
        /// (office number, service type, frequency)
        lines: Vec<(String, String, String)>,
    },
    PlanStatus {
        id: i64,
        version: i64,
        client_id: i64,
        status: PlanStatus,
        consent_date: Option<NaiveDate>,
        handed_date: Option<NaiveDate>,
    },
    Observation {
        provider_id: i64,
        observed: crate::store::enrollment::Observed,
    },
    Outreach(crate::store::enrollment::Activity),
    OfficeExchange {
        version: i64,
        status: Option<(ExchangeUse, ExchangeSystem, NaiveDate)>,
        settings: Box<crate::store::enrollment::OfficeExchange>,
    },
    EditCertification {
        id: i64,
        version: i64,
        cert: CertificationFields,
    },
    EditPlan {
        id: i64,
        version: i64,
        client_id: i64,
        fields: PlanFields,
        lines: Vec<(String, String, String)>,
        reason: Option<String>,
    },
    CorrectAssignment {
        id: i64,
        version: i64,
        client_id: i64,
        care_manager: i64,
        from: NaiveDate,
        reason: String,
    },
    CorrectFte {
        id: i64,
        version: i64,
        staff_id: i64,
        fte: Fte,
        from: NaiveDate,
        reason: String,
    },
    CorrectObservation {
        id: i64,
        version: i64,
        provider_id: i64,
        observed: crate::store::enrollment::Observed,
        reason: String,
    },
    CorrectOutreach {
        id: i64,
        version: i64,
        activity: crate::store::enrollment::Activity,
        reason: String,
    },
    Withdraw {
        record: super::record::Record,
        reason: String,
    },
    /// The 正当な理由 of a period's service; `version` None while none is written.
    ConcentrationNote {
        period: crate::domain::concentration::PeriodId,
        service_type: String,
        version: Option<i64>,
        text: String,
    },
    /// A plan revision handed to these providers on `on` by `channel`.
    HandOver {
        client_id: i64,
        plan_date: NaiveDate,
        providers: Vec<(i64, String)>,
        on: NaiveDate,
        channel: Channel,
    },
    /// A decision on a 加算 (`store::kasan_decisions::decide` checks it).
    KasanDecide(crate::store::kasan_decisions::NewDecision),
    /// The client's consent to video monitoring (None: withdrawn).
    VideoConsent {
        client_id: i64,
        on: Option<NaiveDate>,
        reason: String,
    },
    /// The ターミナル consent and the death (date, place code), with the reason for a change.
    Terminal {
        client_id: i64,
        consent: Option<NaiveDate>,
        death: Option<(NaiveDate, String)>,
        reason: String,
    },
    /// A new 同一建物 period, or (with `id`) the correction of one at `version`.
    SameBuilding {
        client_id: i64,
        id: Option<i64>,
        version: i64,
        fields: crate::store::same_building::SameBuildingFields,
        reason: String,
    },
    /// A new stay, or (with `id`) the correction of one at `version` with the reason.
    Stay {
        client_id: i64,
        id: Option<i64>,
        version: i64,
        fields: crate::domain::kasan_records::StayFields,
        reason: String,
    },
    /// The office's business week and hours from a date.
    BusinessHours(crate::domain::kasan_records::HoursFields),
    /// Days closed or open against the week.
    BusinessDays {
        from: NaiveDate,
        until: NaiveDate,
        open: bool,
        reason: String,
    },
    /// A dated closed or open day record withdrawn.
    WithdrawDays {
        id: i64,
        reason: String,
    },
    /// A 体制 setting's period (None clears it).
    OfficePeriod {
        setting: String,
        period: Option<crate::domain::caseload::Period>,
    },
    /// A revision's steps checked on paper.
    PaperCheck {
        client_id: i64,
        plan_id: i64,
        reason: String,
    },
    /// A case-record entry (a correction when `corrects` names one).
    NewNote {
        client_id: i64,
        corrects: Option<i64>,
        /// The plan revision it belongs to, by its plan date.
        plan_date: Option<NaiveDate>,
        attendees: String,
        correction_reason: String,
        at: chrono::NaiveDateTime,
        /// The category's name as picked.
        category: String,
        counterpart: String,
        care_manager: Option<i64>,
        body: String,
        reason: String,
        /// The structured fields of a 加算 category (empty for the other categories).
        fields: NoteFields,
    },
    /// Leave a provider out of one client's month (`office_number` None: by id), or add one.
    MonthProvider {
        client_id: i64,
        month: NaiveDate,
        provider_id: Option<i64>,
        office_number: Option<String>,
        service_type: String,
        included: bool,
    },
}

/// Why a form could not be submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotReady {
    /// Some fields have errors (shown under them).
    Errors,
    /// The office number's check digit is unusual and the user has not confirmed it.
    ConfirmCheckDigit,
}

impl Form {
    pub fn new(kind: FormKind, spec: &[(T, FieldKind)], values: Vec<String>) -> Form {
        let fields = spec
            .iter()
            .zip(
                values
                    .iter()
                    .cloned()
                    .chain(std::iter::repeat(String::new())),
            )
            .map(|((label, kind), v)| Field {
                label: *label,
                kind: *kind,
                input: Input::new(v),
                error: None,
                warning: None,
                merge: None,
                choices: Vec::new(),
            })
            .collect();
        Form {
            kind,
            fields,
            focus: 0,
            original: values,
            message: None,
            conflict: None,
            accepted_check_digit: None,
            confirmed: false,
            subject: String::new(),
            picker: None,
            draft_id: None,
            before_merge: None,
            lines: Default::default(),
            selected: false,
        }
    }

    pub fn values(&self) -> Vec<String> {
        self.fields
            .iter()
            .map(|f| f.input.value().to_string())
            .collect()
    }

    pub fn is_modified(&self) -> bool {
        self.fields
            .iter()
            .enumerate()
            .any(|(i, f)| f.input.value() != self.original.get(i).map(String::as_str).unwrap_or(""))
    }

    pub fn draft_payload(&self) -> String {
        let (kind, values, original) = self.draft_view();
        serde_json::to_string(&DraftPayload {
            kind,
            values,
            original: Some(original),
        })
        .unwrap_or_default()
    }

    pub fn from_draft(payload: &str) -> Option<Restored> {
        serde_json::from_str::<DraftPayload>(payload)
            .ok()
            .map(|d| Restored {
                kind: d.kind,
                values: d.values,
                original: d.original,
            })
    }

    /// Arriving at an empty field with its own choices (a case-record category) opens its
    /// list at once: there is nothing to type before picking.
    pub fn open_empty_picker(&mut self) {
        if let Some(fl) = self.fields.get(self.focus)
            && !fl.choices.is_empty()
            && fl.input.value().trim().is_empty()
        {
            self.picker = Some(0);
        }
    }

    /// Focus moves to field `i` (wrapping): its value is selected, as a spreadsheet does, so
    /// typing replaces it; a list that opens by itself opens.
    pub fn enter_field(&mut self, i: usize) {
        let n = self.fields.len().max(1);
        self.picker = None;
        self.focus = i % n;
        self.selected = self
            .fields
            .get(self.focus)
            .is_some_and(|f| selects_on_entry(f.kind) && !f.input.value().is_empty());
        // The cursor waits at the end, where editing a kept value goes on.
        if let Some(f) = self.fields.get_mut(self.focus) {
            let end = f.input.value().chars().count();
            f.input = Input::new(f.input.value().to_string()).with_cursor(end);
        }
        self.open_empty_picker();
    }

    pub fn edit(&mut self, req: InputRequest) {
        // A confirmation was for the values as they were; a change asks again.
        self.confirmed = false;
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.input.handle(req);
        }
    }

    /// Re-checks one field and stores its message.
    pub fn validate_field(
        &mut self,
        i: usize,
        lang: Lang,
        staff: &[StaffMember],
        today: NaiveDate,
    ) {
        if let Some(f) = self.fields.get_mut(i) {
            let picked = || {
                let v = f.input.value().trim();
                f.choices.iter().any(|c| c.value == v)
            };
            let stay = matches!(f.kind, FieldKind::StayRef | FieldKind::OptStayRef);
            let checked = match check(f.kind, f.input.value(), staff, today) {
                Ok(_) if f.kind == FieldKind::NoteCategory && !picked() => Err(Invalid::new(
                    "一覧から項目を選んでください（名前の一部を入力すると絞り込めます）",
                    "pick a category from the list (type part of its name to filter)",
                )),
                // A stay is one of the client's, as the list offers them.
                Ok(_) if stay && !f.input.value().trim().is_empty() && !picked() => {
                    Err(if f.choices.is_empty() {
                        Invalid::new(T::NoStayToPick.s(Lang::Ja), T::NoStayToPick.s(Lang::En))
                    } else {
                        Invalid::new(T::PickStay.s(Lang::Ja), T::PickStay.s(Lang::En))
                    })
                }
                Ok(_) if f.kind == FieldKind::KasanRef && !picked() => Err(Invalid::new(
                    T::PickKasan.s(Lang::Ja),
                    T::PickKasan.s(Lang::En),
                )),
                Ok(_) if f.kind == FieldKind::DaysRef && !picked() => Err(Invalid::new(
                    T::PickDays.s(Lang::Ja),
                    T::PickDays.s(Lang::En),
                )),
                Err(_) if f.kind == FieldKind::StayRef && f.choices.is_empty() => Err(
                    Invalid::new(T::NoStayToPick.s(Lang::Ja), T::NoStayToPick.s(Lang::En)),
                ),
                other => other,
            };
            match checked {
                Ok(w) => {
                    f.error = None;
                    f.warning = w.map(|w| w.message(lang).to_string());
                }
                Err(e) => {
                    f.error = Some(e.message(lang).to_string());
                    f.warning = None;
                }
            }
        }
    }

    pub fn validate_all(&mut self, lang: Lang, staff: &[StaffMember], today: NaiveDate) -> bool {
        for i in 0..self.fields.len() {
            self.validate_field(i, lang, staff, today);
        }
        self.cross_check(lang, today);
        self.fields.iter().all(|f| f.error.is_none())
    }

    fn set_error(&mut self, label: T, msg: Invalid, lang: Lang) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.label == label)
            && f.error.is_none()
        {
            f.error = Some(msg.message(lang).to_string());
        }
    }

    /// Rules between fields: a certification needs its period; periods run forwards.
    fn cross_check(&mut self, lang: Lang, today: NaiveDate) {
        let filled: Vec<T> = self
            .fields
            .iter()
            .filter(|f| !f.input.value().trim().is_empty())
            .map(|f| f.label)
            .collect();
        let has = |l| filled.contains(&l);
        let needed = || {
            Invalid::new(
                "要介護度を入れる場合は入力が必要です",
                "required when a care level is given",
            )
        };
        match self.kind {
            FormKind::EndContract { .. } if has(T::ContractEnd) && !has(T::EndReason) => {
                let why = Invalid::new(
                    "終了理由を入力してください（例: 施設入所、逝去、転居）",
                    "give the reason (e.g. moved to a care home, died, moved away)",
                );
                self.set_error(T::EndReason, why, lang);
            }
            FormKind::NewClient
                if has(T::CareLevel)
                    || CertStatus::parse(self.v(T::CertStatus)) == Ok(CertStatus::Pending) =>
            {
                // 申請中 needs the start only; a certified level its end too.
                let pending = CertStatus::parse(self.v(T::CertStatus)) == Ok(CertStatus::Pending);
                for l in [T::ValidFrom, T::ValidTo] {
                    if !has(l) && (l == T::ValidFrom || !pending) {
                        self.set_error(l, needed(), lang);
                    }
                }
            }
            FormKind::AddCertification { .. } | FormKind::EditCertification { .. }
                if CertStatus::parse(self.v(T::CertStatus)) == Ok(CertStatus::Certified) =>
            {
                let req = || {
                    Invalid::new(
                        "認定済の場合は入力が必要です",
                        "required for a certified level",
                    )
                };
                for l in [T::CareLevel, T::ValidTo] {
                    if !has(l) {
                        self.set_error(l, req(), lang);
                    }
                }
            }
            FormKind::NewPlan { .. } | FormKind::PlanStatus { .. }
                if PlanStatus::parse(self.v(T::PlanStatusLabel)) == Ok(PlanStatus::Confirmed)
                    && !has(T::ConsentDate) =>
            {
                let why = Invalid::new(
                    "確定にするには同意日が必要です（まだなら状態を「同意待ち」に）",
                    "confirmed needs a consent date (else choose awaiting consent)",
                );
                self.set_error(T::ConsentDate, why, lang);
            }
            FormKind::EditPlan {
                confirmed: true, ..
            } if !has(T::CorrectionReason) => {
                let why = Invalid::new(
                    "確定した計画の訂正には理由が必要です（例: 計画期間の入力誤り）。内容が変わるなら新しい版を p で",
                    "a confirmed plan is corrected with a reason; for a changed plan make a new revision (p)",
                );
                self.set_error(T::CorrectionReason, why, lang);
            }
            FormKind::NewNote { .. } if !has(T::NoteBody) && !has(T::NoteReason) => {
                let why = Invalid::new(
                    "内容を書いてください（訪問できなかった月は理由の欄に特段の事情を）",
                    "write the text (for a month without a visit, the reason in the reason field)",
                );
                self.set_error(T::NoteBody, why, lang);
            }
            FormKind::NewNote {
                structured: Some(ref code),
                ..
            } => {
                // The category's fields, checked by the rule the command line's are.
                let code = code.clone();
                if let Ok(given) = self.note_fields()
                    && let Err(why) = given.check(&code, self.v(T::NoteCategoryLabel))
                {
                    let at = fields_of(&code)
                        .and_then(|(_, needs)| needs.iter().find(|f| !f.given(&given)))
                        .map_or(T::NoteCategoryLabel, |f| note_field(*f, true).0);
                    self.set_error(at, why, lang);
                }
            }
            FormKind::AddOutreach { .. } | FormKind::EditOutreach { .. }
                if Stage::parse(self.v(T::OutreachStage)) == Ok(Stage::Declined)
                    && !has(T::OutreachOutcome) =>
            {
                let why = Invalid::new(
                    "見送りの場合は理由を書いてください（次に頼む時の手がかりになります）",
                    "give the reason for declining",
                );
                self.set_error(T::OutreachOutcome, why, lang);
            }
            _ => {}
        }
        self.check_date_order(lang, today);
    }

    /// The dates that must run forwards: each pair of `IN_ORDER`, and a plan's dates.
    fn check_date_order(&mut self, lang: Lang, today: NaiveDate) {
        for (earlier, later) in IN_ORDER {
            if let (Some(a), Some(b)) = (self.date(earlier, today), self.date(later, today))
                && let Err(why) = check_order(a, b, (earlier.s(Lang::Ja), earlier.s(Lang::En)))
            {
                self.set_error(later, why, lang);
            }
        }
        self.check_plan_dates(lang, today);
    }

    /// 作成日 ≤ 同意日 ≤ 交付日 in the plan forms (`plan::dates_in_order`, as every save
    /// checks it), the message under the date out of place. A revision's dates as stored are
    /// not judged again while none of them is changed: one stored out of order is listed by
    /// `careplan check`, and correcting another field of it is not blocked.
    fn check_plan_dates(&mut self, lang: Lang, today: NaiveDate) {
        use crate::domain::plan::{Handover, dates_in_order};
        const DATES: [T; 3] = [T::PlanDate, T::ConsentDate, T::HandedDate];
        let plan_date = match &self.kind {
            FormKind::PlanStatus { plan_date, .. } => *plan_date,
            FormKind::NewPlan { .. } | FormKind::EditPlan { .. } => self.date(T::PlanDate, today),
            // A hand-over to providers: its one date against the revision's.
            FormKind::HandOver {
                plan_date, consent, ..
            } => {
                let handed = self.date(T::HandedDate, today);
                let to = Handover::Provider;
                if let Err(why) = dates_in_order(*plan_date, *consent, handed, to) {
                    self.set_error(T::HandedDate, why, lang);
                }
                return;
            }
            _ => return,
        };
        let Some(plan_date) = plan_date else { return };
        let stored = !matches!(self.kind, FormKind::NewPlan { .. })
            && self
                .fields
                .iter()
                .zip(&self.original)
                .filter(|(f, _)| DATES.contains(&f.label))
                .all(|(f, o)| f.input.value().trim() == o.trim());
        if stored {
            return;
        }
        let consent = self.date(T::ConsentDate, today);
        let handed = self.date(T::HandedDate, today);
        if let Err(why) = dates_in_order(plan_date, consent, None, Handover::Client) {
            self.set_error(T::ConsentDate, why, lang);
        } else if let Err(why) = dates_in_order(plan_date, consent, handed, Handover::Client) {
            self.set_error(T::HandedDate, why, lang);
        }
    }

    /// As the user types: the dates that must run forwards, checked again (a date changed can
    /// put another out of place, or back in place). Each date filled in is checked on its own
    /// first, which also clears a message an earlier order put under it.
    pub fn recheck_date_order(&mut self, lang: Lang, staff: &[StaffMember], today: NaiveDate) {
        let ordered = |l: T| {
            IN_ORDER.iter().any(|(a, b)| *a == l || *b == l)
                || [T::PlanDate, T::ConsentDate, T::HandedDate].contains(&l)
        };
        for i in 0..self.fields.len() {
            let f = &self.fields[i];
            if ordered(f.label) && !f.input.value().trim().is_empty() {
                self.validate_field(i, lang, staff, today);
            }
        }
        self.check_date_order(lang, today);
    }

    /// The date in a field, if the form has it and it holds one.
    fn date(&self, label: T, today: NaiveDate) -> Option<NaiveDate> {
        let f = self.fields.iter().find(|f| f.label == label)?;
        let v = f.input.value().trim();
        match f.kind {
            FieldKind::FollowUp => follow_up(v, today).ok().flatten(),
            _ => parse_date(v).ok(),
        }
    }

    fn v(&self, label: T) -> &str {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.input.value().trim())
            .unwrap_or("")
    }

    /// Builds the submission; call after `validate_all` returned true.
    pub fn submission(
        &self,
        staff: &[StaffMember],
        today: NaiveDate,
    ) -> Result<Submission, NotReady> {
        let e = |_| NotReady::Errors;
        let v = |l| self.v(l);
        let client_fields = || -> Result<ClientFields, NotReady> {
            Ok(ClientFields {
                name: v(T::Name).to_string(),
                kana: kana::parse(v(T::Kana)).map_err(e)?,
                birth_date: parse_birth_date(v(T::BirthDate), today).map_err(e)?,
                sex: Sex::parse(v(T::Sex)).map_err(e)?,
                insurer_number: InsurerNumber::parse(v(T::InsurerNumber)).map_err(e)?,
                insured_number: InsuredNumber::parse(v(T::InsuredNumber)).map_err(e)?,
                address: v(T::Address).to_string(),
                phone: phone::normalise(v(T::Phone)).map_err(e)?,
                contract_date: parse_date(v(T::ContractDate)).map_err(e)?,
            })
        };
        let cm = || {
            if v(T::CareManager).is_empty() {
                None
            } else {
                find_cm(staff, v(T::CareManager))
            }
        };
        Ok(match &self.kind {
            FormKind::NewClient => {
                let pending =
                    CertStatus::parse(v(T::CertStatus)).map_err(e)? == CertStatus::Pending;
                let certification = if v(T::CareLevel).is_empty() && !pending {
                    None
                } else {
                    Some(self.certification()?)
                };
                Submission::NewClient {
                    fields: client_fields()?,
                    care_manager: cm(),
                    certification,
                }
            }
            FormKind::EditClient { id, version } => {
                let from = parse_optional_date(v(T::AssignFrom))
                    .map_err(e)?
                    .unwrap_or(today);
                let original_cm = self
                    .fields
                    .iter()
                    .position(|f| f.label == T::CareManager)
                    .and_then(|i| self.original.get(i));
                let changed = original_cm.map(String::as_str) != Some(v(T::CareManager));
                Submission::EditClient {
                    id: *id,
                    version: *version,
                    fields: client_fields()?,
                    care_manager: if changed {
                        cm().map(|c| (c, from))
                    } else {
                        None
                    },
                }
            }
            FormKind::EndContract { id, version } => Submission::EndContract {
                id: *id,
                version: *version,
                end: parse_optional_date(v(T::ContractEnd)).map_err(e)?,
                reason: v(T::EndReason).to_string(),
            },
            FormKind::AddCertification { client_id } => Submission::AddCertification {
                client_id: *client_id,
                cert: self.certification()?,
            },
            FormKind::EditCertification { id, version, .. } => Submission::EditCertification {
                id: *id,
                version: *version,
                cert: self.certification()?,
            },
            FormKind::EditPlan {
                id,
                version,
                client_id,
                confirmed,
            } => {
                let reason = v(T::CorrectionReason);
                if *confirmed && reason.is_empty() {
                    return Err(NotReady::Errors);
                }
                let (fields, lines) = self.plan(PlanStatus::Draft)?;
                Submission::EditPlan {
                    id: *id,
                    version: *version,
                    client_id: *client_id,
                    fields,
                    lines,
                    reason: (!reason.is_empty()).then(|| reason.to_string()),
                }
            }
            FormKind::EditAssignment {
                id,
                version,
                client_id,
            } => Submission::CorrectAssignment {
                id: *id,
                version: *version,
                client_id: *client_id,
                care_manager: cm().ok_or(NotReady::Errors)?,
                from: parse_date(v(T::AssignFrom)).map_err(e)?,
                reason: v(T::CorrectionReason).to_string(),
            },
            FormKind::EditFte {
                id,
                version,
                staff_id,
            } => Submission::CorrectFte {
                id: *id,
                version: *version,
                staff_id: *staff_id,
                fte: Fte::parse(v(T::Fte)).map_err(e)?,
                from: parse_date(v(T::FteFrom)).map_err(e)?,
                reason: v(T::CorrectionReason).to_string(),
            },
            FormKind::EditObservation {
                id,
                version,
                provider_id,
            } => Submission::CorrectObservation {
                id: *id,
                version: *version,
                provider_id: *provider_id,
                observed: self.observed()?,
                reason: v(T::CorrectionReason).to_string(),
            },
            FormKind::EditOutreach {
                id,
                version,
                provider_id,
            } => Submission::CorrectOutreach {
                id: *id,
                version: *version,
                activity: self.activity(*provider_id, today)?,
                reason: v(T::CorrectionReason).to_string(),
            },
            FormKind::ConcentrationNote {
                period,
                service_type,
                version,
            } => Submission::ConcentrationNote {
                period: crate::domain::concentration::PeriodId::parse(period).map_err(e)?,
                service_type: service_type.clone(),
                version: (*version > 0).then_some(*version),
                text: v(T::ConcentrationNote).to_string(),
            },
            FormKind::NewNote {
                client_id,
                corrects,
                ..
            } => Submission::NewNote {
                client_id: *client_id,
                corrects: *corrects,
                plan_date: parse_optional_date(v(T::NotePlanDate)).map_err(e)?,
                attendees: v(T::Attendees).to_string(),
                correction_reason: v(T::CorrectionReason).to_string(),
                at: crate::domain::case_record::parse_note_time(v(T::NoteAt)).map_err(e)?,
                category: v(T::NoteCategoryLabel).to_string(),
                counterpart: v(T::Counterpart).to_string(),
                care_manager: cm(),
                body: v(T::NoteBody).to_string(),
                reason: v(T::NoteReason).to_string(),
                fields: self.note_fields()?,
            },
            FormKind::HandOver {
                client_id,
                plan_date,
                providers,
                ..
            } => Submission::HandOver {
                client_id: *client_id,
                plan_date: *plan_date,
                providers: providers.clone(),
                on: parse_date(v(T::HandedDate)).map_err(e)?,
                channel: Channel::parse(v(T::Channel)).map_err(e)?,
            },
            FormKind::KasanDecide { client_id, month } => {
                use crate::domain::kasan_records::{Coded, Decision};
                let (kasan, stay_id) = kasan_of_choice(v(T::KasanPick))
                    .ok_or_else(|| Invalid::new(T::PickKasan.s(Lang::Ja), T::PickKasan.s(Lang::En)))
                    .map_err(e)?;
                Submission::KasanDecide(crate::store::kasan_decisions::NewDecision {
                    client_id: *client_id,
                    month: *month,
                    kasan,
                    stay_id,
                    decision: Decision::parse(v(T::KasanVerdict)).map_err(e)?,
                    reason: v(T::Reason).to_string(),
                })
            }
            FormKind::VideoConsent { client_id } => Submission::VideoConsent {
                client_id: *client_id,
                on: parse_optional_date(v(T::VideoConsentOn)).map_err(e)?,
                reason: v(T::Reason).to_string(),
            },
            FormKind::SameBuilding {
                client_id,
                id,
                version,
            } => {
                use crate::domain::kasan_records::{Coded, SameBuildingWhy};
                Submission::SameBuilding {
                    client_id: *client_id,
                    id: *id,
                    version: *version,
                    fields: crate::store::same_building::SameBuildingFields {
                        from: parse_date(v(T::SameBuildingFrom)).map_err(e)?,
                        until: parse_optional_date(v(T::SameBuildingUntil)).map_err(e)?,
                        why: SameBuildingWhy::parse(v(T::SameBuildingWhyLabel)).map_err(e)?,
                        building: v(T::SameBuildingName).to_string(),
                    },
                    reason: v(T::CorrectionReason).to_string(),
                }
            }
            FormKind::Terminal { client_id } => {
                let died = parse_optional_date(v(T::DiedOn)).map_err(e)?;
                let place = match fold_ascii(v(T::DeathPlace)).to_ascii_lowercase().as_str() {
                    "自宅" | "home" => Some("home"),
                    "自宅以外" | "other" => Some("other"),
                    _ => None,
                };
                let death = match (died, place) {
                    (Some(d), Some(p)) => Some((d, p.to_string())),
                    (Some(_), None) => {
                        return Err(e(Invalid::new(
                            T::DeathPlaceNeeded.s(Lang::Ja),
                            T::DeathPlaceNeeded.s(Lang::En),
                        )));
                    }
                    (None, _) => None,
                };
                Submission::Terminal {
                    client_id: *client_id,
                    consent: parse_optional_date(v(T::TerminalConsentOn)).map_err(e)?,
                    death,
                    reason: v(T::Reason).to_string(),
                }
            }
            FormKind::Stay {
                client_id,
                id,
                version,
            } => {
                use crate::domain::kasan_records::{Coded, Destination, StayKind};
                let destination = v(T::StayDestination);
                Submission::Stay {
                    client_id: *client_id,
                    id: *id,
                    version: *version,
                    fields: crate::domain::kasan_records::StayFields {
                        institution: v(T::StayInstitution).to_string(),
                        kind: StayKind::parse(v(T::StayKindLabel)).map_err(e)?,
                        admitted_on: parse_date(v(T::StayAdmittedOn)).map_err(e)?,
                        after_hours: yes_no(v(T::StayAfterHours)).map_err(e)?,
                        discharged_on: parse_optional_date(v(T::StayDischargedOn)).map_err(e)?,
                        destination: if destination.trim().is_empty() {
                            None
                        } else {
                            Some(Destination::parse(destination).map_err(e)?)
                        },
                        note: v(T::Note).to_string(),
                    },
                    reason: v(T::CorrectionReason).to_string(),
                }
            }
            FormKind::PaperCheck { client_id, plan_id } => Submission::PaperCheck {
                client_id: *client_id,
                plan_id: *plan_id,
                reason: v(T::Reason).to_string(),
            },
            FormKind::BusinessHours => {
                Submission::BusinessHours(crate::domain::kasan_records::HoursFields {
                    from: parse_date(v(T::HoursFrom)).map_err(e)?,
                    weekdays: crate::domain::kasan_records::parse_weekdays(v(T::HoursWeekdays))
                        .map_err(e)?,
                    opens: crate::domain::kasan_records::parse_clock(v(T::HoursOpens), ("", ""))
                        .map_err(e)?,
                    closes: crate::domain::kasan_records::parse_clock(v(T::HoursCloses), ("", ""))
                        .map_err(e)?,
                    holidays_closed: yes_no(v(T::HolidaysClosed)).map_err(e)?,
                })
            }
            FormKind::BusinessDays { open } => {
                let from = parse_date(v(T::DaysFrom)).map_err(e)?;
                Submission::BusinessDays {
                    from,
                    until: parse_optional_date(v(T::DaysUntil))
                        .map_err(e)?
                        .unwrap_or(from),
                    open: *open,
                    reason: v(T::DaysReason).to_string(),
                }
            }
            FormKind::WithdrawDays => Submission::WithdrawDays {
                id: stay_id_of(v(T::DaysRecord)).ok_or(NotReady::Errors)?,
                reason: v(T::WithdrawReason).to_string(),
            },
            FormKind::OfficePeriod => Submission::OfficePeriod {
                setting: setting_of(v(T::PeriodSetting))
                    .or_else(|| crate::store::office_system::parse(v(T::PeriodSetting)).ok())
                    .ok_or(NotReady::Errors)?
                    .to_string(),
                period: parse_optional_date(v(T::SystemFrom))
                    .map_err(e)?
                    .map(|from| -> Result<_, NotReady> {
                        Ok(crate::domain::caseload::Period {
                            from,
                            until: parse_optional_date(v(T::SystemUntil)).map_err(e)?,
                        })
                    })
                    .transpose()?,
            },
            FormKind::Withdraw { record, .. } => Submission::Withdraw {
                record: record.clone(),
                reason: v(T::WithdrawReason).to_string(),
            },
            FormKind::NewPlan { client_id } => {
                let status = PlanStatus::parse(v(T::PlanStatusLabel)).map_err(e)?;
                let (fields, lines) = self.plan(status)?;
                if status == PlanStatus::Confirmed && fields.consent_date.is_none() {
                    return Err(NotReady::Errors);
                }
                Submission::NewPlan {
                    client_id: *client_id,
                    fields,
                    lines,
                }
            }
            FormKind::PlanStatus {
                id,
                version,
                client_id,
                ..
            } => {
                let status = PlanStatus::parse(v(T::PlanStatusLabel)).map_err(e)?;
                let consent_date = parse_optional_date(v(T::ConsentDate)).map_err(e)?;
                if status == PlanStatus::Confirmed && consent_date.is_none() {
                    return Err(NotReady::Errors);
                }
                Submission::PlanStatus {
                    id: *id,
                    version: *version,
                    client_id: *client_id,
                    status,
                    consent_date,
                    handed_date: parse_optional_date(v(T::HandedDate)).map_err(e)?,
                }
            }
            FormKind::RecordObservation { provider_id } => Submission::Observation {
                provider_id: *provider_id,
                observed: self.observed()?,
            },
            FormKind::EditOfficeExchange { version } => {
                let status = if v(T::ExchangeStatus).is_empty() {
                    None
                } else {
                    Some((
                        ExchangeUse::parse(v(T::ExchangeStatus)).map_err(e)?,
                        system(v(T::StatusSystem)).map_err(e)?,
                        parse_optional_date(v(T::ExchangeStatusFrom))
                            .map_err(e)?
                            .unwrap_or(today),
                    ))
                };
                let d = |l: T| parse_optional_date(v(l)).map_err(e);
                let (from, until) = (d(T::FreePassFrom)?, d(T::FreePassUntil)?);
                if let (Some(f), Some(u)) = (from, until)
                    && u < f
                {
                    return Err(NotReady::Errors);
                }
                Submission::OfficeExchange {
                    version: *version,
                    status,
                    settings: Box::new(crate::store::enrollment::OfficeExchange {
                        licence_applied_on: d(T::LicenceApplied)?,
                        licence_valid_until: d(T::LicenceUntil)?,
                        auto_renewal: yes_no(v(T::AutoRenewal)).map_err(e)?,
                        free_pass_from: from,
                        free_pass_until: until,
                        certificate_type: v(T::CertificateType).to_string(),
                        certificate_expiry: d(T::CertificateExpiry)?,
                        client_pc: v(T::ClientPc).to_string(),
                        pledge_on: d(T::PledgeOn)?,
                        web_registered_on: d(T::WebRegistered)?,
                        version: *version,
                    }),
                }
            }
            FormKind::AddOutreach { provider_id } => {
                Submission::Outreach(self.activity(*provider_id, today)?)
            }
            FormKind::AddMonthProvider { client_id, month } => Submission::MonthProvider {
                client_id: *client_id,
                month: *month,
                provider_id: None,
                office_number: Some(
                    OfficeNumber::parse(v(T::OfficeNumber))
                        .map_err(e)?
                        .as_str()
                        .to_string(),
                ),
                service_type: service_types::parse_list(v(T::ServiceType))
                    .map_err(e)?
                    .first()
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                included: true,
            },
            FormKind::NoBenefitMonth { client_id } => Submission::NoBenefitMonth {
                client_id: *client_id,
                month: parse_month(v(T::Month)).map_err(e)?,
                reason: (!v(T::Reason).is_empty()).then(|| v(T::Reason).to_string()),
            },
            FormKind::NewProvider | FormKind::EditProvider { .. } => {
                let number = OfficeNumber::parse(v(T::OfficeNumber)).map_err(e)?;
                let accepted = number.check_digit_ok()
                    || self.accepted_check_digit.as_deref() == Some(number.as_str());
                if !accepted {
                    return Err(NotReady::ConfirmCheckDigit);
                }
                let fields = ProviderFields {
                    check_digit_accepted: !number.check_digit_ok(),
                    office_number: number,
                    name: v(T::ProviderName).to_string(),
                    kana: kana::parse(v(T::Kana)).map_err(e)?,
                    service_types: service_types::parse_list(v(T::ServiceTypes))
                        .map_err(e)?
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                    address: v(T::Address).to_string(),
                    phone: phone::normalise(v(T::Phone)).map_err(e)?,
                    fax: phone::normalise(v(T::Fax)).map_err(e)?,
                    email: v(T::Email).to_string(),
                    contact_person: v(T::ContactPerson).to_string(),
                    preferred_channel: Channel::parse(v(T::Channel)).map_err(e)?,
                    notes: v(T::Notes).to_string(),
                    corporation_name: v(T::CorporationName).to_string(),
                    corporation_number: CorporationNumber::parse_optional(v(T::CorporationNumber))
                        .map_err(e)?
                        .map(|n| n.as_str().to_string())
                        .unwrap_or_default(),
                };
                match &self.kind {
                    FormKind::EditProvider { id, version } => Submission::EditProvider {
                        id: *id,
                        version: *version,
                        fields,
                    },
                    _ => Submission::NewProvider { fields },
                }
            }
            FormKind::NewStaff | FormKind::EditStaff { .. } => {
                let role = StaffRole::parse(v(T::Role)).map_err(e)?;
                let cm_number = if v(T::CmNumber).is_empty() {
                    None
                } else {
                    Some(CareManagerNumber::parse(v(T::CmNumber)).map_err(e)?)
                };
                let fields = StaffFields {
                    name: v(T::Name).to_string(),
                    kana: kana::parse(v(T::Kana)).map_err(e)?,
                    cm_number,
                    role,
                };
                let from = parse_optional_date(v(T::FteFrom))
                    .map_err(e)?
                    .unwrap_or(today);
                match &self.kind {
                    FormKind::EditStaff { id, version } => {
                        let i = self.fields.iter().position(|f| f.label == T::Fte);
                        let changed = i.and_then(|i| self.original.get(i)).map(String::as_str)
                            != Some(v(T::Fte));
                        let fte = if changed && !v(T::Fte).is_empty() {
                            Some((Fte::parse(v(T::Fte)).map_err(e)?, from))
                        } else {
                            None
                        };
                        Submission::EditStaff {
                            id: *id,
                            version: *version,
                            fields,
                            fte,
                        }
                    }
                    _ => Submission::NewStaff {
                        fields,
                        fte: Fte::parse(v(T::Fte)).map_err(e)?,
                        from,
                    },
                }
            }
            FormKind::StaffLeaves { id } => Submission::StaffLeaves {
                id: *id,
                date: parse_date(v(T::LeaveDate)).map_err(e)?,
            },
            FormKind::EditOffice { version } => {
                let number = if v(T::OfficeNumber).is_empty() {
                    None
                } else {
                    Some(OfficeNumber::parse(v(T::OfficeNumber)).map_err(e)?)
                };
                if let Some(n) = &number
                    && !n.check_digit_ok()
                    && self.accepted_check_digit.as_deref() != Some(n.as_str())
                {
                    return Err(NotReady::ConfirmCheckDigit);
                }
                let grade = if v(T::AreaGrade).is_empty() {
                    None
                } else {
                    Some(AreaGrade::parse(v(T::AreaGrade)).map_err(e)?)
                };
                let from = parse_optional_date(v(T::AreaGradeFrom))
                    .map_err(e)?
                    .unwrap_or(today);
                Submission::EditOffice {
                    version: *version,
                    change: crate::store::office::OfficeChange {
                        office_number: number,
                        name: Some(v(T::ProviderName).to_string()),
                        special_area: Some(yes_no(v(T::SpecialArea)).map_err(e)?),
                        // Emptied: 記録開始日 cleared (history judged again).
                        records_since: Some(parse_optional_date(v(T::RecordsSince)).map_err(e)?),
                        area_grade: grade.map(|g| (g, from)),
                        ..Default::default()
                    },
                }
            }
        })
    }
}

impl Form {
    /// The certification the form describes (adding or correcting one).
    fn certification(&self) -> Result<CertificationFields, NotReady> {
        let e = |_| NotReady::Errors;
        let v = |l| self.v(l);
        let status = CertStatus::parse(v(T::CertStatus)).map_err(e)?;
        let level = if v(T::CareLevel).is_empty() {
            None
        } else {
            Some(CareLevel::parse(v(T::CareLevel)).map_err(e)?)
        };
        let valid_to = parse_optional_date(v(T::ValidTo)).map_err(e)?;
        let valid_from = parse_date(v(T::ValidFrom)).map_err(e)?;
        if status == CertStatus::Certified && (level.is_none() || valid_to.is_none()) {
            return Err(NotReady::Errors);
        }
        if valid_to.is_some_and(|t| t < valid_from) {
            return Err(NotReady::Errors);
        }
        Ok(CertificationFields {
            care_level: level,
            certified_on: parse_optional_date(v(T::CertifiedOn)).map_err(e)?,
            valid_from,
            valid_to,
            status,
            change_of_level: yes_no(v(T::ChangeOfLevel)).map_err(e)?,
        })
    }

    /// A plan revision's fields and service lines (new or corrected).
    #[allow(clippy::type_complexity)]
    fn plan(
        &self,
        status: PlanStatus,
    ) -> Result<(PlanFields, Vec<(String, String, String)>), NotReady> {
        let e = |_| NotReady::Errors;
        let v = |l| self.v(l);
        let (period_from, period_to) = (
            parse_date(v(T::PeriodFrom)).map_err(e)?,
            parse_date(v(T::PeriodTo)).map_err(e)?,
        );
        if period_to < period_from {
            return Err(NotReady::Errors);
        }
        Ok((
            PlanFields {
                plan_date: parse_date(v(T::PlanDate)).map_err(e)?,
                first_plan_date: parse_optional_date(v(T::FirstPlanDate)).map_err(e)?,
                kind: PlanKind::parse(v(T::PlanKindLabel)).map_err(e)?,
                period_from,
                period_to,
                care_level: None,
                consent_date: parse_optional_date(v(T::ConsentDate)).map_err(e)?,
                handed_date: parse_optional_date(v(T::HandedDate)).map_err(e)?,
                status,
            },
            parse_plan_lines(v(T::PlanLines)).map_err(e)?,
        ))
    }

    /// An enrollment observation (new or corrected).
    fn observed(&self) -> Result<crate::store::enrollment::Observed, NotReady> {
        let e = |_| NotReady::Errors;
        let v = |l| self.v(l);
        Ok(crate::store::enrollment::Observed {
            status: ProviderStatus::parse(v(T::EnrollStatus)).map_err(e)?,
            source: EnrollSource::parse(v(T::EnrollSource)).map_err(e)?,
            system: system(v(T::ObservedSystem)).map_err(e)?,
            on: parse_date(v(T::ObservedOn)).map_err(e)?,
            note: v(T::Note).to_string(),
        })
    }

    /// An outreach entry (new or corrected).
    fn activity(
        &self,
        provider_id: i64,
        today: NaiveDate,
    ) -> Result<crate::store::enrollment::Activity, NotReady> {
        let e = |_| NotReady::Errors;
        let v = |l| self.v(l);
        let stage = Stage::parse(v(T::OutreachStage)).map_err(e)?;
        if stage == Stage::Declined && v(T::OutreachOutcome).is_empty() {
            return Err(NotReady::Errors);
        }
        Ok(crate::store::enrollment::Activity {
            provider_id,
            on_date: parse_date(v(T::OutreachDate)).map_err(e)?,
            method: v(T::OutreachMethod).to_string(),
            who: v(T::OutreachWho).to_string(),
            said: v(T::OutreachSaid).to_string(),
            outcome: v(T::OutreachOutcome).to_string(),
            stage,
            next_follow_up: follow_up(v(T::NextFollowUp), today).map_err(e)?,
        })
    }
}

/// The fields of each kind of form, in order.
/// What a short field label leaves out (labels fit 20 columns so that no form cuts one at
/// 80×24): the help spells it out beside the label.
pub const LABEL_NOTES: &[(T, T)] = &[
    (T::ObservedSystem, T::ObservedSystemNote),
    (T::StatusSystem, T::ObservedSystemNote),
    (T::OutreachOutcome, T::OutreachOutcomeNote),
    (T::ExchangeStatus, T::ExchangeStatusNote),
    (T::PledgeOn, T::PledgeOnNote),
    (T::CorporationName, T::CorporationNameNote),
    (T::VideoConsentOn, T::VideoConsentOnNote),
    (T::NoteReason, T::NoteReasonNote),
    (T::NotePlanDate, T::NotePlanDateNote),
    (T::ConcentrationNote, T::ConcentrationNoteNote),
    (T::TerminalConsentOn, T::TerminalConsentOnNote),
    (T::DiedOn, T::DiedOnNote),
    (T::DeathPlace, T::DeathPlaceNote),
    (T::SameBuildingWhyLabel, T::SameBuildingWhyNote),
    (T::SameBuildingUntil, T::SameBuildingUntilNote),
    (T::StayKindLabel, T::StayKindNote),
    (T::StayDestination, T::StayDestinationNote),
    (T::NoteStay, T::NoteStayNote),
    (T::DaysUntil, T::DaysUntilNote),
    (T::PeriodSetting, T::PeriodSettingNote),
    (T::NoteDocument, T::NoteDocumentNote),
];

pub fn spec(kind: &FormKind) -> Vec<(T, FieldKind)> {
    use FieldKind as K;
    match kind {
        FormKind::NewClient | FormKind::EditClient { .. } => {
            let mut v = vec![
                (T::Name, K::RequiredText),
                (T::Kana, K::Kana),
                (T::BirthDate, K::BirthDate),
                (T::Sex, K::Sex),
                (T::InsurerNumber, K::Insurer),
                (T::InsuredNumber, K::Insured),
                (T::Address, K::Text),
                (T::Phone, K::Phone),
                (T::ContractDate, K::Date),
                (T::CareManager, K::CareManagerRef),
            ];
            if matches!(kind, FormKind::NewClient) {
                // The certification as the add-certification form takes it: 申請中 with the
                // application's start only, or 認定済 with its level, 認定日 and period.
                v.extend([
                    (T::CareLevel, K::OptCareLevel),
                    (T::CertStatus, K::CertStatus),
                    (T::CertifiedOn, K::OptDate),
                    (T::ValidFrom, K::OptDate),
                    (T::ValidTo, K::OptDate),
                ]);
            } else {
                v.push((T::AssignFrom, K::OptDate));
            }
            v
        }
        FormKind::EndContract { .. } => {
            vec![(T::ContractEnd, K::OptDate), (T::EndReason, K::Text)]
        }
        FormKind::AddCertification { .. } | FormKind::EditCertification { .. } => vec![
            (T::CareLevel, K::OptCareLevel),
            (T::CertStatus, K::CertStatus),
            (T::CertifiedOn, K::OptDate),
            (T::ValidFrom, K::Date),
            (T::ValidTo, K::OptDate),
            (T::ChangeOfLevel, K::YesNo),
        ],
        FormKind::EditPlan { .. } => vec![
            (T::PlanDate, K::Date),
            (T::PlanKindLabel, K::PlanKind),
            (T::FirstPlanDate, K::OptDate),
            (T::PeriodFrom, K::Date),
            (T::PeriodTo, K::Date),
            (T::ConsentDate, K::OptDate),
            (T::HandedDate, K::OptDate),
            (T::PlanLines, K::PlanLines),
            (T::CorrectionReason, K::Text),
        ],
        FormKind::EditAssignment { .. } => vec![
            (T::CareManager, K::CareManagerRef),
            (T::AssignFrom, K::Date),
            (T::CorrectionReason, K::RequiredText),
        ],
        FormKind::EditFte { .. } => vec![
            (T::Fte, K::Fte),
            (T::FteFrom, K::Date),
            (T::CorrectionReason, K::RequiredText),
        ],
        FormKind::EditObservation { .. } => vec![
            (T::EnrollStatus, K::EnrollStatus),
            (T::EnrollSource, K::EnrollSource),
            (T::ObservedOn, K::Date),
            (T::Note, K::Text),
            (T::ObservedSystem, K::OptExchangeSystem),
            (T::CorrectionReason, K::RequiredText),
        ],
        FormKind::EditOutreach { .. } => vec![
            (T::OutreachDate, K::Date),
            (T::OutreachMethod, K::Text),
            (T::OutreachWho, K::Text),
            (T::OutreachSaid, K::Text),
            (T::OutreachOutcome, K::Text),
            (T::OutreachStage, K::Stage),
            (T::NextFollowUp, K::FollowUp),
            (T::CorrectionReason, K::RequiredText),
        ],
        FormKind::Withdraw { .. } => vec![(T::WithdrawReason, K::RequiredText)],
        FormKind::BusinessHours => vec![
            (T::HoursFrom, K::Date),
            (T::HoursWeekdays, K::Weekdays),
            (T::HoursOpens, K::Clock),
            (T::HoursCloses, K::Clock),
            (T::HolidaysClosed, K::YesNo),
        ],
        FormKind::BusinessDays { .. } => vec![
            (T::DaysFrom, K::Date),
            (T::DaysUntil, K::OptDate),
            (T::DaysReason, K::RequiredText),
        ],
        FormKind::WithdrawDays => vec![
            (T::DaysRecord, K::DaysRef),
            (T::WithdrawReason, K::RequiredText),
        ],
        FormKind::OfficePeriod => vec![
            (T::PeriodSetting, K::Setting),
            (T::SystemFrom, K::OptDate),
            (T::SystemUntil, K::OptDate),
        ],
        FormKind::HandOver { .. } => vec![(T::HandedDate, K::Date), (T::Channel, K::Channel)],
        FormKind::PaperCheck { .. } => vec![(T::Reason, K::RequiredText)],
        FormKind::VideoConsent { .. } => {
            vec![(T::VideoConsentOn, K::OptDate), (T::Reason, K::Text)]
        }
        // The reason's need (a rejection, a withdrawal) is the store's rule, checked on save.
        FormKind::KasanDecide { .. } => vec![
            (T::KasanPick, K::KasanRef),
            (T::KasanVerdict, K::Decision),
            (T::Reason, K::Text),
        ],
        FormKind::SameBuilding { id, .. } => {
            let mut fields = vec![
                (T::SameBuildingWhyLabel, K::RequiredText),
                (T::SameBuildingName, K::Text),
                (T::SameBuildingFrom, K::Date),
                (T::SameBuildingUntil, K::OptDate),
            ];
            if id.is_some() {
                fields.push((T::CorrectionReason, K::RequiredText));
            }
            fields
        }
        FormKind::Terminal { .. } => vec![
            (T::TerminalConsentOn, K::OptDate),
            (T::DiedOn, K::OptDate),
            (T::DeathPlace, K::Text),
            (T::Reason, K::Text),
        ],
        FormKind::Stay { id, .. } => {
            let mut fields = vec![
                (T::StayInstitution, K::RequiredText),
                (T::StayKindLabel, K::RequiredText),
                (T::StayAdmittedOn, K::Date),
                (T::StayAfterHours, K::YesNo),
                (T::StayDischargedOn, K::OptDate),
                (T::StayDestination, K::Text),
                (T::Note, K::Text),
            ];
            if id.is_some() {
                fields.push((T::CorrectionReason, K::RequiredText));
            }
            fields
        }
        FormKind::ConcentrationNote { .. } => vec![(T::ConcentrationNote, K::Text)],
        FormKind::NewNote {
            corrects,
            structured,
            ..
        } => {
            let mut fields = vec![
                (T::NoteAt, K::DateTime),
                (T::NoteCategoryLabel, K::NoteCategory),
                (T::Counterpart, K::Text),
                (T::CareManager, K::CareManagerRef),
                (T::NoteBody, K::Body),
                (T::NoteReason, K::Text),
                (T::Attendees, K::Text),
                (T::NotePlanDate, K::OptDate),
            ];
            // A 加算 category's own fields, as `notes add` takes them.
            fields.extend(
                note_field_spec(structured.as_deref().unwrap_or(""))
                    .into_iter()
                    .map(|(_, label, kind)| (label, kind)),
            );
            // A correction says why it replaces the entry.
            if corrects.is_some() {
                fields.push((T::CorrectionReason, K::RequiredText));
            }
            fields
        }
        FormKind::NoBenefitMonth { .. } => vec![(T::Month, K::Month), (T::Reason, K::RequiredText)],
        FormKind::NewPlan { .. } => vec![
            (T::PlanDate, K::Date),
            (T::PlanKindLabel, K::PlanKind),
            (T::FirstPlanDate, K::OptDate),
            (T::PeriodFrom, K::Date),
            (T::PeriodTo, K::Date),
            (T::PlanStatusLabel, K::PlanStatus),
            (T::ConsentDate, K::OptDate),
            (T::HandedDate, K::OptDate),
            (T::PlanLines, K::PlanLines),
        ],
        FormKind::PlanStatus { .. } => vec![
            (T::PlanStatusLabel, K::PlanStatus),
            (T::ConsentDate, K::OptDate),
            (T::HandedDate, K::OptDate),
        ],
        FormKind::RecordObservation { .. } => vec![
            (T::EnrollStatus, K::EnrollStatus),
            (T::EnrollSource, K::EnrollSource),
            (T::ObservedOn, K::Date),
            (T::Note, K::Text),
            (T::ObservedSystem, K::OptExchangeSystem),
        ],
        FormKind::EditOfficeExchange { .. } => vec![
            (T::ExchangeStatus, K::OptExchangeUse),
            (T::ExchangeStatusFrom, K::OptDate),
            (T::StatusSystem, K::OptExchangeSystem),
            (T::LicenceApplied, K::OptDate),
            (T::LicenceUntil, K::OptDate),
            (T::AutoRenewal, K::YesNo),
            (T::FreePassFrom, K::OptDate),
            (T::FreePassUntil, K::OptDate),
            (T::CertificateType, K::Text),
            (T::CertificateExpiry, K::OptDate),
            (T::ClientPc, K::Text),
            (T::PledgeOn, K::OptDate),
            (T::WebRegistered, K::OptDate),
        ],
        FormKind::AddOutreach { .. } => vec![
            (T::OutreachDate, K::Date),
            (T::OutreachMethod, K::Text),
            (T::OutreachWho, K::Text),
            (T::OutreachSaid, K::Text),
            (T::OutreachOutcome, K::Text),
            (T::OutreachStage, K::Stage),
            (T::NextFollowUp, K::FollowUp),
        ],
        FormKind::AddMonthProvider { .. } => vec![
            (T::OfficeNumber, K::ProviderRef),
            (T::ServiceType, K::ServiceTypes),
        ],
        FormKind::NewProvider | FormKind::EditProvider { .. } => vec![
            (T::OfficeNumber, K::OfficeNumber),
            (T::ProviderName, K::RequiredText),
            (T::Kana, K::Kana),
            (T::ServiceTypes, K::ServiceTypes),
            (T::Phone, K::Phone),
            (T::Fax, K::Phone),
            (T::Email, K::Text),
            (T::Address, K::Text),
            (T::ContactPerson, K::Text),
            (T::Channel, K::Channel),
            (T::Notes, K::Text),
            // Last, so that drafts kept before they were added still fill the fields above.
            (T::CorporationName, K::Text),
            (T::CorporationNumber, K::CorporationNumber),
        ],
        FormKind::NewStaff | FormKind::EditStaff { .. } => vec![
            (T::Name, K::RequiredText),
            (T::Kana, K::Kana),
            (T::Role, K::Role),
            (T::CmNumber, K::CmNumber),
            (
                T::Fte,
                if matches!(kind, FormKind::NewStaff) {
                    K::Fte
                } else {
                    K::OptFte
                },
            ),
            (T::FteFrom, K::OptDate),
        ],
        FormKind::StaffLeaves { .. } => vec![(T::LeaveDate, K::Date)],
        FormKind::EditOffice { .. } => vec![
            (T::OfficeNumber, K::OfficeNumber),
            (T::ProviderName, K::RequiredText),
            (T::AreaGrade, K::OptAreaGrade),
            (T::AreaGradeFrom, K::OptDate),
            (T::SpecialArea, K::YesNo),
            (T::RecordsSince, K::OptDate),
        ],
    }
}

/// Which fields must be filled: shown with a "*".
pub fn is_required(kind: FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::RequiredText
            | FieldKind::Date
            | FieldKind::Month
            | FieldKind::Insurer
            | FieldKind::Insured
            | FieldKind::OfficeNumber
            | FieldKind::ProviderRef
            | FieldKind::Fte
            | FieldKind::CareLevel
            | FieldKind::Role
            | FieldKind::CertStatus
            | FieldKind::PlanKind
            | FieldKind::PlanStatus
            | FieldKind::EnrollStatus
            | FieldKind::EnrollSource
            | FieldKind::Stage
            | FieldKind::OptExchangeSystem
            | FieldKind::DateTime
            | FieldKind::NoteCategory
            | FieldKind::NoteMethod
            | FieldKind::DoctorKind
            | FieldKind::StayRef
            | FieldKind::Weekdays
            | FieldKind::Clock
            | FieldKind::DaysRef
            | FieldKind::Setting
            | FieldKind::KasanRef
            | FieldKind::Decision
    )
}

/// Whether arriving at the field selects its value (typing replaces it): every field but
/// several lines of text and the services list, which are edited in place.
pub fn selects_on_entry(kind: FieldKind) -> bool {
    !matches!(kind, FieldKind::Body | FieldKind::PlanLines)
}

/// The form field of a 加算 category's structured field: its label, and its kind (a needed one
/// is required).
fn note_field(f: NoteField, needed: bool) -> (T, FieldKind) {
    use FieldKind as K;
    let req = |a: K, b: K| if needed { a } else { b };
    match f {
        NoteField::Method => (T::NoteMethod, req(K::NoteMethod, K::OptNoteMethod)),
        NoteField::Place => (T::NotePlace, req(K::RequiredText, K::Text)),
        NoteField::Stay => (T::NoteStay, req(K::StayRef, K::OptStayRef)),
        NoteField::Conference => (T::NoteConference, K::YesNo),
        NoteField::DocumentOnFile => (T::NoteDocument, K::YesNo),
        NoteField::DoctorKind => (T::NoteDoctorKind, req(K::DoctorKind, K::OptDoctorKind)),
        NoteField::Told => (T::NoteTold, req(K::RequiredText, K::Text)),
        NoteField::Heard => (T::NoteHeard, req(K::RequiredText, K::Text)),
        NoteField::RequestedBy => (T::NoteRequestedBy, req(K::RequiredText, K::Text)),
        NoteField::MedicalAttended => (T::NoteMedicalAttended, K::YesNo),
        NoteField::PlanChanged => (T::NotePlanChanged, K::YesNo),
    }
}

/// The structured fields a case-record form shows for `category` (the domain's list, in its
/// order); empty for a category without them.
pub fn note_field_spec(category: &str) -> Vec<(NoteField, T, FieldKind)> {
    let Some((has, needs)) = fields_of(category) else {
        return vec![];
    };
    has.iter()
        .map(|f| {
            let (label, kind) = note_field(*f, needs.contains(f));
            (*f, label, kind)
        })
        .collect()
}

/// A stay as a stay field shows and keeps it: `#12 2026-05-03 〇〇病院（〜2026-05-20）`.
pub fn stay_choice(s: &crate::store::stays::Stay) -> String {
    let out = s
        .discharged_on
        .map(|d| format!("（〜{}）", crate::domain::dates::iso(d)))
        .unwrap_or_default();
    format!(
        "#{} {} {}{out}",
        s.id,
        crate::domain::dates::iso(s.admitted_on),
        s.institution
    )
}

/// The stay id a stay field holds (`#12 …`).
pub fn stay_id_of(v: &str) -> Option<i64> {
    v.trim()
        .strip_prefix('#')?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// A structured field's value as its form field starts (`stay`: how a stay id is shown).
pub fn note_field_values(
    category: &str,
    f: &NoteFields,
    stay: impl Fn(i64) -> String,
) -> Vec<String> {
    let flag = |b: Option<bool>| match b {
        Some(true) => "はい".to_string(),
        Some(false) => "いいえ".to_string(),
        None => String::new(),
    };
    note_field_spec(category)
        .into_iter()
        .map(|(field, ..)| match field {
            NoteField::Method => f
                .method
                .map(|m| m.label(Lang::Ja).to_string())
                .unwrap_or_default(),
            NoteField::Place => f.place.clone(),
            NoteField::Stay => f.stay_id.map(&stay).unwrap_or_default(),
            NoteField::Conference => flag(f.conference),
            NoteField::DocumentOnFile => flag(f.document_on_file),
            NoteField::DoctorKind => f
                .doctor_kind
                .map(|d| d.label(Lang::Ja).to_string())
                .unwrap_or_default(),
            NoteField::Told => f.told.clone(),
            NoteField::Heard => f.heard.clone(),
            NoteField::RequestedBy => f.requested_by.clone(),
            NoteField::MedicalAttended => flag(f.medical_attended),
            NoteField::PlanChanged => flag(f.plan_changed),
        })
        .collect()
}

impl Form {
    /// The structured fields the form holds (none for a category without them), as typed.
    fn note_fields(&self) -> Result<NoteFields, NotReady> {
        let FormKind::NewNote {
            structured: Some(code),
            ..
        } = &self.kind
        else {
            return Ok(NoteFields::default());
        };
        let e = |_| NotReady::Errors;
        let mut out = NoteFields::default();
        for (field, label, _) in note_field_spec(code) {
            let v = self.v(label);
            let text = || v.to_string();
            let opt =
                |v: &str| -> Result<Option<bool>, NotReady> { yes_no(v).map(Some).map_err(e) };
            match field {
                NoteField::Method if !v.is_empty() => {
                    out.method = Some(Method::parse(v).map_err(e)?)
                }
                NoteField::Place => out.place = text(),
                NoteField::Stay if !v.is_empty() => {
                    out.stay_id = Some(stay_id_of(v).ok_or(NotReady::Errors)?)
                }
                NoteField::Conference => out.conference = opt(v)?,
                NoteField::DocumentOnFile => out.document_on_file = opt(v)?,
                NoteField::DoctorKind if !v.is_empty() => {
                    out.doctor_kind = Some(DoctorKind::parse(v).map_err(e)?)
                }
                NoteField::Told => out.told = text(),
                NoteField::Heard => out.heard = text(),
                NoteField::RequestedBy => out.requested_by = text(),
                NoteField::MedicalAttended => out.medical_attended = opt(v)?,
                NoteField::PlanChanged => out.plan_changed = opt(v)?,
                _ => {}
            }
        }
        Ok(out)
    }

    /// The case-record form takes the structured fields of `category` (a 加算 category) or
    /// none: its fields are laid out again, each value kept by its label. False when nothing
    /// changes.
    pub fn set_structured(&mut self, category: Option<String>) -> bool {
        let category = category.filter(|c| fields_of(c).is_some());
        let FormKind::NewNote { structured, .. } = &mut self.kind else {
            return false;
        };
        if *structured == category {
            return false;
        }
        *structured = category;
        let old: Vec<(T, String, Vec<Candidate>)> = self
            .fields
            .iter()
            .map(|f| (f.label, f.input.value().to_string(), f.choices.clone()))
            .collect();
        let original: Vec<(T, String)> = self
            .fields
            .iter()
            .zip(&self.original)
            .map(|(f, o)| (f.label, o.clone()))
            .collect();
        let focused = self.fields.get(self.focus).map(|f| f.label);
        let spec = spec(&self.kind);
        let value_of = |label: T| {
            old.iter()
                .find(|(l, ..)| *l == label)
                .map(|(_, v, _)| v.clone())
                .unwrap_or_default()
        };
        let values: Vec<String> = spec.iter().map(|(l, _)| value_of(*l)).collect();
        let mut next = Form::new(self.kind.clone(), &spec, values);
        for f in &mut next.fields {
            if let Some((.., c)) = old.iter().find(|(l, ..)| *l == f.label) {
                f.choices = c.clone();
            }
        }
        self.fields = next.fields;
        self.original = spec
            .iter()
            .map(|(l, _)| {
                original
                    .iter()
                    .find(|(o, _)| o == l)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            })
            .collect();
        self.focus = focused
            .and_then(|l| self.fields.iter().position(|f| f.label == l))
            .unwrap_or(0);
        true
    }
}

/// The 体制 setting a field names by its name in either language (the store reads codes and
/// Japanese names).
pub fn setting_of(v: &str) -> Option<&'static str> {
    let v = v.trim();
    crate::store::office_system::SETTINGS
        .iter()
        .find(|(code, ja, en)| *code == v || *ja == v || en.eq_ignore_ascii_case(v))
        .map(|(code, ..)| *code)
}

/// A dated closed or open day record as its field shows and keeps it: `#3 2026-12-29〜2027-01-03
/// 休業 年末年始`.
pub fn days_choice(d: &crate::store::business_calendar::Days, lang: Lang) -> String {
    use crate::domain::dates::iso;
    let what = if d.open {
        T::OpenDayMark.s(lang)
    } else {
        T::ClosedDayMark.s(lang)
    };
    let span = if d.until == d.from {
        iso(d.from)
    } else {
        crate::domain::dates::period(d.from, Some(d.until), lang)
    };
    format!("#{} {span} {what} {}", d.id, d.reason)
}

/// A 加算 row as its picker offers it: the name, then the key and, for a 加算 decided per
/// stay, the stay in brackets (`退院・退所加算(I)イ [taiin_1i #3]`), which `kasan_of_choice`
/// reads back.
pub fn kasan_choice(row: &crate::domain::kasan::Row) -> String {
    match row.stay_id {
        Some(s) if crate::domain::kasan_records::is_per_stay(&row.kasan) => {
            format!("{} [{} #{s}]", row.name, row.kasan)
        }
        _ => format!("{} [{}]", row.name, row.kasan),
    }
}

/// The 加算 key and stay of a picked `kasan_choice`.
pub fn kasan_of_choice(v: &str) -> Option<(String, Option<i64>)> {
    let inner = v.trim().strip_suffix(']')?.rsplit_once('[')?.1;
    let mut parts = inner.split_whitespace();
    let key = parts.next()?.to_string();
    let stay = match parts.next() {
        Some(s) => Some(s.strip_prefix('#')?.parse().ok()?),
        None => None,
    };
    Some((key, stay))
}

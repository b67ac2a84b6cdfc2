//! The records the 加算 rules read (kasan.md §A.11), as typed and checked: hospital and facility
//! stays, the office's business hours, the structured fields of the 加算 case-record categories,
//! the 同一建物 periods and the person's decision on a candidate. Each kind of value is read
//! from its code or its Japanese or English name, and shown in either language.

use super::Lang;
use super::dates::iso;
use super::validation::{Invalid, fold_ascii};
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

/// A closed list of values, each with a stored code and its Japanese and English names.
pub trait Coded: Sized + Copy + PartialEq + 'static {
    /// Every value with (code, Japanese, English).
    const ALL: &'static [(Self, &'static str, &'static str, &'static str)];
    /// What the value is, for messages: (Japanese, English).
    const WHAT: (&'static str, &'static str);

    fn code(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(v, ..)| *v == self)
            .map_or("", |(_, c, ..)| c)
    }

    fn label(self, lang: Lang) -> &'static str {
        Self::ALL
            .iter()
            .find(|(v, ..)| *v == self)
            .map_or("", |(_, _, ja, en)| lang.pick(ja, en))
    }

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, c, ..)| *c == code)
            .map(|(v, ..)| *v)
    }

    /// The value typed as its code or its Japanese or English name; refused with the list.
    fn parse(input: &str) -> Result<Self, Invalid> {
        let s = fold_ascii(input);
        Self::ALL
            .iter()
            .find(|(_, c, ja, en)| *c == s || *ja == s || en.eq_ignore_ascii_case(&s))
            .map(|(v, ..)| *v)
            .ok_or_else(|| {
                let list = |pick: fn(&(Self, &str, &str, &str)) -> String| {
                    Self::ALL.iter().map(pick).collect::<Vec<_>>().join(" / ")
                };
                Invalid::new(
                    format!(
                        "{}「{}」は使えません。次のどれかです: {}",
                        Self::WHAT.0,
                        input.trim(),
                        list(|(_, c, ja, _)| format!("{c}（{ja}）"))
                    ),
                    format!(
                        "{} \"{}\" is not known; use one of: {}",
                        Self::WHAT.1,
                        input.trim(),
                        list(|(_, c, _, en)| format!("{c} ({en})"))
                    ),
                )
            })
    }
}

/// The kind of institution of a stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum StayKind {
    Hospital,
    Clinic,
    Tokuyo,
    ChiikiTokuyo,
    Roken,
    Iryoin,
}

impl Coded for StayKind {
    const ALL: &'static [(Self, &'static str, &'static str, &'static str)] = &[
        (StayKind::Hospital, "hospital", "病院", "hospital"),
        (StayKind::Clinic, "clinic", "診療所", "clinic"),
        (StayKind::Tokuyo, "tokuyo", "特養", "nursing home (tokuyo)"),
        (
            StayKind::ChiikiTokuyo,
            "chiiki_tokuyo",
            "地域密着特養",
            "community nursing home",
        ),
        (
            StayKind::Roken,
            "roken",
            "老健",
            "geriatric health facility",
        ),
        (
            StayKind::Iryoin,
            "iryoin",
            "介護医療院",
            "integrated care hospital",
        ),
    ];
    const WHAT: (&'static str, &'static str) = ("施設の種類", "institution kind");
}

/// Where a client went on leaving a stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Destination {
    Home,
    Facility,
    Transfer,
    Death,
}

impl Coded for Destination {
    const ALL: &'static [(Self, &'static str, &'static str, &'static str)] = &[
        (Destination::Home, "home", "自宅", "home"),
        (Destination::Facility, "facility", "施設", "facility"),
        (Destination::Transfer, "transfer", "転院", "transfer"),
        (Destination::Death, "death", "死亡", "death"),
    ];
    const WHAT: (&'static str, &'static str) = ("退院先", "destination");
}

/// A stay as typed, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StayFields {
    pub institution: String,
    pub kind: StayKind,
    pub admitted_on: NaiveDate,
    /// Admitted after the office's business hours (the 入院時 windows move by a day).
    pub after_hours: bool,
    pub discharged_on: Option<NaiveDate>,
    pub destination: Option<Destination>,
    pub note: String,
}

impl StayFields {
    /// The institution named, a discharge not before the admission, a destination only with a
    /// discharge, and nothing after `today`.
    pub fn check(&self, today: NaiveDate) -> Result<(), Invalid> {
        if self.institution.trim().is_empty() {
            return Err(Invalid::new(
                "入院・入所先（医療機関・施設の名前）を入力してください",
                "give the hospital's or facility's name",
            ));
        }
        if self.admitted_on > today {
            return Err(Invalid::new(
                format!(
                    "入院日 {} が今日より後です。入院した日を入力してください",
                    iso(self.admitted_on)
                ),
                format!(
                    "admission {} is after today; give the day of admission",
                    iso(self.admitted_on)
                ),
            ));
        }
        if let Some(d) = self.discharged_on {
            if d < self.admitted_on {
                return Err(Invalid::new(
                    format!(
                        "退院日 {} が入院日 {} より前です",
                        iso(d),
                        iso(self.admitted_on)
                    ),
                    format!(
                        "discharge {} is before admission {}",
                        iso(d),
                        iso(self.admitted_on)
                    ),
                ));
            }
            if d > today {
                return Err(Invalid::new(
                    format!(
                        "退院日 {} が今日より後です。退院してから入力してください（予定は備考へ）",
                        iso(d)
                    ),
                    format!(
                        "discharge {} is after today; record it once it happened",
                        iso(d)
                    ),
                ));
            }
        } else if self.destination.is_some() {
            return Err(Invalid::new(
                "退院先は退院日と一緒に入力してください",
                "a destination needs the discharge date",
            ));
        }
        Ok(())
    }
}

/// How information was given or received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Method {
    FaceToFace,
    Fax,
    Post,
    Mail,
    Phone,
    Video,
    Other,
}

impl Coded for Method {
    const ALL: &'static [(Self, &'static str, &'static str, &'static str)] = &[
        (Method::FaceToFace, "face_to_face", "面談", "face to face"),
        (Method::Fax, "fax", "FAX", "fax"),
        (Method::Post, "post", "郵送", "post"),
        (Method::Mail, "mail", "メール", "mail"),
        (Method::Phone, "phone", "電話", "phone"),
        (Method::Video, "video", "テレビ電話", "video"),
        (Method::Other, "other", "その他", "other"),
    ];
    const WHAT: (&'static str, &'static str) = ("方法", "method");
}

/// The doctor a care manager sat in with (通院時情報連携: 医師 or, since 2024, 歯科医師).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DoctorKind {
    Doctor,
    Dentist,
}

impl Coded for DoctorKind {
    const ALL: &'static [(Self, &'static str, &'static str, &'static str)] = &[
        (DoctorKind::Doctor, "doctor", "医師", "doctor"),
        (DoctorKind::Dentist, "dentist", "歯科医師", "dentist"),
    ];
    const WHAT: (&'static str, &'static str) = ("医師の種類", "doctor kind");
}

/// The structured fields of a case-record entry of a 加算 category (all optional as typed;
/// `check` says which its category needs and allows).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct NoteFields {
    pub method: Option<Method>,
    pub place: String,
    pub stay_id: Option<i64>,
    pub conference: Option<bool>,
    pub document_on_file: Option<bool>,
    pub doctor_kind: Option<DoctorKind>,
    pub told: String,
    pub heard: String,
    pub requested_by: String,
    pub medical_attended: Option<bool>,
    pub plan_changed: Option<bool>,
}

/// One structured field: its flag on the command line and its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Method,
    Place,
    Stay,
    Conference,
    DocumentOnFile,
    DoctorKind,
    Told,
    Heard,
    RequestedBy,
    MedicalAttended,
    PlanChanged,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Method,
        Field::Place,
        Field::Stay,
        Field::Conference,
        Field::DocumentOnFile,
        Field::DoctorKind,
        Field::Told,
        Field::Heard,
        Field::RequestedBy,
        Field::MedicalAttended,
        Field::PlanChanged,
    ];

    /// The command line's option.
    pub fn flag(self) -> &'static str {
        match self {
            Field::Method => "--method",
            Field::Place => "--place",
            Field::Stay => "--stay",
            Field::Conference => "--conference",
            Field::DocumentOnFile => "--document-on-file",
            Field::DoctorKind => "--doctor-kind",
            Field::Told => "--told",
            Field::Heard => "--heard",
            Field::RequestedBy => "--requested-by",
            Field::MedicalAttended => "--medical-attended",
            Field::PlanChanged => "--plan-changed",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (ja, en) = match self {
            Field::Method => ("方法", "method"),
            Field::Place => ("場所", "place"),
            Field::Stay => ("入院・入所", "stay"),
            Field::Conference => ("カンファレンス", "conference"),
            Field::DocumentOnFile => ("書類の控えあり", "document on file"),
            Field::DoctorKind => ("医師・歯科医師", "doctor or dentist"),
            Field::Told => ("伝えた内容", "what was told"),
            Field::Heard => ("医師から聞いた内容", "what the doctor said"),
            Field::RequestedBy => ("求めた医療機関", "requested by"),
            Field::MedicalAttended => ("医師・看護師等の同席", "doctor or nurse attended"),
            Field::PlanChanged => ("計画の変更", "plan changed"),
        };
        lang.pick(ja, en)
    }

    /// Whether `f` gives this field.
    pub fn given(self, f: &NoteFields) -> bool {
        match self {
            Field::Method => f.method.is_some(),
            Field::Place => !f.place.trim().is_empty(),
            Field::Stay => f.stay_id.is_some(),
            Field::Conference => f.conference.is_some(),
            Field::DocumentOnFile => f.document_on_file.is_some(),
            Field::DoctorKind => f.doctor_kind.is_some(),
            Field::Told => !f.told.trim().is_empty(),
            Field::Heard => !f.heard.trim().is_empty(),
            Field::RequestedBy => !f.requested_by.trim().is_empty(),
            Field::MedicalAttended => f.medical_attended.is_some(),
            Field::PlanChanged => f.plan_changed.is_some(),
        }
    }
}

/// The fields a 加算 category has and those it needs (kasan.md §A.2–A.6, §A.11); None for a
/// category without structured fields.
pub fn fields_of(category: &str) -> Option<(&'static [Field], &'static [Field])> {
    use Field::*;
    Some(match category {
        "admission_info" => (&[Method, Place, Stay, DocumentOnFile], &[Method]),
        "discharge_info" => (
            &[Method, Place, Stay, Conference, DocumentOnFile],
            &[Method, Stay],
        ),
        "outpatient" => (
            &[Place, DoctorKind, Told, Heard, PlanChanged],
            &[DoctorKind],
        ),
        "emergency_conference" => (
            &[Place, RequestedBy, MedicalAttended, PlanChanged],
            &[RequestedBy],
        ),
        "terminal_judgement" => (&[Method, DoctorKind], &[Method]),
        "terminal_liaison" => (&[Method, PlanChanged], &[]),
        _ => return None,
    })
}

impl NoteFields {
    /// Nothing given.
    pub fn is_empty(&self) -> bool {
        Field::ALL.iter().all(|f| !f.given(self))
    }

    /// The fields as an entry of `category` keeps them: refused when a field its category does
    /// not have is given, or one it needs is missing. Flags the category has and the person
    /// left out read as "no" (a conference not declared was not one). None: the category has
    /// no structured fields (and none were given).
    pub fn check(
        &self,
        category: &str,
        category_name: &str,
    ) -> Result<Option<NoteFields>, Invalid> {
        let Some((has, needs)) = fields_of(category) else {
            if let Some(f) = Field::ALL.iter().find(|f| f.given(self)) {
                return Err(Invalid::new(
                    format!(
                        "項目「{category_name}」には {} はありません。入院時情報提供・退院・退所情報収集・通院同席・緊急時等居宅カンファレンス・ターミナルの記録で使います",
                        f.flag()
                    ),
                    format!(
                        "category \"{category_name}\" has no {}; it belongs to the admission, discharge, outpatient, emergency conference and terminal-care records",
                        f.flag()
                    ),
                ));
            }
            return Ok(None);
        };
        if let Some(f) = Field::ALL
            .iter()
            .find(|f| f.given(self) && !has.contains(f))
        {
            let list = |lang| {
                has.iter()
                    .map(|f| format!("{}（{}）", f.flag(), f.label(lang)))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            return Err(Invalid::new(
                format!(
                    "項目「{category_name}」には {} はありません。使えるのは {} です",
                    f.flag(),
                    list(Lang::Ja)
                ),
                format!(
                    "category \"{category_name}\" has no {}; it has {}",
                    f.flag(),
                    list(Lang::En)
                ),
            ));
        }
        if let Some(f) = needs.iter().find(|f| !f.given(self)) {
            return Err(Invalid::new(
                format!(
                    "項目「{category_name}」には{}（{}）が必要です",
                    f.label(Lang::Ja),
                    f.flag()
                ),
                format!(
                    "category \"{category_name}\" needs the {} ({})",
                    f.label(Lang::En),
                    f.flag()
                ),
            ));
        }
        let flag = |f: Field, v: Option<bool>| {
            if has.contains(&f) {
                Some(v.unwrap_or(false))
            } else {
                None
            }
        };
        let text = |s: &str| s.trim().to_string();
        Ok(Some(NoteFields {
            method: self.method,
            place: text(&self.place),
            stay_id: self.stay_id,
            conference: flag(Field::Conference, self.conference),
            document_on_file: flag(Field::DocumentOnFile, self.document_on_file),
            doctor_kind: self.doctor_kind,
            told: text(&self.told),
            heard: text(&self.heard),
            requested_by: text(&self.requested_by),
            medical_attended: flag(Field::MedicalAttended, self.medical_attended),
            plan_changed: flag(Field::PlanChanged, self.plan_changed),
        }))
    }
}

/// The office's business week and hours from a date (a change of hours starts a new row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HoursFields {
    pub from: NaiveDate,
    /// ISO weekday numbers (1 = Monday … 7 = Sunday), ascending, no repeats.
    pub weekdays: Vec<u8>,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    /// Closed on the national holidays unless a dated exception opens the day.
    pub holidays_closed: bool,
}

const WEEKDAYS: [(&str, &str); 7] = [
    ("月", "mon"),
    ("火", "tue"),
    ("水", "wed"),
    ("木", "thu"),
    ("金", "fri"),
    ("土", "sat"),
    ("日", "sun"),
];

/// Weekdays as typed: `1-5`, `1,2,3,4,5`, `月-金`, `mon-fri`, `月火水木金`.
pub fn parse_weekdays(input: &str) -> Result<Vec<u8>, Invalid> {
    let bad = || {
        Invalid::new(
            format!(
                "営業日の曜日「{}」が読めません（例: 1-5、月-金、月,火,水,木,金、mon-fri）",
                input.trim()
            ),
            format!(
                "cannot read the business weekdays \"{}\" (e.g. 1-5, mon-fri, mon,tue,wed)",
                input.trim()
            ),
        )
    };
    let s = fold_ascii(input).to_lowercase();
    let day = |t: &str| -> Option<u8> {
        let t = t.trim();
        if let Ok(n) = t.parse::<u8>() {
            return (1..=7).contains(&n).then_some(n);
        }
        WEEKDAYS
            .iter()
            .position(|(ja, en)| {
                t == *ja || t == *en || t == format!("{ja}曜") || t == format!("{ja}曜日")
            })
            .and_then(|i| u8::try_from(i + 1).ok())
    };
    let mut out = Vec::new();
    // 月火水木金 without separators.
    let parts: Vec<String> = if !s.contains([',', '-', '、', '〜', '~', ' '])
        && s.chars().count() > 1
        && s.chars()
            .all(|c| WEEKDAYS.iter().any(|(ja, _)| ja.starts_with(c)))
    {
        s.chars().map(String::from).collect()
    } else {
        s.split([',', '、', ' '])
            .filter(|p| !p.trim().is_empty())
            .map(String::from)
            .collect()
    };
    for part in &parts {
        match part.split_once(['-', '〜', '~']) {
            Some((a, b)) => {
                let (a, b) = (day(a).ok_or_else(bad)?, day(b).ok_or_else(bad)?);
                if a > b {
                    return Err(bad());
                }
                out.extend(a..=b);
            }
            None => out.push(day(part).ok_or_else(bad)?),
        }
    }
    out.sort_unstable();
    out.dedup();
    if out.is_empty() {
        return Err(bad());
    }
    Ok(out)
}

/// Weekdays as shown: 月火水木金 / Mon Tue ….
pub fn weekdays_text(days: &[u8], lang: Lang) -> String {
    let names: Vec<&str> = days
        .iter()
        .filter_map(|d| WEEKDAYS.get(usize::from(d.saturating_sub(1))))
        .map(|(ja, en)| lang.pick(ja, en))
        .collect();
    match lang {
        Lang::Ja => names.concat(),
        Lang::En => names.join(" "),
    }
}

/// A time of day as typed: `8:30`, `08:30`, `0830`.
pub fn parse_clock(input: &str, what: (&str, &str)) -> Result<NaiveTime, Invalid> {
    let s = fold_ascii(input).replace('：', ":");
    let parsed = if s.contains(':') {
        NaiveTime::parse_from_str(&s, "%H:%M").ok()
    } else if s.len() == 4 {
        NaiveTime::parse_from_str(&s, "%H%M").ok()
    } else {
        None
    };
    parsed.ok_or_else(|| {
        Invalid::new(
            format!(
                "{}「{}」が読めません。HH:MM で入力してください（例: 08:30）",
                what.0,
                input.trim()
            ),
            format!(
                "cannot read the {} \"{}\"; use HH:MM (e.g. 08:30)",
                what.1,
                input.trim()
            ),
        )
    })
}

impl HoursFields {
    pub fn check(&self) -> Result<(), Invalid> {
        if self.opens >= self.closes {
            return Err(Invalid::new(
                format!(
                    "終業 {} が始業 {} より前です",
                    self.closes.format("%H:%M"),
                    self.opens.format("%H:%M")
                ),
                format!(
                    "closing {} is not after opening {}",
                    self.closes.format("%H:%M"),
                    self.opens.format("%H:%M")
                ),
            ));
        }
        if self.weekdays.is_empty() || self.weekdays.iter().any(|d| !(1..=7).contains(d)) {
            return Err(Invalid::new(
                "営業日の曜日を1つ以上入力してください（例: 月-金）",
                "give at least one business weekday (e.g. mon-fri)",
            ));
        }
        Ok(())
    }

    /// The stored form of the weekdays: '1,2,3,4,5'.
    pub fn weekdays_code(&self) -> String {
        self.weekdays
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Why a client's month falls under the 同一建物減算.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SameBuildingWhy {
    OfficeBuilding,
    AdjacentSite,
    TwentyPlus,
}

impl Coded for SameBuildingWhy {
    const ALL: &'static [(Self, &'static str, &'static str, &'static str)] = &[
        (
            SameBuildingWhy::OfficeBuilding,
            "office_building",
            "事業所と同じ建物",
            "the office's building",
        ),
        (
            SameBuildingWhy::AdjacentSite,
            "adjacent_site",
            "同一・隣接敷地",
            "the same or an adjacent site",
        ),
        (
            SameBuildingWhy::TwentyPlus,
            "twenty_plus",
            "利用者20人以上の建物",
            "a building with 20+ clients",
        ),
    ];
    const WHAT: (&'static str, &'static str) = ("同一建物の理由", "same-building reason");
}

/// The person's decision on a 加算 candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Decision {
    Accepted,
    Rejected,
    Withdrawn,
}

impl Coded for Decision {
    const ALL: &'static [(Self, &'static str, &'static str, &'static str)] = &[
        (Decision::Accepted, "accepted", "算定する", "accepted"),
        (Decision::Rejected, "rejected", "算定しない", "rejected"),
        (
            Decision::Withdrawn,
            "withdrawn",
            "判断を取り消し",
            "withdrawn",
        ),
    ];
    const WHAT: (&'static str, &'static str) = ("判断", "decision");
}

/// The stable keys of the per-client 加算 (issue 22: the JSON's `kasan`), with their names.
pub const KASAN_KEYS: [(&str, &str, &str); 11] = [
    ("shokai", "初回加算", "initial"),
    (
        "nyuin_1",
        "入院時情報連携加算(I)",
        "admission information (I)",
    ),
    (
        "nyuin_2",
        "入院時情報連携加算(II)",
        "admission information (II)",
    ),
    ("taiin_1i", "退院・退所加算(I)イ", "discharge (I) i"),
    ("taiin_1ro", "退院・退所加算(I)ロ", "discharge (I) ro"),
    ("taiin_2i", "退院・退所加算(II)イ", "discharge (II) i"),
    ("taiin_2ro", "退院・退所加算(II)ロ", "discharge (II) ro"),
    ("taiin_3", "退院・退所加算(III)", "discharge (III)"),
    ("tsuin", "通院時情報連携加算", "outpatient information"),
    (
        "kinkyu",
        "緊急時等居宅カンファレンス加算",
        "emergency home conference",
    ),
    (
        "terminal",
        "ターミナルケアマネジメント加算",
        "terminal care management",
    ),
];

/// A 加算 key as typed; refused with the list.
pub fn parse_kasan_key(input: &str) -> Result<&'static str, Invalid> {
    let s = fold_ascii(input);
    KASAN_KEYS
        .iter()
        .find(|(k, ja, _)| *k == s || *ja == s)
        .map(|(k, ..)| *k)
        .ok_or_else(|| {
            let keys = KASAN_KEYS
                .iter()
                .map(|(k, ..)| *k)
                .collect::<Vec<_>>()
                .join(" / ");
            Invalid::new(
                format!(
                    "加算「{}」は使えません。次のどれかです: {keys}",
                    input.trim()
                ),
                format!("加算 \"{}\" is not known; use one of: {keys}", input.trim()),
            )
        })
}

/// Whether a 加算 is counted per stay (退院・退所: one per 入院・入所期間), so a decision names it.
pub fn is_per_stay(key: &str) -> bool {
    key.starts_with("taiin_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_read_in_every_form() {
        for s in [
            "1-5",
            "1,2,3,4,5",
            "月-金",
            "月火水木金",
            "mon-fri",
            "月、火、水、木、金",
        ] {
            assert_eq!(parse_weekdays(s).unwrap(), vec![1, 2, 3, 4, 5], "{s}");
        }
        assert_eq!(parse_weekdays("6,1").unwrap(), vec![1, 6]);
        assert!(parse_weekdays("5-1").is_err());
        assert!(parse_weekdays("8").is_err());
        assert_eq!(weekdays_text(&[1, 2, 3, 4, 5], Lang::Ja), "月火水木金");
    }

    #[test]
    fn a_category_takes_only_its_fields_and_needs_its_own() {
        let f = NoteFields {
            method: Some(Method::Fax),
            ..Default::default()
        };
        let kept = f
            .check("admission_info", "入院時情報提供")
            .unwrap()
            .unwrap();
        assert_eq!(kept.document_on_file, Some(false));
        assert_eq!(kept.conference, None);
        // A discharge entry needs its stay.
        let e = f.check("discharge_info", "退院・退所情報収集").unwrap_err();
        assert!(e.message(Lang::Ja).contains("--stay"));
        // An outpatient entry has no method.
        let e = f.check("outpatient", "通院同席").unwrap_err();
        assert!(e.message(Lang::Ja).contains("--method"));
        // A plain phone call has no fields at all.
        assert!(f.check("phone", "電話").is_err());
        assert_eq!(NoteFields::default().check("phone", "電話").unwrap(), None);
    }

    #[test]
    fn codes_and_names_read_back() {
        assert_eq!(StayKind::parse("老健").unwrap(), StayKind::Roken);
        assert_eq!(StayKind::parse("hospital").unwrap(), StayKind::Hospital);
        assert!(StayKind::parse("ホテル").is_err());
        assert_eq!(Destination::Home.code(), "home");
        assert_eq!(parse_kasan_key("taiin_3").unwrap(), "taiin_3");
        assert!(parse_kasan_key("taiin_4").is_err());
    }
}

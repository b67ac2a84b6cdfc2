//! A deterministic synthetic office: fictional names, a realistic mix of care levels, contract
//! dates, certifications and 3–6 providers per client. Same seed, size and reference date →
//! the same database.

use crate::domain::area::AreaGrade;
use crate::domain::care_level::{CareLevel, CertStatus};
use crate::domain::caseload::Period;
use crate::domain::channel::Channel;
use crate::domain::delivery::DeliveryKind;
use crate::domain::fte::Fte;
use crate::domain::ids::{
    CareManagerNumber, InsuredNumber, InsurerNumber, OfficeNumber, mod10_check_digit,
};
use crate::domain::plan::{PlanKind, PlanStatus};
use crate::domain::sex::Sex;
use crate::domain::staff_role::StaffRole;
use crate::store::clients::{self, CertificationFields, ClientFields};
use crate::store::office::{self, OfficeChange};
use crate::store::providers::{self, ProviderFields};
use crate::store::staff::{self, StaffFields};
use crate::store::{Store, Writer};
use crate::store::{deliveries, plans};
use chrono::{Datelike, Duration, Months, NaiveDate};
use color_eyre::eyre::Result;
use rusqlite::OptionalExtension;

const SURNAMES: &[(&str, &str)] = &[
    ("青空", "アオゾラ"),
    ("朝霧", "アサギリ"),
    ("雨宮", "アマミヤ"),
    ("石蕗", "ツワブキ"),
    ("稲穂", "イナホ"),
    ("梅ノ木", "ウメノキ"),
    ("大楠", "オオクス"),
    ("織部", "オリベ"),
    ("風見", "カザミ"),
    ("霞野", "カスミノ"),
    ("桐生野", "キリュウノ"),
    ("雲井", "クモイ"),
    ("小春", "コハル"),
    ("桜庭", "サクラバ"),
    ("里見野", "サトミノ"),
    ("潮見", "シオミ"),
    ("白樺", "シラカバ"),
    ("杉並木", "スギナミキ"),
    ("空野", "ソラノ"),
    ("高嶺", "タカネ"),
    ("竹林", "タケバヤシ"),
    ("月岡", "ツキオカ"),
    ("照井", "テルイ"),
    ("遠山野", "トオヤマノ"),
    ("夏目野", "ナツメノ"),
    ("西風", "ニシカゼ"),
    ("野分", "ノワキ"),
    ("花森", "ハナモリ"),
    ("春野", "ハルノ"),
    ("日向野", "ヒナタノ"),
    ("藤棚", "フジダナ"),
    ("星川", "ホシカワ"),
    ("真砂", "マサゴ"),
    ("水無瀬", "ミナセ"),
    ("緑川", "ミドリカワ"),
    ("森ノ宮", "モリノミヤ"),
    ("八雲", "ヤクモ"),
    ("山吹", "ヤマブキ"),
    ("夕凪", "ユウナギ"),
    ("若葉", "ワカバ"),
];
const FEMALE: &[(&str, &str)] = &[
    ("ハル", "ハル"),
    ("キヨ", "キヨ"),
    ("フミ子", "フミコ"),
    ("トシ", "トシ"),
    ("千代", "チヨ"),
    ("和子", "カズコ"),
    ("幸子", "サチコ"),
    ("節子", "セツコ"),
    ("静江", "シズエ"),
    ("光子", "ミツコ"),
    ("久美", "クミ"),
    ("文江", "フミエ"),
    ("タケ", "タケ"),
    ("美代", "ミヨ"),
    ("澄子", "スミコ"),
    ("綾乃", "アヤノ"),
];
const MALE: &[(&str, &str)] = &[
    ("勝", "マサル"),
    ("茂", "シゲル"),
    ("清", "キヨシ"),
    ("正男", "マサオ"),
    ("武雄", "タケオ"),
    ("一郎", "イチロウ"),
    ("昭二", "ショウジ"),
    ("進", "ススム"),
    ("実", "ミノル"),
    ("豊", "ユタカ"),
    ("義男", "ヨシオ"),
    ("敏夫", "トシオ"),
];
const TOWNS: &[&str] = &[
    "みどり台",
    "さくら町",
    "ひかり丘",
    "あおば野",
    "かえで通",
    "つつじヶ丘",
    "すずらん町",
    "もみじ台",
];
const PROVIDER_WORDS: &[(&str, &str)] = &[
    ("ひまわり", "ヒマワリ"),
    ("あおぞら", "アオゾラ"),
    ("こもれび", "コモレビ"),
    ("さくら草", "サクラソウ"),
    ("やすらぎ", "ヤスラギ"),
    ("ほほえみ", "ホホエミ"),
    ("なごみ", "ナゴミ"),
    ("ふれあい", "フレアイ"),
    ("いろどり", "イロドリ"),
    ("つばさ", "ツバサ"),
    ("わかば", "ワカバ"),
    ("せせらぎ", "セセラギ"),
];
/// Service types with a weight (share of providers) and a name suffix.
const PROVIDER_KINDS: &[(&str, u32, &str)] = &[
    ("11", 28, "訪問介護事業所"),
    ("15", 18, "デイサービスセンター"),
    ("17", 14, "福祉用具レンタル"),
    ("13", 12, "訪問看護ステーション"),
    ("78", 8, "小規模デイサービス"),
    ("16", 6, "デイケア"),
    ("14", 4, "訪問リハビリ"),
    ("21", 4, "ショートステイ"),
    ("31", 3, "クリニック居宅療養"),
    ("12", 3, "訪問入浴サービス"),
];
const LEVELS: &[(CareLevel, u32)] = &[
    (CareLevel::Support1, 8),
    (CareLevel::Support2, 10),
    (CareLevel::Care1, 25),
    (CareLevel::Care2, 20),
    (CareLevel::Care3, 15),
    (CareLevel::Care4, 10),
    (CareLevel::Care5, 7),
    (CareLevel::CommunityProgram, 2),
];

/// The first day of a month (the demo's fixed office history).
fn since(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default()
}

fn weighted<'a, T>(rng: &mut fastrand::Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut pick = rng.u32(0..total);
    for (item, w) in items {
        if pick < *w {
            return item;
        }
        pick -= w;
    }
    &items[items.len() - 1].0
}

fn with_check(prefix: &str) -> String {
    let d: Vec<u8> = prefix.bytes().map(|b| b - b'0').collect();
    format!("{prefix}{}", mod10_check_digit(&d))
}

fn fictional_phone(rng: &mut fastrand::Rng) -> String {
    // 0120/0XX-555 numbers are not real subscriber lines in this fictional area.
    format!("099-555-{:04}", rng.u32(0..10000))
}

pub struct DemoSummary {
    pub clients: usize,
    pub providers: usize,
    pub care_managers: usize,
}

/// Fills an empty database with a fictional office of `n` clients.
pub fn generate(store: &mut Store, n: usize, seed: u64, as_of: NaiveDate) -> Result<DemoSummary> {
    // One transaction of a few hundred thousand rows: its pages stay in memory until the
    // commit writes each once (the default cache spills and rewrites them), and the statement
    // journal that every insert with triggers keeps is kept in memory, not in a temporary file.
    let conn = store.conn();
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -DEMO_CACHE_KIB)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    let written = write_all(store, n, seed, as_of);
    let conn = store.conn();
    conn.pragma_update(None, "cache_size", cache)?;
    conn.pragma_update(None, "temp_store", "DEFAULT")?;
    written
}

/// The page cache of the demo's one transaction, in KiB (a 10,000-client office is ~200 MB).
const DEMO_CACHE_KIB: i64 = 512 * 1024;

/// Everything `generate` writes, in one transaction.
fn write_all(store: &mut Store, n: usize, seed: u64, as_of: NaiveDate) -> Result<DemoSummary> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let n_cm = n.div_ceil(40).max(3);
    let n_prov = (n / 3).clamp(40, 300);
    store.write(|w| {
        let indexes = drop_bulk_indexes(w)?;
        office::update(
            w,
            &OfficeChange {
                office_number: Some(OfficeNumber::unchecked(&with_check("139990001"))),
                name: Some("居宅介護支援事業所 みどりの里（デモ）".into()),
                special_area: Some(false),
                area_grade: Some((
                    AreaGrade::G3,
                    NaiveDate::from_ymd_opt(2024, 4, 1).unwrap_or(as_of),
                )),
                fee_ii_filed: Some(Some(Period {
                    from: since(2025, 7),
                    until: None,
                })),
                exchange_use: Some(Some(Period {
                    from: since(2025, 6),
                    until: None,
                })),
                support_ordering: None,
                // Left unset: the demo shows what an office sees before it says from when its
                // records are kept here (ホーム asks for it).
                records_since: None,
            },
            None,
        )?;
        let cms = make_staff(w, n_cm, as_of)?;
        let provs = make_providers(w, &mut rng, n_prov)?;
        for i in 0..n {
            make_client(w, &mut rng, i, &cms, &provs, as_of)?;
        }
        // A separate stream, so that adding enrollment left the rest of the demo as it was.
        make_enrollment(w, &mut fastrand::Rng::with_seed(seed ^ 0xE4), &provs, as_of)?;
        // After everything else, and drawing on no random stream: the rest stays as it was.
        make_process_steps(w, as_of)?;
        // The case record likewise, on its own stream.
        make_case_record(w, &mut fastrand::Rng::with_seed(seed ^ 0xCA5E), as_of)?;
        // No random draws: corporations were added without changing anything else.
        make_corporations(w, &provs, as_of)?;
        // No random draws either: the 加算 records were added without changing the rest.
        make_kasan_records(w, as_of)?;
        for sql in indexes {
            w.tx.execute_batch(&sql)?;
        }
        Ok(DemoSummary {
            clients: n,
            providers: n_prov,
            care_managers: n_cm,
        })
    })
}

/// The tables the demo fills by the hundred thousand rows. Nothing the demo writes looks rows
/// of them up by these indexes (a note's or an event's checks read clients, staff and plans).
const BULK_TABLES: [&str; 2] = ["delivery_events", "case_notes"];

/// Drops the indexes of `BULK_TABLES` and returns their definitions, to be run again once the
/// rows are in: one sort per index instead of an insert into each for every row.
fn drop_bulk_indexes(w: &Writer<'_>) -> Result<Vec<String>> {
    let mut st = w.tx.prepare(
        "SELECT name, sql FROM sqlite_schema
         WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (?1, ?2)",
    )?;
    let found = st
        .query_map(BULK_TABLES, |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (name, _) in &found {
        w.tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(found.into_iter().map(|(_, sql)| sql).collect())
}

/// The records the 加算 rules read, for a handful of clients whatever the demo's size: the
/// office's hours (Mon–Fri 08:30–17:30) and 年末年始 closed; 特定事業所加算(II) and the 24-hour
/// system; a stay admitted after hours on a Friday with information given the next day, then
/// discharged home after two receptions (one at a conference); a stay begun two days ago with
/// no information given yet; a consultation sat in on (both directions) and one with only what
/// was told; an emergency home conference; a terminal client who died at home (the latest
/// contract ended by 逝去) after consent, the doctor's judgement and two home visits; a client
/// in a 20+ building.
fn make_kasan_records(w: &Writer<'_>, as_of: NaiveDate) -> Result<()> {
    use crate::domain::kasan_records::{
        Destination, DoctorKind, HoursFields, Method, NoteFields, SameBuildingWhy, StayFields,
        StayKind,
    };
    use crate::store::case_notes::{self, NewNote};
    use crate::store::{business_calendar, client_dates, office_system, same_building, stays};
    use chrono::{NaiveTime, Weekday};
    let april_2024 = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap_or(as_of);
    let clock = |h: u32, m: u32| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    business_calendar::set_hours(
        w,
        &HoursFields {
            from: april_2024,
            weekdays: vec![1, 2, 3, 4, 5],
            opens: clock(8, 30),
            closes: clock(17, 30),
            holidays_closed: true,
        },
    )?;
    for year in [as_of.year() - 1, as_of.year()] {
        if let (Some(from), Some(until)) = (
            NaiveDate::from_ymd_opt(year, 12, 29),
            NaiveDate::from_ymd_opt(year + 1, 1, 3),
        ) {
            business_calendar::add_days(w, from, until, false, "年末年始")?;
        }
    }
    for setting in ["tokutei_2", "contact_24h"] {
        office_system::set(
            w,
            setting,
            Some(Period {
                from: april_2024,
                until: None,
            }),
        )?;
    }
    let this = as_of.with_day(1).unwrap_or(as_of);
    // Care clients seen since well before the case record's window, none of its story's.
    let all = case_client_rows(w, as_of)?;
    let active: Vec<&CaseClient> = all
        .iter()
        .filter(|c| c.end.is_none() && !c.support && c.contract < this - Months::new(8))
        .collect();
    let pick = |i: usize| active.get(i * 5 + 3).copied();
    let book = case_notes::book(&w.tx)?;
    let note = |c: &CaseClient,
                at: NaiveDate,
                hm: (u32, u32),
                category: &str,
                counterpart: &str,
                body: &str,
                fields: NoteFields|
     -> Result<()> {
        if at > as_of || at < c.contract {
            return Ok(());
        }
        case_notes::add_with_book(
            w,
            &NewNote {
                client_id: c.id,
                at: at.and_time(clock(hm.0, hm.1)),
                category: category.into(),
                counterpart: counterpart.into(),
                staff_id: c.care_manager,
                body: body.into(),
                fields,
                ..NewNote::default()
            },
            as_of,
            &book,
        )?;
        Ok(())
    };
    // A Friday in last month, admitted at 19:00; information on the Saturday: (I).
    if let Some(c) = pick(0) {
        let mut friday = this - Months::new(1) + Duration::days(2);
        while friday.weekday() != Weekday::Fri {
            friday += Duration::days(1);
        }
        let discharged = friday + Duration::days(14);
        let stay = stays::add(
            w,
            c.id,
            &StayFields {
                institution: "デモ市民病院".into(),
                kind: StayKind::Hospital,
                admitted_on: friday,
                after_hours: true,
                discharged_on: (discharged <= as_of).then_some(discharged),
                destination: (discharged <= as_of).then_some(Destination::Home),
                note: "19時に救急外来から入院".into(),
            },
            as_of,
        )?;
        note(
            c,
            friday + Duration::days(1),
            (10, 0),
            "admission_info",
            "デモ市民病院 地域連携室 看護師",
            "入院時情報提供書をFAXで送付し、電話で受け取りを確認。\n心身の状況: 認知症あり、夜間の徘徊あり。\n生活環境: 長女と二人暮らし。",
            NoteFields {
                method: Some(Method::Fax),
                stay_id: Some(stay),
                document_on_file: Some(true),
                ..Default::default()
            },
        )?;
        note(
            c,
            friday + Duration::days(10),
            (14, 0),
            "discharge_info",
            "デモ市民病院 主治医・病棟看護師・理学療法士",
            "退院前カンファレンスに出席。\n退院後の生活上の注意: 転倒に注意、歩行器を使う。",
            NoteFields {
                method: Some(Method::FaceToFace),
                place: "デモ市民病院 3階カンファレンス室".into(),
                stay_id: Some(stay),
                conference: Some(true),
                document_on_file: Some(true),
                ..Default::default()
            },
        )?;
        note(
            c,
            friday + Duration::days(12),
            (11, 0),
            "discharge_info",
            "デモ市民病院 地域連携室",
            "退院日と服薬の変更を電話で確認。",
            NoteFields {
                method: Some(Method::Phone),
                stay_id: Some(stay),
                ..Default::default()
            },
        )?;
    }
    // Admitted two days ago; no information given yet.
    if let Some(c) = pick(1) {
        let admitted = as_of - Duration::days(2);
        if admitted >= c.contract {
            stays::add(
                w,
                c.id,
                &StayFields {
                    institution: "みどり台クリニック".into(),
                    kind: StayKind::Clinic,
                    admitted_on: admitted,
                    after_hours: false,
                    discharged_on: None,
                    destination: None,
                    note: String::new(),
                },
                as_of,
            )?;
        }
    }
    // A consultation sat in on last month (both directions), one this month with only what was
    // told, and an emergency home conference.
    if let Some(c) = pick(2) {
        let outpatient = |day: NaiveDate, heard: &str| {
            note(
                c,
                day,
                (10, 30),
                "outpatient",
                "さくら内科 院長",
                "通院に同席。",
                NoteFields {
                    doctor_kind: Some(DoctorKind::Doctor),
                    place: "さくら内科".into(),
                    told: "自宅での食事量の低下と日中の眠気".into(),
                    heard: heard.into(),
                    ..Default::default()
                },
            )
        };
        outpatient(
            this - Months::new(1) + Duration::days(8),
            "降圧薬を減らして2週間後に再診",
        )?;
        outpatient(as_of, "")?;
        note(
            c,
            this - Months::new(1) + Duration::days(15),
            (16, 0),
            "emergency_conference",
            "さくら内科 院長・訪問看護ステーションあおば 看護師",
            "医師の求めで居宅にてカンファレンス。\n要点: 訪問看護を週2回に増やす。",
            NoteFields {
                place: "本人宅".into(),
                requested_by: "さくら内科".into(),
                medical_attended: Some(true),
                plan_changed: Some(true),
                ..Default::default()
            },
        )?;
    }
    // The latest care client whose contract ended with 逝去 died at home that day, after
    // consent, the doctor's judgement and two home visits in the 14 days before.
    let deceased: Option<(i64, String)> =
        w.tx.query_row(
            "SELECT id, contract_end FROM clients WHERE contract_end_reason = '逝去'
               AND contract_end <= ?1 ORDER BY contract_end DESC, id LIMIT 1",
            [crate::domain::dates::iso(as_of)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((c, died)) = deceased.and_then(|(id, end)| {
        Some((
            all.iter().find(|c| c.id == id)?,
            crate::domain::dates::from_iso(&end)?,
        ))
    }) {
        client_dates::set_terminal_consent(w, c.id, Some(died - Duration::days(25)), "")?;
        note(
            c,
            died - Duration::days(24),
            (15, 0),
            "terminal_judgement",
            "在宅クリニックつばき 主治医",
            "主治医から回復の見込みがないとの判断を電話で確認。",
            NoteFields {
                method: Some(Method::Phone),
                doctor_kind: Some(DoctorKind::Doctor),
                ..Default::default()
            },
        )?;
        for days in [10, 3] {
            note(
                c,
                died - Duration::days(days),
                (13, 0),
                "visit",
                "本人・長男",
                "居宅を訪問し本人・家族と面接。\n心身の状況: 食事がとれず、ほぼ臥床。\n今後の対応: 主治医・訪問看護と連絡を密にする。",
                NoteFields::default(),
            )?;
        }
        note(
            c,
            died - Duration::days(5),
            (17, 0),
            "terminal_liaison",
            "在宅クリニックつばき 主治医・訪問看護ステーションあおば",
            "本人の状態と家族の意向（自宅で看取りたい）を伝えた。",
            NoteFields {
                method: Some(Method::Phone),
                plan_changed: Some(false),
                ..Default::default()
            },
        )?;
        client_dates::set_death(w, c.id, Some((died, "home")), "")?;
    }
    // Lives in a building where 20 or more of the office's clients live.
    if let Some(c) = pick(4) {
        same_building::add(
            w,
            c.id,
            &same_building::SameBuildingFields {
                from: c.contract,
                until: None,
                why: SameBuildingWhy::TwentyPlus,
                building: "サービス付き高齢者向け住宅 さくら苑".into(),
            },
        )?;
    }
    Ok(())
}

/// What a monitoring visit of the demo found.
const VISIT_NOTES: &[&str] = &[
    "居宅を訪問し本人・家族と面接。\n心身の状況: 変わりなく過ごしている。\nサービスの実施状況: 計画どおり利用。\n目標の達成状況: 概ね達成。\n今後の対応: 現行の計画を継続。",
    "居宅を訪問し本人・長女と面接。\n心身の状況: 膝の痛みを訴えるが、歩行は杖で安定。\nサービスの実施状況: 訪問介護・通所介護とも予定どおり。\n目標の達成状況: 買い物の同行で外出の機会が増えた。\n今後の対応: 痛みが続けば受診を勧める。",
    "居宅を訪問し本人と面接。\n心身の状況: 食欲が落ちている。体重は前月から1kg減。\nサービスの実施状況: 配食を週3回に増やしたいと希望あり。\n目標の達成状況: 一部達成。\n今後の対応: 主治医に相談し、計画の変更を検討する。",
    "居宅を訪問し本人・夫と面接。\n心身の状況: 夜間のトイレで転びかけたとのこと。\nサービスの実施状況: 福祉用具（手すり）の使用状況を確認。\n目標の達成状況: 継続中。\n今後の対応: 福祉用具専門相談員と手すりの追加を相談する。",
];

/// The demo's other contacts: (category, counterpart, text).
const CALLS: &[(&str, &str, &str)] = &[
    (
        "phone",
        "長女",
        "長女より電話。通所介護の曜日変更の相談。事業所と調整すると回答。",
    ),
    (
        "phone",
        "本人",
        "本人より電話。体調に変わりなし。次回訪問の日程を確認。",
    ),
    (
        "medical",
        "主治医",
        "主治医に受診結果を確認。服薬の変更なし。",
    ),
    (
        "office_visit",
        "長女",
        "長女が来所。介護保険の負担割合証の写しを受け取る。",
    ),
];

/// Who the case record is about: a client with a contract in the demo's months.
struct CaseClient {
    id: i64,
    contract: NaiveDate,
    end: Option<NaiveDate>,
    support: bool,
    care_manager: Option<i64>,
    /// (plan id, plan date) of each revision.
    plans: Vec<(i64, NaiveDate)>,
}

/// Reads back the clients `make_client` wrote, as the case record needs them.
fn case_clients(w: &Writer<'_>, as_of: NaiveDate) -> Result<Vec<CaseClient>> {
    let mut out = case_client_rows(w, as_of)?;
    let mut st =
        w.tx.prepare("SELECT id, client_id, plan_date FROM care_plans ORDER BY plan_date")?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let at: std::collections::HashMap<i64, usize> =
        out.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    for row in rows {
        let (plan, client, date) = row?;
        if let (Some(&i), Some(d)) = (at.get(&client), crate::domain::dates::from_iso(&date)) {
            out[i].plans.push((plan, d));
        }
    }
    Ok(out)
}

/// The clients `make_client` wrote, without their plans.
fn case_client_rows(w: &Writer<'_>, as_of: NaiveDate) -> Result<Vec<CaseClient>> {
    let day = crate::domain::dates::iso(as_of);
    let mut st = w.tx.prepare(
        "SELECT c.id, c.contract_date, c.contract_end,
                (SELECT care_level FROM certifications x WHERE x.client_id = c.id
                   AND x.withdrawn_at IS NULL AND x.valid_from <= ?1
                 ORDER BY x.valid_from DESC LIMIT 1),
                (SELECT staff_id FROM client_care_managers m WHERE m.client_id = c.id
                   AND m.withdrawn_at IS NULL ORDER BY m.effective_from DESC LIMIT 1)
         FROM clients c ORDER BY c.id",
    )?;
    let rows = st.query_map([&day], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<i64>>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, contract, end, level, care_manager) = row?;
        let Some(contract) = crate::domain::dates::from_iso(&contract) else {
            continue;
        };
        let support = level
            .as_deref()
            .and_then(CareLevel::from_code)
            .is_some_and(|l| l.is_support() || l == CareLevel::CommunityProgram);
        out.push(CaseClient {
            id,
            contract,
            end: end.as_deref().and_then(crate::domain::dates::from_iso),
            support,
            care_manager,
            plans: Vec::new(),
        });
    }
    Ok(out)
}

/// The case record of the last six months: a monitoring visit a month for most clients (every
/// third month and calls between for 要支援), some calls, an assessment visit and a
/// サービス担当者会議 for each plan revision; and this month's gaps: a few clients not yet seen, one
/// missing last month as well (two running), one on video with consent, one excused (入院).
fn make_case_record(w: &Writer<'_>, rng: &mut fastrand::Rng, as_of: NaiveDate) -> Result<()> {
    use crate::store::case_notes::{self, NewNote};
    let book = case_notes::book(&w.tx)?;
    let this = as_of.with_day(1).unwrap_or(as_of);
    let first = this - Months::new(5);
    let clients: Vec<CaseClient> = case_clients(w, as_of)?
        .into_iter()
        .filter(|c| c.end.is_none_or(|e| e >= first) && c.contract <= as_of)
        .collect();
    // The clients of this month's story, among the active care clients seen since before the
    // window: two running, video, excused, and three not yet seen this month.
    let active: Vec<i64> = clients
        .iter()
        .filter(|c| {
            c.end.is_none()
                && !c.support
                && c.contract < first - Months::new(2)
                && c.plans.iter().all(|(_, d)| *d < this - Months::new(2))
        })
        .map(|c| c.id)
        .collect();
    let pick = |i: usize| active.get(i * 5 + 1).copied();
    let (two_running, video, excused) = (pick(0), pick(1), pick(2));
    let not_yet: Vec<i64> = (3..6).filter_map(pick).collect();
    let at = |day: NaiveDate, rng: &mut fastrand::Rng| {
        day.and_hms_opt(9 + rng.u32(0..8), [0, 15, 30, 45][rng.usize(..4)], 0)
            .unwrap_or_default()
    };
    if let Some(id) = video {
        crate::store::case_notes::set_video_consent(w, id, Some(first - Months::new(1)), "")?;
    }
    let add = |note: NewNote| -> Result<()> {
        if note.at.date() <= as_of {
            case_notes::add_with_book(w, &note, as_of, &book)?;
        }
        Ok(())
    };
    for c in &clients {
        let base = NewNote {
            client_id: c.id,
            staff_id: c.care_manager,
            ..NewNote::default()
        };
        let start = c.contract.with_day(1).unwrap_or(c.contract).max(first);
        let end = c.end.unwrap_or(as_of);
        let mut month = start;
        let mut k = 0u32;
        while month <= this {
            let last_month = month == this - Months::new(1);
            let is_this = month == this;
            // This month's contacts fall on the days gone by so far (all on the 1st and 2nd
            // when the demo opens on the 2nd), not piled up on today.
            let offset = if is_this {
                rng.i64(0..i64::from(as_of.day()).min(26))
            } else {
                rng.i64(2..26)
            };
            let day = (month + Duration::days(offset)).min(end).max(c.contract);
            let skip = (Some(c.id) == two_running && (last_month || is_this))
                || (is_this && not_yet.contains(&c.id));
            let story =
                [two_running, video, excused].contains(&Some(c.id)) || not_yet.contains(&c.id);
            if Some(c.id) == excused && last_month {
                add(NewNote {
                    at: at(month + Duration::days(1), rng),
                    category: "hospital".into(),
                    counterpart: "デモ市民病院 地域連携室".into(),
                    body: "入院の連絡あり。月末まで入院の見込み。".into(),
                    reason: "入院中のため訪問できず（特段の事情）".into(),
                    ..base.clone()
                })?;
            } else if Some(c.id) == video && last_month {
                add(NewNote {
                    at: at(day, rng),
                    category: "video".into(),
                    counterpart: "本人".into(),
                    body: "テレビ電話装置等で本人と面接。\n心身の状況: 表情よく、体調の変化なし。\nサービスの実施状況: 通所介護の生活相談員から、休まず利用と聞き取り。\n今後の対応: 来月は居宅を訪問する。".into(),
                    ..base.clone()
                })?;
            } else if skip {
            } else if c.support && !k.is_multiple_of(3) {
                add(NewNote {
                    at: at(day, rng),
                    category: "phone".into(),
                    counterpart: "本人".into(),
                    body: "電話で様子を確認。変わりなし。".into(),
                    ..base.clone()
                })?;
            } else if rng.u32(0..100) < 97 || story {
                add(NewNote {
                    at: at(day, rng),
                    category: "visit".into(),
                    counterpart: "本人・家族".into(),
                    body: VISIT_NOTES[rng.usize(..VISIT_NOTES.len())].into(),
                    ..base.clone()
                })?;
            }
            if !skip && rng.u32(0..100) < 25 {
                let call = (month + Duration::days(rng.i64(0..27)))
                    .min(end)
                    .max(c.contract);
                let (category, counterpart, body) = CALLS[rng.usize(..CALLS.len())];
                add(NewNote {
                    at: at(call, rng),
                    category: category.into(),
                    counterpart: counterpart.into(),
                    body: body.into(),
                    ..base.clone()
                })?;
            }
            month = month + Months::new(1);
            k += 1;
        }
        // Each plan revision of the window: an assessment at home, then the meeting.
        for &(plan, date) in c.plans.iter().filter(|(_, d)| *d >= first) {
            let assessed = (date - Duration::days(rng.i64(3..10))).max(c.contract);
            add(NewNote {
                at: at(assessed, rng),
                category: "assessment".into(),
                counterpart: "本人・家族".into(),
                body: "居宅を訪問し本人・家族と面接（アセスメント）。\n課題分析: 歩行が不安定で、入浴に介助が要る。\n本人・家族の意向: 住み慣れた自宅での生活を続けたい。".into(),
                plan_id: Some(plan),
                ..base.clone()
            })?;
            add(NewNote {
                at: at(date, rng),
                category: "meeting".into(),
                counterpart: "担当者".into(),
                body: "サービス担当者会議を開催。\n出席者: 本人、長女、各事業所の担当者\n検討した内容: 計画原案の目標とサービス内容。\n結論: 原案どおり実施する。\n残された課題: 特になし。".into(),
                plan_id: Some(plan),
                attendees: "本人、長女、訪問介護 サービス提供責任者、通所介護 生活相談員".into(),
                ..base.clone()
            })?;
        }
    }
    Ok(())
}

/// The corporation that owns several demo providers.
const GROUP: (&str, &str) = ("社会福祉法人 ひまわり福祉会", "999999000001");
/// The share of one service's plans the group is given: just below the 80% of the rules.
const GROUP_PERCENT: u64 = 78;
const LEGAL_FORMS: &[&str] = &[
    "株式会社",
    "有限会社",
    "合同会社",
    "一般社団法人",
    "NPO法人",
];

/// Corporations for the 特定事業所集中減算: in the judgement period of `as_of`, the providers
/// of the judged service with the most providers go to one corporation (`GROUP`) until it holds
/// as many of that service's plans as it can while staying at or below `GROUP_PERCENT` — near
/// the threshold, not over it. Every other provider gets a corporation of its own name, except
/// every fifth, left without one (it then counts as its own corporation). A service still over
/// the threshold (a type only one provider offers) gets a 正当な理由 note.
fn make_corporations(
    w: &Writer<'_>,
    provs: &[(i64, &'static str)],
    as_of: NaiveDate,
) -> Result<()> {
    use crate::domain::concentration as rule;
    use crate::store::concentration;
    let book = crate::store::rules::book(&w.tx)?;
    let Ok(period) = rule::period_of(&book, as_of) else {
        return Ok(());
    };
    let Ok((_, rules)) = rule::rules_for(&book, period.id) else {
        return Ok(());
    };
    let service = rules
        .services
        .iter()
        .max_by_key(|code| {
            (
                provs.iter().filter(|(_, c)| c == code).count(),
                std::cmp::Reverse(code.as_str()),
            )
        })
        .cloned()
        .unwrap_or_default();
    let plans = concentration::plan_months(&w.tx, period.from, period.to)?;
    // Plans of the service per provider (a demo client has one provider per service type).
    let mut counts: Vec<(i64, u64)> = provs
        .iter()
        .filter(|(_, c)| *c == service)
        .map(|(id, _)| {
            let n = plans
                .iter()
                .filter(|p| {
                    p.lines
                        .iter()
                        .any(|l| l.provider_id == *id && l.service_type == service)
                })
                .count() as u64;
            (*id, n)
        })
        .collect();
    counts.sort_by_key(|(id, n)| (std::cmp::Reverse(*n), *id));
    let total = plans
        .iter()
        .filter(|p| p.lines.iter().any(|l| l.service_type == service))
        .count() as u64;
    let group = best_subset(&counts, total * GROUP_PERCENT / 100);
    let mut taken = std::collections::HashSet::new();
    // Read once: each provider is updated once below, so the versions read here stay current.
    let mut current: std::collections::HashMap<i64, (ProviderFields, i64)> =
        providers::list(&w.tx)?
            .into_iter()
            .map(|p| (p.id, (p.fields, p.version)))
            .collect();
    for (i, (pid, _)) in provs.iter().enumerate() {
        let Some(mut f) = current.remove(pid) else {
            continue;
        };
        if group.contains(pid) {
            f.0.corporation_name = GROUP.0.into();
            f.0.corporation_number = corporation_number(GROUP.1);
        } else if i % 5 == 4 {
            continue;
        } else {
            let (word, _) = PROVIDER_WORDS[i % PROVIDER_WORDS.len()];
            let form = LEGAL_FORMS[i % LEGAL_FORMS.len()];
            let town = TOWNS[(i / PROVIDER_WORDS.len()) % TOWNS.len()];
            let name = [
                format!("{form}{word}"),
                format!("{form}{word}{town}"),
                format!("{form}{word}{town}{}", i + 1),
            ]
            .into_iter()
            .find(|n| !taken.contains(n))
            .unwrap_or_default();
            taken.insert(name.clone());
            f.0.corporation_name = name;
        }
        providers::update(w, *pid, f.1, &f.0)?;
    }
    let (sheet, _) = concentration::worksheet(&w.tx, period.id)?;
    for s in sheet.over() {
        let name = crate::domain::service_types::find(&s.service_type)
            .map(|t| t.name)
            .unwrap_or_default();
        concentration::set_note(
            w,
            period.id,
            &s.service_type,
            &format!(
                "通常の事業の実施地域に{name}の事業所が少なく、利用者の希望で選んだ結果（市町村に相談済み）"
            ),
            None,
        )?;
    }
    Ok(())
}

/// The providers whose plans add up to the most that is at most `limit` (exactly, by subset
/// sum over the counts).
fn best_subset(counts: &[(i64, u64)], limit: u64) -> Vec<i64> {
    let limit = usize::try_from(limit).unwrap_or(0);
    // reach[k][s]: a subset of the first k providers sums to s.
    let mut reach = vec![vec![false; limit + 1]; counts.len() + 1];
    reach[0][0] = true;
    for (k, (_, n)) in counts.iter().enumerate() {
        let n = usize::try_from(*n).unwrap_or(usize::MAX);
        for s in 0..=limit {
            reach[k + 1][s] = reach[k][s] || (s >= n && reach[k][s - n]);
        }
    }
    let Some(mut s) = (0..=limit).rev().find(|s| reach[counts.len()][*s]) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for k in (0..counts.len()).rev() {
        if !reach[k][s] {
            // Provider k is needed for this sum.
            out.push(counts[k].0);
            s -= usize::try_from(counts[k].1).unwrap_or(0);
        }
    }
    out
}

/// A 法人番号 of a twelve-digit 基礎番号, its check digit first.
fn corporation_number(base: &str) -> String {
    let d: Vec<u8> = base.bytes().map(|b| b - b'0').collect();
    format!("{}{base}", crate::domain::ids::corporation_check_digit(&d))
}

/// The office on the exchange since June 2025 (on the old client, not yet registered for the
/// WEB service: ホーム shows what that puts at risk), and what it knows of its providers: those
/// that send and receive through it are enrolled (seen in files; every third also confirmed on
/// the WEB service), others said or were looked up.
fn make_enrollment(
    w: &Writer<'_>,
    rng: &mut fastrand::Rng,
    provs: &[(i64, &'static str)],
    as_of: NaiveDate,
) -> Result<()> {
    use crate::domain::enrollment::{ExchangeSystem, ExchangeUse, ProviderStatus, Source, Stage};
    use crate::store::enrollment::{self, Activity, Observed, OfficeExchange};
    enrollment::add_exchange_status(
        w,
        ExchangeUse::Applying,
        ExchangeSystem::Client,
        since(2025, 4) + Duration::days(14),
        "",
    )?;
    let o = enrollment::office_exchange(&w.tx)?;
    enrollment::set_office_exchange(
        w,
        &OfficeExchange {
            licence_applied_on: Some(since(2025, 5) + Duration::days(19)),
            licence_valid_until: None,
            auto_renewal: true,
            free_pass_from: Some(since(2025, 6)),
            // The free pass runs until the move to the WEB service, after which there is no
            // usage fee: no end date for the office to watch.
            free_pass_until: None,
            certificate_type: "介護保険証明書".into(),
            certificate_expiry: Some(as_of + Duration::days(50)),
            client_pc: "事務室のPC（Windows 11）".into(),
            pledge_on: Some(since(2025, 12) + Duration::days(9)),
            web_registered_on: None,
            version: o.version,
        },
        o.version,
    )?;
    for (i, (pid, _)) in provs.iter().enumerate() {
        let channel: String = w.tx.query_row(
            "SELECT preferred_channel FROM providers WHERE id = ?1",
            [pid],
            |r| r.get(0),
        )?;
        let days_ago = |rng: &mut fastrand::Rng, max: i64| as_of - Duration::days(rng.i64(1..max));
        if channel == "exchange" {
            let on = days_ago(rng, 40);
            let system = if i % 3 == 0 {
                ExchangeSystem::Web
            } else {
                ExchangeSystem::Client
            };
            let observed = Observed {
                status: ProviderStatus::Enrolled,
                source: Source::ExchangeFile,
                system,
                on,
                note: String::new(),
            };
            enrollment::record_observation(w, *pid, &observed)?;
            continue;
        }
        let roll = rng.u32(0..100);
        let (status, source) = match roll {
            0..=9 => (ProviderStatus::Pledged, Source::Provider),
            10..=14 => (ProviderStatus::Applying, Source::Provider),
            15..=54 => (ProviderStatus::NotEnrolled, Source::PublicRegister),
            55..=59 => (ProviderStatus::Declined, Source::Provider),
            _ => continue,
        };
        let on = days_ago(rng, 200);
        let observed = Observed {
            status,
            source,
            system: ExchangeSystem::Client,
            on,
            note: String::new(),
        };
        enrollment::record_observation(w, *pid, &observed)?;
        // The office has started asking some of them.
        if i % 4 == 0 {
            let stage = match status {
                ProviderStatus::Pledged => Stage::Pledged,
                ProviderStatus::Declined => Stage::Declined,
                ProviderStatus::Applying => Stage::Considering,
                _ => Stage::Asked,
            };
            enrollment::add_activity(
                w,
                &Activity {
                    provider_id: *pid,
                    on_date: on,
                    method: ["電話", "訪問", "担当者会議で"][rng.usize(..3)].into(),
                    who: "管理者".into(),
                    said: "フリーパスで費用がかからないこと、提供票のFAXがなくなることを説明"
                        .into(),
                    outcome: match stage {
                        Stage::Declined => "パソコンの入れ替えまで見送りたいとのこと".into(),
                        Stage::Pledged => "年度内に申請するとのこと".into(),
                        _ => "法人本部に相談するとのこと".into(),
                    },
                    stage,
                    next_follow_up: (stage != Stage::Declined)
                        .then(|| as_of + Duration::days(rng.i64(-5..30))),
                },
            )?;
        }
    }
    Ok(())
}

fn make_staff(w: &Writer<'_>, n_cm: usize, as_of: NaiveDate) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    let start = as_of - Months::new(36);
    for i in 0..n_cm {
        // Every care manager gets a distinct name (imports name them by name): the surname
        // follows i, the given name how many times the surnames have gone round.
        let (sn, sk) = SURNAMES[(i * 7 + 3) % SURNAMES.len()];
        let round = i / SURNAMES.len();
        let given: Vec<(&str, &str)> = FEMALE.iter().chain(MALE).copied().collect();
        let (gn, gk) = given[(i % 2 * FEMALE.len() + round) % given.len()];
        let fields = StaffFields {
            name: format!("{sn} {gn}"),
            kana: format!("{sk} {gk}"),
            cm_number: Some(CareManagerNumber::parse(&format!(
                "{:08}",
                13_900_000 + i * 17
            ))?),
            role: if i == 0 {
                StaffRole::ChiefCareManager
            } else {
                StaffRole::CareManager
            },
        };
        // Most full-time; every third part-time at 0.8, and one reduces hours this year.
        let fte = if i % 3 == 2 {
            Fte::from_hundredths(80)
        } else {
            Fte::FULL
        };
        let id = staff::insert(w, &fields, fte, start)?;
        if i == 1 {
            staff::set_fte(w, id, Fte::from_hundredths(60), as_of - Months::new(2))?;
        }
        ids.push(id);
    }
    staff::insert(
        w,
        &StaffFields {
            name: "若葉 みのり".into(),
            kana: "ワカバ ミノリ".into(),
            cm_number: None,
            role: StaffRole::Clerk,
        },
        Fte::from_hundredths(50),
        start,
    )?;
    Ok(ids)
}

fn make_providers(
    w: &Writer<'_>,
    rng: &mut fastrand::Rng,
    n: usize,
) -> Result<Vec<(i64, &'static str)>> {
    let kinds: Vec<(&'static str, u32)> = PROVIDER_KINDS
        .iter()
        .map(|(c, wgt, _)| (*c, *wgt))
        .collect();
    let mut out = Vec::new();
    for i in 0..n {
        let code = *weighted(rng, &kinds);
        let suffix = PROVIDER_KINDS
            .iter()
            .find(|k| k.0 == code)
            .map(|k| k.2)
            .unwrap_or("事業所");
        let (word, kana) = PROVIDER_WORDS[i % PROVIDER_WORDS.len()];
        let town = TOWNS[rng.usize(..TOWNS.len())];
        let branch = if i >= PROVIDER_WORDS.len() {
            format!(" {}", town)
        } else {
            String::new()
        };
        let fields = ProviderFields {
            office_number: OfficeNumber::unchecked(&with_check(&format!(
                "13{}{:02}{:04}",
                if code == "13" { 6 } else { 7 },
                90 + i / 5000,
                i % 10000
            ))),
            check_digit_accepted: false,
            name: format!("{word}{suffix}{branch}"),
            kana: kana.to_string(),
            service_types: vec![code.to_string()],
            address: format!("デモ市{town}{}-{}", rng.u32(1..10), rng.u32(1..30)),
            phone: fictional_phone(rng),
            fax: fictional_phone(rng),
            email: String::new(),
            contact_person: String::new(),
            preferred_channel: if rng.u32(0..100) < 15 {
                Channel::Exchange
            } else {
                Channel::Fax
            },
            notes: String::new(),
            // Given after the clients (`make_corporations`).
            corporation_name: String::new(),
            corporation_number: String::new(),
        };
        out.push((providers::insert(w, &fields)?, code));
    }
    Ok(out)
}

fn make_client(
    w: &Writer<'_>,
    rng: &mut fastrand::Rng,
    i: usize,
    cms: &[i64],
    provs: &[(i64, &'static str)],
    as_of: NaiveDate,
) -> Result<()> {
    let female = rng.u32(0..100) < 65;
    let (sn, sk) = SURNAMES[rng.usize(..SURNAMES.len())];
    let (gn, gk) = if female {
        FEMALE[rng.usize(..FEMALE.len())]
    } else {
        MALE[rng.usize(..MALE.len())]
    };
    let birth = NaiveDate::from_ymd_opt(1925 + rng.i32(0..30), rng.u32(1..13), rng.u32(1..29))
        .unwrap_or(as_of);
    let contract = as_of - Duration::days(rng.i64(0..6 * 365));
    let insurer = InsurerNumber::unchecked(&with_check(&format!("139{:02}", 90 + i % 3)));
    let fields = ClientFields {
        name: format!("{sn} {gn}"),
        kana: format!("{sk} {gk}"),
        birth_date: Some(birth),
        sex: Some(if female { Sex::Female } else { Sex::Male }),
        insurer_number: insurer,
        insured_number: InsuredNumber::parse(&format!(
            "{:010}",
            9_000_000_000u64 + i as u64 * 7 + 1
        ))?,
        address: format!(
            "デモ市{}{}-{}-{}",
            TOWNS[rng.usize(..TOWNS.len())],
            rng.u32(1..6),
            rng.u32(1..30),
            rng.u32(1..20)
        ),
        phone: fictional_phone(rng),
        contract_date: contract,
    };
    let cm = cms[rng.usize(..cms.len())];
    let id = clients::insert(w, &fields, Some(cm), None)?;
    // Certification history: the current one (some expiring soon), one earlier for many.
    let level = *weighted(rng, LEVELS);
    let months = [12u32, 24, 36][rng.usize(..3)];
    let from_current = (as_of - Duration::days(rng.i64(0..i64::from(months) * 28)))
        .with_day(1)
        .unwrap_or(as_of);
    let to_current = from_current + Months::new(months) - Duration::days(1);
    if from_current > contract + Months::new(6) {
        let prev_level = *weighted(rng, LEVELS);
        clients::add_certification(
            w,
            id,
            &CertificationFields {
                care_level: Some(prev_level),
                certified_on: Some(contract - Duration::days(20)),
                valid_from: (contract - Duration::days(30))
                    .with_day(1)
                    .unwrap_or(contract),
                valid_to: Some(from_current - Duration::days(1)),
                status: CertStatus::Certified,
                change_of_level: false,
            },
        )?;
    }
    let pending = rng.u32(0..100) < 3;
    clients::add_certification(
        w,
        id,
        &CertificationFields {
            care_level: if pending { None } else { Some(level) },
            certified_on: if pending {
                None
            } else {
                Some(from_current - Duration::days(10))
            },
            valid_from: from_current,
            valid_to: if pending { None } else { Some(to_current) },
            status: if pending {
                CertStatus::Pending
            } else {
                CertStatus::Certified
            },
            change_of_level: false,
        },
    )?;
    let version = |w: &Writer<'_>| -> Result<i64> {
        Ok(w.tx
            .prepare_cached("SELECT version FROM clients WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?)
    };
    let mut ended = None;
    if rng.u32(0..100) < 5 {
        let end = as_of - Duration::days(rng.i64(1..200));
        if end > contract {
            ended = Some(end);
            let reason = ["施設入所", "逝去", "転居", "他事業所へ変更"][rng.usize(..4)];
            clients::end_contract(w, id, version(w)?, Some(end), reason)?;
        }
    }
    if rng.u32(0..100) < 3 {
        let month = (as_of - Months::new(1)).with_day(1).unwrap_or(as_of);
        clients::set_no_benefit_month(w, id, month, Some("入院（月を通してサービス利用なし）"))?;
    }
    let n_prov = rng.usize(3..=6);
    let mut used = Vec::new();
    // Bounded: a small provider pool may not hold n_prov different service types.
    for _ in 0..100 {
        if used.len() >= n_prov {
            break;
        }
        let (pid, code) = provs[rng.usize(..provs.len())];
        if !used.iter().any(|(p, c)| *p == pid || *c == code) {
            used.push((pid, code));
            clients::link_provider(w, id, pid, code)?;
        }
    }
    if !pending && ended.is_none() {
        let plan_from = from_current.max(contract);
        make_plan_and_deliveries(w, rng, id, plan_from, to_current, &used, level, as_of)?;
    }
    Ok(())
}

/// The client's plan in force (a few still awaiting consent) and the delivery ledger of the
/// last three months and the next: mostly complete, with the gaps a real office has.
#[allow(clippy::too_many_arguments)]
fn make_plan_and_deliveries(
    w: &Writer<'_>,
    rng: &mut fastrand::Rng,
    client: i64,
    from: NaiveDate,
    to: NaiveDate,
    used: &[(i64, &'static str)],
    level: CareLevel,
    as_of: NaiveDate,
) -> Result<()> {
    let awaiting = rng.u32(0..100) < 4;
    let plan_date = if awaiting {
        as_of - Duration::days(rng.i64(1..20))
    } else {
        from
    };
    // Made, agreed, then handed over: the plan is handed over on the day of the consent.
    let consent_date = (!awaiting).then(|| plan_date + Duration::days(rng.i64(0..5)));
    let fields = plans::PlanFields {
        plan_date,
        first_plan_date: Some(from),
        kind: PlanKind {
            continuing: true,
            ..PlanKind::default()
        },
        period_from: plan_date,
        period_to: to.max(plan_date),
        care_level: Some(level),
        consent_date,
        handed_date: consent_date,
        status: if awaiting {
            PlanStatus::AwaitingConsent
        } else {
            PlanStatus::Confirmed
        },
    };
    let lines: Vec<plans::ServiceLine> = used
        .iter()
        .map(|(pid, code)| plans::ServiceLine {
            provider_id: *pid,
            service_type: code.to_string(),
            what: String::new(),
            frequency: ["週1回", "週2回", "週3回", "月2回"][rng.usize(..4)].into(),
            office_number: String::new(),
            provider_name: String::new(),
        })
        .collect();
    plans::insert(w, client, &fields, &lines)?;
    let this = as_of.with_day(1).unwrap_or(as_of);
    let mut events = Vec::new();
    for back in [3u32, 2, 1, 0] {
        let month = this - Months::new(back);
        let next = month + Months::new(1);
        if month < plan_date.with_day(1).unwrap_or(plan_date) || month > to {
            continue;
        }
        for (pid, code) in used {
            let channel = if rng.u32(0..100) < 15 {
                Channel::Exchange
            } else {
                Channel::Fax
            };
            let sent_at = (month - Duration::days(rng.i64(1..6)))
                .and_hms_opt(9 + rng.u32(0..8), rng.u32(0..60), 0)
                .unwrap_or_default();
            let mut ev = |kind, at: chrono::NaiveDateTime| {
                if at.date() <= as_of {
                    events.push(deliveries::NewEvent {
                        kind,
                        withdraws: None,
                        client_id: client,
                        provider_id: *pid,
                        service_type: code.to_string(),
                        month: Some(month),
                        plan_date: None,
                        channel,
                        at,
                        note: String::new(),
                        source_file: None,
                    });
                }
            };
            ev(DeliveryKind::Schedule, sent_at);
            // Actuals come back in the first days of the next month; a few are late.
            if rng.u32(0..100) < 92 {
                let got = (next + Duration::days(rng.i64(0..6)))
                    .and_hms_opt(10 + rng.u32(0..6), rng.u32(0..60), 0)
                    .unwrap_or_default();
                ev(DeliveryKind::Actuals, got);
            }
        }
    }
    // Next month's schedules: some already out.
    let next = this + Months::new(1);
    if next <= to && as_of.day() > 20 {
        for (pid, code) in used {
            if rng.u32(0..100) < 40 {
                events.push(deliveries::NewEvent {
                    kind: DeliveryKind::Schedule,
                    withdraws: None,
                    client_id: client,
                    provider_id: *pid,
                    service_type: code.to_string(),
                    month: Some(next),
                    plan_date: None,
                    channel: Channel::Fax,
                    at: as_of.and_hms_opt(9, 30, 0).unwrap_or_default(),
                    note: String::new(),
                    source_file: None,
                });
            }
        }
    }
    deliveries::record(w, &events)?;
    Ok(())
}

/// The process steps of each plan revision (the plan's own process, `plans steps`): the plan
/// forms handed to every provider in the ledger and, for a revision whose case record holds no
/// assessment or meeting linked to it yet, an assessment visit a week before the plan date and
/// a サービス担当者会議 three days before. Most revisions end complete; a few keep the gaps an
/// office really has, chosen by their place among the revisions (no random stream):
/// of each 97 revisions, the 6th: one provider never got the plan form; the 18th: one
/// provider's plan form was taken back (wrong address) and not sent again; the 8th, when it
/// follows a renewal: the meeting was held before the renewal was certified, so none is on
/// record after it; the 4th: the providers were asked by 照会 with no reason written.
///
/// Revisions waiting for consent are not handed over yet. The case-record entries are linked to
/// their revision, so run after another generator that records them, this adds none twice.
fn make_process_steps(w: &Writer<'_>, as_of: NaiveDate) -> Result<()> {
    use crate::domain::case_record::CountsAs;
    use crate::store::case_notes::{self, NewNote};
    use std::collections::HashSet;
    let book = case_notes::book(&w.tx)?;
    let mut recorded: HashSet<(i64, CountsAs)> = HashSet::new();
    {
        let mut st =
            w.tx.prepare("SELECT plan_id, category, at FROM case_notes WHERE plan_id IS NOT NULL")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (category, at): (String, String) = (r.get(1)?, r.get(2)?);
            let on = crate::domain::dates::from_iso(at.get(..10).unwrap_or_default());
            let counts_as = on.map_or(CountsAs::None, |d| book.counts_as(&category, d));
            recorded.insert((r.get(0)?, counts_as));
        }
    }
    let mut all = plans::list(&w.tx, None)?;
    all.sort_by_key(|p| (p.client_id, p.fields.plan_date, p.id));
    let mut events = Vec::new();
    for (k, p) in all.iter().enumerate() {
        let f = &p.fields;
        if f.status == PlanStatus::Draft {
            continue;
        }
        // The renewal the plan follows, if any: its certification date.
        let renewal_certified: Option<NaiveDate> = w
            .tx
            .prepare_cached(
                "SELECT certified_on FROM certifications
                 WHERE client_id = ?1 AND valid_from = ?2 AND status = 'certified'
                   AND withdrawn_at IS NULL
                   AND EXISTS (SELECT 1 FROM certifications e WHERE e.client_id = ?1
                       AND e.valid_from < ?2 AND e.status = 'certified' AND e.withdrawn_at IS NULL)",
            )?
            .query_row(
                rusqlite::params![p.client_id, crate::domain::dates::iso(f.period_from)],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten()
            .as_deref()
            .and_then(crate::domain::dates::from_iso);
        let note = |at: NaiveDate, hour: u32, category: &str, body: &str, reason: &str| NewNote {
            client_id: p.client_id,
            at: at.and_hms_opt(hour, 0, 0).unwrap_or_default(),
            category: category.into(),
            body: body.into(),
            reason: reason.into(),
            plan_id: Some(p.id),
            attendees: if category == "assessment" {
                String::new()
            } else {
                "本人、家族、各サービス事業所の担当者".into()
            },
            ..NewNote::default()
        };
        let assess_on = f.plan_date - Duration::days(7);
        if !recorded.contains(&(p.id, CountsAs::Assessment)) && assess_on <= as_of {
            case_notes::add_with_book(
                w,
                &note(
                    assess_on,
                    10,
                    "assessment",
                    "居宅を訪問し本人・家族と面接（アセスメント）。",
                    "",
                ),
                as_of,
                &book,
            )?;
        }
        let meeting_recorded = recorded.contains(&(p.id, CountsAs::Meeting))
            || recorded.contains(&(p.id, CountsAs::Inquiry));
        let meet_on = match renewal_certified {
            Some(c) if k % 97 == 7 => c - Duration::days(5),
            _ => f.plan_date - Duration::days(3),
        };
        if !meeting_recorded && meet_on <= as_of {
            let entry = if k % 97 == 3 {
                note(
                    meet_on,
                    14,
                    "inquiry",
                    "各事業所に計画原案への意見を照会。",
                    "",
                )
            } else {
                note(
                    meet_on,
                    14,
                    "meeting",
                    "サービス担当者会議を開催。計画原案について検討し、合意した。",
                    "",
                )
            };
            case_notes::add_with_book(w, &entry, as_of, &book)?;
        }
        if f.status == PlanStatus::AwaitingConsent {
            continue;
        }
        let mut providers: Vec<(i64, &str)> = p
            .lines
            .iter()
            .map(|l| (l.provider_id, l.service_type.as_str()))
            .collect();
        providers.sort_unstable();
        providers.dedup_by_key(|x| x.0);
        let handed = f.handed_date.unwrap_or(f.plan_date);
        for (i, (provider, service_type)) in providers.iter().enumerate() {
            let last = i + 1 == providers.len();
            if last && k % 97 == 5 {
                continue;
            }
            let at = handed.and_hms_opt(16, 0, 0).unwrap_or_default();
            if at.date() > as_of {
                continue;
            }
            let event = |kind, withdraws, at, note: &str| deliveries::NewEvent {
                kind,
                withdraws,
                client_id: p.client_id,
                provider_id: *provider,
                service_type: service_type.to_string(),
                month: None,
                plan_date: Some(f.plan_date),
                channel: Channel::Fax,
                at,
                note: note.into(),
                source_file: None,
            };
            events.push(event(DeliveryKind::Plan, None, at, ""));
            if last && k % 97 == 17 {
                events.push(event(
                    DeliveryKind::Withdrawal,
                    Some(DeliveryKind::Plan),
                    at + Duration::minutes(30),
                    "宛先違い",
                ));
            }
        }
    }
    deliveries::record(w, &events)?;
    Ok(())
}

//! ほのぼのNEXT's exports (利用者管理 and ケアマネ → CSV) read into a `Batch`: 基本情報*.CSV
//! (identity), 介護保険1.CSV (one row per certification generation), CAREPLAN1.CSV (第1表, in
//! the 13-column layout or the A様式 of 23 and more) and KAIGO1.CSV (第2表). Columns by header
//! name; people keyed on (保険者番号, 被保険者番号), never on 利用者番号 (which ほのぼの reuses);
//! symbol-named placeholder rows dropped; repeated certification rows (several exports loaded)
//! kept once. Layouts: shared/domain/migration.md B.3.

use super::dates::day;
use super::fold::{is_placeholder, name_key};
use super::records::{Batch, CertIn, LineIn, Origin, Person, PlanIn, plan_kind, review};
use super::table::{Col, Refused, Row, Table};
use crate::domain::care_level::{CareLevel, CertStatus};
use crate::domain::ids::{InsuredNumber, InsurerNumber};
use crate::domain::sex::Sex;
use crate::domain::{Lang, kana};
use crate::store::certifications::CertificationFields;
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The files of one export folder, found by name (case and width ignored).
#[derive(Debug, Default)]
struct Files {
    basic: Vec<PathBuf>,
    insurance: Option<PathBuf>,
    public: Option<PathBuf>,
    share: Option<PathBuf>,
    plan1: Option<PathBuf>,
    plan2: Option<PathBuf>,
}

/// A file name as text: UTF-8, or MS932 as a Windows copy may leave it.
fn file_name(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let raw = path.file_name().map(|n| n.as_bytes()).unwrap_or_default();
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::SHIFT_JIS.decode(raw).0.into_owned(),
    }
}

fn find_files(dir: &Path) -> Result<Files> {
    let mut f = Files::default();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        let mut r = Refused::default();
        r.add(
            &dir.display().to_string(),
            0,
            "",
            format!(
                "フォルダを読めません（{e}）。ほのぼのから書き出したフォルダを指定してください"
            ),
        );
        r
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = super::fold::nfkc(&file_name(&p)).to_uppercase();
        let Some(stem) = name.strip_suffix(".CSV") else {
            continue;
        };
        match stem {
            s if s.starts_with("基本情報") => f.basic.push(p),
            "介護保険1" => f.insurance = Some(p),
            "公費1" => f.public = Some(p),
            "負担割合証等1" => f.share = Some(p),
            "CAREPLAN1" => f.plan1 = Some(p),
            "KAIGO1" => f.plan2 = Some(p),
            _ => {}
        }
    }
    Ok(f)
}

/// Reads the export in `dir`. Any malformed cell refuses the whole run, every place named.
pub fn read(dir: &Path, today: NaiveDate) -> Result<Batch> {
    let files = find_files(dir)?;
    let Some(insurance) = &files.insurance else {
        let mut r = Refused::default();
        r.add(
            &dir.display().to_string(),
            0,
            "",
            "介護保険1.CSV がありません。ほのぼのの【利用者管理】→ CSV で、出力範囲「全件」・参照対象「保険と認定」にして書き出したファイルを同じフォルダに置いてください",
        );
        return Err(r.into());
    };
    let mut refused = Refused::default();
    let mut batch = Batch::default();
    let basic = Basic::read(&files.basic, &mut refused)?;
    let mut people = read_insurance(
        &Table::read(insurance)?,
        &basic,
        &mut batch,
        &mut refused,
        today,
    );
    if let Some(p) = &files.plan1 {
        let plans = Table::read(p)?;
        read_plans(&plans, &mut people, &mut batch, &mut refused);
    }
    if let Some(p) = &files.plan2 {
        let lines = Table::read(p)?;
        read_lines(&lines, &mut people, &mut batch, &mut refused);
    }
    refused.verdict()?;
    for (path, what) in [
        (&files.public, "公費"),
        (&files.share, "負担割合・給付制限"),
    ] {
        if let Some(p) = path {
            batch.notes.push(format!(
                "{}: careplan には{what}の記録欄がないため取り込みませんでした（元のシステムの記録か証の写しで確かめてください）",
                file_name(p)
            ));
        }
    }
    batch.people = people.into_values().collect();
    batch.people.sort_by(|a, b| {
        (a.insurer.as_str(), a.insured.as_str()).cmp(&(b.insurer.as_str(), b.insured.as_str()))
    });
    super::apply::dedupe(&mut batch.review);
    Ok(batch)
}

/// A 基本情報 row: the identity ほのぼの keeps beside its (reused) 利用者番号.
#[derive(Debug, Clone)]
struct Identity {
    number: String,
    name: String,
    kana: String,
    birth: Option<NaiveDate>,
    sex: Option<Sex>,
    address: String,
    phone: String,
}

/// 基本情報, looked up by 利用者番号 and birth date (a number is reused for another person),
/// else by name and birth date.
#[derive(Debug, Default)]
struct Basic {
    by_number: HashMap<String, Vec<Identity>>,
    by_name: HashMap<(String, Option<NaiveDate>), Vec<Identity>>,
}

impl Basic {
    fn read(paths: &[PathBuf], refused: &mut Refused) -> Result<Basic> {
        let mut b = Basic::default();
        for path in paths {
            let t = Table::read(path)?;
            let number = t.require(&["利用者番号"], refused);
            let name = t.require(&["利用者名", "氏名"], refused);
            let kana_col = t.col(&["フリガナ", "カナ"]);
            let birth = t.col(&["生年月日"]);
            let sex = t.col(&["性別"]);
            let zip = t.col(&["郵便番号"]);
            let address = t.col(&["住所"]);
            let phone = t.col(&["電話番号"]);
            let mobile = t.col(&["携帯番号"]);
            if number.is_none() || name.is_none() {
                continue;
            }
            for row in &t.rows {
                let n = t.get(row, name);
                if n.is_empty() || is_placeholder(n) {
                    continue;
                }
                let at = |c: &str, why: String| (row.line, c.to_string(), why);
                let mut bad = Vec::new();
                let birth_date = day(t.get(row, birth)).unwrap_or_else(|e| {
                    bad.push(at("生年月日", e));
                    None
                });
                let sex_value = Sex::parse(t.get(row, sex)).unwrap_or_else(|e| {
                    bad.push(at("性別", format!("{}（男・女）", e.message(Lang::Ja))));
                    None
                });
                for (line, c, why) in bad {
                    refused.add(&t.file, line, &c, why);
                }
                let address = match (t.get(row, zip), t.get(row, address)) {
                    ("", a) => a.to_string(),
                    (z, a) => format!("〒{z} {a}"),
                };
                let phone = match t.get(row, phone) {
                    "" => t.get(row, mobile),
                    p => p,
                };
                let id = Identity {
                    number: t.get(row, number).to_string(),
                    name: n.to_string(),
                    kana: kana::normalise(t.get(row, kana_col)),
                    birth: birth_date,
                    sex: sex_value,
                    address,
                    phone: phone.to_string(),
                };
                b.by_number
                    .entry(id.number.clone())
                    .or_default()
                    .push(id.clone());
                b.by_name
                    .entry((name_key(&id.name), id.birth))
                    .or_default()
                    .push(id);
            }
        }
        Ok(b)
    }

    /// The identity of the person a 介護保険 row names: same 利用者番号 and birth date (or
    /// name, where a birth date is missing), else same name and birth date.
    fn find(&self, number: &str, name: &str, birth: Option<NaiveDate>) -> Option<&Identity> {
        let key = name_key(name);
        self.by_number
            .get(number)
            .and_then(|all| {
                all.iter().find(|i| match (i.birth, birth) {
                    (Some(a), Some(b)) => a == b,
                    _ => name_key(&i.name) == key,
                })
            })
            .or_else(|| self.by_name.get(&(key, birth)).and_then(|all| all.first()))
    }
}

/// The numbers of a row, or None (a row without them is skipped; a malformed one refused).
/// A date cell: empty is None; a date that cannot be read refuses the file (listed with its
/// line and header) and reads as None meanwhile.
fn date_cell(
    t: &Table,
    row: &Row,
    col: Col,
    header: &str,
    refused: &mut Refused,
) -> Option<chrono::NaiveDate> {
    day(t.get(row, col)).unwrap_or_else(|e| {
        refused.add(&t.file, row.line, header, e);
        None
    })
}

fn numbers(
    t: &Table,
    row: &Row,
    (insurer, insured): (Col, Col),
    refused: &mut Refused,
) -> Option<(InsurerNumber, InsuredNumber)> {
    let (a, b) = (t.get(row, insurer), t.get(row, insured));
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let a = InsurerNumber::parse(a)
        .map_err(|e| refused.add(&t.file, row.line, "保険者番号", e.message(Lang::Ja)))
        .ok();
    let b = InsuredNumber::parse(b)
        .map_err(|e| refused.add(&t.file, row.line, "被保険者番号", e.message(Lang::Ja)))
        .ok();
    Some((a?, b?))
}

type Key = (String, String);

fn key_of(n: &(InsurerNumber, InsuredNumber)) -> Key {
    (n.0.as_str().to_string(), n.1.as_str().to_string())
}

/// 介護保険1.CSV: one row per certification generation, every generation kept.
fn read_insurance(
    t: &Table,
    basic: &Basic,
    batch: &mut Batch,
    refused: &mut Refused,
    today: NaiveDate,
) -> HashMap<Key, Person> {
    let name = t.require(&["利用者名", "氏名"], refused);
    let insured = t.require(&["被保険者番号"], refused);
    let insurer = t.require(&["保険者番号"], refused);
    let level = t.require(&["要介護度", "要介護状態区分"], refused);
    let from = t.require(
        &[
            "認定有効期間-開始日",
            "認定有効期間開始日",
            "認定有効開始日",
        ],
        refused,
    );
    let to = t.require(
        &[
            "認定有効期間-終了日",
            "認定有効期間終了日",
            "認定有効終了日",
        ],
        refused,
    );
    let number = t.col(&["利用者番号"]);
    let birth = t.col(&["生年月日"]);
    let state = t.col(&["認定状況"]);
    let certified = t.col(&["認定年月日", "認定日"]);
    let limit_from = t.col(&["適用期間-開始日(居宅サービス区分)", "適用期間-開始日"]);
    let limit_to = t.col(&["適用期間-終了日(居宅サービス区分)", "適用期間-終了日"]);
    let mut people: HashMap<Key, Person> = HashMap::new();
    if [name, insured, insurer, level, from, to]
        .iter()
        .any(Option::is_none)
    {
        return people;
    }
    // Rows per person, to tell an export cut to the certifications in force.
    let mut rows_per_person: HashMap<Key, usize> = HashMap::new();
    // (key, start) → (line, level) of the row kept.
    let mut seen: HashMap<(Key, NaiveDate), (u64, String)> = HashMap::new();
    for row in &t.rows {
        let at = Origin {
            file: t.file.clone(),
            line: row.line,
        };
        let n = t.get(row, name);
        if is_placeholder(n) {
            batch.skip(
                &at,
                format!(
                    "記号で始まる名前の行（予定の枠で、利用者ではありません）: {}",
                    n
                ),
            );
            continue;
        }
        let Some(nums) = numbers(t, row, (insurer, insured), refused) else {
            if !t.get(row, insurer).is_empty() && !t.get(row, insured).is_empty() {
                continue; // malformed: refused above
            }
            batch.skip(
                &at,
                "保険者番号か被保険者番号が空の行です（利用者を特定できません）",
            );
            continue;
        };
        let cell_date =
            |col: Col, header: &str, refused: &mut Refused| date_cell(t, row, col, header, refused);
        let start = cell_date(from, "認定有効期間-開始日", refused);
        let end = cell_date(to, "認定有効期間-終了日", refused);
        let certified_on = cell_date(certified, "認定年月日", refused);
        let birth_date = cell_date(birth, "生年月日", refused);
        let l_from = cell_date(limit_from, "適用期間-開始日", refused);
        let l_to = cell_date(limit_to, "適用期間-終了日", refused);
        let level_text = t.get(row, level);
        let pending = level_text.is_empty() && t.get(row, state).contains("申請");
        let care_level = if level_text.is_empty() {
            None
        } else {
            match CareLevel::parse(level_text) {
                Ok(l) => Some(l),
                Err(e) => {
                    refused.add(
                        &t.file,
                        row.line,
                        "要介護度",
                        format!("「{level_text}」: {}", e.message(Lang::Ja)),
                    );
                    continue;
                }
            }
        };
        let Some(start) = start else {
            batch.skip(&at, "認定有効期間の開始日が空の行です（認定を置けません）");
            continue;
        };
        if care_level.is_none() && !pending {
            batch.skip(&at, "要介護度が空で、申請中でもない行です");
            continue;
        }
        if let Some(e) = end
            && e < start
        {
            refused.add(
                &t.file,
                row.line,
                "認定有効期間-終了日",
                "終了日が開始日より前です。日付を確かめてください",
            );
            continue;
        }
        if !pending && end.is_none() {
            refused.add(
                &t.file,
                row.line,
                "認定有効期間-終了日",
                "認定済の行に終了日がありません。終了日を入れるか、申請中なら認定状況を「申請中」にしてください",
            );
            continue;
        }
        let key = key_of(&nums);
        *rows_per_person.entry(key.clone()).or_default() += 1;
        if let Some((line, kept_level)) = seen.get(&(key.clone(), start)) {
            batch.skip(
                &at,
                format!("同じ認定（開始日 {start}）の重複行です（{line}行目を取り込みます）"),
            );
            if kept_level != level_text {
                batch.review.push(review(
                    &at,
                    "certification_conflict",
                    format!(
                        "開始日 {start} の認定が2行あり、要介護度が違います（{line}行目「{kept_level}」を取り込み、この行「{level_text}」は取り込んでいません）。認定の画面で確かめてください"
                    ),
                    Some((&nums.0, &nums.1)),
                ));
            }
            continue;
        }
        seen.insert((key.clone(), start), (row.line, level_text.to_string()));
        let person = people.entry(key).or_insert_with(|| {
            let id = basic.find(t.get(row, number), n, birth_date);
            Person {
                insurer: nums.0.clone(),
                insured: nums.1.clone(),
                name: id.map(|i| i.name.clone()).unwrap_or_else(|| n.to_string()),
                kana: id.map(|i| i.kana.clone()).unwrap_or_default(),
                birth_date: id.and_then(|i| i.birth).or(birth_date),
                sex: id.and_then(|i| i.sex),
                address: id.map(|i| i.address.clone()).unwrap_or_default(),
                phone: id.map(|i| i.phone.clone()).unwrap_or_default(),
                contract_date: None,
                first_plan: None,
                origin: at.clone(),
                certifications: Vec::new(),
                plans: Vec::new(),
            }
        });
        person.certifications.push(CertIn {
            fields: CertificationFields {
                care_level,
                certified_on,
                valid_from: start,
                valid_to: end,
                status: if pending {
                    CertStatus::Pending
                } else {
                    CertStatus::Certified
                },
                change_of_level: false,
            },
            limit: l_from.zip(l_to),
            origin: at,
        });
    }
    // The export settings that drop data (B.7): warned, not refused.
    let file = super::apply::whole_file(&t.file);
    if rows_per_person.len() >= 2 && rows_per_person.values().all(|n| *n == 1) {
        batch.review.push(review(
            &file,
            "export_settings",
            "介護保険1.CSV は全員が1人1行です。出力範囲が「有効」だと過去の認定が抜けます。「全件」で書き出し直したか確かめてください",
            None,
        ));
    }
    let ended = people.values().any(|p| {
        p.certifications
            .iter()
            .filter_map(|c| c.fields.valid_to)
            .max()
            .is_some_and(|t| t < today)
    });
    if people.len() >= 2 && !ended {
        batch.review.push(review(
            &file,
            "export_settings",
            "終了した利用者が1人もいません。「処理日時点での利用登録」が「有」だと終了した利用者が抜けます。「無」で書き出し直したか確かめてください",
            None,
        ));
    }
    // Someone whose last certification ended well before the move has most likely left (the
    // export includes ended clients): their lapsed certification would read 認定切れ on ホーム
    // until the contract's end is recorded, so each is listed to check.
    let long_ago = today - chrono::Days::new(60);
    let mut ended: Vec<(&Person, NaiveDate)> = people
        .values()
        .filter_map(|p| {
            let open = p.certifications.iter().any(|c| c.fields.valid_to.is_none());
            let last = p
                .certifications
                .iter()
                .filter_map(|c| c.fields.valid_to)
                .max()?;
            (!open && last < long_ago).then_some((p, last))
        })
        .collect();
    ended.sort_by_key(|(p, _)| p.origin.line);
    for (p, last) in ended {
        batch.review.push(review(
            &p.origin,
            "ended_client",
            format!(
                "最後の認定が {} に終わっています。利用を終えた方なら、利用者の画面で契約終了（d）を記録してください（認定切れの期限が消えます）",
                crate::domain::dates::iso(last)
            ),
            Some((&p.insurer, &p.insured)),
        ));
    }
    people
}

/// CAREPLAN1.CSV: 第1表 revisions, either layout; the A様式 (23 columns or more) also gives
/// the 計画区分 and the 初回作成日.
fn read_plans(
    t: &Table,
    people: &mut HashMap<Key, Person>,
    batch: &mut Batch,
    refused: &mut Refused,
) {
    let insurer = t.require(&["保険者番号"], refused);
    let insured = t.require(&["被保険者番号"], refused);
    let made = t.require(&["作成日"], refused);
    let a_form = t.headers.len() >= 23;
    let kind = if a_form {
        t.col(&["計画区分"])
    } else {
        t.col(&["作成区分"])
    };
    let first = t.col(&["初回作成日"]);
    let name = t.col(&["利用者名"]);
    let from = t.col(&["認定有効開始", "認定有効期間-開始日"]);
    let to = t.col(&["認定有効終了", "認定有効期間-終了日"]);
    if [insurer, insured, made].iter().any(Option::is_none) {
        return;
    }
    let mut seen: HashMap<(Key, NaiveDate), u64> = HashMap::new();
    for row in &t.rows {
        let at = Origin {
            file: t.file.clone(),
            line: row.line,
        };
        if is_placeholder(t.get(row, name)) {
            batch.skip(
                &at,
                "記号で始まる名前の行（予定の枠で、利用者ではありません）",
            );
            continue;
        }
        let Some(nums) = numbers(t, row, (insurer, insured), refused) else {
            batch.skip(
                &at,
                "保険者番号か被保険者番号が空の行です（利用者を特定できません）",
            );
            continue;
        };
        let date = |c: Col, h: &str, refused: &mut Refused| date_cell(t, row, c, h, refused);
        let plan_date = date(made, "作成日", refused);
        let first_date = date(first, "初回作成日", refused);
        let period = date(from, "認定有効開始", refused).zip(date(to, "認定有効終了", refused));
        let Some(plan_date) = plan_date else {
            batch.skip(&at, "作成日が空の計画です");
            continue;
        };
        let key = key_of(&nums);
        if let Some(line) = seen.get(&(key.clone(), plan_date)) {
            batch.skip(
                &at,
                format!("同じ計画（作成日 {plan_date}）の重複行です（{line}行目を取り込みます）"),
            );
            continue;
        }
        seen.insert((key.clone(), plan_date), row.line);
        let Some(person) = people.get_mut(&key) else {
            batch.review.push(review(
                &at,
                "unknown_client",
                format!(
                    "作成日 {plan_date} の計画の利用者が介護保険1.CSV にいません。認定と一緒に書き出し直すか、利用者を登録してから移行をやり直してください"
                ),
                Some((&nums.0, &nums.1)),
            ));
            continue;
        };
        if let Some(f) = first_date {
            person.first_plan = Some(person.first_plan.map_or(f, |p| p.min(f)));
        }
        person.plans.push(PlanIn {
            plan_date,
            first_plan_date: first_date,
            kind: plan_kind(t.get(row, kind)),
            period,
            lines: Vec::new(),
            origin: at,
        });
    }
}

/// KAIGO1.CSV: 第2表 lines, joined to their 第1表 on the numbers and the 作成日. Lines naming no
/// provider (family, informal support) are not service lines and are left out.
fn read_lines(
    t: &Table,
    people: &mut HashMap<Key, Person>,
    batch: &mut Batch,
    refused: &mut Refused,
) {
    let insurer = t.require(&["保険者番号"], refused);
    let insured = t.require(&["被保険者番号"], refused);
    let made = t.require(&["作成日"], refused);
    let provider = t.require(&["サービス事業者名", "事業者名", "サービス事業者"], refused);
    let service = t.col(&["サービス種別", "サービス種別/担当者", "種別"]);
    let what = t.col(&["サービス内容"]);
    let often = t.col(&["頻度"]);
    if [insurer, insured, made, provider]
        .iter()
        .any(Option::is_none)
    {
        return;
    }
    for row in &t.rows {
        let at = Origin {
            file: t.file.clone(),
            line: row.line,
        };
        let name = t.get(row, provider);
        if name.is_empty() {
            continue;
        }
        let Some(nums) = numbers(t, row, (insurer, insured), refused) else {
            batch.skip(
                &at,
                "保険者番号か被保険者番号が空の行です（利用者を特定できません）",
            );
            continue;
        };
        let plan_date = match day(t.get(row, made)) {
            Ok(Some(d)) => d,
            Ok(None) => {
                batch.skip(&at, "作成日が空の第2表の行です");
                continue;
            }
            Err(e) => {
                refused.add(&t.file, row.line, "作成日", e);
                continue;
            }
        };
        let plan = people
            .get_mut(&key_of(&nums))
            .and_then(|p| p.plans.iter_mut().find(|p| p.plan_date == plan_date));
        let Some(plan) = plan else {
            batch.skip(
                &at,
                format!("作成日 {plan_date} の第1表（CAREPLAN1.CSV）がない第2表の行です"),
            );
            continue;
        };
        plan.lines.push(LineIn {
            provider: name.to_string(),
            service: t.get(row, service).to_string(),
            what: t.get(row, what).to_string(),
            frequency: t.get(row, often).to_string(),
            origin: at,
        });
    }
}

//! `careplan migrate csv`: any other suite's CSV (カイポケ and others), read through a mapping
//! file (TOML) from the file's header names to careplan's fields, with the date format and value
//! translations the suite needs. `template` writes a starting mapping from a file's own headers.
//!
//! ```toml
//! [formats]
//! date = "%Y/%m/%d"            # optional; default: 2026/4/1, 20260401, R8.4.1 …
//!
//! [columns]                    # header in the file = careplan field
//! "利用者名" = "client.name"
//! "被保険者番号" = "client.insured_number"
//!
//! [values."certification.care_level"]   # the file's value = careplan's
//! "介護1" = "要介護1"
//! ```

use super::dates::{day, day_as};
use super::fold::{is_placeholder, nfkc};
use super::records::{Batch, CertIn, Origin, Person, ProviderIn, StaffIn, service_code};
use super::table::{Refused, Row, Table};
use crate::domain::care_level::{CareLevel, CertStatus};
use crate::domain::ids::{CareManagerNumber, InsuredNumber, InsurerNumber, OfficeNumber};
use crate::domain::sex::Sex;
use crate::domain::staff_role::StaffRole;
use crate::domain::validation::Invalid;
use crate::domain::{Lang, kana};
use crate::store::certifications::CertificationFields;
use crate::store::providers::ProviderFields;
use crate::store::staff::StaffFields;
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// careplan's fields a column can fill, with what each is (the template's comments).
pub const FIELDS: &[(&str, &str)] = &[
    ("client.name", "利用者の氏名（必須）"),
    ("client.kana", "利用者のフリガナ"),
    ("client.birth_date", "生年月日"),
    ("client.sex", "性別（男・女）"),
    ("client.insurer_number", "保険者番号（必須、6桁）"),
    ("client.insured_number", "被保険者番号（必須、10桁）"),
    ("client.address", "住所"),
    ("client.phone", "電話番号"),
    (
        "client.contract_date",
        "契約日（なければ認定開始日から推定）",
    ),
    ("certification.care_level", "要介護度"),
    ("certification.certified_on", "認定日"),
    ("certification.valid_from", "認定有効期間の開始日"),
    ("certification.valid_to", "認定有効期間の終了日"),
    ("provider.office_number", "事業所番号（10桁）"),
    ("provider.name", "事業所名"),
    ("provider.kana", "事業所名のフリガナ"),
    ("provider.service_type", "サービス種類（コードか名前）"),
    ("provider.phone", "事業所の電話番号"),
    ("provider.fax", "事業所の FAX 番号"),
    ("provider.address", "事業所の住所"),
    ("staff.name", "職員の氏名"),
    ("staff.kana", "職員のフリガナ"),
    ("staff.cm_number", "介護支援専門員番号（8桁）"),
    (
        "staff.role",
        "職種（介護支援専門員・主任介護支援専門員・事務）",
    ),
];

/// Words in a header that suggest a field (the template's guesses, first fits first).
const HINTS: &[(&str, &[&str])] = &[
    ("被保険者番号", &["client.insured_number"]),
    ("保険者番号", &["client.insurer_number"]),
    ("事業所番号", &["provider.office_number"]),
    ("介護支援専門員番号", &["staff.cm_number"]),
    ("専門員番号", &["staff.cm_number"]),
    ("生年月日", &["client.birth_date"]),
    ("性別", &["client.sex"]),
    ("契約", &["client.contract_date"]),
    ("介護度", &["certification.care_level"]),
    ("認定日", &["certification.certified_on"]),
    ("認定年月日", &["certification.certified_on"]),
    ("開始", &["certification.valid_from"]),
    ("終了", &["certification.valid_to"]),
    ("サービス種", &["provider.service_type"]),
    ("職種", &["staff.role"]),
    ("カナ", &["client.kana", "staff.kana", "provider.kana"]),
    ("フリガナ", &["client.kana", "staff.kana", "provider.kana"]),
    ("事業所名", &["provider.name"]),
    ("FAX", &["provider.fax"]),
    ("住所", &["client.address", "provider.address"]),
    ("電話", &["client.phone", "provider.phone"]),
    ("名", &["client.name", "staff.name", "provider.name"]),
];

/// The fields a header could fill, best guess first.
pub fn candidates(header: &str) -> Vec<&'static str> {
    let h = nfkc(header).to_uppercase();
    let mut out: Vec<&'static str> = Vec::new();
    for (word, fields) in HINTS {
        if h.contains(word) {
            for f in *fields {
                if !out.contains(f) {
                    out.push(f);
                }
            }
        }
    }
    out
}

/// A starting mapping for `file`: one line per header, the guess filled in (or commented out
/// where there is none), each commented with the fields it could fill.
pub fn template(file: &Path) -> Result<String> {
    let t = Table::read(file)?;
    let mut out = String::new();
    out.push_str(&format!(
        "# careplan migrate csv の対応表（{} の見出しから作成）\n\
         # 各行: \"ファイルの見出し\" = \"careplan の項目\"。使わない見出しは # で消したままにします。\n\
         # 項目: {}\n\n\
         [formats]\n\
         # 日付の形（省略時は 2026/4/1、20260401、R8.4.1 などを読みます）\n\
         # date = \"%Y/%m/%d\"\n\n\
         [columns]\n",
        t.file,
        FIELDS.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")
    ));
    for h in &t.headers {
        let c = candidates(h);
        let key = toml_key(h);
        match c.first() {
            Some(first) => {
                out.push_str(&format!("{key} = \"{first}\"  # 候補: {}\n", c.join(", ")))
            }
            None => out.push_str(&format!("# {key} = \"\"  # 候補なし\n")),
        }
    }
    out.push_str(
        "\n# 値の読み替え（例: 要介護度が「介護1」と書かれている場合）\n\
         # [values.\"certification.care_level\"]\n\
         # \"介護1\" = \"要介護1\"\n",
    );
    Ok(out)
}

/// A header as a TOML key (quoted, with quotes and backslashes escaped).
fn toml_key(h: &str) -> String {
    format!("\"{}\"", h.replace('\\', "\\\\").replace('"', "\\\""))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Map {
    #[serde(default)]
    formats: Formats,
    columns: BTreeMap<String, String>,
    #[serde(default)]
    values: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Formats {
    date: Option<String>,
}

/// The mapping, checked against the file: every field known and named once, every header
/// present, and each kind of record given the fields it cannot do without.
struct Checked {
    /// field → column index in the file.
    at: HashMap<&'static str, usize>,
    date: Option<String>,
    values: HashMap<String, HashMap<String, String>>,
}

fn load(map_path: &Path, t: &Table) -> Result<Checked> {
    let name = map_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut refused = Refused::default();
    let text = std::fs::read_to_string(map_path).map_err(|e| {
        let mut r = Refused::default();
        r.add(&name, 0, "", format!("対応表を読めません（{e}）"));
        r
    })?;
    let map: Map = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1)
            .unwrap_or(0);
        let mut r = Refused::default();
        r.add(
            &name,
            line,
            "",
            format!(
                "対応表として読めません: {}。careplan migrate csv FILE --map-template OUT.toml で作った形に合わせてください",
                e.message()
            ),
        );
        r
    })?;
    let mut at = HashMap::new();
    for (header, field) in &map.columns {
        let Some(known) = FIELDS.iter().find(|f| f.0 == field).map(|f| f.0) else {
            refused.add(
                &name,
                0,
                header,
                format!(
                    "項目「{field}」はありません。使える項目: {}",
                    FIELDS.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")
                ),
            );
            continue;
        };
        let Some(i) = t.col(&[header]) else {
            refused.add(
                &t.file,
                1,
                header,
                format!(
                    "対応表にある見出し「{header}」がファイルにありません。対応表を直してください（見出し: {}）",
                    t.headers.join(", ")
                ),
            );
            continue;
        };
        if at.insert(known, i).is_some() {
            refused.add(
                &name,
                0,
                header,
                format!("項目「{field}」に2つの見出しが割り当てられています。1つにしてください"),
            );
        }
    }
    for field in map.values.keys() {
        if !FIELDS.iter().any(|f| f.0 == field) {
            refused.add(&name, 0, field, "values にある項目名が正しくありません");
        }
    }
    for (group, needs) in [
        (
            "client.",
            &[
                "client.name",
                "client.insurer_number",
                "client.insured_number",
            ][..],
        ),
        (
            "certification.",
            &[
                "client.insurer_number",
                "client.insured_number",
                "certification.care_level",
                "certification.valid_from",
                "certification.valid_to",
            ][..],
        ),
        (
            "provider.",
            &["provider.office_number", "provider.name"][..],
        ),
        ("staff.", &["staff.name"][..]),
    ] {
        if at.keys().any(|k| k.starts_with(group)) {
            for n in needs {
                if !at.contains_key(n) {
                    refused.add(
                        &name,
                        0,
                        n,
                        format!("{group} の項目を使うには「{n}」に当たる見出しも必要です"),
                    );
                }
            }
        }
    }
    if at.is_empty() {
        refused.add(
            &name,
            0,
            "",
            "[columns] に見出しと項目の対応が1つもありません",
        );
    }
    refused.verdict()?;
    let values = map
        .values
        .into_iter()
        .map(|(f, m)| (f, m.into_iter().map(|(k, v)| (nfkc(&k), v)).collect()))
        .collect();
    Ok(Checked {
        at,
        date: map.formats.date,
        values,
    })
}

impl Checked {
    /// The cell for `field`, translated through `[values]` ("" when unmapped).
    fn get<'a>(&'a self, row: &'a Row, field: &str) -> &'a str {
        let cell = self
            .at
            .get(field)
            .and_then(|i| row.cells.get(*i))
            .map(String::as_str)
            .unwrap_or("");
        self.values
            .get(field)
            .and_then(|m| m.get(cell))
            .map(String::as_str)
            .unwrap_or(cell)
    }
    fn date(&self, row: &Row, field: &str) -> Result<Option<NaiveDate>, String> {
        let cell = self.get(row, field);
        match &self.date {
            Some(f) => day_as(cell, f),
            None => day(cell),
        }
    }
    fn has(&self, field: &str) -> bool {
        self.at.contains_key(field)
    }
}

/// Reads `file` through the mapping in `map_path`. Any malformed cell refuses the whole run.
pub fn read(file: &Path, map_path: &Path) -> Result<Batch> {
    let t = Table::read(file)?;
    let m = load(map_path, &t)?;
    let mut refused = Refused::default();
    let mut batch = Batch::default();
    let mut people: HashMap<(String, String), Person> = HashMap::new();
    let mut order = Vec::new();
    for row in &t.rows {
        let at = Origin {
            file: t.file.clone(),
            line: row.line,
        };
        let mut bad = |field: &str, why: String| refused.add(&t.file, row.line, field, why);
        let inv = |e: Invalid| e.message(Lang::Ja).to_string();
        if m.has("provider.office_number") && !m.get(row, "provider.office_number").is_empty() {
            let number = OfficeNumber::parse(m.get(row, "provider.office_number"));
            let types: Vec<String> = match m.get(row, "provider.service_type") {
                "" => Vec::new(),
                s => match service_code(s) {
                    Some(c) => vec![c.to_string()],
                    None => {
                        bad(
                            "provider.service_type",
                            format!(
                                "サービス種類「{s}」が分かりません。11 のようなコードか 訪問介護 のような名前にしてください"
                            ),
                        );
                        Vec::new()
                    }
                },
            };
            match number {
                Ok(n) => batch.providers.push(ProviderIn {
                    fields: ProviderFields {
                        office_number: n,
                        // The number was in use in the old system; a check-digit mismatch is
                        // one of the published exceptions, not a typing error.
                        check_digit_accepted: true,
                        name: m.get(row, "provider.name").to_string(),
                        kana: kana::normalise(m.get(row, "provider.kana")),
                        service_types: types,
                        address: m.get(row, "provider.address").to_string(),
                        phone: m.get(row, "provider.phone").to_string(),
                        fax: m.get(row, "provider.fax").to_string(),
                        email: String::new(),
                        contact_person: String::new(),
                        preferred_channel: crate::domain::channel::Channel::Fax,
                        notes: String::new(),
                        corporation_name: String::new(),
                        corporation_number: String::new(),
                    },
                    origin: at.clone(),
                }),
                Err(e) => bad("provider.office_number", inv(e)),
            }
            if m.get(row, "provider.name").is_empty() {
                bad("provider.name", "事業所名が空です".into());
            }
        }
        if m.has("staff.name") && !m.get(row, "staff.name").is_empty() {
            let cm = match m.get(row, "staff.cm_number") {
                "" => None,
                s => CareManagerNumber::parse(s)
                    .map_err(|e| bad("staff.cm_number", inv(e)))
                    .ok(),
            };
            let role = match m.get(row, "staff.role") {
                "" => Some(StaffRole::CareManager),
                s => StaffRole::parse(s)
                    .map_err(|e| bad("staff.role", inv(e)))
                    .ok(),
            };
            if let Some(role) = role {
                batch.staff.push(StaffIn {
                    fields: StaffFields {
                        name: m.get(row, "staff.name").to_string(),
                        kana: kana::normalise(m.get(row, "staff.kana")),
                        cm_number: cm,
                        role,
                    },
                    origin: at.clone(),
                });
            }
        }
        if !m.has("client.insured_number") {
            continue;
        }
        let name = m.get(row, "client.name");
        if is_placeholder(name) {
            batch.skip(
                &at,
                "記号で始まる名前の行（予定の枠で、利用者ではありません）",
            );
            continue;
        }
        let (a, b) = (
            m.get(row, "client.insurer_number"),
            m.get(row, "client.insured_number"),
        );
        if a.is_empty() || b.is_empty() {
            if !name.is_empty() {
                batch.skip(
                    &at,
                    "保険者番号か被保険者番号が空の行です（利用者を特定できません）",
                );
            }
            continue;
        }
        let insurer = InsurerNumber::parse(a)
            .map_err(|e| bad("client.insurer_number", inv(e)))
            .ok();
        let insured = InsuredNumber::parse(b)
            .map_err(|e| bad("client.insured_number", inv(e)))
            .ok();
        let birth = m
            .date(row, "client.birth_date")
            .map_err(|e| bad("client.birth_date", e))
            .ok()
            .flatten();
        let contract = m
            .date(row, "client.contract_date")
            .map_err(|e| bad("client.contract_date", e))
            .ok()
            .flatten();
        let sex = Sex::parse(m.get(row, "client.sex"))
            .map_err(|e| bad("client.sex", inv(e)))
            .ok()
            .flatten();
        let cert = certification(&m, row, &mut bad);
        if name.is_empty() {
            bad("client.name", "利用者の氏名が空です".into());
        }
        let (Some(insurer), Some(insured)) = (insurer, insured) else {
            continue;
        };
        let key = (insurer.as_str().to_string(), insured.as_str().to_string());
        let person = people.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            Person {
                insurer,
                insured,
                name: name.to_string(),
                kana: kana::normalise(m.get(row, "client.kana")),
                birth_date: birth,
                sex,
                address: m.get(row, "client.address").to_string(),
                phone: m.get(row, "client.phone").to_string(),
                contract_date: contract,
                first_plan: None,
                origin: at.clone(),
                certifications: Vec::new(),
                plans: Vec::new(),
            }
        });
        if let Some(fields) = cert {
            if person
                .certifications
                .iter()
                .any(|c| c.fields.valid_from == fields.valid_from)
            {
                batch.skip(
                    &at,
                    format!("同じ認定（開始日 {}）の重複行です", fields.valid_from),
                );
            } else {
                person.certifications.push(CertIn {
                    fields,
                    limit: None,
                    origin: at,
                });
            }
        }
    }
    refused.verdict()?;
    batch.people = order
        .into_iter()
        .filter_map(|k| people.remove(&k))
        .collect();
    Ok(batch)
}

/// The row's certification, when it gives a start.
fn certification(
    m: &Checked,
    row: &Row,
    bad: &mut impl FnMut(&str, String),
) -> Option<CertificationFields> {
    if !m.has("certification.valid_from") || m.get(row, "certification.valid_from").is_empty() {
        return None;
    }
    let from = m
        .date(row, "certification.valid_from")
        .map_err(|e| bad("certification.valid_from", e))
        .ok()
        .flatten()?;
    let to = m
        .date(row, "certification.valid_to")
        .map_err(|e| bad("certification.valid_to", e))
        .ok()
        .flatten();
    let certified_on = m
        .date(row, "certification.certified_on")
        .map_err(|e| bad("certification.certified_on", e))
        .ok()
        .flatten();
    let level = CareLevel::parse(m.get(row, "certification.care_level"))
        .map_err(|e| bad("certification.care_level", e.message(Lang::Ja).to_string()))
        .ok()?;
    let Some(to) = to else {
        bad(
            "certification.valid_to",
            "認定有効期間の終了日が空です".into(),
        );
        return None;
    };
    if to < from {
        bad("certification.valid_to", "終了日が開始日より前です".into());
        return None;
    }
    Some(CertificationFields {
        care_level: Some(level),
        certified_on,
        valid_from: from,
        valid_to: Some(to),
        status: CertStatus::Certified,
        change_of_level: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_suggest_the_fields_they_could_fill() {
        assert_eq!(candidates("被保険者番号")[0], "client.insured_number");
        assert_eq!(candidates("保険者番号")[0], "client.insurer_number");
        assert_eq!(
            candidates("認定有効開始年月日")[0],
            "certification.valid_from"
        );
        assert!(candidates("利用者名").contains(&"client.name"));
        assert!(candidates("利用者カナ").contains(&"client.kana"));
        assert!(candidates("備考").is_empty());
    }
}

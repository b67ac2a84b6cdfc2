//! The office's 体制 for the 加算 (kasan.md §A.7, §A.8, §A.11): the 特定事業所加算 区分, the
//! 特定事業所医療介護連携加算 and the 24-hour contact system, each a dated setting of
//! `office_periods` like the (II) filing — one period per setting, replaced as a whole.

use super::office::{periods, set_period};
use super::{Refused, Writer};
use crate::domain::Lang;
use crate::domain::caseload::Period;
use crate::domain::dates::iso;
use color_eyre::eyre::Result;
use rusqlite::Connection;

/// The 体制 settings: (setting, Japanese, English). The four 特定事業所加算 区分 exclude each
/// other in time.
pub const SETTINGS: [(&str, &str, &str); 6] = [
    (
        "tokutei_1",
        "特定事業所加算(I)",
        "specified office addition (I)",
    ),
    (
        "tokutei_2",
        "特定事業所加算(II)",
        "specified office addition (II)",
    ),
    (
        "tokutei_3",
        "特定事業所加算(III)",
        "specified office addition (III)",
    ),
    (
        "tokutei_a",
        "特定事業所加算(A)",
        "specified office addition (A)",
    ),
    (
        "iryo_kaigo_renkei",
        "特定事業所医療介護連携加算",
        "medical and care liaison addition",
    ),
    ("contact_24h", "24時間連絡体制", "24-hour contact system"),
];

/// The name of a setting in `lang` (the code itself when unknown).
pub fn label(setting: &str, lang: Lang) -> &str {
    SETTINGS
        .iter()
        .find(|(s, ..)| *s == setting)
        .map_or(setting, |(_, ja, en)| lang.pick(ja, en))
}

/// Every setting with its periods (oldest first), in `SETTINGS` order.
pub fn all(conn: &Connection) -> Result<Vec<(&'static str, Vec<Period>)>> {
    SETTINGS
        .iter()
        .map(|(s, ..)| Ok((*s, periods(conn, s)?)))
        .collect()
}

/// A setting as typed: its code or its Japanese name.
pub fn parse(input: &str) -> Result<&'static str, Refused> {
    let s = input.trim();
    SETTINGS
        .iter()
        .find(|(code, ja, _)| *code == s || *ja == s)
        .map(|(code, ..)| *code)
        .ok_or_else(|| {
            Refused(format!(
                "体制「{s}」は使えません。次のどれかです: {}",
                SETTINGS
                    .iter()
                    .map(|(c, ja, _)| format!("{c}（{ja}）"))
                    .collect::<Vec<_>>()
                    .join(" / ")
            ))
        })
}

fn overlaps(a: &Period, b: &Period) -> bool {
    a.from <= b.until.unwrap_or(chrono::NaiveDate::MAX)
        && b.from <= a.until.unwrap_or(chrono::NaiveDate::MAX)
}

/// Records `setting` for `period` (None clears it). A 特定事業所加算 区分 overlapping another
///区分's period is refused: an office files one 区分 at a time. Audited with before and after.
pub fn set(w: &Writer<'_>, setting: &str, period: Option<Period>) -> Result<()> {
    let setting = parse(setting)?;
    if let Some(p) = &period
        && setting.starts_with("tokutei_")
    {
        for (other, ..) in SETTINGS.iter().filter(|(s, ..)| s.starts_with("tokutei_")) {
            if *other == setting {
                continue;
            }
            if let Some(q) = periods(&w.tx, other)?.iter().find(|q| overlaps(p, q)) {
                return Err(Refused(format!(
                    "{}の期間（{} 〜 {}）と重なります。区分は一度に一つです。先に {other} の期間を終わらせてください（careplan office periods set {other} --from {} --until 終了日）",
                    label(other, Lang::Ja),
                    iso(q.from),
                    q.until.map(iso).unwrap_or_default(),
                    iso(q.from),
                ))
                .into());
            }
        }
    }
    let json = |ps: &[Period]| {
        serde_json::Value::Array(
            ps.iter()
                .map(|p| serde_json::json!({"from": iso(p.from), "until": p.until.map(iso)}))
                .collect(),
        )
    };
    let before = periods(&w.tx, setting)?;
    set_period(w, setting, period)?;
    let after = periods(&w.tx, setting)?;
    w.audit(
        "office_period",
        None,
        "set",
        Some(&serde_json::json!({ setting: json(&before) })),
        Some(&serde_json::json!({ setting: json(&after) })),
    )
}

//! File names of the exchange standard:
//! v4 `PREFIX_[YYYYMM_]SENDER_STYPE_RECEIVER_RTYPE_YYYYMMDDHHMMSS.CSV`,
//! v3 `PREFIX_[YYYYMM_]SENDER_RECEIVER_YYYYMMDDHHMMSS.CSV`.

use chrono::NaiveDateTime;

/// What a file holds (its prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Prefix {
    UpHosoku,
    Up1Kyo,
    Up2Kyo,
    Up3Kyo,
    Dlt1Kyo,
    UpPlan,
    UpSikyu,
    DltPlan,
    UpJsk,
    DltJsk,
    UpKihon,
    UpKihonSub1,
    UpKihonSub2,
    UpKihonImage,
    DltKihon,
    UpYobo,
    UpYoboSub,
    DltYobo,
}

/// (prefix, name in the file, has a month part, expected field count in ver.4.1)
const PREFIXES: [(Prefix, &str, bool, usize); 18] = [
    (Prefix::UpHosoku, "UPHOSOKU", true, 63),
    (Prefix::Up1Kyo, "UP1KYO", false, 28),
    (Prefix::Up2Kyo, "UP2KYO", false, 22),
    (Prefix::Up3Kyo, "UP3KYO", false, 13),
    (Prefix::Dlt1Kyo, "DLT1KYO", false, 4),
    (Prefix::UpPlan, "UPPLAN", true, 25),
    (Prefix::UpSikyu, "UPSIKYU", true, 37),
    (Prefix::DltPlan, "DLTPLAN", true, 4),
    (Prefix::UpJsk, "UPJSK", true, 25),
    (Prefix::DltJsk, "DLTJSK", true, 6),
    (Prefix::UpKihon, "UPKIHON", false, 71),
    (Prefix::UpKihonSub1, "UPKIHON_SUB1", false, 7),
    (Prefix::UpKihonSub2, "UPKIHON_SUB2", false, 11),
    (Prefix::UpKihonImage, "UPKIHON_IMAGE", false, 0),
    (Prefix::DltKihon, "DLTKIHON", false, 4),
    (Prefix::UpYobo, "UPYOBO", false, 57),
    (Prefix::UpYoboSub, "UPYOBO_SUB", false, 17),
    (Prefix::DltYobo, "DLTYOBO", false, 4),
];

impl Prefix {
    fn row(self) -> &'static (Prefix, &'static str, bool, usize) {
        // PREFIXES lists every variant once, in declaration order.
        &PREFIXES[self as usize]
    }
    pub fn name(self) -> &'static str {
        self.row().1
    }
    /// The month part (YYYYMM) is in the file name.
    pub fn has_month(self) -> bool {
        self.row().2
    }
    /// Fields per record (ver.4.1); 0 = not fixed here (the image file, read for the name and
    /// fields 1–3 only). Older editions: `layout::field_count`.
    pub fn field_count(self) -> usize {
        self.row().3
    }
}

/// The naming edition: v3 names carry no service types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameVersion {
    V3,
    V4,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName {
    pub prefix: Prefix,
    pub version: NameVersion,
    /// YYYYMM, or "000000" (UPHOSOKU travelling with plan forms).
    pub month: Option<String>,
    pub sender: String,
    pub sender_type: Option<String>,
    pub receiver: String,
    pub receiver_type: Option<String>,
    /// The send-set id: every file sent together shares it.
    pub sent_at: NaiveDateTime,
    pub text: String,
}

fn office(s: &str) -> bool {
    s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit())
}

fn service_type(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Parses a file name (no folders); the error says what is wrong in Japanese.
pub fn parse(name: &str) -> Result<FileName, String> {
    let bad = |why: &str| format!("ファイル名が標準仕様の形ではありません（{why}）");
    let cut = name
        .len()
        .checked_sub(4)
        .filter(|&i| name.is_char_boundary(i));
    let stem = match cut {
        Some(i) if name[i..].eq_ignore_ascii_case(".csv") => &name[..i],
        _ => return Err(bad("拡張子が .CSV ではありません")),
    };
    // The longest matching prefix first: UPKIHON_SUB1 before UPKIHON.
    let mut candidates: Vec<&(Prefix, &str, bool, usize)> = PREFIXES
        .iter()
        .filter(|p| {
            stem.len() > p.1.len() && stem.starts_with(p.1) && stem.as_bytes()[p.1.len()] == b'_'
        })
        .collect();
    candidates.sort_by_key(|p| std::cmp::Reverse(p.1.len()));
    let Some(&&(prefix, pname, has_month, _)) = candidates.first() else {
        return Err(bad("種類（UPPLAN・UPJSK など）が分かりません"));
    };
    let parts: Vec<&str> = stem[pname.len() + 1..].split('_').collect();
    let (month, rest) = if has_month {
        match parts.split_first() {
            Some((m, rest)) => (Some(*m), rest),
            None => return Err(bad("対象年月がありません")),
        }
    } else {
        (None, &parts[..])
    };
    if let Some(m) = month {
        let ok = m.len() == 6
            && m.bytes().all(|b| b.is_ascii_digit())
            && (m == "000000"
                || chrono::NaiveDate::parse_from_str(&format!("{m}01"), "%Y%m%d").is_ok());
        if !ok {
            return Err(bad(&format!("対象年月「{m}」が YYYYMM ではありません")));
        }
        if m == "000000" && prefix != Prefix::UpHosoku {
            return Err(bad("対象年月 000000 は UPHOSOKU だけです"));
        }
    }
    let (version, sender, sender_type, receiver, receiver_type, stamp) = match rest {
        [s, st, r, rt, t] => (NameVersion::V4, *s, Some(*st), *r, Some(*rt), *t),
        [s, r, t] => (NameVersion::V3, *s, None, *r, None, *t),
        _ => return Err(bad("区切り（_）の数が合いません")),
    };
    if !office(sender) || !office(receiver) {
        return Err(bad("事業所番号は10桁の数字です"));
    }
    if sender_type.is_some_and(|t| !service_type(t))
        || receiver_type.is_some_and(|t| !service_type(t))
    {
        return Err(bad("サービス種類は2文字です"));
    }
    let sent_at = (stamp.len() == 14 && stamp.bytes().all(|b| b.is_ascii_digit()))
        .then(|| NaiveDateTime::parse_from_str(stamp, "%Y%m%d%H%M%S").ok())
        .flatten()
        .ok_or_else(|| {
            bad(&format!(
                "送信日時「{stamp}」が YYYYMMDDHHMMSS ではありません"
            ))
        })?;
    Ok(FileName {
        prefix,
        version,
        month: month.map(str::to_string),
        sender: sender.to_string(),
        sender_type: sender_type.map(str::to_string),
        receiver: receiver.to_string(),
        receiver_type: receiver_type.map(str::to_string),
        sent_at,
        text: name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v4_and_v3_names_of_the_standard() {
        let n = parse("UPPLAN_202612_1370000011_43_1370000029_11_20261125093000.CSV").unwrap();
        assert_eq!(n.prefix, Prefix::UpPlan);
        assert_eq!(n.version, NameVersion::V4);
        assert_eq!(n.month.as_deref(), Some("202612"));
        assert_eq!(
            (n.sender.as_str(), n.receiver.as_str()),
            ("1370000011", "1370000029")
        );
        assert_eq!(n.receiver_type.as_deref(), Some("11"));
        assert_eq!(
            n.sent_at.format("%Y-%m-%d %H:%M:%S").to_string(),
            "2026-11-25 09:30:00"
        );
        let n = parse("UP1KYO_1370000011_1370000029_20230110120000.csv").unwrap();
        assert_eq!(
            (n.prefix, n.version, n.month),
            (Prefix::Up1Kyo, NameVersion::V3, None)
        );
        let n = parse("UPKIHON_SUB1_1370000011_46_1370000029_43_20261125093000.CSV").unwrap();
        assert_eq!(n.prefix, Prefix::UpKihonSub1);
        let n = parse("UPHOSOKU_000000_1370000011_43_1370000029_11_20261125093000.CSV").unwrap();
        assert_eq!(n.month.as_deref(), Some("000000"));
    }

    #[test]
    fn malformed_names_say_why() {
        for (name, why) in [
            (
                "UPPLAN_202612_137000001_43_1370000029_11_20261125093000.CSV",
                "10桁",
            ),
            (
                "UPPLAN_1370000011_43_1370000029_11_20261125093000.CSV",
                "対象年月",
            ),
            (
                "UPPLAN_202612_1370000011_43_1370000029_20261125093000.CSV",
                "区切り",
            ),
            (
                "UPPLAN_202613_1370000011_43_1370000029_11_20261125093000.CSV",
                "対象年月",
            ),
            ("UPXYZ_1370000011_1370000029_20261125093000.CSV", "種類"),
            (
                "UPPLAN_202612_1370000011_43_1370000029_11_20261125096000.CSV",
                "送信日時",
            ),
            (
                "UPPLAN_202612_1370000011_43_1370000029_11_20261125093000.TXT",
                "拡張子",
            ),
            (
                "UPPLAN_000000_1370000011_43_1370000029_11_20261125093000.CSV",
                "000000",
            ),
            ("ÜPPLAN.CSV", "種類"),
        ] {
            let e = parse(name).unwrap_err();
            assert!(e.contains(why), "{name}: {e}");
        }
    }
}

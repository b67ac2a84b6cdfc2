//! The national calendar: dated events that concern the office or its enrolled providers (the
//! WEB-service registration deadline, the exchange's move, subsidies, the fee revision), read
//! from assets/calendar.tsv and overridden row by row (same key) by what the office imported.

use super::Lang;
use super::dates::iso;
use chrono::NaiveDate;
use serde::Serialize;

/// The key of the WEB-service registration deadline (office and enrolled providers).
pub const WEB_REGISTRATION: &str = "web_registration";
/// The key of the exchange's move to the WEB service.
pub const EXCHANGE_MOVE: &str = "exchange_move";

/// How sure a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// Published.
    Sure,
    /// Reported (trade press citing a notice not read).
    Reported,
    /// A placeholder: the day is not announced.
    Provisional,
}

impl Certainty {
    pub const ALL: [Certainty; 3] = [Certainty::Sure, Certainty::Reported, Certainty::Provisional];
    pub fn code(self) -> &'static str {
        match self {
            Certainty::Sure => "sure",
            Certainty::Reported => "reported",
            Certainty::Provisional => "provisional",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Certainty::Sure => lang.pick("確定", "sure"),
            Certainty::Reported => lang.pick("報道", "reported"),
            Certainty::Provisional => lang.pick("仮の日付", "provisional date"),
        }
    }
    fn parse(s: &str) -> Option<Certainty> {
        Certainty::ALL
            .into_iter()
            .find(|c| c.code() == s || c.label(Lang::Ja) == s)
    }
}

/// Whom an item concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Concerns {
    Office,
    /// The providers enrolled in the exchange.
    Providers,
    All,
}

impl Concerns {
    pub const ALL: [Concerns; 3] = [Concerns::Office, Concerns::Providers, Concerns::All];
    pub fn code(self) -> &'static str {
        match self {
            Concerns::Office => "office",
            Concerns::Providers => "providers",
            Concerns::All => "all",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Concerns::Office => lang.pick("自事業所", "this office"),
            Concerns::Providers => lang.pick("加入事業所", "enrolled providers"),
            Concerns::All => lang.pick("全事業所", "everyone"),
        }
    }
    fn parse(s: &str) -> Option<Concerns> {
        Concerns::ALL
            .into_iter()
            .find(|c| c.code() == s || c.label(Lang::Ja) == s)
    }
    pub fn office(self) -> bool {
        self != Concerns::Providers
    }
    pub fn providers(self) -> bool {
        self != Concerns::Office
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarItem {
    pub key: String,
    pub date: NaiveDate,
    pub certainty: Certainty,
    pub concerns: Concerns,
    pub what_ja: String,
    /// Empty: the Japanese is shown.
    pub what_en: String,
    pub source: String,
}

impl CalendarItem {
    /// What happens, with how sure the date is unless it is sure:
    /// 「…（仮の日付）」「…（報道）」.
    pub fn what(&self, lang: Lang) -> String {
        let text = match lang {
            Lang::En if !self.what_en.is_empty() => &self.what_en,
            _ => &self.what_ja,
        };
        match (self.certainty, lang) {
            (Certainty::Sure, _) => text.clone(),
            (c, Lang::Ja) => format!("{text}（{}）", c.label(lang)),
            (c, Lang::En) => format!("{text} ({})", c.label(lang)),
        }
    }
}

/// The columns of a calendar file, in order (the header row).
pub const COLUMNS: [&str; 7] = [
    "key",
    "date",
    "certainty",
    "concerns",
    "what",
    "what_en",
    "source",
];

/// A calendar file's rows, or every line's problem (line number, in Japanese: what and how to
/// fix it). Lines starting with `#`, blank lines and the header row are skipped.
pub fn parse(text: &str) -> Result<Vec<CalendarItem>, Vec<String>> {
    let mut items: Vec<CalendarItem> = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let n = i + 1;
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("key\t") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        if f.len() < 5 {
            problems.push(format!(
                "{n}行目: 列が足りません（タブ区切りで key, date, certainty, concerns, what, what_en, source）"
            ));
            continue;
        }
        let key = f[0];
        let mut bad = |what: String| problems.push(format!("{n}行目: {what}"));
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            bad(format!(
                "key「{key}」は英小文字・数字・_ で書いてください（例: web_registration）"
            ));
            continue;
        }
        if items.iter().any(|x| x.key == key) {
            bad(format!("key「{key}」が2回あります。1つにまとめてください"));
            continue;
        }
        let Some(date) = super::dates::from_iso(f[1]) else {
            bad(format!(
                "date「{}」は YYYY-MM-DD で書いてください（日が未発表なら仮の日付に certainty を provisional）",
                f[1]
            ));
            continue;
        };
        let Some(certainty) = Certainty::parse(f[2]) else {
            bad(format!(
                "certainty「{}」は sure・reported・provisional のどれかにしてください",
                f[2]
            ));
            continue;
        };
        let Some(concerns) = Concerns::parse(f[3]) else {
            bad(format!(
                "concerns「{}」は office・providers・all のどれかにしてください",
                f[3]
            ));
            continue;
        };
        if f[4].is_empty() {
            bad("what（何があるか）が空です".into());
            continue;
        }
        items.push(CalendarItem {
            key: key.to_string(),
            date,
            certainty,
            concerns,
            what_ja: f[4].to_string(),
            what_en: f.get(5).copied().unwrap_or_default().to_string(),
            source: f.get(6).copied().unwrap_or_default().to_string(),
        });
    }
    if problems.is_empty() {
        Ok(items)
    } else {
        Err(problems)
    }
}

/// The calendar as a file `parse` reads back.
pub fn to_tsv(items: &[CalendarItem]) -> String {
    let mut out = String::from(
        "# careplan calendar: key, date, certainty (sure/reported/provisional), concerns (office/providers/all), what, what_en, source\n",
    );
    out.push_str(&COLUMNS.join("\t"));
    out.push('\n');
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    for x in items {
        out.push_str(
            &[
                x.key.clone(),
                iso(x.date),
                x.certainty.code().into(),
                x.concerns.code().into(),
                clean(&x.what_ja),
                clean(&x.what_en),
                clean(&x.source),
            ]
            .join("\t"),
        );
        out.push('\n');
    }
    out
}

/// The calendar shipped with the program (assets/calendar.tsv; a test proves it parses).
pub fn builtin() -> Vec<CalendarItem> {
    parse(include_str!("../../assets/calendar.tsv")).unwrap_or_default()
}

/// The calendar in force: the built-in rows, each replaced by an imported row of the same key,
/// plus the imported rows of new keys; by date.
pub fn merge(builtin: Vec<CalendarItem>, imported: &[CalendarItem]) -> Vec<CalendarItem> {
    let mut out: Vec<CalendarItem> = builtin
        .into_iter()
        .filter(|b| !imported.iter().any(|i| i.key == b.key))
        .collect();
    out.extend(imported.iter().cloned());
    out.sort_by(|a, b| (a.date, &a.key).cmp(&(b.date, &b.key)));
    out
}

/// The item of a key.
pub fn item<'a>(items: &'a [CalendarItem], key: &str) -> Option<&'a CalendarItem> {
    items.iter().find(|x| x.key == key)
}

/// The day the exchange moves to the WEB service (provisional until announced), if known.
pub fn move_date(items: &[CalendarItem]) -> Option<NaiveDate> {
    item(items, EXCHANGE_MOVE).map(|x| x.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_builtin_calendar_parses_and_holds_the_move_as_provisional() {
        let text = include_str!("../../assets/calendar.tsv");
        let items = parse(text).expect("assets/calendar.tsv parses");
        let keys: Vec<&str> = items.iter().map(|x| x.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                WEB_REGISTRATION,
                "kaitei_rate_2027",
                EXCHANGE_MOVE,
                "toushin_2027",
                "setup_subsidy",
                "fy2026_end",
                "kokuji_2027",
                "api_release",
                "revision_2027",
                "law51_main",
                "fy2026_jisseki",
                "kiban_all",
                "yuro_registration",
                "registered_facility_cm",
            ]
        );
        // The 2026-12-07 rows: how sure each date is and whom it concerns. The revision's
        // steps are placeholders set early; the two "by this date" rows are latest days, which
        // the calendar can only hold as provisional.
        let sure = |key: &str| {
            let x = item(&items, key).unwrap();
            (iso(x.date), x.certainty, x.concerns)
        };
        use Certainty::{Provisional, Reported};
        assert_eq!(
            sure("kaitei_rate_2027"),
            ("2026-12-31".into(), Provisional, Concerns::Office)
        );
        assert_eq!(
            sure("toushin_2027"),
            ("2027-01-31".into(), Provisional, Concerns::All)
        );
        assert_eq!(
            sure("kokuji_2027"),
            ("2027-03-31".into(), Provisional, Concerns::All)
        );
        assert_eq!(
            sure("api_release"),
            ("2027-03-31".into(), Reported, Concerns::All)
        );
        assert_eq!(
            sure("law51_main"),
            ("2027-04-01".into(), Reported, Concerns::All)
        );
        assert_eq!(
            sure("fy2026_jisseki"),
            ("2027-07-31".into(), Provisional, Concerns::Office)
        );
        assert_eq!(
            sure("kiban_all"),
            ("2028-04-01".into(), Reported, Concerns::All)
        );
        assert_eq!(
            sure("yuro_registration"),
            ("2028-06-24".into(), Provisional, Concerns::Office)
        );
        assert_eq!(
            sure("registered_facility_cm"),
            ("2029-06-24".into(), Provisional, Concerns::Office)
        );
        assert!(
            item(&items, "registered_facility_cm")
                .unwrap()
                .what_ja
                .contains("この日までに")
        );
        assert!(
            items
                .iter()
                .all(|x| !x.source.is_empty() && !x.what_en.is_empty())
        );
        // The changed rows.
        let web = item(&items, WEB_REGISTRATION).unwrap();
        assert!(
            web.what_ja.contains("締切日そのものは未発表"),
            "{}",
            web.what_ja
        );
        assert!(web.source.starts_with("介護保険最新情報 Vol.1529"));
        assert!(
            item(&items, EXCHANGE_MOVE)
                .unwrap()
                .source
                .contains("日は未発表（2026-10-09時点）")
        );
        assert!(
            item(&items, "fy2026_end")
                .unwrap()
                .what_ja
                .ends_with("（主任でない管理者の経過措置は令和9年度改定で延長・変更の可能性あり）")
        );
        let web = item(&items, WEB_REGISTRATION).unwrap();
        assert_eq!(web.date, d("2026-12-31"));
        assert_eq!(web.concerns, Concerns::All);
        let mv = item(&items, EXCHANGE_MOVE).unwrap();
        assert_eq!(mv.certainty, Certainty::Provisional);
        assert!(
            mv.what(Lang::Ja).ends_with("（仮の日付）"),
            "{}",
            mv.what(Lang::Ja)
        );
        assert!(mv.what(Lang::En).ends_with("(provisional date)"));
        assert_eq!(
            item(&items, "setup_subsidy").unwrap().what(Lang::Ja),
            "WEBサービス・介護情報基盤の接続補助（カードリーダー・設定支援）の申請締切（予定）（報道）"
        );
        let revision = item(&items, "revision_2027").unwrap();
        assert_eq!(revision.what(Lang::Ja), revision.what_ja, "sure: no mark");
    }

    #[test]
    fn an_imported_row_replaces_the_one_of_its_key_or_adds() {
        let announced = parse(
            "exchange_move\t2027-01-18\tsure\tall\tWEBサービスへ移行\t\t厚生労働省\n\
             prefecture_report\t2027-07-31\treported\toffice\t処遇改善の実績報告\t\t県",
        )
        .unwrap();
        let items = merge(builtin(), &announced);
        assert_eq!(move_date(&items), Some(d("2027-01-18")));
        assert_eq!(
            item(&items, EXCHANGE_MOVE).unwrap().certainty,
            Certainty::Sure
        );
        assert_eq!(items.len(), builtin().len() + 1);
        // Added, in date order with the rest.
        assert!(item(&items, "prefecture_report").is_some());
        assert!(
            items
                .windows(2)
                .all(|w| (w[0].date, &w[0].key) <= (w[1].date, &w[1].key))
        );
        // Round trip.
        assert_eq!(parse(&to_tsv(&items)).unwrap(), items);
    }

    #[test]
    fn a_bad_file_names_every_bad_line() {
        let e = parse(
            "key\tdate\tcertainty\tconcerns\twhat\n\
             Move\t2027-01-01\tsure\tall\tx\n\
             ok\t2027-01\tsure\tall\tx\n\
             ok2\t2027-01-01\tmaybe\tall\tx\n\
             ok3\t2027-01-01\tsure\tthem\tx\n\
             ok4\t2027-01-01\tsure\tall\t\n\
             ok5\t2027-01-01\n",
        )
        .unwrap_err();
        assert_eq!(e.len(), 6, "{e:?}");
        assert!(e[0].starts_with("2行目"));
        assert!(e[1].contains("YYYY-MM-DD"));
        assert!(e[2].contains("provisional"));
        assert!(e[3].contains("office・providers・all"));
    }
}

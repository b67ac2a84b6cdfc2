//! The case record (支援経過, 第5表): entry categories as dated data and the one validation of a
//! new entry, shared by the CLI, the TUI and imports.
//!
//! Categories come from assets/note_categories.tsv; an office replaces a row (same code and
//! `from`) or adds categories by import. Each says what an entry of it proves (`CountsAs`):
//! a monitoring visit at home, a video monitoring, an assessment, a meeting …

use super::Lang;
use super::choice::{self, Choice};
use super::dates::{iso, parse_date};
use super::validation::{Invalid, fold_ascii};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

/// What an entry of a category proves for the 運営基準.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountsAs {
    /// A monitoring visit at the client's home with an interview.
    HomeVisit,
    /// Monitoring by video (テレビ電話装置等), allowed only under conditions.
    Video,
    /// An assessment at the client's home — also a home visit for monitoring.
    Assessment,
    /// A サービス担当者会議.
    Meeting,
    /// The providers' opinion asked by 照会 where a meeting could not be held.
    Inquiry,
    /// Contact with the client or others (phone, a visit to the office, a hospital).
    Contact,
    /// The office checked a plan revision's steps on its paper records (kept before careplan):
    /// proves that revision's steps, and is no contact.
    PaperCheck,
    /// Nothing the rules count.
    None,
}

impl CountsAs {
    pub const ALL: [CountsAs; 8] = [
        CountsAs::HomeVisit,
        CountsAs::Video,
        CountsAs::Assessment,
        CountsAs::Meeting,
        CountsAs::Inquiry,
        CountsAs::Contact,
        CountsAs::PaperCheck,
        CountsAs::None,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CountsAs::HomeVisit => "home_visit",
            CountsAs::Video => "video",
            CountsAs::Assessment => "assessment",
            CountsAs::Meeting => "meeting",
            CountsAs::Inquiry => "inquiry",
            CountsAs::Contact => "contact",
            CountsAs::PaperCheck => "paper_check",
            CountsAs::None => "none",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CountsAs::HomeVisit => lang.pick("居宅訪問", "home visit"),
            CountsAs::Video => lang.pick("テレビ電話", "video"),
            CountsAs::Assessment => lang.pick("アセスメント", "assessment"),
            CountsAs::Meeting => lang.pick("担当者会議", "meeting"),
            CountsAs::Inquiry => lang.pick("照会", "inquiry"),
            CountsAs::Contact => lang.pick("連絡", "contact"),
            CountsAs::PaperCheck => lang.pick("紙の記録で確認", "checked on paper"),
            CountsAs::None => lang.pick("なし", "none"),
        }
    }

    pub fn from_code(s: &str) -> Option<CountsAs> {
        CountsAs::ALL.into_iter().find(|c| c.code() == s)
    }

    /// A visit at the client's home with an interview (monitoring visit or assessment).
    pub fn is_home_visit(self) -> bool {
        matches!(self, CountsAs::HomeVisit | CountsAs::Assessment)
    }

    /// Any contact with the client that 介護予防支援 accepts in the months without a home
    /// visit (a home visit, video, phone and the like).
    pub fn is_contact(self) -> bool {
        matches!(
            self,
            CountsAs::HomeVisit | CountsAs::Assessment | CountsAs::Video | CountsAs::Contact
        )
    }
}

impl Choice for CountsAs {
    fn all() -> &'static [Self] {
        &CountsAs::ALL
    }
    fn label(self, lang: Lang) -> &'static str {
        CountsAs::label(self, lang)
    }
    fn code(self) -> &'static str {
        CountsAs::code(self)
    }
    fn field_name(lang: Lang) -> &'static str {
        lang.pick("数え方", "counts as")
    }
}

/// The built-in category of a home visit (居宅訪問), which a new visit entry opens with.
pub const VISIT: &str = "visit";

/// One category of entry, in force from `from` (until `until`, inclusive, where known).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteCategory {
    pub code: String,
    pub name: String,
    /// Empty: the Japanese name is shown.
    pub name_en: String,
    pub counts_as: CountsAs,
    /// What a new entry starts with (line breaks as `\n` in the file).
    pub template: String,
    pub template_en: String,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub source: String,
}

impl NoteCategory {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name,
        }
    }

    pub fn template(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.template_en.is_empty() => &self.template_en,
            _ => &self.template,
        }
    }

    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|u| date <= u)
    }
}

/// The columns of a category file, in order (the header row).
pub const COLUMNS: [&str; 9] = [
    "code",
    "name",
    "name_en",
    "counts_as",
    "template",
    "template_en",
    "from",
    "until",
    "source",
];

fn unescape(s: &str) -> String {
    s.replace("\\n", "\n")
}

fn escape(s: &str) -> String {
    s.replace('\r', "").replace('\n', "\\n").replace('\t', " ")
}

/// A category file's rows, or every bad line's problem (line number, what and how to fix it).
/// Lines starting with `#`, blank lines and the header row are skipped.
pub fn parse(text: &str) -> Result<Vec<NoteCategory>, Vec<String>> {
    let mut rows: Vec<NoteCategory> = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let n = i + 1;
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("code\t") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let mut bad = |what: String| problems.push(format!("{n}行目: {what}"));
        if f.len() < 7 {
            bad(format!(
                "列が足りません（タブ区切りで {}）",
                COLUMNS.join(", ")
            ));
            continue;
        }
        let code = f[0].trim();
        if code.is_empty()
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            bad(format!(
                "code「{code}」は英小文字・数字・_ で書いてください（例: visit）"
            ));
            continue;
        }
        let name = f[1].trim();
        if name.is_empty() {
            bad(format!("code「{code}」の name（名前）が空です"));
            continue;
        }
        let Some(counts_as) = CountsAs::from_code(f[3].trim()) else {
            bad(format!(
                "counts_as「{}」は {} のどれかにしてください",
                f[3].trim(),
                CountsAs::ALL.map(CountsAs::code).join("・")
            ));
            continue;
        };
        let Some(from) = super::dates::from_iso(f[6].trim()) else {
            bad(format!(
                "from「{}」は YYYY-MM-DD で書いてください",
                f[6].trim()
            ));
            continue;
        };
        let until_text = f.get(7).map_or("", |s| s.trim());
        let until = if until_text.is_empty() {
            None
        } else {
            match super::dates::from_iso(until_text) {
                Some(u) if u >= from => Some(u),
                Some(_) => {
                    bad(format!(
                        "until {until_text} が from {} より前です",
                        iso(from)
                    ));
                    continue;
                }
                None => {
                    bad(format!(
                        "until「{until_text}」は YYYY-MM-DD で書くか、空にしてください"
                    ));
                    continue;
                }
            }
        };
        if rows.iter().any(|r| r.code == code && r.from == from) {
            bad(format!(
                "code「{code}」・from {} が2回あります。1つにまとめてください",
                iso(from)
            ));
            continue;
        }
        rows.push(NoteCategory {
            code: code.to_string(),
            name: name.to_string(),
            name_en: f[2].trim().to_string(),
            counts_as,
            template: unescape(f[4]),
            template_en: unescape(f[5]),
            from,
            until,
            source: f.get(8).map_or("", |s| s.trim()).to_string(),
        });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// Categories as a file `parse` reads back.
pub fn to_tsv(rows: &[NoteCategory]) -> String {
    let mut out = String::from(
        "# careplan case-record categories: code, name, name_en, counts_as (home_visit/video/assessment/meeting/inquiry/contact/none), template, template_en (\\n = line break), from, until, source\n",
    );
    out.push_str(&COLUMNS.join("\t"));
    out.push('\n');
    for r in rows {
        out.push_str(
            &[
                escape(&r.code),
                escape(&r.name),
                escape(&r.name_en),
                r.counts_as.code().to_string(),
                escape(&r.template),
                escape(&r.template_en),
                iso(r.from),
                r.until.map(iso).unwrap_or_default(),
                escape(&r.source),
            ]
            .join("\t"),
        );
        out.push('\n');
    }
    out
}

/// The categories shipped with the program (assets/note_categories.tsv; a test proves it
/// parses).
pub fn builtin() -> Vec<NoteCategory> {
    parse(include_str!("../../assets/note_categories.tsv")).unwrap_or_default()
}

/// The categories in force: the built-in rows, each replaced by an office row of the same code
/// and `from`, plus the office's other rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CategoryBook {
    rows: Vec<NoteCategory>,
    /// Every row's templates as `nfc_body` leaves them (blank ones left out): each new entry is
    /// compared with them, so they are normalised once, not for every entry.
    templates: Vec<String>,
    /// Each spelling of the newest row of each code (code, names; folded as typed text is)
    /// → that row's index, the first in picker order kept: a category typed whole is found
    /// without folding every spelling again for each entry.
    exact: std::collections::HashMap<String, usize>,
}

impl CategoryBook {
    pub fn new(builtin: Vec<NoteCategory>, office: &[NoteCategory]) -> CategoryBook {
        let mut rows: Vec<NoteCategory> = builtin
            .into_iter()
            .filter(|b| !office.iter().any(|o| o.code == b.code && o.from == b.from))
            .collect();
        rows.extend(office.iter().cloned());
        // Built-in order first (the order pickers show), then new codes; dated rows by start.
        let order: Vec<String> = {
            let mut codes: Vec<String> = Vec::new();
            for r in &rows {
                if !codes.contains(&r.code) {
                    codes.push(r.code.clone());
                }
            }
            codes
        };
        rows.sort_by_key(|r| (order.iter().position(|c| *c == r.code), r.from));
        let templates = rows
            .iter()
            .flat_map(|c| [&c.template, &c.template_en])
            .filter(|t| !t.trim().is_empty())
            .map(|t| nfc_body(t))
            .collect();
        let mut book = CategoryBook {
            rows,
            templates,
            exact: Default::default(),
        };
        let mut exact = std::collections::HashMap::new();
        for c in book.latest() {
            let Some(i) = book.rows.iter().position(|r| std::ptr::eq(r, c)) else {
                continue;
            };
            for s in [&c.code, &c.name, &c.name_en] {
                let key = super::choice::fold_key(s);
                if !key.is_empty() {
                    exact.entry(key).or_insert(i);
                }
            }
        }
        book.exact = exact;
        book
    }

    /// The built-in categories alone.
    pub fn builtin() -> CategoryBook {
        CategoryBook::new(builtin(), &[])
    }

    /// Every row, dated ones included (what `categories export` writes).
    pub fn rows(&self) -> &[NoteCategory] {
        &self.rows
    }

    /// The category of `code` in force on `date` (of several rows, the latest start).
    pub fn on(&self, code: &str, date: NaiveDate) -> Option<&NoteCategory> {
        self.rows
            .iter()
            .filter(|r| r.code == code && r.in_force(date))
            .max_by_key(|r| r.from)
    }

    /// What an entry of `code` on `date` proves; a code unknown on that day proves nothing.
    pub fn counts_as(&self, code: &str, date: NaiveDate) -> CountsAs {
        self.on(code, date).map_or(CountsAs::None, |c| c.counts_as)
    }

    /// The categories in force on `date`, one per code, in picker order.
    pub fn in_force(&self, date: NaiveDate) -> Vec<&NoteCategory> {
        let mut out: Vec<&NoteCategory> = Vec::new();
        for r in &self.rows {
            if out.iter().any(|o| o.code == r.code) {
                continue;
            }
            if let Some(c) = self.on(&r.code, date) {
                out.push(c);
            }
        }
        out
    }

    /// The newest row of each code, in picker order (for a name typed without a date).
    fn latest(&self) -> Vec<&NoteCategory> {
        let mut out: Vec<&NoteCategory> = Vec::new();
        for r in &self.rows {
            match out.iter_mut().find(|o| o.code == r.code) {
                Some(o) if o.from < r.from => *o = r,
                Some(_) => {}
                None => out.push(r),
            }
        }
        out
    }

    /// The category typed as its code, Japanese or English name (a beginning that fits only one
    /// is enough), by the rule every fixed-choice field follows.
    pub fn find(&self, input: &str) -> Result<&NoteCategory, Invalid> {
        // Typed whole: what `choice::pick` finds first, found at once.
        if let Some(c) = self
            .exact
            .get(&super::choice::fold_key(input))
            .and_then(|&i| self.rows.get(i))
        {
            return Ok(c);
        }
        let latest = self.latest();
        choice::pick(
            input,
            &latest,
            |c| vec![c.code.as_str(), c.name.as_str(), c.name_en.as_str()],
            |c, lang| c.name(lang),
            ("項目", "category"),
        )
        .copied()
    }

    /// `find`, then the row of that code in force on `date`, or why there is none.
    pub fn find_on(&self, input: &str, date: NaiveDate) -> Result<&NoteCategory, Invalid> {
        let c = self.find(input)?;
        self.on(&c.code, date).ok_or_else(|| {
            Invalid::new(
                format!(
                    "項目「{}」は {} には使えません（{}から{}）",
                    c.name,
                    iso(date),
                    iso(c.from),
                    c.until
                        .map(|u| format!("{}まで", iso(u)))
                        .unwrap_or_default()
                ),
                format!(
                    "category \"{}\" is not in force on {} (from {}{})",
                    c.name(Lang::En),
                    iso(date),
                    iso(c.from),
                    c.until
                        .map(|u| format!(" until {}", iso(u)))
                        .unwrap_or_default()
                ),
            )
        })
    }
}

/// How an entry's time is stored and shown: `YYYY-MM-DD HH:MM`, local time.
pub fn note_time_text(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// Reads a stored entry time (`YYYY-MM-DD HH:MM`).
pub fn from_note_time(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").ok()
}

fn bad_time() -> Invalid {
    Invalid::new(
        "日時は 2026-11-28 10:15、R8.11.28 10:15、令和8年11月28日 10時15分 のように入力してください（時刻を省くと 0:00）",
        "give the date and time as e.g. 2026-11-28 10:15 or R8.11.28 10:15 (without a time: 0:00)",
    )
}

/// A time typed `10:15`, `10時15分`, `10時`.
fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    let (h, m) = if let Some((h, m)) = s.split_once(':') {
        (h, m)
    } else if let Some(rest) = s.strip_suffix('分') {
        rest.split_once('時')?
    } else {
        (s.strip_suffix('時')?, "0")
    };
    NaiveTime::from_hms_opt(h.trim().parse().ok()?, m.trim().parse().ok()?, 0)
}

/// An entry's date and time as an office types it: any date the project reads (Western or
/// 和暦), then optionally a time after a space or `T` (`10:15`, `10時15分`); no time is 0:00.
pub fn parse_note_time(input: &str) -> Result<NaiveDateTime, Invalid> {
    let s = fold_ascii(input);
    if s.is_empty() {
        return Err(Invalid::required());
    }
    // The time is the last word when it holds ':' or '時'.
    let split = s
        .rfind([' ', 'T'])
        .map(|i| (&s[..i], &s[i + 1..]))
        .filter(|(_, t)| t.contains(':') || t.contains('時'));
    let split = split.or_else(|| {
        // 令和8年11月28日10時15分: the time follows 日 without a space.
        s.find('日')
            .map(|i| (&s[..i + '日'.len_utf8()], &s[i + '日'.len_utf8()..]))
            .filter(|(_, t)| !t.is_empty())
    });
    match split {
        Some((d, t)) => {
            let date = parse_date(d.trim()).map_err(|_| bad_time())?;
            let time = parse_time(t).ok_or_else(bad_time)?;
            Ok(date.and_time(time))
        }
        None => parse_date(&s)
            .map(|d| d.and_time(NaiveTime::MIN))
            .map_err(|_| bad_time()),
    }
}

/// The entry a correction or withdrawal names, as the store found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: i64,
    pub client_id: i64,
    pub at: NaiveDateTime,
    pub category: String,
    /// A later entry already corrects or withdraws it.
    pub superseded_by: Option<i64>,
    /// It is itself a withdrawal.
    pub withdraws: bool,
}

/// A new entry as typed (before it is checked).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoteDraft {
    pub client_id: i64,
    pub at: NaiveDateTime,
    /// Code or name of the category (empty for a withdrawal: the withdrawn entry's).
    pub category: String,
    pub counterpart: String,
    pub body: String,
    pub reason: String,
    pub attendees: String,
    pub corrects: Option<i64>,
    pub withdraws: bool,
    /// Why a correction replaces the entry it names (required for a correction).
    pub correction_reason: String,
}

/// A checked entry, ready to store: text NFC-normalised and trimmed, the category a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidNote {
    pub at: NaiveDateTime,
    pub category: String,
    pub counterpart: String,
    pub body: String,
    pub reason: String,
    pub attendees: String,
    pub correction_reason: String,
}

fn nfc(s: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let s = s.trim();
    // Text typed or imported is nearly always NFC already: the quick check then saves
    // composing it again (an import or the demo writes entries by the hundred thousand).
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return s.to_string();
    }
    s.nfc().collect()
}

/// Body text keeps its inner line breaks; trailing blanks of each line and blank lines at the
/// ends go.
fn nfc_body(s: &str) -> String {
    nfc(&s
        .replace("\r\n", "\n")
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n"))
}

impl NoteDraft {
    /// The one check of a new entry (CLI, TUI, imports): the category in force on the entry's
    /// date, no date after `today` (the record says what happened), a body or a reason, and a
    /// correction or withdrawal naming the newest entry of a chain of the same client. A
    /// withdrawal takes the withdrawn entry's time and category and needs its reason.
    pub fn validate(
        &self,
        book: &CategoryBook,
        today: NaiveDate,
        target: Option<&Target>,
    ) -> Result<ValidNote, Invalid> {
        if let Some(id) = self.corrects {
            let Some(t) = target.filter(|t| t.id == id) else {
                return Err(Invalid::new(
                    format!("訂正する記録 #{id} がありません。番号を確かめてください"),
                    format!("entry #{id} to correct does not exist; check the number"),
                ));
            };
            if t.client_id != self.client_id {
                return Err(Invalid::new(
                    format!(
                        "記録 #{id} は別の利用者の記録です。訂正できるのは同じ利用者の記録だけです"
                    ),
                    format!(
                        "entry #{id} belongs to another client; only the same client's entries can be corrected"
                    ),
                ));
            }
            if t.withdraws {
                return Err(Invalid::new(
                    format!("記録 #{id} は取り消しの記録です。取り消しは訂正できません"),
                    format!("entry #{id} is a withdrawal; a withdrawal cannot be corrected"),
                ));
            }
            if let Some(by) = t.superseded_by {
                return Err(Invalid::new(
                    format!(
                        "記録 #{id} は #{by} で既に訂正・取り消しされています。訂正するなら最新の #{by} を指定してください"
                    ),
                    format!(
                        "entry #{id} was already corrected or withdrawn by #{by}; correct the newest one, #{by}"
                    ),
                ));
            }
        }
        if self.withdraws {
            let (Some(t), Some(_)) = (target, self.corrects) else {
                return Err(Invalid::new(
                    "取り消しには、取り消す記録の番号（--corrects）が必要です",
                    "a withdrawal names the entry it withdraws (--corrects)",
                ));
            };
            let reason = nfc(&self.reason);
            if reason.is_empty() {
                return Err(Invalid::new(
                    "記録の取り消しには理由が必要です（例: 別の利用者の記録だった、二重に登録した）",
                    "a withdrawal needs its reason (e.g. it was another client's, entered twice)",
                ));
            }
            return Ok(ValidNote {
                at: t.at,
                category: t.category.clone(),
                counterpart: String::new(),
                body: nfc_body(&self.body),
                reason,
                attendees: String::new(),
                correction_reason: String::new(),
            });
        }
        let correction_reason = nfc(&self.correction_reason);
        if self.corrects.is_some() && correction_reason.is_empty() {
            return Err(Invalid::new(
                "訂正には理由が必要です（例: 日付の誤り、聞き取った内容の追記）",
                "a correction needs its reason (e.g. wrong date, what was heard added)",
            ));
        }
        let date = self.at.date();
        if date > today {
            return Err(Invalid::new(
                format!(
                    "日付 {} は今日（{}）より後です。支援経過には行ったことを記録します",
                    iso(date),
                    iso(today)
                ),
                format!(
                    "{} is after today ({}); the case record says what happened",
                    iso(date),
                    iso(today)
                ),
            ));
        }
        let category = book.find_on(&self.category, date)?;
        let body = nfc_body(&self.body);
        let reason = nfc_body(&self.reason);
        if body.is_empty() && reason.is_empty() {
            return Err(Invalid::new(
                "内容か理由のどちらかを入力してください",
                "give the text or the reason",
            ));
        }
        // A template saved as it came says nothing that happened: a visit nobody described.
        if reason.is_empty() && book.templates.contains(&body) {
            return Err(Invalid::new(
                "内容がひな形のままです。見たこと・聞いたことを書き足してください（ひな形の見出しの後ろに）",
                "the text is the template as it came: add what was seen and heard (after its headings)",
            ));
        }
        Ok(ValidNote {
            at: self.at,
            category: category.code.clone(),
            counterpart: nfc(&self.counterpart),
            body,
            reason,
            attendees: nfc(&self.attendees),
            correction_reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn the_builtin_categories_parse_with_their_templates() {
        let rows = parse(include_str!("../../assets/note_categories.tsv")).expect("parses");
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "visit",
                "video",
                "assessment",
                "meeting",
                "inquiry",
                "phone",
                "office_visit",
                "medical",
                "hospital",
                "admission_info",
                "discharge_info",
                "outpatient",
                "emergency_conference",
                "terminal_judgement",
                "terminal_liaison",
                "paper_check",
                "other"
            ]
        );
        // The 加算 records prove a contact for monitoring; a hospital visit is never a home visit.
        for r in rows
            .iter()
            .filter(|r| crate::domain::kasan_records::fields_of(&r.code).is_some())
        {
            assert_eq!(r.counts_as, CountsAs::Contact, "{}", r.code);
        }
        let visit = &rows[0];
        assert_eq!(visit.counts_as, CountsAs::HomeVisit);
        assert!(
            visit
                .template
                .starts_with("居宅を訪問し本人・家族と面接。\n心身の状況: ")
        );
        assert!(visit.template_en.contains("\nNext steps: "));
        assert_eq!(rows[1].from, d("2024-04-01"));
        assert_eq!(parse(&to_tsv(&rows)).unwrap(), rows, "round trip");
    }

    #[test]
    fn video_is_not_a_category_before_2024_04() {
        let book = CategoryBook::builtin();
        assert!(book.find_on("video", d("2024-03-31")).is_err());
        assert_eq!(
            book.find_on("テレビ", d("2024-04-01")).unwrap().counts_as,
            CountsAs::Video
        );
        assert_eq!(book.counts_as("video", d("2024-03-31")), CountsAs::None);
        assert_eq!(book.in_force(d("2024-03-31")).len(), 10);
        // From 2024-04 also the six 加算 records of the 2024 revision.
        assert_eq!(book.in_force(d("2024-04-01")).len(), 17);
    }

    #[test]
    fn a_category_typed_whole_is_the_one_the_picker_finds() {
        let book = CategoryBook::builtin();
        let latest = book.latest();
        for c in &latest {
            for typed in [c.code.clone(), c.name.clone(), c.name_en.to_uppercase()] {
                let picked = choice::pick(
                    &typed,
                    &latest,
                    |c| vec![c.code.as_str(), c.name.as_str(), c.name_en.as_str()],
                    |c, lang| c.name(lang),
                    ("項目", "category"),
                )
                .map(|c| &c.code);
                assert_eq!(book.find(&typed).map(|c| &c.code), picked, "{typed}");
            }
        }
        assert!(book.find("").is_err(), "nothing typed is no category");
    }

    #[test]
    fn a_category_is_found_by_code_japanese_or_english_name() {
        let book = CategoryBook::builtin();
        assert_eq!(book.find("phone").unwrap().code, "phone");
        assert_eq!(book.find("電話").unwrap().code, "phone");
        assert_eq!(book.find("Phone call").unwrap().code, "phone");
        assert_eq!(book.find("サービス").unwrap().code, "meeting");
        assert_eq!(book.find("ｍｅｄｉｃａｌ").unwrap().code, "medical");
        // モニタリング訪問 and アセスメント訪問 both hold 訪問 but neither begins with it.
        assert!(book.find("訪問").is_err());
        let e = book.find("o").unwrap_err();
        assert!(
            e.message(Lang::Ja).contains("来所"),
            "{}",
            e.message(Lang::Ja)
        );
        assert!(e.message(Lang::Ja).contains("その他"));
    }

    #[test]
    fn an_office_row_replaces_the_builtin_of_its_code_and_start() {
        let office = parse(
            "visit\t訪問\thome visit\thome_visit\t訪問しました\t\t2000-04-01\t\t事業所\n\
             family\t家族との連絡\tfamily\tcontact\t\t\t2025-01-01\t\t事業所",
        )
        .unwrap();
        let book = CategoryBook::new(builtin(), &office);
        assert_eq!(book.on("visit", d("2025-01-01")).unwrap().name, "訪問");
        assert_eq!(book.rows().len(), builtin().len() + 1);
        assert_eq!(book.find("家族").unwrap().code, "family");
        assert!(book.find_on("family", d("2024-12-31")).is_err());
    }

    #[test]
    fn a_bad_category_file_names_every_bad_line() {
        let e = parse(
            "Visit\tx\t\tnone\t\t\t2000-04-01\t\t\n\
             a\t\t\tnone\t\t\t2000-04-01\t\t\n\
             b\tb\t\tvisit\t\t\t2000-04-01\t\t\n\
             c\tc\t\tnone\t\t\t2000-4-1\t\t\n\
             e\te\t\tnone\t\t\t2000-04-01\t1999-01-01\t\n\
             f\tf\n",
        )
        .unwrap_err();
        assert_eq!(e.len(), 6, "{e:?}");
        assert!(e[2].contains("home_visit"), "{}", e[2]);
    }

    #[test]
    fn times_are_read_in_western_and_era_forms() {
        assert_eq!(
            parse_note_time("2026-11-28 10:15").unwrap(),
            t("2026-11-28 10:15")
        );
        assert_eq!(
            parse_note_time("2026-11-28T10:15").unwrap(),
            t("2026-11-28 10:15")
        );
        assert_eq!(
            parse_note_time("R8.11.28 10:15").unwrap(),
            t("2026-11-28 10:15")
        );
        assert_eq!(
            parse_note_time("令和8年11月28日 10時15分").unwrap(),
            t("2026-11-28 10:15")
        );
        assert_eq!(
            parse_note_time("令和8年11月28日10時").unwrap(),
            t("2026-11-28 10:00")
        );
        assert_eq!(
            parse_note_time("２０２６-１１-２８　９:０５").unwrap(),
            t("2026-11-28 09:05")
        );
        assert_eq!(
            parse_note_time("2026/11/28").unwrap(),
            t("2026-11-28 00:00")
        );
        assert!(parse_note_time("2026-11-28 25:00").is_err());
        assert!(parse_note_time("11/28 10:00").is_err());
        assert_eq!(parse_note_time(""), Err(Invalid::required()));
    }

    fn draft() -> NoteDraft {
        NoteDraft {
            client_id: 1,
            at: t("2026-05-10 10:00"),
            category: "visit".into(),
            body: "居宅を訪問。".into(),
            ..NoteDraft::default()
        }
    }

    #[test]
    fn an_entry_is_checked_in_one_place() {
        let book = CategoryBook::builtin();
        let today = d("2026-05-10");
        let ok = draft().validate(&book, today, None).unwrap();
        assert_eq!(ok.category, "visit");
        let mut future = draft();
        future.at = t("2026-05-11 09:00");
        assert!(future.validate(&book, today, None).is_err());
        let mut empty = draft();
        empty.body = "  \n ".into();
        assert!(empty.validate(&book, today, None).is_err());
        empty.reason = "入院中".into();
        assert_eq!(empty.validate(&book, today, None).unwrap().body, "");
        let mut video = draft();
        video.category = "video".into();
        video.at = t("2024-03-31 10:00");
        assert!(video.validate(&book, today, None).is_err());
        // NFC: a decomposed ガ is stored composed; inner line breaks stay.
        let mut text = draft();
        text.body = "カ\u{3099}ス  \n次回\n\n".into();
        assert_eq!(
            text.validate(&book, today, None).unwrap().body,
            "ガス\n次回"
        );
    }

    #[test]
    fn a_correction_names_the_newest_entry_of_the_same_client() {
        let book = CategoryBook::builtin();
        let today = d("2026-05-10");
        let target = Target {
            id: 7,
            client_id: 1,
            at: t("2026-05-01 09:00"),
            category: "phone".into(),
            superseded_by: None,
            withdraws: false,
        };
        let mut c = draft();
        c.corrects = Some(7);
        assert!(c.validate(&book, today, None).is_err(), "no such entry");
        let e = c.validate(&book, today, Some(&target)).unwrap_err();
        assert!(
            e.message(Lang::Ja).contains("訂正には理由"),
            "a correction says why"
        );
        c.correction_reason = "日付の誤り".into();
        assert!(c.validate(&book, today, Some(&target)).is_ok());
        let other = Target {
            client_id: 2,
            ..target.clone()
        };
        assert!(c.validate(&book, today, Some(&other)).is_err());
        let old = Target {
            superseded_by: Some(9),
            ..target.clone()
        };
        let e = c.validate(&book, today, Some(&old)).unwrap_err();
        assert!(
            e.message(Lang::Ja).contains("#9"),
            "{}",
            e.message(Lang::Ja)
        );
        // A withdrawal takes the entry's time and category and needs a reason.
        let mut w = NoteDraft {
            client_id: 1,
            corrects: Some(7),
            withdraws: true,
            ..NoteDraft::default()
        };
        assert!(w.validate(&book, today, Some(&target)).is_err());
        w.reason = "別の利用者の記録だった".into();
        let v = w.validate(&book, today, Some(&target)).unwrap();
        assert_eq!((v.at, v.category.as_str()), (target.at, "phone"));
        let withdrawal = Target {
            withdraws: true,
            ..target
        };
        assert!(c.validate(&book, today, Some(&withdrawal)).is_err());
    }
}

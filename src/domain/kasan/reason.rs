//! Why a 加算 stands where it does, as data: the rules name what they found or what is missing
//! (a key with its dates and counts), and the text is rendered in the language asked for — the
//! terminal app's and the commands' own. The JSON carries the keys (`why`) for scripts, and
//! ホーム keeps them so (`home_summary`) to render in either language.

use crate::domain::Lang;
use crate::domain::care_level::CareLevel;
use crate::domain::dates::iso;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A part of a case-record entry that evidence needs (kasan.md §A.1 and each 加算's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Counterpart,
    Content,
    Method,
    ConferenceFlag,
    Attendees,
    JointGuidanceCopy,
    RequestingInstitution,
    MedicalAttended,
    DoctorKind,
    ToldDoctor,
    HeardFromDoctor,
}

impl Part {
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Part::Counterpart => {
                lang.pick("相手（機関・担当者）", "counterpart (institution, person)")
            }
            Part::Content => lang.pick("内容", "content"),
            Part::Method => lang.pick(
                "方法（面談・FAX・電話など）",
                "method (meeting, FAX, phone …)",
            ),
            Part::ConferenceFlag => {
                lang.pick("カンファレンスかどうか", "whether it was a conference")
            }
            Part::Attendees => lang.pick("出席者", "attendees"),
            Part::JointGuidanceCopy => lang.pick(
                "共同指導の文書の写しの保管",
                "a copy of the joint-guidance document kept",
            ),
            Part::RequestingInstitution => {
                lang.pick("求めた医療機関", "the medical institution that asked")
            }
            Part::MedicalAttended => {
                lang.pick("医師・看護師等の参加", "a doctor or nurse attending")
            }
            Part::DoctorKind => lang.pick("医師か歯科医師か", "doctor or dentist"),
            Part::ToldDoctor => lang.pick("医師に伝えたこと", "what the doctor was told"),
            Part::HeardFromDoctor => lang.pick("医師から受けた情報", "what the doctor said"),
        }
    }
}

/// The kind of entry whose parts are missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entry {
    /// 入院時情報提供
    AdmissionInfo,
    /// 通院同席
    Outpatient,
    /// 緊急時等居宅カンファレンス
    Conference,
}

impl Entry {
    fn text(self, lang: Lang) -> &'static str {
        match self {
            Entry::AdmissionInfo => lang.pick("情報提供", "information-given"),
            Entry::Outpatient => lang.pick("通院同席", "consultation"),
            Entry::Conference => lang.pick("カンファレンス", "conference"),
        }
    }
}

/// Why 初回加算 may apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "trigger", rename_all = "snake_case")]
pub enum Trigger {
    /// 要支援 → 要介護.
    SupportToCare { from: CareLevel, to: CareLevel },
    /// Two or more 要介護 区分 apart.
    TwoLevels { from: CareLevel, to: CareLevel },
    /// No 居宅介護支援 claimed in the months from `from` to `to` (first days).
    New { from: NaiveDate, to: NaiveDate },
}

impl Trigger {
    fn text(self, lang: Lang) -> String {
        match (self, lang) {
            (Trigger::SupportToCare { from, to }, Lang::Ja) => {
                format!("{}から{}への変更", from.label_ja(), to.label_ja())
            }
            (Trigger::SupportToCare { from, to }, Lang::En) => {
                format!("change from {} to {}", from.label(lang), to.label(lang))
            }
            (Trigger::TwoLevels { from, to }, Lang::Ja) => {
                format!(
                    "{}から{}への2区分以上の変更",
                    from.label_ja(),
                    to.label_ja()
                )
            }
            (Trigger::TwoLevels { from, to }, Lang::En) => format!(
                "change of two or more levels, {} to {}",
                from.label(lang),
                to.label(lang)
            ),
            (Trigger::New { from, to }, Lang::Ja) => {
                format!("新規（{}〜{} に居宅介護支援の請求なし）", ym(from), ym(to))
            }
            (Trigger::New { from, to }, Lang::En) => {
                format!("new (no care-management claim {} to {})", ym(from), ym(to))
            }
        }
    }
}

/// One thing missing for a 加算 that has its event on record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "missing", rename_all = "snake_case")]
pub enum Lack {
    /// The entry of `on` lacks these parts.
    EntryParts {
        on: NaiveDate,
        parts: Vec<Part>,
    },
    /// The plan for the return home, due by `by`.
    PlanAfterDischarge {
        by: NaiveDate,
    },
    DeathPlace,
    /// Home visits on `need` distinct days from `from` to `to`; `days` found.
    HomeVisits {
        from: NaiveDate,
        to: NaiveDate,
        days: usize,
        need: usize,
    },
    TerminalConsent,
    /// The consent is dated after the first visit.
    ConsentBeforeVisit {
        visit: NaiveDate,
        consent: NaiveDate,
    },
    DoctorJudgement,
    Liaison,
    Contact24h,
}

impl Lack {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Lack::EntryParts { on, parts }, Lang::Ja) => {
                format!("{} の記録に {}", iso(*on), parts_text(parts, lang))
            }
            (Lack::EntryParts { on, parts }, Lang::En) => {
                format!("{} in the entry of {}", parts_text(parts, lang), iso(*on))
            }
            (Lack::PlanAfterDischarge { by }, Lang::Ja) => {
                format!("退院後の居宅サービス計画（{} まで）", iso(*by))
            }
            (Lack::PlanAfterDischarge { by }, Lang::En) => {
                format!("the care plan after the discharge (by {})", iso(*by))
            }
            (Lack::DeathPlace, _) => lang.pick("死亡の場所", "the place of death").into(),
            (
                Lack::HomeVisits {
                    from,
                    to,
                    days,
                    need,
                },
                Lang::Ja,
            ) => format!(
                "{}〜{} の居宅訪問（{days} 日、{need} 日以上必要）",
                iso(*from),
                iso(*to)
            ),
            (
                Lack::HomeVisits {
                    from,
                    to,
                    days,
                    need,
                },
                Lang::En,
            ) => format!(
                "home visits {} to {} ({days} days, {need} or more needed)",
                iso(*from),
                iso(*to)
            ),
            (Lack::TerminalConsent, _) => lang
                .pick(
                    "ターミナルケアマネジメントへの同意の日付",
                    "the date of consent to ターミナルケアマネジメント",
                )
                .into(),
            (Lack::ConsentBeforeVisit { visit, consent }, Lang::Ja) => {
                format!(
                    "訪問 {} より前の同意（同意 {}）",
                    iso(*visit),
                    iso(*consent)
                )
            }
            (Lack::ConsentBeforeVisit { visit, consent }, Lang::En) => format!(
                "consent before the visit of {} (consent {})",
                iso(*visit),
                iso(*consent)
            ),
            (Lack::DoctorJudgement, _) => lang
                .pick(
                    "医師の判断（回復の見込みがない）の確認の記録",
                    "an entry confirming the doctor's judgement (no prospect of recovery)",
                )
                .into(),
            (Lack::Liaison, _) => lang
                .pick(
                    "主治医・事業所との連絡調整の記録",
                    "an entry of liaison with the doctor and the providers",
                )
                .into(),
            (Lack::Contact24h, _) => lang
                .pick(
                    "事業所の24時間連絡体制（careplan office の contact_24h）",
                    "the office's 24-hour contact system (contact_24h in careplan office)",
                )
                .into(),
        }
    }
}

/// One statement of a reason: the finding that sets the status, or a note added to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", rename_all = "snake_case")]
pub enum Why {
    /// 要支援 or another level that is not 要介護.
    NotCareLevel,
    NoCareLevel,
    NoBenefitManagement,
    ShokaiInOperatingCut,
    FullOperatingCut,
    /// A note on ターミナル in a month without 給付管理.
    TerminalWithoutBenefit,
    ShokaiChosen,
    TaiinChosen,
    /// A note on both 初回 and 退院・退所 candidates: choose one.
    ShokaiOrTaiin {
        difference: u32,
    },
    ShokaiNotNew {
        lookback: u32,
    },
    ShokaiCannotTell {
        lookback: u32,
    },
    ShokaiNoPlan {
        trigger: Trigger,
    },
    ShokaiDraftPlan {
        trigger: Trigger,
        plan_date: NaiveDate,
    },
    ShokaiPlan {
        trigger: Trigger,
        plan_date: NaiveDate,
    },
    /// The window hangs on a day the office's calendar does not know.
    UnknownBusinessDay {
        day: NaiveDate,
    },
    NyuinGiven {
        admitted: NaiveDate,
        after_hours: bool,
        given: NaiveDate,
    },
    EntryLacks {
        entry: Entry,
        on: NaiveDate,
        parts: Vec<Part>,
    },
    NyuinNoInformation {
        admitted: NaiveDate,
        deadline: NaiveDate,
    },
    NyuinNoStay,
    TaiinNoReception {
        discharged: NaiveDate,
        until: NaiveDate,
    },
    TaiinOncePerStay,
    TaiinReceived {
        discharged: NaiveDate,
        days: usize,
        conference: bool,
    },
    Missing {
        lacks: Vec<Lack>,
    },
    TerminalNotAtHome,
    TerminalDied {
        died: NaiveDate,
        days: usize,
    },
    /// A note: the last visit fell in another month, which may be the month to claim in.
    LastVisitOtherMonth {
        visit: NaiveDate,
    },
    TsuinAttended {
        on: NaiveDate,
    },
    KinkyuHeld {
        days: Vec<NaiveDate>,
        lacking: usize,
    },
}

impl Why {
    /// Whether the statement is a note added to a reason (rendered after it with 「。」/". ").
    fn is_note(&self) -> bool {
        matches!(
            self,
            Why::TerminalWithoutBenefit
                | Why::ShokaiOrTaiin { .. }
                | Why::LastVisitOtherMonth { .. }
        )
    }

    pub fn text(&self, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        match self {
            Why::NotCareLevel => lang
                .pick(
                    "要支援・事業対象者など要介護でない月は対象外（介護予防支援の加算は扱いません）",
                    "not 要介護 this month (要支援 or community program): the additions of preventive support are not handled",
                )
                .into(),
            Why::NoCareLevel => lang
                .pick(
                    "この月の要介護度が認定の記録にありません（認定を記録してください）",
                    "no care level on record for the month (record the certification)",
                )
                .into(),
            Why::NoBenefitManagement => lang
                .pick(
                    "給付管理のない月（居宅介護支援費を請求しないため加算も算定しません）",
                    "a month without 給付管理 (no care-management fee is claimed, so no addition either)",
                )
                .into(),
            Why::ShokaiInOperatingCut => lang
                .pick(
                    "運営基準減算の月は初回加算を算定しません",
                    "no 初回加算 in a month of 運営基準減算",
                )
                .into(),
            Why::FullOperatingCut => lang
                .pick(
                    "運営基準減算（全額）の月に算定できるかは未確認です（保険者に確認してください）",
                    "whether it may be claimed in a month of 運営基準減算 (in full) is unconfirmed (ask the insurer)",
                )
                .into(),
            Why::TerminalWithoutBenefit => lang
                .pick(
                    "給付管理のない月: 加算だけの請求の扱いは保険者に確認してください",
                    "a month without 給付管理: ask the insurer how a claim of the addition alone is handled",
                )
                .into(),
            Why::ShokaiChosen => lang
                .pick(
                    "初回加算を選んだため（退院・退所加算と同時には算定できません）",
                    "初回加算 was chosen (it cannot be claimed with 退院・退所加算)",
                )
                .into(),
            Why::TaiinChosen => lang
                .pick(
                    "退院・退所加算を選んだため（初回加算と同時には算定できません）",
                    "退院・退所加算 was chosen (it cannot be claimed with 初回加算)",
                )
                .into(),
            Why::ShokaiOrTaiin { difference } => if ja {
                format!(
                    "初回加算と退院・退所加算は同時に算定できません: どちらかを選んでください（差 {difference} 単位）"
                )
            } else {
                format!(
                    "初回加算 and 退院・退所加算 cannot both be claimed: choose one (difference {difference} units)"
                )
            },
            Why::ShokaiNotNew { lookback } => if ja {
                format!(
                    "新規ではありません（前の{lookback}月のうちに居宅介護支援の請求があります）"
                )
            } else {
                format!("not new (care management was claimed in the {lookback} months before)")
            },
            Why::ShokaiCannotTell { lookback } => if ja {
                format!(
                    "前の{lookback}月の記録も取り込んだ請求もないため、新規か判断できません（国保連の請求を取り込むか、記録開始日を確かめてください）"
                )
            } else {
                format!(
                    "neither records nor imported claims cover the {lookback} months before, so whether the client is new cannot be told (import the claims, or check the records' start date)"
                )
            },
            Why::ShokaiNoPlan { trigger } => if ja {
                format!(
                    "{}: この月に作成した居宅サービス計画がありません（月末までに作成）",
                    trigger.text(lang)
                )
            } else {
                format!(
                    "{}: no care plan made in the month (make one by the month's end)",
                    trigger.text(lang)
                )
            },
            Why::ShokaiDraftPlan { trigger, plan_date } => if ja {
                format!(
                    "{}: 計画（{}）が下書きのままです（月末までに確定）",
                    trigger.text(lang),
                    iso(*plan_date)
                )
            } else {
                format!(
                    "{}: the plan of {} is still a draft (confirm it by the month's end)",
                    trigger.text(lang),
                    iso(*plan_date)
                )
            },
            Why::ShokaiPlan { trigger, plan_date } => if ja {
                format!("{}、計画 {}", trigger.text(lang), iso(*plan_date))
            } else {
                format!("{}, plan of {}", trigger.text(lang), iso(*plan_date))
            },
            Why::UnknownBusinessDay { day } => if ja {
                format!(
                    "{} が事業所の営業日か分かりません（営業日・営業時間を記録してください）",
                    iso(*day)
                )
            } else {
                format!(
                    "whether {} is a business day of the office is not known (record the business days and hours)",
                    iso(*day)
                )
            },
            Why::NyuinGiven {
                admitted,
                after_hours,
                given,
            } => if ja {
                format!(
                    "入院 {}{}、情報提供 {}",
                    iso(*admitted),
                    if *after_hours { "（時間外）" } else { "" },
                    iso(*given)
                )
            } else {
                format!(
                    "admitted {}{}, information given {}",
                    iso(*admitted),
                    if *after_hours { " (after hours)" } else { "" },
                    iso(*given)
                )
            },
            Why::EntryLacks { entry, on, parts } => if ja {
                format!(
                    "{} {} の記録に {} がありません",
                    entry.text(lang),
                    iso(*on),
                    parts_text(parts, lang)
                )
            } else {
                format!(
                    "the {} entry of {} lacks {}",
                    entry.text(lang),
                    iso(*on),
                    parts_text(parts, lang)
                )
            },
            Why::NyuinNoInformation { admitted, deadline } => if ja {
                format!(
                    "入院 {} の情報提供（入院時情報提供）の記録がありません（(II) の期限 {}）",
                    iso(*admitted),
                    iso(*deadline)
                )
            } else {
                format!(
                    "no entry of information given for the admission of {} (deadline for (II): {})",
                    iso(*admitted),
                    iso(*deadline)
                )
            },
            Why::NyuinNoStay => lang
                .pick(
                    "入院時情報提供の記録に対応する入院（入院日）の記録がありません（careplan stays add で記録し、記録に入院を結び付けてください）",
                    "no admission on record for the entry of information given (record it with careplan stays add and link the entry to the stay)",
                )
                .into(),
            Why::TaiinNoReception { discharged, until } => if ja {
                format!(
                    "退院 {} の退院・退所情報の受け取りの記録がありません（{} まで）",
                    iso(*discharged),
                    iso(*until)
                )
            } else {
                format!(
                    "no entry of information received for the discharge of {} (by {})",
                    iso(*discharged),
                    iso(*until)
                )
            },
            Why::TaiinOncePerStay => lang
                .pick(
                    "退院・退所加算は1回の入院・入所につき1回です（この入院では別の月に算定済み）",
                    "退院・退所加算 is once per stay (already claimed for this stay in another month)",
                )
                .into(),
            Why::TaiinReceived {
                discharged,
                days,
                conference,
            } => if ja {
                format!(
                    "退院 {}、情報の受け取り {days} 日{}",
                    iso(*discharged),
                    if *conference { "（カンファレンスあり）" } else { "" }
                )
            } else {
                format!(
                    "discharged {}, information received on {days} days{}",
                    iso(*discharged),
                    if *conference { " (with a conference)" } else { "" }
                )
            },
            Why::Missing { lacks } => {
                let items: Vec<String> = lacks.iter().map(|l| l.text(lang)).collect();
                if ja {
                    format!("{} がありません", items.join("、"))
                } else {
                    format!("missing: {}", items.join("; "))
                }
            }
            Why::TerminalNotAtHome => lang
                .pick(
                    "自宅以外での死亡です（訪問後24時間以内の死亡の扱いは要確認）",
                    "death elsewhere than at home (how a death within 24 hours of a visit is treated is unconfirmed)",
                )
                .into(),
            Why::TerminalDied { died, days } => if ja {
                format!("死亡 {}（自宅）、訪問 {days} 日", iso(*died))
            } else {
                format!("died {} (at home), visits on {days} days", iso(*died))
            },
            Why::LastVisitOtherMonth { visit } => if ja {
                format!("最終訪問 {} の月に算定する扱いもあり要確認", iso(*visit))
            } else {
                format!(
                    "claiming in the month of the last visit ({}) is another reading: unconfirmed",
                    iso(*visit)
                )
            },
            Why::TsuinAttended { on } => if ja {
                format!("通院同席 {}", iso(*on))
            } else {
                format!("consultation attended {}", iso(*on))
            },
            Why::KinkyuHeld { days, lacking } => {
                let list: Vec<String> = days.iter().map(|d| iso(*d)).collect();
                let n = days.len();
                match (ja, lacking) {
                    (true, 0) => format!("カンファレンス {n} 回（{}）", list.join("・")),
                    (true, k) => format!(
                        "カンファレンス {n} 回（{}）、ほかに記録不足 {k} 件",
                        list.join("・")
                    ),
                    (false, 0) => format!("{n} conference(s) ({})", list.join(", ")),
                    (false, k) => format!(
                        "{n} conference(s) ({}), {k} more with evidence missing",
                        list.join(", ")
                    ),
                }
            }
        }
    }
}

/// The whole reason of a row: the finding first, then the notes added to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Reason(pub Vec<Why>);

impl Reason {
    pub fn of(why: Why) -> Reason {
        Reason(vec![why])
    }

    /// Adds a note after the finding.
    pub fn note(&mut self, why: Why) {
        self.0.push(why);
    }

    /// The stable key of the finding (`not_care_level`, `shokai_plan` …), for scripts.
    pub fn key(&self) -> &'static str {
        self.0.first().map_or("", Why::key)
    }

    /// The reason in `lang`: the finding, then each note after 「。」 (". " in English).
    pub fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        for w in &self.0 {
            if !out.is_empty() {
                out.push_str(if w.is_note() {
                    lang.pick("。", ". ")
                } else {
                    lang.pick("、", ", ")
                });
            }
            out.push_str(&w.text(lang));
        }
        out
    }
}

impl Why {
    /// The serialized key of the statement (its `key` in JSON).
    pub fn key(&self) -> &'static str {
        match self {
            Why::NotCareLevel => "not_care_level",
            Why::NoCareLevel => "no_care_level",
            Why::NoBenefitManagement => "no_benefit_management",
            Why::ShokaiInOperatingCut => "shokai_in_operating_cut",
            Why::FullOperatingCut => "full_operating_cut",
            Why::TerminalWithoutBenefit => "terminal_without_benefit",
            Why::ShokaiChosen => "shokai_chosen",
            Why::TaiinChosen => "taiin_chosen",
            Why::ShokaiOrTaiin { .. } => "shokai_or_taiin",
            Why::ShokaiNotNew { .. } => "shokai_not_new",
            Why::ShokaiCannotTell { .. } => "shokai_cannot_tell",
            Why::ShokaiNoPlan { .. } => "shokai_no_plan",
            Why::ShokaiDraftPlan { .. } => "shokai_draft_plan",
            Why::ShokaiPlan { .. } => "shokai_plan",
            Why::UnknownBusinessDay { .. } => "unknown_business_day",
            Why::NyuinGiven { .. } => "nyuin_given",
            Why::EntryLacks { .. } => "entry_lacks",
            Why::NyuinNoInformation { .. } => "nyuin_no_information",
            Why::NyuinNoStay => "nyuin_no_stay",
            Why::TaiinNoReception { .. } => "taiin_no_reception",
            Why::TaiinOncePerStay => "taiin_once_per_stay",
            Why::TaiinReceived { .. } => "taiin_received",
            Why::Missing { .. } => "missing",
            Why::TerminalNotAtHome => "terminal_not_at_home",
            Why::TerminalDied { .. } => "terminal_died",
            Why::LastVisitOtherMonth { .. } => "last_visit_other_month",
            Why::TsuinAttended { .. } => "tsuin_attended",
            Why::KinkyuHeld { .. } => "kinkyu_held",
        }
    }
}

/// "A・B" in Japanese, "A, B" in English.
fn parts_text(parts: &[Part], lang: Lang) -> String {
    parts
        .iter()
        .map(|p| p.text(lang))
        .collect::<Vec<_>>()
        .join(lang.pick("・", ", "))
}

/// "YYYY-MM" of a month's first day.
fn ym(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_why() -> Vec<Why> {
        let d = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap_or_default();
        let t = Trigger::New { from: d, to: d };
        let all_parts = vec![
            Part::Counterpart,
            Part::Content,
            Part::Method,
            Part::ConferenceFlag,
            Part::Attendees,
            Part::JointGuidanceCopy,
            Part::RequestingInstitution,
            Part::MedicalAttended,
            Part::DoctorKind,
            Part::ToldDoctor,
            Part::HeardFromDoctor,
        ];
        vec![
            Why::NotCareLevel,
            Why::NoCareLevel,
            Why::NoBenefitManagement,
            Why::ShokaiInOperatingCut,
            Why::FullOperatingCut,
            Why::TerminalWithoutBenefit,
            Why::ShokaiChosen,
            Why::TaiinChosen,
            Why::ShokaiOrTaiin { difference: 300 },
            Why::ShokaiNotNew { lookback: 2 },
            Why::ShokaiCannotTell { lookback: 2 },
            Why::ShokaiNoPlan { trigger: t },
            Why::ShokaiDraftPlan {
                trigger: Trigger::SupportToCare {
                    from: CareLevel::Support2,
                    to: CareLevel::Care1,
                },
                plan_date: d,
            },
            Why::ShokaiPlan {
                trigger: Trigger::TwoLevels {
                    from: CareLevel::Care1,
                    to: CareLevel::Care3,
                },
                plan_date: d,
            },
            Why::UnknownBusinessDay { day: d },
            Why::NyuinGiven {
                admitted: d,
                after_hours: true,
                given: d,
            },
            Why::EntryLacks {
                entry: Entry::AdmissionInfo,
                on: d,
                parts: all_parts.clone(),
            },
            Why::EntryLacks {
                entry: Entry::Outpatient,
                on: d,
                parts: vec![Part::Content],
            },
            Why::EntryLacks {
                entry: Entry::Conference,
                on: d,
                parts: vec![Part::Content],
            },
            Why::NyuinNoInformation {
                admitted: d,
                deadline: d,
            },
            Why::NyuinNoStay,
            Why::TaiinNoReception {
                discharged: d,
                until: d,
            },
            Why::TaiinOncePerStay,
            Why::TaiinReceived {
                discharged: d,
                days: 2,
                conference: true,
            },
            Why::Missing {
                lacks: vec![
                    Lack::EntryParts {
                        on: d,
                        parts: all_parts,
                    },
                    Lack::PlanAfterDischarge { by: d },
                    Lack::DeathPlace,
                    Lack::HomeVisits {
                        from: d,
                        to: d,
                        days: 1,
                        need: 2,
                    },
                    Lack::TerminalConsent,
                    Lack::ConsentBeforeVisit {
                        visit: d,
                        consent: d,
                    },
                    Lack::DoctorJudgement,
                    Lack::Liaison,
                    Lack::Contact24h,
                ],
            },
            Why::TerminalNotAtHome,
            Why::TerminalDied { died: d, days: 2 },
            Why::LastVisitOtherMonth { visit: d },
            Why::TsuinAttended { on: d },
            Why::KinkyuHeld {
                days: vec![d, d],
                lacking: 1,
            },
        ]
    }

    /// The English text keeps Japanese only for the names of 加算 and terms the glossary
    /// keeps: each is taken out, and no Japanese may be left.
    #[test]
    fn every_reason_reads_in_english() {
        let kept = [
            "ターミナルケアマネジメント",
            "退院・退所加算",
            "運営基準減算",
            "初回加算",
            "給付管理",
            "要介護",
            "要支援",
        ];
        for w in every_why() {
            let mut en = w.text(Lang::En);
            for k in kept {
                en = en.replace(k, "");
            }
            assert!(
                !en.chars().any(|c| ('\u{3000}'..='\u{9FFF}').contains(&c)),
                "{w:?}: {}",
                w.text(Lang::En)
            );
            assert_ne!(w.text(Lang::Ja), w.text(Lang::En), "{w:?}");
        }
    }

    #[test]
    fn notes_follow_the_finding_and_keys_match_the_json() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap_or_default();
        let mut r = Reason::of(Why::TsuinAttended { on: d });
        r.note(Why::ShokaiOrTaiin { difference: 300 });
        assert_eq!(
            r.text(Lang::Ja),
            "通院同席 2026-11-10。初回加算と退院・退所加算は同時に算定できません: どちらかを選んでください（差 300 単位）"
        );
        assert!(
            r.text(Lang::En)
                .starts_with("consultation attended 2026-11-10. ")
        );
        for w in every_why() {
            let json = serde_json::to_value(&w).unwrap_or_default();
            assert_eq!(json["key"], w.key(), "{w:?}");
        }
        assert_eq!(r.key(), "tsuin_attended");
    }
}

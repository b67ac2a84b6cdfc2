//! The 特定事業所集中減算 as text: the worksheet (its verdict, each service's corporations and
//! shares, the notes) and the contract-time explanation, shared by the screen and
//! `careplan concentration`, so both say the same thing the same way. The numbers come from
//! `domain::concentration`; the shares shown are cut off at one decimal (`percent_text`) while
//! the ⚠ comes from the exact comparison (`ServiceShare::over`).

use crate::domain::Lang;
use crate::domain::concentration::{
    CorporationShare, Explanation, ServiceShare, Worksheet, percent_text, span_text,
};
use crate::domain::dates::iso;
use crate::domain::service_types;
use crate::present::text::{pad_left, pad_right, truncate, width};
use chrono::NaiveDate;

/// 「訪問介護（11）」 / "home help (11)".
pub fn service_name(code: &str, lang: Lang) -> String {
    let name = service_types::find(code)
        .map(|t| t.name(lang))
        .unwrap_or(code);
    match lang {
        Lang::Ja => format!("{name}（{code}）"),
        Lang::En => format!("{name} ({code})"),
    }
}

/// A corporation as listed: its name, and ＊ (* in English) for a provider counted as its own
/// corporation.
pub fn corporation_label(c: &CorporationShare, lang: Lang) -> String {
    if c.own {
        format!("{}{}", c.name, lang.pick("＊", "*"))
    } else {
        c.name.clone()
    }
}

/// The period, the report date and the application period, in one line.
pub fn dates_line(w: &Worksheet, lang: Lang) -> String {
    let p = &w.period;
    match lang {
        Lang::Ja => format!(
            "判定期間 {}　提出期限 {}　減算の適用 {}",
            span_text(p.from, p.to, lang),
            iso(p.report_by),
            span_text(p.applies_from, p.applies_until, lang)
        ),
        Lang::En => format!(
            "period {}, report by {}, a cut applies {}",
            span_text(p.from, p.to, lang),
            iso(p.report_by),
            span_text(p.applies_from, p.applies_until, lang)
        ),
    }
}

/// The rule applied: the threshold and the cut, with the rules table's date.
pub fn rule_line(w: &Worksheet, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!(
            "最も多い法人の割合が {}% を超えるサービスがあると、適用期間の全利用者で1人1月 −{} 単位（規則表 {} から）",
            w.threshold_percent,
            w.cut_units,
            iso(w.rules_from)
        ),
        Lang::En => format!(
            "a service whose top corporation has over {}% cuts {} units per client a month in the application period (rules from {})",
            w.threshold_percent,
            w.cut_units,
            iso(w.rules_from)
        ),
    }
}

/// What the office must do: submit (a service is over) or keep the worksheet.
pub fn verdict(w: &Worksheet, lang: Lang) -> String {
    let over = w.over();
    if over.is_empty() {
        return match lang {
            Lang::Ja => format!(
                "{}% を超えるサービスはありません。判定の書類を作成し保存（提出は不要）",
                w.threshold_percent
            ),
            Lang::En => format!(
                "No service is over {}%: make the worksheet and keep it (no need to submit it)",
                w.threshold_percent
            ),
        };
    }
    let names: Vec<String> = over
        .iter()
        .map(|s| service_name(&s.service_type, lang))
        .collect();
    match lang {
        Lang::Ja => format!(
            "⚠ {}% 超: {}。判定の書類を {} までに提出してください（正当な理由があれば添えて）",
            w.threshold_percent,
            names.join("・"),
            iso(w.period.report_by)
        ),
        Lang::En => format!(
            "⚠ over {}%: {}. Submit the worksheet by {} (with the justification, if any)",
            w.threshold_percent,
            names.join(", "),
            iso(w.period.report_by)
        ),
    }
}

/// The months of the period still to come on `today`, counted from the plans in force
/// (見込み); None once every month has begun.
pub fn projected_line(w: &Worksheet, today: NaiveDate, lang: Lang) -> Option<String> {
    let projected = w.period.projected_months(today);
    if projected.is_empty() {
        return None;
    }
    let months: Vec<String> = projected
        .iter()
        .map(|m| m.format("%Y-%m").to_string())
        .collect();
    Some(match lang {
        Lang::Ja => format!(
            "見込み: {}（{} 時点の計画から）",
            months.join("・"),
            iso(today)
        ),
        Lang::En => format!(
            "projected: {} (from the plans as of {})",
            months.join(", "),
            iso(today)
        ),
    })
}

/// The report date, once it has passed on `today`: late to submit when a service is over, else
/// only a reminder to keep the worksheet.
pub fn report_passed_line(w: &Worksheet, today: NaiveDate, lang: Lang) -> Option<String> {
    let p = &w.period;
    if !p.report_passed(today) {
        return None;
    }
    Some(match (lang, w.over().is_empty()) {
        (Lang::Ja, false) => format!(
            "⚠ 提出期限を過ぎています（{}）。まだ提出していなければ、至急提出してください",
            iso(p.report_by)
        ),
        (Lang::Ja, true) => format!(
            "提出期限を過ぎています（{}）。提出は不要ですが、判定の書類を保存してください",
            iso(p.report_by)
        ),
        (Lang::En, false) => format!(
            "⚠ the report date has passed ({}): submit the worksheet now if not yet done",
            iso(p.report_by)
        ),
        (Lang::En, true) => format!(
            "the report date has passed ({}): no need to submit, but keep the worksheet",
            iso(p.report_by)
        ),
    })
}

/// Said under the worksheet when a provider without a corporation was counted.
pub fn own_note(lang: Lang) -> &'static str {
    lang.pick(
        "＊ 法人名のない事業所は、1事業所を1法人として数えています",
        "* a provider without a corporation recorded counts as one of its own",
    )
}

/// How the shares are shown.
pub fn share_note(lang: Lang) -> &'static str {
    lang.pick(
        "割合は小数第2位以下を切り捨てて表示（判定は計画数で正確に比べています）。計画は利用者ごと・月ごとに数えます",
        "shares are cut off at one decimal (the judgement compares the counts exactly); plans are counted per client per month",
    )
}

/// A service's heading: its plans and its top corporation with the share.
pub fn service_line(s: &ServiceShare, threshold: u32, lang: Lang) -> String {
    let mark = if s.over(threshold) { "⚠ " } else { "" };
    let name = service_name(&s.service_type, lang);
    match (s.top(), lang) {
        (None, Lang::Ja) => format!("{mark}{name}: 計画 0 件"),
        (None, Lang::En) => format!("{mark}{name}: no plans"),
        (Some(t), Lang::Ja) => format!(
            "{mark}{name}: 計画 {} 件、最多 {} {} 件 {}%",
            s.plans,
            corporation_label(t, lang),
            t.plans,
            percent_text(t.plans, s.plans)
        ),
        (Some(t), Lang::En) => format!(
            "{mark}{name}: {} plans, top {} {} ({}%)",
            s.plans,
            corporation_label(t, lang),
            t.plans,
            percent_text(t.plans, s.plans)
        ),
    }
}

/// A service's heading on the screen: its plans and how many corporations share them (the
/// corporations follow on their own rows).
pub fn service_heading(s: &ServiceShare, threshold: u32, lang: Lang) -> String {
    let mark = if s.over(threshold) { "⚠ " } else { "" };
    let name = service_name(&s.service_type, lang);
    match lang {
        Lang::Ja => format!(
            "{mark}{name}  計画 {} 件・{} 法人",
            s.plans,
            s.corporations.len()
        ),
        Lang::En => format!(
            "{mark}{name}: {} plans, {} corporations",
            s.plans,
            s.corporations.len()
        ),
    }
}

/// The period and report date, then the application period with the rule, as two lines.
pub fn period_lines(w: &Worksheet, lang: Lang) -> [String; 2] {
    let p = &w.period;
    match lang {
        Lang::Ja => [
            format!(
                "判定期間 {}　提出期限 {}",
                span_text(p.from, p.to, lang),
                iso(p.report_by)
            ),
            format!(
                "減算の適用 {}（{}%超で全利用者 1人1月 −{} 単位）",
                span_text(p.applies_from, p.applies_until, lang),
                w.threshold_percent,
                w.cut_units
            ),
        ],
        Lang::En => [
            format!(
                "period {}, report by {}",
                span_text(p.from, p.to, lang),
                iso(p.report_by)
            ),
            format!(
                "a cut applies {} (over {}%: −{} units per client a month)",
                span_text(p.applies_from, p.applies_until, lang),
                w.threshold_percent,
                w.cut_units
            ),
        ],
    }
}

/// A corporation's row under its service: name (and 法人番号), plans, share; `cols` wide.
pub fn corporation_row(c: &CorporationShare, of: u64, cols: usize, lang: Lang) -> String {
    let mut name = corporation_label(c, lang);
    if !c.number.is_empty() {
        name = match lang {
            Lang::Ja => format!("{name}（{}）", c.number),
            Lang::En => format!("{name} ({})", c.number),
        };
    }
    let right = format!(
        "{} {}%",
        pad_left(&c.plans.to_string(), 5),
        pad_left(&percent_text(c.plans, of), 5)
    );
    let room = cols.saturating_sub(width(&right) + 1);
    format!("{} {right}", pad_right(&truncate(&name, room), room))
}

/// The note line of a service, if one is recorded.
pub fn note_line(s: &ServiceShare, lang: Lang) -> Option<String> {
    (!s.note.is_empty())
        .then(|| format!("{}: {}", lang.pick("正当な理由", "justification"), s.note))
}

/// The whole worksheet as text (`careplan concentration`) as it stands on `today`: every
/// corporation of every service.
pub fn worksheet_lines(w: &Worksheet, today: NaiveDate, lang: Lang) -> Vec<String> {
    let mut out = vec![
        match lang {
            Lang::Ja => format!("特定事業所集中減算の判定 {}", w.period.id.label(lang)),
            Lang::En => format!("Concentration worksheet, {}", w.period.id.label(lang)),
        },
        dates_line(w, lang),
        rule_line(w, lang),
        verdict(w, lang),
    ];
    out.extend(projected_line(w, today, lang));
    out.extend(report_passed_line(w, today, lang));
    out.push(String::new());
    for s in &w.services {
        out.push(service_line(s, w.threshold_percent, lang));
        for c in &s.corporations {
            out.push(format!("  {}", corporation_row(c, s.plans, 70, lang)));
        }
        if let Some(n) = note_line(s, lang) {
            out.push(format!("  {n}"));
        }
    }
    out.push(String::new());
    if w.has_own() {
        out.push(own_note(lang).to_string());
    }
    out.push(share_note(lang).to_string());
    out
}

/// The worksheet as CSV rows (header first): one row per service and corporation, a service
/// without plans on one row of its own.
/// The worksheet as CSV rows in `lang` (the inspection report's copy is always Japanese: it is
/// kept for the authority).
pub fn worksheet_csv(w: &Worksheet, lang: Lang) -> Vec<Vec<String>> {
    let p = &w.period;
    let mut rows = vec![
        [
            ("判定期間", "period"),
            ("判定期間の開始", "period from"),
            ("判定期間の終了", "period to"),
            ("提出期限", "report by"),
            ("減算の適用開始", "cut applies from"),
            ("減算の適用終了", "cut applies until"),
            ("サービス種類コード", "service type code"),
            ("サービス種類", "service type"),
            ("計画数", "plans"),
            ("法人名", "corporation"),
            ("法人番号", "corporation number"),
            (
                "法人名なし（事業所を1法人として数える）",
                "no corporation (the provider counts alone)",
            ),
            ("法人の計画数", "corporation's plans"),
            ("割合(%)", "share (%)"),
            ("最多", "largest"),
            ("80%超", "over 80%"),
            ("正当な理由", "justified reason"),
        ]
        .map(|(ja, en)| lang.pick(ja, en).to_string())
        .to_vec(),
    ];
    let yes = |b: bool| if b { lang.pick("○", "yes") } else { "" }.to_string();
    for s in &w.services {
        let name = service_types::find(&s.service_type)
            .map(|t| t.name.to_string())
            .unwrap_or_default();
        let head = vec![
            p.id.code(),
            iso(p.from),
            iso(p.to),
            iso(p.report_by),
            iso(p.applies_from),
            iso(p.applies_until),
            s.service_type.clone(),
            name,
            s.plans.to_string(),
        ];
        let over = s.over(w.threshold_percent);
        if s.corporations.is_empty() {
            let mut r = head.clone();
            r.extend([String::new(), String::new(), String::new(), "0".into()]);
            r.extend(["-".into(), String::new(), yes(over), s.note.clone()]);
            rows.push(r);
        }
        for (i, c) in s.corporations.iter().enumerate() {
            let mut r = head.clone();
            r.extend([
                c.name.clone(),
                c.number.clone(),
                yes(c.own),
                c.plans.to_string(),
                percent_text(c.plans, s.plans),
                yes(i == 0),
                yes(i == 0 && over),
                s.note.clone(),
            ]);
            rows.push(r);
        }
    }
    rows
}

/// The contract-time explanation as text to print: `office` is the office's name.
pub fn explanation_lines(e: &Explanation, office: &str, lang: Lang) -> Vec<String> {
    let mut out = match lang {
        Lang::Ja => vec![
            format!("{office}　居宅サービス計画の作成状況についてのご説明"),
            String::new(),
            format!(
                "前6か月（{}）に当事業所が作成したケアプラン（利用者ごと・月ごとに {} 件）のうち、",
                span_text(e.from, e.to, lang),
                e.plans
            ),
            "訪問介護・通所介護・地域密着型通所介護・福祉用具貸与を位置付けた割合と、".into(),
            "それぞれを提供した事業所のうち上位3事業所の割合は次のとおりです。".into(),
        ],
        Lang::En => vec![
            format!("{office}: how our care plans used each service"),
            String::new(),
            format!(
                "Of the care plans we made in the six months {} ({} counted per client per month),",
                span_text(e.from, e.to, lang),
                e.plans
            ),
            "the share that arranged each of the four services, and the top three providers of each:"
                .into(),
        ],
    };
    for s in &e.services {
        out.push(String::new());
        out.push(match lang {
            Lang::Ja => format!(
                "■ {}: {}%（{} 件）",
                service_name(&s.service_type, lang),
                percent_text(s.plans, e.plans),
                s.plans
            ),
            Lang::En => format!(
                "- {}: {}% ({} plans)",
                service_name(&s.service_type, lang),
                percent_text(s.plans, e.plans),
                s.plans
            ),
        });
        if s.top.is_empty() {
            out.push(
                lang.pick("   位置付けたケアプランはありません", "   none")
                    .into(),
            );
        }
        for (i, (name, n)) in s.top.iter().enumerate() {
            out.push(format!(
                "   {}. {name} {}%",
                i + 1,
                percent_text(*n, s.plans)
            ));
        }
    }
    out.push(String::new());
    out.push(
        lang.pick(
            "利用者の方は、複数の事業所の紹介を求めることや、事業所を選んだ理由の説明を求めることができます。",
            "You may ask us to suggest several providers, and why a provider was chosen.",
        )
        .into(),
    );
    out.push(share_note(lang).into());
    out
}

/// The explanation as CSV rows (header first): a row per service, then one per top provider.
pub fn explanation_csv(e: &Explanation, lang: Lang) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            ("期間の開始", "from"),
            ("期間の終了", "to"),
            ("計画数", "plans"),
            ("サービス種類コード", "service type code"),
            ("サービス種類", "service type"),
            ("サービスを位置付けた計画数", "plans with the service"),
            ("割合(%)", "share (%)"),
            ("順位", "rank"),
            ("事業所名", "provider"),
            ("事業所の計画数", "provider's plans"),
            ("事業所の割合(%)", "provider's share (%)"),
        ]
        .map(|(ja, en)| lang.pick(ja, en).to_string())
        .to_vec(),
    ];
    for s in &e.services {
        let head = vec![
            iso(e.from),
            iso(e.to),
            e.plans.to_string(),
            s.service_type.clone(),
            service_types::find(&s.service_type)
                .map(|t| t.name.to_string())
                .unwrap_or_default(),
            s.plans.to_string(),
            percent_text(s.plans, e.plans),
        ];
        if s.top.is_empty() {
            let mut r = head.clone();
            r.extend([String::new(), String::new(), String::new(), String::new()]);
            rows.push(r);
        }
        for (i, (name, n)) in s.top.iter().enumerate() {
            let mut r = head.clone();
            r.extend([
                (i + 1).to_string(),
                name.clone(),
                n.to_string(),
                percent_text(*n, s.plans),
            ]);
            rows.push(r);
        }
    }
    rows
}

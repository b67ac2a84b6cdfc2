//! The 特定事業所加算 check as text: one heading, a ✓/✗ line per condition with its figures,
//! the 特定事業所医療介護連携加算 that rides on it, then the conditions the records cannot prove.
//! The office panel and `careplan office tokutei` print these same lines.

use crate::domain::Lang;
use crate::domain::renkei::Renkei;
use crate::domain::tokutei::{Check, UNPROVABLE};
use chrono::NaiveDate;

/// The heading, the conditions checked and the ones the records cannot prove.
pub fn lines(check: Option<&Check>, month: NaiveDate, lang: Lang) -> Vec<String> {
    let ym = month.format("%Y-%m");
    let mut out = Vec::new();
    match check {
        None => out.push(
            lang.pick(
                "規則表に特定事業所加算の条件がありません（careplan rules で確認）",
                "the rules table gives no 特定事業所加算 conditions (see careplan rules)",
            )
            .to_string(),
        ),
        Some(c) => {
            let unsure = if c.unsure {
                lang.pick("【要確認】", " [unconfirmed]")
            } else {
                ""
            };
            let filed = if c.filed {
                ""
            } else {
                lang.pick(
                    "（届出なし: (I) の条件で確認）",
                    " (none filed: checked against (I))",
                )
            };
            out.push(match lang {
                Lang::Ja => format!("{} の条件（{ym}）{unsure}{filed}", c.name),
                Lang::En => format!("{}: conditions in {ym}{unsure}{filed}", c.name),
            });
            for l in &c.lines {
                out.push(format!(
                    " {} {}  {}",
                    if l.ok { "✓" } else { "✗" },
                    l.what,
                    l.figures
                ));
            }
        }
    }
    // The 医療介護連携加算 rides on the 区分 just checked: shown before the long list.
    if let Some(c) = check {
        out.extend(renkei(&c.renkei, month, lang));
    }
    out.push(
        lang.pick(
            "特定事業所加算の条件で記録では確認できないもの（届出の根拠を別に保管）:",
            "Specified office addition conditions the records cannot prove (keep the evidence):",
        )
        .to_string(),
    );
    out.extend(
        UNPROVABLE
            .iter()
            .map(|(ja, en)| format!(" {}{}", lang.pick("・", "- "), lang.pick(ja, en))),
    );
    out
}

/// The 特定事業所医療介護連携加算 under it: a heading and a ✓/✗ line per condition, or one line
/// saying it is not filed (or not in the rules table).
fn renkei(r: &Renkei, month: NaiveDate, lang: Lang) -> Vec<String> {
    match r {
        Renkei::NotFiled => vec![
            lang.pick(
                "特定事業所医療介護連携加算: 届出なし（この月は医療介護連携の体制も特定事業所加算の区分もありません）",
                "Medical and care liaison addition: not filed (no liaison period and no specified office addition division this month)",
            )
            .to_string(),
        ],
        Renkei::NotInTable => vec![
            lang.pick(
                "特定事業所医療介護連携加算: 規則表に条件がありません（careplan rules で確認）",
                "Medical and care liaison addition: the rules table gives no conditions (see careplan rules)",
            )
            .to_string(),
        ],
        Renkei::Checked {
            name,
            filed,
            lines,
            unsure,
        } => {
            let ym = month.format("%Y-%m");
            let unsure = if *unsure {
                lang.pick("【要確認】", " [unconfirmed]")
            } else {
                ""
            };
            let filed = if *filed {
                ""
            } else {
                lang.pick("（届出なし）", " (not filed)")
            };
            let mut out = vec![match lang {
                Lang::Ja => format!("{name} の条件（{ym}）{unsure}{filed}"),
                Lang::En => format!("{name}: conditions in {ym}{unsure}{filed}"),
            }];
            out.extend(lines.iter().map(|l| {
                format!(" {} {}  {}", if l.ok { "✓" } else { "✗" }, l.what, l.figures)
            }));
            out
        }
    }
}

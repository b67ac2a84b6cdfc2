//! The 特定事業所加算 check as text: one heading, a ✓/✗ line per condition with its figures,
//! and the conditions the records cannot prove. The office panel and `careplan office tokutei`
//! print these same lines.

use crate::domain::Lang;
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
    out.push(
        lang.pick(
            "記録では確認できません（届出の根拠を別に保管）:",
            "Cannot be proven from the records (keep the evidence):",
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

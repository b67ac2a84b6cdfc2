//! Fields with a fixed set of values (状態, 認定状況, 性別, 要介護度, 連絡方法 …): one rule for how
//! a typed value picks one of them, shared by forms, the CLI and imports.
//!
//! A value is picked by any of its spellings — the Japanese label, the English label, the stored
//! code, or an alias — compared after folding full-width characters and case. When nothing
//! matches exactly, the beginning of a spelling is enough if it fits only one value (`検討` →
//! 検討中, `fa` → FAX); a beginning that fits several is refused with those values named.

use super::Lang;
use super::validation::{Invalid, fold_ascii};

/// A field whose value is one of a fixed list.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every value, in the order a picker cycles through them.
    fn all() -> &'static [Self];
    /// What the user sees in this language.
    fn label(self, lang: Lang) -> &'static str;
    /// What is stored: the same whatever the interface language.
    fn code(self) -> &'static str;
    /// What the field is called, for messages (`要介護度`, `care level`).
    fn field_name(lang: Lang) -> &'static str;
    /// Other spellings accepted when typed (codes of other systems, short forms, old labels).
    fn aliases(self) -> &'static [&'static str] {
        &[]
    }
    /// An exact spelling (label in either language, code or alias), else a beginning that fits
    /// only one value. Empty input is "required".
    fn parse_choice(input: &str) -> Result<Self, Invalid> {
        let all = Self::all();
        let spellings = |i: usize| {
            let c = all[i];
            [c.label(Lang::Ja), c.label(Lang::En), c.code()]
                .into_iter()
                .chain(c.aliases().iter().copied())
                .collect::<Vec<_>>()
        };
        match pick_index(input, all.len(), spellings) {
            Ok(i) => Ok(all[i]),
            Err(Pick::Required) => Err(Invalid::required()),
            Err(Pick::Nothing) => Err(not_one_of::<Self>()),
            Err(Pick::Several(fits)) => Err(ambiguous(
                input.trim(),
                &fits.into_iter().map(|i| all[i]).collect::<Vec<_>>(),
            )),
        }
    }
}

/// Why typed text picked no value.
enum Pick {
    Required,
    Nothing,
    /// The indexes of the values whose spellings begin with it.
    Several(Vec<usize>),
}

/// The one rule of picking: an exact spelling of one of `n` values, else a beginning that fits
/// only one of them.
fn pick_index<'s>(
    input: &str,
    n: usize,
    spellings: impl Fn(usize) -> Vec<&'s str>,
) -> Result<usize, Pick> {
    let key = fold_key(input);
    if key.is_empty() {
        return Err(Pick::Required);
    }
    let folded: Vec<Vec<String>> = (0..n)
        .map(|i| spellings(i).into_iter().map(fold_key).collect())
        .collect();
    if let Some(i) = (0..n).find(|&i| folded[i].contains(&key)) {
        return Ok(i);
    }
    let fits: Vec<usize> = (0..n)
        .filter(|&i| folded[i].iter().any(|s| s.starts_with(&key)))
        .collect();
    match fits.as_slice() {
        [one] => Ok(*one),
        [] => Err(Pick::Nothing),
        _ => Err(Pick::Several(fits)),
    }
}

/// The same rule for a list known only at run time (the office's case-record categories):
/// `spellings` gives every spelling of an item, `label` its name in a language, `field` the
/// field's name (Japanese, English) for messages.
pub fn pick<'a, T>(
    input: &str,
    items: &'a [T],
    spellings: impl Fn(&'a T) -> Vec<&'a str>,
    label: impl Fn(&'a T, Lang) -> &'a str,
    field: (&str, &str),
) -> Result<&'a T, Invalid> {
    let names = |idx: &mut dyn Iterator<Item = usize>, lang: Lang, sep: &str| {
        idx.map(|i| label(&items[i], lang))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match pick_index(input, items.len(), |i| spellings(&items[i])) {
        Ok(i) => Ok(&items[i]),
        Err(Pick::Required) => Err(Invalid::required()),
        Err(Pick::Nothing) => Err(Invalid::new(
            format!(
                "{}は {} のいずれかです（先頭の数文字でも選べます）",
                field.0,
                names(&mut (0..items.len()), Lang::Ja, "・")
            ),
            format!(
                "{} must be one of: {} (the first few letters are enough)",
                field.1,
                names(&mut (0..items.len()), Lang::En, ", ")
            ),
        )),
        Err(Pick::Several(fits)) => {
            let typed = input.trim();
            Err(Invalid::new(
                format!(
                    "「{typed}」では {} のどれか決まりません。もう少し入力してください",
                    names(&mut fits.iter().copied(), Lang::Ja, "・")
                ),
                format!(
                    "\"{typed}\" could be {}; type more of it",
                    names(&mut fits.iter().copied(), Lang::En, " / ")
                ),
            ))
        }
    }
}

/// How typed text and spellings are compared: full-width folded to ASCII, lower case.
pub(crate) fn fold_key(s: &str) -> String {
    fold_ascii(s).to_lowercase()
}

fn labels<C: Choice>(values: &[C], lang: Lang, sep: &str) -> String {
    values
        .iter()
        .map(|c| c.label(lang))
        .collect::<Vec<_>>()
        .join(sep)
}

/// "X は A・B・C のいずれかです": nothing begins with what was typed.
pub fn not_one_of<C: Choice>() -> Invalid {
    Invalid::new(
        format!(
            "{}は {} のいずれかです（先頭の数文字でも選べます）",
            C::field_name(Lang::Ja),
            labels(C::all(), Lang::Ja, "・")
        ),
        format!(
            "{} must be one of: {} (the first few letters are enough)",
            C::field_name(Lang::En),
            labels(C::all(), Lang::En, ", ")
        ),
    )
}

fn ambiguous<C: Choice>(typed: &str, fits: &[C]) -> Invalid {
    Invalid::new(
        format!(
            "「{typed}」では {} のどれか決まりません。もう少し入力してください",
            labels(fits, Lang::Ja, "・")
        ),
        format!(
            "\"{typed}\" could be {}; type more of it",
            labels(fits, Lang::En, " / ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::area::AreaGrade;
    use crate::domain::care_level::{CareLevel, CertStatus};
    use crate::domain::channel::Channel;
    use crate::domain::enrollment::{ExchangeUse, ProviderStatus, Source, Stage};
    use crate::domain::plan::PlanStatus;
    use crate::domain::sex::Sex;
    use crate::domain::staff_role::StaffRole;

    /// Every value is reached by each of its own spellings, codes are unique and ASCII, and
    /// English labels are not the Japanese ones.
    fn well_formed<C: Choice + std::fmt::Debug>() {
        let mut codes = std::collections::HashSet::new();
        for &c in C::all() {
            assert!(codes.insert(c.code()), "{c:?}: code twice");
            assert!(c.code().is_ascii(), "{c:?}");
            assert!(c.label(Lang::En).is_ascii(), "{c:?}: English label");
            for s in [c.label(Lang::Ja), c.label(Lang::En), c.code()]
                .into_iter()
                .chain(c.aliases().iter().copied())
            {
                assert_eq!(C::parse_choice(s), Ok(c), "{s}");
            }
        }
    }

    #[test]
    fn every_choice_is_well_formed() {
        well_formed::<PlanStatus>();
        well_formed::<CertStatus>();
        well_formed::<CareLevel>();
        well_formed::<Sex>();
        well_formed::<Channel>();
        well_formed::<StaffRole>();
        well_formed::<AreaGrade>();
        well_formed::<ProviderStatus>();
        well_formed::<Source>();
        well_formed::<ExchangeUse>();
        well_formed::<Stage>();
    }

    #[test]
    fn a_unique_beginning_is_enough() {
        assert_eq!(Stage::parse_choice("検討"), Ok(Stage::Considering));
        assert_eq!(
            PlanStatus::parse_choice("同意"),
            Ok(PlanStatus::AwaitingConsent)
        );
        assert_eq!(
            PlanStatus::parse_choice("awaiting"),
            Ok(PlanStatus::AwaitingConsent)
        );
        assert_eq!(CertStatus::parse_choice("認定"), Ok(CertStatus::Certified));
        assert_eq!(Channel::parse_choice("fa"), Ok(Channel::Fax));
        assert_eq!(Channel::parse_choice("ＦＡ"), Ok(Channel::Fax));
        assert_eq!(
            StaffRole::parse_choice("主任"),
            Ok(StaffRole::ChiefCareManager)
        );
        assert_eq!(Sex::parse_choice("fem"), Ok(Sex::Female));
        assert_eq!(CareLevel::parse_choice("要支援２"), Ok(CareLevel::Support2));
        assert_eq!(
            ProviderStatus::parse_choice("加入予定"),
            Ok(ProviderStatus::Pledged)
        );
    }

    #[test]
    fn an_exact_spelling_wins_over_a_longer_one() {
        // "ケアマネ" is an alias of 介護支援専門員 and also begins "ケアマネジャー".
        assert_eq!(
            StaffRole::parse_choice("ケアマネ"),
            Ok(StaffRole::CareManager)
        );
        // "m" is an alias of male, though it begins nothing else either.
        assert_eq!(Sex::parse_choice("f"), Ok(Sex::Female));
    }

    #[test]
    fn an_ambiguous_beginning_names_the_candidates() {
        let e = ProviderStatus::parse_choice("加入").unwrap_err();
        let ja = e.message(Lang::Ja);
        assert!(ja.contains("「加入」"), "{ja}");
        for l in ["加入済み", "加入予定（誓約）", "加入しない"] {
            assert!(ja.contains(l), "{ja}");
        }
        assert!(!ja.contains("未加入"), "{ja}");
        let en = e.message(Lang::En);
        assert!(en.contains("enrolled / pledged / declined"), "{en}");
        assert!(CareLevel::parse_choice("要介護").is_err());
    }

    #[test]
    fn nothing_fitting_lists_every_value() {
        let e = PlanStatus::parse_choice("承認").unwrap_err();
        assert!(e.message(Lang::Ja).contains("下書き・同意待ち・確定"));
        assert_eq!(CareLevel::parse_choice(" "), Err(Invalid::required()));
    }

    #[test]
    fn care_levels_cycle_in_the_order_they_are_chosen_most() {
        let ja: Vec<&str> = CareLevel::all().iter().map(|c| c.label(Lang::Ja)).collect();
        assert_eq!(
            ja[..7],
            [
                "要支援1",
                "要支援2",
                "要介護1",
                "要介護2",
                "要介護3",
                "要介護4",
                "要介護5"
            ]
        );
    }
}

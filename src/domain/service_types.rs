//! サービス種類コード, read from assets/service_types.tsv (it changes at fee revisions).

use super::Lang;
use super::validation::{Invalid, fold_ascii};

const TABLE_TSV: &str = include_str!("../../assets/service_types.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceType {
    pub code: &'static str,
    pub group: &'static str,
    pub name: &'static str,
    /// The board's cell label (訪介, 通所, 福祉用具): the name is on the line below the board.
    pub short: &'static str,
    /// The name in English screens (home help, day care).
    pub name_en: &'static str,
    /// The board's cell label in English screens (help, day, equip).
    pub short_en: &'static str,
}

impl ServiceType {
    /// 訪問介護 / home help.
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.name, self.name_en)
    }
    /// 訪介 / help: the board's cell label.
    pub fn short(&self, lang: Lang) -> &'static str {
        lang.pick(self.short, self.short_en)
    }
}

/// Every service type in the data file, in file order.
pub fn all() -> impl Iterator<Item = ServiceType> {
    TABLE_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("code\t") && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some(ServiceType {
                code: f.next()?,
                group: f.next()?,
                name: f.next()?,
                short: f.next()?,
                name_en: f.next()?,
                short_en: f.next()?,
            })
        })
}

/// The codes of a group of the table (`wage_support`, `nursing_rehab`…), in file order;
/// empty for a group the table does not have.
pub fn in_group(group: &str) -> Vec<&'static str> {
    all().filter(|t| t.group == group).map(|t| t.code).collect()
}

pub fn find(code: &str) -> Option<ServiceType> {
    all().find(|t| t.code == code)
}

/// The short name of a code for the board's cells; an unknown code is shown as itself.
pub fn short(code: &str, lang: Lang) -> &str {
    find(code).map(|t| t.short(lang)).unwrap_or(code)
}

/// Parses a space- or comma-separated list of codes (e.g. "11 15"); every code must be known.
pub fn parse_list(input: &str) -> Result<Vec<&'static str>, Invalid> {
    let s = fold_ascii(input).to_ascii_uppercase();
    let mut out = Vec::new();
    for code in s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '、')
        .filter(|c| !c.is_empty())
    {
        let t = find(code).ok_or_else(|| {
            Invalid::new(
                format!("サービス種類コード「{code}」は登録されていません（例: 11 訪問介護、15 通所介護、17 福祉用具貸与）"),
                format!("unknown service type code \"{code}\" (e.g. 11 home help, 15 day care, 17 equipment rental)"),
            )
        })?;
        if !out.contains(&t.code) {
            out.push(t.code);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn table_loads_and_parses() {
        assert!(all().count() >= 30);
        assert_eq!(find("11").unwrap().name, "訪問介護");
        assert_eq!(parse_list("11 １５,a5").unwrap(), vec!["11", "15", "A5"]);
        assert!(parse_list("99").is_err());
    }

    /// The wage support (②, 2025-12..2026-05) and the FY2026 ロ tiers via the exchange concern
    /// the 訪問・通所 services holding 処遇改善加算; 訪問看護・訪問リハ (13/14, 63/64) hold none and
    /// have their own 加算 from 2026-06, so they are a group of their own.
    #[test]
    fn the_wage_support_group_leaves_out_home_nursing_and_rehab() {
        assert_eq!(
            in_group("wage_support"),
            [
                "11", "12", "15", "16", "71", "72", "76", "78", "62", "66", "74", "A1", "A2", "A5",
                "A6"
            ]
        );
        assert_eq!(in_group("nursing_rehab"), ["13", "14", "63", "64"]);
        assert!(in_group("visit_day").is_empty());
    }

    #[test]
    fn every_type_has_a_short_name_for_the_board() {
        assert_eq!(all().filter(|t| t.short.is_empty()).count(), 0);
        assert_eq!(all().filter(|t| t.name_en.is_empty()).count(), 0);
        assert_eq!(find("11").unwrap().name(Lang::En), "home help");
        assert_eq!(find("11").unwrap().name(Lang::Ja), "訪問介護");
        assert_eq!(
            all().count(),
            TABLE_TSV.lines().filter(|l| l.contains('\t')).count() - 1
        );
        assert_eq!(short("11", Lang::Ja), "訪介");
        assert_eq!(short("15", Lang::Ja), "通所");
        assert_eq!(short("17", Lang::Ja), "福祉用具");
        assert_eq!(short("17", Lang::En), "equip");
        assert_eq!(short("ZZ", Lang::En), "ZZ");
        // Every type has an English cell label.
        assert!(all().all(|t| !t.short_en.is_empty() && t.short_en.is_ascii()));
    }
}

//! Who may send which file to whom: the flows of the standard, in one table. The usual direction
//! is 居宅 → provider for plans and schedules and provider → 居宅 for actuals; a 居宅 doing
//! 介護予防支援 under a 委託 also sends 予定+実績 (UPJSK) on to the 地域包括支援センター and
//! receives the 利用者基本情報 / 計画書 (UPKIHON, UPYOBO) that the centre wrote.

use super::names::Prefix;

/// The kind of office at one end of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 居宅介護支援事業所 (careplan's own office is always one).
    CareOffice,
    /// A service provider (訪問介護, 通所介護, …).
    Provider,
    /// 地域包括支援センター (介護予防支援).
    SupportCentre,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::CareOffice => "居宅介護支援事業所",
            Role::Provider => "サービス事業所",
            Role::SupportCentre => "地域包括支援センター",
        }
    }

    /// The role a service type code (as in file names) stands for.
    pub fn of_service_type(code: &str) -> Role {
        match code {
            "43" => Role::CareOffice,
            // 介護予防支援 and 介護予防ケアマネジメント are the centre's.
            "46" | "AF" => Role::SupportCentre,
            _ => Role::Provider,
        }
    }

    /// Without a service type (ver.3 names): the third digit of an office number is 0 for a
    /// 介護予防支援事業所 (the centre).
    pub fn of_office_number(number: &str) -> Role {
        if number.as_bytes().get(2) == Some(&b'0') {
            Role::SupportCentre
        } else {
            Role::Provider
        }
    }
}

/// What a legal flow means for the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// The 居宅 sent plan forms or a schedule to a provider.
    ToProvider,
    /// A provider sent its actuals (or took them back).
    FromProvider,
    /// The 居宅 sent 予定+実績 on to the centre (予防委託).
    OnToCentre,
    /// The centre sent what it wrote to the 居宅, to be passed on to providers (予防委託).
    FromCentre,
}

use Meaning::*;
use Prefix::*;
use Role::*;

/// (prefix, sender, receiver, meaning): every flow of the standard an office takes part in.
const FLOWS: &[(Prefix, Role, Role, Meaning)] = &[
    (UpHosoku, CareOffice, Provider, ToProvider),
    (Up1Kyo, CareOffice, Provider, ToProvider),
    (Up2Kyo, CareOffice, Provider, ToProvider),
    (Up3Kyo, CareOffice, Provider, ToProvider),
    (Dlt1Kyo, CareOffice, Provider, ToProvider),
    (UpPlan, CareOffice, Provider, ToProvider),
    (UpSikyu, CareOffice, Provider, ToProvider),
    (DltPlan, CareOffice, Provider, ToProvider),
    (UpJsk, Provider, CareOffice, FromProvider),
    (DltJsk, Provider, CareOffice, FromProvider),
    (UpJsk, CareOffice, SupportCentre, OnToCentre),
    (UpKihon, CareOffice, Provider, ToProvider),
    (UpKihonSub1, CareOffice, Provider, ToProvider),
    (UpKihonSub2, CareOffice, Provider, ToProvider),
    (UpKihonImage, CareOffice, Provider, ToProvider),
    (DltKihon, CareOffice, Provider, ToProvider),
    (UpYobo, CareOffice, Provider, ToProvider),
    (UpYoboSub, CareOffice, Provider, ToProvider),
    (DltYobo, CareOffice, Provider, ToProvider),
    (UpKihon, SupportCentre, CareOffice, FromCentre),
    (UpKihonSub1, SupportCentre, CareOffice, FromCentre),
    (UpKihonSub2, SupportCentre, CareOffice, FromCentre),
    (UpKihonImage, SupportCentre, CareOffice, FromCentre),
    (DltKihon, SupportCentre, CareOffice, FromCentre),
    (UpYobo, SupportCentre, CareOffice, FromCentre),
    (UpYoboSub, SupportCentre, CareOffice, FromCentre),
    (DltYobo, SupportCentre, CareOffice, FromCentre),
];

/// What a file from `sender` to `receiver` means, or why the standard has no such flow.
pub fn meaning(prefix: Prefix, sender: Role, receiver: Role) -> Result<Meaning, String> {
    if let Some(f) = FLOWS
        .iter()
        .find(|f| f.0 == prefix && f.1 == sender && f.2 == receiver)
    {
        return Ok(f.3);
    }
    let legal: Vec<String> = FLOWS
        .iter()
        .filter(|f| f.0 == prefix)
        .map(|f| format!("{}→{}", f.1.label(), f.2.label()))
        .collect();
    Err(format!(
        "{} を{}が{}へ送る流れは標準仕様にありません（{} は {} だけです）",
        prefix.name(),
        sender.label(),
        receiver.label(),
        prefix.name(),
        legal.join("、")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_flows_and_the_two_preventive_commission_flows() {
        assert_eq!(meaning(UpPlan, CareOffice, Provider), Ok(ToProvider));
        assert_eq!(meaning(UpJsk, Provider, CareOffice), Ok(FromProvider));
        assert_eq!(meaning(UpJsk, CareOffice, SupportCentre), Ok(OnToCentre));
        assert_eq!(meaning(UpKihon, SupportCentre, CareOffice), Ok(FromCentre));
        assert_eq!(meaning(UpYobo, SupportCentre, CareOffice), Ok(FromCentre));
    }

    #[test]
    fn anything_else_is_refused_naming_both_ends_and_the_legal_flows() {
        let e = meaning(UpPlan, Provider, CareOffice).unwrap_err();
        assert!(e.contains("サービス事業所が居宅介護支援事業所へ"), "{e}");
        assert!(e.contains("居宅介護支援事業所→サービス事業所"), "{e}");
        assert!(meaning(UpJsk, CareOffice, Provider).is_err());
        assert!(meaning(UpPlan, CareOffice, SupportCentre).is_err());
        assert!(meaning(UpKihon, CareOffice, SupportCentre).is_err());
    }

    #[test]
    fn roles_from_names_and_numbers() {
        assert_eq!(Role::of_service_type("46"), SupportCentre);
        assert_eq!(Role::of_service_type("43"), CareOffice);
        assert_eq!(Role::of_service_type("11"), Provider);
        assert_eq!(Role::of_office_number("1300600077"), SupportCentre);
        assert_eq!(Role::of_office_number("1370000029"), Provider);
    }
}

//! How forms and questions name the record they act on, so nobody saves onto the wrong one:
//! a client by name and 被保険者番号, a provider by name and 事業所番号, a month as 2026年12月.

use super::form::FormKind;
use super::model::Data;
use super::record::Record;
use crate::domain::Lang;
use chrono::NaiveDate;

/// 「山田 花子（被保険者番号 0000012345）」
pub fn client(data: &Data, id: i64, lang: Lang) -> String {
    data.clients
        .iter()
        .find(|c| c.id == id)
        .map(|c| match lang {
            Lang::Ja => format!("{}（被保険者番号 {}）", c.name, c.insured_number),
            Lang::En => format!("{} (insured no. {})", c.name, c.insured_number),
        })
        .unwrap_or_default()
}

/// 「ひまわり訪問介護（事業所番号 1370000001）」
pub fn provider(data: &Data, id: i64, lang: Lang) -> String {
    data.providers
        .iter()
        .find(|p| p.id == id)
        .map(|p| {
            let number = p.fields.office_number.as_str();
            match lang {
                Lang::Ja => format!("{}（事業所番号 {number}）", p.fields.name),
                Lang::En => format!("{} (office no. {number})", p.fields.name),
            }
        })
        .unwrap_or_default()
}

/// 「2026年12月」 / "December 2026"
pub fn month(m: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ja => m.format("%Y年%-m月").to_string(),
        Lang::En => m.format("%B %Y").to_string(),
    }
}

pub fn staff(data: &Data, id: i64) -> String {
    data.staff
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.name.clone())
        .unwrap_or_default()
}

fn office(data: &Data) -> String {
    data.office
        .as_ref()
        .map(|o| match &o.office_number {
            Some(n) => format!("{}（{n}）", o.name),
            None => o.name.clone(),
        })
        .unwrap_or_default()
}

/// The record a form acts on; empty for a form that creates a new one.
pub fn of_form(data: &Data, kind: &FormKind, lang: Lang) -> String {
    match kind {
        FormKind::EditClient { id, .. } | FormKind::EndContract { id, .. } => {
            client(data, *id, lang)
        }
        FormKind::AddCertification { client_id }
        | FormKind::NoBenefitMonth { client_id }
        | FormKind::NewPlan { client_id }
        | FormKind::PlanStatus { client_id, .. } => client(data, *client_id, lang),
        FormKind::AddMonthProvider {
            client_id,
            month: m,
        } => {
            format!("{} {}", client(data, *client_id, lang), month(*m, lang))
        }
        FormKind::EditProvider { id, .. } => provider(data, *id, lang),
        FormKind::RecordObservation { provider_id } | FormKind::AddOutreach { provider_id } => {
            provider(data, *provider_id, lang)
        }
        FormKind::EditStaff { id, .. } | FormKind::StaffLeaves { id } => staff(data, *id),
        FormKind::EditOffice { .. }
        | FormKind::EditOfficeExchange { .. }
        | FormKind::BusinessHours
        | FormKind::BusinessDays { .. }
        | FormKind::WithdrawDays
        | FormKind::OfficePeriod => office(data),
        FormKind::EditCertification { client_id, .. }
        | FormKind::NewNote { client_id, .. }
        | FormKind::HandOver { client_id, .. }
        | FormKind::PaperCheck { client_id, .. }
        | FormKind::VideoConsent { client_id }
        | FormKind::Stay { client_id, .. }
        | FormKind::Terminal { client_id }
        | FormKind::SameBuilding { client_id, .. }
        | FormKind::EditPlan { client_id, .. }
        | FormKind::EditAssignment { client_id, .. } => client(data, *client_id, lang),
        FormKind::EditFte { staff_id, .. } => staff(data, *staff_id),
        FormKind::EditObservation { provider_id, .. }
        | FormKind::EditOutreach { provider_id, .. } => provider(data, *provider_id, lang),
        FormKind::Withdraw { record, what } => format!("{} {what}", of_record(data, record, lang)),
        FormKind::NewClient | FormKind::NewProvider | FormKind::NewStaff => String::new(),
        FormKind::ConcentrationNote {
            period,
            service_type,
            ..
        } => {
            let period = crate::domain::concentration::PeriodId::parse(period)
                .map(|p| p.label(lang))
                .unwrap_or_else(|_| period.clone());
            format!(
                "{period} {}",
                crate::present::concentration::service_name(service_type, lang)
            )
        }
    }
}

/// The client, staff member or provider a record belongs to.
pub fn of_record(data: &Data, record: &Record, lang: Lang) -> String {
    match record {
        Record::Certification { client_id, .. }
        | Record::Plan { client_id, .. }
        | Record::Assignment { client_id, .. }
        | Record::NoBenefit { client_id, .. }
        | Record::Stay { client_id, .. }
        | Record::SameBuilding { client_id, .. }
        | Record::CaseNote { client_id, .. } => client(data, *client_id, lang),
        Record::Fte { staff_id, .. } => staff(data, *staff_id),
        Record::Observation { provider_id, .. } | Record::Outreach { provider_id, .. } => {
            provider(data, *provider_id, lang)
        }
    }
}

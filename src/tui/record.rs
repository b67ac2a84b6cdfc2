//! A record a correction or withdrawal acts on, named by what its forms need to find it again
//! (its id, the version read, and whose it is). Plain data: forms and drafts carry it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One correctable record, with what its forms need to find it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Record {
    Certification {
        id: i64,
        version: i64,
        client_id: i64,
    },
    Plan {
        id: i64,
        version: i64,
        client_id: i64,
    },
    Assignment {
        id: i64,
        version: i64,
        client_id: i64,
    },
    NoBenefit {
        client_id: i64,
        month: NaiveDate,
    },
    Fte {
        id: i64,
        version: i64,
        staff_id: i64,
    },
    Observation {
        id: i64,
        version: i64,
        provider_id: i64,
    },
    Outreach {
        id: i64,
        version: i64,
        provider_id: i64,
    },
    /// A hospital or facility stay.
    Stay {
        id: i64,
        version: i64,
        client_id: i64,
    },
    /// A 同一建物減算 period.
    SameBuilding {
        id: i64,
        version: i64,
        client_id: i64,
    },
    /// A case-record entry: withdrawn by a new entry that names it (it has no version: a
    /// second withdrawal or correction of it is refused by the store).
    CaseNote {
        id: i64,
        client_id: i64,
    },
}

impl Record {
    /// Whether a form corrects it (a month without 給付管理 is only withdrawn, or marked again).
    pub fn editable(&self) -> bool {
        !matches!(self, Record::NoBenefit { .. })
    }
}

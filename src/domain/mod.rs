//! Pure types and rules of the care-management office. No SQL, no terminal, no file I/O.

pub mod area;
pub mod business_calendar;
pub mod calendar;
pub mod care_level;
pub mod case_record;
pub mod caseload;
pub mod certification;
pub mod channel;
pub mod choice;
pub mod claims;
pub mod concentration;
pub mod dates;
pub mod deadlines;
pub mod delivery;
pub mod enrollment;
pub mod exchange_move;
pub mod fee;
pub mod fte;
pub mod ids;
pub mod kana;
pub mod kasan;
pub mod lang;
pub mod monitoring;
pub mod month_money;
pub mod operating_cut;
pub mod phone;
pub mod plan;
pub mod plan_steps;
pub mod rules;
pub mod search;
pub mod service_types;
pub mod sex;
pub mod staff_role;
pub mod validation;

pub use lang::Lang;

//! The 件数 screen's room: the month, filters and what-if (footer and help from the keymap's
//! `Context::Caseload`).

use super::keymap::Command;
use super::model::Model;
use super::room::move_cursor;
use super::update::Effect;

/// The 件数 screen's keys; None = not one of them (handled as on every tab).
pub fn command(m: &mut Model, cmd: Command) -> Option<Vec<Effect>> {
    match cmd {
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last => {
            let page = m.page;
            move_cursor(&mut m.caseload.list, cmd, page);
        }
        Command::PrevMonth
        | Command::NextMonth
        | Command::CycleBand
        | Command::CycleCareManager
        | Command::MoreCare
        | Command::LessCare
        | Command::MoreSupport
        | Command::LessSupport
        | Command::MoreFte
        | Command::LessFte
        | Command::CycleFeeSchedule
        | Command::ResetWhatIf => caseload_command(m, cmd),
        _ => return None,
    }
    Some(vec![])
}

/// The 件数 screen's month, filters and what-if; every change recomputes the figures.
fn caseload_command(m: &mut Model, cmd: Command) {
    use crate::domain::caseload::{Band, FeeSchedule};
    use crate::domain::fte::Fte;
    let v = &mut m.caseload;
    let step = |f: Option<Fte>, actual: Fte, delta: i64| {
        let h = i64::from(f.unwrap_or(actual).hundredths()) + delta;
        Some(Fte::from_hundredths(h.clamp(0, 99_99) as u32))
    };
    let actual_fte = v.actual.as_ref().map(|c| c.fte).unwrap_or_default();
    match cmd {
        Command::PrevMonth => v.month = v.month - chrono::Months::new(1),
        Command::NextMonth => v.month = v.month + chrono::Months::new(1),
        Command::CycleBand => {
            v.band_filter = match v.band_filter {
                None => Some(Band::I),
                Some(Band::I) => Some(Band::Ii),
                Some(Band::Ii) => Some(Band::Iii),
                Some(Band::Iii) => None,
            };
            v.list.selected = 0;
        }
        Command::CycleCareManager => {
            let ids: Vec<i64> = v
                .actual
                .iter()
                .flat_map(|c| c.care_managers.iter().map(|x| x.staff_id))
                .collect();
            let next = match v
                .care_manager_filter
                .and_then(|cur| ids.iter().position(|i| *i == cur))
            {
                None => ids.first().copied(),
                Some(p) => ids.get(p + 1).copied(),
            };
            v.care_manager_filter = next;
            v.list.selected = 0;
        }
        Command::MoreCare => v.what_if.add_care += 1,
        Command::LessCare => v.what_if.add_care -= 1,
        Command::MoreSupport => v.what_if.add_support += 1,
        Command::LessSupport => v.what_if.add_support -= 1,
        Command::MoreFte => v.what_if.fte = step(v.what_if.fte, actual_fte, 10),
        Command::LessFte => v.what_if.fte = step(v.what_if.fte, actual_fte, -10),
        Command::CycleFeeSchedule => {
            v.what_if.fee_schedule = match v.what_if.fee_schedule {
                None => Some(FeeSchedule::I),
                Some(FeeSchedule::I) => Some(FeeSchedule::II),
                Some(FeeSchedule::II) => None,
            }
        }
        Command::ResetWhatIf => v.what_if = Default::default(),
        _ => {}
    }
    if v.what_if.fte == Some(actual_fte) {
        v.what_if.fte = None;
    }
    if matches!(cmd, Command::PrevMonth | Command::NextMonth) {
        m.recompute_caseload();
    } else {
        m.recompute_caseload_figures();
    }
}

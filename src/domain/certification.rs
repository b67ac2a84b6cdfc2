//! Certifications (要介護認定) of one client: no two certified periods overlap, except that a
//! 区分変更 (change of level) ends the certification it replaces the day before it starts.

use super::care_level::CertStatus;
use super::dates::iso;
use super::validation::Invalid;
use chrono::NaiveDate;

/// What the overlap rule needs of a certification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CertSpan {
    pub valid_from: NaiveDate,
    /// None: open-ended (an application still pending).
    pub valid_to: Option<NaiveDate>,
    pub status: CertStatus,
    pub change_of_level: bool,
}

/// Where a certification about to be saved fits among the client's others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// It overlaps no certified period (or it is only an application).
    Clear,
    /// A 区分変更: `others[i]` ends the day before it (`new_valid_to`).
    Shortens {
        index: usize,
        new_valid_to: NaiveDate,
    },
}

fn period(s: &CertSpan) -> String {
    format!(
        "{}〜{}",
        iso(s.valid_from),
        s.valid_to.map(iso).unwrap_or_default()
    )
}

fn overlap(a: &CertSpan, b: &CertSpan) -> bool {
    a.valid_to.is_none_or(|t| t >= b.valid_from) && b.valid_to.is_none_or(|t| t >= a.valid_from)
}

/// The rule: a 認定済 certification may not overlap another 認定済 one of the same client
/// (`others`: the client's other certifications, withdrawn ones left out). A 区分変更 may
/// overlap one earlier-starting certification, which then ends the day before it. 申請中
/// (pending) may overlap anything.
pub fn place(new: &CertSpan, others: &[CertSpan]) -> Result<Placement, Invalid> {
    if new.status != CertStatus::Certified {
        return Ok(Placement::Clear);
    }
    let hits: Vec<usize> = others
        .iter()
        .enumerate()
        .filter(|(_, o)| o.status == CertStatus::Certified && overlap(new, o))
        .map(|(i, _)| i)
        .collect();
    let refuse = |o: &CertSpan| {
        Invalid::new(
            format!(
                "認定有効期間 {} は、同じ利用者の認定 {} と重なっています。期間を直してください（区分変更なら区分変更として登録すると、前の認定は前日までになります）",
                period(new),
                period(o)
            ),
            format!(
                "validity {} overlaps the client's certification {}: correct the period, or mark it as a change of level (区分変更) to end the earlier one the day before",
                period(new),
                period(o)
            ),
        )
    };
    match hits.as_slice() {
        [] => Ok(Placement::Clear),
        [i, ..] if !new.change_of_level => Err(refuse(&others[*i])),
        [i] if others[*i].valid_from < new.valid_from => Ok(Placement::Shortens {
            index: *i,
            new_valid_to: new.valid_from - chrono::Duration::days(1),
        }),
        [i] => Err(Invalid::new(
            format!(
                "区分変更の認定 {} は、置き換える認定 {} より後に始まる必要があります。開始日を確かめてください",
                period(new),
                period(&others[*i])
            ),
            format!(
                "a change of level ({}) must start after the certification it replaces ({})",
                period(new),
                period(&others[*i])
            ),
        )),
        [_, j, ..] => Err(refuse(&others[*j])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn c(from: &str, to: &str, change: bool) -> CertSpan {
        CertSpan {
            valid_from: d(from),
            valid_to: Some(d(to)),
            status: CertStatus::Certified,
            change_of_level: change,
        }
    }

    #[test]
    fn certified_periods_may_not_overlap() {
        let others = [c("2025-04-01", "2026-03-31", false)];
        assert_eq!(
            place(&c("2026-04-01", "2027-03-31", false), &others),
            Ok(Placement::Clear)
        );
        let e = place(&c("2026-03-01", "2027-03-31", false), &others).unwrap_err();
        assert!(e.to_string().contains("2025-04-01〜2026-03-31"), "{e}");
        assert!(e.to_string().contains("2026-03-01〜2027-03-31"), "{e}");
    }

    #[test]
    fn a_change_of_level_ends_the_earlier_one_the_day_before() {
        let others = [c("2025-04-01", "2027-03-31", false)];
        assert_eq!(
            place(&c("2026-06-15", "2027-06-30", true), &others),
            Ok(Placement::Shortens {
                index: 0,
                new_valid_to: d("2026-06-14")
            })
        );
        assert!(place(&c("2025-04-01", "2027-06-30", true), &others).is_err());
    }

    #[test]
    fn pending_overlaps_anything() {
        let others = [c("2025-04-01", "2027-03-31", false)];
        let pending = CertSpan {
            valid_from: d("2026-01-01"),
            valid_to: None,
            status: CertStatus::Pending,
            change_of_level: false,
        };
        assert_eq!(place(&pending, &others), Ok(Placement::Clear));
        // …and a pending one is not in the way of a certified one.
        assert_eq!(
            place(&c("2027-04-01", "2028-03-31", false), &[others[0], pending]),
            Ok(Placement::Clear)
        );
    }
}

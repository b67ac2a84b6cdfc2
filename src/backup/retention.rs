//! The daily backups' names and which of them are kept: the latest `keep_daily` days, and the
//! first backup of each of the latest `keep_monthly` months. Only files named as careplan
//! names them are ever considered; anything else in the folder is left alone.

use chrono::{Datelike, NaiveDate};
use color_eyre::eyre::{Result, WrapErr};
use std::path::{Path, PathBuf};

const PREFIX: &str = "careplan-";

/// `careplan-2026-11-25.db`, or `….db.age` when encrypted.
pub fn file_name(day: NaiveDate, encrypted: bool) -> String {
    let ext = if encrypted { ".db.age" } else { ".db" };
    format!("{PREFIX}{}{ext}", day.format("%Y-%m-%d"))
}

/// The day of a daily backup's file name; None for any other file.
pub fn day_of(name: &str) -> Option<NaiveDate> {
    let rest = name.strip_prefix(PREFIX)?;
    let date = rest
        .strip_suffix(".db.age")
        .or_else(|| rest.strip_suffix(".db"))?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// How many backups the daily job keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keep {
    pub daily: u32,
    pub monthly: u32,
}

fn month_index(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

/// Which of `days` (one a backup) go, as of `today`. Never the newest one, nor one dated
/// after today (a clock set wrong once must not cost the backups).
pub fn to_remove(days: &[NaiveDate], today: NaiveDate, keep: Keep) -> Vec<NaiveDate> {
    let newest = days.iter().max().copied();
    let first_daily = today - chrono::Days::new(u64::from(keep.daily.max(1)) - 1);
    let first_month = month_index(today) - i64::from(keep.monthly) + 1;
    let mut sorted = days.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut seen_months = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for d in sorted {
        // Sorted: the first of a month seen is the month's first backup.
        let first_of_month = seen_months.insert(month_index(d));
        let kept = d >= first_daily
            || Some(d) == newest
            || (keep.monthly > 0 && first_of_month && month_index(d) >= first_month);
        if !kept {
            out.push(d);
        }
    }
    out
}

/// The daily backups in `folder` with their day (none when the folder does not exist).
pub fn backups_in(folder: &Path) -> Result<Vec<(NaiveDate, PathBuf)>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(e).wrap_err_with(|| {
                format!("バックアップのフォルダを読めません: {}", folder.display())
            });
        }
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.wrap_err_with(|| {
            format!("バックアップのフォルダを読めません: {}", folder.display())
        })?;
        if let Some(day) = day_of(&entry.file_name().to_string_lossy()) {
            out.push((day, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// Removes the backups in `folder` that `to_remove` lets go; returns them.
pub fn prune(folder: &Path, today: NaiveDate, keep: Keep) -> Result<Vec<PathBuf>> {
    let backups = backups_in(folder)?;
    let days: Vec<NaiveDate> = backups.iter().map(|(d, _)| *d).collect();
    let gone = to_remove(&days, today, keep);
    let mut removed = Vec::new();
    for (day, path) in backups {
        if gone.contains(&day) {
            std::fs::remove_file(&path)
                .wrap_err_with(|| format!("古いバックアップを消せません: {}", path.display()))?;
            removed.push(path);
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn names_round_trip_and_other_files_are_not_backups() {
        let day = d("2026-11-25");
        assert_eq!(day_of(&file_name(day, true)), Some(day));
        assert_eq!(day_of(&file_name(day, false)), Some(day));
        assert_eq!(file_name(day, true), "careplan-2026-11-25.db.age");
        for other in [
            "notes.txt",
            "careplan-2026-13-01.db",
            "careplan-2026-11-25.db.partial",
        ] {
            assert_eq!(day_of(other), None, "{other}");
        }
    }

    #[test]
    fn a_year_of_daily_backups_keeps_14_days_and_12_month_firsts() {
        let today = d("2026-11-25");
        let days: Vec<NaiveDate> = (0..400).map(|i| today - chrono::Days::new(i)).collect();
        let keep = Keep {
            daily: 14,
            monthly: 12,
        };
        let gone = to_remove(&days, today, keep);
        let kept: Vec<NaiveDate> = days.iter().filter(|x| !gone.contains(x)).copied().collect();
        // The 14 latest days, and the first of each month from December 2025 to November.
        assert_eq!(kept.len(), 14 + 12, "{kept:?}");
        assert!(kept.contains(&d("2026-11-12")) && !kept.contains(&d("2026-11-11")));
        for m in [
            "2025-12-01",
            "2026-01-01",
            "2026-06-01",
            "2026-10-01",
            "2026-11-01",
        ] {
            assert!(kept.contains(&d(m)), "{m}");
        }
        assert!(!kept.contains(&d("2025-11-01")) && !kept.contains(&d("2026-10-02")));
    }

    #[test]
    fn the_newest_and_future_ones_are_never_removed() {
        let today = d("2026-11-25");
        let days = [d("2025-01-10"), d("2025-01-20")];
        let gone = to_remove(
            &days,
            today,
            Keep {
                daily: 14,
                monthly: 0,
            },
        );
        assert_eq!(gone, [d("2025-01-10")]);
        let gone = to_remove(
            &[d("2026-12-01")],
            today,
            Keep {
                daily: 1,
                monthly: 0,
            },
        );
        assert!(gone.is_empty());
    }

    #[test]
    fn pruning_a_folder_removes_only_what_the_rule_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let today = d("2026-11-25");
        for i in 0..40 {
            let day = today - chrono::Days::new(i);
            std::fs::write(dir.path().join(file_name(day, i % 2 == 0)), b"x").unwrap();
        }
        std::fs::write(dir.path().join("README.txt"), b"mine").unwrap();
        let removed = prune(
            dir.path(),
            today,
            Keep {
                daily: 14,
                monthly: 12,
            },
        )
        .unwrap();
        // 40 days back from 11-25 reach 10-17: the 14 latest days, November's first (11-01)
        // and October's first there is (10-17).
        let left = backups_in(dir.path()).unwrap();
        assert_eq!(left.len(), 16, "{left:?}");
        assert_eq!(removed.len(), 24);
        assert!(left.iter().any(|(day, _)| *day == d("2026-10-17")));
        assert!(dir.path().join("README.txt").exists());
    }
}

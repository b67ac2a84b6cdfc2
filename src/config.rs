//! The config file (TOML) and where files live. A missing file means defaults; a bad file is an
//! error naming the line, the key and what is allowed.

use crate::domain::Lang;
use crate::domain::dates::DateStyle;
use color_eyre::eyre::{Result, WrapErr, eyre};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorMode {
    /// Colour unless NO_COLOR is set or the output is not a terminal.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Borders {
    #[default]
    Rounded,
    Plain,
    /// For terminals that draw ambiguous-width box characters double.
    Ascii,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub language: Lang,
    pub color: ColorMode,
    pub borders: Borders,
    pub date_display: DateStyle,
    /// Database file; the platform data folder when unset.
    pub database: Option<PathBuf>,
    /// Next month's unsent schedules show on ホーム from this many days before month end.
    pub schedule_warn_days: u32,
    /// A month's actuals are due by this day of the following month.
    pub actuals_due_day: u32,
    /// Clients without a monitoring contact this month show on ホーム from this day of the
    /// month (those missing a second month running show from the 1st).
    pub monitoring_warn_from_day: u32,
    pub exchange: ExchangeConfig,
    pub enrollment: EnrollmentConfig,
}

/// `[enrollment]`: what a paper delivery costs, for the estimate on the 加入 screen and report.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EnrollmentConfig {
    pub fax_page_yen: u32,
    pub pages_per_delivery: u32,
    pub postage_yen: u32,
    pub minutes_per_delivery: u32,
    pub hourly_cost_yen: u32,
    /// How many providers of the ask-first list the saving is estimated for.
    pub top_n: usize,
}

impl Default for EnrollmentConfig {
    fn default() -> Self {
        let c = crate::domain::enrollment::PaperCosts::default();
        EnrollmentConfig {
            fax_page_yen: c.fax_page_yen,
            pages_per_delivery: c.pages_per_delivery,
            postage_yen: c.postage_yen,
            minutes_per_delivery: c.minutes_per_delivery,
            hourly_cost_yen: c.hourly_cost_yen,
            top_n: 5,
        }
    }
}

impl EnrollmentConfig {
    pub fn costs(&self) -> crate::domain::enrollment::PaperCosts {
        crate::domain::enrollment::PaperCosts {
            fax_page_yen: self.fax_page_yen,
            pages_per_delivery: self.pages_per_delivery,
            postage_yen: self.postage_yen,
            minutes_per_delivery: self.minutes_per_delivery,
            hourly_cost_yen: self.hourly_cost_yen,
        }
    }
}

/// `[exchange]`: where the exchange client keeps the files it sent and received.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExchangeConfig {
    /// Folders read (with their subfolders) by the import key of the 計画・送付 tab.
    pub folders: Vec<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            language: Lang::Ja,
            color: ColorMode::Auto,
            borders: Borders::Rounded,
            date_display: DateStyle::Western,
            database: None,
            schedule_warn_days: 7,
            actuals_due_day: 5,
            monitoring_warn_from_day: 1,
            exchange: ExchangeConfig::default(),
            enrollment: EnrollmentConfig::default(),
        }
    }
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "careplan")
}

/// The default config file: `<platform config dir>/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// The default database: `<platform data dir>/careplan.db`.
pub fn default_database_path() -> Result<PathBuf> {
    project_dirs()
        .map(|d| d.data_dir().join("careplan.db"))
        .ok_or_else(|| eyre!("ホームディレクトリが分からないため、データベースの場所を決められません。--db PATH で指定してください"))
}

impl Config {
    pub fn deadline_rules(&self) -> crate::domain::delivery::DeadlineRules {
        crate::domain::delivery::DeadlineRules {
            schedule_warn_days: self.schedule_warn_days,
            actuals_due_day: self.actuals_due_day,
            monitoring_warn_from_day: self.monitoring_warn_from_day,
        }
    }

    /// Reads `explicit` (which must exist) or the default path (which may be missing).
    pub fn load(explicit: Option<&Path>) -> Result<Config> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match default_config_path() {
                Some(p) if p.exists() => p,
                _ => return Ok(Config::default()),
            },
        };
        let text = std::fs::read_to_string(&path)
            .wrap_err_with(|| format!("設定ファイルを読めません: {}", path.display()))?;
        Config::parse(&text)
            .map_err(|e| eyre!("設定ファイル {} に誤りがあります:\n{e}", path.display()))
    }

    /// Parses config text; the error names the line and key, and lists the allowed values.
    pub fn parse(text: &str) -> std::result::Result<Config, String> {
        let c = Config::parse_toml(text)?;
        let line_of = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key))
                .map(|i| format!("{} 行目: ", i + 1))
                .unwrap_or_default()
        };
        if !(1..=28).contains(&c.actuals_due_day) {
            return Err(format!(
                "{}actuals_due_day = {} は使えません。使える値: 1〜28（翌月の何日までに実績が届くか）",
                line_of("actuals_due_day"),
                c.actuals_due_day
            ));
        }
        if !(1..=28).contains(&c.monitoring_warn_from_day) {
            return Err(format!(
                "{}monitoring_warn_from_day = {} は使えません。使える値: 1〜28（月の何日からモニタリング未実施の利用者を表示するか）",
                line_of("monitoring_warn_from_day"),
                c.monitoring_warn_from_day
            ));
        }
        if c.schedule_warn_days > 27 {
            return Err(format!(
                "{}schedule_warn_days = {} は使えません。使える値: 0〜27（月末の何日前から未送付を表示するか）",
                line_of("schedule_warn_days"),
                c.schedule_warn_days
            ));
        }
        Ok(c)
    }

    fn parse_toml(text: &str) -> std::result::Result<Config, String> {
        toml::from_str::<Config>(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            let mut msg = String::new();
            if let Some(l) = line {
                msg.push_str(&format!("{l} 行目: "));
            }
            msg.push_str(e.message().trim());
            msg.push_str(
                "\n使える値: language = ja|en, color = auto|always|never, borders = rounded|plain|ascii, \
                 date_display = western|era, database = \"パス\", \
                 schedule_warn_days = 0〜27, actuals_due_day = 1〜28, monitoring_warn_from_day = 1〜28, \
                 [exchange] folders = [\"フォルダ\", …], \
                 [enrollment] fax_page_yen / pages_per_delivery / postage_yen / minutes_per_delivery / hourly_cost_yen / top_n = 数",
            );
            msg
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_defaults() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
    }

    #[test]
    fn example_file_is_the_defaults() {
        let c = Config::parse(include_str!("../config.example.toml")).unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn bad_value_names_line_and_allowed_values() {
        let e = Config::parse("language = \"ja\"\nborders = \"fancy\"\n").unwrap_err();
        assert!(e.starts_with("2 行目"), "{e}");
        assert!(e.contains("rounded"), "{e}");
    }

    #[test]
    fn deadline_days_out_of_range_are_named_with_their_line() {
        let e = Config::parse("language = \"ja\"\nactuals_due_day = 31\n").unwrap_err();
        assert!(e.starts_with("2 行目") && e.contains("1〜28"), "{e}");
        let c = Config::parse("schedule_warn_days = 3\nactuals_due_day = 10\n").unwrap();
        assert_eq!(c.deadline_rules().actuals_due_day, 10);
    }

    #[test]
    fn exchange_folders_are_a_table_of_paths() {
        let c =
            Config::parse("[exchange]\nfolders = [\"/srv/renkei/send\", \"/srv/renkei/recv\"]\n")
                .unwrap();
        assert_eq!(c.exchange.folders.len(), 2);
        let e = Config::parse("[exchange]\nfolder = \"/x\"\n").unwrap_err();
        assert!(e.contains("folder"), "{e}");
    }

    #[test]
    fn unknown_key_is_named() {
        let e = Config::parse("langauge = \"en\"\n").unwrap_err();
        assert!(e.contains("langauge"), "{e}");
    }
}

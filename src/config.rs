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
    /// The service account that owns the office database (set by the package in the system
    /// file): members of `careplan-users` run careplan as it (see `office_account`).
    pub account: Option<String>,
    pub backup: BackupConfig,
}

/// `[backup]`: the daily backup (`careplan backup daily`) and what `careplan check` watches.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupConfig {
    /// Where the daily backups go; `backups` beside the database when unset.
    pub folder: Option<PathBuf>,
    /// age public keys (age1…) the daily backups are encrypted to; none: plain (owner-only).
    pub recipients: Vec<String>,
    /// How many of the latest days keep their backup.
    pub keep_daily: u32,
    /// How many of the latest months keep their first backup.
    pub keep_monthly: u32,
}

impl Default for BackupConfig {
    fn default() -> Self {
        BackupConfig {
            folder: None,
            recipients: Vec::new(),
            keep_daily: 14,
            keep_monthly: 12,
        }
    }
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
            account: None,
            backup: BackupConfig::default(),
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

/// The office-wide file the package installs, read before the user's own. CAREPLAN_SYSTEM_CONFIG
/// names another (tests, or a server laid out differently); an empty value reads none.
pub fn system_config_path() -> Option<PathBuf> {
    match std::env::var_os("CAREPLAN_SYSTEM_CONFIG") {
        Some(p) if p.is_empty() => None,
        Some(p) => Some(PathBuf::from(p)),
        None => Some(PathBuf::from("/etc/careplan/config.toml")),
    }
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

    /// Reads the system file (when present), then `explicit` (which must exist) or the default
    /// path (which may be missing): a key of the later file replaces the earlier one's, key by
    /// key inside a table too. Each file is checked on its own, so an error names its file.
    pub fn load(explicit: Option<&Path>) -> Result<Config> {
        let mut files = Vec::new();
        if let Some(p) = system_config_path().filter(|p| p.exists()) {
            files.push(p);
        }
        match explicit {
            Some(p) => files.push(p.to_path_buf()),
            None => files.extend(default_config_path().filter(|p| p.exists())),
        }
        let mut merged = toml::Table::new();
        for path in &files {
            let text = std::fs::read_to_string(path)
                .wrap_err_with(|| format!("設定ファイルを読めません: {}", path.display()))?;
            Config::parse(&text)
                .map_err(|e| eyre!("設定ファイル {} に誤りがあります:\n{e}", path.display()))?;
            let table: toml::Table = toml::from_str(&text)
                .wrap_err_with(|| format!("設定ファイルを読めません: {}", path.display()))?;
            merge(&mut merged, table);
        }
        let text = toml::to_string(&merged).wrap_err("設定を組み合わせられません")?;
        Config::parse(&text).map_err(|e| eyre!("設定ファイルの組み合わせに誤りがあります:\n{e}"))
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

    /// Where the daily backups go: `[backup] folder`, else `backups` beside `database`.
    pub fn backup_folder(&self, database: &Path) -> PathBuf {
        match &self.backup.folder {
            Some(f) => f.clone(),
            None => database.parent().unwrap_or(Path::new(".")).join("backups"),
        }
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
                 [enrollment] fax_page_yen / pages_per_delivery / postage_yen / minutes_per_delivery / hourly_cost_yen / top_n = 数, \
                 account = \"アカウント名\", \
                 [backup] folder = \"フォルダ\", recipients = [\"age1…\", …], keep_daily / keep_monthly = 数",
            );
            msg
        })
    }
}

/// Puts `over`'s keys into `base`; a table in both is merged key by key.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_file_replaces_keys_one_by_one() {
        let mut base: toml::Table = toml::from_str(
            "database = \"/var/lib/careplan/careplan.db\"\n[backup]\nkeep_daily = 7\n",
        )
        .unwrap();
        merge(
            &mut base,
            toml::from_str("language = \"en\"\n[backup]\nkeep_monthly = 3\n").unwrap(),
        );
        let c = Config::parse(&toml::to_string(&base).unwrap()).unwrap();
        assert_eq!(c.language, Lang::En);
        assert_eq!(
            c.database.as_deref(),
            Some(Path::new("/var/lib/careplan/careplan.db"))
        );
        assert_eq!((c.backup.keep_daily, c.backup.keep_monthly), (7, 3));
    }

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

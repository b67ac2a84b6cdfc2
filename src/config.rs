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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            language: Lang::Ja,
            color: ColorMode::Auto,
            borders: Borders::Rounded,
            date_display: DateStyle::Western,
            database: None,
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
                 date_display = western|era, database = \"パス\"",
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
    fn unknown_key_is_named() {
        let e = Config::parse("langauge = \"en\"\n").unwrap_err();
        assert!(e.contains("langauge"), "{e}");
    }
}

//! Interface language. Japanese is the default; English is a setting.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

/// The language of this run of careplan (the config's `language`), set once when it starts.
/// It lives here, below every layer, so that a message is said in it wherever it is made: a
/// command's confirmation, the store's refusal, a value that does not parse.
static SESSION_EN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl Lang {
    /// Sets the language of this run (`set_language` in the output layer calls it).
    pub fn set_session(lang: Lang) {
        SESSION_EN.store(lang == Lang::En, std::sync::atomic::Ordering::Relaxed);
    }

    /// The language of this run: Japanese unless the config says `en`.
    pub fn session() -> Lang {
        if SESSION_EN.load(std::sync::atomic::Ordering::Relaxed) {
            Lang::En
        } else {
            Lang::Ja
        }
    }

    /// Picks the text for this language; keeps every bilingual string a pair at its call site.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

//! How a document travels to a provider: the exchange, FAX, post, by hand, e-mail, other.

use super::Lang;
use super::choice::Choice;
use super::validation::Invalid;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Exchange,
    #[default]
    Fax,
    Post,
    Hand,
    Email,
    Other,
}

const TABLE: [(Channel, &str, &str, &str); 6] = [
    (Channel::Exchange, "exchange", "連携", "exchange"),
    (Channel::Fax, "fax", "FAX", "FAX"),
    (Channel::Post, "post", "郵送", "post"),
    (Channel::Hand, "hand", "手渡し", "by hand"),
    (Channel::Email, "email", "メール", "e-mail"),
    (Channel::Other, "other", "その他", "other"),
];

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::Exchange,
        Channel::Fax,
        Channel::Post,
        Channel::Hand,
        Channel::Email,
        Channel::Other,
    ];
    fn row(self) -> &'static (Channel, &'static str, &'static str, &'static str) {
        // TABLE lists every variant once.
        TABLE.iter().find(|r| r.0 == self).unwrap_or(&TABLE[5])
    }
    pub fn code(self) -> &'static str {
        self.row().1
    }
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.row().2, self.row().3)
    }
    /// One or two columns, for the board's cells (the legend and the footer spell it out).
    pub fn short(self, lang: Lang) -> &'static str {
        let (ja, en) = match self {
            Channel::Exchange => ("連", "X"),
            Channel::Fax => ("F", "F"),
            Channel::Post => ("郵", "P"),
            Channel::Hand => ("手", "H"),
            Channel::Email => ("メ", "E"),
            Channel::Other => ("他", "O"),
        };
        lang.pick(ja, en)
    }
    pub fn from_code(code: &str) -> Option<Self> {
        TABLE.iter().find(|r| r.1 == code).map(|r| r.0)
    }
    /// Accepts 連携 / FAX / 郵送 / 手渡し / メール / その他, the English codes, or a beginning that
    /// fits one of them (`fa` → FAX).
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        Self::parse_choice(input)
    }
}

impl Choice for Channel {
    fn all() -> &'static [Self] {
        &Channel::ALL
    }
    fn label(self, lang: Lang) -> &'static str {
        Channel::label(self, lang)
    }
    fn code(self) -> &'static str {
        Channel::code(self)
    }
    fn field_name(lang: Lang) -> &'static str {
        lang.pick("連絡方法", "channel")
    }
}

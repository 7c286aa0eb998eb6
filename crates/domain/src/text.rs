//! Messages in both UI languages.
//!
//! The domain crate produces every message a worker or reviewer reads about a rule, so it carries
//! both languages side by side; the app and the server pick one with [`Text::get`].
use serde::{Deserialize, Serialize};

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// 简体中文, the default.
    #[default]
    Zh,
    /// English.
    En,
}

/// A message in 简体中文 and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    /// A message from its two translations.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Builds a [`Text`] from two format strings. Inline captures (`{amount}`) work in both, and
/// positional arguments, if given, are shared by both.
#[macro_export]
macro_rules! text {
    ($zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {{
        #[allow(clippy::useless_format)]
        let t = $crate::text::Text::new(format!($zh $(, $arg)*), format!($en $(, $arg)*));
        t
    }};
}

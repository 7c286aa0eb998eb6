//! Every user-visible string, one catalogue per language, and the current language as context.
//!
//! A catalogue is a [`Strings`] struct rather than a key → text map: a string missing from one
//! language is a compile error, not a blank on a field worker's screen. Components read text with
//! `use_i18n().lang().strings().field`.

mod en;
mod zh_cn;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

/// All the text of the interface in one language.
#[derive(Debug)]
pub struct Strings {
    /// The app's name, as shown in the heading.
    pub app_name: &'static str,
    /// One line saying what the app is for.
    pub app_purpose: &'static str,
    /// Shown while the app is a placeholder.
    pub under_construction: &'static str,
    /// Label of the language switch.
    pub language: &'static str,
}

/// A language of the interface. Simplified Chinese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文
    #[default]
    ZhCn,
    /// English
    En,
}

impl Lang {
    /// Every language, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The catalogue of this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::ZhCn => &zh_cn::STRINGS,
            Lang::En => &en::STRINGS,
        }
    }

    /// BCP 47 tag, used for `<html lang>` and as the stored setting.
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language named in itself, the same whatever the interface language is.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::ZhCn => "简体中文",
            Lang::En => "English",
        }
    }

    /// The language of a BCP 47 tag, if the app has it.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }
}

/// localStorage key of the chosen language.
const LANG_STORAGE_KEY: &str = "shouwang.lang";

/// The current language, shared through context. Copy it into closures freely.
#[derive(Debug, Clone, Copy)]
pub struct I18n(RwSignal<Lang>);

impl I18n {
    /// The current language (tracked: a view reading it re-renders on a switch).
    pub fn lang(self) -> Lang {
        self.0.get()
    }

    /// Switch the interface language.
    pub fn set_lang(self, lang: Lang) {
        self.0.set(lang);
    }
}

/// Provide the language context: the stored choice, else the default. A switch is saved and
/// reflected in `<html lang>` so screen readers and fonts follow it.
pub fn provide_i18n_context() {
    let stored = LocalStorage::get::<String>(LANG_STORAGE_KEY)
        .ok()
        .and_then(|code| Lang::from_code(&code));
    let lang = RwSignal::new(stored.unwrap_or_default());

    Effect::new(move |_| {
        let lang = lang.get();
        // A failed save only means the choice is not remembered next time; the switch still works.
        let _ = LocalStorage::set(LANG_STORAGE_KEY, lang.code());
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.code());
        }
        document().set_title(lang.strings().app_name);
    });

    provide_context(I18n(lang));
}

/// The language context. Panics if [`provide_i18n_context`] was not called above, a programming error.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_language_is_simplified_chinese() {
        assert_eq!(Lang::default(), Lang::ZhCn);
        assert_eq!(Lang::default().code(), "zh-CN");
    }

    #[test]
    fn every_language_round_trips_through_its_code() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn no_catalogue_has_a_blank_string() {
        for lang in Lang::ALL {
            let s = lang.strings();
            for text in [s.app_name, s.app_purpose, s.under_construction, s.language] {
                assert!(!text.trim().is_empty(), "blank string in {}", lang.code());
            }
        }
    }

    #[test]
    fn chinese_catalogue_names_the_work() {
        assert!(Lang::ZhCn.strings().app_name.contains("守望"));
        assert!(Lang::ZhCn
            .strings()
            .app_purpose
            .contains("防止返贫动态监测和帮扶"));
    }
}

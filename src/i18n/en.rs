//! English catalogue.

use super::Strings;

pub(super) const STRINGS: Strings = Strings {
    app_name: "Shouwang 守望",
    app_purpose: "Dynamic monitoring and assistance to prevent return to poverty · a field app that works offline",
    under_construction: "The app is under construction.",
    language: "Language",
};

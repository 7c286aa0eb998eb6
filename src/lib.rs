//! 守望 Shouwang field app: the Leptos client-side app that field workers install on their phones.
//!
//! `app` holds the root component; `i18n` holds every user-visible string. Rules (validation,
//! classification, policy) are not here: they come from `shouwang-domain`.

pub mod app;
pub mod i18n;

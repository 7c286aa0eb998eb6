//! The language switch: each language named in itself.
use leptos::prelude::*;

use crate::i18n::{use_i18n, Lang};

/// Buttons to pick the interface language; each language is named in itself so anyone can find theirs.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();

    view! {
        <nav class="language-switch" aria-label=move || i18n.lang().strings().language>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            lang=lang.code()
                            data-testid=format!("lang-{}", lang.code())
                            aria-pressed=move || (i18n.lang() == lang).to_string()
                            on:click=move |_| i18n.set_lang(lang)
                        >
                            {lang.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}

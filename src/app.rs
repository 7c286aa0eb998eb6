//! The root component. For now a placeholder page: what the app is, and the language switch.

use leptos::prelude::*;

use crate::i18n::{provide_i18n_context, use_i18n, Lang};

/// The whole app. Provides the language context every page reads its strings from.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n_context();
    let i18n = use_i18n();
    let text = move || i18n.lang().strings();

    view! {
        <main class="placeholder">
            <h1 data-testid="app-title">{move || text().app_name}</h1>
            <p data-testid="app-purpose">{move || text().app_purpose}</p>
            <p class="status">{move || text().under_construction}</p>
            <LanguageSwitch/>
        </main>
    }
}

/// Buttons to pick the interface language; each language is named in itself so anyone can find theirs.
#[component]
fn LanguageSwitch() -> impl IntoView {
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

//! Settings: language, sync account and status, storage used and available, backup export and
//! import.
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::components::LanguageSwitch;
use crate::i18n::{fill, use_i18n};
use crate::pwa::{human_bytes, StorageInfo};
use crate::state::use_app_state;
use crate::sync::SyncPanel;

/// The settings screen.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let t = move || i18n.lang().strings();
    let import_result = RwSignal::new(None::<String>);

    let export = move |_| {
        let Some(store) = state.store() else { return };
        leptos::task::spawn_local(async move {
            match store.export().await {
                Ok(text) => download(&text),
                Err(e) => state.storage_error.set(Some(e)),
            }
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let Some(store) = state.store() else { return };
        leptos::task::spawn_local(async move {
            let text = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let t = i18n.lang().strings();
            match store.import(&text).await {
                Ok(r) => {
                    import_result.set(Some(fill(
                        t.import_done,
                        &[
                            &r.added,
                            &r.updated,
                            &r.unchanged,
                            &r.kept_local,
                            &r.skipped,
                        ],
                    )));
                    state.refresh().await;
                }
                Err(e) => import_result.set(Some(format!("{}{}", t.import_failed, e.message(t)))),
            }
        });
    };

    view! {
        <section class="page settings" data-testid="settings-page">
            <h2>{move || t().language}</h2>
            <LanguageSwitch/>
            <SyncPanel/>
            <h2>{move || t().settings_storage}</h2>
            <p data-testid="household-count">
                {move || fill(t().households_stored, &[&state.summaries.with(Vec::len)])}
            </p>
            {move || state.storage_info.get().map(|i| view! { <StorageFacts info=i/> })}
            <crate::attachments::PhotoStorage/>
            <h2>{move || t().backup}</h2>
            <button type="button" data-testid="export" on:click=export>{move || t().export}</button>
            <div class="field">
                <label for="import-file">{move || t().import}</label>
                <input id="import-file" type="file" accept="application/json,.json" data-testid="import" on:change=import/>
            </div>
            {move || import_result.get().map(|r| view! { <p role="status" data-testid="import-result">{r}</p> })}
        </section>
    }
}

#[component]
fn StorageFacts(info: StorageInfo) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    view! {
        <p data-testid="storage-usage">
            {move || match (info.usage, info.quota) {
                (Some(u), Some(q)) => fill(t().storage_used, &[&human_bytes(u), &human_bytes(q)]),
                _ => t().storage_unknown.to_string(),
            }}
        </p>
        <p data-testid="storage-persisted">
            {move || if info.persisted == Some(true) { t().storage_persisted } else { t().storage_not_persisted }}
        </p>
        <Show when=move || info.near_quota()>
            <p class="problem warning" role="alert">{move || t().storage_near_quota}</p>
        </Show>
    }
}

/// Offers `text` as a JSON file download named after today's date.
fn download(text: &str) {
    crate::download::save_text(
        text,
        "application/json",
        &format!("shouwang-backup-{}.json", crate::storage::today()),
    );
}

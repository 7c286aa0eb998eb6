//! The one place storage problems, app updates and a browser that cannot work offline are
//! shown, at the top of every screen.
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::pwa;
use crate::state::use_app_state;

/// Storage errors, "update ready" and "replaced by a newer tab".
#[component]
pub fn Banners() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let t = move || i18n.lang().strings();
    view! {
        <pwa::OfflineBanners/>
        {move || {
            state
                .storage_error
                .get()
                .map(|e| {
                    view! {
                        <div class="banner error" role="alert" data-testid="storage-error">
                            <p>{e.message(t())}</p>
                            <button type="button" on:click=move |_| state.storage_error.set(None)>
                                {t().dismiss}
                            </button>
                        </div>
                    }
                })
        }}
        <Show when=move || state.storage_info.get().is_some_and(|i| i.near_quota())>
            <div class="banner warning" role="alert" data-testid="near-quota">
                <p>{move || t().storage_near_quota}</p>
            </div>
        </Show>
        <Show when=move || state.replaced.get()>
            <div class="banner warning" role="alert" data-testid="replaced">
                <p>{move || t().replaced_elsewhere}</p>
                <button type="button" on:click=move |_| {
                    let _ = window().location().reload();
                }>{move || t().reload}</button>
            </div>
        </Show>
        <Show when=move || state.update_ready.get()>
            <div class="banner info" role="status" data-testid="update-ready">
                <p>{move || t().update_ready}</p>
                <button type="button" on:click=move |_| pwa::apply_update()>{move || t().update_apply}</button>
            </div>
        </Show>
    }
}

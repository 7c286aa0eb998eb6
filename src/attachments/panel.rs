//! The photos in the settings' storage panel: how many are on the phone, their bytes, and how
//! many wait to upload.
use leptos::prelude::*;

use super::store;
use crate::i18n::{fill, use_i18n};
use crate::pwa::human_bytes;
use crate::sync::use_sync;

/// The photo figures, read again when a sync ends.
#[component]
pub fn PhotoStorage() -> impl IntoView {
    let i18n = use_i18n();
    let busy = use_sync().busy;
    let stats = LocalResource::new(move || {
        busy.track();
        async { store::stats().await.unwrap_or_default() }
    });
    move || {
        let p = i18n.lang().photos();
        stats.get().map(|s| {
            let text = if s.pictures == 0 {
                p.panel_none.to_string()
            } else {
                fill(
                    p.panel_counts,
                    &[&s.pictures, &human_bytes(s.bytes as f64), &s.waiting],
                )
            };
            view! {
                <p data-testid="photo-storage" data-pictures=s.pictures data-bytes=s.bytes data-waiting=s.waiting>
                    {text}
                </p>
            }
        })
    }
}

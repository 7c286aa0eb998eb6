//! The app-wide state shared through context: the open store, the household summaries the
//! lists show, storage problems, and news from other tabs.
use leptos::prelude::*;
use shouwang_domain::summary::Summary;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::storage::{self, StorageError, Store};

/// Name of the BroadcastChannel the app's tabs talk on.
const CHANNEL: &str = "shouwang";

/// Shared state; `Copy`, so closures take it freely.
#[derive(Clone, Copy)]
pub struct AppState {
    store: StoredValue<Option<Store>, LocalStorage>,
    /// The store is open (or failed to open: see `storage_error`).
    pub ready: RwSignal<bool>,
    /// The last storage problem, shown in the banner until dismissed.
    pub storage_error: RwSignal<Option<StorageError>>,
    /// One summary per stored household.
    pub summaries: RwSignal<Vec<Summary>>,
    /// A new version of the app is waiting.
    pub update_ready: RwSignal<bool>,
    /// A newer version opened the database in another tab; this tab must reload.
    pub replaced: RwSignal<bool>,
    /// Persistence granted and space used, read at start (after asking for persistence).
    pub storage_info: RwSignal<Option<crate::pwa::StorageInfo>>,
    /// Households saved by another tab since this one loaded them (by id).
    pub changed_elsewhere: RwSignal<Vec<String>>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
}

impl AppState {
    /// The open store, if any.
    pub fn store(&self) -> Option<Store> {
        self.store.get_value()
    }

    /// Re-reads every summary (after a save, an import, or news from another tab).
    pub async fn refresh(self) {
        let Some(store) = self.store() else { return };
        match store.summaries().await {
            Ok(list) => self.summaries.set(list),
            Err(e) => self.storage_error.set(Some(e)),
        }
    }

    /// Tells the other tabs that `id` was saved.
    pub fn announce_saved(&self, id: &str) {
        if let Some(c) = self.channel.get_value() {
            let _ = c.post_message(&id.into());
        }
    }

    /// Tells the other tabs that the households `ids` changed (a pulled page), in one message
    /// so they re-read their lists once.
    pub fn announce_saved_many(&self, ids: &[String]) {
        if let Some(c) = self.channel.get_value() {
            let list: js_sys::Array = ids.iter().map(|id| JsValue::from_str(id)).collect();
            let _ = c.post_message(&list);
        }
    }
}

/// Creates the state, opens the database and loads the summaries.
pub fn provide_app_state() -> AppState {
    let state = AppState {
        store: StoredValue::new_local(None),
        ready: RwSignal::new(false),
        storage_error: RwSignal::new(None),
        summaries: RwSignal::new(Vec::new()),
        update_ready: RwSignal::new(false),
        replaced: RwSignal::new(false),
        storage_info: RwSignal::new(None),
        changed_elsewhere: RwSignal::new(Vec::new()),
        channel: StoredValue::new_local(web_sys::BroadcastChannel::new(CHANNEL).ok()),
    };
    provide_context(state);

    if let Some(channel) = state.channel.get_value() {
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                let ids: Vec<String> = match data.as_string() {
                    Some(id) => vec![id],
                    None => js_sys::Array::from(&data)
                        .iter()
                        .filter_map(|v| v.as_string())
                        .collect(),
                };
                if ids.is_empty() {
                    return;
                }
                state.changed_elsewhere.update(|seen| {
                    for id in ids {
                        if !seen.contains(&id) {
                            seen.push(id);
                        }
                    }
                });
                leptos::task::spawn_local(state.refresh());
            });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    }

    leptos::task::spawn_local(async move {
        let opened = storage::open(
            storage::DB_NAME,
            move || state.storage_error.set(Some(StorageError::Blocked)),
            move || state.replaced.set(true),
        )
        .await;
        let store = match opened {
            Ok(db) => Store::new(db).await,
            Err(e) => Err(e),
        };
        match store {
            Ok(store) => {
                // The blocked message is obsolete once the open went through.
                if state.storage_error.get_untracked() == Some(StorageError::Blocked) {
                    state.storage_error.set(None);
                }
                crate::attachments::remember_store(&store);
                state.store.set_value(Some(store));
                state.refresh().await;
            }
            Err(e) => state.storage_error.set(Some(e)),
        }
        state.ready.set(true);
        // Ask once at start for persistent storage, so the browser does not evict records.
        state
            .storage_info
            .set(Some(crate::pwa::storage_info().await));
    });
    state
}

/// The shared state.
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}

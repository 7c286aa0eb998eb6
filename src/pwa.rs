//! The installed-app side of the browser: service worker updates, persistent storage, usage.
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Registers `sw.js` and sets `update_ready` when a new version waits. The new version takes
/// over only when [`apply_update`] is called, then the page reloads (drafts are saved as the
/// worker types, so nothing open is lost).
pub fn register_service_worker(update_ready: RwSignal<bool>) {
    let navigator = window().navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return; // not a secure context (plain http on a LAN address): the app still works online
    }
    let container = navigator.service_worker();
    // Reload once the waiting worker has taken over, only if the user asked for the update.
    let on_controller = Closure::<dyn Fn()>::new(move || {
        if UPDATE_REQUESTED.with(|r| r.get()) {
            let _ = window().location().reload();
        }
    });
    container.set_oncontrollerchange(Some(on_controller.as_ref().unchecked_ref()));
    on_controller.forget();

    leptos::task::spawn_local(async move {
        let Ok(reg) = JsFuture::from(container.register("./sw.js")).await else {
            return; // no service worker (e.g. plain http on a LAN address): the app still works online
        };
        let reg: web_sys::ServiceWorkerRegistration = reg.unchecked_into();
        if reg.waiting().is_some() && window().navigator().service_worker().controller().is_some() {
            update_ready.set(true);
        }
        let reg2 = reg.clone();
        let on_found = Closure::<dyn Fn()>::new(move || {
            let Some(installing) = reg2.installing() else {
                return;
            };
            let worker = installing.clone();
            let on_state = Closure::<dyn Fn()>::new(move || {
                let has_controller = window().navigator().service_worker().controller().is_some();
                if worker.state() == web_sys::ServiceWorkerState::Installed && has_controller {
                    update_ready.set(true);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
    });
}

thread_local! {
    static UPDATE_REQUESTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Tells the waiting service worker to take over; the page reloads when it has.
pub fn apply_update() {
    UPDATE_REQUESTED.with(|r| r.set(true));
    leptos::task::spawn_local(async {
        let container = window().navigator().service_worker();
        let Ok(reg) = JsFuture::from(container.get_registration()).await else {
            let _ = window().location().reload();
            return;
        };
        let reg: web_sys::ServiceWorkerRegistration = reg.unchecked_into();
        match reg.waiting() {
            Some(waiting) => {
                let msg = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&msg, &"type".into(), &"apply-update".into());
                let _ = waiting.post_message(&msg);
            }
            None => {
                let _ = window().location().reload();
            }
        }
    });
}

/// What the browser says about this site's storage.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StorageInfo {
    /// `navigator.storage.persist()` granted.
    pub persisted: Option<bool>,
    /// Bytes used, if reported.
    pub usage: Option<f64>,
    /// Bytes allowed, if reported.
    pub quota: Option<f64>,
}

impl StorageInfo {
    /// True when more than 90% of the quota is used.
    pub fn near_quota(&self) -> bool {
        matches!((self.usage, self.quota), (Some(u), Some(q)) if q > 0.0 && u / q > 0.9)
    }
}

/// Asks for persistent storage (so the browser does not evict records) and reads usage.
pub async fn storage_info() -> StorageInfo {
    let storage = window().navigator().storage();
    let mut info = StorageInfo::default();
    if let Ok(p) = storage.persist() {
        info.persisted = JsFuture::from(p).await.ok().and_then(|v| v.as_bool());
    }
    if let Ok(p) = storage.estimate() {
        if let Ok(est) = JsFuture::from(p).await {
            let est: web_sys::StorageEstimate = est.unchecked_into();
            info.usage = est.get_usage();
            info.quota = est.get_quota();
        }
    }
    info
}

/// Bytes as a short human figure (KB, MB, GB).
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut v = bytes;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{v:.0} {}", UNITS[unit])
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_as_people_say_them() {
        assert_eq!(human_bytes(512.0), "512 B");
        assert_eq!(human_bytes(1536.0), "1.5 KB");
        assert_eq!(human_bytes(5.0 * 1024.0 * 1024.0), "5.0 MB");
    }

    #[test]
    fn near_quota_above_ninety_percent() {
        let info = |u, q| StorageInfo {
            persisted: None,
            usage: Some(u),
            quota: Some(q),
        };
        assert!(!info(90.0, 100.0).near_quota());
        assert!(info(91.0, 100.0).near_quota());
        assert!(!StorageInfo::default().near_quota());
    }
}

//! The installed-app side of the browser: service worker updates, persistent storage, usage —
//! and the banners that say when this browser cannot keep the app offline: a plain-HTTP
//! address, an in-app browser (WeChat, QQ …), or a township certificate the phone does not trust.
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Registers `sw.js` and sets `update_ready` when a new version waits. The new version takes
/// over only when [`apply_update`] is called, then the page reloads (drafts are saved as the
/// worker types, so nothing open is lost).
pub fn register_service_worker(update_ready: RwSignal<bool>) {
    let status = PwaStatus {
        registration_failed: RwSignal::new(false),
    };
    provide_context(status);
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
            // Over HTTPS this is a certificate the phone does not trust (a township CA not yet
            // installed): the app works online, and the banner says how to fix it.
            status.registration_failed.set(true);
            return;
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

/// How the service worker's registration went (provided by [`register_service_worker`]).
#[derive(Clone, Copy, Debug)]
pub struct PwaStatus {
    /// The browser refused to register it although it has service workers.
    pub registration_failed: RwSignal<bool>,
}

/// Why this browser cannot keep the app working offline, if it cannot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limitation {
    /// Plain HTTP at an address other than this machine: no service worker, no installation.
    NotHttps,
    /// The browser built into another app (WeChat, QQ …): storage it may wipe, no installation.
    InAppBrowser,
    /// No service worker or no persistent storage, for another reason.
    MissingFeatures,
}

/// User-agent markers of the in-app browsers workers open links in.
const IN_APP_MARKERS: [&str; 9] = [
    "MicroMessenger", // 微信, and 企业微信 (wxwork)
    " QQ/",           // QQ (not the standalone QQ浏览器, "MQQBrowser")
    "DingTalk",
    "AlipayClient",
    "Weibo",
    "aweme", // 抖音
    "Lark/", // 飞书
    "baiduboxapp",
    "NewsArticle", // 今日头条
];

/// Whether `user_agent` is an app's built-in browser.
pub fn is_in_app_browser(user_agent: &str) -> bool {
    IN_APP_MARKERS.iter().any(|m| user_agent.contains(m))
}

/// What keeps this browser from offline use: judged from the page's secure context, the user
/// agent, and whether the service worker and persistent storage APIs exist.
pub fn limitation(
    secure: bool,
    user_agent: &str,
    has_worker: bool,
    has_persist: bool,
) -> Option<Limitation> {
    if !secure {
        Some(Limitation::NotHttps)
    } else if is_in_app_browser(user_agent) {
        Some(Limitation::InAppBrowser)
    } else if !has_worker || !has_persist {
        Some(Limitation::MissingFeatures)
    } else {
        None
    }
}

/// This browser's [`Limitation`], if any.
fn this_browser() -> Option<Limitation> {
    let w = window();
    let navigator = w.navigator();
    let has = |obj: &wasm_bindgen::JsValue, key: &str| {
        js_sys::Reflect::has(obj, &key.into()).unwrap_or(false)
    };
    let has_persist = has(&navigator, "storage")
        && js_sys::Reflect::get(&navigator, &"storage".into()).is_ok_and(|s| has(&s, "persist"));
    limitation(
        w.is_secure_context(),
        &navigator.user_agent().unwrap_or_default(),
        has(&navigator, "serviceWorker"),
        has_persist,
    )
}

/// The banners for a browser that cannot keep the app offline, at the top of every screen.
#[component]
pub fn OfflineBanners() -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let t = move || i18n.lang().strings();
    let limitation = this_browser();
    let failed = use_context::<PwaStatus>().map(|s| s.registration_failed);
    let address = window().location().href().unwrap_or_default();
    let banner = move || match limitation {
        Some(Limitation::NotHttps) => view! {
            <div class="banner warning deploy" role="alert" data-testid="https-needed">
                <p>{t().https_needed}</p>
            </div>
        }
        .into_any(),
        Some(Limitation::InAppBrowser) => view! {
            <div class="banner warning deploy" role="alert" data-testid="in-app-browser">
                <p><strong>{t().in_app_title}</strong></p>
                <p>{t().in_app_known}</p>
            </div>
        }
        .into_any(),
        Some(Limitation::MissingFeatures) => {
            let address = address.clone();
            view! {
                <div class="banner warning deploy" role="alert" data-testid="in-app-browser">
                    <p><strong>{t().in_app_title}</strong></p>
                    <p>{t().in_app_other}</p>
                    <p class="address">{address}</p>
                </div>
            }
            .into_any()
        }
        None => ().into_any(),
    };
    let untrusted = move || limitation.is_none() && failed.is_some_and(|f| f.get());
    view! {
        {banner}
        <Show when=untrusted>
            <div class="banner warning deploy" role="alert" data-testid="certificate-untrusted">
                <p>{move || t().cert_untrusted}</p>
                <a class="button" href=crate::routes::Route::Enrol(String::new()).href()>{move || t().cert_steps_link}</a>
            </div>
        </Show>
    }
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
    fn in_app_browsers_are_told_apart_from_the_phones_own() {
        let wechat =
            "Mozilla/5.0 (Linux; Android 12; V2134A) AppleWebKit/537.36 (KHTML, like Gecko) \
                      Version/4.0 Chrome/107.0 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230405 \
                      MMWEBID/1234 MicroMessenger/8.0.35.2360(0x28002339) WeChat/arm64 Weixin";
        let qq = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 \
                  (KHTML, like Gecko) Mobile/15E148 QQ/8.9.63.602 V1_IPH_SQ_8.9.63_1_APP_A";
        let chrome = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) \
                      Chrome/120.0 Mobile Safari/537.36";
        let qq_browser =
            "Mozilla/5.0 (Linux; U; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) \
                          Version/4.0 Chrome/89.0 MQQBrowser/13.6 Mobile Safari/537.36";
        assert!(is_in_app_browser(wechat));
        assert!(is_in_app_browser(qq));
        assert!(!is_in_app_browser(chrome));
        assert!(
            !is_in_app_browser(qq_browser),
            "QQ浏览器 is a browser of its own"
        );
    }

    #[test]
    fn the_banner_names_what_keeps_this_browser_from_offline_use() {
        use Limitation::*;
        let chrome = "Chrome/120.0 Mobile Safari/537.36";
        assert_eq!(limitation(false, chrome, false, true), Some(NotHttps));
        assert_eq!(
            limitation(true, "… MicroMessenger/8.0 …", true, true),
            Some(InAppBrowser)
        );
        assert_eq!(limitation(true, chrome, false, true), Some(MissingFeatures));
        assert_eq!(limitation(true, chrome, true, false), Some(MissingFeatures));
        assert_eq!(limitation(true, chrome, true, true), None);
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

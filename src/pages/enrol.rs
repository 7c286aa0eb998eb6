//! Sign in by QR code (`#/enrol?code=…`): the address on the office's sheet opens this page,
//! which uses the code once to sign the phone in (`POST /api/v1/enrol`), then asks the worker
//! for their own password (`POST /api/v1/enrol/password`). Without a code the worker types it.
//! When the server has a township CA, the page offers it with the steps for Android and iOS.
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shouwang_domain::sync::wire::{Account, DeviceId, LoginResponse};

use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::Route;
use crate::storage::settings::device_id;
use crate::sync::client::{self, ClientError};
use crate::sync::session::Session;
use crate::sync::use_sync;

/// The code this device last used, so a reload of the QR code's address does not spend it
/// again (it could not: it is single use), and the account still to choose a password.
const USED_KEY: &str = "shouwang.enrol.used";
const PENDING_KEY: &str = "shouwang.enrol.password_pending";

#[derive(Serialize)]
struct RedeemRequest<'a> {
    code: &'a str,
    device_id: DeviceId,
    device_name: String,
}

#[derive(Serialize)]
struct SetPasswordRequest {
    new_password: String,
}

/// The server's `GET /api/v1/enrol/info`.
#[derive(Clone, Debug, Deserialize)]
struct EnrolInfo {
    township_ca: Option<CaInfo>,
}

#[derive(Clone, Debug, Deserialize)]
struct CaInfo {
    url: String,
    fingerprint: String,
}

/// Where the enrolment stands.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// Waiting for a code to be typed.
    Enter,
    Busy,
    /// Signed in by a code: the worker's own password next.
    SetPassword,
    Done,
}

/// A failed call as the worker reads it.
fn failure(e: &ClientError, lang: Lang) -> String {
    let t = lang.strings();
    match e {
        ClientError::Network => t.enrol_offline.to_string(),
        ClientError::Api { error: Some(e), .. } => e.message.get(lang.domain()).to_string(),
        ClientError::Api { status, .. } | ClientError::BadResponse { status } => {
            fill(t.enrol_failed, &[status])
        }
    }
}

/// The enrolment screen.
#[component]
pub fn EnrolPage(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let t = move || i18n.lang().strings();
    let pending = LocalStorage::get::<String>(PENDING_KEY).ok();
    let signed_in_as = sync.session.get_untracked().map(|s| s.account.username);
    let used_before = LocalStorage::get::<String>(USED_KEY).ok().as_deref() == Some(code.as_str());
    let start = match (&pending, &signed_in_as) {
        (Some(p), Some(u)) if p == u => Phase::SetPassword,
        _ if used_before => Phase::Done,
        _ => Phase::Enter,
    };
    let phase = RwSignal::new(start.clone());
    let error = RwSignal::new(None::<String>);
    let typed = RwSignal::new(code.clone());

    let redeem = move |code: String| {
        phase.set(Phase::Busy);
        error.set(None);
        leptos::task::spawn_local(async move {
            let request = RedeemRequest {
                code: &code,
                device_id: DeviceId(device_id()),
                device_name: window().navigator().user_agent().unwrap_or_default(),
            };
            let answer: Result<LoginResponse, ClientError> =
                client::post("/api/v1/enrol", None, &request).await;
            match answer {
                Ok(r) => {
                    let _ = LocalStorage::set(USED_KEY, &code);
                    let _ = LocalStorage::set(PENDING_KEY, &r.account.username);
                    sync.sign_in(Session {
                        token: r.token,
                        account: r.account,
                    });
                    phase.set(Phase::SetPassword);
                }
                Err(e) => {
                    error.set(Some(failure(&e, i18n.lang())));
                    phase.set(Phase::Enter);
                }
            }
        });
    };
    // The QR code's address carries the code: use it at once.
    if start == Phase::Enter && !code.is_empty() {
        redeem(code.clone());
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if phase.get_untracked() != Phase::Busy {
            redeem(typed.get_untracked());
        }
    };

    let body = move || {
        match phase.get() {
        Phase::Enter | Phase::Busy => view! {
            <p class="note">{t().enrol_intro}</p>
            <form id="enrol-form" on:submit=submit>
                <div class="field">
                    <label for="enrol-code">{t().enrol_code}</label>
                    <input id="enrol-code" name="code" autocomplete="one-time-code" autocapitalize="none"
                        required prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))/>
                </div>
                {move || error.get().map(|e| view! { <p class="problem error" role="alert" data-testid="enrol-error">{e}</p> })}
                <button id="enrol-submit" type="submit" disabled=move || phase.get() == Phase::Busy>
                    {move || if phase.get() == Phase::Busy { t().enrol_busy } else { t().enrol_submit }}
                </button>
            </form>
        }
        .into_any(),
        Phase::SetPassword => view! { <SetPassword phase/> }.into_any(),
        Phase::Done => view! {
            <p data-testid="enrol-done">{t().enrol_done}</p>
            <p><a class="button" href=Route::List.href() data-testid="enrol-to-list">{t().enrol_to_list}</a></p>
        }
        .into_any(),
    }
    };
    view! {
        <section class="page enrol" data-testid="enrol-page">
            <h2>{move || t().enrol_title}</h2>
            {move || sync.session.get().map(|s| view! {
                <p data-testid="enrol-signed-in">{fill(t().enrol_signed_in, &[&s.account.display_name, &s.account.username])}</p>
            })}
            {body}
            <TownshipCa/>
        </section>
    }
}

/// The worker's own password, once, after a code signed the phone in.
#[component]
fn SetPassword(phase: RwSignal<Phase>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let t = move || i18n.lang().strings();
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if new.get_untracked() != again.get_untracked() {
            error.set(Some(i18n.lang().strings().password_mismatch.to_string()));
            return;
        }
        let Some(current) = sync.session.get_untracked() else {
            return;
        };
        busy.set(true);
        error.set(None);
        let request = SetPasswordRequest {
            new_password: new.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let answer: Result<Account, ClientError> =
                client::post("/api/v1/enrol/password", Some(&current.token), &request).await;
            busy.set(false);
            match answer {
                Ok(account) => {
                    LocalStorage::delete(PENDING_KEY);
                    sync.sign_in(Session {
                        token: current.token,
                        account,
                    });
                    phase.set(Phase::Done);
                }
                Err(e) => error.set(Some(failure(&e, i18n.lang()))),
            }
        });
    };
    let field = move |id: &'static str,
                      label: fn(&crate::i18n::Strings) -> &'static str,
                      value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{move || label(t())}</label>
                <input id=id type="password" autocomplete="new-password" required
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <p class="note">{move || t().enrol_password_intro}</p>
        <form id="enrol-password-form" on:submit=submit>
            {field("enrol-password-new", |t| t.new_password, new)}
            {field("enrol-password-again", |t| t.repeat_password, again)}
            {move || error.get().map(|e| view! { <p class="problem error" role="alert" data-testid="enrol-password-error">{e}</p> })}
            <button id="enrol-password-submit" type="submit" disabled=move || busy.get()>
                {move || t().enrol_password_submit}
            </button>
        </form>
    }
}

/// The township CA and how to install it, when the server has one.
#[component]
fn TownshipCa() -> impl IntoView {
    let i18n = use_i18n();
    let info = LocalResource::new(|| async {
        let text = client::get_text("/api/v1/enrol/info", None).await.ok()?;
        serde_json::from_str::<EnrolInfo>(&text).ok()?.township_ca
    });
    move || {
        let ca = info.get().flatten()?;
        let t = i18n.lang().strings();
        let steps =
            |items: &[&'static str]| items.iter().map(|s| view! { <li>{*s}</li> }).collect_view();
        Some(view! {
            <section class="township-ca" data-testid="township-ca">
                <h3>{t.ca_title}</h3>
                <p>{t.ca_why}</p>
                <p><a class="button" href=same_origin(&ca.url) download="township-ca.crt" data-testid="ca-download">{t.ca_download}</a></p>
                <p class="note fingerprint">{fill(t.ca_fingerprint, &[&ca.fingerprint])}</p>
                <h4>{t.ca_android}</h4>
                <ol>{steps(&[t.ca_android_1, t.ca_android_2, t.ca_android_3])}</ol>
                <h4>{t.ca_ios}</h4>
                <ol>{steps(&[t.ca_ios_1, t.ca_ios_2, t.ca_ios_3, t.ca_ios_4])}</ol>
                <p class="note">{t.ca_browsers}</p>
            </section>
        })
    }
}

/// The path of `url` on this page's own origin: a page opened over HTTPS may not download over
/// plain HTTP (the printed sheet's QR code carries the plain-HTTP address instead).
fn same_origin(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::same_origin;

    #[test]
    fn the_certificate_is_downloaded_from_the_pages_own_origin() {
        assert_eq!(
            same_origin("http://192.168.1.10/township-ca.crt"),
            "/township-ca.crt"
        );
        assert_eq!(
            same_origin("https://town.lan:8443/township-ca.crt"),
            "/township-ca.crt"
        );
        assert_eq!(same_origin("town.lan"), "/");
    }
}

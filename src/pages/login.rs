//! Log in to the township server; after a one-time password, set a new one. Signing in or
//! out never touches the records on the device.
use leptos::prelude::*;
use shouwang_domain::sync::wire::{
    Account, ChangePasswordRequest, DeviceId, LoginRequest, LoginResponse,
};

use crate::components::maxlength;
use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::Route;
use crate::storage::settings::device_id;
use crate::sync::client::{self, ClientError};
use crate::sync::session::{self, Session};
use crate::sync::use_sync;

/// Shortest password the server accepts.
const MIN_PASSWORD: usize = 8;

/// A failed call to the auth API as the worker reads it.
fn failure(e: &ClientError, lang: Lang) -> String {
    let t = lang.strings();
    match e {
        ClientError::Network => t.login_offline.to_string(),
        ClientError::Api { error: Some(e), .. } => e.message.get(lang.domain()).to_string(),
        ClientError::Api { status, .. } | ClientError::BadResponse { status } => {
            fill(t.login_failed, &[status])
        }
    }
}

/// The login screen (`#/login`): the form; once signed in, who is signed in (or, after a
/// one-time password, the form to set a new one).
#[component]
pub fn LoginPage() -> impl IntoView {
    let sync = use_sync();
    let signed_in = move || sync.session.with(Option::is_some);
    let must_change = move || {
        sync.session
            .with(|s| s.as_ref().is_some_and(|s| s.account.must_change_password))
    };
    // The password just typed, so the change form need not ask for it again.
    let typed = StoredValue::new(String::new());
    view! {
        <section class="page login" data-testid="login-page">
            <Show when=signed_in fallback=move || view! { <LoginForm typed/> }>
                <Show when=must_change fallback=SignedIn>
                    <ChangePasswordForm typed/>
                </Show>
            </Show>
        </section>
    }
}

#[component]
fn SignedIn() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let t = move || i18n.lang().strings();
    view! {
        <h2>{move || t().login_title}</h2>
        <p data-testid="login-current">
            {move || sync.session.get().map(|s| fill(t().signed_in_as, &[&s.account.display_name, &s.account.username]))}
        </p>
        <p>
            <a class="button" href=Route::List.href() data-testid="login-done">{move || t().login_to_list}</a>
        </p>
        <button type="button" class="secondary" data-testid="login-logout" on:click=move |_| sync.sign_out()>{move || t().logout}</button>
        <p class="note">{move || t().logout_note}</p>
    }
}

#[component]
fn LoginForm(typed: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let t = move || i18n.lang().strings();
    let username = RwSignal::new(session::last_username());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let device = device_id();
    let device_shown = device.clone();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let request = LoginRequest {
            username: username.get_untracked().trim().to_string(),
            password: password.get_untracked(),
            device_id: DeviceId(device.clone()),
            device_name: window().navigator().user_agent().unwrap_or_default(),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let answer: Result<LoginResponse, ClientError> =
                client::post("/api/v1/auth/login", None, &request).await;
            busy.set(false);
            match answer {
                Ok(r) => {
                    typed.set_value(request.password);
                    sync.sign_in(Session {
                        token: r.token,
                        account: r.account,
                    });
                }
                Err(e) => error.set(Some(failure(&e, i18n.lang()))),
            }
        });
    };

    view! {
        <h2>{move || t().login_title}</h2>
        <p class="note">{move || t().login_intro}</p>
        <form id="login-form" on:submit=submit>
            <div class="field">
                <label for="login-username">{move || t().username}</label>
                <input
                    id="login-username"
                    name="username"
                    autocomplete="username"
                    autocapitalize="none"
                    required
                    maxlength=maxlength("username")
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for="login-password">{move || t().password}</label>
                <input
                    id="login-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    maxlength=maxlength("password")
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
            </div>
            <p class="note" data-testid="device-id">{move || fill(t().device_id, &[&device_shown])}</p>
            {move || error.get().map(|e| view! { <p class="problem error" role="alert" id="login-error" data-testid="login-error">{e}</p> })}
            <button id="login-submit" type="submit" disabled=move || busy.get()>
                {move || if busy.get() { t().logging_in } else { t().login_submit }}
            </button>
        </form>
    }
}

#[component]
fn ChangePasswordForm(typed: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let t = move || i18n.lang().strings();
    let old = RwSignal::new(typed.get_value());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = i18n.lang().strings();
        if new.get_untracked().chars().count() < MIN_PASSWORD {
            error.set(Some(t.password_too_short.to_string()));
            return;
        }
        if new.get_untracked() != again.get_untracked() {
            error.set(Some(t.password_mismatch.to_string()));
            return;
        }
        let Some(current) = sync.session.get_untracked() else {
            return;
        };
        let request = ChangePasswordRequest {
            old_password: old.get_untracked(),
            new_password: new.get_untracked(),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let answer: Result<Account, ClientError> =
                client::post("/api/v1/auth/password", Some(&current.token), &request).await;
            busy.set(false);
            match answer {
                Ok(account) => {
                    typed.set_value(String::new());
                    sync.sign_in(Session {
                        token: current.token,
                        account,
                    });
                }
                Err(ClientError::Api {
                    status: 401,
                    error: e,
                }) if e.as_ref().is_none_or(|e| e.reason != "bad_credentials") => {
                    // The token itself is gone: log in again.
                    sync.sign_out();
                    error.set(Some(
                        i18n.lang().strings().sync_signed_out_again.to_string(),
                    ));
                }
                Err(e) => error.set(Some(failure(&e, i18n.lang()))),
            }
        });
    };

    let field = move |id: &'static str,
                      label: fn(&crate::i18n::Strings) -> &'static str,
                      auto: &'static str,
                      value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{move || label(t())}</label>
                <input
                    id=id
                    type="password"
                    autocomplete=auto
                    required
                    maxlength=maxlength("password")
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </div>
        }
    };

    view! {
        <h2>{move || t().change_password_title}</h2>
        <p class="note">{move || t().change_password_intro}</p>
        <form id="password-form" on:submit=submit>
            {field("password-old", |t| t.old_password, "current-password", old)}
            {field("password-new", |t| t.new_password, "new-password", new)}
            {field("password-again", |t| t.repeat_password, "new-password", again)}
            {move || error.get().map(|e| view! { <p class="problem error" role="alert" id="password-error" data-testid="password-error">{e}</p> })}
            <button id="password-submit" type="submit" disabled=move || busy.get()>
                {move || t().password_submit}
            </button>
        </form>
    }
}

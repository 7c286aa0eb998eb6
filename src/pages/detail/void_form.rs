//! The card's other actions (not printed): voiding a household registered by mistake, with the
//! reason the domain requires, and moving a member out ([`super::move_form`]).
use leptos::prelude::*;
use shouwang_domain::lifecycle::{void, MAX_REASON_CHARS};

use super::card::label;
use super::move_form::MoveForm;
use super::save_edits;
use crate::i18n::use_i18n;
use crate::state::use_app_state;
use crate::storage::{today, Stored};
use crate::sync::use_sync;

/// 更多操作: void, move a member. Nothing to do on a voided household (only the office restores).
#[component]
pub fn MoreActions(stored: Stored) -> impl IntoView {
    let i18n = use_i18n();
    (!stored.household.is_voided()).then(|| {
        view! {
            <section class="card-section more-actions no-print" data-testid="card-actions">
                <h3>{move || i18n.lang().strings().card_more}</h3>
                <MoveForm stored=stored.clone()/>
                <VoidForm stored/>
            </section>
        }
    })
}

/// 作废这户: what it does, the reason, and a confirmation.
#[component]
fn VoidForm(stored: Stored) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let sync = use_sync();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let h = StoredValue::new(stored.household);
    let base = stored.local_rev;
    let by = sync
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.account.username.clone()))
        .unwrap_or_else(|| "-".into());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang();
        let voided = match void(
            &h.get_value(),
            &reason.get_untracked(),
            &by,
            today(),
            today(),
        ) {
            Ok(v) => v,
            Err(e) => {
                error.set(Some(e.message().get(lang.domain()).to_string()));
                return;
            }
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            if let Err(e) = save_edits(state, vec![(voided, Some(base))]).await {
                error.set(Some(e.message(lang.strings())));
            }
            busy.set(false);
        });
    };
    move || {
        let lang = i18n.lang();
        let t = lang.strings();
        if !open.get() {
            return view! {
                <button type="button" class="danger" data-testid="void-open" on:click=move |_| open.set(true)>
                    {t.void_action}
                </button>
            }
            .into_any();
        }
        view! {
            <form class="confirm-box" data-testid="void-form" on:submit=submit.clone()>
                <p><b>{t.void_action}</b></p>
                <p>{t.void_explain}</p>
                <div class="field">
                    <label for="void-reason">{label("monitoring.voided.reason", lang)}</label>
                    <textarea id="void-reason" rows="2" required maxlength=MAX_REASON_CHARS.to_string() data-testid="void-reason"
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                {move || error.get().map(|e| view! { <p class="problem error" role="alert" data-testid="void-error">{e}</p> })}
                <div class="actions">
                    <button type="submit" class="danger" data-testid="void-confirm"
                        disabled=move || busy.get() || reason.with(|r| r.trim().is_empty())>{t.void_confirm}</button>
                    <button type="button" class="secondary" on:click=move |_| open.set(false)>{t.cancel}</button>
                </div>
            </form>
        }
        .into_any()
    }
}

//! Withdrawing a household's open exit procedure (撤回风险消除) when it stops qualifying before
//! the county approval: the reviewer writes why, the server closes the procedure (the domain
//! decides whether it may), and the household leaves the queue and the 公示 notice.
use leptos::prelude::*;
use shouwang_domain::office::wire::{Stored, WithdrawExitRequest};
use shouwang_domain::sync::wire::Revision;

use super::{failure, token, API};
use crate::components::maxlength;
use crate::i18n::{use_i18n, Lang};
use crate::sync::client::{self, ClientError};
use crate::sync::use_sync;

/// The withdrawal form of household `id`'s open exit, at server revision `base` (`None` while
/// the server does not hold this device's latest edit). `done` is owned by the screen, so the
/// confirmation with the stored revision stays when the new version arrives by sync.
#[component]
pub fn ExitWithdrawForm(
    id: String,
    base: Option<u64>,
    done: RwSignal<Option<u64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ClientError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(base) = base else {
            return;
        };
        let body = WithdrawExitRequest {
            reason: reason.get_untracked(),
            base_revision: Revision(base),
        };
        busy.set(true);
        error.set(None);
        let path = format!("{API}/households/{id}/exit/withdraw");
        leptos::task::spawn_local(async move {
            match client::post::<_, Stored>(&path, token(sync).as_deref(), &body).await {
                Ok(stored) => {
                    done.set(Some(stored.revision.0));
                    // Bring the new version to this device, as to the worker's.
                    sync.sync_now();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let lang = move || i18n.lang();
    let t = move || lang().strings();
    let show_error = move |e: ClientError, lang: Lang| {
        view! { <p class="problem-box" role="alert" data-testid="exit-withdraw-error">{failure(&e, lang)}</p> }
    };
    view! {
        <form class="exit-withdraw-form" on:submit=submit>
            <div class="field">
                <label for="exit-withdraw-reason">{move || t().exit_withdraw_reason}</label>
                <textarea id="exit-withdraw-reason" rows="2" required data-testid="exit-withdraw-reason" maxlength=maxlength("reason")
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" class="secondary" data-testid="exit-withdraw-submit"
                disabled=move || busy.get() || base.is_none() || reason.with(|r| r.trim().is_empty())>
                {move || t().exit_withdraw_action}
            </button>
            {move || error.get().map(|e| show_error(e, lang()))}
        </form>
    }
}

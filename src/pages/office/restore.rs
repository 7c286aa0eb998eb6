//! Restoring a voided household (恢复这户), on its card: the office's call only (a worker's
//! phone cannot clear a void), from the version the server holds; the phones get the household
//! back at their next sync.
use leptos::prelude::*;
use shouwang_domain::office::wire::{RestoreRequest, Stored};
use shouwang_domain::sync::wire::Revision;

use super::{failure, is_office_role, token, API};
use crate::i18n::use_i18n;
use crate::sync::client::{self, ClientError};
use crate::sync::use_sync;

/// The restore button of voided household `id`, for reviewers and admins. `server_rev` is the
/// version this device holds of the server's (`None`, or `dirty`: the void has not reached it).
#[component]
pub fn RestoreAction(id: String, server_rev: Option<u64>, dirty: bool) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let busy = RwSignal::new(false);
    // Said by the card's page: the restored card is drawn again without this button.
    let done = crate::pages::detail::use_card_done().restored;
    let error = RwSignal::new(None::<ClientError>);
    let office = move || {
        sync.session
            .with(|s| s.as_ref().is_some_and(|s| is_office_role(s.account.role)))
    };
    let base = server_rev.filter(|_| !dirty);
    let restore = move |_| {
        let Some(base) = base else { return };
        busy.set(true);
        error.set(None);
        let path = format!("{API}/households/{id}/restore");
        let body = RestoreRequest {
            base_revision: Revision(base),
        };
        leptos::task::spawn_local(async move {
            match client::post::<_, Stored>(&path, token(sync).as_deref(), &body).await {
                Ok(stored) => {
                    done.set(Some(stored.revision.0));
                    // This device's copy follows, like the workers'.
                    sync.sync_now();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    move || {
        if !office() {
            return None;
        }
        let lang = i18n.lang();
        let t = lang.strings();
        Some(view! {
            <div class="no-print" data-testid="restore">
                {base.is_none().then(|| view! { <p class="problem warning">{t.restore_needs_sync}</p> })}
                <button type="button" data-testid="restore-submit" disabled=move || busy.get() || base.is_none()
                    on:click=restore.clone()>{t.restore_action}</button>
                {move || error.get().map(|e| view! { <p class="problem-box" role="alert" data-testid="restore-error">{failure(&e, lang)}</p> })}
            </div>
        })
    }
}

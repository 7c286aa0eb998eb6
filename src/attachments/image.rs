//! [`AttachmentImage`]: a picture of a household shown from the phone's Blob, or — when it is not
//! on this phone (a reviewer's desktop, another worker's upload) — from the server while online.
use leptos::prelude::*;

use super::store;
use crate::i18n::use_i18n;
use crate::sync::{client, use_sync};

/// Where the picture stands.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Loading,
    /// An object URL of the Blob (revoked when the component goes).
    Url(String),
    /// Neither on the phone nor reachable now.
    Missing,
}

/// The picture `id` of household `household_id` (a photo, its thumbnail, a signature: any
/// stored address); `thumb` draws it at thumbnail size.
#[component]
pub fn AttachmentImage(
    household_id: String,
    id: String,
    #[prop(optional)] thumb: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(Shown::Loading);
    let token = use_sync()
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
    on_cleanup(move || {
        if let Some(Shown::Url(u)) = shown.try_get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });
    leptos::task::spawn_local(async move {
        let local = store::blob(&id).await.ok().flatten();
        let blob = match local {
            Some(b) => Some(b),
            None if online() => {
                let path = format!("/api/v1/households/{household_id}/attachments/{id}");
                client::get_blob(&path, token.as_deref()).await.ok()
            }
            None => None,
        };
        let next = match blob.and_then(|b| web_sys::Url::create_object_url_with_blob(&b).ok()) {
            Some(url) => Shown::Url(url),
            None => Shown::Missing,
        };
        // The component may have gone while the picture loaded: its URL is revoked then.
        if let Some(Shown::Url(u)) = shown.try_set(next) {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });
    let class = if thumb {
        "attachment thumb"
    } else {
        "attachment full"
    };
    move || {
        let p = i18n.lang().photos();
        match shown.get() {
            Shown::Loading => {
                view! { <span class=format!("{class} placeholder") data-testid="attachment-loading">{p.loading}</span> }
                    .into_any()
            }
            Shown::Url(url) => {
                view! { <img class=class src=url alt=p.alt data-testid="attachment-image"/> }.into_any()
            }
            Shown::Missing => {
                view! { <span class=format!("{class} placeholder") data-testid="attachment-missing">{p.not_here}</span> }
                    .into_any()
            }
        }
    }
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

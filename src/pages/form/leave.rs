//! Leaving the form with unsaved changes asks first. A link to another screen (the tab bar, the
//! top bar, a link in a banner) is held while the form has changes that were not saved, and the
//! worker chooses: keep editing, leave with the draft kept (it comes back when the household is
//! opened again), or drop the changes and leave. Closing the tab or the back button does not ask
//! (the browser gives no say before them): the draft is written as the page goes and restored.
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::use_i18n;
use crate::routes::Route;

/// Where a held link was going.
#[derive(Clone, Debug, PartialEq)]
struct Held(String);

/// Holds links away from the form while `unsaved` and asks. `keep` runs before leaving with
/// the draft kept, `discard` (which leaves by itself) to drop the changes.
#[component]
pub fn LeaveGuard(
    unsaved: Signal<bool>,
    keep: Callback<()>,
    discard: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let held = RwSignal::new(None::<Held>);
    let here = Route::parse(&window().location().hash().unwrap_or_default());
    let listener = window_event_listener(leptos::ev::click, move |ev| {
        if !unsaved.get_untracked() || ev.default_prevented() {
            return;
        }
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
        else {
            return;
        };
        let href = link.get_attribute("href").unwrap_or_default();
        // Only the app's own screens; another form of the same household is not leaving.
        if href.starts_with('#') && Route::parse(&href) != here {
            ev.prevent_default();
            held.set(Some(Held(href)));
        }
    });
    on_cleanup(move || listener.remove());
    let go = move |href: String| {
        held.set(None);
        let _ = window().location().set_hash(&href);
    };
    view! {
        <Show when=move || held.get().is_some()>
            <div class="dialog-backdrop">
                <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="leave-title"
                    aria-describedby="leave-text" data-testid="leave-dialog">
                    <h2 id="leave-title">{move || t().leave_title}</h2>
                    <p id="leave-text">{move || t().leave_text}</p>
                    <div class="actions">
                        <button type="button" data-testid="leave-stay" on:click=move |_| held.set(None)>
                            {move || t().leave_stay}
                        </button>
                        <button type="button" class="secondary" data-testid="leave-keep" on:click=move |_| {
                            if let Some(Held(href)) = held.get_untracked() {
                                keep.run(());
                                go(href);
                            }
                        }>{move || t().leave_keep}</button>
                        <button type="button" class="danger" data-testid="leave-discard" on:click=move |_| {
                            if let Some(Held(href)) = held.get_untracked() {
                                held.set(None);
                                discard.run(href);
                            }
                        }>{move || t().leave_discard}</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

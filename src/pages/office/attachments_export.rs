//! The office's download of one village's photos and signatures: a ZIP the server writes, one
//! folder per household named by its 户编号. The villages are those of the households on this
//! device (the office's areas, synced); the server checks the village against the caller's.
use leptos::prelude::*;

use super::{failure, token, API};
use crate::download::save_blob;
use crate::i18n::use_i18n;
use crate::state::use_app_state;
use crate::storage::today;
use crate::sync::client::{self, ClientError};
use crate::sync::use_sync;

/// The villages of `summaries`, by code, each once, in code order: (code, name).
fn villages(summaries: &[shouwang_domain::summary::Summary]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = summaries
        .iter()
        .map(|s| (s.village_code.clone(), s.village_name.clone()))
        .collect();
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// A village chooser and the ZIP's download button.
#[component]
pub fn AttachmentsExport() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let state = use_app_state();
    let choices = Memo::new(move |_| state.summaries.with(|all| villages(all)));
    let chosen = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ClientError>);
    let download = move |_| {
        let code = chosen.get_untracked();
        let code = if code.is_empty() {
            choices.with_untracked(|c| c.first().map(|v| v.0.clone()).unwrap_or_default())
        } else {
            code
        };
        if code.is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let path = format!("{API}/exports/attachments?village={code}");
            match client::get_blob(&path, token(sync).as_deref()).await {
                Ok(blob) => save_blob(&blob, &format!("shouwang-photos-{code}-{}.zip", today())),
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    move || {
        let lang = i18n.lang();
        let p = lang.photos();
        let t = lang.strings();
        let list = choices.get();
        view! {
            <section class="exports no-print" data-testid="attachments-export">
                <h3>{p.zip_title}</h3>
                {if list.is_empty() {
                    view! { <p class="muted">{p.zip_no_villages}</p> }.into_any()
                } else {
                    view! {
                        <div class="field">
                            <label for="zip-village">{p.zip_village}</label>
                            <select id="zip-village" data-testid="zip-village"
                                on:change=move |ev| chosen.set(event_target_value(&ev))>
                                {list.into_iter().map(|(code, name)| {
                                    let selected = chosen.with_untracked(|c| *c == code);
                                    view! { <option value=code.clone() selected=selected>{format!("{name}（{code}）")}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="actions">
                            <button type="button" class="secondary" data-testid="zip-download"
                                disabled=move || busy.get() on:click=download>
                                {p.zip_download}
                            </button>
                        </div>
                    }.into_any()
                }}
                {move || busy.get().then(|| view! { <p class="muted" role="status">{t.export_downloading}</p> })}
                {move || error.get().map(|e| view! {
                    <p class="problem error" role="alert" data-testid="zip-error">{failure(&e, lang)}</p>
                })}
            </section>
        }
    }
}

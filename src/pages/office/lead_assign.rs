//! Assigning a list row that matched no household: the office finds the household the person
//! belongs to among this device's households (the township's, after a sync) and sends the
//! assignment with the version it holds; the lead then goes to that household's worker.
use leptos::prelude::*;
use shouwang_domain::office::leads::AssignRequest;
use shouwang_domain::office::wire::Stored;
use shouwang_domain::summary::Summary;
use shouwang_domain::sync::wire::Revision;

use super::{failure, token, API};
use crate::i18n::use_i18n;
use crate::state::use_app_state;
use crate::sync::client;
use crate::sync::use_sync;

/// Households offered for a search.
const MATCHES: usize = 8;

/// The assignment of unmatched row `key`; `reload` reads the leads again once it is stored.
#[component]
pub fn AssignUnmatched(key: String, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let state = use_app_state();
    let find = RwSignal::new(String::new());
    let target = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let matches = Memo::new(move |_| {
        let q = find.get();
        let q = q.trim();
        if q.is_empty() {
            return Vec::new();
        }
        state.summaries.with(|all| {
            all.iter()
                .filter(|s| !s.voided && s.head_name.contains(q))
                .take(MATCHES)
                .cloned()
                .collect::<Vec<Summary>>()
        })
    });
    let key = StoredValue::new(key);
    let assign = move |_| {
        let Some(id) = target.get_untracked() else {
            error.set(Some(i18n.lang().imports().assign_find.to_string()));
            return;
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let lang = i18n.lang();
            // The version this device holds of the server's; an unsent change must go first.
            let stored = match state.store() {
                Some(store) => store.load(&id).await.ok().flatten(),
                None => None,
            };
            let Some(base) = stored.filter(|s| !s.dirty).and_then(|s| s.server_rev) else {
                error.set(Some(lang.imports().assign_needs_sync.to_string()));
                busy.set(false);
                return;
            };
            let body = AssignRequest {
                household_id: id,
                base_revision: Revision(base),
            };
            let path = format!("{API}/leads/unmatched/{}/assign", key.get_value());
            match client::post::<_, Stored>(&path, token(sync).as_deref(), &body).await {
                Ok(_) => {
                    sync.sync_now();
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(failure(&e, lang))),
            }
            busy.set(false);
        });
    };
    move || {
        let t = i18n.lang().imports();
        let find_id = format!("assign-find-{}", key.get_value());
        view! {
            <div class="assign" data-testid="assign">
                <div class="field">
                    <label for=find_id.clone()>{t.assign_find}</label>
                    <input id=find_id type="search" data-testid="assign-find"
                        on:input=move |ev| { find.set(event_target_value(&ev)); target.set(None); }/>
                </div>
                {move || {
                    let list = matches.get();
                    if list.is_empty() {
                        let typed = !find.with(|f| f.trim().is_empty());
                        return typed.then(|| view! { <p class="muted">{i18n.lang().strings().move_target_none}</p> }).into_any();
                    }
                    view! {
                <fieldset class="choices">
                    <legend>{t.assign_to}</legend>
                    {list.into_iter().map(|s| {
                        let (id, id2) = (s.id.clone(), s.id.clone());
                        let dom = format!("assign-{}-{}", key.get_value(), s.id);
                        let name = format!("assign-{}", key.get_value());
                        view! {
                            <div class="field check">
                                <input type="radio" name=name id=dom.clone()
                                    checked=move || target.get().as_deref() == Some(id.as_str())
                                    on:change=move |_| target.set(Some(id2.clone()))/>
                                <label for=dom>{format!("{} · {}", s.head_name, s.village_name)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                    }.into_any()
                }}
                <button type="button" data-testid="assign-submit" disabled=move || busy.get()
                    on:click=assign>{t.assign}</button>
                {move || error.get().map(|e| view! { <p class="problem error" role="alert" data-testid="assign-error">{e}</p> })}
            </div>
        }
    }
}

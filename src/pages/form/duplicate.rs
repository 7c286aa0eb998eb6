//! 可能重复登记, while the ID number is typed: when another household on this device (not a
//! voided one) holds the person of the member's number, the member's screen says whose household
//! and where, and offers to open it or to go on (it is another person). The card keeps the
//! notice, and the server warns at upload; the person key is the domain's (`person_key`).
use leptos::prelude::*;
use shouwang_domain::validate::person_key;

use super::lens::Form;
use crate::i18n::{fill, use_i18n};
use crate::routes::Route;
use crate::state::use_app_state;

/// The prompt for member `i`.
#[component]
pub fn DuplicatePrompt(f: Form, i: usize) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let own = f.draft.with_untracked(|h| h.id.0.clone());
    let key = Memo::new(move |_| f.draft.with(|h| h.members.get(i).and_then(person_key)));
    // The number the worker said is another person's: no prompt for it again on this screen.
    let dismissed = RwSignal::new(None::<String>);
    let others = Memo::new(move |_| {
        let Some(k) = key.get() else {
            return Vec::new();
        };
        state.summaries.with(|all| {
            all.iter()
                .filter(|s| s.id != own && s.holds(&k))
                .map(|s| (s.id.clone(), s.head_name.clone(), s.village_name.clone()))
                .collect::<Vec<_>>()
        })
    });
    move || {
        let list = others.get();
        if list.is_empty() || dismissed.get() == key.get() {
            return None;
        }
        let t = i18n.lang().strings();
        let lines = list
            .into_iter()
            .map(|(id, head, village)| {
                let head = if head.is_empty() { t.head_unknown.to_string() } else { head };
                view! {
                    <li>
                        {fill(t.dup_prompt_line, &[&head, &village])}" "
                        <a href=Route::Detail(id).href() data-testid="dup-open">{t.card_open_other}</a>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="alert-line" role="alert" data-testid="dup-prompt">
                <p><b>{t.card_duplicate_title}</b></p>
                <ul>{lines}</ul>
                <button type="button" class="secondary" data-testid="dup-other-person"
                    on:click=move |_| dismissed.set(key.get_untracked())>
                    {t.dup_prompt_other_person}
                </button>
            </div>
        })
    }
}

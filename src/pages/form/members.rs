//! 家庭成员 as a compact list: one row per member — its number, its name (typed in the row) and
//! what the worker needs to tell members apart (relation, sex, age) — with a button to the
//! member's own sub-screen (`member`). Adding a member adds one row; rows are keyed, so editing
//! one member redraws nothing of the others.
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::model::Relation;
use shouwang_domain::Severity;

use super::blank_member;
use super::lens::{use_form, Bind, Form};
use super::member::{member_index, MemberScreen};
use crate::components::dom_id;
use crate::i18n::{fill, use_i18n};
use crate::storage::today;

#[component]
pub fn Members() -> impl IntoView {
    let f = use_form();
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    // Keyed by position and id: an edit or an added member keeps every other row; a removal
    // or a reorder redraws the rows after it, so field paths follow the indices the
    // validation messages use.
    let rows = Memo::new(move |_| {
        f.draft.with(|h| {
            h.members
                .iter()
                .enumerate()
                .map(|(i, m)| (i, m.id.clone()))
                .collect::<Vec<_>>()
        })
    });
    let open_at = Memo::new(move |_| {
        f.open_member.with(|open| {
            open.as_ref()
                .and_then(|id| f.draft.with(|h| h.members.iter().position(|m| m.id == *id)))
        })
    });
    let add = move |_| {
        let i = f.draft.with_untracked(|h| h.members.len());
        f.draft
            .update(|h| h.members.push(blank_member(Relation::Other)));
        // The worker types the new member's name next.
        let target = dom_id(&format!("members[{i}].name"));
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&target) {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        });
    };
    view! {
        <fieldset class="section" data-testid="section-members">
            <legend>{move || t().section_members}</legend>
            <div class="member-list" hidden=move || open_at.get().is_some()>
                <ol>
                    <For each=move || rows.get() key=|row| row.clone() let:row>
                        <MemberRow f i=row.0/>
                    </For>
                </ol>
                <button type="button" class="secondary" data-testid="member-add" on:click=add>
                    {move || t().member_add}
                </button>
            </div>
            {move || open_at.get().map(|i| view! { <MemberScreen f i/> })}
        </fieldset>
    }
}

/// What tells member `i` apart in the list, and how many errors its fields have.
#[component]
fn MemberRow(f: Form, i: usize) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let today = today();
    let facts = Memo::new(move |_| {
        f.draft.with(|h| {
            h.members
                .get(i)
                .map(|m| (m.relation, m.sex, m.age_on(today)))
        })
    });
    let summary = move || {
        let lang = i18n.lang();
        facts.get().map(|(relation, sex, age)| {
            let mut parts = vec![
                relation.label().get(lang.domain()).to_string(),
                sex.label().get(lang.domain()).to_string(),
            ];
            if let Some(age) = age {
                parts.push(fill(lang.strings().member_age, &[&age]));
            }
            parts.join(" · ")
        })
    };
    let errors = Memo::new(move |_| {
        f.problems.with(|all| {
            all.iter()
                .filter(|p| p.severity == Severity::Error && member_index(&p.field) == Some(i))
                .count()
        })
    });
    let open = move |_| {
        let id = f
            .draft
            .with_untracked(|h| h.members.get(i).map(|m| m.id.clone()));
        f.open_member.set(id);
    };
    view! {
        <li class="member-row" data-testid="member">
            <span class="member-n" aria-hidden="true">{i + 1}</span>
            <div class="member-main">
                {f.text(format!("members[{i}].name"), Bind::member(i, |m| m.name.clone(), |m, v| m.name = v))}
                <p class="muted member-summary" data-testid="member-summary">{summary}</p>
            </div>
            <button type="button" class="secondary member-open" data-testid="member-open" on:click=open>
                {move || t().member_open}
                <Show when=move || errors.get() != 0>
                    <span class="errors" title=move || fill(t().form_step_errors, &[&errors.get()])>{move || errors.get()}</span>
                </Show>
            </button>
        </li>
    }
}

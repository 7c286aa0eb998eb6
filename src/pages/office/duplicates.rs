//! 重复登记 (`#/office/duplicates`): every ID number registered in more than one household of
//! the office's area, each household with the member's name and relation, linked to its card
//! (where the worker or the office voids the wrong registration or moves the member) and to its
//! change history. The list is the server's (`GET office/duplicates`, the domain's rule).
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::office::wire::Duplicates;

use super::{parse, Fetched, OfficeGate, API};
use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::Route;

/// The double-registration screen.
#[component]
pub fn DuplicatesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <OfficeGate current=Route::OfficeDuplicates>
            <h2>{move || i18n.lang().strings().office_duplicates}</h2>
            <p class="note">{move || i18n.lang().strings().duplicates_explain}</p>
            <Fetched path=Signal::stored(Some(format!("{API}/duplicates"))) show=show_duplicates/>
        </OfficeGate>
    }
}

fn show_duplicates(text: &str, lang: Lang, reload: RwSignal<u32>) -> AnyView {
    let d: Duplicates = match parse(text, lang, reload) {
        Ok(d) => d,
        Err(failed) => return failed,
    };
    let t = lang.strings();
    let l = lang.domain();
    if d.items.is_empty() {
        return view! { <p class="ok-box" data-testid="duplicates-none">{t.duplicates_none}</p> }
            .into_any();
    }
    let count = d.items.len();
    let items = d
        .items
        .into_iter()
        .map(|p| {
            let holders = p
                .holders
                .into_iter()
                .map(|x| {
                    let id = x.household.household_id.clone();
                    view! {
                        <li>
                            <a href=Route::Detail(id.clone()).href()>{format!("{}（{}）", x.name, x.relation.label().get(l))}</a>
                            " · "{fill(t.duplicate_holder, &[&x.household.head_name, &x.household.village_name])}
                            " · "<a href=Route::OfficeAudit(id).href()>{t.office_audit}</a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="queue-item" data-testid="duplicate">
                    <p><b data-testid="duplicate-number">{p.id_number}</b></p>
                    <ul>{holders}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="counts" data-testid="duplicates-count">{fill(t.duplicates_count, &[&count])}</p>
        <ul class="queue duplicates">{items}</ul>
    }
    .into_any()
}

//! 走访记录: date, visitor, notes, and the position if the worker allows it.
use leptos::prelude::*;
use shouwang_domain::model::{Gps, Visit};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::lens::{use_form, Bind};
use crate::i18n::use_i18n;
use crate::ids::new_id;
use crate::storage::today;

#[component]
pub fn Visits() -> impl IntoView {
    let f = use_form();
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let gps_error = RwSignal::new(None::<String>);
    let rows = Memo::new(move |_| {
        f.draft.with(|h| {
            h.visits
                .iter()
                .enumerate()
                .map(|(i, v)| (i, v.id.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <fieldset class="section" data-testid="section-visits">
            <legend>{move || t().section_visits}</legend>
            <For each=move || rows.get() key=|r| r.clone() let:row>
                {
                    let i = row.0;
                    view! {
                        <div class="visit" data-testid="visit">
                            {f.date(format!("visits[{i}].date"), Bind::visit(i, |v| Some(v.date),
                                |v, d| if let Some(d) = d { v.date = d }))}
                            {f.text(format!("visits[{i}].visitor"), Bind::visit(i, |v| v.visitor.clone(), |v, s| v.visitor = s))}
                            {f.long_text(format!("visits[{i}].notes"), Bind::visit(i, |v| v.notes.clone(), |v, s| v.notes = s))}
                            <p class="muted" data-testid="gps">
                                {move || f.draft.with(|h| h.visits.get(i).and_then(|v| v.gps)
                                    .map(|g| format!("{:.5}, {:.5}", g.lat, g.lon)).unwrap_or_default())}
                            </p>
                            <button type="button" class="secondary" on:click=move |_| locate(f.draft, i, gps_error)>
                                {move || t().use_gps}
                            </button>
                            <button type="button" class="danger" on:click=move |_| f.draft.update(|h| {
                                if i < h.visits.len() { h.visits.remove(i); }
                            })>{move || t().remove}</button>
                        </div>
                    }
                }
            </For>
            {move || gps_error.get().map(|e| view! { <p class="problem warning" role="status">{t().gps_failed}{e}</p> })}
            <button type="button" class="secondary" data-testid="visit-add" on:click=move |_| f.draft.update(|h| {
                h.visits.push(Visit { id: new_id("visit"), date: today(), visitor: h.monitoring.helper.clone(), notes: String::new(), gps: None })
            })>{move || t().visit_add}</button>
        </fieldset>
    }
}

/// Asks the browser for the position and stores it on visit `i`.
fn locate(draft: RwSignal<shouwang_domain::Household>, i: usize, error: RwSignal<Option<String>>) {
    let Ok(geo) = window().navigator().geolocation() else {
        error.set(Some("geolocation unavailable".into()));
        return;
    };
    let ok = Closure::once_into_js(move |pos: web_sys::Position| {
        let c = pos.coords();
        let gps = Gps {
            lat: c.latitude(),
            lon: c.longitude(),
            accuracy_m: Some(c.accuracy()),
        };
        error.set(None);
        draft.update(|h| {
            if let Some(v) = h.visits.get_mut(i) {
                v.gps = Some(gps)
            }
        });
    });
    let fail = Closure::once_into_js(move |e: web_sys::PositionError| error.set(Some(e.message())));
    let _ = geo
        .get_current_position_with_error_callback(ok.unchecked_ref(), Some(fail.unchecked_ref()));
}

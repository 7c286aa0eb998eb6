//! 走访记录: date, visitor, notes, and the position if the worker allows it.
use leptos::prelude::*;
use shouwang_domain::model::{Gps, Visit};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::lens::{use_form, Bind};
use crate::i18n::{use_i18n, Strings};
use crate::ids::new_id;
use crate::storage::today;

#[component]
pub fn Visits() -> impl IntoView {
    let f = use_form();
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let gps_error = RwSignal::new(None::<GpsFailure>);
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
            {move || gps_error.get().map(|e| view! { <p class="problem warning" role="status" data-testid="gps-failed">{e.message(t())}</p> })}
            <button type="button" class="secondary" data-testid="visit-add" on:click=move |_| f.draft.update(|h| {
                h.visits.push(Visit { id: new_id("visit"), date: today(), visitor: h.monitoring.helper.clone(), notes: String::new(), gps: None })
            })>{move || t().visit_add}</button>
        </fieldset>
    }
}

/// Why the phone gave no position, as the Geolocation API tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GpsFailure {
    /// The browser has no geolocation (or the page is not served over HTTPS).
    Unsupported,
    /// The worker (or the phone's settings) did not allow it: code 1, PERMISSION_DENIED.
    Denied,
    /// No fix: code 2, POSITION_UNAVAILABLE.
    Unavailable,
    /// No answer in time: code 3, TIMEOUT.
    Timeout,
}

impl GpsFailure {
    /// The failure of a `GeolocationPositionError.code`.
    pub fn of_code(code: u16) -> GpsFailure {
        match code {
            1 => GpsFailure::Denied,
            3 => GpsFailure::Timeout,
            _ => GpsFailure::Unavailable,
        }
    }

    /// What happened and what to do, in the user's language.
    pub fn message(self, t: &Strings) -> &'static str {
        match self {
            GpsFailure::Unsupported => t.gps_unsupported,
            GpsFailure::Denied => t.gps_denied,
            GpsFailure::Unavailable => t.gps_unavailable,
            GpsFailure::Timeout => t.gps_timeout,
        }
    }
}

/// Asks the browser for the position and stores it on visit `i`.
fn locate(
    draft: RwSignal<shouwang_domain::Household>,
    i: usize,
    error: RwSignal<Option<GpsFailure>>,
) {
    let Ok(geo) = window().navigator().geolocation() else {
        error.set(Some(GpsFailure::Unsupported));
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
    let fail = Closure::once_into_js(move |e: web_sys::PositionError| {
        error.set(Some(GpsFailure::of_code(e.code())))
    });
    let _ = geo
        .get_current_position_with_error_callback(ok.unchecked_ref(), Some(fail.unchecked_ref()));
}

#[cfg(test)]
mod tests {
    use super::GpsFailure;
    use crate::i18n::Lang;

    #[test]
    fn every_geolocation_error_code_reads_in_both_languages() {
        for code in [1, 2, 3, 0] {
            let f = GpsFailure::of_code(code);
            let (zh, en) = (
                f.message(Lang::ZhCn.strings()),
                f.message(Lang::En.strings()),
            );
            assert!(
                zh.contains("位置") && en.contains("position"),
                "{code}: {zh} / {en}"
            );
        }
        assert_eq!(GpsFailure::of_code(1), GpsFailure::Denied);
        assert_eq!(GpsFailure::of_code(3), GpsFailure::Timeout);
        let no_api = GpsFailure::Unsupported.message(Lang::ZhCn.strings());
        assert!(no_api.contains("位置"), "{no_api}");
    }
}

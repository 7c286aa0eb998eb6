//! The household card (户卡, `#/households/ID`), as a worker and a reviewer read it: who lives
//! there, contact and address, housing and water, income, the classification with its reasons,
//! risks, measures, visits (latest first), the procedure with its next step and time limit, and
//! members who moved, the departments' leads. From the card: add a visit, record a lead's outcome, record a measure, edit one section, void the
//! household or move a member; print it as one A4 户卡. A refused upload, an edit waiting, a
//! possible double registration and a void are said at the top.
//!
//! - `card`: the sections;
//! - `classification`: the judgement with every reason;
//! - `notices`: what the worker must know first (refused, waiting, duplicates, voided);
//! - `quick_add`: a visit or a measure added from the card;
//! - `leads`: the departments' leads, and the worker's outcome of each;
//! - `consent`: the signed 承诺授权书, or 签署 with the text, the signer and the pad;
//! - `photos`: the photos of the house, the water, the visits and the measures;
//! - `void_form` and `move_form`: voiding, and a member moving out.
mod card;
mod classification;
mod consent;
mod leads;
mod move_form;
mod notices;
mod photos;
mod quick_add;
mod void_form;

pub use card::label;

use leptos::prelude::*;
use shouwang_domain::{classify, Household};

use crate::i18n::use_i18n;
use crate::pages::office::OfficeActions;
use crate::routes::Route;
use crate::state::{use_app_state, AppState};
use crate::storage::{today, with_policy, StorageError, Stored};
use crate::sync::use_sync;

/// What was just done on the card, kept by the page: a save (or a sync after it) reads the
/// record again and redraws the card, and the confirmation must outlive that redraw.
#[derive(Clone, Copy)]
pub(crate) struct CardDone {
    /// The quick visit's form is open (a background sync redraws the card: it stays open).
    pub visit_open: RwSignal<bool>,
    /// The quick visit's outcome.
    pub visit: RwSignal<Option<Result<(), Vec<String>>>>,
    /// The quick measure's form is open.
    pub measure_open: RwSignal<bool>,
    /// The quick measure's outcome.
    pub measure: RwSignal<Option<Result<(), Vec<String>>>>,
    /// The member who moved, and the household they went to (a new or another one on the phone).
    pub moved: RwSignal<Option<(String, Option<String>)>>,
    /// The server's revision of a restored household.
    pub restored: RwSignal<Option<u64>>,
    /// The lead whose outcome is being recorded.
    pub lead_open: RwSignal<Option<String>>,
    /// The outcome of recording it.
    pub lead: RwSignal<Option<Result<(), Vec<String>>>>,
    /// What is typed into the quick forms, so that a redraw keeps it.
    pub visit_draft: quick_add::VisitDraft,
    pub measure_draft: quick_add::MeasureDraft,
}

/// The confirmations of this card (the page provides them).
pub(crate) fn use_card_done() -> CardDone {
    use_context::<CardDone>().unwrap_or_else(|| CardDone {
        visit_open: RwSignal::new(false),
        visit: RwSignal::new(None),
        measure_open: RwSignal::new(false),
        measure: RwSignal::new(None),
        moved: RwSignal::new(None),
        restored: RwSignal::new(None),
        lead_open: RwSignal::new(None),
        lead: RwSignal::new(None),
        visit_draft: quick_add::VisitDraft::new(),
        measure_draft: quick_add::MeasureDraft::new(),
    })
}

/// The card of household `id`.
#[component]
pub fn DetailPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let t = move || i18n.lang().strings();
    let id2 = id.clone();
    // What the outbox says of this household: refused (and why), or waiting. A refusal changes
    // no summary, so the card reloads when this changes too; a memo, so a sync that says the
    // same again does not redraw the card (and close what the worker has open on it).
    let sync = use_sync();
    let id3 = id.clone();
    let outbox = Memo::new(move |_| {
        let refused = sync
            .refused
            .with(|r| r.iter().find(|(i, _)| *i == id3).map(|(_, e)| e.clone()));
        (refused, sync.unsent.with(|u| u.contains(&id3)))
    });
    let record = LocalResource::new(move || {
        let id = id2.clone();
        // Reload after a save here or in another tab, after a sync, and when the outbox's word
        // on this household changes.
        state.summaries.track();
        outbox.track();
        async move {
            match state.store() {
                Some(store) => store.load(&id).await.ok().flatten(),
                None => None,
            }
        }
    });
    let photo_hid = id.clone();
    let edit = Route::Edit(id).href();
    let exit_done = RwSignal::new(None::<u64>);
    let card_done = use_card_done();
    provide_context(card_done);
    provide_context(photos::PhotoNotes::new());
    let exit_withdrawn = RwSignal::new(None::<u64>);
    view! {
        <section class="page detail card" data-testid="detail-page">
            <photos::PhotoInput hid=photo_hid/>
            <nav class="actions no-print">
                <a href=Route::List.href() class="button secondary">{move || t().back}</a>
                <a href=edit class="button" data-testid="edit">{move || t().edit}</a>
                <button type="button" class="secondary" data-testid="card-print"
                    on:click=|_| { let _ = window().print(); }>{move || t().card_print}</button>
            </nav>
            {move || card_done.restored.get().map(|r| view! {
                <p class="ok-box" role="status" data-testid="restore-done">{crate::i18n::fill(t().restore_done, &[&r])}</p>
            })}
            <Suspense fallback=move || view! { <p>{move || t().loading}</p> }>
                {move || {
                    record.get().map(|found| match found {
                        Some(stored) => {
                            let h = stored.household.clone();
                            let c = with_policy(|p| classify(&h, p, today()));
                            let (id, exited) = (h.id.0.clone(), h.monitoring.exit.is_some());
                            let open_exit = h.monitoring.open_exit_procedure().map(|p| p.started);
                            let (server_rev, dirty) = (stored.server_rev, stored.dirty);
                            view! {
                                <notices::Notices stored=stored.clone()/>
                                <card::Card stored=stored.clone() c/>
                                <void_form::MoreActions stored/>
                                <OfficeActions id server_rev dirty exited open_exit done=exit_done withdrawn=exit_withdrawn/>
                            }.into_any()
                        }
                        None => view! { <p data-testid="not-found">{move || t().not_found}</p> }.into_any(),
                    })
                }}
            </Suspense>
        </section>
    }
}

/// Saves `households` (each with the local revision it was read at; `None` for a new one) as
/// edits in one transaction, and tells the list, the sync (a new change id is a save to send)
/// and the other tabs.
pub(crate) async fn save_edits(
    state: AppState,
    households: Vec<(Household, Option<u64>)>,
) -> Result<Vec<Stored>, StorageError> {
    let store = state.store().ok_or(StorageError::Unavailable)?;
    let saved = store.save_all(&households, today()).await?;
    let ids: Vec<String> = saved
        .iter()
        .map(|(s, _)| s.household.id.0.clone())
        .collect();
    state.summaries.update(|all| {
        for (_, summary) in &saved {
            match all.iter_mut().find(|s| s.id == summary.id) {
                Some(s) => *s = summary.clone(),
                None => all.push(summary.clone()),
            }
        }
    });
    state.announce_saved_many(&ids);
    Ok(saved.into_iter().map(|(s, _)| s).collect())
}

//! The household form, in steps (see `steps`). The record being edited is one signal; each
//! field watches its own value (`lens`), the domain judges the draft when the browser is idle
//! after a change (`judge`), and every change is saved as a draft in batches (`autosave`), so a
//! reload, a crash or a closed tab loses nothing.
mod autosave;
mod basic;
pub(crate) mod blank;
mod duplicate;
mod guarantees;
mod idle;
mod income;
mod judge;
mod leave;
mod lens;
mod member;
mod members;
mod monitoring;
mod risks;
mod status;
mod steps;
mod village;
mod visits;

use leptos::prelude::*;
use shouwang_domain::model::Household;
use shouwang_domain::Severity;

use crate::components::dom_id;
use crate::i18n::{fill, use_i18n};
use crate::ids::new_id;
use crate::routes::{navigate, Route};
use crate::state::use_app_state;
use crate::storage::{today, StorageError};
use crate::sync::use_sync;
use autosave::{Autosave, DraftPlace};
use judge::Judge;
use leave::LeaveGuard;
use lens::Form;
use shouwang_domain::sync::Scope;
use status::LiveStatus;
use steps::{draw_steps_when_idle, first_error_step, requested_step, step_view, Step, StepNav};

pub use blank::{blank_household, blank_member};
pub(crate) use monitoring::MEASURES_SECTION;

/// Where a save stands.
#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    Failed(StorageError),
}

/// The form for a new household (`id` None) or household `id`.
#[component]
pub fn FormPage(id: Option<String>) -> impl IntoView {
    let state = use_app_state();
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    // A new household starts in the worker's village when there is one.
    let villages = village::my_villages();
    provide_context(village::MyVillages(villages.clone()));
    let fresh = {
        let villages = villages.clone();
        move || {
            let mut h = blank_household();
            village::start_in(&mut h, &villages);
            h
        }
    };
    // What to edit: the draft if one was left, else the stored record, else a new household.
    let loaded = LocalResource::new(move || {
        let id = id.clone();
        let fresh = fresh.clone();
        async move {
            let store = state.store()?;
            let stored = match &id {
                Some(id) => store.load(id).await.ok().flatten(),
                None => None,
            };
            let draft_key = id.clone().unwrap_or_else(|| "new".to_string());
            // A change left by a page that went away is newer than the stored draft.
            let draft = match autosave::rescued(&draft_key) {
                Some(left) => Some(left),
                None => store.load_draft(&draft_key).await.ok().flatten(),
            };
            let stored_rev = stored.as_ref().map(|s| s.local_rev);
            let restored = draft.is_some();
            // A draft keeps the revision it started from: saving it must not overwrite a save
            // made since (in another tab, or by an import), so that revision is what the save
            // expects.
            let (household, rev, stale) = match draft {
                Some(d) => {
                    let stale = d.base_rev != stored_rev;
                    (d.household, d.base_rev, stale)
                }
                None => (
                    stored.map(|s| s.household).unwrap_or_else(fresh),
                    stored_rev,
                    false,
                ),
            };
            Some((household, rev, draft_key, restored, stale))
        }
    });
    view! {
        <section class="page form" data-testid="form-page">
            <Suspense fallback=move || view! { <p>{move || t().loading}</p> }>
                {move || {
                    loaded.get().map(|found| match found {
                        Some((h, rev, key, restored, stale)) => {
                            view! { <Editor h rev key restored stale/> }.into_any()
                        }
                        None => view! { <p>{move || t().loading}</p> }.into_any(),
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Editor(
    h: Household,
    rev: Option<u64>,
    key: String,
    restored: bool,
    stale: bool,
) -> impl IntoView {
    let state = use_app_state();
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let draft = RwSignal::new(h);
    let session = use_sync().session;
    let scope = Signal::derive(move || {
        session.with(|s| s.as_ref().map(|s| Scope::new(s.account.areas.clone())))
    });
    let judge = Judge::new(draft, today(), scope);
    let form = Form {
        draft,
        problems: judge.problems.into(),
        classification: judge.classification.into(),
        per_capita: judge.per_capita,
        open_member: RwSignal::new(None),
    };
    provide_context(form);
    let judge = StoredValue::new_local(judge);

    let expected_rev = RwSignal::new(rev);
    let save_state = RwSignal::new(SaveState::Idle);
    let draft_note = RwSignal::new(restored);
    let id = draft.with_untracked(|h| h.id.0.clone());
    // This page load's form: its drafts are its own (another tab has another form id).
    let form_id = new_id("form");
    let autosave = StoredValue::new_local(Autosave::start(
        state,
        draft,
        DraftPlace {
            key: key.clone(),
            base_rev: expected_rev,
            form_id: form_id.clone(),
        },
        draft_note,
    ));
    let (key, form_id) = (StoredValue::new(key), StoredValue::new(form_id));
    // A restored draft is this form's now: written again under its id (which also clears a
    // change left in localStorage), so this form's save drops it.
    if restored {
        autosave.with_value(|a| a.mark_changed());
    }
    // Changes not saved yet: a restored draft, or any change since the form opened.
    let unsaved = RwSignal::new(restored);
    Effect::new(move |first: Option<()>| {
        draft.track();
        if first.is_some() && !unsaved.get_untracked() {
            unsaved.set(true);
        }
    });
    let step = RwSignal::new(requested_step());

    let errors = Memo::new(move |_| {
        form.problems
            .with(|p| p.iter().filter(|p| p.severity == Severity::Error).count())
    });
    // Shows the first error: its step, its member, its field.
    let show_first_error = move || {
        let Some(p) = form
            .problems
            .with_untracked(|all| all.iter().find(|p| p.severity == Severity::Error).cloned())
        else {
            return;
        };
        if let Some(s) = form.problems.with_untracked(|all| first_error_step(all)) {
            step.set(s);
        }
        member::open_for_field(form, &p.field);
        let target = dom_id(&p.field);
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&target) {
                el.scroll_into_view();
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        });
    };
    let save = move |_| {
        // The judgement from the last idle time may predate the last keystroke.
        if judge.with_value(|j| j.now()) > 0 {
            show_first_error();
            return;
        }
        let Some(store) = state.store() else { return };
        let h = draft.get_untracked();
        let key = key.get_value();
        let form = form_id.get_value();
        // The save writes the record and drops this form's draft in one transaction: a pending
        // draft write goes first (so the draft dropped is this form's), none may follow.
        autosave.with_value(|a| a.flush());
        save_state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            match store
                .save(
                    &h,
                    expected_rev.get_untracked(),
                    today(),
                    Some((&key, &form)),
                )
                .await
            {
                Ok((stored, summary)) => {
                    autosave::clear_rescued(&key);
                    expected_rev.set(Some(stored.local_rev));
                    unsaved.set(false);
                    state.announce_saved(&stored.household.id.0);
                    // One summary changed: replace it rather than re-read them all.
                    state.summaries.update(|all| {
                        match all.iter_mut().find(|s| s.id == summary.id) {
                            Some(s) => *s = summary,
                            None => all.push(summary),
                        }
                    });
                    save_state.set(SaveState::Idle);
                    navigate(&Route::Detail(stored.household.id.0));
                }
                Err(e) => {
                    autosave.with_value(|a| a.mark_changed());
                    save_state.set(SaveState::Failed(e));
                }
            }
        });
    };
    // Drops the draft, then goes to `then` (or reloads, to show the stored version).
    let drop_draft = move |then: Option<String>| {
        let Some(store) = state.store() else { return };
        autosave.with_value(|a| a.forget());
        unsaved.set(false);
        let key = key.get_value();
        autosave::clear_rescued(&key);
        leptos::task::spawn_local(async move {
            let _ = store.delete_draft(&key).await;
            match then {
                Some(href) => {
                    let _ = window().location().set_hash(&href);
                }
                None => {
                    let _ = window().location().reload();
                }
            }
        });
    };
    // This form starts from the version stored now: a change made before it opened (another
    // tab's save, a pulled version) is already in it. Only changes from here on are news.
    state
        .changed_elsewhere
        .update(|ids| ids.retain(|seen| *seen != id));
    let changed_elsewhere = move || state.changed_elsewhere.with(|ids| ids.contains(&id));
    // The steps not on screen are drawn after the first frame, when the browser is idle.
    let drawn = RwSignal::new(0);
    request_animation_frame(move || draw_steps_when_idle(drawn));
    let at = move |s: Step, view: fn() -> AnyView| step_view(step, s, drawn, view);
    let last = Step::ALL.len() - 1;
    let go_by = move |d: isize| {
        let i = step
            .get_untracked()
            .index()
            .saturating_add_signed(d)
            .min(last);
        step.set(Step::ALL[i]);
    };

    view! {
        <div class="form-head">
            <LiveStatus f=form/>
            <StepNav step problems=form.problems/>
        </div>
        <Show when=move || draft_note.get()>
            <p class="note" data-testid="draft-note">
                {move || if restored { t().draft_restored } else { t().draft_saved }}
                " "
                <button type="button" class="link" on:click=move |_| drop_draft(None)>{move || t().discard_draft}</button>
            </p>
        </Show>
        <Show when=move || stale>
            <p class="banner warning" role="alert" data-testid="draft-stale">{move || t().draft_stale}</p>
        </Show>
        <Show when=changed_elsewhere>
            <p class="banner warning" role="alert">{move || t().changed_in_other_tab}</p>
        </Show>
        <form on:submit=|ev| ev.prevent_default() novalidate=true>
            {at(Step::Basic, || view! { <basic::Basic/> }.into_any())}
            {at(Step::Members, || view! { <members::Members/> }.into_any())}
            {at(Step::Income, || view! { <income::IncomeSection/> }.into_any())}
            {at(Step::Guarantees, || view! { <guarantees::Guarantees/> }.into_any())}
            {at(Step::Risks, || view! { <risks::Risks/> }.into_any())}
            {at(Step::Measures, || view! { <monitoring::Measures/> }.into_any())}
            {at(Step::Visits, || view! { <visits::Visits/> }.into_any())}
            {at(Step::Procedure, || view! { <monitoring::ProcedureSection/> }.into_any())}
            <div class="save-bar">
                {move || match save_state.get() {
                    SaveState::Failed(e) => Some(view! {
                        <p class="problem error" role="alert" data-testid="save-error">{e.message(t())}</p>
                    }),
                    _ => None,
                }}
                <Show when=move || errors.get() != 0>
                    <p class="problem error" data-testid="errors-block-save">
                        {move || fill(t().errors_block_save, &[&errors.get()])}
                        " "
                        <button type="button" class="link" data-testid="first-error" on:click=move |_| show_first_error()>
                            {move || t().form_first_error}
                        </button>
                    </p>
                </Show>
                <div class="save-actions">
                    <button type="button" class="secondary" data-testid="step-prev"
                        disabled=move || step.get().index() == 0 on:click=move |_| go_by(-1)>
                        {move || t().form_prev}
                    </button>
                    <button type="button" class="secondary" data-testid="step-next"
                        disabled=move || step.get().index() == last on:click=move |_| go_by(1)>
                        {move || t().form_next}
                    </button>
                    <button type="button" data-testid="save" on:click=save
                        disabled={move || save_state.get() == SaveState::Saving || errors.get() > 0}>
                        {move || if save_state.get() == SaveState::Saving { t().saving } else { t().save }}
                    </button>
                </div>
            </div>
        </form>
        <LeaveGuard unsaved=unsaved.into()
            keep=Callback::new(move |_| autosave.with_value(|a| a.flush()))
            discard=Callback::new(move |href| drop_draft(Some(href)))/>
    }
}

//! The household form, in sections. The record being edited is one signal; every change is
//! validated and classified by the domain crate at once and saved as a draft, so a reload, a
//! crash or a closed tab loses nothing.
mod basic;
mod guarantees;
mod income;
mod lens;
mod members;
mod monitoring;
mod risks;
mod visits;

use leptos::prelude::*;
use shouwang_domain::classify::Classification;
use shouwang_domain::model::{
    AreaRef, Household, HouseholdId, HouseholdType, Income, LabourSkill, Member, Relation, Sex,
    FORMAT_VERSION,
};
use shouwang_domain::{classify, validate, Severity};

use crate::components::WarningBadge;
use crate::i18n::{fill, use_i18n};
use crate::ids::new_id;
use crate::routes::{navigate, Route};
use crate::state::use_app_state;
use crate::storage::{today, with_policy, StorageError};

pub(crate) use lens::Form;
pub(crate) use monitoring::MEASURES_SECTION;

/// A new household with its 户主 as the first member.
pub fn blank_household() -> Household {
    Household {
        format_version: FORMAT_VERSION,
        id: HouseholdId(new_id("household")),
        household_number: String::new(),
        area: AreaRef {
            code: String::new(),
            name: String::new(),
            code_year: 2024,
        },
        address: String::new(),
        phone: String::new(),
        household_type: HouseholdType::Ordinary,
        relocated: false,
        resettlement_site: String::new(),
        housing_grade: None,
        guarantees: Default::default(),
        members: vec![blank_member(Relation::Head)],
        income: Income::default(),
        monitoring: Default::default(),
        measures: Vec::new(),
        visits: Vec::new(),
    }
}

/// A new member with the given relation.
pub fn blank_member(relation: Relation) -> Member {
    Member {
        id: new_id("member"),
        name: String::new(),
        id_type: Default::default(),
        id_number: String::new(),
        sex: Sex::Male,
        birth_date: None,
        relation,
        education: None,
        school_stage: None,
        health: Default::default(),
        labour: LabourSkill::Ordinary,
        work_place: String::new(),
        work_months: 0,
        medical_insurance: true,
        pension_insurance: false,
        dibao: false,
        tekun: false,
        counted: true,
    }
}

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
    // What to edit: the draft if one was left, else the stored record, else a blank household.
    let loaded = LocalResource::new(move || {
        let id = id.clone();
        async move {
            let store = state.store()?;
            let stored = match &id {
                Some(id) => store.load(id).await.ok().flatten(),
                None => None,
            };
            let draft_key = id.clone().unwrap_or_else(|| "new".to_string());
            let draft = store.load_draft(&draft_key).await.ok().flatten();
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
                    stored.map(|s| s.household).unwrap_or_else(blank_household),
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
    let today = today();
    let draft = RwSignal::new(h);
    let problems = Memo::new(move |_| {
        draft.with(|h| {
            let code = h.area.parsed_code();
            let year = chrono::Datelike::year(&today);
            with_policy(|p| validate(h, &p.resolve(code.as_ref(), year).rules, today))
        })
    });
    let classification: Memo<Classification> =
        Memo::new(move |_| draft.with(|h| with_policy(|p| classify(h, p, today))));
    let form = Form {
        draft,
        problems,
        classification,
    };
    provide_context(form);

    let expected_rev = RwSignal::new(rev);
    let save_state = RwSignal::new(SaveState::Idle);
    let draft_note = RwSignal::new(restored);
    let id = draft.with_untracked(|h| h.id.0.clone());
    // This page load's form: its drafts are its own (another tab has another form id).
    let form_id = StoredValue::new(new_id("form"));

    // Autosave: every change after the first render goes to the draft store.
    let key2 = key.clone();
    Effect::new(move |first: Option<()>| {
        let h = draft.get();
        if first.is_none() {
            return;
        }
        let Some(store) = state.store() else { return };
        let key = key2.clone();
        leptos::task::spawn_local(async move {
            match store
                .save_draft(&key, &h, expected_rev.get_untracked(), &form_id.get_value())
                .await
            {
                Ok(()) => draft_note.set(true),
                Err(e) => state.storage_error.set(Some(e)),
            }
        });
    });

    let errors =
        move || problems.with(|p| p.iter().filter(|p| p.severity == Severity::Error).count());
    let key3 = key.clone();
    let save = move |_| {
        if errors() > 0 {
            return;
        }
        let Some(store) = state.store() else { return };
        let h = draft.get_untracked();
        let key = key3.clone();
        save_state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            let form = form_id.get_value();
            match store
                .save(&h, expected_rev.get_untracked(), today, Some((&key, &form)))
                .await
            {
                Ok((stored, summary)) => {
                    expected_rev.set(Some(stored.local_rev));
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
                Err(e) => save_state.set(SaveState::Failed(e)),
            }
        });
    };
    let key4 = key.clone();
    let discard = move |_| {
        let Some(store) = state.store() else { return };
        let key = key4.clone();
        leptos::task::spawn_local(async move {
            let _ = store.delete_draft(&key).await;
            let _ = window().location().reload();
        });
    };
    // This form starts from the version stored now: a change made before it opened (another
    // tab's save, a pulled version) is already in it. Only changes from here on are news.
    state
        .changed_elsewhere
        .update(|ids| ids.retain(|seen| *seen != id));
    let changed_elsewhere = move || state.changed_elsewhere.with(|ids| ids.contains(&id));

    view! {
        // The live judgement appears once there is something to judge (a name or an income),
        // so a blank form does not open on a red badge.
        <Show when=move || draft.with(|h| h.income.net() != shouwang_domain::Money::ZERO || h.members.iter().any(|m| !m.name.trim().is_empty()))>
            <div class="form-status" data-testid="live-classification">
                <WarningBadge level=Signal::derive(move || classification.with(|c| c.warning.level))/>
                <span>
                    {move || classification.with(|c| c.income.per_capita.map(|m| format!("{} {m} {}", t().per_capita, t().yuan)))}
                </span>
            </div>
        </Show>
        <Show when=move || draft_note.get()>
            <p class="note" data-testid="draft-note">
                {move || if restored { t().draft_restored } else { t().draft_saved }}
                " "
                <button type="button" class="link" on:click=discard.clone()>{move || t().discard_draft}</button>
            </p>
        </Show>
        <Show when=move || stale>
            <p class="banner warning" role="alert" data-testid="draft-stale">{move || t().draft_stale}</p>
        </Show>
        <Show when=changed_elsewhere>
            <p class="banner warning" role="alert">{move || t().changed_in_other_tab}</p>
        </Show>
        <form on:submit=|ev| ev.prevent_default() novalidate=true>
            <basic::Basic/>
            <members::Members/>
            <income::IncomeSection/>
            <guarantees::Guarantees/>
            <risks::Risks/>
            <monitoring::Measures/>
            <visits::Visits/>
            <monitoring::ProcedureSection/>
            <div class="save-bar">
                {move || match save_state.get() {
                    SaveState::Failed(e) => Some(view! {
                        <p class="problem error" role="alert" data-testid="save-error">{e.message(t())}</p>
                    }),
                    _ => None,
                }}
                <Show when={move || errors() > 0}>
                    <p class="problem error" data-testid="errors-block-save">{move || fill(t().errors_block_save, &[&errors()])}</p>
                </Show>
                <button type="button" data-testid="save" on:click=save
                    disabled={move || save_state.get() == SaveState::Saving || errors() > 0}>
                    {move || if save_state.get() == SaveState::Saving { t().saving } else { t().save }}
                </button>
            </div>
        </form>
    }
}

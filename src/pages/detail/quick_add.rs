//! A visit or a measure added from the card, without opening the whole form: a few fields, the
//! domain's validation of what is added (by the standard field names), and a save like the
//! form's — an edit that syncs by itself.
use chrono::NaiveDate;
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::model::{Measure, MeasureType, Visit};
use shouwang_domain::{validate, Household, Money, Severity};

use super::card::label;
use super::save_edits;
use crate::i18n::{use_i18n, Lang};
use crate::ids::new_id;
use crate::state::{use_app_state, AppState};
use crate::storage::{today, with_policy};
use crate::sync::use_sync;

/// The errors validation finds under `prefix` (`visits[3]`) of `h`, each as "field: message".
fn errors_at(h: &Household, prefix: &str, lang: Lang) -> Vec<String> {
    let year = chrono::Datelike::year(&today());
    let rules = with_policy(|p| p.resolve(h.area.parsed_code().as_ref(), year).rules);
    validate(h, &rules, today())
        .into_iter()
        .filter(|p| p.severity == Severity::Error && p.field.starts_with(prefix))
        .map(|p| {
            format!(
                "{}: {}",
                label(&p.field, lang),
                p.message.get(lang.domain())
            )
        })
        .collect()
}

/// Saves `h` (read at local revision `base`) unless what was added under `prefix` has errors;
/// `done` hears the outcome: `Ok` once saved, `Err(messages)` otherwise.
fn save_added(
    state: AppState,
    h: Household,
    base: u64,
    prefix: String,
    lang: Lang,
    done: impl Fn(Result<(), Vec<String>>) + 'static,
) {
    let errors = errors_at(&h, &prefix, lang);
    if !errors.is_empty() {
        done(Err(errors));
        return;
    }
    leptos::task::spawn_local(async move {
        match save_edits(state, vec![(h, Some(base))]).await {
            Ok(_) => done(Ok(())),
            Err(e) => done(Err(vec![e.message(lang.strings())])),
        }
    });
}

/// What stops a quick form's save, as a list under it (`testid` names it for the tests).
pub(super) fn errors_view(list: Vec<String>, testid: &'static str) -> impl IntoView {
    view! {
        <ul class="problem error no-print" role="alert" data-testid=testid>
            {list.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
        </ul>
    }
}

/// That a quick form's change was saved (`testid` names it for the tests).
pub(super) fn saved_view(lang: Lang, testid: &'static str) -> impl IntoView {
    view! { <p class="ok-box no-print" role="status" data-testid=testid>{lang.strings().card_saved}</p> }
}

/// The outcome under a quick form: saved, or what stops the save.
fn outcome(result: RwSignal<Option<Result<(), Vec<String>>>>, lang: Lang) -> impl IntoView {
    move || {
        result.get().map(|r| match r {
            Ok(()) => saved_view(lang, "quick-saved").into_any(),
            Err(list) => errors_view(list, "quick-errors").into_any(),
        })
    }
}

/// What is typed into the quick visit's form (`visitor`: `None` until changed, then the
/// household's helper or the signed-in worker stands in).
#[derive(Clone, Copy)]
pub(crate) struct VisitDraft {
    date: RwSignal<String>,
    visitor: RwSignal<Option<String>>,
    notes: RwSignal<String>,
}

impl VisitDraft {
    pub fn new() -> VisitDraft {
        VisitDraft {
            date: RwSignal::new(today().to_string()),
            visitor: RwSignal::new(None),
            notes: RwSignal::new(String::new()),
        }
    }

    /// Empty again, after a save.
    fn clear(self) {
        self.date.set(today().to_string());
        self.visitor.set(None);
        self.notes.set(String::new());
    }
}

/// What is typed into the quick measure's form.
#[derive(Clone, Copy)]
pub(crate) struct MeasureDraft {
    kind: RwSignal<usize>,
    content: RwSignal<String>,
    start: RwSignal<String>,
    end: RwSignal<String>,
    amount: RwSignal<String>,
    implemented: RwSignal<bool>,
}

impl MeasureDraft {
    pub fn new() -> MeasureDraft {
        MeasureDraft {
            kind: RwSignal::new(0),
            content: RwSignal::new(String::new()),
            start: RwSignal::new(today().to_string()),
            end: RwSignal::new(String::new()),
            amount: RwSignal::new(String::new()),
            implemented: RwSignal::new(false),
        }
    }

    fn clear(self) {
        self.kind.set(0);
        self.content.set(String::new());
        self.start.set(today().to_string());
        self.end.set(String::new());
        self.amount.set(String::new());
        self.implemented.set(false);
    }
}

/// 添加走访: date (today), visitor (the helper, or the signed-in worker), notes.
#[component]
pub fn AddVisit(h: Household, base: u64) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let sync = use_sync();
    let done = super::use_card_done();
    let (open, result, draft) = (done.visit_open, done.visit, done.visit_draft);
    let VisitDraft {
        date,
        visitor,
        notes,
    } = draft;
    let standing = StoredValue::new(if h.monitoring.helper.trim().is_empty() {
        sync.session.with_untracked(|s| {
            s.as_ref()
                .map(|s| s.account.display_name.clone())
                .unwrap_or_default()
        })
    } else {
        h.monitoring.helper.clone()
    });
    let visitor_now = move || {
        visitor
            .get_untracked()
            .unwrap_or_else(|| standing.get_value())
    };
    let h = StoredValue::new(h);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang();
        let mut next = h.get_value();
        let Ok(day) = date.get_untracked().parse::<NaiveDate>() else {
            result.set(Some(Err(vec![format!(
                "{}: -",
                label("visits.date", lang)
            )])));
            return;
        };
        next.visits.push(Visit {
            id: new_id("visit"),
            date: day,
            visitor: visitor_now().trim().to_string(),
            notes: notes.get_untracked().trim().to_string(),
            gps: None,
        });
        let prefix = format!("visits[{}]", next.visits.len() - 1);
        save_added(state, next, base, prefix, lang, move |r| {
            if r.is_ok() {
                open.set(false);
                draft.clear();
            }
            result.set(Some(r));
        });
    };
    move || {
        let lang = i18n.lang();
        let t = lang.strings();
        if !open.get() {
            return view! {
                <button type="button" class="secondary no-print" data-testid="card-add-visit"
                    on:click=move |_| { result.set(None); open.set(true); }>{t.card_add_visit}</button>
                {outcome(result, lang)}
            }
            .into_any();
        }
        view! {
            <form class="quick-form no-print" data-testid="visit-form" on:submit=submit>
                <div class="field">
                    <label for="qv-date">{label("visits.date", lang)}</label>
                    <input id="qv-date" type="date" prop:value=date.get_untracked() on:input=move |ev| date.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="qv-visitor">{label("visits.visitor", lang)}</label>
                    <input id="qv-visitor" type="text" maxlength="50" prop:value=visitor_now()
                        on:input=move |ev| visitor.set(Some(event_target_value(&ev)))/>
                </div>
                <div class="field">
                    <label for="qv-notes">{label("visits.notes", lang)}</label>
                    <textarea id="qv-notes" rows="3" maxlength="2000" prop:value=notes.get_untracked() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                </div>
                {outcome(result, lang)}
                <div class="actions">
                    <button type="submit" data-testid="visit-save">{t.save}</button>
                    <button type="button" class="secondary" on:click=move |_| open.set(false)>{t.cancel}</button>
                </div>
            </form>
        }
        .into_any()
    }
}

/// 登记帮扶措施: type, content, start (today), end, amount, carried out.
#[component]
pub fn AddMeasure(h: Household, base: u64) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let done = super::use_card_done();
    let (open, result, draft) = (done.measure_open, done.measure, done.measure_draft);
    let MeasureDraft {
        kind,
        content,
        start,
        end,
        amount,
        implemented,
    } = draft;
    let h = StoredValue::new(h);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang();
        let mut bad = Vec::new();
        let start_day = start.get_untracked().parse::<NaiveDate>().ok();
        if start_day.is_none() {
            bad.push(format!("{}: -", label("measures.start", lang)));
        }
        let end_text = end.get_untracked();
        let end_day = end_text.parse::<NaiveDate>().ok();
        if !end_text.is_empty() && end_day.is_none() {
            bad.push(format!("{}: {end_text}", label("measures.end", lang)));
        }
        let amount_text = amount.get_untracked().trim().to_string();
        let money = amount_text.parse::<Money>().ok();
        if !amount_text.is_empty() && money.is_none() {
            bad.push(format!("{}: {amount_text}", label("measures.amount", lang)));
        }
        let (Some(start_day), true) = (start_day, bad.is_empty()) else {
            result.set(Some(Err(bad)));
            return;
        };
        let mut next = h.get_value();
        next.measures.push(Measure {
            id: new_id("measure"),
            kind: MeasureType::ALL[kind.get_untracked().min(MeasureType::ALL.len() - 1)],
            content: content.get_untracked().trim().to_string(),
            start: start_day,
            end: end_day,
            amount: money,
            implemented: implemented.get_untracked(),
        });
        let prefix = format!("measures[{}]", next.measures.len() - 1);
        save_added(state, next, base, prefix, lang, move |r| {
            if r.is_ok() {
                open.set(false);
                draft.clear();
            }
            result.set(Some(r));
        });
    };
    move || {
        let lang = i18n.lang();
        let t = lang.strings();
        if !open.get() {
            return view! {
                <button type="button" class="secondary no-print" data-testid="card-add-measure"
                    on:click=move |_| { result.set(None); open.set(true); }>{t.card_add_measure}</button>
                {outcome(result, lang)}
            }
            .into_any();
        }
        let options = MeasureType::ALL
            .iter()
            .enumerate()
            .map(|(i, m)| view! { <option value=i.to_string() selected=kind.get_untracked() == i>{m.label().get(lang.domain()).to_string()}</option> })
            .collect_view();
        view! {
            <form class="quick-form no-print" data-testid="measure-form" on:submit=submit>
                <div class="field">
                    <label for="qm-type">{label("measures.type", lang)}</label>
                    <select id="qm-type" on:change=move |ev| kind.set(event_target_value(&ev).parse().unwrap_or(0))>{options}</select>
                </div>
                <div class="field">
                    <label for="qm-content">{label("measures.content", lang)}</label>
                    <textarea id="qm-content" rows="2" maxlength="2000" prop:value=content.get_untracked() on:input=move |ev| content.set(event_target_value(&ev))></textarea>
                </div>
                <div class="field">
                    <label for="qm-start">{label("measures.start", lang)}</label>
                    <input id="qm-start" type="date" prop:value=start.get_untracked() on:input=move |ev| start.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="qm-end">{label("measures.end", lang)}</label>
                    <input id="qm-end" type="date" prop:value=end.get_untracked() on:input=move |ev| end.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="qm-amount">{label("measures.amount", lang)}</label>
                    <input id="qm-amount" type="text" inputmode="decimal" maxlength="16" prop:value=amount.get_untracked() on:input=move |ev| amount.set(event_target_value(&ev))/>
                </div>
                <div class="field check">
                    <input id="qm-implemented" type="checkbox" prop:checked=implemented.get_untracked() on:change=move |ev| implemented.set(event_target_checked(&ev))/>
                    <label for="qm-implemented">{label("measures.implemented", lang)}</label>
                </div>
                {outcome(result, lang)}
                <div class="actions">
                    <button type="submit" data-testid="measure-save">{t.save}</button>
                    <button type="button" class="secondary" on:click=move |_| open.set(false)>{t.cancel}</button>
                </div>
            </form>
        }
        .into_any()
    }
}

//! 线索 on the card: the leads the departments' lists made for this household — the source and
//! month, the person named, what was found, the time limit — open ones first. For an open one
//! the worker records the outcome at the household: 纳入监测 or 不纳入, why, and the day of the
//! check. The domain's `close_lead` applies it (an inclusion starts the identification from the
//! lead's day) and the card saves it like its other quick forms: an edit that syncs by itself.
use chrono::NaiveDate;
use leptos::prelude::*;
use shouwang_domain::import::rules::Sources;
use shouwang_domain::labels::Label;
use shouwang_domain::leads::close_lead;
use shouwang_domain::model::{Lead, LeadOutcome, LeadVerdict};
use shouwang_domain::Household;

use super::card::label;
use super::quick_add::{errors_view, saved_view};
use super::save_edits;
use crate::components::maxlength;
use crate::i18n::{fill, use_i18n, Lang};
use crate::state::use_app_state;
use crate::storage::today;
use crate::sync::use_sync;

/// The leads of `h` (read at local revision `base`), when it has any, in `lang` (the card is
/// drawn again when the language changes).
#[component]
pub fn Leads(h: Household, base: u64, lang: Lang) -> impl IntoView {
    let done = super::use_card_done();
    let mut leads = h.monitoring.leads.clone();
    leads.sort_by(|a, b| (!a.is_open(), a.due, &a.id).cmp(&(!b.is_open(), b.due, &b.id)));
    let sources = Sources::builtin();
    let items = leads
        .iter()
        .map(|lead| {
            let form = lead
                .is_open()
                .then(|| view! { <CloseLead h=h.clone() base lead_id=lead.id.clone()/> });
            view! {
                <li data-testid="card-lead" class=if lead.overdue(today()) { "overdue" } else { "" }>
                    {describe(lead, &sources, lang)}
                    {form}
                </li>
            }
        })
        .collect_view();
    // Once saved the lead is closed and its form gone: the confirmation is the list's (its own
    // closure: the list is not drawn again, and the form in it kept, when it changes).
    let saved =
        move || matches!(done.lead.get(), Some(Ok(()))).then(|| saved_view(lang, "lead-saved"));
    view! { <ul class="card-list" data-testid="card-leads">{items}</ul>{saved} }
}

/// What the list found, and the outcome when there is one.
fn describe(lead: &Lead, sources: &Sources, lang: Lang) -> impl IntoView {
    let t = lang.strings();
    let l = lang.domain();
    let source = sources.name(&lead.source).get(l).to_string();
    let amount = lead.amount.map(|a| {
        format!(
            " · {} {a} {}",
            label("monitoring.leads.amount", lang),
            t.yuan
        )
    });
    let person = (!lead.name.is_empty()).then(|| format!(" · {}", lead.name));
    let status = match &lead.outcome {
        Some(o) => fill(
            t.lead_checked,
            &[&o.verdict.label().get(l), &o.date, &o.reason],
        ),
        None if lead.overdue(today()) => {
            let late = (today() - lead.due).num_days();
            format!(
                "{} · {}",
                fill(t.lead_due_by, &[&lead.due]),
                fill(t.days_overdue, &[&late])
            )
        }
        None => fill(t.lead_due_by, &[&lead.due]),
    };
    view! {
        <b>{source}</b>" "{lead.month.clone()}{person}{amount}
        {(!lead.details.is_empty()).then(|| view! { <br/><span class="meta">{lead.details.clone()}</span> })}
        <br/><span class="meta" data-testid="card-lead-status">{status}</span>
    }
}

/// The outcome of one open lead: the verdict, why, the day of the check.
#[component]
fn CloseLead(h: Household, base: u64, lead_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let sync = use_sync();
    let done = super::use_card_done();
    let (open, result) = (done.lead_open, done.lead);
    let verdict = RwSignal::new(None::<LeadVerdict>);
    let reason = RwSignal::new(String::new());
    let date = RwSignal::new(today().to_string());
    let id = StoredValue::new(lead_id);
    let h = StoredValue::new(h);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang();
        let t = lang.strings();
        let (Some(v), Ok(day)) = (
            verdict.get_untracked(),
            date.get_untracked().parse::<NaiveDate>(),
        ) else {
            result.set(Some(Err(vec![t.lead_choose.to_string()])));
            return;
        };
        let by = sync
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.account.username.clone()))
            .unwrap_or_default();
        let outcome = LeadOutcome {
            verdict: v,
            reason: reason.get_untracked(),
            date: day,
            by,
        };
        let next = match close_lead(&h.get_value(), &id.get_value(), outcome, today()) {
            Ok(next) => next,
            Err(e) => {
                result.set(Some(Err(vec![e.message().get(lang.domain()).to_string()])));
                return;
            }
        };
        leptos::task::spawn_local(async move {
            match save_edits(state, vec![(next, Some(base))]).await {
                Ok(_) => {
                    open.set(None);
                    result.set(Some(Ok(())));
                }
                Err(e) => result.set(Some(Err(vec![e.message(lang.strings())]))),
            }
        });
    };
    move || {
        let lang = i18n.lang();
        let t = lang.strings();
        let l = lang.domain();
        let mine = open.with(|o| o.as_deref() == Some(id.get_value().as_str()));
        // Its own closure: a new message redraws the message, not the form being filled in.
        let outcome = move || {
            let errors = result.get().and_then(|r| r.err())?;
            mine.then(|| errors_view(errors, "lead-errors"))
        };
        if !mine {
            return view! {
                <button type="button" class="secondary no-print" data-testid="lead-check"
                    on:click=move |_| { result.set(None); open.set(Some(id.get_value())); }>
                    {t.lead_record}
                </button>
                {outcome}
            }
            .into_any();
        }
        let choices = LeadVerdict::ALL
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let v = *v;
                let input_id = format!("lead-verdict-{i}");
                view! {
                    <label class="choice" for=input_id.clone()>
                        <input type="radio" name="lead-verdict" id=input_id.clone()
                            prop:checked=move || verdict.get() == Some(v)
                            on:change=move |_| { verdict.set(Some(v)); result.set(None); }/>
                        {v.label().get(l).to_string()}
                    </label>
                }
            })
            .collect_view();
        view! {
            <form class="quick-form no-print" data-testid="lead-form" on:submit=submit>
                <fieldset class="field verdict">
                    <legend>{label("monitoring.leads.outcome.verdict", lang)}</legend>
                    {choices}
                </fieldset>
                <div class="field">
                    <label for="lead-reason">{label("monitoring.leads.outcome.reason", lang)}</label>
                    <textarea id="lead-reason" rows="3" maxlength=maxlength("monitoring.leads.outcome.reason")
                        prop:value=reason.get_untracked() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                <div class="field">
                    <label for="lead-date">{label("monitoring.leads.outcome.date", lang)}</label>
                    <input id="lead-date" type="date" prop:value=date.get_untracked()
                        on:input=move |ev| date.set(event_target_value(&ev))/>
                </div>
                {outcome}
                <div class="actions">
                    <button type="submit" data-testid="lead-save">{t.save}</button>
                    <button type="button" class="secondary" on:click=move |_| open.set(None)>{t.cancel}</button>
                </div>
            </form>
        }
        .into_any()
    }
}

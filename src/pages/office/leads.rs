//! The leads screen (`#/office/leads`): a department's list uploaded ([`super::lead_upload`]),
//! the figures, the open leads with their time limits (most urgent first, as the server sorts
//! them), the rows that matched no household with their assignment ([`super::lead_assign`]),
//! and the leads checked with their outcomes.
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::office::leads::{LeadItem, LeadList, UnmatchedItem};

use super::lead_assign::AssignUnmatched;
use super::lead_figures::figures_view;
use super::lead_upload::{LastUpload, LeadUpload};
use super::{parse, Fetched, OfficeGate, API};
use crate::i18n::{fill, use_i18n, Lang};
use crate::pages::detail::label;
use crate::routes::Route;

#[component]
pub fn LeadsPage() -> impl IntoView {
    let i18n = use_i18n();
    provide_context(LastUpload(RwSignal::new(None)));
    view! {
        <OfficeGate current=Route::OfficeLeads>
            <h2>{move || i18n.lang().imports().leads_title}</h2>
            <Fetched path=Signal::stored(Some(format!("{API}/leads"))) show=show_leads/>
        </OfficeGate>
    }
}

fn show_leads(text: &str, lang: Lang, reload: RwSignal<u32>) -> AnyView {
    let list = match parse::<LeadList>(text, lang, reload) {
        Ok(l) => l,
        Err(failed) => return failed,
    };
    let t = lang.imports();
    let sources = list.figures.sources.clone();
    let open = list.open.iter().map(|i| open_row(i, lang)).collect_view();
    let closed = list
        .closed
        .iter()
        .map(|i| closed_row(i, lang))
        .collect_view();
    let unmatched = list
        .unmatched
        .iter()
        .map(|u| unmatched_row(u, lang, reload))
        .collect_view();
    let none = |empty: bool| empty.then(|| view! { <p class="muted">{t.none}</p> });
    view! {
        <LeadUpload sources reload/>
        {figures_view(&list.figures, lang)}
        <section data-testid="leads-open">
            <h3>{t.open_title}</h3>
            {none(list.open.is_empty())}
            <ul class="lead-items">{open}</ul>
        </section>
        <section data-testid="leads-unmatched">
            <h3>{t.unmatched_title}</h3>
            <p class="note">{t.unmatched_hint}</p>
            {none(list.unmatched.is_empty())}
            <ul class="lead-items">{unmatched}</ul>
        </section>
        <section data-testid="leads-closed">
            <h3>{t.closed_title}</h3>
            {none(list.closed.is_empty())}
            <ul class="lead-items">{closed}</ul>
        </section>
    }
    .into_any()
}

/// The lead's person and what the department found: `名单姓名 证件号码 · 来源 月份 · 金额 · 情况`.
fn found(lead: &shouwang_domain::model::Lead, source: &str, lang: Lang) -> String {
    let mut parts = vec![
        format!("{} {}", lead.name, lead.id_number),
        format!("{source} {}", lead.month),
    ];
    if let Some(a) = lead.amount {
        parts.push(format!("{}：{a}", label("monitoring.leads.amount", lang)));
    }
    if !lead.details.is_empty() {
        parts.push(lead.details.clone());
    }
    parts.join(" · ")
}

fn household_link(i: &LeadItem) -> impl IntoView {
    let h = &i.household;
    view! {
        <a href=Route::Detail(h.household_id.clone()).href()>{format!("{} · {}", h.head_name, h.village_name)}</a>
    }
}

fn open_row(i: &LeadItem, lang: Lang) -> impl IntoView {
    let t = lang.imports();
    let limit = match i.days_left {
        Some(d) if d < 0 => fill(t.days_over, &[&-d]),
        Some(d) => fill(t.days_left, &[&d]),
        None => String::new(),
    };
    let overdue = i.days_left.is_some_and(|d| d < 0);
    view! {
        <li data-testid="lead-open" class:overdue=overdue>
            {household_link(i)}
            <p>{found(&i.lead, i.source_name.get(lang.domain()), lang)}</p>
            <p class="due">{format!("{}：{} · {limit}", label("monitoring.leads.due", lang), i.lead.due)}</p>
        </li>
    }
}

fn closed_row(i: &LeadItem, lang: Lang) -> impl IntoView {
    let l = lang.domain();
    let outcome = i.lead.outcome.as_ref().map(|o| {
        fill(
            lang.strings().lead_checked,
            &[&o.verdict.label().get(l), &o.date, &o.reason],
        )
    });
    view! {
        <li data-testid="lead-closed">
            {household_link(i)}
            <p>{found(&i.lead, i.source_name.get(l), lang)}</p>
            <p class="outcome">{outcome}</p>
        </li>
    }
}

fn unmatched_row(u: &UnmatchedItem, lang: Lang, reload: RwSignal<u32>) -> impl IntoView {
    view! {
        <li data-testid="lead-unmatched">
            <p>{found(&u.lead, u.source_name.get(lang.domain()), lang)}</p>
            <AssignUnmatched key=u.id.clone() reload/>
        </li>
    }
}

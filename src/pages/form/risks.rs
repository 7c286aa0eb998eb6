//! 风险: what the data suggests beside what the worker chooses, with a reason when they differ.
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::model::{DisasterKind, MonitoredCategory, Risk, RiskType, MAX_RISKS};

use super::lens::{use_form, Bind};
use crate::i18n::use_i18n;

#[component]
pub fn Risks() -> impl IntoView {
    let f = use_form();
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let lang = move || i18n.lang().domain();
    let suggested = move || {
        f.classification.with(|c| {
            c.as_ref()
                .map(|c| c.suggested_risks.iter().map(|r| r.kind).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let rows = Memo::new(move |_| f.draft.with(|h| h.monitoring.risks.len()));
    view! {
        <fieldset class="section" data-testid="section-risks">
            <legend>{move || t().section_risks}</legend>
            {f.select_opt("monitoring.category", &MonitoredCategory::ALL, Bind::of(|h| h.monitoring.category, |h, v| h.monitoring.category = v))}
            {f.date("monitoring.identified_on", Bind::of(|h| h.monitoring.identified_on, |h, v| h.monitoring.identified_on = v))}
            <p class="muted">{move || t().risks_suggested}": "
                <span data-testid="risks-suggested">
                    {move || suggested().iter().map(|k| k.label().get(lang()).to_string()).collect::<Vec<_>>().join("、")}
                </span>
            </p>
            <button type="button" class="secondary" data-testid="use-suggested" on:click=move |_| {
                let kinds = suggested();
                f.draft.update(|h| {
                    let mut risks: Vec<Risk> = kinds.iter().map(|k| {
                        h.monitoring.risks.iter().find(|r| r.kind == *k).cloned()
                            .unwrap_or(Risk { kind: *k, disaster_kind: None, resolved_on: None })
                    }).collect();
                    risks.truncate(MAX_RISKS);
                    h.monitoring.risks = risks;
                })
            }>{move || t().risks_use_suggested}</button>
            <p class="muted">{move || t().risks_chosen}</p>
            <For each=move || 0..rows.get() key=|i| *i let:i>
                <div class="risk-row">
                    {f.select(format!("monitoring.risks[{i}].type"), &RiskType::ALL, Bind::risk(i, |r| r.kind, |r, v| r.kind = v))}
                    <Show when=move || f.draft.with(|h| h.monitoring.risks.get(i).is_some_and(|r| r.kind == RiskType::NaturalDisaster))>
                        {f.select_opt(format!("monitoring.risks[{i}].disaster_kind"), &DisasterKind::ALL,
                            Bind::risk(i, |r| r.disaster_kind, |r, v| r.disaster_kind = v))}
                    </Show>
                    {f.date(format!("monitoring.risks[{i}].resolved_on"), Bind::risk(i, |r| r.resolved_on, |r, v| r.resolved_on = v))}
                    <button type="button" class="danger" on:click=move |_| f.draft.update(|h| {
                        if i < h.monitoring.risks.len() { h.monitoring.risks.remove(i); }
                    })>{move || t().remove}</button>
                </div>
            </For>
            <button type="button" class="secondary" data-testid="risk-add"
                disabled={move || rows.get() >= MAX_RISKS}
                on:click=move |_| f.draft.update(|h| h.monitoring.risks.push(Risk { kind: RiskType::Other, disaster_kind: None, resolved_on: None }))>
                {move || t().risk_add}
            </button>
            <p class="muted">{move || t().override_hint}</p>
            {f.long_text("monitoring.override_reason", Bind::of(|h| h.monitoring.override_reason.clone(), |h, v| h.monitoring.override_reason = v))}
        </fieldset>
    }
}

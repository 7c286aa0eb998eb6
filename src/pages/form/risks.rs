//! 风险: what the data suggests beside what the worker chooses, with a reason when they differ.
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::model::{DisasterKind, MonitoredCategory, Risk, RiskType, MAX_RISKS};

use super::lens::use_form;
use crate::i18n::use_i18n;

#[component]
pub fn Risks() -> impl IntoView {
    let f = use_form();
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let lang = move || i18n.lang().domain();
    let suggested = move || {
        f.classification
            .with(|c| c.suggested_risks.iter().map(|r| r.kind).collect::<Vec<_>>())
    };
    let rows = move || {
        f.draft
            .with(|h| (0..h.monitoring.risks.len()).collect::<Vec<_>>())
    };
    view! {
        <fieldset class="section" data-testid="section-risks">
            <legend>{move || t().section_risks}</legend>
            {f.select_opt("monitoring.category", &MonitoredCategory::ALL, |h| h.monitoring.category, |h, v| h.monitoring.category = v)}
            {f.date("monitoring.identified_on", |h| h.monitoring.identified_on, |h, v| h.monitoring.identified_on = v)}
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
            <For each=rows key=|i| *i let:i>
                <div class="risk-row">
                    {f.select(format!("monitoring.risks[{i}].type"), &RiskType::ALL,
                        move |h| h.monitoring.risks.get(i).map_or(RiskType::Other, |r| r.kind),
                        move |h, v| if let Some(r) = h.monitoring.risks.get_mut(i) { r.kind = v })}
                    <Show when=move || f.draft.with(|h| h.monitoring.risks.get(i).is_some_and(|r| r.kind == RiskType::NaturalDisaster))>
                        {f.select_opt(format!("monitoring.risks[{i}].disaster_kind"), &DisasterKind::ALL,
                            move |h| h.monitoring.risks.get(i).and_then(|r| r.disaster_kind),
                            move |h, v| if let Some(r) = h.monitoring.risks.get_mut(i) { r.disaster_kind = v })}
                    </Show>
                    {f.date(format!("monitoring.risks[{i}].resolved_on"),
                        move |h| h.monitoring.risks.get(i).and_then(|r| r.resolved_on),
                        move |h, v| if let Some(r) = h.monitoring.risks.get_mut(i) { r.resolved_on = v })}
                    <button type="button" class="danger" on:click=move |_| f.draft.update(|h| {
                        if i < h.monitoring.risks.len() { h.monitoring.risks.remove(i); }
                    })>{move || t().remove}</button>
                </div>
            </For>
            <button type="button" class="secondary" data-testid="risk-add"
                disabled=move || f.draft.with(|h| h.monitoring.risks.len() >= MAX_RISKS)
                on:click=move |_| f.draft.update(|h| h.monitoring.risks.push(Risk { kind: RiskType::Other, disaster_kind: None, resolved_on: None }))>
                {move || t().risk_add}
            </button>
            <p class="muted">{move || t().override_hint}</p>
            {f.text("monitoring.override_reason", |h| h.monitoring.override_reason.clone(), |h, v| h.monitoring.override_reason = v)}
        </fieldset>
    }
}

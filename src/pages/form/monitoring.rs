//! 帮扶措施 and the 识别程序 dates; where 风险消除 stands (the office runs its procedure).
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::model::{DiscoveryChannel, Measure, MeasureType};
use shouwang_domain::Money;

use super::lens::{use_form, Bind};
use crate::i18n::{fill, use_i18n};
use crate::ids::new_id;
use crate::storage::today;

/// The id of the 帮扶措施 step, which `#/households/ID/edit?at=measures` opens at.
pub const MEASURES_SECTION: &str = "measures";

#[component]
pub fn Measures() -> impl IntoView {
    let f = use_form();
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let rows = Memo::new(move |_| {
        f.draft.with(|h| {
            h.measures
                .iter()
                .enumerate()
                .map(|(i, m)| (i, m.id.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <fieldset class="section" id=MEASURES_SECTION data-testid="section-measures">
            <legend>{move || t().section_measures}</legend>
            <For each=move || rows.get() key=|r| r.clone() let:row>
                {
                    let i = row.0;
                    view! {
                        <div class="measure">
                            {f.select(format!("measures[{i}].type"), &MeasureType::ALL, Bind::measure(i, |m| m.kind, |m, v| m.kind = v))}
                            {f.long_text(format!("measures[{i}].content"), Bind::measure(i, |m| m.content.clone(), |m, v| m.content = v))}
                            {f.date(format!("measures[{i}].start"), Bind::measure(i, |m| Some(m.start),
                                |m, v| if let Some(v) = v { m.start = v }))}
                            {f.date(format!("measures[{i}].end"), Bind::measure(i, |m| m.end, |m, v| m.end = v))}
                            {f.money(format!("measures[{i}].amount"), Bind::measure(i, |m| m.amount.unwrap_or(Money::ZERO),
                                |m, v| m.amount = (v != Money::ZERO).then_some(v)))}
                            {f.check(format!("measures[{i}].implemented"), Bind::measure(i, |m| m.implemented, |m, v| m.implemented = v))}
                            <button type="button" class="danger" on:click=move |_| f.draft.update(|h| {
                                if i < h.measures.len() { h.measures.remove(i); }
                            })>{move || t().remove}</button>
                        </div>
                    }
                }
            </For>
            <button type="button" class="secondary" data-testid="measure-add" on:click=move |_| f.draft.update(|h| {
                h.measures.push(Measure {
                    id: new_id("measure"),
                    kind: MeasureType::Social,
                    content: String::new(),
                    start: today(),
                    end: None,
                    amount: None,
                    implemented: false,
                })
            })>{move || t().measure_add}</button>
        </fieldset>
    }
}

#[component]
pub fn ProcedureSection() -> impl IntoView {
    let f = use_form();
    let i18n = use_i18n();
    view! {
        <fieldset class="section" data-testid="section-procedure">
            <legend>{move || i18n.lang().strings().section_procedure}</legend>
            {f.select_opt("monitoring.procedure.channel", &DiscoveryChannel::ALL, Bind::of(|h| h.monitoring.procedure.channel, |h, v| h.monitoring.procedure.channel = v))}
            {f.date("monitoring.procedure.lead_found", Bind::of(|h| h.monitoring.procedure.lead_found, |h, v| h.monitoring.procedure.lead_found = v))}
            {f.date("monitoring.procedure.home_check", Bind::of(|h| h.monitoring.procedure.home_check, |h, v| h.monitoring.procedure.home_check = v))}
            {f.date("monitoring.procedure.village_review", Bind::of(|h| h.monitoring.procedure.village_review, |h, v| h.monitoring.procedure.village_review = v))}
            {f.date("monitoring.procedure.publicity_start", Bind::of(|h| h.monitoring.procedure.publicity_start, |h, v| h.monitoring.procedure.publicity_start = v))}
            {f.date("monitoring.procedure.publicity_end", Bind::of(|h| h.monitoring.procedure.publicity_end, |h, v| h.monitoring.procedure.publicity_end = v))}
            {f.date("monitoring.procedure.township_check", Bind::of(|h| h.monitoring.procedure.township_check, |h, v| h.monitoring.procedure.township_check = v))}
            {f.date("monitoring.procedure.county_approval", Bind::of(|h| h.monitoring.procedure.county_approval, |h, v| h.monitoring.procedure.county_approval = v))}
            // 风险消除 has its own procedure, started and decided by the office: shown, not edited.
            <p class="note" data-testid="form-exit">{move || {
                let lang = i18n.lang();
                let t = lang.strings();
                f.draft.with(|h| match (&h.monitoring.exit, &h.monitoring.exit_procedure) {
                    (Some(e), _) => fill(t.exit_eliminated, &[&e.date, &e.mode.label().get(lang.domain())]),
                    (None, Some(p)) => fill(t.exit_open, &[&p.started]),
                    (None, None) => t.exit_from_office.to_string(),
                })
            }}</p>
        </fieldset>
    }
}

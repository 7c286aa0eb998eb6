//! 收入和支出: yearly income components, costs, claims and compliant self-pay.
use leptos::prelude::*;
use shouwang_domain::Money;

use super::lens::{use_form, Bind};
use crate::i18n::use_i18n;

#[component]
pub fn IncomeSection() -> impl IntoView {
    let f = use_form();
    let i18n = use_i18n();
    view! {
        <fieldset class="section" data-testid="section-income">
            <legend>{move || i18n.lang().strings().section_income}</legend>
            {f.date("income.period_start", Bind::of(|h| h.income.period_start, |h, v| h.income.period_start = v))}
            {f.date("income.period_end", Bind::of(|h| h.income.period_end, |h, v| h.income.period_end = v))}
            {f.money("income.wages", Bind::of(|h| h.income.wages, |h, v| h.income.wages = v))}
            {f.money("income.business", Bind::of(|h| h.income.business, |h, v| h.income.business = v))}
            {f.money("income.property", Bind::of(|h| h.income.property, |h, v| h.income.property = v))}
            {f.money("income.transfers", Bind::of(|h| h.income.transfers, |h, v| h.income.transfers = v))}
            {f.money("income.production_costs", Bind::of(|h| h.income.production_costs, |h, v| h.income.production_costs = v))}
            {f.money("income.insurance_claims", Bind::of(|h| h.income.insurance_claims, |h, v| h.income.insurance_claims = v))}
            {f.money("income.spending.medical", Bind::of(|h| h.income.spending.medical, |h, v| h.income.spending.medical = v))}
            {f.money("income.spending.inpatient", Bind::of(|h| h.income.spending.inpatient, |h, v| h.income.spending.inpatient = v))}
            {f.money("income.spending.largest_single_stay", Bind::of(|h| h.income.spending.largest_single_stay, |h, v| h.income.spending.largest_single_stay = v))}
            {f.money("income.spending.education", Bind::of(|h| h.income.spending.education, |h, v| h.income.spending.education = v))}
            {f.money("income.previous_net", Bind::of(|h| h.income.previous_net.unwrap_or(Money::ZERO),
                |h, v| h.income.previous_net = (v != Money::ZERO).then_some(v)))}
            {f.date("income.stable_since", Bind::of(|h| h.income.stable_since, |h, v| h.income.stable_since = v))}
        </fieldset>
    }
}

//! 收入和支出: yearly income components, costs, claims and compliant self-pay.
use leptos::prelude::*;
use shouwang_domain::Money;

use super::lens::use_form;
use crate::i18n::use_i18n;

#[component]
pub fn IncomeSection() -> impl IntoView {
    let f = use_form();
    let i18n = use_i18n();
    view! {
        <fieldset class="section" data-testid="section-income">
            <legend>{move || i18n.lang().strings().section_income}</legend>
            {f.date("income.period_start", |h| h.income.period_start, |h, v| h.income.period_start = v)}
            {f.date("income.period_end", |h| h.income.period_end, |h, v| h.income.period_end = v)}
            {f.money("income.wages", |h| h.income.wages, |h, v| h.income.wages = v)}
            {f.money("income.business", |h| h.income.business, |h, v| h.income.business = v)}
            {f.money("income.property", |h| h.income.property, |h, v| h.income.property = v)}
            {f.money("income.transfers", |h| h.income.transfers, |h, v| h.income.transfers = v)}
            {f.money("income.production_costs", |h| h.income.production_costs, |h, v| h.income.production_costs = v)}
            {f.money("income.insurance_claims", |h| h.income.insurance_claims, |h, v| h.income.insurance_claims = v)}
            {f.money("income.spending.medical", |h| h.income.spending.medical, |h, v| h.income.spending.medical = v)}
            {f.money("income.spending.inpatient", |h| h.income.spending.inpatient, |h, v| h.income.spending.inpatient = v)}
            {f.money("income.spending.largest_single_stay", |h| h.income.spending.largest_single_stay, |h, v| h.income.spending.largest_single_stay = v)}
            {f.money("income.spending.education", |h| h.income.spending.education, |h, v| h.income.spending.education = v)}
            {f.money("income.previous_net", |h| h.income.previous_net.unwrap_or(Money::ZERO),
                |h, v| h.income.previous_net = (v != Money::ZERO).then_some(v))}
            {f.date("income.stable_since", |h| h.income.stable_since, |h, v| h.income.stable_since = v)}
        </fieldset>
    }
}

//! 基本情况: area (chosen from the worker's villages, see `village`), address, phone, household type, relocation, helper.
use leptos::prelude::*;
use shouwang_domain::model::HouseholdType;

use super::lens::{use_form, Bind};
use super::village::{provided_villages, VillagePicker};
use crate::i18n::use_i18n;

#[component]
pub fn Basic() -> impl IntoView {
    let f = use_form();
    let i18n = use_i18n();
    let villages = provided_villages();
    let picker = (!villages.is_empty()).then(|| view! { <VillagePicker f villages/> });
    view! {
        <fieldset class="section" data-testid="section-basic">
            <legend>{move || i18n.lang().strings().section_basic}</legend>
            {f.text("household_number", Bind::of(|h| h.household_number.clone(), |h, v| h.household_number = v))}
            {picker}
            {f.text("area.code", Bind::of(|h| h.area.code.clone(), |h, v| h.area.code = v.trim().to_string()))}
            {f.text("area.name", Bind::of(|h| h.area.name.clone(), |h, v| h.area.name = v))}
            {f.text("area.code_year", Bind::of(|h| h.area.code_year.to_string(), |h, v| {
                if let Ok(y) = v.trim().parse() {
                    h.area.code_year = y;
                }
            }))}
            {f.text("address", Bind::of(|h| h.address.clone(), |h, v| h.address = v))}
            {f.tel("phone", Bind::of(|h| h.phone.clone(), |h, v| h.phone = v.trim().to_string()))}
            {f.select("household_type", &HouseholdType::ALL, Bind::of(|h| h.household_type, |h, v| h.household_type = v))}
            {f.check("relocated", Bind::of(|h| h.relocated, |h, v| h.relocated = v))}
            {f.text("resettlement_site", Bind::of(|h| h.resettlement_site.clone(), |h, v| h.resettlement_site = v))}
            {f.text("monitoring.helper", Bind::of(|h| h.monitoring.helper.clone(), |h, v| h.monitoring.helper = v))}
        </fieldset>
    }
}

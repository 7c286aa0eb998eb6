//! 两不愁三保障, 饮水 and 住房安全等级.
use leptos::prelude::*;
use shouwang_domain::model::HousingGrade;

use super::lens::{use_form, Bind};
use crate::i18n::use_i18n;

#[component]
pub fn Guarantees() -> impl IntoView {
    let f = use_form();
    let i18n = use_i18n();
    view! {
        <fieldset class="section" data-testid="section-guarantees">
            <legend>{move || i18n.lang().strings().section_guarantees}</legend>
            {f.check("guarantees.food_clothing_insecure", Bind::of(|h| h.guarantees.food_clothing_insecure, |h, v| h.guarantees.food_clothing_insecure = v))}
            {f.check("guarantees.school_dropout", Bind::of(|h| h.guarantees.school_dropout, |h, v| h.guarantees.school_dropout = v))}
            {f.check("guarantees.medical_insurance_gap", Bind::of(|h| h.guarantees.medical_insurance_gap, |h, v| h.guarantees.medical_insurance_gap = v))}
            {f.check("guarantees.housing_unsafe", Bind::of(|h| h.guarantees.housing_unsafe, |h, v| h.guarantees.housing_unsafe = v))}
            {f.check("guarantees.water_unsafe", Bind::of(|h| h.guarantees.water_unsafe, |h, v| h.guarantees.water_unsafe = v))}
            {f.select_opt("housing_grade", &HousingGrade::ALL, Bind::of(|h| h.housing_grade, |h, v| h.housing_grade = v))}
        </fieldset>
    }
}

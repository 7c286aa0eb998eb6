//! 家庭成员: a repeatable list (add, remove, reorder); an ID number fills birth date and sex.
use leptos::prelude::*;
use shouwang_domain::id_number::IdNumber;
use shouwang_domain::model::{
    Education, Household, IdType, LabourSkill, Member, Relation, SchoolStage, Sex,
};

use super::blank_member;
use super::lens::{use_form, Form};
use crate::i18n::use_i18n;

/// The member at `i`, for the field closures (a removed index reads as a default).
fn at(h: &Household, i: usize) -> Option<&Member> {
    h.members.get(i)
}

fn with_member(h: &mut Household, i: usize, f: impl FnOnce(&mut Member)) {
    if let Some(m) = h.members.get_mut(i) {
        f(m);
    }
}

#[component]
pub fn Members() -> impl IntoView {
    let f = use_form();
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    // Keyed by position and id: a reorder redraws the rows, so field paths follow the indices
    // the validation messages use.
    let rows = move || {
        f.draft.with(|h| {
            h.members
                .iter()
                .enumerate()
                .map(|(i, m)| (i, m.id.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <fieldset class="section" data-testid="section-members">
            <legend>{move || t().section_members}</legend>
            <For each=rows key=|row| row.clone() let:row>
                <MemberRow f i=row.0/>
            </For>
            <button type="button" class="secondary" data-testid="member-add" on:click=move |_| {
                f.draft.update(|h| h.members.push(blank_member(Relation::Other)))
            }>{move || t().member_add}</button>
        </fieldset>
    }
}

#[component]
fn MemberRow(f: Form, i: usize) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let p = move |field: &str| format!("members[{i}].{field}");
    let count = move || f.draft.with(|h| h.members.len());
    view! {
        <div class="member" data-testid="member">
            <h4>{move || format!("{} {}", t().member_n, i + 1)}</h4>
            {f.text(p("name"), move |h| at(h, i).map(|m| m.name.clone()).unwrap_or_default(),
                move |h, v| with_member(h, i, |m| m.name = v))}
            {f.select(p("relation"), &Relation::ALL, move |h| at(h, i).map_or(Relation::Other, |m| m.relation),
                move |h, v| with_member(h, i, |m| m.relation = v))}
            {f.select(p("id_type"), &IdType::ALL, move |h| at(h, i).map_or(IdType::ResidentId, |m| m.id_type),
                move |h, v| with_member(h, i, |m| m.id_type = v))}
            {f.text(p("id_number"), move |h| at(h, i).map(|m| m.id_number.clone()).unwrap_or_default(),
                move |h, v| with_member(h, i, |m| {
                    // A valid 18-digit number carries the birth date and sex: fill them in.
                    if m.id_type == IdType::ResidentId {
                        if let Ok(id) = IdNumber::parse(&v) {
                            m.birth_date = Some(id.birth_date());
                            m.sex = id.sex();
                        }
                    }
                    m.id_number = v.trim().to_string();
                }))}
            {f.select(p("sex"), &Sex::ALL, move |h| at(h, i).map_or(Sex::Male, |m| m.sex),
                move |h, v| with_member(h, i, |m| m.sex = v))}
            {f.date(p("birth_date"), move |h| at(h, i).and_then(|m| m.birth_date),
                move |h, v| with_member(h, i, |m| m.birth_date = v))}
            {f.select_opt(p("education"), &Education::ALL, move |h| at(h, i).and_then(|m| m.education),
                move |h, v| with_member(h, i, |m| m.education = v))}
            {f.select_opt(p("school_stage"), &SchoolStage::ALL, move |h| at(h, i).and_then(|m| m.school_stage),
                move |h, v| with_member(h, i, |m| m.school_stage = v))}
            {f.check(p("health.chronic_illness"), move |h| at(h, i).is_some_and(|m| m.health.chronic_illness),
                move |h, v| with_member(h, i, |m| m.health.chronic_illness = v))}
            {f.check(p("health.serious_illness"), move |h| at(h, i).is_some_and(|m| m.health.serious_illness),
                move |h, v| with_member(h, i, |m| m.health.serious_illness = v))}
            {f.check(p("health.disabled"), move |h| at(h, i).is_some_and(|m| m.health.disabled),
                move |h, v| with_member(h, i, |m| m.health.disabled = v))}
            {f.number(p("health.disability_grade"), move |h| at(h, i).and_then(|m| m.health.disability_grade).unwrap_or(0),
                move |h, v| with_member(h, i, |m| m.health.disability_grade = (v > 0).then_some(v)))}
            {f.select(p("labour"), &LabourSkill::ALL, move |h| at(h, i).map_or(LabourSkill::None, |m| m.labour),
                move |h, v| with_member(h, i, |m| m.labour = v))}
            {f.text(p("work_place"), move |h| at(h, i).map(|m| m.work_place.clone()).unwrap_or_default(),
                move |h, v| with_member(h, i, |m| m.work_place = v))}
            {f.number(p("work_months"), move |h| at(h, i).map_or(0, |m| m.work_months),
                move |h, v| with_member(h, i, |m| m.work_months = v))}
            {f.check(p("medical_insurance"), move |h| at(h, i).is_some_and(|m| m.medical_insurance),
                move |h, v| with_member(h, i, |m| m.medical_insurance = v))}
            {f.check(p("pension_insurance"), move |h| at(h, i).is_some_and(|m| m.pension_insurance),
                move |h, v| with_member(h, i, |m| m.pension_insurance = v))}
            {f.check(p("dibao"), move |h| at(h, i).is_some_and(|m| m.dibao),
                move |h, v| with_member(h, i, |m| m.dibao = v))}
            {f.check(p("tekun"), move |h| at(h, i).is_some_and(|m| m.tekun),
                move |h, v| with_member(h, i, |m| m.tekun = v))}
            {f.check(p("counted"), move |h| at(h, i).is_some_and(|m| m.counted),
                move |h, v| with_member(h, i, |m| m.counted = v))}
            <div class="row-actions">
                <button type="button" class="secondary" disabled=move || i == 0
                    on:click=move |_| f.draft.update(|h| if i > 0 { h.members.swap(i - 1, i) })>
                    {move || t().member_up}
                </button>
                <button type="button" class="secondary" disabled={move || i + 1 >= count()}
                    on:click=move |_| f.draft.update(|h| if i + 1 < h.members.len() { h.members.swap(i, i + 1) })>
                    {move || t().member_down}
                </button>
                <button type="button" class="danger" data-testid="member-remove"
                    on:click=move |_| f.draft.update(|h| if i < h.members.len() { h.members.remove(i); })>
                    {move || t().member_remove}
                </button>
            </div>
        </div>
    }
}

//! One member on its own sub-screen, opened from the member list: every field of the member but
//! the name (typed in the list), with moving and removing the member. An ID number fills in the
//! birth date and the sex; one already in another household says so (`duplicate`).
use leptos::prelude::*;
use shouwang_domain::id_number::{self, IdNumber};
use shouwang_domain::model::{Education, IdType, LabourSkill, Member, Relation, SchoolStage, Sex};

use super::duplicate::DuplicatePrompt;
use super::lens::{Bind, Form};
use crate::i18n::use_i18n;

/// The member a field path belongs to: `members[2].id_number` → 2.
pub fn member_index(path: &str) -> Option<usize> {
    path.strip_prefix("members[")?
        .split_once(']')?
        .0
        .parse()
        .ok()
}

/// Opens the sub-screen of the member the field at `path` belongs to, if it is a member's field
/// that the sub-screen shows (a name is in the list).
pub fn open_for_field(f: Form, path: &str) {
    let Some(i) = member_index(path) else { return };
    if path.ends_with("].name") {
        f.open_member.set(None);
        return;
    }
    let id = f
        .draft
        .with_untracked(|h| h.members.get(i).map(|m| m.id.clone()));
    f.open_member.set(id);
}

/// An ID card's number is tidied as typed (spaces, full-width characters, a lower-case x); a
/// valid 18-digit one carries the birth date and sex, filled in with it.
fn set_id_number(m: &mut Member, v: String) {
    let v = match m.id_type {
        IdType::ResidentId | IdType::ResidentId15 => id_number::tidy(&v),
        _ => v.trim().to_string(),
    };
    if m.id_type == IdType::ResidentId {
        if let Ok(id) = IdNumber::parse(&v) {
            m.birth_date = Some(id.birth_date());
            m.sex = id.sex();
        }
    }
    m.id_number = v;
}

#[component]
pub fn MemberScreen(f: Form, i: usize) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let p = move |field: &str| format!("members[{i}].{field}");
    let count = move || f.draft.with(|h| h.members.len());
    let name = move || {
        f.draft
            .with(|h| h.members.get(i).map(|m| m.name.clone()).unwrap_or_default())
    };
    let close = move || f.open_member.set(None);
    view! {
        <div class="member-screen" data-testid="member-screen">
            <button type="button" class="link back" data-testid="member-back" on:click=move |_| close()>
                {move || t().member_back}
            </button>
            <h3>{move || {
                let n = name();
                let shown = if n.trim().is_empty() { t().member_unnamed.to_string() } else { n };
                format!("{} {}：{shown}", t().member_n, i + 1)
            }}</h3>
            {f.select(p("relation"), &Relation::ALL, Bind::member(i, |m| m.relation, |m, v| m.relation = v))}
            {f.select(p("id_type"), &IdType::ALL, Bind::member(i, |m| m.id_type, |m, v| m.id_type = v))}
            {f.text(p("id_number"), Bind::member(i, |m| m.id_number.clone(), set_id_number))}
            <DuplicatePrompt f i/>
            {f.select(p("sex"), &Sex::ALL, Bind::member(i, |m| m.sex, |m, v| m.sex = v))}
            {f.date(p("birth_date"), Bind::member(i, |m| m.birth_date, |m, v| m.birth_date = v))}
            {f.select_opt(p("education"), &Education::ALL, Bind::member(i, |m| m.education, |m, v| m.education = v))}
            {f.select_opt(p("school_stage"), &SchoolStage::ALL, Bind::member(i, |m| m.school_stage, |m, v| m.school_stage = v))}
            {f.check(p("health.chronic_illness"), Bind::member(i, |m| m.health.chronic_illness, |m, v| m.health.chronic_illness = v))}
            {f.check(p("health.serious_illness"), Bind::member(i, |m| m.health.serious_illness, |m, v| m.health.serious_illness = v))}
            {f.check(p("health.disabled"), Bind::member(i, |m| m.health.disabled, |m, v| m.health.disabled = v))}
            {f.number(p("health.disability_grade"), Bind::member(i, |m| m.health.disability_grade.unwrap_or(0),
                |m, v| m.health.disability_grade = (v > 0).then_some(v)))}
            {f.select(p("labour"), &LabourSkill::ALL, Bind::member(i, |m| m.labour, |m, v| m.labour = v))}
            {f.text(p("work_place"), Bind::member(i, |m| m.work_place.clone(), |m, v| m.work_place = v))}
            {f.number(p("work_months"), Bind::member(i, |m| m.work_months, |m, v| m.work_months = v))}
            {f.check(p("medical_insurance"), Bind::member(i, |m| m.medical_insurance, |m, v| m.medical_insurance = v))}
            {f.check(p("pension_insurance"), Bind::member(i, |m| m.pension_insurance, |m, v| m.pension_insurance = v))}
            {f.check(p("dibao"), Bind::member(i, |m| m.dibao, |m, v| m.dibao = v))}
            {f.check(p("tekun"), Bind::member(i, |m| m.tekun, |m, v| m.tekun = v))}
            {f.check(p("counted"), Bind::member(i, |m| m.counted, |m, v| m.counted = v))}
            <div class="row-actions">
                <button type="button" class="secondary" disabled=move || i == 0
                    on:click=move |_| f.draft.update(|h| if i > 0 { h.members.swap(i - 1, i) })>
                    {move || t().member_up}
                </button>
                <button type="button" class="secondary" disabled={move || i + 1 >= count()}
                    on:click=move |_| f.draft.update(|h| if i + 1 < h.members.len() { h.members.swap(i, i + 1) })>
                    {move || t().member_down}
                </button>
                <button type="button" class="danger" data-testid="member-remove" on:click=move |_| {
                    close();
                    f.draft.update(|h| if i < h.members.len() { h.members.remove(i); });
                }>
                    {move || t().member_remove}
                </button>
            </div>
            <button type="button" class="secondary" on:click=move |_| close()>{move || t().member_back}</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{member_index, set_id_number};
    use crate::pages::form::blank::fixed::member as blank_member;
    use shouwang_domain::model::{IdType, Relation, Sex};

    #[test]
    fn a_pasted_id_number_is_tidied_and_fills_birth_date_and_sex() {
        let mut m = blank_member(Relation::Spouse);
        set_id_number(&mut m, " １１０１０５ 19491231 002x ".into());
        assert_eq!(m.id_number, "11010519491231002X");
        assert_eq!(m.birth_date, "1949-12-31".parse().ok());
        assert_eq!(m.sex, Sex::Female);
    }

    #[test]
    fn another_documents_number_is_only_trimmed() {
        let mut m = blank_member(Relation::Son);
        m.id_type = IdType::Other;
        set_id_number(&mut m, " ab 12 ".into());
        assert_eq!(m.id_number, "ab 12");
    }

    #[test]
    fn a_members_field_names_its_member() {
        assert_eq!(member_index("members[2].id_number"), Some(2));
        assert_eq!(member_index("members[10].health.disabled"), Some(10));
        assert_eq!(member_index("members"), None);
        assert_eq!(member_index("measures[1].amount"), None);
    }
}

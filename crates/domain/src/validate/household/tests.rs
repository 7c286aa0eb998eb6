use rstest::rstest;

use crate::model::{HousingGrade, Relation, SchoolStage, Sex};
use crate::validate::fixture::*;
use crate::validate::Severity;

#[test]
fn the_baseline_household_has_no_problem() {
    assert_eq!(problems(&household()), vec![]);
}

#[rstest]
#[case("")]
#[case("   ")]
fn an_empty_phone_is_a_warning(#[case] phone: &str) {
    let mut h = household();
    h.phone = phone.into();
    only(&h, "phone", "phone.missing", Severity::Warning);
}

#[rstest]
#[case("1388540000")]
#[case("138854000001")]
#[case("23885400000")]
#[case("1388540000a")]
#[case("138 8540 000")]
#[case("１３８８５４００００")]
#[case("0854-8221234")]
fn a_phone_that_is_not_11_digits_starting_with_1_is_an_error(#[case] phone: &str) {
    let mut h = household();
    h.phone = phone.into();
    let p = only(&h, "phone", "phone.format", Severity::Error);
    assert!(p.message.zh.contains("联系电话"));
}

#[test]
fn a_phone_with_surrounding_spaces_is_accepted() {
    let mut h = household();
    h.phone = " 13885400000 ".into();
    assert_eq!(found(&h), vec![]);
}

#[rstest]
#[case("", "area.code_missing", Severity::Error)]
#[case("52270110220", "area.code_format", Severity::Error)]
#[case("52270110220a", "area.code_format", Severity::Error)]
#[case("002701102203", "area.code_format", Severity::Error)]
#[case("522701102000", "area.not_village", Severity::Warning)]
#[case("522701000203", "area.not_village", Severity::Warning)]
#[case("522701003203", "area.township_kind", Severity::Warning)]
#[case("522701400203", "area.township_kind", Severity::Warning)]
fn the_area_code_is_a_village_code_of_12_digits(
    #[case] code: &str,
    #[case] rule: &str,
    #[case] severity: Severity,
) {
    let mut h = household();
    h.area.code = code.into();
    only(&h, "area.code", rule, severity);
}

#[rstest]
#[case("522701102203")]
#[case("522701201203")]
fn towns_and_townships_are_accepted(#[case] code: &str) {
    let mut h = household();
    h.area.code = code.into();
    assert_eq!(found(&h), vec![]);
}

#[test]
fn an_area_without_a_name_is_an_error() {
    let mut h = household();
    h.area.name.clear();
    only(&h, "area.name", "area.name_missing", Severity::Error);
}

#[rstest]
#[case(0, true)]
#[case(2008, true)]
#[case(2009, false)]
#[case(2026, false)]
#[case(2027, true)]
fn the_area_code_year_must_be_plausible(#[case] year: u16, #[case] warned: bool) {
    let mut h = household();
    h.area.code_year = year;
    if warned {
        only(&h, "area.code_year", "area.code_year", Severity::Warning);
    } else {
        assert_eq!(found(&h), vec![]);
    }
}

#[test]
fn a_relocated_household_without_a_site_is_a_warning() {
    let mut h = household();
    h.relocated = true;
    only(
        &h,
        "resettlement_site",
        "resettlement_site.missing",
        Severity::Warning,
    );
    h.resettlement_site = "都匀市城南安置点".into();
    assert_eq!(found(&h), vec![]);
}

#[test]
fn a_household_without_members_is_an_error() {
    let mut h = household();
    h.members.clear();
    only(&h, "members", "members.empty", Severity::Error);
}

#[test]
fn a_household_where_nobody_is_counted_is_an_error() {
    let mut h = household();
    for m in &mut h.members {
        m.counted = false;
    }
    only(&h, "members", "members.none_counted", Severity::Error);
}

#[test]
fn a_household_without_a_head_is_an_error() {
    let mut h = household();
    h.members[0].relation = Relation::Son;
    h.members[1].relation = Relation::Daughter;
    only(&h, "members", "relation.head_missing", Severity::Error);
}

#[test]
fn second_head_of_household_is_an_error() {
    let mut h = household();
    h.members[2].relation = Relation::Head;
    only(
        &h,
        "members[2].relation",
        "relation.head_several",
        Severity::Error,
    );
}

#[test]
fn second_spouse_is_an_error() {
    let mut h = household();
    h.members[2].relation = Relation::Spouse;
    only(
        &h,
        "members[2].relation",
        "relation.spouse_several",
        Severity::Error,
    );
}

#[test]
fn a_spouse_of_the_same_sex_as_the_head_is_an_error() {
    let mut h = household();
    let m = &mut h.members[1];
    m.sex = Sex::Male;
    m.id_number = id18("1982-07-15", 33);
    only(
        &h,
        "members[1].sex",
        "relation.spouse_same_sex",
        Severity::Error,
    );
}

#[test]
fn the_same_id_number_twice_in_a_household_is_an_error() {
    let mut h = household();
    let mut twin = h.members[2].clone();
    twin.id = "m4".into();
    twin.name = "王小兰".into();
    h.members.push(twin);
    let p = only(
        &h,
        "members[3].id_number",
        "id_number.duplicate",
        Severity::Error,
    );
    assert!(
        p.message.zh.contains("第 3 位成员（王小梅）"),
        "{}",
        p.message.zh
    );
}

#[test]
fn an_old_and_a_new_number_of_one_person_are_the_same_person() {
    let mut h = household();
    let mut again = h.members[0].clone();
    again.id = "m4".into();
    again.relation = Relation::Other;
    again.id_type = crate::model::IdType::ResidentId15;
    let new = &h.members[0].id_number;
    again.id_number = format!("{}{}", &new[..6], &new[8..17]);
    h.members.push(again);
    only(
        &h,
        "members[3].id_number",
        "id_number.duplicate",
        Severity::Error,
    );
}

#[rstest]
#[case("members")]
#[case("visits")]
fn record_ids_are_unique_in_their_list(#[case] list: &str) {
    let mut h = household();
    match list {
        "members" => h.members[2].id = "m1".into(),
        _ => {
            let mut again = h.visits[0].clone();
            again.date = date("2026-11-25");
            h.visits.push(again);
        }
    }
    let index = if list == "members" { 2 } else { 1 };
    only(
        &h,
        &format!("{list}[{index}].id"),
        "record.duplicate_id",
        Severity::Error,
    );
}

#[rstest]
#[case(HousingGrade::C)]
#[case(HousingGrade::D)]
fn a_dangerous_grade_without_the_housing_flag_is_a_warning(#[case] grade: HousingGrade) {
    let mut h = household();
    h.housing_grade = Some(grade);
    let p = only(
        &h,
        "guarantees.housing_unsafe",
        "housing.grade_not_flagged",
        Severity::Warning,
    );
    assert!(p.message.zh.contains("住房出现安全问题"));
    h.guarantees.housing_unsafe = true;
    assert_eq!(found(&h), vec![]);
}

#[test]
fn the_housing_flag_with_a_safe_grade_is_a_warning() {
    let mut h = household();
    h.guarantees.housing_unsafe = true;
    only(
        &h,
        "guarantees.housing_unsafe",
        "housing.flag_with_safe_grade",
        Severity::Warning,
    );
    h.housing_grade = None;
    assert_eq!(found(&h), vec![]);
}

#[test]
fn the_dropout_flag_without_a_dropout_is_a_warning() {
    let mut h = household();
    h.guarantees.school_dropout = true;
    only(
        &h,
        "guarantees.school_dropout",
        "school_dropout.no_member",
        Severity::Warning,
    );
    h.members[2].school_stage = Some(SchoolStage::DroppedOut);
    assert_eq!(found(&h), vec![]);
}

#[test]
fn the_insurance_flag_when_everyone_is_insured_is_a_warning() {
    let mut h = household();
    h.guarantees.medical_insurance_gap = true;
    only(
        &h,
        "guarantees.medical_insurance_gap",
        "medical_insurance.no_member",
        Severity::Warning,
    );
}

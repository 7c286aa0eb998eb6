use rstest::rstest;

use crate::model::{Education, IdType, LabourSkill, SchoolStage};
use crate::validate::fixture::*;
use crate::validate::Severity;

#[test]
fn a_member_without_a_name_is_an_error() {
    let mut h = household();
    h.members[1].name = " ".into();
    only(&h, "members[1].name", "name.missing", Severity::Error);
}

#[test]
fn education_and_school_stage_together_is_an_error() {
    let mut h = household();
    h.members[2].education = Some(Education::Primary);
    only(
        &h,
        "members[2].school_stage",
        "school.both_recorded",
        Severity::Error,
    );
}

#[rstest]
#[case("2024-01-01", false)]
#[case("2023-11-30", false)]
#[case("2023-11-29", true)]
fn neither_education_nor_school_stage_is_a_warning_from_age_three(
    #[case] birth: &str,
    #[case] warned: bool,
) {
    let mut h = household();
    let m = &mut h.members[2];
    m.id_number = id18(birth, 22);
    m.birth_date = Some(date(birth));
    m.school_stage = None;
    if warned {
        only(
            &h,
            "members[2].education",
            "school.none_recorded",
            Severity::Warning,
        );
    } else {
        assert_eq!(found(&h), vec![]);
    }
}

#[test]
fn a_place_of_work_without_months_is_an_error() {
    let mut h = household();
    h.members[0].work_months = 0;
    only(
        &h,
        "members[0].work_months",
        "work.months_missing",
        Severity::Error,
    );
}

#[test]
fn months_of_work_without_a_place_is_an_error() {
    let mut h = household();
    h.members[0].work_place = "  ".into();
    only(
        &h,
        "members[0].work_place",
        "work.place_missing",
        Severity::Error,
    );
}

#[rstest]
#[case(12, None)]
#[case(13, Some("work.months_range"))]
#[case(255, Some("work.months_range"))]
fn months_of_work_are_at_most_twelve(#[case] months: u8, #[case] code: Option<&str>) {
    let mut h = household();
    h.members[0].work_months = months;
    match code {
        Some(code) => {
            only(&h, "members[0].work_months", code, Severity::Error);
        }
        None => assert_eq!(found(&h), vec![]),
    }
}

#[rstest]
// Working age is 16–59 in the national default rules.
#[case("2010-11-29", true)]
#[case("2010-11-30", false)]
#[case("1966-11-30", true)]
#[case("1966-11-29", false)]
fn a_healthy_working_age_non_student_without_labour_is_flagged(
    #[case] birth: &str,
    #[case] warned: bool,
) {
    let mut h = household();
    let m = &mut h.members[0];
    m.id_number = id18(birth, 11);
    m.birth_date = Some(date(birth));
    m.labour = LabourSkill::None;
    m.work_place.clear();
    m.work_months = 0;
    if warned {
        let p = only(
            &h,
            "members[0].labour",
            "labour.healthy_adult_without_labour",
            Severity::Warning,
        );
        assert!(p.message.zh.contains("无劳动力"), "{}", p.message.zh);
    } else {
        let all = found(&h);
        assert!(
            !all.iter()
                .any(|(_, c)| c == "labour.healthy_adult_without_labour"),
            "{all:?}"
        );
    }
}

#[test]
fn an_ill_or_studying_adult_without_labour_is_not_flagged() {
    let mut h = household();
    let m = &mut h.members[0];
    m.labour = LabourSkill::None;
    m.work_place.clear();
    m.work_months = 0;
    m.health.serious_illness = true;
    assert_eq!(found(&h), vec![]);
    let m = &mut h.members[0];
    m.health.serious_illness = false;
    m.education = None;
    m.school_stage = Some(SchoolStage::Undergraduate);
    assert_eq!(found(&h), vec![]);
}

#[rstest]
#[case(LabourSkill::Ordinary, 0)]
#[case(LabourSkill::Weak, 0)]
#[case(LabourSkill::None, 3)]
fn a_child_recorded_as_a_worker_is_a_warning(#[case] labour: LabourSkill, #[case] months: u8) {
    let mut h = household();
    let m = &mut h.members[2];
    m.labour = labour;
    m.work_months = months;
    if months > 0 {
        m.work_place = "都匀市".into();
    }
    only(
        &h,
        "members[2].labour",
        "labour.child_worker",
        Severity::Warning,
    );
}

#[rstest]
#[case(Some(0), true, Some(("disability.grade_range", Severity::Error)))]
#[case(Some(5), true, Some(("disability.grade_range", Severity::Error)))]
#[case(Some(2), false, Some(("disability.grade_without_disability", Severity::Error)))]
#[case(Some(1), true, None)]
#[case(Some(4), true, None)]
#[case(None, true, None)]
fn disability_grade_is_one_to_four_and_only_for_the_disabled(
    #[case] grade: Option<u8>,
    #[case] disabled: bool,
    #[case] expected: Option<(&str, Severity)>,
) {
    let mut h = household();
    h.members[1].health.disabled = disabled;
    h.members[1].health.disability_grade = grade;
    match expected {
        Some((code, severity)) => {
            only(&h, "members[1].health.disability_grade", code, severity);
        }
        None => assert_eq!(found(&h), vec![]),
    }
}

/// A 12-year-old who dropped out of school.
fn dropout() -> crate::model::Household {
    let mut h = household();
    let m = &mut h.members[2];
    m.id_number = id18("2014-05-05", 22);
    m.birth_date = Some(date("2014-05-05"));
    m.school_stage = Some(SchoolStage::DroppedOut);
    h
}

#[test]
fn a_compulsory_age_dropout_without_the_flag_is_a_warning() {
    only(
        &dropout(),
        "members[2].school_stage",
        "school_dropout.not_flagged",
        Severity::Warning,
    );
}

#[test]
fn a_compulsory_age_dropout_with_the_flag_is_consistent() {
    let mut h = dropout();
    h.guarantees.school_dropout = true;
    assert_eq!(found(&h), vec![]);
}

#[test]
fn a_dropout_above_compulsory_age_needs_no_flag() {
    let mut h = dropout();
    let m = &mut h.members[2];
    m.id_number = id18("2008-05-05", 22);
    m.birth_date = Some(date("2008-05-05"));
    m.labour = LabourSkill::Ordinary;
    assert_eq!(found(&h), vec![]);
}

#[test]
fn a_member_without_medical_insurance_and_no_flag_is_a_warning() {
    let mut h = household();
    h.members[1].medical_insurance = false;
    only(
        &h,
        "members[1].medical_insurance",
        "medical_insurance.not_flagged",
        Severity::Warning,
    );
    h.guarantees.medical_insurance_gap = true;
    assert_eq!(found(&h), vec![]);
}

#[test]
fn an_unknown_age_skips_the_age_rules() {
    let mut h = household();
    let m = &mut h.members[0];
    m.id_type = IdType::Other;
    m.birth_date = None;
    m.labour = LabourSkill::None;
    only(
        &h,
        "members[0].birth_date",
        "birth_date.missing",
        Severity::Warning,
    );
}

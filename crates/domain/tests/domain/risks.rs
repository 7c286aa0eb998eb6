//! Every risk type: when the record suggests it, and the order they are listed in.
use shouwang_domain::model::{DisasterKind, HousingGrade, LabourSkill, RiskType, SchoolStage};

use super::support::*;

#[test]
fn illness_needs_an_ill_member_and_medical_self_pay() {
    let mut h = household();
    h.members[1].health.chronic_illness = true;
    assert!(!risk_kinds(&run(&h)).contains(&RiskType::Illness));
    h.income.spending.medical = yuan(1);
    assert!(risk_kinds(&run(&h)).contains(&RiskType::Illness));
}

#[test]
fn a_medical_trigger_alone_suggests_illness() {
    let mut h = household();
    h.income.spending.inpatient = yuan(20_000);
    assert!(risk_kinds(&run(&h)).contains(&RiskType::Illness));
}

#[test]
fn disability_that_reduces_work_or_is_severe_is_a_risk() {
    let mut h = household();
    h.members[0].health.disabled = true;
    h.members[0].health.disability_grade = Some(4);
    assert!(
        !risk_kinds(&run(&h)).contains(&RiskType::Disability),
        "a grade-4 disabled full worker is not a risk by itself"
    );
    h.members[0].health.disability_grade = Some(2);
    assert!(risk_kinds(&run(&h)).contains(&RiskType::Disability));
    h.members[0].health.disability_grade = Some(4);
    h.members[0].labour = LabourSkill::Weak;
    assert!(risk_kinds(&run(&h)).contains(&RiskType::Disability));
}

#[test]
fn schooling_from_costs_or_a_dropout() {
    let mut h = household();
    h.income.spending.education = yuan(10_001);
    assert!(risk_kinds(&run(&h)).contains(&RiskType::Schooling));
    let mut h = household();
    let mut child = member(
        "m3",
        "丙",
        shouwang_domain::model::Relation::Son,
        shouwang_domain::model::Sex::Male,
        "2013-01-01",
    );
    child.education = None;
    child.school_stage = Some(SchoolStage::DroppedOut);
    child.labour = LabourSkill::None;
    child.work_months = 0;
    child.work_place.clear();
    h.members.push(child);
    assert!(risk_kinds(&run(&h)).contains(&RiskType::Schooling));
}

#[test]
fn unstable_employment_below_six_months_of_work() {
    let mut h = household();
    h.members[0].work_months = 6;
    assert!(!risk_kinds(&run(&h)).contains(&RiskType::UnstableEmployment));
    h.members[0].work_months = 5;
    assert!(risk_kinds(&run(&h)).contains(&RiskType::UnstableEmployment));
}

#[test]
fn lack_of_labour_when_nobody_is_a_full_worker() {
    let mut h = household();
    h.members[0].labour = LabourSkill::Weak;
    assert!(!risk_kinds(&run(&h)).contains(&RiskType::LackOfLabour));
    h.members[1].labour = LabourSkill::Lost;
    assert!(risk_kinds(&run(&h)).contains(&RiskType::LackOfLabour));
}

#[test]
fn housing_unsafe_from_grade_c_or_d_or_the_flag() {
    for (grade, flag, expected) in [
        (HousingGrade::A, false, false),
        (HousingGrade::B, false, false),
        (HousingGrade::C, false, true),
        (HousingGrade::D, false, true),
        (HousingGrade::B, true, true),
    ] {
        let mut h = household();
        h.housing_grade = Some(grade);
        h.guarantees.housing_unsafe = flag;
        assert_eq!(
            risk_kinds(&run(&h)).contains(&RiskType::HousingUnsafe),
            expected,
            "{grade:?} flag {flag}"
        );
    }
}

#[test]
fn water_unsafe_from_the_flag() {
    let mut h = household();
    h.guarantees.water_unsafe = true;
    assert_eq!(risk_kinds(&run(&h)), [RiskType::WaterUnsafe]);
}

#[test]
fn event_risks_are_kept_as_recorded_until_resolved() {
    for kind in [
        RiskType::NaturalDisaster,
        RiskType::Accident,
        RiskType::BusinessFailure,
        RiskType::Other,
    ] {
        let mut h = household();
        let mut r = risk(kind);
        r.disaster_kind = (kind == RiskType::NaturalDisaster).then_some(DisasterKind::Flood);
        h.monitoring.risks.push(r);
        assert_eq!(risk_kinds(&run(&h)), [kind]);
        h.monitoring.risks[0].resolved_on = Some(date("2026-10-01"));
        assert!(risk_kinds(&run(&h)).is_empty(), "{kind:?} resolved");
    }
}

/// Seven risks: the cut keeps first those the flags (water, housing) and the rigid-spending
/// triggers (schooling above 10000) require, then by the policy's order; the five kept are listed
/// by that order, so the consistency check finds nothing to add when the worker takes them.
#[test]
fn the_five_kept_are_those_flags_and_triggers_require_then_by_weight() {
    let mut h = household();
    h.guarantees.water_unsafe = true;
    h.guarantees.housing_unsafe = true;
    h.members[0].health.serious_illness = true;
    h.members[0].labour = LabourSkill::Weak;
    h.members[1].labour = LabourSkill::Weak;
    h.members[1].work_months = 2;
    h.income.spending.medical = yuan(100);
    h.income.spending.education = yuan(20_000);
    h.monitoring.risks.push(risk(RiskType::Accident));
    let c = run(&h);
    assert_eq!(
        risk_kinds(&c),
        [
            RiskType::Illness,
            RiskType::Schooling,
            RiskType::Accident,
            RiskType::HousingUnsafe,
            RiskType::WaterUnsafe,
        ]
    );
    let note = c
        .notes
        .iter()
        .find(|n| n.rule == "risk.more_than_five")
        .unwrap();
    assert!(
        note.text.zh.contains("因务工就业不稳、缺劳动力"),
        "{}",
        note.text.zh
    );
    // Taking the suggestion as it is leaves the consistency check nothing to complain about.
    h.monitoring.risks = risk_kinds(&c).into_iter().map(risk).collect();
    h.monitoring.override_reason = "务工和劳动力问题次要".into();
    let again = run(&h);
    let fr = finding_rules(&again);
    assert!(!fr.contains(&"consistency.water_flag_needs_risk"), "{fr:?}");
    assert!(!fr.contains(&"consistency.housing_needs_risk"), "{fr:?}");
}

/// Illness and schooling come from triggers here, which makes them required over the
/// higher-weighted but not required ones only when there are more than five.
#[test]
fn with_five_or_fewer_nothing_is_cut_and_the_order_is_the_weight() {
    let mut h = household();
    h.guarantees.water_unsafe = true;
    h.members[0].labour = LabourSkill::Weak;
    h.members[1].labour = LabourSkill::Weak;
    h.members[1].work_months = 2;
    h.monitoring.risks.push(risk(RiskType::Accident));
    let c = run(&h);
    assert_eq!(
        risk_kinds(&c),
        [
            RiskType::Accident,
            RiskType::UnstableEmployment,
            RiskType::LackOfLabour,
            RiskType::WaterUnsafe,
        ]
    );
    assert!(!c.notes.iter().any(|n| n.rule == "risk.more_than_five"));
}

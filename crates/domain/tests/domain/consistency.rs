//! The national system's consistency checks (DOMAIN.md §4, §8) and the procedure timers (§7).
use shouwang_domain::model::{
    DisasterKind, HousingGrade, LabourSkill, MeasureType, MonitoredCategory, RiskType,
};
use shouwang_domain::Household;

use super::support::*;

fn monitored() -> Household {
    let mut h = household();
    h.monitoring.category = Some(MonitoredCategory::EdgeAtRisk);
    h.monitoring.identified_on = Some(date("2026-10-01"));
    h
}

fn has(h: &Household, rule: &str) -> bool {
    finding_rules(&run(h)).contains(&rule)
}

#[test]
fn water_flag_needs_the_water_risk() {
    let mut h = monitored();
    h.guarantees.water_unsafe = true;
    assert!(has(&h, "consistency.water_flag_needs_risk"));
    h.monitoring.risks.push(risk(RiskType::WaterUnsafe));
    assert!(!has(&h, "consistency.water_flag_needs_risk"));
}

#[test]
fn dangerous_housing_suggests_the_housing_risk() {
    let mut h = monitored();
    h.housing_grade = Some(HousingGrade::C);
    assert!(has(&h, "consistency.housing_needs_risk"));
    h.monitoring.risks.push(risk(RiskType::HousingUnsafe));
    assert!(!has(&h, "consistency.housing_needs_risk"));
}

#[test]
fn illness_needs_medical_self_pay() {
    let mut h = monitored();
    h.monitoring.risks.push(risk(RiskType::Illness));
    assert!(has(&h, "consistency.illness_needs_medical_spending"));
    h.income.spending.medical = yuan(800);
    assert!(!has(&h, "consistency.illness_needs_medical_spending"));
}

#[test]
fn natural_disaster_needs_its_sub_item() {
    let mut h = monitored();
    h.monitoring.risks.push(risk(RiskType::NaturalDisaster));
    assert!(has(&h, "consistency.disaster_needs_sub_item"));
    h.monitoring.risks[0].disaster_kind = Some(DisasterKind::Earthquake);
    assert!(!has(&h, "consistency.disaster_needs_sub_item"));
}

#[test]
fn lack_of_labour_is_refused_when_most_members_are_workers() {
    let mut h = monitored();
    h.monitoring.risks.push(risk(RiskType::LackOfLabour));
    assert!(has(&h, "consistency.lack_of_labour_with_workers"));
    h.members[1].labour = LabourSkill::Lost;
    assert!(
        !has(&h, "consistency.lack_of_labour_with_workers"),
        "1 of 2 is not most"
    );
}

#[test]
fn unstable_employment_needs_workers_and_work_data() {
    let mut h = monitored();
    h.monitoring.risks.push(risk(RiskType::UnstableEmployment));
    for m in &mut h.members {
        m.labour = LabourSkill::None;
        m.work_months = 0;
        m.work_place.clear();
    }
    assert!(has(&h, "consistency.unstable_employment_without_workers"));
    assert!(has(&h, "consistency.unstable_employment_without_work_data"));
}

#[test]
fn required_risks_need_a_matching_measure() {
    for (risk_kind, answer) in [
        (RiskType::WaterUnsafe, MeasureType::DrinkingWater),
        (RiskType::HousingUnsafe, MeasureType::Relocation),
        (RiskType::Illness, MeasureType::Social),
        (RiskType::Schooling, MeasureType::OtherEducation),
    ] {
        let mut h = monitored();
        h.income.spending.medical = yuan(100);
        h.monitoring.risks.push(risk(risk_kind));
        assert!(has(&h, "consistency.risk_needs_measure"), "{risk_kind:?}");
        h.measures.push(measure(answer, false));
        assert!(
            !has(&h, "consistency.risk_needs_measure"),
            "{risk_kind:?} with {answer:?}"
        );
    }
}

#[test]
fn development_measure_is_due_six_months_after_identification() {
    let mut h = monitored();
    h.monitoring.identified_on = Some(date("2026-05-29"));
    assert!(
        !has(&h, "consistency.development_measure_due"),
        "exactly six months"
    );
    h.monitoring.identified_on = Some(date("2026-05-28"));
    assert!(has(&h, "consistency.development_measure_due"));
    h.measures.push(measure(MeasureType::Finance, true));
    assert!(!has(&h, "consistency.development_measure_due"));
}

#[test]
fn nobody_able_to_work_needs_social_security() {
    let mut h = monitored();
    for m in &mut h.members {
        m.labour = LabourSkill::Lost;
    }
    assert!(has(&h, "consistency.no_labour_needs_social_security"));
    h.measures.push(measure(MeasureType::SocialSecurity, true));
    assert!(!has(&h, "consistency.no_labour_needs_social_security"));
}

#[test]
fn choosing_fewer_risks_than_the_data_needs_a_reason() {
    let mut h = monitored();
    h.guarantees.water_unsafe = true;
    h.members[0].work_months = 2;
    h.monitoring.risks.push(risk(RiskType::WaterUnsafe));
    assert!(has(&h, "consistency.override_without_reason"));
    h.monitoring.override_reason = "务工短期中断，已返岗".into();
    assert!(!has(&h, "consistency.override_without_reason"));
}

#[test]
fn procedure_is_overdue_the_day_after_its_time_limit() {
    let mut h = household();
    h.monitoring.procedure.lead_found = Some(date("2026-11-14"));
    let c = run(&h);
    assert!(!c.procedure.overdue, "day 15 is still within the limit");
    assert_eq!(c.procedure.days_left, Some(0));
    h.monitoring.procedure.lead_found = Some(date("2026-11-13"));
    let c = run(&h);
    assert!(c.procedure.overdue);
    assert!(finding_rules(&c).contains(&"procedure.overdue"));
}

#[test]
fn publicity_lasts_at_least_five_days() {
    let mut h = household();
    let p = &mut h.monitoring.procedure;
    p.lead_found = Some(date("2026-11-20"));
    p.publicity_start = Some(date("2026-11-22"));
    p.publicity_end = Some(date("2026-11-26"));
    assert!(!has(&h, "procedure.publicity_too_short"));
    h.monitoring.procedure.publicity_end = Some(date("2026-11-25"));
    assert!(has(&h, "procedure.publicity_too_short"));
}

//! 风险消除: each condition, and its boundary.
use shouwang_domain::model::{
    Exit, ExitMode, LabourSkill, MeasureType, MonitoredCategory, RiskType,
};
use shouwang_domain::Household;

use super::support::*;

/// A monitored household that meets every exit condition on [`today`].
fn eligible() -> Household {
    let mut h = household();
    h.monitoring.category = Some(MonitoredCategory::EdgeAtRisk);
    h.monitoring.identified_on = Some(date("2026-05-29"));
    let mut r = risk(RiskType::UnstableEmployment);
    r.resolved_on = Some(date("2026-09-01"));
    h.monitoring.risks.push(r);
    h.income.stable_since = Some(date("2026-05-29"));
    h.measures.push(measure(MeasureType::Employment, true));
    h
}

fn unmet(h: &Household) -> Vec<String> {
    run(h).exit.unmet.iter().map(|r| r.rule.clone()).collect()
}

#[test]
fn a_household_meeting_every_condition_is_eligible() {
    let c = run(&eligible());
    assert!(c.exit.applicable && c.exit.eligible, "{:?}", c.exit.unmet);
    assert_eq!(c.exit.met.len(), 8);
}

#[test]
fn income_must_not_be_below_the_line() {
    let h = with_per_capita(eligible(), yuan(LINE - 1));
    assert!(unmet(&h).contains(&"exit.income_above_line".into()));
    let h = with_per_capita(eligible(), yuan(LINE));
    assert!(!unmet(&h).contains(&"exit.income_above_line".into()));
}

#[test]
fn income_must_be_stable_for_six_months_to_the_day() {
    let mut h = eligible();
    h.income.stable_since = Some(date("2026-05-30"));
    assert_eq!(unmet(&h), ["exit.income_stable"]);
    h.income.stable_since = None;
    assert_eq!(unmet(&h), ["exit.income_stable"]);
}

#[test]
fn large_costs_must_be_resolved() {
    let mut h = eligible();
    h.income.spending.education = yuan(10_001);
    assert!(unmet(&h).contains(&"exit.rigid_spending_resolved".into()));
}

#[test]
fn guarantees_must_be_secured() {
    let mut h = eligible();
    h.guarantees.medical_insurance_gap = true;
    assert_eq!(unmet(&h), ["exit.guarantees_secured"]);
}

#[test]
fn identified_risks_must_be_resolved_and_no_new_one_shown() {
    let mut h = eligible();
    h.monitoring.risks[0].resolved_on = None;
    assert_eq!(unmet(&h), ["exit.risks_gone"]);
    let mut h = eligible();
    h.members[0].work_months = 2; // a new risk: unstable work
    assert_eq!(unmet(&h), ["exit.risks_gone"]);
}

#[test]
fn identified_at_least_six_months_ago_to_the_day() {
    let mut h = eligible();
    h.monitoring.identified_on = Some(date("2026-05-30"));
    assert_eq!(unmet(&h), ["exit.identified_long_enough"]);
    h.monitoring.identified_on = None;
    assert_eq!(unmet(&h), ["exit.identified_long_enough"]);
}

#[test]
fn at_least_one_measure_carried_out() {
    let mut h = eligible();
    h.measures[0].implemented = false;
    assert_eq!(unmet(&h), ["exit.measures_implemented"]);
}

#[test]
fn a_household_where_nobody_can_work_stays_monitored() {
    let mut h = eligible();
    for m in &mut h.members {
        m.labour = LabourSkill::Lost;
        m.work_months = 0;
    }
    h.measures.push(measure(MeasureType::SocialSecurity, true));
    let c = run(&h);
    assert!(!c.exit.eligible);
    let rules: Vec<&str> = c.exit.unmet.iter().map(|r| r.rule.as_str()).collect();
    assert!(rules.contains(&"exit.someone_can_work"), "{rules:?}");
}

#[test]
fn exit_does_not_apply_to_unmonitored_or_already_exited_households() {
    let c = run(&household());
    assert!(!c.exit.applicable);
    let mut h = eligible();
    h.monitoring.exit = Some(Exit {
        mode: ExitMode::AfterAssistance,
        date: date("2026-06-15"),
    });
    let c = run(&h);
    assert!(!c.exit.applicable);
    assert!(
        c.exit
            .warnings
            .iter()
            .any(|w| w.rule == "exit.marked_soon_after_identification"),
        "marked 17 days after identification"
    );
}

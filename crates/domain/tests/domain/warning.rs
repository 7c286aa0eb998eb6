//! 辅助研判 warning levels.
use rstest::rstest;
use shouwang_domain::classify::WarningLevel;
use shouwang_domain::model::{Guarantees, MeasureType};

use super::support::*;

#[rstest]
#[case::food(Guarantees { food_clothing_insecure: true, ..Guarantees::default() })]
#[case::housing(Guarantees { housing_unsafe: true, ..Guarantees::default() })]
#[case::school(Guarantees { school_dropout: true, ..Guarantees::default() })]
#[case::insurance(Guarantees { medical_insurance_gap: true, ..Guarantees::default() })]
#[case::water(Guarantees { water_unsafe: true, ..Guarantees::default() })]
fn any_basic_guarantee_failing_is_red(#[case] g: Guarantees) {
    let mut h = household();
    h.guarantees = g;
    let c = run(&h);
    assert_eq!(c.warning.level, WarningLevel::Red);
    assert!(c
        .warning
        .reasons
        .iter()
        .all(|r| r.rule == "warning.red.guarantee"));
}

#[test]
fn below_the_line_after_rigid_spending_with_no_measure_is_red_until_one_is_carried_out() {
    let mut h = household();
    h.income.spending.medical = yuan(30_000);
    assert_eq!(run(&h).warning.level, WarningLevel::Red);
    h.measures.push(measure(MeasureType::Health, false));
    assert_eq!(
        run(&h).warning.level,
        WarningLevel::Red,
        "planned is not carried out"
    );
    h.measures[0].implemented = true;
    assert_eq!(run(&h).warning.level, WarningLevel::Orange);
}

#[test]
fn a_candidate_with_two_risks_is_orange() {
    let mut h = with_per_capita(household(), yuan(LINE - 1));
    h.members[0].work_months = 3;
    h.monitoring
        .risks
        .push(risk(shouwang_domain::model::RiskType::Accident));
    h.measures.push(measure(MeasureType::Employment, true));
    let c = run(&h);
    assert!(c.suggested_category.is_some());
    assert_eq!(c.suggested_risks.len(), 2);
    assert_eq!(c.warning.level, WarningLevel::Orange);
    assert!(c
        .warning
        .reasons
        .iter()
        .any(|r| r.rule == "warning.orange.risks"));
}

/// 1.2 × 7300 = 8760.
#[rstest]
#[case::one_yuan_below_the_band(8_759, WarningLevel::Yellow)]
#[case::at_the_band(8_760, WarningLevel::Green)]
#[case::one_yuan_above(8_761, WarningLevel::Green)]
fn income_under_one_point_two_lines_is_yellow(
    #[case] per_capita: i64,
    #[case] level: WarningLevel,
) {
    let c = run(&with_per_capita(household(), yuan(per_capita)));
    assert_eq!(c.warning.level, level);
}

#[test]
fn a_single_risk_is_yellow() {
    let mut h = household();
    h.members[0].work_months = 3;
    let c = run(&h);
    assert_eq!(c.warning.level, WarningLevel::Yellow);
    assert!(c
        .warning
        .reasons
        .iter()
        .any(|r| r.rule == "warning.yellow.single_risk"));
}

#[test]
fn nothing_wrong_is_green_with_a_reason() {
    let c = run(&household());
    assert_eq!(c.warning.level, WarningLevel::Green);
    assert_eq!(c.warning.reasons[0].rule, "warning.green");
}

//! Which category the rules suggest, at and around the line.
use rstest::rstest;
use shouwang_domain::model::{HouseholdType, MonitoredCategory, RiskType};

use super::support::*;

/// A household with a risk (unsafe water) and the given income per person.
fn at_risk(kind: HouseholdType, per_capita_fen: i64) -> shouwang_domain::Household {
    let mut h = household();
    h.household_type = kind;
    h.guarantees.water_unsafe = true;
    h.income.wages = shouwang_domain::Money::from_fen(per_capita_fen * 2);
    h
}

#[rstest]
#[case::one_yuan_below_the_line((LINE - 1) * 100, Some(MonitoredCategory::EdgeAtRisk))]
#[case::one_fen_below_the_line(LINE * 100 - 1, Some(MonitoredCategory::EdgeAtRisk))]
#[case::exactly_at_the_line(LINE * 100, None)]
#[case::one_yuan_above_the_line((LINE + 1) * 100, None)]
fn ordinary_household_with_a_risk_is_edge_only_below_the_line(
    #[case] per_capita_fen: i64,
    #[case] expected: Option<MonitoredCategory>,
) {
    let c = run(&at_risk(HouseholdType::Ordinary, per_capita_fen));
    assert_eq!(c.suggested_category, expected);
}

#[rstest]
#[case(LINE - 1, Some(MonitoredCategory::UnstableFormerlyPoor))]
#[case(LINE, None)]
#[case(LINE + 1, None)]
fn formerly_poor_household_with_a_risk_is_unstable_below_the_line(
    #[case] per_capita: i64,
    #[case] expected: Option<MonitoredCategory>,
) {
    let c = run(&at_risk(HouseholdType::FormerlyPoor, per_capita * 100));
    assert_eq!(c.suggested_category, expected);
}

#[test]
fn income_below_the_line_without_any_risk_is_not_a_category_but_says_why() {
    let c = run(&with_per_capita(household(), yuan(LINE - 1)));
    assert_eq!(c.suggested_category, None);
    assert!(c
        .category_reasons
        .iter()
        .any(|r| r.rule == "category.no_risk"));
}

#[test]
fn large_rigid_spending_above_the_line_is_sudden_hardship() {
    let mut h = household();
    h.members[0].health.serious_illness = true;
    h.income.spending.medical = yuan(25_000);
    h.income.spending.inpatient = yuan(25_000);
    let c = run(&h);
    assert!(c.income.per_capita.unwrap() >= yuan(LINE));
    assert_eq!(
        c.suggested_category,
        Some(MonitoredCategory::SuddenHardship)
    );
    assert_eq!(c.suggested_risks[0].kind, RiskType::Illness);
}

#[rstest]
#[case::half_is_sharp(50, true)]
#[case::just_under_half_is_not(49, false)]
fn sharp_income_drop_above_the_line_with_a_risk_is_sudden_hardship(
    #[case] drop_percent: i64,
    #[case] sudden: bool,
) {
    let mut h = household();
    h.guarantees.water_unsafe = true;
    // Net income 40000 now; previous chosen so the fall is exactly `drop_percent`.
    let previous = 40_000 * 100 / (100 - drop_percent);
    h.income.previous_net = Some(yuan(previous));
    let c = run(&h);
    let expected = sudden.then_some(MonitoredCategory::SuddenHardship);
    assert_eq!(c.suggested_category, expected, "previous {previous}");
}

#[test]
fn near_the_line_with_unstable_work_counts_as_unstable_income() {
    let mut h = with_per_capita(household(), yuan(LINE + 100));
    h.members[0].work_months = 3;
    let c = run(&h);
    assert_eq!(c.suggested_category, Some(MonitoredCategory::EdgeAtRisk));
    assert!(c
        .category_reasons
        .iter()
        .any(|r| r.rule == "income.unstable"));
}

#[test]
fn unstable_work_well_above_the_warning_band_is_not_a_category() {
    let mut h = household();
    h.members[0].work_months = 3;
    let c = run(&h);
    assert!(c
        .suggested_risks
        .iter()
        .any(|r| r.kind == RiskType::UnstableEmployment));
    assert_eq!(c.suggested_category, None);
}

#[test]
fn a_household_with_nobody_counted_gets_no_category_and_no_panic() {
    let mut h = household();
    for m in &mut h.members {
        m.counted = false;
    }
    let c = run(&h);
    assert_eq!(c.income.per_capita, None);
    assert_eq!(c.suggested_category, None);
    assert!(c
        .category_reasons
        .iter()
        .any(|r| r.rule == "category.no_members"));
}

#[test]
fn every_conclusion_names_its_rule_and_numbers_in_both_languages() {
    let c = run(&at_risk(HouseholdType::Ordinary, (LINE - 1) * 100));
    let below = c
        .category_reasons
        .iter()
        .find(|r| r.rule == "income.below_line")
        .unwrap();
    assert!(below.text.zh.contains("7299") && below.text.zh.contains("7300"));
    assert!(below.text.en.contains("7299") && below.text.en.contains("7300"));
    let keys: Vec<&str> = below.figures.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["net_income", "household_size", "per_capita", "line"]);
}

//! The 突发大额刚性支出 triggers, exactly at and one 元 around each threshold.
use rstest::rstest;
use shouwang_domain::model::HouseholdType;
use shouwang_domain::Money;

use super::support::*;

fn hits(h: &shouwang_domain::Household, rule: &str) -> bool {
    rules_hit(&run(h)).contains(&rule)
}

fn monitored(mut h: shouwang_domain::Household, yes: bool) -> shouwang_domain::Household {
    if yes {
        h.household_type = HouseholdType::FormerlyPoor;
    }
    h
}

// The base is 贵州's own rural disposable income (its latest figure in the policy, 2023: 14817):
// others 100% = 14817, monitored 50% = 7408.50; one fen either side.
#[rstest]
#[case::others_at(false, 1_481_700, false)]
#[case::others_one_fen_above(false, 1_481_701, true)]
#[case::others_one_fen_below(false, 1_481_699, false)]
#[case::monitored_at(true, 740_850, false)]
#[case::monitored_one_fen_above(true, 740_851, true)]
#[case::monitored_one_fen_below(true, 740_849, false)]
fn medical_self_pay_above_the_share_of_rural_income(
    #[case] group_monitored: bool,
    #[case] medical_fen: i64,
    #[case] hit: bool,
) {
    let mut h = monitored(household(), group_monitored);
    h.income.spending.medical = Money::from_fen(medical_fen);
    assert_eq!(hits(&h, "rigid.medical_share"), hit);
}

#[rstest]
#[case::others_below(false, 19_999, false)]
#[case::others_at(false, 20_000, true)]
#[case::others_above(false, 20_001, true)]
#[case::monitored_below(true, 4_999, false)]
#[case::monitored_at(true, 5_000, true)]
#[case::monitored_above(true, 5_001, true)]
fn inpatient_self_pay_at_or_above_the_yearly_amount(
    #[case] group_monitored: bool,
    #[case] inpatient: i64,
    #[case] hit: bool,
) {
    let mut h = monitored(household(), group_monitored);
    h.income.spending.inpatient = yuan(inpatient);
    assert_eq!(hits(&h, "rigid.inpatient_yearly"), hit);
}

#[rstest]
#[case::others_below(false, 9_999, false)]
#[case::others_at(false, 10_000, false)]
#[case::others_above(false, 10_001, true)]
#[case::monitored_below(true, 5_999, false)]
#[case::monitored_at(true, 6_000, false)]
#[case::monitored_above(true, 6_001, true)]
fn single_stay_above_the_amount(
    #[case] group_monitored: bool,
    #[case] stay: i64,
    #[case] hit: bool,
) {
    let mut h = monitored(household(), group_monitored);
    h.income.spending.largest_single_stay = yuan(stay);
    assert_eq!(hits(&h, "rigid.single_stay"), hit);
}

#[rstest]
#[case::below(9_999, false)]
#[case::at(10_000, false)]
#[case::above(10_001, true)]
fn non_compulsory_schooling_above_ten_thousand(#[case] education: i64, #[case] hit: bool) {
    let mut h = household();
    h.income.spending.education = yuan(education);
    assert_eq!(hits(&h, "rigid.schooling_yearly"), hit);
}

/// Net 40000 for 2 people; spending brings the per-person figure to the line ± 1 元.
#[rstest]
#[case::one_yuan_below_the_line(LINE - 1, true)]
#[case::at_the_line(LINE, false)]
#[case::one_yuan_above_the_line(LINE + 1, false)]
fn income_after_rigid_spending_below_the_line(#[case] after_per_capita: i64, #[case] hit: bool) {
    let mut h = household();
    h.income.spending.medical = yuan(40_000 - after_per_capita * 2);
    let c = run(&h);
    assert_eq!(
        c.income.after_rigid_per_capita,
        Some(yuan(after_per_capita))
    );
    assert_eq!(rules_hit(&c).contains(&"rigid.after_rigid_below_line"), hit);
}

#[test]
fn insurance_claims_are_added_back_after_rigid_spending() {
    let mut h = household();
    h.income.spending.medical = yuan(30_000);
    h.income.insurance_claims = yuan(6_000);
    let c = run(&h);
    assert_eq!(c.income.after_rigid_net, yuan(40_000 - 30_000 + 6_000));
    assert_eq!(c.income.after_rigid_per_capita, Some(yuan(8_000)));
}

#[test]
fn a_household_with_no_spending_hits_no_trigger() {
    assert!(run(&household()).triggers.is_empty());
}

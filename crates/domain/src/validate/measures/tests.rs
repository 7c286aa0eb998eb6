use rstest::rstest;

use crate::model::Relation;
use crate::validate::fixture::*;
use crate::validate::Severity;
use crate::Money;

#[test]
fn a_measure_ending_before_it_starts_is_an_error() {
    let mut h = household();
    h.measures[0].end = Some(date("2026-10-24"));
    only(
        &h,
        "measures[0].end",
        "measures.end_before_start",
        Severity::Error,
    );
}

#[test]
fn a_measure_ending_the_day_it_starts_is_fine() {
    let mut h = household();
    h.measures[0].end = Some(h.measures[0].start);
    assert_eq!(found(&h), vec![]);
}

#[test]
fn a_negative_amount_is_an_error() {
    let mut h = household();
    h.measures[0].amount = Some(Money::from_fen(-1));
    only(
        &h,
        "measures[0].amount",
        "measures.amount_negative",
        Severity::Error,
    );
}

#[rstest]
#[case(50_000, None)]
#[case(50_001, Some("microcredit.amount_over_limit"))]
fn a_microcredit_loan_above_the_limit_is_a_warning(#[case] yuan: i64, #[case] code: Option<&str>) {
    let mut h = household();
    h.measures.push(loan(yuan, "2026-11-01", "2029-11-01"));
    match code {
        Some(code) => {
            let p = only(&h, "measures[1].amount", code, Severity::Warning);
            assert!(p.message.zh.contains("50000"), "{}", p.message.zh);
        }
        None => assert_eq!(found(&h), vec![]),
    }
}

#[rstest]
#[case("2029-11-01", false)]
#[case("2029-11-02", true)]
fn a_microcredit_loan_longer_than_the_limit_is_a_warning(#[case] end: &str, #[case] warned: bool) {
    let mut h = household();
    h.measures.push(loan(10_000, "2026-11-01", end));
    if warned {
        only(
            &h,
            "measures[1].end",
            "microcredit.term_over_limit",
            Severity::Warning,
        );
    } else {
        assert_eq!(found(&h), vec![]);
    }
}

#[test]
fn microcredit_limits_come_from_the_policy() {
    let mut rules = rules();
    rules.microcredit.max_amount = Money::yuan(100_000);
    rules.microcredit.max_years = 5;
    let mut h = household();
    h.measures.push(loan(80_000, "2026-11-01", "2030-11-01"));
    assert_eq!(crate::validate::validate(&h, &rules, today()), vec![]);
}

#[test]
fn microcredit_for_a_household_without_a_member_of_borrowing_age_is_a_warning() {
    let mut h = household();
    h.members.truncate(1);
    let m = &mut h.members[0];
    m.relation = Relation::Head;
    m.id_number = id18("1950-01-01", 11);
    m.birth_date = Some(date("1950-01-01"));
    m.work_place.clear();
    m.work_months = 0;
    assert_eq!(found(&h), vec![]);
    h.measures.push(loan(10_000, "2026-11-01", "2027-11-01"));
    only(
        &h,
        "measures[1].type",
        "microcredit.no_eligible_borrower",
        Severity::Warning,
    );
}

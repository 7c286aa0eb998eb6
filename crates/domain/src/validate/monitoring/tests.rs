use rstest::rstest;

use crate::model::{DisasterKind, Exit, ExitMode, Risk, RiskType};
use crate::validate::fixture::*;
use crate::validate::Severity;

fn risk(kind: RiskType) -> Risk {
    Risk {
        kind,
        disaster_kind: None,
        resolved_on: None,
    }
}

#[test]
fn more_than_five_risks_is_an_error() {
    let mut h = household();
    h.monitoring.risks = [
        RiskType::Illness,
        RiskType::Disability,
        RiskType::Schooling,
        RiskType::Accident,
        RiskType::LackOfLabour,
    ]
    .map(risk)
    .to_vec();
    assert_eq!(found(&h), vec![]);
    h.monitoring.risks.push(risk(RiskType::Other));
    only(&h, "monitoring.risks", "risks.too_many", Severity::Error);
}

#[test]
fn the_same_risk_twice_is_an_error() {
    let mut h = household();
    h.monitoring.risks.push(risk(RiskType::Illness));
    h.monitoring.risks.push(risk(RiskType::UnstableEmployment));
    let p = only(
        &h,
        "monitoring.risks[2].type",
        "risks.duplicate",
        Severity::Error,
    );
    assert!(p.message.zh.contains("因务工就业不稳"), "{}", p.message.zh);
}

#[test]
fn a_natural_disaster_needs_its_kind() {
    let mut h = household();
    h.monitoring.risks[0] = risk(RiskType::NaturalDisaster);
    only(
        &h,
        "monitoring.risks[0].disaster_kind",
        "risks.disaster_kind_missing",
        Severity::Error,
    );
    h.monitoring.risks[0].disaster_kind = Some(DisasterKind::Flood);
    assert_eq!(found(&h), vec![]);
}

#[test]
fn a_disaster_kind_on_another_risk_is_a_warning() {
    let mut h = household();
    h.monitoring.risks[0].disaster_kind = Some(DisasterKind::Drought);
    only(
        &h,
        "monitoring.risks[0].disaster_kind",
        "risks.disaster_kind_unexpected",
        Severity::Warning,
    );
}

#[test]
fn a_risk_resolved_in_the_future_is_an_error() {
    let mut h = household();
    h.monitoring.risks[0].resolved_on = Some(date("2026-12-01"));
    only(
        &h,
        "monitoring.risks[0].resolved_on",
        "date.future",
        Severity::Error,
    );
}

#[rstest]
#[case("home_check", "2026-09-30")]
#[case("village_review", "2026-10-02")]
#[case("publicity_start", "2026-10-05")]
#[case("publicity_end", "2026-10-06")]
#[case("township_check", "2026-10-11")]
#[case("county_approval", "2026-10-14")]
fn a_procedure_step_before_the_previous_one_is_an_error(#[case] step: &str, #[case] day: &str) {
    let mut h = household();
    let p = &mut h.monitoring.procedure;
    let d = Some(date(day));
    match step {
        "home_check" => p.home_check = d,
        "village_review" => p.village_review = d,
        "publicity_start" => p.publicity_start = d,
        "publicity_end" => p.publicity_end = d,
        "township_check" => p.township_check = d,
        _ => p.county_approval = d,
    }
    let problem = only(
        &h,
        &format!("monitoring.procedure.{step}"),
        "procedure.order",
        Severity::Error,
    );
    assert!(
        problem.message.zh.contains("早于"),
        "{}",
        problem.message.zh
    );
}

#[test]
fn steps_not_yet_done_are_skipped_in_the_order() {
    let mut h = household();
    let p = &mut h.monitoring.procedure;
    p.village_review = None;
    p.publicity_start = None;
    p.publicity_end = None;
    assert_eq!(found(&h), vec![]);
    h.monitoring.procedure.township_check = Some(date("2026-10-02"));
    only(
        &h,
        "monitoring.procedure.township_check",
        "procedure.order",
        Severity::Error,
    );
}

#[test]
fn one_mistyped_date_is_reported_once() {
    let mut h = household();
    h.monitoring.procedure.home_check = Some(date("2026-10-30"));
    only(
        &h,
        "monitoring.procedure.village_review",
        "procedure.order",
        Severity::Error,
    );
}

#[test]
fn a_procedure_date_in_the_future_is_an_error() {
    let mut h = household();
    let p = &mut h.monitoring.procedure;
    p.township_check = None;
    p.county_approval = Some(date("2026-11-30"));
    h.monitoring.identified_on = None;
    only(
        &h,
        "monitoring.procedure.county_approval",
        "date.future",
        Severity::Error,
    );
}

#[test]
fn identification_in_the_future_is_an_error() {
    let mut h = household();
    h.monitoring.identified_on = Some(date("2027-01-01"));
    only(
        &h,
        "monitoring.identified_on",
        "date.future",
        Severity::Error,
    );
}

#[rstest]
#[case("2026-10-20", None)]
#[case("2026-10-19", Some(("exit.before_identification", Severity::Error)))]
#[case("2026-11-30", Some(("date.future", Severity::Error)))]
fn an_exit_comes_after_identification_and_not_after_today(
    #[case] day: &str,
    #[case] expected: Option<(&str, Severity)>,
) {
    let mut h = household();
    h.monitoring.exit = Some(Exit {
        mode: ExitMode::AfterAssistance,
        date: date(day),
    });
    match expected {
        Some((code, severity)) => {
            only(&h, "monitoring.exit.date", code, severity);
        }
        None => assert_eq!(found(&h), vec![]),
    }
}

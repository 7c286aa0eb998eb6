//! The remaining edges of issue 15: money sums that would overflow, a stale income window,
//! an exit's measures per exit mode, and 先帮后评.
use rstest::rstest;
use shouwang_domain::model::{ExitMode, RiskType};
use shouwang_domain::office::start_exit;
use shouwang_domain::{validate, Money, Policy};

use super::exit::eligible;
use super::support::*;

fn problems(h: &shouwang_domain::Household) -> Vec<(String, String)> {
    let rules = Policy::builtin()
        .resolve(h.area.parsed_code().as_ref(), 2026)
        .rules;
    validate(h, &rules, today())
        .into_iter()
        .map(|p| (p.field, p.code))
        .collect()
}

// ---- money ----

/// Two incomes whose sum passes the range of fen: an error at the field that overflows, and the
/// classification says its figures cannot be trusted instead of showing a saturated sum.
#[rstest]
#[case::wages_plus_business("income.business")]
#[case::spending_parts("income.spending.education")]
fn a_sum_that_would_overflow_is_an_error_at_the_field(#[case] field: &str) {
    let mut h = household();
    let big = Money::from_fen(i64::MAX / 2 + 1);
    if field == "income.business" {
        h.income.wages = big;
        h.income.business = big;
    } else {
        h.income.spending.medical = big;
        h.income.spending.inpatient = Money::ZERO;
        h.income.spending.education = big;
    }
    let found = problems(&h);
    assert!(
        found.contains(&(field.to_string(), "income.out_of_range".to_string())),
        "{found:?}"
    );
    let c = run(&h);
    assert!(c.income.out_of_range);
    assert!(c.notes.iter().any(|n| n.rule == "income.out_of_range"));
}

#[test]
fn the_largest_sums_that_fit_are_fine() {
    let mut h = household();
    h.income.wages = Money::from_fen(i64::MAX / 2);
    h.income.business = Money::from_fen(i64::MAX / 2);
    assert!(!problems(&h).iter().any(|(_, c)| c == "income.out_of_range"));
    assert!(!run(&h).income.out_of_range);
}

// ---- the income window ----

/// The period ended on `end`; assessed on 2026-11-29, stale after 12 months.
#[rstest]
#[case::twelve_months_and_a_day("2025-11-28", true)]
#[case::exactly_twelve_months("2025-11-29", false)]
#[case::recent("2026-10-31", false)]
fn an_income_period_ended_more_than_twelve_months_ago_is_stale(
    #[case] end: &str,
    #[case] stale: bool,
) {
    let mut h = household();
    h.income.period_end = Some(date(end));
    h.income.period_start = date(end)
        .checked_sub_months(chrono::Months::new(12))
        .map(|d| d.succ_opt().unwrap());
    let c = run(&h);
    assert_eq!(finding_rules(&c).contains(&"income.stale"), stale);
}

// ---- exit modes ----

#[test]
fn natural_elimination_needs_no_measure_but_elimination_after_assistance_does() {
    let policy = Policy::builtin();
    let mut h = eligible();
    h.measures[0].implemented = false;
    let natural = start_exit(&h, ExitMode::Natural, today(), "r", &policy, today());
    assert!(natural.is_ok(), "{natural:?}");
    let refused = start_exit(
        &h,
        ExitMode::AfterAssistance,
        today(),
        "r",
        &policy,
        today(),
    )
    .unwrap_err();
    let rules: Vec<&str> = refused.unmet.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(rules, ["exit.measures_implemented"]);
    assert!(refused.unmet[0].text.zh.contains("帮扶消除至少须 1 项"));
}

// ---- 先帮后评 ----

#[test]
fn help_first_is_recorded_for_a_disaster_case_and_shown_as_such() {
    let mut h = household();
    let mut r = risk(RiskType::NaturalDisaster);
    r.disaster_kind = Some(shouwang_domain::model::DisasterKind::Flood);
    h.monitoring.risks.push(r);
    h.monitoring.procedure.lead_found = Some(date("2026-11-20"));
    h.monitoring.procedure.help_first = true;
    h.measures.push(measure(
        shouwang_domain::model::MeasureType::SocialSecurity,
        true,
    ));
    assert!(!problems(&h)
        .iter()
        .any(|(f, _)| f == "monitoring.procedure.help_first"));
    let c = run(&h);
    assert!(c.procedure.help_first);
    let text = shouwang_domain::classify::explain(&h, &c, shouwang_domain::text::Lang::Zh);
    assert!(
        text.contains("先帮后评：识别认定前已先行落实帮扶措施"),
        "{text}"
    );
}

#[test]
fn help_first_without_its_risk_or_where_the_policy_forbids_it_is_an_error() {
    let mut h = household();
    h.monitoring.procedure.help_first = true;
    let want = (
        "monitoring.procedure.help_first".to_string(),
        "procedure.help_first_not_allowed".to_string(),
    );
    assert!(problems(&h).contains(&want));
    h.monitoring.risks.push(risk(RiskType::Accident));
    assert!(!problems(&h).contains(&want));
    let text = shouwang_domain::policy::BUILTIN_POLICY.replace(
        r#""help_first": { "allowed": true"#,
        r#""help_first": { "allowed": false"#,
    );
    let rules = Policy::from_json("h.json", &text)
        .unwrap()
        .resolve(None, 2026)
        .rules;
    let found = validate(&h, &rules, today());
    assert!(found
        .iter()
        .any(|p| p.code == "procedure.help_first_not_allowed"));
}

#[test]
fn records_without_the_new_fields_read_and_write_unchanged() {
    let h = household();
    let json = serde_json::to_string(&h).unwrap();
    for key in [
        "help_first",
        "local_category",
        "assistance",
        "disaster",
        "accident",
    ] {
        assert!(
            !json.contains(&format!("\"{key}\"")),
            "{key} written while empty"
        );
    }
}

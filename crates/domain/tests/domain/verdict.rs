//! Issue 15's edge cases as a township reviewer judges them: a candidate always has a reason, and
//! the verdict (suggested category) and the warning colour never contradict each other.
use rstest::rstest;
use shouwang_domain::classify::WarningLevel;
use shouwang_domain::model::{HousingGrade, MonitoredCategory, RiskType};
use shouwang_domain::Money;

use super::support::*;

fn conclusion(c: &shouwang_domain::Classification) -> &str {
    c.category_reasons.last().map_or("", |r| r.rule.as_str())
}

/// Net 22600 for 2 people (11300 each, above the line of 7300); non-compulsory school fees of
/// about 8000, below the 10000 schooling trigger, bring income after rigid spending to the line
/// ± 1 fen.
#[rstest]
#[case::one_fen_under_the_line(LINE * 100 - 1, true)]
#[case::at_the_line(LINE * 100, false)]
#[case::one_fen_over_the_line(LINE * 100 + 1, false)]
fn school_fees_under_the_schooling_trigger_that_sink_income_make_a_schooling_candidate(
    #[case] after_fen: i64,
    #[case] candidate: bool,
) {
    let mut h = household();
    h.income.wages = yuan(22_600);
    h.income.spending.education = Money::from_fen(2_260_000 - after_fen * 2);
    assert!(
        h.income.spending.education < yuan(10_000),
        "below the fixed trigger"
    );
    let c = run(&h);
    assert_eq!(
        c.income.after_rigid_per_capita,
        Some(Money::from_fen(after_fen))
    );
    if candidate {
        assert_eq!(
            c.suggested_category,
            Some(MonitoredCategory::SuddenHardship)
        );
        assert_eq!(risk_kinds(&c), [RiskType::Schooling]);
        let why = &c.suggested_risks[0].reasons[0];
        assert_eq!(why.rule, "risk.after_rigid_spending");
        assert!(why.text.zh.contains("教育刚性支出"), "{}", why.text.zh);
        assert_eq!(c.warning.level, WarningLevel::Red);
        assert!(c.warning.relation.text.zh.contains("结论与预警一致"));
    } else {
        assert_eq!(c.suggested_category, None);
        assert!(c.suggested_risks.is_empty());
        assert_eq!(c.warning.level, WarningLevel::Green);
    }
}

#[test]
fn the_spending_that_put_income_under_the_line_is_the_risk_carried_not_every_part() {
    let mut h = household();
    h.income.spending.medical = yuan(30_000); // decisive: without it, 19500 each
    h.income.spending.education = yuan(1_000); // not decisive: without it, 4500 each
    let c = run(&h);
    let after: Vec<_> = c
        .suggested_risks
        .iter()
        .filter(|r| {
            r.reasons
                .iter()
                .any(|x| x.rule == "risk.after_rigid_spending")
        })
        .map(|r| r.kind)
        .collect();
    assert_eq!(after, [RiskType::Illness]);
}

#[test]
fn disaster_and_accident_spending_count_as_rigid_spending_and_carry_their_risk() {
    let mut h = household();
    h.income.spending.disaster = yuan(30_000);
    let c = run(&h);
    assert_eq!(c.income.rigid_spending, yuan(30_000));
    assert_eq!(risk_kinds(&c), [RiskType::NaturalDisaster]);
    assert_eq!(
        c.suggested_category,
        Some(MonitoredCategory::SuddenHardship)
    );
    let mut h = household();
    h.income.spending.accident = yuan(30_000);
    assert_eq!(risk_kinds(&run(&h)), [RiskType::Accident]);
}

#[test]
fn two_risks_above_the_line_are_yellow_not_green() {
    let mut h = household();
    h.members[0].work_months = 3; // unstable employment
    h.monitoring.risks.push(risk(RiskType::BusinessFailure));
    let c = run(&h);
    assert_eq!(c.suggested_risks.len(), 2);
    assert_eq!(c.suggested_category, None);
    assert_eq!(c.warning.level, WarningLevel::Yellow);
    assert_eq!(c.warning.reasons[0].rule, "warning.yellow.risks");
    assert_eq!(conclusion(&c), "category.risk_without_income_problem");
    assert!(c.warning.relation.text.zh.contains("继续关注"));
}

#[rstest]
#[case::grade_d(HousingGrade::D, WarningLevel::Red)]
#[case::grade_c(HousingGrade::C, WarningLevel::Red)]
#[case::grade_b(HousingGrade::B, WarningLevel::Green)]
fn a_dangerous_house_is_red_even_with_the_flag_unticked(
    #[case] grade: HousingGrade,
    #[case] level: WarningLevel,
) {
    let mut h = household();
    h.housing_grade = Some(grade);
    h.guarantees.housing_unsafe = false;
    let c = run(&h);
    assert_eq!(c.warning.level, level);
    if level == WarningLevel::Red {
        assert_eq!(conclusion(&c), "category.guarantee_gap");
        assert!(c.warning.relation.text.zh.contains("不是纳入结论"));
    }
}

#[test]
fn income_under_the_line_with_no_risk_asks_for_a_check_in_both_verdict_and_warning() {
    let c = run(&with_per_capita(household(), yuan(LINE - 1)));
    assert_eq!(c.suggested_category, None);
    assert_eq!(conclusion(&c), "category.no_risk");
    assert_eq!(c.warning.level, WarningLevel::Red);
    assert!(c.warning.relation.text.zh.contains("核实"));
}

#[test]
fn the_explanation_states_how_verdict_and_warning_relate() {
    let mut h = household();
    h.income.spending.education = yuan(8_000);
    h.income.wages = yuan(20_000);
    let c = run(&h);
    let text = shouwang_domain::classify::explain(&h, &c, shouwang_domain::text::Lang::Zh);
    assert!(
        text.contains("= 研判结论建议纳入「突发严重困难户」"),
        "{text}"
    );
    assert!(
        text.contains("对象口径: 防止返贫致贫对象（2026-01-01 起施行）"),
        "{text}"
    );
}

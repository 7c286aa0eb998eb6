//! 收入 and 合规自付支出: amounts that cannot be negative, parts not larger than their whole, and an
//! income window of about a year.
use chrono::{Datelike, NaiveDate};

use super::{future_date, name, Problem};
use crate::model::Income;
use crate::{text, Money, Rules};

/// An income window this many days long, give or take [`WINDOW_SLACK_DAYS`], is a year.
const YEAR_DAYS: i64 = 365;
const WINDOW_SLACK_DAYS: i64 = 15;

pub(super) fn check(income: &Income, rules: &Rules, today: NaiveDate, out: &mut Vec<Problem>) {
    let amounts = [
        ("income.wages", income.wages),
        ("income.business", income.business),
        ("income.property", income.property),
        ("income.transfers", income.transfers),
        ("income.production_costs", income.production_costs),
        ("income.insurance_claims", income.insurance_claims),
        ("income.spending.medical", income.spending.medical),
        ("income.spending.inpatient", income.spending.inpatient),
        (
            "income.spending.largest_single_stay",
            income.spending.largest_single_stay,
        ),
        ("income.spending.education", income.spending.education),
        ("income.spending.disaster", income.spending.disaster),
        ("income.spending.accident", income.spending.accident),
    ];
    for (path, amount) in amounts {
        if amount.is_negative() {
            out.push(negative(path, amount));
        }
    }
    if let Err(path) = income.checked_sums() {
        let n = name(path);
        let (zh, en) = (&n.zh, &n.en);
        out.push(Problem::error(
            path,
            "income.out_of_range",
            text!(
                "{zh}使收入或支出合计超出可计算的金额范围，请核对金额（是否多输了位数）",
                "{en} makes a sum of income or spending pass the range of amounts that can be computed; check the amount (extra digits?)"
            ),
        ));
    }
    let s = &income.spending;
    if s.inpatient > s.medical {
        let (part, whole) = (s.inpatient, s.medical);
        out.push(Problem::error(
            "income.spending.inpatient",
            "income.inpatient_over_medical",
            text!(
                "住院合规自付支出 {part} 元大于医疗合规自付支出 {whole} 元；住院是医疗的一部分，请核对",
                "Inpatient out-of-pocket spending ({part} yuan) exceeds medical out-of-pocket spending ({whole} yuan), of which it is a part; check both"
            ),
        ));
    }
    if s.largest_single_stay > s.inpatient {
        let (part, whole) = (s.largest_single_stay, s.inpatient);
        out.push(Problem::error(
            "income.spending.largest_single_stay",
            "income.single_stay_over_inpatient",
            text!(
                "单次住院最高自付支出 {part} 元大于全年住院合规自付支出 {whole} 元，请核对",
                "The largest single stay ({part} yuan) exceeds the year's inpatient out-of-pocket spending ({whole} yuan); check both"
            ),
        ));
    }
    check_period(income, rules, out);
    if let Some(p) = income
        .stable_since
        .and_then(|d| future_date("income.stable_since", d, today))
    {
        out.push(p);
    }
}

fn negative(path: &str, amount: Money) -> Problem {
    let n = name(path);
    let (zh, en) = (&n.zh, &n.en);
    Problem::error(
        path,
        "income.negative",
        text!(
            "{zh}不能为负数（现为 {amount} 元），亏损请计入生产经营性支出",
            "{en} cannot be negative ({amount} yuan); record losses as production costs"
        ),
    )
}

/// The income window: both ends, in order, about a year, starting on the policy's month when the
/// policy uses a fixed income year.
fn check_period(income: &Income, rules: &Rules, out: &mut Vec<Problem>) {
    let (start, end) = match (income.period_start, income.period_end) {
        (Some(start), Some(end)) => (start, end),
        (None, None) => return,
        (Some(_), None) => {
            out.push(incomplete("income.period_end"));
            return;
        }
        (None, Some(_)) => {
            out.push(incomplete("income.period_start"));
            return;
        }
    };
    if start > end {
        out.push(Problem::error(
            "income.period_end",
            "income.period_order",
            text!(
                "收入截止日期 {end} 早于起始日期 {start}，请核对",
                "The income period ends ({end}) before it starts ({start}); check the dates"
            ),
        ));
        return;
    }
    let days = (end - start).num_days() + 1;
    if (days - YEAR_DAYS).abs() > WINDOW_SLACK_DAYS {
        out.push(Problem::warning(
            "income.period_end",
            "income.period_length",
            text!(
                "收入时段 {start} 至 {end} 共 {days} 天，应约为一年（12 个月），请核对",
                "The income period {start} to {end} is {days} days long; it should cover about a year (12 months)"
            ),
        ));
    }
    if let Some(month) = rules.income.fixed_year_start_month {
        if start.day() != 1 || start.month() != u32::from(month) {
            out.push(Problem::warning(
                "income.period_start",
                "income.period_start_month",
                text!(
                    "本地收入年度从每年 {month} 月 1 日开始，收入起始日期 {start} 不符，请核对",
                    "The local income year starts on the 1st of month {month}; the income period starts on {start}; check it"
                ),
            ));
        }
    }
}

fn incomplete(path: &str) -> Problem {
    let n = name(path);
    let (zh, en) = (&n.zh, &n.en);
    Problem::warning(
        path,
        "income.period_incomplete",
        text!(
            "请填写{zh}，收入应按完整的一年时段统计",
            "Enter the {en}: income is counted over a whole year"
        ),
    )
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::validate::fixture::*;
    use crate::validate::Severity;
    use crate::Money;

    #[rstest]
    #[case(
        "income.wages",
        "工资性收入不能为负数",
        "Wage income cannot be negative"
    )]
    #[case(
        "income.business",
        "生产经营性收入不能为负数",
        "Business income cannot be negative"
    )]
    #[case(
        "income.property",
        "财产性收入不能为负数",
        "Property income cannot be negative"
    )]
    #[case(
        "income.transfers",
        "转移性收入不能为负数",
        "Transfer income cannot be negative"
    )]
    #[case(
        "income.production_costs",
        "生产经营性支出不能为负数",
        "Production costs cannot"
    )]
    #[case(
        "income.insurance_claims",
        "理赔收入不能为负数",
        "Insurance claims cannot"
    )]
    #[case(
        "income.spending.education",
        "教育合规自付支出不能为负数",
        "Education out-of-pocket"
    )]
    fn negative_income_is_an_error_naming_the_field(
        #[case] path: &str,
        #[case] zh: &str,
        #[case] en: &str,
    ) {
        let mut h = household();
        let i = &mut h.income;
        let minus = Money::from_fen(-1);
        match path {
            "income.wages" => i.wages = minus,
            "income.business" => i.business = minus,
            "income.property" => i.property = minus,
            "income.transfers" => i.transfers = minus,
            "income.production_costs" => i.production_costs = minus,
            "income.insurance_claims" => i.insurance_claims = minus,
            _ => i.spending.education = minus,
        }
        let p = only(&h, path, "income.negative", Severity::Error);
        assert!(p.message.zh.starts_with(zh), "{}", p.message.zh);
        assert!(p.message.en.starts_with(en), "{}", p.message.en);
    }

    #[test]
    fn negative_medical_spending_is_reported_with_its_parts() {
        let mut h = household();
        h.income.spending.medical = Money::yuan(-1);
        h.income.spending.inpatient = Money::yuan(-1);
        h.income.spending.largest_single_stay = Money::yuan(-1);
        let all = found(&h);
        assert_eq!(
            all,
            vec![
                ("income.spending.medical".into(), "income.negative".into()),
                ("income.spending.inpatient".into(), "income.negative".into()),
                (
                    "income.spending.largest_single_stay".into(),
                    "income.negative".into()
                ),
            ]
        );
    }

    #[rstest]
    #[case(3_000, 3_000, 1_500, None)]
    #[case(3_000, 3_001, 1_500, Some(("income.spending.inpatient", "income.inpatient_over_medical")))]
    #[case(3_000, 2_000, 2_001, Some(("income.spending.largest_single_stay", "income.single_stay_over_inpatient")))]
    fn spending_parts_are_not_larger_than_their_whole(
        #[case] medical: i64,
        #[case] inpatient: i64,
        #[case] single: i64,
        #[case] expected: Option<(&str, &str)>,
    ) {
        let mut h = household();
        let s = &mut h.income.spending;
        s.medical = Money::yuan(medical);
        s.inpatient = Money::yuan(inpatient);
        s.largest_single_stay = Money::yuan(single);
        match expected {
            Some((field, code)) => {
                only(&h, field, code, Severity::Error);
            }
            None => assert_eq!(found(&h), vec![]),
        }
    }

    #[test]
    fn an_income_period_ending_before_it_starts_is_an_error() {
        let mut h = household();
        h.income.period_end = Some(date("2025-10-31"));
        only(
            &h,
            "income.period_end",
            "income.period_order",
            Severity::Error,
        );
    }

    #[rstest]
    #[case("2025-11-01", "2026-10-31", false)]
    #[case("2023-10-01", "2024-09-30", false)]
    #[case("2025-11-16", "2026-10-31", false)]
    #[case("2025-11-17", "2026-10-31", true)]
    #[case("2025-11-01", "2026-04-30", true)]
    #[case("2024-11-01", "2026-10-31", true)]
    fn an_income_period_of_about_a_year_is_expected(
        #[case] start: &str,
        #[case] end: &str,
        #[case] warned: bool,
    ) {
        let mut h = household();
        h.income.period_start = Some(date(start));
        h.income.period_end = Some(date(end));
        if warned {
            only(
                &h,
                "income.period_end",
                "income.period_length",
                Severity::Warning,
            );
        } else {
            assert_eq!(found(&h), vec![]);
        }
    }

    #[test]
    fn a_half_entered_income_period_is_a_warning() {
        let mut h = household();
        h.income.period_end = None;
        only(
            &h,
            "income.period_end",
            "income.period_incomplete",
            Severity::Warning,
        );
        h.income.period_start = None;
        assert_eq!(found(&h), vec![]);
    }

    #[test]
    fn a_fixed_income_year_must_start_on_its_month() {
        let mut rules = rules();
        rules.income.fixed_year_start_month = Some(10);
        let mut h = household();
        let codes = |h: &crate::Household| {
            crate::validate::validate(h, &rules, today())
                .into_iter()
                .map(|p| (p.field, p.code))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&h),
            vec![(
                "income.period_start".to_string(),
                "income.period_start_month".to_string()
            )]
        );
        h.income.period_start = Some(date("2025-10-01"));
        h.income.period_end = Some(date("2026-09-30"));
        assert_eq!(codes(&h), vec![]);
    }

    #[test]
    fn income_stable_since_a_future_date_is_an_error() {
        let mut h = household();
        h.income.stable_since = Some(date("2026-11-30"));
        only(&h, "income.stable_since", "date.future", Severity::Error);
    }
}

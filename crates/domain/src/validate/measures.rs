//! 帮扶措施: dates in order, amounts not negative, and 小额信贷 within the policy's limits.
use super::Problem;
use crate::model::{Household, Measure, MeasureType};
use crate::{text, Rules};

pub(super) fn check(
    h: &Household,
    rules: &Rules,
    today: chrono::NaiveDate,
    out: &mut Vec<Problem>,
) {
    for (i, m) in h.measures.iter().enumerate() {
        let field = |f: &str| format!("measures[{i}].{f}");
        if let Some(end) = m.end.filter(|end| *end < m.start) {
            let start = m.start;
            out.push(Problem::error(
                field("end"),
                "measures.end_before_start",
                text!(
                    "结束时间 {end} 早于开始时间 {start}，请核对",
                    "The measure ends ({end}) before it starts ({start}); check the dates"
                ),
            ));
        }
        if let Some(amount) = m.amount.filter(|a| a.is_negative()) {
            out.push(Problem::error(
                field("amount"),
                "measures.amount_negative",
                text!(
                    "金额不能为负数（现为 {amount} 元）",
                    "The amount cannot be negative ({amount} yuan)"
                ),
            ));
        }
        if m.kind == MeasureType::Finance {
            check_microcredit(h, m, rules, today, &field, out);
        }
    }
}

/// 小额信贷: at most the policy's amount and term, to a household with a member of borrowing age.
/// Provinces sometimes allow more, so these are warnings.
fn check_microcredit(
    h: &Household,
    m: &Measure,
    rules: &Rules,
    today: chrono::NaiveDate,
    field: &dyn Fn(&str) -> String,
    out: &mut Vec<Problem>,
) {
    let limits = &rules.microcredit;
    if let Some(amount) = m.amount.filter(|a| *a > limits.max_amount) {
        let max = limits.max_amount;
        out.push(Problem::warning(
            field("amount"),
            "microcredit.amount_over_limit",
            text!(
                "小额信贷金额 {amount} 元超过上限 {max} 元，请核对",
                "The microcredit amount of {amount} yuan exceeds the limit of {max} yuan; check it"
            ),
        ));
    }
    let years = limits.max_years;
    let latest_end = m
        .start
        .checked_add_months(chrono::Months::new(years.saturating_mul(12)));
    if let (Some(end), Some(latest)) = (m.end, latest_end) {
        if end > latest {
            out.push(Problem::warning(
                field("end"),
                "microcredit.term_over_limit",
                text!(
                    "小额信贷期限超过 {years} 年（应不晚于 {latest} 结束），请核对",
                    "The microcredit term is longer than {years} years (it should end by {latest}); check it"
                ),
            ));
        }
    }
    let ages = limits.borrower_age_min..=limits.borrower_age_max;
    let known: Vec<u32> = h
        .members
        .iter()
        .filter_map(|member| member.age_on(m.start.min(today)))
        .collect();
    if known.len() == h.members.len() && !known.iter().any(|a| ages.contains(a)) {
        let (min, max) = (limits.borrower_age_min, limits.borrower_age_max);
        out.push(Problem::warning(
            field("type"),
            "microcredit.no_eligible_borrower",
            text!(
                "小额信贷借款人应为 {min}–{max} 岁，该户没有这个年龄的成员，请核对",
                "A microcredit borrower is aged {min} to {max}, and no member of this household is; check the measure"
            ),
        ));
    }
}

#[cfg(test)]
mod tests;

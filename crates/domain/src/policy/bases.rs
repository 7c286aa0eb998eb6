//! The base of the medical-share trigger (DOMAIN.md §5): last year's rural per-capita disposable
//! income (农村居民人均可支配收入) of the household's province, per year, as published in each
//! province's statistical bulletin.
//!
//! The policy's `rural_income` table holds one figure per area prefix (2 digits for a province;
//! an empty prefix for the national figure) and statistical year, with its source. A village
//! assessed in year Y takes its deepest area's figure for Y − 1; when that year is missing, the
//! latest earlier one, with a warning; when its province has none, the national figure, flagged
//! as a fallback; and when the table has no national figure either, the national rules'
//! `rural_disposable_income`, flagged the same way.
use serde::{Deserialize, Serialize};

use crate::{text, Money, Text};

/// One published figure.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncomeBaseEntry {
    /// 2, 4, 6, 9 or 12 digits; empty for the national figure.
    pub prefix: String,
    pub name: String,
    /// The statistical year the figure is for.
    pub year: i32,
    pub amount: Money,
    pub source: String,
}

/// The base in force for one area and assessment year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeBase {
    pub amount: Money,
    /// Whose figure: "贵州省", "全国".
    pub name: String,
    /// Its statistical year (0 for the national rules' figure, which has none).
    pub year: i32,
    pub source: String,
    /// Not the province's own figure: the national one stands in.
    pub fallback: bool,
    /// What a reviewer should know: a fallback, or a figure older than last year's.
    pub warning: Option<Text>,
}

/// The base for a village with area-code `prefixes` (shallow to deep) assessed in `year`.
pub(super) fn income_base(
    table: &[IncomeBaseEntry],
    prefixes: &[&str],
    year: i32,
    rules_amount: Money,
) -> IncomeBase {
    let wanted = year - 1;
    let latest = |prefix: &str| {
        table
            .iter()
            .filter(|e| e.prefix == prefix && e.year <= wanted)
            .max_by_key(|e| e.year)
    };
    let own = prefixes.iter().rev().find_map(|p| latest(p));
    let (entry, fallback) = match own {
        Some(e) => (Some(e), false),
        None => (latest(""), true),
    };
    let Some(e) = entry else {
        return IncomeBase {
            amount: rules_amount,
            name: "全国".into(),
            year: 0,
            source: "national rules: rigid_spending.rural_disposable_income".into(),
            fallback: true,
            warning: Some(text!(
                "策略未录入本省及全国 {wanted} 年农村居民人均可支配收入，医疗支出占比标准按国家规则中的 {rules_amount} 元计算",
                "The policy has no provincial or national {wanted} rural per-capita disposable income: the medical share is judged against the national rules' {rules_amount} yuan"
            )),
        };
    };
    let (name, got, amount) = (&e.name, e.year, e.amount);
    let warning = match (fallback, got < wanted) {
        (true, _) => Some(text!(
            "策略未录入本省 {wanted} 年农村居民人均可支配收入，医疗支出占比标准按{name} {got} 年 {amount} 元计算",
            "The policy has no {wanted} rural per-capita disposable income for the province: the medical share is judged against the {name} figure for {got}, {amount} yuan"
        )),
        (false, true) => Some(text!(
            "{name} {wanted} 年农村居民人均可支配收入尚未录入，沿用 {got} 年 {amount} 元",
            "{name} has no {wanted} rural per-capita disposable income recorded yet: using its {got} figure of {amount} yuan"
        )),
        (false, false) => None,
    };
    IncomeBase {
        amount,
        name: name.clone(),
        year: got,
        source: e.source.clone(),
        fallback,
        warning,
    }
}

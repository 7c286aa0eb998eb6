//! Explainable classification: (household, policy, date) → what the rules suggest, and why.
//!
//! The engine suggests; people decide (village review, township check, county approval). Every
//! conclusion carries the rule that produced it and the numbers it used, in both languages, so a
//! village review can read it. Classification is total: it never panics, whatever the record.
//!
//! The verdict (suggested category) and the 辅助研判 warning are judged from the same risks and
//! triggers and never contradict each other: a suggested candidate always has a suggested risk
//! and at least a yellow warning, any risk is at least yellow, green means no risk and no
//! candidate, and [`Warning::relation`] says in words how the two relate (checked by a property
//! test over arbitrary households).
mod category;
mod consistency;
mod exit;
mod explain;
mod income;
pub(crate) mod procedure;
mod reason;
mod risks;
mod warning;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

pub use exit::ExitCheck;
pub use explain::explain;
pub use income::{IncomeFigures, LabourCounts};
pub use procedure::{ProcedureStatus, ProcedureStep};
pub use reason::{Figure, Finding, Reason};
pub use risks::SuggestedRisk;
pub use warning::{Warning, WarningLevel};

use crate::model::{Household, MeasureType, MonitoredCategory, RiskType};
use crate::policy::{LineSource, Rules};
use crate::{text, Money, Policy, Text};

/// The terms a classification is shown with (DOMAIN.md §13, [`crate::policy::terms`]): those in
/// force on the assessment date for the suggestion, those of the record's identification date for
/// what people chose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessedTerms {
    /// The effective date of the terms in force on the assessment date.
    pub from: NaiveDate,
    /// The name of the monitored household then (监测对象, 防止返贫致贫对象).
    pub object: Text,
    /// The suggested category's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested_category: Option<Text>,
    /// The chosen category's label, in the terms of the record's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Text>,
    /// The area's own category recorded, in the terms of the record's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_category: Option<Text>,
    /// The social-assistance statuses of the household (低保, 特困, 低保边缘), same household, one
    /// chain of help.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assistance: Vec<Text>,
}

impl AssessedTerms {
    fn of(
        h: &Household,
        rules: &Rules,
        now: &crate::policy::Terms,
        date: NaiveDate,
        suggested: Option<MonitoredCategory>,
    ) -> Self {
        let theirs = rules.terms(h.terms_date(date));
        AssessedTerms {
            from: now.from,
            object: now.object.clone(),
            suggested_category: suggested.map(|c| now.category_label(c)),
            category: h.monitoring.category.map(|c| theirs.category_label(c)),
            local_category: h
                .monitoring
                .local_category
                .as_deref()
                .and_then(|code| theirs.local_category(code))
                .map(|t| t.label.clone()),
            assistance: h
                .assistance_codes()
                .iter()
                .filter_map(|code| theirs.status(code).map(|t| t.label.clone()))
                .collect(),
        }
    }
}

/// The measure types that answer one risk, and whether the household has one of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureSuggestion {
    pub risk: RiskType,
    pub types: Vec<MeasureType>,
    pub present: bool,
}

/// Everything the rules say about one household on one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    pub assessed_on: NaiveDate,
    /// The monitoring line in force and where it comes from.
    pub line: Money,
    pub line_source: LineSource,
    pub income: IncomeFigures,
    pub labour: LabourCounts,
    /// 突发大额刚性支出 rules hit.
    pub triggers: Vec<Reason>,
    pub suggested_category: Option<MonitoredCategory>,
    /// Why that category (or none): income standing, drop, conclusion.
    pub category_reasons: Vec<Reason>,
    /// Ordered: the first is the main risk.
    pub suggested_risks: Vec<SuggestedRisk>,
    pub warning: Warning,
    /// DOMAIN.md §4 and §8 consistency findings.
    pub findings: Vec<Finding>,
    pub measures: Vec<MeasureSuggestion>,
    pub procedure: ProcedureStatus,
    pub exit: ExitCheck,
    /// Notes on the judgement itself (fallback line, risks left out).
    pub notes: Vec<Reason>,
    /// The terms this classification is shown with.
    pub terms: AssessedTerms,
}

/// Classifies `household` under `policy` as of `date`.
pub fn classify(household: &Household, policy: &Policy, date: NaiveDate) -> Classification {
    let h = household;
    let code = h.area.parsed_code();
    let resolved = policy.resolve(code.as_ref(), date.year());
    let rules = &resolved.rules;
    let line = resolved.line();

    let mut notes = Vec::new();
    if let Some(w) = &resolved.source.warning {
        notes.push(Reason::new("policy.line_source", w.clone()).with("line", line));
    }

    let figures = IncomeFigures::of(h, rules);
    if figures.out_of_range {
        notes.push(Reason::new(
            "income.out_of_range",
            text!(
                "收入或支出金额合计超出可计算范围，以下数字不可信：请按校验提示改正金额",
                "The income or spending amounts add up beyond the range that can be computed: the figures below cannot be trusted; correct the amounts validation points to"
            ),
        ));
    }
    let s = &h.income.spending;
    let base_used = s.medical.is_positive()
        || (rules.rigid_spending.disaster_accident_share.is_some()
            && (s.disaster + s.accident).is_positive());
    if let Some(w) = resolved.base.warning.as_ref().filter(|_| base_used) {
        notes.push(
            Reason::new("policy.income_base", w.clone())
                .with("rural_disposable_income", resolved.base.amount),
        );
    }
    let labour = LabourCounts::of(h, rules, date);
    let triggers = income::rigid_triggers(h, rules, &figures, line, &resolved.base);
    let (suggested_risks, risk_notes) = risks::suggest(h, rules, &labour, &triggers);
    notes.extend(risk_notes);
    let now_terms = rules.terms(date);
    let standing = category::income_standing(&figures, rules, line, &suggested_risks);
    let (suggested_category, category_reasons) = category::suggest_category(
        h,
        &figures,
        rules,
        &standing,
        &suggested_risks,
        &triggers,
        &now_terms,
    );
    let warning = warning::warning(
        h,
        rules,
        &warning::WarningInput {
            terms: &now_terms,
            figures: &figures,
            line,
            category: suggested_category,
            risks: &suggested_risks,
            triggers: &triggers,
        },
    );

    let mut findings = consistency::check(h, rules, &labour, &suggested_risks, date);
    findings.extend(stale_income(h, rules, date));
    let procedure = procedure::status(&h.monitoring.procedure, rules, date);
    findings.extend(procedure.findings.iter().cloned());

    let mut measures = Vec::new();
    let all_risks = suggested_risks
        .iter()
        .map(|r| r.kind)
        .chain(h.monitoring.risks.iter().map(|r| r.kind));
    for risk in all_risks {
        if measures.iter().any(|m: &MeasureSuggestion| m.risk == risk) {
            continue;
        }
        let types = rules.measures.for_risk(risk).to_vec();
        let present = h.measures.iter().any(|m| types.contains(&m.kind));
        measures.push(MeasureSuggestion {
            risk,
            types,
            present,
        });
    }

    let exit = exit::check(
        h,
        rules,
        &exit::ExitInput {
            figures: &figures,
            labour: &labour,
            risks: &suggested_risks,
            triggers: &triggers,
            line,
        },
        date,
    );
    if h.monitoring.exit.is_some() && suggested_category.is_some() {
        notes.push(Reason::new(
            "category.after_exit",
            crate::text!(
                "该户已标注风险消除，但数据再次显示风险：新的风险须重新走识别程序",
                "This household's risk was marked eliminated, but the data show risk again: a new risk needs a new identification"
            ),
        ));
    }

    let terms = AssessedTerms::of(h, rules, &now_terms, date, suggested_category);
    Classification {
        terms,
        assessed_on: date,
        line,
        line_source: resolved.source,
        income: figures,
        labour,
        triggers,
        suggested_category,
        category_reasons,
        suggested_risks,
        warning,
        findings,
        measures,
        procedure,
        exit,
        notes,
    }
}

/// An income period that ended more than the policy's months before `date` is stale.
fn stale_income(h: &Household, rules: &Rules, date: NaiveDate) -> Option<Finding> {
    let end = h.income.period_end?;
    let months = rules.income.stale_after_months;
    let limit = end.checked_add_months(Months::new(months))?;
    (date > limit).then(|| {
        Finding::warning(
            Reason::new(
                "income.stale",
                text!(
                    "收入时段截止于 {end}，评估日 {date} 已超过 {months} 个月：收入已过时，请按最近 12 个月重新核算",
                    "The income period ended on {end}, more than {months} months before the assessment on {date}: the income is stale; count it again over the last 12 months"
                ),
            )
            .with("period_end", end)
            .with("stale_after_months", months),
        )
    })
}

//! Explainable classification: (household, policy, date) → what the rules suggest, and why.
//!
//! The engine suggests; people decide (village review, township check, county approval). Every
//! conclusion carries the rule that produced it and the numbers it used, in both languages, so a
//! village review can read it. Classification is total: it never panics, whatever the record.
mod category;
mod consistency;
mod exit;
mod explain;
mod income;
mod procedure;
mod reason;
mod risks;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use category::{Warning, WarningLevel};
pub use exit::ExitCheck;
pub use explain::explain;
pub use income::{IncomeFigures, LabourCounts};
pub use procedure::{ProcedureStatus, ProcedureStep};
pub use reason::{Figure, Finding, Reason};
pub use risks::SuggestedRisk;

use crate::model::{Household, MeasureType, MonitoredCategory, RiskType};
use crate::policy::LineSource;
use crate::{Money, Policy};

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
    let labour = LabourCounts::of(h, rules, date);
    let triggers = income::rigid_triggers(h, rules, &figures, line);
    let (suggested_risks, risk_notes) = risks::suggest(h, rules, &labour, &triggers);
    notes.extend(risk_notes);
    let standing = category::income_standing(&figures, rules, line, &suggested_risks);
    let (suggested_category, category_reasons) =
        category::suggest_category(h, &figures, rules, &standing, &suggested_risks, &triggers);
    let warning = category::warning(
        h,
        &figures,
        rules,
        line,
        suggested_category,
        &suggested_risks,
        &triggers,
    );

    let mut findings = consistency::check(h, rules, &labour, &suggested_risks, date);
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

    Classification {
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

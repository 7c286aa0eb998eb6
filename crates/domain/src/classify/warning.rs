//! The 辅助研判 warning level (DOMAIN.md §6): decision support, never the official category.
//!
//! The levels come from the policy's `warning.rules`, listed severest first: each rule names a
//! condition and the level it gives; the level is the first rule that holds, and every holding
//! rule of that level is a reason. By default a 两不愁三保障/饮水 failure (a flag, or a house
//! graded C/D) or income after rigid spending under the line with no measure carried out is red,
//! a candidate with several risks or a rigid-spending trigger orange, and income near the line or
//! any risk yellow; green means no rule holds.
//!
//! [`Warning::relation`] says how the level and the verdict relate, for every household: a
//! candidate's level is how urgent its help is; without a candidate, what the level asks for (a
//! guarantee to fix, a cause to check, a household to keep watching).
use serde::{Deserialize, Serialize};

use super::category::{guarantee_failures, joined};
use super::{IncomeFigures, Reason, SuggestedRisk};
use crate::labels::Label;
use crate::model::{Household, MonitoredCategory};
use crate::policy::{Rules, WarningCondition};
use crate::{text, Money};

/// 辅助研判 warning level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningLevel {
    Green,
    Yellow,
    Orange,
    Red,
}

/// The warning level, every rule that raised it, and how it relates to the verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub level: WarningLevel,
    pub reasons: Vec<Reason>,
    /// How the level and the suggested category relate.
    pub relation: Reason,
}

pub(super) struct WarningInput<'a> {
    pub terms: &'a crate::policy::Terms,
    pub figures: &'a IncomeFigures,
    pub line: Money,
    pub category: Option<MonitoredCategory>,
    pub risks: &'a [SuggestedRisk],
    pub triggers: &'a [Reason],
}

/// The reasons `when` holds for `h` (empty when it does not).
fn holds(h: &Household, rules: &Rules, i: &WarningInput, when: WarningCondition) -> Vec<Reason> {
    let n = i.risks.len();
    let line = i.line;
    match when {
        WarningCondition::GuaranteeFailure => guarantee_failures(h)
            .into_iter()
            .map(|f| {
                let (zh, en) = (&f.zh, &f.en);
                Reason::new(
                    "warning.red.guarantee",
                    text!(
                        "两不愁三保障或饮水未保障：{zh}",
                        "Basic guarantee failing: {en}"
                    ),
                )
            })
            .collect(),
        WarningCondition::AfterRigidBelowLineWithoutMeasure => {
            let measured = h.measures.iter().any(|m| m.implemented);
            match i.figures.after_rigid_per_capita {
                Some(after) if after < line && !measured => vec![Reason::new(
                    "warning.red.below_line_no_measure",
                    text!(
                        "扣除刚性支出后人均纯收入 {after} 元低于监测范围 {line} 元，且没有已落实的帮扶措施",
                        "Income after rigid spending of {after} yuan per person is below the line of {line} yuan and no measure has been carried out"
                    ),
                )
                .with("after_rigid_per_capita", after)
                .with("line", line)],
                _ => Vec::new(),
            }
        }
        WarningCondition::CandidateWithRisks => {
            let min = rules.warning.orange_min_risks;
            if i.category.is_some() && n >= min {
                vec![Reason::new(
                    "warning.orange.risks",
                    text!(
                        "建议纳入监测，且有 {n} 项风险（不少于 {min} 项）",
                        "Suggested for monitoring with {n} risks (at least {min})"
                    ),
                )
                .with("risks", n)]
            } else {
                Vec::new()
            }
        }
        WarningCondition::CandidateWithTrigger => {
            let t = i.triggers.len();
            if i.category.is_some() && t > 0 {
                vec![Reason::new(
                    "warning.orange.rigid",
                    text!(
                        "建议纳入监测，且触发 {t} 项刚性支出标准",
                        "Suggested for monitoring and {t} rigid-spending rule(s) hit"
                    ),
                )
                .with("triggers", t)]
            } else {
                Vec::new()
            }
        }
        WarningCondition::IncomeNearLine => {
            let factor = rules.warning.yellow_line_factor;
            let limit = factor.of(line);
            match i.figures.per_capita {
                Some(pc) if pc < limit => vec![Reason::new(
                    "warning.yellow.income",
                    text!(
                        "人均纯收入 {pc} 元低于监测范围的 {factor} 倍（{limit} 元）",
                        "Income per person of {pc} yuan is under {factor} × the line ({limit} yuan)"
                    ),
                )
                .with("per_capita", pc)
                .with("limit", limit)],
                _ => Vec::new(),
            }
        }
        WarningCondition::AnyRisk => match n {
            0 => Vec::new(),
            1 => vec![Reason::new(
                "warning.yellow.single_risk",
                text!("存在 1 项风险", "One risk is present"),
            )],
            _ => {
                let (rz, re) =
                    super::consistency::names(&i.risks.iter().map(|r| r.kind).collect::<Vec<_>>());
                vec![Reason::new(
                    "warning.yellow.risks",
                    text!("存在 {n} 项风险（{rz}）", "{n} risks are present ({re})"),
                )
                .with("risks", n)]
            }
        },
    }
}

pub(super) fn warning(h: &Household, rules: &Rules, i: &WarningInput) -> Warning {
    let mut level = WarningLevel::Green;
    let mut reasons = Vec::new();
    for rule in &rules.warning.rules {
        if level != WarningLevel::Green && rule.level != level {
            break;
        }
        let found = holds(h, rules, i, rule.when);
        if !found.is_empty() {
            level = rule.level;
            reasons.extend(found);
        }
    }
    if reasons.is_empty() {
        reasons.push(Reason::new(
            "warning.green",
            text!(
                "收入高于预警线，未发现风险或保障缺口",
                "Income above the warning band, no risk and no guarantee gap"
            ),
        ));
    }
    let relation = relation(h, level, i.category.map(|c| i.terms.category_label(c)));
    Warning {
        level,
        reasons,
        relation,
    }
}

/// How `level` and the verdict relate, in words a reviewer can check.
fn relation(h: &Household, level: WarningLevel, category: Option<crate::Text>) -> Reason {
    let l = level.label();
    let (lz, le) = (&l.zh, &l.en);
    let gaps = guarantee_failures(h);
    let text = match (category, level) {
        (Some(c), _) => {
            let (cz, ce) = (&c.zh, &c.en);
            text!(
                "研判结论建议纳入「{cz}」；{lz}预警表示帮扶的紧迫程度，结论与预警一致",
                "The verdict suggests \"{ce}\"; the {le} warning says how urgent the help is, and the two agree"
            )
        }
        (None, WarningLevel::Green) => text!(
            "未建议纳入，也无预警：与结论一致",
            "Not suggested and no warning: the two agree"
        ),
        (None, _) if !gaps.is_empty() => {
            let (gz, ge) = joined(&gaps);
            text!(
                "未建议纳入；{lz}预警针对保障问题（{gz}），须立即解决，不是纳入结论",
                "Not suggested; the {le} warning is about the guarantee gap ({ge}), which must be solved at once — it is not a verdict on inclusion"
            )
        }
        (None, WarningLevel::Red) => text!(
            "暂无建议类别；红色预警提示尽快入户核实收入低于监测范围的原因并记录风险，再行研判",
            "No category yet; the red warning asks for a prompt home check of why income is under the line, recording the risk, before judging"
        ),
        (None, _) => text!(
            "未建议纳入；{lz}预警表示需继续关注（收入接近监测范围或存在风险），不是纳入结论",
            "Not suggested; the {le} warning means keep watching (income near the line or a risk present) — it is not a verdict on inclusion"
        ),
    };
    Reason::new("warning.relation", text)
}

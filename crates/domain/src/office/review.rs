//! The review queue and the office's decisions on the identification procedure (DOMAIN.md §7).
//!
//! The queue lists households waiting for a step the office follows — village review, 公示,
//! township check or county approval — with the procedure's deadline from the domain's procedure
//! logic, overdue ones first. A decision approves the step (its date becomes the decision's day)
//! or returns it with a comment; either way it is recorded in the household's procedure
//! ([`Decision`]), so it travels to the worker's phone with the record.
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::HouseholdRef;
use crate::classify::{classify, Finding, ProcedureStep};
use crate::model::{Decision, MonitoredCategory};
use crate::sync::wire::Revision;
use crate::{text, Household, Policy, Text};

/// One household waiting for the office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub household: HouseholdRef,
    /// The stored revision: send it back as `base_revision` with a decision.
    pub revision: Revision,
    /// The category people chose, and the one the rules suggest.
    pub category: Option<MonitoredCategory>,
    pub suggested_category: Option<MonitoredCategory>,
    /// The step waiting.
    pub next_step: ProcedureStep,
    pub lead_found: Option<NaiveDate>,
    /// The last day for county approval (the policy's days from the lead).
    pub deadline: Option<NaiveDate>,
    /// Days left until the deadline; negative when past.
    pub days_left: Option<i64>,
    pub overdue: bool,
    /// While 公示 runs: its first day, and the first day it may end (the policy's minimum days).
    pub publicity_start: Option<NaiveDate>,
    pub publicity_earliest_end: Option<NaiveDate>,
    /// The latest decision, e.g. a return with its comment.
    pub last_decision: Option<Decision>,
    /// What the reviewer should look at: the procedure's findings, a development measure overdue,
    /// a risk without its matching measure.
    pub flags: Vec<Finding>,
}

/// The steps the office decides on, in order.
pub const OFFICE_STEPS: [ProcedureStep; 4] = [
    ProcedureStep::VillageReview,
    ProcedureStep::Publicity,
    ProcedureStep::TownshipCheck,
    ProcedureStep::CountyApproval,
];

/// The finding rules shown as flags in the queue.
fn is_flag(f: &Finding) -> bool {
    let rule = f.reason.rule.as_str();
    rule.starts_with("procedure.")
        || matches!(
            rule,
            "consistency.development_measure_due"
                | "consistency.risk_needs_measure"
                | "consistency.no_labour_needs_social_security"
        )
}

/// The households waiting for an office step, overdue first, then by days left.
pub fn queue<'a>(
    households: impl IntoIterator<Item = (Revision, &'a Household)>,
    policy: &Policy,
    today: NaiveDate,
) -> Vec<QueueItem> {
    let mut items: Vec<QueueItem> = households
        .into_iter()
        .filter(|(_, h)| h.monitoring.exit.is_none())
        .filter(|(_, h)| {
            let p = &h.monitoring.procedure;
            p.lead_found.is_some() && p.county_approval.is_none()
        })
        .filter_map(|(revision, h)| {
            let c = classify(h, policy, today);
            let step = c.procedure.next_step.filter(|s| OFFICE_STEPS.contains(s))?;
            let p = &h.monitoring.procedure;
            let publicity_earliest_end = p
                .publicity_start
                .filter(|_| step == ProcedureStep::Publicity)
                .and_then(|s| earliest_publicity_end(s, policy, h, today));
            Some(QueueItem {
                household: HouseholdRef::of(h),
                revision,
                category: h.monitoring.category,
                suggested_category: c.suggested_category,
                next_step: step,
                lead_found: p.lead_found,
                deadline: c.procedure.deadline,
                days_left: c.procedure.days_left,
                overdue: c.procedure.overdue,
                publicity_start: p
                    .publicity_start
                    .filter(|_| step == ProcedureStep::Publicity),
                publicity_earliest_end,
                last_decision: p.decisions.last().cloned(),
                flags: c.findings.into_iter().filter(is_flag).collect(),
            })
        })
        .collect();
    items.sort_by(|a, b| {
        (
            !a.overdue,
            a.days_left.unwrap_or(i64::MAX),
            &a.household.household_id,
        )
            .cmp(&(
                !b.overdue,
                b.days_left.unwrap_or(i64::MAX),
                &b.household.household_id,
            ))
    });
    items
}

/// The first day a 公示 begun on `start` may end under the village's rules.
fn earliest_publicity_end(
    start: NaiveDate,
    policy: &Policy,
    h: &Household,
    today: NaiveDate,
) -> Option<NaiveDate> {
    use chrono::Datelike;
    let rules = policy
        .resolve(h.area.parsed_code().as_ref(), today.year())
        .rules;
    let min = u64::from(rules.procedure.min_publicity_days.max(1));
    start.checked_add_days(Days::new(min - 1))
}

/// Why a decision cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    /// No lead recorded, or county approval already given, or the risk already marked eliminated.
    #[error("no identification procedure is open")]
    NoOpenProcedure,
    /// The step decided is not the one waiting.
    #[error("the step waiting is {expected:?}, not {got:?}")]
    WrongStep {
        expected: Option<ProcedureStep>,
        got: ProcedureStep,
    },
    /// A return needs a comment the village can act on.
    #[error("a return needs a comment")]
    CommentRequired,
    /// 公示 has no first day recorded.
    #[error("publicity has not started")]
    PublicityNotStarted,
    /// 公示 has not lasted the policy's minimum days.
    #[error("publicity may end on {earliest} at the earliest")]
    PublicityTooShort {
        start: NaiveDate,
        min_days: u32,
        earliest: NaiveDate,
    },
}

impl DecisionError {
    /// The stable reason code of the API error.
    pub fn reason(&self) -> &'static str {
        match self {
            DecisionError::NoOpenProcedure => "no_open_procedure",
            DecisionError::WrongStep { .. } => "wrong_step",
            DecisionError::CommentRequired => "comment_required",
            DecisionError::PublicityNotStarted => "publicity_not_started",
            DecisionError::PublicityTooShort { .. } => "publicity_too_short",
        }
    }

    /// What the reviewer reads.
    pub fn message(&self) -> Text {
        use crate::labels::Label;
        match self {
            DecisionError::NoOpenProcedure => text!(
                "该户没有进行中的识别程序（未记录线索、已县级审定或已标注风险消除）",
                "This household has no identification procedure open (no lead recorded, already approved by the county, or its risk marked eliminated)"
            ),
            DecisionError::WrongStep { expected, got } => {
                let g = got.label();
                match expected {
                    Some(e) => {
                        let e = e.label();
                        let (ez, ee, gz, ge) = (&e.zh, &e.en, &g.zh, &g.en);
                        text!(
                            "当前待办环节是「{ez}」，不是「{gz}」",
                            "The step waiting is \"{ee}\", not \"{ge}\""
                        )
                    }
                    None => text!("识别程序已完成", "The procedure is complete"),
                }
            }
            DecisionError::CommentRequired => text!(
                "退回须填写意见，说明村里需要补充或改正什么",
                "A return needs a comment saying what the village should add or correct"
            ),
            DecisionError::PublicityNotStarted => text!(
                "未记录公示开始日期，不能结束公示",
                "No publicity start date is recorded, so publicity cannot end"
            ),
            DecisionError::PublicityTooShort {
                start,
                min_days,
                earliest,
            } => text!(
                "公示自 {start} 开始，须满 {min_days} 天，最早 {earliest} 结束",
                "Publicity began on {start} and must last {min_days} days: it may end on {earliest} at the earliest"
            ),
        }
    }
}

/// Records the decision of `by` on `step` of `h` on `today`: an approval sets the step's date to
/// `today`, a return only records the comment.
///
/// Approving the village review also opens 公示 on the same day (when no start is recorded);
/// approving 公示 closes it, once it has lasted the policy's minimum days; approving county
/// approval sets 识别监测时间 (when empty) and, when people chose no category, the suggested one.
pub fn decide(
    h: &Household,
    step: ProcedureStep,
    approve: bool,
    comment: &str,
    by: &str,
    policy: &Policy,
    today: NaiveDate,
) -> Result<Household, DecisionError> {
    let p = &h.monitoring.procedure;
    if p.lead_found.is_none() || p.county_approval.is_some() || h.monitoring.exit.is_some() {
        return Err(DecisionError::NoOpenProcedure);
    }
    let c = classify(h, policy, today);
    let expected = c.procedure.next_step;
    if expected != Some(step) || !OFFICE_STEPS.contains(&step) {
        return Err(DecisionError::WrongStep {
            expected,
            got: step,
        });
    }
    let comment = comment.trim();
    if !approve && comment.is_empty() {
        return Err(DecisionError::CommentRequired);
    }
    let mut out = h.clone();
    let p = &mut out.monitoring.procedure;
    if approve {
        match step {
            ProcedureStep::HomeCheck => unreachable!("not an office step"),
            ProcedureStep::VillageReview => {
                p.village_review = Some(today);
                p.publicity_start.get_or_insert(today);
            }
            ProcedureStep::Publicity => {
                let start = p
                    .publicity_start
                    .ok_or(DecisionError::PublicityNotStarted)?;
                let earliest = earliest_publicity_end(start, policy, h, today)
                    .ok_or(DecisionError::PublicityNotStarted)?;
                if today < earliest {
                    use chrono::Datelike;
                    let rules = policy.resolve(h.area.parsed_code().as_ref(), today.year());
                    return Err(DecisionError::PublicityTooShort {
                        start,
                        min_days: rules.rules.procedure.min_publicity_days,
                        earliest,
                    });
                }
                p.publicity_end = Some(today);
            }
            ProcedureStep::TownshipCheck => p.township_check = Some(today),
            ProcedureStep::CountyApproval => {
                p.county_approval = Some(today);
                out.monitoring.identified_on.get_or_insert(today);
                if out.monitoring.category.is_none() {
                    out.monitoring.category = c.suggested_category;
                }
            }
        }
    }
    out.monitoring.procedure.decisions.push(Decision {
        step,
        date: today,
        by: by.to_owned(),
        approved: approve,
        comment: comment.to_owned(),
    });
    Ok(out)
}

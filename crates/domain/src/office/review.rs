//! The review queue and the office's decisions on a household's procedures: identification
//! (识别, DOMAIN.md §7) and exit (风险消除, §9), which share their office steps.
//!
//! The queue lists households waiting for a step the office follows — village review, 公示,
//! township check or county approval — of either procedure, with its deadline, overdue ones first.
//! A decision approves the step (its date becomes the day it was done, today unless the reviewer
//! records an earlier day) or returns it with a comment; either way it is recorded in that
//! procedure's decisions ([`Decision`]), so it travels to the worker's phone with the record. A
//! returned step stays waiting and can be decided again.
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::exit::{exit_next_step, exit_status};
use super::HouseholdRef;
use crate::classify::{classify, Finding, ProcedureStep, Reason};
use crate::model::{Decision, Exit, ExitMode, MonitoredCategory, ProcedureKind};
use crate::policy::Rules;
use crate::sync::wire::{Revision, Role};
use crate::{text, Household, Policy, Text};

/// One household waiting for the office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub household: HouseholdRef,
    /// The stored revision: send it back as `base_revision` with a decision.
    pub revision: Revision,
    /// The procedure waiting: identification, or exit (风险消除).
    pub procedure: ProcedureKind,
    /// The category people chose, and the one the rules suggest.
    pub category: Option<MonitoredCategory>,
    pub suggested_category: Option<MonitoredCategory>,
    /// The step waiting.
    pub next_step: ProcedureStep,
    /// Identification: the first lead, from which its time limit runs.
    pub lead_found: Option<NaiveDate>,
    /// Exit: the way of elimination proposed and the day the procedure began (its time limit
    /// runs from here).
    pub exit_mode: Option<ExitMode>,
    pub exit_started: Option<NaiveDate>,
    /// The last day for county approval (the policy's days from the lead, or from the exit's start).
    pub deadline: Option<NaiveDate>,
    /// Days left until the deadline; negative when past.
    pub days_left: Option<i64>,
    pub overdue: bool,
    /// While 公示 runs: its first day, and the first day it may end (the policy's minimum days).
    pub publicity_start: Option<NaiveDate>,
    pub publicity_earliest_end: Option<NaiveDate>,
    /// The latest decision of this procedure, e.g. a return with its comment.
    pub last_decision: Option<Decision>,
    /// What the reviewer should look at: the procedure's findings, a development measure overdue,
    /// a risk without its matching measure; for an exit, every exit condition not met today.
    pub flags: Vec<Finding>,
}

/// The steps the office decides on, in order.
pub const OFFICE_STEPS: [ProcedureStep; 4] = [
    ProcedureStep::VillageReview,
    ProcedureStep::Publicity,
    ProcedureStep::TownshipCheck,
    ProcedureStep::CountyApproval,
];

/// Whether a user of `role` decides `step` (of either procedure): the village review and the
/// 公示 are recorded by the office (a township reviewer or a county admin), 乡镇审核 belongs to
/// the township's reviewers and 县级审定 to the county's admins (DESIGN.md "Who decides").
pub fn may_decide(role: Role, step: ProcedureStep) -> bool {
    match step {
        ProcedureStep::HomeCheck => false,
        ProcedureStep::VillageReview | ProcedureStep::Publicity => {
            matches!(role, Role::Reviewer | Role::Admin)
        }
        ProcedureStep::TownshipCheck => role == Role::Reviewer,
        ProcedureStep::CountyApproval => role == Role::Admin,
    }
}

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

/// The rules of `h`'s village in the year of `day`.
pub(super) fn rules_of(h: &Household, policy: &Policy, day: NaiveDate) -> Rules {
    policy
        .resolve(h.area.parsed_code().as_ref(), day.year())
        .rules
}

/// The households waiting for an office step of either procedure, overdue first, then by days
/// left.
pub fn queue<'a>(
    households: impl IntoIterator<Item = (Revision, &'a Household)>,
    policy: &Policy,
    today: NaiveDate,
) -> Vec<QueueItem> {
    let mut items = Vec::new();
    for (revision, h) in households.into_iter().filter(|(_, h)| !h.is_voided()) {
        let identification = identification_item(revision, h, policy, today);
        let exit = exit_item(revision, h, policy, today);
        items.extend(identification.into_iter().chain(exit));
    }
    items.sort_by(|a, b| queue_order(a).cmp(&queue_order(b)));
    items
}

/// Overdue first, then by days left; per household, identification before exit.
fn queue_order(i: &QueueItem) -> (bool, i64, &str, bool) {
    (
        !i.overdue,
        i.days_left.unwrap_or(i64::MAX),
        &i.household.household_id,
        i.procedure == ProcedureKind::Exit,
    )
}

fn identification_item(
    revision: Revision,
    h: &Household,
    policy: &Policy,
    today: NaiveDate,
) -> Option<QueueItem> {
    let p = &h.monitoring.procedure;
    if h.monitoring.exit.is_some() || p.lead_found.is_none() || p.county_approval.is_some() {
        return None;
    }
    let c = classify(h, policy, today);
    let step = c.procedure.next_step.filter(|s| OFFICE_STEPS.contains(s))?;
    let min_days = rules_of(h, policy, today).procedure.min_publicity_days;
    let publicity_start = p
        .publicity_start
        .filter(|_| step == ProcedureStep::Publicity);
    Some(QueueItem {
        household: HouseholdRef::of(h),
        revision,
        procedure: ProcedureKind::Identification,
        category: h.monitoring.category,
        suggested_category: c.suggested_category,
        next_step: step,
        lead_found: p.lead_found,
        exit_mode: None,
        exit_started: None,
        deadline: c.procedure.deadline,
        days_left: c.procedure.days_left,
        overdue: c.procedure.overdue,
        publicity_start,
        publicity_earliest_end: publicity_start.and_then(|s| earliest_end(s, min_days)),
        last_decision: p.decisions.last().cloned(),
        flags: c.findings.into_iter().filter(is_flag).collect(),
    })
}

fn exit_item(
    revision: Revision,
    h: &Household,
    policy: &Policy,
    today: NaiveDate,
) -> Option<QueueItem> {
    let p = h.monitoring.open_exit_procedure()?;
    let rules = rules_of(h, policy, today);
    let status = exit_status(p, &rules, today);
    let step = status.next_step?;
    let c = classify(h, policy, today);
    let publicity_start = p
        .publicity_start
        .filter(|_| step == ProcedureStep::Publicity);
    // The conditions are checked again at county approval: show now what would stop it.
    let unmet = c.exit.unmet.into_iter().map(Finding::warning);
    Some(QueueItem {
        household: HouseholdRef::of(h),
        revision,
        procedure: ProcedureKind::Exit,
        category: h.monitoring.category,
        suggested_category: c.suggested_category,
        next_step: step,
        lead_found: None,
        exit_mode: Some(p.mode),
        exit_started: Some(p.started),
        deadline: status.deadline,
        days_left: status.days_left,
        overdue: status.overdue,
        publicity_start,
        publicity_earliest_end: publicity_start
            .and_then(|s| earliest_end(s, rules.exit.min_publicity_days)),
        last_decision: p.decisions.last().cloned(),
        flags: status.findings.into_iter().chain(unmet).collect(),
    })
}

/// The first day a 公示 begun on `start` may end when it must last `min_days`.
pub(super) fn earliest_end(start: NaiveDate, min_days: u32) -> Option<NaiveDate> {
    start.checked_add_days(Days::new(u64::from(min_days.max(1)) - 1))
}

/// Why a decision cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    /// No lead recorded, or county approval already given, or the risk already marked eliminated.
    #[error("no identification procedure is open")]
    NoOpenProcedure,
    /// No exit procedure opened, or it is complete.
    #[error("no exit procedure is open")]
    NoOpenExit,
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
    /// The day a step was done cannot be after today.
    #[error("the step's day {on} is after today ({today})")]
    DateInFuture { on: NaiveDate, today: NaiveDate },
    /// The day a step was done cannot be before the step before it.
    #[error("the step's day {on} is before the previous step ({previous})")]
    DateBeforePrevious { on: NaiveDate, previous: NaiveDate },
    /// An exit withdrawn after the county approved it: the risk is marked eliminated.
    #[error("the exit procedure is already approved by the county")]
    ExitApproved,
    /// A withdrawal needs a reason the village and the worker can read.
    #[error("a withdrawal needs a reason")]
    ReasonRequired,
    /// The step is another role's to decide (see [`may_decide`]).
    #[error("{step:?} is not decided by a {role:?}")]
    NotYourStep { step: ProcedureStep, role: Role },
    /// County approval of an exit, refused: the exit conditions, checked again on its day, are
    /// not all met (e.g. a new risk appeared since the exit began).
    #[error("the household no longer meets the exit conditions")]
    ExitNotEligible { unmet: Vec<Reason> },
    /// The village review (the proposal) approved before the household signed a consent text
    /// the policy knows, where the policy requires one
    /// (`procedure.consent_required_before_proposal`).
    #[error("the household has not signed the consent")]
    ConsentRequired,
}

impl DecisionError {
    /// The stable reason code of the API error.
    pub fn reason(&self) -> &'static str {
        match self {
            DecisionError::NoOpenProcedure => "no_open_procedure",
            DecisionError::NoOpenExit => "no_open_exit",
            DecisionError::WrongStep { .. } => "wrong_step",
            DecisionError::CommentRequired => "comment_required",
            DecisionError::PublicityNotStarted => "publicity_not_started",
            DecisionError::PublicityTooShort { .. } => "publicity_too_short",
            DecisionError::DateInFuture { .. } => "date_in_future",
            DecisionError::DateBeforePrevious { .. } => "date_before_previous_step",
            DecisionError::ExitApproved => "exit_already_approved",
            DecisionError::ReasonRequired => "reason_required",
            DecisionError::ExitNotEligible { .. } => "exit_not_eligible",
            DecisionError::NotYourStep { .. } => "not_your_step",
            DecisionError::ConsentRequired => "consent_required",
        }
    }

    /// The unmet exit conditions, for a refused county approval of an exit.
    pub fn unmet(&self) -> &[Reason] {
        match self {
            DecisionError::ExitNotEligible { unmet } => unmet,
            _ => &[],
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
            DecisionError::NoOpenExit => text!(
                "该户没有进行中的风险消除程序（未发起或已县级审定）",
                "This household has no exit procedure open (none started, or already approved by the county)"
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
            DecisionError::DateInFuture { on, today } => text!(
                "办理日期 {on} 晚于今天 {today}",
                "The day {on} is after today ({today})"
            ),
            DecisionError::DateBeforePrevious { on, previous } => text!(
                "办理日期 {on} 早于上一环节的日期 {previous}",
                "The day {on} is before the previous step's day ({previous})"
            ),
            DecisionError::ExitApproved => text!(
                "风险消除已经县级审定，不能撤回；如出现新的风险，请重新识别",
                "The exit is already approved by the county and cannot be withdrawn; a new risk needs a new identification"
            ),
            DecisionError::ReasonRequired => text!(
                "撤回风险消除须填写原因，说明该户为何不再符合条件",
                "Withdrawing the exit needs a reason saying why the household no longer qualifies"
            ),
            DecisionError::NotYourStep { step, .. } => {
                let s = step.label();
                let (sz, se) = (&s.zh, &s.en);
                let (whose_zh, whose_en) = match step {
                    ProcedureStep::CountyApproval => ("县级管理员", "a county administrator"),
                    ProcedureStep::TownshipCheck => ("乡镇审核员", "a township reviewer"),
                    _ => ("乡镇审核员或县级管理员", "a township reviewer or county administrator"),
                };
                text!(
                    "「{sz}」须由{whose_zh}办理，您的账号不能办理这一步",
                    "\"{se}\" is decided by {whose_en}: your account cannot decide this step"
                )
            }
            DecisionError::ExitNotEligible { unmet } => super::ExitRefused {
                unmet: unmet.clone(),
            }
            .message(),
            DecisionError::ConsentRequired => text!(
                "该户尚未签署承诺授权书，不能提交村级民主评议：请在入户核实时由户主或代签人在户卡上签署",
                "The household has not signed the consent (承诺授权书), so it cannot go to the village review: have the head or a proxy sign it on the household card at the home check"
            ),
        }
    }
}

/// A reviewer's decision on the step waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict<'a> {
    pub step: ProcedureStep,
    pub approve: bool,
    /// Why it is returned (required then), or a note with the approval.
    pub comment: &'a str,
    /// The username of the reviewer.
    pub by: &'a str,
    /// The role of the reviewer: each step is one role's (see [`may_decide`]).
    pub role: Role,
    /// The day the approved step was done, when earlier than the decision (a village review
    /// held before the office records it); today when `None`. Ignored for a return.
    pub on: Option<NaiveDate>,
}

/// The date slots of the office steps, shared by both procedures.
struct Steps<'a> {
    village_review: &'a mut Option<NaiveDate>,
    publicity_start: &'a mut Option<NaiveDate>,
    publicity_end: &'a mut Option<NaiveDate>,
    township_check: &'a mut Option<NaiveDate>,
    county_approval: &'a mut Option<NaiveDate>,
}

impl Steps<'_> {
    /// Approves `step` as done on `on`: after the step before it (`opened`: the procedure's own
    /// start, before the village review), and a 公示 no shorter than `min_publicity_days`.
    /// Approving the village review also opens 公示 on its day when no start is recorded.
    fn approve(
        self,
        step: ProcedureStep,
        on: NaiveDate,
        opened: Option<NaiveDate>,
        min_publicity_days: u32,
    ) -> Result<(), DecisionError> {
        let previous = match step {
            ProcedureStep::HomeCheck => None,
            ProcedureStep::VillageReview => opened,
            ProcedureStep::Publicity => *self.publicity_start,
            ProcedureStep::TownshipCheck => *self.publicity_end,
            ProcedureStep::CountyApproval => *self.township_check,
        };
        if let Some(previous) = previous.filter(|p| on < *p) {
            return Err(DecisionError::DateBeforePrevious { on, previous });
        }
        // The steps after the 公示 stand on it: however its end was recorded, it must have lasted
        // the policy's minimum.
        if matches!(
            step,
            ProcedureStep::TownshipCheck | ProcedureStep::CountyApproval
        ) {
            let start = self
                .publicity_start
                .ok_or(DecisionError::PublicityNotStarted)?;
            let earliest = earliest_end(start, min_publicity_days)
                .ok_or(DecisionError::PublicityNotStarted)?;
            if self.publicity_end.is_some_and(|end| end < earliest) {
                return Err(DecisionError::PublicityTooShort {
                    start,
                    min_days: min_publicity_days,
                    earliest,
                });
            }
        }
        match step {
            ProcedureStep::HomeCheck => unreachable!("not an office step"),
            ProcedureStep::VillageReview => {
                *self.village_review = Some(on);
                self.publicity_start.get_or_insert(on);
            }
            ProcedureStep::Publicity => {
                let start = self
                    .publicity_start
                    .ok_or(DecisionError::PublicityNotStarted)?;
                let earliest = earliest_end(start, min_publicity_days)
                    .ok_or(DecisionError::PublicityNotStarted)?;
                if on < earliest {
                    return Err(DecisionError::PublicityTooShort {
                        start,
                        min_days: min_publicity_days,
                        earliest,
                    });
                }
                *self.publicity_end = Some(on);
            }
            ProcedureStep::TownshipCheck => *self.township_check = Some(on),
            ProcedureStep::CountyApproval => *self.county_approval = Some(on),
        }
        Ok(())
    }
}

/// Records `verdict` on the step waiting in `h`'s `procedure`, decided on `today`.
///
/// Identification: approving county approval sets 识别监测时间 (when empty) and, when people chose
/// no category, the suggested one. Exit: approving county approval checks the exit conditions
/// again on its day and, when they all hold, marks the risk eliminated ([`Exit`]) — otherwise
/// it is refused with the unmet conditions and nothing changes.
pub fn decide(
    h: &Household,
    procedure: ProcedureKind,
    verdict: &Verdict,
    policy: &Policy,
    today: NaiveDate,
) -> Result<Household, DecisionError> {
    match procedure {
        ProcedureKind::Identification => decide_identification(h, verdict, policy, today),
        ProcedureKind::Exit => decide_exit(h, verdict, policy, today),
    }
}

/// The checks every decision makes: the step is the one waiting, a return has a comment, the
/// step's day is not in the future. Answers the trimmed comment and the step's day.
fn checked<'a>(
    verdict: &Verdict<'a>,
    expected: Option<ProcedureStep>,
    today: NaiveDate,
) -> Result<(&'a str, NaiveDate), DecisionError> {
    let step = verdict.step;
    if expected != Some(step) || !OFFICE_STEPS.contains(&step) {
        return Err(DecisionError::WrongStep {
            expected,
            got: step,
        });
    }
    if !may_decide(verdict.role, step) {
        return Err(DecisionError::NotYourStep {
            step,
            role: verdict.role,
        });
    }
    let comment = verdict.comment.trim();
    if !verdict.approve && comment.is_empty() {
        return Err(DecisionError::CommentRequired);
    }
    let on = verdict.on.unwrap_or(today);
    if on > today {
        return Err(DecisionError::DateInFuture { on, today });
    }
    Ok((comment, on))
}

fn record(verdict: &Verdict, comment: &str, today: NaiveDate) -> Decision {
    Decision {
        step: verdict.step,
        date: today,
        by: verdict.by.to_owned(),
        approved: verdict.approve,
        comment: comment.to_owned(),
    }
}

fn decide_identification(
    h: &Household,
    verdict: &Verdict,
    policy: &Policy,
    today: NaiveDate,
) -> Result<Household, DecisionError> {
    let p = &h.monitoring.procedure;
    if p.lead_found.is_none() || p.county_approval.is_some() || h.monitoring.exit.is_some() {
        return Err(DecisionError::NoOpenProcedure);
    }
    let c = classify(h, policy, today);
    let (comment, on) = checked(verdict, c.procedure.next_step, today)?;
    let rules = rules_of(h, policy, today);
    // The review proposes the household for monitoring: a return needs no consent, an approval
    // does (DOMAIN.md §7: 入户核实 with the household's 承诺授权 comes first).
    if verdict.approve
        && verdict.step == ProcedureStep::VillageReview
        && rules.procedure.consent_required_before_proposal
        && !policy.consent_stands(h)
    {
        return Err(DecisionError::ConsentRequired);
    }
    let min_days = rules.procedure.min_publicity_days;
    let mut out = h.clone();
    let m = &mut out.monitoring;
    let p = &mut m.procedure;
    if verdict.approve {
        let opened = p.home_check.or(p.lead_found);
        Steps {
            village_review: &mut p.village_review,
            publicity_start: &mut p.publicity_start,
            publicity_end: &mut p.publicity_end,
            township_check: &mut p.township_check,
            county_approval: &mut p.county_approval,
        }
        .approve(verdict.step, on, opened, min_days)?;
        if verdict.step == ProcedureStep::CountyApproval {
            m.identified_on.get_or_insert(on);
            if m.category.is_none() {
                m.category = c.suggested_category;
            }
        }
    }
    m.procedure.decisions.push(record(verdict, comment, today));
    Ok(out)
}

fn decide_exit(
    h: &Household,
    verdict: &Verdict,
    policy: &Policy,
    today: NaiveDate,
) -> Result<Household, DecisionError> {
    let p = h
        .monitoring
        .open_exit_procedure()
        .ok_or(DecisionError::NoOpenExit)?;
    let (comment, on) = checked(verdict, exit_next_step(p), today)?;
    let min_days = rules_of(h, policy, today).exit.min_publicity_days;
    if verdict.approve && verdict.step == ProcedureStep::CountyApproval {
        let check = classify(h, policy, on).exit;
        if !check.eligible {
            return Err(DecisionError::ExitNotEligible { unmet: check.unmet });
        }
    }
    let mut out = h.clone();
    let m = &mut out.monitoring;
    let Some(p) = m.exit_procedure.as_mut() else {
        return Err(DecisionError::NoOpenExit);
    };
    if verdict.approve {
        Steps {
            village_review: &mut p.village_review,
            publicity_start: &mut p.publicity_start,
            publicity_end: &mut p.publicity_end,
            township_check: &mut p.township_check,
            county_approval: &mut p.county_approval,
        }
        .approve(verdict.step, on, Some(p.started), min_days)?;
        if verdict.step == ProcedureStep::CountyApproval {
            m.exit = Some(Exit {
                mode: p.mode,
                date: on,
            });
        }
    }
    p.decisions.push(record(verdict, comment, today));
    Ok(out)
}

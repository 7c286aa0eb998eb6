//! The identification procedure's next step and time limit (DOMAIN.md §7).
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Finding, Reason};
use crate::model::Procedure;
use crate::policy::Rules;
use crate::text;

/// A step of 识别程序, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureStep {
    /// 入户核实
    HomeCheck,
    /// 村级民主评议
    VillageReview,
    /// 公示
    Publicity,
    /// 乡镇审核
    TownshipCheck,
    /// 县级审定
    CountyApproval,
}

/// Where the procedure stands on the assessment date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureStatus {
    /// The next step not yet done; none before a lead or after county approval.
    pub next_step: Option<ProcedureStep>,
    /// The last day allowed for county approval.
    pub deadline: Option<NaiveDate>,
    /// Days left until the deadline (negative when past).
    pub days_left: Option<i64>,
    /// Past the deadline and not approved.
    pub overdue: bool,
    pub findings: Vec<Finding>,
}

pub(super) fn status(p: &Procedure, rules: &Rules, date: NaiveDate) -> ProcedureStatus {
    let mut s = ProcedureStatus {
        next_step: None,
        deadline: None,
        days_left: None,
        overdue: false,
        findings: Vec::new(),
    };
    let Some(lead) = p.lead_found else {
        return s;
    };
    let steps = [
        (ProcedureStep::HomeCheck, p.home_check),
        (ProcedureStep::VillageReview, p.village_review),
        (ProcedureStep::Publicity, p.publicity_end),
        (ProcedureStep::TownshipCheck, p.township_check),
        (ProcedureStep::CountyApproval, p.county_approval),
    ];
    s.next_step = steps.iter().find(|(_, d)| d.is_none()).map(|(k, _)| *k);
    let max = rules.procedure.max_days_from_lead;
    let deadline = lead.checked_add_days(Days::new(u64::from(max)));
    s.deadline = deadline;
    if let Some(deadline) = deadline {
        if p.county_approval.is_none() {
            s.days_left = Some((deadline - date).num_days());
        }
        match p.county_approval {
            None if date > deadline => {
                s.overdue = true;
                let late = (date - deadline).num_days();
                s.findings.push(Finding::warning(
                    Reason::new(
                        "procedure.overdue",
                        text!(
                            "线索发现于 {lead}，须在 {max} 天内（{deadline} 前）完成县级审定，已超期 {late} 天",
                            "Lead found on {lead}: county approval was due within {max} days (by {deadline}); {late} day(s) overdue"
                        ),
                    )
                    .with("lead_found", lead)
                    .with("deadline", deadline),
                ));
            }
            Some(done) if done > deadline => {
                let late = (done - deadline).num_days();
                s.findings.push(Finding::warning(Reason::new(
                    "procedure.completed_late",
                    text!(
                        "县级审定于 {done} 完成，超出 {max} 天时限 {late} 天",
                        "County approval on {done} came {late} day(s) after the {max}-day limit"
                    ),
                )));
            }
            _ => {}
        }
    }
    if let (Some(start), Some(end)) = (p.publicity_start, p.publicity_end) {
        let days = (end - start).num_days() + 1;
        let min = rules.procedure.min_publicity_days;
        if days < i64::from(min) {
            s.findings.push(Finding::warning(
                Reason::new(
                    "procedure.publicity_too_short",
                    text!(
                        "公示 {start} 至 {end} 共 {days} 天，不足 {min} 天",
                        "Publicity from {start} to {end} lasted {days} day(s), fewer than {min}"
                    ),
                )
                .with("publicity_days", days),
            ));
        }
    }
    s
}

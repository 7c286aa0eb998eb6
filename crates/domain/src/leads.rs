//! The worker's side of a lead (线索, [`Lead`]): the to-do item 核实线索 and recording the outcome.
//!
//! The office makes leads from the departments' lists ([`crate::import::leads`]); they reach the
//! worker's phone with the household at the next sync. The worker checks at the household and
//! records 纳入监测 or 不纳入 with the reason ([`close_lead`]); an inclusion starts the
//! identification procedure from the day the lead was received, so its time limit is the lead's.
use chrono::NaiveDate;

use crate::model::{DiscoveryChannel, Lead, LeadOutcome, LeadVerdict};
use crate::summary::Summary;
use crate::{text, Household, Text};

/// Why an outcome cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LeadError {
    #[error("no such lead")]
    NoSuchLead,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("the check is dated in the future")]
    DateInFuture,
    #[error("the check is dated before the lead was received")]
    BeforeFound,
}

impl LeadError {
    /// What the worker reads.
    pub fn message(&self) -> Text {
        match self {
            LeadError::NoSuchLead => text!(
                "这户没有这条线索（可能已被办公室更新），请同步后再试",
                "This household has no such lead (the office may have changed it): sync and try again"
            ),
            LeadError::ReasonRequired => text!(
                "请写明核实的理由",
                "Write down the reason for the outcome"
            ),
            LeadError::DateInFuture => text!(
                "核实日期不能晚于今天",
                "The day of the check cannot be after today"
            ),
            LeadError::BeforeFound => text!(
                "核实日期不能早于收到线索的日期",
                "The day of the check cannot be before the lead was received"
            ),
        }
    }
}

/// The household's leads still waiting for the worker's outcome, the most urgent first.
pub fn open_leads(h: &Household) -> Vec<&Lead> {
    let mut open: Vec<&Lead> = h.monitoring.leads.iter().filter(|l| l.is_open()).collect();
    open.sort_by(|a, b| (a.due, &a.id).cmp(&(b.due, &b.id)));
    open
}

/// `h` with the outcome of lead `lead_id` recorded: `verdict`, `reason`, checked on `date` by
/// `by`. An inclusion opens the identification procedure from the lead's day (发现渠道 部门筛查预警)
/// when the household has none open yet; an earlier outcome of the same lead is replaced (a
/// correction before the office acts on it).
pub fn close_lead(
    h: &Household,
    lead_id: &str,
    outcome: LeadOutcome,
    today: NaiveDate,
) -> Result<Household, LeadError> {
    let mut h = h.clone();
    let lead = h
        .monitoring
        .leads
        .iter_mut()
        .find(|l| l.id == lead_id)
        .ok_or(LeadError::NoSuchLead)?;
    if outcome.reason.trim().is_empty() {
        return Err(LeadError::ReasonRequired);
    }
    if outcome.date > today {
        return Err(LeadError::DateInFuture);
    }
    if outcome.date < lead.found {
        return Err(LeadError::BeforeFound);
    }
    let (verdict, found) = (outcome.verdict, lead.found);
    lead.outcome = Some(LeadOutcome {
        reason: outcome.reason.trim().to_owned(),
        ..outcome
    });
    let p = &mut h.monitoring.procedure;
    // A procedure already under way (or closed by the office) keeps its own first lead.
    if verdict == LeadVerdict::Include && p.lead_found.is_none() && p.publicity_end.is_none() {
        p.lead_found = Some(found);
        p.channel = Some(DiscoveryChannel::DepartmentAlert);
    }
    Ok(h)
}

/// Open leads of one household, as the to-do list counts them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeadsDue {
    pub open: u32,
    /// The earliest time limit among them.
    pub due: Option<NaiveDate>,
}

impl LeadsDue {
    /// The open leads of `h`.
    pub fn of(h: &Household) -> LeadsDue {
        let open = open_leads(h);
        LeadsDue {
            open: open.len() as u32,
            due: open.first().map(|l| l.due),
        }
    }
}

/// The to-do item 核实线索: households with open leads, with the days left until the earliest
/// time limit (negative when past), the most urgent first.
pub fn leads_to_check(summaries: &[Summary], today: NaiveDate) -> Vec<(i64, &Summary)> {
    let mut due: Vec<(i64, &Summary)> = summaries
        .iter()
        .filter(|s| s.open_leads > 0)
        .map(|s| {
            let days = s.lead_due.map_or(0, |d| (d - today).num_days());
            (days, s)
        })
        .collect();
    due.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    due
}

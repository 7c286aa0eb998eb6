//! The office's view of the leads (线索) from the departments' lists: the list of open and closed
//! leads with their time limits, the rows that matched no household (for the township to
//! assign), and the dashboard's figures — leads by source and outcome, and the days from lead
//! to outcome. The JSON is what `GET office/leads` answers.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::HouseholdRef;
use crate::import::Sources;
use crate::model::{Lead, LeadVerdict};
use crate::sync::wire::Revision;
use crate::{text, Household, Policy, Text};

/// A lead on a household, as the office lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadItem {
    pub household: HouseholdRef,
    /// The household's revision (for an assignment or a decision on it).
    pub revision: Revision,
    pub source_name: Text,
    /// Days until the time limit (negative when past), while open.
    pub days_left: Option<i64>,
    pub lead: Lead,
}

/// A row of a list that matched no household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedItem {
    /// Its key, to assign it.
    pub id: String,
    pub source_name: Text,
    pub lead: Lead,
}

/// One source's leads (or all of them, with `source` empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFigures {
    pub source: String,
    pub name: Text,
    /// Leads on households.
    pub leads: u32,
    pub open: u32,
    /// Open and past the time limit.
    pub overdue: u32,
    /// Closed 纳入监测.
    pub included: u32,
    /// Closed 不纳入.
    pub excluded: u32,
    /// Rows that matched no household, not yet assigned.
    pub unmatched: u32,
}

impl SourceFigures {
    /// No leads yet of source `source`, named `name`.
    fn none(source: &str, name: Text) -> SourceFigures {
        SourceFigures {
            source: source.to_owned(),
            name,
            leads: 0,
            open: 0,
            overdue: 0,
            included: 0,
            excluded: 0,
            unmatched: 0,
        }
    }
}

/// Days from receiving a lead to the worker's outcome, over the closed leads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaysToOutcome {
    pub closed: u32,
    /// Closed within their time limit.
    pub within_limit: u32,
    /// The median; with an even count, the lower of the two middle values.
    pub median_days: Option<i64>,
    pub max_days: Option<i64>,
}

/// The dashboard's lead figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadFigures {
    pub as_of: NaiveDate,
    /// Per configured source (then any other source found on a lead), in the file's order.
    pub sources: Vec<SourceFigures>,
    pub total: SourceFigures,
    pub days_to_outcome: DaysToOutcome,
}

/// `GET office/leads`: the open leads (most urgent first), the closed ones (latest outcome
/// first), the unmatched rows, and the figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadList {
    pub as_of: NaiveDate,
    pub open: Vec<LeadItem>,
    pub closed: Vec<LeadItem>,
    pub unmatched: Vec<UnmatchedItem>,
    pub figures: LeadFigures,
}

/// `POST office/leads/unmatched/{id}/assign`: the household the row's person belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignRequest {
    pub household_id: String,
    pub base_revision: Revision,
}

/// The figures of the leads on `households` and of the `unmatched` rows on `today`.
pub fn lead_figures<'a>(
    households: impl IntoIterator<Item = &'a Household>,
    unmatched: &[Lead],
    sources: &Sources,
    today: NaiveDate,
) -> LeadFigures {
    let mut by: BTreeMap<String, SourceFigures> = BTreeMap::new();
    let mut days = Vec::new();
    let mut within = 0;
    fn entry<'m>(
        by: &'m mut BTreeMap<String, SourceFigures>,
        sources: &Sources,
        code: &str,
    ) -> &'m mut SourceFigures {
        by.entry(code.to_owned())
            .or_insert_with(|| SourceFigures::none(code, sources.name(code)))
    }
    for lead in households.into_iter().flat_map(|h| &h.monitoring.leads) {
        let f = entry(&mut by, sources, &lead.source);
        f.leads += 1;
        match &lead.outcome {
            None => {
                f.open += 1;
                f.overdue += u32::from(lead.overdue(today));
            }
            Some(o) => {
                match o.verdict {
                    LeadVerdict::Include => f.included += 1,
                    LeadVerdict::Exclude => f.excluded += 1,
                }
                days.push((o.date - lead.found).num_days());
                within += u32::from(o.date <= lead.due);
            }
        }
    }
    for lead in unmatched {
        entry(&mut by, sources, &lead.source).unmatched += 1;
    }
    let order = |code: &str| {
        sources
            .sources
            .iter()
            .position(|s| s.code == code)
            .unwrap_or(usize::MAX)
    };
    for s in &sources.sources {
        entry(&mut by, sources, &s.code);
    }
    let mut list: Vec<SourceFigures> = by.into_values().collect();
    list.sort_by(|a, b| (order(&a.source), &a.source).cmp(&(order(&b.source), &b.source)));
    let mut total = SourceFigures::none("", text!("全部来源", "All sources"));
    for f in &list {
        total.leads += f.leads;
        total.open += f.open;
        total.overdue += f.overdue;
        total.included += f.included;
        total.excluded += f.excluded;
        total.unmatched += f.unmatched;
    }
    days.sort_unstable();
    LeadFigures {
        as_of: today,
        sources: list,
        total,
        days_to_outcome: DaysToOutcome {
            closed: days.len() as u32,
            within_limit: within,
            median_days: days.get(days.len().saturating_sub(1) / 2).copied(),
            max_days: days.last().copied(),
        },
    }
}

/// The office's list of leads from `stored` (the caller's households) and `unmatched` rows
/// (key, lead), on `today`.
pub fn lead_list(
    stored: &[(Revision, Household)],
    unmatched: Vec<(String, Lead)>,
    sources: &Sources,
    today: NaiveDate,
) -> LeadList {
    let mut open = Vec::new();
    let mut closed = Vec::new();
    for (revision, h) in stored {
        for lead in &h.monitoring.leads {
            let item = LeadItem {
                household: HouseholdRef::of(h),
                revision: *revision,
                source_name: sources.name(&lead.source),
                days_left: lead.is_open().then(|| (lead.due - today).num_days()),
                lead: lead.clone(),
            };
            if lead.is_open() {
                open.push(item);
            } else {
                closed.push(item);
            }
        }
    }
    open.sort_by(|a, b| (a.lead.due, &a.lead.id).cmp(&(b.lead.due, &b.lead.id)));
    let decided = |i: &LeadItem| i.lead.outcome.as_ref().map(|o| o.date);
    closed.sort_by(|a, b| (decided(b), &b.lead.id).cmp(&(decided(a), &a.lead.id)));
    let leads: Vec<Lead> = unmatched.iter().map(|(_, l)| l.clone()).collect();
    let figures = lead_figures(stored.iter().map(|(_, h)| h), &leads, sources, today);
    LeadList {
        as_of: today,
        open,
        closed,
        unmatched: unmatched
            .into_iter()
            .map(|(id, lead)| UnmatchedItem {
                id,
                source_name: sources.name(&lead.source),
                lead,
            })
            .collect(),
        figures,
    }
}

/// Why an unmatched row cannot go to a household.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AssignError {
    #[error("the household already has this lead")]
    AlreadyThere,
}

impl AssignError {
    pub fn reason(&self) -> &'static str {
        "lead_already_there"
    }

    pub fn message(&self) -> Text {
        text!("这户已有这条线索", "The household already has this lead")
    }
}

/// `h` with the unmatched row's `lead` on it, its time limit that of `h`'s village (from the
/// day the list was received), and the member it names if the ID number is a member's.
pub fn assign(h: &Household, lead: &Lead, policy: &Policy) -> Result<Household, AssignError> {
    use chrono::Datelike;
    if h.monitoring.leads.iter().any(|l| l.id == lead.id) {
        return Err(AssignError::AlreadyThere);
    }
    let rules = policy
        .resolve(h.area.parsed_code().as_ref(), lead.found.year())
        .rules;
    let due = lead
        .found
        .checked_add_days(chrono::Days::new(u64::from(
            rules.procedure.max_days_from_lead,
        )))
        .unwrap_or(lead.found);
    let key = crate::validate::id_key(&lead.id_number);
    let member_id = h
        .members
        .iter()
        .find(|m| crate::validate::id_key(&m.id_number) == key)
        .map(|m| m.id.clone())
        .unwrap_or_default();
    let mut h = h.clone();
    h.monitoring.leads.push(Lead {
        due,
        member_id,
        outcome: None,
        ..lead.clone()
    });
    Ok(h)
}

//! What only the township office changes on a household: the part of the record that moves
//! through the office's calls (decisions, exits, withdrawals) and never through a field edit.
//!
//! The village records the lead, the household check, its village review and the 公示 it
//! proposes; the office closes the 公示, checks (乡镇审核), approves (县级审定) and so identifies
//! the household (监测对象类别, 识别监测时间), and runs the exit procedure that marks the risk
//! eliminated. Once the office has closed the 公示, the village's own step dates are part of the
//! record it decided on, and freeze too. The leads (线索) are the office's too, all but the
//! worker's outcome of each.
//!
//! A void (作废) is the office's once it is stored: a worker may void a household registered by
//! mistake, but clearing a void (restoring the household) or changing one is the office's call
//! ([`OfficePart::as_sent_by_device`]).
//!
//! [`OfficePart::of`] takes that part out of a household and [`OfficePart::put`] puts it back,
//! so the sync plan can compare what a worker sent with what the worker saw and keep the
//! server's part whatever the edit carried.
use chrono::NaiveDate;

use crate::model::{
    Decision, DiscoveryChannel, Exit, ExitProcedure, Lead, MonitoredCategory, Void,
};
use crate::Household;

/// The office's part of a household (see the module doc).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfficePart {
    /// 监测对象类别: set by the county approval of the identification.
    pub category: Option<MonitoredCategory>,
    /// A province's own category, decided with the national one.
    pub local_category: Option<String>,
    /// 识别监测时间.
    pub identified_on: Option<NaiveDate>,
    /// 公示结束 (the office closes it, after the policy's minimum days).
    pub publicity_end: Option<NaiveDate>,
    /// 乡镇审核.
    pub township_check: Option<NaiveDate>,
    /// 县级审定.
    pub county_approval: Option<NaiveDate>,
    /// The office's decisions on the identification steps.
    pub decisions: Vec<Decision>,
    /// 风险消除, the mark.
    pub exit: Option<Exit>,
    /// 风险消除程序, with its own decisions.
    pub exit_procedure: Option<ExitProcedure>,
    /// The village's steps, once frozen (the office closed the 公示); `None` while the village
    /// may still correct them.
    pub village: Option<VillageSteps>,
    /// The leads as the office made them, without the worker's outcomes ([`Lead::origin`]).
    pub leads: Vec<Lead>,
    /// 作废, once stored.
    pub voided: Option<Void>,
}

/// The village's steps of the identification, frozen once the office closed the 公示.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VillageSteps {
    pub channel: Option<DiscoveryChannel>,
    pub lead_found: Option<NaiveDate>,
    pub home_check: Option<NaiveDate>,
    pub village_review: Option<NaiveDate>,
    pub publicity_start: Option<NaiveDate>,
}

impl OfficePart {
    /// The office's part of `h`.
    pub fn of(h: &Household) -> OfficePart {
        let m = &h.monitoring;
        let p = &m.procedure;
        OfficePart {
            category: m.category,
            local_category: m.local_category.clone(),
            identified_on: m.identified_on,
            publicity_end: p.publicity_end,
            township_check: p.township_check,
            county_approval: p.county_approval,
            decisions: p.decisions.clone(),
            exit: m.exit.clone(),
            exit_procedure: m.exit_procedure.clone(),
            village: p.publicity_end.map(|_| VillageSteps {
                channel: p.channel,
                lead_found: p.lead_found,
                home_check: p.home_check,
                village_review: p.village_review,
                publicity_start: p.publicity_start,
            }),
            leads: m.leads.iter().map(Lead::origin).collect(),
            voided: m.voided.clone(),
        }
    }

    /// What the office-only rule compares of this part, sent by a device that saw `seen` of a
    /// household the server holds with `held`: a void added to a household voided neither as
    /// held nor as seen is the worker's own change, not the office's (a worker voids a household
    /// registered by mistake). Clearing or changing a stored void still differs.
    pub fn as_sent_by_device(mut self, held: &OfficePart, seen: &OfficePart) -> OfficePart {
        if held.voided.is_none() && seen.voided.is_none() {
            self.voided = None;
        }
        self
    }

    /// `h` with this part in place of its own. The village's steps are replaced only when this
    /// part froze them; each lead keeps the outcome `h` records for it; the void only when this
    /// part holds one (a worker's void of a household that has none stays).
    pub fn put(&self, h: &mut Household) {
        let m = &mut h.monitoring;
        m.leads = self
            .leads
            .iter()
            .map(|origin| Lead {
                outcome: m
                    .leads
                    .iter()
                    .find(|l| l.id == origin.id)
                    .and_then(|l| l.outcome.clone()),
                ..origin.clone()
            })
            .collect();
        if self.voided.is_some() {
            m.voided = self.voided.clone();
        }
        m.category = self.category;
        m.local_category = self.local_category.clone();
        m.identified_on = self.identified_on;
        m.exit = self.exit.clone();
        m.exit_procedure = self.exit_procedure.clone();
        let p = &mut m.procedure;
        p.publicity_end = self.publicity_end;
        p.township_check = self.township_check;
        p.county_approval = self.county_approval;
        p.decisions = self.decisions.clone();
        if let Some(v) = &self.village {
            p.channel = v.channel;
            p.lead_found = v.lead_found;
            p.home_check = v.home_check;
            p.village_review = v.village_review;
            p.publicity_start = v.publicity_start;
        }
    }

    /// The record paths where `self` and `other` differ, in record order (the standard field
    /// names of [`crate::labels::field_name`] name them to the worker).
    pub fn differences(&self, other: &OfficePart) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut differ = |same: bool, path: &'static str| {
            if !same {
                out.push(path);
            }
        };
        differ(self.category == other.category, "monitoring.category");
        differ(
            self.local_category == other.local_category,
            "monitoring.local_category",
        );
        differ(
            self.identified_on == other.identified_on,
            "monitoring.identified_on",
        );
        let (v, w) = (
            self.village.clone().unwrap_or_default(),
            other.village.clone().unwrap_or_default(),
        );
        differ(v.channel == w.channel, "monitoring.procedure.channel");
        differ(
            v.lead_found == w.lead_found,
            "monitoring.procedure.lead_found",
        );
        differ(
            v.home_check == w.home_check,
            "monitoring.procedure.home_check",
        );
        differ(
            v.village_review == w.village_review,
            "monitoring.procedure.village_review",
        );
        differ(
            v.publicity_start == w.publicity_start,
            "monitoring.procedure.publicity_start",
        );
        differ(
            self.publicity_end == other.publicity_end,
            "monitoring.procedure.publicity_end",
        );
        differ(
            self.township_check == other.township_check,
            "monitoring.procedure.township_check",
        );
        differ(
            self.county_approval == other.county_approval,
            "monitoring.procedure.county_approval",
        );
        differ(
            self.decisions == other.decisions,
            "monitoring.procedure.decisions",
        );
        differ(self.exit == other.exit, "monitoring.exit");
        differ(
            self.exit_procedure == other.exit_procedure,
            "monitoring.exit_procedure",
        );
        differ(self.leads == other.leads, "monitoring.leads");
        differ(self.voided == other.voided, "monitoring.voided");
        out
    }
}

/// Whether a record path belongs to the office's part of `h` (a merge conflict on it is settled
/// for the server's side). A lead is the office's but for its outcome.
pub fn is_office_path(path: &str, frozen_village: bool) -> bool {
    const ALWAYS: [&str; 10] = [
        "monitoring.category",
        "monitoring.local_category",
        "monitoring.identified_on",
        "monitoring.procedure.publicity_end",
        "monitoring.procedure.township_check",
        "monitoring.procedure.county_approval",
        "monitoring.procedure.decisions",
        "monitoring.exit",
        "monitoring.exit_procedure",
        "monitoring.voided",
    ];
    const VILLAGE: [&str; 5] = [
        "monitoring.procedure.channel",
        "monitoring.procedure.lead_found",
        "monitoring.procedure.home_check",
        "monitoring.procedure.village_review",
        "monitoring.procedure.publicity_start",
    ];
    let under = |root: &str| {
        path == root
            || path
                .strip_prefix(root)
                .is_some_and(|rest| rest.starts_with(['.', '[', ' ']))
    };
    let lead = under("monitoring.leads") && !path.contains("].outcome");
    lead || ALWAYS.iter().any(|r| under(r)) || (frozen_village && VILLAGE.iter().any(|r| under(r)))
}

/// Whether the value at `path` of `h` is the office's to change: the worker's form shows it
/// read-only (and a device's edit of it is refused or set aside by the sync plan).
pub fn office_owns(h: &Household, path: &str) -> bool {
    is_office_path(path, OfficePart::of(h).village.is_some())
}

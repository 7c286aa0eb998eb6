//! The township office: what a reviewer sees and decides (DOMAIN.md §7–§10, §12).
//!
//! Pure functions over households the server reads from its storage, so the figures, the queue
//! and the rules of a decision are the same wherever they are computed and are tested natively:
//!
//! - [`dashboard()`](dashboard::dashboard): the seed article's figures per village and for the
//!   whole area, each with its definition, and the scale alert;
//! - [`review`]: the review queue (next step, deadline, overdue, flags) and the office's
//!   decisions on a step of either procedure (identification or exit), recorded in it;
//! - [`exit`]: opening an exit procedure (风险消除), refused with the unmet conditions,
//!   withdrawing it before the county approval, and where it stands;
//! - [`wire`]: the office API's requests and answers, shared by server and app;
//! - [`export`]: the row layout of the CSV and XLSX exports, with the national field names;
//! - [`publicity`]: the rows of a village's 公示 notice, which cannot hold private data;
//! - [`audit`]: who changed which field, from two versions of a record;
//! - [`leads`]: the leads from the departments' lists, their time limits and figures.
//! - [`duplicates`]: ID numbers registered in more than one household (重复登记);
//! - [`restore`]: clearing a void (恢复作废的户), the office's call only.
pub mod audit;
pub mod dashboard;
pub mod duplicates;
pub mod exit;
pub mod export;
pub mod leads;
pub mod publicity;
pub mod restore;
pub mod review;
mod tally;
pub mod wire;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Household, Policy, Rules};

/// Re-exported next to [`withdraw_exit`], which records it.
pub use crate::model::ExitWithdrawal;
pub use audit::{diff, FieldChange};
pub use dashboard::{dashboard, Dashboard};
pub use duplicates::{duplicates, DuplicatePerson};
pub use exit::{exit_procedure_status, exit_status, start_exit, withdraw_exit, ExitRefused};
pub use publicity::{publicity, NameDisplay, PublicityNotice};
pub use restore::{restore, NotVoided};
pub use review::{decide, queue, DecisionError, QueueItem, Verdict};

/// A household as a list names it: enough to find it, nothing private.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdRef {
    pub household_id: String,
    /// 户主姓名 (empty when no 户主 is recorded).
    pub head_name: String,
    pub village_code: String,
    pub village_name: String,
}

impl HouseholdRef {
    /// The reference of `h`.
    pub fn of(h: &Household) -> HouseholdRef {
        HouseholdRef {
            household_id: h.id.0.clone(),
            head_name: h.head().map(|m| m.name.clone()).unwrap_or_default(),
            village_code: h.area.code.clone(),
            village_name: h.area.name.clone(),
        }
    }
}

/// The rules of each village in one year, resolved once per village code.
pub(crate) struct RulesByVillage<'a> {
    policy: &'a Policy,
    year: i32,
    resolved: HashMap<String, Rules>,
}

impl<'a> RulesByVillage<'a> {
    pub(crate) fn new(policy: &'a Policy, date: NaiveDate) -> Self {
        use chrono::Datelike;
        RulesByVillage {
            policy,
            year: date.year(),
            resolved: HashMap::new(),
        }
    }

    pub(crate) fn of(&mut self, code: &str) -> &Rules {
        let (policy, year) = (self.policy, self.year);
        self.resolved
            .entry(code.to_owned())
            .or_insert_with(|| policy.resolve(code.parse().ok().as_ref(), year).rules)
    }
}

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Money;

/// Compliant out-of-pocket spending (合规自付支出) after every reimbursement, over the income year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Spending {
    /// Medical self-pay of the year, all causes.
    pub medical: Money,
    /// Of which for inpatient stays.
    pub inpatient: Money,
    /// The largest self-pay of a single stay in hospital.
    pub largest_single_stay: Money,
    /// Non-compulsory schooling self-pay (high school and above).
    pub education: Money,
}

impl Spending {
    /// 合规自付支出 in all.
    pub fn total(&self) -> Money {
        self.medical + self.education
    }
}

/// Yearly income (收入) of the household over one income window.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Income {
    /// First day of the income window (rolling 12 months or the policy's fixed year).
    pub period_start: Option<NaiveDate>,
    /// Last day of the income window.
    pub period_end: Option<NaiveDate>,
    /// 工资性收入
    pub wages: Money,
    /// 生产经营性收入
    pub business: Money,
    /// 财产性收入
    pub property: Money,
    /// 转移性收入
    pub transfers: Money,
    /// 生产经营性支出
    pub production_costs: Money,
    /// 理赔收入 (e.g. 防贫保险 payouts)
    pub insurance_claims: Money,
    /// 合规自付支出
    pub spending: Spending,
    /// 家庭纯收入 of the previous window, to detect a sharp drop.
    pub previous_net: Option<Money>,
    /// Since when the income has been stable above the line (for exit).
    pub stable_since: Option<NaiveDate>,
}

impl Income {
    /// 家庭纯收入 = wages + business + property + transfers − production costs.
    pub fn net(&self) -> Money {
        self.wages + self.business + self.property + self.transfers - self.production_costs
    }
}

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
    /// Rigid spending caused by a natural disaster (因灾刚性支出: repairs, replacing what was
    /// lost), after relief and insurance. Absent from the JSON while zero, so records written
    /// before it existed read and write unchanged.
    #[serde(skip_serializing_if = "is_zero")]
    pub disaster: Money,
    /// Rigid spending caused by an accident (意外事故刚性支出), after compensation and insurance.
    #[serde(skip_serializing_if = "is_zero")]
    pub accident: Money,
}

fn is_zero(m: &Money) -> bool {
    *m == Money::ZERO
}

impl Spending {
    /// Rigid spending in all: 合规自付支出 (medical, education) and disaster or accident spending
    /// (saturating; [`Spending::checked_total`] says whether it fits).
    pub fn total(&self) -> Money {
        self.medical + self.education + self.disaster + self.accident
    }

    /// The total, or the field whose addition passes the range of money.
    pub fn checked_total(&self) -> Result<Money, &'static str> {
        checked_sum(&[
            ("income.spending.medical", self.medical, false),
            ("income.spending.education", self.education, false),
            ("income.spending.disaster", self.disaster, false),
            ("income.spending.accident", self.accident, false),
        ])
    }
}

/// Adds (or, where the flag says, subtracts) the amounts in order; `Err` names the field at which
/// the running sum leaves the range of money.
pub(crate) fn checked_sum(parts: &[(&'static str, Money, bool)]) -> Result<Money, &'static str> {
    let mut sum = Money::ZERO;
    for (field, m, minus) in parts {
        let next = if *minus {
            sum.checked_sub(*m)
        } else {
            sum.checked_add(*m)
        };
        sum = next.ok_or(*field)?;
    }
    Ok(sum)
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

    /// 家庭纯收入, or the field at which the sum passes the range of money.
    pub fn checked_net(&self) -> Result<Money, &'static str> {
        checked_sum(&[
            ("income.wages", self.wages, false),
            ("income.business", self.business, false),
            ("income.property", self.property, false),
            ("income.transfers", self.transfers, false),
            ("income.production_costs", self.production_costs, true),
        ])
    }

    /// Every sum the rules compute from this income — 家庭纯收入, rigid spending, income after
    /// rigid spending (claims added back) and the fall from the previous net income — or the
    /// field at which one of them passes the range of money.
    pub fn checked_sums(&self) -> Result<(), &'static str> {
        let net = self.checked_net()?;
        let rigid = self.spending.checked_total()?;
        checked_sum(&[
            ("income.wages", net, false),
            ("income.spending", rigid, true),
            ("income.insurance_claims", self.insurance_claims, false),
        ])?;
        if let Some(prev) = self.previous_net {
            checked_sum(&[
                ("income.previous_net", prev, false),
                ("income.wages", net, true),
            ])?;
        }
        Ok(())
    }
}

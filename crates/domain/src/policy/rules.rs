//! The resolved rule set that applies to one area in one year.
use serde::{Deserialize, Serialize};

use crate::model::{MeasureType, RiskType};
use std::collections::BTreeMap;

use crate::{Money, Ratio, Text};

/// How the monitoring line (监测范围) is set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineRule {
    /// A fixed amount per person per year.
    Fixed(Money),
    /// `k × 农村低保 monthly standard × 12`.
    DibaoMultiple {
        /// The multiple `k`.
        k: Ratio,
        /// 农村低保 standard per person per month.
        dibao_monthly: Money,
    },
}

impl LineRule {
    /// The line in money per person per year.
    pub fn amount(&self) -> Money {
        match self {
            LineRule::Fixed(m) => *m,
            LineRule::DibaoMultiple { k, dibao_monthly } => k.of(dibao_monthly.times(12)),
        }
    }
}

/// A threshold that differs for 脱贫人口/监测对象 and for other households.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByGroup<T> {
    /// For 脱贫户 and households already monitored.
    pub monitored: T,
    /// For every other household.
    pub others: T,
}

impl<T: Copy> ByGroup<T> {
    /// The value for a household in the monitored group or not.
    pub fn pick(&self, monitored: bool) -> T {
        if monitored {
            self.monitored
        } else {
            self.others
        }
    }
}

/// 突发大额刚性支出 triggers (DOMAIN.md §5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RigidSpendingRules {
    /// Last year's provincial rural per-capita disposable income (the base of the medical share).
    pub rural_disposable_income: Money,
    /// Medical self-pay above this share of that income triggers.
    pub medical_share: ByGroup<Ratio>,
    /// Inpatient self-pay in a year at or above this triggers.
    pub inpatient_yearly: ByGroup<Money>,
    /// A single stay's self-pay above this triggers.
    pub single_stay: ByGroup<Money>,
    /// Non-compulsory schooling self-pay in a year above this triggers.
    pub schooling_yearly: Money,
    /// Add 理赔收入 back when computing income after rigid spending.
    pub add_insurance_claims: bool,
}

/// 辅助研判 warning cut-offs (DOMAIN.md §6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningRules {
    /// Yellow below this multiple of the line.
    pub yellow_line_factor: Ratio,
    /// Orange for a candidate with at least this many risks.
    pub orange_min_risks: usize,
}

/// Income-related judgements that have no national number (flagged assumptions, configurable).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncomeRules {
    /// A fall of the household's net income by at least this share is a sharp drop.
    pub sharp_drop: Ratio,
    /// Fewer 务工 months than this in the year is unstable employment.
    pub stable_work_months: u8,
    /// Income window: `None` for a rolling 12 months, else the month (1–12) a fixed year starts.
    pub fixed_year_start_month: Option<u8>,
}

/// 风险消除 conditions (DOMAIN.md §9).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitRules {
    /// Income stable above the line for at least this many months.
    pub income_stable_months: u32,
    /// Identified at least this many months ago.
    pub min_months_since_identification: u32,
    /// At least this many measures carried out.
    pub min_measures_implemented: usize,
    /// Warn when an exit is marked within this many months of identification.
    pub warn_within_months: u32,
    /// The exit procedure (village review, 公示, township check, county approval) within this
    /// many days of its start. Policy files written before exits had a procedure take the
    /// identification procedure's default.
    #[serde(default = "default_exit_procedure_max_days")]
    pub procedure_max_days: u32,
    /// The exit's 公示 lasts at least this many days.
    #[serde(default = "default_exit_min_publicity_days")]
    pub min_publicity_days: u32,
}

fn default_exit_procedure_max_days() -> u32 {
    15
}

fn default_exit_min_publicity_days() -> u32 {
    5
}

/// 识别程序 time limits (DOMAIN.md §7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureRules {
    /// The whole procedure within this many days of the first lead.
    pub max_days_from_lead: u32,
    /// 公示 lasts at least this many days.
    pub min_publicity_days: u32,
    /// A development measure within this many months of identification.
    pub development_measure_within_months: u32,
}

/// Ages that make a member a working-age adult, and other member checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberRules {
    /// Youngest working age.
    pub working_age_min: u32,
    /// Oldest working age.
    pub working_age_max: u32,
    /// Compulsory schooling ages (inclusive) for the dropout check.
    pub compulsory_school_age_min: u32,
    pub compulsory_school_age_max: u32,
}

/// 小额信贷 limits (DOMAIN.md §8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MicrocreditRules {
    pub max_amount: Money,
    pub max_years: u32,
    pub borrower_age_min: u32,
    pub borrower_age_max: u32,
}

/// Which measures answer which risk, and which count as development (开发式).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureRules {
    /// 产业, 就业, 金融, 公益岗位 by default.
    pub development: Vec<MeasureType>,
    /// For each risk, the measure types that answer it; the consistency check requires one of
    /// them for risks listed in `required_for`.
    pub by_risk: BTreeMap<RiskType, Vec<MeasureType>>,
    /// Risks that must have a matching measure (water, housing, illness, schooling by default).
    pub required_for: Vec<RiskType>,
}

impl MeasureRules {
    /// The measure types that answer `risk`.
    pub fn for_risk(&self, risk: RiskType) -> &[MeasureType] {
        self.by_risk.get(&risk).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// What the township office watches for (DOMAIN.md §12): the scale alert, "no large-scale return
/// to poverty". No national number exists; the defaults are flagged assumptions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeRules {
    /// A village alerts when at least this share of its households turned at risk (identified, or
    /// a lead found) within the window.
    pub scale_alert_share: Ratio,
    /// The window, in days up to and including the day of the dashboard.
    pub scale_alert_window_days: u32,
    /// And at least this many households did: one case in a hamlet of ten is not "large scale".
    pub scale_alert_min_households: u32,
}

impl Default for OfficeRules {
    fn default() -> Self {
        OfficeRules {
            scale_alert_share: Ratio::per_mille(50),
            scale_alert_window_days: 30,
            scale_alert_min_households: 3,
        }
    }
}

/// Every rule that applies to one area in one year, after inheritance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The monitoring line rule in force.
    pub line: LineRule,
    pub rigid_spending: RigidSpendingRules,
    pub warning: WarningRules,
    pub income: IncomeRules,
    pub exit: ExitRules,
    pub procedure: ProcedureRules,
    pub members: MemberRules,
    pub microcredit: MicrocreditRules,
    pub measures: MeasureRules,
    /// The order in which suggested risks are listed; the first is the main risk.
    pub risk_priority: Vec<RiskType>,
    /// The office dashboard's alert thresholds (defaults when a policy file has none).
    #[serde(default)]
    pub office: OfficeRules,
}

/// Where the line in force comes from, as a reviewer needs to see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineSource {
    /// The area prefix whose entry set the line (empty for the national default).
    pub prefix: String,
    /// That entry's name, e.g. "贵州省".
    pub name: String,
    /// The year of the entry used.
    pub year: i32,
    /// The fallback national floor was used: show [`LineSource::warning`].
    pub fallback: bool,
    /// A warning to show with the line, if any (fallback, or an earlier year's line).
    pub warning: Option<Text>,
}

/// The rules for one area and year, with where the line came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolved {
    pub rules: Rules,
    pub source: LineSource,
}

impl Resolved {
    /// The monitoring line in force.
    pub fn line(&self) -> Money {
        self.rules.line.amount()
    }
}

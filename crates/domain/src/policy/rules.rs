//! The resolved rule set that applies to one area in one year.
use serde::{Deserialize, Serialize};

use crate::classify::WarningLevel;
use crate::model::{ExitMode, MeasureType, RiskType};
use std::collections::BTreeMap;
use std::sync::Arc;

use super::calendar::{DayCount, WorkCalendar};
use super::terms::TermsEntry;

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
    /// The fallback base of the medical share: the national rural per-capita disposable income,
    /// used only when the policy's `rural_income` table has no figure for the area (the resolved
    /// rules carry the figure in force here, see [`super::IncomeBase`]).
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
    /// Rigid spending caused by a natural disaster or an accident above this share of the base
    /// triggers (no national number: off unless a province sets it).
    #[serde(default)]
    pub disaster_accident_share: Option<ByGroup<Ratio>>,
}

/// 辅助研判 warning cut-offs and rules (DOMAIN.md §6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningRules {
    /// Yellow below this multiple of the line.
    pub yellow_line_factor: Ratio,
    /// Orange for a candidate with at least this many risks.
    pub orange_min_risks: usize,
    /// Which condition gives which level, severest first: the level is the first one that
    /// holds, and every holding rule of that level is a reason. Files without the key take
    /// [`default_warning_rules`].
    #[serde(default = "default_warning_rules")]
    pub rules: Vec<WarningRule>,
}

/// What a warning rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCondition {
    /// A 两不愁三保障 or 饮水 failure: one of the guarantee flags, or a house graded C/D.
    GuaranteeFailure,
    /// Income after rigid spending under the line, and no measure carried out.
    AfterRigidBelowLineWithoutMeasure,
    /// A suggested candidate with at least `orange_min_risks` risks.
    CandidateWithRisks,
    /// A suggested candidate that hits a rigid-spending rule.
    CandidateWithTrigger,
    /// Income per person under `yellow_line_factor` × the line.
    IncomeNearLine,
    /// Any risk at all.
    AnyRisk,
}

/// One warning rule: when `when` holds, the level is at least `level`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningRule {
    pub level: WarningLevel,
    pub when: WarningCondition,
}

/// DOMAIN.md §6: red for a guarantee failure or after-rigid income under the line with no
/// measure; orange for a candidate with several risks or a rigid-spending trigger; yellow for
/// income near the line or any risk.
pub fn default_warning_rules() -> Vec<WarningRule> {
    use WarningCondition::*;
    use WarningLevel::*;
    [
        (Red, GuaranteeFailure),
        (Red, AfterRigidBelowLineWithoutMeasure),
        (Orange, CandidateWithRisks),
        (Orange, CandidateWithTrigger),
        (Yellow, IncomeNearLine),
        (Yellow, AnyRisk),
    ]
    .into_iter()
    .map(|(level, when)| WarningRule { level, when })
    .collect()
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
    /// An income period that ended more than this many months before the assessment is stale.
    #[serde(default = "default_stale_after_months")]
    pub stale_after_months: u32,
}

fn default_stale_after_months() -> u32 {
    12
}

/// 风险消除 conditions (DOMAIN.md §9).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitRules {
    /// Income stable above the line for at least this many months.
    pub income_stable_months: u32,
    /// Identified at least this many months ago.
    pub min_months_since_identification: u32,
    /// At least this many measures carried out, for every exit mode not in
    /// `min_measures_by_mode`.
    pub min_measures_implemented: usize,
    /// The measures needed per exit mode, where they differ (e.g. none for 自然消除).
    #[serde(default)]
    pub min_measures_by_mode: BTreeMap<ExitMode, usize>,
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
    /// Whether `procedure_max_days` counts calendar or working days.
    #[serde(default)]
    pub day_count: DayCount,
}

impl ExitRules {
    /// The measures that must be carried out before an exit in `mode`.
    pub fn min_measures(&self, mode: ExitMode) -> usize {
        self.min_measures_by_mode
            .get(&mode)
            .copied()
            .unwrap_or(self.min_measures_implemented)
    }
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
    /// County approval within this many days of the first lead — or, when
    /// `home_check_within_days` is set (a two-stage limit such as 2 + 20 working days), of the
    /// home check (at the latest, of the home check's own deadline).
    pub max_days_from_lead: u32,
    /// 公示 lasts at least this many (calendar) days.
    pub min_publicity_days: u32,
    /// A development measure within this many months of identification.
    pub development_measure_within_months: u32,
    /// Whether the limits count calendar or working days.
    #[serde(default)]
    pub day_count: DayCount,
    /// The first stage of a two-stage limit: the home check (入户核实) within this many days of
    /// the lead.
    #[serde(default)]
    pub home_check_within_days: Option<u32>,
    /// 先帮后评: which cases may get assistance before identification.
    #[serde(default)]
    pub help_first: HelpFirstRules,
    /// The village review (the household's proposal for monitoring) is approved only once the
    /// household has signed a 承诺授权书 text the policy knows (DOMAIN.md §7: 入户核实 with the
    /// household's consent comes first).
    #[serde(default = "yes")]
    pub consent_required_before_proposal: bool,
}

fn yes() -> bool {
    true
}

/// 先帮后评 (help first, identify after): a household hit by one of `risks` may get assistance
/// recorded before the identification procedure ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpFirstRules {
    pub allowed: bool,
    pub risks: Vec<RiskType>,
}

impl Default for HelpFirstRules {
    /// DOMAIN.md §7: disaster cases may get help first.
    fn default() -> Self {
        HelpFirstRules {
            allowed: true,
            risks: vec![RiskType::NaturalDisaster, RiskType::Accident],
        }
    }
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
    /// A disability of this grade or a more severe one (1 is the most severe) is a risk even
    /// for a full worker.
    #[serde(default = "default_severe_disability_max_grade")]
    pub severe_disability_max_grade: u8,
    /// 缺劳动力 is refused when more than this share of the members are full workers.
    #[serde(default = "default_lack_of_labour_max_full_share")]
    pub lack_of_labour_max_full_share: Ratio,
}

fn default_severe_disability_max_grade() -> u8 {
    2
}

fn default_lack_of_labour_max_full_share() -> Ratio {
    Ratio::per_mille(500)
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
    /// The dashboard's "a year ago" is this many days before its day.
    #[serde(default = "default_year_ago_days")]
    pub year_ago_days: u32,
}

fn default_year_ago_days() -> u32 {
    365
}

impl Default for OfficeRules {
    fn default() -> Self {
        OfficeRules {
            scale_alert_share: Ratio::per_mille(50),
            scale_alert_window_days: 30,
            scale_alert_min_households: 3,
            year_ago_days: default_year_ago_days(),
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
    /// How long a synced photo stays on the phone (defaults when a policy file has none).
    #[serde(default)]
    pub attachments: super::AttachmentRules,
    /// The holiday calendar, for limits in working days (set by [`super::Policy::resolve`]).
    #[serde(skip)]
    pub calendar: Arc<WorkCalendar>,
    /// The term lists of the area, every effective date (set by [`super::Policy::resolve`]; read
    /// them with [`Rules::terms`]).
    #[serde(skip)]
    pub(crate) terms: Arc<Vec<TermsEntry>>,
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
    /// The base of the medical-share trigger in force, and where it comes from.
    pub base: super::IncomeBase,
}

impl Resolved {
    /// The monitoring line in force.
    pub fn line(&self) -> Money {
        self.rules.line.amount()
    }
}

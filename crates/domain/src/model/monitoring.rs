use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// At most this many risks are recorded per household (风险1–5).
pub const MAX_RISKS: usize = 5;

/// 监测对象类别.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonitoredCategory {
    /// 脱贫不稳定户
    UnstableFormerlyPoor,
    /// 边缘易致贫户
    EdgeAtRisk,
    /// 突发严重困难户
    SuddenHardship,
}

impl MonitoredCategory {
    /// Every category, in the national order.
    pub const ALL: [MonitoredCategory; 3] = [
        MonitoredCategory::UnstableFormerlyPoor,
        MonitoredCategory::EdgeAtRisk,
        MonitoredCategory::SuddenHardship,
    ];
}

/// 致贫/返贫风险类型.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskType {
    /// 因病
    Illness,
    /// 因残
    Disability,
    /// 因学
    Schooling,
    /// 因自然灾害
    NaturalDisaster,
    /// 因意外事故
    Accident,
    /// 因产业项目失败
    BusinessFailure,
    /// 因务工就业不稳
    UnstableEmployment,
    /// 缺劳动力
    LackOfLabour,
    /// 因安全住房
    HousingUnsafe,
    /// 因安全饮水
    WaterUnsafe,
    /// 其他
    Other,
}

impl RiskType {
    /// Every risk type, in the national order.
    pub const ALL: [RiskType; 11] = [
        RiskType::Illness,
        RiskType::Disability,
        RiskType::Schooling,
        RiskType::NaturalDisaster,
        RiskType::Accident,
        RiskType::BusinessFailure,
        RiskType::UnstableEmployment,
        RiskType::LackOfLabour,
        RiskType::HousingUnsafe,
        RiskType::WaterUnsafe,
        RiskType::Other,
    ];
}

/// The sub-item required for [`RiskType::NaturalDisaster`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisasterKind {
    /// 洪涝
    Flood,
    /// 地质
    Geological,
    /// 旱灾
    Drought,
    /// 生物
    Biological,
    /// 气象
    Meteorological,
    /// 地震
    Earthquake,
    /// 其他
    Other,
}

impl DisasterKind {
    /// Every disaster kind, in the national order.
    pub const ALL: [DisasterKind; 7] = [
        DisasterKind::Flood,
        DisasterKind::Geological,
        DisasterKind::Drought,
        DisasterKind::Biological,
        DisasterKind::Meteorological,
        DisasterKind::Earthquake,
        DisasterKind::Other,
    ];
}

/// One recorded risk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    /// 风险类型
    #[serde(rename = "type")]
    pub kind: RiskType,
    /// Required when `kind` is a natural disaster.
    #[serde(default)]
    pub disaster_kind: Option<DisasterKind>,
    /// When the worker found this risk gone (needed for exit).
    #[serde(default)]
    pub resolved_on: Option<NaiveDate>,
}

/// 发现渠道.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscoveryChannel {
    /// 农户自主申报
    SelfReport,
    /// 基层干部排查
    CadreScreening,
    /// 部门筛查预警
    DepartmentAlert,
}

impl DiscoveryChannel {
    /// Every discovery channel, in the national order.
    pub const ALL: [DiscoveryChannel; 3] = [
        DiscoveryChannel::SelfReport,
        DiscoveryChannel::CadreScreening,
        DiscoveryChannel::DepartmentAlert,
    ];
}

/// 识别程序 dates; each step is empty until done.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Procedure {
    /// 发现渠道
    pub channel: Option<DiscoveryChannel>,
    /// The first lead (线索) — the procedure's time limit runs from here.
    pub lead_found: Option<NaiveDate>,
    /// 入户核实 with the household's 承诺授权 signed.
    pub home_check: Option<NaiveDate>,
    /// 村级民主评议
    pub village_review: Option<NaiveDate>,
    /// 公示 first day
    pub publicity_start: Option<NaiveDate>,
    /// 公示 last day
    pub publicity_end: Option<NaiveDate>,
    /// 乡镇审核
    pub township_check: Option<NaiveDate>,
    /// 县级审定
    pub county_approval: Option<NaiveDate>,
    /// The office's decisions on the steps (approved or returned), oldest first. Absent from the
    /// JSON while empty, so records written before decisions existed read and write unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// 先帮后评: assistance given before identification, for a disaster or accident case the
    /// policy allows it for. Absent from the JSON while not set.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub help_first: bool,
}

/// One office decision on a step of the procedure: approved (the step's date is set), or
/// returned with a comment for the village to act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The step decided on.
    pub step: crate::classify::ProcedureStep,
    /// The day of the decision.
    pub date: NaiveDate,
    /// The username of the reviewer who decided.
    pub by: String,
    /// Approved, or returned.
    pub approved: bool,
    /// Why it was returned, or a note with the approval.
    #[serde(default)]
    pub comment: String,
}

/// Which of a household's two procedures something is about: 识别 (identification, DOMAIN.md §7)
/// or 风险消除 (exit, §9). Both have the same office steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureKind {
    /// 识别程序
    #[default]
    Identification,
    /// 风险消除程序
    Exit,
}

impl ProcedureKind {
    /// Both procedures.
    pub const ALL: [ProcedureKind; 2] = [ProcedureKind::Identification, ProcedureKind::Exit];
}

/// An exit procedure withdrawn before the county approval (撤回风险消除): when, by whom, why.
/// Stored in [`ExitProcedure::withdrawn`]; the record stays as the history of that attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitWithdrawal {
    /// The day it was withdrawn.
    pub date: NaiveDate,
    /// The username of the reviewer who withdrew it.
    pub by: String,
    /// Why, for the village and the worker to read.
    pub reason: String,
}

/// 风险消除方式.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitMode {
    /// 帮扶消除
    AfterAssistance,
    /// 自然消除
    Natural,
}

impl ExitMode {
    /// Both exit modes.
    pub const ALL: [ExitMode; 2] = [ExitMode::AfterAssistance, ExitMode::Natural];
}

/// 风险消除: how and when the household's risk was marked eliminated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exit {
    pub mode: ExitMode,
    pub date: NaiveDate,
}

/// 风险消除程序 (DOMAIN.md §9): the same village review, 公示, township check and county approval
/// as identification, opened by the office once the exit check finds every condition met. Only
/// the county approval marks the risk eliminated ([`Monitoring::exit`]); the procedure stays on
/// the record afterwards, with its decisions, as the history of that exit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitProcedure {
    /// 风险消除方式 proposed.
    pub mode: ExitMode,
    /// The day the procedure began; its time limit runs from here.
    pub started: NaiveDate,
    /// The username of the reviewer who opened it.
    #[serde(default)]
    pub started_by: String,
    /// 村级民主评议
    #[serde(default)]
    pub village_review: Option<NaiveDate>,
    /// 公示 first day
    #[serde(default)]
    pub publicity_start: Option<NaiveDate>,
    /// 公示 last day
    #[serde(default)]
    pub publicity_end: Option<NaiveDate>,
    /// 乡镇审核
    #[serde(default)]
    pub township_check: Option<NaiveDate>,
    /// 县级审定: the day the risk was marked eliminated.
    #[serde(default)]
    pub county_approval: Option<NaiveDate>,
    /// The office's decisions on the steps, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// Withdrawn by the office before the county approval (the household stopped qualifying):
    /// the procedure is closed, and a new one may be started later. Absent from the JSON while
    /// not withdrawn, so records written before withdrawal existed read and write unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<ExitWithdrawal>,
}

impl ExitProcedure {
    /// A procedure for `mode` begun on `started` by `by`, no step done yet.
    pub fn new(mode: ExitMode, started: NaiveDate, by: &str) -> Self {
        ExitProcedure {
            mode,
            started,
            started_by: by.to_owned(),
            village_review: None,
            publicity_start: None,
            publicity_end: None,
            township_check: None,
            county_approval: None,
            decisions: Vec::new(),
            withdrawn: None,
        }
    }
}

/// The monitoring state chosen by people (the engine only suggests).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Monitoring {
    /// 监测对象类别, once identified.
    pub category: Option<MonitoredCategory>,
    /// 风险1–5, the first being the main risk.
    pub risks: Vec<Risk>,
    /// Why the chosen risks differ from the suggested ones, when they do.
    pub override_reason: String,
    /// 识别监测时间 (county approval of the identification).
    pub identified_on: Option<NaiveDate>,
    /// 帮扶责任人
    pub helper: String,
    /// Identification procedure.
    pub procedure: Procedure,
    /// 风险消除, once marked (by the county approval of [`Monitoring::exit_procedure`], or as
    /// recorded before exits had a procedure).
    pub exit: Option<Exit>,
    /// The exit procedure, once the office opened one. Absent from the JSON while none, so
    /// records written before it existed read and write unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_procedure: Option<ExitProcedure>,
    /// 线索 from the departments' lists, oldest first. Absent from the JSON while none, so
    /// records written before leads existed read and write unchanged.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub leads: Vec<super::Lead>,
    /// 作废: the household was registered by mistake (see [`super::Void`]). Kept here with the
    /// other decisions people make about the household; absent from the JSON while not voided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voided: Option<super::Void>,
    /// Members who moved in or out (分户, 迁出, 迁入), oldest first; absent while none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<super::MemberMove>,
    /// A province's own category (its code in the policy's terms in force on the identification
    /// date), beside the national one. Absent from the JSON while none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_category: Option<String>,
    /// Social-assistance statuses of the household (低保, 特困, 低保边缘: codes of the policy's
    /// terms), with one chain of help. A member's 是否享受低保 / 是否特困供养 counts too. Absent
    /// from the JSON while empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assistance: Vec<String>,
}

impl Monitoring {
    /// The exit procedure waiting for a step: opened, not withdrawn, not yet approved by the
    /// county, and the risk not marked eliminated.
    pub fn open_exit_procedure(&self) -> Option<&ExitProcedure> {
        self.exit_procedure
            .as_ref()
            .filter(|p| p.withdrawn.is_none() && p.county_approval.is_none() && self.exit.is_none())
    }
}

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Money;

/// 帮扶措施 categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureType {
    /// 产业帮扶
    Industry,
    /// 就业帮扶
    Employment,
    /// 金融帮扶 (小额信贷)
    Finance,
    /// 公益岗位帮扶
    PublicWelfareJob,
    /// 健康帮扶
    Health,
    /// 义务教育保障
    CompulsoryEducation,
    /// 其他教育帮扶 (雨露计划)
    OtherEducation,
    /// 综合保障 (低保/特困供养/临时救助)
    SocialSecurity,
    /// 住房安全保障
    Housing,
    /// 饮水安全保障
    DrinkingWater,
    /// 社会帮扶
    Social,
    /// 搬迁
    Relocation,
    /// 生产生活条件改善
    LivingConditions,
    /// 基础设施建设
    Infrastructure,
}

impl MeasureType {
    /// Every measure type, in the national order.
    pub const ALL: [MeasureType; 14] = [
        MeasureType::Industry,
        MeasureType::Employment,
        MeasureType::Finance,
        MeasureType::PublicWelfareJob,
        MeasureType::Health,
        MeasureType::CompulsoryEducation,
        MeasureType::OtherEducation,
        MeasureType::SocialSecurity,
        MeasureType::Housing,
        MeasureType::DrinkingWater,
        MeasureType::Social,
        MeasureType::Relocation,
        MeasureType::LivingConditions,
        MeasureType::Infrastructure,
    ];
}

/// One assistance measure given to the household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    /// Stable id within the household.
    pub id: String,
    /// 措施类型
    #[serde(rename = "type")]
    pub kind: MeasureType,
    /// 帮扶内容
    #[serde(default)]
    pub content: String,
    /// 开始时间
    pub start: NaiveDate,
    /// 结束时间
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// 金额 (e.g. a 小额信贷 loan)
    #[serde(default)]
    pub amount: Option<Money>,
    /// Carried out (落实).
    #[serde(default)]
    pub implemented: bool,
}

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// 证件类型.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdType {
    /// 居民身份证 (18 digits).
    #[default]
    ResidentId,
    /// 旧版居民身份证 (15 digits).
    ResidentId15,
    /// 户口簿 (a child not yet issued an ID card uses the 户口 number).
    HouseholdRegister,
    /// 港澳台居民居住证 and other permits.
    ResidencePermit,
    /// 其他证件.
    Other,
}

impl IdType {
    /// Every document type, in form order.
    pub const ALL: [IdType; 5] = [
        IdType::ResidentId,
        IdType::ResidentId15,
        IdType::HouseholdRegister,
        IdType::ResidencePermit,
        IdType::Other,
    ];
}

/// 性别.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// Both sexes, in form order.
    pub const ALL: [Sex; 2] = [Sex::Male, Sex::Female];
}

/// 与户主关系.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// 户主
    Head,
    /// 配偶
    Spouse,
    /// 之子
    Son,
    /// 之女
    Daughter,
    /// 之儿媳
    DaughterInLaw,
    /// 之女婿
    SonInLaw,
    /// 之孙子
    Grandson,
    /// 之孙女
    Granddaughter,
    /// 之父
    Father,
    /// 之母
    Mother,
    /// 之兄弟姐妹
    Sibling,
    /// 其他
    Other,
}

impl Relation {
    /// Every relation to the head, in form order.
    pub const ALL: [Relation; 12] = [
        Relation::Head,
        Relation::Spouse,
        Relation::Son,
        Relation::Daughter,
        Relation::DaughterInLaw,
        Relation::SonInLaw,
        Relation::Grandson,
        Relation::Granddaughter,
        Relation::Father,
        Relation::Mother,
        Relation::Sibling,
        Relation::Other,
    ];
}

/// 文化程度, for members who are not in school.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Education {
    /// 文盲或半文盲
    Illiterate,
    /// 小学
    Primary,
    /// 初中
    JuniorHigh,
    /// 高中
    SeniorHigh,
    /// 中专/中职
    Vocational,
    /// 大专及以上
    College,
}

impl Education {
    /// Every education level, lowest first.
    pub const ALL: [Education; 6] = [
        Education::Illiterate,
        Education::Primary,
        Education::JuniorHigh,
        Education::SeniorHigh,
        Education::Vocational,
        Education::College,
    ];
}

/// 在校生状况.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolStage {
    /// 学前教育
    Preschool,
    /// 小学
    Primary,
    /// 初中
    JuniorHigh,
    /// 高中
    SeniorHigh,
    /// 中职
    SecondaryVocational,
    /// 高职高专
    HigherVocational,
    /// 本科及以上
    Undergraduate,
    /// 失学辍学
    DroppedOut,
}

impl SchoolStage {
    /// Every school stage, in form order.
    pub const ALL: [SchoolStage; 8] = [
        SchoolStage::Preschool,
        SchoolStage::Primary,
        SchoolStage::JuniorHigh,
        SchoolStage::SeniorHigh,
        SchoolStage::SecondaryVocational,
        SchoolStage::HigherVocational,
        SchoolStage::Undergraduate,
        SchoolStage::DroppedOut,
    ];

    /// Stages whose fees count as non-compulsory schooling (高中 and above).
    pub fn is_non_compulsory(self) -> bool {
        matches!(
            self,
            SchoolStage::SeniorHigh
                | SchoolStage::SecondaryVocational
                | SchoolStage::HigherVocational
                | SchoolStage::Undergraduate
        )
    }
}

/// 健康状况: the conditions combine; none of them set means 健康.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Health {
    /// 长期慢性病
    pub chronic_illness: bool,
    /// 患有大病
    pub serious_illness: bool,
    /// 残疾, with its 残疾等级 (1–4) when known.
    pub disabled: bool,
    /// 残疾等级 1 (most severe) to 4.
    pub disability_grade: Option<u8>,
}

impl Health {
    /// 健康: no condition recorded.
    pub fn is_healthy(&self) -> bool {
        !self.chronic_illness && !self.serious_illness && !self.disabled
    }
}

/// 劳动技能.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabourSkill {
    /// 技能劳动力
    Skilled,
    /// 普通劳动力
    Ordinary,
    /// 弱劳动力或半劳动力
    Weak,
    /// 丧失劳动力
    Lost,
    /// 无劳动力 (children, students, the old)
    None,
}

impl LabourSkill {
    /// Every labour skill, in form order.
    pub const ALL: [LabourSkill; 5] = [
        LabourSkill::Skilled,
        LabourSkill::Ordinary,
        LabourSkill::Weak,
        LabourSkill::Lost,
        LabourSkill::None,
    ];

    /// Able to work at all (技能, 普通, 弱或半劳动力).
    pub fn can_work(self) -> bool {
        matches!(
            self,
            LabourSkill::Skilled | LabourSkill::Ordinary | LabourSkill::Weak
        )
    }

    /// A full worker (技能 or 普通劳动力).
    pub fn is_full(self) -> bool {
        matches!(self, LabourSkill::Skilled | LabourSkill::Ordinary)
    }
}

/// A household member (家庭成员).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Stable id within the household, made by the device (a UUID or a short key).
    pub id: String,
    /// 姓名
    pub name: String,
    /// 证件类型
    #[serde(default)]
    pub id_type: IdType,
    /// 证件号码, as entered (validation parses it).
    #[serde(default)]
    pub id_number: String,
    /// 性别
    pub sex: Sex,
    /// 出生日期
    pub birth_date: Option<NaiveDate>,
    /// 与户主关系
    pub relation: Relation,
    /// 文化程度, for members not in school.
    #[serde(default)]
    pub education: Option<Education>,
    /// 在校生状况, for members in (or dropped out of) school.
    #[serde(default)]
    pub school_stage: Option<SchoolStage>,
    /// 健康状况
    #[serde(default)]
    pub health: Health,
    /// 劳动技能
    pub labour: LabourSkill,
    /// 务工所在地
    #[serde(default)]
    pub work_place: String,
    /// 务工时间 in months over the income year.
    #[serde(default)]
    pub work_months: u8,
    /// 是否参加基本医疗保险
    #[serde(default)]
    pub medical_insurance: bool,
    /// 是否参加基本养老保险
    #[serde(default)]
    pub pension_insurance: bool,
    /// 是否享受低保
    #[serde(default)]
    pub dibao: bool,
    /// 是否特困供养
    #[serde(default)]
    pub tekun: bool,
    /// Counted in 家庭人口数 (lives with the household and shares income and spending).
    #[serde(default = "yes")]
    pub counted: bool,
}

fn yes() -> bool {
    true
}

impl Member {
    /// Age in whole years on `date`, if the birth date is known and not after `date`.
    pub fn age_on(&self, date: NaiveDate) -> Option<u32> {
        let birth = self.birth_date?;
        date.years_since(birth)
    }

    /// In work: has 务工 months in the income year.
    pub fn in_work(&self) -> bool {
        self.work_months > 0
    }
}

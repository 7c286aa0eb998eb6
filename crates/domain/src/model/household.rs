use serde::{Deserialize, Serialize};

use super::{AreaRef, Income, Measure, Member, Monitoring, Visit};

/// The version of the stored and transmitted record format. Raise it with a migration.
pub const FORMAT_VERSION: u32 = 1;

/// A household's identity: a UUID made by the device that registered it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HouseholdId(pub String);

/// 户类型.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdType {
    /// 脱贫户: was registered poor and has exited poverty.
    FormerlyPoor,
    /// 一般农户.
    #[default]
    Ordinary,
}

impl HouseholdType {
    /// Both household types, in form order.
    pub const ALL: [HouseholdType; 2] = [HouseholdType::FormerlyPoor, HouseholdType::Ordinary];
}

/// 住房安全等级 (dangerous-building appraisal grade).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum HousingGrade {
    /// 安全
    A,
    /// 基本安全
    B,
    /// 局部危险
    C,
    /// 整体危险
    D,
}

impl HousingGrade {
    /// Every grade, safest first.
    pub const ALL: [HousingGrade; 4] = [
        HousingGrade::A,
        HousingGrade::B,
        HousingGrade::C,
        HousingGrade::D,
    ];

    /// C and D are dangerous buildings.
    pub fn is_unsafe(self) -> bool {
        matches!(self, HousingGrade::C | HousingGrade::D)
    }
}

/// 两不愁三保障 and 饮水安全 as found at the last visit: `true` means the problem is present.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Guarantees {
    /// 吃穿不愁 not secured.
    pub food_clothing_insecure: bool,
    /// 住房出现安全问题.
    pub housing_unsafe: bool,
    /// 义务教育阶段适龄儿童少年失学辍学.
    pub school_dropout: bool,
    /// 有家庭成员未参加基本医疗保险.
    pub medical_insurance_gap: bool,
    /// 饮水出现安全问题.
    pub water_unsafe: bool,
}

impl Guarantees {
    /// True when any of 两不愁三保障 or water is not secured.
    pub fn any_failure(&self) -> bool {
        self.food_clothing_insecure
            || self.housing_unsafe
            || self.school_dropout
            || self.medical_insurance_gap
            || self.water_unsafe
    }
}

/// A rural household under dynamic monitoring, with everything recorded about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Household {
    /// Always [`FORMAT_VERSION`] when written by this version.
    pub format_version: u32,
    /// Client-made UUID.
    pub id: HouseholdId,
    /// 户编号 in the national system, once known.
    #[serde(default)]
    pub household_number: String,
    /// 所在地区.
    pub area: AreaRef,
    /// 家庭住址.
    #[serde(default)]
    pub address: String,
    /// 联系电话.
    #[serde(default)]
    pub phone: String,
    /// 户类型.
    pub household_type: HouseholdType,
    /// 是否易地扶贫搬迁户.
    #[serde(default)]
    pub relocated: bool,
    /// 安置点 of a relocated household.
    #[serde(default)]
    pub resettlement_site: String,
    /// 住房安全等级, when appraised.
    #[serde(default)]
    pub housing_grade: Option<HousingGrade>,
    /// 两不愁三保障 and 饮水安全.
    #[serde(default)]
    pub guarantees: Guarantees,
    /// 家庭成员, the 户主 among them.
    pub members: Vec<Member>,
    /// Yearly income and spending.
    pub income: Income,
    /// Category, risks, procedure and exit.
    #[serde(default)]
    pub monitoring: Monitoring,
    /// 帮扶措施.
    #[serde(default)]
    pub measures: Vec<Measure>,
    /// 走访记录.
    #[serde(default)]
    pub visits: Vec<Visit>,
    /// 附件: photos and the consent's signature (their bytes travel apart, by SHA-256).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<super::Attachment>,
    /// The signed 承诺授权书, once signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<super::Consent>,
}

impl Household {
    /// The 户主, if exactly one member is recorded as such (the first one otherwise).
    pub fn head(&self) -> Option<&Member> {
        self.members
            .iter()
            .find(|m| m.relation == super::Relation::Head)
    }

    /// Members who count in 家庭人口数.
    pub fn counted_members(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.counted)
    }

    /// 家庭人口数.
    pub fn size(&self) -> u32 {
        self.counted_members().count() as u32
    }

    /// Voided (作废): registered by mistake, out of every list, count and export.
    pub fn is_voided(&self) -> bool {
        self.monitoring.voided.is_some()
    }

    /// The date whose terms (names and code lists, [`crate::policy::Terms`]) the record is shown
    /// with: its identification date, so older records keep their terms; `today` before it is
    /// identified.
    pub fn terms_date(&self, today: chrono::NaiveDate) -> chrono::NaiveDate {
        self.monitoring.identified_on.unwrap_or(today)
    }

    /// The social-assistance status codes of the household: those recorded, and `dibao` /
    /// `tekun` when a member's flag says so ([`crate::policy::terms::MEMBER_STATUS_CODES`]).
    pub fn assistance_codes(&self) -> Vec<String> {
        let mut out = self.monitoring.assistance.clone();
        let flags = [
            self.members.iter().any(|m| m.dibao),
            self.members.iter().any(|m| m.tekun),
        ];
        for (code, on) in crate::policy::terms::MEMBER_STATUS_CODES.iter().zip(flags) {
            if on && !out.iter().any(|c| c == code) {
                out.push((*code).to_string());
            }
        }
        out
    }

    /// The most recent visit date.
    pub fn last_visit(&self) -> Option<chrono::NaiveDate> {
        self.visits.iter().map(|v| v.date).max()
    }
}

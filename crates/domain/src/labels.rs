//! Standard field names and code-list labels (DOMAIN.md §10), in both languages.
//!
//! This is the one catalogue of names the app shows for the record: form labels come from
//! [`field_name`] (or [`FIELD_NAMES`]) and every code-list value's name from [`Label::label`].
//! The Chinese names are the national system's, so a worker finds the same words on paper forms.
use crate::classify::ProcedureStep;
use crate::model::{
    DisasterKind, DiscoveryChannel, Education, ExitMode, HouseholdType, HousingGrade, IdType,
    LabourSkill, LeadVerdict, MeasureType, MonitoredCategory, MoveKind, ProcedureKind, Relation,
    RiskType, SchoolStage, Sex,
};

mod values;
use crate::Text;
pub use values::value_label;

/// A code-list value's label in both languages.
pub trait Label {
    /// The label, e.g. 因病 / Illness.
    fn label(&self) -> Text;
}

/// Implements [`Label`] for an enum from a `Variant => "中文", "English";` list. The match is
/// exhaustive, so a new variant without a label does not compile.
macro_rules! labels {
    ($ty:ident { $($variant:ident => $zh:literal, $en:literal;)* }) => {
        impl Label for $ty {
            fn label(&self) -> Text {
                let (zh, en) = match self {
                    $($ty::$variant => ($zh, $en),)*
                };
                Text::new(zh, en)
            }
        }
    };
}

labels!(IdType {
    ResidentId => "居民身份证", "Resident ID card";
    ResidentId15 => "旧版居民身份证", "Old resident ID (15 digits)";
    HouseholdRegister => "户口簿", "Household register (hukou)";
    ResidencePermit => "港澳台居民居住证", "Residence permit (Hong Kong, Macao, Taiwan)";
    Other => "其他证件", "Other document";
});

labels!(Sex {
    Male => "男", "Male";
    Female => "女", "Female";
});

labels!(Relation {
    Head => "户主", "Head of household";
    Spouse => "配偶", "Spouse";
    Son => "之子", "Son";
    Daughter => "之女", "Daughter";
    DaughterInLaw => "之儿媳", "Daughter-in-law";
    SonInLaw => "之女婿", "Son-in-law";
    Grandson => "之孙子", "Grandson";
    Granddaughter => "之孙女", "Granddaughter";
    Father => "之父", "Father";
    Mother => "之母", "Mother";
    Sibling => "之兄弟姐妹", "Brother or sister";
    Other => "其他", "Other";
});

labels!(Education {
    Illiterate => "文盲或半文盲", "Illiterate or semi-literate";
    Primary => "小学", "Primary school";
    JuniorHigh => "初中", "Junior high school";
    SeniorHigh => "高中", "Senior high school";
    Vocational => "中专（中职）", "Secondary vocational school";
    College => "大专及以上", "College or above";
});

labels!(SchoolStage {
    Preschool => "学前教育", "Preschool";
    Primary => "小学", "Primary school";
    JuniorHigh => "初中", "Junior high school";
    SeniorHigh => "高中", "Senior high school";
    SecondaryVocational => "中职", "Secondary vocational school";
    HigherVocational => "高职高专", "Higher vocational college";
    Undergraduate => "本科及以上", "Undergraduate or above";
    DroppedOut => "失学辍学", "Dropped out of school";
});

labels!(LabourSkill {
    Skilled => "技能劳动力", "Skilled labour";
    Ordinary => "普通劳动力", "Ordinary labour";
    Weak => "弱劳动力或半劳动力", "Weak or half labour";
    Lost => "丧失劳动力", "Lost the ability to work";
    None => "无劳动力", "No labour capacity";
});

labels!(HouseholdType {
    FormerlyPoor => "脱贫户", "Formerly poor household";
    Ordinary => "一般农户", "Ordinary rural household";
});

labels!(HousingGrade {
    A => "A级（安全）", "A (safe)";
    B => "B级（基本安全）", "B (basically safe)";
    C => "C级（局部危险）", "C (partly dangerous)";
    D => "D级（整体危险）", "D (dangerous as a whole)";
});

labels!(MonitoredCategory {
    UnstableFormerlyPoor => "脱贫不稳定户", "Formerly poor, unstable";
    EdgeAtRisk => "边缘易致贫户", "Edge household at risk of poverty";
    SuddenHardship => "突发严重困难户", "Household in sudden severe hardship";
});

labels!(RiskType {
    Illness => "因病", "Illness";
    Disability => "因残", "Disability";
    Schooling => "因学", "Schooling costs";
    NaturalDisaster => "因自然灾害", "Natural disaster";
    Accident => "因意外事故", "Accident";
    BusinessFailure => "因产业项目失败", "Failed business project";
    UnstableEmployment => "因务工就业不稳", "Unstable employment";
    LackOfLabour => "缺劳动力", "Lack of labour";
    HousingUnsafe => "因安全住房", "Unsafe housing";
    WaterUnsafe => "因安全饮水", "Unsafe drinking water";
    Other => "其他", "Other";
});

labels!(DisasterKind {
    Flood => "洪涝", "Flood";
    Geological => "地质", "Geological hazard";
    Drought => "旱灾", "Drought";
    Biological => "生物", "Biological hazard";
    Meteorological => "气象", "Meteorological hazard";
    Earthquake => "地震", "Earthquake";
    Other => "其他", "Other";
});

labels!(MeasureType {
    Industry => "产业帮扶", "Industry support";
    Employment => "就业帮扶", "Employment support";
    Finance => "金融帮扶", "Financial support (microcredit)";
    PublicWelfareJob => "公益岗位帮扶", "Public-welfare job";
    Health => "健康帮扶", "Health support";
    CompulsoryEducation => "义务教育保障", "Compulsory education guarantee";
    OtherEducation => "其他教育帮扶", "Other education support (Yulu plan)";
    SocialSecurity => "综合保障", "Social assistance (dibao, tekun, temporary relief)";
    Housing => "住房安全保障", "Housing safety guarantee";
    DrinkingWater => "饮水安全保障", "Drinking water guarantee";
    Social => "社会帮扶", "Social support";
    Relocation => "搬迁", "Relocation";
    LivingConditions => "生产生活条件改善", "Better living and production conditions";
    Infrastructure => "基础设施建设", "Infrastructure";
});

labels!(DiscoveryChannel {
    SelfReport => "农户自主申报", "Household's own application";
    CadreScreening => "基层干部排查", "Screening by local cadres";
    DepartmentAlert => "部门筛查预警", "Alert from a government department";
});

labels!(ExitMode {
    AfterAssistance => "帮扶消除", "Eliminated after assistance";
    Natural => "自然消除", "Eliminated naturally";
});

labels!(LeadVerdict {
    Include => "纳入监测", "Include in monitoring";
    Exclude => "不纳入", "Not included";
});

labels!(MoveKind {
    SplitOff => "分户迁出", "Split off to a household of their own";
    SplitFrom => "分户新立", "New household from a split";
    MovedOut => "迁出到本地另一户", "Moved to another household here";
    MovedIn => "从本地另一户迁入", "Moved in from another household here";
    MovedAway => "迁出本地", "Moved out of the area";
});

labels!(ProcedureKind {
    Identification => "识别", "Identification";
    Exit => "风险消除", "Exit";
});

labels!(ProcedureStep {
    HomeCheck => "入户核实", "Home check";
    VillageReview => "村级民主评议", "Village review";
    Publicity => "公示", "Publicity";
    TownshipCheck => "乡镇审核", "Township check";
    CountyApproval => "县级审定", "County approval";
});

/// The standard field names: (key, 中文, English).
///
/// A key is the field's path in the record's JSON without list indices (`members.id_number`
/// for `members[2].id_number`). Keys without a dot that are no JSON field (`head_name`,
/// `household_size`, `net_income`, `per_capita_net_income`) name figures derived from the record.
#[rustfmt::skip]
pub const FIELD_NAMES: &[(&str, &str, &str)] = &[
    ("household_number", "户编号", "Household number"),
    ("area", "所在地区", "Area"),
    ("area.code", "所在地区代码", "Area code"),
    ("area.name", "所在地区名称", "Area name"),
    ("area.code_year", "区划代码年份", "Area code year"),
    ("address", "家庭住址", "Address"),
    ("head_name", "户主姓名", "Name of the head of household"),
    ("head_id_number", "户主证件号码", "ID number of the head of household"),
    ("phone", "联系电话", "Phone number"),
    ("household_size", "家庭人口数", "Household size"),
    ("household_type", "户类型", "Household type"),
    ("relocated", "是否易地扶贫搬迁户", "Relocated for poverty alleviation"),
    ("resettlement_site", "安置点", "Resettlement site"),
    ("housing_grade", "住房安全等级", "Housing safety grade"),
    ("guarantees", "两不愁三保障及饮水安全", "Basic needs, guarantees and drinking water"),
    ("guarantees.food_clothing_insecure", "吃穿出现问题", "Food or clothing not secured"),
    ("guarantees.housing_unsafe", "住房出现安全问题", "Housing unsafe"),
    ("guarantees.school_dropout", "义务教育阶段适龄儿童少年失学辍学", "A child of compulsory-school age out of school"),
    ("guarantees.medical_insurance_gap", "有家庭成员未参加基本医疗保险", "A member without basic medical insurance"),
    ("guarantees.water_unsafe", "饮水出现安全问题", "Drinking water unsafe"),
    ("members", "家庭成员", "Household members"),
    ("members.id", "成员编号", "Member record id"),
    ("members.name", "姓名", "Name"),
    ("members.id_type", "证件类型", "Document type"),
    ("members.id_number", "证件号码", "ID number"),
    ("members.sex", "性别", "Sex"),
    ("members.birth_date", "出生日期", "Date of birth"),
    ("members.relation", "与户主关系", "Relation to the head of household"),
    ("members.education", "文化程度", "Education"),
    ("members.school_stage", "在校生状况", "School status"),
    ("members.health", "健康状况", "Health"),
    ("members.health.chronic_illness", "长期慢性病", "Long-term chronic illness"),
    ("members.health.serious_illness", "患有大病", "Serious illness"),
    ("members.health.disabled", "残疾", "Disability"),
    ("members.health.disability_grade", "残疾等级", "Disability grade"),
    ("members.labour", "劳动技能", "Labour skill"),
    ("members.work_place", "务工所在地", "Place of work"),
    ("members.work_months", "务工时间（月）", "Months in work"),
    ("members.medical_insurance", "是否参加基本医疗保险", "Basic medical insurance"),
    ("members.pension_insurance", "是否参加基本养老保险", "Basic pension insurance"),
    ("members.dibao", "是否享受低保", "Receives dibao (minimum living allowance)"),
    ("members.tekun", "是否特困供养", "Supported as extremely poor (tekun)"),
    ("members.counted", "计入家庭人口", "Counted in the household size"),
    ("income", "收入", "Income"),
    ("income.period_start", "收入起始日期", "Income period start"),
    ("income.period_end", "收入截止日期", "Income period end"),
    ("income.wages", "工资性收入", "Wage income"),
    ("income.business", "生产经营性收入", "Business income"),
    ("income.property", "财产性收入", "Property income"),
    ("income.transfers", "转移性收入", "Transfer income"),
    ("income.production_costs", "生产经营性支出", "Production costs"),
    ("income.insurance_claims", "理赔收入", "Insurance claims"),
    ("income.spending", "合规自付支出", "Compliant out-of-pocket spending"),
    ("income.spending.medical", "医疗合规自付支出", "Medical out-of-pocket spending"),
    ("income.spending.inpatient", "住院合规自付支出", "Inpatient out-of-pocket spending"),
    ("income.spending.largest_single_stay", "单次住院最高自付支出", "Largest out-of-pocket spending on one hospital stay"),
    ("income.spending.education", "教育合规自付支出", "Education out-of-pocket spending"),
    ("income.spending.disaster", "因灾刚性支出", "Rigid spending caused by a disaster"),
    ("income.spending.accident", "意外事故刚性支出", "Rigid spending caused by an accident"),
    ("income.previous_net", "上期家庭纯收入", "Previous net household income"),
    ("income.stable_since", "收入稳定起始日期", "Income stable since"),
    ("net_income", "家庭纯收入", "Net household income"),
    ("per_capita_net_income", "人均纯收入", "Net income per person"),
    ("monitoring", "监测信息", "Monitoring"),
    ("monitoring.category", "监测对象类别", "Monitored category"),
    ("monitoring.risks", "致贫返贫风险", "Risks"),
    ("monitoring.risks.type", "风险类型", "Risk type"),
    ("monitoring.risks.disaster_kind", "灾害类型", "Kind of disaster"),
    ("monitoring.risks.resolved_on", "风险消除日期", "Risk resolved on"),
    ("monitoring.override_reason", "调整风险的理由", "Reason for changing the suggested risks"),
    ("monitoring.identified_on", "识别监测时间", "Identified on"),
    ("monitoring.helper", "帮扶责任人", "Assigned helper"),
    ("monitoring.procedure", "识别程序", "Identification procedure"),
    ("monitoring.procedure.channel", "发现渠道", "Discovery channel"),
    ("monitoring.procedure.lead_found", "发现线索日期", "Lead found"),
    ("monitoring.procedure.home_check", "入户核实日期", "Home check"),
    ("monitoring.procedure.village_review", "村级民主评议日期", "Village review"),
    ("monitoring.procedure.publicity_start", "公示开始日期", "Publicity start"),
    ("monitoring.procedure.publicity_end", "公示结束日期", "Publicity end"),
    ("monitoring.procedure.township_check", "乡镇审核日期", "Township check"),
    ("monitoring.procedure.county_approval", "县级审定日期", "County approval"),
    ("monitoring.procedure.decisions", "审核决定", "Office decisions"),
    ("monitoring.procedure.help_first", "先帮后评", "Help first, identify after"),
    ("monitoring.local_category", "本地监测类别", "Local category"),
    ("monitoring.assistance", "社会救助身份", "Social-assistance status"),
    ("monitoring.procedure.decisions.by", "审核人", "Decided by"),
    ("monitoring.procedure.decisions.comment", "审核意见", "Comment on the decision"),
    ("monitoring.exit", "风险消除", "Risk elimination"),
    ("monitoring.exit.mode", "风险消除方式", "Way the risk was eliminated"),
    ("monitoring.exit.date", "风险消除时间", "Risk eliminated on"),
    ("monitoring.exit_procedure", "风险消除程序", "Exit procedure"),
    ("monitoring.exit_procedure.mode", "拟消除方式", "Proposed way of elimination"),
    ("monitoring.exit_procedure.started", "风险消除程序开始日期", "Exit procedure started"),
    ("monitoring.exit_procedure.started_by", "发起人", "Started by"),
    ("monitoring.exit_procedure.village_review", "村级民主评议日期", "Village review"),
    ("monitoring.exit_procedure.publicity_start", "公示开始日期", "Publicity start"),
    ("monitoring.exit_procedure.publicity_end", "公示结束日期", "Publicity end"),
    ("monitoring.exit_procedure.township_check", "乡镇审核日期", "Township check"),
    ("monitoring.exit_procedure.county_approval", "县级审定日期", "County approval"),
    ("monitoring.exit_procedure.withdrawn", "撤回风险消除", "Exit withdrawn"),
    ("monitoring.leads", "线索", "Leads"),
    ("monitoring.leads.id", "线索编号", "Lead id"),
    ("monitoring.leads.member_id", "名单成员编号", "Member of the lead"),
    ("monitoring.leads.by", "线索登记人", "Lead recorded by"),
    ("monitoring.leads.amount", "线索金额", "Amount on the list"),
    ("monitoring.leads.outcome.by", "核实人", "Checked by"),
    ("monitoring.leads.source", "线索来源", "Source of the lead"),
    ("monitoring.leads.month", "名单月份", "Month of the list"),
    ("monitoring.leads.found", "线索接收日期", "Lead received on"),
    ("monitoring.leads.due", "识别时限", "Identification due by"),
    ("monitoring.leads.name", "名单姓名", "Name on the list"),
    ("monitoring.leads.details", "线索情况", "What the department found"),
    ("monitoring.leads.outcome", "核实结果", "Outcome of the check"),
    ("monitoring.leads.outcome.verdict", "核实结论", "Verdict"),
    ("monitoring.leads.outcome.reason", "核实理由", "Reason"),
    ("monitoring.leads.outcome.date", "核实日期", "Checked on"),
    ("monitoring.voided", "作废", "Voided"),
    ("monitoring.voided.date", "作废日期", "Voided on"),
    ("monitoring.voided.by", "作废人", "Voided by"),
    ("monitoring.voided.reason", "作废原因", "Reason for voiding"),
    ("monitoring.moves", "成员迁入迁出", "Members moved in and out"),
    ("monitoring.moves.id", "迁移记录编号", "Move record id"),
    ("monitoring.moves.date", "迁移日期", "Moved on"),
    ("monitoring.moves.kind", "迁移方式", "How the member moved"),
    ("monitoring.moves.member_id", "成员编号", "Member record id"),
    ("monitoring.moves.name", "迁移成员姓名", "Name of the member who moved"),
    ("monitoring.moves.other_household", "对方户", "The other household"),
    ("monitoring.moves.other_head", "对方户主", "Head of the other household"),
    ("monitoring.moves.reason", "迁移原因", "Reason for the move"),
    ("monitoring.exit_procedure.decisions", "审核决定", "Office decisions"),
    ("monitoring.exit_procedure.decisions.by", "审核人", "Decided by"),
    ("monitoring.exit_procedure.decisions.comment", "审核意见", "Comment on the decision"),
    ("monitoring.exit_procedure.withdrawn.by", "撤回人", "Withdrawn by"),
    ("monitoring.exit_procedure.withdrawn.reason", "撤回理由", "Reason for the withdrawal"),
    ("measures", "帮扶措施", "Assistance measures"),
    ("measures.id", "措施编号", "Measure record id"),
    ("measures.type", "措施类型", "Measure type"),
    ("measures.content", "帮扶内容", "Content"),
    ("measures.start", "开始时间", "Start"),
    ("measures.end", "结束时间", "End"),
    ("measures.amount", "金额", "Amount"),
    ("measures.implemented", "是否落实", "Carried out"),
    ("visits", "走访记录", "Visits"),
    ("visits.id", "走访编号", "Visit record id"),
    ("visits.date", "走访日期", "Visit date"),
    ("visits.visitor", "走访人", "Visitor"),
    ("visits.notes", "走访情况", "Notes"),
    ("visits.gps", "走访位置", "Location of the visit"),
    ("attachments", "附件", "Attachments"),
    ("attachments.id", "附件编号", "Attachment id"),
    ("attachments.subject", "附件内容", "What the attachment shows"),
    ("attachments.of", "所属记录", "Record it belongs to"),
    ("attachments.content_type", "附件类型", "Attachment type"),
    ("attachments.bytes", "附件大小", "Attachment size"),
    ("attachments.thumb", "缩略图", "Thumbnail"),
    ("attachments.taken_at", "拍摄时间", "Taken at"),
    ("attachments.gps", "拍摄位置", "Where it was taken"),
    ("attachments.by", "拍摄人", "Taken by"),
    ("consent", "承诺授权书", "Consent and authorisation"),
    ("consent.text_id", "授权书文本", "Consent text"),
    ("consent.text_version", "授权书版本", "Consent text version"),
    ("consent.signer", "签字人", "Signed by"),
    ("consent.relation", "签字人与户主关系", "Signer's relation to the head"),
    ("consent.signed_on", "签署日期", "Date signed"),
    ("consent.witness", "见证人", "Witness"),
    ("consent.signature", "签名", "Signature"),
];

/// The standard name of a field.
///
/// `key` is a key of [`FIELD_NAMES`], a field path with indices as validation reports it
/// (`members[2].id_number`), or a bare JSON field name (`wages`, `id_number`) when only one field
/// has that name; an ambiguous bare name such as `name` or `date` gives `None`.
pub fn field_name(key: &str) -> Option<Text> {
    let path = without_indices(key);
    let entry = FIELD_NAMES
        .iter()
        .find(|(k, _, _)| *k == path)
        .or_else(|| {
            let mut by_last = FIELD_NAMES
                .iter()
                .filter(|(k, _, _)| k.rsplit('.').next() == Some(path.as_str()));
            match (by_last.next(), by_last.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        })?;
    Some(Text::new(entry.1, entry.2))
}

/// `members[2].health.disabled` → `members.health.disabled`.
pub(crate) fn without_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;

//! A valid baseline household that each test changes in one respect.
use chrono::NaiveDate;
use shouwang_domain::model::*;
use shouwang_domain::{classify, Classification, Household, Money, Policy};

/// The assessment date of every rule test.
pub fn today() -> NaiveDate {
    date("2026-11-29")
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn yuan(y: i64) -> Money {
    Money::yuan(y)
}

/// The line of the baseline village (贵州省, 2023 line still in force in 2026).
pub const LINE: i64 = 7300;

pub fn member(id: &str, name: &str, relation: Relation, sex: Sex, birth: &str) -> Member {
    Member {
        id: id.into(),
        name: name.into(),
        id_type: IdType::ResidentId,
        id_number: String::new(),
        sex,
        birth_date: Some(date(birth)),
        relation,
        education: Some(Education::JuniorHigh),
        school_stage: None,
        health: Health::default(),
        labour: LabourSkill::Ordinary,
        work_place: "都匀市".into(),
        work_months: 12,
        medical_insurance: true,
        pension_insurance: true,
        dibao: false,
        tekun: false,
        counted: true,
    }
}

/// An ordinary two-worker household in 贵州 well above the line, with no risk.
pub fn household() -> Household {
    Household {
        format_version: FORMAT_VERSION,
        id: HouseholdId("00000000-0000-4000-8000-000000000001".into()),
        household_number: String::new(),
        area: AreaRef {
            code: "522701102203".into(),
            name: "贵州省黔南布依族苗族自治州都匀市墨冲镇良亩村".into(),
            code_year: 2024,
        },
        address: "良亩村一组 1 号".into(),
        phone: "13885400000".into(),
        household_type: HouseholdType::Ordinary,
        relocated: false,
        resettlement_site: String::new(),
        housing_grade: Some(HousingGrade::A),
        guarantees: Guarantees::default(),
        members: vec![
            member("m1", "甲", Relation::Head, Sex::Male, "1980-01-01"),
            member("m2", "乙", Relation::Spouse, Sex::Female, "1982-01-01"),
        ],
        income: Income {
            wages: yuan(40_000),
            ..Income::default()
        },
        monitoring: Monitoring::default(),
        measures: Vec::new(),
        visits: Vec::new(),
        attachments: Vec::new(),
        consent: None,
    }
}

/// Sets income so that 人均纯收入 is `per_capita` (wages only, no costs).
pub fn with_per_capita(mut h: Household, per_capita: Money) -> Household {
    h.income.wages = per_capita.times(i64::from(h.size()));
    h
}

pub fn risk(kind: RiskType) -> Risk {
    Risk {
        kind,
        disaster_kind: None,
        resolved_on: None,
    }
}

pub fn measure(kind: MeasureType, implemented: bool) -> Measure {
    Measure {
        id: format!("{kind:?}"),
        kind,
        content: String::new(),
        start: date("2025-06-01"),
        end: None,
        amount: None,
        implemented,
    }
}

pub fn run(h: &Household) -> Classification {
    classify(h, &Policy::builtin(), today())
}

pub fn rules_hit(c: &Classification) -> Vec<&str> {
    c.triggers.iter().map(|t| t.rule.as_str()).collect()
}

pub fn finding_rules(c: &Classification) -> Vec<&str> {
    c.findings.iter().map(|f| f.reason.rule.as_str()).collect()
}

pub fn risk_kinds(c: &Classification) -> Vec<RiskType> {
    c.suggested_risks.iter().map(|r| r.kind).collect()
}

/// The role whose step `step` is (县级审定 the county admin's, the others the township's).
pub fn role_for(
    step: shouwang_domain::classify::ProcedureStep,
) -> shouwang_domain::sync::wire::Role {
    use shouwang_domain::classify::ProcedureStep;
    use shouwang_domain::sync::wire::Role;
    if step == ProcedureStep::CountyApproval {
        Role::Admin
    } else {
        Role::Reviewer
    }
}

/// A visit on `day` by the helper.
pub fn visit_on(day: &str) -> Visit {
    Visit {
        id: format!("v-{day}"),
        date: date(day),
        visitor: "张驻村".into(),
        notes: String::new(),
        gps: None,
    }
}

/// `h` with the shipped 承诺授权书 signed by its head at the home check, as every household whose
/// identification goes to the village review has.
pub fn signed_consent(mut h: Household) -> Household {
    let signature = "c".repeat(64);
    h.attachments.push(Attachment {
        id: signature.clone(),
        subject: AttachmentSubject::Consent,
        of: String::new(),
        content_type: "image/png".into(),
        bytes: 4_000,
        width: 600,
        height: 240,
        thumb: None,
        taken_at: "2026-11-01T03:00:00Z".parse().unwrap(),
        gps: None,
        by: "worker".into(),
    });
    h.consent = Some(Consent {
        text_id: "default".into(),
        text_version: 1,
        signer: h.members[0].name.clone(),
        relation: Relation::Head,
        signed_on: date("2026-11-01"),
        witness: "worker".into(),
        signature,
    });
    h
}

//! A valid baseline household for tests: each test changes one thing and expects one problem.
use chrono::NaiveDate;

use crate::id_number::check_char;
use crate::model::*;
use crate::{Money, Policy, Rules};

use super::{validate, Problem, Severity};

/// The day every test validates on.
pub fn today() -> NaiveDate {
    date("2026-11-29")
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("test dates are ISO dates")
}

/// The national default rules.
pub fn rules() -> Rules {
    Policy::builtin().resolve(None, 2026).rules
}

/// A valid 18-digit ID number of someone born on `birth` (ISO date) in 都匀市; an odd `seq` makes
/// a man, an even one a woman.
pub fn id18(birth: &str, seq: u16) -> String {
    let first17 = format!("522701{}{seq:03}", date(birth).format("%Y%m%d"));
    let check = check_char(&first17).expect("17 digits");
    format!("{first17}{check}")
}

/// A working adult with a resident ID that matches the recorded sex and birth date.
pub fn member(id: &str, name: &str, relation: Relation, sex: Sex, birth: &str) -> Member {
    let seq = match sex {
        Sex::Male => 11,
        Sex::Female => 22,
    };
    Member {
        id: id.into(),
        name: name.into(),
        id_type: IdType::ResidentId,
        id_number: id18(birth, seq),
        sex,
        birth_date: Some(date(birth)),
        relation,
        education: Some(Education::JuniorHigh),
        school_stage: None,
        health: Health::default(),
        labour: LabourSkill::Ordinary,
        work_place: "都匀市".into(),
        work_months: 10,
        medical_insurance: true,
        pension_insurance: true,
        dibao: false,
        tekun: false,
        counted: true,
    }
}

/// A pupil of primary school, not working.
pub fn child(id: &str, name: &str, relation: Relation, sex: Sex, birth: &str) -> Member {
    Member {
        education: None,
        school_stage: Some(SchoolStage::Primary),
        labour: LabourSkill::None,
        work_place: String::new(),
        work_months: 0,
        pension_insurance: false,
        ..member(id, name, relation, sex, birth)
    }
}

/// A monitored household of three in 贵州 with every part of the record filled in correctly.
pub fn household() -> Household {
    Household {
        format_version: FORMAT_VERSION,
        id: HouseholdId("00000000-0000-4000-8000-000000000001".into()),
        household_number: "5227011022030001".into(),
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
        housing_grade: Some(HousingGrade::B),
        guarantees: Guarantees::default(),
        members: vec![
            member("m1", "王建国", Relation::Head, Sex::Male, "1980-03-01"),
            member("m2", "李秀英", Relation::Spouse, Sex::Female, "1982-07-15"),
            child(
                "m3",
                "王小梅",
                Relation::Daughter,
                Sex::Female,
                "2016-09-10",
            ),
        ],
        income: Income {
            period_start: Some(date("2025-11-01")),
            period_end: Some(date("2026-10-31")),
            wages: Money::yuan(18_000),
            business: Money::yuan(2_000),
            transfers: Money::yuan(600),
            production_costs: Money::yuan(500),
            spending: Spending {
                medical: Money::yuan(3_000),
                inpatient: Money::yuan(2_000),
                largest_single_stay: Money::yuan(1_500),
                education: Money::ZERO,
                ..Spending::default()
            },
            ..Income::default()
        },
        monitoring: Monitoring {
            category: Some(MonitoredCategory::EdgeAtRisk),
            risks: vec![Risk {
                kind: RiskType::UnstableEmployment,
                disaster_kind: None,
                resolved_on: None,
            }],
            identified_on: Some(date("2026-10-20")),
            helper: "张驻村".into(),
            procedure: Procedure {
                channel: Some(DiscoveryChannel::CadreScreening),
                lead_found: Some(date("2026-10-01")),
                home_check: Some(date("2026-10-03")),
                village_review: Some(date("2026-10-06")),
                publicity_start: Some(date("2026-10-07")),
                publicity_end: Some(date("2026-10-12")),
                township_check: Some(date("2026-10-15")),
                county_approval: Some(date("2026-10-20")),
                decisions: Vec::new(),
                help_first: false,
            },
            ..Monitoring::default()
        },
        measures: vec![Measure {
            id: "e1".into(),
            kind: MeasureType::Employment,
            content: "推荐到都匀经开区务工".into(),
            start: date("2026-10-25"),
            end: Some(date("2027-10-24")),
            amount: None,
            implemented: true,
        }],
        visits: vec![Visit {
            id: "v1".into(),
            date: date("2026-11-20"),
            visitor: "张驻村".into(),
            notes: "夫妻在都匀务工，女儿上小学".into(),
            gps: Some(Gps {
                lat: 26.2631,
                lon: 107.5182,
                accuracy_m: Some(12.0),
            }),
        }],
        attachments: Vec::new(),
        consent: None,
    }
}

/// A 小额信贷 loan of `yuan` from `start` to `end`.
pub fn loan(yuan: i64, start: &str, end: &str) -> Measure {
    Measure {
        id: "f1".into(),
        kind: MeasureType::Finance,
        content: "小额信贷".into(),
        start: date(start),
        end: Some(date(end)),
        amount: Some(Money::yuan(yuan)),
        implemented: true,
    }
}

/// The problems of `h` on the test day under the national rules.
pub fn problems(h: &Household) -> Vec<Problem> {
    validate(h, &rules(), today())
}

/// `(field, code)` of every problem, to compare with `assert_eq!`.
pub fn found(h: &Household) -> Vec<(String, String)> {
    problems(h).into_iter().map(|p| (p.field, p.code)).collect()
}

/// Asserts that `h` has exactly one problem, at `field`, with `code` and `severity`, and a message
/// in both languages; returns it for further checks.
#[track_caller]
pub fn only(h: &Household, field: &str, code: &str, severity: Severity) -> Problem {
    let mut all = problems(h);
    assert_eq!(
        all.iter()
            .map(|p| (p.field.as_str(), p.code.as_str(), p.severity))
            .collect::<Vec<_>>(),
        vec![(field, code, severity)],
        "{all:#?}"
    );
    let p = all.remove(0);
    assert!(!p.message.zh.is_empty() && !p.message.en.is_empty());
    assert!(
        p.message
            .zh
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{}",
        p.message.zh
    );
    assert!(
        p.message
            .en
            .starts_with(|c: char| c.is_ascii_uppercase() || c == '"'),
        "{}",
        p.message.en
    );
    p
}

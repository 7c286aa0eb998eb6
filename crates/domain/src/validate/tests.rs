//! Properties of validation as a whole: the baseline is clean, every problem is addressed to a
//! named field, and the shipped samples have no errors.
use std::path::Path;

use super::fixture::*;
use super::*;
use crate::labels::field_name;
use crate::model::*;
use crate::{Money, Policy};

#[test]
fn the_baseline_household_validates_without_any_problem() {
    assert_eq!(problems(&household()), vec![]);
}

/// A household with something wrong in every part of the record.
fn everything_wrong() -> Household {
    let mut h = household();
    h.phone = "12345".into();
    h.area.code = "5227".into();
    h.area.name.clear();
    h.area.code_year = 1999;
    h.relocated = true;
    h.housing_grade = Some(HousingGrade::D);
    h.guarantees.school_dropout = true;
    h.guarantees.medical_insurance_gap = true;
    let m = &mut h.members[0];
    m.id_number = "52270119800301001".into();
    m.name.clear();
    m.education = None;
    m.work_months = 13;
    m.work_place.clear();
    m.health.disability_grade = Some(7);
    let m = &mut h.members[1];
    m.relation = Relation::Head;
    m.birth_date = Some(date("1982-07-16"));
    m.sex = Sex::Male;
    m.labour = LabourSkill::None;
    m.medical_insurance = false;
    h.members[2].labour = LabourSkill::Ordinary;
    h.members[2].id = "m1".into();
    let i = &mut h.income;
    i.wages = Money::yuan(-1);
    i.spending.inpatient = Money::yuan(9_000);
    i.spending.largest_single_stay = Money::yuan(9_500);
    i.period_end = Some(date("2025-10-01"));
    i.stable_since = Some(date("2027-01-01"));
    let r = &mut h.monitoring;
    r.risks = vec![
        Risk {
            kind: RiskType::NaturalDisaster,
            disaster_kind: None,
            resolved_on: Some(date("2027-01-01")),
        },
        Risk {
            kind: RiskType::NaturalDisaster,
            disaster_kind: Some(DisasterKind::Flood),
            resolved_on: None,
        },
    ];
    r.procedure.home_check = Some(date("2026-09-01"));
    r.procedure.county_approval = Some(date("2027-01-01"));
    r.exit = Some(Exit {
        mode: ExitMode::Natural,
        date: date("2026-01-01"),
    });
    h.measures[0].end = Some(date("2020-01-01"));
    h.measures.push(loan(90_000, "2026-01-01", "2031-01-01"));
    h.measures[1].amount = Some(Money::yuan(-5));
    h.visits[0].visitor.clear();
    h.visits[0].gps = Some(Gps {
        lat: 100.0,
        lon: 0.0,
        accuracy_m: None,
    });
    h
}

#[test]
fn every_problem_names_a_standard_field_in_both_languages() {
    let all = problems(&everything_wrong());
    assert!(all.len() >= 30, "{all:#?}");
    for p in &all {
        assert!(
            field_name(&p.field).is_some(),
            "{} has no standard name",
            p.field
        );
        assert!(
            !p.message.zh.is_empty() && !p.message.en.is_empty(),
            "{p:?}"
        );
        assert!(p.message.zh != p.message.en, "{p:?}");
        assert!(p.code.contains('.'), "{p:?}");
    }
}

#[test]
fn an_empty_household_never_panics() {
    let h = Household {
        members: Vec::new(),
        measures: Vec::new(),
        visits: Vec::new(),
        monitoring: Monitoring::default(),
        income: Income::default(),
        area: AreaRef {
            code: String::new(),
            name: String::new(),
            code_year: 0,
        },
        phone: String::new(),
        ..household()
    };
    let codes: Vec<_> = problems(&h).into_iter().map(|p| p.code).collect();
    assert_eq!(
        codes,
        [
            "area.code_missing",
            "area.name_missing",
            "area.code_year",
            "phone.missing",
            "members.empty"
        ]
    );
}

#[test]
fn problems_come_in_form_order() {
    let fields: Vec<_> = problems(&everything_wrong())
        .into_iter()
        .map(|p| p.field)
        .collect();
    let first = |prefix: &str| fields.iter().position(|f| f.starts_with(prefix)).unwrap();
    assert!(first("area") < first("phone"));
    assert!(first("phone") < first("members["));
    assert!(first("members[") < first("income"));
    assert!(first("income") < first("monitoring"));
    assert!(first("monitoring") < first("measures"));
    assert!(first("measures") < first("visits"));
}

#[test]
fn the_shipped_samples_have_no_errors() {
    let policy = Policy::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let h: Household = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let rules = policy.resolve(h.area.parsed_code().as_ref(), 2026).rules;
        let errors: Vec<_> = validate(&h, &rules, today())
            .into_iter()
            .filter(Problem::is_error)
            .collect();
        assert_eq!(errors, vec![], "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 10);
}

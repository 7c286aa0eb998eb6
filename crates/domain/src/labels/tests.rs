use std::collections::BTreeSet;

use rstest::rstest;

use super::*;
use crate::validate::fixture::household;

/// Every variant's label, with the variant's JSON code.
fn all_labels() -> Vec<(String, Text)> {
    fn of<T: Label + serde::Serialize>(all: &[T]) -> Vec<(String, Text)> {
        all.iter()
            .map(|v| (serde_json::to_string(v).unwrap(), v.label()))
            .collect()
    }
    [
        of(&IdType::ALL),
        of(&Sex::ALL),
        of(&Relation::ALL),
        of(&Education::ALL),
        of(&SchoolStage::ALL),
        of(&LabourSkill::ALL),
        of(&HouseholdType::ALL),
        of(&HousingGrade::ALL),
        of(&MonitoredCategory::ALL),
        of(&RiskType::ALL),
        of(&DisasterKind::ALL),
        of(&MeasureType::ALL),
        of(&DiscoveryChannel::ALL),
        of(&ExitMode::ALL),
    ]
    .concat()
}

#[test]
fn every_variant_has_a_label_in_both_languages() {
    let labels = all_labels();
    assert_eq!(
        labels.len(),
        5 + 2 + 12 + 6 + 8 + 5 + 2 + 4 + 3 + 11 + 7 + 14 + 3 + 2
    );
    for (code, label) in labels {
        assert!(!label.zh.trim().is_empty(), "{code} has no Chinese label");
        assert!(!label.en.trim().is_empty(), "{code} has no English label");
        assert!(
            label
                .zh
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{code}: {}",
            label.zh
        );
        assert!(label.en.is_ascii(), "{code}: {}", label.en);
    }
}

/// The `ALL` lists are what the app offers in its drop-downs: no variant twice.
#[test]
fn all_lists_hold_each_variant_once() {
    fn distinct<T: serde::Serialize>(all: &[T]) -> bool {
        let codes: BTreeSet<_> = all
            .iter()
            .map(|v| serde_json::to_string(v).unwrap())
            .collect();
        codes.len() == all.len()
    }
    assert!(distinct(&IdType::ALL));
    assert!(distinct(&Sex::ALL));
    assert!(distinct(&Relation::ALL));
    assert!(distinct(&Education::ALL));
    assert!(distinct(&SchoolStage::ALL));
    assert!(distinct(&LabourSkill::ALL));
    assert!(distinct(&HouseholdType::ALL));
    assert!(distinct(&HousingGrade::ALL));
    assert!(distinct(&MonitoredCategory::ALL));
    assert!(distinct(&RiskType::ALL));
    assert!(distinct(&DisasterKind::ALL));
    assert!(distinct(&MeasureType::ALL));
    assert!(distinct(&DiscoveryChannel::ALL));
    assert!(distinct(&ExitMode::ALL));
}

#[rstest]
#[case(Relation::Head.label(), "户主", "Head of household")]
#[case(RiskType::Illness.label(), "因病", "Illness")]
#[case(MonitoredCategory::EdgeAtRisk.label(), "边缘易致贫户", "Edge household at risk of poverty")]
#[case(SchoolStage::DroppedOut.label(), "失学辍学", "Dropped out of school")]
#[case(LabourSkill::None.label(), "无劳动力", "No labour capacity")]
#[case(IdType::ResidentId15.label(), "旧版居民身份证", "Old resident ID (15 digits)")]
fn labels_use_the_national_names(#[case] label: Text, #[case] zh: &str, #[case] en: &str) {
    assert_eq!(label, Text::new(zh, en));
}

#[test]
fn field_keys_are_unique_and_named_in_both_languages() {
    let mut keys = BTreeSet::new();
    for (key, zh, en) in FIELD_NAMES {
        assert!(keys.insert(*key), "{key} is listed twice");
        assert!(!zh.is_empty() && !en.is_empty(), "{key}");
    }
}

#[rstest]
#[case("household_number", "户编号", "Household number")]
#[case("id_number", "证件号码", "ID number")]
#[case("wages", "工资性收入", "Wage income")]
#[case("phone", "联系电话", "Phone number")]
#[case("work_place", "务工所在地", "Place of work")]
#[case("members[2].id_number", "证件号码", "ID number")]
#[case("members[0].health.disability_grade", "残疾等级", "Disability grade")]
#[case("monitoring.risks[0].disaster_kind", "灾害类型", "Kind of disaster")]
#[case(
    "income.spending.medical",
    "医疗合规自付支出",
    "Medical out-of-pocket spending"
)]
#[case("area.code", "所在地区代码", "Area code")]
fn field_names_are_found_by_key_or_path(#[case] key: &str, #[case] zh: &str, #[case] en: &str) {
    assert_eq!(field_name(key), Some(Text::new(zh, en)));
}

#[rstest]
#[case("name")]
#[case("date")]
#[case("no_such_field")]
#[case("")]
#[case("members[0].nope")]
fn ambiguous_or_unknown_keys_have_no_name(#[case] key: &str) {
    assert_eq!(field_name(key), None);
}

/// Collects the paths of every JSON field of `value`, without list indices.
fn paths(value: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(path.clone());
                paths(v, &path, out);
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                paths(v, prefix, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_field_of_the_record_has_a_standard_name() {
    let mut h = household();
    h.monitoring.exit = Some(crate::model::Exit {
        mode: ExitMode::Natural,
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
    });
    let json = serde_json::to_value(&h).unwrap();
    let mut all = BTreeSet::new();
    paths(&json, "", &mut all);
    // Bookkeeping of the format and the device, and the parts of a GPS fix, are not form fields.
    let unnamed: Vec<_> = all
        .into_iter()
        .filter(|p| !matches!(p.as_str(), "format_version" | "id"))
        .filter(|p| !p.starts_with("visits.gps."))
        .filter(|p| field_name(p).is_none())
        .collect();
    assert_eq!(unnamed, Vec::<String>::new());
}

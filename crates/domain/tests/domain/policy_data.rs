//! The policy's tables besides the rules: the medical-share base per province and year, the
//! terms by effective date and area, and the warning rules and other constants as data.
use rstest::rstest;
use shouwang_domain::classify::WarningLevel;
use shouwang_domain::model::{AreaCode, MonitoredCategory};
use shouwang_domain::policy::BUILTIN_POLICY;
use shouwang_domain::{classify, Money, Policy};

use super::support::*;

fn code(s: &str) -> AreaCode {
    s.parse().unwrap()
}

// ---- the base of the medical-share trigger ----

#[rstest]
#[case::guizhou_2024_takes_2023("522701102203", 2024, 14_817, "贵州省", 2023, false, false)]
#[case::guizhou_2023_takes_2022("522701102203", 2023, 13_707, "贵州省", 2022, false, false)]
#[case::guizhou_2026_uses_its_latest_with_a_warning(
    "522701102203",
    2026,
    14_817,
    "贵州省",
    2023,
    false,
    true
)]
#[case::yunnan_2024("532328100201", 2024, 16_361, "云南省", 2023, false, false)]
#[case::fujian_2023("350526101204", 2023, 24_987, "福建省", 2022, false, false)]
#[case::gansu_2022("620171100200", 2022, 11_433, "甘肃省", 2021, false, false)]
#[case::henan_has_none_so_the_national_figure(
    "411522103206",
    2025,
    23_119,
    "全国",
    2024,
    true,
    true
)]
fn the_base_is_the_provinces_figure_of_last_year(
    #[case] village: &str,
    #[case] year: i32,
    #[case] amount: i64,
    #[case] name: &str,
    #[case] of_year: i32,
    #[case] fallback: bool,
    #[case] warned: bool,
) {
    let r = Policy::builtin().resolve(Some(&code(village)), year);
    assert_eq!(r.base.amount, yuan(amount));
    assert_eq!((r.base.name.as_str(), r.base.year), (name, of_year));
    assert_eq!(r.base.fallback, fallback);
    assert_eq!(r.base.warning.is_some(), warned, "{:?}", r.base.warning);
    assert!(!r.base.source.is_empty());
    assert_eq!(r.rules.rigid_spending.rural_disposable_income, yuan(amount));
}

/// 云南 2024: base 16361 (2023); a 脱贫户 is judged at 50% = 8180.50, one fen either side.
#[rstest]
#[case::at(818_050, false)]
#[case::one_fen_over(818_051, true)]
#[case::one_fen_under(818_049, false)]
fn yunnan_medical_share_at_its_own_base(#[case] medical_fen: i64, #[case] hit: bool) {
    let mut h = household();
    h.area.code = "530102001001".into();
    h.household_type = shouwang_domain::model::HouseholdType::FormerlyPoor;
    h.income.spending.medical = Money::from_fen(medical_fen);
    let c = classify(&h, &Policy::builtin(), date("2024-06-01"));
    let hits: Vec<&str> = c.triggers.iter().map(|t| t.rule.as_str()).collect();
    assert_eq!(hits.contains(&"rigid.medical_share"), hit, "{hits:?}");
    if hit {
        assert!(
            c.triggers[0].text.zh.contains("云南省 2023 年"),
            "{}",
            c.triggers[0].text.zh
        );
    }
}

#[test]
fn a_stale_or_fallback_base_is_noted_only_where_medical_spending_makes_it_matter() {
    let mut h = household(); // 贵州 2026: latest figure is 2023
    assert!(!run(&h).notes.iter().any(|n| n.rule == "policy.income_base"));
    h.income.spending.medical = yuan(100);
    assert!(run(&h).notes.iter().any(|n| n.rule == "policy.income_base"));
}

#[test]
fn a_policy_without_the_table_uses_the_national_rules_figure_flagged() {
    let text = BUILTIN_POLICY.replace("\"rural_income\": [", "\"rural_income_unused\": [");
    assert!(
        Policy::from_json("t.json", &text).is_err(),
        "unknown keys are refused"
    );
    let i = BUILTIN_POLICY.find(",\n  \"rural_income\"").unwrap();
    let text = format!("{}\n}}\n", &BUILTIN_POLICY[..i]);
    let p = Policy::from_json("t.json", &text).unwrap();
    let r = p.resolve(Some(&code("522701102203")), 2026);
    assert_eq!(r.base.amount, yuan(17_131));
    assert!(r.base.fallback && r.base.warning.is_some());
}

// ---- terms by effective date and area ----

#[rstest]
#[case::before_2026("2025-12-31", "监测对象")]
#[case::from_2026("2026-01-01", "防止返贫致贫对象")]
fn the_object_is_named_by_the_terms_in_force(#[case] day: &str, #[case] object: &str) {
    let t = Policy::builtin().terms(Some(&code("522701102203")), date(day));
    assert_eq!(t.object.zh, object);
    assert_eq!(t.categories.len(), 3);
    assert_eq!(t.assistance_statuses.is_empty(), day < "2026");
}

/// A test policy (not shipped data): from 2026 a province has its own category and renames one.
fn with_local_terms() -> Policy {
    let extra = r#",
    {
      "prefix": "52",
      "name": "测试省",
      "from": "2026-03-01",
      "source": "test fixture",
      "categories": {
        "unstable_formerly_poor": { "zh": "脱贫不稳定户", "en": "Formerly poor, unstable" },
        "edge_at_risk": { "zh": "易致贫户（测试）", "en": "At risk (test)" },
        "sudden_hardship": { "zh": "突发严重困难户", "en": "Sudden hardship" }
      },
      "local_categories": [ { "code": "t_local", "label": { "zh": "本省重点户", "en": "Province focus" } } ]
    }
  ]
}
"#;
    let i = BUILTIN_POLICY.rfind("\n  ]\n}").unwrap();
    let text = format!("{}{extra}", &BUILTIN_POLICY[..i]);
    Policy::from_json("terms.json", &text).unwrap()
}

#[test]
fn a_provinces_own_terms_apply_from_their_date_and_older_records_keep_theirs() {
    let p = with_local_terms();
    let mut h = with_per_capita(household(), yuan(LINE - 1));
    h.guarantees.water_unsafe = true;
    let c = classify(&h, &p, date("2026-11-29"));
    assert_eq!(c.suggested_category, Some(MonitoredCategory::EdgeAtRisk));
    assert_eq!(
        c.terms.suggested_category.as_ref().unwrap().zh,
        "易致贫户（测试）"
    );
    assert!(c
        .category_reasons
        .last()
        .unwrap()
        .text
        .zh
        .contains("易致贫户（测试）"));
    // Identified in 2025, the record keeps the label of its date in the export…
    h.monitoring.category = Some(MonitoredCategory::EdgeAtRisk);
    h.monitoring.identified_on = Some(date("2025-05-01"));
    let sheet =
        shouwang_domain::office::export::households_sheet_in(&[h.clone()], &p, date("2026-11-29"));
    let col = sheet
        .headers
        .iter()
        .position(|x| x == "监测对象类别")
        .unwrap();
    assert_eq!(sheet.rows[0][col].shown(), "边缘易致贫户");
    // …and one identified after the province's list took effect is written in its terms.
    h.monitoring.identified_on = Some(date("2026-04-01"));
    h.monitoring.local_category = Some("t_local".into());
    let sheet =
        shouwang_domain::office::export::households_sheet_in(&[h.clone()], &p, date("2026-11-29"));
    assert_eq!(sheet.rows[0][col].shown(), "易致贫户（测试）");
    let local = sheet
        .headers
        .iter()
        .position(|x| x == "本地监测类别")
        .unwrap();
    assert_eq!(sheet.rows[0][local].shown(), "本省重点户");
    let rules = p.resolve(h.area.parsed_code().as_ref(), 2026).rules;
    assert!(shouwang_domain::validate(&h, &rules, date("2026-11-29"))
        .iter()
        .all(|x| x.field != "monitoring.local_category"));
    // Before the list's date, the local code is not in force: validation says so at the field.
    h.monitoring.identified_on = Some(date("2026-02-01"));
    let problems = shouwang_domain::validate(&h, &rules, date("2026-11-29"));
    assert!(problems.iter().any(
        |x| x.field == "monitoring.local_category" && x.code == "terms.unknown_local_category"
    ));
}

#[test]
fn social_assistance_statuses_are_the_same_household_with_one_chain_of_help() {
    let mut h = household();
    h.members[1].dibao = true;
    h.monitoring.assistance = vec!["dibao_edge".into()];
    let c = run(&h);
    let names: Vec<&str> = c.terms.assistance.iter().map(|t| t.zh.as_str()).collect();
    assert_eq!(names, ["低保边缘家庭", "低保对象"]);
    let text = shouwang_domain::classify::explain(&h, &c, shouwang_domain::text::Lang::Zh);
    assert!(
        text.contains(
            "社会救助身份: 低保边缘家庭, 低保对象 — 同一户、同一帮扶台账、同一套收支核算"
        ),
        "{text}"
    );
    h.monitoring.assistance = vec!["nonsense".into()];
    let rules = Policy::builtin()
        .resolve(h.area.parsed_code().as_ref(), 2026)
        .rules;
    let p = shouwang_domain::validate(&h, &rules, today());
    assert!(
        p.iter()
            .any(|x| x.field == "monitoring.assistance[0]" && x.is_error()),
        "{p:?}"
    );
}

// ---- warning rules, constants ----

#[test]
fn the_warning_rules_and_their_order_are_data() {
    // A province that makes a guarantee failure orange instead of red.
    let text = BUILTIN_POLICY.replace(
        r#"{ "level": "red", "when": "guarantee_failure" },
          { "level": "red", "when": "after_rigid_below_line_without_measure" },"#,
        r#"{ "level": "red", "when": "after_rigid_below_line_without_measure" },
          { "level": "orange", "when": "guarantee_failure" },"#,
    );
    assert_ne!(text, BUILTIN_POLICY);
    let p = Policy::from_json("w.json", &text).unwrap();
    let mut h = household();
    h.guarantees.water_unsafe = true;
    assert_eq!(
        classify(&h, &p, today()).warning.level,
        WarningLevel::Orange
    );
    assert_eq!(run(&h).warning.level, WarningLevel::Red);
    // A milder level listed before a severer one would let it hide a red: refused.
    let bad = BUILTIN_POLICY.replace(
        r#"{ "level": "red", "when": "guarantee_failure" },"#,
        r#"{ "level": "yellow", "when": "guarantee_failure" },"#,
    );
    let e = Policy::from_json("bad.json", &bad).unwrap_err();
    assert!(e.message.contains("severest first"), "{}", e.message);
}

#[test]
fn severe_disability_grade_and_lack_of_labour_share_are_data() {
    use shouwang_domain::model::RiskType;
    let mut h = household();
    h.members[0].health.disabled = true;
    h.members[0].health.disability_grade = Some(2);
    assert!(risk_kinds(&run(&h)).contains(&RiskType::Disability));
    let text = BUILTIN_POLICY.replace(
        r#""severe_disability_max_grade": 2"#,
        r#""severe_disability_max_grade": 1"#,
    );
    let p = Policy::from_json("d.json", &text).unwrap();
    let c = classify(&h, &p, today());
    assert!(!c
        .suggested_risks
        .iter()
        .any(|r| r.kind == RiskType::Disability));

    // 1 full worker of 2 is not more than half; with a share of 0.4 it is.
    let mut h = household();
    h.members[1].labour = shouwang_domain::model::LabourSkill::Weak;
    h.monitoring.risks.push(risk(RiskType::LackOfLabour));
    let rule = "consistency.lack_of_labour_with_workers";
    assert!(!finding_rules(&run(&h)).contains(&rule));
    let text = BUILTIN_POLICY.replace(
        r#""lack_of_labour_max_full_share": "0.5""#,
        r#""lack_of_labour_max_full_share": "0.4""#,
    );
    let p = Policy::from_json("l.json", &text).unwrap();
    let c = classify(&h, &p, today());
    assert!(c.findings.iter().any(|f| f.reason.rule == rule));
}

#[test]
fn the_dashboards_year_ago_is_data() {
    use shouwang_domain::office::dashboard::year_ago_day;
    assert_eq!(
        year_ago_day(&Policy::builtin(), today()),
        date("2025-11-29")
    );
    let text = BUILTIN_POLICY.replace(r#""year_ago_days": 365"#, r#""year_ago_days": 364"#);
    let p = Policy::from_json("y.json", &text).unwrap();
    assert_eq!(year_ago_day(&p, today()), date("2025-11-30"));
    assert_eq!(
        shouwang_domain::office::dashboard(&[], &[], &p, today()).year_ago,
        date("2025-11-30")
    );
}

//! Policy as data: line resolution by area and year, inheritance, and load errors.
use rstest::rstest;
use shouwang_domain::model::AreaCode;
use shouwang_domain::{Money, Policy};

use super::support::*;

fn code(s: &str) -> AreaCode {
    s.parse().unwrap()
}

#[rstest]
#[case::guizhou_in_its_year("522701102203", 2023, 7300, "贵州省", false)]
#[case::guizhou_later_uses_its_last_line("522701102203", 2026, 7300, "贵州省", true)]
#[case::guizhou_before_any_line("522701102203", 2022, 6000, "全国", true)]
#[case::yuanmou_county_raises_the_floor("532328100201", 2023, 8050, "云南省楚雄州元谋县", false)]
#[case::yuanmou_2024_keeps_its_2023_line("532328100201", 2024, 8050, "云南省楚雄州元谋县", true)]
#[case::yunnan_2025_supersedes_a_stale_county_line("532328100201", 2025, 8700, "云南省", false)]
#[case::other_yunnan_county_2025("530102001001", 2025, 8700, "云南省", false)]
#[case::dehua_two_times_dibao("350526101204", 2024, 19_560, "福建省泉州市德化县", false)]
#[case::minhou("350121100200", 2023, 10_560, "福建省福州市闽侯县", false)]
#[case::lanzhou_new_area("620171100200", 2025, 8600, "甘肃省兰州新区", false)]
#[case::henan_has_no_line_so_the_floor("411522103206", 2026, 6000, "全国", true)]
fn the_line_in_force(
    #[case] village: &str,
    #[case] year: i32,
    #[case] line: i64,
    #[case] from: &str,
    #[case] warned: bool,
) {
    let r = Policy::builtin().resolve(Some(&code(village)), year);
    assert_eq!(r.line(), yuan(line));
    assert_eq!(r.source.name, from);
    assert_eq!(r.source.warning.is_some(), warned, "{:?}", r.source.warning);
}

#[test]
fn the_national_floor_is_flagged_as_a_fallback() {
    let r = Policy::builtin().resolve(Some(&code("411522103206")), 2026);
    assert!(r.source.fallback);
    let w = r.source.warning.unwrap();
    assert!(
        w.zh.contains("国家底线") && w.zh.contains("6000"),
        "{}",
        w.zh
    );
    assert!(w.en.contains("national floor"), "{}", w.en);
}

#[test]
fn an_invalid_area_code_is_judged_against_the_floor_with_a_warning() {
    let r = Policy::builtin().resolve(None, 2026);
    assert_eq!(r.line(), yuan(6000));
    assert!(r.source.warning.unwrap().en.contains("not valid"));
}

const MINIMAL: &str = include_str!("../../policy/default.json");

fn with_areas(areas: &str) -> String {
    let i = MINIMAL.find("\"areas\"").unwrap();
    format!("{}\"areas\": {areas}\n}}\n", &MINIMAL[..i])
}

#[test]
fn a_county_overlay_changes_only_the_keys_it_sets() {
    let text = with_areas(
        r#"[
  { "prefix": "52", "name": "贵州省", "year": 2024, "line": { "fixed": "7500" } },
  { "prefix": "522701", "name": "都匀市", "year": 2024,
    "rules": { "rigid_spending": { "schooling_yearly": "8000" } } }
]"#,
    );
    let p = Policy::from_json("t.json", &text).unwrap();
    let r = p.resolve(Some(&code("522701102203")), 2024);
    assert_eq!(
        r.line(),
        yuan(7500),
        "the city inherits the province's line"
    );
    assert_eq!(r.rules.rigid_spending.schooling_yearly, yuan(8000));
    assert_eq!(r.rules.rigid_spending.inpatient_yearly.others, yuan(20_000));
    let other = p.resolve(Some(&code("522702100200")), 2024);
    assert_eq!(other.rules.rigid_spending.schooling_yearly, yuan(10_000));
}

#[test]
fn a_county_may_not_lower_the_line() {
    let text = with_areas(
        r#"[
  { "prefix": "52", "name": "贵州省", "year": 2024, "line": { "fixed": "7500" } },
  { "prefix": "522701", "name": "都匀市", "year": 2024, "line": { "fixed": "7499" } }
]"#,
    );
    let e = Policy::from_json("guizhou.json", &text).unwrap_err();
    assert_eq!(e.file, "guizhou.json");
    assert_eq!(e.key, "areas[1].line");
    let line_of_entry = text.lines().position(|l| l.contains("\"522701\"")).unwrap() + 1;
    assert_eq!(e.line, line_of_entry);
    assert!(e.message.contains("only raise"), "{}", e.message);
    let t = e.text();
    assert!(t.zh.contains("guizhou.json") && t.zh.contains(&format!("第 {line_of_entry} 行")));
}

#[test]
fn a_line_of_k_times_dibao_is_computed_in_fen() {
    let text = with_areas(
        r#"[{ "prefix": "350526", "name": "德化县", "year": 2026,
  "line": { "dibao_multiple": { "k": "1.5", "dibao_monthly": "833.33" } } }]"#,
    );
    let p = Policy::from_json("t.json", &text).unwrap();
    let line = p.resolve(Some(&code("350526101204")), 2026).line();
    // 1.5 × 833.33 × 12 = 14999.94
    assert_eq!(line, Money::from_fen(1_499_994));
}

#[rstest]
#[case::syntax_error("{ \"format_version\": 1,\n  \"national\": ", "national", 2)]
#[case::wrong_type(
    &MINIMAL.replace("\"orange_min_risks\": 2", "\"orange_min_risks\": \"two\""),
    "national.rules.warning.orange_min_risks",
    MINIMAL.lines().position(|l| l.contains("orange_min_risks")).unwrap() + 1
)]
#[case::unknown_key(
    &MINIMAL.replace("\"schooling_yearly\"", "\"schooling_yearl\""),
    "national.rules.rigid_spending.schooling_yearl",
    MINIMAL.lines().position(|l| l.contains("schooling_yearly")).unwrap() + 1
)]
#[case::float_money(
    &MINIMAL.replace("\"schooling_yearly\": \"10000\"", "\"schooling_yearly\": 10000.5"),
    "national.rules.rigid_spending.schooling_yearly",
    MINIMAL.lines().position(|l| l.contains("schooling_yearly")).unwrap() + 1
)]
fn a_malformed_policy_names_file_line_and_key(
    #[case] text: &str,
    #[case] key: &str,
    #[case] line: usize,
) {
    let e = Policy::from_json("bad.json", text).unwrap_err();
    assert_eq!(
        (e.file.as_str(), e.key.as_str(), e.line),
        ("bad.json", key, line),
        "{e}"
    );
    assert!(e.to_string().starts_with(&format!("bad.json:{line}:")));
}

#[rstest]
#[case::prefix_length(
    r#"[{ "prefix": "522", "name": "x", "year": 2024 }]"#,
    "areas[0].prefix"
)]
#[case::year(r#"[{ "prefix": "52", "name": "x", "year": 1999 }]"#, "areas[0].year")]
#[case::duplicate(
    r#"[{ "prefix": "52", "name": "x", "year": 2024 }, { "prefix": "52", "name": "y", "year": 2024 }]"#,
    "areas[1].year"
)]
#[case::zero_line(
    r#"[{ "prefix": "52", "name": "x", "year": 2024, "line": { "fixed": "0" } }]"#,
    "areas[0].line"
)]
fn entries_are_checked_on_load(#[case] areas: &str, #[case] key: &str) {
    let e = Policy::from_json("t.json", &with_areas(areas)).unwrap_err();
    assert_eq!(e.key, key, "{e}");
}

#[test]
fn the_shipped_policy_loads() {
    let p = Policy::builtin();
    assert!(p.areas().len() >= 6);
    assert_eq!(p.national().1, 2021);
}

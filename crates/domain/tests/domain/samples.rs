//! The shipped sample households: their JSON and their classification are frozen here.
//!
//! Set `UPDATE_GOLDEN=1` to rewrite the golden files after a deliberate change, then review the
//! diff like code.
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use shouwang_domain::classify::{explain, WarningLevel};
use shouwang_domain::model::{MonitoredCategory, RiskType};
use shouwang_domain::text::Lang;
use shouwang_domain::{classify, Household, Policy};

/// Every golden result is computed on this date, so it never changes with the calendar.
fn assessed_on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

fn samples() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut out: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

fn load(name: &str) -> Household {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(format!("{name}.json"));
    serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap()
}

/// Compares `actual` with the golden file, or rewrites it under UPDATE_GOLDEN.
fn golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_GOLDEN=1", path.display()));
    assert!(
        expected == actual,
        "{} changed; if deliberate, rerun with UPDATE_GOLDEN=1 and review the diff.\n--- actual ---\n{actual}",
        path.display()
    );
}

#[test]
fn at_least_ten_samples_ship() {
    assert!(samples().len() >= 10, "{:?}", samples());
}

#[test]
fn sample_json_is_frozen() {
    for (_, path) in samples() {
        let text = fs::read_to_string(&path).unwrap();
        let h: Household =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let again = serde_json::to_string_pretty(&h).unwrap() + "\n";
        golden(&path, &again);
    }
}

#[test]
fn sample_classifications_are_frozen() {
    let policy = Policy::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    for (name, path) in samples() {
        let h: Household = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let c = classify(&h, &policy, assessed_on());
        let json = serde_json::to_string_pretty(&c).unwrap() + "\n";
        golden(&dir.join(format!("{name}.classification.json")), &json);
        let text = explain(&h, &c, Lang::Zh) + "\n" + &explain(&h, &c, Lang::En);
        golden(&dir.join(format!("{name}.explain.txt")), &text);
    }
}

/// What each sample was written to show, checked directly (not only through the golden files).
#[test]
fn samples_cover_every_category_and_the_exit_cases() {
    let policy = Policy::builtin();
    let c = |name: &str| classify(&load(name), &policy, assessed_on());

    let edge = c("01_edge_illness");
    assert_eq!(edge.suggested_category, Some(MonitoredCategory::EdgeAtRisk));
    assert_eq!(edge.suggested_risks[0].kind, RiskType::Illness);

    let unstable = c("02_unstable_formerly_poor_disability");
    assert_eq!(
        unstable.suggested_category,
        Some(MonitoredCategory::UnstableFormerlyPoor)
    );

    let sudden = c("03_sudden_hardship_accident");
    assert_eq!(
        sudden.suggested_category,
        Some(MonitoredCategory::SuddenHardship)
    );
    assert!(!sudden.triggers.is_empty());

    let flood = c("04_sudden_hardship_flood");
    assert_eq!(flood.warning.level, WarningLevel::Red);
    assert!(flood
        .suggested_risks
        .iter()
        .any(|r| r.kind == RiskType::NaturalDisaster));

    let blocked = c("07_lack_of_labour_exit_blocked");
    assert!(blocked.exit.applicable && !blocked.exit.eligible);
    assert!(blocked
        .exit
        .unmet
        .iter()
        .any(|r| r.rule == "exit.someone_can_work"));

    let eligible = c("08_exit_eligible");
    assert!(eligible.exit.eligible, "unmet: {:?}", eligible.exit.unmet);

    let fallback = c("11_fallback_line_henan");
    assert!(fallback.line_source.fallback);
    assert!(fallback
        .notes
        .iter()
        .any(|n| n.rule == "policy.line_source"));

    let overdue = c("12_procedure_overdue");
    assert!(overdue.procedure.overdue);

    let fine = c("10_not_at_risk");
    assert_eq!(fine.suggested_category, None);
    assert_eq!(fine.warning.level, WarningLevel::Green);
}

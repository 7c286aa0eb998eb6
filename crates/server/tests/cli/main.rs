//! The command line, run as a user runs it: `shouwang classify FILE.json`.
mod accounts;
mod lockout;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../domain/samples");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn classify(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shouwang"))
        .arg("classify")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn every_sample_classifies_to_json_with_problems_and_classification() {
    for file in samples() {
        let o = classify(&[file.to_str().unwrap(), "--date", "2026-11-29"]);
        assert!(o.status.success(), "{}: {}", file.display(), stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert!(v["classification"]["line"].is_string(), "{v}");
        assert!(v["problems"].is_array());
    }
}

#[test]
fn explain_reads_as_reasoning_in_both_languages() {
    let file = samples()
        .into_iter()
        .find(|p| p.ends_with("01_edge_illness.json"))
        .unwrap();
    let zh = classify(&[file.to_str().unwrap(), "--date", "2026-11-29", "--explain"]);
    let text = stdout(&zh);
    for expected in [
        "监测范围",
        "人均纯收入 7250 元，低于监测范围 7300 元",
        "边缘易致贫户",
        "因病",
        "十、数据校验",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let en = classify(&[
        file.to_str().unwrap(),
        "--date",
        "2026-11-29",
        "--explain",
        "--lang",
        "en",
    ]);
    assert!(
        stdout(&en).contains("below the monitoring line of 7300 yuan"),
        "{}",
        stdout(&en)
    );
}

#[test]
fn a_custom_policy_file_changes_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    let builtin = shouwang_domain::policy::BUILTIN_POLICY
        .replace("\"fixed\": \"7300\"", "\"fixed\": \"7600\"");
    std::fs::write(&policy, builtin).unwrap();
    let file = samples()
        .into_iter()
        .find(|p| p.ends_with("01_edge_illness.json"))
        .unwrap();
    let o = classify(&[
        file.to_str().unwrap(),
        "--date",
        "2026-11-29",
        "--policy",
        policy.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["classification"]["line"], "7600");
}

#[test]
fn a_bad_household_file_names_line_and_key_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.json");
    std::fs::write(&file, "{\n  \"format_version\": 1,\n  \"id\": 7\n}\n").unwrap();
    let o = classify(&[file.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("bad.json:3:") && err.contains("`id`"), "{err}");
    assert!(!err.contains("backtrace"), "{err}");
}

#[test]
fn a_malformed_policy_and_a_bad_date_and_a_missing_file_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.json");
    std::fs::write(&policy, "{ \"format_version\": 1 }").unwrap();
    let sample = samples().remove(0);
    let o = classify(&[
        sample.to_str().unwrap(),
        "--policy",
        policy.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("p.json:1:"), "{}", stderr(&o));

    let o = classify(&[sample.to_str().unwrap(), "--date", "2026-02-30"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("2026-02-30"));

    let o = classify(&["/nonexistent/household.json"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cannot read /nonexistent/household.json"));
}

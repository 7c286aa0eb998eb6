//! Each limit of the table at, under and over it, through validation as the phone and the server
//! run it. The tests walk the table itself, so a new entry is tested without a new test.
use serde_json::{json, Value};

use super::*;
use crate::model::{
    Attachment, AttachmentSubject, Consent, Decision, ExitMode, ExitProcedure, ExitWithdrawal,
    Household, Lead, LeadOutcome, LeadVerdict,
};
use crate::validate::fixture::{date, household, problems};
use crate::validate::Severity;

/// The baseline household with every optional list and part present (a decision in each
/// procedure, a withdrawn exit procedure), so every field of the table exists.
fn complete() -> Household {
    let mut h = household();
    let decision = Decision {
        step: crate::classify::ProcedureStep::TownshipCheck,
        date: date("2026-10-15"),
        by: "reviewer".into(),
        approved: true,
        comment: "同意".into(),
    };
    h.monitoring.procedure.decisions = vec![decision.clone()];
    let mut exit = ExitProcedure::new(ExitMode::Natural, date("2026-11-01"), "reviewer");
    exit.decisions = vec![decision];
    exit.withdrawn = Some(ExitWithdrawal {
        date: date("2026-11-02"),
        by: "reviewer".into(),
        reason: "收入尚不稳定".into(),
    });
    h.monitoring.exit_procedure = Some(exit);
    h.monitoring.override_reason = "见走访记录".into();
    h.monitoring.leads = vec![Lead {
        id: "medical:2026-10:520121198001011236".into(),
        source: "medical".into(),
        month: "2026-10".into(),
        found: date("2026-11-03"),
        due: date("2026-11-18"),
        member_id: h.members[0].id.clone(),
        name: h.members[0].name.clone(),
        id_number: h.members[0].id_number.clone(),
        amount: Some(crate::Money::yuan(12_000)),
        details: "住院自付".into(),
        by: "reviewer".into(),
        outcome: Some(LeadOutcome {
            verdict: LeadVerdict::Exclude,
            reason: "已报销".into(),
            date: date("2026-11-05"),
            by: "worker".into(),
        }),
    }];
    h.attachments = vec![Attachment {
        id: "a".repeat(64),
        subject: AttachmentSubject::Visit,
        of: h.visits[0].id.clone(),
        content_type: "image/jpeg".into(),
        bytes: 250_000,
        width: 1280,
        height: 960,
        thumb: Some("b".repeat(64)),
        taken_at: "2026-11-20T03:00:00Z".parse().unwrap(),
        gps: None,
        by: "worker".into(),
    }];
    h.consent = Some(Consent {
        text_id: "default".into(),
        text_version: 1,
        signer: h.members[0].name.clone(),
        relation: crate::model::Relation::Head,
        signed_on: date("2026-11-20"),
        witness: "worker".into(),
        signature: "a".repeat(64),
    });
    h
}

/// Sets the field at `path` (dot-separated, through every entry of a list) to `new`.
fn set_all(v: &mut Value, path: &[&str], new: &Value) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(|i| set_all(i, path, new)),
        Value::Object(map) => match path {
            [last] => {
                map.insert((*last).to_owned(), new.clone());
            }
            [first, rest @ ..] => {
                if let Some(inner) = map.get_mut(*first) {
                    set_all(inner, rest, new);
                }
            }
            [] => {}
        },
        _ => {}
    }
}

fn with_text(key: &str, value: &str) -> Household {
    let mut v = serde_json::to_value(complete()).unwrap();
    let path: Vec<&str> = key.split('.').collect();
    set_all(&mut v, &path, &json!(value));
    serde_json::from_value(v).unwrap()
}

/// The path validation reports for `key` on the first entry of its list: `members[0].name`.
fn first_path(key: &str) -> String {
    for list in [
        "monitoring.procedure.decisions",
        "monitoring.exit_procedure.decisions",
        "monitoring.leads",
        "members",
        "measures",
        "visits",
        "attachments",
    ] {
        if let Some(field) = key.strip_prefix(&format!("{list}.")) {
            return format!("{list}[0].{field}");
        }
    }
    key.to_owned()
}

fn codes(h: &Household, code: &str) -> Vec<String> {
    problems(h)
        .into_iter()
        .filter(|p| p.code == code)
        .map(|p| p.field)
        .collect()
}

#[test]
fn every_text_field_takes_its_limit_and_refuses_one_more_at_the_field() {
    assert!(codes(&complete(), "text.too_long").is_empty());
    for (key, max) in TEXT {
        // 字 takes three bytes: the limit counts characters, as a person does.
        for n in [max - 1, *max] {
            let h = with_text(key, &"字".repeat(n));
            assert_eq!(
                codes(&h, "text.too_long"),
                Vec::<String>::new(),
                "{key} at {n}"
            );
        }
        // Set in every entry of its list: one problem per entry, and nothing else reported.
        let h = with_text(key, &"字".repeat(max + 1));
        let all = problems(&h);
        assert!(
            all.iter().all(|p| p.code == "text.too_long"
                && p.severity == Severity::Error
                && without_indices(&p.field) == *key),
            "{key}: only the limit is reported: {all:#?}"
        );
        let p = &all[0];
        assert_eq!(p.field, first_path(key));
        let (limit, count) = (max.to_string(), (max + 1).to_string());
        for message in [&p.message.zh, &p.message.en] {
            assert!(
                message.contains(&limit) && message.contains(&count),
                "{message}"
            );
            assert!(
                !message.contains("字字"),
                "the value is never quoted: {message}"
            );
        }
    }
}

#[test]
fn a_value_of_megabytes_is_refused_by_its_length_alone() {
    let h = with_text("members.name", &"x".repeat(10 * 1024 * 1024));
    let all = problems(&h);
    let fields: Vec<_> = all.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        ["members[0].name", "members[1].name", "members[2].name"]
    );
    assert!(all.iter().all(|p| p.message.zh.len() < 200));
}

fn with_items(list: &str, n: usize) -> Household {
    let mut v = serde_json::to_value(complete()).unwrap();
    let mut target = &mut v;
    for part in list.split('.') {
        target = target.get_mut(part).unwrap();
    }
    let items = target.as_array_mut().unwrap();
    let first = items[0].clone();
    items.resize(n, first);
    serde_json::from_value(v).unwrap()
}

#[test]
fn every_list_takes_its_limit_and_refuses_one_more() {
    for (list, max) in ITEMS {
        // The number of risks keeps its own rule, with its own message.
        let code = if *list == "monitoring.risks" {
            "risks.too_many"
        } else {
            "list.too_many"
        };
        for n in [max - 1, *max] {
            assert_eq!(
                codes(&with_items(list, n), code),
                Vec::<String>::new(),
                "{list}"
            );
        }
        assert_eq!(
            codes(&with_items(list, max + 1), code),
            vec![list.to_string()],
            "{list}"
        );
    }
}

#[test]
fn amounts_take_a_hundred_million_yuan_either_way_and_refuse_a_fen_more() {
    let paths = [
        "income.wages",
        "income.business",
        "income.property",
        "income.transfers",
        "income.production_costs",
        "income.insurance_claims",
        "income.spending.medical",
        "income.spending.inpatient",
        "income.spending.largest_single_stay",
        "income.spending.education",
        "income.previous_net",
        "measures.amount",
    ];
    let over = Money::from_fen(MAX_AMOUNT.fen() + 1);
    for path in paths {
        for fits in [
            MAX_AMOUNT,
            -MAX_AMOUNT,
            Money::from_fen(MAX_AMOUNT.fen() - 1),
        ] {
            let h = with_text(path, &fits.to_string());
            assert!(codes(&h, "amount.range").is_empty(), "{path} {fits}");
        }
        for bad in [over, -over] {
            let h = with_text(path, &bad.to_string());
            assert_eq!(codes(&h, "amount.range"), vec![first_path(path)], "{path}");
        }
    }
}

#[test]
fn months_and_grades_are_checked_against_the_table() {
    let mut h = complete();
    h.members[0].work_months = *WORK_MONTHS.end();
    assert!(codes(&h, "work.months_range").is_empty());
    h.members[0].work_months = WORK_MONTHS.end() + 1;
    assert_eq!(codes(&h, "work.months_range"), ["members[0].work_months"]);
    let mut h = complete();
    h.members[0].health.disabled = true;
    for grade in DISABILITY_GRADES {
        h.members[0].health.disability_grade = Some(grade);
        assert!(codes(&h, "disability.grade_range").is_empty());
    }
    for grade in [DISABILITY_GRADES.start() - 1, DISABILITY_GRADES.end() + 1] {
        h.members[0].health.disability_grade = Some(grade);
        assert_eq!(
            codes(&h, "disability.grade_range"),
            ["members[0].health.disability_grade"]
        );
    }
}

#[test]
fn request_fields_are_refused_over_their_limit_with_their_name() {
    for (key, max, zh, en) in REQUEST_TEXT {
        assert_eq!(check_text(key, &"a".repeat(*max)), None, "{key}");
        assert_eq!(check_text(key, &"字".repeat(max - 1)), None, "{key}");
        let p = check_text(key, &"a".repeat(max + 1)).expect("over the limit");
        assert_eq!(p.field, *key);
        assert!(p.message.zh.starts_with(zh), "{}", p.message.zh);
        assert!(p.message.en.starts_with(en), "{}", p.message.en);
    }
}

#[test]
fn the_app_finds_a_fields_limit_by_its_path() {
    assert_eq!(max_chars("members.name"), Some(50));
    assert_eq!(max_chars("members[3].name"), Some(50));
    assert_eq!(max_chars("visits[0].notes"), Some(2000));
    assert_eq!(max_chars("device_name"), Some(500));
    assert_eq!(max_chars("members.sex"), None);
    assert_eq!(max_items("members"), Some(30));
    assert_eq!(max_items("monitoring.risks"), Some(MAX_RISKS));
}

#[test]
fn every_limited_field_has_a_standard_name() {
    for (key, _) in TEXT.iter().chain(ITEMS) {
        let name = name_of(key);
        assert_ne!(name.zh, *key, "{key} has no name");
    }
}

#[test]
fn a_maximal_household_is_within_one_push() {
    let mut v = serde_json::to_value(complete()).unwrap();
    for (list, max) in ITEMS {
        let mut target = &mut v;
        for part in list.split('.') {
            target = target.get_mut(part).unwrap();
        }
        let items = target.as_array_mut().unwrap();
        let first = items[0].clone();
        items.resize(*max, first);
    }
    for (key, max) in TEXT {
        let path: Vec<&str> = key.split('.').collect();
        set_all(&mut v, &path, &json!("字".repeat(*max)));
    }
    let h: Household = serde_json::from_value(v).unwrap();
    assert!(codes(&h, "text.too_long").is_empty());
    let bytes = serde_json::to_vec(&h).unwrap().len();
    assert!(bytes < 8 * 1024 * 1024, "{bytes} bytes");
}

//! The JSON of what the field worker's day added (#13), frozen: a push result's warnings (absent
//! when there are none, so every earlier answer reads and writes unchanged), the office's
//! restore and double-registration list, and a void and a move in the record.
use serde_json::json;
use shouwang_domain::model::*;
use shouwang_domain::office::duplicates::{DuplicatePerson, Holder};
use shouwang_domain::office::wire::{Duplicates, RestoreRequest};
use shouwang_domain::office::HouseholdRef;
use shouwang_domain::sync::wire::*;
use shouwang_domain::validate::duplicate_warning;

use super::support::{date, household};

fn frozen<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
    value: &T,
    expected: serde_json::Value,
) {
    assert_eq!(serde_json::to_value(value).unwrap(), expected);
    let back: T = serde_json::from_value(expected).unwrap();
    assert_eq!(&back, value);
}

fn stored(warnings: Vec<shouwang_domain::Problem>) -> PushResult {
    PushResult {
        change_id: ChangeId("c1".into()),
        household_id: HouseholdId("h1".into()),
        status: PushStatus::Stored,
        revision: Some(Revision(7)),
        conflicts: vec![],
        error: None,
        warnings,
    }
}

#[test]
fn a_push_result_without_warnings_is_the_protocol_one_answer() {
    frozen(
        &stored(vec![]),
        json!({"change_id": "c1", "household_id": "h1", "status": "stored", "revision": 7}),
    );
}

#[test]
fn a_push_result_warns_of_an_id_number_in_another_household() {
    frozen(
        &stored(vec![duplicate_warning(1, "刘德明", "良亩村")]),
        json!({
            "change_id": "c1", "household_id": "h1", "status": "stored", "revision": 7,
            "warnings": [{
                "field": "members[1].id_number",
                "severity": "warning",
                "code": "id_number.duplicate_across",
                "message": {
                    "zh": "该证件号码也登记在另一户（户主 刘德明，良亩村），同一人只能在一户，请核对是否重复登记",
                    "en": "This ID number is also registered in another household (head 刘德明, 良亩村); a person belongs to one household, check for a double registration"
                }
            }]
        }),
    );
}

#[test]
fn the_restore_request_and_the_double_registration_list_are_frozen() {
    frozen(
        &RestoreRequest {
            base_revision: Revision(12),
        },
        json!({"base_revision": 12}),
    );
    let holder = |id: &str, name: &str, relation| Holder {
        household: HouseholdRef {
            household_id: id.into(),
            head_name: "甲".into(),
            village_code: "522701102203".into(),
            village_name: "良亩村".into(),
        },
        member_id: "m1".into(),
        name: name.into(),
        relation,
    };
    frozen(
        &Duplicates {
            items: vec![DuplicatePerson {
                id_number: "52270119800101011X".into(),
                holders: vec![
                    holder("h1", "甲", Relation::Head),
                    holder("h2", "甲", Relation::Son),
                ],
            }],
        },
        json!({"items": [{
            "id_number": "52270119800101011X",
            "holders": [
                {"household": {"household_id": "h1", "head_name": "甲", "village_code": "522701102203", "village_name": "良亩村"},
                 "member_id": "m1", "name": "甲", "relation": "head"},
                {"household": {"household_id": "h2", "head_name": "甲", "village_code": "522701102203", "village_name": "良亩村"},
                 "member_id": "m1", "name": "甲", "relation": "son"}
            ]
        }]}),
    );
}

#[test]
fn a_void_and_a_move_in_the_record_are_frozen() {
    let mut h = household();
    h.monitoring.voided = Some(Void {
        date: date("2026-11-29"),
        by: "worker1".into(),
        reason: "与另一户重复登记".into(),
    });
    h.monitoring.moves.push(MemberMove {
        id: "mv1".into(),
        date: date("2026-11-28"),
        kind: MoveKind::SplitOff,
        member_id: "m3".into(),
        name: "丙".into(),
        other_household: Some(HouseholdId("h-new".into())),
        other_head: "丙".into(),
        reason: "结婚后另立门户".into(),
    });
    let monitoring = &serde_json::to_value(&h).unwrap()["monitoring"];
    assert_eq!(
        monitoring["voided"],
        json!({"date": "2026-11-29", "by": "worker1", "reason": "与另一户重复登记"})
    );
    assert_eq!(
        monitoring["moves"],
        json!([{
            "id": "mv1", "date": "2026-11-28", "kind": "split_off", "member_id": "m3", "name": "丙",
            "other_household": "h-new", "other_head": "丙", "reason": "结婚后另立门户"
        }])
    );
    let back: Household = serde_json::from_value(serde_json::to_value(&h).unwrap()).unwrap();
    assert_eq!(back, h);
}

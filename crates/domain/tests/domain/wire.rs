//! The sync protocol's JSON, frozen: a diff here is a protocol change.
use serde_json::json;
use shouwang_domain::sync::wire::*;
use shouwang_domain::sync::{FieldConflict, Kept};
use shouwang_domain::text::Text;

use super::support::household;

fn frozen<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
    value: &T,
    expected: serde_json::Value,
) {
    let actual = serde_json::to_value(value).unwrap();
    assert_eq!(actual, expected);
    let back: T = serde_json::from_value(expected).unwrap();
    assert_eq!(&back, value);
}

#[test]
fn push_request_json_is_frozen() {
    let h = household();
    let req = PushRequest {
        protocol: PROTOCOL_VERSION,
        device_id: DeviceId("dev-1".into()),
        changes: vec![Change {
            change_id: ChangeId("0193b1c2-0000-7000-8000-000000000001".into()),
            base_revision: Some(Revision(41)),
            edited_at: "2026-11-28T09:30:00Z".into(),
            household: h.clone(),
        }],
    };
    frozen(
        &req,
        json!({
            "protocol": 1,
            "device_id": "dev-1",
            "changes": [{
                "change_id": "0193b1c2-0000-7000-8000-000000000001",
                "base_revision": 41,
                "edited_at": "2026-11-28T09:30:00Z",
                "household": serde_json::to_value(&h).unwrap(),
            }]
        }),
    );
}

#[test]
fn push_response_json_is_frozen() {
    let res = PushResponse {
        results: vec![
            PushResult {
                change_id: ChangeId("c1".into()),
                household_id: shouwang_domain::model::HouseholdId("h1".into()),
                status: PushStatus::Merged,
                revision: Some(Revision(42)),
                conflicts: vec![FieldConflict {
                    path: "income.wages".into(),
                    base: Some(json!("40000")),
                    stored: Some(json!("30000")),
                    incoming: Some(json!("35000")),
                    kept: Kept::Incoming,
                }],
                error: None,
                warnings: vec![],
            },
            PushResult {
                change_id: ChangeId("c2".into()),
                household_id: shouwang_domain::model::HouseholdId("h2".into()),
                status: PushStatus::Rejected,
                revision: None,
                conflicts: vec![],
                error: Some(ApiError {
                    reason: "forbidden_area".into(),
                    message: Text::new(
                        "无权修改该村的农户",
                        "Not allowed to change households of that village",
                    ),
                }),
                warnings: vec![],
            },
        ],
    };
    frozen(
        &res,
        json!({"results": [
            {"change_id": "c1", "household_id": "h1", "status": "merged", "revision": 42,
             "conflicts": [{"path": "income.wages", "base": "40000", "stored": "30000",
                            "incoming": "35000", "kept": "incoming"}]},
            {"change_id": "c2", "household_id": "h2", "status": "rejected",
             "error": {"reason": "forbidden_area",
                       "message": {"zh": "无权修改该村的农户", "en": "Not allowed to change households of that village"}}}
        ]}),
    );
}

#[test]
fn pull_json_is_frozen() {
    frozen(
        &PullRequest {
            protocol: 1,
            device_id: DeviceId("dev-1".into()),
            cursor: Revision(0),
            limit: 500,
        },
        json!({"protocol": 1, "device_id": "dev-1", "cursor": 0, "limit": 500}),
    );
    let h = household();
    frozen(
        &PullResponse {
            households: vec![PulledHousehold {
                revision: Revision(7),
                household: h.clone(),
            }],
            cursor: Revision(7),
            more: false,
        },
        json!({"households": [{"revision": 7, "household": serde_json::to_value(&h).unwrap()}],
               "cursor": 7, "more": false}),
    );
}

#[test]
fn every_push_status_has_a_stable_name() {
    let names: Vec<String> = [
        PushStatus::Stored,
        PushStatus::AlreadyStored,
        PushStatus::Merged,
        PushStatus::Rejected,
    ]
    .iter()
    .map(|s| {
        serde_json::to_value(s)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    })
    .collect();
    assert_eq!(names, ["stored", "already_stored", "merged", "rejected"]);
}

#[test]
fn auth_json_is_frozen() {
    frozen(
        &LoginRequest {
            username: "li".into(),
            password: "secret-1".into(),
            device_id: DeviceId("dev-1".into()),
            device_name: "Chromium on Android".into(),
        },
        json!({"username": "li", "password": "secret-1", "device_id": "dev-1",
               "device_name": "Chromium on Android"}),
    );
    frozen(
        &LoginResponse {
            token: "t0k3n".into(),
            account: Account {
                username: "li".into(),
                display_name: "李四".into(),
                role: Role::Worker,
                areas: vec!["530328101201".into()],
                must_change_password: false,
            },
        },
        json!({"token": "t0k3n", "account": {"username": "li", "display_name": "李四",
               "role": "worker", "areas": ["530328101201"], "must_change_password": false}}),
    );
    frozen(
        &ChangePasswordRequest {
            old_password: "a".into(),
            new_password: "b".into(),
        },
        json!({"old_password": "a", "new_password": "b"}),
    );
}

// ---- the office API (shouwang_domain::office::wire) ----

mod office {
    use chrono::NaiveDate;
    use serde_json::json;
    use shouwang_domain::classify::{Finding, ProcedureStep, Reason};
    use shouwang_domain::model::{
        Decision, ExitMode, ExitProcedure, MonitoredCategory, ProcedureKind,
    };
    use shouwang_domain::office::wire::*;
    use shouwang_domain::office::{ExitWithdrawal, FieldChange, HouseholdRef, QueueItem};
    use shouwang_domain::sync::wire::{PushStatus, Revision};
    use shouwang_domain::text::Text;
    use shouwang_domain::Severity;

    use super::frozen;
    use crate::support::household;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn reason(rule: &str, zh: &str, en: &str) -> Reason {
        serde_json::from_value(json!({"rule": rule, "text": {"zh": zh, "en": en}})).unwrap()
    }

    fn href() -> HouseholdRef {
        HouseholdRef {
            household_id: "h1".into(),
            head_name: "甲".into(),
            village_code: "522701102203".into(),
            village_name: "良亩村".into(),
        }
    }

    #[test]
    fn decision_request_json_is_frozen() {
        frozen(
            &DecisionRequest {
                procedure: ProcedureKind::Exit,
                step: ProcedureStep::VillageReview,
                approve: true,
                comment: "评议通过".into(),
                on: Some(day("2026-11-20")),
                base_revision: Revision(12),
            },
            json!({"procedure": "exit", "step": "village_review", "approve": true,
                   "comment": "评议通过", "on": "2026-11-20", "base_revision": 12}),
        );
        frozen(
            &DecisionRequest {
                procedure: ProcedureKind::Identification,
                step: ProcedureStep::Publicity,
                approve: false,
                comment: "补充材料".into(),
                on: None,
                base_revision: Revision(3),
            },
            json!({"procedure": "identification", "step": "publicity", "approve": false,
                   "comment": "补充材料", "base_revision": 3}),
        );
        // A request from before exit procedures (no `procedure`, no comment) is an identification one.
        let old: DecisionRequest = serde_json::from_value(
            json!({"step": "township_check", "approve": true, "base_revision": 9}),
        )
        .unwrap();
        assert_eq!(
            (old.procedure, old.comment.as_str(), old.on),
            (ProcedureKind::Identification, "", None)
        );
    }

    #[test]
    fn exit_request_json_is_frozen() {
        frozen(
            &ExitRequest {
                mode: ExitMode::AfterAssistance,
                started: Some(day("2026-11-23")),
                base_revision: Revision(5),
            },
            json!({"mode": "after_assistance", "started": "2026-11-23", "base_revision": 5}),
        );
        frozen(
            &ExitRequest {
                mode: ExitMode::Natural,
                started: None,
                base_revision: Revision(5),
            },
            json!({"mode": "natural", "base_revision": 5}),
        );
        let old: ExitRequest = serde_json::from_value(
            json!({"mode": "natural", "date": "2026-11-01", "base_revision": 5}),
        )
        .unwrap();
        assert_eq!(
            old.started,
            Some(day("2026-11-01")),
            "the old name of the day"
        );
    }

    #[test]
    fn withdraw_exit_request_json_is_frozen() {
        frozen(
            &WithdrawExitRequest {
                reason: "家中新增大病患者".into(),
                base_revision: Revision(7),
            },
            json!({"reason": "家中新增大病患者", "base_revision": 7}),
        );
    }

    #[test]
    fn exit_not_eligible_json_is_frozen() {
        let answer = ExitNotEligible::new(vec![
            reason("exit.income_stable", "收入未稳定", "Income not stable"),
            reason(
                "exit.someone_can_work",
                "家中无劳动能力成员",
                "Nobody can work",
            ),
        ]);
        frozen(
            &answer,
            json!({
                "reason": "exit_not_eligible",
                "message": {"zh": "不符合风险消除条件：收入未稳定；家中无劳动能力成员",
                            "en": "The exit conditions are not met: Income not stable; Nobody can work"},
                "unmet": [
                    {"rule": "exit.income_stable", "text": {"zh": "收入未稳定", "en": "Income not stable"}},
                    {"rule": "exit.someone_can_work", "text": {"zh": "家中无劳动能力成员", "en": "Nobody can work"}}
                ]
            }),
        );
        // It reads as a plain ApiError too (what a client that knows no list shows).
        let plain: shouwang_domain::sync::wire::ApiError =
            serde_json::from_value(serde_json::to_value(&answer).unwrap()).unwrap();
        assert_eq!(plain.reason, "exit_not_eligible");
    }

    #[test]
    fn stored_json_is_frozen() {
        let h = household();
        frozen(
            &Stored {
                household_id: h.id.0.clone(),
                revision: Revision(43),
                status: PushStatus::Stored,
                household: h.clone(),
            },
            json!({"household_id": h.id.0, "revision": 43, "status": "stored",
                   "household": serde_json::to_value(&h).unwrap()}),
        );
    }

    #[test]
    fn queue_json_is_frozen() {
        let item = QueueItem {
            household: href(),
            revision: Revision(7),
            procedure: ProcedureKind::Exit,
            category: Some(MonitoredCategory::EdgeAtRisk),
            suggested_category: None,
            next_step: ProcedureStep::Publicity,
            lead_found: None,
            exit_mode: Some(ExitMode::Natural),
            exit_started: Some(day("2026-11-20")),
            deadline: Some(day("2026-12-05")),
            days_left: Some(6),
            overdue: false,
            publicity_start: Some(day("2026-11-20")),
            publicity_earliest_end: Some(day("2026-11-24")),
            last_decision: Some(Decision {
                step: ProcedureStep::VillageReview,
                date: day("2026-11-21"),
                by: "rev".into(),
                approved: true,
                comment: String::new(),
            }),
            flags: vec![Finding {
                severity: Severity::Warning,
                reason: reason("exit.risks_gone", "新风险", "New risk"),
            }],
        };
        frozen(
            &Queue {
                as_of: day("2026-11-29"),
                items: vec![item],
            },
            json!({"as_of": "2026-11-29", "items": [{
                "household": {"household_id": "h1", "head_name": "甲",
                              "village_code": "522701102203", "village_name": "良亩村"},
                "revision": 7,
                "procedure": "exit",
                "category": "edge_at_risk",
                "suggested_category": null,
                "next_step": "publicity",
                "lead_found": null,
                "exit_mode": "natural",
                "exit_started": "2026-11-20",
                "deadline": "2026-12-05",
                "days_left": 6,
                "overdue": false,
                "publicity_start": "2026-11-20",
                "publicity_earliest_end": "2026-11-24",
                "last_decision": {"step": "village_review", "date": "2026-11-21", "by": "rev",
                                  "approved": true, "comment": ""},
                "flags": [{"severity": "warning", "rule": "exit.risks_gone",
                           "text": {"zh": "新风险", "en": "New risk"}}]
            }]}),
        );
    }

    #[test]
    fn audit_json_is_frozen() {
        frozen(
            &Audit {
                entries: vec![AuditEntry {
                    revision: Revision(8),
                    household_id: "h1".into(),
                    area_code: "522701102203".into(),
                    kind: "edit".into(),
                    username: "rev".into(),
                    device_id: "office".into(),
                    edited_at: "2026-11-29T08:00:00.000Z".into(),
                    received_at: "2026-11-29T08:00:01.000Z".into(),
                    created: false,
                    changes: vec![FieldChange {
                        path: "monitoring.exit_procedure.village_review".into(),
                        label: Some(Text::new("村级民主评议日期", "Village review")),
                        before: None,
                        after: Some(json!("2026-11-29")),
                    }],
                }],
            },
            json!({"entries": [{
                "revision": 8, "household_id": "h1", "area_code": "522701102203", "kind": "edit",
                "username": "rev", "device_id": "office",
                "edited_at": "2026-11-29T08:00:00.000Z", "received_at": "2026-11-29T08:00:01.000Z",
                "created": false,
                "changes": [{"path": "monitoring.exit_procedure.village_review",
                             "label": {"zh": "村级民主评议日期", "en": "Village review"},
                             "before": null, "after": "2026-11-29"}]
            }]}),
        );
    }

    /// The exit procedure as it is stored in the household record (and synced to phones).
    #[test]
    fn the_exit_procedure_in_the_record_is_frozen() {
        let mut p = ExitProcedure::new(ExitMode::AfterAssistance, day("2026-11-20"), "rev");
        p.village_review = Some(day("2026-11-20"));
        p.publicity_start = Some(day("2026-11-20"));
        p.decisions.push(Decision {
            step: ProcedureStep::VillageReview,
            date: day("2026-11-21"),
            by: "rev".into(),
            approved: true,
            comment: "评议通过".into(),
        });
        frozen(
            &p,
            json!({"mode": "after_assistance", "started": "2026-11-20", "started_by": "rev",
                   "village_review": "2026-11-20", "publicity_start": "2026-11-20",
                   "publicity_end": null, "township_check": null, "county_approval": null,
                   "decisions": [{"step": "village_review", "date": "2026-11-21", "by": "rev",
                                  "approved": true, "comment": "评议通过"}]}),
        );
        // A withdrawn procedure says when, by whom and why.
        let mut withdrawn = p.clone();
        withdrawn.withdrawn = Some(ExitWithdrawal {
            date: day("2026-11-28"),
            by: "rev".into(),
            reason: "收入未稳定".into(),
        });
        let json = serde_json::to_value(&withdrawn).unwrap();
        assert_eq!(
            json["withdrawn"],
            json!({"date": "2026-11-28", "by": "rev", "reason": "收入未稳定"})
        );
        assert_eq!(
            serde_json::from_value::<ExitProcedure>(json).unwrap(),
            withdrawn
        );
        // The shortest form a phone may hold reads with every step empty.
        let short: ExitProcedure =
            serde_json::from_value(json!({"mode": "natural", "started": "2026-11-20"})).unwrap();
        assert_eq!(
            short,
            ExitProcedure::new(ExitMode::Natural, day("2026-11-20"), "")
        );
    }

    /// The 公示 notice, both parts: a key added to a row is a field a villager would read, so
    /// it must be one that holds nothing private.
    #[test]
    fn publicity_notice_json_is_frozen() {
        use shouwang_domain::model::{HouseholdType, RiskType};
        use shouwang_domain::office::publicity::{ExitPublicityRow, PublicityRow};
        use shouwang_domain::office::{NameDisplay, PublicityNotice};
        let notice = PublicityNotice {
            village_code: "522701102203".into(),
            village_name: "良亩村".into(),
            as_of: day("2026-11-29"),
            names: NameDisplay::Masked,
            rows: vec![PublicityRow {
                household_number: "522701102203001".into(),
                head_name: "张*明".into(),
                household_size: 3,
                household_type: HouseholdType::Ordinary,
                category: Some(MonitoredCategory::EdgeAtRisk),
                risks: vec![RiskType::Illness],
                publicity_start: day("2026-11-25"),
                publicity_end: day("2026-11-29"),
            }],
            exits: vec![ExitPublicityRow {
                household_number: "522701102203002".into(),
                head_name: "李*华".into(),
                household_size: 2,
                mode: ExitMode::AfterAssistance,
                risks: vec![RiskType::UnstableEmployment],
                publicity_start: day("2026-11-26"),
                publicity_end: day("2026-11-30"),
            }],
            note: Text {
                zh: "不含个人信息".into(),
                en: "Nothing private".into(),
            },
        };
        frozen(
            &notice,
            json!({
                "village_code": "522701102203", "village_name": "良亩村", "as_of": "2026-11-29",
                "names": "masked",
                "rows": [{"household_number": "522701102203001", "head_name": "张*明",
                          "household_size": 3, "household_type": "ordinary",
                          "category": "edge_at_risk", "risks": ["illness"],
                          "publicity_start": "2026-11-25", "publicity_end": "2026-11-29"}],
                "exits": [{"household_number": "522701102203002", "head_name": "李*华",
                           "household_size": 2, "mode": "after_assistance",
                           "risks": ["unstable_employment"],
                           "publicity_start": "2026-11-26", "publicity_end": "2026-11-30"}],
                "note": {"zh": "不含个人信息", "en": "Nothing private"},
            }),
        );
        // A notice from a server older than the exit procedure reads as one without exits.
        let mut old = serde_json::to_value(&notice).unwrap();
        old.as_object_mut().unwrap().remove("exits");
        let read: PublicityNotice = serde_json::from_value(old).unwrap();
        assert!(read.exits.is_empty());
    }
}

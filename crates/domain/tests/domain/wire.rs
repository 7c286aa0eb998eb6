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

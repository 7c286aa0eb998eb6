//! One error shape (issue 11): every answer of the API that is not a success — from a handler,
//! an extractor, the router or a layer — is the API's error JSON with a stable reason and a
//! message in 中文 and English, and its status tells the truth: a conflict or a damaged row is
//! never "storage unavailable, retry". Each on SQLite and PostgreSQL.
use std::io::Write;
use std::sync::Arc;

use serde_json::json;
use shouwang_domain::sync::wire::*;
use shouwang_server::state::FixedClock;
use shouwang_server::store::StoreError;

use crate::kit::{api_error, change, household, on_both, push, NOW, TOWNSHIP, V1};
use crate::support::TestServer;

on_both!(
    every_refusal_of_a_request_is_the_error_json,
    the_router_and_its_layers_answer_the_error_json,
    a_damaged_row_is_a_server_error_not_a_retry,
    a_collision_on_a_unique_key_is_a_conflict_and_a_broken_constraint_damage,
);

const JSON: (&str, &str) = ("Content-Type", "application/json");

fn every_refusal_of_a_request_is_the_error_json(s: &TestServer, _: &Arc<FixedClock>) {
    s.user("li", Role::Worker, &[V1]);
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    let worker = s.login("li", "phone");
    let office = s.login("rev", "office");
    let pull = |token: Option<&str>, body: &[u8]| {
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut headers = vec![JSON];
        if let Some(a) = &auth {
            headers.push(("Authorization", a));
        }
        s.request("POST", "/api/v1/sync/pull", &headers, body)
    };
    // 400: not JSON.
    api_error(&pull(Some(&worker), b"{not json"), 400, "bad_request");
    // 401: no token, or one that was never issued.
    api_error(&pull(None, b"{}"), 401, "unauthorized");
    api_error(&pull(Some("made-up"), b"{}"), 401, "unauthorized");
    // 403: a worker at the office.
    api_error(
        &s.get_as("/api/v1/office/queue", Some(&worker)),
        403,
        "forbidden_role",
    );
    // 404: a household that is not there (or not the caller's).
    api_error(
        &s.get_as("/api/v1/households/nope/history", Some(&worker)),
        404,
        "not_found",
    );
    // 409: a decision on a version that is no longer current.
    let stored = push(s, &worker, vec![change("c1", NOW, &household("h1", V1))]);
    let revision = stored[0].revision.unwrap().0;
    let stale = s.post(
        "/api/v1/office/households/h1/decision",
        Some(&office),
        &json!({"step": "village_review", "approve": true, "base_revision": revision + 7}),
    );
    api_error(&stale, 409, "stale");
    // 415: a body not sent as JSON.
    let text = s.request(
        "POST",
        "/api/v1/auth/login",
        &[("Content-Type", "text/plain")],
        b"li:secret",
    );
    api_error(&text, 415, "unsupported_media_type");
    // 422: JSON of the wrong shape, and a field over its limit.
    let shape = s.post(
        "/api/v1/auth/login",
        None,
        &json!({"username": 5, "password": "x", "device_id": "d"}),
    );
    let body = api_error(&shape, 422, "invalid_body");
    assert!(
        body["message"]["en"].as_str().unwrap().contains("username"),
        "{body}"
    );
    let long = s.post(
        "/api/v1/auth/login",
        None,
        &json!({"username": "li", "password": "x", "device_id": "d".repeat(65)}),
    );
    let body = api_error(&long, 422, "too_long");
    assert!(
        body["message"]["zh"]
            .as_str()
            .unwrap()
            .contains("设备编号最多 64 个字"),
        "{body}"
    );
    let unsupported = s.post(
        "/api/v1/sync/pull",
        Some(&worker),
        &json!({"protocol": 99, "device_id": "d", "cursor": 0, "limit": 10}),
    );
    api_error(&unsupported, 400, "unsupported_protocol");
    // 429: too many wrong passwords, with when to retry.
    for _ in 0..5 {
        let wrong = s.post(
            "/api/v1/auth/login",
            None,
            &json!({"username": "li", "password": "wrong", "device_id": "d"}),
        );
        api_error(&wrong, 401, "bad_credentials");
    }
    let throttled = s.post(
        "/api/v1/auth/login",
        None,
        &json!({"username": "li", "password": "wrong", "device_id": "d"}),
    );
    api_error(&throttled, 429, "too_many_attempts");
    assert!(throttled.header("retry-after").is_some());
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn the_router_and_its_layers_answer_the_error_json(s: &TestServer, _: &Arc<FixedClock>) {
    s.user("li", Role::Worker, &[V1]);
    let worker = s.login("li", "phone");
    let bearer = format!("Bearer {worker}");
    // 404: no such endpoint, whatever the method.
    api_error(&s.get("/api/v1/nothing-here"), 404, "not_found");
    api_error(
        &s.request("DELETE", "/api/v1/nothing-here", &[], b""),
        404,
        "not_found",
    );
    // 405: a wrong method on a real endpoint, with the methods it takes.
    let get = s.get("/api/v1/auth/login");
    api_error(&get, 405, "method_not_allowed");
    assert!(
        get.header("allow").unwrap().contains("POST"),
        "{:?}",
        get.headers
    );
    let delete = s.request(
        "DELETE",
        "/api/v1/sync/push",
        &[("Authorization", &bearer)],
        b"",
    );
    api_error(&delete, 405, "method_not_allowed");
    api_error(
        &s.request("PUT", "/api/v1/health", &[], b""),
        405,
        "method_not_allowed",
    );
    // 415: a compression the server does not read, named in the message.
    let brotli = s.request(
        "POST",
        "/api/v1/sync/pull",
        &[JSON, ("Authorization", &bearer), ("Content-Encoding", "br")],
        b"\x1b\x03\x00",
    );
    let body = api_error(&brotli, 415, "unsupported_encoding");
    assert!(
        body["message"]["en"].as_str().unwrap().contains("br"),
        "{body}"
    );
    // 413: a small gzip body that unpacks past the limit (a zip bomb).
    let bomb = gzip(&vec![b' '; 20 * 1024 * 1024]);
    assert!(bomb.len() < 100 * 1024);
    let big = s.request(
        "POST",
        "/api/v1/sync/push",
        &[
            JSON,
            ("Authorization", &bearer),
            ("Content-Encoding", "gzip"),
        ],
        &bomb,
    );
    api_error(&big, 413, "too_large");
    // A gzip body that is not gzip.
    let broken = s.request(
        "POST",
        "/api/v1/sync/pull",
        &[
            JSON,
            ("Authorization", &bearer),
            ("Content-Encoding", "gzip"),
        ],
        b"not gzip at all",
    );
    api_error(&broken, 400, "bad_request");
}

fn a_damaged_row_is_a_server_error_not_a_retry(s: &TestServer, _: &Arc<FixedClock>) {
    s.user("li", Role::Worker, &[V1]);
    let worker = s.login("li", "phone");
    push(s, &worker, vec![change("c1", NOW, &household("h1", V1))]);
    // A hand-edited database: the stored household no longer reads as one.
    s.block_on(
        sqlx::query("UPDATE households SET body = '{\"damaged\": true}'").execute(s.store.pool()),
    )
    .unwrap();
    let pull = s.post(
        "/api/v1/sync/pull",
        Some(&worker),
        &PullRequest {
            protocol: PROTOCOL_VERSION,
            device_id: DeviceId("phone".into()),
            cursor: Revision(0),
            limit: 10,
        },
    );
    let body = api_error(&pull, 500, "server_error");
    assert!(body["message"]["en"]
        .as_str()
        .unwrap()
        .contains("retrying will not help"));
    assert!(
        !pull.body.contains("damaged"),
        "no internals leak: {}",
        pull.body
    );
}

fn a_collision_on_a_unique_key_is_a_conflict_and_a_broken_constraint_damage(
    s: &TestServer,
    _: &Arc<FixedClock>,
) {
    s.user("li", Role::Worker, &[V1]);
    let run = |sql: &str| {
        let e = s
            .block_on(sqlx::query(sql).execute(s.store.pool()))
            .unwrap_err();
        StoreError::from(e)
    };
    let taken = run(
        "INSERT INTO users (username, display_name, role, password_hash, created_at) \
         VALUES ('li', 'li', 'worker', 'x', 'now')",
    );
    assert!(matches!(taken, StoreError::Conflict(_)), "{taken:?}");
    let broken = run(
        "INSERT INTO users (username, display_name, role, password_hash, created_at) \
         VALUES ('wang', 'wang', 'mayor', 'x', 'now')",
    );
    assert!(matches!(broken, StoreError::Corrupt(_)), "{broken:?}");
    let conflict = shouwang_server::error::ApiFailure::from(taken);
    assert_eq!(
        (conflict.status.as_u16(), conflict.error.reason.as_str()),
        (409, "conflict")
    );
}

//! The API answers JSON, and never falls back to the app's HTML.

use serde_json::Value;

use crate::support::TestServer;

#[test]
fn health_reports_ok_and_version_as_json() {
    let reply = TestServer::start().get("/api/v1/health");
    assert_eq!(reply.status, 200);
    assert!(reply.content_type.starts_with("application/json"));
    let body: Value = serde_json::from_str(&reply.body).expect("health body is JSON");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn unknown_api_path_is_json_404() {
    let reply = TestServer::start().get("/api/v1/no-such-thing");
    assert_eq!(reply.status, 404);
    let body: Value = serde_json::from_str(&reply.body).expect("404 body is JSON");
    assert!(body["reason"].is_string());
}

#[test]
fn unversioned_api_path_is_json_404_too() {
    let reply = TestServer::start().get("/api/health");
    assert_eq!(reply.status, 404);
    assert!(reply.content_type.starts_with("application/json"));
}

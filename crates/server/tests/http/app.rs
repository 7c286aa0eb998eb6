//! Serving the built app: files as they are, app routes as index.html, missing files as 404.

use crate::support::{TestServer, APP_JS, INDEX_HTML};

#[test]
fn root_serves_index_html() {
    let reply = TestServer::start().get("/");
    assert_eq!(reply.status, 200);
    assert!(reply.content_type.starts_with("text/html"));
    assert_eq!(reply.body, INDEX_HTML);
}

#[test]
fn deep_link_falls_back_to_index_html() {
    let reply = TestServer::start().get("/households/123");
    assert_eq!(reply.status, 200);
    assert!(reply.content_type.starts_with("text/html"));
    assert_eq!(reply.body, INDEX_HTML);
}

#[test]
fn existing_asset_is_served_as_is() {
    let reply = TestServer::start().get("/app.js");
    assert_eq!(reply.status, 200);
    assert!(reply.content_type.contains("javascript"));
    assert_eq!(reply.body, APP_JS);
}

#[test]
fn missing_asset_is_404_not_index_html() {
    let reply = TestServer::start().get("/missing.js");
    assert_eq!(reply.status, 404);
    assert_ne!(reply.body, INDEX_HTML);
}

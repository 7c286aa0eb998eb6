//! The security headers (issue 11, item 6) on the app and on the API, errors included.
use crate::support::{Options, Server};

fn assert_secure(answer: &crate::support::Answer, what: &str) {
    let csp = answer.header("content-security-policy");
    let script = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .unwrap_or_else(|| panic!("{what}: no script-src in {csp:?}"));
    assert_eq!(script, "script-src 'self' 'wasm-unsafe-eval'", "{what}");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(csp.contains("default-src 'self'"), "{what}: {csp}");
    assert_eq!(answer.header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(answer.header("referrer-policy"), "no-referrer", "{what}");
    let permissions = answer.header("permissions-policy");
    assert!(
        permissions.contains("camera=(self)"),
        "{what}: {permissions}"
    );
    assert!(
        permissions.contains("geolocation=(self)"),
        "{what}: {permissions}"
    );
}

#[test]
fn the_app_and_every_api_answer_carry_the_security_headers() {
    let server = Server::start(Options::default());
    for path in [
        "/",
        "/index.html",
        "/households/123",
        "/sw.js",
        "/missing.js",
        "/api/v1/health",
        "/api/v1/me",
        "/api/v1/no-such-endpoint",
        "/api/v1/enrol/info",
    ] {
        let answer = server.get(path, &[]);
        assert_secure(&answer, path);
    }
    // Plain HTTP on loopback: no HSTS (it would pin a name to HTTPS the server does not speak).
    assert_eq!(server.get("/", &[]).header("strict-transport-security"), "");
}

#[test]
fn over_https_the_answers_also_carry_hsts() {
    let server = Server::start(Options {
        tls: true,
        ..Options::default()
    });
    for path in ["/", "/api/v1/health", "/api/v1/no-such-endpoint"] {
        let answer = server.get(path, &[]);
        assert_secure(&answer, path);
        assert_eq!(
            answer.header("strict-transport-security"),
            "max-age=31536000",
            "{path}"
        );
    }
}

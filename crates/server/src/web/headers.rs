//! The security headers of every answer, the app's and the API's: a content security policy
//! that lets scripts come only from the server itself (WebAssembly compiled with
//! 'wasm-unsafe-eval'), no framing, no MIME sniffing, no referrer, camera and location for this
//! site only — and HSTS on answers that came over TLS.
use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::net::Secure;

/// Scripts from the server only (no inline script: the build moves Trunk's loader into a file);
/// styles may be inline (`style=` attributes of the charts).
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
     worker-src 'self'; manifest-src 'self'; font-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The camera (photos of documents) and location (a visit's place) for this site only.
pub const PERMISSIONS_POLICY: &str =
    "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()";

/// A year; browsers then never try plain HTTP for this name.
const HSTS: &str = "max-age=31536000";

/// Adds the security headers to an answer (those a handler set itself are kept).
pub async fn security_headers(req: Request, next: Next) -> Response {
    let secure = req.extensions().get::<Secure>().is_some_and(|s| s.0);
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    let fixed: [(HeaderName, &'static str); 6] = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // For browsers that predate frame-ancestors (older in-app browsers).
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in fixed {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    if secure {
        headers
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static(HSTS));
    }
    response
}

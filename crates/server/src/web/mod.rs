//! Everything the server sends that is not the API's JSON: the built app from `dist/` (brotli or
//! gzip copies chosen by `Accept-Encoding`, cache headers by file kind, the SPA fallback), the
//! township CA for phones to install, and the security headers every answer carries.
mod headers;

pub use headers::{security_headers, CSP, PERMISSIONS_POLICY};

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::handler::HandlerWithoutStateExt;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::deploy::Deploy;

/// Hashed build files never change under their name: a year, and no revalidation.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else (index.html, sw.js, the manifest, icons) is revalidated on every use, so an
/// update is seen at once; a 304 costs a few hundred bytes.
pub const NO_CACHE: &str = "no-cache";

/// Where phones download the township CA (the enrolment page and the QR sheet link here).
pub const TOWNSHIP_CA_PATH: &str = "/township-ca.crt";

/// The app from `dist` and the township CA, for everything outside `/api`.
///
/// The app routes in the browser, so a deep link such as `/households/123` must load
/// `index.html`; a path that names a file (`/missing.js`) and is not in `dist` is a real 404, so
/// a broken build fails loudly instead of handing the browser HTML where it expected a script.
pub fn app(dist: PathBuf, deploy: &Deploy) -> Router {
    let index = dist.join("index.html");
    let spa_fallback = move |req: Request| {
        let index = index.clone();
        async move {
            if names_a_file(req.uri().path()) {
                return StatusCode::NOT_FOUND.into_response();
            }
            match precompressed(ServeFile::new(index)).try_call(req).await {
                Ok(response) => response.map(Body::new),
                Err(err) => {
                    tracing::error!(%err, "cannot read index.html");
                    StatusCode::INTERNAL_SERVER_ERROR.into_response()
                }
            }
        }
    };
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(spa_fallback.into_service());
    Router::new()
        .merge(township_ca(deploy))
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

fn precompressed(file: ServeFile) -> ServeFile {
    file.precompressed_br().precompressed_gzip()
}

/// `GET /township-ca.crt` when the server offers a township CA (DER, so Android and iOS both
/// take it as a CA certificate); no route otherwise.
pub fn township_ca(deploy: &Deploy) -> Router {
    match &deploy.township_ca {
        Some(ca) => Router::new()
            .route(TOWNSHIP_CA_PATH, get(ca_certificate))
            .with_state(ca.der.clone()),
        None => Router::new(),
    }
}

async fn ca_certificate(State(der): State<std::sync::Arc<[u8]>>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/x-x509-ca-cert"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"township-ca.crt\"",
            ),
            (header::CACHE_CONTROL, NO_CACHE),
        ],
        der.to_vec(),
    )
        .into_response()
}

/// `Cache-Control` by file kind, and `Vary: Accept-Encoding` where a compressed copy may be
/// chosen, so a cache never hands brotli to a browser that did not ask for it.
async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut response = next.run(req).await;
    let ok = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CACHE_CONTROL) {
        let value = if ok && is_hashed(&path) {
            IMMUTABLE
        } else {
            NO_CACHE
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    if compressible(&path) {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Whether the last segment of a URL path looks like a file name (`app.js`, `icon.svg`).
fn names_a_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

/// Whether a path is one of the build's content-hashed files: Trunk names them
/// `<name>-<16 hex digits>` followed by `.` or `_` (`main-ab6e70f1454347f0.css`,
/// `shouwang-app-…_bg.wasm`), and the split build puts the screens' modules under
/// `shouwang-app-<hash>.split/`. Checked on the first segment, so everything in that directory
/// counts.
pub fn is_hashed(path: &str) -> bool {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let bytes = first.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'-'
            && bytes.len() > i + 17
            && bytes[i + 1..i + 17]
                .iter()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
            && matches!(bytes[i + 17], b'.' | b'_')
    })
}

/// Whether the build writes brotli and gzip copies of this kind of file (scripts/compress.sh),
/// and app routes (answered with index.html).
fn compressible(path: &str) -> bool {
    if !names_a_file(path) {
        return true;
    }
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    matches!(
        ext,
        "html" | "js" | "mjs" | "wasm" | "css" | "json" | "webmanifest" | "svg" | "txt"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_routes_do_not_name_files() {
        assert!(!names_a_file("/"));
        assert!(!names_a_file("/households/123"));
        assert!(!names_a_file("/households/"));
    }

    #[test]
    fn asset_paths_name_files() {
        assert!(names_a_file("/missing.js"));
        assert!(names_a_file("/icons/icon-192.png"));
    }

    #[test]
    fn trunks_hashed_names_and_the_split_modules_are_hashed() {
        for hashed in [
            "/main-ab6e70f1454347f0.css",
            "/shouwang-app-671bb96ef93ec64b.js",
            "/shouwang-app-671bb96ef93ec64b_bg.wasm",
            "/shouwang-app-671bb96ef93ec64b.boot.js",
            "/shouwang-app-671bb96ef93ec64b.split/split_field.wasm",
            "/shouwang-app-671bb96ef93ec64b.split/__wasm_split.js",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/sw.js",
            "/precache-manifest.js",
            "/manifest.webmanifest",
            "/icon-192.png",
            "/township-ca.crt",
            "/households/123",
            "/main-ab6e70f1454347f.css",
            "/main-ab6e70f1454347fg.css",
            "/x/main-ab6e70f1454347f0.css",
        ] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }
}

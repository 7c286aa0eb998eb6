//! 守望 Shouwang township server: serves the built app (dist/) and its API from one port.
//!
//! The server is a library so tests can start it on port 0; `main.rs` is a thin command line around
//! it. The API lives in [`api`], storage behind the [`store::Storage`] trait.

#![forbid(unsafe_code)]

pub mod api;
pub mod auth;
pub mod config;
pub mod demo;
pub mod office;
pub mod store;

use std::path::{Path, PathBuf};

use axum::{
    body::Body, extract::Request, handler::HandlerWithoutStateExt, http::StatusCode,
    response::IntoResponse, routing::get, Json, Router,
};
use serde::Serialize;
use tower_http::{
    services::{ServeDir, ServeFile},
    trace::TraceLayer,
};

pub use api::{AppState, Limits};
pub use store::{SqlStore, Storage};

/// The server cannot start as configured.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The app has not been built into the dist directory.
    #[error(
        "{} not found: build the app first (`trunk build --release --offline`, or `bash scripts/run`), \
         or point --dist at a built app",
        .0.display()
    )]
    MissingApp(PathBuf),
}

/// Check that `dist` holds a built app, so a misconfigured server fails at start, not on every request.
pub fn check_dist(dist: &Path) -> Result<(), StartError> {
    let index = dist.join("index.html");
    if index.is_file() {
        Ok(())
    } else {
        Err(StartError::MissingApp(index))
    }
}

/// All routes: the API under `/api` (versioned, `/api/v1/...`), and the app from `dist` for everything else.
///
/// The app routes in the browser, so a deep link such as `/households/123` must load `index.html`;
/// a path that names a file (`/missing.js`) and is not in `dist` is a real 404, so a broken build
/// fails loudly instead of handing the browser HTML where it expected a script.
pub fn router<S: Storage>(dist: PathBuf, state: AppState<S>) -> Router {
    let index = dist.join("index.html");
    let spa_fallback = move |req: Request| {
        let index = index.clone();
        async move {
            if names_a_file(req.uri().path()) {
                return StatusCode::NOT_FOUND.into_response();
            }
            match ServeFile::new(index).try_call(req).await {
                Ok(response) => response.map(Body::new),
                Err(err) => {
                    tracing::error!(%err, "cannot read index.html");
                    StatusCode::INTERNAL_SERVER_ERROR.into_response()
                }
            }
        }
    };

    Router::new()
        .nest("/api", api(state))
        .fallback_service(ServeDir::new(dist).fallback(spa_fallback.into_service()))
        .layer(TraceLayer::new_for_http())
}

fn api<S: Storage>(state: AppState<S>) -> Router {
    Router::new()
        .route("/v1/health", get(health))
        .merge(office::routes(state.clone()))
        .merge(api::routes(state))
        .fallback(api_not_found)
}

/// Body of `GET /api/v1/health`.
#[derive(Debug, Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// An unknown API path answers JSON, never the app's HTML.
async fn api_not_found() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        Json(serde_json::json!({ "reason": "not_found", "message": {
            "zh": "没有这个接口", "en": "No such API endpoint" } })),
    )
}

/// Whether the last segment of a URL path looks like a file name (`app.js`, `icon.svg`).
fn names_a_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::names_a_file;

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
}

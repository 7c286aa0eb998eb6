//! 守望 Shouwang township server: serves the built app (dist/) and its API from one port.
//!
//! The server is a library so tests can start it on port 0; `main.rs` is a thin command line around
//! it. Laid out as:
//!
//! - [`handlers`]: the API under `/api`, one file per area (auth, sync, history, office);
//! - [`error`]: the one error type and its JSON; [`edge`]: every failure of the API as that JSON
//!   (404, 405, 413, 415, panics); [`extract`]: body, query and session extractors;
//! - [`state`]: what handlers share — store, limits, policy, clock and calendar;
//! - [`store`]: storage behind the [`store::Storage`] trait (SQLite and PostgreSQL);
//! - [`auth`]: passwords and tokens; [`config`]: settings; [`demo`]: the demo township;
//! - [`sheets`]: uploaded spreadsheets and CSV read into tables; [`importer`]: the office's
//!   imports (households, people, departments' lists) run against the store.
//! - [`net`]: the listener (connection cap and timeouts); [`tls`]: certificates from files,
//!   ACME or the township's own CA, and the plain-HTTP redirect; [`web`]: the app's files
//!   (precompressed, cache headers) and the security headers; [`deploy`]: how phones reach the
//!   server; [`backup`]: snapshots and restores of the database; [`blobs`]: the bytes of
//!   attachments (photos, signatures) on disk.
//!
//! Every rule (validation, who may change what, merges, the office's decisions) is the domain
//! crate's: the handlers read, ask it, and write.

#![forbid(unsafe_code)]

pub mod auth;
pub mod backup;
pub mod blobs;
pub mod config;
pub mod demo;
pub mod deploy;
pub mod edge;
pub mod error;
pub mod extract;
pub mod handlers;
pub mod importer;
pub mod launch;
pub mod net;
pub mod sheets;
pub mod state;
pub mod store;
pub mod tls;
pub mod web;

use std::path::{Path, PathBuf};

use axum::Router;
use tower_http::{catch_panic::CatchPanicLayer, trace::TraceLayer};

pub use state::{AppState, Limits};
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

/// All routes: the API under `/api` (versioned, `/api/v1/...`), and the app from `dist` for
/// everything else ([`web::app`]); every answer carries the security headers.
pub fn router<S: Storage>(dist: PathBuf, state: AppState<S>) -> Router {
    // Outermost on the API: every failure below, the router's and the layers' included, leaves
    // as the API's error JSON; a panic is a 500 like any defect, not a dropped connection.
    let max_body = state.limits.max_body_bytes;
    let app = web::app(dist, &state.deploy);
    let api = handlers::routes(state)
        .layer(CatchPanicLayer::custom(edge::panicked))
        .layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next| {
                let (limit, too_large) =
                    handlers::body_limit(request.method(), request.uri().path(), max_body);
                edge::json_errors_with(limit, too_large, request, next)
            },
        ));
    Router::new()
        .nest("/api", api)
        .merge(app)
        .layer(axum::middleware::from_fn(web::security_headers))
        .layer(TraceLayer::new_for_http())
}

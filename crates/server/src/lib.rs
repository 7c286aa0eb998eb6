//! 守望 Shouwang township server: serves the built app (dist/) and its API from one port.
//!
//! The server is a library so tests can start it on port 0; `main.rs` is a thin command line around
//! it. Laid out as:
//!
//! - [`handlers`]: the API under `/api`, one file per area (auth, sync, history, office);
//! - [`error`]: the one error type and its JSON; [`extract`]: body, query and session extractors;
//! - [`state`]: what handlers share — store, limits, policy, clock and calendar;
//! - [`store`]: storage behind the [`store::Storage`] trait (SQLite and PostgreSQL);
//! - [`auth`]: passwords and tokens; [`config`]: settings; [`demo`]: the demo township;
//! - [`sheets`]: uploaded spreadsheets and CSV read into tables; [`importer`]: the office's
//!   imports (households, people, departments' lists) run against the store.
//!
//! Every rule (validation, who may change what, merges, the office's decisions) is the domain
//! crate's: the handlers read, ask it, and write.

#![forbid(unsafe_code)]

pub mod auth;
pub mod config;
pub mod demo;
pub mod error;
pub mod extract;
pub mod handlers;
pub mod importer;
pub mod sheets;
pub mod state;
pub mod store;

use std::path::{Path, PathBuf};

use axum::{
    body::Body, extract::Request, handler::HandlerWithoutStateExt, http::StatusCode,
    response::IntoResponse, Router,
};
use tower_http::{
    services::{ServeDir, ServeFile},
    trace::TraceLayer,
};

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
        .nest("/api", handlers::routes(state))
        .fallback_service(ServeDir::new(dist).fallback(spa_fallback.into_service()))
        .layer(TraceLayer::new_for_http())
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

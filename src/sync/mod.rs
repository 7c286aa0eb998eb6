//! Sync with the township server, the app's side: sign-in, the push of unsynced edits and the
//! pull of the server's versions, automatic retries, and the status the worker sees.
//!
//! - `backoff`: how long to wait before a retry;
//! - `client`: the one HTTP client (browser `fetch`, gzip bodies);
//! - `engine`: one sync, push then pull, resumable at any point;
//! - `context`: the session and the runner (start, `online`, the button, retries);
//! - `session`: what is kept in localStorage (token, cursor, last sync);
//! - `status`: the status line on every screen and the section in settings.
//!
//! The protocol's messages, the merge rule and the device's pure decisions (what to push, what an
//! answer or a pulled version does to a record) are `shouwang_domain::sync` (`device` there).
pub mod backoff;
pub mod client;
mod context;
pub mod engine;
mod error;
pub mod session;
mod status;

pub use context::{preload, provide_sync_context, sleep, use_sync, SyncContext};
pub use error::SyncError;
pub use status::{status_line, StatusView, SyncPanel, SyncStatus};

//! The server over real HTTP: each test starts it on port 0 with its own dist directory.

mod api;
mod app;
mod authz;
mod disk_full;
mod lifecycle;
mod office;
mod support;
mod sync;

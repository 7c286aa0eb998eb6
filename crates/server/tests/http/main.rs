//! The server over real HTTP: each test starts it on port 0 with its own dist directory.

mod accounts;
mod api;
mod app;
mod attachments;
mod authz;
mod both;
mod calendar;
mod disk_full;
mod errors;
mod exports;
mod fuzz;
mod import;
mod kit;
mod leads;
mod lifecycle;
mod limits;
mod office;
mod support;
mod sync;

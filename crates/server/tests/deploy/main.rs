//! A township deployment over real connections (issue 12, and issue 11's hostile connections):
//! the listener's limits, HTTPS with a township CA and certificate reload, the plain-HTTP
//! redirect, ACME against a real ACME server, the app's precompressed files and cache headers,
//! the security headers, enrolment by QR code, and backups taken during pushes.
mod acme;
mod backup;
mod cli;
mod connections;
mod enrol;
mod headers;
mod static_files;
mod support;
mod tls;

/// The HTTP tests' server (plain HTTP, SQLite or PostgreSQL), for the API-level tests here.
#[path = "../http/support.rs"]
#[allow(dead_code)]
mod http_support;

//! Integration tests of the domain crate, one module per theme.
mod category;
mod consistency;
mod exit;
mod exit_withdrawal;
mod merge;
mod office;
mod policy;
mod properties;
mod risks;
mod samples;
mod support;
mod sync;
mod triggers;
mod warning;
mod wire;

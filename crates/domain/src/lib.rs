//! The pure rules of 防止返贫动态监测和帮扶 (dynamic monitoring to prevent return to poverty).
//!
//! Everything that decides something about a household lives here, so that the phone app (wasm32)
//! and the township server (native) judge a record by exactly the same code:
//!
//! - [`model`]: the household record with its members, income, spending, risks, measures, visits,
//!   procedure dates and exit, with stable snake_case JSON and a format version;
//! - [`money`]: amounts in integer fen, never floating point;
//! - [`id_number`]: 居民身份证号 parsing (GB 11643-1999, ISO 7064 MOD 11-2);
//! - [`validate`]: the national checks of a record, as problems addressed to fields;
//! - [`limits`]: the one table of field lengths, list sizes and ranges that validation, the server
//!   and the app's inputs share;
//! - [`policy`]: monitoring lines and thresholds as data, keyed by area prefix and year;
//! - [`classify`]: the explainable suggestion of category, risks, warning level and exit;
//! - [`office`]: the township office's dashboard, review queue, decisions, exports, 公示 list,
//!   audit trail, double registrations and restoring a voided household;
//! - [`import`]: the office's imports — households in the national layout, the roster of
//!   accounts, and the departments' lists that become leads (线索);
//! - [`leads`]: the worker's side of a lead: the to-do item and recording the outcome;
//! - [`lifecycle`]: voiding a household registered by mistake, members moving (分户, 迁出);
//! - [`summary`] and [`todo`]: the one-line view lists work from, and what is due by when.
//!
//! No I/O, no clocks, no platform code: callers pass the date and the policy text in.
#![forbid(unsafe_code)]

pub mod classify;
pub mod id_number;
pub mod import;
pub mod labels;
pub mod leads;
pub mod lifecycle;
pub mod limits;
pub mod model;
pub mod money;
pub mod office;
pub mod policy;
pub mod summary;
pub mod sync;
pub mod text;
pub mod todo;
pub mod validate;

pub use classify::{classify, Classification};
pub use model::Household;
pub use money::{Money, Ratio};
pub use policy::{Policy, Rules};
pub use text::Text;
pub use validate::{validate, Problem, Severity};

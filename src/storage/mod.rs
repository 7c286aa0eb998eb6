//! Browser persistence: household records in IndexedDB, small settings in localStorage.
//!
//! Records live in IndexedDB (through the `idb` crate, the maintained layer `rexie` is built on;
//! we use it directly because it exposes the `blocked` event of an upgrade, which must be shown
//! to the worker). localStorage holds only small settings (see [`settings`]). Every write is
//! one IndexedDB transaction, so a crash or a second tab can never leave half a record.
//!
//! Stores:
//! - `households`: the full record in a versioned envelope ([`Stored`]), keyed by household id;
//! - `summaries`: one [`shouwang_domain::summary::Summary`] per household, for the list screens,
//!   written in the same transaction as the record;
//! - `drafts`: the form being edited, saved as the worker types;
//! - `meta`: the stored data format version, for migrations;
//! - `outbox`: one [`Pending`] entry per household with an unsynced edit (its change id and the
//!   server's refusal, if any), written in the same transaction as the record, so the number
//!   waiting and the push list never need to read every record;
//! - `attachments`: the Blobs of photos and signatures, keyed by SHA-256 (`crate::attachments`).
mod backup;
mod db;
mod error;
pub mod migrate;
mod outbox;
mod records;
pub mod settings;

pub use backup::{Backup, ImportReport};
pub use db::{open, DB_NAME};
pub use error::StorageError;
pub(crate) use records::finish;
pub use records::{now_iso, today, with_policy, Draft, Pending, Store, Stored, STORAGE_FORMAT};

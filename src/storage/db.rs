//! Opening the database: schema, upgrade, and the blocked and version-change cases.
use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams};

use super::StorageError;

/// The IndexedDB database name.
pub const DB_NAME: &str = "shouwang";
/// The IndexedDB schema version (object stores). The data format inside is versioned apart,
/// see [`super::STORAGE_FORMAT`]. 2 added `outbox`, 3 `attachments` (Blobs by SHA-256).
const SCHEMA_VERSION: u32 = 3;
/// Every object store, all with out-of-line keys (the household id, the draft key, a meta key).
pub(super) const STORES: [&str; 6] = [
    "households",
    "summaries",
    "drafts",
    "meta",
    "outbox",
    "attachments",
];

/// Opens (creating or upgrading) the database named `name`.
///
/// `on_blocked` runs when another tab holds an older version open and the upgrade must wait;
/// the open completes by itself once that tab closes or reloads. `on_replaced` runs in this tab
/// when a newer version of the app wants to upgrade: this connection closes so the other tab is
/// not blocked, and the app should ask the worker to reload.
pub async fn open(
    name: &str,
    on_blocked: impl FnOnce() + 'static,
    on_replaced: impl Fn() + 'static,
) -> Result<Database, StorageError> {
    let factory = Factory::new().map_err(|_| StorageError::Unavailable)?;
    let mut request = factory
        .open(name, Some(SCHEMA_VERSION))
        .map_err(StorageError::from)?;
    request.on_upgrade_needed(|event| {
        let Ok(db) = event.database() else { return };
        let existing = db.store_names();
        for store in STORES {
            if !existing.iter().any(|s| s == store) {
                // A failure here aborts the upgrade, which rejects the open request.
                let _ = db.create_object_store(store, ObjectStoreParams::new());
            }
        }
    });
    request.on_blocked(move |_| on_blocked());
    let mut db = request.await.map_err(|e| match StorageError::from(e) {
        StorageError::Other(_) => StorageError::Unavailable,
        other => other,
    })?;
    db.on_version_change(move |event| {
        if let Ok(db) = event.database() {
            db.close();
        }
        on_replaced();
    });
    Ok(db)
}

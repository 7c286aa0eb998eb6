//! Moving stored data to the current format on first start after an update. Never drops a
//! record: one that cannot be read is left as it is and reported. The summaries the lists read
//! have a format of their own ([`SUMMARY_FORMAT`]): when it grows, they are written again from
//! the records.
use std::rc::Rc;

use idb::{Database, ObjectStore, TransactionMode};
use serde::Deserialize;
use serde_json::Value;
use shouwang_domain::Household;
use wasm_bindgen::JsValue;

use super::records::{finish, key, summary_of, to_js, today, write_record, Stored, STORAGE_FORMAT};
use super::StorageError;
use crate::lazy::on_demand;

/// The `meta` key holding the stored data format.
const FORMAT_KEY: &str = "storage_format";
/// The `meta` key holding the format of the stored summaries.
const SUMMARY_KEY: &str = "summary_format";

/// The format of the stored summaries: 1 before the household card (none written), 2 adds the
/// phone, person keys, void, returned step and next step that search, the duplicate check and
/// the to-do list read.
pub const SUMMARY_FORMAT: u32 = 2;

/// A record as format 2 stored it: the household and its local revision, no sync state.
#[derive(Deserialize)]
struct StoredV2 {
    local_rev: u64,
    saved_at: String,
    household: Household,
}

/// Reads a stored or imported record of any known format as the current one.
///
/// Format 1 is a bare household (the files of `shouwang classify` and the samples); format 2
/// added the local revision; format 3 is [`Stored`] with its sync state. Records of formats 1
/// and 2 were never synced, so they come out as unsynced edits (their change id is made when
/// they are written). A record from a newer app is refused, so an old app never rewrites it.
pub fn upgrade_record(value: Value) -> Result<Stored, String> {
    let format = match value.get("storage_format") {
        Some(v) => v.as_u64().ok_or("storage_format is not a number")? as u32,
        None if value.get("format_version").is_some() => 1,
        None => return Err("not a household record".into()),
    };
    // Through text, not `from_value`: one deserializer for records keeps the app small.
    let text = value.to_string();
    match format {
        1 => {
            let household: Household = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            Ok(Stored::new_local(
                household,
                STORAGE_FORMAT,
                1,
                String::new(),
            ))
        }
        2 => {
            let old: StoredV2 = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            Ok(Stored::new_local(
                old.household,
                STORAGE_FORMAT,
                old.local_rev,
                old.saved_at,
            ))
        }
        STORAGE_FORMAT => serde_json::from_str(&text).map_err(|e| e.to_string()),
        newer => Err(format!(
            "record format {newer} is newer than this app ({STORAGE_FORMAT}): update the app"
        )),
    }
}

/// Migrates every record when the stored format is older than [`STORAGE_FORMAT`].
///
/// The format is read first on its own: only an old one needs the migration's code, which in the
/// split build is a module of its own, fetched only then. A new device (no format, no records)
/// just writes the current format. The migration reads the format again in its own transaction,
/// so two tabs starting at once migrate once.
pub(super) async fn run(db: &Rc<Database>) -> Result<(), StorageError> {
    let tx = db.transaction(&["meta", "households"], TransactionMode::ReadWrite)?;
    let meta = tx.object_store("meta")?;
    let stored_format = read_format(&meta, FORMAT_KEY).await?;
    let summaries = read_format(&meta, SUMMARY_KEY).await?;
    let fresh = stored_format.is_none() && tx.object_store("households")?.count(None)?.await? == 0;
    if fresh {
        write_format(&meta, FORMAT_KEY, STORAGE_FORMAT).await?;
        write_format(&meta, SUMMARY_KEY, SUMMARY_FORMAT).await?;
    }
    finish(tx).await?;
    let summaries_current = summaries.is_some_and(|f| f >= SUMMARY_FORMAT);
    match stored_format {
        None if fresh => Ok(()),
        Some(f) if f == STORAGE_FORMAT && summaries_current => Ok(()),
        Some(f) if f > STORAGE_FORMAT => Err(newer_format(f)),
        _ => migrate(db.clone()).await.unwrap_or_else(|e| {
            Err(StorageError::Other(format!(
                "the migration's code could not be loaded ({e}): reload the app"
            )))
        }),
    }
}

/// Records that the stored data (`key`: records or summaries) is of format `format`.
async fn write_format(meta: &ObjectStore, key: &str, format: u32) -> Result<(), StorageError> {
    meta.put(
        &JsValue::from_f64(f64::from(format)),
        Some(&JsValue::from_str(key)),
    )?
    .await?;
    Ok(())
}

/// The stored format under `key`, if any was written.
async fn read_format(meta: &ObjectStore, key: &str) -> Result<Option<u32>, StorageError> {
    Ok(meta
        .get(JsValue::from_str(key))?
        .await?
        .and_then(|v| v.as_f64())
        .map(|v| v as u32))
}

fn newer_format(f: u32) -> StorageError {
    StorageError::Unreadable(format!(
        "data format {f} is newer than this app: update the app"
    ))
}

on_demand! {
module = migrate, preload = preload_migrate;
/// Rewrites every record of an older format as the current one — or, when only the summaries
/// are of an older format, every summary from its record — in one transaction.
async fn migrate(db: Rc<Database>) -> Result<(), StorageError> {
    let tx = db.transaction(
        &["meta", "households", "summaries", "outbox"],
        TransactionMode::ReadWrite,
    )?;
    let meta = tx.object_store("meta")?;
    let households = tx.object_store("households")?;
    match read_format(&meta, FORMAT_KEY).await? {
        Some(f) if f == STORAGE_FORMAT => {
            if read_format(&meta, SUMMARY_KEY).await?.is_none_or(|s| s < SUMMARY_FORMAT) {
                let summaries = tx.object_store("summaries")?;
                let day = today();
                for value in households.get_all(None, None)?.await? {
                    // A record that does not read keeps its old summary.
                    let Some(stored) = value.as_string().and_then(|t| serde_json::from_str::<Stored>(&t).ok()) else {
                        continue;
                    };
                    let summary = summary_of(&stored.household, day);
                    summaries.put(&to_js(&summary)?, Some(&key(&stored.household.id.0)))?;
                }
                write_format(&meta, SUMMARY_KEY, SUMMARY_FORMAT).await?;
            }
        }
        Some(f) if f > STORAGE_FORMAT => {
            let _ = tx.abort();
            return Err(newer_format(f));
        }
        _ => {
            let keys = households.get_all_keys(None, None)?.await?;
            for key in keys {
                let Some(value) = households.get(key.clone())?.await? else {
                    continue;
                };
                let Some(text) = value.as_string() else {
                    continue;
                };
                let Ok(json) = serde_json::from_str::<Value>(&text) else {
                    continue; // unreadable: left untouched
                };
                if let Ok(mut stored) = upgrade_record(json) {
                    write_record(&tx, &mut stored, today())?;
                }
            }
            write_format(&meta, FORMAT_KEY, STORAGE_FORMAT).await?;
            write_format(&meta, SUMMARY_KEY, SUMMARY_FORMAT).await?;
        }
    }
    finish(tx).await
}
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        include_str!("../../crates/domain/samples/02_unstable_formerly_poor_disability.json");

    #[test]
    fn a_bare_household_of_format_one_is_wrapped() {
        let stored = upgrade_record(serde_json::from_str(SAMPLE).unwrap()).unwrap();
        assert_eq!(stored.storage_format, STORAGE_FORMAT);
        assert_eq!(stored.local_rev, 1);
        assert_eq!(stored.household.members.len(), 3);
        assert_eq!(
            stored.household.id.0,
            "7c1e0a52-0002-4b6e-9a10-000000000002"
        );
    }

    #[test]
    fn a_record_of_format_two_keeps_its_revision_and_becomes_an_unsynced_edit() {
        let household: Value = serde_json::from_str(SAMPLE).unwrap();
        let v2 = serde_json::json!({
            "storage_format": 2,
            "local_rev": 7,
            "saved_at": "2026-11-20T08:00:00.000Z",
            "household": household,
        });
        let stored = upgrade_record(v2).unwrap();
        assert_eq!(stored.storage_format, STORAGE_FORMAT);
        assert_eq!(
            (stored.local_rev, stored.saved_at.as_str()),
            (7, "2026-11-20T08:00:00.000Z")
        );
        assert!(stored.dirty, "never synced, so it must go up");
        assert_eq!(stored.server_rev, None);
        assert_eq!(stored.household.members.len(), 3);
    }

    #[test]
    fn a_current_record_reads_as_itself() {
        let once = upgrade_record(serde_json::from_str(SAMPLE).unwrap()).unwrap();
        let again = upgrade_record(serde_json::to_value(&once).unwrap()).unwrap();
        assert_eq!(again, once);
    }

    #[test]
    fn a_record_from_a_newer_app_is_refused_not_rewritten() {
        let mut v =
            serde_json::to_value(upgrade_record(serde_json::from_str(SAMPLE).unwrap()).unwrap())
                .unwrap();
        v["storage_format"] = 99.into();
        assert!(upgrade_record(v).unwrap_err().contains("newer"));
    }

    #[test]
    fn something_else_is_not_a_record() {
        assert!(upgrade_record(serde_json::json!({"name": "x"})).is_err());
    }
}

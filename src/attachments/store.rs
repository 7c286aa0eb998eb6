//! The Blobs of photos and signatures in IndexedDB (`attachments`, keyed by SHA-256), and the
//! budgets that keep them from filling the phone: photos per household, bytes on the device.
//!
//! Each entry is a plain object `{blob, household, content_type, bytes, uploaded, refused,
//! thumb_of, stored_at}` (structured clone stores the Blob itself, not a copy in text).
use std::cell::RefCell;

use gloo_storage::{LocalStorage, Storage};
use idb::TransactionMode;
use js_sys::Reflect;
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::{fill, Lang};
use crate::pwa::human_bytes;
use crate::storage::{finish, now_iso, StorageError, Store};

const STORE: &str = "attachments";
/// Photos one household may hold on the phone (a 入户核实 needs a handful; 40 leaves room).
pub const HOUSEHOLD_PHOTOS: u32 = 40;
/// Bytes of attachments on the device: about 1,000 photos at 300 KB, far below a phone's quota.
pub const DEVICE_BYTES: u64 = 300 * 1024 * 1024;
/// localStorage key of budgets other than the defaults (`{"household_photos":…,
/// "device_bytes":…}`): a deployment's choice, and how the e2e test fills the phone.
const BUDGET_KEY: &str = "shouwang.attachment_budget";

thread_local! {
    /// The open store, set once it is open: `keep_png` and the images are called with a
    /// household id only, from event handlers that have no reactive owner to look it up.
    static OPEN: RefCell<Option<Store>> = const { RefCell::new(None) };
}

/// Notes the open store for this module (called once the app opened it).
pub fn remember_store(store: &Store) {
    OPEN.with(|o| *o.borrow_mut() = Some(store.clone()));
}

fn open_store() -> Result<Store, StorageError> {
    OPEN.with(|o| o.borrow().clone())
        .ok_or(StorageError::Unavailable)
}

/// Why a picture was not kept. The record it belongs to is saved apart, before or without it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeepError {
    /// The household already holds this many photos.
    HouseholdFull(u32),
    /// The device's attachments would pass this many bytes.
    DeviceFull(u64),
    /// The browser's quota is used up (or IndexedDB said QuotaExceededError).
    Quota,
    /// The picture could not be read or re-encoded (the browser's words).
    Unreadable(String),
    /// Another storage failure.
    Storage(StorageError),
}

impl KeepError {
    /// What to tell the worker, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let p = lang.photos();
        match self {
            KeepError::HouseholdFull(n) => fill(p.household_full, &[n]),
            KeepError::DeviceFull(b) => fill(p.device_full, &[&human_bytes(*b as f64)]),
            KeepError::Quota => p.quota.to_string(),
            KeepError::Unreadable(why) => fill(p.unreadable, &[why]),
            KeepError::Storage(e) => e.message(lang.strings()),
        }
    }
}

impl From<StorageError> for KeepError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::QuotaExceeded => KeepError::Quota,
            other => KeepError::Storage(other),
        }
    }
}

impl From<idb::Error> for KeepError {
    fn from(e: idb::Error) -> Self {
        StorageError::from(e).into()
    }
}

/// The budgets in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct Budget {
    #[serde(default = "household_photos")]
    pub household_photos: u32,
    #[serde(default = "device_bytes")]
    pub device_bytes: u64,
}

fn household_photos() -> u32 {
    HOUSEHOLD_PHOTOS
}
fn device_bytes() -> u64 {
    DEVICE_BYTES
}

/// The budgets: the defaults, or what the device's settings say.
pub fn budget() -> Budget {
    LocalStorage::get::<Budget>(BUDGET_KEY).unwrap_or(Budget {
        household_photos: HOUSEHOLD_PHOTOS,
        device_bytes: DEVICE_BYTES,
    })
}

/// One picture to keep.
pub struct Item<'a> {
    pub sha: &'a str,
    pub blob: &'a web_sys::Blob,
    pub content_type: &'a str,
    /// For a thumbnail, the photo it is of (it does not count as a photo).
    pub thumb_of: Option<&'a str>,
}

/// What is stored of one entry, without its Blob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub sha: String,
    pub household: String,
    pub content_type: String,
    pub bytes: u64,
    pub uploaded: bool,
    /// The server's refusal (413, 400), in both languages as it sent them.
    pub refused: Option<String>,
    pub thumb_of: Option<String>,
    /// When it was kept on this phone (ISO 8601, the device's clock).
    pub stored_at: Option<String>,
}

fn text(v: &JsValue, key: &str) -> Option<String> {
    Reflect::get(v, &key.into())
        .ok()
        .and_then(|v| v.as_string())
}

fn entry_of(sha: String, v: &JsValue) -> Entry {
    Entry {
        sha,
        household: text(v, "household").unwrap_or_default(),
        content_type: text(v, "content_type").unwrap_or_default(),
        bytes: Reflect::get(v, &"bytes".into())
            .ok()
            .and_then(|b| b.as_f64())
            .unwrap_or(0.0) as u64,
        uploaded: Reflect::get(v, &"uploaded".into())
            .ok()
            .and_then(|b| b.as_bool())
            .unwrap_or(false),
        refused: text(v, "refused"),
        thumb_of: text(v, "thumb_of"),
        stored_at: text(v, "stored_at"),
    }
}

/// Every entry, without reading a Blob's bytes (a stored Blob is a handle).
pub async fn entries() -> Result<Vec<Entry>, StorageError> {
    let store = open_store()?;
    let tx = store
        .db()
        .transaction(&[STORE], TransactionMode::ReadOnly)?;
    let os = tx.object_store(STORE)?;
    let keys = os.get_all_keys(None, None)?.await?;
    let values = os.get_all(None, None)?.await?;
    finish(tx).await?;
    Ok(keys
        .iter()
        .zip(values.iter())
        .filter_map(|(k, v)| Some(entry_of(k.as_string()?, v)))
        .collect())
}

/// Keeps `items` (a photo and its thumbnail, or a signature) for `household`, all or none,
/// unless a budget is used up. `counts` says whether they count as a photo of the household.
/// A picture already kept is kept once (same bytes, same address).
pub async fn keep(household: &str, items: &[Item<'_>], counts: bool) -> Result<(), KeepError> {
    let store = open_store()?;
    let all = entries().await?;
    let new: Vec<&Item> = items
        .iter()
        .filter(|i| !all.iter().any(|e| e.sha == i.sha))
        .collect();
    if new.is_empty() {
        return Ok(());
    }
    let b = budget();
    let photos = all
        .iter()
        .filter(|e| {
            e.household == household && e.thumb_of.is_none() && e.content_type == "image/jpeg"
        })
        .count() as u32;
    if counts && photos >= b.household_photos {
        return Err(KeepError::HouseholdFull(b.household_photos));
    }
    let used: u64 = all.iter().map(|e| e.bytes).sum();
    let adding: u64 = new.iter().map(|i| i.blob.size() as u64).sum();
    if used + adding > b.device_bytes {
        return Err(KeepError::DeviceFull(b.device_bytes));
    }
    if let (Some(u), Some(q)) = estimate().await {
        // Leave the records room: a photo never takes the last tenth of the quota.
        if u + adding as f64 > q * 0.9 {
            return Err(KeepError::Quota);
        }
    }
    let tx = store
        .db()
        .transaction(&[STORE], TransactionMode::ReadWrite)?;
    let os = tx.object_store(STORE)?;
    for item in new {
        let value = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| Reflect::set(&value, &k.into(), v).map(drop);
        let stored: Result<(), JsValue> = (|| {
            set("blob", item.blob.unchecked_ref())?;
            set("household", &household.into())?;
            set("content_type", &item.content_type.into())?;
            set("bytes", &JsValue::from_f64(item.blob.size()))?;
            set("uploaded", &JsValue::FALSE)?;
            set("stored_at", &now_iso().into())?;
            if let Some(of) = item.thumb_of {
                set("thumb_of", &of.into())?;
            }
            Ok(())
        })();
        stored.map_err(|e| KeepError::from(StorageError::from_js(&e)))?;
        os.put(&value, Some(&JsValue::from_str(item.sha)))?;
    }
    finish(tx).await?;
    Ok(())
}

/// Usage and quota as `navigator.storage.estimate()` reports them (none where it does not).
async fn estimate() -> (Option<f64>, Option<f64>) {
    let Some(w) = web_sys::window() else {
        return (None, None);
    };
    let Ok(p) = w.navigator().storage().estimate() else {
        return (None, None);
    };
    match wasm_bindgen_futures::JsFuture::from(p).await {
        Ok(est) => {
            let est: web_sys::StorageEstimate = est.unchecked_into();
            (est.get_usage(), est.get_quota())
        }
        Err(_) => (None, None),
    }
}

/// The Blob of `sha`, if it is on the phone.
pub async fn blob(sha: &str) -> Result<Option<web_sys::Blob>, StorageError> {
    let store = open_store()?;
    let tx = store
        .db()
        .transaction(&[STORE], TransactionMode::ReadOnly)?;
    let value = tx.object_store(STORE)?.get(JsValue::from_str(sha))?.await?;
    finish(tx).await?;
    Ok(value
        .and_then(|v| Reflect::get(&v, &"blob".into()).ok())
        .and_then(|b| b.dyn_into::<web_sys::Blob>().ok()))
}

/// What the server did with an entry.
pub enum Mark<'a> {
    Uploaded,
    Refused(&'a str),
}

/// Records that `sha` is on the server, or was refused by it.
pub async fn mark(sha: &str, how: Mark<'_>) -> Result<(), StorageError> {
    let store = open_store()?;
    let tx = store
        .db()
        .transaction(&[STORE], TransactionMode::ReadWrite)?;
    let os = tx.object_store(STORE)?;
    let key = JsValue::from_str(sha);
    if let Some(value) = os.get(key.clone())?.await? {
        let (uploaded, refused) = match how {
            Mark::Uploaded => (JsValue::TRUE, JsValue::UNDEFINED),
            Mark::Refused(why) => (JsValue::FALSE, JsValue::from_str(why)),
        };
        let _ = Reflect::set(&value, &"uploaded".into(), &uploaded);
        let _ = Reflect::set(&value, &"refused".into(), &refused);
        os.put(&value, Some(&key))?;
    }
    finish(tx).await
}

/// Deletes the Blob of `sha` from the phone (the server holds it: [`super::purge`]).
pub async fn remove(sha: &str) -> Result<(), StorageError> {
    let store = open_store()?;
    let tx = store
        .db()
        .transaction(&[STORE], TransactionMode::ReadWrite)?;
    tx.object_store(STORE)?
        .delete(JsValue::from_str(sha))?
        .await?;
    finish(tx).await
}

/// The photos on the phone, for the storage panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Photos and signatures (thumbnails not counted apart).
    pub pictures: u32,
    /// Bytes of every entry, thumbnails included.
    pub bytes: u64,
    /// Pictures not yet on the server (and not refused).
    pub waiting: u32,
}

/// Counts what [`entries`] holds.
pub async fn stats() -> Result<Stats, StorageError> {
    let all = entries().await?;
    Ok(Stats {
        pictures: all.iter().filter(|e| e.thumb_of.is_none()).count() as u32,
        bytes: all.iter().map(|e| e.bytes).sum(),
        waiting: all
            .iter()
            .filter(|e| e.thumb_of.is_none() && !e.uploaded && e.refused.is_none())
            .count() as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::KeepError;
    use crate::i18n::Lang;

    #[test]
    fn a_full_budget_says_the_record_is_saved_and_the_photo_is_not_in_both_languages() {
        for e in [
            KeepError::HouseholdFull(40),
            KeepError::DeviceFull(300 * 1024 * 1024),
            KeepError::Quota,
        ] {
            assert!(e.message(Lang::ZhCn).contains("记录已保存"), "{e:?}");
            assert!(e.message(Lang::En).contains("The record is saved"), "{e:?}");
        }
        assert!(KeepError::HouseholdFull(40)
            .message(Lang::ZhCn)
            .contains("40"));
        assert!(KeepError::DeviceFull(300 * 1024 * 1024)
            .message(Lang::En)
            .contains("300.0 MB"));
    }

    #[test]
    fn a_quota_error_of_indexeddb_is_the_same_message_as_a_full_phone() {
        let e = KeepError::from(crate::storage::StorageError::QuotaExceeded);
        assert_eq!(e, KeepError::Quota);
    }
}

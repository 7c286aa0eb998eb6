//! Household records: save, load, list, drafts, with a revision check across tabs.
use std::rc::Rc;

use chrono::NaiveDate;
use idb::{Database, TransactionMode};
use serde::{Deserialize, Serialize};
use shouwang_domain::summary::Summary;
use shouwang_domain::sync::wire::ApiError;
use shouwang_domain::{classify, Household, Policy};
use wasm_bindgen::JsValue;

use super::migrate;
use super::StorageError;

/// The version of the stored envelope. 1 was a bare household record (the format of the sample
/// and command-line files, still accepted on import); 2 wrapped it with its local revision; 3
/// adds the sync state (server revision, unsynced edit, pending change id, refusal).
pub const STORAGE_FORMAT: u32 = 3;

/// A household as stored on the device: the record and its sync state (the sync protocol's
/// type, so the device's rules in `shouwang_domain::sync::device` work on it directly).
pub use shouwang_domain::sync::device::Stored;

/// Gives an unsynced edit its change id if it has none yet (records migrated or imported from a
/// format without one). Every write goes through here, so a dirty record always has one.
fn ensure_change_id(record: &mut Stored) {
    if record.dirty && record.change_id.is_none() {
        record.change_id = Some(crate::ids::new_id("change"));
    }
    if !record.dirty {
        record.change_id = None;
    }
}

/// The outbox entry of an unsynced household: a small index of the dirty records, so counting
/// and listing them does not read every record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub change_id: String,
    /// The server's last refusal of this household, kept until a version is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<ApiError>,
    /// The change id that refusal answered (see [`Stored::untried`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_change: Option<String>,
}

impl Pending {
    /// An edit the server has not refused yet: something to send by itself.
    pub fn untried(&self) -> bool {
        self.rejected_change.as_deref() != Some(self.change_id.as_str())
    }
}

/// Writes `record` (its change id made if missing), its summary and its outbox entry into the
/// `households`, `summaries` and `outbox` stores of `tx`. Returns the summary written.
///
/// The writes are issued, not awaited: a transaction performs its requests in order, and a write
/// that fails (a full quota) aborts the transaction, which the caller's [`finish`] reports. Not
/// waiting for each answer saves a round trip per write on every save.
pub(super) fn write_record(
    tx: &idb::Transaction,
    record: &mut Stored,
    today: NaiveDate,
) -> Result<Summary, StorageError> {
    record.storage_format = STORAGE_FORMAT;
    ensure_change_id(record);
    let k = key(&record.household.id.0);
    tx.object_store("households")?
        .put(&to_js(&*record)?, Some(&k))?;
    let summary = summary_of(&record.household, today);
    tx.object_store("summaries")?
        .put(&to_js(&summary)?, Some(&k))?;
    let outbox = tx.object_store("outbox")?;
    match (&record.change_id, record.dirty) {
        (Some(change_id), true) => {
            let pending = Pending {
                change_id: change_id.clone(),
                rejected: record.rejected.clone(),
                rejected_change: record.rejected_change.clone(),
            };
            outbox.put(&to_js(&pending)?, Some(&k))?;
        }
        _ => {
            outbox.delete(k)?;
        }
    }
    Ok(summary)
}

/// `household` as a new unsynced edit of `current` (`None` for a new household), if `current` is
/// still at `expected_rev`: a fresh change id, the server revision and the refusal (if any) of
/// the stored copy carried over.
fn edited(
    household: &Household,
    current: Option<Stored>,
    expected_rev: Option<u64>,
) -> Option<Stored> {
    let current_rev = current.as_ref().map(|s| s.local_rev);
    if current_rev != expected_rev {
        return None;
    }
    let mut stored = Stored::new_local(
        household.clone(),
        STORAGE_FORMAT,
        current_rev.unwrap_or(0) + 1,
        now_iso(),
    );
    if let Some(c) = current {
        stored.server_rev = c.server_rev;
        // Still marked refused until the server accepts a version (the correction is untried).
        stored.rejected = c.rejected;
        stored.rejected_change = c.rejected_change;
        stored.warnings = c.warnings;
    }
    stored.change_id = Some(crate::ids::new_id("change"));
    Some(stored)
}

/// A form being edited, and the stored revision it started from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub base_rev: Option<u64>,
    /// The form (one page load) that wrote it: a save drops only its own form's draft, never
    /// the draft of the same household open in another tab.
    pub form: String,
    pub household: Household,
}

thread_local! {
    static POLICY: Policy = Policy::builtin();
}

/// Runs `f` with the built-in policy (parsed once per page).
pub fn with_policy<R>(f: impl FnOnce(&Policy) -> R) -> R {
    POLICY.with(f)
}

/// Today on the device's calendar.
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_default()
}

pub(super) fn summary_of(h: &Household, today: NaiveDate) -> Summary {
    POLICY.with(|p| Summary::of(h, &classify(h, p, today)))
}

/// The household store, shared by the app through context.
#[derive(Clone)]
pub struct Store {
    db: Rc<Database>,
}

pub(super) fn key(id: &str) -> JsValue {
    JsValue::from_str(id)
}

/// Now, as ISO 8601 text (the device clock).
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// The value stored in IndexedDB: JSON text, so money and dates keep their exact form.
pub(super) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StorageError> {
    serde_json::to_string(value)
        .map(|s| JsValue::from_str(&s))
        .map_err(|e| StorageError::Other(e.to_string()))
}

pub(super) fn from_js<T: for<'de> Deserialize<'de>>(value: &JsValue) -> Result<T, StorageError> {
    let text = value
        .as_string()
        .ok_or_else(|| StorageError::Unreadable("not text".into()))?;
    serde_json::from_str(&text).map_err(|e| StorageError::Unreadable(e.to_string()))
}

/// Waits for `tx` to commit. An abort is reported with the transaction's own error, which is how
/// the browser reports a full disk (QuotaExceededError arrives at commit, not at `put`).
pub(crate) async fn finish(tx: idb::Transaction) -> Result<(), StorageError> {
    let raw: web_sys::IdbTransaction = tx.into();
    let probe = idb::Transaction::from(raw.clone());
    match idb::Transaction::from(raw).await? {
        idb::TransactionResult::Committed => Ok(()),
        idb::TransactionResult::Aborted => Err(match probe.error() {
            Some(e) => StorageError::from_dom_name(&e.name(), &e.message()),
            None => StorageError::Other("transaction aborted".into()),
        }),
    }
}

impl Store {
    /// The open database (the attachments' Blobs live in it too, `crate::attachments::store`).
    pub(crate) fn db(&self) -> &Database {
        &self.db
    }

    /// Wraps an open database, migrating its records to the current format first.
    pub async fn new(db: Database) -> Result<Store, StorageError> {
        let store = Store { db: Rc::new(db) };
        migrate::run(&store.db).await?;
        Ok(store)
    }

    /// Every household's summary, for the list screens.
    pub async fn summaries(&self) -> Result<Vec<Summary>, StorageError> {
        let tx = self
            .db
            .transaction(&["summaries"], TransactionMode::ReadOnly)?;
        let values = tx.object_store("summaries")?.get_all(None, None)?.await?;
        let out = values.iter().map(from_js).collect();
        finish(tx).await?;
        out
    }

    /// How many households are stored.
    pub async fn count(&self) -> Result<u32, StorageError> {
        let tx = self
            .db
            .transaction(&["households"], TransactionMode::ReadOnly)?;
        let n = tx.object_store("households")?.count(None)?.await?;
        finish(tx).await?;
        Ok(n)
    }

    /// One household, if stored.
    pub async fn load(&self, id: &str) -> Result<Option<Stored>, StorageError> {
        let tx = self
            .db
            .transaction(&["households"], TransactionMode::ReadOnly)?;
        let value = tx.object_store("households")?.get(key(id))?.await?;
        finish(tx).await?;
        value.as_ref().map(from_js).transpose()
    }

    /// Every stored household, for export.
    pub async fn all(&self) -> Result<Vec<Stored>, StorageError> {
        let tx = self
            .db
            .transaction(&["households"], TransactionMode::ReadOnly)?;
        let values = tx.object_store("households")?.get_all(None, None)?.await?;
        finish(tx).await?;
        values.iter().map(from_js).collect()
    }

    /// Saves `household` if the stored copy is still at `expected_rev` (`None` for a new one),
    /// with its summary, and drops the draft under `draft_key` if form `form` wrote it, all in
    /// one transaction. The save is an unsynced edit with a fresh change id, based on the
    /// server revision the stored copy had; a refusal of an earlier version stays on it until
    /// the server accepts one. Returns the stored record and its new summary.
    pub async fn save(
        &self,
        household: &Household,
        expected_rev: Option<u64>,
        today: NaiveDate,
        draft: Option<(&str, &str)>,
    ) -> Result<(Stored, Summary), StorageError> {
        let tx = self.db.transaction(
            &["households", "summaries", "drafts", "outbox"],
            TransactionMode::ReadWrite,
        )?;
        let id = household.id.0.as_str();
        // Both reads at once: the stored copy, and the draft this save may drop.
        let current = tx.object_store("households")?.get(key(id))?;
        let drafts = tx.object_store("drafts")?;
        let open_draft = match draft {
            Some((draft_key, form)) => Some((draft_key, form, drafts.get(key(draft_key))?)),
            None => None,
        };
        let current: Option<Stored> = current.await?.as_ref().map(from_js).transpose()?;
        let Some(mut stored) = edited(household, current, expected_rev) else {
            let _ = tx.abort();
            return Err(StorageError::ChangedElsewhere);
        };
        let summary = write_record(&tx, &mut stored, today)?;
        if let Some((draft_key, form, read)) = open_draft {
            let current: Option<Draft> = read.await?.as_ref().and_then(|v| from_js(v).ok());
            if current.is_some_and(|d| d.form == form) {
                drafts.delete(key(draft_key))?;
            }
        }
        finish(tx).await?;
        Ok((stored, summary))
    }

    /// Saves several households at once (a member moving from one to another), each if its
    /// stored copy is still at its expected revision (`None` for a new one): all of them, or —
    /// when one was changed elsewhere — none. Returns the stored records and their summaries.
    pub async fn save_all(
        &self,
        households: &[(Household, Option<u64>)],
        today: NaiveDate,
    ) -> Result<Vec<(Stored, Summary)>, StorageError> {
        let tx = self.db.transaction(
            &["households", "summaries", "outbox"],
            TransactionMode::ReadWrite,
        )?;
        let store = tx.object_store("households")?;
        let mut reads = Vec::with_capacity(households.len());
        for (h, _) in households {
            reads.push(store.get(key(&h.id.0))?);
        }
        let mut out = Vec::with_capacity(households.len());
        for ((household, expected_rev), read) in households.iter().zip(reads) {
            let current: Option<Stored> = read.await?.as_ref().map(from_js).transpose()?;
            let Some(mut stored) = edited(household, current, *expected_rev) else {
                let _ = tx.abort();
                return Err(StorageError::ChangedElsewhere);
            };
            let summary = write_record(&tx, &mut stored, today)?;
            out.push((stored, summary));
        }
        finish(tx).await?;
        Ok(out)
    }

    /// Writes many records at once (import), replacing what is there; summaries and the
    /// outbox follow.
    pub(super) async fn put_many(
        &self,
        records: &[Stored],
        today: NaiveDate,
    ) -> Result<(), StorageError> {
        let tx = self.db.transaction(
            &["households", "summaries", "outbox"],
            TransactionMode::ReadWrite,
        )?;
        for s in records {
            write_record(&tx, &mut s.clone(), today)?;
        }
        finish(tx).await
    }

    /// Saves the form being edited under `draft_key` (the household id), with the revision of
    /// the stored record it started from, so a draft overtaken by another save is recognised.
    pub async fn save_draft(
        &self,
        draft_key: &str,
        household: &Household,
        base_rev: Option<u64>,
        form: &str,
    ) -> Result<(), StorageError> {
        let draft = Draft {
            base_rev,
            form: form.to_string(),
            household: household.clone(),
        };
        let tx = self
            .db
            .transaction(&["drafts"], TransactionMode::ReadWrite)?;
        tx.object_store("drafts")?
            .put(&to_js(&draft)?, Some(&key(draft_key)))?
            .await?;
        finish(tx).await
    }

    /// The draft saved under `draft_key`, if any.
    pub async fn load_draft(&self, draft_key: &str) -> Result<Option<Draft>, StorageError> {
        let tx = self
            .db
            .transaction(&["drafts"], TransactionMode::ReadOnly)?;
        let value = tx.object_store("drafts")?.get(key(draft_key))?.await?;
        finish(tx).await?;
        value.as_ref().map(from_js).transpose()
    }

    /// Drops a draft (the worker discarded the changes).
    pub async fn delete_draft(&self, draft_key: &str) -> Result<(), StorageError> {
        let tx = self
            .db
            .transaction(&["drafts"], TransactionMode::ReadWrite)?;
        tx.object_store("drafts")?.delete(key(draft_key))?.await?;
        finish(tx).await
    }
}

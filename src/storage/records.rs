//! Household records: save, load, list, drafts, with a revision check across tabs.
use std::rc::Rc;

use chrono::NaiveDate;
use idb::{Database, TransactionMode};
use serde::{Deserialize, Serialize};
use shouwang_domain::summary::Summary;
use shouwang_domain::{classify, Household, Policy};
use wasm_bindgen::JsValue;

use super::migrate;
use super::StorageError;

/// The version of the stored envelope. 1 was a bare household record (the format of the sample
/// and command-line files, still accepted on import); 2 wraps it with its local revision.
pub const STORAGE_FORMAT: u32 = 2;

/// A household as stored on the device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    /// Always [`STORAGE_FORMAT`] when written by this version.
    pub storage_format: u32,
    /// Raised by one at every save on this device; a save that expects another value was
    /// overtaken by another tab.
    pub local_rev: u64,
    /// When it was saved (ISO 8601, the device's clock).
    pub saved_at: String,
    pub household: Household,
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

/// The stored summary of `h` (classified with the built-in policy on `today`).
pub(super) fn summary_js(h: &Household, today: NaiveDate) -> Result<JsValue, StorageError> {
    to_js(&summary_of(h, today))
}

fn summary_of(h: &Household, today: NaiveDate) -> Summary {
    POLICY.with(|p| Summary::of(h, &classify(h, p, today)))
}

/// The household store, shared by the app through context.
#[derive(Clone)]
pub struct Store {
    db: Rc<Database>,
}

fn key(id: &str) -> JsValue {
    JsValue::from_str(id)
}

fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// The value stored in IndexedDB: JSON text, so money and dates keep their exact form.
pub(super) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StorageError> {
    serde_json::to_string(value)
        .map(|s| JsValue::from_str(&s))
        .map_err(|e| StorageError::Other(e.to_string()))
}

fn from_js<T: for<'de> Deserialize<'de>>(value: &JsValue) -> Result<T, StorageError> {
    let text = value
        .as_string()
        .ok_or_else(|| StorageError::Unreadable("not text".into()))?;
    serde_json::from_str(&text).map_err(|e| StorageError::Unreadable(e.to_string()))
}

/// Waits for `tx` to commit. An abort is reported with the transaction's own error, which is how
/// the browser reports a full disk (QuotaExceededError arrives at commit, not at `put`).
pub(super) async fn finish(tx: idb::Transaction) -> Result<(), StorageError> {
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
    /// one transaction. Returns the stored record and its new summary.
    pub async fn save(
        &self,
        household: &Household,
        expected_rev: Option<u64>,
        today: NaiveDate,
        draft: Option<(&str, &str)>,
    ) -> Result<(Stored, Summary), StorageError> {
        let tx = self.db.transaction(
            &["households", "summaries", "drafts"],
            TransactionMode::ReadWrite,
        )?;
        let households = tx.object_store("households")?;
        let id = household.id.0.as_str();
        let current: Option<Stored> = households
            .get(key(id))?
            .await?
            .as_ref()
            .map(from_js)
            .transpose()?;
        let current_rev = current.as_ref().map(|s| s.local_rev);
        if current_rev != expected_rev {
            let _ = tx.abort();
            return Err(StorageError::ChangedElsewhere);
        }
        let stored = Stored {
            storage_format: STORAGE_FORMAT,
            local_rev: current_rev.unwrap_or(0) + 1,
            saved_at: now_iso(),
            household: household.clone(),
        };
        households.put(&to_js(&stored)?, Some(&key(id)))?.await?;
        let summary = summary_of(household, today);
        tx.object_store("summaries")?
            .put(&to_js(&summary)?, Some(&key(id)))?
            .await?;
        if let Some((draft_key, form)) = draft {
            let drafts = tx.object_store("drafts")?;
            let current: Option<Draft> = drafts
                .get(key(draft_key))?
                .await?
                .as_ref()
                .and_then(|v| from_js(v).ok());
            if current.is_some_and(|d| d.form == form) {
                drafts.delete(key(draft_key))?.await?;
            }
        }
        finish(tx).await?;
        Ok((stored, summary))
    }

    /// Writes many records at once (import), replacing what is there; summaries follow.
    pub(super) async fn put_many(
        &self,
        records: &[Stored],
        today: NaiveDate,
    ) -> Result<(), StorageError> {
        let tx = self
            .db
            .transaction(&["households", "summaries"], TransactionMode::ReadWrite)?;
        let households = tx.object_store("households")?;
        let summaries = tx.object_store("summaries")?;
        for s in records {
            let h = &s.household;
            households.put(&to_js(s)?, Some(&key(&h.id.0)))?.await?;
            summaries
                .put(&summary_js(h, today)?, Some(&key(&h.id.0)))?
                .await?;
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

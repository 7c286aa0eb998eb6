//! What can go wrong with storage, in words a field worker can act on.
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::Strings;

/// A storage failure. Nothing already saved is lost by any of these: a failed write leaves the
/// previous version in place and the form keeps what the worker typed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// IndexedDB cannot be used (private browsing in some browsers, or disabled).
    #[error("IndexedDB is unavailable")]
    Unavailable,
    /// Another tab keeps an older version of the app open, so the upgrade waits.
    #[error("the database upgrade is blocked by another tab")]
    Blocked,
    /// The browser's storage quota is used up.
    #[error("storage quota exceeded")]
    QuotaExceeded,
    /// Another tab saved this household after this form loaded it.
    #[error("the household was changed in another tab")]
    ChangedElsewhere,
    /// A stored record could not be read (it is left untouched).
    #[error("a stored record could not be read: {0}")]
    Unreadable(String),
    /// Any other browser error, with its text for support.
    #[error("storage error: {0}")]
    Other(String),
}

impl StorageError {
    /// The message to show, from the UI catalogue.
    pub fn message(&self, t: &Strings) -> String {
        match self {
            StorageError::Unavailable => t.storage_unavailable.to_string(),
            StorageError::Blocked => t.storage_blocked.to_string(),
            StorageError::QuotaExceeded => t.storage_quota_exceeded.to_string(),
            StorageError::ChangedElsewhere => t.storage_changed_elsewhere.to_string(),
            StorageError::Unreadable(d) => format!("{} ({d})", t.storage_unreadable),
            StorageError::Other(d) => format!("{} ({d})", t.storage_other),
        }
    }

    /// Classifies a browser error value (a `DOMException` or anything else).
    pub fn from_js(value: &JsValue) -> StorageError {
        match value.dyn_ref::<web_sys::DomException>() {
            Some(e) => StorageError::from_dom_name(&e.name(), &e.message()),
            None => StorageError::Other(format!("{value:?}")),
        }
    }

    /// Classifies a `DOMException` by its name.
    pub fn from_dom_name(name: &str, message: &str) -> StorageError {
        match name {
            "QuotaExceededError" => StorageError::QuotaExceeded,
            "InvalidStateError" | "SecurityError" | "UnknownError" if message.is_empty() => {
                StorageError::Unavailable
            }
            "SecurityError" => StorageError::Unavailable,
            _ => StorageError::Other(format!("{name}: {message}")),
        }
    }
}

impl From<idb::Error> for StorageError {
    fn from(e: idb::Error) -> Self {
        use idb::Error as E;
        match &e {
            E::DomException(d) => StorageError::from_dom_name(&d.name(), &d.message()),
            E::IndexedDbNotFound(_) => StorageError::Unavailable,
            E::AddFailed(v)
            | E::ClearFailed(v)
            | E::DeleteFailed(v)
            | E::GetFailed(v)
            | E::GetAllFailed(v)
            | E::IndexedDbOpenFailed(v)
            | E::TransactionOpenFailed(v)
            | E::TransactionCommitError(v)
            | E::UpdateFailed(v) => StorageError::from_js(v),
            _ => StorageError::Other(e.to_string()),
        }
    }
}

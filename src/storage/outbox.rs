//! The store's side of sync: the outbox of unsynced edits, the server's answers to a push, and
//! versions pulled from the server. The decisions are the pure rules of [`crate::sync::rules`];
//! here they are carried out, each batch in one transaction, so an interruption at any point
//! leaves every record either as it was or fully updated.
use idb::TransactionMode;
use shouwang_domain::sync::wire::{PulledHousehold, PushResult};

use super::records::{
    finish, from_js, key, now_iso, write_record, Pending, Store, Stored, STORAGE_FORMAT,
};
use super::StorageError;
use shouwang_domain::sync::device::{self, Sent};

impl Store {
    /// How many households have an unsynced edit.
    pub async fn pending_count(&self) -> Result<u32, StorageError> {
        let tx = self
            .db()
            .transaction(&["outbox"], TransactionMode::ReadOnly)?;
        let n = tx.object_store("outbox")?.count(None)?.await?;
        finish(tx).await?;
        Ok(n)
    }

    /// Every household with an unsynced edit (its id and outbox entry), in id order.
    pub async fn pending(&self) -> Result<Vec<(String, Pending)>, StorageError> {
        let tx = self
            .db()
            .transaction(&["outbox"], TransactionMode::ReadOnly)?;
        let outbox = tx.object_store("outbox")?;
        let keys = outbox.get_all_keys(None, None)?.await?;
        let values = outbox.get_all(None, None)?.await?;
        finish(tx).await?;
        keys.iter()
            .zip(values.iter())
            .map(|(k, v)| Ok((k.as_string().unwrap_or_default(), from_js(v)?)))
            .collect()
    }

    /// The stored records of `ids` (those that exist).
    pub async fn load_many(&self, ids: &[String]) -> Result<Vec<Stored>, StorageError> {
        let tx = self
            .db()
            .transaction(&["households"], TransactionMode::ReadOnly)?;
        let households = tx.object_store("households")?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(v) = households.get(key(id))?.await? {
                out.push(from_js(&v)?);
            }
        }
        finish(tx).await?;
        Ok(out)
    }

    /// Applies the server's answers to the changes `sent`, matched by change id, by
    /// [`device::acknowledge`]. Returns how many records changed.
    pub async fn acknowledge(
        &self,
        sent: &[Sent],
        results: &[PushResult],
    ) -> Result<u32, StorageError> {
        let tx = self.db().transaction(
            &["households", "summaries", "outbox"],
            TransactionMode::ReadWrite,
        )?;
        let households = tx.object_store("households")?;
        let mut changed = 0;
        for result in results {
            let Some(s) = sent.iter().find(|s| s.change_id == result.change_id.0) else {
                continue;
            };
            let Some(value) = households.get(key(&s.household_id))?.await? else {
                continue;
            };
            // A record that cannot be read is left as it is, never overwritten.
            let Ok(current) = from_js::<Stored>(&value) else {
                continue;
            };
            if let Some(mut next) = device::acknowledge(&current, s, result) {
                write_record(&tx, &mut next, super::today())?;
                changed += 1;
            }
        }
        finish(tx).await?;
        Ok(changed)
    }

    /// Applies one page of pulled households by [`device::apply_pulled`]. Returns the ids whose
    /// content changed on this device.
    pub async fn apply_pulled(
        &self,
        pulled: &[PulledHousehold],
    ) -> Result<Vec<String>, StorageError> {
        let tx = self.db().transaction(
            &["households", "summaries", "outbox"],
            TransactionMode::ReadWrite,
        )?;
        let households = tx.object_store("households")?;
        let now = now_iso();
        let today = super::today();
        let mut changed = Vec::new();
        for p in pulled {
            let id = &p.household.id.0;
            let local: Option<Stored> = match households.get(key(id))?.await? {
                None => None,
                Some(v) => match from_js(&v) {
                    Ok(s) => Some(s),
                    // Unreadable here: left as it is, never overwritten.
                    Err(_) => continue,
                },
            };
            if let Some(mut next) = device::apply_pulled(local.as_ref(), p, &now, STORAGE_FORMAT) {
                if local.as_ref().map(|l| &l.household) != Some(&next.household) {
                    changed.push(id.clone());
                }
                write_record(&tx, &mut next, today)?;
            }
        }
        finish(tx).await?;
        Ok(changed)
    }
}

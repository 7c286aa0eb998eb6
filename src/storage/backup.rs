//! Backup without a server: export every record to a JSON file, import it elsewhere.
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::migrate::upgrade_record;
use super::records::{today, Store, Stored, STORAGE_FORMAT};
use super::StorageError;

/// The exported file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Backup {
    /// Always "shouwang-backup".
    pub kind: String,
    pub storage_format: u32,
    pub exported_at: String,
    pub households: Vec<Stored>,
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// New households.
    pub added: u32,
    /// Households whose imported copy was saved later than the one on this device.
    pub updated: u32,
    /// Identical to what is here.
    pub unchanged: u32,
    /// The copy on this device is newer and was kept.
    pub kept_local: u32,
    /// Entries that are not household records (left out).
    pub skipped: u32,
}

impl Store {
    /// Every stored household as a backup file's text.
    pub async fn export(&self) -> Result<String, StorageError> {
        let backup = Backup {
            kind: "shouwang-backup".into(),
            storage_format: STORAGE_FORMAT,
            exported_at: String::from(js_sys::Date::new_0().to_iso_string()),
            households: self.all().await?,
        };
        serde_json::to_string_pretty(&backup).map_err(|e| StorageError::Other(e.to_string()))
    }

    /// Imports a backup file (or a household file, or an array of them), merging by household
    /// id: nothing is duplicated, and of two copies the one saved later is kept.
    pub async fn import(&self, text: &str) -> Result<ImportReport, StorageError> {
        let json: Value =
            serde_json::from_str(text).map_err(|e| StorageError::Unreadable(e.to_string()))?;
        let entries = match json {
            Value::Object(ref o) if o.contains_key("households") => {
                o["households"].as_array().cloned().unwrap_or_default()
            }
            Value::Array(items) => items,
            single => vec![single],
        };
        let local: HashMap<String, Stored> = self
            .all()
            .await?
            .into_iter()
            .map(|s| (s.household.id.0.clone(), s))
            .collect();
        let (report, writes) = plan_import(&local, entries);
        if !writes.is_empty() {
            self.put_many(&writes, today()).await?;
        }
        Ok(report)
    }
}

/// Decides, record by record, what an import writes. Pure, so it is tested natively.
pub fn plan_import(
    local: &HashMap<String, Stored>,
    entries: Vec<Value>,
) -> (ImportReport, Vec<Stored>) {
    let mut report = ImportReport::default();
    let mut writes: Vec<Stored> = Vec::new();
    for entry in entries {
        let Ok(incoming) = upgrade_record(entry) else {
            report.skipped += 1;
            continue;
        };
        let id = incoming.household.id.0.clone();
        // The same id twice in one file: the later save wins, once.
        if let Some(i) = writes.iter().position(|w| w.household.id.0 == id) {
            if incoming.saved_at > writes[i].saved_at {
                writes[i] = Stored {
                    local_rev: writes[i].local_rev,
                    ..incoming
                };
            }
            report.unchanged += 1;
            continue;
        }
        match local.get(&id) {
            None => {
                report.added += 1;
                writes.push(Stored {
                    local_rev: 1,
                    ..incoming
                });
            }
            Some(mine) if mine.household == incoming.household => report.unchanged += 1,
            Some(mine) if incoming.saved_at > mine.saved_at => {
                report.updated += 1;
                writes.push(Stored {
                    local_rev: mine.local_rev + 1,
                    // A copy from a file the server never saw is an edit of this device's
                    // version: the server merges it from the revision this device knew.
                    server_rev: incoming.server_rev.or(mine.server_rev),
                    ..incoming
                });
            }
            Some(_) => report.kept_local += 1,
        }
    }
    (report, writes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(saved_at: &str, wages: i64) -> Stored {
        let mut s = upgrade_record(
            serde_json::from_str(include_str!(
                "../../crates/domain/samples/10_not_at_risk.json"
            ))
            .unwrap(),
        )
        .unwrap();
        s.saved_at = saved_at.into();
        s.household.income.wages = shouwang_domain::Money::yuan(wages);
        s
    }

    fn local(s: &Stored) -> HashMap<String, Stored> {
        HashMap::from([(s.household.id.0.clone(), s.clone())])
    }

    #[test]
    fn importing_into_an_empty_device_adds_everything() {
        let s = stored("2026-11-01T00:00:00Z", 1);
        let (r, w) = plan_import(&HashMap::new(), vec![serde_json::to_value(&s).unwrap()]);
        assert_eq!((r.added, w.len()), (1, 1));
    }

    #[test]
    fn importing_the_same_backup_twice_duplicates_nothing() {
        let s = stored("2026-11-01T00:00:00Z", 1);
        let entries = vec![
            serde_json::to_value(&s).unwrap(),
            serde_json::to_value(&s).unwrap(),
        ];
        let (r, w) = plan_import(&local(&s), entries);
        assert_eq!((r.unchanged, r.added, w.len()), (2, 0, 0));
    }

    #[test]
    fn the_later_save_wins_and_the_older_is_not_written() {
        let mine = stored("2026-11-02T00:00:00Z", 2);
        let older = stored("2026-11-01T00:00:00Z", 1);
        let (r, w) = plan_import(&local(&mine), vec![serde_json::to_value(&older).unwrap()]);
        assert_eq!((r.kept_local, w.len()), (1, 0));
        let newer = stored("2026-11-03T00:00:00Z", 3);
        let (r, w) = plan_import(&local(&mine), vec![serde_json::to_value(&newer).unwrap()]);
        assert_eq!(r.updated, 1);
        assert_eq!(
            w[0].local_rev,
            mine.local_rev + 1,
            "other tabs see a new revision"
        );
        assert_eq!(w[0].household.income.wages, shouwang_domain::Money::yuan(3));
    }

    #[test]
    fn bare_household_files_import_and_junk_is_skipped() {
        let bare: Value = serde_json::from_str(include_str!(
            "../../crates/domain/samples/01_edge_illness.json"
        ))
        .unwrap();
        let (r, w) = plan_import(&HashMap::new(), vec![bare, serde_json::json!({"x": 1})]);
        assert_eq!((r.added, r.skipped, w.len()), (1, 1, 1));
    }
}

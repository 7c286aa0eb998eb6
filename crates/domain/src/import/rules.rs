//! The import's configuration, as data: limits and header aliases (`policy/import.json`) and
//! the departments whose lists become leads, with their columns (`policy/sources.json`).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Text;

/// The shipped import rules.
pub const BUILTIN_IMPORT: &str = include_str!("../../policy/import.json");
/// The shipped sources.
pub const BUILTIN_SOURCES: &str = include_str!("../../policy/sources.json");

/// What a file may hold; over a limit is refused with a message, never cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Bytes of one uploaded file.
    pub max_file_bytes: u64,
    /// Bytes of an XLSX once unpacked (a small file must not unpack into gigabytes).
    pub max_unpacked_bytes: u64,
    /// Rows in all sheets of an upload.
    pub max_rows: u32,
    /// Characters in one cell.
    pub max_cell_chars: u32,
    /// Problems listed in a report (the rest are counted).
    pub max_problems: u32,
}

/// The import rules: limits, and other header names a column may carry.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ImportRules {
    pub format_version: u32,
    pub limits: Limits,
    /// Record keys (as in [`crate::labels::FIELD_NAMES`], plus `id` and `household_id`) to
    /// header names the national system's and the counties' own templates use.
    pub household_aliases: BTreeMap<String, Vec<String>>,
    /// The roster's columns: `username`, `name`, `phone`, `role`, `areas`.
    pub people_columns: BTreeMap<String, Vec<String>>,
    /// What the roster's 角色 may say: `worker` or `reviewer` to the words for it.
    pub roles: BTreeMap<String, Vec<String>>,
}

impl ImportRules {
    /// The shipped rules (checked by a test; a broken file is a build defect).
    pub fn builtin() -> ImportRules {
        serde_json::from_str(BUILTIN_IMPORT)
            .unwrap_or_else(|e| panic!("the built-in import rules are invalid: {e}"))
    }

    /// The header names accepted for `key`, besides its standard one.
    pub fn aliases(&self, key: &str) -> &[String] {
        self.household_aliases
            .get(key)
            .map_or(&[], |v| v.as_slice())
    }
}

/// A department whose monthly list becomes leads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Stored on each lead, e.g. `medical`.
    pub code: String,
    /// 医保部门 …
    pub name: Text,
    /// What its list reports, e.g. 大额医疗自付.
    pub finding: Text,
    /// Header names of the amount column (none: the list has no amount).
    #[serde(default)]
    pub amount: Vec<String>,
    /// Header names whose cells, where present, are kept as the lead's details.
    #[serde(default)]
    pub details: Vec<String>,
}

/// The sources, and the columns every list has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sources {
    pub format_version: u32,
    /// `id_number` (required) and `name`: their header names.
    pub common_columns: BTreeMap<String, Vec<String>>,
    pub sources: Vec<Source>,
}

impl Sources {
    /// The shipped sources (checked by a test).
    pub fn builtin() -> Sources {
        serde_json::from_str(BUILTIN_SOURCES)
            .unwrap_or_else(|e| panic!("the built-in sources are invalid: {e}"))
    }

    /// The source of `code`.
    pub fn get(&self, code: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.code == code)
    }

    /// The name of `code`, or the code itself for a source no longer configured.
    pub fn name(&self, code: &str) -> Text {
        self.get(code)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| Text::new(code, code))
    }

    /// The header names of a common column.
    pub fn common(&self, key: &str) -> &[String] {
        self.common_columns.get(key).map_or(&[], |v| v.as_slice())
    }
}

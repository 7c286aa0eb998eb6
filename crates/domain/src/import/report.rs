//! What an import answers: each problem where it is (file, sheet, row, column, cell) with the
//! domain's message in both languages, and how many households were new, changed, unchanged or
//! refused. The JSON is the office API's (`POST office/import/households`), read by the app.
use serde::{Deserialize, Serialize};

use crate::sync::wire::ApiError;
use crate::{Severity, Text};

/// Where something is in the uploaded files.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct At {
    pub file: String,
    /// The sheet (empty for a CSV).
    #[serde(default)]
    pub sheet: String,
    /// The spreadsheet row (1-based; row 1 is usually the headers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// The column's header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The cell, e.g. `H12`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

/// One problem found in the files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    #[serde(flatten)]
    pub at: At,
    /// An error refuses the row's household (or the whole file, for a file problem); a warning
    /// asks to look.
    pub severity: Severity,
    /// A stable code, e.g. `import.not_a_number`, or the validation rule's (`id_number.checksum`).
    pub code: String,
    pub message: Text,
}

impl ImportProblem {
    pub fn error(at: At, code: &str, message: Text) -> ImportProblem {
        ImportProblem {
            at,
            severity: Severity::Error,
            code: code.to_owned(),
            message,
        }
    }

    pub fn warning(at: At, code: &str, message: Text) -> ImportProblem {
        ImportProblem {
            severity: Severity::Warning,
            ..ImportProblem::error(at, code, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// How many households of the file ended how.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Household rows read.
    pub rows: u32,
    /// Not stored before: a new household.
    pub new: u32,
    /// Stored before and changed by the file: a new version in its history.
    pub changed: u32,
    /// Stored before, and the file says nothing new: nothing stored.
    pub unchanged: u32,
    /// Not stored, for the errors listed.
    pub refused: u32,
}

/// The answer to an import of households (a dry run, or the finished import).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Nothing was stored: this is what the import would do.
    pub dry_run: bool,
    pub counts: Counts,
    /// The first problems, files and rows in order.
    pub problems: Vec<ImportProblem>,
    /// Problems beyond the report's limit, not listed.
    #[serde(default)]
    pub problems_left_off: u32,
}

impl ImportReport {
    /// Adds `problems`, keeping at most `max` listed.
    pub fn add_problems(&mut self, problems: impl IntoIterator<Item = ImportProblem>, max: usize) {
        for p in problems {
            if self.problems.len() < max {
                self.problems.push(p);
            } else {
                self.problems_left_off += 1;
            }
        }
    }

    /// The errors listed.
    pub fn errors(&self) -> impl Iterator<Item = &ImportProblem> {
        self.problems.iter().filter(|p| p.is_error())
    }
}

/// Where a running import stands (`GET office/imports/{id}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Running,
    Done,
    /// Stopped by a fault (the database); what was stored before it stays stored.
    Failed,
}

/// An import run in the background: its progress, then its report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportJob {
    pub id: String,
    pub status: JobStatus,
    /// Households handled so far, of `total`.
    pub done: u32,
    pub total: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ImportReport>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
}

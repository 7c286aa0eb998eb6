use std::fmt::Display;

use serde::{Deserialize, Serialize};

use crate::{Severity, Text};

/// A number a conclusion used, by name, formatted for a reader (money in yuan).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub key: String,
    pub value: String,
}

/// Why a conclusion was reached: the rule, the reasoning in both languages, the numbers used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// A stable rule id, e.g. `income.below_line`, `rigid.inpatient_yearly`.
    pub rule: String,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
}

impl Reason {
    pub(crate) fn new(rule: &str, text: Text) -> Self {
        Reason {
            rule: rule.to_string(),
            text,
            figures: Vec::new(),
        }
    }

    /// The value of the figure `key`, as written.
    pub fn figure(&self, key: &str) -> Option<&str> {
        self.figures
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value.as_str())
    }

    /// Adds a figure the rule used.
    pub(crate) fn with(mut self, key: &str, value: impl Display) -> Self {
        self.figures.push(Figure {
            key: key.to_string(),
            value: value.to_string(),
        });
        self
    }
}

/// A consistency finding (DOMAIN.md §4): something a reviewer should look at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    #[serde(flatten)]
    pub reason: Reason,
}

impl Finding {
    pub(crate) fn warning(reason: Reason) -> Self {
        Finding {
            severity: Severity::Warning,
            reason,
        }
    }

    pub(crate) fn error(reason: Reason) -> Self {
        Finding {
            severity: Severity::Error,
            reason,
        }
    }
}

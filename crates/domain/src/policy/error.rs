use crate::{text, Text};

/// A policy file that cannot be used, with where the problem is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: key `{key}`: {message}")]
pub struct PolicyError {
    /// The file as named by the caller.
    pub file: String,
    /// 1-based line of the problem (of the entry, for checks across entries).
    pub line: usize,
    /// 1-based column, 0 when only the line is known.
    pub column: usize,
    /// The key path, e.g. `areas[3].line.fixed`.
    pub key: String,
    /// What is wrong, in English (the program's own words).
    pub message: String,
}

impl PolicyError {
    pub(super) fn from_serde(
        file: &str,
        e: &serde_path_to_error::Error<serde_json::Error>,
    ) -> Self {
        let inner = e.inner();
        let key = e.path().to_string();
        PolicyError {
            file: file.to_string(),
            line: inner.line(),
            column: inner.column(),
            key: if key == "." {
                "(top level)".into()
            } else {
                key
            },
            message: strip_position(&inner.to_string()),
        }
    }

    /// An error found after parsing, located at the `nth` area entry (or the top for other keys).
    pub(super) fn at_key(file: &str, text: &str, key: &str, nth: usize, message: String) -> Self {
        let line = if key.starts_with("areas[") {
            nth_key_line(text, "\"prefix\"", nth)
        } else {
            let leaf = key.rsplit('.').next().unwrap_or(key);
            nth_key_line(text, &format!("\"{leaf}\""), 0)
        };
        PolicyError {
            file: file.to_string(),
            line,
            column: 0,
            key: key.to_string(),
            message,
        }
    }

    /// The error for a reader, in both languages.
    pub fn text(&self) -> Text {
        text!(
            "策略文件 {} 第 {} 行，键 `{}`：{}",
            "Policy file {} line {}, key `{}`: {}",
            self.file,
            self.line,
            self.key,
            self.message
        )
    }
}

/// serde_json appends " at line L column C"; the error carries those separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// The 1-based line of the `nth` occurrence of `needle`, or 1.
fn nth_key_line(text: &str, needle: &str, nth: usize) -> usize {
    text.match_indices(needle)
        .nth(nth)
        .map(|(i, _)| text[..i].matches('\n').count() + 1)
        .unwrap_or(1)
}

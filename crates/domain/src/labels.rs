//! Standard field names and code-list labels (DOMAIN.md §10), in both languages.
//! Placeholder: filled in with the validation work.

//! The areas a caller may read and write: area-code prefixes of the 12-digit 统计用区划代码.
use serde::{Deserialize, Serialize};

/// Area-code prefixes a caller may see; a household is in scope when its 12-digit village code
/// starts with one of them. An empty list sees nothing; the empty prefix sees everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Scope(Vec<String>);

impl Scope {
    /// The scope of these prefixes (each 0, 2, 4, 6, 9 or 12 digits, checked when assigned).
    pub fn new(prefixes: Vec<String>) -> Scope {
        Scope(prefixes)
    }

    /// The prefixes, as assigned.
    pub fn prefixes(&self) -> &[String] {
        &self.0
    }

    /// Whether a household of `area_code` is in scope.
    pub fn contains(&self, area_code: &str) -> bool {
        self.0.iter().any(|p| area_code.starts_with(p.as_str()))
    }

    /// Whether every household under the area prefix `prefix` is in scope (a village of a
    /// worker's, a township of a reviewer's).
    pub fn covers(&self, prefix: &str) -> bool {
        self.0.iter().any(|p| prefix.starts_with(p.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::Scope;

    #[test]
    fn a_household_is_in_scope_under_one_of_the_prefixes() {
        let s = Scope::new(vec!["532328100".into(), "532328200201".into()]);
        assert!(s.contains("532328100201"));
        assert!(s.contains("532328200201"));
        assert!(!s.contains("532328200202"));
        assert!(!Scope::new(vec![]).contains("532328100201"));
        assert!(Scope::new(vec![String::new()]).contains("110101001001"));
    }

    #[test]
    fn an_area_is_covered_only_when_all_of_it_is_in_scope() {
        let worker = Scope::new(vec!["532328100201".into()]);
        assert!(worker.covers("532328100201"));
        assert!(
            !worker.covers("532328100"),
            "a village does not cover its township"
        );
    }
}

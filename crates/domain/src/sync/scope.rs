//! The areas a caller may read and write: area-code prefixes of the 12-digit 统计用区划代码.
use serde::{Deserialize, Serialize};

use crate::model::AreaRef;
use crate::{text, Problem, Text};

/// Why the server refused a household of the area `name` (`code`) outside the caller's areas
/// (`forbidden_area`), named by the village as the worker typed it, so it says what to put right.
pub fn refused_outside(name: &str, code: &str) -> Text {
    text!(
        "所在地区「{name}」（{code}）不是你负责的村，这户没有上传：请核对所在地区代码；如果确是你负责的村，请管理员把该村分配给你",
        "The area \"{name}\" ({code}) is not one of your villages, so this household was not uploaded: check the area code, or ask the administrator to assign you that village"
    )
}

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

    /// A household in `area` outside these areas, as an error at its area code: the server
    /// would refuse its upload, so the phone says so before the save. None while the code is
    /// not yet 12 digits (validation names that).
    pub fn area_problem(&self, area: &AreaRef) -> Option<Problem> {
        let code = area.code.as_str();
        let whole = code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit());
        if !whole || self.contains(code) {
            return None;
        }
        let name = &area.name;
        let mine = self.prefixes().join("、");
        Some(Problem::error(
            "area.code",
            "forbidden_area",
            text!(
                "所在地区「{name}」（{code}）不是你负责的村（你负责：{mine}），这户保存后也不能上传：请改成你负责的村；如果确是你负责的村，请管理员把该村分配给你",
                "The area \"{name}\" ({code}) is not one of your villages (yours: {mine}), so this household could not be uploaded: choose one of your villages, or ask the administrator to assign you this one"
            ),
        ))
    }

    /// The villages a new household can be registered in, by code: each 12-digit area, and
    /// every village in scope among `known` (code and name pairs, e.g. the households on the
    /// device, which also give a village its name; "" when none does).
    pub fn villages<'a>(
        &self,
        known: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = known
            .into_iter()
            .filter(|(code, _)| code.len() == 12 && self.contains(code))
            .map(|(code, name)| (code.to_string(), name.to_string()))
            .collect();
        out.extend(
            self.prefixes()
                .iter()
                .filter(|p| p.len() == 12)
                .map(|p| (p.clone(), String::new())),
        );
        // By code, a named entry before a nameless one, then one entry per code.
        out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.is_empty().cmp(&b.1.is_empty())));
        out.dedup_by(|later, first| later.0 == first.0);
        out
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
    use crate::model::AreaRef;

    #[test]
    fn a_household_is_in_scope_under_one_of_the_prefixes() {
        let s = Scope::new(vec!["532328100".into(), "532328200201".into()]);
        assert!(s.contains("532328100201"));
        assert!(s.contains("532328200201"));
        assert!(!s.contains("532328200202"));
        assert!(!Scope::new(vec![]).contains("532328100201"));
        assert!(Scope::new(vec![String::new()]).contains("110101001001"));
    }

    fn area(code: &str, name: &str) -> AreaRef {
        AreaRef {
            code: code.into(),
            name: name.into(),
            code_year: 2024,
        }
    }

    #[test]
    fn a_household_outside_the_areas_is_an_error_at_its_area_code() {
        let s = Scope::new(vec!["532328100201".into()]);
        let p = s
            .area_problem(&area("532328100202", "某村"))
            .expect("outside");
        assert_eq!(
            (p.field.as_str(), p.code.as_str()),
            ("area.code", "forbidden_area")
        );
        assert_eq!(p.severity, crate::Severity::Error);
        assert!(
            p.message.zh.contains("某村") && p.message.zh.contains("532328100201"),
            "{}",
            p.message.zh
        );
        assert!(
            p.message.en.contains("not one of your villages"),
            "{}",
            p.message.en
        );
        assert_eq!(s.area_problem(&area("532328100201", "本村")), None);
        // A code still being typed is validation's to name.
        assert_eq!(s.area_problem(&area("5323281002", "")), None);
        assert_eq!(s.area_problem(&area("53232810020x", "")), None);
    }

    #[test]
    fn the_villages_are_the_assigned_ones_and_those_the_device_knows_in_scope() {
        let s = Scope::new(vec!["532328100201".into(), "532328200".into()]);
        let known = [
            ("532328200103", "丙村"),
            ("532328100201", "甲村"),
            ("532328200103", "丙村"),
            ("110101001001", "外村"),
            ("5323282001", "半截"),
        ];
        assert_eq!(
            s.villages(known),
            vec![
                ("532328100201".to_string(), "甲村".to_string()),
                ("532328200103".to_string(), "丙村".to_string()),
            ]
        );
        let none_known = s.villages([]);
        assert_eq!(
            none_known,
            vec![("532328100201".to_string(), String::new())]
        );
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

//! The 承诺授权书 texts a household signs at 入户核实 (DOMAIN.md §7), as policy data.
//!
//! Each text has an id and a version, and is written either for the whole country (empty
//! `province`) or for one province (its 2-digit code), in force from `valid_from`. A household
//! signs the text in force for its province on the day, else the national one; the signed
//! [`crate::Consent`] keeps the id and version, so a later wording never changes what was signed.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::AreaCode;

/// One version of a consent text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentText {
    /// Stable id of the text (kept when its wording changes; the version changes then).
    pub id: String,
    /// The version, counted up from 1 per id.
    pub version: u32,
    /// The province's 2-digit code, or empty for the national text.
    #[serde(default)]
    pub province: String,
    /// The first day this version is signed.
    pub valid_from: NaiveDate,
    /// The heading, e.g. 防止返贫动态监测承诺授权书.
    pub title: String,
    /// The text the household reads before signing (paragraphs separated by blank lines).
    pub body: String,
}

/// The text in force for `province` (2 digits, or none for an unknown area) on `date`: the
/// province's latest version from that day, else the national one's.
pub(super) fn text_on<'a>(
    texts: &'a [ConsentText],
    province: Option<&str>,
    date: NaiveDate,
) -> Option<&'a ConsentText> {
    let latest = |p: &str| {
        texts
            .iter()
            .filter(|t| t.province == p && t.valid_from <= date)
            .max_by_key(|t| (t.valid_from, t.version))
    };
    province.and_then(latest).or_else(|| latest(""))
}

impl super::Policy {
    /// The consent text a household of the village `area_code` signs on `date` (see the module
    /// doc); `None` when the policy has none in force.
    pub fn consent_text(
        &self,
        area_code: Option<&AreaCode>,
        date: NaiveDate,
    ) -> Option<&ConsentText> {
        text_on(
            &self.consent_texts,
            area_code.map(|c| c.prefixes()[0]),
            date,
        )
    }

    /// The text `id` in `version`, if the policy knows it (a consent signed with it stands).
    pub fn consent_text_version(&self, id: &str, version: u32) -> Option<&ConsentText> {
        self.consent_texts
            .iter()
            .find(|t| t.id == id && t.version == version)
    }

    /// Whether `h` has a signed consent that stands: a signature, and a text id and version
    /// this policy knows.
    pub fn consent_stands(&self, h: &crate::Household) -> bool {
        h.consent.as_ref().is_some_and(|c| {
            !c.signature.trim().is_empty()
                && !c.signer.trim().is_empty()
                && self
                    .consent_text_version(&c.text_id, c.text_version)
                    .is_some()
        })
    }

    /// Every consent text, in file order.
    pub fn consent_texts(&self) -> &[ConsentText] {
        &self.consent_texts
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn t(id: &str, version: u32, province: &str, from: &str) -> ConsentText {
        ConsentText {
            id: id.into(),
            version,
            province: province.into(),
            valid_from: from.parse().unwrap(),
            title: format!("{id} v{version}"),
            body: String::new(),
        }
    }

    fn texts() -> Vec<ConsentText> {
        vec![
            t("national", 1, "", "2021-01-01"),
            t("national", 2, "", "2026-01-01"),
            t("guizhou", 1, "52", "2024-06-01"),
        ]
    }

    #[rstest]
    #[case::national_before_its_second_version(None, "2025-12-31", Some(("national", 1)))]
    #[case::national_from_its_second_version(None, "2026-01-01", Some(("national", 2)))]
    #[case::another_province_takes_the_national(Some("53"), "2026-12-02", Some(("national", 2)))]
    #[case::the_province_overrides_once_in_force(Some("52"), "2026-12-02", Some(("guizhou", 1)))]
    #[case::before_the_province_text_the_national(Some("52"), "2024-05-31", Some(("national", 1)))]
    #[case::before_any_text_none(None, "2020-12-31", None)]
    fn the_text_in_force_is_the_provinces_latest_else_the_nations(
        #[case] province: Option<&str>,
        #[case] date: &str,
        #[case] expected: Option<(&str, u32)>,
    ) {
        let all = texts();
        let got =
            text_on(&all, province, date.parse().unwrap()).map(|t| (t.id.as_str(), t.version));
        assert_eq!(got, expected);
    }

    #[rstest]
    #[case::the_same_version_twice(
        r#"{"id": "default", "version": 1, "valid_from": "2026-01-01", "title": "x", "body": "y"}"#,
        "version 1 is set twice"
    )]
    #[case::a_province_that_is_not_two_digits(r#"{"id": "p", "version": 1, "province": "5227", "valid_from": "2026-01-01", "title": "x", "body": "y"}"#, "not a 2-digit province code")]
    #[case::no_body(
        r#"{"id": "p", "version": 1, "valid_from": "2026-01-01", "title": "x", "body": " "}"#,
        "needs an id, a version from 1 and a body"
    )]
    fn a_policy_file_with_a_bad_consent_text_is_refused(#[case] extra: &str, #[case] says: &str) {
        let anchor = "\n  \"consent_texts\": [\n";
        let text =
            super::super::BUILTIN_POLICY.replacen(anchor, &format!("{anchor}    {extra},\n"), 1);
        assert_ne!(
            text,
            super::super::BUILTIN_POLICY,
            "the anchor is in the shipped file"
        );
        let e = super::super::Policy::from_json("t.json", &text).unwrap_err();
        assert!(e.to_string().contains(says), "{e}");
    }

    #[test]
    fn the_shipped_policy_has_a_national_text_in_force_today() {
        let p = super::super::Policy::builtin();
        let code: AreaCode = "520102001001".parse().unwrap();
        let today = "2026-12-02".parse().unwrap();
        let t = p.consent_text(Some(&code), today).expect("a text in force");
        assert!(t.body.contains("授权"), "{}", t.body);
        assert!(p.consent_text_version(&t.id, t.version).is_some());
        assert!(p.consent_text(None, today).is_some());
    }
}

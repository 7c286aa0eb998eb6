//! Issue #17: the 承诺授权书 comes before the proposal. Where the policy requires it
//! (`procedure.consent_required_before_proposal`, on by default), the village review is approved
//! only for a household that signed a consent text the policy knows; a return needs none.
use rstest::rstest;
use shouwang_domain::classify::ProcedureStep;
use shouwang_domain::model::ProcedureKind;
use shouwang_domain::office::{decide, DecisionError, Verdict};
use shouwang_domain::policy::BUILTIN_POLICY;
use shouwang_domain::sync::wire::Role;
use shouwang_domain::{Household, Policy};

use super::support::*;

/// A household whose lead and home check are recorded: the village review waits.
fn waiting_for_review() -> Household {
    let mut h = household();
    h.monitoring.procedure.lead_found = Some(date("2026-11-20"));
    h.monitoring.procedure.home_check = Some(date("2026-11-21"));
    h
}

fn review(h: &Household, approve: bool, policy: &Policy) -> Result<Household, DecisionError> {
    decide(
        h,
        ProcedureKind::Identification,
        &Verdict {
            step: ProcedureStep::VillageReview,
            approve,
            comment: if approve {
                ""
            } else {
                "请补充入户核实材料"
            },
            by: "reviewer",
            role: Role::Reviewer,
            on: None,
        },
        policy,
        today(),
    )
}

/// The shipped policy with `consent_required_before_proposal` set by 都匀市 (522701, the test village's county) from 2026.
fn guizhou_sets(required: bool) -> Policy {
    let i = BUILTIN_POLICY.find("\n  \"areas\": [").unwrap() + "\n  \"areas\": [".len();
    let entry = format!(
        r#"
    {{ "prefix": "522701", "name": "都匀市", "year": 2026,
       "rules": {{ "procedure": {{ "consent_required_before_proposal": {required} }} }} }},"#
    );
    let text = format!("{}{entry}{}", &BUILTIN_POLICY[..i], &BUILTIN_POLICY[i..]);
    Policy::from_json("consent.json", &text).unwrap()
}

fn unknown_version(mut h: Household) -> Household {
    if let Some(c) = h.consent.as_mut() {
        c.text_version = 99;
    }
    h
}

fn no_signature(mut h: Household) -> Household {
    if let Some(c) = h.consent.as_mut() {
        c.signature.clear();
    }
    h
}

#[rstest]
#[case::unsigned_is_refused(waiting_for_review(), true, false)]
#[case::signed_is_approved(signed_consent(waiting_for_review()), true, true)]
#[case::an_unknown_text_version_is_refused(
    unknown_version(signed_consent(waiting_for_review())),
    true,
    false
)]
#[case::a_consent_without_its_signature_is_refused(
    no_signature(signed_consent(waiting_for_review())),
    true,
    false
)]
#[case::unsigned_allowed_where_the_policy_does_not_require_it(waiting_for_review(), false, true)]
fn the_village_review_is_approved_only_after_the_consent_where_required(
    #[case] h: Household,
    #[case] required: bool,
    #[case] approved: bool,
) {
    let got = review(&h, true, &guizhou_sets(required));
    match approved {
        true => assert_eq!(
            got.map(|o| o.monitoring.procedure.village_review),
            Ok(Some(today()))
        ),
        false => assert_eq!(got, Err(DecisionError::ConsentRequired)),
    }
}

#[test]
fn the_shipped_policy_requires_the_consent_and_says_what_to_do() {
    let e = review(&waiting_for_review(), true, &Policy::builtin()).unwrap_err();
    assert_eq!(e, DecisionError::ConsentRequired);
    assert_eq!(e.reason(), "consent_required");
    assert!(e.message().zh.contains("承诺授权书"), "{}", e.message().zh);
    assert!(e.message().en.contains("consent"), "{}", e.message().en);
}

#[test]
fn a_return_of_the_village_review_needs_no_consent() {
    let after = review(&waiting_for_review(), false, &Policy::builtin()).unwrap();
    assert_eq!(after.monitoring.procedure.village_review, None);
    assert_eq!(after.monitoring.procedure.decisions.len(), 1);
}

//! What the domain says about the draft. The per-capita figure, which the worker watches while
//! typing an income, is worked out on every change from the domain's income figures (with the
//! area's rules memoised on its code). The validation problems and the whole classification are
//! the domain's `validate` and `classify` of the whole household, worked out when the browser is
//! idle after a change — never between a keystroke and the frame that shows it — and at once
//! when a save needs them. A household outside the account's villages is an error here too: the
//! server would refuse it (the domain's `Scope::area_problem`).
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use shouwang_domain::classify::{Classification, IncomeFigures};
use shouwang_domain::model::AreaCode;
use shouwang_domain::sync::Scope;
use shouwang_domain::{classify, validate, Household, Money, Problem, Rules, Severity};

use super::idle::IdleJob;
use crate::storage::with_policy;

/// The judgement of the draft, kept up to date.
#[derive(Clone)]
pub(crate) struct Judge {
    pub problems: RwSignal<Vec<Problem>>,
    pub classification: RwSignal<Option<Classification>>,
    pub per_capita: Memo<Option<Money>>,
    job: IdleJob,
}

/// The rules in force for area `code` in `today`'s year (the national floor for a code that
/// is not one).
fn rules_for(code: &str, today: NaiveDate) -> Rules {
    let code: Option<AreaCode> = code.parse().ok();
    with_policy(|p| p.resolve(code.as_ref(), today.year()).rules)
}

impl Judge {
    /// `scope`: the signed-in account's areas (None signed out), whose villages alone it may
    /// register households in.
    pub fn new(
        draft: RwSignal<Household>,
        today: NaiveDate,
        scope: Signal<Option<Scope>>,
    ) -> Judge {
        let code = Memo::new(move |_| draft.with(|h| h.area.code.clone()));
        let rules = Memo::new(move |_| code.with(|c| rules_for(c, today)));
        let per_capita =
            Memo::new(move |_| rules.with(|r| draft.with(|h| IncomeFigures::of(h, r).per_capita)));
        let problems = RwSignal::new(Vec::new());
        let classification = RwSignal::new(None);
        let job = IdleJob::new(200, move || {
            let judged = draft.try_with_untracked(|h| {
                let mut found = rules.with_untracked(|r| validate(h, r, today));
                let outside =
                    scope.with_untracked(|s| s.as_ref().and_then(|s| s.area_problem(&h.area)));
                found.extend(outside);
                (found, with_policy(|p| classify(h, p, today)))
            });
            let Some((found, c)) = judged else { return };
            // Only a real change reaches the fields: most keystrokes change no problem.
            if problems.try_with_untracked(|p| *p != found) == Some(true) {
                problems.try_set(found);
            }
            if classification.try_with_untracked(|old| old.as_ref() != Some(&c)) == Some(true) {
                classification.try_set(Some(c));
            }
        });
        let judge = Judge {
            problems,
            classification,
            per_capita,
            job: job.clone(),
        };
        // Every change asks for a judgement at the next idle time (the first one included).
        Effect::new(move |_| {
            draft.track();
            job.request();
        });
        let job = judge.job.clone();
        on_cleanup(move || job.cancel());
        judge
    }

    /// Judges the draft now (a save must not go by a judgement from before the last change);
    /// returns how many errors it has.
    pub fn now(&self) -> usize {
        self.job.run_now();
        self.problems
            .with_untracked(|p| p.iter().filter(|p| p.severity == Severity::Error).count())
    }
}

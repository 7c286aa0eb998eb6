//! Running the office's imports against the store, for the office's screen and the command line
//! alike: households (planned by the domain, then stored in batches), people (accounts with
//! one-time passwords) and a department's list (leads on households, the rest kept for the
//! township).
//!
//! Every household version is stored through [`Storage::push`] as the office's own change
//! ([`Via::Office`]), from the version the plan was made from: the history records who imported
//! what and when, the phones of the village pull it at their next sync, and a household a phone
//! changed in between is refused (`stale`) rather than overwritten — importing the file again
//! picks it up. Each household is one change of the push, so it is stored whole or not at all.
use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use shouwang_domain::import::households::read as read_households;
use shouwang_domain::import::leads::{self, LeadUploadReport, Received};
use shouwang_domain::import::people::{self, Enrolment, PeopleReport};
use shouwang_domain::import::plan::{self, Context, Outcome, Planned, Villages};
use shouwang_domain::import::{ImportProblem, ImportReport, ImportRules, Source, Sources, Table};
use shouwang_domain::sync::plan::time_text;
use shouwang_domain::sync::wire::{Change, ChangeId, PushResult, Revision};
use shouwang_domain::sync::Via;
use shouwang_domain::{text, Household, Policy};

use crate::auth;
use crate::store::{NewUser, PushContext, Session, Storage, StoreError};

/// Households stored per push transaction.
pub const BATCH: usize = 500;

/// Who imports, judged by which rules on which day.
#[derive(Clone, Debug)]
pub struct Importer<S> {
    pub store: S,
    pub session: Session,
    pub policy: Arc<Policy>,
    pub rules: Arc<ImportRules>,
    pub sources: Arc<Sources>,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
}

/// A planned import of households, before anything is stored.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub file_problems: Vec<ImportProblem>,
    pub planned: Vec<Planned>,
}

impl Prepared {
    /// Households the import would store.
    pub fn to_store(&self) -> u32 {
        self.planned
            .iter()
            .filter(|p| matches!(p.outcome, Outcome::New(_) | Outcome::Changed { .. }))
            .count() as u32
    }

    /// The report as it stands.
    pub fn report(&self, dry_run: bool, rules: &ImportRules) -> ImportReport {
        plan::report(
            dry_run,
            &self.file_problems,
            &self.planned,
            rules.limits.max_problems as usize,
        )
    }
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

impl<S: Storage> Importer<S> {
    fn push_context(&self) -> PushContext<'_> {
        PushContext {
            session: &self.session,
            via: Via::Office,
            policy: &self.policy,
            now: self.now,
            today: self.today,
        }
    }

    /// Reads the caller's households and plans `tables` against them (the CPU part off the
    /// async workers).
    pub async fn prepare(&self, tables: Vec<Table>) -> Result<Prepared, StoreError> {
        let scope = self.session.scope();
        let stored = self.store.households(&scope).await?;
        let assigned: Vec<String> = self
            .store
            .users()
            .await?
            .into_iter()
            .flat_map(|a| a.areas)
            .collect();
        let (policy, rules, today) = (self.policy.clone(), self.rules.clone(), self.today);
        let work = move || {
            let file = match read_households(&tables, &rules) {
                Ok(file) => file,
                Err(refused) => {
                    return Prepared {
                        file_problems: vec![refused],
                        planned: Vec::new(),
                    }
                }
            };
            let villages = Villages::of(
                stored.iter().map(|(_, h)| h),
                assigned.iter().map(String::as_str),
            );
            let ctx = Context {
                scope: &scope,
                villages: &villages,
                policy: &policy,
                rules: &rules,
                today,
            };
            Prepared {
                planned: plan::plan(&file, &stored, &ctx, &mut new_id),
                file_problems: file.problems,
            }
        };
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| StoreError::Corrupt(format!("import planning failed: {e}")))
    }

    /// Stores what `prepared` plans, [`BATCH`] households per transaction, telling `progress`
    /// (done, total) after each; returns the report with what the store refused.
    pub async fn store<F, Fut>(
        &self,
        mut prepared: Prepared,
        mut progress: F,
    ) -> Result<ImportReport, StoreError>
    where
        F: FnMut(u32, u32) -> Fut + Send,
        Fut: Future<Output = ()> + Send,
    {
        let todo: Vec<(usize, Change)> = prepared
            .planned
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let (base, household) = match &p.outcome {
                    Outcome::New(h) => (None, h),
                    Outcome::Changed { base, household } => (Some(*base), household),
                    Outcome::Unchanged | Outcome::Refused => return None,
                };
                Some((i, self.change(base, household.clone())))
            })
            .collect();
        let total = todo.len() as u32;
        let mut done = 0;
        for batch in todo.chunks(BATCH) {
            let changes = batch.iter().map(|(_, c)| c.clone()).collect();
            let results = self.store.push(self.push_context(), changes).await?;
            for ((i, _), result) in batch.iter().zip(results) {
                refuse_if_rejected(&mut prepared.planned[*i], result);
            }
            done += batch.len() as u32;
            progress(done, total).await;
        }
        Ok(prepared.report(false, &self.rules))
    }

    fn change(&self, base: Option<Revision>, household: Household) -> Change {
        Change {
            change_id: ChangeId(format!("import-{}", new_id())),
            base_revision: base,
            edited_at: time_text(self.now),
            household,
        }
    }

    /// Reads `table` as a roster and, unless `dry_run`, creates its accounts with one-time
    /// passwords (shown once, in the answer).
    pub async fn people(&self, table: &Table, dry_run: bool) -> Result<PeopleReport, StoreError> {
        let taken: HashSet<String> = self
            .store
            .users()
            .await?
            .into_iter()
            .map(|a| a.username)
            .collect();
        let roster = people::read(table, &self.rules, &self.session.scope(), &taken);
        let mut report = PeopleReport {
            dry_run,
            problems: roster.problems,
            ..PeopleReport::default()
        };
        for p in roster.people {
            if p.exists {
                report.existing.push(p.username);
                continue;
            }
            let password = (!dry_run).then(auth::one_time_password);
            if let Some(pw) = &password {
                let created = self
                    .store
                    .create_user(NewUser {
                        username: p.username.clone(),
                        display_name: p.display_name.clone(),
                        role: p.role,
                        areas: p.areas.clone(),
                        password_hash: auth::hash_password(pw),
                        must_change_password: true,
                    })
                    .await;
                match created {
                    Ok(()) => {}
                    Err(StoreError::Exists(_)) => {
                        report.existing.push(p.username);
                        continue;
                    }
                    Err(e) => return Err(e),
                }
            }
            report.created.push(Enrolment {
                username: p.username,
                display_name: p.display_name,
                role: p.role,
                areas: p.areas,
                password,
            });
        }
        Ok(report)
    }

    /// Reads `table` as `source`'s list of `month` and, unless `dry_run`, stores each match as a
    /// lead on its household and keeps the rows matching none for the township.
    pub async fn leads(
        &self,
        table: &Table,
        source: &Source,
        month: &str,
        dry_run: bool,
    ) -> Result<LeadUploadReport, StoreError> {
        let list = leads::read(table, &self.sources, source, &self.rules);
        let received = Received {
            source,
            month,
            found: self.today,
            by: &self.session.account.username,
        };
        let stored = self.store.households(&self.session.scope()).await?;
        let plan = leads::plan(&list, &received, &stored, &self.policy);
        let mut report = LeadUploadReport {
            dry_run,
            source: source.code.clone(),
            month: month.to_owned(),
            rows: (list.rows.len() + list.problems.len()) as u32,
            repeats: plan.repeats.len() as u32,
            unmatched: plan.unmatched.len() as u32,
            problems: list.problems,
            matched: plan.matched,
        };
        if dry_run {
            return Ok(report);
        }
        for batch in plan.households.chunks(BATCH) {
            let changes = batch
                .iter()
                .map(|(base, h)| self.change(Some(*base), h.clone()))
                .collect();
            for result in self.store.push(self.push_context(), changes).await? {
                if let Some(error) = result.error {
                    let id = result.household_id.0;
                    report.matched.retain(|m| m.household.household_id != id);
                    report.problems.push(ImportProblem::error(
                        Default::default(),
                        &error.reason,
                        error.message,
                    ));
                }
            }
        }
        let area = self
            .session
            .account
            .areas
            .first()
            .cloned()
            .unwrap_or_default();
        let rows: Vec<_> = plan.unmatched.into_iter().map(|(_, l)| l).collect();
        self.store.add_unmatched(&area, &rows).await?;
        Ok(report)
    }
}

/// Marks `planned` refused when the store refused its change, with the store's reason.
fn refuse_if_rejected(planned: &mut Planned, result: PushResult) {
    let Some(error) = result.error else { return };
    let message = if error.reason == "stale" {
        text!(
            "该户在导入时正被修改，未导入；请再导入一次（已导入的不会重复）",
            "This household was being changed during the import and was not imported; import again (nothing is stored twice)"
        )
    } else {
        error.message
    };
    planned.outcome = Outcome::Refused;
    planned.problems.push(ImportProblem::error(
        planned.at.clone(),
        &error.reason,
        message,
    ));
}

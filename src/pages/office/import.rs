//! The office's imports (`#/office/import`): the township's households and members from its
//! spreadsheets in the national layout — a check first (nothing stored), then the import run by
//! the server in the background, its progress polled — and the roster of people
//! ([`super::roster`]). Every rule and message is the server's (the domain's import); this
//! screen sends the files and shows the report.
use leptos::html::Input;
use leptos::prelude::*;
use shouwang_domain::import::report::{Counts, ImportJob, JobStatus};

use super::roster::PeopleImport;
use super::upload::{form_of, problems_view, FileChooser};
use super::{failure, token, OfficeGate, API};
use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::Route;
use crate::sync::client::{self, ClientError};
use crate::sync::{sleep, use_sync};

/// How often a running import is asked where it stands.
const POLL_MS: u32 = 1000;

/// The import screen.
#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <OfficeGate current=Route::OfficeImport>
            <HouseholdsImport/>
            <PeopleImport/>
        </OfficeGate>
    }
}

/// What the households upload shows: nothing yet, a failed call, or the job as it stands.
#[derive(Clone)]
enum Shown {
    Nothing,
    Failed(ClientError),
    Job(ImportJob),
}

#[component]
fn HouseholdsImport() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let node = NodeRef::<Input>::new();
    let busy = RwSignal::new(false);
    let missing = RwSignal::new(false);
    let shown = RwSignal::new(Shown::Nothing);
    let send = move |dry_run: bool| {
        if busy.get_untracked() {
            return;
        }
        let fields: &[(&str, &str)] = if dry_run { &[("dry_run", "true")] } else { &[] };
        let Some(form) = form_of(&node, fields) else {
            missing.set(true);
            return;
        };
        missing.set(false);
        busy.set(true);
        shown.set(Shown::Nothing);
        let token = token(sync);
        leptos::task::spawn_local(async move {
            let path = format!("{API}/import/households");
            let mut answer = client::post_form::<ImportJob>(&path, token.as_deref(), &form).await;
            // A real import runs on the server: ask where it stands until it ends.
            while let Ok(job) = &answer {
                shown.set(Shown::Job(job.clone()));
                if job.status != JobStatus::Running {
                    break;
                }
                sleep(POLL_MS).await;
                let path = format!("{API}/imports/{}", job.id);
                answer = match client::get_text(&path, token.as_deref()).await {
                    Ok(text) => serde_json::from_str(&text)
                        .map_err(|_| ClientError::BadResponse { status: 200 }),
                    Err(e) => Err(e),
                };
            }
            if let Err(e) = answer {
                shown.set(Shown::Failed(e));
            }
            busy.set(false);
        });
    };
    move || {
        let lang = i18n.lang();
        let t = lang.imports();
        view! {
            <section class="office-upload" data-testid="import-households">
                <h2>{t.households_title}</h2>
                <p class="note">{t.households_hint}</p>
                <FileChooser id="import-households-file" node multiple=true lang/>
                {move || missing.get().then(|| view! { <p class="problem error" role="alert">{t.choose_file}</p> })}
                <div class="actions">
                    <button type="button" class="secondary" data-testid="import-check"
                        disabled=move || busy.get() on:click=move |_| send(true)>{t.check}</button>
                    <button type="button" data-testid="import-run"
                        disabled=move || busy.get() on:click=move |_| send(false)>{t.households_import}</button>
                </div>
                {move || match shown.get() {
                    Shown::Nothing => busy.get().then(|| view! { <p class="muted" role="status">{t.checking}</p> }).into_any(),
                    Shown::Failed(e) => view! { <p class="problem-box" role="alert" data-testid="import-error">{failure(&e, lang)}</p> }.into_any(),
                    Shown::Job(job) => job_view(&job, lang),
                }}
            </section>
        }
    }
}

/// An import as it stands: its progress while it runs, then its counts and problems.
fn job_view(job: &ImportJob, lang: Lang) -> AnyView {
    let t = lang.imports();
    match (&job.status, &job.report) {
        (JobStatus::Running, _) => view! {
            <div role="status" data-testid="import-progress">
                <progress max=job.total.max(1) value=job.done></progress>
                <p>{fill(t.households_running, &[&job.done, &job.total])}</p>
            </div>
        }
        .into_any(),
        (JobStatus::Failed, _) => {
            let why = job
                .error
                .as_ref()
                .map(|e| e.message.get(lang.domain()).to_string())
                .unwrap_or_default();
            view! { <p class="problem-box" role="alert" data-testid="import-error">{fill(t.households_failed, &[&why])}</p> }
                .into_any()
        }
        (JobStatus::Done, Some(report)) => {
            let note = if report.dry_run {
                t.dry_run_note
            } else {
                t.households_done
            };
            view! {
                <div class="report" data-testid="import-report" data-dry-run=report.dry_run.to_string()>
                    <p role="status" data-testid="import-counts">{counts_text(&report.counts, lang)}</p>
                    <p class="note">{note}</p>
                    {problems_view(&report.problems, report.problems_left_off, lang)}
                </div>
            }
            .into_any()
        }
        (JobStatus::Done, None) => ().into_any(),
    }
}

fn counts_text(c: &Counts, lang: Lang) -> String {
    fill(
        lang.imports().households_counts,
        &[&c.rows, &c.new, &c.changed, &c.unchanged, &c.refused],
    )
}

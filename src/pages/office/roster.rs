//! The roster of people on the import screen: a CSV or XLSX of workers and reviewers becomes
//! their accounts, each with a one-time password, shown this once on the printable enrolment
//! sheets, one per village (and one per township for its reviewers).
use leptos::html::Input;
use leptos::prelude::*;
use shouwang_domain::import::people::{enrolment_sheets, Enrolment, PeopleReport};

use super::enrol_sheet::village_name;
use super::upload::{form_of, problems_view, FileChooser};
use super::{failure, token, API};
use crate::i18n::{fill, use_i18n, Lang};
use crate::sync::client::{self, ClientError};
use crate::sync::use_sync;

#[component]
pub fn PeopleImport() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let node = NodeRef::<Input>::new();
    let busy = RwSignal::new(false);
    let missing = RwSignal::new(false);
    let answer = RwSignal::new(None::<Result<PeopleReport, ClientError>>);
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
        answer.set(None);
        let token = token(sync);
        leptos::task::spawn_local(async move {
            let path = format!("{API}/import/people");
            answer.set(Some(
                client::post_form(&path, token.as_deref(), &form).await,
            ));
            busy.set(false);
        });
    };
    move || {
        let lang = i18n.lang();
        let t = lang.imports();
        view! {
            <section class="office-upload" data-testid="import-people">
                <div class="no-print">
                    <h2>{t.people_title}</h2>
                    <p class="note">{t.people_hint}</p>
                    <FileChooser id="import-people-file" node multiple=false lang/>
                    {move || missing.get().then(|| view! { <p class="problem error" role="alert">{t.choose_file}</p> })}
                    <div class="actions">
                        <button type="button" class="secondary" data-testid="people-check"
                            disabled=move || busy.get() on:click=move |_| send(true)>{t.check}</button>
                        <button type="button" data-testid="people-run"
                            disabled=move || busy.get() on:click=move |_| send(false)>{t.people_create}</button>
                    </div>
                    {move || busy.get().then(|| view! { <p class="muted" role="status">{t.checking}</p> })}
                </div>
                {move || answer.get().map(|a| match a {
                    Ok(report) => report_view(&report, lang),
                    Err(e) => view! { <p class="problem-box" role="alert" data-testid="people-error">{failure(&e, lang)}</p> }.into_any(),
                })}
            </section>
        }
    }
}

fn report_view(report: &PeopleReport, lang: Lang) -> AnyView {
    let t = lang.imports();
    let counts = fill(
        t.people_counts,
        &[&report.created.len(), &report.existing.len()],
    );
    let existing = (!report.existing.is_empty())
        .then(|| fill(t.people_existing, &[&report.existing.join("、")]));
    let sheets = (!report.dry_run && !report.created.is_empty()).then(|| {
        let sheets = enrolment_sheets(&report.created)
            .into_iter()
            .map(|s| sheet_view(&s.area_code, &s.people, lang))
            .collect_view();
        view! {
            <p class="problem-box warning no-print" role="alert">{t.people_once}</p>
            <div class="actions no-print">
                <button type="button" data-testid="people-print" on:click=|_| { let _ = window().print(); }>
                    {t.people_print}
                </button>
            </div>
            {sheets}
        }
    });
    let to_create = report
        .dry_run
        .then(|| people_table(&report.created, lang, false));
    view! {
        <div class="report" data-testid="people-report" data-dry-run=report.dry_run.to_string()>
            <div class="no-print">
                <p role="status" data-testid="people-counts">{counts}</p>
                {existing.map(|e| view! { <p class="note">{e}</p> })}
                {report.dry_run.then(|| view! { <p class="note">{t.dry_run_note}</p> })}
                {to_create}
                {problems_view(&report.problems, 0, lang)}
            </div>
            {sheets}
        </div>
    }
    .into_any()
}

/// One printed sheet: an area's accounts with their one-time passwords.
fn sheet_view(area: &str, people: &[Enrolment], lang: Lang) -> impl IntoView {
    let title = fill(lang.imports().people_sheet, &[&village_name(area)]);
    view! {
        <article class="enrolment-sheet" data-testid="people-sheet">
            <h3>{title}</h3>
            {people_table(people, lang, true)}
            <p class="address">{fill(lang.imports().people_address, &[&window().location().origin().unwrap_or_default()])}</p>
        </article>
    }
}

fn people_table(people: &[Enrolment], lang: Lang, passwords: bool) -> impl IntoView {
    let t = lang.imports();
    let rows = people
        .iter()
        .map(|p| {
            let password = passwords.then(|| {
                view! { <td class="password" data-testid="people-password">{p.password.clone().unwrap_or_default()}</td> }
            });
            view! {
                <tr>
                    <td>{p.display_name.clone()}</td>
                    <td>{p.username.clone()}</td>
                    <td>{lang.strings().role_name(p.role)}</td>
                    {password}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="figures-table">
                <thead><tr>
                    <th scope="col">{t.display_name}</th>
                    <th scope="col">{t.username}</th>
                    <th scope="col">{t.role}</th>
                    {passwords.then(|| view! { <th scope="col">{t.password}</th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

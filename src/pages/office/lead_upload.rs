//! Uploading a department's list on the leads screen: its source (the server's configured
//! sources), its month and the file; a check first, then the upload. The report stays on the
//! screen while the list below is read again.
use chrono::Datelike;
use leptos::html::Input;
use leptos::prelude::*;
use shouwang_domain::import::leads::LeadUploadReport;
use shouwang_domain::office::leads::SourceFigures;

use super::upload::{form_of, problems_view, FileChooser};
use super::{failure, token, API};
use crate::i18n::{fill, use_i18n, Lang};
use crate::pages::detail::label;
use crate::sync::client::{self, ClientError};
use crate::sync::use_sync;

/// The last upload's answer, kept by the leads screen above the list (which is drawn again
/// after an upload).
#[derive(Clone, Copy)]
pub struct LastUpload(pub RwSignal<Option<Result<LeadUploadReport, ClientError>>>);

/// The upload form. `reload` reads the leads again after a real upload.
#[component]
pub fn LeadUpload(sources: Vec<SourceFigures>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let LastUpload(answer) = expect_context::<LastUpload>();
    let node = NodeRef::<Input>::new();
    let source = RwSignal::new(
        sources
            .first()
            .map(|s| s.source.clone())
            .unwrap_or_default(),
    );
    let month = RwSignal::new(last_month());
    let busy = RwSignal::new(false);
    let missing = RwSignal::new(false);
    let send = move |dry_run: bool| {
        if busy.get_untracked() {
            return;
        }
        let (s, m) = (source.get_untracked(), month.get_untracked());
        let mut fields = vec![("source", s.as_str()), ("month", m.as_str())];
        if dry_run {
            fields.push(("dry_run", "true"));
        }
        let Some(form) = form_of(&node, &fields) else {
            missing.set(true);
            return;
        };
        missing.set(false);
        busy.set(true);
        answer.set(None);
        let token = token(sync);
        leptos::task::spawn_local(async move {
            let path = format!("{API}/leads/upload");
            let got = client::post_form::<LeadUploadReport>(&path, token.as_deref(), &form).await;
            let stored = matches!(&got, Ok(r) if !r.dry_run);
            answer.set(Some(got));
            busy.set(false);
            if stored {
                reload.update(|n| *n += 1);
            }
        });
    };
    let lang = i18n.lang();
    let t = lang.imports();
    let l = lang.domain();
    let options = sources
        .iter()
        .map(|s| {
            let selected = s.source == source.get_untracked();
            view! { <option value=s.source.clone() selected=selected>{s.name.get(l).to_string()}</option> }
        })
        .collect_view();
    view! {
        <section class="office-upload no-print" data-testid="lead-upload">
            <h3>{t.upload_title}</h3>
            <p class="note">{t.upload_hint}</p>
            <div class="field">
                <label for="lead-source">{label("monitoring.leads.source", lang)}</label>
                <select id="lead-source" data-testid="lead-source"
                    on:change=move |ev| source.set(event_target_value(&ev))>{options}</select>
            </div>
            <div class="field">
                <label for="lead-month">{label("monitoring.leads.month", lang)}</label>
                <input id="lead-month" type="month" data-testid="lead-month" prop:value=move || month.get()
                    on:input=move |ev| month.set(event_target_value(&ev))/>
            </div>
            <FileChooser id="lead-file" node multiple=false lang/>
            {move || missing.get().then(|| view! { <p class="problem error" role="alert">{t.choose_file}</p> })}
            <div class="actions">
                <button type="button" class="secondary" data-testid="lead-check"
                    disabled=move || busy.get() on:click=move |_| send(true)>{t.check}</button>
                <button type="button" data-testid="lead-send"
                    disabled=move || busy.get() on:click=move |_| send(false)>{t.upload_send}</button>
            </div>
            {move || busy.get().then(|| view! { <p class="muted" role="status">{t.checking}</p> })}
            {move || answer.get().map(|a| match a {
                Ok(report) => report_view(&report, lang),
                Err(e) => view! { <p class="problem-box" role="alert" data-testid="lead-upload-error">{failure(&e, lang)}</p> }.into_any(),
            })}
        </section>
    }
}

fn report_view(r: &LeadUploadReport, lang: Lang) -> AnyView {
    let t = lang.imports();
    let counts = fill(
        t.upload_counts,
        &[&r.rows, &r.matched.len(), &r.repeats, &r.unmatched],
    );
    let matched = r
        .matched
        .iter()
        .map(|m| view! { <li>{format!("{} · {}", m.household.head_name, m.household.village_name)}</li> })
        .collect_view();
    view! {
        <div class="report" data-testid="lead-report" data-dry-run=r.dry_run.to_string()>
            <p role="status" data-testid="lead-counts">{counts}</p>
            {r.dry_run.then(|| view! { <p class="note">{t.dry_run_note}</p> })}
            {(!r.matched.is_empty()).then(|| view! {
                <h4>{t.upload_matched}</h4>
                <ul class="matched">{matched}</ul>
            })}
            {problems_view(&r.problems, 0, lang)}
        </div>
    }
    .into_any()
}

/// The month before this one, `YYYY-MM`: the usual month of a list received now.
fn last_month() -> String {
    let first = crate::storage::today().with_day(1).unwrap_or_default();
    let last = first.pred_opt().unwrap_or(first);
    last.format("%Y-%m").to_string()
}

//! The change history of a household (`#/office/audit?household=ID`): every version the server
//! holds, newest first — who, from which device, when (in the device's local time) — and the
//! fields changed, by their standard names, before and after, code-list values by their labels
//! (the domain's [`value_label`]). The household is found by its head's name among the
//! households this device holds.
use leptos::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use shouwang_domain::labels::value_label;
use shouwang_domain::office::FieldChange;
use shouwang_domain::sync::wire::Revision;

use super::{parse, Fetched, OfficeGate, API};
use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::{navigate, Route};
use crate::state::use_app_state;

/// Body of `GET /api/v1/office/audit`.
#[derive(Deserialize)]
struct Audit {
    entries: Vec<AuditEntry>,
}

/// One version in the trail (the server's `AuditEntry`).
#[derive(Deserialize)]
struct AuditEntry {
    revision: Revision,
    kind: String,
    username: String,
    device_id: String,
    edited_at: String,
    received_at: String,
    created: bool,
    changes: Vec<FieldChange>,
}

/// A value recorded at `path` as a cell: a code by its label, a flag as 是/否, text without
/// quotes, nothing as "—", anything else compact.
fn shown(path: &str, v: &Option<Value>, lang: Lang) -> String {
    match v {
        None | Some(Value::Null) => "—".into(),
        Some(Value::String(s)) if s.is_empty() => "—".into(),
        Some(v) => match (value_label(path, v), v) {
            (Some(label), _) => label.get(lang.domain()).to_string(),
            (None, Value::String(s)) => s.clone(),
            (None, other) => other.to_string(),
        },
    }
}

/// An RFC 3339 time (the server's, in UTC) in the device's time zone: `2026-11-29 14:16`.
fn when(stamp: &str) -> String {
    let millis = js_sys::Date::parse(stamp);
    if millis.is_nan() {
        return stamp.to_string();
    }
    let d = js_sys::Date::new(&millis.into());
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// The audit screen of household `id` (empty: ask for one).
#[component]
pub fn AuditPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let typed = RwSignal::new(String::new());
    // The households of this device whose head's name holds what is typed.
    let found = Memo::new(move |_| {
        let q = typed.get();
        let q = q.trim();
        if q.is_empty() {
            return Vec::new();
        }
        state.summaries.with(|all| {
            all.iter()
                .filter(|s| s.head_name.contains(q))
                .take(20)
                .map(|s| {
                    (
                        s.id.clone(),
                        format!("{} · {}", s.head_name, s.village_name),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let path = (!id.is_empty()).then(|| format!("{API}/audit?household={}", encode(&id)));
    // The household's name, when this device holds it.
    let head = state.summaries.with_untracked(|all| {
        all.iter()
            .find(|s| s.id == id)
            .map(|s| format!("{} · {}", s.head_name, s.village_name))
    });
    let top = move || {
        let t = i18n.lang().strings();
        view! {
            <h2>{t.audit_title}</h2>
            {head.clone().map(|h| view! { <p class="meta" data-testid="audit-head">{h}</p> })}
            <form class="audit-pick no-print" on:submit=move |ev| {
                ev.prevent_default();
                // One household found: show it; else the list below says which.
                if let [(id, _)] = found.get_untracked().as_slice() {
                    navigate(&Route::OfficeAudit(id.clone()));
                }
            }>
                <div class="field">
                    <label for="audit-household">{t.audit_find}</label>
                    <input id="audit-household" type="search" data-testid="audit-find" prop:value=typed.get_untracked()
                        on:input=move |ev| typed.set(event_target_value(&ev))/>
                </div>
                <button type="submit">{t.audit_show}</button>
            </form>
            {move || {
                let list = found.get();
                if typed.with(|q| q.trim().is_empty()) {
                    return None;
                }
                let lang = i18n.lang();
                let t = lang.strings();
                Some(if list.is_empty() {
                    view! { <p class="muted" data-testid="audit-none-found">{t.audit_none_found}</p> }.into_any()
                } else {
                    view! {
                        <p class="muted">{fill(t.audit_found, &[&list.len()])}</p>
                        <ul class="audit-found no-print" data-testid="audit-found">
                            {list.into_iter().map(|(id, name)| view! {
                                <li><a href=Route::OfficeAudit(id).href()>{name}</a></li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                })
            }}
        }
    };
    view! {
        <OfficeGate current=Route::OfficeAudit(id.clone())>
            {top.clone()}
            <Fetched path=Signal::stored(path.clone()) show=show_audit/>
        </OfficeGate>
    }
}

fn show_audit(text: &str, lang: Lang, reload: RwSignal<u32>) -> AnyView {
    let a: Audit = match parse(text, lang, reload) {
        Ok(a) => a,
        Err(failed) => return failed,
    };
    let t = lang.strings();
    let l = lang.domain();
    if a.entries.is_empty() {
        return view! { <p class="muted">{t.audit_empty}</p> }.into_any();
    }
    let entries = a
        .entries
        .into_iter()
        .map(|e| {
            let created = e
                .created
                .then(|| view! { <span class="badge green">{t.audit_created}</span> });
            let merged = (e.kind == "merge")
                .then(|| view! { <span class="badge yellow">{t.audit_merged}</span> });
            let meta = fill(
                t.audit_meta,
                &[
                    &e.username,
                    &e.device_id,
                    &when(&e.edited_at),
                    &when(&e.received_at),
                ],
            );
            let changes = (!e.changes.is_empty()).then(|| {
                let rows = e
                    .changes
                    .iter()
                    .map(|c| {
                        let label = c
                            .label
                            .as_ref()
                            .map_or_else(|| c.path.clone(), |x| x.get(l).to_string());
                        view! {
                            <tr data-path=c.path.clone()>
                                <th scope="row" title=c.path.clone()>{label}</th>
                                <td>{shown(&c.path, &c.before, lang)}</td>
                                <td>{shown(&c.path, &c.after, lang)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="table-scroll">
                        <table class="changes">
                            <thead><tr>
                                <th scope="col">{t.audit_field}</th>
                                <th scope="col">{t.audit_before}</th>
                                <th scope="col">{t.audit_after}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
            });
            view! {
                <li data-testid="audit-entry">
                    <p><b>{fill(t.audit_revision, &[&e.revision.0])}</b>" "{created}{merged}</p>
                    <p class="meta">{meta}</p>
                    {changes}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="audit" data-testid="audit-entries">{entries}</ol> }.into_any()
}

/// `s` percent-encoded for a query value.
fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

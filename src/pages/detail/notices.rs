//! What the worker must know first about a household, at the top of its card: the server refused
//! its upload (the reason in words, until a corrected version is accepted), an edit waits to
//! upload, the same ID number is registered in another household, or it was voided.
use leptos::prelude::*;
use shouwang_domain::summary::Summary;

use crate::i18n::{fill, use_i18n};
use crate::pages::office::RestoreAction;
use crate::routes::Route;
use crate::state::use_app_state;
use crate::storage::Stored;

/// The notices of `stored`.
#[component]
pub fn Notices(stored: Stored) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let h = stored.household.clone();
    // The other households on this device holding a member of this one (not voided ones).
    let others: Vec<(Summary, Vec<usize>)> = state.summaries.with_untracked(|all| {
        all.iter()
            .map(|s| (s.clone(), s.same_people(&h)))
            .filter(|(_, at)| !at.is_empty())
            .collect()
    });
    move || {
        let lang = i18n.lang();
        let t = lang.strings();
        let l = lang.domain();
        let refused = stored.rejected.clone().map(|e| {
            let retrying = stored.untried().then(
                || view! { <p data-testid="card-refused-retrying">{t.card_refused_retrying}</p> },
            );
            view! {
                <div class="problem-box" role="alert" data-testid="card-refused">
                    <p><b>{t.card_refused_title}</b></p>
                    <p data-testid="card-refused-reason">{e.message.get(l).to_string()}</p>
                    {retrying}
                    <p class="note">{t.card_refused_fix}</p>
                </div>
            }
        });
        let waiting = (stored.dirty && stored.rejected.is_none())
            .then(|| view! { <p class="note waiting-mark" data-testid="card-waiting">{t.card_waiting}</p> });
        let mut local_members = Vec::new();
        let lines = others
            .iter()
            .flat_map(|(s, at)| at.iter().map(move |i| (s, *i)))
            .map(|(s, i)| {
                local_members.push(i);
                let name = h.members.get(i).map(|m| m.name.clone()).unwrap_or_default();
                let head = if s.head_name.is_empty() {
                    t.head_unknown.to_string()
                } else {
                    s.head_name.clone()
                };
                view! {
                    <li data-testid="card-duplicate">
                        {fill(t.card_duplicate_line, &[&name, &head, &s.village_name])}" "
                        <a href=Route::Detail(s.id.clone()).href()>{t.card_open_other}</a>
                    </li>
                }
            })
            .collect_view();
        // What the server said at the last upload, for members this device found nothing about.
        let server = stored
            .warnings
            .iter()
            .filter(|w| !local_members.iter().any(|i| w.field.starts_with(&format!("members[{i}]"))))
            .map(|w| view! { <li data-testid="card-server-warning">{t.card_server_says}{w.message.get(l).to_string()}</li> })
            .collect_view();
        let duplicates = (!others.is_empty() || !stored.warnings.is_empty()).then(|| {
            view! {
                <div class="alert-line no-print" role="status">
                    <p><b>{t.card_duplicate_title}</b></p>
                    <ul>{lines}{server}</ul>
                </div>
            }
        });
        let voided = h.monitoring.voided.clone().map(|v| {
            let id = h.id.0.clone();
            view! {
                <div class="problem-box voided" role="status" data-testid="card-voided">
                    <p><b>{fill(t.voided_banner, &[&v.date, &v.by, &v.reason])}</b></p>
                    <p class="note">{t.voided_office_only}</p>
                    <RestoreAction id server_rev=stored.server_rev dirty=stored.dirty/>
                </div>
            }
        });
        view! { {voided}{refused}{waiting}{duplicates} }
    }
}

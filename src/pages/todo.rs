//! What is due: households not visited for 30 days, and procedures near or past their limit.
use leptos::prelude::*;
use shouwang_domain::summary::Summary;

use crate::i18n::{fill, use_i18n};
use crate::routes::Route;
use crate::state::use_app_state;
use crate::storage::today;

/// Days between visits before a household is due (monthly visits).
const VISIT_EVERY_DAYS: i64 = 30;
/// Procedures with this many days left or fewer are listed.
const PROCEDURE_SOON_DAYS: i64 = 5;

/// The to-do screen.
#[component]
pub fn TodoPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let t = move || i18n.lang().strings();
    let today = today();
    let visits = Memo::new(move |_| {
        state.summaries.with(|all| {
            let mut due: Vec<Summary> = all
                .iter()
                .filter(|s| !s.exited && (s.category.is_some() || s.suggested_category.is_some()))
                .filter(|s| s.visit_due(today, VISIT_EVERY_DAYS))
                .cloned()
                .collect();
            due.sort_by_key(|s| s.last_visit);
            due
        })
    });
    let procedures = Memo::new(move |_| {
        state.summaries.with(|all| {
            let mut due: Vec<(i64, Summary)> = all
                .iter()
                .filter_map(|s| s.procedure_days_left(today).map(|d| (d, s.clone())))
                .filter(|(d, _)| *d <= PROCEDURE_SOON_DAYS)
                .collect();
            due.sort_by_key(|(d, _)| *d);
            due
        })
    });
    view! {
        <section class="page todo" data-testid="todo-page">
            <h2>{move || t().todo_procedures}</h2>
            <Show when=move || procedures.with(Vec::is_empty)>
                <p class="muted">{move || t().todo_nothing}</p>
            </Show>
            <ul class="rows" data-testid="todo-procedures">
                <For each=move || procedures.get() key=|(d, s)| (s.id.clone(), *d) let:item>
                    <li class="row">
                        <a href=Route::Detail(item.1.id.clone()).href()>
                            <span class="name">{item.1.head_name.clone()}</span>
                            <span class=if item.0 < 0 { "due overdue" } else { "due" }>
                                {move || if item.0 < 0 {
                                    fill(t().days_overdue, &[&-item.0])
                                } else {
                                    fill(t().days_left, &[&item.0])
                                }}
                            </span>
                            <span class="meta">{item.1.village_name.clone()}</span>
                        </a>
                    </li>
                </For>
            </ul>
            <h2>{move || t().todo_visits}</h2>
            <Show when=move || visits.with(Vec::is_empty)>
                <p class="muted">{move || t().todo_nothing}</p>
            </Show>
            <ul class="rows" data-testid="todo-visits">
                <For each=move || visits.get() key=|s| s.id.clone() let:s>
                    <li class="row">
                        <a href=Route::Detail(s.id.clone()).href()>
                            <span class="name">{s.head_name.clone()}</span>
                            <span class="meta">
                                {move || t().last_visit}": "
                                {move || s.last_visit.map(|d| d.to_string()).unwrap_or_else(|| t().never_visited.to_string())}
                            </span>
                        </a>
                    </li>
                </For>
            </ul>
        </section>
    }
}

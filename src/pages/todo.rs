//! 待办: what is due, and by when, from the domain's [`todo`](shouwang_domain::todo::todo) — steps
//! the township returned, uploads the server refused (with the reason), leads to check, red households with no
//! procedure, procedures near their time limit, households never visited and monthly visits —
//! grouped, the most urgent group first, each item saying what to do and by which day.
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::todo::{todo, Due, TodoItem};

use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::Route;
use crate::state::use_app_state;
use crate::storage::today;
use crate::sync::use_sync;

/// The groups, in the order [`Due::group`] gives them: (title, test id).
fn group_title(group: u8, lang: Lang) -> (&'static str, &'static str) {
    let t = lang.strings();
    match group {
        0 => (t.todo_returned, "todo-returned"),
        1 => (t.todo_refused, "todo-refused"),
        2 => (t.todo_leads, "todo-leads"),
        3 => (t.todo_start_procedure, "todo-start-procedure"),
        4 => (t.todo_procedure, "todo-procedures"),
        5 => (t.todo_first_visit, "todo-first-visit"),
        _ => (t.todo_visit, "todo-visits"),
    }
}

/// What to do, in words.
fn what(due: &Due, lang: Lang) -> String {
    let t = lang.strings();
    let l = lang.domain();
    match due {
        Due::Returned(r) => fill(t.todo_returned_what, &[&r.step.label().get(l), &r.comment]),
        Due::Refused { reason } => reason.get(l).to_string(),
        Due::CheckLeads { open } => fill(t.todo_leads_what, &[open]),
        Due::StartProcedure => t.todo_start_what.to_string(),
        Due::ProcedureStep { step } => match step {
            Some(s) => fill(t.todo_procedure_what, &[&s.label().get(l)]),
            None => t.procedure_done.to_string(),
        },
        Due::FirstVisit => t.todo_first_what.to_string(),
        Due::Visit { last } => fill(t.todo_visit_what, &[last]),
    }
}

/// By when: the day (and how far past it), or as soon as possible.
fn when(item: &TodoItem, lang: Lang) -> String {
    let t = lang.strings();
    match item.by {
        Some(day) if item.overdue => {
            let late = (today() - day).num_days();
            format!(
                "{} · {}",
                fill(t.todo_by, &[&day]),
                fill(t.days_overdue, &[&late])
            )
        }
        Some(day) => fill(t.todo_by, &[&day]),
        None => t.todo_asap.to_string(),
    }
}

/// The to-do screen.
#[component]
pub fn TodoPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let sync = use_sync();
    let items = Memo::new(move |_| {
        let refused: Vec<(String, shouwang_domain::Text)> = sync.refused.with(|r| {
            r.iter()
                .map(|(id, e)| (id.clone(), e.message.clone()))
                .collect()
        });
        state.summaries.with(|all| todo(all, &refused, today()))
    });
    move || {
        let lang = i18n.lang();
        let t = lang.strings();
        let all = items.get();
        let total = all.len();
        let groups = (0..Due::GROUPS)
            .map(|g| {
                let (title, testid) = group_title(g, lang);
                let rows: Vec<&TodoItem> = all.iter().filter(|i| i.due.group() == g).collect();
                if rows.is_empty() {
                    return None;
                }
                let body = rows.into_iter()
                        .map(|item| {
                            let class = if item.overdue { "due overdue" } else { "due" };
                            let name = if item.head_name.is_empty() { t.head_unknown.to_string() } else { item.head_name.clone() };
                            view! {
                                <li class="row" data-testid="todo-item">
                                    <a href=Route::Detail(item.household_id.clone()).href()>
                                        <span class="name">{name}</span>
                                        <span class=class data-testid="todo-when">{when(item, lang)}</span>
                                        <span class="meta todo-what" data-testid="todo-what">{what(&item.due, lang)}</span>
                                        <span class="meta">{item.village_name.clone()}</span>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view();
                Some(view! {
                    <h2>{title}</h2>
                    <ul class="rows" data-testid=testid>{body}</ul>
                })
            })
            .collect_view();
        view! {
            <section class="page todo" data-testid="todo-page">
                <p class="counts" data-testid="todo-count">{fill(t.todo_count, &[&total])}</p>
                {(total == 0).then(|| view! { <p class="muted">{t.todo_nothing}</p> })}
                {groups}
            </section>
        }
    }
}

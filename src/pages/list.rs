//! The household list: search, filters, counts, and a row per household.
use leptos::prelude::*;
use shouwang_domain::classify::WarningLevel;
use shouwang_domain::labels::Label;
use shouwang_domain::model::MonitoredCategory;
use shouwang_domain::summary::Summary;

use crate::components::WarningBadge;
use crate::i18n::use_i18n;
use crate::routes::Route;
use crate::state::use_app_state;
use crate::storage::today;

/// Rows drawn at first; more on request, so 5,000 households stay quick on a cheap phone.
const PAGE: usize = 50;

/// What the filters select.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Filters {
    /// `Some(None)`: not monitored; `Some(Some(c))`: category `c`.
    category: Option<Option<MonitoredCategory>>,
    warning: Option<WarningLevel>,
    not_visited: bool,
    overdue: bool,
}

fn keep(s: &Summary, query: &str, f: &Filters, today: chrono::NaiveDate) -> bool {
    let category = s.category.or(s.suggested_category);
    s.matches(query)
        && f.category.is_none_or(|c| c == category)
        && f.warning.is_none_or(|w| w == s.warning)
        && (!f.not_visited || s.visit_due(today, 30))
        && (!f.overdue || s.procedure_overdue(today))
}

/// The home screen.
#[component]
pub fn ListPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let t = move || i18n.lang().strings();
    let lang = move || i18n.lang().domain();
    let today = today();
    let query = RwSignal::new(String::new());
    let filters = RwSignal::new(Filters::default());
    let shown = RwSignal::new(PAGE);

    let matching = Memo::new(move |_| {
        let q = query.get();
        let f = filters.get();
        state.summaries.with(|all| {
            let mut rows: Vec<Summary> = all
                .iter()
                .filter(|s| keep(s, &q, &f, today))
                .cloned()
                .collect();
            rows.sort_by(|a, b| {
                b.warning
                    .cmp(&a.warning)
                    .then_with(|| a.head_name.cmp(&b.head_name))
            });
            rows
        })
    });
    let counts = Memo::new(move |_| {
        state.summaries.with(|all| {
            let monitored = all
                .iter()
                .filter(|s| s.category.is_some() && !s.exited)
                .count();
            let red = all
                .iter()
                .filter(|s| s.warning == WarningLevel::Red)
                .count();
            let overdue = all.iter().filter(|s| s.procedure_overdue(today)).count();
            (all.len(), monitored, red, overdue)
        })
    });

    let category_options = move || {
        let mut v = vec![("".to_string(), t().filter_any.to_string())];
        v.push(("none".into(), t().filter_none.to_string()));
        for c in MonitoredCategory::ALL {
            v.push((format!("{c:?}"), c.label().get(lang()).to_string()));
        }
        v
    };
    let warning_options = move || {
        let mut v = vec![("".to_string(), t().filter_any.to_string())];
        for w in [
            WarningLevel::Red,
            WarningLevel::Orange,
            WarningLevel::Yellow,
            WarningLevel::Green,
        ] {
            v.push((format!("{w:?}"), w.label().get(lang()).to_string()));
        }
        v
    };

    view! {
        <section class="page list" data-testid="list-page">
            <p class="counts" data-testid="counts">
                <span><b>{move || counts.get().0}</b>" "{move || t().count_households}</span>
                <span><b>{move || counts.get().1}</b>" "{move || t().count_monitored}</span>
                <span class="red"><b>{move || counts.get().2}</b>" "{move || t().count_red}</span>
                <span><b>{move || counts.get().3}</b>" "{move || t().count_overdue}</span>
            </p>
            <div class="field search">
                <label for="search">{move || t().search_label}</label>
                <input
                    id="search"
                    type="search"
                    data-testid="search"
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        shown.set(PAGE);
                    }
                />
            </div>
            <div class="filters">
                <div class="field select">
                    <label for="filter-category">{move || t().filter_category}</label>
                    <select id="filter-category" data-testid="filter-category" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let c = match v.as_str() {
                            "" => None,
                            "none" => Some(None),
                            other => Some(MonitoredCategory::ALL.into_iter().find(|c| format!("{c:?}") == other)),
                        };
                        filters.update(|f| f.category = c);
                    }>
                        {move || category_options().into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field select">
                    <label for="filter-warning">{move || t().filter_warning}</label>
                    <select id="filter-warning" data-testid="filter-warning" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let w = [WarningLevel::Red, WarningLevel::Orange, WarningLevel::Yellow, WarningLevel::Green]
                            .into_iter()
                            .find(|w| format!("{w:?}") == v);
                        filters.update(|f| f.warning = w);
                    }>
                        {move || warning_options().into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field check">
                    <input id="filter-not-visited" type="checkbox" data-testid="filter-not-visited"
                        on:change=move |ev| filters.update(|f| f.not_visited = event_target_checked(&ev))/>
                    <label for="filter-not-visited">{move || t().filter_not_visited}</label>
                </div>
                <div class="field check">
                    <input id="filter-overdue" type="checkbox" data-testid="filter-overdue"
                        on:change=move |ev| filters.update(|f| f.overdue = event_target_checked(&ev))/>
                    <label for="filter-overdue">{move || t().filter_overdue}</label>
                </div>
            </div>
            <p class="muted" data-testid="match-count">
                {move || format!("{} {} / {}", t().count_shown, matching.with(|m| m.len().min(shown.get())), matching.with(Vec::len))}
            </p>
            <Show when=move || state.ready.get() && state.summaries.with(Vec::is_empty)>
                <p class="empty">{move || t().empty_list}</p>
            </Show>
            <Show when=move || !state.summaries.with(Vec::is_empty) && matching.with(Vec::is_empty)>
                <p class="empty">{move || t().no_match}</p>
            </Show>
            <ul class="rows" data-testid="rows">
                <For
                    each=move || matching.with(|m| m.iter().take(shown.get()).cloned().collect::<Vec<_>>())
                    key=|s| (s.id.clone(), s.warning, s.head_name.clone(), s.size, s.last_visit, s.category)
                    let:s
                >
                    <Row s/>
                </For>
            </ul>
            <Show when={move || matching.with(Vec::len) > shown.get()}>
                <button type="button" class="secondary" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {move || t().show_more}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn Row(s: Summary) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let warning = s.warning;
    let head = s.head_name.clone();
    let category = s.category.or(s.suggested_category);
    let last_visit = s.last_visit;
    let href = Route::Detail(s.id.clone()).href();
    view! {
        <li class="row" data-testid="row">
            <a href=href>
                <span class="name">
                    {move || if head.is_empty() { t().head_unknown.to_string() } else { head.clone() }}
                </span>
                <WarningBadge level=warning/>
                <span class="meta">
                    {s.village_name.clone()}" · "{s.size}" "{move || t().members_unit}
                </span>
                <span class="meta">
                    {move || category.map(|c| format!("{} · ", c.label().get(i18n.lang().domain()))).unwrap_or_default()}
                    {move || t().last_visit}": "
                    {move || last_visit.map(|d| d.to_string()).unwrap_or_else(|| t().never_visited.to_string())}
                </span>
            </a>
        </li>
    }
}

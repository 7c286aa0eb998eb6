//! The household list: search (name, ID number, phone, village), filters, sorting, counts, and a
//! row per household with its decided category (a suggestion shown as one), and whether it waits
//! to upload or was refused (with the reason). Voided households are out of the list and the
//! counts, shown only on request.
use leptos::prelude::*;
use shouwang_domain::classify::WarningLevel;
use shouwang_domain::labels::Label;
use shouwang_domain::model::MonitoredCategory;
use shouwang_domain::summary::Summary;

use crate::components::WarningBadge;
use crate::i18n::{fill, use_i18n};
use crate::routes::Route;
use crate::state::use_app_state;
use crate::storage::today;
use crate::sync::use_sync;

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
    /// The voided households instead of the others.
    voided: bool,
}

/// The order of the rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Sort {
    /// Highest warning first, then by name.
    #[default]
    Warning,
    Name,
    /// Never visited first, then the longest ago.
    LastVisit,
    /// The fewest days left in the procedure first; none last.
    DaysLeft,
}

impl Sort {
    const ALL: [Sort; 4] = [Sort::Warning, Sort::Name, Sort::LastVisit, Sort::DaysLeft];

    fn code(self) -> &'static str {
        match self {
            Sort::Warning => "warning",
            Sort::Name => "name",
            Sort::LastVisit => "last_visit",
            Sort::DaysLeft => "days_left",
        }
    }

    fn order(self, a: &Summary, b: &Summary) -> std::cmp::Ordering {
        let by_name = || a.head_name.cmp(&b.head_name);
        match self {
            Sort::Warning => b.warning.cmp(&a.warning).then_with(by_name),
            Sort::Name => by_name(),
            Sort::LastVisit => a.last_visit.cmp(&b.last_visit).then_with(by_name),
            Sort::DaysLeft => (a.procedure_deadline.is_none(), a.procedure_deadline)
                .cmp(&(b.procedure_deadline.is_none(), b.procedure_deadline))
                .then_with(by_name),
        }
    }
}

/// `query` is trimmed and upper-cased (see [`Summary::matches_upper`]).
fn keep(s: &Summary, query: &str, f: &Filters, today: chrono::NaiveDate) -> bool {
    let category = s.category.or(s.suggested_category);
    s.matches_upper(query)
        && (f.voided == s.voided)
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
    let sync = use_sync();
    let query = RwSignal::new(String::new());
    let filters = RwSignal::new(Filters::default());
    let sort = RwSignal::new(Sort::default());
    let shown = RwSignal::new(PAGE);

    // The positions in `state.summaries` of the households shown, in order: a keystroke
    // filters and sorts positions, and only the rows drawn are copied.
    let matching = Memo::new(move |_| {
        let q = query.with(|q| q.trim().to_uppercase());
        let mut f = filters.get();
        let order = sort.get();
        state.summaries.with(|all| {
            // The voided view ends when the last voided household is restored (its toggle is
            // gone then): the list comes back rather than staying empty.
            f.voided &= all.iter().any(|s| s.voided);
            let mut rows: Vec<usize> = (0..all.len())
                .filter(|&i| keep(&all[i], &q, &f, today))
                .collect();
            rows.sort_by(|&a, &b| order.order(&all[a], &all[b]));
            rows
        })
    });
    // Voided households count nowhere.
    let counts = Memo::new(move |_| {
        state.summaries.with(|all| {
            let live = || all.iter().filter(|s| !s.voided);
            let monitored = live().filter(|s| s.category.is_some() && !s.exited).count();
            let red = live().filter(|s| s.warning == WarningLevel::Red).count();
            let overdue = live().filter(|s| s.procedure_overdue(today)).count();
            (live().count(), monitored, red, overdue)
        })
    });
    let voided = Memo::new(move |_| {
        state
            .summaries
            .with(|all| all.iter().filter(|s| s.voided).count())
    });
    // Each row's upload state: refused (with the reason, in the language), or waiting.
    let mark = move |id: &str| -> Mark {
        let lang = i18n.lang().domain();
        match sync.refused.with(|r| {
            r.iter()
                .find(|(i, _)| i == id)
                .map(|(_, e)| e.message.get(lang).to_string())
        }) {
            Some(reason) => Mark::Refused(reason),
            None if sync.unsent.with(|u| u.iter().any(|i| i == id)) => Mark::Waiting,
            None => Mark::None,
        }
    };

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
                <div class="field select">
                    <label for="sort">{move || t().sort_label}</label>
                    <select id="sort" data-testid="sort" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        sort.set(Sort::ALL.into_iter().find(|s| s.code() == v).unwrap_or_default());
                    }>
                        {move || Sort::ALL.into_iter().map(|s| {
                            let label = match s {
                                Sort::Warning => t().sort_warning,
                                Sort::Name => t().sort_name,
                                Sort::LastVisit => t().sort_last_visit,
                                Sort::DaysLeft => t().sort_days_left,
                            };
                            view! { <option value=s.code() selected=move || sort.get() == s>{label}</option> }
                        }).collect_view()}
                    </select>
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
                    each=move || state.summaries.with(|all| matching.with(|m| m.iter().take(shown.get()).filter_map(|&i| all.get(i)).map(|s| (s.clone(), mark(&s.id))).collect::<Vec<_>>()))
                    key=|(s, m)| (s.id.clone(), s.warning, s.head_name.clone(), s.size, s.last_visit, s.category, s.suggested_category, m.clone())
                    let:row
                >
                    <Row s=row.0 mark=row.1/>
                </For>
            </ul>
            <Show when={move || matching.with(Vec::len) > shown.get()}>
                <button type="button" class="secondary" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {move || t().show_more}
                </button>
            </Show>
            <Show when={move || voided.get() > 0}>
                <p>
                    <button type="button" class="link" data-testid="toggle-voided"
                        on:click=move |_| { filters.update(|f| f.voided = !f.voided); shown.set(PAGE); }>
                        {move || if filters.with(|f| f.voided) { t().hide_voided.to_string() } else { fill(t().show_voided, &[&voided.get()]) }}
                    </button>
                </p>
            </Show>
        </section>
    }
}

/// A row's upload state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Mark {
    None,
    Waiting,
    /// Refused by the server, with its reason.
    Refused(String),
}

#[component]
fn Row(s: Summary, mark: Mark) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let lang = move || i18n.lang().domain();
    let warning = s.warning;
    let head = s.head_name.clone();
    let (decided, suggested) = (s.category, s.suggested_category);
    let last_visit = s.last_visit;
    let href = Route::Detail(s.id.clone()).href();
    // The category people decided, else the rules' suggestion, said as one.
    let category = move || {
        match (decided, suggested) {
        (Some(c), _) => view! { <span class="category">{c.label().get(lang()).to_string()}</span>" · " }.into_any(),
        (None, Some(c)) => view! {
            <span class="suggested" data-testid="row-suggested">{fill(t().suggested_as, &[&c.label().get(lang())])}</span>" · "
        }.into_any(),
        (None, None) => ().into_any(),
    }
    };
    let class = match (&mark, s.voided) {
        (_, true) => "row voided",
        (Mark::Refused(_), _) => "row refused",
        _ => "row",
    };
    let status = match mark {
        Mark::Refused(reason) => Some(view! {
            <span class="meta refused-mark" data-testid="row-refused">{move || fill(t().row_refused, &[&reason])}</span>
        }.into_any()),
        Mark::Waiting => Some(view! { <span class="meta waiting-mark" data-testid="row-waiting">{move || t().row_waiting}</span> }.into_any()),
        Mark::None => None,
    };
    view! {
        <li class=class data-testid="row">
            <a href=href>
                <span class="name">
                    {move || if head.is_empty() { t().head_unknown.to_string() } else { head.clone() }}
                </span>
                <WarningBadge level=warning/>
                <span class="meta">
                    {s.village_name.clone()}" · "{s.size}" "{move || t().members_unit}
                </span>
                <span class="meta">
                    {category}
                    {move || t().last_visit}": "
                    {move || last_visit.map(|d| d.to_string()).unwrap_or_else(|| t().never_visited.to_string())}
                </span>
                {status}
            </a>
        </li>
    }
}

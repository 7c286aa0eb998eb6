//! The root component: context providers, the top bar, the banners, and the current screen.
use leptos::prelude::*;

use crate::components::Banners;
use crate::i18n::{provide_i18n_context, use_i18n};
use crate::pages::office::is_office_role;
use crate::pages::ListPage;
use crate::pwa;
use crate::routes::{use_route, Route};
use crate::state::provide_app_state;
use crate::sync::{provide_sync_context, SyncStatus};

/// How long after the store is open the other screens' modules start to come: after the list's
/// first paint (about 0.6 s with 5,000 households on a phone 4× slower than a desktop), so
/// compiling them does not slow it down.
const PRELOAD_AFTER_MS: u64 = 1500;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n_context();
    let state = provide_app_state();
    let sync = provide_sync_context(state);
    pwa::register_service_worker(state.update_ready);
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let route = use_route();
    // A start on another screen than the list fetches that screen's code at once, while the
    // store opens, rather than after it.
    leptos::task::spawn_local(screens::preload_for(route.get_untracked()));
    // Once the first screen is up, the other screens' modules are fetched in the background.
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) || !state.ready.get() {
            return started.unwrap_or(false);
        }
        set_timeout(
            || leptos::task::spawn_local(screens::preload_all()),
            std::time::Duration::from_millis(PRELOAD_AFTER_MS),
        );
        true
    });
    let current = move |r: Route| move || if route.get() == r { "page" } else { "false" };
    // The office entry is for reviewers and admins only (the server checks every call too).
    let office = move || {
        sync.session
            .with(|s| s.as_ref().is_some_and(|s| is_office_role(s.account.role)))
    };

    view! {
        <header class="top-bar">
            <a href=Route::List.href() class="brand" data-testid="app-title">{move || t().app_name}</a>
            <a href=Route::New.href() class="button" data-testid="new-household">{move || t().nav_new}</a>
        </header>
        <SyncStatus/>
        <Banners/>
        <main>
            <Show when=move || state.ready.get() fallback=move || view! { <p class="loading">{move || t().loading}</p> }>
                {move || match route.get() {
                    Route::List => view! { <ListPage/> }.into_any(),
                    other => on_demand(other),
                }}
            </Show>
        </main>
        <nav class="bottom-nav">
            <a href=Route::List.href() aria-current=current(Route::List) data-testid="nav-list">{move || t().nav_households}</a>
            <a href=Route::Todo.href() aria-current=current(Route::Todo) data-testid="nav-todo">{move || t().nav_todo}</a>
            <Show when=office>
                <a href=Route::OfficeQueue.href() aria-current=move || if route.get().is_office() { "page" } else { "false" }
                    data-testid="nav-office">{move || t().nav_office}</a>
            </Show>
            <a href=Route::Settings.href() aria-current=current(Route::Settings) data-testid="nav-settings">{move || t().nav_settings}</a>
        </nav>
    }
}

/// Every screen but the list, shown once its code is there. In the split build the screens'
/// code is in modules of their own (see [`crate::lazy`]), fetched in the background after the
/// start or when a screen first opens; if that fails the screen says so and offers to try again.
fn on_demand(route: Route) -> AnyView {
    let t = move || use_i18n().lang().strings();
    let attempt = RwSignal::new(0u32);
    let loading = move || view! { <p class="loading">{move || t().loading}</p> };
    view! {
        <Suspense fallback=loading>
            {move || {
                attempt.track();
                let route = route.clone();
                Suspend::new(async move {
                    match screens::show(route).await {
                        Ok(screen) => screen,
                        Err(_) => view! {
                            <section class="page" data-testid="screen-load-failed">
                                <p class="banner warning" role="alert">{move || t().screen_load_failed}</p>
                                <button class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                                    {move || t().screen_load_retry}
                                </button>
                            </section>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

/// The screens loaded on first use, in three modules: the household form's, the rest of the
/// field work's (detail, to-do, settings, login) and the office's. Few modules rather than one
/// per screen: the code they share would otherwise be cut into many small files, each a request.
/// The form has its own, so opening it does not fetch the other screens' code.
mod screens {
    use leptos::prelude::*;

    use crate::lazy::{on_demand, LoadError};
    use crate::pages::{
        AuditPage, DashboardPage, DetailPage, DuplicatesPage, EnrolPage, EnrolSheetPage, FormPage,
        ImportPage, LeadsPage, LoginPage, PublicityPage, QueuePage, SettingsPage, TodoPage,
    };
    use crate::routes::Route;

    /// Fetches the other screens' modules, the field work's first, so a worker who loses the
    /// signal right after the first start still has every screen (the service worker may not
    /// have finished caching the build yet). A module that cannot be fetched now is fetched
    /// when one of its screens opens.
    pub async fn preload_all() {
        let _ = preload_form().await;
        let _ = preload_field().await;
        let _ = crate::sync::preload().await;
        let _ = preload_office().await;
    }

    /// The screen of `route` (never the list, which is in the shell).
    pub async fn show(route: Route) -> Result<AnyView, LoadError> {
        match route {
            Route::New | Route::Edit(_) => form_screen(route).await,
            r if r.is_office() => office_screen(r).await,
            r => field_screen(r).await,
        }
    }

    /// Fetches the module of `route`'s screen (nothing for the list, which is in the shell).
    pub async fn preload_for(route: Route) {
        let _ = match route {
            Route::List => Ok(()),
            Route::New | Route::Edit(_) => preload_form().await,
            r if r.is_office() => preload_office().await,
            _ => preload_field().await,
        };
    }

    on_demand! {
        module = form, preload = preload_form;
        /// The household form, for a new household or a stored one.
        async fn form_screen(route: Route) -> AnyView {
            match route {
                Route::New => view! { <FormPage id=None/> }.into_any(),
                Route::Edit(id) => view! { <FormPage id=Some(id)/> }.into_any(),
                _ => ().into_any(),
            }
        }
    }

    on_demand! {
        module = field, preload = preload_field;
        /// A field-work screen but the form: detail, to-do, settings, login.
        async fn field_screen(route: Route) -> AnyView {
            match route {
                Route::Detail(id) => view! { <DetailPage id/> }.into_any(),
                Route::Todo => view! { <TodoPage/> }.into_any(),
                Route::Settings => view! { <SettingsPage/> }.into_any(),
                Route::Login => view! { <LoginPage/> }.into_any(),
                Route::Enrol(code) => view! { <EnrolPage code/> }.into_any(),
                _ => ().into_any(),
            }
        }
    }

    on_demand! {
        module = office, preload = preload_office;
        /// An office screen: the review queue, dashboard, 公示 notice, audit, double registrations.
        async fn office_screen(route: Route) -> AnyView {
            match route {
                Route::OfficeQueue => view! { <QueuePage/> }.into_any(),
                Route::OfficeDashboard => view! { <DashboardPage/> }.into_any(),
                Route::OfficePublicity(village) => view! { <PublicityPage village/> }.into_any(),
                Route::OfficeAudit(id) => view! { <AuditPage id/> }.into_any(),
                Route::OfficeDuplicates => view! { <DuplicatesPage/> }.into_any(),
                Route::OfficeEnrol => view! { <EnrolSheetPage/> }.into_any(),
                Route::OfficeImport => view! { <ImportPage/> }.into_any(),
                Route::OfficeLeads => view! { <LeadsPage/> }.into_any(),
                _ => ().into_any(),
            }
        }
    }
}

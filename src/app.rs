//! The root component: context providers, the top bar, the banners, and the current screen.
use leptos::prelude::*;

use crate::components::Banners;
use crate::i18n::{provide_i18n_context, use_i18n};
use crate::pages::office::is_office_role;
use crate::pages::{
    AuditPage, DashboardPage, DetailPage, FormPage, ListPage, LoginPage, PublicityPage, QueuePage,
    SettingsPage, TodoPage,
};
use crate::pwa;
use crate::routes::{use_route, Route};
use crate::state::provide_app_state;
use crate::sync::{provide_sync_context, SyncStatus};

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
                    Route::New => view! { <FormPage id=None/> }.into_any(),
                    Route::Edit(id) => view! { <FormPage id=Some(id)/> }.into_any(),
                    Route::Detail(id) => view! { <DetailPage id/> }.into_any(),
                    Route::Todo => view! { <TodoPage/> }.into_any(),
                    Route::Settings => view! { <SettingsPage/> }.into_any(),
                    Route::Login => view! { <LoginPage/> }.into_any(),
                    Route::OfficeQueue => view! { <QueuePage/> }.into_any(),
                    Route::OfficeDashboard => view! { <DashboardPage/> }.into_any(),
                    Route::OfficePublicity(village) => view! { <PublicityPage village/> }.into_any(),
                    Route::OfficeAudit(id) => view! { <AuditPage id/> }.into_any(),
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

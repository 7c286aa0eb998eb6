//! Screens and their addresses. The app routes on the URL hash (`#/households/ID`), so every
//! screen has a link that works offline from the cached shell, with no server round trip.
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A screen of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The household list (home).
    List,
    /// A new household's form.
    New,
    /// A household's form.
    Edit(String),
    /// A household's classification, as a reviewer reads it.
    Detail(String),
    /// Visits and procedures due.
    Todo,
    /// Language, storage, backup, sync account.
    Settings,
    /// Log in to the township server (and set a new password after a one-time one).
    Login,
}

impl Route {
    /// The route of a location hash (`#/…`); anything unknown is the list.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            ["households", "new"] => Route::New,
            ["households", id, "edit"] => Route::Edit((*id).to_string()),
            ["households", id] => Route::Detail((*id).to_string()),
            ["todo"] => Route::Todo,
            ["settings"] => Route::Settings,
            ["login"] => Route::Login,
            _ => Route::List,
        }
    }

    /// The hash that shows this route.
    pub fn href(&self) -> String {
        match self {
            Route::List => "#/".into(),
            Route::New => "#/households/new".into(),
            Route::Edit(id) => format!("#/households/{id}/edit"),
            Route::Detail(id) => format!("#/households/{id}"),
            Route::Todo => "#/todo".into(),
            Route::Settings => "#/settings".into(),
            Route::Login => "#/login".into(),
        }
    }
}

/// The current route, following the location hash.
pub fn use_route() -> ReadSignal<Route> {
    let hash = || window().location().hash().unwrap_or_default();
    let (route, set_route) = signal(Route::parse(&hash()));
    let on_change = Closure::<dyn Fn()>::new(move || set_route.set(Route::parse(&hash())));
    let _ =
        window().add_event_listener_with_callback("hashchange", on_change.as_ref().unchecked_ref());
    // The listener lives as long as the page: the app never unmounts its router.
    on_change.forget();
    route
}

/// Shows `route`.
pub fn navigate(route: &Route) {
    let _ = window().location().set_hash(&route.href());
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn every_route_round_trips_through_its_hash() {
        for r in [
            Route::List,
            Route::New,
            Route::Edit("a-1".into()),
            Route::Detail("a-1".into()),
            Route::Todo,
            Route::Settings,
            Route::Login,
        ] {
            assert_eq!(Route::parse(&r.href()), r);
        }
        assert_eq!(Route::parse(""), Route::List);
        assert_eq!(Route::parse("#/nowhere/at/all/x"), Route::List);
    }
}

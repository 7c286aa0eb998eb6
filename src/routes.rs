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
    /// The township office (reviewers and admins, online): the review queue.
    OfficeQueue,
    /// The office dashboard: the figures per village, charts, exports.
    OfficeDashboard,
    /// A village's printable 公示 notice (empty: choose a village).
    OfficePublicity(String),
    /// Who changed a household, and what (by household id).
    OfficeAudit(String),
    /// ID numbers registered in more than one household of the office's area (重复登记).
    OfficeDuplicates,
    /// Sign this phone in with an enrolment code from a QR sheet (empty: type it in), and
    /// install the township certificate.
    Enrol(String),
    /// The office's printable sheet of enrolment QR codes, per village.
    OfficeEnrol,
    /// The office's imports: the township's households and its roster of people.
    OfficeImport,
    /// The departments' lists and their leads (线索): upload, open and closed, unmatched rows.
    OfficeLeads,
}

impl Route {
    /// The route of a location hash (`#/…`); anything unknown is the list.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            ["households", "new"] => Route::New,
            ["households", id, "edit"] => Route::Edit((*id).to_string()),
            ["households", id] => Route::Detail((*id).to_string()),
            ["todo"] => Route::Todo,
            ["settings"] => Route::Settings,
            ["login"] => Route::Login,
            ["office"] | ["office", "queue"] => Route::OfficeQueue,
            ["office", "dashboard"] => Route::OfficeDashboard,
            ["office", "publicity"] => Route::OfficePublicity(String::new()),
            ["office", "publicity", village] => Route::OfficePublicity((*village).to_string()),
            ["office", "audit"] => Route::OfficeAudit(query_value(query, "household")),
            ["office", "duplicates"] => Route::OfficeDuplicates,
            ["office", "enrol"] => Route::OfficeEnrol,
            ["office", "import"] => Route::OfficeImport,
            ["office", "leads"] => Route::OfficeLeads,
            ["enrol"] => Route::Enrol(query_value(query, "code")),
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
            Route::OfficeQueue => "#/office/queue".into(),
            Route::OfficeDashboard => "#/office/dashboard".into(),
            Route::OfficePublicity(v) if v.is_empty() => "#/office/publicity".into(),
            Route::OfficePublicity(v) => format!("#/office/publicity/{v}"),
            Route::OfficeAudit(id) => format!("#/office/audit?household={}", encode(id)),
            Route::OfficeDuplicates => "#/office/duplicates".into(),
            Route::OfficeEnrol => "#/office/enrol".into(),
            Route::OfficeImport => "#/office/import".into(),
            Route::OfficeLeads => "#/office/leads".into(),
            Route::Enrol(code) if code.is_empty() => "#/enrol".into(),
            Route::Enrol(code) => format!("#/enrol?code={}", encode(code)),
        }
    }

    /// An office screen (online only, reviewers and admins).
    pub fn is_office(&self) -> bool {
        matches!(
            self,
            Route::OfficeQueue
                | Route::OfficeDashboard
                | Route::OfficePublicity(_)
                | Route::OfficeAudit(_)
                | Route::OfficeDuplicates
                | Route::OfficeEnrol
                | Route::OfficeImport
                | Route::OfficeLeads
        )
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

/// The form of household `id`, opening at its section `section` (the id of the section's
/// element, e.g. `measures`): `#/households/ID/edit?at=measures`.
pub fn edit_at(id: &str, section: &str) -> String {
    format!(
        "{}?at={}",
        Route::Edit(id.to_string()).href(),
        encode(section)
    )
}

/// The section the current location asks the form to open at ("" for none).
pub fn requested_section() -> String {
    let hash = window().location().hash().unwrap_or_default();
    let query = hash.split_once('?').map_or("", |(_, q)| q);
    query_value(query, "at")
}

/// The value of `key` in a `a=1&b=2` query, percent-decoded ("" when absent).
fn query_value(query: &str, key: &str) -> String {
    let Some((_, raw)) = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == key)
    else {
        return String::new();
    };
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `s` percent-encoded for a query value (ids are letters, digits and `-`, so mostly as is).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{edit_at, Route};

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
            Route::OfficeQueue,
            Route::OfficeDashboard,
            Route::OfficeImport,
            Route::OfficeLeads,
            Route::OfficePublicity(String::new()),
            Route::OfficePublicity("532328100201".into()),
            Route::OfficeAudit("00000000-0000-7000-8000-000000000001".into()),
            Route::OfficeAudit("a b/é?&".into()),
            Route::OfficeDuplicates,
            Route::OfficeEnrol,
            Route::Enrol(String::new()),
            Route::Enrol("abcd-efgh-jkmn".into()),
        ] {
            assert_eq!(Route::parse(&r.href()), r);
        }
        assert_eq!(Route::parse(""), Route::List);
        assert_eq!(Route::parse("#/nowhere/at/all/x"), Route::List);
    }

    #[test]
    fn the_qr_codes_address_opens_the_enrolment_with_its_code() {
        // As the server prints it: `https://host/#/enrol?code=abcd-efgh-jkmn`.
        assert_eq!(
            Route::parse("#/enrol?code=abcd-efgh-jkmn"),
            Route::Enrol("abcd-efgh-jkmn".into())
        );
    }

    #[test]
    fn a_form_opened_at_a_section_is_still_the_form() {
        let href = edit_at("a-1", "measures");
        assert_eq!(href, "#/households/a-1/edit?at=measures");
        assert_eq!(Route::parse(&href), Route::Edit("a-1".into()));
    }
}

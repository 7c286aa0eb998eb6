//! The township office's screens (reviewers and admins, online only): the review queue, the
//! dashboard with exports, the printable 公示 notice, the change history, the double
//! registrations, marking a risk eliminated and restoring a voided household from its card,
//! and the printable sheet of enrolment QR codes.
//!
//! Every figure, decision rule and notice row comes from the server's office API
//! (`crates/server/src/office.rs`), read with the domain crate's types; these screens only show
//! them and send the reviewer's decisions. The calls go through the app's one HTTP client with
//! the signed-in session's token.
mod attachments_export;
mod audit;
mod charts;
mod dashboard;
mod duplicates;
mod enrol_sheet;
mod exit;
mod exit_withdraw;
mod exports;
mod import;
mod lead_assign;
mod lead_figures;
mod lead_upload;
mod leads;
mod publicity;
mod queue;
mod queue_filters;
mod restore;
mod roster;
mod upload;

pub use audit::AuditPage;
pub use dashboard::DashboardPage;
pub use duplicates::DuplicatesPage;
pub use enrol_sheet::EnrolSheetPage;
pub use exit::OfficeActions;
pub use import::ImportPage;
pub use leads::LeadsPage;
pub use publicity::PublicityPage;
pub use queue::QueuePage;
pub use restore::RestoreAction;

use leptos::prelude::*;
use shouwang_domain::sync::wire::Role;

use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::Route;
use crate::sync::client::{self, ClientError};
use crate::sync::{use_sync, SyncContext};

/// The office API's root.
const API: &str = "/api/v1/office";

/// The signed-in account may use the office screens.
pub fn is_office_role(role: Role) -> bool {
    matches!(role, Role::Reviewer | Role::Admin)
}

/// The signed-in session's token (the office calls need it). Takes the context, read where
/// the screen is made: an async task or an event handler has no reactive owner to find it in.
fn token(sync: SyncContext) -> Option<String> {
    sync.session.get_untracked().map(|s| s.token)
}

/// The link that opens household `id`'s form at its 帮扶措施 section, to record a measure there
/// (the reviewer's device holds the township's households after a sync; the save syncs as usual).
fn record_measure_link(id: &str, lang: Lang) -> impl IntoView {
    let href = crate::routes::edit_at(id, crate::pages::form::MEASURES_SECTION);
    view! {
        <a class="button secondary" href=href data-testid="record-measure">
            {lang.strings().office_record_measure}
        </a>
    }
}

/// A failed office call as the reviewer reads it: the server's own message in the interface
/// language when it sent one (409 stale, 422 refusals, 403 …), else what went wrong.
pub fn failure(e: &ClientError, lang: Lang) -> String {
    let t = lang.strings();
    match e {
        ClientError::Network if !window().navigator().on_line() => t.office_offline.to_string(),
        ClientError::Network => t.office_unreachable.to_string(),
        ClientError::Api { status: 401, .. } => t.sync_signed_out_again.to_string(),
        ClientError::Api { error: Some(e), .. } => e.message.get(lang.domain()).to_string(),
        ClientError::Api { status, .. } | ClientError::BadResponse { status } => {
            fill(t.office_failed, &[status])
        }
    }
}

/// What a screen shows of a successful read: the answer's JSON, in the language, with the
/// counter that reloads it.
pub type ShowAnswer = fn(&str, Lang, RwSignal<u32>) -> AnyView;

/// Reads `path` (`None`: nothing to read yet) from the office API and shows the answer with
/// `show`; the loading line and a failure with "try again" look the same on every screen. One
/// loader for every screen, so the app carries one copy of it; the screens render without
/// per-string reactivity and are redrawn as a whole on a language switch.
#[component]
fn Fetched(#[prop(into)] path: Signal<Option<String>>, show: ShowAnswer) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let reload = RwSignal::new(0u32);
    let answer = LocalResource::new(move || {
        reload.track();
        let (path, token) = (path.get(), token(sync));
        async move {
            match path {
                Some(p) => Some(client::get_text(&p, token.as_deref()).await),
                None => None,
            }
        }
    });
    view! {
        <Suspense fallback=move || view! { <p>{i18n.lang().strings().loading}</p> }>
            {move || answer.get().flatten().map(|answer| {
                let lang = i18n.lang();
                match answer {
                    Ok(text) => show(&text, lang, reload),
                    Err(error) => failed(&error, lang, reload),
                }
            })}
        </Suspense>
    }
}

/// `text` read as `T`, or the failure shown for an answer that is not what the API sends.
fn parse<T: serde::de::DeserializeOwned>(
    text: &str,
    lang: Lang,
    reload: RwSignal<u32>,
) -> Result<T, AnyView> {
    serde_json::from_str(text)
        .map_err(|_| failed(&ClientError::BadResponse { status: 200 }, lang, reload))
}

/// The error of a failed read, with a button to try again.
fn failed(error: &ClientError, lang: Lang, retry: RwSignal<u32>) -> AnyView {
    view! {
        <div class="problem-box" role="alert" data-testid="office-error">
            <p>{failure(error, lang)}</p>
            <button type="button" on:click=move |_| retry.update(|n| *n += 1)>
                {lang.strings().office_retry}
            </button>
        </div>
    }
    .into_any()
}

/// Shows `children` to a signed-in reviewer or admin with a connection; anyone else reads why
/// the office screens are not for them now. The office tabs head every office screen.
#[component]
pub fn OfficeGate(current: Route, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    // Checked when the screen opens and on "try again"; a call failing later says so itself.
    let online = RwSignal::new(window().navigator().on_line());
    let role = move || sync.session.with(|s| s.as_ref().map(|s| s.account.role));
    let publicity = matches!(current, Route::OfficePublicity(_));
    let tabs = move || {
        let (t, i) = (i18n.lang().strings(), i18n.lang().imports());
        [
            (Route::OfficeQueue, t.office_queue, "tab-queue"),
            (Route::OfficeDashboard, t.office_dashboard, "tab-dashboard"),
            (Route::OfficePublicity(String::new()), t.office_publicity, "tab-publicity"),
            (Route::OfficeDuplicates, t.office_duplicates, "tab-duplicates"),
            (Route::OfficeEnrol, t.office_enrol, "tab-enrol"),
            (Route::OfficeImport, i.tab_import, "tab-import"),
            (Route::OfficeLeads, i.tab_leads, "tab-leads"),
        ]
        .into_iter()
        .map(|(r, label, id)| {
            let here = r == current || (publicity && matches!(r, Route::OfficePublicity(_)));
            view! {
                <a href=r.href() data-testid=id aria-current=if here { "page" } else { "false" }>{label}</a>
            }
        })
        .collect_view()
    };
    // The language is read only where a message is shown, so a switch does not reload the
    // screen below (it follows the language by itself).
    let t = move || i18n.lang().strings();
    let body = move || match role() {
        None => view! {
            <div class="problem-box" data-testid="office-signed-out">
                <p>{t().office_signed_out}</p>
                <a class="button" href=Route::Login.href()>{t().sync_login}</a>
            </div>
        }
        .into_any(),
        Some(r) if !is_office_role(r) => view! {
            <p class="problem-box" data-testid="office-not-allowed">{t().office_not_allowed}</p>
        }
        .into_any(),
        Some(_) if !online.get() => view! {
            <div class="problem-box" role="alert" data-testid="office-offline">
                <p>{t().office_offline}</p>
                <button type="button" on:click=move |_| online.set(window().navigator().on_line())>
                    {t().office_retry}
                </button>
            </div>
        }
        .into_any(),
        Some(_) => children().into_any(),
    };
    view! {
        <section class="page office" data-testid="office-page">
            <nav class="office-tabs" aria-label=move || t().nav_office>{tabs}</nav>
            {body}
        </section>
    }
}

/// ‰ as a percentage with one decimal: 169 → `16.9%`; `signed` adds `+` to gains.
pub fn per_mille(v: i64, signed: bool) -> String {
    let sign = if v < 0 {
        "-"
    } else if signed && v > 0 {
        "+"
    } else {
        ""
    };
    let a = v.unsigned_abs();
    format!("{sign}{}.{}%", a / 10, a % 10)
}

/// Village names without the part they all share (`…元马镇小雷宰村`, `…元马镇能禹村` →
/// `小雷宰村`, `能禹村`), so tables and charts stay narrow; one name stays whole.
pub fn short_names(names: &[String]) -> Vec<String> {
    let chars: Vec<Vec<char>> = names.iter().map(|n| n.chars().collect()).collect();
    let shared = match chars.split_first() {
        Some((first, rest)) if !rest.is_empty() => (0..first.len())
            .take_while(|&i| rest.iter().all(|c| c.get(i) == first.get(i)))
            .count(),
        _ => 0,
    };
    chars
        .iter()
        .map(|c| {
            // Never cut a name down to nothing.
            let from = if shared < c.len() { shared } else { 0 };
            c[from..].iter().collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_mille_reads_as_a_percentage() {
        assert_eq!(per_mille(169, true), "+16.9%");
        assert_eq!(per_mille(-42, true), "-4.2%");
        assert_eq!(per_mille(0, true), "0.0%");
        assert_eq!(per_mille(1000, false), "100.0%");
    }

    #[test]
    fn village_names_lose_their_shared_prefix() {
        let names = [
            "云南省楚雄彝族自治州元谋县元马镇小雷宰村".to_string(),
            "云南省楚雄彝族自治州元谋县元马镇能禹村".to_string(),
        ];
        assert_eq!(short_names(&names), ["小雷宰村", "能禹村"]);
        assert_eq!(short_names(&names[..1]), [names[0].clone()]);
        let same = ["甲村".to_string(), "甲村".to_string()];
        assert_eq!(short_names(&same), ["甲村", "甲村"]);
        assert!(short_names(&[]).is_empty());
    }
}

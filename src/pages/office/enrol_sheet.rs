//! The printable sheet of enrolment QR codes (`#/office/enrol`): the office chooses a village
//! (and, if it wants, only some of its workers); the server makes one single-use code per worker
//! (`POST /api/v1/enrol/codes`) with its QR code, drawn on the server as SVG; the sheet adds the
//! township CA's QR code first when the server has one. Scanning a worker's code opens
//! `#/enrol` on the phone (`crate::pages::EnrolPage`).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{failure, parse, token, Fetched, OfficeGate};
use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::Route;
use crate::state::use_app_state;
use crate::sync::client::{self, ClientError};
use crate::sync::use_sync;

const WORKERS: &str = "/api/v1/enrol/workers";
const CODES: &str = "/api/v1/enrol/codes";

/// A worker of the office's areas (`GET /api/v1/enrol/workers`).
#[derive(Clone, Debug, Deserialize)]
struct Worker {
    username: String,
    display_name: String,
    areas: Vec<String>,
}

#[derive(Serialize)]
struct CodesRequest {
    usernames: Vec<String>,
}

/// The server's sheet (`POST /api/v1/enrol/codes`).
#[derive(Clone, Debug, Deserialize)]
struct Sheet {
    app_url: String,
    expires_at: String,
    codes: Vec<Code>,
    township_ca: Option<CaInfo>,
    township_ca_qr_svg: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
struct Code {
    username: String,
    display_name: String,
    code: String,
    qr_svg: String,
}

#[derive(Clone, Debug, Deserialize)]
struct CaInfo {
    url: String,
    fingerprint: String,
}

/// The enrolment sheet screen.
#[component]
pub fn EnrolSheetPage() -> impl IntoView {
    view! {
        <OfficeGate current=Route::OfficeEnrol>
            <Fetched path=Signal::stored(Some(WORKERS.to_string())) show=show_workers/>
        </OfficeGate>
    }
}

fn show_workers(text: &str, lang: Lang, reload: RwSignal<u32>) -> AnyView {
    match parse::<Vec<Worker>>(text, lang, reload) {
        Ok(workers) if workers.is_empty() => view! {
            <p class="problem-box" data-testid="enrol-no-workers">{lang.strings().enrol_sheet_none}</p>
        }
        .into_any(),
        Ok(workers) => view! { <SheetMaker workers/> }.into_any(),
        Err(failed) => failed,
    }
}

/// A village's name as this device knows it from its households, else its code.
pub(super) fn village_name(code: &str) -> String {
    use_app_state()
        .summaries
        .with_untracked(|all| {
            all.iter()
                .find(|s| s.village_code == code)
                .map(|s| format!("{} ({code})", s.village_name))
        })
        .unwrap_or_else(|| code.to_string())
}

#[component]
fn SheetMaker(workers: Vec<Worker>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let t = move || i18n.lang().strings();
    let mut villages: Vec<String> = workers.iter().flat_map(|w| w.areas.clone()).collect();
    villages.sort();
    villages.dedup();
    let names: Vec<(String, String)> = villages
        .iter()
        .map(|v| (v.clone(), village_name(v)))
        .collect();
    let workers = StoredValue::new(workers);
    let village = RwSignal::new(villages.first().cloned().unwrap_or_default());
    let in_village = move |v: &str| -> Vec<Worker> {
        workers.with_value(|all| {
            all.iter()
                .filter(|w| w.areas.iter().any(|a| a == v))
                .cloned()
                .collect()
        })
    };
    let chosen = RwSignal::new(
        in_village(&village.get_untracked())
            .into_iter()
            .map(|w| w.username)
            .collect::<Vec<_>>(),
    );
    let sheet = RwSignal::new(None::<Sheet>);
    let error = RwSignal::new(None::<ClientError>);
    let busy = RwSignal::new(false);

    let make = move |_| {
        let request = CodesRequest {
            usernames: chosen.get_untracked(),
        };
        if request.usernames.is_empty() {
            return;
        }
        let token = token(sync);
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let answer: Result<Sheet, ClientError> =
                client::post(CODES, token.as_deref(), &request).await;
            busy.set(false);
            match answer {
                Ok(s) => sheet.set(Some(s)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let worker_boxes = move || {
        in_village(&village.get())
            .into_iter()
            .map(|w| {
                let id = format!("enrol-worker-{}", w.username);
                let name = w.username.clone();
                let checked = {
                    let name = name.clone();
                    move || chosen.with(|c| c.contains(&name))
                };
                let label = format!("{} ({})", w.display_name, w.username);
                view! {
                    <div class="field check">
                        <input id=id.clone() type="checkbox" prop:checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|c| {
                                    c.retain(|n| n != &name);
                                    if on { c.push(name.clone()); }
                                });
                            }/>
                        <label for=id>{label}</label>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <div class="no-print enrol-controls">
            <div class="field">
                <label for="enrol-village">{move || t().enrol_sheet_village}</label>
                <select id="enrol-village" data-testid="enrol-village"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        chosen.set(in_village(&v).into_iter().map(|w| w.username).collect());
                        sheet.set(None);
                        village.set(v);
                    }>
                    {names.into_iter().map(|(code, name)| {
                        let selected = code == village.get_untracked();
                        view! { <option value=code selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <fieldset>
                <legend>{move || t().enrol_sheet_workers}</legend>
                {worker_boxes}
            </fieldset>
            <p class="note">{move || t().enrol_sheet_replaces}</p>
            <button type="button" data-testid="enrol-make" disabled=move || busy.get() || chosen.with(Vec::is_empty)
                on:click=make>{move || t().enrol_sheet_make}</button>
            {move || error.get().map(|e| view! { <p class="problem error" role="alert">{failure(&e, i18n.lang())}</p> })}
        </div>
        {move || sheet.get().map(|s| view! { <PrintedSheet sheet=s village=village.get_untracked()/> })}
    }
}

/// The sheet as printed.
#[component]
fn PrintedSheet(sheet: Sheet, village: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let t = lang.strings();
    let expires = local_time(&sheet.expires_at, lang);
    let insecure = sheet.app_url.starts_with("http://");
    let ca = sheet
        .township_ca
        .clone()
        .zip(sheet.township_ca_qr_svg.clone())
        .map(|(ca, qr)| {
            view! {
                <section class="enrol-card enrol-ca" data-testid="enrol-sheet-ca">
                    <h3>{t.enrol_sheet_ca}</h3>
                    <div class="qr" inner_html=qr></div>
                    <p class="address">{ca.url}</p>
                    <p class="note fingerprint">{fill(t.ca_fingerprint, &[&ca.fingerprint])}</p>
                </section>
            }
        });
    let cards = sheet
        .codes
        .into_iter()
        .map(|c| {
            view! {
                <section class="enrol-card" data-testid="enrol-card">
                    <h3>{format!("{} ({})", c.display_name, c.username)}</h3>
                    <div class="qr" inner_html=c.qr_svg></div>
                    <p class="code" data-testid="enrol-code">{fill(t.enrol_sheet_code, &[&c.code])}</p>
                    <p class="note">{fill(t.enrol_sheet_expires, &[&expires])}</p>
                </section>
            }
        })
        .collect_view();
    view! {
        <article class="enrol-sheet" data-testid="enrol-sheet">
            <div class="no-print">
                <button type="button" data-testid="enrol-print" on:click=move |_| { let _ = window().print(); }>
                    {t.enrol_sheet_print}
                </button>
            </div>
            <h2>{t.enrol_sheet_title}<br/>{village_name(&village)}</h2>
            {insecure.then(|| view! { <p class="problem-box" role="alert" data-testid="enrol-sheet-http">{t.enrol_sheet_http}</p> })}
            <p>{t.enrol_sheet_scan}</p>
            <p class="address">{sheet.app_url}</p>
            <div class="enrol-cards">{ca}{cards}</div>
        </article>
    }
}

/// An RFC 3339 time in the browser's time zone, as people of `lang` write it.
fn local_time(rfc3339: &str, lang: Lang) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_string();
    }
    date.to_locale_string(lang.code(), &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_else(|| rfc3339.to_string())
}

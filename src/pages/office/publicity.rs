//! The village 公示 notice (`#/office/publicity/{village}`), printable: the households whose
//! notice period runs, as the server lists them, in two parts — proposed for monitoring, and
//! proposed for 风险消除 (shown only when there is one). Neither part's rows have a field for an
//! ID number, phone, bank account or health status, so none can be shown.
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::model::RiskType;
use shouwang_domain::office::PublicityNotice;

use super::{parse, Fetched, OfficeGate, API};
use crate::components::field_label_in;
use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::{navigate, Route};
use crate::state::use_app_state;
use crate::sync::use_sync;

/// The 公示 screen of `village` (empty: choose one).
#[component]
pub fn PublicityPage(village: String) -> impl IntoView {
    let i18n = use_i18n();
    let masked = RwSignal::new(false);
    let code = village.clone();
    let path = Signal::derive(move || {
        // The server's `NameDisplay`, snake_case.
        let names = if masked.get() { "masked" } else { "full" };
        (!code.is_empty()).then(|| format!("{API}/publicity?village={code}&names={names}"))
    });
    let choices = villages();
    let selected = village.clone();
    let controls = move || {
        let t = i18n.lang().strings();
        view! {
            <div class="publicity-controls no-print">
                <div class="field">
                    <label for="publicity-village">{t.publicity_village}</label>
                    <select id="publicity-village" data-testid="publicity-village"
                        on:change=move |ev| navigate(&Route::OfficePublicity(event_target_value(&ev)))>
                        <option value="" selected=selected.is_empty()>{t.publicity_choose}</option>
                        {choices.iter().map(|(code, name)| {
                            let text = format!("{name} ({code})");
                            view! { <option value=code.clone() selected=*code == selected>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field check">
                    <input id="publicity-masked" type="checkbox" prop:checked=masked.get_untracked()
                        on:change=move |ev| masked.set(event_target_checked(&ev))/>
                    <label for="publicity-masked">{t.publicity_masked}</label>
                </div>
                <button type="button" data-testid="publicity-print" disabled=selected.is_empty()
                    on:click=move |_| { let _ = window().print(); }>
                    {t.publicity_print}
                </button>
            </div>
        }
    };
    view! {
        <OfficeGate current=Route::OfficePublicity(village.clone())>
            {controls.clone()}
            <Fetched path show=show_notice/>
        </OfficeGate>
    }
}

/// The villages to choose from: those of the account's areas that are villages, and those of
/// the households this device holds within the account's areas, by code.
fn villages() -> Vec<(String, String)> {
    let areas = use_sync()
        .session
        .get_untracked()
        .map(|s| s.account.areas)
        .unwrap_or_default();
    let mut out: Vec<(String, String)> = use_app_state().summaries.with_untracked(|all| {
        all.iter()
            .filter(|s| areas.iter().any(|a| s.village_code.starts_with(a.as_str())))
            .map(|s| (s.village_code.clone(), s.village_name.clone()))
            .collect()
    });
    out.extend(
        areas
            .iter()
            .filter(|a| a.len() == 12)
            .map(|a| (a.clone(), a.clone())),
    );
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

fn show_notice(text: &str, lang: Lang, reload: RwSignal<u32>) -> AnyView {
    let n: PublicityNotice = match parse(text, lang, reload) {
        Ok(n) => n,
        Err(failed) => return failed,
    };
    let t = lang.strings();
    let l = lang.domain();
    let risks = |risks: &[RiskType]| {
        let names: Vec<String> = risks.iter().map(|k| k.label().get(l).to_string()).collect();
        names.join("、")
    };
    // The identification part: left out only when the notice lists exits alone.
    let identification = (!n.rows.is_empty() || n.exits.is_empty()).then(|| {
        let head = [
            "household_number",
            "head_name",
            "household_size",
            "household_type",
            "monitoring.category",
            "monitoring.risks.type",
        ];
        let empty = n.rows.is_empty().then(
            || view! { <p class="muted" data-testid="publicity-empty">{t.publicity_empty}</p> },
        );
        let rows = n
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                view! {
                    <tr data-testid="publicity-row">
                        <td>{i + 1}</td>
                        <td>{r.household_number.clone()}</td>
                        <td>{r.head_name.clone()}</td>
                        <td>{r.household_size}</td>
                        <td>{r.household_type.label().get(l).to_string()}</td>
                        <td>{r.category.map(|c| c.label().get(l).to_string()).unwrap_or_default()}</td>
                        <td>{risks(&r.risks)}</td>
                        <td>{format!("{} – {}", r.publicity_start, r.publicity_end)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section data-testid="publicity-identification">
                <h2>{n.village_name.clone()}<br/>{t.publicity_title}</h2>
                {notice_table(&head, rows, lang)}
                {empty}
            </section>
        }
    });
    let exits = (!n.exits.is_empty()).then(|| {
        let head = [
            "household_number",
            "head_name",
            "household_size",
            "monitoring.exit_procedure.mode",
            "monitoring.risks.type",
        ];
        let rows = n
            .exits
            .iter()
            .enumerate()
            .map(|(i, r)| {
                view! {
                    <tr data-testid="publicity-exit-row">
                        <td>{i + 1}</td>
                        <td>{r.household_number.clone()}</td>
                        <td>{r.head_name.clone()}</td>
                        <td>{r.household_size}</td>
                        <td>{r.mode.label().get(l).to_string()}</td>
                        <td>{risks(&r.risks)}</td>
                        <td>{format!("{} – {}", r.publicity_start, r.publicity_end)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section data-testid="publicity-exits">
                <h2>{n.village_name.clone()}<br/>{t.publicity_exit_title}</h2>
                {notice_table(&head, rows, lang)}
            </section>
        }
    });
    view! {
        <article class="notice" data-testid="publicity-notice">
            {identification}
            {exits}
            <p class="note">{n.note.get(l).to_string()}</p>
            <p class="dated">{fill(t.publicity_dated, &[&n.village_name, &n.as_of])}</p>
        </article>
    }
    .into_any()
}

/// One part's table: a number column, the record's fields named `head`, then the 公示 period.
fn notice_table(head: &[&str], rows: impl IntoView, lang: Lang) -> impl IntoView {
    let head = head
        .iter()
        .map(|k| view! { <th scope="col">{field_label_in(k, lang)}</th> })
        .collect_view();
    let period = lang.strings().publicity_period;
    view! {
        <div class="table-scroll">
            <table class="notice-table">
                <thead><tr><th scope="col">"#"</th>{head}<th scope="col">{period}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

//! The office's part of a household's detail: its change history, and starting its exit
//! procedure (风险消除程序). The server opens it only when the domain's exit check finds every
//! condition met — otherwise it answers the unmet conditions, listed here one by one. The steps
//! that follow (village review + 公示, township check, county approval) are decided in the
//! review queue; only the county approval marks the risk eliminated. Until then the office may
//! withdraw it ([`ExitWithdrawForm`]).
use chrono::NaiveDate;
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::model::ExitMode;
use shouwang_domain::office::wire::{ExitNotEligible, ExitRequest, Stored};
use shouwang_domain::sync::wire::Revision;

use super::exit_withdraw::ExitWithdrawForm;
use super::{failure, is_office_role, token, API};
use crate::components::field_label_in;
use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::Route;
use crate::storage::today;
use crate::sync::client::{self, ClientError};
use crate::sync::use_sync;

/// Why an exit start failed: the server's list of unmet conditions, or another failure.
#[derive(Clone)]
enum Failed {
    Unmet(ExitNotEligible),
    Other(ClientError),
}

/// The unmet exit conditions of a refusal as a list, each in `lang`, under `heading`.
pub fn unmet_list(refused: &ExitNotEligible, heading: &'static str, lang: Lang) -> impl IntoView {
    let l = lang.domain();
    view! {
        <p>{heading}</p>
        <ul class="reasons unmet" data-testid="exit-unmet">
            {refused.unmet.iter().map(|r| view! {
                <li data-rule=r.rule.clone()>{r.text.get(l).to_string()}</li>
            }).collect_view()}
        </ul>
    }
}

/// Office actions on household `id`, shown to reviewers and admins only. `server_rev` is the
/// server version this device holds (`None`, or `dirty`: the server has not got the latest edit).
/// `exited`: the risk is marked eliminated; `open_exit`: the start of an exit procedure still
/// running. `done` and `withdrawn` (the stored revisions of a start and of a withdrawal) are
/// owned by the screen: the new version arriving by sync redraws these actions, and the
/// confirmation stays.
#[component]
pub fn OfficeActions(
    id: String,
    server_rev: Option<u64>,
    dirty: bool,
    exited: bool,
    open_exit: Option<NaiveDate>,
    done: RwSignal<Option<u64>>,
    withdrawn: RwSignal<Option<u64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let office = move || {
        sync.session
            .with(|s| s.as_ref().is_some_and(|s| is_office_role(s.account.role)))
    };
    let mode = RwSignal::new(0usize);
    let date = RwSignal::new(today().to_string());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Failed>);
    let audit = Route::OfficeAudit(id.clone()).href();
    let withdraw_id = id.clone();
    let submit = StoredValue::new(move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(base), false) = (server_rev, dirty) else {
            return;
        };
        let started = date.get_untracked().parse::<NaiveDate>().ok();
        busy.set(true);
        error.set(None);
        let id = id.clone();
        let body = ExitRequest {
            mode: ExitMode::ALL[mode.get_untracked().min(ExitMode::ALL.len() - 1)],
            started,
            base_revision: Revision(base),
        };
        leptos::task::spawn_local(async move {
            let path = format!("{API}/households/{id}/exit");
            let answer = client::post_detailed::<_, Stored, ExitNotEligible>(
                &path,
                token(sync).as_deref(),
                &body,
            )
            .await;
            match answer {
                Ok(stored) => {
                    done.set(Some(stored.revision.0));
                    // Bring the new version to this device, as to the worker's.
                    sync.sync_now();
                }
                Err((_, Some(refused))) if refused.reason == ExitNotEligible::REASON => {
                    error.set(Some(Failed::Unmet(refused)))
                }
                Err((e, _)) => error.set(Some(Failed::Other(e))),
            }
            busy.set(false);
        });
    });
    let blocked = server_rev.is_none() || dirty;
    move || {
        if !office() {
            return None;
        }
        let lang = i18n.lang();
        let t = lang.strings();
        let open = open_exit.map(|started| {
            let base = server_rev.filter(|_| !dirty);
            view! {
                <p class="note" data-testid="exit-open">{fill(t.exit_open, &[&started])}</p>
                {blocked.then(|| view! { <p class="problem warning">{t.exit_not_on_server}</p> })}
                <ExitWithdrawForm id=withdraw_id.clone() base done=withdrawn/>
            }
        });
        let form = (!exited && open_exit.is_none()).then(|| {
            let modes = ExitMode::ALL
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let label = m.label().get(lang.domain()).to_string();
                    view! { <option value=i.to_string() selected=mode.get_untracked() == i>{label}</option> }
                })
                .collect_view();
            view! {
                <form class="exit-form" on:submit=move |ev| submit.with_value(|f| f(ev))>
                    <div class="field">
                        <label for="exit-mode">{field_label_in("monitoring.exit_procedure.mode", lang)}</label>
                        <select id="exit-mode" data-testid="exit-mode"
                            on:change=move |ev| mode.set(event_target_value(&ev).parse().unwrap_or(0))>
                            {modes}
                        </select>
                    </div>
                    <div class="field">
                        <label for="exit-date">{field_label_in("monitoring.exit_procedure.started", lang)}</label>
                        <input id="exit-date" type="date" data-testid="exit-date" prop:value=date.get_untracked()
                            on:input=move |ev| date.set(event_target_value(&ev))/>
                    </div>
                    {blocked.then(|| view! { <p class="problem warning">{t.exit_not_on_server}</p> })}
                    <button type="submit" data-testid="exit-submit" disabled=move || busy.get() || blocked>
                        {t.exit_action}
                    </button>
                </form>
            }
        });
        Some(view! {
            <section class="office-actions no-print" data-testid="office-actions">
                <h3>{t.office_actions}</h3>
                <p><a href=audit.clone() data-testid="detail-audit">{t.office_audit}</a></p>
                {open}
                {form}
                {move || done.get().map(|r| view! {
                    <p class="ok-box" role="status" data-testid="exit-done">{fill(t.exit_done, &[&r])}</p>
                })}
                {move || withdrawn.get().map(|r| view! {
                    <p class="ok-box" role="status" data-testid="exit-withdrawn-done">{fill(t.exit_withdraw_done, &[&r])}</p>
                })}
                {move || error.get().map(|e| view! {
                    <div class="problem-box" role="alert" data-testid="exit-error">
                        {match e {
                            Failed::Unmet(refused) => unmet_list(&refused, t.exit_refused, lang).into_any(),
                            Failed::Other(e) => view! { <p>{failure(&e, lang)}</p> }.into_any(),
                        }}
                    </div>
                })}
            </section>
        })
    }
}

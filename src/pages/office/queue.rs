//! The review queue (`#/office/queue`): households waiting for village review, 公示, township
//! check or county approval of their identification or of their exit (风险消除, marked as such),
//! overdue first, each approved or returned with a comment after a confirmation that says what
//! the decision will do. A step that is another role's (县级审定 for a township reviewer) shows
//! whose it is instead of the buttons. A county approval of an exit the household no longer
//! qualifies for is refused with the unmet conditions, listed.
use chrono::NaiveDate;
use leptos::prelude::*;
use shouwang_domain::classify::ProcedureStep;
use shouwang_domain::labels::Label;
use shouwang_domain::model::{Decision, ProcedureKind};
use shouwang_domain::office::review::may_decide;
use shouwang_domain::office::wire::{DecisionRequest, ExitNotEligible, Queue, Stored};
use shouwang_domain::office::{DecisionError, QueueItem};

use super::exit::unmet_list;
use super::queue_filters::{filter_bar, sorted, Filters, Order};
use super::{failure, parse, record_measure_link, token, Fetched, OfficeGate, API};
use crate::components::{decision_line, field_label_in, maxlength};
use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::Route;
use crate::sync::client::{self, ClientError};
use crate::sync::use_sync;

/// Why a decision failed: an exit's county approval refused with the unmet conditions, or
/// another failure.
#[derive(Clone)]
enum Failed {
    Unmet(ExitNotEligible),
    Other(ClientError),
}

/// The flags (finding rules) a measure answers.
const MEASURE_FLAGS: [&str; 2] = [
    "consistency.development_measure_due",
    "consistency.risk_needs_measure",
];

/// The outcome of the last decision, kept above the list (the item itself moves on).
#[derive(Clone, Copy)]
struct Outcome(RwSignal<Option<String>>);

/// The review queue screen.
#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let outcome = RwSignal::new(None::<String>);
    provide_context(Outcome(outcome));
    provide_context(Filters {
        village: RwSignal::new(String::new()),
        step: RwSignal::new(None),
        overdue: RwSignal::new(false),
        order: RwSignal::new(Order::default()),
    });
    view! {
        <OfficeGate current=Route::OfficeQueue>
            <h2>{move || i18n.lang().strings().office_queue}</h2>
            {move || outcome.get().map(|m| view! { <p class="ok-box" role="status" data-testid="decision-outcome">{m}</p> })}
            <Fetched path=Signal::stored(Some(format!("{API}/queue"))) show=show_queue/>
        </OfficeGate>
    }
}

fn show_queue(text: &str, lang: Lang, reload: RwSignal<u32>) -> AnyView {
    let q: Queue = match parse(text, lang, reload) {
        Ok(q) => q,
        Err(failed) => return failed,
    };
    let t = lang.strings();
    let f = expect_context::<Filters>();
    let overdue = q.items.iter().filter(|i| i.overdue).count();
    let total = q.items.len();
    let empty = q
        .items
        .is_empty()
        .then(|| view! { <p class="muted" data-testid="queue-empty">{t.queue_empty}</p> });
    let villages: Vec<(String, String)> = q
        .items
        .iter()
        .map(|i| {
            (
                i.household.village_code.clone(),
                i.household.village_name.clone(),
            )
        })
        .collect();
    let bar = filter_bar(f, villages, lang);
    let items = StoredValue::new(q.items);
    let shown = move || {
        sorted(
            items.with_value(|all| all.iter().filter(|i| f.keep(i)).cloned().collect()),
            f.order.get(),
        )
    };
    view! {
        <p class="counts" data-testid="queue-counts">
            {fill(t.queue_counts, &[&total, &overdue])}" · "{fill(t.office_as_of, &[&q.as_of])}
        </p>
        {empty}
        {bar}
        <p class="muted" data-testid="queue-shown">{move || fill(t.queue_shown, &[&shown().len(), &total])}</p>
        <ul class="queue">
            {move || shown().into_iter().map(|item| card(item, lang, reload)).collect_view()}
        </ul>
    }
    .into_any()
}

/// One household in the queue, with its decision form.
fn card(item: QueueItem, lang: Lang, reload: RwSignal<u32>) -> impl IntoView {
    let t = lang.strings();
    let l = lang.domain();
    let sync = use_sync();
    let outcome = expect_context::<Outcome>().0;
    let comment = RwSignal::new(String::new());
    let on = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Failed>);
    // The decision waiting for its confirmation: approve (true) or return (false).
    let pending = RwSignal::new(None::<bool>);
    let role = sync.session.get_untracked().map(|s| s.account.role);
    let h = item.household;
    let id = h.household_id.clone();
    let step = item.next_step;
    let procedure = item.procedure;
    let exit = procedure == ProcedureKind::Exit;
    let revision = item.revision;
    let head = h.head_name.clone();
    let decide = move |approve: bool| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        pending.set(None);
        error.set(None);
        let (id, head) = (id.clone(), head.clone());
        leptos::task::spawn_local(async move {
            let text = comment.get_untracked();
            let body = DecisionRequest {
                procedure,
                step,
                approve,
                comment: text.clone(),
                on: on.get_untracked().parse::<NaiveDate>().ok(),
                base_revision: revision,
            };
            let path = format!("{API}/households/{id}/decision");
            let answer = client::post_detailed::<_, Stored, ExitNotEligible>(
                &path,
                token(sync).as_deref(),
                &body,
            )
            .await;
            busy.set(false);
            match answer {
                Ok(stored) => {
                    let by = sync.session.get_untracked().map(|s| s.account.username);
                    let d = Decision {
                        step,
                        date: crate::storage::today(),
                        by: by.unwrap_or_default(),
                        approved: approve,
                        comment: text,
                    };
                    let done = fill(lang.strings().queue_decided, &[&stored.revision.0]);
                    let kind = procedure.label().get(lang.domain()).to_string();
                    outcome.set(Some(format!(
                        "{head} · {kind} · {} {done}",
                        decision_line(&d, lang)
                    )));
                    // This device's copy follows, like any phone's.
                    sync.sync_now();
                    reload.update(|n| *n += 1);
                }
                Err((_, Some(refused))) if refused.reason == ExitNotEligible::REASON => {
                    error.set(Some(Failed::Unmet(refused)))
                }
                Err((e, _)) => error.set(Some(Failed::Other(e))),
            }
        });
    };
    // What the decision will do, said before it is sent.
    let proposed = item.category.or(item.suggested_category);
    let exit_mode = item.exit_mode;
    let what = move |approve: bool| {
        let t = lang.strings();
        let name = step.label().get(l).to_string();
        if !approve {
            return fill(t.queue_confirm_return, &[&name, &comment.get()]);
        }
        let day = on
            .get()
            .parse::<NaiveDate>()
            .unwrap_or_else(|_| crate::storage::today());
        let mut text = fill(t.queue_confirm_approve, &[&name, &day]);
        if step == ProcedureStep::CountyApproval {
            let then = if exit {
                let mode = exit_mode.map(|m| m.label().get(l).to_string());
                fill(t.queue_confirm_exit, &[&mode.unwrap_or_default(), &day])
            } else {
                let c = proposed.map(|c| c.label().get(l).to_string());
                fill(t.queue_confirm_identified, &[&c.unwrap_or_default(), &day])
            };
            text.push_str(&then);
        }
        text
    };
    let confirm = move || {
        pending.get().map(|approve| {
            let decide = decide.clone();
            view! {
                <div class="confirm-box" role="alertdialog" data-testid="queue-confirm">
                    <p><b>{t.queue_confirm_title}</b></p>
                    <p data-testid="queue-confirm-what">{what(approve)}</p>
                    <div class="actions">
                        <button type="button" data-testid="queue-confirm-yes" disabled=move || busy.get()
                            on:click=move |_| decide(approve)>{t.queue_confirm_yes}</button>
                        <button type="button" class="secondary" data-testid="queue-confirm-no"
                            on:click=move |_| pending.set(None)>{t.queue_confirm_no}</button>
                    </div>
                </div>
            }
        })
    };
    let due = item.days_left.map(|d| {
        let text = if d < 0 {
            fill(t.days_overdue, &[&-d])
        } else {
            fill(t.days_left, &[&d])
        };
        let class = if item.overdue { "due overdue" } else { "due" };
        view! { <span class=class data-testid="queue-due">{text}</span> }
    });
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
    let category = |c: Option<shouwang_domain::model::MonitoredCategory>| {
        c.map(|c| c.label().get(l).to_string())
    };
    let publicity = item
        .publicity_start
        .zip(item.publicity_earliest_end)
        .map(|(from, end)| view! { <p class="note">{fill(t.queue_publicity, &[&from, &end])}</p> });
    let flags = (!item.flags.is_empty()).then(|| {
        view! {
            <p class="label">{t.queue_flags}</p>
            <ul class="reasons flags" data-testid="queue-flags">
                {item.flags.iter().map(|f| view! { <li data-rule=f.reason.rule.clone()>{f.reason.text.get(l).to_string()}</li> }).collect_view()}
            </ul>
        }
    });
    let last = item.last_decision.map(|d| {
        let class = if d.approved { "note" } else { "note returned" };
        view! { <p class=class data-testid="queue-last-decision">{t.queue_last_decision}": "{decision_line(&d, lang)}</p> }
    });
    // A flag about measures: the household's form, at its measures, is one tap away.
    let measure = item
        .flags
        .iter()
        .any(|f| MEASURE_FLAGS.contains(&f.reason.rule.as_str()))
        .then(|| record_measure_link(&h.household_id, lang));
    // Identification runs from the lead; an exit from its start, with the way proposed.
    let opened = if exit {
        let mode = item.exit_mode.map(|m| m.label().get(l).to_string());
        view! {
            <dt>{field_label_in("monitoring.exit_procedure.mode", lang)}</dt>
            <dd data-testid="queue-exit-mode">{mode.unwrap_or_else(|| "-".into())}</dd>
            <dt>{field_label_in("monitoring.exit_procedure.started", lang)}</dt>
            <dd>{date(item.exit_started)}</dd>
        }
        .into_any()
    } else {
        view! {
            <dt>{field_label_in("monitoring.procedure.lead_found", lang)}</dt>
            <dd>{date(item.lead_found)}</dd>
        }
        .into_any()
    };
    let kind = procedure.label().get(l).to_string();
    let kind_code = if exit { "exit" } else { "identification" };
    let key = format!("{kind_code}-{}", h.household_id);
    // The village's own step may have been held before the office records it.
    let on_field = (step == ProcedureStep::VillageReview).then(|| {
        let on_id = format!("on-{key}");
        view! {
            <div class="field">
                <label for=on_id.clone()>{t.queue_step_day}</label>
                <input id=on_id type="date" data-testid="queue-on"
                    on:input=move |ev| on.set(event_target_value(&ev))/>
            </div>
        }
    });
    let step_name = step.label().get(l).to_string();
    // The step is this reviewer's to decide, or another role's: then say whose.
    let decision_form = match role.filter(|r| may_decide(*r, step)) {
        Some(_) => {
            let comment_id = format!("comment-{key}");
            view! {
                {on_field}
                <div class="field">
                    <label for=comment_id.clone()>{t.queue_comment}</label>
                    <textarea id=comment_id rows="2" data-testid="queue-comment" maxlength=maxlength("comment")
                        on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </div>
                <div class="actions">
                    <button type="button" data-testid="queue-approve" disabled=move || busy.get()
                        on:click=move |_| pending.set(Some(true))>
                        {fill(t.queue_approve, &[&step_name])}
                    </button>
                    <button type="button" class="danger" data-testid="queue-return" disabled=move || busy.get()
                        on:click=move |_| pending.set(Some(false))>
                        {t.queue_return}
                    </button>
                </div>
            }
            .into_any()
        }
        None => {
            let whose = role.map(|role| DecisionError::NotYourStep { step, role }.message());
            view! {
                <p class="note" data-testid="queue-not-yours">
                    <b>{t.queue_not_yours}</b>": "{whose.map(|w| w.get(l).to_string())}
                </p>
            }
            .into_any()
        }
    };
    let audit = Route::OfficeAudit(h.household_id.clone()).href();
    let class = match (item.overdue, exit) {
        (true, true) => "queue-item overdue exit",
        (true, false) => "queue-item overdue",
        (false, true) => "queue-item exit",
        (false, false) => "queue-item",
    };
    view! {
        <li class=class data-testid="queue-item" data-household=h.household_id.clone() data-procedure=kind_code>
            <header>
                <a class="name" href=Route::Detail(h.household_id.clone()).href()>{h.head_name}</a>
                <span class="badge" data-testid="queue-kind">{kind}</span>
                {due}
            </header>
            <p class="meta">{h.village_name}</p>
            <dl class="figures">
                <dt>{t.queue_next_step}</dt>
                <dd data-testid="queue-step"><b>{step_name.clone()}</b></dd>
                {opened}
                <dt>{t.queue_deadline}</dt>
                <dd data-testid="queue-deadline">{date(item.deadline)}</dd>
                <dt>{t.chosen_category}</dt>
                <dd>{category(item.category).unwrap_or_else(|| "-".into())}</dd>
                <dt>{t.suggested_category}</dt>
                <dd>{category(item.suggested_category).unwrap_or_else(|| t.not_suggested.into())}</dd>
            </dl>
            {publicity}
            {flags}
            {last}
            {decision_form}
            {confirm}
            <div class="actions">
                <a class="button secondary" href=audit data-testid="queue-audit">
                    {t.office_audit}
                </a>
                {measure}
            </div>
            {move || busy.get().then(|| view! { <p class="muted" role="status">{t.queue_sending}</p> })}
            {move || error.get().map(|e| {
                let body = match e {
                    Failed::Unmet(refused) => unmet_list(&refused, t.exit_refused_at_county, lang).into_any(),
                    Failed::Other(e) => {
                        let stale = (e.reason() == Some("stale")).then(|| view! {
                            <button type="button" data-testid="queue-reload" on:click=move |_| reload.update(|n| *n += 1)>{t.queue_reload}</button>
                        });
                        view! { <p>{failure(&e, lang)}</p>{stale} }.into_any()
                    }
                };
                view! {
                    <div class="problem-box" role="alert" data-testid="queue-error">{body}</div>
                }
            })}
        </li>
    }
}

//! A household's classification with every reason and number, as a reviewer reads it.
use leptos::prelude::*;
use shouwang_domain::classify::{Classification, Reason};
use shouwang_domain::labels::Label;
use shouwang_domain::office::exit_procedure_status;
use shouwang_domain::text::Lang;
use shouwang_domain::{classify, Household};

use crate::components::{ExitProcedureCard, ProcedureCard, WarningBadge};
use crate::i18n::{fill, use_i18n};
use crate::pages::office::OfficeActions;
use crate::routes::Route;
use crate::state::use_app_state;
use crate::storage::{today, with_policy};

/// The detail screen of household `id`.
#[component]
pub fn DetailPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let t = move || i18n.lang().strings();
    let id2 = id.clone();
    let record = LocalResource::new(move || {
        let id = id2.clone();
        // Reload after a save in another tab.
        state.summaries.track();
        async move {
            match state.store() {
                Some(store) => store.load(&id).await.ok().flatten(),
                None => None,
            }
        }
    });
    let edit = Route::Edit(id).href();
    let exit_done = RwSignal::new(None::<u64>);
    let exit_withdrawn = RwSignal::new(None::<u64>);
    view! {
        <section class="page detail" data-testid="detail-page">
            <nav class="actions">
                <a href=Route::List.href() class="button secondary">{move || t().back}</a>
                <a href=edit class="button" data-testid="edit">{move || t().edit}</a>
            </nav>
            <Suspense fallback=move || view! { <p>{move || t().loading}</p> }>
                {move || {
                    record.get().map(|found| match found {
                        Some(stored) => {
                            let h = stored.household;
                            let c = with_policy(|p| classify(&h, p, today()));
                            let (id, exited) = (h.id.0.clone(), h.monitoring.exit.is_some());
                            let open_exit = h.monitoring.open_exit_procedure().map(|p| p.started);
                            view! {
                                <ClassificationView h c/>
                                <OfficeActions id server_rev=stored.server_rev dirty=stored.dirty exited open_exit done=exit_done withdrawn=exit_withdrawn/>
                            }.into_any()
                        }
                        None => view! { <p data-testid="not-found">{move || t().not_found}</p> }.into_any(),
                    })
                }}
            </Suspense>
        </section>
    }
}

/// Every conclusion of `c` for `h`, with its reasons, in the current language.
#[component]
pub fn ClassificationView(h: Household, c: Classification) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let lang = move || i18n.lang().domain();
    let c = StoredValue::new(c);
    let head = h.head().map(|m| m.name.clone()).unwrap_or_default();
    let chosen = h.monitoring.category;
    let money = move |m: Option<shouwang_domain::Money>| {
        m.map(|m| format!("{m} {}", t().yuan))
            .unwrap_or_else(|| "-".into())
    };
    view! {
        <header class="household-head">
            <h2 data-testid="detail-head">{head}</h2>
            <p class="meta">{h.area.name.clone()}" · "{h.size()}" "{move || t().members_unit}</p>
        </header>
        <dl class="figures">
            <dt>{move || t().line}</dt>
            <dd data-testid="line">
                {move || format!("{} {} — {} {}", c.with_value(|c| c.line), t().yuan,
                    c.with_value(|c| c.line_source.name.clone()), c.with_value(|c| c.line_source.year))}
            </dd>
            <dt>{move || t().per_capita}</dt>
            <dd data-testid="per-capita">{move || money(c.with_value(|c| c.income.per_capita))}</dd>
            <dt>{move || t().after_rigid}</dt>
            <dd>{move || money(c.with_value(|c| c.income.after_rigid_per_capita))}</dd>
            <dt>{move || t().chosen_category}</dt>
            <dd>{move || chosen.map(|k| k.label().get(lang()).to_string()).unwrap_or_else(|| "-".into())}</dd>
            <dt>{move || t().suggested_category}</dt>
            <dd data-testid="suggested-category">
                {move || c.with_value(|c| c.suggested_category)
                    .map(|k| k.label().get(lang()).to_string())
                    .unwrap_or_else(|| t().not_suggested.to_string())}
            </dd>
            <dt>{move || t().warning_level}</dt>
            <dd><WarningBadge level=c.with_value(|c| c.warning.level)/></dd>
        </dl>
        {move || c.with_value(|c| c.notes.clone()).into_iter().map(|n| view! {
            <p class="note">{n.text.get(lang()).to_string()}</p>
        }).collect_view()}
        <h3>{move || t().reasons}</h3>
        <Reasons list=c.with_value(|c| c.category_reasons.clone()) lang testid="category-reasons"/>
        <h3>{move || t().section_risks}</h3>
        <ol class="risks" data-testid="suggested-risks">
            {c.with_value(|c| c.suggested_risks.clone()).into_iter().map(|r| view! {
                <li>
                    <b>{move || r.kind.label().get(lang()).to_string()}</b>
                    <Reasons list=r.reasons.clone() lang testid="risk-reasons"/>
                </li>
            }).collect_view()}
        </ol>
        <h3>{move || t().triggers}</h3>
        <Reasons list=c.with_value(|c| c.triggers.clone()) lang testid="triggers"/>
        <h3>{move || t().warning_level}</h3>
        <Reasons list=c.with_value(|c| c.warning.reasons.clone()) lang testid="warning-reasons"/>
        <h3>{move || t().findings}</h3>
        {move || {
            let f = c.with_value(|c| c.findings.clone());
            if f.is_empty() {
                view! { <p class="muted">{t().no_findings}</p> }.into_any()
            } else {
                view! { <Reasons list=f.into_iter().map(|f| f.reason).collect() lang testid="findings"/> }.into_any()
            }
        }}
        <h3>{move || t().measures_suggested}</h3>
        <ul>
            {c.with_value(|c| c.measures.clone()).into_iter().map(|m| view! {
                <li>
                    {move || m.risk.label().get(lang()).to_string()}": "
                    {move || m.types.iter().map(|x| x.label().get(lang()).to_string()).collect::<Vec<_>>().join(" / ")}
                    " ("{move || if m.present { t().present } else { t().missing }}")"
                </li>
            }).collect_view()}
        </ul>
        <ProcedureCard p=h.monitoring.procedure.clone() status=c.with_value(|c| c.procedure.clone())/>
        <h3>{move || t().exit_title}</h3>
        {h.monitoring.exit.clone().map(|e| view! {
            <p class="ok-box" data-testid="exit-eliminated">
                {move || fill(t().exit_eliminated, &[&e.date, &e.mode.label().get(lang())])}
            </p>
        })}
        {h.monitoring.exit_procedure.clone().map(|p| {
            let status = with_policy(|policy| exit_procedure_status(&h, policy, today()));
            status.map(|status| view! { <ExitProcedureCard p status/> })
        })}
        <p data-testid="exit-verdict">
            {move || c.with_value(|c| match (c.exit.applicable, c.exit.eligible) {
                (false, _) => t().exit_not_applicable,
                (true, true) => t().exit_eligible,
                (true, false) => t().exit_not_eligible,
            })}
        </p>
        <ul class="exit">
            {c.with_value(|c| c.exit.met.clone()).into_iter().map(|r| view! { <li class="met">"✓ "{move || r.text.get(lang()).to_string()}</li> }).collect_view()}
            {c.with_value(|c| if c.exit.applicable { c.exit.unmet.clone() } else { Vec::new() }).into_iter().map(|r| view! { <li class="unmet">"✗ "{move || r.text.get(lang()).to_string()}</li> }).collect_view()}
        </ul>
    }
}

#[component]
fn Reasons(
    list: Vec<Reason>,
    lang: impl Fn() -> Lang + Copy + Send + Sync + 'static,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <ul class="reasons" data-testid=testid>
            {list.into_iter().map(|r| {
                let rule = r.rule.clone();
                view! { <li data-rule=rule>{move || r.text.get(lang()).to_string()}</li> }
            }).collect_view()}
        </ul>
    }
}

//! The card's judgement: the category decided and the one suggested, the warning level, every
//! reason and number behind them, the risks and measures the rules suggest, and where the exit
//! stands — as a reviewer reads them. Everything here is the domain's classification; the card
//! only shows it.
use leptos::prelude::*;
use shouwang_domain::classify::{Classification, Reason};
use shouwang_domain::labels::Label;
use shouwang_domain::office::exit_procedure_status;
use shouwang_domain::text::Lang;
use shouwang_domain::Household;

use crate::components::{ExitProcedureCard, WarningBadge};
use crate::i18n::{fill, use_i18n};
use crate::storage::{today, with_policy};

/// The category, the warning level and every reason for them.
#[component]
pub fn ClassificationView(h: Household, c: StoredValue<Classification>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let lang = move || i18n.lang().domain();
    let chosen = h.monitoring.category;
    view! {
        <dl class="figures">
            <dt>{move || t().chosen_category}</dt>
            <dd data-testid="chosen-category">{move || chosen.map(|k| k.label().get(lang()).to_string()).unwrap_or_else(|| "-".into())}</dd>
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
        <h4>{move || t().reasons}</h4>
        <Reasons list=c.with_value(|c| c.category_reasons.clone()) lang testid="category-reasons"/>
        <h4>{move || t().warning_level}</h4>
        <Reasons list=c.with_value(|c| c.warning.reasons.clone()) lang testid="warning-reasons"/>
        <div class="no-print">
            <h4>{move || t().triggers}</h4>
            <Reasons list=c.with_value(|c| c.triggers.clone()) lang testid="triggers"/>
        </div>
        <h4>{move || t().findings}</h4>
        {move || {
            let f = c.with_value(|c| c.findings.clone());
            if f.is_empty() {
                view! { <p class="muted">{t().no_findings}</p> }.into_any()
            } else {
                view! { <Reasons list=f.into_iter().map(|f| f.reason).collect() lang testid="findings"/> }.into_any()
            }
        }}
    }
}

/// The risks the rules suggest, the main one first, each with its reasons.
#[component]
pub fn SuggestedRisks(c: StoredValue<Classification>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.lang().domain();
    view! {
        <ol class="risks" data-testid="suggested-risks">
            {c.with_value(|c| c.suggested_risks.clone()).into_iter().map(|r| view! {
                <li>
                    <b>{move || r.kind.label().get(lang()).to_string()}</b>
                    <Reasons list=r.reasons.clone() lang testid="risk-reasons"/>
                </li>
            }).collect_view()}
        </ol>
    }
}

/// The measures each risk calls for, and whether the household has one.
#[component]
pub fn SuggestedMeasures(c: StoredValue<Classification>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let lang = move || i18n.lang().domain();
    let list = c.with_value(|c| c.measures.clone());
    (!list.is_empty()).then(|| {
        view! {
            <h4>{move || t().measures_suggested}</h4>
            <ul data-testid="measures-suggested">
                {list.into_iter().map(|m| view! {
                    <li class=if m.present { "present" } else { "missing" }>
                        {move || m.risk.label().get(lang()).to_string()}": "
                        {move || m.types.iter().map(|x| x.label().get(lang()).to_string()).collect::<Vec<_>>().join(" / ")}
                        " ("{move || if m.present { t().present } else { t().missing }}")"
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

/// 风险消除: the mark, the exit procedure, and the exit check's verdict with its conditions.
#[component]
pub fn ExitView(h: Household, c: StoredValue<Classification>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let lang = move || i18n.lang().domain();
    view! {
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
        <ul class="exit no-print">
            {c.with_value(|c| c.exit.met.clone()).into_iter().map(|r| view! { <li class="met">"✓ "{move || r.text.get(lang()).to_string()}</li> }).collect_view()}
            {c.with_value(|c| if c.exit.applicable { c.exit.unmet.clone() } else { Vec::new() }).into_iter().map(|r| view! { <li class="unmet">"✗ "{move || r.text.get(lang()).to_string()}</li> }).collect_view()}
        </ul>
    }
}

/// A list of reasons, each with the rule it comes from.
#[component]
pub fn Reasons(
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

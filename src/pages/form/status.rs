//! The live judgement, always in view above the steps: the warning level and the category the
//! rules suggest (from the last idle-time classification) and the per-capita income (on every
//! keystroke). A blank form says what it waits for instead of opening on a red badge.
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::Money;

use super::lens::Form;
use crate::components::WarningBadge;
use crate::i18n::use_i18n;

#[component]
pub fn LiveStatus(f: Form) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    // Something to judge: a name or an income.
    let started = Memo::new(move |_| {
        f.draft.with(|h| {
            h.income.net() != Money::ZERO || h.members.iter().any(|m| !m.name.trim().is_empty())
        })
    });
    let level = Memo::new(move |_| {
        f.classification
            .with(|c| c.as_ref().map(|c| c.warning.level))
    });
    let category = move || {
        f.classification.with(|c| {
            c.as_ref().map(|c| match c.suggested_category {
                Some(k) => k.label().get(i18n.lang().domain()).to_string(),
                None => t().not_suggested.to_string(),
            })
        })
    };
    view! {
        <div class="form-status" data-testid="live-classification">
            <Show when=move || started.get() fallback=move || view! { <span class="muted">{move || t().form_judging}</span> }>
                {move || level.get().map(|l| view! { <WarningBadge level=l/> })}
                <span class="category" data-testid="live-category">{category}</span>
                <span data-testid="per-capita">
                    {move || f.per_capita.get().map(|m| format!("{} {m} {}", t().per_capita, t().yuan))}
                </span>
            </Show>
        </div>
    }
}

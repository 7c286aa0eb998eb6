//! The 辅助研判 warning level as a coloured label (colour is never the only cue: the word is there).
use leptos::prelude::*;
use shouwang_domain::classify::WarningLevel;
use shouwang_domain::labels::Label;

use crate::i18n::use_i18n;

/// A warning level badge.
#[component]
pub fn WarningBadge(#[prop(into)] level: Signal<WarningLevel>) -> impl IntoView {
    let i18n = use_i18n();
    let class = move || {
        let l = match level.get() {
            WarningLevel::Red => "red",
            WarningLevel::Orange => "orange",
            WarningLevel::Yellow => "yellow",
            WarningLevel::Green => "green",
        };
        format!("badge {l}")
    };
    view! {
        <span class=class data-testid="warning-badge">
            {move || level.get().label().get(i18n.lang().domain()).to_string()}
        </span>
    }
}

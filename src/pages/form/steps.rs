//! The form in steps: 基本情况 → 成员 → 收入支出 → 三保障/饮水 → 风险 → 措施 → 走访 → 程序, one on
//! screen at a time, with where the worker is and which steps hold errors. The form opens with
//! the step on screen drawn and the others drawn when the browser is next idle; once drawn, a
//! step stays in the page (hidden when not current), so moving between steps is instant and
//! keeps each step's state. A link may open the form at a step (`?at=measures`).
use leptos::prelude::*;
use shouwang_domain::{Problem, Severity};

use crate::i18n::{fill, use_i18n};
use crate::routes::requested_section;

/// A step of the form, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Basic,
    Members,
    Income,
    Guarantees,
    Risks,
    Measures,
    Visits,
    Procedure,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Basic,
        Step::Members,
        Step::Income,
        Step::Guarantees,
        Step::Risks,
        Step::Measures,
        Step::Visits,
        Step::Procedure,
    ];

    /// The step's name in the address (`?at=measures`) and in the page (`data-step`).
    pub fn id(self) -> &'static str {
        match self {
            Step::Basic => "basic",
            Step::Members => "members",
            Step::Income => "income",
            Step::Guarantees => "guarantees",
            Step::Risks => "risks",
            Step::Measures => "measures",
            Step::Visits => "visits",
            Step::Procedure => "procedure",
        }
    }

    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    fn from_id(id: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The step showing the field at `path` (a validation problem's address).
    pub fn of_field(path: &str) -> Step {
        let head = path.split(['.', '[']).next().unwrap_or_default();
        let rest = path.strip_prefix("monitoring.").unwrap_or_default();
        match head {
            "members" => Step::Members,
            "income" => Step::Income,
            "guarantees" | "housing_grade" => Step::Guarantees,
            "measures" => Step::Measures,
            "visits" => Step::Visits,
            "monitoring" if rest.starts_with("procedure") || rest.starts_with("exit") => {
                Step::Procedure
            }
            "monitoring" if rest.starts_with("helper") => Step::Basic,
            "monitoring" => Step::Risks,
            _ => Step::Basic,
        }
    }
}

/// The step the address asks for, else the first.
pub fn requested_step() -> Step {
    Step::from_id(&requested_section()).unwrap_or(Step::Basic)
}

/// Errors per step, in step order.
fn errors_per_step(problems: &[Problem]) -> [usize; 8] {
    let mut n = [0; 8];
    for p in problems.iter().filter(|p| p.severity == Severity::Error) {
        n[Step::of_field(&p.field).index()] += 1;
    }
    n
}

/// The first step with an error, if any.
pub fn first_error_step(problems: &[Problem]) -> Option<Step> {
    let n = errors_per_step(problems);
    Step::ALL.into_iter().find(|s| n[s.index()] > 0)
}

/// Draws the steps not on screen, together, when the browser is first idle.
pub fn draw_steps_when_idle(drawn: RwSignal<usize>) {
    super::idle::when_idle(1000, move || {
        drawn.try_set(Step::ALL.len());
    });
}

/// The step bar: where the worker is, every step as a button, errors counted on each.
#[component]
pub fn StepNav(step: RwSignal<Step>, problems: Signal<Vec<Problem>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.lang().strings();
    let errors = Memo::new(move |_| problems.with(|p| errors_per_step(p)));
    let chip_list = NodeRef::<leptos::html::Ol>::new();
    Effect::new(move |previous: Option<Step>| {
        let now = step.get();
        // A new step starts at its top, and its button is in view in the step bar.
        if previous.is_some_and(|p| p != now) {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        if let Some(list) = chip_list.get_untracked() {
            if let Some(chip) = list
                .children()
                .item(now.index() as u32)
                .and_then(|li| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(li).ok())
            {
                let left = chip.offset_left() - (list.client_width() - chip.offset_width()) / 2;
                list.set_scroll_left(left.max(0));
            }
        }
        now
    });
    let chips = Step::ALL
        .into_iter()
        .map(|s| {
            let n = move || errors.with(|e| e[s.index()]);
            view! {
                <li>
                    <button type="button" data-testid=format!("step-{}", s.id())
                        aria-current=move || if step.get() == s { "step" } else { "false" }
                        class:has-errors={move || n() > 0}
                        on:click=move |_| step.set(s)>
                        <span class="n">{s.index() + 1}</span>
                        {move || t().form_steps[s.index()]}
                        <Show when=move || n() != 0>
                            <span class="errors" title=move || fill(t().form_step_errors, &[&n()])>{n}</span>
                        </Show>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="steps" aria-label=move || t().form_steps_label data-testid="steps">
            <div class="progress">
                <p class="step-of" data-testid="step-of">
                    {move || fill(t().form_step_of, &[&(step.get().index() + 1), &Step::ALL.len()])}
                </p>
                <progress max=Step::ALL.len() value=move || step.get().index() + 1></progress>
            </div>
            <ol node_ref=chip_list>{chips}</ol>
        </nav>
    }
}

/// One step's part of the page, hidden unless it is the current step. Its content is made
/// when the step is first shown or once `drawn` (how many steps, in order, may be drawn) passes
/// it, so opening the form draws only the step on screen.
pub fn step_view(
    step: RwSignal<Step>,
    me: Step,
    drawn: RwSignal<usize>,
    content: fn() -> AnyView,
) -> impl IntoView {
    let made = Memo::new(move |made: Option<&bool>| {
        made == Some(&true) || drawn.get() > me.index() || step.get() == me
    });
    view! {
        <div class="step" data-step=me.id() hidden=move || step.get() != me>
            {move || made.get().then(content)}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::Step;

    #[test]
    fn every_field_is_found_on_the_step_that_shows_it() {
        for (path, step) in [
            ("household_number", Step::Basic),
            ("area.code", Step::Basic),
            ("phone", Step::Basic),
            ("monitoring.helper", Step::Basic),
            ("members[3].id_number", Step::Members),
            ("members", Step::Members),
            ("income.spending.medical", Step::Income),
            ("income.wages", Step::Income),
            ("guarantees.water_unsafe", Step::Guarantees),
            ("housing_grade", Step::Guarantees),
            ("monitoring.category", Step::Risks),
            ("monitoring.risks[0].type", Step::Risks),
            ("monitoring.override_reason", Step::Risks),
            ("measures[1].amount", Step::Measures),
            ("visits[0].date", Step::Visits),
            ("monitoring.procedure.village_review", Step::Procedure),
        ] {
            assert_eq!(Step::of_field(path), step, "{path}");
        }
    }

    #[test]
    fn a_step_is_found_by_its_name_in_the_address() {
        for s in Step::ALL {
            assert_eq!(Step::from_id(s.id()), Some(s));
        }
        assert_eq!(Step::from_id("nowhere"), None);
    }
}

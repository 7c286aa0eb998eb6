//! Form fields: a real `<label>` bound to its input, carrying the standard field name of
//! DOMAIN.md §10, and the domain's validation messages for that field right under it.
use chrono::NaiveDate;
use leptos::prelude::*;
use shouwang_domain::labels::{field_name, Label};
use shouwang_domain::{Money, Problem, Severity};

use crate::i18n::use_i18n;

/// The standard name of a record field (by its path), in the current language.
pub fn field_label(path: &str) -> String {
    field_label_in(path, use_i18n().lang())
}

/// The standard name of a record field (by its path), in `lang`.
pub fn field_label_in(path: &str, lang: crate::i18n::Lang) -> String {
    field_name(path)
        .map(|t| t.get(lang.domain()).to_string())
        .unwrap_or_else(|| path.to_string())
}

/// A DOM id for the input of `path` (`members[2].id_number` → `f-members-2-id_number`).
pub fn dom_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        });
    }
    id.replace("--", "-").trim_end_matches('-').to_string()
}

/// The validation messages addressed to `path`, in the current language.
#[component]
pub fn FieldProblems(problems: Signal<Vec<Problem>>, #[prop(into)] path: String) -> impl IntoView {
    let i18n = use_i18n();
    let path2 = path.clone();
    let mine = move || {
        problems.with(|all| {
            all.iter()
                .filter(|p| p.field == path2)
                .map(|p| (p.severity, p.message.get(i18n.lang().domain()).to_string()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <For each=mine key=|(s, m)| (*s == Severity::Error, m.clone()) let:item>
            <p
                class=if item.0 == Severity::Error { "problem error" } else { "problem warning" }
                role=if item.0 == Severity::Error { "alert" } else { "status" }
                data-testid=format!("problem-{}", dom_id(&path))
            >
                {item.1}
            </p>
        </For>
    }
}

/// A text input; `kind` `"tel"` for a phone number, `multiline` for a longer text (a
/// `<textarea>` that grows with what is typed).
#[component]
pub fn TextField(
    #[prop(into)] path: String,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    problems: Signal<Vec<Problem>>,
    #[prop(optional_no_strip)] kind: Option<&'static str>,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let id = dom_id(&path);
    let label = field_label(&path);
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=path.clone()
                rows="3"
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=path.clone()
                type=kind.unwrap_or("text")
                inputmode=kind
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {input}
            <FieldProblems problems path=path/>
        </div>
    }
}

/// An amount in yuan. What the worker types stays on screen even when it is not yet an amount;
/// the record changes only when it is one.
#[component]
pub fn MoneyField(
    #[prop(into)] path: String,
    #[prop(into)] value: Signal<Money>,
    on_change: Callback<Money>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = dom_id(&path);
    let label = field_label(&path);
    let typed = RwSignal::new(value.get_untracked().to_string());
    let bad = RwSignal::new(false);
    view! {
        <div class="field money">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                name=path.clone()
                inputmode="decimal"
                prop:value=move || typed.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let parsed = if text.trim().is_empty() { Ok(Money::ZERO) } else { text.parse::<Money>() };
                    typed.set(text);
                    match parsed {
                        Ok(m) => {
                            bad.set(false);
                            on_change.run(m);
                        }
                        Err(_) => bad.set(true),
                    }
                }
            />
            <Show when=move || bad.get()>
                <p class="problem error" role="alert">{move || i18n.lang().strings().not_an_amount}</p>
            </Show>
            <FieldProblems problems path=path/>
        </div>
    }
}

/// A whole number (months).
#[component]
pub fn NumberField(
    #[prop(into)] path: String,
    #[prop(into)] value: Signal<u8>,
    on_change: Callback<u8>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = dom_id(&path);
    let label = field_label(&path);
    let bad = RwSignal::new(false);
    view! {
        <div class="field number">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                name=path.clone()
                inputmode="numeric"
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    match text.trim().parse::<u8>() {
                        Ok(n) => {
                            bad.set(false);
                            on_change.run(n);
                        }
                        Err(_) if text.trim().is_empty() => {
                            bad.set(false);
                            on_change.run(0);
                        }
                        Err(_) => bad.set(true),
                    }
                }
            />
            <Show when=move || bad.get()>
                <p class="problem error" role="alert">{move || i18n.lang().strings().not_a_number}</p>
            </Show>
            <FieldProblems problems path=path/>
        </div>
    }
}

/// A date (the browser's date picker), empty allowed.
#[component]
pub fn DateField(
    #[prop(into)] path: String,
    #[prop(into)] value: Signal<Option<NaiveDate>>,
    on_change: Callback<Option<NaiveDate>>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let id = dom_id(&path);
    let label = field_label(&path);
    view! {
        <div class="field date">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                name=path.clone()
                type="date"
                prop:value=move || value.get().map(|d| d.to_string()).unwrap_or_default()
                on:change=move |ev| on_change.run(event_target_value(&ev).parse().ok())
            />
            <FieldProblems problems path=path/>
        </div>
    }
}

/// A choice from a code list, by position in `labels`; `optional` adds an empty choice.
#[component]
pub fn SelectField(
    #[prop(into)] path: String,
    #[prop(into)] labels: Signal<Vec<String>>,
    #[prop(into)] value: Signal<Option<usize>>,
    on_change: Callback<Option<usize>>,
    problems: Signal<Vec<Problem>>,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = dom_id(&path);
    let label = field_label(&path);
    view! {
        <div class="field select">
            <label for=id.clone()>{label}</label>
            <select
                id=id.clone()
                name=path.clone()
                prop:value=move || value.get().map(|i| i.to_string()).unwrap_or_default()
                on:change=move |ev| on_change.run(event_target_value(&ev).parse::<usize>().ok())
            >
                {optional.then(|| view! { <option value="">{move || i18n.lang().strings().none_selected}</option> })}
                {move || {
                    labels
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, l)| view! { <option value=i.to_string()>{l}</option> })
                        .collect_view()
                }}
            </select>
            <FieldProblems problems path=path/>
        </div>
    }
}

/// The labels of a code list in the current language, for [`SelectField`].
pub fn code_labels<T: Label + Send + Sync + 'static>(options: &'static [T]) -> Signal<Vec<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        let lang = i18n.lang().domain();
        options
            .iter()
            .map(|o| o.label().get(lang).to_string())
            .collect()
    })
}

/// A yes/no box.
#[component]
pub fn CheckField(
    #[prop(into)] path: String,
    #[prop(into)] value: Signal<bool>,
    on_change: Callback<bool>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let id = dom_id(&path);
    let label = field_label(&path);
    view! {
        <div class="field check">
            <input
                id=id.clone()
                name=path.clone()
                type="checkbox"
                prop:checked=move || value.get()
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            <label for=id.clone()>{label}</label>
            <FieldProblems problems path=path/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::dom_id;

    #[test]
    fn field_paths_make_valid_dom_ids() {
        assert_eq!(dom_id("members[2].id_number"), "f-members-2-id_number");
        assert_eq!(dom_id("phone"), "f-phone");
        assert_eq!(
            dom_id("income.spending.medical"),
            "f-income-spending-medical"
        );
    }
}

//! The form's shared state and field builders: each field reads and writes one part of the
//! household signal, under its standard label, with its problems beneath.
use chrono::NaiveDate;
use leptos::prelude::*;
use shouwang_domain::classify::Classification;
use shouwang_domain::labels::Label;
use shouwang_domain::model::Household;
use shouwang_domain::{Money, Problem};

use crate::components::{
    code_labels, CheckField, DateField, MoneyField, NumberField, SelectField, TextField,
};

/// The household being edited, its problems and its classification, shared by the sections.
#[derive(Clone, Copy)]
pub(crate) struct Form {
    pub draft: RwSignal<Household>,
    pub problems: Memo<Vec<Problem>>,
    pub classification: Memo<Classification>,
}

/// Field builders; `get` and `set` address one value of the household.
impl Form {
    /// The value at `get` as a signal, and a callback writing it through `set`.
    fn bind<V: Clone + PartialEq + Send + Sync + 'static>(
        self,
        get: impl Fn(&Household) -> V + Copy + Send + Sync + 'static,
        set: impl Fn(&mut Household, V) + Copy + Send + Sync + 'static,
    ) -> (Signal<V>, Callback<V>) {
        let draft = self.draft;
        (
            Signal::derive(move || draft.with(get)),
            Callback::new(move |v| draft.update(|h| set(h, v))),
        )
    }

    pub fn text(
        self,
        path: impl Into<String>,
        get: impl Fn(&Household) -> String + Copy + Send + Sync + 'static,
        set: impl Fn(&mut Household, String) + Copy + Send + Sync + 'static,
    ) -> AnyView {
        let (value, on_input) = self.bind(get, set);
        view! { <TextField path=path.into() value on_input problems=self.problems/> }.into_any()
    }

    pub fn tel(
        self,
        path: impl Into<String>,
        get: impl Fn(&Household) -> String + Copy + Send + Sync + 'static,
        set: impl Fn(&mut Household, String) + Copy + Send + Sync + 'static,
    ) -> AnyView {
        let (value, on_input) = self.bind(get, set);
        view! {
            <TextField path=path.into() value on_input problems=self.problems input_type="tel" inputmode="tel"/>
        }
        .into_any()
    }

    pub fn money(
        self,
        path: impl Into<String>,
        get: impl Fn(&Household) -> Money + Copy + Send + Sync + 'static,
        set: impl Fn(&mut Household, Money) + Copy + Send + Sync + 'static,
    ) -> AnyView {
        let (value, on_change) = self.bind(get, set);
        view! { <MoneyField path=path.into() value on_change problems=self.problems/> }.into_any()
    }

    pub fn number(
        self,
        path: impl Into<String>,
        get: impl Fn(&Household) -> u8 + Copy + Send + Sync + 'static,
        set: impl Fn(&mut Household, u8) + Copy + Send + Sync + 'static,
    ) -> AnyView {
        let (value, on_change) = self.bind(get, set);
        view! { <NumberField path=path.into() value on_change problems=self.problems/> }.into_any()
    }

    pub fn date(
        self,
        path: impl Into<String>,
        get: impl Fn(&Household) -> Option<NaiveDate> + Copy + Send + Sync + 'static,
        set: impl Fn(&mut Household, Option<NaiveDate>) + Copy + Send + Sync + 'static,
    ) -> AnyView {
        let (value, on_change) = self.bind(get, set);
        view! { <DateField path=path.into() value on_change problems=self.problems/> }.into_any()
    }

    pub fn check(
        self,
        path: impl Into<String>,
        get: impl Fn(&Household) -> bool + Copy + Send + Sync + 'static,
        set: impl Fn(&mut Household, bool) + Copy + Send + Sync + 'static,
    ) -> AnyView {
        let (value, on_change) = self.bind(get, set);
        view! { <CheckField path=path.into() value on_change problems=self.problems/> }.into_any()
    }

    /// A required choice from `options`.
    pub fn select<T: Label + Copy + PartialEq + Send + Sync + 'static>(
        self,
        path: impl Into<String>,
        options: &'static [T],
        get: impl Fn(&Household) -> T + Copy + Send + Sync + 'static,
        set: impl Fn(&mut Household, T) + Copy + Send + Sync + 'static,
    ) -> AnyView {
        let draft = self.draft;
        let value = Signal::derive(move || {
            let v = draft.with(get);
            options.iter().position(|o| *o == v)
        });
        let on_change = Callback::new(move |i: Option<usize>| {
            if let Some(v) = i.and_then(|i| options.get(i)) {
                draft.update(|h| set(h, *v))
            }
        });
        view! {
            <SelectField path=path.into() labels=code_labels(options) value on_change problems=self.problems/>
        }
        .into_any()
    }

    /// An optional choice from `options`.
    pub fn select_opt<T: Label + Copy + PartialEq + Send + Sync + 'static>(
        self,
        path: impl Into<String>,
        options: &'static [T],
        get: impl Fn(&Household) -> Option<T> + Copy + Send + Sync + 'static,
        set: impl Fn(&mut Household, Option<T>) + Copy + Send + Sync + 'static,
    ) -> AnyView {
        let draft = self.draft;
        let value = Signal::derive(move || {
            draft
                .with(get)
                .and_then(|v| options.iter().position(|o| *o == v))
        });
        let on_change = Callback::new(move |i: Option<usize>| {
            let v = i.and_then(|i| options.get(i)).copied();
            draft.update(|h| set(h, v))
        });
        view! {
            <SelectField path=path.into() labels=code_labels(options) value on_change problems=self.problems optional=true/>
        }
        .into_any()
    }
}

/// The form state of the page.
pub(crate) fn use_form() -> Form {
    expect_context::<Form>()
}

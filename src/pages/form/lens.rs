//! The form's shared state and field builders: each field reads and writes one value of the
//! household signal, under its standard label, with its problems beneath.
//!
//! A field watches its value through a memo of its own, so a keystroke redraws the field it
//! changed and nothing else. The builders take the value's place as a [`Bind`] of plain
//! function pointers rather than a generic closure, so the hundred fields of the form share one
//! copy of each builder's code instead of one per field.
use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use shouwang_domain::classify::Classification;
use shouwang_domain::labels::Label;
use shouwang_domain::model::{Household, Measure, Member, Risk, Visit};
use shouwang_domain::{Money, Problem};

use crate::components::{
    code_labels, CheckField, DateField, MoneyField, NumberField, SelectField, TextField,
};

/// The household being edited and what the domain says about it, shared by the steps.
#[derive(Clone, Copy)]
pub(crate) struct Form {
    pub draft: RwSignal<Household>,
    /// The validation problems, worked out when the browser is idle after a change.
    pub problems: Signal<Vec<Problem>>,
    /// The classification, worked out with the problems (none before the first judgement).
    pub classification: Signal<Option<Classification>>,
    /// 人均纯收入, worked out on every change (the domain's income figures only).
    pub per_capita: Memo<Option<Money>>,
    /// The member whose sub-screen is open (by id), if any.
    pub open_member: RwSignal<Option<String>>,
}

type Get<V> = Arc<dyn Fn(&Household) -> Option<V> + Send + Sync>;
type Set<V> = Arc<dyn Fn(&mut Household, V) + Send + Sync>;

/// Where one value of the household lives: how to read it (none when the item it is in was
/// just removed) and how to write it.
pub(crate) struct Bind<V> {
    get: Get<V>,
    set: Set<V>,
}

impl<V: 'static> Bind<V> {
    /// A value of the household itself.
    pub fn of(get: fn(&Household) -> V, set: fn(&mut Household, V)) -> Self {
        Bind {
            get: Arc::new(move |h| Some(get(h))),
            set: Arc::new(set),
        }
    }

    /// A value of the `i`-th item of one of the household's lists.
    fn item<T: 'static>(
        i: usize,
        list: fn(&Household) -> &[T],
        list_mut: fn(&mut Household) -> &mut Vec<T>,
        get: fn(&T) -> V,
        set: fn(&mut T, V),
    ) -> Self {
        Bind {
            get: Arc::new(move |h| list(h).get(i).map(get)),
            set: Arc::new(move |h, v| {
                if let Some(item) = list_mut(h).get_mut(i) {
                    set(item, v)
                }
            }),
        }
    }

    /// A value of member `i`.
    pub fn member(i: usize, get: fn(&Member) -> V, set: fn(&mut Member, V)) -> Self {
        Self::item(i, |h| &h.members, |h| &mut h.members, get, set)
    }

    /// A value of measure `i`.
    pub fn measure(i: usize, get: fn(&Measure) -> V, set: fn(&mut Measure, V)) -> Self {
        Self::item(i, |h| &h.measures, |h| &mut h.measures, get, set)
    }

    /// A value of visit `i`.
    pub fn visit(i: usize, get: fn(&Visit) -> V, set: fn(&mut Visit, V)) -> Self {
        Self::item(i, |h| &h.visits, |h| &mut h.visits, get, set)
    }

    /// A value of chosen risk `i`.
    pub fn risk(i: usize, get: fn(&Risk) -> V, set: fn(&mut Risk, V)) -> Self {
        Self::item(
            i,
            |h| &h.monitoring.risks,
            |h| &mut h.monitoring.risks,
            get,
            set,
        )
    }
}

/// Field builders.
impl Form {
    /// The value as a signal that changes only when the value does, and a callback writing it.
    fn bind<V: Clone + Default + PartialEq + Send + Sync + 'static>(
        self,
        b: Bind<V>,
    ) -> (Signal<V>, Callback<V>) {
        let draft = self.draft;
        let get = b.get;
        let set = b.set;
        let value = Memo::new(move |_| draft.with(|h| get(h)).unwrap_or_default());
        (
            value.into(),
            Callback::new(move |v| draft.update(|h| set(h, v))),
        )
    }

    /// A line of text.
    pub fn text(self, path: impl Into<String>, b: Bind<String>) -> AnyView {
        self.text_in(path.into(), b, None, false)
    }

    /// A longer text, on several lines.
    pub fn long_text(self, path: impl Into<String>, b: Bind<String>) -> AnyView {
        self.text_in(path.into(), b, None, true)
    }

    /// A phone number.
    pub fn tel(self, path: impl Into<String>, b: Bind<String>) -> AnyView {
        self.text_in(path.into(), b, Some("tel"), false)
    }

    fn text_in(
        self,
        path: String,
        b: Bind<String>,
        kind: Option<&'static str>,
        multiline: bool,
    ) -> AnyView {
        let (value, on_input) = self.bind(b);
        let problems = self.problems;
        view! {
            <TextField path value on_input problems kind multiline/>
        }
        .into_any()
    }

    pub fn money(self, path: impl Into<String>, b: Bind<Money>) -> AnyView {
        let (value, on_change) = self.bind(b);
        view! { <MoneyField path=path.into() value on_change problems=self.problems/> }.into_any()
    }

    pub fn number(self, path: impl Into<String>, b: Bind<u8>) -> AnyView {
        let (value, on_change) = self.bind(b);
        view! { <NumberField path=path.into() value on_change problems=self.problems/> }.into_any()
    }

    pub fn date(self, path: impl Into<String>, b: Bind<Option<NaiveDate>>) -> AnyView {
        let (value, on_change) = self.bind(b);
        view! { <DateField path=path.into() value on_change problems=self.problems/> }.into_any()
    }

    pub fn check(self, path: impl Into<String>, b: Bind<bool>) -> AnyView {
        let (value, on_change) = self.bind(b);
        view! { <CheckField path=path.into() value on_change problems=self.problems/> }.into_any()
    }

    /// A required choice from `options`.
    pub fn select<T: Label + Copy + PartialEq + Send + Sync + 'static>(
        self,
        path: impl Into<String>,
        options: &'static [T],
        b: Bind<T>,
    ) -> AnyView {
        let (get, set) = (b.get, b.set);
        let at = Bind {
            get: Arc::new(move |h: &Household| Some(get(h).and_then(|v| position(options, v)))),
            set: Arc::new(move |h: &mut Household, i: Option<usize>| {
                if let Some(v) = i.and_then(|i| options.get(i)) {
                    set(h, *v)
                }
            }),
        };
        self.select_at(path.into(), code_labels(options), at, false)
    }

    /// An optional choice from `options`.
    pub fn select_opt<T: Label + Copy + PartialEq + Send + Sync + 'static>(
        self,
        path: impl Into<String>,
        options: &'static [T],
        b: Bind<Option<T>>,
    ) -> AnyView {
        let (get, set) = (b.get, b.set);
        let at = Bind {
            get: Arc::new(move |h: &Household| {
                Some(get(h).flatten().and_then(|v| position(options, v)))
            }),
            set: Arc::new(move |h: &mut Household, i: Option<usize>| {
                set(h, i.and_then(|i| options.get(i)).copied())
            }),
        };
        self.select_at(path.into(), code_labels(options), at, true)
    }

    /// A choice by position in `labels`.
    fn select_at(
        self,
        path: String,
        labels: Signal<Vec<String>>,
        b: Bind<Option<usize>>,
        optional: bool,
    ) -> AnyView {
        let (value, on_change) = self.bind(b);
        view! {
            <SelectField path labels value on_change problems=self.problems optional/>
        }
        .into_any()
    }
}

fn position<T: PartialEq>(options: &[T], v: T) -> Option<usize> {
    options.iter().position(|o| *o == v)
}

/// The form state of the page.
pub(crate) fn use_form() -> Form {
    expect_context::<Form>()
}

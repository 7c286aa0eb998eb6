//! 所在地区 as a choice: the villages of the signed-in account — its 12-digit areas, and the
//! villages of its households on this device, which also give their names — so a new household
//! starts in the worker's village and nobody types a 12-digit code. Which villages they are is
//! the domain's (`Scope::villages`); a code typed by hand stays possible (其他村).
use leptos::prelude::*;
use shouwang_domain::sync::Scope;
use shouwang_domain::Household;

use super::lens::Form;
use crate::components::SelectField;
use crate::i18n::use_i18n;
use crate::state::use_app_state;
use crate::sync::use_sync;

/// A village to choose: its 12-digit code and its name ("" when no household names it yet).
pub type Village = (String, String);

/// The account's villages as the form page found them when it opened, for its steps.
#[derive(Clone)]
pub struct MyVillages(pub Vec<Village>);

/// The villages the form page provided (none outside it).
pub fn provided_villages() -> Vec<Village> {
    use_context::<MyVillages>().map(|v| v.0).unwrap_or_default()
}

/// The signed-in account's villages, by code; none signed out.
pub fn my_villages() -> Vec<Village> {
    let Some(session) = use_sync().session.get_untracked() else {
        return Vec::new();
    };
    let scope = Scope::new(session.account.areas);
    use_app_state().summaries.with_untracked(|all| {
        scope.villages(
            all.iter()
                .map(|s| (s.village_code.as_str(), s.village_name.as_str())),
        )
    })
}

/// A new household of a worker with one village starts in it.
pub fn start_in(h: &mut Household, villages: &[Village]) {
    if let [(code, name)] = villages {
        choose(h, code, name);
    }
}

fn choose(h: &mut Household, code: &str, name: &str) {
    h.area.code = code.to_string();
    if !name.is_empty() {
        h.area.name = name.to_string();
    }
}

/// The choice of village; the code and name fields below it show what was chosen and take a
/// code the list does not have.
#[component]
pub fn VillagePicker(f: Form, villages: Vec<Village>) -> impl IntoView {
    let i18n = use_i18n();
    let villages = StoredValue::new(villages);
    let count = villages.with_value(Vec::len);
    let labels = Signal::derive(move || {
        let t = i18n.lang().strings();
        let mut labels: Vec<String> = villages.with_value(|v| {
            v.iter()
                .map(|(code, name)| match name.is_empty() {
                    true => code.clone(),
                    false => format!("{name}（{code}）"),
                })
                .collect()
        });
        labels.push(t.village_other.to_string());
        labels
    });
    let draft = f.draft;
    let value = Signal::derive(move || {
        draft.with(|h| {
            let code = h.area.code.as_str();
            let at = villages.with_value(|v| v.iter().position(|(c, _)| c == code));
            at.or((!code.is_empty()).then_some(count))
        })
    });
    let on_change = Callback::new(move |i: Option<usize>| {
        let Some((code, name)) = i.and_then(|i| villages.with_value(|v| v.get(i).cloned())) else {
            return;
        };
        draft.update(|h| choose(h, &code, &name));
    });
    view! {
        <div data-testid="village-picker">
            <SelectField path="area" labels value on_change problems=f.problems optional=true/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{start_in, Village};
    use crate::pages::form::blank::fixed::household as blank_household;

    fn village(code: &str, name: &str) -> Village {
        (code.to_string(), name.to_string())
    }

    #[test]
    fn a_worker_with_one_village_starts_there_with_its_name() {
        let mut h = blank_household();
        start_in(&mut h, &[village("532328100201", "甲村")]);
        assert_eq!(
            (h.area.code.as_str(), h.area.name.as_str()),
            ("532328100201", "甲村")
        );
    }

    #[test]
    fn with_several_villages_or_none_the_worker_chooses() {
        let mut h = blank_household();
        start_in(
            &mut h,
            &[
                village("532328100201", "甲村"),
                village("532328100202", "乙村"),
            ],
        );
        assert_eq!(h.area.code, "");
        start_in(&mut h, &[]);
        assert_eq!(h.area.code, "");
    }
}

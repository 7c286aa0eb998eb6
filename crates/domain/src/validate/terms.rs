//! What the policy's terms and procedure rules allow on the record: a province's own category
//! and the social-assistance statuses must be codes in force on the record's date
//! ([`crate::policy::terms`]), and 先帮后评 needs the policy to allow it and one of its risks.
use chrono::NaiveDate;

use super::{name, Problem};
use crate::labels::Label;
use crate::{text, Household, Rules};

pub(super) fn check(h: &Household, rules: &Rules, today: NaiveDate, out: &mut Vec<Problem>) {
    let m = &h.monitoring;
    let on = h.terms_date(today);
    let terms = rules.terms(on);
    if let Some(code) = m.local_category.as_deref() {
        if terms.local_category(code).is_none() {
            let n = name("monitoring.local_category");
            let (zh, en) = (&n.zh, &n.en);
            out.push(Problem::error(
                "monitoring.local_category",
                "terms.unknown_local_category",
                text!(
                    "{zh}「{code}」不是本地 {on} 施行的类别，请重新选择",
                    "{en} \"{code}\" is not a local category in force on {on}; choose again"
                ),
            ));
        }
    }
    for (i, code) in m.assistance.iter().enumerate() {
        if terms.status(code).is_none() {
            let n = name("monitoring.assistance");
            let (zh, en) = (&n.zh, &n.en);
            out.push(Problem::error(
                format!("monitoring.assistance[{i}]"),
                "terms.unknown_assistance_status",
                text!(
                    "{zh}「{code}」不在 {on} 施行的社会救助身份中，请重新选择",
                    "{en} \"{code}\" is not a social-assistance status in force on {on}; choose again"
                ),
            ));
        }
    }
    let help = &rules.procedure.help_first;
    if m.procedure.help_first {
        let has_risk = m.risks.iter().any(|r| help.risks.contains(&r.kind));
        if !help.allowed || !has_risk {
            let kinds: Vec<String> = help.risks.iter().map(|r| r.label().zh).collect();
            let kinds_en: Vec<String> = help.risks.iter().map(|r| r.label().en).collect();
            let (kz, ke) = (kinds.join("、"), kinds_en.join(", "));
            let message = if help.allowed {
                text!(
                    "先帮后评只用于风险为{kz}的农户，请先记录该风险",
                    "Help first, identify after is only for a household with the risk {ke}: record that risk first"
                )
            } else {
                text!(
                    "本地政策不允许先帮后评，请取消",
                    "Local policy does not allow help first, identify after: untick it"
                )
            };
            out.push(Problem::error(
                "monitoring.procedure.help_first",
                "procedure.help_first_not_allowed",
                message,
            ));
        }
    }
}

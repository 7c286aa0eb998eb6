//! A recorded value as a person reads it: a code-list value by its label (`edge_at_risk` →
//! 边缘易致贫户), a flag as 是/否, a member, visit or measure by what names it — for the audit
//! trail, which shows values from the record's JSON by the field's path.
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Label;
use crate::model::{
    Decision, DisasterKind, DiscoveryChannel, Education, ExitMode, HouseholdType, HousingGrade,
    IdType, LabourSkill, Measure, MeasureType, MemberMove, MonitoredCategory, MoveKind, Relation,
    Risk, RiskType, SchoolStage, Sex, Visit,
};
use crate::{text, Text};

fn as_label<T: DeserializeOwned + Label>(v: &Value) -> Option<Text> {
    serde_json::from_value::<T>(v.clone())
        .ok()
        .map(|x| x.label())
}

fn of<T: DeserializeOwned>(v: &Value) -> Option<T> {
    serde_json::from_value(v.clone()).ok()
}

/// Texts joined with the language's list separator.
fn joined(items: impl IntoIterator<Item = Text>) -> Text {
    let items: Vec<Text> = items.into_iter().collect();
    let zh: Vec<&str> = items.iter().map(|t| t.zh.as_str()).collect();
    let en: Vec<&str> = items.iter().map(|t| t.en.as_str()).collect();
    Text::new(zh.join("、"), en.join(", "))
}

fn risk(r: &Risk) -> Text {
    let kind = r.kind.label();
    match r.disaster_kind {
        Some(d) => {
            let d = d.label();
            Text::new(
                format!("{}（{}）", kind.zh, d.zh),
                format!("{} ({})", kind.en, d.en),
            )
        }
        None => kind,
    }
}

fn decision(d: &Decision) -> Text {
    let step = d.step.label();
    let (date, by, comment) = (d.date, &d.by, &d.comment);
    let (sz, se) = (&step.zh, &step.en);
    if d.approved {
        text!(
            "{date} {by} 通过「{sz}」{comment}",
            "{date} {by} approved \"{se}\" {comment}"
        )
    } else {
        text!(
            "{date} {by} 退回「{sz}」：{comment}",
            "{date} {by} returned \"{se}\": {comment}"
        )
    }
}

/// `value`, recorded at `path` (a record path as the audit gives it, with list items by id:
/// `members[m2].relation`, `monitoring.risks`), in words; `None` for a value shown as it is
/// (text, numbers, dates, amounts).
pub fn value_label(path: &str, value: &Value) -> Option<Text> {
    if let Value::Bool(b) = value {
        return Some(if *b {
            text!("是", "Yes")
        } else {
            text!("否", "No")
        });
    }
    let key = super::without_indices(path);
    let item = path.ends_with(']');
    match key.as_str() {
        "household_type" => as_label::<HouseholdType>(value),
        "housing_grade" => as_label::<HousingGrade>(value),
        "monitoring.category" => as_label::<MonitoredCategory>(value),
        "monitoring.procedure.channel" => as_label::<DiscoveryChannel>(value),
        "monitoring.exit.mode" | "monitoring.exit_procedure.mode" => as_label::<ExitMode>(value),
        "monitoring.risks" => of::<Vec<Risk>>(value).map(|rs| joined(rs.iter().map(risk))),
        "monitoring.risks.type" => as_label::<RiskType>(value),
        "monitoring.risks.disaster_kind" => as_label::<DisasterKind>(value),
        "monitoring.procedure.decisions" | "monitoring.exit_procedure.decisions" => {
            of::<Vec<Decision>>(value).map(|ds| joined(ds.iter().map(decision)))
        }
        "monitoring.moves.kind" => as_label::<MoveKind>(value),
        "members.relation" => as_label::<Relation>(value),
        "members.sex" => as_label::<Sex>(value),
        "members.id_type" => as_label::<IdType>(value),
        "members.education" => as_label::<Education>(value),
        "members.school_stage" => as_label::<SchoolStage>(value),
        "members.labour" => as_label::<LabourSkill>(value),
        "measures.type" => as_label::<MeasureType>(value),
        // A whole list item added or removed: what names it.
        "members" if item => {
            let name = value.get("name")?.as_str()?.to_owned();
            let relation = value.get("relation").and_then(as_label::<Relation>);
            Some(match relation {
                Some(r) => Text::new(format!("{name}（{}）", r.zh), format!("{name} ({})", r.en)),
                None => Text::new(name.clone(), name),
            })
        }
        "visits" if item => of::<Visit>(value).map(|v| {
            let line = format!("{} {} {}", v.date, v.visitor, v.notes);
            Text::new(line.trim_end(), line.trim_end())
        }),
        "measures" if item => of::<Measure>(value).map(|m| {
            let kind = m.kind.label();
            Text::new(
                format!("{} {}", kind.zh, m.content).trim_end(),
                format!("{} {}", kind.en, m.content).trim_end(),
            )
        }),
        "monitoring.moves" if item => of::<MemberMove>(value).map(|m| {
            let kind = m.kind.label();
            Text::new(
                format!("{} {} {}", m.date, m.name, kind.zh),
                format!("{} {} {}", m.date, m.name, kind.en),
            )
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn codes_read_as_their_labels_and_flags_as_yes_or_no() {
        let zh = |path: &str, v: Value| value_label(path, &v).map(|t| t.zh);
        assert_eq!(
            zh("monitoring.category", json!("edge_at_risk")).as_deref(),
            Some("边缘易致贫户")
        );
        assert_eq!(
            zh("members[m2].relation", json!("spouse")).as_deref(),
            Some("配偶")
        );
        assert_eq!(
            zh("members[m2].labour", json!("weak")).as_deref(),
            Some("弱劳动力或半劳动力")
        );
        assert_eq!(
            zh("housing_grade", json!("C")).as_deref(),
            Some("C级（局部危险）")
        );
        assert_eq!(
            zh("guarantees.water_unsafe", json!(true)).as_deref(),
            Some("是")
        );
        assert_eq!(
            zh(
                "monitoring.risks",
                json!([{"type": "illness"}, {"type": "natural_disaster", "disaster_kind": "flood"}])
            )
            .as_deref(),
            Some("因病、因自然灾害（洪涝）")
        );
        assert_eq!(
            zh("members[m3]", json!({"name": "王小军", "relation": "son"})).as_deref(),
            Some("王小军（之子）")
        );
    }

    #[test]
    fn plain_values_are_shown_as_they_are() {
        assert_eq!(value_label("phone", &json!("13900000000")), None);
        assert_eq!(value_label("income.wages", &json!("22000")), None);
        // A value that is not of the field's code list is not made up.
        assert_eq!(value_label("members[m1].relation", &json!("chief")), None);
    }
}

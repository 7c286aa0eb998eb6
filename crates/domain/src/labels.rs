//! Standard field names and code-list labels (DOMAIN.md §10), in both languages.
//! (helper-1 owns this file: the classification code uses the `Label` trait below —
//! keep its shape `fn label(&self) -> Text` and implement it for every model enum.)
use crate::model::{MeasureType, MonitoredCategory, RiskType, LabourSkill};
use crate::{text, Text};

/// A code-list value's label in both languages.
pub trait Label {
    fn label(&self) -> Text;
}

impl Label for RiskType {
    fn label(&self) -> Text {
        text!("{:?}", "{:?}", self)
    }
}
impl Label for MeasureType {
    fn label(&self) -> Text {
        text!("{:?}", "{:?}", self)
    }
}
impl Label for MonitoredCategory {
    fn label(&self) -> Text {
        text!("{:?}", "{:?}", self)
    }
}
impl Label for LabourSkill {
    fn label(&self) -> Text {
        text!("{:?}", "{:?}", self)
    }
}

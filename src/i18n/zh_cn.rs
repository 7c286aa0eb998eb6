//! 简体中文 catalogue (the default language).

use super::Strings;

pub(super) const STRINGS: Strings = Strings {
    app_name: "守望",
    app_purpose: "防止返贫动态监测和帮扶 · 离线可用的入户工作应用",
    under_construction: "应用正在建设中。",
    language: "语言",
};

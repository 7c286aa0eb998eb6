//! The refusals of the office's imports and leads (`handlers::office::{import, leads}`).
use axum::http::StatusCode;
use shouwang_domain::{text, Text};

use super::ApiFailure;

impl ApiFailure {
    /// An upload without a file part.
    pub fn no_file() -> ApiFailure {
        ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "no_file",
            "请选择要上传的文件",
            "Choose a file to upload",
        )
    }

    /// An upload with a form field the call does not take.
    pub fn unknown_field(name: &str) -> ApiFailure {
        let name: String = name.chars().take(64).collect();
        ApiFailure::with(
            StatusCode::BAD_REQUEST,
            "unknown_field",
            text!(
                "上传内容里有本操作不接受的字段“{name}”",
                "The upload has a field this call does not take: \"{name}\""
            ),
        )
    }

    /// A file that has no row below its headers; `what` names it (名单, roster…).
    pub fn empty_file(what: Text) -> ApiFailure {
        let (zh, en) = (&what.zh, &what.en);
        ApiFailure::with(
            StatusCode::UNPROCESSABLE_ENTITY,
            "import.empty_file",
            text!("{zh}是空的", "The {en} is empty"),
        )
    }

    /// A department's list from a source `policy/sources.json` does not configure.
    pub fn unknown_source(code: &str, known: &str) -> ApiFailure {
        ApiFailure::with(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_source",
            text!(
                "名单来源“{code}”未配置（可选：{known}）",
                "The list's source \"{code}\" is not configured (known: {known})"
            ),
        )
    }

    /// A list's month that is not `YYYY-MM`, or in the future (the domain's message).
    pub fn bad_month(message: Text) -> ApiFailure {
        ApiFailure::with(StatusCode::UNPROCESSABLE_ENTITY, "bad_month", message)
    }

    /// An import that is not the caller's, or never was.
    pub fn import_not_found() -> ApiFailure {
        ApiFailure::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "没有这次导入",
            "No such import",
        )
    }

    /// A row of a list that matched no household: unknown, outside the caller's areas, or
    /// assigned already.
    pub fn unmatched_not_found() -> ApiFailure {
        ApiFailure::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "没有这条名单记录，或已分配",
            "No such row, or it was assigned already",
        )
    }

    /// A lead the domain will not put on the household (its reason and message).
    pub fn lead_refused(reason: &str, message: Text) -> ApiFailure {
        ApiFailure::with(StatusCode::UNPROCESSABLE_ENTITY, reason, message)
    }
}

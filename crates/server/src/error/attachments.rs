//! The refusals of the attachment calls (`handlers::attachments`): each says what the phone
//! does next (sync the record first, send the picture again, nothing).
use axum::http::StatusCode;
use shouwang_domain::text;

use super::ApiFailure;

impl ApiFailure {
    /// The bytes are not an attachment of the household's latest stored version: the record
    /// naming them has not been synced yet (or the picture was removed from it).
    pub fn attachment_not_in_record() -> ApiFailure {
        ApiFailure::new(
            StatusCode::CONFLICT,
            "attachment_not_in_record",
            "服务器上该户的记录中没有这张图片：请先同步记录，再上传图片",
            "The household's record on the server does not list this picture: sync the record first, then upload the picture",
        )
    }

    /// A picture over [`shouwang_domain::limits::MAX_ATTACHMENT_BYTES`].
    pub fn attachment_too_large(limit_bytes: usize) -> ApiFailure {
        let mb = limit_bytes / (1024 * 1024);
        ApiFailure::with(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            text!(
                "图片太大（上限 {mb} MB），服务器未保存",
                "The picture is too large (limit {mb} MB): the server did not store it"
            ),
        )
    }

    /// The bytes' SHA-256 is not the one in the path: damaged on the way, or the wrong file.
    pub fn attachment_hash_mismatch() -> ApiFailure {
        ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "hash_mismatch",
            "上传的内容与图片编号（SHA-256）不符，可能在传输中损坏，未保存；将重新上传",
            "The uploaded bytes do not match the picture's SHA-256 (damaged on the way?): nothing was stored; it will be sent again",
        )
    }

    /// A path segment that is not a SHA-256 in lower-case hex.
    pub fn attachment_bad_id() -> ApiFailure {
        ApiFailure::bad_request(
            "图片编号须为 64 位小写十六进制的 SHA-256",
            "A picture is addressed by its SHA-256: 64 lower-case hex digits",
        )
    }

    /// Sent with another `Content-Type` than the record gives the picture.
    pub fn attachment_wrong_type(expected: &str, sent: &str) -> ApiFailure {
        let sent: String = sent.chars().take(64).collect();
        ApiFailure::with(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "wrong_content_type",
            text!(
                "图片须以 {expected} 类型上传（收到的是“{sent}”）",
                "The picture must be sent as {expected} (it came as \"{sent}\")"
            ),
        )
    }

    /// Referenced by the record, but its bytes have not reached the server yet.
    pub fn attachment_not_stored() -> ApiFailure {
        ApiFailure::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "服务器上还没有这张图片（手机尚未上传），或该户记录中没有它",
            "The server does not hold this picture (the phone has not uploaded it yet), or the record does not list it",
        )
    }
}

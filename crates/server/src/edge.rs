//! The API's outer edge: whatever answers a call under `/api` with a failure — a handler, an
//! extractor, the router (404, 405), a layer (415 for an unknown `Content-Encoding`, 413, a
//! timeout) or a panic — the client gets the API's error JSON with a stable reason and a message
//! in 中文 and English, never an empty body or a text page a phone cannot read.
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiFailure;

/// Headers of the original failure that still tell the client something.
const KEPT: [header::HeaderName; 3] = [header::ALLOW, header::RETRY_AFTER, header::ACCEPT_ENCODING];

/// Middleware: the request body is read in full first (at most `max_body_bytes` as sent), and
/// a failure without a JSON body becomes the API's error for its status.
///
/// Reading the body before anything can refuse the call keeps the connection usable: a request
/// refused early (401 before its body is read, 413 part-way through) would otherwise leave bytes
/// unread, and the connection is then closed under the client — who sees a reset instead of
/// the answer, and a phone retries a batch it should have split.
pub async fn json_errors(max_body_bytes: usize, request: Request, next: Next) -> Response {
    json_errors_with(max_body_bytes, ApiFailure::too_large, request, next).await
}

/// [`json_errors`], refusing a body over `max_body_bytes` with `too_large(max_body_bytes)`
/// (a picture's refusal names the picture's limit, not the batch's).
pub async fn json_errors_with(
    max_body_bytes: usize,
    too_large: fn(usize) -> ApiFailure,
    request: Request,
    next: Next,
) -> Response {
    let encoding = request
        .headers()
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (parts, body) = request.into_parts();
    let body = match read_body(body, max_body_bytes, too_large).await {
        Ok(bytes) => Body::from(bytes),
        Err(refused) => return refused.into_response(),
    };
    let response = next.run(Request::from_parts(parts, body)).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(response.headers()) {
        return response;
    }
    let mut answer = for_status(status, encoding.as_deref()).into_response();
    for name in KEPT {
        if let Some(value) = response.headers().get(&name) {
            answer.headers_mut().insert(name, value.clone());
        }
    }
    answer
}

/// A body over the limit is still read (and dropped) up to this many bytes, so its 413 reaches
/// the client; past it the connection is given up.
const DRAIN_BYTES: usize = 64 * 1024 * 1024;

/// The whole body as sent, or the refusal: 413 over `limit`, 400 when it cannot be read.
async fn read_body(
    mut body: Body,
    limit: usize,
    too_large: fn(usize) -> ApiFailure,
) -> Result<axum::body::Bytes, ApiFailure> {
    use http_body_util::BodyExt;
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| {
            ApiFailure::bad_request("请求内容未能读完", "The request body could not be read")
        })?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen = seen.saturating_add(data.len());
        if seen <= limit {
            kept.extend_from_slice(&data);
        } else if seen > limit.max(DRAIN_BYTES) {
            break;
        }
    }
    if seen > limit {
        Err(too_large(limit))
    } else {
        Ok(kept.into())
    }
}

/// The answer to a handler that panicked: logged, and a 500 like any defect.
pub fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    ApiFailure::internal("a handler panicked").into_response()
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// The API's error for a failure that came without one.
fn for_status(status: StatusCode, encoding: Option<&str>) -> ApiFailure {
    match status {
        StatusCode::BAD_REQUEST => ApiFailure::bad_request("请求格式不正确", "Malformed request"),
        StatusCode::UNAUTHORIZED => ApiFailure::unauthorized(),
        StatusCode::NOT_FOUND => ApiFailure::no_such_endpoint(),
        StatusCode::METHOD_NOT_ALLOWED => ApiFailure::method_not_allowed(),
        StatusCode::PAYLOAD_TOO_LARGE => ApiFailure::new(
            status,
            "too_large",
            "请求太大，服务器不接收",
            "The request is too large for the server",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => match encoding {
            Some(e) if !matches!(e.trim(), "" | "identity") => ApiFailure::unsupported_encoding(e),
            _ => ApiFailure::unsupported_media_type(),
        },
        StatusCode::UNPROCESSABLE_ENTITY => ApiFailure::invalid_body("请求内容无法处理"),
        StatusCode::REQUEST_TIMEOUT => ApiFailure::new(
            status,
            "timeout",
            "请求超时，稍后自动重试",
            "The request took too long; it will be retried",
        ),
        StatusCode::TOO_MANY_REQUESTS => ApiFailure::new(
            status,
            "too_many_requests",
            "请求太频繁，请稍后再试",
            "Too many requests: try again later",
        ),
        s if s == StatusCode::INTERNAL_SERVER_ERROR => ApiFailure::internal("empty 500"),
        s if s.is_server_error() => ApiFailure::new(
            s,
            "unavailable",
            "服务器暂时不可用，稍后自动重试",
            "The server is not available just now; it will be retried",
        ),
        s => ApiFailure::new(
            s,
            "refused",
            "服务器拒绝了这个请求",
            "The server refused this request",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_status_has_a_reason_and_both_languages() {
        for code in (400..=418).chain(421..=431).chain(500..=511) {
            let status = StatusCode::from_u16(code).unwrap();
            let f = for_status(status, None);
            assert_eq!(f.status, status, "the status tells the truth");
            assert!(!f.error.reason.is_empty());
            assert!(!f.error.message.zh.is_empty() && !f.error.message.en.is_empty());
        }
        let f = for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE, Some("br"));
        assert_eq!(f.error.reason, "unsupported_encoding");
        assert!(f.error.message.en.contains("br"));
    }
}

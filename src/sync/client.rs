//! The one HTTP client of the app: JSON over the browser's `fetch` (web-sys, no HTTP crate, to
//! keep the app small), same origin as the app, with the device token and, for large bodies,
//! gzip through the browser's `CompressionStream`.
use serde::de::DeserializeOwned;
use serde::Serialize;
use shouwang_domain::sync::wire::ApiError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A request that has had no answer after this long is given up (and retried later).
const TIMEOUT_MS: u32 = 60_000;

thread_local! {
    /// The server's clock minus this device's, in ms, from the last answer's `Date` header.
    static CLOCK_SKEW_MS: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

/// How far the server's clock is ahead of this device's (negative: behind), in ms, as the last
/// answer told; `None` before any answer with a `Date`.
pub fn clock_skew_ms() -> Option<f64> {
    CLOCK_SKEW_MS.with(std::cell::Cell::get)
}

/// Notes the server's time from an answer's `Date` (whole seconds; the answer's travel time is
/// small against the minutes that matter).
fn note_server_clock(response: &web_sys::Response) {
    let Ok(Some(date)) = response.headers().get("Date") else {
        return;
    };
    let server = js_sys::Date::parse(&date);
    if server.is_finite() {
        CLOCK_SKEW_MS.with(|c| c.set(Some(server - js_sys::Date::now())));
    }
}

/// Why a call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// No answer: offline, no route to the server, connection lost, timed out.
    Network,
    /// The server answered with an error status; `error` is its `ApiError` body if it sent one.
    Api {
        status: u16,
        error: Option<ApiError>,
    },
    /// An answer that is not what the API sends (e.g. a captive portal's page).
    BadResponse { status: u16 },
}

impl ClientError {
    /// The API's reason code, if the server gave one.
    pub fn reason(&self) -> Option<&str> {
        match self {
            ClientError::Api { error: Some(e), .. } => Some(&e.reason),
            _ => None,
        }
    }
}

/// `POST path` with `body` as JSON; the answer read as `R`.
pub async fn post<B: Serialize, R: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: &B,
) -> Result<R, ClientError> {
    decode(send("POST", path, token, Some(to_json(body)?), false).await?)
}

/// Like [`post`], with the body gzip-compressed when the browser can (`Content-Encoding: gzip`).
pub async fn post_compressed<B: Serialize, R: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: &B,
) -> Result<R, ClientError> {
    decode(send("POST", path, token, Some(to_json(body)?), true).await?)
}

/// Like [`post`], for calls whose refusal says more than an [`ApiError`]: an error answer also
/// comes back read as `E` when it is one (the office's exit refusal lists the unmet conditions).
pub async fn post_detailed<B: Serialize, R: DeserializeOwned, E: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: &B,
) -> Result<R, (ClientError, Option<E>)> {
    let body = to_json(body).map_err(|e| (e, None))?;
    let response = request("POST", path, token, Some(Payload::Json(body)), false)
        .await
        .map_err(|e| (e, None))?;
    let status = response.status();
    let text = read_text(&response).await.map_err(|e| (e, None))?;
    if response.ok() {
        return decode(Answer { status, text }).map_err(|e| (e, None));
    }
    let detail = serde_json::from_str(&text).ok();
    Err((api_error(status, text), detail))
}

/// `POST path` with `form` as `multipart/form-data` (the office's uploads: files and fields);
/// the answer read as `R`.
pub async fn post_form<R: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    form: &web_sys::FormData,
) -> Result<R, ClientError> {
    let response = request("POST", path, token, Some(Payload::Form(form)), false).await?;
    let status = response.status();
    let text = read_text(&response).await?;
    if response.ok() {
        decode(Answer { status, text })
    } else {
        Err(api_error(status, text))
    }
}

/// `POST path` with no body, for an answer with none (204).
pub async fn post_empty(path: &str, token: Option<&str>) -> Result<(), ClientError> {
    send("POST", path, token, None, false).await.map(drop)
}

/// `GET path`; the answer's text (not generic: the caller reads the JSON it expects, so the
/// office screens share one copy of the request and its loading state).
pub async fn get_text(path: &str, token: Option<&str>) -> Result<String, ClientError> {
    send("GET", path, token, None, false).await.map(|a| a.text)
}

/// `GET path` for a file (an export): the answer's body as a blob, to offer as a download.
pub async fn get_blob(path: &str, token: Option<&str>) -> Result<web_sys::Blob, ClientError> {
    let response = request("GET", path, token, None, false).await?;
    let status = response.status();
    if !response.ok() {
        return Err(api_error(status, read_text(&response).await?));
    }
    let blob = JsFuture::from(response.blob().map_err(|_| ClientError::Network)?)
        .await
        .map_err(|_| ClientError::Network)?;
    blob.dyn_into()
        .map_err(|_| ClientError::BadResponse { status })
}

/// `PUT path` with `blob` as the raw body of type `content_type` (an attachment's bytes); the
/// answer's status on success (201 stored, 200 already there).
pub async fn put_blob(
    path: &str,
    token: Option<&str>,
    blob: &web_sys::Blob,
    content_type: &str,
) -> Result<u16, ClientError> {
    let response = request(
        "PUT",
        path,
        token,
        Some(Payload::Blob(blob, content_type)),
        false,
    )
    .await?;
    let status = response.status();
    let text = read_text(&response).await?;
    if response.ok() {
        Ok(status)
    } else {
        Err(api_error(status, text))
    }
}

/// A successful answer's status and text.
struct Answer {
    status: u16,
    text: String,
}

fn decode<R: DeserializeOwned>(answer: Answer) -> Result<R, ClientError> {
    serde_json::from_str(&answer.text).map_err(|_| ClientError::BadResponse {
        status: answer.status,
    })
}

fn to_json<B: Serialize>(body: &B) -> Result<String, ClientError> {
    serde_json::to_string(body).map_err(|_| ClientError::BadResponse { status: 0 })
}

/// A request answered with its text; an error status is a [`ClientError::Api`].
async fn send(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
    compress: bool,
) -> Result<Answer, ClientError> {
    let response = request(method, path, token, body.map(Payload::Json), compress).await?;
    let status = response.status();
    let text = read_text(&response).await?;
    if response.ok() {
        Ok(Answer { status, text })
    } else {
        Err(api_error(status, text))
    }
}

fn api_error(status: u16, text: String) -> ClientError {
    ClientError::Api {
        status,
        error: serde_json::from_str(&text).ok(),
    }
}

/// The body of `response` as text.
async fn read_text(response: &web_sys::Response) -> Result<String, ClientError> {
    // Losing the connection while the answer arrives is a network failure like any other.
    match response.text() {
        Ok(p) => Ok(JsFuture::from(p)
            .await
            .map_err(|_| ClientError::Network)?
            .as_string()
            .unwrap_or_default()),
        Err(_) => Err(ClientError::Network),
    }
}

/// What a request carries.
enum Payload<'a> {
    Json(String),
    /// The browser sets the multipart boundary in the `Content-Type` itself.
    Form(&'a web_sys::FormData),
    /// Raw bytes of a type (an attachment).
    Blob(&'a web_sys::Blob, &'a str),
}

/// The one request function; not generic, so the app carries one copy of it.
async fn request(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Payload<'_>>,
    compress: bool,
) -> Result<web_sys::Response, ClientError> {
    let window = web_sys::window().ok_or(ClientError::Network)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(|_| ClientError::Network)?;
    let _ = headers.set("Accept", "application/json");
    if let Some(token) = token {
        let _ = headers.set("Authorization", &format!("Bearer {token}"));
    }
    match body {
        Some(Payload::Json(text)) => {
            let _ = headers.set("Content-Type", "application/json");
            match if compress { gzip(&text).await } else { None } {
                Some(blob) => {
                    let _ = headers.set("Content-Encoding", "gzip");
                    init.set_body(&blob);
                }
                None => init.set_body(&JsValue::from_str(&text)),
            }
        }
        Some(Payload::Form(form)) => init.set_body(form),
        Some(Payload::Blob(blob, content_type)) => {
            let _ = headers.set("Content-Type", content_type);
            init.set_body(blob);
        }
        None => {}
    }
    init.set_headers(&headers);
    if let Some(signal) = timeout_signal(TIMEOUT_MS) {
        init.set_signal(Some(&signal));
    }
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(|_| ClientError::Network)?
        .dyn_into()
        .map_err(|_| ClientError::Network)?;
    note_server_clock(&response);
    Ok(response)
}

/// `AbortSignal.timeout(ms)`, where the browser has it (older ones do not: no timeout then).
fn timeout_signal(ms: u32) -> Option<web_sys::AbortSignal> {
    let class = js_sys::Reflect::get(&js_sys::global(), &"AbortSignal".into()).ok()?;
    let has = js_sys::Reflect::get(&class, &"timeout".into()).ok()?;
    has.is_function()
        .then(|| web_sys::AbortSignal::timeout_with_u32(ms))
}

/// `text` gzip-compressed by the browser's `CompressionStream`, or `None` where there is none
/// (then the body goes uncompressed). The class is looked up at run time rather than through
/// web-sys, whose binding needs the unstable-API flag for the whole build.
pub async fn gzip(text: &str) -> Option<web_sys::Blob> {
    let class = js_sys::Reflect::get(&js_sys::global(), &"CompressionStream".into()).ok()?;
    let class: js_sys::Function = class.dyn_into().ok()?;
    let stream = js_sys::Reflect::construct(&class, &js_sys::Array::of1(&"gzip".into())).ok()?;
    let blob = web_sys::Blob::new_with_str_sequence(&js_sys::Array::of1(&text.into())).ok()?;
    // A CompressionStream is a {readable, writable} pair, which is all `pipeThrough` needs.
    let compressed = blob
        .stream()
        .pipe_through(stream.unchecked_ref::<web_sys::ReadableWritablePair>());
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&compressed)).ok()?;
    let out = JsFuture::from(response.blob().ok()?).await.ok()?;
    out.dyn_into().ok()
}

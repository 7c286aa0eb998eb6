//! The bytes of a household's attachments (photos, the consent signature), sent after the
//! record that lists them:
//!
//! | call | answer |
//! | --- | --- |
//! | `PUT households/{id}/attachments/{sha256}`, body the bytes, `Content-Type` the record's | 201 `{"stored":true}`; 200 `{"stored":false}` when already held |
//! | `GET households/{id}/attachments/{sha256}` (and `HEAD`) | the bytes, cached for ever (`immutable`; the name is the hash) |
//! | `GET households/{id}/attachments` | `{"attachments":[{"id","stored"}]}`: every picture and thumbnail of the record, and whether the server holds it, so a phone resumes by sending only what is missing |
//!
//! The household is looked up in the caller's areas like history and sync (404 outside them,
//! as for an unknown one), and the SHA-256 must be an `id` or `thumb` of its latest stored
//! version: bytes are accepted only for a record the server has (409
//! `attachment_not_in_record` until the record is synced). Refusals: 400 `bad_request` (not a
//! SHA-256), 400 `hash_mismatch`, 413 `too_large` (over
//! [`MAX_ATTACHMENT_BYTES`], refused at the edge before more is read), 415
//! `wrong_content_type`, 404 `not_found`.
use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Serialize;
use sha2::{Digest, Sha256};

use shouwang_domain::limits::MAX_ATTACHMENT_BYTES;
use shouwang_domain::model::is_sha256_hex;
use shouwang_domain::Household;

use super::blocking;
use crate::error::ApiFailure;
use crate::extract::Authed;
use crate::state::AppState;
use crate::store::{Session, Storage, StoreError, StoredAttachment};

/// The largest picture, as a body limit.
pub const MAX_BYTES: usize = MAX_ATTACHMENT_BYTES as usize;

/// The routes (merged into the API by [`super::routes`]).
pub fn routes<S: Storage>() -> Router<AppState<S>> {
    Router::new()
        .route(
            "/v1/households/{id}/attachments/{sha256}",
            get(download::<S>).merge(put(upload::<S>).layer(DefaultBodyLimit::max(MAX_BYTES))),
        )
        .route("/v1/households/{id}/attachments", get(list::<S>))
}

/// Whether a request is an upload of a picture (its body limit is the picture's).
pub fn is_upload(method: &Method, path: &str) -> bool {
    let parts: Vec<&str> = path.trim_start_matches("/api").split('/').collect();
    method == Method::PUT
        && matches!(
            parts.as_slice(),
            ["", "v1", "households", _, "attachments", _]
        )
}

/// The type the record gives the bytes `sha256` (a thumbnail is always JPEG), if it lists them.
fn referenced<'h>(household: &'h Household, sha256: &str) -> Option<&'h str> {
    household.attachments.iter().find_map(|a| {
        if a.id == sha256 {
            Some(a.content_type.as_str())
        } else if a.thumb.as_deref() == Some(sha256) {
            Some("image/jpeg")
        } else {
            None
        }
    })
}

/// The household's latest version, within the caller's areas.
async fn household<S: Storage>(
    app: &AppState<S>,
    session: &Session,
    id: &str,
) -> Result<Household, ApiFailure> {
    app.store
        .household(&session.scope(), id)
        .await?
        .map(|(_, h)| h)
        .ok_or_else(ApiFailure::not_found)
}

/// A file system failure: a full disk is said as the database's is; anything else is a fault.
fn io_failure(what: &str, e: std::io::Error) -> ApiFailure {
    if e.kind() == std::io::ErrorKind::StorageFull {
        ApiFailure::from(StoreError::Full)
    } else {
        ApiFailure::internal(&format!("{what}: {e}"))
    }
}

/// The answer to an upload.
#[derive(Serialize)]
struct Upload {
    /// Whether this call stored the bytes (`false`: the server already held them).
    stored: bool,
}

pub async fn upload<S: Storage>(
    State(app): State<AppState<S>>,
    Authed(session): Authed,
    Path((id, sha256)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiFailure> {
    let household = household(&app, &session, &id).await?;
    if !is_sha256_hex(&sha256) {
        return Err(ApiFailure::attachment_bad_id());
    }
    let expected = referenced(&household, &sha256)
        .ok_or_else(ApiFailure::attachment_not_in_record)?
        .to_owned();
    let sent = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // `image/jpeg; charset=…` is still JPEG; the type is compared without its parameters.
    let sent_type = sent.split(';').next().unwrap_or("").trim();
    if !sent_type.eq_ignore_ascii_case(&expected) {
        return Err(ApiFailure::attachment_wrong_type(&expected, sent));
    }
    let bytes = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiFailure::attachment_too_large(MAX_BYTES),
        _ => ApiFailure::bad_request("图片内容未能读完", "The picture could not be read"),
    })?;
    if bytes.len() > MAX_BYTES {
        return Err(ApiFailure::attachment_too_large(MAX_BYTES));
    }
    let blobs = app.blobs.clone();
    let name = sha256.clone();
    let size = bytes.len() as u64;
    // Hashing 2 MB and an fsync are blocking work: off the async workers.
    blocking(move || {
        if hex::encode(Sha256::digest(&bytes)) != name {
            return Err(ApiFailure::attachment_hash_mismatch());
        }
        blobs
            .write(&name, &bytes)
            .map_err(|e| io_failure("storing an attachment", e))
    })
    .await??;
    // The row only once the file is in place: a listed picture can always be read.
    let new = app
        .store
        .add_attachment(&StoredAttachment {
            household_id: household.id.0.clone(),
            sha256,
            content_type: expected,
            bytes: size,
            stored_by: session.account.username.clone(),
            stored_at: shouwang_domain::sync::plan::time_text(app.now()),
        })
        .await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(Upload { stored: new })).into_response())
}

pub async fn download<S: Storage>(
    State(app): State<AppState<S>>,
    Authed(session): Authed,
    Path((id, sha256)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiFailure> {
    let household = household(&app, &session, &id).await?;
    if referenced(&household, &sha256).is_none() {
        return Err(ApiFailure::attachment_not_stored());
    }
    let stored = app
        .store
        .stored_attachments(&household.id.0)
        .await?
        .into_iter()
        .find(|a| a.sha256 == sha256)
        .ok_or_else(ApiFailure::attachment_not_stored)?;
    // The name is the hash of the bytes: they never change, so the browser keeps them for ever
    // (`private`: a household's photos are for the signed-in worker, not a shared cache).
    let etag = format!("\"{sha256}\"");
    let caching = [
        (
            header::CACHE_CONTROL,
            "private, max-age=31536000, immutable".to_owned(),
        ),
        (header::ETAG, etag.clone()),
    ];
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, caching).into_response());
    }
    let blobs = app.blobs.clone();
    let bytes = blocking(move || blobs.read(&sha256)).await?.map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            // A row without its file: the folder was not restored with the database.
            tracing::warn!(household = %id, "attachment listed but its file is missing");
            ApiFailure::attachment_not_stored()
        } else {
            io_failure("reading an attachment", e)
        }
    })?;
    Ok((
        caching,
        [
            (header::CONTENT_TYPE, stored.content_type),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// One picture or thumbnail of the record.
#[derive(Serialize)]
struct Listed {
    id: String,
    /// Whether the server holds its bytes.
    stored: bool,
}

#[derive(Serialize)]
pub struct Listing {
    attachments: Vec<Listed>,
}

pub async fn list<S: Storage>(
    State(app): State<AppState<S>>,
    Authed(session): Authed,
    Path(id): Path<String>,
) -> Result<Json<Listing>, ApiFailure> {
    let household = household(&app, &session, &id).await?;
    let stored: BTreeSet<String> = app
        .store
        .stored_attachments(&household.id.0)
        .await?
        .into_iter()
        .map(|a| a.sha256)
        .collect();
    let mut seen = BTreeSet::new();
    let attachments = household
        .attachments
        .iter()
        .flat_map(|a| a.blobs())
        .filter(|sha| seen.insert(*sha))
        .map(|sha| Listed {
            id: sha.to_owned(),
            stored: stored.contains(sha),
        })
        .collect();
    Ok(Json(Listing { attachments }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_put_of_a_picture_has_the_picture_limit() {
        let path = "/api/v1/households/h1/attachments/ab";
        assert!(is_upload(&Method::PUT, path));
        assert!(is_upload(&Method::PUT, "/v1/households/h1/attachments/ab"));
        assert!(!is_upload(&Method::GET, path));
        assert!(!is_upload(
            &Method::PUT,
            "/api/v1/households/h1/attachments"
        ));
        assert!(!is_upload(&Method::POST, "/api/v1/sync/push"));
    }
}

//! Photos and signatures on the phone: made small, kept as Blobs in IndexedDB, sent after the
//! records, shown from the phone or from the server.
//!
//! - `process`: a chosen photo → a JPEG of at most 1280 px and about 300 KB, orientation
//!   applied, no original metadata, and its 320 px thumbnail, each named by its SHA-256;
//! - `store`: the Blobs in the `attachments` object store, with the household's and the
//!   device's budgets;
//! - `upload`: after the records of a sync, every Blob not yet on the server, resumable;
//! - `purge`: then, the photos the server holds and the policy lets go leave the phone;
//! - `image`: [`AttachmentImage`], a picture shown from the phone or the server;
//! - `panel`: [`PhotoStorage`], the photos' figures in the settings' storage panel;
//! - `gps`: the position to keep with a photo, only if the worker already allowed it.
//!
//! The record (the [`shouwang_domain::Attachment`] in the household) is saved through the card's
//! one save path; this module holds only the bytes.
mod gps;
mod image;
mod panel;
pub mod process;
pub mod purge;
pub mod store;
pub mod upload;

pub use gps::allowed_position;
pub use image::AttachmentImage;
pub use panel::PhotoStorage;
pub use store::{remember_store, stats, KeepError, Stats};

/// A picture kept on the phone: its address (SHA-256 of the bytes), size and, for a photo,
/// its thumbnail's address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub id: String,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    pub thumb: Option<String>,
}

/// Keeps the PNG `blob` (`width` × `height`, a signature) for household `household_id`, as it
/// is: no re-encoding, no thumbnail. The caller then adds the attachment to the record and saves
/// it; the bytes go up after that record.
pub async fn keep_png(
    household_id: &str,
    blob: &web_sys::Blob,
    width: u32,
    height: u32,
) -> Result<Kept, KeepError> {
    let id = process::sha256_of(blob)
        .await
        .map_err(KeepError::Unreadable)?;
    let bytes = blob.size() as u64;
    store::keep(
        household_id,
        &[store::Item {
            sha: &id,
            blob,
            content_type: "image/png",
            thumb_of: None,
        }],
        // A signature is not a photo: it never counts against the household's photos.
        false,
    )
    .await?;
    Ok(Kept {
        id,
        bytes,
        width,
        height,
        thumb: None,
    })
}

/// Makes the chosen photo `file` small and keeps it and its thumbnail for household
/// `household_id`, within the budgets.
pub async fn keep_photo(household_id: &str, file: &web_sys::Blob) -> Result<Kept, KeepError> {
    let p = process::process(file)
        .await
        .map_err(KeepError::Unreadable)?;
    store::keep(
        household_id,
        &[
            store::Item {
                sha: &p.photo.sha,
                blob: &p.photo.blob,
                content_type: "image/jpeg",
                thumb_of: None,
            },
            store::Item {
                sha: &p.thumb.sha,
                blob: &p.thumb.blob,
                content_type: "image/jpeg",
                thumb_of: Some(&p.photo.sha),
            },
        ],
        true,
    )
    .await?;
    Ok(Kept {
        id: p.photo.sha.clone(),
        bytes: p.photo.blob.size() as u64,
        width: p.photo.width,
        height: p.photo.height,
        thumb: Some(p.thumb.sha.clone()),
    })
}

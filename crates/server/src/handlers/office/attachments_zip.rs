//! `GET exports/attachments?village=CODE`: a village's stored pictures as one ZIP, a folder per
//! household named by its 户编号 (the head's name and the record id when it has none), each
//! picture named by what it shows: `5201210010010001/住房-1.jpg`, `…/承诺授权书签名.png`.
//! Voided households and thumbnails are left out; a picture the phone has not uploaded yet is
//! simply absent.
//!
//! A village's photos may be hundreds of MB, so the ZIP is written (stored, not deflated: JPEG
//! and PNG are compressed already) to an unnamed temporary file in the attachments folder, on
//! the data disk rather than a small `/tmp`, and streamed from it; the file disappears with the
//! response, or with the process.
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, Seek};

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use shouwang_domain::model::AttachmentSubject;
use shouwang_domain::sync::Scope;
use shouwang_domain::Household;

use super::super::blocking;
use crate::blobs::Blobs;
use crate::error::ApiFailure;
use crate::extract::{Office, Params};
use crate::state::AppState;
use crate::store::Storage;

#[derive(Deserialize)]
pub struct ZipQuery {
    village: String,
}

/// One file of the ZIP: its name and the SHA-256 of its bytes.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    name: String,
    sha256: String,
}

pub async fn zip<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Params(q): Params<ZipQuery>,
) -> Result<Response, ApiFailure> {
    if q.village.len() != 12 || !q.village.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiFailure::bad_request(
            "village 须为 12 位村级区划代码",
            "village must be a 12-digit village code",
        ));
    }
    if !session.scope().contains(&q.village) {
        return Err(ApiFailure::area_not_found());
    }
    let mut households: Vec<Household> = app
        .store
        .households(&Scope::new(vec![q.village.clone()]))
        .await?
        .into_iter()
        .map(|(_, h)| h)
        .filter(|h| !h.is_voided())
        .collect();
    households.sort_by(|a, b| (&a.household_number, &a.id).cmp(&(&b.household_number, &b.id)));
    let mut folders = BTreeSet::new();
    let mut entries = Vec::new();
    for h in &households {
        let stored: BTreeSet<String> = app
            .store
            .stored_attachments(&h.id.0)
            .await?
            .into_iter()
            .map(|a| a.sha256)
            .collect();
        entries.extend(entries_of(h, &stored, &mut folders));
    }
    let blobs = app.blobs.clone();
    let (file, length) = blocking(move || write_zip(&blobs, &entries))
        .await?
        .map_err(|e| ApiFailure::internal(&format!("attachments zip: {e}")))?;
    let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (header::CONTENT_LENGTH, length.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"attachments-{}.zip\"", q.village),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// The file name of a picture of `subject` (without its number and extension).
fn label(subject: AttachmentSubject) -> &'static str {
    match subject {
        AttachmentSubject::Housing => "住房",
        AttachmentSubject::Water => "饮水",
        AttachmentSubject::Visit => "走访",
        AttachmentSubject::Measure => "帮扶措施",
        AttachmentSubject::Consent => "承诺授权书签名",
    }
}

/// Text made safe as one segment of a ZIP path: no folder separators, no `..`, no characters
/// Windows refuses in a file name, not over 80 characters.
fn segment(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(80)
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        "_".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// The files of one household: its stored pictures (not thumbnails) in record order, numbered
/// per subject (the consent signature unnumbered), in a folder not in `folders` yet.
fn entries_of(
    h: &Household,
    stored: &BTreeSet<String>,
    folders: &mut BTreeSet<String>,
) -> Vec<Entry> {
    let head = h.head().map_or("", |m| m.name.as_str());
    let mut folder = if h.household_number.trim().is_empty() {
        segment(&format!("{head}-{}", h.id.0))
    } else {
        segment(&h.household_number)
    };
    // Two records with one 户编号 (a duplicate) would otherwise share a folder and its names.
    if folders.contains(&folder) {
        folder = segment(&format!("{folder}-{}", h.id.0));
    }
    folders.insert(folder.clone());
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    let mut out = Vec::new();
    for a in &h.attachments {
        if !stored.contains(&a.id) {
            continue;
        }
        let label = label(a.subject);
        let n = counts.entry(label).or_default();
        *n += 1;
        let ext = if a.content_type == "image/png" {
            "png"
        } else {
            "jpg"
        };
        let name = match (a.subject, *n) {
            (AttachmentSubject::Consent, 1) => format!("{folder}/{label}.{ext}"),
            (_, n) => format!("{folder}/{label}-{n}.{ext}"),
        };
        out.push(Entry {
            name,
            sha256: a.id.clone(),
        });
    }
    out
}

/// Writes the ZIP of `entries` to an unnamed temporary file; the file (at its start) and its
/// length. A picture whose file is missing is left out, with a warning in the log.
fn write_zip(blobs: &Blobs, entries: &[Entry]) -> zip::result::ZipResult<(File, u64)> {
    use zip::write::SimpleFileOptions;
    std::fs::create_dir_all(blobs.root())?;
    let mut zip = zip::ZipWriter::new(tempfile::tempfile_in(blobs.root())?);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    for entry in entries {
        let mut source = match blobs.open(&entry.sha256) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                tracing::warn!(entry = %entry.name, "attachment listed but its file is missing");
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        zip.start_file(entry.name.as_str(), options)?;
        io::copy(&mut source, &mut zip)?;
    }
    let mut file = zip.finish()?;
    let length = file.stream_position()?;
    file.rewind()?;
    Ok((file, length))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_cannot_leave_its_folder() {
        assert_eq!(segment("../../etc"), "_.._etc");
        assert_eq!(segment("张三/李四"), "张三_李四");
        assert_eq!(segment(" .. "), "_");
        assert_eq!(segment("5201210010010001"), "5201210010010001");
    }
}

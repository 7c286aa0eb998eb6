//! 附件: photos of the house, the drinking water, a visit or a measure, and the signature of the
//! household's 承诺授权书.
//!
//! The record holds what each attachment is; the bytes travel apart from it, after the records,
//! addressed by their SHA-256 ([`Attachment::id`]), so a resend stores nothing twice and a record
//! never waits on a picture.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Gps, Relation};

/// What an attachment shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentSubject {
    /// 住房: the house, its damage.
    Housing,
    /// 饮水: the water source, the tap.
    Water,
    /// 走访: taken at a visit ([`Attachment::of`] is the visit's id).
    Visit,
    /// 帮扶措施: a measure carried out ([`Attachment::of`] is the measure's id).
    Measure,
    /// The signature of the 承诺授权书 ([`Consent::signature`]).
    Consent,
}

impl AttachmentSubject {
    /// Every subject, in card order.
    pub const ALL: [AttachmentSubject; 5] = [
        AttachmentSubject::Housing,
        AttachmentSubject::Water,
        AttachmentSubject::Visit,
        AttachmentSubject::Measure,
        AttachmentSubject::Consent,
    ];

    /// The subjects that belong to one visit or measure, named by [`Attachment::of`].
    pub fn needs_owner(self) -> bool {
        matches!(self, AttachmentSubject::Visit | AttachmentSubject::Measure)
    }
}

/// The types an attachment may have: photos are JPEG, signatures PNG.
pub const ATTACHMENT_TYPES: [&str; 2] = ["image/jpeg", "image/png"];

/// One attachment of the household.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    /// SHA-256 of the stored bytes, 64 lower-case hex digits: the attachment's address on the
    /// phone and on the server.
    pub id: String,
    /// What it shows.
    pub subject: AttachmentSubject,
    /// The id of the visit or measure it belongs to, for those subjects; empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub of: String,
    /// One of [`ATTACHMENT_TYPES`].
    pub content_type: String,
    /// Size of the stored bytes.
    pub bytes: u64,
    /// Width and height in pixels.
    pub width: u32,
    pub height: u32,
    /// SHA-256 of the small JPEG copy shown in lists, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumb: Option<String>,
    /// When it was taken (the phone's clock).
    pub taken_at: DateTime<Utc>,
    /// Where it was taken, if the worker allowed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gps: Option<Gps>,
    /// Who took it (username).
    pub by: String,
}

impl Attachment {
    /// The addresses of its bytes: the picture and its small copy.
    pub fn blobs(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str()).chain(self.thumb.as_deref())
    }
}

/// The signed 承诺授权书: the household authorises checks of its income and assets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    /// The consent text signed (its id in the policy's consent texts) and its version.
    pub text_id: String,
    pub text_version: u32,
    /// Who signed: the 户主, or a member or proxy signing for the household.
    pub signer: String,
    /// The signer's relation to the 户主 ([`Relation::Head`] when the head signed).
    pub relation: Relation,
    /// 签署日期.
    pub signed_on: NaiveDate,
    /// The worker who witnessed it (username).
    pub witness: String,
    /// The attachment id of the signature image (subject [`AttachmentSubject::Consent`]).
    pub signature: String,
}

/// Whether `s` is a SHA-256 in the form attachments are addressed by.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

//! 附件 and the 承诺授权书: each attachment addressed by a SHA-256, of a known type and size,
//! belonging to a visit or measure of the record when its subject says so; the consent signed by
//! someone, not in the future, with its signature among the attachments.
use chrono::NaiveDate;

use super::{future_date, Problem};
use crate::limits::MAX_ATTACHMENT_BYTES;
use crate::model::{is_sha256_hex, AttachmentSubject, Household, ATTACHMENT_TYPES};
use crate::text;

pub(super) fn check(h: &Household, today: NaiveDate, out: &mut Vec<Problem>) {
    let mut seen = std::collections::HashSet::new();
    for (i, a) in h.attachments.iter().enumerate() {
        let field = |f: &str| format!("attachments[{i}].{f}");
        let addressed = is_sha256_hex(&a.id) && a.thumb.as_deref().is_none_or(is_sha256_hex);
        if !addressed {
            out.push(Problem::error(
                field("id"),
                "attachments.address",
                text!(
                    "附件编号无效，请删除这个附件后重新拍摄",
                    "The attachment's id is invalid: remove it and take it again"
                ),
            ));
        } else if !seen.insert(a.id.as_str()) {
            out.push(Problem::error(
                field("id"),
                "attachments.repeated",
                text!(
                    "同一个附件记录了两次，请删除重复的一个",
                    "The same attachment is recorded twice: remove one of them"
                ),
            ));
        }
        if !ATTACHMENT_TYPES.contains(&a.content_type.as_str()) {
            out.push(Problem::error(
                field("content_type"),
                "attachments.type",
                text!(
                    "附件只能是 JPEG 照片或 PNG 签名",
                    "An attachment can only be a JPEG photo or a PNG signature"
                ),
            ));
        }
        if a.bytes == 0 || a.bytes > MAX_ATTACHMENT_BYTES {
            let (n, max) = (a.bytes, MAX_ATTACHMENT_BYTES / 1024 / 1024);
            out.push(Problem::error(
                field("bytes"),
                "attachments.size",
                text!(
                    "附件大小 {n} 字节，应大于 0 且不超过 {max} MB",
                    "The attachment has {n} bytes; it must have some and at most {max} MB"
                ),
            ));
        }
        if let Some(p) = future_date(&field("taken_at"), a.taken_at.date_naive(), today) {
            out.push(p);
        }
        owner(h, a.subject, &a.of, &field("of"), out);
    }
    if let Some(c) = &h.consent {
        if c.signer.trim().is_empty() {
            out.push(Problem::error(
                "consent.signer",
                "consent.signer_missing",
                text!("请填写签字人", "Enter who signed"),
            ));
        }
        if let Some(p) = future_date("consent.signed_on", c.signed_on, today) {
            out.push(p);
        }
        let signed = h
            .attachments
            .iter()
            .any(|a| a.id == c.signature && a.subject == AttachmentSubject::Consent);
        if !signed {
            out.push(Problem::error(
                "consent.signature",
                "consent.signature_missing",
                text!(
                    "承诺授权书没有签名，请让签字人重新签名",
                    "The consent has no signature: ask the signer to sign again"
                ),
            ));
        }
    }
}

/// A visit's or measure's attachment names one of the record's; no other subject names any.
fn owner(h: &Household, subject: AttachmentSubject, of: &str, field: &str, out: &mut Vec<Problem>) {
    let known = match subject {
        AttachmentSubject::Visit => h.visits.iter().any(|v| v.id == of),
        AttachmentSubject::Measure => h.measures.iter().any(|m| m.id == of),
        _ => of.is_empty(),
    };
    if !known {
        out.push(Problem::error(
            field,
            "attachments.owner",
            text!(
                "附件所属的走访或措施不在这户的记录里",
                "The visit or measure this attachment belongs to is not in the household's record"
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::model::{Attachment, Consent, Relation};
    use crate::validate::fixture;

    const TODAY: &str = "2026-12-01";

    fn today() -> NaiveDate {
        TODAY.parse().unwrap()
    }

    fn photo(id: char, subject: AttachmentSubject, of: &str) -> Attachment {
        Attachment {
            id: id.to_string().repeat(64),
            subject,
            of: of.into(),
            content_type: "image/jpeg".into(),
            bytes: 250_000,
            width: 1280,
            height: 960,
            thumb: Some("e".repeat(64)),
            taken_at: Utc.with_ymd_and_hms(2026, 11, 20, 3, 0, 0).unwrap(),
            gps: None,
            by: "worker1".into(),
        }
    }

    fn problems(h: &Household) -> Vec<String> {
        let mut out = Vec::new();
        check(h, today(), &mut out);
        out.into_iter()
            .map(|p| format!("{} {}", p.field, p.code))
            .collect()
    }

    #[test]
    fn photos_of_the_house_and_of_a_visit_of_the_record_pass() {
        let mut h = fixture::household();
        h.attachments = vec![
            photo('a', AttachmentSubject::Housing, ""),
            photo('b', AttachmentSubject::Visit, "v1"),
        ];
        assert!(problems(&h).is_empty(), "{:?}", problems(&h));
    }

    #[test]
    fn every_broken_attachment_is_named_at_its_field() {
        let mut h = fixture::household();
        let mut bad_type = photo('c', AttachmentSubject::Water, "");
        bad_type.content_type = "image/svg+xml".into();
        let mut huge = photo('d', AttachmentSubject::Water, "");
        huge.bytes = MAX_ATTACHMENT_BYTES + 1;
        let mut future = photo('f', AttachmentSubject::Housing, "");
        future.taken_at = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        let mut upper = photo('a', AttachmentSubject::Housing, "");
        upper.id = "A".repeat(64);
        h.attachments = vec![
            photo('a', AttachmentSubject::Housing, ""),
            photo('a', AttachmentSubject::Housing, ""),
            photo('b', AttachmentSubject::Visit, "no-such-visit"),
            photo('9', AttachmentSubject::Housing, "v1"),
            bad_type,
            huge,
            future,
            upper,
        ];
        assert_eq!(
            problems(&h),
            [
                "attachments[1].id attachments.repeated",
                "attachments[2].of attachments.owner",
                "attachments[3].of attachments.owner",
                "attachments[4].content_type attachments.type",
                "attachments[5].bytes attachments.size",
                "attachments[6].taken_at date.future",
                "attachments[7].id attachments.address",
            ]
        );
    }

    #[test]
    fn a_consent_needs_its_signer_and_its_signature() {
        let mut h = fixture::household();
        let mut signature = photo('5', AttachmentSubject::Consent, "");
        signature.content_type = "image/png".into();
        h.attachments = vec![signature];
        let consent = Consent {
            text_id: "default".into(),
            text_version: 1,
            signer: "韦国强".into(),
            relation: Relation::Head,
            signed_on: today(),
            witness: "worker1".into(),
            signature: "5".repeat(64),
        };
        h.consent = Some(consent.clone());
        assert!(problems(&h).is_empty(), "{:?}", problems(&h));
        h.consent = Some(Consent {
            signer: " ".into(),
            signature: "6".repeat(64),
            signed_on: "2027-01-01".parse().unwrap(),
            ..consent
        });
        assert_eq!(
            problems(&h),
            [
                "consent.signer consent.signer_missing",
                "consent.signed_on date.future",
                "consent.signature consent.signature_missing",
            ]
        );
    }
}

//! Attachments over HTTP on SQLite and PostgreSQL (issue 17): a worker syncs a record listing a
//! photo (with its thumbnail) and the consent signature, then uploads their bytes — stored once
//! however often sent, read back as sent, refused with the API's error JSON when the record
//! does not list them, they are too large, damaged or of the wrong type, and invisible outside
//! the caller's areas; the office downloads a village's pictures as a ZIP named by 户编号.
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use shouwang_domain::limits::MAX_ATTACHMENT_BYTES;
use shouwang_domain::model::{Attachment, AttachmentSubject, Consent, Relation, Void};
use shouwang_domain::sync::wire::*;
use shouwang_domain::Household;
use shouwang_server::blobs::Blobs;
use shouwang_server::state::FixedClock;
use shouwang_server::Limits;
use tempfile::TempDir;

use crate::kit::{api_error, at, change, household, push, NOW, TOWNSHIP, V1};
use crate::support::{Db, Reply, TestServer};

/// Another village of the township.
const V2: &str = "532328100202";

/// A server whose attachments folder the test can look into.
struct Township {
    s: TestServer,
    data: TempDir,
}

fn township(db: Db) -> Option<Township> {
    let data = tempfile::tempdir().expect("temp dir");
    let dir = data.path().to_path_buf();
    let clock = Arc::new(FixedClock::new(at(NOW)));
    let s = TestServer::on_with(db, Limits::default(), &move |state| {
        state
            .with_clock(clock.clone())
            .with_blobs(Blobs::under(&dir))
    })?;
    Some(Township { s, data })
}

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(&super::township(crate::support::Db::Sqlite).unwrap());
            }
            #[test]
            fn postgres() {
                if let Some(t) = super::township(crate::support::Db::Postgres) {
                    super::$name(&t);
                }
            }
        }
    )*};
}

on_both!(
    an_upload_is_stored_once_and_read_back_as_sent,
    another_village_and_unknown_households_answer_404,
    bytes_the_record_does_not_list_or_that_are_damaged_are_refused,
    the_office_zip_holds_the_village_pictures_named_by_household_number,
);

const PHOTO: &[u8] = b"\xff\xd8\xff\xe0 a photo of the house, JPEG as far as the server cares";
const THUMB: &[u8] = b"\xff\xd8\xff\xe0 its small copy";
const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n the signature of the head";

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn photo(subject: AttachmentSubject, bytes: &[u8], content_type: &str) -> Attachment {
    Attachment {
        id: sha(bytes),
        subject,
        of: String::new(),
        content_type: content_type.into(),
        bytes: bytes.len() as u64,
        width: 640,
        height: 480,
        thumb: None,
        taken_at: at("2026-11-20T08:00:00Z"),
        gps: None,
        by: "li".into(),
    }
}

/// Sample 01 (户编号 5227011022030017) in `village` with a photo of the house (and its
/// thumbnail) and a signed consent.
fn with_pictures(id: &str, village: &str) -> Household {
    let mut h = household(id, village);
    let mut house = photo(AttachmentSubject::Housing, PHOTO, "image/jpeg");
    house.thumb = Some(sha(THUMB));
    h.attachments = vec![
        house,
        photo(AttachmentSubject::Consent, SIGNATURE, "image/png"),
    ];
    h.consent = Some(Consent {
        text_id: "consent".into(),
        text_version: 1,
        signer: h.members[0].name.clone(),
        relation: Relation::Head,
        signed_on: "2026-11-20".parse().unwrap(),
        witness: "li".into(),
        signature: sha(SIGNATURE),
    });
    h
}

/// Signs in the worker `li` of V1 and syncs `h`; its stored revision.
fn synced(s: &TestServer, token: &str, change_id: &str, h: &Household) -> u64 {
    let results = push(s, token, vec![change(change_id, "2026-11-20T09:00:00Z", h)]);
    assert_ne!(results[0].status, PushStatus::Rejected, "{:?}", results[0]);
    results[0].revision.expect("stored").0
}

/// An answer read as bytes.
struct Raw {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// As the suite's [`Reply`], to check an error JSON.
    fn reply(&self) -> Reply {
        Reply {
            status: self.status,
            content_type: self.header("content-type").to_owned(),
            content_encoding: String::new(),
            headers: self.headers.clone(),
            body: String::from_utf8(self.body.clone()).expect("UTF-8 body"),
        }
    }
}

fn send(s: &TestServer, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Raw {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .into();
    let mut req = ureq::http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", s.base()));
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let mut response = agent
        .run(req.body(body.to_vec()).unwrap())
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .expect("read body");
    Raw {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body,
    }
}

fn blob_path(household: &str, bytes: &[u8]) -> String {
    format!("/api/v1/households/{household}/attachments/{}", sha(bytes))
}

fn put(s: &TestServer, token: &str, household: &str, content_type: &str, bytes: &[u8]) -> Raw {
    put_as(s, token, &blob_path(household, bytes), content_type, bytes)
}

fn put_as(s: &TestServer, token: &str, path: &str, content_type: &str, bytes: &[u8]) -> Raw {
    let auth = format!("Bearer {token}");
    send(
        s,
        "PUT",
        path,
        &[("Authorization", &auth), ("Content-Type", content_type)],
        bytes,
    )
}

fn get(s: &TestServer, token: &str, path: &str) -> Raw {
    let auth = format!("Bearer {token}");
    send(s, "GET", path, &[("Authorization", &auth)], b"")
}

/// Every file under the attachments folder, temporaries included.
fn files_on_disk(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(dirs) = std::fs::read_dir(root.join("attachments")) else {
        return out;
    };
    for dir in dirs {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            out.push(file.unwrap().file_name().into_string().unwrap());
        }
    }
    out.sort();
    out
}

fn listing(s: &TestServer, token: &str, household: &str) -> Vec<(String, bool)> {
    let r = get(
        s,
        token,
        &format!("/api/v1/households/{household}/attachments"),
    );
    assert_eq!(r.status, 200, "{}", r.reply().body);
    r.reply().json()["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["stored"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn an_upload_is_stored_once_and_read_back_as_sent(t: &Township) {
    let s = &t.s;
    s.user("li", Role::Worker, &[V1]);
    let li = s.login("li", "phone");
    synced(s, &li, "c1", &with_pictures("h1", V1));
    assert_eq!(
        listing(s, &li, "h1"),
        [
            (sha(PHOTO), false),
            (sha(THUMB), false),
            (sha(SIGNATURE), false)
        ],
        "every picture and thumbnail of the record, none held yet"
    );

    let first = put(s, &li, "h1", "image/jpeg", PHOTO);
    assert_eq!(first.status, 201, "{}", first.reply().body);
    assert_eq!(first.reply().json(), serde_json::json!({"stored": true}));
    let again = put(s, &li, "h1", "image/jpeg", PHOTO);
    assert_eq!(again.status, 200, "{}", again.reply().body);
    assert_eq!(again.reply().json(), serde_json::json!({"stored": false}));
    assert_eq!(
        files_on_disk(t.data.path()),
        [sha(PHOTO)],
        "one file, no temporary left"
    );

    let read = get(s, &li, &blob_path("h1", PHOTO));
    assert_eq!(read.status, 200);
    assert_eq!(read.body, PHOTO);
    assert_eq!(read.header("content-type"), "image/jpeg");
    assert_eq!(
        read.header("cache-control"),
        "private, max-age=31536000, immutable"
    );
    assert_eq!(read.header("x-content-type-options"), "nosniff");
    let etag = read.header("etag").to_owned();
    assert_eq!(etag, format!("\"{}\"", sha(PHOTO)));
    let auth = format!("Bearer {li}");
    let revalidated = send(
        s,
        "GET",
        &blob_path("h1", PHOTO),
        &[("Authorization", &auth), ("If-None-Match", &etag)],
        b"",
    );
    assert_eq!(revalidated.status, 304);
    let head = send(
        s,
        "HEAD",
        &blob_path("h1", PHOTO),
        &[("Authorization", &auth)],
        b"",
    );
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-type"), "image/jpeg");

    // The thumbnail is JPEG and the signature PNG, as the record says.
    assert_eq!(put(s, &li, "h1", "image/jpeg", THUMB).status, 201);
    assert_eq!(put(s, &li, "h1", "image/png", SIGNATURE).status, 201);
    let signature = get(s, &li, &blob_path("h1", SIGNATURE));
    assert_eq!(signature.body, SIGNATURE);
    assert_eq!(signature.header("content-type"), "image/png");
    assert!(
        listing(s, &li, "h1").iter().all(|(_, stored)| *stored),
        "all held now"
    );
}

fn another_village_and_unknown_households_answer_404(t: &Township) {
    let s = &t.s;
    s.user("li", Role::Worker, &[V1]);
    s.user("far", Role::Worker, &[V2]);
    let li = s.login("li", "phone");
    let far = s.login("far", "phone");
    synced(s, &li, "c1", &with_pictures("h1", V1));
    assert_eq!(put(s, &li, "h1", "image/jpeg", PHOTO).status, 201);

    let refused = put(s, &far, "h1", "image/jpeg", PHOTO);
    let body = api_error(&refused.reply(), 404, "not_found");
    let unknown = put(s, &li, "no-such-household", "image/jpeg", PHOTO);
    assert_eq!(
        api_error(&unknown.reply(), 404, "not_found"),
        body,
        "another village's household answers as an unknown one"
    );
    api_error(
        &get(s, &far, &blob_path("h1", PHOTO)).reply(),
        404,
        "not_found",
    );
    api_error(
        &get(s, &far, "/api/v1/households/h1/attachments").reply(),
        404,
        "not_found",
    );
    api_error(
        &get(s, &li, &blob_path("no-such-household", PHOTO)).reply(),
        404,
        "not_found",
    );
    let anonymous = send(s, "GET", &blob_path("h1", PHOTO), &[], b"");
    api_error(&anonymous.reply(), 401, "unauthorized");
    assert_eq!(files_on_disk(t.data.path()), [sha(PHOTO)]);
}

fn bytes_the_record_does_not_list_or_that_are_damaged_are_refused(t: &Township) {
    let s = &t.s;
    s.user("li", Role::Worker, &[V1]);
    let li = s.login("li", "phone");
    synced(s, &li, "c1", &with_pictures("h1", V1));

    let unlisted = put(s, &li, "h1", "image/jpeg", b"a photo of a later record");
    let body = api_error(&unlisted.reply(), 409, "attachment_not_in_record");
    assert!(
        body["message"]["zh"].as_str().unwrap().contains("同步"),
        "{body}"
    );
    assert!(
        body["message"]["en"].as_str().unwrap().contains("sync"),
        "{body}"
    );

    let mut huge = vec![0u8; MAX_ATTACHMENT_BYTES as usize + 1];
    huge[0] = 0xff;
    let too_large = put_as(s, &li, &blob_path("h1", PHOTO), "image/jpeg", &huge);
    let body = api_error(&too_large.reply(), 413, "too_large");
    assert!(
        body["message"]["en"].as_str().unwrap().contains("2 MB"),
        "{body}"
    );
    assert!(
        body["message"]["zh"].as_str().unwrap().contains("2 MB"),
        "{body}"
    );

    let damaged = put_as(
        s,
        &li,
        &blob_path("h1", PHOTO),
        "image/jpeg",
        b"not the photo",
    );
    api_error(&damaged.reply(), 400, "hash_mismatch");
    let as_png = put(s, &li, "h1", "image/png", PHOTO);
    api_error(&as_png.reply(), 415, "wrong_content_type");
    let thumb_as_png = put(s, &li, "h1", "image/png", THUMB);
    api_error(&thumb_as_png.reply(), 415, "wrong_content_type");
    let not_a_hash = put_as(
        s,
        &li,
        "/api/v1/households/h1/attachments/..%2F..%2Fetc",
        "image/jpeg",
        PHOTO,
    );
    api_error(&not_a_hash.reply(), 400, "bad_request");
    api_error(
        &get(s, &li, &blob_path("h1", PHOTO)).reply(),
        404,
        "not_found",
    );
    assert!(files_on_disk(t.data.path()).is_empty(), "nothing stored");
    assert!(listing(s, &li, "h1").iter().all(|(_, stored)| !*stored));
}

fn the_office_zip_holds_the_village_pictures_named_by_household_number(t: &Township) {
    let s = &t.s;
    s.user("li", Role::Worker, &[V1]);
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    let li = s.login("li", "phone");
    let rev = s.login("rev", "office");
    synced(s, &li, "c1", &with_pictures("h1", V1));
    for (bytes, content_type) in [
        (PHOTO, "image/jpeg"),
        (THUMB, "image/jpeg"),
        (SIGNATURE, "image/png"),
    ] {
        assert_eq!(put(s, &li, "h1", content_type, bytes).status, 201);
    }
    // One without a 户编号, and a voided one, whose pictures stay out.
    let mut unnumbered = with_pictures("h2", V1);
    unnumbered.household_number.clear();
    unnumbered.attachments.truncate(1);
    unnumbered.attachments[0].id = sha(b"h2 house");
    unnumbered.attachments[0].thumb = None;
    unnumbered.consent = None;
    synced(s, &li, "c2", &unnumbered);
    assert_eq!(put(s, &li, "h2", "image/jpeg", b"h2 house").status, 201);
    let mut voided = with_pictures("h3", V1);
    voided.household_number = "5227011022039999".into();
    voided.attachments.truncate(1);
    voided.attachments[0].id = sha(b"h3 house");
    voided.attachments[0].thumb = None;
    voided.consent = None;
    let base = synced(s, &li, "c3", &voided);
    assert_eq!(put(s, &li, "h3", "image/jpeg", b"h3 house").status, 201);
    voided.monitoring.voided = Some(Void {
        date: "2026-11-30".parse().unwrap(),
        by: "li".into(),
        reason: "重复登记".into(),
    });
    let results = push(
        s,
        &li,
        vec![Change {
            base_revision: Some(Revision(base)),
            ..change("c4", "2026-11-30T09:00:00Z", &voided)
        }],
    );
    assert_ne!(results[0].status, PushStatus::Rejected, "{:?}", results[0]);

    let path = format!("/api/v1/office/exports/attachments?village={V1}");
    let zip = get(s, &rev, &path);
    assert_eq!(zip.status, 200, "{}", String::from_utf8_lossy(&zip.body));
    assert_eq!(zip.header("content-type"), "application/zip");
    assert_eq!(
        zip.header("content-disposition"),
        format!("attachment; filename=\"attachments-{V1}.zip\"")
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body.clone())).unwrap();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        entries.push((file.name().unwrap().into_owned(), bytes));
    }
    let head = &unnumbered.members[0].name;
    assert_eq!(
        entries,
        [
            (format!("{head}-h2/住房-1.jpg"), b"h2 house".to_vec()),
            ("5227011022030017/住房-1.jpg".to_owned(), PHOTO.to_vec()),
            (
                "5227011022030017/承诺授权书签名.png".to_owned(),
                SIGNATURE.to_vec()
            ),
        ],
        "thumbnails and the voided household left out"
    );

    api_error(&get(s, &li, &path).reply(), 403, "forbidden_role");
    api_error(
        &get(
            s,
            &rev,
            "/api/v1/office/exports/attachments?village=110101001001",
        )
        .reply(),
        404,
        "not_found",
    );
}

//! The app's files (issue 12, item 4): the build's brotli and gzip copies chosen by
//! `Accept-Encoding` with `Vary`, hashed files cached for a year, everything else revalidated.
use crate::support::{Options, Server, HASHED_JS, INDEX};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

#[test]
fn the_compressed_copy_the_browser_accepts_is_sent_with_its_encoding() {
    let server = Server::start(Options::default());
    let path = format!("/{HASHED_JS}");
    for (accept, encoding, body) in [
        ("br, gzip, deflate", "br", &b"brotli js"[..]),
        ("gzip, deflate", "gzip", b"gzip js"),
        ("identity", "", b"console.log('identity');"),
    ] {
        let answer = server.get(&path, &[("accept-encoding", accept)]);
        assert_eq!(answer.status, 200, "{accept}");
        assert_eq!(answer.header("content-encoding"), encoding, "{accept}");
        assert_eq!(answer.body, body, "{accept}");
        assert!(
            answer.header("content-type").contains("javascript"),
            "{accept}"
        );
        assert!(
            answer
                .header("vary")
                .to_ascii_lowercase()
                .contains("accept-encoding"),
            "{accept}: vary {:?}",
            answer.header("vary")
        );
        assert_eq!(answer.header("cache-control"), IMMUTABLE, "{accept}");
    }
}

#[test]
fn the_app_shell_and_its_routes_are_revalidated_every_time() {
    let server = Server::start(Options::default());
    for path in ["/", "/households/123", "/index.html"] {
        let br = server.get(path, &[("accept-encoding", "br")]);
        assert_eq!(br.header("content-encoding"), "br", "{path}");
        assert_eq!(br.body, b"brotli index", "{path}");
        assert_eq!(br.header("cache-control"), "no-cache", "{path}");
        assert!(br.header("vary").contains("accept-encoding"), "{path}");
        let plain = server.get(path, &[("accept-encoding", "identity")]);
        assert_eq!(plain.text(), INDEX, "{path}");
    }
    for path in ["/sw.js", "/manifest.webmanifest", "/icon-192.png"] {
        let answer = server.get(path, &[]);
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.header("cache-control"), "no-cache", "{path}");
    }
}

#[test]
fn the_split_modules_are_cached_for_a_year_and_a_revalidation_costs_nothing() {
    let server = Server::start(Options::default());
    let module = server.get("/shouwang-app-0123456789abcdef.split/split_field.wasm", &[]);
    assert_eq!(module.status, 200);
    assert_eq!(module.header("cache-control"), IMMUTABLE);
    assert_eq!(module.header("content-type"), "application/wasm");
    let index = server.get("/", &[]);
    let modified = index.header("last-modified");
    assert!(!modified.is_empty());
    let again = server.get("/", &[("if-modified-since", &modified)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
}

#[test]
fn a_missing_file_is_404_and_never_cached_as_immutable() {
    let server = Server::start(Options::default());
    let answer = server.get("/shouwang-app-ffffffffffffffff.js", &[]);
    assert_eq!(answer.status, 404);
    assert_eq!(answer.header("cache-control"), "no-cache");
}

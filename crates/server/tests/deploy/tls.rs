//! HTTPS in the binary (issue 12, item 1): a certificate of the township's CA is trusted by a
//! client that installed the CA; the plain-HTTP port redirects to HTTPS and offers the CA; a
//! renewed certificate is presented without a restart, and a broken one is not.
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::{pem::PemObject, CertificateDer, ServerName};

use shouwang_server::tls::{self, township};

use crate::support::{Options, Server, HOST};

/// The certificate the server presents to a new handshake for `shouwang.test`.
fn presented(addr: SocketAddr, ca: &CertificateDer<'static>) -> Vec<u8> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca.clone()).unwrap();
    let config = rustls::ClientConfig::builder_with_provider(tls::provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = ServerName::try_from(HOST).unwrap();
    let mut conn = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let mut sock = TcpStream::connect(addr).unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    while conn.is_handshaking() {
        conn.complete_io(&mut sock)
            .expect("handshake with the township CA trusted");
    }
    conn.peer_certificates().unwrap()[0].to_vec()
}

fn tls_server(poll: Duration) -> Server {
    Server::start(Options {
        tls: true,
        poll,
        ..Options::default()
    })
}

#[test]
fn a_phone_that_installed_the_township_ca_gets_the_app_over_https() {
    let server = tls_server(Duration::from_secs(30));
    let answer = server.get("/", &[]);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.text(), crate::support::INDEX);
    let health = server.get("/api/v1/health", &[]);
    assert_eq!(health.status, 200, "{}", health.text());
}

#[test]
fn plain_http_redirects_to_the_same_address_over_https() {
    let server = tls_server(Duration::from_secs(30));
    let http = server.http_addr.expect("a plain-HTTP port");
    let url = format!("http://{HOST}:{}/households/7?x=1", http.port());
    let answer = server.get_url(&url, &[]);
    assert_eq!(answer.status, 308);
    assert_eq!(
        answer.header("location"),
        format!("https://{HOST}:{}/households/7?x=1", server.addr.port())
    );
    assert_eq!(
        answer.header("strict-transport-security"),
        "",
        "HSTS only over TLS"
    );
    let api = server.get_url(&format!("http://{HOST}:{}/api/v1/health", http.port()), &[]);
    assert_eq!(api.status, 308, "no API in the clear");
}

#[test]
fn the_township_ca_is_offered_in_the_clear_and_over_https() {
    let server = tls_server(Duration::from_secs(30));
    let files = server.tls.clone().unwrap();
    let der = CertificateDer::from_pem_file(files.ca_cert()).unwrap();
    let http = server.http_addr.unwrap();
    for url in [
        format!("http://{HOST}:{}/township-ca.crt", http.port()),
        format!("{}/township-ca.crt", server.base()),
    ] {
        let answer = server.get_url(&url, &[]);
        assert_eq!(answer.status, 200, "{url}");
        assert_eq!(
            answer.header("content-type"),
            "application/x-x509-ca-cert",
            "{url}"
        );
        assert_eq!(answer.body, der.as_ref(), "{url}: the CA, as DER");
    }
    let info = server.get("/api/v1/enrol/info", &[]);
    let info: serde_json::Value = serde_json::from_slice(&info.body).unwrap();
    assert_eq!(
        info["township_ca"]["url"],
        format!("http://{HOST}:{}/township-ca.crt", http.port())
    );
    assert_eq!(
        info["township_ca"]["fingerprint"],
        shouwang_server::deploy::fingerprint(der.as_ref())
    );
}

#[test]
fn a_renewed_certificate_is_presented_without_a_restart_and_a_broken_one_is_not() {
    let server = tls_server(Duration::from_millis(100));
    let files = server.tls.clone().unwrap();
    let ca = CertificateDer::from_pem_file(files.ca_cert()).unwrap();
    let first = presented(server.addr, &ca);

    // A half-written certificate: the server keeps the one it has.
    std::fs::write(files.cert(), b"-----BEGIN CERTIFICATE-----\nnot base64").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        presented(server.addr, &ca),
        first,
        "kept the last good certificate"
    );

    // A renewal (the same CA signs a new certificate): new handshakes get it.
    township::init(&files, &[HOST.into(), "127.0.0.1".into()], 20, false).unwrap();
    let renewed = CertificateDer::from_pem_file(files.cert()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = presented(server.addr, &ca);
        if now == renewed.as_ref() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the renewed certificate was never presented"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_ne!(renewed.as_ref(), &first[..]);
}

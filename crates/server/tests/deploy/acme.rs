//! ACME against a real ACME server on loopback (issue 12, item 1): Debian's `pebble`, with its
//! `pebble-challtestsrv` as the DNS that sends every name to 127.0.0.1, is started here. The
//! server answers pebble's HTTP-01 challenge on its plain-HTTP port, gets a certificate,
//! presents it, keeps it while it is fresh, renews it when two thirds of its life have passed,
//! and finds it again after a restart.
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::client::danger::ServerCertVerifier;
use rustls::pki_types::{pem::PemObject, CertificateDer, ServerName, UnixTime};

use shouwang_server::launch::{self, Launch, TlsMode};
use shouwang_server::net::ConnLimits;
use shouwang_server::store::SqlStore;
use shouwang_server::tls::acme::{Acme, AcmeConfig, Challenges, Outcome};
use shouwang_server::tls::{self, CertStore};
use shouwang_server::{AppState, Limits};

const DOMAIN: &str = "shouwang.test";

/// Pebble's binaries, or `None` (skipped with a note unless `SHOUWANG_REQUIRE_PEBBLE=1`, as in
/// the test command, which installs them through scripts/setup).
fn pebble() -> Option<(PathBuf, PathBuf)> {
    let find = |name: &str| {
        std::env::var_os("PATH")
            .into_iter()
            .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .chain([PathBuf::from("/usr/bin")])
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    };
    match (find("pebble"), find("pebble-challtestsrv")) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => {
            assert!(
                std::env::var("SHOUWANG_REQUIRE_PEBBLE").as_deref() != Ok("1"),
                "SHOUWANG_REQUIRE_PEBBLE=1 but pebble is not installed (apt-get install pebble)"
            );
            eprintln!("note: pebble not installed; ACME test skipped");
            None
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Child processes killed when the test ends, however it ends.
struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn wait_listening(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "{what} did not start listening on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A TLS identity for pebble's own HTTPS (its directory), and the CA that signed it.
fn pebble_tls(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let files = tls::township::TownshipFiles {
        dir: dir.join("pebble-tls"),
    };
    tls::township::init(&files, &["127.0.0.1".into(), "localhost".into()], 30, false).unwrap();
    (files.ca_cert(), files.cert(), files.key())
}

fn verify(root: &CertificateDer<'static>, chain: &[CertificateDer<'static>]) {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(root.clone()).unwrap();
    let verifier = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots),
        tls::provider(),
    )
    .build()
    .unwrap();
    verifier
        .verify_server_cert(
            &chain[0],
            &chain[1..],
            &ServerName::try_from(DOMAIN).unwrap(),
            &[],
            UnixTime::now(),
        )
        .expect("the certificate is pebble's, for the domain");
}

/// The chain the server presents for DOMAIN (accepting anything: checked by [`verify`]).
fn presented(addr: SocketAddr) -> Vec<CertificateDer<'static>> {
    #[derive(Debug)]
    struct Any;
    impl ServerCertVerifier for Any {
        fn verify_server_cert(
            &self,
            _: &CertificateDer<'_>,
            _: &[CertificateDer<'_>],
            _: &ServerName<'_>,
            _: &[u8],
            _: UnixTime,
        ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
            Ok(rustls::client::danger::ServerCertVerified::assertion())
        }
        fn verify_tls12_signature(
            &self,
            _: &[u8],
            _: &CertificateDer<'_>,
            _: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
        }
        fn verify_tls13_signature(
            &self,
            _: &[u8],
            _: &CertificateDer<'_>,
            _: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
        }
        fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
            tls::provider()
                .signature_verification_algorithms
                .supported_schemes()
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(tls::provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Any))
        .with_no_client_auth();
    let mut conn =
        rustls::ClientConnection::new(Arc::new(config), ServerName::try_from(DOMAIN).unwrap())
            .unwrap();
    let mut sock = TcpStream::connect(addr).unwrap();
    while conn.is_handshaking() {
        conn.complete_io(&mut sock).unwrap();
    }
    conn.peer_certificates()
        .unwrap()
        .iter()
        .map(|c| c.clone().into_owned())
        .collect()
}

#[test]
fn a_certificate_is_obtained_from_acme_then_kept_renewed_and_found_again_after_a_restart() {
    let Some((pebble, challtestsrv)) = pebble() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    // The township server, its plain-HTTP port answering the challenges.
    let dist = tmp.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html>").unwrap();
    let store = runtime
        .block_on(SqlStore::open(&format!(
            "sqlite://{}/db.sqlite",
            tmp.path().display()
        )))
        .unwrap();
    let (certs, challenges) = (CertStore::new(), Challenges::default());
    let running = runtime
        .block_on(launch::launch(Launch {
            state: AppState::new(store, Limits::default()),
            dist,
            addr: "127.0.0.1:0".parse().unwrap(),
            http_addr: Some("127.0.0.1:0".parse().unwrap()),
            tls: TlsMode::Store {
                store: certs.clone(),
                challenges: challenges.clone(),
            },
            limits: ConnLimits::default(),
            public_url: None,
            township_ca: None,
        }))
        .unwrap();
    let http_port = running.http_addr.unwrap().port();

    // Pebble, validating HTTP-01 on that port, names resolved by challtestsrv to 127.0.0.1.
    let (ca, cert, key) = pebble_tls(tmp.path());
    let (acme_port, mgmt_port, dns_port, dns_mgmt) =
        (free_port(), free_port(), free_port(), free_port());
    let config = tmp.path().join("pebble.json");
    std::fs::write(
        &config,
        serde_json::json!({"pebble": {
            "listenAddress": format!("127.0.0.1:{acme_port}"),
            "managementListenAddress": format!("127.0.0.1:{mgmt_port}"),
            "certificate": cert, "privateKey": key,
            "httpPort": http_port, "tlsPort": free_port(),
            "ocspResponderURL": "", "externalAccountBindingRequired": false,
        }})
        .to_string(),
    )
    .unwrap();
    let quiet = || (Stdio::null(), Stdio::null());
    let mut children = Children(Vec::new());
    let (out, err) = quiet();
    children.0.push(
        Command::new(challtestsrv)
            .args(["-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""])
            .args(["-dns01", &format!("127.0.0.1:{dns_port}")])
            .args(["-http01", "", "-https01", "", "-tlsalpn01", ""])
            .args(["-management", &format!("127.0.0.1:{dns_mgmt}")])
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap(),
    );
    let log = std::fs::File::create(tmp.path().join("pebble.log")).unwrap();
    children.0.push(
        Command::new(pebble)
            .arg("-config")
            .arg(&config)
            .args(["-dnsserver", &format!("127.0.0.1:{dns_port}")])
            .env("PEBBLE_VA_NOSLEEP", "1")
            .env("PEBBLE_WFE_NONCEREJECT", "0")
            // The renewal is validated again, not waved through on the first authorization.
            .env("PEBBLE_AUTHZREUSE", "0")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap(),
    );
    wait_listening(dns_mgmt, "pebble-challtestsrv");
    wait_listening(acme_port, "pebble");
    wait_listening(mgmt_port, "pebble's management");

    let config = AcmeConfig {
        domain: DOMAIN.into(),
        contact: Some("it@shouwang.test".into()),
        directory: format!("https://127.0.0.1:{acme_port}/dir"),
        directory_ca: Some(ca.clone()),
        state_dir: tmp.path().join("data/acme"),
    };
    let acme = Acme::new(config.clone(), challenges.clone(), certs.clone());
    let now = chrono::Utc::now();
    let issued = runtime.block_on(acme.ensure(now));
    let pebble_log = || std::fs::read_to_string(tmp.path().join("pebble.log")).unwrap_or_default();
    assert_eq!(
        issued.unwrap_or_else(|e| panic!("{e:#}\n{}", pebble_log())),
        Outcome::Issued
    );

    // Pebble's root, from its management port, verifies what the server now presents.
    let root_pem = ureq_get_with_root(&format!("https://127.0.0.1:{mgmt_port}/roots/0"), &ca);
    let root = CertificateDer::from_pem_slice(root_pem.as_bytes()).unwrap();
    let first = presented(running.addr);
    verify(&root, &first);

    assert_eq!(
        runtime.block_on(acme.ensure(now)).unwrap(),
        Outcome::Kept,
        "fresh: kept"
    );
    let current = certs.current().unwrap();
    let later = current.not_after - chrono::Duration::days(1);
    assert_eq!(
        runtime.block_on(acme.ensure(later)).unwrap(),
        Outcome::Issued,
        "renewed"
    );
    let renewed = presented(running.addr);
    verify(&root, &renewed);
    assert_ne!(renewed[0], first[0], "a new certificate after the renewal");

    // A restart finds the renewed certificate (and the account) where it was kept.
    let again = Acme::new(config.clone(), Challenges::default(), CertStore::new());
    assert!(again.load_stored(chrono::Utc::now()));
    assert!(config.state_dir.join("account.json").is_file());
    let kept =
        CertificateDer::from_pem_file(config.state_dir.join(DOMAIN).join("cert.pem")).unwrap();
    assert_eq!(kept, renewed[0]);
    runtime.block_on(running.stop());
}

/// A GET over HTTPS trusting `root_pem` only, as text.
fn ureq_get_with_root(url: &str, root_pem: &Path) -> String {
    let pem = std::fs::read(root_pem).unwrap();
    let ca = ureq::tls::Certificate::from_pem(&pem).unwrap().to_owned();
    let config = ureq::Agent::config_builder()
        .proxy(None)
        .tls_config(
            ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::Specific(Arc::new(vec![ca])))
                .build(),
        )
        .build();
    ureq::Agent::new_with_config(config)
        .get(url)
        .call()
        .unwrap_or_else(|e| panic!("GET {url}: {e}"))
        .body_mut()
        .read_to_string()
        .unwrap()
}

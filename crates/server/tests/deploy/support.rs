//! A whole server as `serve` starts it ([`shouwang_server::launch`]: the real listener, TLS,
//! the plain-HTTP port) on free ports, on SQLite in a temporary directory, with a dist that
//! looks like a build (hashed names, brotli and gzip copies); and clients for it.
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tempfile::TempDir;

use shouwang_server::deploy::TownshipCa;
use shouwang_server::launch::{self, Launch, Running, TlsMode};
use shouwang_server::net::ConnLimits;
use shouwang_server::store::SqlStore;
use shouwang_server::tls::township::{self, TownshipFiles};
use shouwang_server::{AppState, Limits};

/// The name the test certificate is for (resolved to 127.0.0.1 by the clients).
pub const HOST: &str = "shouwang.test";
pub const HASHED_JS: &str = "shouwang-app-0123456789abcdef.js";
pub const INDEX: &str = "<!doctype html><title>守望</title><p>test index</p>";

/// A running server and what it was started from.
pub struct Server {
    pub runtime: tokio::runtime::Runtime,
    running: Option<Running>,
    pub addr: SocketAddr,
    pub http_addr: Option<SocketAddr>,
    _store: SqlStore,
    _data: TempDir,
    /// The township CA and certificate files, when TLS is on.
    pub tls: Option<TownshipFiles>,
}

/// How to start one.
pub struct Options {
    pub tls: bool,
    pub limits: ConnLimits,
    /// How often the certificate files are looked at.
    pub poll: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tls: false,
            limits: ConnLimits::default(),
            poll: Duration::from_secs(30),
        }
    }
}

impl Server {
    pub fn start(options: Options) -> Server {
        let data = tempfile::tempdir().unwrap();
        let dist = data.path().join("dist");
        write_dist(&dist);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let url = format!("sqlite://{}/db/test.db", data.path().display());
        let store = runtime.block_on(SqlStore::open(&url)).unwrap();
        let (tls, files, ca) = if options.tls {
            let files = TownshipFiles {
                dir: data.path().join("tls"),
            };
            township::init(&files, &[HOST.into(), "127.0.0.1".into()], 30, false).unwrap();
            let ca = TownshipCa::read(&files.ca_cert()).unwrap();
            let mode = TlsMode::Files {
                files: shouwang_server::tls::files::CertFiles {
                    cert: files.cert(),
                    key: files.key(),
                },
                poll: options.poll,
            };
            (mode, Some(files), Some(ca))
        } else {
            (TlsMode::None, None, None)
        };
        let http_addr = options.tls.then(|| "127.0.0.1:0".parse().unwrap());
        let running = runtime
            .block_on(launch::launch(Launch {
                state: AppState::new(store.clone(), Limits::default()),
                dist,
                addr: "127.0.0.1:0".parse().unwrap(),
                http_addr,
                tls,
                limits: options.limits,
                public_url: None,
                township_ca: ca,
            }))
            .unwrap();
        Server {
            addr: running.addr,
            http_addr: running.http_addr,
            running: Some(running),
            runtime,
            _store: store,
            _data: data,
            tls: files,
        }
    }

    /// `http://127.0.0.1:PORT` or `https://shouwang.test:PORT`.
    pub fn base(&self) -> String {
        match self.tls {
            Some(_) => format!("https://{HOST}:{}", self.addr.port()),
            None => format!("http://{}", self.addr),
        }
    }

    /// A client that trusts the township CA (when there is one) and finds `shouwang.test` at
    /// 127.0.0.1, like a phone that installed the CA.
    pub fn agent(&self) -> ureq::Agent {
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None);
        if let Some(files) = &self.tls {
            let pem = std::fs::read(files.ca_cert()).unwrap();
            let ca = ureq::tls::Certificate::from_pem(&pem).unwrap().to_owned();
            config = config.tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(ureq::tls::RootCerts::Specific(Arc::new(vec![ca])))
                    .build(),
            );
        }
        let port = self.addr.port();
        ureq::Agent::with_parts(
            config.build(),
            ureq::unversioned::transport::DefaultConnector::new(),
            Resolver(port),
        )
    }

    /// GET `path` with extra headers; the answer's status, headers and raw body bytes.
    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        self.get_url(&format!("{}{path}", self.base()), headers)
    }

    pub fn get_url(&self, url: &str, headers: &[(&str, &str)]) -> Answer {
        let mut req = self.agent().get(url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut res = req.call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let status = res.status().as_u16();
        let headers = res
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        let body = res
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_vec()
            .unwrap();
        Answer {
            status,
            headers,
            body,
        }
    }

    pub fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            self.runtime.block_on(running.stop());
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Resolves every name to 127.0.0.1 (as `--host-resolver-rules` does for the browser).
#[derive(Debug)]
struct Resolver(u16);

impl ureq::unversioned::resolver::Resolver for Resolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        _config: &ureq::config::Config,
        _timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let port = uri.port_u16().unwrap_or(self.0);
        let mut addrs = self.empty();
        addrs.push(SocketAddr::from(([127, 0, 0, 1], port)));
        Ok(addrs)
    }
}

/// An answer read to the end.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    /// The values of header `name`, joined with ", " ("" when absent).
    pub fn header(&self, name: &str) -> String {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A dist as the build writes it: index, service worker, manifest, a hashed script with its
/// brotli and gzip copies (marked so a test can tell which one came).
fn write_dist(dist: &Path) {
    std::fs::create_dir_all(dist.join("shouwang-app-0123456789abcdef.split")).unwrap();
    let files: [(&str, &[u8]); 10] = [
        ("index.html", INDEX.as_bytes()),
        ("index.html.br", b"brotli index"),
        ("index.html.gz", b"gzip index"),
        ("sw.js", b"self.addEventListener('fetch', () => {});"),
        ("manifest.webmanifest", b"{\"name\": \"x\"}"),
        (HASHED_JS, b"console.log('identity');"),
        ("shouwang-app-0123456789abcdef.js.br", b"brotli js"),
        ("shouwang-app-0123456789abcdef.js.gz", b"gzip js"),
        (
            "shouwang-app-0123456789abcdef.split/split_field.wasm",
            b"\0asm",
        ),
        ("icon-192.png", b"png"),
    ];
    for (name, bytes) in files {
        std::fs::write(dist.join(name), bytes).unwrap();
    }
}

/// A plain TCP connection to `addr` with timeouts, for speaking HTTP by hand.
pub fn raw(addr: SocketAddr, timeout: Duration) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(timeout)).unwrap();
    s.set_write_timeout(Some(timeout)).unwrap();
    s
}

/// Sends `request` and reads until the server closes or `timeout` passes; `Err` on a timeout.
pub fn exchange(addr: SocketAddr, request: &[u8], timeout: Duration) -> std::io::Result<String> {
    let mut s = raw(addr, timeout);
    s.write_all(request)?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

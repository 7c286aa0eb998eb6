//! A running server on a free port, and a small HTTP client for it.

use std::{fs, net::SocketAddr, path::Path, thread};

use tempfile::TempDir;

pub const INDEX_HTML: &str = "<!doctype html><title>守望</title><p>test index</p>";
pub const APP_JS: &str = "console.log('app');";

/// A server in a background thread, serving a temporary dist directory that lives as long as it.
pub struct TestServer {
    addr: SocketAddr,
    agent: ureq::Agent,
    _dist: TempDir,
}

/// A response read to the end.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl TestServer {
    /// Start the server on 127.0.0.1:0 with a dist holding index.html and app.js.
    pub fn start() -> TestServer {
        let dist = tempfile::tempdir().expect("temp dir");
        write_dist(dist.path());
        let router = shouwang_server::router(dist.path().to_path_buf());

        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind port 0");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let addr = std_listener.local_addr().expect("local addr");
        // The thread ends with the test process; each test gets its own runtime and port.
        thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("tokio runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
                axum::serve(listener, router).await.expect("serve");
            });
        });

        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .build();
        TestServer {
            addr,
            agent: ureq::Agent::new_with_config(config),
            _dist: dist,
        }
    }

    /// GET a path and read the whole response.
    pub fn get(&self, path: &str) -> Reply {
        let url = format!("http://{}{}", self.addr, path);
        let mut response = self
            .agent
            .get(&url)
            .call()
            .unwrap_or_else(|err| panic!("GET {url}: {err}"));
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        Reply {
            status: response.status().as_u16(),
            content_type,
            body: response
                .body_mut()
                .read_to_string()
                .unwrap_or_else(|err| panic!("body of {url}: {err}")),
        }
    }
}

fn write_dist(dist: &Path) {
    fs::write(dist.join("index.html"), INDEX_HTML).expect("write index.html");
    fs::write(dist.join("app.js"), APP_JS).expect("write app.js");
}

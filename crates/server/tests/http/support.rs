//! A running server on a free port, with its own database, and a small HTTP client for it.
//!
//! Every test gets a fresh database: a SQLite file in a temporary directory, or a new database in
//! the PostgreSQL cluster named by `SHOUWANG_TEST_POSTGRES_URL` (the test command starts one).

use std::{fs, net::SocketAddr, path::Path};

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use tempfile::TempDir;

use shouwang_domain::sync::wire::{Change, PushResult, Role};
use shouwang_domain::sync::Via;
use shouwang_server::store::{NewUser, PushContext, Session, SqlStore, Storage};
use shouwang_server::{auth, AppState, Limits};

pub const INDEX_HTML: &str = "<!doctype html><title>守望</title><p>test index</p>";
pub const APP_JS: &str = "console.log('app');";
pub const PASSWORD: &str = "test-password-1";

/// Which database a test server runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// The URL of the test PostgreSQL cluster, or `None` (the test is then skipped with a note,
/// unless `SHOUWANG_REQUIRE_POSTGRES=1`, as in the test command, makes that a failure).
pub fn postgres_url() -> Option<String> {
    match std::env::var("SHOUWANG_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("SHOUWANG_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "SHOUWANG_REQUIRE_POSTGRES=1 but SHOUWANG_TEST_POSTGRES_URL is not set"
            );
            eprintln!("note: SHOUWANG_TEST_POSTGRES_URL not set; PostgreSQL test skipped");
            None
        }
    }
}

/// A server on its own runtime, serving a temporary dist directory and a fresh database.
pub struct TestServer {
    addr: SocketAddr,
    /// The state the server runs with (its policy and clock).
    pub state: AppState<SqlStore>,
    agent: ureq::Agent,
    pub store: SqlStore,
    /// The database's URL (to open it again, as a restarted server would).
    pub url: String,
    runtime: tokio::runtime::Runtime,
    _dist: TempDir,
    _data: TempDir,
}

/// A response read to the end.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub content_encoding: String,
    /// Every header of the answer.
    pub headers: ureq::http::HeaderMap,
    pub body: String,
}

impl Reply {
    /// The value of the header `name`, if the answer has it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn parse<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("unexpected body ({e}): {}", self.body))
    }
}

impl TestServer {
    /// A server on SQLite with the default limits.
    pub fn start() -> TestServer {
        TestServer::on(Db::Sqlite, Limits::default()).expect("SQLite is always there")
    }

    /// A server on `db`, or `None` when PostgreSQL is not available (see [`postgres_url`]).
    pub fn on(db: Db, limits: Limits) -> Option<TestServer> {
        TestServer::start_inner(db, None, limits, &|state| state)
    }

    /// A server on `db` whose state `configure` sets up (a fixed clock, a time zone).
    pub fn on_with(
        db: Db,
        limits: Limits,
        configure: &dyn Fn(AppState<SqlStore>) -> AppState<SqlStore>,
    ) -> Option<TestServer> {
        TestServer::start_inner(db, None, limits, configure)
    }

    /// A server on the database at `url` (a SQLite file in a place a test prepared).
    pub fn on_url(db: Db, url: &str, limits: Limits) -> TestServer {
        TestServer::start_inner(db, Some(url.to_owned()), limits, &|state| state).expect("server")
    }

    fn start_inner(
        db: Db,
        url: Option<String>,
        limits: Limits,
        configure: &dyn Fn(AppState<SqlStore>) -> AppState<SqlStore>,
    ) -> Option<TestServer> {
        let dist = tempfile::tempdir().expect("temp dir");
        write_dist(dist.path());
        let data = tempfile::tempdir().expect("temp dir");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let url = match (db, url) {
            (_, Some(url)) => url,
            (Db::Sqlite, None) => format!("sqlite://{}/test.db", data.path().display()),
            (Db::Postgres, None) => {
                let admin = postgres_url()?;
                let name = format!("t_{}", auth::new_token()[..16].to_owned());
                runtime.block_on(create_database(&admin, &name));
                with_database(&admin, &name)
            }
        };
        let store = runtime
            .block_on(SqlStore::open(&url))
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
        let state = configure(AppState::new(store.clone(), limits));
        let router = shouwang_server::router(dist.path().to_path_buf(), state.clone())
            .into_make_service_with_connect_info::<SocketAddr>();
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind port 0");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let addr = std_listener.local_addr().expect("local addr");
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
            axum::serve(listener, router).await.expect("serve");
        });
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .build();
        Some(TestServer {
            addr,
            state,
            agent: ureq::Agent::new_with_config(config),
            store,
            url,
            runtime,
            _dist: dist,
            _data: data,
        })
    }

    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.runtime.block_on(f)
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stores `changes` directly through the store as `session` would push them `via` a device
    /// or the office (the test's loader: no HTTP in between), judged by the server's state.
    pub fn store_changes(
        &self,
        session: &Session,
        via: Via,
        changes: Vec<Change>,
    ) -> Vec<PushResult> {
        let ctx = PushContext {
            session,
            via,
            policy: &self.state.policy,
            now: self.state.now(),
            today: self.state.today(),
        };
        self.block_on(self.store.push(ctx, changes)).expect("push")
    }

    /// Creates a user with [`PASSWORD`] (no password change needed).
    pub fn user(&self, username: &str, role: Role, areas: &[&str]) {
        self.block_on(self.store.create_user(NewUser {
            username: username.into(),
            display_name: username.into(),
            role,
            areas: areas.iter().map(|a| a.to_string()).collect(),
            password_hash: auth::hash_password(PASSWORD),
            must_change_password: false,
        }))
        .expect("create user");
    }

    /// Signs in as `username` from `device` and returns the token.
    pub fn login(&self, username: &str, device: &str) -> String {
        let reply = self.post(
            "/api/v1/auth/login",
            None,
            &serde_json::json!({"username": username, "password": PASSWORD,
                                "device_id": device, "device_name": "test"}),
        );
        assert_eq!(reply.status, 200, "login {username}: {}", reply.body);
        reply.json()["token"].as_str().unwrap().to_owned()
    }

    /// GET a path and read the whole response.
    pub fn get(&self, path: &str) -> Reply {
        self.get_as(path, None)
    }

    pub fn get_as(&self, path: &str, token: Option<&str>) -> Reply {
        let url = format!("{}{}", self.base(), path);
        let mut req = self.agent.get(&url);
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        read(req.call().unwrap_or_else(|err| panic!("GET {url}: {err}")))
    }

    /// POST a JSON body.
    pub fn post<T: Serialize>(&self, path: &str, token: Option<&str>, body: &T) -> Reply {
        self.post_bytes(path, token, &serde_json::to_vec(body).unwrap(), None)
    }

    /// Any request: `method`, `path`, extra headers and a body.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Reply {
        let url = format!("{}{}", self.base(), path);
        let mut req = ureq::http::Request::builder().method(method).uri(&url);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let req = req.body(body.to_vec()).expect("a request");
        read(
            self.agent
                .run(req)
                .unwrap_or_else(|err| panic!("{method} {url}: {err}")),
        )
    }

    /// POST raw bytes, optionally with a `Content-Encoding`.
    pub fn post_bytes(
        &self,
        path: &str,
        token: Option<&str>,
        body: &[u8],
        encoding: Option<&str>,
    ) -> Reply {
        let url = format!("{}{}", self.base(), path);
        let mut req = self
            .agent
            .post(&url)
            .header("Content-Type", "application/json")
            .header("Accept-Encoding", "gzip");
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        if let Some(e) = encoding {
            req = req.header("Content-Encoding", e);
        }
        read(
            req.send(body)
                .unwrap_or_else(|err| panic!("POST {url}: {err}")),
        )
    }
}

fn read(mut response: ureq::http::Response<ureq::Body>) -> Reply {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let content_type = header("content-type");
    let content_encoding = header("content-encoding");
    let headers = response.headers().clone();
    let bytes = response
        .body_mut()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_vec()
        .expect("read body");
    let bytes = if content_encoding == "gzip" {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .expect("gunzip");
        out
    } else {
        bytes
    };
    Reply {
        status: response.status().as_u16(),
        content_type,
        content_encoding,
        headers,
        body: String::from_utf8(bytes).expect("UTF-8 body"),
    }
}

async fn create_database(admin_url: &str, name: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .unwrap_or_else(|e| panic!("connect {admin_url}: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create database");
}

/// The cluster URL with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, ""), |(b, q)| (b, q));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }
}

fn write_dist(dist: &Path) {
    fs::write(dist.join("index.html"), INDEX_HTML).expect("write index.html");
    fs::write(dist.join("app.js"), APP_JS).expect("write app.js");
}

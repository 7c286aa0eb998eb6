//! A whole server as `shouwang serve` runs it: the app and API on one address (HTTPS when a
//! certificate is configured), the plain-HTTP port beside it that redirects to HTTPS and answers
//! ACME's challenges, the certificate kept current, and one stop for everything. Tests start
//! the same thing on port 0.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;

use crate::deploy::{Deploy, TownshipCa};
use crate::net::{self, ConnLimits};
use crate::state::AppState;
use crate::store::Storage;
use crate::tls::acme::{Acme, AcmeConfig, Challenges};
use crate::tls::files::CertFiles;
use crate::tls::{self, CertStore};

/// Where the certificate comes from.
pub enum TlsMode {
    /// Plain HTTP (loopback, or behind a reverse proxy that terminates TLS).
    None,
    /// PEM files, looked at every `poll` and reloaded when they change.
    Files { files: CertFiles, poll: Duration },
    /// Obtained and renewed over ACME.
    Acme(AcmeConfig),
    /// A store someone else fills (tests drive ACME themselves), with its challenges.
    Store {
        store: Arc<CertStore>,
        challenges: Challenges,
    },
}

/// What to start.
pub struct Launch<S> {
    pub state: AppState<S>,
    pub dist: PathBuf,
    pub addr: SocketAddr,
    /// The plain-HTTP port of an HTTPS server (required for ACME's HTTP-01 challenge).
    pub http_addr: Option<SocketAddr>,
    pub tls: TlsMode,
    pub limits: ConnLimits,
    pub public_url: Option<String>,
    pub township_ca: Option<TownshipCa>,
}

/// A started server.
pub struct Running {
    /// Where the app and API answer.
    pub addr: SocketAddr,
    /// The plain-HTTP port, when there is one.
    pub http_addr: Option<SocketAddr>,
    /// The certificate presented, with TLS.
    pub certs: Option<Arc<CertStore>>,
    /// Notify to reload certificate files at once (SIGHUP).
    pub reload: Arc<Notify>,
    stop: watch::Sender<bool>,
    servers: JoinSet<()>,
    background: JoinSet<()>,
}

impl Running {
    /// Stops accepting, lets open requests finish, and returns when both ports are closed.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        while self.servers.join_next().await.is_some() {}
        self.background.abort_all();
    }
}

/// Whether plain HTTP on `addr` leaves phones without offline use (anything but loopback).
pub fn phones_need_https(addr: SocketAddr) -> bool {
    !addr.ip().is_loopback()
}

/// Starts the server as `launch` says; errors (a port taken, an unreadable certificate) come
/// before anything is served.
pub async fn launch<S: Storage>(launch: Launch<S>) -> anyhow::Result<Running> {
    let Launch {
        state,
        dist,
        addr,
        http_addr,
        tls,
        limits,
        public_url,
        township_ca,
    } = launch;
    let reload = Arc::new(Notify::new());
    let mut background = JoinSet::new();
    let (certs, challenges) = match tls {
        TlsMode::None => (None, Challenges::default()),
        TlsMode::Files { files, poll } => {
            let store = CertStore::new();
            let task = files.watch(store.clone(), poll, reload.clone())?;
            background.spawn(async move {
                let _ = task.await;
            });
            (Some(store), Challenges::default())
        }
        TlsMode::Acme(config) => {
            let (store, challenges) = (CertStore::new(), Challenges::default());
            let acme = Acme::new(config, challenges.clone(), store.clone());
            acme.load_stored(chrono::Utc::now());
            background.spawn(acme.run());
            (Some(store), challenges)
        }
        TlsMode::Store { store, challenges } => (Some(store), challenges),
    };
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let addr = listener.local_addr()?;
    let http_listener = match (&certs, http_addr) {
        (Some(_), Some(http_addr)) => Some(
            TcpListener::bind(http_addr)
                .await
                .with_context(|| format!("cannot listen on {http_addr}"))?,
        ),
        _ => None,
    };
    let http_addr = match &http_listener {
        Some(l) => Some(l.local_addr()?),
        None => None,
    };
    let deploy = Deploy {
        public_url,
        https: certs.is_some(),
        http_port: http_addr.map(|a| a.port()),
        township_ca,
    };
    let state = state.with_deploy(deploy.clone());
    let (stop, stopped) = watch::channel(false);
    let until_stopped = move || {
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        }
    };
    let mut servers = JoinSet::new();
    let acceptor = match &certs {
        Some(store) => Some(tls::acceptor(store.clone())?),
        None => None,
    };
    let app = crate::router(dist, state);
    servers.spawn(net::serve(listener, app, acceptor, limits, until_stopped()));
    if let Some(http_listener) = http_listener {
        let redirect = tls::redirect::app(&deploy, addr.port(), challenges);
        servers.spawn(net::serve(
            http_listener,
            redirect,
            None,
            limits,
            until_stopped(),
        ));
    }
    Ok(Running {
        addr,
        http_addr,
        certs,
        reload,
        stop,
        servers,
        background,
    })
}

//! The listener: accepts connections up to a cap, speaks HTTP/1.1 and HTTP/2 (over TLS when
//! given an acceptor), and closes connections that are slow to send a head, idle too long, or
//! whose body stalls — so a few hundred half-open connections cannot stop the server answering.
//!
//! [`serve`] replaces `axum::serve` for the binary and for tests that need the real thing. Each
//! request carries axum's `ConnectInfo<SocketAddr>` and a [`Secure`] flag.
mod watch;

pub use watch::Timeouts;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch as signal, Semaphore};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;
use tower_http::timeout::TimeoutBody;

use watch::{Activity, Verdict, Watched};

/// Limits on connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnLimits {
    /// Open connections at most; further ones wait in the kernel's queue until one closes.
    pub max_connections: usize,
    pub timeouts: Timeouts,
    /// A request body with no data for this long fails (a stalled upload).
    pub body: Duration,
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            max_connections: 512,
            timeouts: Timeouts {
                header: Duration::from_secs(20),
                idle: Duration::from_secs(60),
            },
            body: Duration::from_secs(30),
        }
    }
}

/// Whether the request came over TLS (a request extension).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Secure(pub bool);

/// How long connections get to finish their requests after the shutdown signal.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` resolves, then lets open requests finish (at most
/// [`DRAIN`]). With `tls`, every connection is TLS (HTTP/2 or HTTP/1.1 by ALPN).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    tls: Option<TlsAcceptor>,
    limits: ConnLimits,
    shutdown: impl Future<Output = ()> + Send,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (stop, stopping) = signal::channel(false);
    let mut builder = auto::Builder::new(TokioExecutor::new());
    // The head timeout is the watchdog's (it also covers the TLS handshake and idle waits).
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(None)
        .max_buf_size(64 * 1024);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(64)
        .keep_alive_interval(None);
    let builder = Arc::new(builder);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (app, tls, builder, stopping) =
            (app.clone(), tls.clone(), builder.clone(), stopping.clone());
        tokio::spawn(async move {
            connection(stream, peer, app, tls, &builder, limits, stopping).await;
            drop(permit);
        });
    }
    let _ = stop.send(true);
    // Every permit back means every connection has finished.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(DRAIN, permits.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!("connections still open after {DRAIN:?}; closing them");
    }
}

/// An accept error is the client's (reset before accepted) or the machine's (out of file
/// descriptors): neither stops the server, the latter gets a pause so the loop does not spin.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::*;
    if !matches!(e.kind(), ConnectionAborted | ConnectionReset | Interrupted) {
        tracing::warn!(error = %e, "accept failed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    tls: Option<TlsAcceptor>,
    builder: &auto::Builder<TokioExecutor>,
    limits: ConnLimits,
    stopping: signal::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let activity = Activity::new();
    let stream = Watched::new(stream, activity.clone());
    match tls {
        None => {
            http(
                stream, peer, false, app, builder, limits, activity, stopping,
            )
            .await
        }
        Some(acceptor) => {
            let handshake = tokio::time::timeout(limits.timeouts.header, acceptor.accept(stream));
            match handshake.await {
                Ok(Ok(stream)) => {
                    http(stream, peer, true, app, builder, limits, activity, stopping).await
                }
                Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
                Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn http<S>(
    stream: S,
    peer: SocketAddr,
    secure: bool,
    app: Router,
    builder: &auto::Builder<TokioExecutor>,
    limits: ConnLimits,
    activity: Arc<Activity>,
    mut stopping: signal::Receiver<bool>,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let watch = activity.clone();
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        let in_flight = watch.begin();
        req.extensions_mut().insert(ConnectInfo(peer));
        req.extensions_mut().insert(Secure(secure));
        let req = req.map(|body| axum::body::Body::new(TimeoutBody::new(limits.body, body)));
        let app = app.clone();
        async move {
            let response = app.oneshot(req).await;
            drop(in_flight);
            response
        }
    });
    let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
    tokio::pin!(conn);
    let mut draining = false;
    loop {
        let wait = match activity.verdict(limits.timeouts) {
            Verdict::Keep(wait) => wait,
            // Nothing is in flight: dropping the connection loses no answer.
            Verdict::HeaderTimeout | Verdict::Idle => return,
        };
        tokio::select! {
            done = conn.as_mut() => {
                if let Err(e) = done {
                    tracing::debug!(%peer, error = %e, "connection ended with an error");
                }
                return;
            }
            () = tokio::time::sleep(wait) => {}
            () = activity.changed() => {}
            changed = stopping.changed(), if !draining => {
                if changed.is_err() || *stopping.borrow() {
                    draining = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

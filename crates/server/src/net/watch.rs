//! What a connection is doing, for its timeouts: when bytes last moved, whether a request head is
//! being read, and how many requests are being answered. [`Watched`] counts the bytes of the
//! socket (below TLS, so a handshake counts as reading a head); [`Activity::begin`] marks a
//! request whose head has arrived. [`Activity::verdict`] says whether to keep the connection.
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The timeouts of one connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// From the first byte of a request (or of the TLS handshake, or from the accept when nothing
    /// came yet) until its head has arrived.
    pub header: Duration,
    /// A kept-alive connection with nothing in flight and no byte moving is closed after this.
    pub idle: Duration,
}

/// Whether a connection may stay open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Look again after this long.
    Keep(Duration),
    /// Close it: the head did not arrive in time.
    HeaderTimeout,
    /// Close it: idle for too long.
    Idle,
}

/// The shared state of one connection.
#[derive(Debug)]
pub struct Activity {
    epoch: Instant,
    /// Milliseconds since `epoch` of the last byte read or written.
    last_io: AtomicU64,
    /// 1 + milliseconds since `epoch` when a head started to arrive; 0 while none is.
    head_from: AtomicU64,
    in_flight: AtomicUsize,
    served: AtomicU64,
    /// Told when a deadline may have moved closer (a head began, a request began or ended).
    changed: tokio::sync::Notify,
}

impl Activity {
    pub fn new() -> Arc<Activity> {
        Arc::new(Activity {
            epoch: Instant::now(),
            last_io: AtomicU64::new(0),
            head_from: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            served: AtomicU64::new(0),
            changed: tokio::sync::Notify::new(),
        })
    }

    fn now_ms(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    fn read(&self) {
        self.read_at(self.now_ms());
    }

    fn read_at(&self, now: u64) {
        self.last_io.store(now, Relaxed);
        if self.in_flight.load(Relaxed) == 0 && self.head_from.load(Relaxed) == 0 {
            self.head_from.store(now + 1, Relaxed);
            self.changed.notify_one();
        }
    }

    fn wrote(&self) {
        self.last_io.store(self.now_ms(), Relaxed);
    }

    fn start(&self) {
        self.in_flight.fetch_add(1, Relaxed);
        self.head_from.store(0, Relaxed);
        self.served.fetch_add(1, Relaxed);
        self.changed.notify_one();
    }

    fn end_at(&self, now: u64) {
        self.last_io.store(now, Relaxed);
        self.in_flight.fetch_sub(1, Relaxed);
        self.changed.notify_one();
    }

    /// Resolves when a deadline may have moved (see [`Activity::verdict`] again).
    pub async fn changed(&self) {
        self.changed.notified().await;
    }

    /// A request's head has arrived; it is in flight until the guard is dropped (its answer's
    /// head is ready — a body still going out keeps the connection busy by its writes).
    pub fn begin(self: &Arc<Self>) -> InFlight {
        self.start();
        InFlight(self.clone())
    }

    /// Whether the connection may stay open now.
    pub fn verdict(&self, timeouts: Timeouts) -> Verdict {
        self.verdict_at(self.now_ms(), timeouts)
    }

    /// Whether the connection may stay open at `now` (milliseconds since it was accepted).
    fn verdict_at(&self, now: u64, timeouts: Timeouts) -> Verdict {
        let ms = |d: Duration| d.as_millis() as u64;
        if self.in_flight.load(Relaxed) > 0 {
            // The handler is working; bodies have their own timeout.
            return Verdict::Keep(timeouts.idle);
        }
        let head = self.head_from.load(Relaxed);
        let (deadline, closed) = if head != 0 {
            (head - 1 + ms(timeouts.header), Verdict::HeaderTimeout)
        } else if self.served.load(Relaxed) == 0 {
            // Nothing has come since the accept: waiting for the first head.
            (
                self.last_io.load(Relaxed) + ms(timeouts.header),
                Verdict::HeaderTimeout,
            )
        } else {
            (
                self.last_io.load(Relaxed) + ms(timeouts.idle),
                Verdict::Idle,
            )
        };
        if now >= deadline {
            closed
        } else {
            Verdict::Keep(Duration::from_millis(deadline - now))
        }
    }
}

/// A request in flight; see [`Activity::begin`].
#[derive(Debug)]
pub struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.end_at(self.0.now_ms());
    }
}

/// A socket whose reads and writes are recorded in an [`Activity`].
#[derive(Debug)]
pub struct Watched<S> {
    inner: S,
    activity: Arc<Activity>,
}

impl<S> Watched<S> {
    pub fn new(inner: S, activity: Arc<Activity>) -> Watched<S> {
        Watched { inner, activity }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.read();
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Timeouts = Timeouts {
        header: Duration::from_secs(10),
        idle: Duration::from_secs(30),
    };

    fn closed(v: Verdict) -> bool {
        !matches!(v, Verdict::Keep(_))
    }

    #[test]
    fn a_connection_that_sends_nothing_is_closed_after_the_header_timeout() {
        let a = Activity::new();
        assert_eq!(
            a.verdict_at(9_000, T),
            Verdict::Keep(Duration::from_secs(1))
        );
        assert_eq!(a.verdict_at(10_000, T), Verdict::HeaderTimeout);
    }

    #[test]
    fn a_head_that_trickles_in_is_cut_off_whatever_bytes_keep_coming() {
        let a = Activity::new();
        for t in (1_000..=11_000).step_by(1_000) {
            a.read_at(t);
        }
        assert_eq!(
            a.verdict_at(11_000, T),
            Verdict::HeaderTimeout,
            "10 s after its first byte"
        );
    }

    #[test]
    fn a_request_in_flight_keeps_the_connection_then_it_idles_until_the_idle_timeout() {
        let a = Activity::new();
        a.read_at(100);
        a.start();
        assert!(
            !closed(a.verdict_at(100_000, T)),
            "a slow handler is not cut off"
        );
        a.end_at(100_000);
        assert!(!closed(a.verdict_at(129_999, T)));
        assert_eq!(a.verdict_at(130_000, T), Verdict::Idle);
    }

    #[test]
    fn the_next_head_on_a_kept_alive_connection_has_the_header_timeout() {
        let a = Activity::new();
        a.start();
        a.end_at(1_000);
        a.read_at(5_000);
        assert!(!closed(a.verdict_at(14_999, T)));
        assert_eq!(a.verdict_at(15_000, T), Verdict::HeaderTimeout);
    }

    #[test]
    fn an_answer_still_going_out_is_not_idle() {
        let a = Activity::new();
        a.start();
        a.end_at(1_000);
        // The body's writes go on after the handler returned.
        a.last_io.store(50_000, Relaxed);
        assert!(!closed(a.verdict_at(79_999, T)));
        assert_eq!(a.verdict_at(80_000, T), Verdict::Idle);
    }
}

//! Slow and hostile connections (issue 11, item 6): hundreds of connections that never send a
//! request do not stop the server answering; heads, idle connections and bodies that stall are
//! cut off; the cap makes further connections wait, not fail.
use std::io::{Read, Write};
use std::time::Duration;

use shouwang_server::net::{ConnLimits, Timeouts};

use crate::support::{exchange, raw, Options, Server};

const HEALTH: &[u8] = b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

/// `/api/v1/health` on a new connection, answered within `within` (the read times out after).
fn health_within(server: &Server, within: Duration) -> String {
    exchange(server.addr, HEALTH, within).expect("health answered in time")
}

#[test]
fn three_hundred_idle_connections_and_health_still_answers_within_a_second() {
    let server = Server::start(Options::default());
    // Half-open: connected, a head begun, never finished (as a slow-loris client does) — and
    // as many that send nothing at all.
    let mut idle = Vec::new();
    for i in 0..300 {
        let mut s = raw(server.addr, Duration::from_secs(5));
        if i % 2 == 0 {
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
        }
        idle.push(s);
    }
    let answer = health_within(&server, Duration::from_secs(1));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"status\":\"ok\""), "{answer}");
    drop(idle);
}

#[test]
fn three_hundred_unfinished_tls_handshakes_and_health_still_answers_within_a_second() {
    let server = Server::start(Options {
        tls: true,
        ..Options::default()
    });
    let idle: Vec<_> = (0..300)
        .map(|_| raw(server.addr, Duration::from_secs(5)))
        .collect();
    let agent = server.agent();
    let res = agent
        .get(format!("{}/api/v1/health", server.base()))
        .config()
        .timeout_global(Some(Duration::from_secs(1)))
        .build()
        .call()
        .expect("health over TLS answered within a second");
    assert_eq!(res.status(), 200);
    drop(idle);
}

fn short(header: u64, idle: u64, body: u64, max: usize) -> Options {
    Options {
        limits: ConnLimits {
            max_connections: max,
            timeouts: Timeouts {
                header: Duration::from_secs(header),
                idle: Duration::from_secs(idle),
            },
            body: Duration::from_secs(body),
        },
        ..Options::default()
    }
}

#[test]
fn a_head_that_never_ends_is_cut_off() {
    let server = Server::start(short(1, 30, 30, 16));
    let mut s = raw(server.addr, Duration::from_secs(20));
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut rest = Vec::new();
    // The server closes the connection (EOF) instead of waiting for the rest of the head.
    s.read_to_end(&mut rest)
        .expect("closed by the server, not by our timeout");
    assert!(rest.is_empty(), "{}", String::from_utf8_lossy(&rest));
}

#[test]
fn an_idle_kept_alive_connection_is_closed() {
    let server = Server::start(short(30, 1, 30, 16));
    let mut s = raw(server.addr, Duration::from_secs(20));
    s.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut first = vec![0u8; 4096];
    let n = s.read(&mut first).unwrap();
    assert!(String::from_utf8_lossy(&first[..n]).starts_with("HTTP/1.1 200"));
    let mut rest = Vec::new();
    s.read_to_end(&mut rest)
        .expect("closed by the server after the idle timeout");
}

#[test]
fn a_body_that_stalls_fails_with_the_apis_error() {
    let server = Server::start(short(30, 30, 1, 16));
    let answer = exchange(
        server.addr,
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\nConnection: close\r\n\r\n{\"username\":",
        Duration::from_secs(20),
    )
    .expect("answered, not left hanging");
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("\"reason\":\"bad_request\""), "{answer}");
}

#[test]
fn connections_over_the_cap_wait_for_a_free_one() {
    let server = Server::start(short(1, 30, 30, 4));
    let hogs: Vec<_> = (0..4)
        .map(|_| raw(server.addr, Duration::from_secs(5)))
        .collect();
    // The fifth waits in the queue until the head timeout frees a place, then is answered.
    let answer = health_within(&server, Duration::from_secs(15));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(hogs);
}

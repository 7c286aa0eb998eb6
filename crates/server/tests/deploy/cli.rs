//! The deployment commands as an operator runs them: `serve` warns when phones cannot work
//! offline, `tls init`, `backup` and `restore`.
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn shouwang() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_shouwang"));
    c.env_remove("SHOUWANG_CONFIG").env("RUST_LOG", "warn");
    c
}

/// Runs `serve` with `args` until a line containing `wanted` appears on stderr (or 60 s pass).
fn serve_until(args: &[&str], wanted: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("dist")).unwrap();
    std::fs::write(dir.path().join("dist/index.html"), "<!doctype html>").unwrap();
    let mut child = shouwang()
        .current_dir(dir.path())
        .args([
            "serve",
            "--dist",
            "dist",
            "--database-url",
            "sqlite://data/s.db",
        ])
        .args(args)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let (mut seen, mut found) = (String::new(), false);
    let deadline = Instant::now() + Duration::from_secs(60);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) => {
                seen.push_str(&line);
                seen.push('\n');
                if line.contains(wanted) {
                    found = true;
                    break;
                }
                // Served (the log says so) without the line: it will not come.
                if line.contains("serving") {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    (found, seen)
}

#[test]
fn serve_on_a_network_address_without_tls_warns_that_phones_will_not_work_offline() {
    let (warned, log) = serve_until(&["--addr", "0.0.0.0:0"], "手机无法离线使用");
    assert!(warned, "no warning in:\n{log}");
    assert!(
        log.contains("warning: phones will not work offline"),
        "{log}"
    );
}

#[test]
fn serve_on_loopback_does_not_warn() {
    let (warned, log) = serve_until(&["--addr", "127.0.0.1:0"], "phones will not work offline");
    assert!(!warned, "{log}");
}

#[test]
fn tls_init_then_backup_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = shouwang()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    };
    let (ok, text) = run(&[
        "tls",
        "init",
        "--host",
        "shouwang.lan",
        "--host",
        "192.168.1.10",
    ]);
    assert!(ok, "{text}");
    assert!(text.contains("CA SHA-256 fingerprint"), "{text}");
    for f in ["ca.pem", "ca-key.pem", "cert.pem", "key.pem"] {
        assert!(dir.path().join("data/tls").join(f).is_file(), "{f}");
    }
    let (ok, text) = run(&["tls", "init", "--host", "shouwang.lan"]);
    assert!(ok, "{text}");
    assert!(text.contains("township CA kept"), "{text}");

    let (ok, text) = run(&[
        "user",
        "add",
        "li",
        "--role",
        "worker",
        "--area",
        "532328100201",
    ]);
    assert!(ok, "{text}");
    let (ok, text) = run(&["backup", "backup.db"]);
    assert!(ok, "{text}");
    assert!(
        text.contains("0 households") && text.contains("1 users"),
        "{text}"
    );
    let (ok, text) = run(&["backup", "backup.db"]);
    assert!(!ok && text.contains("exists"), "{text}");
    let (ok, _) = run(&[
        "user",
        "add",
        "wang",
        "--role",
        "worker",
        "--area",
        "532328100201",
    ]);
    assert!(ok);
    let (ok, text) = run(&["restore", "backup.db"]);
    assert!(ok, "{text}");
    assert!(text.contains("kept as"), "{text}");
    let (ok, text) = run(&["user", "list"]);
    assert!(
        ok && text.contains("li") && !text.contains("wang"),
        "{text}"
    );
}

//! Accounts from the command line, and what `serve` does on first start: `shouwang user …`,
//! `shouwang device …`, the admin's one-time password, `--demo`, the configuration file.
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn shouwang(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shouwang"))
        .arg("--database-url")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

pub fn out(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "should fail: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn users_are_created_assigned_listed_and_reset() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/db/s.db", dir.path().display());
    let created = out(&shouwang(
        &db,
        &[
            "user",
            "add",
            "li",
            "--role",
            "worker",
            "--area",
            "532328100201",
            "--name",
            "李四",
        ],
    ));
    assert!(created.contains("one-time password: "), "{created}");
    assert!(
        dir.path().join("db/s.db").is_file(),
        "the folder and file are created"
    );

    let e = err(&shouwang(&db, &["user", "add", "li", "--role", "worker"]));
    assert!(e.contains("already exists"), "{e}");
    let e = err(&shouwang(
        &db,
        &[
            "user",
            "add",
            "zhao",
            "--role",
            "worker",
            "--area",
            "532328100",
        ],
    ));
    assert!(e.contains("12-digit"), "{e}");
    let e = err(&shouwang(&db, &["user", "assign", "li", "53232810020x"]));
    assert!(e.contains("not an area-code prefix"), "{e}");

    out(&shouwang(&db, &["user", "assign", "li", "532328100202"]));
    let list = out(&shouwang(&db, &["user", "list"]));
    assert!(
        list.contains("li\t李四\tWorker\t532328100201,532328100202\t(one-time password)"),
        "{list}"
    );
    out(&shouwang(&db, &["user", "unassign", "li", "532328100201"]));
    let list = out(&shouwang(&db, &["user", "list"]));
    assert!(list.contains("Worker\t532328100202"), "{list}");

    let reset = out(&shouwang(&db, &["user", "reset-password", "li"]));
    assert!(reset.contains("one-time password"), "{reset}");
    let e = err(&shouwang(&db, &["user", "reset-password", "nobody"]));
    assert!(e.contains("not found"), "{e}");
    let none = out(&shouwang(&db, &["device", "revoke", "li"]));
    assert!(none.contains("0 sign-in(s)"), "{none}");
    assert_eq!(out(&shouwang(&db, &["device", "list"])), "");
}

#[test]
fn a_database_url_that_is_neither_sqlite_nor_postgres_is_a_clear_error() {
    let e = err(&shouwang("mysql://x/y", &["user", "list"]));
    assert!(
        e.starts_with("error: cannot open the database mysql://x/y"),
        "{e}"
    );
    assert!(e.contains("sqlite://"), "{e}");
}

/// `serve` in the background, its stdout read line by line.
struct Serving {
    child: Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Serving {
    fn start(args: &[&str]) -> Serving {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shouwang"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if tx.send(line.unwrap_or_default()).is_err() {
                    break;
                }
            }
        });
        Serving { child, lines }
    }

    /// Lines printed until one contains `until` (or 20 s pass).
    fn read_until(&self, until: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut text = String::new();
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(200)) {
                text.push_str(&line);
                text.push('\n');
                if line.contains(until) {
                    return text;
                }
            }
        }
        panic!("no line with {until:?} in:\n{text}");
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dist() -> tempfile::TempDir {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").unwrap();
    dist
}

#[test]
fn first_start_prints_an_admin_one_time_password_once_and_demo_loads_a_township() {
    let data = tempfile::tempdir().unwrap();
    let dist = dist();
    let db = format!("sqlite://{}/shouwang.db", data.path().display());
    let args = [
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--dist",
        dist.path().to_str().unwrap(),
        "--database-url",
        &db,
        "--demo",
    ];
    {
        let first = Serving::start(&args);
        let text = first.read_until("reviewer");
        assert!(text.contains("username:              admin"), "{text}");
        assert!(text.contains("one-time password: "), "{text}");
        assert!(
            text.contains("demo township loaded: 2 villages, 48 households"),
            "{text}"
        );
        assert!(text.contains("worker1"), "{text}");
    }
    // Second start: the admin exists, so no password is printed again; the demo is not loaded twice.
    let second = Serving::start(&args);
    let text = second.read_until("reviewer");
    assert!(!text.contains("one-time password"), "{text}");
    assert!(!text.contains("demo township loaded"), "{text}");
    drop(second);
    let users = out(&shouwang(&db, &["user", "list"]));
    for name in ["admin", "worker1", "worker2", "reviewer"] {
        assert!(users.contains(name), "{users}");
    }
}

#[test]
fn a_configuration_file_is_read_and_a_bad_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "adress = \"127.0.0.1:1\"\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_shouwang"))
        .args(["--config", bad.to_str().unwrap(), "serve"])
        .output()
        .unwrap();
    let e = err(&o);
    assert!(e.contains("bad.toml is not a valid configuration"), "{e}");

    let dist = dist();
    let good = dir.path().join("good.toml");
    std::fs::write(
        &good,
        format!(
            "addr = \"127.0.0.1:0\"\ndist = {:?}\ndatabase_url = \"sqlite://{}/from-file.db\"\nlog_format = \"json\"\n",
            dist.path().to_str().unwrap(),
            dir.path().display()
        ),
    )
    .unwrap();
    let serving = Serving::start(&["--config", good.to_str().unwrap(), "serve"]);
    serving.read_until("one-time password");
    assert!(dir.path().join("from-file.db").is_file());
}

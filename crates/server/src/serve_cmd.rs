//! `shouwang serve`: settings from flags, environment, file and defaults; the first admin; the
//! demo; then the server ([`shouwang_server::launch`]) until Ctrl-C or SIGTERM (SIGHUP reloads
//! the certificate files).
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};

use shouwang_domain::sync::wire::Role;
use shouwang_server::config::{self, FileConfig, LogFormat};
use shouwang_server::deploy::TownshipCa;
use shouwang_server::launch::{self, Launch, TlsMode};
use shouwang_server::net::{ConnLimits, Timeouts};
use shouwang_server::store::{NewUser, Storage};
use shouwang_server::tls::acme::{self, AcmeConfig};
use shouwang_server::tls::files::{self, CertFiles};
use shouwang_server::{auth, backup, demo, AppState, Limits};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "SHOUWANG_ADDR")]
    addr: Option<SocketAddr>,
    /// Directory of the built app (the output of `trunk build`) [default: dist].
    #[arg(long, env = "SHOUWANG_DIST")]
    dist: Option<PathBuf>,
    /// Load a demo township (2 villages, 48 households, demo users) into an empty database.
    #[arg(long)]
    demo: bool,
    /// Log lines as text or JSON [default: text].
    #[arg(long, env = "SHOUWANG_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,
    /// Largest request body in MiB, after decompression [default: 16].
    #[arg(long, env = "SHOUWANG_MAX_BODY_MB")]
    max_body_mb: Option<usize>,
    /// Area prefix of the administrator created on an empty database ("" = everything).
    #[arg(long, env = "SHOUWANG_ADMIN_AREA")]
    admin_area: Option<String>,
    /// Where ACME state, the township CA and the attachments' bytes live [default: data].
    #[arg(long, env = "SHOUWANG_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// HTTPS: the certificate chain (PEM); picked up again when the file changes.
    #[arg(long, env = "SHOUWANG_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// HTTPS: the certificate's private key (PEM).
    #[arg(long, env = "SHOUWANG_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// The township CA offered to phones at /township-ca.crt [default: ca.pem beside --tls-cert].
    #[arg(long, env = "SHOUWANG_TLS_CA")]
    tls_ca: Option<PathBuf>,
    /// HTTPS by ACME: the public name to obtain and renew a certificate for.
    #[arg(long, env = "SHOUWANG_ACME_DOMAIN", conflicts_with = "tls_cert")]
    acme_domain: Option<String>,
    /// ACME: an e-mail address for the CA's notices.
    #[arg(long, env = "SHOUWANG_ACME_CONTACT")]
    acme_contact: Option<String>,
    /// ACME: the directory URL [default: Let's Encrypt].
    #[arg(long, env = "SHOUWANG_ACME_DIRECTORY")]
    acme_directory: Option<String>,
    /// ACME: a PEM root to trust for a private ACME directory's own HTTPS.
    #[arg(long, env = "SHOUWANG_ACME_DIRECTORY_CA")]
    acme_directory_ca: Option<PathBuf>,
    /// With HTTPS, a plain-HTTP address that redirects to it and answers ACME challenges
    /// [default with ACME: port 80 of --addr's address].
    #[arg(long, env = "SHOUWANG_HTTP_ADDR")]
    http_addr: Option<SocketAddr>,
    /// The address phones open (https://name[:port]), for enrolment QR codes and redirects
    /// [default: the Host each request names].
    #[arg(long, env = "SHOUWANG_PUBLIC_URL")]
    public_url: Option<String>,
    /// Open connections at most [default: 512].
    #[arg(long, env = "SHOUWANG_MAX_CONNECTIONS")]
    max_connections: Option<usize>,
    /// Seconds for a request's head (and a TLS handshake) to arrive [default: 20].
    #[arg(long, env = "SHOUWANG_HEADER_TIMEOUT_SECS")]
    header_timeout_secs: Option<u64>,
    /// Seconds a kept-alive connection may stay idle [default: 60].
    #[arg(long, env = "SHOUWANG_IDLE_TIMEOUT_SECS")]
    idle_timeout_secs: Option<u64>,
    /// Seconds a request body may pause before it fails [default: 30].
    #[arg(long, env = "SHOUWANG_BODY_TIMEOUT_SECS")]
    body_timeout_secs: Option<u64>,
}

/// The limits on connections from the settings (each at least 1).
fn conn_limits(args: &ServeArgs, file: &FileConfig) -> ConnLimits {
    let d = ConnLimits::default();
    let secs = |flag: Option<u64>, key: Option<u64>, default: Duration| {
        flag.or(key)
            .map_or(default, |s| Duration::from_secs(s.max(1)))
    };
    ConnLimits {
        max_connections: args
            .max_connections
            .or(file.max_connections)
            .unwrap_or(d.max_connections)
            .max(1),
        timeouts: Timeouts {
            header: secs(
                args.header_timeout_secs,
                file.header_timeout_secs,
                d.timeouts.header,
            ),
            idle: secs(
                args.idle_timeout_secs,
                file.idle_timeout_secs,
                d.timeouts.idle,
            ),
        },
        body: secs(args.body_timeout_secs, file.body_timeout_secs, d.body),
    }
}

/// Where the certificate comes from, and the plain-HTTP address beside it.
fn tls_mode(
    args: &ServeArgs,
    file: &FileConfig,
    addr: SocketAddr,
    data_dir: &std::path::Path,
) -> anyhow::Result<(TlsMode, Option<SocketAddr>, Option<PathBuf>)> {
    let cert = args.tls_cert.clone().or(file.tls_cert.clone());
    let key = args.tls_key.clone().or(file.tls_key.clone());
    let domain = args.acme_domain.clone().or(file.acme_domain.clone());
    let http_addr = args.http_addr.or(file.http_addr);
    let ca = args.tls_ca.clone().or(file.tls_ca.clone());
    match (cert, key, domain) {
        (Some(_), _, Some(_)) => {
            bail!("give either --tls-cert/--tls-key or --acme-domain, not both")
        }
        (Some(cert), Some(key), None) => {
            let ca = ca.or_else(|| {
                let beside = cert.parent()?.join("ca.pem");
                beside.is_file().then_some(beside)
            });
            let mode = TlsMode::Files {
                files: CertFiles { cert, key },
                poll: files::DEFAULT_POLL,
            };
            Ok((mode, http_addr, ca))
        }
        (Some(_), None, None) | (None, Some(_), None) => {
            bail!("HTTPS needs both --tls-cert and --tls-key")
        }
        (None, _, Some(domain)) => {
            let config = AcmeConfig {
                domain,
                contact: args.acme_contact.clone().or(file.acme_contact.clone()),
                directory: args
                    .acme_directory
                    .clone()
                    .or(file.acme_directory.clone())
                    .unwrap_or_else(|| acme::DEFAULT_DIRECTORY.to_owned()),
                directory_ca: args
                    .acme_directory_ca
                    .clone()
                    .or(file.acme_directory_ca.clone()),
                state_dir: data_dir.join("acme"),
            };
            // HTTP-01 is answered on port 80.
            let http_addr = http_addr.unwrap_or(SocketAddr::new(addr.ip(), 80));
            Ok((TlsMode::Acme(config), Some(http_addr), ca))
        }
        (None, None, None) => Ok((TlsMode::None, None, ca)),
    }
}

#[tokio::main]
pub async fn serve(
    args: ServeArgs,
    file: FileConfig,
    database_url: String,
    calendar: crate::Calendar,
) -> anyhow::Result<()> {
    let addr = args
        .addr
        .or(file.addr)
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
    let dist = args
        .dist
        .clone()
        .or(file.dist.clone())
        .unwrap_or_else(|| PathBuf::from("dist"));
    let max_body_mb = args.max_body_mb.or(file.max_body_mb).unwrap_or(16);
    let admin_area = args
        .admin_area
        .clone()
        .or(file.admin_area.clone())
        .unwrap_or_default();
    crate::accounts_cmd::check_area(Role::Admin, &admin_area).context("admin_area")?;
    shouwang_server::check_dist(&dist)?;
    let data_dir = args
        .data_dir
        .clone()
        .or(file.data_dir.clone())
        .unwrap_or_else(|| PathBuf::from(config::DEFAULT_DATA_DIR));
    let (tls, http_addr, ca) = tls_mode(&args, &file, addr, &data_dir)?;
    let township_ca = ca.map(|path| TownshipCa::read(&path)).transpose()?;
    let limits = conn_limits(&args, &file);
    let public_url = args.public_url.clone().or(file.public_url.clone());
    if let Some(url) = &public_url {
        if !url.starts_with("https://") && !url.starts_with("http://") {
            bail!("--public-url is an address such as https://shouwang.example.gov.cn");
        }
    }

    // While it runs, `shouwang restore` cannot replace the database under it.
    let _lock = if database_url.starts_with("sqlite:") {
        Some(backup::ServerLock::take(&backup::sqlite_file(
            &database_url,
        )?)?)
    } else {
        None
    };
    let store = crate::open(&database_url).await?;
    tracing::info!(database = %redact(&database_url), "database ready");
    if store.user_count().await? == 0 {
        let password = auth::one_time_password();
        store
            .create_user(NewUser {
                username: "admin".into(),
                display_name: "管理员".into(),
                role: Role::Admin,
                areas: vec![admin_area.clone()],
                password_hash: auth::hash_password(&password),
                must_change_password: true,
            })
            .await?;
        println!("================================================================");
        println!(" 首次启动：已创建管理员账号 / first start: administrator created");
        println!("   用户名 username:              admin");
        println!("   一次性密码 one-time password: {password}");
        println!(" 仅显示这一次；登录后请设置自己的密码。");
        println!(" Shown only this once; sign in and choose your own password.");
        println!("================================================================");
    }
    let state = AppState::new(
        store.clone(),
        Limits {
            max_body_bytes: max_body_mb * 1024 * 1024,
            token_idle_days: calendar.token_idle_days,
            ..Limits::default()
        },
    )
    .with_time_zone(calendar.time_zone)
    // Attachments live beside the other files the server keeps, whichever database it runs on.
    .with_blobs(shouwang_server::blobs::Blobs::under(&data_dir));
    tracing::info!(time_zone = %calendar.time_zone, today = %state.today(), "township calendar");
    if args.demo {
        if demo::load(&store, &state.policy, state.now(), state.today()).await? {
            println!("demo township loaded: 2 villages, 48 households");
        }
        println!("demo users (password {}):", demo::PASSWORD);
        for (username, name, _, area) in demo::users() {
            println!("   {username:<10} {name} ({area})");
        }
    }

    let https = !matches!(tls, TlsMode::None);
    let running = launch::launch(Launch {
        state,
        dist: dist.clone(),
        addr,
        http_addr,
        tls,
        limits,
        public_url,
        township_ca,
    })
    .await?;
    if !https && launch::phones_need_https(running.addr) {
        let warning = "phones will not work offline: served over plain HTTP at a network \
                       address, browsers give the app no service worker, no installation and no \
                       persistent storage. Use --tls-cert/--tls-key, --acme-domain, or a reverse \
                       proxy with HTTPS (README: Deploy a township)";
        eprintln!("warning: {warning}");
        eprintln!("警告：手机无法离线使用——通过 HTTP（非 HTTPS）在网络地址上提供服务时，浏览器不允许安装应用、离线缓存和持久存储。请配置 HTTPS（见 README“Deploy a township”）。");
        tracing::warn!("{warning}");
    }
    let scheme = if https { "https" } else { "http" };
    tracing::info!("serving {} at {scheme}://{}", dist.display(), running.addr);
    if let Some(http) = running.http_addr {
        tracing::info!("plain HTTP at http://{http} redirects to HTTPS");
    }
    let reload = running.reload.clone();
    tokio::spawn(async move {
        reload_on_hangup(reload).await;
    });
    shutdown_signal().await;
    running.stop().await;
    store.close().await;
    Ok(())
}

/// Reloads the certificate files on every SIGHUP (`systemctl reload shouwang`).
async fn reload_on_hangup(reload: std::sync::Arc<tokio::sync::Notify>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let Ok(mut hangup) = signal(SignalKind::hangup()) else {
            return;
        };
        while hangup.recv().await.is_some() {
            tracing::info!("SIGHUP: reloading the certificate");
            reload.notify_one();
        }
    }
    #[cfg(not(unix))]
    let _ = reload;
}

/// A database URL without its password, for the log.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before the process exits.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

//! The plain-HTTP port of a server that speaks HTTPS: every address answers a permanent
//! redirect to the same path over HTTPS, except ACME's HTTP challenges (`/.well-known/acme-
//! challenge/TOKEN`, answered from [`Challenges`]) and the township CA, which a phone must be
//! able to fetch before it trusts the HTTPS address.
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use super::acme::Challenges;
use crate::deploy::{host_name, valid_host, Deploy};

/// Where redirects go and what else the port answers.
#[derive(Clone, Debug)]
struct Target {
    /// `https://name` when a public address is configured.
    public_url: Option<String>,
    /// The HTTPS port (left out of the address when 443).
    https_port: u16,
    challenges: Challenges,
}

/// The plain-HTTP app: redirects, ACME challenges and the township CA.
pub fn app(deploy: &Deploy, https_port: u16, challenges: Challenges) -> Router {
    let target = Target {
        public_url: deploy.public_url.clone(),
        https_port,
        challenges,
    };
    Router::new()
        .route("/.well-known/acme-challenge/{token}", get(challenge))
        .fallback(redirect)
        .with_state(target)
        .merge(crate::web::township_ca(deploy))
        .layer(axum::middleware::from_fn(crate::web::security_headers))
}

async fn challenge(State(target): State<Target>, Path(token): Path<String>) -> Response {
    match target.challenges.get(&token) {
        Some(key_authorization) => (
            [(header::CONTENT_TYPE, "application/octet-stream")],
            key_authorization,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn redirect(State(target): State<Target>, req: Request) -> Response {
    let path = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let base = match &target.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => {
            let host = req
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .or_else(|| req.uri().authority().map(|a| a.as_str()))
                .filter(|h| valid_host(h));
            let Some(host) = host else {
                return (
                    StatusCode::BAD_REQUEST,
                    "HTTPS only: name the server in Host",
                )
                    .into_response();
            };
            let port = match target.https_port {
                443 => String::new(),
                p => format!(":{p}"),
            };
            format!("https://{}{port}", host_name(host))
        }
    };
    match format!("{base}{path}").parse::<Uri>() {
        Ok(uri) => Redirect::permanent(&uri.to_string()).into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

//! Who may read and who may press the buttons, and the headers every answer carries.
//!
//! - Every request, read or action, must name this dashboard in its Host header: bound to
//!   loopback, only `localhost` and loopback addresses; bound elsewhere, IP addresses and the
//!   names given with `--allow-host`. A page on a foreign name that resolves here (DNS
//!   rebinding) can then neither act nor read the topology.
//! - Bound to loopback, whoever reaches the page is on this machine and may act. Bound to any
//!   other address, actions need the presenter token printed at start (the room can watch, not
//!   act). `--read-only` turns every action off. An action from a browser must come from this
//!   dashboard's own page: its Origin is `http://` and the Host it was sent to.
//! - Every answer says: no referrer, no framing, no sniffing, and a Content-Security-Policy
//!   under which only this server's scripts run (the page's inline scripts carry a nonce made
//!   for that one answer).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use bridgescope_app::api::{AccessInfo, TOKEN_HEADER};

use super::rejections::refusal;
use super::{presenter, AppState};

#[derive(Clone, Debug)]
pub struct Access {
    pub read_only: bool,
    /// Required for actions when set (the server is bound to a non-loopback address).
    pub token: Option<String>,
    pub hosts: HostPolicy,
}

/// Which names in a Host header this dashboard answers to.
#[derive(Clone, Debug)]
pub enum HostPolicy {
    /// Bound to loopback: `localhost` and loopback addresses only.
    Loopback,
    /// Bound beyond loopback: any IP address, `localhost`, and these names.
    Named(Vec<String>),
}

impl HostPolicy {
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        let address = name.parse::<std::net::IpAddr>().ok();
        if name == "localhost" || address.is_some_and(|a| a.is_loopback()) {
            return true;
        }
        match self {
            HostPolicy::Loopback => false,
            HostPolicy::Named(names) => {
                address.is_some() || names.iter().any(|n| n.eq_ignore_ascii_case(&name))
            }
        }
    }
}

/// The name of a Host header without its port (`[::1]:3000` → `::1`); `None` when it is not
/// a plain host name or address.
fn host_name(host: &str) -> Option<&str> {
    let name = if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return None;
        }
        inside
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return None,
            None => host,
        }
    };
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c));
    plain.then_some(name)
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// `GET /api/access`: what this dashboard allows, and whether this request (with its token,
/// when it carries one) is the presenter's. A wrong token counts as a wrong try here too.
pub async fn info(State(state): State<AppState>, request: Request) -> Response {
    let peer = peer_address(&request);
    if let Some(wait) = state.tries.refused_for(peer, Instant::now()) {
        return too_many_wrong_tokens(wait).await;
    }
    let checked = check_action(&state.access, request.headers());
    if checked == Err(Refused::WrongToken) {
        state.tries.wrong(peer, Instant::now());
    }
    Json(AccessInfo {
        read_only: state.access.read_only,
        needs_token: state.access.token.is_some(),
        presenter: checked.is_ok(),
    })
    .into_response()
}

/// The answer to an address that sent too many wrong tokens: late, 429, and when to retry.
async fn too_many_wrong_tokens(wait: Duration) -> Response {
    tokio::time::sleep(presenter::SLOW_ANSWER).await;
    let error = format!(
        "too many wrong presenter tokens from this address: try again in {} s",
        wait.as_secs().max(1)
    );
    let mut answer = refusal(StatusCode::TOO_MANY_REQUESTS, error);
    if let Ok(value) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
        answer.headers_mut().insert(header::RETRY_AFTER, value);
    }
    answer
}

fn refuse(error: String) -> Response {
    refusal(StatusCode::FORBIDDEN, error)
}

fn host_of(headers: &HeaderMap) -> &str {
    headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// Every request: the Host header must name this dashboard.
pub async fn require_known_host(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let host = host_of(request.headers());
    if state.access.hosts.allows(host) {
        next.run(request).await
    } else {
        refuse(format!(
            "Host {host:?} is not a name this dashboard answers to: refused (a guard against \
             DNS rebinding; start bridgescope with --allow-host NAME to add a name)"
        ))
    }
}

/// Actions: not read-only, from this dashboard's own page (or no browser), with the token
/// when one is needed; an address that sent too many wrong tokens waits.
pub async fn require_presenter(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let peer = peer_address(&request);
    if let Some(wait) = state.tries.refused_for(peer, Instant::now()) {
        return too_many_wrong_tokens(wait).await;
    }
    match check_action(&state.access, request.headers()) {
        Ok(()) => next.run(request).await,
        Err(reason) => {
            if reason == Refused::WrongToken {
                state.tries.wrong(peer, Instant::now());
            }
            refuse(reason.to_string())
        }
    }
}

/// The address a request came from (the accept loop records it on every request).
fn peer_address(request: &Request) -> IpAddr {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// Why a request may not act.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("this dashboard is read-only (--read-only): actions are off")]
    ReadOnly,
    #[error("Host {0:?} is not a name this dashboard answers to: actions are refused")]
    ForeignHost(String),
    #[error(
        "a request from {origin:?} may not act on this dashboard (only its own page, \
         http://{host}, may)"
    )]
    ForeignOrigin { origin: String, host: String },
    #[error("actions need the presenter token (printed when bridgescope started)")]
    NoToken,
    #[error("this is not the presenter token (the one printed when bridgescope started)")]
    WrongToken,
}

fn check_action(access: &Access, headers: &HeaderMap) -> Result<(), Refused> {
    if access.read_only {
        return Err(Refused::ReadOnly);
    }
    let host = host_of(headers);
    if !access.hosts.allows(host) {
        return Err(Refused::ForeignHost(host.to_owned()));
    }
    // A browser always sends Origin with a POST; a request without one is no browser's.
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        if !origin.eq_ignore_ascii_case(&format!("http://{host}")) {
            return Err(Refused::ForeignOrigin {
                origin: origin.to_owned(),
                host: host.to_owned(),
            });
        }
    }
    if let Some(token) = &access.token {
        match headers.get(TOKEN_HEADER).map(|v| v.to_str().unwrap_or("")) {
            None => return Err(Refused::NoToken),
            Some(given) if !presenter::token_matches(token, given) => {
                return Err(Refused::WrongToken)
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The nonce the page's inline scripts carry in this one answer.
#[derive(Clone, Debug)]
pub struct PageNonce(pub String);

/// Adds the security headers to every answer, and makes the nonce the page's inline scripts
/// carry (the page reads it from the request's extensions).
pub async fn security_headers(mut request: Request, next: Next) -> Response {
    let nonce = match new_token() {
        Ok(nonce) => nonce,
        Err(error) => {
            tracing::error!("no randomness for a page nonce: {error}");
            return (StatusCode::INTERNAL_SERVER_ERROR, "no randomness").into_response();
        }
    };
    request.extensions_mut().insert(PageNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// Scripts: this server's files, the page's own inline scripts (by nonce) and the wasm it
/// compiles; connections (the event stream, the actions) to this server only; no framing.
fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// A fresh random token, hex.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            if let Ok(value) = HeaderValue::from_str(value) {
                map.insert(*name, value);
            }
        }
        map
    }

    const OPEN: Access = Access {
        read_only: false,
        token: None,
        hosts: HostPolicy::Loopback,
    };

    #[test]
    fn same_origin_on_loopback_may_act() {
        let h = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
        ]);
        assert_eq!(check_action(&OPEN, &h), Ok(()));
    }

    #[test]
    fn a_foreign_origin_scheme_or_host_is_refused() {
        for (host, origin) in [
            ("127.0.0.1:3000", "http://evil.example"),
            ("127.0.0.1:3000", "https://127.0.0.1:3000"),
            ("127.0.0.1:3000", "null"),
            ("127.0.0.1:3000", "http://127.0.0.1:3001"),
        ] {
            let h = headers(&[("host", host), ("origin", origin)]);
            assert!(check_action(&OPEN, &h).is_err(), "{origin}");
        }
        let h = headers(&[("host", "evil.example:3000")]);
        assert!(check_action(&OPEN, &h).is_err());
    }

    #[test]
    fn loopback_answers_loopback_names_only_and_other_binds_add_addresses_and_names() {
        for host in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST",
            "[::1]:3000",
            "127.1.2.3",
        ] {
            assert!(HostPolicy::Loopback.allows(host), "{host}");
        }
        for host in [
            "1.2.3.4",
            "10.0.0.1:3000",
            "evil.example",
            "localhost.evil.example",
            "",
            "127.0.0.1:3000@evil",
            "[::1]x",
        ] {
            assert!(!HostPolicy::Loopback.allows(host), "{host}");
        }
        let named = HostPolicy::Named(vec!["lab-pc.local".into()]);
        for host in [
            "10.0.0.1:3000",
            "[fe80::1]:3000",
            "Lab-PC.local:3000",
            "localhost",
        ] {
            assert!(named.allows(host), "{host}");
        }
        for host in ["evil.example", "lab-pc.local.evil.example:3000"] {
            assert!(!named.allows(host), "{host}");
        }
    }

    #[test]
    fn the_token_is_needed_when_set_and_read_only_refuses_all() {
        let access = Access {
            read_only: false,
            token: Some("abc".into()),
            hosts: HostPolicy::Named(Vec::new()),
        };
        assert_eq!(
            check_action(&access, &headers(&[("host", "10.0.0.1:3000")])),
            Err(Refused::NoToken)
        );
        let wrong = headers(&[("host", "10.0.0.1:3000"), (TOKEN_HEADER, "abd")]);
        assert_eq!(check_action(&access, &wrong), Err(Refused::WrongToken));
        let h = headers(&[("host", "10.0.0.1:3000"), (TOKEN_HEADER, "abc")]);
        assert_eq!(check_action(&access, &h), Ok(()));
        let read_only = Access {
            read_only: true,
            ..OPEN
        };
        assert!(check_action(&read_only, &headers(&[("host", "127.0.0.1:3000")])).is_err());
    }
}

//! Who may press the buttons. Bound to loopback, whoever reaches the page is on this machine and
//! may act. Bound to any other address, actions need the presenter token printed at start (the
//! room can watch, not act). `--read-only` turns every action off. Every action must also come
//! from this dashboard's own page: a cross-origin request or a foreign Host header (DNS
//! rebinding) is refused.

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;

use super::AppState;

/// The header (or `?token=` on the page, which stores it) that carries the presenter token.
pub const TOKEN_HEADER: &str = "x-bridgescope-token";

#[derive(Clone, Debug)]
pub struct Access {
    pub read_only: bool,
    /// Required for actions when set (the server is bound to a non-loopback address).
    pub token: Option<String>,
}

/// What the page needs to know to show or hide its buttons.
#[derive(Serialize)]
pub struct AccessInfo {
    pub read_only: bool,
    pub needs_token: bool,
}

pub async fn info(State(state): State<AppState>) -> Json<AccessInfo> {
    Json(AccessInfo {
        read_only: state.access.read_only,
        needs_token: state.access.token.is_some(),
    })
}

pub async fn require_presenter(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    match check(&state.access, request.headers()) {
        Ok(()) => next.run(request).await,
        Err(reason) => {
            let body = serde_json::json!({ "error": reason });
            (StatusCode::FORBIDDEN, Json(body)).into_response()
        }
    }
}

fn check(access: &Access, headers: &HeaderMap) -> Result<(), String> {
    if access.read_only {
        return Err("this dashboard is read-only (--read-only): actions are off".into());
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !is_literal_host(host) {
        return Err(format!(
            "Host {host:?} is not this machine's address: actions are refused (DNS rebinding guard)"
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let origin_host = origin.split("://").nth(1).unwrap_or("");
        if origin_host != host {
            return Err(format!(
                "a request from {origin} may not act on this dashboard"
            ));
        }
    }
    if let Some(token) = &access.token {
        let given = headers.get(TOKEN_HEADER).and_then(|v| v.to_str().ok());
        if given != Some(token.as_str()) {
            return Err(
                "actions need the presenter token (printed when bridgescope started)".into(),
            );
        }
    }
    Ok(())
}

/// `localhost` or an IP literal, with an optional port: names an attacker's DNS could point
/// here are refused.
fn is_literal_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    name == "localhost" || name.parse::<std::net::IpAddr>().is_ok()
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
    use axum::http::HeaderValue;

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
    };

    #[test]
    fn same_origin_on_loopback_may_act() {
        let h = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
        ]);
        assert_eq!(check(&OPEN, &h), Ok(()));
    }

    #[test]
    fn a_foreign_origin_or_host_is_refused() {
        let h = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://evil.example"),
        ]);
        assert!(check(&OPEN, &h).is_err());
        let h = headers(&[("host", "evil.example:3000")]);
        assert!(check(&OPEN, &h).is_err());
    }

    #[test]
    fn the_token_is_needed_when_set_and_read_only_refuses_all() {
        let access = Access {
            read_only: false,
            token: Some("abc".into()),
        };
        assert!(check(&access, &headers(&[("host", "10.0.0.1:3000")])).is_err());
        let h = headers(&[("host", "10.0.0.1:3000"), (TOKEN_HEADER, "abc")]);
        assert_eq!(check(&access, &h), Ok(()));
        let read_only = Access {
            read_only: true,
            token: None,
        };
        assert!(check(&read_only, &headers(&[("host", "127.0.0.1:3000")])).is_err());
    }
}

//! Every refusal is an answer of one shape: `{"error": "…"}` with the right status.
//!
//! The handlers already answer their own errors that way (`ActionError` → `ApiError`), but
//! some answers are written before any handler runs: axum's extractors refuse malformed JSON,
//! a wrong content type or a bad path segment in plain text; a method router answers a wrong
//! method with an empty 405; an unknown path ends in the static site's 404. This layer turns
//! each such answer into the API's shape, keeping its status and headers (`Allow`,
//! `Retry-After`), so a client reads every refusal the same way and a script never has to
//! guess what a body means.

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use bridgescope_app::api::ApiError;

/// The most of a plain-text refusal kept as its message: axum's are one line.
const MESSAGE_LIMIT: usize = 4 * 1024;

/// A refusal in the API's shape: `status` and `{"error": error}`.
pub fn refusal(status: StatusCode, error: String) -> Response {
    let body = ApiError {
        error,
        needs_confirmation: false,
    };
    (status, Json(body)).into_response()
}

/// Rewrites every error answer that is not JSON into `{"error": …}`.
pub async fn as_json(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MESSAGE_LIMIT)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
        .unwrap_or_default();
    let error = message(
        status,
        &method,
        &path,
        text,
        parts.headers.get(header::ALLOW),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    let json = refusal(status, error);
    let (json_parts, json_body) = json.into_parts();
    for (name, value) in json_parts.headers {
        if let Some(name) = name {
            parts.headers.insert(name, value);
        }
    }
    Response::from_parts(parts, Body::new(json_body))
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// The message of a refusal: what the layer below said, or what the status means here.
fn message(
    status: StatusCode,
    method: &Method,
    path: &str,
    text: String,
    allow: Option<&HeaderValue>,
) -> String {
    let shown = shown_path(path);
    match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = allow
                .and_then(|v| v.to_str().ok())
                .unwrap_or("another method");
            format!("{method} is not allowed on {shown}: use {allowed}")
        }
        StatusCode::NOT_FOUND if text.is_empty() => {
            format!("nothing at {shown}: no such page, file or API route")
        }
        _ if text.is_empty() => format!(
            "{} ({method} {shown})",
            status.canonical_reason().unwrap_or("refused")
        ),
        _ => text,
    }
}

/// A path as it may appear in a message: at most 200 characters, no control characters.
fn shown_path(path: &str) -> String {
    let mut shown: String = path.chars().filter(|c| !c.is_control()).take(200).collect();
    if path.chars().count() > 200 {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_method_names_the_allowed_ones() {
        let allow = HeaderValue::from_static("POST");
        let text = message(
            StatusCode::METHOD_NOT_ALLOWED,
            &Method::GET,
            "/api/lab/demo",
            String::new(),
            Some(&allow),
        );
        assert_eq!(text, "GET is not allowed on /api/lab/demo: use POST");
    }

    #[test]
    fn an_unknown_path_says_there_is_nothing_there() {
        let text = message(
            StatusCode::NOT_FOUND,
            &Method::GET,
            "/api/nope",
            String::new(),
            None,
        );
        assert_eq!(
            text,
            "nothing at /api/nope: no such page, file or API route"
        );
    }

    #[test]
    fn a_long_path_is_cut_and_control_characters_dropped() {
        let path = format!("/{}\u{7}", "a".repeat(300));
        let shown = shown_path(&path);
        assert_eq!(shown.chars().count(), 201);
        assert!(!shown.contains('\u{7}'));
    }

    #[test]
    fn an_extractors_own_message_is_kept() {
        let text = message(
            StatusCode::BAD_REQUEST,
            &Method::POST,
            "/api/probe",
            "Failed to parse the request body as JSON".into(),
            None,
        );
        assert_eq!(text, "Failed to parse the request body as JSON");
    }
}

//! The HTTP routes: what each URL does, and nothing else.
//!
//! ```text
//! GET /                         the welcome page (HTML)
//! GET /redis/set?key=K&value=V  store V under K, answer `success`
//! GET /redis/get?key=K          answer the value stored under K, byte for byte
//! ```
//!
//! Setting with GET is not how one would design an API; it is how the lesson's app has always
//! worked, because a person can type it into a browser's address bar or click a link.
//!
//! Handlers check their input, call the [`Store`], and return `Result<_, AppError>`. They never
//! build an error response themselves: [`AppError`]'s `IntoResponse` does, in one place.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::error::AppError;
use crate::store::Store;
use crate::welcome::{self, ContainerView};

/// What every handler can reach. Cloned per request, hence the `Arc`.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
}

/// Builds the app: all routes, with their state. `main` serves it; the tests serve it too.
pub fn app(store: Arc<Store>) -> Router {
    Router::new()
        .route("/", get(welcome_page))
        .route("/redis/set", get(set))
        .route("/redis/get", get(get_value))
        .with_state(AppState { store })
}

/// The query parameters. Both are optional *here* so that a missing one becomes our own
/// clear 400 ("missing query parameter 'key'") rather than a generic deserialization error.
///
/// The query string is decoded the way browsers encode forms: `%26` is `&`, `%3D` is `=`,
/// `+` and `%20` are spaces, and multi-byte UTF-8 arrives as `%E2%82%AC` and friends.
#[derive(Debug, Deserialize)]
pub struct KeyValue {
    key: Option<String>,
    value: Option<String>,
}

async fn welcome_page(State(state): State<AppState>) -> Html<String> {
    Html(welcome::render(
        state.store.target(),
        &ContainerView::read(),
    ))
}

/// `GET /redis/set?key=K&value=V`. An empty value is a value like any other; an empty key is not.
async fn set(
    State(state): State<AppState>,
    query: Result<Query<KeyValue>, QueryRejection>,
) -> Result<impl IntoResponse, AppError> {
    let Query(params) = query.map_err(|e| AppError::BadQuery(e.body_text()))?;
    let key = required_key(params.key)?;
    let value = params.value.ok_or(AppError::MissingParameter("value"))?;
    state.store.set(&key, &value).await?;
    Ok(plain_text("success".into()))
}

/// `GET /redis/get?key=K`: the stored value exactly, not quoted, no newline added.
async fn get_value(
    State(state): State<AppState>,
    query: Result<Query<KeyValue>, QueryRejection>,
) -> Result<impl IntoResponse, AppError> {
    let Query(params) = query.map_err(|e| AppError::BadQuery(e.body_text()))?;
    let key = required_key(params.key)?;
    match state.store.get(&key).await? {
        Some(value) => Ok(plain_text(value)),
        None => Err(AppError::NotFound(key)),
    }
}

fn required_key(key: Option<String>) -> Result<String, AppError> {
    match key {
        None => Err(AppError::MissingParameter("key")),
        Some(key) if key.is_empty() => Err(AppError::EmptyParameter("key")),
        Some(key) => Ok(key),
    }
}

/// A `text/plain` body. Bytes rather than `String`: a value written by someone else through
/// `redis-cli` need not be UTF-8, and we answer it as stored.
fn plain_text(body: Vec<u8>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body)
}

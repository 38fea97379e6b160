//! The static site (wasm, JS, CSS, public files), embedded into the release binary so that one
//! copied file runs anywhere. Debug builds read the same folder from disk. Release builds carry
//! brotli and gzip copies too (cargo-leptos `--precompress`); a browser that accepts one gets it.

use axum::{
    body::Body,
    http::{header, HeaderMap, HeaderValue, StatusCode, Uri},
    response::{IntoResponse, Response},
};
use rust_embed::Embed;

use super::rejections::refusal;

#[derive(Embed)]
#[folder = "../target/site"]
struct Site;

/// Precompressed variants in order of preference: (file suffix, Content-Encoding).
const ENCODINGS: [(&str, &str); 2] = [("br", "br"), ("gz", "gzip")];

pub async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let Some(plain) = Site::get(path) else {
        return refusal(
            StatusCode::NOT_FOUND,
            format!("nothing at /{path}: no such page, file or API route"),
        );
    };
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let accepted = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let compressed = ENCODINGS.iter().find_map(|(suffix, encoding)| {
        let accepts = accepted.split(',').any(|e| e.trim().starts_with(encoding));
        accepts
            .then(|| Site::get(&format!("{path}.{suffix}")))
            .flatten()
            .map(|file| (file, *encoding))
    });
    let mut response_headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(mime.as_ref()) {
        response_headers.insert(header::CONTENT_TYPE, value);
    }
    response_headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let body = match compressed {
        Some((file, encoding)) => {
            response_headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            file.data
        }
        None => plain.data,
    };
    (response_headers, Body::from(body.into_owned())).into_response()
}

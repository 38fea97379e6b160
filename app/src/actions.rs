//! The page's calls to the API (`/api/lab/*`, `/api/probe`, reads), typed by [`crate::api`]. They run in the
//! browser only; the presenter token, when the page was opened with `?token=…`, is kept in the
//! browser's local storage and sent with every action.

use serde::{de::DeserializeOwned, Serialize};

use crate::api::ApiError;

/// Why an action did not answer what it should: the server's refusal, or a failure on the way.
pub type Failure = ApiError;

/// POSTs `body` to `path` and reads the typed answer, or the server's refusal. An answer that
/// does not parse as the expected type is a failure that says so.
pub async fn post<T: DeserializeOwned>(path: &str, body: &impl Serialize) -> Result<T, Failure> {
    #[cfg(feature = "hydrate")]
    {
        browser::post(path, body).await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (path, serde_json::to_value(body));
        Err(failure("actions run in the browser".into()))
    }
}

/// GETs `path` and reads the typed answer, or the server's refusal (browser only). The
/// presenter token goes along, for the reads behind the presenter's guard (the local images).
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, Failure> {
    #[cfg(feature = "hydrate")]
    {
        browser::get(path).await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = path;
        Err(failure("reads from the page run in the browser".into()))
    }
}

fn failure(error: String) -> Failure {
    ApiError {
        error,
        needs_confirmation: false,
    }
}

/// Remembers a `?token=` from the page address (browser only).
pub fn remember_token_from_address() {
    #[cfg(feature = "hydrate")]
    browser::remember_token();
}

#[cfg(feature = "hydrate")]
mod browser {
    use gloo_net::http::{Request, RequestBuilder};
    use serde::{de::DeserializeOwned, Serialize};

    use super::{failure, Failure};
    use crate::api::{ApiError, TOKEN_HEADER};

    const STORAGE_KEY: &str = "bridgescope.token";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub(super) fn remember_token() {
        let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
            return;
        };
        let token = search
            .trim_start_matches('?')
            .split('&')
            .find_map(|pair| pair.strip_prefix("token="));
        if let (Some(token), Some(storage)) = (token, storage()) {
            let _ = storage.set_item(STORAGE_KEY, token);
        }
    }

    /// `request` with the presenter token, when the browser keeps one.
    fn with_token(request: RequestBuilder) -> RequestBuilder {
        match storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) {
            Some(token) => request.header(TOKEN_HEADER, &token),
            None => request,
        }
    }

    pub(super) async fn post<T: DeserializeOwned>(
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, Failure> {
        send(with_token(Request::post(path)).json(body), path).await
    }

    pub(super) async fn get<T: DeserializeOwned>(path: &str) -> Result<T, Failure> {
        send(with_token(Request::get(path)).build(), path).await
    }

    /// Sends a built request and reads the typed answer, or the server's refusal.
    async fn send<T: DeserializeOwned>(
        request: Result<gloo_net::http::Request, gloo_net::Error>,
        path: &str,
    ) -> Result<T, Failure> {
        let request = request.map_err(|e| failure(format!("{path}: {e}")))?;
        let response = request
            .send()
            .await
            .map_err(|e| failure(format!("the server did not answer: {e}")))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| failure(format!("cannot read the answer: {e}")))?;
        if response.ok() {
            serde_json::from_str(&text).map_err(|e| {
                failure(format!(
                    "the server's answer ({status}) is not what this page expects: {e}"
                ))
            })
        } else {
            Err(serde_json::from_str::<ApiError>(&text)
                .unwrap_or_else(|_| failure(format!("the action failed ({status}): {text}"))))
        }
    }
}

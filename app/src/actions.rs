//! The page's calls to the API (`/api/lab/*`, `/api/probe`, reads), typed by [`crate::api`]. They run in the
//! browser only; the presenter token, when the page was opened with `?token=…`, is kept in this
//! tab's session storage (never local storage: another tab, or the next person at this browser,
//! does not inherit it), taken out of the address bar (a projected address bar does not show
//! it), and sent with every action.

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

/// Whether this tab was given a presenter token (browser only; the server's page says no).
pub fn holds_token() -> bool {
    #[cfg(feature = "hydrate")]
    {
        browser::holds_token()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

/// Splits a query string (`?a=1&token=T&b=2`) into the token and the query without it
/// (`?a=1&b=2`, or `""` when nothing is left).
pub fn take_token(search: &str) -> (Option<String>, String) {
    let mut token = None;
    let mut kept = Vec::new();
    for pair in search.trim_start_matches('?').split('&') {
        match pair.strip_prefix("token=") {
            Some(value) if !value.is_empty() => token = Some(value.to_owned()),
            Some(_) => {}
            None if pair.is_empty() => {}
            None => kept.push(pair),
        }
    }
    let rest = if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    };
    (token, rest)
}

#[cfg(feature = "hydrate")]
mod browser {
    use gloo_net::http::{Request, RequestBuilder};
    use serde::{de::DeserializeOwned, Serialize};

    use super::{failure, Failure};
    use crate::api::{ApiError, TOKEN_HEADER};

    const STORAGE_KEY: &str = "bridgescope.token";

    /// This tab's storage: the token stays with the tab that was opened with it.
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    pub(super) fn remember_token() {
        let Some(window) = web_sys::window() else {
            return;
        };
        // An earlier build kept the token in local storage: it goes.
        if let Ok(Some(local)) = window.local_storage() {
            let _ = local.remove_item(STORAGE_KEY);
        }
        let location = window.location();
        let Ok(search) = location.search() else {
            return;
        };
        let (token, rest) = super::take_token(&search);
        let (Some(token), Some(storage)) = (token, storage()) else {
            return;
        };
        let _ = storage.set_item(STORAGE_KEY, &token);
        let path = location.pathname().unwrap_or_else(|_| "/".into());
        let hash = location.hash().unwrap_or_default();
        if let Ok(history) = window.history() {
            let address = format!("{path}{rest}{hash}");
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
        }
    }

    /// Whether this tab holds a presenter token.
    pub(super) fn holds_token() -> bool {
        storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .is_some()
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

#[cfg(test)]
mod tests {
    use super::take_token;

    #[test]
    fn the_token_leaves_the_query_and_the_rest_stays() {
        assert_eq!(take_token(""), (None, String::new()));
        assert_eq!(
            take_token("?token=abc"),
            (Some("abc".into()), String::new())
        );
        assert_eq!(
            take_token("?lang=zh-TW&token=abc&x=1"),
            (Some("abc".into()), "?lang=zh-TW&x=1".into())
        );
        assert_eq!(take_token("?lang=en"), (None, "?lang=en".into()));
        assert_eq!(take_token("?token="), (None, String::new()));
    }
}

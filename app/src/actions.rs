//! The page's calls to the lab API (`/api/lab/*`). They run in the browser only; the presenter
//! token, when the page was opened with `?token=…`, is kept in the browser's local storage and
//! sent with every action.

use serde_json::Value;

/// Header that carries the presenter token.
pub const TOKEN_HEADER: &str = "x-bridgescope-token";

/// What an action answered: success with the server's JSON, or the error text to show.
pub type ActionResult = Result<Value, String>;

/// POSTs `body` to `path` and returns the JSON answer, or the error message the server gave.
pub async fn post(path: &str, body: Value) -> ActionResult {
    #[cfg(feature = "hydrate")]
    {
        browser::post(path, body).await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (path, body);
        Err("actions run in the browser".into())
    }
}

/// Remembers a `?token=` from the page address (browser only).
pub fn remember_token_from_address() {
    #[cfg(feature = "hydrate")]
    browser::remember_token();
}

#[cfg(feature = "hydrate")]
mod browser {
    use gloo_net::http::Request;
    use serde_json::Value;

    use super::{ActionResult, TOKEN_HEADER};

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

    pub(super) async fn post(path: &str, body: Value) -> ActionResult {
        let mut request = Request::post(path);
        if let Some(token) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) {
            request = request.header(TOKEN_HEADER, &token);
        }
        let request = request.json(&body).map_err(|e| e.to_string())?;
        let response = request
            .send()
            .await
            .map_err(|e| format!("the server did not answer: {e}"))?;
        let ok = response.ok();
        let answer: Value = response
            .json()
            .await
            .map_err(|e| format!("an answer that is not JSON: {e}"))?;
        if ok {
            Ok(answer)
        } else {
            Err(answer["error"]
                .as_str()
                .unwrap_or("the action failed")
                .to_string())
        }
    }
}

//! Chrome DevTools Protocol commands through chromedriver's `goog/cdp/execute` endpoint.
//!
//! WebDriver can only run a script once a page has loaded (`goto` waits for the load event),
//! which is too late to see when a server-rendered page is first drawn. A script registered
//! with `Page.addScriptToEvaluateOnNewDocument` runs before the page's own, from its first byte.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};

/// One CDP command, sent to the session's current page.
#[derive(Debug)]
struct CdpCommand {
    method: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.method, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Runs `source` in every document the session opens from now on, before the page's scripts.
pub async fn run_on_new_documents(client: &Client, source: &str) {
    let command = CdpCommand {
        method: "Page.addScriptToEvaluateOnNewDocument",
        params: json!({ "source": source }),
    };
    if let Err(error) = client.issue_cmd(command).await {
        panic!("chromedriver refused a DevTools command: {error}");
    }
}

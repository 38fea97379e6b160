//! Set and Get against the demo's web app, through its published port on 127.0.0.1, exactly as
//! a browser would: the answer is the web app's own status and body, with the time it took.

use std::time::Instant;

use bridgescope_app::api::WebAppAnswer;
use bridgescope_app::model::validate_key;

use super::{ActionError, Lab};

impl Lab {
    /// `GET /redis/set?key=K&value=V` (with a value) or `GET /redis/get?key=K` on the web app.
    pub async fn webapp(
        &self,
        key: &str,
        value: Option<&str>,
    ) -> Result<WebAppAnswer, ActionError> {
        let key = validate_key(key)?;
        let base = format!("http://127.0.0.1:{}", self.config.demo_port);
        let (path, query): (&str, Vec<(&str, &str)>) = match value {
            Some(value) => ("/redis/set", vec![("key", key), ("value", value)]),
            None => ("/redis/get", vec![("key", key)]),
        };
        let request = self.http.get(format!("{base}{path}")).query(&query);
        let url = request
            .try_clone()
            .and_then(|r| r.build().ok())
            .map(|r| r.url().to_string())
            .unwrap_or_else(|| format!("{base}{path}"));
        let started = Instant::now();
        let response = request.send().await.map_err(|error| {
            ActionError::WebApp(format!(
                "the web app does not answer at {base} ({error}): run the demo first"
            ))
        })?;
        let status = response.status().as_u16();
        let body = response
            .text()
            .await
            .map_err(|error| ActionError::WebApp(format!("cannot read the answer: {error}")))?;
        Ok(WebAppAnswer {
            url,
            status,
            body,
            millis: started.elapsed().as_secs_f64() * 1000.0,
        })
    }
}

//! The dashboard in a real browser: the release build hydrates under its Content-Security-Policy
//! (with no violation reported), follows the live stream, says which engine it is connected to,
//! and lists a network the test creates through the Docker API.

use std::time::Duration;

use bridgescope_e2e::{
    cdp, release_binary, screenshot, text_of, wait_for, wait_gone, with_browser,
};
use bridgescope_testkit::{Lab, ServerProcess};

#[tokio::test]
async fn page_hydrates_goes_live_and_lists_a_new_network() {
    let lab = Lab::new().await;
    let engine_version = match lab.docker().version().await {
        Ok(version) => match version.version {
            // An empty version would make `contains` below pass whatever the page says.
            Some(version) if !version.is_empty() => version,
            other => panic!("Docker reports no engine version: {other:?}"),
        },
        Err(error) => panic!("Docker does not answer: {error}"),
    };
    let server = ServerProcess::start(&release_binary(), &[]).await;

    with_browser(|client| async move {
        // Registered before the page's first byte, so a blocked inline script is seen too.
        cdp::run_on_new_documents(
            &client,
            "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', \
             e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));",
        )
        .await;
        if let Err(error) = client.goto(server.base_url()).await {
            panic!("cannot open the dashboard: {error}");
        }
        // Only the wasm moves the stream pill to "live": proof that the page hydrated.
        wait_for(&client, "main[data-stream='live']", Duration::from_secs(20)).await;
        let violations = client
            .execute("return window.__cspViolations;", Vec::new())
            .await
            .expect("read the page's CSP violations");
        assert_eq!(
            violations,
            serde_json::json!([]),
            "the page broke its own CSP"
        );
        let theme = client
            .execute(
                "return document.documentElement.dataset.theme || null;",
                Vec::new(),
            )
            .await
            .expect("read the root's theme");
        assert_eq!(theme, "light", "the inline display script did not run");
        let engine =
            text_of(&wait_for(&client, "#engine-status", Duration::from_secs(5)).await).await;
        assert!(engine.contains("connected"), "engine status: {engine}");
        assert!(
            engine.contains(&engine_version),
            "engine status {engine:?} names engine {engine_version}"
        );

        // Created after the page loaded: it must arrive through the live stream.
        let bridge = format!("bse{}", std::process::id() % 100_000);
        let name = lab
            .create_network("e2e", Some("10.213.9.0/24"), Some(&bridge))
            .await;
        let row = format!("tr[data-network='{name}']");
        wait_for(&client, &row, Duration::from_secs(5)).await;
        let subnet =
            text_of(&wait_for(&client, &format!("{row} td.subnet"), Duration::from_secs(1)).await)
                .await;
        let bridge_cell =
            text_of(&wait_for(&client, &format!("{row} td.bridge"), Duration::from_secs(1)).await)
                .await;
        assert_eq!(subnet, "10.213.9.0/24");
        assert_eq!(bridge_cell, bridge);
        let docker0 = text_of(
            &wait_for(
                &client,
                "tr[data-network='bridge'] td.bridge",
                Duration::from_secs(1),
            )
            .await,
        )
        .await;
        assert_eq!(docker0, "docker0");
        screenshot(&client, "dashboard-networks").await;

        lab.clean().await;
        wait_gone(&client, &row, Duration::from_secs(5)).await;
    })
    .await;
}

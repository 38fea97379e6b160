//! The lab in a real browser against the release build: Run demo, then Set and Get through the
//! page; a container restarted from the details panel; bad network requests, an empty key and
//! removing a container the lab did not make each show a clear message and change nothing;
//! Reset lab leaves containers it did not make alone.

use std::time::Duration;

use bridgescope_e2e::{release_binary, screenshot, wait_for, with_browser};
use bridgescope_testkit::{
    eventually, free_port, Lab, ResetLabOnDrop, Run, ServerOptions, ServerProcess, REDIS_IMAGE,
};
use fantoccini::{Client, Locator};

async fn fill(client: &Client, css: &str, text: &str) {
    let field = wait_for(client, css, Duration::from_secs(5)).await;
    let _ = field.clear().await;
    if let Err(error) = field.send_keys(text).await {
        panic!("cannot type into {css}: {error}");
    }
}

async fn click(client: &Client, css: &str) {
    let button = wait_for(client, css, Duration::from_secs(5)).await;
    if let Err(error) = button.click().await {
        panic!("cannot click {css}: {error}");
    }
}

/// Waits until the text of `css` contains `expected`.
async fn wait_text(client: &Client, css: &str, expected: &str, timeout: Duration) -> String {
    eventually(&format!("{css} to say {expected:?}"), timeout, || async {
        let element = client.find(Locator::Css(css)).await.ok()?;
        let text = element.text().await.ok()?;
        text.contains(expected).then_some(text)
    })
    .await
}

/// Text with every run of white space (line breaks between inline boxes too) as one space.
fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn started_at(lab: &Lab, name: &str) -> String {
    lab.inspect(name)
        .await
        .state
        .and_then(|s| s.started_at)
        .unwrap_or_else(|| panic!("Docker reports no start time for {name}"))
}

async fn network_exists(lab: &Lab, name: &str) -> bool {
    lab.docker().inspect_network(name, None).await.is_ok()
}

#[tokio::test]
async fn run_demo_set_get_bad_input_and_reset_from_the_page() {
    let lab = Lab::new().await;
    let keeper = lab.run("keeper", &Run::sleeper(&["bridge"])).await;
    let taken = lab
        .create_network("taken", Some("10.213.60.0/24"), None)
        .await;
    let port = free_port().to_string();
    let args = ["--redis-image", REDIS_IMAGE, "--demo-port", &port];
    let server = ServerProcess::start_with(
        &release_binary(),
        &ServerOptions {
            args: &args,
            ..Default::default()
        },
    )
    .await;
    let _reset = ResetLabOnDrop(server.url("/api/lab/reset"));

    with_browser(|client| async move {
        if let Err(error) = client.goto(server.base_url()).await {
            panic!("cannot open the dashboard: {error}");
        }
        wait_for(&client, "main[data-stream='live']", Duration::from_secs(20)).await;

        // Bad network requests: a message on the page, nothing in Docker.
        let name = lab.name("bad");
        let cases = [
            ("bad name!", "", "is not valid"),
            (name.as_str(), "10.0.0.0/33", "is not an IPv4 CIDR"),
            (name.as_str(), "10.213.60.128/25", "overlaps 10.213.60.0/24"),
        ];
        for (net_name, subnet, message) in cases {
            fill(&client, "#net-name", net_name).await;
            fill(&client, "#net-subnet", subnet).await;
            wait_text(&client, "#net-problem", message, Duration::from_secs(5)).await;
            click(&client, "#create-network").await;
            wait_text(
                &client,
                "#lab-message.failed",
                message,
                Duration::from_secs(5),
            )
            .await;
            assert!(
                !network_exists(&lab, net_name).await,
                "{net_name} was created"
            );
        }
        assert!(network_exists(&lab, &taken).await);

        // An empty key.
        fill(&client, "#kv-key", "").await;
        click(&client, "#kv-set").await;
        wait_text(
            &client,
            "#kv-history li",
            "the key must not be empty",
            Duration::from_secs(5),
        )
        .await;

        // Run demo: redis and web on app, wired to the bridge by veths.
        click(&client, "#run-demo").await;
        wait_text(
            &client,
            "#lab-message.ok",
            "the demo runs",
            Duration::from_secs(90),
        )
        .await;
        wait_text(&client, "#lab-progress", "ran web", Duration::from_secs(5)).await;
        // The table starts folded on a host with many containers: open it.
        if let Ok(folded) = client
            .find(Locator::Css("button.table-toggle[aria-expanded='false']"))
            .await
        {
            let _ = folded.click().await;
        }
        for container in ["redis", "web"] {
            let css = format!("tr[data-container='{container}'] li[data-network='app'] .endpoint");
            wait_text(&client, &css, "↔ veth", Duration::from_secs(10)).await;
        }

        // Set test=123, then Get test.
        fill(&client, "#kv-key", "test").await;
        fill(&client, "#kv-value", "123").await;
        // The web app may need a moment after its container starts: try Set a few times.
        let mut last = String::new();
        for _ in 0..30 {
            click(&client, "#kv-set").await;
            tokio::time::sleep(Duration::from_millis(400)).await;
            // The history is drawn anew as answers come: a line found may be gone when its
            // text is asked for, so try again rather than fail.
            if let Ok(first) = client.find(Locator::Css("#kv-history li")).await {
                if let Ok(text) = first.text().await {
                    last = normalized(&text);
                }
            }
            if last.contains("200 success") {
                break;
            }
        }
        assert!(last.contains("200 success"), "Set answered: {last}");
        click(&client, "#kv-get").await;
        let got = wait_text(
            &client,
            "#kv-history li",
            "get test",
            Duration::from_secs(5),
        )
        .await;
        assert!(normalized(&got).contains("→ 200 123"), "{got}");
        screenshot(&client, "lab-demo").await;

        // Actions on one container: pick web in the table, restart it from the details panel.
        let before = started_at(&lab, "web").await;
        click(&client, "tr[data-container='web'] td.name button").await;
        wait_for(
            &client,
            "#details .container-actions[data-container='web']",
            Duration::from_secs(5),
        )
        .await;
        click(&client, "#details .container-actions button.restart").await;
        wait_text(
            &client,
            "#container-message.ok",
            "docker restart web: done",
            Duration::from_secs(30),
        )
        .await;
        assert_ne!(started_at(&lab, "web").await, before, "web did not restart");
        screenshot(&client, "container-actions").await;
        // Removing a container the lab did not make is refused, and it stays.
        let keeper_name = lab
            .inspect(&keeper)
            .await
            .name
            .unwrap_or_else(|| panic!("Docker reports no name for {keeper}"));
        let keeper_row = format!(
            "tr[data-container='{}'] td.name button",
            keeper_name.trim_start_matches('/')
        );
        click(&client, &keeper_row).await;
        click(&client, "#details .container-actions button.remove").await;
        wait_text(
            &client,
            "#container-message.failed",
            "removes only what its lab made",
            Duration::from_secs(10),
        )
        .await;
        // Restarting it needs the presenter's confirmation, asked in the page.
        let keeper_started = started_at(&lab, &keeper).await;
        click(&client, "#details .container-actions button.restart").await;
        wait_text(
            &client,
            "#container-message.failed",
            "changes it only when the presenter confirms",
            Duration::from_secs(10),
        )
        .await;
        assert_eq!(
            started_at(&lab, &keeper).await,
            keeper_started,
            "restarted unasked"
        );
        screenshot(&client, "confirm-outside-lab").await;
        click(&client, "#container-message button.confirm-outside-lab").await;
        wait_text(
            &client,
            "#container-message.ok",
            "restart",
            Duration::from_secs(20),
        )
        .await;
        assert_ne!(
            started_at(&lab, &keeper).await,
            keeper_started,
            "not restarted"
        );

        // Reset: the demo goes, the keeper stays.
        click(&client, "#reset-lab").await;
        wait_text(
            &client,
            "#lab-message.ok",
            "removed",
            Duration::from_secs(30),
        )
        .await;
        eventually(
            "the demo gone from the page",
            Duration::from_secs(10),
            || async {
                let rows = client
                    .find_all(Locator::Css("tr[data-container='web']"))
                    .await
                    .ok()?;
                rows.is_empty().then_some(())
            },
        )
        .await;
        let running = lab.inspect(&keeper).await.state.and_then(|s| s.running);
        assert_eq!(running, Some(true));
        assert!(!network_exists(&lab, "app").await);
    })
    .await;
}

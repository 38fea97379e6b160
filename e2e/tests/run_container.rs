//! "Run a container" in a real browser against the release build, by keyboard alone: focus the
//! name field, type, Tab through the form (image, network, alias, link, ports, command), Enter
//! submits. A busybox container linked to a test container on the default bridge: the page
//! reports it, the diagram draws its card with its address, and the link is in its /etc/hosts.

use std::time::Duration;

use bridgescope_e2e::{release_binary, screenshot, text_of, wait_for, with_browser};
use bridgescope_testkit::{
    eventually, Lab, ResetLabOnDrop, Run, ServerOptions, ServerProcess, SHELL_IMAGE,
};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};

/// The element that has the keyboard focus.
async fn focused(client: &Client) -> Element {
    match client.active_element().await {
        Ok(element) => element,
        Err(error) => panic!("no focused element: {error}"),
    }
}

async fn id_of(element: &Element) -> String {
    element.attr("id").await.ok().flatten().unwrap_or_default()
}

/// Types `keys` into the focused element, which must be `#expected_id`.
async fn type_into_focused(client: &Client, expected_id: &str, keys: &str) {
    let element = focused(client).await;
    assert_eq!(id_of(&element).await, expected_id, "the focus is elsewhere");
    if let Err(error) = element.send_keys(keys).await {
        panic!("cannot type into #{expected_id}: {error}");
    }
}

/// Presses Tab and checks that the focus lands on `#expected_id`.
async fn tab_to(client: &Client, expected_id: &str) {
    let element = focused(client).await;
    if let Err(error) = element.send_keys(&Key::Tab).await {
        panic!("cannot press Tab: {error}");
    }
    let now = id_of(&focused(client).await).await;
    assert_eq!(now, expected_id, "Tab went elsewhere");
}

async fn value_of(client: &Client, css: &str) -> String {
    let element = wait_for(client, css, Duration::from_secs(5)).await;
    element
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

#[tokio::test]
async fn run_a_linked_busybox_by_keyboard_and_see_its_card() {
    let lab = Lab::new().await;
    let target = lab.run("target", &Run::sleeper(&["bridge"])).await;
    let server = ServerProcess::start_with(&release_binary(), &ServerOptions::default()).await;
    let _reset = ResetLabOnDrop(server.url("/api/lab/reset"));
    // The browser's closure takes the address only: the server must outlive it, so that the
    // reset above (dropped first) still reaches it.
    let url = server.base_url().to_string();
    let name = lab.name("client");

    with_browser(|client| async move {
        if let Err(error) = client.goto(&url).await {
            panic!("cannot open the dashboard: {error}");
        }
        wait_for(&client, "main[data-stream='live']", Duration::from_secs(20)).await;
        // The local images arrived, and the target is offered as a link.
        let shell_option = format!("#run-image option[value='{SHELL_IMAGE}']");
        wait_for(&client, &shell_option, Duration::from_secs(10)).await;
        let target_option = format!("#run-link-target option[value='{target}']");
        wait_for(&client, &target_option, Duration::from_secs(10)).await;
        assert_eq!(value_of(&client, "#run-image").await, SHELL_IMAGE);

        // Focus the first field (the only step that is not a key press), then keys only.
        let script = "document.getElementById('run-name').focus()";
        if let Err(error) = client.execute(script, Vec::new()).await {
            panic!("cannot focus #run-name: {error}");
        }
        type_into_focused(&client, "run-name", &name).await;
        tab_to(&client, "run-image").await;
        tab_to(&client, "run-network").await;
        tab_to(&client, "run-alias").await;
        tab_to(&client, "run-link-target").await;
        // A focused <select> picks the option whose text is typed.
        type_into_focused(&client, "run-link-target", &target).await;
        assert_eq!(value_of(&client, "#run-link-target").await, target);
        tab_to(&client, "run-link-alias").await;
        type_into_focused(&client, "run-link-alias", "db").await;
        tab_to(&client, "run-host-port").await;
        tab_to(&client, "run-container-port").await;
        tab_to(&client, "run-command").await;
        // The shell image's default command exits at once: the page offers one that stays.
        assert_eq!(value_of(&client, "#run-command").await, "sleep 3600");
        let command =
            text_of(&wait_for(&client, "#run-equivalent", Duration::from_secs(5)).await).await;
        assert!(
            command.contains(&format!(
                "--name {name} --network bridge --link {target}:db"
            )),
            "{command}"
        );
        let problem =
            text_of(&wait_for(&client, "#run-problem", Duration::from_secs(5)).await).await;
        assert!(
            problem.trim().is_empty(),
            "the form sees a problem: {problem}"
        );
        type_into_focused(&client, "run-command", &Key::Enter).await;

        let report = eventually("the run's report", Duration::from_secs(20), || async {
            let element = client.find(Locator::Css("#lab-message.ok")).await.ok()?;
            let text = element.text().await.ok()?;
            text.contains(&format!("container {name} runs on bridge"))
                .then_some(text)
        })
        .await;
        assert!(report.contains("docker run -d"), "{report}");

        // The diagram draws its card with the address Docker gave it.
        let ip = lab.expect_ip_on(&name, "bridge").await;
        let css = format!("g.card[data-container='{name}'] text.ip[data-network='bridge']");
        let shown = eventually("the card's address", Duration::from_secs(10), || async {
            let element = client.find(Locator::Css(&css)).await.ok()?;
            let text = element.text().await.ok()?;
            text.contains(&ip).then_some(text)
        })
        .await;
        assert!(shown.contains(&ip), "{shown}");
        screenshot(&client, "run-container").await;

        // The link is what Docker wrote into its /etc/hosts.
        let target_ip = lab.expect_ip_on(&target, "bridge").await;
        let hosts = lab.exec(&name, &["cat", "/etc/hosts"]).await;
        assert!(
            hosts
                .output
                .lines()
                .any(|l| l.starts_with(&target_ip) && l.split_whitespace().any(|w| w == "db")),
            "{hosts:?}"
        );
    })
    .await;
}

//! "Can A reach B?" in two real browsers against the release build: the lecturer picks two
//! containers (keyboard only), asks, and both screens show the stages and the arrow on the
//! diagram; then a probe by name on the default bridge fails at resolve, on both screens.

use std::time::Duration;

use bridgescope_e2e::{release_binary, screenshot, text_of, wait_for, with_two_browsers};
use bridgescope_testkit::{Lab, Run, ServerOptions, ServerProcess, REDIS_IMAGE};
use fantoccini::{key::Key, Client, Locator};

async fn open(client: &Client, url: &str) {
    if let Err(error) = client.goto(url).await {
        panic!("cannot open the dashboard: {error}");
    }
    wait_for(client, "main[data-stream='live']", Duration::from_secs(20)).await;
}

/// Types into the focused element, as a keyboard would.
async fn type_keys(client: &Client, css: &str, text: &str) {
    let field = wait_for(client, css, Duration::from_secs(5)).await;
    let _ = field.clear().await;
    if let Err(error) = field.send_keys(text).await {
        panic!("cannot type into {css}: {error}");
    }
}

/// Chooses `value` in the select `css` with the keyboard: focus, then type its name.
async fn choose(client: &Client, css: &str, value: &str) {
    type_keys(client, css, value).await;
    let chosen = client
        .execute(
            &format!("return document.querySelector({css:?}).value"),
            vec![],
        )
        .await;
    match chosen {
        Ok(chosen) => assert_eq!(chosen.as_str(), Some(value), "{css} did not take {value}"),
        Err(error) => panic!("cannot read {css}: {error}"),
    }
}

async fn result_of(client: &Client, id: u64) -> String {
    let css = format!("#probe-result[data-id='{id}']");
    let result = wait_for(client, &css, Duration::from_secs(10)).await;
    text_of(&result).await
}

async fn current_probe_id(client: &Client) -> u64 {
    let result = wait_for(client, "#probe-result", Duration::from_secs(10)).await;
    match result.attr("data-id").await {
        Ok(Some(id)) => id
            .parse()
            .unwrap_or_else(|_| panic!("data-id {id} is no number")),
        other => panic!("the probe result has no id: {other:?}"),
    }
}

#[tokio::test]
async fn a_probe_asked_on_one_screen_shows_its_stages_and_arrow_on_both() {
    let lab = Lab::new().await;
    let net = lab.create_network("app", None, None).await;
    let cache = lab
        .run(
            "redis",
            &Run {
                image: REDIS_IMAGE.into(),
                networks: vec![net.clone()],
                ..Default::default()
            },
        )
        .await;
    let web = lab.run("web", &Run::sleeper(&[&net])).await;
    let lone = lab.run("lone", &Run::sleeper(&["bridge"])).await;
    let peer = lab.run("peer", &Run::sleeper(&["bridge"])).await;
    let server = ServerProcess::start_with(&release_binary(), &ServerOptions::default()).await;
    let url = server.base_url().to_string();

    with_two_browsers(|lecturer, student| async move {
        open(&lecturer, &url).await;
        open(&student, &url).await;
        wait_for(
            &lecturer,
            &format!("option[value='{web}']"),
            Duration::from_secs(10),
        )
        .await;

        choose(&lecturer, "#probe-from", &web).await;
        type_keys(&lecturer, "#probe-to", &cache).await;
        type_keys(&lecturer, "#probe-port", "6379").await;
        type_keys(&lecturer, "#probe-port", &format!("6379{}", Key::Enter)).await;

        let id = current_probe_id(&lecturer).await;
        for (who, client) in [("lecturer", &lecturer), ("student", &student)] {
            let text = result_of(client, id).await;
            assert!(text.contains("reached"), "{who}: {text}");
            assert!(text.contains("Docker's embedded DNS"), "{who}: {text}");
            assert!(text.contains("TCP 6379: open"), "{who}: {text}");
            let stages = client
                .find_all(Locator::Css("#probe-result .stage[data-ok='true']"))
                .await
                .map(|s| s.len())
                .unwrap_or(0);
            assert_eq!(stages, 3, "{who}: every stage went through");
            let arrow = format!("svg .probe-arrow.ok[data-probe='{id}']");
            let drawn = wait_for(client, &arrow, Duration::from_secs(5)).await;
            assert!(
                text_of(&drawn).await.contains("reached"),
                "{who}: the arrow's label"
            );
        }
        screenshot(&student, "probe-reached-student").await;

        choose(&lecturer, "#probe-from", &lone).await;
        type_keys(&lecturer, "#probe-to", &peer).await;
        type_keys(&lecturer, "#probe-port", &format!("{}", Key::Enter)).await;
        let failed = wait_for(
            &student,
            "svg .probe-arrow.fail[data-failed='resolve']",
            Duration::from_secs(10),
        )
        .await;
        assert!(text_of(&failed).await.contains("does not resolve"));
        let text = text_of(
            &wait_for(
                &student,
                "#probe-result[data-reached='false']",
                Duration::from_secs(5),
            )
            .await,
        )
        .await;
        assert!(text.contains("knows no container names"), "{text}");
        screenshot(&student, "probe-failed-student").await;
    })
    .await;
}

//! The three lessons walked start to end with the keyboard alone, in two browsers against the
//! release build: the lecturer's (who drives) and a student's (who follows). Lesson 1 in
//! English, lesson 2 in English, lesson 3 in 繁體中文 (opened with `?lang=zh-TW`). At each step
//! the page is checked against Docker's truth (the IPs, the IP change, the /etc/hosts line,
//! success/123), both screens show the same step, and a screenshot is kept. After each lesson,
//! R (reset) leaves `docker ps -a` and `docker network ls` as they were.
//!
//! The lessons use the tutorial's own names (web1, redis, db, …), so this file's tests run one
//! after the other (one test), and nothing else on the engine may carry those names.

use std::time::Duration;

use bridgescope_e2e::{
    press, release_binary, screenshot, script, text_of, wait_for, with_two_browsers,
};
use bridgescope_testkit::{Lab, ServerProcess};
use fantoccini::{key::Key, Client, Locator};

/// Presses Tab until the element `id` has the focus, then Enter: a keyboard user's click.
async fn tab_to_and_enter(client: &Client, id: &str) {
    let body = wait_for(client, "body", Duration::from_secs(2)).await;
    for _ in 0..300 {
        let here = script(
            client,
            "return document.activeElement && document.activeElement.id;",
        )
        .await;
        if here.as_str() == Some(id) {
            press(client, &Key::Enter.to_string()).await;
            return;
        }
        if let Err(error) = body.send_keys(&Key::Tab.to_string()).await {
            panic!("cannot press Tab: {error}");
        }
    }
    panic!("Tab never reached #{id}");
}

/// Waits until both screens show step `step` of `lesson`; answers the lecturer's outcome text.
async fn at_step(screens: [&Client; 2], lesson: &str, step: usize) -> String {
    let css = format!(".lesson-running[data-lesson='{lesson}'][data-step='{step}']");
    for client in screens {
        wait_for(client, &css, Duration::from_secs(30)).await;
    }
    let outcome = wait_for(
        screens[0],
        &format!("{css} #lesson-outcome"),
        Duration::from_secs(2),
    )
    .await;
    text_of(&outcome).await
}

async fn docker_state(lab: &Lab) -> (Vec<String>, Vec<String>) {
    let containers = lab
        .docker()
        .list_containers(Some(
            bollard::query_parameters::ListContainersOptionsBuilder::default()
                .all(true)
                .build(),
        ))
        .await
        .unwrap_or_else(|e| panic!("cannot list containers: {e}"));
    let mut names: Vec<String> = containers
        .into_iter()
        .filter_map(|c| c.names.and_then(|n| n.first().cloned()))
        .collect();
    names.sort();
    let networks = lab
        .docker()
        .list_networks(None::<bollard::query_parameters::ListNetworksOptions>)
        .await
        .unwrap_or_else(|e| panic!("cannot list networks: {e}"));
    let mut nets: Vec<String> = networks.into_iter().filter_map(|n| n.name).collect();
    nets.sort();
    (names, nets)
}

/// The container's /etc/hosts as Docker keeps it (its HostsPath on the host): the lesson's
/// images are FROM scratch, with no `cat` to exec.
async fn hosts_of(lab: &Lab, name: &str) -> String {
    let path = lab
        .inspect(name)
        .await
        .hosts_path
        .unwrap_or_else(|| panic!("Docker names no hosts file for {name}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

async fn ip(lab: &Lab, name: &str) -> String {
    lab.expect_ip_on(name, "bridge").await
}

async fn walk_default_bridge(lecturer: &Client, student: &Client, lab: &Lab) {
    let screens = [lecturer, student];
    tab_to_and_enter(lecturer, "lesson-start-default-bridge").await;
    at_step(screens, "default-bridge", 0).await;
    screenshot(student, "lesson1-step1").await;
    let mut web2_old = String::new();
    for step in 1..10 {
        press(lecturer, &Key::Right.to_string()).await;
        let said = at_step(screens, "default-bridge", step).await;
        screenshot(student, &format!("lesson1-step{}", step + 1)).await;
        match step {
            1 => assert!(
                said.contains(&format!(
                    "web1 runs on bridge with IP {}",
                    ip(lab, "web1").await
                )),
                "{said}"
            ),
            2 => {
                web2_old = ip(lab, "web2").await;
                assert!(said.contains(&web2_old), "{said}");
            }
            3 => assert!(
                said.contains("reached") && said.contains("TCP 5000: open"),
                "{said}"
            ),
            4 => assert!(said.contains("web2 does not resolve"), "{said}"),
            5 => assert!(said.contains(&format!("reached {web2_old}")), "{said}"),
            6 => assert!(
                said.contains(&format!("its IP {web2_old} is free again")),
                "{said}"
            ),
            7 => assert!(
                said.contains(&format!(
                    "web3 runs on bridge with IP {}",
                    ip(lab, "web3").await
                )),
                "{said}"
            ),
            8 => {
                let now = ip(lab, "web2").await;
                assert_ne!(
                    now, web2_old,
                    "web2 kept its address: the lesson's point is lost"
                );
                assert!(said.contains(&format!("{web2_old} -> {now}")), "{said}");
            }
            9 => assert!(
                said.contains("That address is web3's now, not web2's"),
                "{said}"
            ),
            _ => {}
        }
    }
}

async fn walk_user_network(lecturer: &Client, student: &Client, lab: &Lab) {
    let screens = [lecturer, student];
    tab_to_and_enter(lecturer, "lesson-start-user-network").await;
    let said = at_step(screens, "user-network", 0).await;
    assert!(said.contains("network app created"), "{said}");
    screenshot(student, "lesson2-step1").await;
    for step in 1..7 {
        press(lecturer, " ").await;
        let said = at_step(screens, "user-network", step).await;
        screenshot(student, &format!("lesson2-step{}", step + 1)).await;
        match step {
            3 => {
                let redis = lab.expect_ip_on("redis", "app").await;
                assert!(said.contains(&format!("reached redis ({redis})")), "{said}");
                assert!(said.contains("Docker's embedded DNS"), "{said}");
            }
            4 | 6 => {
                assert!(said.contains("set test=123 answered 200 success"), "{said}");
                assert!(said.contains("get test answered 200 123"), "{said}");
            }
            _ => {}
        }
    }
    // Back one step and forward again: nothing runs twice, the same outcome shows.
    press(lecturer, &Key::Left.to_string()).await;
    at_step(screens, "user-network", 5).await;
    press(lecturer, &Key::Right.to_string()).await;
    at_step(screens, "user-network", 6).await;
}

async fn walk_links_in_chinese(lecturer: &Client, student: &Client, lab: &Lab) {
    let screens = [lecturer, student];
    tab_to_and_enter(lecturer, "lesson-start-links").await;
    at_step(screens, "links", 0).await;
    let title = text_of(&wait_for(student, "#lesson-title", Duration::from_secs(2)).await).await;
    assert!(title.contains("舊式的 link"), "{title}");
    screenshot(student, "lesson3-step1-zh").await;
    for step in 1..8 {
        press(lecturer, &Key::Right.to_string()).await;
        let said = at_step(screens, "links", step).await;
        screenshot(student, &format!("lesson3-step{}-zh", step + 1)).await;
        if step == 2 {
            let db = ip(lab, "db").await;
            let hosts = hosts_of(lab, "client").await;
            let line = hosts
                .lines()
                .find(|l| l.contains("database"))
                .unwrap_or_else(|| panic!("no database line in {hosts:?}"))
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(line.starts_with(&db), "{line}");
            assert!(
                said.contains("link 寫的那一行") && said.contains(&line),
                "{said}"
            );
        }
        if step == 7 {
            let db = ip(lab, "db").await;
            let hosts = hosts_of(lab, "client").await;
            assert!(
                hosts
                    .lines()
                    .any(|l| l.contains("database") && l.contains(&db)),
                "the link's line follows db to {db}: {hosts}"
            );
            assert!(said.contains("連到了"), "{said}");
        }
    }
}

async fn reset_and_compare(
    lecturer: &Client,
    student: &Client,
    lab: &Lab,
    before: &(Vec<String>, Vec<String>),
) {
    press(lecturer, "r").await;
    for client in [lecturer, student] {
        wait_for(
            client,
            "#lesson-start-default-bridge",
            Duration::from_secs(30),
        )
        .await;
    }
    for _ in 0..50 {
        if docker_state(lab).await == *before {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        docker_state(lab).await,
        *before,
        "the reset left something behind"
    );
}

#[tokio::test]
async fn three_lessons_by_keyboard_on_two_screens_in_english_and_chinese() {
    let lab = Lab::new().await;
    let before = docker_state(&lab).await;
    let (server, _reset) = ServerProcess::start_for_demo(&release_binary()).await;
    let url = server.base_url().to_string();
    with_two_browsers(|lecturer, student| async move {
        for client in [&lecturer, &student] {
            if let Err(error) = client.goto(&url).await {
                panic!("cannot open the dashboard: {error}");
            }
            wait_for(client, "main[data-stream='live']", Duration::from_secs(20)).await;
        }
        walk_default_bridge(&lecturer, &student, &lab).await;
        reset_and_compare(&lecturer, &student, &lab, &before).await;
        walk_user_network(&lecturer, &student, &lab).await;
        reset_and_compare(&lecturer, &student, &lab, &before).await;

        let chinese = format!("{url}?lang=zh-TW");
        for client in [&lecturer, &student] {
            if let Err(error) = client.goto(&chinese).await {
                panic!("cannot open the dashboard in Chinese: {error}");
            }
            wait_for(
                client,
                "html[lang='zh-Hant-TW'] main[data-stream='live']",
                Duration::from_secs(20),
            )
            .await;
        }
        let heading =
            text_of(&wait_for(&student, "#lesson h2", Duration::from_secs(2)).await).await;
        assert_eq!(heading, "課程");
        walk_links_in_chinese(&lecturer, &student, &lab).await;
        reset_and_compare(&lecturer, &student, &lab, &before).await;
        let found = lecturer
            .find_all(Locator::Css("#lesson-error"))
            .await
            .map(|e| e.len())
            .unwrap_or(0);
        assert_eq!(found, 0, "no lesson action was refused");
    })
    .await;
}

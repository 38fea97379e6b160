//! The projector screen at 1280x720 (a common projector), against the release build, with 8
//! containers: in projector mode the diagram fills the screen and its text renders large
//! enough for a room (measured as rendered size: font-size times the SVG's screen scale); a
//! container selected with the keyboard opens the drawer, and its details and the diagram are
//! both on the screen; a legacy link selected shows the `/etc/hosts` line Docker wrote.
//! Screenshots of both themes at 1280x720 and 1920x1080 go to target/e2e-artifacts.

use std::time::Duration;

use bridgescope_e2e::{press, release_binary, screenshot, script, text_of, wait_for, with_browser};
use bridgescope_testkit::{Lab, Run, ServerOptions, ServerProcess, REDIS_IMAGE};
use fantoccini::{key::Key, Client};

/// Card names at least this large, in CSS px, at 1280x720 in projector mode (issue 17).
const MIN_NAME_PX: f64 = 18.0;
/// Addresses at least this large.
const MIN_IP_PX: f64 = 16.0;

/// The smallest rendered size of the texts `css` selects in the diagram, in CSS px.
async fn smallest(client: &Client, css: &str) -> f64 {
    let js = format!(
        "const sizes = [...document.querySelectorAll('svg.diagram-svg > g.card {css}')]\
           .map(t => t.getScreenCTM().a * parseFloat(t.getAttribute('font-size')));\
         return sizes.length ? Math.min(...sizes) : null;"
    );
    match script(client, &js).await.as_f64() {
        Some(size) => size,
        None => panic!("no text {css} on any card"),
    }
}

/// Whether the element `css` selects lies inside the window (its top-left corner at least,
/// and its right edge).
async fn on_screen(client: &Client, css: &str) -> bool {
    let js = format!(
        "const e = document.querySelector({css:?}); if (!e) return false;\
         const r = e.getBoundingClientRect();\
         return r.top >= 0 && r.left >= 0 && r.top < innerHeight && r.right <= innerWidth + 1;"
    );
    script(client, &js).await.as_bool() == Some(true)
}

/// Sizes the window so that the page's viewport is `width` x `height` (a projector shows the
/// page full screen, without the browser's own bars).
async fn resize(client: &Client, width: u32, height: u32) {
    let (mut outer_w, mut outer_h) = (width, height);
    for _ in 0..3 {
        if let Err(error) = client.set_window_size(outer_w, outer_h).await {
            panic!("cannot resize the window to {outer_w}x{outer_h}: {error}");
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let inner = script(client, "return [innerWidth, innerHeight];").await;
        let (w, h) = (
            inner[0].as_u64().unwrap_or(0) as u32,
            inner[1].as_u64().unwrap_or(0) as u32,
        );
        if (w, h) == (width, height) {
            return;
        }
        outer_w = outer_w + width - w.min(width);
        outer_h = outer_h + height - h.min(height);
    }
    let inner = script(client, "return [innerWidth, innerHeight];").await;
    panic!("the viewport is {inner}, not {width}x{height}");
}

async fn set_mode(client: &Client, toggle: &str, attribute: &str, wanted: &str) {
    let js = format!("return document.documentElement.dataset.{attribute};");
    if script(client, &js).await.as_str() != Some(wanted) {
        let button = wait_for(client, toggle, Duration::from_secs(2)).await;
        if let Err(error) = button.click().await {
            panic!("cannot click {toggle}: {error}");
        }
    }
    for _ in 0..20 {
        if script(client, &js).await.as_str() == Some(wanted) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{attribute} did not become {wanted}");
}

async fn eight_containers(lab: &Lab) -> (String, String) {
    let net = lab.create_network("app", None, None).await;
    let redis = Run {
        image: REDIS_IMAGE.into(),
        networks: vec![net.clone()],
        ..Default::default()
    };
    lab.run("redis", &redis).await;
    let web = lab.run("web", &Run::sleeper(&[&net])).await;
    for i in 0..2 {
        lab.run(&format!("app{i}"), &Run::sleeper(&[&net])).await;
    }
    let target = lab.run("db", &Run::sleeper(&["bridge"])).await;
    let mut linked = Run::sleeper(&["bridge"]);
    linked.links = vec![(target.clone(), "database".into())];
    let linker = lab.run("client", &linked).await;
    for i in 0..2 {
        lab.run(&format!("plain{i}"), &Run::sleeper(&["bridge"]))
            .await;
    }
    let _ = web;
    (linker, target)
}

#[tokio::test]
async fn at_1280x720_the_projector_screen_is_legible_and_shows_action_and_effect_together() {
    let lab = Lab::new().await;
    let (linker, _) = eight_containers(&lab).await;
    let server = ServerProcess::start_with(&release_binary(), &ServerOptions::default()).await;
    let url = server.base_url().to_string();
    with_browser(|client| async move {
        if let Err(error) = client.goto(&url).await {
            panic!("cannot open the dashboard: {error}");
        }
        resize(&client, 1280, 720).await;
        wait_for(&client, "main[data-stream='live']", Duration::from_secs(20)).await;
        let cards = "return document.querySelectorAll('svg.diagram-svg > g.card').length;";
        for _ in 0..50 {
            if script(&client, cards).await.as_u64() == Some(8) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(script(&client, cards).await.as_u64(), Some(8));
        set_mode(&client, "#toggle-projector", "projector", "on").await;
        set_mode(&client, "#toggle-theme", "theme", "light").await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let viewport = script(&client, "return [innerWidth, innerHeight];").await;
        let (name, ip) = (
            smallest(&client, "text.card-name").await,
            smallest(&client, "text.ip").await,
        );
        eprintln!("stage {viewport}, drawer closed: card names >= {name:.1} px, IPs >= {ip:.1} px");
        screenshot(&client, "stage-light-1280x720").await;
        assert!(name >= MIN_NAME_PX, "card names render at {name:.1} px");
        assert!(ip >= MIN_IP_PX, "IPs render at {ip:.1} px");

        // Select a card with the keyboard alone: Tab into the diagram, then Enter.
        script(
            &client,
            "document.querySelector('svg.diagram-svg > g.card').focus(); return true;",
        )
        .await;
        press(&client, &Key::Enter.to_string()).await;
        wait_for(
            &client,
            "main[data-drawer='open'] .details-title",
            Duration::from_secs(5),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert!(
            on_screen(&client, ".details-title").await,
            "the details are on the screen"
        );
        assert!(
            on_screen(&client, ".diagram-pane").await,
            "the diagram is on the screen"
        );
        let (name, ip) = (
            smallest(&client, "text.card-name").await,
            smallest(&client, "text.ip").await,
        );
        eprintln!("stage {viewport}, drawer open: card names >= {name:.1} px, IPs >= {ip:.1} px");
        screenshot(&client, "stage-light-1280x720-selected").await;

        // A legacy link: selecting its arrow shows the /etc/hosts line Docker wrote.
        script(
            &client,
            "document.querySelector('svg.diagram-svg g.link').focus(); return true;",
        )
        .await;
        press(&client, &Key::Enter.to_string()).await;
        let line = wait_for(
            &client,
            "#names .hosts-lines li[data-link='true']",
            Duration::from_secs(5),
        )
        .await;
        let text = text_of(&line).await;
        assert!(text.contains("database"), "{text}");
        let title =
            text_of(&wait_for(&client, ".details-title", Duration::from_secs(2)).await).await;
        assert!(title.contains(&linker), "{title}");

        press(&client, &Key::Escape.to_string()).await;
        set_mode(&client, "#toggle-theme", "theme", "dark").await;
        screenshot(&client, "stage-dark-1280x720").await;
        resize(&client, 1920, 1080).await;
        screenshot(&client, "stage-dark-1920x1080").await;
        set_mode(&client, "#toggle-theme", "theme", "light").await;
        screenshot(&client, "stage-light-1920x1080").await;
        resize(&client, 1280, 720).await;
    })
    .await;
}

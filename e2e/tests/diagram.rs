//! The live diagram in a real browser against the release build: containers created through the
//! Docker API appear within 2 s without reload, with the IPs Docker reports and the veth names
//! the kernel has; an IP lost on restart shows "old -> new"; cards do not overlap; the exported
//! SVG parses and names the containers; a removed container fades out and the others keep their
//! places, also after a reload. Leaves a screenshot in target/e2e-artifacts.

use std::time::{Duration, Instant};

use bridgescope_e2e::{release_binary, screenshot, text_of, wait_for, wait_gone, with_browser};
use bridgescope_testkit::{kernel, Lab, Run, ServerProcess};
use fantoccini::Client;
use serde_json::Value;

async fn script(client: &Client, js: &str) -> Value {
    match client.execute(js, vec![]).await {
        Ok(value) => value,
        Err(error) => panic!("script failed: {error}\n{js}"),
    }
}

fn overlaps(a: &[f64], b: &[f64]) -> bool {
    a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]
}

#[tokio::test]
async fn the_diagram_follows_docker_live() {
    let lab = Lab::new().await;
    let server = ServerProcess::start(&release_binary(), &[]).await;
    let bridge = format!("bsd{}", std::process::id() % 100_000);

    with_browser(|client| async move {
        if let Err(error) = client.goto(server.base_url()).await {
            panic!("cannot open the dashboard: {error}");
        }
        wait_for(&client, "main[data-stream='live']", Duration::from_secs(20)).await;

        let net = lab
            .create_network("diag", Some("10.213.70.0/24"), Some(&bridge))
            .await;
        let first = lab.run("alpha", &Run::sleeper(&[&net])).await;
        let second = lab.run("beta", &Run::sleeper(&[&net])).await;
        let created = Instant::now();
        for name in [&first, &second] {
            let ip = lab.ip_on(name, &net).await.unwrap_or_default();
            let css = format!("g.card[data-container='{name}'] text.ip[data-network='{net}']");
            let left = Duration::from_secs(2).saturating_sub(created.elapsed());
            let shown = text_of(&wait_for(&client, &css, left).await).await;
            assert!(
                shown.contains(&ip),
                "{name}: diagram says {shown:?}, Docker {ip}"
            );
            // The wire's host-side name is a veth the kernel has on this network's bridge.
            let veth_css = format!("text.veth-host[data-container='{name}'][data-network='{net}']");
            let veth = text_of(&wait_for(&client, &veth_css, Duration::from_secs(2)).await).await;
            let kernel = kernel::host_links(&[]);
            let found = kernel.iter().find(|l| l.name == veth.trim());
            assert_eq!(
                found.and_then(|l| l.master.clone()).as_deref(),
                Some(bridge.as_str()),
                "{name}: veth {veth:?} not on {bridge} in ip -o link"
            );
        }

        // Cards do not overlap on screen.
        let boxes = script(
            &client,
            "return [...document.querySelectorAll('g.card')].map(e => { \
             const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; });",
        )
        .await;
        let boxes: Vec<Vec<f64>> = serde_json::from_value(boxes).unwrap_or_default();
        assert!(boxes.len() >= 2, "cards: {boxes:?}");
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!overlaps(a, b), "cards overlap: {a:?} {b:?}");
            }
        }

        // Restart with the old address taken: "old -> new".
        let old_ip = lab.ip_on(&first, &net).await.unwrap_or_default();
        lab.stop(&first).await;
        let thief = Run {
            ipv4: Some(old_ip.clone()),
            ..Run::sleeper(&[&net])
        };
        lab.run("thief", &thief).await;
        lab.start(&first).await;
        let new_ip = lab.ip_on(&first, &net).await.unwrap_or_default();
        let css = format!("g.card[data-container='{first}'] text.ip-changed");
        let changed = text_of(&wait_for(&client, &css, Duration::from_secs(5)).await).await;
        assert!(
            changed.contains(&old_ip) && changed.contains(&new_ip) && changed.contains("->"),
            "diagram says {changed:?}, expected {old_ip} -> {new_ip}"
        );
        screenshot(&client, "diagram").await;

        // Export: capture the blob the button downloads, and parse it in the browser.
        script(
            &client,
            "window.__exported = null; const make = URL.createObjectURL; \
             URL.createObjectURL = b => { window.__exported = b; return make(b); }; return true;",
        )
        .await;
        let button = wait_for(&client, "button.export-svg", Duration::from_secs(2)).await;
        if let Err(error) = button.click().await {
            panic!("cannot click Export SVG: {error}");
        }
        let exported = client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 window.__exported.text().then(t => { \
                   const doc = new DOMParser().parseFromString(t, 'image/svg+xml'); \
                   done([t, doc.querySelector('parsererror') === null]); });",
                vec![],
            )
            .await;
        let exported: (String, bool) = match exported {
            Ok(value) => serde_json::from_value(value).unwrap_or_default(),
            Err(error) => panic!("no exported SVG: {error}"),
        };
        assert!(exported.1, "the exported SVG does not parse");
        for name in [&first, &second] {
            assert!(exported.0.contains(name.as_str()), "export lacks {name}");
        }

        // A removed container fades out: its card leaves the live diagram at once, stays a
        // moment faded (in `g.leaving`), then goes. The others keep their places, also after a
        // reload (the page starts from the places the server remembers, not a fresh packing
        // that would move the second card into the first one's place).
        let place_of = |name: &str| {
            format!(
                "const r = document.querySelector(\"svg.diagram-svg > g.card[data-container='{name}'] rect.card-box\"); \
                 return r ? [r.getAttribute('x'), r.getAttribute('y')] : null;"
            )
        };
        let second_place = script(&client, &place_of(&second)).await;
        lab.remove(&first).await;
        let live_card = format!("svg.diagram-svg > g.card[data-container='{first}']");
        wait_gone(&client, &live_card, Duration::from_secs(2)).await;
        let ghost = format!("g.leaving g.card[data-container='{first}']");
        wait_for(&client, &ghost, Duration::from_secs(1)).await;
        wait_gone(&client, &ghost, Duration::from_secs(6)).await;
        assert_eq!(script(&client, &place_of(&second)).await, second_place);

        // Projector mode and the dark theme survive a reload.
        for toggle in ["#toggle-projector", "#toggle-theme"] {
            let button = wait_for(&client, toggle, Duration::from_secs(2)).await;
            if let Err(error) = button.click().await {
                panic!("cannot click {toggle}: {error}");
            }
        }
        if let Err(error) = client.refresh().await {
            panic!("cannot reload: {error}");
        }
        wait_for(&client, "main[data-stream='live']", Duration::from_secs(20)).await;
        assert_eq!(
            script(&client, &place_of(&second)).await,
            second_place,
            "{second} moved on reload"
        );
        assert!(second_place.is_array());
        let mut modes = Value::Null;
        for _ in 0..20 {
            modes = script(
                &client,
                "const root = document.documentElement; \
                 return [root.dataset.projector || '', root.dataset.theme || ''];",
            )
            .await;
            if modes == serde_json::json!(["on", "dark"]) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(modes, serde_json::json!(["on", "dark"]));
        screenshot(&client, "diagram-projector-dark").await;
    })
    .await;
}

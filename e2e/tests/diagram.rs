//! The live diagram in a real browser against the release build: containers created through the
//! Docker API appear within 2 s without reload, with the IPs Docker reports and the veth names
//! the kernel has; an IP lost on restart shows "old -> new"; cards do not overlap; the exported
//! SVG parses and names the containers; a removed container fades out and the others keep their
//! places, also after a reload. Leaves a screenshot in target/e2e-artifacts.

use std::time::{Duration, Instant};

use bridgescope_e2e::{
    release_binary, screenshot, script, text_of, wait_for, wait_gone, with_browser,
};
use bridgescope_testkit::{kernel, Lab, Run, ServerProcess};
use fantoccini::Client;
use serde_json::Value;

fn overlaps(a: &[f64], b: &[f64]) -> bool {
    a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]
}

/// Fails unless the fitted view shows the whole diagram: the host frame, which holds every
/// bar and card, and every card lie within the pane, and the frame fills most of the pane's
/// width or height (the fitted view leaves at most a step of room, see `ViewBox::fit`).
async fn assert_fitted_to_pane(client: &Client) {
    let found = script(
        client,
        "const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }; \
         return [box(document.querySelector('.diagram-pane')), \
                 box(document.querySelector('svg.diagram-svg rect.host-frame')), \
                 [...document.querySelectorAll('svg.diagram-svg > g.card')].map(box)];",
    )
    .await;
    let (pane, frame, cards): (Vec<f64>, Vec<f64>, Vec<Vec<f64>>) =
        match serde_json::from_value(found.clone()) {
            Ok(boxes) => boxes,
            Err(error) => panic!("pane, frame and cards are not boxes ({error}): {found}"),
        };
    assert!(
        pane.len() == 4 && frame.len() == 4 && !cards.is_empty(),
        "no pane, frame or cards: {found}"
    );
    let inside = |b: &[f64]| {
        b[0] >= pane[0] - 0.5
            && b[1] >= pane[1] - 0.5
            && b[2] <= pane[2] + 0.5
            && b[3] <= pane[3] + 0.5
    };
    for shown in cards.iter().chain([&frame]) {
        assert!(inside(shown), "{shown:?} outside the pane {pane:?}");
    }
    let filled = ((frame[2] - frame[0]) / (pane[2] - pane[0]))
        .max((frame[3] - frame[1]) / (pane[3] - pane[1]));
    assert!(
        filled > 0.75,
        "the frame {frame:?} fills {filled:.2} of the pane {pane:?}"
    );
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
            let ip = lab.expect_ip_on(name, &net).await;
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
        let boxes: Vec<Vec<f64>> = match serde_json::from_value(boxes.clone()) {
            Ok(boxes) => boxes,
            Err(error) => panic!("the cards' boxes are not boxes ({error}): {boxes}"),
        };
        assert!(boxes.len() >= 2, "cards: {boxes:?}");
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!overlaps(a, b), "cards overlap: {a:?} {b:?}");
            }
        }

        // The fitted view shows the whole diagram: every card lies inside the pane, also after
        // zooming in and asking for the fit again.
        assert_fitted_to_pane(&client).await;

        // The picture zooms out as the diagram grows, and still shows all of it.
        let card_width = "return document.querySelector('svg.diagram-svg > g.card rect.card-box') \
                          .getBoundingClientRect().width;";
        let before = script(&client, card_width).await.as_f64().unwrap_or(f64::NAN);
        for i in 0..8 {
            let more = lab.run(&format!("more{i}"), &Run::sleeper(&[&net])).await;
            let css = format!("svg.diagram-svg > g.card[data-container='{more}']");
            wait_for(&client, &css, Duration::from_secs(2)).await;
            assert_fitted_to_pane(&client).await;
        }
        let after = script(&client, card_width).await.as_f64().unwrap_or(f64::NAN);
        assert!(after < before * 0.9, "a card was {before} px wide, now {after}");
        // A narrower window, then the usual one again: the view is fitted to the pane anew.
        for (width, height) in [(1000, 720), (1280, 720)] {
            if let Err(error) = client.set_window_size(width, height).await {
                panic!("cannot resize the window to {width}x{height}: {error}");
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert_fitted_to_pane(&client).await;
        }
        for button in ["button.zoom-in", "button.zoom-in", "button.zoom-fit"] {
            let button = wait_for(&client, button, Duration::from_secs(2)).await;
            if let Err(error) = button.click().await {
                panic!("cannot click a zoom button: {error}");
            }
        }
        assert_fitted_to_pane(&client).await;

        // Restart with the old address taken: "old -> new".
        let old_ip = lab.expect_ip_on(&first, &net).await;
        lab.stop(&first).await;
        let thief = Run {
            ipv4: Some(old_ip.clone()),
            ..Run::sleeper(&[&net])
        };
        lab.run("thief", &thief).await;
        lab.start(&first).await;
        let new_ip = lab.expect_ip_on(&first, &net).await;
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
            Ok(value) => match serde_json::from_value(value.clone()) {
                Ok(exported) => exported,
                Err(error) => panic!("the export check did not answer (text, parsed) ({error}): {value}"),
            },
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
        // The "old -> new" minute counts from when this browser first showed the change, not
        // from the reload: made two minutes old, the change is not shown again.
        let backdated = script(
            &client,
            "const k = 'bridgescope.ip-changes'; const m = JSON.parse(localStorage.getItem(k) || '{}'); \
             for (const c in m) m[c] = Date.now() - 120000; localStorage.setItem(k, JSON.stringify(m)); \
             return Object.keys(m).length;",
        )
        .await;
        assert!(backdated.as_u64().unwrap_or(0) >= 1, "no address change recorded as shown");
        if let Err(error) = client.refresh().await {
            panic!("cannot reload: {error}");
        }
        wait_for(&client, "main[data-stream='live']", Duration::from_secs(20)).await;
        wait_gone(&client, &css, Duration::from_secs(3)).await;
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

//! The page's speed choices, each checked where undoing it would show, in Chromium against the
//! release build (ARCHITECTURE.md, "The page at scale"; the figures are in docs/BENCHMARKS.md,
//! "Page choices"):
//! - the page is sent in order, with no `<template>` for a script to clone into place;
//! - hydration keeps what the server drew: the number of `setAttribute` calls until the page is
//!   live stays under a bound (markup strings as innerHTML, kept `data-*` and `viewBox`);
//! - the page's own inline script opens the one event stream, and the wasm adopts it;
//! - the warm-up runs once the page is live;
//! - a growing diagram is followed by a transform on the svg, its `viewBox` left as drawn, and
//!   the transform is set in a way the page's Content-Security-Policy allows.

use std::time::Duration;

use bridgescope_e2e::{cdp, release_binary, screenshot, script, wait_for, with_browser};
use bridgescope_testkit::{eventually, Lab, Run, ServerProcess};
use fantoccini::Client;
use serde_json::Value;

/// setAttribute calls from the first byte until the page is live, with 4 containers on one
/// network (docs/BENCHMARKS.md, "Page choice: kept attributes"); the test prints the count it
/// saw, by element and attribute. Left out: the `<option>`s the browser fills, and the role
/// badge, whose class and title change on purpose when its own request (sent once live) answers.
const SET_ATTRIBUTE_BOUND: u64 = 123;

/// Counts setAttribute calls until the page goes live, and the event streams opened.
const WATCH: &str =
    "window.__bs = { setAttribute: 0, names: {}, live: false, streams: [], csp: [] }; \
    document.addEventListener('securitypolicyviolation', \
        e => window.__bs.csp.push(e.violatedDirective + ' ' + e.blockedURI)); \
    const setAttribute = Element.prototype.setAttribute; \
    Element.prototype.setAttribute = function (name, value) { \
        if (!window.__bs.live && this.tagName !== 'OPTION' && this.id !== 'role') { window.__bs.setAttribute++; \
            const key = this.tagName + (this.id ? '#' + this.id : '') + ' ' + name; \
            window.__bs.names[key] = (window.__bs.names[key] || 0) + 1; } \
        return setAttribute.call(this, name, value); }; \
    const Native = window.EventSource; \
    function Counted(url, options) { window.__bs.streams.push(String(url)); \
        return new Native(url, options); } \
    Counted.prototype = Native.prototype; \
    Object.assign(Counted, { CONNECTING: 0, OPEN: 1, CLOSED: 2 }); \
    window.EventSource = Counted;";

/// The svg's `viewBox` attribute and its computed CSS transform.
async fn view_of(client: &Client) -> (String, String) {
    let found = script(
        client,
        "const svg = document.querySelector('svg.diagram-svg'); \
         return [svg.getAttribute('viewBox'), getComputedStyle(svg).transform];",
    )
    .await;
    serde_json::from_value(found.clone()).unwrap_or_else(|e| panic!("{e}: {found}"))
}

#[tokio::test]
async fn hydration_keeps_the_servers_page_and_adopts_its_stream() {
    let lab = Lab::new().await;
    let net = lab
        .create_network("choices", Some("10.213.77.0/24"), None)
        .await;
    for i in 0..4 {
        lab.run(&format!("c{i}"), &Run::sleeper(&[&net])).await;
    }
    let server = ServerProcess::start(&release_binary(), &[]).await;
    server
        .wait_for_topology("the four containers", |t| {
            t["containers"].as_object().is_some_and(|c| {
                c.values()
                    .filter(|c| {
                        c["name"]
                            .as_str()
                            .is_some_and(|n| n.starts_with(&lab.name("c")))
                    })
                    .count()
                    == 4
            })
        })
        .await;
    let (status, page) = server.get_text("/").await;
    assert_eq!(status, 200);
    assert!(
        !page.contains("<template"),
        "the page carries a <template> to clone"
    );

    with_browser(|client| async move {
        cdp::run_on_new_documents(&client, WATCH).await;
        if let Err(error) = client.goto(server.base_url()).await {
            panic!("cannot open the dashboard: {error}");
        }
        wait_for(&client, "main[data-stream='live']", Duration::from_secs(20)).await;
        let counted = script(
            &client,
            "window.__bs.live = true; \
             return [window.__bs.setAttribute, window.__bs.streams, window.__bs.names];",
        )
        .await;
        let (calls, streams, names): (u64, Vec<String>, Value) =
            serde_json::from_value(counted.clone()).unwrap_or_else(|e| panic!("{e}: {counted}"));
        println!("setAttribute calls until live: {calls}; streams: {streams:?}; by element and name: {names}");
        assert!(
            calls <= SET_ATTRIBUTE_BOUND,
            "{calls} setAttribute calls until live (bound {SET_ATTRIBUTE_BOUND}): hydration sets \
             again what the server drew: {names}"
        );
        assert_eq!(streams.len(), 1, "event streams opened: {streams:?}");
        assert!(streams[0].contains("since="), "{streams:?}");

        eventually("the warm-up", Duration::from_secs(10), || {
            let client = client.clone();
            async move {
                let marks = script(
                    &client,
                    "return performance.getEntriesByName('bridgescope:warm-up').length;",
                )
                .await;
                (marks.as_u64() > Some(0)).then_some(())
            }
        })
        .await;

        let (view_box, transform) = view_of(&client).await;
        for i in 4..40 {
            lab.run(&format!("c{i}"), &Run::sleeper(&[&net])).await;
        }
        let (grown_box, grown_transform) = eventually(
            "the view to follow 36 more cards",
            Duration::from_secs(20),
            || {
                let client = client.clone();
                let transform = transform.clone();
                async move {
                    let cards = script(
                        &client,
                        "return document.querySelectorAll('svg.diagram-svg > g.card').length;",
                    )
                    .await;
                    let view = view_of(&client).await;
                    (cards.as_u64() >= Some(40) && view.1 != transform).then_some(view)
                }
            },
        )
        .await;
        assert_eq!(
            grown_box, view_box,
            "the viewBox was drawn again for a growing diagram"
        );
        assert_ne!(grown_transform, "none", "{grown_transform}");
        let violations = script(&client, "return window.__bs.csp;").await;
        assert_eq!(
            violations,
            serde_json::json!([]),
            "the page broke its own CSP"
        );
        screenshot(&client, "page-choices-grown").await;
    })
    .await;
}

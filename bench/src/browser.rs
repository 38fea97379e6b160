//! The diagram in headless Chromium at 10, 100 and 300 containers: initial render (navigation
//! start to every card drawn, hydration included) and delta-to-paint (an `update` event arriving
//! on the page to the next animation frame after the diagram shows the change).

use std::path::Path;
use std::time::Duration;

use bridgescope_e2e::with_browser;
use bridgescope_testkit::{Lab, Run, ServerProcess};
use fantoccini::Client;
use futures::future::join_all;
use serde_json::Value;

const SIZES: [usize; 3] = [10, 100, 300];
const DELTAS: usize = 10;

/// In the page: waits (animation frame by animation frame) until `count` cards are drawn and
/// returns the time since navigation start.
const CARDS_DRAWN: &str = "const [count, done] = [arguments[0], arguments[arguments.length - 1]];
const tick = () => document.querySelectorAll('g.card').length >= count
  ? done(performance.now()) : requestAnimationFrame(tick);
tick();";

/// In the page: listens for the `update` event that names the container and, from its arrival, waits until a card
/// named arguments[0] is drawn (or gone, with arguments[1] false); returns the milliseconds from
/// arrival to the animation frame after the change.
const DELTA_PAINTED: &str = "const [name, present, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const source = new EventSource('/api/events');
let arrived = null;
source.addEventListener('update', (e) => {
  if (arrived === null && e.data.includes(name)) arrived = performance.now();
});
const shown = () => (document.querySelector(`g.card[data-container='${name}']`) !== null) === present;
const tick = () => {
  if (arrived !== null && shown()) {
    requestAnimationFrame(() => { source.close(); done(performance.now() - arrived); });
  } else { requestAnimationFrame(tick); }
};
window.__armed = true;
tick();";

pub async fn run(binary: &Path) {
    let lab = Lab::new().await;
    let net = lab
        .create_network("paint", Some("10.215.0.0/16"), None)
        .await;
    let run = Run::sleeper(&[&net]);
    let mut made = 0;
    println!("\nbrowser (headless Chromium, 1280x720, release build):");
    for size in SIZES {
        while made < size {
            let batch: Vec<String> = (made..size.min(made + 20))
                .map(|i| format!("p{i:03}"))
                .collect();
            join_all(batch.iter().map(|suffix| lab.run(suffix, &run))).await;
            made += batch.len();
        }
        let server = ServerProcess::start(binary, &[]).await;
        let url = server.base_url().to_string();
        let lab = &lab;
        let run = &run;
        with_browser(|client| async move {
            let initial = initial_render(&client, &url, size).await;
            let mut deltas = Vec::new();
            for i in 0..DELTAS {
                let suffix = format!("d{size}x{i}");
                let name = lab.name(&suffix);
                deltas.push(delta_to_paint(&client, &name, true, lab.run(&suffix, run)).await);
            }
            deltas.sort_by(f64::total_cmp);
            println!(
                "{size:>4} containers: initial render {initial:>7.0} ms; delta to paint p50 {:>6.1} ms, max {:>6.1} ms ({DELTAS} starts)",
                deltas[deltas.len() / 2],
                deltas[deltas.len() - 1]
            );
        })
        .await;
        made += DELTAS;
    }
}

async fn initial_render(client: &Client, url: &str, size: usize) -> f64 {
    if let Err(error) = client.goto(url).await {
        panic!("cannot open {url}: {error}");
    }
    let value = client
        .execute_async(CARDS_DRAWN, vec![Value::from(size)])
        .await;
    value.ok().and_then(|v| v.as_f64()).unwrap_or(f64::NAN)
}

/// Arms the page's listener, runs `action`, and returns the page's measure.
async fn delta_to_paint<F: std::future::Future>(
    client: &Client,
    name: &str,
    present: bool,
    action: F,
) -> f64 {
    let waiting =
        client.execute_async(DELTA_PAINTED, vec![Value::from(name), Value::from(present)]);
    let (measured, _) = tokio::join!(waiting, async {
        // Let the listener open before Docker changes anything.
        tokio::time::sleep(Duration::from_millis(300)).await;
        action.await
    });
    measured.ok().and_then(|v| v.as_f64()).unwrap_or(f64::NAN)
}

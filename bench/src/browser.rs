//! The diagram in headless Chromium at 10, 100 and 300 containers: initial render (navigation
//! start to every card drawn, and to the page being live: hydrated and following the stream)
//! and, for a container started, the time from its update arriving on the page to the change in
//! the DOM (script), the next frame's rendering (render), and to that frame painted.

use std::path::Path;
use std::time::Duration;

use bridgescope_e2e::with_browser;
use bridgescope_testkit::{Lab, Run, ServerProcess};
use fantoccini::Client;
use futures::future::join_all;
use serde_json::Value;

const SIZES: [usize; 3] = [10, 100, 300];
const DELTAS: usize = 10;

/// In the page: waits (animation frame by animation frame) until `count` cards are drawn, then
/// until the page is live (hydrated and following the stream); returns both times since
/// navigation start.
const CARDS_DRAWN: &str = "const [count, done] = [arguments[0], arguments[arguments.length - 1]];
let drawn = null;
const tick = () => {
  if (drawn === null && document.querySelectorAll('g.card').length >= count) drawn = performance.now();
  if (drawn !== null && document.querySelector('main.dashboard')?.dataset.stream === 'live') {
    done([drawn, performance.now()]);
  } else { requestAnimationFrame(tick); }
};
tick();";

/// In the page: waits until a card named arguments[0] is drawn (or gone, with arguments[1]
/// false). The page marks each update's arrival (`bridgescope:update`); from that mark:
/// `script` is the time until the change is in the DOM (parse, apply, layout, DOM update),
/// `render` the style, layout and paint of the next frame (its animation frame callback to
/// the task after it), `painted` the whole time until then, including the wait for that frame.
const DELTA_PAINTED: &str = "const [name, present, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const shown = () => (document.querySelector(`g.card[data-container='${name}']`) !== null) === present;
const observer = new MutationObserver(() => {
  if (!shown()) return;
  observer.disconnect();
  const applied = performance.now();
  const mark = performance.getEntriesByName('bridgescope:update', 'mark').pop();
  const arrived = mark ? mark.startTime : NaN;
  requestAnimationFrame(() => {
    const frame = performance.now();
    setTimeout(() => {
      const painted = performance.now();
      done([applied - arrived, painted - frame, painted - arrived]);
    }, 0);
  });
});
observer.observe(document.querySelector('svg.diagram-svg'), {childList: true, subtree: true});";

/// One delta's figures, in ms (see [`DELTA_PAINTED`]).
#[derive(Clone, Copy, Debug)]
struct DeltaTimes {
    script: f64,
    render: f64,
    painted: f64,
}

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
            // The first visit (nothing cached), then two more visits; the median of those.
            let (drawn, live) = initial_render(&client, &url, size).await;
            let mut again = Vec::new();
            for _ in 0..2 {
                let _ = client.goto("about:blank").await;
                again.push(initial_render(&client, &url, size).await.1);
            }
            again.sort_by(f64::total_cmp);
            let revisit = again[again.len() / 2];
            let mut deltas = Vec::new();
            for i in 0..DELTAS {
                let suffix = format!("d{size}x{i}");
                let name = lab.name(&suffix);
                deltas.push(delta_to_paint(&client, &name, true, lab.run(&suffix, run)).await);
            }
            let p50 = |pick: fn(&DeltaTimes) -> f64| {
                let mut values: Vec<f64> = deltas.iter().map(pick).collect();
                values.sort_by(f64::total_cmp);
                (values[values.len() / 2], values[values.len() - 1])
            };
            let (script, script_max) = p50(|d| d.script);
            let (render, render_max) = p50(|d| d.render);
            let (work, work_max) = p50(|d| d.script + d.render);
            let (painted, painted_max) = p50(|d| d.painted);
            println!(
                "{size:>4} containers: initial render {drawn:>5.0} ms (live {live:>5.0} ms, next visits {revisit:>5.0} ms); per delta p50 (max): script {script:>5.1} ({script_max:>5.1}), render {render:>5.1} ({render_max:>5.1}), script+render {work:>5.1} ({work_max:>5.1}), arrival to painted {painted:>5.1} ({painted_max:>5.1}) ms"
            );
        })
        .await;
        made += DELTAS;
    }
}

async fn initial_render(client: &Client, url: &str, size: usize) -> (f64, f64) {
    if let Err(error) = client.goto(url).await {
        panic!("cannot open {url}: {error}");
    }
    let value = client
        .execute_async(CARDS_DRAWN, vec![Value::from(size)])
        .await
        .ok();
    (ms_at(&value, 0), ms_at(&value, 1))
}

/// The `i`th number of the array a page script answered, or NaN when it did not answer.
fn ms_at(answer: &Option<Value>, i: usize) -> f64 {
    answer
        .as_ref()
        .and_then(|v| v.get(i))
        .and_then(Value::as_f64)
        .unwrap_or(f64::NAN)
}

/// Arms the page's observer, runs `action`, and returns the page's measures.
async fn delta_to_paint<F: std::future::Future>(
    client: &Client,
    name: &str,
    present: bool,
    action: F,
) -> DeltaTimes {
    let waiting =
        client.execute_async(DELTA_PAINTED, vec![Value::from(name), Value::from(present)]);
    let (measured, _) = tokio::join!(waiting, async {
        // Let the observer be armed before Docker changes anything.
        tokio::time::sleep(Duration::from_millis(300)).await;
        action.await
    });
    let measured = measured.ok();
    DeltaTimes {
        script: ms_at(&measured, 0),
        render: ms_at(&measured, 1),
        painted: ms_at(&measured, 2),
    }
}

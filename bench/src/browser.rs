//! The diagram in headless Chromium at 10, 100 and 300 containers: initial render (navigation
//! start to the frame that drew every card, and to the page being live: hydrated and following
//! the stream) on first visits (fresh browsers, nothing cached) and later visits; and, for a
//! container started, the time from its update arriving on the page to the change in the DOM
//! (script), the next frame's rendering (render), and to that frame painted.

use std::cell::{Cell, RefCell};
use std::path::Path;
use std::time::Duration;

use bridgescope_e2e::with_browser;

use bridgescope_e2e::cdp;
use bridgescope_testkit::{Lab, Run, ServerProcess};
use fantoccini::Client;
use futures::future::join_all;
use serde_json::Value;

const SIZES: [usize; 3] = [10, 100, 300];
const DELTAS: usize = 10;
/// Fresh browsers per size, one first visit each.
const FIRST_VISITS: usize = 3;
/// Visits after the first in one browser.
const REVISITS: usize = 3;

/// Registered to run in every new document before the page's own scripts: from the first
/// byte, it checks each animation frame for the cards and for the page going live (hydrated
/// and following the stream), and records, in `window.__bsInitial`, the time after the frame
/// that first drew all `{count}` cards was rendered, and the time the page was live, both since
/// navigation start.
const WATCH_INITIAL: &str = "if (location.protocol === 'http:') {
  const times = window.__bsInitial = {};
  const tick = () => {
    if (times.seen === undefined && document.querySelectorAll('g.card').length >= {count}) {
      times.seen = performance.now();
      setTimeout(() => { times.drawn = performance.now(); }, 0);
    }
    if (times.live === undefined && document.querySelector('main.dashboard')?.dataset.stream === 'live') {
      times.live = performance.now();
    }
    if (times.drawn === undefined || times.live === undefined) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}";

/// In the page, after `goto` returned: waits for [`WATCH_INITIAL`]'s two times.
const INITIAL_TIMES: &str = "const done = arguments[arguments.length - 1];
const poll = () => {
  const times = window.__bsInitial || {};
  const hydrate = performance.getEntriesByName('bridgescope:hydrate')[0];
  if (times.drawn !== undefined && times.live !== undefined) done([times.drawn, times.live, hydrate ? hydrate.duration : NaN]);
  else setTimeout(poll, 10);
};
poll();";

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

/// One visit's figures, in ms (see [`WATCH_INITIAL`]): since navigation start, the frame that
/// drew every card and the page being live; and how long hydration took (the page's own
/// `bridgescope:hydrate` measure).
#[derive(Clone, Copy, Debug)]
struct Initial {
    drawn: f64,
    live: f64,
    hydrate: f64,
}

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
        let mut firsts = Vec::new();
        for _ in 0..FIRST_VISITS {
            firsts.push(first_visit(&url, size).await);
        }
        let (revisits, deltas) = later_visits_and_deltas(&url, size, &lab, &run).await;
        print_size(size, &firsts, &revisits, &deltas);
        made += DELTAS;
    }
}

/// A fresh browser (nothing cached): its one visit's (drawn, live) times.
async fn first_visit(url: &str, size: usize) -> Initial {
    let times = Cell::new(Initial {
        drawn: f64::NAN,
        live: f64::NAN,
        hydrate: f64::NAN,
    });
    let shared = &times;
    with_browser(|client| async move {
        let watch = WATCH_INITIAL.replace("{count}", &size.to_string());
        cdp::run_on_new_documents(&client, &watch).await;
        shared.set(initial_render(&client, url).await);
    })
    .await;
    times.get()
}

/// One browser: a first visit (not counted), [`REVISITS`] more visits (wasm compiled code
/// cached), then [`DELTAS`] containers started one by one while the page follows.
async fn later_visits_and_deltas(
    url: &str,
    size: usize,
    lab: &Lab,
    run: &Run,
) -> (Vec<Initial>, Vec<DeltaTimes>) {
    let measured = RefCell::new((Vec::new(), Vec::new()));
    let shared = &measured;
    with_browser(|client| async move {
        let watch = WATCH_INITIAL.replace("{count}", &size.to_string());
        cdp::run_on_new_documents(&client, &watch).await;
        initial_render(&client, url).await;
        for _ in 0..REVISITS {
            let _ = client.goto("about:blank").await;
            let times = initial_render(&client, url).await;
            shared.borrow_mut().0.push(times);
        }
        for i in 0..DELTAS {
            let suffix = format!("d{size}x{i}");
            let name = lab.name(&suffix);
            let times = delta_to_paint(&client, &name, true, lab.run(&suffix, run)).await;
            shared.borrow_mut().1.push(times);
        }
    })
    .await;
    measured.into_inner()
}

/// One line of medians (and spreads) for a size, and one of every delta's arrival to painted.
fn print_size(size: usize, firsts: &[Initial], revisits: &[Initial], deltas: &[DeltaTimes]) {
    let drawn = Spread::of(firsts.iter().map(|t| t.drawn));
    let live = Spread::of(firsts.iter().map(|t| t.live));
    let hydrate = Spread::of(firsts.iter().map(|t| t.hydrate));
    let again_drawn = Spread::of(revisits.iter().map(|t| t.drawn));
    let again_live = Spread::of(revisits.iter().map(|t| t.live));
    println!(
        "{size:>4} containers: first visit (median of {FIRST_VISITS} fresh browsers, min-max): drawn {drawn}, live {live}, of which hydration {hydrate}; next visits (median of {REVISITS}): drawn {again_drawn}, live {again_live}"
    );
    let script = Spread::of(deltas.iter().map(|d| d.script));
    let render = Spread::of(deltas.iter().map(|d| d.render));
    let work = Spread::of(deltas.iter().map(|d| d.script + d.render));
    let painted = Spread::of(deltas.iter().map(|d| d.painted));
    println!(
        "{size:>4} containers: per delta (median, min-max of {DELTAS}): script {script}, render {render}, script+render {work}, arrival to painted {painted}"
    );
    let each: Vec<String> = deltas.iter().map(|d| format!("{:.1}", d.painted)).collect();
    println!(
        "{size:>4} containers: each delta, arrival to painted, in order: {}",
        each.join(" ")
    );
}

/// The median and range of some figures, printed as `median ms (min-max)`.
struct Spread {
    median: f64,
    min: f64,
    max: f64,
}

impl Spread {
    fn of(values: impl Iterator<Item = f64>) -> Self {
        let mut values: Vec<f64> = values.collect();
        values.sort_by(f64::total_cmp);
        let pick = |i: usize| values.get(i).copied().unwrap_or(f64::NAN);
        Self {
            median: pick(values.len() / 2),
            min: pick(0),
            max: pick(values.len().saturating_sub(1)),
        }
    }
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1} ms ({:.1}-{:.1})", self.median, self.min, self.max)
    }
}

async fn initial_render(client: &Client, url: &str) -> Initial {
    if let Err(error) = client.goto(url).await {
        panic!("cannot open {url}: {error}");
    }
    let value = client.execute_async(INITIAL_TIMES, vec![]).await.ok();
    Initial {
        drawn: ms_at(&value, 0),
        live: ms_at(&value, 1),
        hydrate: ms_at(&value, 2),
    }
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

//! The harness of the end-to-end tests: Debian's chromedriver and headless Chromium, driven over
//! WebDriver (fantoccini), against the release build of `bridgescope`. Nothing here downloads a
//! browser or a driver; a missing one makes the test fail with a clear message.

pub mod cdp;

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use bridgescope_testkit::free_port;
use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use futures::FutureExt;
use tokio::process::{Child, Command};

/// The release binary under test: `BRIDGESCOPE_BIN`, else `target/release/bridgescope`.
pub fn release_binary() -> PathBuf {
    let path = std::env::var_os("BRIDGESCOPE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_dir().join("target/release/bridgescope"));
    assert!(
        path.exists(),
        "{} is missing: build it with `cargo leptos build --release` (scripts/test.sh does)",
        path.display()
    );
    path
}

pub fn workspace_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // Chromium cannot use a profile path with `..` in it.
    dir.canonicalize().unwrap_or(dir)
}

/// Where tests leave screenshots and other artifacts: `target/e2e-artifacts`.
pub fn artifacts_dir() -> PathBuf {
    let dir = workspace_dir().join("target/e2e-artifacts");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Runs `test` with a fresh headless Chromium and always ends the session afterwards, also
/// when the test panics, so no browser processes pile up.
pub async fn with_browser<F, Fut>(test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()>,
{
    let driver = ChromeDriver::start().await;
    let client = driver.new_session().await;
    let outcome = AssertUnwindSafe(test(client.clone())).catch_unwind().await;
    let _ = client.close().await;
    drop(driver);
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// Runs `test` with two fresh headless Chromiums (two screens in a room: a lecturer's and a
/// student's), each with its own profile, and ends both sessions afterwards.
pub async fn with_two_browsers<F, Fut>(test: F)
where
    F: FnOnce(Client, Client) -> Fut,
    Fut: Future<Output = ()>,
{
    let (first_driver, second_driver) = (ChromeDriver::start().await, ChromeDriver::start().await);
    let first = first_driver.new_session().await;
    let second = second_driver.new_session().await;
    let outcome = AssertUnwindSafe(test(first.clone(), second.clone()))
        .catch_unwind()
        .await;
    let _ = first.close().await;
    let _ = second.close().await;
    drop((first_driver, second_driver));
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// Waits (up to `timeout`) for the element that `css` selects.
pub async fn wait_for(client: &Client, css: &str, timeout: Duration) -> Element {
    match client
        .wait()
        .at_most(timeout)
        .every(Duration::from_millis(50))
        .for_element(Locator::Css(css))
        .await
    {
        Ok(element) => element,
        Err(error) => {
            let html = client.source().await.unwrap_or_default();
            panic!("no element {css:?} within {timeout:?}: {error}\npage:\n{html}")
        }
    }
}

/// Waits until no element matches `css`.
pub async fn wait_gone(client: &Client, css: &str, timeout: Duration) {
    bridgescope_testkit::eventually(&format!("{css:?} to vanish"), timeout, || async {
        let found = client.find_all(Locator::Css(css)).await.ok()?;
        found.is_empty().then_some(())
    })
    .await
}

/// The element's text; panics when the browser cannot tell it (an empty text would pass
/// `contains` checks it should fail).
pub async fn text_of(element: &Element) -> String {
    match element.text().await {
        Ok(text) => text,
        Err(error) => panic!("cannot read the text of {element:?}: {error}"),
    }
}

/// Saves a PNG of the current page under `target/e2e-artifacts/<name>.png`.
pub async fn screenshot(client: &Client, name: &str) -> PathBuf {
    let path = artifacts_dir().join(format!("{name}.png"));
    match client.screenshot().await {
        Ok(png) => {
            if let Err(error) = std::fs::write(&path, png) {
                eprintln!("cannot save {}: {error}", path.display());
            }
        }
        Err(error) => eprintln!("cannot take a screenshot: {error}"),
    }
    path
}

struct ChromeDriver {
    child: Child,
    port: u16,
    /// The browser profile of this driver's session, removed with the driver.
    profile: PathBuf,
}

impl ChromeDriver {
    async fn start() -> Self {
        let port = free_port();
        let home = artifacts_dir().join("chromium-home");
        let mut command = Command::new("chromedriver");
        command
            .arg(format!("--port={port}"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .stdin(Stdio::null())
            .arg(format!(
                "--log-path={}",
                artifacts_dir().join("chromedriver.log").display()
            ))
            .stdout(Stdio::null())
            .kill_on_drop(true);
        let child = match command.spawn() {
            Ok(child) => child,
            Err(error) => panic!(
                "cannot start chromedriver ({error}): install Debian's chromium and \
                 chromium-driver (scripts/setup.sh does)"
            ),
        };
        let profile = artifacts_dir().join(format!("profile-{}-{port}", std::process::id()));
        let driver = Self {
            child,
            port,
            profile,
        };
        bridgescope_testkit::eventually(
            "chromedriver to listen",
            Duration::from_secs(20),
            || async {
                tokio::net::TcpStream::connect(("127.0.0.1", port))
                    .await
                    .ok()
            },
        )
        .await;
        driver
    }

    async fn new_session(&self) -> Client {
        let profile = &self.profile;
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,720",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([format!("--user-data-dir={}", profile.display())])
        .collect::<Vec<_>>();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "binary": "/usr/bin/chromium", "args": args }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
        {
            Ok(client) => client,
            Err(error) => panic!("cannot open a Chromium session: {error}"),
        }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        // The session has ended (or the test failed); its profile is of no further use.
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Runs `js` in the page and answers its value; panics with the script when it throws.
pub async fn script(client: &Client, js: &str) -> serde_json::Value {
    match client.execute(js, vec![]).await {
        Ok(value) => value,
        Err(error) => panic!("script failed: {error}\n{js}"),
    }
}

/// Presses `key` on whatever has the focus, as a keyboard would.
pub async fn press(client: &Client, key: &str) {
    let focused = match client.active_element().await {
        Ok(element) => element,
        Err(error) => panic!("nothing has the focus: {error}"),
    };
    if let Err(error) = focused.send_keys(key).await {
        panic!("cannot press {key:?}: {error}");
    }
}

//! When Redis is missing, unresolvable or restarted: clear 503s, and recovery without a restart
//! of the web app.

mod common;

use std::time::{Duration, Instant};

use common::{client, free_port, get, get_url, set_url, App, Redis};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_is_503_naming_host_and_port() {
    // Nothing listens on this port: the app starts anyway and explains.
    let port = free_port();
    let app = App::start("127.0.0.1", port).await;
    let http = client();

    for url in [get_url(&app.base, "k"), set_url(&app.base, "k", "v")] {
        let started = Instant::now();
        let answer = get(&http, &url).await;
        assert_eq!(answer.status, 503, "{answer:?}");
        assert_eq!(
            answer.body,
            format!("cannot reach Redis at 127.0.0.1:{port}: connection refused")
        );
        assert!(answer.content_type.starts_with("text/plain"), "{answer:?}");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "a refused connection should be reported quickly, took {:?}",
            started.elapsed()
        );
    }

    // The welcome page still works.
    assert_eq!(get(&http, &format!("{}/", app.base)).await.status, 200);
}

// The "did not resolve" answer is not tested here: resolving any name on the host may ask the
// host's resolver, which is outside the loopback range that tests may reach. It is tested in a
// container whose DNS is only Docker's embedded resolver (see the lab tests).

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn app_recovers_by_itself_when_redis_comes_back() {
    let mut redis = Redis::start().await;
    let port = redis.port;
    let app = App::start("127.0.0.1", port).await;
    let http = client();

    let set = get(&http, &set_url(&app.base, "k", "before")).await;
    assert_eq!(set.body, "success");

    // Redis goes away while the app holds a connection to it.
    redis.stop().await;
    let down = get(&http, &get_url(&app.base, "k")).await;
    assert_eq!(down.status, 503, "{down:?}");
    assert_eq!(
        down.body,
        format!("cannot reach Redis at 127.0.0.1:{port}: connection refused")
    );
    // Still down on the next request too (each one tries again).
    assert_eq!(get(&http, &get_url(&app.base, "k")).await.status, 503);

    // Back on the same port. Nothing is persisted, so the old key is gone; but the very first
    // request after the restart already gets through.
    redis.restart().await;
    let first = get(&http, &set_url(&app.base, "k", "after")).await;
    assert_eq!(
        (first.status, first.body.as_str()),
        (200, "success"),
        "{first:?}"
    );
    assert_eq!(get(&http, &get_url(&app.base, "k")).await.body, "after");

    // A restart that no request noticed: the app still holds the dead connection, and the
    // first request must not fail because of it.
    redis.stop().await;
    redis.restart().await;
    let answer = get(&http, &get_url(&app.base, "k")).await;
    assert_eq!(answer.status, 404, "{answer:?}");
    assert_eq!(answer.body, "no value stored under key 'k'");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn app_started_before_redis_connects_once_redis_is_up() {
    let port = free_port();
    let app = App::start("127.0.0.1", port).await;
    let http = client();

    assert_eq!(get(&http, &get_url(&app.base, "k")).await.status, 503);

    let _redis = Redis::start_on(port).await;
    let set = get(&http, &set_url(&app.base, "k", "v")).await;
    assert_eq!((set.status, set.body.as_str()), (200, "success"));
    assert_eq!(get(&http, &get_url(&app.base, "k")).await.body, "v");
}

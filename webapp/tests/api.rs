//! The HTTP API against a real Redis: round trips of awkward keys and values, the 400s and 404s,
//! and the welcome page.

mod common;

use common::{client, get, get_url, set_url, App, Redis};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_keys_and_values_round_trip_exactly() {
    let redis = Redis::start().await;
    let app = App::start("127.0.0.1", redis.port).await;
    let http = client();

    let ten_kb_ascii: String = "0123456789abcdef".repeat(640); // 10 240 bytes
    let unit = "é€🦀 &= ";
    let ten_kb_mixed: String = unit.repeat(10 * 1024 / unit.len() + 1); // a bit over 10 KB
    assert!(ten_kb_mixed.len() >= 10 * 1024);

    let cases: Vec<(&str, &str)> = vec![
        ("plain", "value"),
        ("with spaces", "a value with  two  spaces "),
        ("plus+sign", "1+1=2"),
        ("a&b=c", "x=1&y=2&z"),
        ("=&=&", "&&=="),
        ("100% literal %41", "50% off, %20 stays"),
        ("ünïcødé-ключ-鍵-🦀", "значение ✓ 值 🦀"),
        ("tab\tand\nnewline", "line one\nline two\r\n"),
        ("quotes'\"<>", "<b>not html</b>"),
        ("empty value", ""),
        ("ten kb ascii", &ten_kb_ascii),
        ("ten kb mixed", &ten_kb_mixed),
        (&ten_kb_ascii, "a 10 KB key"),
    ];

    for (key, value) in &cases {
        let set = get(&http, &set_url(&app.base, key, value)).await;
        assert_eq!(
            (set.status, set.body.as_str()),
            (200, "success"),
            "set {key:.40?}"
        );
        assert!(set.content_type.starts_with("text/plain"), "{set:?}");
    }
    for (key, value) in &cases {
        let got = get(&http, &get_url(&app.base, key)).await;
        assert_eq!(got.status, 200, "get {key:.40?}: {}", got.body);
        assert_eq!(&got.body, value, "get {key:.40?}");
        assert!(got.content_type.starts_with("text/plain"), "{got:?}");
    }

    // Setting again replaces the value.
    let again = get(&http, &set_url(&app.base, "plain", "second")).await;
    assert_eq!(again.body, "success");
    assert_eq!(
        get(&http, &get_url(&app.base, "plain")).await.body,
        "second"
    );

    // `+` in a raw query is a space (form encoding), as browsers send it.
    let raw = get(
        &http,
        &format!("{}/redis/set?key=form+style&value=a+b", app.base),
    )
    .await;
    assert_eq!(raw.body, "success");
    assert_eq!(
        get(&http, &get_url(&app.base, "form style")).await.body,
        "a b"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_say_what_is_wrong() {
    let redis = Redis::start().await;
    let app = App::start("127.0.0.1", redis.port).await;
    let http = client();
    let base = &app.base;

    let cases = [
        ("/redis/set?value=v", "missing query parameter 'key'"),
        ("/redis/set", "missing query parameter 'key'"),
        ("/redis/set?key=k", "missing query parameter 'value'"),
        (
            "/redis/set?key=&value=v",
            "query parameter 'key' must not be empty",
        ),
        ("/redis/get", "missing query parameter 'key'"),
        ("/redis/get?value=v", "missing query parameter 'key'"),
        ("/redis/get?key=", "query parameter 'key' must not be empty"),
    ];
    for (path, message) in cases {
        let answer = get(&http, &format!("{base}{path}")).await;
        assert_eq!(answer.status, 400, "{path}: {answer:?}");
        assert_eq!(answer.body, message, "{path}");
        assert!(answer.content_type.starts_with("text/plain"), "{answer:?}");
    }

    let twice = get(&http, &format!("{base}/redis/get?key=a&key=b")).await;
    assert_eq!(twice.status, 400, "{twice:?}");
    assert!(twice.body.contains("key"), "{twice:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_key_is_404_naming_the_key() {
    let redis = Redis::start().await;
    let app = App::start("127.0.0.1", redis.port).await;
    let http = client();

    let answer = get(&http, &get_url(&app.base, "never set & ü")).await;
    assert_eq!(answer.status, 404, "{answer:?}");
    assert_eq!(answer.body, "no value stored under key 'never set & ü'");
    assert!(answer.content_type.starts_with("text/plain"), "{answer:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn welcome_page_names_redis_and_the_endpoints() {
    let redis = Redis::start().await;
    let app = App::start("127.0.0.1", redis.port).await;
    let http = client();

    let page = get(&http, &format!("{}/", app.base)).await;
    assert_eq!(page.status, 200, "{page:?}");
    assert!(page.content_type.starts_with("text/html"), "{page:?}");
    assert!(page.body.contains("bridgescope"), "{}", page.body);
    assert!(
        page.body.contains(&format!("127.0.0.1:{}", redis.port)),
        "the page should name the Redis address: {}",
        page.body
    );
    assert!(page.body.contains("Hostname"), "{}", page.body);
    assert!(page.body.contains("IP addresses"), "{}", page.body);
    assert!(
        page.body.contains("href=\"/redis/set?key="),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("href=\"/redis/get?key="),
        "{}",
        page.body
    );

    // The page does not need Redis: it renders the same with Redis gone.
    drop(redis);
    let page = get(&http, &format!("{}/", app.base)).await;
    assert_eq!(page.status, 200, "{page:?}");
}

//! The lessons' API against the real engine: bad requests get clear answers and change
//! nothing; a lesson refuses to start while a name it needs belongs to someone else; the
//! lecturer's keys are actions (off with --read-only). The lessons themselves are walked in
//! the browser (e2e/tests/lessons.rs).

mod common;

use std::collections::HashMap;

use bollard::models::ContainerCreateBody;
use bollard::query_parameters::{CreateContainerOptionsBuilder, RemoveContainerOptionsBuilder};
use bridgescope_app::api::{LessonInfo, LessonState};
use bridgescope_testkit::{Lab, SHELL_IMAGE, TEST_LABEL};
use common::{default_engine, InProcess};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn lessons_are_listed_in_both_languages_and_bad_keys_get_clear_answers() {
    let server = InProcess::start(&default_engine()).await;
    server.wait_until_connected().await;
    let (status, text) = server.get_text("/api/lessons?lang=zh-TW").await;
    assert_eq!(status, 200, "{text}");
    let lessons: Vec<LessonInfo> = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("the lessons do not parse ({e}): {text}"));
    let ids: Vec<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["default-bridge", "user-network", "links"]);
    assert!(
        lessons[0].title.contains("預設的 bridge"),
        "{}",
        lessons[0].title
    );
    let cases = [
        ("/api/lessons/cooking/start", 404, "no lesson called"),
        ("/api/lessons/links/dance", 404, "unknown lesson action"),
        ("/api/lessons/links/next", 409, "is not running"),
    ];
    for (path, status, message) in cases {
        let (got, answer) = server.post(path, &json!({}), &[]).await;
        assert_eq!(got, status, "{path}: {answer}");
        let error = answer["error"].as_str().unwrap_or("(no error field)");
        assert!(error.contains(message), "{path}: {error}");
    }
    let (_, state) = server.get_text("/api/lessons/state").await;
    let state: LessonState = serde_json::from_str(&state).unwrap_or_default();
    assert_eq!(state.lesson, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lesson_refuses_to_start_while_a_name_it_needs_is_taken() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    server.wait_until_connected().await;
    // A container called db, as the links lesson needs, made by this test (its label).
    let body = ContainerCreateBody {
        image: Some(SHELL_IMAGE.into()),
        cmd: Some(vec!["sleep".into(), "60".into()]),
        labels: Some(HashMap::from([(
            TEST_LABEL.to_string(),
            "lessons".to_string(),
        )])),
        ..Default::default()
    };
    let options = CreateContainerOptionsBuilder::default().name("db").build();
    if let Err(error) = lab.docker().create_container(Some(options), body).await {
        panic!("cannot create the test's db: {error}");
    }
    server
        .wait_for_topology("db", |t| t.to_string().contains("\"name\":\"db\""))
        .await;
    let (status, answer) = server
        .post("/api/lessons/links/start", &json!({}), &[])
        .await;
    let removed = lab
        .docker()
        .remove_container(
            "db",
            Some(RemoveContainerOptionsBuilder::default().force(true).build()),
        )
        .await;
    assert!(removed.is_ok(), "the test's db is still there: {removed:?}");
    assert_eq!(status, 409, "{answer}");
    let error = answer["error"].as_str().unwrap_or("(no error field)");
    assert!(
        error.contains("container db exists and was not made by this lesson"),
        "{error}"
    );
    let (_, state) = server.get_text("/api/lessons/state").await;
    assert!(state.contains("\"lesson\":null"), "{state}");
}

#[tokio::test(flavor = "multi_thread")]
async fn read_only_turns_the_lecturers_keys_off() {
    let server = InProcess::with(&default_engine()).read_only().start().await;
    server.wait_until_connected().await;
    let (status, answer) = server
        .post("/api/lessons/links/start", &json!({}), &[])
        .await;
    assert_eq!(status, 403, "{answer}");
    let (status, _) = server.get_text("/api/lessons").await;
    assert_eq!(status, 200, "reading the lessons stays open");
}

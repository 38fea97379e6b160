//! Time from "Run demo" to the web app answering Set and Get, cold (the web app image is built
//! first) and warm (image there, containers running). Calls the same HTTP API the page's button
//! calls; Redis comes from the locally built test image.

use std::path::Path;
use std::time::{Duration, Instant};

use bridgescope_testkit::{Lab, ServerProcess};
use serde_json::json;

pub async fn run(binary: &Path) {
    let lab = Lab::new().await;
    let (server, _reset) = ServerProcess::start_for_demo(binary).await;
    // Cold: no web app image, nothing running.
    let _ = lab
        .docker()
        .remove_image(
            "bridgescope/webapp:latest",
            None::<bollard::query_parameters::RemoveImageOptions>,
            None,
        )
        .await;
    println!("\nRun demo until Set and Get answer:");
    let cold = demo_until_answers(&server).await;
    println!(
        "cold (image built, containers created): {:>7.0} ms",
        cold.as_secs_f64() * 1000.0
    );
    let warm = demo_until_answers(&server).await;
    println!(
        "warm (everything there already):        {:>7.0} ms",
        warm.as_secs_f64() * 1000.0
    );
    let (status, _) = server.post("/api/lab/reset", &json!({}), &[]).await;
    assert_eq!(status, 200);
    let again = demo_until_answers(&server).await;
    println!(
        "after Reset (image kept, containers new): {:>5.0} ms",
        again.as_secs_f64() * 1000.0
    );
}

async fn demo_until_answers(server: &ServerProcess) -> Duration {
    let started = Instant::now();
    let (status, answer) = server.post("/api/lab/demo", &json!({}), &[]).await;
    assert_eq!(status, 200, "{answer}");
    loop {
        let (_, set) = server
            .post(
                "/api/lab/webapp",
                &json!({"key": "bench", "value": "1"}),
                &[],
            )
            .await;
        if set["status"] == 200 {
            let (_, get) = server
                .post("/api/lab/webapp", &json!({"key": "bench"}), &[])
                .await;
            if get["body"] == "1" {
                return started.elapsed();
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the demo never answered"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#!/usr/bin/env bash
#! Runs every test of bridgescope, installing what a fresh Debian machine lacks first:
#! formatting, clippy (server natively, app for wasm32 with `hydrate`), unit tests, integration
#! tests against the real Docker engine, and end-to-end tests in headless Chromium against the
#! release build. Docker and Chromium are never optional: without them the run fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
started=$(date +%s)
# A CI run starts from a clean target/ and never builds twice: incremental state would only
# take disk space (gigabytes for the server's tests).
if [[ "${CI:-}" == "true" ]]; then
  export CARGO_INCREMENTAL=0
fi
step() { printf '\n==> [%4ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

step "setup (installs only what is missing)"
scripts/setup.sh
step "Docker engine"
scripts/docker-up.sh
step "test images"
scripts/build-test-images.sh

step "cargo fmt --all --check"
cargo fmt --all --check
step "clippy: server, web app, testkit and tests (native, ssr)"
cargo clippy --locked -p bridgescope-server -p bridgescope-testkit -p bridgescope-e2e -p bridgescope-webapp -p bridgescope-bench --all-targets -- -D warnings
step "clippy: app with its tests (native, ssr)"
cargo clippy --locked -p bridgescope-app --features ssr --all-targets -- -D warnings
step "clippy: app and frontend (wasm32, hydrate)"
cargo clippy --locked -p bridgescope-app -p bridgescope-frontend --target wasm32-unknown-unknown \
  --features bridgescope-app/hydrate -- -D warnings

step "demo web app, static musl build (the lab tests pack it into an image)"
scripts/build-webapp.sh

step "unit and integration tests (real Docker engine)"
cargo test --locked -p bridgescope-app --features ssr -p bridgescope-server -p bridgescope-testkit -p bridgescope-webapp

step "release build (cargo leptos build --release)"
scripts/build-release.sh

step "end-to-end tests (headless Chromium, release build)"
cargo test --locked -p bridgescope-e2e

step "all tests passed"

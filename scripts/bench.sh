#!/usr/bin/env bash
#! Benchmarks of the live topology against the real engine: event-to-delta latency, and full
#! snapshot time, RSS and idle CPU at 10, 100 and 300 containers; the reachability probe per
#! stage beside docker exec (`probe`). Prints figures (copied into
#! docs/BENCHMARKS.md by hand); asserts nothing. Takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh
scripts/docker-up.sh
scripts/build-test-images.sh
scripts/build-release.sh
cargo run --release --locked -p bridgescope-bench -- target/release/bridgescope "${1:-all}"

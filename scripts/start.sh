#!/usr/bin/env bash
#! Starts the dashboard: installs what is missing (first run only), makes sure a Docker engine
#! answers, builds the release binary and serves http://127.0.0.1:3000 (arguments are passed on,
#! e.g. --bind 0.0.0.0:3000). With no registry reachable, the demo's Redis comes from the image
#! scripts/build-test-images.sh builds, unless redis:latest is there or --redis-image is given.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh
scripts/docker-up.sh
scripts/build-release.sh
extra=()
if [[ " $* " != *" --redis-image"* ]] && ! docker image inspect redis:latest >/dev/null 2>&1; then
  scripts/build-test-images.sh
  extra=(--redis-image bridgescope-test/redis:latest)
fi
exec target/release/bridgescope "${extra[@]}" "$@"

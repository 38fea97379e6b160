#!/usr/bin/env bash
#! Starts the dashboard: installs what is missing (first run only), makes sure a Docker engine
#! answers, builds the release binary and serves http://127.0.0.1:3000 (arguments are passed on,
#! e.g. --bind 0.0.0.0:3000).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh
scripts/docker-up.sh
scripts/build-release.sh
exec target/release/bridgescope "$@"

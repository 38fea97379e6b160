#!/usr/bin/env bash
#! Builds the demo web app as a static binary: target/x86_64-unknown-linux-musl/release/webapp.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --locked -p bridgescope-webapp --target x86_64-unknown-linux-musl

#!/usr/bin/env bash
#! Builds the release binary with its site embedded (target/release/bridgescope) and, beside
#! it, the demo web app as a static musl binary (target/release/bridgescope-webapp), which the
#! dashboard packs into an image itself when a lecturer runs the demo.
#! `--precompress` makes cargo-leptos build the site first and the server after it (it builds
#! them side by side otherwise, and the server could embed a half-written site); it also writes
#! gzip and brotli copies that the server hands to browsers that accept them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/build-webapp.sh
cargo leptos build --release --precompress
cp target/x86_64-unknown-linux-musl/release/webapp target/release/bridgescope-webapp

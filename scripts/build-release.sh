#!/usr/bin/env bash
#! Builds the release binary with its site embedded: target/release/bridgescope.
#! cargo-leptos builds the wasm and the server side by side, so the server may embed the site as
#! it was before this build. The server's build script watches target/site, so a second pass
#! rebuilds only the server when the site changed under it, and is a no-op otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo leptos build --release
cargo leptos build --release

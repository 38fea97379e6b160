#!/usr/bin/env bash
#! Builds the release binary with its site embedded (target/release/bridgescope) and, beside
#! it, the demo web app as a static musl binary (target/release/bridgescope-webapp), which the
#! dashboard packs into an image itself when a lecturer runs the demo.
#! The site is built first and the server after it (built side by side, the server could embed
#! a half-written site). `--precompress` writes gzip and brotli copies that the server hands to
#! browsers that accept them; the gzip copies are then redone at gzip's best level.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/build-webapp.sh
cargo leptos build --release --precompress --frontend-only
# cargo-leptos gzips at a fast level; gzip -9 makes the wasm about 15% smaller for browsers that
# take gzip but not brotli. Then the server, which embeds these files.
for file in target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css; do
  gzip -9 -n -c "$file" >"$file.gz"
done
cargo leptos build --release --precompress --server-only
cp target/x86_64-unknown-linux-musl/release/webapp target/release/bridgescope-webapp

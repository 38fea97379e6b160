#!/usr/bin/env bash
#! Installs what a fresh Debian machine lacks to build, run and test bridgescope.
#! Idempotent: every step checks first and does nothing when its tool is already there.
#! Nothing is downloaded from outside the package registries (Debian, crates.io).
set -euo pipefail

# Pinned versions that build on Rust 1.95 (see ../shared/FIELD-NOTES.md).
CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml
WASM_OPT_VERSION=0.116.1       # never Debian's binaryen 108: its output breaks in the browser

export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '[setup] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_packages=(docker.io chromium chromium-driver busybox-static redis-server redis-tools iproute2 curl ca-certificates)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # The redis-server package starts a host service; the project only needs its binary for images.
  as_root systemctl disable --now redis-server >/dev/null 2>&1 || true
  pkill -x redis-server 2>/dev/null || true
fi

installed_targets=$(rustup target list --installed)
for t in wasm32-unknown-unknown x86_64-unknown-linux-musl; do
  grep -qx "$t" <<<"$installed_targets" || { log "adding rustup target $t"; rustup target add "$t"; }
done

has_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"; }
has_version cargo-leptos "$CARGO_LEPTOS_VERSION" || {
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes cold)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
}
has_version wasm-bindgen "$WASM_BINDGEN_VERSION" || {
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
}
# cargo's wasm-opt reports binaryen's own version (116), not the crate's.
[ -x "$HOME/.cargo/bin/wasm-opt" ] && "$HOME/.cargo/bin/wasm-opt" --version 2>/dev/null | grep -q 'version 116' || {
  log "installing wasm-opt $WASM_OPT_VERSION"
  cargo install wasm-opt --version "$WASM_OPT_VERSION" --locked
}
log "toolchain ready"

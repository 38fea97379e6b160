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

# fonts-noto-cjk: the page in 繁體中文 must render in Chromium (the e2e screenshots show it).
apt_packages=(docker.io chromium chromium-driver busybox-static redis-server redis-tools iproute2 curl ca-certificates fonts-noto-cjk)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# The redis-server package starts (and enables) a host service; the project only needs its
# binary for the test image. While it is installed, a policy-rc.d of our own keeps invoke-rc.d
# and deb-systemd-invoke from starting that one service (101: not allowed), unless the machine
# has a policy-rc.d already (Docker's Debian images forbid every start): that one is left as it
# is. Afterwards only the package's own service is stopped and disabled, by its unit or its
# pidfile: a redis-server that something else started is never touched.
policy=/usr/sbin/policy-rc.d
policy_mark='# written by bridgescope scripts/setup.sh for the install of redis-server; removed after it'
remove_our_policy() {
  if [ -f "$policy" ] && grep -qxF "$policy_mark" "$policy"; then as_root rm -f "$policy"; fi
}
forbid_redis_service_start() {
  remove_our_policy # left behind by a run that was killed
  if [ -e "$policy" ]; then
    log "keeping the existing $policy"
    return
  fi
  printf '%s\n' '#!/bin/sh' "$policy_mark" \
    '# policy-rc.d [--quiet] SERVICE ACTIONS [RUNLEVEL]: 101 (forbidden) for redis-server; the' \
    '# rest as without a policy-rc.d: invoke-rc.d blocks every start when there is no /sbin/init.' \
    'for arg; do' \
    '  case "$arg" in --*) continue ;; redis-server | redis-server.service) exit 101 ;; esac' \
    '  break' \
    'done' \
    'if [ -e /sbin/init ]; then exit 0; fi' \
    'exit 101' | as_root tee "$policy" >/dev/null
  as_root chmod 755 "$policy"
  trap remove_our_policy EXIT
}
stop_redis_service() {
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    as_root systemctl disable --now redis-server.service >/dev/null 2>&1 || true
  else
    # The init script stops only the process of the package's pidfile.
    if [ -s /run/redis/redis-server.pid ] && [ -x /etc/init.d/redis-server ]; then
      as_root /etc/init.d/redis-server stop >/dev/null 2>&1 || true
    fi
    if command -v update-rc.d >/dev/null 2>&1; then
      as_root update-rc.d redis-server disable >/dev/null 2>&1 || true
    fi
  fi
}

if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  installs_redis=false
  case " ${missing[*]} " in *" redis-server "*) installs_redis=true ;; esac
  if $installs_redis; then forbid_redis_service_start; fi
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  if $installs_redis; then
    remove_our_policy
    trap - EXIT
    stop_redis_service
  fi
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

#!/usr/bin/env bash
#! Builds the images the tests need, with no registry: `docker import` of root filesystems
#! assembled from Debian's own binaries.
#!  - bridgescope-test/shell: busybox-static with its applets (sh, ping, nc, ip, wget, …)
#!  - bridgescope-test/redis: Debian's redis-server and redis-cli with the libraries they load
#! Idempotent: an image that exists is kept (pass --rebuild to replace them).
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[test-images] %s\n' "$*" >&2; }
rebuild=${1:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

have_image() { [ "$rebuild" != --rebuild ] && docker image inspect "$1" >/dev/null 2>&1; }

if ! have_image bridgescope-test/shell:latest; then
  log "building bridgescope-test/shell from busybox-static"
  root=$work/shell
  mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  tar -C "$root" -c . | docker import \
    --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' \
    --change 'LABEL bridgescope.fixture=shell' - bridgescope-test/shell:latest >/dev/null
fi

# Copies a binary and every library ldd lists (with the loader) into a root filesystem.
copy_with_libs() {
  local binary=$1 dest=$2 root=$3
  mkdir -p "$root$(dirname "$dest")"
  cp -L "$binary" "$root$dest"
  for lib in $(ldd "$binary" | grep -oE '/[^ ]+'); do
    mkdir -p "$root$(dirname "$lib")"
    cp -Ln "$lib" "$root$lib"
  done
}

if ! have_image bridgescope-test/redis:latest; then
  log "building bridgescope-test/redis from Debian's redis-server"
  root=$work/redis
  mkdir -p "$root/tmp" "$root/data" "$root/etc"
  # /usr/bin/redis-server links to redis-check-rdb and Redis picks its mode from its own
  # name, so the copy must be called redis-server.
  copy_with_libs /usr/bin/redis-server /usr/bin/redis-server "$root"
  copy_with_libs /usr/bin/redis-cli /usr/bin/redis-cli "$root"
  tar -C "$root" -c . | docker import \
    --change 'ENTRYPOINT ["/usr/bin/redis-server", "--protected-mode", "no", "--bind", "0.0.0.0", "--save", "", "--appendonly", "no"]' \
    --change 'EXPOSE 6379/tcp' --change 'WORKDIR /data' \
    --change 'LABEL bridgescope.fixture=redis' - bridgescope-test/redis:latest >/dev/null
fi
log "images ready: $(docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' 'bridgescope-test/*' | tr '\n' ' ')"

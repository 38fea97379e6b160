#!/usr/bin/env bash
#! Makes sure a Docker engine answers. Reuses one that already does (DOCKER_HOST or the default
#! socket); otherwise starts Debian's dockerd as root in the background, its log in
#! target/dockerd.log, and waits until it answers.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[docker-up] %s\n' "$*" >&2; }

engine_answers() { timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if engine_answers; then
  log "Docker engine answers: $(docker version --format 'engine {{.Server.Version}}, API {{.Server.APIVersion}}')"
  exit 0
fi
if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix:///var/run/docker.sock" ]; then
  log "DOCKER_HOST=$DOCKER_HOST does not answer, and this script only starts a local engine"
  exit 1
fi
command -v dockerd >/dev/null || { log "dockerd is missing: run scripts/setup.sh"; exit 1; }
[ "$(id -u)" = 0 ] || { log "starting dockerd needs root (or start the docker service yourself)"; exit 1; }

mkdir -p target
log "starting dockerd (log: target/dockerd.log)"
# containerd is started by dockerd itself when no system containerd runs.
nohup setsid dockerd --host unix:///var/run/docker.sock >target/dockerd.log 2>&1 </dev/null &
for _ in $(seq 1 60); do
  if engine_answers; then
    log "Docker engine up: $(docker version --format 'engine {{.Server.Version}}, API {{.Server.APIVersion}}')"
    exit 0
  fi
  sleep 1
done
log "dockerd did not answer within 60 s; last lines of target/dockerd.log:"
tail -n 20 target/dockerd.log >&2
exit 1

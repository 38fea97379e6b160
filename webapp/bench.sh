#!/usr/bin/env bash
# bench.sh: how much does the web app cost on top of Redis?
#
# Builds the release (static musl) binary, starts a throwaway redis-server on a loopback port and
# the web app against it, stores one key, then measures, at the same concurrency:
#
#   1. the web app: GET /redis/get?key=... with wrk (HTTP/1.1 keep-alive), ops/s and p99;
#   2. Redis itself: redis-benchmark -t get on the same key, ops/s and p99;
#
# and prints both and their ratio. Every request goes to 127.0.0.1. Each measurement is bounded
# (DURATION seconds, 10 by default); every process started here is stopped on exit.
#
# Knobs (environment): DURATION (s, default 10), CONNECTIONS (default 32),
#                      TARGET (default x86_64-unknown-linux-musl: the binary the image ships).
#
# On a 2-core machine the load generator, the web app and Redis share the cores, so the web
# app's figure includes the cost of the load generator stealing CPU from it: read the ratio as
# "what one HTTP round trip through the app costs compared with one Redis round trip".
set -euo pipefail

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
TARGET=${TARGET:-x86_64-unknown-linux-musl}
KEY='key:__rand_int__' # the key redis-benchmark's GET reads when no -r is given
VALUE='xxx'            # the size of redis-benchmark's default value (3 bytes)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
workspace=$(cd "$here/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$workspace/target/webapp-dev}
work=$(mktemp -d "${TMPDIR:-/tmp}/webapp-bench.XXXXXX")

pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

need() {
    command -v "$1" >/dev/null && return 0
    if [[ $(id -u) == 0 && -n "${2:-}" ]]; then
        echo "installing $2 (for $1)" >&2
        apt-get install -y "$2" >/dev/null
    fi
    command -v "$1" >/dev/null || { echo "bench.sh: $1 is missing (apt-get install -y ${2:-$1})" >&2; exit 1; }
}
need redis-server redis-server
need redis-benchmark redis-tools
need wrk wrk
need curl curl

# A loopback port nobody listens on (bash's /dev/tcp fails to connect to a closed port).
free_port() {
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "bench.sh: no free port found" >&2
    exit 1
}

wait_port() { # port, what
    for _ in $(seq 200); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "bench.sh: $2 did not listen on 127.0.0.1:$1" >&2
    exit 1
}

echo "== building the release binary ($TARGET)"
cargo build --release --quiet --target "$TARGET" -p bridgescope-webapp --manifest-path "$workspace/Cargo.toml"
webapp="$CARGO_TARGET_DIR/$TARGET/release/webapp"

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --protected-mode no \
    >"$work/redis.log" 2>&1 &
pids+=($!)
wait_port "$redis_port" redis-server

app_port=$(free_port)
PORT=$app_port REDIS_HOST=127.0.0.1 REDIS_PORT=$redis_port RUST_LOG=warn \
    "$webapp" serve --bind 127.0.0.1 >"$work/webapp.log" 2>&1 &
pids+=($!)
wait_port "$app_port" "the web app"

base="http://127.0.0.1:$app_port"
answer=$(curl -sS --noproxy '*' "$base/redis/set?key=key%3A__rand_int__&value=$VALUE")
[[ $answer == success ]] || { echo "bench.sh: set answered '$answer'" >&2; exit 1; }
answer=$(curl -sS --noproxy '*' "$base/redis/get?key=key%3A__rand_int__")
[[ $answer == "$VALUE" ]] || { echo "bench.sh: get answered '$answer'" >&2; exit 1; }

echo "== web app: wrk -t1 -c$CONNECTIONS -d${DURATION}s GET /redis/get (Redis at 127.0.0.1:$redis_port)"
wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s --latency \
    "$base/redis/get?key=key%3A__rand_int__" >"$work/wrk.txt"
cat "$work/wrk.txt"
app_rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")
app_p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
errors=$(awk '/Non-2xx|Socket errors/' "$work/wrk.txt")

# redis-benchmark counts requests, not seconds: measure its rate briefly, then size the real run
# to last about DURATION seconds (and cut it off at three times that, whatever happens).
echo "== Redis: redis-benchmark -t get -c$CONNECTIONS on the same server and key"
calib=$(redis-benchmark -h 127.0.0.1 -p "$redis_port" -c "$CONNECTIONS" -n 50000 -t get --csv |
    awk -F'"' '$2 == "GET" {print $4}')
requests=$(awk -v r="$calib" -v d="$DURATION" 'BEGIN {printf "%d", r * d}')
timeout $((DURATION * 3)) redis-benchmark -h 127.0.0.1 -p "$redis_port" -c "$CONNECTIONS" \
    -n "$requests" -t get --csv >"$work/redis-bench.csv"
cat "$work/redis-bench.csv"
redis_rps=$(awk -F'"' '$2 == "GET" {print $4}' "$work/redis-bench.csv")
redis_p99=$(awk -F'"' '$2 == "GET" {print $14}' "$work/redis-bench.csv")

echo
echo "== summary ($CONNECTIONS connections, ${DURATION}s each, 127.0.0.1, $(nproc) cores shared)"
printf '%-34s %12s ops/s   p99 %s\n' "web app GET /redis/get (wrk)" "$app_rps" "$app_p99"
printf '%-34s %12s ops/s   p99 %sms (%s requests)\n' "redis GET (redis-benchmark)" "$redis_rps" "$redis_p99" "$requests"
awk -v a="$app_rps" -v r="$redis_rps" 'BEGIN {printf "ratio web app / redis: %.2f (%.1fx slower through HTTP)\n", a / r, r / a}'
[[ -z $errors ]] || echo "wrk reported: $errors"

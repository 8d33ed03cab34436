#!/usr/bin/env bash
# Requests per second of fake-gitea serve, with wrk (keep-alive, 16 connections),
# beside nginx serving a small static file on the same machine in the same run.
# Needs wrk, nginx and curl (Debian packages). Usage: Benchmarks/http-throughput.sh [SECONDS]
# SCRATCH_PATH=/tmp/some-build builds there instead of .build (to keep off others' builds).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
build=(swift build -c release)
[ -n "${SCRATCH_PATH:-}" ] && build+=(--scratch-path "$SCRATCH_PATH")
for product in fake-gitea gc-bench; do "${build[@]}" --product "$product" >/dev/null; done
bin=$("${build[@]}" --show-bin-path)
work=$(mktemp -d)
cleanup() {
  kill "$fake" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$bin/gc-bench" make-scenario --tags 100 "$work/bench.json"
"$bin/fake-gitea" serve --scenario "$work/bench.json" --quiet >"$work/url" &
fake=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -1 "$work/url")

mkdir -p "$work/www"
curl -s "$url/api/v1/version" >"$work/www/version.json"
# nginx's workers run as an unprivileged user; mktemp made the folder 0700.
chmod a+rx "$work" "$work/www"
chmod a+r "$work/www/version.json"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$port; root $work/www; }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5

# Prints wrk's summary (error lines included, so a run that failed shows it)
# and keeps the requests per second in $rate.
run() {
  echo "== $1"
  shift
  wrk -t2 -c16 -d"${seconds}s" "$@" >"$work/wrk.txt"
  grep -E "Requests/sec|Latency|requests in|Non-2xx|Socket errors" "$work/wrk.txt"
  rate=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
}
run "nginx, static file" "http://127.0.0.1:$port/version.json"
nginx_rate=$rate
run "fake-gitea, GET /api/v1/version" "$url/api/v1/version"
version_rate=$rate
run "fake-gitea, 30-row list page" -H "Authorization: token bench-token" \
  "$url/api/v1/packages/acme?type=container&q=app&limit=30"
awk -v fake="$version_rate" -v nginx="$nginx_rate" \
  'BEGIN { printf "== fake-gitea GET /api/v1/version: %.0f %% of nginx\n", 100 * fake / nginx }'

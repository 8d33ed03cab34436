#!/usr/bin/env bash
# Requests per second of fake-gitea serve, with wrk (keep-alive, 16 connections),
# beside nginx serving a small static file on the same machine in the same run.
# Needs wrk, nginx and curl (Debian packages). Usage: Benchmarks/http-throughput.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
for product in fake-gitea gc-bench; do swift build -c release --product "$product" >/dev/null; done
bin=$(swift build -c release --show-bin-path)
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

run() {
  echo "== $1"
  shift
  wrk -t2 -c16 -d"${seconds}s" "$@" | grep -E "Requests/sec|Latency|requests in"
}
run "nginx, static file" "http://127.0.0.1:$port/version.json"
run "fake-gitea, GET /api/v1/version" "$url/api/v1/version"
run "fake-gitea, 30-row list page" -H "Authorization: token bench-token" \
  "$url/api/v1/packages/acme?type=container&q=app&limit=30"

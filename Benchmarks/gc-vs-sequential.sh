#!/usr/bin/env bash
# Loopback benchmark: registry-gc against a sequential one-connection-per-request
# client, on the same fake Gitea, in the same run. 2,000 old tags, keep-latest 6:
# each run deletes 1,994. The fake is reset before every run.
# Needs hyperfine and curl (Debian packages). Usage: Benchmarks/gc-vs-sequential.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
for product in registry-gc fake-gitea gc-bench; do swift build -c release --product "$product" >/dev/null; done
bin=$(swift build -c release --show-bin-path)
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin/gc-bench" make-scenario --tags 2000 "$work/bench.json"
"$bin/fake-gitea" serve --scenario "$work/bench.json" --quiet >"$work/url" &
server=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -1 "$work/url")
export GITEA_HOST=$url GITEA_TOKEN=bench-token
common="--owner acme --package app --keep-latest 6 --keep-days 0"
hyperfine --runs "$runs" --warmup 1 --export-markdown "$work/table.md" \
  --prepare "curl -s -X POST $url/_fake/reset" \
  -n registry-gc "$bin/registry-gc $common --now 2026-06-01T00:00:00Z --concurrency 8" \
  -n sequential "python3 Benchmarks/sequential_gc.py $common --now 2026-06-01T00:00:00Z"
cat "$work/table.md"

#!/usr/bin/env bash
# Loopback benchmark: registry-gc against a sequential one-connection-per-request
# client, on the same fake Gitea, in the same run. 2,000 old tags, keep-latest 6:
# each run deletes 1,994. The fake is reset before every run.
#
# The commands are measured in alternating rounds (hyperfine, ROUNDS rounds
# of 3 runs each), so that a slow spell of the machine hits all alike; the
# summary gives each command's median and minimum over all its runs and the
# ratio of the medians. The sequential client leaves ~2,000 sockets in
# TIME-WAIT per run; a round starts only once the previous ones have drained
# (about a minute), since a full table slows every new connection and would
# make the baseline look worse than it is on a quiet night. registry-gc is
# built as it is shipped for CI images, with the Swift runtime linked in
# (--static-swift-stdlib); the ordinary dynamically linked build is measured
# too.
#
# Needs hyperfine, curl and libcurl4-openssl-dev (for the static build), all
# Debian packages (ss comes with iproute2).
# Usage: Benchmarks/gc-vs-sequential.sh [ROUNDS]   (default 5; about a minute a round)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
for product in registry-gc fake-gitea gc-bench; do swift build -c release --product "$product" >/dev/null; done
swift build -c release --product registry-gc --static-swift-stdlib --scratch-path .build/static >/dev/null 2>&1
bin=$(swift build -c release --show-bin-path)
static=.build/static/release/registry-gc
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin/gc-bench" make-scenario --tags 2000 "$work/bench.json"
"$bin/fake-gitea" serve --scenario "$work/bench.json" --quiet >"$work/url" &
server=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -1 "$work/url")
export GITEA_HOST=$url GITEA_TOKEN=bench-token
common="--owner acme --package app --keep-latest 6 --keep-days 0 --now 2026-06-01T00:00:00Z"
drain() {
  for _ in $(seq 120); do
    [ "$(ss -Htan state time-wait | wc -l)" -lt 500 ] && return
    sleep 1
  done
}
for round in $(seq "$rounds"); do
  drain
  hyperfine -N --runs 3 --warmup 1 --style none --export-json "$work/round-$round.json" \
    --prepare "curl -s -X POST $url/_fake/reset" \
    -n registry-gc "$static $common --concurrency 8" \
    -n registry-gc-dynamic "$bin/registry-gc $common --concurrency 8" \
    -n sequential "python3 Benchmarks/sequential_gc.py $common" >/dev/null
  echo "round $round of $rounds done" >&2
done
python3 - "$work" <<'EOF'
import glob, json, statistics, sys
times = {}
for path in sorted(glob.glob(sys.argv[1] + "/round-*.json")):
    for result in json.load(open(path))["results"]:
        times.setdefault(result["command"], []).extend(result["times"])
median = {name: statistics.median(values) for name, values in times.items()}
print("| Command | Runs | Median | Min |")
print("|---|---|---|---|")
for name, values in times.items():
    print(f"| {name} | {len(values)} | {median[name] * 1000:.0f} ms | {min(values) * 1000:.0f} ms |")
print()
for name in ("registry-gc", "registry-gc-dynamic"):
    print(f"sequential / {name}: {median['sequential'] / median[name]:.1f}x (medians), "
          f"{min(times['sequential']) / min(times[name]):.1f}x (minimums)")
EOF

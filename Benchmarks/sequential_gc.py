#!/usr/bin/env python3
"""The baseline for the loopback benchmark: the same job as registry-gc, done
the way the old script did it, one request at a time on a new connection each
(urllib opens one per call). It pages through the list so that both programs
do the same work; the keep policy is the seed's.

    GITEA_HOST=http://127.0.0.1:PORT GITEA_TOKEN=... \
      python3 sequential_gc.py --owner acme --package app --keep-latest 6 --keep-days 180 --now 2026-06-01T00:00:00Z
"""
import argparse
import json
import os
import sys
import urllib.parse
import urllib.request
from datetime import datetime, timedelta


def call(method, url, token):
    request = urllib.request.Request(
        url, method=method,
        headers={"Authorization": f"token {token}", "User-Agent": "sequential-baseline/1.0", "Connection": "close"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        return json.loads(body) if body else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--owner", required=True)
    parser.add_argument("--package", required=True)
    parser.add_argument("--keep-days", type=int, default=180)
    parser.add_argument("--keep-latest", type=int, default=6)
    parser.add_argument("--now", required=True)
    args = parser.parse_args()
    host, token = os.environ["GITEA_HOST"], os.environ["GITEA_TOKEN"]

    rows, page = [], 1
    while True:
        query = urllib.parse.urlencode({"type": "container", "q": args.package, "page": page, "limit": 50})
        batch = call("GET", f"{host}/api/v1/packages/{urllib.parse.quote(args.owner, safe='')}?{query}", token)
        rows += [row for row in batch if row["name"] == args.package]
        if len(batch) < 50:
            break
        page += 1

    now = datetime.fromisoformat(args.now.replace("Z", "+00:00"))
    cutoff = now - timedelta(days=args.keep_days)
    rows.sort(key=lambda row: (row["created_at"], row["id"]), reverse=True)
    recent, doomed = 0, []
    for row in rows:
        tag = row["version"]
        if tag == "latest" or tag.startswith("corpus-"):
            continue
        if recent < args.keep_latest:
            recent += 1
            continue
        if datetime.fromisoformat(row["created_at"].replace("Z", "+00:00")) >= cutoff:
            continue
        doomed.append(tag)

    for tag in doomed:
        path = "/".join(urllib.parse.quote(part, safe="") for part in (args.owner, "container", args.package, tag))
        call("DELETE", f"{host}/api/v1/packages/{path}", token)
    print(f"deleted {len(doomed)} of {len(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

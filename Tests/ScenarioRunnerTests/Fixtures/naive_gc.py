"""A deliberately naive Gitea container GC, used to judge the scenario suite.

It is written the way the seed's old registry_gc.py was, with the same
faults, so that the suite can show it catches them:

- it reads only the first page of the list (Gitea's default page is 30 rows);
- it treats every 404 as "nothing to do" (on the list) or "deleted" (on DELETE);
- it counts sha256: digest rows as tags for --keep-latest;
- it filters rows by the exact, case-sensitive package name;
- it puts owner, package and tag into URLs without percent-encoding them;
- a non-404 error on the list, or a dropped connection anywhere, ends in a
  traceback (exit 1); a failed DELETE is counted and the exit status is 1.

Its plan and summary lines use registry-gc's wording, so that the scenarios
that fail for it fail on behaviour, not on phrasing. Never use it for real.

Environment: GITEA_HOST, GITEA_TOKEN, GC_NOW (RFC 3339, used as "now").
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timedelta, timezone
from urllib.error import HTTPError
from urllib.request import Request, urlopen

GITEA_HOST = os.environ.get("GITEA_HOST", "http://127.0.0.1:3000")


def api(token: str, method: str, path: str) -> object:
    request = Request(
        f"{GITEA_HOST}{path}",
        headers={"Authorization": f"token {token}", "User-Agent": "naive-gc/0.1"},
        method=method,
    )
    try:
        with urlopen(request, timeout=30) as response:
            body = response.read()
            return json.loads(body) if body else None
    except HTTPError as error:
        if error.code == 404:
            return None
        raise


def created(version: dict) -> datetime:
    return datetime.fromisoformat(version["created_at"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--owner", required=True)
    parser.add_argument("--package", required=True)
    parser.add_argument("--keep-days", type=int, default=180)
    parser.add_argument("--keep-latest", type=int, default=6)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()

    token = os.environ.get("GITEA_TOKEN")
    if not token:
        print("GITEA_TOKEN env var not set", file=sys.stderr)
        return 1
    now_text = os.environ.get("GC_NOW")
    now = datetime.fromisoformat(now_text) if now_text else datetime.now(timezone.utc)

    rows = api(token, "GET", f"/api/v1/packages/{args.owner}?type=container&q={args.package}") or []
    versions = [row for row in rows if row.get("name") == args.package]
    if not versions:
        print(f"no versions found for {args.owner}/{args.package} — nothing to GC")
        return 0

    cutoff = now - timedelta(days=args.keep_days)
    versions.sort(key=created, reverse=True)
    keep: list[tuple[str, str]] = []
    delete: list[dict] = []
    recent = 0
    for version in versions:
        tag = version.get("version", "")
        if tag == "latest":
            keep.append((tag, "always-keep (:latest)"))
        elif tag.startswith("corpus-"):
            keep.append((tag, "matches keep pattern corpus-*"))
        elif recent < args.keep_latest:
            recent += 1
            keep.append((tag, f"keep-latest #{recent}/{args.keep_latest}"))
        elif created(version) >= cutoff:
            keep.append((tag, f"within --keep-days ({args.keep_days})"))
        else:
            delete.append(version)

    print(f"=== {args.owner}/{args.package}: {len(versions)} version(s) ===")
    for tag, reason in keep:
        print(f"  KEEP {tag:<28} {reason}")
    for version in delete:
        print(f"  DEL  {version['version']:<28} created={version['created_at']}")
    if not delete:
        print("nothing to delete")
        return 0
    if args.dry_run:
        print(f"--dry-run; would delete {len(delete)} of {len(versions)} version(s)")
        return 0

    failed = 0
    for version in delete:
        tag = version["version"]
        try:
            api(token, "DELETE", f"/api/v1/packages/{args.owner}/container/{args.package}/{tag}")
            print(f"  ✓ deleted {tag}")
        except HTTPError as error:
            print(f"  ✗ failed {tag}: HTTP {error.code} {error.reason}", file=sys.stderr)
            failed += 1
    print(f"done: deleted {len(delete) - failed} / {len(delete)} version(s) (0 already gone, {failed} failed)")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Server time and response size of the timeline page, drill-down, chart window, search and JSON API.

    .venv/bin/python bench/bench_pages.py                      # SQLite, 1k/10k/100k events
    .venv/bin/python bench/bench_pages.py --db postgres        # PostgreSQL database `bench`
    .venv/bin/python bench/bench_pages.py --sizes 200 --requests 3   # smoke run

For each size the database is filled by `manage.py synth` (reused when it already holds that many events),
then a child process times each request with Django's test client (anonymous reader, DEBUG off, no
network): median and p95 over --requests requests after 2 warm-ups, bytes of the body, and queries.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as common  # noqa: E402

TARGETS_MS = {  # (size, endpoint) -> p50 target from issue 5
    (10_000, "page"): 150, (100_000, "page"): 400, (10_000, "drill-down"): 20, (100_000, "drill-down"): 20,
}
TARGET_BYTES = {(10_000, "page"): 1_500_000, (100_000, "page"): 2_000_000}


def measure(requests: int, seed: int) -> list[dict]:
    """Runs inside the child process (Django configured for the benchmark database)."""
    import random

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from timeline.models import Event, Status

    rng = random.Random(seed)
    ids = list(Event.objects.filter(status=Status.APPROVED).values_list("id", flat=True))
    client = Client()
    hx = {"HTTP_HX_REQUEST": "true"}
    endpoints = [
        ("page", lambda i: ("/", {})),
        ("page (htmx partial)", lambda i: ("/", hx)),
        ("drill-down", lambda i: (f"/events/{rng.choice(ids)}/sources/", hx)),
        ("chart window (6 months)", lambda i: ("/chart/window/?start=2019-01-01&end=2019-06-30", {})),
        ("search q=summit", lambda i: ("/?q=summit", hx)),
        ("api/events.json (1 month)", lambda i: ("/api/events.json?start=2019-03&end=2019-03", {})),
    ]
    results = []
    for name, make in endpoints:
        times, cpus, sizes, queries, statuses = [], [], [], [], set()
        for i in range(requests + 2):
            url, headers = make(i)
            with CaptureQueriesContext(connection) as ctx:
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(url, **headers)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                elapsed = (time.perf_counter() - t0) * 1000
                cpu = (time.process_time() - c0) * 1000
            if i < 2:
                continue  # warm-up: connection, template and plan caches
            times.append(elapsed)
            cpus.append(cpu)
            sizes.append(len(body))
            queries.append(len(ctx.captured_queries))
            statuses.add(response.status_code)
        results.append({
            "endpoint": name, "p50": common.median(times), "p95": common.percentile(times, 95),
            "cpu50": common.median(cpus),
            "bytes": int(common.median(sizes)), "queries": max(queries), "status": sorted(statuses),
        })
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=common.DEFAULT_PG_URL, help="PostgreSQL database for --db postgres")
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated event counts")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per endpoint (after 2 warm-ups)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=common.DEFAULT_WORKDIR)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:
        print(json.dumps(measure(args.requests, args.seed)))
        return 0

    rows, misses = [], []
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        env = common.db_env(db=args.db, n=n, workdir=args.workdir, pg_url=args.pg_url)
        common.ensure_archive(env, n=n, seed=args.seed)
        env = common.production_env(env, workdir=args.workdir)
        env["DJANGO_ALLOWED_HOSTS"] = "testserver"  # Django's test client host
        common.collectstatic(env)
        out = subprocess.run(
            [common.PYTHON, __file__, "--measure", "--requests", str(args.requests), "--seed", str(args.seed)],
            env=env, capture_output=True, text=True,
        )
        if out.returncode:
            sys.stderr.write(out.stderr)
            raise SystemExit(f"measuring {n} events failed")
        out = out.stdout
        for r in json.loads(out.strip().splitlines()[-1]):
            target_ms, target_b = TARGETS_MS.get((n, r["endpoint"])), TARGET_BYTES.get((n, r["endpoint"]))
            ok = (target_ms is None or r["p50"] <= target_ms) and (target_b is None or r["bytes"] <= target_b)
            target = " / ".join(x for x in [target_ms and f"≤{target_ms} ms", target_b and f"≤{target_b / 1e6:.1f} MB"] if x)
            if target and not ok:
                misses.append(f"{n} {r['endpoint']}")
            rows.append([
                f"{n:,}", r["endpoint"], f"{r['p50']:.1f}", f"{r['p95']:.1f}", f"{r['cpu50']:.1f}", f"{r['bytes']:,}",
                r["queries"],
                ",".join(map(str, r["status"])), (target + (" ✓" if ok else " ✗")) if target else "",
            ])
    print(f"bench_pages: {args.db}, {args.requests} requests per row, Django test client, DEBUG=0")
    print(f"machine: {common.machine()}")
    print(common.table(
        ["events", "endpoint", "p50 ms", "p95 ms", "CPU p50 ms", "bytes", "queries", "HTTP", "target"], rows
    ))
    print("CPU = this process's CPU time per request (Python + in-process SQLite; PostgreSQL's own work excluded);"
          " it is the figure to trust when the machine is shared and wall times are inflated.")
    if misses:
        print("missed targets: " + "; ".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

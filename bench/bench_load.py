"""Load test: gunicorn (2 workers) on 127.0.0.1, wrk against the timeline page and random drill-downs.

    .venv/bin/python bench/bench_load.py                           # SQLite, 10k events, 60 s per target
    .venv/bin/python bench/bench_load.py --db postgres
    .venv/bin/python bench/bench_load.py --size 200 --duration 2   # smoke run

The server runs like `make serve` (whitenoise, DEBUG off) against a `manage.py synth` database. wrk
(/usr/bin/wrk, loopback only, bounded by --duration and --timeout) drives `/` and, with a Lua script
choosing among approved event ids, `/events/<id>/sources/` as htmx requests. Reported: requests/s,
latency p50/p99/max, and errors (connect/read/write/timeouts plus non-2xx/3xx responses).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as common  # noqa: E402

WRK = shutil.which("wrk") or "/usr/bin/wrk"
P99_TARGET_MS = 300  # drill-downs (issue 5)

DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def lua_page() -> str:
    return DONE


def lua_drilldowns(ids: list[int], seed: int) -> str:
    listed = ",".join(str(i) for i in ids)
    return (
        f"local ids = {{{listed}}}\n"
        f"math.randomseed({seed})\n"
        "request = function()\n"
        "  local id = ids[math.random(#ids)]\n"
        '  return wrk.format("GET", "/events/" .. id .. "/sources/", {["HX-Request"] = "true"})\n'
        "end\n" + DONE
    )


def approved_ids(env: dict, limit: int, seed: int) -> list[int]:
    out = common.manage(
        env, "shell", "-v0", "-c",
        "from timeline.models import Event; import json; "
        "print(json.dumps(list(Event.objects.filter(status='approved').values_list('id', flat=True))))",
        capture=True,
    )
    ids = json.loads(out.strip().splitlines()[-1])
    random.Random(seed).shuffle(ids)
    return ids[:limit]


def run_wrk(url: str, script: str, *, duration: int, connections: int, threads: int, timeout: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
        path = f.name
    try:
        cmd = [WRK, "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--timeout", f"{timeout}s",
               "-s", path, url]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + timeout + 60)
    finally:
        Path(path).unlink(missing_ok=True)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {proc.stdout}\n{proc.stderr}")
    result = json.loads(line[len("RESULT "):])
    result["cmd"] = " ".join(cmd[:-3] + ["<script>.lua", url])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=common.DEFAULT_PG_URL)
    parser.add_argument("--size", type=int, default=10_000, help="events in the synthetic archive")
    parser.add_argument("--duration", type=int, default=60, help="seconds per target")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=10, help="wrk request timeout (s)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=common.DEFAULT_WORKDIR)
    args = parser.parse_args(argv)
    if not Path(WRK).exists():
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    env = common.db_env(db=args.db, n=args.size, workdir=args.workdir, pg_url=args.pg_url)
    common.ensure_archive(env, n=args.size, seed=args.seed)
    ids = approved_ids(env, 2000, args.seed)
    targets = [("/ (timeline page)", "/", lua_page()), ("drill-downs (htmx)", "/", lua_drilldowns(ids, args.seed))]
    rows, misses, cmds = [], [], []
    with common.gunicorn(env, workers=args.workers, workdir=args.workdir) as base:
        for name, path, script in targets:
            r = run_wrk(base + path, script, duration=args.duration, connections=args.connections,
                        threads=args.threads, timeout=args.timeout)
            cmds.append(r["cmd"])
            errors = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
            rps = r["requests"] / (r["duration_us"] / 1e6)
            p99 = r["p99_us"] / 1000
            target = ""
            if name.startswith("drill"):
                ok = errors == 0 and p99 <= P99_TARGET_MS
                target = f"0 errors, p99 ≤{P99_TARGET_MS} ms {'✓' if ok else '✗'}"
                if not ok:
                    misses.append(f"drill-downs: {errors} errors, p99 {p99:.0f} ms")
            elif errors:
                misses.append(f"page: {errors} errors")
            rows.append([
                name, r["requests"], f"{rps:.1f}", f"{r['p50_us'] / 1000:.1f}", f"{r['p90_us'] / 1000:.1f}",
                f"{p99:.1f}", f"{r['max_us'] / 1000:.1f}",
                f"{errors} (status {r['status']}, timeout {r['timeout']})", target,
            ])
    print(f"bench_load: {args.db}, {args.size:,} events, gunicorn {args.workers} workers on 127.0.0.1, "
          f"wrk {args.threads} threads x {args.connections} connections x {args.duration} s")
    print(f"machine: {common.machine()}")
    for cmd in cmds:
        print(f"  {cmd}")
    print(common.table(
        ["target", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "target"], rows
    ))
    if misses:
        print("missed targets: " + "; ".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time from navigation to Plotly's first `plotly_afterplot` in headless Chromium.

    .venv/bin/python bench/bench_browser.py                    # SQLite, 10k and 100k events
    .venv/bin/python bench/bench_browser.py --db postgres
    .venv/bin/python bench/bench_browser.py --sizes 200 --runs 1  # smoke run

The app is served like `make serve` (gunicorn, 2 workers, whitenoise, DEBUG off) on 127.0.0.1 against a
`manage.py synth` database. Each run opens a fresh browser context (cold HTTP cache) and navigates to `/`,
then reloads it in a second tab of the same context (warm: cached, hashed static files and V8 code cache);
an init script wraps the chart div's `emit` when Plotly creates it and records `performance.now()`
(milliseconds since navigation start) at the first `plotly_afterplot`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as common  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TARGET_MS = {10_000: 1500}

# Plotly's Events.init assigns gd.emit on the chart div inside newPlot, then emits plotly_afterplot
# synchronously; listening with gd.on() after newPlot would be too late, so catch the assignment.
HOOK = """
(() => {
  let plotly;
  const hook = (gd) => {
    if (!gd || gd.__benchHooked) return;
    gd.__benchHooked = true;
    Object.defineProperty(gd, "emit", {
      configurable: true,
      get() { return undefined; },
      set(fn) {
        Object.defineProperty(gd, "emit", {
          configurable: true, writable: true,
          value: function (name) {
            if (name === "plotly_afterplot" && window.__firstAfterplot === undefined) {
              window.__firstAfterplot = performance.now();
            }
            return fn.apply(this, arguments);
          },
        });
      },
    });
  };
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get() { return plotly; },
    set(value) {
      plotly = value;
      for (const name of ["newPlot", "react"]) {
        const original = value[name];
        value[name] = function (gd) {
          hook(typeof gd === "string" ? document.getElementById(gd) : gd);
          return original.apply(this, arguments);
        };
      }
    },
  });
})();
"""


MEASURE = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const res = performance.getEntriesByType("resource");
  const bytes = nav.transferSize + res.reduce((s, r) => s + (r.transferSize || 0), 0);
  const gd = document.querySelector(".js-plotly-plot");
  const points = gd ? gd.data.reduce((s, t) => s + ((t.x && t.x.length) || 0), 0) : 0;
  return {afterplot: window.__firstAfterplot, ttfb: nav.responseStart, html: nav.responseEnd,
          dcl: nav.domContentLoadedEventEnd, bytes, traces: gd ? gd.data.length : 0, points};
}"""


def load_once(page, url: str, timeout_ms: int, errors: list[str]) -> dict:
    page.goto(url, wait_until="commit")
    # Polled from Python: wait_for_function would eval() in the page, which our CSP forbids.
    # The figure is timestamped in the page, so polling does not blur the measurement.
    deadline = time.monotonic() + timeout_ms / 1000
    while page.evaluate("() => window.__firstAfterplot") is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no plotly_afterplot within {timeout_ms} ms; page errors: {errors}")
        page.wait_for_timeout(50)
    return page.evaluate(MEASURE)


def run_browser(base: str, *, runs: int, timeout_ms: int = 60_000) -> list[dict]:
    """Per run: a cold load in a fresh context, then a warm reload (HTTP and V8 code caches filled)."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.add_init_script(HOOK)
                errors: list[str] = []
                page = context.new_page()
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                timing = load_once(page, base + "/", timeout_ms, errors)
                page.close()
                page = context.new_page()
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                timing["warm"] = load_once(page, base + "/", timeout_ms, errors)["afterplot"]
                timing["errors"] = errors
                results.append(timing)
                context.close()
        finally:
            browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=common.DEFAULT_PG_URL)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=5, help="page loads per size (fresh context each)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=common.DEFAULT_WORKDIR)
    args = parser.parse_args(argv)

    rows, misses = [], []
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        env = common.db_env(db=args.db, n=n, workdir=args.workdir, pg_url=args.pg_url)
        common.ensure_archive(env, n=n, seed=args.seed)
        with common.gunicorn(env, workers=2, workdir=args.workdir) as base:
            results = run_browser(base, runs=args.runs)
        errors = sorted({e for r in results for e in r["errors"]})
        first = common.median([r["afterplot"] for r in results])
        target = TARGET_MS.get(n)
        ok = target is None or first <= target
        if not ok:
            misses.append(f"{n} events: first plot {first:.0f} ms > {target} ms")
        rows.append([
            f"{n:,}", len(results), f"{common.median([r['ttfb'] for r in results]):.0f}",
            f"{common.median([r['dcl'] for r in results]):.0f}", f"{first:.0f}",
            f"{max(r['afterplot'] for r in results):.0f}", f"{common.median([r['warm'] for r in results]):.0f}",
            f"{common.median([r['bytes'] for r in results]):,.0f}",
            f"{results[-1]['traces']}/{results[-1]['points']}", f"≤{target} ms {'✓' if ok else '✗'}" if target else "",
            "; ".join(errors)[:80] or "none",
        ])
    print(f"bench_browser: {args.db}, headless Chromium ({CHROMIUM}), gunicorn 2 workers, cold cache per run")
    print(f"machine: {common.machine()}")
    print(common.table(
        ["events", "runs", "TTFB ms", "DOMContentLoaded ms", "first afterplot p50 ms", "max ms",
         "warm reload p50 ms", "bytes (cold)",
         "traces/points", "target", "page errors"],
        rows,
    ))
    if misses:
        print("missed targets: " + "; ".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

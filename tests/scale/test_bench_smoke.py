"""Every benchmark script runs end to end at a tiny size and prints its table (figures are not judged here)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("bench")]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    # One directory for the module: synth databases and collected static files are reused between scripts.
    return tmp_path_factory.mktemp("bench")


def run(script: str, *args: str, workdir: Path, timeout: int = 600) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TIMELINE_SQLITE_PATH"}}
    proc = subprocess.run(
        [sys.executable, str(BENCH / script), *args, "--workdir", str(workdir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def table_rows(out: str) -> list[list[str]]:
    lines = [ln for ln in out.splitlines() if ln.startswith("|") and not ln.startswith("|-")]
    return [[c.strip() for c in ln.strip("|").split("|")] for ln in lines[1:]]


def test_bench_pages_smoke(workdir):
    out = run("bench_pages.py", "--db", "sqlite", "--sizes", "150", "--requests", "2", workdir=workdir)
    rows = table_rows(out)
    endpoints = {r[1] for r in rows}
    assert {"page", "drill-down", "api/events.json (1 month)", "chart window (6 months)"} <= endpoints
    for row in rows:
        assert row[7] == "200", row  # every endpoint answered 200
        assert float(row[2]) > 0 and int(row[5].replace(",", "")) > 0
    assert "machine:" in out


def test_bench_ingest_smoke(workdir):
    out = run("bench_ingest.py", "--db", "sqlite", "--articles", "3", "--warmup", "1", workdir=workdir)
    (row,) = table_rows(out)
    assert row[0] == "sqlite" and row[1] == "3"
    assert float(row[4]) > 0 and int(row[8]) > 0  # articles/s and mentions stored


@pytest.mark.browser
def test_bench_browser_smoke(workdir):
    if not os.path.exists("/usr/bin/chromium"):
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing")
        pytest.skip("Chromium not installed")
    out = run("bench_browser.py", "--db", "sqlite", "--sizes", "150", "--runs", "1", workdir=workdir)
    (row,) = table_rows(out)
    assert row[0] == "150" and float(row[4]) > 0
    assert row[-1] == "none"  # no JavaScript errors on the page
    assert float(row[6]) > 0  # warm reload measured too
    traces, points = map(int, row[8].split("/"))
    assert traces > 0 and points > 0


def test_bench_load_smoke(workdir):
    if not shutil.which("wrk"):
        if os.environ.get("CI"):
            pytest.fail("wrk is missing")
        pytest.skip("wrk not installed")
    out = run("bench_load.py", "--db", "sqlite", "--size", "150", "--duration", "2", "--connections", "2",
              workdir=workdir)
    rows = table_rows(out)
    assert [r[0] for r in rows] == ["/ (timeline page)", "drill-downs (htmx)"]
    for row in rows:
        assert int(row[1]) > 0
        assert re.match(r"0 \(", row[7]), row  # no errors even in a short run

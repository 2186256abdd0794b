"""Shared plumbing for the benchmark scripts: synthetic databases, a production-style server, statistics.

Every benchmark runs against its own database (a SQLite file under the work directory, or the
PostgreSQL database named by --pg-url, never the test databases) filled by `manage.py synth`.
"""

from __future__ import annotations

import contextlib
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MANAGE = str(ROOT / "manage.py")
DEFAULT_WORKDIR = Path(os.environ.get("BENCH_WORKDIR", "/tmp/diplomatic-timeline-bench"))
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/bench"
ARTICLES_PER_EVENT = 0.2
SECRET = "bench-only-secret-key-not-for-production-0123456789abcdefghijklmnop"


def db_env(*, db: str, n: int, workdir: Path = DEFAULT_WORKDIR, pg_url: str = DEFAULT_PG_URL) -> dict:
    """Environment selecting the benchmark database for `n` events (one SQLite file per size)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TIMELINE_SQLITE_PATH"}}
    env["PYTHONPATH"] = str(ROOT)
    env["DJANGO_SETTINGS_MODULE"] = "timeline.settings"
    if db == "sqlite":
        workdir.mkdir(parents=True, exist_ok=True)
        env["TIMELINE_SQLITE_PATH"] = str(workdir / f"bench-{n}.sqlite3")
    elif db == "postgres":
        if pg_url.rstrip("/").rsplit("/", 1)[-1] in {"test", "test_test"}:
            raise SystemExit("Refusing to benchmark in the test suite's database; use a separate one (bench).")
        env["DATABASE_URL"] = pg_url
    else:
        raise SystemExit(f"unknown --db {db!r} (sqlite or postgres)")
    return env


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, MANAGE, *args], env=env, cwd=ROOT, check=True, text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def ensure_archive(env: dict, *, n: int, seed: int = 1, quiet: bool = False) -> None:
    """Migrate and fill the database with exactly `n` synthetic events (reused when already there)."""
    manage(env, "migrate", "--noinput", "-v0")
    count = manage(env, "shell", "-v0", "-c", "from timeline.models import Event; print(Event.objects.count())",
                   capture=True).strip().splitlines()[-1]
    if int(count) == n:
        # Reused archive: refresh planner statistics (a migration may have added an index since synth ran).
        manage(env, "shell", "-v0", "-c", "from timeline.management.commands.synth import analyze; analyze()")
        return
    articles = max(1, int(n * ARTICLES_PER_EVENT))
    out = manage(env, "synth", "--events", str(n), "--articles", str(articles), "--seed", str(seed), "--replace",
                 capture=True)
    if not quiet:
        print(f"# synth {n} events / {articles} articles: {out.strip()}", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(env: dict, *, workdir: Path = DEFAULT_WORKDIR) -> dict:
    """`make serve` settings for plain http on loopback."""
    env = dict(env)
    env.update(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY=SECRET, DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_COOKIES="0", DJANGO_HSTS_SECONDS="0",
        DJANGO_STATIC_ROOT=str(workdir / "staticfiles"),
    )
    return env


def collectstatic(env: dict) -> None:
    """Hashed, compressed static files (whitenoise's manifest storage needs them when DEBUG is off)."""
    root = Path(env.get("DJANGO_STATIC_ROOT", ROOT / "staticfiles"))
    manifest = root / "staticfiles.json"
    newest = max((p.stat().st_mtime for p in (ROOT / "static").rglob("*") if p.is_file()), default=0)
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return  # Up to date: compressing plotly.js again takes ~20 s.
    manage(env, "collectstatic", "--noinput", "-v0")


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 2, workdir: Path = DEFAULT_WORKDIR, log=None):
    """Serve the app like `make serve` (collectstatic + gunicorn + whitenoise, DEBUG off) on 127.0.0.1."""
    env = production_env(env, workdir=workdir)
    collectstatic(env)
    port = free_port()
    cmd = [
        str(Path(PYTHON).parent / "gunicorn"), "timeline.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--log-level", "warning",
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log or subprocess.DEVNULL,
                            stderr=log or subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/favicon.ico", proc)
        yield base
    finally:
        # Only the server we started: its own process group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # It answers (even 404): it is up.
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer at {url} within {timeout} s")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    load = ", load average %.1f/%.1f/%.1f" % os.getloadavg()
    return (
        f"{os.cpu_count()} x {cpu}{mem}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}{load}"
    )


def table(headers: list[str], rows: list[list]) -> str:
    """A Markdown table (pastes straight into RESULTS.md)."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = lambda vals: "| " + " | ".join(v.ljust(w) for v, w in zip(vals, widths)) + " |"  # noqa: E731
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells)])

"""Fixtures for the reliability suite: throw-away databases that separate processes can share."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).resolve().parent / "worker.py"


@dataclass
class FreshDatabase:
    """A migrated database outside pytest-django's test database, reachable by child processes via `env`."""

    env: dict[str, str]
    label: str
    procs: list[subprocess.Popen] = field(default_factory=list)

    def manage(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def worker(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(WORKER), *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def spawn(self, *args: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.procs.append(proc)
        return proc

    def counts(self) -> dict:
        done = self.worker("counts")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def wait_for_files(self, paths: list[Path], *, timeout: float) -> None:
        """Wait until every file exists; fail early with a child's stderr if a child died first."""
        deadline = time.monotonic() + timeout
        while not all(p.exists() for p in paths):
            for proc in self.procs:
                if proc.poll() is not None and proc.returncode != 0:
                    raise AssertionError(f"worker died before it was ready: {proc.stderr.read()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {[str(p) for p in paths if not p.exists()]}")
            time.sleep(0.05)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2's deliberate slowness is not under test here; it made each staff_client fixture cost ~2 s."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["DJANGO_SETTINGS_MODULE"] = "timeline.settings"
    env["PYTHONPATH"] = str(ROOT)
    env.pop("DJANGO_DEBUG", None)
    return env


@pytest.fixture
def fresh_db(tmp_path):
    """A new, migrated database: a SQLite file in tmp_path, or a new PostgreSQL database when DATABASE_URL is set."""
    env = _base_env()
    url = os.environ.get("DATABASE_URL", "").strip()
    admin = None
    name = ""
    if url:
        import dj_database_url
        import psycopg

        cfg = dj_database_url.parse(url)
        name = f"test_rel_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        conninfo = dict(
            host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
            password=cfg["PASSWORD"] or None, dbname=cfg["NAME"],
        )
        admin = psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None}, autocommit=True)
        admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = urlsplit(url)._replace(path=f"/{name}").geturl()
        label = "postgresql"
    else:
        env.pop("DATABASE_URL", None)
        env["TIMELINE_SQLITE_PATH"] = str(tmp_path / "archive.sqlite3")
        label = "sqlite"
    db = FreshDatabase(env=env, label=label)
    try:
        migrated = db.manage("migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr
        yield db
    finally:
        for proc in db.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
        if admin is not None:
            for _ in range(3):
                try:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                    break
                except Exception:  # a killed child's backend may still be exiting
                    time.sleep(1)
            admin.close()


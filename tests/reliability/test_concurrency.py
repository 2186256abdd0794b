"""Concurrent ingestion: 8 processes writing into one database lose nothing and duplicate nothing."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.slow]

PROCESSES = 8
ARTICLES = 200


def fan_out(db, *args: str) -> dict:
    done = db.worker(*args, timeout=300)
    # SQLite's "database is locked" (or a PostgreSQL unique violation) would end a child with a traceback.
    assert "database is locked" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 0, f"[{db.label}] a process failed:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_eight_processes_ingest_200_distinct_articles_all_stored_once(fresh_db):
    """8 processes x 25 articles, started together: every article stored exactly once, no process fails."""
    out = fan_out(fresh_db, "distinct", str(PROCESSES), str(ARTICLES // PROCESSES))
    results, counts = out["results"], out["counts"]

    assert len(results) == ARTICLES
    assert all(row["created"] for row in results)
    assert len({row["article"] for row in results}) == ARTICLES
    assert counts["articles"] == ARTICLES
    assert counts["titles"] == sorted(f"Talks round {n}" for n in range(ARTICLES))
    assert counts["mentions"] >= 3 * ARTICLES  # every article has several dated sentences
    assert counts["orphan_events"] == 0
    # All 200 articles report the same few happenings: concurrent merges must neither lose a source
    # from an event's count nor create the same event twice.
    assert counts["stale_source_counts"] == 0
    assert counts["duplicate_events"] == 0


def test_same_article_from_eight_processes_is_stored_once(fresh_db):
    """The same text submitted by 8 processes at the same moment: one article, seven no-op duplicates."""
    out = fan_out(fresh_db, "same", str(PROCESSES), "7")
    results, counts = out["results"], out["counts"]

    assert len(results) == PROCESSES
    assert sum(row["created"] for row in results) == 1
    assert len({row["article"] for row in results}) == 1
    assert counts["articles"] == 1
    assert counts["titles"] == ["Talks round 7"]
    # A losing duplicate left no events behind (every event is backed by a mention)...
    assert counts["orphan_events"] == 0
    # ...and submitting once more is still a no-op.
    assert out["again"]["created"] is False
    assert out["counts_again"] == counts


def _wait_until_blocked(db, proc, *, seconds: float) -> None:
    """Give the second writer time to reach the lock held by the first (on PostgreSQL: see it waiting)."""
    import time

    if db.label != "postgresql":
        time.sleep(seconds)  # SQLite: it sits in BEGIN IMMEDIATE's busy wait; nothing to observe from outside
        return
    import psycopg

    deadline = time.monotonic() + 30
    with psycopg.connect(db.env["DATABASE_URL"].replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read()
            waiting = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()[0]
            if waiting:
                return
            time.sleep(0.05)
    raise AssertionError("the second ingestion never waited for the first")


def test_interleaved_merges_into_one_event_lose_no_source(fresh_db, tmp_path):
    """Writer A pauses holding an updated event; writer B merges into the same event meanwhile: both sources count.

    Regression guard for PostgreSQL's READ COMMITTED: without the ingestion write lock, B counted the
    event's mentions without A's uncommitted one and then overwrote A's count (a lost update).
    """
    first = fresh_db.worker("ingest", "0")
    assert first.returncode == 0, first.stderr
    a_ready, release, b_ready = tmp_path / "a-paused", tmp_path / "release", tmp_path / "b-started"
    a = fresh_db.spawn("hold", "1", str(a_ready), str(release))
    fresh_db.wait_for_files([a_ready], timeout=60)
    b = fresh_db.spawn("ingest_signalling", "2", str(b_ready))
    fresh_db.wait_for_files([b_ready], timeout=60)
    _wait_until_blocked(fresh_db, b, seconds=2)
    assert b.poll() is None, "B finished while A held its transaction open: nothing serialised them"
    release.touch()
    for proc in (a, b):
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr[-3000:]
    counts = json.loads(stdout.strip().splitlines()[-1])["counts"]
    assert counts["articles"] == 3
    assert counts["stale_source_counts"] == 0
    assert counts["duplicate_events"] == 0

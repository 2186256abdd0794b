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

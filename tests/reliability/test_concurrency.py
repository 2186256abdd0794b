"""Concurrent ingestion: 8 processes writing into one database lose nothing and duplicate nothing."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.slow]

PROCESSES = 8
ARTICLES = 200


def _finish(db, procs, *, timeout: float = 240) -> list:
    outputs = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=timeout)
        # SQLite's "database is locked" (or PostgreSQL's serialisation/unique errors) would surface here.
        assert "database is locked" not in stderr, stderr
        assert proc.returncode == 0, f"[{db.label}] worker failed:\n{stderr[-3000:]}"
        outputs.append(json.loads(stdout.strip().splitlines()[-1]))
    return outputs


def test_eight_processes_ingest_200_distinct_articles_all_stored_once(fresh_db, tmp_path):
    """8 processes x 25 articles at once: every article is stored exactly once, no worker fails."""
    go = tmp_path / "go"
    per = ARTICLES // PROCESSES
    ready = [tmp_path / f"ready{i}" for i in range(PROCESSES)]
    procs = [fresh_db.spawn("distinct", str(i * per), str(per), str(ready[i]), str(go)) for i in range(PROCESSES)]
    fresh_db.wait_for_files(ready, timeout=60)
    go.touch()
    outputs = _finish(fresh_db, procs)

    results = [row for out in outputs for row in out]
    assert len(results) == ARTICLES
    assert all(row["created"] for row in results)
    assert len({row["article"] for row in results}) == ARTICLES
    counts = fresh_db.counts()
    assert counts["articles"] == ARTICLES
    assert counts["titles"] == sorted(f"Talks round {n}" for n in range(ARTICLES))
    assert counts["mentions"] >= ARTICLES  # every article has dated sentences


def test_same_article_from_eight_processes_is_stored_once(fresh_db, tmp_path):
    """The same text submitted by 8 processes at the same moment: one article, seven no-op duplicates."""
    go = tmp_path / "go"
    ready = [tmp_path / f"ready{i}" for i in range(PROCESSES)]
    procs = [fresh_db.spawn("same", "7", str(ready[i]), str(go)) for i in range(PROCESSES)]
    fresh_db.wait_for_files(ready, timeout=60)
    go.touch()
    outputs = _finish(fresh_db, procs)

    assert sum(out["created"] for out in outputs) == 1
    assert len({out["article"] for out in outputs}) == 1
    counts = fresh_db.counts()
    assert counts["articles"] == 1
    assert counts["titles"] == ["Talks round 7"]

    # A losing duplicate left no events behind (every event is backed by a mention)...
    assert counts["orphan_events"] == 0
    # ...and submitting once more is still a no-op.
    single = fresh_db.worker("ingest", "7")
    assert single.returncode == 0, single.stderr
    assert fresh_db.counts() == counts

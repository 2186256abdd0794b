"""Crash safety: a process killed mid-ingestion leaves nothing half-written, and a re-run completes it."""

from __future__ import annotations

import json
import signal

import pytest

pytestmark = [pytest.mark.slow]


def test_sigkill_inside_ingestion_leaves_no_partial_rows_and_rerun_completes(fresh_db, tmp_path):
    """SIGKILL after the article, mention and event rows are written: none survive; the next run stores it all."""
    ready = tmp_path / "frozen"
    proc = fresh_db.spawn("hang", "3", str(ready))
    fresh_db.wait_for_files([ready], timeout=60)
    frozen = json.loads(ready.read_text())
    before, written = frozen["before"], frozen["written"]
    # The kill really lands mid-transaction: article, mentions and events are already written.
    for step in ("insert timeline_article", "insert timeline_mention", "insert timeline_event"):
        assert step in written, written
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    after_crash = fresh_db.counts()
    assert after_crash == before, "a killed ingestion left rows behind"

    rerun = fresh_db.worker("ingest", "3")
    assert rerun.returncode == 0, rerun.stderr
    out = json.loads(rerun.stdout.strip().splitlines()[-1])
    assert out["result"]["created"] is True
    done = out["counts"]
    assert done["articles"] == before["articles"] + 1
    assert done["titles"] == ["Talks round 3"]
    assert done["mentions"] > before["mentions"]
    assert done["events"] > before["events"]
    assert done["orphan_events"] == 0

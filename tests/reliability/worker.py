"""Child processes for the concurrency, crash and backup tests, on the database their env names.

Usage (env: DJANGO_SETTINGS_MODULE plus TIMELINE_SQLITE_PATH or DATABASE_URL):
    worker.py distinct PROCS PER    PROCS processes at once, each ingesting PER distinct articles
    worker.py same PROCS N          PROCS processes at once, all ingesting article N
    worker.py hang N READY          ingest article N, freeze inside its transaction, write READY
    worker.py ingest N              ingest article N
    worker.py hold N READY RELEASE  ingest article N, pause after its first event update until RELEASE
    worker.py ingest_signalling N READY   ingest article N, touching READY at its first query
    worker.py counts                print row counts and article titles
Each command prints one JSON line on stdout (results and the row counts after them) and exits
non-zero if any process failed.

The fan-out commands load Django and warm the tagger once, close every database connection and
then fork: the children are separate OS processes with their own connections, started together
at a barrier, without each paying the interpreter start-up (which on a 2-CPU machine took longer
than the ingestion under test).
"""

from __future__ import annotations

import datetime
import json
import multiprocessing
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "timeline.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, connections, transaction  # noqa: E402
from django.db.models import Count, F  # noqa: E402

from timeline.models import Actor, Article, Event, Mention, Place, Topic  # noqa: E402

PUBLISHED = datetime.date(2019, 1, 24)

if os.environ.get("WORKER_WITHOUT_WRITE_LOCK"):
    # Only for checking by hand that test_interleaved_merges_... fails without the service's write lock.
    import timeline.services

    timeline.services._lock_event_matching = lambda: None


def article_text(n: int) -> str:
    """A short, distinct article with several resolvable time expressions."""
    return (
        f"Envoys prepare round {n} of the nuclear talks.\n\n"
        f"North Korean leader Kim Jong-un met Donald Trump in Singapore last June, and officials said on "
        f"Wednesday that round {n} of the talks would open in Hanoi in late February. "
        f"South Korea's president Moon Jae-in visited Pyongyang in September 2018 for a summit.\n"
    )


def ingest(n: int) -> dict:
    from timeline.services import article_ingest

    result = article_ingest(text=article_text(n), published=PUBLISHED, title=f"Talks round {n}", outlet="Wire")
    return {"n": n, "article": result.article.pk, "created": result.created}


def warm_up() -> None:
    """Run one ingestion and roll it back, so lazy loading (tagger, gazetteer, parsers) happens before fork."""
    with transaction.atomic():
        ingest(-1)
        transaction.set_rollback(True)


def _child(numbers: list[int], barrier, results) -> None:
    try:
        barrier.wait(timeout=60)
        results.put(("ok", [ingest(n) for n in numbers]))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        connections.close_all()


def fan_out(jobs: list[list[int]]) -> list:
    warm_up()
    connections.close_all()  # children must not share the parent's connection
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(len(jobs))
    results = ctx.Queue()
    procs = [ctx.Process(target=_child, args=(numbers, barrier, results)) for numbers in jobs]
    for proc in procs:
        proc.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    errors = [detail for kind, detail in outcomes if kind == "error"]
    if errors:
        sys.stderr.write("\n".join(errors))
        raise SystemExit(1)
    assert all(proc.exitcode == 0 for proc in procs), [proc.exitcode for proc in procs]
    return [detail for _, detail in outcomes]


def counts() -> dict:
    return {
        "articles": Article.objects.count(),
        "mentions": Mention.objects.count(),
        "events": Event.objects.count(),
        "actors": Actor.objects.count(),
        "places": Place.objects.count(),
        "topics": Topic.objects.count(),
        "event_actors": Event.actors.through.objects.count(),
        "event_topics": Event.topics.through.objects.count(),
        "titles": sorted(Article.objects.values_list("title", flat=True)),
        "orphan_events": Event.objects.filter(mentions__isnull=True).count(),
        # Lost updates: an event whose denormalised count disagrees with its mentions.
        "stale_source_counts": Event.objects.annotate(n=Count("mentions")).exclude(source_count=F("n")).count(),
        # Racing "no match yet -> create" would leave the same happening as several events
        # ("other" events are never merged, by design, so they are left out).
        "duplicate_events": Event.objects.exclude(kind="other")
        .values("kind", "earliest", "latest", "title")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count(),
    }


def hang(n: int, ready: str) -> None:
    """Ingest, but freeze once mentions are linked to their events, with the transaction still open."""
    written: list[str] = []

    def freeze(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        words = sql.lstrip()[:80].replace('"', " ").split()
        if words and words[0].upper() in {"INSERT", "UPDATE"}:
            table = (words[2] if words[0].upper() == "INSERT" else words[1]).lower()
            written.append(f"{words[0].lower()} {table}")
            # The mentions' event links are written after the article, mentions and events.
            if words[0].upper() == "UPDATE" and table == "timeline_mention":
                assert connection.in_atomic_block, "mentions are written outside a transaction"
                Path(ready).write_text(json.dumps({"written": written, "before": before}))
                time.sleep(600)
        return result

    before = counts()
    with connection.execute_wrapper(freeze):
        ingest(n)
    raise SystemExit(f"ingestion finished without linking mentions to events: {written}")


def hold(n: int, ready: str, release: str) -> dict:
    """Ingest, pausing inside the transaction right after the first event update until RELEASE exists."""
    paused = False

    def pause(execute, sql, params, many, context):
        nonlocal paused
        result = execute(sql, params, many, context)
        if not paused and sql.lstrip().upper().startswith('UPDATE "TIMELINE_EVENT"'):
            paused = True
            Path(ready).touch()
            deadline = time.monotonic() + 120
            while not Path(release).exists() and time.monotonic() < deadline:
                time.sleep(0.02)
        return result

    with connection.execute_wrapper(pause):
        out = ingest(n)
    assert paused, "ingestion never updated an event"
    return out


def ingest_signalling(n: int, ready: str) -> dict:
    """Ingest, touching READY at the first query (the duplicate check, just before the write transaction)."""

    def signal(execute, sql, params, many, context):
        Path(ready).touch()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(signal):
        return ingest(n)


def main(argv: list[str]) -> None:
    cmd = argv[0]
    # Each command also reports the row counts afterwards: one interpreter start-up fewer per check.
    if cmd == "distinct":
        procs, per = int(argv[1]), int(argv[2])
        rows = [row for rows in fan_out([list(range(i * per, (i + 1) * per)) for i in range(procs)]) for row in rows]
        out = {"results": rows, "counts": counts()}
    elif cmd == "same":
        procs, n = int(argv[1]), int(argv[2])
        rows = [rows[0] for rows in fan_out([[n]] * procs)]
        after = counts()
        out = {"results": rows, "counts": after, "again": ingest(n), "counts_again": counts()}
    elif cmd == "hang":
        hang(int(argv[1]), argv[2])
        return
    elif cmd == "ingest":
        out = {"result": ingest(int(argv[1])), "counts": counts()}
    elif cmd == "hold":
        out = {"result": hold(int(argv[1]), argv[2], argv[3])}
    elif cmd == "ingest_signalling":
        out = {"result": ingest_signalling(int(argv[1]), argv[2]), "counts": counts()}
    elif cmd == "counts":
        out = counts()
    else:
        raise SystemExit(f"unknown command {cmd}")
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])

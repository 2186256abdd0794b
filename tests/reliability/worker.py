"""A child process for the concurrency and crash tests: ingests articles into the database its env names.

Usage (env: DJANGO_SETTINGS_MODULE plus TIMELINE_SQLITE_PATH or DATABASE_URL):
    worker.py distinct FIRST COUNT READY GO    ingest articles FIRST..FIRST+COUNT-1 once GO exists
    worker.py same N READY GO                  ingest article N once GO exists
    worker.py hang N READY                     ingest article N, freeze inside the transaction, touch READY
    worker.py counts                           print row counts and article keys as JSON
Each command prints one JSON line on stdout.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "timeline.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from timeline.models import Actor, Article, Event, Mention, Place, Topic  # noqa: E402
from timeline.services import article_ingest  # noqa: E402

PUBLISHED = datetime.date(2019, 1, 24)


def article_text(n: int) -> str:
    """A short, distinct article with several resolvable time expressions."""
    return (
        f"Envoys prepare round {n} of the nuclear talks.\n\n"
        f"North Korean leader Kim Jong-un met Donald Trump in Singapore last June, and officials said on "
        f"Wednesday that round {n} of the talks would open in Hanoi in late February. "
        f"South Korea's president Moon Jae-in visited Pyongyang in September 2018 for a summit.\n"
    )


def ingest(n: int) -> dict:
    result = article_ingest(text=article_text(n), published=PUBLISHED, title=f"Talks round {n}", outlet="Wire")
    return {"n": n, "article": result.article.pk, "created": result.created}


def wait_ready(ready: str, go: str) -> None:
    # Open the connection and import everything first so all workers hit the database together.
    Article.objects.exists()
    Path(ready).touch()
    deadline = time.monotonic() + 60
    while not Path(go).exists():
        if time.monotonic() > deadline:
            raise SystemExit("GO file never appeared")
        time.sleep(0.005)


def counts() -> dict:
    through_actors = Event.actors.through.objects.count()
    through_topics = Event.topics.through.objects.count()
    return {
        "articles": Article.objects.count(),
        "mentions": Mention.objects.count(),
        "events": Event.objects.count(),
        "actors": Actor.objects.count(),
        "places": Place.objects.count(),
        "topics": Topic.objects.count(),
        "event_actors": through_actors,
        "event_topics": through_topics,
        "titles": sorted(Article.objects.values_list("title", flat=True)),
        "orphan_events": Event.objects.filter(mentions__isnull=True).count(),
    }


def hang(n: int, ready: str) -> None:
    """Ingest, but freeze right after the first mention row is written, with the transaction still open."""
    written: list[str] = []

    def freeze(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        head = sql.lstrip()[:80].upper()
        if head.startswith(("INSERT", "UPDATE")):
            written.append(head.split()[2].strip('"').lower() if head.startswith("INSERT") else head.split()[1])
            if head.startswith('INSERT INTO "TIMELINE_MENTION"'):
                assert connection.in_atomic_block, "mentions are written outside a transaction"
                Path(ready).write_text(json.dumps(written))
                time.sleep(600)
        return result

    with connection.execute_wrapper(freeze):
        ingest(n)
    raise SystemExit("ingestion finished without writing a mention")


def main(argv: list[str]) -> None:
    cmd = argv[0]
    if cmd == "distinct":
        first, count, ready, go = int(argv[1]), int(argv[2]), argv[3], argv[4]
        wait_ready(ready, go)
        out = [ingest(n) for n in range(first, first + count)]
    elif cmd == "same":
        n, ready, go = int(argv[1]), argv[2], argv[3]
        wait_ready(ready, go)
        out = ingest(n)
    elif cmd == "hang":
        hang(int(argv[1]), argv[2])
        return
    elif cmd == "ingest":
        out = ingest(int(argv[1]))
    elif cmd == "counts":
        out = counts()
    else:
        raise SystemExit(f"unknown command {cmd}")
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])

"""Ingestion throughput: seed-sized articles per second through services.article_ingest, one process.

    .venv/bin/python bench/bench_ingest.py                         # SQLite and PostgreSQL, 500 articles
    .venv/bin/python bench/bench_ingest.py --db sqlite --articles 5  # smoke run

The 500 articles are variations of seeds/independent-kim-trump-letter.txt (same size and style): each has
its own publication date, month names shifted, places and the summit ordinal swapped, and one extra
sentence, so every body is distinct (no duplicate short-cut) while tagging, extraction and merging do
their usual work against a growing archive. The database is emptied first (a SQLite file under the work
directory, or the PostgreSQL database `bench_ingest`, created if missing).
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import json
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as common  # noqa: E402

SEED = common.ROOT / "seeds" / "independent-kim-trump-letter.txt"
SEED_PUBLISHED = datetime.date(2019, 1, 24)
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/bench_ingest"
TARGET = 20.0  # articles/s on SQLite (issue 5)
MONTHS = list(calendar.month_name)[1:]
PLACES = ["Hanoi", "Singapore", "Geneva", "Stockholm", "Panmunjom", "Vladivostok", "Helsinki", "Bangkok"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth"]
WEEKDAYS = list(calendar.day_name)


def variant(text: str, i: int) -> tuple[str, datetime.date, str]:
    """Article i: the seed with its dates, places and ordinal moved, plus one sentence of its own."""
    shift = i % 12
    months = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
    body = months.sub(lambda m: MONTHS[(MONTHS.index(m.group(1)) + shift) % 12], text)
    body = body.replace("second summit", f"{ORDINALS[i % len(ORDINALS)]} summit")
    body = re.sub(r"\bVietnam\b|\bHanoi\b", PLACES[i % len(PLACES)], body)
    body += (
        f"\nOfficials said a working-level meeting in {PLACES[(i + 3) % len(PLACES)]} was planned for "
        f"{WEEKDAYS[i % 7]}, according to dispatch {i}."
    )
    published = SEED_PUBLISHED + datetime.timedelta(days=7 * (i - 250))
    title = f"Kim Jong-un and Trump: letter and {ORDINALS[i % len(ORDINALS)]} summit (report {i})"
    return body, published, title


def measure(n: int, warmup: int) -> dict:
    """Runs inside the child process (Django configured for the benchmark database)."""
    import django

    django.setup()
    from django.db import connection

    from timeline.models import Article, Event, Mention
    from timeline.services import article_ingest

    with connection.cursor() as cursor:
        for model in (Mention, Event.actors.through, Event.topics.through, Event, Article):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    text = SEED.read_text(encoding="utf-8")
    items = [variant(text, i) for i in range(n + warmup)]
    per_article, cpu, created, merged, mentions = [], [], 0, 0, 0
    for k, (body, published, title) in enumerate(items):
        t0, c0 = time.perf_counter(), time.process_time()
        result = article_ingest(text=body, published=published, title=title, outlet="Bench Wire",
                                url=f"https://news.example/bench/{k}")
        elapsed, used = time.perf_counter() - t0, time.process_time() - c0
        if not result.created:
            raise SystemExit(f"article {k} was taken for a duplicate: {result.message}")
        if k < warmup:
            continue  # first calls load the tagger lexicon and gazetteer
        per_article.append(elapsed)
        cpu.append(used)
        created += len(result.events_created)
        merged += len(result.events_merged)
        mentions += len(result.mentions)
    total = sum(per_article)
    return {
        "articles": len(per_article), "seconds": total, "rate": len(per_article) / total if total else 0.0,
        "cpu_rate": len(cpu) / sum(cpu) if sum(cpu) else 0.0,
        "p50_ms": common.median(per_article) * 1000, "p95_ms": common.percentile(per_article, 95) * 1000,
        "events_created": created, "events_merged": merged, "mentions": mentions,
        "bytes": len(items[-1][0].encode()), "events_in_db": Event.objects.count(),
    }


def ensure_pg_database(url: str) -> None:
    import psycopg

    name = url.rstrip("/").rsplit("/", 1)[-1]
    if name in {"test", "test_test"}:
        raise SystemExit("Refusing to benchmark in the test suite's database.")
    admin = url.rstrip("/").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=3, help="articles ingested first and not counted")
    parser.add_argument("--workdir", type=Path, default=common.DEFAULT_WORKDIR)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:
        print(json.dumps(measure(args.articles, args.warmup)))
        return 0

    rows, misses = [], []
    for db in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
        if db == "postgres":
            ensure_pg_database(args.pg_url)
        env = common.db_env(db=db, n=0, workdir=args.workdir, pg_url=args.pg_url)
        if db == "sqlite":
            env["TIMELINE_SQLITE_PATH"] = str(args.workdir / "bench-ingest.sqlite3")
        common.manage(env, "migrate", "--noinput", "-v0")
        proc = subprocess.run(
            [common.PYTHON, __file__, "--measure", "--articles", str(args.articles), "--warmup", str(args.warmup)],
            env=env, capture_output=True, text=True,
        )
        if proc.returncode:
            sys.stderr.write(proc.stderr)
            raise SystemExit(f"ingest benchmark on {db} failed")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        ok = db != "sqlite" or r["rate"] >= TARGET
        if not ok:
            misses.append(f"{db}: {r['rate']:.1f} articles/s < {TARGET}")
        rows.append([
            db, r["articles"], f"{r['bytes']:,}", f"{r['seconds']:.1f}", f"{r['rate']:.1f}", f"{r['cpu_rate']:.1f}",
            f"{r['p50_ms']:.0f}",
            f"{r['p95_ms']:.0f}", r["mentions"], f"{r['events_created']}/{r['events_merged']}",
            (f"≥{TARGET:.0f}/s {'✓' if ok else '✗'}") if db == "sqlite" else "",
        ])
    print(f"bench_ingest: services.article_ingest, single process, {args.articles} seed-sized articles")
    print(f"machine: {common.machine()}")
    print(common.table(
        ["db", "articles", "bytes each", "seconds", "articles/s", "per CPU-second", "p50 ms", "p95 ms", "mentions",
         "events new/merged", "target"],
        rows,
    ))
    print("per CPU-second = articles per second of this process's CPU time (SQLite work included, PostgreSQL's"
          " excluded): the rate an unshared core would reach.")
    if misses:
        print("missed targets: " + "; ".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The indexes and query shapes the benchmarks depend on are really used, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, Max, Min

from tests.ui.factories import make_article, make_event
from timeline import selectors
from timeline.filters import TimelineFilters
from timeline.models import Event, Status

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text indexes exist on PostgreSQL only")
def test_fulltext_gin_indexes_exist_and_serve_the_search():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, tablename, indexdef FROM pg_indexes"
            " WHERE indexname IN ('event_title_fts', 'mention_sentence_fts')"
        )
        definitions = {name: (table, indexdef) for name, table, indexdef in cursor.fetchall()}
    assert set(definitions) == {"event_title_fts", "mention_sentence_fts"}
    plan = selectors.events_for_timeline(filters=TimelineFilters(q="summit"), user=AnonymousUser()).explain()
    with connection.cursor() as cursor:
        # Tiny test tables favour sequential scans; forbid them to see whether the index can serve a query.
        cursor.execute("SET LOCAL enable_seqscan = off")
        for name, (table, indexdef) in definitions.items():
            expression = indexdef[indexdef.index("USING gin (") + len("USING gin (") : -1]
            # The selector searches exactly the indexed expression (PostgreSQL deparses both the same way) ...
            assert expression in plan, (expression, plan)
            # ... so the planner can answer it from the GIN index. Which plan it picks for the whole selector
            # on a near-empty test table depends on statistics; at 100k events bench/bench_pages.py shows it.
            cursor.execute(f"EXPLAIN SELECT 1 FROM {table} WHERE {expression} @@ websearch_to_tsquery('english', 'summit')")
            single = "\n".join(row[0] for row in cursor.fetchall())
            assert name in single, single


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite query plan")
@pytest.mark.parametrize("group_by", ["status", "kind"])  # chart stats; event_counts (per kind, with span)
def test_chart_stats_and_counts_read_only_a_covering_index(group_by):
    # Without covering indexes these read every approved row from the table (0.47 s / 1.47 s at 100k).
    with connection.cursor() as cursor:
        sql, params = (
            Event.objects.filter(status=Status.APPROVED).order_by()
            .values(group_by).annotate(n=Count("id"), lo=Min("earliest"), hi=Max("latest")).query.sql_with_params()
        )
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "COVERING INDEX" in plan, plan


@pytest.mark.parametrize(
    "bucket, day, start",
    [
        ("week", datetime.date(2019, 2, 27), datetime.date(2019, 2, 25)),  # Wednesday -> Monday
        ("week", datetime.date(2019, 2, 25), datetime.date(2019, 2, 25)),  # Monday stays
        ("week", datetime.date(2019, 3, 3), datetime.date(2019, 2, 25)),  # Sunday -> previous Monday
        ("week", datetime.date(2021, 1, 1), datetime.date(2020, 12, 28)),  # across a year boundary
        ("month", datetime.date(2019, 2, 28), datetime.date(2019, 2, 1)),
        ("year", datetime.date(2019, 12, 31), datetime.date(2019, 1, 1)),
    ],
)
def test_aggregate_periods_start_where_trunc_would(bucket, day, start):
    # Regression guard for the SQLite-native period expressions that replaced Django's Trunc* there.
    make_event(title="Dated", earliest=day, mentions=[(make_article(), f"It happened on {day}.", str(day))])
    (b,) = selectors.events_aggregate(filters=TimelineFilters(), user=AnonymousUser(), bucket=bucket)
    assert b.start == start and b.count == 1

"""The page's chart reuses the counts query: same chart, one scan of the archive fewer."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.ui.factories import make_article, make_event
from timeline import selectors
from timeline.filters import TimelineFilters

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    article = make_article()
    for day, kind in [(3, "summit"), (9, "talks"), (20, "summit"), (27, "letter")]:
        make_event(title=f"{kind} {day}", kind=kind, earliest=datetime.date(2019, 2, day),
                   mentions=[(article, f"It happened on February {day}.", f"February {day}")])
    make_event(title="Rejected", earliest=datetime.date(1990, 1, 1), status="rejected")


@pytest.mark.parametrize("limit", [100, 2])  # events drawn, and aggregated
@pytest.mark.parametrize("filters", [TimelineFilters(), TimelineFilters(kinds=("summit",))])
def test_chart_from_counts_equals_chart_from_its_own_query(events, limit, filters):
    user = AnonymousUser()
    counts = selectors.event_counts(filters=filters, user=user)
    with CaptureQueriesContext(connection) as own:
        expected = selectors.chart_data(filters=filters, user=user, limit=limit)
    with CaptureQueriesContext(connection) as reused:
        got = selectors.chart_data(filters=filters, user=user, limit=limit, counts=counts)
    assert got == expected
    assert len(reused.captured_queries) == len(own.captured_queries) - 1
    # The rejected 1990 event must not widen the span.
    assert counts["lo"] == datetime.date(2019, 2, 3) or filters.kinds


def test_counts_of_an_empty_selection(db):
    counts = selectors.event_counts(filters=TimelineFilters(), user=AnonymousUser())
    assert counts["total"] == 0 and counts["lo"] is None and counts["hi"] is None
    assert selectors.chart_data(filters=TimelineFilters(), user=AnonymousUser(), counts=counts).total == 0

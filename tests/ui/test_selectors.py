"""Selectors: who sees what, filters, text search on both databases, fixed query counts, aggregation."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from timeline import selectors
from timeline.filters import TimelineFilters, parse_filters
from timeline.models import Actor
from tests.ui.factories import make_article, make_event

D = datetime.date
pytestmark = pytest.mark.django_db


def titles(qs):
    return [e.title for e in qs]


@pytest.fixture
def archive(db):
    art = make_article(title="Wire copy", published=D(2019, 3, 1))
    make_event(title="Hanoi summit", kind="summit", earliest=D(2019, 2, 27), latest=D(2019, 2, 28),
               actors=("Kim Jong-un", "Donald Trump"), topics=("Denuclearisation",),
               mentions=[(art, "The leaders met in Hanoi on February 27 and 28.", "February 27 and 28")])
    make_event(title="Letter from Trump", kind="letter", earliest=D(2019, 1, 1), latest=D(2019, 1, 31),
               precision="month", actors=("Donald Trump",),
               mentions=[(art, "Kim received an excellent letter in January.", "January")])
    make_event(title="Third summit", kind="summit", modality="scheduled", earliest=D(2019, 6, 1),
               latest=D(2019, 6, 30), precision="month",
               mentions=[(art, "A third meeting could come in June, officials said.", "June")])
    make_event(title="Unreviewed candidate", kind="talks", status="candidate", earliest=D(2019, 2, 1))
    make_event(title="Rejected noise", kind="other", status="rejected", earliest=D(2019, 2, 2))


def test_readers_see_approved_events_only(archive, plain_user):
    for user in (AnonymousUser(), plain_user):
        got = titles(selectors.events_for_timeline(filters=TimelineFilters(statuses=("candidate",)), user=user))
        assert got == ["Letter from Trump", "Hanoi summit", "Third summit"]


def test_staff_may_ask_for_candidates(archive, staff_user):
    got = titles(selectors.events_for_timeline(filters=TimelineFilters(statuses=("candidate",)), user=staff_user))
    assert got == ["Unreviewed candidate"]
    # Without asking, staff see the public timeline too.
    assert "Unreviewed candidate" not in titles(
        selectors.events_for_timeline(filters=TimelineFilters(), user=staff_user)
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"start": "2019-02"}, ["Hanoi summit", "Third summit"]),
        ({"end": "2019-01"}, ["Letter from Trump"]),
        # A month-precise letter overlaps a window inside its month.
        ({"start": "2019-01-15", "end": "2019-01-20"}, ["Letter from Trump"]),
        ({"kind": ["summit"]}, ["Hanoi summit", "Third summit"]),
        ({"kind": ["summit", "letter"], "modality": ["occurred"]}, ["Letter from Trump", "Hanoi summit"]),
        ({"modality": ["scheduled"]}, ["Third summit"]),
        ({"topic": "denuclearisation"}, ["Hanoi summit"]),
        ({"q": "summit"}, ["Hanoi summit", "Third summit"]),
        ({"q": "excellent letter"}, ["Letter from Trump"]),  # found in the source sentence only
        ({"q": "Hanoi"}, ["Hanoi summit"]),
        ({"q": "zebra"}, []),
    ],
)
def test_filters(archive, query, expected):
    form, filters = parse_filters(query)
    assert filters is not None, form.errors
    assert titles(selectors.events_for_timeline(filters=filters, user=AnonymousUser())) == expected


def test_actor_filter(archive):
    trump = Actor.objects.get(name="Donald Trump")
    got = titles(selectors.events_for_timeline(filters=TimelineFilters(actor=trump.pk), user=AnonymousUser()))
    assert got == ["Letter from Trump", "Hanoi summit"]


def test_event_detail_orders_sources_by_publication_and_hides_candidates(hanoi, staff_user):
    event = selectors.event_detail(pk=hanoi.pk, user=AnonymousUser())
    assert [m.article.published for m in event.mentions.all()] == [D(2019, 1, 19), D(2019, 3, 1)]
    candidate = make_event(title="Candidate", status="candidate")
    with pytest.raises(Http404):
        selectors.event_detail(pk=candidate.pk, user=AnonymousUser())
    assert selectors.event_detail(pk=candidate.pk, user=staff_user).title == "Candidate"


def test_event_detail_query_count_does_not_grow_with_sources(django_assert_max_num_queries):
    articles = [make_article(published=D(2019, 1, i + 1)) for i in range(12)]
    event = make_event(mentions=[(a, "Talks were held in February.", "February") for a in articles])
    with django_assert_max_num_queries(4):
        event = selectors.event_detail(pk=event.pk, user=AnonymousUser())
        assert len([m.article.title for m in event.mentions.all()]) == 12
        list(event.actors.all()), list(event.topics.all())


def test_article_detail_segments_highlight_each_expression_and_hide_unapproved_events(db):
    art = make_article(body="Intro.")
    shown = make_event(title="Shown", mentions=[(art, "They met in late February in Hanoi.", "late February")])
    hidden = make_event(title="Hidden", status="candidate", mentions=[(art, "More talks in June.", "June")])
    article = selectors.article_detail(pk=art.pk, user=AnonymousUser())
    marked = [(s.text, s.mention.visible_event) for s in article.segments if s.mention]
    assert marked == [("late February", shown), ("June", None)]
    assert "".join(s.text for s in article.segments) == article.body
    assert hidden.pk  # the candidate exists but no reader link goes to it


def test_chart_data_switches_to_aggregates_above_the_limit(db):
    for i in range(12):
        make_event(title=f"E{i}", kind="summit" if i % 2 else "letter", earliest=D(2019, 1 + i % 3, 10))
    few = selectors.chart_data(filters=TimelineFilters(), user=AnonymousUser(), limit=20)
    assert few.buckets is None and len(few.events) == 12
    many = selectors.chart_data(filters=TimelineFilters(), user=AnonymousUser(), limit=5)
    assert many.events is None and many.granularity == "week" and many.total == 12
    assert sum(b.count for b in many.buckets) == 12
    assert {b.group for b in many.buckets} == {"summit", "letter"}
    assert all(b.start.weekday() == 0 for b in many.buckets)  # weeks start on Monday


def test_aggregate_by_actor_counts_each_actor(db):
    make_event(title="A", actors=("Kim",), earliest=D(2019, 1, 5))
    make_event(title="B", actors=("Kim", "Moon"), earliest=D(2019, 1, 20))
    make_event(title="C", earliest=D(2019, 2, 3))
    buckets = selectors.events_aggregate(filters=TimelineFilters(lane="actor"), user=AnonymousUser(), bucket="month")
    assert [(b.start, b.group, b.count) for b in buckets] == [
        (D(2019, 1, 1), "Kim", 2),
        (D(2019, 1, 1), "Moon", 1),
        (D(2019, 2, 1), "(no actor named)", 1),
    ]


@pytest.mark.parametrize(
    "lo, hi, granularity",
    [(D(2019, 1, 1), D(2019, 12, 31), "week"), (D(2010, 1, 1), D(2019, 12, 31), "month"),
     (D(1950, 1, 1), D(2019, 12, 31), "year")],
)
def test_granularity_widens_with_the_window(lo, hi, granularity):
    assert selectors.granularity_for(lo=lo, hi=hi) == granularity


def test_chart_events_query_count_is_fixed(django_assert_max_num_queries):
    for i in range(30):
        make_event(title=f"E{i}", actors=("Kim", f"Other {i}"))
    with django_assert_max_num_queries(3):
        data = selectors.chart_data(filters=TimelineFilters(lane="actor"), user=AnonymousUser())
    assert len(data.events) == 30 and all(len(e.actors) == 2 for e in data.events)


def test_event_counts_per_kind_in_kind_order(archive):
    counts = selectors.event_counts(filters=TimelineFilters(), user=AnonymousUser())
    assert counts["total"] == 3
    assert counts["kinds"] == [("summit", 2), ("letter", 1)]

"""Reads for the timeline pages: filtered events, drill-downs, articles, chart data and aggregates."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.db import connection
from django.db.models import Count, DateField, Exists, Func, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek, TruncYear
from django.http import Http404

from timeline.charts import NO_ACTOR, Bucket, ChartEvent
from timeline.filters import TimelineFilters
from timeline.models import Article, Event, EventKind, Mention, Status

Granularity = Literal["week", "month", "year"]

# Above this many events in the visible window the chart shows counts per period instead of events.
CHART_EVENT_LIMIT = int(getattr(settings, "TIMELINE_CHART_EVENT_LIMIT", 1500))
SEARCH_CONFIG = "english"


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False))


def _visible_events(*, user, statuses: tuple[str, ...] = ()) -> QuerySet[Event]:
    """Readers see approved events only; staff see approved by default and may ask for other statuses."""
    if _is_staff(user) and statuses:
        return Event.objects.filter(status__in=statuses)
    return Event.objects.filter(status=Status.APPROVED)


def _text_search(qs: QuerySet[Event], q: str) -> QuerySet[Event]:
    """Titles and source sentences: full-text search on PostgreSQL, case-insensitive substring elsewhere."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        # Two uncorrelated IN subqueries (not a correlated EXISTS): PostgreSQL runs each once through its
        # GIN expression index (migration 0003) and hashes the ids; a correlated EXISTS re-ran to_tsvector
        # on every sentence of every event (30 s at 100k events instead of ~50 ms).
        in_titles = (
            Event.objects.annotate(_sv=SearchVector("title", config=SEARCH_CONFIG)).filter(_sv=query).values("id")
        )
        in_sentences = (
            Mention.objects.annotate(_sv=SearchVector("sentence", config=SEARCH_CONFIG))
            .filter(_sv=query, event__isnull=False)
            .values("event_id")
        )
        return qs.filter(Q(pk__in=in_titles) | Q(pk__in=in_sentences))
    # One pass over the sentences (an uncorrelated IN), not one EXISTS probe per event.
    in_sentences = Mention.objects.filter(sentence__icontains=q, event__isnull=False).values("event_id")
    return qs.filter(Q(title__icontains=q) | Q(pk__in=in_sentences))


def _filtered(*, filters: TimelineFilters, user) -> QuerySet[Event]:
    qs = _visible_events(user=user, statuses=filters.statuses)
    # An event belongs to a window when its date range overlaps it.
    if filters.start:
        qs = qs.filter(latest__gte=filters.start)
    if filters.end:
        qs = qs.filter(earliest__lte=filters.end)
    if filters.kinds:
        qs = qs.filter(kind__in=filters.kinds)
    if filters.modalities:
        qs = qs.filter(modality__in=filters.modalities)
    # Exists() rather than joins: a join could repeat an event and would need DISTINCT.
    if filters.actor is not None:
        qs = qs.filter(Exists(Event.actors.through.objects.filter(event_id=OuterRef("pk"), actor_id=filters.actor)))
    if filters.topic:
        qs = qs.filter(
            Exists(Event.topics.through.objects.filter(event_id=OuterRef("pk"), topic__slug=filters.topic))
        )
    if filters.q:
        qs = _text_search(qs, filters.q)
    return qs


def events_for_timeline(*, filters: TimelineFilters, user) -> QuerySet[Event]:
    """Events matching the filters, ordered by date, with place and actors loaded (two queries per page)."""
    return (
        _filtered(filters=filters, user=user)
        .select_related("place")
        .prefetch_related("actors")
        .order_by("earliest", "latest", "id")
    )


def event_counts(*, filters: TimelineFilters, user) -> dict:
    """Totals for the counts line: number of events and events per kind, in one query."""
    rows = list(
        _filtered(filters=filters, user=user)
        .order_by()
        .values("kind")
        .annotate(n=Count("id"), lo=Min("earliest"), hi=Max("latest"))
    )
    by_kind = {row["kind"]: row["n"] for row in rows}
    labels = dict(EventKind.choices)
    ordered = [(labels.get(kind, kind), by_kind[kind]) for kind in EventKind.values if kind in by_kind]
    ordered += [(kind, n) for kind, n in by_kind.items() if kind not in labels]
    # The date span rides along (same scan) so chart_data(counts=...) needs no query of its own.
    return {
        "total": sum(by_kind.values()),
        "by_kind": by_kind,
        "kinds": ordered,
        "lo": min((row["lo"] for row in rows), default=None),
        "hi": max((row["hi"] for row in rows), default=None),
    }


def _mentions_by_date() -> QuerySet[Mention]:
    return Mention.objects.select_related("article").order_by("article__published", "article_id", "start")


def event_detail(*, pk: int, user) -> Event:
    """One event with its place, actors, topics and mentions (each with its article) ordered by publication."""
    qs = (
        Event.objects.select_related("place")
        .prefetch_related("actors", "topics", Prefetch("mentions", queryset=_mentions_by_date()))
        .filter(pk=pk)
    )
    if not _is_staff(user):
        qs = qs.filter(status=Status.APPROVED)
    event = qs.first()
    if event is None:
        raise Http404("No such event.")
    return event


def article_detail(*, pk: int, user) -> Article:
    """One article with its mentions in text order; each mention's event is loaded if the reader may see it."""
    article = Article.objects.filter(pk=pk).first()
    if article is None:
        raise Http404("No such article.")
    mentions = list(Mention.objects.filter(article=article).select_related("event").order_by("start", "end"))
    staff = _is_staff(user)
    for mention in mentions:
        # Links go only to events the reader is allowed to open.
        visible = mention.event is not None and (staff or mention.event.status == Status.APPROVED)
        mention.visible_event = mention.event if visible else None
    article.ordered_mentions = mentions
    article.segments = body_segments(body=article.body, mentions=mentions)
    return article


@dataclass(frozen=True)
class Segment:
    """A run of article text; `mention` is set when the run is a time expression."""

    text: str
    mention: Mention | None = None


def body_segments(*, body: str, mentions: list[Mention]) -> list[Segment]:
    """Split the body into plain runs and expression runs (offsets from the mentions; overlaps skipped)."""
    out: list[Segment] = []
    cursor = 0
    for mention in sorted(mentions, key=lambda m: (m.start, m.end)):
        if mention.start < cursor or mention.end > len(body) or mention.end <= mention.start:
            continue
        if mention.start > cursor:
            out.append(Segment(text=body[cursor : mention.start]))
        out.append(Segment(text=body[mention.start : mention.end], mention=mention))
        cursor = mention.end
    if cursor < len(body):
        out.append(Segment(text=body[cursor:]))
    return out


@dataclass(frozen=True)
class ChartData:
    """What the chart shows for a window: either the events themselves or counts per period."""

    total: int
    events: list[ChartEvent] | None
    buckets: list[Bucket] | None
    granularity: Granularity | None
    lo: datetime.date | None
    hi: datetime.date | None


def granularity_for(*, lo: datetime.date, hi: datetime.date) -> Granularity:
    """Weeks for up to three years, months up to forty, years beyond."""
    span = (hi - lo).days
    if span <= 3 * 366:
        return "week"
    if span <= 40 * 366:
        return "month"
    return "year"


def chart_events(*, filters: TimelineFilters, user) -> list[ChartEvent]:
    """Compact rows for the chart (no model instances): one query, plus one for actors when lanes are actors."""
    rows = (
        _filtered(filters=filters, user=user)
        .order_by("earliest", "latest", "id")
        .values_list("id", "title", "kind", "modality", "earliest", "latest", "precision", "label", "source_count")
    )
    rows = list(rows)
    actors: dict[int, list[str]] = defaultdict(list)
    if filters.lane == "actor" and rows:
        ids = _filtered(filters=filters, user=user).values("id")
        for event_id, name in (
            Event.actors.through.objects.filter(event_id__in=ids)
            .order_by("actor__name")
            .values_list("event_id", "actor__name")
        ):
            actors[event_id].append(name)
    return [
        ChartEvent(
            id=r[0],
            title=r[1],
            kind=r[2],
            modality=r[3],
            earliest=r[4],
            latest=r[5],
            precision=r[6],
            label=r[7],
            source_count=r[8],
            actors=tuple(actors.get(r[0], ())),
        )
        for r in rows
    ]


class _SqlitePeriodStart(Func):
    """First day of the week/month/year of a date column, with SQLite's own date functions.

    Django's Trunc* call a Python function per row on SQLite (0.6 s for 85k events); these run in C.
    Dates are stored as 'YYYY-MM-DD' text, so month/year are prefixes; weeks start on Monday as TruncWeek's.
    """

    output_field = DateField()
    templates = {
        "week": "date(%(expressions)s, '-6 days', 'weekday 1')",
        "month": "substr(%(expressions)s, 1, 7) || '-01'",
        "year": "substr(%(expressions)s, 1, 4) || '-01-01'",
    }

    def __init__(self, expression, *, bucket: Granularity):
        super().__init__(expression)
        self.template = self.templates[bucket]


def _period_start(bucket: Granularity):
    if connection.vendor == "sqlite":
        return _SqlitePeriodStart("earliest", bucket=bucket)
    return {"week": TruncWeek, "month": TruncMonth, "year": TruncYear}[bucket]("earliest")


def events_aggregate(*, filters: TimelineFilters, user, bucket: Granularity) -> list[Bucket]:
    """Counts of events per period (by start date) and per lane (kind, or actor), computed in the database."""
    trunc = _period_start(bucket)
    qs = _filtered(filters=filters, user=user).order_by()
    if filters.lane == "actor":
        rows = (
            qs.annotate(period=trunc)
            .values("period", "actors__name")
            .annotate(n=Count("id"))
            .values_list("period", "actors__name", "n")
        )
        rows = [(period, name or NO_ACTOR, n) for period, name, n in rows]
    else:
        rows = list(
            qs.annotate(period=trunc).values("period", "kind").annotate(n=Count("id")).values_list("period", "kind", "n")
        )
    out = []
    for period, group, n in rows:
        if isinstance(period, datetime.datetime):
            period = period.date()
        out.append(Bucket(start=period, group=group, count=n, granularity=bucket))
    out.sort(key=lambda b: (b.start, b.group))
    return out


def chart_data(*, filters: TimelineFilters, user, limit: int | None = None, counts: dict | None = None) -> ChartData:
    """Events for the chart when few enough are in the window, otherwise counts per week/month/year.

    `counts` is event_counts() for the same filters and user, when the caller has it: it saves a scan.
    """
    limit = CHART_EVENT_LIMIT if limit is None else limit
    if counts is not None:
        stats = {"n": counts["total"], "lo": counts["lo"], "hi": counts["hi"]}
    else:
        stats = _filtered(filters=filters, user=user).order_by().aggregate(
            n=Count("id"), lo=Min("earliest"), hi=Max("latest")
        )
    total, lo, hi = stats["n"], stats["lo"], stats["hi"]
    if total <= limit:
        return ChartData(
            total=total,
            events=chart_events(filters=filters, user=user) if total else [],
            buckets=None,
            granularity=None,
            lo=lo,
            hi=hi,
        )
    lo = max(filter(None, [filters.start, lo]))
    hi = min(filter(None, [filters.end, hi]))
    bucket = granularity_for(lo=lo, hi=hi)
    return ChartData(
        total=total,
        events=None,
        buckets=events_aggregate(filters=filters, user=user, bucket=bucket),
        granularity=bucket,
        lo=lo,
        hi=hi,
    )

"""Events as plain records for JSON export (export_events command and /api/events.json)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from timeline.models import Event, Mention


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def event_records(events: QuerySet[Event]) -> list[dict]:
    """One dict per event with its sources sorted by publication date; a fixed number of queries (4)."""
    mentions = Mention.objects.select_related("article").order_by("article__published", "article_id", "start")
    events = events.select_related("place").prefetch_related(
        "actors", "topics", Prefetch("mentions", queryset=mentions, to_attr="export_mentions")
    )
    records = []
    for event in events:
        records.append(
            {
                "id": event.pk,
                "title": event.title,
                "kind": event.kind,
                "modality": event.modality,
                "status": event.status,
                "earliest": _iso(event.earliest),
                "latest": _iso(event.latest),
                "precision": event.precision,
                "label": event.label,
                "place": event.place.name if event.place else None,
                "actors": [a.name for a in event.actors.all()],
                "topics": [t.name for t in event.topics.all()],
                "sources": [
                    {
                        "article_id": m.article_id,
                        "title": m.article.title,
                        "outlet": m.article.outlet,
                        "published": _iso(m.article.published),
                        "url": m.article.url,
                        "sentence": m.sentence,
                        "expression": m.expression,
                        "value": m.value,
                    }
                    for m in event.export_mentions
                ],
            }
        )
    return records

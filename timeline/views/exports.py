"""Downloads of the filtered timeline: JSON records, CSV, iCalendar and TimelineJS 3 JSON.

Each export takes the page's filters (same query string, same validation, same permission rules:
readers get approved events only) and streams its body in chunks of events, so memory stays flat
and the number of queries is fixed per chunk (1 for the ids + 4 per EXPORT_CHUNK events).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from timeline import export_formats
from timeline.export import event_records
from timeline.filters import TimelineFilters, parse_filters
from timeline.models import Event
from timeline.selectors import events_for_timeline

EXPORT_CHUNK = 2000
ORDER = ("earliest", "latest", "id")


def _filters_or_400(request: HttpRequest, *, as_json: bool) -> TimelineFilters | HttpResponse:
    """The validated filters, or a 400 that says which parameter is wrong and why."""
    form, filters = parse_filters(request.GET)
    if filters is not None:
        return filters
    errors = {name: [e["message"] for e in errs] for name, errs in form.errors.get_json_data().items()}
    if as_json:
        body = json.dumps({"error": "Invalid filter parameters.", "fields": errors})
        return HttpResponse(body, status=400, content_type="application/json")
    lines = ["Invalid filter parameters:"] + [f"- {name}: {' '.join(msgs)}" for name, msgs in errors.items()]
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


def _records(*, filters: TimelineFilters, user) -> Iterator[dict]:
    """Event records in timeline order, fetched EXPORT_CHUNK events at a time."""
    ids = list(
        events_for_timeline(filters=filters, user=user)
        .select_related(None)
        .prefetch_related(None)
        .values_list("id", flat=True)
    )
    for start in range(0, len(ids), EXPORT_CHUNK):
        chunk = Event.objects.filter(pk__in=ids[start : start + EXPORT_CHUNK]).order_by(*ORDER)
        yield from event_records(chunk)


def _attachment(chunks, *, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Exports depend on who asks (staff may see more) and on the query string: never share caches.
    response["Cache-Control"] = "private, no-cache"
    return response


def _event_url(request: HttpRequest):
    base = request.build_absolute_uri("/")[:-1]
    return lambda record: f"{base}/events/{record['id']}/"


@require_GET
def events_json(request: HttpRequest) -> HttpResponse:
    """GET /api/events.json: the export_events JSON array for the filtered events."""
    filters = _filters_or_400(request, as_json=True)
    if isinstance(filters, HttpResponse):
        return filters
    chunks = export_formats.json_chunks(_records(filters=filters, user=request.user))
    return _attachment(chunks, content_type="application/json", filename="diplomatic-timeline-events.json")


@require_GET
def events_csv(request: HttpRequest) -> HttpResponse:
    """GET /export/events.csv: one row per filtered event."""
    filters = _filters_or_400(request, as_json=False)
    if isinstance(filters, HttpResponse):
        return filters
    chunks = export_formats.csv_chunks(_records(filters=filters, user=request.user))
    return _attachment(chunks, content_type="text/csv; charset=utf-8", filename="diplomatic-timeline-events.csv")


@require_GET
def events_ics(request: HttpRequest) -> HttpResponse:
    """GET /export/events.ics: an iCalendar file of all-day events over each event's date range."""
    filters = _filters_or_400(request, as_json=False)
    if isinstance(filters, HttpResponse):
        return filters
    chunks = export_formats.ics_chunks(
        _records(filters=filters, user=request.user), stamp=timezone.now(), url_for=_event_url(request)
    )
    return _attachment(chunks, content_type="text/calendar; charset=utf-8", filename="diplomatic-timeline-events.ics")


@require_GET
def timelinejs_json(request: HttpRequest) -> HttpResponse:
    """GET /export/timelinejs.json: the filtered events as a TimelineJS 3 JSON document."""
    filters = _filters_or_400(request, as_json=True)
    if isinstance(filters, HttpResponse):
        return filters
    summary = "Events from news articles about diplomacy, each with its source sentences."
    if filters.is_filtered:
        summary += f" Filtered: {filters.querystring()}."
    chunks = export_formats.timelinejs_chunks(
        _records(filters=filters, user=request.user),
        headline="Diplomatic Timeline",
        summary=summary,
        url_for=_event_url(request),
    )
    return _attachment(chunks, content_type="application/json", filename="diplomatic-timeline-timelinejs.json")

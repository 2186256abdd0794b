"""Public pages: the timeline, event drill-downs, article pages and chart windows. Wiring only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from timeline import selectors
from timeline.charts import empty_figure, timeline_figure
from timeline.filters import parse_filters

PAGE_SIZE = 100


def _partial(request: HttpRequest) -> bool:
    """htmx asks for a fragment, except when it restores history (then it needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _figure(data: selectors.ChartData, *, lane: str, window=None) -> dict:
    if data.events is not None:
        return timeline_figure(events=data.events, lane=lane, window=window)
    return timeline_figure(events=data.buckets or [], lane=lane, total=data.total, window=window)


def _timeline_context(request: HttpRequest) -> tuple[dict, int]:
    """Filters, list page, counts and figure for the timeline; status 400 when a filter is malformed."""
    form, filters = parse_filters(request.GET)
    context: dict = {
        "form": form,
        "filters": filters,
        "querystring": "",
        "events_prefix": reverse("event_detail", args=[0]).removesuffix("0/"),
    }
    if filters is None:
        # Bad filter values: say which, show nothing rather than guess (400 so scripts notice too).
        context.update(page=None, counts=None, chart=None, figure=empty_figure(message="Fix the filters to see events."))
        return context, 400
    counts = selectors.event_counts(filters=filters, user=request.user)
    paginator = Paginator(selectors.events_for_timeline(filters=filters, user=request.user), PAGE_SIZE)
    paginator.count = counts["total"]  # known already: spare the archive a second COUNT(*)
    page = paginator.get_page(request.GET.get("page"))
    chart = selectors.chart_data(filters=filters, user=request.user, counts=counts)
    context.update(
        page=page,
        chart=chart,
        counts=counts,
        figure=_figure(chart, lane=filters.lane),
        querystring=filters.querystring(),
    )
    return context, 200


@require_safe
@vary_on_headers("HX-Request")
def index(request: HttpRequest) -> HttpResponse:
    context, status = _timeline_context(request)
    template = "timeline/index.html#results" if _partial(request) else "timeline/index.html"
    return render(request, template, context, status=status)


@require_safe
@vary_on_headers("HX-Request")
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A shareable drill-down: the timeline page with this event's sources open (fragment for htmx)."""
    event = selectors.event_detail(pk=pk, user=request.user)
    if _partial(request):
        return render(request, "timeline/event_detail.html#drilldown", {"event": event})
    context, status = _timeline_context(request)
    context["event"] = event
    return render(request, "timeline/index.html", context, status=status)


@require_safe
@vary_on_headers("HX-Request")
def event_sources(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_detail(pk=pk, user=request.user)
    return render(request, "timeline/event_detail.html#drilldown", {"event": event})


@require_safe
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_detail(pk=pk, user=request.user)
    return render(request, "timeline/article_detail.html", {"article": article})


@require_safe
def chart_window(request: HttpRequest) -> JsonResponse:
    """The figure for a zoomed window (start..end plus the page's filters): events, or counts when too many."""
    form, filters = parse_filters(request.GET)
    if filters is None:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    chart = selectors.chart_data(filters=filters, user=request.user)
    window = (filters.start, filters.end) if filters.start and filters.end else None
    return JsonResponse(_figure(chart, lane=filters.lane, window=window))

"""Staff-only ingestion page: the form in, the events found out (htmx swaps just the panel)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from timeline.ingestion.forms import IngestForm
from timeline.services import IngestError, article_ingest

_SERVICE_FIELDS = {"title", "outlet", "url", "published"}


@vary_on_headers("HX-Request")
def ingest(request: HttpRequest) -> HttpResponse:
    """GET shows the form; POST ingests one article and shows the events it created or joined."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_staff:
        raise PermissionDenied("Only staff can ingest articles.")

    result = None
    status = 200
    if request.method == "POST":
        form = IngestForm(request.POST, request.FILES)
        if form.is_valid():
            text, fmt, text_field = form.source()
            try:
                result = article_ingest(
                    text=text, fmt=fmt, title=form.cleaned_data["title"], outlet=form.cleaned_data["outlet"],
                    url=form.cleaned_data["url"], published=form.cleaned_data["published"],
                )
            except IngestError as exc:
                form.add_error(exc.field if exc.field in _SERVICE_FIELDS else text_field, exc.message)
        if result is not None:
            form = IngestForm()
        elif not request.htmx:
            status = 400  # htmx only swaps 2xx responses; full-page posts get an honest status
    elif request.method == "GET":
        form = IngestForm()
    else:
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})

    context = {"form": form, "result": result}
    template = "timeline/ingest.html#panel" if request.htmx else "timeline/ingest.html"
    return render(request, template, context, status=status)

"""Error pages that say what went wrong: a request too large for Django's guard never reaches a form."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponseBadRequest
from django.template import loader

from timeline.ingestion.decoding import human_size


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponseBadRequest:
    """400: name the size limit when the body was too large (e.g. 10 MB pasted into the ingest form)."""
    context = {
        "too_large": isinstance(exception, RequestDataTooBig),
        "limit": human_size(settings.TIMELINE_MAX_UPLOAD_BYTES),
    }
    # htmx swaps this into the page it came from: send only the message, not a second page.
    template = "400.html#message" if request.headers.get("HX-Request") else "400.html"
    return HttpResponseBadRequest(loader.render_to_string(template, context, request=request))

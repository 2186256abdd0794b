"""Scaffold: replaced by the owner of this module."""
from django.http import HttpResponse


def ingest(request, **kwargs):
    return HttpResponse(status=501)

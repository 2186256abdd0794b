"""Scaffold: replaced by the owner of this module."""
from django.http import HttpResponse


def events_json(request, **kwargs):
    return HttpResponse(status=501)


def events_csv(request, **kwargs):
    return HttpResponse(status=501)


def events_ics(request, **kwargs):
    return HttpResponse(status=501)


def timelinejs_json(request, **kwargs):
    return HttpResponse(status=501)

"""Scaffold: replaced by the owner of this module."""
from django.http import HttpResponse


def index(request, **kwargs):
    return HttpResponse(status=501)


def event_detail(request, **kwargs):
    return HttpResponse(status=501)


def event_sources(request, **kwargs):
    return HttpResponse(status=501)


def article_detail(request, **kwargs):
    return HttpResponse(status=501)


def chart_window(request, **kwargs):
    return HttpResponse(status=501)

"""URL routes: the public timeline, drill-downs, exports, staff ingestion and the admin."""

from django.contrib import admin
from django.urls import path

from timeline.views import exports, ingest, pages

urlpatterns = [
    path("", pages.index, name="index"),
    path("events/<int:pk>/", pages.event_detail, name="event_detail"),
    path("events/<int:pk>/sources/", pages.event_sources, name="event_sources"),
    path("articles/<int:pk>/", pages.article_detail, name="article_detail"),
    path("chart/window/", pages.chart_window, name="chart_window"),
    path("api/events.json", exports.events_json, name="api_events"),
    path("export/events.csv", exports.events_csv, name="export_csv"),
    path("export/events.ics", exports.events_ics, name="export_ics"),
    path("export/timelinejs.json", exports.timelinejs_json, name="export_timelinejs"),
    path("ingest/", ingest.ingest, name="ingest"),
    path("admin/", admin.site.urls),
]

handler400 = "timeline.views.errors.bad_request"

"""manage.py export_events prints the export contract as JSON, filtered by status."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from timeline.models import Event
from timeline.services import article_ingest, events_set_status

pytestmark = pytest.mark.django_db


def export(*args) -> list[dict]:
    out = StringIO()
    call_command("export_events", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def seed(seed_text, seed_published, seed_manifest):
    return article_ingest(text=seed_text, published=seed_published, title=seed_manifest[0]["title"],
                          outlet=seed_manifest[0]["outlet"], url="https://example.org/independent")


def test_exports_every_event_with_its_sources(seed):
    records = export("--format", "json")
    assert len(records) == Event.objects.count() == 6
    assert [r["earliest"] for r in records] == sorted(r["earliest"] for r in records)
    second = next(r for r in records if r["label"] == "late February 2019")
    assert second["title"] == "Second Trump–Kim summit"
    assert (second["kind"], second["modality"], second["status"], second["precision"]) == (
        "summit", "scheduled", "candidate", "month")
    assert second["latest"] == "2019-02-28"
    assert [s["expression"] for s in second["sources"]] == ["late February", "the end of February"]
    source = second["sources"][0]
    assert source["published"] == "2019-01-24"
    assert source["outlet"] == "The Independent"
    assert source["url"] == "https://example.org/independent"
    assert source["sentence"].startswith("The White House said last week")
    assert source["value"] == "2019-02"


def test_status_filter(seed):
    statements = Event.objects.filter(kind="statement")
    events_set_status(events=statements, status="approved")
    approved = export("--status", "approved")
    assert {r["kind"] for r in approved} == {"statement"} and len(approved) == 3
    assert len(export("--status", "candidate")) == 3
    assert export("--status", "rejected") == []
    assert len(export("--status", "any")) == 6


def test_empty_archive_is_an_empty_array():
    assert export() == []


def test_unknown_status_is_refused():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("export_events", "--status", "published", stdout=StringIO(), stderr=StringIO())

"""fixtures/demo.json loads into an empty database and is exactly what ingesting seeds/ produces, curated."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command

from timeline.models import Actor, Article, Event, Mention, Place, Topic

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "demo.json"
MANIFEST = ROOT / "seeds" / "manifest.json"
REBUILD = "rebuild it with `.venv/bin/python seeds/build_demo_fixture.py`"

_spec = importlib.util.spec_from_file_location("build_demo_fixture", ROOT / "seeds" / "build_demo_fixture.py")
build_demo_fixture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_demo_fixture)


@pytest.fixture(scope="module")
def fixture_objects() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def manifest() -> list[dict]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def test_fixture_holds_only_timeline_data(fixture_objects):
    """No users, sessions or permissions travel with the demo."""
    assert fixture_objects
    assert {obj["model"].split(".")[0] for obj in fixture_objects} == {"timeline"}


def test_fixture_has_one_article_per_manifest_entry(fixture_objects, manifest):
    titles = sorted(o["fields"]["title"] for o in fixture_objects if o["model"] == "timeline.article")
    assert titles == sorted(entry["title"] for entry in manifest)


def test_demo_loads_into_an_empty_database(db):
    """`manage.py loaddata demo` (what `make demo` runs) gives a curated archive with sourced events."""
    assert not Article.objects.exists() and not Event.objects.exists()
    call_command("loaddata", "demo", verbosity=0)
    assert Article.objects.count() > 0 and Mention.objects.count() > 0
    approved = Event.objects.filter(status="approved")
    assert approved.count() >= 10
    for event in approved.prefetch_related("mentions"):
        # Every approved event is backed by its sources, and the denormalised count agrees.
        assert event.source_count == len(event.mentions.all()) >= 1, event
    # The demo's point: events merged across articles, shown with several sources.
    assert approved.filter(source_count__gte=2).count() >= 3
    assert Event.objects.filter(status="rejected").exists()  # curation happened


def test_demo_loads_twice_without_duplicates(db):
    """Running `make demo` again reloads the same rows instead of failing or duplicating."""
    call_command("loaddata", "demo", verbosity=0)
    counts = (Article.objects.count(), Mention.objects.count(), Event.objects.count())
    call_command("loaddata", "demo", verbosity=0)
    assert (Article.objects.count(), Mention.objects.count(), Event.objects.count()) == counts


@pytest.mark.slow
def test_demo_matches_a_fresh_ingest_of_the_seeds(db, fixture_objects):
    """Ingesting seeds/ and applying the scripted curation gives exactly the fixture's rows."""
    call_command("ingest", "--manifest", str(MANIFEST), verbosity=0)
    stale_notes: list[str] = []
    build_demo_fixture.curate(warn=stale_notes.append)
    assert not stale_notes, f"update CURATION in seeds/build_demo_fixture.py: {stale_notes}"
    fresh = json.loads(
        serializers.serialize(
            "json",
            [
                *Actor.objects.all(), *Place.objects.all(), *Topic.objects.all(),
                *Article.objects.all(), *Event.objects.all(), *Mention.objects.all(),
            ],
        )
    )
    expected = build_demo_fixture.fingerprint(fresh)
    actual = build_demo_fixture.fingerprint(fixture_objects)
    # Same articles by content hash, same mention values, same events (sources, date ranges, curation).
    assert actual["articles"] == expected["articles"], f"fixture articles differ from the seeds; {REBUILD}"
    assert actual["mentions"] == expected["mentions"], f"tagger output changed; {REBUILD}"
    assert actual["events"] == expected["events"], f"event extraction, merging or curation changed; {REBUILD}"


def test_demo_is_fully_curated(fixture_objects):
    """No candidates left; every approved event has a known kind and at least one actor."""
    events = build_demo_fixture.fingerprint(fixture_objects)["events"]
    assert {record["status"] for record in events.values()} == {"approved", "rejected"}
    for record in events.values():
        if record["status"] == "approved":
            assert record["kind"] != "other" and record["actors"], record

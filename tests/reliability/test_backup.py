"""Backup and restore: dumpdata -> empty database -> loaddata gives back the same archive."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command

from timeline.models import Actor, Article, Event, Mention, Status
from timeline.services import article_ingest, events_set_status

# The documented backup command (README "Guarantees"): everything except rows Django rebuilds itself.
DUMP_ARGS = ["--natural-foreign", "--natural-primary", "-e", "contenttypes", "-e", "auth.permission", "-e", "sessions"]

SECOND = (
    "Trump and Kim to meet in Hanoi\n\n"
    "The White House said on Friday that Donald Trump will meet Kim Jong-un in Hanoi on 27 and 28 February. "
    "The two leaders first met in Singapore on 12 June 2018, where they signed a joint statement.\n"
)


def export_events() -> list[dict]:
    out = io.StringIO()
    call_command("export_events", stdout=out)
    return json.loads(out.getvalue())


def dump(path) -> list[dict]:
    call_command("dumpdata", *DUMP_ARGS, "--indent", "1", "-o", str(path))
    return json.loads(path.read_text(encoding="utf-8"))


# transaction=True: flush and loaddata need real commits; serialized_rollback puts the gazetteer
# rows (a data migration) back for the tests that run after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dumpdata_flush_loaddata_round_trips_the_archive(tmp_path, seed_text, seed_published, staff_user):
    """Export before == export after a restore into an emptied database, and the restored archive keeps working."""
    article_ingest(text=seed_text, published=seed_published, title="Kim enjoys Trump letter", outlet="The Independent")
    article_ingest(text=SECOND, published=datetime.date(2019, 2, 9), title="Hanoi summit set", outlet="Wire")
    events = list(Event.objects.order_by("id"))
    assert len(events) >= 3, "the seed articles should give several events"
    events_set_status(events=events[::2], status=Status.APPROVED)
    events_set_status(events=events[1:2], status=Status.REJECTED)

    before = export_events()
    assert {e["status"] for e in before} == {"approved", "rejected", "candidate"}
    assert sum(len(e["sources"]) for e in before) >= len(before)
    backup = dump(tmp_path / "backup.json")

    call_command("flush", "--no-input")
    assert Article.objects.count() == Event.objects.count() == Mention.objects.count() == Actor.objects.count() == 0

    call_command("loaddata", str(tmp_path / "backup.json"))
    assert export_events() == before
    # Every row of every model, not only what the export shows, is back as it was.
    assert dump(tmp_path / "restored.json") == backup
    # Login still works for the curator, and new ingestion continues after the restored ids.
    assert json.dumps(backup).count('"model": "auth.user"') == 1
    next_id = Article.objects.order_by("-id").first().id
    more = article_ingest(
        text="On 30 June 2019 Donald Trump met Kim Jong-un at the DMZ.", published="2019-07-01", title="DMZ", outlet="Wire"
    )
    assert more.created and more.article.id > next_id

#!/usr/bin/env python
"""Rebuild fixtures/demo.json: ingest every seed into a fresh SQLite database, curate, dump.

    .venv/bin/python seeds/build_demo_fixture.py            # writes fixtures/demo.json
    .venv/bin/python seeds/build_demo_fixture.py --check    # exit 1 if the fixture is stale

Run it again whenever the tagger or the ingestion improve; tests/test_demo_fixture.py fails when the
fixture no longer matches a fresh ingest plus this curation. Curation is code, not hand edits, so it
is reproducible: a rule (an event is approved when it has a known kind, not "other", and at least one
actor from the gazetteer; everything else is rejected), then the editor's notes in CURATION below,
each naming an event by one of its sources: (manifest file, time expression or a part of it, phrase of
the sentence), so a note survives the tagger widening a span ("the year" -> "the end of the year").
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "seeds" / "manifest.json"
OUTPUT = ROOT / "fixtures" / "demo.json"

# What an editor did in the admin after the rule, with why. "status" goes through the same service as the
# admin's approve/reject actions; "title", "kind" and "actors" are the edits an editor makes on the form.
CURATION: list[dict] = [
    {
        "source": ("demo-2018-04-28-panmunjom-summit.txt", "the start of this month", "travelled secretly"),
        "why": "Pompeo's secret trip: the sentence also mentions the Trump-Kim meeting it prepared.",
        "status": "approved",
        "title": "Pompeo's secret visit to Pyongyang",
        "kind": "visit",
        "actors": ["Mike Pompeo", "Kim Jong-un"],
    },
    {
        "source": ("demo-2018-05-10-pompeo-pyongyang.txt", "the start of April", "His first trip"),
        "why": "The same secret trip, dated in a later brief; no actor named in its sentence.",
        "status": "approved",
        "title": "Pompeo's secret visit to Pyongyang",
        "kind": "visit",
        "actors": ["Mike Pompeo", "Kim Jong-un"],
    },
    {
        "source": ("demo-2018-04-28-panmunjom-summit.txt", "Thursday", "sworn in"),
        "why": "Being sworn in is not a diplomatic event.",
        "status": "rejected",
    },
    {
        "source": ("demo-2018-05-10-pompeo-pyongyang.txt", "22 May", "due at the White House"),
        "why": "Moon's White House visit, the expected summit and the cancellation lumped into one summit.",
        "status": "rejected",
    },
    {
        "source": ("demo-2018-05-10-pompeo-pyongyang.txt", "Wednesday", "spent more than an hour"),
        "why": "'Spent ... on Wednesday' is last Wednesday (9 May, its own event), not next Wednesday.",
        "status": "rejected",
    },
    {
        "source": ("demo-2018-05-10-pompeo-pyongyang.txt", "Wednesday", "left Pyongyang"),
        "why": "A secretary of state's talks are a visit, not a summit.",
        "title": "Pompeo's second visit to Pyongyang; three detained Americans freed",
        "kind": "visit",
    },
    {
        "source": ("demo-2018-06-02-kim-yong-chol-letter.txt", "2000", "since 2000"),
        "why": "A historical aside (the 2000 visit), not part of this story.",
        "status": "rejected",
    },
    {
        "source": ("demo-2018-06-02-kim-yong-chol-letter.txt", "Friday", "go ahead in Singapore"),
        "why": "The day Kim Yong Chol handed over Kim's letter and the summit was back on.",
        "title": "Kim Yong Chol delivers Kim's letter at the White House; summit back on",
        "kind": "letter",
        "actors": ["Donald Trump", "Kim Yong Chol", "Kim Jong-un"],
    },
    {
        "source": ("demo-2018-06-02-kim-yong-chol-letter.txt", "24 May", "cancelled it in a letter"),
        "why": "Clearer title.",
        "title": "Trump cancels the Singapore summit in a letter to Kim",
    },
    {
        "source": ("demo-2018-09-21-pyongyang-summit.txt", "Thursday", "returned to Seoul"),
        "why": "Moon returning home is the end of the Pyongyang summit, not a summit in Seoul.",
        "status": "rejected",
    },
    {
        "source": ("demo-2018-09-21-pyongyang-summit.txt", "the year", "near future"),
        "why": "'Could mean before the end of the year': too vague to place on a timeline.",
        "status": "rejected",
    },
    {
        "source": ("demo-2018-09-21-pyongyang-summit.txt", "Wednesday", "Pyongyang Joint Declaration"),
        "why": "Name the agreement and both signatories.",
        "title": "Pyongyang Joint Declaration signed",
        "actors": ["Moon Jae-in", "Kim Jong-un"],
    },
    {
        "source": ("demo-2019-03-01-hanoi-no-deal.txt", "Thursday", "no agreement"),
        "why": "Hanoi ended with *no* agreement; the summit itself is its own event.",
        "status": "rejected",
    },
    {
        "source": ("demo-2019-07-01-dmz-meeting.txt", "Saturday", "invited Mr Kim"),
        "why": "Trump's tweeted invitation, read as a summit the day before the DMZ meeting.",
        "status": "rejected",
    },
    {
        "source": ("demo-2019-07-01-dmz-meeting.txt", "Sunday", "first sitting American president"),
        "why": "The usual name of this meeting.",
        "title": "Trump and Kim meet at the DMZ (Panmunjom)",
    },
    {
        "source": ("demo-2019-10-06-stockholm-talks.txt", "Saturday", "broke down in Stockholm"),
        "why": "Working-level talks between delegations, not Kim Jong-un himself.",
        "title": "US–North Korea working-level talks in Stockholm break down",
        "actors": ["North Korea", "United States"],
    },
    # Merges: the extractor kept these apart, an editor sees they are one event.
    {
        "source": ("demo-2018-06-02-kim-yong-chol-letter.txt", "Friday", "go ahead in Singapore"),
        "merge": [("demo-2019-01-19-second-summit-announced.txt", "last June", "also brought a letter")],
        "why": "'Brought a letter ... last June' is the 1 June delivery.",
    },
    {
        "source": ("demo-2019-01-19-second-summit-announced.txt", "Friday", "The White House said on Friday"),
        "merge": [("demo-2019-03-01-hanoi-no-deal.txt", "January", "visited the White House")],
        "why": "Kim Yong Chol's January visit is the day the second summit was announced.",
        "title": "Kim Yong Chol at the White House; second summit announced for late February",
        "kind": "visit",
        "actors": ["Donald Trump", "Kim Yong Chol"],
    },
    {
        "source": ("demo-2019-05-10-missile-tests.txt", "last month", "speech to the North's parliament"),
        "merge": [("demo-2019-10-06-stockholm-talks.txt", "April", "Supreme People's Assembly")],
        "why": "Both sources describe Kim's April speech to the assembly.",
        "title": "Kim gives the US until the end of the year, in a speech to the Supreme People's Assembly",
        "actors": ["Kim Jong-un", "United States"],
    },
    # Titles an editor would write; the generated ones name only kind and actors.
    {
        "source": ("demo-2018-04-28-panmunjom-summit.txt", "the evening", "Panmunjom Declaration"),
        "title": "Panmunjom Declaration signed",
        "actors": ["Moon Jae-in", "Kim Jong-un"],
    },
    {"source": ("demo-2018-04-28-panmunjom-summit.txt", "Friday", "welcomed the outcome"),
     "title": "Trump welcomes the Panmunjom summit"},
    {"source": ("demo-2018-09-21-pyongyang-summit.txt", "Tuesday", "arrived on Tuesday"),
     "title": "Moon in Pyongyang for the third inter-Korean summit", "actors": ["Moon Jae-in", "Kim Jong-un"]},
    {"source": ("demo-2018-06-02-kim-yong-chol-letter.txt", "26 May", "unannounced meeting"),
     "title": "Second, unannounced Moon–Kim meeting at Panmunjom"},
    {"source": ("demo-2018-09-21-pyongyang-summit.txt", "next week", "in New York next week"),
     "title": "Moon to meet Trump in New York", "actors": ["Moon Jae-in", "Donald Trump"]},
    {"source": ("demo-2019-01-19-second-summit-announced.txt", "1 January", "New Year address"),
     "title": "Kim's New Year address warns of a 'new path'"},
    {"source": ("demo-2019-01-19-second-summit-announced.txt", "this weekend", "travel to Sweden"),
     "title": "Biegun to meet North Korean diplomats in Sweden", "actors": ["Stephen Biegun", "North Korea"]},
    {"source": ("independent-kim-trump-letter.txt", "Thursday", "series of tweets"),
     "title": "Trump defends the first summit's results on Twitter"},
    {"source": ("demo-2019-05-10-missile-tests.txt", "Thursday", "test-fired two short-range missiles"),
     "title": "North Korea test-fires two short-range missiles", "actors": ["North Korea"]},
    {"source": ("demo-2019-05-10-missile-tests.txt", "Last Saturday", "Hodo peninsula"),
     "title": "Rockets and a short-range missile fired near Wonsan"},
    {"source": ("demo-2019-05-10-missile-tests.txt", "November 2017", "intercontinental ballistic missile"),
     "title": "North Korea's last ICBM test before the talks"},
    {"source": ("demo-2019-05-10-missile-tests.txt", "April last year", "moratorium"),
     "title": "Kim announces a halt to nuclear and long-range missile tests"},
    {"source": ("demo-2019-05-10-missile-tests.txt", "Thursday", "nobody was happy"),
     "title": "Trump: nobody is happy about the tests"},
    {"source": ("demo-2019-07-01-dmz-meeting.txt", "the end of this year", "until the end of this year"),
     "title": "Kim's end-of-year deadline for a better US offer", "actors": ["Kim Jong-un", "United States"]},
    {"source": ("demo-2019-10-06-stockholm-talks.txt", "Wednesday", "submarine-launched"),
     "title": "North Korea tests a submarine-launched ballistic missile"},
]


def fingerprint(objects: list[dict]) -> dict:
    """What a fixture says, without database ids or timestamps: comparable across builds and databases.

    objects are Django serializer dicts (dumpdata JSON). Articles are keyed by content hash, mentions by
    (content hash, span), events by the set of mentions that back them.
    """
    by_model: dict[str, list[dict]] = {}
    for obj in objects:
        by_model.setdefault(obj["model"], []).append(obj)
    articles = {o["pk"]: o["fields"] for o in by_model.get("timeline.article", [])}
    names = {
        model: {o["pk"]: o["fields"]["name"] for o in by_model.get(f"timeline.{model}", [])}
        for model in ("actor", "place", "topic")
    }
    mentions: dict[tuple, dict] = {}
    backing: dict[int, list[tuple]] = {}
    for o in by_model.get("timeline.mention", []):
        f = o["fields"]
        key = (articles[f["article"]]["content_hash"], f["start"], f["end"])
        mentions[key] = {k: f[k] for k in ("expression", "timex_type", "value", "mod", "earliest", "latest", "precision")}
        if f["event"] is not None:
            backing.setdefault(f["event"], []).append(key)
    events = {}
    for o in by_model.get("timeline.event", []):
        f = o["fields"]
        record = {k: f[k] for k in ("title", "kind", "modality", "status", "earliest", "latest", "precision", "label")}
        record["place"] = names["place"].get(f["place"]) if f["place"] else None
        record["actors"] = sorted(names["actor"][pk] for pk in f["actors"])
        record["topics"] = sorted(names["topic"][pk] for pk in f["topics"])
        record["source_count"] = f["source_count"]
        events[tuple(sorted(backing.get(o["pk"], [])))] = record
    return {
        "articles": {f["content_hash"]: (f["title"], f["published"], f["outlet"]) for f in articles.values()},
        "mentions": mentions,
        "events": events,
    }


def rule_status(*, kind: str, actor_count: int) -> str:
    """The curation rule: keep events we can classify and attribute, reject the rest."""
    return "approved" if kind != "other" and actor_count > 0 else "rejected"


def _source_event(titles: dict[str, str], source: tuple[str, str, str]):
    """The event backed by the mention a curation note names, or None when no such mention/event exists."""
    from timeline.models import Mention

    file, expression, phrase = source
    mention = (
        Mention.objects.filter(article__title=titles[file], expression__contains=expression, sentence__contains=phrase)
        .select_related("event")
        .first()
    )
    return mention.event if mention is not None else None


def curate(*, warn=print) -> dict[str, int]:
    """Apply the editor's notes (merges, edits), then the rule, then the notes' explicit statuses."""
    from django.db import transaction
    from django.db.models import Count

    from timeline import services
    from timeline.models import Actor, Event

    titles = {entry["file"]: entry["title"] for entry in json.loads(MANIFEST.read_text(encoding="utf-8"))}
    with transaction.atomic():
        forced: dict[int, str] = {}
        applied = 0
        for note in CURATION:
            event = _source_event(titles, note["source"])
            if event is None:
                # The tagger or extractor changed under this note: say so and let the rule decide.
                warn(f"warning: stale curation note {note['source']}")
                continue
            for merge_source in note.get("merge", []):
                other = _source_event(titles, merge_source)
                if other is None:
                    warn(f"warning: stale curation note (merge) {merge_source}")
                elif other.pk != event.pk:
                    event = services.events_merge(events=[event, other])
            changes = {k: note[k] for k in ("title", "kind") if k in note}
            if changes:
                Event.objects.filter(pk=event.pk).update(**changes)
            if "actors" in note:
                event.actors.set(Actor.objects.filter(name__in=note["actors"]))
            if "status" in note:
                forced[event.pk] = note["status"]
            applied += 1
        statuses = {
            e.pk: forced.get(e.pk) or rule_status(kind=e.kind, actor_count=e.n_actors)
            for e in Event.objects.annotate(n_actors=Count("actors"))
        }
        for status in ("approved", "rejected"):
            chosen = [pk for pk, s in statuses.items() if s == status]
            services.events_set_status(events=Event.objects.filter(pk__in=chosen), status=status)
    values = list(statuses.values())
    return {"approved": values.count("approved"), "rejected": values.count("rejected"), "notes applied": applied}


def build(output: Path) -> dict[str, int]:
    """Migrate a throwaway SQLite database, ingest the manifest, curate, dump the timeline app."""
    import django
    from django.core.management import call_command

    django.setup()
    from timeline.models import Article, Event, Mention

    call_command("migrate", verbosity=0, interactive=False)
    call_command("ingest", "--manifest", str(MANIFEST), verbosity=0)
    counts = curate(warn=lambda message: print(message, file=sys.stderr))
    output.parent.mkdir(parents=True, exist_ok=True)
    call_command("dumpdata", "timeline", indent=1, output=str(output), verbosity=0)
    return {"articles": Article.objects.count(), "mentions": Mention.objects.count(),
            "events": Event.objects.count(), **counts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the fixture")
    parser.add_argument("--check", action="store_true", help="build to a temp file and compare instead of writing")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="demo-fixture-") as tmp:
        # A fresh database every time, whatever DATABASE_URL the caller has set.
        os.environ.pop("DATABASE_URL", None)
        os.environ["TIMELINE_SQLITE_PATH"] = str(Path(tmp) / "demo.sqlite3")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "timeline.settings")
        sys.path.insert(0, str(ROOT))
        target = Path(tmp) / "demo.json" if args.check else args.output
        counts = build(target)
        print(", ".join(f"{v} {k}" for k, v in counts.items()))
        if args.check:
            fresh = fingerprint(json.loads(target.read_text(encoding="utf-8")))
            current = fingerprint(json.loads(args.output.read_text(encoding="utf-8")))
            if fresh != current:
                print(f"{args.output} is stale: run {Path(__file__).relative_to(ROOT)} to rebuild it.")
                return 1
            print(f"{args.output} matches a fresh build.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

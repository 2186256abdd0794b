"""Exports: JSON, CSV, iCalendar and TimelineJS downloads of the filtered timeline, read back with real parsers."""

from __future__ import annotations

import csv
import datetime
import io
import json

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.ui.factories import make_article, make_event
from timeline.views import exports

ALL = ["api_events", "export_csv", "export_ics", "export_timelinejs"]
FILENAMES = {
    "api_events": "diplomatic-timeline-events.json",
    "export_csv": "diplomatic-timeline-events.csv",
    "export_ics": "diplomatic-timeline-events.ics",
    "export_timelinejs": "diplomatic-timeline-timelinejs.json",
}


def body(response) -> str:
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def titles(name: str, text: str) -> list[str]:
    """The event titles in an export, in file order, read with the format's own parser."""
    if name == "api_events":
        return [r["title"] for r in json.loads(text)]
    if name == "export_csv":
        return [r["title"].removeprefix("'") for r in csv.DictReader(io.StringIO(text))]
    if name == "export_ics":
        return [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(text).walk("VEVENT")]
    # TimelineJS headlines are HTML; unescape for comparison.
    import html

    return [html.unescape(e["text"]["headline"]) for e in json.loads(text)["events"]]


def get(client, name: str, **params):
    return client.get(reverse(name), params)


@pytest.mark.parametrize("name", ALL)
def test_download_is_an_attachment_with_a_filename_and_streams(client, archive, name):
    response = get(client, name)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{FILENAMES[name]}"'
    assert response.streaming
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("name", ALL)
def test_anonymous_gets_approved_events_only_in_timeline_order(client, archive, name):
    got = titles(name, body(get(client, name)))
    assert got == ["Kim receives Trump letter", "Second Trump-Kim summit", archive["hostile"].title]


@pytest.mark.parametrize("name", ALL)
def test_non_staff_cannot_ask_for_candidates_but_staff_can(client, user_client, archive, name, django_user_model):
    # Regression guard: the status filter is a staff tool; a reader asking for it still sees approved only.
    got = titles(name, body(user_client.get(reverse(name), {"status": ["candidate", "rejected"]})))
    assert "Unreviewed rumour of talks" not in got and "Wrongly extracted event" not in got
    staff = django_user_model.objects.create_user(username="ed", password="x-pass-123456", is_staff=True)
    client.force_login(staff)
    got = titles(name, body(client.get(reverse(name), {"status": ["candidate"]})))
    assert got == ["Unreviewed rumour of talks"]


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kind": "summit"}, ["Second Trump-Kim summit"]),
        ({"kind": ["summit", "letter"]}, ["Kim receives Trump letter", "Second Trump-Kim summit"]),
        ({"start": "2019-02", "end": "2019-03"}, ["Second Trump-Kim summit"]),
        ({"end": "2019-01-15"}, ["Kim receives Trump letter"]),
        ({"modality": "scheduled"}, ["HOSTILE"]),
        ({"topic": "sanctions"}, ["Kim receives Trump letter"]),
        ({"q": "Hanoi"}, ["Second Trump-Kim summit"]),
        ({"start": "2030"}, []),
    ],
)
def test_exports_apply_the_page_filters(client, archive, name, params, expected):
    expected = [archive["hostile"].title if t == "HOSTILE" else t for t in expected]
    assert titles(name, body(get(client, name, **params))) == expected


@pytest.mark.parametrize("name", ALL)
def test_actor_filter(client, archive, name):
    kim = archive["letter"].actors.get()
    assert titles(name, body(get(client, name, actor=kim.pk))) == ["Kim receives Trump letter", "Second Trump-Kim summit"]


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize(
    "params, field",
    [
        ({"start": "yesterday"}, "start"),
        ({"end": "2019-13"}, "end"),
        ({"start": "2019-03", "end": "2019-01"}, "end"),
        ({"kind": "picnic"}, "kind"),
        ({"modality": "'; DROP TABLE"}, "modality"),
        ({"actor": "abc"}, "actor"),
        ({"actor": "999999"}, "actor"),
        ({"topic": "no-such-topic"}, "topic"),
    ],
)
def test_garbage_filters_get_400_naming_the_parameter(client, archive, name, params, field):
    response = get(client, name, **params)
    assert response.status_code == 400
    text = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        data = json.loads(text)
        assert field in data["fields"] and data["fields"][field][0]
    else:
        assert f"- {field}: " in text


@pytest.mark.parametrize("name", ALL)
def test_post_is_refused(client, archive, name):
    assert client.post(reverse(name)).status_code == 405


@pytest.mark.parametrize("name", ALL)
def test_fixed_number_of_queries_whatever_the_number_of_events(client, archive, name):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            body(get(client, name))
        return len(ctx.captured_queries)

    before = count()
    article = make_article(title="More news")
    for day in range(1, 16):
        make_event(title=f"Extra {day}", earliest=datetime.date(2020, 1, day), actors=("A", "B"), topics=("T",),
                   mentions=[(article, f"It happened on January {day}.", f"January {day}")])
    assert count() == before <= 5


@pytest.mark.parametrize("name", ALL)
def test_large_exports_are_fetched_in_chunks_and_keep_order(client, archive, name, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_CHUNK", 2)
    assert titles(name, body(get(client, name))) == [
        "Kim receives Trump letter", "Second Trump-Kim summit", archive["hostile"].title,
    ]


# --- JSON -------------------------------------------------------------------------------------------

def test_json_is_the_export_record_with_sources_by_publication_date(client, archive):
    records = json.loads(body(get(client, "api_events", kind="summit")))
    assert len(records) == 1
    rec = records[0]
    assert rec["id"] == archive["hanoi"].pk
    assert rec["earliest"] == "2019-02-27" and rec["latest"] == "2019-02-28" and rec["precision"] == "day"
    assert rec["place"] == "Hanoi" and sorted(rec["actors"]) == ["Donald Trump", "Kim Jong-un"]
    assert rec["topics"] == ["Denuclearisation"] and rec["status"] == "approved"
    assert [s["expression"] for s in rec["sources"]] == ["late February", "February 27 and 28"]
    assert [s["published"] for s in rec["sources"]] == ["2019-01-19", "2019-03-01"]


def test_empty_result_is_an_empty_json_array(client, archive):
    assert json.loads(body(get(client, "api_events", start="2099"))) == []


# --- CSV --------------------------------------------------------------------------------------------

def test_csv_has_one_row_per_event_with_joined_lists_and_first_source(client, archive):
    rows = list(csv.DictReader(io.StringIO(body(get(client, "export_csv")))))
    hanoi = next(r for r in rows if r["id"] == str(archive["hanoi"].pk))
    assert hanoi["actors"] in ("Donald Trump; Kim Jong-un", "Kim Jong-un; Donald Trump")
    assert hanoi["sources"] == "2"
    # The first source is the earliest published one.
    assert hanoi["first_source_url"] == "https://example.org/early"
    assert hanoi["label"] == "February 27 and 28, 2019" and hanoi["place"] == "Hanoi"


def test_csv_neutralises_formula_cells(client, archive):
    rows = list(csv.DictReader(io.StringIO(body(get(client, "export_csv", modality="scheduled")))))
    (row,) = rows
    # A title starting with "=" and an actor starting with "-" would run as formulas in a spreadsheet.
    assert row["title"] == "'" + archive["hostile"].title
    assert row["actors"] == "'-Someone"
    assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values())


@pytest.mark.parametrize(
    "value, expected",
    [("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-1", "'-1"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
     ("plain", "plain"), ("a=b", "a=b"), (3, 3), ("", "")],
)
def test_csv_safe(value, expected):
    from timeline.export_formats import csv_safe

    assert csv_safe(value) == expected


# --- iCalendar --------------------------------------------------------------------------------------

def test_ics_events_are_all_day_with_exclusive_end_uid_and_sources(client, archive):
    cal = icalendar.Calendar.from_ical(body(get(client, "export_ics")))
    assert str(cal["VERSION"]) == "2.0" and "Diplomatic Timeline" in str(cal["PRODID"])
    by_uid = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(by_uid) == {f"event-{archive[k].pk}@diplomatic-timeline" for k in ("hanoi", "letter", "hostile")}
    hanoi = by_uid[f"event-{archive['hanoi'].pk}@diplomatic-timeline"]
    assert hanoi.decoded("DTSTART") == datetime.date(2019, 2, 27)
    assert hanoi.decoded("DTEND") == datetime.date(2019, 3, 1)  # exclusive: the day after Feb 28
    assert str(hanoi["SUMMARY"]) == "Second Trump-Kim summit"
    assert isinstance(hanoi.decoded("DTSTAMP"), datetime.datetime)
    description = str(hanoi["DESCRIPTION"])
    assert "February 27 and 28, 2019" in description
    assert description.index("Wire A") < description.index("Wire B")
    assert "https://example.org/early" in description
    assert str(hanoi["URL"]).endswith(f"/events/{archive['hanoi'].pk}/")
    letter = by_uid[f"event-{archive['letter'].pk}@diplomatic-timeline"]
    assert letter.decoded("DTEND") == datetime.date(2019, 2, 1)


def test_ics_keeps_hostile_text_as_text(client, archive):
    cal = icalendar.Calendar.from_ical(body(get(client, "export_ics", modality="scheduled")))
    (event,) = cal.walk("VEVENT")
    # Quotes, commas and newlines in titles/sentences survive the round trip (icalendar escapes them).
    assert str(event["SUMMARY"]) == archive["hostile"].title
    assert 'He said "<b>bold</b>" would happen this summer.' in str(event["DESCRIPTION"])


# --- TimelineJS -------------------------------------------------------------------------------------

def test_timelinejs_document_shape_and_dates_by_precision(client, archive):
    doc = json.loads(body(get(client, "export_timelinejs")))
    assert doc["title"]["text"]["headline"] == "Diplomatic Timeline"
    slides = {e["unique_id"]: e for e in doc["events"]}
    hanoi = slides[f"event-{archive['hanoi'].pk}"]
    assert hanoi["group"] == "summit"
    assert {k: hanoi["start_date"][k] for k in ("year", "month", "day")} == {"year": 2019, "month": 2, "day": 27}
    assert hanoi["end_date"] == {"year": 2019, "month": 2, "day": 28}
    assert hanoi["start_date"]["display_date"] == "February 27 and 28, 2019"
    letter = slides[f"event-{archive['letter'].pk}"]
    # Month precision: no invented day.
    assert "day" not in letter["start_date"] and letter["start_date"]["month"] == 1
    summer = slides[f"event-{archive['hostile'].pk}"]
    assert summer["start_date"]["month"] == 6 and summer["end_date"] == {"year": 2019, "month": 8}
    assert hanoi["text"]["text"].index("Wire A") < hanoi["text"]["text"].index("Wire B")
    assert '<a href="https://example.org/early">' in hanoi["text"]["text"]


def test_timelinejs_escapes_html_because_timelinejs_renders_it(client, archive):
    doc = json.loads(body(get(client, "export_timelinejs", modality="scheduled")))
    (slide,) = doc["events"]
    assert "<script" not in slide["text"]["headline"] and "&lt;script&gt;" in slide["text"]["headline"]
    text = slide["text"]["text"]
    assert "<b>" not in text and "&lt;b&gt;bold&lt;/b&gt;" in text
    # The source URL is javascript:, so no link is made for it.
    assert "javascript:" not in text


def test_timelinejs_filter_summary_is_escaped(client, archive):
    doc = json.loads(body(get(client, "export_timelinejs", q="<img src=x>")))
    assert doc["events"] == [] and "<img" not in doc["title"]["text"]["text"]

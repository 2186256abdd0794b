"""Injection: SQL-, template-, HTML-, CSV- and iCalendar-shaped text in every field and filter is only ever data."""

from __future__ import annotations

import csv
import datetime
import io
import json

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse

from timeline.models import Actor, Article, Event, Mention, Place, Status, Topic
from timeline.services import article_ingest

pytestmark = pytest.mark.django_db

SQL = "'; DROP TABLE timeline_event; --"
SQL2 = '" OR 1=1 --'
TEMPLATE = "{{ settings.SECRET_KEY }}"
TAG = "{% debug %}"
SCRIPT = "<script>alert('xss')</script>"
IMG = '<img src=x onerror="alert(1)">'
FORMULA = '=HYPERLINK("http://evil.example","click")'
ICS_BREAK = "Summit\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:forged"
HOSTILE = [SQL, SQL2, TEMPLATE, TAG, SCRIPT, IMG, FORMULA, "%s%n%x", "${7*7}", "../../etc/passwd", "\u202eevil"]


@pytest.fixture
def hostile_archive() -> dict:
    """An approved event whose every text field, actor, place, topic and source is hostile."""
    text = (
        f"On 12 June 2018, Kim Jong-un met Donald Trump in Singapore; aides wrote {SQL} on the menu.\n\n"
        f"Officials said on Wednesday that {TEMPLATE} and {TAG} talks would resume in late February.\n\n"
        f"In January 2019 a letter arrived reading {SCRIPT} {IMG} and {FORMULA}.\n"
    )
    result = article_ingest(
        text=text, published=datetime.date(2019, 1, 24), title=f"{SCRIPT} {SQL} {TEMPLATE}",
        outlet=f"{IMG} {TAG}", url="https://example.org/a?q=%27%3B%20DROP%20TABLE%20timeline_event%3B--%7B%7B",
    )
    assert result.created and Event.objects.exists()
    actor = Actor.objects.create(name=f"{SCRIPT} actor {SQL2}", aliases=TEMPLATE)
    place = Place.objects.create(name=f"{IMG} place")
    topic = Topic.objects.create(name=f"{TAG} topic {SCRIPT}", slug="hostile-topic")
    # Curators type titles and summaries: the same hostile strings, plus a CSV formula and an iCalendar break.
    Event.objects.update(status=Status.APPROVED, place=place)
    first = Event.objects.order_by("id").first()
    first.title = f"{FORMULA} {SCRIPT}"
    first.summary = f"{TEMPLATE} {IMG}"
    first.save()
    second = Event.objects.order_by("id")[1] if Event.objects.count() > 1 else first
    Event.objects.filter(pk=second.pk).update(title=ICS_BREAK)
    for event in Event.objects.all():
        event.actors.add(actor)
        event.topics.add(topic)
    return {"article": result.article, "event": first, "actor": actor, "topic": topic}


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_inert(response, *, html: bool) -> str:
    """Never a server error; no raw markup from the data in HTML; no template ever evaluated."""
    assert response.status_code in (200, 400), response.status_code
    content = body_of(response)
    assert settings.SECRET_KEY not in content
    if html:
        assert SCRIPT not in content
        assert IMG not in content
        assert "<script>alert" not in content
    return content


def table_counts() -> dict:
    return {m.__name__: m.objects.count() for m in (Article, Event, Mention, Actor, Place, Topic)}


def test_stored_hostile_text_is_shown_literally_on_every_page(client, hostile_archive):
    """Pages and fragments show hostile text escaped, i.e. as the characters the analyst typed."""
    event, article = hostile_archive["event"], hostile_archive["article"]
    pages = [
        (reverse("index"), {}),
        (reverse("index"), {"HX-Request": "true"}),
        (reverse("event_detail", args=[event.pk]), {}),
        (reverse("event_detail", args=[event.pk]), {"HX-Request": "true"}),
        (reverse("event_sources", args=[event.pk]), {"HX-Request": "true"}),
        (reverse("article_detail", args=[article.pk]), {}),
    ]
    for url, headers in pages:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        content = assert_inert(response, html=True)
        # Shown, escaped: the literal text is there (so the test cannot pass by showing nothing).
        assert "&lt;script&gt;alert(" in content, url
    detail = client.get(reverse("event_detail", args=[event.pk])).content.decode()
    assert "{{ settings.SECRET_KEY }}" in detail  # literal, never rendered as a template
    article_page = client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert "DROP TABLE timeline_event; --" in article_page


def test_chart_hover_text_is_escaped_for_plotly(client, hostile_archive):
    """Plotly renders hover text as HTML: the figure carries escaped titles, never raw tags."""
    response = client.get(reverse("chart_window"), {"start": "2018-01-01", "end": "2019-12-31"})
    assert response.status_code == 200
    figure = json.dumps(response.json())
    assert "<script" not in figure and "<img" not in figure
    assert "&lt;script&gt;" in figure


def test_exports_keep_hostile_text_as_data(client, hostile_archive):
    """CSV cells cannot run as formulas, iCalendar text cannot forge events, JSON is just JSON."""
    events = Event.objects.count()
    api = client.get(reverse("api_events"))
    assert api.status_code == 200
    assert api["Content-Type"].startswith("application/json")
    assert api["X-Content-Type-Options"] == "nosniff"
    records = json.loads(body_of(api))
    assert any(r["title"] == f"{FORMULA} {SCRIPT}" for r in records)  # stored and returned exactly

    rows = list(csv.reader(io.StringIO(body_of(client.get(reverse("export_csv"))))))
    cells = [cell for row in rows for cell in row]
    assert any(FORMULA in cell for cell in cells)
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells), "a cell would run as a formula"

    ics = body_of(client.get(reverse("export_ics")))
    calendar = icalendar.Calendar.from_ical(ics)
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == events, "a title broke out of its SUMMARY line and forged an event"
    assert not any(str(e.get("SUMMARY")) == "forged" for e in vevents)

    timelinejs = json.loads(body_of(client.get(reverse("export_timelinejs"))))
    dumped = json.dumps(timelinejs)
    assert "<script" not in dumped and "<img" not in dumped  # TimelineJS renders headlines as HTML


FILTER_PARAMS = ["start", "end", "kind", "modality", "actor", "topic", "q", "lane", "status", "page"]
LISTING_ROUTES = [
    ("index", True), ("chart_window", False), ("api_events", False), ("export_csv", False),
    ("export_ics", False), ("export_timelinejs", False),
]


@pytest.mark.parametrize(("route", "is_html"), LISTING_ROUTES, ids=[r for r, _ in LISTING_ROUTES])
def test_hostile_filter_values_are_400_or_literal_never_500(client, staff_user, hostile_archive, route, is_html):
    """Every filter parameter with every hostile string, for readers and staff: 200/400, tables intact."""
    before = table_counts()
    for who in ("reader", "staff"):
        if who == "staff":
            client.force_login(staff_user)
        # Staff differ from readers only in what status and text search may reach.
        for param in FILTER_PARAMS if who == "reader" else ["status", "q"]:
            for value in HOSTILE:
                # The htmx partial is the same template code; readers' requests cover it.
                for headers in ({}, {"HX-Request": "true"}) if is_html and who == "reader" else ({},):
                    response = client.get(reverse(route), {param: value}, headers=headers)
                    assert_inert(response, html=is_html)
    assert table_counts() == before
    # The free-text search finds the hostile sentence as plain text.
    found = client.get(reverse("api_events"), {"q": "DROP TABLE"})
    assert found.status_code == 200


GARBAGE = [
    ("start", "abc"), ("start", "2019-13-45"), ("start", "99999"), ("start", "-2019"), ("start", "0000"),
    ("end", "2019-02-30"), ("end", "1e9"), ("kind", "<script>"), ("kind", "summit\x00"), ("modality", "zzz"),
    ("actor", "-1"), ("actor", "abc"), ("actor", "1.5"), ("actor", "99999999999999999999999"), ("actor", "0x10"),
    ("topic", "../../etc"), ("topic", "%00"), ("q", "\x00"), ("q", "x" * 5000), ("q", "*:*"), ("q", "&|!()"),
    ("q", "'"), ("lane", "evil"), ("status", "approved' OR '1'='1"), ("page", "999999"), ("page", "-1"),
    ("page", "abc"), ("page", "1e999"), ("page", "99999999999999999999999"),
]


@pytest.mark.parametrize(("param", "value"), GARBAGE, ids=[f"{p}={v[:20]!r}" for p, v in GARBAGE])
def test_garbage_filter_values_give_400_or_empty(client, hostile_archive, param, value):
    """Nonsense in any filter is a 400 (saying what is wrong) or a normal page, on every listing."""
    for route, is_html in LISTING_ROUTES:
        response = client.get(reverse(route), {param: value})
        assert_inert(response, html=is_html)


def test_garbage_filters_in_bulk_with_repeated_and_unknown_params(client, hostile_archive):
    """Repeated single-value params, unknown params and huge query strings do not break the page."""
    query = "&".join(["actor=1", "actor=2", "start=2019", "start=abc", "unknown=1", "kind=summit"] * 20)
    for route, is_html in LISTING_ROUTES:
        assert_inert(client.get(f"{reverse(route)}?{query}"), html=is_html)


@pytest.mark.parametrize("pk", ["0", "99999999999999999999999"])
def test_absurd_ids_are_404(client, pk):
    """Out-of-range ids (bigger than any integer column) are a 404, not a database overflow 500."""
    for name in ("event_detail", "event_sources", "article_detail"):
        assert client.get(f"/{'articles' if name == 'article_detail' else 'events'}/{pk}/"
                          + ("sources/" if name == "event_sources" else "")).status_code == 404


def test_hostile_ingest_form_values_are_refused_or_stored_literally(staff_client):
    """Template and SQL strings typed into every form field are stored verbatim or refused, never executed."""
    data = {
        "text": f"On 12 June 2018, {TEMPLATE} met {SQL} in Singapore. {TAG}",
        "title": f"{TEMPLATE} {SQL}",
        "outlet": f"{TAG} {SCRIPT}",
        "url": "https://example.org/?q={{x}}",
        "published": "2019-01-24",
        "fmt": "text",
    }
    response = staff_client.post(reverse("ingest"), data)
    content = assert_inert(response, html=True)
    article = Article.objects.get()
    assert article.title == f"{TEMPLATE} {SQL}"
    assert article.outlet == f"{TAG} {SCRIPT}"
    assert TEMPLATE in article.body and SQL in article.body
    assert "{{ settings.SECRET_KEY }}" in content
    for field in ("title", "outlet", "url", "published", "fmt"):
        refused = staff_client.post(reverse("ingest"), {**data, field: f"{SQL}{TEMPLATE}"})
        assert_inert(refused, html=True)
    assert Article.objects.count() == 1

"""Pages: full page vs htmx fragment, filters in the query string, bad input, permissions, query counts."""

from __future__ import annotations

import datetime
import json
from html.parser import HTMLParser

import pytest
from django.test import Client

from timeline.models import Event
from tests.ui.factories import make_article, make_event

D = datetime.date
pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


class Tags(HTMLParser):
    """Collects start tags with their attributes, to check structure without string matching."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag, **attrs):
        return [a for t, a in self.tags if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def figure_of(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="timeline-figure" type="application/json">') + len(
        '<script id="timeline-figure" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def plotted_ids(figure: dict) -> set[int]:
    return {i for t in figure["data"] for i in (t.get("customdata") or []) if isinstance(i, int)}


def test_index_full_page_has_chart_list_filters_and_exports(client, hanoi):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Vary"] and "HX-Request" in response["Vary"]
    tags = Tags(response.content.decode())
    assert tags.find("form", method="get")
    assert tags.find("div", id="timeline-chart")
    # The list item is a real link (works without JS) that htmx turns into a drill-down.
    [link] = tags.find("a", href=f"/events/{hanoi.pk}/")[:1]
    assert link["hx-get"] == f"/events/{hanoi.pk}/sources/" and link["hx-target"] == "#drilldown"
    assert link["hx-push-url"] == f"/events/{hanoi.pk}/"
    hrefs = {a["href"] for a in tags.find("a") if "href" in a}
    assert {"/api/events.json", "/export/events.csv", "/export/events.ics", "/export/timelinejs.json"} <= hrefs
    assert plotted_ids(figure_of(response)) == {hanoi.pk}
    # No inline scripts: every executable script is a file from our static files.
    for attrs in tags.find("script"):
        assert attrs.get("src", "").startswith("/static/") or attrs.get("type") == "application/json"
    assert "cdn" not in response.content.decode().lower()


def test_htmx_request_gets_only_the_results_fragment(client, hanoi):
    response = client.get("/?kind=summit", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert "<html" not in html and "<form" not in html
    assert 'id="timeline-figure"' in html and "Second Trump-Kim summit" in html


def test_history_restore_gets_the_full_page(client, hanoi):
    response = client.get("/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()


def test_download_links_carry_the_filters(client, hanoi):
    response = client.get("/?kind=summit&q=Hanoi&start=2019")
    tags = Tags(response.content.decode())
    csv_links = [a["href"] for a in tags.find("a") if a.get("href", "").startswith("/export/events.csv")]
    assert csv_links == ["/export/events.csv?start=2019-01-01&kind=summit&q=Hanoi"]


def test_filters_change_the_plotted_events_and_the_list(client, db):
    summit = make_event(title="A summit", kind="summit")
    letter = make_event(title="A letter", kind="letter", earliest=D(2019, 1, 20))
    assert plotted_ids(figure_of(client.get("/"))) == {summit.pk, letter.pk}
    response = client.get("/?kind=letter", **HTMX)
    assert plotted_ids(figure_of(response)) == {letter.pk}
    assert "A letter" in response.content.decode() and "A summit" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "start=2019-13",          # no month 13
        "start=2019-02-30",       # no such day
        "start=yesterday",
        "end=2018&start=2019",    # reversed range
        "kind=banana",
        "modality=maybe",
        "actor=abc",
        "actor=999999",
        "topic=no-such-topic",
        "lane=colour",
        "q=" + "x" * 500,         # longer than any sensible search
        "q=nul%00byte",           # NUL would crash PostgreSQL
    ],
)
def test_garbage_filters_give_400_with_the_error_shown_never_500(client, hanoi, query):
    full = client.get("/?" + query)
    assert full.status_code == 400
    assert "could not be read" in full.content.decode()
    assert full.status_code == 400 and 'class="form-errors"' in full.content.decode()
    partial = client.get("/?" + query, **HTMX)
    assert partial.status_code == 400 and "could not be read" in partial.content.decode()
    window = client.get("/chart/window/?" + query)
    assert window.status_code == 400 and "errors" in window.json()


def test_anonymous_sees_approved_events_only(client, db):
    approved = make_event(title="Approved one")
    make_event(title="Candidate one", status="candidate")
    make_event(title="Rejected one", status="rejected")
    for query in ("", "?status=candidate&status=rejected"):
        response = client.get("/" + query)
        html = response.content.decode()
        assert "Approved one" in html and "Candidate one" not in html and "Rejected one" not in html
        assert plotted_ids(figure_of(response)) == {approved.pk}


@pytest.mark.parametrize("status", ["candidate", "rejected"])
def test_unapproved_event_pages_are_404_for_readers_and_open_for_staff(db, plain_user, staff_user, status):
    event = make_event(title="Not yet", status=status)
    anonymous, reader, staff = Client(), Client(), Client()
    reader.force_login(plain_user)
    staff.force_login(staff_user)
    for url in (f"/events/{event.pk}/", f"/events/{event.pk}/sources/"):
        assert anonymous.get(url).status_code == 404
        assert reader.get(url).status_code == 404
        assert staff.get(url).status_code == 200


def test_staff_can_list_candidates(staff_client):
    make_event(title="Candidate one", status="candidate")
    assert "Candidate one" in staff_client.get("/?status=candidate").content.decode()


def test_drilldown_fragment_lists_sources_oldest_first_with_the_expression_marked(client, hanoi):
    response = client.get(f"/events/{hanoi.pk}/sources/", **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    early = html.index("A second summit will be held in <mark>late February</mark>, the White House said.")
    late = html.index("The leaders met on <mark>February 27 and 28</mark> in Hanoi.")
    assert early < late  # "late February" (19 Jan) before the exact dates (1 Mar)
    for text in ("Second Trump-Kim summit", "February 27 and 28, 2019", "Hanoi", "Donald Trump", "Kim Jong-un",
                 "Wire A", "Wire B", "Second summit announced", "19 Jan 2019"):
        assert text in html
    article_ids = sorted(m.article_id for m in hanoi.mentions.all())
    for article_id in article_ids:
        assert f'href="/articles/{article_id}/"' in html


def test_event_page_is_a_full_page_without_htmx_and_a_fragment_with_it(client, hanoi):
    full = client.get(f"/events/{hanoi.pk}/?kind=summit")
    html = full.content.decode()
    # Shared links open the timeline (with the filters from the URL) and this event's sources.
    assert "<html" in html and "<mark>late February</mark>" in html and 'id="timeline-chart"' in html
    [summit_box] = [a for a in Tags(html).find("input", type="checkbox", name="kind") if a["value"] == "summit"]
    assert "checked" in summit_box
    assert "HX-Request" in full["Vary"]
    fragment = client.get(f"/events/{hanoi.pk}/", **HTMX)
    assert "<html" not in fragment.content.decode() and "<mark>late February</mark>" in fragment.content.decode()


def test_missing_event_and_article_are_404(client, db):
    assert client.get("/events/987654/").status_code == 404
    assert client.get("/events/987654/sources/").status_code == 404
    assert client.get("/articles/987654/").status_code == 404


def test_article_page_highlights_every_expression_and_links_it_to_its_event(client, hanoi):
    article = hanoi.mentions.order_by("article__published").first().article
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert f'<a href="/events/{hanoi.pk}/"' in html
    assert ">late February</a></mark>" in html
    assert "Second summit announced" in html


def test_hostile_text_is_escaped_on_every_page(client, db):
    hostile = "<img src=x onerror=alert(1)>"
    article = make_article(title=hostile, outlet=hostile, url="javascript:alert(1)",
                           body='<script>alert(1)</script> <a href="javascript:alert(2)">x</a>')
    event = make_event(title=hostile, label=hostile, place=hostile, actors=(hostile,),
                       mentions=[(article, f"{hostile} happened in late February.", "late February")])
    pages = [client.get("/"), client.get(f"/events/{event.pk}/"), client.get(f"/events/{event.pk}/sources/"),
             client.get(f"/articles/{article.pk}/"), client.get("/?lane=actor")]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "<img src=x" not in html and "<script>alert" not in html
        assert 'href="javascript:' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[0].content.decode()


def test_pagination_keeps_the_filters(client, db):
    Event.objects.bulk_create(
        [Event(title=f"E{i:03d}", kind="summit", earliest=D(2019, 1, 1), latest=D(2019, 1, 1), label="1 Jan 2019",
               status="approved") for i in range(130)]
    )
    html = client.get("/?kind=summit").content.decode()
    assert "1–100 of 130" in html
    assert 'href="?kind=summit&amp;page=2"' in html
    page2 = client.get("/?kind=summit&page=2").content.decode()
    # The chart shows every match; the list shows the second page only.
    assert '"event-link__title">E129<' in page2 and '"event-link__title">E000<' not in page2
    assert client.get("/?page=banana").status_code == 200  # a bad page number falls back to page 1


def test_chart_window_returns_events_for_a_zoomed_window(client, db):
    inside = make_event(title="Inside", earliest=D(2019, 2, 10))
    make_event(title="Outside", earliest=D(2018, 6, 1))
    response = client.get("/chart/window/?start=2019-02-01&end=2019-02-28")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    figure = response.json()
    assert plotted_ids(figure) == {inside.pk}
    assert figure["layout"]["xaxis"]["range"] == ["2019-02-01", "2019-02-28"]


def test_wide_window_with_many_events_is_aggregated(client, db, settings, monkeypatch):
    from timeline import selectors

    monkeypatch.setattr(selectors, "CHART_EVENT_LIMIT", 10)
    Event.objects.bulk_create(
        [Event(title=f"E{i}", kind="talks", earliest=D(2019, 1 + i % 12, 1), latest=D(2019, 1 + i % 12, 1),
               label="x", status="approved") for i in range(40)]
    )
    figure = figure_of(client.get("/"))
    assert figure["layout"]["meta"]["mode"] == "aggregate"
    assert sum(sum(t["y"]) for t in figure["data"]) == 40
    zoomed = client.get("/chart/window/?start=2019-03-01&end=2019-03-31").json()
    assert zoomed["layout"]["meta"]["mode"] == "events" and len(plotted_ids(zoomed)) == 4


@pytest.mark.parametrize("lane", ["kind", "actor"])
def test_index_query_count_is_the_same_for_5_and_50_events(client, django_assert_max_num_queries, lane):
    def build(n):
        art = make_article()
        for i in range(n):
            make_event(title=f"Event {i}", actors=("Kim Jong-un", f"Envoy {i}"), place="Hanoi",
                       mentions=[(art, f"Meeting {i} was in late February.", "late February")])

    build(5)
    with django_assert_max_num_queries(12) as small:
        assert client.get(f"/?lane={lane}").status_code == 200
    build(45)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(f"/?lane={lane}")
    assert response.content.decode().count('class="event-link"') == 50


def test_drilldown_query_count_is_fixed(client, django_assert_max_num_queries):
    articles = [make_article(published=D(2019, 1, i + 1)) for i in range(20)]
    event = make_event(actors=("A", "B"), topics=("T",),
                       mentions=[(a, "Talks were held in February.", "February") for a in articles])
    with django_assert_max_num_queries(5):
        response = client.get(f"/events/{event.pk}/sources/", **HTMX)
    assert response.content.decode().count("<mark>February</mark>") == 20


def test_article_page_query_count_is_fixed(client, django_assert_max_num_queries):
    article = make_article()
    for i in range(15):
        make_event(title=f"E{i}", mentions=[(article, f"Item {i} in March.", "March")])
    with django_assert_max_num_queries(3):
        html = client.get(f"/articles/{article.pk}/").content.decode()
    assert html.count("<mark") >= 15


def test_post_is_not_allowed(client, db):
    assert client.post("/").status_code == 405

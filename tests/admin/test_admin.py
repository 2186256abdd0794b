"""The curation admin as an editor sees it: lists, filters, search, highlighted sources, permissions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from timeline.models import Event, Mention

pytestmark = pytest.mark.django_db

EVENTS_URL = "/admin/timeline/event/"


def listed(response) -> set[int]:
    assert response.status_code == 200, response.status_code
    return {event.pk for event in response.context["cl"].result_list}


def test_event_list_shows_curation_columns_and_filters(staff_client, archive):
    """An editor sees label, title, kind, modality, status and source count, with every filter offered."""
    response = staff_client.get(EVENTS_URL)
    html = response.content.decode()
    assert listed(response) == {archive.singapore.pk, archive.second.pk}
    for header in ("Label", "Title", "Kind", "Modality", "Status", "Sources"):
        assert header in html
    assert '<a href="/ingest/">Ingest an article</a>' in html
    assert "late February 2019" in html and "Second Trump–Kim summit" in html
    # Filter sidebar: status, kind, modality, actor, topic and the custom year filter.
    for title in ("status", "kind", "modality", "actors", "topics", "year"):
        assert f'data-filter-title="{title}"' in html
    assert "?year=2018" in html and "?year=2019" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"status__exact": "approved"}, {"singapore"}),
        ({"status__exact": "candidate"}, {"second"}),
        ({"kind__exact": "summit"}, {"singapore", "second"}),
        ({"kind__exact": "letter"}, set()),
        ({"modality__exact": "scheduled"}, {"second"}),
        ({"actors": "kim"}, {"singapore"}),
        ({"actors": "trump"}, {"singapore", "second"}),
        ({"topics": "topic"}, {"singapore"}),
        ({"year": "2018"}, {"singapore"}),
        ({"year": "2019"}, {"second"}),
        # Regression guard: a hand-edited year must not 500 or silently show everything.
        ({"year": "nineteen"}, set()),
    ],
)
def test_event_list_filters(staff_client, archive, query, expected):
    params = dict(query)
    if "actors" in params:
        params = {"actors__id__exact": getattr(archive, params["actors"]).pk}
    if "topics" in params:
        params = {"topics__id__exact": archive.topic.pk}
    response = staff_client.get(EVENTS_URL, params)
    assert listed(response) == {getattr(archive, name).pk for name in expected}


@pytest.mark.parametrize(
    "q, expected",
    [
        ("Second Trump", {"second"}),  # title
        ("Singapore", {"singapore"}),  # only in the source sentence, not the title
        ("end of February", {"second"}),  # source text of the second mention
        ("summit", {"singapore", "second"}),  # two mentions of one event match: listed once
        ("Hanoi", set()),
    ],
)
def test_event_search_covers_titles_and_source_sentences(staff_client, archive, q, expected):
    response = staff_client.get(EVENTS_URL, {"q": q})
    result = response.context["cl"].result_list
    assert {e.pk for e in result} == {getattr(archive, name).pk for name in expected}
    assert len(result) == len(expected)  # no duplicate rows from the mentions join
    assert response.context["cl"].result_count == len(expected)


def test_event_page_shows_sources_highlighted_and_escaped(staff_client, archive):
    """Each source sentence is shown with its expression in <mark>, article text escaped, linked to the article."""
    response = staff_client.get(reverse("admin:timeline_event_change", args=[archive.second.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "said a second summit &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; would be held in <mark>late February</mark>." in html
    assert "Officials expect the meeting at <mark>the end of February</mark>." in html
    assert "<script>alert(" not in html
    assert "Kim &lt;b&gt;enjoys&lt;/b&gt; letter" in html and "<b>enjoys</b>" not in html
    assert f'href="/articles/{archive.article.pk}/"' in html
    assert f'href="/admin/timeline/article/{archive.article.pk}/change/"' in html
    # The mention from another event is not listed here.
    assert "<mark>last June</mark>" not in html


def test_event_sources_are_read_only(staff_client, archive):
    """Sources cannot be edited, added or deleted from the event page (mentions come from articles)."""
    html = staff_client.get(reverse("admin:timeline_event_change", args=[archive.second.pk])).content.decode()
    assert 'name="mentions-0-expression"' not in html
    assert 'name="mentions-0-DELETE"' not in html
    assert "Add another source" not in html


def inline_management(event: Event) -> dict:
    """The hidden inline fields a browser posts back with the event form."""
    data = {
        "mentions-TOTAL_FORMS": str(event.mentions.count()),
        "mentions-INITIAL_FORMS": str(event.mentions.count()),
        "mentions-MIN_NUM_FORMS": "0",
        "mentions-MAX_NUM_FORMS": "1000",
    }
    for i, mention in enumerate(event.mentions.order_by("article__published", "start")):
        data[f"mentions-{i}-id"] = str(mention.pk)
        data[f"mentions-{i}-event"] = str(event.pk)
    return data


def test_editor_can_correct_an_event_in_the_form(staff_client, archive):
    """Saving the change form keeps the mentions and stores the edited fields."""
    event = archive.second
    url = reverse("admin:timeline_event_change", args=[event.pk])
    form = {
        "title": "Hanoi summit",
        "summary": "",
        "kind": "summit",
        "modality": "scheduled",
        "status": "approved",
        "earliest": "2019-02-27",
        "latest": "2019-02-28",
        "precision": "day",
        "label": "27–28 February 2019",
        "place": "",
        "actors": [str(archive.trump.pk), str(archive.kim.pk)],
        "topics": [],
        **inline_management(event),
        "_save": "Save",
    }
    response = staff_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert (event.title, event.status, event.label) == ("Hanoi summit", "approved", "27–28 February 2019")
    assert event.mentions.count() == 2


def test_event_form_rejects_an_inverted_date_range(staff_client, archive):
    """earliest after latest is refused with a message instead of a database error."""
    event = archive.second
    url = reverse("admin:timeline_event_change", args=[event.pk])
    response = staff_client.post(
        url,
        {
            "title": event.title, "kind": "summit", "modality": "scheduled", "status": "candidate",
            "earliest": "2019-03-01", "latest": "2019-02-01", "precision": "day", "label": "x",
            **inline_management(event),
        },
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    event.refresh_from_db()
    assert event.earliest.isoformat() == "2019-02-19"


def test_article_list_counts_mentions_and_hash_is_read_only(staff_client, archive):
    response = staff_client.get("/admin/timeline/article/")
    assert response.status_code == 200
    rows = response.context["cl"].result_list
    assert [(a.pk, a._mention_count) for a in rows] == [(archive.article.pk, 3)]
    html = staff_client.get(reverse("admin:timeline_article_change", args=[archive.article.pk])).content.decode()
    assert "0" * 64 in html
    assert 'name="content_hash"' not in html and 'name="body"' not in html
    assert 'name="title"' in html


def test_article_search(staff_client, archive):
    assert listed(staff_client.get("/admin/timeline/article/", {"q": "Test Wire"})) == {archive.article.pk}
    assert listed(staff_client.get("/admin/timeline/article/", {"q": "nothing like it"})) == set()


@pytest.mark.parametrize(
    "url, q, shown",
    [
        ("/admin/timeline/actor/", "Chairman Kim", "Kim Jong-un"),  # alias search
        ("/admin/timeline/actor/", "Kim Jong-un", "Mr Kim"),  # aliases are listed
        ("/admin/timeline/topic/", "peninsula", "Test talks topic"),
        ("/admin/timeline/place/", "Singapore", "Singapore"),
    ],
)
def test_gazetteer_admins_show_and_search_aliases(staff_client, archive, url, q, shown):
    response = staff_client.get(url, {"q": q})
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1
    assert shown in response.content.decode()


ADMIN_PAGES = [
    EVENTS_URL,
    "/admin/timeline/article/",
    "/admin/timeline/actor/",
    "/admin/timeline/place/",
    "/admin/timeline/topic/",
    "/admin/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_anonymous_users_are_sent_to_login(client, archive, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_non_staff_users_are_sent_to_login(user_client, archive, url):
    response = user_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_candidate_event_page_hidden_from_anonymous(client, archive):
    response = client.get(reverse("admin:timeline_event_change", args=[archive.second.pk]))
    assert response.status_code == 302
    assert "Second Trump" not in response.content.decode()


@pytest.mark.parametrize("action", ["approve_events", "reject_events", "merge_events"])
def test_actions_do_nothing_for_non_staff(user_client, archive, action):
    """A logged-in reader posting an admin action gets the login page and changes nothing."""
    before = list(Event.objects.order_by("pk").values_list("pk", "status"))
    response = user_client.post(
        EVENTS_URL, {"action": action, "_selected_action": [archive.singapore.pk, archive.second.pk], "post": "yes"}
    )
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert list(Event.objects.order_by("pk").values_list("pk", "status")) == before


def test_event_list_queries_do_not_grow_with_the_page(staff_client, archive):
    """The changelist is a fixed number of queries however many events are on the page (no per-row lookups)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(EVENTS_URL).status_code == 200
        return len(ctx.captured_queries)

    count_queries()  # warm per-process caches (content types, site) before measuring
    few = count_queries()
    for i in range(20):
        Event.objects.create(
            title=f"Event {i}", kind="talks", earliest=archive.second.earliest, latest=archive.second.latest,
            label="late February 2019", place=archive.place, source_count=0,
        )
    assert count_queries() == few


def test_article_pages_queries_do_not_grow_with_mentions(staff_client, archive, make_mention):
    """The article change page lists its time expressions and their events without a query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:timeline_article_change", args=[archive.article.pk])

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    count_queries()  # warm per-process caches (content types, site) before measuring
    few = count_queries()
    sentence = "Officials expect the meeting at the end of February."
    Mention.objects.filter(expression="the end of February").delete()
    make_mention(archive.article, archive.singapore, "the end of February", sentence, timex_type="DATE", value="2019-02")
    make_mention(archive.article, archive.second, "February", sentence, timex_type="DATE", value="2019-02")
    assert count_queries() == few

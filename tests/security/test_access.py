"""Access control: staff-only ingestion/admin/unreviewed events, CSRF on every POST, throttled logins."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from timeline.models import Article, Event, Mention, Status

pytestmark = pytest.mark.django_db

SECRET = {Status.CANDIDATE: "Unreviewed candidate Zanzibar démarche", Status.REJECTED: "Rejected Ouagadougou rumour"}
PUBLIC = "Approved Singapore summit"


@pytest.fixture
def events_by_status() -> dict[str, Event]:
    """One article with one dated mention per event: approved, candidate and rejected."""
    sentences = [f"On 12 June 2018 the {title} took place." for title in [PUBLIC, *SECRET.values()]]
    body = "\n".join(sentences)
    article = Article.objects.create(
        title="Three events", outlet="Wire", published=datetime.date(2019, 1, 24), body=body, content_hash="0" * 64
    )
    out = {}
    offset = 0
    for status, title, sentence in zip([Status.APPROVED, *SECRET], [PUBLIC, *SECRET.values()], sentences):
        event = Event.objects.create(
            title=title, kind="summit", earliest=datetime.date(2018, 6, 12), latest=datetime.date(2018, 6, 12),
            label="12 June 2018", status=status, source_count=1,
        )
        Mention.objects.create(
            article=article, event=event, start=offset + 3, end=offset + 15, sentence_start=offset,
            sentence_end=offset + len(sentence), expression="12 June 2018", sentence=sentence, timex_type="DATE",
            value="2018-06-12", earliest=event.earliest, latest=event.latest, precision="day",
        )
        offset += len(sentence) + 1
        out[status] = event
    return out


@pytest.fixture(params=["anonymous", "non-staff"])
def reader(request, client, plain_user):
    """A client that must not get past staff-only doors: logged out, or logged in without is_staff."""
    if request.param == "non-staff":
        client.force_login(plain_user)
    return client


def body(response) -> str:
    """The decoded body of a normal or streaming response."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def is_refused(response) -> bool:
    """403, 404 (existence not revealed) or a redirect to the login page."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("path", ["/ingest/", "/admin/", "/admin/timeline/event/", "/admin/timeline/article/add/"])
def test_staff_only_pages_refuse_readers(reader, path, method):
    """Ingestion and the admin turn away anonymous and non-staff users, and write nothing."""
    response = getattr(reader, method)(path, {"text": "On 12 June 2018 they met.", "title": "x", "published": "2019-01-24"})
    assert is_refused(response), (response.status_code, path)
    assert Article.objects.count() == 0


@pytest.mark.parametrize("status", [Status.CANDIDATE, Status.REJECTED])
@pytest.mark.parametrize("route", ["event_detail", "event_sources"])
def test_unreviewed_event_pages_and_fragments_hidden_from_readers(reader, events_by_status, status, route):
    """Candidate and rejected events are invisible to readers, page or htmx fragment; staff can open them."""
    url = reverse(route, args=[events_by_status[status].pk])
    for headers in ({}, {"HX-Request": "true"}):
        response = reader.get(url, headers=headers)
        assert is_refused(response), (response.status_code, url, headers)
        assert SECRET[status] not in response.content.decode()
    # The approved event on the same article is visible: the refusal above is about status, not a broken view.
    assert reader.get(reverse(route, args=[events_by_status[Status.APPROVED].pk])).status_code == 200


def test_staff_can_open_unreviewed_events(staff_client, events_by_status):
    """Curators need to see what they review."""
    for status in SECRET:
        response = staff_client.get(reverse("event_detail", args=[events_by_status[status].pk]))
        assert response.status_code == 200
        assert SECRET[status] in response.content.decode()


LISTINGS = ["index", "chart_window", "api_events", "export_csv", "export_ics", "export_timelinejs"]
# Readers must not be able to widen the selection with the staff-only status filter.
SNEAKY_QUERIES = ["", "?status=candidate&status=rejected", "?status=candidate", "?q=Zanzibar", "?q=rumour&status=rejected"]


@pytest.mark.parametrize("query", SNEAKY_QUERIES)
@pytest.mark.parametrize("route", LISTINGS)
def test_listings_api_and_exports_show_readers_approved_events_only(reader, events_by_status, route, query):
    """The timeline, chart data, JSON API and every export leave unreviewed events out for readers."""
    response = reader.get(reverse(route) + query)
    assert response.status_code in (200, 400), response.status_code
    content = body(response)
    for title in SECRET.values():
        assert title not in content
        assert json.dumps(title)[1:-1] not in content  # JSON-escaped form (é -> \u00e9)


@pytest.mark.parametrize("route", ["api_events", "export_csv", "export_timelinejs"])
def test_exports_do_include_approved_events(client, events_by_status, route):
    """Positive control for the test above: the approved event does appear, so absence means filtering."""
    response = client.get(reverse(route))
    assert response.status_code == 200
    assert PUBLIC in body(response)


def test_article_page_hides_unreviewed_events_from_readers(reader, events_by_status):
    """An article page links only approved events for readers."""
    article = Article.objects.get()
    response = reader.get(reverse("article_detail", args=[article.pk]))
    if response.status_code == 200:
        for status, event in events_by_status.items():
            link = reverse("event_detail", args=[event.pk])
            assert (f'href="{link}"' in response.content.decode()) == (status == Status.APPROVED)
    else:
        assert is_refused(response)


# --- CSRF -----------------------------------------------------------------------------------------

HX_HEADERS = re.compile(r"<body[^>]*\shx-headers='([^']*)'")


@pytest.fixture
def csrf_staff_client(staff_user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    return client


def ingest_form() -> dict:
    return {
        "text": "On 12 June 2018, Kim Jong-un met Donald Trump in Singapore.",
        "title": "CSRF probe",
        "published": "2019-01-24",
        "outlet": "Wire",
        "url": "https://example.org/csrf-probe",
        "fmt": "text",
    }


def test_htmx_post_with_token_from_body_hx_headers_is_accepted(csrf_staff_client):
    """htmx sends the token from <body hx-headers>; a POST carrying it passes CSRF and ingests."""
    page = csrf_staff_client.get(reverse("ingest"))
    assert page.status_code == 200
    match = HX_HEADERS.search(page.content.decode())
    assert match, "<body> has no hx-headers with the CSRF token"
    token = json.loads(match.group(1))["X-CSRFToken"]
    response = csrf_staff_client.post(
        reverse("ingest"), ingest_form(), headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert response.status_code in (200, 201, 302)
    assert Article.objects.filter(title="CSRF probe").count() == 1


def test_htmx_post_without_token_is_forbidden(csrf_staff_client):
    """The same htmx POST without the header is refused with 403 and writes nothing."""
    csrf_staff_client.get(reverse("ingest"))  # has the CSRF cookie, only the token is missing
    response = csrf_staff_client.post(reverse("ingest"), ingest_form(), headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert Article.objects.count() == 0


def test_form_post_with_wrong_token_is_forbidden(csrf_staff_client):
    """A forged token (e.g. from another site's page) does not pass."""
    csrf_staff_client.get(reverse("ingest"))
    response = csrf_staff_client.post(reverse("ingest"), {**ingest_form(), "csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    assert Article.objects.count() == 0


def test_form_post_with_token_from_the_form_is_accepted(csrf_staff_client):
    """The plain (no-JavaScript) form carries its own token and works."""
    page = csrf_staff_client.get(reverse("ingest")).content.decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, "the ingest form has no csrf_token"
    response = csrf_staff_client.post(reverse("ingest"), {**ingest_form(), "csrfmiddlewaretoken": match.group(1)})
    assert response.status_code in (200, 201, 302)
    assert Article.objects.filter(title="CSRF probe").count() == 1


def all_post_targets(event: Event, article: Article) -> list[str]:
    """Every route of ours, read from the URLconf so a new route is covered too, and the admin's forms."""
    from django.urls import URLPattern, get_resolver

    ours = []
    for pattern in get_resolver().url_patterns:
        if not isinstance(pattern, URLPattern):
            continue  # the admin include, listed below
        kwargs = {"pk": article.pk if "article" in pattern.name else event.pk} if pattern.pattern.converters else {}
        ours.append(reverse(pattern.name, kwargs=kwargs))
    assert reverse("ingest") in ours and len(ours) >= 10
    admin = [
        reverse("admin:login"), reverse("admin:logout"), reverse("admin:timeline_event_changelist"),
        reverse("admin:timeline_event_change", args=[event.pk]), reverse("admin:timeline_event_delete", args=[event.pk]),
        reverse("admin:timeline_article_add"), reverse("admin:password_change"),
    ]
    return ours + admin


def test_every_post_without_csrf_token_is_forbidden(csrf_staff_client, events_by_status):
    """No view is csrf_exempt: a cross-site POST to any URL, staff session or not, gets 403."""
    event = events_by_status[Status.CANDIDATE]
    article = Article.objects.get()
    csrf_staff_client.get(reverse("ingest"))
    for url in all_post_targets(event, article):
        for headers in ({}, {"HX-Request": "true"}):
            response = csrf_staff_client.post(
                url, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes", "status": "approved"},
                headers=headers,
            )
            assert response.status_code == 403, (url, headers, response.status_code)
    assert Event.objects.get(pk=event.pk).status == Status.CANDIDATE
    assert Event.objects.count() == 3


# --- Login throttling ----------------------------------------------------------------------------

def admin_login(client: Client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )


def test_login_locked_after_five_wrong_passwords(staff_user, settings):
    """Brute force stops: after 5 failures even the right password is refused (429) for that user and IP."""
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "editor", f"guess-{attempt}").status_code == 200  # form again, with an error
    assert admin_login(client, "editor", "guess-last").status_code == 429
    locked = admin_login(client, "editor", "editor-pass-123")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not locked out by this attacker, so an editor elsewhere can still work.
    elsewhere = admin_login(Client(), "editor", "editor-pass-123", ip="198.51.100.20")
    assert elsewhere.status_code == 302


def test_successful_login_resets_the_failure_count(staff_user, settings):
    """A few typos followed by the right password do not count towards a later lockout."""
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        admin_login(client, "editor", f"typo-{attempt}")
    assert admin_login(client, "editor", "editor-pass-123").status_code == 302
    client.logout()
    assert admin_login(client, "editor", "typo-again").status_code == 200


def test_programmatic_login_still_works(client, staff_user):
    """Client.login() (no request object) goes through: throttling applies to HTTP logins only."""
    assert client.login(username="editor", password="editor-pass-123")
    assert not Client().login(username="editor", password="wrong")

"""The staff ingestion page: permissions, field errors with nothing written, paste and upload, htmx."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from timeline.models import Article, Event

pytestmark = pytest.mark.django_db

URL = reverse("ingest")


def form_data(**overrides):
    data = {
        "text": "", "title": "Kim letter", "outlet": "The Independent", "url": "https://example.org/kim-letter",
        "published": "2019-01-24", "fmt": "auto",
    }
    data.update(overrides)
    return data


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "next=/ingest/" in response["Location"]
    response = client.post(URL, form_data(text="Mr Kim met Mr Trump on Monday."))
    assert response.status_code == 302
    assert Article.objects.count() == 0


def test_logged_in_non_staff_get_403(user_client):
    assert user_client.get(URL).status_code == 403
    assert user_client.post(URL, form_data(text="Mr Kim met Mr Trump on Monday.")).status_code == 403
    assert Article.objects.count() == 0


def test_staff_see_the_form(staff_client):
    response = staff_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("text", "file", "title", "outlet", "url", "published"):
        assert f'name="{name}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert response.templates[0].name == "timeline/ingest.html"


def test_pasted_seed_shows_the_events_found(gazetteer, staff_client, seed_text):
    response = staff_client.post(URL, form_data(text=seed_text))
    assert response.status_code == 200
    html = response.content.decode()
    article = Article.objects.get()
    assert f"Ingested article {article.pk}" in html
    assert "Second Trump–Kim summit" in html and "late February 2019" in html
    assert "Trump–Kim summit in Singapore" in html and "June 2018" in html
    for event in Event.objects.all():
        assert reverse("event_detail", args=[event.pk]) in html
    # Submitting again is a visible no-op.
    again = staff_client.post(URL, form_data(text=seed_text)).content.decode()
    assert f"Already ingested as article {article.pk} — nothing changed." in again
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    "overrides, field_error",
    [
        ({"text": ""}, "Paste the article text or upload a file."),
        ({"text": "   "}, "Paste the article text or upload a file."),
        ({"text": "Mr Kim met Mr Trump.", "title": ""}, "This field is required."),
        ({"text": "Mr Kim met Mr Trump.", "url": ""}, "This field is required."),
        ({"text": "Mr Kim met Mr Trump.", "outlet": ""}, "This field is required."),
        ({"text": "Mr Kim met Mr Trump.", "published": ""}, "This field is required."),
        ({"text": "Mr Kim met Mr Trump.", "published": "24/01/2019"}, "Enter the publication date as YYYY-MM-DD."),
        ({"text": "Mr Kim met Mr Trump.", "published": "2019-02-30"}, "Enter the publication date as YYYY-MM-DD."),
        ({"text": "Mr Kim met Mr Trump.", "published": "2999-01-01"}, "is in the future"),
        ({"text": "Mr Kim met Mr Trump.", "url": "not a url at all"}, "Enter a valid URL."),
        ({"text": "Your support makes all the difference.\nComments"}, "No article text is left"),
    ],
)
def test_errors_are_shown_next_to_their_field_and_nothing_is_written(staff_client, overrides, field_error):
    response = staff_client.post(URL, form_data(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The article was not ingested; nothing was saved." in html
    assert field_error in html
    assert Article.objects.count() == 0 and Event.objects.count() == 0


def test_user_input_is_escaped_when_redisplayed(staff_client):
    response = staff_client.post(URL, form_data(text="<script>alert(1)</script>", title="<b>t</b>", url=""))
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_upload_of_a_markdown_file(gazetteer, staff_client):
    upload = SimpleUploadedFile(
        "brief.md", "## Summit\n\nDonald Trump and **Kim Jong-un** met in *Singapore* on 12 June 2018.\n".encode(),
        content_type="text/markdown",
    )
    response = staff_client.post(URL, {**form_data(), "file": upload})
    assert response.status_code == 200, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.source_format == "markdown"
    assert article.body == "Donald Trump and Kim Jong-un met in Singapore on 12 June 2018."
    assert "Trump–Kim summit in Singapore" in response.content.decode()


@pytest.mark.parametrize(
    "name, content, error",
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n", "Upload a .txt, .md or .html file."),
        ("notes.txt", b"\x00\x01\x02binary", "binary or is not UTF-8"),
        ("latin1.txt", "Caf\u00e9 talks on Monday.".encode("latin-1"), "binary or is not UTF-8"),
    ],
)
def test_bad_uploads_are_refused(staff_client, name, content, error):
    response = staff_client.post(URL, {**form_data(), "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Article.objects.count() == 0


def test_upload_over_the_size_limit_is_refused(staff_client, settings):
    settings.TIMELINE_MAX_UPLOAD_BYTES = 100
    response = staff_client.post(URL, {**form_data(), "file": SimpleUploadedFile("big.txt", b"a " * 200)})
    assert response.status_code == 400
    assert "The file is too large (400 bytes); the limit is 100 bytes." in response.content.decode()
    assert Article.objects.count() == 0


def test_text_and_file_together_are_ambiguous(staff_client):
    response = staff_client.post(
        URL, {**form_data(text="Mr Kim met Mr Trump."), "file": SimpleUploadedFile("a.txt", b"Other text.")}
    )
    assert response.status_code == 400
    assert "Paste text or upload a file, not both." in response.content.decode()


def test_htmx_post_returns_only_the_panel(gazetteer, staff_client):
    response = staff_client.post(URL, form_data(text="Mr Kim met Mr Trump in Hanoi on 27 February 2019."),
                                 headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<form" in html
    assert "Trump–Kim summit in Hanoi" in html
    assert "HX-Request" in response["Vary"]
    # Errors come back as 200 so htmx swaps them in.
    response = staff_client.post(URL, form_data(text=""), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Paste the article text or upload a file." in response.content.decode()

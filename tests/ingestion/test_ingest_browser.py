"""The ingest page in Chromium: a staff editor pastes an article, htmx swaps in the events found."""

from __future__ import annotations

import pytest

from timeline.ingestion.gazetteer_seed import seed_gazetteer
from timeline.models import Actor, Article, Place, Topic

# serialized_rollback keeps the data migration's gazetteer rows for later tests on this worker.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def editor(django_user_model):
    seed_gazetteer(Actor, Place, Topic)
    return django_user_model.objects.create_user(username="browser-editor", password="browser-pass-123",
                                                 is_staff=True)


def test_paste_and_ingest_without_a_page_reload(browser, live_server, editor, seed_text):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{live_server.url}/ingest/")
    # Anonymous: the admin login, then back to the form.
    page.fill("#id_username", "browser-editor")
    page.fill("#id_password", "browser-pass-123")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/ingest/")

    page.fill("#id_text", seed_text)
    page.fill("#id_title", "Kim Jong-un enjoys 'great' Trump letter")
    page.fill("#id_outlet", "The Independent")
    page.fill("#id_url", "https://example.org/kim-letter")
    page.fill("#id_published", "2019-01-24")
    # A marker on the window proves the page was not reloaded: htmx swapped the panel in place.
    page.evaluate("window.__stayed = true")
    page.click("button[type=submit]")
    page.wait_for_selector(".ingest-result")

    assert page.evaluate("window.__stayed") is True
    result = page.inner_text(".ingest-result")
    assert "Article ingested" in result
    assert "Second Trump–Kim summit" in result and "late February 2019" in result
    assert "Trump–Kim summit in Singapore" in result
    assert Article.objects.count() == 1
    # A server-side error comes back in the same panel (htmx swaps 200s only), and nothing more is written.
    page.fill("#id_text", "Mr Kim met Mr Trump on Monday.")
    page.fill("#id_title", "Short brief")
    page.fill("#id_outlet", "Desk")
    page.fill("#id_url", "https://example.org/brief")
    page.fill("#id_published", "2999-01-01")
    page.click("button[type=submit]")
    page.wait_for_selector(".form-errors")
    assert "nothing was saved" in page.inner_text(".form-errors")
    assert "is in the future" in page.inner_text(".ingest-form")
    assert Article.objects.count() == 1
    assert errors == []
    page.close()

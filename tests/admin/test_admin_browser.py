"""The demo's curation path in Chromium: log in with demo_admin's account, read a source, merge two events."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from timeline.models import Event

# serialized_rollback: the flush after each live-server test would otherwise drop the gazetteer rows the
# data migration seeded, which later tests on this worker rely on.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "browser-demo-pass-2718"


@pytest.fixture
def demo(monkeypatch):
    """What `make demo` sets up: the demo archive and the printed demo admin account."""
    call_command("loaddata", "demo", verbosity=0)
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", PASSWORD)
    # The live server runs with DEBUG off, which the command guards against; --force is the escape hatch.
    call_command("demo_admin", force=True, stdout=io.StringIO())


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(f"{live_server.url}/admin/login/?next=/admin/timeline/event/")
    page.fill("#id_username", "demo")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/timeline/event/")
    yield page
    context.close()


def test_editor_reads_a_highlighted_source(page, live_server):
    """From the list, search "Singapore", open the summit: its sources show the time expression marked."""
    summit = Event.objects.filter(place__name="Singapore", kind="summit").order_by("-source_count").first()
    assert summit is not None and summit.source_count >= 3  # the demo merges many articles' mentions of it
    page.fill("#searchbar", "Singapore")
    page.press("#searchbar", "Enter")
    page.wait_for_url("**?q=*")
    page.locator(f"#result_list a[href*='/admin/timeline/event/{summit.pk}/change/']").first.click()
    page.wait_for_url("**/change/**")
    page.wait_for_selector(".inline-group mark")
    marks = page.locator(".inline-group mark")
    assert marks.count() == summit.source_count
    assert set(marks.all_inner_texts()) == set(summit.mentions.values_list("expression", flat=True))
    article_link = page.locator(".inline-group a[href^='/articles/']").first
    assert article_link.is_visible()
    assert not page.errors, page.errors


def test_editor_merges_two_events_with_the_action(page, live_server):
    """Tick two events, run "merge", confirm: one event with both sources remains."""
    first, second = Event.objects.filter(status="approved", source_count=1).order_by("pk")[:2]
    Event.objects.filter(pk__in=[first.pk, second.pk]).update(title="Merge me in the browser")
    page.fill("#searchbar", "Merge me in the browser")
    page.press("#searchbar", "Enter")
    page.wait_for_url("**?q=*")
    assert page.locator("#result_list tbody tr").count() == 2
    page.check("#action-toggle")  # admin's actions.js ticks every row: it must run under our CSP
    page.select_option("select[name=action]", "merge_events")
    page.click("button[name=index], input[name=index], .actions button[type=submit]")
    page.wait_for_selector("#merge-events")
    assert page.locator("#merge-events tbody tr").count() == 2
    page.click("input[type=submit][value='Yes, merge them']")
    page.wait_for_selector(".messagelist .success")
    assert "Merged 2 events" in page.locator(".messagelist").inner_text()
    merged = Event.objects.get(title="Merge me in the browser")
    assert merged.pk == first.pk  # the oldest event survives
    assert merged.source_count == merged.mentions.count() == 2
    assert not Event.objects.filter(pk=second.pk).exists()
    assert not page.errors, page.errors

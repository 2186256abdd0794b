"""Admin actions change the archive the way an editor expects: approve, reject, merge, re-extract."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages

from timeline import services
from timeline.models import Article, Event, Mention

pytestmark = pytest.mark.django_db

EVENTS_URL = "/admin/timeline/event/"
ARTICLES_URL = "/admin/timeline/article/"


def run_action(client, url: str, action: str, objects, **extra):
    return client.post(url, {"action": action, "_selected_action": [o.pk for o in objects], **extra})


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def singapore_by_day(archive, make_mention):
    """A second article dating the Singapore summit to the day: an event the June-2018 one should merge with."""
    body = "Mr Trump and Mr Kim met in Singapore on 12 June 2018."
    article = Article.objects.create(
        title="Singapore brief", outlet="Test Wire", published=datetime.date(2019, 2, 1), body=body, content_hash="1" * 64
    )
    event = Event.objects.create(
        title="Trump–Kim summit in Singapore",
        kind="summit",
        modality="occurred",
        earliest=datetime.date(2018, 6, 12),
        latest=datetime.date(2018, 6, 12),
        precision="day",
        label="12 June 2018",
        place=archive.place,
        source_count=1,
    )
    event.actors.set([archive.kim, archive.trump])
    make_mention(
        article, event, "12 June 2018", body, timex_type="DATE", value="2018-06-12",
        earliest=datetime.date(2018, 6, 12), latest=datetime.date(2018, 6, 12), precision="day",
    )
    return event


@pytest.mark.parametrize("action, status", [("approve_events", "approved"), ("reject_events", "rejected")])
def test_approve_and_reject_set_the_status_of_the_selected_events_only(staff_client, archive, singapore_by_day, action, status):
    response = run_action(staff_client, EVENTS_URL, action, [archive.second, singapore_by_day])
    assert response.status_code == 302
    archive.second.refresh_from_db()
    singapore_by_day.refresh_from_db()
    archive.singapore.refresh_from_db()
    assert (archive.second.status, singapore_by_day.status) == (status, status)
    assert archive.singapore.status == "approved"  # not selected: untouched
    verb = "Approved" if status == "approved" else "Rejected"
    assert f"{verb} 2 events." in messages_of(response)


def test_approved_event_becomes_public_and_rejected_disappears(staff_client, archive):
    """What the editor decides is what the public export shows."""
    run_action(staff_client, EVENTS_URL, "approve_events", [archive.second])
    assert Event.objects.filter(status="approved").count() == 2
    run_action(staff_client, EVENTS_URL, "reject_events", [archive.singapore, archive.second])
    assert not Event.objects.filter(status="approved").exists()


def test_merge_asks_for_confirmation_first(staff_client, archive, singapore_by_day):
    """Merging cannot be undone, so the first post only shows what would be merged."""
    response = run_action(staff_client, EVENTS_URL, "merge_events", [archive.singapore, singapore_by_day])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Merge events?" in html and "First Trump–Kim meeting" in html and "Trump–Kim summit in Singapore" in html
    assert 'name="post" value="yes"' in html
    # The page says which event survives: the oldest one.
    assert "keeps the title, kind and summary of <strong>First Trump–Kim meeting</strong>" in html
    assert Event.objects.filter(pk__in=[archive.singapore.pk, singapore_by_day.pk]).count() == 2


def test_merge_keeps_every_source_and_narrows_the_dates(staff_client, archive, singapore_by_day):
    """"Last June" (a month) and "12 June 2018" (a day) become one event dated 12 June 2018 with both sources."""
    sources = set(archive.singapore.mentions.values_list("pk", flat=True)) | set(
        singapore_by_day.mentions.values_list("pk", flat=True)
    )
    events_before = Event.objects.count()
    response = run_action(
        staff_client, EVENTS_URL, "merge_events", [archive.singapore, singapore_by_day], post="yes"
    )
    assert response.status_code == 302
    merged_ids = set(Mention.objects.filter(pk__in=sources).values_list("event_id", flat=True))
    assert len(merged_ids) == 1, "all sources end up on one event"
    merged = Event.objects.get(pk=merged_ids.pop())
    assert set(merged.mentions.values_list("pk", flat=True)) == sources
    assert merged.source_count == 2
    assert (merged.earliest, merged.latest) == (datetime.date(2018, 6, 12), datetime.date(2018, 6, 12))
    assert merged.precision == "day"
    assert "12 June 2018" in merged.label
    assert Event.objects.count() == events_before - 1
    assert any(m.startswith("Merged 2 events into") for m in messages_of(response))


def test_merge_needs_two_events(staff_client, archive):
    before = list(Event.objects.order_by("pk").values_list("pk", "earliest", "latest", "source_count"))
    response = run_action(staff_client, EVENTS_URL, "merge_events", [archive.second], post="yes")
    assert response.status_code == 302
    assert "Select at least two events to merge." in messages_of(response)
    assert list(Event.objects.order_by("pk").values_list("pk", "earliest", "latest", "source_count")) == before


SEED_LIKE = (
    "The White House said last week a second summit between the two leaders would be held in late February. "
    "Progress has been patchy since their first landmark summit in Singapore last June."
)


def test_reextract_rebuilds_an_articles_mentions(staff_client):
    """After the tagger changes, re-extract brings an article's mentions back in line with the text."""
    result = services.article_ingest(
        text=SEED_LIKE, published=datetime.date(2019, 1, 24), title="Second summit", outlet="Test Wire"
    )
    article = result.article
    expected = sorted(article.mentions.values_list("start", "end", "value"))
    assert expected, "the tagger finds the expressions in the text"
    # Simulate extraction by an older tagger: one value wrong, one mention lost.
    first, *rest = list(article.mentions.order_by("start"))
    first.value = "XXXX-XX"
    first.save()
    if rest:
        rest[-1].delete()
    response = run_action(staff_client, ARTICLES_URL, "reextract_articles", [article])
    assert response.status_code == 302
    assert sorted(article.mentions.values_list("start", "end", "value")) == expected
    assert any(m.startswith("Re-extracted 1 article:") for m in messages_of(response))


def test_reextract_is_refused_to_non_staff(user_client):
    result = services.article_ingest(
        text=SEED_LIKE, published=datetime.date(2019, 1, 24), title="Second summit", outlet="Test Wire"
    )
    Mention.objects.filter(article=result.article).delete()
    response = run_action(user_client, ARTICLES_URL, "reextract_articles", [result.article])
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not Mention.objects.filter(article=result.article).exists()


@pytest.fixture
def shared_event(archive, singapore_by_day):
    """The June-2018 and 12-June events merged, so one event is backed by both articles."""
    return services.events_merge(events=[archive.singapore, singapore_by_day])


@pytest.mark.parametrize("how", ["delete page", "bulk action"])
def test_deleting_an_article_recounts_its_events_and_drops_unsourced_ones(staff_client, archive, shared_event, how):
    """Events keep only the sources that still exist; an event whose every source is gone is deleted too."""
    assert shared_event.source_count == 2
    if how == "delete page":
        url = f"/admin/timeline/article/{archive.article.pk}/delete/"
        response = staff_client.post(url, {"post": "yes"})
    else:
        response = run_action(staff_client, ARTICLES_URL, "delete_selected", [archive.article], post="yes")
    assert response.status_code == 302
    assert not Article.objects.filter(pk=archive.article.pk).exists()
    shared_event.refresh_from_db()
    # Only the 12 June 2018 brief is left behind the Singapore event.
    assert shared_event.source_count == shared_event.mentions.count() == 1
    assert (shared_event.earliest, shared_event.label) == (datetime.date(2018, 6, 12), "12 June 2018")
    # "Late February" had its only sources in the deleted article.
    assert not Event.objects.filter(pk=archive.second.pk).exists()
    assert any("left without sources" in m for m in messages_of(response))


def test_view_only_staff_cannot_run_curation_actions(client, django_user_model, archive):
    """A staff member allowed only to view events sees them but cannot approve, reject or merge."""
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user(username="viewer", password="viewer-pass-123", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(viewer)
    page = client.get(EVENTS_URL)
    assert page.status_code == 200
    assert "approve_events" not in page.content.decode()
    for action in ("approve_events", "reject_events", "merge_events"):
        client.post(EVENTS_URL, {"action": action, "_selected_action": [archive.singapore.pk, archive.second.pk], "post": "yes"})
    assert sorted(Event.objects.values_list("status", flat=True)) == ["approved", "candidate"]
    assert Event.objects.count() == 2
